#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

#include <eis/conductivity/arrhenius.hpp>
#include <eis/error.hpp>
#include <eis/units.hpp>

#include "support/support.hpp"

namespace {

using eis::conductivity::ArrheniusForm;
using eis::conductivity::ArrheniusOptions;
using eis::conductivity::ConductivityPoint;
using eis::conductivity::fit_arrhenius;
constexpr double kb = eis::units::boltzmann_ev_per_k;

std::vector<ConductivityPoint> exact_points(ArrheniusForm form, double log10_a, double ea_ev) {
  std::vector<ConductivityPoint> p;
  for (double t = 300.0; t <= 520.0; t += 10.0) {
    double s = std::pow(10.0, log10_a) * std::exp(-ea_ev / (kb * t));
    if (form == ArrheniusForm::sigma_t) {
      s /= t;
    }
    p.push_back({.temperature_k = t, .sigma_s_per_cm = s});
  }
  return p;
}

TEST(Arrhenius, ExactSigmaTDataReturnsParameters) {
  const auto pts = exact_points(ArrheniusForm::sigma_t, 5.2, 0.61);
  const auto r = fit_arrhenius(pts, {.form = ArrheniusForm::sigma_t});
  EXPECT_TRUE(eis::test::near_relative(r.ea_ev, 0.61, 1e-10));
  EXPECT_TRUE(eis::test::near_relative(r.log10_prefactor, 5.2, 1e-10));
  EXPECT_TRUE(eis::test::near_relative(r.ea_kj_per_mol, 0.61 * 96.48533212, 1e-10));
  EXPECT_TRUE(r.usable());
  EXPECT_LT(r.ea_stderr_ev, 1e-10);
  EXPECT_NEAR(r.r_squared, 1.0, 1e-12);
  EXPECT_EQ(r.points, pts.size());
  EXPECT_FALSE(r.weighted);
  EXPECT_EQ(r.t_min_k, 300.0);
  EXPECT_EQ(r.t_max_k, 520.0);
}

TEST(Arrhenius, ExactSigmaDataReturnsParameters) {
  const auto pts = exact_points(ArrheniusForm::sigma, 2.5, 0.35);
  const auto r = fit_arrhenius(pts, {.form = ArrheniusForm::sigma});
  EXPECT_TRUE(eis::test::near_relative(r.ea_ev, 0.35, 1e-10));
  EXPECT_TRUE(eis::test::near_relative(r.log10_prefactor, 2.5, 1e-10));
  // The same σ data fitted in the σT form: Ea(σT) ≈ Ea(σ) + k_B·T̄ (METHODS.md §7.2).
  const auto rt = fit_arrhenius(pts, {.form = ArrheniusForm::sigma_t});
  EXPECT_NEAR(rt.ea_ev - r.ea_ev, kb * 410.0, 0.002);
}

TEST(Arrhenius, WeightedFitMatchesDeltaFormulas) {
  // Three points with uncertainties; the expected values are METHODS.md §7.2's Δ formulas
  // written out here independently of the implementation (which centres x).
  const std::vector<ConductivityPoint> pts = {
      {.temperature_k = 350, .sigma_s_per_cm = 1.1e-6, .sigma_stderr_s_per_cm = 0.05e-6},
      {.temperature_k = 400, .sigma_s_per_cm = 1.9e-5, .sigma_stderr_s_per_cm = 0.04e-5},
      {.temperature_k = 450, .sigma_s_per_cm = 1.6e-4, .sigma_stderr_s_per_cm = 0.10e-4},
      {.temperature_k = 500, .sigma_s_per_cm = 9.0e-4, .sigma_stderr_s_per_cm = 0.30e-4}};
  double sw = 0, swx = 0, swy = 0, swxx = 0, swxy = 0;
  for (const auto& p : pts) {
    const double s = p.sigma_stderr_s_per_cm / p.sigma_s_per_cm;
    const double w = 1 / (s * s);
    const double x = 1 / p.temperature_k;
    const double y = std::log(p.sigma_s_per_cm);
    sw += w;
    swx += w * x;
    swy += w * y;
    swxx += w * x * x;
    swxy += w * x * y;
  }
  const double delta = sw * swxx - swx * swx;
  const double b = (sw * swxy - swx * swy) / delta;
  const double a = (swxx * swy - swx * swxy) / delta;
  const auto abs = fit_arrhenius(
      pts,
      {.form = ArrheniusForm::sigma, .weight_scale = eis::conductivity::WeightScale::absolute});
  EXPECT_TRUE(abs.weighted);
  EXPECT_TRUE(eis::test::near_relative(abs.slope_k, b, 1e-11));
  EXPECT_TRUE(eis::test::near_relative(abs.intercept, a, 1e-11));
  EXPECT_TRUE(eis::test::near_relative(abs.covariance[2], sw / delta, 1e-9));
  EXPECT_TRUE(eis::test::near_relative(abs.covariance[0], swxx / delta, 1e-9));
  EXPECT_TRUE(eis::test::near_relative(abs.covariance[1], -swx / delta, 1e-9));
  EXPECT_TRUE(eis::test::near_relative(abs.ea_stderr_ev, std::sqrt(sw / delta) * kb, 1e-9));
  // Absolute weights: normal quantile 1.959963984540054.
  EXPECT_NEAR(abs.quantile, 1.959963984540054, 1e-9);
  // Relative weights: variances scaled by s² = χ²/(n − 2), t quantile with 2 dof = 4.302652729.
  const auto rel = fit_arrhenius(pts, {.form = ArrheniusForm::sigma});
  EXPECT_TRUE(eis::test::near_relative(rel.covariance[2], sw / delta * rel.chi_square / 2.0, 1e-9));
  EXPECT_NEAR(rel.quantile, 4.302652729749464, 1e-8);
  // Without uncertainties every weight is 1.
  const auto unweighted =
      fit_arrhenius(pts, {.form = ArrheniusForm::sigma, .use_uncertainties = false});
  EXPECT_FALSE(unweighted.weighted);
}

TEST(Arrhenius, StudentTQuantileAndInterval) {
  auto pts = exact_points(ArrheniusForm::sigma_t, 4.0, 0.5);
  pts.resize(12);  // n − 2 = 10 degrees of freedom
  for (std::size_t i = 0; i < pts.size(); ++i) {
    pts[i].sigma_s_per_cm *= 1.0 + (static_cast<double>(i % 3) - 1.0) * 0.01;
  }
  const auto r = fit_arrhenius(pts);
  EXPECT_NEAR(r.quantile, 2.228138851986274, 1e-9);  // t_{0.975, 10}
  EXPECT_NEAR(r.ea_ci_ev[1] - r.ea_ev, r.quantile * r.ea_stderr_ev, 1e-15);
  EXPECT_GT(r.ea_stderr_ev, 0.0);
}

TEST(Arrhenius, PredictionInterpolatesTheFit) {
  const auto pts = exact_points(ArrheniusForm::sigma_t, 5.2, 0.61);
  const auto r = fit_arrhenius(pts);
  const auto p = eis::conductivity::predict(r, 333.0);
  const double expected = std::pow(10.0, 5.2) * std::exp(-0.61 / (kb * 333.0)) / 333.0;
  EXPECT_TRUE(eis::test::near_relative(p.sigma_s_per_cm, expected, 1e-9));
  EXPECT_TRUE(eis::test::near_relative(p.log10_sigma, std::log10(expected), 1e-10));
}

TEST(Arrhenius, RejectsBadInput) {
  std::vector<ConductivityPoint> two = {{.temperature_k = 300, .sigma_s_per_cm = 1e-5},
                                        {.temperature_k = 310, .sigma_s_per_cm = 2e-5}};
  EXPECT_THROW((void)fit_arrhenius(two), eis::InvalidArgument);
  auto pts = exact_points(ArrheniusForm::sigma, 2, 0.3);
  pts[2].sigma_s_per_cm = -1;
  EXPECT_THROW((void)fit_arrhenius(pts), eis::InvalidArgument);
  pts[2].sigma_s_per_cm = 1e-3;
  pts[3].temperature_k = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW((void)fit_arrhenius(pts), eis::InvalidArgument);
  const std::vector<ConductivityPoint> same(3, {.temperature_k = 300, .sigma_s_per_cm = 1e-5});
  EXPECT_THROW((void)fit_arrhenius(same), eis::InvalidArgument);
  EXPECT_THROW((void)fit_arrhenius(exact_points(ArrheniusForm::sigma, 2, 0.3), {.confidence = 1.5}),
               eis::InvalidArgument);
}

TEST(Arrhenius, FormNamesRoundTrip) {
  for (const auto f : {ArrheniusForm::sigma, ArrheniusForm::sigma_t}) {
    EXPECT_EQ(eis::conductivity::parse_arrhenius_form(eis::conductivity::to_string(f)), f);
  }
  EXPECT_FALSE(eis::conductivity::parse_arrhenius_form("vtf").has_value());
}

}  // namespace
