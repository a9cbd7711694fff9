// PalmSens .pssession reader. Expected values were typed from the decoded text, independently
// of the reader under test:
//   t = open('data.pssession','rb').read().decode('utf-16'); j = json.loads(t[:t.rindex('}')+1])
//   v = j['Measurements'][0]['EISDataList'][0]['DataSet']['Values']   # 51 values each
//   Hertz: first 100000.0, last 1.0
//   ZRe:   first 10331.902945892089, last 9950.655182072274
//   ZIm (Unit.Q "-Z''"): first 120.57488752752744, last -3.6324645997346123
//   Measurements[0]: Title 'Test data', DeviceSerial 'PS4A22B003671',
//                    TimeStamp 638283044195322907 (.NET ticks = 2023-08-22 12:33:39.53)
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>

#include <eis/error.hpp>
#include <eis/io/palmsens.hpp>
#include <eis/io/read.hpp>

#include "io/iobin_test_util.hpp"
#include "support/support.hpp"

namespace {

using eis::Complex;
using eis::test::fixture_bytes;

TEST(PalmSens, SessionGivesOneSpectrumWithNegatedZIm) {
  const auto r = eis::io::read_bytes(fixture_bytes("pyimpspec/data.pssession"), "data.pssession");
  EXPECT_EQ(r.reader, "palmsens-pssession");
  ASSERT_EQ(r.spectra.size(), 1U);
  const auto& s = r.spectra[0];
  ASSERT_EQ(s.size(), 51U);  // PROVENANCE.md: 51 points, 100 kHz–1 Hz
  EXPECT_EQ(s.frequency_hz.front(), 100000.0);
  EXPECT_EQ(s.frequency_hz.back(), 1.0);
  EXPECT_EQ(s.impedance_ohm.front(), Complex(10331.902945892089, -120.57488752752744));
  EXPECT_EQ(s.impedance_ohm.back(), Complex(9950.655182072274, 3.6324645997346123));
  EXPECT_EQ(s.metadata.instrument, "PalmSens PS4A22B003671");
  EXPECT_EQ(s.metadata.technique, "EIS");
  EXPECT_EQ(s.metadata.start_time, "2023-08-22T12:33:39");
  EXPECT_EQ(s.metadata.extra.at("measurement title"), "Test data");
  // A ≈10 kΩ resistor (FORMATS.md §4.5): some low-frequency points are slightly inductive,
  // which is reported, not hidden.
  EXPECT_FALSE(s.warnings.empty());
}

TEST(PalmSens, SmallSyntheticSessionUsedAsFuzzSeed) {
  // tests/fuzz/seeds/small.pssession: written by hand (Python json.dumps of a 3-point data set
  // with made-up values, UTF-16LE with BOM, a trailing BOM as PSTrace writes).
  std::ifstream in(std::string(EIS_SOURCE_DIR) + "/tests/fuzz/seeds/small.pssession",
                   std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const auto r = eis::io::read_palmsens_session(bytes, "small.pssession");
  ASSERT_EQ(r.spectra.size(), 1U);
  const auto& s = r.spectra[0];
  ASSERT_EQ(s.size(), 3U);
  EXPECT_EQ(s.frequency_hz[2], 10.0);
  EXPECT_EQ(s.impedance_ohm[0], Complex(100.5, -10.0));
  EXPECT_EQ(s.impedance_ohm[1], Complex(120.25, -40.5));
  EXPECT_EQ(s.impedance_ohm[2], Complex(180.0, 2.0));
  EXPECT_NEAR(*s.metadata.dc_potential_v, 0.02, 1e-15);
  EXPECT_EQ(s.metadata.instrument, "PalmSens SEED");
}

TEST(PalmSens, MalformedSessionsAreParseErrors) {
  const std::string bytes = fixture_bytes("pyimpspec/data.pssession");
  const auto read = [](std::string_view b) {
    (void)eis::io::read_palmsens_session(b, "data.pssession");
  };
  // Cut anywhere: broken JSON (or missing arrays), never a crash. Only the whole file and the
  // cut that drops just the trailing BOM (and possibly the last code unit) still read.
  const std::size_t ok =
      eis::test::expect_prefixes_parse_or_throw(bytes, read, 4999, bytes.size() - 40, bytes.size());
  EXPECT_GE(ok, 1U);
  EXPECT_LE(ok, 6U);
  EXPECT_THROW(read("{}"), eis::ParseError);                                  // no BOM
  EXPECT_THROW(read(std::string("\xFF\xFE{\x00", 4)), eis::ParseError);       // no closing brace
  EXPECT_THROW(read(std::string("\xFF\xFE{\x00}\x00", 6)), eis::ParseError);  // no Measurements
  EXPECT_THROW(read(std::string("\xFF\xFE{", 3)), eis::ParseError);           // odd byte count
  try {
    read(bytes.substr(0, 1001 * 2));
    FAIL() << "expected ParseError";
  } catch (const eis::ParseError& e) {
    EXPECT_NE(std::string(e.what()).find("data.pssession"), std::string::npos) << e.what();
  }
}

}  // namespace
