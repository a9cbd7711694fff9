// Checks of the synthetic series of tests/support against METHODS.md, so the series tests
// rest on a generator that does what its comment says.
#include "support/synthetic_series.hpp"

#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "support/support.hpp"

namespace {

using eis::test::near_relative;

TEST(SyntheticSeries, BulkApexIsGeometryIndependent) {
  // METHODS.md §6.3: f_b = σ_b/(2π ε₀ ε_r) with ε_r = 20.
  const auto s = eis::test::li2b12h12_like_series(1, 0.0);
  for (const auto& sp : s.spectra) {
    EXPECT_TRUE(
        near_relative(sp.bulk_apex_hz,
                      sp.sigma_bulk_s_per_cm / (2 * std::numbers::pi * 8.8541878128e-14 * 20),
                      1e-12));
  }
}

TEST(SyntheticSeries, LiSeriesShapeAsDocumented) {
  const auto s = eis::test::li2b12h12_like_series(1, 0.0);
  ASSERT_EQ(s.spectra.size(), 38u);  // 2 runs × 19 temperatures
  for (std::size_t i = 0; i < 19; ++i) {
    const auto& r1 = s.spectra[i];
    const auto& r4 = s.spectra[i + 19];
    ASSERT_EQ(r1.temperature_k, r4.temperature_k);
    const double ratio = r4.sigma_total_s_per_cm / r1.sigma_total_s_per_cm;
    EXPECT_TRUE(near_relative(ratio, r1.temperature_k < 615 ? 0.4 : 1.0, 1e-12));
    // Bulk arc inside the 1 MHz window up to 380 K in run 1, outside from 400 K on.
    if (r1.temperature_k <= 380) {
      EXPECT_LT(r1.bulk_apex_hz, 1e6);
    } else {
      EXPECT_GT(r1.bulk_apex_hz, 1e6);
    }
  }
  // The transition: a jump of more than a decade between 600 and 620 K.
  EXPECT_GT(s.spectra[16].sigma_total_s_per_cm / s.spectra[15].sigma_total_s_per_cm, 10.0);
}

TEST(SyntheticSeries, BlockingLowFrequencyIsTheSpikeNonBlockingEndsOnTheAxis) {
  const auto li = eis::test::li2b12h12_like_series(1, 0.0);
  const auto& hot = li.spectra[18];  // 660 K: only the intercept and the spike remain
  const auto z_hi = hot.impedance_ohm.front();
  EXPECT_TRUE(near_relative(z_hi.real(), hot.r_bulk_ohm + hot.r_gb_ohm, 0.05));
  const auto z_lo = hot.impedance_ohm.back();
  // Capacitive spike (Z'' < 0) at the CPE's constant phase n·90° with n = 0.88.
  EXPECT_TRUE(near_relative(-z_lo.imag() / (z_lo.real() - hot.r_bulk_ohm - hot.r_gb_ohm),
                            std::tan(0.88 * std::numbers::pi / 2.0),
                            1e-3));
  const auto na = eis::test::na_symmetric_series(2, 0.0);
  const auto& sp = na.spectra[13];  // 560 K: interface apex well inside the window
  const double r_dc = sp.r_bulk_ohm + sp.r_gb_ohm + sp.r_interface_total_ohm;
  EXPECT_TRUE(near_relative(sp.impedance_ohm.back().real(), r_dc, 0.01));
  EXPECT_LT(std::abs(sp.impedance_ohm.back().imag()), 0.05 * r_dc);
}

}  // namespace
