/// @file
/// The circuit elements libeis knows (METHODS.md §1.1): their kinds, parameter names, units,
/// default bounds and meanings (impedance.py conventions), and the impedance Z(ω) with its
/// analytic derivatives ∂Z/∂p of a single element at a single angular frequency.
/// Z = Z' + jZ'' with capacitive Z'' < 0 (time dependence e^{jωt}, METHODS.md §0).
#pragma once

#include <complex>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace eis {

using Complex = std::complex<double>;

/// Every element type. Formulas (ω in rad/s, s = jω), METHODS.md §1.1:
/// - resistor R:            Z = R
/// - capacitor C:           Z = 1/(jωC)
/// - inductor L:            Z = jωL
/// - cpe (Q, n):            Z = 1/(Q (jω)^n)
/// - warburg W (σ_W):       Z = σ_W (1 − j)/√ω   (semi-infinite)
/// - warburg_short Ws (Z0, τ): Z = Z0 tanh(√(jωτ))/√(jωτ)   (finite length, transmissive)
/// - warburg_open Wo (Z0, τ):  Z = Z0 coth(√(jωτ))/√(jωτ)   (finite space, reflective)
/// - gerischer G (R_G, t_G):   Z = R_G/√(1 + jω t_G)
/// - zarc (R, τ, n):        Z = R/(1 + (jωτ)^n)   (= R ∥ CPE with τ = (RQ)^(1/n))
/// - havriliak_negami (R, τ, α, β): Z = R/(1 + (jωτ)^α)^β
enum class ElementKind {
  resistor,
  capacitor,
  inductor,
  cpe,
  warburg,
  warburg_short,
  warburg_open,
  gerischer,
  zarc,
  havriliak_negami
};

/// Number of ElementKind values (for iterating over all kinds).
inline constexpr std::size_t element_kind_count = 10;

/// How a parameter is best fitted (METHODS.md §3.4).
enum class ParameterScale {
  log,    ///< strictly positive, spans decades: fit in ln p
  linear  ///< bounded on both sides (an exponent n, α, β in [0, 1]): fit in p
};

/// One parameter of an element.
struct ParameterSpec {
  std::string_view suffix_name;  ///< symbol in the element: "R", "Q", "n", "Z0", "tau", ...
  std::string_view unit;         ///< ASCII unit: "ohm", "F", "H", "S s^n", "s", "1", ...
  double lower;                  ///< default lower bound (impedance.py: 0 for every parameter)
  double upper;                  ///< default upper bound (+inf, or 1 for exponents)
  ParameterScale scale;          ///< log for positive quantities, linear for exponents
  std::string_view meaning;      ///< one phrase, e.g. "CPE coefficient Q (S s^n)"
};

/// Static description of an element kind.
struct ElementInfo {
  ElementKind kind;
  std::string_view impedance_py_name;  ///< "R","C","L","CPE","W","Ws","Wo","G","Zarc","Ha"
  char cdc_letter;            ///< Boukamp letter 'R','C','L','Q','W','T','O','G'; 0 if none
  std::string_view cdc_name;  ///< name in CDC text: the letter, or "Zarc"/"Ha" (pyimpspec)
  std::span<const ParameterSpec> parameters;  ///< in impedance.py order
  std::string_view description;               ///< e.g. "constant-phase element"
  std::string_view formula;                   ///< e.g. "Z = 1/(Q (j w)^n)"
};

/// Description of `kind`. Thread-safety: returns a reference to immutable static data.
[[nodiscard]] const ElementInfo& element_info(ElementKind kind) noexcept;

/// Lower-case identifier of a kind ("resistor", "warburg_open", ...).
[[nodiscard]] std::string_view to_string(ElementKind kind) noexcept;

/// The kind whose impedance.py name is `name` ("R", "CPE", "Wo", "Zarc", "Ha"; "HN" is accepted
/// as an alias of "Ha"), or nullopt.
[[nodiscard]] std::optional<ElementKind> element_kind_from_impedance_py_name(
    std::string_view name) noexcept;

/// The kind whose CDC name is `name` (single letters R C L Q W T O G, and the pyimpspec names
/// "Ws", "Wo", "Zarc", "Ha"), or nullopt.
[[nodiscard]] std::optional<ElementKind> element_kind_from_cdc_name(std::string_view name) noexcept;

/// Impedance of one element at angular frequency `omega_rad_s` (rad/s) and, when `dz_dp` is not
/// empty, its analytic derivatives ∂Z/∂p_k (same order as element_info(kind).parameters).
/// Numerically robust over ω 1e-6..1e9 rad/s, τ 1e-12..1e6 s, R 1e-3..1e12 Ω, C and Q
/// 1e-15..1, L 1e-9..1 H, exponents 0.01..1 (METHODS.md §1.3).
/// Preconditions: params.size() == element_info(kind).parameters.size(), dz_dp empty or of that
/// size; otherwise NaN is returned.
/// Thread-safety: reentrant.
[[nodiscard]] Complex element_impedance(ElementKind kind,
                                        double omega_rad_s,
                                        std::span<const double> params,
                                        std::span<Complex> dz_dp = {}) noexcept;

}  // namespace eis
