#include <numbers>

#include <gtest/gtest.h>

#include <eis/conductivity/cell_spec.hpp>
#include <eis/error.hpp>

namespace {

TEST(CellSpec, DiscGivesAreaFromTheDiameter) {
  const eis::Cell cell = eis::make_cell(
      {.type = "non-blocking", .thickness_cm = 0.21, .diameter_cm = 0.8, .diameter_err_cm = 0.01});
  EXPECT_EQ(cell.type, eis::CellType::non_blocking);
  EXPECT_DOUBLE_EQ(cell.geometry.thickness_cm, 0.21);
  EXPECT_DOUBLE_EQ(cell.geometry.area(), std::numbers::pi * 0.8 * 0.8 / 4.0);  // A = πd²/4
  EXPECT_DOUBLE_EQ(cell.geometry.relative_area_error(), 2.0 * 0.01 / 0.8);     // 2δd/d
}

TEST(CellSpec, AreaGivenDirectly) {
  const eis::Cell cell =
      eis::make_cell({.thickness_cm = 0.1, .area_cm2 = 2.0, .thickness_err_cm = 0.001});
  EXPECT_EQ(cell.type, eis::CellType::blocking);
  EXPECT_DOUBLE_EQ(cell.geometry.area(), 2.0);
  EXPECT_DOUBLE_EQ(cell.geometry.cell_constant_per_cm(), 0.1 / 2.0);
  EXPECT_DOUBLE_EQ(cell.geometry.thickness_err_cm, 0.001);
}

TEST(CellSpec, RejectsBadCombinations) {
  // Neither or both of area and diameter.
  EXPECT_THROW((void)eis::make_cell({.thickness_cm = 0.1}), eis::InvalidArgument);
  EXPECT_THROW((void)eis::make_cell({.thickness_cm = 0.1, .area_cm2 = 1.0, .diameter_cm = 1.0}),
               eis::InvalidArgument);
  // Invalid geometry and unknown electrode type.
  EXPECT_THROW((void)eis::make_cell({.thickness_cm = 0.0, .area_cm2 = 1.0}), eis::InvalidArgument);
  EXPECT_THROW((void)eis::make_cell({.thickness_cm = 0.1, .area_cm2 = -1.0}), eis::InvalidArgument);
  EXPECT_THROW((void)eis::make_cell({.type = "copper", .thickness_cm = 0.1, .area_cm2 = 1.0}),
               eis::InvalidArgument);
}

}  // namespace
