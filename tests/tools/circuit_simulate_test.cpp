// End-to-end tests of `eis circuit` and `eis simulate` (CLI.md): outputs, agreement with closed
// forms to 1e-12, frequency files, noise reproducibility, exit code 2 with a message naming the
// problem and its position.
#include <charconv>
#include <cmath>
#include <complex>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <eis/error.hpp>

#include "commands/simulate.hpp"
#include "run_tool.hpp"
#include "support/support.hpp"
#include <unistd.h>

namespace {

using Complex = std::complex<double>;
using eis::test::run_tool;
using eis::test::shell_quote;

struct Row {
  double f;
  Complex z;
};

double to_double(const std::string& s) {
  double v = std::nan("");
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

std::vector<Row> parse_table(const std::string& csv) {
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "frequency_hz,z_real_ohm,z_imag_ohm");
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    const auto a = line.find(',');
    const auto b = line.find(',', a + 1);
    rows.push_back({to_double(line.substr(0, a)),
                    {to_double(line.substr(a + 1, b - a - 1)), to_double(line.substr(b + 1))}});
  }
  return rows;
}

std::filesystem::path temp_file(const std::string& name, const std::string& content) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("eis_sim_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(path) << content;
  return path;
}

TEST(EisCircuit, ListsCdcParametersByPosition) {
  const auto run = run_tool("circuit 'R(RQ)Q'");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::istringstream in(run.out);
  std::string line;
  std::vector<std::string> names;
  std::getline(in, line);
  EXPECT_EQ(line.rfind("name,unit,lower,upper", 0), 0u) << line;
  while (std::getline(in, line)) {
    names.push_back(line.substr(0, line.find(',')));
  }
  EXPECT_EQ(names, (std::vector<std::string>{"R0", "R1", "CPE2_0", "CPE2_1", "CPE3_0", "CPE3_1"}));
}

TEST(EisCircuit, JsonHasBothSyntaxesUnitsAndBounds) {
  const auto run = run_tool("circuit 'R0-p(R1,CPE1)-Wo1' --format json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto doc = nlohmann::json::parse(run.out);
  EXPECT_EQ(doc["circuit"], "R0-p(R1,CPE1)-Wo1");
  EXPECT_EQ(doc["cdc"], "R(RQ)O");
  ASSERT_EQ(doc["parameters"].size(), 6u);
  EXPECT_EQ(doc["parameters"][1]["name"], "R1");
  EXPECT_EQ(doc["parameters"][1]["unit"], "ohm");
  EXPECT_EQ(doc["parameters"][1]["lower"], 0.0);
  EXPECT_TRUE(doc["parameters"][1]["upper"].is_null());
  EXPECT_EQ(doc["parameters"][3]["name"], "CPE1_1");
  EXPECT_EQ(doc["parameters"][3]["upper"], 1.0);
  EXPECT_EQ(doc["parameters"][5]["unit"], "s");
}

TEST(EisCircuit, BadCircuitExitsTwoWithColumn) {
  const auto run = run_tool("circuit 'R0-p(R1,'");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("column 9: expected an element or ')'"), std::string::npos) << run.err;
  EXPECT_TRUE(run.out.empty());
}

// R0 + R1 ∥ C1 and the blocking-electrode circuit against their closed forms.
TEST(EisSimulate, AgreesWithClosedForms) {
  {
    const auto run = run_tool(
        "simulate --circuit 'R0-p(R1,C1)' --params 10,1e5,1e-9 --freq-min 1e-2 --freq-max 1e6 "
        "--points-per-decade 10");
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const auto rows = parse_table(run.out);
    ASSERT_EQ(rows.size(), 81u);
    EXPECT_EQ(rows.front().f, 1e6);
    EXPECT_EQ(rows.back().f, 1e-2);
    for (const auto& r : rows) {
      const double w = 2.0 * std::numbers::pi * r.f;
      const Complex expected = 10.0 + 1e5 / Complex(1.0, w * 1e5 * 1e-9);
      EXPECT_TRUE(eis::test::near_relative(r.z, expected, 1e-12)) << r.f;
    }
  }
  {
    const auto run = run_tool(
        "simulate --circuit 'LR(RQ)(RQ)Q' --params 1e-7,5,1e5,2e-11,0.95,3e5,4e-9,0.8,1e-6,0.9 "
        "--freq-min 1e-1 --freq-max 1e7");
    ASSERT_EQ(run.exit_code, 0) << run.err;
    for (const auto& r : parse_table(run.out)) {
      const Complex s(0.0, 2.0 * std::numbers::pi * r.f);
      const auto cpe = [&](double q, double n) { return 1.0 / (q * std::pow(s, n)); };
      const Complex expected = 1e-7 * s + 5.0 + 1.0 / (1.0 / 1e5 + 1.0 / cpe(2e-11, 0.95)) +
                               1.0 / (1.0 / 3e5 + 1.0 / cpe(4e-9, 0.8)) + cpe(1e-6, 0.9);
      EXPECT_TRUE(eis::test::near_relative(r.z, expected, 1e-12)) << r.f;
    }
  }
}

TEST(EisSimulate, ReadsFrequencyFile) {
  const auto file = temp_file("f.csv", "frequency_hz,comment\n# a comment\n1000,x\n\n10\n0.5;y\n");
  const auto run =
      run_tool("simulate --circuit R0 --params 42 --frequencies " + shell_quote(file.string()));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto rows = parse_table(run.out);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].f, 1000.0);
  EXPECT_EQ(rows[2].f, 0.5);
  EXPECT_EQ(rows[1].z, Complex(42.0, 0.0));

  const auto bad = temp_file("bad.csv", "1000\n100\n-5\n");
  const auto run_bad =
      run_tool("simulate --circuit R0 --params 42 --frequencies " + shell_quote(bad.string()));
  EXPECT_EQ(run_bad.exit_code, 2);
  EXPECT_NE(run_bad.err.find(bad.string() + ":3:"), std::string::npos) << run_bad.err;
  EXPECT_NE(run_bad.err.find("-5 Hz"), std::string::npos) << run_bad.err;
  std::filesystem::remove(file);
  std::filesystem::remove(bad);
}

TEST(EisSimulate, NoiseIsReproduciblePerSeed) {
  const std::string base = "simulate --circuit 'R0-p(R1,C1)' --params 10,1e5,1e-9 --noise 0.01 ";
  const auto a = run_tool(base + "--seed 3");
  const auto b = run_tool(base + "--seed 3");
  const auto c = run_tool(base + "--seed 4");
  const auto clean = run_tool("simulate --circuit 'R0-p(R1,C1)' --params 10,1e5,1e-9");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(a.out, c.out);
  const auto noisy = parse_table(a.out);
  const auto exact = parse_table(clean.out);
  ASSERT_EQ(noisy.size(), exact.size());
  for (std::size_t i = 0; i < noisy.size(); ++i) {
    EXPECT_LT(std::abs(noisy[i].z - exact[i].z), 0.06 * std::abs(exact[i].z));  // 6 σ
  }
}

// The program reads what it writes: `eis simulate`'s CSV (frequency_hz, z_real_ohm,
// z_imag_ohm) goes back through `eis fit`, which recovers the parameters it was made with.
TEST(EisSimulate, OutputReadsBackIntoFit) {
  const auto sim = run_tool("simulate --circuit 'R0-p(R1,C1)' --params 10,1e5,1e-9");
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  const auto file = temp_file("roundtrip.csv", sim.out);
  const auto fit =
      run_tool("fit " + shell_quote(file.string()) + " --circuit 'R0-p(R1,C1)' --format csv");
  EXPECT_EQ(fit.exit_code, 0) << fit.err;
  const std::string key = ",R1,ohm,";  // file,circuit,name,unit,value,...
  const auto r1 = fit.out.find(key);
  ASSERT_NE(r1, std::string::npos) << fit.out;
  const auto start = r1 + key.size();
  const double value = to_double(fit.out.substr(start, fit.out.find(',', start) - start));
  EXPECT_NEAR(value, 1e5, 1e5 * 1e-6);
  std::filesystem::remove(file);
}

TEST(EisSimulate, BadInputExitsTwoNamingTheProblem) {
  const struct {
    const char* args;
    const char* message;
  } cases[] = {
      {"--circuit 'R0-p(R1,' --params 1,2", "column 9: expected an element or ')'"},
      {"--circuit 'R(RX)' --params 1,2", "column 4: unknown CDC element 'X'"},
      {"--circuit 'R0-p(R1,C1)' --params 1,2", "--params gives 2 values but circuit"},
      {"--circuit 'R0-p(R1,C1)' --params 1,2,3,4", "has 3 parameters: R0,R1,C1"},
      {"--circuit 'R0-p(R1,C1)' --params 1,abc,3", "value 2 ('abc')"},
      {"--circuit 'R0-p(R1,C1)' --params 1,,3", "value 2 ('')"},
      {"--circuit 'R0' --params 1 --freq-min 0", "--freq-min"},
      {"--circuit 'R0' --params 1 --freq-min -3", "--freq-min"},
      {"--circuit 'R0' --params 1 --freq-min 10 --freq-max 1", "--freq-max"},
      {"--circuit 'R0' --params 1 --points-per-decade 0", "--points-per-decade"},
      {"--circuit 'R0' --params 1 --noise -1", "--noise"},
      {"--circuit 'R0' --params 1 --frequencies /nonexistent/f.txt", "/nonexistent/f.txt"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.args);
    const auto run = run_tool(std::string("simulate ") + c.args);
    EXPECT_EQ(run.exit_code, 2) << run.err;
    EXPECT_NE(run.err.find(c.message), std::string::npos) << run.err;
    EXPECT_TRUE(run.out.empty()) << run.out;
  }
}

TEST(EisSimulate, ParameterListParsing) {
  EXPECT_EQ(eis::cli::parse_parameter_list("1,2.5e-3, +4 ;5"),
            (std::vector<double>{1.0, 2.5e-3, 4.0, 5.0}));
  EXPECT_EQ(eis::cli::parse_parameter_list("1 2\t3"), (std::vector<double>{1.0, 2.0, 3.0}));
  EXPECT_THROW((void)eis::cli::parse_parameter_list("1,nan"), eis::InvalidArgument);
  EXPECT_THROW((void)eis::cli::parse_parameter_list("1,"), eis::InvalidArgument);
}

}  // namespace
