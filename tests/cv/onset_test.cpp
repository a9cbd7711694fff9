#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include <eis/cv/onset.hpp>
#include <eis/error.hpp>

#include "cv/synthetic.hpp"
#include "support/support.hpp"

namespace {

using eis::cv::OnsetMethod;
using eis::cv::OnsetOptions;
using eis::test::near_relative;
using eis::test::cv::make_cv;
using eis::test::cv::Triangle;

// METHODS.md §10.1 ranges: 5 mV/s, capacitive background of a few µA/cm², oxidation modelled
// as exponential growth. With j_f(E) = j_th·exp((E − E_on)/β) the faradaic current density
// equals the threshold exactly at E = E_on, and the baseline (the capacitive current, constant
// per sweep) is removed by the fitted baseline, so the threshold onset is E_on.
constexpr double area_cm2 = 0.5;
constexpr double j_th_a_per_cm2 = 0.01e-3;     // 0.01 mA/cm², the default threshold
constexpr double j_dl_a_per_cm2 = 2e-6;        // C_dl·ν = 4e-4 F/cm² · 5 mV/s
constexpr double beta_v = 0.1;                 // e-fold per 100 mV
constexpr double noise_a = 0.2e-6 * area_cm2;  // 2 % of the threshold current
constexpr double c_dl_f = 4e-4 * area_cm2;     // 2e-4 F

eis::cv::Voltammogram oxidation_cv(std::vector<double> onset_per_cycle,
                                   double noise = noise_a,
                                   double e_low = 1.0) {
  const Triangle tri{.e_start_v = e_low,
                     .first_vertex_v = 5.5,
                     .second_vertex_v = e_low,
                     .sweeps = 2 * static_cast<int>(onset_per_cycle.size())};
  auto v = make_cv(
      tri,
      [onset_per_cycle](double e, int dir, int sweep, double) {
        const double e_on = onset_per_cycle[static_cast<std::size_t>(sweep / 2)];
        return area_cm2 * (dir * j_dl_a_per_cm2 + j_th_a_per_cm2 * std::exp((e - e_on) / beta_v));
      },
      noise,
      11);
  v.metadata.area_cm2 = area_cm2;
  return v;
}

class ThresholdOnset : public ::testing::TestWithParam<double> {};

TEST_P(ThresholdOnset, FindsTheKnownOnsetWithin20mV) {
  const double e_on = GetParam();
  const auto v = oxidation_cv({e_on});
  const auto r = eis::cv::stability_window(v);
  ASSERT_TRUE(r.usable) << r.message;
  ASSERT_TRUE(r.anodic_onset_v.has_value());
  EXPECT_NEAR(*r.anodic_onset_v, e_on, 0.020);
  EXPECT_FALSE(r.stable_to_v.has_value());
  EXPECT_EQ(r.method, OnsetMethod::threshold);
  EXPECT_TRUE(near_relative(r.threshold_a, j_th_a_per_cm2 * area_cm2, 1e-12));
  EXPECT_TRUE(near_relative(*r.threshold_ma_per_cm2, 0.01, 1e-12));
  EXPECT_TRUE(near_relative(r.scan_rate_v_per_s, 0.005, 1e-9));
  // No reduction inside the scan: the cathodic side is stable down to the lower vertex.
  EXPECT_FALSE(r.cathodic_onset_v.has_value());
  ASSERT_TRUE(r.cathodic_stable_to_v.has_value());
  EXPECT_NEAR(*r.cathodic_stable_to_v, 1.0, 1e-9);
  // The quiet window lies below the onset.
  EXPECT_LT(r.baseline_window_v.second, e_on - 0.3);
}

INSTANTIATE_TEST_SUITE_P(Onsets, ThresholdOnset, ::testing::Values(4.2, 4.6, 5.0));

TEST(Onset, NoOnsetInsideTheScanIsStableToTheVertex) {
  const auto r = eis::cv::stability_window(oxidation_cv({7.0}));
  EXPECT_FALSE(r.anodic_onset_v.has_value());
  ASSERT_TRUE(r.stable_to_v.has_value());
  EXPECT_NEAR(*r.stable_to_v, 5.5, 1e-9);
}

TEST(Onset, ReachingTheThresholdExactlyAtTheVertexCountsAsStable) {
  // j_f(5.5 V) = j_th exactly (noise-free); CLI.md: stable.
  const auto r = eis::cv::stability_window(oxidation_cv({5.5}, 0.0));
  EXPECT_FALSE(r.anodic_onset_v.has_value());
  ASSERT_TRUE(r.stable_to_v.has_value());
  EXPECT_NEAR(*r.stable_to_v, 5.5, 1e-9);
  // 10 mV lower, the onset is inside the range and is found.
  const auto inside = eis::cv::stability_window(oxidation_cv({5.49}, 0.0));
  ASSERT_TRUE(inside.anodic_onset_v.has_value());
  EXPECT_NEAR(*inside.anodic_onset_v, 5.49, 1e-3);
}

TEST(Onset, ReportsEveryCycleAndTheFirstAtTheTop) {
  const auto r = eis::cv::stability_window(oxidation_cv({4.6, 4.4, 4.2}));
  ASSERT_EQ(r.cycles.size(), 3u);
  const std::vector<double> expected{4.6, 4.4, 4.2};
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(r.cycles[k].cycle, static_cast<int>(k + 1));
    ASSERT_TRUE(r.cycles[k].anodic.onset_v.has_value());
    EXPECT_NEAR(*r.cycles[k].anodic.onset_v, expected[k], 0.020);
  }
  EXPECT_EQ(r.anodic_onset_v, r.cycles[0].anodic.onset_v);
}

TEST(Onset, FindsACathodicOnsetBelowTheQuietWindow) {
  // 0–5.5 V with a reduction j = −j_th·exp((E_red − E)/β) and an oxidation at 4.8 V.
  const double e_red = 0.5;
  const double e_ox = 4.8;
  const Triangle tri{.e_start_v = 0.0, .first_vertex_v = 5.5, .second_vertex_v = 0.0, .sweeps = 2};
  auto v = make_cv(
      tri,
      [&](double e, int dir, int, double) {
        return area_cm2 * (dir * j_dl_a_per_cm2 + j_th_a_per_cm2 * std::exp((e - e_ox) / beta_v) -
                           j_th_a_per_cm2 * std::exp((e_red - e) / beta_v));
      },
      noise_a,
      5);
  v.metadata.area_cm2 = area_cm2;
  const auto r = eis::cv::stability_window(v);
  ASSERT_TRUE(r.cathodic_onset_v.has_value());
  ASSERT_TRUE(r.anodic_onset_v.has_value());
  EXPECT_NEAR(*r.cathodic_onset_v, e_red, 0.020);
  EXPECT_NEAR(*r.anodic_onset_v, e_ox, 0.020);
  EXPECT_GT(r.baseline_window_v.first, e_red + 0.3);
  EXPECT_LT(r.baseline_window_v.second, e_ox - 0.3);
}

TEST(Onset, EstimatesTheDoubleLayerCapacitance) {
  // METHODS.md §8.3: i_c = C_dl·ν; the half-difference of forward and reverse currents.
  const auto r = eis::cv::stability_window(oxidation_cv({5.0}));
  ASSERT_TRUE(r.capacitance_f.has_value());
  EXPECT_TRUE(near_relative(*r.capacitance_f, c_dl_f, 0.01));
  ASSERT_TRUE(r.cycles[0].capacitive_current_a.has_value());
  EXPECT_TRUE(near_relative(*r.cycles[0].capacitive_current_a, c_dl_f * 0.005, 0.01));
}

TEST(Onset, AbsoluteThresholdWorksWithoutAnArea) {
  auto v = oxidation_cv({4.6});
  v.metadata.area_cm2.reset();
  // Without an area a density threshold is bad input.
  EXPECT_THROW((void)eis::cv::stability_window(v), eis::InvalidArgument);
  // 5 µA = j_th·A·e²: the onset moves up by 2β = 200 mV.
  const auto r =
      eis::cv::stability_window(v, {.threshold_a = j_th_a_per_cm2 * area_cm2 * std::exp(2.0)});
  ASSERT_TRUE(r.anodic_onset_v.has_value());
  EXPECT_NEAR(*r.anodic_onset_v, 4.6 + 2 * beta_v, 0.020);
  EXPECT_FALSE(r.threshold_ma_per_cm2.has_value());
  EXPECT_FALSE(r.area_cm2.has_value());
}

TEST(Onset, TangentMethodExtrapolatesALinearRiseToTheBaseline) {
  // j_f = k·max(0, E − E0): the rising line meets the baseline at E0, and the threshold
  // crossing lies at E0 + j_th/k.
  const double e0 = 4.5;
  const double k = 1e-3;  // A/cm² per V
  const Triangle tri{.e_start_v = 1.0, .first_vertex_v = 5.5, .second_vertex_v = 1.0, .sweeps = 2};
  auto v = make_cv(
      tri,
      [&](double e, int dir, int, double) {
        return area_cm2 * (dir * j_dl_a_per_cm2 + k * std::max(0.0, e - e0));
      },
      noise_a,
      9);
  v.metadata.area_cm2 = area_cm2;
  const auto tangent = eis::cv::stability_window(v, {.method = OnsetMethod::tangent});
  ASSERT_TRUE(tangent.anodic_onset_v.has_value());
  EXPECT_NEAR(*tangent.anodic_onset_v, e0, 0.005);
  EXPECT_EQ(tangent.method, OnsetMethod::tangent);
  const auto threshold = eis::cv::stability_window(v);
  ASSERT_TRUE(threshold.anodic_onset_v.has_value());
  EXPECT_NEAR(*threshold.anodic_onset_v, e0 + j_th_a_per_cm2 / k, 0.003);
}

TEST(Onset, TangentMethodReportsStableWithoutARise) {
  const auto r = eis::cv::stability_window(oxidation_cv({7.0}), {.method = OnsetMethod::tangent});
  EXPECT_FALSE(r.anodic_onset_v.has_value());
  EXPECT_NEAR(r.stable_to_v.value_or(0), 5.5, 1e-9);
}

TEST(Onset, UsesAGivenBaselineWindow) {
  const auto r =
      eis::cv::stability_window(oxidation_cv({4.6}), {.baseline_window_v = std::pair{1.5, 3.0}});
  EXPECT_FALSE(r.baseline_window_automatic);
  EXPECT_EQ(r.baseline_window_v, (std::pair{1.5, 3.0}));
  ASSERT_TRUE(r.anodic_onset_v.has_value());
  EXPECT_NEAR(*r.anodic_onset_v, 4.6, 0.020);
}

TEST(Onset, PotentiostaticRecordIsNotUsable) {
  eis::cv::Voltammogram v;
  for (int k = 0; k < 100; ++k) {
    v.time_s.push_back(k);
    v.potential_v.push_back(0.3);
    v.current_a.push_back(1e-6);
  }
  const auto r = eis::cv::stability_window(v, {.threshold_a = 1e-6});
  EXPECT_FALSE(r.usable);
  EXPECT_FALSE(r.message.empty());
}

TEST(Onset, RejectsInvalidOptions) {
  const auto v = oxidation_cv({4.6});
  EXPECT_THROW((void)eis::cv::stability_window(v, {.threshold_ma_per_cm2 = -1}),
               eis::InvalidArgument);
  EXPECT_THROW((void)eis::cv::stability_window(v, {.consecutive_points = 0}), eis::InvalidArgument);
  EXPECT_THROW((void)eis::cv::stability_window(v, {.baseline_window_v = std::pair{3.0, 1.0}}),
               eis::InvalidArgument);
  EXPECT_EQ(eis::cv::parse_onset_method("tangent"), OnsetMethod::tangent);
  EXPECT_THROW((void)eis::cv::parse_onset_method("derivative"), eis::InvalidArgument);
}

}  // namespace
