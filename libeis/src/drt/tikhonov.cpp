#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>
#include <string>
#include <vector>

#include <Eigen/Dense>
#include <Eigen/Eigenvalues>
#include <boost/math/distributions/normal.hpp>

#include <eis/detail/to_text.hpp>
#include <eis/drt/tikhonov.hpp>
#include <eis/error.hpp>
#include <eis/validation/lin_kk.hpp>

#include "../detail/golden_section.hpp"

namespace eis::drt {

std::optional<std::string> DrtOptions::validate() const {
  if (derivative_order < 0 || derivative_order > 2) {
    return "derivative_order must be 0, 1 or 2, got " + eis::detail::to_text(derivative_order);
  }
  if (!(lambda > 0.0) || !std::isfinite(lambda)) {
    return "lambda must be finite and > 0, got " + eis::detail::to_text(lambda);
  }
  if (!(lambda_min > 0.0) || !(lambda_max > lambda_min) || !std::isfinite(lambda_max)) {
    return "need 0 < lambda_min < lambda_max < ∞, got " + eis::detail::to_text(lambda_min) + ", " +
           eis::detail::to_text(lambda_max);
  }
  if (!(tau_points_per_decade >= 1.0 && tau_points_per_decade <= 200.0)) {
    return "tau_points_per_decade must be in [1, 200], got " +
           eis::detail::to_text(tau_points_per_decade);
  }
  if (!(tau_extension_decades >= 0.0 && tau_extension_decades <= 5.0)) {
    return "tau_extension_decades must be in [0, 5], got " +
           eis::detail::to_text(tau_extension_decades);
  }
  if (!(rbf_fwhm_coefficient > 0.0) || !std::isfinite(rbf_fwhm_coefficient)) {
    return "rbf_fwhm_coefficient must be finite and > 0, got " +
           eis::detail::to_text(rbf_fwhm_coefficient);
  }
  if (!(output_points_per_decade >= 1.0 && output_points_per_decade <= 1000.0)) {
    return "output_points_per_decade must be in [1, 1000], got " +
           eis::detail::to_text(output_points_per_decade);
  }
  if (!(noise_level >= 0.0) || !std::isfinite(noise_level)) {
    return "noise_level must be finite and ≥ 0, got " + eis::detail::to_text(noise_level);
  }
  if (folds < 2 || folds > 50) {
    return "folds must be in [2, 50], got " + eis::detail::to_text(folds);
  }
  if (!(credible_level > 0.0 && credible_level < 1.0)) {
    return "credible_level must be in (0, 1), got " + eis::detail::to_text(credible_level);
  }
  if (!(discrepancy_factor > 0.0) || !std::isfinite(discrepancy_factor)) {
    return "discrepancy_factor must be finite and > 0, got " +
           eis::detail::to_text(discrepancy_factor);
  }
  if (!uncertainty && peaks.min_significance > 0.0) {
    return "peaks.min_significance = " + eis::detail::to_text(peaks.min_significance) +
           " needs the posterior uncertainty (uncertainty = true)";
  }
  return peaks.validate();
}

namespace {

struct Problem {
  Eigen::MatrixXd a;        // 2N × p weighted, column-normalised
  Eigen::VectorXd b;        // 2N weighted data
  Eigen::VectorXd scale;    // x = scale ∘ x̃
  Eigen::MatrixXd penalty;  // p × p in x̃ (with ridge)
  Eigen::Index n = 0;       // N points
  Eigen::Index m = 0;       // basis functions
  Eigen::Index r_col = -1, l_col = -1, c_col = -1;
};

// Non-negative (or plain) regularised solve in x̃.
Eigen::VectorXd regularised_solve(const Eigen::MatrixXd& g,
                                  const Eigen::VectorXd& c,
                                  const Eigen::MatrixXd& penalty,
                                  double lambda,
                                  bool nonneg,
                                  const Eigen::VectorXd& warm,
                                  bool* converged) {
  const Eigen::MatrixXd h = g + lambda * penalty;
  if (!nonneg) {
    if (converged != nullptr) {
      *converged = true;
    }
    return h.ldlt().solve(c);
  }
  NnlsResult r = solve_nnls(h, c, warm);
  if (converged != nullptr) {
    *converged = r.converged;
  }
  return r.x;
}

double median(std::vector<double> v) {
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

}  // namespace

DrtResult compute_drt(SpectrumView spectrum, const DrtOptions& options) {
  if (auto msg = options.validate()) {
    throw InvalidArgument("compute_drt: " + *msg);
  }
  validate_spectrum(spectrum, 5);
  const std::size_t n_pts = spectrum.size();
  std::vector<double> omega(n_pts);
  std::vector<double> modulus(n_pts);
  for (std::size_t i = 0; i < n_pts; ++i) {
    omega[i] = 2.0 * std::numbers::pi * spectrum.frequency_hz[i];
    modulus[i] = std::abs(spectrum.impedance_ohm[i]);
    if (!(modulus[i] > 0.0)) {
      throw InvalidArgument("compute_drt: |Z| = 0 at index " + eis::detail::to_text(i));
    }
  }
  const auto [wmin, wmax] = std::minmax_element(omega.begin(), omega.end());
  // METHODS.md §5.2: τ grid beyond the measured window [1/ω_max, 1/ω_min].
  const double log_lo = std::log10(1.0 / *wmax) - options.tau_extension_decades;
  const double log_hi = std::log10(1.0 / *wmin) + options.tau_extension_decades;
  const int m_count = std::max(
      3, static_cast<int>(std::ceil((log_hi - log_lo) * options.tau_points_per_decade)) + 1);
  std::vector<double> grid(static_cast<std::size_t>(m_count));
  for (int k = 0; k < m_count; ++k) {
    grid[static_cast<std::size_t>(k)] =
        std::pow(10.0, log_lo + (log_hi - log_lo) * k / static_cast<double>(m_count - 1));
  }
  DrtResult out;
  out.grid_tau_s = grid;
  double eps = 1.0;
  if (options.basis == Basis::gaussian) {
    eps = gaussian_shape_factor(grid, options.rbf_fwhm_coefficient);
    out.epsilon = eps;
  }
  const KernelMatrices k = kernel_matrices(omega, grid, options.basis, eps);
  const Eigen::MatrixXd pen = penalty_matrix(grid, options.basis, options.derivative_order, eps);

  std::vector<double> mods = modulus;
  const double r_ref = median(mods);

  Problem pr;
  pr.n = static_cast<Eigen::Index>(n_pts);
  pr.m = m_count;
  Eigen::Index p = pr.m;
  pr.r_col = p++;
  if (options.inductance) {
    pr.l_col = p++;
  }
  if (options.series_capacitance) {
    pr.c_col = p++;
  }
  pr.a = Eigen::MatrixXd::Zero(2 * pr.n, p);
  pr.b.resize(2 * pr.n);
  for (Eigen::Index i = 0; i < pr.n; ++i) {
    const auto iu = static_cast<std::size_t>(i);
    const double w = options.weighting == DrtWeighting::modulus ? 1.0 / modulus[iu] : 1.0 / r_ref;
    pr.b(i) = spectrum.impedance_ohm[iu].real() * w;
    pr.b(pr.n + i) = spectrum.impedance_ohm[iu].imag() * w;
    pr.a.block(i, 0, 1, pr.m) = k.real.row(i) * w;
    pr.a.block(pr.n + i, 0, 1, pr.m) = k.imag.row(i) * w;
    pr.a(i, pr.r_col) = w;
    if (pr.l_col >= 0) {
      pr.a(pr.n + i, pr.l_col) = omega[iu] * w;
    }
    if (pr.c_col >= 0) {
      pr.a(pr.n + i, pr.c_col) = -w / omega[iu];
    }
  }
  pr.scale.resize(p);
  for (Eigen::Index j = 0; j < p; ++j) {
    const double nrm = pr.a.col(j).norm();
    pr.scale(j) = nrm > 0.0 ? 1.0 / nrm : 1.0;
    pr.a.col(j) *= pr.scale(j);
  }
  pr.penalty = Eigen::MatrixXd::Zero(p, p);
  const Eigen::VectorXd sg = pr.scale.head(pr.m) / r_ref;
  pr.penalty.topLeftCorner(pr.m, pr.m) = sg.asDiagonal() * pen * sg.asDiagonal();
  const double ridge = 1e-9 * std::max(pr.penalty.diagonal().maxCoeff(), 1e-300);
  pr.penalty.diagonal().array() += ridge;

  const Eigen::MatrixXd g = pr.a.transpose() * pr.a;
  const Eigen::VectorXd c = pr.a.transpose() * pr.b;
  const auto top = pr.a.topRows(pr.n);
  const auto bottom = pr.a.bottomRows(pr.n);

  // λ selection.
  const double log_lo_l = std::log(options.lambda_min);
  const double log_hi_l = std::log(options.lambda_max);
  const int grid_count =
      std::max(3, static_cast<int>(std::ceil((log_hi_l - log_lo_l) / std::log(10.0) * 4.0)) + 1);
  std::vector<double> lam_grid(static_cast<std::size_t>(grid_count));
  for (int q = 0; q < grid_count; ++q) {
    lam_grid[static_cast<std::size_t>(q)] =
        std::exp(log_lo_l + (log_hi_l - log_lo_l) * q / static_cast<double>(grid_count - 1));
  }
  double lambda = options.lambda;
  out.lambda_method = options.lambda_method;
  auto record = [&](double l, double s) {
    out.lambda_candidates.push_back(l);
    out.lambda_scores.push_back(s);
  };
  auto search = [&](const std::function<double(double)>& score) {
    // Grid, then golden section on ln λ between the neighbours of the best grid point.
    std::size_t best = 0;
    std::vector<double> s(lam_grid.size());
    for (std::size_t q = 0; q < lam_grid.size(); ++q) {
      s[q] = score(lam_grid[q]);
      record(lam_grid[q], s[q]);
      if (s[q] < s[best]) {
        best = q;
      }
    }
    const double lo = std::log(lam_grid[best == 0 ? 0 : best - 1]);
    const double hi = std::log(lam_grid[std::min(best + 1, lam_grid.size() - 1)]);
    const double x = detail::golden_section_minimise(
                         [&](double t) {
                           const double v = score(std::exp(t));
                           record(std::exp(t), v);
                           return v;
                         },
                         lo,
                         hi,
                         12)
                         .x;
    const double s_x = score(std::exp(x));
    return s_x <= s[best] ? std::exp(x) : lam_grid[best];
  };

  if (options.lambda_method == LambdaMethod::gcv ||
      options.lambda_method == LambdaMethod::l_curve) {
    // Simultaneous diagonalisation G v = μ P v with VᵀPV = I: (G + λP)⁻¹ = V(μ + λ)⁻¹Vᵀ.
    Eigen::GeneralizedSelfAdjointEigenSolver<Eigen::MatrixXd> ges(g, pr.penalty);
    const Eigen::VectorXd mu = ges.eigenvalues().cwiseMax(0.0);
    const Eigen::MatrixXd& v = ges.eigenvectors();
    const Eigen::VectorXd beta = v.transpose() * c;
    const double rows = static_cast<double>(2 * pr.n);
    auto unconstrained = [&](double l, double* residual2, double* penalty_value) {
      const Eigen::VectorXd d = (mu.array() + l).inverse().matrix();
      const Eigen::VectorXd x = v * d.cwiseProduct(beta);
      *residual2 = (pr.b - pr.a * x).squaredNorm();
      *penalty_value = (beta.cwiseProduct(d)).squaredNorm();
      return (mu.array() / (mu.array() + l)).sum();  // tr K
    };
    if (options.lambda_method == LambdaMethod::gcv) {
      lambda = search([&](double l) {
        double r2 = 0.0;
        double pv = 0.0;
        const double trk = unconstrained(l, &r2, &pv);
        const double denom = (rows - trk) / rows;
        return (r2 / rows) / (denom * denom);  // METHODS.md §5.5 GCV
      });
    } else {
      // L-curve: curvature of (ln‖r‖, ln penalty) against t = ln λ on a fine grid.
      const int fine = (grid_count - 1) * 2 + 1;
      std::vector<double> t(static_cast<std::size_t>(fine));
      std::vector<double> rho(t.size());
      std::vector<double> eta(t.size());
      for (int q = 0; q < fine; ++q) {
        const auto qu = static_cast<std::size_t>(q);
        t[qu] = log_lo_l + (log_hi_l - log_lo_l) * q / static_cast<double>(fine - 1);
        double r2 = 0.0;
        double pv = 0.0;
        (void)unconstrained(std::exp(t[qu]), &r2, &pv);
        rho[qu] = 0.5 * std::log(std::max(r2, 1e-300));
        eta[qu] = 0.5 * std::log(std::max(pv, 1e-300));
      }
      double best_kappa = -HUGE_VAL;
      lambda = std::exp(t[t.size() / 2]);
      for (std::size_t q = 1; q + 1 < t.size(); ++q) {
        const double h = t[q + 1] - t[q];
        const double r1 = (rho[q + 1] - rho[q - 1]) / (2 * h);
        const double e1 = (eta[q + 1] - eta[q - 1]) / (2 * h);
        const double r2 = (rho[q + 1] - 2 * rho[q] + rho[q - 1]) / (h * h);
        const double e2 = (eta[q + 1] - 2 * eta[q] + eta[q - 1]) / (h * h);
        const double kappa = (r1 * e2 - r2 * e1) / std::pow(r1 * r1 + e1 * e1, 1.5);
        record(std::exp(t[q]), -kappa);
        if (std::isfinite(kappa) && kappa > best_kappa) {
          best_kappa = kappa;
          lambda = std::exp(t[q]);
        }
      }
    }
  } else if (options.lambda_method == LambdaMethod::re_im) {
    const Eigen::MatrixXd g_re = top.transpose() * top;
    const Eigen::MatrixXd g_im = bottom.transpose() * bottom;
    const Eigen::VectorXd c_re = top.transpose() * pr.b.head(pr.n);
    const Eigen::VectorXd c_im = bottom.transpose() * pr.b.tail(pr.n);
    Eigen::VectorXd warm_re;
    Eigen::VectorXd warm_im;
    lambda = search([&](double l) {
      Eigen::VectorXd x_re =
          regularised_solve(g_re, c_re, pr.penalty, l, options.non_negative, warm_re, nullptr);
      Eigen::VectorXd x_im =
          regularised_solve(g_im, c_im, pr.penalty, l, options.non_negative, warm_im, nullptr);
      warm_re = x_re;
      warm_im = x_im;
      // METHODS.md §5.5: swap the entries each half cannot see.
      x_im(pr.r_col) = x_re(pr.r_col);
      if (pr.l_col >= 0) {
        x_re(pr.l_col) = x_im(pr.l_col);
      }
      if (pr.c_col >= 0) {
        x_re(pr.c_col) = x_im(pr.c_col);
      }
      return (pr.b.head(pr.n) - top * x_im).squaredNorm() +
             (pr.b.tail(pr.n) - bottom * x_re).squaredNorm();
    });
  } else if (options.lambda_method == LambdaMethod::k_fold) {
    // METHODS.md §5.5 k-fold: fold f holds out the points i ≡ f (mod k), both their rows.
    const int k_folds = std::min<int>(options.folds, static_cast<int>(pr.n));
    std::vector<Eigen::MatrixXd> g_fold(static_cast<std::size_t>(k_folds));
    std::vector<Eigen::VectorXd> c_fold(static_cast<std::size_t>(k_folds));
    std::vector<std::vector<Eigen::Index>> held(static_cast<std::size_t>(k_folds));
    for (Eigen::Index i = 0; i < pr.n; ++i) {
      held[static_cast<std::size_t>(i % k_folds)].push_back(i);
    }
    for (int f = 0; f < k_folds; ++f) {
      const auto fu = static_cast<std::size_t>(f);
      g_fold[fu] = g;
      c_fold[fu] = c;
      for (const Eigen::Index i : held[fu]) {
        for (const Eigen::Index row : {i, pr.n + i}) {
          g_fold[fu].noalias() -= pr.a.row(row).transpose() * pr.a.row(row);
          c_fold[fu].noalias() -= pr.a.row(row).transpose() * pr.b(row);
        }
      }
    }
    std::vector<Eigen::VectorXd> warm(static_cast<std::size_t>(k_folds));
    lambda = search([&](double l) {
      double score = 0.0;
      for (int f = 0; f < k_folds; ++f) {
        const auto fu = static_cast<std::size_t>(f);
        const Eigen::VectorXd xf = regularised_solve(
            g_fold[fu], c_fold[fu], pr.penalty, l, options.non_negative, warm[fu], nullptr);
        warm[fu] = xf;
        for (const Eigen::Index i : held[fu]) {
          for (const Eigen::Index row : {i, pr.n + i}) {
            const double r = pr.b(row) - pr.a.row(row).dot(xf);
            score += r * r;
          }
        }
      }
      return score;
    });
  } else if (options.lambda_method == LambdaMethod::discrepancy) {
    double sigma = options.noise_level;
    if (!(sigma > 0.0)) {
      const auto kk = validation::lin_kk(
          spectrum, {.capacitance = options.series_capacitance, .inductance = options.inductance});
      sigma = kk.noise_level;
    }
    out.noise_level = sigma;
    // With modulus weighting, b − A x̃ is the relative residual; with unit weighting it is
    // scaled by |Z_i|/R_ref, so rescale it row by row.
    Eigen::VectorXd row_scale(2 * pr.n);
    for (Eigen::Index i = 0; i < pr.n; ++i) {
      const double f = options.weighting == DrtWeighting::modulus
                           ? 1.0
                           : r_ref / modulus[static_cast<std::size_t>(i)];
      row_scale(i) = f;
      row_scale(pr.n + i) = f;
    }
    Eigen::VectorXd warm;
    auto rms_at = [&](double l) {
      const Eigen::VectorXd xl =
          regularised_solve(g, c, pr.penalty, l, options.non_negative, warm, nullptr);
      warm = xl;
      return std::sqrt((pr.b - pr.a * xl).cwiseProduct(row_scale).squaredNorm() /
                       static_cast<double>(2 * pr.n));
    };
    // Generalised discrepancy principle (Goncharskii, Leonov & Yagola 1973): the data need
    // not be reachable by the model (a CPE tail beyond the τ grid, drift), so the residual
    // floor μ = RMS residual at lambda_min (the incompatibility measure) is added in
    // quadrature: target² = μ² + (factor·σ)². With μ = 0 this is Morozov's principle.
    const double floor_rms = rms_at(lam_grid.front());
    const double target = std::hypot(floor_rms, options.discrepancy_factor * sigma);
    warm.resize(0);
    auto excess = [&](double l) {
      const double e = rms_at(l) - target;
      record(l, e);
      return e;
    };
    // Largest grid λ within the target (the residual grows with λ), scanning down from λ_max.
    std::size_t q = lam_grid.size();
    while (q > 0 && excess(lam_grid[q - 1]) > 0.0) {
      --q;
    }
    if (q == 0) {
      lambda = lam_grid.front();
      out.warnings.push_back("no λ reaches the noise level " + eis::detail::to_text(sigma) +
                             " (the model cannot fit the data that closely); using lambda_min");
    } else if (q == lam_grid.size()) {
      lambda = lam_grid.back();
    } else {
      double lo = std::log(lam_grid[q - 1]);  // within target
      double hi = std::log(lam_grid[q]);      // above target
      for (int it = 0; it < 8; ++it) {
        const double mid = 0.5 * (lo + hi);
        (excess(std::exp(mid)) > 0.0 ? hi : lo) = mid;
      }
      lambda = std::exp(lo);
    }
  }
  out.lambda = lambda;
  if (options.lambda_method != LambdaMethod::fixed &&
      (lambda <= options.lambda_min * 1.0001 || lambda >= options.lambda_max * 0.9999)) {
    out.warnings.push_back("λ = " + eis::detail::to_text(lambda) +
                           " is at the end of the search range; widen lambda_min/lambda_max");
  }

  bool converged = false;
  const Eigen::VectorXd xs = regularised_solve(
      g, c, pr.penalty, lambda, options.non_negative, Eigen::VectorXd(), &converged);
  const Eigen::VectorXd x = xs.cwiseProduct(pr.scale);
  out.converged = converged;
  out.coefficients.assign(x.data(), x.data() + pr.m);
  out.r_inf_ohm = x(pr.r_col);
  if (pr.l_col >= 0) {
    out.inductance_h = x(pr.l_col);
  }
  if (pr.c_col >= 0) {
    out.capacitance_f = x(pr.c_col) > 0.0 ? 1.0 / x(pr.c_col) : HUGE_VAL;
  }
  // Model at the measured frequencies (unweighted).
  out.fitted_ohm.resize(n_pts);
  out.residual_real.resize(n_pts);
  out.residual_imag.resize(n_pts);
  const Eigen::VectorXd zr = k.real * x.head(pr.m);
  const Eigen::VectorXd zi = k.imag * x.head(pr.m);
  for (std::size_t i = 0; i < n_pts; ++i) {
    const auto ii = static_cast<Eigen::Index>(i);
    Complex z{zr(ii) + out.r_inf_ohm, zi(ii)};
    if (pr.l_col >= 0) {
      z += Complex{0.0, omega[i] * x(pr.l_col)};
    }
    if (pr.c_col >= 0) {
      z += Complex{0.0, -x(pr.c_col) / omega[i]};
    }
    out.fitted_ohm[i] = z;
    out.residual_real[i] = (spectrum.impedance_ohm[i].real() - z.real()) / modulus[i];
    out.residual_imag[i] = (spectrum.impedance_ohm[i].imag() - z.imag()) / modulus[i];
  }
  // γ on the output grid: γ = U x with U(q, j) = φ_j(τ_q).
  const int fine_count = std::max(
      3, static_cast<int>(std::ceil((log_hi - log_lo) * options.output_points_per_decade)) + 1);
  out.tau_s.resize(static_cast<std::size_t>(fine_count));
  Eigen::MatrixXd u = Eigen::MatrixXd::Zero(fine_count, pr.m);
  for (int q = 0; q < fine_count; ++q) {
    const double lt = log_lo + (log_hi - log_lo) * q / static_cast<double>(fine_count - 1);
    out.tau_s[static_cast<std::size_t>(q)] = std::pow(10.0, lt);
    const double ln_tau = lt * std::numbers::ln10;
    if (options.basis == Basis::gaussian) {
      for (Eigen::Index j = 0; j < pr.m; ++j) {
        const double y = eps * (ln_tau - std::log(grid[static_cast<std::size_t>(j)]));
        if (std::abs(y) < 8.0) {
          u(q, j) = std::exp(-y * y);
        }
      }
    } else {
      const double pos = (lt - log_lo) / (log_hi - log_lo) * static_cast<double>(pr.m - 1);
      const auto j0 = std::min<Eigen::Index>(static_cast<Eigen::Index>(pos), pr.m - 2);
      const double frac = pos - static_cast<double>(j0);
      u(q, j0) = 1.0 - frac;
      u(q, j0 + 1) = frac;
    }
  }
  const Eigen::VectorXd gamma = u * x.head(pr.m);
  out.gamma_ohm.assign(gamma.data(), gamma.data() + gamma.size());

  // Posterior uncertainty of γ (Bayesian reading of Tikhonov regularisation, Effat & Ciucci,
  // Electrochim. Acta 247 (2017) 1117): with Gaussian noise of variance σ² on the weighted rows
  // and the prior x̃ ~ N(0, σ²/λ·P⁻¹), the posterior covariance of the free coefficients (those
  // not held at the bound 0, whose constraint is treated as exact) is σ²(G + λP)_FF⁻¹; σ² is
  // estimated from the residual with the effective degrees of freedom tr(H_FF⁻¹ G_FF).
  std::vector<Eigen::Index> free_cols;
  for (Eigen::Index j = 0; options.uncertainty && j < xs.size(); ++j) {
    if (!options.non_negative || xs(j) > 0.0) {
      free_cols.push_back(j);
    }
  }
  const auto nf = static_cast<Eigen::Index>(free_cols.size());
  Eigen::MatrixXd w_band;  // L⁻¹ Uᵀ restricted to the free columns, scaled by σ
  if (nf > 0) {
    Eigen::MatrixXd h_ff(nf, nf);
    Eigen::MatrixXd g_ff(nf, nf);
    Eigen::MatrixXd u_f = Eigen::MatrixXd::Zero(nf, fine_count);
    for (Eigen::Index a = 0; a < nf; ++a) {
      const Eigen::Index ja = free_cols[static_cast<std::size_t>(a)];
      for (Eigen::Index b = 0; b < nf; ++b) {
        const Eigen::Index jb = free_cols[static_cast<std::size_t>(b)];
        g_ff(a, b) = g(ja, jb);
        h_ff(a, b) = g(ja, jb) + lambda * pr.penalty(ja, jb);
      }
      if (ja < pr.m) {
        u_f.row(a) = u.col(ja).transpose() * pr.scale(ja);
      }
    }
    const Eigen::LLT<Eigen::MatrixXd> llt(h_ff);
    if (llt.info() == Eigen::Success) {
      const double rss = (pr.b - pr.a * xs).squaredNorm();
      const double dof = llt.solve(g_ff).trace();
      const double sigma2 = rss / std::max(static_cast<double>(2 * pr.n) - dof, 1.0);
      out.posterior_sigma = std::sqrt(sigma2);
      w_band = llt.matrixL().solve(u_f) * out.posterior_sigma;
    }
  }
  if (w_band.size() > 0) {
    const double z =
        boost::math::quantile(boost::math::normal(), 0.5 + 0.5 * options.credible_level);
    out.gamma_sd_ohm.resize(out.gamma_ohm.size());
    out.gamma_lower_ohm.resize(out.gamma_ohm.size());
    out.gamma_upper_ohm.resize(out.gamma_ohm.size());
    for (std::size_t q = 0; q < out.gamma_ohm.size(); ++q) {
      const double sd = w_band.col(static_cast<Eigen::Index>(q)).norm();
      out.gamma_sd_ohm[q] = sd;
      out.gamma_lower_ohm[q] = std::max(out.gamma_ohm[q] - z * sd, 0.0);
      out.gamma_upper_ohm[q] = out.gamma_ohm[q] + z * sd;
    }
  }
  double area = 0.0;
  for (std::size_t q = 0; q + 1 < out.tau_s.size(); ++q) {
    area +=
        0.5 * (out.gamma_ohm[q] + out.gamma_ohm[q + 1]) * std::log(out.tau_s[q + 1] / out.tau_s[q]);
  }
  out.polarisation_ohm = area;
  DifferenceSd difference_sd;
  if (w_band.size() > 0) {
    difference_sd = [&w_band](std::size_t i, std::size_t j) {
      return (w_band.col(static_cast<Eigen::Index>(i)) - w_band.col(static_cast<Eigen::Index>(j)))
          .norm();
    };
  }
  out.peaks = find_peaks(out.tau_s, out.gamma_ohm, options.peaks, difference_sd);
  // Measured window in τ: [1/ω_max, 1/ω_min] (METHODS.md §5.2), with a relative tolerance so a
  // peak refined onto the edge itself counts as inside.
  const double tau_window_lo = (1.0 - 1e-9) / *wmax;
  const double tau_window_hi = (1.0 + 1e-9) / *wmin;
  std::size_t outside = 0;
  for (auto& pk : out.peaks) {
    pk.within_window = pk.tau_s >= tau_window_lo && pk.tau_s <= tau_window_hi;
    if (!pk.within_window) {
      ++outside;
    }
    if (pk.tau_s < grid[1] || pk.tau_s > grid[grid.size() - 2]) {
      out.warnings.push_back("a peak at τ = " + eis::detail::to_text(pk.tau_s) +
                             " s lies at the edge of the τ grid (outside the measured window)");
    }
  }
  if (outside > 0) {
    out.warnings.push_back(eis::detail::to_text(outside) + " of " +
                           eis::detail::to_text(out.peaks.size()) +
                           " peak(s) lie outside the measured frequency range " +
                           eis::detail::to_text(*wmin / (2.0 * std::numbers::pi)) + "–" +
                           eis::detail::to_text(*wmax / (2.0 * std::numbers::pi)) +
                           " Hz (DrtPeak::within_window = false): their τ and area are "
                           "extrapolated, not measured");
  }
  out.message = std::string(converged ? "DRT computed" : "NNLS did not converge") +
                ": λ = " + eis::detail::to_text(lambda) + " (" +
                std::string(to_string(options.lambda_method)) + "), " +
                eis::detail::to_text(out.peaks.size()) +
                " peak(s), R∞ = " + eis::detail::to_text(out.r_inf_ohm) +
                " Ω, ∫γ = " + eis::detail::to_text(area) + " Ω";
  return out;
}

}  // namespace eis::drt
