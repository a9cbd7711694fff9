// Thread safety (issue 11 item 5): fits, Lin-KK, DRT, file reading and a series fit run from
// 8 threads at once give results identical, bit for bit, to the same calls made serially.
// Circuits are parsed once and shared const between the threads. These tests (label
// `threads`) also run under ThreadSanitizer in CI (tests/tsan/run.sh), which must report
// nothing.
#include <cstddef>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <eis/circuit/circuit.hpp>
#include <eis/circuit/evaluate.hpp>
#include <eis/conductivity/series.hpp>
#include <eis/drt/tikhonov.hpp>
#include <eis/fit/cnls.hpp>
#include <eis/io/read.hpp>
#include <eis/spectrum.hpp>
#include <eis/validation/lin_kk.hpp>

#include "support/support.hpp"
#include "support/synthetic_series.hpp"

namespace {

constexpr int thread_count = 8;

struct Case {
  const eis::Circuit* circuit;
  eis::Spectrum spectrum;
};

// 16 different noisy spectra of two circuits (0.5 % noise, one seed per spectrum).
std::vector<Case> make_cases(const eis::Circuit& one_arc, const eis::Circuit& two_arcs) {
  std::vector<Case> cases;
  const auto f = eis::log_spaced_frequencies_hz(0.1, 1e6, 10);
  for (int i = 0; i < 16; ++i) {
    const double scale = 1.0 + 0.37 * i;
    Case c;
    std::vector<double> p;
    if (i % 2 == 0) {
      c.circuit = &one_arc;
      p = {10.0 * scale, 800.0 * scale, 3e-6 / scale, 0.8 + 0.01 * (i % 5)};
    } else {
      c.circuit = &two_arcs;
      p = {5.0 * scale, 300.0 * scale, 1e-8, 0.9, 2000.0 * scale, 1e-5, 0.75};
    }
    c.spectrum.frequency_hz = f;
    c.spectrum.impedance_ohm = eis::simulate_with_noise(
        *c.circuit, f, p, {.relative_noise = 0.005, .seed = static_cast<std::uint64_t>(i + 1)});
    cases.push_back(std::move(c));
  }
  return cases;
}

// Runs job(i) for i = 0..count-1 spread over `thread_count` threads started together.
template <class Job>
void run_in_threads(std::size_t count, Job job) {
  std::vector<std::thread> threads;
  for (int t = 0; t < thread_count; ++t) {
    threads.emplace_back([&, t] {
      for (std::size_t i = static_cast<std::size_t>(t); i < count; i += thread_count) {
        job(i);
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
}

void expect_identical(const eis::FitResult& a, const eis::FitResult& b) {
  ASSERT_EQ(a.parameters.size(), b.parameters.size());
  for (Eigen::Index k = 0; k < a.parameters.size(); ++k) {
    EXPECT_EQ(a.parameters[k], b.parameters[k]) << a.names[static_cast<std::size_t>(k)];
  }
  ASSERT_EQ(a.standard_errors.size(), b.standard_errors.size());
  for (Eigen::Index k = 0; k < a.standard_errors.size(); ++k) {
    EXPECT_EQ(a.standard_errors[k], b.standard_errors[k]);
  }
  EXPECT_EQ(a.chi_square, b.chi_square);
  EXPECT_EQ(a.iterations, b.iterations);
  EXPECT_EQ(a.evaluations, b.evaluations);
  EXPECT_EQ(a.starts, b.starts);
  EXPECT_EQ(a.termination, b.termination);
  EXPECT_EQ(a.message, b.message);
}

TEST(Threads, EightThreadsFitDifferentSpectraExactlyAsSerial) {
  const auto one_arc = eis::parse_circuit("R0-p(R1,CPE1)");
  const auto two_arcs = eis::parse_circuit("R0-p(R1,CPE1)-p(R2,CPE2)");
  const auto cases = make_cases(one_arc, two_arcs);
  // always_multi_start exercises the seeded multi-start path in every thread.
  const eis::FitOptions options{.always_multi_start = true};
  std::vector<eis::FitResult> serial;
  for (const auto& c : cases) {
    serial.push_back(eis::fit_circuit(*c.circuit, c.spectrum, {}, options));
  }
  std::vector<eis::FitResult> parallel(cases.size());
  run_in_threads(cases.size(), [&](std::size_t i) {
    parallel[i] = eis::fit_circuit(*cases[i].circuit, cases[i].spectrum, {}, options);
  });
  for (std::size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE("spectrum " + std::to_string(i));
    EXPECT_TRUE(serial[i].usable()) << serial[i].message;
    expect_identical(parallel[i], serial[i]);
  }
}

TEST(Threads, LinKkDrtAndReadingFromEightThreadsMatchSerial) {
  const auto one_arc = eis::parse_circuit("R0-p(R1,CPE1)");
  const auto two_arcs = eis::parse_circuit("R0-p(R1,CPE1)-p(R2,CPE2)");
  const auto cases = make_cases(one_arc, two_arcs);
  const std::vector<std::string> files = {"impedance_py/exampleData.csv",
                                          "eisfitpython/s04147-140deg.txt",
                                          "impedance_py/exampleDataBioLogic.mpt",
                                          "impedance_py/exampleDataGamry.DTA"};
  struct Out {
    eis::validation::LinKkResult kk;
    eis::drt::DrtResult drt;
    eis::io::ReadResult read;
  };
  const eis::drt::DrtOptions drt_options{.lambda_method = eis::drt::LambdaMethod::fixed};
  auto job = [&](std::size_t i) {
    const auto& s = cases[i].spectrum;
    return Out{eis::validation::lin_kk(s),
               eis::drt::compute_drt(s, drt_options),
               eis::io::read_file(eis::test::data_path(files[i % files.size()]))};
  };
  std::vector<Out> serial;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    serial.push_back(job(i));
  }
  std::vector<Out> parallel(cases.size());
  run_in_threads(cases.size(), [&](std::size_t i) { parallel[i] = job(i); });
  for (std::size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE("case " + std::to_string(i));
    EXPECT_EQ(parallel[i].kk.passed, serial[i].kk.passed);
    EXPECT_EQ(parallel[i].kk.elements, serial[i].kk.elements);
    EXPECT_EQ(parallel[i].kk.residual_real, serial[i].kk.residual_real);
    EXPECT_EQ(parallel[i].kk.residual_imag, serial[i].kk.residual_imag);
    EXPECT_EQ(parallel[i].drt.gamma_ohm, serial[i].drt.gamma_ohm);
    EXPECT_EQ(parallel[i].drt.r_inf_ohm, serial[i].drt.r_inf_ohm);
    ASSERT_EQ(parallel[i].read.spectra.size(), serial[i].read.spectra.size());
    ASSERT_FALSE(serial[i].read.spectra.empty());
    EXPECT_EQ(parallel[i].read.spectra[0].frequency_hz, serial[i].read.spectra[0].frequency_hz);
    EXPECT_EQ(parallel[i].read.spectra[0].impedance_ohm, serial[i].read.spectra[0].impedance_ohm);
  }
}

TEST(Threads, SeriesFitWithWorkerThreadsMatchesSerial) {
  // Runs 1 and 4 of the synthetic series up to 340 K: two runs fitted by parallel workers.
  const auto series = eis::test::li2b12h12_like_series();
  std::vector<eis::SeriesSpectrum> spectra;
  for (const auto& s : series.spectra) {
    if (s.temperature_k <= 340.0) {
      spectra.push_back({s.file,
                         {s.frequency_hz, s.impedance_ohm},
                         s.temperature_k,
                         s.cycle,
                         s.heating ? eis::Direction::heating : eis::Direction::cooling});
    }
  }
  ASSERT_GE(spectra.size(), 6u);
  const auto cell =
      eis::Cell::blocking(eis::CellGeometry::disc(series.thickness_cm, series.diameter_cm));
  const auto serial = eis::fit_series(spectra, cell, {.threads = 1});
  const auto parallel = eis::fit_series(spectra, cell, {.threads = 4});
  ASSERT_EQ(parallel.rows.size(), serial.rows.size());
  for (std::size_t i = 0; i < serial.rows.size(); ++i) {
    SCOPED_TRACE(serial.rows[i].file);
    EXPECT_EQ(eis::series_csv_line(parallel.rows[i]), eis::series_csv_line(serial.rows[i]));
    EXPECT_EQ(parallel.rows[i].parameters, serial.rows[i].parameters);
  }
}

}  // namespace
