// Self-timing (issue 10, `eis bench`): each quantity is timed in rounds of calls; the median
// round gives the figure, so a burst of load from other processes does not dominate it.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <string>
#include <vector>

#include <eis/circuit/evaluate.hpp>
#include <eis/circuit/reference_kernel.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>
#include <eis/fit/batch.hpp>
#include <eis/fit/self_timing.hpp>

namespace eis {
namespace {

double wall_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// CPU time of the calling thread: time spent preempted by other processes does not count.
double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// Median seconds per call of f (thread CPU time, or wall time when `wall`), over 9 rounds of
// calls lasting about budget/9 each.
template <class F>
double median_seconds_per_call(double budget, bool wall, F&& f) {
  const auto now = [wall] { return wall ? wall_seconds() : thread_cpu_seconds(); };
  f();  // warm up
  double start = now();
  f();
  const double once = std::max(now() - start, 1e-9);
  constexpr int rounds = 9;
  const int calls = std::max(1, static_cast<int>(budget / rounds / once));
  std::vector<double> per_call;
  for (int r = 0; r < rounds; ++r) {
    start = now();
    for (int c = 0; c < calls; ++c) {
      f();
    }
    per_call.push_back((now() - start) / calls);
  }
  std::nth_element(per_call.begin(), per_call.begin() + rounds / 2, per_call.end());
  return per_call[rounds / 2];
}

std::vector<double> typical_parameters(const Circuit& c) {
  std::vector<double> p;
  for (const auto& parameter : c.parameters()) {
    if (parameter.unit == "1") {
      p.push_back(0.85);
    } else if (parameter.unit == "ohm") {
      p.push_back(1e4);
    } else if (parameter.unit == "F" || parameter.unit == "S s^n") {
      p.push_back(1e-8);
    } else if (parameter.unit == "s") {
      p.push_back(1e-3);
    } else {
      p.push_back(1e3);
    }
  }
  return p;
}

// Frequencies log-spaced from 7 MHz down to 0.1 Hz.
std::vector<double> frequencies(std::size_t n) {
  std::vector<double> f(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = n > 1 ? static_cast<double>(i) / static_cast<double>(n - 1) : 0.0;
    f[i] = 7e6 * std::pow(0.1 / 7e6, t);
  }
  return f;
}

}  // namespace

SelfTimingResult measure_performance(const SelfTimingOptions& options) {
  if (options.points == 0) {
    throw InvalidArgument("points must be >= 1");
  }
  if (!std::isfinite(options.seconds_per_measurement) || options.seconds_per_measurement <= 0.0) {
    throw InvalidArgument("seconds per measurement must be finite and > 0");
  }
  if (options.threads < 0) {
    throw InvalidArgument("threads must be >= 0, got " + eis::detail::to_text(options.threads));
  }
  const Circuit circuit = parse_circuit(options.circuit);
  const Circuit reference_circuit = parse_circuit(reference::three_arc_circuit);
  // The reference kernel's values: series 50 Ω, arcs 1e5 Ω / n 0.92 and 2e5 Ω / n 0.8,
  // electrode CPE 1e-6 S s^n / n 0.85.
  const std::vector<double> reference_params{
      50.0, 1e5, 1.1e-11, 0.92, 2e5, 3.4e-9, 0.8, 1e-6, 0.85};
  const std::vector<double> params =
      circuit == reference_circuit ? reference_params : typical_parameters(circuit);

  SelfTimingResult result;
  result.circuit = format_circuit(circuit);
  result.points = options.points;
  result.parameters = circuit.parameter_count();
  result.threads = std::max(options.threads, 1);

  const auto f = frequencies(options.points);
  std::vector<double> omega(f.size());
  std::vector<double> ln_omega(f.size());
  for (std::size_t i = 0; i < f.size(); ++i) {
    omega[i] = 2.0 * 3.141592653589793 * f[i];
    ln_omega[i] = std::log(omega[i]);
  }
  const double budget = options.seconds_per_measurement;
  const double n = static_cast<double>(options.points);

  CircuitEvaluator evaluator{circuit};
  std::vector<Complex> z(f.size());
  std::vector<Complex> jacobian(f.size() * circuit.parameter_count());
  volatile double sink = 0.0;
  result.evaluate_ns_per_point = 1e9 / n * median_seconds_per_call(budget, false, [&] {
                                   evaluator.evaluate_log_omega(omega, ln_omega, params, z);
                                   sink = sink + z.back().real();
                                 });
  result.evaluate_with_log_ns_per_point = 1e9 / n * median_seconds_per_call(budget, false, [&] {
                                            evaluator.evaluate(omega, params, z);
                                            sink = sink + z.back().real();
                                          });
  std::vector<double> zr(f.size());
  std::vector<double> zi(f.size());
  result.reference_ns_per_point =
      1e9 / n * median_seconds_per_call(budget, false, [&] {
        reference::three_arc_reference(ln_omega, reference_params, zr, zi);
        sink = sink + zr.back();
      });
  result.ratio_to_reference = result.evaluate_ns_per_point / result.reference_ns_per_point;
  result.jacobian_ns_per_point =
      1e9 / n * median_seconds_per_call(budget, false, [&] {
        evaluator.evaluate_log_omega(omega, ln_omega, params, z, jacobian);
        sink = sink + jacobian.back().real();
      });

  // Fits: an 81-point spectrum with 0.5 % noise, automatic initial values; with threads > 1,
  // a batch of 4·threads copies (different noise) so every thread has work.
  const auto f81 = frequencies(81);
  const std::size_t copies = result.threads > 1 ? 4 * static_cast<std::size_t>(result.threads) : 1;
  std::vector<std::vector<Complex>> data;
  std::vector<SpectrumView> views;
  for (std::size_t k = 0; k < copies; ++k) {
    data.push_back(simulate_with_noise(circuit, f81, params, {.relative_noise = 0.005, .seed = k}));
  }
  for (const auto& d : data) {
    views.push_back({f81, d});
  }
  BatchFitResult last;
  const double per_batch = median_seconds_per_call(budget, result.threads > 1, [&] {
    last = fit_batch(circuit, views, {}, {.threads = result.threads});
  });
  result.fit_ms_per_spectrum = 1e3 * per_batch / static_cast<double>(copies);
  result.fit_evaluations = last.fits.front().evaluations;
  result.fit_usable = last.fits.front().usable();
  return result;
}

}  // namespace eis
