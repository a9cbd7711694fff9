#include <algorithm>
#include <cmath>
#include <string>

#include <eis/cv/plating.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>

#include "sweeps.hpp"

namespace eis::cv {

std::optional<std::string> PlatingOptions::validate() const {
  if (!std::isfinite(plating_potential_v)) {
    return "plating_potential_v must be finite";
  }
  if (!(stripping_end_fraction >= 0 && stripping_end_fraction < 1)) {
    return "stripping_end_fraction must be in [0, 1)";
  }
  return smoothing.validate();
}

namespace {

// ∫ y dt of the piecewise-linear interpolant of (t, y) between times ta ≤ tb, using the
// intervals [q, q+1] for q in [first, last) (which must cover [ta, tb]).
double integrate(std::span<const double> t,
                 std::span<const double> y,
                 double ta,
                 double tb,
                 std::size_t first,
                 std::size_t last) {
  double sum = 0;
  for (std::size_t q = first; q < last; ++q) {
    const double t0 = t[q];
    const double t1 = t[q + 1];
    const double a = std::max(t0, ta);
    const double b = std::min(t1, tb);
    if (!(b > a) || !(t1 > t0)) {
      continue;
    }
    const auto at = [&](double x) { return y[q] + (y[q + 1] - y[q]) * (x - t0) / (t1 - t0); };
    sum += 0.5 * (b - a) * (at(a) + at(b));  // trapezoid on raw data (METHODS.md §8.4)
  }
  return sum;
}

// Time where the line through (t0, y0), (t1, y1) reaches `level`.
double crossing_time(double t0, double y0, double t1, double y1, double level) {
  if (y1 == y0) {
    return t1;
  }
  return t0 + (level - y0) / (y1 - y0) * (t1 - t0);
}

PlatingCycle analyse_cycle(VoltammogramView v,
                           const std::vector<double>& smoothed,
                           const Segmentation& segmentation,
                           const Segment& cathodic,
                           const PlatingOptions& options) {
  PlatingCycle out;
  out.cycle = cathodic.cycle;
  const auto t = v.time_s;
  const auto e = v.potential_v;
  const auto i = v.current_a;
  if (!(cathodic.min_potential_v < options.plating_potential_v)) {
    out.message = "the cathodic sweep stays above " +
                  eis::detail::to_text(options.plating_potential_v) + " V";
    return out;
  }
  std::size_t start = cathodic.begin;
  while (start < cathodic.end && !(e[start] < options.plating_potential_v)) {
    ++start;
  }
  // The anodic sweep that follows the cathodic vertex.
  const Segment* anodic = nullptr;
  for (std::size_t s = 0; s + 1 < segmentation.segments.size(); ++s) {
    if (&segmentation.segments[s] == &cathodic) {
      for (std::size_t q = s + 1; q < segmentation.segments.size(); ++q) {
        if (segmentation.segments[q].direction == SweepDirection::anodic) {
          anodic = &segmentation.segments[q];
          break;
        }
      }
      break;
    }
  }
  if (!anodic) {
    out.message = "the record ends before the sweep reverses after plating";
    return out;
  }
  std::size_t cross = 0;
  for (std::size_t k = std::max(anodic->begin, cathodic.end) + 1; k <= anodic->end; ++k) {
    if (smoothed[k - 1] < 0 && smoothed[k] >= 0) {
      cross = k;
      break;
    }
  }
  if (cross == 0) {
    out.message = "the current does not cross zero on the reverse sweep";
    return out;
  }
  out.found = true;
  out.plating_start_time_s = t[start];
  out.crossover_time_s =
      crossing_time(t[cross - 1], smoothed[cross - 1], t[cross], smoothed[cross], 0.0);
  out.crossover_potential_v = e[cross - 1] + (e[cross] - e[cross - 1]) *
                                                 (out.crossover_time_s - t[cross - 1]) /
                                                 std::max(t[cross] - t[cross - 1], 1e-300);
  out.plating_charge_c =
      -integrate(t, i, out.plating_start_time_s, out.crossover_time_s, start, cross);

  std::size_t peak = cross;
  for (std::size_t k = cross; k <= anodic->end; ++k) {
    if (smoothed[k] > smoothed[peak]) {
      peak = k;
    }
  }
  double floor = smoothed[peak];
  for (std::size_t k = peak; k <= anodic->end; ++k) {
    floor = std::min(floor, smoothed[k]);
  }
  const double level = floor + options.stripping_end_fraction * (smoothed[peak] - floor);
  std::size_t end = 0;
  for (std::size_t k = peak + 1; k <= anodic->end; ++k) {
    if (smoothed[k] <= level) {
      end = k;
      break;
    }
  }
  if (end == 0) {
    end = anodic->end;
    out.stripping_end_time_s = t[end];
    out.message = "the stripping current had not returned to its floor at the vertex";
  } else {
    out.stripping_end_time_s =
        crossing_time(t[end - 1], smoothed[end - 1], t[end], smoothed[end], level);
  }
  out.stripping_charge_c =
      integrate(t, i, out.crossover_time_s, out.stripping_end_time_s, cross - 1, end);
  if (out.plating_charge_c > 0) {
    out.coulombic_efficiency = out.stripping_charge_c / out.plating_charge_c;
    if (*out.coulombic_efficiency > 1.05) {
      out.message = "more charge stripped than plated: the cathodic current below " +
                    eis::detail::to_text(options.plating_potential_v) +
                    " V is probably not metal plating (is E given against the metal?)";
    }
  }
  return out;
}

}  // namespace

PlatingResult plating_stripping(VoltammogramView v, const PlatingOptions& options) {
  if (auto message = options.validate()) {
    throw InvalidArgument("plating_stripping: " + *message);
  }
  validate_voltammogram(v, 2);
  PlatingResult out;
  out.segmentation = segment_voltammogram(v, options.segmentation);
  out.warnings = out.segmentation.warnings;
  const auto smoothed =
      detail::smooth_per_segment(v.current_a, out.segmentation, options.smoothing);
  for (const auto& choice : detail::choose_sweeps(out.segmentation)) {
    if (!choice.cathodic) {
      PlatingCycle none;
      none.cycle = choice.cycle;
      none.message = "no cathodic sweep";
      out.cycles.push_back(none);
      continue;
    }
    out.cycles.push_back(analyse_cycle(v, smoothed, out.segmentation, *choice.cathodic, options));
    out.cycles.back().cycle = choice.cycle;
  }
  for (const auto& c : out.cycles) {
    if (c.found && c.coulombic_efficiency) {
      out.coulombic_efficiency = c.coulombic_efficiency;
      break;
    }
  }
  return out;
}

}  // namespace eis::cv
