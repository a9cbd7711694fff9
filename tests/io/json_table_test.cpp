#include <string>

#include <gtest/gtest.h>

#include <eis/error.hpp>
#include <eis/io/json_table.hpp>
#include <eis/io/read.hpp>

#include "io/pyimpspec_model.hpp"
#include "support/support.hpp"

namespace {

using eis::io::read_bytes;
using eis::io::read_file;

TEST(JsonTable, PandasColumnsOrientationFromPyimpspec) {
  const auto r = read_file(eis::test::data_path("pyimpspec/data.json"));
  EXPECT_EQ(r.reader, "json-table");
  ASSERT_EQ(r.spectra.size(), 1u);
  // The file keeps 10 decimal places for f (1.3894954944: rel. 2e-11) and ~17 digits for Z.
  eis::test::expect_pyimpspec_spectrum(r.spectra[0], 5e-11, 5e-11);
  ASSERT_EQ(r.spectra[0].metadata.column_names.size(), 5u);
  EXPECT_EQ(r.spectra[0].metadata.column_names[0], "f (Hz)");
}

TEST(JsonTable, ArraysRecordsAndSplitOrientations) {
  const auto a = read_bytes(R"({"freq/Hz":[100,10],"Z'":[1,2],"-Z''":[0.5,0.25]})", "a.json");
  ASSERT_EQ(a.spectra.at(0).size(), 2u);
  EXPECT_EQ(a.spectra[0].impedance_ohm[1], eis::Complex(2, -0.25));
  const auto r =
      read_bytes(R"([{"f":100,"|Z|":2,"phase":-90},{"f":10,"|Z|":4,"phase":0}])", "r.json");
  EXPECT_NEAR(r.spectra.at(0).impedance_ohm[0].imag(), -2.0, 1e-15);
  EXPECT_EQ(r.spectra[0].impedance_ohm[1], eis::Complex(4, 0));
  const auto s =
      read_bytes(R"({"columns":["f","Z'","Z''"],"data":[[100,1,-1],[10,2,-3]]})", "s.json");
  EXPECT_EQ(s.spectra.at(0).impedance_ohm[1], eis::Complex(2, -3));
}

TEST(JsonTable, MalformedJsonNamesLineAndColumn) {
  try {
    (void)read_bytes("{\n  \"f\": [1, 2,\n  \"Z'\": }\n", "bad.json");
    FAIL();
  } catch (const eis::ParseError& e) {
    EXPECT_EQ(e.line(), 3u);
    EXPECT_GT(e.column(), 0u);
    EXPECT_EQ(e.file(), "bad.json");
  }
  try {
    (void)read_bytes("{\"f\": [1, 2],\n \"Z'\": [1, \"x\"],\n \"Z''\": [1, 2]}", "bad.json");
    FAIL();
  } catch (const eis::ParseError& e) {
    EXPECT_EQ(e.line(), 2u);  // the key of the offending column
  }
  EXPECT_THROW((void)read_bytes(R"({"f":[1,0],"Z'":[1,2],"Z''":[1,2]})", "z.json"),
               eis::ParseError);
  EXPECT_THROW((void)read_bytes(R"({"f":[1,2],"Z'":[1,2]})", "m.json"), eis::ParseError);
  EXPECT_THROW((void)read_bytes(R"({"f":[1,2],"Z'":[1,2],"Z''":[1]})", "l.json"), eis::ParseError);
  EXPECT_THROW((void)read_bytes(R"({"f":[1,2],"Z'":[1,null],"Z''":[1,2]})", "n.json"),
               eis::ParseError);
}

}  // namespace
