// Private to libeis: block kernels of every element, structure-of-arrays. Each kernel computes
// Z (and, when dr/di are not null, ∂Z/∂p per parameter) for n angular frequencies.
// METHODS.md §1.1 (formulas), §1.3 (numerics), §3.3 (derivatives).
#pragma once

#include <cmath>
#include <cstddef>

#include <Eigen/Core>

#include <eis/elements/element.hpp>

namespace eis::detail {

/// Inputs of one block: ω (rad/s) and ln ω, n values each.
struct Block {
  const double* omega;
  const double* ln_omega;
  std::size_t n;
};

/// y[i] = exp(x[i]) for i < n with Eigen's vectorised exp (Cephes rational approximation, about
/// 1 ulp). If some argument is outside [−708, 709] or NaN, the whole block uses std::exp, so
/// that overflow to ∞, underflow to 0 and NaN propagation are exactly the scalar ones. x == y
/// is allowed.
inline void vector_exp(const double* x, double* y, std::size_t n) noexcept {
  int outside = 0;
  for (std::size_t i = 0; i < n; ++i) {
    outside |= static_cast<int>(!(x[i] >= -708.0) | !(x[i] <= 709.0));
  }
  if (outside != 0) {
    for (std::size_t i = 0; i < n; ++i) {
      y[i] = std::exp(x[i]);
    }
    return;
  }
  const auto count = static_cast<Eigen::Index>(n);
  Eigen::Map<Eigen::ArrayXd>(y, count) = Eigen::Map<const Eigen::ArrayXd>(x, count).exp();
}

/// y[i] = ln x[i] for i < n with Eigen's vectorised log; if some argument is zero, negative,
/// subnormal, infinite or NaN, the whole block uses std::log. x == y is allowed.
inline void vector_log(const double* x, double* y, std::size_t n) noexcept {
  constexpr double smallest = 2.2250738585072014e-308;  // smallest normal double
  constexpr double largest = 1.7976931348623157e308;
  int outside = 0;
  for (std::size_t i = 0; i < n; ++i) {
    outside |= static_cast<int>(!(x[i] >= smallest) | !(x[i] <= largest));
  }
  if (outside != 0) {
    for (std::size_t i = 0; i < n; ++i) {
      y[i] = std::log(x[i]);
    }
    return;
  }
  const auto count = static_cast<Eigen::Index>(n);
  Eigen::Map<Eigen::ArrayXd>(y, count) = Eigen::Map<const Eigen::ArrayXd>(x, count).log();
}

/// Z = zr + j·zi for the block; dr[k], di[k] (k < parameter count) receive ∂Z/∂p_k, or dr and
/// di are null when no derivatives are wanted.
void element_kernel(ElementKind kind,
                    const Block& block,
                    const double* params,
                    double* zr,
                    double* zi,
                    double* const* dr,
                    double* const* di) noexcept;

/// True for the kinds element_admittance_kernel() handles: resistor, capacitor, CPE.
[[nodiscard]] constexpr bool has_admittance_kernel(ElementKind kind) noexcept {
  return kind == ElementKind::resistor || kind == ElementKind::capacitor ||
         kind == ElementKind::cpe;
}

/// Y = yr + j·yi = 1/Z for the block, computed directly (METHODS.md §1.3 item 4): 1/R, jωC,
/// Q·exp(n ln ω)·(cos(nπ/2) + j sin(nπ/2)). Only for has_admittance_kernel(kind).
void element_admittance_kernel(
    ElementKind kind, const Block& block, const double* params, double* yr, double* yi) noexcept;

}  // namespace eis::detail
