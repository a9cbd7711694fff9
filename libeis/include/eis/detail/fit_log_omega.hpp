/// @file
/// Internal variant of fit_circuit() that chooses how the evaluator obtains ln ω: precomputed
/// once per fit (what fit_circuit() does) or recomputed by every model evaluation (the path
/// before session 3). Kept so that a test can check both give the same fit and a benchmark can
/// time them in one run; no stability promise.
#pragma once

#include <span>

#include <eis/circuit/circuit.hpp>
#include <eis/fit/options.hpp>
#include <eis/fit/result.hpp>
#include <eis/spectrum.hpp>

namespace eis::detail {

/// Where the model evaluations of a fit take ln ω from.
enum class LogOmegaSource {
  precomputed,     ///< compute_log_omega() once per fit, then evaluate_log_omega()
  per_evaluation,  ///< CircuitEvaluator::evaluate(), which takes the log on every call
};

/// fit_circuit() with the given ln ω source; same arguments, results and exceptions.
/// Thread-safety: reentrant.
[[nodiscard]] FitResult fit_circuit_with_log_omega(LogOmegaSource source,
                                                   const Circuit& circuit,
                                                   SpectrumView spectrum,
                                                   std::span<const double> initial_parameters,
                                                   const FitOptions& options);

}  // namespace eis::detail
