#include <cmath>
#include <cstdio>
#include <string>

#include <eis/detail/to_text.hpp>
#include <eis/fit/result.hpp>

namespace eis {

namespace {

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

}  // namespace

bool FitResult::usable() const noexcept {
  if (termination != Termination::converged || !std::isfinite(chi_square) ||
      parameters.size() == 0) {
    return false;
  }
  return parameters.allFinite();
}

std::string FitResult::report() const {
  std::string out = "circuit: " + circuit + "\n";
  out += "weighting: " + std::string(to_string(weighting)) +
         ", domain: " + std::string(to_string(domain)) +
         ", points: " + eis::detail::to_text(points) +
         ", free parameters: " + eis::detail::to_text(free_parameters) + "\n";
  for (Eigen::Index k = 0; k < parameters.size(); ++k) {
    const auto uk = static_cast<std::size_t>(k);
    out.append("  ");
    out.append(uk < names.size() ? names[uk] : std::string("p") + eis::detail::to_text(k));
    out.append(" = ");
    out.append(number(parameters(k)));
    if (uk < units.size()) {
      out.append(" ");
      out.append(units[uk]);
    }
    if (uk < fixed.size() && fixed[uk]) {
      out += " (fixed)";
    } else if (standard_errors.size() == parameters.size()) {
      out += " ± " + number(standard_errors(k));
      if (parameters(k) != 0.0) {
        out += " (" + number(100.0 * standard_errors(k) / std::abs(parameters(k))) + " %)";
      }
      if (ci_lower.size() == parameters.size()) {
        out += ", CI [" + number(ci_lower(k)) + ", " + number(ci_upper(k)) + "]";
      }
    }
    if (uk < at_bound.size() && at_bound[uk]) {
      out += " at bound";
    }
    out += "\n";
  }
  out += "chi-square: " + number(chi_square) + ", reduced: " + number(reduced_chi_square) +
         ", pseudo chi-square: " + number(pseudo_chi_square) + "\n";
  out += "AIC: " + number(aic) + ", BIC: " + number(bic) +
         ", condition number: " + number(condition_number) + "\n";
  out += "termination: " + std::string(to_string(termination)) + " (" + message + "), " +
         eis::detail::to_text(iterations) + " iterations, " + eis::detail::to_text(evaluations) +
         " evaluations, " + eis::detail::to_text(starts) + " start(s)\n";
  for (const auto& w : warnings) {
    out += "warning: " + w + "\n";
  }
  return out;
}

}  // namespace eis
