#include <sstream>
#include <type_traits>
#include <vector>

#include <gtest/gtest.h>

#include <eis/conductivity/point.hpp>
#include <eis/conductivity/row.hpp>
#include <eis/error.hpp>

namespace {

TEST(SeriesCsv, HeaderIsTheCliContract) {
  // CLI.md `eis series`, verbatim.
  EXPECT_EQ(eis::series_csv_header(),
            "file,cycle,direction,temperature_k,r_bulk_ohm,r_bulk_stderr_ohm,r_gb_ohm,"
            "r_gb_stderr_ohm,r_total_ohm,c_bulk_f,c_gb_f,sigma_bulk_s_per_cm,"
            "sigma_bulk_stderr_s_per_cm,sigma_total_s_per_cm,sigma_total_stderr_s_per_cm,model,"
            "usable");
}

TEST(SeriesCsv, EmptyFieldsForUnresolvedQuantitiesAndQuotedCircuit) {
  eis::ConductivityRow row;
  row.file = "data/a,b.txt";
  row.cycle = 4;
  row.direction = eis::Direction::cooling;
  row.temperature_k = 413.15;
  row.r_total_ohm = 12.5;
  row.sigma_total_s_per_cm = 0.1;
  row.sigma_total_stderr_s_per_cm = 1e-3;
  row.model = "R1-CPE2";
  row.usable = true;
  EXPECT_EQ(eis::series_csv_line(row),
            "\"data/a,b.txt\",4,cooling,413.15,,,,,12.5,,,,,0.1,0.001,R1-CPE2,true");
  row.model = "p(R1,CPE1)-CPE2";
  row.usable = false;
  row.file = "x.txt";
  EXPECT_EQ(eis::series_csv_line(row),
            "x.txt,4,cooling,413.15,,,,,12.5,,,,,0.1,0.001,\"p(R1,CPE1)-CPE2\",false");
}

TEST(SeriesCsv, NumbersRoundTrip) {
  eis::ConductivityRow row;
  row.temperature_k = 0.1 + 0.2;  // 0.30000000000000004 needs 17 digits
  row.r_bulk_ohm = 1.0 / 3.0;
  std::ostringstream out;
  const std::vector<eis::ConductivityRow> rows{row};
  eis::write_series_csv(out, rows);
  const std::string text = out.str();
  EXPECT_NE(text.find("0.30000000000000004"), std::string::npos);
  EXPECT_NE(text.find("0.3333333333333333"), std::string::npos);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2);
}

TEST(Direction, ParsesAndPrints) {
  EXPECT_EQ(eis::parse_direction("heating"), eis::Direction::heating);
  EXPECT_EQ(eis::parse_direction("cooling"), eis::Direction::cooling);
  EXPECT_EQ(eis::to_string(eis::Direction::cooling), "cooling");
  EXPECT_EQ(eis::to_string(eis::Direction::unknown), "unknown");
  EXPECT_EQ(eis::parse_direction("Cooling"), eis::Direction::cooling);
  EXPECT_EQ(eis::parse_direction("up"), eis::Direction::heating);
  EXPECT_EQ(eis::parse_direction(""), eis::Direction::unknown);
  EXPECT_THROW((void)eis::parse_direction("sideways"), eis::InvalidArgument);
  EXPECT_FALSE(eis::try_parse_direction("sideways").has_value());
  EXPECT_EQ(eis::try_parse_direction("HEAT"), eis::Direction::heating);
}

TEST(Direction, IsOneTypeAcrossTheSeriesAndConductivityApis) {
  // A series row's direction feeds the conductivity analyses without conversion.
  static_assert(std::is_same_v<eis::Direction, eis::conductivity::Direction>);
  eis::ConductivityRow row;
  row.direction = eis::Direction::cooling;
  const eis::conductivity::ConductivityPoint point{300.0, 1e-5, 1e-7, row.cycle, row.direction};
  EXPECT_EQ(point.direction, eis::conductivity::Direction::cooling);
}

}  // namespace
