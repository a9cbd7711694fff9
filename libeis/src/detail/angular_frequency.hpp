// Private to libeis: ω = 2πf for a frequency vector, with the one check every evaluation entry
// point makes (evaluate(), evaluate_sweep()): each f finite and > 0, else InvalidArgument naming
// the index and value.
#pragma once

#include <cmath>
#include <cstddef>
#include <numbers>
#include <span>
#include <string>
#include <vector>

#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>

namespace eis::detail {

/// ω_i = 2π f_i, rad/s.
/// @throws eis::InvalidArgument for a frequency that is not finite or ≤ 0.
inline std::vector<double> checked_angular_frequencies(std::span<const double> frequency_hz) {
  std::vector<double> omega(frequency_hz.size());
  for (std::size_t i = 0; i < frequency_hz.size(); ++i) {
    const double f = frequency_hz[i];
    if (!std::isfinite(f) || f <= 0.0) {
      throw InvalidArgument("frequency at index " + eis::detail::to_text(i) + " is " +
                            eis::detail::to_text(f) + " Hz; frequencies must be finite and > 0");
    }
    omega[i] = 2.0 * std::numbers::pi * f;
  }
  return omega;
}

}  // namespace eis::detail
