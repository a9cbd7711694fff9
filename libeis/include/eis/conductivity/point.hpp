/// @file
/// The common input of the conductivity analyses (Arrhenius, VTF, transitions, cycling): one
/// conductivity value at one temperature, with its uncertainty, cycle and run direction.
#pragma once

#include <limits>

#include <eis/conductivity/direction.hpp>

namespace eis::conductivity {

/// One conductivity measurement.
/// Invariants expected by the analyses (they throw eis::InvalidArgument otherwise):
/// temperature_k > 0 and finite, sigma_s_per_cm > 0 and finite; sigma_stderr_s_per_cm is NaN
/// (unknown) or ≥ 0.
struct ConductivityPoint {
  double temperature_k = std::numeric_limits<double>::quiet_NaN();   ///< K
  double sigma_s_per_cm = std::numeric_limits<double>::quiet_NaN();  ///< S/cm
  /// Standard uncertainty of σ in S/cm; NaN when unknown (METHODS.md §7.1).
  double sigma_stderr_s_per_cm = std::numeric_limits<double>::quiet_NaN();
  int cycle = 1;                             ///< heating/cooling cycle number (1-based)
  Direction direction = Direction::unknown;  ///< run direction
};

}  // namespace eis::conductivity
