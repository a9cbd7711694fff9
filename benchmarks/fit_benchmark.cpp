// One fit of an 81-point three-arc spectrum (7 MHz to 0.1 Hz, 0.5 % noise) from automatic
// initial values (issue 5 goal: median < 1 ms). Counter "evaluations" = model evaluations per
// fit (residual and Jacobian evaluations counted alike).
#include <cmath>
#include <vector>

#include <benchmark/benchmark.h>

#include <eis/circuit/evaluate.hpp>
#include <eis/fit/cnls.hpp>

namespace {

struct ThreeArcs {
  eis::Circuit circuit = eis::parse_circuit("R0-p(R1,CPE1)-p(R2,CPE2)-p(R3,CPE3)");
  eis::Spectrum spectrum;
  ThreeArcs() {
    // bulk 1e5 Ω / 5 pF, gb 2e5 Ω / 1 nF, interface 5e5 Ω / 1 µF; n = 0.92, 0.8, 0.85.
    const double r1 = 1e5, r2 = 2e5, r3 = 5e5;
    const double t1 = r1 * 5e-12, t2 = r2 * 1e-9, t3 = r3 * 1e-6;
    const std::vector<double> p{50.0,
                                r1,
                                std::pow(t1, 0.92) / r1,
                                0.92,
                                r2,
                                std::pow(t2, 0.8) / r2,
                                0.8,
                                r3,
                                std::pow(t3, 0.85) / r3,
                                0.85};
    for (int i = 0; i < 81; ++i) {
      spectrum.frequency_hz.push_back(7e6 * std::pow(0.1 / 7e6, i / 80.0));
    }
    spectrum.impedance_ohm = eis::simulate_with_noise(
        circuit, spectrum.frequency_hz, p, {.relative_noise = 0.005, .seed = 42});
  }
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
