// fit_circuit: recovery of known parameters, published reference fits (FORMATS.md §5),
// options (fixed, bounds, domains, weighting, cancellation) and degenerate input.
#include <cmath>
#include <limits>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <eis/circuit/circuit.hpp>
#include <eis/circuit/evaluate.hpp>
#include <eis/error.hpp>
#include <eis/fit/cnls.hpp>

#include "fit/fit_data.hpp"
#include "support/support.hpp"

namespace {

using eis::test::near_relative;

eis::Spectrum make(const eis::Circuit& c,
                   const std::vector<double>& p,
                   double f_min,
                   double f_max,
                   int per_decade,
                   double noise = 0.0,
                   std::uint64_t seed = 1) {
  eis::Spectrum s;
  s.frequency_hz = eis::log_spaced_frequencies_hz(f_min, f_max, per_decade);
  s.impedance_ohm =
      eis::simulate_with_noise(c, s.frequency_hz, p, {.relative_noise = noise, .seed = seed});
  return s;
}

TEST(FitCircuit, RecoversBlockingCellWithoutInitialValues) {
  // Bulk 1e5 Ω / τ 5e-7 s, gb 3e5 Ω / τ 3e-4 s, electrode CPE; noise-free: exact recovery.
  const auto c = eis::parse_circuit("p(R1,CPE1)-p(R2,CPE2)-CPE3");
  const double r1 = 1e5, n1 = 0.92, r2 = 3e5, n2 = 0.8;
  const std::vector<double> truth{
      r1, std::pow(5e-7, n1) / r1, n1, r2, std::pow(3e-4, n2) / r2, n2, 2e-6, 0.85};
  const auto s = make(c, truth, 0.1, 1e7, 10);
  const auto r = eis::fit_circuit(c, s);
  ASSERT_TRUE(r.usable()) << r.report();
  EXPECT_TRUE(r.automatic_initial_values);
  for (std::size_t k = 0; k < truth.size(); ++k) {
    EXPECT_TRUE(near_relative(r.parameters(static_cast<Eigen::Index>(k)), truth[k], 1e-6))
        << r.names[k];
  }
  EXPECT_LT(r.pseudo_chi_square, 1e-20);
}

TEST(FitCircuit, RecoversRandlesCircuitFromPerturbedStart) {
  const auto c = eis::parse_circuit("R0-p(R1-W1,C1)");
  const std::vector<double> truth{20.0, 150.0, 40.0, 2e-6};
  const auto s = make(c, truth, 0.01, 1e5, 8);
  const std::vector<double> start{60.0, 50.0, 120.0, 6e-6};
  const auto r = eis::fit_circuit(c, s, start);
  ASSERT_TRUE(r.usable()) << r.report();
  for (std::size_t k = 0; k < truth.size(); ++k) {
    EXPECT_TRUE(near_relative(r.parameters(static_cast<Eigen::Index>(k)), truth[k], 1e-6))
        << r.names[k];
  }
}

TEST(FitCircuit, AdmittanceDomainRecoversDielectricRelaxation) {
  const auto c = eis::parse_circuit("p(R0,C0)-p(R1,CPE1)");
  const double r1 = 1e9, n1 = 0.7;
  const std::vector<double> truth{1e8, 5e-12, r1, std::pow(1e-1, n1) / r1, n1};
  const auto s = make(c, truth, 1e-2, 1e6, 10);
  const auto r = eis::fit_circuit(c, s, {}, {.domain = eis::FitDomain::admittance});
  ASSERT_TRUE(r.usable()) << r.report();
  EXPECT_EQ(r.domain, eis::FitDomain::admittance);
  for (std::size_t k = 0; k < truth.size(); ++k) {
    EXPECT_TRUE(near_relative(r.parameters(static_cast<Eigen::Index>(k)), truth[k], 1e-5))
        << r.names[k];
  }
}

// impedance.py tutorial fit (FORMATS.md §5 R2, impedance/tests/test_fitting.py): unweighted,
// points with Z'' < 0, start (.01, .01, 100, .01, .05, 100, 1).
TEST(FitCircuit, ReproducesImpedancePyTutorialFit) {
  const auto all = eis::test::read_three_columns("impedance_py/exampleData.csv");
  ASSERT_EQ(all.size(), 66U);
  eis::Spectrum s;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all.impedance_ohm[i].imag() < 0.0) {
      s.frequency_hz.push_back(all.frequency_hz[i]);
      s.impedance_ohm.push_back(all.impedance_ohm[i]);
    }
  }
  ASSERT_EQ(s.size(), 57U);
  const auto c = eis::parse_circuit("R0-p(R1,C1)-p(R2-Wo1,C2)");
  const std::vector<double> start{.01, .01, 100, .01, .05, 100, 1};
  const auto r = eis::fit_circuit(c, s, start, {.weighting = eis::Weighting::unit});
  ASSERT_TRUE(r.usable()) << r.report();
  const std::vector<double> published{1.65e-2, 8.68e-3, 3.32, 5.39e-3, 6.31e-2, 2.33e2, 2.20e-1};
  for (std::size_t k = 0; k < published.size(); ++k) {
    const double tolerance = r.names[k] == "Wo1_1" ? 0.03 : 0.01;
    EXPECT_TRUE(near_relative(r.parameters(static_cast<Eigen::Index>(k)), published[k], tolerance))
        << r.names[k];
  }
}

// EISFitpython 140 °C (FORMATS.md §5 R1): modulus weighting, no initial values.
TEST(FitCircuit, ReproducesEisFitpythonResistancesWithoutInitialValues) {
  const auto s = eis::test::read_three_columns("eisfitpython/s04147-140deg.txt");
  ASSERT_EQ(s.size(), 42U);
  const auto c = eis::parse_circuit("p(R1,CPE1)-p(R2,CPE2)-CPE3");
  const auto r = eis::fit_circuit(c, s);
  ASSERT_TRUE(r.usable()) << r.report();
  EXPECT_TRUE(near_relative(r.parameters(0), 1.462e5, 0.03)) << r.report();
  EXPECT_TRUE(near_relative(r.parameters(3), 2.012e6, 0.03)) << r.report();
  // Published χ² (their definition equals S with modulus weighting): 7.332e-3.
  EXPECT_TRUE(near_relative(r.chi_square, 7.332e-3, 0.01)) << r.report();
}

TEST(FitCircuit, HoldsFixedParametersAndHonoursBounds) {
  const auto c = eis::parse_circuit("R0-p(R1,C1)");
  const std::vector<double> truth{10.0, 100.0, 1e-6};
  const auto s = make(c, truth, 1.0, 1e6, 10);
  const auto fixed = eis::fit_circuit(c, s, {}, {.fixed = {{"R0", 12.0}}});
  EXPECT_EQ(fixed.parameters(0), 12.0);
  EXPECT_TRUE(fixed.fixed[0]);
  EXPECT_EQ(fixed.free_parameters, 2U);
  EXPECT_EQ(fixed.standard_errors.size(), 3);
  EXPECT_EQ(fixed.standard_errors(0), 0.0);
  const auto bounded = eis::fit_circuit(c, s, {}, {.bounds = {{"R1", 1.0, 50.0}}});
  EXPECT_LE(bounded.parameters(1), 50.0);
  EXPECT_TRUE(bounded.at_bound[1]);
  EXPECT_FALSE(bounded.warnings.empty());
  EXPECT_THROW((void)eis::fit_circuit(c, s, {}, {.fixed = {{"R9", 1.0}}}), eis::InvalidArgument);
}

TEST(FitCircuit, FrequencyWindowSelectsPoints) {
  const auto c = eis::parse_circuit("R0-p(R1,C1)");
  const auto s = make(c, {10.0, 100.0, 1e-6}, 1.0, 1e6, 10);
  const auto r = eis::fit_circuit(c, s, {}, {.fmin_hz = 10.0, .fmax_hz = 1e5});
  EXPECT_EQ(r.points, 41U);
  for (const double f : r.frequency_hz) {
    EXPECT_GE(f, 10.0 * (1 - 1e-12));
    EXPECT_LE(f, 1e5 * (1 + 1e-12));
  }
}

// Lin-KK mask (FitOptions::kk_mask): a blocking-cell spectrum with 0.1 % noise in which the four
// points around the bulk apex (0.25–0.5 MHz) were scaled by 1.2, which no causal system does. The
// mask drops them (and says so) and the bulk resistance comes back within 0.1 % of the
// generating 1e5 Ω; fitted through them it is off by more (0.64 % measured). A one-shot mask
// (LinKkResult::compliant) flagged 25 points here: the distorted ladder spreads the residual.
TEST(FitCircuit, KkMaskDropsNonCausalPointsBeforeFitting) {
  const auto c = eis::parse_circuit("p(R1,CPE1)-p(R2,CPE2)-CPE3");
  const double r1 = 1e5, n1 = 0.92, r2 = 3e5, n2 = 0.8;
  const std::vector<double> truth{
      r1, std::pow(5e-7, n1) / r1, n1, r2, std::pow(3e-4, n2) / r2, n2, 2e-6, 0.85};
  auto s = make(c, truth, 0.1, 1e7, 10, 1e-3, 3);
  std::vector<double> corrupted;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const double f = s.frequency_hz[i];
    if (f > 2.1e5 && f < 5.1e5) {  // 1/(2π·5e-7 s) = 3.2e5 Hz
      s.impedance_ohm[i] *= 1.2;
      corrupted.push_back(f);
    }
  }
  ASSERT_EQ(corrupted.size(), 4U);
  const auto plain = eis::fit_circuit(c, s);
  const auto masked = eis::fit_circuit(c, s, {}, {.kk_mask = true});
  ASSERT_TRUE(masked.usable()) << masked.report();
  for (const double f : masked.frequency_hz) {
    for (const double bad : corrupted) {
      EXPECT_NE(f, bad);
    }
  }
  EXPECT_LT(masked.points, s.size());
  EXPECT_GE(masked.points, s.size() - 6);  // worst point first: the neighbours stay
  bool noted = false;
  for (const auto& w : masked.warnings) {
    noted = noted || w.find("Lin-KK mask dropped") != std::string::npos;
  }
  EXPECT_TRUE(noted);
  EXPECT_TRUE(near_relative(masked.parameters(0), r1, 1e-3)) << masked.parameters(0);
  EXPECT_GT(std::abs(plain.parameters(0) / r1 - 1.0), 3e-3) << plain.parameters(0);
  // Off by default: the same data, every point fitted.
  EXPECT_EQ(plain.points, s.size());
}

TEST(FitCircuit, StatisticalWeightsGiveReducedChiSquareNearOne) {
  const auto c = eis::parse_circuit("R0-p(R1,CPE1)");
  const std::vector<double> truth{50.0, 1e3, 1e-6, 0.9};
  auto s = make(c, truth, 0.1, 1e6, 10, 0.01, 7);
  const auto clean = eis::simulate(c, s.frequency_hz, truth);
  eis::FitOptions o{.weighting = eis::Weighting::statistical};
  for (const auto& z : clean) {
    o.sigma_real.push_back(0.01 * std::abs(z));
    o.sigma_imag.push_back(0.01 * std::abs(z));
  }
  const auto r = eis::fit_circuit(c, s, {}, o);
  ASSERT_TRUE(r.usable()) << r.report();
  // ν = 2·71 − 4 = 138: χ²_ν has sd √(2/138) ≈ 0.12.
  EXPECT_NEAR(r.reduced_chi_square, 1.0, 0.4);
}

TEST(FitCircuit, ReportsCorrelationsAndAsymmetricLogIntervals) {
  const auto c = eis::parse_circuit("R0-p(R1,CPE1)");
  const auto s = make(c, {50.0, 1e3, 1e-6, 0.9}, 0.1, 1e6, 10, 0.005, 3);
  const auto r = eis::fit_circuit(c, s);
  ASSERT_TRUE(r.usable()) << r.report();
  ASSERT_EQ(r.standard_errors.size(), 4);
  for (Eigen::Index k = 0; k < 4; ++k) {
    EXPECT_LT(r.ci_lower(k), r.parameters(k));
    EXPECT_GT(r.ci_upper(k), r.parameters(k));
    EXPECT_NEAR(r.correlation(k, k), 1.0, 1e-12);
  }
  // A log-space interval is symmetric in ln p: ln(upper) − ln p = ln p − ln(lower).
  EXPECT_NEAR(std::log(r.ci_upper(1)) - std::log(r.parameters(1)),
              std::log(r.parameters(1)) - std::log(r.ci_lower(1)),
              1e-9);
  EXPECT_TRUE(std::isfinite(r.condition_number));
  EXPECT_TRUE(std::isfinite(r.aic));
  EXPECT_TRUE(std::isfinite(r.bic));
  EXPECT_FALSE(r.report().empty());
}

TEST(FitCircuit, CancelsFromProgressCallbackKeepingBestParameters) {
  const auto c = eis::parse_circuit("R0-p(R1,CPE1)");
  const auto s = make(c, {50.0, 1e3, 1e-6, 0.9}, 0.1, 1e6, 10);
  int calls = 0;
  eis::FitOptions o;
  o.on_iteration = [&calls](const eis::FitProgress& p) {
    EXPECT_EQ(p.parameters.size(), 4U);
    return ++calls < 2;
  };
  const std::vector<double> start{500.0, 1e4, 1e-5, 0.6};
  const auto r = eis::fit_circuit(c, s, start, o);
  EXPECT_EQ(r.termination, eis::Termination::cancelled);
  EXPECT_FALSE(r.usable());
  EXPECT_TRUE(r.parameters.allFinite());
  EXPECT_EQ(calls, 2);
}

TEST(FitCircuit, DegenerateInputGivesErrorsOrUnusableResults) {
  const auto c = eis::parse_circuit("R0-p(R1,CPE1)-CPE2");
  eis::Spectrum tiny;
  tiny.frequency_hz = {1e3, 1e2};
  tiny.impedance_ohm = {{10.0, -1.0}, {12.0, -3.0}};
  EXPECT_THROW((void)eis::fit_circuit(c, tiny), eis::InvalidArgument);  // 4 values < 6 params
  eis::Spectrum nan_data;
  nan_data.frequency_hz = {1e3, 1e2, 1e1, 1.0};
  nan_data.impedance_ohm.assign(4, {std::nan(""), std::nan("")});
  EXPECT_THROW((void)eis::fit_circuit(c, nan_data), eis::InvalidArgument);
  eis::Spectrum constant;
  constant.frequency_hz = eis::log_spaced_frequencies_hz(0.1, 1e6, 10);
  constant.impedance_ohm.assign(constant.frequency_hz.size(), {100.0, 0.0});
  const auto r = eis::fit_circuit(c, constant);  // must return, usable or not, with a message
  EXPECT_FALSE(r.message.empty());
  EXPECT_EQ(r.parameters.size(), 6);
  eis::Spectrum zero = constant;
  zero.impedance_ohm.assign(zero.frequency_hz.size(), {0.0, 0.0});
  EXPECT_THROW((void)eis::fit_circuit(c, zero), eis::InvalidArgument);
  EXPECT_THROW((void)eis::fit_circuit(c, constant, std::vector<double>{1.0}), eis::InvalidArgument);
}

TEST(FitCircuit, ThreadedFitsMatchSerialOnes) {
  const auto c = eis::parse_circuit("R0-p(R1,CPE1)-p(R2,CPE2)");
  const auto s = make(c, {20.0, 1e3, 1e-8, 0.9, 5e3, 1e-5, 0.8}, 0.1, 1e6, 10, 0.005, 11);
  const auto serial = eis::fit_circuit(c, s);
  std::vector<eis::FitResult> results(4);
  std::vector<std::thread> threads;
  for (auto& out : results) {
    threads.emplace_back([&c, &s, &out] { out = eis::fit_circuit(c, s); });
  }
  for (auto& t : threads) {
    t.join();
  }
  for (const auto& r : results) {
    EXPECT_EQ(r.parameters, serial.parameters);
    EXPECT_EQ(r.chi_square, serial.chi_square);
  }
}

TEST(FitCircuit, GlobalSearchIsReproducibleAndPolished) {
  const auto c = eis::parse_circuit("R0-p(R1,CPE1)");
  const std::vector<double> truth{50.0, 1e3, 1e-6, 0.9};
  const auto s = make(c, truth, 0.1, 1e6, 10);
  const eis::FitOptions o{.global = true, .global_evaluations = 3000, .seed = 5};
  const auto a = eis::fit_circuit(c, s, {}, o);
  const auto b = eis::fit_circuit(c, s, {}, o);
  ASSERT_TRUE(a.usable()) << a.report();
  EXPECT_EQ(a.parameters, b.parameters);
  for (std::size_t k = 0; k < truth.size(); ++k) {
    EXPECT_TRUE(near_relative(a.parameters(static_cast<Eigen::Index>(k)), truth[k], 1e-6));
  }
}

}  // namespace

namespace {

// Without initial values the multi-start finds the deeper minimum that impedance.py's
// basinhopping reports (FORMATS.md §5 R2: [1.65e-2, 5.34e-3, 0.22, 9.15e-3, 1.31e-1, 1.10e3,
// 2.78], asserted there at rtol 0.1). Wo1's Z0 and τ are barely determined (SE > 80 %), so only
// the five well-determined values are compared, at the same 10 %.
TEST(FitCircuit, FindsImpedancePyBasinhoppingMinimumWithoutInitialValues) {
  const auto all = eis::test::read_three_columns("impedance_py/exampleData.csv");
  eis::Spectrum s;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all.impedance_ohm[i].imag() < 0.0) {
      s.frequency_hz.push_back(all.frequency_hz[i]);
      s.impedance_ohm.push_back(all.impedance_ohm[i]);
    }
  }
  const auto c = eis::parse_circuit("R0-p(R1,C1)-p(R2-Wo1,C2)");
  const auto r = eis::fit_circuit(c, s, {}, {.weighting = eis::Weighting::unit});
  ASSERT_TRUE(r.usable()) << r.report();
  EXPECT_TRUE(eis::test::near_relative(r.parameters(0), 1.65e-2, 0.1));
  EXPECT_TRUE(eis::test::near_relative(r.parameters(1), 5.34e-3, 0.1));
  EXPECT_TRUE(eis::test::near_relative(r.parameters(2), 0.22, 0.1));
  EXPECT_TRUE(eis::test::near_relative(r.parameters(3), 9.15e-3, 0.1));
  EXPECT_TRUE(eis::test::near_relative(r.parameters(6), 2.78, 0.1));
}

}  // namespace
