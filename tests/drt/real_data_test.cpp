// DRT of measured spectra against published / documented reference values
// (FORMATS.md §4.1–4.2, §5 R1; fixtures in tests/data/<source>/ with their licence notices).
// Options: defaults (Gaussian RBF, 1st-derivative penalty, L-curve λ) plus the series
// capacitance that blocking / electrode-tail spectra need (METHODS.md §5.1).
#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <eis/circuit/circuit.hpp>
#include <eis/drt/tikhonov.hpp>
#include <eis/fit/cnls.hpp>
#include <eis/io/read.hpp>

#include "support/support.hpp"

namespace {

using eis::drt::compute_drt;
using eis::drt::DrtPeak;

// The peak nearest (in log τ) to tau_s among those within `decades`; nullptr if none.
const DrtPeak* nearest(const std::vector<DrtPeak>& peaks, double tau_s, double decades) {
  const DrtPeak* best = nullptr;
  double best_d = decades;
  for (const auto& p : peaks) {
    const double d = std::abs(std::log10(p.tau_s / tau_s));
    if (d <= best_d) {
      best_d = d;
      best = &p;
    }
  }
  return best;
}

// Li6PS5Cl between blocking electrodes at −25 °C (hybrid-drt; FORMATS.md §4.2): bulk arc
// R ≈ 1.44 kΩ with its −Z'' apex at 1.1–1.4 MHz, i.e. τ = 1/(2πf) = 1.14e-7…1.45e-7 s. No
// published fit exists, so the reference is this documented estimate. Measured: one peak at
// τ = 1.52e-7 s (1.05 MHz), 1217 Ω; the rest of the 1.44 kΩ sits in R∞ (36 Ω) and a peak
// beyond the measured window (3e-9 s, 178 Ω: the high-frequency points also fail Lin-KK).
TEST(DrtRealData, LpsclBlockingBulkPeak) {
  const auto read =
      eis::io::read_file(eis::test::data_path("hybrid_drt/PEIS_LPSCl_IonBlocking_-25C.txt"));
  ASSERT_EQ(read.spectra.size(), 1u);
  const auto r = compute_drt(read.spectra[0], {.series_capacitance = true});
  ASSERT_TRUE(r.usable()) << r.message;
  const double tau_apex = 1.0 / (2.0 * std::numbers::pi * 1.25e6);
  const DrtPeak* bulk = nearest(r.peaks, tau_apex, 0.2);
  ASSERT_NE(bulk, nullptr) << r.message;
  EXPECT_TRUE(eis::test::near_relative(bulk->resistance_ohm, 1.44e3, 0.20));
  // Bulk capacitance class (METHODS.md §6.1): ~0.1 nF.
  EXPECT_GT(bulk->capacitance_f, 2e-11);
  EXPECT_LT(bulk->capacitance_f, 5e-10);
}

// The same LPSCl spectrum against a fitted arc: eis::fit_circuit of R0-p(R1,CPE1)-CPE2 gives
// R1 = 1297 Ω, Q1 = 2.62e-9, n1 = 0.785, so τ1 = (R1·Q1)^(1/n1) = 1.09e-7 s. The DRT bulk peak
// (1.52e-7 s, 1217 Ω) lies 0.14 decade from it with 94 % of R1.
TEST(DrtRealData, LpsclBulkPeakAgreesWithFittedArc) {
  const auto read =
      eis::io::read_file(eis::test::data_path("hybrid_drt/PEIS_LPSCl_IonBlocking_-25C.txt"));
  const auto& s = read.spectra.at(0);
  const auto circuit = eis::parse_circuit("R0-p(R1,CPE1)-CPE2");
  const auto fit = eis::fit_circuit(circuit, s);
  ASSERT_TRUE(fit.usable()) << fit.message;
  double r1 = 0.0;
  double q1 = 0.0;
  double n1 = 0.0;
  for (std::size_t k = 0; k < fit.names.size(); ++k) {
    const double v = fit.parameters(static_cast<Eigen::Index>(k));
    if (fit.names[k] == "R1") {
      r1 = v;
    } else if (fit.names[k] == "CPE1_0") {
      q1 = v;
    } else if (fit.names[k] == "CPE1_1") {
      n1 = v;
    }
  }
  ASSERT_GT(r1, 0.0);
  const double tau1 = std::pow(r1 * q1, 1.0 / n1);
  const auto r = compute_drt(s, {.series_capacitance = true});
  const DrtPeak* bulk = nearest(r.peaks, tau1, 0.2);
  ASSERT_NE(bulk, nullptr) << "τ1 = " << tau1 << "; " << r.message;
  EXPECT_TRUE(eis::test::near_relative(bulk->resistance_ohm, r1, 0.20));
}

// EISFitpython pellet s04147, 140–200 °C (FORMATS.md §5 R1): per-spectrum fits of
// (R1|Q1)+(R2|Q2)+Q3 from reports_example3/Batch_EISfit_Report.txt; arc τ = (R·Q)^(1/n).
// Measured with the defaults + series C (DRT peak nearest each arc; Δ = log10 τ_DRT/τ_fit;
// A = peak area, integrated over its lobe between valleys; τ in s, R in Ω):
// clang-format off
//   T/°C | τ1 fit   R1      | τ DRT    Δ      A/R1 | τ2 fit   R2      | τ DRT    Δ      A/R2
//   140  | 1.02e-6  1.462e5 | 1.03e-6  +0.00  0.93 | 3.51e-5  2.012e6 | 3.60e-5  +0.01  0.78
//   150  | 7.69e-7  1.123e5 | 5.74e-7  -0.13  0.70 | 2.02e-5  1.139e6 | 2.09e-5  +0.01  0.81
//   160  | 5.28e-7  7.949e4 | 7.44e-7  +0.15  0.71 | 1.19e-5  6.673e5 | 1.27e-5  +0.03  0.79
//   170  | 3.58e-7  5.605e4 | 3.12e-7  -0.06  0.54 | 7.06e-6  3.980e5 | 7.66e-6  +0.04  0.82
//   180  | 2.41e-7  3.984e4 | 4.42e-7  +0.26  0.84 | 4.34e-6  2.430e5 | 4.51e-6  +0.02  0.90
//   190  | 1.59e-7  2.743e4 | 8.13e-8  -0.29  0.68 | 2.72e-6  1.526e5 | 2.92e-6  +0.03  0.89
//   200  | 1.29e-7  2.246e4 | 6.85e-8  -0.28  0.66 | 1.78e-6  9.502e4 | 1.83e-6  +0.01  0.89
// clang-format on
// The grain-boundary peak is within 0.05 decade at every temperature, its area within 20 % at
// 5 of 7 (0.78 and 0.79 at 140/160 °C). The bulk arc (n1 ≈ 0.8, at the 1 MHz edge of the
// window) is split into 2–3 DRT peaks, so a single peak holds only 54–93 % of R1; its position
// is within 0.2 decade up to 170 °C. These gaps are asserted as they are, not hidden.
// Context (tests/drt/tikhonov_test.cpp, OverlappingZarcsReproduceAnalyticLobeAreas): even the
// exact DRT of the fitted two ZARCs (its numpy script, run with each row's fit) gives lobe areas
// of 1.28/1.17/1.10/1.06/1.04/1.04/0.99 R1 and 0.98–1.00 R2 at 140…200 °C, because the 7–14× larger
// grain-boundary distribution spills past the valley; a 20 % bulk criterion cannot hold at 140 °C
// for valley-to-valley integration.
TEST(DrtRealData, EisfitpythonSeriesGrainBoundaryAndBulkPeaks) {
  struct Fit {
    int t;
    double r1, q1, n1, r2, q2, n2;
  };
  const std::vector<Fit> fits{{140, 1.462e5, 6.515e-11, 0.8382, 2.012e6, 1.546e-10, 0.7872},
                              {150, 1.123e5, 1.075e-10, 0.8044, 1.139e6, 1.467e-10, 0.8047},
                              {160, 7.949e4, 1.364e-10, 0.7909, 6.673e5, 1.365e-10, 0.8203},
                              {170, 5.605e4, 1.538e-10, 0.7857, 3.980e5, 1.241e-10, 0.8360},
                              {180, 3.984e4, 1.490e-10, 0.7898, 2.430e5, 1.102e-10, 0.8527},
                              {190, 2.743e4, 1.183e-10, 0.8073, 1.526e5, 1.009e-10, 0.8647},
                              {200, 2.246e4, 1.491e-10, 0.7948, 9.502e4, 7.939e-11, 0.8910}};
  int gb_area_within_20 = 0;
  for (const auto& f : fits) {
    const auto read = eis::io::read_file(
        eis::test::data_path("eisfitpython/s04147-" + std::to_string(f.t) + "deg.txt"));
    ASSERT_EQ(read.spectra.size(), 1u);
    const auto r = compute_drt(read.spectra[0], {.series_capacitance = true});
    ASSERT_TRUE(r.usable()) << f.t << ": " << r.message;
    const double tau1 = std::pow(f.r1 * f.q1, 1.0 / f.n1);
    const double tau2 = std::pow(f.r2 * f.q2, 1.0 / f.n2);
    const DrtPeak* gb = nearest(r.peaks, tau2, 0.2);
    ASSERT_NE(gb, nullptr) << f.t;
    EXPECT_LT(std::abs(std::log10(gb->tau_s / tau2)), 0.05) << f.t;
    EXPECT_TRUE(eis::test::near_relative(gb->resistance_ohm, f.r2, 0.25)) << f.t;
    // The grain-boundary maximum is established by the data: its prominence over its valley
    // exceeds 1.96 standard deviations of the posterior (95 %) at every temperature. (The
    // bulk maximum is not, below 200 °C: see the note on PeakOptions::min_significance.)
    EXPECT_GT(gb->significance, 1.96) << f.t;
    EXPECT_TRUE(gb->within_window) << f.t;
    // Peaks outside the measured range are flagged: above 1 MHz (the bulk lobe's extrapolated
    // part) and below the lowest frequency (the electrode tail's last bump).
    const auto& hz = read.spectra[0].frequency_hz;
    const auto [f_lo, f_hi] = std::minmax_element(hz.begin(), hz.end());
    for (const auto& p : r.peaks) {
      const bool inside =
          p.frequency_hz <= *f_hi * (1 + 1e-9) && p.frequency_hz >= *f_lo * (1 - 1e-9);
      EXPECT_EQ(p.within_window, inside) << f.t << ": " << p.tau_s;
    }
    if (std::abs(gb->resistance_ohm / f.r2 - 1.0) <= 0.20) {
      ++gb_area_within_20;
    }
    const DrtPeak* bulk = nearest(r.peaks, tau1, 0.3);
    ASSERT_NE(bulk, nullptr) << f.t;
    if (f.t <= 170) {
      EXPECT_LT(std::abs(std::log10(bulk->tau_s / tau1)), 0.2) << f.t;
    }
    EXPECT_GT(bulk->resistance_ohm, 0.5 * f.r1) << f.t;
    EXPECT_LT(bulk->resistance_ohm, 1.0 * f.r1) << f.t;
  }
  EXPECT_GE(gb_area_within_20, 5);
}

}  // namespace

namespace {

// The same seven fitted models (R1|Q1)+(R2|Q2)+Q3 of FORMATS.md §5 R1 (Q3, n3 at 190/200 °C
// from reports_example3/Batch_EISfit_Report.txt), evaluated noise-free at the measured
// frequencies of each file (Z_CPE = 1/(Q(jω)^n), written out here, not through the library's
// evaluator). On these the DRT finds the bulk peak at the fitted τ1 = (R1·Q1)^(1/n1) within 0.1
// decade and, from 150 to 190 °C, its area within 20 % of R1; at 140 °C the area is the
// analytic lobe value of the exact DRT (1.28·R1, OverlappingZarcs… in tikhonov_test.cpp: the
// 14× larger grain-boundary lobe spills past the valley), within 10 %; at 200 °C (apex beyond
// the window) the lobe is split in two peaks that together hold R1. So at 150–190 °C the bulk
// gaps on the real spectra come from the data (they hold more than two arcs: the circuit leaves
// ≈ 0.9 % RMS misfit where Lin-KK puts the noise at 0.16–0.29 %), not from the discretisation.
TEST(DrtRealData, FittedModelsOfTheEisfitpythonSeriesAtTheMeasuredFrequencies) {
  struct Fit {
    int t;
    double r1, q1, n1, r2, q2, n2, q3, n3;
  };
  const std::vector<Fit> fits{
      {140, 1.462e5, 6.515e-11, 0.8382, 2.012e6, 1.546e-10, 0.7872, 1.382e-6, 0.5442},
      {150, 1.123e5, 1.075e-10, 0.8044, 1.139e6, 1.467e-10, 0.8047, 1.968e-6, 0.5703},
      {160, 7.949e4, 1.364e-10, 0.7909, 6.673e5, 1.365e-10, 0.8203, 2.672e-6, 0.5828},
      {170, 5.605e4, 1.538e-10, 0.7857, 3.980e5, 1.241e-10, 0.8360, 3.562e-6, 0.5846},
      {180, 3.984e4, 1.490e-10, 0.7898, 2.430e5, 1.102e-10, 0.8527, 4.694e-6, 0.5794},
      {190, 2.743e4, 1.183e-10, 0.8073, 1.526e5, 1.009e-10, 0.8647, 6.183e-6, 0.5724},
      {200, 2.246e4, 1.491e-10, 0.7948, 9.502e4, 7.939e-11, 0.8910, 8.630e-6, 0.5568}};
  for (const auto& f : fits) {
    const auto read = eis::io::read_file(
        eis::test::data_path("eisfitpython/s04147-" + std::to_string(f.t) + "deg.txt"));
    ASSERT_EQ(read.spectra.size(), 1u);
    eis::Spectrum model;
    model.frequency_hz = read.spectra[0].frequency_hz;
    for (const double hz : model.frequency_hz) {
      const eis::Complex jw{0.0, 2.0 * std::numbers::pi * hz};
      const auto zarc = [&](double r, double q, double n) {
        return r / (1.0 + r * q * std::pow(jw, n));
      };
      model.impedance_ohm.push_back(zarc(f.r1, f.q1, f.n1) + zarc(f.r2, f.q2, f.n2) +
                                    1.0 / (f.q3 * std::pow(jw, f.n3)));
    }
    const auto r = compute_drt(model, {.series_capacitance = true});
    ASSERT_TRUE(r.usable()) << f.t << ": " << r.message;
    const double tau1 = std::pow(f.r1 * f.q1, 1.0 / f.n1);
    const double tau2 = std::pow(f.r2 * f.q2, 1.0 / f.n2);
    const DrtPeak* bulk = nearest(r.peaks, tau1, 0.3);
    const DrtPeak* gb = nearest(r.peaks, tau2, 0.3);
    ASSERT_NE(bulk, nullptr) << f.t;
    ASSERT_NE(gb, nullptr) << f.t;
    EXPECT_LT(std::abs(std::log10(bulk->tau_s / tau1)), 0.1) << f.t;
    EXPECT_LT(std::abs(std::log10(gb->tau_s / tau2)), 0.05) << f.t;
    if (f.t == 200) {
      // Apex at 1.23 MHz, beyond the window: even on the model's own spectrum the L-curve λ
      // splits the bulk lobe in two (1.1e-7 s and 3.0e-7 s, measured); together they hold R1.
      double bulk_sum = 0.0;
      for (const auto& p : r.peaks) {
        if (std::abs(std::log10(p.tau_s / tau1)) < 0.5) {
          bulk_sum += p.resistance_ohm;
        }
      }
      EXPECT_TRUE(eis::test::near_relative(bulk_sum, f.r1, 0.20)) << bulk_sum / f.r1 << "·R1";
      EXPECT_TRUE(eis::test::near_relative(gb->resistance_ohm, f.r2, 0.15))
          << gb->resistance_ohm / f.r2 << "·R2";
      continue;
    }
    const double bulk_reference = f.t == 140 ? 1.28 * f.r1 : f.r1;
    EXPECT_TRUE(
        eis::test::near_relative(bulk->resistance_ohm, bulk_reference, f.t == 140 ? 0.10 : 0.20))
        << f.t << ": " << bulk->resistance_ohm / f.r1 << "·R1";
    EXPECT_TRUE(eis::test::near_relative(gb->resistance_ohm, f.r2, 0.05))
        << f.t << ": " << gb->resistance_ohm / f.r2 << "·R2";
  }
}

}  // namespace
