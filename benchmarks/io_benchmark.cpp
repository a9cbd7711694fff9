// Readers' throughput (issue 10): read_bytes() on fixture files already in memory, so the
// counter bytes_per_second (shown as B/s, e.g. "35M/s" = 35 MB/s) measures parsing and
// format detection only, not the disk.
#include <fstream>
#include <iterator>
#include <string>

#include <benchmark/benchmark.h>

#include <eis/io/read.hpp>

namespace {

std::string slurp(const std::string& relative) {
  std::ifstream in(std::string(EIS_BENCH_DATA_DIR) + "/" + relative, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void read_benchmark(benchmark::State& state, const std::string& relative) {
  const std::string bytes = slurp(relative);
  if (bytes.empty()) {
    state.SkipWithError(("cannot read " + relative).c_str());
    return;
  }
  std::size_t points = 0;
  for (auto _ : state) {
    const auto result = eis::io::read_bytes(bytes, relative);
    points = result.spectra.empty() ? 0 : result.spectra.front().frequency_hz.size();
    benchmark::DoNotOptimize(result.spectra.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes.size()));
  state.counters["file_bytes"] = static_cast<double>(bytes.size());
  state.counters["points"] = static_cast<double>(points);
}

void BM_ReadBioLogicMpt(benchmark::State& state) {
  read_benchmark(state, "impedance_py/exampleDataBioLogic.mpt");
}
BENCHMARK(BM_ReadBioLogicMpt)->Unit(benchmark::kMicrosecond);

void BM_ReadGamryDta(benchmark::State& state) {
  read_benchmark(state, "impedance_py/exampleDataGamry.DTA");
}
BENCHMARK(BM_ReadGamryDta)->Unit(benchmark::kMicrosecond);

void BM_ReadParstatText(benchmark::State& state) {
  read_benchmark(state, "impedance_py/exampleDataParstat.txt");
}
BENCHMARK(BM_ReadParstatText)->Unit(benchmark::kMicrosecond);

void BM_ReadCsv(benchmark::State& state) {
  read_benchmark(state, "impedance_py/exampleData.csv");
}
BENCHMARK(BM_ReadCsv)->Unit(benchmark::kMicrosecond);

void BM_ReadBioLogicMprBinary(benchmark::State& state) {
  read_benchmark(state, "yadg/vsp_peis_with.mpr");
}
BENCHMARK(BM_ReadBioLogicMprBinary)->Unit(benchmark::kMicrosecond);

}  // namespace
