// Expected values: first and last data rows typed from the files' text; the pyimpspec model.
#include <string>

#include <gtest/gtest.h>

#include <eis/error.hpp>
#include <eis/io/read.hpp>
#include <eis/io/zplot.hpp>

#include "io/pyimpspec_model.hpp"
#include "support/support.hpp"

namespace {

using eis::Complex;
using eis::io::read_bytes;
using eis::io::read_file;
using eis::test::data_path;

struct ZFile {
  const char* path;
  std::size_t points;
  double f0;
  Complex z0;
  double f1;
  Complex z1;
};

TEST(Zplot, ImpedancePyDummyCircuits) {
  const ZFile files[] = {
      {"impedance_py/Circuit1_EIS_1.z",
       48,
       5e4,
       {2.9036E+01, 6.3662E-01},
       1.0,
       {7.5803E+01, -1.6244E-01}},
      {"impedance_py/Circuit1_EIS_2.z",
       48,
       5e4,
       {2.9001E+01, 5.9920E-01},
       1.0,
       {7.5820E+01, -1.7374E-01}},
      {"impedance_py/Circuit2_EIS_1.z",
       56,
       3e5,
       {1.4777E+02, -1.1335E+01},
       1.0,
       {6.5419E+02, 6.4271E-01}},
      {"impedance_py/Circuit2_EIS_2.z",
       56,
       3e5,
       {1.4768E+02, -1.1662E+01},
       1.0,
       {6.5244E+02, -2.1180E+00}},
      {"impedance_py/Circuit3_EIS_1.z",
       53,
       1.5e5,
       {1.4937E+03, 1.0377E+01},
       1.0,
       {6.1375E+03, 1.7890E+01}},
      {"impedance_py/Circuit3_EIS_2.z",
       53,
       1.5e5,
       {1.4920E+03, 1.1789E+01},
       1.0,
       {6.1382E+03, -1.0151E+01}},
      {"impedance_py/exampleDataZPlot.z",
       21,
       3e5,
       {1.4777E+02, -1.1335E+01},
       3e3,
       {6.1368E+02, -1.3713E+02}},
  };
  for (const auto& f : files) {
    SCOPED_TRACE(f.path);
    const auto r = read_file(data_path(f.path));
    EXPECT_EQ(r.reader, "zplot");
    ASSERT_EQ(r.spectra.size(), 1u);
    const auto& s = r.spectra[0];
    ASSERT_EQ(s.size(), f.points);
    EXPECT_EQ(s.frequency_hz.front(), f.f0);
    EXPECT_EQ(s.impedance_ohm.front(), f.z0);
    EXPECT_EQ(s.frequency_hz.back(), f.f1);
    EXPECT_EQ(s.impedance_ohm.back(), f.z1);
    EXPECT_DOUBLE_EQ(s.metadata.ac_amplitude_v.value(), 0.01);  // Ampl 1.0000E-02
  }
  const auto c1 = read_file(data_path("impedance_py/Circuit1_EIS_1.z"));
  EXPECT_EQ(c1.spectra[0].metadata.start_time, "10-12-2018 12:32:21");
  EXPECT_EQ(c1.spectra[0].metadata.extra.at("software_version"), "3.2c");
}

TEST(Zplot, ZplotwFileWithoutCommentBlockWarnsAboutItsShortSweep) {
  const auto r = read_file(data_path("impedance_py/exampleDataZPlot_noComments.z"));
  ASSERT_EQ(r.spectra.size(), 1u);
  const auto& s = r.spectra[0];
  ASSERT_EQ(s.size(), 31u);
  EXPECT_EQ(s.frequency_hz.front(), 3.0e5);
  EXPECT_EQ(s.impedance_ohm.front(), Complex(6.4262E+02, -8.5821E+01));
  EXPECT_EQ(s.frequency_hz.back(), 3.0e2);
  EXPECT_EQ(s.impedance_ohm.back(), Complex(1.3053E+03, -1.9501E+02));
  EXPECT_EQ(s.metadata.start_time, "12-17-2019 16:24:35");
  ASSERT_EQ(r.warnings.size(), 1u);  // declares 79 points, holds 31
  EXPECT_NE(r.warnings[0].find("declares 79 points"), std::string::npos);
}

TEST(Zplot, AutolabZ60wExportWithBom) {
  const auto r = read_file(data_path("impedance_py/exampleDataAutolab.txt"));
  EXPECT_EQ(r.reader, "zplot");
  ASSERT_EQ(r.spectra.size(), 1u);
  const auto& s = r.spectra[0];
  ASSERT_EQ(s.size(), 41u);
  EXPECT_EQ(s.frequency_hz.front(), 10000.0);
  EXPECT_EQ(s.impedance_ohm.front(), Complex(0.013785863964281, 0.007191946305823));
  EXPECT_EQ(s.frequency_hz.back(), 0.1);
  EXPECT_EQ(s.impedance_ohm.back(), Complex(0.0345697771923854, -0.00390292888845954));
  EXPECT_TRUE(r.warnings.empty());
}

TEST(Zplot, PyimpspecShortHeader) {
  const auto r = read_file(data_path("pyimpspec/data.z"));
  ASSERT_EQ(r.spectra.size(), 1u);
  // Seven significant digits in the file.
  eis::test::expect_pyimpspec_spectrum(r.spectra[0], 1e-6, 1e-6);
}

TEST(Zplot, MalformedFiles) {
  const std::string head = "ZPLOT2 ASCII\n  Date: 1\nEnd Comments\n";
  auto expect_line = [](const std::string& text, std::size_t line) {
    try {
      (void)read_bytes(text, "x.z");
      ADD_FAILURE() << "no ParseError for " << text;
    } catch (const eis::ParseError& e) {
      EXPECT_EQ(e.line(), line) << e.what();
      EXPECT_EQ(e.file(), "x.z");
    }
  };
  expect_line("ZPLOT2 ASCII\n  Date: 1\n1\t2\t3\t4\t5\t6\n", 3);    // no End Comments
  expect_line(head + "1e3\t0\t0\t0\t5\t-1\n1e2\t0\t0\t0\t5\n", 5);  // truncated row
  expect_line(head + "1e3\t0\t0\t0\t5\t-1\n1e2\t0\t0\t0\tx\t-1\n", 5);
  expect_line(head + "1e3\t0\t0\t0\t5\t-1\n0\t0\t0\t0\t5\t-1\n", 5);
  expect_line(head, 3);  // no data
}

}  // namespace
