// One fit of an 81-point three-arc spectrum (7 MHz to 0.1 Hz, 0.5 % noise) from automatic
// initial values (issue 5 goal: median < 1 ms). Counter "evaluations" = model evaluations per
// fit (residual and Jacobian evaluations counted alike).
// BM_FitLogOmegaRatio: the same fit with ln ω precomputed once per fit (fit_circuit) and with
// ln ω recomputed in every model evaluation (the path before session 3), timed alternately in one
// run (thread CPU time, so load affects both alike); "ratio" = precomputed / per-evaluation.
#include <cmath>
#include <ctime>
#include <vector>

#include <benchmark/benchmark.h>

#include <eis/circuit/evaluate.hpp>
#include <eis/detail/fit_log_omega.hpp>
#include <eis/fit/cnls.hpp>

#include "support/spectra.hpp"

namespace {

/// The three-arc circuit and its spectrum with noise seed 42.
struct ThreeArcs {
  eis::bench::ThreeArcs model;
  const eis::Circuit& circuit = model.circuit;
  eis::Spectrum spectrum = model.spectrum(42);
};

void BM_FitThreeArcsAutomatic(benchmark::State& state) {
  const ThreeArcs data;
  int evaluations = 0;
  int starts = 0;
  for (auto _ : state) {
    const eis::FitResult r = eis::fit_circuit(data.circuit, data.spectrum);
    evaluations = r.evaluations;
    starts = r.starts;
    benchmark::DoNotOptimize(r.parameters.data());
  }
  state.counters["evaluations"] = evaluations;
  state.counters["starts"] = starts;
}
BENCHMARK(BM_FitThreeArcsAutomatic)->Unit(benchmark::kMicrosecond);

// The same fit in the admittance domain (Y = 1/Z residuals, ∂Y/∂p = −Y²·∂Z/∂p).
void BM_FitThreeArcsAdmittance(benchmark::State& state) {
  const ThreeArcs data;
  int evaluations = 0;
  for (auto _ : state) {
    const eis::FitResult r =
        eis::fit_circuit(data.circuit, data.spectrum, {}, {.domain = eis::FitDomain::admittance});
    evaluations = r.evaluations;
    benchmark::DoNotOptimize(r.parameters.data());
  }
  state.counters["evaluations"] = evaluations;
}
BENCHMARK(BM_FitThreeArcsAdmittance)->Unit(benchmark::kMicrosecond);

// The fit with the old path alone (ln ω recomputed per evaluation), for absolute times.
void BM_FitThreeArcsAutomaticPerEvaluationLog(benchmark::State& state) {
  const ThreeArcs data;
  for (auto _ : state) {
    const eis::FitResult r = eis::detail::fit_circuit_with_log_omega(
        eis::detail::LogOmegaSource::per_evaluation, data.circuit, data.spectrum, {}, {});
    benchmark::DoNotOptimize(r.parameters.data());
  }
}
BENCHMARK(BM_FitThreeArcsAutomaticPerEvaluationLog)->Unit(benchmark::kMicrosecond);

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// Per benchmark iteration: 5 fits on each path, alternating. Counters: "ratio" (precomputed
// time / per-evaluation time), "precomputed_us" and "per_evaluation_us" per fit (CPU time).
void BM_FitLogOmegaRatio(benchmark::State& state) {
  const ThreeArcs data;
  double fast = 0.0;
  double old = 0.0;
  for (auto _ : state) {
    for (int k = 0; k < 5; ++k) {
      for (const auto source : {eis::detail::LogOmegaSource::precomputed,
                                eis::detail::LogOmegaSource::per_evaluation}) {
        const double start = thread_cpu_seconds();
        const eis::FitResult r =
            eis::detail::fit_circuit_with_log_omega(source, data.circuit, data.spectrum, {}, {});
        benchmark::DoNotOptimize(r.parameters.data());
        const double elapsed = thread_cpu_seconds() - start;
        (source == eis::detail::LogOmegaSource::precomputed ? fast : old) += elapsed;
      }
    }
  }
  const double fits = 5.0 * static_cast<double>(state.iterations());
  state.counters["ratio"] = fast / old;
  state.counters["precomputed_us"] = 1e6 * fast / fits;
  state.counters["per_evaluation_us"] = 1e6 * old / fits;
}
BENCHMARK(BM_FitLogOmegaRatio)->Unit(benchmark::kMillisecond);

// Model evaluations as a fit makes them (81 points, three arcs, Z + Jacobian and Z alone):
// evaluate_log_omega with ln ω from compute_log_omega vs evaluate(); "ratio" as above.
void BM_FitEvaluationsLogOmegaRatio(benchmark::State& state) {
  const ThreeArcs data;
  const std::vector<double> p = eis::estimate_initial_values(data.circuit, data.spectrum);
  std::vector<double> omega;
  for (const double f : data.spectrum.frequency_hz) {
    omega.push_back(2.0 * 3.141592653589793 * f);
  }
  std::vector<double> ln_omega(omega.size());
  eis::compute_log_omega(omega, ln_omega);
  eis::CircuitEvaluator evaluator{data.circuit};
  std::vector<eis::Complex> z(omega.size());
  std::vector<eis::Complex> jac(omega.size() * p.size());
  double fast = 0.0;
  double old = 0.0;
  for (auto _ : state) {
    double start = thread_cpu_seconds();
    for (int k = 0; k < 200; ++k) {
      evaluator.evaluate_log_omega(omega, ln_omega, p, z, jac);
      evaluator.evaluate_log_omega(omega, ln_omega, p, z);
      benchmark::DoNotOptimize(jac.data());
      benchmark::ClobberMemory();
    }
    fast += thread_cpu_seconds() - start;
    start = thread_cpu_seconds();
    for (int k = 0; k < 200; ++k) {
      evaluator.evaluate(omega, p, z, jac);
      evaluator.evaluate(omega, p, z);
      benchmark::DoNotOptimize(jac.data());
      benchmark::ClobberMemory();
    }
    old += thread_cpu_seconds() - start;
  }
  state.counters["ratio"] = fast / old;
}
BENCHMARK(BM_FitEvaluationsLogOmegaRatio)->Unit(benchmark::kMillisecond);

void BM_InitialValuesThreeArcs(benchmark::State& state) {
  const ThreeArcs data;
  for (auto _ : state) {
    auto p = eis::estimate_initial_values(data.circuit, data.spectrum);
    benchmark::DoNotOptimize(p.data());
  }
}
BENCHMARK(BM_InitialValuesThreeArcs)->Unit(benchmark::kMicrosecond);

}  // namespace
