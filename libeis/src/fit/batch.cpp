// Batch fitting on worker threads (issue 10): fit_circuit() per spectrum with the same options,
// so each result is the one a serial loop gives, whichever thread computes it.
#include <exception>
#include <string>

#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>
#include <eis/fit/batch.hpp>

#include "../detail/worker_threads.hpp"

namespace eis {

BatchFitResult fit_batch(const Circuit& circuit,
                         std::span<const SpectrumView> spectra,
                         std::span<const double> initial_parameters,
                         const BatchFitOptions& options) {
  detail::check_thread_count(options.threads);
  if (options.threads > 1 && options.fit.on_iteration) {
    throw InvalidArgument(
        "fit_batch: on_iteration must be empty when threads > 1 (it would run on worker "
        "threads)");
  }
  BatchFitResult result;
  result.fits.resize(spectra.size());
  std::vector<std::exception_ptr> errors(spectra.size());
  detail::run_on_threads(spectra.size(), options.threads, [&](std::atomic<std::size_t>& next) {
    for (std::size_t k; (k = next++) < spectra.size();) {
      try {
        result.fits[k] = fit_circuit(circuit, spectra[k], initial_parameters, options.fit);
      } catch (...) {
        errors[k] = std::current_exception();
      }
    }
  });
  for (std::size_t k = 0; k < errors.size(); ++k) {
    if (!errors[k]) {
      continue;
    }
    try {
      std::rethrow_exception(errors[k]);
    } catch (const InvalidArgument& e) {
      throw InvalidArgument("spectrum " + eis::detail::to_text(k) + ": " + e.what());
    }
    // Other exceptions (std::bad_alloc) propagate unchanged from the rethrow above.
  }
  for (const auto& fit : result.fits) {
    result.usable += fit.usable() ? 1 : 0;
  }
  return result;
}

}  // namespace eis
