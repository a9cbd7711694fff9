// Fast version of the robustness study (robustness_slow_test.cpp): a few random spectra of
// each family, 0.5 % noise, no initial values; every R and C_eff within 5 %, n within 0.03.
#include <random>
#include <string>

#include <gtest/gtest.h>

#include <eis/fit/cnls.hpp>

#include "fit/families.hpp"

namespace {

void check_family(eis::test::Family family, int cases, std::uint64_t seed) {
  const auto circuit = eis::parse_circuit(eis::test::circuit_of(family));
  std::mt19937_64 engine{seed};
  for (int i = 0; i < cases; ++i) {
    const auto truth_params = eis::test::draw(family, engine);
    const auto truth = eis::test::describe(family, truth_params);
    const auto s = eis::test::noisy_spectrum(circuit, truth_params, 0.005, seed + 1000 + i);
    const auto r = eis::fit_circuit(circuit, s);
    ASSERT_TRUE(r.usable()) << r.report();
    const std::vector<double> fitted(r.parameters.data(),
                                     r.parameters.data() + r.parameters.size());
    std::string why;
    EXPECT_TRUE(eis::test::recovered(family, fitted, truth, 0.05, 0.03, &why))
        << "case " << i << ": " << why << "\n"
        << r.report();
  }
}

TEST(FitRobustness, BlockingCellsWithoutInitialValues) {
  check_family(eis::test::Family::blocking, 8, 101);
}

TEST(FitRobustness, NonBlockingCellsWithoutInitialValues) {
  check_family(eis::test::Family::nonblocking, 8, 202);
}

TEST(FitRobustness, FastConductorsWithoutInitialValues) {
  check_family(eis::test::Family::fast, 8, 303);
}

}  // namespace
