// The native part of the `eis` Python package (pybind11). Inputs are numpy arrays viewed in
// place (float64 / complex128, C-contiguous: no copy; anything else is converted once); outputs
// are numpy arrays that take over the library's vectors (no copy) or small copies of Eigen
// vectors. Results come back as plain dicts; eis/__init__.py wraps them in dataclass-like
// objects with to_dict(). The GIL is released while libeis computes (read, fit, Lin-KK, DRT,
// series, tracker, CV), so other Python threads keep running.
#include <complex>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <eis/circuit/circuit.hpp>
#include <eis/circuit/evaluate.hpp>
#include <eis/conductivity/cell_spec.hpp>
#include <eis/conductivity/manifest.hpp>
#include <eis/conductivity/series.hpp>
#include <eis/conductivity/series_inputs.hpp>
#include <eis/conductivity/tracker.hpp>
#include <eis/cv/onset.hpp>
#include <eis/cv/peaks.hpp>
#include <eis/cv/plating.hpp>
#include <eis/cv/segment.hpp>
#include <eis/drt/tikhonov.hpp>
#include <eis/error.hpp>
#include <eis/fit/cnls.hpp>
#include <eis/io/read.hpp>
#include <eis/validation/lin_kk.hpp>
#include <eis/version.hpp>

#include "convert.hpp"

namespace {

using namespace eis::python;

/// FitOptions from the keywords of fit() (all but on_iteration, which only fit() takes).
eis::FitOptions fit_options(Kwargs& k) {
  eis::FitOptions o;
  k.get_enum("weighting", o.weighting, eis::parse_weighting, "");
  k.get_enum("domain", o.domain, eis::parse_fit_domain, "");
  k.get("proportional_floor", o.proportional_floor);
  k.get("sigma_real", o.sigma_real);
  k.get("sigma_imag", o.sigma_imag);
  const py::object fixed = k.take("fixed");
  if (!fixed.is_none()) {
    for (const auto& item : fixed.cast<py::dict>()) {
      o.fixed.push_back({item.first.cast<std::string>(), item.second.cast<double>()});
    }
  }
  const py::object bounds = k.take("bounds");
  if (!bounds.is_none()) {
    for (const auto& item : bounds.cast<py::dict>()) {
      const auto lu = item.second.cast<std::pair<double, double>>();
      o.bounds.push_back({item.first.cast<std::string>(), lu.first, lu.second});
    }
  }
  k.get("fmin_hz", o.fmin_hz);
  k.get("fmax_hz", o.fmax_hz);
  k.get("drop_inductive", o.drop_inductive);
  k.get("max_iterations", o.max_iterations);
  k.get("max_evaluations", o.max_evaluations);
  k.get("relative_step_tolerance", o.relative_step_tolerance);
  k.get("function_tolerance", o.function_tolerance);
  k.get("gradient_tolerance", o.gradient_tolerance);
  k.get("geodesic_acceleration", o.geodesic_acceleration);
  k.get("reparameterise_arcs", o.reparameterise_arcs);
  k.get("multi_starts", o.multi_starts);
  k.get("always_multi_start", o.always_multi_start);
  k.get("global_search", o.global);
  k.get("global", o.global);
  k.get("global_evaluations", o.global_evaluations);
  k.get("seed", o.seed);
  k.get("compute_covariance", o.compute_covariance);
  k.get("singular_value_cutoff", o.singular_value_cutoff);
  k.get("confidence_level", o.confidence_level);
  return o;
}

/// FitOptions::on_iteration calling a Python callable with a dict of the FitProgress fields.
/// The callable runs with the GIL held (the fit itself runs without it); returning False (or
/// any false value but None) stops the fit (Termination::cancelled); an exception it raises
/// propagates out of fit() unchanged. `callback` must outlive the fit: the lambda holds a
/// plain handle so that copying the options never touches a reference count without the GIL.
std::function<bool(const eis::FitProgress&)> progress_callback(py::handle callback) {
  if (!PyCallable_Check(callback.ptr())) {
    throw py::type_error("on_iteration must be callable");
  }
  return [callback](const eis::FitProgress& p) {
    py::gil_scoped_acquire gil;
    py::dict d;
    d["start"] = p.start;
    d["iteration"] = p.iteration;
    d["evaluations"] = p.evaluations;
    d["chi_square"] = p.chi_square;
    d["damping"] = p.damping;
    d["parameters"] = copy_numpy(std::vector<double>(p.parameters.begin(), p.parameters.end()));
    const py::object go_on = callback(d);
    return go_on.is_none() || py::bool_(go_on);
  };
}

// ---------------------------------------------------------------- results as dicts

py::dict fit_dict(eis::FitResult&& r) {
  py::dict d;
  const bool usable = r.usable();  // before any vector is moved out
  d["circuit"] = r.circuit;
  d["names"] = r.names;
  d["units"] = r.units;
  d["parameters"] = to_numpy(r.parameters);
  d["standard_errors"] = to_numpy(r.standard_errors);
  d["ci_lower"] = to_numpy(r.ci_lower);
  d["ci_upper"] = to_numpy(r.ci_upper);
  d["covariance"] = to_numpy(r.covariance);
  d["correlation"] = to_numpy(r.correlation);
  d["fixed"] = to_numpy(r.fixed);
  d["at_bound"] = to_numpy(r.at_bound);
  d["initial_parameters"] = to_numpy(r.initial_parameters);
  d["chi_square"] = r.chi_square;
  d["reduced_chi_square"] = r.reduced_chi_square;
  d["pseudo_chi_square"] = r.pseudo_chi_square;
  d["aic"] = r.aic;
  d["aicc"] = r.aicc;
  d["bic"] = r.bic;
  d["condition_number"] = r.condition_number;
  d["rank_deficiency"] = r.rank_deficiency;
  d["points"] = r.points;
  d["free_parameters"] = r.free_parameters;
  d["degrees_of_freedom"] = r.degrees_of_freedom;
  d["weighting"] = std::string(eis::to_string(r.weighting));
  d["domain"] = std::string(eis::to_string(r.domain));
  d["frequency_hz"] = to_numpy(std::move(r.frequency_hz));
  d["data_ohm"] = to_numpy(std::move(r.data_ohm));
  d["model_ohm"] = to_numpy(std::move(r.model_ohm));
  d["iterations"] = r.iterations;
  d["evaluations"] = r.evaluations;
  d["starts"] = r.starts;
  d["automatic_initial_values"] = r.automatic_initial_values;
  d["termination"] = std::string(eis::to_string(r.termination));
  set_outcome(d, usable, r.message, r.warnings);
  return d;
}

/// The descriptive fields spectrum and voltammogram metadata share.
template <class M>
void set_record_fields(py::dict& d, const M& m) {
  d["instrument"] = m.instrument;
  d["technique"] = m.technique;
  d["start_time"] = m.start_time;
  d["column_names"] = m.column_names;
  d["extra"] = m.extra;
}

py::dict metadata_dict(const eis::SpectrumMetadata& m) {
  py::dict d;
  d["temperature_k"] = opt(m.temperature_k);
  d["dc_potential_v"] = opt(m.dc_potential_v);
  d["ac_amplitude_v"] = opt(m.ac_amplitude_v);
  d["cycle"] = opt(m.cycle);
  d["area_cm2"] = opt(m.area_cm2);
  set_record_fields(d, m);
  return d;
}

py::dict spectrum_dict(eis::Spectrum&& s) {
  py::dict d;
  d["frequency_hz"] = to_numpy(std::move(s.frequency_hz));
  d["z"] = to_numpy(std::move(s.impedance_ohm));
  d["time_s"] = to_numpy(std::move(s.time_s));
  d["metadata"] = metadata_dict(s.metadata);
  d["warnings"] = s.warnings;
  return d;
}

py::dict voltammogram_dict(eis::cv::Voltammogram&& v) {
  py::dict d;
  d["time_s"] = to_numpy(std::move(v.time_s));
  d["potential_v"] = to_numpy(std::move(v.potential_v));
  d["current_a"] = to_numpy(std::move(v.current_a));
  d["cycle"] = to_numpy(std::move(v.cycle));
  py::dict m;
  m["area_cm2"] = opt(v.metadata.area_cm2);
  m["scan_rate_v_per_s"] = opt(v.metadata.scan_rate_v_per_s);
  set_record_fields(m, v.metadata);
  d["metadata"] = m;
  d["warnings"] = v.warnings;
  return d;
}

/// One dict per item, moving each item's vectors into numpy arrays.
template <class T, class F>
py::list moved_list_of(std::vector<T>& items, F&& to_dict) {
  py::list out;
  for (T& item : items) {
    out.append(to_dict(std::move(item)));
  }
  return out;
}

py::dict read_dict(eis::io::ReadResult&& r) {
  py::dict d;
  d["file"] = r.file;
  d["reader"] = r.reader;
  d["spectra"] = moved_list_of(r.spectra, spectrum_dict);
  d["voltammograms"] = moved_list_of(r.voltammograms, voltammogram_dict);
  d["warnings"] = r.warnings;
  return d;
}

py::dict row_dict(const eis::ConductivityRow& r) {
  py::dict d;
  d["file"] = r.file;
  d["cycle"] = r.cycle;
  d["direction"] = eis::to_string(r.direction);
  d["temperature_k"] = r.temperature_k;
  d["r_bulk_ohm"] = opt(r.r_bulk_ohm);
  d["r_bulk_stderr_ohm"] = opt(r.r_bulk_stderr_ohm);
  d["r_gb_ohm"] = opt(r.r_gb_ohm);
  d["r_gb_stderr_ohm"] = opt(r.r_gb_stderr_ohm);
  d["r_total_ohm"] = opt(r.r_total_ohm);
  d["r_total_stderr_ohm"] = opt(r.r_total_stderr_ohm);
  d["c_bulk_f"] = opt(r.c_bulk_f);
  d["c_gb_f"] = opt(r.c_gb_f);
  d["sigma_bulk_s_per_cm"] = opt(r.sigma_bulk_s_per_cm);
  d["sigma_bulk_stderr_s_per_cm"] = opt(r.sigma_bulk_stderr_s_per_cm);
  d["sigma_total_s_per_cm"] = opt(r.sigma_total_s_per_cm);
  d["sigma_total_stderr_s_per_cm"] = opt(r.sigma_total_stderr_s_per_cm);
  d["sigma_gb_s_per_cm"] = opt(r.sigma_gb_s_per_cm);
  d["sigma_gb_stderr_s_per_cm"] = opt(r.sigma_gb_stderr_s_per_cm);
  d["sigma_gb_specific_s_per_cm"] = opt(r.sigma_gb_specific_s_per_cm);
  d["sigma_gb_specific_stderr_s_per_cm"] = opt(r.sigma_gb_specific_stderr_s_per_cm);
  d["r_interface_ohm"] = opt(r.r_interface_ohm);
  d["r_interface_stderr_ohm"] = opt(r.r_interface_stderr_ohm);
  d["c_interface_f"] = opt(r.c_interface_f);
  d["model"] = r.model;
  d["regime"] = r.regime;
  d["usable"] = r.usable;
  d["aic"] = opt(r.aic);
  d["chi_square"] = opt(r.chi_square);
  d["parameter_names"] = r.parameter_names;
  d["parameters"] = copy_numpy(r.parameters);
  d["message"] = r.message;
  d["warnings"] = r.warnings;
  return d;
}

py::dict candidate_dict(const eis::CandidateOutcome& c) {
  py::dict d;
  d["circuit"] = c.circuit;
  d["regime"] = eis::to_string(c.regime);
  d["usable"] = c.usable;
  d["consistent"] = c.consistent;
  d["from_neighbour"] = c.from_neighbour;
  d["criterion"] = c.criterion;
  d["chi_square"] = c.chi_square;
  d["note"] = c.note;
  return d;
}

py::dict analysis_dict(const eis::SpectrumAnalysis& a) {
  py::dict d;
  d["row"] = row_dict(a.row);
  d["fit"] = fit_dict(eis::FitResult(a.fit));
  d["candidates"] = list_of(a.candidates, candidate_dict);
  return d;
}

// ---------------------------------------------------------------- series settings

eis::SeriesOptions series_options(Kwargs& k) {
  eis::SeriesOptions o;
  k.get_enum("criterion", o.criterion, eis::parse_information_criterion, "");
  k.get("criterion_margin", o.criterion_margin);
  k.get("default_activation_energy_ev", o.default_activation_energy_ev);
  k.get("try_automatic_start", o.try_automatic_start);
  k.get("threads", o.threads);
  const py::object fit = k.take("fit_options");
  if (!fit.is_none()) {
    Kwargs f(fit.cast<py::dict>(), "fit_options");
    o.fit = fit_options(f);
    f.finish();
  }
  if (auto why = o.validate()) {
    throw eis::InvalidArgument(*why);
  }
  return o;
}

// ---------------------------------------------------------------- the functions

py::dict py_read(const std::string& path, const std::string& reader) {
  eis::io::ReadOptions options;
  options.reader = reader;
  eis::io::ReadResult r;
  {
    py::gil_scoped_release release;
    r = eis::io::read_file(path, options);
  }
  return read_dict(std::move(r));
}

py::dict py_fit(const eis::Circuit& circuit,
                const RealArray& frequency_hz,
                const ComplexArray& z,
                const std::optional<RealArray>& initial,
                const py::dict& options) {
  Kwargs k(options, "fit");
  eis::FitOptions o = fit_options(k);
  const py::object on_iteration = k.take("on_iteration");  // alive until the fit returns
  k.finish();
  if (!on_iteration.is_none()) {
    o.on_iteration = progress_callback(on_iteration);
  }
  const eis::SpectrumView view{view_1d(frequency_hz, "frequency_hz"), view_1d(z, "z")};
  const std::span<const double> init =
      initial ? view_1d(*initial, "initial") : std::span<const double>{};
  eis::FitResult r;
  {
    py::gil_scoped_release release;
    r = eis::fit_circuit(circuit, view, init, o);
  }
  return fit_dict(std::move(r));
}

py::dict py_lin_kk(const RealArray& frequency_hz, const ComplexArray& z, const py::dict& kw) {
  Kwargs k(kw, "lin_kk");
  eis::validation::LinKkOptions o;
  k.get_enum("domain", o.domain, eis::validation::parse_kk_domain, "");
  k.get("elements", o.elements);
  k.get("mu_threshold", o.mu_threshold);
  k.get("adequacy_factor", o.adequacy_factor);
  k.get("adequacy_rms", o.adequacy_rms);
  k.get("max_elements", o.max_elements);
  k.get("tau_range_extension", o.tau_range_extension);
  k.get("capacitance", o.capacitance);
  k.get("inductance", o.inductance);
  k.get("noise_level", o.noise_level);
  k.get("min_noise_level", o.min_noise_level);
  k.get("false_alarm_probability", o.false_alarm_probability);
  k.finish();
  const eis::SpectrumView view{view_1d(frequency_hz, "frequency_hz"), view_1d(z, "z")};
  eis::validation::LinKkResult r;
  {
    py::gil_scoped_release release;
    r = eis::validation::lin_kk(view, o);
  }
  const bool usable = r.usable();  // before any vector is moved out
  py::dict d;
  d["domain"] = std::string(eis::validation::to_string(r.domain));
  d["passed"] = r.passed;
  d["elements"] = r.elements;
  d["mu"] = r.mu;
  d["mu_by_elements"] = to_numpy(std::move(r.mu_by_elements));
  d["tau_s"] = to_numpy(std::move(r.tau_s));
  d["element_values"] = to_numpy(std::move(r.element_values));
  d["series_resistance_ohm"] = r.series_resistance_ohm;
  d["capacitance_f"] = r.capacitance_f;
  d["inductance_h"] = r.inductance_h;
  d["fitted_ohm"] = to_numpy(std::move(r.fitted_ohm));
  d["residual_real"] = to_numpy(std::move(r.residual_real));
  d["residual_imag"] = to_numpy(std::move(r.residual_imag));
  d["pseudo_chi_square"] = r.pseudo_chi_square;
  d["max_residual"] = r.max_residual;
  d["noise_level"] = r.noise_level;
  d["noise_level_estimated"] = r.noise_level_estimated;
  d["residual_threshold"] = r.residual_threshold;
  d["chi_square_threshold"] = r.chi_square_threshold;
  d["compliant"] = to_numpy(r.compliant);
  d["failing_min_hz"] = r.failing_min_hz;
  d["failing_max_hz"] = r.failing_max_hz;
  set_outcome(d, usable, r.message, r.warnings);
  return d;
}

py::dict py_drt(const RealArray& frequency_hz, const ComplexArray& z, const py::dict& kw) {
  Kwargs k(kw, "drt");
  eis::drt::DrtOptions o;
  k.get_enum("basis", o.basis, eis::drt::parse_basis, "");
  k.get_enum("lambda_method", o.lambda_method, eis::drt::parse_lambda_method, "");
  k.get("derivative_order", o.derivative_order);
  k.get("lambda", o.lambda);
  k.get("lambda_", o.lambda);
  k.get("lambda_min", o.lambda_min);
  k.get("lambda_max", o.lambda_max);
  k.get("tau_points_per_decade", o.tau_points_per_decade);
  k.get("tau_extension_decades", o.tau_extension_decades);
  k.get("rbf_fwhm_coefficient", o.rbf_fwhm_coefficient);
  k.get("inductance", o.inductance);
  k.get("series_capacitance", o.series_capacitance);
  std::string weighting = "modulus";
  k.get("weighting", weighting);
  if (weighting == "modulus") {
    o.weighting = eis::drt::DrtWeighting::modulus;
  } else if (weighting == "unit") {
    o.weighting = eis::drt::DrtWeighting::unit;
  } else {
    throw eis::InvalidArgument("weighting must be 'modulus' or 'unit', got '" + weighting + "'");
  }
  k.get("non_negative", o.non_negative);
  k.get("output_points_per_decade", o.output_points_per_decade);
  k.finish();
  const eis::SpectrumView view{view_1d(frequency_hz, "frequency_hz"), view_1d(z, "z")};
  eis::drt::DrtResult r;
  {
    py::gil_scoped_release release;
    r = eis::drt::compute_drt(view, o);
  }
  const bool usable = r.usable();  // before any vector is moved out
  py::dict d;
  d["lambda_"] = r.lambda;
  d["lambda_method"] = std::string(eis::drt::to_string(r.lambda_method));
  d["lambda_candidates"] = to_numpy(std::move(r.lambda_candidates));
  d["lambda_scores"] = to_numpy(std::move(r.lambda_scores));
  d["tau_s"] = to_numpy(std::move(r.tau_s));
  d["gamma_ohm"] = to_numpy(std::move(r.gamma_ohm));
  d["grid_tau_s"] = to_numpy(std::move(r.grid_tau_s));
  d["coefficients"] = to_numpy(std::move(r.coefficients));
  d["epsilon"] = r.epsilon;
  d["r_inf_ohm"] = r.r_inf_ohm;
  d["inductance_h"] = r.inductance_h;
  d["capacitance_f"] = r.capacitance_f;
  d["polarisation_ohm"] = r.polarisation_ohm;
  d["fitted_ohm"] = to_numpy(std::move(r.fitted_ohm));
  d["residual_real"] = to_numpy(std::move(r.residual_real));
  d["residual_imag"] = to_numpy(std::move(r.residual_imag));
  d["peaks"] = list_of(r.peaks, [](const eis::drt::DrtPeak& p) {
    py::dict pd;
    pd["tau_s"] = p.tau_s;
    pd["frequency_hz"] = p.frequency_hz;
    pd["resistance_ohm"] = p.resistance_ohm;
    pd["capacitance_f"] = p.capacitance_f;
    pd["height_ohm"] = p.height_ohm;
    pd["tau_lower_s"] = p.tau_lower_s;
    pd["tau_upper_s"] = p.tau_upper_s;
    return pd;
  });
  d["converged"] = r.converged;
  set_outcome(d, usable, r.message, r.warnings);
  return d;
}

eis::Cell cell_from(Kwargs& k) {
  eis::CellSpec c;
  k.get("cell", c.type);
  k.get("thickness_cm", c.thickness_cm);
  k.get("area_cm2", c.area_cm2);
  k.get("diameter_cm", c.diameter_cm);
  k.get("thickness_err_cm", c.thickness_err_cm);
  k.get("area_err_cm2", c.area_err_cm2);
  k.get("diameter_err_cm", c.diameter_err_cm);
  return eis::make_cell(c);
}

/// Series from a manifest (str) or a list of files; temperatures from the manifest, the list
/// `temperatures_k`, or the files' metadata (as `eis series`).
py::dict py_series(const py::object& inputs, const py::dict& kw) {
  Kwargs k(kw, "series");
  const eis::Cell cell = cell_from(k);
  eis::SeriesOptions options = series_options(k);
  std::vector<double> temperatures;
  k.get("temperatures_k", temperatures);
  int cycle = 1;
  k.get("cycle", cycle);
  std::string direction = "heating";
  k.get("direction", direction);
  eis::SeriesLoadOptions load;
  k.get("reader", load.read.reader);
  k.get("spectrum", load.spectrum);
  k.finish();

  std::vector<eis::ManifestEntry> entries;
  if (py::isinstance<py::str>(inputs) || py::hasattr(inputs, "__fspath__")) {
    const std::string manifest = py::str(inputs);
    py::gil_scoped_release release;
    entries = eis::read_manifest(manifest);
  } else {
    entries = eis::entries_from_files(inputs.cast<std::vector<std::string>>(),
                                      temperatures,
                                      cycle,
                                      eis::parse_direction(direction));
  }
  eis::SeriesResult result;
  {
    py::gil_scoped_release release;
    const eis::LoadedSeries loaded = eis::load_series(entries, load);
    result = eis::fit_series(loaded.inputs, cell, options);
  }
  py::dict d;
  d["rows"] = list_of(result.rows, row_dict);
  d["analyses"] = list_of(result.analyses, analysis_dict);
  d["warnings"] = result.warnings;
  return d;
}

py::dict side_dict(const eis::cv::SideOnset& s) {
  py::dict d;
  d["swept"] = s.swept;
  d["onset_v"] = opt(s.onset_v);
  d["stable_to_v"] = opt(s.stable_to_v);
  d["vertex_potential_v"] = s.vertex_potential_v;
  d["baseline_intercept_a"] = s.baseline_intercept_a;
  d["baseline_slope_a_per_v"] = s.baseline_slope_a_per_v;
  d["baseline_fitted"] = s.baseline_fitted;
  d["extreme_excess_current_a"] = s.extreme_excess_current_a;
  return d;
}

py::dict cv_segment_dict(const eis::cv::Segment& s) {
  py::dict d;
  d["begin"] = s.begin;
  d["end"] = s.end;
  d["direction"] = eis::cv::to_string(s.direction);
  d["cycle"] = s.cycle;
  d["start_potential_v"] = s.start_potential_v;
  d["end_potential_v"] = s.end_potential_v;
  d["min_potential_v"] = s.min_potential_v;
  d["max_potential_v"] = s.max_potential_v;
  d["scan_rate_v_per_s"] = s.scan_rate_v_per_s;
  return d;
}

py::dict cv_peak_dict(const eis::cv::Peak& p) {
  py::dict d;
  d["cycle"] = p.cycle;
  d["direction"] = eis::cv::to_string(p.direction);
  d["index"] = p.index;
  d["potential_v"] = p.potential_v;
  d["current_a"] = p.current_a;
  d["raw_current_a"] = p.raw_current_a;
  d["baseline_current_a"] = p.baseline_current_a;
  d["half_peak_potential_v"] = opt(p.half_peak_potential_v);
  d["prominence_a"] = p.prominence_a;
  d["width_points"] = p.width_points;
  return d;
}

py::dict cv_pair_dict(const eis::cv::PeakPair& p) {
  py::dict d;
  d["cycle"] = p.cycle;
  d["anodic"] = p.anodic;
  d["cathodic"] = p.cathodic;
  d["separation_v"] = p.separation_v;
  d["midpoint_v"] = p.midpoint_v;
  return d;
}

py::dict stability_dict(const eis::cv::StabilityResult& stab) {
  py::dict sd;
  sd["method"] = eis::cv::to_string(stab.method);
  sd["threshold_a"] = stab.threshold_a;
  sd["threshold_ma_per_cm2"] = opt(stab.threshold_ma_per_cm2);
  sd["area_cm2"] = opt(stab.area_cm2);
  sd["baseline_window_v"] =
      py::make_tuple(stab.baseline_window_v.first, stab.baseline_window_v.second);
  sd["cycles"] = list_of(stab.cycles, [](const auto& c) {
    py::dict cd;
    cd["cycle"] = c.cycle;
    cd["anodic"] = side_dict(c.anodic);
    cd["cathodic"] = side_dict(c.cathodic);
    cd["capacitance_f"] = opt(c.capacitance_f);
    cd["capacitive_current_a"] = opt(c.capacitive_current_a);
    cd["scan_rate_v_per_s"] = c.scan_rate_v_per_s;
    return cd;
  });
  sd["anodic_onset_v"] = opt(stab.anodic_onset_v);
  sd["cathodic_onset_v"] = opt(stab.cathodic_onset_v);
  sd["stable_to_v"] = opt(stab.stable_to_v);
  sd["cathodic_stable_to_v"] = opt(stab.cathodic_stable_to_v);
  sd["capacitance_f"] = opt(stab.capacitance_f);
  set_outcome(sd, stab.usable, stab.message, stab.warnings);
  return sd;
}

py::dict plating_dict(const eis::cv::PlatingResult& plat) {
  py::dict pd;
  pd["cycles"] = list_of(plat.cycles, [](const auto& c) {
    py::dict cd;
    cd["cycle"] = c.cycle;
    cd["found"] = c.found;
    cd["plating_charge_c"] = c.plating_charge_c;
    cd["stripping_charge_c"] = c.stripping_charge_c;
    cd["coulombic_efficiency"] = opt(c.coulombic_efficiency);
    cd["crossover_potential_v"] = c.crossover_potential_v;
    cd["message"] = c.message;
    return cd;
  });
  pd["coulombic_efficiency"] = opt(plat.coulombic_efficiency);
  pd["warnings"] = plat.warnings;
  return pd;
}

/// Segmentation, peaks, stability window and (optionally) plating/stripping of one record.
py::dict py_cv(const RealArray& time_s,
               const RealArray& potential_v,
               const RealArray& current_a,
               const std::optional<IntArray>& cycle,
               const std::optional<double>& area_cm2,
               const std::optional<double>& scan_rate_v_per_s,
               const py::dict& kw) {
  Kwargs k(kw, "cv");
  eis::cv::OnsetOptions onset;
  k.get_enum("onset_method", onset.method, eis::cv::parse_onset_method, "");
  k.get("threshold_ma_per_cm2", onset.threshold_ma_per_cm2);
  k.get("threshold_a", onset.threshold_a);
  k.get("consecutive_points", onset.consecutive_points);
  bool plating = false;
  k.get("plating", plating);
  eis::cv::PlatingOptions plating_options;
  k.get("plating_potential_v", plating_options.plating_potential_v);
  k.finish();
  eis::cv::VoltammogramView v{view_1d(time_s, "time_s"),
                              view_1d(potential_v, "potential_v"),
                              view_1d(current_a, "current_a"),
                              cycle ? view_1d(*cycle, "cycle") : std::span<const int>{},
                              area_cm2,
                              scan_rate_v_per_s};
  eis::cv::Segmentation seg;
  eis::cv::PeakResult peaks;
  std::optional<eis::cv::StabilityResult> stability;
  std::optional<eis::cv::PlatingResult> plat;
  // A current-density threshold needs the electrode area: without it (and without an absolute
  // threshold) the stability window is skipped with a warning instead of failing the call.
  const bool window = onset.threshold_a.has_value() || area_cm2.has_value();
  {
    py::gil_scoped_release release;
    seg = eis::cv::segment_voltammogram(v);
    peaks = eis::cv::find_peaks(v);
    if (window) {
      stability = eis::cv::stability_window(v, onset);
    }
    if (plating) {
      plat = eis::cv::plating_stripping(v, plating_options);
    }
  }
  py::dict d;
  d["segments"] = list_of(seg.segments, cv_segment_dict);
  d["cycles"] = seg.cycles;
  d["scan_rate_v_per_s"] = seg.scan_rate_v_per_s;
  d["peaks"] = list_of(peaks.peaks, cv_peak_dict);
  d["pairs"] = list_of(peaks.pairs, cv_pair_dict);
  d["noise_sigma_a"] = peaks.noise_sigma_a;
  std::vector<std::string> warnings = seg.warnings;
  warnings.insert(warnings.end(), peaks.warnings.begin(), peaks.warnings.end());
  if (!stability) {
    d["stability"] = py::none();
    warnings.emplace_back(
        "stability window skipped: give area_cm2 (for threshold_ma_per_cm2) or threshold_a");
  } else {
    d["stability"] = stability_dict(*stability);
  }
  d["plating"] = plat ? py::object(plating_dict(*plat)) : py::object(py::none());
  d["warnings"] = warnings;
  return d;
}

/// The live tracker: one spectrum at a time, the row back before the next one arrives.
class Tracker {
 public:
  explicit Tracker(const py::kwargs& kw) : tracker_(make(kw)) {}

  py::dict add(const RealArray& frequency_hz,
               const ComplexArray& z,
               double temperature_k,
               int cycle,
               const std::string& direction,
               const std::string& file) {
    const eis::SpectrumView view{view_1d(frequency_hz, "frequency_hz"), view_1d(z, "z")};
    const eis::Direction dir = eis::parse_direction(direction);
    eis::ConductivityRow row;
    {
      py::gil_scoped_release release;
      row = tracker_.add(view, temperature_k, cycle, dir, file);
    }
    return row_dict(row);
  }
  [[nodiscard]] py::dict last() const { return analysis_dict(tracker_.last()); }
  [[nodiscard]] py::list rows() const { return list_of(tracker_.rows(), row_dict); }
  [[nodiscard]] std::string csv_line(py::ssize_t index) const {
    const auto& rows = tracker_.rows();
    const auto n = static_cast<py::ssize_t>(rows.size());
    if (index < 0) {
      index += n;
    }
    if (index < 0 || index >= n) {
      throw py::index_error("row index out of range");
    }
    return eis::series_csv_line(rows[static_cast<std::size_t>(index)]);
  }
  [[nodiscard]] std::size_t size() const { return tracker_.rows().size(); }

 private:
  static eis::SeriesTracker make(const py::kwargs& kw) {
    Kwargs k(kw, "SeriesTracker");
    const eis::Cell cell = cell_from(k);
    eis::SeriesOptions options = series_options(k);
    k.finish();
    return eis::SeriesTracker(cell, std::move(options));
  }
  eis::SeriesTracker tracker_;
};

}  // namespace

PYBIND11_MODULE(_eis, m) {
  m.doc() = "libeis: impedance spectroscopy and ionic-conductivity analysis (native part)";
  m.attr("__version__") = eis::version_string;

  // Exceptions: translators run newest first, so the base class goes first.
  // Each also derives from the matching built-in, so `except ValueError` / `except OSError`
  // work as well as `except eis.Error`.
  static py::exception<eis::Error> error(m, "Error", PyExc_Exception);
  static py::exception<eis::InvalidArgument> invalid(
      m, "InvalidArgument", py::make_tuple(error, py::handle(PyExc_ValueError)));
  static py::exception<eis::ParseError> parse(
      m, "ParseError", py::make_tuple(error, py::handle(PyExc_ValueError)));
  static py::exception<eis::IoError> io_error(
      m, "IoError", py::make_tuple(error, py::handle(PyExc_OSError)));
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) {
        std::rethrow_exception(p);
      }
    } catch (const eis::ParseError& e) {
      parse(e.what());
    } catch (const eis::InvalidArgument& e) {
      invalid(e.what());
    } catch (const eis::IoError& e) {
      io_error(e.what());
    } catch (const eis::Error& e) {
      error(e.what());
    }
  });

  py::class_<eis::Circuit>(m, "Circuit", "An equivalent circuit (impedance.py or CDC syntax)")
      .def(py::init([](const std::string& text) { return eis::parse_circuit(text); }),
           py::arg("text"))
      .def_property_readonly("parameter_names", &eis::Circuit::parameter_names)
      .def_property_readonly("parameter_count", &eis::Circuit::parameter_count)
      .def_property_readonly("parameters",
                             [](const eis::Circuit& c) {
                               return list_of(c.parameters(), [](const auto& p) {
                                 py::dict d;
                                 d["name"] = p.name;
                                 d["unit"] = p.unit;
                                 d["lower"] = p.lower;
                                 d["upper"] = p.upper;
                                 return d;
                               });
                             })
      .def_property_readonly(
          "cdc", [](const eis::Circuit& c) { return format_circuit(c, eis::CircuitSyntax::cdc); })
      .def(
          "evaluate",
          [](const eis::Circuit& c, const RealArray& frequency_hz, const RealArray& params) {
            const auto f = view_1d(frequency_hz, "frequency_hz");
            const auto p = view_1d(params, "params");
            std::vector<std::complex<double>> z;
            {
              py::gil_scoped_release release;
              z = eis::simulate(c, f, p);
            }
            return to_numpy(std::move(z));
          },
          py::arg("frequency_hz"),
          py::arg("params"),
          "Z in ohm at the frequencies (Hz) for the parameters (circuit order)")
      .def("__str__", [](const eis::Circuit& c) { return format_circuit(c); })
      .def("__repr__",
           [](const eis::Circuit& c) { return "eis.Circuit('" + format_circuit(c) + "')"; })
      .def("__eq__",
           [](const eis::Circuit& a, const py::object& b) {
             return py::isinstance<eis::Circuit>(b) && a == b.cast<const eis::Circuit&>();
           })
      .def("__hash__", [](const eis::Circuit& c) { return py::hash(py::str(format_circuit(c))); })
      .def(py::pickle([](const eis::Circuit& c) { return format_circuit(c); },
                      [](const std::string& s) { return eis::parse_circuit(s); }));

  m.def("_read", &py_read, py::arg("path"), py::arg("reader") = "");
  m.def("_fit",
        &py_fit,
        py::arg("circuit"),
        py::arg("frequency_hz"),
        py::arg("z"),
        py::arg("initial"),
        py::arg("options"));
  m.def("_lin_kk", &py_lin_kk, py::arg("frequency_hz"), py::arg("z"), py::arg("options"));
  m.def("_drt", &py_drt, py::arg("frequency_hz"), py::arg("z"), py::arg("options"));
  m.def("_series", &py_series, py::arg("inputs"), py::arg("options"));
  eis::python::bind_conductivity(m);
  m.def("_cv",
        &py_cv,
        py::arg("time_s"),
        py::arg("potential_v"),
        py::arg("current_a"),
        py::arg("cycle"),
        py::arg("area_cm2"),
        py::arg("scan_rate_v_per_s"),
        py::arg("options"));
  m.def(
      "simulate",
      [](const eis::Circuit& c,
         const RealArray& frequency_hz,
         const RealArray& params,
         double relative_noise,
         std::uint64_t seed) {
        const auto f = view_1d(frequency_hz, "frequency_hz");
        const auto p = view_1d(params, "params");
        std::vector<std::complex<double>> z;
        {
          py::gil_scoped_release release;
          z = eis::simulate_with_noise(c, f, p, {.relative_noise = relative_noise, .seed = seed});
        }
        return to_numpy(std::move(z));
      },
      py::arg("circuit"),
      py::arg("frequency_hz"),
      py::arg("params"),
      py::arg("relative_noise") = 0.0,
      py::arg("seed") = 42,
      "Z of the circuit plus Gaussian noise relative_noise*|Z| on Z' and Z'' (reproducible per "
      "seed)");
  m.def(
      "log_spaced_frequencies",
      [](double f_min_hz, double f_max_hz, int points_per_decade) {
        return to_numpy(eis::log_spaced_frequencies_hz(f_min_hz, f_max_hz, points_per_decade));
      },
      py::arg("f_min_hz"),
      py::arg("f_max_hz"),
      py::arg("points_per_decade"),
      "Log-spaced frequencies in Hz from f_max down to f_min");
  m.def("series_csv_header", &eis::series_csv_header);
  m.def("reader_names", &eis::io::reader_names);

  py::class_<Tracker>(m, "_SeriesTracker")
      .def(py::init<const py::kwargs&>())
      .def("add",
           &Tracker::add,
           py::arg("frequency_hz"),
           py::arg("z"),
           py::arg("temperature_k"),
           py::arg("cycle") = 1,
           py::arg("direction") = "heating",
           py::arg("file") = "")
      .def("last", &Tracker::last)
      .def("rows", &Tracker::rows)
      .def("csv_line", &Tracker::csv_line, py::arg("index") = -1)
      .def("__len__", &Tracker::size);
}
