/// @file
/// Fast evaluation of a circuit's impedance Z(ω) and its Jacobian ∂Z/∂p for many frequencies
/// (METHODS.md §1.3, §3.3): the tree is compiled once into a flat program, frequencies are
/// processed in fixed-size blocks in structure-of-arrays scratch space sized at construction, so
/// evaluate() never allocates. Plus allocating conveniences for simulation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <eis/circuit/circuit.hpp>
#include <eis/elements/element.hpp>

namespace eis {

/// Evaluates one circuit for any number of frequencies and parameter sets.
/// Preconditions of evaluate() (checked; on violation every output value is set to NaN):
/// z.size() == omega.size(), params.size() == circuit().parameter_count(), and
/// jacobian.size() == omega.size() · parameter_count().
/// Thread-safety: owns scratch space; not thread-safe: use one per thread (copies are
/// independent).
class CircuitEvaluator {
 public:
  /// Frequencies processed per block.
  static constexpr std::size_t block_size = 64;

  explicit CircuitEvaluator(Circuit circuit);

  [[nodiscard]] const Circuit& circuit() const noexcept { return circuit_; }

  /// Z(ω_i) in Ω for all i. omega in rad/s; params in the order of circuit().parameters().
  /// No allocation.
  void evaluate(std::span<const double> omega_rad_s,
                std::span<const double> params,
                std::span<Complex> z) noexcept;

  /// Z and the N×P Jacobian, column-major: jacobian[k*N + i] = ∂Z(ω_i)/∂p_k (derivative with
  /// respect to the parameter itself, not its logarithm). No allocation.
  void evaluate(std::span<const double> omega_rad_s,
                std::span<const double> params,
                std::span<Complex> z,
                std::span<Complex> jacobian) noexcept;

  /// Same as evaluate(omega, params, z) with ln ω_i supplied by the caller, computed once per
  /// spectrum (a fit evaluates the same frequencies dozens of times), which saves a log per
  /// point and call. Precondition (checked, NaN otherwise): ln_omega.size() == omega.size().
  /// No allocation.
  void evaluate_log_omega(std::span<const double> omega_rad_s,
                          std::span<const double> ln_omega,
                          std::span<const double> params,
                          std::span<Complex> z) noexcept;

  /// Same as evaluate(omega, params, z, jacobian) with ln ω supplied. No allocation.
  void evaluate_log_omega(std::span<const double> omega_rad_s,
                          std::span<const double> ln_omega,
                          std::span<const double> params,
                          std::span<Complex> z,
                          std::span<Complex> jacobian) noexcept;

  /// One instruction of the compiled program (internal; exposed for the benchmark's sake only).
  struct Instruction {
    Circuit::NodeType type;
    ElementKind kind;             ///< for element instructions
    std::size_t slot;             ///< scratch slot receiving this node's Z
    std::size_t first_parameter;  ///< first parameter of the subtree
    std::size_t parameter_count;  ///< parameters of the subtree
    std::size_t first_child;      ///< range into the child list (series and parallel)
    std::size_t child_count;
    /// Element directly inside a parallel group whose admittance Y the group takes (R, C,
    /// CPE), computed directly into a separate admittance slot.
    bool admittance;
  };

 private:
  void run(std::span<const double> omega_rad_s,
           const double* ln_omega_all,
           std::span<const double> params,
           std::span<Complex> z,
           std::span<Complex> jacobian,
           bool with_jacobian) noexcept;

  Circuit circuit_;
  std::vector<Instruction> program_;   // post-order
  std::vector<std::size_t> children_;  // instruction indices of children
  std::vector<double> scratch_;        // slots, Jacobian rows, temporaries (SoA)
  std::size_t slot_count_ = 0;
};

/// ln ω_i exactly as CircuitEvaluator::evaluate() computes it internally (the same vectorised
/// log over the same blocks of CircuitEvaluator::block_size, the same scalar fallback), so
/// evaluate_log_omega(ω, ln ω, …) returns bitwise the values of evaluate(ω, …). Compute it once
/// per spectrum when the same frequencies are evaluated many times (fit_circuit does).
/// Precondition (checked; on violation ln_omega is filled with NaN): ln_omega.size() ==
/// omega_rad_s.size(). No allocation.
/// Thread-safety: reentrant.
void compute_log_omega(std::span<const double> omega_rad_s, std::span<double> ln_omega) noexcept;

/// Z in Ω at frequencies in Hz (allocating convenience).
/// @throws eis::InvalidArgument if params.size() != c.parameter_count(), a parameter is not
///         finite, or a frequency is not finite and > 0 (the message names the index).
/// Thread-safety: reentrant.
[[nodiscard]] std::vector<Complex> simulate(const Circuit& c,
                                            std::span<const double> frequency_hz,
                                            std::span<const double> params);

/// Options for simulate_with_noise().
struct NoiseOptions {
  double relative_noise = 0.0;  ///< σ = relative_noise·|Z| for each of Z' and Z'' (0: none)
  std::uint64_t seed = 42;      ///< results are reproducible per seed on every platform
};

/// simulate() plus independent Gaussian noise N(0, (relative_noise·|Z_i|)²) on Z' and Z''
/// (std::mt19937_64 and Box–Muller, so the numbers are the same with every standard library).
/// @throws eis::InvalidArgument as simulate(), or if relative_noise is negative or not finite.
/// Thread-safety: reentrant.
[[nodiscard]] std::vector<Complex> simulate_with_noise(const Circuit& c,
                                                       std::span<const double> frequency_hz,
                                                       std::span<const double> params,
                                                       const NoiseOptions& options);

/// Log-spaced frequencies in Hz from f_max down to f_min, both included: ceil(decades ·
/// points_per_decade) + 1 points evenly spaced in log f (exactly points_per_decade per decade
/// when the span is a whole number of decades).
/// @throws eis::InvalidArgument unless 0 < f_min ≤ f_max, both finite, points_per_decade ≥ 1.
/// Thread-safety: reentrant.
[[nodiscard]] std::vector<double> log_spaced_frequencies_hz(double f_min_hz,
                                                            double f_max_hz,
                                                            int points_per_decade);

}  // namespace eis
