#include <algorithm>
#include <cmath>
#include <limits>

#include <eis/conductivity/cycling.hpp>
#include <eis/conductivity/vtf.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>

namespace eis::conductivity {
namespace {

const Segment* segment_at(const RunAnalysis& run, double t) {
  for (const auto& s : run.segments) {
    if (t >= s.t_min_k && t <= s.t_max_k) {
      return &s;
    }
  }
  return nullptr;
}

}  // namespace

std::optional<ConductivityPrediction> interpolate_run(const RunAnalysis& run,
                                                      double temperature_k) {
  const Segment* s = segment_at(run, temperature_k);
  if (s == nullptr) {
    return std::nullopt;
  }
  if (s->law == SegmentLaw::vtf && s->vtf) {
    return predict(*s->vtf, temperature_k);
  }
  return predict(s->arrhenius, temperature_k);
}

CycleComparison compare_cycles(std::span<const RunAnalysis> runs,
                               const CycleComparisonOptions& options) {
  CycleComparison out;
  out.direction = options.direction;
  std::vector<const RunAnalysis*> selected;
  for (const auto& r : runs) {
    if (r.direction == options.direction) {
      selected.push_back(&r);
    }
  }
  std::sort(selected.begin(), selected.end(), [](const RunAnalysis* a, const RunAnalysis* b) {
    return a->cycle < b->cycle;
  });
  if (selected.empty()) {
    out.warnings.push_back("no " + to_string(options.direction) + " runs to compare");
    return out;
  }
  out.reference_cycle = options.reference_cycle.value_or(selected.front()->cycle);
  const auto ref_it = std::find_if(selected.begin(), selected.end(), [&](const RunAnalysis* r) {
    return r->cycle == out.reference_cycle;
  });
  if (ref_it == selected.end()) {
    throw InvalidArgument("compare_cycles: reference cycle " +
                          eis::detail::to_text(out.reference_cycle) + " has no " +
                          to_string(options.direction) + " run");
  }
  const RunAnalysis& ref = **ref_it;
  out.temperatures_k = options.temperatures_k;
  for (const double t : out.temperatures_k) {
    if (!(std::isfinite(t) && t > 0.0)) {
      throw InvalidArgument("compare_cycles: temperature " + eis::detail::to_text(t) +
                            " K is not positive");
    }
  }
  if (out.temperatures_k.empty()) {
    // The lowest common temperature: max over runs of the lowest fitted temperature, if every
    // run covers it.
    double t = -std::numeric_limits<double>::infinity();
    for (const auto* r : selected) {
      if (!r->segments.empty()) {
        t = std::max(t, r->segments.front().t_min_k);
      }
    }
    if (std::isfinite(t)) {
      out.temperatures_k.push_back(t);
    } else {
      out.warnings.push_back("no fitted segments to compare");
      return out;
    }
  }
  const auto* ref_main = main_transition(ref);
  for (const double t : out.temperatures_k) {
    const auto ref_pred = interpolate_run(ref, t);
    const Segment* ref_seg = segment_at(ref, t);
    double previous = std::numeric_limits<double>::quiet_NaN();
    for (const auto* r : selected) {
      CycleConductivity e;
      e.cycle = r->cycle;
      e.reference_cycle = out.reference_cycle;
      e.temperature_k = t;
      const auto pred = interpolate_run(*r, t);
      const Segment* seg = segment_at(*r, t);
      if (pred) {
        e.sigma_s_per_cm = pred->sigma_s_per_cm;
        e.sigma_ci_s_per_cm = pred->sigma_ci_s_per_cm;
        e.log10_sigma_stderr = pred->log10_sigma_stderr;
        e.law = seg->law;
        if (ref_pred) {
          e.sigma_ratio = pred->sigma_s_per_cm / ref_pred->sigma_s_per_cm;  // r_n = σ_n/σ_1
        }
        if (std::isfinite(previous)) {
          e.log10_change_from_previous = std::log10(pred->sigma_s_per_cm / previous);
        }
        previous = pred->sigma_s_per_cm;
        if (ref_seg != nullptr) {
          e.delta_ea_ev = seg->arrhenius.ea_ev - ref_seg->arrhenius.ea_ev;
        }
      } else {
        out.warnings.push_back("cycle " + eis::detail::to_text(r->cycle) + ": " +
                               eis::detail::to_text(t) +
                               " K lies outside its fitted segments (no extrapolation)");
        previous = std::numeric_limits<double>::quiet_NaN();
      }
      const auto* m = main_transition(*r);
      if (m != nullptr && ref_main != nullptr) {
        e.delta_transition_k = m->temperature_k - ref_main->temperature_k;
      }
      out.entries.push_back(e);
    }
  }
  return out;
}

}  // namespace eis::conductivity
