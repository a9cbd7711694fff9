// Robustness study of issue 5 (slow; Release only): 200 random spectra per family, 0.5 %
// noise, no initial values → every R and C_eff within 5 % and every n within 0.03 in ≥ 99 %
// of the cases; and 95 % CI coverage of 92–98 % over 400 noise replicates of one spectrum.
#include <cstdio>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include <eis/fit/cnls.hpp>

#include "fit/families.hpp"

namespace {

void study(eis::test::Family family, std::uint64_t seed) {
  const auto circuit = eis::parse_circuit(eis::test::circuit_of(family));
  std::mt19937_64 engine{seed};
  constexpr int cases = 200;
  int good = 0;
  for (int i = 0; i < cases; ++i) {
    const auto truth_params = eis::test::draw(family, engine);
    const auto truth = eis::test::describe(family, truth_params);
    const auto s = eis::test::noisy_spectrum(circuit, truth_params, 0.005, seed * 7919 + i);
    const auto r = eis::fit_circuit(circuit, s);
    const std::vector<double> fitted(r.parameters.data(),
                                     r.parameters.data() + r.parameters.size());
    std::string why;
    if (r.usable() && eis::test::recovered(family, fitted, truth, 0.05, 0.03, &why)) {
      ++good;
    } else {
      // A miss is allowed (criterion ≥ 99 %); print it so it can be studied.
      std::printf("miss, case %d: %s\n%s", i, why.c_str(), r.report().c_str());
    }
  }
  std::printf("%s: %d of %d recovered\n", eis::test::circuit_of(family), good, cases);
  EXPECT_GE(good, 198);  // ≥ 99 %
}

TEST(FitRobustnessStudy, BlockingCells) {
  study(eis::test::Family::blocking, 11);
}
TEST(FitRobustnessStudy, NonBlockingCells) {
  study(eis::test::Family::nonblocking, 22);
}
TEST(FitRobustnessStudy, FastConductors) {
  study(eis::test::Family::fast, 33);
}

void coverage(eis::test::Family family, std::uint64_t seed) {
  const auto circuit = eis::parse_circuit(eis::test::circuit_of(family));
  std::mt19937_64 engine{seed};
  const auto truth = eis::test::draw(family, engine);
  constexpr int replicates = 400;
  std::vector<int> covered(truth.size(), 0);
  int usable = 0;
  for (int i = 0; i < replicates; ++i) {
    const auto s = eis::test::noisy_spectrum(circuit, truth, 0.005, seed * 104729 + i);
    const auto r = eis::fit_circuit(circuit, s);
    if (!r.usable() || r.ci_lower.size() != static_cast<Eigen::Index>(truth.size())) {
      continue;
    }
    ++usable;
    for (std::size_t k = 0; k < truth.size(); ++k) {
      const auto kk = static_cast<Eigen::Index>(k);
      covered[k] += (r.ci_lower(kk) <= truth[k] && truth[k] <= r.ci_upper(kk)) ? 1 : 0;
    }
  }
  EXPECT_EQ(usable, replicates);
  for (std::size_t k = 0; k < truth.size(); ++k) {
    const double rate = static_cast<double>(covered[k]) / replicates;
    std::printf("%s parameter %zu: coverage %.3f\n", eis::test::circuit_of(family), k, rate);
    EXPECT_GE(rate, 0.92) << "parameter " << k;
    EXPECT_LE(rate, 0.98) << "parameter " << k;
  }
}

TEST(FitCoverage, BlockingCell) {
  coverage(eis::test::Family::blocking, 5);
}

}  // namespace
