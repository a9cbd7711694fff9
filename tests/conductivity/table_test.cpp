#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include <eis/conductivity/table.hpp>
#include <eis/error.hpp>

namespace {

using eis::conductivity::Direction;
using eis::conductivity::read_conductivity_table;

TEST(ConductivityTable, ReadsSeriesLayout) {
  const std::string text =
      "\xEF\xBB\xBF"
      "file,cycle,direction,temperature_k,sigma_total_s_per_cm,sigma_total_stderr_s_per_cm,"
      "model,usable\r\n"
      "\"a,1.txt\",2,cooling,400,1.5e-5,1e-7,\"R0-p(R1,CPE1)\",true\r\n"
      "b.txt,2,heating,410,,,R0,false\r\n"
      "c.txt,3,,420,2e-5,,R0,true\r\n";
  const auto t = read_conductivity_table(text);
  ASSERT_EQ(t.points.size(), 2U);
  EXPECT_EQ(t.skipped_rows, 1U);
  EXPECT_EQ(t.sigma_column, "sigma_total_s_per_cm");
  EXPECT_EQ(t.stderr_column, "sigma_total_stderr_s_per_cm");
  EXPECT_EQ(t.points[0].cycle, 2);
  EXPECT_EQ(t.points[0].direction, Direction::cooling);
  EXPECT_EQ(t.points[0].temperature_k, 400.0);
  EXPECT_EQ(t.points[0].sigma_s_per_cm, 1.5e-5);
  EXPECT_EQ(t.points[0].sigma_stderr_s_per_cm, 1e-7);
  EXPECT_EQ(t.points[1].direction, Direction::unknown);
  EXPECT_TRUE(std::isnan(t.points[1].sigma_stderr_s_per_cm));
}

TEST(ConductivityTable, CelsiusSemicolonsAndFallbackColumn) {
  const auto t = read_conductivity_table("Temperature_C;sigma_bulk_s_per_cm\n25;1e-6\n125;3e-5\n");
  ASSERT_EQ(t.points.size(), 2U);
  EXPECT_EQ(t.sigma_column, "sigma_bulk_s_per_cm");
  EXPECT_DOUBLE_EQ(t.points[0].temperature_k, 25.0 + 273.15);
  EXPECT_EQ(t.points[1].cycle, 1);
}

TEST(ConductivityTable, ErrorsNameLineAndColumn) {
  try {
    (void)read_conductivity_table("temperature_k,sigma_s_per_cm\n300,1e-5\n310,x\n", {}, "f.csv");
    FAIL() << "no throw";
  } catch (const eis::ParseError& e) {
    EXPECT_EQ(e.line(), 3U);
    EXPECT_EQ(e.column(), 5U);
    EXPECT_EQ(e.file(), "f.csv");
  }
  EXPECT_THROW((void)read_conductivity_table("t,sigma_s_per_cm\n1,2\n"), eis::ParseError);
  EXPECT_THROW((void)read_conductivity_table("temperature_k,r_ohm\n1,2\n"), eis::ParseError);
  EXPECT_THROW((void)read_conductivity_table("temperature_k,sigma_s_per_cm\n1,2,3\n"),
               eis::ParseError);
  EXPECT_THROW(
      (void)read_conductivity_table("temperature_k,sigma_s_per_cm,direction\n300,1e-5,sideways\n"),
      eis::ParseError);
  EXPECT_THROW((void)read_conductivity_table(""), eis::ParseError);
  EXPECT_THROW(
      (void)read_conductivity_table("temperature_k,sigma_x\n300,1\n", {.sigma_column = "sigma_y"}),
      eis::ParseError);
  EXPECT_THROW((void)eis::conductivity::read_conductivity_table_file("/nonexistent/x.csv"),
               eis::IoError);
}

}  // namespace
