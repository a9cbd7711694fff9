#include "sweeps.hpp"

namespace eis::cv::detail {

std::vector<double> smooth_per_segment(std::span<const double> y,
                                       const Segmentation& segmentation,
                                       const SavitzkyGolayOptions& options) {
  std::vector<double> out(y.begin(), y.end());
  for (const auto& seg : segmentation.segments) {
    if (seg.direction == SweepDirection::hold) {
      continue;
    }
    // A segment that starts at the previous one's end (a vertex, where the capacitive current
    // jumps) leaves that shared point to the previous segment's smoothing.
    const std::size_t skip = (seg.begin > 0 && seg.points() > 2) ? 1 : 0;
    const auto part = savitzky_golay(y.subspan(seg.begin + skip, seg.points() - skip), options);
    for (std::size_t k = 0; k < part.size(); ++k) {
      out[seg.begin + skip + k] = part[k];
    }
  }
  return out;
}

std::vector<CycleSweeps> choose_sweeps(const Segmentation& segmentation) {
  std::vector<CycleSweeps> out;
  for (const int cycle : segmentation.cycles) {
    CycleSweeps c{.cycle = cycle};
    for (const auto& seg : segmentation.segments) {
      if (seg.cycle != cycle) {
        continue;
      }
      if (seg.direction == SweepDirection::anodic &&
          (!c.anodic || seg.max_potential_v > c.anodic->max_potential_v)) {
        c.anodic = &seg;
      }
      if (seg.direction == SweepDirection::cathodic &&
          (!c.cathodic || seg.min_potential_v < c.cathodic->min_potential_v)) {
        c.cathodic = &seg;
      }
    }
    if (c.anodic || c.cathodic) {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace eis::cv::detail
