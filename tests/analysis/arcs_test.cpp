// Arc estimates read from synthetic spectra whose parameters are known, and the capacitance
// formulas and classes of METHODS.md §1.2 and §6.
#include <cmath>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

#include <eis/analysis/arcs.hpp>
#include <eis/error.hpp>

#include "support/support.hpp"

namespace {

using eis::Complex;
constexpr double pi = std::numbers::pi;

Complex cpe_admittance(double q, double n, double omega) {
  return q * std::pow(omega, n) * Complex(std::cos(n * pi / 2), std::sin(n * pi / 2));
}

// R0 + (R1 ∥ CPE1) + (R2 ∥ CPE2) [+ CPE3], 10 points per decade from f_max down to f_min.
eis::Spectrum synthetic(double r0,
                        double r1,
                        double q1,
                        double n1,
                        double r2,
                        double q2,
                        double n2,
                        double q3,
                        double n3,
                        double f_max,
                        double f_min) {
  eis::Spectrum s;
  const int points = static_cast<int>(std::round(10.0 * std::log10(f_max / f_min))) + 1;
  for (int i = 0; i < points; ++i) {
    const double f = f_max * std::pow(10.0, -0.1 * i);
    const double w = 2 * pi * f;
    Complex z = r0 + 1.0 / (1.0 / r1 + cpe_admittance(q1, n1, w)) +
                1.0 / (1.0 / r2 + cpe_admittance(q2, n2, w));
    if (q3 > 0) {
      z += 1.0 / cpe_admittance(q3, n3, w);
    }
    s.frequency_hz.push_back(f);
    s.impedance_ohm.push_back(z);
  }
  return s;
}

TEST(ArcClasses, FollowCapacitanceRanges) {
  EXPECT_EQ(eis::classify_capacitance(5e-12), eis::ArcClass::bulk);
  EXPECT_EQ(eis::classify_capacitance(1e-9), eis::ArcClass::grain_boundary);
  EXPECT_EQ(eis::classify_capacitance(3e-8), eis::ArcClass::surface_layer);
  EXPECT_EQ(eis::classify_capacitance(2e-6), eis::ArcClass::electrode);
  // Cell constant scales to specific capacitance: 5e-12 F with L/A = 10 cm⁻¹ is 5e-11 F/cm.
  EXPECT_EQ(eis::classify_capacitance(5e-12, 10.0), eis::ArcClass::grain_boundary);
  EXPECT_THROW((void)eis::classify_capacitance(0.0), eis::InvalidArgument);
}

TEST(ArcClasses, EisFitpythonPelletGetsBulkThenGrainBoundary) {
  // METHODS.md §6.2 example: l = 0.21 cm, A = π·0.4² cm², bulk 7.0e-12 F, gb 1.74e-11 F (both
  // in the "bulk" range by capacitance alone); frequency order makes the second one gb.
  const double cell_constant = 0.21 / (pi * 0.4 * 0.4);
  const std::vector<double> c{7.0e-12, 1.74e-11, 1.4e-6};
  const auto classes = eis::assign_arcs(c, cell_constant);
  ASSERT_EQ(classes.size(), 3U);
  EXPECT_EQ(classes[0], eis::ArcClass::bulk);
  EXPECT_EQ(classes[1], eis::ArcClass::grain_boundary);
  EXPECT_EQ(classes[2], eis::ArcClass::electrode);
}

TEST(EstimateArcs, FindsTwoArcsAndSpikeOfBlockingCell) {
  // Bulk R 1e5 Ω, C ≈ 5 pF (apex ≈ 318 kHz); gb R 3e5 Ω, C ≈ 1 nF (530 Hz); electrode CPE.
  const double r1 = 1e5, n1 = 0.9, r2 = 3e5, n2 = 0.8;
  const double tau1 = r1 * 5e-12, tau2 = r2 * 1e-9;
  const double q1 = std::pow(tau1, n1) / r1, q2 = std::pow(tau2, n2) / r2;
  const auto s = synthetic(0.0, r1, q1, n1, r2, q2, n2, 2e-6, 0.85, 1e7, 0.1);
  const auto a = eis::estimate_arcs(s);
  ASSERT_EQ(a.arcs.size(), 2U);
  EXPECT_TRUE(eis::test::near_relative(a.arcs[0].apex_frequency_hz, 1 / (2 * pi * tau1), 0.5));
  EXPECT_TRUE(eis::test::near_relative(a.arcs[1].apex_frequency_hz, 1 / (2 * pi * tau2), 0.5));
  EXPECT_TRUE(eis::test::near_relative(a.arcs[0].resistance_ohm, r1, 0.3));
  EXPECT_TRUE(eis::test::near_relative(a.arcs[1].resistance_ohm, r2, 0.3));
  EXPECT_EQ(a.arcs[0].arc_class, eis::ArcClass::bulk);
  EXPECT_EQ(a.arcs[1].arc_class, eis::ArcClass::grain_boundary);
  ASSERT_TRUE(a.spike.present);
  EXPECT_NEAR(a.spike.exponent, 0.85, 0.1);
  EXPECT_TRUE(eis::test::near_relative(a.spike.q, 2e-6, 0.5));
  EXPECT_TRUE(eis::test::near_relative(a.spike.intercept_ohm, r1 + r2, 0.2));
}

TEST(EstimateArcs, NonBlockingCellHasNoSpike) {
  const double r1 = 2e4, n1 = 0.95, r2 = 5e4, n2 = 0.85;
  const double tau1 = r1 * 2e-12, tau2 = r2 * 1e-9;
  const auto s = synthetic(
      50.0, r1, std::pow(tau1, n1) / r1, n1, r2, std::pow(tau2, n2) / r2, n2, 0.0, 1.0, 1e7, 1.0);
  const auto a = eis::estimate_arcs(s);
  EXPECT_FALSE(a.spike.present);
  ASSERT_EQ(a.arcs.size(), 2U);
  EXPECT_TRUE(eis::test::near_relative(
      a.arcs[0].resistance_ohm + a.arcs[1].resistance_ohm + a.high_frequency_intercept_ohm,
      r1 + r2 + 50.0,
      0.1));
}

TEST(EstimateArcs, RejectsTooShortSpectra) {
  eis::Spectrum s;
  s.frequency_hz = {1.0, 2.0};
  s.impedance_ohm = {{1.0, -1.0}, {1.0, -0.5}};
  EXPECT_THROW((void)eis::estimate_arcs(s), eis::InvalidArgument);
}

TEST(DecomposeArcs, RecoversResistancesForKnownTimeConstants) {
  // Exact ZARC data with the same exponent as the decomposition: exact recovery.
  eis::Spectrum s;
  const double tau1 = 1e-6, tau2 = 1e-3, n = 0.85;
  for (int i = 0; i < 61; ++i) {
    const double f = 1e7 * std::pow(10.0, -0.1 * i);
    const double w = 2 * pi * f;
    const Complex u1 = std::pow(w * tau1, n) * Complex(std::cos(n * pi / 2), std::sin(n * pi / 2));
    const Complex u2 = std::pow(w * tau2, n) * Complex(std::cos(n * pi / 2), std::sin(n * pi / 2));
    s.frequency_hz.push_back(f);
    s.impedance_ohm.push_back(10.0 + 1e3 / (1.0 + u1) + 4e3 / (1.0 + u2));
  }
  const std::vector<double> taus{tau1, tau2};
  const auto d = eis::decompose_arcs(s, taus, n, true, 0.0);
  EXPECT_TRUE(eis::test::near_relative(d.offset_ohm, 10.0, 1e-8));
  EXPECT_TRUE(eis::test::near_relative(d.resistances_ohm[0], 1e3, 1e-10));
  EXPECT_TRUE(eis::test::near_relative(d.resistances_ohm[1], 4e3, 1e-10));
  EXPECT_LT(d.relative_rms, 1e-10);
}

}  // namespace
