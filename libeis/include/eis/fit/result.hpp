/// @file
/// FitResult: parameters in the circuit's own parameterisation with standard errors,
/// confidence intervals computed in the fitted space, covariance and correlation, fit-quality
/// statistics (χ², reduced χ², Boukamp pseudo-χ², AIC/BIC), termination and warnings.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Core>

#include <eis/fit/options.hpp>
#include <eis/spectrum.hpp>

namespace eis {

/// Outcome of fit_circuit(). Vectors indexed by parameter follow Circuit::parameter_names().
/// Thread-safety: a value type.
struct FitResult {
  std::string circuit;                 ///< the fitted circuit, impedance.py syntax
  std::vector<std::string> names;      ///< parameter names, circuit order
  std::vector<std::string> units;      ///< parameter units ("ohm", "F", "S s^n", "1", ...)
  std::vector<bool> fixed;             ///< true for parameters held during the fit
  std::vector<bool> at_bound;          ///< true when the estimate sits at a bound
  Eigen::VectorXd parameters;          ///< best parameters found (even when not converged)
  Eigen::VectorXd initial_parameters;  ///< where the final local fit started
  /// Standard errors by the delta method, SE(p) = |dp/dθ|·SE(θ) (METHODS.md §3.4); 0 for
  /// fixed parameters; empty when the covariance is unavailable (see warnings).
  Eigen::VectorXd standard_errors;
  /// Confidence interval (FitOptions::confidence_level, Student t with ν = 2N − M) computed
  /// in the fitted space θ (ln p for positive parameters, logistic for bounded ones) and
  /// mapped back, so it can be asymmetric. Empty when the covariance is unavailable.
  Eigen::VectorXd ci_lower;
  Eigen::VectorXd ci_upper;
  /// Covariance of the parameters in user units (delta method), zero rows for fixed ones.
  Eigen::MatrixXd covariance;
  /// Covariance in the fitted space θ (free parameters only, in free-parameter order).
  Eigen::MatrixXd fitted_space_covariance;
  /// Correlation ρ_kl = Cov_kl/√(Cov_kk Cov_ll); identity entries for fixed parameters.
  Eigen::MatrixXd correlation;
  double condition_number = std::numeric_limits<double>::quiet_NaN();  ///< of the weighted J
  std::size_t rank_deficiency = 0;  ///< singular values treated as zero (non-identifiable)

  double chi_square = std::numeric_limits<double>::quiet_NaN();  ///< S, weighted sum of squares
  double reduced_chi_square = std::numeric_limits<double>::quiet_NaN();  ///< S/(2N − M)
  double pseudo_chi_square = std::numeric_limits<double>::quiet_NaN();   ///< Boukamp eq. 14
  double aic = std::numeric_limits<double>::quiet_NaN();   ///< n ln(S/n) + 2M, n = 2N (§3.6)
  double aicc = std::numeric_limits<double>::quiet_NaN();  ///< AIC + 2M(M+1)/(n − M − 1)
  double bic = std::numeric_limits<double>::quiet_NaN();   ///< n ln(S/n) + M ln n
  std::size_t points = 0;              ///< N, points used after frequency selection
  std::size_t free_parameters = 0;     ///< M
  std::size_t degrees_of_freedom = 0;  ///< ν = 2N − M
  Weighting weighting = Weighting::modulus;
  FitDomain domain = FitDomain::impedance;

  /// The data points used and the fitted model at them (for plots and residuals).
  std::vector<double> frequency_hz;
  std::vector<Complex> data_ohm;
  std::vector<Complex> model_ohm;

  int iterations = 0;   ///< LM iterations of the final local fit
  int evaluations = 0;  ///< model evaluations, all starts and global search included
  int starts = 0;       ///< local fits run (1 without multi-start)
  bool automatic_initial_values = false;  ///< initial values were estimated from the data
  Termination termination = Termination::numerical_failure;
  std::string message;                ///< one sentence: why it stopped
  std::vector<std::string> warnings;  ///< e.g. "R2 is at its lower bound"

  /// Converged with finite parameters and χ².
  [[nodiscard]] bool usable() const noexcept;
  /// Multi-line summary for logs and tools.
  [[nodiscard]] std::string report() const;
};

}  // namespace eis
