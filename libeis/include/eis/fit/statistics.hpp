/// @file
/// Statistics of least-squares fits (METHODS.md §3.5–§3.7): covariance from the weighted
/// Jacobian by SVD with a singular-value cut-off, Student-t quantiles, AIC/AICc/BIC with
/// n = 2N real observations, Boukamp's pseudo-χ², the nested-model F-test and a runs test
/// for systematic residuals.
#pragma once

#include <cstddef>
#include <span>

#include <Eigen/Core>

#include <eis/spectrum.hpp>

namespace eis {

/// Covariance of least-squares estimates (METHODS.md §3.5).
struct CovarianceResult {
  Eigen::MatrixXd covariance;       ///< s²·V Σ⁻² Vᵀ (pseudo-inverse beyond the cut-off)
  Eigen::VectorXd standard_errors;  ///< √diag(covariance)
  Eigen::MatrixXd correlation;      ///< Cov_kl/√(Cov_kk Cov_ll)
  Eigen::VectorXd singular_values;  ///< of the weighted Jacobian, descending
  /// Right singular vectors; the last rank_deficiency columns span the non-identifiable
  /// parameter combinations.
  Eigen::MatrixXd right_singular_vectors;
  double condition_number = 0.0;    ///< σ_max/σ_min (infinite when σ_min = 0)
  std::size_t rank_deficiency = 0;  ///< singular values below cutoff·σ_max
};

/// Covariance s²(JᵀJ)⁻¹ from the weighted Jacobian J (2N×M, ∂r/∂θ) through J = UΣVᵀ:
/// (JᵀJ)⁻¹ = VΣ⁻²Vᵀ, treating σ_k < cutoff·σ_max as zero.
/// @param residual_variance  s² = S/ν for relative weights, 1 for absolute (σ-based) weights
/// @throws eis::InvalidArgument if the Jacobian is empty or not finite, or s² < 0.
/// Thread-safety: reentrant.
[[nodiscard]] CovarianceResult covariance_from_jacobian(
    const Eigen::Ref<const Eigen::MatrixXd>& jacobian,
    double residual_variance,
    double cutoff = 1e-12);

/// Quantile of Student's t distribution (Boost.Math), e.g. t(0.975, ν) for a 95 % interval.
/// @throws eis::InvalidArgument unless 0 < probability < 1 and degrees_of_freedom > 0.
[[nodiscard]] double student_t_quantile(double probability, double degrees_of_freedom);

/// AIC = n ln(S/n) + 2M (lmfit's definition, METHODS.md §3.6); n = 2N real observations.
[[nodiscard]] double akaike_information_criterion(double chi_square,
                                                  std::size_t observations,
                                                  std::size_t free_parameters) noexcept;
/// AICc = AIC + 2M(M+1)/(n − M − 1); NaN when n ≤ M + 1.
[[nodiscard]] double corrected_akaike_information_criterion(double chi_square,
                                                            std::size_t observations,
                                                            std::size_t free_parameters) noexcept;
/// BIC = n ln(S/n) + M ln n.
[[nodiscard]] double bayesian_information_criterion(double chi_square,
                                                    std::size_t observations,
                                                    std::size_t free_parameters) noexcept;

/// Boukamp pseudo-χ² (Boukamp 1995 eq. 14, METHODS.md §3.7): Σ |Z_i − Ẑ_i|²/|Z_i|², not
/// divided by ν. @throws eis::InvalidArgument if the sizes differ.
[[nodiscard]] double pseudo_chi_square(std::span<const Complex> data,
                                       std::span<const Complex> model);

/// Nested-model F-test (METHODS.md §3.6).
struct FTestResult {
  double f = 0.0;        ///< [(S₁ − S₂)/(M₂ − M₁)] / [S₂/(n − M₂)]
  double p_value = 1.0;  ///< P(F(M₂ − M₁, n − M₂) ≥ f)
  std::size_t numerator_dof = 0;
  std::size_t denominator_dof = 0;
};
/// @param simple_chi_square, simple_parameters    S₁, M₁ of the nested (smaller) model
/// @param complex_chi_square, complex_parameters  S₂, M₂ of the larger model
/// @throws eis::InvalidArgument unless M₁ < M₂ < n and S₂ > 0.
[[nodiscard]] FTestResult nested_f_test(double simple_chi_square,
                                        std::size_t simple_parameters,
                                        double complex_chi_square,
                                        std::size_t complex_parameters,
                                        std::size_t observations);

/// Wald–Wolfowitz runs test on the signs of a residual sequence ordered by frequency: too few
/// runs mean systematic (trending) residuals. z < −3 is a strong trend.
struct RunsTestResult {
  std::size_t runs = 0;
  std::size_t positive = 0;
  std::size_t negative = 0;
  double z = 0.0;  ///< (runs − expected)/sd; 0 when undefined (all one sign counts as −∞)
};
[[nodiscard]] RunsTestResult runs_test(std::span<const double> residuals) noexcept;

}  // namespace eis
