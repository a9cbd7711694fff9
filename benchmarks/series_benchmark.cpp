// A 40-spectrum temperature series (two heating runs of 20 temperatures, Li2B12H12-like
// synthetic data from tests/support) fitted serially and with one thread per run.
#include <cstdint>
#include <vector>

#include <benchmark/benchmark.h>

#include <eis/conductivity/series.hpp>

#include "support/synthetic_series.hpp"

namespace {

struct Fixture {
  eis::test::SyntheticSeries series;
  std::vector<eis::SeriesSpectrum> inputs;
  eis::Cell cell;
};

const Fixture& forty_spectra() {
  static const Fixture fixture = [] {
    Fixture f;
    eis::test::synthetic_detail::Recipe recipe;
    recipe.t_min = 300.0;
    recipe.t_max = 661.0;
    recipe.t_step = 19.0;  // 20 temperatures per run, 2 runs: 40 spectra
    f.series = eis::test::synthetic_detail::make_series(recipe);
    for (const auto& sp : f.series.spectra) {
      f.inputs.push_back({sp.file,
                          {sp.frequency_hz, sp.impedance_ohm},
                          sp.temperature_k,
                          sp.cycle,
                          eis::Direction::heating});
    }
    f.cell =
        eis::Cell::blocking(eis::CellGeometry::disc(f.series.thickness_cm, f.series.diameter_cm));
    return f;
  }();
  return fixture;
}

void BM_FitSeries40(benchmark::State& state) {
  const Fixture& f = forty_spectra();
  eis::SeriesOptions options;
  options.threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    auto result = eis::fit_series(f.inputs, f.cell, options);
    benchmark::DoNotOptimize(result.rows.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(f.inputs.size()));
  state.counters["spectra"] = static_cast<double>(f.inputs.size());
}
// Real (wall) time decides the speed-up; the process CPU time (all threads) shows the work.
// On a shared machine run with repetitions and random interleaving, so 1 and 2 threads see
// the same background load (benchmarks/results/series_note.md).
BENCHMARK(BM_FitSeries40)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

/// The same series with the tied Arrhenius fit of each run added (SeriesOptions::
/// tied_bulk_arrhenius), below the 615 K transition: its cost on top of the per-spectrum fits.
void BM_FitSeries40Tied(benchmark::State& state) {
  const Fixture& f = forty_spectra();
  eis::SeriesOptions options;
  options.tied_bulk_arrhenius = true;
  options.tied_t_max_k = 600.0;
  for (auto _ : state) {
    auto result = eis::fit_series(f.inputs, f.cell, options);
    benchmark::DoNotOptimize(result.tied.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(f.inputs.size()));
}
BENCHMARK(BM_FitSeries40Tied)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
