// End-to-end tests of `eis arrhenius` (CLI.md): runs the built binary on generated tables and
// checks the JSON/CSV contract, exit codes, and the --plot files.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <eis/units.hpp>

#include <sys/wait.h>

namespace {

namespace fs = std::filesystem;
constexpr double kb = eis::units::boltzmann_ev_per_k;

struct Output {
  int code = -1;
  std::string out;
  std::string err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

fs::path temp_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  auto d = fs::temp_directory_path() / (std::string("eis_arrhenius_") + info->name());
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

Output run(const fs::path& dir, const std::string& args) {
  const auto out = dir / "stdout.txt";
  const auto err = dir / "stderr.txt";
  const std::string command = std::string("\"") + EIS_TOOL_PATH + "\" arrhenius " + args + " >\"" +
                              out.string() + "\" 2>\"" + err.string() + "\"";
  const int status = std::system(command.c_str());
  Output o;
  o.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  o.out = slurp(out);
  o.err = slurp(err);
  return o;
}

// σT of two phases with a 1.5-decade jump at tc (0.8 eV below, 0.2 eV above), 1 % noise.
double jump_sigma(double t, double tc) {
  const double c = 1.0 / (kb * std::log(10.0));
  const double low = 6.0 - 0.8 * c / t;
  if (t < tc) {
    return std::pow(10.0, low) / t;
  }
  const double a_high = 6.0 - 0.8 * c / tc + 1.5 + 0.2 * c / tc;
  return std::pow(10.0, a_high - 0.2 * c / t) / t;
}

// A table in the `eis series` layout: heating (T_c 529 K) and cooling (T_c 480 K) of cycle 1.
fs::path write_series_table(const fs::path& dir) {
  const auto path = dir / "series.csv";
  std::ofstream out(path);
  out << "file,cycle,direction,temperature_k,r_bulk_ohm,r_bulk_stderr_ohm,r_gb_ohm,"
         "r_gb_stderr_ohm,r_total_ohm,c_bulk_f,c_gb_f,sigma_bulk_s_per_cm,"
         "sigma_bulk_stderr_s_per_cm,sigma_total_s_per_cm,sigma_total_stderr_s_per_cm,model,"
         "usable\n";
  std::mt19937_64 rng(3);
  std::normal_distribution<double> normal(0.0, 1.0);
  const auto emit = [&](const char* direction, double tc) {
    std::vector<double> grid;
    for (double t = tc - 35 - 15 * 6; t < tc - 20; t += 15) {
      grid.push_back(t);
    }
    for (double t = tc - 20; t <= tc + 20; t += 4) {
      grid.push_back(t);
    }
    for (double t = tc + 35; t <= tc + 120; t += 15) {
      grid.push_back(t);
    }
    for (const double t : grid) {
      const double s = jump_sigma(t, tc) * (1.0 + 0.01 * normal(rng));
      char line[512];
      std::snprintf(line,
                    sizeof line,
                    "\"spec,%g.txt\",1,%s,%.17g,,,,,,,,,,%.17g,%.17g,\"R0-p(R1,CPE1)\",true\n",
                    t,
                    direction,
                    t,
                    s,
                    0.01 * s);
      out << line;
    }
  };
  emit("heating", 529.0);
  emit("cooling", 480.0);
  // A failed spectrum: skipped.
  out << "bad.txt,1,heating,600,,,,,,,,,,,,R0,false\n";
  return path;
}

TEST(ArrheniusCli, SeriesTableGivesTransitionsAndHysteresis) {
  const auto dir = temp_dir();
  const auto table = write_series_table(dir);
  const auto o = run(dir, "\"" + table.string() + "\" --law arrhenius-t --format json");
  ASSERT_EQ(o.code, 0) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  ASSERT_EQ(j["runs"].size(), 2U);
  EXPECT_EQ(j["runs"][0]["direction"], "heating");
  EXPECT_EQ(j["runs"][1]["direction"], "cooling");
  EXPECT_EQ(j["stderr_column"], "sigma_total_stderr_s_per_cm");
  const auto& h = j["runs"][0];
  ASSERT_EQ(h["transitions"].size(), 1U);
  EXPECT_NEAR(h["transitions"][0]["temperature_k"].get<double>(), 529.0, 3.0);
  EXPECT_NEAR(h["transitions"][0]["log10_jump"].get<double>(), 1.5, 0.1);
  EXPECT_EQ(h["transitions"][0]["ci95_k"].size(), 2U);
  ASSERT_EQ(h["segments"].size(), 2U);
  EXPECT_EQ(h["segments"][0]["law"], "arrhenius-t");
  EXPECT_NEAR(h["segments"][0]["ea_ev"].get<double>(), 0.8, 0.05);
  EXPECT_NEAR(h["segments"][1]["ea_ev"].get<double>(), 0.2, 0.05);
  EXPECT_TRUE(h["segments"][0].contains("ea_arrhenius_ev"));
  ASSERT_EQ(j["hysteresis"].size(), 1U);
  EXPECT_NEAR(j["hysteresis"][0]["hysteresis_k"].get<double>(), 49.0, 5.0);
  EXPECT_TRUE(j["usable"].get<bool>());
  EXPECT_NE(o.err.find("skipped"), std::string::npos);  // the unusable row
}

TEST(ArrheniusCli, CelsiusTableCsvOutputAndCycleComparison) {
  const auto dir = temp_dir();
  const auto path = dir / "t.csv";
  {
    std::ofstream out(path);
    out << "temperature_c,sigma_s_per_cm,cycle\n";
    for (int cycle = 1; cycle <= 2; ++cycle) {
      for (double c = 30; c <= 130; c += 10) {
        const double t = c + 273.15;
        // σT with Ea 0.45 eV; cycle 2 is a factor 0.5 lower.
        const double s = std::pow(10.0, 4.0) * std::exp(-0.45 / (kb * t)) / t / cycle;
        char line[128];
        std::snprintf(line, sizeof line, "%g,%.17g,%d\n", c, s, cycle);
        out << line;
      }
    }
  }
  const auto csv = run(dir, "\"" + path.string() + "\" --law arrhenius-t --transitions none");
  ASSERT_EQ(csv.code, 0) << csv.err;
  std::istringstream lines(csv.out);
  std::string header, row;
  std::getline(lines, header);
  EXPECT_EQ(header.rfind("cycle,direction,segment,t_min_k,t_max_k,points,law,ea_ev,", 0), 0U);
  std::getline(lines, row);
  std::vector<std::string> fields;
  std::istringstream fs_row(row);
  for (std::string f; std::getline(fs_row, f, ',');) {
    fields.push_back(f);
  }
  ASSERT_GE(fields.size(), 8U) << row;
  EXPECT_EQ(fields[0], "1");
  EXPECT_EQ(fields[1], "unknown");
  EXPECT_NEAR(std::stod(fields[3]), 303.15, 1e-9);  // 30 °C converted to K
  EXPECT_EQ(fields[6], "arrhenius-t");
  EXPECT_NEAR(std::stod(fields[7]), 0.45, 1e-9);  // exact data
  const auto js = run(dir,
                      "\"" + path.string() +
                          "\" --law arrhenius-t --transitions none --format json "
                          "--compare-at 350");
  ASSERT_EQ(js.code, 0) << js.err;
  const auto j = nlohmann::json::parse(js.out);
  ASSERT_EQ(j["cycle_comparison"].size(), 2U);
  EXPECT_NEAR(j["cycle_comparison"][1]["sigma_ratio"].get<double>(), 0.5, 1e-9);
  EXPECT_EQ(j["cycle_comparison"][1]["reference_cycle"], 1);
  EXPECT_EQ(j["cycle_comparison"][1]["temperature_k"], 350.0);
  // --cycle picks one run.
  const auto one = run(dir, "\"" + path.string() + "\" --cycle 2 --format json");
  ASSERT_EQ(one.code, 0) << one.err;
  EXPECT_EQ(nlohmann::json::parse(one.out)["runs"].size(), 1U);
}

TEST(ArrheniusCli, PlotDirectoryGetsSvgFiles) {
  const auto dir = temp_dir();
  const auto table = write_series_table(dir);
  const auto plots = dir / "plots" / "here";
  const auto o = run(dir, "\"" + table.string() + "\" --plot \"" + plots.string() + "\"");
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_TRUE(fs::exists(plots / "arrhenius.svg"));
  EXPECT_TRUE(fs::exists(plots / "apparent_ea.svg"));
  EXPECT_NE(o.err.find((plots / "arrhenius.svg").string()), std::string::npos);
  const auto svg = slurp(plots / "arrhenius.svg");
  EXPECT_NE(svg.find("1000/T (1/K)"), std::string::npos);
  EXPECT_NE(svg.find("T (°C)"), std::string::npos);
  EXPECT_NE(svg.find("cycle 1 cooling"), std::string::npos);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
}

TEST(ArrheniusCli, BadInputExitsWithTwo) {
  const auto dir = temp_dir();
  const auto path = dir / "bad.csv";
  {
    std::ofstream out(path);
    out << "temperature_k,resistance_ohm\n300,1\n310,2\n320,3\n";
  }
  const auto missing = run(dir, "\"" + path.string() + "\"");
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("bad.csv"), std::string::npos);
  EXPECT_NE(missing.err.find("sigma_total_s_per_cm"), std::string::npos);
  const auto none = run(dir, "\"" + (dir / "nope.csv").string() + "\"");
  EXPECT_EQ(none.code, 2);
  {
    std::ofstream out(path);
    out << "temperature_k,sigma_total_s_per_cm\n300,1e-5\n310,abc\n";
  }
  const auto text = run(dir, "\"" + path.string() + "\"");
  EXPECT_EQ(text.code, 2);
  EXPECT_NE(text.err.find(":3:"), std::string::npos) << text.err;  // line 3
  const auto bad_n = run(dir, "\"" + path.string() + "\" --transitions 5");
  EXPECT_EQ(bad_n.code, 2);
}

}  // namespace
