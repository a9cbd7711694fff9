// Expected values: first and last data rows typed from the files' text (FORMATS.md §3.1
// conventions: −Im(Z) is stored, so Z'' is its negative; <I>/mA and I/mA are converted to A),
// the pyimpspec model (pyimpspec_model.hpp), and the de_DE twin against the en_US file.
#include <string>

#include <gtest/gtest.h>

#include <eis/error.hpp>
#include <eis/io/biologic_mpt.hpp>
#include <eis/io/read.hpp>

#include "io/pyimpspec_model.hpp"
#include "support/support.hpp"

namespace {

using eis::Complex;
using eis::io::read_bytes;
using eis::io::read_file;
using eis::test::data_path;

TEST(BiologicMpt, PyimpspecSpectrumMatchesModel) {
  const auto r = read_file(data_path("pyimpspec/data.mpt"));
  EXPECT_EQ(r.reader, "biologic-mpt");
  ASSERT_EQ(r.spectra.size(), 1u);
  // The file rounds to 8 significant digits.
  eis::test::expect_pyimpspec_spectrum(r.spectra[0], 1e-7, 1e-7);
  EXPECT_EQ(r.spectra[0].metadata.technique, "PEIS");
}

TEST(BiologicMpt, SplitsSweepsWhereFrequencyJumpsBackWithCycleZero) {
  const auto r = read_file(data_path("pyimpspec/case-multiple-spectra.mpt"));
  ASSERT_EQ(r.spectra.size(), 3u);
  for (const auto& s : r.spectra) {
    eis::test::expect_pyimpspec_spectrum(s, 1e-7, 1e-7);
    EXPECT_EQ(s.metadata.cycle, 0);
  }
}

TEST(BiologicMpt, ImpedancePyExample) {
  const auto r = read_file(data_path("impedance_py/exampleDataBioLogic.mpt"));
  ASSERT_EQ(r.spectra.size(), 1u);
  const auto& s = r.spectra[0];
  ASSERT_EQ(s.size(), 43u);
  EXPECT_EQ(s.frequency_hz.front(), 1.0003201E+003);
  EXPECT_EQ(s.impedance_ohm.front(), Complex(6.5470886E+001, -3.8998979E-001));
  EXPECT_EQ(s.frequency_hz.back(), 1.6895540E-002);
  EXPECT_EQ(s.impedance_ohm.back(), Complex(1.1097003E+002, -2.3458567E+000));
  EXPECT_EQ(s.time_s.front(), 7.836904905780102E-001);
  EXPECT_EQ(s.metadata.instrument, "SP-150");
  EXPECT_EQ(s.metadata.start_time, "02/04/2018 10:02:46");
  EXPECT_EQ(s.metadata.area_cm2, 0.001);
  EXPECT_DOUBLE_EQ(s.metadata.ac_amplitude_v.value(), 0.020);
  EXPECT_EQ(s.metadata.cycle, 1);
  EXPECT_EQ(s.metadata.column_names.front(), "freq/Hz");
  EXPECT_EQ(s.metadata.column_names[8],
            "Cs/\xC2\xB5"
            "F");  // Windows-1252 µ decoded
  // Four points with -Im(Z) < 0 are inductive: flagged, kept.
  ASSERT_FALSE(s.warnings.empty());
  EXPECT_NE(s.warnings[0].find("4 of 43 points are inductive"), std::string::npos);
}

TEST(BiologicMpt, MissingFrequencyNameIsAParseErrorAtTheColumnLine) {
  try {
    (void)read_file(data_path("impedance_py/exampleDataBioLogic_MissingFreq.mpt"));
    FAIL() << "no exception";
  } catch (const eis::ParseError& e) {
    EXPECT_EQ(e.line(), 61u);  // "Nb header lines : 61"
    EXPECT_NE(e.bare_message().find("a column name is missing"), std::string::npos);
  }
}

TEST(BiologicMpt, LpsclExportFromHybridDrt) {
  const auto r = read_file(data_path("hybrid_drt/PEIS_LPSCl_IonBlocking_-25C.txt"));
  ASSERT_EQ(r.spectra.size(), 1u);
  const auto& s = r.spectra[0];
  ASSERT_EQ(s.size(), 79u);
  EXPECT_EQ(s.frequency_hz.front(), 7.0000185E+006);
  EXPECT_EQ(s.impedance_ohm.front(), Complex(3.5924146E+002, -2.9092038E+002));
  EXPECT_EQ(s.frequency_hz.back(), 1.0002181E-001);
  EXPECT_EQ(s.impedance_ohm.back(), Complex(1.7994276E+006, -8.0937855E+006));
  EXPECT_EQ(s.metadata.instrument, "SP-300");
  EXPECT_TRUE(s.warnings.empty());
}

TEST(BiologicMpt, YadgPeisWithCounterElectrodeColumns) {
  const auto r = read_file(data_path("yadg/peis.mpt"));
  ASSERT_EQ(r.spectra.size(), 1u);
  const auto& s = r.spectra[0];
  ASSERT_EQ(s.size(), 32u);
  EXPECT_EQ(s.frequency_hz.front(), 1.9999814E+005);
  EXPECT_EQ(s.impedance_ohm.front(), Complex(1.0512296E+001, -7.3047662E-001));
  EXPECT_EQ(s.frequency_hz.back(), 1.0000616E+000);
  EXPECT_EQ(s.impedance_ohm.back(), Complex(1.8024315E+001, -2.6962531E+000));
  EXPECT_EQ(s.metadata.instrument, "SP-240");
}

TEST(BiologicMpt, YadgZirSinglePoint) {
  const auto r = read_file(data_path("yadg/zir.mpt"));
  ASSERT_EQ(r.spectra.size(), 1u);
  ASSERT_EQ(r.spectra[0].size(), 1u);
  EXPECT_EQ(r.spectra[0].frequency_hz[0], 1.0019531E+004);
  EXPECT_EQ(r.spectra[0].impedance_ohm[0], Complex(1.0407059E+005, -9.3853563E+004));
  EXPECT_EQ(r.spectra[0].metadata.technique, "ZIR");
}

TEST(BiologicMpt, MinimalHeaderFileWith32Loops) {
  const auto r = read_file(data_path("yadg/vsp_peis_with.mpt"));
  ASSERT_EQ(r.spectra.size(), 32u);
  for (std::size_t k = 0; k < r.spectra.size(); ++k) {
    EXPECT_EQ(r.spectra[k].size(), 70u);
    EXPECT_EQ(r.spectra[k].metadata.cycle, static_cast<int>(k) + 1);
  }
  EXPECT_EQ(r.spectra.front().frequency_hz.front(), 1.0000186E+006);
  EXPECT_EQ(r.spectra.front().impedance_ohm.front(), Complex(1.0578955E+001, 1.7952957E+001));
  EXPECT_EQ(r.spectra.back().frequency_hz.back(), 9.9904113E-002);
  EXPECT_EQ(r.spectra.back().impedance_ohm.back(), Complex(3.5587879E+001, -2.5841804E+000));
  EXPECT_TRUE(r.spectra.front().metadata.technique.empty());  // no technique block
}

TEST(BiologicMpt, ModuloBatSkipsDcRowsAndSplitsEightSpectra) {
  const auto r = read_file(data_path("yadg/mb.mpt"));
  ASSERT_EQ(r.spectra.size(), 8u);  // 560 EIS rows (freq/Hz > 0), counted with awk
  for (const auto& s : r.spectra) {
    EXPECT_EQ(s.size(), 70u);
    EXPECT_EQ(s.metadata.technique, "MB");
    EXPECT_EQ(s.metadata.area_cm2, 0.5);
  }
  // Line 98 is the first row with freq/Hz > 0 and line 1678 the last (awk).
  EXPECT_EQ(r.spectra.front().frequency_hz.front(), 1.0000186E+006);
  EXPECT_EQ(r.spectra.front().impedance_ohm.front(), Complex(1.3542760E+002, -4.1891501E+002));
  EXPECT_EQ(r.spectra.back().frequency_hz.back(), 9.9904113E-002);
  EXPECT_EQ(r.spectra.back().impedance_ohm.back(), Complex(1.1379438E+003, -4.2537605E+001));
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find("1028 DC rows"), std::string::npos) << r.warnings[0];
}

TEST(BiologicMpt, CyclicVoltammogram) {
  const auto r = read_file(data_path("yadg/cv.mpt"));
  ASSERT_EQ(r.voltammograms.size(), 1u);
  const auto& v = r.voltammograms[0];
  ASSERT_EQ(v.size(), 5103u);
  ASSERT_EQ(v.time_s.size(), 5103u);
  ASSERT_EQ(v.cycle.size(), 5103u);
  EXPECT_EQ(v.time_s.front(), 4.320204396882385E+004);
  EXPECT_EQ(v.potential_v.front(), 2.4807117E+000);
  EXPECT_DOUBLE_EQ(v.current_a.front(), -1.235983972946997E-006 * 1e-3);
  EXPECT_EQ(v.cycle.front(), 1);
  EXPECT_EQ(v.potential_v.back(), 3.1632588E+000);
  EXPECT_DOUBLE_EQ(v.current_a.back(), 6.838552079206513E-004 * 1e-3);
  EXPECT_EQ(v.cycle.back(), 2);
  EXPECT_EQ(v.metadata.technique, "CV");
  EXPECT_DOUBLE_EQ(v.metadata.scan_rate_v_per_s.value(), 1e-4);  // dE/dt 0.100 mV/s
  EXPECT_EQ(v.metadata.instrument, "VMP3");
}

TEST(BiologicMpt, LinearSweepAndChronoamperometry) {
  const auto lsv = read_file(data_path("yadg/lsv.mpt"));
  ASSERT_EQ(lsv.voltammograms.size(), 1u);
  const auto& l = lsv.voltammograms[0];
  ASSERT_EQ(l.size(), 1186u);
  EXPECT_EQ(l.potential_v.front(), -2.4618463E-001);
  EXPECT_DOUBLE_EQ(l.current_a.front(), -6.556889057159424E+000 * 1e-3);
  EXPECT_EQ(l.potential_v.back(), -4.0008063E+000);
  EXPECT_DOUBLE_EQ(l.current_a.back(), -1.195750350952148E+002 * 1e-3);
  EXPECT_DOUBLE_EQ(l.metadata.scan_rate_v_per_s.value(), 0.020);
  EXPECT_EQ(l.metadata.technique, "LSV");

  const auto ca = read_file(data_path("yadg/ca.mpt"));
  ASSERT_EQ(ca.voltammograms.size(), 1u);
  const auto& c = ca.voltammograms[0];
  ASSERT_EQ(c.size(), 721u);
  EXPECT_EQ(c.time_s.front(), 1.088742284907824E+005);
  EXPECT_EQ(c.potential_v.front(), 1.4643160E-001);
  EXPECT_DOUBLE_EQ(c.current_a.front(), 1.8604061E-002 * 1e-3);
  EXPECT_EQ(c.time_s.back(), 1.520742269261391E+005);
  EXPECT_DOUBLE_EQ(c.current_a.back(), 2.7650740E-006 * 1e-3);
  EXPECT_EQ(c.metadata.technique, "CA");
  EXPECT_EQ(c.metadata.area_cm2, 1.131);
}

TEST(BiologicMpt, DecimalCommaTwinEqualsEnglishExport) {
  const auto en = read_file(data_path("yadg/mb.issue_95.mpt"));
  const auto de = read_file(data_path("yadg/mb.issue_95.de.mpt"));
  ASSERT_EQ(en.voltammograms.size(), 1u);
  ASSERT_EQ(de.voltammograms.size(), 1u);
  const auto& a = en.voltammograms[0];
  const auto& b = de.voltammograms[0];
  ASSERT_EQ(a.size(), 33u);
  ASSERT_EQ(b.size(), 33u);
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a.time_s[i], b.time_s[i]) << i;
    EXPECT_EQ(a.potential_v[i], b.potential_v[i]) << i;
    EXPECT_EQ(a.current_a[i], b.current_a[i]) << i;
  }
  EXPECT_EQ(a.metadata.area_cm2, b.metadata.area_cm2);
  // Last row typed from the en_US file.
  EXPECT_EQ(a.time_s.back(), 3.000019924211665E+001);
  EXPECT_EQ(a.potential_v.back(), 2.3260789E+000);
  EXPECT_DOUBLE_EQ(a.current_a.back(), -6.4980278E+001 * 1e-3);
}

eis::ParseError mpt_error(const std::string& text) {
  try {
    (void)read_bytes(text, "x.mpt");
  } catch (const eis::ParseError& e) {
    return e;
  }
  ADD_FAILURE() << "no ParseError";
  return eis::ParseError("none");
}

TEST(BiologicMpt, MalformedFiles) {
  const std::string head =
      "EC-Lab ASCII FILE\nNb header lines : 3\nfreq/Hz\tRe(Z)/Ohm\t-Im(Z)/Ohm\t\n";
  EXPECT_EQ(mpt_error("EC-Lab ASCII FILE\nNb header lines : x\n").line(), 2u);
  EXPECT_EQ(mpt_error("EC-Lab ASCII FILE\nNb header lines : 40\nabc\n").line(), 3u);
  EXPECT_EQ(mpt_error(head).line(), 3u);  // no data rows
  auto e = mpt_error(head + "1000\t5\t1\n100\t6\tfoo\n");
  EXPECT_EQ(e.line(), 5u);
  EXPECT_EQ(e.column(), 7u);
  EXPECT_EQ(mpt_error(head + "1000\t5\t1\n100\t6\n").line(), 5u);  // truncated
  EXPECT_EQ(mpt_error(head + "1000\t5\t1\n-100\t6\t2\n").line(), 5u);
  EXPECT_EQ(mpt_error(head + "1000\t5\t1\n100\tinf\t2\n").line(), 5u);
  const std::string cv = "EC-Lab ASCII FILE\nNb header lines : 3\ntime/s\tEwe/V\tcontrol/V\t\n";
  EXPECT_EQ(mpt_error(cv + "1\t2\t3\n").line(), 3u);  // neither spectrum nor voltammogram
}

}  // namespace
