#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include <eis/conductivity/transitions.hpp>
#include <eis/error.hpp>
#include <eis/units.hpp>

#include "support/support.hpp"
#include "synthetic.hpp"

namespace {

using eis::conductivity::ConductivityPoint;
using eis::conductivity::Direction;
using eis::conductivity::SegmentLaw;
using eis::conductivity::TransitionOptions;
constexpr double kb = eis::units::boltzmann_ev_per_k;

TEST(Transitions, LocatesJumpAt529K) {
  const eis::test::JumpLaw law;
  const auto grid = eis::test::transition_grid(529.0);
  const auto pts = eis::test::noisy_points([&](double t) { return law.sigma(t); }, grid, 0.01, 7);
  const auto run = eis::conductivity::analyse_run(pts, {.law = SegmentLaw::arrhenius_t});
  ASSERT_EQ(run.breakpoints, 1);
  ASSERT_EQ(run.transitions.size(), 1U);
  const auto& tr = run.transitions[0];
  EXPECT_FALSE(tr.continuous);
  EXPECT_NEAR(tr.temperature_k, 529.0, 3.0);
  EXPECT_LE(tr.ci_k[0], tr.temperature_k);
  EXPECT_GE(tr.ci_k[1], tr.temperature_k);
  EXPECT_NEAR(tr.log10_jump, 1.5, 0.1);
  EXPECT_NEAR(tr.ea_below_ev, 0.8, 0.05);
  EXPECT_NEAR(tr.ea_above_ev, 0.2, 0.05);
  ASSERT_EQ(run.segments.size(), 2U);
  EXPECT_NEAR(run.segments[0].arrhenius.ea_ev, 0.8, 0.05);
  EXPECT_NEAR(run.segments[1].arrhenius.ea_ev, 0.2, 0.05);
  EXPECT_EQ(run.segments[0].law, SegmentLaw::arrhenius_t);
  EXPECT_LT(run.bootstrap_p[0], 0.01);
  // The quick screen flags the interval containing T_c.
  bool flagged = false;
  for (const auto& s : run.screen) {
    if (s.jump) {
      flagged = flagged || (s.t_low_k < 529.0 && s.t_high_k >= 529.0);
    }
  }
  EXPECT_TRUE(flagged);
}

TEST(Transitions, PureArrheniusGivesNoBreakpoint) {
  const auto grid = eis::test::transition_grid(529.0);
  const auto law = [](double t) { return 1e6 * std::exp(-0.5 / (kb * t)) / t; };
  const auto pts = eis::test::noisy_points(law, grid, 0.01, 11);
  const auto run = eis::conductivity::analyse_run(pts);
  EXPECT_EQ(run.breakpoints, 0);
  ASSERT_EQ(run.segments.size(), 1U);
  EXPECT_EQ(run.segments[0].law, SegmentLaw::arrhenius_t);
  EXPECT_NEAR(run.segments[0].arrhenius.ea_ev, 0.5, 0.02);
  EXPECT_TRUE(run.transitions.empty());
}

TEST(Transitions, HeatingCoolingHysteresis) {
  const eis::test::JumpLaw heat{.tc_k = 529.0};
  const eis::test::JumpLaw cool{.tc_k = 480.0};
  auto pts = eis::test::noisy_points([&](double t) { return heat.sigma(t); },
                                     eis::test::transition_grid(529.0),
                                     0.01,
                                     21,
                                     1,
                                     Direction::heating);
  const auto c = eis::test::noisy_points([&](double t) { return cool.sigma(t); },
                                         eis::test::transition_grid(480.0, 380.0, 620.0),
                                         0.01,
                                         22,
                                         1,
                                         Direction::cooling);
  pts.insert(pts.end(), c.begin(), c.end());
  const auto a = eis::conductivity::analyse_conductivity(pts, {.law = SegmentLaw::arrhenius_t});
  ASSERT_EQ(a.runs.size(), 2U);
  EXPECT_EQ(a.runs[0].direction, Direction::heating);
  EXPECT_EQ(a.runs[1].direction, Direction::cooling);
  ASSERT_EQ(a.hysteresis.size(), 1U);
  EXPECT_NEAR(a.hysteresis[0].hysteresis_k, 49.0, 5.0);
  EXPECT_NEAR(a.hysteresis[0].heating_transition_k, 529.0, 3.0);
  EXPECT_NEAR(a.hysteresis[0].cooling_transition_k, 480.0, 3.0);
}

TEST(Transitions, VtfDataIsIdentifiedAsVtf) {
  std::vector<double> grid;
  for (double t = 250.0; t <= 450.0; t += 10.0) {
    grid.push_back(t);
  }
  // σ = A·T^(−1/2)·exp(−B/(T − T0)), T0 = 210 K (METHODS.md §7.3 form a).
  const auto law = [](double t) { return 10.0 / std::sqrt(t) * std::exp(-1000.0 / (t - 210.0)); };
  const auto pts = eis::test::noisy_points(law, grid, 0.01, 5);
  const auto run = eis::conductivity::analyse_run(pts);
  EXPECT_EQ(run.breakpoints, 0);
  ASSERT_EQ(run.segments.size(), 1U);
  const auto& s = run.segments[0];
  EXPECT_EQ(s.law, SegmentLaw::vtf);
  ASSERT_TRUE(s.vtf.has_value());
  EXPECT_NEAR(s.vtf->t0_k, 210.0, 10.0);
  EXPECT_LT(s.aicc_vtf, s.aicc_arrhenius);
}

TEST(Transitions, SmearedTransitionIsContinuous) {
  // Broken line in ln σT against 1/T: Ea 0.9 eV below 450 K, 0.3 eV above, no jump.
  const auto law = [](double t) {
    const double x = 1.0 / t, xc = 1.0 / 450.0;
    const double ln_st = 10.0 - 0.3 / kb * x - 0.6 / kb * std::max(x - xc, 0.0);
    return std::exp(ln_st) / t;
  };
  std::vector<double> grid;
  for (double t = 360.0; t <= 560.0; t += 8.0) {
    grid.push_back(t);
  }
  const auto pts = eis::test::noisy_points(law, grid, 0.01, 3);
  const auto run =
      eis::conductivity::analyse_run(pts, {.law = SegmentLaw::arrhenius_t, .max_breakpoints = 1});
  ASSERT_EQ(run.breakpoints, 1);
  EXPECT_TRUE(run.continuous);
  ASSERT_EQ(run.transitions.size(), 1U);
  EXPECT_NEAR(run.transitions[0].temperature_k, 450.0, 10.0);
  EXPECT_LT(run.transitions[0].ci_k[0], run.transitions[0].temperature_k);
  EXPECT_GT(run.transitions[0].ci_k[1], run.transitions[0].temperature_k);
  EXPECT_NEAR(run.transitions[0].ea_below_ev, 0.9, 0.05);
  EXPECT_NEAR(run.transitions[0].ea_above_ev, 0.3, 0.05);
  EXPECT_EQ(run.transitions[0].log10_jump, 0.0);
}

TEST(Transitions, ForcedBreakpointsAndBadInput) {
  const eis::test::JumpLaw law;
  const auto pts = eis::test::noisy_points(
      [&](double t) { return law.sigma(t); }, eis::test::transition_grid(529.0), 0.01, 9);
  const auto none = eis::conductivity::analyse_run(pts, {.breakpoints = 0});
  EXPECT_EQ(none.breakpoints, 0);
  EXPECT_EQ(none.segments.size(), 1U);
  const auto two = eis::conductivity::analyse_run(pts,
                                                  {.law = SegmentLaw::arrhenius_t,
                                                   .breakpoints = 2,
                                                   .kind = eis::conductivity::BreakKind::jump});
  EXPECT_EQ(two.breakpoints, 2);
  EXPECT_EQ(two.transitions.size(), 2U);
  std::vector<ConductivityPoint> few(pts.begin(), pts.begin() + 5);
  EXPECT_THROW((void)eis::conductivity::analyse_run(few, {.breakpoints = 2}), eis::InvalidArgument);
  EXPECT_THROW((void)eis::conductivity::analyse_run(pts, {.breakpoints = 3}), eis::InvalidArgument);
  EXPECT_EQ(eis::conductivity::parse_segment_law("auto"), SegmentLaw::automatic);
  EXPECT_FALSE(eis::conductivity::parse_segment_law("linear").has_value());
}

TEST(Transitions, TextFormsOfTheBreakpointOptions) {
  using eis::conductivity::BreakKind;
  using eis::conductivity::parse_breakpoints;
  EXPECT_EQ(parse_breakpoints("auto"), -1);
  EXPECT_EQ(parse_breakpoints("none"), 0);
  EXPECT_EQ(parse_breakpoints("0"), 0);
  EXPECT_EQ(parse_breakpoints("2"), 2);
  EXPECT_FALSE(parse_breakpoints("3").has_value());
  EXPECT_FALSE(parse_breakpoints("-1").has_value());
  EXPECT_FALSE(parse_breakpoints("1x").has_value());
  EXPECT_FALSE(parse_breakpoints("").has_value());
  for (const auto kind : {BreakKind::any, BreakKind::jump, BreakKind::continuous}) {
    EXPECT_EQ(eis::conductivity::parse_break_kind(eis::conductivity::to_string(kind)), kind);
  }
  EXPECT_FALSE(eis::conductivity::parse_break_kind("smooth").has_value());
}

TEST(Transitions, ScreenComputesApparentActivationEnergy) {
  // Two exact Arrhenius points 0.4 eV apart: the interval slope gives Ea exactly.
  const auto law = [](double t) { return 1e3 * std::exp(-0.4 / (kb * t)); };
  std::vector<ConductivityPoint> pts;
  for (double t : {300.0, 320.0, 340.0, 360.0}) {
    pts.push_back({.temperature_k = t, .sigma_s_per_cm = law(t)});
  }
  const auto s = eis::conductivity::screen_jumps(pts, eis::conductivity::ArrheniusForm::sigma);
  ASSERT_EQ(s.size(), 3U);
  for (const auto& i : s) {
    EXPECT_TRUE(eis::test::near_relative(i.apparent_ea_ev, 0.4, 1e-9));
    EXPECT_FALSE(i.jump);
    EXPECT_FALSE(i.decreasing);
  }
}

}  // namespace
