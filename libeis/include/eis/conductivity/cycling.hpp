/// @file
/// Comparison of conductivity between heating/cooling cycles (METHODS.md §7.5): σ at chosen
/// temperatures interpolated in 1/T along each run's fitted segment (never extrapolated), its
/// ratio to a reference cycle, the per-cycle decay, and the changes in Ea and transition
/// temperature.
#pragma once

#include <array>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <eis/conductivity/arrhenius.hpp>
#include <eis/conductivity/point.hpp>
#include <eis/conductivity/transitions.hpp>

namespace eis::conductivity {

/// Options for compare_cycles().
struct CycleComparisonOptions {
  /// Temperatures (K) at which σ is compared. Empty: the lowest temperature covered by a fitted
  /// segment of every compared run ("the lowest common T", METHODS.md §7.5).
  std::vector<double> temperatures_k = {};
  /// Reference cycle; unset = the smallest cycle number among the compared runs.
  std::optional<int> reference_cycle = {};
  /// Runs of this direction are compared (heating runs are the usual record of decay).
  /// Direction::unknown compares the runs without a direction.
  Direction direction = Direction::heating;
};

/// σ of one cycle at one temperature.
struct CycleConductivity {
  int cycle = 1;
  int reference_cycle = 1;
  double temperature_k = std::numeric_limits<double>::quiet_NaN();
  /// NaN when T lies outside every fitted segment of the run (no extrapolation).
  double sigma_s_per_cm = std::numeric_limits<double>::quiet_NaN();
  std::array<double, 2> sigma_ci_s_per_cm = {};
  double log10_sigma_stderr = std::numeric_limits<double>::quiet_NaN();
  SegmentLaw law = SegmentLaw::arrhenius_t;  ///< law of the segment interpolated along
  double sigma_ratio = std::numeric_limits<double>::quiet_NaN();  ///< σ_n/σ_ref (retention)
  /// δ_n = log10(σ_n/σ_(previous compared cycle)) in decades; NaN for the first cycle.
  double log10_change_from_previous = std::numeric_limits<double>::quiet_NaN();
  /// Ea of the segment containing T minus that of the reference cycle (eV; Arrhenius segments).
  double delta_ea_ev = std::numeric_limits<double>::quiet_NaN();
  /// Main transition temperature minus the reference cycle's (K); NaN if either has none.
  double delta_transition_k = std::numeric_limits<double>::quiet_NaN();
};

/// Result of compare_cycles().
struct CycleComparison {
  Direction direction = Direction::heating;
  int reference_cycle = 1;
  std::vector<double> temperatures_k;      ///< the temperatures used
  std::vector<CycleConductivity> entries;  ///< by temperature, then cycle
  std::vector<std::string> warnings;
};

/// Compares the runs of one direction.
/// @param runs  e.g. ConductivityAnalysis::runs; runs of other directions are ignored
/// @throws eis::InvalidArgument if a temperature is not positive, or the reference cycle is not
///         among the compared runs.
/// Thread-safety: reentrant.
[[nodiscard]] CycleComparison compare_cycles(std::span<const RunAnalysis> runs,
                                             const CycleComparisonOptions& options = {});

/// σ(T) of a run interpolated along the fitted segment containing T (its reported law), or
/// std::nullopt when T is outside every segment.
/// Thread-safety: reentrant.
[[nodiscard]] std::optional<ConductivityPrediction> interpolate_run(const RunAnalysis& run,
                                                                    double temperature_k);

}  // namespace eis::conductivity
