// Round trips: what the writers produce is read back bit-identically (shortest round-trip
// number text), and the layouts follow CLI.md.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <eis/error.hpp>
#include <eis/io/read.hpp>
#include <eis/io/text.hpp>
#include <eis/io/write.hpp>

#include "support/support.hpp"

namespace {

using eis::io::read_bytes;
using eis::io::read_file;
using eis::test::data_path;

void expect_same_points(const eis::Spectrum& a, const eis::Spectrum& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a.frequency_hz[i], b.frequency_hz[i]) << i;
    EXPECT_EQ(a.impedance_ohm[i], b.impedance_ohm[i]) << i;
  }
}

TEST(Write, CsvRoundTripOfSeveralFilesAndSpectra) {
  std::vector<eis::io::ReadResult> in;
  in.push_back(read_file(data_path("pyimpspec/case-multiple-spectra.mpt")));
  in.push_back(read_file(data_path("eisfitpython/s04147-140deg.txt")));
  const std::string csv = eis::io::spectra_to_csv(in);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "file,spectrum,frequency_hz,z_real_ohm,z_imag_ohm,temperature_k,time_s");
  const auto back = read_bytes(csv, "roundtrip.csv");
  EXPECT_EQ(back.reader, "eis-csv");
  ASSERT_EQ(back.spectra.size(), 4u);
  for (std::size_t k = 0; k < 3; ++k) {
    expect_same_points(back.spectra[k], in[0].spectra[k]);
    EXPECT_EQ(back.spectra[k].time_s, in[0].spectra[k].time_s);
  }
  expect_same_points(back.spectra[3], in[1].spectra[0]);
  EXPECT_EQ(back.spectra[3].metadata.temperature_k, in[1].spectra[0].metadata.temperature_k);
  EXPECT_TRUE(back.spectra[3].time_s.empty());
}

TEST(Write, CsvQuotesFileNamesWithCommas) {
  eis::io::ReadResult r = read_file(data_path("pyimpspec/data.i2b"));
  r.file = "a,\"b\".i2b";
  const std::vector<eis::io::ReadResult> in{r};
  const std::string csv = eis::io::spectra_to_csv(in);
  EXPECT_NE(csv.find("\n\"a,\"\"b\"\".i2b\",0,10000,"), std::string::npos) << csv.substr(0, 200);
  const auto back = read_bytes(csv, "q.csv");
  ASSERT_EQ(back.spectra.size(), 1u);
  EXPECT_EQ(back.spectra[0].metadata.extra.at("source_file"), "a,\"b\".i2b");
  expect_same_points(back.spectra[0], r.spectra[0]);
}

TEST(Write, VoltammogramCsvRoundTrip) {
  const std::vector<eis::io::ReadResult> in{read_file(data_path("chemotion/DHM-15-CV-Demo.DTA"))};
  const std::string csv = eis::io::voltammograms_to_csv(in);
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "file,cycle,time_s,potential_v,current_a");
  const auto back = read_bytes(csv, "cv.csv");
  ASSERT_EQ(back.voltammograms.size(), 1u);
  const auto& a = back.voltammograms[0];
  const auto& b = in[0].voltammograms[0];
  EXPECT_EQ(a.potential_v, b.potential_v);
  EXPECT_EQ(a.current_a, b.current_a);
  EXPECT_EQ(a.time_s, b.time_s);
  EXPECT_EQ(a.cycle, b.cycle);
}

TEST(Write, ZviewRoundTrip) {
  const auto in = read_file(data_path("impedance_py/exampleDataBioLogic.mpt"));
  const std::string z = eis::io::spectrum_to_zview(in.spectra.at(0));
  EXPECT_EQ(z.substr(0, 13), "ZPLOT2 ASCII\n");
  const auto back = read_bytes(z, "out.z");
  EXPECT_EQ(back.reader, "zplot");
  ASSERT_EQ(back.spectra.size(), 1u);
  expect_same_points(back.spectra[0], in.spectra[0]);
  EXPECT_EQ(back.spectra[0].time_s, in.spectra[0].time_s);
  EXPECT_EQ(back.spectra[0].metadata.ac_amplitude_v, in.spectra[0].metadata.ac_amplitude_v);
  EXPECT_EQ(back.spectra[0].metadata.start_time, in.spectra[0].metadata.start_time);
}

TEST(Write, ZviewRejectsInvalidSpectraAndNumbersRoundTrip) {
  eis::Spectrum bad;
  bad.frequency_hz = {0.0};
  bad.impedance_ohm = {{1.0, -1.0}};
  EXPECT_THROW((void)eis::io::spectrum_to_zview(bad), eis::InvalidArgument);
  for (const double v : {0.1, 1e-300, 123456789.123, -2.5e-7, 1.0 / 3.0}) {
    EXPECT_EQ(eis::io::parse_double(eis::io::format_number(v)), v);
  }
  EXPECT_EQ(eis::io::format_number(1e4), "10000");
}

TEST(Write, WriteTextFileReportsIoErrors) {
  EXPECT_THROW(eis::io::write_text_file("/nonexistent-dir/x/y.z", "x"), eis::IoError);
}

}  // namespace
