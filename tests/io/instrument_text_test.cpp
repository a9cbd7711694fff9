// Expected values: first and last data rows typed from the files' text, the pyimpspec model,
// and the BioLogic export of the same LPSCl measurement for the RelaxIS file.
#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include <eis/error.hpp>
#include <eis/io/instrument_text.hpp>
#include <eis/io/read.hpp>

#include "io/pyimpspec_model.hpp"
#include "support/support.hpp"

namespace {

using eis::Complex;
using eis::io::read_bytes;
using eis::io::read_file;
using eis::test::data_path;

void expect_ends(
    const eis::Spectrum& s, std::size_t n, double f0, Complex z0, double f1, Complex z1) {
  ASSERT_EQ(s.size(), n);
  EXPECT_EQ(s.frequency_hz.front(), f0);
  EXPECT_EQ(s.impedance_ohm.front(), z0);
  EXPECT_EQ(s.frequency_hz.back(), f1);
  EXPECT_EQ(s.impedance_ohm.back(), z1);
}

std::size_t error_line(const std::string& text, const std::string& name) {
  try {
    (void)read_bytes(text, name);
  } catch (const eis::ParseError& e) {
    EXPECT_EQ(e.file(), name);
    return e.line();
  }
  ADD_FAILURE() << "no ParseError for " << name;
  return 0;
}

TEST(InstrumentText, PyimpspecFormatsAllHoldTheModelSpectrum) {
  struct Case {
    const char* path;
    const char* reader;
    double rel_f;
    double rel_z;
  };
  // Tolerances follow each file's rounding: .P00 keeps 4-5 significant digits.
  const Case cases[] = {{"pyimpspec/data.dfr", "autolab-dfr", 1e-14, 1e-13},
                        {"pyimpspec/data.P00", "p00", 5e-4, 1e-3},
                        {"pyimpspec/data.i2b", "i2b", 1e-14, 1e-13}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.path);
    const auto r = read_file(data_path(c.path));
    EXPECT_EQ(r.reader, c.reader);
    ASSERT_EQ(r.spectra.size(), 1u);
    eis::test::expect_pyimpspec_spectrum(r.spectra[0], c.rel_f, c.rel_z);
    EXPECT_TRUE(r.spectra[0].warnings.empty());
  }
}

TEST(InstrumentText, ChInstruments) {
  const auto r = read_file(data_path("impedance_py/exampleDataCHInstruments.txt"));
  EXPECT_EQ(r.reader, "chi");
  ASSERT_EQ(r.spectra.size(), 1u);
  const auto& s = r.spectra[0];
  expect_ends(s, 73, 9.961e+4, {9.891e+1, -2.748e+0}, 1.000e-1, {5.685e+3, -1.586e+4});
  EXPECT_EQ(s.metadata.instrument, "CHI660E");
  EXPECT_EQ(s.metadata.ac_amplitude_v, 0.025);
  EXPECT_EQ(s.metadata.dc_potential_v, 0.0);
  EXPECT_EQ(s.metadata.start_time, "Feb. 20, 2020   15:55:08");
}

TEST(InstrumentText, VersaStudioPar) {
  const auto r = read_file(data_path("impedance_py/exampleDataVersaStudio.par"));
  EXPECT_EQ(r.reader, "versastudio-par");
  ASSERT_EQ(r.spectra.size(), 1u);
  const auto& s = r.spectra[0];
  expect_ends(s, 61, 100000.0, {55.31571, 4.575431}, 0.02154435, {1516.313, -122.8279});
  EXPECT_EQ(s.metadata.instrument, "VersaSTAT4");
  EXPECT_EQ(s.metadata.ac_amplitude_v, 0.020);
  EXPECT_EQ(s.metadata.technique, "Potentiostatic EIS");
  EXPECT_EQ(s.metadata.start_time, "Thursday, July 19, 2018 9:40:30 AM");
  EXPECT_EQ(s.time_s.front(), 1.812);
}

TEST(InstrumentText, ParstatSkipsDcRows) {
  const auto r = read_file(data_path("impedance_py/exampleDataParstat.txt"));
  EXPECT_EQ(r.reader, "parstat");
  ASSERT_EQ(r.spectra.size(), 1u);
  // 31 rows with Frequency (Hz) > 0 (awk); Zim is Z''.
  expect_ends(r.spectra[0],
              31,
              10000.0,
              {-0.00049816280376104, 0.0175143479976367},
              10.0,
              {0.0270946491457229, -0.00399791080333837});
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find("781 DC rows"), std::string::npos);
}

TEST(InstrumentText, PowersuiteMixedLineEndsIsAGenericTable) {
  const auto r = read_file(data_path("impedance_py/exampleDataPowersuite.txt"));
  EXPECT_EQ(r.reader, "table");
  ASSERT_EQ(r.spectra.size(), 1u);
  expect_ends(r.spectra[0], 30, 0.1, {423929.46, -49014.063}, 2000000.0, {-470.54113, -1397.7358});
}

TEST(InstrumentText, NeisysTemperatureSeries) {
  struct Case {
    const char* path;
    std::size_t n;
    double t_c;
    Complex z0;
    double f1;
    Complex z1;
  };
  const Case cases[] = {
      {"eisfitpython/s04147-140deg.txt",
       42,
       140,
       {2.21423e+04, -5.43115e+04},
       3.00000e-02,
       {3.27266e+06, -1.40853e+06}},
      {"eisfitpython/s04147-150deg.txt",
       42,
       150,
       {2.26968e+04, -4.63730e+04},
       3.00000e-02,
       {2.03344e+06, -1.05180e+06}},
      {"eisfitpython/s04147-160deg.txt",
       42,
       160,
       {2.11122e+04, -3.95568e+04},
       3.00000e-02,
       {1.32853e+06, -7.93978e+05}},
      {"eisfitpython/s04147-170deg.txt",
       41,
       170,
       {2.07915e+04, -3.33040e+04},
       4.57730e-02,
       {8.02011e+05, -4.61894e+05}},
      {"eisfitpython/s04147-180deg.txt",
       41,
       180,
       {1.96241e+04, -2.76066e+04},
       4.57730e-02,
       {5.47582e+05, -3.44520e+05}},
      {"eisfitpython/s04147-190deg.txt",
       41,
       190,
       {1.76938e+04, -2.26127e+04},
       4.57730e-02,
       {3.81677e+05, -2.56512e+05}},
      {"eisfitpython/s04147-200deg.txt",
       40,
       200,
       {1.58596e+04, -1.83471e+04},
       6.98380e-02,
       {2.35592e+05, -1.37609e+05}},
      {"eisfitpython/Example2c.txt",
       42,
       120,
       {1.73627e+04, -6.88145e+04},
       4.00000e-02,
       {1.03494e+07, -2.43174e+06}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.path);
    const auto r = read_file(data_path(c.path));
    EXPECT_EQ(r.reader, "neisys");
    ASSERT_EQ(r.spectra.size(), 1u);
    expect_ends(r.spectra[0], c.n, 1e6, c.z0, c.f1, c.z1);
    EXPECT_DOUBLE_EQ(r.spectra[0].metadata.temperature_k.value(), c.t_c + 273.15);
    EXPECT_EQ(r.spectra[0].metadata.ac_amplitude_v, 3.5e-2);
  }
}

TEST(InstrumentText, NeisysGeometryLineAndOtherHeader) {
  const auto a = read_file(data_path("eisfitpython/Example2a.txt"));
  ASSERT_EQ(a.spectra.size(), 1u);
  expect_ends(a.spectra[0],
              51,
              1.0e6,
              {3.8055903e+03, -6.3180615e+03},
              3.0000001e-01,
              {2.1831467e+05, -1.5082122e+05});
  EXPECT_EQ(a.spectra[0].metadata.extra.at("diameter_mm"), "1.300e+01");
  EXPECT_EQ(a.spectra[0].metadata.extra.at("thickness_mm"), "7.500e-01");
  EXPECT_DOUBLE_EQ(a.spectra[0].metadata.temperature_k.value(), 298.15);
  EXPECT_EQ(a.spectra[0].metadata.ac_amplitude_v, 7.1e-3);
  const auto b = read_file(data_path("eisfitpython/Example2b.txt"));
  ASSERT_EQ(b.spectra.size(), 1u);
  expect_ends(
      b.spectra[0], 50, 1.0e6, {3.60382e+03, -8.57835e+03}, 1.0, {1.82762e+05, -4.35920e+05});
  EXPECT_FALSE(b.spectra[0].metadata.temperature_k.has_value());  // "LAGP dynamicVT"
}

TEST(InstrumentText, RelaxisEqualsTheBiologicExportOfTheSameRun) {
  const auto rx = read_file(data_path("hybrid_drt/PEIS_LPSCl_IonBlocking_-25C_RelaxIS.txt"));
  EXPECT_EQ(rx.reader, "relaxis");
  ASSERT_EQ(rx.spectra.size(), 1u);
  const auto& s = rx.spectra[0];
  expect_ends(s,
              79,
              0.10002180933952332,
              {1799427.625, -8093785.5},
              7000018.5,
              {359.241455078125, -290.92037963867188});
  EXPECT_DOUBLE_EQ(s.metadata.dc_potential_v.value(), -0.080042);
  const auto mpt = read_file(data_path("hybrid_drt/PEIS_LPSCl_IonBlocking_-25C.txt"));
  const auto& m = mpt.spectra.at(0);
  ASSERT_EQ(m.size(), s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const std::size_t j = s.size() - 1 - i;  // RelaxIS ascends in frequency
    EXPECT_TRUE(eis::test::near_relative(s.frequency_hz[i], m.frequency_hz[j], 1e-7)) << i;
    EXPECT_TRUE(eis::test::near_relative(s.impedance_ohm[i], m.impedance_ohm[j], 1e-7)) << i;
  }
}

TEST(InstrumentText, MalformedFiles) {
  EXPECT_EQ(error_line("VERSION8.0\n 2\n 1\n 100.0\n 1.0\n 1.0\n", "x.dfr"), 6u);  // truncated
  EXPECT_EQ(error_line("VERSION8.0\n x\n 1\n", "x.dfr"), 2u);
  EXPECT_EQ(error_line("VERSION8.0\n 1\n 1\n 100.0\n abc\n 1\n 0\n 0\n 0\n 0\n 0\n 0\n", "x.dfr"),
            5u);
  const std::string p00 = "Procedure : x\n f/Hz \t Z'/Ohm \t -Z''/Ohm \t\n 2 \n";
  EXPECT_EQ(error_line(p00 + " 10\t 1\t 1\t\n 1\t 1\t\n", "x.P00"), 5u);
  EXPECT_EQ(error_line(p00 + " 10\t 1\t 1\t\n 1\t 1\t nan\t\n", "x.P00"), 5u);
  EXPECT_EQ(error_line(p00 + " 10\t 1\t 1\t\n", "x.P00"), 4u);  // count mismatch
  const std::string par =
      "Potential (V)\tCurrent (A)\tElapsed Time (s)\tFrequency (Hz)\tZre "
      "(ohms)\tZim (ohms)\t\n";
  EXPECT_EQ(error_line(par + "1\t0\t1\t0\t0\t0\t\n1\t0\t1\t-5\t1\t1\t\n", "x.txt"), 3u);
  EXPECT_EQ(error_line(par + "1\t0\t1\t0\t0\t0\t\n", "x.txt"), 1u);  // only DC rows
  EXPECT_EQ(error_line("s1-20deg\nFixed value(s) :  AC Volt  [Vrms]=1e-2\nFreq.[Hz]\tZs'[ohm]\t"
                       "Zs''[ohm]\n1e3\t1\t-1\n1e2\t1\tq\n",
                       "x.txt"),
            5u);
  EXPECT_EQ(error_line("meta\n\n2\n10 1 -1\n", "x.i2b"), 4u);  // count mismatch
  EXPECT_EQ(error_line("RelaxIS 3.0 Spectrum export\nDate: x\nData: Frequency\tData: Z'\tData: "
                       "Z''\nDC=0\tModel: m\n1\t2\t3\nabc\t2\t3\n",
                       "x.txt"),
            6u);
  EXPECT_EQ(error_line("<Application>\nName=x\n</Application>\n<Segment1>\nDefinition=Frequency("
                       "Hz), Z Real, Z Imag\n100, 1, -1\n",
                       "x.par"),
            6u);  // never closed
}

}  // namespace
