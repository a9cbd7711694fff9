// Conductivity analyses of the `eis` Python module: Arrhenius and VTF fits, transition
// detection (segmented regression per run) and the comparison of heating runs between cycles.
// Inputs are numpy arrays of T (K), σ (S/cm), optional δσ (S/cm), cycle and direction per point;
// results are dicts (wrapped by eis/__init__.py).
#include <algorithm>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <eis/conductivity/arrhenius.hpp>
#include <eis/conductivity/cycling.hpp>
#include <eis/conductivity/point.hpp>
#include <eis/conductivity/transitions.hpp>
#include <eis/conductivity/vtf.hpp>
#include <eis/error.hpp>

#include "convert.hpp"

namespace eis::python {
namespace {

namespace c = eis::conductivity;

// ---------------------------------------------------------------- points from arrays

/// Conductivity points from per-point arrays. `cycle` and `direction` are a scalar (all
/// points) or one value per point; None gives cycle 1 and direction "unknown".
std::vector<c::ConductivityPoint> points_from(const RealArray& temperature_k,
                                              const RealArray& sigma_s_per_cm,
                                              const std::optional<RealArray>& sigma_stderr,
                                              const py::object& cycle,
                                              const py::object& direction) {
  const auto t = view_1d(temperature_k, "temperature_k");
  const auto s = view_1d(sigma_s_per_cm, "sigma_s_per_cm");
  std::span<const double> e;
  if (sigma_stderr) {
    e = view_1d(*sigma_stderr, "sigma_stderr_s_per_cm");
  }
  if (t.size() != s.size() || (!e.empty() && e.size() != t.size())) {
    throw eis::InvalidArgument(
        "temperature_k, sigma_s_per_cm and sigma_stderr_s_per_cm must have the same length");
  }
  const auto per_point = [&](const py::object& v, const char* name, auto fallback) {
    using T = decltype(fallback);
    std::vector<T> out(t.size(), fallback);
    if (v.is_none()) {
      return out;
    }
    if (py::isinstance<py::str>(v) || !py::hasattr(v, "__len__")) {
      std::fill(out.begin(), out.end(), v.cast<T>());
      return out;
    }
    out = v.cast<std::vector<T>>();
    if (out.size() != t.size()) {
      throw eis::InvalidArgument(std::string(name) + " has " + std::to_string(out.size()) +
                                 " values for " + std::to_string(t.size()) + " points");
    }
    return out;
  };
  const std::vector<int> cycles = per_point(cycle, "cycle", 1);
  const std::vector<std::string> directions =
      per_point(direction, "direction", std::string("unknown"));
  std::vector<c::ConductivityPoint> points(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) {
    points[i].temperature_k = t[i];
    points[i].sigma_s_per_cm = s[i];
    if (!e.empty()) {
      points[i].sigma_stderr_s_per_cm = e[i];
    }
    points[i].cycle = cycles[i];
    const auto d = eis::try_parse_direction(directions[i]);
    if (!d) {
      throw eis::InvalidArgument("direction must be heating, cooling or unknown, got '" +
                                 directions[i] + "'");
    }
    points[i].direction = *d;
  }
  return points;
}

c::ArrheniusForm arrhenius_form(const std::string& form) {
  // The Python names are "sigma" and "sigma_t"; the CLI's "arrhenius"/"arrhenius-t" work too.
  const auto parsed = c::parse_arrhenius_form(form == "sigma"     ? "arrhenius"
                                              : form == "sigma_t" ? "arrhenius-t"
                                                                  : form);
  if (!parsed) {
    throw eis::InvalidArgument(
        "form must be 'sigma' (arrhenius) or 'sigma_t' (arrhenius-t), got '" + form + "'");
  }
  return *parsed;
}

c::WeightScale weight_scale(const std::string& text) {
  if (text == "relative") {
    return c::WeightScale::relative;
  }
  if (text == "absolute") {
    return c::WeightScale::absolute;
  }
  throw eis::InvalidArgument("weight_scale must be 'relative' or 'absolute', got '" + text + "'");
}

// ---------------------------------------------------------------- results as dicts

/// The statistics the Arrhenius and VTF results share (in the order of ArrheniusResult).
template <class R>
void set_regression_statistics(py::dict& d, const R& r) {
  EIS_PY_FIELDS(d, r, confidence, degrees_of_freedom, quantile, chi_square, reduced_chi_square);
  EIS_PY_FIELDS(d, r, r_squared, aic, aicc, bic, t_min_k, t_max_k);
}

py::dict arrhenius_dict(const c::ArrheniusResult& r) {
  py::dict d;
  d["form"] = r.form == c::ArrheniusForm::sigma ? "sigma" : "sigma_t";
  EIS_PY_FIELDS(d, r, points, weighted, slope_k, intercept);
  d["covariance"] = py::make_tuple(r.covariance[0], r.covariance[1], r.covariance[2]);
  EIS_PY_FIELDS(d, r, ea_ev, ea_stderr_ev, ea_ci_ev, ea_kj_per_mol, ea_stderr_kj_per_mol);
  EIS_PY_FIELDS(d, r, log10_prefactor, log10_prefactor_stderr, log10_prefactor_ci);
  set_regression_statistics(d, r);
  d["usable"] = r.usable();
  d["warnings"] = r.warnings;
  return d;
}

py::dict vtf_dict(const c::VtfResult& r) {
  py::dict d;
  EIS_PY_FIELDS(d, r, form, points, weighted, ln_prefactor, log10_prefactor);
  EIS_PY_FIELDS(d, r, log10_prefactor_stderr, log10_prefactor_ci, b_k, b_stderr_k, b_ci_k, b_ev);
  EIS_PY_FIELDS(d, r, b_stderr_ev, b_ci_ev, t0_k, t0_stderr_k, t0_ci_k, correlation_b_t0);
  d["covariance"] = py::cast(r.covariance);
  set_regression_statistics(d, r);
  EIS_PY_FIELDS(d, r, t0_at_bound, iterations, converged);
  d["usable"] = r.usable();
  d["warnings"] = r.warnings;
  return d;
}

py::dict point_dict(const c::ConductivityPoint& p) {
  py::dict d;
  EIS_PY_FIELDS(d, p, temperature_k, sigma_s_per_cm, sigma_stderr_s_per_cm, cycle, direction);
  return d;
}

py::dict segment_dict(const c::Segment& s) {
  py::dict d;
  EIS_PY_FIELDS(d, s, t_min_k, t_max_k, first, count, law);
  d["arrhenius"] = arrhenius_dict(s.arrhenius);
  d["vtf"] = s.vtf ? py::object(vtf_dict(*s.vtf)) : py::object(py::none());
  d["aicc_arrhenius"] = s.aicc_arrhenius;
  d["aicc_vtf"] = s.aicc_vtf;
  return d;
}

py::dict transition_dict(const c::Transition& t) {
  py::dict d;
  EIS_PY_FIELDS(d, t, temperature_k, ci_k, continuous, log10_jump, ea_below_ev, ea_above_ev);
  EIS_PY_FIELDS(d, t, t_below_k, t_above_k);
  return d;
}

py::dict screen_dict(const c::ScreenInterval& s) {
  py::dict d;
  EIS_PY_FIELDS(d, s, t_low_k, t_high_k, apparent_ea_ev, z_score, jump, decreasing);
  return d;
}

py::dict candidate_dict(const c::CandidateModel& m) {
  py::dict d;
  EIS_PY_FIELDS(d, m, breakpoints, continuous, vtf, parameters, chi_square, bic);
  return d;
}

py::dict run_dict(const c::RunAnalysis& r) {
  py::dict d;
  d["cycle"] = r.cycle;
  d["direction"] = eis::to_string(r.direction);
  d["points"] = list_of(r.points, point_dict);
  d["segments"] = list_of(r.segments, segment_dict);
  d["transitions"] = list_of(r.transitions, transition_dict);
  d["screen"] = list_of(r.screen, screen_dict);
  d["candidates"] = list_of(r.candidates, candidate_dict);
  EIS_PY_FIELDS(d, r, breakpoints, continuous, bootstrap_p);
  d["usable"] = r.usable();
  d["warnings"] = r.warnings;
  return d;
}

py::dict hysteresis_dict(const c::Hysteresis& h) {
  py::dict d;
  EIS_PY_FIELDS(d, h, cycle, heating_transition_k, cooling_transition_k, hysteresis_k);
  EIS_PY_FIELDS(d, h, heating_ci_k, cooling_ci_k);
  return d;
}

py::dict cycle_entry_dict(const c::CycleConductivity& e) {
  py::dict d;
  EIS_PY_FIELDS(d, e, cycle, reference_cycle, temperature_k, sigma_s_per_cm, sigma_ci_s_per_cm);
  EIS_PY_FIELDS(d, e, log10_sigma_stderr, law, sigma_ratio, log10_change_from_previous);
  EIS_PY_FIELDS(d, e, delta_ea_ev, delta_transition_k);
  return d;
}

// ---------------------------------------------------------------- the functions

py::dict py_arrhenius(const RealArray& temperature_k,
                      const RealArray& sigma_s_per_cm,
                      const std::optional<RealArray>& sigma_stderr_s_per_cm,
                      const std::string& form,
                      bool use_uncertainties,
                      const std::string& scale,
                      double confidence) {
  const auto points =
      points_from(temperature_k, sigma_s_per_cm, sigma_stderr_s_per_cm, py::none(), py::none());
  const c::ArrheniusOptions o{.form = arrhenius_form(form),
                              .use_uncertainties = use_uncertainties,
                              .weight_scale = weight_scale(scale),
                              .confidence = confidence};
  return arrhenius_dict(c::fit_arrhenius(points, o));
}

py::dict py_vtf(const RealArray& temperature_k,
                const RealArray& sigma_s_per_cm,
                const std::optional<RealArray>& sigma_stderr_s_per_cm,
                const py::dict& kw) {
  Kwargs k(kw, "vtf");
  c::VtfOptions o;
  k.get_enum("form", o.form, c::parse_vtf_form, "'vtf' or 'vtf-plain'");
  k.get("use_uncertainties", o.use_uncertainties);
  std::string scale = "relative";
  k.get("weight_scale", scale);
  o.weight_scale = weight_scale(scale);
  EIS_PY_OPTIONS(k, o, t0_margin_k, t0_min_k, profile_grid_points, max_iterations, confidence);
  k.finish();
  const auto points =
      points_from(temperature_k, sigma_s_per_cm, sigma_stderr_s_per_cm, py::none(), py::none());
  c::VtfResult r;
  {
    py::gil_scoped_release release;
    r = c::fit_vtf(points, o);
  }
  return vtf_dict(r);
}

/// TransitionOptions from keywords (the `eis arrhenius` names and values where it has them).
c::TransitionOptions transition_options(Kwargs& k) {
  c::TransitionOptions o;
  k.get_enum("law", o.law, c::parse_segment_law, "'arrhenius', 'arrhenius-t', 'vtf' or 'auto'");
  std::string form;
  k.get("form", form);
  if (!form.empty()) {
    o.form = arrhenius_form(form);
  }
  const py::object breakpoints = k.take("breakpoints");
  if (py::isinstance<py::str>(breakpoints)) {
    const auto text = breakpoints.cast<std::string>();
    const auto n = c::parse_breakpoints(text);
    if (!n) {
      throw eis::InvalidArgument("breakpoints must be 'auto', 'none', 0, 1 or 2, got '" + text +
                                 "'");
    }
    o.breakpoints = *n;
  } else if (!breakpoints.is_none()) {
    o.breakpoints = breakpoints.cast<int>();
  }
  k.get("max_breakpoints", o.max_breakpoints);
  k.get_enum("kind", o.kind, c::parse_break_kind, "'any', 'jump' or 'continuous'");
  EIS_PY_OPTIONS(k, o, min_points_per_segment, bootstrap_draws, significance, seed);
  EIS_PY_OPTIONS(k, o, use_uncertainties, confidence, screen_z_threshold, screen_ea_threshold_ev);
  k.get_enum("vtf_form", o.vtf.form, c::parse_vtf_form, "'vtf' or 'vtf-plain'");
  if (auto why = o.validate()) {
    throw eis::InvalidArgument(*why);
  }
  return o;
}

/// Reads the transition options (no other keyword may be left) and analyses every run.
c::ConductivityAnalysis analyse_points(Kwargs& k,
                                       const RealArray& temperature_k,
                                       const RealArray& sigma_s_per_cm,
                                       const std::optional<RealArray>& sigma_stderr_s_per_cm,
                                       const py::object& cycle,
                                       const py::object& direction) {
  const c::TransitionOptions o = transition_options(k);
  k.finish();
  const auto points =
      points_from(temperature_k, sigma_s_per_cm, sigma_stderr_s_per_cm, cycle, direction);
  py::gil_scoped_release release;
  return c::analyse_conductivity(points, o);
}

py::dict py_transitions(const RealArray& temperature_k,
                        const RealArray& sigma_s_per_cm,
                        const std::optional<RealArray>& sigma_stderr_s_per_cm,
                        const py::object& cycle,
                        const py::object& direction,
                        const py::dict& kw) {
  Kwargs k(kw, "transitions");
  const c::ConductivityAnalysis a =
      analyse_points(k, temperature_k, sigma_s_per_cm, sigma_stderr_s_per_cm, cycle, direction);
  py::dict d;
  d["runs"] = list_of(a.runs, run_dict);
  d["hysteresis"] = list_of(a.hysteresis, hysteresis_dict);
  d["usable"] = a.usable();
  return d;
}

py::dict py_compare_cycles(const RealArray& temperature_k,
                           const RealArray& sigma_s_per_cm,
                           const std::optional<RealArray>& sigma_stderr_s_per_cm,
                           const py::object& cycle,
                           const py::object& direction,
                           const py::dict& kw) {
  Kwargs k(kw, "compare_cycles");
  c::CycleComparisonOptions compare;
  k.get("temperatures_k", compare.temperatures_k);
  k.get("reference_cycle", compare.reference_cycle);
  std::string compared = "heating";
  k.get("compare_direction", compared);
  compare.direction = eis::parse_direction(compared);
  const c::ConductivityAnalysis a =
      analyse_points(k, temperature_k, sigma_s_per_cm, sigma_stderr_s_per_cm, cycle, direction);
  c::CycleComparison r;
  {
    py::gil_scoped_release release;
    r = c::compare_cycles(a.runs, compare);
  }
  py::dict d;
  EIS_PY_FIELDS(d, r, direction, reference_cycle, temperatures_k);
  d["entries"] = list_of(r.entries, cycle_entry_dict);
  d["runs"] = list_of(a.runs, run_dict);
  d["warnings"] = r.warnings;
  return d;
}

}  // namespace

void bind_conductivity(py::module_& m) {
  // Every function takes the per-point arrays first (eis/__init__.py passes them positionally).
  const py::arg t("temperature_k");
  const py::arg s("sigma_s_per_cm");
  const py::arg e("sigma_stderr_s_per_cm");
  const py::arg cycle("cycle");
  const py::arg direction("direction");
  const py::arg options("options");
  m.def("_arrhenius",
        &py_arrhenius,
        t,
        s,
        e,
        py::arg("form"),
        py::arg("use_uncertainties"),
        py::arg("weight_scale"),
        py::arg("confidence"));
  m.def("_vtf", &py_vtf, t, s, e, options);
  m.def("_transitions", &py_transitions, t, s, e, cycle, direction, options);
  m.def("_compare_cycles", &py_compare_cycles, t, s, e, cycle, direction, options);
}

}  // namespace eis::python
