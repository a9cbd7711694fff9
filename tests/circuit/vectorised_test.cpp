// The vectorised evaluator (issue 10: Eigen's exp/log, branch-free parallel composition with a
// guarded fallback) against independent closed forms in long double
// (support/reference_impedance.hpp, composed by series = ΣZ, parallel = 1/Σ(1/Z)) for many random
// parameter sets: |Z − Z_ref| ≤ 1e-13·|Z_ref| at every frequency. Also: the guarded fallback
// (|Z_k|² outside the normal range in some blocks only), the Jacobian call returning the same Z
// bit for bit, and results not depending on how the frequencies fall into blocks.
#include <cmath>
#include <complex>
#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <eis/circuit/evaluate.hpp>

#include "support/reference_impedance.hpp"

namespace {

using eis::Complex;
using eis::test::ComplexL;

// Random parameters: exponents uniform in [0.3, 1], everything else log-uniform over the given
// decades (ohm, F, S s^n, s, ...).
std::vector<double> random_parameters(const eis::Circuit& c, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> exponent(0.3, 1.0);
  std::uniform_real_distribution<double> decade(-1.0, 1.0);
  std::vector<double> p;
  for (const auto& parameter : c.parameters()) {
    if (parameter.unit == "1") {
      p.push_back(exponent(rng));
    } else if (parameter.unit == "ohm" || parameter.unit == "ohm s^-1/2") {
      p.push_back(std::pow(10.0, 3.0 + 4.0 * decade(rng)));  // 1e-1 .. 1e7 Ω
    } else if (parameter.unit == "s") {
      p.push_back(std::pow(10.0, -2.5 + 4.5 * decade(rng)));  // 1e-7 .. 1e2 s
    } else {
      p.push_back(std::pow(10.0, -7.5 + 4.5 * decade(rng)));  // Q, C: 1e-12 .. 1e-3
    }
  }
  return p;
}

std::vector<double> log_omega_grid(std::size_t n) {
  std::vector<double> omega(n);
  for (std::size_t i = 0; i < n; ++i) {
    omega[i] = 2.0 * 3.141592653589793 * 1e7 *
               std::pow(1e-9, static_cast<double>(i) / static_cast<double>(n - 1));
  }
  return omega;
}

double relative_error(Complex z, ComplexL ref) {
  const ComplexL diff = ComplexL(z.real(), z.imag()) - ref;
  return static_cast<double>(std::abs(diff) / std::abs(ref));
}

TEST(VectorisedEvaluator, MatchesLongDoubleClosedFormsForRandomParameters) {
  const std::vector<std::string> circuits{"R0-p(R1,CPE1)-p(R2,CPE2)-CPE3",
                                          "R0-p(R1,CPE1)-p(R2,CPE2)-p(R3,CPE3)",
                                          "R0-p(R1-Wo1,CPE1)-p(Zarc2,Ha2,G2)-Ws3-W3",
                                          "p(R0,C0)-p(R1-p(R2,CPE2),CPE1)-CPE3",
                                          "Zarc0-Zarc1-p(R2,CPE2,C2)"};
  std::mt19937_64 rng{20261126};
  const auto omega = log_omega_grid(203);  // 3 blocks of 64 and a tail of 11
  std::vector<Complex> z(omega.size());
  std::size_t checked = 0;
  for (const auto& text : circuits) {
    eis::CircuitEvaluator evaluator{eis::parse_circuit(text)};
    for (int trial = 0; trial < 200; ++trial) {
      const auto p = random_parameters(evaluator.circuit(), rng);
      evaluator.evaluate(omega, p, z);
      const std::vector<long double> pl(p.begin(), p.end());
      for (std::size_t i = 0; i < omega.size(); ++i) {
        const ComplexL ref = eis::test::reference_circuit(
            evaluator.circuit(), evaluator.circuit().root(), omega[i], pl);
        const double err = relative_error(z[i], ref);
        ASSERT_LE(err, 1e-13) << text << " trial " << trial << " omega " << omega[i];
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 5u * 200u * 203u);
}

TEST(VectorisedEvaluator, GuardedFallbackInSomeBlocksOnly) {
  // |Z_C| = 1/(ωC) with C = 1e150 F: for ω above ~1e4 rad/s, |Z_C|² and |Y|² leave the normal
  // double range, so those blocks take the guarded path while low-ω blocks stay on the fast one.
  eis::CircuitEvaluator evaluator{eis::parse_circuit("p(R1,C1)")};
  const std::vector<double> p{1e3, 1e150};
  std::vector<double> omega(256);
  for (std::size_t i = 0; i < omega.size(); ++i) {
    omega[i] = std::pow(10.0, -2.0 + 12.0 * static_cast<double>(i) / 255.0);  // 1e-2 .. 1e10
  }
  std::vector<Complex> z(omega.size());
  evaluator.evaluate(omega, p, z);
  const std::vector<long double> pl(p.begin(), p.end());
  for (std::size_t i = 0; i < omega.size(); ++i) {
    const ComplexL ref =
        eis::test::reference_circuit(evaluator.circuit(), evaluator.circuit().root(), omega[i], pl);
    ASSERT_LE(relative_error(z[i], ref), 1e-13) << "omega " << omega[i];
  }
}

TEST(VectorisedEvaluator, JacobianCallGivesTheSameImpedance) {
  // Without the Jacobian, R, C and CPE inside parallel groups contribute Y directly; with it,
  // 1/Z_k: the two agree to rounding.
  eis::CircuitEvaluator evaluator{eis::parse_circuit("R0-p(R1,CPE1)-p(Zarc2,Ha2,C2)-Wo3")};
  std::mt19937_64 rng{7};
  const auto omega = log_omega_grid(150);
  std::vector<Complex> z1(omega.size());
  std::vector<Complex> z2(omega.size());
  std::vector<Complex> jac(omega.size() * evaluator.circuit().parameter_count());
  for (int trial = 0; trial < 20; ++trial) {
    const auto p = random_parameters(evaluator.circuit(), rng);
    evaluator.evaluate(omega, p, z1);
    evaluator.evaluate(omega, p, z2, jac);
    for (std::size_t i = 0; i < omega.size(); ++i) {
      ASSERT_LE(std::abs(z1[i] - z2[i]), 1e-13 * std::abs(z2[i])) << i;
    }
  }
}

TEST(VectorisedEvaluator, ShortedAndOpenAdmittanceChildren) {
  // R1 = 0 shorts its group (Z = 0 there), C2 = 0 drops out of its group: the guarded path
  // with children that hold admittances. Expected: R0 + 0 + R2 = 15 Ω (to rounding).
  eis::CircuitEvaluator evaluator{eis::parse_circuit("R0-p(R1,CPE1)-p(R2,C2)")};
  const std::vector<double> p{10.0, 0.0, 1e-6, 0.9, 5.0, 0.0};
  const auto omega = log_omega_grid(70);
  std::vector<Complex> z(omega.size());
  evaluator.evaluate(omega, p, z);
  for (std::size_t i = 0; i < omega.size(); ++i) {
    EXPECT_NEAR(z[i].real(), 15.0, 1e-13) << i;
    EXPECT_EQ(z[i].imag(), 0.0) << i;
  }
}

TEST(VectorisedEvaluator, PointsGiveTheSameResultAloneAndInABlock) {
  // Each point evaluated alone (a block of 1: Eigen's scalar tail, std::exp/std::log) against
  // the same point inside full blocks (packet path): within 1e-13 relative.
  eis::CircuitEvaluator evaluator{eis::parse_circuit("R0-p(R1,CPE1)-p(R2,CPE2)-CPE3")};
  const std::vector<double> p{50.0, 1e5, 1.1e-11, 0.92, 2e5, 3.4e-9, 0.8, 1e-6, 0.85};
  const auto omega = log_omega_grid(128);
  std::vector<Complex> z(omega.size());
  evaluator.evaluate(omega, p, z);
  for (std::size_t i = 0; i < omega.size(); ++i) {
    std::vector<Complex> one(1);
    evaluator.evaluate(std::span<const double>(&omega[i], 1), p, one);
    EXPECT_LE(std::abs(one[0] - z[i]), 1e-13 * std::abs(z[i])) << i;
  }
}

}  // namespace
