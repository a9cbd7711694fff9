#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include <eis/circuit/evaluate.hpp>
#include <eis/conductivity/tied_fit.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>
#include <eis/units.hpp>

namespace eis {
namespace {

/// Transform of one local parameter between user units p and fitted θ (METHODS.md §3.4):
/// ln p for positive parameters, logistic for bounded ones.
struct Transform {
  bool log = true;
  double lower = 0.0;
  double upper = 1.0;
  [[nodiscard]] double to_p(double theta) const {
    return log ? std::exp(theta) : lower + (upper - lower) / (1.0 + std::exp(-theta));
  }
  [[nodiscard]] double to_theta(double p) const {
    if (log) {
      return std::log(p);
    }
    const double u = std::clamp((p - lower) / (upper - lower), 1e-9, 1.0 - 1e-9);
    return std::log(u / (1.0 - u));
  }
  /// dp/dθ at θ.
  [[nodiscard]] double derivative(double theta) const {
    if (log) {
      return std::exp(theta);
    }
    const double s = 1.0 / (1.0 + std::exp(-theta));
    return (upper - lower) * s * (1.0 - s);
  }
};

struct Block {
  std::vector<double> omega;
  std::vector<Complex> data;
  std::vector<double> inv_modulus;  // √w = 1/|Z_data| (modulus weighting, METHODS.md §3.2)
  double temperature_k = 0.0;
  Eigen::VectorXd theta;  // local parameters (all but R_bulk), fitted space
};

}  // namespace

bool TiedFitResult::usable() const noexcept {
  return termination == Termination::converged && std::isfinite(ea_ev) &&
         std::isfinite(ln_sigma0) && std::isfinite(chi_square);
}

TiedFitResult fit_tied_bulk_arrhenius(const Circuit& circuit,
                                      std::size_t bulk_parameter,
                                      std::span<const SpectrumView> spectra,
                                      std::span<const double> temperatures_k,
                                      std::span<const std::vector<double>> initial,
                                      const CellGeometry& geometry,
                                      const TiedFitOptions& options) {
  const std::size_t n_params = circuit.parameter_count();
  if (bulk_parameter >= n_params) {
    throw InvalidArgument("fit_tied_bulk_arrhenius: bulk parameter index out of range");
  }
  if (spectra.size() < 3 || temperatures_k.size() != spectra.size() ||
      initial.size() != spectra.size()) {
    throw InvalidArgument(
        "fit_tied_bulk_arrhenius needs at least 3 spectra with one temperature and one start "
        "each");
  }
  if (auto why = geometry.validate()) {
    throw InvalidArgument("invalid cell geometry: " + *why);
  }
  const double l_over_a = geometry.cell_constant_per_cm();
  const double k_b = units::boltzmann_ev_per_k;
  const auto params = circuit.parameters();
  std::vector<std::size_t> local_index;  // circuit index of each local parameter
  std::vector<Transform> transforms;
  for (std::size_t q = 0; q < n_params; ++q) {
    if (q == bulk_parameter) {
      continue;
    }
    local_index.push_back(q);
    Transform t;
    t.log = params[q].scale == ParameterScale::log;
    t.lower = params[q].lower;
    t.upper = params[q].upper;
    transforms.push_back(t);
  }
  const auto m = static_cast<Eigen::Index>(local_index.size());

  // Blocks and the start of the shared parameters: y = ln(R·A/(L·T)) = −ln σ0 + E_a·x with
  // x = 1/(k_B·T) (the law rearranged), by least squares over the starts.
  std::vector<Block> blocks(spectra.size());
  double sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0;
  std::size_t total_points = 0;
  for (std::size_t i = 0; i < spectra.size(); ++i) {
    validate_spectrum(spectra[i], 3);
    const double t = temperatures_k[i];
    if (!std::isfinite(t) || t <= 0.0) {
      throw InvalidArgument("fit_tied_bulk_arrhenius: temperatures must be finite and > 0 K");
    }
    if (initial[i].size() != n_params) {
      throw InvalidArgument("fit_tied_bulk_arrhenius: start " + eis::detail::to_text(i) + " has " +
                            eis::detail::to_text(initial[i].size()) + " values, the circuit " +
                            eis::detail::to_text(n_params));
    }
    Block& b = blocks[i];
    b.temperature_k = t;
    b.omega = angular_frequencies(spectra[i].frequency_hz);
    b.data.assign(spectra[i].impedance_ohm.begin(), spectra[i].impedance_ohm.end());
    for (const Complex& z : b.data) {
      if (std::abs(z) == 0.0) {
        throw InvalidArgument("fit_tied_bulk_arrhenius: |Z| = 0 leaves modulus weights undefined");
      }
      b.inv_modulus.push_back(1.0 / std::abs(z));
    }
    total_points += b.data.size();
    b.theta.resize(m);
    for (Eigen::Index k = 0; k < m; ++k) {
      const double p = initial[i][local_index[static_cast<std::size_t>(k)]];
      const Transform& tr = transforms[static_cast<std::size_t>(k)];
      if (!std::isfinite(p) || p < tr.lower || p > tr.upper || (tr.log && p <= 0.0)) {
        throw InvalidArgument("fit_tied_bulk_arrhenius: start value " + eis::detail::to_text(p) +
                              " of " + params[local_index[static_cast<std::size_t>(k)]].name +
                              " is outside its bounds");
      }
      b.theta[k] = tr.to_theta(p);
    }
    const double r = initial[i][bulk_parameter];
    if (!(r > 0.0)) {
      throw InvalidArgument("fit_tied_bulk_arrhenius: bulk resistance starts must be > 0");
    }
    const double x = 1.0 / (k_b * t);
    const double y = std::log(r / (l_over_a * t));
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const double n_sp = static_cast<double>(spectra.size());
  const double det = n_sp * sxx - sx * sx;
  if (!(det > 0.0)) {
    throw InvalidArgument("fit_tied_bulk_arrhenius needs at least 2 distinct temperatures");
  }
  Eigen::Vector2d g;  // (ln σ0, E_a)
  g[1] = (n_sp * sxy - sx * sy) / det;
  g[0] = -(sy - g[1] * sx) / n_sp;

  CircuitEvaluator evaluator(circuit);
  std::vector<Complex> z;
  std::vector<Complex> jac;
  std::vector<double> p(n_params);

  // Residuals (and, when wanted, local and shared Jacobian blocks) of spectrum i.
  auto evaluate = [&](const Block& b,
                      const Eigen::VectorXd& theta,
                      const Eigen::Vector2d& shared,
                      Eigen::VectorXd& r,
                      Eigen::MatrixXd* j_local,
                      Eigen::MatrixXd* j_shared) -> bool {
    const std::size_t n = b.omega.size();
    for (Eigen::Index k = 0; k < m; ++k) {
      p[local_index[static_cast<std::size_t>(k)]] =
          transforms[static_cast<std::size_t>(k)].to_p(theta[k]);
    }
    const double r_bulk =
        l_over_a * b.temperature_k * std::exp(-shared[0] + shared[1] / (k_b * b.temperature_k));
    p[bulk_parameter] = r_bulk;
    z.resize(n);
    r.resize(static_cast<Eigen::Index>(2 * n));
    if (j_local != nullptr) {
      jac.resize(n * n_params);
      evaluator.evaluate(b.omega, p, z, jac);
    } else {
      evaluator.evaluate(b.omega, p, z);
    }
    for (std::size_t i = 0; i < n; ++i) {
      const Complex d = (b.data[i] - z[i]) * b.inv_modulus[i];
      r[static_cast<Eigen::Index>(2 * i)] = d.real();
      r[static_cast<Eigen::Index>(2 * i + 1)] = d.imag();
    }
    if (!r.allFinite()) {
      return false;
    }
    if (j_local != nullptr) {
      j_local->resize(static_cast<Eigen::Index>(2 * n), m);
      j_shared->resize(static_cast<Eigen::Index>(2 * n), 2);
      for (Eigen::Index k = 0; k < m; ++k) {
        const std::size_t q = local_index[static_cast<std::size_t>(k)];
        const double dp = transforms[static_cast<std::size_t>(k)].derivative(theta[k]);
        for (std::size_t i = 0; i < n; ++i) {
          const Complex d = -jac[q * n + i] * b.inv_modulus[i] * dp;
          (*j_local)(static_cast<Eigen::Index>(2 * i), k) = d.real();
          (*j_local)(static_cast<Eigen::Index>(2 * i + 1), k) = d.imag();
        }
      }
      // ∂R_b/∂ln σ0 = −R_b, ∂R_b/∂E_a = R_b/(k_B·T).
      for (std::size_t i = 0; i < n; ++i) {
        const Complex d = -jac[bulk_parameter * n + i] * b.inv_modulus[i] * r_bulk;
        const double c1 = 1.0 / (k_b * b.temperature_k);
        (*j_shared)(static_cast<Eigen::Index>(2 * i), 0) = -d.real();
        (*j_shared)(static_cast<Eigen::Index>(2 * i + 1), 0) = -d.imag();
        (*j_shared)(static_cast<Eigen::Index>(2 * i), 1) = d.real() * c1;
        (*j_shared)(static_cast<Eigen::Index>(2 * i + 1), 1) = d.imag() * c1;
      }
      return j_local->allFinite() && j_shared->allFinite();
    }
    return true;
  };

  auto total_cost =
      [&](const std::vector<Eigen::VectorXd>& thetas, const Eigen::Vector2d& shared, double& cost) {
        cost = 0.0;
        Eigen::VectorXd r;
        for (std::size_t i = 0; i < blocks.size(); ++i) {
          if (!evaluate(blocks[i], thetas[i], shared, r, nullptr, nullptr)) {
            return false;
          }
          cost += r.squaredNorm();
        }
        return true;
      };

  std::vector<Eigen::VectorXd> thetas(blocks.size());
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    thetas[i] = blocks[i].theta;
  }
  TiedFitResult result;
  double cost = 0.0;
  if (!total_cost(thetas, g, cost)) {
    result.message = "the model is not finite at the start";
    return result;
  }
  const std::size_t nb = blocks.size();
  std::vector<Eigen::MatrixXd> u(nb), w(nb);
  std::vector<Eigen::VectorXd> bl(nb);
  Eigen::Matrix2d v;
  Eigen::Vector2d bg;
  // Builds the arrow-shaped normal equations: U_i = J_iᵀJ_i, W_i = J_iᵀG_i, V = ΣG_iᵀG_i.
  auto build = [&]() {
    v.setZero();
    bg.setZero();
    Eigen::VectorXd r;
    Eigen::MatrixXd jl, js;
    for (std::size_t i = 0; i < nb; ++i) {
      if (!evaluate(blocks[i], thetas[i], g, r, &jl, &js)) {
        return false;
      }
      u[i] = jl.transpose() * jl;
      w[i] = jl.transpose() * js;
      bl[i] = jl.transpose() * r;
      v += js.transpose() * js;
      bg += js.transpose() * r;
    }
    return true;
  };

  double mu = 1e-3;
  result.termination = Termination::max_iterations;
  result.message = "iteration limit reached";
  bool have_normal = build();
  if (!have_normal) {
    result.termination = Termination::numerical_failure;
    result.message = "the Jacobian is not finite at the start";
    return result;
  }
  for (int it = 0; it < options.max_iterations; ++it) {
    result.iterations = it + 1;
    bool accepted = false;
    while (mu < 1e16) {
      // Schur complement on the shared parameters (damped, Marquardt scaling).
      Eigen::Matrix2d s = v;
      s.diagonal() += mu * v.diagonal().cwiseMax(1e-300);
      Eigen::Vector2d rhs = -bg;
      std::vector<Eigen::LDLT<Eigen::MatrixXd>> solvers(nb);
      for (std::size_t i = 0; i < nb; ++i) {
        Eigen::MatrixXd ud = u[i];
        ud.diagonal() += mu * u[i].diagonal().cwiseMax(1e-300);
        solvers[i].compute(ud);
        s -= w[i].transpose() * solvers[i].solve(w[i]);
        rhs += w[i].transpose() * solvers[i].solve(bl[i]);
      }
      const Eigen::Vector2d dg = s.ldlt().solve(rhs);
      std::vector<Eigen::VectorXd> trial(nb);
      bool finite = dg.allFinite();
      for (std::size_t i = 0; i < nb && finite; ++i) {
        Eigen::VectorXd d = solvers[i].solve(-bl[i] - w[i] * dg);
        finite = d.allFinite();
        // Safeguard: at most a factor e⁴ per iteration in log space (as fit_circuit).
        const double big = d.cwiseAbs().maxCoeff();
        if (big > 4.0) {
          d *= 4.0 / big;
        }
        trial[i] = thetas[i] + d;
      }
      Eigen::Vector2d g_trial = g + dg;
      double trial_cost = 0.0;
      if (finite && total_cost(trial, g_trial, trial_cost) && trial_cost < cost) {
        const double decrease = (cost - trial_cost) / cost;
        thetas = std::move(trial);
        g = g_trial;
        cost = trial_cost;
        mu = std::max(mu / 3.0, 1e-12);
        accepted = true;
        if (decrease < options.function_tolerance) {
          result.termination = Termination::converged;
          result.message = "relative decrease of chi-square below tolerance";
        }
        break;
      }
      mu *= 4.0;
    }
    if (!accepted) {
      // No damping gives a decrease: the point is a minimum to working precision.
      result.termination = Termination::converged;
      result.message = "no further decrease possible (minimum reached)";
    }
    if (!build()) {
      result.termination = Termination::numerical_failure;
      result.message = "the Jacobian is not finite";
      break;
    }
    if (result.termination == Termination::converged) {
      break;
    }
  }

  // Covariance of the shared parameters: s²·(V − Σ W_iᵀU_i⁻¹W_i)⁻¹ (the Schur complement is
  // the inverse of the shared block of (JᵀJ)⁻¹), s² = S/ν (METHODS.md §3.5).
  Eigen::Matrix2d s0 = v;
  for (std::size_t i = 0; i < nb; ++i) {
    const Eigen::MatrixXd u_pinv = u[i].completeOrthogonalDecomposition().pseudoInverse();
    s0 -= w[i].transpose() * u_pinv * w[i];
  }
  const std::size_t n_free = 2 + nb * static_cast<std::size_t>(m);
  result.degrees_of_freedom = 2 * total_points > n_free ? 2 * total_points - n_free : 0;
  result.chi_square = cost;
  result.ln_sigma0 = g[0];
  result.ea_ev = g[1];
  if (result.degrees_of_freedom > 0) {
    const Eigen::Matrix2d cov = (cost / static_cast<double>(result.degrees_of_freedom)) *
                                s0.completeOrthogonalDecomposition().pseudoInverse();
    result.ln_sigma0_stderr = std::sqrt(std::max(cov(0, 0), 0.0));
    result.ea_stderr_ev = std::sqrt(std::max(cov(1, 1), 0.0));
    result.correlation = cov(0, 1) / (result.ln_sigma0_stderr * result.ea_stderr_ev);
  }
  for (std::size_t i = 0; i < nb; ++i) {
    std::vector<double> out(n_params);
    for (Eigen::Index k = 0; k < m; ++k) {
      out[local_index[static_cast<std::size_t>(k)]] =
          transforms[static_cast<std::size_t>(k)].to_p(thetas[i][k]);
    }
    const double t = blocks[i].temperature_k;
    out[bulk_parameter] = l_over_a * t * std::exp(-g[0] + g[1] / (k_b * t));
    result.r_bulk_ohm.push_back(out[bulk_parameter]);
    result.parameters.push_back(std::move(out));
  }
  return result;
}

}  // namespace eis
