/* Test of the C API written in C (C99): fits of synthetic spectra recover the generating
 * parameters, Lin-KK / DRT / tracker results agree with closed-form values, and bad input,
 * NULL pointers and small buffers return status codes with messages instead of aborting.
 * Synthetic impedances use the closed forms of METHODS.md §1.1 (R: Z = R; R||CPE:
 * Z = R/(1 + R Q (jw)^n); CPE: Z = 1/(Q (jw)^n)) evaluated here with <complex.h>, so the
 * expected values do not come from the library. */
#include <eis/c/eis.h>

#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static int failures = 0;

#define EXPECT(cond)                                                      \
  do {                                                                    \
    if (!(cond)) {                                                        \
      fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                         \
    }                                                                     \
  } while (0)

#define EXPECT_STATUS(call, expected)                          \
  do {                                                         \
    eis_status got_ = (call);                                  \
    if (got_ != (expected)) {                                  \
      fprintf(stderr,                                          \
              "%s:%d: %s returned %d (%s: %s), expected %d\n", \
              __FILE__,                                        \
              __LINE__,                                        \
              #call,                                           \
              (int)got_,                                       \
              eis_status_string(got_),                         \
              eis_last_error_message(),                        \
              (int)(expected));                                \
      ++failures;                                              \
    }                                                          \
  } while (0)

/* The last error message is set and mentions `word`. */
#define EXPECT_MESSAGE(word) EXPECT(strstr(eis_last_error_message(), (word)) != NULL)

static int near_relative(double actual, double expected, double rel) {
  return fabs(actual - expected) <= rel * fabs(expected);
}

static const double pi = 3.14159265358979323846;

enum { n_points = 61 };

/* 1 MHz down to 1 Hz, 10 points per decade. */
static void frequencies(double* f) {
  int i;
  for (i = 0; i < n_points; ++i) f[i] = pow(10.0, 6.0 - i / 10.0);
}

static double complex jw_pow(double omega, double n) {
  return pow(omega, n) * (cos(n * pi / 2.0) + I * sin(n * pi / 2.0));
}

static double complex arc(double omega, double r, double q, double n) {
  return r / (1.0 + r * q * jw_pow(omega, n));
}

/* R0-p(R1,CPE1): parameters R0, R1, CPE1_0 = Q, CPE1_1 = n. */
static const double randles[4] = {20.0, 1500.0, 2e-6, 0.82};

static void randles_spectrum(double* f, double* zr, double* zi) {
  int i;
  frequencies(f);
  for (i = 0; i < n_points; ++i) {
    const double complex z = randles[0] + arc(2.0 * pi * f[i], randles[1], randles[2], randles[3]);
    zr[i] = creal(z);
    zi[i] = cimag(z);
  }
}

static void test_version(void) {
  EXPECT(eis_abi_version() == EIS_ABI_VERSION);
  EXPECT(strlen(eis_version_string()) >= 5);
  EXPECT(strcmp(eis_status_string(EIS_OK), "ok") == 0);
  EXPECT(strcmp(eis_status_string(EIS_ERROR_BUFFER_TOO_SMALL), "buffer too small") == 0);
  EXPECT(strcmp(eis_status_string((eis_status)1234), "unknown status") == 0);
}

static void test_circuit(void) {
  eis_circuit* c = NULL;
  size_t count = 0, required = 0;
  char name[16], tiny[3];
  double f[3] = {1.0, 1e3, 1e5}, zr[3], zi[3];
  int i;
  EXPECT_STATUS(eis_circuit_parse("R0-p(R1,CPE1)", &c), EIS_OK);
  EXPECT_STATUS(eis_circuit_parameter_count(c, &count), EIS_OK);
  EXPECT(count == 4);
  EXPECT_STATUS(eis_circuit_parameter_name(c, 2, name, sizeof name, &required), EIS_OK);
  EXPECT(strcmp(name, "CPE1_0") == 0);
  EXPECT(required == 7);
  /* Size query with a NULL buffer, then a buffer too small: the size needed is reported. */
  required = 0;
  EXPECT_STATUS(eis_circuit_parameter_name(c, 2, NULL, 0, &required), EIS_ERROR_BUFFER_TOO_SMALL);
  EXPECT(required == 7);
  EXPECT_STATUS(eis_circuit_parameter_name(c, 2, tiny, sizeof tiny, &required),
                EIS_ERROR_BUFFER_TOO_SMALL);
  EXPECT(required == 7);
  EXPECT_MESSAGE("buffer too small");
  EXPECT_STATUS(eis_circuit_parameter_name(c, 4, name, sizeof name, NULL), EIS_ERROR_OUT_OF_RANGE);
  EXPECT_MESSAGE("out of range");
  /* Evaluation matches the closed form. */
  EXPECT_STATUS(eis_circuit_evaluate(c, randles, 4, f, 3, zr, zi), EIS_OK);
  for (i = 0; i < 3; ++i) {
    const double complex z = randles[0] + arc(2.0 * pi * f[i], randles[1], randles[2], randles[3]);
    EXPECT(near_relative(zr[i], creal(z), 1e-12));
    EXPECT(near_relative(zi[i], cimag(z), 1e-12));
  }
  EXPECT_STATUS(eis_circuit_evaluate(c, randles, 3, f, 3, zr, zi), EIS_ERROR_INVALID_ARGUMENT);
  EXPECT_MESSAGE("4 parameters, 3 given");
  f[1] = -1.0;
  EXPECT_STATUS(eis_circuit_evaluate(c, randles, 4, f, 3, zr, zi), EIS_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(eis_circuit_evaluate(c, randles, 4, NULL, 3, zr, zi), EIS_ERROR_NULL_ARGUMENT);
  eis_circuit_destroy(c);

  /* Parse errors name the column; the output handle is left untouched. */
  c = NULL;
  EXPECT_STATUS(eis_circuit_parse("R0-p(R1,", &c), EIS_ERROR_PARSE);
  EXPECT_MESSAGE("column");
  EXPECT(c == NULL);
  EXPECT_STATUS(eis_circuit_parse("R0-Q9", &c), EIS_ERROR_PARSE);
  EXPECT_STATUS(eis_circuit_parse(NULL, &c), EIS_ERROR_NULL_ARGUMENT);
  EXPECT_MESSAGE("text is NULL");
  EXPECT_STATUS(eis_circuit_parse("R0", NULL), EIS_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(eis_circuit_parameter_count(NULL, &count), EIS_ERROR_NULL_ARGUMENT);
  eis_circuit_destroy(NULL); /* allowed */
}

static void test_spectrum(void) {
  double f[n_points], zr[n_points], zi[n_points], back[n_points], t;
  eis_spectrum* s = NULL;
  size_t size = 0, required = 0;
  randles_spectrum(f, zr, zi);
  EXPECT_STATUS(eis_spectrum_create(f, zr, zi, n_points, &s), EIS_OK);
  EXPECT_STATUS(eis_spectrum_size(s, &size), EIS_OK);
  EXPECT(size == n_points);
  EXPECT_STATUS(eis_spectrum_data(s, NULL, NULL, back, n_points, &required), EIS_OK);
  EXPECT(required == n_points && back[5] == zi[5]);
  EXPECT_STATUS(eis_spectrum_data(s, back, NULL, NULL, 10, &required), EIS_ERROR_BUFFER_TOO_SMALL);
  EXPECT(required == n_points);
  EXPECT_STATUS(eis_spectrum_data(s, NULL, NULL, NULL, 10, &required), EIS_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(eis_spectrum_temperature_k(s, &t), EIS_OK);
  EXPECT(t != t); /* NaN: no temperature */
  eis_spectrum_destroy(s);

  /* Invalid data: the library's validation message comes back. */
  s = NULL;
  f[3] = -10.0;
  EXPECT_STATUS(eis_spectrum_create(f, zr, zi, n_points, &s), EIS_ERROR_INVALID_ARGUMENT);
  EXPECT_MESSAGE("3");
  EXPECT(s == NULL);
  f[3] = 1e5;
  zr[7] = NAN;
  EXPECT_STATUS(eis_spectrum_create(f, zr, zi, n_points, &s), EIS_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(eis_spectrum_create(f, zr, zi, 0, &s), EIS_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(eis_spectrum_create(f, NULL, zi, n_points, &s), EIS_ERROR_NULL_ARGUMENT);
  EXPECT_MESSAGE("z_real is NULL");
}

static void test_read_file(void) {
  const char* path = EIS_TEST_DATA_DIR "/impedance_py/exampleData.csv";
  eis_spectrum* s = NULL;
  size_t count = 0, size = 0;
  double f0, zr0, zi0, f[1], zr[1], zi[1];
  FILE* file = fopen(path, "r");
  EXPECT(file != NULL);
  if (file == NULL)
    return;
  /* First line of the file, read independently: f, Z', Z''. */
  EXPECT(fscanf(file, "%lf,%lf,%lf", &f0, &zr0, &zi0) == 3);
  fclose(file);
  EXPECT_STATUS(eis_read_file(path, 0, &s, &count), EIS_OK);
  EXPECT(count == 1);
  EXPECT_STATUS(eis_spectrum_size(s, &size), EIS_OK);
  EXPECT(size == 66);
  EXPECT_STATUS(eis_spectrum_data(s, f, zr, zi, 1, NULL), EIS_ERROR_BUFFER_TOO_SMALL);
  eis_spectrum_destroy(s);
  {
    double ff[66], rr[66], ii[66];
    EXPECT_STATUS(eis_read_file(path, 0, &s, NULL), EIS_OK);
    EXPECT_STATUS(eis_spectrum_data(s, ff, rr, ii, 66, NULL), EIS_OK);
    EXPECT(ff[0] == f0 && rr[0] == zr0 && ii[0] == zi0);
    eis_spectrum_destroy(s);
  }
  s = NULL;
  count = 99;
  EXPECT_STATUS(eis_read_file(path, 1, &s, &count), EIS_ERROR_OUT_OF_RANGE);
  EXPECT(count == 1 && s == NULL);
  EXPECT_STATUS(eis_read_file(EIS_TEST_DATA_DIR "/no/such/file.mpt", 0, &s, NULL), EIS_ERROR_IO);
  EXPECT_MESSAGE("file.mpt");
  EXPECT_STATUS(eis_read_file(EIS_TEST_DATA_DIR "/impedance_py/LICENSE", 0, &s, NULL),
                EIS_ERROR_PARSE);
  EXPECT(strlen(eis_last_error_message()) > 0);
  EXPECT(s == NULL);
}

static void test_fit(void) {
  double f[n_points], zr[n_points], zi[n_points], p[4], se[4], small[2];
  eis_circuit* c = NULL;
  eis_spectrum* s = NULL;
  eis_fit_result* r = NULL;
  eis_fit_options options;
  eis_fit_statistics stats;
  eis_termination termination;
  size_t count = 0, required = 0;
  int usable = 0, i;
  char message[256], name[8];
  randles_spectrum(f, zr, zi);
  EXPECT_STATUS(eis_circuit_parse("R0-p(R1,CPE1)", &c), EIS_OK);
  EXPECT_STATUS(eis_spectrum_create(f, zr, zi, n_points, &s), EIS_OK);

  /* Automatic initial values, default options: noise-free data give the generating values. */
  EXPECT_STATUS(eis_fit(c, s, NULL, 0, NULL, &r), EIS_OK);
  EXPECT_STATUS(eis_fit_result_usable(r, &usable), EIS_OK);
  EXPECT(usable == 1);
  EXPECT_STATUS(eis_fit_result_termination(r, &termination), EIS_OK);
  EXPECT(termination == EIS_TERMINATION_CONVERGED);
  EXPECT_STATUS(eis_fit_result_parameter_count(r, &count), EIS_OK);
  EXPECT(count == 4);
  EXPECT_STATUS(eis_fit_result_parameters(r, p, 4, &required), EIS_OK);
  EXPECT(required == 4);
  for (i = 0; i < 4; ++i) EXPECT(near_relative(p[i], randles[i], 1e-6));
  EXPECT_STATUS(eis_fit_result_parameter_name(r, 1, name, sizeof name, NULL), EIS_OK);
  EXPECT(strcmp(name, "R1") == 0);
  EXPECT_STATUS(eis_fit_result_standard_errors(r, se, 4, NULL), EIS_OK);
  for (i = 0; i < 4; ++i) EXPECT(se[i] >= 0.0 && se[i] < 1e-3 * randles[i]);
  EXPECT_STATUS(eis_fit_result_statistics(r, &stats), EIS_OK);
  EXPECT(stats.points == n_points && stats.free_parameters == 4);
  EXPECT(stats.chi_square >= 0.0 && stats.chi_square < 1e-12);
  EXPECT_STATUS(eis_fit_result_message(r, message, sizeof message, NULL), EIS_OK);
  EXPECT(strlen(message) > 0);
  /* Buffers too small are reported with the size needed, and the buffer is not written. */
  small[0] = small[1] = -1.0;
  EXPECT_STATUS(eis_fit_result_parameters(r, small, 2, &required), EIS_ERROR_BUFFER_TOO_SMALL);
  EXPECT(required == 4 && small[0] == -1.0);
  EXPECT_MESSAGE("2 elements given, 4 needed");
  EXPECT_STATUS(eis_fit_result_parameters(r, NULL, 0, &required), EIS_ERROR_BUFFER_TOO_SMALL);
  EXPECT(required == 4);
  EXPECT_STATUS(eis_fit_result_parameters(r, NULL, 4, &required), EIS_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(eis_fit_result_report(r, message, 4, &required), EIS_ERROR_BUFFER_TOO_SMALL);
  EXPECT(required > 4);
  eis_fit_result_destroy(r);

  /* Explicit initial values and options: unit weighting, a frequency window, no multi-start. */
  {
    const double start[4] = {10.0, 1000.0, 1e-6, 0.9};
    eis_fit_options_init(&options);
    EXPECT(options.weighting == EIS_WEIGHTING_MODULUS && options.max_iterations == 200);
    options.weighting = EIS_WEIGHTING_PROPORTIONAL;
    options.fmin_hz = 10.0;
    options.multi_starts = 0;
    r = NULL;
    EXPECT_STATUS(eis_fit(c, s, start, 4, &options, &r), EIS_OK);
    EXPECT_STATUS(eis_fit_result_parameters(r, p, 4, NULL), EIS_OK);
    for (i = 0; i < 4; ++i) EXPECT(near_relative(p[i], randles[i], 1e-6));
    EXPECT_STATUS(eis_fit_result_statistics(r, &stats), EIS_OK);
    EXPECT(stats.points == 51); /* 1 MHz .. 10 Hz */
    eis_fit_result_destroy(r);

    /* Bad input: wrong number of initial values, a value outside its bounds, bad options. */
    r = NULL;
    EXPECT_STATUS(eis_fit(c, s, start, 3, NULL, &r), EIS_ERROR_INVALID_ARGUMENT);
    EXPECT(r == NULL && strlen(eis_last_error_message()) > 0);
    EXPECT_STATUS(eis_fit(c, s, NULL, 4, NULL, &r), EIS_ERROR_NULL_ARGUMENT);
    options.weighting = 17;
    EXPECT_STATUS(eis_fit(c, s, NULL, 0, &options, &r), EIS_ERROR_INVALID_ARGUMENT);
    EXPECT_MESSAGE("weighting");
    eis_fit_options_init(&options);
    options.max_iterations = -3;
    EXPECT_STATUS(eis_fit(c, s, NULL, 0, &options, &r), EIS_ERROR_INVALID_ARGUMENT);
    eis_fit_options_init(&options);
    options.fmin_hz = NAN;
    EXPECT_STATUS(eis_fit(c, s, NULL, 0, &options, &r), EIS_ERROR_INVALID_ARGUMENT);
    EXPECT_STATUS(eis_fit(NULL, s, NULL, 0, NULL, &r), EIS_ERROR_NULL_ARGUMENT);
    EXPECT_STATUS(eis_fit(c, NULL, NULL, 0, NULL, &r), EIS_ERROR_NULL_ARGUMENT);
    EXPECT_STATUS(eis_fit(c, s, NULL, 0, NULL, NULL), EIS_ERROR_NULL_ARGUMENT);
    EXPECT(r == NULL);
  }
  eis_fit_options_init(NULL); /* allowed, does nothing */
  eis_spectrum_destroy(s);
  eis_circuit_destroy(c);
}

/* Gaussian noise for the statistical-weighting test: xorshift64* and Box-Muller, so the data
 * do not come from the library. */
static unsigned long long rng_state = 88172645463325252ULL;

static double uniform01(void) {
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return (double)((rng_state * 2685821657736338717ULL) >> 11) * (1.0 / 9007199254740992.0);
}

static double gaussian(void) {
  double u1 = uniform01(), u2 = uniform01();
  if (u1 < 1e-300)
    u1 = 1e-300;
  return sqrt(-2.0 * log(u1)) * cos(2.0 * pi * u2);
}

struct progress_log {
  int calls;
  int stop_after; /* return 0 on this call (1-based); 0 = never */
  size_t parameter_count;
  double first_chi_square;
  double last_chi_square;
  int chi_square_increased;
};

static int on_progress(const eis_fit_progress* progress, void* user_data) {
  struct progress_log* log = (struct progress_log*)user_data;
  ++log->calls;
  log->parameter_count = progress->parameter_count;
  if (log->calls == 1)
    log->first_chi_square = progress->chi_square;
  else if (progress->chi_square > log->last_chi_square * (1.0 + 1e-12))
    log->chi_square_increased = 1;
  log->last_chi_square = progress->chi_square;
  EXPECT(progress->parameters != NULL && progress->evaluations > 0);
  return log->stop_after == 0 || log->calls < log->stop_after;
}

/* eis_fit_with_setup (EIS_C_1.1): fixed parameters, bounds, statistical weighting, the
 * proportional floor and the progress callback (also stopping the fit). */
static void test_fit_setup(void) {
  double f[n_points], zr[n_points], zi[n_points], p[4], p_unit[4], se[4];
  double sr[n_points], si[n_points], ones[n_points];
  const double start[4] = {10.0, 1000.0, 1e-6, 0.9};
  eis_circuit* c = NULL;
  eis_spectrum* s = NULL;
  eis_spectrum* noisy = NULL;
  eis_fit_setup* setup = NULL;
  eis_fit_result* r = NULL;
  eis_fit_options options;
  eis_fit_statistics stats, stats_unit;
  eis_termination termination;
  struct progress_log log;
  int usable = 0, i;
  randles_spectrum(f, zr, zi);
  EXPECT_STATUS(eis_circuit_parse("R0-p(R1,CPE1)", &c), EIS_OK);
  EXPECT_STATUS(eis_spectrum_create(f, zr, zi, n_points, &s), EIS_OK);
  EXPECT_STATUS(eis_fit_setup_create(&setup), EIS_OK);

  /* An empty setup (and a NULL one) fit exactly like eis_fit. */
  EXPECT_STATUS(eis_fit_with_setup(c, s, NULL, 0, NULL, setup, &r), EIS_OK);
  EXPECT_STATUS(eis_fit_result_parameters(r, p, 4, NULL), EIS_OK);
  for (i = 0; i < 4; ++i) EXPECT(near_relative(p[i], randles[i], 1e-6));
  eis_fit_result_destroy(r);
  r = NULL;
  EXPECT_STATUS(eis_fit_with_setup(c, s, NULL, 0, NULL, NULL, &r), EIS_OK);
  eis_fit_result_destroy(r);
  r = NULL;

  /* Fixed R0 at its true value: held exactly, 3 free parameters, the others recovered. A
   * second eis_fit_setup_fix of the same name replaces the value. */
  EXPECT_STATUS(eis_fit_setup_fix(setup, "R0", 99.0), EIS_OK);
  EXPECT_STATUS(eis_fit_setup_fix(setup, "R0", randles[0]), EIS_OK);
  EXPECT_STATUS(eis_fit_with_setup(c, s, start, 4, NULL, setup, &r), EIS_OK);
  EXPECT_STATUS(eis_fit_result_parameters(r, p, 4, NULL), EIS_OK);
  EXPECT(p[0] == randles[0]);
  for (i = 1; i < 4; ++i) EXPECT(near_relative(p[i], randles[i], 1e-6));
  EXPECT_STATUS(eis_fit_result_statistics(r, &stats), EIS_OK);
  EXPECT(stats.free_parameters == 3);
  eis_fit_result_destroy(r);
  r = NULL;
  eis_fit_setup_destroy(setup);
  setup = NULL;

  /* Bounds: n in [0.5, 0.8] excludes the true 0.82, so the constrained optimum lies on the
   * upper bound; the default bounds of n are [0, 1]. */
  EXPECT_STATUS(eis_fit_setup_create(&setup), EIS_OK);
  EXPECT_STATUS(eis_fit_setup_bound(setup, "CPE1_1", 0.5, 0.8), EIS_OK);
  {
    const double inside[4] = {10.0, 1000.0, 1e-6, 0.7};
    EXPECT_STATUS(eis_fit_with_setup(c, s, inside, 4, NULL, setup, &r), EIS_OK);
  }
  EXPECT_STATUS(eis_fit_result_parameters(r, p, 4, NULL), EIS_OK);
  EXPECT(p[3] <= 0.8 && p[3] > 0.8 - 1e-4);
  eis_fit_result_destroy(r);
  r = NULL;
  /* The start 0.9 is outside the bounds now. */
  EXPECT_STATUS(eis_fit_with_setup(c, s, start, 4, NULL, setup, &r), EIS_ERROR_INVALID_ARGUMENT);
  EXPECT_MESSAGE("CPE1_1");
  EXPECT(r == NULL);
  /* Unknown names are reported at fit time, naming the parameter. */
  EXPECT_STATUS(eis_fit_setup_fix(setup, "R7", 1.0), EIS_OK);
  EXPECT_STATUS(eis_fit_with_setup(c, s, NULL, 0, NULL, setup, &r), EIS_ERROR_INVALID_ARGUMENT);
  EXPECT_MESSAGE("R7");
  eis_fit_setup_destroy(setup);
  setup = NULL;

  /* Statistical weighting with all sigmas 1 is unit weighting: the same fit. */
  for (i = 0; i < n_points; ++i) ones[i] = 1.0;
  EXPECT_STATUS(eis_fit_setup_create(&setup), EIS_OK);
  EXPECT_STATUS(eis_fit_setup_sigma(setup, ones, ones, n_points), EIS_OK);
  eis_fit_options_init(&options);
  options.weighting = EIS_WEIGHTING_UNIT;
  EXPECT_STATUS(eis_fit_with_setup(c, s, start, 4, &options, setup, &r), EIS_OK);
  EXPECT_STATUS(eis_fit_result_parameters(r, p_unit, 4, NULL), EIS_OK);
  EXPECT_STATUS(eis_fit_result_statistics(r, &stats_unit), EIS_OK);
  eis_fit_result_destroy(r);
  r = NULL;
  options.weighting = EIS_WEIGHTING_STATISTICAL;
  EXPECT_STATUS(eis_fit_with_setup(c, s, start, 4, &options, setup, &r), EIS_OK);
  EXPECT_STATUS(eis_fit_result_parameters(r, p, 4, NULL), EIS_OK);
  EXPECT_STATUS(eis_fit_result_statistics(r, &stats), EIS_OK);
  for (i = 0; i < 4; ++i) EXPECT(near_relative(p[i], p_unit[i], 1e-9));
  EXPECT(stats.chi_square == stats_unit.chi_square || stats.chi_square < 1e-20);
  eis_fit_result_destroy(r);
  r = NULL;
  /* eis_fit has no sigmas: statistical weighting is refused; so are wrong counts and bad
   * sigma values. */
  EXPECT_STATUS(eis_fit(c, s, start, 4, &options, &r), EIS_ERROR_INVALID_ARGUMENT);
  EXPECT_MESSAGE("sigma");
  EXPECT_STATUS(eis_fit_setup_sigma(setup, ones, ones, n_points - 1), EIS_OK);
  EXPECT_STATUS(eis_fit_with_setup(c, s, start, 4, &options, setup, &r),
                EIS_ERROR_INVALID_ARGUMENT);
  ones[3] = -1.0;
  EXPECT_STATUS(eis_fit_setup_sigma(setup, ones, ones, n_points), EIS_ERROR_INVALID_ARGUMENT);
  EXPECT(r == NULL);
  eis_fit_setup_destroy(setup);
  setup = NULL;

  /* Statistical weighting on data with Gaussian noise of known sigma (0.5 % of |Z| on each
   * part): chi-square/dof is chi-square distributed with mean 1 and sd sqrt(2/118) = 0.13, and
   * each parameter lies within 5 standard errors of the generating value. */
  for (i = 0; i < n_points; ++i) {
    const double modulus = sqrt(zr[i] * zr[i] + zi[i] * zi[i]);
    sr[i] = si[i] = 0.005 * modulus;
    zr[i] += sr[i] * gaussian();
    zi[i] += si[i] * gaussian();
  }
  EXPECT_STATUS(eis_spectrum_create(f, zr, zi, n_points, &noisy), EIS_OK);
  EXPECT_STATUS(eis_fit_setup_create(&setup), EIS_OK);
  EXPECT_STATUS(eis_fit_setup_sigma(setup, sr, si, n_points), EIS_OK);
  EXPECT_STATUS(eis_fit_with_setup(c, noisy, NULL, 0, &options, setup, &r), EIS_OK);
  EXPECT_STATUS(eis_fit_result_usable(r, &usable), EIS_OK);
  EXPECT(usable == 1);
  EXPECT_STATUS(eis_fit_result_parameters(r, p, 4, NULL), EIS_OK);
  EXPECT_STATUS(eis_fit_result_standard_errors(r, se, 4, NULL), EIS_OK);
  EXPECT_STATUS(eis_fit_result_statistics(r, &stats), EIS_OK);
  EXPECT(stats.reduced_chi_square > 1.0 - 4 * 0.13 && stats.reduced_chi_square < 1.0 + 4 * 0.13);
  for (i = 0; i < 4; ++i) EXPECT(se[i] > 0.0 && fabs(p[i] - randles[i]) < 5.0 * se[i]);
  eis_fit_result_destroy(r);
  r = NULL;
  eis_fit_setup_destroy(setup);
  setup = NULL;

  /* Proportional floor: a valid floor fits noise-free data exactly; (0, 1) is checked. */
  randles_spectrum(f, zr, zi);
  EXPECT_STATUS(eis_fit_setup_create(&setup), EIS_OK);
  EXPECT_STATUS(eis_fit_setup_proportional_floor(setup, 2.0), EIS_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(eis_fit_setup_proportional_floor(setup, 0.0), EIS_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(eis_fit_setup_proportional_floor(setup, 0.05), EIS_OK);
  eis_fit_options_init(&options);
  options.weighting = EIS_WEIGHTING_PROPORTIONAL;
  EXPECT_STATUS(eis_fit_with_setup(c, s, start, 4, &options, setup, &r), EIS_OK);
  EXPECT_STATUS(eis_fit_result_parameters(r, p, 4, NULL), EIS_OK);
  for (i = 0; i < 4; ++i) EXPECT(near_relative(p[i], randles[i], 1e-6));
  eis_fit_result_destroy(r);
  r = NULL;

  /* Lin-KK mask: one point scaled by 1.3 (no causal system does that) is dropped before the
   * fit, which then recovers the generating parameters; without the mask it is fitted too. */
  randles_spectrum(f, zr, zi);
  zr[30] *= 1.3;
  zi[30] *= 1.3;
  eis_spectrum_destroy(noisy); /* the statistical-weighting spectrum above */
  noisy = NULL;
  EXPECT_STATUS(eis_spectrum_create(f, zr, zi, n_points, &noisy), EIS_OK);
  EXPECT_STATUS(eis_fit_setup_kk_mask(NULL, 1), EIS_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(eis_fit_setup_kk_mask(setup, 1), EIS_OK);
  eis_fit_options_init(&options);
  EXPECT_STATUS(eis_fit_with_setup(c, noisy, start, 4, &options, setup, &r), EIS_OK);
  EXPECT_STATUS(eis_fit_result_statistics(r, &stats), EIS_OK);
  EXPECT(stats.points == n_points - 1);
  EXPECT_STATUS(eis_fit_result_parameters(r, p, 4, NULL), EIS_OK);
  for (i = 0; i < 4; ++i) EXPECT(near_relative(p[i], randles[i], 1e-3));
  eis_fit_result_destroy(r);
  r = NULL;
  EXPECT_STATUS(eis_fit_setup_kk_mask(setup, 0), EIS_OK);
  EXPECT_STATUS(eis_fit_with_setup(c, noisy, start, 4, &options, setup, &r), EIS_OK);
  EXPECT_STATUS(eis_fit_result_statistics(r, &stats), EIS_OK);
  EXPECT(stats.points == n_points);
  eis_fit_result_destroy(r);
  r = NULL;
  eis_spectrum_destroy(noisy);
  noisy = NULL;
  randles_spectrum(f, zr, zi);

  /* Progress: called every iteration with the circuit's parameters; chi-square never rises. */
  memset(&log, 0, sizeof log);
  EXPECT_STATUS(eis_fit_setup_progress(setup, on_progress, &log), EIS_OK);
  EXPECT_STATUS(eis_fit_with_setup(c, s, start, 4, NULL, setup, &r), EIS_OK);
  EXPECT(log.calls > 0 && log.parameter_count == 4 && !log.chi_square_increased);
  EXPECT(log.last_chi_square < log.first_chi_square);
  EXPECT_STATUS(eis_fit_result_termination(r, &termination), EIS_OK);
  EXPECT(termination == EIS_TERMINATION_CONVERGED);
  eis_fit_result_destroy(r);
  r = NULL;
  /* Returning 0 stops the fit: cancelled, not usable, still EIS_OK with the best parameters. */
  memset(&log, 0, sizeof log);
  log.stop_after = 2;
  EXPECT_STATUS(eis_fit_with_setup(c, s, start, 4, NULL, setup, &r), EIS_OK);
  EXPECT(log.calls == 2);
  EXPECT_STATUS(eis_fit_result_termination(r, &termination), EIS_OK);
  EXPECT(termination == EIS_TERMINATION_CANCELLED);
  EXPECT_STATUS(eis_fit_result_usable(r, &usable), EIS_OK);
  EXPECT(usable == 0);
  EXPECT_STATUS(eis_fit_result_parameters(r, p, 4, NULL), EIS_OK);
  for (i = 0; i < 4; ++i) EXPECT(p[i] == p[i]);
  eis_fit_result_destroy(r);
  r = NULL;
  /* Removing the callback: no more calls. */
  memset(&log, 0, sizeof log);
  EXPECT_STATUS(eis_fit_setup_progress(setup, NULL, NULL), EIS_OK);
  EXPECT_STATUS(eis_fit_with_setup(c, s, start, 4, NULL, setup, &r), EIS_OK);
  EXPECT(log.calls == 0);
  eis_fit_result_destroy(r);
  r = NULL;

  /* NULL arguments and bad values. */
  EXPECT_STATUS(eis_fit_setup_create(NULL), EIS_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(eis_fit_setup_fix(NULL, "R0", 1.0), EIS_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(eis_fit_setup_fix(setup, NULL, 1.0), EIS_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(eis_fit_setup_fix(setup, "R0", NAN), EIS_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(eis_fit_setup_bound(setup, "R1", 10.0, 1.0), EIS_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(eis_fit_setup_bound(setup, "R1", NAN, 1.0), EIS_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(eis_fit_setup_sigma(setup, NULL, ones, 3), EIS_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(eis_fit_setup_progress(NULL, on_progress, NULL), EIS_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(eis_fit_with_setup(NULL, s, NULL, 0, NULL, setup, &r), EIS_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(eis_fit_with_setup(c, s, NULL, 0, NULL, setup, NULL), EIS_ERROR_NULL_ARGUMENT);
  EXPECT(r == NULL);
  eis_fit_setup_destroy(setup);
  eis_fit_setup_destroy(NULL); /* allowed */
  eis_spectrum_destroy(noisy);
  eis_spectrum_destroy(s);
  eis_circuit_destroy(c);
}

static void test_lin_kk_and_drt(void) {
  double f[n_points], zr[n_points], zi[n_points], rr[n_points], ri[n_points];
  double tau[2000], gamma[2000];
  eis_spectrum* s = NULL;
  eis_lin_kk_result* kk = NULL;
  eis_lin_kk_summary summary;
  eis_lin_kk_options kk_options;
  eis_drt_result* drt = NULL;
  eis_drt_summary drt_summary;
  eis_drt_options drt_options;
  size_t required = 0, i, peak = 0;
  randles_spectrum(f, zr, zi);
  EXPECT_STATUS(eis_spectrum_create(f, zr, zi, n_points, &s), EIS_OK);
  EXPECT_STATUS(eis_lin_kk(s, NULL, &kk), EIS_OK);
  EXPECT_STATUS(eis_lin_kk_result_summary(kk, &summary), EIS_OK);
  EXPECT(summary.passed == 1); /* a circuit's impedance is causal */
  EXPECT(summary.elements > 0 && summary.max_residual < 1e-2);
  EXPECT(summary.failing_min_hz != summary.failing_min_hz);
  EXPECT_STATUS(eis_lin_kk_result_residuals(kk, rr, ri, n_points, &required), EIS_OK);
  EXPECT(required == n_points);
  for (i = 0; i < n_points; ++i) EXPECT(fabs(rr[i]) <= summary.max_residual);
  EXPECT_STATUS(eis_lin_kk_result_residuals(kk, rr, NULL, 5, &required),
                EIS_ERROR_BUFFER_TOO_SMALL);
  eis_lin_kk_result_destroy(kk);
  eis_lin_kk_options_init(&kk_options);
  kk_options.elements = 1000; /* more RC elements than points */
  kk = NULL;
  EXPECT_STATUS(eis_lin_kk(s, &kk_options, &kk), EIS_ERROR_INVALID_ARGUMENT);
  EXPECT(kk == NULL);

  /* DRT of R0 + R1||CPE: R_inf = R0 and the polarisation resistance is R1. */
  eis_drt_options_init(&drt_options);
  EXPECT(drt_options.lambda_method == EIS_LAMBDA_L_CURVE);
  EXPECT_STATUS(eis_drt(s, &drt_options, &drt), EIS_OK);
  EXPECT_STATUS(eis_drt_result_summary(drt, &drt_summary), EIS_OK);
  EXPECT(drt_summary.usable == 1 && drt_summary.peaks >= 1);
  EXPECT(near_relative(
      drt_summary.r_inf_ohm + drt_summary.polarisation_ohm, randles[0] + randles[1], 0.02));
  EXPECT(near_relative(drt_summary.polarisation_ohm, randles[1], 0.05));
  EXPECT(drt_summary.points > 0 && drt_summary.points <= 2000);
  EXPECT_STATUS(eis_drt_result_gamma(drt, NULL, NULL, 0, &required), EIS_ERROR_BUFFER_TOO_SMALL);
  EXPECT(required == drt_summary.points);
  EXPECT_STATUS(eis_drt_result_gamma(drt, tau, gamma, 2000, &required), EIS_OK);
  /* The peak sits near the arc's time constant tau = (R Q)^(1/n). */
  for (i = 1; i < required; ++i)
    if (gamma[i] > gamma[peak])
      peak = i;
  EXPECT(fabs(log10(tau[peak]) - log10(pow(randles[1] * randles[2], 1.0 / randles[3]))) < 0.3);
  eis_drt_result_destroy(drt);
  /* k-fold cross-validated lambda: the same R_inf + polarisation. */
  drt_options.lambda_method = EIS_LAMBDA_K_FOLD;
  EXPECT_STATUS(eis_drt(s, &drt_options, &drt), EIS_OK);
  EXPECT_STATUS(eis_drt_result_summary(drt, &drt_summary), EIS_OK);
  EXPECT(near_relative(drt_summary.polarisation_ohm, randles[1], 0.05));
  eis_drt_result_destroy(drt);
  drt_options.lambda_method = 9;
  EXPECT_STATUS(eis_drt(s, &drt_options, &drt), EIS_ERROR_INVALID_ARGUMENT);
  EXPECT_MESSAGE("lambda_method");
  eis_spectrum_destroy(s);
  /* Too few points for a DRT. */
  EXPECT_STATUS(eis_spectrum_create(f, zr, zi, 3, &s), EIS_OK);
  EXPECT_STATUS(eis_drt(s, NULL, &drt), EIS_ERROR_INVALID_ARGUMENT);
  eis_spectrum_destroy(s);
}

/* Blocking cell p(R1,CPE1)-p(R2,CPE2)-CPE3 at 300..340 K: the tracker's bulk conductivity is
 * sigma = L/(R_bulk A) of the generating R_bulk. */
static void test_tracker(void) {
  const double thickness = 0.1, diameter = 0.8, k_b = 8.617333262e-5, n = 0.9;
  const double area = pi * diameter * diameter / 4.0;
  double f[n_points], zr[n_points], zi[n_points];
  eis_tracker_options options;
  eis_tracker* tracker = NULL;
  eis_row row, again;
  size_t rows = 0, required = 0;
  char model[64], csv[1024], header[1024];
  int k, i;
  frequencies(f);
  eis_tracker_options_init(&options);
  EXPECT(options.try_automatic_start == 1 && options.default_activation_energy_ev == 0.5);
  EXPECT_STATUS(eis_tracker_create(&options, &tracker), EIS_ERROR_INVALID_ARGUMENT);
  EXPECT(tracker == NULL);
  options.thickness_cm = thickness;
  options.diameter_cm = diameter;
  options.cell_type = 7;
  EXPECT_STATUS(eis_tracker_create(&options, &tracker), EIS_ERROR_INVALID_ARGUMENT);
  options.cell_type = EIS_CELL_BLOCKING;
  options.area_cm2 = area; /* both area and diameter: ambiguous */
  EXPECT_STATUS(eis_tracker_create(&options, &tracker), EIS_ERROR_INVALID_ARGUMENT);
  EXPECT_MESSAGE("exactly one");
  EXPECT(tracker == NULL);
  options.area_cm2 = 0.0;
  EXPECT_STATUS(eis_tracker_create(&options, &tracker), EIS_OK);
  for (k = 0; k < 3; ++k) {
    const double t = 300.0 + 20.0 * k;
    const double sigma = 1e-6 * exp(-0.45 / k_b * (1.0 / t - 1.0 / 300.0));
    const double r1 = thickness / (sigma * area), r2 = 2.0 * r1;
    const double q1 = pow(5e-12, n) * pow(r1, n - 1.0), q2 = pow(1e-9, n) * pow(r2, n - 1.0);
    eis_spectrum* s = NULL;
    for (i = 0; i < n_points; ++i) {
      const double w = 2.0 * pi * f[i];
      const double complex z =
          arc(w, r1, q1, n) + arc(w, r2, q2, n) + 1.0 / (2e-6 * jw_pow(w, 0.85));
      zr[i] = creal(z);
      zi[i] = cimag(z);
    }
    EXPECT_STATUS(eis_spectrum_create(f, zr, zi, n_points, &s), EIS_OK);
    EXPECT_STATUS(eis_tracker_add_spectrum(tracker, s, t, 1, EIS_HEATING, "synthetic", &row),
                  EIS_OK);
    EXPECT(row.usable == 1 && row.temperature_k == t && row.direction == EIS_HEATING);
    EXPECT(near_relative(row.r_bulk_ohm, r1, 1e-3));
    EXPECT(near_relative(row.sigma_bulk_s_per_cm, sigma, 1e-3));
    EXPECT(near_relative(row.r_gb_ohm, r2, 1e-3));
    EXPECT(near_relative(row.sigma_total_s_per_cm, thickness / ((r1 + r2) * area), 1e-3));
    EXPECT_STATUS(eis_tracker_get_row(tracker, (size_t)k, &again), EIS_OK);
    EXPECT(again.sigma_bulk_s_per_cm == row.sigma_bulk_s_per_cm);
    /* Bad input for the tracker: a temperature that is not > 0, a bad direction. */
    EXPECT_STATUS(eis_tracker_add_spectrum(tracker, s, -1.0, 1, EIS_HEATING, NULL, NULL),
                  EIS_ERROR_INVALID_ARGUMENT);
    EXPECT_STATUS(eis_tracker_add_spectrum(tracker, s, t, 1, 5, NULL, NULL),
                  EIS_ERROR_INVALID_ARGUMENT);
    eis_spectrum_destroy(s);
  }
  EXPECT_STATUS(eis_tracker_row_count(tracker, &rows), EIS_OK);
  EXPECT(rows == 3);
  EXPECT_STATUS(eis_tracker_get_row(tracker, 3, &row), EIS_ERROR_OUT_OF_RANGE);
  EXPECT_STATUS(eis_tracker_row_model(tracker, 0, model, sizeof model, NULL), EIS_OK);
  EXPECT(strcmp(model, "p(R1,CPE1)-p(R2,CPE2)-CPE3") == 0);
  EXPECT_STATUS(eis_tracker_row_model(tracker, 0, model, 5, &required), EIS_ERROR_BUFFER_TOO_SMALL);
  EXPECT(required == strlen("p(R1,CPE1)-p(R2,CPE2)-CPE3") + 1);
  EXPECT_STATUS(eis_series_csv_header(header, sizeof header, NULL), EIS_OK);
  EXPECT(strncmp(header, "file,cycle,direction,temperature_k,", 35) == 0);
  EXPECT_STATUS(eis_tracker_row_csv(tracker, 2, csv, sizeof csv, NULL), EIS_OK);
  EXPECT(strncmp(csv, "synthetic,1,heating,340", 23) == 0);
  eis_tracker_destroy(tracker);
  EXPECT_STATUS(eis_tracker_add_spectrum(NULL, NULL, 300.0, 1, EIS_HEATING, NULL, NULL),
                EIS_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(eis_tracker_create(NULL, &tracker), EIS_ERROR_NULL_ARGUMENT);
}

int main(void) {
  test_version();
  test_circuit();
  test_spectrum();
  test_read_file();
  test_fit();
  test_fit_setup();
  test_lin_kk_and_drt();
  test_tracker();
  if (failures != 0) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("c_api_test: all checks passed\n");
  return 0;
}
