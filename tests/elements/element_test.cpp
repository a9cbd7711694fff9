// Law suites over every element (CONVENTIONS.md §9): closed forms, analytic Jacobian against
// central differences, finiteness and passivity over the whole parameter range of issue 3, plus
// the table of names, units and bounds.
#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <iostream>
#include <limits>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <eis/elements/element.hpp>

#include "support/reference_impedance.hpp"
#include "support/reference_quad.hpp"

namespace {

using eis::Complex;
using eis::ElementKind;
using eis::test::ComplexL;

std::vector<ElementKind> all_kinds() {
  std::vector<ElementKind> kinds;
  for (std::size_t k = 0; k < eis::element_kind_count; ++k) {
    kinds.push_back(static_cast<ElementKind>(k));
  }
  return kinds;
}

// The ranges of issue 3: ω 1e-6..1e9 rad/s, τ 1e-12..1e6 s, R 1e-3..1e12 Ω, C and Q 1e-15..1,
// L 1e-9..1 H, exponents 0.01..1; each parameter at both ends and in the middle.
std::vector<double> values_for(const eis::ParameterSpec& spec) {
  const std::string_view unit = spec.unit;
  if (unit == "ohm" || unit == "ohm s^-1/2") {
    return {1e-3, 3.7e4, 1e12};
  }
  if (unit == "F" || unit == "S s^n") {
    return {1e-15, 2.2e-8, 1.0};
  }
  if (unit == "H") {
    return {1e-9, 3e-5, 1.0};
  }
  if (unit == "s") {
    return {1e-12, 4.1e-3, 1e6};
  }
  return {0.01, 0.47, 1.0};  // exponents
}

std::vector<double> omega_grid() {
  std::vector<double> omega;
  for (int k = -60; k <= 90; ++k) {  // 1e-6 .. 1e9 rad/s, 10 per decade
    omega.push_back(std::pow(10.0, k / 10.0));
  }
  return omega;
}

// Every combination of the per-parameter values, plus 40 random sets drawn log-uniformly
// (exponents uniformly) from the whole ranges with a fixed seed.
std::vector<std::vector<double>> parameter_sets(ElementKind kind) {
  const auto specs = eis::element_info(kind).parameters;
  std::vector<std::vector<double>> random_sets;
  std::mt19937_64 engine{20261126};
  std::uniform_real_distribution<double> unit{0.0, 1.0};
  for (int r = 0; r < 40; ++r) {
    std::vector<double> set;
    for (const auto& spec : specs) {
      const auto v = values_for(spec);
      const double t = unit(engine);
      set.push_back(spec.scale == eis::ParameterScale::linear
                        ? v.front() + t * (v.back() - v.front())
                        : v.front() * std::pow(v.back() / v.front(), t));
    }
    random_sets.push_back(set);
  }
  std::vector<std::vector<double>> sets{{}};
  for (const auto& spec : specs) {
    std::vector<std::vector<double>> next;
    for (const auto& set : sets) {
      for (const double v : values_for(spec)) {
        auto s = set;
        s.push_back(v);
        next.push_back(s);
      }
    }
    sets = next;
  }
  sets.insert(sets.end(), random_sets.begin(), random_sets.end());
  return sets;
}

std::string describe(ElementKind kind, const std::vector<double>& p, double omega) {
  std::string out = std::string(eis::element_info(kind).impedance_py_name) + "(";
  for (std::size_t k = 0; k < p.size(); ++k) {
    out += (k > 0 ? ", " : "") + std::to_string(p[k]);
  }
  return out + ") at omega = " + std::to_string(omega);
}

bool finite(Complex z) {
  return std::isfinite(z.real()) && std::isfinite(z.imag());
}

class EveryElement : public ::testing::TestWithParam<ElementKind> {};

TEST_P(EveryElement, InfoIsConsistent) {
  const auto kind = GetParam();
  const auto& info = eis::element_info(kind);
  EXPECT_EQ(info.kind, kind);
  EXPECT_FALSE(info.parameters.empty());
  EXPECT_EQ(eis::element_kind_from_impedance_py_name(info.impedance_py_name), kind);
  EXPECT_EQ(eis::element_kind_from_cdc_name(info.cdc_name), kind);
  if (info.cdc_letter != 0) {
    EXPECT_EQ(info.cdc_name, std::string(1, info.cdc_letter));
  }
  for (const auto& spec : info.parameters) {
    EXPECT_FALSE(spec.suffix_name.empty());
    EXPECT_FALSE(spec.unit.empty());
    EXPECT_EQ(spec.lower, 0.0);
    if (spec.scale == eis::ParameterScale::linear) {
      EXPECT_EQ(spec.upper, 1.0) << spec.suffix_name;
    } else {
      EXPECT_EQ(spec.upper, std::numeric_limits<double>::infinity()) << spec.suffix_name;
    }
  }
}

// |Z − Z_ref| ≤ 1e-12 |Z_ref| against the long-double closed form, over the whole range.
TEST_P(EveryElement, MatchesClosedFormOverWholeRange) {
  const auto kind = GetParam();
  const auto omega = omega_grid();
  double worst = 0.0;
  for (const auto& p : parameter_sets(kind)) {
    const std::vector<long double> pl(p.begin(), p.end());
    for (const double w : omega) {
      const Complex z = eis::element_impedance(kind, w, p);
      ASSERT_TRUE(finite(z)) << describe(kind, p, w);
      const ComplexL ref = eis::test::reference_impedance(kind, w, pl);
      const double err = static_cast<double>(std::abs(ComplexL(z) - ref) / std::abs(ref));
      worst = std::max(worst, err);
      ASSERT_LE(err, 1e-12) << describe(kind, p, w) << ": " << z << " vs "
                            << Complex(static_cast<double>(ref.real()),
                                       static_cast<double>(ref.imag()));
    }
  }
  std::cout << "[ largest relative error of Z: " << worst << " ]\n";
}

// Issue 3 criterion: |analytic − numeric| ≤ 1e-6 · max(|∂Z/∂p|, 1e-6 · max over the spectrum
// of |∂Z/∂p|), numeric = central difference (step 1e-7 relative to the parameter) of the
// closed form in quad precision (long double, step 1e-5, without libquadmath, which cannot
// resolve the extreme corners), for every parameter set of the grid; no NaN or Inf anywhere.
TEST_P(EveryElement, JacobianMatchesCentralDifferencesOverWholeRange) {
  const auto kind = GetParam();
  const auto omega = omega_grid();
  const std::size_t count = eis::element_info(kind).parameters.size();
  double worst = 0.0;
  for (const auto& p : parameter_sets(kind)) {
    const std::vector<long double> pl(p.begin(), p.end());
    std::vector<std::vector<Complex>> analytic(count, std::vector<Complex>(omega.size()));
    std::vector<std::vector<ComplexL>> numeric(count, std::vector<ComplexL>(omega.size()));
    std::vector<Complex> dz(count);
    for (std::size_t i = 0; i < omega.size(); ++i) {
      (void)eis::element_impedance(kind, omega[i], p, dz);
      for (std::size_t k = 0; k < count; ++k) {
        ASSERT_TRUE(finite(dz[k])) << "parameter " << k << ", " << describe(kind, p, omega[i]);
        analytic[k][i] = dz[k];
#if defined(EIS_TEST_HAVE_QUADMATH)
        numeric[k][i] = ComplexL(eis::test::quad_precision::derivative(kind, omega[i], p, k));
#else
        numeric[k][i] = eis::test::reference_derivative(kind, omega[i], pl, k, 1e-5L);
#endif
      }
    }
    for (std::size_t k = 0; k < count; ++k) {
      double max_abs = 0.0;
      for (const auto& d : analytic[k]) {
        max_abs = std::max(max_abs, std::abs(d));
      }
      for (std::size_t i = 0; i < omega.size(); ++i) {
        const double scale = std::max(std::abs(analytic[k][i]), 1e-6 * max_abs);
        const double diff = static_cast<double>(std::abs(ComplexL(analytic[k][i]) - numeric[k][i]));
        const double ratio = scale > 0.0 ? diff / scale : diff;
        worst = std::max(worst, ratio);
        ASSERT_LE(ratio, 1e-6) << "d/d" << eis::element_info(kind).parameters[k].suffix_name << ", "
                               << describe(kind, p, omega[i]) << ": analytic " << analytic[k][i]
                               << ", numeric "
                               << Complex(static_cast<double>(numeric[k][i].real()),
                                          static_cast<double>(numeric[k][i].imag()));
      }
    }
  }
  std::cout << "[ largest Jacobian discrepancy (relative to the criterion's scale): " << worst
            << " ]\n";
}

// Re Z ≥ 0 for every element (passive); the inductor and capacitor are purely reactive.
TEST_P(EveryElement, IsPassive) {
  const auto kind = GetParam();
  for (const auto& p : parameter_sets(kind)) {
    for (const double w : omega_grid()) {
      EXPECT_GE(eis::element_impedance(kind, w, p).real(), 0.0) << describe(kind, p, w);
    }
  }
}

TEST_P(EveryElement, WrongParameterCountGivesNaN) {
  const auto kind = GetParam();
  const std::vector<double> too_many(eis::element_info(kind).parameters.size() + 1, 1.0);
  EXPECT_TRUE(std::isnan(eis::element_impedance(kind, 1.0, too_many).real()));
}

INSTANTIATE_TEST_SUITE_P(Elements,
                         EveryElement,
                         ::testing::ValuesIn(all_kinds()),
                         [](const auto& test_info) {
                           return std::string(eis::to_string(test_info.param));
                         });

// --- limits (METHODS.md §1.1) -------------------------------------------------------------

Complex z_of(ElementKind kind, double omega, std::vector<double> p) {
  return eis::element_impedance(kind, omega, p);
}

bool close(Complex a, Complex b, double rel) {
  return std::abs(a - b) <= rel * std::abs(b);
}

TEST(Cpe, EqualsCapacitorWhenExponentIsOne) {
  for (const double w : omega_grid()) {
    for (const double c : {1e-15, 1e-9, 1.0}) {
      EXPECT_TRUE(close(z_of(ElementKind::cpe, w, {c, 1.0}), Complex(0.0, -1.0 / (w * c)), 1e-13))
          << w;
    }
  }
}

TEST(Cpe, EqualsResistorWhenExponentIsZeroAndWarburgAtOneHalf) {
  for (const double w : omega_grid()) {
    EXPECT_TRUE(close(z_of(ElementKind::cpe, w, {1e-3, 0.0}), Complex(1e3, 0.0), 1e-13));
    // CPE(Q, 1/2) = W(σ) with Q = 1/(√2 σ) (METHODS.md §1.1, §2.4)
    const double sigma = 250.0;
    EXPECT_TRUE(close(z_of(ElementKind::cpe, w, {1.0 / (std::sqrt(2.0) * sigma), 0.5}),
                      z_of(ElementKind::warburg, w, {sigma}),
                      1e-13));
    // phase −90·n degrees, independent of ω
    const Complex z = z_of(ElementKind::cpe, w, {1e-6, 0.8});
    EXPECT_NEAR(std::arg(z), -0.8 * std::numbers::pi / 2.0, 1e-14);
  }
}

TEST(Zarc, ReducesToDebyeWhenExponentIsOne) {
  const double r = 1e5;
  const double tau = 1e-4;
  for (const double w : omega_grid()) {
    EXPECT_TRUE(close(
        z_of(ElementKind::zarc, w, {r, tau, 1.0}), Complex(r, 0.0) / Complex(1.0, w * tau), 1e-13));
  }
}

TEST(HavriliakNegami, EqualsZarcWhenBetaIsOneAndColeDavidsonWhenAlphaIsOne) {
  for (const double w : omega_grid()) {
    for (const double n : {0.01, 0.6, 1.0}) {
      EXPECT_TRUE(close(z_of(ElementKind::havriliak_negami, w, {2e6, 3e-3, n, 1.0}),
                        z_of(ElementKind::zarc, w, {2e6, 3e-3, n}),
                        1e-13))
          << w << ' ' << n;
    }
    const double beta = 0.7;
    const Complex cole_davidson = 2e6 / std::pow(Complex(1.0, w * 3e-3), beta);
    EXPECT_TRUE(close(
        z_of(ElementKind::havriliak_negami, w, {2e6, 3e-3, 1.0, beta}), cole_davidson, 1e-12));
  }
}

TEST(FiniteWarburg, LowFrequencyLimits) {
  const double z0 = 4e3;
  const double tau = 2.0;
  for (const double w : {1e-6, 1e-5, 1e-4}) {
    // ω → 0: Ws → Z0 (METHODS.md §1.1); the next term is −Z0·jωτ/3.
    EXPECT_TRUE(close(
        z_of(ElementKind::warburg_short, w, {z0, tau}), Complex(z0, 0.0), w * tau / 3.0 * 1.01));
    // ω → 0: Wo → Z0/3 + Z0/(jωτ); the next term is −Z0·jωτ/45.
    const Complex wo = z_of(ElementKind::warburg_open, w, {z0, tau});
    const Complex limit = z0 / 3.0 + z0 / Complex(0.0, w * tau);
    EXPECT_LE(std::abs(wo - limit), z0 * w * tau / 45.0 * 1.01) << w;
    EXPECT_NEAR(wo.real(), z0 / 3.0, z0 * 1e-9);
  }
}

TEST(FiniteWarburg, HighFrequencyLimitIsSemiInfiniteWarburg) {
  const double z0 = 4e3;
  const double tau = 2.0;
  const double sigma = z0 / std::sqrt(2.0 * tau);  // Z0/√(jωτ) = σ(1 − j)/√ω
  for (const double w : {1e3, 1e6, 1e9}) {
    const Complex expected = z_of(ElementKind::warburg, w, {sigma});
    EXPECT_TRUE(close(z_of(ElementKind::warburg_short, w, {z0, tau}), expected, 1e-13));
    EXPECT_TRUE(close(z_of(ElementKind::warburg_open, w, {z0, tau}), expected, 1e-13));
  }
}

TEST(Gerischer, LimitsAreResistiveAndWarburgLike) {
  const double r = 50.0;
  const double t = 1e-3;
  EXPECT_TRUE(close(z_of(ElementKind::gerischer, 1e-6, {r, t}), Complex(r, 0.0), 1e-9));
  const double w = 1e9;  // ωt ≫ 1: Z → R_G/√(jωt)
  EXPECT_TRUE(
      close(z_of(ElementKind::gerischer, w, {r, t}), r / std::sqrt(Complex(0.0, w * t)), 1e-6));
}

TEST(Warburg, Is45DegreeLine) {
  for (const double w : omega_grid()) {
    const Complex z = z_of(ElementKind::warburg, w, {10.0});
    EXPECT_DOUBLE_EQ(z.real(), -z.imag());
    EXPECT_DOUBLE_EQ(z.real(), 10.0 / std::sqrt(w));
  }
}

}  // namespace
