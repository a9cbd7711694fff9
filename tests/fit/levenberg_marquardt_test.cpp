// The Levenberg–Marquardt core on analytic least-squares problems with known minima.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include <eis/detail/levenberg_marquardt.hpp>

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
using eis::detail::LmOptions;
using eis::detail::LmProblem;

// Rosenbrock as least squares: r = (10(y − x²), 1 − x); minimum (1, 1), S = 0.
LmProblem rosenbrock() {
  LmProblem p;
  p.residuals = 2;
  p.parameters = 2;
  p.residual = [](const VectorXd& t, VectorXd& r) {
    r(0) = 10.0 * (t(1) - t(0) * t(0));
    r(1) = 1.0 - t(0);
    return true;
  };
  p.residual_jacobian = [](const VectorXd& t, VectorXd& r, MatrixXd& j) {
    r(0) = 10.0 * (t(1) - t(0) * t(0));
    r(1) = 1.0 - t(0);
    j << -20.0 * t(0), 10.0, -1.0, 0.0;
    return true;
  };
  return p;
}

// y = a·exp(−b·x) + c sampled at 30 points, no noise: the fit must return (a, b, c).
LmProblem exponential(const std::vector<double>& x, const std::vector<double>& y) {
  LmProblem p;
  p.residuals = static_cast<Eigen::Index>(x.size());
  p.parameters = 3;
  p.residual = [x, y](const VectorXd& t, VectorXd& r) {
    for (std::size_t i = 0; i < x.size(); ++i) {
      r(static_cast<Eigen::Index>(i)) = y[i] - (t(0) * std::exp(-t(1) * x[i]) + t(2));
    }
    return true;
  };
  p.residual_jacobian = [x, y](const VectorXd& t, VectorXd& r, MatrixXd& j) {
    for (std::size_t i = 0; i < x.size(); ++i) {
      const auto k = static_cast<Eigen::Index>(i);
      const double e = std::exp(-t(1) * x[i]);
      r(k) = y[i] - (t(0) * e + t(2));
      j(k, 0) = -e;
      j(k, 1) = t(0) * x[i] * e;
      j(k, 2) = -1.0;
    }
    return true;
  };
  return p;
}

TEST(LevenbergMarquardt, FindsRosenbrockMinimum) {
  for (const bool geodesic : {false, true}) {
    LmOptions options;
    options.geodesic_acceleration = geodesic;
    const auto result =
        eis::detail::levenberg_marquardt(rosenbrock(), VectorXd{{-1.2, 1.0}}, options);
    EXPECT_EQ(result.termination, eis::Termination::converged) << result.message;
    EXPECT_NEAR(result.theta(0), 1.0, 1e-8);
    EXPECT_NEAR(result.theta(1), 1.0, 1e-8);
    EXPECT_LT(result.cost, 1e-20);
  }
}

TEST(LevenbergMarquardt, RecoversExponentialParameters) {
  std::vector<double> x;
  std::vector<double> y;
  for (int i = 0; i < 30; ++i) {
    x.push_back(0.2 * i);
    y.push_back(2.5 * std::exp(-1.3 * x.back()) + 0.4);
  }
  const auto result =
      eis::detail::levenberg_marquardt(exponential(x, y), VectorXd{{1.0, 0.3, 0.0}}, LmOptions{});
  EXPECT_EQ(result.termination, eis::Termination::converged) << result.message;
  EXPECT_NEAR(result.theta(0), 2.5, 1e-7);
  EXPECT_NEAR(result.theta(1), 1.3, 1e-7);
  EXPECT_NEAR(result.theta(2), 0.4, 1e-7);
  EXPECT_GT(result.iterations, 0);
  EXPECT_GE(result.evaluations, result.iterations);
}

TEST(LevenbergMarquardt, CallbackCancels) {
  LmOptions options;
  int calls = 0;
  options.on_iteration = [&calls](int, double, double, const VectorXd&) {
    ++calls;
    return calls < 2;
  };
  const auto result =
      eis::detail::levenberg_marquardt(rosenbrock(), VectorXd{{-1.2, 1.0}}, options);
  EXPECT_EQ(result.termination, eis::Termination::cancelled);
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(result.iterations, 2);
}

TEST(LevenbergMarquardt, StopsAtIterationLimitKeepingBestPoint) {
  LmOptions options;
  options.max_iterations = 3;
  options.geodesic_acceleration = false;
  const auto result =
      eis::detail::levenberg_marquardt(rosenbrock(), VectorXd{{-1.2, 1.0}}, options);
  EXPECT_EQ(result.termination, eis::Termination::max_iterations);
  // Best point so far has a lower cost than the start (S(−1.2, 1) = 24.2).
  EXPECT_LT(result.cost, 24.2);
}

TEST(LevenbergMarquardt, ReportsNonFiniteStart) {
  LmProblem p = rosenbrock();
  p.residual_jacobian = [](const VectorXd&, VectorXd& r, MatrixXd&) {
    r.setConstant(std::nan(""));
    return false;
  };
  const auto result = eis::detail::levenberg_marquardt(p, VectorXd{{0.0, 0.0}}, LmOptions{});
  EXPECT_EQ(result.termination, eis::Termination::numerical_failure);
  EXPECT_FALSE(result.message.empty());
}

TEST(LevenbergMarquardt, RejectsInfeasibleStepsAndStillConverges) {
  // Residual undefined for x < 0.5 (returns false): r = (x − 2), sqrt-type domain.
  LmProblem p;
  p.residuals = 1;
  p.parameters = 1;
  p.residual = [](const VectorXd& t, VectorXd& r) {
    if (t(0) < 0.5) {
      return false;
    }
    r(0) = std::sqrt(t(0)) - std::sqrt(2.0);
    return true;
  };
  p.residual_jacobian = [&p](const VectorXd& t, VectorXd& r, MatrixXd& j) {
    if (!p.residual(t, r)) {
      return false;
    }
    j(0, 0) = 0.5 / std::sqrt(t(0));
    return true;
  };
  const auto result = eis::detail::levenberg_marquardt(p, VectorXd{{0.6}}, LmOptions{});
  EXPECT_EQ(result.termination, eis::Termination::converged) << result.message;
  EXPECT_NEAR(result.theta(0), 2.0, 1e-8);
}

}  // namespace
