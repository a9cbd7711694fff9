#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include <eis/detail/to_text.hpp>
#include <eis/drt/peaks.hpp>
#include <eis/error.hpp>

namespace eis::drt {

std::optional<std::string> PeakOptions::validate() const {
  if (!(min_relative_prominence >= 0.0 && min_relative_prominence < 1.0)) {
    return "min_relative_prominence must be in [0, 1), got " +
           eis::detail::to_text(min_relative_prominence);
  }
  if (!(min_relative_height >= 0.0 && min_relative_height < 1.0)) {
    return "min_relative_height must be in [0, 1), got " +
           eis::detail::to_text(min_relative_height);
  }
  if (!(min_relative_area >= 0.0 && min_relative_area < 1.0)) {
    return "min_relative_area must be in [0, 1), got " + eis::detail::to_text(min_relative_area);
  }
  if (!(min_significance >= 0.0) || !std::isfinite(min_significance)) {
    return "min_significance must be finite and ≥ 0, got " + eis::detail::to_text(min_significance);
  }
  return std::nullopt;
}

std::vector<DrtPeak> find_peaks(std::span<const double> tau_s,
                                std::span<const double> gamma_ohm,
                                const PeakOptions& options,
                                const DifferenceSd& difference_sd) {
  if (auto msg = options.validate()) {
    throw InvalidArgument("find_peaks: " + *msg);
  }
  const std::size_t n = tau_s.size();
  if (gamma_ohm.size() != n || n < 3) {
    throw InvalidArgument("find_peaks: need ≥ 3 τ points and as many γ values (got " +
                          eis::detail::to_text(n) + " and " +
                          eis::detail::to_text(gamma_ohm.size()) + ")");
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!(tau_s[i] > 0.0) || (i > 0 && !(tau_s[i] > tau_s[i - 1])) ||
        !std::isfinite(gamma_ohm[i])) {
      throw InvalidArgument("find_peaks: τ must be > 0 and increasing and γ finite (index " +
                            eis::detail::to_text(i) + ")");
    }
  }
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = std::log(tau_s[i]);
  }
  const double g_max = *std::max_element(gamma_ohm.begin(), gamma_ohm.end());
  if (!(g_max > 0.0)) {
    return {};
  }
  // Candidate maxima (plateaus count once, at their first sample).
  std::vector<std::size_t> maxima;
  for (std::size_t i = 0; i < n; ++i) {
    const double g = gamma_ohm[i];
    const bool left = i == 0 || g > gamma_ohm[i - 1];
    std::size_t k = i;
    while (k + 1 < n && gamma_ohm[k + 1] == g) {
      ++k;
    }
    const bool right = k + 1 == n || g > gamma_ohm[k + 1];
    if (left && right && g > options.min_relative_height * g_max) {
      maxima.push_back(i);
    }
    i = k;
  }
  // Bounding minima and prominence; merge a non-prominent maximum into its higher neighbour by
  // simply discarding it (its area then falls to the neighbours' integration ranges).
  auto argmin = [&](std::size_t a, std::size_t b) {
    std::size_t best = a;
    for (std::size_t i = a; i <= b; ++i) {
      if (gamma_ohm[i] < gamma_ohm[best]) {
        best = i;
      }
    }
    return best;
  };
  // For maximum k: the higher of its two bounding minima (the valley it would merge through).
  auto valley_of = [&](std::size_t k) {
    const std::size_t i = maxima[k];
    const std::size_t left = k == 0 ? argmin(0, i) : argmin(maxima[k - 1], i);
    const std::size_t right = k + 1 == maxima.size() ? argmin(i, n - 1) : argmin(i, maxima[k + 1]);
    return gamma_ohm[left] >= gamma_ohm[right] ? left : right;
  };
  auto significance_of = [&](std::size_t k) {
    if (!difference_sd || maxima.size() < 2) {
      return difference_sd ? HUGE_VAL : std::numeric_limits<double>::quiet_NaN();
    }
    const std::size_t i = maxima[k];
    const std::size_t v = valley_of(k);
    const double sd = difference_sd(i, v);
    const double prominence = gamma_ohm[i] - gamma_ohm[v];
    return sd > 0.0 ? prominence / sd : HUGE_VAL;
  };
  // Drop the least prominent maximum, then the least significant one, until all pass.
  while (maxima.size() > 1) {
    std::size_t worst = maxima.size();
    double worst_ratio = options.min_relative_prominence;
    for (std::size_t k = 0; k < maxima.size(); ++k) {
      const double prominence = gamma_ohm[maxima[k]] - gamma_ohm[valley_of(k)];
      const double ratio = prominence / gamma_ohm[maxima[k]];
      if (ratio < worst_ratio) {
        worst_ratio = ratio;
        worst = k;
      }
    }
    if (worst == maxima.size() && difference_sd && options.min_significance > 0.0) {
      double worst_t = options.min_significance;
      for (std::size_t k = 0; k < maxima.size(); ++k) {
        const double t = significance_of(k);
        if (t < worst_t) {
          worst_t = t;
          worst = k;
        }
      }
    }
    if (worst == maxima.size()) {
      break;
    }
    maxima.erase(maxima.begin() + static_cast<std::ptrdiff_t>(worst));
  }
  std::vector<DrtPeak> peaks;
  for (std::size_t k = 0; k < maxima.size(); ++k) {
    const std::size_t i = maxima[k];
    const std::size_t lo = k == 0 ? 0 : argmin(maxima[k - 1], i);
    const std::size_t hi = k + 1 == maxima.size() ? n - 1 : argmin(i, maxima[k + 1]);
    double area = 0.0;
    for (std::size_t q = lo; q < hi; ++q) {
      area += 0.5 * (gamma_ohm[q] + gamma_ohm[q + 1]) * (x[q + 1] - x[q]);
    }
    // Parabolic refinement of the maximum in ln τ.
    double x_peak = x[i];
    double g_peak = gamma_ohm[i];
    if (i > 0 && i + 1 < n) {
      const double x0 = x[i - 1];
      const double x1 = x[i];
      const double x2 = x[i + 1];
      const double y0 = gamma_ohm[i - 1];
      const double y1 = gamma_ohm[i];
      const double y2 = gamma_ohm[i + 1];
      const double d01 = (y1 - y0) / (x1 - x0);
      const double d12 = (y2 - y1) / (x2 - x1);
      const double a = (d12 - d01) / (x2 - x0);
      if (a < 0.0) {
        const double b = d01 - a * (x0 + x1);
        const double xv = -b / (2.0 * a);
        if (xv > x0 && xv < x2) {
          x_peak = xv;
          g_peak = y1 + d01 * (xv - x1) + a * (xv - x0) * (xv - x1);
        }
      }
    }
    DrtPeak p;
    p.tau_s = std::exp(x_peak);
    p.frequency_hz = 1.0 / (2.0 * std::numbers::pi * p.tau_s);  // METHODS.md §5.6
    p.resistance_ohm = area;
    p.capacitance_f = area > 0.0 ? p.tau_s / area : std::numeric_limits<double>::quiet_NaN();
    p.height_ohm = g_peak;
    p.tau_lower_s = tau_s[lo];
    p.tau_upper_s = tau_s[hi];
    p.significance = significance_of(k);
    peaks.push_back(p);
  }
  double largest = 0.0;
  for (const auto& p : peaks) {
    largest = std::max(largest, p.resistance_ohm);
  }
  std::erase_if(peaks, [&](const DrtPeak& p) {
    return !(p.resistance_ohm >= options.min_relative_area * largest);
  });
  return peaks;
}

}  // namespace eis::drt
