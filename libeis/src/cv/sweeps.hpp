// Internal helpers shared by the cv analyses: per-segment smoothing and the choice of the
// sweeps analysed in each cycle (not installed; no stability promise).
#pragma once

#include <span>
#include <vector>

#include <eis/cv/segment.hpp>
#include <eis/cv/smoothing.hpp>

namespace eis::cv::detail {

/// Savitzky–Golay smoothing of `y` within each sweep (never across a vertex, where the
/// capacitive current jumps); hold segments are copied unchanged.
std::vector<double> smooth_per_segment(std::span<const double> y,
                                       const Segmentation& segmentation,
                                       const SavitzkyGolayOptions& options);

/// The sweeps analysed in one cycle: the anodic sweep reaching the highest potential and the
/// cathodic sweep reaching the lowest (first one on ties); either may be missing.
struct CycleSweeps {
  int cycle = 1;
  const Segment* anodic = nullptr;
  const Segment* cathodic = nullptr;
};

/// One entry per cycle that holds at least one sweep, in order of appearance.
std::vector<CycleSweeps> choose_sweeps(const Segmentation& segmentation);

}  // namespace eis::cv::detail
