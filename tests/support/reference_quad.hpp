/// @file
/// Quad-precision (__float128, 113-bit mantissa) closed forms of the elements (METHODS.md §1.1)
/// for central-difference derivatives. Double or even long double cannot resolve ∂Z/∂p by
/// finite differences where p changes Z by less than ~1e-19 relative over the whole spectrum
/// (e.g. Ws with τ = 1e-12 s at ω ≤ 1e9 rad/s, where Z = Z0·(1 − jωτ/3 + …)); quad precision
/// resolves those changes with ~9 significant digits. Only available with GCC's libquadmath
/// (EIS_TEST_HAVE_QUADMATH); tests fall back to long double otherwise.
#pragma once

#if defined(EIS_TEST_HAVE_QUADMATH)

#include <cstddef>
#include <span>
#include <vector>

#include <eis/elements/element.hpp>

#include <quadmath.h>

namespace eis::test::quad_precision {

__extension__ typedef __float128 quad;

struct Cq {
  quad re;
  quad im;
};
inline Cq operator+(Cq a, Cq b) {
  return {a.re + b.re, a.im + b.im};
}
inline Cq operator-(Cq a, Cq b) {
  return {a.re - b.re, a.im - b.im};
}
inline Cq operator*(Cq a, Cq b) {
  return {a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re};
}
inline Cq operator*(quad a, Cq b) {
  return {a * b.re, a * b.im};
}
inline Cq operator/(Cq a, Cq b) {
  const quad d = b.re * b.re + b.im * b.im;
  return {(a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d};
}
inline Cq real(quad x) {
  return {x, 0};
}
inline Cq exp(Cq z) {
  const quad m = expq(z.re);
  return {m * cosq(z.im), m * sinq(z.im)};
}
inline Cq log(Cq z) {
  return {logq(hypotq(z.re, z.im)), atan2q(z.im, z.re)};
}
inline Cq pow(Cq z, quad y) {
  return exp(y * log(z));
}
inline Cq sqrt(Cq z) {
  const quad r = sqrtq(hypotq(z.re, z.im));
  const quad t = atan2q(z.im, z.re) / 2;
  return {r * cosq(t), r * sinq(t)};
}
// tanh(a + jb) = (sinh 2a + j sin 2b)/(cosh 2a + cos 2b), accurate for small |z|; for large
// Re z (where cosh overflows) (1 − e^{−2z})/(1 + e^{−2z}).
inline Cq tanh(Cq z) {
  if (fabsq(z.re) < 20) {
    const quad d = coshq(2 * z.re) + cosq(2 * z.im);
    return {sinhq(2 * z.re) / d, sinq(2 * z.im) / d};
  }
  const Cq e = exp(quad(-2) * z);
  return (real(1) - e) / (real(1) + e);
}

inline Cq impedance(ElementKind kind, quad omega, std::span<const quad> p) {
  const quad half_pi = acosq(quad(0));  // π/2 (M_PIq needs a non-standard suffix)
  const Cq s{0, omega};
  switch (kind) {
    case ElementKind::resistor:
      return real(p[0]);
    case ElementKind::capacitor:
      return real(1) / (p[0] * s);
    case ElementKind::inductor:
      return p[0] * s;
    case ElementKind::cpe:
      return real(1) / (p[0] * exp(p[1] * Cq{logq(omega), half_pi}));
    case ElementKind::warburg:
      return (p[0] / sqrtq(omega)) * Cq{1, -1};
    case ElementKind::warburg_short: {
      const Cq x = sqrt(p[1] * s);
      return p[0] * (tanh(x) / x);
    }
    case ElementKind::warburg_open: {
      const Cq x = sqrt(p[1] * s);
      return real(p[0]) / (x * tanh(x));
    }
    case ElementKind::gerischer:
      return real(p[0]) / sqrt(real(1) + p[1] * s);
    case ElementKind::zarc:
      return real(p[0]) / (real(1) + pow(p[1] * s, p[2]));
    case ElementKind::havriliak_negami:
      return real(p[0]) / pow(real(1) + pow(p[1] * s, p[2]), p[3]);
  }
  return real(0);
}

/// Central difference ∂Z/∂p_k in quad precision, step rel_step·|p_k|, rounded to double.
inline std::complex<double> derivative(ElementKind kind,
                                       double omega,
                                       std::span<const double> p,
                                       std::size_t k,
                                       double rel_step = 1e-7) {
  std::vector<quad> plus(p.begin(), p.end());
  std::vector<quad> minus(p.begin(), p.end());
  const quad h = quad(rel_step) * fabsq(plus[k]);
  plus[k] += h;
  minus[k] -= h;
  const Cq d =
      (impedance(kind, omega, plus) - impedance(kind, omega, minus)) / real(plus[k] - minus[k]);
  return {static_cast<double>(d.re), static_cast<double>(d.im)};
}

}  // namespace eis::test::quad_precision

#endif
