// Synthetic σ(T) data for the conductivity tests: Arrhenius phases with a jump, VTF curves,
// and 1 % multiplicative Gaussian noise from a fixed seed. Expected values in the tests come
// from the generating parameters, never from the code under test.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include <eis/conductivity/point.hpp>
#include <eis/units.hpp>

namespace eis::test {

/// Temperatures every `fine_k` within ±`window_k` of `center_k` and every `coarse_k` elsewhere
/// in [t_min_k, t_max_k] (the grid of issue 8: 4 K within ±20 K, 15 K elsewhere).
inline std::vector<double> transition_grid(double center_k,
                                           double t_min_k = 400.0,
                                           double t_max_k = 650.0,
                                           double window_k = 20.0,
                                           double fine_k = 4.0,
                                           double coarse_k = 15.0) {
  std::vector<double> below, t;
  for (double v = center_k - window_k - coarse_k; v >= t_min_k; v -= coarse_k) {
    below.push_back(v);
  }
  t.assign(below.rbegin(), below.rend());
  for (double v = center_k - window_k; v <= center_k + window_k + 1e-9; v += fine_k) {
    t.push_back(v);
  }
  for (double v = center_k + window_k + coarse_k; v <= t_max_k; v += coarse_k) {
    t.push_back(v);
  }
  return t;
}

/// σT = A·exp(−Ea/k_BT) with Ea_low below T_c and Ea_high at and above it; the high phase is
/// `jump_decades` above the low phase at T_c. log10 A of the low phase = log10_a_low.
struct JumpLaw {
  double tc_k = 529.0;
  double ea_low_ev = 0.8;
  double ea_high_ev = 0.2;
  double jump_decades = 1.5;
  double log10_a_low = 6.0;
  [[nodiscard]] double log10_sigma_t(double t) const {
    const double c = 1.0 / (units::boltzmann_ev_per_k * std::numbers::ln10);
    const double low = log10_a_low - ea_low_ev * c / t;
    if (t < tc_k) {
      return low;
    }
    const double low_at_tc = log10_a_low - ea_low_ev * c / tc_k;
    const double log10_a_high = low_at_tc + jump_decades + ea_high_ev * c / tc_k;
    return log10_a_high - ea_high_ev * c / t;
  }
  [[nodiscard]] double sigma(double t) const { return std::pow(10.0, log10_sigma_t(t)) / t; }
};

/// Points of `law` (callable σ(T)) on the grid with relative Gaussian noise `rel`.
template <class Law>
std::vector<conductivity::ConductivityPoint> noisy_points(
    const Law& law,
    const std::vector<double>& grid,
    double rel,
    std::uint64_t seed,
    int cycle = 1,
    conductivity::Direction direction = conductivity::Direction::unknown) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<conductivity::ConductivityPoint> p;
  for (const double t : grid) {
    p.push_back({.temperature_k = t,
                 .sigma_s_per_cm = law(t) * (1.0 + rel * normal(rng)),
                 .cycle = cycle,
                 .direction = direction});
  }
  return p;
}

}  // namespace eis::test
