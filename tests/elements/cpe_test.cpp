// Effective capacitance of a CPE (METHODS.md §1.2), checked against its definition
// C_eff = Q·ω_max^(n−1) with ω_max found numerically from −Z'' of R ∥ CPE.
#include <cmath>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

#include <eis/elements/cpe.hpp>
#include <eis/elements/element.hpp>

#include "support/support.hpp"

namespace {

using eis::Complex;

// −Z'' of R ∥ CPE at ω.
double minus_imag_rq(double r, double q, double n, double omega) {
  const Complex zq = eis::element_impedance(eis::ElementKind::cpe, omega, std::vector{q, n});
  return -(1.0 / (1.0 / r + 1.0 / zq)).imag();
}

// Golden-section search for the maximum of −Z'' over ln ω.
double omega_at_peak(double r, double q, double n) {
  double a = std::log(1e-6);
  double b = std::log(1e12);
  const double g = (std::sqrt(5.0) - 1.0) / 2.0;
  for (int it = 0; it < 200; ++it) {
    const double c = b - g * (b - a);
    const double d = a + g * (b - a);
    if (minus_imag_rq(r, q, n, std::exp(c)) > minus_imag_rq(r, q, n, std::exp(d))) {
      b = d;
    } else {
      a = c;
    }
  }
  return std::exp(0.5 * (a + b));
}

TEST(EffectiveCapacitance, HsuMansfeldMatchesDefinitionAtNumericalPeak) {
  for (const double n : {0.6, 0.8, 0.95}) {
    for (const double r : {1e2, 1e4, 1e7}) {
      const double q = 1e-9;
      const double w_max = omega_at_peak(r, q, n);
      const double c_definition = q * std::pow(w_max, n - 1.0);  // Hsu & Mansfeld (2001)
      EXPECT_TRUE(eis::test::near_relative(
          eis::effective_capacitance_hsu_mansfeld(r, q, n), c_definition, 1e-6))
          << "n = " << n << ", R = " << r;
      EXPECT_TRUE(eis::test::near_relative(
          eis::rq_peak_frequency_hz(r, q, n), w_max / (2.0 * std::numbers::pi), 1e-6));
    }
  }
}

TEST(EffectiveCapacitance, WorkedCheckOfMethods) {
  // METHODS.md §1.2: R = 1e4 Ω, Q = 1e-9, n = 0.8 → ω_max = 1.778e6 rad/s, C_eff = 5.62e-11 F
  // (quoted to 3-4 digits).
  EXPECT_TRUE(eis::test::near_relative(
      eis::effective_capacitance_hsu_mansfeld(1e4, 1e-9, 0.8), 5.62e-11, 1e-3));
  EXPECT_TRUE(
      eis::test::near_relative(1.0 / eis::rq_time_constant_s(1e4, 1e-9, 0.8), 1.778e6, 1e-3));
}

TEST(EffectiveCapacitance, IdealCapacitorWhenExponentIsOne) {
  for (const double r : {1e-2, 1.0, 1e9}) {
    EXPECT_DOUBLE_EQ(eis::effective_capacitance_hsu_mansfeld(r, 3e-7, 1.0), 3e-7);
    EXPECT_DOUBLE_EQ(eis::effective_capacitance_brug_blocking(r, 3e-7, 1.0), 3e-7);
    EXPECT_DOUBLE_EQ(eis::effective_capacitance_brug_faradaic(r, 2.0 * r, 3e-7, 1.0), 3e-7);
  }
  EXPECT_TRUE(eis::test::near_relative(eis::rq_time_constant_s(1e3, 1e-6, 1.0), 1e-3, 1e-15));
}

TEST(EffectiveCapacitance, BrugFormulas) {
  const double q = 2e-6;
  const double n = 0.85;
  const double rs = 120.0;
  // C_eff = Q^(1/n) R_s^((1−n)/n) (blocking) and Q^(1/n) (1/R_s + 1/R_ct)^((n−1)/n) (faradaic)
  EXPECT_TRUE(eis::test::near_relative(eis::effective_capacitance_brug_blocking(rs, q, n),
                                       std::pow(q, 1.0 / n) * std::pow(rs, (1.0 - n) / n),
                                       1e-13));
  const double rct = 5e3;
  EXPECT_TRUE(
      eis::test::near_relative(eis::effective_capacitance_brug_faradaic(rs, rct, q, n),
                               std::pow(q, 1.0 / n) * std::pow(1.0 / rs + 1.0 / rct, (n - 1.0) / n),
                               1e-13));
  // R_ct → ∞ turns the faradaic case into the blocking one
  EXPECT_TRUE(eis::test::near_relative(eis::effective_capacitance_brug_faradaic(rs, 1e300, q, n),
                                       eis::effective_capacitance_brug_blocking(rs, q, n),
                                       1e-13));
}

TEST(EffectiveCapacitance, InvalidInputGivesNaN) {
  EXPECT_TRUE(std::isnan(eis::effective_capacitance_hsu_mansfeld(-1.0, 1e-6, 0.9)));
  EXPECT_TRUE(std::isnan(eis::effective_capacitance_hsu_mansfeld(1.0, 0.0, 0.9)));
  EXPECT_TRUE(std::isnan(eis::effective_capacitance_brug_faradaic(1.0, 1.0, 1e-6, 0.0)));
  EXPECT_TRUE(std::isnan(eis::rq_time_constant_s(1.0, std::nan(""), 0.9)));
}

}  // namespace
