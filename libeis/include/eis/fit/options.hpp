/// @file
/// Options of the complex nonlinear least-squares fit (fit_circuit, METHODS.md §3): weighting,
/// fitting domain, fixed parameters, bounds, frequency selection, stopping rules, multi-start
/// and global search, and the progress/cancel callback.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace eis {

/// Weights of the residuals (METHODS.md §3.2).
enum class Weighting {
  unit,          ///< w = 1: dominated by the large-|Z| points; fine for narrow-range data
  proportional,  ///< w' = 1/max(|Z'|, floor·|Z|)², w'' = 1/max(|Z''|, floor·|Z|)² (data)
  modulus,       ///< w' = w'' = 1/|Z|² of the data (Boukamp 1995 eq. 13): the default
  statistical,   ///< w = 1/σ² from FitOptions::sigma_real / sigma_imag (absolute weights)
};
[[nodiscard]] std::string_view to_string(Weighting weighting) noexcept;
/// @throws eis::InvalidArgument for an unknown name ("unit", "proportional", "modulus",
///         "statistical").
[[nodiscard]] Weighting parse_weighting(std::string_view name);

/// The quantity whose residuals are minimised.
enum class FitDomain {
  impedance,   ///< Z = Z' + jZ'' (Ω)
  admittance,  ///< Y = 1/Z (S): suits high-impedance dielectric data
};
[[nodiscard]] std::string_view to_string(FitDomain domain) noexcept;
/// @throws eis::InvalidArgument for an unknown name ("impedance", "admittance").
[[nodiscard]] FitDomain parse_fit_domain(std::string_view name);

/// Why the minimiser stopped.
enum class Termination {
  converged,          ///< a tolerance (step, function, gradient) was met
  max_iterations,     ///< iteration or evaluation budget exhausted; best parameters kept
  cancelled,          ///< on_iteration returned false; best parameters kept
  numerical_failure,  ///< the model was not finite at the start, or no finite step was found
};
[[nodiscard]] std::string_view to_string(Termination termination) noexcept;

/// Passed to FitOptions::on_iteration after every Levenberg–Marquardt iteration.
struct FitProgress {
  int start = 0;                       ///< 0-based index of the current start (multi-start)
  int iteration = 0;                   ///< iteration within the current start
  int evaluations = 0;                 ///< model evaluations so far (all starts)
  double chi_square = 0.0;             ///< current weighted sum of squares S
  double damping = 0.0;                ///< Levenberg–Marquardt μ
  std::span<const double> parameters;  ///< current values, circuit order, user units
};

/// A parameter held at a value during the fit.
struct FixedParameter {
  std::string name;  ///< as Circuit::parameter_names() lists it, e.g. "R0"
  double value = 0.0;
};

/// Bounds replacing a parameter's default bounds (element table, METHODS.md §3.4).
struct ParameterBounds {
  std::string name;
  double lower = 0.0;
  double upper = 0.0;
};

/// Options for fit_circuit(); name only what you change: `{.weighting = Weighting::unit}`.
struct FitOptions {
  /// Modulus weighting suits spectra spanning decades of |Z| (METHODS.md §3.2).
  Weighting weighting = Weighting::modulus;
  /// Floor of proportional weights relative to |Z|, so points near the real axis do not
  /// dominate (METHODS.md §3.2 suggests 1e-3).
  double proportional_floor = 1e-3;
  /// σ of the real / imaginary parts of the fitted quantity (Ω, or S in the admittance domain),
  /// one per input point (before frequency selection); only for Weighting::statistical.
  std::vector<double> sigma_real = {};
  std::vector<double> sigma_imag = {};
  /// Impedance unless the caller asks for admittance fitting.
  FitDomain domain = FitDomain::impedance;
  /// Held parameters; their values override the initial values. Empty: all free.
  std::vector<FixedParameter> fixed = {};
  /// Per-parameter bounds overriding the element defaults. Empty: element defaults.
  std::vector<ParameterBounds> bounds = {};
  /// Frequency window (Hz); unset = no limit.
  std::optional<double> fmin_hz = {};
  std::optional<double> fmax_hz = {};
  /// Drop points with Z'' > 0 (inductive) before fitting; off so data are used as given.
  bool drop_inductive = false;
  /// Drop the points that fail Lin-KK before fitting (issue 6's per-point mask): the points left
  /// by the frequency window and drop_inductive go through eis::validation::lin_kk_mask
  /// (impedance domain, automatic M, a series capacitance so blocking spikes pass, its
  /// noise-derived threshold; the worst point first, at most a quarter of them).
  /// FitResult::warnings names how many were dropped and their frequency range. Off: data are
  /// used as given.
  bool kk_mask = false;
  /// Iterations per Levenberg–Marquardt run; well-posed fits need 10–50.
  int max_iterations = 200;
  /// Model evaluations (residual + Jacobian) over all starts; bounds the work on hard cases.
  int max_evaluations = 20000;
  /// Stop when ‖Δθ‖ ≤ tol·(‖θ‖ + tol) in the fitted space (METHODS.md §3.3).
  double relative_step_tolerance = 1e-10;
  /// Stop when the relative decrease of S (actual and predicted) is below this (§3.3: 1e-10).
  double function_tolerance = 1e-10;
  /// Stop when ‖Jᵀr‖_∞ ≤ tol·S (scale-free gradient test).
  double gradient_tolerance = 1e-12;
  /// Geodesic acceleration (Transtrum & Sethna 2012): fewer iterations along curved valleys.
  bool geodesic_acceleration = true;
  /// Fit R‖CPE and R‖C blocks internally as (R, τ, n): removes the strong R–Q correlation
  /// that slows LM; results are reported in the circuit's own parameters.
  bool reparameterise_arcs = true;
  /// Latin-hypercube starts (around the automatic estimate) tried when the first fit from
  /// automatic initial values looks wrong (not converged, residual trend, at a bound);
  /// 0 disables. 16 keeps the hard cases at a few ms.
  int multi_starts = 16;
  /// Run the multi-start even when the first fit looks fine (slower, more thorough).
  bool always_multi_start = false;
  /// NLopt global search (MLSL with LM polishing) before the final LM fit; off because it is
  /// slow (≈ 10⁴ evaluations) and rarely needed with automatic initial values.
  bool global = false;
  /// Objective evaluations allowed to the global search.
  int global_evaluations = 20000;
  /// Seed of the multi-start and the global search: results are reproducible per seed.
  std::uint64_t seed = 42;
  /// Covariance, standard errors, CIs and correlations (cheap: one SVD).
  bool compute_covariance = true;
  /// Singular values below cutoff·σ_max count as zero (METHODS.md §3.5).
  double singular_value_cutoff = 1e-12;
  /// Confidence level of the reported intervals.
  double confidence_level = 0.95;
  /// Called on the calling thread after each iteration; return false to stop
  /// (Termination::cancelled). Exceptions it throws propagate to the caller of fit_circuit.
  std::function<bool(const FitProgress&)> on_iteration = {};

  /// Why these options are invalid, or nullopt when they are fine.
  [[nodiscard]] std::optional<std::string> validate() const;
};

}  // namespace eis
