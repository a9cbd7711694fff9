#include <cmath>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

#include <eis/conductivity/assignment.hpp>
#include <eis/error.hpp>

#include "support/support.hpp"

namespace {

using eis::test::near_relative;

/// Q of an R‖CPE arc with Hsu–Mansfeld capacitance C: Q = C^n·R^{n−1} (METHODS.md §1.2).
double q_for(double r, double c, double n) {
  return std::pow(c, n) * std::pow(r, n - 1.0);
}

const eis::CellGeometry geometry = eis::CellGeometry::disc(0.1, 0.8);
const auto blocking = eis::candidate_models(eis::CellType::blocking);
const auto non_blocking = eis::candidate_models(eis::CellType::non_blocking);

TEST(AssignFittedArcs, HighestFrequencyArcIsBulkWhateverTheParameterOrder) {
  // The first element holds the grain-boundary-like arc (larger R·C, lower apex).
  const double rg = 4e5, cg = 2e-10, rb = 2e5, cb = 9e-12;
  const std::vector<double> p{rg, q_for(rg, cg, 0.8), 0.8, rb, q_for(rb, cb, 0.9), 0.9, 2e-6, 0.9};
  const auto a = eis::assign_fitted_arcs(blocking[0], p, {}, geometry, 1e6);
  EXPECT_TRUE(a.consistent);
  EXPECT_EQ(a.regime, eis::ModelRegime::two_arcs);
  ASSERT_TRUE(a.bulk && a.grain_boundary);
  EXPECT_EQ(a.bulk->r_ohm, rb);
  EXPECT_EQ(a.bulk->r_parameter, 3u);
  EXPECT_TRUE(near_relative(a.bulk->capacitance.capacitance_f, cb, 1e-12));
  EXPECT_TRUE(near_relative(a.grain_boundary->capacitance.capacitance_f, cg, 1e-12));
  EXPECT_EQ(a.total.value_ohm, rb + rg);
  EXPECT_FALSE(a.reordered_by_continuity);
}

TEST(AssignFittedArcs, TotalStandardErrorUsesCovariance) {
  const std::vector<double> p{
      2e5, q_for(2e5, 9e-12, 0.9), 0.9, 4e5, q_for(4e5, 2e-10, 0.8), 0.8, 2e-6, 0.9};
  Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(8, 8);
  cov(0, 0) = 1e8;  // δR_b = 1e4
  cov(3, 3) = 4e8;  // δR_gb = 2e4
  cov(0, 3) = cov(3, 0) = -1.5e8;
  const auto a = eis::assign_fitted_arcs(blocking[0], p, cov, geometry, 1e6);
  EXPECT_TRUE(near_relative(a.bulk_resistance->stderr_ohm, 1e4, 1e-12));
  EXPECT_TRUE(near_relative(a.gb_resistance->stderr_ohm, 2e4, 1e-12));
  EXPECT_TRUE(near_relative(a.total.stderr_ohm, std::sqrt(1e8 + 4e8 - 3e8), 1e-12));
}

TEST(AssignFittedArcs, BulkArcAboveTheWindowMakesTheTwoArcModelInconsistent) {
  // Bulk apex 1/(2π·1e3·9e-12) ≈ 17.7 MHz > 10 × 1 MHz.
  const std::vector<double> p{
      1e3, q_for(1e3, 9e-12, 0.9), 0.9, 4e4, q_for(4e4, 2e-10, 0.8), 0.8, 2e-6, 0.9};
  const auto a = eis::assign_fitted_arcs(blocking[0], p, {}, geometry, 1e6);
  EXPECT_FALSE(a.consistent);
  EXPECT_FALSE(a.warnings.empty());
  // The same arc is fine when the window reaches 2 MHz.
  EXPECT_TRUE(eis::assign_fitted_arcs(blocking[0], p, {}, geometry, 2e6).consistent);
}

TEST(AssignFittedArcs, InterceptIsTheBulkWhenOneArcRemains) {
  const std::vector<double> p{1500.0, 4e4, q_for(4e4, 2e-10, 0.8), 0.8, 2e-6, 0.9};
  const auto a = eis::assign_fitted_arcs(blocking[1], p, {}, geometry, 1e6);
  EXPECT_TRUE(a.consistent);
  EXPECT_EQ(a.regime, eis::ModelRegime::bulk_intercept);
  EXPECT_EQ(a.bulk_resistance->value_ohm, 1500.0);
  EXPECT_FALSE(a.bulk.has_value());  // no bulk capacitance: the arc is not seen
  EXPECT_EQ(a.gb_resistance->value_ohm, 4e4);
  EXPECT_EQ(a.total.value_ohm, 41500.0);
}

TEST(AssignFittedArcs, InterceptIsNoBulkWhileTheArcReachesTheWindowTop) {
  // Arc apex 1/(2π·1e3·2e-10) ≈ 796 kHz > 1 MHz/10: the intercept mixes in the arc's tail.
  const std::vector<double> p{1500.0, 1e3, q_for(1e3, 2e-10, 0.8), 0.8, 2e-6, 0.9};
  const auto a = eis::assign_fitted_arcs(blocking[1], p, {}, geometry, 1e6);
  EXPECT_TRUE(a.consistent);
  EXPECT_FALSE(a.bulk_resistance.has_value());
  EXPECT_FALSE(a.gb_resistance.has_value());
  EXPECT_EQ(a.total.value_ohm, 2500.0);
}

TEST(AssignFittedArcs, InterceptOnlyAndMergedGiveOnlyTheTotal) {
  const auto a =
      eis::assign_fitted_arcs(blocking[3], std::vector<double>{12.0, 2e-6, 0.9}, {}, geometry, 1e6);
  EXPECT_EQ(a.regime, eis::ModelRegime::intercept_only);
  EXPECT_FALSE(a.bulk_resistance.has_value());
  EXPECT_EQ(a.total.value_ohm, 12.0);
  const auto b =
      eis::assign_fitted_arcs(blocking[2],
                              std::vector<double>{3e5, q_for(3e5, 5e-11, 0.85), 0.85, 2e-6, 0.9},
                              {},
                              geometry,
                              1e6);
  EXPECT_EQ(b.regime, eis::ModelRegime::single_arc);
  EXPECT_TRUE(b.merged.has_value());
  EXPECT_FALSE(b.bulk_resistance.has_value());
  EXPECT_EQ(b.total.value_ohm, 3e5);
}

TEST(AssignFittedArcs, ContinuityPreventsASwapWhenApexFrequenciesCross) {
  // The grain-boundary arc (C 2e-10 F) has become faster than the bulk arc (C 9e-12 F):
  // frequency order alone would swap them; the previous spectrum's capacitances do not.
  const double rb = 5e5, cb = 9e-12, rg = 1e4, cg = 2e-10;
  ASSERT_GT(1 / (rg * cg), 1 / (rb * cb));
  const std::vector<double> p{rb, q_for(rb, cb, 0.9), 0.9, rg, q_for(rg, cg, 0.8), 0.8, 2e-6, 0.9};
  eis::ArcContext previous;
  previous.c_bulk_f = 1.0e-11;
  previous.c_gb_f = 1.8e-10;
  const auto a = eis::assign_fitted_arcs(blocking[0], p, {}, geometry, 1e6, previous);
  EXPECT_TRUE(a.reordered_by_continuity);
  EXPECT_EQ(a.bulk->r_ohm, rb);
  EXPECT_EQ(a.grain_boundary->r_ohm, rg);
  // Without the context the frequency order rules, with a warning about the capacitances.
  const auto b = eis::assign_fitted_arcs(blocking[0], p, {}, geometry, 1e6);
  EXPECT_EQ(b.bulk->r_ohm, rg);
  EXPECT_FALSE(b.warnings.empty());
}

TEST(AssignFittedArcs, NonBlockingInterfaceArcByCapacitance) {
  // Sample arc + interface arc (C 2 µF: C·L/A ≈ 4e-7 F/cm ≥ 1e-8).
  const std::vector<double> p{
      3e5, q_for(3e5, 5e-11, 0.85), 0.85, 2e5, q_for(2e5, 2e-6, 0.85), 0.85};
  const auto a = eis::assign_fitted_arcs(non_blocking[2], p, {}, geometry, 1e6);
  EXPECT_TRUE(a.consistent);
  EXPECT_EQ(a.regime, eis::ModelRegime::single_arc);
  ASSERT_TRUE(a.interface_arc && a.interface_resistance);
  EXPECT_EQ(a.interface_resistance->value_ohm, 1e5);  // per interface: R/2 (METHODS.md §6.5)
  EXPECT_EQ(a.total.value_ohm, 3e5);
  // Two sample arcs (bulk + grain boundary), no interface resolved.
  const std::vector<double> q{3e5, q_for(3e5, 9e-12, 0.9), 0.9, 6e5, q_for(6e5, 2e-10, 0.8), 0.8};
  const auto b = eis::assign_fitted_arcs(non_blocking[2], q, {}, geometry, 1e6);
  EXPECT_EQ(b.regime, eis::ModelRegime::two_arcs);
  EXPECT_FALSE(b.interface_arc.has_value());
  EXPECT_EQ(b.total.value_ohm, 9e5);
}

TEST(AssignFittedArcs, ThreeSampleFeaturesAreInconsistent) {
  // R1-p(R2,CPE2)-p(R3,CPE3) where neither arc is interface-like.
  const std::vector<double> p{
      100.0, 3e5, q_for(3e5, 9e-12, 0.9), 0.9, 6e5, q_for(6e5, 2e-10, 0.8), 0.8};
  EXPECT_FALSE(eis::assign_fitted_arcs(non_blocking[1], p, {}, geometry, 1e6).consistent);
}

TEST(AssignFittedArcs, DegenerateArcIsInconsistent) {
  const std::vector<double> p{
      1.0, q_for(1.0, 9e-12, 0.9), 0.9, 4e5, q_for(4e5, 2e-10, 0.8), 0.8, 2e-6, 0.9};
  EXPECT_FALSE(eis::assign_fitted_arcs(blocking[0], p, {}, geometry, 1e12).consistent);
}

TEST(AssignFittedArcs, ResistorLikeUnidentifiedOrDiscontinuousArcsAreInconsistent) {
  // n → 0: the CPE is a resistor 1/Q in parallel with R, not a relaxation.
  const std::vector<double> resistor_like{12.7, 0.076, 0.0032, 2e-6, 0.88};
  EXPECT_FALSE(eis::assign_fitted_arcs(blocking[2], resistor_like, {}, geometry, 1e6).consistent);
  // δR/R = 2 > 1: not identified.
  const std::vector<double> p{3e5, q_for(3e5, 5e-11, 0.85), 0.85, 2e-6, 0.9};
  Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(5, 5);
  cov(0, 0) = std::pow(6e5, 2);
  EXPECT_FALSE(eis::assign_fitted_arcs(blocking[2], p, cov, geometry, 1e6).consistent);
  cov(0, 0) = std::pow(3e4, 2);
  EXPECT_TRUE(eis::assign_fitted_arcs(blocking[2], p, cov, geometry, 1e6).consistent);
  // Grain-boundary capacitance 16× the previous one: more than a decade.
  const std::vector<double> two{
      2e5, q_for(2e5, 9e-12, 0.9), 0.9, 4e5, q_for(4e5, 3.2e-9, 0.8), 0.8, 2e-6, 0.9};
  eis::ArcContext previous;
  previous.c_bulk_f = 9e-12;
  previous.c_gb_f = 2e-10;
  EXPECT_FALSE(eis::assign_fitted_arcs(blocking[0], two, {}, geometry, 1e6, previous).consistent);
  previous.c_gb_f = 1e-9;
  EXPECT_TRUE(eis::assign_fitted_arcs(blocking[0], two, {}, geometry, 1e6, previous).consistent);
}

TEST(AssignFittedArcs, RejectsWrongSizes) {
  EXPECT_THROW(
      (void)eis::assign_fitted_arcs(blocking[3], std::vector<double>{1.0, 2.0}, {}, geometry, 1e6),
      eis::InvalidArgument);
  EXPECT_THROW((void)eis::assign_fitted_arcs(blocking[3],
                                             std::vector<double>{1.0, 2e-6, 0.9},
                                             Eigen::MatrixXd::Zero(2, 2),
                                             geometry,
                                             1e6),
               eis::InvalidArgument);
}

}  // namespace
