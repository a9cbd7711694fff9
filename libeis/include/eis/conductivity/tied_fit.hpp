/// @file
/// Tied multi-spectrum fit of one run (RelaxIS-style "multi-fit", issue 7 item 3): the bulk
/// resistance of every spectrum follows the σT-Arrhenius law
///   R_bulk(T_i) = L·T_i/(A·σ0)·exp(E_a/(k_B·T_i))      (METHODS.md §7.2 form 2)
/// with ln σ0 and E_a shared by all spectra and every other circuit parameter per spectrum,
/// solved as one least-squares problem over the stacked modulus-weighted residuals
/// (METHODS.md §3.1–§3.3). The Jacobian is block-sparse (each spectrum's residuals depend only
/// on its own parameters and the two shared ones), so each Levenberg–Marquardt step eliminates
/// the per-spectrum blocks and solves a 2×2 Schur complement for the shared parameters: the
/// cost grows linearly with the number of spectra.
#pragma once

#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include <eis/circuit/circuit.hpp>
#include <eis/conductivity/conductivity.hpp>
#include <eis/fit/options.hpp>
#include <eis/spectrum.hpp>

namespace eis {

/// Options for fit_tied_bulk_arrhenius().
struct TiedFitOptions {
  /// Levenberg–Marquardt iterations; the start comes from per-spectrum fits, so few are needed.
  int max_iterations = 200;
  /// Stop when the relative decrease of S falls below this (METHODS.md §3.3: 1e-10).
  double function_tolerance = 1e-10;
};

/// Result of fit_tied_bulk_arrhenius().
struct TiedFitResult {
  double ln_sigma0 = std::numeric_limits<double>::quiet_NaN();  ///< σ0 in S·K/cm (σT form)
  double ln_sigma0_stderr = std::numeric_limits<double>::quiet_NaN();
  double ea_ev = std::numeric_limits<double>::quiet_NaN();
  double ea_stderr_ev = std::numeric_limits<double>::quiet_NaN();
  double correlation = std::numeric_limits<double>::quiet_NaN();  ///< of (ln σ0, E_a)
  /// Per spectrum, circuit order, with R_bulk computed from the law.
  std::vector<std::vector<double>> parameters;
  std::vector<double> r_bulk_ohm;                                ///< R_bulk(T_i) from the law
  double chi_square = std::numeric_limits<double>::quiet_NaN();  ///< S over all spectra
  std::size_t degrees_of_freedom = 0;                            ///< 2·ΣN − (2 + Σ(M_i − 1))
  int iterations = 0;
  Termination termination = Termination::numerical_failure;
  std::string message;
  [[nodiscard]] bool usable() const noexcept;
};

/// Fits the spectra of one run together with R_bulk tied to the σT-Arrhenius law.
/// @param circuit          the model of every spectrum (e.g. `p(R1,CPE1)-p(R2,CPE2)-CPE3`)
/// @param bulk_parameter   index of the bulk resistance among the circuit's parameters
/// @param spectra          at least 3 spectra (modulus weighting)
/// @param temperatures_k   one per spectrum, at least 2 distinct
/// @param initial          one start per spectrum (circuit order), e.g. from fit_series(); the
///                         bulk entries give the start of (ln σ0, E_a) by a 2-point-or-more
///                         linear fit of ln(R/T) against 1/T
/// @throws eis::InvalidArgument for mismatched sizes, invalid spectra, non-positive
///         temperatures or starts outside the parameter bounds.
/// Thread-safety: reentrant.
[[nodiscard]] TiedFitResult fit_tied_bulk_arrhenius(const Circuit& circuit,
                                                    std::size_t bulk_parameter,
                                                    std::span<const SpectrumView> spectra,
                                                    std::span<const double> temperatures_k,
                                                    std::span<const std::vector<double>> initial,
                                                    const CellGeometry& geometry,
                                                    const TiedFitOptions& options = {});

}  // namespace eis
