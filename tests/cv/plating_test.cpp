#include <cmath>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

#include <eis/cv/plating.hpp>
#include <eis/error.hpp>

#include "cv/synthetic.hpp"
#include "support/support.hpp"

namespace {

using eis::test::near_relative;
using eis::test::cv::make_cv;
using eis::test::cv::Triangle;

// One cycle lasts 480 s: 1.0 V → −0.2 V (vertex at 240 s) → 1.0 V at 5 mV/s, 0.2 s steps.
// Within a cycle (τ = time since the cycle start):
//   capacitive  i_c = ∓I_c on the cathodic / anodic sweep;
//   plating     i_p = −a(τ − τ0) for τ0 < τ ≤ 240 s (E < −0.5 mV), then −a(280 − τ) until
//               E = 0 on the reverse sweep (τ = 280 s): 0.5 mA at the vertex;
//   stripping   i_s = p·sin(π(τ − 280)/T_s) for 280 ≤ τ ≤ 280 + T_s.
constexpr double i_c = 2e-6;
constexpr double a = 12.5e-6;  // A/s
constexpr double tau0 = 200.1;
constexpr double t_s = 30.0;
constexpr double cycle_s = 480.0;

double p_for(double ce) {
  // Faradaic charges: plating a(240 − τ0)²/2 + a·40²/2, stripping 2pT_s/π.
  const double q_plate = 0.5 * a * (240 - tau0) * (240 - tau0) + 0.5 * a * 40 * 40;
  return ce * q_plate * std::numbers::pi / (2 * t_s);
}

eis::cv::Voltammogram plating_cv(std::vector<double> faradaic_ce, double noise) {
  const Triangle tri{.e_start_v = 1.0,
                     .first_vertex_v = -0.2,
                     .second_vertex_v = 1.0,
                     .sweeps = 2 * static_cast<int>(faradaic_ce.size())};
  return make_cv(
      tri,
      [faradaic_ce](double, int dir, int sweep, double t) {
        const auto cycle = static_cast<std::size_t>(sweep / 2);
        const double tau = t - cycle_s * static_cast<double>(cycle);
        double i = dir * i_c;
        if (tau > tau0 && tau <= 240) {
          i -= a * (tau - tau0);
        } else if (tau > 240 && tau < 280) {
          i -= a * (280 - tau);
        } else if (tau >= 280 && tau <= 280 + t_s) {
          i += p_for(faradaic_ce[cycle]) * std::sin(std::numbers::pi * (tau - 280) / t_s);
        }
        return i;
      },
      noise,
      17);
}

struct Expected {
  double q_plate;
  double q_strip;
};

// The charges the algorithm must integrate (METHODS.md §8.4), from the model above:
// plating from the first sample below 0 V (τ = 200.2 s) to the crossover τ_c = 280 − I_c/a,
// stripping from τ_c until p·sin = 1 % of p (τ_e = 280 + T_s − T_s·asin(0.01)/π).
Expected expected_charges(double ce) {
  const double p = p_for(ce);
  const double tau_start = 200.2;
  const double tau_c = 280 - i_c / a;
  const double tau_e = 280 + t_s - t_s * std::asin(0.01) / std::numbers::pi;
  const double q_plate =
      i_c * (240 - tau_start) - i_c * (tau_c - 240) +
      0.5 * a * ((240 - tau0) * (240 - tau0) - (tau_start - tau0) * (tau_start - tau0)) +
      0.5 * a * (40.0 * 40.0 - (280 - tau_c) * (280 - tau_c));
  const double q_strip =
      i_c * (tau_e - tau_c) - 0.5 * a * (280 - tau_c) * (280 - tau_c) +
      p * t_s / std::numbers::pi * (1 - std::cos(std::numbers::pi * (tau_e - 280) / t_s));
  return {q_plate, q_strip};
}

TEST(Plating, ChargesAndEfficiencyOfASyntheticCycleWithin1Percent) {
  const auto r = eis::cv::plating_stripping(plating_cv({0.9}, 1e-6));
  ASSERT_EQ(r.cycles.size(), 1u);
  const auto& c = r.cycles[0];
  ASSERT_TRUE(c.found) << c.message;
  const auto expected = expected_charges(0.9);
  EXPECT_TRUE(near_relative(c.plating_charge_c, expected.q_plate, 0.01));
  EXPECT_TRUE(near_relative(c.stripping_charge_c, expected.q_strip, 0.01));
  ASSERT_TRUE(c.coulombic_efficiency.has_value());
  EXPECT_TRUE(near_relative(*c.coulombic_efficiency, expected.q_strip / expected.q_plate, 0.01));
  EXPECT_NEAR(c.crossover_time_s, 280 - i_c / a, 0.2);
  EXPECT_EQ(r.coulombic_efficiency, c.coulombic_efficiency);
}

TEST(Plating, NoiseFreeChargesAreExactToTheDiscretisation) {
  const auto r = eis::cv::plating_stripping(plating_cv({0.95}, 0.0));
  ASSERT_TRUE(r.cycles.at(0).found);
  const auto expected = expected_charges(0.95);
  EXPECT_TRUE(near_relative(r.cycles[0].plating_charge_c, expected.q_plate, 1e-3));
  EXPECT_TRUE(near_relative(r.cycles[0].stripping_charge_c, expected.q_strip, 2e-3));
}

TEST(Plating, ReportsEveryCycle) {
  const auto r = eis::cv::plating_stripping(plating_cv({0.95, 0.8}, 1e-6));
  ASSERT_EQ(r.cycles.size(), 2u);
  for (std::size_t k = 0; k < 2; ++k) {
    const double ce = k == 0 ? 0.95 : 0.8;
    const auto expected = expected_charges(ce);
    EXPECT_EQ(r.cycles[k].cycle, static_cast<int>(k + 1));
    ASSERT_TRUE(r.cycles[k].coulombic_efficiency.has_value());
    EXPECT_TRUE(near_relative(
        *r.cycles[k].coulombic_efficiency, expected.q_strip / expected.q_plate, 0.01));
  }
  EXPECT_EQ(r.coulombic_efficiency, r.cycles[0].coulombic_efficiency);
}

TEST(Plating, NothingFoundAboveThePlatingPotential) {
  const Triangle tri{.e_start_v = 1.0, .first_vertex_v = 3.0, .second_vertex_v = 1.0, .sweeps = 2};
  const auto v = make_cv(
      tri, [](double, int dir, int, double) { return dir * i_c; }, 1e-7, 2);
  const auto r = eis::cv::plating_stripping(v);
  ASSERT_EQ(r.cycles.size(), 1u);
  EXPECT_FALSE(r.cycles[0].found);
  EXPECT_FALSE(r.coulombic_efficiency.has_value());
  EXPECT_FALSE(r.cycles[0].message.empty());
}

TEST(Plating, RejectsInvalidOptions) {
  const auto v = plating_cv({0.9}, 0.0);
  EXPECT_THROW((void)eis::cv::plating_stripping(v, {.stripping_end_fraction = 1.5}),
               eis::InvalidArgument);
}

}  // namespace
