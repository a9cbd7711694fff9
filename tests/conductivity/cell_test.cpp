#include <gtest/gtest.h>

#include <eis/conductivity/cell.hpp>
#include <eis/error.hpp>

namespace {

TEST(Cell, BlockingCandidatesDegradeFromTwoArcsToIntercept) {
  const auto cell = eis::Cell::blocking(eis::CellGeometry::disc(0.1, 0.8));
  const auto models = cell.candidate_models();
  ASSERT_EQ(models.size(), 4u);
  EXPECT_EQ(models[0].circuit, "p(R1,CPE1)-p(R2,CPE2)-CPE3");
  EXPECT_EQ(models[0].regime, eis::ModelRegime::two_arcs);
  EXPECT_EQ(models[0].parameter_count, 8u);
  EXPECT_EQ(models[1].circuit, "R1-p(R2,CPE2)-CPE3");
  EXPECT_EQ(models[1].regime, eis::ModelRegime::bulk_intercept);
  EXPECT_EQ(models[1].parameter_count, 6u);
  EXPECT_EQ(models[2].circuit, "p(R1,CPE1)-CPE2");
  EXPECT_EQ(models[3].circuit, "R1-CPE2");
  EXPECT_EQ(models[3].parameter_count, 3u);
  for (const auto& m : models) {
    EXPECT_FALSE(m.may_have_interface_arc);
    EXPECT_EQ(m.components.back().kind, eis::ComponentKind::cpe);
    EXPECT_EQ(m.components.back().first_parameter + 2, m.parameter_count);
  }
}

TEST(Cell, NonBlockingCandidatesEndInAnInterfaceArc) {
  const auto models = eis::candidate_models(eis::CellType::non_blocking);
  ASSERT_EQ(models.size(), 5u);
  EXPECT_EQ(models[0].circuit, "p(R1,CPE1)-p(R2,CPE2)-p(R3,CPE3)");
  EXPECT_EQ(models[1].circuit, "R1-p(R2,CPE2)-p(R3,CPE3)");
  EXPECT_EQ(models[2].circuit, "p(R1,CPE1)-p(R2,CPE2)");
  EXPECT_EQ(models[3].circuit, "R1-p(R2,CPE2)");
  EXPECT_EQ(models[4].circuit, "p(R1,CPE1)");
  EXPECT_TRUE(models[0].may_have_interface_arc);
  EXPECT_FALSE(models[4].may_have_interface_arc);
  EXPECT_EQ(models[1].components[1].first_parameter, 1u);
  EXPECT_EQ(models[1].components[2].first_parameter, 4u);
}

TEST(Cell, ParsesAndPrintsTypes) {
  EXPECT_EQ(eis::parse_cell_type("blocking"), eis::CellType::blocking);
  EXPECT_EQ(eis::parse_cell_type("non-blocking"), eis::CellType::non_blocking);
  EXPECT_EQ(eis::parse_cell_type("non_blocking"), eis::CellType::non_blocking);
  EXPECT_EQ(eis::to_string(eis::CellType::non_blocking), "non-blocking");
  EXPECT_THROW((void)eis::parse_cell_type("gold"), eis::InvalidArgument);
  EXPECT_EQ(eis::to_string(eis::ModelRegime::bulk_intercept), "bulk_intercept");
}

}  // namespace
