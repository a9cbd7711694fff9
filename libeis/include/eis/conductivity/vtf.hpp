/// @file
/// Vogel–Tammann–Fulcher fits of ionic conductivity (METHODS.md §7.3):
/// form a σ = A·T^(−1/2)·exp(−B/(T − T0)), form b σ = A·exp(−B/(T − T0)); B in K, the
/// pseudo-activation energy k_B·B in eV. Profile method over T0 (linear in ln A and B for a
/// fixed T0), then a Levenberg–Marquardt refinement of all three for the covariance.
#pragma once

#include <array>
#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <eis/conductivity/arrhenius.hpp>
#include <eis/conductivity/point.hpp>

namespace eis::conductivity {

/// Which VTF form (METHODS.md §7.3).
enum class VtfForm {
  inverse_sqrt_t,  ///< form a: σ = A·T^(−1/2)·exp(−B/(T − T0)); A in S·K^(1/2)/cm
  plain            ///< form b: σ = A·exp(−B/(T − T0)); A in S/cm
};
/// "vtf" (form a) or "vtf-plain" (form b).
[[nodiscard]] std::string to_string(VtfForm form);
[[nodiscard]] std::optional<VtfForm> parse_vtf_form(std::string_view text);

/// Options for fit_vtf().
struct VtfOptions {
  VtfForm form = VtfForm::inverse_sqrt_t;  ///< form a is the one usually quoted
  /// Weight by the σ uncertainties when every point has one (as ArrheniusOptions).
  bool use_uncertainties = true;
  WeightScale weight_scale = WeightScale::relative;  ///< as ArrheniusOptions
  /// T0 stays within [t0_min_k, min(T) − t0_margin_k]: 10 K keeps the fit away from the
  /// singularity (METHODS.md §7.3).
  double t0_margin_k = 10.0;
  double t0_min_k = 0.0;  ///< physical lower bound of T0
  /// Grid points of the T0 profile scan before the golden-section refinement; 200 resolves
  /// the RSS minimum of typical data without missing a narrow valley.
  int profile_grid_points = 200;
  int max_iterations = 200;  ///< of the Levenberg–Marquardt refinement
  double confidence = 0.95;  ///< of the reported intervals
  [[nodiscard]] std::optional<std::string> validate() const;
};

/// Result of a VTF fit. Log-domain model y = ln A − B/(T − T0), with y = ln(σ·√T) (form a)
/// or ln σ (form b).
struct VtfResult {
  VtfForm form = VtfForm::inverse_sqrt_t;
  std::size_t points = 0;
  bool weighted = false;
  double ln_prefactor = std::numeric_limits<double>::quiet_NaN();  ///< ln A
  double log10_prefactor = std::numeric_limits<double>::quiet_NaN();
  double log10_prefactor_stderr = std::numeric_limits<double>::quiet_NaN();
  std::array<double, 2> log10_prefactor_ci = {};
  double b_k = std::numeric_limits<double>::quiet_NaN();  ///< B in K
  double b_stderr_k = std::numeric_limits<double>::quiet_NaN();
  std::array<double, 2> b_ci_k = {};
  double b_ev = std::numeric_limits<double>::quiet_NaN();  ///< k_B·B, pseudo-activation energy
  double b_stderr_ev = std::numeric_limits<double>::quiet_NaN();
  std::array<double, 2> b_ci_ev = {};
  double t0_k = std::numeric_limits<double>::quiet_NaN();
  double t0_stderr_k = std::numeric_limits<double>::quiet_NaN();
  std::array<double, 2> t0_ci_k = {};
  /// Correlation of B and T0 (|ρ| > 0.99 is common over narrow ranges; METHODS.md §7.3).
  double correlation_b_t0 = std::numeric_limits<double>::quiet_NaN();
  /// Covariance of (ln A, B, T0), row-major 3×3 (scaled by s² for relative weights).
  std::array<double, 9> covariance = {};
  double confidence = 0.95;
  double degrees_of_freedom = 0.0;  ///< n − 3
  double quantile = std::numeric_limits<double>::quiet_NaN();
  double chi_square = std::numeric_limits<double>::quiet_NaN();  ///< Σw·r² in the log domain
  double reduced_chi_square = std::numeric_limits<double>::quiet_NaN();
  double r_squared = std::numeric_limits<double>::quiet_NaN();
  double aic = std::numeric_limits<double>::quiet_NaN();  ///< M = 3
  double aicc = std::numeric_limits<double>::quiet_NaN();
  double bic = std::numeric_limits<double>::quiet_NaN();
  double t_min_k = std::numeric_limits<double>::quiet_NaN();
  double t_max_k = std::numeric_limits<double>::quiet_NaN();
  bool t0_at_bound = false;  ///< the optimum lies on a T0 bound: curvature not identified
  int iterations = 0;        ///< Levenberg–Marquardt iterations
  bool converged = false;
  std::vector<std::string> warnings;
  [[nodiscard]] bool usable() const noexcept;
};

/// Fits a VTF law.
/// @param points  at least 4 points, at least 3 distinct temperatures, min(T) − t0_margin_k
///                > t0_min_k
/// @throws eis::InvalidArgument on fewer points, invalid values or options.
/// Thread-safety: reentrant.
[[nodiscard]] VtfResult fit_vtf(std::span<const ConductivityPoint> points,
                                const VtfOptions& options = {});

/// σ(T) from a VTF fit with its confidence interval (delta method on ln A, B, T0).
/// Thread-safety: reentrant.
[[nodiscard]] ConductivityPrediction predict(const VtfResult& fit, double temperature_k);

}  // namespace eis::conductivity
