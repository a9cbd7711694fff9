// End-to-end tests of `eis fit` (CLI.md): JSON fields, exit codes, CSV and plots.
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/support.hpp"
#include <sys/wait.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

CliRun run_eis(const std::string& arguments) {
  const fs::path dir = fs::temp_directory_path() / ("eis_fit_cli_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path out = dir / "out.txt";
  const fs::path err = dir / "err.txt";
  const std::string command =
      std::string(EIS_TOOL_PATH) + " " + arguments + " >" + out.string() + " 2>" + err.string();
  const int status = std::system(command.c_str());
  CliRun r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream o(out);
  std::ifstream e(err);
  std::stringstream so;
  std::stringstream se;
  so << o.rdbuf();
  se << e.rdbuf();
  r.out = so.str();
  r.err = se.str();
  return r;
}

std::string fixture(const std::string& relative) {
  return "'" + eis::test::data_path(relative).string() + "'";
}

// impedance.py tutorial (FORMATS.md §5 R2) through the command line: unweighted, Z'' < 0 only.
TEST(FitCommand, ImpedancePyTutorialAsJson) {
  const CliRun r = run_eis("fit " + fixture("impedance_py/exampleData.csv") +
                           " --circuit 'R0-p(R1,C1)-p(R2-Wo1,C2)' --weighting unit"
                           " --drop-inductive --initial .01,.01,100,.01,.05,100,1 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["circuit"], "R0-p(R1,C1)-p(R2-Wo1,C2)");
  EXPECT_EQ(j["weighting"], "unit");
  EXPECT_EQ(j["points"], 57);
  ASSERT_EQ(j["parameters"].size(), 7U);
  EXPECT_EQ(j["parameters"][0]["name"], "R0");
  EXPECT_EQ(j["parameters"][0]["unit"], "ohm");
  EXPECT_TRUE(eis::test::near_relative(j["parameters"][0]["value"].get<double>(), 1.65e-2, 0.01));
  EXPECT_TRUE(eis::test::near_relative(j["parameters"][2]["value"].get<double>(), 3.32, 0.01));
  const auto ci = j["parameters"][0]["ci95"];
  ASSERT_EQ(ci.size(), 2U);
  EXPECT_LT(ci[0].get<double>(), j["parameters"][0]["value"].get<double>());
  EXPECT_GT(ci[1].get<double>(), j["parameters"][0]["value"].get<double>());
  EXPECT_FALSE(j["parameters"][0]["fixed"].get<bool>());
  const double s = j["chi_square"].get<double>();
  EXPECT_NEAR(j["reduced_chi_square"].get<double>(), s / (2 * 57 - 7), 1e-12 * s);
  // AIC/BIC with n = 2N (METHODS.md §3.6)
  EXPECT_NEAR(j["aic"].get<double>(), 114 * std::log(s / 114) + 14, 1e-9);
  EXPECT_NEAR(j["bic"].get<double>(), 114 * std::log(s / 114) + 7 * std::log(114.0), 1e-9);
  EXPECT_EQ(j["termination"], "converged");
  EXPECT_TRUE(j["usable"].get<bool>());
  EXPECT_TRUE(j["warnings"].is_array());
  EXPECT_GT(j["iterations"].get<int>(), 0);
}

// --kk-mask: the EISFitpython 140 °C spectrum breaks Lin-KK in its top frequencies (`eis kk
// --series-c` flags 120 kHz–1 MHz); the fit leaves the masked points out and says so.
TEST(FitCommand, KkMaskLeavesOutNonCompliantPoints) {
  const std::string base = "fit " + fixture("eisfitpython/s04147-140deg.txt") +
                           " --circuit 'p(R1,CPE1)-p(R2,CPE2)-CPE3' --format json";
  const CliRun all = run_eis(base);
  const CliRun masked = run_eis(base + " --kk-mask");
  ASSERT_EQ(all.exit_code, 0) << all.err;
  ASSERT_EQ(masked.exit_code, 0) << masked.err;
  const auto a = nlohmann::json::parse(all.out);
  const auto m = nlohmann::json::parse(masked.out);
  EXPECT_EQ(a["points"], 42);
  EXPECT_LT(m["points"].get<int>(), 42);
  EXPECT_GE(m["points"].get<int>(), 42 - 42 / 4);  // lin_kk_mask's cap
  bool noted = false;
  for (const auto& w : m["warnings"]) {
    noted = noted || w.get<std::string>().find("Lin-KK mask dropped") != std::string::npos;
  }
  EXPECT_TRUE(noted) << m["warnings"].dump();
}

TEST(FitCommand, FixedParameterCsvAndPlots) {
  const fs::path plots =
      fs::temp_directory_path() / ("eis_fit_plots_" + std::to_string(::getpid()));
  fs::remove_all(plots);
  const CliRun r = run_eis("fit " + fixture("impedance_py/exampleData.csv") +
                           " --circuit 'R0-p(R1,C1)-p(R2-Wo1,C2)' --weighting unit --drop-inductive"
                           " --fixed R0=0.0165 --format csv --plot '" +
                           plots.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string header;
  std::getline(lines, header);
  EXPECT_EQ(header, "file,circuit,name,unit,value,stderr,ci95_lower,ci95_upper,fixed");
  std::string first;
  std::getline(lines, first);
  EXPECT_NE(first.find("\"R0-p(R1,C1)-p(R2-Wo1,C2)\",R0,ohm,0.0165,0,"), std::string::npos)
      << first;
  EXPECT_NE(first.find(",true"), std::string::npos);
  for (const char* name : {"nyquist.svg", "bode.svg", "residuals.svg"}) {
    EXPECT_TRUE(fs::exists(plots / name)) << name;
    EXPECT_NE(r.err.find(name), std::string::npos);
  }
  fs::remove_all(plots);
}

TEST(FitCommand, BadInputExitsWithTwo) {
  const std::string file = fixture("impedance_py/exampleData.csv");
  EXPECT_EQ(run_eis("fit " + file + " --circuit 'R0-p(R1,'").exit_code, 2);
  EXPECT_EQ(run_eis("fit " + file + " --circuit 'R0-p(R1,C1)' --initial 1,2").exit_code, 2);
  EXPECT_EQ(run_eis("fit " + file + " --circuit 'R0-p(R1,C1)' --fixed R7=1").exit_code, 2);
  EXPECT_EQ(run_eis("fit " + file + " --circuit 'R0-p(R1,C1)' --bounds R1=5").exit_code, 2);
  EXPECT_EQ(run_eis("fit /nonexistent/file.csv --circuit R0").exit_code, 2);
}

TEST(FitCommand, UnconvergedFitExitsWithThreeAndPrintsResult) {
  const CliRun r = run_eis("fit " + fixture("impedance_py/exampleData.csv") +
                           " --circuit 'R0-p(R1,C1)-p(R2-Wo1,C2)' --weighting unit --drop-inductive"
                           " --initial .01,.01,100,.01,.05,100,1 --max-iterations 2");
  EXPECT_EQ(r.exit_code, 3) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["termination"], "max_iterations");
  EXPECT_FALSE(j["usable"].get<bool>());
  EXPECT_EQ(j["parameters"].size(), 7U);
}

}  // namespace
