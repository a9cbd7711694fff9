#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include <eis/conductivity/conductivity.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/elements/cpe.hpp>
#include <eis/error.hpp>
#include <eis/units.hpp>

namespace eis {
namespace {

bool finite_non_negative(double x) {
  return std::isfinite(x) && x >= 0.0;
}

void require_geometry(const CellGeometry& g) {
  if (auto why = g.validate()) {
    throw InvalidArgument("invalid cell geometry: " + *why);
  }
}

}  // namespace

CellGeometry CellGeometry::disc(double thickness_cm,
                                double diameter_cm,
                                double thickness_err_cm,
                                double diameter_err_cm) {
  CellGeometry g;
  g.thickness_cm = thickness_cm;
  g.thickness_err_cm = thickness_err_cm;
  g.diameter_cm = diameter_cm;
  g.diameter_err_cm = diameter_err_cm;
  return g;
}

CellGeometry CellGeometry::with_area(double thickness_cm,
                                     double area_cm2,
                                     double thickness_err_cm,
                                     double area_err_cm2) {
  CellGeometry g;
  g.thickness_cm = thickness_cm;
  g.thickness_err_cm = thickness_err_cm;
  g.area_cm2 = area_cm2;
  g.area_err_cm2 = area_err_cm2;
  return g;
}

std::optional<std::string> CellGeometry::validate() const {
  if (!std::isfinite(thickness_cm) || thickness_cm <= 0.0) {
    return "thickness must be > 0 cm, got " + eis::detail::to_text(thickness_cm);
  }
  if (!finite_non_negative(thickness_err_cm)) {
    return "thickness uncertainty must be >= 0 cm";
  }
  if (diameter_cm.has_value() == area_cm2.has_value()) {
    return "give exactly one of the electrode diameter and the electrode area";
  }
  if (diameter_cm) {
    if (!std::isfinite(*diameter_cm) || *diameter_cm <= 0.0) {
      return "diameter must be > 0 cm, got " + eis::detail::to_text(*diameter_cm);
    }
    if (!finite_non_negative(diameter_err_cm)) {
      return "diameter uncertainty must be >= 0 cm";
    }
  } else {
    if (!std::isfinite(*area_cm2) || *area_cm2 <= 0.0) {
      return "area must be > 0 cm2, got " + eis::detail::to_text(*area_cm2);
    }
    if (!finite_non_negative(area_err_cm2)) {
      return "area uncertainty must be >= 0 cm2";
    }
  }
  return std::nullopt;
}

double CellGeometry::area() const {
  require_geometry(*this);
  return diameter_cm ? units::disc_area_cm2(*diameter_cm) : *area_cm2;
}

double CellGeometry::relative_area_error() const {
  require_geometry(*this);
  // METHODS.md §7.1: A = πd²/4 ⇒ δA/A = 2δd/d.
  return diameter_cm ? 2.0 * diameter_err_cm / *diameter_cm : area_err_cm2 / *area_cm2;
}

double CellGeometry::cell_constant_per_cm() const {
  return thickness_cm / area();
}

double CellGeometry::cell_constant_relative_error() const {
  return std::hypot(thickness_err_cm / thickness_cm, relative_area_error());
}

double CellGeometry::empty_cell_capacitance_f() const {
  return units::vacuum_permittivity_f_per_cm * area() / thickness_cm;
}

double Conductivity::log10_stderr() const noexcept {
  return stderr_s_per_cm / sigma_s_per_cm / std::numbers::ln10;
}

Conductivity conductivity_from_resistance(double resistance_ohm,
                                          double resistance_stderr_ohm,
                                          const CellGeometry& geometry) {
  if (!std::isfinite(resistance_ohm) || resistance_ohm <= 0.0) {
    throw InvalidArgument("resistance must be finite and > 0 ohm, got " +
                          eis::detail::to_text(resistance_ohm));
  }
  if (!finite_non_negative(resistance_stderr_ohm)) {
    throw InvalidArgument("resistance standard error must be finite and >= 0 ohm, got " +
                          eis::detail::to_text(resistance_stderr_ohm));
  }
  require_geometry(geometry);
  Conductivity out;
  // METHODS.md §7.1: σ = L/(R·A), (δσ/σ)² = (δR/R)² + (δL/L)² + (δA/A)².
  out.sigma_s_per_cm = geometry.cell_constant_per_cm() / resistance_ohm;
  const double rel_r = resistance_stderr_ohm / resistance_ohm;
  const double rel = std::hypot(rel_r, geometry.cell_constant_relative_error());
  out.stderr_s_per_cm = rel * out.sigma_s_per_cm;
  return out;
}

Resistance series_resistance(Resistance bulk, Resistance grain_boundary, double covariance_ohm2) {
  if (!std::isfinite(bulk.value_ohm) || !std::isfinite(grain_boundary.value_ohm) ||
      !std::isfinite(covariance_ohm2) || !finite_non_negative(bulk.stderr_ohm) ||
      !finite_non_negative(grain_boundary.stderr_ohm)) {
    throw InvalidArgument("series_resistance: values must be finite, standard errors >= 0");
  }
  const double variance = bulk.stderr_ohm * bulk.stderr_ohm +
                          grain_boundary.stderr_ohm * grain_boundary.stderr_ohm +
                          2.0 * covariance_ohm2;
  return {bulk.value_ohm + grain_boundary.value_ohm, std::sqrt(std::max(variance, 0.0))};
}

Conductivity specific_grain_boundary_conductivity(Resistance grain_boundary,
                                                  double c_bulk_f,
                                                  double c_gb_f,
                                                  const CellGeometry& geometry,
                                                  double c_bulk_rel_err,
                                                  double c_gb_rel_err) {
  if (!std::isfinite(c_bulk_f) || c_bulk_f <= 0.0 || !std::isfinite(c_gb_f) || c_gb_f <= 0.0) {
    throw InvalidArgument("capacitances must be finite and > 0 F");
  }
  if (!finite_non_negative(c_bulk_rel_err) || !finite_non_negative(c_gb_rel_err)) {
    throw InvalidArgument("capacitance relative errors must be finite and >= 0");
  }
  const Conductivity apparent =
      conductivity_from_resistance(grain_boundary.value_ohm, grain_boundary.stderr_ohm, geometry);
  // METHODS.md §6.2 item 4 (brick layer): σ_gb,sp = L/(R_gb·A)·C_bulk/C_gb.
  Conductivity out;
  out.sigma_s_per_cm = apparent.sigma_s_per_cm * c_bulk_f / c_gb_f;
  const double rel_apparent = apparent.stderr_s_per_cm / apparent.sigma_s_per_cm;
  const double rel = std::sqrt(rel_apparent * rel_apparent + c_bulk_rel_err * c_bulk_rel_err +
                               c_gb_rel_err * c_gb_rel_err);
  out.stderr_s_per_cm = rel * out.sigma_s_per_cm;
  return out;
}

EffectiveCapacitance effective_capacitance(double r_ohm,
                                           double q,
                                           double n,
                                           const ArcCovariance& cov) {
  if (!std::isfinite(r_ohm) || r_ohm <= 0.0 || !std::isfinite(q) || q <= 0.0 || !std::isfinite(n) ||
      n <= 0.0 || n > 1.0) {
    throw InvalidArgument("effective_capacitance needs R > 0, Q > 0 and 0 < n <= 1, got R = " +
                          eis::detail::to_text(r_ohm) + ", Q = " + eis::detail::to_text(q) +
                          ", n = " + eis::detail::to_text(n));
  }
  EffectiveCapacitance out;
  // METHODS.md §1.2 (Hsu & Mansfeld): C = Q^{1/n}·R^{(1−n)/n}, f = 1/(2π(RQ)^{1/n}).
  out.capacitance_f = effective_capacitance_hsu_mansfeld(r_ohm, q, n);
  out.apex_frequency_hz = rq_peak_frequency_hz(r_ohm, q, n);
  const double ln_r = std::log(r_ohm);
  const double ln_q = std::log(q);
  // Delta method in (ln R, ln Q, n): var(ln R) = var_R/R², cov(ln R, n) = cov_Rn/R, ...
  const double g_r = (1.0 - n) / n;
  const double g_q = 1.0 / n;
  const double g_n = -(ln_r + ln_q) / (n * n);
  const double v_rr = cov.var_r / (r_ohm * r_ohm);
  const double v_qq = cov.var_q / (q * q);
  const double v_nn = cov.var_n;
  const double v_rq = cov.cov_rq / (r_ohm * q);
  const double v_rn = cov.cov_rn / r_ohm;
  const double v_qn = cov.cov_qn / q;
  const double var_ln_c = g_r * g_r * v_rr + g_q * g_q * v_qq + g_n * g_n * v_nn +
                          2.0 * (g_r * g_q * v_rq + g_r * g_n * v_rn + g_q * g_n * v_qn);
  out.relative_stderr = std::sqrt(std::max(var_ln_c, 0.0));
  return out;
}

}  // namespace eis
