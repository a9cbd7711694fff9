#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include <eis/conductivity/manifest.hpp>
#include <eis/error.hpp>

#include <unistd.h>

namespace {

namespace fs = std::filesystem;

TEST(Manifest, ParsesColumnsInAnyOrderWithComments) {
  const auto entries = eis::parse_manifest(
      "\xEF\xBB\xBF# a comment\r\n"
      "cycle,direction,temperature_k,file,note\r\n"
      "1,heating,300,a.txt,x\r\n"
      "\r\n"
      "4,cooling,310.5,\"sub/b, c.txt\",\"y\"\"z\"\r\n",
      "/data/series",
      "m.csv");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].file, "a.txt");
  EXPECT_EQ(entries[0].path, fs::path("/data/series") / "a.txt");
  EXPECT_EQ(entries[0].temperature_k, 300.0);
  EXPECT_EQ(entries[0].cycle, 1);
  EXPECT_EQ(entries[0].direction, eis::Direction::heating);
  EXPECT_EQ(entries[0].line, 3u);
  EXPECT_EQ(entries[1].file, "sub/b, c.txt");
  EXPECT_EQ(entries[1].cycle, 4);
  EXPECT_EQ(entries[1].direction, eis::Direction::cooling);
  EXPECT_EQ(entries[1].temperature_k, 310.5);
  EXPECT_EQ(entries[1].line, 5u);
}

TEST(Manifest, CelsiusColumnAndDefaults) {
  const auto entries = eis::parse_manifest("file,temperature_c\ns-140deg.txt,140\nx.txt,\n", "d");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_DOUBLE_EQ(*entries[0].temperature_k, 140.0 + 273.15);
  EXPECT_EQ(entries[0].cycle, 1);
  EXPECT_EQ(entries[0].direction, eis::Direction::heating);
  EXPECT_FALSE(entries[1].temperature_k.has_value());  // from the file's metadata
}

TEST(Manifest, AbsolutePathsStayAbsolute) {
  const auto entries = eis::parse_manifest("file,temperature_k\n/abs/a.txt,300\n", "/base");
  EXPECT_EQ(entries[0].path, fs::path("/abs/a.txt"));
}

void expect_parse_error(const std::string& text, std::size_t line, const std::string& needle) {
  try {
    (void)eis::parse_manifest(text, ".", "m.csv");
    FAIL() << "no ParseError for: " << text;
  } catch (const eis::ParseError& e) {
    EXPECT_EQ(e.line(), line) << e.what();
    EXPECT_EQ(e.file(), "m.csv");
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

TEST(Manifest, ErrorsNameFileAndLine) {
  expect_parse_error("", 1, "empty");
  expect_parse_error("temperature_k\n300\n", 1, "'file'");
  expect_parse_error("file,temperature_k,temperature_c\n", 1, "exactly one");
  expect_parse_error("file,temperature_k\na.txt\n", 2, "expected 2 fields");
  expect_parse_error("file,temperature_k\na.txt,300\nb.txt,3OO\n", 3, "malformed temperature");
  expect_parse_error("file,temperature_c\na.txt,-300\n", 2, "0 K");
  expect_parse_error("file,temperature_k,cycle\na.txt,300,1.5\n", 2, "cycle");
  expect_parse_error("file,temperature_k,direction\na.txt,300,up\n", 2, "direction");
  expect_parse_error("file,temperature_k\n\"a.txt,300\n", 2, "unterminated");
  expect_parse_error("# only a header\nfile,temperature_k\n", 2, "no spectra");
}

TEST(Manifest, ReadsFileRelativeToItsFolder) {
  const fs::path dir =
      fs::temp_directory_path() / ("eis_manifest_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path m = dir / "manifest.csv";
  {
    std::ofstream out(m);
    out << "file,temperature_k,cycle,direction\nspec.txt,350,2,heating\n";
  }
  const auto entries = eis::read_manifest(m);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].path, dir / "spec.txt");
  EXPECT_EQ(entries[0].cycle, 2);
  fs::remove_all(dir);
  EXPECT_THROW((void)eis::read_manifest(dir / "missing.csv"), eis::IoError);
}

TEST(TemperatureFromName, FirstCaptureGroupInEitherUnit) {
  EXPECT_DOUBLE_EQ(eis::temperature_from_name(
                       "/x/s04147-140deg.txt", R"((\d+)deg)", eis::TemperatureUnit::celsius),
                   413.15);
  EXPECT_DOUBLE_EQ(
      eis::temperature_from_name("run1_352.5K.txt", R"(_([0-9.]+)K)", eis::TemperatureUnit::kelvin),
      352.5);
  EXPECT_THROW(
      (void)eis::temperature_from_name("abc.txt", R"((\d+)deg)", eis::TemperatureUnit::celsius),
      eis::InvalidArgument);
  EXPECT_THROW(
      (void)eis::temperature_from_name("140deg.txt", R"(\d+deg)", eis::TemperatureUnit::celsius),
      eis::InvalidArgument);
  EXPECT_THROW(
      (void)eis::temperature_from_name("140deg.txt", R"(((\d+)deg)", eis::TemperatureUnit::celsius),
      eis::InvalidArgument);
  EXPECT_EQ(eis::parse_temperature_unit("C"), eis::TemperatureUnit::celsius);
  EXPECT_EQ(eis::parse_temperature_unit("K"), eis::TemperatureUnit::kelvin);
  EXPECT_THROW((void)eis::parse_temperature_unit("F"), eis::InvalidArgument);
}

}  // namespace
