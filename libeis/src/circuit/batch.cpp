// Parameter sweeps on worker threads (issue 10): each thread owns a CircuitEvaluator and
// evaluates whole parameter sets, so a set's result is the same whichever thread computes it.
#include <cmath>
#include <numbers>
#include <string>

#include <eis/circuit/batch.hpp>
#include <eis/circuit/evaluate.hpp>
#include <eis/error.hpp>

#include "../detail/worker_threads.hpp"

namespace eis {

SweepResult evaluate_sweep(const Circuit& c,
                           std::span<const double> frequency_hz,
                           std::span<const double> parameter_sets,
                           const SweepOptions& options) {
  if (options.threads < 0) {
    throw InvalidArgument("threads must be >= 0, got " + std::to_string(options.threads));
  }
  const std::size_t p = c.parameter_count();
  if ((p == 0 && !parameter_sets.empty()) || (p > 0 && parameter_sets.size() % p != 0)) {
    throw InvalidArgument("circuit " + format_circuit(c) + " has " + std::to_string(p) +
                          " parameters, but " + std::to_string(parameter_sets.size()) +
                          " values is not a whole number of parameter sets");
  }
  std::vector<double> omega(frequency_hz.size());
  for (std::size_t i = 0; i < frequency_hz.size(); ++i) {
    const double f = frequency_hz[i];
    if (!std::isfinite(f) || f <= 0.0) {
      throw InvalidArgument("frequency at index " + std::to_string(i) + " is " + std::to_string(f) +
                            " Hz; frequencies must be finite and > 0");
    }
    omega[i] = 2.0 * std::numbers::pi * f;
  }
  SweepResult result;
  result.points = omega.size();
  result.sets = p == 0 ? 1 : parameter_sets.size() / p;
  result.impedance_ohm.resize(result.points * result.sets);
  const std::span<Complex> out(result.impedance_ohm);
  const CircuitEvaluator prototype{c};
  detail::run_on_threads(result.sets, options.threads, [&](std::atomic<std::size_t>& next) {
    CircuitEvaluator evaluator = prototype;  // own scratch space per thread
    for (std::size_t s; (s = next++) < result.sets;) {
      evaluator.evaluate(
          omega, parameter_sets.subspan(s * p, p), out.subspan(s * result.points, result.points));
    }
  });
  return result;
}

}  // namespace eis
