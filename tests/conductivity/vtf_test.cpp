#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include <eis/conductivity/vtf.hpp>
#include <eis/error.hpp>
#include <eis/units.hpp>

#include "support/support.hpp"

namespace {

using eis::conductivity::ConductivityPoint;
using eis::conductivity::VtfForm;

// σ = A·T^(−1/2)·exp(−B/(T − T0)) (form a) or A·exp(−B/(T − T0)) (form b), METHODS.md §7.3.
std::vector<ConductivityPoint> vtf_points(VtfForm form, double a, double b_k, double t0_k) {
  std::vector<ConductivityPoint> p;
  for (double t = 250.0; t <= 450.0; t += 8.0) {
    double s = a * std::exp(-b_k / (t - t0_k));
    if (form == VtfForm::inverse_sqrt_t) {
      s /= std::sqrt(t);
    }
    p.push_back({.temperature_k = t, .sigma_s_per_cm = s});
  }
  return p;
}

TEST(Vtf, ExactFormADataReturnsParameters) {
  const auto pts = vtf_points(VtfForm::inverse_sqrt_t, 12.0, 900.0, 210.0);
  const auto r = eis::conductivity::fit_vtf(pts);
  EXPECT_TRUE(r.converged);
  EXPECT_TRUE(eis::test::near_relative(r.t0_k, 210.0, 1e-10));
  EXPECT_TRUE(eis::test::near_relative(r.b_k, 900.0, 1e-10));
  EXPECT_TRUE(eis::test::near_relative(r.ln_prefactor, std::log(12.0), 1e-10));
  EXPECT_TRUE(eis::test::near_relative(r.b_ev, 900.0 * eis::units::boltzmann_ev_per_k, 1e-10));
  EXPECT_FALSE(r.t0_at_bound);
}

TEST(Vtf, ExactFormBDataReturnsParameters) {
  const auto pts = vtf_points(VtfForm::plain, 3.0, 1200.0, 180.0);
  const auto r = eis::conductivity::fit_vtf(pts, {.form = VtfForm::plain});
  EXPECT_TRUE(eis::test::near_relative(r.t0_k, 180.0, 1e-10));
  EXPECT_TRUE(eis::test::near_relative(r.b_k, 1200.0, 1e-10));
  EXPECT_TRUE(eis::test::near_relative(r.log10_prefactor, std::log10(3.0), 1e-10));
}

TEST(Vtf, NoisyDataGivesCorrelationAndIntervals) {
  auto pts = vtf_points(VtfForm::inverse_sqrt_t, 12.0, 900.0, 210.0);
  for (std::size_t i = 0; i < pts.size(); ++i) {
    pts[i].sigma_s_per_cm *= 1.0 + 0.01 * std::sin(7.0 * static_cast<double>(i));
  }
  const auto r = eis::conductivity::fit_vtf(pts);
  EXPECT_TRUE(r.usable());
  EXPECT_LT(r.t0_ci_k[0], r.t0_k);
  EXPECT_GT(r.t0_ci_k[1], r.t0_k);
  EXPECT_NEAR(r.t0_k, 210.0, 10.0);
  // B and T0 are strongly negatively correlated (a higher T0 needs a smaller B).
  EXPECT_LT(r.correlation_b_t0, -0.8);
  const auto p = eis::conductivity::predict(r, 300.0);
  EXPECT_TRUE(eis::test::near_relative(
      p.sigma_s_per_cm, 12.0 * std::exp(-900.0 / 90.0) / std::sqrt(300.0), 0.02));
  EXPECT_LT(p.sigma_ci_s_per_cm[0], p.sigma_s_per_cm);
}

TEST(Vtf, RejectsTooFewPointsAndNoRoomForT0) {
  auto pts = vtf_points(VtfForm::inverse_sqrt_t, 12.0, 900.0, 210.0);
  pts.resize(3);
  EXPECT_THROW((void)eis::conductivity::fit_vtf(pts), eis::InvalidArgument);
  auto full = vtf_points(VtfForm::inverse_sqrt_t, 12.0, 900.0, 210.0);
  EXPECT_THROW((void)eis::conductivity::fit_vtf(full, {.t0_min_k = 245.0}), eis::InvalidArgument);
}

}  // namespace
