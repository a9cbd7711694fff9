// Every .mpr against its .mpt twin, point by point (FORMATS.md §3.2 test strategy; yadg's own
// tests assert the same equality). The .mpt side is read by the separate text reader
// (biologic-mpt); the typed spot checks in mpr_test.cpp keep the .mpr reader honest on its
// own. EC-Lab stores float32 and prints 8 significant digits (float64 columns: 16), hence the
// tolerances. Modulo Bat .mpr files keep only |Z| and Phase(Z), so Z is converted once more.
#include <string>

#include <gtest/gtest.h>

#include <eis/io/biologic_mpr.hpp>
#include <eis/io/read.hpp>

#include "io/iobin_test_util.hpp"
#include "support/support.hpp"

namespace {

using eis::test::fixture_bytes;
using eis::test::near_relative;

struct Twin {
  const char* mpr;
  const char* mpt;
  std::size_t spectra;
  std::size_t voltammograms;
  double z_rel;
};

class MprMptTwin : public ::testing::TestWithParam<Twin> {};

TEST_P(MprMptTwin, EveryPointAgrees) {
  const Twin& t = GetParam();
  const auto mpr = eis::io::read_bytes(fixture_bytes(t.mpr), t.mpr);
  const auto mpt = eis::io::read_bytes(fixture_bytes(t.mpt), t.mpt);
  EXPECT_EQ(mpr.reader, "biologic-mpr");
  EXPECT_EQ(mpt.reader, "biologic-mpt");
  ASSERT_EQ(mpr.spectra.size(), t.spectra);
  ASSERT_EQ(mpt.spectra.size(), t.spectra);
  ASSERT_EQ(mpr.voltammograms.size(), t.voltammograms);
  ASSERT_EQ(mpt.voltammograms.size(), t.voltammograms);
  for (std::size_t k = 0; k < t.spectra; ++k) {
    const auto& a = mpr.spectra[k];
    const auto& b = mpt.spectra[k];
    ASSERT_EQ(a.size(), b.size()) << "spectrum " << k;
    // Modulo Bat .mpr files store no `cycle number` column: EC-Lab derives it for the export
    // (it does not follow the stored `counter inc.` flag), so it is compared where stored.
    if (a.metadata.cycle) {
      EXPECT_EQ(a.metadata.cycle, b.metadata.cycle) << "spectrum " << k;
    }
    if (!b.metadata.technique.empty()) {  // vsp_peis_with.mpt's minimal header names none
      EXPECT_EQ(a.metadata.technique, b.metadata.technique) << "spectrum " << k;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_TRUE(near_relative(a.frequency_hz[i], b.frequency_hz[i], 2e-7))
          << "spectrum " << k << " point " << i;
      EXPECT_TRUE(near_relative(a.impedance_ohm[i], b.impedance_ohm[i], t.z_rel))
          << "spectrum " << k << " point " << i;
      if (!a.time_s.empty() && !b.time_s.empty()) {
        EXPECT_TRUE(near_relative(a.time_s[i], b.time_s[i], 1e-13))
            << "spectrum " << k << " point " << i;
      }
    }
    if (a.metadata.dc_potential_v && b.metadata.dc_potential_v) {
      EXPECT_TRUE(
          near_relative(*a.metadata.dc_potential_v, *b.metadata.dc_potential_v, 1e-6, 1e-9));
    }
  }
  for (std::size_t k = 0; k < t.voltammograms; ++k) {
    const auto& a = mpr.voltammograms[k];
    const auto& b = mpt.voltammograms[k];
    ASSERT_EQ(a.size(), b.size());
    if (!a.cycle.empty()) {
      EXPECT_EQ(a.cycle, b.cycle);
    }
    EXPECT_EQ(a.metadata.technique, b.metadata.technique);
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_TRUE(near_relative(a.time_s[i], b.time_s[i], 1e-13)) << "point " << i;
      EXPECT_TRUE(near_relative(a.potential_v[i], b.potential_v[i], 2e-7)) << "point " << i;
      EXPECT_TRUE(near_relative(a.current_a[i], b.current_a[i], 2e-7, 1e-30)) << "point " << i;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    YadgAndHybridDrt,
    MprMptTwin,
    ::testing::Values(Twin{"yadg/peis.mpr", "yadg/peis.mpt", 1, 0, 2e-7},
                      Twin{"yadg/zir.mpr", "yadg/zir.mpt", 1, 0, 2e-7},
                      Twin{"yadg/vsp_peis_with.mpr", "yadg/vsp_peis_with.mpt", 32, 0, 2e-7},
                      Twin{"yadg/mb.mpr", "yadg/mb.mpt", 8, 0, 5e-7},
                      Twin{"yadg/mb.issue_95.mpr", "yadg/mb.issue_95.mpt", 0, 1, 2e-7},
                      Twin{"yadg/mb.issue_95.mpr", "yadg/mb.issue_95.de.mpt", 0, 1, 2e-7},
                      Twin{"yadg/cv.mpr", "yadg/cv.mpt", 0, 1, 2e-7},
                      Twin{"yadg/lsv.mpr", "yadg/lsv.mpt", 0, 1, 2e-7},
                      Twin{"yadg/ca.mpr", "yadg/ca.mpt", 0, 1, 2e-7},
                      Twin{"hybrid_drt/PEIS_LPSCl_IonBlocking_-25C.mpr",
                           "hybrid_drt/PEIS_LPSCl_IonBlocking_-25C.txt",
                           1,
                           0,
                           2e-7}));

}  // namespace
