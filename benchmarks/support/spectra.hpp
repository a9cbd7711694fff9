// Synthetic spectra shared by the benchmarks (header-only; benchmarks only).
#pragma once

#include <cmath>
#include <complex>
#include <cstdint>
#include <numbers>
#include <vector>

#include <eis/circuit/evaluate.hpp>
#include <eis/spectrum.hpp>

namespace eis::bench {

/// R0 + two ZARCs (2 kΩ at τ = 10 µs, n = 0.8; 10 kΩ at τ = 0.1 s, n = 0.7), `points`
/// log-spaced from 1 MHz down to 0.01 Hz (8 decades), noise-free.
inline Spectrum two_zarc_spectrum(int points) {
  const std::complex<double> j{0.0, 1.0};
  Spectrum s;
  for (int i = 0; i < points; ++i) {
    const double f = 1e6 * std::pow(10.0, -8.0 * i / (points - 1));
    const double w = 2.0 * std::numbers::pi * f;
    s.frequency_hz.push_back(f);
    s.impedance_ohm.push_back(50.0 + 2e3 / (1.0 + std::pow(j * w * 1e-5, 0.8)) +
                              1e4 / (1.0 + std::pow(j * w * 1e-1, 0.7)));
  }
  return s;
}

/// The three-arc spectrum of the fit benchmarks: R0-p(R1,CPE1)-p(R2,CPE2)-p(R3,CPE3) with bulk
/// 1e5 Ω / 5 pF, gb 2e5 Ω / 1 nF, interface 5e5 Ω / 1 µF (n = 0.92, 0.8, 0.85), 81 points from
/// 7 MHz to 0.1 Hz, Gaussian noise 0.5 % of |Z| drawn from `seed`.
struct ThreeArcs {
  Circuit circuit = parse_circuit("R0-p(R1,CPE1)-p(R2,CPE2)-p(R3,CPE3)");
  std::vector<double> parameters;
  std::vector<double> frequency_hz;

  ThreeArcs() {
    const double r1 = 1e5, r2 = 2e5, r3 = 5e5;
    const double t1 = r1 * 5e-12, t2 = r2 * 1e-9, t3 = r3 * 1e-6;
    parameters = {50.0,
                  r1,
                  std::pow(t1, 0.92) / r1,
                  0.92,
                  r2,
                  std::pow(t2, 0.8) / r2,
                  0.8,
                  r3,
                  std::pow(t3, 0.85) / r3,
                  0.85};
    for (int i = 0; i < 81; ++i) {
      frequency_hz.push_back(7e6 * std::pow(0.1 / 7e6, i / 80.0));
    }
  }

  [[nodiscard]] Spectrum spectrum(std::uint64_t seed) const {
    Spectrum s;
    s.frequency_hz = frequency_hz;
    s.impedance_ohm = simulate_with_noise(
        circuit, frequency_hz, parameters, {.relative_noise = 0.005, .seed = seed});
    return s;
  }
};

}  // namespace eis::bench
