// End-to-end tests of `eis kk` and `eis drt` (CLI.md) on the LPSCl blocking-cell fixture
// (tests/data/hybrid_drt, BSD-3-Clause) and on run_kk()/run_drt() directly.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <eis/error.hpp>

#include "commands/drt.hpp"
#include "commands/kk.hpp"
#include "support/support.hpp"
#include <sys/wait.h>

namespace {

namespace fs = std::filesystem;

struct ToolRun {
  int code = -1;
  std::string out;
};

ToolRun run_tool(const std::string& args, const fs::path& dir) {
  const fs::path out = dir / "stdout.txt";
  const std::string command = std::string(EIS_TOOL_PATH) + " " + args + " > \"" + out.string() +
                              "\" 2> \"" + (dir / "stderr.txt").string() + "\"";
  const int status = std::system(command.c_str());
  ToolRun r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(out);
  std::stringstream ss;
  ss << in.rdbuf();
  r.out = ss.str();
  return r;
}

fs::path temp_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() /
                     ("eis_kkdrt_" + name + "_" +
                      std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

const std::string lpscl =
    eis::test::data_path("hybrid_drt/PEIS_LPSCl_IonBlocking_-25C.txt").string();

TEST(KkCommand, JsonHasContractFieldsAndPlots) {
  const auto dir = temp_dir("kk");
  const ToolRun r =
      run_tool("kk \"" + lpscl + "\" --domain admittance --series-c --format json --plot \"" +
                   (dir / "plots").string() + "\"",
               dir);
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* key : {"passed", "elements", "mu", "max_residual", "residuals"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["residuals"].size(), 79u);
  EXPECT_TRUE(j["residuals"][0].contains("frequency_hz"));
  EXPECT_TRUE(j["residuals"][0].contains("real"));
  EXPECT_TRUE(j["residuals"][0].contains("imag"));
  EXPECT_GE(j["elements"].get<int>(), 1);
  EXPECT_TRUE(fs::exists(dir / "plots" / "kk_residuals.svg"));
  EXPECT_TRUE(fs::exists(dir / "plots" / "kk_nyquist.svg"));
  fs::remove_all(dir);
}

TEST(KkCommand, CsvHasOneRowPerPointAndBadFileExitsTwo) {
  const auto dir = temp_dir("kkcsv");
  const ToolRun r = run_tool("kk \"" + lpscl + "\"", dir);
  ASSERT_EQ(r.code, 0);
  std::istringstream in(r.out);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line,
            "frequency_hz,z_real_ohm,z_imag_ohm,fit_real_ohm,fit_imag_ohm,residual_real,"
            "residual_imag,compliant");
  int rows = 0;
  while (std::getline(in, line)) {
    ++rows;
  }
  EXPECT_EQ(rows, 79);
  EXPECT_EQ(run_tool("kk \"" + (dir / "missing.txt").string() + "\"", dir).code, 2);
  fs::remove_all(dir);
}

TEST(DrtCommand, JsonPeaksAndPlots) {
  const auto dir = temp_dir("drt");
  const ToolRun r = run_tool(
      "drt \"" + lpscl + "\" --series-c --format json --plot \"" + (dir / "plots").string() + "\"",
      dir);
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j.contains("lambda"));
  EXPECT_EQ(j["tau_s"].size(), j["gamma_ohm"].size());
  ASSERT_FALSE(j["peaks"].empty());
  // The bulk peak near 1.2 MHz (FORMATS.md §4.2) is among them, inside the 0.1 Hz–7 MHz window.
  bool bulk = false;
  for (const auto& p : j["peaks"]) {
    const double f = p["frequency_hz"].get<double>();
    if (f > 0.7e6 && f < 2e6 && p["resistance_ohm"].get<double>() > 1e3) {
      bulk = true;
      EXPECT_TRUE(p["within_window"].get<bool>());
    }
  }
  EXPECT_TRUE(bulk) << r.out.substr(0, 400);
  EXPECT_TRUE(fs::exists(dir / "plots" / "drt_gamma.svg"));
  fs::remove_all(dir);
}

// The credible band brackets γ; every peak reports its significance. Requiring 100 σ merges
// every maximum into one peak spanning the whole grid, whose area is then ∫γ d ln τ itself.
TEST(DrtCommand, CredibleBandAndSignificanceMerging) {
  const auto dir = temp_dir("drtband");
  const ToolRun r = run_tool("drt \"" + lpscl + "\" --series-c --format json", dir);
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  const auto& g = j["gamma_ohm"];
  ASSERT_EQ(j["gamma_sd_ohm"].size(), g.size());
  ASSERT_EQ(j["gamma_lower_ohm"].size(), g.size());
  ASSERT_EQ(j["gamma_upper_ohm"].size(), g.size());
  for (std::size_t q = 0; q < g.size(); ++q) {
    EXPECT_LE(j["gamma_lower_ohm"][q].get<double>(), g[q].get<double>());
    EXPECT_GE(j["gamma_upper_ohm"][q].get<double>(), g[q].get<double>());
  }
  EXPECT_GT(j["posterior_sigma"].get<double>(), 0.0);
  ASSERT_GT(j["peaks"].size(), 1u);
  for (const auto& p : j["peaks"]) {
    EXPECT_TRUE(p.contains("significance"));
  }
  const ToolRun all =
      run_tool("drt \"" + lpscl + "\" --series-c --format json --min-significance 100", dir);
  ASSERT_EQ(all.code, 0) << all.out;
  const auto m = nlohmann::json::parse(all.out);
  ASSERT_EQ(m["peaks"].size(), 1u);
  EXPECT_TRUE(eis::test::near_relative(
      m["peaks"][0]["resistance_ohm"].get<double>(), m["polarisation_ohm"].get<double>(), 1e-9));
  fs::remove_all(dir);
}

TEST(DrtCommand, RunDrtRejectsBadLambda) {
  eis::cli::DrtCommand cmd;
  cmd.file = lpscl;
  cmd.lambda = "often";
  EXPECT_THROW((void)eis::cli::run_drt(cmd), eis::InvalidArgument);
  try {
    (void)eis::cli::run_drt(cmd);
    ADD_FAILURE() << "--lambda often was accepted";
  } catch (const eis::InvalidArgument& e) {
    // The method names come from the library's parser, so every method is listed.
    const std::string what = e.what();
    for (const char* name : {"gcv", "lcurve", "re-im", "discrepancy", "kfold", "auto"}) {
      EXPECT_NE(what.find(name), std::string::npos) << name << " missing in: " << what;
    }
  }
  for (const char* bad : {"-1", "0", "inf", "nan", "1e-3x"}) {
    cmd.lambda = bad;
    EXPECT_THROW((void)eis::cli::run_drt(cmd), eis::InvalidArgument) << bad;
  }
}

}  // namespace
