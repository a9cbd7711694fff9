// Private to libeis: block kernels of every element, structure-of-arrays. Each kernel computes
// Z (and, when dr/di are not null, ∂Z/∂p per parameter) for n angular frequencies.
// METHODS.md §1.1 (formulas), §1.3 (numerics), §3.3 (derivatives).
#pragma once

#include <cmath>
#include <cstddef>

#include <Eigen/Core>

#include <eis/elements/element.hpp>

namespace eis::detail {

/// Per-parameter-set constants of the elements with a phase (jωτ)^x (CPE: x = n, scale Q;
/// ZARC: x = n, scale τ; Havriliak–Negami: x = α, scale τ): cos(xπ/2), sin(xπ/2), ln(scale).
/// The evaluator computes them once per call instead of once per block.
struct PhaseConstants {
  double cos_half_pi = 0.0;
  double sin_half_pi = 0.0;
  double ln_scale = 0.0;
};

/// The PhaseConstants of kind for its parameters p (zeros for kinds without a phase).
inline PhaseConstants compute_phase_constants(ElementKind kind, const double* p) noexcept {
  constexpr double half_pi = 1.5707963267948966;
  switch (kind) {
    case ElementKind::cpe:
      return {std::cos(p[1] * half_pi), std::sin(p[1] * half_pi), std::log(p[0])};
    case ElementKind::zarc:
    case ElementKind::havriliak_negami:
      return {std::cos(p[2] * half_pi), std::sin(p[2] * half_pi), std::log(p[1])};
    default:
      return {};
  }
}

/// Inputs of one block: ω (rad/s) and ln ω, n values each; constants: the element's
/// PhaseConstants, or null to have the kernel compute them.
struct Block {
  const double* omega;
  const double* ln_omega;
  std::size_t n;
  const PhaseConstants* constants = nullptr;
};

/// y[i] = op(x[i]) with Eigen packets for every element, the tail padded with 1.0 into one
/// packet, so a value's result does not depend on its position in the block (no scalar head or
/// tail with different rounding). x == y is allowed.
template <class Op>
inline void packet_map(const double* x, double* y, std::size_t n, Op op) noexcept {
  namespace ei = Eigen::internal;
  using Packet = ei::packet_traits<double>::type;
  constexpr std::size_t width = ei::packet_traits<double>::size;
  std::size_t i = 0;
  for (; i + width <= n; i += width) {
    ei::pstoreu(y + i, op(ei::ploadu<Packet>(x + i)));
  }
  if (i < n) {
    double buffer[width];
    for (std::size_t k = 0; k < width; ++k) {
      buffer[k] = i + k < n ? x[i + k] : 1.0;
    }
    ei::pstoreu(buffer, op(ei::ploadu<Packet>(buffer)));
    for (std::size_t k = 0; i + k < n; ++k) {
      y[i + k] = buffer[k];
    }
  }
}

/// y[i] = exp(x[i]) for i < n with Eigen's vectorised exp (Cephes rational approximation, about
/// 1 ulp). If some argument is outside [−708, 709] or NaN, the whole block uses std::exp, so
/// that overflow to ∞, underflow to 0 and NaN propagation are exactly the scalar ones. x == y
/// is allowed.
inline void vector_exp(const double* x, double* y, std::size_t n) noexcept {
  const auto count = static_cast<Eigen::Index>(n);
  const Eigen::Map<const Eigen::ArrayXd> arguments(x, count);
  // Vectorised reductions; the sum is NaN if some argument is (min/max may skip NaN).
  if (n > 0 && !(arguments.minCoeff() >= -708.0 && arguments.maxCoeff() <= 709.0 &&
                 !std::isnan(arguments.sum()))) {
    for (std::size_t i = 0; i < n; ++i) {
      y[i] = std::exp(x[i]);
    }
    return;
  }
  packet_map(x, y, n, [](const auto& p) { return Eigen::internal::pexp(p); });
}

/// y[i] = ln x[i] for i < n with Eigen's vectorised log; if some argument is zero, negative,
/// subnormal, infinite or NaN, the whole block uses std::log. x == y is allowed.
inline void vector_log(const double* x, double* y, std::size_t n) noexcept {
  constexpr double smallest = 2.2250738585072014e-308;  // smallest normal double
  constexpr double largest = 1.7976931348623157e308;
  const auto count = static_cast<Eigen::Index>(n);
  const Eigen::Map<const Eigen::ArrayXd> arguments(x, count);
  // A NaN argument makes the sum NaN; an infinite one fails the max test.
  if (n > 0 && !(arguments.minCoeff() >= smallest && arguments.maxCoeff() <= largest &&
                 !std::isnan(arguments.sum()))) {
    for (std::size_t i = 0; i < n; ++i) {
      y[i] = std::log(x[i]);
    }
    return;
  }
  packet_map(x, y, n, [](const auto& p) { return Eigen::internal::plog(p); });
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
