#include <cmath>
#include <limits>
#include <numbers>

#include <eis/conductivity/arrhenius.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>
#include <eis/units.hpp>

#include "regression.hpp"

namespace eis::conductivity {

std::string to_string(ArrheniusForm form) {
  return form == ArrheniusForm::sigma ? "arrhenius" : "arrhenius-t";
}

std::optional<ArrheniusForm> parse_arrhenius_form(std::string_view text) {
  if (text == "arrhenius") {
    return ArrheniusForm::sigma;
  }
  if (text == "arrhenius-t") {
    return ArrheniusForm::sigma_t;
  }
  return std::nullopt;
}

std::optional<std::string> ArrheniusOptions::validate() const {
  if (!(confidence > 0.0 && confidence < 1.0)) {
    return "confidence must lie in (0, 1), got " + eis::detail::to_text(confidence);
  }
  return std::nullopt;
}

bool ArrheniusResult::usable() const noexcept {
  return points >= 3 && std::isfinite(ea_ev) && std::isfinite(ea_stderr_ev) &&
         std::isfinite(log10_prefactor);
}

double log_quantity(ArrheniusForm form, double temperature_k, double sigma_s_per_cm) {
  return form == ArrheniusForm::sigma ? std::log(sigma_s_per_cm)
                                      : std::log(sigma_s_per_cm * temperature_k);
}

ArrheniusResult fit_arrhenius(std::span<const ConductivityPoint> points,
                              const ArrheniusOptions& options) {
  if (const auto bad = options.validate()) {
    throw InvalidArgument("fit_arrhenius: " + *bad);
  }
  if (points.size() < 3) {
    throw InvalidArgument("fit_arrhenius: needs at least 3 points, got " +
                          eis::detail::to_text(points.size()));
  }
  detail::validate_points(points, "fit_arrhenius");
  ArrheniusResult r;
  r.form = options.form;
  r.points = points.size();
  r.confidence = options.confidence;
  std::vector<double> x(points.size()), y(points.size());
  r.t_min_k = std::numeric_limits<double>::infinity();
  r.t_max_k = -r.t_min_k;
  for (std::size_t i = 0; i < points.size(); ++i) {
    x[i] = 1.0 / points[i].temperature_k;
    y[i] = log_quantity(options.form, points[i].temperature_k, points[i].sigma_s_per_cm);
    r.t_min_k = std::min(r.t_min_k, points[i].temperature_k);
    r.t_max_k = std::max(r.t_max_k, points[i].temperature_k);
  }
  if (!(r.t_max_k > r.t_min_k)) {
    throw InvalidArgument("fit_arrhenius: all points have the same temperature (" +
                          eis::detail::to_text(r.t_min_k) + " K)");
  }
  const auto w = detail::log_weights(points, options.use_uncertainties, r.weighted);
  const auto f = detail::fit_line(x, y, w);
  const double n = static_cast<double>(points.size());
  r.degrees_of_freedom = n - 2.0;
  r.slope_k = f.b;
  r.intercept = f.a;
  r.chi_square = f.rss;
  r.reduced_chi_square = f.rss / r.degrees_of_freedom;
  r.r_squared = f.syy > 0.0 ? 1.0 - f.rss / f.syy : 1.0;
  // METHODS.md §7.2: absolute weights keep the covariance; relative or unknown weights scale it
  // by s² = χ²/(n − 2) and use Student t with n − 2 degrees of freedom.
  const bool absolute = r.weighted && options.weight_scale == WeightScale::absolute;
  const double scale = absolute ? 1.0 : r.reduced_chi_square;
  r.covariance = {f.var_a * scale, f.cov_ab * scale, f.var_b * scale};
  r.quantile = detail::two_sided_quantile(
      options.confidence,
      absolute ? std::numeric_limits<double>::infinity() : r.degrees_of_freedom);
  constexpr double k = units::boltzmann_ev_per_k;
  r.ea_ev = -f.b * k;  // METHODS.md §7.2: Ea = −b·k_B
  r.ea_stderr_ev = std::sqrt(r.covariance[2]) * k;
  r.ea_ci_ev = {r.ea_ev - r.quantile * r.ea_stderr_ev, r.ea_ev + r.quantile * r.ea_stderr_ev};
  r.ea_kj_per_mol = r.ea_ev * units::kj_per_mol_per_ev;
  r.ea_stderr_kj_per_mol = r.ea_stderr_ev * units::kj_per_mol_per_ev;
  r.log10_prefactor = f.a / std::numbers::ln10;
  r.log10_prefactor_stderr = std::sqrt(r.covariance[0]) / std::numbers::ln10;
  r.log10_prefactor_ci = {r.log10_prefactor - r.quantile * r.log10_prefactor_stderr,
                          r.log10_prefactor + r.quantile * r.log10_prefactor_stderr};
  r.aic = detail::aic(points.size(), f.rss, 2);
  r.aicc = detail::aicc(points.size(), f.rss, 2);
  r.bic = detail::bic(points.size(), f.rss, 2);
  if (r.ea_ev < 0.0) {
    r.warnings.push_back("negative activation energy: conductivity falls with temperature");
  }
  if (!std::isfinite(r.ea_stderr_ev)) {
    r.warnings.push_back("the standard errors are not finite (too few distinct points)");
  }
  return r;
}

ConductivityPrediction predict(const ArrheniusResult& fit, double temperature_k) {
  ConductivityPrediction p;
  p.temperature_k = temperature_k;
  if (!(temperature_k > 0.0)) {
    return p;
  }
  const double x = 1.0 / temperature_k;
  double y = fit.intercept + fit.slope_k * x;
  if (fit.form == ArrheniusForm::sigma_t) {
    y -= std::log(temperature_k);
  }
  const double var = fit.covariance[0] + 2.0 * fit.covariance[1] * x + fit.covariance[2] * x * x;
  const double se = std::sqrt(std::max(var, 0.0));
  p.sigma_s_per_cm = std::exp(y);
  p.log10_sigma = y / std::numbers::ln10;
  p.log10_sigma_stderr = se / std::numbers::ln10;
  p.sigma_ci_s_per_cm = {std::exp(y - fit.quantile * se), std::exp(y + fit.quantile * se)};
  return p;
}

}  // namespace eis::conductivity
