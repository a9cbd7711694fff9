// evaluate_sweep(): each parameter set against the long-double closed forms
// (support/reference_impedance.hpp) to 1e-12, bitwise identical results for 1, 2 and 3 threads
// and to simulate(), and the input checks.
#include <cmath>
#include <complex>
#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include <eis/circuit/batch.hpp>
#include <eis/circuit/evaluate.hpp>
#include <eis/error.hpp>

#include "support/reference_impedance.hpp"

namespace {

using eis::Complex;
using eis::test::ComplexL;

// R0-p(R1,CPE1) from the element closed forms: Z = R0 + 1/(1/R1 + 1/Z_CPE).
ComplexL randles_cpe(long double omega, const double* p) {
  const std::vector<long double> cpe{p[2], p[3]};
  const ComplexL z_cpe = eis::test::reference_impedance(eis::ElementKind::cpe, omega, cpe);
  return ComplexL(p[0]) + 1.0L / (1.0L / static_cast<long double>(p[1]) + 1.0L / z_cpe);
}

struct Sweep {
  eis::Circuit circuit = eis::parse_circuit("R0-p(R1,CPE1)");
  std::vector<double> frequency_hz;
  std::vector<double> sets;
  Sweep() {
    for (int i = 0; i < 97; ++i) {
      frequency_hz.push_back(1e6 * std::pow(1e-8, i / 96.0));
    }
    for (int s = 0; s < 37; ++s) {
      sets.insert(sets.end(), {10.0 + s, 1e3 * (1 + s), 1e-7 * (1 + 0.1 * s), 0.6 + 0.01 * s});
    }
  }
};

TEST(EvaluateSweep, EverySetMatchesTheClosedForm) {
  const Sweep sweep;
  const auto r = eis::evaluate_sweep(sweep.circuit, sweep.frequency_hz, sweep.sets);
  ASSERT_EQ(r.points, 97u);
  ASSERT_EQ(r.sets, 37u);
  ASSERT_EQ(r.impedance_ohm.size(), 97u * 37u);
  for (std::size_t s = 0; s < r.sets; ++s) {
    for (std::size_t i = 0; i < r.points; ++i) {
      const long double omega = 2.0L * std::numbers::pi_v<long double> * sweep.frequency_hz[i];
      const ComplexL ref = randles_cpe(omega, sweep.sets.data() + 4 * s);
      const Complex z = r.set(s)[i];
      ASSERT_LE(std::abs(ComplexL(z.real(), z.imag()) - ref), 1e-12L * std::abs(ref))
          << "set " << s << " point " << i;
    }
  }
}

TEST(EvaluateSweep, ResultsDoNotDependOnTheThreadCount) {
  const Sweep sweep;
  const auto serial = eis::evaluate_sweep(sweep.circuit, sweep.frequency_hz, sweep.sets);
  for (const int threads : {0, 2, 3}) {
    const auto parallel =
        eis::evaluate_sweep(sweep.circuit, sweep.frequency_hz, sweep.sets, {.threads = threads});
    ASSERT_EQ(parallel.impedance_ohm.size(), serial.impedance_ohm.size());
    EXPECT_EQ(0,
              std::memcmp(parallel.impedance_ohm.data(),
                          serial.impedance_ohm.data(),
                          serial.impedance_ohm.size() * sizeof(Complex)))
        << threads << " threads";
  }
  // ... and each set is exactly what simulate() gives for it.
  for (std::size_t s = 0; s < serial.sets; ++s) {
    const auto z = eis::simulate(
        sweep.circuit, sweep.frequency_hz, std::span<const double>(sweep.sets).subspan(4 * s, 4));
    for (std::size_t i = 0; i < z.size(); ++i) {
      ASSERT_EQ(z[i], serial.set(s)[i]) << "set " << s << " point " << i;
    }
  }
}

TEST(EvaluateSweep, RejectsBadInput) {
  const Sweep sweep;
  const std::vector<double> five{1.0, 2.0, 3.0, 4.0, 5.0};
  EXPECT_THROW((void)eis::evaluate_sweep(sweep.circuit, sweep.frequency_hz, five),
               eis::InvalidArgument);
  const std::vector<double> bad_f{1.0, 0.0};
  EXPECT_THROW((void)eis::evaluate_sweep(sweep.circuit, bad_f, sweep.sets), eis::InvalidArgument);
  EXPECT_THROW(
      (void)eis::evaluate_sweep(sweep.circuit, sweep.frequency_hz, sweep.sets, {.threads = -1}),
      eis::InvalidArgument);
}

TEST(EvaluateSweep, NoSetsGiveAnEmptyResult) {
  const Sweep sweep;
  const auto r = eis::evaluate_sweep(sweep.circuit, sweep.frequency_hz, {}, {.threads = 2});
  EXPECT_EQ(r.sets, 0u);
  EXPECT_TRUE(r.impedance_ohm.empty());
}

}  // namespace
