#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include <eis/error.hpp>
#include <eis/fit/cnls.hpp>
#include <eis/fit/model_selection.hpp>

namespace eis {

std::string_view to_string(SelectionCriterion criterion) noexcept {
  switch (criterion) {
    case SelectionCriterion::aic:
      return "aic";
    case SelectionCriterion::aicc:
      return "aicc";
    case SelectionCriterion::bic:
      return "bic";
  }
  return "aic";
}

bool is_nested(const Circuit& simple, const Circuit& complex) {
  if (simple.parameter_count() >= complex.parameter_count()) {
    return false;
  }
  std::map<ElementKind, int> count;
  for (const auto& e : complex.elements()) {
    ++count[e.kind];
  }
  for (const auto& e : simple.elements()) {
    if (--count[e.kind] < 0) {
      return false;
    }
  }
  return true;
}

ModelSelectionResult select_model(std::span<const Circuit> candidates,
                                  SpectrumView spectrum,
                                  const ModelSelectionOptions& options) {
  if (candidates.empty()) {
    throw InvalidArgument("select_model: no candidate circuits");
  }
  if (!(options.significance > 0.0 && options.significance < 1.0)) {
    throw InvalidArgument("select_model: significance must be in (0, 1)");
  }
  ModelSelectionResult out;
  for (const auto& c : candidates) {
    CandidateFit candidate;
    candidate.circuit = format_circuit(c);
    candidate.fit = fit_circuit(c, spectrum, {}, options.fit);
    switch (options.criterion) {
      case SelectionCriterion::aic:
        candidate.criterion = candidate.fit.aic;
        break;
      case SelectionCriterion::aicc:
        candidate.criterion = candidate.fit.aicc;
        break;
      case SelectionCriterion::bic:
        candidate.criterion = candidate.fit.bic;
        break;
    }
    if (!candidate.fit.usable()) {
      out.warnings.push_back(candidate.circuit + ": fit not usable (" + candidate.fit.message +
                             "); ranked last");
    }
    out.candidates.push_back(std::move(candidate));
  }
  auto usable = [&](std::size_t i) {
    return out.candidates[i].fit.usable() && std::isfinite(out.candidates[i].criterion);
  };
  out.ranking.resize(out.candidates.size());
  std::iota(out.ranking.begin(), out.ranking.end(), std::size_t{0});
  std::stable_sort(out.ranking.begin(), out.ranking.end(), [&](std::size_t a, std::size_t b) {
    if (usable(a) != usable(b)) {
      return usable(a);
    }
    return usable(a) && out.candidates[a].criterion < out.candidates[b].criterion;
  });
  out.best = out.ranking.front();
  const double best = out.candidates[out.best].criterion;
  double total = 0.0;
  for (std::size_t i = 0; i < out.candidates.size(); ++i) {
    auto& c = out.candidates[i];
    c.delta = usable(i) ? c.criterion - best : std::numeric_limits<double>::infinity();
    total += usable(i) ? std::exp(-0.5 * c.delta) : 0.0;
  }
  for (std::size_t r = 0; r < out.ranking.size(); ++r) {
    auto& c = out.candidates[out.ranking[r]];
    c.rank = r + 1;
    c.weight = usable(out.ranking[r]) && total > 0.0 ? std::exp(-0.5 * c.delta) / total : 0.0;
  }
  for (std::size_t a = 0; a < candidates.size(); ++a) {
    for (std::size_t b = 0; b < candidates.size(); ++b) {
      if (a == b || !usable(a) || !usable(b) || !is_nested(candidates[a], candidates[b])) {
        continue;
      }
      const auto& fa = out.candidates[a].fit;
      const auto& fb = out.candidates[b].fit;
      const std::size_t n = 2 * fb.points;
      if (fa.points != fb.points || fb.free_parameters >= n || !(fb.chi_square > 0.0) ||
          fa.free_parameters >= fb.free_parameters) {
        continue;
      }
      NestedComparison cmp;
      cmp.simple = a;
      cmp.complex = b;
      cmp.test =
          nested_f_test(fa.chi_square, fa.free_parameters, fb.chi_square, fb.free_parameters, n);
      cmp.complex_preferred = cmp.test.p_value < options.significance;
      out.nested.push_back(cmp);
    }
  }
  return out;
}

}  // namespace eis
