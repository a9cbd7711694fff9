// Parameter sweeps on worker threads (issue 10): each thread owns a CircuitEvaluator and
// evaluates whole parameter sets, so a set's result is the same whichever thread computes it.
#include <cmath>
#include <string>

#include <eis/circuit/batch.hpp>
#include <eis/circuit/evaluate.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>

#include "../detail/angular_frequency.hpp"
#include "../detail/worker_threads.hpp"

namespace eis {

SweepResult evaluate_sweep(const Circuit& c,
                           std::span<const double> frequency_hz,
                           std::span<const double> parameter_sets,
                           const SweepOptions& options) {
  detail::check_thread_count(options.threads);
  const std::size_t p = c.parameter_count();
  if ((p == 0 && !parameter_sets.empty()) || (p > 0 && parameter_sets.size() % p != 0)) {
    throw InvalidArgument("circuit " + format_circuit(c) + " has " + eis::detail::to_text(p) +
                          " parameters, but " + eis::detail::to_text(parameter_sets.size()) +
                          " values is not a whole number of parameter sets");
  }
  const std::vector<double> omega = detail::checked_angular_frequencies(frequency_hz);
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
