// Batch APIs (issue 10): 1000 fits of 81-point three-arc spectra (automatic initial values,
// the spectrum of fit_benchmark with different noise seeds) on 1 and 2 threads, with the
// speed-up timed alternately in one benchmark; parameter sweeps whose cost must be linear in
// points and in parameter sets (Complexity oN). Wall-clock time (UseRealTime) because the
// work runs on several threads.
#include <chrono>
#include <cmath>
#include <cstdint>
#include <vector>

#include <benchmark/benchmark.h>

#include <eis/circuit/batch.hpp>
#include <eis/circuit/evaluate.hpp>
#include <eis/fit/batch.hpp>

#include "support/spectra.hpp"

namespace {

/// `count` three-arc spectra of fit_benchmark, noise seeds 0 … count − 1.
struct ManySpectra {
  eis::bench::ThreeArcs model;
  const eis::Circuit& circuit = model.circuit;
  std::vector<eis::Spectrum> spectra;
  std::vector<eis::SpectrumView> views;
  explicit ManySpectra(int count) {
    for (int k = 0; k < count; ++k) {
      spectra.push_back(model.spectrum(static_cast<std::uint64_t>(k)));
    }
    for (const auto& s : spectra) {
      views.push_back({s.frequency_hz, s.impedance_ohm});
    }
  }
};

const ManySpectra& thousand() {
  static const ManySpectra data(1000);
  return data;
}

void BM_BatchFit1000(benchmark::State& state) {
  const auto& data = thousand();
  const auto threads = static_cast<int>(state.range(0));
  std::size_t usable = 0;
  for (auto _ : state) {
    const auto r = eis::fit_batch(data.circuit, data.views, {}, {.threads = threads});
    usable = r.usable;
    benchmark::DoNotOptimize(r.fits.data());
  }
  state.counters["usable"] = static_cast<double>(usable);
  state.counters["ms_per_spectrum"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * 1000.0 * 1e-3,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_BatchFit1000)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(2);

// 1 and 2 threads timed alternately, so machine load hits both alike: "speedup" = t1/t2.
void BM_BatchFit1000Speedup(benchmark::State& state) {
  const auto& data = thousand();
  double one = 0.0;
  double two = 0.0;
  using Clock = std::chrono::steady_clock;
  for (auto _ : state) {
    auto start = Clock::now();
    auto r1 = eis::fit_batch(data.circuit, data.views, {}, {.threads = 1});
    one += std::chrono::duration<double>(Clock::now() - start).count();
    start = Clock::now();
    auto r2 = eis::fit_batch(data.circuit, data.views, {}, {.threads = 2});
    two += std::chrono::duration<double>(Clock::now() - start).count();
    benchmark::DoNotOptimize(r1.fits.data());
    benchmark::DoNotOptimize(r2.fits.data());
  }
  state.counters["seconds_1_thread"] = one / static_cast<double>(state.iterations());
  state.counters["seconds_2_threads"] = two / static_cast<double>(state.iterations());
  state.counters["speedup"] = one / two;
}
BENCHMARK(BM_BatchFit1000Speedup)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

struct SweepData {
  eis::Circuit circuit = eis::parse_circuit("R0-p(R1,CPE1)-p(R2,CPE2)-CPE3");
  std::vector<double> frequency_hz;
  std::vector<double> sets;
  SweepData(std::size_t points, std::size_t count) {
    for (std::size_t i = 0; i < points; ++i) {
      frequency_hz.push_back(
          7e6 * std::pow(0.1 / 7e6, static_cast<double>(i) / static_cast<double>(points)));
    }
    for (std::size_t s = 0; s < count; ++s) {
      const double x = static_cast<double>(s) / static_cast<double>(count);
      sets.insert(sets.end(),
                  {50.0, 1e5 * (1 + x), 1.1e-11, 0.92, 2e5, 3.4e-9, 0.8 + 0.1 * x, 1e-6, 0.85});
    }
  }
};

/// evaluate_sweep() over `points` frequencies and `sets` parameter sets, timed per call.
void time_sweep(benchmark::State& state, std::size_t points, std::size_t sets) {
  const SweepData data(points, sets);
  for (auto _ : state) {
    auto r = eis::evaluate_sweep(data.circuit, data.frequency_hz, data.sets);
    benchmark::DoNotOptimize(r.impedance_ohm.data());
  }
  state.SetComplexityN(state.range(0));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(points * sets));
}

// 256 parameter sets, 16..4096 points: cost ∝ points.
void BM_SweepPoints(benchmark::State& state) {
  time_sweep(state, static_cast<std::size_t>(state.range(0)), 256);
}
BENCHMARK(BM_SweepPoints)
    ->RangeMultiplier(4)
    ->Range(16, 4096)
    ->Unit(benchmark::kMicrosecond)
    ->Complexity(benchmark::oN);

// 81 points, 16..16384 parameter sets: cost ∝ sets.
void BM_SweepSets(benchmark::State& state) {
  time_sweep(state, 81, static_cast<std::size_t>(state.range(0)));
}
BENCHMARK(BM_SweepSets)
    ->RangeMultiplier(4)
    ->Range(16, 16384)
    ->Unit(benchmark::kMicrosecond)
    ->Complexity(benchmark::oN);

// 16384 sets of 81 points on 1 and 2 threads.
void BM_SweepThreads(benchmark::State& state) {
  static const SweepData data(81, 16384);
  const auto threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    auto r = eis::evaluate_sweep(data.circuit, data.frequency_hz, data.sets, {.threads = threads});
    benchmark::DoNotOptimize(r.impedance_ohm.data());
  }
  state.SetItemsProcessed(state.iterations() * 16384 * 81);
}
BENCHMARK(BM_SweepThreads)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
