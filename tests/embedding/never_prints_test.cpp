// libeis never writes to stdout or stderr (issue 11 item 5, CONVENTIONS.md §1): file
// descriptors 1 and 2 are redirected to a file around reads, fits, Lin-KK, DRT and series
// analyses on good and bad input, and the file must stay empty.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <eis/circuit/circuit.hpp>
#include <eis/circuit/evaluate.hpp>
#include <eis/conductivity/series.hpp>
#include <eis/conductivity/tracker.hpp>
#include <eis/drt/tikhonov.hpp>
#include <eis/error.hpp>
#include <eis/fit/cnls.hpp>
#include <eis/io/read.hpp>
#include <eis/spectrum.hpp>
#include <eis/validation/lin_kk.hpp>

#include "support/support.hpp"
#include "support/synthetic_series.hpp"
#include <fcntl.h>
#include <unistd.h>

namespace {

/// Sends fds 1 and 2 to a per-process, per-test file until finish() returns what was written.
class CaptureStandardStreams {
 public:
  explicit CaptureStandardStreams(const std::string& name)
      : path_(std::filesystem::temp_directory_path() /
              ("eis_never_prints_" + std::to_string(::getpid()) + "_" + name)) {
    flush();
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0600);
    saved_out_ = ::dup(1);
    saved_err_ = ::dup(2);
    if (fd_ < 0 || saved_out_ < 0 || saved_err_ < 0 || ::dup2(fd_, 1) < 0 || ::dup2(fd_, 2) < 0) {
      ok_ = false;
    }
  }
  CaptureStandardStreams(const CaptureStandardStreams&) = delete;
  CaptureStandardStreams& operator=(const CaptureStandardStreams&) = delete;
  ~CaptureStandardStreams() { (void)finish(); }

  /// Restores fds 1 and 2 and returns everything written meanwhile.
  std::string finish() {
    if (done_) {
      return text_;
    }
    done_ = true;
    flush();
    if (saved_out_ >= 0) {
      ::dup2(saved_out_, 1);
      ::close(saved_out_);
    }
    if (saved_err_ >= 0) {
      ::dup2(saved_err_, 2);
      ::close(saved_err_);
    }
    if (fd_ >= 0) {
      ::close(fd_);
    }
    std::ifstream in(path_, std::ios::binary);
    text_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
    return text_;
  }
  [[nodiscard]] bool ok() const { return ok_; }

 private:
  static void flush() {
    std::cout.flush();
    std::cerr.flush();
    std::clog.flush();
    std::fflush(nullptr);
  }
  std::filesystem::path path_;
  int fd_ = -1;
  int saved_out_ = -1;
  int saved_err_ = -1;
  bool ok_ = true;
  bool done_ = false;
  std::string text_;
};

std::string test_name() {
  return ::testing::UnitTest::GetInstance()->current_test_info()->name();
}

// Runs f and swallows the exceptions libeis documents; counts them.
template <class F>
void attempt(F&& f, int& errors) {
  try {
    f();
  } catch (const eis::Error&) {
    ++errors;
  }
}

TEST(NeverPrints, ReadingEveryFixtureWholeAndTruncated) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(eis::test::data_path(""))) {
    if (entry.is_regular_file() && entry.file_size() < 4'000'000) {
      files.push_back(entry.path());
    }
  }
  ASSERT_GT(files.size(), 20u);
  int errors = 0;
  std::size_t spectra = 0;
  CaptureStandardStreams capture(test_name());
  ASSERT_TRUE(capture.ok());
  for (const auto& file : files) {
    attempt([&] { spectra += eis::io::read_file(file).spectra.size(); }, errors);
    std::ifstream in(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    attempt([&] { (void)eis::io::read_bytes(bytes.substr(0, bytes.size() / 2), file.string()); },
            errors);
  }
  attempt([&] { (void)eis::io::read_file(eis::test::data_path("no/such/file.mpt")); }, errors);
  attempt([&] { (void)eis::io::read_bytes(std::string(300, '\xff'), "garbage.mpr"); }, errors);
  attempt([&] { (void)eis::io::read_bytes("", "empty.txt"); }, errors);
  attempt([&] { (void)eis::io::read_bytes("freq,zr\n1,2,3\nx,y\n", "bad.csv"); }, errors);
  const std::string out = capture.finish();
  EXPECT_EQ(out, "") << out.size() << " bytes were written to stdout/stderr";
  EXPECT_GT(spectra, 10u);  // good files were read ...
  EXPECT_GT(errors, 4);     // ... and bad ones rejected
}

TEST(NeverPrints, FitsValidationDrtAndSeriesOnGoodAndBadInput) {
  const auto circuit = eis::parse_circuit("R0-p(R1,CPE1)");
  const auto f = eis::log_spaced_frequencies_hz(0.1, 1e6, 10);
  eis::Spectrum good;
  good.frequency_hz = f;
  good.impedance_ohm = eis::simulate_with_noise(
      circuit, f, std::vector{10.0, 1e3, 1e-6, 0.85}, {.relative_noise = 0.01, .seed = 3});
  eis::Spectrum bad = good;
  bad.impedance_ohm[4] = {std::numeric_limits<double>::quiet_NaN(), 0.0};
  eis::Spectrum tiny;
  tiny.frequency_hz = {1.0, 2.0};
  tiny.impedance_ohm = {{1.0, -1.0}, {1.0, -0.5}};
  const auto series = eis::test::li2b12h12_like_series();
  int errors = 0;
  CaptureStandardStreams capture(test_name());
  ASSERT_TRUE(capture.ok());
  // Fits: a good one, one stopped after one iteration, a hopeless one, and invalid calls.
  (void)eis::fit_circuit(circuit, good).report();
  (void)eis::fit_circuit(circuit, good, {}, {.max_iterations = 1, .multi_starts = 0});
  (void)eis::fit_circuit(
      eis::parse_circuit("R0-Wo1-L2"), good, {}, {.global = true, .global_evaluations = 2000});
  attempt([&] { (void)eis::fit_circuit(circuit, bad); }, errors);
  attempt([&] { (void)eis::fit_circuit(circuit, tiny); }, errors);
  attempt([&] { (void)eis::fit_circuit(circuit, good, std::vector{1.0, -2.0, 1.0, 0.5}); }, errors);
  attempt([&] { (void)eis::parse_circuit("R0-p(R1,"); }, errors);
  // Lin-KK and DRT on good and bad data.
  (void)eis::validation::lin_kk(good);
  (void)eis::validation::lin_kk(good, {.domain = eis::validation::KkDomain::admittance});
  attempt([&] { (void)eis::validation::lin_kk(bad); }, errors);
  attempt([&] { (void)eis::validation::lin_kk(good, {.elements = 1000}); }, errors);
  (void)eis::drt::compute_drt(good);
  attempt([&] { (void)eis::drt::compute_drt(tiny); }, errors);
  attempt([&] { (void)eis::drt::compute_drt(good, {.lambda = -1.0}); }, errors);
  // A live series on synthetic spectra, then bad input to it.
  const auto cell = eis::Cell::blocking(eis::CellGeometry::disc(0.1, 0.8));
  eis::SeriesTracker tracker(cell);
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& s = series.spectra[i];
    (void)tracker.add({s.frequency_hz, s.impedance_ohm},
                      s.temperature_k,
                      s.cycle,
                      eis::Direction::heating,
                      s.file);
  }
  (void)tracker.add(good, 300.0, 2, eis::Direction::cooling);  // not a blocking-cell spectrum
  attempt([&] { (void)tracker.add(bad, 300.0, 1, eis::Direction::heating); }, errors);
  attempt([&] { (void)tracker.add(good, -3.0, 1, eis::Direction::heating); }, errors);
  attempt([&] { eis::SeriesTracker broken(eis::Cell::blocking(eis::CellGeometry{})); }, errors);
  std::ostringstream csv;
  eis::write_series_csv(csv, tracker.rows());
  const std::string out = capture.finish();
  EXPECT_EQ(out, "") << out.size() << " bytes were written to stdout/stderr";
  EXPECT_EQ(errors, 10);
  EXPECT_EQ(tracker.rows().size(), 4u);
  EXPECT_FALSE(csv.str().empty());
}

}  // namespace
