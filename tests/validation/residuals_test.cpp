// Tests of eis/validation/residuals.hpp (METHODS.md §3.7, §4.1 step 5).
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include <eis/error.hpp>
#include <eis/validation/residuals.hpp>

namespace {

using eis::Complex;

TEST(Residuals, RelativeResidualsAndPseudoChiSquare) {
  const std::vector<double> f{1.0, 10.0};
  const std::vector<Complex> z{{3.0, -4.0}, {6.0, -8.0}};
  const std::vector<Complex> fit{{2.0, -4.0}, {6.0, -7.0}};
  const auto r = eis::validation::relative_residuals({f, z}, fit);
  EXPECT_DOUBLE_EQ(r.real[0], 1.0 / 5.0);
  EXPECT_DOUBLE_EQ(r.imag[0], 0.0);
  EXPECT_DOUBLE_EQ(r.real[1], 0.0);
  EXPECT_DOUBLE_EQ(r.imag[1], -1.0 / 10.0);
  EXPECT_DOUBLE_EQ(eis::validation::pseudo_chi_square(r), 0.04 + 0.01);
  EXPECT_THROW((void)eis::validation::relative_residuals({f, z}, std::vector<Complex>(1)),
               eis::InvalidArgument);
}

TEST(Residuals, NoiseEstimateIgnoresSmoothTrend) {
  std::mt19937_64 rng{11};
  std::normal_distribution<double> g{0.0, 2e-3};
  std::vector<double> f;
  eis::validation::RelativeResiduals res;
  for (int i = 0; i < 400; ++i) {
    f.push_back(std::pow(10.0, 6.0 - i / 50.0));
    const double trend = 0.02 * std::sin(i / 40.0);  // 10× the noise, smooth
    res.real.push_back(trend + g(rng));
    res.imag.push_back(-trend + g(rng));
  }
  const double sigma = eis::validation::estimate_noise_level(f, res);
  EXPECT_GT(sigma, 0.85 * 2e-3);
  EXPECT_LT(sigma, 1.15 * 2e-3);
}

}  // namespace
