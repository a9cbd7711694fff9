// compute_log_omega() (issue 10 follow-up: fits precompute ln ω once): its values against
// std::log, and evaluate_log_omega() with them against evaluate() bit for bit (Z and Jacobian),
// including a tail block and a block that takes the scalar fallback (ω = 0 in it).
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <eis/circuit/evaluate.hpp>

namespace {

using eis::Complex;

std::vector<double> omega_grid(std::size_t n) {
  std::vector<double> omega(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = n > 1 ? static_cast<double>(i) / static_cast<double>(n - 1) : 0.5;
    omega[i] = 2.0 * 3.141592653589793 * 1e7 * std::pow(1e-9, t);
  }
  return omega;
}

TEST(ComputeLogOmega, AgreesWithStdLog) {
  const auto omega = omega_grid(203);  // 3 blocks of 64 and a tail of 11
  std::vector<double> ln_omega(omega.size());
  eis::compute_log_omega(omega, ln_omega);
  for (std::size_t i = 0; i < omega.size(); ++i) {
    // Eigen's vectorised log is within about 1 ulp of the correctly rounded value.
    const double expected = std::log(omega[i]);
    EXPECT_NEAR(ln_omega[i],
                expected,
                4.0 * std::numeric_limits<double>::epsilon() * std::max(1.0, std::abs(expected)))
        << "i = " << i;
  }
}

TEST(ComputeLogOmega, SizeMismatchGivesNaN) {
  const auto omega = omega_grid(10);
  std::vector<double> ln_omega(9, 1.0);
  eis::compute_log_omega(omega, ln_omega);
  for (const double v : ln_omega) {
    EXPECT_TRUE(std::isnan(v));
  }
}

void expect_bitwise_equal(const std::vector<Complex>& a, const std::vector<Complex>& b) {
  ASSERT_EQ(a.size(), b.size());
  std::size_t differing = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const bool same_re =
        a[i].real() == b[i].real() || (std::isnan(a[i].real()) && std::isnan(b[i].real()));
    const bool same_im =
        a[i].imag() == b[i].imag() || (std::isnan(a[i].imag()) && std::isnan(b[i].imag()));
    differing += same_re && same_im ? 0 : 1;
  }
  EXPECT_EQ(differing, 0U);
}

TEST(ComputeLogOmega, EvaluateLogOmegaEqualsEvaluateBitForBit) {
  const std::vector<std::pair<std::string, std::vector<double>>> cases{
      {"R0-p(R1,CPE1)-p(R2,CPE2)-CPE3", {50.0, 1e5, 3e-11, 0.92, 2e5, 4e-9, 0.8, 2e-6, 0.85}},
      {"R0-p(R1,C1)-W1-G1", {10.0, 1e3, 1e-9, 300.0, 100.0, 1e-2}},
      {"R0-Zarc1-Ws1-L1", {5.0, 1e4, 1e-3, 0.8, 200.0, 0.1, 1e-7}},
      {"p(R0,CPE0,Wo0)-Ha0", {1e6, 1e-10, 0.7, 1e3, 1.0, 1e4, 1e-4, 0.8, 0.6}},
  };
  for (const std::size_t n : {std::size_t{1}, std::size_t{64}, std::size_t{203}}) {
    for (const bool fallback : {false, true}) {
      auto omega = omega_grid(n);
      if (fallback && n > 70) {
        omega[70] = 0.0;  // second block: vector_log falls back to std::log for the block
      }
      std::vector<double> ln_omega(n);
      eis::compute_log_omega(omega, ln_omega);
      for (const auto& [text, params] : cases) {
        SCOPED_TRACE(text + ", n = " + std::to_string(n) + (fallback ? ", fallback" : ""));
        eis::CircuitEvaluator evaluator{eis::parse_circuit(text)};
        ASSERT_EQ(evaluator.circuit().parameter_count(), params.size());
        const std::size_t jn = n * params.size();
        std::vector<Complex> z(n), z_log(n), jz(n), jz_log(n), jac(jn), jac_log(jn);
        evaluator.evaluate(omega, params, z);
        evaluator.evaluate_log_omega(omega, ln_omega, params, z_log);
        evaluator.evaluate(omega, params, jz, jac);
        evaluator.evaluate_log_omega(omega, ln_omega, params, jz_log, jac_log);
        expect_bitwise_equal(z, z_log);
        expect_bitwise_equal(jz, jz_log);
        expect_bitwise_equal(jac, jac_log);
        // Not vacuous: the normal points are finite.
        EXPECT_TRUE(std::isfinite(z.front().real()) && std::isfinite(z.front().imag()));
      }
    }
  }
}

}  // namespace
