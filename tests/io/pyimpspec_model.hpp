// The synthetic spectrum every pyimpspec fixture holds (shared/data/PROVENANCE.md, "pyimpspec"):
// Z = R0 + R1||C1 + R2||W with R0 = 100 Ω, R1 = 200 Ω, C1 = 8e-7 F, R2 = 500 Ω and a Warburg
// admittance Y = 4e-4 S·s^½ (Z_W = 1/(Y·(jω)^½)); 29 frequencies 10^(4 − 4k/28) Hz, k = 0..28.
// Computed here analytically, independently of any reader.
#pragma once

#include <cmath>
#include <complex>
#include <cstddef>
#include <numbers>

#include <gtest/gtest.h>

#include <eis/spectrum.hpp>

#include "support/support.hpp"

namespace eis::test {

inline constexpr std::size_t pyimpspec_points = 29;

inline double pyimpspec_frequency(std::size_t k) {
  return std::pow(10.0, 4.0 - 4.0 * static_cast<double>(k) / 28.0);
}

inline std::complex<double> pyimpspec_impedance(double f) {
  const double w = 2.0 * std::numbers::pi * f;
  const std::complex<double> jw{0.0, w};
  const std::complex<double> z1 = 1.0 / (1.0 / 200.0 + jw * 8e-7);
  const std::complex<double> z2 = 1.0 / (1.0 / 500.0 + 4e-4 * std::sqrt(jw));
  return 100.0 + z1 + z2;
}

/// Every point of `s` against the model: frequency within rel_f of 10^(4−4k/28), Z within
/// rel_z·|Z| of the model evaluated at the frequency the file states.
inline void expect_pyimpspec_spectrum(const Spectrum& s, double rel_f, double rel_z) {
  ASSERT_EQ(s.size(), pyimpspec_points);
  for (std::size_t k = 0; k < s.size(); ++k) {
    EXPECT_TRUE(near_relative(s.frequency_hz[k], pyimpspec_frequency(k), rel_f)) << "point " << k;
    EXPECT_TRUE(near_relative(s.impedance_ohm[k], pyimpspec_impedance(s.frequency_hz[k]), rel_z))
        << "point " << k;
  }
}

}  // namespace eis::test
