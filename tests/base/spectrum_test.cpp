#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

#include <eis/error.hpp>
#include <eis/spectrum.hpp>
#include <eis/units.hpp>

#include "support/support.hpp"

namespace {

using eis::Complex;

TEST(Spectrum, ValidateRejectsNonPositiveFrequencyAndNamesIndex) {
  const std::vector<double> f{10.0, 0.0};
  const std::vector<Complex> z{{1, -1}, {1, -1}};
  try {
    eis::validate_spectrum({f, z});
    FAIL() << "expected InvalidArgument";
  } catch (const eis::InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("index 1"), std::string::npos) << e.what();
  }
}

TEST(Spectrum, ValidateRejectsSizeMismatchAndNaN) {
  const std::vector<double> f{10.0, 20.0};
  const std::vector<Complex> one{{1, -1}};
  EXPECT_THROW(eis::validate_spectrum({f, one}), eis::InvalidArgument);
  const std::vector<Complex> nan{{1, -1}, {std::numeric_limits<double>::quiet_NaN(), 0}};
  EXPECT_THROW(eis::validate_spectrum({f, nan}), eis::InvalidArgument);
  const std::vector<Complex> ok{{1, -1}, {1, -2}};
  EXPECT_NO_THROW(eis::validate_spectrum({f, ok}));
  EXPECT_THROW(eis::validate_spectrum({f, ok}, 3), eis::InvalidArgument);
}

TEST(Spectrum, ComplexCapacitanceOfIdealCapacitorIsC) {
  // Z = 1/(jωC) ⇒ C* = 1/(jωZ) = C exactly (METHODS.md §0).
  const double c = 4.7e-9;
  std::vector<double> f{1.0, 1e3, 1e6};
  std::vector<Complex> z;
  for (double fi : f) {
    z.push_back(1.0 / (Complex{0.0, eis::units::angular_frequency(fi)} * c));
  }
  for (const auto& ci : eis::complex_capacitance({f, z})) {
    EXPECT_TRUE(eis::test::near_relative(ci, Complex{c, 0.0}, 1e-14));
  }
}

TEST(Spectrum, ModulusOfResistorIsJOmegaC0R) {
  const double r = 1e5;
  const double c0 = 2e-12;
  std::vector<double> f{1e2, 1e5};
  std::vector<Complex> z{{r, 0.0}, {r, 0.0}};
  const auto m = eis::modulus({f, z}, c0);
  for (std::size_t i = 0; i < f.size(); ++i) {
    const double expected_imag = 2.0 * std::numbers::pi * f[i] * c0 * r;
    EXPECT_TRUE(eis::test::near_relative(m[i], Complex{0.0, expected_imag}, 1e-14));
  }
  const auto eps = eis::permittivity({f, z}, c0);
  EXPECT_TRUE(eis::test::near_relative(eps[0] * m[0], Complex{1.0, 0.0}, 1e-14));
}

TEST(Spectrum, SignCheckFlagsMostlyPositiveImaginary) {
  std::vector<double> f{1, 2, 3};
  std::vector<Complex> z{{1, 1}, {1, 2}, {1, -1}};
  const auto check = eis::check_sign_convention({f, z});
  EXPECT_TRUE(check.suspicious);
  EXPECT_EQ(check.positive_imaginary, 2u);
  std::vector<Complex> z2{{1, -1}, {1, -2}, {1, 1}};
  EXPECT_FALSE(eis::check_sign_convention({f, z2}).suspicious);
}

TEST(Units, ConversionsFollowDefinitions) {
  EXPECT_DOUBLE_EQ(eis::units::celsius_to_kelvin(25.0), 298.15);
  EXPECT_DOUBLE_EQ(eis::units::s_per_cm_to_s_per_m(1.0), 100.0);
  EXPECT_DOUBLE_EQ(eis::units::disc_area_cm2(2.0), std::numbers::pi);
  // k_B·ln10 = 1.98422e-4 eV/K (METHODS.md §0).
  EXPECT_NEAR(eis::units::boltzmann_ev_per_k * std::log(10.0), 1.98422e-4, 1e-9);
}

TEST(Errors, ParseErrorCarriesLocation) {
  const eis::ParseError e("expected a number", 12, 3, "data.mpt");
  EXPECT_EQ(e.line(), 12u);
  EXPECT_EQ(e.column(), 3u);
  EXPECT_STREQ(e.what(), "data.mpt:12:3: expected a number");
  const eis::ParseError c("expected an element or ')'", 0, 9);
  EXPECT_STREQ(c.what(), "column 9: expected an element or ')'");
}

}  // namespace
