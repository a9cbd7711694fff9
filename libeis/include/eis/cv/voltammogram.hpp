/// @file
/// Voltammogram: a cyclic or linear sweep voltammetry record (time, potential, current, cycle)
/// as read from an instrument file. Current follows IUPAC (anodic positive) (METHODS.md §8.1).
#pragma once

#include <map>
#include <optional>
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
};

}  // namespace eis::cv
