#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include <eis/cv/segment.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>

#include "stats.hpp"

namespace eis::cv {

std::string to_string(SweepDirection direction) {
  switch (direction) {
    case SweepDirection::anodic:
      return "anodic";
    case SweepDirection::cathodic:
      return "cathodic";
    case SweepDirection::hold:
      return "hold";
  }
  return "hold";
}

SweepDirection parse_sweep_direction(std::string_view name) {
  if (name == "anodic") {
    return SweepDirection::anodic;
  }
  if (name == "cathodic") {
    return SweepDirection::cathodic;
  }
  if (name == "hold") {
    return SweepDirection::hold;
  }
  throw InvalidArgument("unknown sweep direction '" + std::string(name) +
                        "' (expected anodic, cathodic or hold)");
}

std::size_t Segmentation::sweep_count() const noexcept {
  return static_cast<std::size_t>(
      std::count_if(segments.begin(), segments.end(), [](const auto& s) {
        return s.direction != SweepDirection::hold;
      }));
}

namespace {

// Indices of the vertices (first point of each extremum) found with a hysteresis of `tol`.
std::vector<std::size_t> find_vertices(std::span<const double> e, double tol) {
  std::vector<std::size_t> vertices{0};
  const std::size_t n = e.size();
  int dir = 0;
  std::size_t hi = 0;
  std::size_t lo = 0;
  for (std::size_t i = 1; i < n; ++i) {
    if (dir == 0) {
      if (e[i] > e[hi]) {
        hi = i;
      }
      if (e[i] < e[lo]) {
        lo = i;
      }
      if (e[i] - e[lo] > tol) {
        dir = +1;
      } else if (e[hi] - e[i] > tol) {
        dir = -1;
      }
    } else if (dir > 0) {
      if (e[i] > e[hi]) {
        hi = i;
      } else if (e[hi] - e[i] > tol) {
        vertices.push_back(hi);
        dir = -1;
        lo = hi;
        for (std::size_t k = hi; k <= i; ++k) {
          if (e[k] < e[lo]) {
            lo = k;
          }
        }
      }
    } else {
      if (e[i] < e[lo]) {
        lo = i;
      } else if (e[i] - e[lo] > tol) {
        vertices.push_back(lo);
        dir = +1;
        hi = lo;
        for (std::size_t k = lo; k <= i; ++k) {
          if (e[k] > e[hi]) {
            hi = k;
          }
        }
      }
    }
  }
  if (vertices.back() != n - 1) {
    vertices.push_back(n - 1);
  }
  return vertices;
}

void fill_segment_stats(Segment& s, VoltammogramView v) {
  s.start_potential_v = v.potential_v[s.begin];
  s.end_potential_v = v.potential_v[s.end];
  s.min_potential_v = s.start_potential_v;
  s.max_potential_v = s.start_potential_v;
  std::vector<double> rates;
  rates.reserve(s.end - s.begin);
  for (std::size_t i = s.begin; i <= s.end; ++i) {
    s.min_potential_v = std::min(s.min_potential_v, v.potential_v[i]);
    s.max_potential_v = std::max(s.max_potential_v, v.potential_v[i]);
    if (i > s.begin) {
      const double dt = v.time_s[i] - v.time_s[i - 1];
      if (dt > 0) {
        rates.push_back(std::abs(v.potential_v[i] - v.potential_v[i - 1]) / dt);
      }
    }
  }
  s.scan_rate_v_per_s = rates.empty() ? 0.0 : detail::median(rates);
}

// Squared correlation coefficient of E against t over [begin, end]; 0 when either is constant.
double time_linearity(std::span<const double> t,
                      std::span<const double> e,
                      std::size_t begin,
                      std::size_t end) {
  const double n = static_cast<double>(end - begin + 1);
  double mt = 0;
  double me = 0;
  for (std::size_t k = begin; k <= end; ++k) {
    mt += t[k];
    me += e[k];
  }
  mt /= n;
  me /= n;
  double stt = 0;
  double see = 0;
  double ste = 0;
  for (std::size_t k = begin; k <= end; ++k) {
    stt += (t[k] - mt) * (t[k] - mt);
    see += (e[k] - me) * (e[k] - me);
    ste += (t[k] - mt) * (e[k] - me);
  }
  if (!(stt > 0) || !(see > 0)) {
    return 0.0;
  }
  return ste * ste / (stt * see);
}

}  // namespace

Segmentation segment_voltammogram(VoltammogramView v, const SegmentationOptions& options) {
  validate_voltammogram(v, 2);
  if (options.vertex_tolerance_v && !(*options.vertex_tolerance_v > 0)) {
    throw InvalidArgument("segmentation: vertex_tolerance_v must be > 0");
  }
  if (!(options.min_sweep_linearity >= 0 && options.min_sweep_linearity <= 1) ||
      options.min_sweep_points < 2) {
    throw InvalidArgument(
        "segmentation: min_sweep_linearity must be in [0, 1] and "
        "min_sweep_points >= 2");
  }
  Segmentation out;
  out.nominal_scan_rate_v_per_s = v.scan_rate_v_per_s;
  const auto e = v.potential_v;
  const std::size_t n = e.size();
  const auto [min_it, max_it] = std::minmax_element(e.begin(), e.end());
  const double span = *max_it - *min_it;
  std::vector<double> steps;
  steps.reserve(n - 1);
  for (std::size_t i = 1; i < n; ++i) {
    steps.push_back(std::abs(e[i] - e[i - 1]));
  }
  const double tol = options.vertex_tolerance_v.value_or(
      std::max({5.0 * detail::median(steps), 0.005 * span, 1e-3}));
  out.vertex_tolerance_v = tol;

  std::vector<Segment> raw;
  if (span < options.min_sweep_span_v) {
    raw.push_back({.begin = 0, .end = n - 1, .direction = SweepDirection::hold});
  } else {
    const auto vertices = find_vertices(e, tol);
    for (std::size_t k = 0; k + 1 < vertices.size(); ++k) {
      Segment s{.begin = vertices[k], .end = vertices[k + 1]};
      const double change = e[s.end] - e[s.begin];
      s.direction = change > tol    ? SweepDirection::anodic
                    : change < -tol ? SweepDirection::cathodic
                                    : SweepDirection::hold;
      // A sweep changes E steadily with t: a potential step followed by a hold (the start of a
      // chronoamperometry, an initial jump from open circuit) is not one.
      if (s.points() < options.min_sweep_points ||
          time_linearity(v.time_s, e, s.begin, s.end) < options.min_sweep_linearity) {
        s.direction = SweepDirection::hold;
      }
      raw.push_back(s);
    }
  }
  const std::size_t sweeps_found = static_cast<std::size_t>(std::count_if(
      raw.begin(), raw.end(), [](const auto& s) { return s.direction != SweepDirection::hold; }));

  bool use_column = options.use_cycle_column && !v.cycle.empty();
  if (use_column) {
    const std::set<int> distinct(v.cycle.begin(), v.cycle.end());
    if (distinct.size() < 2 && sweeps_found > 2) {
      use_column = false;
      out.warnings.push_back("the cycle column holds a single value for " +
                             eis::detail::to_text(sweeps_found) +
                             " sweeps; cycles were counted from the sweeps instead");
    }
  }
  out.cycles_from_file = use_column;

  if (use_column) {
    // Split segments where the file's cycle number changes; a change at the segment's second
    // point only relabels it, and one at its last point belongs to the next segment.
    for (auto s : raw) {
      s.cycle = v.cycle[s.begin];
      std::size_t start = s.begin;
      for (std::size_t i = s.begin + 1; i < s.end; ++i) {
        if (v.cycle[i] == v.cycle[i - 1]) {
          continue;
        }
        if (i == start + 1) {
          s.cycle = v.cycle[i];
          continue;
        }
        Segment piece = s;
        piece.begin = start;
        piece.end = i;
        out.segments.push_back(piece);
        start = i;
        s.cycle = v.cycle[i];
      }
      s.begin = start;
      out.segments.push_back(s);
    }
  } else {
    int cycle = 1;
    std::optional<SweepDirection> first;
    bool other_seen = false;
    for (auto s : raw) {
      if (s.direction != SweepDirection::hold) {
        if (!first) {
          first = s.direction;
        } else if (s.direction == *first && other_seen) {
          ++cycle;
          other_seen = false;
        } else if (s.direction != *first) {
          other_seen = true;
        }
      }
      s.cycle = cycle;
      out.segments.push_back(s);
    }
  }

  std::vector<double> all_rates;
  for (auto& s : out.segments) {
    fill_segment_stats(s, v);
    if (std::find(out.cycles.begin(), out.cycles.end(), s.cycle) == out.cycles.end()) {
      out.cycles.push_back(s.cycle);
    }
    if (s.direction == SweepDirection::hold) {
      continue;
    }
    for (std::size_t i = s.begin + 1; i <= s.end; ++i) {
      const double dt = v.time_s[i] - v.time_s[i - 1];
      if (dt > 0) {
        all_rates.push_back(std::abs(e[i] - e[i - 1]) / dt);
      }
    }
  }
  out.scan_rate_v_per_s = all_rates.empty() ? 0.0 : detail::median(all_rates);
  if (out.sweep_count() == 0) {
    out.warnings.push_back("no potential sweep: the potential spans " + eis::detail::to_text(span) +
                           " V (a potentiostatic record?)");
  } else if (out.nominal_scan_rate_v_per_s && *out.nominal_scan_rate_v_per_s > 0) {
    const double nominal = *out.nominal_scan_rate_v_per_s;
    const double deviation = std::abs(out.scan_rate_v_per_s / nominal - 1.0);
    if (deviation > options.scan_rate_tolerance) {
      out.warnings.push_back("measured scan rate " + eis::detail::to_text(out.scan_rate_v_per_s) +
                             " V/s differs from the nominal " + eis::detail::to_text(nominal) +
                             " V/s by " + eis::detail::to_text(100.0 * deviation) + " %");
    }
  }
  return out;
}

}  // namespace eis::cv
