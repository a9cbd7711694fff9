#include <cmath>
#include <limits>
#include <string>

#include <Eigen/SVD>
#include <boost/math/distributions/fisher_f.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/policies/policy.hpp>

#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>
#include <eis/fit/statistics.hpp>

namespace eis {

namespace {

// Explicit Boost.Math policy (CONVENTIONS.md §5): never throw, never promote; domain errors
// give NaN, which the callers check.
using BoostPolicy = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::ignore_error>,
    boost::math::policies::pole_error<boost::math::policies::ignore_error>,
    boost::math::policies::overflow_error<boost::math::policies::ignore_error>,
    boost::math::policies::evaluation_error<boost::math::policies::ignore_error>,
    boost::math::policies::promote_double<false>>;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

}  // namespace

CovarianceResult covariance_from_jacobian(const Eigen::Ref<const Eigen::MatrixXd>& jacobian,
                                          double residual_variance,
                                          double cutoff) {
  if (jacobian.size() == 0) {
    throw InvalidArgument("covariance_from_jacobian: the Jacobian is empty");
  }
  if (!jacobian.allFinite()) {
    throw InvalidArgument("covariance_from_jacobian: the Jacobian has non-finite entries");
  }
  if (!(residual_variance >= 0.0) || !std::isfinite(residual_variance)) {
    throw InvalidArgument(
        "covariance_from_jacobian: residual variance must be finite and >= 0, got " +
        eis::detail::to_text(residual_variance));
  }
  const Eigen::Index m = jacobian.cols();
  Eigen::JacobiSVD<Eigen::MatrixXd> svd(jacobian, Eigen::ComputeThinV);
  CovarianceResult out;
  out.singular_values = svd.singularValues();
  out.right_singular_vectors = svd.matrixV();
  const double largest = out.singular_values.size() > 0 ? out.singular_values(0) : 0.0;
  const double smallest =
      out.singular_values.size() > 0 ? out.singular_values(out.singular_values.size() - 1) : 0.0;
  out.condition_number =
      smallest > 0.0 ? largest / smallest : std::numeric_limits<double>::infinity();
  // (JᵀJ)⁻¹ = V Σ⁻² Vᵀ with σ_k < cutoff·σ_max treated as zero (METHODS.md §3.5).
  Eigen::VectorXd inverse_squares = Eigen::VectorXd::Zero(out.singular_values.size());
  for (Eigen::Index k = 0; k < out.singular_values.size(); ++k) {
    const double s = out.singular_values(k);
    if (s > cutoff * largest && s > 0.0) {
      inverse_squares(k) = 1.0 / (s * s);
    } else {
      ++out.rank_deficiency;
    }
  }
  if (out.singular_values.size() < m) {
    out.rank_deficiency += static_cast<std::size_t>(m - out.singular_values.size());
  }
  const Eigen::MatrixXd& v = out.right_singular_vectors;
  out.covariance = residual_variance * (v * inverse_squares.asDiagonal() * v.transpose());
  out.standard_errors = out.covariance.diagonal().cwiseMax(0.0).cwiseSqrt();
  out.correlation = Eigen::MatrixXd::Identity(m, m);
  for (Eigen::Index i = 0; i < m; ++i) {
    for (Eigen::Index j = 0; j < m; ++j) {
      if (i != j) {
        const double denominator = out.standard_errors(i) * out.standard_errors(j);
        out.correlation(i, j) = denominator > 0.0 ? out.covariance(i, j) / denominator : 0.0;
      }
    }
  }
  return out;
}

double student_t_quantile(double probability, double degrees_of_freedom) {
  if (!(probability > 0.0 && probability < 1.0) || !(degrees_of_freedom > 0.0)) {
    throw InvalidArgument("student_t_quantile: need 0 < p < 1 and dof > 0, got p = " +
                          eis::detail::to_text(probability) +
                          ", dof = " + eis::detail::to_text(degrees_of_freedom));
  }
  const boost::math::students_t_distribution<double, BoostPolicy> distribution(degrees_of_freedom);
  return boost::math::quantile(distribution, probability);
}

double akaike_information_criterion(double chi_square,
                                    std::size_t observations,
                                    std::size_t free_parameters) noexcept {
  if (observations == 0 || !(chi_square > 0.0)) {
    return nan;
  }
  const auto n = static_cast<double>(observations);
  return n * std::log(chi_square / n) + 2.0 * static_cast<double>(free_parameters);
}

double corrected_akaike_information_criterion(double chi_square,
                                              std::size_t observations,
                                              std::size_t free_parameters) noexcept {
  if (observations <= free_parameters + 1) {
    return nan;
  }
  const auto n = static_cast<double>(observations);
  const auto m = static_cast<double>(free_parameters);
  return akaike_information_criterion(chi_square, observations, free_parameters) +
         2.0 * m * (m + 1.0) / (n - m - 1.0);
}

double bayesian_information_criterion(double chi_square,
                                      std::size_t observations,
                                      std::size_t free_parameters) noexcept {
  if (observations == 0 || !(chi_square > 0.0)) {
    return nan;
  }
  const auto n = static_cast<double>(observations);
  return n * std::log(chi_square / n) + static_cast<double>(free_parameters) * std::log(n);
}

double pseudo_chi_square(std::span<const Complex> data, std::span<const Complex> model) {
  if (data.size() != model.size()) {
    throw InvalidArgument("pseudo_chi_square: " + eis::detail::to_text(data.size()) +
                          " data points but " + eis::detail::to_text(model.size()) +
                          " model points");
  }
  double sum = 0.0;
  for (std::size_t i = 0; i < data.size(); ++i) {
    sum += std::norm(data[i] - model[i]) / std::norm(data[i]);  // METHODS.md §3.7
  }
  return sum;
}

FTestResult nested_f_test(double simple_chi_square,
                          std::size_t simple_parameters,
                          double complex_chi_square,
                          std::size_t complex_parameters,
                          std::size_t observations) {
  if (!(simple_parameters < complex_parameters && complex_parameters < observations) ||
      !(complex_chi_square > 0.0) || !std::isfinite(simple_chi_square)) {
    throw InvalidArgument("nested_f_test: need M1 < M2 < n and S2 > 0 (M1 = " +
                          eis::detail::to_text(simple_parameters) +
                          ", M2 = " + eis::detail::to_text(complex_parameters) +
                          ", n = " + eis::detail::to_text(observations) + ")");
  }
  FTestResult out;
  out.numerator_dof = complex_parameters - simple_parameters;
  out.denominator_dof = observations - complex_parameters;
  const auto d1 = static_cast<double>(out.numerator_dof);
  const auto d2 = static_cast<double>(out.denominator_dof);
  // METHODS.md §3.6
  out.f = ((simple_chi_square - complex_chi_square) / d1) / (complex_chi_square / d2);
  if (out.f <= 0.0) {
    out.p_value = 1.0;
    return out;
  }
  const boost::math::fisher_f_distribution<double, BoostPolicy> distribution(d1, d2);
  out.p_value = boost::math::cdf(boost::math::complement(distribution, out.f));
  return out;
}

RunsTestResult runs_test(std::span<const double> residuals) noexcept {
  RunsTestResult out;
  int previous = 0;
  for (const double r : residuals) {
    if (!(r != 0.0) || !std::isfinite(r)) {
      continue;  // zeros carry no sign
    }
    const int sign = r > 0.0 ? 1 : -1;
    (sign > 0 ? out.positive : out.negative) += 1;
    if (sign != previous) {
      ++out.runs;
      previous = sign;
    }
  }
  const auto n1 = static_cast<double>(out.positive);
  const auto n2 = static_cast<double>(out.negative);
  const double n = n1 + n2;
  if (n < 2.0) {
    return out;
  }
  if (n1 == 0.0 || n2 == 0.0) {
    out.z = -std::numeric_limits<double>::infinity();
    return out;
  }
  // Wald & Wolfowitz (1940): E[runs] = 2n₁n₂/n + 1, Var = 2n₁n₂(2n₁n₂ − n)/(n²(n − 1)).
  const double expected = 2.0 * n1 * n2 / n + 1.0;
  const double variance = 2.0 * n1 * n2 * (2.0 * n1 * n2 - n) / (n * n * (n - 1.0));
  out.z = variance > 0.0 ? (static_cast<double>(out.runs) - expected) / std::sqrt(variance) : 0.0;
  return out;
}

}  // namespace eis
