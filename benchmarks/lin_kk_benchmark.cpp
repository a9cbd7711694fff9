// Lin-KK time for 80- and 800-point spectra (automatic M: all M = 1…50 are fitted once).
#include <cmath>
#include <complex>
#include <numbers>

#include <benchmark/benchmark.h>

#include <eis/spectrum.hpp>
#include <eis/validation/lin_kk.hpp>

namespace {

// Two ZARCs plus R0, 1e-2…1e6 Hz log-spaced (8 decades).
eis::Spectrum two_zarc_spectrum(int points) {
  const std::complex<double> j{0.0, 1.0};
  eis::Spectrum s;
  for (int i = 0; i < points; ++i) {
    const double f = 1e6 * std::pow(10.0, -8.0 * i / (points - 1));
    const double w = 2.0 * std::numbers::pi * f;
    s.frequency_hz.push_back(f);
    s.impedance_ohm.push_back(50.0 + 2e3 / (1.0 + std::pow(j * w * 1e-5, 0.8)) +
                              1e4 / (1.0 + std::pow(j * w * 1e-1, 0.7)));
  }
  return s;
}

void BM_LinKkAutomatic(benchmark::State& state) {
  const auto s = two_zarc_spectrum(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto r = eis::validation::lin_kk(s);
    benchmark::DoNotOptimize(r.mu);
  }
  state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_LinKkAutomatic)->Arg(80)->Arg(800)->Unit(benchmark::kMillisecond);

void BM_LinKkFixedM(benchmark::State& state) {
  const auto s = two_zarc_spectrum(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto r = eis::validation::lin_kk(s, {.elements = 30});
    benchmark::DoNotOptimize(r.mu);
  }
}
BENCHMARK(BM_LinKkFixedM)->Arg(80)->Arg(800)->Unit(benchmark::kMillisecond);

}  // namespace
