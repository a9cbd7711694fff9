#include <array>
#include <cmath>
#include <complex>
#include <limits>
#include <numbers>

#include <eis/elements/element.hpp>

#include "kernels.hpp"

namespace eis {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double half_pi = std::numbers::pi / 2.0;

// Default bounds follow impedance.py's set_default_bounds: [0, inf) for everything, exponents
// bounded by 1 (METHODS.md §2.2).
constexpr std::array<ParameterSpec, 1> resistor_params{
    {{"R", "ohm", 0.0, inf, ParameterScale::log, "resistance R (ohm)"}}};
constexpr std::array<ParameterSpec, 1> capacitor_params{
    {{"C", "F", 0.0, inf, ParameterScale::log, "capacitance C (F)"}}};
constexpr std::array<ParameterSpec, 1> inductor_params{
    {{"L", "H", 0.0, inf, ParameterScale::log, "inductance L (H)"}}};
constexpr std::array<ParameterSpec, 2> cpe_params{
    {{"Q", "S s^n", 0.0, inf, ParameterScale::log, "CPE coefficient Q (S s^n = F s^(n-1))"},
     {"n", "1", 0.0, 1.0, ParameterScale::linear, "CPE exponent n (1: capacitor, 0: resistor)"}}};
constexpr std::array<ParameterSpec, 1> warburg_params{
    {{"sigma", "ohm s^-1/2", 0.0, inf, ParameterScale::log, "Warburg coefficient sigma_W"}}};
constexpr std::array<ParameterSpec, 2> finite_warburg_params{
    {{"Z0", "ohm", 0.0, inf, ParameterScale::log, "diffusion resistance Z0 (ohm)"},
     {"tau", "s", 0.0, inf, ParameterScale::log, "diffusion time constant tau = l^2/D (s)"}}};
constexpr std::array<ParameterSpec, 2> gerischer_params{
    {{"R_G", "ohm", 0.0, inf, ParameterScale::log, "Gerischer resistance R_G (ohm)"},
     {"t_G", "s", 0.0, inf, ParameterScale::log, "Gerischer time constant t_G = 1/k (s)"}}};
constexpr std::array<ParameterSpec, 3> zarc_params{
    {{"R", "ohm", 0.0, inf, ParameterScale::log, "arc resistance R (ohm)"},
     {"tau", "s", 0.0, inf, ParameterScale::log, "time constant tau = (RQ)^(1/n) (s)"},
     {"n", "1", 0.0, 1.0, ParameterScale::linear, "exponent n (1: ideal RC)"}}};
constexpr std::array<ParameterSpec, 4> hn_params{
    {{"R", "ohm", 0.0, inf, ParameterScale::log, "relaxation resistance R (ohm)"},
     {"tau", "s", 0.0, inf, ParameterScale::log, "time constant tau (s)"},
     {"alpha", "1", 0.0, 1.0, ParameterScale::linear, "symmetric broadening alpha"},
     {"beta", "1", 0.0, 1.0, ParameterScale::linear, "asymmetric broadening beta"}}};

const std::array<ElementInfo, element_kind_count> infos{{
    {ElementKind::resistor, "R", 'R', "R", resistor_params, "resistor", "Z = R"},
    {ElementKind::capacitor, "C", 'C', "C", capacitor_params, "capacitor", "Z = 1/(j w C)"},
    {ElementKind::inductor, "L", 'L', "L", inductor_params, "inductor", "Z = j w L"},
    {ElementKind::cpe, "CPE", 'Q', "Q", cpe_params, "constant-phase element", "Z = 1/(Q (j w)^n)"},
    {ElementKind::warburg,
     "W",
     'W',
     "W",
     warburg_params,
     "semi-infinite Warburg",
     "Z = sigma (1 - j)/sqrt(w)"},
    {ElementKind::warburg_short,
     "Ws",
     'T',
     "T",
     finite_warburg_params,
     "finite-length Warburg, transmissive (short)",
     "Z = Z0 tanh(sqrt(j w tau))/sqrt(j w tau)"},
    {ElementKind::warburg_open,
     "Wo",
     'O',
     "O",
     finite_warburg_params,
     "finite-space Warburg, reflective (open)",
     "Z = Z0 coth(sqrt(j w tau))/sqrt(j w tau)"},
    {ElementKind::gerischer,
     "G",
     'G',
     "G",
     gerischer_params,
     "Gerischer",
     "Z = R_G/sqrt(1 + j w t_G)"},
    {ElementKind::zarc,
     "Zarc",
     0,
     "Zarc",
     zarc_params,
     "ZARC (Cole-Cole, R || CPE)",
     "Z = R/(1 + (j w tau)^n)"},
    {ElementKind::havriliak_negami,
     "Ha",
     0,
     "Ha",
     hn_params,
     "Havriliak-Negami",
     "Z = R/(1 + (j w tau)^alpha)^beta"},
}};

}  // namespace

const ElementInfo& element_info(ElementKind kind) noexcept {
  return infos[static_cast<std::size_t>(kind)];
}

std::string_view to_string(ElementKind kind) noexcept {
  switch (kind) {
    case ElementKind::resistor:
      return "resistor";
    case ElementKind::capacitor:
      return "capacitor";
    case ElementKind::inductor:
      return "inductor";
    case ElementKind::cpe:
      return "cpe";
    case ElementKind::warburg:
      return "warburg";
    case ElementKind::warburg_short:
      return "warburg_short";
    case ElementKind::warburg_open:
      return "warburg_open";
    case ElementKind::gerischer:
      return "gerischer";
    case ElementKind::zarc:
      return "zarc";
    case ElementKind::havriliak_negami:
      return "havriliak_negami";
  }
  return "unknown";
}

std::optional<ElementKind> element_kind_from_impedance_py_name(std::string_view name) noexcept {
  for (const auto& info : infos) {
    if (info.impedance_py_name == name) {
      return info.kind;
    }
  }
  if (name == "HN") {
    return ElementKind::havriliak_negami;
  }
  return std::nullopt;
}

std::optional<ElementKind> element_kind_from_cdc_name(std::string_view name) noexcept {
  for (const auto& info : infos) {
    if (info.cdc_name == name) {
      return info.kind;
    }
  }
  // pyimpspec spells the finite-length Warburgs Ws and Wo (METHODS.md §2.1).
  if (name == "Ws") {
    return ElementKind::warburg_short;
  }
  if (name == "Wo") {
    return ElementKind::warburg_open;
  }
  return std::nullopt;
}

Complex element_impedance(ElementKind kind,
                          double omega_rad_s,
                          std::span<const double> params,
                          std::span<Complex> dz_dp) noexcept {
  const std::size_t count = element_info(kind).parameters.size();
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  if (params.size() != count || (!dz_dp.empty() && dz_dp.size() != count)) {
    for (auto& d : dz_dp) {
      d = {nan, nan};
    }
    return {nan, nan};
  }
  const double ln_omega = std::log(omega_rad_s);
  const detail::Block block{&omega_rad_s, &ln_omega, 1};
  double zr = 0.0;
  double zi = 0.0;
  std::array<double, 4> dr_values{};
  std::array<double, 4> di_values{};
  std::array<double*, 4> dr{&dr_values[0], &dr_values[1], &dr_values[2], &dr_values[3]};
  std::array<double*, 4> di{&di_values[0], &di_values[1], &di_values[2], &di_values[3]};
  const bool with_derivatives = !dz_dp.empty();
  detail::element_kernel(kind,
                         block,
                         params.data(),
                         &zr,
                         &zi,
                         with_derivatives ? dr.data() : nullptr,
                         with_derivatives ? di.data() : nullptr);
  for (std::size_t k = 0; k < dz_dp.size(); ++k) {
    dz_dp[k] = {dr_values[k], di_values[k]};
  }
  return {zr, zi};
}

namespace detail {
namespace {

using std::size_t;
using Array = Eigen::Map<Eigen::ArrayXd>;
using ConstArray = Eigen::Map<const Eigen::ArrayXd>;

// The block's precomputed constants when the evaluator supplies them, else computed here.
PhaseConstants phase_constants(ElementKind kind, const Block& b, const double* p) noexcept {
  return b.constants != nullptr ? *b.constants : compute_phase_constants(kind, p);
}

void resistor(const Block& b,
              const double* p,
              double* zr,
              double* zi,
              double* const* dr,
              double* const* di) noexcept {
  const auto count = static_cast<Eigen::Index>(b.n);
  Array(zr, count).setConstant(p[0]);
  Array(zi, count).setZero();
  if (dr != nullptr) {
    Array(dr[0], count).setOnes();
    Array(di[0], count).setZero();
  }
}

// Z = 1/(jωC) = −j/(ωC); ∂Z/∂C = −Z/C (METHODS.md §3.3).
void capacitor(const Block& b,
               const double* p,
               double* zr,
               double* zi,
               double* const* dr,
               double* const* di) noexcept {
  const double c = p[0];
  for (size_t i = 0; i < b.n; ++i) {
    zr[i] = 0.0;
    zi[i] = -1.0 / (b.omega[i] * c);
  }
  if (dr != nullptr) {
    for (size_t i = 0; i < b.n; ++i) {
      dr[0][i] = 0.0;
      di[0][i] = -zi[i] / c;
    }
  }
}

// Z = jωL; ∂Z/∂L = jω.
void inductor(const Block& b,
              const double* p,
              double* zr,
              double* zi,
              double* const* dr,
              double* const* di) noexcept {
  const double l = p[0];
  for (size_t i = 0; i < b.n; ++i) {
    zr[i] = 0.0;
    zi[i] = b.omega[i] * l;
  }
  if (dr != nullptr) {
    for (size_t i = 0; i < b.n; ++i) {
      dr[0][i] = 0.0;
      di[0][i] = b.omega[i];
    }
  }
}

// Z = 1/(Q (jω)^n) = exp(−n ln ω − ln Q)·e^{−jnπ/2}, polar form (METHODS.md §1.3 item 1);
// ∂Z/∂Q = −Z/Q, ∂Z/∂n = −Z (ln ω + jπ/2) (§3.3).
void cpe(const Block& b,
         const double* p,
         double* zr,
         double* zi,
         double* const* dr,
         double* const* di) noexcept {
  const double q = p[0];
  const double n = p[1];
  const PhaseConstants k = phase_constants(ElementKind::cpe, b, p);
  const double ln_q = k.ln_scale;
  const double c = k.cos_half_pi;
  const double s = k.sin_half_pi;
  const auto count = static_cast<Eigen::Index>(b.n);
  const ConstArray ln_omega(b.ln_omega, count);
  Array z_re(zr, count);
  Array z_im(zi, count);
  z_re = -n * ln_omega - ln_q;
  vector_exp(zr, zr, b.n);  // |Z| = exp(−n ln ω − ln Q)
  z_im = z_re * (-s);
  z_re *= c;
  if (dr != nullptr) {
    const double minus_inv_q = -1.0 / q;
    Array(dr[0], count) = z_re * minus_inv_q;
    Array(di[0], count) = z_im * minus_inv_q;
    Array(dr[1], count) = z_im * half_pi - z_re * ln_omega;
    Array(di[1], count) = -(z_re * half_pi + z_im * ln_omega);
  }
}

// Z = σ (1 − j)/√ω; ∂Z/∂σ = (1 − j)/√ω.
void warburg(const Block& b,
             const double* p,
             double* zr,
             double* zi,
             double* const* dr,
             double* const* di) noexcept {
  const double sigma = p[0];
  for (size_t i = 0; i < b.n; ++i) {
    const double g = 1.0 / std::sqrt(b.omega[i]);
    zr[i] = sigma * g;
    zi[i] = -sigma * g;
    if (dr != nullptr) {
      dr[0][i] = g;
      di[0][i] = -g;
    }
  }
}

// Below this |u| = ωτ the finite-length Warburgs use their series in u = x² = jωτ: the closed
// forms lose ~1e-16/|u| relative precision to cancellation (METHODS.md §1.3 item 3). With terms
// up to u^6 the truncation error at |u| = 1e-2 is below 1e-15.
constexpr double finite_warburg_series_limit = 1e-2;

// tanh(x)/x = Σ c_k u^k with u = x² (Taylor series of tanh).
constexpr std::array<double, 7> tanh_over_x_series{1.0,
                                                   -1.0 / 3.0,
                                                   2.0 / 15.0,
                                                   -17.0 / 315.0,
                                                   62.0 / 2835.0,
                                                   -1382.0 / 155925.0,
                                                   21844.0 / 6081075.0};
// coth(x)/x − 1/u = Σ d_k u^k (Laurent series of coth).
constexpr std::array<double, 7> coth_over_x_series{1.0 / 3.0,
                                                   -1.0 / 45.0,
                                                   2.0 / 945.0,
                                                   -1.0 / 4725.0,
                                                   2.0 / 93555.0,
                                                   -1382.0 / 638512875.0,
                                                   4.0 / 18243225.0};

template <std::size_t K>
void series(const std::array<double, K>& c,
            std::complex<double> u,
            std::complex<double>& value,
            std::complex<double>& derivative) noexcept {
  value = c[K - 1];
  derivative = 0.0;
  for (std::size_t k = K - 1; k-- > 0;) {
    derivative = derivative * u + value;
    value = value * u + c[k];
  }
}

// Ws: Z = Z0 tanh(x)/x with x = √(jωτ) = √(ωτ/2)(1 + j).
// ∂Z/∂Z0 = tanh(x)/x; ∂Z/∂τ = Z0/(2τ)·(sech²x − tanh(x)/x) (METHODS.md §3.3), or, on the
// series branch, Z0·u·g'(u)/τ. tanh and sech² use e^{−2x} (Re x > 0), which cannot overflow.
void warburg_short(const Block& b,
                   const double* p,
                   double* zr,
                   double* zi,
                   double* const* dr,
                   double* const* di) noexcept {
  const double z0 = p[0];
  const double tau = p[1];
  for (size_t i = 0; i < b.n; ++i) {
    const double wt = b.omega[i] * tau;
    std::complex<double> g;
    std::complex<double> dg_dtau;
    if (wt < finite_warburg_series_limit) {
      const std::complex<double> u{0.0, wt};
      std::complex<double> dg_du;
      series(tanh_over_x_series, u, g, dg_du);
      dg_dtau = u * dg_du / tau;
    } else {
      const double a = std::sqrt(0.5 * wt);
      const std::complex<double> x{a, a};
      const std::complex<double> e = std::exp(-2.0 * x);
      const std::complex<double> t = (1.0 - e) / (1.0 + e);
      const std::complex<double> sech2 = 4.0 * e / ((1.0 + e) * (1.0 + e));
      g = t / x;
      dg_dtau = (sech2 - g) / (2.0 * tau);
    }
    zr[i] = z0 * g.real();
    zi[i] = z0 * g.imag();
    if (dr != nullptr) {
      dr[0][i] = g.real();
      di[0][i] = g.imag();
      dr[1][i] = z0 * dg_dtau.real();
      di[1][i] = z0 * dg_dtau.imag();
    }
  }
}

// Wo: Z = Z0 coth(x)/x; ∂Z/∂τ = −Z0/(2τ)·(csch²x + coth(x)/x), or Z0·u·h'(u)/τ on the series
// branch where h(u) = 1/u + Σ d_k u^k.
void warburg_open(const Block& b,
                  const double* p,
                  double* zr,
                  double* zi,
                  double* const* dr,
                  double* const* di) noexcept {
  const double z0 = p[0];
  const double tau = p[1];
  for (size_t i = 0; i < b.n; ++i) {
    const double wt = b.omega[i] * tau;
    std::complex<double> h;
    std::complex<double> dh_dtau;
    if (wt < finite_warburg_series_limit) {
      const std::complex<double> u{0.0, wt};
      std::complex<double> s;
      std::complex<double> ds;
      series(coth_over_x_series, u, s, ds);
      const std::complex<double> inv_u{0.0, -1.0 / wt};
      h = inv_u + s;
      // u·h'(u) = −1/u + u·s'(u)
      dh_dtau = (-inv_u + u * ds) / tau;
    } else {
      const double a = std::sqrt(0.5 * wt);
      const std::complex<double> x{a, a};
      const std::complex<double> e = std::exp(-2.0 * x);
      const std::complex<double> coth = (1.0 + e) / (1.0 - e);
      const std::complex<double> csch2 = 4.0 * e / ((1.0 - e) * (1.0 - e));
      h = coth / x;
      dh_dtau = -(csch2 + h) / (2.0 * tau);
    }
    zr[i] = z0 * h.real();
    zi[i] = z0 * h.imag();
    if (dr != nullptr) {
      dr[0][i] = h.real();
      di[0][i] = h.imag();
      dr[1][i] = z0 * dh_dtau.real();
      di[1][i] = z0 * dh_dtau.imag();
    }
  }
}

// Z = R_G/√(1 + jv), v = ω t_G, in polar form: |1 + jv|^{−1/2} e^{−j atan(v)/2}
// (METHODS.md §1.3 item 2). ∂Z/∂t_G = −Z·jω/(2(1 + jv)) = −Z·ω(v + j)/(2(1 + v²)).
void gerischer(const Block& b,
               const double* p,
               double* zr,
               double* zi,
               double* const* dr,
               double* const* di) noexcept {
  const double r = p[0];
  const double t = p[1];
  for (size_t i = 0; i < b.n; ++i) {
    const double v = b.omega[i] * t;
    const double unit_mag = 1.0 / std::sqrt(std::hypot(1.0, v));
    const double phi = 0.5 * std::atan(v);
    const double ur = unit_mag * std::cos(phi);
    const double ui = -unit_mag * std::sin(phi);
    zr[i] = r * ur;
    zi[i] = r * ui;
    if (dr != nullptr) {
      dr[0][i] = ur;
      di[0][i] = ui;
      const double f = b.omega[i] / (2.0 * (1.0 + v * v));
      const double fr = f * v;
      const double fi = f;
      dr[1][i] = -(zr[i] * fr - zi[i] * fi);
      di[1][i] = -(zr[i] * fi + zi[i] * fr);
    }
  }
}

// Z = R/(1 + u), u = (jωτ)^n = exp(n ln(ωτ))·e^{jnπ/2} (METHODS.md §1.3 item 1).
// ∂Z/∂R = 1/(1 + u); ∂Z/∂τ = −Z·(n/τ)·u/(1 + u); ∂Z/∂n = −Z·(ln(ωτ) + jπ/2)·u/(1 + u) (§3.3).
void zarc(const Block& b,
          const double* p,
          double* zr,
          double* zi,
          double* const* dr,
          double* const* di) noexcept {
  const double r = p[0];
  const double tau = p[1];
  const double n = p[2];
  const PhaseConstants k = phase_constants(ElementKind::zarc, b, p);
  const double ln_tau = k.ln_scale;
  const double c = k.cos_half_pi;
  const double s = k.sin_half_pi;
  for (size_t i = 0; i < b.n; ++i) {
    zr[i] = n * (b.ln_omega[i] + ln_tau);
  }
  vector_exp(zr, zr, b.n);  // |u| = exp(n ln(ωτ))
  const double n_over_tau = n / tau;
  for (size_t i = 0; i < b.n; ++i) {
    const double l = b.ln_omega[i] + ln_tau;
    const double m = zr[i];
    const double ur = m * c;
    const double ui = m * s;
    const double dre = 1.0 + ur;  // ≥ 1: Re u ≥ 0 for 0 ≤ n ≤ 1
    const double den = dre * dre + ui * ui;
    const double inv_r = dre / den;
    const double inv_i = -ui / den;
    zr[i] = r * inv_r;
    zi[i] = r * inv_i;
    if (dr != nullptr) {
      dr[0][i] = inv_r;
      di[0][i] = inv_i;
      // g = u/(1 + u), computed as a product so that it keeps its precision for tiny u
      const double gr = ur * inv_r - ui * inv_i;
      const double gi = ur * inv_i + ui * inv_r;
      const double zgr = zr[i] * gr - zi[i] * gi;
      const double zgi = zr[i] * gi + zi[i] * gr;
      dr[1][i] = -zgr * n_over_tau;
      di[1][i] = -zgi * n_over_tau;
      dr[2][i] = -(zgr * l - zgi * half_pi);
      di[2][i] = -(zgr * half_pi + zgi * l);
    }
  }
}

// Z = R/(1 + u)^β = R·exp(−β ln w), w = 1 + u, principal branch via the polar form
// (METHODS.md §1.3 item 2); ln|w| uses log1p when |u| is small so tiny u keep their precision.
// ∂Z/∂R = Z/R; ∂Z/∂β = −Z ln w; ∂Z/∂τ = −βZ·(α/τ)·u/w; ∂Z/∂α = −βZ·(ln(ωτ) + jπ/2)·u/w.
void havriliak_negami(const Block& b,
                      const double* p,
                      double* zr,
                      double* zi,
                      double* const* dr,
                      double* const* di) noexcept {
  const double r = p[0];
  const double tau = p[1];
  const double alpha = p[2];
  const double beta = p[3];
  const PhaseConstants k = phase_constants(ElementKind::havriliak_negami, b, p);
  const double ln_tau = k.ln_scale;
  const double c = k.cos_half_pi;
  const double s = k.sin_half_pi;
  for (size_t i = 0; i < b.n; ++i) {
    const double l = b.ln_omega[i] + ln_tau;
    const double m = std::exp(alpha * l);
    const double ur = m * c;
    const double ui = m * s;
    const double wr = 1.0 + ur;
    const double ln_abs_w =
        m < 0.5 ? 0.5 * std::log1p(ur * (2.0 + ur) + ui * ui) : std::log(std::hypot(wr, ui));
    const double arg_w = std::atan2(ui, wr);
    const double unit_mag = std::exp(-beta * ln_abs_w);
    const double er = unit_mag * std::cos(beta * arg_w);
    const double ei = -unit_mag * std::sin(beta * arg_w);
    zr[i] = r * er;
    zi[i] = r * ei;
    if (dr != nullptr) {
      dr[0][i] = er;
      di[0][i] = ei;
      dr[3][i] = -(zr[i] * ln_abs_w - zi[i] * arg_w);
      di[3][i] = -(zr[i] * arg_w + zi[i] * ln_abs_w);
      const double den = wr * wr + ui * ui;
      const double qr = (ur * wr + ui * ui) / den;  // u/w
      const double qi = (ui * wr - ur * ui) / den;
      const double zqr = beta * (zr[i] * qr - zi[i] * qi);
      const double zqi = beta * (zr[i] * qi + zi[i] * qr);
      dr[1][i] = -zqr * alpha / tau;
      di[1][i] = -zqi * alpha / tau;
      dr[2][i] = -(zqr * l - zqi * half_pi);
      di[2][i] = -(zqr * half_pi + zqi * l);
    }
  }
}

}  // namespace

void element_admittance_kernel(
    ElementKind kind, const Block& b, const double* p, double* yr, double* yi) noexcept {
  const auto count = static_cast<Eigen::Index>(b.n);
  Array y_re(yr, count);
  Array y_im(yi, count);
  switch (kind) {
    case ElementKind::resistor:
      y_re.setConstant(1.0 / p[0]);
      y_im.setZero();
      return;
    case ElementKind::capacitor:
      y_re.setZero();
      y_im = ConstArray(b.omega, count) * p[0];
      return;
    case ElementKind::cpe: {
      const double n = p[1];
      const PhaseConstants k = phase_constants(ElementKind::cpe, b, p);
      const double c = k.cos_half_pi;
      const double s = k.sin_half_pi;
      y_re = n * ConstArray(b.ln_omega, count) + k.ln_scale;
      vector_exp(yr, yr, b.n);  // |Y| = exp(n ln ω + ln Q)
      y_im = y_re * s;
      y_re *= c;
      return;
    }
    default:  // not called for other kinds (has_admittance_kernel)
      y_re.setConstant(std::numeric_limits<double>::quiet_NaN());
      y_im.setConstant(std::numeric_limits<double>::quiet_NaN());
      return;
  }
}

void element_kernel(ElementKind kind,
                    const Block& block,
                    const double* params,
                    double* zr,
                    double* zi,
                    double* const* dr,
                    double* const* di) noexcept {
  switch (kind) {
    case ElementKind::resistor:
      resistor(block, params, zr, zi, dr, di);
      return;
    case ElementKind::capacitor:
      capacitor(block, params, zr, zi, dr, di);
      return;
    case ElementKind::inductor:
      inductor(block, params, zr, zi, dr, di);
      return;
    case ElementKind::cpe:
      cpe(block, params, zr, zi, dr, di);
      return;
    case ElementKind::warburg:
      warburg(block, params, zr, zi, dr, di);
      return;
    case ElementKind::warburg_short:
      warburg_short(block, params, zr, zi, dr, di);
      return;
    case ElementKind::warburg_open:
      warburg_open(block, params, zr, zi, dr, di);
      return;
    case ElementKind::gerischer:
      gerischer(block, params, zr, zi, dr, di);
      return;
    case ElementKind::zarc:
      zarc(block, params, zr, zi, dr, di);
      return;
    case ElementKind::havriliak_negami:
      havriliak_negami(block, params, zr, zi, dr, di);
      return;
  }
}

}  // namespace detail
}  // namespace eis
