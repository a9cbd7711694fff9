#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include <eis/cv/smoothing.hpp>
#include <eis/error.hpp>

#include "support/support.hpp"

namespace {

using eis::cv::savitzky_golay;
using eis::cv::savitzky_golay_coefficients;
using eis::test::all_near_relative;

TEST(SavitzkyGolay, FivePointQuadraticCoefficientsMatchTheClassicTable) {
  // Savitzky & Golay (1964), Table I: (−3, 12, 17, 12, −3)/35; derivative (−2, −1, 0, 1, 2)/10.
  const std::vector<double> smooth{-3 / 35.0, 12 / 35.0, 17 / 35.0, 12 / 35.0, -3 / 35.0};
  EXPECT_TRUE(all_near_relative(savitzky_golay_coefficients(5, 2), smooth, 1e-12, 1e-15));
  const std::vector<double> slope{-0.2, -0.1, 0.0, 0.1, 0.2};
  EXPECT_TRUE(all_near_relative(savitzky_golay_coefficients(5, 2, 1), slope, 1e-12, 1e-15));
  // Seven points, quadratic: (−2, 3, 6, 7, 6, 3, −2)/21.
  const std::vector<double> seven{
      -2 / 21.0, 3 / 21.0, 6 / 21.0, 7 / 21.0, 6 / 21.0, 3 / 21.0, -2 / 21.0};
  EXPECT_TRUE(all_near_relative(savitzky_golay_coefficients(7, 3), seven, 1e-12, 1e-15));
}

TEST(SavitzkyGolay, ReproducesPolynomialsUpToItsOrderIncludingTheEnds) {
  std::vector<double> y;
  std::vector<double> dy;
  for (int k = 0; k < 60; ++k) {
    const double x = k;
    y.push_back(2.0 - 0.5 * x + 0.03 * x * x - 4e-4 * x * x * x);
    dy.push_back(-0.5 + 0.06 * x - 12e-4 * x * x);
  }
  const eis::cv::SavitzkyGolayOptions cubic{.window_points = 11, .polynomial_order = 3};
  EXPECT_TRUE(all_near_relative(savitzky_golay(y, cubic), y, 1e-10, 1e-10));
  EXPECT_TRUE(all_near_relative(savitzky_golay(y, cubic, 1), dy, 1e-9, 1e-10));
}

TEST(SavitzkyGolay, ShortRecordsUseTheLargestWindowThatFits) {
  const std::vector<double> y{1.0, 4.0, 9.0, 16.0};  // (k+1)², k = 0..3
  const auto s = savitzky_golay(y);                  // window 15 → 3, order 2
  EXPECT_TRUE(all_near_relative(s, y, 1e-12, 1e-12));
}

TEST(SavitzkyGolay, ReducesWhiteNoiseByTheCentralCoefficient) {
  // Var(smoothed) = σ² Σ c_k²; for the symmetric filter Σ c_k² = c_0. Here c_0 of (15, 2).
  const auto c = savitzky_golay_coefficients(15, 2);
  double sum_sq = 0;
  for (const double v : c) {
    sum_sq += v * v;
  }
  EXPECT_TRUE(eis::test::near_relative(sum_sq, c[7], 1e-10));
  // Closed form of the central quadratic coefficient: c_0 = 3(3m² − 7)/(4m(m² − 4)), m = 15
  // (checked against numpy.linalg.pinv of the 15×3 Vandermonde matrix: 0.15113122171945703).
  const double m = 15;
  EXPECT_TRUE(eis::test::near_relative(c[7], 3 * (3 * m * m - 7) / (4 * m * (m * m - 4)), 1e-10));
}

TEST(SavitzkyGolay, RejectsInvalidOptions) {
  const std::vector<double> y(20, 1.0);
  EXPECT_THROW((void)savitzky_golay(y, {.window_points = 10}), eis::InvalidArgument);
  EXPECT_THROW((void)savitzky_golay(y, {.window_points = 5, .polynomial_order = 5}),
               eis::InvalidArgument);
  EXPECT_THROW((void)savitzky_golay(y, {}, -1), eis::InvalidArgument);
  EXPECT_TRUE(eis::cv::SavitzkyGolayOptions{}.validate() == std::nullopt);
}

}  // namespace
