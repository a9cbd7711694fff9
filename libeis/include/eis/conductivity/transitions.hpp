/// @file
/// Order–disorder transitions in σ(T) (METHODS.md §7.4): segmented regression of ln σ (or
/// ln σT) against 1/T with 0, 1 or 2 breakpoints, each a jump (separate lines, the signature of
/// a first-order transition) or continuous (a broken line, a smeared transition); the number
/// and kind chosen by BIC and confirmed by a parametric bootstrap; breakpoint CIs by profile
/// likelihood; Arrhenius-or-VTF law per segment by AICc; a quick jump screen from interval
/// slopes; heating and cooling runs analysed separately, with the hysteresis between them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <eis/conductivity/arrhenius.hpp>
#include <eis/conductivity/point.hpp>
#include <eis/conductivity/vtf.hpp>

namespace eis::conductivity {

/// Law fitted to a segment. `automatic` picks Arrhenius (TransitionOptions::form) or VTF
/// (TransitionOptions::vtf.form) per segment by AICc (METHODS.md §7.3, §3.6).
enum class SegmentLaw { arrhenius, arrhenius_t, vtf, automatic };
/// "arrhenius", "arrhenius-t", "vtf", "auto" (the `eis arrhenius --law` values).
[[nodiscard]] std::string to_string(SegmentLaw law);
[[nodiscard]] std::optional<SegmentLaw> parse_segment_law(std::string_view text);

/// Which breakpoint kinds the segmented regression may use.
enum class BreakKind {
  any,        ///< jump or continuous, chosen by BIC
  jump,       ///< separate lines on each side (METHODS.md §7.4 step 2, model S2)
  continuous  ///< broken line y = a + b·x + c·(x − ψ)₊ (METHODS.md §7.4 step 3, model S3)
};
/// "any", "jump", "continuous".
[[nodiscard]] std::string to_string(BreakKind kind);
[[nodiscard]] std::optional<BreakKind> parse_break_kind(std::string_view text);

/// TransitionOptions::breakpoints from its text form (the `eis arrhenius --transitions`
/// values): "auto" → −1 (automatic choice), "none" → 0, "0", "1", "2"; std::nullopt otherwise.
/// Thread-safety: reentrant.
[[nodiscard]] std::optional<int> parse_breakpoints(std::string_view text);

/// Options for analyse_run() and analyse_conductivity().
struct TransitionOptions {
  SegmentLaw law = SegmentLaw::automatic;  ///< per-segment law; automatic compares by AICc
  /// Arrhenius form used for the segmented lines and by `automatic` (σT is the usual choice).
  /// SegmentLaw::arrhenius / arrhenius_t override it.
  ArrheniusForm form = ArrheniusForm::sigma_t;
  /// Number of breakpoints: −1 chooses 0…max_breakpoints (BIC, then a bootstrap test of each
  /// added breakpoint); 0, 1 or 2 forces that number.
  int breakpoints = -1;
  int max_breakpoints = 2;  ///< upper limit of the automatic choice (0…2)
  BreakKind kind = BreakKind::any;
  /// At least m_min = 3 points per segment (METHODS.md §7.4 step 2).
  int min_points_per_segment = 3;
  /// Parametric bootstrap of each added breakpoint (METHODS.md §7.4 step 2): because the split
  /// is searched, BIC alone over-selects on pure noise. 199 draws resolve p = 0.01.
  int bootstrap_draws = 199;
  double significance = 0.01;     ///< a breakpoint is kept when the bootstrap p < this
  std::uint64_t seed = 42;        ///< of the bootstrap; results are reproducible per seed
  bool use_uncertainties = true;  ///< weights 1/(δσ/σ)² when every point has δσ (METHODS §7.2)
  double confidence = 0.95;       ///< of all intervals (parameters and breakpoint locations)
  /// Quick screen (METHODS.md §7.4 step 1): |robust z| above this flags a jump interval.
  double screen_z_threshold = 5.0;
  /// Quick screen: an interval with apparent Ea above this (eV) is a step, not hopping.
  double screen_ea_threshold_ev = 2.0;
  VtfOptions vtf = {};  ///< used for VTF segments (its confidence is overridden)
  [[nodiscard]] std::optional<std::string> validate() const;
};

/// One interval of the quick screen (the derivative view): between consecutive temperatures.
struct ScreenInterval {
  double t_low_k = 0.0;
  double t_high_k = 0.0;
  double apparent_ea_ev = 0.0;  ///< −k_B·ln10·Δlog10(σ or σT)/Δ(1/T)
  double z_score = 0.0;         ///< (D − median D)/(1.4826·MAD)
  bool jump = false;            ///< |z| > threshold or apparent Ea > threshold
  bool decreasing = false;      ///< apparent Ea < 0: σ falls as T rises (e.g. decomposition)
};
/// Interval slopes of one run (METHODS.md §7.4 step 1). Points are sorted by T internally;
/// intervals between equal temperatures are skipped.
/// @throws eis::InvalidArgument on invalid points.
[[nodiscard]] std::vector<ScreenInterval> screen_jumps(std::span<const ConductivityPoint> points,
                                                       ArrheniusForm form,
                                                       double z_threshold = 5.0,
                                                       double ea_threshold_ev = 2.0);

/// A temperature range fitted by one law.
struct Segment {
  double t_min_k = 0.0;
  double t_max_k = 0.0;
  std::size_t first = 0;  ///< index of its first point in RunAnalysis::points (sorted by T)
  std::size_t count = 0;  ///< number of points
  SegmentLaw law = SegmentLaw::arrhenius_t;  ///< the law reported (never `automatic`)
  ArrheniusResult arrhenius;                 ///< always fitted (≥ 3 points)
  std::optional<VtfResult> vtf;              ///< fitted when the law allows it and count ≥ 6
  double aicc_arrhenius = std::numeric_limits<double>::quiet_NaN();
  double aicc_vtf = std::numeric_limits<double>::quiet_NaN();
};

/// One located breakpoint.
struct Transition {
  /// Jump: midpoint of the gap (T_k + T_{k+1})/2; continuous: T = 1/ψ.
  double temperature_k = std::numeric_limits<double>::quiet_NaN();
  /// Profile-likelihood interval at the options' confidence (jump: the span of the gaps whose
  /// split stays within the χ²₁ threshold, so at least the gap itself).
  std::array<double, 2> ci_k = {};
  bool continuous = false;
  /// Jump in decades at x_c = 2/(T_k + T_{k+1}) (METHODS.md §7.4), high-T side minus low-T side;
  /// 0 for a continuous break.
  double log10_jump = 0.0;
  double ea_below_ev = std::numeric_limits<double>::quiet_NaN();  ///< slope of the low-T side
  double ea_above_ev = std::numeric_limits<double>::quiet_NaN();  ///< slope of the high-T side
  double t_below_k = std::numeric_limits<double>::quiet_NaN();    ///< last point below (jump)
  double t_above_k = std::numeric_limits<double>::quiet_NaN();    ///< first point above (jump)
};

/// A candidate of the model choice.
struct CandidateModel {
  int breakpoints = 0;
  bool continuous = false;  ///< broken line (vs jump) when breakpoints > 0
  bool vtf = false;         ///< the 0-breakpoint VTF curve
  int parameters = 0;       ///< counted for BIC (a breakpoint counts as one)
  double chi_square = std::numeric_limits<double>::quiet_NaN();
  double bic = std::numeric_limits<double>::quiet_NaN();
};

/// Analysis of one run (one cycle and direction).
struct RunAnalysis {
  int cycle = 1;
  Direction direction = Direction::unknown;
  std::vector<ConductivityPoint> points;  ///< sorted by increasing T
  std::vector<Segment> segments;          ///< by increasing T
  std::vector<Transition> transitions;    ///< by increasing T
  std::vector<ScreenInterval> screen;
  std::vector<CandidateModel> candidates;  ///< best of each family that was evaluated
  int breakpoints = 0;
  bool continuous = false;
  /// Bootstrap p-values of the tested additions (1 breakpoint vs 0, 2 vs 1); NaN = not tested.
  std::array<double, 2> bootstrap_p = {std::numeric_limits<double>::quiet_NaN(),
                                       std::numeric_limits<double>::quiet_NaN()};
  std::vector<std::string> warnings;
  [[nodiscard]] bool usable() const noexcept;
};

/// Analyses the points as one run (their cycle/direction fields are copied from the first).
/// @throws eis::InvalidArgument on fewer than 3 points, invalid values or options, or a forced
///         number of breakpoints the points cannot support (min_points_per_segment each).
/// Thread-safety: reentrant.
[[nodiscard]] RunAnalysis analyse_run(std::span<const ConductivityPoint> points,
                                      const TransitionOptions& options = {});

/// Thermal hysteresis of one cycle (METHODS.md §7.4 step 5): T_c(heating) − T_c(cooling) of the
/// largest jump of each run; positive values mean supercooling of the disordered phase.
struct Hysteresis {
  int cycle = 1;
  double heating_transition_k = std::numeric_limits<double>::quiet_NaN();
  double cooling_transition_k = std::numeric_limits<double>::quiet_NaN();
  double hysteresis_k = std::numeric_limits<double>::quiet_NaN();
  std::array<double, 2> heating_ci_k = {};
  std::array<double, 2> cooling_ci_k = {};
};

/// All runs of a data set.
struct ConductivityAnalysis {
  std::vector<RunAnalysis> runs;  ///< by cycle, heating before cooling before unknown
  std::vector<Hysteresis> hysteresis;
  [[nodiscard]] bool usable() const noexcept;
};

/// Splits the points by (cycle, direction), analyses each run with analyse_run() (the bootstrap
/// seed is options.seed + run index) and computes the hysteresis of every cycle that has a
/// heating and a cooling run with a transition.
/// @throws eis::InvalidArgument as analyse_run() for any run.
/// Thread-safety: reentrant.
[[nodiscard]] ConductivityAnalysis analyse_conductivity(std::span<const ConductivityPoint> points,
                                                        const TransitionOptions& options = {});

/// The transition of a run with the largest |log10_jump| (the first if all are continuous),
/// or nullptr when the run has none.
[[nodiscard]] const Transition* main_transition(const RunAnalysis& run) noexcept;

}  // namespace eis::conductivity
