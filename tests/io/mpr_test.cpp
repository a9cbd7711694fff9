// BioLogic .mpr reader. Expected values are typed from the .mpt text export of the same run
// (the "twin", FORMATS.md §3.2; file and line given beside each value), or, for PEIS_SSB.mpr
// which has no twin, decoded independently with Python's struct module (script below).
// EC-Lab stores float32 and prints 8 significant digits, so float32 columns agree to ~1e-7.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <eis/error.hpp>
#include <eis/io/biologic_mpr.hpp>

#include "io/iobin_test_util.hpp"
#include "support/support.hpp"

namespace {

using eis::Complex;
using eis::io::read_biologic_mpr;
using eis::test::fixture_bytes;
using eis::test::near_relative;

constexpr double f32_rel = 2e-7;  // float32 value vs its 8-digit text

eis::io::ReadResult read_fixture(const std::string& relative) {
  return read_biologic_mpr(fixture_bytes(relative), relative);
}

// Z from the .mpt columns Re(Z)/Ohm and -Im(Z)/Ohm: Z = Re − j·(−Im).
Complex z_from_mpt(double re, double minus_im) {
  return {re, -minus_im};
}

TEST(BiologicMpr, PeisOldLayoutMatchesMptTwin) {
  const auto r = read_fixture("yadg/peis.mpr");
  EXPECT_EQ(r.reader, "biologic-mpr");
  ASSERT_EQ(r.spectra.size(), 1U);
  EXPECT_TRUE(r.voltammograms.empty());
  const auto& s = r.spectra[0];
  ASSERT_EQ(s.size(), 32U);  // peis.mpt: 32 data rows (lines 71–102)
  EXPECT_EQ(s.metadata.technique, "PEIS");
  EXPECT_EQ(s.metadata.cycle, 1);
  EXPECT_EQ(s.metadata.start_time, "2021-03-02");
  // peis.mpt line 71: 1.9999814E+005 1.0512296E+001 7.3047662E-001 … time 4.481567263361649E+002
  EXPECT_TRUE(near_relative(s.frequency_hz[0], 1.9999814E+005, f32_rel));
  EXPECT_TRUE(
      near_relative(s.impedance_ohm[0], z_from_mpt(1.0512296E+001, 7.3047662E-001), f32_rel));
  EXPECT_TRUE(near_relative(s.time_s[0], 4.481567263361649E+002, 1e-14));
  // line 86
  EXPECT_TRUE(near_relative(s.frequency_hz[15], 5.4447723E+002, f32_rel));
  EXPECT_TRUE(
      near_relative(s.impedance_ohm[15], z_from_mpt(1.1553677E+001, 1.6823349E+000), f32_rel));
  // line 102
  EXPECT_TRUE(near_relative(s.frequency_hz[31], 1.0000616E+000, f32_rel));
  EXPECT_TRUE(
      near_relative(s.impedance_ohm[31], z_from_mpt(1.8024315E+001, 2.6962531E+000), f32_rel));
  EXPECT_TRUE(near_relative(s.time_s[31], 4.642570934476098E+002, 1e-14));
  // <Ewe>/V is −3.59143 … −3.59135 V over the sweep (lines 71, 86, 102).
  ASSERT_TRUE(s.metadata.dc_potential_v.has_value());
  EXPECT_TRUE(near_relative(*s.metadata.dc_potential_v, -3.59140, 3e-5));
}

TEST(BiologicMpr, ColumnIdsGiveTheMptColumnNames) {
  // The first 25 names of the peis.mpt column line (the rest are EC-Lab's derived columns).
  const std::vector<std::string> mpt_names{
      "freq/Hz",      "Re(Z)/Ohm",         "-Im(Z)/Ohm",     "|Z|/Ohm",        "Phase(Z)/deg",
      "time/s",       "<Ewe>/V",           "<I>/mA",         "Cs/µF",          "Cp/µF",
      "cycle number", "I Range",           "|Ewe|/V",        "|I|/A",          "(Q-Qo)/mA.h",
      "<Ece>/V",      "|Ece|/V",           "Phase(Zce)/deg", "|Zce|/Ohm",      "Re(Zce)/Ohm",
      "-Im(Zce)/Ohm", "Phase(Zwe-ce)/deg", "|Zwe-ce|/Ohm",   "Re(Zwe-ce)/Ohm", "-Im(Zwe-ce)/Ohm"};
  const auto d = eis::io::decode_biologic_mpr(fixture_bytes("yadg/peis.mpr"), "peis.mpr");
  ASSERT_EQ(d.columns.size(), mpt_names.size());
  for (std::size_t i = 0; i < mpt_names.size(); ++i) {
    EXPECT_EQ(d.columns[i].name, mpt_names[i]) << "column " << i;
  }
  EXPECT_FALSE(d.new_header_layout);
  EXPECT_EQ(d.data_module_version, 3);
  EXPECT_EQ(d.technique_id, 29);
  // ca.mpt: the first 20 names (flags expanded from one packed byte).
  const std::vector<std::string> ca_names{"mode",
                                          "ox/red",
                                          "error",
                                          "control changes",
                                          "Ns changes",
                                          "counter inc.",
                                          "Ns",
                                          "time/s",
                                          "control/V",
                                          "Ewe/V",
                                          "I/mA",
                                          "dQ/C",
                                          "(Q-Qo)/C",
                                          "I Range",
                                          "Q charge/discharge/mA.h",
                                          "half cycle",
                                          "Energy charge/W.h",
                                          "Energy discharge/W.h",
                                          "Capacitance charge/µF",
                                          "Capacitance discharge/µF"};
  const auto ca = eis::io::decode_biologic_mpr(fixture_bytes("yadg/ca.mpr"), "ca.mpr");
  ASSERT_EQ(ca.columns.size(), ca_names.size());
  for (std::size_t i = 0; i < ca_names.size(); ++i) {
    EXPECT_EQ(ca.columns[i].name, ca_names[i]) << "column " << i;
  }
  // ca.mpt line 69: mode 2, ox/red 1, error 0, control changes 1, I Range 21.
  EXPECT_EQ(ca.find("mode")->values[0], 2.0);
  EXPECT_EQ(ca.find("ox/red")->values[0], 1.0);
  EXPECT_EQ(ca.find("error")->values[0], 0.0);
  EXPECT_EQ(ca.find("control changes")->values[0], 1.0);
  EXPECT_EQ(ca.find("I Range")->values[0], 21.0);
}

TEST(BiologicMpr, NewLayoutLpsclMatchesTxtTwin) {
  const auto d = eis::io::decode_biologic_mpr(
      fixture_bytes("hybrid_drt/PEIS_LPSCl_IonBlocking_-25C.mpr"), "lpscl.mpr");
  EXPECT_TRUE(d.new_header_layout);
  EXPECT_EQ(d.data_module_version, 0);
  EXPECT_EQ(d.first_row_offset, 7936U);  // FORMATS.md §3.2: freq at byte 7936
  const auto r = read_fixture("hybrid_drt/PEIS_LPSCl_IonBlocking_-25C.mpr");
  ASSERT_EQ(r.spectra.size(), 1U);
  const auto& s = r.spectra[0];
  ASSERT_EQ(s.size(), 79U);
  EXPECT_EQ(s.metadata.technique, "PEIS");
  EXPECT_EQ(s.metadata.start_time, "2025-05-15");
  // PEIS_LPSCl_IonBlocking_-25C.txt line 66 (= FORMATS.md §3.2 float32 check)
  EXPECT_TRUE(near_relative(s.frequency_hz[0], 7.0000185E+006, f32_rel));
  EXPECT_TRUE(
      near_relative(s.impedance_ohm[0], z_from_mpt(3.5924146E+002, 2.9092038E+002), f32_rel));
  EXPECT_TRUE(near_relative(s.time_s[0], 4.709477316966513E+000, 1e-14));
  // line 105
  EXPECT_TRUE(near_relative(s.frequency_hz[39], 8.3687158E+002, f32_rel));
  EXPECT_TRUE(
      near_relative(s.impedance_ohm[39], z_from_mpt(1.9533011E+003, 2.6584041E+003), f32_rel));
  // line 144; FORMATS.md §4.2: Z(0.1 Hz) = 1.8 MΩ − j8.1 MΩ
  EXPECT_TRUE(near_relative(s.frequency_hz[78], 1.0002181E-001, f32_rel));
  EXPECT_TRUE(
      near_relative(s.impedance_ohm[78], z_from_mpt(1.7994276E+006, 8.0937855E+006), f32_rel));
  EXPECT_TRUE(near_relative(s.time_s[78], 1.399613757944608E+002, 1e-14));
}

TEST(BiologicMpr, NewLayoutSolidStateBatteryAgainstStructDecode) {
  // No .mpt twin; decoded independently with Python:
  //   b = open('PEIS_SSB.mpr','rb').read(); d = 6929   # data module start (after 65-byte header)
  //   n, nc = struct.unpack_from('<IB', b, d)           # 89, 16; IDs u16 LE from d+6
  //   row = d + 1007                                    # 16 columns → 72 bytes per row
  //   struct.unpack_from('<5fd', b, row + 72*r)         # freq, Re, -Im, |Z|, Phase, time
  // r = 0:  (7000018.5, 49.008689880371094, 16.160770416259766, …, 6.477496014296776)
  // r = 88: (0.009997263550758362, 2416.704833984375, 454.9601745605469, …, 1069.5759000021208)
  const auto r = read_fixture("hybrid_drt/PEIS_SSB.mpr");
  ASSERT_EQ(r.spectra.size(), 1U);
  const auto& s = r.spectra[0];
  ASSERT_EQ(s.size(), 89U);
  EXPECT_EQ(s.frequency_hz[0], 7000018.5);
  EXPECT_EQ(s.impedance_ohm[0], Complex(49.008689880371094, -16.160770416259766));
  EXPECT_EQ(s.time_s[0], 6.477496014296776);
  EXPECT_EQ(s.frequency_hz[88], 0.009997263550758362);
  EXPECT_EQ(s.impedance_ohm[88], Complex(2416.704833984375, -454.9601745605469));
  EXPECT_EQ(s.time_s[88], 1069.5759000021208);
}

TEST(BiologicMpr, LoopedPeisGives32SpectraWithExternalDevice) {
  const auto r = read_fixture("yadg/vsp_peis_with.mpr");
  ASSERT_EQ(r.spectra.size(), 32U);  // PROVENANCE: 32 sweeps of 70 points, cycle 1–32
  for (std::size_t k = 0; k < r.spectra.size(); ++k) {
    EXPECT_EQ(r.spectra[k].size(), 70U) << k;
    EXPECT_EQ(r.spectra[k].metadata.cycle, static_cast<int>(k + 1)) << k;
  }
  const auto& first = r.spectra.front();
  const auto& last = r.spectra.back();
  // vsp_peis_with.mpt line 4 (inductive at 1 MHz: −Im(Z) < 0)
  EXPECT_TRUE(near_relative(first.frequency_hz[0], 1.0000186E+006, f32_rel));
  EXPECT_TRUE(
      near_relative(first.impedance_ohm[0], z_from_mpt(1.0578955E+001, -1.7952957E+001), f32_rel));
  // line 73
  EXPECT_TRUE(near_relative(first.frequency_hz[69], 9.9904113E-002, f32_rel));
  EXPECT_TRUE(
      near_relative(first.impedance_ohm[69], z_from_mpt(1.8907652E+001, 1.6681534E+000), f32_rel));
  // line 74: second sweep
  EXPECT_TRUE(near_relative(
      r.spectra[1].impedance_ohm[0], z_from_mpt(1.0987704E+001, -1.8732063E+001), f32_rel));
  EXPECT_TRUE(near_relative(r.spectra[1].time_s[0], 1.266848008246608E+005, 1e-14));
  // line 2243
  EXPECT_TRUE(
      near_relative(last.impedance_ohm[69], z_from_mpt(3.5587879E+001, 2.5841804E+000), f32_rel));
  EXPECT_TRUE(near_relative(last.time_s[69], 1.219962523139676E+006, 1e-14));
  // VMP ExtDev module names the two analog inputs.
  EXPECT_EQ(first.metadata.extra.at("external device channel 1"), "Force/N");
  EXPECT_EQ(first.metadata.extra.at("external device channel 2"), "Temperatur/°C");
  EXPECT_TRUE(first.metadata.extra.count("Analog IN 2/V (mean)"));
}

TEST(BiologicMpr, ModuloBatSplitsSweepsAndKeepsDcRowsApart) {
  const auto r = read_fixture("yadg/mb.mpr");
  ASSERT_EQ(r.spectra.size(), 8U);  // FORMATS.md §3.1: 8 sweeps of 70 points in Ns 1 and 6
  for (const auto& s : r.spectra) {
    EXPECT_EQ(s.size(), 70U);
    EXPECT_EQ(s.metadata.technique, "MB");
  }
  EXPECT_EQ(r.spectra[0].metadata.extra.at("Ns"), "1");
  EXPECT_EQ(r.spectra[1].metadata.extra.at("Ns"), "6");
  // Modulo Bat stores only |Z| and Phase(Z); Re/−Im in the .mpt are EC-Lab's own
  // conversion, so allow 3 float32 roundings. mb.mpt line 98:
  constexpr double rel = 5e-7;
  EXPECT_TRUE(near_relative(r.spectra[0].frequency_hz[0], 1.0000186E+006, f32_rel));
  EXPECT_TRUE(near_relative(
      r.spectra[0].impedance_ohm[0], z_from_mpt(1.3542760E+002, 4.1891501E+002), rel));
  // line 167
  EXPECT_TRUE(near_relative(
      r.spectra[0].impedance_ohm[69], z_from_mpt(1.1088157E+003, 3.1496077E+001), rel));
  // line 419 (second sweep, Ns 6)
  EXPECT_TRUE(near_relative(
      r.spectra[1].impedance_ohm[0], z_from_mpt(3.4024349E+001, 4.4936536E+002), rel));
  // line 1679
  EXPECT_TRUE(near_relative(
      r.spectra[7].impedance_ohm[69], z_from_mpt(1.1379438E+003, 4.2537605E+001), rel));
  EXPECT_TRUE(near_relative(r.spectra[7].time_s[69], 3.399074440735369E+004, 1e-14));
  // FORMATS.md §4.3: Z'(1 MHz) in time order 135, 34, 35, 128, 35, 128, 34, 127 Ω.
  const double hf[] = {135, 34, 35, 128, 35, 128, 34, 127};
  for (std::size_t k = 0; k < 8; ++k) {
    EXPECT_NEAR(r.spectra[k].impedance_ohm[0].real(), hf[k], 1.0) << k;
  }
  // The 1028 DC rows (freq/Hz = 0; mb.mpt has 1588 rows, 560 of them EIS) are skipped.
  EXPECT_TRUE(r.voltammograms.empty());
  ASSERT_EQ(r.warnings.size(), 1U);
  EXPECT_NE(r.warnings[0].find("1028 DC rows"), std::string::npos) << r.warnings[0];
}

TEST(BiologicMpr, ZirIsOnePointSpectrum) {
  const auto r = read_fixture("yadg/zir.mpr");
  ASSERT_EQ(r.spectra.size(), 1U);
  const auto& s = r.spectra[0];
  ASSERT_EQ(s.size(), 1U);
  EXPECT_EQ(s.metadata.technique, "ZIR");
  EXPECT_EQ(s.metadata.start_time, "2018-03-26");  // module date "03.26.18"
  // zir.mpt line 51
  EXPECT_TRUE(near_relative(s.frequency_hz[0], 1.0019531E+004, f32_rel));
  EXPECT_TRUE(
      near_relative(s.impedance_ohm[0], z_from_mpt(1.0407059E+005, 9.3853563E+004), f32_rel));
  EXPECT_TRUE(near_relative(*s.metadata.dc_potential_v, 2.2599726E+000, f32_rel));
}

TEST(BiologicMpr, CyclicVoltammetryInAmpereWithCycles) {
  const auto r = read_fixture("yadg/cv.mpr");
  EXPECT_TRUE(r.spectra.empty());
  ASSERT_EQ(r.voltammograms.size(), 1U);
  const auto& v = r.voltammograms[0];
  ASSERT_EQ(v.size(), 5103U);
  EXPECT_EQ(v.metadata.technique, "CV");
  ASSERT_EQ(v.cycle.size(), 5103U);
  // cv.mpt lines 59, 2609, 5161 (<I>/mA is float64, printed with 16 digits)
  EXPECT_TRUE(near_relative(v.time_s[0], 4.320204396882385E+004, 1e-14));
  EXPECT_TRUE(near_relative(v.potential_v[0], 2.4807117E+000, f32_rel));
  EXPECT_TRUE(near_relative(v.current_a[0], -1.235983972946997E-006 * 1e-3, 1e-14));
  EXPECT_EQ(v.cycle[0], 1);
  EXPECT_TRUE(near_relative(v.potential_v[2550], 5.1212931E+000, f32_rel));
  EXPECT_TRUE(near_relative(v.current_a[2550], 1.122982056748364E+001 * 1e-3, 1e-14));
  EXPECT_TRUE(near_relative(v.current_a[5102], 6.838552079206513E-004 * 1e-3, 1e-14));
  EXPECT_EQ(v.cycle[5102], 2);
}

TEST(BiologicMpr, ChronoamperometryLsvAndModuloBatDcRecords) {
  const auto ca = read_fixture("yadg/ca.mpr");
  ASSERT_EQ(ca.voltammograms.size(), 1U);
  const auto& c = ca.voltammograms[0];
  ASSERT_EQ(c.size(), 721U);
  EXPECT_EQ(c.metadata.technique, "CA");
  // ca.mpt lines 69 and 789 (I/mA is float32)
  EXPECT_TRUE(near_relative(c.time_s[0], 1.088742284907824E+005, 1e-14));
  EXPECT_TRUE(near_relative(c.potential_v[0], 1.4643160E-001, f32_rel));
  EXPECT_TRUE(near_relative(c.current_a[0], 1.8604061E-002 * 1e-3, f32_rel));
  EXPECT_TRUE(near_relative(c.current_a[720], 2.7650740E-006 * 1e-3, f32_rel));

  const auto lsv = read_fixture("yadg/lsv.mpr");
  ASSERT_EQ(lsv.voltammograms.size(), 1U);
  const auto& l = lsv.voltammograms[0];
  ASSERT_EQ(l.size(), 1186U);
  EXPECT_EQ(l.metadata.technique, "LSV");
  // lsv.mpt lines 67 and 1252
  EXPECT_TRUE(near_relative(l.potential_v[0], -2.4618463E-001, f32_rel));
  EXPECT_TRUE(near_relative(l.current_a[0], -6.556889057159424E+000 * 1e-3, 1e-14));
  EXPECT_TRUE(near_relative(l.potential_v[1185], -4.0008063E+000, f32_rel));
  EXPECT_TRUE(near_relative(l.current_a[1185], -1.195750350952148E+002 * 1e-3, 1e-14));

  const auto mb = read_fixture("yadg/mb.issue_95.mpr");
  EXPECT_TRUE(mb.spectra.empty());
  ASSERT_EQ(mb.voltammograms.size(), 1U);
  ASSERT_EQ(mb.voltammograms[0].size(), 33U);
  // mb.issue_95.mpt line 126
  EXPECT_TRUE(near_relative(mb.voltammograms[0].current_a[32], -6.4980278E+001 * 1e-3, f32_rel));
  EXPECT_TRUE(near_relative(mb.voltammograms[0].potential_v[32], 2.3260789E+000, f32_rel));
}

TEST(BiologicMpr, EmptyDataModuleIsAParseErrorNotASpectrum) {
  // chemotion: the settings describe a PEIS, but the data module holds 0 points.
  try {
    (void)read_fixture("chemotion/CHD048_CHD050_60C_C01.mpr");
    FAIL() << "expected ParseError";
  } catch (const eis::ParseError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("0 points"), std::string::npos) << what;
    EXPECT_NE(what.find("CHD048_CHD050_60C_C01.mpr"), std::string::npos) << what;
    EXPECT_NE(what.find("byte offset 6909"), std::string::npos) << what;
  }
}

TEST(BiologicMpr, EveryTruncationThrowsParseErrorOrReads) {
  const std::string zir = fixture_bytes("yadg/zir.mpr");
  const auto read = [](std::string_view b) { (void)read_biologic_mpr(b, "zir.mpr"); };
  // Two prefixes read: the whole file, and the one that ends where the (optional) LOG module
  // starts (zir.mpr: byte 2460; the LPSCl file: byte 13624 = 13·1048). A cut anywhere else
  // leaves a module shorter than its declared length.
  EXPECT_EQ(eis::test::expect_prefixes_parse_or_throw(zir, read, 1), 2U);
  const std::string lpscl = fixture_bytes("hybrid_drt/PEIS_LPSCl_IonBlocking_-25C.mpr");
  EXPECT_EQ(eis::test::expect_prefixes_parse_or_throw(lpscl, read, 13, 6800, 8100), 2U);
}

TEST(BiologicMpr, CorruptHeadersAreParseErrorsWithOffsets) {
  const std::string peis = fixture_bytes("yadg/peis.mpr");
  const auto expect_error = [](const std::string& bytes, const std::string& needle) {
    try {
      (void)read_biologic_mpr(bytes, "bad.mpr");
      ADD_FAILURE() << "expected ParseError containing " << needle;
    } catch (const eis::ParseError& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("byte offset"), std::string::npos) << e.what();
    }
  };
  expect_error("not an mpr at all", "magic");
  // The data module header of peis.mpr is at 6851: MODULE + names (41) → length at 6892,
  // version at 6896, data at 6908 (point count u32, column count u8, IDs u16).
  std::string bad = peis;
  bad[6896] = 7;  // data module version 7
  expect_error(bad, "version 7");
  bad = peis;
  bad[6908 + 5] = static_cast<char>(0xFF);  // first column ID 0x00FF = 255: unknown
  expect_error(bad, "unknown column ID 255");
  bad = peis;
  bad[6908 + 3] = 0x10;  // point count 0x10000020: more rows than bytes
  expect_error(bad, "rows");
  bad = peis;
  bad[6892 + 3] = 0x40;  // module length beyond the end of the file
  expect_error(bad, "file ends");
  bad = peis;
  bad[6851] = 'X';  // "MODULE" magic broken
  expect_error(bad, "MODULE");
}

TEST(BiologicMpr, NonFiniteFrequencyInAnEisRowIsRejected) {
  std::string zir = fixture_bytes("yadg/zir.mpr");
  // zir.mpr: data module data at 2009, rows at 2009 + 405 (version 2); freq is the first f32.
  const std::size_t row = 2009 + 405;
  zir[row + 0] = 0;
  zir[row + 1] = 0;
  zir[row + 2] = static_cast<char>(0xC0);
  zir[row + 3] = 0x7F;  // 0x7FC00000 = NaN
  try {
    (void)read_biologic_mpr(zir, "zir.mpr");
    FAIL() << "expected ParseError";
  } catch (const eis::ParseError& e) {
    EXPECT_NE(std::string(e.what()).find("byte offset 2414"), std::string::npos) << e.what();
  }
}

TEST(BiologicMpr, DetectionByMagic) {
  EXPECT_TRUE(eis::io::looks_like_biologic_mpr(fixture_bytes("yadg/zir.mpr"), "x.bin"));
  EXPECT_FALSE(eis::io::looks_like_biologic_mpr(fixture_bytes("zahner/drift.ism"), "x.mpr"));
  EXPECT_FALSE(eis::io::looks_like_biologic_mpr("", "x.mpr"));
}

}  // namespace
