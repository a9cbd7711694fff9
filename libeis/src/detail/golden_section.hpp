// Private to libeis: golden-section search for the minimum of a unimodal function on an
// interval (Kiefer 1953; Press et al., Numerical Recipes 3rd ed. §10.2). Used for λ of the DRT
// (drt/tikhonov.cpp), T0 of the VTF profile (conductivity/vtf.cpp) and the breakpoint ψ of the
// transition models (conductivity/transitions.cpp).
#pragma once

#include <algorithm>
#include <cmath>

namespace eis::detail {

/// The final bracket and the better of its two interior points.
struct GoldenSection {
  double lo = 0.0;  ///< final bracket
  double hi = 0.0;
  double x = 0.0;  ///< interior point with the lower f
};

/// Shrinks [lo, hi] by 1/φ per iteration (one evaluation of f each, two to start) for at most
/// `max_iterations` iterations, or until hi − lo ≤ relative_tolerance · max(1, |hi|).
template <class F>
GoldenSection golden_section_minimise(
    F&& f, double lo, double hi, int max_iterations, double relative_tolerance = 0.0) {
  const double inv_phi = (std::sqrt(5.0) - 1.0) / 2.0;
  double c = hi - inv_phi * (hi - lo);
  double d = lo + inv_phi * (hi - lo);
  double fc = f(c);
  double fd = f(d);
  for (int it = 0;
       it < max_iterations && (hi - lo) > relative_tolerance * std::max(1.0, std::abs(hi));
       ++it) {
    if (fc < fd) {
      hi = d;
      d = c;
      fd = fc;
      c = hi - inv_phi * (hi - lo);
      fc = f(c);
    } else {
      lo = c;
      c = d;
      fc = fd;
      d = lo + inv_phi * (hi - lo);
      fd = f(d);
    }
  }
  return GoldenSection{lo, hi, fc < fd ? c : d};
}

}  // namespace eis::detail
