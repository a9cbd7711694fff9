// Synthetic voltammograms for the cv tests: a triangle potential waveform sampled on a uniform
// time grid, with a current given as a function of (E, sweep direction, cycle, t) plus seeded
// Gaussian noise. Every expected value in the tests comes from the functions used here.
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <random>
#include <vector>

#include <eis/cv/voltammogram.hpp>

namespace eis::test::cv {

/// Triangle waveform: starts at `e_start`, sweeps towards `first_vertex_v`, then between the two
/// vertices for `sweeps` sweeps in total. Vertices fall on samples when the sweep lengths are
/// multiples of scan_rate·dt.
struct Triangle {
  double e_start_v = 1.0;
  double first_vertex_v = 5.5;
  double second_vertex_v = 1.0;
  double scan_rate_v_per_s = 0.005;
  double dt_s = 0.2;
  int sweeps = 4;
};

/// Current model: i(E, direction (+1 anodic-going, −1 cathodic-going), sweep index from 0,
/// t) in A.
using CurrentModel = std::function<double(double, int, int, double)>;

inline eis::cv::Voltammogram make_cv(const Triangle& tri,
                                     const CurrentModel& current,
                                     double noise_a = 0.0,
                                     std::uint64_t seed = 1) {
  eis::cv::Voltammogram v;
  std::mt19937_64 rng{seed};
  std::normal_distribution<double> noise{0.0, 1.0};
  const double step = tri.scan_rate_v_per_s * tri.dt_s;
  double e_from = tri.e_start_v;
  double e_to = tri.first_vertex_v;
  std::size_t k = 0;
  for (int s = 0; s < tri.sweeps; ++s) {
    const int dir = e_to > e_from ? 1 : -1;
    const auto n = static_cast<long>(std::llround(std::abs(e_to - e_from) / step));
    for (long q = (s == 0 ? 0 : 1); q <= n; ++q, ++k) {
      const double e = e_from + dir * step * static_cast<double>(q);
      const double t = static_cast<double>(k) * tri.dt_s;
      v.time_s.push_back(t);
      v.potential_v.push_back(e);
      v.current_a.push_back(current(e, dir, s, t) + noise_a * noise(rng));
    }
    e_from = e_to;
    e_to = (e_to == tri.first_vertex_v) ? tri.second_vertex_v : tri.first_vertex_v;
  }
  v.metadata.scan_rate_v_per_s = tri.scan_rate_v_per_s;
  v.metadata.technique = "CV";
  return v;
}

}  // namespace eis::test::cv
