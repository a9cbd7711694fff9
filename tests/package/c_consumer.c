/* An installed libeis_c consumer in strict C89: the header compiles as C89 and the library
 * parses, simulates and fits through the C API. Built by tests/package/run.sh. */
#include <eis/c/eis.h>

#include <math.h>
#include <stdio.h>

int main(void) {
  const double truth[2] = {100.0, 1e-5}; /* p(R0,C0): R in ohm, C in F */
  double f[30], zr[30], zi[30], p[2];
  eis_circuit* c = NULL;
  eis_spectrum* s = NULL;
  eis_fit_result* r = NULL;
  int i;
  if (eis_abi_version() != EIS_ABI_VERSION)
    return 1;
  for (i = 0; i < 30; ++i) f[i] = pow(10.0, 5.0 - i / 5.0);
  if (eis_circuit_parse("p(R0,C0)", &c) != EIS_OK ||
      eis_circuit_evaluate(c, truth, 2, f, 30, zr, zi) != EIS_OK ||
      eis_spectrum_create(f, zr, zi, 30, &s) != EIS_OK ||
      eis_fit(c, s, NULL, 0, NULL, &r) != EIS_OK ||
      eis_fit_result_parameters(r, p, 2, NULL) != EIS_OK) {
    fprintf(stderr, "c consumer: %s\n", eis_last_error_message());
    return 1;
  }
  eis_fit_result_destroy(r);
  eis_spectrum_destroy(s);
  eis_circuit_destroy(c);
  if (fabs(p[0] / truth[0] - 1.0) > 1e-6 || fabs(p[1] / truth[1] - 1.0) > 1e-6) {
    fprintf(stderr, "c consumer: fitted %g %g\n", p[0], p[1]);
    return 1;
  }
  if (eis_circuit_parse("R0-", &c) != EIS_ERROR_PARSE)
    return 1;
  return 0;
}
