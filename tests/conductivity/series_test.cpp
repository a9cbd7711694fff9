// Quick checks of the series API on a few synthetic spectra (the full targets are in
// series_slow_test.cpp).
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include <eis/conductivity/series.hpp>
#include <eis/conductivity/tracker.hpp>
#include <eis/error.hpp>

#include "support/support.hpp"
#include "support/synthetic_series.hpp"

namespace {

using eis::test::near_relative;

const eis::CellGeometry geometry = eis::CellGeometry::disc(0.1, 0.8);

TEST(SeriesOptions, ValidateAndParse) {
  EXPECT_FALSE(eis::SeriesOptions{}.validate().has_value());
  eis::SeriesOptions o;
  o.threads = 0;
  EXPECT_TRUE(o.validate().has_value());
  o = {};
  o.default_activation_energy_ev = -1.0;
  EXPECT_TRUE(o.validate().has_value());
  EXPECT_EQ(eis::parse_information_criterion("bic"), eis::InformationCriterion::bic);
  EXPECT_EQ(eis::to_string(eis::InformationCriterion::aicc), "aicc");
  EXPECT_THROW((void)eis::parse_information_criterion("x"), eis::InvalidArgument);
  EXPECT_THROW(eis::SeriesTracker(eis::Cell::blocking(geometry), o), eis::InvalidArgument);
  EXPECT_THROW(eis::SeriesTracker(eis::Cell::blocking(eis::CellGeometry{})), eis::InvalidArgument);
}

TEST(SeriesTracker, FirstSpectraOfARunGiveRowsWithTheChosenModel) {
  const auto s = eis::test::li2b12h12_like_series();
  eis::SeriesTracker tracker(eis::Cell::blocking(geometry));
  EXPECT_THROW((void)tracker.last(), eis::InvalidArgument);
  for (std::size_t i = 0; i < 2; ++i) {  // 300 and 320 K of run 1: both arcs resolved
    const auto& sp = s.spectra[i];
    const auto row = tracker.add(
        {sp.frequency_hz, sp.impedance_ohm}, sp.temperature_k, 1, eis::Direction::heating, sp.file);
    EXPECT_TRUE(row.usable) << row.message;
    EXPECT_EQ(row.file, sp.file);
    EXPECT_EQ(row.model, "p(R1,CPE1)-p(R2,CPE2)-CPE3");
    EXPECT_EQ(row.regime, "two_arcs");
    EXPECT_TRUE(near_relative(*row.sigma_total_s_per_cm, sp.sigma_total_s_per_cm, 0.05));
    EXPECT_TRUE(near_relative(*row.r_bulk_ohm, sp.r_bulk_ohm, 0.05));
    EXPECT_TRUE(near_relative(*row.c_gb_f, sp.c_gb_f, 0.2));
    // σ = L/(R·A) of the reported resistance (METHODS.md §7.1).
    EXPECT_TRUE(near_relative(
        *row.sigma_bulk_s_per_cm, geometry.cell_constant_per_cm() / *row.r_bulk_ohm, 1e-12));
    EXPECT_EQ(tracker.last().candidates.size(), 4u);
    EXPECT_EQ(tracker.last().fit.names.size(), 8u);
  }
  EXPECT_EQ(tracker.rows().size(), 2u);
  // The second spectrum started from the first one's result.
  EXPECT_TRUE(tracker.last().candidates[0].from_neighbour ||
              eis::SeriesOptions{}.try_automatic_start);
}

TEST(SeriesTracker, LiveArrheniusIsAWeightedFitOverTheRunSoFar) {
  // Run 1 of the Li2B12H12-like series, 300–380 K: bulk σT-Arrhenius with E_a = 0.55 eV
  // (synthetic_series.hpp recipe), R_gb/R_b = 2·exp(0.10 eV/k_B·(1/T − 1/300 K)).
  const auto s = eis::test::li2b12h12_like_series();
  eis::SeriesTracker tracker(eis::Cell::blocking(geometry));
  for (std::size_t i = 0; i < 5; ++i) {
    const auto& sp = s.spectra[i];
    ASSERT_EQ(sp.cycle, 1);
    (void)tracker.add(
        {sp.frequency_hz, sp.impedance_ohm}, sp.temperature_k, 1, eis::Direction::heating, sp.file);
    if (i < 2) {  // fewer than 3 rows: no fit yet
      EXPECT_FALSE(tracker.arrhenius(1, eis::Direction::heating).has_value());
    }
  }
  EXPECT_FALSE(tracker.arrhenius(1, eis::Direction::cooling).has_value());
  EXPECT_FALSE(tracker.arrhenius(4, eis::Direction::heating).has_value());
  const auto bulk = tracker.arrhenius(1, eis::Direction::heating, eis::SigmaKind::bulk);
  ASSERT_TRUE(bulk.has_value());
  EXPECT_EQ(bulk->points, 5u);
  EXPECT_TRUE(bulk->weighted);
  EXPECT_NEAR(bulk->ea_ev, 0.55, 0.01);
  EXPECT_TRUE(std::isfinite(bulk->ea_stderr_ev));
  EXPECT_GT(bulk->ea_stderr_ev, 0.0);
  EXPECT_LT(bulk->ea_stderr_ev, 0.01);
  // σ_total: R_b(1 + 2·exp(0.10/k_B·(1/T − 1/300))) is not a pure Arrhenius law; the apparent
  // E_a over 300–380 K is between E_a(bulk) = 0.55 and E_a(gb) = 0.65 eV. Unweighted fit of
  // the exact resistances: 0.6070 eV, from
  //   python3 -c "import math; k=8.617333262e-5; T=[300,320,340,360,380.]; x=[1/t for t in T];
  //   y=[math.log(t/(t*math.exp(0.55/k/t)*(1+2*math.exp(0.1/k*(1/t-1/300))))) for t in T];
  //   n=5; mx=sum(x)/n; my=sum(y)/n; print(-k*sum((a-mx)*(c-my) for a,c in zip(x,y))
  //   / sum((a-mx)**2 for a in x))"
  // (the weights of the fitted σ move it slightly).
  const auto total = tracker.arrhenius(1, eis::Direction::heating);
  ASSERT_TRUE(total.has_value());
  EXPECT_NEAR(total->ea_ev, 0.6070, 0.015);
}

TEST(FitSeries, TiedOptionSharesTheBulkArrheniusLawOfEachRun) {
  // Run 1 at 300–360 K (both arcs resolved) tied; the generator's bulk follows the σT law with
  // E_a = 0.55 eV exactly (synthetic_series.hpp). Two cooling spectra form a second run that is
  // too short to tie, and 380 K lies outside the tied range.
  const auto s = eis::test::li2b12h12_like_series();
  std::vector<eis::SeriesSpectrum> in;
  for (std::size_t i = 0; i <= 4; ++i) {
    const auto& sp = s.spectra[i];
    in.push_back({sp.file,
                  {sp.frequency_hz, sp.impedance_ohm},
                  sp.temperature_k,
                  1,
                  eis::Direction::heating});
  }
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& sp = s.spectra[i];
    in.push_back({sp.file + ".cool",
                  {sp.frequency_hz, sp.impedance_ohm},
                  sp.temperature_k,
                  1,
                  eis::Direction::cooling});
  }
  eis::SeriesOptions o;
  o.regimes = {eis::ModelRegime::two_arcs};
  const auto untied = eis::fit_series(in, eis::Cell::blocking(geometry), o);
  EXPECT_TRUE(untied.tied.empty());
  o.tied_bulk_arrhenius = true;
  o.tied_t_max_k = 365.0;
  const auto r = eis::fit_series(in, eis::Cell::blocking(geometry), o);
  ASSERT_EQ(r.tied.size(), 2u);  // heating before cooling
  const eis::TiedRun& heating = r.tied[0];
  EXPECT_EQ(heating.direction, eis::Direction::heating);
  ASSERT_TRUE(heating.fit.usable()) << heating.message;
  EXPECT_EQ(heating.circuit, "p(R1,CPE1)-p(R2,CPE2)-CPE3");
  EXPECT_EQ(heating.spectra, (std::vector<std::size_t>{0, 1, 2, 3}));
  EXPECT_NEAR(heating.fit.ea_ev, 0.55, 0.01);
  EXPECT_GT(heating.fit.ea_stderr_ev, 0.0);
  ASSERT_EQ(heating.r_bulk_stderr_ohm.size(), 4u);
  for (std::size_t k = 0; k < 4; ++k) {
    const auto& truth = s.spectra[k];
    EXPECT_TRUE(near_relative(heating.fit.r_bulk_ohm[k], truth.r_bulk_ohm, 0.02)) << k;
    // R_bulk(T) = L·T/(A·σ0)·exp(E_a/(k_B·T)) with the shared parameters (METHODS.md §7.2).
    const double law = geometry.cell_constant_per_cm() * truth.temperature_k *
                       std::exp(-heating.fit.ln_sigma0 +
                                heating.fit.ea_ev / (8.617333262e-5 * truth.temperature_k));
    EXPECT_TRUE(near_relative(heating.fit.r_bulk_ohm[k], law, 1e-9)) << k;
    EXPECT_GT(heating.r_bulk_stderr_ohm[k], 0.0);
    EXPECT_LT(heating.r_bulk_stderr_ohm[k], 0.02 * heating.fit.r_bulk_ohm[k]);
    EXPECT_TRUE(near_relative(heating.sigma_bulk_s_per_cm[k], truth.sigma_bulk_s_per_cm, 0.02));
  }
  // The rows stay the per-spectrum results.
  for (std::size_t i = 0; i < in.size(); ++i) {
    EXPECT_EQ(eis::series_csv_line(r.rows[i]), eis::series_csv_line(untied.rows[i]));
  }
  const eis::TiedRun& cooling = r.tied[1];
  EXPECT_EQ(cooling.direction, eis::Direction::cooling);
  EXPECT_FALSE(cooling.attempted);
  EXPECT_FALSE(cooling.fit.usable());
  EXPECT_FALSE(cooling.message.empty());
  EXPECT_FALSE(r.warnings.empty());
  o.tied_t_max_k = o.tied_t_min_k;
  EXPECT_TRUE(o.validate().has_value());
}

TEST(SeriesTracker, RejectsBadInput) {
  const auto s = eis::test::li2b12h12_like_series();
  const auto& sp = s.spectra[0];
  eis::SeriesTracker tracker(eis::Cell::blocking(geometry));
  EXPECT_THROW(
      (void)tracker.add({sp.frequency_hz, sp.impedance_ohm}, -5.0, 1, eis::Direction::heating),
      eis::InvalidArgument);
  const std::vector<double> f{1.0, 2.0};
  const std::vector<std::complex<double>> z{{1.0, -1.0}, {1.0, -0.5}};
  EXPECT_THROW((void)tracker.add({f, z}, 300.0, 1, eis::Direction::heating), eis::InvalidArgument);
}

TEST(FitSeries, RestrictedRegimesAndProgressInInputOrderOfRuns) {
  const auto s = eis::test::li2b12h12_like_series();
  // 660 K of both runs: only the intercept and the spike remain (METHODS.md §6.3).
  std::vector<eis::SeriesSpectrum> in;
  for (const std::size_t i : {37u, 18u}) {
    const auto& sp = s.spectra[i];
    in.push_back({sp.file,
                  {sp.frequency_hz, sp.impedance_ohm},
                  sp.temperature_k,
                  sp.cycle,
                  eis::Direction::heating});
  }
  eis::SeriesOptions o;
  o.regimes = {eis::ModelRegime::intercept_only};
  std::vector<std::string> seen;
  o.on_progress = [&](const eis::SeriesProgress& p) { seen.push_back(p.file); };
  const auto r = eis::fit_series(in, eis::Cell::blocking(geometry), o);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].file, s.spectra[37].file);  // rows in input order
  EXPECT_EQ(seen.size(), 2u);
  for (std::size_t k = 0; k < 2; ++k) {
    const auto& truth = k == 0 ? s.spectra[37] : s.spectra[18];
    EXPECT_EQ(r.rows[k].model, "R1-CPE2");
    EXPECT_FALSE(r.rows[k].r_bulk_ohm.has_value());
    EXPECT_TRUE(near_relative(*r.rows[k].r_total_ohm, truth.r_bulk_ohm + truth.r_gb_ohm, 0.05));
  }
  EXPECT_EQ(r.analyses[0].candidates.size(), 1u);
}

}  // namespace
