#include <cmath>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include <eis/conductivity/cycling.hpp>
#include <eis/error.hpp>
#include <eis/units.hpp>

#include "support/support.hpp"

namespace {

using eis::conductivity::ConductivityPoint;
using eis::conductivity::Direction;
constexpr double kb = eis::units::boltzmann_ev_per_k;

// Exact σT Arrhenius data for one heating cycle.
std::vector<ConductivityPoint> cycle_points(int cycle, double log10_a, double ea) {
  std::vector<ConductivityPoint> p;
  for (double t = 300.0; t <= 400.0; t += 10.0) {
    p.push_back({.temperature_k = t,
                 .sigma_s_per_cm = std::pow(10.0, log10_a) * std::exp(-ea / (kb * t)) / t,
                 .cycle = cycle,
                 .direction = Direction::heating});
  }
  return p;
}

TEST(Cycling, RatiosAndChangesAcrossCycles) {
  auto pts = cycle_points(1, 5.0, 0.5);
  for (const auto& [c, a, ea] :
       std::vector<std::tuple<int, double, double>>{{2, 4.8, 0.5}, {3, 4.5, 0.52}}) {
    const auto more = cycle_points(c, a, ea);
    pts.insert(pts.end(), more.begin(), more.end());
  }
  const auto analysis = eis::conductivity::analyse_conductivity(
      pts, {.law = eis::conductivity::SegmentLaw::arrhenius_t, .breakpoints = 0});
  ASSERT_EQ(analysis.runs.size(), 3U);
  const auto cmp = eis::conductivity::compare_cycles(analysis.runs, {.temperatures_k = {330.0}});
  ASSERT_EQ(cmp.entries.size(), 3U);
  EXPECT_EQ(cmp.reference_cycle, 1);
  EXPECT_DOUBLE_EQ(cmp.entries[0].sigma_ratio, 1.0);
  // σ2/σ1 at any T = 10^(4.8 − 5) (same Ea).
  EXPECT_TRUE(eis::test::near_relative(cmp.entries[1].sigma_ratio, std::pow(10.0, -0.2), 1e-9));
  // σ3/σ1 at 330 K = 10^(−0.5)·exp(−0.02/(k_B·330)).
  EXPECT_TRUE(eis::test::near_relative(
      cmp.entries[2].sigma_ratio, std::pow(10.0, -0.5) * std::exp(-0.02 / (kb * 330.0)), 1e-9));
  EXPECT_NEAR(cmp.entries[1].log10_change_from_previous, -0.2, 1e-9);
  EXPECT_NEAR(cmp.entries[2].delta_ea_ev, 0.02, 1e-9);
  EXPECT_TRUE(eis::test::near_relative(
      cmp.entries[0].sigma_s_per_cm, 1e5 * std::exp(-0.5 / (kb * 330.0)) / 330.0, 1e-9));
  EXPECT_TRUE(std::isnan(cmp.entries[0].delta_transition_k));
}

TEST(Cycling, NoExtrapolationAndDefaultTemperature) {
  auto pts = cycle_points(1, 5.0, 0.5);
  const auto more = cycle_points(2, 4.9, 0.5);
  pts.insert(pts.end(), more.begin(), more.end());
  const auto analysis = eis::conductivity::analyse_conductivity(pts, {.breakpoints = 0});
  const auto outside =
      eis::conductivity::compare_cycles(analysis.runs, {.temperatures_k = {250.0}});
  ASSERT_EQ(outside.entries.size(), 2U);
  EXPECT_TRUE(std::isnan(outside.entries[0].sigma_s_per_cm));
  EXPECT_FALSE(outside.warnings.empty());
  const auto lowest = eis::conductivity::compare_cycles(analysis.runs);
  ASSERT_EQ(lowest.temperatures_k.size(), 1U);
  EXPECT_EQ(lowest.temperatures_k[0], 300.0);
  EXPECT_THROW((void)eis::conductivity::compare_cycles(analysis.runs, {.reference_cycle = 7}),
               eis::InvalidArgument);
}

}  // namespace
