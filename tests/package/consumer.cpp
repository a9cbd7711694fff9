// Uses the library through its public headers only; exits 0 when the computation is right.
#include <cmath>
#include <cstdio>
#include <vector>

#include <eis/spectrum.hpp>
#include <eis/version.hpp>

int main() {
  const std::vector<double> f{1.0, 10.0};
  const std::vector<eis::Complex> z{{100.0, 0.0}, {100.0, 0.0}};
  const auto y = eis::admittance({f, z});
  std::printf("libeis %s: Y = %g S\n", eis::version_string, y[0].real());
  return std::abs(y[0].real() - 0.01) < 1e-15 ? 0 : 1;
}
