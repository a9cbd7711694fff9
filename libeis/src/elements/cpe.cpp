#include <cmath>
#include <limits>
#include <numbers>

#include <eis/elements/cpe.hpp>

namespace eis {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

bool positive(double x) {
  return std::isfinite(x) && x > 0.0;
}

}  // namespace

// METHODS.md §1.2: C_eff = Q^(1/n) R^((1−n)/n).
double effective_capacitance_hsu_mansfeld(double r_ohm, double q, double n) noexcept {
  if (!positive(r_ohm) || !positive(q) || !positive(n)) {
    return nan;
  }
  return std::exp((std::log(q) + (1.0 - n) * std::log(r_ohm)) / n);
}

// METHODS.md §1.2: C_eff = Q^(1/n) (1/R_s + 1/R_ct)^((n−1)/n).
double effective_capacitance_brug_faradaic(double r_series_ohm,
                                           double r_charge_transfer_ohm,
                                           double q,
                                           double n) noexcept {
  if (!positive(r_series_ohm) || !positive(r_charge_transfer_ohm) || !positive(q) || !positive(n)) {
    return nan;
  }
  const double g = 1.0 / r_series_ohm + 1.0 / r_charge_transfer_ohm;
  return std::exp((std::log(q) + (n - 1.0) * std::log(g)) / n);
}

// METHODS.md §1.2: C_eff = Q^(1/n) R_s^((1−n)/n).
double effective_capacitance_brug_blocking(double r_series_ohm, double q, double n) noexcept {
  return effective_capacitance_hsu_mansfeld(r_series_ohm, q, n);
}

// METHODS.md §1.1, §2.4: τ = (RQ)^(1/n).
double rq_time_constant_s(double r_ohm, double q, double n) noexcept {
  if (!positive(r_ohm) || !positive(q) || !positive(n)) {
    return nan;
  }
  return std::exp((std::log(r_ohm) + std::log(q)) / n);
}

// METHODS.md §1.2: f_max = 1/(2π (RQ)^(1/n)).
double rq_peak_frequency_hz(double r_ohm, double q, double n) noexcept {
  return 1.0 / (2.0 * std::numbers::pi * rq_time_constant_s(r_ohm, q, n));
}

}  // namespace eis
