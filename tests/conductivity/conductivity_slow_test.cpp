// Statistical checks of the conductivity analyses over many noisy replicates (fixed seeds;
// label `slow`, run in Release): CI coverage of the Arrhenius and VTF fits, false-positive rate
// of the breakpoint choice, and the accuracy of the transition location and hysteresis.
#include <cmath>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include <eis/conductivity/arrhenius.hpp>
#include <eis/conductivity/transitions.hpp>
#include <eis/conductivity/vtf.hpp>
#include <eis/units.hpp>

#include "synthetic.hpp"

namespace {

using eis::conductivity::Direction;
using eis::conductivity::SegmentLaw;
constexpr double kb = eis::units::boltzmann_ev_per_k;
constexpr int replicates = 400;

bool covers(const std::array<double, 2>& ci, double truth) {
  return ci[0] <= truth && truth <= ci[1];
}

TEST(ConductivitySlow, ArrheniusCiCoverage) {
  for (const auto form :
       {eis::conductivity::ArrheniusForm::sigma_t, eis::conductivity::ArrheniusForm::sigma}) {
    const double ea = 0.55, log10_a = 4.0;
    const auto law = [&](double t) {
      const double v = std::pow(10.0, log10_a) * std::exp(-ea / (kb * t));
      return form == eis::conductivity::ArrheniusForm::sigma_t ? v / t : v;
    };
    std::vector<double> grid;
    for (double t = 300.0; t <= 450.0; t += 10.0) {
      grid.push_back(t);
    }
    int ea_hits = 0, a_hits = 0;
    for (int r = 0; r < replicates; ++r) {
      const auto pts =
          eis::test::noisy_points(law, grid, 0.01, 1000 + static_cast<std::uint64_t>(r));
      const auto fit = eis::conductivity::fit_arrhenius(pts, {.form = form});
      ea_hits += covers(fit.ea_ci_ev, ea) ? 1 : 0;
      a_hits += covers(fit.log10_prefactor_ci, log10_a) ? 1 : 0;
    }
    const double ea_cov = static_cast<double>(ea_hits) / replicates;
    const double a_cov = static_cast<double>(a_hits) / replicates;
    EXPECT_GE(ea_cov, 0.92);
    EXPECT_LE(ea_cov, 0.98);
    EXPECT_GE(a_cov, 0.92);
    EXPECT_LE(a_cov, 0.98);
    std::printf("Arrhenius %s coverage: Ea %.4f, log10 A %.4f\n",
                eis::conductivity::to_string(form).c_str(),
                ea_cov,
                a_cov);
  }
}

TEST(ConductivitySlow, VtfCiCoverage) {
  const double a = 10.0, b = 1000.0, t0 = 210.0;
  const auto law = [&](double t) { return a / std::sqrt(t) * std::exp(-b / (t - t0)); };
  std::vector<double> grid;
  for (double t = 250.0; t <= 450.0; t += 10.0) {
    grid.push_back(t);
  }
  int t0_hits = 0, b_hits = 0, a_hits = 0;
  for (int r = 0; r < replicates; ++r) {
    const auto pts = eis::test::noisy_points(law, grid, 0.01, 5000 + static_cast<std::uint64_t>(r));
    const auto fit = eis::conductivity::fit_vtf(pts);
    t0_hits += covers(fit.t0_ci_k, t0) ? 1 : 0;
    b_hits += covers(fit.b_ci_k, b) ? 1 : 0;
    a_hits += covers(fit.log10_prefactor_ci, std::log10(a)) ? 1 : 0;
  }
  const double c_t0 = static_cast<double>(t0_hits) / replicates;
  const double c_b = static_cast<double>(b_hits) / replicates;
  const double c_a = static_cast<double>(a_hits) / replicates;
  std::printf("VTF coverage: T0 %.4f, B %.4f, log10 A %.4f\n", c_t0, c_b, c_a);
  for (const double c : {c_t0, c_b, c_a}) {
    EXPECT_GE(c, 0.92);
    EXPECT_LE(c, 0.98);
  }
}

TEST(ConductivitySlow, PureArrheniusPicksNoBreakpoint) {
  const auto grid = eis::test::transition_grid(529.0);
  const auto law = [](double t) { return 1e6 * std::exp(-0.5 / (kb * t)) / t; };
  const int n = 200;
  int zero = 0;
  for (int r = 0; r < n; ++r) {
    const auto pts = eis::test::noisy_points(law, grid, 0.01, 9000 + static_cast<std::uint64_t>(r));
    const auto run = eis::conductivity::analyse_run(pts, {.seed = static_cast<std::uint64_t>(r)});
    zero += run.breakpoints == 0 ? 1 : 0;
  }
  std::printf("0 breakpoints in %d of %d replicates\n", zero, n);
  EXPECT_GE(zero, static_cast<int>(std::ceil(0.95 * n)));
}

TEST(ConductivitySlow, JumpLocatedWithinThreeKelvin) {
  const eis::test::JumpLaw law;
  const auto grid = eis::test::transition_grid(529.0);
  const int n = 100;
  int within = 0;
  double worst = 0.0;
  for (int r = 0; r < n; ++r) {
    const auto pts = eis::test::noisy_points(
        [&](double t) { return law.sigma(t); }, grid, 0.01, 20000 + static_cast<std::uint64_t>(r));
    const auto run = eis::conductivity::analyse_run(pts, {.law = SegmentLaw::arrhenius_t});
    const auto* tr = eis::conductivity::main_transition(run);
    if (tr != nullptr && std::abs(tr->temperature_k - 529.0) <= 3.0) {
      ++within;
    }
    if (tr != nullptr) {
      worst = std::max(worst, std::abs(tr->temperature_k - 529.0));
    }
  }
  std::printf("jump within ±3 K in %d of %d replicates (worst %.2f K)\n", within, n, worst);
  EXPECT_EQ(within, n);
}

TEST(ConductivitySlow, HysteresisOfHeatingAndCooling) {
  const eis::test::JumpLaw heat{.tc_k = 529.0};
  const eis::test::JumpLaw cool{.tc_k = 480.0};
  const int n = 50;
  int ok = 0;
  for (int r = 0; r < n; ++r) {
    auto pts = eis::test::noisy_points([&](double t) { return heat.sigma(t); },
                                       eis::test::transition_grid(529.0),
                                       0.01,
                                       30000 + static_cast<std::uint64_t>(r),
                                       1,
                                       Direction::heating);
    const auto c = eis::test::noisy_points([&](double t) { return cool.sigma(t); },
                                           eis::test::transition_grid(480.0, 380.0, 620.0),
                                           0.01,
                                           40000 + static_cast<std::uint64_t>(r),
                                           1,
                                           Direction::cooling);
    pts.insert(pts.end(), c.begin(), c.end());
    const auto a = eis::conductivity::analyse_conductivity(pts, {.law = SegmentLaw::arrhenius_t});
    if (a.hysteresis.size() == 1 && std::abs(a.hysteresis[0].hysteresis_k - 49.0) <= 5.0) {
      ++ok;
    }
  }
  EXPECT_EQ(ok, n);
}

TEST(ConductivitySlow, VtfIdentifiedAcrossReplicates) {
  const auto law = [](double t) { return 10.0 / std::sqrt(t) * std::exp(-1000.0 / (t - 210.0)); };
  std::vector<double> grid;
  for (double t = 250.0; t <= 450.0; t += 10.0) {
    grid.push_back(t);
  }
  const int n = 100;
  int ok = 0;
  for (int r = 0; r < n; ++r) {
    const auto pts =
        eis::test::noisy_points(law, grid, 0.01, 50000 + static_cast<std::uint64_t>(r));
    const auto run = eis::conductivity::analyse_run(pts);
    if (run.segments.size() == 1 && run.segments[0].law == SegmentLaw::vtf &&
        std::abs(run.segments[0].vtf->t0_k - 210.0) <= 10.0) {
      ++ok;
    }
  }
  std::printf("VTF identified with |T0 − 210| ≤ 10 K in %d of %d replicates\n", ok, n);
  EXPECT_GE(ok, 95);
}

}  // namespace
