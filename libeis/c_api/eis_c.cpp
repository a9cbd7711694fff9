/// @file
/// Implementation of the C API (<eis/c/eis.h>): thin wrappers that convert C arrays to views,
/// call libeis, and translate every exception into an eis_status plus a thread-local message.
/// No exception leaves this file: each entry point is wrapped in guard().

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstring>
#include <exception>
#include <limits>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <eis/c/eis.h>
#include <eis/circuit/circuit.hpp>
#include <eis/circuit/evaluate.hpp>
#include <eis/conductivity/cell_spec.hpp>
#include <eis/conductivity/row.hpp>
#include <eis/conductivity/tracker.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/drt/tikhonov.hpp>
#include <eis/error.hpp>
#include <eis/fit/cnls.hpp>
#include <eis/io/read.hpp>
#include <eis/spectrum.hpp>
#include <eis/validation/lin_kk.hpp>
#include <eis/version.hpp>

struct eis_circuit {
  eis::Circuit circuit;
};
struct eis_spectrum {
  eis::Spectrum spectrum;
};
struct eis_fit_result {
  eis::FitResult result;
};
struct eis_fit_setup {
  std::vector<eis::FixedParameter> fixed;
  std::vector<eis::ParameterBounds> bounds;
  std::vector<double> sigma_real;
  std::vector<double> sigma_imag;
  double proportional_floor = eis::FitOptions{}.proportional_floor;
  bool kk_mask = false;
  eis_fit_progress_callback callback = nullptr;
  void* user_data = nullptr;
};
struct eis_lin_kk_result {
  eis::validation::LinKkResult result;
};
struct eis_drt_result {
  eis::drt::DrtResult result;
};
struct eis_tracker {
  eis::SeriesTracker tracker;
};

namespace {

constexpr double not_available = std::numeric_limits<double>::quiet_NaN();

// The message of the last failing call, per thread (the only state of the C API).
std::string& last_error() {
  thread_local std::string message;
  return message;
}

eis_status fail(eis_status status, std::string_view message) noexcept {
  try {
    last_error().assign(message);
  } catch (...) {  // out of memory while storing the message: keep the status
  }
  return status;
}

/// Thrown inside entry points for C-level argument errors (NULL pointers, bad sizes).
struct CError {
  eis_status status;
  std::string message;
};

void require(bool condition, eis_status status, const char* message) {
  if (!condition) {
    throw CError{status, message};
  }
}
template <class T>
void require_not_null(const T* pointer, const char* name) {
  if (pointer == nullptr) {
    throw CError{EIS_ERROR_NULL_ARGUMENT, std::string(name) + " is NULL"};
  }
}

/// Runs `body` (returning nothing) and maps every exception to a status.
template <class Body>
eis_status guard(Body&& body) noexcept {
  try {
    body();
    return EIS_OK;
  } catch (const CError& e) {
    return fail(e.status, e.message);
  } catch (const eis::ParseError& e) {
    return fail(EIS_ERROR_PARSE, e.what());
  } catch (const eis::IoError& e) {
    return fail(EIS_ERROR_IO, e.what());
  } catch (const eis::InvalidArgument& e) {
    return fail(EIS_ERROR_INVALID_ARGUMENT, e.what());
  } catch (const eis::Error& e) {
    return fail(EIS_ERROR_INVALID_ARGUMENT, e.what());
  } catch (const std::bad_alloc&) {
    return fail(EIS_ERROR_OUT_OF_MEMORY, "out of memory");
  } catch (const std::exception& e) {
    return fail(EIS_ERROR_INTERNAL, std::string("internal error: ") + e.what());
  } catch (...) {
    return fail(EIS_ERROR_INTERNAL, "internal error: unknown exception");
  }
}

/// Copies `values` into a caller buffer of `capacity` elements (the buffer may be NULL when
/// only the size is queried, i.e. capacity 0).
void copy_out(std::span<const double> values, double* buffer, size_t capacity, size_t* required) {
  if (required != nullptr) {
    *required = values.size();
  }
  require(buffer != nullptr || capacity == 0,
          EIS_ERROR_NULL_ARGUMENT,
          "buffer is NULL but capacity is not 0");
  if (capacity < values.size()) {
    throw CError{EIS_ERROR_BUFFER_TOO_SMALL,
                 "buffer too small: " + eis::detail::to_text(capacity) + " elements given, " +
                     eis::detail::to_text(values.size()) + " needed"};
  }
  std::copy(values.begin(), values.end(), buffer);
}

/// Copies `text` plus a terminating NUL into a caller buffer of `capacity` bytes.
void copy_out(std::string_view text, char* buffer, size_t capacity, size_t* required) {
  if (required != nullptr) {
    *required = text.size() + 1;
  }
  require(buffer != nullptr || capacity == 0,
          EIS_ERROR_NULL_ARGUMENT,
          "buffer is NULL but capacity is not 0");
  if (capacity < text.size() + 1) {
    throw CError{EIS_ERROR_BUFFER_TOO_SMALL,
                 "buffer too small: " + eis::detail::to_text(capacity) + " bytes given, " +
                     eis::detail::to_text(text.size() + 1) +
                     " needed (including the terminating NUL)"};
  }
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
}

/// Two parallel arrays of `count` values (either pointer may be NULL) from a per-index getter.
template <class Get>
void copy_pair_out(
    size_t count, double* first, double* second, size_t capacity, size_t* required, Get get) {
  if (required != nullptr) {
    *required = count;
  }
  require((first == nullptr && second == nullptr) || capacity > 0 || count == 0,
          EIS_ERROR_BUFFER_TOO_SMALL,
          "capacity is 0 but a buffer was given");
  require(capacity == 0 || first != nullptr || second != nullptr,
          EIS_ERROR_NULL_ARGUMENT,
          "both buffers are NULL but capacity is not 0");
  if (capacity < count) {
    throw CError{EIS_ERROR_BUFFER_TOO_SMALL,
                 "buffer too small: " + eis::detail::to_text(capacity) + " elements given, " +
                     eis::detail::to_text(count) + " needed"};
  }
  for (size_t i = 0; i < count; ++i) {
    const std::pair<double, double> v = get(i);
    if (first != nullptr) {
      first[i] = v.first;
    }
    if (second != nullptr) {
      second[i] = v.second;
    }
  }
}

double value_or_nan(const std::optional<double>& v) {
  return v ? *v : not_available;
}

void fill_row(const eis::ConductivityRow& r, eis_row* out) {
  eis_row row{};
  row.cycle = r.cycle;
  row.direction = r.direction == eis::Direction::heating ? EIS_HEATING : EIS_COOLING;
  row.temperature_k = r.temperature_k;
  row.r_bulk_ohm = value_or_nan(r.r_bulk_ohm);
  row.r_bulk_stderr_ohm = value_or_nan(r.r_bulk_stderr_ohm);
  row.r_gb_ohm = value_or_nan(r.r_gb_ohm);
  row.r_gb_stderr_ohm = value_or_nan(r.r_gb_stderr_ohm);
  row.r_total_ohm = value_or_nan(r.r_total_ohm);
  row.c_bulk_f = value_or_nan(r.c_bulk_f);
  row.c_gb_f = value_or_nan(r.c_gb_f);
  row.sigma_bulk_s_per_cm = value_or_nan(r.sigma_bulk_s_per_cm);
  row.sigma_bulk_stderr_s_per_cm = value_or_nan(r.sigma_bulk_stderr_s_per_cm);
  row.sigma_total_s_per_cm = value_or_nan(r.sigma_total_s_per_cm);
  row.sigma_total_stderr_s_per_cm = value_or_nan(r.sigma_total_stderr_s_per_cm);
  row.usable = r.usable ? 1 : 0;
  *out = row;
}

const eis::ConductivityRow& row_at(const eis_tracker* tracker, size_t index) {
  require_not_null(tracker, "tracker");
  const auto& rows = tracker->tracker.rows();
  if (index >= rows.size()) {
    throw CError{EIS_ERROR_OUT_OF_RANGE,
                 "row index " + eis::detail::to_text(index) + " out of range (" +
                     eis::detail::to_text(rows.size()) + " rows)"};
  }
  return rows[index];
}

void check_index(size_t index, size_t count, const char* what) {
  if (index >= count) {
    throw CError{EIS_ERROR_OUT_OF_RANGE,
                 std::string(what) + " index " + eis::detail::to_text(index) + " out of range (" +
                     eis::detail::to_text(count) + ")"};
  }
}

}  // namespace

extern "C" {

unsigned int eis_abi_version(void) {
  return EIS_ABI_VERSION;
}

const char* eis_version_string(void) {
  return eis::version_string;
}

const char* eis_status_string(eis_status status) {
  // Copy the bits instead of reading the enum: a C caller may pass any int, and loading a value
  // outside the enumerators' range through the enum type is undefined in C++ (UBSan: enum).
  int code = 0;
  static_assert(sizeof code == sizeof status);
  std::memcpy(&code, &status, sizeof code);
  switch (code) {
    case EIS_OK:
      return "ok";
    case EIS_ERROR_NULL_ARGUMENT:
      return "null argument";
    case EIS_ERROR_INVALID_ARGUMENT:
      return "invalid argument";
    case EIS_ERROR_PARSE:
      return "parse error";
    case EIS_ERROR_IO:
      return "i/o error";
    case EIS_ERROR_BUFFER_TOO_SMALL:
      return "buffer too small";
    case EIS_ERROR_OUT_OF_RANGE:
      return "index out of range";
    case EIS_ERROR_OUT_OF_MEMORY:
      return "out of memory";
    case EIS_ERROR_INTERNAL:
      return "internal error";
  }
  return "unknown status";
}

const char* eis_last_error_message(void) {
  try {
    return last_error().c_str();
  } catch (...) {
    return "";
  }
}

// ---- circuits -------------------------------------------------------------------------

eis_status eis_circuit_parse(const char* text, eis_circuit** out) {
  return guard([&] {
    require_not_null(text, "text");
    require_not_null(out, "out");
    auto* c = new eis_circuit{eis::parse_circuit(text)};
    *out = c;
  });
}

void eis_circuit_destroy(eis_circuit* circuit) {
  delete circuit;
}

eis_status eis_circuit_parameter_count(const eis_circuit* circuit, size_t* count) {
  return guard([&] {
    require_not_null(circuit, "circuit");
    require_not_null(count, "count");
    *count = circuit->circuit.parameter_count();
  });
}

eis_status eis_circuit_parameter_name(
    const eis_circuit* circuit, size_t index, char* buffer, size_t capacity, size_t* required) {
  return guard([&] {
    require_not_null(circuit, "circuit");
    const auto parameters = circuit->circuit.parameters();
    check_index(index, parameters.size(), "parameter");
    copy_out(parameters[index].name, buffer, capacity, required);
  });
}

eis_status eis_circuit_evaluate(const eis_circuit* circuit,
                                const double* parameters,
                                size_t parameter_count,
                                const double* frequency_hz,
                                size_t count,
                                double* z_real,
                                double* z_imag) {
  return guard([&] {
    require_not_null(circuit, "circuit");
    require(parameters != nullptr || parameter_count == 0,
            EIS_ERROR_NULL_ARGUMENT,
            "parameters is NULL");
    require(count == 0 || (frequency_hz != nullptr && z_real != nullptr && z_imag != nullptr),
            EIS_ERROR_NULL_ARGUMENT,
            "frequency_hz, z_real or z_imag is NULL");
    if (parameter_count != circuit->circuit.parameter_count()) {
      throw CError{EIS_ERROR_INVALID_ARGUMENT,
                   "the circuit has " + eis::detail::to_text(circuit->circuit.parameter_count()) +
                       " parameters, " + eis::detail::to_text(parameter_count) + " given"};
    }
    const std::span<const double> f(frequency_hz, count);
    for (size_t i = 0; i < count; ++i) {
      if (!(std::isfinite(f[i]) && f[i] > 0.0)) {
        throw CError{EIS_ERROR_INVALID_ARGUMENT,
                     "frequency_hz[" + eis::detail::to_text(i) + "] is not finite and > 0"};
      }
    }
    const auto z = eis::simulate(circuit->circuit, f, {parameters, parameter_count});
    for (size_t i = 0; i < count; ++i) {
      z_real[i] = z[i].real();
      z_imag[i] = z[i].imag();
    }
  });
}

// ---- spectra ---------------------------------------------------------------------------

eis_status eis_spectrum_create(const double* frequency_hz,
                               const double* z_real,
                               const double* z_imag,
                               size_t count,
                               eis_spectrum** out) {
  return guard([&] {
    require_not_null(out, "out");
    require(count > 0, EIS_ERROR_INVALID_ARGUMENT, "count is 0: a spectrum needs points");
    require_not_null(frequency_hz, "frequency_hz");
    require_not_null(z_real, "z_real");
    require_not_null(z_imag, "z_imag");
    eis::Spectrum s;
    s.frequency_hz.assign(frequency_hz, frequency_hz + count);
    s.impedance_ohm.resize(count);
    for (size_t i = 0; i < count; ++i) {
      s.impedance_ohm[i] = {z_real[i], z_imag[i]};
    }
    eis::validate_spectrum(s);
    *out = new eis_spectrum{std::move(s)};
  });
}

eis_status eis_read_file(const char* path,
                         size_t index,
                         eis_spectrum** out,
                         size_t* spectrum_count) {
  return guard([&] {
    require_not_null(path, "path");
    require_not_null(out, "out");
    eis::io::ReadResult read = eis::io::read_file(path);
    if (spectrum_count != nullptr) {
      *spectrum_count = read.spectra.size();
    }
    if (index >= read.spectra.size()) {
      throw CError{EIS_ERROR_OUT_OF_RANGE,
                   std::string(path) + ": spectrum index " + eis::detail::to_text(index) +
                       " out of range (the file holds " +
                       eis::detail::to_text(read.spectra.size()) + " spectra)"};
    }
    *out = new eis_spectrum{std::move(read.spectra[index])};
  });
}

void eis_spectrum_destroy(eis_spectrum* spectrum) {
  delete spectrum;
}

eis_status eis_spectrum_size(const eis_spectrum* spectrum, size_t* count) {
  return guard([&] {
    require_not_null(spectrum, "spectrum");
    require_not_null(count, "count");
    *count = spectrum->spectrum.size();
  });
}

eis_status eis_spectrum_data(const eis_spectrum* spectrum,
                             double* frequency_hz,
                             double* z_real,
                             double* z_imag,
                             size_t capacity,
                             size_t* required) {
  return guard([&] {
    require_not_null(spectrum, "spectrum");
    const auto& s = spectrum->spectrum;
    if (required != nullptr) {
      *required = s.size();
    }
    require(capacity == 0 || frequency_hz != nullptr || z_real != nullptr || z_imag != nullptr,
            EIS_ERROR_NULL_ARGUMENT,
            "all buffers are NULL but capacity is not 0");
    if (capacity < s.size()) {
      throw CError{EIS_ERROR_BUFFER_TOO_SMALL,
                   "buffer too small: " + eis::detail::to_text(capacity) + " elements given, " +
                       eis::detail::to_text(s.size()) + " needed"};
    }
    for (size_t i = 0; i < s.size(); ++i) {
      if (frequency_hz != nullptr) {
        frequency_hz[i] = s.frequency_hz[i];
      }
      if (z_real != nullptr) {
        z_real[i] = s.impedance_ohm[i].real();
      }
      if (z_imag != nullptr) {
        z_imag[i] = s.impedance_ohm[i].imag();
      }
    }
  });
}

eis_status eis_spectrum_temperature_k(const eis_spectrum* spectrum, double* temperature_k) {
  return guard([&] {
    require_not_null(spectrum, "spectrum");
    require_not_null(temperature_k, "temperature_k");
    *temperature_k = value_or_nan(spectrum->spectrum.metadata.temperature_k);
  });
}

// ---- fit -------------------------------------------------------------------------------

void eis_fit_options_init(eis_fit_options* options) {
  if (options == nullptr) {
    return;
  }
  const eis::FitOptions d;
  eis_fit_options o{};
  o.weighting = d.weighting == eis::Weighting::unit           ? EIS_WEIGHTING_UNIT
                : d.weighting == eis::Weighting::proportional ? EIS_WEIGHTING_PROPORTIONAL
                                                              : EIS_WEIGHTING_MODULUS;
  o.fit_admittance = d.domain == eis::FitDomain::admittance ? 1 : 0;
  o.fmin_hz = 0.0;
  o.fmax_hz = 0.0;
  o.drop_inductive = d.drop_inductive ? 1 : 0;
  o.max_iterations = d.max_iterations;
  o.max_evaluations = d.max_evaluations;
  o.multi_starts = d.multi_starts;
  o.global_search = d.global ? 1 : 0;
  o.seed = static_cast<unsigned long>(d.seed);
  o.compute_covariance = d.compute_covariance ? 1 : 0;
  o.confidence_level = d.confidence_level;
  *options = o;
}

namespace {

// The C++ options of eis_fit_options (NULL: defaults) plus an optional setup.
eis::FitOptions fit_options(const eis_fit_options* options, const eis_fit_setup* setup) {
  eis_fit_options c;
  eis_fit_options_init(&c);
  if (options != nullptr) {
    c = *options;
  }
  eis::FitOptions o;
  switch (c.weighting) {
    case EIS_WEIGHTING_UNIT:
      o.weighting = eis::Weighting::unit;
      break;
    case EIS_WEIGHTING_PROPORTIONAL:
      o.weighting = eis::Weighting::proportional;
      break;
    case EIS_WEIGHTING_MODULUS:
      o.weighting = eis::Weighting::modulus;
      break;
    case EIS_WEIGHTING_STATISTICAL:
      if (setup == nullptr || setup->sigma_real.empty()) {
        throw CError{EIS_ERROR_INVALID_ARGUMENT,
                     "options->weighting EIS_WEIGHTING_STATISTICAL needs sigmas: "
                     "eis_fit_setup_sigma() and eis_fit_with_setup()"};
      }
      o.weighting = eis::Weighting::statistical;
      break;
    default:
      throw CError{
          EIS_ERROR_INVALID_ARGUMENT,
          "options->weighting " + eis::detail::to_text(c.weighting) + " is not an eis_weighting"};
  }
  o.domain = c.fit_admittance != 0 ? eis::FitDomain::admittance : eis::FitDomain::impedance;
  if (!std::isfinite(c.fmin_hz) || !std::isfinite(c.fmax_hz) || c.fmin_hz < 0.0 ||
      c.fmax_hz < 0.0) {
    throw CError{EIS_ERROR_INVALID_ARGUMENT,
                 "options->fmin_hz and fmax_hz must be finite and >= 0 (0 = no limit)"};
  }
  if (c.fmin_hz > 0.0) {
    o.fmin_hz = c.fmin_hz;
  }
  if (c.fmax_hz > 0.0) {
    o.fmax_hz = c.fmax_hz;
  }
  o.drop_inductive = c.drop_inductive != 0;
  o.max_iterations = c.max_iterations;
  o.max_evaluations = c.max_evaluations;
  o.multi_starts = c.multi_starts;
  o.global = c.global_search != 0;
  o.seed = c.seed;
  o.compute_covariance = c.compute_covariance != 0;
  o.confidence_level = c.confidence_level;
  if (setup != nullptr) {
    o.fixed = setup->fixed;
    o.bounds = setup->bounds;
    o.proportional_floor = setup->proportional_floor;
    o.kk_mask = setup->kk_mask;
    if (o.weighting == eis::Weighting::statistical) {
      o.sigma_real = setup->sigma_real;
      o.sigma_imag = setup->sigma_imag;
    }
    if (setup->callback != nullptr) {
      const eis_fit_progress_callback callback = setup->callback;
      void* const user_data = setup->user_data;
      o.on_iteration = [callback, user_data](const eis::FitProgress& progress) {
        eis_fit_progress p{};
        p.start = progress.start;
        p.iteration = progress.iteration;
        p.evaluations = progress.evaluations;
        p.chi_square = progress.chi_square;
        p.damping = progress.damping;
        p.parameters = progress.parameters.data();
        p.parameter_count = progress.parameters.size();
        return callback(&p, user_data) != 0;
      };
    }
  }
  if (auto why = o.validate()) {
    throw CError{EIS_ERROR_INVALID_ARGUMENT, "invalid fit options: " + *why};
  }
  return o;
}

void fit_into(const eis_circuit* circuit,
              const eis_spectrum* spectrum,
              const double* initial,
              size_t initial_count,
              const eis_fit_options* options,
              const eis_fit_setup* setup,
              eis_fit_result** out) {
  require_not_null(circuit, "circuit");
  require_not_null(spectrum, "spectrum");
  require_not_null(out, "out");
  require(initial != nullptr || initial_count == 0,
          EIS_ERROR_NULL_ARGUMENT,
          "initial is NULL but initial_count is not 0");
  const eis::FitOptions o = fit_options(options, setup);
  auto result =
      eis::fit_circuit(circuit->circuit, spectrum->spectrum.view(), {initial, initial_count}, o);
  *out = new eis_fit_result{std::move(result)};
}

}  // namespace

eis_status eis_fit(const eis_circuit* circuit,
                   const eis_spectrum* spectrum,
                   const double* initial,
                   size_t initial_count,
                   const eis_fit_options* options,
                   eis_fit_result** out) {
  return guard([&] { fit_into(circuit, spectrum, initial, initial_count, options, nullptr, out); });
}

eis_status eis_fit_with_setup(const eis_circuit* circuit,
                              const eis_spectrum* spectrum,
                              const double* initial,
                              size_t initial_count,
                              const eis_fit_options* options,
                              const eis_fit_setup* setup,
                              eis_fit_result** out) {
  return guard([&] { fit_into(circuit, spectrum, initial, initial_count, options, setup, out); });
}

eis_status eis_fit_setup_create(eis_fit_setup** out) {
  return guard([&] {
    require_not_null(out, "out");
    *out = new eis_fit_setup{};
  });
}

void eis_fit_setup_destroy(eis_fit_setup* setup) {
  delete setup;
}

eis_status eis_fit_setup_fix(eis_fit_setup* setup, const char* name, double value) {
  return guard([&] {
    require_not_null(setup, "setup");
    require_not_null(name, "name");
    if (!std::isfinite(value)) {
      throw CError{EIS_ERROR_INVALID_ARGUMENT,
                   std::string("fixed value of ") + name + " is not finite"};
    }
    for (auto& f : setup->fixed) {
      if (f.name == name) {
        f.value = value;
        return;
      }
    }
    setup->fixed.push_back({name, value});
  });
}

eis_status eis_fit_setup_bound(eis_fit_setup* setup, const char* name, double lower, double upper) {
  return guard([&] {
    require_not_null(setup, "setup");
    require_not_null(name, "name");
    if (std::isnan(lower) || std::isnan(upper) || !(lower < upper)) {
      throw CError{EIS_ERROR_INVALID_ARGUMENT,
                   std::string("bounds of ") + name + " must satisfy lower < upper"};
    }
    for (auto& b : setup->bounds) {
      if (b.name == name) {
        b.lower = lower;
        b.upper = upper;
        return;
      }
    }
    setup->bounds.push_back({name, lower, upper});
  });
}

eis_status eis_fit_setup_sigma(eis_fit_setup* setup,
                               const double* sigma_real,
                               const double* sigma_imag,
                               size_t count) {
  return guard([&] {
    require_not_null(setup, "setup");
    require_not_null(sigma_real, "sigma_real");
    require_not_null(sigma_imag, "sigma_imag");
    require(count > 0, EIS_ERROR_INVALID_ARGUMENT, "count is 0");
    for (size_t i = 0; i < count; ++i) {
      if (!(sigma_real[i] > 0.0) || !(sigma_imag[i] > 0.0) || !std::isfinite(sigma_real[i]) ||
          !std::isfinite(sigma_imag[i])) {
        throw CError{EIS_ERROR_INVALID_ARGUMENT,
                     "sigma values must be finite and > 0 (point " + eis::detail::to_text(i) + ")"};
      }
    }
    setup->sigma_real.assign(sigma_real, sigma_real + count);
    setup->sigma_imag.assign(sigma_imag, sigma_imag + count);
  });
}

eis_status eis_fit_setup_proportional_floor(eis_fit_setup* setup, double floor) {
  return guard([&] {
    require_not_null(setup, "setup");
    if (!(floor > 0.0) || !(floor < 1.0)) {
      throw CError{EIS_ERROR_INVALID_ARGUMENT,
                   "proportional floor must be in (0, 1), got " + eis::detail::to_text(floor)};
    }
    setup->proportional_floor = floor;
  });
}

eis_status eis_fit_setup_kk_mask(eis_fit_setup* setup, int enable) {
  return guard([&] {
    require_not_null(setup, "setup");
    setup->kk_mask = enable != 0;
  });
}

eis_status eis_fit_setup_progress(eis_fit_setup* setup,
                                  eis_fit_progress_callback callback,
                                  void* user_data) {
  return guard([&] {
    require_not_null(setup, "setup");
    setup->callback = callback;
    setup->user_data = callback != nullptr ? user_data : nullptr;
  });
}

void eis_fit_result_destroy(eis_fit_result* result) {
  delete result;
}

eis_status eis_fit_result_usable(const eis_fit_result* result, int* usable) {
  return guard([&] {
    require_not_null(result, "result");
    require_not_null(usable, "usable");
    *usable = result->result.usable() ? 1 : 0;
  });
}

eis_status eis_fit_result_termination(const eis_fit_result* result, eis_termination* termination) {
  return guard([&] {
    require_not_null(result, "result");
    require_not_null(termination, "termination");
    switch (result->result.termination) {
      case eis::Termination::converged:
        *termination = EIS_TERMINATION_CONVERGED;
        break;
      case eis::Termination::max_iterations:
        *termination = EIS_TERMINATION_MAX_ITERATIONS;
        break;
      case eis::Termination::cancelled:
        *termination = EIS_TERMINATION_CANCELLED;
        break;
      case eis::Termination::numerical_failure:
        *termination = EIS_TERMINATION_NUMERICAL_FAILURE;
        break;
    }
  });
}

eis_status eis_fit_result_parameter_count(const eis_fit_result* result, size_t* count) {
  return guard([&] {
    require_not_null(result, "result");
    require_not_null(count, "count");
    *count = static_cast<size_t>(result->result.parameters.size());
  });
}

eis_status eis_fit_result_parameter_name(
    const eis_fit_result* result, size_t index, char* buffer, size_t capacity, size_t* required) {
  return guard([&] {
    require_not_null(result, "result");
    check_index(index, result->result.names.size(), "parameter");
    copy_out(result->result.names[index], buffer, capacity, required);
  });
}

eis_status eis_fit_result_parameters(const eis_fit_result* result,
                                     double* buffer,
                                     size_t capacity,
                                     size_t* required) {
  return guard([&] {
    require_not_null(result, "result");
    const auto& p = result->result.parameters;
    copy_out({p.data(), static_cast<size_t>(p.size())}, buffer, capacity, required);
  });
}

eis_status eis_fit_result_standard_errors(const eis_fit_result* result,
                                          double* buffer,
                                          size_t capacity,
                                          size_t* required) {
  return guard([&] {
    require_not_null(result, "result");
    const auto& r = result->result;
    std::vector<double> se(static_cast<size_t>(r.parameters.size()), not_available);
    if (r.standard_errors.size() == r.parameters.size()) {
      std::copy(r.standard_errors.begin(), r.standard_errors.end(), se.begin());
    }
    copy_out(se, buffer, capacity, required);
  });
}

eis_status eis_fit_result_statistics(const eis_fit_result* result, eis_fit_statistics* statistics) {
  return guard([&] {
    require_not_null(result, "result");
    require_not_null(statistics, "statistics");
    const auto& r = result->result;
    eis_fit_statistics s{};
    s.chi_square = r.chi_square;
    s.reduced_chi_square = r.reduced_chi_square;
    s.pseudo_chi_square = r.pseudo_chi_square;
    s.aic = r.aic;
    s.bic = r.bic;
    s.points = r.points;
    s.free_parameters = r.free_parameters;
    s.iterations = r.iterations;
    s.evaluations = r.evaluations;
    *statistics = s;
  });
}

eis_status eis_fit_result_message(const eis_fit_result* result,
                                  char* buffer,
                                  size_t capacity,
                                  size_t* required) {
  return guard([&] {
    require_not_null(result, "result");
    copy_out(result->result.message, buffer, capacity, required);
  });
}

eis_status eis_fit_result_report(const eis_fit_result* result,
                                 char* buffer,
                                 size_t capacity,
                                 size_t* required) {
  return guard([&] {
    require_not_null(result, "result");
    copy_out(result->result.report(), buffer, capacity, required);
  });
}

// ---- Lin-KK ----------------------------------------------------------------------------

void eis_lin_kk_options_init(eis_lin_kk_options* options) {
  if (options == nullptr) {
    return;
  }
  const eis::validation::LinKkOptions d;
  eis_lin_kk_options o{};
  o.admittance = d.domain == eis::validation::KkDomain::admittance ? 1 : 0;
  o.elements = d.elements;
  o.mu_threshold = d.mu_threshold;
  o.capacitance = d.capacitance ? 1 : 0;
  o.inductance = d.inductance ? 1 : 0;
  o.noise_level = d.noise_level;
  *options = o;
}

eis_status eis_lin_kk(const eis_spectrum* spectrum,
                      const eis_lin_kk_options* options,
                      eis_lin_kk_result** out) {
  return guard([&] {
    require_not_null(spectrum, "spectrum");
    require_not_null(out, "out");
    eis_lin_kk_options c;
    eis_lin_kk_options_init(&c);
    if (options != nullptr) {
      c = *options;
    }
    eis::validation::LinKkOptions o;
    o.domain = c.admittance != 0 ? eis::validation::KkDomain::admittance
                                 : eis::validation::KkDomain::impedance;
    o.elements = c.elements;
    o.mu_threshold = c.mu_threshold;
    o.capacitance = c.capacitance != 0;
    o.inductance = c.inductance != 0;
    o.noise_level = c.noise_level;
    auto result = eis::validation::lin_kk(spectrum->spectrum.view(), o);
    *out = new eis_lin_kk_result{std::move(result)};
  });
}

void eis_lin_kk_result_destroy(eis_lin_kk_result* result) {
  delete result;
}

eis_status eis_lin_kk_result_summary(const eis_lin_kk_result* result, eis_lin_kk_summary* summary) {
  return guard([&] {
    require_not_null(result, "result");
    require_not_null(summary, "summary");
    const auto& r = result->result;
    eis_lin_kk_summary s{};
    s.passed = r.passed ? 1 : 0;
    s.elements = r.elements;
    s.mu = r.mu;
    s.pseudo_chi_square = r.pseudo_chi_square;
    s.max_residual = r.max_residual;
    s.noise_level = r.noise_level;
    s.failing_min_hz = r.failing_min_hz;
    s.failing_max_hz = r.failing_max_hz;
    *summary = s;
  });
}

eis_status eis_lin_kk_result_residuals(const eis_lin_kk_result* result,
                                       double* residual_real,
                                       double* residual_imag,
                                       size_t capacity,
                                       size_t* required) {
  return guard([&] {
    require_not_null(result, "result");
    const auto& r = result->result;
    copy_pair_out(
        r.residual_real.size(), residual_real, residual_imag, capacity, required, [&](size_t i) {
          return std::pair{r.residual_real[i], r.residual_imag[i]};
        });
  });
}

// ---- DRT -------------------------------------------------------------------------------

void eis_drt_options_init(eis_drt_options* options) {
  if (options == nullptr) {
    return;
  }
  const eis::drt::DrtOptions d;
  eis_drt_options o{};
  switch (d.lambda_method) {
    case eis::drt::LambdaMethod::gcv:
      o.lambda_method = EIS_LAMBDA_GCV;
      break;
    case eis::drt::LambdaMethod::re_im:
      o.lambda_method = EIS_LAMBDA_RE_IM;
      break;
    case eis::drt::LambdaMethod::fixed:
      o.lambda_method = EIS_LAMBDA_FIXED;
      break;
    case eis::drt::LambdaMethod::discrepancy:
      o.lambda_method = EIS_LAMBDA_DISCREPANCY;
      break;
    case eis::drt::LambdaMethod::k_fold:
      o.lambda_method = EIS_LAMBDA_K_FOLD;
      break;
    case eis::drt::LambdaMethod::l_curve:
      o.lambda_method = EIS_LAMBDA_L_CURVE;
      break;
  }
  o.lambda = d.lambda;
  o.derivative_order = d.derivative_order;
  o.inductance = d.inductance ? 1 : 0;
  o.series_capacitance = d.series_capacitance ? 1 : 0;
  *options = o;
}

eis_status eis_drt(const eis_spectrum* spectrum,
                   const eis_drt_options* options,
                   eis_drt_result** out) {
  return guard([&] {
    require_not_null(spectrum, "spectrum");
    require_not_null(out, "out");
    eis_drt_options c;
    eis_drt_options_init(&c);
    if (options != nullptr) {
      c = *options;
    }
    eis::drt::DrtOptions o;
    switch (c.lambda_method) {
      case EIS_LAMBDA_L_CURVE:
        o.lambda_method = eis::drt::LambdaMethod::l_curve;
        break;
      case EIS_LAMBDA_GCV:
        o.lambda_method = eis::drt::LambdaMethod::gcv;
        break;
      case EIS_LAMBDA_RE_IM:
        o.lambda_method = eis::drt::LambdaMethod::re_im;
        break;
      case EIS_LAMBDA_FIXED:
        o.lambda_method = eis::drt::LambdaMethod::fixed;
        break;
      case EIS_LAMBDA_DISCREPANCY:
        o.lambda_method = eis::drt::LambdaMethod::discrepancy;
        break;
      case EIS_LAMBDA_K_FOLD:
        o.lambda_method = eis::drt::LambdaMethod::k_fold;
        break;
      default:
        throw CError{EIS_ERROR_INVALID_ARGUMENT,
                     "options->lambda_method " + eis::detail::to_text(c.lambda_method) +
                         " is not an eis_lambda_method"};
    }
    o.lambda = c.lambda;
    o.derivative_order = c.derivative_order;
    o.inductance = c.inductance != 0;
    o.series_capacitance = c.series_capacitance != 0;
    auto result = eis::drt::compute_drt(spectrum->spectrum.view(), o);
    *out = new eis_drt_result{std::move(result)};
  });
}

void eis_drt_result_destroy(eis_drt_result* result) {
  delete result;
}

eis_status eis_drt_result_summary(const eis_drt_result* result, eis_drt_summary* summary) {
  return guard([&] {
    require_not_null(result, "result");
    require_not_null(summary, "summary");
    const auto& r = result->result;
    eis_drt_summary s{};
    s.usable = r.usable() ? 1 : 0;
    s.lambda = r.lambda;
    s.r_inf_ohm = r.r_inf_ohm;
    s.polarisation_ohm = r.polarisation_ohm;
    s.points = r.gamma_ohm.size();
    s.peaks = r.peaks.size();
    *summary = s;
  });
}

eis_status eis_drt_result_gamma(const eis_drt_result* result,
                                double* tau_s,
                                double* gamma_ohm,
                                size_t capacity,
                                size_t* required) {
  return guard([&] {
    require_not_null(result, "result");
    const auto& r = result->result;
    copy_pair_out(r.gamma_ohm.size(), tau_s, gamma_ohm, capacity, required, [&](size_t i) {
      return std::pair{r.tau_s[i], r.gamma_ohm[i]};
    });
  });
}

// ---- tracker ---------------------------------------------------------------------------

void eis_tracker_options_init(eis_tracker_options* options) {
  if (options == nullptr) {
    return;
  }
  const eis::SeriesOptions d;
  eis_tracker_options o{};
  o.cell_type = EIS_CELL_BLOCKING;
  o.default_activation_energy_ev = d.default_activation_energy_ev;
  o.try_automatic_start = d.try_automatic_start ? 1 : 0;
  *options = o;
}

eis_status eis_tracker_create(const eis_tracker_options* options, eis_tracker** out) {
  return guard([&] {
    require_not_null(options, "options");
    require_not_null(out, "out");
    const eis_tracker_options& c = *options;
    // Same checks as `eis series` and eis.series (eis/conductivity/cell_spec.hpp): exactly
    // one of diameter and area, valid geometry.
    eis::CellSpec spec;
    switch (c.cell_type) {
      case EIS_CELL_BLOCKING:
        spec.type = "blocking";
        break;
      case EIS_CELL_NON_BLOCKING:
        spec.type = "non-blocking";
        break;
      default:
        throw CError{
            EIS_ERROR_INVALID_ARGUMENT,
            "options->cell_type " + eis::detail::to_text(c.cell_type) + " is not an eis_cell_type"};
    }
    spec.thickness_cm = c.thickness_cm;
    spec.thickness_err_cm = c.thickness_err_cm;
    if (c.diameter_cm != 0.0) {
      spec.diameter_cm = c.diameter_cm;
      spec.diameter_err_cm = c.diameter_err_cm;
    }
    if (c.area_cm2 != 0.0) {
      spec.area_cm2 = c.area_cm2;
      spec.area_err_cm2 = c.area_err_cm2;
    }
    const eis::Cell cell = eis::make_cell(spec);
    eis::SeriesOptions o;
    o.default_activation_energy_ev = c.default_activation_energy_ev;
    o.try_automatic_start = c.try_automatic_start != 0;
    *out = new eis_tracker{eis::SeriesTracker(cell, o)};
  });
}

void eis_tracker_destroy(eis_tracker* tracker) {
  delete tracker;
}

eis_status eis_tracker_add_spectrum(eis_tracker* tracker,
                                    const eis_spectrum* spectrum,
                                    double temperature_k,
                                    int cycle,
                                    int direction,
                                    const char* file,
                                    eis_row* row) {
  return guard([&] {
    require_not_null(tracker, "tracker");
    require_not_null(spectrum, "spectrum");
    require(direction == EIS_HEATING || direction == EIS_COOLING,
            EIS_ERROR_INVALID_ARGUMENT,
            "direction is not EIS_HEATING or EIS_COOLING");
    const auto added = tracker->tracker.add(
        spectrum->spectrum.view(),
        temperature_k,
        cycle,
        direction == EIS_HEATING ? eis::Direction::heating : eis::Direction::cooling,
        file != nullptr ? std::string(file) : std::string());
    if (row != nullptr) {
      fill_row(added, row);
    }
  });
}

eis_status eis_tracker_row_count(const eis_tracker* tracker, size_t* count) {
  return guard([&] {
    require_not_null(tracker, "tracker");
    require_not_null(count, "count");
    *count = tracker->tracker.rows().size();
  });
}

eis_status eis_tracker_get_row(const eis_tracker* tracker, size_t index, eis_row* row) {
  return guard([&] {
    require_not_null(row, "row");
    fill_row(row_at(tracker, index), row);
  });
}

eis_status eis_tracker_row_model(
    const eis_tracker* tracker, size_t index, char* buffer, size_t capacity, size_t* required) {
  return guard([&] { copy_out(row_at(tracker, index).model, buffer, capacity, required); });
}

eis_status eis_tracker_row_csv(
    const eis_tracker* tracker, size_t index, char* buffer, size_t capacity, size_t* required) {
  return guard(
      [&] { copy_out(eis::series_csv_line(row_at(tracker, index)), buffer, capacity, required); });
}

eis_status eis_series_csv_header(char* buffer, size_t capacity, size_t* required) {
  return guard([&] { copy_out(eis::series_csv_header(), buffer, capacity, required); });
}

}  // extern "C"
