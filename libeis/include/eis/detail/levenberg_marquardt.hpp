/// @file
/// Levenberg–Marquardt core on an abstract residual/Jacobian callback (METHODS.md §3.3):
/// Marquardt scaling, QR of the augmented system, Nielsen damping update, optional geodesic
/// acceleration and a step-length safeguard. Used by fit_circuit(); no stability promise.
#pragma once

#include <functional>
#include <limits>
#include <string>

#include <Eigen/Core>

#include <eis/fit/options.hpp>

namespace eis::detail {

/// A least-squares problem min ‖r(θ)‖². Both callbacks return false when r (or J) is not
/// finite at θ; the solver then treats θ as infeasible.
struct LmProblem {
  Eigen::Index residuals = 0;
  Eigen::Index parameters = 0;
  std::function<bool(const Eigen::VectorXd& theta, Eigen::VectorXd& r)> residual;
  std::function<bool(const Eigen::VectorXd& theta, Eigen::VectorXd& r, Eigen::MatrixXd& jacobian)>
      residual_jacobian;
};

struct LmOptions {
  int max_iterations = 200;
  int max_evaluations = 20000;  ///< residual evaluations plus Jacobian evaluations
  double xtol = 1e-10;          ///< ‖δ‖ ≤ xtol·(‖θ‖ + xtol)
  double ftol = 1e-10;          ///< relative actual and predicted decrease of S
  double gtol = 1e-12;          ///< ‖Jᵀr‖_∞ ≤ gtol·S
  bool geodesic_acceleration = true;
  double max_step = 4.0;  ///< safeguard: ‖δ‖_∞ in θ per iteration (4 = factor e⁴ in log space)
  double initial_damping = 1e-3;
  /// After each iteration: (iteration, S, μ, θ); return false to cancel.
  std::function<bool(int, double, double, const Eigen::VectorXd&)> on_iteration = {};
};

struct LmResult {
  Eigen::VectorXd theta;                                   ///< best point found
  double cost = std::numeric_limits<double>::quiet_NaN();  ///< S = ‖r‖² at theta
  int iterations = 0;
  int evaluations = 0;
  Termination termination = Termination::numerical_failure;
  std::string message;
};

/// Minimises ‖r(θ)‖² from theta0. Never throws for numerical reasons; exceptions thrown by the
/// callbacks propagate.
[[nodiscard]] LmResult levenberg_marquardt(const LmProblem& problem,
                                           const Eigen::VectorXd& theta0,
                                           const LmOptions& options);

}  // namespace eis::detail
