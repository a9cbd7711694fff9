// The C API from 8 threads at once (issue 11 item 5): fits of different spectra give exactly
// the serial results, and each thread sees its own eis_last_error_message(). Labels c_api and
// threads (run under ThreadSanitizer by tests/tsan/run.sh).
#include <cmath>
#include <cstddef>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <eis/c/eis.h>

namespace {

constexpr int thread_count = 8;
constexpr std::size_t spectrum_count = 16;

struct Fit {
  std::vector<double> parameters;
  std::vector<double> standard_errors;
  double chi_square = 0.0;
  int usable = 0;
};

// Spectrum i: R0-p(R1,CPE1) with parameters varied by i and a deterministic ±0.5 % ripple,
// made through the C API as an embedder would.
std::vector<eis_spectrum*> make_spectra(const eis_circuit* circuit) {
  std::vector<eis_spectrum*> spectra;
  std::vector<double> f(61), zr(61), zi(61);
  for (std::size_t k = 0; k < f.size(); ++k) {
    f[k] = std::pow(10.0, 6.0 - static_cast<double>(k) / 10.0);
  }
  for (std::size_t i = 0; i < spectrum_count; ++i) {
    const double s = 1.0 + 0.3 * static_cast<double>(i);
    const double p[4] = {10.0 * s, 1000.0 * s, 2e-6 / s, 0.8 + 0.01 * static_cast<double>(i % 7)};
    EXPECT_EQ(eis_circuit_evaluate(circuit, p, 4, f.data(), f.size(), zr.data(), zi.data()),
              EIS_OK);
    for (std::size_t k = 0; k < f.size(); ++k) {
      const double ripple = 1.0 + 0.005 * std::sin(1.7 * static_cast<double>(k + i));
      zr[k] *= ripple;
      zi[k] *= 2.0 - ripple;
    }
    eis_spectrum* spectrum = nullptr;
    EXPECT_EQ(eis_spectrum_create(f.data(), zr.data(), zi.data(), f.size(), &spectrum), EIS_OK);
    spectra.push_back(spectrum);
  }
  return spectra;
}

Fit fit(const eis_circuit* circuit, const eis_spectrum* spectrum) {
  Fit out;
  eis_fit_result* result = nullptr;
  if (eis_fit(circuit, spectrum, nullptr, 0, nullptr, &result) != EIS_OK) {
    return out;
  }
  out.parameters.resize(4);
  out.standard_errors.resize(4);
  eis_fit_statistics statistics;
  if (eis_fit_result_parameters(result, out.parameters.data(), 4, nullptr) != EIS_OK ||
      eis_fit_result_standard_errors(result, out.standard_errors.data(), 4, nullptr) != EIS_OK ||
      eis_fit_result_statistics(result, &statistics) != EIS_OK ||
      eis_fit_result_usable(result, &out.usable) != EIS_OK) {
    out.parameters.clear();
  }
  out.chi_square = statistics.chi_square;
  eis_fit_result_destroy(result);
  return out;
}

TEST(CApiThreads, EightThreadsFitDifferentSpectraExactlyAsSerial) {
  eis_circuit* circuit = nullptr;
  ASSERT_EQ(eis_circuit_parse("R0-p(R1,CPE1)", &circuit), EIS_OK);
  const auto spectra = make_spectra(circuit);
  std::vector<Fit> serial;
  for (const auto* s : spectra) {
    serial.push_back(fit(circuit, s));
  }
  std::vector<Fit> parallel(spectra.size());
  std::vector<std::thread> threads;
  for (int t = 0; t < thread_count; ++t) {
    threads.emplace_back([&, t] {
      for (auto i = static_cast<std::size_t>(t); i < spectra.size(); i += thread_count) {
        parallel[i] = fit(circuit, spectra[i]);  // one circuit handle shared by all threads
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  for (std::size_t i = 0; i < spectra.size(); ++i) {
    SCOPED_TRACE("spectrum " + std::to_string(i));
    EXPECT_EQ(serial[i].usable, 1);
    ASSERT_EQ(serial[i].parameters.size(), 4u);
    EXPECT_EQ(parallel[i].parameters, serial[i].parameters);
    EXPECT_EQ(parallel[i].standard_errors, serial[i].standard_errors);
    EXPECT_EQ(parallel[i].chi_square, serial[i].chi_square);
    eis_spectrum_destroy(spectra[i]);
  }
  eis_circuit_destroy(circuit);
}

TEST(CApiThreads, LastErrorMessageIsPerThread) {
  std::vector<std::string> seen(thread_count);
  std::vector<int> statuses(thread_count);
  std::vector<std::thread> threads;
  for (int t = 0; t < thread_count; ++t) {
    threads.emplace_back([&, t] {
      // Each thread fails differently: thread t asks for a parameter index out of range.
      eis_circuit* c = nullptr;
      const std::string text = "R0-R1-R2-R3-R4-R5-R6-R7";
      if (eis_circuit_parse(text.c_str(), &c) != EIS_OK) {
        return;
      }
      char name[4];
      for (int repeat = 0; repeat < 50; ++repeat) {
        statuses[static_cast<std::size_t>(t)] =
            eis_circuit_parameter_name(c, 100 + static_cast<std::size_t>(t), name, 4, nullptr);
      }
      seen[static_cast<std::size_t>(t)] = eis_last_error_message();
      eis_circuit_destroy(c);
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  for (int t = 0; t < thread_count; ++t) {
    EXPECT_EQ(statuses[static_cast<std::size_t>(t)], EIS_ERROR_OUT_OF_RANGE);
    EXPECT_NE(seen[static_cast<std::size_t>(t)].find("index " + std::to_string(100 + t)),
              std::string::npos)
        << seen[static_cast<std::size_t>(t)];
  }
}

}  // namespace
