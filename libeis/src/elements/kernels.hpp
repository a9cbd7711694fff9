// Private to libeis: block kernels of every element, structure-of-arrays. Each kernel computes
// Z (and, when dr/di are not null, ∂Z/∂p per parameter) for n angular frequencies.
// METHODS.md §1.1 (formulas), §1.3 (numerics), §3.3 (derivatives).
#pragma once

#include <cstddef>

#include <eis/elements/element.hpp>

namespace eis::detail {

/// Inputs of one block: ω (rad/s) and ln ω, n values each.
struct Block {
  const double* omega;
  const double* ln_omega;
  std::size_t n;
};

/// Z = zr + j·zi for the block; dr[k], di[k] (k < parameter count) receive ∂Z/∂p_k, or dr and
/// di are null when no derivatives are wanted.
void element_kernel(ElementKind kind,
                    const Block& block,
                    const double* params,
                    double* zr,
                    double* zi,
                    double* const* dr,
                    double* const* di) noexcept;

}  // namespace eis::detail
