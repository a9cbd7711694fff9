// Real data: EISFitpython's Arrhenius analysis of sample s04147 (FORMATS.md §5 R1 / item 5).
// From the published per-temperature resistances R1 (bulk) and R2 (grain boundary) of
// Batch_EISfit_Report.txt, σ = l/(R·πD²/4) with l = 0.21 cm and D = 0.8 cm, fitted as
// σT = A·exp(−Ea/k_BT) without weights, reproduces the activation energies published in
// Arrhenius_Analysis_Report.txt. EISFitpython's temperature convention is T = θ + 273 (its
// "Data_413K" for 140 °C); we use the same temperatures, as the report does.
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <eis/conductivity/arrhenius.hpp>
#include <eis/units.hpp>

#include "support/support.hpp"

namespace {

struct Row {
  double temperature_k;
  double r1_ohm;
  double r2_ohm;
};

std::vector<Row> read_batch_report() {
  std::ifstream in(eis::test::data_path("eisfitpython/reports_example3/Batch_EISfit_Report.txt"));
  std::vector<Row> rows;
  std::string line;
  while (std::getline(in, line)) {
    const auto d = line.find("Data_");
    if (d != std::string::npos) {
      rows.push_back({std::stod(line.substr(d + 5)), NAN, NAN});
      continue;
    }
    std::istringstream ss(line);
    std::string name, eq;
    double value = 0.0;
    if (!rows.empty() && (ss >> name >> eq >> value) && eq == "=") {
      if (name == "R1") {
        rows.back().r1_ohm = value;
      } else if (name == "R2") {
        rows.back().r2_ohm = value;
      }
    }
  }
  return rows;
}

double fitted_ea(const std::vector<Row>& rows, int which) {
  const double area_cm2 = eis::units::disc_area_cm2(0.8);
  std::vector<eis::conductivity::ConductivityPoint> pts;
  for (const auto& r : rows) {
    const double resistance = which == 1 ? r.r1_ohm : which == 2 ? r.r2_ohm : r.r1_ohm + r.r2_ohm;
    pts.push_back({.temperature_k = r.temperature_k,
                   .sigma_s_per_cm = 0.21 / (resistance * area_cm2)});  // METHODS.md §7.1
  }
  return eis::conductivity::fit_arrhenius(pts, {.form = eis::conductivity::ArrheniusForm::sigma_t})
      .ea_ev;
}

TEST(EisFitpython, ReproducesPublishedActivationEnergies) {
  const auto rows = read_batch_report();
  ASSERT_EQ(rows.size(), 7U);
  EXPECT_EQ(rows.front().temperature_k, 413.0);  // 140 °C + 273
  EXPECT_EQ(rows.back().temperature_k, 473.0);
  // Published (Arrhenius_Analysis_Report.txt): bulk 0.5869, gb 0.8919, total 0.8555 eV.
  EXPECT_NEAR(fitted_ea(rows, 1), 0.5869, 1e-3);  // issue 8 asks for 0.01 eV
  EXPECT_NEAR(fitted_ea(rows, 2), 0.8919, 1e-3);  // issue 8 asks for 0.01 eV
  EXPECT_NEAR(fitted_ea(rows, 3), 0.8555, 1e-3);  // issue 8 asks for 0.01 eV
  // Its tabulated bulk σ at 413 K: 2.857e-6 S/cm.
  EXPECT_TRUE(eis::test::near_relative(
      0.21 / (rows[0].r1_ohm * eis::units::disc_area_cm2(0.8)), 2.857e-6, 1e-3));
}

}  // namespace
