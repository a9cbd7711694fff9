/// @file
/// Building blocks of Tikhonov DRT (METHODS.md §5.2–§5.5): the discretised kernels of
/// Z(ω) = ∫ γ(ln τ)/(1 + jωτ) d ln τ for Gaussian radial basis functions or piecewise-linear
/// γ, the derivative penalty matrices, a non-negative least-squares solver (Lawson–Hanson in
/// Gram form), and the λ-selection criteria.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include <Eigen/Core>

namespace eis::drt {

/// How γ(ln τ) is represented between the grid points τ_m.
enum class Basis {
  /// γ = Σ x_m exp(−(ε(ln τ − ln τ_m))²) (Wan et al. 2015); kernels integrated numerically once
  /// per matrix entry, penalty in closed form. Smooth γ; the default.
  gaussian,
  /// γ(ln τ_m) = x_m, linear in between; kernels by the collocation rule of pyDRTtools /
  /// Saccoccio 2014 (A.3)–(A.5), penalty by finite differences.
  piecewise_linear,
};
[[nodiscard]] std::string_view to_string(Basis basis) noexcept;
/// @throws eis::InvalidArgument for a name other than "gaussian" / "piecewise-linear".
[[nodiscard]] Basis parse_basis(std::string_view name);

/// How the regularisation parameter λ is chosen.
enum class LambdaMethod {
  fixed,    ///< DrtOptions::lambda as given
  gcv,      ///< generalised cross-validation (Wahba 1985) of the unconstrained solution
  l_curve,  ///< maximum curvature of (log‖residual‖, log penalty) of the unconstrained solution
  re_im,  ///< real–imaginary cross-validation with the non-negative solutions (METHODS.md §5.5)
  /// Morozov's discrepancy principle: the largest λ whose non-negative fit leaves a relative
  /// RMS residual no larger than the noise level (given, or estimated by Lin-KK).
  discrepancy,
  /// k-fold cross-validation of the non-negative solution over frequencies (METHODS.md §5.5
  /// "k-fold"): every k-th point held out in turn (k = DrtOptions::folds), score = the summed
  /// weighted misfit of the held-out points.
  k_fold,
};
[[nodiscard]] std::string_view to_string(LambdaMethod method) noexcept;
/// Accepts "fixed", "gcv", "lcurve" / "l-curve", "re-im" / "reim", "discrepancy", "kfold" /
/// "k-fold".
/// @throws eis::InvalidArgument otherwise.
[[nodiscard]] LambdaMethod parse_lambda_method(std::string_view name);

/// Real and imaginary parts of the discretised kernel: Z(ω_n) ≈ Σ_m (A'_{nm} + jA''_{nm}) x_m.
struct KernelMatrices {
  Eigen::MatrixXd real;  ///< A', N × M, dimensionless
  Eigen::MatrixXd imag;  ///< A'', N × M, dimensionless (≤ 0)
};

/// Gaussian RBF shape factor ε = coefficient · 2√(ln 2) / Δ̄, Δ̄ the mean spacing of ln τ
/// (pyDRTtools "FWHM coefficient" mode, METHODS.md §5.2; coefficient 0.5 makes the FWHM 2Δ̄).
[[nodiscard]] double gaussian_shape_factor(std::span<const double> tau_s, double coefficient);

/// Kernel matrices for angular frequencies ω (rad/s) and grid τ (s, strictly increasing).
/// Gaussian: A'(u) = ∫ φ(εy)/(1 + e^{2(u+y)}) dy and A''(u) = −∫ φ(εy) e^{u+y}/(1 + e^{2(u+y)}) dy
/// with u = ln(ω τ_m), by the trapezoidal rule on the whole line (exponentially convergent for
/// this analytic integrand: step min(0.25, 0.5/ε), |y| ≤ 6.2/ε, relative error < 1e-12).
/// Piecewise linear: METHODS.md §5.2 PWL formulas. `epsilon` is ignored for PWL.
/// @throws eis::InvalidArgument for fewer than 2 τ, τ not increasing, or ε ≤ 0 (Gaussian).
[[nodiscard]] KernelMatrices kernel_matrices(std::span<const double> omega_rad_s,
                                             std::span<const double> tau_s,
                                             Basis basis,
                                             double epsilon);

/// Penalty matrix P with xᵀPx = ∫ (d^k γ / d(ln τ)^k)² d ln τ for k = derivative_order (1 or
/// 2). Gaussian: closed forms of METHODS.md §5.3 generalised to any grid (a = ε(ln τ_n − ln
/// τ_m)): k = 1: ε√(π/2)(1 − a²)e^{−a²/2}; k = 2: ε³√(π/2)(3 − 6a² + a⁴)e^{−a²/2}; k = 0 gives
/// the ridge √(π/2)/ε·e^{−a²/2}. Piecewise linear: LᵀL with the difference operators of §5.3.
/// @throws eis::InvalidArgument for an order other than 0, 1, 2 or a bad grid.
[[nodiscard]] Eigen::MatrixXd penalty_matrix(std::span<const double> tau_s,
                                             Basis basis,
                                             int derivative_order,
                                             double epsilon);

/// Outcome of solve_nnls().
struct NnlsResult {
  Eigen::VectorXd x;
  int iterations = 0;
  bool converged = false;  ///< KKT conditions met within tolerance before the iteration cap
};

/// Minimises ½xᵀHx − cᵀx subject to x ≥ 0, i.e. the least-squares problem ‖Ax − b‖² with
/// H = AᵀA, c = Aᵀb (Lawson & Hanson 1974, ch. 23, in the Gram form of Bro & de Jong 1997).
/// H must be symmetric positive semidefinite. `warm_start` (same size, may be empty) seeds the
/// passive set with its positive entries, which saves most iterations when solving a sequence
/// of nearby problems (a λ search).
/// @throws eis::InvalidArgument if the sizes disagree.
/// Thread-safety: reentrant.
[[nodiscard]] NnlsResult solve_nnls(
    const Eigen::Ref<const Eigen::MatrixXd>& h,
    const Eigen::Ref<const Eigen::VectorXd>& c,
    const Eigen::Ref<const Eigen::VectorXd>& warm_start = Eigen::VectorXd());

}  // namespace eis::drt
