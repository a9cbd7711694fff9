#include <cmath>
#include <numbers>
#include <string>

#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>
#include <eis/spectrum.hpp>
#include <eis/units.hpp>

namespace eis {

void validate_spectrum(SpectrumView spectrum, std::size_t min_points) {
  if (spectrum.frequency_hz.size() != spectrum.impedance_ohm.size()) {
    throw InvalidArgument(
        "spectrum has " + eis::detail::to_text(spectrum.frequency_hz.size()) + " frequencies but " +
        eis::detail::to_text(spectrum.impedance_ohm.size()) + " impedance values");
  }
  if (spectrum.size() < min_points) {
    throw InvalidArgument("spectrum has " + eis::detail::to_text(spectrum.size()) +
                          " points; at least " + eis::detail::to_text(min_points) + " are needed");
  }
  for (std::size_t i = 0; i < spectrum.size(); ++i) {
    const double f = spectrum.frequency_hz[i];
    if (!std::isfinite(f) || f <= 0.0) {
      throw InvalidArgument("frequency at index " + eis::detail::to_text(i) + " is " +
                            eis::detail::to_text(f) + " Hz; frequencies must be finite and > 0");
    }
    const Complex z = spectrum.impedance_ohm[i];
    if (!std::isfinite(z.real()) || !std::isfinite(z.imag())) {
      throw InvalidArgument("impedance at index " + eis::detail::to_text(i) +
                            " (f = " + eis::detail::to_text(f) + " Hz) is not finite");
    }
  }
}

std::vector<double> angular_frequencies(std::span<const double> frequency_hz) {
  std::vector<double> omega(frequency_hz.size());
  for (std::size_t i = 0; i < frequency_hz.size(); ++i) {
    omega[i] = units::angular_frequency(frequency_hz[i]);
  }
  return omega;
}

std::vector<Complex> admittance(SpectrumView spectrum) {
  std::vector<Complex> y(spectrum.size());
  for (std::size_t i = 0; i < spectrum.size(); ++i) {
    y[i] = 1.0 / spectrum.impedance_ohm[i];
  }
  return y;
}

std::vector<Complex> complex_capacitance(SpectrumView spectrum) {
  std::vector<Complex> c(spectrum.size());
  for (std::size_t i = 0; i < spectrum.size(); ++i) {
    const Complex jw{0.0, units::angular_frequency(spectrum.frequency_hz[i])};
    c[i] = 1.0 / (jw * spectrum.impedance_ohm[i]);
  }
  return c;
}

std::vector<Complex> modulus(SpectrumView spectrum, double empty_cell_capacitance_f) {
  if (!(empty_cell_capacitance_f > 0.0) || !std::isfinite(empty_cell_capacitance_f)) {
    throw InvalidArgument("empty-cell capacitance must be finite and > 0 F, got " +
                          eis::detail::to_text(empty_cell_capacitance_f));
  }
  std::vector<Complex> m(spectrum.size());
  for (std::size_t i = 0; i < spectrum.size(); ++i) {
    const Complex jw{0.0, units::angular_frequency(spectrum.frequency_hz[i])};
    m[i] = jw * empty_cell_capacitance_f * spectrum.impedance_ohm[i];
  }
  return m;
}

std::vector<Complex> permittivity(SpectrumView spectrum, double empty_cell_capacitance_f) {
  auto m = modulus(spectrum, empty_cell_capacitance_f);
  for (auto& v : m) {
    v = 1.0 / v;
  }
  return m;
}

SignCheck check_sign_convention(SpectrumView spectrum) {
  SignCheck check;
  for (const auto& z : spectrum.impedance_ohm) {
    if (z.imag() > 0.0) {
      ++check.positive_imaginary;
    } else if (z.imag() < 0.0) {
      ++check.negative_imaginary;
    }
  }
  check.suspicious = check.positive_imaginary > check.negative_imaginary;
  if (check.suspicious) {
    check.message = eis::detail::to_text(check.positive_imaginary) + " of " +
                    eis::detail::to_text(spectrum.size()) +
                    " points have Z'' > 0: the file may store -Z'' (capacitive Z'' should be < 0); "
                    "the values were kept as read";
  }
  return check;
}

}  // namespace eis
