// Tests of eis/drt/regularisation.hpp: kernels against independent quadrature, penalty closed
// forms against numerical integration, and NNLS against problems with known solutions.
#include <cmath>
#include <functional>
#include <numbers>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include <eis/drt/regularisation.hpp>
#include <eis/error.hpp>

#include "support/support.hpp"

namespace {

using eis::drt::Basis;

// Composite Simpson on [-60, 60] with 120001 points: an independent (slow) quadrature.
double simpson(const std::function<double(double)>& f) {
  const int n = 120000;
  const double a = -60.0;
  const double h = 120.0 / n;
  double s = f(a) + f(a + n * h);
  for (int i = 1; i < n; ++i) {
    s += (i % 2 == 1 ? 4.0 : 2.0) * f(a + i * h);
  }
  return s * h / 3.0;
}

TEST(Regularisation, GaussianKernelMatchesDirectQuadrature) {
  const std::vector<double> tau{1e-4, 1e-3, 1e-2};
  const std::vector<double> omega{0.5, 700.0, 3e5};
  for (double eps : {0.7, 3.6}) {
    const auto k = eis::drt::kernel_matrices(omega, tau, Basis::gaussian, eps);
    for (std::size_t i = 0; i < omega.size(); ++i) {
      for (std::size_t m = 0; m < tau.size(); ++m) {
        const double alpha = omega[i] * tau[m];
        const double re = simpson([&](double y) {
          return std::exp(-(eps * y) * (eps * y)) / (1.0 + alpha * alpha * std::exp(2.0 * y));
        });
        const double im = simpson([&](double y) {
          return -alpha * std::exp(-(eps * y) * (eps * y)) /
                 (std::exp(-y) + alpha * alpha * std::exp(y));
        });
        const auto ii = static_cast<Eigen::Index>(i);
        const auto mm = static_cast<Eigen::Index>(m);
        EXPECT_TRUE(eis::test::near_relative(k.real(ii, mm), re, 1e-9, 1e-14));
        EXPECT_TRUE(eis::test::near_relative(k.imag(ii, mm), im, 1e-9, 1e-14));
      }
    }
  }
}

TEST(Regularisation, GaussianPenaltyMatchesIntegralOfDerivatives) {
  const std::vector<double> tau{1e-3, 2e-3, 5e-3};
  const double eps = 1.3;
  const auto p1 = eis::drt::penalty_matrix(tau, Basis::gaussian, 1, eps);
  const auto p2 = eis::drt::penalty_matrix(tau, Basis::gaussian, 2, eps);
  for (std::size_t a = 0; a < tau.size(); ++a) {
    for (std::size_t b = 0; b < tau.size(); ++b) {
      const double ca = std::log(tau[a]);
      const double cb = std::log(tau[b]);
      // φ(x) = exp(−ε²(x−c)²): φ' = −2ε²(x−c)φ, φ'' = (4ε⁴(x−c)² − 2ε²)φ.
      auto phi = [&](double x, double c) { return std::exp(-eps * eps * (x - c) * (x - c)); };
      const double i1 = simpson([&](double y) {
        const double x = y + ca;
        return 4.0 * eps * eps * eps * eps * (x - ca) * (x - cb) * phi(x, ca) * phi(x, cb);
      });
      const double i2 = simpson([&](double y) {
        const double x = y + ca;
        const double da = 4.0 * std::pow(eps, 4) * (x - ca) * (x - ca) - 2.0 * eps * eps;
        const double db = 4.0 * std::pow(eps, 4) * (x - cb) * (x - cb) - 2.0 * eps * eps;
        return da * db * phi(x, ca) * phi(x, cb);
      });
      const auto ai = static_cast<Eigen::Index>(a);
      const auto bi = static_cast<Eigen::Index>(b);
      EXPECT_TRUE(eis::test::near_relative(p1(ai, bi), i1, 1e-8, 1e-12));
      EXPECT_TRUE(eis::test::near_relative(p2(ai, bi), i2, 1e-8, 1e-12));
    }
  }
}

TEST(Regularisation, PiecewiseLinearFirstDerivativeOfLinearProfile) {
  // γ = s·ln τ on a uniform grid: ∫(dγ/d ln τ)² d ln τ = s²·ln(τ_max/τ_min).
  std::vector<double> tau;
  Eigen::VectorXd x(21);
  for (int i = 0; i < 21; ++i) {
    tau.push_back(std::pow(10.0, -5.0 + 0.25 * i));
    x(i) = 3.0 * std::log(tau.back());
  }
  const auto p = eis::drt::penalty_matrix(tau, Basis::piecewise_linear, 1, 1.0);
  EXPECT_TRUE(
      eis::test::near_relative(x.dot(p * x), 9.0 * std::log(tau.back() / tau.front()), 1e-12));
  const auto p2 = eis::drt::penalty_matrix(tau, Basis::piecewise_linear, 2, 1.0);
  EXPECT_NEAR(x.dot(p2 * x), 0.0, 1e-9);
}

TEST(Regularisation, NnlsMatchesKnownSolutions) {
  // Unconstrained optimum (1, 2) is feasible: NNLS returns it.
  Eigen::MatrixXd a(3, 2);
  a << 1, 0, 0, 1, 1, 1;
  Eigen::VectorXd b(3);
  b << 1, 2, 3;
  auto r = eis::drt::solve_nnls(a.transpose() * a, a.transpose() * b);
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(r.x(0), 1.0, 1e-12);
  EXPECT_NEAR(r.x(1), 2.0, 1e-12);
  // b = (−1, 2, 1): the unconstrained optimum has x0 < 0; with x0 = 0 the best x1 minimises
  // (2 − x1)² + (1 − x1)², i.e. x1 = 1.5, and the KKT multiplier of x0 is ≥ 0.
  b << -1, 2, 1;
  r = eis::drt::solve_nnls(a.transpose() * a, a.transpose() * b);
  EXPECT_TRUE(r.converged);
  EXPECT_DOUBLE_EQ(r.x(0), 0.0);
  EXPECT_NEAR(r.x(1), 1.5, 1e-12);
  // A warm start gives the same answer.
  Eigen::VectorXd warm(2);
  warm << 1.0, 1.0;
  const auto w = eis::drt::solve_nnls(a.transpose() * a, a.transpose() * b, warm);
  EXPECT_NEAR(w.x(1), 1.5, 1e-12);
  EXPECT_DOUBLE_EQ(w.x(0), 0.0);
  EXPECT_THROW((void)eis::drt::solve_nnls(Eigen::MatrixXd::Identity(3, 3), Eigen::VectorXd(2)),
               eis::InvalidArgument);
}

// Larger problems exercise the incremental Cholesky up/down-dates (many variables enter and
// leave the passive set). The answer is checked by the KKT conditions of min ½xᵀHx − cᵀx,
// x ≥ 0, which characterise the unique optimum of a positive definite H: x ≥ 0, w = c − Hx ≤ 0
// where x = 0, w = 0 where x > 0. A warm start from a perturbed answer must give the same x.
TEST(Regularisation, NnlsSatisfiesKktOnLargeRandomProblems) {
  std::mt19937_64 rng{11};
  std::normal_distribution<double> nd{0.0, 1.0};
  for (const int p : {40, 150, 300}) {
    Eigen::MatrixXd a(2 * p, p);
    for (Eigen::Index i = 0; i < a.rows(); ++i) {
      for (Eigen::Index k = 0; k < p; ++k) {
        a(i, k) = nd(rng);
      }
    }
    Eigen::VectorXd b(2 * p);
    for (Eigen::Index i = 0; i < b.size(); ++i) {
      b(i) = nd(rng);
    }
    const Eigen::MatrixXd h = a.transpose() * a;
    const Eigen::VectorXd c = a.transpose() * b;
    const auto r = eis::drt::solve_nnls(h, c);
    ASSERT_TRUE(r.converged) << p;
    const Eigen::VectorXd w = c - h * r.x;
    const double tol = 1e-9 * c.cwiseAbs().maxCoeff();
    int positive = 0;
    for (Eigen::Index k = 0; k < p; ++k) {
      ASSERT_GE(r.x(k), 0.0);
      if (r.x(k) > 0.0) {
        ++positive;
        EXPECT_NEAR(w(k), 0.0, tol) << p << " " << k;
      } else {
        EXPECT_LE(w(k), tol) << p << " " << k;
      }
    }
    // Random data leave roughly half the variables at the bound: both sets are exercised.
    EXPECT_GT(positive, p / 5);
    EXPECT_LT(positive, p - p / 5);
    Eigen::VectorXd warm = r.x;
    for (Eigen::Index k = 0; k < p; ++k) {
      warm(k) = k % 3 == 0 ? 0.0 : warm(k) + 0.1;  // wrong active set on purpose
    }
    const auto rw = eis::drt::solve_nnls(h, c, warm);
    ASSERT_TRUE(rw.converged);
    EXPECT_LT((rw.x - r.x).cwiseAbs().maxCoeff(), 1e-8 * (1.0 + r.x.cwiseAbs().maxCoeff()));
  }
}

TEST(Regularisation, ShapeFactorAndNames) {
  std::vector<double> tau;
  for (int i = 0; i < 11; ++i) {
    tau.push_back(std::pow(10.0, -3.0 + 0.1 * i));
  }
  // ε = 0.5·2√(ln 2)/Δ with Δ = ln(10)/10.
  EXPECT_TRUE(
      eis::test::near_relative(eis::drt::gaussian_shape_factor(tau, 0.5),
                               0.5 * 2.0 * std::sqrt(std::log(2.0)) / (std::log(10.0) / 10.0),
                               1e-12));
  EXPECT_EQ(eis::drt::parse_basis("gaussian"), Basis::gaussian);
  EXPECT_EQ(eis::drt::to_string(Basis::piecewise_linear), "piecewise-linear");
  EXPECT_THROW((void)eis::drt::parse_basis("spline"), eis::InvalidArgument);
  EXPECT_THROW((void)eis::drt::kernel_matrices(
                   std::vector<double>{1.0}, std::vector<double>{1.0}, Basis::gaussian, 1.0),
               eis::InvalidArgument);
}

}  // namespace
