// Zahner .ism reader. Expected values were decoded independently from the big-endian bytes
// with Python (FORMATS.md §3.13 layout), not with the reader under test:
//   b = open(fn, 'rb').read()
//   n = int.from_bytes(b[6:12], 'big', signed=True) + 1
//   f  = struct.unpack_from('>%dd' % n, b, 12);        z = struct.unpack_from('>%dd' % n, b, 12 +
//   8*n) ph = struct.unpack_from('>%dd' % n, b, 12 + 16*n); t = struct.unpack_from('>%dd' % n, b,
//   12 + 24*n) i0, i1 = sorted((f.index(max(f)), f.index(min(f))))
// rc-data.ism:        n 75, i0 20, i1 74
//   i0: f 100000.0, |Z| 10869.440051829493, φ -1.5555597084866857, t − t_min 31.868500232696533
//   i1: f 0.2, |Z| 99532618.28267004, φ -0.019428335242224447, t − t_min 284.14400005340576
// li-ion-battery.ism: n 128, i0 0, i1 127
//   i0: f 0.0005, |Z| 0.67871, φ -0.9100146719898441;  i1: f 5000.0, |Z| 0.03634600000000001,
//   φ 0.7159340591680741
// drift.ism:          n 47, i0 0, i1 46
//   i0: f 50000.0, |Z| 41.27260050510183, φ 0.9682242141231516
//   i1: f 0.1, |Z| 1651.4889463375653, φ -0.009829516496208082, t − t_min 221.00149989128113
// Metadata strings (int16 length + case-swapped ASCII), rc-data.ism: '160724', 'RC HIZ',
// '0.9995V, Ampl: 10mV', '10.006nA', '23.8+-0.1C', '09:32:45 - 09:37:42', 'First Line', …;
// k-value 25 = 10.0 (mV amplitude); 75 trailing (V, A) pairs, the first 0.999628195152851 V.
#include <cmath>
#include <complex>
#include <string>

#include <gtest/gtest.h>

#include <eis/error.hpp>
#include <eis/io/read.hpp>
#include <eis/io/zahner.hpp>

#include "io/iobin_test_util.hpp"
#include "support/support.hpp"

namespace {

using eis::Complex;
using eis::test::fixture_bytes;
using eis::test::near_relative;

Complex polar(double modulus, double phase_rad) {
  return {modulus * std::cos(phase_rad), modulus * std::sin(phase_rad)};
}

TEST(ZahnerIsm, RcDummyKeepsTheMonotonicSweep) {
  const auto r = eis::io::read_zahner_ism(fixture_bytes("zahner/rc-data.ism"), "rc-data.ism");
  EXPECT_EQ(r.reader, "zahner-ism");
  ASSERT_EQ(r.spectra.size(), 1U);
  const auto& s = r.spectra[0];
  ASSERT_EQ(s.size(), 55U);  // FORMATS.md §3.13: 75 stored, 55 used
  EXPECT_EQ(s.frequency_hz.front(), 100000.0);
  EXPECT_EQ(s.frequency_hz.back(), 0.2);
  EXPECT_TRUE(near_relative(
      s.impedance_ohm.front(), polar(10869.440051829493, -1.5555597084866857), 1e-15));
  EXPECT_TRUE(near_relative(
      s.impedance_ohm.back(), polar(99532618.28267004, -0.019428335242224447), 1e-15));
  EXPECT_TRUE(near_relative(s.time_s.front(), 31.868500232696533, 1e-12));
  EXPECT_TRUE(near_relative(s.time_s.back(), 284.14400005340576, 1e-12));
  for (std::size_t i = 1; i < s.size(); ++i) {
    EXPECT_LT(s.frequency_hz[i], s.frequency_hz[i - 1]) << i;
  }
  EXPECT_FALSE(s.warnings.empty());  // the 20 skipped overlap samples are reported
  const auto& m = s.metadata;
  ASSERT_TRUE(m.temperature_k.has_value());
  EXPECT_NEAR(*m.temperature_k, 23.8 + 273.15, 1e-9);
  ASSERT_TRUE(m.ac_amplitude_v.has_value());
  EXPECT_NEAR(*m.ac_amplitude_v, 0.010, 1e-12);
  ASSERT_TRUE(m.dc_potential_v.has_value());
  EXPECT_NEAR(*m.dc_potential_v, 0.9996, 1e-3);  // FORMATS.md §4.6: 0.9996 V
  EXPECT_EQ(m.extra.at("system"), "RC HIZ");
  EXPECT_EQ(m.extra.at("current"), "10.006nA");
  EXPECT_EQ(m.extra.at("comment 4"), "Last Line");
  EXPECT_EQ(m.start_time.substr(0, 10), "2024-07-16");  // date string 160724
  // R‖C dummy (FORMATS.md §4.6, R4): at 0.2 Hz Z' → R ≈ 99 MΩ, capacitive.
  EXPECT_GT(s.impedance_ohm.back().real(), 9.8e7);
  EXPECT_LT(s.impedance_ohm.back().imag(), 0.0);
}

TEST(ZahnerIsm, AscendingSimulationAndDriftFile) {
  const auto li = eis::io::read_zahner_ism(fixture_bytes("zahner/li-ion-battery.ism"), "li.ism");
  ASSERT_EQ(li.spectra.size(), 1U);
  const auto& a = li.spectra[0];
  ASSERT_EQ(a.size(), 128U);
  EXPECT_EQ(a.frequency_hz.front(), 0.0005);
  EXPECT_EQ(a.frequency_hz.back(), 5000.0);
  EXPECT_TRUE(near_relative(a.impedance_ohm.front(), polar(0.67871, -0.9100146719898441), 1e-15));
  EXPECT_TRUE(
      near_relative(a.impedance_ohm.back(), polar(0.03634600000000001, 0.7159340591680741), 1e-15));
  EXPECT_EQ(a.metadata.extra.at("system"), "Simulation");
  EXPECT_FALSE(a.metadata.temperature_k.has_value());  // "RT"

  const auto drift = eis::io::read_zahner_ism(fixture_bytes("zahner/drift.ism"), "drift.ism");
  ASSERT_EQ(drift.spectra.size(), 1U);
  const auto& d = drift.spectra[0];
  ASSERT_EQ(d.size(), 47U);
  EXPECT_TRUE(
      near_relative(d.impedance_ohm.front(), polar(41.27260050510183, 0.9682242141231516), 1e-15));
  EXPECT_TRUE(near_relative(
      d.impedance_ohm.back(), polar(1651.4889463375653, -0.009829516496208082), 1e-15));
  EXPECT_TRUE(near_relative(d.time_s.back(), 221.00149989128113, 1e-12));
  EXPECT_EQ(d.metadata.extra.at("system"), "drift 100Hz");
}

TEST(ZahnerIsm, DetectedByContent) {
  const std::string bytes = fixture_bytes("zahner/drift.ism");
  EXPECT_TRUE(eis::io::looks_like_zahner_ism(bytes, "anything"));
  EXPECT_EQ(eis::io::detect_reader(bytes, "data.bin"), "zahner-ism");
  const auto r = eis::io::read_bytes(bytes, "drift.ism");
  EXPECT_EQ(r.reader, "zahner-ism");
  EXPECT_FALSE(eis::io::looks_like_zahner_ism(fixture_bytes("yadg/zir.mpr"), "x.ism"));
}

TEST(ZahnerIsm, EveryTruncationThrowsParseErrorOrReads) {
  const std::string drift = fixture_bytes("zahner/drift.ism");
  const auto read = [](std::string_view b) { (void)eis::io::read_zahner_ism(b, "drift.ism"); };
  // Data arrays end at 12 + 34·47 = 1610; the date string needs 2 + 6 more bytes. From there
  // on the spectrum is complete and a short trailer is only a warning.
  const std::size_t ok = eis::test::expect_prefixes_parse_or_throw(drift, read, 1);
  EXPECT_EQ(ok, drift.size() + 1 - (1610 + 8));
  try {
    (void)eis::io::read_zahner_ism(drift.substr(0, 1000), "drift.ism");
    FAIL() << "expected ParseError";
  } catch (const eis::ParseError& e) {
    EXPECT_NE(std::string(e.what()).find("byte offset"), std::string::npos) << e.what();
  }
}

TEST(ZahnerIsm, GarbageValuesAreParseErrors) {
  std::string bytes = fixture_bytes("zahner/drift.ism");
  bytes[12] = static_cast<char>(0xFF);  // first frequency becomes a negative NaN
  bytes[13] = static_cast<char>(0xF8);
  EXPECT_THROW((void)eis::io::read_zahner_ism(bytes, "x.ism"), eis::ParseError);
  bytes = fixture_bytes("zahner/drift.ism");
  bytes[6] = static_cast<char>(0x7F);  // point count far beyond the file size
  EXPECT_THROW((void)eis::io::read_zahner_ism(bytes, "x.ism"), eis::ParseError);
  bytes[6] = static_cast<char>(0xFF);  // negative point count
  EXPECT_THROW((void)eis::io::read_zahner_ism(bytes, "x.ism"), eis::ParseError);
}

}  // namespace
