#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include <eis/conductivity/conductivity.hpp>
#include <eis/error.hpp>

#include "support/support.hpp"

namespace {

using eis::CellGeometry;
using eis::test::near_relative;

TEST(CellGeometry, DiscAreaAndCellConstant) {
  const auto g = CellGeometry::disc(0.21, 0.8);
  EXPECT_TRUE(near_relative(g.area(), std::numbers::pi * 0.8 * 0.8 / 4.0, 1e-15));
  EXPECT_TRUE(near_relative(g.cell_constant_per_cm(), 0.21 / (std::numbers::pi * 0.16), 1e-15));
  EXPECT_TRUE(near_relative(
      g.empty_cell_capacitance_f(), 8.8541878128e-14 * std::numbers::pi * 0.16 / 0.21, 1e-14));
}

TEST(CellGeometry, ValidateRejectsBadInput) {
  EXPECT_FALSE(CellGeometry::disc(0.1, 0.8).validate().has_value());
  EXPECT_TRUE(CellGeometry::disc(0.0, 0.8).validate().has_value());
  EXPECT_TRUE(CellGeometry::disc(0.1, -1.0).validate().has_value());
  EXPECT_TRUE(CellGeometry::with_area(0.1, 0.5, -0.01).validate().has_value());
  CellGeometry both = CellGeometry::disc(0.1, 0.8);
  both.area_cm2 = 0.5;
  EXPECT_TRUE(both.validate().has_value());
  EXPECT_TRUE(CellGeometry{}.validate().has_value());
  EXPECT_THROW((void)both.area(), eis::InvalidArgument);
}

TEST(Conductivity, EisFitpythonTotalAt413K) {
  // FORMATS.md §5 R1: R1 + R2 at 140 °C, l = 0.21 cm, D = 0.8 cm; the published total σ is
  // 1.936e-7 S/cm (Arrhenius_Analysis_Report.txt, 4 significant figures).
  const auto s =
      eis::conductivity_from_resistance(1.462e5 + 2.012e6, 0.0, CellGeometry::disc(0.21, 0.8));
  EXPECT_TRUE(near_relative(s.sigma_s_per_cm, 1.936e-7, 3e-4));
  EXPECT_EQ(s.stderr_s_per_cm, 0.0);
}

TEST(Conductivity, PropagatesResistanceAndGeometryUncertainty) {
  // METHODS.md §7.1: (δσ/σ)² = (δR/R)² + (δL/L)² + (2δd/d)².
  const double r = 1000.0;
  const auto g = CellGeometry::disc(0.2, 1.0, 0.004, 0.005);     // δL/L = 2 %, δd/d = 0.5 %
  const auto s = eis::conductivity_from_resistance(r, 10.0, g);  // δR/R = 1 %
  const double sigma = 0.2 / (r * std::numbers::pi / 4.0);
  EXPECT_TRUE(near_relative(s.sigma_s_per_cm, sigma, 1e-14));
  const double rel = std::sqrt(0.01 * 0.01 + 0.02 * 0.02 + 0.01 * 0.01);
  EXPECT_TRUE(near_relative(s.stderr_s_per_cm, rel * sigma, 1e-12));
  EXPECT_TRUE(near_relative(s.log10_stderr(), rel / std::log(10.0), 1e-12));
}

TEST(Conductivity, AreaGivenDirectly) {
  const auto g = CellGeometry::with_area(0.1, 0.5, 0.0, 0.01);  // δA/A = 2 %
  const auto s = eis::conductivity_from_resistance(200.0, 0.0, g);
  EXPECT_TRUE(near_relative(s.sigma_s_per_cm, 0.1 / (200.0 * 0.5), 1e-15));
  EXPECT_TRUE(near_relative(s.stderr_s_per_cm, 0.02 * s.sigma_s_per_cm, 1e-12));
}

TEST(Conductivity, RejectsNonPositiveResistance) {
  const auto g = CellGeometry::disc(0.1, 0.8);
  EXPECT_THROW((void)eis::conductivity_from_resistance(0.0, 0.0, g), eis::InvalidArgument);
  EXPECT_THROW((void)eis::conductivity_from_resistance(NAN, 0.0, g), eis::InvalidArgument);
  EXPECT_THROW((void)eis::conductivity_from_resistance(1.0, -1.0, g), eis::InvalidArgument);
  EXPECT_THROW((void)eis::conductivity_from_resistance(1.0, 0.0, CellGeometry{}),
               eis::InvalidArgument);
}

TEST(SeriesResistance, AddsCovariance) {
  const auto sum = eis::series_resistance({100.0, 3.0}, {200.0, 4.0}, -6.0);
  EXPECT_DOUBLE_EQ(sum.value_ohm, 300.0);
  EXPECT_TRUE(near_relative(sum.stderr_ohm, std::sqrt(9.0 + 16.0 - 12.0), 1e-15));
  // Perfect anti-correlation with equal errors cancels.
  EXPECT_NEAR(eis::series_resistance({1.0, 2.0}, {1.0, 2.0}, -4.0).stderr_ohm, 0.0, 1e-15);
}

TEST(SpecificGrainBoundary, BrickLayerScalesByCapacitanceRatio) {
  // METHODS.md §6.2 item 4: σ_gb,sp = L/(R_gb·A)·C_bulk/C_gb.
  const auto g = CellGeometry::disc(0.21, 0.8);
  const auto s =
      eis::specific_grain_boundary_conductivity({2.0e6, 2.0e4}, 7e-12, 1.75e-11, g, 0.1, 0.05);
  const double expected = g.cell_constant_per_cm() / 2.0e6 * 7e-12 / 1.75e-11;
  EXPECT_TRUE(near_relative(s.sigma_s_per_cm, expected, 1e-14));
  EXPECT_TRUE(near_relative(
      s.stderr_s_per_cm, std::sqrt(0.01 * 0.01 + 0.1 * 0.1 + 0.05 * 0.05) * expected, 1e-12));
  EXPECT_THROW((void)eis::specific_grain_boundary_conductivity({1.0, 0.0}, 0.0, 1.0, g),
               eis::InvalidArgument);
}

TEST(EffectiveCapacitance, MethodsWorkedCheck) {
  // METHODS.md §1.2: R = 1e4 Ω, Q = 1e-9, n = 0.8 → C_eff = 5.62e-11 F, and it equals
  // Q·ω_max^{n−1} with ω_max = (RQ)^{−1/n}.
  const auto c = eis::effective_capacitance(1e4, 1e-9, 0.8);
  EXPECT_TRUE(near_relative(c.capacitance_f, 5.62e-11, 1e-3));
  const double w_max = std::pow(1e4 * 1e-9, -1.0 / 0.8);
  EXPECT_TRUE(near_relative(c.capacitance_f, 1e-9 * std::pow(w_max, 0.8 - 1.0), 1e-12));
  EXPECT_TRUE(near_relative(c.apex_frequency_hz, w_max / (2.0 * std::numbers::pi), 1e-12));
  EXPECT_EQ(c.relative_stderr, 0.0);
}

TEST(EffectiveCapacitance, EisFitpythonPublishedValues) {
  // reports_example3/Effective_Capacitance_Values.txt at 413 K: bulk 6.996e-12 F, GB
  // 1.741e-11 F, from the 4-digit parameters of the batch report (hence 0.2 %).
  EXPECT_TRUE(near_relative(
      eis::effective_capacitance(1.462e5, 6.515e-11, 0.8382).capacitance_f, 6.996e-12, 2e-3));
  EXPECT_TRUE(near_relative(
      eis::effective_capacitance(2.012e6, 1.546e-10, 0.7872).capacitance_f, 1.741e-11, 2e-3));
}

TEST(EffectiveCapacitance, DeltaMethodMatchesFiniteDifferences) {
  const double r = 2e5, q = 3e-10, n = 0.85;
  eis::ArcCovariance cov;
  cov.var_r = std::pow(0.05 * r, 2);
  cov.var_q = std::pow(0.1 * q, 2);
  cov.var_n = 0.01 * 0.01;
  cov.cov_rq = 0.3 * (0.05 * r) * (0.1 * q);
  cov.cov_rn = -0.5 * (0.05 * r) * 0.01;
  cov.cov_qn = -0.9 * (0.1 * q) * 0.01;
  const auto c = eis::effective_capacitance(r, q, n, cov);
  // Independent gradient of ln C by central differences in (R, Q, n).
  auto ln_c = [](double rr, double qq, double nn) {
    return std::log(std::pow(qq * std::pow(rr, 1.0 - nn), 1.0 / nn));
  };
  const double hr = 1e-6 * r, hq = 1e-6 * q, hn = 1e-7;
  const double gr = (ln_c(r + hr, q, n) - ln_c(r - hr, q, n)) / (2 * hr);
  const double gq = (ln_c(r, q + hq, n) - ln_c(r, q - hq, n)) / (2 * hq);
  const double gn = (ln_c(r, q, n + hn) - ln_c(r, q, n - hn)) / (2 * hn);
  const double var = gr * gr * cov.var_r + gq * gq * cov.var_q + gn * gn * cov.var_n +
                     2 * (gr * gq * cov.cov_rq + gr * gn * cov.cov_rn + gq * gn * cov.cov_qn);
  EXPECT_TRUE(near_relative(c.relative_stderr, std::sqrt(var), 1e-5));
}

TEST(EffectiveCapacitance, RejectsInvalidParameters) {
  EXPECT_THROW((void)eis::effective_capacitance(0.0, 1e-9, 0.8), eis::InvalidArgument);
  EXPECT_THROW((void)eis::effective_capacitance(1.0, 1e-9, 1.2), eis::InvalidArgument);
  EXPECT_THROW((void)eis::effective_capacitance(1.0, -1e-9, 0.8), eis::InvalidArgument);
}

}  // namespace
