// The compiled circuit evaluator (METHODS.md §1.3 items 4–5, §3.3): post-order program over
// per-node scratch slots in structure-of-arrays layout, frequencies in blocks of block_size.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <random>
#include <string>
#include <utility>

#include <Eigen/Core>

#include <eis/circuit/evaluate.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>

#include "../detail/angular_frequency.hpp"
#include "../elements/kernels.hpp"

namespace eis {
namespace {

constexpr std::size_t B = CircuitEvaluator::block_size;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

using Instruction = CircuitEvaluator::Instruction;
using NodeType = Circuit::NodeType;

std::size_t compile(const Circuit& circuit,
                    const Circuit::Node& node,
                    std::vector<Instruction>& program,
                    std::vector<std::size_t>& children) {
  if (node.type == NodeType::element) {
    const auto& e = circuit.elements()[node.element];
    program.push_back({NodeType::element,
                       e.kind,
                       program.size(),
                       e.first_parameter,
                       e.parameter_count,
                       0,
                       0,
                       false});
    return program.size() - 1;
  }
  std::vector<std::size_t> mine;
  mine.reserve(node.children.size());
  for (const auto& child : node.children) {
    mine.push_back(compile(circuit, child, program, children));
  }
  Instruction instruction{
      node.type, ElementKind::resistor, program.size(), 0, 0, children.size(), mine.size(), false};
  if (!mine.empty()) {
    instruction.first_parameter = program[mine.front()].first_parameter;
    for (const auto c : mine) {
      instruction.parameter_count += program[c].parameter_count;
    }
  }
  // METHODS.md §1.3 item 4: in a parallel group, R, C and CPE give their admittance directly
  // (Y = 1/R, jωC, Q(jω)^n), which saves a complex reciprocal per child and point.
  if (node.type == NodeType::parallel) {
    for (const auto c : mine) {
      program[c].admittance =
          program[c].type == NodeType::element && detail::has_admittance_kernel(program[c].kind);
    }
  }
  children.insert(children.end(), mine.begin(), mine.end());
  program.push_back(instruction);
  return program.size() - 1;
}

// 1/(a + jb) with scaling, so that neither overflow nor underflow of a² + b² can occur.
// Returns false for a zero input (the caller's short-circuit guard); ∞ maps to 0.
inline bool reciprocal(double a, double b, double& ra, double& rb) noexcept {
  const double s = std::max(std::abs(a), std::abs(b));
  if (s == 0.0) {
    ra = inf;
    rb = 0.0;
    return false;
  }
  if (s == inf) {
    ra = 0.0;
    rb = 0.0;
    return true;
  }
  const double as = a / s;
  const double bs = b / s;
  const double d = s * (as * as + bs * bs);
  ra = as / d;
  rb = -bs / d;
  return true;
}

constexpr double smallest_normal = std::numeric_limits<double>::min();
constexpr double largest = std::numeric_limits<double>::max();

using Array = Eigen::Map<Eigen::ArrayXd>;
using ConstArray = Eigen::Map<const Eigen::ArrayXd>;

// True if every d[i] is a normal finite number (not zero, subnormal, ∞ or NaN): the minimum
// catches zero and subnormals, the sum is not finite if some value is ∞ or NaN (or the sum
// overflows, which only sends a harmless block down the guarded path).
inline bool all_normal(const Array& d) noexcept {
  return d.minCoeff() >= smallest_normal && std::isfinite(d.sum());
}

// Y = Σ 1/Z_k and Z = 1/Y for one parallel node over a block, without guards, in Eigen array
// expressions (vectorised); children flagged `admittance` contribute Y_k from yslots. Returns
// false (outputs then unspecified) if some |Z_k|² or |Y|² is not a normal finite number.
bool parallel_fast(const std::vector<Instruction>& program,
                   const std::size_t* kids,
                   std::size_t child_count,
                   const double* slots,
                   const double* yslots,
                   std::size_t n,
                   double* yr,
                   double* yi,
                   double* zr,
                   double* zi) noexcept {
  const auto count = static_cast<Eigen::Index>(n);
  Array y_re(yr, count);
  Array y_im(yi, count);
  Array inv(zr, count);  // zr doubles as the temporary 1/|Z_k|²
  for (std::size_t c = 0; c < child_count; ++c) {
    const bool admittance = program[kids[c]].admittance;
    const double* const cr = (admittance ? yslots : slots) + 2 * B * program[kids[c]].slot;
    const ConstArray c_re(cr, count);
    const ConstArray c_im(cr + B, count);
    if (admittance) {
      // The slot holds Y_k itself (checked through |Y|² below).
      if (c == 0) {
        y_re = c_re;
        y_im = c_im;
      } else {
        y_re += c_re;
        y_im += c_im;
      }
      continue;
    }
    inv = c_re.square() + c_im.square();
    if (!all_normal(inv)) {
      return false;
    }
    inv = inv.inverse();
    if (c == 0) {
      y_re = c_re * inv;
      y_im = -c_im * inv;
    } else {
      y_re += c_re * inv;
      y_im -= c_im * inv;
    }
  }
  inv = y_re.square() + y_im.square();
  if (!all_normal(inv)) {
    return false;
  }
  inv = inv.inverse();
  Array(zi, count) = -y_im * inv;
  inv = y_re * inv;  // zr = Re(1/Y), in place
  return true;
}

// ∂Z/∂p = (Z/Z_k)² ∂Z_k/∂p for p in branch k (METHODS.md §3.3), after parallel_fast()
// succeeded (so every 1/Z_k is safe to form without guards). fr, fi: scratch of n values.
void parallel_jacobian_fast(const std::vector<Instruction>& program,
                            const std::size_t* kids,
                            std::size_t child_count,
                            const double* slots,
                            double* rows,
                            std::size_t n,
                            const double* zr,
                            const double* zi,
                            double* fr,
                            double* fi) noexcept {
  const auto count = static_cast<Eigen::Index>(n);
  const ConstArray z_re(zr, count);
  const ConstArray z_im(zi, count);
  Array f_re(fr, count);
  Array f_im(fi, count);
  for (std::size_t c = 0; c < child_count; ++c) {
    const auto& child = program[kids[c]];
    const double* const cr = slots + 2 * B * child.slot;
    const ConstArray c_re(cr, count);
    const ConstArray c_im(cr + B, count);
    // q = Z/Z_k = Z·conj(Z_k)/|Z_k|², factor = q²
    f_im = (c_re.square() + c_im.square()).inverse();
    f_re = (z_re * c_re + z_im * c_im) * f_im;  // Re q
    f_im = (z_im * c_re - z_re * c_im) * f_im;  // Im q
    for (std::size_t i = 0; i < n; ++i) {
      const double qr = fr[i];
      const double qi = fi[i];
      fr[i] = qr * qr - qi * qi;
      fi[i] = 2.0 * qr * qi;
    }
    for (std::size_t k = child.first_parameter; k < child.first_parameter + child.parameter_count;
         ++k) {
      double* const jr = rows + 2 * B * k;
      // (a + jb)(f_re + j f_im)
      for (std::size_t i = 0; i < n; ++i) {
        const double a = jr[i];
        const double b = jr[B + i];
        jr[i] = a * fr[i] - b * fi[i];
        jr[B + i] = a * fi[i] + b * fr[i];
      }
    }
  }
}

}  // namespace

CircuitEvaluator::CircuitEvaluator(Circuit circuit) : circuit_(std::move(circuit)) {
  compile(circuit_, circuit_.root(), program_, children_);
  slot_count_ = program_.size();
  // ln ω | slots (re, im) | Jacobian rows (re, im) | parallel temporaries (Y re, Y im, zeros)
  // ... | per-slot phase constants (cos, sin, ln; see detail::PhaseConstants)
  // | admittance slots (re, im) of the elements flagged `admittance`
  scratch_.assign(B * (1 + 4 * slot_count_ + 2 * circuit_.parameter_count() + 3) + 3 * slot_count_,
                  0.0);
}

void compute_log_omega(std::span<const double> omega_rad_s, std::span<double> ln_omega) noexcept {
  if (ln_omega.size() != omega_rad_s.size()) {
    std::fill(ln_omega.begin(), ln_omega.end(), nan);
    return;
  }
  // Block by block as run() does: vector_log falls back to std::log for a whole block.
  for (std::size_t start = 0; start < omega_rad_s.size(); start += B) {
    const std::size_t n = std::min(B, omega_rad_s.size() - start);
    detail::vector_log(omega_rad_s.data() + start, ln_omega.data() + start, n);
  }
}

void CircuitEvaluator::evaluate(std::span<const double> omega_rad_s,
                                std::span<const double> params,
                                std::span<Complex> z) noexcept {
  run(omega_rad_s, nullptr, params, z, {}, false);
}

void CircuitEvaluator::evaluate_log_omega(std::span<const double> omega_rad_s,
                                          std::span<const double> ln_omega,
                                          std::span<const double> params,
                                          std::span<Complex> z) noexcept {
  if (ln_omega.size() != omega_rad_s.size()) {
    std::fill(z.begin(), z.end(), Complex{nan, nan});
    return;
  }
  run(omega_rad_s, ln_omega.data(), params, z, {}, false);
}

void CircuitEvaluator::evaluate_log_omega(std::span<const double> omega_rad_s,
                                          std::span<const double> ln_omega,
                                          std::span<const double> params,
                                          std::span<Complex> z,
                                          std::span<Complex> jacobian) noexcept {
  if (ln_omega.size() != omega_rad_s.size()) {
    std::fill(z.begin(), z.end(), Complex{nan, nan});
    std::fill(jacobian.begin(), jacobian.end(), Complex{nan, nan});
    return;
  }
  run(omega_rad_s, ln_omega.data(), params, z, jacobian, true);
}

void CircuitEvaluator::evaluate(std::span<const double> omega_rad_s,
                                std::span<const double> params,
                                std::span<Complex> z,
                                std::span<Complex> jacobian) noexcept {
  run(omega_rad_s, nullptr, params, z, jacobian, true);
}

void CircuitEvaluator::run(std::span<const double> omega_rad_s,
                           const double* ln_omega_all,
                           std::span<const double> params,
                           std::span<Complex> z,
                           std::span<Complex> jacobian,
                           bool with_jacobian) noexcept {
  const std::size_t n_total = omega_rad_s.size();
  const std::size_t p_total = circuit_.parameter_count();
  if (z.size() != n_total || params.size() != p_total ||
      (with_jacobian && jacobian.size() != n_total * p_total)) {
    std::fill(z.begin(), z.end(), Complex{nan, nan});
    std::fill(jacobian.begin(), jacobian.end(), Complex{nan, nan});
    return;
  }
  double* const ln_omega = scratch_.data();
  double* const slots = ln_omega + B;
  double* const rows = slots + 2 * B * slot_count_;
  double* const yr = rows + 2 * B * p_total;
  double* const yi = yr + B;
  double* const zeros = yi + B;
  const auto slot_re = [&](std::size_t s) { return slots + 2 * B * s; };
  const auto slot_im = [&](std::size_t s) { return slots + 2 * B * s + B; };
  const auto row_re = [&](std::size_t k) { return rows + 2 * B * k; };
  const auto row_im = [&](std::size_t k) { return rows + 2 * B * k + B; };

  // cos, sin and ln of the phase elements' parameters, once per call rather than per block.
  double* const constants = zeros + B;
  double* const yslots = constants + 3 * slot_count_;
  for (const auto& ins : program_) {
    if (ins.type == NodeType::element) {
      const auto k = detail::compute_phase_constants(ins.kind, params.data() + ins.first_parameter);
      constants[3 * ins.slot] = k.cos_half_pi;
      constants[3 * ins.slot + 1] = k.sin_half_pi;
      constants[3 * ins.slot + 2] = k.ln_scale;
    }
  }
  for (std::size_t start = 0; start < n_total; start += B) {
    const std::size_t n = std::min(B, n_total - start);
    const double* const omega = omega_rad_s.data() + start;
    const double* block_ln_omega = ln_omega_all != nullptr ? ln_omega_all + start : ln_omega;
    if (ln_omega_all == nullptr) {
      detail::vector_log(omega, ln_omega, n);
    }
    const detail::Block blank{omega, block_ln_omega, n, nullptr};

    for (const auto& ins : program_) {
      double* const zr = slot_re(ins.slot);
      double* const zi = slot_im(ins.slot);
      if (ins.type == NodeType::element) {
        const detail::PhaseConstants phase{
            constants[3 * ins.slot], constants[3 * ins.slot + 1], constants[3 * ins.slot + 2]};
        detail::Block block = blank;
        block.constants = &phase;
        std::array<double*, 4> dr{};
        std::array<double*, 4> di{};
        for (std::size_t k = 0; k < ins.parameter_count && k < dr.size(); ++k) {
          dr[k] = row_re(ins.first_parameter + k);
          di[k] = row_im(ins.first_parameter + k);
        }
        if (ins.admittance) {
          // Y for the parent parallel group (the same values with and without the Jacobian,
          // so Z is bitwise the same); Z and ∂Z/∂p only when the Jacobian is wanted.
          double* const ar = yslots + 2 * B * ins.slot;
          detail::element_admittance_kernel(
              ins.kind, block, params.data() + ins.first_parameter, ar, ar + B);
          if (!with_jacobian) {
            continue;
          }
        }
        detail::element_kernel(ins.kind,
                               block,
                               params.data() + ins.first_parameter,
                               zr,
                               zi,
                               with_jacobian ? dr.data() : nullptr,
                               with_jacobian ? di.data() : nullptr);
        continue;
      }
      const std::size_t* const kids = children_.data() + ins.first_child;
      if (ins.type == NodeType::series) {
        // METHODS.md §3.3: series Z = Σ Z_k; ∂Z/∂p = ∂Z_k/∂p, so the rows stay as they are.
        const auto count = static_cast<Eigen::Index>(n);
        Array sum_re(zr, count);
        Array sum_im(zi, count);
        for (std::size_t c = 0; c < ins.child_count; ++c) {
          const ConstArray c_re(slot_re(program_[kids[c]].slot), count);
          const ConstArray c_im(slot_im(program_[kids[c]].slot), count);
          if (c == 0) {
            sum_re = c_re;
            sum_im = c_im;
          } else {
            sum_re += c_re;
            sum_im += c_im;
          }
        }
        continue;
      }
      // Parallel (METHODS.md §1.3 item 4): Y = Σ 1/Z_k, Z = 1/Y. Fast path: when every |Z_k|²
      // and |Y|² of the block is a normal finite number, 1/Z = conj(Z)·(1/|Z|²) needs no
      // scaling and no branches, so the loops vectorise.
      if (parallel_fast(program_, kids, ins.child_count, slots, yslots, n, yr, yi, zr, zi)) {
        if (with_jacobian) {
          parallel_jacobian_fast(program_, kids, ins.child_count, slots, rows, n, zr, zi, yr, yi);
        }
        continue;
      }
      // Careful path: a zero-impedance branch short-circuits the group (Z = 0), an infinite
      // one drops out; reciprocals scaled against overflow and underflow.
      std::fill(yr, yr + n, 0.0);
      std::fill(yi, yi + n, 0.0);
      std::fill(zeros, zeros + n, 0.0);
      for (std::size_t c = 0; c < ins.child_count; ++c) {
        if (program_[kids[c]].admittance) {
          // Y_k of R, C, CPE: an infinite admittance shorts the group.
          const double* const cr = yslots + 2 * B * program_[kids[c]].slot;
          const double* const ci = cr + B;
          for (std::size_t i = 0; i < n; ++i) {
            if (std::isinf(cr[i]) || std::isinf(ci[i])) {
              zeros[i] += 1.0;
            } else {
              yr[i] += cr[i];
              yi[i] += ci[i];
            }
          }
          continue;
        }
        const double* const cr = slot_re(program_[kids[c]].slot);
        const double* const ci = slot_im(program_[kids[c]].slot);
        for (std::size_t i = 0; i < n; ++i) {
          double ar = 0.0;
          double ai = 0.0;
          if (reciprocal(cr[i], ci[i], ar, ai)) {
            yr[i] += ar;
            yi[i] += ai;
          } else {
            zeros[i] += 1.0;
          }
        }
      }
      for (std::size_t i = 0; i < n; ++i) {
        if (zeros[i] > 0.0) {
          zr[i] = 0.0;
          zi[i] = 0.0;
        } else {
          reciprocal(yr[i], yi[i], zr[i], zi[i]);
        }
      }
      if (!with_jacobian) {
        continue;
      }
      // ∂Z/∂p = (Z/Z_k)² ∂Z_k/∂p for p in branch k (METHODS.md §3.3); a shorted branch passes
      // its derivative through unchanged (factor 1), the others then have factor 0.
      for (std::size_t c = 0; c < ins.child_count; ++c) {
        const auto& child = program_[kids[c]];
        const double* const cr = slot_re(child.slot);
        const double* const ci = slot_im(child.slot);
        for (std::size_t i = 0; i < n; ++i) {
          double ar = 0.0;
          double ai = 0.0;
          double fr = 1.0;
          double fi = 0.0;
          if (reciprocal(cr[i], ci[i], ar, ai)) {
            const double qr = zr[i] * ar - zi[i] * ai;  // Z/Z_k
            const double qi = zr[i] * ai + zi[i] * ar;
            fr = qr * qr - qi * qi;
            fi = 2.0 * qr * qi;
          }
          yr[i] = fr;  // reuse the temporaries for the factor
          yi[i] = fi;
        }
        for (std::size_t k = child.first_parameter;
             k < child.first_parameter + child.parameter_count;
             ++k) {
          double* const jr = row_re(k);
          double* const ji = row_im(k);
          for (std::size_t i = 0; i < n; ++i) {
            const double a = jr[i];
            const double b = ji[i];
            jr[i] = a * yr[i] - b * yi[i];
            ji[i] = a * yi[i] + b * yr[i];
          }
        }
      }
    }

    const auto& root = program_.back();
    const double* const zr = slot_re(root.slot);
    const double* const zi = slot_im(root.slot);
    for (std::size_t i = 0; i < n; ++i) {
      z[start + i] = {zr[i], zi[i]};
    }
    if (with_jacobian) {
      for (std::size_t k = 0; k < p_total; ++k) {
        const double* const jr = row_re(k);
        const double* const ji = row_im(k);
        Complex* const out = jacobian.data() + k * n_total + start;
        for (std::size_t i = 0; i < n; ++i) {
          out[i] = {jr[i], ji[i]};
        }
      }
    }
  }
}

namespace {

std::vector<double> checked_omega(const Circuit& c,
                                  std::span<const double> frequency_hz,
                                  std::span<const double> params) {
  if (params.size() != c.parameter_count()) {
    std::string names;
    for (const auto& p : c.parameters()) {
      names += (names.empty() ? "" : ", ") + p.name;
    }
    throw InvalidArgument("circuit " + format_circuit(c) + " has " +
                          eis::detail::to_text(c.parameter_count()) + " parameters (" + names +
                          ") but " + eis::detail::to_text(params.size()) + " values were given");
  }
  for (std::size_t k = 0; k < params.size(); ++k) {
    if (!std::isfinite(params[k])) {
      throw InvalidArgument("parameter " + eis::detail::to_text(k + 1) + " (" +
                            c.parameters()[k].name + ") is not finite");
    }
  }
  return detail::checked_angular_frequencies(frequency_hz);
}

}  // namespace

std::vector<Complex> simulate(const Circuit& c,
                              std::span<const double> frequency_hz,
                              std::span<const double> params) {
  const auto omega = checked_omega(c, frequency_hz, params);
  std::vector<Complex> z(omega.size());
  CircuitEvaluator evaluator{c};
  evaluator.evaluate(omega, params, z);
  return z;
}

std::vector<Complex> simulate_with_noise(const Circuit& c,
                                         std::span<const double> frequency_hz,
                                         std::span<const double> params,
                                         const NoiseOptions& options) {
  if (!std::isfinite(options.relative_noise) || options.relative_noise < 0.0) {
    throw InvalidArgument("relative noise must be finite and >= 0, got " +
                          eis::detail::to_text(options.relative_noise));
  }
  auto z = simulate(c, frequency_hz, params);
  if (options.relative_noise == 0.0) {
    return z;
  }
  // Box–Muller on raw mt19937_64 output: std::normal_distribution is not specified exactly, so
  // it would give different numbers with different standard libraries.
  std::mt19937_64 engine{options.seed};
  constexpr double two_pow_minus_53 = 1.0 / 9007199254740992.0;
  for (auto& value : z) {
    const double u1 = static_cast<double>((engine() >> 11) + 1) * two_pow_minus_53;  // (0, 1]
    const double u2 = static_cast<double>(engine() >> 11) * two_pow_minus_53;        // [0, 1)
    const double radius = std::sqrt(-2.0 * std::log(u1));
    const double angle = 2.0 * std::numbers::pi * u2;
    const double sigma = options.relative_noise * std::abs(value);
    value += Complex{sigma * radius * std::cos(angle), sigma * radius * std::sin(angle)};
  }
  return z;
}

std::vector<double> log_spaced_frequencies_hz(double f_min_hz,
                                              double f_max_hz,
                                              int points_per_decade) {
  if (!std::isfinite(f_min_hz) || !std::isfinite(f_max_hz) || f_min_hz <= 0.0 ||
      f_max_hz < f_min_hz) {
    throw InvalidArgument("frequency range must satisfy 0 < f_min <= f_max (finite), got f_min = " +
                          eis::detail::to_text(f_min_hz) +
                          " Hz, f_max = " + eis::detail::to_text(f_max_hz) + " Hz");
  }
  if (points_per_decade < 1) {
    throw InvalidArgument("points per decade must be >= 1, got " +
                          eis::detail::to_text(points_per_decade));
  }
  const double decades = std::log10(f_max_hz / f_min_hz);
  const auto intervals = static_cast<std::size_t>(std::ceil(decades * points_per_decade - 1e-9));
  if (intervals == 0) {
    return {f_max_hz};
  }
  std::vector<double> f(intervals + 1);
  const double log_max = std::log10(f_max_hz);
  const double log_min = std::log10(f_min_hz);
  for (std::size_t k = 0; k <= intervals; ++k) {
    const double t = static_cast<double>(k) / static_cast<double>(intervals);
    f[k] = std::pow(10.0, log_max + t * (log_min - log_max));
  }
  f.front() = f_max_hz;
  f.back() = f_min_hz;
  return f;
}

}  // namespace eis
