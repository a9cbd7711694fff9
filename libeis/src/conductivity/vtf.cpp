#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include <Eigen/Dense>

#include <eis/conductivity/vtf.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>
#include <eis/units.hpp>

#include "../detail/golden_section.hpp"
#include "regression.hpp"

namespace eis::conductivity {

std::string to_string(VtfForm form) {
  return form == VtfForm::inverse_sqrt_t ? "vtf" : "vtf-plain";
}

std::optional<VtfForm> parse_vtf_form(std::string_view text) {
  if (text == "vtf") {
    return VtfForm::inverse_sqrt_t;
  }
  if (text == "vtf-plain") {
    return VtfForm::plain;
  }
  return std::nullopt;
}

std::optional<std::string> VtfOptions::validate() const {
  if (!(confidence > 0.0 && confidence < 1.0)) {
    return "confidence must lie in (0, 1), got " + eis::detail::to_text(confidence);
  }
  if (!(t0_margin_k >= 0.0) || !(t0_min_k >= 0.0)) {
    return "t0_margin_k and t0_min_k must be >= 0";
  }
  if (profile_grid_points < 3 || max_iterations < 1) {
    return "profile_grid_points must be >= 3 and max_iterations >= 1";
  }
  return std::nullopt;
}

bool VtfResult::usable() const noexcept {
  return converged && std::isfinite(b_k) && b_k > 0.0 && std::isfinite(t0_k) &&
         std::isfinite(b_stderr_k) && std::isfinite(t0_stderr_k);
}

namespace {

// Log-domain ordinate: ln(σ√T) for form a, ln σ for form b (METHODS.md §7.3 step 1).
double vtf_ordinate(VtfForm form, double t, double sigma) {
  return form == VtfForm::inverse_sqrt_t ? std::log(sigma) + 0.5 * std::log(t) : std::log(sigma);
}

struct Profile {
  double rss = std::numeric_limits<double>::infinity();
  double a = 0.0;
  double b = 0.0;  // B = −slope
};

Profile profile_at(double t0,
                   std::span<const double> t,
                   std::span<const double> y,
                   std::span<const double> w,
                   std::vector<double>& u) {
  for (std::size_t i = 0; i < t.size(); ++i) {
    u[i] = 1.0 / (t[i] - t0);
  }
  const auto f = detail::fit_line(u, y, w);
  return {f.rss, f.a, -f.b};
}

}  // namespace

VtfResult fit_vtf(std::span<const ConductivityPoint> points, const VtfOptions& options) {
  if (const auto bad = options.validate()) {
    throw InvalidArgument("fit_vtf: " + *bad);
  }
  if (points.size() < 4) {
    throw InvalidArgument("fit_vtf: needs at least 4 points, got " +
                          eis::detail::to_text(points.size()));
  }
  detail::validate_points(points, "fit_vtf");
  VtfResult r;
  r.form = options.form;
  r.points = points.size();
  r.confidence = options.confidence;
  const std::size_t n = points.size();
  std::vector<double> t(n), y(n), u(n);
  r.t_min_k = std::numeric_limits<double>::infinity();
  r.t_max_k = -r.t_min_k;
  for (std::size_t i = 0; i < n; ++i) {
    t[i] = points[i].temperature_k;
    y[i] = vtf_ordinate(options.form, t[i], points[i].sigma_s_per_cm);
    r.t_min_k = std::min(r.t_min_k, t[i]);
    r.t_max_k = std::max(r.t_max_k, t[i]);
  }
  {
    auto sorted = t;
    std::sort(sorted.begin(), sorted.end());
    if (std::unique(sorted.begin(), sorted.end()) - sorted.begin() < 3) {
      throw InvalidArgument("fit_vtf: needs at least 3 distinct temperatures");
    }
  }
  const double lo = options.t0_min_k;
  const double hi = r.t_min_k - options.t0_margin_k;
  if (!(hi > lo)) {
    throw InvalidArgument("fit_vtf: no room for T0: min(T) − margin = " + eis::detail::to_text(hi) +
                          " K is not above t0_min_k = " + eis::detail::to_text(lo) + " K");
  }
  const auto w = detail::log_weights(points, options.use_uncertainties, r.weighted);

  // METHODS.md §7.3 steps 2–3: scan T0, then golden-section search around the best grid point.
  const int g = options.profile_grid_points;
  std::vector<double> grid(static_cast<std::size_t>(g));
  int best = 0;
  double best_rss = std::numeric_limits<double>::infinity();
  for (int k = 0; k < g; ++k) {
    grid[static_cast<std::size_t>(k)] = lo + (hi - lo) * k / (g - 1);
    const double rss = profile_at(grid[static_cast<std::size_t>(k)], t, y, w, u).rss;
    if (rss < best_rss) {
      best_rss = rss;
      best = k;
    }
  }
  const eis::detail::GoldenSection bracket = eis::detail::golden_section_minimise(
      [&](double t0) { return profile_at(t0, t, y, w, u).rss; },
      grid[static_cast<std::size_t>(std::max(best - 1, 0))],
      grid[static_cast<std::size_t>(std::min(best + 1, g - 1))],
      200,
      1e-12);
  double t0 = 0.5 * (bracket.lo + bracket.hi);
  const Profile start = profile_at(t0, t, y, w, u);
  double a = start.a;
  double b = start.b;
  if (!(b > 0.0)) {
    r.warnings.push_back("the profile fit gives B <= 0: the data curve the wrong way for VTF");
    b = std::max(std::abs(b), 1e-6);
  }

  // METHODS.md §7.3 step 4: Levenberg–Marquardt in (ln A, ln B, T0), T0 kept within bounds.
  const auto rss_of = [&](double pa, double pb, double pt0) {
    double s = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const double res = y[i] - (pa - pb / (t[i] - pt0));
      s += w[i] * res * res;
    }
    return s;
  };
  double rss = rss_of(a, b, t0);
  double lambda = 1e-3;
  Eigen::Matrix3d jtj;
  Eigen::Vector3d jtr;
  int iterations = 0;
  bool converged = false;
  for (; iterations < options.max_iterations; ++iterations) {
    jtj.setZero();
    jtr.setZero();
    for (std::size_t i = 0; i < n; ++i) {
      const double ui = 1.0 / (t[i] - t0);
      const Eigen::Vector3d j(1.0, -b * ui, -b * ui * ui);  // ∂model/∂(ln A, ln B, T0)
      const double res = y[i] - (a - b * ui);
      jtj.noalias() += w[i] * j * j.transpose();
      jtr.noalias() += w[i] * res * j;
    }
    bool improved = false;
    for (int tries = 0; tries < 30; ++tries) {
      Eigen::Matrix3d m = jtj;
      m.diagonal() *= (1.0 + lambda);
      const Eigen::Vector3d step = m.ldlt().solve(jtr);
      const double na = a + step(0);
      const double nb = b * std::exp(std::clamp(step(1), -20.0, 20.0));
      const double nt0 = std::clamp(t0 + step(2), lo, hi);
      const double nrss = rss_of(na, nb, nt0);
      if (std::isfinite(nrss) && nrss <= rss) {
        const bool small = std::abs(step(0)) <= 1e-13 * (1.0 + std::abs(a)) &&
                           std::abs(step(1)) <= 1e-13 &&
                           std::abs(nt0 - t0) <= 1e-13 * (1.0 + std::abs(t0));
        const bool flat = rss - nrss <= 1e-15 * rss;
        a = na;
        b = nb;
        t0 = nt0;
        rss = nrss;
        lambda = std::max(lambda / 10.0, 1e-12);
        improved = true;
        converged = small || flat;
        break;
      }
      lambda *= 10.0;
    }
    if (!improved) {
      converged = true;  // no downhill step at any damping: at a (bounded) minimum
      break;
    }
    if (converged) {
      ++iterations;
      break;
    }
  }
  r.iterations = iterations;
  r.converged = converged;
  if (!converged) {
    r.warnings.push_back("Levenberg–Marquardt stopped at max_iterations");
  }
  const double span = hi - lo;
  r.t0_at_bound = t0 <= lo + 1e-6 * span || t0 >= hi - 1e-6 * span;
  if (r.t0_at_bound) {
    r.warnings.push_back("T0 lies on its bound (" + eis::detail::to_text(t0) +
                         " K): the data do not identify the VTF curvature");
  }

  // Covariance in (ln A, B, T0).
  Eigen::Matrix3d info = Eigen::Matrix3d::Zero();
  double syy = 0.0;
  double sw = 0.0;
  double swy = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double ui = 1.0 / (t[i] - t0);
    const Eigen::Vector3d j(1.0, -ui, -b * ui * ui);
    info.noalias() += w[i] * j * j.transpose();
    sw += w[i];
    swy += w[i] * y[i];
  }
  for (std::size_t i = 0; i < n; ++i) {
    syy += w[i] * (y[i] - swy / sw) * (y[i] - swy / sw);
  }
  const double dof = static_cast<double>(n) - 3.0;
  const bool absolute = r.weighted && options.weight_scale == WeightScale::absolute;
  r.degrees_of_freedom = dof;
  r.chi_square = rss;
  r.reduced_chi_square = rss / dof;
  r.r_squared = syy > 0.0 ? 1.0 - rss / syy : 1.0;
  const double scale = absolute ? 1.0 : r.reduced_chi_square;
  const Eigen::Matrix3d cov = info.inverse() * scale;
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) {
      r.covariance[static_cast<std::size_t>(3 * i + j)] = cov(i, j);
    }
  }
  r.quantile = detail::two_sided_quantile(options.confidence,
                                          absolute ? std::numeric_limits<double>::infinity() : dof);
  const double q = r.quantile;
  constexpr double kb = units::boltzmann_ev_per_k;
  r.ln_prefactor = a;
  r.log10_prefactor = a / std::numbers::ln10;
  r.log10_prefactor_stderr = std::sqrt(cov(0, 0)) / std::numbers::ln10;
  r.log10_prefactor_ci = {r.log10_prefactor - q * r.log10_prefactor_stderr,
                          r.log10_prefactor + q * r.log10_prefactor_stderr};
  r.b_k = b;
  r.b_stderr_k = std::sqrt(cov(1, 1));
  r.b_ci_k = {b - q * r.b_stderr_k, b + q * r.b_stderr_k};
  r.b_ev = kb * b;  // METHODS.md §7.3: E_a = k_B·B
  r.b_stderr_ev = kb * r.b_stderr_k;
  r.b_ci_ev = {kb * r.b_ci_k[0], kb * r.b_ci_k[1]};
  r.t0_k = t0;
  r.t0_stderr_k = std::sqrt(cov(2, 2));
  r.t0_ci_k = {t0 - q * r.t0_stderr_k, t0 + q * r.t0_stderr_k};
  r.correlation_b_t0 = cov(1, 2) / std::sqrt(cov(1, 1) * cov(2, 2));
  r.aic = detail::aic(n, rss, 3);
  r.aicc = detail::aicc(n, rss, 3);
  r.bic = detail::bic(n, rss, 3);
  return r;
}

ConductivityPrediction predict(const VtfResult& fit, double temperature_k) {
  ConductivityPrediction p;
  p.temperature_k = temperature_k;
  if (!(temperature_k > fit.t0_k)) {
    return p;
  }
  const double u = 1.0 / (temperature_k - fit.t0_k);
  double y = fit.ln_prefactor - fit.b_k * u;
  if (fit.form == VtfForm::inverse_sqrt_t) {
    y -= 0.5 * std::log(temperature_k);
  }
  const std::array<double, 3> g = {1.0, -u, -fit.b_k * u * u};
  double var = 0.0;
  for (std::size_t i = 0; i < 3; ++i) {
    for (std::size_t j = 0; j < 3; ++j) {
      var += g[i] * fit.covariance[3 * i + j] * g[j];
    }
  }
  const double se = std::sqrt(std::max(var, 0.0));
  p.sigma_s_per_cm = std::exp(y);
  p.log10_sigma = y / std::numbers::ln10;
  p.log10_sigma_stderr = se / std::numbers::ln10;
  p.sigma_ci_s_per_cm = {std::exp(y - fit.quantile * se), std::exp(y + fit.quantile * se)};
  return p;
}

}  // namespace eis::conductivity
