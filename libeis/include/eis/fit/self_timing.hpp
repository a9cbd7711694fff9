/// @file
/// A quick self-timing of this build on this machine (what `eis bench` prints): circuit
/// evaluation and Jacobian per frequency point, the hand-written reference kernel
/// (eis/circuit/reference_kernel.hpp) at the same points, and one automatic fit of an 81-point
/// spectrum. For careful measurements use the Google Benchmark programs in benchmarks/.
#pragma once

#include <cstddef>
#include <string>

namespace eis {

/// Options for measure_performance().
struct SelfTimingOptions {
  /// Circuit to time (either syntax). Its parameters get typical values by unit (R 1e4 Ω,
  /// Q and C 1e-8, τ 1e-3 s, exponents 0.85, other 1e3) unless it is the reference circuit,
  /// which uses the reference kernel's three-arc values.
  std::string circuit = "R0-p(R1,CPE1)-p(R2,CPE2)-CPE3";
  /// Frequencies per evaluation (the target is stated at 4096).
  std::size_t points = 4096;
  /// Wall-clock seconds spent on each of the timed quantities (more: steadier numbers).
  double seconds_per_measurement = 0.2;
  /// Threads of the batch fit behind fit_ms_per_spectrum (wall time per spectrum); 1: serial.
  int threads = 1;
};

/// Medians over 9 rounds of timings, in CPU time of the calling thread (so that time the
/// thread spends preempted on a busy machine does not count), except fit_ms_per_spectrum with
/// threads > 1, which is wall time. Thread-safety: a value type.
struct SelfTimingResult {
  std::string circuit;         ///< impedance.py syntax
  std::size_t points = 0;      ///< frequencies per evaluation
  std::size_t parameters = 0;  ///< parameters of the circuit
  /// CircuitEvaluator::evaluate_log_omega, Z only, ln ω precomputed as the reference has it
  double evaluate_ns_per_point = 0.0;
  double evaluate_with_log_ns_per_point = 0.0;  ///< CircuitEvaluator::evaluate (ln ω per call)
  double reference_ns_per_point = 0.0;  ///< reference kernel (three-arc circuit), same points
  double ratio_to_reference = 0.0;      ///< evaluate / reference
  double jacobian_ns_per_point = 0.0;   ///< Z and the full Jacobian in one call (ln ω given)
  double fit_ms_per_spectrum = 0.0;     ///< automatic fit of an 81-point simulated spectrum
  int fit_evaluations = 0;              ///< model evaluations of that fit
  bool fit_usable = false;              ///< whether that fit is usable()
  int threads = 1;                      ///< threads used for the fits
};

/// Times evaluation, the reference kernel, the Jacobian and fits (about 5 ×
/// seconds_per_measurement of wall time). The numbers depend on the machine and its load.
/// @throws eis::ParseError for a bad circuit string; eis::InvalidArgument if points is 0,
///         seconds_per_measurement is not finite and > 0, or threads < 0.
/// Thread-safety: reentrant; starts threads only for the fits when threads > 1.
[[nodiscard]] SelfTimingResult measure_performance(const SelfTimingOptions& options = {});

}  // namespace eis
