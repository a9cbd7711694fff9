// The three synthetic spectrum families of issue 5, with random realistic parameters drawn so
// that every feature is identifiable (successive arcs ≥ 1 decade apart in τ, the bulk apex
// below the top frequency, the spike or the interfacial arc inside the window):
//   blocking     p(R1,CPE1)-p(R2,CPE2)-CPE3   bulk + grain boundary + electrode spike (Au)
//   nonblocking  p(R1,CPE1)-p(R2,CPE2)-p(R3,CPE3)   bulk + grain boundary + interface (Na/Li)
//   fast         R1-p(R2,CPE2)-CPE3           bulk arc above the window: R + gb + spike
// Ranges (issue 5, METHODS.md §10.1): bulk C 1–20 pF, gb C 0.1–10 nF, electrode/interface C
// 0.1–10 µF, every R 1e3–1e8 Ω, R_gb/R_b and R_int/(R_b + R_gb) in 0.2–5, exponents bulk
// 0.8–0.97, gb 0.7–0.9, electrode 0.8–0.95. 81 points, 7 MHz to 0.1 Hz. On top of the
// geometric conditions, a draw must be identifiable at 0.5 % noise (identifiable() below).
#pragma once

#include <cmath>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include <eis/circuit/circuit.hpp>
#include <eis/circuit/evaluate.hpp>
#include <eis/spectrum.hpp>

namespace eis::test {

enum class Family { blocking, nonblocking, fast };

inline const char* circuit_of(Family f) {
  switch (f) {
    case Family::blocking:
      return "p(R1,CPE1)-p(R2,CPE2)-CPE3";
    case Family::nonblocking:
      return "p(R1,CPE1)-p(R2,CPE2)-p(R3,CPE3)";
    case Family::fast:
      return "R1-p(R2,CPE2)-CPE3";
  }
  return "";
}

// What the tests compare: resistances, effective capacitances and exponents.
struct Truth {
  std::vector<double> params;  // circuit order
  std::vector<double> resistances;
  std::vector<double> capacitances;  // C_eff per CPE (Hsu–Mansfeld for R∥CPE, Brug for spikes)
  std::vector<double> exponents;
};

inline constexpr double f_max_hz = 7e6;
inline constexpr double f_min_hz = 0.1;

inline std::vector<double> family_frequencies() {
  std::vector<double> f;
  for (int i = 0; i < 81; ++i) {  // 81 points, log-spaced, 7 MHz → 0.1 Hz
    f.push_back(f_max_hz * std::pow(f_min_hz / f_max_hz, i / 80.0));
  }
  return f;
}

// C_eff per CPE from a parameter vector of the family's circuit (METHODS.md §1.2).
inline Truth describe(Family family, const std::vector<double>& p) {
  Truth t;
  t.params = p;
  auto hsu = [](double r, double q, double n) {
    return std::pow(q, 1.0 / n) * std::pow(r, (1.0 - n) / n);
  };
  switch (family) {
    case Family::blocking:
      t.resistances = {p[0], p[3]};
      t.capacitances = {hsu(p[0], p[1], p[2]),
                        hsu(p[3], p[4], p[5]),
                        hsu(p[0] + p[3], p[6], p[7])};  // Brug blocking, R_s = R_b + R_gb
      t.exponents = {p[2], p[5], p[7]};
      break;
    case Family::nonblocking:
      t.resistances = {p[0], p[3], p[6]};
      t.capacitances = {hsu(p[0], p[1], p[2]), hsu(p[3], p[4], p[5]), hsu(p[6], p[7], p[8])};
      t.exponents = {p[2], p[5], p[8]};
      break;
    case Family::fast:
      t.resistances = {p[0], p[1]};
      t.capacitances = {hsu(p[1], p[2], p[3]), hsu(p[0] + p[1], p[4], p[5])};
      t.exponents = {p[3], p[5]};
      break;
  }
  return t;
}

// Identifiability at 0.5 % noise, from the Fisher information at the truth (the evaluator's
// analytic ∂Z/∂p; independent of the fitter): the expected standard error
// of every R and C_eff must be ≤ 5 %/3.5 and of every n ≤ 0.03/3.5, so that a correct fit
// misses the tolerance in well under 1 % of the cases. The geometric conditions (τ
// ratios, apex inside the window) are necessary but not sufficient: two arcs a decade apart
// with R ratio 0.2 and n = 0.7 cannot give the smaller R to 5 % at 0.5 % noise.
inline bool identifiable(Family family, const std::vector<double>& p) {
  static const std::vector<double> f = family_frequencies();
  std::vector<double> omega;
  for (const double fi : f) {
    omega.push_back(2.0 * std::numbers::pi * fi);
  }
  CircuitEvaluator evaluator(parse_circuit(circuit_of(family)));
  const auto n_p = static_cast<Eigen::Index>(p.size());
  const auto n_f = static_cast<Eigen::Index>(f.size());
  std::vector<Complex> base(f.size());
  std::vector<Complex> dz(f.size() * p.size());
  evaluator.evaluate(omega, p, base, dz);  // analytic ∂Z/∂p (tested in tests/circuit)
  Eigen::MatrixXd j(2 * n_f, n_p);
  std::vector<bool> is_exponent(p.size(), false);
  for (std::size_t k = 0; k < p.size(); ++k) {
    is_exponent[k] = evaluator.circuit().parameters()[k].scale == ParameterScale::linear;
    const double scale = is_exponent[k] ? 1.0 : p[k];  // ∂/∂ln p = p·∂/∂p
    for (Eigen::Index i = 0; i < n_f; ++i) {
      const auto ui = static_cast<std::size_t>(i);
      const Complex d = scale * dz[k * f.size() + ui] / (0.005 * std::abs(base[ui]));
      j(2 * i, static_cast<Eigen::Index>(k)) = d.real();
      j(2 * i + 1, static_cast<Eigen::Index>(k)) = d.imag();
    }
  }
  const Eigen::MatrixXd cov = (j.transpose() * j).inverse();  // in (ln p, n)
  if (!cov.allFinite()) {
    return false;
  }
  constexpr double factor = 3.5;
  for (Eigen::Index k = 0; k < n_p; ++k) {
    const double limit = is_exponent[static_cast<std::size_t>(k)] ? 0.03 : 0.05;
    if (factor * std::sqrt(cov(k, k)) > limit) {
      return false;
    }
  }
  // C_eff = Q^{1/n} R^{(1−n)/n}: ln C = ln Q/n + (1−n)/n·ln R, gradient in (ln Q, ln R, n).
  auto check_c = [&](Eigen::Index q, Eigen::Index n, std::vector<Eigen::Index> rs) {
    const auto uq = static_cast<std::size_t>(q);
    const auto un = static_cast<std::size_t>(n);
    double r_total = 0.0;
    for (const auto r : rs) {
      r_total += p[static_cast<std::size_t>(r)];
    }
    Eigen::VectorXd g = Eigen::VectorXd::Zero(n_p);
    const double nn = p[un];
    g(q) = 1.0 / nn;
    for (const auto r : rs) {  // d ln R_total / d ln R_k = R_k/R_total
      g(r) = (1.0 - nn) / nn * p[static_cast<std::size_t>(r)] / r_total;
    }
    g(n) = -(std::log(p[uq]) + std::log(r_total)) / (nn * nn);
    return factor * std::sqrt(g.dot(cov * g)) <= 0.05;
  };
  switch (family) {
    case Family::blocking:
      return check_c(1, 2, {0}) && check_c(4, 5, {3}) && check_c(6, 7, {0, 3});
    case Family::nonblocking:
      return check_c(1, 2, {0}) && check_c(4, 5, {3}) && check_c(7, 8, {6});
    case Family::fast:
      return check_c(2, 3, {1}) && check_c(4, 5, {0, 1});
  }
  return false;
}

// Draws one identifiable parameter set (rejection sampling).
inline std::vector<double> draw(Family family, std::mt19937_64& engine) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  auto log_uniform = [&](double lo, double hi) {
    return std::exp(std::log(lo) + u(engine) * (std::log(hi) - std::log(lo)));
  };
  auto uniform = [&](double lo, double hi) { return lo + u(engine) * (hi - lo); };
  const double two_pi = 2.0 * std::numbers::pi;
  for (;;) {
    const double r_b = log_uniform(1e3, 1e8);
    const double r_gb = r_b * log_uniform(0.2, 5.0);
    const double c_b = log_uniform(1e-12, 20e-12);
    const double c_gb = log_uniform(1e-10, 1e-8);
    const double c_el = log_uniform(1e-7, 1e-5);
    const double n_b = uniform(0.8, 0.97);
    const double n_gb = uniform(0.7, 0.9);
    const double n_el = uniform(0.8, 0.95);
    if (r_gb < 1e3 || r_gb > 1e8) {
      continue;
    }
    const double tau_b = r_b * c_b;
    const double tau_gb = r_gb * c_gb;
    const double f_b = 1.0 / (two_pi * tau_b);
    const double f_gb = 1.0 / (two_pi * tau_gb);
    if (tau_gb < 10.0 * tau_b) {
      continue;
    }
    const double q_b = std::pow(tau_b, n_b) / r_b;
    const double q_gb = std::pow(tau_gb, n_gb) / r_gb;
    if (family == Family::nonblocking) {
      const double r_int = (r_b + r_gb) * log_uniform(0.2, 5.0);
      const double tau_int = r_int * c_el;
      const double f_int = 1.0 / (two_pi * tau_int);
      if (r_int < 1e3 || r_int > 1e8 || tau_int < 10.0 * tau_gb || f_b > f_max_hz / 3.0 ||
          f_int < 10.0 * f_min_hz) {
        continue;
      }
      std::vector<double> p{
          r_b, q_b, n_b, r_gb, q_gb, n_gb, r_int, std::pow(tau_int, n_el) / r_int, n_el};
      if (identifiable(family, p)) {
        return p;
      }
      continue;
    }
    // Spike: Brug C_eff = Q^{1/n} R_s^{(1−n)/n} → Q = C^n R_s^{n−1}. Its corner, where
    // |Z_CPE| = R_s, must lie a decade inside the window and a decade below the gb apex.
    const double r_s = family == Family::blocking ? r_b + r_gb : r_b + r_gb;
    const double q_el = std::pow(c_el, n_el) * std::pow(r_s, n_el - 1.0);
    const double f_corner = std::pow(1.0 / (q_el * r_s), 1.0 / n_el) / two_pi;
    if (f_corner < 10.0 * f_min_hz || f_corner > f_gb / 10.0) {
      continue;
    }
    if (family == Family::blocking) {
      if (f_b > f_max_hz / 3.0) {
        continue;
      }
      std::vector<double> p{r_b, q_b, n_b, r_gb, q_gb, n_gb, q_el, n_el};
      if (identifiable(family, p)) {
        return p;
      }
      continue;
    }
    // Fast conductor: its circuit has no bulk capacitance (the bulk arc lies above the window
    // by construction); the gb apex must be inside the window.
    if (f_gb > f_max_hz / 3.0) {
      continue;
    }
    std::vector<double> p{r_b, r_gb, q_gb, n_gb, q_el, n_el};
    if (identifiable(family, p)) {
      return p;
    }
  }
}

inline Spectrum noisy_spectrum(const Circuit& c,
                               const std::vector<double>& p,
                               double noise,
                               std::uint64_t seed) {
  Spectrum s;
  s.frequency_hz = family_frequencies();
  s.impedance_ohm =
      simulate_with_noise(c, s.frequency_hz, p, {.relative_noise = noise, .seed = seed});
  return s;
}

// Every R and C_eff within `rel`, every n within `dn`.
inline bool recovered(Family family,
                      const std::vector<double>& fitted,
                      const Truth& truth,
                      double rel,
                      double dn,
                      std::string* why = nullptr) {
  const Truth got = describe(family, fitted);
  auto near = [rel](double a, double b) { return std::abs(a - b) <= rel * std::abs(b); };
  for (std::size_t k = 0; k < truth.resistances.size(); ++k) {
    if (!near(got.resistances[k], truth.resistances[k])) {
      if (why) {
        *why = "R[" + std::to_string(k) + "] " + std::to_string(got.resistances[k]) + " vs " +
               std::to_string(truth.resistances[k]);
      }
      return false;
    }
  }
  for (std::size_t k = 0; k < truth.capacitances.size(); ++k) {
    if (!near(got.capacitances[k], truth.capacitances[k])) {
      if (why) {
        *why = "C[" + std::to_string(k) + "] " +
               std::to_string(got.capacitances[k] / truth.capacitances[k]) + " (ratio)";
      }
      return false;
    }
  }
  for (std::size_t k = 0; k < truth.exponents.size(); ++k) {
    if (std::abs(got.exponents[k] - truth.exponents[k]) > dn) {
      if (why) {
        *why = "n[" + std::to_string(k) + "] " + std::to_string(got.exponents[k]) + " vs " +
               std::to_string(truth.exponents[k]);
      }
      return false;
    }
  }
  return true;
}

}  // namespace eis::test
