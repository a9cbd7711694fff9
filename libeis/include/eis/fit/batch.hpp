/// @file
/// Fitting many spectra with one circuit (series, maps, long-term cycling): fit_circuit() on
/// each spectrum, optionally on several threads, with results that do not depend on the thread
/// count (each fit is the same call with the same options and seed as a serial loop).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include <eis/circuit/circuit.hpp>
#include <eis/fit/cnls.hpp>
#include <eis/fit/options.hpp>
#include <eis/fit/result.hpp>
#include <eis/spectrum.hpp>

namespace eis {

/// Options for fit_batch().
struct BatchFitOptions {
  /// Options of every fit (same seed for each spectrum, as a serial loop would use). Its
  /// on_iteration callback must be empty when threads > 1 (it would run on worker threads).
  FitOptions fit = {};
  /// Worker threads (std::thread): 0 or 1 fit on the calling thread, which is the default
  /// because libeis starts no threads unless asked. Spectra are handed out one at a time to
  /// whichever thread is free (fits differ in cost).
  int threads = 1;
};

/// One fit per spectrum.
/// Thread-safety: a value type.
struct BatchFitResult {
  std::vector<FitResult> fits;  ///< fits[k] belongs to spectra[k]
  std::size_t usable = 0;       ///< how many fits are usable()
};

/// fit_circuit(circuit, spectra[k], initial_parameters, options.fit) for every k.
/// Non-convergence of a fit is reported in its FitResult, not thrown.
/// @param initial_parameters  empty (automatic initial values for each spectrum) or one value
///        per circuit parameter, used for every spectrum
/// @throws eis::InvalidArgument if options.threads < 0, if options.fit.on_iteration is set with
///         threads > 1, or as fit_circuit() for the first offending spectrum (lowest index, the
///         message then starts with "spectrum k: "), whatever the thread count.
/// Thread-safety: reentrant; starts min(threads, spectra) − 1 extra threads when threads > 1.
[[nodiscard]] BatchFitResult fit_batch(const Circuit& circuit,
                                       std::span<const SpectrumView> spectra,
                                       std::span<const double> initial_parameters = {},
                                       const BatchFitOptions& options = {});

}  // namespace eis
