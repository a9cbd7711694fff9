// End-to-end tests of `eis bench` (issue 10): it runs, prints one valid JSON document (or a
// CSV header and row) with positive, finite timings and the fields scripts rely on, and
// rejects a bad circuit with exit code 2. No timing assertions: the numbers depend on the load.
#include <cmath>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "run_tool.hpp"

namespace {

using eis::test::run_tool;

TEST(BenchCommand, PrintsJsonWithPositiveTimings) {
  const auto run = run_tool("bench --points 256 --seconds 0.01 --format json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto j = nlohmann::json::parse(run.out);
  for (const char* key : {"evaluate_ns_per_point",
                          "evaluate_with_log_ns_per_point",
                          "reference_ns_per_point",
                          "jacobian_ns_per_point",
                          "fit_ms_per_spectrum",
                          "ratio_to_reference"}) {
    ASSERT_TRUE(j.contains(key)) << key;
    const double v = j[key].get<double>();
    EXPECT_TRUE(std::isfinite(v) && v > 0.0) << key << " = " << v;
  }
  EXPECT_EQ(j["threads"].get<int>(), 1);
  EXPECT_EQ(j["points"].get<int>(), 256);
  EXPECT_EQ(j["parameters"].get<int>(), 9);
  EXPECT_EQ(j["circuit"].get<std::string>(), "R0-p(R1,CPE1)-p(R2,CPE2)-CPE3");
  EXPECT_GT(j["fit_evaluations"].get<int>(), 0);
}

TEST(BenchCommand, OtherCircuitThreadsAndCsv) {
  const auto run =
      run_tool("bench --circuit 'R0-p(R1,C1)' --points 100 --seconds 0.01 --threads 2");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto newline = run.out.find('\n');
  ASSERT_NE(newline, std::string::npos);
  EXPECT_EQ(run.out.substr(0, newline),
            "circuit,points,parameters,evaluate_ns_per_point,evaluate_with_log_ns_per_point,"
            "reference_ns_per_point,"
            "ratio_to_reference,jacobian_ns_per_point,fit_ms_per_spectrum,fit_evaluations,"
            "fit_usable,threads");
  const std::string row = run.out.substr(newline + 1);
  EXPECT_EQ(row.rfind("\"R0-p(R1,C1)\",100,3,", 0), 0u) << row;
  EXPECT_NE(row.find(",2\n"), std::string::npos) << row;  // threads
}

TEST(BenchCommand, BadCircuitIsBadInput) {
  const auto run = run_tool("bench --circuit 'R0-p(R1,' --seconds 0.01");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("column"), std::string::npos) << run.err;
}

}  // namespace
