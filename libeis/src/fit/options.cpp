#include <cmath>
#include <string>

#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>
#include <eis/fit/options.hpp>

namespace eis {

std::string_view to_string(Weighting weighting) noexcept {
  switch (weighting) {
    case Weighting::unit:
      return "unit";
    case Weighting::proportional:
      return "proportional";
    case Weighting::modulus:
      return "modulus";
    case Weighting::statistical:
      return "statistical";
  }
  return "modulus";
}

Weighting parse_weighting(std::string_view name) {
  for (const Weighting w :
       {Weighting::unit, Weighting::proportional, Weighting::modulus, Weighting::statistical}) {
    if (name == to_string(w)) {
      return w;
    }
  }
  throw InvalidArgument("unknown weighting '" + std::string(name) +
                        "' (expected unit, proportional, modulus or statistical)");
}

std::string_view to_string(FitDomain domain) noexcept {
  return domain == FitDomain::admittance ? "admittance" : "impedance";
}

FitDomain parse_fit_domain(std::string_view name) {
  if (name == "impedance") {
    return FitDomain::impedance;
  }
  if (name == "admittance") {
    return FitDomain::admittance;
  }
  throw InvalidArgument("unknown fit domain '" + std::string(name) +
                        "' (expected impedance or admittance)");
}

std::string_view to_string(Termination termination) noexcept {
  switch (termination) {
    case Termination::converged:
      return "converged";
    case Termination::max_iterations:
      return "max_iterations";
    case Termination::cancelled:
      return "cancelled";
    case Termination::numerical_failure:
      return "numerical_failure";
  }
  return "numerical_failure";
}

std::optional<std::string> FitOptions::validate() const {
  if (!(proportional_floor > 0.0) || !(proportional_floor < 1.0)) {
    return "proportional_floor must be in (0, 1), got " + eis::detail::to_text(proportional_floor);
  }
  if (weighting == Weighting::statistical && (sigma_real.empty() || sigma_imag.empty())) {
    return std::string("statistical weighting needs sigma_real and sigma_imag");
  }
  if (sigma_real.size() != sigma_imag.size()) {
    return "sigma_real has " + eis::detail::to_text(sigma_real.size()) + " values but sigma_imag " +
           eis::detail::to_text(sigma_imag.size());
  }
  for (std::size_t i = 0; i < sigma_real.size(); ++i) {
    if (!(sigma_real[i] > 0.0) || !(sigma_imag[i] > 0.0) || !std::isfinite(sigma_real[i]) ||
        !std::isfinite(sigma_imag[i])) {
      return "sigma values must be finite and > 0 (point " + eis::detail::to_text(i) + ")";
    }
  }
  if (fmin_hz && fmax_hz && !(*fmin_hz <= *fmax_hz)) {
    return "fmin_hz (" + eis::detail::to_text(*fmin_hz) + ") exceeds fmax_hz (" +
           eis::detail::to_text(*fmax_hz) + ")";
  }
  for (const auto& b : bounds) {
    if (std::isnan(b.lower) || std::isnan(b.upper) || !(b.lower < b.upper)) {
      return "bounds of " + b.name + " must satisfy lower < upper";
    }
  }
  for (const auto& p : fixed) {
    if (!std::isfinite(p.value)) {
      return "fixed value of " + p.name + " is not finite";
    }
  }
  if (max_iterations < 1 || max_evaluations < 1) {
    return std::string("max_iterations and max_evaluations must be >= 1");
  }
  if (!(relative_step_tolerance >= 0.0) || !(function_tolerance >= 0.0) ||
      !(gradient_tolerance >= 0.0)) {
    return std::string("tolerances must be >= 0");
  }
  if (multi_starts < 0 || global_evaluations < 1) {
    return std::string("multi_starts must be >= 0 and global_evaluations >= 1");
  }
  if (!(singular_value_cutoff >= 0.0) || !(singular_value_cutoff < 1.0)) {
    return std::string("singular_value_cutoff must be in [0, 1)");
  }
  if (!(confidence_level > 0.0) || !(confidence_level < 1.0)) {
    return "confidence_level must be in (0, 1), got " + eis::detail::to_text(confidence_level);
  }
  return std::nullopt;
}

}  // namespace eis
