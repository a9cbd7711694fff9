/**
 * @file
 * The libeis C API: a stable, exception-free interface to libeis for acquisition software,
 * LabVIEW, C#, MATLAB and any language with a C FFI. Pure C (C89 and later, and C++).
 *
 * Conventions
 * - Every function returns an eis_status (EIS_OK = 0) unless it is a pure query that cannot
 *   fail (eis_abi_version, eis_version_string, eis_status_string, eis_last_error_message,
 *   the *_destroy functions and the *_init functions).
 * - On failure the thread's last error message (eis_last_error_message()) says why; it stays
 *   valid until the next failing call on the same thread. Successful calls leave it unchanged.
 * - No C++ exception ever crosses this boundary; NULL pointers and bad sizes return
 *   EIS_ERROR_NULL_ARGUMENT / EIS_ERROR_INVALID_ARGUMENT, never abort. Outputs are written only
 *   on success.
 * - Objects are opaque handles created by eis_*_create / eis_circuit_parse / eis_read_file /
 *   eis_fit / eis_lin_kk / eis_drt and released by the matching eis_*_destroy (NULL is fine).
 * - Arrays and strings are copied into caller-provided buffers. Functions that fill a buffer
 *   take its capacity and a `required` pointer (may be NULL) that receives the needed size
 *   (elements for arrays, bytes including the terminating NUL for strings) on EIS_OK and on
 *   EIS_ERROR_BUFFER_TOO_SMALL; pass a NULL buffer with capacity 0 to query the size only.
 * - Units: frequency in Hz, impedance in ohm with Z = Z' + jZ'' and capacitive Z'' < 0,
 *   temperature in K, lengths in cm, conductivity in S/cm. A quantity that is not available
 *   is returned as NaN (test with x != x).
 * - Thread-safety: every function is reentrant. Handles may be read (fit, accessors) from
 *   several threads at once, except eis_tracker, which one thread at a time may use.
 * - ABI: eis_abi_version() returns EIS_ABI_VERSION of the library actually loaded; a program
 *   built against this header should check that they are equal. Struct layouts, enum values
 *   and signatures only change with a new ABI version (the exported symbols carry the
 *   version node EIS_C_1). Functions added within ABI version 1 carry a later node
 *   (EIS_C_1.1: the eis_fit_setup functions; EIS_C_1.2: eis_fit_setup_kk_mask), so a program
 *   using them fails to load, with a
 *   clear message from the dynamic loader, against an older libeis_c.so.1 that lacks them.
 */
#ifndef EIS_C_EIS_H
#define EIS_C_EIS_H

#include <stddef.h>

#if defined(_WIN32) && defined(EIS_C_BUILDING)
#define EIS_C_EXPORT __declspec(dllexport)
#elif defined(_WIN32)
#define EIS_C_EXPORT __declspec(dllimport)
#elif defined(__GNUC__)
#define EIS_C_EXPORT __attribute__((visibility("default")))
#else
#define EIS_C_EXPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Version of the binary interface described by this header. */
#define EIS_ABI_VERSION 1

/** Status codes. New codes may be added within an ABI version; treat unknown ones as errors. */
typedef enum eis_status {
  EIS_OK = 0,
  EIS_ERROR_NULL_ARGUMENT = 1,    /**< a required pointer argument was NULL */
  EIS_ERROR_INVALID_ARGUMENT = 2, /**< bad value: sizes, NaN, frequency <= 0, bad option */
  EIS_ERROR_PARSE = 3,            /**< malformed circuit string or file content */
  EIS_ERROR_IO = 4,               /**< a file cannot be opened or read */
  EIS_ERROR_BUFFER_TOO_SMALL = 5, /**< see *required for the size needed */
  EIS_ERROR_OUT_OF_RANGE = 6,     /**< an index past the end */
  EIS_ERROR_OUT_OF_MEMORY = 7,
  EIS_ERROR_INTERNAL = 8 /**< an unexpected failure inside libeis (please report) */
} eis_status;

typedef struct eis_circuit eis_circuit;
typedef struct eis_spectrum eis_spectrum;
typedef struct eis_fit_result eis_fit_result;
typedef struct eis_lin_kk_result eis_lin_kk_result;
typedef struct eis_drt_result eis_drt_result;
typedef struct eis_tracker eis_tracker;

/* ---- library ------------------------------------------------------------------------ */

/** EIS_ABI_VERSION of the loaded library. */
EIS_C_EXPORT unsigned int eis_abi_version(void);
/** libeis version, e.g. "0.1.0" (static storage). */
EIS_C_EXPORT const char* eis_version_string(void);
/** Short English name of a status code, e.g. "invalid argument" (static storage). */
EIS_C_EXPORT const char* eis_status_string(eis_status status);
/** Message of the last failing call on this thread ("" if none). Thread-local storage, valid
 *  until the next failing call on this thread. */
EIS_C_EXPORT const char* eis_last_error_message(void);

/* ---- circuits ----------------------------------------------------------------------- */

/** Parses a circuit in impedance.py syntax ("R0-p(R1,CPE1)") or Boukamp CDC ("R(RQ)Q").
 *  Parse errors give EIS_ERROR_PARSE with the column in the message. */
EIS_C_EXPORT eis_status eis_circuit_parse(const char* text, eis_circuit** out);
EIS_C_EXPORT void eis_circuit_destroy(eis_circuit* circuit);
EIS_C_EXPORT eis_status eis_circuit_parameter_count(const eis_circuit* circuit, size_t* count);
/** Name of parameter `index` (impedance.py convention: "R1", "CPE1_0"). */
EIS_C_EXPORT eis_status eis_circuit_parameter_name(
    const eis_circuit* circuit, size_t index, char* buffer, size_t capacity, size_t* required);
/** Z(f) of the circuit for `parameter_count` parameters at `count` frequencies (Hz), written
 *  to z_real/z_imag (ohm, each of `count` elements). */
EIS_C_EXPORT eis_status eis_circuit_evaluate(const eis_circuit* circuit,
                                             const double* parameters,
                                             size_t parameter_count,
                                             const double* frequency_hz,
                                             size_t count,
                                             double* z_real,
                                             double* z_imag);

/* ---- spectra ------------------------------------------------------------------------ */

/** Copies `count` points (f in Hz > 0, Z' and Z'' in ohm, all finite) into a new spectrum. */
EIS_C_EXPORT eis_status eis_spectrum_create(const double* frequency_hz,
                                            const double* z_real,
                                            const double* z_imag,
                                            size_t count,
                                            eis_spectrum** out);
/** Reads spectrum `index` (0-based) of an instrument file of any supported format, detected
 *  from the content. `spectrum_count` (may be NULL) receives the number of spectra in the
 *  file, also when the index is out of range (EIS_ERROR_OUT_OF_RANGE). Each call reads and
 *  parses the whole file. */
EIS_C_EXPORT eis_status eis_read_file(const char* path,
                                      size_t index,
                                      eis_spectrum** out,
                                      size_t* spectrum_count);
EIS_C_EXPORT void eis_spectrum_destroy(eis_spectrum* spectrum);
EIS_C_EXPORT eis_status eis_spectrum_size(const eis_spectrum* spectrum, size_t* count);
/** Copies the points into caller buffers of `capacity` elements each (any may be NULL to skip
 *  it, but not all when capacity > 0). */
EIS_C_EXPORT eis_status eis_spectrum_data(const eis_spectrum* spectrum,
                                          double* frequency_hz,
                                          double* z_real,
                                          double* z_imag,
                                          size_t capacity,
                                          size_t* required);
/** Sample temperature stored in the file (K), NaN when the file has none. */
EIS_C_EXPORT eis_status eis_spectrum_temperature_k(const eis_spectrum* spectrum,
                                                   double* temperature_k);

/* ---- complex nonlinear least-squares fit ------------------------------------------- */

typedef enum eis_weighting {
  EIS_WEIGHTING_UNIT = 0,         /**< w = 1 */
  EIS_WEIGHTING_PROPORTIONAL = 1, /**< w' = 1/Z'^2, w'' = 1/Z''^2 (floored, see below) */
  EIS_WEIGHTING_MODULUS = 2,      /**< w' = w'' = 1/|Z|^2 */
  /** w = 1/sigma^2 per point: needs eis_fit_setup_sigma() and eis_fit_with_setup()
   *  (EIS_C_1.1); eis_fit() rejects it. */
  EIS_WEIGHTING_STATISTICAL = 3
} eis_weighting;

typedef enum eis_termination {
  EIS_TERMINATION_CONVERGED = 0,
  EIS_TERMINATION_MAX_ITERATIONS = 1,
  EIS_TERMINATION_CANCELLED = 2,
  EIS_TERMINATION_NUMERICAL_FAILURE = 3
} eis_termination;

/** Options of eis_fit(). Call eis_fit_options_init() first, then change what you need. The
 *  defaults are those of the C++ eis::FitOptions. */
typedef struct eis_fit_options {
  int weighting;           /**< an eis_weighting; default EIS_WEIGHTING_MODULUS */
  int fit_admittance;      /**< 0: fit Z (default); 1: fit Y = 1/Z */
  double fmin_hz;          /**< lower frequency limit; 0 = none */
  double fmax_hz;          /**< upper frequency limit; 0 = none */
  int drop_inductive;      /**< 1: leave out points with Z'' > 0; default 0 */
  int max_iterations;      /**< per Levenberg-Marquardt run; default 200 */
  int max_evaluations;     /**< over all starts; default 20000 */
  int multi_starts;        /**< Latin-hypercube starts when the first fit looks wrong; 16 */
  int global_search;       /**< 1: NLopt global search first (slow); default 0 */
  unsigned long seed;      /**< multi-start / global search seed; default 42 */
  int compute_covariance;  /**< 1 (default): standard errors */
  double confidence_level; /**< of the intervals; default 0.95 */
} eis_fit_options;

EIS_C_EXPORT void eis_fit_options_init(eis_fit_options* options);

/** Fits `circuit` to `spectrum`. `initial` holds `initial_count` values in parameter order, or
 *  is NULL with initial_count 0 for automatic initial values; `options` may be NULL for the
 *  defaults. Non-convergence is not an error: check eis_fit_result_usable(). */
EIS_C_EXPORT eis_status eis_fit(const eis_circuit* circuit,
                                const eis_spectrum* spectrum,
                                const double* initial,
                                size_t initial_count,
                                const eis_fit_options* options,
                                eis_fit_result** out);

/* ---- fit setup: fixed parameters, bounds, sigmas, progress (EIS_C_1.1) -------------- */

/** Settings of eis_fit_with_setup() beyond eis_fit_options: parameters held at a value,
 *  bounds replacing the element defaults, per-point sigmas for EIS_WEIGHTING_STATISTICAL, the
 *  proportional-weight floor and a progress callback that can stop the fit. An opaque handle,
 *  so that settings can be added without changing a struct layout. Parameter names are those
 *  of eis_circuit_parameter_name() ("R0", "CPE1_1"); they are checked against the circuit by
 *  eis_fit_with_setup() (EIS_ERROR_INVALID_ARGUMENT naming the unknown one). A setup may be
 *  used for any number of fits, also from several threads at once if it has no callback or
 *  the callback is thread-safe; it must not be changed while a fit uses it. */
typedef struct eis_fit_setup eis_fit_setup;

/** Passed to the progress callback after every Levenberg-Marquardt iteration; valid only
 *  during the call. */
typedef struct eis_fit_progress {
  int start;                /**< 0-based index of the current start (multi-start) */
  int iteration;            /**< iteration within the current start */
  int evaluations;          /**< model evaluations so far, all starts */
  double chi_square;        /**< current weighted sum of squares */
  double damping;           /**< Levenberg-Marquardt damping mu */
  const double* parameters; /**< current values, circuit parameter order */
  size_t parameter_count;
} eis_fit_progress;

/** Called on the thread running the fit. Return nonzero to continue, 0 to stop: the fit then
 *  ends with EIS_TERMINATION_CANCELLED, keeping the best parameters so far (not an error:
 *  eis_fit_with_setup() returns EIS_OK). */
typedef int (*eis_fit_progress_callback)(const eis_fit_progress* progress, void* user_data);

/** A setup with nothing set (eis_fit_with_setup() then behaves as eis_fit()). */
EIS_C_EXPORT eis_status eis_fit_setup_create(eis_fit_setup** out);
EIS_C_EXPORT void eis_fit_setup_destroy(eis_fit_setup* setup);
/** Holds parameter `name` at `value` (finite) during the fit; its initial value is ignored.
 *  Fixing the same name again replaces the value. */
EIS_C_EXPORT eis_status eis_fit_setup_fix(eis_fit_setup* setup, const char* name, double value);
/** Bounds [lower, upper] of parameter `name`, replacing the element's defaults (lower <
 *  upper, not NaN; +-HUGE_VAL means no bound, which only positive, log-scale parameters such
 *  as R, Q, C allow). Setting the same name again replaces the bounds. */
EIS_C_EXPORT eis_status eis_fit_setup_bound(eis_fit_setup* setup,
                                            const char* name,
                                            double lower,
                                            double upper);
/** Standard deviations of Z' and Z'' (ohm; S when fitting the admittance), one per point of
 *  the spectrum given to eis_fit_with_setup() (before frequency selection), all > 0 and
 *  finite; used with EIS_WEIGHTING_STATISTICAL. The values are copied. */
EIS_C_EXPORT eis_status eis_fit_setup_sigma(eis_fit_setup* setup,
                                            const double* sigma_real,
                                            const double* sigma_imag,
                                            size_t count);
/** Floor of the proportional weights relative to |Z| (default 1e-3), so points near an axis
 *  do not dominate: w' = 1/max(|Z'|, floor |Z|)^2. */
EIS_C_EXPORT eis_status eis_fit_setup_proportional_floor(eis_fit_setup* setup, double floor);
/** enable != 0: before fitting, drop the points that break Lin-KK, worst first, at most a
 *  quarter of them (C++ FitOptions::kk_mask, eis::validation::lin_kk_mask); the result's
 *  statistics.points and warnings tell what was dropped. Default 0. (EIS_C_1.2) */
EIS_C_EXPORT eis_status eis_fit_setup_kk_mask(eis_fit_setup* setup, int enable);
/** Installs (or, with callback NULL, removes) the progress callback; user_data is passed
 *  through unchanged. */
EIS_C_EXPORT eis_status eis_fit_setup_progress(eis_fit_setup* setup,
                                               eis_fit_progress_callback callback,
                                               void* user_data);
/** eis_fit() with a setup (NULL: same as eis_fit()). Unknown or duplicated names, bounds
 *  that exclude a given initial value, and sigmas whose count differs from the spectrum's
 *  size give EIS_ERROR_INVALID_ARGUMENT. */
EIS_C_EXPORT eis_status eis_fit_with_setup(const eis_circuit* circuit,
                                           const eis_spectrum* spectrum,
                                           const double* initial,
                                           size_t initial_count,
                                           const eis_fit_options* options,
                                           const eis_fit_setup* setup,
                                           eis_fit_result** out);

EIS_C_EXPORT void eis_fit_result_destroy(eis_fit_result* result);
/** 1 when the fit converged with finite parameters and chi-square, else 0. */
EIS_C_EXPORT eis_status eis_fit_result_usable(const eis_fit_result* result, int* usable);
EIS_C_EXPORT eis_status eis_fit_result_termination(const eis_fit_result* result,
                                                   eis_termination* termination);
EIS_C_EXPORT eis_status eis_fit_result_parameter_count(const eis_fit_result* result, size_t* count);
EIS_C_EXPORT eis_status eis_fit_result_parameter_name(
    const eis_fit_result* result, size_t index, char* buffer, size_t capacity, size_t* required);
/** Best parameters, circuit order, in the units of eis_circuit_parameter_name's parameter. */
EIS_C_EXPORT eis_status eis_fit_result_parameters(const eis_fit_result* result,
                                                  double* buffer,
                                                  size_t capacity,
                                                  size_t* required);
/** Standard errors (NaN for all when the covariance is unavailable; 0 for fixed ones). */
EIS_C_EXPORT eis_status eis_fit_result_standard_errors(const eis_fit_result* result,
                                                       double* buffer,
                                                       size_t capacity,
                                                       size_t* required);

/** Scalar fit statistics. */
typedef struct eis_fit_statistics {
  double chi_square;         /**< weighted sum of squares S */
  double reduced_chi_square; /**< S / (2N - M) */
  double pseudo_chi_square;  /**< Boukamp 1995 eq. 14 */
  double aic;
  double bic;
  size_t points;          /**< N used after frequency selection */
  size_t free_parameters; /**< M */
  int iterations;
  int evaluations;
} eis_fit_statistics;

EIS_C_EXPORT eis_status eis_fit_result_statistics(const eis_fit_result* result,
                                                  eis_fit_statistics* statistics);
/** One sentence: why the fit stopped. */
EIS_C_EXPORT eis_status eis_fit_result_message(const eis_fit_result* result,
                                               char* buffer,
                                               size_t capacity,
                                               size_t* required);
/** Multi-line human-readable summary (parameters, errors, statistics, warnings). */
EIS_C_EXPORT eis_status eis_fit_result_report(const eis_fit_result* result,
                                              char* buffer,
                                              size_t capacity,
                                              size_t* required);

/* ---- Lin-KK validation (Schoenleber 2014) ------------------------------------------- */

/** Options of eis_lin_kk(); eis_lin_kk_options_init() sets the C++ defaults. */
typedef struct eis_lin_kk_options {
  int admittance;      /**< 0: impedance-domain test (default); 1: admittance domain */
  int elements;        /**< RC elements M; 0 = automatic (mu criterion), the default */
  double mu_threshold; /**< default 0.85 */
  int capacitance;     /**< 1: add the series (Z) / parallel (Y) capacitance; default 0 */
  int inductance;      /**< 1: add the series (Z) / parallel (Y) inductance; default 0 */
  double noise_level;  /**< relative noise sigma/|Z|; 0 = estimate (default) */
} eis_lin_kk_options;

EIS_C_EXPORT void eis_lin_kk_options_init(eis_lin_kk_options* options);

/** Scalar outcome of the Lin-KK test. */
typedef struct eis_lin_kk_summary {
  int passed;               /**< 1 when the spectrum passes */
  int elements;             /**< M used */
  double mu;                /**< at M */
  double pseudo_chi_square; /**< sum of squared relative residuals */
  double max_residual;      /**< max |relative residual| */
  double noise_level;       /**< sigma used (relative) */
  double failing_min_hz;    /**< range of the failing points; NaN when passed */
  double failing_max_hz;
} eis_lin_kk_summary;

/** `options` may be NULL for the defaults. A failed test is not an error. */
EIS_C_EXPORT eis_status eis_lin_kk(const eis_spectrum* spectrum,
                                   const eis_lin_kk_options* options,
                                   eis_lin_kk_result** out);
EIS_C_EXPORT void eis_lin_kk_result_destroy(eis_lin_kk_result* result);
EIS_C_EXPORT eis_status eis_lin_kk_result_summary(const eis_lin_kk_result* result,
                                                  eis_lin_kk_summary* summary);
/** Relative residuals (Z - Zfit)/|Z| per input point (either buffer may be NULL). */
EIS_C_EXPORT eis_status eis_lin_kk_result_residuals(const eis_lin_kk_result* result,
                                                    double* residual_real,
                                                    double* residual_imag,
                                                    size_t capacity,
                                                    size_t* required);

/* ---- distribution of relaxation times (Tikhonov, non-negative) ---------------------- */

typedef enum eis_lambda_method {
  EIS_LAMBDA_L_CURVE = 0, /**< default */
  EIS_LAMBDA_GCV = 1,
  EIS_LAMBDA_RE_IM = 2,
  EIS_LAMBDA_FIXED = 3,       /**< use eis_drt_options.lambda */
  EIS_LAMBDA_DISCREPANCY = 4, /**< discrepancy principle, noise level estimated by Lin-KK */
  EIS_LAMBDA_K_FOLD = 5       /**< 5-fold cross-validation over frequencies */
} eis_lambda_method;

typedef struct eis_drt_options {
  int lambda_method;      /**< an eis_lambda_method; default EIS_LAMBDA_L_CURVE */
  double lambda;          /**< for EIS_LAMBDA_FIXED; default 1e-3 */
  int derivative_order;   /**< penalised derivative 0, 1 (default) or 2 */
  int inductance;         /**< 1: fit a series inductance; default 0 */
  int series_capacitance; /**< 1: fit a series capacitance (blocking electrodes); default 0 */
} eis_drt_options;

EIS_C_EXPORT void eis_drt_options_init(eis_drt_options* options);

typedef struct eis_drt_summary {
  int usable;              /**< the NNLS converged */
  double lambda;           /**< lambda used */
  double r_inf_ohm;        /**< high-frequency resistance */
  double polarisation_ohm; /**< integral of gamma over ln tau */
  size_t points;           /**< length of the gamma curve (eis_drt_result_gamma) */
  size_t peaks;            /**< peaks found */
} eis_drt_summary;

/** `options` may be NULL for the defaults. Needs >= 5 points. */
EIS_C_EXPORT eis_status eis_drt(const eis_spectrum* spectrum,
                                const eis_drt_options* options,
                                eis_drt_result** out);
EIS_C_EXPORT void eis_drt_result_destroy(eis_drt_result* result);
EIS_C_EXPORT eis_status eis_drt_result_summary(const eis_drt_result* result,
                                               eis_drt_summary* summary);
/** gamma(ln tau) in ohm on the output grid tau_s (s); either buffer may be NULL. */
EIS_C_EXPORT eis_status eis_drt_result_gamma(const eis_drt_result* result,
                                             double* tau_s,
                                             double* gamma_ohm,
                                             size_t capacity,
                                             size_t* required);

/* ---- live conductivity series ------------------------------------------------------- */

typedef enum eis_cell_type { EIS_CELL_BLOCKING = 0, EIS_CELL_NON_BLOCKING = 1 } eis_cell_type;
typedef enum eis_direction { EIS_HEATING = 0, EIS_COOLING = 1 } eis_direction;

/** Cell and analysis options of a tracker; eis_tracker_options_init() sets the defaults.
 *  Give exactly one of diameter_cm and area_cm2 (> 0; the other 0). */
typedef struct eis_tracker_options {
  int cell_type;                       /**< an eis_cell_type; default EIS_CELL_BLOCKING */
  double thickness_cm;                 /**< pellet thickness L; must be set (> 0) */
  double thickness_err_cm;             /**< standard uncertainty of L; default 0 */
  double diameter_cm;                  /**< electrode diameter; 0 = use area_cm2 */
  double diameter_err_cm;              /**< default 0 */
  double area_cm2;                     /**< electrode area; 0 = use diameter_cm */
  double area_err_cm2;                 /**< default 0 */
  double default_activation_energy_ev; /**< to carry fits between temperatures; 0.5 */
  int try_automatic_start;             /**< 1 (default): also fit from automatic starts */
} eis_tracker_options;

EIS_C_EXPORT void eis_tracker_options_init(eis_tracker_options* options);

/** One conductivity row (the numeric columns of `eis series`); NaN where not resolved. */
typedef struct eis_row {
  int cycle;
  int direction; /**< an eis_direction */
  double temperature_k;
  double r_bulk_ohm;
  double r_bulk_stderr_ohm;
  double r_gb_ohm;
  double r_gb_stderr_ohm;
  double r_total_ohm;
  double c_bulk_f;
  double c_gb_f;
  double sigma_bulk_s_per_cm;
  double sigma_bulk_stderr_s_per_cm;
  double sigma_total_s_per_cm;
  double sigma_total_stderr_s_per_cm;
  int usable; /**< 1: the fit converged and sigma_total is available */
} eis_row;

EIS_C_EXPORT eis_status eis_tracker_create(const eis_tracker_options* options, eis_tracker** out);
EIS_C_EXPORT void eis_tracker_destroy(eis_tracker* tracker);
/** Fits one spectrum of run (cycle, direction) at temperature_k and appends its row; `file`
 *  (may be NULL) names it in the row; `row` (may be NULL) receives the new row. A fit that
 *  does not converge is not an error (row->usable = 0). */
EIS_C_EXPORT eis_status eis_tracker_add_spectrum(eis_tracker* tracker,
                                                 const eis_spectrum* spectrum,
                                                 double temperature_k,
                                                 int cycle,
                                                 int direction,
                                                 const char* file,
                                                 eis_row* row);
EIS_C_EXPORT eis_status eis_tracker_row_count(const eis_tracker* tracker, size_t* count);
EIS_C_EXPORT eis_status eis_tracker_get_row(const eis_tracker* tracker, size_t index, eis_row* row);
/** Circuit of the model chosen for row `index` (impedance.py syntax). */
EIS_C_EXPORT eis_status eis_tracker_row_model(
    const eis_tracker* tracker, size_t index, char* buffer, size_t capacity, size_t* required);
/** Row `index` as one CSV line of `eis series` (no line terminator). */
EIS_C_EXPORT eis_status eis_tracker_row_csv(
    const eis_tracker* tracker, size_t index, char* buffer, size_t capacity, size_t* required);
/** The CSV header line matching eis_tracker_row_csv (no line terminator). */
EIS_C_EXPORT eis_status eis_series_csv_header(char* buffer, size_t capacity, size_t* required);

#ifdef __cplusplus
}
#endif

#endif /* EIS_C_EIS_H */
