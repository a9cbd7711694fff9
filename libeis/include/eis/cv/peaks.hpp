/// @file
/// Oxidation and reduction peaks of a voltammogram (METHODS.md §8.5): local maxima of the
/// smoothed current on anodic sweeps and minima on cathodic sweeps with a minimum prominence
/// and width, baseline-corrected peak currents, half-peak potentials, and the separation ΔE_p of
/// paired anodic/cathodic peaks.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <eis/cv/segment.hpp>
#include <eis/cv/smoothing.hpp>
#include <eis/cv/voltammogram.hpp>

namespace eis::cv {

/// Options of find_peaks().
struct PeakOptions {
  /// Minimum prominence as a multiple of the noise σ (METHODS.md §8.5 suggests 5): a peak five
  /// standard deviations above its surroundings is not noise.
  double min_prominence_noise_factor = 5.0;
  /// Absolute minimum prominence in A; the larger of the two limits applies. 0 = noise only.
  double min_prominence_a = 0.0;
  /// Prominence floor against noise spikes, as a multiple of the local RMS (not the robust
  /// MAD-based σ) of raw − smoothed current within ±max(50, width) points of the peak. For
  /// Gaussian noise the RMS and 1.4826·MAD estimate the same σ, so with the default 5 (the same
  /// multiple as min_prominence_noise_factor) this floor changes nothing there; isolated spikes
  /// and erratic regions (breakdown, contact noise), which the median ignores but smoothing
  /// turns into bumps several points wide, raise the RMS and so the floor. A single-sample spike
  /// of height H among ±50 quiet points gives RMS ≈ 0.092·H and, after Savitzky–Golay 15/2
  /// smoothing, a bump of 0.15·H between side lobes of −0.07·H (prominence 0.22·H), below
  /// 5·RMS = 0.46·H. 0 disables it.
  double min_prominence_rms_factor = 5.0;
  /// Minimum width at half prominence in points; 5 rejects single-sample glitches that survive
  /// smoothing.
  int min_width_points = 5;
  /// Pre-peak baseline (METHODS.md §8.5): fitted to the raw current over at least this many
  /// points (or two peak widths, if more) that end 1.5 half-prominence widths before the peak,
  /// on the side the sweep comes from (a Gaussian peak has fallen below 1 % there), clipped to
  /// the peak's foot and the sweep start; then extrapolated to E_p. The foot is where, going
  /// back from the lowest smoothed current before the peak, the current leaves the band of 3
  /// local noise σ above that minimum (or the higher ground bounding the peak), so a flat, noisy
  /// stretch is not cut short at wherever the noise happens to be lowest. 20 points average
  /// over the noise while staying close to the peak.
  int baseline_points = 20;
  /// The baseline is the least-squares line through the window only when its slope differs from
  /// zero at this two-sided confidence (t-test: |slope| > t_{(1+c)/2, n−2}·SE(slope), SE from the
  /// residual scatter of the n raw points); otherwise it is the window's mean current. The slope
  /// is extrapolated over 1.25 window lengths (window centre to E_p), which multiplies its noise,
  /// while a flat background (the capacitive current C_dl·ν, METHODS.md §8.3) is known from the
  /// mean alone. The price: a real slope the test misses shifts the baseline at E_p by up to t
  /// times the standard error the extrapolated line would have had. Measured on 200 Gaussian
  /// peaks of 12 µA (σ_E = 30 mV, 1 mV per point, 1 µA noise), RMS baseline error at E_p:
  /// flat background 0.26 µA (0.40 µA keeping every slope), 5 µA/V background 0.57 µA (0.38 µA).
  /// Default 0: every slope is kept (a plain line fit, METHODS.md §8.5 "linear baseline"),
  /// because sloped capacitive backgrounds are common and the test costs them more (above) than
  /// it gains on flat ones; 0.95 is the usual level for flat-background data. Must be in [0, 1).
  double baseline_slope_confidence = 0.0;
  SavitzkyGolayOptions smoothing = {};
  SegmentationOptions segmentation = {};
  [[nodiscard]] std::optional<std::string> validate() const;
};

/// One peak.
struct Peak {
  int cycle = 1;
  SweepDirection direction = SweepDirection::anodic;  ///< sweep the peak lies on
  std::size_t index = 0;                              ///< point index in the record
  double potential_v = 0;                             ///< E_p
  double current_a = 0;      ///< baseline-corrected peak current (signed: cathodic < 0)
  double raw_current_a = 0;  ///< smoothed current at the peak, without baseline correction
  /// The pre-peak baseline (PeakOptions::baseline_points, baseline_slope_confidence) at E_p.
  double baseline_current_a = 0;
  /// E_{p/2}: where the baseline-corrected current is half the peak current, on the side the
  /// sweep comes from; empty if not reached within the sweep.
  std::optional<double> half_peak_potential_v;
  double prominence_a = 0;  ///< height above the higher of the two surrounding minima
  double width_points = 0;  ///< width at half prominence, in points
};

/// An anodic and a cathodic peak of the same cycle paired as one redox couple.
struct PeakPair {
  int cycle = 1;
  std::size_t anodic = 0;    ///< index into PeakResult::peaks
  std::size_t cathodic = 0;  ///< index into PeakResult::peaks
  double separation_v = 0;   ///< ΔE_p = E_pa − E_pc
  double midpoint_v = 0;     ///< (E_pa + E_pc)/2, the usual E_1/2 estimate
};

/// Result of find_peaks().
struct PeakResult {
  std::vector<Peak> peaks;      ///< in time order
  std::vector<PeakPair> pairs;  ///< per cycle
  double noise_sigma_a = 0;     ///< robust σ of raw − smoothed current (1.4826·MAD)
  Segmentation segmentation;
  std::vector<std::string> warnings;
};

/// Finds peaks per sweep: maxima of the smoothed current on anodic sweeps, minima on cathodic
/// sweeps; the sweep's end points (vertices) are never peaks. Prominence follows the usual
/// topographic definition within the sweep; it must exceed the noise limit both for the global
/// σ and for the local σ (raw − smoothed within ±max(50, width) points), the spike floor
/// (PeakOptions::min_prominence_rms_factor times the local RMS of raw − smoothed), and the
/// baseline-corrected current must exceed the limit with the sweep's sign. Pairs: within each
/// cycle, anodic peaks in order of decreasing |current| are paired with the nearest-in-potential
/// unpaired cathodic peak.
/// @throws eis::InvalidArgument if the view or the options are invalid.
/// Thread-safety: reentrant.
[[nodiscard]] PeakResult find_peaks(VoltammogramView voltammogram, const PeakOptions& options = {});

}  // namespace eis::cv
