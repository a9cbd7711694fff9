// Lin-KK time for 80- and 800-point spectra (automatic M: all M = 1…50 are fitted once).
#include <cmath>
#include <complex>
#include <numbers>

#include <benchmark/benchmark.h>

#include <eis/spectrum.hpp>
#include <eis/validation/lin_kk.hpp>

#include "support/spectra.hpp"

namespace {

using eis::bench::two_zarc_spectrum;

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
