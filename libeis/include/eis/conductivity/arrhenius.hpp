/// @file
/// Arrhenius fits of ionic conductivity, σ = A·exp(−Ea/k_BT) or σT = A·exp(−Ea/k_BT), by
/// weighted linear least squares of ln σ (or ln σT) against 1/T, with standard errors and
/// Student-t confidence intervals (METHODS.md §7.2).
#pragma once

#include <array>
#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <eis/conductivity/point.hpp>

namespace eis::conductivity {

/// Which Arrhenius form (METHODS.md §7.2). Always report it: Ea(σT) ≈ Ea(σ) + k_B·T̄.
enum class ArrheniusForm {
  sigma,   ///< σ = A·exp(−Ea/k_BT); A in S/cm            (CLI name "arrhenius")
  sigma_t  ///< σT = A·exp(−Ea/k_BT); A in S·K/cm         (CLI name "arrhenius-t")
};
/// "arrhenius" or "arrhenius-t".
[[nodiscard]] std::string to_string(ArrheniusForm form);
/// Inverse of to_string(); std::nullopt for anything else.
[[nodiscard]] std::optional<ArrheniusForm> parse_arrhenius_form(std::string_view text);

/// How point weights enter (METHODS.md §7.2): w_i = 1/s_i², s_i = δσ_i/σ_i.
enum class WeightScale {
  /// The σ uncertainties are only relative: variances are multiplied by the reduced χ²
  /// s² = Σw(y − a − bx)²/(n − 2); Student-t CIs with n − 2 degrees of freedom.
  relative,
  /// The σ uncertainties are true standard errors: Var(b) = Σw/Δ etc. without rescaling;
  /// normal-quantile CIs.
  absolute
};

/// Options for fit_arrhenius().
struct ArrheniusOptions {
  /// σT is the Nernst–Einstein-motivated form and the one most papers in the field fit.
  ArrheniusForm form = ArrheniusForm::sigma_t;
  /// Weight by the σ uncertainties when every point has a finite, positive one; otherwise
  /// (or when false) all weights are 1 and the scale is estimated from the residuals.
  bool use_uncertainties = true;
  /// Relative by default: instrument/fit uncertainties are rarely calibrated.
  WeightScale weight_scale = WeightScale::relative;
  /// Confidence level of the reported intervals (0 < level < 1).
  double confidence = 0.95;
  /// @return a message when an option is out of range, std::nullopt when valid.
  [[nodiscard]] std::optional<std::string> validate() const;
};

/// Result of an Arrhenius fit. y = ln σ (or ln σT) = a + b·x, x = 1/T in 1/K.
struct ArrheniusResult {
  ArrheniusForm form = ArrheniusForm::sigma_t;
  std::size_t points = 0;
  bool weighted = false;  ///< true when the σ uncertainties were used as weights
  double slope_k = std::numeric_limits<double>::quiet_NaN();    ///< b in K
  double intercept = std::numeric_limits<double>::quiet_NaN();  ///< a = ln A
  /// Covariance of (a, b): {Var(a), Cov(a, b), Var(b)} (scaled by s² for relative weights).
  std::array<double, 3> covariance = {};
  double ea_ev = std::numeric_limits<double>::quiet_NaN();  ///< Ea = −b·k_B, eV
  double ea_stderr_ev = std::numeric_limits<double>::quiet_NaN();
  std::array<double, 2> ea_ci_ev = {};                              ///< at options.confidence
  double ea_kj_per_mol = std::numeric_limits<double>::quiet_NaN();  ///< Ea·96.485 kJ/mol
  double ea_stderr_kj_per_mol = std::numeric_limits<double>::quiet_NaN();
  /// log10 A, with A in S/cm (form sigma) or S·K/cm (form sigma_t).
  double log10_prefactor = std::numeric_limits<double>::quiet_NaN();
  double log10_prefactor_stderr = std::numeric_limits<double>::quiet_NaN();
  std::array<double, 2> log10_prefactor_ci = {};
  double confidence = 0.95;
  double degrees_of_freedom = 0.0;                               ///< n − 2
  double quantile = std::numeric_limits<double>::quiet_NaN();    ///< t (or z) used for the CIs
  double chi_square = std::numeric_limits<double>::quiet_NaN();  ///< Σw(y − a − bx)²
  double reduced_chi_square = std::numeric_limits<double>::quiet_NaN();  ///< χ²/(n − 2)
  double r_squared = std::numeric_limits<double>::quiet_NaN();           ///< weighted, in ln space
  /// Information criteria of the log-domain fit (METHODS.md §3.6, M = 2, n points).
  double aic = std::numeric_limits<double>::quiet_NaN();
  double aicc = std::numeric_limits<double>::quiet_NaN();
  double bic = std::numeric_limits<double>::quiet_NaN();
  double t_min_k = std::numeric_limits<double>::quiet_NaN();
  double t_max_k = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::string> warnings;
  [[nodiscard]] bool usable() const noexcept;
};

/// Fits the Arrhenius law to the points (all of them; split runs beforehand).
/// @param points  at least 3 points with at least 2 distinct temperatures
/// @throws eis::InvalidArgument on fewer points, a non-positive or non-finite T or σ, a
///         negative uncertainty, or invalid options.
/// Thread-safety: reentrant.
[[nodiscard]] ArrheniusResult fit_arrhenius(std::span<const ConductivityPoint> points,
                                            const ArrheniusOptions& options = {});

/// Conductivity predicted by a fit at temperature T, with its confidence interval.
struct ConductivityPrediction {
  double temperature_k = std::numeric_limits<double>::quiet_NaN();
  double sigma_s_per_cm = std::numeric_limits<double>::quiet_NaN();
  double log10_sigma = std::numeric_limits<double>::quiet_NaN();
  double log10_sigma_stderr = std::numeric_limits<double>::quiet_NaN();
  std::array<double, 2> sigma_ci_s_per_cm = {};  ///< at the fit's confidence level
};
/// σ(T) from an Arrhenius fit: log10 σ = (a + b/T − [ln T for σT])/ln 10, with the variance
/// Var(a) + 2Cov(a,b)/T + Var(b)/T². Interpolate, do not extrapolate (METHODS.md §7.5).
/// Thread-safety: reentrant.
[[nodiscard]] ConductivityPrediction predict(const ArrheniusResult& fit, double temperature_k);

/// Log-domain transform of one point: ln σ (sigma) or ln σT (sigma_t).
[[nodiscard]] double log_quantity(ArrheniusForm form, double temperature_k, double sigma_s_per_cm);

}  // namespace eis::conductivity
