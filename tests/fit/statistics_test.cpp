// Statistics of least-squares fits against closed forms (METHODS.md §3.5–§3.7).
#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include <eis/error.hpp>
#include <eis/fit/statistics.hpp>

namespace {

TEST(Covariance, MatchesStraightLineFormulas) {
  // y = a + b x: Var(b) = s²/Sxx, Var(a) = s²(1/n + x̄²/Sxx), Cov(a,b) = −s² x̄/Sxx.
  const std::vector<double> x{0.0, 1.0, 2.0, 3.0, 5.0, 8.0};
  Eigen::MatrixXd j(6, 2);
  double mean = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    j(static_cast<Eigen::Index>(i), 0) = 1.0;
    j(static_cast<Eigen::Index>(i), 1) = x[i];
    mean += x[i] / 6.0;
  }
  double sxx = 0.0;
  for (const double xi : x) {
    sxx += (xi - mean) * (xi - mean);
  }
  const double s2 = 0.37;
  const auto c = eis::covariance_from_jacobian(j, s2);
  EXPECT_NEAR(c.covariance(1, 1), s2 / sxx, 1e-12);
  EXPECT_NEAR(c.covariance(0, 0), s2 * (1.0 / 6.0 + mean * mean / sxx), 1e-12);
  EXPECT_NEAR(c.covariance(0, 1), -s2 * mean / sxx, 1e-12);
  EXPECT_NEAR(c.standard_errors(1), std::sqrt(s2 / sxx), 1e-12);
  EXPECT_NEAR(c.correlation(0, 1),
              c.covariance(0, 1) / std::sqrt(c.covariance(0, 0) * c.covariance(1, 1)),
              1e-12);
  EXPECT_EQ(c.rank_deficiency, 0U);
  EXPECT_TRUE(std::isfinite(c.condition_number));
}

TEST(Covariance, FlagsRankDeficiency) {
  Eigen::MatrixXd j(4, 2);
  j << 1, 2, 2, 4, 3, 6, 4, 8;  // second column = 2 × first
  const auto c = eis::covariance_from_jacobian(j, 1.0);
  EXPECT_EQ(c.rank_deficiency, 1U);
  EXPECT_GT(c.condition_number, 1e12);
  EXPECT_TRUE(c.covariance.allFinite());
}

TEST(Covariance, RejectsBadInput) {
  EXPECT_THROW((void)eis::covariance_from_jacobian(Eigen::MatrixXd(0, 0), 1.0),
               eis::InvalidArgument);
  Eigen::MatrixXd j = Eigen::MatrixXd::Ones(3, 1);
  j(1, 0) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW((void)eis::covariance_from_jacobian(j, 1.0), eis::InvalidArgument);
}

TEST(StudentT, QuantilesMatchClosedForms) {
  // ν = 1 (Cauchy): t_p = tan(π(p − 1/2)); ν = 2: t_p = (2p − 1)·√(2/(4p(1 − p))).
  EXPECT_NEAR(eis::student_t_quantile(0.975, 1.0), std::tan(M_PI * 0.475), 1e-10);
  const double p = 0.975;
  EXPECT_NEAR(
      eis::student_t_quantile(p, 2.0), (2 * p - 1) * std::sqrt(2.0 / (4 * p * (1 - p))), 1e-10);
  // Large ν approaches the normal quantile 1.959963984540054 (Φ⁻¹(0.975)).
  EXPECT_NEAR(eis::student_t_quantile(0.975, 1e7), 1.959963984540054, 1e-6);
  EXPECT_THROW((void)eis::student_t_quantile(1.0, 3.0), eis::InvalidArgument);
  EXPECT_THROW((void)eis::student_t_quantile(0.5, 0.0), eis::InvalidArgument);
}

TEST(InformationCriteria, FollowLmfitDefinitions) {
  const double s = 0.0031;
  const std::size_t n = 162;
  const std::size_t m = 8;
  const double base = 162.0 * std::log(s / 162.0);
  EXPECT_NEAR(eis::akaike_information_criterion(s, n, m), base + 16.0, 1e-10);
  EXPECT_NEAR(eis::bayesian_information_criterion(s, n, m), base + 8.0 * std::log(162.0), 1e-10);
  EXPECT_NEAR(eis::corrected_akaike_information_criterion(s, n, m),
              base + 16.0 + 2.0 * 8.0 * 9.0 / (162.0 - 9.0),
              1e-10);
  EXPECT_TRUE(std::isnan(eis::akaike_information_criterion(0.0, n, m)));
}

TEST(PseudoChiSquare, SumsRelativeSquaredDeviations) {
  const std::vector<eis::Complex> data{{3.0, -4.0}, {1.0, 0.0}};
  const std::vector<eis::Complex> model{{3.0, -3.0}, {1.1, 0.1}};
  EXPECT_NEAR(eis::pseudo_chi_square(data, model), 1.0 / 25.0 + 0.02 / 1.0, 1e-14);
  EXPECT_THROW((void)eis::pseudo_chi_square(data, std::vector<eis::Complex>(1)),
               eis::InvalidArgument);
}

TEST(FTest, MatchesClosedFormForTwoNumeratorDegrees) {
  // For d1 = 2 the F survival function is (1 + 2F/d2)^{−d2/2}.
  const auto r = eis::nested_f_test(12.0, 3, 10.0, 5, 45);
  EXPECT_EQ(r.numerator_dof, 2U);
  EXPECT_EQ(r.denominator_dof, 40U);
  const double f = (2.0 / 2.0) / (10.0 / 40.0);
  EXPECT_NEAR(r.f, f, 1e-12);
  EXPECT_NEAR(r.p_value, std::pow(1.0 + 2.0 * f / 40.0, -20.0), 1e-10);
  EXPECT_THROW((void)eis::nested_f_test(1.0, 5, 1.0, 3, 40), eis::InvalidArgument);
}

TEST(RunsTest, DetectsTrendsAndAlternation) {
  std::vector<double> alternating;
  std::vector<double> trend;
  for (int i = 0; i < 40; ++i) {
    alternating.push_back(i % 2 == 0 ? 1.0 : -1.0);
    trend.push_back(i < 20 ? 1.0 : -1.0);
  }
  const auto a = eis::runs_test(alternating);
  EXPECT_EQ(a.runs, 40U);
  EXPECT_GT(a.z, 3.0);
  const auto t = eis::runs_test(trend);
  EXPECT_EQ(t.runs, 2U);
  // E = 2·20·20/40 + 1 = 21, Var = 2·400·(800 − 40)/(1600·39)
  EXPECT_NEAR(t.z, (2.0 - 21.0) / std::sqrt(800.0 * 760.0 / (1600.0 * 39.0)), 1e-12);
}

}  // namespace
