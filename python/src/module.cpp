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
  EIS_PY_OPTIONS(k, o, proportional_floor, sigma_real, sigma_imag);
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
  EIS_PY_OPTIONS(k, o, fmin_hz, fmax_hz, drop_inductive, kk_mask, max_iterations, max_evaluations);
  EIS_PY_OPTIONS(k, o, relative_step_tolerance, function_tolerance, gradient_tolerance);
  EIS_PY_OPTIONS(k, o, geodesic_acceleration, reparameterise_arcs, multi_starts);
  EIS_PY_OPTIONS(k, o, always_multi_start);
  k.get("global_search", o.global);
  EIS_PY_OPTIONS(k, o, global, global_evaluations, seed, compute_covariance, singular_value_cutoff);
  EIS_PY_OPTIONS(k, o, confidence_level);
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
    EIS_PY_FIELDS(d, p, start, iteration, evaluations, chi_square, damping);
    d["parameters"] = copy_numpy(std::vector<double>(p.parameters.begin(), p.parameters.end()));
    const py::object go_on = callback(d);
    return go_on.is_none() || py::bool_(go_on);
  };
}

// ---------------------------------------------------------------- results as dicts

py::dict fit_dict(eis::FitResult&& r) {
  py::dict d;
  const bool usable = r.usable();  // before any vector is moved out
  EIS_PY_FIELDS(d, r, circuit, names, units);
  d["parameters"] = to_numpy(r.parameters);
  d["standard_errors"] = to_numpy(r.standard_errors);
  d["ci_lower"] = to_numpy(r.ci_lower);
  d["ci_upper"] = to_numpy(r.ci_upper);
  d["covariance"] = to_numpy(r.covariance);
  d["correlation"] = to_numpy(r.correlation);
  d["fixed"] = to_numpy(r.fixed);
  d["at_bound"] = to_numpy(r.at_bound);
  d["initial_parameters"] = to_numpy(r.initial_parameters);
  EIS_PY_FIELDS(d, r, chi_square, reduced_chi_square, pseudo_chi_square, aic, aicc, bic);
  EIS_PY_FIELDS(d, r, condition_number, rank_deficiency, points, free_parameters);
  EIS_PY_FIELDS(d, r, degrees_of_freedom, weighting, domain);
  EIS_PY_ARRAYS(d, r, frequency_hz, data_ohm, model_ohm);
  EIS_PY_FIELDS(d, r, iterations, evaluations, starts, automatic_initial_values, termination);
  set_outcome(d, usable, r.message, r.warnings);
  return d;
}

/// The descriptive fields spectrum and voltammogram metadata share.
template <class M>
void set_record_fields(py::dict& d, const M& m) {
  EIS_PY_FIELDS(d, m, instrument, technique, start_time, column_names, extra);
}

py::dict metadata_dict(const eis::SpectrumMetadata& m) {
  py::dict d;
  EIS_PY_FIELDS(d, m, temperature_k, dc_potential_v, ac_amplitude_v, cycle, area_cm2);
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
  EIS_PY_ARRAYS(d, v, time_s, potential_v, current_a, cycle);
  py::dict m;
  m["area_cm2"] = to_py(v.metadata.area_cm2);
  m["scan_rate_v_per_s"] = to_py(v.metadata.scan_rate_v_per_s);
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
  EIS_PY_FIELDS(d, r, file, cycle, direction, temperature_k, r_bulk_ohm, r_bulk_stderr_ohm);
  EIS_PY_FIELDS(d, r, r_gb_ohm, r_gb_stderr_ohm, r_total_ohm, r_total_stderr_ohm, c_bulk_f, c_gb_f);
  EIS_PY_FIELDS(d, r, sigma_bulk_s_per_cm, sigma_bulk_stderr_s_per_cm, sigma_total_s_per_cm);
  EIS_PY_FIELDS(d, r, sigma_total_stderr_s_per_cm, sigma_gb_s_per_cm, sigma_gb_stderr_s_per_cm);
  EIS_PY_FIELDS(d, r, sigma_gb_specific_s_per_cm, sigma_gb_specific_stderr_s_per_cm);
  EIS_PY_FIELDS(d, r, r_interface_ohm, r_interface_stderr_ohm, c_interface_f, model, regime);
  EIS_PY_FIELDS(d, r, usable, aic, chi_square, parameter_names);
  d["parameters"] = copy_numpy(r.parameters);
  d["message"] = r.message;
  d["warnings"] = r.warnings;
  return d;
}

py::dict candidate_dict(const eis::CandidateOutcome& c) {
  py::dict d;
  EIS_PY_FIELDS(d, c, circuit, regime, usable, consistent, from_neighbour, criterion, chi_square);
  EIS_PY_FIELDS(d, c, note);
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
  EIS_PY_OPTIONS(k, o, criterion_margin, default_activation_energy_ev, try_automatic_start);
  EIS_PY_OPTIONS(k, o, threads, tied_bulk_arrhenius, tied_t_min_k, tied_t_max_k);
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
  EIS_PY_OPTIONS(k, o, elements, mu_threshold, adequacy_factor, adequacy_rms, max_elements);
  EIS_PY_OPTIONS(k, o, tau_range_extension, capacitance, inductance, noise_level, min_noise_level);
  EIS_PY_OPTIONS(k, o, false_alarm_probability);
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
  EIS_PY_FIELDS(d, r, passed, elements, mu);
  EIS_PY_ARRAYS(d, r, mu_by_elements, tau_s, element_values);
  EIS_PY_FIELDS(d, r, series_resistance_ohm, capacitance_f, inductance_h);
  EIS_PY_ARRAYS(d, r, fitted_ohm, residual_real, residual_imag);
  EIS_PY_FIELDS(d, r, pseudo_chi_square, max_residual, noise_level, noise_level_estimated);
  EIS_PY_FIELDS(d, r, residual_threshold, chi_square_threshold);
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
  EIS_PY_OPTIONS(k, o, lambda_min, lambda_max, tau_points_per_decade, tau_extension_decades);
  EIS_PY_OPTIONS(k, o, rbf_fwhm_coefficient, inductance, series_capacitance);
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
  EIS_PY_OPTIONS(k, o, noise_level, discrepancy_factor, folds, credible_level, uncertainty);
  k.get("min_significance", o.peaks.min_significance);
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
  EIS_PY_ARRAYS(d, r, lambda_candidates, lambda_scores, tau_s, gamma_ohm, grid_tau_s, coefficients);
  EIS_PY_FIELDS(d, r, epsilon, r_inf_ohm, inductance_h, capacitance_f, polarisation_ohm);
  EIS_PY_ARRAYS(d, r, fitted_ohm, residual_real, residual_imag);
  EIS_PY_ARRAYS(d, r, gamma_sd_ohm, gamma_lower_ohm, gamma_upper_ohm);
  d["posterior_sigma"] = r.posterior_sigma;
  d["peaks"] = list_of(r.peaks, [](const eis::drt::DrtPeak& p) {
    py::dict pd;
    EIS_PY_FIELDS(pd, p, tau_s, frequency_hz, resistance_ohm, capacitance_f, height_ohm);
    EIS_PY_FIELDS(pd, p, tau_lower_s, tau_upper_s, significance, within_window);
    return pd;
  });
  d["converged"] = r.converged;
  set_outcome(d, usable, r.message, r.warnings);
  return d;
}

eis::Cell cell_from(Kwargs& k) {
  eis::CellSpec c;
  k.get("cell", c.type);
  EIS_PY_OPTIONS(k, c, thickness_cm, area_cm2, diameter_cm, thickness_err_cm, area_err_cm2);
  EIS_PY_OPTIONS(k, c, diameter_err_cm);
  return eis::make_cell(c);
}

/// σ_total compared between the runs of a series (as `eis series --format json`).
py::dict comparison_dict(const eis::RunComparison& c) {
  py::dict d;
  d["ratios"] = list_of(c.ratios, [](const eis::CycleRatio& r) {
    py::dict rd;
    EIS_PY_FIELDS(rd, r, cycle, reference_cycle, direction, temperature_k, sigma_ratio);
    EIS_PY_FIELDS(rd, r, log10_ratio, log10_ratio_stderr);
    return rd;
  });
  d["decay"] = list_of(c.decay, [](const eis::CycleDecay& r) {
    py::dict rd;
    EIS_PY_FIELDS(rd, r, cycle, previous_cycle, direction, temperatures, mean_log10_ratio);
    EIS_PY_FIELDS(rd, r, mean_log10_ratio_stderr, decades_per_cycle, retention);
    return rd;
  });
  d["hysteresis"] = list_of(c.hysteresis, [](const eis::HysteresisPoint& h) {
    py::dict hd;
    EIS_PY_FIELDS(hd, h, cycle, temperature_k, log10_heating_minus_cooling, stderr_value);
    return hd;
  });
  d["warnings"] = c.warnings;
  return d;
}

/// A run fitted with R_bulk(T) tied to the σT-Arrhenius law (SeriesOptions::tied_bulk_arrhenius).
py::dict tied_dict(const eis::TiedRun& t) {
  py::dict d;
  EIS_PY_FIELDS(d, t, cycle, direction, circuit, spectra, attempted);
  d["r_bulk_stderr_ohm"] = copy_numpy(t.r_bulk_stderr_ohm);
  d["sigma_bulk_s_per_cm"] = copy_numpy(t.sigma_bulk_s_per_cm);
  py::dict f;
  EIS_PY_FIELDS(f, t.fit, ln_sigma0, ln_sigma0_stderr, ea_ev, ea_stderr_ev, correlation);
  EIS_PY_FIELDS(f, t.fit, parameters, chi_square, degrees_of_freedom, iterations, termination);
  f["r_bulk_ohm"] = copy_numpy(t.fit.r_bulk_ohm);
  f["usable"] = t.fit.usable();
  f["message"] = t.fit.message;
  d["fit"] = f;
  d["message"] = t.message;
  return d;
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
  d["comparison"] = comparison_dict(result.comparison);
  d["tied"] = list_of(result.tied, tied_dict);
  return d;
}

py::dict side_dict(const eis::cv::SideOnset& s) {
  py::dict d;
  EIS_PY_FIELDS(d, s, swept, onset_v, stable_to_v, vertex_potential_v, baseline_intercept_a);
  EIS_PY_FIELDS(d, s, baseline_slope_a_per_v, baseline_fitted, extreme_excess_current_a);
  return d;
}

py::dict cv_segment_dict(const eis::cv::Segment& s) {
  py::dict d;
  EIS_PY_FIELDS(d, s, begin, end, direction, cycle, start_potential_v, end_potential_v);
  EIS_PY_FIELDS(d, s, min_potential_v, max_potential_v, scan_rate_v_per_s);
  return d;
}

py::dict cv_peak_dict(const eis::cv::Peak& p) {
  py::dict d;
  EIS_PY_FIELDS(d, p, cycle, direction, index, potential_v, current_a, raw_current_a);
  EIS_PY_FIELDS(d, p, baseline_current_a, half_peak_potential_v, prominence_a, width_points);
  return d;
}

py::dict cv_pair_dict(const eis::cv::PeakPair& p) {
  py::dict d;
  EIS_PY_FIELDS(d, p, cycle, anodic, cathodic, separation_v, midpoint_v);
  return d;
}

py::dict stability_dict(const eis::cv::StabilityResult& stab) {
  py::dict sd;
  EIS_PY_FIELDS(sd, stab, method, threshold_a, threshold_ma_per_cm2, area_cm2);
  sd["baseline_window_v"] =
      py::make_tuple(stab.baseline_window_v.first, stab.baseline_window_v.second);
  sd["cycles"] = list_of(stab.cycles, [](const auto& c) {
    py::dict cd;
    cd["cycle"] = c.cycle;
    cd["anodic"] = side_dict(c.anodic);
    cd["cathodic"] = side_dict(c.cathodic);
    EIS_PY_FIELDS(cd, c, capacitance_f, capacitive_current_a, scan_rate_v_per_s);
    return cd;
  });
  EIS_PY_FIELDS(sd, stab, anodic_onset_v, cathodic_onset_v, stable_to_v, cathodic_stable_to_v);
  EIS_PY_FIELDS(sd, stab, capacitance_f);
  set_outcome(sd, stab.usable, stab.message, stab.warnings);
  return sd;
}

py::dict plating_dict(const eis::cv::PlatingResult& plat) {
  py::dict pd;
  pd["cycles"] = list_of(plat.cycles, [](const auto& c) {
    py::dict cd;
    EIS_PY_FIELDS(cd, c, cycle, found, plating_charge_c, stripping_charge_c, coulombic_efficiency);
    EIS_PY_FIELDS(cd, c, crossover_potential_v, message);
    return cd;
  });
  pd["coulombic_efficiency"] = to_py(plat.coulombic_efficiency);
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
  EIS_PY_OPTIONS(k, onset, threshold_ma_per_cm2, threshold_a, consecutive_points);
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
                                 EIS_PY_FIELDS(d, p, name, unit, lower, upper);
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
