// Model selection: the generating model wins on AIC and BIC; nested F-tests decide correctly.
#include <vector>

#include <gtest/gtest.h>

#include <eis/circuit/evaluate.hpp>
#include <eis/error.hpp>
#include <eis/fit/model_selection.hpp>

namespace {

eis::Spectrum simulated(const eis::Circuit& c, const std::vector<double>& p) {
  eis::Spectrum s;
  s.frequency_hz = eis::log_spaced_frequencies_hz(0.1, 1e7, 10);
  s.impedance_ohm =
      eis::simulate_with_noise(c, s.frequency_hz, p, {.relative_noise = 0.005, .seed = 9});
  return s;
}

TEST(ModelSelection, NestingIsStructural) {
  const auto small = eis::parse_circuit("p(R1,CPE1)-CPE2");
  const auto big = eis::parse_circuit("p(R1,CPE1)-p(R2,CPE2)-CPE3");
  EXPECT_TRUE(eis::is_nested(small, big));
  EXPECT_FALSE(eis::is_nested(big, small));
  EXPECT_FALSE(eis::is_nested(eis::parse_circuit("R0-L0"), big));
}

TEST(ModelSelection, TwoArcDataPreferTwoArcModel) {
  const auto small = eis::parse_circuit("p(R1,CPE1)-CPE2");
  const auto big = eis::parse_circuit("p(R1,CPE1)-p(R2,CPE2)-CPE3");
  const double r1 = 1e5, r2 = 3e5;
  const auto s = simulated(
      big, {r1, std::pow(5e-7, 0.9) / r1, 0.9, r2, std::pow(3e-4, 0.8) / r2, 0.8, 2e-6, 0.85});
  const std::vector<eis::Circuit> candidates{small, big};
  for (const auto criterion : {eis::SelectionCriterion::aic, eis::SelectionCriterion::bic}) {
    const auto r = eis::select_model(candidates, s, {.criterion = criterion});
    EXPECT_EQ(r.best, 1U);
    EXPECT_EQ(r.candidates[1].rank, 1U);
    EXPECT_EQ(r.candidates[0].rank, 2U);
    EXPECT_GT(r.candidates[0].delta, 10.0);
    EXPECT_NEAR(r.candidates[0].weight + r.candidates[1].weight, 1.0, 1e-12);
    ASSERT_EQ(r.nested.size(), 1U);
    EXPECT_EQ(r.nested[0].simple, 0U);
    EXPECT_TRUE(r.nested[0].complex_preferred);
  }
}

TEST(ModelSelection, OneArcDataDoNotNeedSecondArc) {
  const auto small = eis::parse_circuit("R0-p(R1,CPE1)");
  const auto big = eis::parse_circuit("R0-p(R1,CPE1)-p(R2,CPE2)");
  const auto s = simulated(small, {100.0, 1e5, 1e-10, 0.9});
  const std::vector<eis::Circuit> candidates{big, small};
  const auto r = eis::select_model(candidates, s, {.criterion = eis::SelectionCriterion::bic});
  EXPECT_EQ(r.best, 1U);
  for (const auto& cmp : r.nested) {
    EXPECT_FALSE(cmp.complex_preferred) << cmp.test.p_value;
  }
  EXPECT_THROW((void)eis::select_model(std::vector<eis::Circuit>{}, s), eis::InvalidArgument);
}

}  // namespace
