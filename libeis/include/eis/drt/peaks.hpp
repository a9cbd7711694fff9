/// @file
/// Peaks of a distribution of relaxation times γ(ln τ): position, resistance (area), frequency
/// and capacitance C = τ/R (METHODS.md §5.6), for labelling bulk / grain boundary / electrode.
#pragma once

#include <cstddef>
#include <functional>
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
  /// Prominence over the valley it would merge through, in standard deviations of
  /// γ(peak) − γ(valley) (find_peaks() with a DifferenceSd); NaN when no uncertainty was given,
  /// +∞ for a lone peak (it has no valley to merge through).
  double significance = std::numeric_limits<double>::quiet_NaN();
  /// The peak's frequency 1/(2πτ) lies inside the measured range [f_min, f_max] (set by
  /// compute_drt(); find_peaks() alone leaves it true). A peak outside it sits on the extended
  /// τ grid (METHODS.md §5.2): its position and area are extrapolated by the regularisation, not
  /// measured, e.g. a bulk arc whose apex is above the analyser's top frequency.
  bool within_window = true;
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
  /// With an uncertainty of γ (find_peaks() with a DifferenceSd): a maximum is merged into its
  /// neighbour unless its prominence exceeds this many standard deviations of γ(peak) −
  /// γ(valley) (1.96 = two-sided 95 %). Off (0) by default: the significance is reported in
  /// DrtPeak::significance, but on the EISFitpython pellet at 140 °C the bulk shoulder, a real
  /// process (its arc is fitted at τ = 1.0e-6 s), rises only 0.34 σ above its valley at the
  /// L-curve λ, so merging at 1.96 folds the bulk into the grain boundary.
  double min_significance = 0.0;
  /// @return a message naming the first invalid member, or nothing.
  [[nodiscard]] std::optional<std::string> validate() const;
};

/// Standard deviation (Ω) of γ(τ_i) − γ(τ_j) for two indices of the sampled γ; 0 for i = j.
/// compute_drt() supplies it from the posterior covariance of the regularised solution.
using DifferenceSd = std::function<double(std::size_t i, std::size_t j)>;

/// Finds the peaks of γ sampled on a τ grid (strictly increasing). A peak's resistance is the
/// trapezoidal integral of γ over ln τ between the minima (or grid ends) that bound it, so the
/// peak areas add up to ∫γ d ln τ. The maximum is refined by a parabola through the three
/// samples around it (in ln τ). Peaks are returned in increasing τ.
/// Merging: the maximum with the smallest relative prominence below min_relative_prominence
/// is dropped, then (if `difference_sd` is given) the one whose prominence over the higher of
/// its two bounding minima is least significant, below min_significance standard deviations;
/// repeated until every remaining maximum passes. A dropped maximum's area falls to its
/// neighbours' integration ranges.
/// @throws eis::InvalidArgument if the sizes differ, fewer than 3 points, τ not increasing, or
///         invalid options.
/// Thread-safety: reentrant.
[[nodiscard]] std::vector<DrtPeak> find_peaks(std::span<const double> tau_s,
                                              std::span<const double> gamma_ohm,
                                              const PeakOptions& options = {},
                                              const DifferenceSd& difference_sd = {});

}  // namespace eis::drt
