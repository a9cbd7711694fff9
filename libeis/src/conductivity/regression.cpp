#include "regression.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/policies/policy.hpp>

#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>

namespace eis::conductivity::detail {
namespace {
// Explicit policy (CONVENTIONS.md §5): report domain/overflow problems as NaN/inf instead of
// throwing, and never promote to long double behind the caller's back.
using Policy = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::ignore_error>,
    boost::math::policies::overflow_error<boost::math::policies::ignore_error>,
    boost::math::policies::evaluation_error<boost::math::policies::ignore_error>,
    boost::math::policies::promote_double<false>>;
}  // namespace

LineFit fit_line(std::span<const double> x, std::span<const double> y, std::span<const double> w) {
  LineFit f;
  double sw = 0.0, swx = 0.0, swy = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sw += w[i];
    swx += w[i] * x[i];
    swy += w[i] * y[i];
  }
  const double xm = swx / sw;
  const double ym = swy / sw;
  double sxx = 0.0, sxy = 0.0, syy = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double dx = x[i] - xm;
    const double dy = y[i] - ym;
    sxx += w[i] * dx * dx;
    sxy += w[i] * dx * dy;
    syy += w[i] * dy * dy;
  }
  // METHODS.md §7.2: b = (ΣwΣwxy − ΣwxΣwy)/Δ = Sxy/Sxx; a = ȳ − b·x̄;
  // Var(b) = Σw/Δ = 1/Sxx; Var(a) = Σwx²/Δ = 1/Σw + x̄²/Sxx; Cov(a,b) = −Σwx/Δ = −x̄/Sxx.
  f.b = sxy / sxx;
  f.a = ym - f.b * xm;
  f.var_b = 1.0 / sxx;
  f.var_a = 1.0 / sw + xm * xm / sxx;
  f.cov_ab = -xm / sxx;
  double rss = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double r = y[i] - f.a - f.b * x[i];
    rss += w[i] * r * r;
  }
  f.rss = rss;
  f.syy = syy;
  return f;
}

double two_sided_quantile(double level, double dof) {
  const double p = 0.5 * (1.0 + level);
  if (!std::isfinite(dof)) {
    return boost::math::quantile(boost::math::normal_distribution<double, Policy>(0.0, 1.0), p);
  }
  if (!(dof > 0.0)) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  return boost::math::quantile(boost::math::students_t_distribution<double, Policy>(dof), p);
}

double chi_square_quantile(double level, double dof) {
  return boost::math::quantile(boost::math::chi_squared_distribution<double, Policy>(dof), level);
}

namespace {
double log_mean_rss(std::size_t n, double rss) {
  const double nn = static_cast<double>(n);
  return nn * std::log(std::max(rss / nn, 1e-300));
}
}  // namespace

double aic(std::size_t n, double rss, std::size_t m) {
  return log_mean_rss(n, rss) + 2.0 * static_cast<double>(m);
}
double aicc(std::size_t n, double rss, std::size_t m) {
  const double nn = static_cast<double>(n);
  const double mm = static_cast<double>(m);
  if (nn - mm - 1.0 <= 0.0) {
    return std::numeric_limits<double>::infinity();
  }
  return aic(n, rss, m) + 2.0 * mm * (mm + 1.0) / (nn - mm - 1.0);
}
double bic(std::size_t n, double rss, std::size_t m) {
  return log_mean_rss(n, rss) + static_cast<double>(m) * std::log(static_cast<double>(n));
}

void validate_points(std::span<const ConductivityPoint> points, const char* what) {
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& p = points[i];
    const auto fail = [&](const std::string& msg) {
      throw InvalidArgument(std::string(what) + ": point " + eis::detail::to_text(i) + " " + msg);
    };
    if (!(std::isfinite(p.temperature_k) && p.temperature_k > 0.0)) {
      fail("has a temperature that is not a positive finite number of kelvin (" +
           eis::detail::to_text(p.temperature_k) + ")");
    }
    if (!(std::isfinite(p.sigma_s_per_cm) && p.sigma_s_per_cm > 0.0)) {
      fail("has a conductivity that is not a positive finite number of S/cm (" +
           eis::detail::to_text(p.sigma_s_per_cm) + ")");
    }
    if (!std::isnan(p.sigma_stderr_s_per_cm) &&
        !(std::isfinite(p.sigma_stderr_s_per_cm) && p.sigma_stderr_s_per_cm >= 0.0)) {
      fail("has a negative or infinite conductivity uncertainty (" +
           eis::detail::to_text(p.sigma_stderr_s_per_cm) + ")");
    }
  }
}

std::vector<double> log_weights(std::span<const ConductivityPoint> points,
                                bool use,
                                bool& weighted) {
  weighted = use && !points.empty() &&
             std::all_of(points.begin(), points.end(), [](const ConductivityPoint& p) {
               return std::isfinite(p.sigma_stderr_s_per_cm) && p.sigma_stderr_s_per_cm > 0.0;
             });
  std::vector<double> w(points.size(), 1.0);
  if (weighted) {
    for (std::size_t i = 0; i < points.size(); ++i) {
      // METHODS.md §7.2: s_i = δ(ln σ_i) = δσ_i/σ_i; the same for ln σT (T exact).
      const double s = points[i].sigma_stderr_s_per_cm / points[i].sigma_s_per_cm;
      w[i] = 1.0 / (s * s);
    }
  }
  return w;
}

}  // namespace eis::conductivity::detail
