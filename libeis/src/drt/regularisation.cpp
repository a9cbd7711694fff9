#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include <Eigen/Cholesky>

#include <eis/detail/to_text.hpp>
#include <eis/drt/regularisation.hpp>
#include <eis/error.hpp>

namespace eis::drt {

std::string_view to_string(Basis basis) noexcept {
  return basis == Basis::gaussian ? "gaussian" : "piecewise-linear";
}

Basis parse_basis(std::string_view name) {
  if (name == "gaussian") {
    return Basis::gaussian;
  }
  if (name == "piecewise-linear" || name == "pwl") {
    return Basis::piecewise_linear;
  }
  throw InvalidArgument("unknown DRT basis '" + std::string(name) +
                        "' (expected gaussian or piecewise-linear)");
}

std::string_view to_string(LambdaMethod method) noexcept {
  switch (method) {
    case LambdaMethod::fixed:
      return "fixed";
    case LambdaMethod::gcv:
      return "gcv";
    case LambdaMethod::l_curve:
      return "lcurve";
    case LambdaMethod::re_im:
      return "re-im";
    case LambdaMethod::discrepancy:
      return "discrepancy";
    case LambdaMethod::k_fold:
      return "kfold";
  }
  return "fixed";
}

LambdaMethod parse_lambda_method(std::string_view name) {
  if (name == "fixed") {
    return LambdaMethod::fixed;
  }
  if (name == "gcv") {
    return LambdaMethod::gcv;
  }
  if (name == "lcurve" || name == "l-curve") {
    return LambdaMethod::l_curve;
  }
  if (name == "re-im" || name == "reim") {
    return LambdaMethod::re_im;
  }
  if (name == "discrepancy") {
    return LambdaMethod::discrepancy;
  }
  if (name == "kfold" || name == "k-fold") {
    return LambdaMethod::k_fold;
  }
  throw InvalidArgument("unknown λ method '" + std::string(name) +
                        "' (expected fixed, gcv, lcurve, re-im, discrepancy or kfold)");
}

namespace {

void check_grid(std::span<const double> tau_s) {
  if (tau_s.size() < 2) {
    throw InvalidArgument("DRT τ grid needs at least 2 points, got " +
                          eis::detail::to_text(tau_s.size()));
  }
  for (std::size_t i = 0; i < tau_s.size(); ++i) {
    if (!(tau_s[i] > 0.0) || !std::isfinite(tau_s[i]) || (i > 0 && !(tau_s[i] > tau_s[i - 1]))) {
      throw InvalidArgument("DRT τ grid must be finite, > 0 and strictly increasing (index " +
                            eis::detail::to_text(i) + ")");
    }
  }
}

// Δ_m of METHODS.md §5.2 (PWL): ln(τ_{m+1}/τ_{m−1}) inside, one-sided at the ends.
double pwl_delta(std::span<const double> tau_s, std::size_t m) {
  const std::size_t last = tau_s.size() - 1;
  if (m == 0) {
    return std::log(tau_s[1] / tau_s[0]);
  }
  if (m == last) {
    return std::log(tau_s[last] / tau_s[last - 1]);
  }
  return std::log(tau_s[m + 1] / tau_s[m - 1]);
}

}  // namespace

namespace {

// Cholesky factor R (upper triangular, H_PP = RᵀR) of the Gram matrix restricted to an ordered
// passive set, updated in O(k²) when a variable enters (append a column) or leaves (delete a
// column, restore the triangle with Givens rotations; Golub & Van Loan §6.5.2 / §12.5).
class PassiveCholesky {
 public:
  PassiveCholesky(const Eigen::Ref<const Eigen::MatrixXd>& h, Eigen::Index capacity)
      : h_(h), r_(Eigen::MatrixXd::Zero(capacity, capacity)) {}

  [[nodiscard]] Eigen::Index size() const noexcept { return k_; }
  [[nodiscard]] const std::vector<Eigen::Index>& members() const noexcept { return set_; }

  // Appends variable j; false (nothing changed) if H_PP would lose positive definiteness to
  // rounding, i.e. column j is numerically dependent on the passive ones.
  bool add(Eigen::Index j) {
    Eigen::VectorXd col(k_);
    for (Eigen::Index a = 0; a < k_; ++a) {
      col(a) = h_(set_[static_cast<std::size_t>(a)], j);
    }
    if (k_ > 0) {
      r_.topLeftCorner(k_, k_).triangularView<Eigen::Upper>().transpose().solveInPlace(col);
    }
    const double d2 = h_(j, j) - col.squaredNorm();
    if (!(d2 > 1e-13 * h_(j, j))) {
      return false;
    }
    r_.col(k_).head(k_) = col;
    r_(k_, k_) = std::sqrt(d2);
    set_.push_back(j);
    ++k_;
    return true;
  }

  // Removes the member at position q.
  void remove_at(Eigen::Index q) {
    // Shift the columns after q left: R becomes upper Hessenberg from column q on.
    for (Eigen::Index c = q; c + 1 < k_; ++c) {
      r_.col(c).head(c + 2) = r_.col(c + 1).head(c + 2);
    }
    for (Eigen::Index c = q; c + 1 < k_; ++c) {
      // Zero r(c+1, c) by a rotation of rows c and c+1 (columns c..k−2).
      const double a = r_(c, c);
      const double b = r_(c + 1, c);
      const double rho = std::hypot(a, b);
      const double cs = a / rho;
      const double sn = b / rho;
      for (Eigen::Index cc = c; cc + 1 < k_; ++cc) {
        const double u = r_(c, cc);
        const double v = r_(c + 1, cc);
        r_(c, cc) = cs * u + sn * v;
        r_(c + 1, cc) = -sn * u + cs * v;
      }
      r_(c + 1, c) = 0.0;
    }
    --k_;
    r_.row(k_).head(k_ + 1).setZero();
    r_.col(k_).head(k_ + 1).setZero();
    set_.erase(set_.begin() + static_cast<std::ptrdiff_t>(q));
  }

  // z = 0 outside the set, H_PP z_P = c_P inside.
  void solve(const Eigen::Ref<const Eigen::VectorXd>& c, Eigen::VectorXd& z) const {
    z.setZero();
    if (k_ == 0) {
      return;
    }
    Eigen::VectorXd y(k_);
    for (Eigen::Index a = 0; a < k_; ++a) {
      y(a) = c(set_[static_cast<std::size_t>(a)]);
    }
    const auto r = r_.topLeftCorner(k_, k_).triangularView<Eigen::Upper>();
    r.transpose().solveInPlace(y);
    r.solveInPlace(y);
    for (Eigen::Index a = 0; a < k_; ++a) {
      z(set_[static_cast<std::size_t>(a)]) = y(a);
    }
  }

 private:
  const Eigen::Ref<const Eigen::MatrixXd>& h_;
  Eigen::MatrixXd r_;
  std::vector<Eigen::Index> set_;
  Eigen::Index k_ = 0;
};

}  // namespace

double gaussian_shape_factor(std::span<const double> tau_s, double coefficient) {
  check_grid(tau_s);
  const double mean_spacing =
      std::log(tau_s.back() / tau_s.front()) / static_cast<double>(tau_s.size() - 1);
  // METHODS.md §5.2: FWHM coefficient of the Gaussian is 2√(ln 2).
  return coefficient * 2.0 * std::sqrt(std::numbers::ln2) / mean_spacing;
}

KernelMatrices kernel_matrices(std::span<const double> omega_rad_s,
                               std::span<const double> tau_s,
                               Basis basis,
                               double epsilon) {
  check_grid(tau_s);
  const auto n = static_cast<Eigen::Index>(omega_rad_s.size());
  const auto m = static_cast<Eigen::Index>(tau_s.size());
  KernelMatrices k{Eigen::MatrixXd(n, m), Eigen::MatrixXd(n, m)};
  if (basis == Basis::piecewise_linear) {
    for (Eigen::Index j = 0; j < m; ++j) {
      const double half_delta = 0.5 * pwl_delta(tau_s, static_cast<std::size_t>(j));
      for (Eigen::Index i = 0; i < n; ++i) {
        const double wt =
            omega_rad_s[static_cast<std::size_t>(i)] * tau_s[static_cast<std::size_t>(j)];
        const double d = 1.0 + wt * wt;
        k.real(i, j) = half_delta / d;        // METHODS.md §5.2 PWL A'
        k.imag(i, j) = -half_delta * wt / d;  // METHODS.md §5.2 PWL A''
      }
    }
    return k;
  }
  if (!(epsilon > 0.0) || !std::isfinite(epsilon)) {
    throw InvalidArgument("Gaussian RBF shape factor must be finite and > 0, got " +
                          eis::detail::to_text(epsilon));
  }
  // Trapezoidal rule on y ∈ [−Y, Y]: the integrand is analytic in the strip |Im y| < π/2, so
  // the error falls like exp(−2π·d/h) (d ≈ 1) and like exp(−π²/(εh)²) from the Gaussian; the
  // step below makes both < 1e-16. φ(εY) = exp(−38) ≈ 3e-17 truncates the tails.
  const double h = std::min(0.25, 0.5 / epsilon);
  const double y_max = std::sqrt(38.0) / epsilon;
  const int half = static_cast<int>(std::ceil(y_max / h));
  std::vector<double> weight;
  std::vector<double> ey;
  for (int q = -half; q <= half; ++q) {
    const double y = q * h;
    weight.push_back(h * std::exp(-(epsilon * y) * (epsilon * y)));
    ey.push_back(std::exp(y));
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < m; ++j) {
      const double alpha =
          omega_rad_s[static_cast<std::size_t>(i)] * tau_s[static_cast<std::size_t>(j)];
      double re = 0.0;
      double im = 0.0;
      for (std::size_t q = 0; q < weight.size(); ++q) {
        const double t = alpha * ey[q];  // ωτ = e^{u+y}
        const double d = 1.0 / (1.0 + t * t);
        re += weight[q] * d;
        im -= weight[q] * t * d;
      }
      k.real(i, j) = re;
      k.imag(i, j) = im;
    }
  }
  return k;
}

Eigen::MatrixXd penalty_matrix(std::span<const double> tau_s,
                               Basis basis,
                               int derivative_order,
                               double epsilon) {
  check_grid(tau_s);
  if (derivative_order < 0 || derivative_order > 2) {
    throw InvalidArgument("derivative order must be 0, 1 or 2, got " +
                          eis::detail::to_text(derivative_order));
  }
  const auto m = static_cast<Eigen::Index>(tau_s.size());
  Eigen::MatrixXd p = Eigen::MatrixXd::Zero(m, m);
  if (basis == Basis::gaussian) {
    if (!(epsilon > 0.0) || !std::isfinite(epsilon)) {
      throw InvalidArgument("Gaussian RBF shape factor must be finite and > 0, got " +
                            eis::detail::to_text(epsilon));
    }
    const double root = std::sqrt(std::numbers::pi / 2.0);
    for (Eigen::Index a_i = 0; a_i < m; ++a_i) {
      for (Eigen::Index b_i = 0; b_i < m; ++b_i) {
        const double a = epsilon * std::log(tau_s[static_cast<std::size_t>(a_i)] /
                                            tau_s[static_cast<std::size_t>(b_i)]);
        const double a2 = a * a;
        const double g = std::exp(-a2 / 2.0);
        double v = 0.0;
        switch (derivative_order) {
          case 0:
            v = root / epsilon * g;
            break;
          case 1:  // METHODS.md §5.3 (inner_prod_rbf_1)
            v = epsilon * root * (1.0 - a2) * g;
            break;
          default:  // METHODS.md §5.3 (inner_prod_rbf_2)
            v = epsilon * epsilon * epsilon * root * (3.0 - 6.0 * a2 + a2 * a2) * g;
            break;
        }
        p(a_i, b_i) = v;
      }
    }
    return p;
  }
  if (derivative_order == 0) {
    // Trapezoid weights: ∫γ² d ln τ ≈ Σ ½Δ_m x_m².
    for (Eigen::Index i = 0; i < m; ++i) {
      p(i, i) = 0.5 * pwl_delta(tau_s, static_cast<std::size_t>(i));
    }
    return p;
  }
  // METHODS.md §5.3 PWL difference operators; rows weighted by √δ so xᵀPx approximates the
  // integral over ln τ rather than a plain sum.
  Eigen::MatrixXd l;
  if (derivative_order == 1) {
    l = Eigen::MatrixXd::Zero(m - 1, m);
    for (Eigen::Index k = 0; k + 1 < m; ++k) {
      const double d =
          std::log(tau_s[static_cast<std::size_t>(k + 1)] / tau_s[static_cast<std::size_t>(k)]);
      const double s = std::sqrt(d);
      l(k, k) = -s / d;
      l(k, k + 1) = s / d;
    }
  } else {
    if (m < 3) {
      throw InvalidArgument("a second-derivative penalty needs at least 3 τ points");
    }
    l = Eigen::MatrixXd::Zero(m - 2, m);
    for (Eigen::Index k = 1; k + 1 < m; ++k) {
      const double d = 0.5 * std::log(tau_s[static_cast<std::size_t>(k + 1)] /
                                      tau_s[static_cast<std::size_t>(k - 1)]);
      const double s = std::sqrt(2.0 * d);
      l(k - 1, k - 1) = s / (d * d);
      l(k - 1, k) = -2.0 * s / (d * d);
      l(k - 1, k + 1) = s / (d * d);
    }
  }
  return l.transpose() * l;
}

NnlsResult solve_nnls(const Eigen::Ref<const Eigen::MatrixXd>& h,
                      const Eigen::Ref<const Eigen::VectorXd>& c,
                      const Eigen::Ref<const Eigen::VectorXd>& warm_start) {
  const Eigen::Index p = c.size();
  if (h.rows() != p || h.cols() != p || (warm_start.size() != 0 && warm_start.size() != p)) {
    throw InvalidArgument("solve_nnls: H is " + eis::detail::to_text(h.rows()) + "×" +
                          eis::detail::to_text(h.cols()) + " but c has " + eis::detail::to_text(p) +
                          " entries");
  }
  NnlsResult out;
  out.x = Eigen::VectorXd::Zero(p);
  if (p == 0) {
    out.converged = true;
    return out;
  }
  const auto pu = static_cast<std::size_t>(p);
  std::vector<char> passive(pu, 0);
  // Variables whose column is numerically dependent on the passive set: they cannot enter until
  // the set shrinks (their KKT violation is then rounding, not a better solution).
  std::vector<char> blocked(pu, 0);
  const double scale = std::max(c.cwiseAbs().maxCoeff(), h.diagonal().cwiseAbs().maxCoeff());
  const double tol = 1e-12 * std::max(scale, 1e-300);
  PassiveCholesky chol(h, p);
  Eigen::VectorXd z(p);

  // Drops every passive variable whose entry in `v` is ≤ limit (highest position first, so the
  // positions of the others stay valid). Returns whether any was dropped.
  auto drop = [&](const Eigen::VectorXd& v, double limit) {
    bool dropped = false;
    for (Eigen::Index q = chol.size() - 1; q >= 0; --q) {
      const Eigen::Index i = chol.members()[static_cast<std::size_t>(q)];
      if (v(i) <= limit) {
        chol.remove_at(q);
        passive[static_cast<std::size_t>(i)] = 0;
        out.x(i) = 0.0;
        dropped = true;
      }
    }
    if (dropped) {
      std::fill(blocked.begin(), blocked.end(), 0);
    }
    return dropped;
  };

  // Warm start: the positive entries of the guess form the passive set; variables are dropped
  // until the passive solution is strictly positive, a feasible point LH continues from.
  if (warm_start.size() == p) {
    for (Eigen::Index i = 0; i < p; ++i) {
      if (warm_start(i) > 0.0 && chol.add(i)) {
        passive[static_cast<std::size_t>(i)] = 1;
      }
    }
    for (Eigen::Index guard = 0; guard <= p; ++guard) {
      chol.solve(c, z);
      if (!drop(z, 0.0)) {
        break;
      }
    }
    out.x = z;
  }

  const int max_iter = 3 * static_cast<int>(p) + 10;
  Eigen::VectorXd w = c - h * out.x;
  for (out.iterations = 0; out.iterations < max_iter; ++out.iterations) {
    // Most violated KKT condition among the active (zero) variables.
    Eigen::Index best = -1;
    double best_w = tol;
    for (Eigen::Index i = 0; i < p; ++i) {
      const auto iu = static_cast<std::size_t>(i);
      if (passive[iu] == 0 && blocked[iu] == 0 && w(i) > best_w) {
        best_w = w(i);
        best = i;
      }
    }
    if (best < 0) {
      out.converged = true;
      break;
    }
    if (!chol.add(best)) {
      blocked[static_cast<std::size_t>(best)] = 1;
      continue;
    }
    passive[static_cast<std::size_t>(best)] = 1;
    chol.solve(c, z);
    if (!(z(best) > 0.0)) {
      // In exact arithmetic the entering variable is positive (Lawson & Hanson, lemma 23.17);
      // otherwise rounding dominates: take it out again and do not retry it.
      chol.remove_at(chol.size() - 1);
      passive[static_cast<std::size_t>(best)] = 0;
      blocked[static_cast<std::size_t>(best)] = 1;
      continue;
    }
    // Inner loop: step back towards feasibility while some passive z_i ≤ 0.
    for (Eigen::Index inner = 0; inner <= p; ++inner) {
      double alpha = 1.0;
      bool infeasible = false;
      for (const Eigen::Index i : chol.members()) {
        if (z(i) <= 0.0) {
          infeasible = true;
          const double denom = out.x(i) - z(i);
          alpha = std::min(alpha, denom > 0.0 ? out.x(i) / denom : 0.0);
        }
      }
      if (!infeasible) {
        break;
      }
      out.x += alpha * (z - out.x);
      const double limit = 1e-14 * std::max(1.0, out.x.cwiseAbs().maxCoeff());
      (void)drop(out.x, limit);
      chol.solve(c, z);
    }
    out.x = z.cwiseMax(0.0);
    w.noalias() = c - h * out.x;
  }
  return out;
}

}  // namespace eis::drt
