#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <string>
#include <utility>

#include <eis/conductivity/runs.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>

namespace eis {
namespace {

Log10Sigma point_log10(const SigmaPoint& p) {
  return {std::log10(p.sigma_s_per_cm), p.stderr_s_per_cm / p.sigma_s_per_cm / std::numbers::ln10};
}

/// Temperatures at which `a` is compared with `b`: the requested ones, or a's own temperatures
/// that fall inside b's range.
std::vector<double> comparison_temperatures(const Run& a,
                                            const Run& b,
                                            const RunComparisonOptions& options) {
  if (!options.temperatures_k.empty()) {
    return options.temperatures_k;
  }
  std::vector<double> out;
  if (b.points.empty()) {
    return out;
  }
  const double lo = b.points.front().temperature_k;
  const double hi = b.points.back().temperature_k;
  for (const SigmaPoint& p : a.points) {
    if (p.temperature_k >= lo && p.temperature_k <= hi &&
        (out.empty() || out.back() != p.temperature_k)) {
      out.push_back(p.temperature_k);
    }
  }
  return out;
}

}  // namespace

std::vector<Run> group_runs(std::span<const ConductivityRow> rows, SigmaKind kind) {
  std::map<std::pair<int, int>, Run> runs;  // (cycle, direction)
  for (const ConductivityRow& row : rows) {
    const auto& sigma =
        kind == SigmaKind::total ? row.sigma_total_s_per_cm : row.sigma_bulk_s_per_cm;
    const auto& se =
        kind == SigmaKind::total ? row.sigma_total_stderr_s_per_cm : row.sigma_bulk_stderr_s_per_cm;
    if (!row.usable || !sigma || !(*sigma > 0.0) || !std::isfinite(*sigma) ||
        !(row.temperature_k > 0.0)) {
      continue;
    }
    const int d = static_cast<int>(row.direction);
    Run& run = runs[{row.cycle, d}];
    run.cycle = row.cycle;
    run.direction = row.direction;
    const double s = se && std::isfinite(*se) && *se >= 0.0 ? *se : 0.0;
    run.points.push_back({row.temperature_k, *sigma, s});
  }
  std::vector<Run> out;
  for (auto& [key, run] : runs) {
    std::stable_sort(run.points.begin(), run.points.end(), [](const auto& a, const auto& b) {
      return a.temperature_k < b.temperature_k;
    });
    out.push_back(std::move(run));
  }
  return out;
}

std::optional<Log10Sigma> interpolate_log10_sigma(const Run& run, double temperature_k) {
  const auto& pts = run.points;
  if (pts.empty() || !(temperature_k > 0.0) || temperature_k < pts.front().temperature_k ||
      temperature_k > pts.back().temperature_k) {
    return std::nullopt;
  }
  // Points at exactly this temperature: their mean.
  double sum = 0.0;
  double var = 0.0;
  int count = 0;
  for (const SigmaPoint& p : pts) {
    if (p.temperature_k == temperature_k) {
      const Log10Sigma l = point_log10(p);
      sum += l.value;
      var += l.stderr_value * l.stderr_value;
      ++count;
    }
  }
  if (count > 0) {
    return Log10Sigma{sum / count, std::sqrt(var) / count};
  }
  // Bracketing points (sorted by T; T strictly inside the range here).
  std::size_t hi = 0;
  while (pts[hi].temperature_k < temperature_k) {
    ++hi;
  }
  const SigmaPoint& a = pts[hi - 1];
  const SigmaPoint& b = pts[hi];
  const Log10Sigma la = point_log10(a);
  const Log10Sigma lb = point_log10(b);
  // METHODS.md §7.5: interpolate in x = 1/T, where log σ is (locally) linear (Arrhenius).
  const double xa = 1.0 / a.temperature_k;
  const double xb = 1.0 / b.temperature_k;
  const double w = (1.0 / temperature_k - xa) / (xb - xa);
  const double value = (1.0 - w) * la.value + w * lb.value;
  const double se = std::sqrt((1.0 - w) * (1.0 - w) * la.stderr_value * la.stderr_value +
                              w * w * lb.stderr_value * lb.stderr_value);
  return Log10Sigma{value, se};
}

RunComparison compare_runs(std::span<const Run> runs, const RunComparisonOptions& options) {
  for (const double t : options.temperatures_k) {
    if (!std::isfinite(t) || t <= 0.0) {
      throw InvalidArgument("comparison temperatures must be finite and > 0 K");
    }
  }
  RunComparison out;
  for (const Direction direction : {Direction::heating, Direction::cooling, Direction::unknown}) {
    std::vector<const Run*> same;
    for (const Run& r : runs) {
      if (r.direction == direction && !r.points.empty()) {
        same.push_back(&r);
      }
    }
    std::sort(
        same.begin(), same.end(), [](const Run* a, const Run* b) { return a->cycle < b->cycle; });
    if (same.size() < 2) {
      continue;
    }
    const Run* reference = same.front();
    if (options.reference_cycle != 0) {
      reference = nullptr;
      for (const Run* r : same) {
        if (r->cycle == options.reference_cycle) {
          reference = r;
        }
      }
      if (reference == nullptr) {
        out.warnings.push_back("no " + to_string(direction) + " run of reference cycle " +
                               eis::detail::to_text(options.reference_cycle));
        continue;
      }
    }
    // σ ratios against the reference cycle.
    for (const Run* r : same) {
      if (r == reference) {
        continue;
      }
      const auto temps = comparison_temperatures(*reference, *r, options);
      std::size_t found = 0;
      for (const double t : temps) {
        const auto a = interpolate_log10_sigma(*r, t);
        const auto b = interpolate_log10_sigma(*reference, t);
        if (!a || !b) {
          continue;
        }
        ++found;
        CycleRatio c;
        c.cycle = r->cycle;
        c.reference_cycle = reference->cycle;
        c.direction = direction;
        c.temperature_k = t;
        c.log10_ratio = a->value - b->value;
        c.log10_ratio_stderr = std::hypot(a->stderr_value, b->stderr_value);
        c.sigma_ratio = std::pow(10.0, c.log10_ratio);
        out.ratios.push_back(c);
      }
      if (found == 0) {
        out.warnings.push_back(to_string(direction) + " runs of cycles " +
                               eis::detail::to_text(reference->cycle) + " and " +
                               eis::detail::to_text(r->cycle) + " share no temperature range");
      }
    }
    // Decay between consecutive cycles (METHODS.md §7.5 item 2, averaged over temperatures).
    for (std::size_t k = 1; k < same.size(); ++k) {
      const Run& prev = *same[k - 1];
      const Run& cur = *same[k];
      const auto temps = comparison_temperatures(prev, cur, options);
      double sum = 0.0;
      double var = 0.0;
      std::size_t n = 0;
      for (const double t : temps) {
        const auto a = interpolate_log10_sigma(cur, t);
        const auto b = interpolate_log10_sigma(prev, t);
        if (a && b) {
          sum += a->value - b->value;
          var += a->stderr_value * a->stderr_value + b->stderr_value * b->stderr_value;
          ++n;
        }
      }
      if (n == 0 || cur.cycle == prev.cycle) {
        continue;
      }
      CycleDecay d;
      d.cycle = cur.cycle;
      d.previous_cycle = prev.cycle;
      d.direction = direction;
      d.temperatures = n;
      d.mean_log10_ratio = sum / static_cast<double>(n);
      d.mean_log10_ratio_stderr = std::sqrt(var) / static_cast<double>(n);
      d.decades_per_cycle = d.mean_log10_ratio / static_cast<double>(cur.cycle - prev.cycle);
      d.retention = std::pow(10.0, d.mean_log10_ratio);
      out.decay.push_back(d);
    }
  }
  // Heating–cooling hysteresis within each cycle.
  for (const Run& h : runs) {
    if (h.direction != Direction::heating || h.points.empty()) {
      continue;
    }
    for (const Run& c : runs) {
      if (c.direction != Direction::cooling || c.cycle != h.cycle || c.points.empty()) {
        continue;
      }
      for (const double t : comparison_temperatures(h, c, options)) {
        const auto a = interpolate_log10_sigma(h, t);
        const auto b = interpolate_log10_sigma(c, t);
        if (a && b) {
          out.hysteresis.push_back(
              {h.cycle, t, a->value - b->value, std::hypot(a->stderr_value, b->stderr_value)});
        }
      }
    }
  }
  return out;
}

}  // namespace eis
