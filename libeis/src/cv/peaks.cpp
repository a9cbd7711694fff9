#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <span>
#include <string>

#include <boost/math/distributions/students_t.hpp>

#include <eis/cv/peaks.hpp>
#include <eis/error.hpp>

#include "stats.hpp"
#include "sweeps.hpp"

namespace eis::cv {

std::optional<std::string> PeakOptions::validate() const {
  if (!(min_prominence_noise_factor >= 0) || !std::isfinite(min_prominence_noise_factor)) {
    return "min_prominence_noise_factor must be finite and >= 0";
  }
  if (!(min_prominence_a >= 0) || !std::isfinite(min_prominence_a)) {
    return "min_prominence_a must be finite and >= 0";
  }
  if (!(min_prominence_rms_factor >= 0) || !std::isfinite(min_prominence_rms_factor)) {
    return "min_prominence_rms_factor must be finite and >= 0";
  }
  if (min_width_points < 1) {
    return "min_width_points must be >= 1";
  }
  if (baseline_points < 2) {
    return "baseline_points must be >= 2";
  }
  if (!(baseline_slope_confidence >= 0 && baseline_slope_confidence < 1)) {
    return "baseline_slope_confidence must be in [0, 1)";
  }
  return smoothing.validate();
}

namespace {

// The pre-peak baseline from the raw current (x = E, y = i) of a window of at least 3 points:
// the least-squares line, or the window's mean current when the line's slope does not differ
// from zero at `confidence` (two-sided t-test: |b| > t_{(1+confidence)/2, n−2}·SE(b), SE(b) from
// the residual scatter; PeakOptions::baseline_slope_confidence). The raw current, not the
// smoothed one, because the t-test needs independent residuals: the smoothing filter
// correlates neighbouring points and would make noise slopes look significant.
detail::Line pre_peak_baseline(std::span<const double> x,
                               std::span<const double> y,
                               double confidence) {
  const detail::Line line = detail::fit_line(x, y);
  if (confidence <= 0 || line.slope == 0.0) {
    return line;  // a plain line fit, or no spread in E (then the line is the mean level)
  }
  const std::size_t n = x.size();
  const double n_d = static_cast<double>(n);
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n_d;
  const double my = std::accumulate(y.begin(), y.end(), 0.0) / n_d;
  double sxx = 0;
  double rss = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxx += (x[i] - mx) * (x[i] - mx);
    const double r = y[i] - line(x[i]);
    rss += r * r;
  }
  const double dof = n_d - 2.0;
  const double standard_error = std::sqrt(rss / dof / sxx);
  const double t = boost::math::quantile(boost::math::students_t(dof), 0.5 * (1.0 + confidence));
  const detail::Line mean{my, 0.0, true};
  // An exact line (rss = 0) keeps its slope unless that is 0 too.
  return std::abs(line.slope) > t * standard_error ? line : mean;
}

// Peaks of s·y on one sweep (s = +1 maxima, −1 minima), appended to `out`.
void sweep_peaks(VoltammogramView v,
                 const std::vector<double>& smoothed,
                 const Segment& seg,
                 double min_prominence,
                 const PeakOptions& options,
                 std::vector<Peak>& out) {
  const double s = seg.direction == SweepDirection::anodic ? 1.0 : -1.0;
  const auto e = v.potential_v;
  const auto y = [&](std::size_t k) { return s * smoothed[k]; };
  if (seg.points() < 3) {
    return;
  }
  for (std::size_t k = seg.begin + 1; k < seg.end; ++k) {
    if (!(y(k) > y(k - 1) && y(k) >= y(k + 1))) {
      continue;
    }
    // Topographic prominence within the sweep.
    std::size_t left_base = k;
    std::size_t left_start = seg.begin;  // first point of the peak's left side
    double left_min = y(k);
    for (std::size_t q = k; q > seg.begin;) {
      --q;
      if (y(q) > y(k)) {
        left_start = q + 1;
        break;
      }
      if (y(q) < left_min) {
        left_min = y(q);
        left_base = q;
      }
    }
    double right_min = y(k);
    for (std::size_t q = k + 1; q <= seg.end; ++q) {
      if (y(q) > y(k)) {
        break;
      }
      right_min = std::min(right_min, y(q));
    }
    const double prominence = y(k) - std::max(left_min, right_min);
    if (!(prominence >= min_prominence) || prominence <= 0) {
      continue;
    }
    const double level = y(k) - 0.5 * prominence;
    std::size_t l = k;
    while (l > seg.begin && y(l - 1) > level) {
      --l;
    }
    std::size_t r = k;
    while (r < seg.end && y(r + 1) > level) {
      ++r;
    }
    const auto width = static_cast<double>(r - l + 1);
    if (width < options.min_width_points) {
      continue;
    }
    // Local noise: a region of erratic current (a short, a breakdown) has many large wiggles
    // that the global σ, dominated by the quiet parts, would count as peaks.
    const std::size_t reach = std::max<std::size_t>(50, static_cast<std::size_t>(width));
    const std::size_t from = k > seg.begin + reach ? k - reach : seg.begin;
    const std::size_t to = std::min(seg.end, k + reach);
    std::vector<double> local;
    double sum = 0;
    for (std::size_t q = from; q <= to; ++q) {
      local.push_back(v.current_a[q] - smoothed[q]);
      sum += local.back();
    }
    // Spike floor (PeakOptions::min_prominence_rms_factor): RMS about the mean, which outliers
    // raise while the median below ignores them.
    const double mean = sum / static_cast<double>(local.size());
    double squares = 0;
    for (const double d : local) {
      squares += (d - mean) * (d - mean);
    }
    const double local_rms = std::sqrt(squares / static_cast<double>(local.size()));
    if (prominence < options.min_prominence_rms_factor * local_rms) {
      continue;
    }
    const double centre = detail::median(local);
    for (auto& d : local) {
      d = std::abs(d - centre);
    }
    const double local_sigma = 1.4826 * detail::median(local);
    if (prominence < options.min_prominence_noise_factor * local_sigma) {
      continue;
    }
    // Pre-peak baseline (PeakOptions::baseline_points and baseline_slope_confidence;
    // METHODS.md §8.5). Its window may not reach back past the peak's foot: going back from the
    // left minimum, the end of the stretch whose smoothed current stays within 3 local noise σ
    // of that minimum (or the higher ground bounding the peak). On a flat, noisy stretch the
    // minimum itself lies wherever the noise happens to be lowest, often just before the peak;
    // clipping there, as before, left a few points whose slope, extrapolated to E_p, missed
    // small peaks by half their height. 3 σ of raw − smoothed is about 7 σ of the smoothed
    // current, which its noise does not exceed, while the tail of an earlier feature that is
    // more than 3 σ high still ends the stretch.
    const double foot_tolerance = 3.0 * local_sigma;
    std::size_t floor_index = left_base;
    while (floor_index > left_start && y(floor_index - 1) <= left_min + foot_tolerance) {
      --floor_index;
    }
    const auto gap = static_cast<std::size_t>(std::ceil(1.5 * width));
    const std::size_t length = std::max(static_cast<std::size_t>(options.baseline_points),
                                        static_cast<std::size_t>(2 * width));
    std::size_t hi = k > gap ? k - gap : 0;
    hi = std::max(hi, floor_index);
    const std::size_t lo = hi >= floor_index + length ? hi - length + 1 : floor_index;
    std::vector<double> bx;
    std::vector<double> by;
    for (std::size_t q = lo; q <= hi; ++q) {
      bx.push_back(e[q]);
      by.push_back(v.current_a[q]);
    }
    // Fewer than 3 points (the foot right before the peak) leave no residual to judge a slope
    // by: the baseline is then the smoothed current there.
    const detail::Line baseline =
        bx.size() >= 3 ? pre_peak_baseline(bx, by, options.baseline_slope_confidence)
                       : detail::Line{0.5 * (smoothed[lo] + smoothed[hi]), 0.0, true};
    Peak peak;
    peak.cycle = seg.cycle;
    peak.direction = seg.direction;
    peak.index = k;
    peak.potential_v = e[k];
    peak.raw_current_a = smoothed[k];
    peak.baseline_current_a = baseline(e[k]);
    peak.current_a = smoothed[k] - peak.baseline_current_a;
    // A maximum that does not rise above the pre-peak baseline is a shoulder of a falling
    // current, not a peak.
    if (!(s * peak.current_a >= min_prominence)) {
      continue;
    }
    peak.prominence_a = prominence;
    peak.width_points = width;
    const auto corrected = [&](std::size_t q) { return s * (smoothed[q] - baseline(e[q])); };
    const double half = 0.5 * s * peak.current_a;
    for (std::size_t q = k; q > seg.begin; --q) {
      if (corrected(q - 1) < half) {
        const double c0 = corrected(q - 1);
        const double c1 = corrected(q);
        peak.half_peak_potential_v = e[q - 1] + (half - c0) / (c1 - c0) * (e[q] - e[q - 1]);
        break;
      }
    }
    out.push_back(peak);
  }
}

}  // namespace

PeakResult find_peaks(VoltammogramView v, const PeakOptions& options) {
  if (auto message = options.validate()) {
    throw InvalidArgument("find_peaks: " + *message);
  }
  validate_voltammogram(v, 2);
  PeakResult out;
  out.segmentation = segment_voltammogram(v, options.segmentation);
  out.warnings = out.segmentation.warnings;
  const auto smoothed =
      detail::smooth_per_segment(v.current_a, out.segmentation, options.smoothing);
  std::vector<double> residuals;
  double max_abs = 0;
  for (const auto& seg : out.segmentation.segments) {
    if (seg.direction == SweepDirection::hold) {
      continue;
    }
    for (std::size_t k = seg.begin; k <= seg.end; ++k) {
      residuals.push_back(v.current_a[k] - smoothed[k]);
      max_abs = std::max(max_abs, std::abs(v.current_a[k]));
    }
  }
  if (residuals.empty()) {
    return out;
  }
  const double centre = detail::median(residuals);
  for (auto& r : residuals) {
    r = std::abs(r - centre);
  }
  out.noise_sigma_a = 1.4826 * detail::median(residuals);
  // The relative floor keeps rounding-level wiggles of noise-free data from counting as peaks.
  const double min_prominence = std::max({options.min_prominence_noise_factor * out.noise_sigma_a,
                                          options.min_prominence_a,
                                          1e-9 * max_abs});
  for (const auto& seg : out.segmentation.segments) {
    if (seg.direction != SweepDirection::hold) {
      sweep_peaks(v, smoothed, seg, min_prominence, options, out.peaks);
    }
  }
  // Pair anodic with cathodic peaks per cycle, largest anodic first, nearest in potential.
  std::vector<bool> used(out.peaks.size(), false);
  for (const int cycle : out.segmentation.cycles) {
    std::vector<std::size_t> anodic;
    for (std::size_t k = 0; k < out.peaks.size(); ++k) {
      if (out.peaks[k].cycle == cycle && out.peaks[k].direction == SweepDirection::anodic) {
        anodic.push_back(k);
      }
    }
    std::sort(anodic.begin(), anodic.end(), [&](std::size_t a, std::size_t b) {
      return std::abs(out.peaks[a].current_a) > std::abs(out.peaks[b].current_a);
    });
    for (const std::size_t a : anodic) {
      std::optional<std::size_t> best;
      for (std::size_t k = 0; k < out.peaks.size(); ++k) {
        const auto& p = out.peaks[k];
        if (used[k] || p.cycle != cycle || p.direction != SweepDirection::cathodic) {
          continue;
        }
        if (!best || std::abs(p.potential_v - out.peaks[a].potential_v) <
                         std::abs(out.peaks[*best].potential_v - out.peaks[a].potential_v)) {
          best = k;
        }
      }
      if (best) {
        used[*best] = true;
        const double ea = out.peaks[a].potential_v;
        const double ec = out.peaks[*best].potential_v;
        out.pairs.push_back({cycle, a, *best, ea - ec, 0.5 * (ea + ec)});
      }
    }
  }
  return out;
}

}  // namespace eis::cv
