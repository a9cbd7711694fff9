/// @file
/// Peaks of a distribution of relaxation times γ(ln τ): position, resistance (area), frequency
/// and capacitance C = τ/R (METHODS.md §5.6), for labelling bulk / grain boundary / electrode.
#pragma once

#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace eis::drt {

/// One relaxation process found in γ(ln τ).
struct DrtPeak {
  double tau_s = std::numeric_limits<double>::quiet_NaN();           ///< τ at the maximum, s
  double frequency_hz = std::numeric_limits<double>::quiet_NaN();    ///< 1/(2πτ), Hz
  double resistance_ohm = std::numeric_limits<double>::quiet_NaN();  ///< ∫_peak γ d ln τ, Ω
  double capacitance_f = std::numeric_limits<double>::quiet_NaN();   ///< τ/R, F
  double height_ohm = std::numeric_limits<double>::quiet_NaN();      ///< γ at the maximum, Ω
  double tau_lower_s = std::numeric_limits<double>::quiet_NaN();     ///< integration bounds, s
  double tau_upper_s = std::numeric_limits<double>::quiet_NaN();
};

/// Options for find_peaks().
struct PeakOptions {
  /// A local maximum counts when it rises above the higher of its two bounding minima by at
  /// least this fraction of its height (prominence): drops ripples on a shoulder.
  double min_relative_prominence = 0.05;
  /// Maxima below this fraction of the global maximum of γ are ignored (numerical zeros). Small,
  /// because a bulk arc of kΩ can sit next to an electrode tail of MΩ.
  double min_relative_height = 1e-6;
  /// Peaks whose area is below this fraction of the largest peak's area are dropped (ripples of
  /// a few mΩ next to a kΩ process). Keep small: a kΩ bulk peak can sit beside a 100 kΩ
  /// electrode peak.
  double min_relative_area = 1e-3;
  /// @return a message naming the first invalid member, or nothing.
  [[nodiscard]] std::optional<std::string> validate() const;
};

/// Finds the peaks of γ sampled on a τ grid (strictly increasing). A peak's resistance is the
/// trapezoidal integral of γ over ln τ between the minima (or grid ends) that bound it, so the
/// peak areas add up to ∫γ d ln τ. The maximum is refined by a parabola through the three
/// samples around it (in ln τ). Peaks are returned in increasing τ.
/// @throws eis::InvalidArgument if the sizes differ, fewer than 3 points, τ not increasing, or
///         invalid options.
/// Thread-safety: reentrant.
[[nodiscard]] std::vector<DrtPeak> find_peaks(std::span<const double> tau_s,
                                              std::span<const double> gamma_ohm,
                                              const PeakOptions& options = {});

}  // namespace eis::drt
