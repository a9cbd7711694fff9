// DRT time for 80- and 800-point spectra with a 100- and a 400-point τ grid: fixed λ (one NNLS)
// and the default automatic λ (L-curve). The τ grid spans the 8 measured decades plus one on
// each side, so 10 and 40 points per decade give 101 and 401 basis functions.
#include <cmath>
#include <complex>
#include <numbers>

#include <benchmark/benchmark.h>

#include <eis/drt/tikhonov.hpp>
#include <eis/spectrum.hpp>

namespace {

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

// range(0) = points, range(1) = τ points per decade (10 → 101 τ, 40 → 401 τ).
void BM_DrtFixedLambda(benchmark::State& state) {
  const auto s = two_zarc_spectrum(static_cast<int>(state.range(0)));
  const eis::drt::DrtOptions o{.lambda_method = eis::drt::LambdaMethod::fixed,
                               .lambda = 1e-4,
                               .tau_points_per_decade = static_cast<double>(state.range(1))};
  for (auto _ : state) {
    auto r = eis::drt::compute_drt(s, o);
    benchmark::DoNotOptimize(r.gamma_ohm.data());
  }
}
BENCHMARK(BM_DrtFixedLambda)
    ->Args({80, 10})
    ->Args({80, 40})
    ->Args({800, 10})
    ->Args({800, 40})
    ->Unit(benchmark::kMillisecond);

void BM_DrtLCurve(benchmark::State& state) {
  const auto s = two_zarc_spectrum(static_cast<int>(state.range(0)));
  const eis::drt::DrtOptions o{.tau_points_per_decade = static_cast<double>(state.range(1))};
  for (auto _ : state) {
    auto r = eis::drt::compute_drt(s, o);
    benchmark::DoNotOptimize(r.gamma_ohm.data());
  }
}
BENCHMARK(BM_DrtLCurve)
    ->Args({80, 10})
    ->Args({80, 40})
    ->Args({800, 10})
    ->Args({800, 40})
    ->Unit(benchmark::kMillisecond);

}  // namespace
