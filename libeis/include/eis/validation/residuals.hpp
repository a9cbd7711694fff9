/// @file
/// Relative residuals of a model against a measured spectrum, Boukamp's pseudo-χ², and a
/// trend-insensitive estimate of the relative noise level (METHODS.md §3.7, §4.1 step 5).
#pragma once

#include <span>
#include <vector>

#include <eis/spectrum.hpp>

namespace eis::validation {

/// Relative residuals Δ'_i = (Z'_i − Ẑ'_i)/|Z_i| and Δ''_i = (Z''_i − Ẑ''_i)/|Z_i|
/// (Schönleber 2014 eqs. 15–16; METHODS.md §4.1 step 5). Dimensionless, same order as the input.
struct RelativeResiduals {
  std::vector<double> real;
  std::vector<double> imag;
};

/// Computes Δ' and Δ'' of `fitted_ohm` against `spectrum`.
/// @throws eis::InvalidArgument if the sizes differ or a measured |Z| is 0.
/// Thread-safety: reentrant.
[[nodiscard]] RelativeResiduals relative_residuals(SpectrumView spectrum,
                                                   std::span<const Complex> fitted_ohm);

/// Boukamp pseudo-χ² = Σ (Δ'_i² + Δ''_i²) (Boukamp 1995 eq. 14; METHODS.md §3.7), not divided
/// by the degrees of freedom. For uncorrelated relative noise σ per component it is ≈ 2Nσ².
/// Thread-safety: reentrant.
[[nodiscard]] double pseudo_chi_square(const RelativeResiduals& residuals) noexcept;

/// Estimates the relative noise σ (per component, as a fraction of |Z|) from residuals that may
/// also hold a smooth systematic part: with the points sorted by frequency, successive
/// differences d_i = Δ_{i+1} − Δ_i of white noise have standard deviation √2·σ, while a smooth
/// trend contributes little to them. σ = 1.4826·median(|d − median d|)/√2 over the pooled real
/// and imaginary differences (normalised median absolute deviation, robust to a few outliers).
/// @param frequency_hz  frequencies of the residuals (any order; sorted internally)
/// @return σ ≥ 0, or 0 when fewer than 3 points are given
/// @throws eis::InvalidArgument if the sizes differ
/// Thread-safety: reentrant.
[[nodiscard]] double estimate_noise_level(std::span<const double> frequency_hz,
                                          const RelativeResiduals& residuals);

}  // namespace eis::validation
