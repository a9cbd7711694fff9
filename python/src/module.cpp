// The native part of the `eis` Python package (pybind11). Inputs are numpy arrays viewed in
// place (float64 / complex128, C-contiguous: no copy; anything else is converted once); outputs
// are numpy arrays that take over the library's vectors (no copy) or small copies of Eigen
// vectors. Results come back as plain dicts; eis/__init__.py wraps them in dataclass-like
// objects with to_dict(). The GIL is released while libeis computes (read, fit, Lin-KK, DRT,
// series, tracker, CV), so other Python threads keep running.
#include <complex>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <eis/circuit/circuit.hpp>
#include <eis/circuit/evaluate.hpp>
#include <eis/conductivity/arrhenius.hpp>
#include <eis/conductivity/manifest.hpp>
#include <eis/conductivity/series.hpp>
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

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

namespace py = pybind11;

namespace {

using RealArray = py::array_t<double, py::array::c_style | py::array::forcecast>;
using ComplexArray = py::array_t<std::complex<double>, py::array::c_style | py::array::forcecast>;
using IntArray = py::array_t<int, py::array::c_style | py::array::forcecast>;

// ---------------------------------------------------------------- numpy in and out

template <class T, int F>
std::span<const T> view_1d(const py::array_t<T, F>& a, const char* name) {
  if (a.ndim() != 1) {
    throw eis::InvalidArgument(std::string(name) + " must be a 1-D array, got " +
                               std::to_string(a.ndim()) + " dimensions");
  }
  return {a.data(), static_cast<std::size_t>(a.shape(0))};
}

/// Moves a vector into a numpy array that owns it (no copy of the data).
template <class T>
py::array_t<T> to_numpy(std::vector<T>&& v) {
  auto* owner = new std::vector<T>(std::move(v));
  py::capsule free_when_done(owner, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>(static_cast<py::ssize_t>(owner->size()), owner->data(), free_when_done);
}

template <class T>
py::array_t<T> copy_numpy(const std::vector<T>& v) {
  return to_numpy(std::vector<T>(v));
}

py::array_t<double> to_numpy(const Eigen::VectorXd& v) {
  return py::array_t<double>(static_cast<py::ssize_t>(v.size()), v.data());  // copies
}

py::array_t<double> to_numpy(const Eigen::MatrixXd& m) {
  // Eigen is column-major: the strides make numpy read it as an (rows, cols) array (copied).
  const auto r = static_cast<py::ssize_t>(m.rows());
  const auto c = static_cast<py::ssize_t>(m.cols());
  const auto s = static_cast<py::ssize_t>(sizeof(double));
  return py::array_t<double>({r, c}, {s, s * r}, m.data());
}

py::array_t<bool> to_numpy(const std::vector<bool>& v) {
  py::array_t<bool> out(static_cast<py::ssize_t>(v.size()));
  auto w = out.mutable_unchecked<1>();
  for (std::size_t i = 0; i < v.size(); ++i) {
    w(static_cast<py::ssize_t>(i)) = v[i];
  }
  return out;
}

py::object opt(const std::optional<double>& v) {
  return v ? py::object(py::float_(*v)) : py::object(py::none());
}

py::object opt(const std::optional<int>& v) {
  return v ? py::object(py::int_(*v)) : py::object(py::none());
}

// ---------------------------------------------------------------- keyword options

/// Reads keyword options one by one; unknown names raise TypeError like a Python function.
class Kwargs {
 public:
  Kwargs(py::dict d, const char* function) : d_(std::move(d)), function_(function) {}

  template <class T>
  void get(const char* name, T& target) {
    if (d_.contains(name)) {
      const py::object v = d_[name];
      if (!v.is_none()) {
        target = v.cast<T>();
      }
      PyDict_DelItemString(d_.ptr(), name);
    }
  }
  template <class T>
  void get(const char* name, std::optional<T>& target) {
    if (d_.contains(name)) {
      const py::object v = d_[name];
      target = v.is_none() ? std::optional<T>{} : std::optional<T>(v.cast<T>());
      PyDict_DelItemString(d_.ptr(), name);
    }
  }
  /// Removes and returns a raw value (None when absent).
  py::object take(const char* name) {
    if (!d_.contains(name)) {
      return py::none();
    }
    py::object v = d_[name];
    PyDict_DelItemString(d_.ptr(), name);
    return v;
  }
  void finish() const {
    if (py::len(d_) > 0) {
      std::string names;
      for (const auto& item : d_) {
        names += (names.empty() ? "'" : ", '") + item.first.cast<std::string>() + "'";
      }
      throw py::type_error(std::string(function_) + "() got unexpected keyword argument(s) " +
                           names);
    }
  }

 private:
  py::dict d_;
  const char* function_;
};

eis::FitOptions fit_options(const py::dict& kw) {
  Kwargs k(py::dict(kw), "fit");  // a copy: the caller's dict stays untouched
  eis::FitOptions o;
  std::string s(eis::to_string(o.weighting));
  k.get("weighting", s);
  o.weighting = eis::parse_weighting(s);
  s = std::string(eis::to_string(o.domain));
  k.get("domain", s);
  o.domain = eis::parse_fit_domain(s);
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
  k.finish();
  return o;
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
  d["usable"] = usable;
  d["message"] = r.message;
  d["warnings"] = r.warnings;
  return d;
}

py::dict metadata_dict(const eis::SpectrumMetadata& m) {
  py::dict d;
  d["temperature_k"] = opt(m.temperature_k);
  d["dc_potential_v"] = opt(m.dc_potential_v);
  d["ac_amplitude_v"] = opt(m.ac_amplitude_v);
  d["cycle"] = opt(m.cycle);
  d["area_cm2"] = opt(m.area_cm2);
  d["instrument"] = m.instrument;
  d["technique"] = m.technique;
  d["start_time"] = m.start_time;
  d["column_names"] = m.column_names;
  d["extra"] = m.extra;
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
  m["instrument"] = v.metadata.instrument;
  m["technique"] = v.metadata.technique;
  m["start_time"] = v.metadata.start_time;
  m["column_names"] = v.metadata.column_names;
  m["extra"] = v.metadata.extra;
  d["metadata"] = m;
  d["warnings"] = v.warnings;
  return d;
}

py::dict read_dict(eis::io::ReadResult&& r) {
  py::dict d;
  d["file"] = r.file;
  d["reader"] = r.reader;
  py::list spectra;
  for (auto& s : r.spectra) {
    spectra.append(spectrum_dict(std::move(s)));
  }
  py::list voltammograms;
  for (auto& v : r.voltammograms) {
    voltammograms.append(voltammogram_dict(std::move(v)));
  }
  d["spectra"] = spectra;
  d["voltammograms"] = voltammograms;
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

py::dict analysis_dict(const eis::SpectrumAnalysis& a) {
  py::dict d;
  d["row"] = row_dict(a.row);
  d["fit"] = fit_dict(eis::FitResult(a.fit));
  py::list candidates;
  for (const auto& c : a.candidates) {
    py::dict cd;
    cd["circuit"] = c.circuit;
    cd["regime"] = eis::to_string(c.regime);
    cd["usable"] = c.usable;
    cd["consistent"] = c.consistent;
    cd["from_neighbour"] = c.from_neighbour;
    cd["criterion"] = c.criterion;
    cd["chi_square"] = c.chi_square;
    cd["note"] = c.note;
    candidates.append(cd);
  }
  d["candidates"] = candidates;
  return d;
}

// ---------------------------------------------------------------- cell geometry

struct CellArgs {
  std::string cell = "blocking";
  double thickness_cm = 0.0;
  std::optional<double> area_cm2;
  std::optional<double> diameter_cm;
  double thickness_err_cm = 0.0;
  double area_err_cm2 = 0.0;
  double diameter_err_cm = 0.0;
};

eis::Cell make_cell(const CellArgs& a) {
  if (a.area_cm2.has_value() == a.diameter_cm.has_value()) {
    throw eis::InvalidArgument("give exactly one of area_cm2 and diameter_cm");
  }
  const eis::CellGeometry g =
      a.diameter_cm ? eis::CellGeometry::disc(
                          a.thickness_cm, *a.diameter_cm, a.thickness_err_cm, a.diameter_err_cm)
                    : eis::CellGeometry::with_area(
                          a.thickness_cm, *a.area_cm2, a.thickness_err_cm, a.area_err_cm2);
  if (auto why = g.validate()) {
    throw eis::InvalidArgument("invalid geometry: " + *why);
  }
  return {eis::parse_cell_type(a.cell), g};
}

eis::SeriesOptions series_options(Kwargs& k) {
  eis::SeriesOptions o;
  std::string criterion = eis::to_string(o.criterion);
  k.get("criterion", criterion);
  o.criterion = eis::parse_information_criterion(criterion);
  k.get("criterion_margin", o.criterion_margin);
  k.get("default_activation_energy_ev", o.default_activation_energy_ev);
  k.get("try_automatic_start", o.try_automatic_start);
  k.get("threads", o.threads);
  const py::object fit = k.take("fit_options");
  if (!fit.is_none()) {
    o.fit = fit_options(fit.cast<py::dict>());
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
  const eis::FitOptions o = fit_options(options);
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
  Kwargs k(py::dict(kw), "lin_kk");
  eis::validation::LinKkOptions o;
  std::string domain = std::string(eis::validation::to_string(o.domain));
  k.get("domain", domain);
  o.domain = eis::validation::parse_kk_domain(domain);
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
  d["usable"] = usable;
  d["message"] = r.message;
  d["warnings"] = r.warnings;
  return d;
}

py::dict py_drt(const RealArray& frequency_hz, const ComplexArray& z, const py::dict& kw) {
  Kwargs k(py::dict(kw), "drt");
  eis::drt::DrtOptions o;
  std::string basis = std::string(eis::drt::to_string(o.basis));
  k.get("basis", basis);
  o.basis = eis::drt::parse_basis(basis);
  std::string method = std::string(eis::drt::to_string(o.lambda_method));
  k.get("lambda_method", method);
  o.lambda_method = eis::drt::parse_lambda_method(method);
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
  py::list peaks;
  for (const auto& p : r.peaks) {
    py::dict pd;
    pd["tau_s"] = p.tau_s;
    pd["frequency_hz"] = p.frequency_hz;
    pd["resistance_ohm"] = p.resistance_ohm;
    pd["capacitance_f"] = p.capacitance_f;
    pd["height_ohm"] = p.height_ohm;
    pd["tau_lower_s"] = p.tau_lower_s;
    pd["tau_upper_s"] = p.tau_upper_s;
    peaks.append(pd);
  }
  d["peaks"] = peaks;
  d["converged"] = r.converged;
  d["usable"] = usable;
  d["message"] = r.message;
  d["warnings"] = r.warnings;
  return d;
}

CellArgs cell_args(Kwargs& k) {
  CellArgs a;
  k.get("cell", a.cell);
  k.get("thickness_cm", a.thickness_cm);
  k.get("area_cm2", a.area_cm2);
  k.get("diameter_cm", a.diameter_cm);
  k.get("thickness_err_cm", a.thickness_err_cm);
  k.get("area_err_cm2", a.area_err_cm2);
  k.get("diameter_err_cm", a.diameter_err_cm);
  return a;
}

/// Series from a manifest (str) or a list of files; temperatures from the manifest, the list
/// `temperatures_k`, or the files' metadata (as `eis series`).
py::dict py_series(const py::object& inputs, const py::dict& kw) {
  Kwargs k(py::dict(kw), "series");
  const eis::Cell cell = make_cell(cell_args(k));
  eis::SeriesOptions options = series_options(k);
  std::optional<std::vector<double>> temperatures;
  k.get("temperatures_k", temperatures);
  int cycle = 1;
  k.get("cycle", cycle);
  std::string direction = "heating";
  k.get("direction", direction);
  std::string reader;
  k.get("reader", reader);
  int spectrum = 0;
  k.get("spectrum", spectrum);
  k.finish();

  struct Input {
    std::string file;
    std::filesystem::path path;
    std::optional<double> temperature_k;
    int cycle;
    eis::Direction direction;
  };
  std::vector<Input> in;
  if (py::isinstance<py::str>(inputs) || py::hasattr(inputs, "__fspath__")) {
    const std::string manifest = py::str(inputs);
    py::gil_scoped_release release;
    for (const auto& e : eis::read_manifest(manifest)) {
      in.push_back({e.file, e.path, e.temperature_k, e.cycle, e.direction});
    }
  } else {
    const auto files = inputs.cast<std::vector<std::string>>();
    if (temperatures && temperatures->size() != files.size()) {
      throw eis::InvalidArgument("temperatures_k has " + std::to_string(temperatures->size()) +
                                 " values for " + std::to_string(files.size()) + " files");
    }
    const eis::Direction dir = eis::parse_direction(direction);
    for (std::size_t i = 0; i < files.size(); ++i) {
      in.push_back({files[i],
                    files[i],
                    temperatures ? std::optional<double>((*temperatures)[i]) : std::nullopt,
                    cycle,
                    dir});
    }
  }
  eis::SeriesResult result;
  {
    py::gil_scoped_release release;
    eis::io::ReadOptions read_options;
    read_options.reader = reader;
    std::vector<eis::Spectrum> spectra;
    std::vector<eis::SeriesSpectrum> series;
    for (const Input& i : in) {
      eis::io::ReadResult read = eis::io::read_file(i.path, read_options);
      if (spectrum < 0 || static_cast<std::size_t>(spectrum) >= read.spectra.size()) {
        throw eis::InvalidArgument(i.path.string() + ": spectrum " + std::to_string(spectrum) +
                                   " out of range (" + std::to_string(read.spectra.size()) +
                                   " spectra)");
      }
      eis::Spectrum s = std::move(read.spectra[static_cast<std::size_t>(spectrum)]);
      const std::optional<double> t = i.temperature_k ? i.temperature_k : s.metadata.temperature_k;
      if (!t) {
        throw eis::InvalidArgument(i.path.string() +
                                   ": no temperature (give it in the manifest or in "
                                   "temperatures_k; the file has none)");
      }
      spectra.push_back(std::move(s));
      series.push_back({i.file, {}, *t, i.cycle, i.direction});
    }
    for (std::size_t i = 0; i < series.size(); ++i) {
      series[i].spectrum = spectra[i].view();
    }
    result = eis::fit_series(series, cell, options);
  }
  py::dict d;
  py::list rows;
  py::list analyses;
  for (std::size_t i = 0; i < result.rows.size(); ++i) {
    rows.append(row_dict(result.rows[i]));
    analyses.append(analysis_dict(result.analyses[i]));
  }
  d["rows"] = rows;
  d["analyses"] = analyses;
  d["warnings"] = result.warnings;
  return d;
}

py::dict py_arrhenius(const RealArray& temperature_k,
                      const RealArray& sigma_s_per_cm,
                      const std::optional<RealArray>& sigma_stderr_s_per_cm,
                      const std::string& form,
                      bool use_uncertainties,
                      const std::string& weight_scale,
                      double confidence) {
  const auto t = view_1d(temperature_k, "temperature_k");
  const auto s = view_1d(sigma_s_per_cm, "sigma_s_per_cm");
  std::span<const double> e;
  if (sigma_stderr_s_per_cm) {
    e = view_1d(*sigma_stderr_s_per_cm, "sigma_stderr_s_per_cm");
  }
  if (t.size() != s.size() || (!e.empty() && e.size() != t.size())) {
    throw eis::InvalidArgument(
        "temperature_k, sigma_s_per_cm and sigma_stderr_s_per_cm must "
        "have the same length");
  }
  namespace c = eis::conductivity;
  c::ArrheniusOptions o;
  const std::string f = form == "sigma" ? "arrhenius" : form == "sigma_t" ? "arrhenius-t" : form;
  const auto parsed = c::parse_arrhenius_form(f);
  if (!parsed) {
    throw eis::InvalidArgument(
        "form must be 'sigma' (arrhenius) or 'sigma_t' (arrhenius-t), "
        "got '" +
        form + "'");
  }
  o.form = *parsed;
  o.use_uncertainties = use_uncertainties;
  if (weight_scale == "relative") {
    o.weight_scale = c::WeightScale::relative;
  } else if (weight_scale == "absolute") {
    o.weight_scale = c::WeightScale::absolute;
  } else {
    throw eis::InvalidArgument("weight_scale must be 'relative' or 'absolute'");
  }
  o.confidence = confidence;
  std::vector<c::ConductivityPoint> points(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) {
    points[i].temperature_k = t[i];
    points[i].sigma_s_per_cm = s[i];
    if (!e.empty()) {
      points[i].sigma_stderr_s_per_cm = e[i];
    }
  }
  const c::ArrheniusResult r = c::fit_arrhenius(points, o);
  py::dict d;
  d["form"] = r.form == c::ArrheniusForm::sigma ? "sigma" : "sigma_t";
  d["points"] = r.points;
  d["weighted"] = r.weighted;
  d["slope_k"] = r.slope_k;
  d["intercept"] = r.intercept;
  d["covariance"] = py::make_tuple(r.covariance[0], r.covariance[1], r.covariance[2]);
  d["ea_ev"] = r.ea_ev;
  d["ea_stderr_ev"] = r.ea_stderr_ev;
  d["ea_ci_ev"] = py::make_tuple(r.ea_ci_ev[0], r.ea_ci_ev[1]);
  d["ea_kj_per_mol"] = r.ea_kj_per_mol;
  d["ea_stderr_kj_per_mol"] = r.ea_stderr_kj_per_mol;
  d["log10_prefactor"] = r.log10_prefactor;
  d["log10_prefactor_stderr"] = r.log10_prefactor_stderr;
  d["log10_prefactor_ci"] = py::make_tuple(r.log10_prefactor_ci[0], r.log10_prefactor_ci[1]);
  d["confidence"] = r.confidence;
  d["degrees_of_freedom"] = r.degrees_of_freedom;
  d["quantile"] = r.quantile;
  d["chi_square"] = r.chi_square;
  d["reduced_chi_square"] = r.reduced_chi_square;
  d["r_squared"] = r.r_squared;
  d["aic"] = r.aic;
  d["aicc"] = r.aicc;
  d["bic"] = r.bic;
  d["t_min_k"] = r.t_min_k;
  d["t_max_k"] = r.t_max_k;
  d["usable"] = r.usable();
  d["warnings"] = r.warnings;
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

/// Segmentation, peaks, stability window and (optionally) plating/stripping of one record.
py::dict py_cv(const RealArray& time_s,
               const RealArray& potential_v,
               const RealArray& current_a,
               const std::optional<IntArray>& cycle,
               const std::optional<double>& area_cm2,
               const std::optional<double>& scan_rate_v_per_s,
               const py::dict& kw) {
  Kwargs k(py::dict(kw), "cv");
  eis::cv::OnsetOptions onset;
  std::string method = eis::cv::to_string(onset.method);
  k.get("onset_method", method);
  onset.method = eis::cv::parse_onset_method(method);
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
  py::list segments;
  for (const auto& s : seg.segments) {
    py::dict sd;
    sd["begin"] = s.begin;
    sd["end"] = s.end;
    sd["direction"] = eis::cv::to_string(s.direction);
    sd["cycle"] = s.cycle;
    sd["start_potential_v"] = s.start_potential_v;
    sd["end_potential_v"] = s.end_potential_v;
    sd["min_potential_v"] = s.min_potential_v;
    sd["max_potential_v"] = s.max_potential_v;
    sd["scan_rate_v_per_s"] = s.scan_rate_v_per_s;
    segments.append(sd);
  }
  d["segments"] = segments;
  d["cycles"] = seg.cycles;
  d["scan_rate_v_per_s"] = seg.scan_rate_v_per_s;
  py::list pk;
  for (const auto& p : peaks.peaks) {
    py::dict pd;
    pd["cycle"] = p.cycle;
    pd["direction"] = eis::cv::to_string(p.direction);
    pd["index"] = p.index;
    pd["potential_v"] = p.potential_v;
    pd["current_a"] = p.current_a;
    pd["raw_current_a"] = p.raw_current_a;
    pd["baseline_current_a"] = p.baseline_current_a;
    pd["half_peak_potential_v"] = opt(p.half_peak_potential_v);
    pd["prominence_a"] = p.prominence_a;
    pd["width_points"] = p.width_points;
    pk.append(pd);
  }
  d["peaks"] = pk;
  py::list pairs;
  for (const auto& p : peaks.pairs) {
    py::dict pd;
    pd["cycle"] = p.cycle;
    pd["anodic"] = p.anodic;
    pd["cathodic"] = p.cathodic;
    pd["separation_v"] = p.separation_v;
    pd["midpoint_v"] = p.midpoint_v;
    pairs.append(pd);
  }
  d["pairs"] = pairs;
  d["noise_sigma_a"] = peaks.noise_sigma_a;
  std::vector<std::string> warnings = seg.warnings;
  warnings.insert(warnings.end(), peaks.warnings.begin(), peaks.warnings.end());
  if (!stability) {
    d["stability"] = py::none();
    warnings.emplace_back(
        "stability window skipped: give area_cm2 (for threshold_ma_per_cm2) or threshold_a");
  } else {
    const eis::cv::StabilityResult& stab = *stability;
    py::dict sd;
    sd["method"] = eis::cv::to_string(stab.method);
    sd["threshold_a"] = stab.threshold_a;
    sd["threshold_ma_per_cm2"] = opt(stab.threshold_ma_per_cm2);
    sd["area_cm2"] = opt(stab.area_cm2);
    sd["baseline_window_v"] =
        py::make_tuple(stab.baseline_window_v.first, stab.baseline_window_v.second);
    py::list cycles;
    for (const auto& c : stab.cycles) {
      py::dict cd;
      cd["cycle"] = c.cycle;
      cd["anodic"] = side_dict(c.anodic);
      cd["cathodic"] = side_dict(c.cathodic);
      cd["capacitance_f"] = opt(c.capacitance_f);
      cd["capacitive_current_a"] = opt(c.capacitive_current_a);
      cd["scan_rate_v_per_s"] = c.scan_rate_v_per_s;
      cycles.append(cd);
    }
    sd["cycles"] = cycles;
    sd["anodic_onset_v"] = opt(stab.anodic_onset_v);
    sd["cathodic_onset_v"] = opt(stab.cathodic_onset_v);
    sd["stable_to_v"] = opt(stab.stable_to_v);
    sd["cathodic_stable_to_v"] = opt(stab.cathodic_stable_to_v);
    sd["capacitance_f"] = opt(stab.capacitance_f);
    sd["usable"] = stab.usable;
    sd["message"] = stab.message;
    sd["warnings"] = stab.warnings;
    d["stability"] = sd;
  }
  if (plat) {
    py::dict pd;
    py::list pc;
    for (const auto& c : plat->cycles) {
      py::dict cd;
      cd["cycle"] = c.cycle;
      cd["found"] = c.found;
      cd["plating_charge_c"] = c.plating_charge_c;
      cd["stripping_charge_c"] = c.stripping_charge_c;
      cd["coulombic_efficiency"] = opt(c.coulombic_efficiency);
      cd["crossover_potential_v"] = c.crossover_potential_v;
      cd["message"] = c.message;
      pc.append(cd);
    }
    pd["cycles"] = pc;
    pd["coulombic_efficiency"] = opt(plat->coulombic_efficiency);
    pd["warnings"] = plat->warnings;
    d["plating"] = pd;
  } else {
    d["plating"] = py::none();
  }
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
  [[nodiscard]] py::list rows() const {
    py::list out;
    for (const auto& r : tracker_.rows()) {
      out.append(row_dict(r));
    }
    return out;
  }
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
    Kwargs k(py::dict(kw), "SeriesTracker");
    const eis::Cell cell = make_cell(cell_args(k));
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
                               py::list out;
                               for (const auto& p : c.parameters()) {
                                 py::dict d;
                                 d["name"] = p.name;
                                 d["unit"] = p.unit;
                                 d["lower"] = p.lower;
                                 d["upper"] = p.upper;
                                 out.append(d);
                               }
                               return out;
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
  m.def("_arrhenius",
        &py_arrhenius,
        py::arg("temperature_k"),
        py::arg("sigma_s_per_cm"),
        py::arg("sigma_stderr_s_per_cm"),
        py::arg("form"),
        py::arg("use_uncertainties"),
        py::arg("weight_scale"),
        py::arg("confidence"));
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
