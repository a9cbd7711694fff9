#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>
#include <eis/validation/residuals.hpp>

namespace eis::validation {

RelativeResiduals relative_residuals(SpectrumView spectrum, std::span<const Complex> fitted_ohm) {
  if (spectrum.impedance_ohm.size() != fitted_ohm.size()) {
    throw InvalidArgument("relative_residuals: spectrum has " +
                          eis::detail::to_text(spectrum.impedance_ohm.size()) +
                          " points but the model " + eis::detail::to_text(fitted_ohm.size()));
  }
  RelativeResiduals r;
  r.real.resize(fitted_ohm.size());
  r.imag.resize(fitted_ohm.size());
  for (std::size_t i = 0; i < fitted_ohm.size(); ++i) {
    const Complex z = spectrum.impedance_ohm[i];
    const double modulus = std::abs(z);
    if (!(modulus > 0.0)) {
      throw InvalidArgument("relative_residuals: |Z| is 0 at index " + eis::detail::to_text(i));
    }
    // METHODS.md §4.1 step 5: Δ = (Z − Ẑ)/|Z|.
    r.real[i] = (z.real() - fitted_ohm[i].real()) / modulus;
    r.imag[i] = (z.imag() - fitted_ohm[i].imag()) / modulus;
  }
  return r;
}

double pseudo_chi_square(const RelativeResiduals& residuals) noexcept {
  // METHODS.md §3.7 (Boukamp 1995 eq. 14).
  double sum = 0.0;
  for (double d : residuals.real) {
    sum += d * d;
  }
  for (double d : residuals.imag) {
    sum += d * d;
  }
  return sum;
}

namespace {

double median_in_place(std::vector<double>& v) {
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  double m = *mid;
  if (v.size() % 2 == 0) {
    m = 0.5 * (m + *std::max_element(v.begin(), mid));
  }
  return m;
}

}  // namespace

double estimate_noise_level(std::span<const double> frequency_hz,
                            const RelativeResiduals& residuals) {
  const std::size_t n = frequency_hz.size();
  if (residuals.real.size() != n || residuals.imag.size() != n) {
    throw InvalidArgument("estimate_noise_level: " + eis::detail::to_text(n) + " frequencies but " +
                          eis::detail::to_text(residuals.real.size()) + " residuals");
  }
  if (n < 3) {
    return 0.0;
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return frequency_hz[a] < frequency_hz[b];
  });
  std::vector<double> d;
  d.reserve(2 * (n - 1));
  for (std::size_t k = 0; k + 1 < n; ++k) {
    d.push_back(residuals.real[order[k + 1]] - residuals.real[order[k]]);
    d.push_back(residuals.imag[order[k + 1]] - residuals.imag[order[k]]);
  }
  std::vector<double> work = d;
  const double centre = median_in_place(work);
  for (double& x : d) {
    x = std::abs(x - centre);
  }
  // 1.4826 = 1/Φ⁻¹(3/4) makes the MAD a consistent estimator of a Gaussian σ.
  return 1.482602218505602 * median_in_place(d) / std::sqrt(2.0);
}

}  // namespace eis::validation
