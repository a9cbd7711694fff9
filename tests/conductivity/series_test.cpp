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
