/// @file
/// Distribution of relaxation times by Tikhonov regularisation with non-negativity
/// (METHODS.md §5): Z(ω) = R∞ + jωL + 1/(jωC) + ∫ γ(ln τ)/(1 + jωτ) d ln τ, γ ≥ 0.
#pragma once

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <eis/drt/peaks.hpp>
#include <eis/drt/regularisation.hpp>
#include <eis/spectrum.hpp>

namespace eis::drt {

/// Row weights of the data term.
enum class DrtWeighting {
  unit,     ///< every point counts in Ω (pyDRTtools `simple_run`): large |Z| dominates
  modulus,  ///< rows divided by |Z_i| (relative misfit): spectra spanning decades of |Z|
};

/// Options for compute_drt(). Callers name only what they change: `{.lambda_method =
/// LambdaMethod::fixed, .lambda = 1e-4}`.
struct DrtOptions {
  Basis basis = Basis::gaussian;  ///< smooth γ with a closed-form penalty (Wan et al. 2015)
  /// Order of the derivative penalised (1 or 2; 0 = ridge). 1 is pyDRTtools' default and keeps
  /// peak areas least biased.
  int derivative_order = 1;
  /// How λ is chosen. The L-curve is the default because it behaved best on the data we could
  /// check: on the measured spectra (Li6PS5Cl blocking cell, EISFitpython pellet series) GCV and
  /// re–im cross-validation both ran to the lower end of the λ range (model error such as a
  /// CPE electrode tail is not noise, and the non-negativity constraint already regularises, so
  /// their scores keep falling) and split the bulk arc into 3 peaks; the L-curve corner gave
  /// one bulk peak there and on synthetic RC/ZARC spectra matched the truth as well as the
  /// others (tests/drt). GCV and re–im remain available.
  LambdaMethod lambda_method = LambdaMethod::l_curve;
  /// λ for LambdaMethod::fixed (dimensionless; see compute_drt() for the scaling). 1e-3 is
  /// pyDRTtools' "custom" value.
  double lambda = 1e-3;
  double lambda_min = 1e-7;  ///< lower end of the λ search (pyDRTtools: 1e-7)
  double lambda_max = 1.0;   ///< upper end of the λ search (pyDRTtools: 1)
  /// Relative noise σ of each component (σ/|Z|) for LambdaMethod::discrepancy; 0 = estimate it
  /// with Lin-KK (eis::validation::lin_kk with the same series C / L terms, whose estimate is
  /// floored at 0.1 %, the accuracy class of common analysers).
  double noise_level = 0.0;
  /// Folds of LambdaMethod::k_fold (5 as in METHODS.md §5.5); points are dealt to folds in
  /// frequency order, so each fold samples the whole window.
  int folds = 5;
  /// Discrepancy principle target: relative RMS residual = factor·σ. 1 is Morozov's choice.
  double discrepancy_factor = 1.0;
  /// Grid points per decade of τ. 10 matches a typical 10 points/decade sweep; the Gaussian
  /// width follows the spacing (see rbf_fwhm_coefficient).
  double tau_points_per_decade = 10.0;
  /// τ grid extends this many decades beyond [1/(2πf_max), 1/(2πf_min)] on both sides
  /// (METHODS.md §5.2), so processes at the edges of the window are not folded in.
  double tau_extension_decades = 1.0;
  /// Gaussian FWHM = 2·coefficient·(grid spacing in ln τ) … coefficient 0.5 (pyDRTtools).
  double rbf_fwhm_coefficient = 0.5;
  bool inductance = false;          ///< fit L ≥ 0 (jωL), for cable inductance at high f
  bool series_capacitance = false;  ///< fit 1/C ≥ 0 (1/(jωC)), for blocking electrodes (§5.1)
  DrtWeighting weighting = DrtWeighting::modulus;  ///< relative misfit: robust across decades
  bool non_negative = true;  ///< γ, R∞, L, 1/C ≥ 0 (METHODS.md §5.4); false = plain ridge LS
  /// Samples per decade of the γ curve returned (and used for peaks and areas).
  double output_points_per_decade = 40.0;
  /// Probability of the credible band DrtResult::gamma_lower_ohm / gamma_upper_ohm.
  double credible_level = 0.95;
  /// Compute the posterior uncertainty of γ (gamma_sd_ohm, the credible band, posterior_sigma
  /// and DrtPeak::significance). It costs one Cholesky factorisation of the free block and one
  /// triangular solve per output sample (benchmarks/drt_benchmark.cpp, BM_DrtUncertainty); an
  /// acquisition loop that only wants the peaks can switch it off. Without it,
  /// PeakOptions::min_significance has nothing to test, so it must then be 0 (validate()).
  bool uncertainty = true;
  /// Peak detection thresholds; with the posterior uncertainty of γ, maxima whose prominence
  /// is not significant (PeakOptions::min_significance) are merged into their neighbours.
  PeakOptions peaks = {};

  /// @return a message naming the first invalid member, or nothing.
  [[nodiscard]] std::optional<std::string> validate() const;
};

/// Outcome of compute_drt().
struct DrtResult {
  double lambda = std::numeric_limits<double>::quiet_NaN();  ///< λ used
  LambdaMethod lambda_method = LambdaMethod::fixed;          ///< how it was chosen
  std::vector<double> lambda_candidates;  ///< λ values scored by the search (empty if fixed)
  std::vector<double> lambda_scores;      ///< the criterion at each candidate (lower is better;
                                          ///< discrepancy: relative RMS residual − target)
  /// Noise level σ used by the discrepancy principle (relative); NaN for the other methods.
  double noise_level = std::numeric_limits<double>::quiet_NaN();

  std::vector<double> tau_s;      ///< output grid, s (finer than the basis grid)
  std::vector<double> gamma_ohm;  ///< γ(ln τ) on tau_s, Ω per unit ln τ
  /// Posterior standard deviation of γ on tau_s, Ω (see compute_drt(); empty if not computed,
  /// i.e. DrtOptions::uncertainty is false or the free block was not positive definite).
  std::vector<double> gamma_sd_ohm;
  std::vector<double> gamma_lower_ohm;  ///< credible band (DrtOptions::credible_level), ≥ 0, Ω
  std::vector<double> gamma_upper_ohm;  ///< credible band, Ω
  /// Noise σ estimated from the residual (relative to |Z| with modulus weighting), used for
  /// the band; NaN if not computed.
  double posterior_sigma = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> grid_tau_s;    ///< basis centres τ_m, s
  std::vector<double> coefficients;  ///< basis coefficients x_m (Ω for PWL; Ω for Gaussian)
  double epsilon = std::numeric_limits<double>::quiet_NaN();  ///< Gaussian shape factor

  double r_inf_ohm = std::numeric_limits<double>::quiet_NaN();     ///< R∞, Ω
  double inductance_h = std::numeric_limits<double>::quiet_NaN();  ///< NaN unless fitted
  double capacitance_f =
      std::numeric_limits<double>::quiet_NaN();  ///< NaN unless fitted (∞ if 1/C = 0)
  double polarisation_ohm = std::numeric_limits<double>::quiet_NaN();  ///< ∫γ d ln τ, Ω

  std::vector<Complex> fitted_ohm;    ///< model at the measured frequencies
  std::vector<double> residual_real;  ///< (Z' − Ẑ')/|Z|
  std::vector<double> residual_imag;  ///< (Z'' − Ẑ'')/|Z|
  std::vector<DrtPeak> peaks;         ///< in increasing τ

  bool converged = false;             ///< the NNLS met its optimality conditions
  std::string message;                ///< one sentence summary
  std::vector<std::string> warnings;  ///< e.g. "largest peak at the τ-grid edge"

  [[nodiscard]] bool usable() const noexcept { return converged && !gamma_ohm.empty(); }
};

/// Computes the DRT (METHODS.md §5).
///
/// Problem solved (x = basis coefficients, then R∞, L, 1/C as enabled):
///   min ‖W(A x − Z)‖² + λ·(x_γ/R_ref)ᵀ P (x_γ/R_ref)  subject to x ≥ 0,
/// with A the stacked real/imaginary kernels (kernel_matrices(), plus columns 1, jω, 1/(jω)),
/// W = diag(1/|Z_i|) (modulus weighting) or 1/R_ref (unit), P = penalty_matrix() plus a ridge of
/// 1e-9·max diag(P) on every coefficient (keeps the Gram matrix definite), and R_ref = the
/// median |Z|. The data term and λ are therefore dimensionless and independent of the units of
/// Z. The NNLS is solve_nnls() on the column-normalised Gram matrix.
///
/// λ selection over [lambda_min, lambda_max]: a log grid (4 points per decade), refined by a
/// golden-section search around the best grid point.
///  * gcv: (1/n)‖(I − K)b‖² / [(1/n)tr(I − K)]², K the unconstrained influence matrix;
///  * l_curve: maximum curvature of (log‖residual‖, log penalty) of the unconstrained solution;
///  * re_im: fit Z' alone and Z'' alone (both NNLS), score ‖Z' − A'x_im‖² + ‖Z'' − A''x_re‖²
///    (R∞ taken from x_re, L and C from x_im);
///  * discrepancy: the largest λ on the grid whose NNLS solution has relative RMS residual
///    sqrt(Σ(Δ'² + Δ''²)/2N) ≤ discrepancy_factor·σ, refined by bisection on ln λ (Morozov).
/// Uncertainty: the Bayesian reading of the problem (noise σ on the weighted rows, prior
/// x̃ ~ N(0, σ²/(λP))) gives the posterior covariance σ²(G + λP)⁻¹ of the free coefficients
/// (those not at the bound 0), σ² = RSS/(2N − tr K); γ's standard deviation and credible band
/// follow, and peaks whose prominence is not significant against it are merged
/// (PeakOptions::min_significance; Effat & Ciucci, Electrochim. Acta 247 (2017) 1117).
/// All three are documented in METHODS.md §5.5 and the README; the L-curve is the default (see
/// DrtOptions::lambda_method).
///
/// @param spectrum  ≥ 5 points; any frequency order
/// @throws eis::InvalidArgument for an invalid spectrum or options
/// @see Wan, Saccoccio, Chen & Ciucci, Electrochim. Acta 184 (2015) 483;
///      Maradesa et al., J. Electrochem. Soc. 170 (2023) 030502
/// Thread-safety: reentrant.
[[nodiscard]] DrtResult compute_drt(SpectrumView spectrum, const DrtOptions& options = {});

}  // namespace eis::drt
