/// @file
/// Spectrum (owning) and SpectrumView (non-owning): frequencies in Hz and complex impedance in Ω
/// with Z = Z' + jZ'' and capacitive Z'' < 0 (time dependence e^{jωt}, METHODS.md §0), plus the
/// derived views users ask for: admittance, modulus, complex capacitance, sign check.
#pragma once

#include <complex>
#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace eis {

using Complex = std::complex<double>;

/// What an instrument file says about a spectrum, where it says it. Every field is optional.
struct SpectrumMetadata {
  std::optional<double> temperature_k;       ///< sample temperature
  std::optional<double> dc_potential_v;      ///< DC bias
  std::optional<double> ac_amplitude_v;      ///< AC amplitude (rms where the file says so)
  std::optional<int> cycle;                  ///< loop/cycle index as the file numbers it
  std::optional<double> area_cm2;            ///< electrode area, where the file stores one
  std::string instrument;                    ///< e.g. "SP-300", "REF3000"
  std::string technique;                     ///< e.g. "PEIS", "GEIS", "EISPOT"
  std::string start_time;                    ///< as written in the file (ISO 8601 when known)
  std::vector<std::string> column_names;     ///< original column names of the data table
  std::map<std::string, std::string> extra;  ///< further key/value pairs the reader found
};

/// Non-owning view of a spectrum, the input type of every analysis. Invariant expected by
/// analyses (checked by validate_spectrum): equal sizes, frequencies finite and > 0, impedance
/// finite. Frequencies may be in any order.
/// Thread-safety: a view is safe to share as long as the viewed data outlives it unchanged.
struct SpectrumView {
  std::span<const double> frequency_hz;
  std::span<const Complex> impedance_ohm;
  [[nodiscard]] std::size_t size() const noexcept { return frequency_hz.size(); }
};

/// A measured or simulated impedance spectrum with its metadata and reader warnings.
/// Thread-safety: a value type; const access from several threads is safe.
struct Spectrum {
  std::vector<double> frequency_hz;
  std::vector<Complex> impedance_ohm;
  std::vector<double> time_s;  ///< per-point time stamps where the file has them, else empty
  SpectrumMetadata metadata;
  std::vector<std::string> warnings;  ///< usable oddities found when reading (never silent)

  [[nodiscard]] std::size_t size() const noexcept { return frequency_hz.size(); }
  [[nodiscard]] SpectrumView view() const noexcept { return {frequency_hz, impedance_ohm}; }
  // NOLINTNEXTLINE(google-explicit-constructor): converts like std::string to string_view.
  operator SpectrumView() const noexcept { return view(); }
};

/// Checks the SpectrumView invariant.
/// @throws eis::InvalidArgument naming the first offending index and value: sizes differ, a
///         frequency is ≤ 0 or not finite, an impedance is not finite, or fewer than
///         `min_points` points.
void validate_spectrum(SpectrumView spectrum, std::size_t min_points = 1);

/// Angular frequencies ω = 2πf (rad/s).
[[nodiscard]] std::vector<double> angular_frequencies(std::span<const double> frequency_hz);

/// Admittance Y = 1/Z in S.
[[nodiscard]] std::vector<Complex> admittance(SpectrumView spectrum);

/// Complex capacitance C* = 1/(jωZ) in F (METHODS.md §0).
[[nodiscard]] std::vector<Complex> complex_capacitance(SpectrumView spectrum);

/// Electric modulus M* = jωC₀Z with C₀ = ε₀A/L the empty-cell capacitance in F
/// (Hodge, Ingram & West 1976; METHODS.md §0). Dimensionless.
[[nodiscard]] std::vector<Complex> modulus(SpectrumView spectrum, double empty_cell_capacitance_f);

/// Complex relative permittivity ε* = 1/M* = 1/(jωC₀Z).
[[nodiscard]] std::vector<Complex> permittivity(SpectrumView spectrum,
                                                double empty_cell_capacitance_f);

/// Result of check_sign_convention().
struct SignCheck {
  std::size_t positive_imaginary = 0;  ///< points with Z'' > 0 (inductive or flipped sign)
  std::size_t negative_imaginary = 0;  ///< points with Z'' < 0 (capacitive)
  bool suspicious = false;             ///< most points have Z'' > 0: the file may store −Z''
  std::string message;                 ///< empty when not suspicious
};

/// Flags a spectrum whose imaginary parts are mostly positive (METHODS.md §0 "ingest check").
/// Never flips anything.
[[nodiscard]] SignCheck check_sign_convention(SpectrumView spectrum);

}  // namespace eis
