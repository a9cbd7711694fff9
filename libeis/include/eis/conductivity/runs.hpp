/// @file
/// Comparing the runs of a conductivity series without a model: runs are aligned by
/// temperature, interpolating log10 σ linearly in 1/T between measured points (never
/// extrapolating, METHODS.md §7.5 item 1), giving σ ratios between cycles at chosen
/// temperatures, the decay per cycle (δ = log10(σ_n/σ_{n−1}), METHODS.md §7.5 item 2) and the
/// heating–cooling hysteresis of σ. Model-based comparisons (Arrhenius per cycle at T_ref,
/// transitions) live in arrhenius.hpp / cycling.hpp.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <eis/conductivity/row.hpp>

namespace eis {

/// One conductivity point of a run.
struct SigmaPoint {
  double temperature_k = 0.0;
  double sigma_s_per_cm = 0.0;
  double stderr_s_per_cm = 0.0;  ///< 0 = unknown
};

/// The points of one (cycle, direction) run, sorted by increasing temperature.
struct Run {
  int cycle = 1;
  Direction direction = Direction::heating;
  std::vector<SigmaPoint> points;
};

/// Which conductivity column of the rows to use.
enum class SigmaKind { total, bulk };

/// Groups the usable rows that have the chosen σ into runs, ordered by cycle, heating before
/// cooling; points sorted by temperature.
/// Thread-safety: reentrant.
[[nodiscard]] std::vector<Run> group_runs(std::span<const ConductivityRow> rows,
                                          SigmaKind kind = SigmaKind::total);

/// log10 σ with its standard error.
struct Log10Sigma {
  double value = 0.0;
  double stderr_value = 0.0;
};

/// log10 σ at `temperature_k`, linear in 1/T between the two bracketing points:
/// y = (1−w)·y_a + w·y_b with w = (1/T − 1/T_a)/(1/T_b − 1/T_a), and
/// se² = (1−w)²·se_a² + w²·se_b² (independent points). Points at equal temperature are
/// averaged. nullopt outside [T_min, T_max] or for an empty run.
/// Thread-safety: reentrant.
[[nodiscard]] std::optional<Log10Sigma> interpolate_log10_sigma(const Run& run,
                                                                double temperature_k);

/// Options for compare_runs().
struct RunComparisonOptions {
  /// Temperatures (K) to compare at; empty = every temperature of the earlier run that lies
  /// inside the other run's range (so no comparison ever extrapolates).
  std::vector<double> temperatures_k = {};
  /// Cycle the ratios refer to; 0 = the lowest cycle present.
  int reference_cycle = 0;
};

/// σ_cycle/σ_reference at one temperature, same direction.
struct CycleRatio {
  int cycle = 0;
  int reference_cycle = 0;
  Direction direction = Direction::heating;
  double temperature_k = 0.0;
  double sigma_ratio = 0.0;
  double log10_ratio = 0.0;
  double log10_ratio_stderr = 0.0;
};

/// Decay from the previous cycle of the same direction, averaged over the common temperatures.
struct CycleDecay {
  int cycle = 0;
  int previous_cycle = 0;
  Direction direction = Direction::heating;
  std::size_t temperatures = 0;   ///< how many temperatures were averaged
  double mean_log10_ratio = 0.0;  ///< mean of log10(σ_n/σ_prev)
  double mean_log10_ratio_stderr = 0.0;
  double decades_per_cycle = 0.0;  ///< mean_log10_ratio/(cycle − previous_cycle)
  double retention = 0.0;          ///< 10^mean_log10_ratio
};

/// log10 σ(heating) − log10 σ(cooling) of one cycle at one temperature.
struct HysteresisPoint {
  int cycle = 0;
  double temperature_k = 0.0;
  double log10_heating_minus_cooling = 0.0;
  double stderr_value = 0.0;
};

/// Result of compare_runs().
struct RunComparison {
  std::vector<CycleRatio> ratios;
  std::vector<CycleDecay> decay;
  std::vector<HysteresisPoint> hysteresis;
  std::vector<std::string> warnings;  ///< e.g. "cycles 1 and 4 do not overlap in temperature"
};

/// Aligns the runs and compares them (see the file comment).
/// @throws eis::InvalidArgument if a requested temperature is not finite and > 0.
/// Thread-safety: reentrant.
[[nodiscard]] RunComparison compare_runs(std::span<const Run> runs,
                                         const RunComparisonOptions& options = {});

}  // namespace eis
