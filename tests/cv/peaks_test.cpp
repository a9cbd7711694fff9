#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include <eis/cv/peaks.hpp>
#include <eis/error.hpp>

#include "cv/synthetic.hpp"
#include "support/support.hpp"

namespace {

using eis::cv::SweepDirection;
using eis::test::near_relative;
using eis::test::cv::make_cv;
using eis::test::cv::Triangle;

// A redox couple: Gaussian peaks (σ_g = 30 mV) at E_pa = 1.05 V (anodic sweep, +100 µA) and
// E_pc = 0.95 V (cathodic sweep, −80 µA) on a sloped capacitive background, 1 µA noise.
constexpr double e_pa = 1.05;
constexpr double e_pc = 0.95;
constexpr double h_a = 100e-6;
constexpr double h_c = -80e-6;
constexpr double sigma_g = 0.03;

eis::cv::Voltammogram redox_cv(double noise) {
  const Triangle tri{.e_start_v = 0.5, .first_vertex_v = 1.5, .second_vertex_v = 0.5, .sweeps = 4};
  return make_cv(
      tri,
      [](double e, int dir, int, double) {
        const double background = dir * 2e-6 + 3e-6 * (e - 1.0);
        const double centre = dir > 0 ? e_pa : e_pc;
        const double height = dir > 0 ? h_a : h_c;
        return background + height * std::exp(-0.5 * std::pow((e - centre) / sigma_g, 2));
      },
      noise,
      21);
}

TEST(Peaks, FindsOneBaselineCorrectedPeakPerSweep) {
  const auto r = eis::cv::find_peaks(redox_cv(1e-6));
  ASSERT_EQ(r.peaks.size(), 4u);
  for (const auto& p : r.peaks) {
    const bool anodic = p.direction == SweepDirection::anodic;
    const double e_p = anodic ? e_pa : e_pc;
    EXPECT_NEAR(p.potential_v, e_p, 0.003);
    EXPECT_TRUE(near_relative(p.current_a, anodic ? h_a : h_c, 0.02));
    // Half height of a Gaussian lies σ_g·√(2 ln 2) from its centre, on the pre-peak side.
    const double half = e_p - (anodic ? 1 : -1) * sigma_g * std::sqrt(2 * std::log(2.0));
    ASSERT_TRUE(p.half_peak_potential_v.has_value());
    EXPECT_NEAR(*p.half_peak_potential_v, half, 0.003);
  }
  EXPECT_EQ(r.peaks[0].cycle, 1);
  EXPECT_EQ(r.peaks[3].cycle, 2);
  // Robust noise estimate from raw − smoothed: below the true σ (the filter keeps part of it).
  EXPECT_GT(r.noise_sigma_a, 0.7e-6);
  EXPECT_LT(r.noise_sigma_a, 1.1e-6);
}

TEST(Peaks, PairsTheCoupleAndGivesItsSeparation) {
  const auto r = eis::cv::find_peaks(redox_cv(1e-6));
  ASSERT_EQ(r.pairs.size(), 2u);
  for (const auto& pair : r.pairs) {
    EXPECT_NEAR(pair.separation_v, e_pa - e_pc, 0.004);
    EXPECT_NEAR(pair.midpoint_v, 0.5 * (e_pa + e_pc), 0.003);
    EXPECT_EQ(r.peaks[pair.anodic].direction, SweepDirection::anodic);
    EXPECT_EQ(r.peaks[pair.cathodic].direction, SweepDirection::cathodic);
  }
}

TEST(Peaks, NoiseAloneGivesNoPeak) {
  const Triangle tri{.e_start_v = 0.5, .first_vertex_v = 1.5, .second_vertex_v = 0.5, .sweeps = 2};
  const auto v = make_cv(
      tri, [](double e, int dir, int, double) { return dir * 2e-6 + 3e-6 * e; }, 1e-6, 4);
  const auto r = eis::cv::find_peaks(v);
  EXPECT_TRUE(r.peaks.empty());
  EXPECT_TRUE(r.pairs.empty());
}

TEST(Peaks, RejectsInvalidOptions) {
  const auto v = redox_cv(0.0);
  EXPECT_THROW((void)eis::cv::find_peaks(v, {.min_width_points = 0}), eis::InvalidArgument);
  EXPECT_THROW((void)eis::cv::find_peaks(v, {.min_prominence_a = -1}), eis::InvalidArgument);
}

}  // namespace
