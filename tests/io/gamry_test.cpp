// Expected values: first and last ZCURVE/CURVE rows typed from the files' text, the pyimpspec
// model (pyimpspec_model.hpp) and, for the aborted file, the complete file's ZCURVE.
#include <string>

#include <gtest/gtest.h>

#include <eis/error.hpp>
#include <eis/io/gamry.hpp>
#include <eis/io/read.hpp>

#include "io/pyimpspec_model.hpp"
#include "support/support.hpp"

namespace {

using eis::Complex;
using eis::io::read_bytes;
using eis::io::read_file;
using eis::test::data_path;

TEST(Gamry, EispotSpectrumAndMetadata) {
  const auto r = read_file(data_path("impedance_py/exampleDataGamry.DTA"));
  EXPECT_EQ(r.reader, "gamry-dta");
  ASSERT_EQ(r.spectra.size(), 1u);
  const auto& s = r.spectra[0];
  ASSERT_EQ(s.size(), 72u);
  EXPECT_EQ(s.frequency_hz.front(), 200015.6);
  EXPECT_EQ(s.impedance_ohm.front(), Complex(825.8584, -1367.239));
  EXPECT_EQ(s.frequency_hz.back(), 0.0158898);
  EXPECT_EQ(s.impedance_ohm.back(), Complex(17007.49, -6635.557));
  EXPECT_EQ(s.time_s.back(), 861.0);
  EXPECT_EQ(s.metadata.technique, "EISPOT");
  EXPECT_EQ(s.metadata.instrument, "REF3000-34128");
  EXPECT_EQ(s.metadata.start_time, "4/23/2018 16:43:15");
  EXPECT_DOUBLE_EQ(s.metadata.dc_potential_v.value(), -0.05);
  EXPECT_DOUBLE_EQ(s.metadata.ac_amplitude_v.value(), 0.010);
  EXPECT_EQ(s.metadata.area_cm2, 1.0);
  EXPECT_TRUE(s.warnings.empty());
}

TEST(Gamry, AbortedFileKeepsTheCompleteZcurveAndWarns) {
  const auto full = read_file(data_path("impedance_py/exampleDataGamry.DTA"));
  const auto ab = read_file(data_path("impedance_py/exampleDataGamryABORT.DTA"));
  ASSERT_EQ(ab.spectra.size(), 1u);
  ASSERT_EQ(ab.spectra[0].size(), full.spectra[0].size());
  for (std::size_t i = 0; i < ab.spectra[0].size(); ++i) {
    EXPECT_EQ(ab.spectra[0].frequency_hz[i], full.spectra[0].frequency_hz[i]);
    EXPECT_EQ(ab.spectra[0].impedance_ohm[i], full.spectra[0].impedance_ohm[i]);
  }
  ASSERT_EQ(ab.warnings.size(), 1u);
  EXPECT_NE(ab.warnings[0].find("aborted"), std::string::npos);
  EXPECT_EQ(ab.spectra[0].metadata.instrument, "REF600P-36072");
}

TEST(Gamry, DecimalCommaPyimpspecFile) {
  const auto r = read_file(data_path("pyimpspec/data.dta"));
  ASSERT_EQ(r.spectra.size(), 1u);
  eis::test::expect_pyimpspec_spectrum(r.spectra[0], 1e-13, 1e-13);
  EXPECT_EQ(r.spectra[0].metadata.ac_amplitude_v, 0.010);
}

TEST(Gamry, GalvanostaticEisWithInductivePoints) {
  const auto r = read_file(data_path("hybrid_drt/EISGALV_EISTest3.DTA"));
  ASSERT_EQ(r.spectra.size(), 1u);
  const auto& s = r.spectra[0];
  ASSERT_EQ(s.size(), 71u);
  EXPECT_EQ(s.frequency_hz.front(), 1000078.0);
  EXPECT_EQ(s.impedance_ohm.front(), Complex(0.04711733, 0.1695821));
  EXPECT_EQ(s.frequency_hz.back(), 0.1001603);
  EXPECT_EQ(s.impedance_ohm.back(), Complex(0.06649166, -0.001175554));
  EXPECT_EQ(s.metadata.technique, "GALVEIS");
  ASSERT_EQ(s.warnings.size(), 1u);
  EXPECT_NE(s.warnings[0].find("inductive"), std::string::npos);
}

TEST(Gamry, ChemotionEispotWithExtraColumns) {
  const auto r = read_file(data_path("chemotion/DHM-Cudmp_EISPOT - Copy.DTA"));
  ASSERT_EQ(r.spectra.size(), 1u);
  const auto& s = r.spectra[0];
  ASSERT_EQ(s.size(), 58u);
  EXPECT_EQ(s.frequency_hz.front(), 100019.5);
  EXPECT_EQ(s.impedance_ohm.front(), Complex(59.89103, -11.25287));
  EXPECT_EQ(s.frequency_hz.back(), 0.1999787);
  EXPECT_EQ(s.impedance_ohm.back(), Complex(1.460058E+009, -1.21136E+009));
  EXPECT_EQ(s.metadata.column_names.size(), 14u);  // Imod, Vmod, Temp added
  ASSERT_TRUE(s.metadata.temperature_k.has_value());
  EXPECT_GT(*s.metadata.temperature_k, 1600.0);  // the absurd ~1395 °C, as written
  bool flagged = false;
  for (const auto& w : s.warnings) {
    flagged = flagged || w.find("implausible") != std::string::npos;
  }
  EXPECT_TRUE(flagged);
}

TEST(Gamry, DecimalCommaCyclicVoltammogram) {
  const auto r = read_file(data_path("chemotion/DHM-15-CV-Demo.DTA"));
  ASSERT_EQ(r.voltammograms.size(), 1u);
  const auto& v = r.voltammograms[0];
  ASSERT_EQ(v.size(), 1202u);  // CURVE1..4: 401 + 400 + 400 + 1 rows (awk)
  ASSERT_EQ(v.time_s.size(), 1202u);
  EXPECT_EQ(v.time_s.front(), 0.05);
  EXPECT_EQ(v.potential_v.front(), 2.99932E-001);
  EXPECT_EQ(v.current_a.front(), 2.96077E-006);
  EXPECT_EQ(v.cycle.front(), 1);
  EXPECT_EQ(v.time_s.back(), 60.1);
  EXPECT_EQ(v.potential_v.back(), 2.99927E-001);
  EXPECT_EQ(v.current_a.back(), 2.64327E-006);
  EXPECT_EQ(v.cycle.back(), 4);
  EXPECT_EQ(v.cycle[401], 2);  // first row of CURVE2
  EXPECT_EQ(v.potential_v[401], 2.94952E-001);
  EXPECT_NEAR(v.metadata.scan_rate_v_per_s.value(), 0.0999998, 1e-12);
  EXPECT_EQ(v.metadata.area_cm2, 7.85E-003);
  EXPECT_EQ(v.metadata.technique, "CV");
}

eis::ParseError dta_error(const std::string& text) {
  try {
    (void)read_bytes(text, "x.DTA");
  } catch (const eis::ParseError& e) {
    return e;
  }
  ADD_FAILURE() << "no ParseError";
  return eis::ParseError("none");
}

TEST(Gamry, MalformedFiles) {
  const std::string head =
      "EXPLAIN\nTAG\tEISPOT\nZCURVE\tTABLE\n\tPt\tFreq\tZreal\tZimag\n\t#\tHz\tohm\tohm\n";
  EXPECT_EQ(dta_error("EXPLAIN\nTAG\tEISPOT\nTITLE\tLABEL\tx\n").line(), 2u);  // no tables
  auto e = dta_error(head + "\t0\t1000\t5\t-1\n\t1\t100\t5\tx\n");
  EXPECT_EQ(e.line(), 7u);
  EXPECT_EQ(e.column(), 10u);
  EXPECT_EQ(dta_error(head + "\t0\t1000\t5\t-1\n\t1\t100\t5\n").line(), 7u);
  EXPECT_EQ(dta_error(head + "\t0\t1000\t5\t-1\n\t1\t0\t5\t-1\n").line(), 7u);
  EXPECT_EQ(dta_error(head + "\t0\t1000\t5\t-1\n\t1\tnan\t5\t-1\n").line(), 7u);
  EXPECT_EQ(
      dta_error("EXPLAIN\nTAG\tEISPOT\nZCURVE\tTABLE\n\tPt\tFreq\tZreal\n\t#\tHz\tohm\n\t0\t1\t2\n")
          .line(),
      4u);
}

}  // namespace
