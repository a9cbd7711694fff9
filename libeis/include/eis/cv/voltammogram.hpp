/// @file
/// Voltammogram: a cyclic or linear sweep voltammetry record (time, potential, current, cycle)
/// as read from an instrument file, and VoltammogramView, the non-owning input type of the cv
/// analyses. Current follows IUPAC (anodic positive) (METHODS.md §8.1).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace eis::cv {

/// What the file says about the measurement. Every field is optional.
struct VoltammogramMetadata {
  std::optional<double> area_cm2;           ///< working-electrode area, if set in the file
  std::optional<double> scan_rate_v_per_s;  ///< nominal scan rate from the settings
  std::string instrument;
  std::string technique;  ///< e.g. "CV", "LSV", "CA"
  std::string start_time;
  std::vector<std::string> column_names;  ///< original column names
  std::map<std::string, std::string> extra;
};

/// Non-owning view of a voltammogram, the input of every cv analysis. Invariant expected by the
/// analyses (checked by validate_voltammogram): time, potential and current have equal sizes,
/// all values finite, time non-decreasing; `cycle` is empty or has the same size.
/// Thread-safety: safe to share as long as the viewed data outlives it unchanged.
struct VoltammogramView {
  std::span<const double> time_s;
  std::span<const double> potential_v;           ///< V, working vs reference (or counter) electrode
  std::span<const double> current_a;             ///< A, anodic positive
  std::span<const int> cycle = {};               ///< empty = cycles not marked by the file
  std::optional<double> area_cm2 = {};           ///< working-electrode area, where known
  std::optional<double> scan_rate_v_per_s = {};  ///< nominal scan rate, where known
  [[nodiscard]] std::size_t size() const noexcept { return potential_v.size(); }
};

/// Invariant: all per-point vectors have the same length; `cycle` is empty when the file does
/// not mark cycles (cv analysis then segments by sweep direction).
/// Thread-safety: a value type; const access from several threads is safe.
struct Voltammogram {
  std::vector<double> time_s;
  std::vector<double> potential_v;  ///< working vs reference (or counter) electrode
  std::vector<double> current_a;    ///< anodic positive
  std::vector<int> cycle;           ///< cycle number per point as the file numbers it
  VoltammogramMetadata metadata;
  std::vector<std::string> warnings;
  [[nodiscard]] std::size_t size() const noexcept { return potential_v.size(); }
  /// View of the data with the area and nominal scan rate taken from the metadata.
  [[nodiscard]] VoltammogramView view() const noexcept {
    return {time_s, potential_v, current_a, cycle, metadata.area_cm2, metadata.scan_rate_v_per_s};
  }
  // NOLINTNEXTLINE(google-explicit-constructor): converts like std::string to string_view.
  operator VoltammogramView() const noexcept { return view(); }
};

/// Checks the VoltammogramView invariant.
/// @throws eis::InvalidArgument naming the first offending index and value: sizes differ, a
///         value is not finite, time decreases, the area is ≤ 0, or fewer than `min_points`
///         points.
/// Thread-safety: reentrant.
void validate_voltammogram(VoltammogramView voltammogram, std::size_t min_points = 1);

}  // namespace eis::cv
