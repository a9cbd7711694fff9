#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include <eis/conductivity/runs.hpp>
#include <eis/error.hpp>

#include "support/support.hpp"

namespace {

using eis::test::near_relative;

/// σ(T) exactly Arrhenius (form 1, METHODS.md §7.2): log10 σ linear in 1/T, so interpolation
/// in 1/T is exact and every expected value below is a closed form.
double sigma_arrhenius(double t) {
  return 1e3 * std::exp(-0.6 / (8.617333262e-5 * t));
}

eis::ConductivityRow row(int cycle, eis::Direction d, double t, double sigma, bool usable = true) {
  eis::ConductivityRow r;
  r.cycle = cycle;
  r.direction = d;
  r.temperature_k = t;
  r.sigma_total_s_per_cm = sigma;
  r.sigma_total_stderr_s_per_cm = 0.02 * sigma;
  r.usable = usable;
  return r;
}

std::vector<eis::ConductivityRow> three_runs() {
  std::vector<eis::ConductivityRow> rows;
  for (double t = 300; t <= 500; t += 20) {
    rows.push_back(row(1, eis::Direction::heating, t, sigma_arrhenius(t)));
  }
  for (double t = 495; t >= 305; t -= 10) {  // cooling, measured in decreasing T
    rows.push_back(row(1, eis::Direction::cooling, t, 0.8 * sigma_arrhenius(t)));
  }
  for (double t = 310; t <= 490; t += 20) {
    rows.push_back(row(4, eis::Direction::heating, t, 0.4 * sigma_arrhenius(t)));
  }
  rows.push_back(row(4, eis::Direction::heating, 400, 1.0, /*usable=*/false));  // ignored
  return rows;
}

TEST(GroupRuns, SplitsByCycleAndDirectionSortedByTemperature) {
  const auto rows = three_runs();
  const auto runs = eis::group_runs(rows);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0].cycle, 1);
  EXPECT_EQ(runs[0].direction, eis::Direction::heating);
  EXPECT_EQ(runs[1].direction, eis::Direction::cooling);
  EXPECT_EQ(runs[1].points.front().temperature_k, 305.0);
  EXPECT_EQ(runs[2].cycle, 4);
  EXPECT_EQ(runs[2].points.size(), 10u);  // the unusable row is left out
  EXPECT_TRUE(eis::group_runs(rows, eis::SigmaKind::bulk).empty());
}

TEST(InterpolateLog10Sigma, LinearInInverseTemperatureNeverExtrapolates) {
  eis::Run run;
  run.points = {{300.0, 1e-6, 1e-8}, {400.0, 1e-4, 4e-6}};
  // Midpoint in 1/T: 1/T = (1/300 + 1/400)/2 → T = 342.857...; w = 1/2.
  const double t = 2.0 / (1.0 / 300.0 + 1.0 / 400.0);
  const auto v = eis::interpolate_log10_sigma(run, t);
  ASSERT_TRUE(v.has_value());
  EXPECT_NEAR(v->value, -5.0, 1e-12);
  const double se_a = 0.01 / std::log(10.0), se_b = 0.04 / std::log(10.0);
  EXPECT_TRUE(near_relative(v->stderr_value, 0.5 * std::hypot(se_a, se_b), 1e-12));
  EXPECT_NEAR(eis::interpolate_log10_sigma(run, 300.0)->value, -6.0, 1e-14);
  EXPECT_FALSE(eis::interpolate_log10_sigma(run, 299.0).has_value());
  EXPECT_FALSE(eis::interpolate_log10_sigma(run, 401.0).has_value());
  EXPECT_FALSE(eis::interpolate_log10_sigma(eis::Run{}, 300.0).has_value());
}

TEST(CompareRuns, RatioDecayAndHysteresisOfExactArrheniusRuns) {
  const auto rows = three_runs();
  const auto runs = eis::group_runs(rows);
  const auto c = eis::compare_runs(runs);
  // Ratios cycle 4 / cycle 1 at cycle 1's temperatures inside cycle 4's range (320…480 K).
  ASSERT_EQ(c.ratios.size(), 9u);
  for (const auto& r : c.ratios) {
    EXPECT_EQ(r.cycle, 4);
    EXPECT_EQ(r.reference_cycle, 1);
    EXPECT_TRUE(near_relative(r.sigma_ratio, 0.4, 1e-10)) << r.temperature_k;
    EXPECT_GT(r.log10_ratio_stderr, 0.0);
  }
  EXPECT_EQ(c.ratios.front().temperature_k, 320.0);
  ASSERT_EQ(c.decay.size(), 1u);
  EXPECT_EQ(c.decay[0].previous_cycle, 1);
  EXPECT_NEAR(c.decay[0].mean_log10_ratio, std::log10(0.4), 1e-10);
  EXPECT_NEAR(c.decay[0].decades_per_cycle, std::log10(0.4) / 3.0, 1e-10);
  EXPECT_NEAR(c.decay[0].retention, 0.4, 1e-10);
  // Heating − cooling: log10(1/0.8) at the heating temperatures inside 305…495 K.
  ASSERT_EQ(c.hysteresis.size(), 9u);
  for (const auto& h : c.hysteresis) {
    EXPECT_NEAR(h.log10_heating_minus_cooling, -std::log10(0.8), 1e-10);
  }
}

TEST(CompareRuns, ChosenTemperaturesAndMissingOverlap) {
  const auto rows = three_runs();
  const auto runs = eis::group_runs(rows);
  eis::RunComparisonOptions options;
  options.temperatures_k = {330.0, 600.0};  // 600 K is outside both runs: skipped
  options.reference_cycle = 1;
  const auto c = eis::compare_runs(runs, options);
  ASSERT_EQ(c.ratios.size(), 1u);
  EXPECT_EQ(c.ratios[0].temperature_k, 330.0);
  EXPECT_TRUE(near_relative(c.ratios[0].sigma_ratio, 0.4, 1e-10));

  eis::Run a{1, eis::Direction::heating, {{300, 1e-6, 0}, {320, 2e-6, 0}}};
  eis::Run b{2, eis::Direction::heating, {{400, 1e-6, 0}, {420, 2e-6, 0}}};
  const std::vector<eis::Run> apart{a, b};
  const auto d = eis::compare_runs(apart);
  EXPECT_TRUE(d.ratios.empty());
  EXPECT_FALSE(d.warnings.empty());
  options.temperatures_k = {-1.0};
  EXPECT_THROW((void)eis::compare_runs(apart, options), eis::InvalidArgument);
}

}  // namespace
