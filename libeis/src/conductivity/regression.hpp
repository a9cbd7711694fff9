// Private helpers of the conductivity analyses: weighted straight-line least squares,
// distribution quantiles (Boost.Math, explicit policy) and information criteria.
// Not installed; Boost stays out of the public headers.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include <eis/conductivity/point.hpp>

namespace eis::conductivity::detail {

/// y = a + b·x by weighted least squares (METHODS.md §7.2), computed about the weighted mean
/// of x (algebraically identical to the Δ formulas, without their cancellation).
/// var_a, cov_ab, var_b are the unscaled (absolute-weight) covariances.
struct LineFit {
  double a = 0.0;
  double b = 0.0;
  double var_a = 0.0;
  double cov_ab = 0.0;
  double var_b = 0.0;
  double rss = 0.0;  ///< Σw(y − a − bx)²
  double syy = 0.0;  ///< Σw(y − ȳ)² (for R²)
};
[[nodiscard]] LineFit fit_line(std::span<const double> x,
                               std::span<const double> y,
                               std::span<const double> w);

/// Two-sided quantile: t_{(1+level)/2, dof} (Student t), or the normal one when dof is +inf.
[[nodiscard]] double two_sided_quantile(double level, double dof);
/// Upper quantile of χ² with `dof` degrees of freedom at probability `level`.
[[nodiscard]] double chi_square_quantile(double level, double dof);

/// METHODS.md §3.6 with n observations, M parameters and residual sum of squares S
/// (S is floored at 1e-300·n so exact data give a large negative, finite value).
[[nodiscard]] double aic(std::size_t n, double rss, std::size_t m);
[[nodiscard]] double aicc(std::size_t n, double rss, std::size_t m);
[[nodiscard]] double bic(std::size_t n, double rss, std::size_t m);

/// Checks the invariants of ConductivityPoint; throws eis::InvalidArgument naming the point.
void validate_points(std::span<const ConductivityPoint> points, const char* what);

/// Weights 1/(δσ/σ)² when `use` and every point has a finite, positive uncertainty, else 1.
/// `weighted` tells which case applied.
[[nodiscard]] std::vector<double> log_weights(std::span<const ConductivityPoint> points,
                                              bool use,
                                              bool& weighted);

}  // namespace eis::conductivity::detail
