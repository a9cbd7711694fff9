/// @file
/// Parameter sweeps: one circuit evaluated for many parameter sets at the same frequencies
/// (design studies, training data), optionally on several threads, with results that do not
/// depend on the thread count (each set is evaluated exactly as CircuitEvaluator would).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include <eis/circuit/circuit.hpp>
#include <eis/spectrum.hpp>

namespace eis {

/// Options for evaluate_sweep().
struct SweepOptions {
  /// Worker threads (std::thread): 0 or 1 evaluate on the calling thread, which is the default
  /// because libeis starts no threads unless asked. More threads than sets are not started.
  int threads = 1;
};

/// Impedances of every parameter set of a sweep.
/// Thread-safety: a value type.
struct SweepResult {
  std::size_t points = 0;  ///< frequencies per set
  std::size_t sets = 0;    ///< parameter sets
  /// Z in Ω, set-major: impedance_ohm[s·points + i] is set s at frequency i.
  std::vector<Complex> impedance_ohm;
  /// The spectrum of set s (a view into impedance_ohm).
  [[nodiscard]] std::span<const Complex> set(std::size_t s) const {
    return std::span<const Complex>(impedance_ohm).subspan(s * points, points);
  }
};

/// Z(ω_i; p_s) for every frequency i and parameter set s. parameter_sets holds the sets one
/// after another (set s at [s·P, (s+1)·P), P = c.parameter_count(), circuit order). Parameter
/// values are not checked: a set with non-finite or out-of-domain values gives NaN or ∞ for
/// that set only, as CircuitEvaluator does. Results are bitwise identical for every thread count.
/// @throws eis::InvalidArgument if parameter_sets.size() is not a multiple of P (or is not 0
///         when P = 0), a frequency is not finite and > 0 (the message names the index), or
///         options.threads < 0.
/// Thread-safety: reentrant; starts min(threads, sets) − 1 extra threads when threads > 1.
[[nodiscard]] SweepResult evaluate_sweep(const Circuit& c,
                                         std::span<const double> frequency_hz,
                                         std::span<const double> parameter_sets,
                                         const SweepOptions& options = {});

}  // namespace eis
