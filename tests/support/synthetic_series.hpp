/// @file
/// Synthetic temperature series for the conductivity tests and benchmarks, written with
/// closed-form impedances (R‖CPE: Z = R/(1 + R·Q·(jω)^n); CPE: Z = 1/(Q·(jω)^n), METHODS.md
/// §1.1) so they stay independent of the library's circuit code. Parameter choices follow
/// METHODS.md §10.1 (ranges for synthetic test data).
///
/// * li2b12h12_like_series(): Au|SE|Au (blocking), heating runs 1 and 4, 300–660 K in 20 K
///   steps, an order–disorder transition at 615 K (bulk σ jumps to 0.04 S/cm, E_a 0.25 eV),
///   run 4 at 0.4× run 1's conductivity below the transition (same above); the bulk arc
///   leaves the 0.1 Hz–1 MHz window near 390 K and the grain-boundary arc near 460 K.
/// * na_symmetric_series(): Na|SE|Na (non-blocking), heating runs 1 and 4, 300–560 K, transition
///   at 529 K, run 4 at 0.7× run 1 below it, an interfacial arc (C 2 µF) instead of the spike.
#pragma once

#include <cmath>
#include <complex>
#include <cstdint>
#include <numbers>
#include <random>
#include <string>
#include <vector>

namespace eis::test {

struct SyntheticSpectrum {
  std::string file;
  int cycle = 1;
  bool heating = true;
  double temperature_k = 0.0;
  std::vector<double> frequency_hz;
  std::vector<std::complex<double>> impedance_ohm;
  // Truth.
  double r_bulk_ohm = 0.0;
  double r_gb_ohm = 0.0;
  double r_interface_total_ohm = 0.0;  ///< 2·R_int (non-blocking), 0 for blocking cells
  double c_bulk_f = 0.0;               ///< Hsu–Mansfeld C_eff of the bulk arc
  double c_gb_f = 0.0;
  double sigma_bulk_s_per_cm = 0.0;
  double sigma_total_s_per_cm = 0.0;
  double bulk_apex_hz = 0.0;
  double gb_apex_hz = 0.0;
};

struct SyntheticSeries {
  double thickness_cm = 0.1;
  double diameter_cm = 0.8;
  bool blocking = true;
  double max_frequency_hz = 1e6;
  std::vector<SyntheticSpectrum> spectra;
  [[nodiscard]] double area_cm2() const {
    return std::numbers::pi * diameter_cm * diameter_cm / 4.0;
  }
};

namespace synthetic_detail {

inline constexpr double k_b = 8.617333262e-5;  // eV/K, CODATA 2018
inline constexpr double eps0_f_per_cm = 8.8541878128e-14;

/// (jω)^n = ω^n·(cos(nπ/2) + j·sin(nπ/2)) (METHODS.md §1.3).
inline std::complex<double> jw_pow(double omega, double n) {
  const double mag = std::pow(omega, n);
  return {mag * std::cos(n * std::numbers::pi / 2.0), mag * std::sin(n * std::numbers::pi / 2.0)};
}
/// R‖CPE with the CPE given by its Hsu–Mansfeld capacitance: Q = C^n·R^{n−1} (METHODS.md §1.2).
inline std::complex<double> arc(double omega, double r, double c_eff, double n) {
  const double q = std::pow(c_eff, n) * std::pow(r, n - 1.0);
  return r / (1.0 + r * q * jw_pow(omega, n));
}
inline std::complex<double> cpe(double omega, double q, double n) {
  return 1.0 / (q * jw_pow(omega, n));
}
/// 1 MHz down to 0.1 Hz, 10 points per decade (METHODS.md §10.1).
inline std::vector<double> frequencies() {
  std::vector<double> f;
  for (int k = 0; k <= 70; ++k) {
    f.push_back(std::pow(10.0, 6.0 - k / 10.0));
  }
  return f;
}
/// σT-Arrhenius: σ(T) = σ_ref·(T_ref/T)·exp(−E_a/k_B·(1/T − 1/T_ref)) (METHODS.md §7.2 form 2).
inline double arrhenius_t(double sigma_ref, double t_ref, double ea_ev, double t) {
  return sigma_ref * (t_ref / t) * std::exp(-ea_ev / k_b * (1.0 / t - 1.0 / t_ref));
}

struct Recipe {
  bool blocking = true;
  double thickness_cm = 0.1;
  double diameter_cm = 0.8;
  double t_min = 300.0, t_max = 660.0, t_step = 20.0;
  double t_c = 615.0;
  double sigma_b_300 = 1e-7, ea_b = 0.55;                    // ordered phase (run 1)
  double sigma_b_hi = 0.04, t_hi_ref = 620.0, ea_hi = 0.25;  // disordered phase
  double gb_ratio_300 = 2.0, ea_gb_extra = 0.10;             // R_gb/R_b, and E_a(gb) − E_a(bulk)
  double eps_r = 20.0, n_b = 0.92;
  double c_gb = 2e-10, n_gb = 0.80;
  double q_el = 2e-6, n_el = 0.88;                                    // blocking spike
  double r_int_300 = 2e5, ea_int = 0.40, c_int = 2e-6, n_int = 0.85;  // 2·R_int (non-blocking)
  double run4_factor = 0.4;  // σ(run 4)/σ(run 1) below T_c
  double noise = 0.002;      // relative Gaussian noise on Z' and Z''
  std::uint64_t seed = 1;
};

inline SyntheticSeries make_series(const Recipe& p) {
  SyntheticSeries s;
  s.thickness_cm = p.thickness_cm;
  s.diameter_cm = p.diameter_cm;
  s.blocking = p.blocking;
  const double l_over_a = p.thickness_cm / s.area_cm2();
  const auto freqs = frequencies();
  s.max_frequency_hz = freqs.front();
  std::mt19937_64 rng(p.seed);
  std::normal_distribution<double> gauss(0.0, 1.0);
  for (const int cycle : {1, 4}) {
    for (double t = p.t_min; t <= p.t_max + 1e-9; t += p.t_step) {
      SyntheticSpectrum sp;
      sp.cycle = cycle;
      sp.temperature_k = t;
      sp.file = "run" + std::to_string(cycle) + "_" + std::to_string(static_cast<int>(t)) + "K.txt";
      const bool ordered = t < p.t_c;
      double sigma_b = ordered ? arrhenius_t(p.sigma_b_300, 300.0, p.ea_b, t)
                               : arrhenius_t(p.sigma_b_hi, p.t_hi_ref, p.ea_hi, t);
      if (ordered && cycle == 4) {
        sigma_b *= p.run4_factor;
      }
      const double gb_ratio =
          p.gb_ratio_300 * std::exp(p.ea_gb_extra / k_b * (1.0 / t - 1.0 / 300.0));
      sp.r_bulk_ohm = l_over_a / sigma_b;
      sp.r_gb_ohm = gb_ratio * sp.r_bulk_ohm;
      sp.c_bulk_f = eps0_f_per_cm * p.eps_r / l_over_a;
      sp.c_gb_f = p.c_gb;
      sp.sigma_bulk_s_per_cm = sigma_b;
      sp.sigma_total_s_per_cm = l_over_a / (sp.r_bulk_ohm + sp.r_gb_ohm);
      sp.bulk_apex_hz = 1.0 / (2.0 * std::numbers::pi * sp.r_bulk_ohm * sp.c_bulk_f);
      sp.gb_apex_hz = 1.0 / (2.0 * std::numbers::pi * sp.r_gb_ohm * sp.c_gb_f);
      if (!p.blocking) {
        sp.r_interface_total_ohm = p.r_int_300 * std::exp(p.ea_int / k_b * (1.0 / t - 1.0 / 300.0));
      }
      for (const double f : freqs) {
        const double w = 2.0 * std::numbers::pi * f;
        std::complex<double> z =
            arc(w, sp.r_bulk_ohm, sp.c_bulk_f, p.n_b) + arc(w, sp.r_gb_ohm, sp.c_gb_f, p.n_gb);
        z += p.blocking ? cpe(w, p.q_el, p.n_el)
                        : arc(w, sp.r_interface_total_ohm, p.c_int, p.n_int);
        const double scale = p.noise * std::abs(z);
        z += std::complex<double>(scale * gauss(rng), scale * gauss(rng));
        sp.frequency_hz.push_back(f);
        sp.impedance_ohm.push_back(z);
      }
      s.spectra.push_back(std::move(sp));
    }
  }
  return s;
}

}  // namespace synthetic_detail

/// Li₂B₁₂H₁₂-like blocking series (see the file comment).
inline SyntheticSeries li2b12h12_like_series(std::uint64_t seed = 1, double noise = 0.002) {
  synthetic_detail::Recipe r;
  r.seed = seed;
  r.noise = noise;
  return synthetic_detail::make_series(r);
}

/// Na|SE|Na non-blocking series (Na₂B₁₂H₁₂-like, transition at 529 K; see the file comment).
inline SyntheticSeries na_symmetric_series(std::uint64_t seed = 2, double noise = 0.002) {
  synthetic_detail::Recipe r;
  r.blocking = false;
  r.t_max = 560.0;
  r.t_c = 529.0;
  r.sigma_b_300 = 1e-7;
  r.ea_b = 0.50;
  r.sigma_b_hi = 0.05;
  r.t_hi_ref = 540.0;
  r.ea_hi = 0.21;
  r.run4_factor = 0.7;
  r.seed = seed;
  r.noise = noise;
  return synthetic_detail::make_series(r);
}

}  // namespace eis::test
