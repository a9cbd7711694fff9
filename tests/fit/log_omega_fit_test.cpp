// fit_circuit() precomputes ln ω once per fit (compute_log_omega + evaluate_log_omega); the
// path before session 3 took the log in every model evaluation. Both paths, through
// detail::fit_circuit_with_log_omega, must give the same fit (required: 1e-12 relative; the
// evaluator makes them bitwise equal) on synthetic spectra with known parameters, which the fits
// must also recover (so the comparison is between two good fits, not two failures).
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <eis/circuit/circuit.hpp>
#include <eis/circuit/evaluate.hpp>
#include <eis/detail/fit_log_omega.hpp>
#include <eis/fit/cnls.hpp>

#include "support/support.hpp"

namespace {

using eis::detail::LogOmegaSource;
using eis::test::near_relative;

eis::Spectrum make(const eis::Circuit& c,
                   const std::vector<double>& p,
                   double f_min,
                   double f_max,
                   int per_decade,
                   double noise,
                   std::uint64_t seed) {
  eis::Spectrum s;
  s.frequency_hz = eis::log_spaced_frequencies_hz(f_min, f_max, per_decade);
  s.impedance_ohm =
      eis::simulate_with_noise(c, s.frequency_hz, p, {.relative_noise = noise, .seed = seed});
  return s;
}

// Both paths; returns the precomputed one after comparing every reported number.
eis::FitResult fit_both(const eis::Circuit& c,
                        const eis::Spectrum& s,
                        const std::vector<double>& start,
                        const eis::FitOptions& options) {
  const auto fast =
      eis::detail::fit_circuit_with_log_omega(LogOmegaSource::precomputed, c, s, start, options);
  const auto old =
      eis::detail::fit_circuit_with_log_omega(LogOmegaSource::per_evaluation, c, s, start, options);
  EXPECT_EQ(fast.termination, old.termination);
  EXPECT_EQ(fast.evaluations, old.evaluations);
  EXPECT_EQ(fast.iterations, old.iterations);
  EXPECT_EQ(fast.starts, old.starts);
  EXPECT_TRUE(near_relative(fast.chi_square, old.chi_square, 1e-12))
      << fast.chi_square << " vs " << old.chi_square;
  EXPECT_EQ(fast.parameters.size(), old.parameters.size());
  for (Eigen::Index k = 0; k < fast.parameters.size() && k < old.parameters.size(); ++k) {
    EXPECT_TRUE(near_relative(fast.parameters(k), old.parameters(k), 1e-12))
        << fast.names[static_cast<std::size_t>(k)];
  }
  EXPECT_EQ(fast.standard_errors.size(), old.standard_errors.size());
  for (Eigen::Index k = 0; k < fast.standard_errors.size() && k < old.standard_errors.size(); ++k) {
    EXPECT_TRUE(near_relative(fast.standard_errors(k), old.standard_errors(k), 1e-12));
  }
  EXPECT_EQ(fast.model_ohm.size(), old.model_ohm.size());
  for (std::size_t i = 0; i < fast.model_ohm.size() && i < old.model_ohm.size(); ++i) {
    EXPECT_LE(std::abs(fast.model_ohm[i] - old.model_ohm[i]), 1e-12 * std::abs(old.model_ohm[i]));
  }
  // fit_circuit() is the precomputed path.
  const auto public_fit = eis::fit_circuit(c, s, start, options);
  EXPECT_EQ(public_fit.evaluations, fast.evaluations);
  EXPECT_EQ(public_fit.chi_square, fast.chi_square);
  return fast;
}

void expect_recovered(const eis::FitResult& r, const std::vector<double>& truth, double tol) {
  ASSERT_TRUE(r.usable()) << r.report();
  for (std::size_t k = 0; k < truth.size(); ++k) {
    EXPECT_TRUE(near_relative(r.parameters(static_cast<Eigen::Index>(k)), truth[k], tol))
        << r.names[k] << " = " << r.parameters(static_cast<Eigen::Index>(k)) << ", truth "
        << truth[k];
  }
}

TEST(FitLogOmega, ThreeArcsNoisyAutomaticSameAsPerEvaluationLog) {
  // 7 MHz .. 0.1 Hz, 10 points per decade (80 points, ~ the fit benchmark's spectrum), 0.5 %
  // noise: R within 5 %, n within 3 % of the truth.
  const auto c = eis::parse_circuit("R0-p(R1,CPE1)-p(R2,CPE2)-p(R3,CPE3)");
  const double r1 = 1e5, r2 = 2e5, r3 = 5e5;
  const std::vector<double> truth{50.0,
                                  r1,
                                  std::pow(r1 * 5e-12, 0.92) / r1,
                                  0.92,
                                  r2,
                                  std::pow(r2 * 1e-9, 0.8) / r2,
                                  0.8,
                                  r3,
                                  std::pow(r3 * 1e-6, 0.85) / r3,
                                  0.85};
  const auto s = make(c, truth, 0.1, 7e6, 10, 0.005, 42);
  const auto r = fit_both(c, s, {}, {});
  ASSERT_TRUE(r.usable()) << r.report();
  for (const std::size_t k : {1U, 4U, 7U}) {
    EXPECT_TRUE(near_relative(r.parameters(static_cast<Eigen::Index>(k)), truth[k], 0.05));
  }
  for (const std::size_t k : {3U, 6U, 9U}) {
    EXPECT_TRUE(near_relative(r.parameters(static_cast<Eigen::Index>(k)), truth[k], 0.03));
  }
}

TEST(FitLogOmega, NoiseFreeFitsWithEveryWeightingAndDomain) {
  // Noise-free data: exact recovery (1e-6) in every mode, the same result on both paths.
  const auto c = eis::parse_circuit("R0-p(R1,CPE1)-W1");
  const std::vector<double> truth{20.0, 1e4, 2e-8, 0.85, 300.0};
  const auto s = make(c, truth, 0.01, 1e6, 9, 0.0, 1);  // 73 points: 2 blocks, tail of 9
  const std::vector<double> start{30.0, 2e4, 1e-8, 0.8, 200.0};
  for (const auto weighting :
       {eis::Weighting::unit, eis::Weighting::proportional, eis::Weighting::modulus}) {
    for (const auto domain : {eis::FitDomain::impedance, eis::FitDomain::admittance}) {
      SCOPED_TRACE(std::string(eis::to_string(weighting)) + " " +
                   std::string(eis::to_string(domain)));
      const auto r = fit_both(c, s, start, {.weighting = weighting, .domain = domain});
      expect_recovered(r, truth, 1e-6);
    }
  }
}

TEST(FitLogOmega, FixedBoundsWindowAndMultiStartSameAsPerEvaluationLog) {
  const auto c = eis::parse_circuit("R0-p(R1,CPE1)-p(R2,CPE2)");
  const double r1 = 3e4, r2 = 1e5;
  const std::vector<double> truth{
      15.0, r1, std::pow(r1 * 1e-10, 0.9) / r1, 0.9, r2, std::pow(r2 * 1e-7, 0.75) / r2, 0.75};
  const auto s = make(c, truth, 0.05, 2e6, 12, 0.002, 7);
  eis::FitOptions options;
  options.fixed = {{"R0", 15.0}};
  options.bounds = {{"CPE2_1", 0.5, 0.95}};
  options.fmax_hz = 1e6;
  options.always_multi_start = true;
  options.multi_starts = 4;
  const auto r = fit_both(c, s, {}, options);
  ASSERT_TRUE(r.usable()) << r.report();
  EXPECT_EQ(r.parameters(0), 15.0);
  EXPECT_TRUE(near_relative(r.parameters(1), r1, 0.03));
  EXPECT_TRUE(near_relative(r.parameters(4), r2, 0.03));
  EXPECT_TRUE(near_relative(r.parameters(6), 0.75, 0.03));
}

}  // namespace
