#include "support/support.hpp"

#include <cmath>
#include <sstream>

namespace eis::test {

::testing::AssertionResult near_relative(double actual, double expected, double rel, double abs) {
  const double tol = rel * std::abs(expected) + abs;
  if (std::abs(actual - expected) <= tol) {
    return ::testing::AssertionSuccess();
  }
  std::ostringstream os;
  os.precision(17);
  os << "actual " << actual << " vs expected " << expected << ": difference "
     << std::abs(actual - expected) << " > tolerance " << tol << " (rel " << rel << ", abs " << abs
     << ")";
  return ::testing::AssertionFailure() << os.str();
}

::testing::AssertionResult near_relative(std::complex<double> actual,
                                         std::complex<double> expected,
                                         double rel,
                                         double abs) {
  const double tol = rel * std::abs(expected) + abs;
  if (std::abs(actual - expected) <= tol) {
    return ::testing::AssertionSuccess();
  }
  std::ostringstream os;
  os.precision(17);
  os << "actual " << actual << " vs expected " << expected << ": |difference| "
     << std::abs(actual - expected) << " > tolerance " << tol;
  return ::testing::AssertionFailure() << os.str();
}

::testing::AssertionResult all_near_relative(std::span<const double> actual,
                                             std::span<const double> expected,
                                             double rel,
                                             double abs) {
  if (actual.size() != expected.size()) {
    return ::testing::AssertionFailure()
           << "sizes differ: " << actual.size() << " vs " << expected.size();
  }
  for (std::size_t i = 0; i < actual.size(); ++i) {
    auto r = near_relative(actual[i], expected[i], rel, abs);
    if (!r) {
      return ::testing::AssertionFailure() << "index " << i << ": " << r.message();
    }
  }
  return ::testing::AssertionSuccess();
}

std::filesystem::path data_path(const std::string& relative) {
  return std::filesystem::path(EIS_TEST_DATA_DIR) / relative;
}

}  // namespace eis::test
