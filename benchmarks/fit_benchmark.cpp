// One fit of an 81-point three-arc spectrum (7 MHz to 0.1 Hz, 0.5 % noise) from automatic
// initial values (issue 5 goal: median < 1 ms). Counter "evaluations" = model evaluations per
// fit (residual and Jacobian evaluations counted alike).
#include <cmath>
#include <vector>

#include <benchmark/benchmark.h>

#include <eis/circuit/evaluate.hpp>
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

void BM_InitialValuesThreeArcs(benchmark::State& state) {
  const ThreeArcs data;
  for (auto _ : state) {
    auto p = eis::estimate_initial_values(data.circuit, data.spectrum);
    benchmark::DoNotOptimize(p.data());
  }
}
BENCHMARK(BM_InitialValuesThreeArcs)->Unit(benchmark::kMicrosecond);

}  // namespace
