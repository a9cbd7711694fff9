/// @file
/// Complex nonlinear least-squares fitting of an equivalent circuit to an impedance spectrum
/// (METHODS.md §3): Levenberg–Marquardt on the stacked weighted residuals √w·(Z − Ẑ) with
/// analytic Jacobians, positive parameters fitted in ln p and bounded ones through a logistic
/// map, automatic initial values from the data (analysis/arcs.hpp) with a deterministic
/// multi-start, optional NLopt global search, and covariance-based uncertainties.
#pragma once

#include <span>
#include <vector>

#include <eis/circuit/circuit.hpp>
#include <eis/fit/options.hpp>
#include <eis/fit/result.hpp>
#include <eis/spectrum.hpp>

namespace eis {

/// Fits `circuit` to `spectrum`.
///
/// Points outside [fmin_hz, fmax_hz] (and, with drop_inductive, those with Z'' > 0) are left
/// out. With empty `initial_parameters` the initial values come from estimate_initial_values()
/// and, when that first fit looks wrong (not converged, systematic residuals, a parameter at a
/// bound), from the best of FitOptions::multi_starts Latin-hypercube starts around it.
/// Arcs are assigned in circuit order: the first R∥C/R∥CPE/ZARC block in the circuit string
/// gets the highest-frequency arc (the bulk), the next block the next arc, and so on.
/// Non-convergence is not an error: the result keeps the best parameters, with `termination`,
/// `message` and `warnings` saying what happened (usable() is then false).
/// @param initial_parameters  empty (automatic) or one value per circuit parameter, inside
///        the bounds; fixed parameters take their FitOptions::fixed value instead
/// @throws eis::InvalidArgument if the spectrum is invalid (validate_spectrum), the options
///         are invalid (FitOptions::validate), a name in fixed/bounds is unknown, an initial
///         value is outside its bounds or not finite, fewer real data values (2N) remain than
///         free parameters, or the weights are undefined (|Z| = 0 with modulus weighting).
/// Thread-safety: reentrant (each call owns its evaluator); on_iteration runs on the calling
/// thread.
[[nodiscard]] FitResult fit_circuit(const Circuit& circuit,
                                    SpectrumView spectrum,
                                    std::span<const double> initial_parameters = {},
                                    const FitOptions& options = {});

/// Initial values for `circuit` read from the data (METHODS.md §3.3 "initial guesses"): series
/// resistors share the high-frequency intercept, R∥C/R∥CPE/ZARC blocks take the arcs found by
/// estimate_arcs() (highest frequency first, re-decomposed to exactly as many arcs as the
/// circuit has), a CPE or C in series takes the low-frequency spike, an inductor the
/// high-frequency inductive part; other parameters get scale-aware defaults.
/// @throws eis::InvalidArgument if the spectrum is invalid or has fewer than 3 points.
/// Thread-safety: reentrant.
[[nodiscard]] std::vector<double> estimate_initial_values(const Circuit& circuit,
                                                          SpectrumView spectrum);

}  // namespace eis
