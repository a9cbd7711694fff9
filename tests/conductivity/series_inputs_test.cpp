#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <eis/conductivity/series_inputs.hpp>
#include <eis/error.hpp>

#include "support/support.hpp"
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

std::vector<std::string> two_files() {
  return {eis::test::data_path("eisfitpython/s04147-140deg.txt").string(),
          eis::test::data_path("eisfitpython/s04147-150deg.txt").string()};
}

TEST(SeriesInputs, EntriesFromFilesCarryTemperaturesCycleAndDirection) {
  const std::vector<std::string> files = {"a.txt", "b.txt"};
  const std::vector<double> t = {413.15, 423.15};
  const auto e = eis::entries_from_files(files, t, 3, eis::Direction::cooling);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[1].file, "b.txt");
  EXPECT_EQ(e[1].path, "b.txt");
  EXPECT_EQ(e[1].temperature_k, 423.15);
  EXPECT_EQ(e[1].cycle, 3);
  EXPECT_EQ(e[1].direction, eis::Direction::cooling);
  const auto none = eis::entries_from_files(files, {}, 1, eis::Direction::heating);
  EXPECT_FALSE(none[0].temperature_k.has_value());  // from the file's metadata later
  const std::vector<double> one = {300.0};
  EXPECT_THROW((void)eis::entries_from_files(files, one, 1, eis::Direction::heating),
               eis::InvalidArgument);
}

TEST(SeriesInputs, LoadedViewsPointIntoTheOwnedSpectraAlsoAfterAMove) {
  const std::vector<double> t = {413.15, 423.15};
  eis::LoadedSeries loaded =
      eis::load_series(eis::entries_from_files(two_files(), t, 2, eis::Direction::heating));
  const eis::LoadedSeries moved = std::move(loaded);
  ASSERT_EQ(moved.spectra.size(), 2u);
  ASSERT_EQ(moved.inputs.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(moved.inputs[i].spectrum.frequency_hz.data(), moved.spectra[i].frequency_hz.data());
    EXPECT_EQ(moved.inputs[i].spectrum.size(), moved.spectra[i].size());
    EXPECT_GT(moved.spectra[i].size(), 10u);
    EXPECT_EQ(moved.inputs[i].temperature_k, t[i]);
    EXPECT_EQ(moved.inputs[i].cycle, 2);
    EXPECT_EQ(moved.inputs[i].file, two_files()[i]);
  }
}

TEST(SeriesInputs, TemperatureFallsBackToTheFileMetadata) {
  const auto entries = eis::entries_from_files(two_files(), {}, 1, eis::Direction::heating);
  const eis::LoadedSeries loaded = eis::load_series(entries);
  for (std::size_t i = 0; i < 2; ++i) {
    const auto read = eis::io::read_file(two_files()[i]);
    ASSERT_TRUE(read.spectra[0].metadata.temperature_k.has_value());
    EXPECT_EQ(loaded.inputs[i].temperature_k, *read.spectra[0].metadata.temperature_k);
  }
}

TEST(SeriesInputs, BadSpectrumIndexAndMissingTemperatureThrow) {
  const std::vector<double> t = {413.15, 423.15};
  const auto entries = eis::entries_from_files(two_files(), t, 1, eis::Direction::heating);
  EXPECT_THROW((void)eis::load_series(entries, {.spectrum = 5}), eis::InvalidArgument);
  EXPECT_THROW((void)eis::load_series(entries, {.spectrum = -1}), eis::InvalidArgument);
  // A file without a temperature needs one from the entry.
  const fs::path csv = fs::temp_directory_path() /
                       ("eis_series_inputs_" + std::to_string(getpid()) + "_no_temperature.csv");
  {
    std::ofstream out(csv);
    out << "file,spectrum,frequency_hz,z_real_ohm,z_imag_ohm\nx,0,1000,10,-5\nx,0,100,12,-8\n";
  }
  const std::vector<std::string> files = {csv.string()};
  const auto without = eis::entries_from_files(files, {}, 1, eis::Direction::heating);
  EXPECT_THROW((void)eis::load_series(without), eis::InvalidArgument);
  const std::vector<double> t_one = {300.0};
  EXPECT_EQ(eis::load_series(eis::entries_from_files(files, t_one, 1, eis::Direction::heating))
                .inputs[0]
                .temperature_k,
            300.0);
  fs::remove(csv);
  const std::vector<eis::ManifestEntry> missing = {{.file = "x", .path = "/nonexistent/x.txt"}};
  EXPECT_THROW((void)eis::load_series(missing), eis::IoError);
}

}  // namespace
