/// @file
/// A hand-written structure-of-arrays kernel for one fixed circuit, R0-p(R1,CPE1)-p(R2,CPE2)-CPE3,
/// used as the speed baseline of the general evaluator (issue 10): the benchmarks and
/// `eis bench` report the library's time per point as a ratio to this kernel's. It is the
/// plain loop a programmer would write for that one circuit: ln ω precomputed once per
/// spectrum, ω^±n = exp(±n·ln ω) with Eigen's vectorised exp, cos(nπ/2) and sin(nπ/2) hoisted
/// out of the loop, one pass writing Z' and Z'' (METHODS.md §1.3 items 1 and 4). It has no
/// guards (a zero branch impedance gives NaN) and no Jacobian; use CircuitEvaluator for work.
#pragma once

#include <cmath>
#include <cstddef>
#include <numbers>
#include <span>

#include <Eigen/Core>

namespace eis::reference {

/// The circuit the kernel evaluates, in impedance.py syntax.
inline constexpr const char* three_arc_circuit = "R0-p(R1,CPE1)-p(R2,CPE2)-CPE3";

/// Number of parameters of three_arc_circuit: R0, R1, CPE1_0, CPE1_1, R2, CPE2_0, CPE2_1,
/// CPE3_0, CPE3_1 (the order of Circuit::parameters()).
inline constexpr std::size_t three_arc_parameter_count = 9;

/// Z = Z' + jZ'' (Ω) of R0-p(R1,CPE1)-p(R2,CPE2)-CPE3 at the frequencies whose natural
/// logarithms ln ω (ω in rad/s) are given. params: R0 (Ω), R1 (Ω), Q1 (S sⁿ), n1, R2 (Ω),
/// Q2 (S sⁿ), n2, Q3 (S sⁿ), n3. Preconditions (unchecked): z_re and z_im have ln_omega.size()
/// elements, params has three_arc_parameter_count. No allocation.
/// Thread-safety: reentrant.
inline void three_arc_reference(std::span<const double> ln_omega,
                                std::span<const double> params,
                                std::span<double> z_re,
                                std::span<double> z_im) noexcept {
  using Packet = Eigen::internal::packet_traits<double>::type;
  constexpr std::size_t width = Eigen::internal::packet_traits<double>::size;
  constexpr double half_pi = std::numbers::pi / 2.0;
  const double r0 = params[0];
  const double g1 = 1.0 / params[1];  // 1/R1
  const double q1 = params[2];
  const double n1 = params[3];
  const double g2 = 1.0 / params[4];
  const double q2 = params[5];
  const double n2 = params[6];
  const double inv_q3 = 1.0 / params[7];
  const double n3 = params[8];
  // Y_CPE = Q ω^n (cos(nπ/2) + j sin(nπ/2)); Z_CPE3 = ω^−n3/Q3 (cos(n3π/2) − j sin(n3π/2)).
  const double c1 = q1 * std::cos(n1 * half_pi);
  const double s1 = q1 * std::sin(n1 * half_pi);
  const double c2 = q2 * std::cos(n2 * half_pi);
  const double s2 = q2 * std::sin(n2 * half_pi);
  const double c3 = inv_q3 * std::cos(n3 * half_pi);
  const double s3 = -inv_q3 * std::sin(n3 * half_pi);
  const std::size_t n = ln_omega.size();
  std::size_t i = 0;
  if constexpr (width > 1) {
    namespace ei = Eigen::internal;
    const Packet vn1 = ei::pset1<Packet>(n1);
    const Packet vn2 = ei::pset1<Packet>(n2);
    const Packet vn3 = ei::pset1<Packet>(-n3);
    const Packet vg1 = ei::pset1<Packet>(g1);
    const Packet vg2 = ei::pset1<Packet>(g2);
    const Packet vc1 = ei::pset1<Packet>(c1);
    const Packet vs1 = ei::pset1<Packet>(s1);
    const Packet vc2 = ei::pset1<Packet>(c2);
    const Packet vs2 = ei::pset1<Packet>(s2);
    const Packet vc3 = ei::pset1<Packet>(c3);
    const Packet vs3 = ei::pset1<Packet>(s3);
    const Packet vr0 = ei::pset1<Packet>(r0);
    for (; i + width <= n; i += width) {
      const Packet x = ei::ploadu<Packet>(ln_omega.data() + i);
      const Packet w1 = ei::pexp(ei::pmul(vn1, x));
      const Packet w2 = ei::pexp(ei::pmul(vn2, x));
      const Packet w3 = ei::pexp(ei::pmul(vn3, x));
      // Arc k: Y = g + ω^n (c + j s), Z = conj(Y)/|Y|².
      const Packet y1r = ei::padd(vg1, ei::pmul(w1, vc1));
      const Packet y1i = ei::pmul(w1, vs1);
      const Packet d1 =
          ei::pdiv(ei::pset1<Packet>(1.0), ei::padd(ei::pmul(y1r, y1r), ei::pmul(y1i, y1i)));
      const Packet y2r = ei::padd(vg2, ei::pmul(w2, vc2));
      const Packet y2i = ei::pmul(w2, vs2);
      const Packet d2 =
          ei::pdiv(ei::pset1<Packet>(1.0), ei::padd(ei::pmul(y2r, y2r), ei::pmul(y2i, y2i)));
      const Packet zr = ei::padd(ei::padd(vr0, ei::pmul(w3, vc3)),
                                 ei::padd(ei::pmul(y1r, d1), ei::pmul(y2r, d2)));
      const Packet zi = ei::psub(ei::pmul(w3, vs3), ei::padd(ei::pmul(y1i, d1), ei::pmul(y2i, d2)));
      ei::pstoreu(z_re.data() + i, zr);
      ei::pstoreu(z_im.data() + i, zi);
    }
  }
  for (; i < n; ++i) {
    const double x = ln_omega[i];
    const double w1 = std::exp(n1 * x);
    const double w2 = std::exp(n2 * x);
    const double w3 = std::exp(-n3 * x);
    const double y1r = g1 + w1 * c1;
    const double y1i = w1 * s1;
    const double d1 = 1.0 / (y1r * y1r + y1i * y1i);
    const double y2r = g2 + w2 * c2;
    const double y2i = w2 * s2;
    const double d2 = 1.0 / (y2r * y2r + y2i * y2i);
    z_re[i] = r0 + w3 * c3 + (y1r * d1 + y2r * d2);
    z_im[i] = w3 * s3 - (y1i * d1 + y2i * d2);
  }
}

}  // namespace eis::reference
