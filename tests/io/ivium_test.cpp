// Ivium .idf/.ids reader against the analytic pyimpspec spectrum (tests/io/pyimpspec_model.hpp):
// the files round Z', Z'' and f to 6 significant digits (e.g. "1.09009E+02  -2.65557E+01\t
// 1.00000E+04"), so every point must agree to 1e-5.
#include <string>

#include <gtest/gtest.h>

#include <eis/error.hpp>
#include <eis/io/ivium.hpp>
#include <eis/io/read.hpp>

#include "io/iobin_test_util.hpp"
#include "io/pyimpspec_model.hpp"
#include "support/support.hpp"

namespace {

using eis::test::fixture_bytes;

TEST(Ivium, IdfHoldsThePyimpspecSpectrum) {
  const auto r = eis::io::read_ivium(fixture_bytes("pyimpspec/data.idf"), "data.idf");
  EXPECT_EQ(r.reader, "ivium");
  ASSERT_EQ(r.spectra.size(), 1U);
  eis::test::expect_pyimpspec_spectrum(r.spectra[0], 1e-5, 1e-5);
  EXPECT_EQ(r.spectra[0].metadata.technique, "Impedance");
  EXPECT_EQ(r.spectra[0].metadata.extra.at("title"), "Test");
  // data.idf line 169 as typed: "1.09009E+02  -2.65557E+01\t1.00000E+04"
  EXPECT_EQ(r.spectra[0].impedance_ohm[0], eis::Complex(1.09009E+02, -2.65557E+01));
}

TEST(Ivium, IdsHoldsTwoSpectra) {
  const auto r = eis::io::read_bytes(fixture_bytes("pyimpspec/data.ids"), "data.ids");
  EXPECT_EQ(r.reader, "ivium");
  ASSERT_EQ(r.spectra.size(), 2U);  // PROVENANCE.md: data.ids holds the spectrum twice
  for (const auto& s : r.spectra) {
    eis::test::expect_pyimpspec_spectrum(s, 1e-5, 1e-5);
  }
  EXPECT_EQ(r.spectra[0].metadata.extra.at("line"), "166");
  EXPECT_EQ(r.spectra[1].metadata.extra.at("line"), "1295");
}

TEST(Ivium, TruncatedOrBrokenBlocksAreParseErrorsWithLines) {
  const std::string idf = fixture_bytes("pyimpspec/data.idf");
  const std::size_t block = idf.find("primary_data");
  ASSERT_NE(block, std::string::npos);
  const auto read = [](std::string_view b) { (void)eis::io::read_ivium(b, "data.idf"); };
  // Every cut inside the header and the 29 rows, coarser elsewhere.
  eis::test::expect_prefixes_parse_or_throw(idf, read, 211, block - 20, block + 1300);
  // Text in a number column: line 169, column of the token.
  std::string bad = idf;
  bad.replace(bad.find("1.09009E+02"), 11, "1.09O09E+02");
  try {
    (void)eis::io::read_ivium(bad, "data.idf");
    FAIL() << "expected ParseError";
  } catch (const eis::ParseError& e) {
    EXPECT_EQ(e.line(), 169U) << e.what();
    EXPECT_EQ(e.column(), 1U) << e.what();
  }
  // A zero frequency.
  bad = idf;
  bad.replace(bad.find("\t1.00000E+04"), 12, "\t0.00000E+00");
  EXPECT_THROW((void)eis::io::read_ivium(bad, "data.idf"), eis::ParseError);
  // More rows declared than present.
  bad = idf.substr(0, block) + "primary_data\r\n3\r\n29\r\n1 2 3\r\n";
  EXPECT_THROW((void)eis::io::read_ivium(bad, "data.idf"), eis::ParseError);
  EXPECT_THROW((void)eis::io::read_ivium("Title=x\r\n", "x.idf"), eis::ParseError);
}

}  // namespace
