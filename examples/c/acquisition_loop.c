/* Live conductivity tracking through the libeis C API: a spectrum "arrives" every second (here
 * simulated for a blocking Au|SE|Au cell heated from 300 K in 10 K steps, or read from the
 * instrument files named on the command line), the tracker fits it and the sigma row is
 * printed as CSV on stdout before the next spectrum arrives.
 *
 *   acquisition_loop [--no-sleep] [FILE TEMPERATURE_K]...
 *
 * --no-sleep (or the environment variable EIS_EXAMPLE_NO_SLEEP) skips the waiting, for tests. */
#define _POSIX_C_SOURCE 200809L
#include <eis/c/eis.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHECK(call)                       \
  do {                                    \
    eis_status status_ = (call);          \
    if (status_ != EIS_OK) {              \
      fprintf(stderr,                     \
              "%s failed: %s: %s\n",      \
              #call,                      \
              eis_status_string(status_), \
              eis_last_error_message());  \
      exit(1);                            \
    }                                     \
  } while (0)

enum { points = 61, simulated_spectra = 8 };
static const double thickness_cm = 0.1, diameter_cm = 0.8, pi = 3.14159265358979323846;

/* Simulated measurement k: p(R1,CPE1)-p(R2,CPE2)-CPE3 with an Arrhenius bulk conductivity
 * (1e-6 S/cm at 300 K, Ea = 0.45 eV), grain boundary R2 = 2 R1, C_bulk = 5 pF, C_gb = 1 nF
 * (Q = C^n R^(n-1), Hsu-Mansfeld), electrode spike Q3 = 2e-6 S s^n, 1 MHz to 1 Hz. */
static eis_spectrum* simulate(const eis_circuit* circuit,
                              int k,
                              double* temperature_k,
                              double* sigma_bulk) {
  const double k_b = 8.617333262e-5, n = 0.9, t = 300.0 + 10.0 * k;
  const double area = pi * diameter_cm * diameter_cm / 4.0;
  double f[points], zr[points], zi[points], p[8];
  double r1, r2;
  eis_spectrum* spectrum = NULL;
  int i;
  *sigma_bulk = 1e-6 * exp(-0.45 / k_b * (1.0 / t - 1.0 / 300.0));
  r1 = thickness_cm / (*sigma_bulk * area);
  r2 = 2.0 * r1;
  p[0] = r1, p[1] = pow(5e-12, n) * pow(r1, n - 1.0), p[2] = n;
  p[3] = r2, p[4] = pow(1e-9, n) * pow(r2, n - 1.0), p[5] = n;
  p[6] = 2e-6, p[7] = 0.85;
  for (i = 0; i < points; ++i) f[i] = pow(10.0, 6.0 - i / 10.0);
  CHECK(eis_circuit_evaluate(circuit, p, 8, f, points, zr, zi));
  CHECK(eis_spectrum_create(f, zr, zi, points, &spectrum));
  *temperature_k = t;
  return spectrum;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char** argv) {
  int no_sleep = getenv("EIS_EXAMPLE_NO_SLEEP") != NULL, first = 1, count, k;
  eis_tracker_options options;
  eis_tracker* tracker = NULL;
  eis_circuit* circuit = NULL;
  char line[4096];
  if (argc > 1 && strcmp(argv[1], "--no-sleep") == 0)
    no_sleep = 1, first = 2;
  if ((argc - first) % 2 != 0) {
    fprintf(stderr, "usage: %s [--no-sleep] [FILE TEMPERATURE_K]...\n", argv[0]);
    return 2;
  }
  if (eis_abi_version() != EIS_ABI_VERSION) {
    fprintf(stderr, "libeis_c ABI %u, built for %d\n", eis_abi_version(), EIS_ABI_VERSION);
    return 1;
  }
  eis_tracker_options_init(&options);
  options.cell_type = EIS_CELL_BLOCKING;
  options.thickness_cm = thickness_cm;
  options.diameter_cm = diameter_cm;
  CHECK(eis_tracker_create(&options, &tracker));
  CHECK(eis_circuit_parse("p(R1,CPE1)-p(R2,CPE2)-CPE3", &circuit));
  CHECK(eis_series_csv_header(line, sizeof line, NULL));
  printf("%s\n", line);
  count = argc > first ? (argc - first) / 2 : simulated_spectra;
  for (k = 0; k < count; ++k) {
    const double arrived = now_s();
    double temperature_k, sigma_true = NAN;
    eis_spectrum* spectrum = NULL;
    eis_row row;
    if (argc > first) { /* a real measurement: spectrum 0 of the file */
      CHECK(eis_read_file(argv[first + 2 * k], 0, &spectrum, NULL));
      temperature_k = atof(argv[first + 2 * k + 1]);
    } else {
      spectrum = simulate(circuit, k, &temperature_k, &sigma_true);
    }
    CHECK(eis_tracker_add_spectrum(tracker,
                                   spectrum,
                                   temperature_k,
                                   1,
                                   EIS_HEATING,
                                   argc > first ? argv[first + 2 * k] : "simulated",
                                   &row));
    CHECK(eis_tracker_row_csv(tracker, (size_t)k, line, sizeof line, NULL));
    printf("%s\n", line);
    fflush(stdout);
    fprintf(stderr,
            "T = %.1f K: sigma_bulk = %.4g S/cm (simulated %.4g), analysed in %.0f ms\n",
            row.temperature_k,
            row.sigma_bulk_s_per_cm,
            sigma_true,
            1e3 * (now_s() - arrived));
    eis_spectrum_destroy(spectrum);
    if (!no_sleep && k + 1 < count) { /* wait for the next spectrum */
      const double left = 1.0 - (now_s() - arrived);
      if (left > 0) {
        struct timespec wait;
        wait.tv_sec = 0;
        wait.tv_nsec = (long)(left * 1e9);
        nanosleep(&wait, NULL);
      }
    }
  }
  eis_circuit_destroy(circuit);
  eis_tracker_destroy(tracker);
  return 0;
}
