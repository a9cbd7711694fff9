/// @file
/// Lin-KK: the linear Kramers–Kronig test of Schönleber, Klotz & Ivers-Tiffée (2014)
/// (METHODS.md §4.1). M RC elements with fixed, log-spaced time constants are fitted by linear
/// least squares; a spectrum that such a causal, linear, stable model cannot reproduce within
/// its noise fails the test, and the points that break it are reported.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <eis/spectrum.hpp>

namespace eis::validation {

/// Which immittance the RC ladder is fitted to.
enum class KkDomain {
  impedance,  ///< Ẑ = R₀ + jωL + 1/(jωC) + Σ R_k/(1 + jωτ_k)   (Schönleber eq. 9)
  admittance,  ///< Ŷ = G₀ + jωC + 1/(jωL) + Σ G_k·jωτ_k/(1 + jωτ_k): R₀ ∥ C ∥ L ∥ (series
               ///< R_k–C_k), the form for blocking-electrode spectra (METHODS.md §4.1 end)
};
[[nodiscard]] std::string_view to_string(KkDomain domain) noexcept;
/// @throws eis::InvalidArgument for a name other than "impedance" / "admittance".
[[nodiscard]] KkDomain parse_kk_domain(std::string_view name);

/// Options for lin_kk(). Callers name only what they change: `{.domain = KkDomain::admittance}`.
struct LinKkOptions {
  KkDomain domain = KkDomain::impedance;  ///< the classic test; use admittance for blocking spikes
  /// Number of RC elements M; 0 = automatic by the μ criterion (Schönleber 2014 eq. 21).
  int elements = 0;
  /// Automatic M: the smallest M with μ < mu_threshold (Schönleber's c = 0.85).
  double mu_threshold = 0.85;
  /// Automatic M is never below M_a, the first M whose reduced pseudo-χ² (χ²_ps/(2N − p)) is
  /// within `adequacy_factor` of the smallest over M = 1..max_elements, or whose χ²_ps is below
  /// 2N·adequacy_rms². Reason: with ideal RC elements or noisy data μ can drop below c while
  /// the ladder still under-fits (≈1–3 elements per decade), which makes a valid spectrum fail.
  /// 1.25 ≈ 2 standard deviations of a reduced χ² with ν ≈ 100 degrees of freedom.
  double adequacy_factor = 1.25;
  /// Relative RMS misfit per component regarded as a perfect fit (far below instrument noise).
  double adequacy_rms = 1e-4;
  /// Cap of the automatic M (impedance.py uses 50); also limited to N − 1 − (extra terms).
  int max_elements = 50;
  /// τ range [1/(F·ω_max), F/ω_min] (pyimpspec's extension factor F; 1 = Schönleber's range).
  double tau_range_extension = 1.0;
  /// Impedance domain: series capacitance 1/(jωC) (needed when Z' has no low-frequency
  /// intercept, e.g. ion-blocking electrodes). Admittance domain: parallel capacitance jωC
  /// (geometric capacitance, dominant at high frequency).
  bool capacitance = false;
  /// Impedance domain: series inductance jωL (cables). Admittance domain: parallel
  /// inductance 1/(jωL).
  bool inductance = false;
  /// Relative noise σ of each component (σ/|Z|, e.g. 0.001 for 0.1 %) when the instrument's is
  /// known; 0 = estimate it from the residuals (see LinKkResult::noise_level).
  double noise_level = 0.0;
  /// Lower bound of an estimated noise level: a noise-free or very smooth spectrum is judged
  /// against at least 0.1 %, the accuracy class of common impedance analysers, so numerical
  /// round-off and the finite RC ladder do not make it fail.
  double min_noise_level = 1e-3;
  /// Family-wise false-alarm probability of the point test and of the χ² test for a spectrum
  /// that is causal and has Gaussian noise of the stated level: 0.1 %.
  double false_alarm_probability = 1e-3;

  /// @return a message naming the first invalid member, or nothing.
  [[nodiscard]] std::optional<std::string> validate() const;
};

/// Outcome of lin_kk(). All per-point vectors are in the order of the input spectrum.
struct LinKkResult {
  KkDomain domain = KkDomain::impedance;
  bool passed = false;                                   ///< see lin_kk() for the rule
  int elements = 0;                                      ///< M used
  double mu = std::numeric_limits<double>::quiet_NaN();  ///< μ at M (Schönleber eq. 21)
  std::vector<double> mu_by_elements;  ///< μ for M = 1, 2, … as tried (automatic M only)

  std::vector<double> tau_s;  ///< time constants τ_k of the RC elements, s
  /// Impedance domain: R_k in Ω. Admittance domain: G_k = 1/R_k of the series R_k–C_k in S.
  std::vector<double> element_values;
  /// Impedance domain: R₀ in Ω. Admittance domain: 1/G₀ in Ω (∞ when G₀ = 0).
  double series_resistance_ohm = std::numeric_limits<double>::quiet_NaN();
  double capacitance_f = std::numeric_limits<double>::quiet_NaN();  ///< NaN when not fitted
  double inductance_h = std::numeric_limits<double>::quiet_NaN();   ///< NaN when not fitted

  std::vector<Complex> fitted_ohm;    ///< Ẑ (1/Ŷ in the admittance domain)
  std::vector<double> residual_real;  ///< Δ'_i = (Z'_i − Ẑ'_i)/|Z_i|, always in Z
  std::vector<double> residual_imag;  ///< Δ''_i = (Z''_i − Ẑ''_i)/|Z_i|
  double pseudo_chi_square = std::numeric_limits<double>::quiet_NaN();  ///< Σ(Δ'² + Δ''²)
  double max_residual = std::numeric_limits<double>::quiet_NaN();       ///< max |Δ'|, |Δ''|

  double noise_level = std::numeric_limits<double>::quiet_NaN();  ///< σ used (relative)
  bool noise_level_estimated = false;  ///< σ came from the residuals, not from the options
  double residual_threshold = std::numeric_limits<double>::quiet_NaN();    ///< k·σ per point
  double chi_square_threshold = std::numeric_limits<double>::quiet_NaN();  ///< σ²·χ²_ν quantile

  /// Per point: true when |Δ'| and |Δ''| are within residual_threshold. Use compliant_points()
  /// to drop the others before fitting.
  std::vector<bool> compliant;
  /// Frequency range spanned by the points that break the test (NaN when it passed).
  double failing_min_hz = std::numeric_limits<double>::quiet_NaN();
  double failing_max_hz = std::numeric_limits<double>::quiet_NaN();

  std::string message;                ///< one sentence: passed or why not
  std::vector<std::string> warnings;  ///< e.g. "μ did not fall below 0.85 up to M = 50"

  /// The linear solve produced finite values (a failed test is still usable).
  [[nodiscard]] bool usable() const noexcept { return !fitted_ohm.empty() && std::isfinite(mu); }
};

/// Lin-KK test (METHODS.md §4.1).
///
/// Model and solve: τ_k = log-spaced over [1/(F·ω_max), F/ω_min]; the complex data (Z, or Y in
/// the admittance domain) are fitted by linear least squares with every row divided by the
/// modulus of the datum (Schönleber eq. 14; columns normalised, solved by a complete orthogonal
/// decomposition, i.e. the minimum-norm solution when the ladder is rank deficient). With
/// `elements = 0`, M = 1 … max_elements are all fitted and M is the smallest *adequate* M (see
/// `adequacy_factor`) with μ = 1 − Σ_{x_k<0}|x_k| / Σ_{x_k≥0}|x_k| below `mu_threshold`
/// (Schönleber's criterion: the first over-fitting M). If no adequate M has μ < c, the first
/// adequate M is used (with a warning). χ²(M) is not monotonic (a τ grid that happens to hit the
/// true time constants fits exactly), hence every M is checked rather than stopping early.
///
/// Pass/fail (documented rule): σ = options.noise_level if given, else
/// max(estimate_noise_level(residuals), min_noise_level). With α = false_alarm_probability:
///  * a point is non-compliant when |Δ'| or |Δ''| > k·σ, k = Φ⁻¹(1 − α/(4N)) (two-sided
///    Bonferroni bound over the 2N residuals, so a causal spectrum with noise σ flags a point
///    with probability ≤ α);
///  * the spectrum passes when no point is non-compliant and χ²_ps ≤ σ²·χ²_ν(1 − α), the
///    upper α quantile of a χ² distribution with ν = 2N − (fitted parameters) degrees of freedom
///    (for noise σ, E[χ²_ps] ≈ νσ² ≈ 2Nσ², METHODS.md §3.7). The χ² test catches a small
///    systematic deviation spread over many points (drift), the point test a local one.
/// When it fails, failing_min_hz/failing_max_hz span the non-compliant points, or if the χ² test
/// alone failed, the points whose residual exceeds 2σ.
///
/// @param spectrum  N ≥ 3 points (N > M + extra terms); any frequency order
/// @throws eis::InvalidArgument if the spectrum is invalid (validate_spectrum), the options are
///         invalid, or `elements` is too large for N
/// @see Schönleber, Klotz & Ivers-Tiffée, Electrochim. Acta 131 (2014) 20;
///      Boukamp, J. Electrochem. Soc. 142 (1995) 1885
/// Thread-safety: reentrant.
[[nodiscard]] LinKkResult lin_kk(SpectrumView spectrum, const LinKkOptions& options = {});

/// The points of `spectrum` that `result.compliant` keeps (same order), e.g. for fitting.
/// @throws eis::InvalidArgument if the sizes differ.
[[nodiscard]] Spectrum compliant_points(SpectrumView spectrum, const LinKkResult& result);

/// Outcome of lin_kk_mask().
struct KkMaskResult {
  std::vector<bool> keep;   ///< per point of the input spectrum: true = kept
  std::size_t dropped = 0;  ///< points removed
  LinKkResult test;         ///< Lin-KK of the kept points (the last iteration)
  std::string message;      ///< what was dropped and how the last test ended
};

/// A per-point mask of the points that break Lin-KK, found one point at a time: test, drop the
/// non-compliant point with the largest residual max(|Δ'|, |Δ''|), test the rest again, until
/// the test passes, no point is non-compliant (a χ²-only failure is a drift of the whole
/// spectrum, not a point problem: nothing more is dropped), or `max_drop_fraction` of the points
/// are gone. A single bad point distorts the RC ladder around it, so the one-shot
/// LinKkResult::compliant flags its neighbours too (4 corrupted points of 81 flagged 25 in
/// tests/fit/cnls_test.cpp); dropping the worst first keeps them.
/// @throws eis::InvalidArgument as lin_kk(), or for max_drop_fraction outside [0, 1).
/// Thread-safety: reentrant.
[[nodiscard]] KkMaskResult lin_kk_mask(SpectrumView spectrum,
                                       const LinKkOptions& options = {},
                                       double max_drop_fraction = 0.25);

}  // namespace eis::validation
