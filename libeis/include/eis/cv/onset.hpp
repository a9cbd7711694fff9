/// @file
/// Electrochemical stability window from a voltammogram (METHODS.md §8.3): anodic and cathodic
/// onset potentials by the threshold or the tangent method, relative to a linear capacitive
/// baseline fitted on a quiet window; the double-layer capacitance C_dl from the forward and
/// reverse currents there; "stable to E_max" when no onset lies inside the scanned range.
/// Results per cycle; the top level repeats the first cycle.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <eis/cv/segment.hpp>
#include <eis/cv/smoothing.hpp>
#include <eis/cv/voltammogram.hpp>

namespace eis::cv {

/// How an onset potential is defined (METHODS.md §8.3).
enum class OnsetMethod {
  threshold,  ///< (a) first E where |j − j_bl| > j_th for m consecutive points
  tangent     ///< (b) the rising line (20–80 % of the maximum) extrapolated to the baseline
};

[[nodiscard]] std::string to_string(OnsetMethod method);
/// @throws eis::InvalidArgument for a name other than "threshold" or "tangent".
[[nodiscard]] OnsetMethod parse_onset_method(std::string_view name);

/// Options of stability_window(). Threshold convention: `threshold_a` (an absolute current)
/// wins when set; otherwise the current-density threshold `threshold_ma_per_cm2` applies, which
/// needs an electrode area (`area_cm2`, else the view's).
struct OnsetOptions {
  OnsetMethod method = OnsetMethod::threshold;  ///< the threshold method is the common one
  /// Current-density threshold j_th in mA/cm². 0.01 mA/cm² is the common order of magnitude
  /// for solid electrolytes (METHODS.md §8.3, Méry et al. 2021); always reported with ν and A.
  double threshold_ma_per_cm2 = 0.01;
  /// Absolute current threshold in A; when set it replaces the current-density threshold (for
  /// records without a known area).
  std::optional<double> threshold_a = {};
  /// Working-electrode area in cm²; empty = the view's area.
  std::optional<double> area_cm2 = {};
  /// m: consecutive points beyond the threshold needed (METHODS.md §8.3: m = 3), so a single
  /// noise spike is never an onset.
  int consecutive_points = 3;
  /// Quiet window [E_lo, E_hi] in V for the capacitive baseline j_bl = a + bE; empty = detected
  /// automatically (the flattest window, see stability_window()).
  std::optional<std::pair<double, double>> baseline_window_v = {};
  /// Width of the automatic window as a fraction of the potential span: 0.2 gives 1.1 V for a
  /// 0–5.5 V scan, wide enough to fit a line through noise, narrow enough to stay quiet.
  double auto_window_fraction = 0.2;
  /// Tangent method: points whose baseline-corrected smoothed current lies between these
  /// fractions of the maximum in the rising region define the rising line (METHODS.md §8.3).
  double tangent_low_fraction = 0.2;
  double tangent_high_fraction = 0.8;
  /// Smoothing for the tangent method and the window detection (never for the threshold test,
  /// which uses the raw current with the m-point rule).
  SavitzkyGolayOptions smoothing = {};
  SegmentationOptions segmentation = {};
  /// Returns a description of the first invalid field, or nothing when valid.
  [[nodiscard]] std::optional<std::string> validate() const;
};

/// Onset on one side (anodic or cathodic) of one cycle.
struct SideOnset {
  bool swept = false;  ///< a sweep in this direction moved beyond the baseline window
  /// Onset potential in V; empty when no onset lies strictly inside the scanned range.
  std::optional<double> onset_v;
  /// When there is no onset: the most extreme potential reached (highest for anodic, lowest
  /// for cathodic), i.e. "stable to ≥ this potential at j_th".
  std::optional<double> stable_to_v;
  double vertex_potential_v = 0;    ///< the most extreme potential of the sweep used
  double baseline_intercept_a = 0;  ///< j_bl(E) = intercept + slope·E, in A (current, not density)
  double baseline_slope_a_per_v = 0;
  bool baseline_fitted = false;  ///< false: too few points in the window, zero baseline used
  /// Largest baseline-corrected current (anodic side: maximum of i − i_bl; cathodic side:
  /// minimum) beyond the window, in A.
  double extreme_excess_current_a = 0;
};

/// Stability window of one cycle.
struct CycleOnsets {
  int cycle = 1;
  SideOnset anodic;
  SideOnset cathodic;
  /// C_dl = (ī_forward − ī_reverse)/(2ν) over the baseline window (METHODS.md §8.3), in F;
  /// empty when the cycle lacks one of the two sweeps there or the difference is not positive
  /// (a faradaic current dominates the window).
  std::optional<double> capacitance_f;
  /// i_c = C_dl·ν in A.
  std::optional<double> capacitive_current_a;
  double scan_rate_v_per_s = 0;  ///< median over the cycle's sweeps
};

/// Result of stability_window().
struct StabilityResult {
  OnsetMethod method = OnsetMethod::threshold;
  double threshold_a = 0;                      ///< the threshold current actually used, in A
  std::optional<double> threshold_ma_per_cm2;  ///< when a density threshold was used
  std::optional<double> area_cm2;              ///< the area used (or known), cm²
  std::pair<double, double> baseline_window_v{0, 0};
  bool baseline_window_automatic = true;
  Segmentation segmentation;
  std::vector<CycleOnsets> cycles;  ///< per cycle, in order
  // The first cycle's values (CLI.md: the top level gives the first cycle).
  std::optional<double> anodic_onset_v;
  std::optional<double> cathodic_onset_v;
  std::optional<double> stable_to_v;           ///< anodic side, when no anodic onset
  std::optional<double> cathodic_stable_to_v;  ///< cathodic side, when no cathodic onset
  std::optional<double> capacitance_f;
  double scan_rate_v_per_s = 0;  ///< median over all sweeps
  bool usable = false;           ///< false when the record has no sweep to analyse
  std::string message;
  std::vector<std::string> warnings;
};

/// Evaluates the stability window (METHODS.md §8.3) of every cycle.
///
/// Per cycle, the anodic onset uses the cycle's anodic sweep reaching the highest potential and
/// the cathodic onset its cathodic sweep reaching the lowest. On that sweep a baseline
/// i_bl = a + bE is fitted (least squares, raw current) to the points inside the quiet window,
/// and Δi = i − i_bl is examined moving away from the window (upwards for anodic, downwards for
/// cathodic):
/// * threshold: the onset is the first point starting a run of m consecutive points with
///   Δi > i_th (anodic) or Δi < −i_th (cathodic), interpolated linearly to the potential where
///   Δi crosses i_th from the previous point. An onset at the vertex potential itself, or a run
///   cut short by the vertex, is not an onset: the sweep is stable to its vertex.
/// * tangent: if the smoothed Δi exceeds i_th beyond the window, a line is fitted to the
///   smoothed Δi between 20 % and 80 % of its extreme on the contiguous rise before the extreme,
///   and the onset is where it meets the baseline (Δi = 0), i.e. (a_bl − a_rise)/(b_rise − b_bl).
/// The automatic quiet window (width auto_window_fraction × span) is the one, among windows
/// covered by the first cycle's chosen sweeps, where the smoothed currents vary least (sum
/// over the sweeps of max − min); it is used for every cycle.
/// @throws eis::InvalidArgument if the view is invalid, the options are invalid, or a density
///         threshold is requested without an area (pass threshold_a instead).
/// Thread-safety: reentrant.
[[nodiscard]] StabilityResult stability_window(VoltammogramView voltammogram,
                                               const OnsetOptions& options = {});

}  // namespace eis::cv
