// Tests of eis::drt::compute_drt (METHODS.md §5). Spectra come from closed forms written here;
// expected DRTs are analytic (an RC element is a delta at τ = RC with weight R; a ZARC has
// γ(ln τ) = (R/2π)·sin(nπ)/(cosh(n·ln(τ/τ0)) + cos(nπ))).
#include <algorithm>
#include <cmath>
#include <complex>
#include <functional>
#include <numbers>
#include <random>
#include <utility>
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
    for (auto m :
         {LambdaMethod::gcv, LambdaMethod::l_curve, LambdaMethod::re_im, LambdaMethod::k_fold}) {
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
  for (auto m :
       {LambdaMethod::l_curve, LambdaMethod::gcv, LambdaMethod::re_im, LambdaMethod::k_fold}) {
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

// The peak nearest to tau_s in log τ.
const eis::drt::DrtPeak& nearest_peak(const std::vector<eis::drt::DrtPeak>& peaks, double tau_s) {
  return *std::min_element(peaks.begin(), peaks.end(), [&](const auto& a, const auto& b) {
    return std::abs(std::log(a.tau_s / tau_s)) < std::abs(std::log(b.tau_s / tau_s));
  });
}

// Two ZARCs three decades apart (1 kΩ at 10 µs, n = 0.8; 5 kΩ at 10 ms, n = 0.85): the DRT peak
// nearest each τ0 must lie within 0.05 decade of it, and its area, integrated over its whole
// lobe (between the valleys), must equal the analytic lobe area of the Fuoss–Kirkwood
// distributions within 10 %. Analytic lobe areas (split at the valley of the summed
// distribution) by /usr/bin/python3 + numpy on ln τ ∈ [ln 1e-14, ln 1e6], 400001 points:
//   g = lambda lt,R,t0,n: R/(2*pi)*sin(n*pi)/(cosh(n*(lt-log(t0)))+cos(n*pi))
//   G = g(lt,1e3,1e-5,0.8) + g(lt,5e3,1e-2,0.85); v = argmin of G between the two τ0
//   trapz(G[:v+1]) = 1001.1 Ω (1.0011 R1), trapz(G[v:]) = 4998.9 Ω (0.9998 R2); valley 1.70e-4 s
// Known limitation, asserted rather than hidden: the non-negative solution breaks the low
// tails of broad (CPE) distributions into small side peaks (1–5 % of the total each here), which
// take their lobes' share of the area; hence 10 % and not 2 %. They must stay below 10 % of ∫γ
// in total. Checked with the default λ (L-curve) and the discrepancy principle without noise,
// and with the discrepancy principle with 0.1 % noise. The L-curve is not asserted on the noisy
// copy: it picks λ ≈ 2e-5 there and splits the distribution into 10 peaks (grain-boundary lobe
// −11 %), i.e. it under-regularises broad distributions, which is why the discrepancy
// principle is offered.
TEST(Drt, TwoZarcPeakAreasMatchAnalyticLobes) {
  const auto s = synthesize([](double w) {
    return 10.0 + 1e3 / (1.0 + std::pow(j * w * 1e-5, 0.8)) +
           5e3 / (1.0 + std::pow(j * w * 1e-2, 0.85));
  });
  const auto noisy = add_noise(s, 1e-3, 7);
  const std::vector<std::pair<const eis::Spectrum*, LambdaMethod>> cases{
      {&s, LambdaMethod::l_curve},
      {&s, LambdaMethod::discrepancy},
      {&noisy, LambdaMethod::discrepancy}};
  for (const auto& [spec, m] : cases) {
    {
      const auto r = compute_drt(*spec, {.lambda_method = m});
      ASSERT_GE(r.peaks.size(), 2u) << to_string(m) << ": " << r.message;
      const auto& p1 = nearest_peak(r.peaks, 1e-5);
      const auto& p2 = nearest_peak(r.peaks, 1e-2);
      EXPECT_LT(std::abs(std::log10(p1.tau_s / 1e-5)), 0.05) << to_string(m);
      EXPECT_LT(std::abs(std::log10(p2.tau_s / 1e-2)), 0.05) << to_string(m);
      EXPECT_TRUE(eis::test::near_relative(p1.resistance_ohm, 1001.1, 0.10)) << to_string(m);
      EXPECT_TRUE(eis::test::near_relative(p2.resistance_ohm, 4998.9, 0.10)) << to_string(m);
      EXPECT_LT(r.polarisation_ohm - p1.resistance_ohm - p2.resistance_ohm,
                0.10 * r.polarisation_ohm)
          << to_string(m) << ": " << r.message;
    }
  }
}

// Two strongly overlapping ZARCs with the parameters of the EISFitpython 140 °C fit (FORMATS.md
// §5 R1: R1 = 146.2 kΩ, τ1 = (R1·Q1)^(1/n1) = 1.0224e-6 s, n1 = 0.8382; R2 = 2.012 MΩ,
// τ2 = 3.5056e-5 s, n2 = 0.7872), 1 MHz … 50 mHz, 10/decade, no electrode term. Even the exact
// DRT gives the small bulk lobe more than R1: the grain-boundary distribution (14× larger)
// spills past the valley. Analytic lobe areas (script above with these parameters): valley at
// 2.29e-6 s, 1.8754e5 Ω = 1.2828 R1 and 1.9707e6 Ω = 0.9795 R2. The DRT peaks nearest τ1, τ2
// must reproduce the analytic lobes within 20 % (bulk) and 10 % (grain boundary) and lie within
// 0.2 / 0.05 decade of τ0 (the bulk apex sits 0.8 decade inside the 1 MHz window edge).
TEST(Drt, OverlappingZarcsReproduceAnalyticLobeAreas) {
  const double r1 = 1.462e5;
  const double r2 = 2.012e6;
  const auto s = synthesize(
      [&](double w) {
        return r1 / (1.0 + std::pow(j * w * 1.0224e-6, 0.8382)) +
               r2 / (1.0 + std::pow(j * w * 3.5056e-5, 0.7872));
      },
      0.05,
      1e6);
  const auto r = compute_drt(s);
  ASSERT_GE(r.peaks.size(), 2u) << r.message;
  const auto& p1 = nearest_peak(r.peaks, 1.0224e-6);
  const auto& p2 = nearest_peak(r.peaks, 3.5056e-5);
  EXPECT_LT(std::abs(std::log10(p1.tau_s / 1.0224e-6)), 0.2) << r.message;
  EXPECT_LT(std::abs(std::log10(p2.tau_s / 3.5056e-5)), 0.05) << r.message;
  EXPECT_TRUE(eis::test::near_relative(p1.resistance_ohm, 1.8754e5, 0.20)) << r.message;
  EXPECT_TRUE(eis::test::near_relative(p2.resistance_ohm, 1.9707e6, 0.10)) << r.message;
}

// Discrepancy principle on a noisy ZARC (1 kΩ, 1 ms, n = 0.8, 0.2 % noise per component, which
// the basis can represent): the noise level reported is the one given, the peak keeps its
// area, and the relative RMS residual ends at hypot(floor, σ) with the floor (the λ_min fit:
// noise left over plus the basis error of a 10/decade grid) ≈ σ: so between 0.8σ and 1.6σ.
TEST(Drt, DiscrepancyPrincipleUsesTheGivenNoiseLevel) {
  const double sigma = 2e-3;
  const auto s = add_noise(
      synthesize([](double w) { return 10.0 + 1e3 / (1.0 + std::pow(j * w * 1e-3, 0.8)); }),
      sigma,
      9);
  const auto r = compute_drt(s, {.lambda_method = LambdaMethod::discrepancy, .noise_level = sigma});
  ASSERT_TRUE(r.usable()) << r.message;
  EXPECT_DOUBLE_EQ(r.noise_level, sigma);
  const auto& p = nearest_peak(r.peaks, 1e-3);
  EXPECT_TRUE(eis::test::near_relative(p.tau_s, 1e-3, 0.05));
  EXPECT_TRUE(eis::test::near_relative(p.resistance_ohm, 1e3, 0.05));
  double ss = 0.0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    ss += r.residual_real[i] * r.residual_real[i] + r.residual_imag[i] * r.residual_imag[i];
  }
  const double rms = std::sqrt(ss / (2.0 * static_cast<double>(s.size())));
  EXPECT_GT(rms, 0.8 * sigma);
  EXPECT_LT(rms, 1.6 * sigma);
  // Estimated σ (Lin-KK, floored at 0.1 %) when none is given.
  const auto e = compute_drt(s, {.lambda_method = LambdaMethod::discrepancy});
  EXPECT_TRUE(std::isfinite(e.noise_level));
  EXPECT_GE(e.noise_level, 1e-3);
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

// Posterior uncertainty (compute_drt: Bayesian reading of Tikhonov). The data are a ZARC
// (R = 1 kΩ, τ0 = 1 ms, n = 0.8) plus R∞ = 10 Ω with Gaussian noise of known relative σ on each
// component; with modulus weighting the residual rows have standard deviation σ, so the
// estimate posterior_sigma must recover it (mean over 5 seeds within 15 %). At a fixed λ the
// posterior covariance is σ̂²(G + λP)⁻¹ with the same matrix, so γ's sd scales with the noise:
// 10× the noise gives ≈ 10× the band (allowing for a changed active set: 5–20×).
TEST(Drt, PosteriorSigmaRecoversTheNoiseAndScalesTheBand) {
  const auto s =
      synthesize([](double w) { return 10.0 + 1e3 / (1.0 + std::pow(j * w * 1e-3, 0.8)); });
  for (const double noise : {1e-3, 1e-2}) {
    double mean = 0.0;
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
      const auto r = compute_drt(add_noise(s, noise, seed));
      ASSERT_TRUE(r.usable()) << r.message;
      mean += r.posterior_sigma / 5.0;
    }
    EXPECT_TRUE(eis::test::near_relative(mean, noise, 0.15)) << noise << ": " << mean;
  }
  const DrtOptions fixed{.lambda_method = LambdaMethod::fixed, .lambda = 1e-3};
  const auto lo = compute_drt(add_noise(s, 1e-3, 7), fixed);
  const auto hi = compute_drt(add_noise(s, 1e-2, 7), fixed);
  ASSERT_EQ(lo.gamma_sd_ohm.size(), lo.gamma_ohm.size());
  ASSERT_EQ(hi.gamma_sd_ohm.size(), hi.gamma_ohm.size());
  const auto peak = static_cast<std::size_t>(
      std::max_element(lo.gamma_ohm.begin(), lo.gamma_ohm.end()) - lo.gamma_ohm.begin());
  const double ratio = hi.gamma_sd_ohm[peak] / lo.gamma_sd_ohm[peak];
  EXPECT_GT(ratio, 5.0);
  EXPECT_LT(ratio, 20.0);
  for (std::size_t q = 0; q < lo.gamma_ohm.size(); ++q) {
    EXPECT_LE(lo.gamma_lower_ohm[q], lo.gamma_ohm[q]);
    EXPECT_GE(lo.gamma_upper_ohm[q], lo.gamma_ohm[q]);
    EXPECT_GE(lo.gamma_lower_ohm[q], 0.0);
  }
}

// The band is the posterior of the regularised fit: it describes the noise, not the
// regularisation bias (the smoothed apex of a ZARC sits below the analytic one by more than the
// band). For the linear estimator x̂ = H⁻¹Aᵀb the sampling covariance σ²H⁻¹GH⁻¹ never exceeds
// the posterior σ²H⁻¹ (H = G + λP, P ≥ 0), so over noise replicates at a fixed λ the scatter of
// γ at the apex must not exceed the reported sd (allowing 20 % for the 100-replicate estimate
// and the non-negativity constraint), and the reported sd must not overstate it wildly (< 4×).
TEST(Drt, BandIsAtLeastTheReplicateScatterOfGamma) {
  const auto s =
      synthesize([](double w) { return 10.0 + 1e3 / (1.0 + std::pow(j * w * 1e-3, 0.8)); });
  const DrtOptions fixed{.lambda_method = LambdaMethod::fixed, .lambda = 1e-3};
  const auto clean = compute_drt(s, fixed);
  const auto apex = static_cast<std::size_t>(
      std::max_element(clean.gamma_ohm.begin(), clean.gamma_ohm.end()) - clean.gamma_ohm.begin());
  double sum = 0.0;
  double sum2 = 0.0;
  double reported = 0.0;
  const int replicates = 100;
  for (int k = 0; k < replicates; ++k) {
    const auto r = compute_drt(add_noise(s, 1e-2, 100 + static_cast<std::uint64_t>(k)), fixed);
    ASSERT_EQ(r.gamma_sd_ohm.size(), r.gamma_ohm.size());
    sum += r.gamma_ohm[apex];
    sum2 += r.gamma_ohm[apex] * r.gamma_ohm[apex];
    reported += r.gamma_sd_ohm[apex] / replicates;
  }
  const double mean = sum / replicates;
  const double scatter = std::sqrt((sum2 - replicates * mean * mean) / (replicates - 1));
  EXPECT_LE(scatter, 1.2 * reported) << scatter << " vs " << reported;
  EXPECT_GE(4.0 * scatter, reported) << scatter << " vs " << reported;
}

// Two RC elements 1.5 decades apart with 0.1 % noise: both peaks are significant at 95 %
// (their prominence over the valley between them, 1.96 σ) and survive merging.
TEST(Drt, TwoResolvedRcPeaksAreSignificant) {
  const double tau2 = 1e-3 * std::pow(10.0, 1.5);
  const auto s = add_noise(
      synthesize([&](double w) { return 10.0 + rc(w, 1e3, 1e-3) + rc(w, 2e3, tau2); }), 1e-3, 5);
  DrtOptions o;
  o.peaks.min_significance = 1.96;
  const auto r = compute_drt(s, o);
  ASSERT_EQ(r.peaks.size(), 2u) << r.message;
  EXPECT_GT(r.peaks[0].significance, 1.96);
  EXPECT_GT(r.peaks[1].significance, 1.96);
  EXPECT_TRUE(eis::test::near_relative(r.peaks[0].resistance_ohm, 1e3, 0.10));
  EXPECT_TRUE(eis::test::near_relative(r.peaks[1].resistance_ohm, 2e3, 0.10));
}

// Without the posterior (DrtOptions::uncertainty = false) γ, the peaks and their areas are the
// same numbers (the band is computed after the solve, from it), and every uncertainty field is
// empty / NaN; merging by significance then has nothing to test and is refused.
TEST(Drt, UncertaintyCanBeSkippedWithoutChangingGamma) {
  const auto s = add_noise(
      synthesize([](double w) { return 10.0 + rc(w, 1e3, 1e-3) + rc(w, 2e3, 3e-2); }), 1e-3, 7);
  const auto with = compute_drt(s);
  const auto without = compute_drt(s, {.uncertainty = false});
  ASSERT_TRUE(without.usable()) << without.message;
  EXPECT_EQ(with.gamma_ohm, without.gamma_ohm);
  EXPECT_EQ(with.lambda, without.lambda);
  ASSERT_EQ(with.peaks.size(), without.peaks.size());
  for (std::size_t k = 0; k < with.peaks.size(); ++k) {
    EXPECT_EQ(with.peaks[k].resistance_ohm, without.peaks[k].resistance_ohm);
    EXPECT_TRUE(std::isfinite(with.peaks[k].significance));
    EXPECT_TRUE(std::isnan(without.peaks[k].significance));
  }
  EXPECT_FALSE(with.gamma_sd_ohm.empty());
  EXPECT_TRUE(without.gamma_sd_ohm.empty());
  EXPECT_TRUE(without.gamma_lower_ohm.empty());
  EXPECT_TRUE(without.gamma_upper_ohm.empty());
  EXPECT_TRUE(std::isnan(without.posterior_sigma));
  DrtOptions merge{.uncertainty = false};
  merge.peaks.min_significance = 1.96;
  EXPECT_THROW((void)compute_drt(s, merge), eis::InvalidArgument);
}

// A process above the top frequency: an RC with τ = 5e-6 s (f = 1/(2πτ) = 31.8 kHz) measured
// only up to 10 kHz, next to one inside the window (τ = 1e-2 s, 15.9 Hz). The DRT still puts a
// peak near 5e-6 s on the extended grid, flagged as outside the window, with a warning. (Much
// further out, τ = 1e-6 s, the arc is indistinguishable from a series resistance and goes to R∞.)
TEST(Drt, PeaksBeyondTheMeasuredWindowAreFlagged) {
  const auto s = add_noise(
      synthesize([](double w) { return 10.0 + rc(w, 1e3, 5e-6) + rc(w, 2e3, 1e-2); }, 1e-2, 1e4),
      1e-3,
      11);
  const auto r = compute_drt(s);
  ASSERT_TRUE(r.usable()) << r.message;
  const double tau_lo = 1.0 / (2.0 * pi * 1e4);  // window edge in τ
  bool inside_found = false;
  bool outside_found = false;
  for (const auto& p : r.peaks) {
    EXPECT_EQ(p.within_window, p.tau_s >= tau_lo * (1 - 1e-9) && p.tau_s <= 1.0 / (2.0 * pi * 1e-2))
        << p.tau_s;
    if (std::abs(std::log10(p.tau_s / 1e-2)) < 0.2) {
      inside_found = p.within_window;
    }
    if (p.tau_s < tau_lo) {
      outside_found = !p.within_window;
    }
  }
  EXPECT_TRUE(inside_found);
  EXPECT_TRUE(outside_found);
  EXPECT_TRUE(std::any_of(r.warnings.begin(), r.warnings.end(), [](const std::string& w) {
    return w.find("outside the measured frequency range") != std::string::npos;
  }));
}

TEST(Drt, RejectsBadInput) {
  const auto s = synthesize([](double w) { return 10.0 + rc(w, 1e3, 1e-3); });
  EXPECT_THROW((void)compute_drt(s, {.derivative_order = 3}), eis::InvalidArgument);
  EXPECT_THROW((void)compute_drt(s, {.lambda_min = 1.0, .lambda_max = 0.1}), eis::InvalidArgument);
  EXPECT_THROW((void)compute_drt(s, {.tau_points_per_decade = 0.0}), eis::InvalidArgument);
  EXPECT_THROW((void)compute_drt(s, {.credible_level = 1.0}), eis::InvalidArgument);
  EXPECT_THROW((void)compute_drt(s, {.folds = 1}), eis::InvalidArgument);
  EXPECT_EQ(eis::drt::parse_lambda_method("kfold"), LambdaMethod::k_fold);
  const std::vector<double> f{1.0, 2.0, 3.0};
  const std::vector<Complex> z{{1, -1}, {1, -1}, {1, -1}};
  EXPECT_THROW((void)compute_drt({f, z}), eis::InvalidArgument);
  EXPECT_EQ(eis::drt::parse_lambda_method("lcurve"), LambdaMethod::l_curve);
  EXPECT_EQ(eis::drt::parse_lambda_method("gcv"), LambdaMethod::gcv);
  EXPECT_THROW((void)eis::drt::parse_lambda_method("auto"), eis::InvalidArgument);
}

}  // namespace
