#include <algorithm>
#include <cmath>

#include <Eigen/QR>

#include <eis/detail/levenberg_marquardt.hpp>

namespace eis::detail {

namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

// Minimises ‖R δ + qtr‖² + μ‖D^{1/2} δ‖² through the QR factorisation of the augmented
// 2M×M system [R; √(μD)] (METHODS.md §3.3: QR of the augmented system rather than the
// normal equations, which would square the condition number).
class DampedSolver {
 public:
  void factor(const MatrixXd& r_factor, const VectorXd& scaling, double mu) {
    const Index n = r_factor.cols();
    augmented_.resize(2 * n, n);
    augmented_.topRows(n) = r_factor;
    augmented_.bottomRows(n).setZero();
    augmented_.bottomRows(n).diagonal() = (mu * scaling).cwiseSqrt();
    qr_.compute(augmented_);
  }
  VectorXd solve(const VectorXd& qtr) const {
    const Index n = qtr.size();
    VectorXd rhs = VectorXd::Zero(2 * n);
    rhs.head(n) = -qtr;
    return qr_.solve(rhs);
  }

 private:
  MatrixXd augmented_;
  Eigen::HouseholderQR<MatrixXd> qr_;
};

}  // namespace

LmResult levenberg_marquardt(const LmProblem& problem,
                             const VectorXd& theta0,
                             const LmOptions& options) {
  const Index m = problem.residuals;
  const Index n = problem.parameters;
  LmResult result;
  result.theta = theta0;
  VectorXd theta = theta0;
  VectorXd r(m);
  VectorXd r_try(m);
  VectorXd r_h(m);
  MatrixXd jacobian(m, n);
  int evaluations = 1;
  if (!problem.residual_jacobian(theta, r, jacobian) || !r.allFinite() || !jacobian.allFinite()) {
    result.evaluations = evaluations;
    result.message = "the model or its Jacobian is not finite at the initial parameters";
    return result;
  }
  double cost = r.squaredNorm();
  result.cost = cost;
  auto finish = [&](Termination termination, std::string message) {
    result.theta = theta;
    result.cost = cost;
    result.evaluations = evaluations;
    result.termination = termination;
    result.message = std::move(message);
    return result;
  };
  if (n == 0) {
    return finish(Termination::converged, "no free parameters");
  }
  // Marquardt scaling D = diag(JᵀJ), kept as the running maximum (as MINPACK does) so the
  // scaling cannot collapse when a parameter temporarily loses influence.
  VectorXd scaling = jacobian.colwise().squaredNorm().transpose();
  auto floor_scaling = [&scaling]() {
    const double largest = scaling.maxCoeff();
    const double floor = std::isfinite(largest) && largest > 0.0 ? 1e-12 * largest : 1.0;
    for (Index k = 0; k < scaling.size(); ++k) {
      if (!(scaling(k) > floor)) {
        scaling(k) = floor;
      }
    }
  };
  floor_scaling();
  double mu = options.initial_damping;
  double nu = 2.0;
  DampedSolver solver;
  Eigen::HouseholderQR<MatrixXd> qr;
  int iteration = 0;
  for (;;) {
    if (cost == 0.0) {
      return finish(Termination::converged, "exact fit (zero residual)");
    }
    const VectorXd gradient = jacobian.transpose() * r;
    if (gradient.lpNorm<Eigen::Infinity>() <= options.gtol * cost) {
      return finish(Termination::converged, "gradient below tolerance");
    }
    if (iteration >= options.max_iterations) {
      return finish(Termination::max_iterations, "maximum number of iterations reached");
    }
    qr.compute(jacobian);
    const MatrixXd r_factor = qr.matrixQR().topRows(n).triangularView<Eigen::Upper>();
    const VectorXd qtr = (qr.householderQ().adjoint() * r).head(n);
    for (;;) {
      if (evaluations >= options.max_evaluations) {
        return finish(Termination::max_iterations, "maximum number of model evaluations reached");
      }
      solver.factor(r_factor, scaling, mu);
      VectorXd delta = solver.solve(qtr);
      if (!delta.allFinite()) {
        return finish(Termination::numerical_failure, "the damped step is not finite");
      }
      // Trust-region safeguard: a single step never moves a log-parameter by more than
      // e^max_step, so a poor start cannot throw the model into overflow.
      const double largest = delta.lpNorm<Eigen::Infinity>();
      if (largest > options.max_step) {
        delta *= options.max_step / largest;
      }
      const VectorXd j_delta = jacobian * delta;
      const double predicted = cost - (r + j_delta).squaredNorm();
      VectorXd step = delta;
      if (options.geodesic_acceleration) {
        // Geodesic acceleration (Transtrum & Sethna, arXiv:1201.5885): second directional
        // derivative by finite differences, r'' ≈ (2/h)[(r(θ+hδ) − r)/h − Jδ], h = 0.1;
        // accepted only while 2‖a‖/‖δ‖ ≤ 0.75.
        constexpr double h = 0.1;
        ++evaluations;
        if (problem.residual(theta + h * delta, r_h) && r_h.allFinite()) {
          const VectorXd second = (2.0 / h) * ((r_h - r) / h - j_delta);
          const VectorXd qts = (qr.householderQ().adjoint() * second).head(n);
          const VectorXd acceleration = solver.solve(qts);
          if (acceleration.allFinite() && 2.0 * acceleration.norm() <= 0.75 * delta.norm()) {
            step += 0.5 * acceleration;
          }
        }
      }
      const VectorXd theta_try = theta + step;
      ++evaluations;
      const bool finite = problem.residual(theta_try, r_try) && r_try.allFinite();
      const double cost_try =
          finite ? r_try.squaredNorm() : std::numeric_limits<double>::infinity();
      const double step_norm = step.norm();
      if (cost_try < cost) {
        const double actual = cost - cost_try;
        const double rho = predicted > 0.0 ? actual / predicted : 1.0;
        // Nielsen's damping update (Madsen, Nielsen & Tingleff 2004, §3.2).
        const double t = 2.0 * rho - 1.0;
        mu *= std::max(1.0 / 3.0, 1.0 - t * t * t);
        mu = std::max(mu, 1e-15);
        nu = 2.0;
        const double previous_cost = cost;
        theta = theta_try;
        ++evaluations;
        if (!problem.residual_jacobian(theta, r, jacobian) || !r.allFinite() ||
            !jacobian.allFinite()) {
          // Fall back to the accepted residual; report the best point.
          r = r_try;
          cost = cost_try;
          return finish(Termination::numerical_failure, "the Jacobian is not finite");
        }
        cost = r.squaredNorm();
        ++iteration;
        result.iterations = iteration;
        if (options.on_iteration && !options.on_iteration(iteration, cost, mu, theta)) {
          return finish(Termination::cancelled, "cancelled by the progress callback");
        }
        if (actual <= options.ftol * previous_cost &&
            std::abs(predicted) <= options.ftol * previous_cost) {
          return finish(Termination::converged, "relative decrease of chi-square below tolerance");
        }
        if (step_norm <= options.xtol * (theta.norm() + options.xtol)) {
          return finish(Termination::converged, "relative step below tolerance");
        }
        scaling = scaling.cwiseMax(jacobian.colwise().squaredNorm().transpose());
        floor_scaling();
        break;
      }
      mu *= nu;
      nu *= 2.0;
      if (step_norm <= options.xtol * (theta.norm() + options.xtol)) {
        return finish(Termination::converged, "relative step below tolerance");
      }
      if (!(mu < 1e30)) {
        return finish(Termination::converged, "no further decrease of chi-square is possible");
      }
    }
  }
}

}  // namespace eis::detail
