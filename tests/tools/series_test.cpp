// End-to-end tests of `eis series` (CLI.md) on the bundled EISFitpython series.
#include "commands/series.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include <eis/conductivity/row.hpp>
#include <eis/error.hpp>

#include "support/support.hpp"

namespace {

namespace fs = std::filesystem;

struct ToolRun {
  int code = -1;
  std::string out;
};

ToolRun run_tool(const std::string& args) {
  const fs::path out = fs::temp_directory_path() / "eis_series_test_out.txt";
  const std::string cmd = std::string(EIS_TOOL_PATH) + " " + args + " > " + out.string() + " 2> " +
                          out.string() + ".err";
  const int status = std::system(cmd.c_str());
  ToolRun r;
  r.code = WEXITSTATUS(status);
  std::ifstream in(out);
  std::stringstream ss;
  ss << in.rdbuf();
  r.out = ss.str();
  return r;
}

std::string manifest() {
  return eis::test::data_path("eisfitpython/manifest.csv").string();
}

TEST(SeriesCli, ManifestGivesTheCsvContract) {
  const ToolRun r =
      run_tool("series " + manifest() + " --cell blocking --thickness-cm 0.21 --diameter-cm 0.8");
  ASSERT_EQ(r.code, 0) << r.out;
  std::istringstream lines(r.out);
  std::string header;
  std::getline(lines, header);
  EXPECT_EQ(header, eis::series_csv_header());
  std::string line;
  int rows = 0;
  while (std::getline(lines, line)) {
    ++rows;
    EXPECT_NE(line.find("s04147-"), std::string::npos);
    EXPECT_NE(line.find(",1,heating,"), std::string::npos);
    EXPECT_NE(line.find("\"p(R1,CPE1)-p(R2,CPE2)-CPE3\",true"), std::string::npos) << line;
  }
  EXPECT_EQ(rows, 7);
}

TEST(SeriesCli, TemperaturesFromFileNamesJsonAndPlots) {
  const fs::path dir = eis::test::data_path("eisfitpython");
  const fs::path plots = fs::temp_directory_path() / "eis_series_test_plots";
  fs::remove_all(plots);
  const ToolRun r = run_tool("series " + (dir / "s04147-140deg.txt").string() + " " +
                             (dir / "s04147-150deg.txt").string() +
                             " --temperature-from-name '(\\d+)deg' --temperature-unit C"
                             " --thickness-cm 0.21 --diameter-cm 0.8 --thickness-err-cm 0.01"
                             " --format json --threads 2 --plot " +
                             plots.string());
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("\"temperature_k\": 413.15"), std::string::npos);
  EXPECT_NE(r.out.find("\"temperature_k\": 423.15"), std::string::npos);
  EXPECT_NE(r.out.find("\"candidates\""), std::string::npos);
  EXPECT_TRUE(fs::exists(plots / "nyquist_cycle1_heating.svg"));
  EXPECT_TRUE(fs::exists(plots / "conductivity_arrhenius.svg"));
  fs::remove_all(plots);
}

TEST(SeriesCli, BadInputExitsWithTwo) {
  // Both area and diameter: a usage error of CLI11 (excludes) or ours; never success.
  EXPECT_NE(run_tool("series " + manifest() + " --thickness-cm 0.21").code, 0);
  const ToolRun missing = run_tool(
      "series /nonexistent/manifest.csv --thickness-cm 0.21"
      " --diameter-cm 0.8");
  EXPECT_EQ(missing.code, 2);
  eis::cli::SeriesCommand cmd;
  cmd.inputs = {manifest()};
  cmd.thickness_cm = 0.21;
  cmd.diameter_cm = 0.8;
  cmd.cell = "copper";
  EXPECT_THROW((void)eis::cli::run_series(cmd), eis::InvalidArgument);
}

}  // namespace
