/// @file
/// Model selection (METHODS.md §3.6): fit a list of candidate circuits to one spectrum with the
/// same weighting, rank them by AIC, AICc or BIC (n = 2N), and F-test nested pairs, e.g.
/// `p(R1,CPE1)-CPE2` against `p(R1,CPE1)-p(R2,CPE2)-CPE3`.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <eis/circuit/circuit.hpp>
#include <eis/fit/options.hpp>
#include <eis/fit/result.hpp>
#include <eis/fit/statistics.hpp>
#include <eis/spectrum.hpp>

namespace eis {

/// Ranking criterion (METHODS.md §3.6).
enum class SelectionCriterion { aic, aicc, bic };
[[nodiscard]] std::string_view to_string(SelectionCriterion criterion) noexcept;

/// Options for select_model().
struct ModelSelectionOptions {
  /// Used for every candidate (same weighting for all, as §3.6 requires); automatic initial
  /// values.
  FitOptions fit = {};
  /// BIC penalises extra parameters more than AIC for n = 2N ≳ 8; AIC is lmfit's and
  /// pyimpspec's default, so it is the default here.
  SelectionCriterion criterion = SelectionCriterion::aic;
  /// Significance level of the nested F-tests.
  double significance = 0.05;
};

/// One fitted candidate.
struct CandidateFit {
  std::string circuit;  ///< impedance.py syntax
  FitResult fit;
  double criterion = 0.0;  ///< value of the chosen criterion
  double delta = 0.0;      ///< criterion − best criterion (0 for the best)
  double weight = 0.0;     ///< Akaike/Schwarz weight exp(−Δ/2)/Σ exp(−Δ/2) over usable fits
  std::size_t rank = 0;    ///< 1 = best; unusable fits rank after all usable ones
};

/// F-test of a nested pair (METHODS.md §3.6).
struct NestedComparison {
  std::size_t simple = 0;   ///< index into candidates
  std::size_t complex = 0;  ///< index into candidates
  FTestResult test;
  bool complex_preferred = false;  ///< p < significance
};

/// Result of select_model().
struct ModelSelectionResult {
  std::vector<CandidateFit> candidates;  ///< input order
  std::vector<std::size_t> ranking;      ///< candidate indices, best first
  std::size_t best = 0;                  ///< = ranking.front()
  std::vector<NestedComparison> nested;  ///< every nested pair with both fits usable
  std::vector<std::string> warnings;
};

/// Structural nesting test (heuristic): `simple` has fewer parameters and its elements are a
/// sub-multiset (by kind) of those of `complex`, e.g. p(R1,CPE1)-CPE2 ⊂ p(R1,CPE1)-p(R2,CPE2)-CPE3.
/// Thread-safety: reentrant.
[[nodiscard]] bool is_nested(const Circuit& simple, const Circuit& complex);

/// Fits every candidate and ranks them.
/// @throws eis::InvalidArgument if there are no candidates, or as fit_circuit().
/// Thread-safety: reentrant.
[[nodiscard]] ModelSelectionResult select_model(std::span<const Circuit> candidates,
                                                SpectrumView spectrum,
                                                const ModelSelectionOptions& options = {});

}  // namespace eis
