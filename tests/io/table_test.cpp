#include <string>

#include <gtest/gtest.h>

#include <eis/error.hpp>
#include <eis/io/read.hpp>
#include <eis/io/table.hpp>

#include "io/pyimpspec_model.hpp"
#include "support/support.hpp"

namespace {

using eis::io::classify_column;
using eis::io::ColumnRole;
using eis::io::read_bytes;
using eis::io::read_file;
using eis::test::data_path;
using eis::test::near_relative;

TEST(Table, ClassifiesColumnNamesAndUnits) {
  EXPECT_EQ(classify_column("freq/Hz").role, ColumnRole::frequency);
  EXPECT_EQ(classify_column("Freq.[Hz]").role, ColumnRole::frequency);
  EXPECT_EQ(classify_column("f (Hz)").role, ColumnRole::frequency);
  EXPECT_DOUBLE_EQ(classify_column("f/kHz").scale, 1e3);
  EXPECT_EQ(classify_column("Re(Z)/Ohm").role, ColumnRole::z_real);
  EXPECT_EQ(classify_column("Z' (kOhm)").role, ColumnRole::z_real);
  EXPECT_DOUBLE_EQ(classify_column("Z' (kOhm)").scale, 1e3);
  EXPECT_DOUBLE_EQ(classify_column("Z'/M\xCE\xA9").scale, 1e6);
  EXPECT_DOUBLE_EQ(classify_column("Z'/m\xCE\xA9").scale, 1e-3);
  const auto im = classify_column("-Im(Z)/Ohm");
  EXPECT_EQ(im.role, ColumnRole::z_imag);
  EXPECT_TRUE(im.negated);
  EXPECT_TRUE(classify_column("-Z''").negated);
  EXPECT_EQ(classify_column("Zs''[ohm]").role, ColumnRole::z_imag);
  EXPECT_EQ(classify_column("|Z|/Ohm").role, ColumnRole::z_modulus);
  EXPECT_EQ(classify_column("Phase(Z) (deg.)").role, ColumnRole::z_phase);
  EXPECT_NEAR(classify_column("phase (rad)").scale, 57.29577951308232, 1e-12);
  EXPECT_EQ(classify_column("WE(1).Current (A)").role, ColumnRole::current);
  const auto i_ma = classify_column("<I>/mA");
  EXPECT_EQ(i_ma.role, ColumnRole::current);
  EXPECT_DOUBLE_EQ(i_ma.scale, 1e-3);
  EXPECT_EQ(classify_column("Re(Conductivity)/mS/cm").role, ColumnRole::other);
  EXPECT_EQ(classify_column("Re(Y)/Ohm-1").role, ColumnRole::other);
  const auto t = classify_column(
      "Temperature (\xC2\xB0"
      "C)");
  EXPECT_EQ(t.role, ColumnRole::temperature);
  EXPECT_DOUBLE_EQ(t.offset, 273.15);
}

TEST(Table, ReadsPyimpspecSemicolonCsv) {
  const auto r = read_file(data_path("pyimpspec/data-semicolon.csv"));
  EXPECT_EQ(r.reader, "table");
  ASSERT_EQ(r.spectra.size(), 1u);
  eis::test::expect_pyimpspec_spectrum(r.spectra[0], 1e-14, 1e-13);
  EXPECT_TRUE(r.spectra[0].warnings.empty());
}

TEST(Table, ReadsPyimpspecDecimalCommaTsvLikeItsTwin) {
  const auto comma = read_file(data_path("pyimpspec/data-comma-decimal-separator.csv"));
  const auto semi = read_file(data_path("pyimpspec/data-semicolon.csv"));
  ASSERT_EQ(comma.spectra.size(), 1u);
  eis::test::expect_pyimpspec_spectrum(comma.spectra[0], 1e-14, 1e-13);
  ASSERT_EQ(comma.spectra[0].size(), semi.spectra[0].size());
  for (std::size_t k = 0; k < comma.spectra[0].size(); ++k) {
    EXPECT_EQ(comma.spectra[0].frequency_hz[k], semi.spectra[0].frequency_hz[k]);
    EXPECT_EQ(comma.spectra[0].impedance_ohm[k], semi.spectra[0].impedance_ohm[k]);
  }
}

TEST(Table, NegatedRealAndImaginaryColumnsAreConverted) {
  const auto r = read_file(data_path("pyimpspec/case-negative-real-imaginary.csv"));
  ASSERT_EQ(r.spectra.size(), 1u);
  eis::test::expect_pyimpspec_spectrum(r.spectra[0], 1e-14, 1e-13);
}

TEST(Table, HeaderlessImpedancePyCsvWithInductivePointsWarns) {
  const auto r = read_file(data_path("impedance_py/exampleData.csv"));
  ASSERT_EQ(r.spectra.size(), 1u);
  const auto& s = r.spectra[0];
  ASSERT_EQ(s.size(), 66u);
  // First and last rows typed from the file.
  EXPECT_EQ(s.frequency_hz.front(), 3.162299999999999833e-03);
  EXPECT_EQ(s.impedance_ohm.front(),
            eis::Complex(4.949989776405060160e-02, -2.043869854441892481e-02));
  EXPECT_EQ(s.frequency_hz.back(), 1.000000000000000000e+04);
  EXPECT_EQ(s.impedance_ohm.back(),
            eis::Complex(1.577148266048593317e-02, 1.015747456493823649e-02));
  ASSERT_FALSE(s.warnings.empty());
  EXPECT_NE(s.warnings[0].find("9 of 66 points are inductive"), std::string::npos) << s.warnings[0];
  ASSERT_FALSE(r.warnings.empty());  // the assumed column order is stated
}

TEST(Table, ModulusAndPhaseWithUnitsBomAndCrlf) {
  // |Z| = 2 kΩ at -30 degrees, 5 kΩ at -60 degrees.
  const std::string text =
      "\xEF\xBB\xBF"
      "Frequency (kHz),|Z| (kOhm),Phase (deg)\r\n1,2,-30\r\n0.5,5,-60\r\n";
  const auto r = read_bytes(text, "mem.csv");
  ASSERT_EQ(r.spectra.size(), 1u);
  const auto& s = r.spectra[0];
  ASSERT_EQ(s.size(), 2u);
  EXPECT_DOUBLE_EQ(s.frequency_hz[0], 1000.0);
  EXPECT_TRUE(near_relative(s.impedance_ohm[0], std::polar(2000.0, -std::numbers::pi / 6), 1e-15));
  EXPECT_TRUE(near_relative(s.impedance_ohm[1], std::polar(5000.0, -std::numbers::pi / 3), 1e-15));
}

TEST(Table, SuspiciousSignIsFlaggedNotFlipped) {
  const auto r = read_bytes("f,Z',Z''\n100,10,5\n10,20,8\n", "mem.csv");
  ASSERT_EQ(r.spectra.size(), 1u);
  EXPECT_EQ(r.spectra[0].impedance_ohm[0], eis::Complex(10, 5));
  ASSERT_EQ(r.spectra[0].warnings.size(), 1u);
  EXPECT_NE(r.spectra[0].warnings[0].find("-Z''"), std::string::npos);
}

TEST(Table, DuplicatedFrequenciesWarn) {
  const auto r = read_bytes("f,Z',Z''\n100,10,-5\n100,11,-5\n10,20,-8\n", "mem.csv");
  ASSERT_EQ(r.spectra[0].warnings.size(), 1u);
  EXPECT_NE(r.spectra[0].warnings[0].find("more than once"), std::string::npos);
}

eis::ParseError parse_error(const std::string& text, const std::string& name = "bad.csv") {
  try {
    (void)read_bytes(text, name);
  } catch (const eis::ParseError& e) {
    return e;
  }
  ADD_FAILURE() << "no ParseError for: " << text;
  return eis::ParseError("none");
}

TEST(Table, MalformedInputThrowsParseErrorWithLineAndColumn) {
  auto e = parse_error("");
  EXPECT_EQ(e.file(), "bad.csv");
  e = parse_error("f,Z',Z''\n100,10,-5\n10,abc,-8\n");
  EXPECT_EQ(e.line(), 3u);
  EXPECT_EQ(e.column(), 4u);
  EXPECT_NE(std::string(e.what()).find("bad.csv:3:4:"), std::string::npos) << e.what();
  e = parse_error("f,Z',Z''\n100,10,-5\n10,nan,-8\n");
  EXPECT_EQ(e.line(), 3u);
  e = parse_error("f,Z',Z''\n100,10,-5\n0,1,-8\n1,1,-8\n");
  EXPECT_EQ(e.line(), 3u);
  EXPECT_EQ(e.column(), 1u);
  e = parse_error("f,Z',Z''\n100,10,-5\n-1,1,-8\n1,1,-8\n");
  EXPECT_EQ(e.line(), 3u);
  e = parse_error("f,Z',Z''\n100,10,-5\n10,20,-8\n5,30\n");  // truncated last row
  EXPECT_EQ(e.line(), 4u);
  e = parse_error("f,a,b\n100,10,-5\n10,20,-8\n");  // missing columns
  EXPECT_EQ(e.line(), 1u);
  EXPECT_NE(std::string(e.what()).find("no Z'"), std::string::npos) << e.what();
  e = parse_error("hello world\nthis is not a table\n");
  EXPECT_EQ(e.line(), 1u);
  e = parse_error(std::string("\x00\x01\x02\xff\xfe garbage", 14));
  EXPECT_EQ(e.line(), 1u);
  e = parse_error("1,2\n3,4\n");  // two columns, no header
  EXPECT_EQ(e.line(), 1u);
}

TEST(Table, DecimalSeparatorOptionIsHonoured) {
  eis::io::ReadOptions options;
  options.decimal_separator = ',';
  const auto r = read_bytes("f;Z';Z''\n100;10,5;-5\n10;20;-8,25\n", "mem.csv", options);
  EXPECT_EQ(r.spectra[0].impedance_ohm[0], eis::Complex(10.5, -5));
  EXPECT_EQ(r.spectra[0].impedance_ohm[1], eis::Complex(20, -8.25));
}

}  // namespace
