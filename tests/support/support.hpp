/// @file
/// Test helpers: closeness checks that print both values and the tolerance on failure, and
/// paths of the bundled fixtures.
#pragma once

#include <complex>
#include <filesystem>
#include <span>
#include <string>

#include <gtest/gtest.h>

namespace eis::test {

/// |actual − expected| ≤ rel·|expected| + abs.
::testing::AssertionResult near_relative(double actual,
                                         double expected,
                                         double rel,
                                         double abs = 0.0);
::testing::AssertionResult near_relative(std::complex<double> actual,
                                         std::complex<double> expected,
                                         double rel,
                                         double abs = 0.0);
/// Element-wise near_relative; reports the first failing index.
::testing::AssertionResult all_near_relative(std::span<const double> actual,
                                             std::span<const double> expected,
                                             double rel,
                                             double abs = 0.0);

/// Path of a fixture under tests/data/.
[[nodiscard]] std::filesystem::path data_path(const std::string& relative);

}  // namespace eis::test
