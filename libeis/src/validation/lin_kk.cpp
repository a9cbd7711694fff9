#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include <Eigen/Dense>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/policies/policy.hpp>

#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>
#include <eis/validation/lin_kk.hpp>
#include <eis/validation/residuals.hpp>

namespace eis::validation {

namespace {

// Explicit Boost.Math policy (CONVENTIONS.md §5): report domain/overflow problems through errno
// and return a value, never throw and never consult global macros.
using MathPolicy = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::errno_on_error>,
    boost::math::policies::overflow_error<boost::math::policies::errno_on_error>,
    boost::math::policies::evaluation_error<boost::math::policies::errno_on_error>>;

struct Design {
  Eigen::MatrixXd matrix;  // 2N × p, rows weighted by 1/|datum|, columns unscaled
  Eigen::VectorXd rhs;     // [Re d; Im d] / |d|
};

// Columns: 0 → R₀ (or G₀), 1..M → R_k (or G_k), then optional C term, then optional L term.
struct Layout {
  int m = 0;
  int c_col = -1;
  int l_col = -1;
  int p = 0;
};

Layout make_layout(int m, const LinKkOptions& o) {
  Layout l;
  l.m = m;
  int next = 1 + m;
  if (o.capacitance) {
    l.c_col = next++;
  }
  if (o.inductance) {
    l.l_col = next++;
  }
  l.p = next;
  return l;
}

std::vector<double> time_constants(int m, double omega_min, double omega_max, double ext) {
  // METHODS.md §4.1 step 1 (with pyimpspec's extension factor F).
  const double log_min = std::log10(1.0 / (ext * omega_max));
  const double log_max = std::log10(ext / omega_min);
  std::vector<double> tau(static_cast<std::size_t>(m));
  for (int k = 0; k < m; ++k) {
    const double t = m == 1 ? 0.5 : static_cast<double>(k) / static_cast<double>(m - 1);
    tau[static_cast<std::size_t>(k)] = std::pow(10.0, log_min + t * (log_max - log_min));
  }
  return tau;
}

// Complex basis value of column j at angular frequency w.
Complex basis(const Layout& l, const std::vector<double>& tau, KkDomain domain, int j, double w) {
  const Complex jw{0.0, w};
  if (j == 0) {
    return {1.0, 0.0};
  }
  if (j <= l.m) {
    const double t = tau[static_cast<std::size_t>(j - 1)];
    if (domain == KkDomain::impedance) {
      return 1.0 / (1.0 + jw * t);  // R_k/(1 + jωτ_k)
    }
    return jw * t / (1.0 + jw * t);  // G_k·jωτ_k/(1 + jωτ_k): series R_k–C_k
  }
  if (j == l.c_col) {
    // Impedance: 1/(jωC) with parameter 1/C. Admittance: jωC with parameter C.
    return domain == KkDomain::impedance ? 1.0 / jw : jw;
  }
  // Inductance. Impedance: jωL with parameter L. Admittance: 1/(jωL) with parameter 1/L.
  return domain == KkDomain::impedance ? jw : 1.0 / jw;
}

struct Solution {
  Eigen::VectorXd x;
  std::vector<Complex> model;  // in the fitted domain
  double mu = std::numeric_limits<double>::quiet_NaN();
};

Solution solve(const Layout& l,
               const std::vector<double>& tau,
               KkDomain domain,
               const std::vector<double>& omega,
               const std::vector<Complex>& data) {
  const auto n = static_cast<Eigen::Index>(omega.size());
  Eigen::MatrixXd a(2 * n, l.p);
  Eigen::VectorXd b(2 * n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto iu = static_cast<std::size_t>(i);
    const double w = 1.0 / std::abs(data[iu]);  // METHODS.md §4.1 step 3: rows / |Z_i|
    b(i) = data[iu].real() * w;
    b(n + i) = data[iu].imag() * w;
    for (int j = 0; j < l.p; ++j) {
      const Complex v = basis(l, tau, domain, j, omega[iu]);
      a(i, j) = v.real() * w;
      a(n + i, j) = v.imag() * w;
    }
  }
  // Column normalisation: the R, L and C columns differ by many orders of magnitude.
  Eigen::VectorXd scale(l.p);
  for (int j = 0; j < l.p; ++j) {
    const double nrm = a.col(j).norm();
    scale(j) = nrm > 0.0 ? 1.0 / nrm : 1.0;
    a.col(j) *= scale(j);
  }
  Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd> cod(a);
  Solution s;
  s.x = cod.solve(b).cwiseProduct(scale);
  s.model.resize(omega.size());
  for (std::size_t i = 0; i < omega.size(); ++i) {
    Complex v{0.0, 0.0};
    for (int j = 0; j < l.p; ++j) {
      v += s.x(j) * basis(l, tau, domain, j, omega[i]);
    }
    s.model[i] = v;
  }
  // μ (Schönleber eq. 21; METHODS.md §4.1 step 4) over the RC coefficients.
  double pos = 0.0;
  double neg = 0.0;
  for (int k = 1; k <= l.m; ++k) {
    (s.x(k) >= 0.0 ? pos : neg) += std::abs(s.x(k));
  }
  s.mu = pos > 0.0 ? std::clamp(1.0 - neg / pos, 0.0, 1.0) : 0.0;
  return s;
}

}  // namespace

std::string_view to_string(KkDomain domain) noexcept {
  return domain == KkDomain::impedance ? "impedance" : "admittance";
}

KkDomain parse_kk_domain(std::string_view name) {
  if (name == "impedance") {
    return KkDomain::impedance;
  }
  if (name == "admittance") {
    return KkDomain::admittance;
  }
  throw InvalidArgument("unknown Lin-KK domain '" + std::string(name) +
                        "' (expected impedance or admittance)");
}

std::optional<std::string> LinKkOptions::validate() const {
  if (elements < 0) {
    return "elements must be ≥ 0 (0 = automatic), got " + eis::detail::to_text(elements);
  }
  if (!(mu_threshold > 0.0 && mu_threshold <= 1.0)) {
    return "mu_threshold must be in (0, 1], got " + eis::detail::to_text(mu_threshold);
  }
  if (max_elements < 1) {
    return "max_elements must be ≥ 1, got " + eis::detail::to_text(max_elements);
  }
  if (!(tau_range_extension >= 1.0) || !std::isfinite(tau_range_extension)) {
    return "tau_range_extension must be finite and ≥ 1, got " +
           eis::detail::to_text(tau_range_extension);
  }
  if (!(adequacy_factor >= 1.0) || !std::isfinite(adequacy_factor)) {
    return "adequacy_factor must be finite and ≥ 1, got " + eis::detail::to_text(adequacy_factor);
  }
  if (!(adequacy_rms >= 0.0) || !std::isfinite(adequacy_rms)) {
    return "adequacy_rms must be finite and ≥ 0, got " + eis::detail::to_text(adequacy_rms);
  }
  if (!(noise_level >= 0.0) || !std::isfinite(noise_level)) {
    return "noise_level must be finite and ≥ 0, got " + eis::detail::to_text(noise_level);
  }
  if (!(min_noise_level >= 0.0) || !std::isfinite(min_noise_level)) {
    return "min_noise_level must be finite and ≥ 0, got " + eis::detail::to_text(min_noise_level);
  }
  if (!(false_alarm_probability > 0.0 && false_alarm_probability < 1.0)) {
    return "false_alarm_probability must be in (0, 1), got " +
           eis::detail::to_text(false_alarm_probability);
  }
  return std::nullopt;
}

LinKkResult lin_kk(SpectrumView spectrum, const LinKkOptions& options) {
  if (auto msg = options.validate()) {
    throw InvalidArgument("lin_kk: " + *msg);
  }
  validate_spectrum(spectrum, 3);
  const std::size_t n = spectrum.size();
  const int extra = 1 + (options.capacitance ? 1 : 0) + (options.inductance ? 1 : 0);
  // 2N real equations; keep at least two more equations than unknowns and M ≤ N − 1.
  const int n_int = static_cast<int>(std::min<std::size_t>(n, 1u << 20));
  const int max_m_possible = std::min(n_int - 1, (2 * n_int - extra - 2));
  if (max_m_possible < 1) {
    throw InvalidArgument("lin_kk: " + eis::detail::to_text(n) + " points are too few");
  }
  if (options.elements > max_m_possible) {
    throw InvalidArgument("lin_kk: " + eis::detail::to_text(options.elements) +
                          " RC elements need more than the " + eis::detail::to_text(n) +
                          " points given (at most " + eis::detail::to_text(max_m_possible) + ")");
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (std::abs(spectrum.impedance_ohm[i]) == 0.0) {
      throw InvalidArgument("lin_kk: |Z| = 0 at index " + eis::detail::to_text(i));
    }
  }

  std::vector<double> omega(n);
  for (std::size_t i = 0; i < n; ++i) {
    omega[i] = 2.0 * std::numbers::pi * spectrum.frequency_hz[i];
  }
  const auto [wmin_it, wmax_it] = std::minmax_element(omega.begin(), omega.end());
  const double omega_min = *wmin_it;
  const double omega_max = *wmax_it;

  std::vector<Complex> data(spectrum.impedance_ohm.begin(), spectrum.impedance_ohm.end());
  if (options.domain == KkDomain::admittance) {
    for (auto& d : data) {
      d = 1.0 / d;
    }
  }

  LinKkResult r;
  r.domain = options.domain;
  Solution best;
  Layout layout;
  std::vector<double> tau;
  if (options.elements > 0) {
    layout = make_layout(options.elements, options);
    tau = time_constants(options.elements, omega_min, omega_max, options.tau_range_extension);
    best = solve(layout, tau, options.domain, omega, data);
  } else {
    // Sweep M = 1..cap once, recording μ and χ²_ps; see the header for the rule.
    const int cap = std::min(options.max_elements, max_m_possible);
    std::vector<double> chi2(static_cast<std::size_t>(cap));
    for (int m = 1; m <= cap; ++m) {
      const Layout lm = make_layout(m, options);
      const auto tm = time_constants(m, omega_min, omega_max, options.tau_range_extension);
      const Solution s = solve(lm, tm, options.domain, omega, data);
      r.mu_by_elements.push_back(s.mu);
      double c2 = 0.0;
      for (std::size_t i = 0; i < n; ++i) {
        c2 += std::norm(s.model[i] - data[i]) / std::norm(data[i]);
      }
      chi2[static_cast<std::size_t>(m - 1)] = std::isfinite(c2) ? c2 : HUGE_VAL;
    }
    // Adequate M (see LinKkOptions::adequacy_factor): reduced pseudo-χ² within the factor of
    // the best one, or an absolute RMS misfit below adequacy_rms.
    auto reduced = [&](int m) {
      const double nu_m = std::max(1.0, 2.0 * static_cast<double>(n) - make_layout(m, options).p);
      return chi2[static_cast<std::size_t>(m - 1)] / nu_m;
    };
    double reduced_min = HUGE_VAL;
    for (int m = 1; m <= cap; ++m) {
      reduced_min = std::min(reduced_min, reduced(m));
    }
    const double floor = 2.0 * static_cast<double>(n) * options.adequacy_rms * options.adequacy_rms;
    auto is_adequate = [&](int m) {
      return reduced(m) <= options.adequacy_factor * reduced_min ||
             chi2[static_cast<std::size_t>(m - 1)] <= floor;
    };
    int first_adequate = 0;
    int chosen = 0;
    for (int m = 1; m <= cap; ++m) {
      if (!is_adequate(m)) {
        continue;
      }
      if (first_adequate == 0) {
        first_adequate = m;
      }
      if (r.mu_by_elements[static_cast<std::size_t>(m - 1)] < options.mu_threshold) {
        chosen = m;
        break;
      }
    }
    if (chosen == 0) {
      chosen = first_adequate > 0 ? first_adequate : cap;
      r.warnings.push_back("μ did not fall below " + eis::detail::to_text(options.mu_threshold) +
                           " at any adequate M up to " + eis::detail::to_text(cap) + "; M = " +
                           eis::detail::to_text(chosen) + " (the first adequate M) was used");
    }
    layout = make_layout(chosen, options);
    tau = time_constants(chosen, omega_min, omega_max, options.tau_range_extension);
    best = solve(layout, tau, options.domain, omega, data);
  }
  r.elements = layout.m;
  r.mu = best.mu;
  r.tau_s = tau;
  r.element_values.resize(static_cast<std::size_t>(layout.m));
  for (int k = 0; k < layout.m; ++k) {
    r.element_values[static_cast<std::size_t>(k)] = best.x(k + 1);
  }
  const bool z_domain = options.domain == KkDomain::impedance;
  r.series_resistance_ohm =
      z_domain ? best.x(0)
               : (best.x(0) != 0.0 ? 1.0 / best.x(0) : std::numeric_limits<double>::infinity());
  if (layout.c_col >= 0) {
    const double v = best.x(layout.c_col);
    r.capacitance_f = z_domain ? 1.0 / v : v;
  }
  if (layout.l_col >= 0) {
    const double v = best.x(layout.l_col);
    r.inductance_h = z_domain ? v : 1.0 / v;
  }
  r.fitted_ohm = best.model;
  if (!z_domain) {
    for (auto& v : r.fitted_ohm) {
      v = 1.0 / v;
    }
  }

  const RelativeResiduals res = relative_residuals(spectrum, r.fitted_ohm);
  r.residual_real = res.real;
  r.residual_imag = res.imag;
  r.pseudo_chi_square = pseudo_chi_square(res);
  r.max_residual = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    r.max_residual = std::max({r.max_residual, std::abs(res.real[i]), std::abs(res.imag[i])});
  }
  if (!std::isfinite(r.pseudo_chi_square)) {
    r.passed = false;
    r.mu = std::numeric_limits<double>::quiet_NaN();
    r.message = "the linear least-squares solve produced non-finite values";
    return r;
  }

  // Pass/fail rule (see the header).
  if (options.noise_level > 0.0) {
    r.noise_level = options.noise_level;
  } else {
    r.noise_level =
        std::max(estimate_noise_level(spectrum.frequency_hz, res), options.min_noise_level);
    r.noise_level_estimated = true;
  }
  const double alpha = options.false_alarm_probability;
  const boost::math::normal_distribution<double, MathPolicy> normal;
  const double k = boost::math::quantile(
      boost::math::complement(normal, alpha / (4.0 * static_cast<double>(n))));
  r.residual_threshold = k * r.noise_level;
  const double nu = std::max(1.0, 2.0 * static_cast<double>(n) - layout.p);
  const boost::math::chi_squared_distribution<double, MathPolicy> chi2(nu);
  r.chi_square_threshold =
      r.noise_level * r.noise_level * boost::math::quantile(boost::math::complement(chi2, alpha));

  r.compliant.assign(n, true);
  std::size_t flagged = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::abs(res.real[i]) > r.residual_threshold ||
        std::abs(res.imag[i]) > r.residual_threshold) {
      r.compliant[i] = false;
      ++flagged;
    }
  }
  const bool chi_ok = r.pseudo_chi_square <= r.chi_square_threshold;
  r.passed = flagged == 0 && chi_ok;

  auto span_of = [&](double limit) {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (std::size_t i = 0; i < n; ++i) {
      if (std::abs(res.real[i]) > limit || std::abs(res.imag[i]) > limit) {
        lo = std::min(lo, spectrum.frequency_hz[i]);
        hi = std::max(hi, spectrum.frequency_hz[i]);
      }
    }
    if (lo <= hi) {
      r.failing_min_hz = lo;
      r.failing_max_hz = hi;
    }
  };
  const std::string sigma_text = eis::detail::to_text(100.0 * r.noise_level) + " % noise level" +
                                 (r.noise_level_estimated ? " (estimated)" : " (given)");
  if (r.passed) {
    r.message = "passed: M = " + eis::detail::to_text(r.elements) + ", max residual " +
                eis::detail::to_text(100.0 * r.max_residual) + " % within " +
                eis::detail::to_text(100.0 * r.residual_threshold) + " % for a " + sigma_text;
  } else if (flagged > 0) {
    span_of(r.residual_threshold);
    r.message = "failed: " + eis::detail::to_text(flagged) + " of " + eis::detail::to_text(n) +
                " points exceed " + eis::detail::to_text(100.0 * r.residual_threshold) +
                " % (k·σ for a " + sigma_text + ") between " +
                eis::detail::to_text(r.failing_min_hz) + " and " +
                eis::detail::to_text(r.failing_max_hz) + " Hz";
  } else {
    span_of(2.0 * r.noise_level);
    r.message = "failed: pseudo-χ² " + eis::detail::to_text(r.pseudo_chi_square) +
                " exceeds its limit " + eis::detail::to_text(r.chi_square_threshold) + " for a " +
                sigma_text + " (systematic residuals)";
    if (std::isfinite(r.failing_min_hz)) {
      r.message += ", largest between " + eis::detail::to_text(r.failing_min_hz) + " and " +
                   eis::detail::to_text(r.failing_max_hz) + " Hz";
    }
  }
  return r;
}

Spectrum compliant_points(SpectrumView spectrum, const LinKkResult& result) {
  if (result.compliant.size() != spectrum.size()) {
    throw InvalidArgument("compliant_points: the result has " +
                          eis::detail::to_text(result.compliant.size()) + " points, the spectrum " +
                          eis::detail::to_text(spectrum.size()));
  }
  Spectrum out;
  for (std::size_t i = 0; i < spectrum.size(); ++i) {
    if (result.compliant[i]) {
      out.frequency_hz.push_back(spectrum.frequency_hz[i]);
      out.impedance_ohm.push_back(spectrum.impedance_ohm[i]);
    }
  }
  return out;
}

KkMaskResult lin_kk_mask(SpectrumView spectrum,
                         const LinKkOptions& options,
                         double max_drop_fraction) {
  if (!(max_drop_fraction >= 0.0 && max_drop_fraction < 1.0)) {
    throw InvalidArgument("lin_kk_mask: max_drop_fraction must be in [0, 1), got " +
                          eis::detail::to_text(max_drop_fraction));
  }
  const std::size_t n = spectrum.size();
  const auto max_dropped = static_cast<std::size_t>(max_drop_fraction * static_cast<double>(n));
  KkMaskResult out;
  out.keep.assign(n, true);
  std::vector<std::size_t> index(n);  // kept point q → input index
  for (std::size_t i = 0; i < n; ++i) {
    index[i] = i;
  }
  Spectrum kept;
  kept.frequency_hz.assign(spectrum.frequency_hz.begin(), spectrum.frequency_hz.end());
  kept.impedance_ohm.assign(spectrum.impedance_ohm.begin(), spectrum.impedance_ohm.end());
  double f_lo = HUGE_VAL;
  double f_hi = -HUGE_VAL;
  while (true) {
    out.test = lin_kk(kept, options);
    if (out.test.passed || out.dropped >= max_dropped) {
      break;
    }
    std::size_t worst = kept.size();
    double worst_residual = -1.0;
    for (std::size_t q = 0; q < kept.size(); ++q) {
      const double r =
          std::max(std::abs(out.test.residual_real[q]), std::abs(out.test.residual_imag[q]));
      if (!out.test.compliant[q] && r > worst_residual) {
        worst = q;
        worst_residual = r;
      }
    }
    if (worst == kept.size()) {
      break;  // χ²-only failure: no single point to blame
    }
    out.keep[index[worst]] = false;
    ++out.dropped;
    f_lo = std::min(f_lo, kept.frequency_hz[worst]);
    f_hi = std::max(f_hi, kept.frequency_hz[worst]);
    const auto at = static_cast<std::ptrdiff_t>(worst);
    index.erase(index.begin() + at);
    kept.frequency_hz.erase(kept.frequency_hz.begin() + at);
    kept.impedance_ohm.erase(kept.impedance_ohm.begin() + at);
  }
  out.message = out.dropped == 0
                    ? "no point dropped; " + out.test.message
                    : "dropped " + eis::detail::to_text(out.dropped) + " of " +
                          eis::detail::to_text(n) + " points (between " +
                          eis::detail::to_text(f_lo) + " and " + eis::detail::to_text(f_hi) +
                          " Hz); the rest " + out.test.message;
  return out;
}

}  // namespace eis::validation
