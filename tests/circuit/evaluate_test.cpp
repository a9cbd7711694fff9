// CircuitEvaluator and simulate(): closed forms of nested circuits to 1e-12, the Jacobian through
// series/parallel composition against central differences, both syntaxes giving the same Z,
// guards, preconditions, noise and frequency grids.
#include <algorithm>
#include <cmath>
#include <complex>
#include <iostream>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <eis/circuit/evaluate.hpp>
#include <eis/elements/cpe.hpp>
#include <eis/error.hpp>

#include "support/reference_impedance.hpp"
#include "support/reference_quad.hpp"
#include "support/support.hpp"

namespace {

using eis::Complex;
using eis::test::ComplexL;

// Independent reference: recursion over the tree in long double, series = Σ Z, parallel =
// 1/Σ(1/Z), elements from their closed forms (support/reference_impedance.hpp).
using eis::test::reference_circuit;

#if defined(EIS_TEST_HAVE_QUADMATH)
namespace qp = eis::test::quad_precision;
// The same recursion in quad precision, for central differences that resolve parameters whose
// effect is below long-double resolution (a 0.2 µH lead inductance in series with 1e9 Ω).
qp::Cq reference_quad(const eis::Circuit& c,
                      const eis::Circuit::Node& node,
                      qp::quad omega,
                      const std::vector<qp::quad>& p) {
  using NodeType = eis::Circuit::NodeType;
  if (node.type == NodeType::element) {
    const auto& e = c.elements()[node.element];
    return qp::impedance(
        e.kind, omega, std::span<const qp::quad>(p.data() + e.first_parameter, e.parameter_count));
  }
  qp::Cq sum = qp::real(0);
  for (const auto& child : node.children) {
    const qp::Cq z = reference_quad(c, child, omega, p);
    sum = node.type == NodeType::series ? sum + z : sum + qp::real(1) / z;
  }
  return node.type == NodeType::series ? sum : qp::real(1) / sum;
}
#endif

// Central difference ∂Z/∂p_k of the reference circuit, step 1e-7 (quad) or 1e-5 (long double)
// relative to p_k.
ComplexL reference_derivative(const eis::Circuit& c,
                              double omega,
                              const std::vector<double>& p,
                              std::size_t k) {
#if defined(EIS_TEST_HAVE_QUADMATH)
  std::vector<qp::quad> plus(p.begin(), p.end());
  std::vector<qp::quad> minus(p.begin(), p.end());
  const qp::quad h = qp::quad(1e-7) * plus[k];
  plus[k] += h;
  minus[k] -= h;
  const qp::Cq d =
      (reference_quad(c, c.root(), omega, plus) - reference_quad(c, c.root(), omega, minus)) /
      qp::real(plus[k] - minus[k]);
  return {static_cast<long double>(d.re), static_cast<long double>(d.im)};
#else
  auto plus = p;
  auto minus = p;
  const double h = 1e-5 * p[k];
  plus[k] += h;
  minus[k] -= h;
  return (reference_circuit(c, omega, plus) - reference_circuit(c, omega, minus)) /
         static_cast<long double>(plus[k] - minus[k]);
#endif
}

std::vector<double> omega_grid(std::size_t n) {  // 1e-6 .. 1e9 rad/s
  std::vector<double> omega(n);
  for (std::size_t i = 0; i < n; ++i) {
    omega[i] = std::pow(10.0, -6.0 + 15.0 * static_cast<double>(i) / static_cast<double>(n - 1));
  }
  return omega;
}

struct Case {
  const char* circuit;
  std::vector<double> params;
};

// Typical solid-electrolyte values (pF bulk, nF grain boundary, µF electrode) and wide ranges
// (the elements' own extremes are covered by tests/elements).
const std::vector<Case>& cases() {
  static const std::vector<Case> all{
      {"R0-p(R1,C1)", {10.0, 1e5, 1e-9}},
      {"L0-R0-p(R1,CPE1)-p(R2,CPE2)-CPE3",
       {2e-7, 15.0, 2e5, 3e-11, 0.92, 8e5, 4e-9, 0.8, 2e-6, 0.85}},
      {"R0-p(R1-Wo1,C1)", {20.0, 300.0, 1e3, 5.0, 1e-5}},
      {"p(R1,p(R2-p(R3,CPE3)-Ws3,C2)-W3,C1)",
       {1e6, 2e4, 1e3, 1e-7, 0.7, 50.0, 0.2, 1e-8, 30.0, 1e-12}},
      {"Zarc1-p(G1,Ha1)-L1", {1e4, 1e-3, 0.8, 20.0, 1e-2, 1e5, 1e-6, 0.6, 0.4, 1e-9}},
      {"p(R1,C1,L1,CPE1)-p(R2-C2,R3-L2)", {1e3, 1e-6, 1e-3, 1e-5, 0.5, 10.0, 1e-3, 5.0, 1e-4}},
      {"R0-p(R1,CPE1)", {1e-3, 1e12, 1e-15, 0.01}},
      {"p(Ws1,Wo1)-p(Zarc1,Ha1)", {1e6, 1e2, 1e3, 1e-6, 1e3, 1e-9, 1.0, 1e6, 1e-4, 0.01, 1.0}},
  };
  return all;
}

TEST(CircuitEvaluator, MatchesClosedFormsOfNestedCircuits) {
  const auto omega = omega_grid(301);  // several blocks, the last one partial
  for (const auto& tc : cases()) {
    SCOPED_TRACE(tc.circuit);
    eis::CircuitEvaluator evaluator{eis::parse_circuit(tc.circuit)};
    ASSERT_EQ(evaluator.circuit().parameter_count(), tc.params.size());
    std::vector<Complex> z(omega.size());
    evaluator.evaluate(omega, tc.params, z);
    for (std::size_t i = 0; i < omega.size(); ++i) {
      const ComplexL ref = reference_circuit(evaluator.circuit(), omega[i], tc.params);
      const auto err = static_cast<double>(std::abs(ComplexL(z[i]) - ref) / std::abs(ref));
      ASSERT_LE(err, 1e-12) << "omega = " << omega[i] << ": " << z[i];
    }
  }
}

// Issue 3 criterion through composition: |analytic − numeric| ≤ 1e-6·max(|∂Z/∂p|,
// 1e-6·max_ω|∂Z/∂p|), numeric = central difference of the quad-precision reference.
TEST(CircuitEvaluator, JacobianMatchesCentralDifferences) {
  const auto omega = omega_grid(151);
  double worst = 0.0;
  for (const auto& tc : cases()) {
    SCOPED_TRACE(tc.circuit);
    eis::CircuitEvaluator evaluator{eis::parse_circuit(tc.circuit)};
    const std::size_t n = omega.size();
    const std::size_t np = tc.params.size();
    std::vector<Complex> z(n);
    std::vector<Complex> jac(n * np);
    evaluator.evaluate(omega, tc.params, z, jac);
    std::vector<Complex> z_only(n);
    evaluator.evaluate(omega, tc.params, z_only);
    EXPECT_EQ(z, z_only);
    for (std::size_t k = 0; k < np; ++k) {
      double max_abs = 0.0;
      for (std::size_t i = 0; i < n; ++i) {
        ASSERT_TRUE(std::isfinite(jac[k * n + i].real()) && std::isfinite(jac[k * n + i].imag()));
        max_abs = std::max(max_abs, std::abs(jac[k * n + i]));
      }
      for (std::size_t i = 0; i < n; ++i) {
        const ComplexL numeric = reference_derivative(evaluator.circuit(), omega[i], tc.params, k);
        const double scale = std::max(std::abs(jac[k * n + i]), 1e-6 * max_abs);
        const double ratio =
            static_cast<double>(std::abs(ComplexL(jac[k * n + i]) - numeric)) / scale;
        worst = std::max(worst, ratio);
        ASSERT_LE(ratio, 1e-6) << evaluator.circuit().parameters()[k].name
                               << " at omega = " << omega[i] << ": " << jac[k * n + i];
      }
    }
  }
  std::cout << "[ largest Jacobian discrepancy in circuits: " << worst << " ]\n";
}

TEST(CircuitEvaluator, ImpedancePyAndCdcGiveTheSameZ) {
  const auto omega = omega_grid(97);
  const std::vector<std::pair<const char*, const char*>> pairs{
      {"L0-R0-p(R1,CPE1)-p(R2,CPE2)-CPE3", "LR(RQ)(RQ)Q"},
      {"R0-p(R1-Wo1,C1)", "R([RO]C)"},
      {"R0-p(C1,R1-W1)", "R(C[RW])"},
      {"p(R1,Ws1)-G1-Zarc1-Ha1", "(RT)GZarcHa"}};
  std::mt19937_64 engine{3};
  std::uniform_real_distribution<double> exponent{0.3, 1.0};
  std::uniform_real_distribution<double> decade{-6.0, 3.0};
  for (const auto& [py, cdc] : pairs) {
    SCOPED_TRACE(py);
    const auto a = eis::parse_circuit(py);
    const auto b = eis::parse_circuit(cdc);
    ASSERT_EQ(a.parameter_count(), b.parameter_count());
    std::vector<double> params;
    for (const auto& p : a.parameters()) {
      params.push_back(p.scale == eis::ParameterScale::linear ? exponent(engine)
                                                              : std::pow(10.0, decade(engine)));
    }
    std::vector<double> f(omega.size());
    std::transform(omega.begin(), omega.end(), f.begin(), [](double w) {
      return w / (2.0 * std::numbers::pi);
    });
    EXPECT_EQ(eis::simulate(a, f, params), eis::simulate(b, f, params));
  }
}

TEST(CircuitEvaluator, ZarcEqualsRParallelCpe) {
  const double r = 3e5;
  const double q = 2e-10;
  for (const double n : {0.5, 0.8, 1.0}) {
    const double tau = eis::rq_time_constant_s(r, q, n);  // τ = (RQ)^(1/n)
    const auto f = eis::log_spaced_frequencies_hz(1e-3, 1e8, 10);
    const auto zarc = eis::simulate(eis::parse_circuit("Zarc1"), f, std::vector{r, tau, n});
    const auto rq = eis::simulate(eis::parse_circuit("p(R1,CPE1)"), f, std::vector{r, q, n});
    for (std::size_t i = 0; i < f.size(); ++i) {
      EXPECT_TRUE(eis::test::near_relative(zarc[i], rq[i], 1e-12)) << f[i];
    }
  }
}

TEST(CircuitEvaluator, ShortedBranchMakesParallelZeroWithoutNaN) {
  eis::CircuitEvaluator evaluator{eis::parse_circuit("R0-p(R1,C1)")};
  const std::vector<double> omega{1.0, 1e3};
  std::vector<Complex> z(2);
  std::vector<Complex> jac(6);
  evaluator.evaluate(omega, std::vector{5.0, 0.0, 1e-6}, z, jac);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(z[i], Complex(5.0, 0.0));
    EXPECT_EQ(jac[0 * 2 + i], Complex(1.0, 0.0));  // ∂/∂R0
    EXPECT_EQ(jac[1 * 2 + i], Complex(1.0, 0.0));  // ∂/∂R1 at R1 = 0: Z ≈ R1
    EXPECT_EQ(jac[2 * 2 + i], Complex(0.0, 0.0));  // ∂/∂C1: shorted out
  }
}

TEST(CircuitEvaluator, WrongSizesGiveNaN) {
  eis::CircuitEvaluator evaluator{eis::parse_circuit("R0-p(R1,C1)")};
  const std::vector<double> omega{1.0, 2.0};
  std::vector<Complex> z(2);
  evaluator.evaluate(omega, std::vector{1.0, 2.0}, z);
  EXPECT_TRUE(std::isnan(z[0].real()) && std::isnan(z[1].imag()));
  std::vector<Complex> jac(5);
  evaluator.evaluate(omega, std::vector{1.0, 2.0, 3.0}, z, jac);
  EXPECT_TRUE(std::isnan(z[0].real()) && std::isnan(jac[4].real()));
  std::vector<Complex> z_short(1);
  evaluator.evaluate(omega, std::vector{1.0, 2.0, 3.0}, z_short);
  EXPECT_TRUE(std::isnan(z_short[0].real()));
}

TEST(CircuitEvaluator, BlocksDoNotChangeResults) {
  eis::CircuitEvaluator evaluator{eis::parse_circuit("R0-p(R1,CPE1)-Wo1")};
  const std::vector<double> params{10.0, 1e4, 1e-8, 0.9, 100.0, 2.0};
  const auto omega = omega_grid(1000);
  std::vector<Complex> z(omega.size());
  std::vector<Complex> jac(omega.size() * params.size());
  evaluator.evaluate(omega, params, z, jac);
  for (std::size_t i = 0; i < omega.size(); i += 37) {
    std::vector<Complex> one(1);
    std::vector<Complex> one_jac(params.size());
    evaluator.evaluate(std::span(&omega[i], 1), params, one, one_jac);
    EXPECT_EQ(one[0], z[i]);
    for (std::size_t k = 0; k < params.size(); ++k) {
      EXPECT_EQ(one_jac[k], jac[k * omega.size() + i]);
    }
  }
  std::vector<Complex> none;
  evaluator.evaluate({}, params, none);  // N = 0 is fine
}

TEST(CircuitEvaluator, EmptyCircuitIsZero) {
  eis::CircuitEvaluator evaluator{eis::Circuit{}};
  const std::vector<double> omega{1.0, 2.0};
  std::vector<Complex> z(2, Complex(7.0, 7.0));
  evaluator.evaluate(omega, {}, z);
  EXPECT_EQ(z[0], Complex(0.0, 0.0));
}

TEST(Simulate, RejectsBadInputNamingIt) {
  const auto c = eis::parse_circuit("R0-p(R1,CPE1)");
  const std::vector<double> f{1.0, 0.0};
  try {
    (void)eis::simulate(c, std::vector{1.0}, std::vector{1.0, 2.0, 3.0});
    ADD_FAILURE();
  } catch (const eis::InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("4 parameters (R0, R1, CPE1_0, CPE1_1)"),
              std::string::npos)
        << e.what();
  }
  try {
    (void)eis::simulate(c, f, std::vector{1.0, 2.0, 3.0, 0.5});
    ADD_FAILURE();
  } catch (const eis::InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("index 1"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)eis::simulate(c, std::vector{1.0}, std::vector{1.0, std::nan(""), 3.0, 0.5}),
               eis::InvalidArgument);
}

TEST(Simulate, NoiseIsReproducibleAndHasTheRequestedSize) {
  const auto c = eis::parse_circuit("R0-p(R1,C1)");
  const auto f = eis::log_spaced_frequencies_hz(1e-2, 1e6, 2500);
  const std::vector<double> p{10.0, 1e5, 1e-9};
  const auto clean = eis::simulate(c, f, p);
  const auto a = eis::simulate_with_noise(c, f, p, {.relative_noise = 0.01, .seed = 5});
  const auto b = eis::simulate_with_noise(c, f, p, {.relative_noise = 0.01, .seed = 5});
  const auto other = eis::simulate_with_noise(c, f, p, {.relative_noise = 0.01, .seed = 6});
  EXPECT_EQ(a, b);
  EXPECT_NE(a, other);
  EXPECT_EQ(eis::simulate_with_noise(c, f, p, {}), clean);
  // (ΔZ'/|Z|, ΔZ''/|Z|) are 2N independent N(0, 0.01²) draws: their mean square is 1e-4 within
  // a few percent (relative standard error √(2/(2N)) ≈ 1 % for N = 20001).
  double sum_sq = 0.0;
  double sum = 0.0;
  for (std::size_t i = 0; i < f.size(); ++i) {
    const Complex d = (a[i] - clean[i]) / std::abs(clean[i]);
    sum_sq += d.real() * d.real() + d.imag() * d.imag();
    sum += d.real() + d.imag();
  }
  const double m = static_cast<double>(2 * f.size());
  EXPECT_NEAR(sum_sq / m, 1e-4, 5e-6);
  EXPECT_NEAR(sum / m, 0.0, 4.0 * 0.01 / std::sqrt(m));
  EXPECT_THROW((void)eis::simulate_with_noise(c, f, p, {.relative_noise = -1.0}),
               eis::InvalidArgument);
}

TEST(LogSpacedFrequencies, WholeDecadesAndRemainders) {
  const auto f = eis::log_spaced_frequencies_hz(1e-2, 1e6, 10);
  ASSERT_EQ(f.size(), 81u);
  EXPECT_EQ(f.front(), 1e6);
  EXPECT_EQ(f.back(), 1e-2);
  for (std::size_t i = 1; i < f.size(); ++i) {
    EXPECT_TRUE(eis::test::near_relative(f[i] / f[i - 1], std::pow(10.0, -0.1), 1e-12));
  }
  EXPECT_EQ(eis::log_spaced_frequencies_hz(1.0, 5.0, 1).size(), 2u);
  EXPECT_EQ(eis::log_spaced_frequencies_hz(3.0, 3.0, 7), std::vector<double>{3.0});
  EXPECT_THROW((void)eis::log_spaced_frequencies_hz(0.0, 1.0, 10), eis::InvalidArgument);
  EXPECT_THROW((void)eis::log_spaced_frequencies_hz(2.0, 1.0, 10), eis::InvalidArgument);
  EXPECT_THROW((void)eis::log_spaced_frequencies_hz(1.0, 10.0, 0), eis::InvalidArgument);
}

}  // namespace
