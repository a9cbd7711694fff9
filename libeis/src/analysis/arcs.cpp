#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <string>

#include <Eigen/Core>
#include <Eigen/QR>

#include <eis/analysis/arcs.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>

namespace eis {

namespace {

constexpr double pi = std::numbers::pi;

// (jω)^n = ωⁿ(cos(nπ/2) + j sin(nπ/2)), METHODS.md §1.3.
Complex j_omega_power(double omega, double n) {
  const double magnitude = std::pow(omega, n);
  return {magnitude * std::cos(n * pi / 2.0), magnitude * std::sin(n * pi / 2.0)};
}

// Local maxima of a smoothed series with their prominence (ln of peak over the higher of the
// two flanking minima). `scale` gives the absolute significance scale per point (|Z| or ω|Z|):
// a peak must rise at least 2 % of it above its flanks, so noise near zero does not count.
std::vector<SpectrumPeak> find_peaks(const std::vector<double>& raw,
                                     const std::vector<double>& scale,
                                     const std::vector<double>& frequency,
                                     const std::vector<std::size_t>& original_index,
                                     double min_prominence) {
  const std::size_t n = raw.size();
  std::vector<SpectrumPeak> peaks;
  if (n < 3) {
    return peaks;
  }
  // [1 2 1]/4 smoothing along log f: damps point-to-point noise, keeps decade-wide arcs.
  std::vector<double> v(n);
  v[0] = raw[0];
  v[n - 1] = raw[n - 1];
  for (std::size_t i = 1; i + 1 < n; ++i) {
    v[i] = 0.25 * raw[i - 1] + 0.5 * raw[i] + 0.25 * raw[i + 1];
  }
  for (std::size_t i = 1; i + 1 < n; ++i) {
    if (!(v[i] > 0.0) || v[i] < v[i - 1] || !(v[i] > v[i + 1])) {
      continue;
    }
    double left_min = v[i];
    for (std::size_t k = i; k-- > 0;) {
      if (v[k] > v[i]) {
        break;
      }
      left_min = std::min(left_min, v[k]);
    }
    double right_min = v[i];
    for (std::size_t k = i + 1; k < n; ++k) {
      if (v[k] > v[i]) {
        break;
      }
      right_min = std::min(right_min, v[k]);
    }
    const double reference = std::max(left_min, right_min);
    const double prominence =
        reference > 0.0 ? std::log(v[i] / reference) : std::numeric_limits<double>::infinity();
    if (prominence < min_prominence || (v[i] - reference) < 0.02 * scale[i]) {
      continue;
    }
    peaks.push_back({original_index[i], frequency[i], v[i], prominence});
  }
  return peaks;
}

}  // namespace

std::string_view to_string(ArcClass arc_class) noexcept {
  switch (arc_class) {
    case ArcClass::bulk:
      return "bulk";
    case ArcClass::grain_boundary:
      return "grain_boundary";
    case ArcClass::surface_layer:
      return "surface_layer";
    case ArcClass::electrode:
      return "electrode";
  }
  return "bulk";
}

ArcClass classify_capacitance(double capacitance_f, double cell_constant_per_cm) {
  if (!(capacitance_f > 0.0) || !std::isfinite(capacitance_f) || !(cell_constant_per_cm > 0.0) ||
      !std::isfinite(cell_constant_per_cm)) {
    throw InvalidArgument(
        "classify_capacitance: capacitance and cell constant must be finite and > 0 (C = " +
        eis::detail::to_text(capacitance_f) +
        " F, L/A = " + eis::detail::to_text(cell_constant_per_cm) + " 1/cm)");
  }
  // METHODS.md §6.1–§6.2: specific capacitance C·(L/A) in F/cm.
  const double specific = capacitance_f * cell_constant_per_cm;
  if (specific <= 1e-11) {
    return ArcClass::bulk;
  }
  if (specific <= 1e-8) {
    return ArcClass::grain_boundary;
  }
  if (specific < 1e-7) {
    return ArcClass::surface_layer;
  }
  return ArcClass::electrode;
}

std::vector<ArcClass> assign_arcs(std::span<const double> capacitances_f,
                                  double cell_constant_per_cm) {
  std::vector<ArcClass> classes;
  classes.reserve(capacitances_f.size());
  for (const double c : capacitances_f) {
    ArcClass cls = classify_capacitance(c, cell_constant_per_cm);
    if (!classes.empty()) {
      const ArcClass previous = classes.back();
      // METHODS.md §6.2 step 5: frequency order first. Only one bulk arc (the highest in
      // frequency); a lower-frequency arc never gets a class below its neighbour's.
      if (previous == ArcClass::bulk && cls == ArcClass::bulk) {
        cls = ArcClass::grain_boundary;
      }
      if (static_cast<int>(cls) < static_cast<int>(previous)) {
        cls = previous;
      }
    }
    classes.push_back(cls);
  }
  return classes;
}

ArcDecomposition decompose_arcs(SpectrumView spectrum,
                                std::span<const double> time_constants_s,
                                double exponent,
                                bool include_offset,
                                double spike_exponent) {
  validate_spectrum(spectrum, 1);
  for (const double tau : time_constants_s) {
    if (!(tau > 0.0) || !std::isfinite(tau)) {
      throw InvalidArgument("decompose_arcs: time constants must be finite and > 0, got " +
                            eis::detail::to_text(tau));
    }
  }
  const auto n_points = static_cast<Eigen::Index>(spectrum.size());
  const auto n_arcs = static_cast<Eigen::Index>(time_constants_s.size());
  const bool spike = spike_exponent > 0.0;
  // Columns: [offset] arcs... [spike]; rows: Re then Im of each point, weighted by 1/|Z|.
  const Eigen::Index offset_column = include_offset ? 0 : -1;
  const Eigen::Index first_arc = include_offset ? 1 : 0;
  const Eigen::Index spike_column = spike ? first_arc + n_arcs : -1;
  const Eigen::Index columns = first_arc + n_arcs + (spike ? 1 : 0);
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(2 * n_points, columns);
  Eigen::VectorXd b(2 * n_points);
  for (Eigen::Index i = 0; i < n_points; ++i) {
    const auto ui = static_cast<std::size_t>(i);
    const double omega = 2.0 * pi * spectrum.frequency_hz[ui];
    const Complex z = spectrum.impedance_ohm[ui];
    const double w = 1.0 / std::abs(z);
    b(2 * i) = w * z.real();
    b(2 * i + 1) = w * z.imag();
    if (include_offset) {
      a(2 * i, offset_column) = w;
    }
    for (Eigen::Index k = 0; k < n_arcs; ++k) {
      const Complex shape =
          1.0 /
          (1.0 + j_omega_power(omega * time_constants_s[static_cast<std::size_t>(k)], exponent));
      a(2 * i, first_arc + k) = w * shape.real();
      a(2 * i + 1, first_arc + k) = w * shape.imag();
    }
    if (spike) {
      const Complex shape = 1.0 / j_omega_power(omega, spike_exponent);
      a(2 * i, spike_column) = w * shape.real();
      a(2 * i + 1, spike_column) = w * shape.imag();
    }
  }
  // Active set: refit without the most negative coefficient until all are ≥ 0.
  std::vector<Eigen::Index> active(static_cast<std::size_t>(columns));
  std::iota(active.begin(), active.end(), Eigen::Index{0});
  Eigen::VectorXd coefficients = Eigen::VectorXd::Zero(columns);
  while (!active.empty()) {
    Eigen::MatrixXd sub(2 * n_points, static_cast<Eigen::Index>(active.size()));
    for (std::size_t k = 0; k < active.size(); ++k) {
      sub.col(static_cast<Eigen::Index>(k)) = a.col(active[k]);
    }
    const Eigen::VectorXd x = sub.colPivHouseholderQr().solve(b);
    std::size_t worst = active.size();
    double worst_value = 0.0;
    for (std::size_t k = 0; k < active.size(); ++k) {
      const double value = x(static_cast<Eigen::Index>(k));
      if (!std::isfinite(value) || value < worst_value) {
        worst = k;
        worst_value = std::isfinite(value) ? value : -std::numeric_limits<double>::infinity();
      }
    }
    if (worst == active.size()) {
      coefficients.setZero();
      for (std::size_t k = 0; k < active.size(); ++k) {
        coefficients(active[k]) = x(static_cast<Eigen::Index>(k));
      }
      break;
    }
    active.erase(active.begin() + static_cast<std::ptrdiff_t>(worst));
  }
  ArcDecomposition out;
  out.offset_ohm = include_offset ? coefficients(offset_column) : 0.0;
  for (Eigen::Index k = 0; k < n_arcs; ++k) {
    out.resistances_ohm.push_back(coefficients(first_arc + k));
  }
  const double inverse_q = spike ? coefficients(spike_column) : 0.0;
  out.spike_q = inverse_q > 0.0 ? 1.0 / inverse_q : 0.0;
  const Eigen::VectorXd residual = a * coefficients - b;
  out.relative_rms = std::sqrt(residual.squaredNorm() / static_cast<double>(n_points));
  return out;
}

ArcAnalysis estimate_arcs(SpectrumView spectrum, const ArcOptions& options) {
  validate_spectrum(spectrum, 3);
  const std::size_t n = spectrum.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return spectrum.frequency_hz[a] > spectrum.frequency_hz[b];
  });
  std::vector<double> f(n);
  std::vector<double> omega(n);
  std::vector<Complex> z(n);
  for (std::size_t i = 0; i < n; ++i) {
    f[i] = spectrum.frequency_hz[order[i]];
    omega[i] = 2.0 * pi * f[i];
    z[i] = spectrum.impedance_ohm[order[i]];
  }
  ArcAnalysis out;
  // R∞: the smallest Z' among the three highest frequencies (an arc just started at f_max
  // makes Z'(f_max) slightly too large; noise is averaged out by the decomposition below).
  double r_inf = z[0].real();
  for (std::size_t i = 1; i < std::min<std::size_t>(3, n); ++i) {
    r_inf = std::min(r_inf, z[i].real());
  }
  out.high_frequency_intercept_ohm = std::max(0.0, r_inf);
  out.inductance_h = z[0].imag() > 0.0 ? z[0].imag() / omega[0] : 0.0;
  out.low_frequency_real_ohm = z[n - 1].real();

  std::vector<double> minus_imag(n);
  std::vector<double> modulus_like(n);
  std::vector<double> scale_z(n);
  std::vector<double> scale_m(n);
  for (std::size_t i = 0; i < n; ++i) {
    minus_imag[i] = -z[i].imag();
    modulus_like[i] = omega[i] * (z[i].real() - out.high_frequency_intercept_ohm);
    scale_z[i] = std::abs(z[i]);
    scale_m[i] = omega[i] * std::abs(z[i]);
  }
  out.imaginary_peaks = find_peaks(minus_imag, scale_z, f, order, options.min_prominence);
  out.modulus_peaks = find_peaks(modulus_like, scale_m, f, order, options.min_prominence);

  // Spike: −Z'' still rising towards the lowest frequency at a steep angle (METHODS.md §3.3).
  if (n >= 4) {
    const std::size_t k = std::min<std::size_t>(4, n / 3 + 1);
    const std::size_t first = n - k;
    double sx = 0.0;
    double sy = 0.0;
    double sxx = 0.0;
    double sxy = 0.0;
    for (std::size_t i = first; i < n; ++i) {
      sx += z[i].real();
      sy += -z[i].imag();
      sxx += z[i].real() * z[i].real();
      sxy += z[i].real() * -z[i].imag();
    }
    const auto kk = static_cast<double>(k);
    const double denominator = kk * sxx - sx * sx;
    const bool rising = minus_imag[n - 1] > 1.02 * minus_imag[first] && minus_imag[n - 1] > 0.0;
    const double phase = std::atan2(minus_imag[n - 1], z[n - 1].real());
    if (rising && phase > pi / 6.0) {
      SpikeEstimate spike;
      spike.present = true;
      double slope = std::numeric_limits<double>::infinity();
      if (denominator > 0.0) {
        slope = (kk * sxy - sx * sy) / denominator;
        const double intercept = (sy - slope * sx) / kk;
        if (slope > 0.0) {
          spike.intercept_ohm = -intercept / slope;  // METHODS.md §6.4 B
        }
      }
      double n_el = slope > 0.0 ? 2.0 / pi * std::atan(slope) : 1.0;
      n_el = std::clamp(n_el, 0.3, 1.0);
      spike.exponent = n_el;
      spike.phase_deg = -90.0 * n_el;
      // Q = sin(nπ/2)/(−Z''ωⁿ) at the lowest frequency (METHODS.md §3.3).
      spike.q = std::sin(n_el * pi / 2.0) / (minus_imag[n - 1] * std::pow(omega[n - 1], n_el));
      out.spike = spike;
    }
  }

  // Candidate time constants from both peak lists, merged within merge_decades.
  struct Candidate {
    double log_f;
    bool from_imaginary;
  };
  std::vector<Candidate> candidates;
  for (const auto& p : out.imaginary_peaks) {
    candidates.push_back({std::log10(p.frequency_hz), true});
  }
  for (const auto& p : out.modulus_peaks) {
    candidates.push_back({std::log10(p.frequency_hz), false});
  }
  if (candidates.empty()) {
    // No peak: use the frequency of the largest −Z'' (an arc cut by the window).
    const auto it = std::max_element(minus_imag.begin(), minus_imag.end());
    const auto i = static_cast<std::size_t>(it - minus_imag.begin());
    if (*it > 0.0 && !(out.spike.present && i == n - 1)) {
      candidates.push_back({std::log10(f[i]), true});
    }
  }
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return a.log_f > b.log_f;
  });
  std::vector<Candidate> merged;
  for (const auto& c : candidates) {
    if (!merged.empty() && merged.back().log_f - c.log_f < options.merge_decades) {
      if (c.from_imaginary && !merged.back().from_imaginary) {
        merged.back() = c;  // −Z'' apex is the arc's τ for a ZARC
      }
      continue;
    }
    merged.push_back(c);
  }
  std::vector<double> taus;
  for (const auto& c : merged) {
    taus.push_back(1.0 / (2.0 * pi * std::pow(10.0, c.log_f)));
  }
  const double spike_exponent = out.spike.present ? out.spike.exponent : 0.0;
  ArcDecomposition decomposition =
      decompose_arcs(spectrum, taus, options.exponent, true, spike_exponent);
  out.relative_rms = decomposition.relative_rms;
  if (decomposition.offset_ohm > 0.0) {
    out.high_frequency_intercept_ohm = decomposition.offset_ohm;
  }
  if (out.spike.present && decomposition.spike_q > 0.0) {
    out.spike.q = decomposition.spike_q;
  }
  std::vector<ArcEstimate> arcs;
  for (std::size_t k = 0; k < taus.size(); ++k) {
    const double r = decomposition.resistances_ohm[k];
    if (!(r > 0.0)) {
      continue;
    }
    ArcEstimate arc;
    arc.time_constant_s = taus[k];
    arc.apex_frequency_hz = 1.0 / (2.0 * pi * taus[k]);
    arc.resistance_ohm = r;
    arc.exponent = options.exponent;
    arc.q = std::pow(taus[k], options.exponent) / r;
    arc.capacitance_f = taus[k] / r;
    arcs.push_back(arc);
  }
  if (arcs.size() > options.max_arcs) {
    // Keep the largest arcs, then restore frequency order.
    std::vector<ArcEstimate> by_size = arcs;
    std::sort(by_size.begin(), by_size.end(), [](const ArcEstimate& a, const ArcEstimate& b) {
      return a.resistance_ohm > b.resistance_ohm;
    });
    by_size.resize(options.max_arcs);
    std::sort(by_size.begin(), by_size.end(), [](const ArcEstimate& a, const ArcEstimate& b) {
      return a.apex_frequency_hz > b.apex_frequency_hz;
    });
    arcs = by_size;
  }
  std::vector<double> capacitances;
  for (const auto& arc : arcs) {
    capacitances.push_back(arc.capacitance_f);
  }
  const std::vector<ArcClass> classes = assign_arcs(capacitances, 1.0);
  for (std::size_t k = 0; k < arcs.size(); ++k) {
    arcs[k].arc_class = classes[k];
  }
  out.arcs = arcs;
  return out;
}

}  // namespace eis
