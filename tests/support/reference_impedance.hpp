/// @file
/// Independent reference impedances for tests: the closed forms of METHODS.md §1.1 written
/// directly with std::complex<long double> (std::pow, std::tanh, std::sqrt on the principal
/// branch), i.e. without the polar forms, series and guards that libeis uses. On x86-64 long
/// double has a 64-bit mantissa, so these are ~2000 times more precise than double, which makes
/// them usable as the "truth" for 1e-12 comparisons and for central differences.
#pragma once

#include <complex>
#include <cstddef>
#include <numbers>
#include <span>
#include <vector>

#include <eis/circuit/circuit.hpp>
#include <eis/elements/element.hpp>

namespace eis::test {

using ComplexL = std::complex<long double>;

/// Z of one element at ω (rad/s), straight from the formula.
inline ComplexL reference_impedance(ElementKind kind,
                                    long double omega,
                                    std::span<const long double> p) {
  const ComplexL j{0.0L, 1.0L};
  const ComplexL s = j * omega;
  switch (kind) {
    case ElementKind::resistor:
      return p[0];
    case ElementKind::capacitor:
      return 1.0L / (s * p[0]);
    case ElementKind::inductor:
      return s * p[0];
    case ElementKind::cpe:
      return 1.0L / (p[0] * std::pow(s, p[1]));
    case ElementKind::warburg:
      return p[0] * (1.0L - j) / std::sqrt(omega);
    case ElementKind::warburg_short: {
      const ComplexL x = std::sqrt(s * p[1]);
      return p[0] * std::tanh(x) / x;
    }
    case ElementKind::warburg_open: {
      const ComplexL x = std::sqrt(s * p[1]);
      return p[0] / (x * std::tanh(x));
    }
    case ElementKind::gerischer:
      return p[0] / std::sqrt(1.0L + s * p[1]);
    case ElementKind::zarc:
      return p[0] / (1.0L + std::pow(s * p[1], p[2]));
    case ElementKind::havriliak_negami:
      return p[0] / std::pow(1.0L + std::pow(s * p[1], p[2]), p[3]);
  }
  return {};
}

/// Z of a circuit (sub)tree at ω (rad/s) by recursion over the tree in long double: series =
/// Σ Z, parallel = 1/Σ(1/Z), elements from reference_impedance(); `p` in circuit order.
inline ComplexL reference_circuit(const Circuit& c,
                                  const Circuit::Node& node,
                                  long double omega,
                                  const std::vector<long double>& p) {
  using NodeType = Circuit::NodeType;
  if (node.type == NodeType::element) {
    const auto& e = c.elements()[node.element];
    return reference_impedance(
        e.kind,
        omega,
        std::span<const long double>(p.data() + e.first_parameter, e.parameter_count));
  }
  ComplexL sum = 0;
  for (const auto& child : node.children) {
    const ComplexL z = reference_circuit(c, child, omega, p);
    sum += node.type == NodeType::series ? z : 1.0L / z;
  }
  return node.type == NodeType::series ? sum : 1.0L / sum;
}

/// Z of the whole circuit for parameters given in double.
inline ComplexL reference_circuit(const Circuit& c,
                                  long double omega,
                                  const std::vector<double>& p) {
  return reference_circuit(c, c.root(), omega, std::vector<long double>(p.begin(), p.end()));
}

/// Central difference ∂Z/∂p_k of reference_impedance with step h = rel_step·|p_k|.
inline ComplexL reference_derivative(ElementKind kind,
                                     long double omega,
                                     std::span<const long double> p,
                                     std::size_t k,
                                     long double rel_step = 1e-6L) {
  std::vector<long double> plus(p.begin(), p.end());
  std::vector<long double> minus(p.begin(), p.end());
  const long double h = rel_step * (p[k] < 0 ? -p[k] : p[k]);
  plus[k] += h;
  minus[k] -= h;
  return (reference_impedance(kind, omega, plus) - reference_impedance(kind, omega, minus)) /
         (plus[k] - minus[k]);
}

}  // namespace eis::test
