#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <eis/cv/onset.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>

#include "stats.hpp"
#include "sweeps.hpp"

namespace eis::cv {

std::string to_string(OnsetMethod method) {
  return method == OnsetMethod::tangent ? "tangent" : "threshold";
}

OnsetMethod parse_onset_method(std::string_view name) {
  if (name == "threshold") {
    return OnsetMethod::threshold;
  }
  if (name == "tangent") {
    return OnsetMethod::tangent;
  }
  throw InvalidArgument("unknown onset method '" + std::string(name) +
                        "' (expected threshold or tangent)");
}

std::optional<std::string> OnsetOptions::validate() const {
  if (!(threshold_ma_per_cm2 > 0) || !std::isfinite(threshold_ma_per_cm2)) {
    return "threshold_ma_per_cm2 must be finite and > 0, got " +
           eis::detail::to_text(threshold_ma_per_cm2);
  }
  if (threshold_a && (!(*threshold_a > 0) || !std::isfinite(*threshold_a))) {
    return "threshold_a must be finite and > 0, got " + eis::detail::to_text(*threshold_a);
  }
  if (area_cm2 && (!(*area_cm2 > 0) || !std::isfinite(*area_cm2))) {
    return "area_cm2 must be finite and > 0, got " + eis::detail::to_text(*area_cm2);
  }
  if (consecutive_points < 1) {
    return "consecutive_points must be >= 1";
  }
  if (baseline_window_v &&
      !(baseline_window_v->first < baseline_window_v->second &&
        std::isfinite(baseline_window_v->first) && std::isfinite(baseline_window_v->second))) {
    return "baseline_window_v must be finite with low < high";
  }
  if (!(auto_window_fraction > 0 && auto_window_fraction <= 1)) {
    return "auto_window_fraction must be in (0, 1]";
  }
  if (!(tangent_low_fraction >= 0 && tangent_low_fraction < tangent_high_fraction &&
        tangent_high_fraction <= 1)) {
    return "tangent fractions must satisfy 0 <= low < high <= 1";
  }
  return smoothing.validate();
}

namespace {

struct Context {
  VoltammogramView v;
  const std::vector<double>& smoothed;
  std::pair<double, double> window;
  double threshold_a;
  const OnsetOptions& options;
  std::vector<std::string>& warnings;
};

// Analyses one side. sign = +1: anodic (moving up from the window's upper edge);
// sign = −1: cathodic (moving down from its lower edge). Working with s·E and s·Δi turns the
// cathodic case into the anodic one.
SideOnset analyse_side(const Context& c, const Segment& seg, int sign, int cycle) {
  const double s = sign;
  const auto e = c.v.potential_v;
  const auto i_raw = c.v.current_a;
  SideOnset out;
  out.vertex_potential_v = sign > 0 ? seg.max_potential_v : seg.min_potential_v;
  const std::string side = sign > 0 ? "anodic" : "cathodic";

  std::vector<double> xs;
  std::vector<double> ys;
  for (std::size_t k = seg.begin; k <= seg.end; ++k) {
    if (e[k] >= c.window.first && e[k] <= c.window.second) {
      xs.push_back(e[k]);
      ys.push_back(i_raw[k]);
    }
  }
  detail::Line baseline;
  if (xs.size() >= 3) {
    baseline = detail::fit_line(xs, ys);
  }
  out.baseline_fitted = baseline.ok;
  if (!baseline.ok) {
    baseline = {0.0, 0.0, true};
    c.warnings.push_back("cycle " + eis::detail::to_text(cycle) + ", " + side +
                         " sweep: fewer than 3 " +
                         "points in the baseline window; the threshold applies to the raw current");
  }
  out.baseline_intercept_a = baseline.intercept;
  out.baseline_slope_a_per_v = baseline.slope;

  const double edge = sign > 0 ? c.window.second : c.window.first;
  const double vertex_s = s * out.vertex_potential_v;
  std::size_t first_beyond = seg.end + 1;
  double extreme = -std::numeric_limits<double>::infinity();
  for (std::size_t k = seg.begin; k <= seg.end; ++k) {
    if (s * e[k] > s * edge) {
      first_beyond = std::min(first_beyond, k);
      extreme = std::max(extreme, s * (i_raw[k] - baseline(e[k])));
    }
  }
  out.swept = first_beyond <= seg.end;
  if (!out.swept) {
    out.stable_to_v = out.vertex_potential_v;
    return out;
  }
  out.extreme_excess_current_a = s * extreme;
  const double th = c.threshold_a;
  const auto excess = [&](std::size_t k) { return s * (i_raw[k] - baseline(e[k])); };
  const auto m = static_cast<std::size_t>(c.options.consecutive_points);

  if (c.options.method == OnsetMethod::threshold) {
    for (std::size_t k = first_beyond; k + m - 1 <= seg.end; ++k) {
      if (!(s * e[k] < vertex_s)) {
        continue;  // at the vertex potential: counts as stable (CLI.md)
      }
      bool run = true;
      for (std::size_t q = k; q < k + m; ++q) {
        if (!(excess(q) > th)) {
          run = false;
          break;
        }
      }
      if (!run) {
        continue;
      }
      double onset = e[k];
      if (k > seg.begin && excess(k - 1) <= th) {
        const double d0 = excess(k - 1);
        const double d1 = excess(k);
        onset = e[k - 1] + (th - d0) / (d1 - d0) * (e[k] - e[k - 1]);
      }
      out.onset_v = onset;
      if (k == first_beyond) {
        c.warnings.push_back("cycle " + eis::detail::to_text(cycle) + ": the " + side +
                             " threshold is already exceeded at the edge of the baseline window "
                             "(a window that is not quiet, or a threshold below the noise)");
      }
      break;
    }
  } else {
    std::size_t kmax = first_beyond;
    double dmax = -std::numeric_limits<double>::infinity();
    const auto smooth_excess = [&](std::size_t k) { return s * (c.smoothed[k] - baseline(e[k])); };
    for (std::size_t k = first_beyond; k <= seg.end; ++k) {
      if (smooth_excess(k) > dmax) {
        dmax = smooth_excess(k);
        kmax = k;
      }
    }
    if (dmax > th) {
      const double lo = c.options.tangent_low_fraction * dmax;
      const double hi = c.options.tangent_high_fraction * dmax;
      std::size_t start = kmax;
      while (start > first_beyond && smooth_excess(start - 1) >= lo) {
        --start;
      }
      std::vector<double> rx;
      std::vector<double> ry;
      for (std::size_t k = start; k <= kmax; ++k) {
        const double d = smooth_excess(k);
        if (d >= lo && d <= hi) {
          rx.push_back(e[k]);
          ry.push_back(c.smoothed[k] - baseline(e[k]));
        }
      }
      const auto rise = rx.size() >= 3 ? detail::fit_line(rx, ry) : detail::Line{};
      if (rise.ok && s * rise.slope > 0) {
        const double onset = -rise.intercept / rise.slope;
        if (s * onset < vertex_s) {
          out.onset_v = onset;
          if (s * onset < s * edge) {
            c.warnings.push_back("cycle " + eis::detail::to_text(cycle) + ": the " + side +
                                 " tangent onset lies inside the baseline window");
          }
        }
      } else {
        c.warnings.push_back("cycle " + eis::detail::to_text(cycle) + ": the " + side +
                             " rise has too few points for the tangent method");
      }
    }
  }
  if (!out.onset_v) {
    out.stable_to_v = out.vertex_potential_v;
  }
  return out;
}

// Sum over the sweeps of the range of the smoothed current inside [lo, hi]; NaN when a sweep
// has fewer than 5 points there.
double window_score(const std::vector<const Segment*>& sweeps,
                    std::span<const double> e,
                    const std::vector<double>& smoothed,
                    double lo,
                    double hi) {
  double score = 0;
  for (const Segment* seg : sweeps) {
    double mn = std::numeric_limits<double>::infinity();
    double mx = -mn;
    int count = 0;
    for (std::size_t k = seg->begin; k <= seg->end; ++k) {
      if (e[k] >= lo && e[k] <= hi) {
        mn = std::min(mn, smoothed[k]);
        mx = std::max(mx, smoothed[k]);
        ++count;
      }
    }
    if (count < 5) {
      return std::nan("");
    }
    score += mx - mn;
  }
  return score;
}

}  // namespace

StabilityResult stability_window(VoltammogramView v, const OnsetOptions& options) {
  if (auto message = options.validate()) {
    throw InvalidArgument("stability_window: " + *message);
  }
  validate_voltammogram(v, 2);
  StabilityResult out;
  out.method = options.method;
  out.area_cm2 = options.area_cm2 ? options.area_cm2 : v.area_cm2;
  if (options.threshold_a) {
    out.threshold_a = *options.threshold_a;
    if (out.area_cm2) {
      out.threshold_ma_per_cm2 = out.threshold_a * 1e3 / *out.area_cm2;
    }
  } else {
    if (!out.area_cm2) {
      throw InvalidArgument("a current-density threshold (" +
                            eis::detail::to_text(options.threshold_ma_per_cm2) +
                            " mA/cm2) needs the electrode area: give the area, or use an "
                            "absolute current threshold instead");
    }
    out.threshold_ma_per_cm2 = options.threshold_ma_per_cm2;
    out.threshold_a = options.threshold_ma_per_cm2 * 1e-3 * *out.area_cm2;
  }

  out.segmentation = segment_voltammogram(v, options.segmentation);
  out.scan_rate_v_per_s = out.segmentation.scan_rate_v_per_s;
  out.warnings = out.segmentation.warnings;
  if (out.segmentation.sweep_count() == 0) {
    out.message = "the record has no potential sweep, so it has no stability window";
    return out;
  }
  const auto smoothed =
      detail::smooth_per_segment(v.current_a, out.segmentation, options.smoothing);
  const auto choices = detail::choose_sweeps(out.segmentation);
  const auto e = v.potential_v;
  const auto [min_it, max_it] = std::minmax_element(e.begin(), e.end());
  const double span = *max_it - *min_it;

  if (options.baseline_window_v) {
    out.baseline_window_v = *options.baseline_window_v;
    out.baseline_window_automatic = false;
  } else {
    const auto& first = choices.front();
    std::vector<const Segment*> sweeps;
    double lo = *min_it;
    double hi = *max_it;
    if (first.anodic && first.cathodic) {
      lo = std::max(first.anodic->min_potential_v, first.cathodic->min_potential_v);
      hi = std::min(first.anodic->max_potential_v, first.cathodic->max_potential_v);
      sweeps = {first.anodic, first.cathodic};
    }
    double width = options.auto_window_fraction * span;
    if (sweeps.empty() || hi - lo < width) {
      const Segment* one = first.anodic ? first.anodic : first.cathodic;
      if (first.anodic && first.cathodic &&
          first.cathodic->max_potential_v - first.cathodic->min_potential_v >
              first.anodic->max_potential_v - first.anodic->min_potential_v) {
        one = first.cathodic;
      }
      sweeps = {one};
      lo = one->min_potential_v;
      hi = one->max_potential_v;
    }
    width = std::min(width, hi - lo);
    double best = std::numeric_limits<double>::infinity();
    std::pair<double, double> chosen{lo, lo + width};
    const int steps = 40;
    for (int k = 0; k <= steps; ++k) {
      const double start = lo + (hi - lo - width) * k / steps;
      const double score = window_score(sweeps, e, smoothed, start, start + width);
      if (std::isfinite(score) && score < best) {
        best = score;
        chosen = {start, start + width};
      }
    }
    out.baseline_window_v = chosen;
  }

  const Context context{v, smoothed, out.baseline_window_v, out.threshold_a, options, out.warnings};
  std::optional<double> first_max;
  std::optional<double> first_min;
  for (const auto& choice : choices) {
    CycleOnsets cycle;
    cycle.cycle = choice.cycle;
    std::vector<double> rates;
    if (choice.anodic) {
      cycle.anodic = analyse_side(context, *choice.anodic, +1, choice.cycle);
      rates.push_back(choice.anodic->scan_rate_v_per_s);
    }
    if (choice.cathodic) {
      cycle.cathodic = analyse_side(context, *choice.cathodic, -1, choice.cycle);
      rates.push_back(choice.cathodic->scan_rate_v_per_s);
    }
    cycle.scan_rate_v_per_s = rates.empty() ? 0.0 : detail::median(rates);
    if (choice.anodic && choice.cathodic && cycle.scan_rate_v_per_s > 0) {
      const auto mean_in_window = [&](const Segment& seg) {
        double sum = 0;
        int count = 0;
        for (std::size_t k = seg.begin; k <= seg.end; ++k) {
          if (e[k] >= out.baseline_window_v.first && e[k] <= out.baseline_window_v.second) {
            sum += v.current_a[k];
            ++count;
          }
        }
        return count >= 3 ? std::optional<double>(sum / count) : std::nullopt;
      };
      const auto forward = mean_in_window(*choice.anodic);
      const auto reverse = mean_in_window(*choice.cathodic);
      if (forward && reverse) {
        // METHODS.md §8.3: the half-difference of forward and reverse currents gives C_dl·ν.
        const double half_difference = 0.5 * (*forward - *reverse);
        if (half_difference > 0) {
          cycle.capacitive_current_a = half_difference;
          cycle.capacitance_f = half_difference / cycle.scan_rate_v_per_s;
        } else {
          out.warnings.push_back("cycle " + eis::detail::to_text(choice.cycle) +
                                 ": the reverse current exceeds the forward current in the "
                                 "baseline window, so no capacitance is reported");
        }
      }
    }
    // A cycle that does not reach the extremes of the first one is partial: say so.
    if (choice.anodic) {
      if (!first_max) {
        first_max = choice.anodic->max_potential_v;
      } else if (choice.anodic->max_potential_v <
                 *first_max - out.segmentation.vertex_tolerance_v) {
        out.warnings.push_back("cycle " + eis::detail::to_text(choice.cycle) + " reaches only " +
                               eis::detail::to_text(choice.anodic->max_potential_v) +
                               " V (partial cycle)");
      }
    }
    if (choice.cathodic) {
      if (!first_min) {
        first_min = choice.cathodic->min_potential_v;
      } else if (choice.cathodic->min_potential_v >
                 *first_min + out.segmentation.vertex_tolerance_v) {
        out.warnings.push_back(
            "cycle " + eis::detail::to_text(choice.cycle) + " reaches down to only " +
            eis::detail::to_text(choice.cathodic->min_potential_v) + " V (partial cycle)");
      }
    }
    out.cycles.push_back(cycle);
  }
  const auto& first = out.cycles.front();
  out.anodic_onset_v = first.anodic.onset_v;
  out.cathodic_onset_v = first.cathodic.onset_v;
  out.stable_to_v = first.anodic.stable_to_v;
  out.cathodic_stable_to_v = first.cathodic.stable_to_v;
  out.capacitance_f = first.capacitance_f;
  out.usable = true;
  out.message = "stability window evaluated on " + eis::detail::to_text(out.cycles.size()) +
                " cycle(s) with a " + to_string(options.method) + " criterion";
  return out;
}

}  // namespace eis::cv
