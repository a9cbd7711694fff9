/// @file
/// Splitting a voltammogram into sweeps (at vertices, where dE/dt changes sign) and cycles, and
/// measuring the scan rate ν = median|ΔE/Δt| per sweep (METHODS.md §8.2).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <eis/cv/voltammogram.hpp>

namespace eis::cv {

/// Direction of a sweep: potential increasing (anodic-going), decreasing (cathodic-going), or
/// held (no net change beyond the vertex tolerance, e.g. chronoamperometry).
enum class SweepDirection { anodic, cathodic, hold };

[[nodiscard]] std::string to_string(SweepDirection direction);
/// @throws eis::InvalidArgument for a name other than "anodic", "cathodic", "hold".
[[nodiscard]] SweepDirection parse_sweep_direction(std::string_view name);

/// One monotonic part of the record: points [begin, end] (inclusive). Consecutive segments
/// share their boundary point (the vertex, or the first point of a new cycle), so integrals
/// over segments add up to the integral over the record.
struct Segment {
  std::size_t begin = 0;
  std::size_t end = 0;  ///< inclusive
  SweepDirection direction = SweepDirection::hold;
  int cycle = 1;                 ///< cycle number (the file's, or counted from 1)
  double start_potential_v = 0;  ///< E at `begin`
  double end_potential_v = 0;    ///< E at `end`
  double min_potential_v = 0;    ///< lowest E inside the segment
  double max_potential_v = 0;    ///< highest E inside the segment
  double scan_rate_v_per_s = 0;  ///< median |ΔE/Δt| over the segment's intervals with Δt > 0
  [[nodiscard]] std::size_t points() const noexcept { return end - begin + 1; }
};

/// Options of segment_voltammogram().
struct SegmentationOptions {
  /// A vertex is declared once the potential has moved back from the running extremum by more
  /// than this tolerance (hysteresis, so noise and staircase steps never create vertices).
  /// Empty = automatic: max(5·median|ΔE|, 0.5 % of the potential span, 1 mV).
  std::optional<double> vertex_tolerance_v = {};
  /// A record whose potential span is below this is a potentiostatic hold, not a sweep. 10 mV
  /// is far above potentiostat noise and far below any useful CV span.
  double min_sweep_span_v = 0.01;
  /// A monotonic part with fewer points is a hold (an initial potential jump, not a sweep):
  /// five points are the least a scan rate and a smoothed derivative can be taken from.
  std::size_t min_sweep_points = 5;
  /// A sweep changes E steadily in time: parts whose squared correlation of E with t is below
  /// this are holds (a potential step followed by a hold has R² ≈ 0, a sweep R² ≈ 1, one followed
  /// by a vertex hold as long as itself still 0.8).
  double min_sweep_linearity = 0.5;
  /// Use the file's cycle column when it has one. A column with a single value is ignored when
  /// the record has more than two sweeps (then cycles are counted from the sweeps).
  bool use_cycle_column = true;
  /// Warn when the measured scan rate differs from the nominal one by more than this fraction.
  double scan_rate_tolerance = 0.1;
};

/// Sweeps, cycles and scan rate of a record.
struct Segmentation {
  std::vector<Segment> segments;  ///< in time order
  std::vector<int> cycles;        ///< distinct cycle numbers in order of appearance
  bool cycles_from_file = false;  ///< true if the file's cycle column was used
  /// Median |ΔE/Δt| over all intervals of all sweeps (holds excluded), V/s; 0 without sweeps.
  double scan_rate_v_per_s = 0;
  std::optional<double> nominal_scan_rate_v_per_s;  ///< from the view, when known
  double vertex_tolerance_v = 0;                    ///< the tolerance that was used
  std::vector<std::string> warnings;
  /// Number of segments that are sweeps (not holds).
  [[nodiscard]] std::size_t sweep_count() const noexcept;
};

/// Splits a record into sweeps and cycles. Vertices are found with a hysteresis of
/// `vertex_tolerance_v` on the raw potential, so noise and plateaus (holds at a vertex) create
/// no spurious vertices; a vertex lies at the first point of the extremum. Without a usable
/// cycle column, a new cycle starts with every sweep that runs in the direction of the first
/// sweep (an LSV is one cycle). Cycle boundaries from the file also split sweeps.
/// @throws eis::InvalidArgument if the view is invalid (validate_voltammogram) or has < 2 points.
/// Thread-safety: reentrant.
[[nodiscard]] Segmentation segment_voltammogram(VoltammogramView voltammogram,
                                                const SegmentationOptions& options = {});

}  // namespace eis::cv
