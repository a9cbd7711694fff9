// Tests of eis/drt/peaks.hpp on analytic curves: two Gaussians in ln τ with known areas.
#include <cmath>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

#include <eis/drt/peaks.hpp>
#include <eis/error.hpp>

#include "support/support.hpp"

namespace {

// Unit-area Gaussian in x = ln τ with standard deviation 0.5.
double unit_gaussian(double x) {
  constexpr double sigma = 0.5;
  return std::exp(-x * x / (2 * sigma * sigma)) / (sigma * std::sqrt(2 * std::numbers::pi));
}

TEST(DrtPeaks, TwoSeparatedGaussiansGiveTheirAreasAndCentres) {
  // γ = A1·g(ln τ − ln 1e-4) + A2·g(ln τ − ln 1e-1), g unit-area Gaussian with σ = 0.5:
  // areas A1 = 100 Ω, A2 = 300 Ω (overlap < 1e-20), maxima at the centres.
  const auto g = unit_gaussian;
  std::vector<double> tau;
  std::vector<double> gamma;
  for (int i = 0; i <= 800; ++i) {
    const double lt = -7.0 + 8.0 * i / 800.0;
    tau.push_back(std::pow(10.0, lt));
    const double x = std::log(tau.back());
    gamma.push_back(100.0 * g(x - std::log(1e-4)) + 300.0 * g(x - std::log(1e-1)));
  }
  const auto peaks = eis::drt::find_peaks(tau, gamma);
  ASSERT_EQ(peaks.size(), 2u);
  EXPECT_TRUE(eis::test::near_relative(peaks[0].tau_s, 1e-4, 1e-4));
  EXPECT_TRUE(eis::test::near_relative(peaks[0].resistance_ohm, 100.0, 1e-4));
  EXPECT_TRUE(eis::test::near_relative(peaks[1].tau_s, 1e-1, 1e-4));
  EXPECT_TRUE(eis::test::near_relative(peaks[1].resistance_ohm, 300.0, 1e-4));
  EXPECT_TRUE(eis::test::near_relative(peaks[1].capacitance_f, 1e-1 / 300.0, 1e-4));
  EXPECT_TRUE(
      eis::test::near_relative(peaks[1].frequency_hz, 1.0 / (2 * std::numbers::pi * 0.1), 1e-4));
  EXPECT_TRUE(eis::test::near_relative(peaks[1].height_ohm, 300.0 * g(0.0), 1e-4));
}

TEST(DrtPeaks, RippleOnAShoulderIsNotAPeak) {
  std::vector<double> tau;
  std::vector<double> gamma;
  for (int i = 0; i <= 400; ++i) {
    const double x = -5.0 + 10.0 * i / 400.0;
    tau.push_back(std::exp(x));
    // Broad peak at x = 0 plus a 1 % ripple: ripples have prominence < 5 % of their height.
    gamma.push_back(std::exp(-x * x / 4.0) * (1.0 + 0.01 * std::sin(8.0 * x)) + 0.5);
  }
  const auto peaks = eis::drt::find_peaks(tau, gamma);
  ASSERT_EQ(peaks.size(), 1u);
  // The 1 % ripple moves the maximum by up to ~0.1 (half a ripple period is 0.39).
  EXPECT_NEAR(std::log(peaks[0].tau_s), 0.0, 0.2);
}

// Two unit-area Gaussians (σ = 0.5 in ln τ) 2.5 apart: the valley between them is at x = 1.25
// with γ = 2·g(1.25) = 0.0351, the maxima ≈ g(0) + g(2.5) = 0.7996. Prominence ≈ 0.7645, so
// with a constant sd s of γ(peak) − γ(valley) the significance is 0.7645/s. s = 0.1 → 7.6 σ:
// both kept; s = 1 → 0.76 σ: the first-found least significant maximum is dropped and the lone
// survivor holds the whole area 2 (the integral of both Gaussians).
TEST(DrtPeaks, InsignificantMaximaAreMergedIntoTheirNeighbour) {
  const auto g = unit_gaussian;
  std::vector<double> tau;
  std::vector<double> gamma;
  for (int i = 0; i <= 1000; ++i) {
    const double x = -5.0 + 12.5 * i / 1000.0;
    tau.push_back(std::exp(x));
    gamma.push_back(g(x) + g(x - 2.5));
  }
  const double prominence = g(0.0) + g(2.5) - 2.0 * g(1.25);
  const auto small = eis::drt::find_peaks(
      tau, gamma, {.min_significance = 1.96}, [](std::size_t i, std::size_t k) {
        return i == k ? 0.0 : 0.1;
      });
  ASSERT_EQ(small.size(), 2u);
  EXPECT_NEAR(small[0].significance, prominence / 0.1, 0.01 * prominence / 0.1);
  EXPECT_NEAR(small[0].resistance_ohm, 1.0, 1e-3);
  const auto large = eis::drt::find_peaks(
      tau, gamma, {.min_significance = 1.96}, [](std::size_t i, std::size_t k) {
        return i == k ? 0.0 : 1.0;
      });
  ASSERT_EQ(large.size(), 1u);
  EXPECT_NEAR(large[0].resistance_ohm, 2.0, 1e-3);
  EXPECT_TRUE(std::isinf(large[0].significance));
  // Significance off (the default): both kept, significance still reported.
  const auto off = eis::drt::find_peaks(
      tau, gamma, {}, [](std::size_t i, std::size_t k) { return i == k ? 0.0 : 1.0; });
  ASSERT_EQ(off.size(), 2u);
  EXPECT_NEAR(off[1].significance, prominence, 0.01 * prominence);
  // Without an uncertainty there is no significance.
  EXPECT_TRUE(std::isnan(eis::drt::find_peaks(tau, gamma)[0].significance));
}

TEST(DrtPeaks, RejectsBadInput) {
  const std::vector<double> tau{1.0, 2.0};
  const std::vector<double> gamma{1.0, 2.0};
  EXPECT_THROW((void)eis::drt::find_peaks(tau, gamma), eis::InvalidArgument);
  const std::vector<double> tau3{1.0, 3.0, 2.0};
  const std::vector<double> g3{1.0, 2.0, 1.0};
  EXPECT_THROW((void)eis::drt::find_peaks(tau3, g3), eis::InvalidArgument);
  EXPECT_TRUE(
      eis::drt::find_peaks(std::vector<double>{1, 2, 3}, std::vector<double>{0, 0, 0}).empty());
  EXPECT_THROW(
      (void)eis::drt::find_peaks(
          std::vector<double>{1, 2, 3}, std::vector<double>{0, 1, 0}, {.min_significance = -1.0}),
      eis::InvalidArgument);
}

}  // namespace
