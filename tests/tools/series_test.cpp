// End-to-end tests of `eis series` (CLI.md) on the bundled EISFitpython series.
#include "commands/series.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <eis/conductivity/row.hpp>
#include <eis/error.hpp>

#include "support/support.hpp"
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

struct ToolRun {
  int code = -1;
  std::string out;
};

ToolRun run_tool(const std::string& args) {
  // Unique per process and call: ctest runs each test in its own process, in parallel, so a
  // fixed name let two tests read each other's output (the CI failure of session 1).
  static int counter = 0;
  const fs::path out =
      fs::temp_directory_path() /
      ("eis_series_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".txt");
  const std::string cmd = std::string(EIS_TOOL_PATH) + " " + args + " > " + out.string() + " 2> " +
                          out.string() + ".err";
  const int status = std::system(cmd.c_str());
  ToolRun r;
  r.code = WEXITSTATUS(status);
  std::ifstream in(out);
  std::stringstream ss;
  ss << in.rdbuf();
  r.out = ss.str();
  in.close();
  fs::remove(out);
  fs::remove(out.string() + ".err");
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
  const fs::path plots =
      fs::temp_directory_path() / ("eis_series_test_plots_" + std::to_string(::getpid()));
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

// --kk-mask reaches every fit of the series: each EISFitpython spectrum loses its 655 kHz point
// (it breaks Lin-KK in all seven files, an analyser artefact), and the rows say so.
TEST(SeriesCli, KkMaskReachesEveryFit) {
  const ToolRun r = run_tool("series " + manifest() +
                             " --thickness-cm 0.21 --diameter-cm 0.8 --kk-mask --format json");
  ASSERT_EQ(r.code, 0) << r.out;
  std::size_t rows = 0;
  for (std::size_t at = r.out.find("Lin-KK mask dropped"); at != std::string::npos;
       at = r.out.find("Lin-KK mask dropped", at + 1)) {
    ++rows;
  }
  EXPECT_EQ(rows, 7u) << r.out.substr(0, 2000);
  EXPECT_EQ(r.out.find("Lin-KK mask not applied"), std::string::npos);
}

TEST(SeriesCli, TiedFitOfTheEisFitpythonRun) {
  // --tied: one run of 7 spectra, all fitted with the two-arc model, R_bulk(T) tied to the σT
  // law. Arrhenius_Analysis_Report.txt (FORMATS.md §5) gives the bulk activation energy from
  // its per-spectrum fits as 0.5869 ± 0.0163 eV: the tied estimate must agree within 2σ.
  const ToolRun r = run_tool("series " + manifest() +
                             " --cell blocking --thickness-cm 0.21 --diameter-cm 0.8"
                             " --tied --format json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["tied_runs"].size(), 1u);
  const auto& t = j["tied_runs"][0];
  EXPECT_EQ(t["cycle"], 1);
  EXPECT_EQ(t["direction"], "heating");
  EXPECT_EQ(t["form"], "arrhenius-t");
  ASSERT_TRUE(t["usable"].get<bool>()) << t["message"];
  EXPECT_EQ(t["spectra"].size(), 7u);
  EXPECT_NEAR(t["ea_ev"].get<double>(), 0.5869, 2 * 0.0163);
  EXPECT_GT(t["ea_stderr_ev"].get<double>(), 0.0);
  for (const auto& sp : t["spectra"]) {
    // σ = L/(R·A) with L = 0.21 cm, A = π·0.4² cm² (METHODS.md §7.1).
    EXPECT_NEAR(sp["sigma_bulk_s_per_cm"].get<double>() * sp["r_bulk_ohm"].get<double>(),
                0.21 / (3.14159265358979 * 0.16),
                1e-9);
  }
  // Without --tied the key is absent (the contract's JSON is unchanged).
  const ToolRun plain = run_tool("series " + manifest() +
                                 " --cell blocking --thickness-cm 0.21 --diameter-cm 0.8"
                                 " --format json");
  ASSERT_EQ(plain.code, 0);
  EXPECT_FALSE(nlohmann::json::parse(plain.out).contains("tied_runs"));
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
