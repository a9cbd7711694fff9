// Tests of eis::drt::compute_drt (METHODS.md §5). Spectra come from closed forms written here;
// expected DRTs are analytic (an RC element is a delta at τ = RC with weight R; a ZARC has
// γ(ln τ) = (R/2π)·sin(nπ)/(cosh(n·ln(τ/τ0)) + cos(nπ))).
#include <algorithm>
#include <cmath>
#include <complex>
#include <functional>
#include <numbers>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include <eis/drt/tikhonov.hpp>
#include <eis/error.hpp>
#include <eis/spectrum.hpp>

#include "support/support.hpp"

namespace {

using eis::Complex;
using eis::drt::compute_drt;
using eis::drt::DrtOptions;
using eis::drt::LambdaMethod;
constexpr Complex j{0.0, 1.0};
constexpr double pi = std::numbers::pi;

eis::Spectrum synthesize(const std::function<Complex(double)>& z,
                         double f_min = 1e-2,
                         double f_max = 1e6,
                         int ppd = 10) {
  eis::Spectrum s;
  const int n = static_cast<int>(std::lround(std::log10(f_max / f_min))) * ppd + 1;
  for (int i = 0; i < n; ++i) {
    const double f = f_max * std::pow(10.0, -static_cast<double>(i) / ppd);
    s.frequency_hz.push_back(f);
    s.impedance_ohm.push_back(z(2.0 * pi * f));
  }
  return s;
}

eis::Spectrum add_noise(eis::Spectrum s, double rel, std::uint64_t seed) {
  std::mt19937_64 rng{seed};
  std::normal_distribution<double> g{0.0, 1.0};
  for (auto& z : s.impedance_ohm) {
    const double m = std::abs(z);
    const double re = g(rng);
    const double im = g(rng);
    z += Complex{rel * m * re, rel * m * im};
  }
  return s;
}

Complex rc(double w, double r, double tau) {
  return r / (1.0 + j * w * tau);
}

double zarc_gamma(double tau, double r, double tau0, double n) {
  return r / (2.0 * pi) * std::sin(n * pi) /
         (std::cosh(n * std::log(tau / tau0)) + std::cos(n * pi));
}

// Single RC (R = 1 kΩ, τ = 1 ms) with R∞ = 10 Ω, 1e-2…1e6 Hz, 10/decade, defaults (Gaussian
// RBF, 1st-derivative penalty, L-curve λ): one peak at τ = RC with area R within 2 %.
// Measured: τ = 1.011e-3 s, area 1001.7 Ω, R∞ = 9.996 Ω.
TEST(Drt, SingleRcGivesOnePeakAtRcWithAreaR) {
  const auto s = synthesize([](double w) { return 10.0 + rc(w, 1e3, 1e-3); });
  const auto r = compute_drt(s);
  ASSERT_TRUE(r.usable()) << r.message;
  ASSERT_EQ(r.peaks.size(), 1u) << r.message;
  EXPECT_TRUE(eis::test::near_relative(r.peaks[0].tau_s, 1e-3, 0.02));
  EXPECT_TRUE(eis::test::near_relative(r.peaks[0].resistance_ohm, 1e3, 0.02));
  EXPECT_TRUE(eis::test::near_relative(r.peaks[0].capacitance_f, 1e-6, 0.04));
  EXPECT_TRUE(eis::test::near_relative(r.peaks[0].frequency_hz, 1.0 / (2.0 * pi * 1e-3), 0.02));
  EXPECT_TRUE(eis::test::near_relative(r.r_inf_ohm, 10.0, 0.02));
  EXPECT_TRUE(eis::test::near_relative(r.polarisation_ohm, 1e3, 0.02));
  EXPECT_EQ(r.lambda_method, LambdaMethod::l_curve);
  // A smooth basis cannot reproduce a delta exactly: relative misfit stays below 2 %.
  for (std::size_t i = 0; i < s.size(); ++i) {
    EXPECT_LT(std::abs(r.residual_real[i]), 0.02);
    EXPECT_LT(std::abs(r.residual_imag[i]), 0.02);
  }
}

// Every λ criterion and both bases recover the single RC (noise-free and with 0.1 % noise).
TEST(Drt, SingleRcWithEveryLambdaMethodAndBasis) {
  const auto clean = synthesize([](double w) { return 10.0 + rc(w, 1e3, 1e-3); });
  const auto noisy = add_noise(clean, 1e-3, 3);
  for (const auto& s : {clean, noisy}) {
    for (auto m : {LambdaMethod::gcv, LambdaMethod::l_curve, LambdaMethod::re_im}) {
      const auto r = compute_drt(s, {.lambda_method = m});
      ASSERT_EQ(r.peaks.size(), 1u) << to_string(m);
      EXPECT_TRUE(eis::test::near_relative(r.peaks[0].tau_s, 1e-3, 0.02)) << to_string(m);
      EXPECT_TRUE(eis::test::near_relative(r.peaks[0].resistance_ohm, 1e3, 0.02)) << to_string(m);
      EXPECT_FALSE(r.lambda_candidates.empty());
    }
    // Piecewise-linear basis with a fixed λ (its collocation kernel is coarser: 5 %).
    const auto r = compute_drt(s,
                               {.basis = eis::drt::Basis::piecewise_linear,
                                .lambda_method = LambdaMethod::fixed,
                                .lambda = 1e-4});
    ASSERT_FALSE(r.peaks.empty());
    EXPECT_TRUE(eis::test::near_relative(r.peaks[0].tau_s, 1e-3, 0.05));
    EXPECT_TRUE(eis::test::near_relative(r.polarisation_ohm, 1e3, 0.05));
  }
}

// Two RC elements 1.5 decades apart (1 kΩ at 1 ms, 2 kΩ at 31.6 ms): two peaks at the right τ
// with the right areas within 10 %. Measured (L-curve λ = 5.6e-4): 1.037e-3 s / 1003 Ω and
// 3.207e-2 s / 2010 Ω.
TEST(Drt, TwoRcDecadeAndHalfApartGiveTwoPeaks) {
  const double tau2 = 1e-3 * std::pow(10.0, 1.5);
  const auto s = synthesize([&](double w) { return 10.0 + rc(w, 1e3, 1e-3) + rc(w, 2e3, tau2); });
  for (const auto& spec : {s, add_noise(s, 1e-3, 5)}) {
    const auto r = compute_drt(spec);
    ASSERT_EQ(r.peaks.size(), 2u) << r.message;
    EXPECT_TRUE(eis::test::near_relative(r.peaks[0].tau_s, 1e-3, 0.10));
    EXPECT_TRUE(eis::test::near_relative(r.peaks[0].resistance_ohm, 1e3, 0.10));
    EXPECT_TRUE(eis::test::near_relative(r.peaks[1].tau_s, tau2, 0.10));
    EXPECT_TRUE(eis::test::near_relative(r.peaks[1].resistance_ohm, 2e3, 0.10));
  }
}

// ZARC Z = R/(1 + (jωτ0)^n), R = 1 kΩ, τ0 = 1 ms, n = 0.8: γ within 5 % of its peak height
// everywhere on the output grid. Measured worst deviation: 1.5 % (L-curve), 2.1 % (re–im),
// 1.4 % (GCV) of the peak height 0.490 kΩ.
TEST(Drt, ZarcMatchesAnalyticDistribution) {
  const double r0 = 1e3;
  const double tau0 = 1e-3;
  const double n = 0.8;
  const auto s =
      synthesize([&](double w) { return 10.0 + r0 / (1.0 + std::pow(j * w * tau0, n)); });
  const double peak = zarc_gamma(tau0, r0, tau0, n);
  for (auto m : {LambdaMethod::l_curve, LambdaMethod::gcv, LambdaMethod::re_im}) {
    const auto r = compute_drt(s, {.lambda_method = m});
    double worst = 0.0;
    for (std::size_t i = 0; i < r.tau_s.size(); ++i) {
      worst = std::max(worst, std::abs(r.gamma_ohm[i] - zarc_gamma(r.tau_s[i], r0, tau0, n)));
    }
    EXPECT_LT(worst, 0.05 * peak) << to_string(m);
    ASSERT_FALSE(r.peaks.empty());
    // The dominant peak sits at τ0 and holds the whole resistance.
    const auto& main_peak =
        *std::max_element(r.peaks.begin(), r.peaks.end(), [](const auto& a, const auto& b) {
          return a.resistance_ohm < b.resistance_ohm;
        });
    EXPECT_TRUE(eis::test::near_relative(main_peak.tau_s, tau0, 0.02));
    EXPECT_TRUE(eis::test::near_relative(main_peak.resistance_ohm, r0, 0.02));
  }
}

// Blocking cell: R∞ + (R ∥ C) + series C. With the series-capacitance column the spike is
// absorbed and the bulk peak is clean; the fitted capacitance is the electrode's.
TEST(Drt, BlockingSpikeWithSeriesCapacitance) {
  const auto s = synthesize(
      [](double w) { return 5.0 + rc(w, 1.44e3, 1.44e3 * 1e-10) + 1.0 / (j * w * 1e-6); },
      0.1,
      1e7);
  const auto r = compute_drt(s, {.series_capacitance = true});
  ASSERT_FALSE(r.peaks.empty());
  const auto& big =
      *std::max_element(r.peaks.begin(), r.peaks.end(), [](const auto& a, const auto& b) {
        return a.resistance_ohm < b.resistance_ohm;
      });
  EXPECT_TRUE(eis::test::near_relative(big.tau_s, 1.44e-7, 0.05));  // measured 1.487e-7
  EXPECT_TRUE(eis::test::near_relative(big.resistance_ohm, 1.44e3, 0.03));
  EXPECT_TRUE(eis::test::near_relative(r.capacitance_f, 1e-6, 0.01));
}

TEST(Drt, InductanceColumnAbsorbsCableInductance) {
  const auto s = synthesize([](double w) { return 10.0 + rc(w, 1e3, 1e-3) + j * w * 2e-6; });
  const auto r = compute_drt(s, {.inductance = true});
  EXPECT_TRUE(eis::test::near_relative(r.inductance_h, 2e-6, 0.05));
  ASSERT_EQ(r.peaks.size(), 1u);
  EXPECT_TRUE(eis::test::near_relative(r.peaks[0].resistance_ohm, 1e3, 0.02));
}

TEST(Drt, RejectsBadInput) {
  const auto s = synthesize([](double w) { return 10.0 + rc(w, 1e3, 1e-3); });
  EXPECT_THROW((void)compute_drt(s, {.derivative_order = 3}), eis::InvalidArgument);
  EXPECT_THROW((void)compute_drt(s, {.lambda_min = 1.0, .lambda_max = 0.1}), eis::InvalidArgument);
  EXPECT_THROW((void)compute_drt(s, {.tau_points_per_decade = 0.0}), eis::InvalidArgument);
  const std::vector<double> f{1.0, 2.0, 3.0};
  const std::vector<Complex> z{{1, -1}, {1, -1}, {1, -1}};
  EXPECT_THROW((void)compute_drt({f, z}), eis::InvalidArgument);
  EXPECT_EQ(eis::drt::parse_lambda_method("lcurve"), LambdaMethod::l_curve);
  EXPECT_EQ(eis::drt::parse_lambda_method("gcv"), LambdaMethod::gcv);
  EXPECT_THROW((void)eis::drt::parse_lambda_method("auto"), eis::InvalidArgument);
}

}  // namespace
