// DRT time for 80- and 800-point spectra with a 100- and a 400-point τ grid: fixed λ (one NNLS)
// and the default automatic λ (L-curve). The τ grid spans the 8 measured decades plus one on
// each side, so 10 and 40 points per decade give 101 and 401 basis functions.
#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>
#include <vector>

#include <Eigen/Dense>
#include <benchmark/benchmark.h>

#include <eis/drt/regularisation.hpp>
#include <eis/drt/tikhonov.hpp>
#include <eis/spectrum.hpp>

#include "support/spectra.hpp"

namespace {

using eis::bench::two_zarc_spectrum;

// range(0) = points, range(1) = τ points per decade (10 → 101 τ, 40 → 401 τ).
void BM_DrtFixedLambda(benchmark::State& state) {
  const auto s = two_zarc_spectrum(static_cast<int>(state.range(0)));
  const eis::drt::DrtOptions o{.lambda_method = eis::drt::LambdaMethod::fixed,
                               .lambda = 1e-4,
                               .tau_points_per_decade = static_cast<double>(state.range(1))};
  for (auto _ : state) {
    auto r = eis::drt::compute_drt(s, o);
    benchmark::DoNotOptimize(r.gamma_ohm.data());
  }
}
BENCHMARK(BM_DrtFixedLambda)
    ->Args({80, 10})
    ->Args({80, 40})
    ->Args({800, 10})
    ->Args({800, 40})
    ->Unit(benchmark::kMillisecond);

void BM_DrtLCurve(benchmark::State& state) {
  const auto s = two_zarc_spectrum(static_cast<int>(state.range(0)));
  const eis::drt::DrtOptions o{.tau_points_per_decade = static_cast<double>(state.range(1))};
  for (auto _ : state) {
    auto r = eis::drt::compute_drt(s, o);
    benchmark::DoNotOptimize(r.gamma_ohm.data());
  }
}
BENCHMARK(BM_DrtLCurve)
    ->Args({80, 10})
    ->Args({80, 40})
    ->Args({800, 10})
    ->Args({800, 40})
    ->Unit(benchmark::kMillisecond);

// The posterior band's share of a fixed-λ DRT: range(0) = points, range(1) = τ points per
// decade, range(2) = 1 with the uncertainty (the default), 0 without.
void BM_DrtUncertainty(benchmark::State& state) {
  const auto s = two_zarc_spectrum(static_cast<int>(state.range(0)));
  const eis::drt::DrtOptions o{.lambda_method = eis::drt::LambdaMethod::fixed,
                               .lambda = 1e-4,
                               .tau_points_per_decade = static_cast<double>(state.range(1)),
                               .uncertainty = state.range(2) != 0};
  for (auto _ : state) {
    auto r = eis::drt::compute_drt(s, o);
    benchmark::DoNotOptimize(r.gamma_ohm.data());
  }
}
BENCHMARK(BM_DrtUncertainty)
    ->ArgsProduct({{80, 800}, {10, 40}, {0, 1}})
    ->Unit(benchmark::kMillisecond);

// NNLS alone on the DRT problem of two_zarc_spectrum(80) (modulus-weighted, column-normalised,
// 1st-derivative Gaussian penalty, λ = 1e-4): eis::drt::solve_nnls (Cholesky up/down-dates,
// O(k²) per active-set change) against the session-1 solver kept here as the baseline (the same
// Lawson–Hanson iteration, but H_PP gathered and LDLT-factorised afresh at every change, O(k³)).
// range(0) = τ points per decade (10 → 101, 40 → 401 variables).
struct NnlsProblem {
  Eigen::MatrixXd h;
  Eigen::VectorXd c;
};

NnlsProblem drt_nnls_problem(int per_decade) {
  const auto s = two_zarc_spectrum(80);
  std::vector<double> omega;
  for (double f : s.frequency_hz) {
    omega.push_back(2.0 * std::numbers::pi * f);
  }
  const int m = 10 * per_decade + 1;  // 1e-7/(2π) … 1e1/(2π) s plus one decade each side
  std::vector<double> tau(static_cast<std::size_t>(m));
  for (int k = 0; k < m; ++k) {
    tau[static_cast<std::size_t>(k)] = std::pow(10.0, -7.8 + 10.0 * k / static_cast<double>(m - 1));
  }
  const double eps = eis::drt::gaussian_shape_factor(tau, 0.5);
  const auto k = eis::drt::kernel_matrices(omega, tau, eis::drt::Basis::gaussian, eps);
  const auto n = static_cast<Eigen::Index>(omega.size());
  Eigen::MatrixXd a(2 * n, m + 1);
  Eigen::VectorXd b(2 * n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto z = s.impedance_ohm[static_cast<std::size_t>(i)];
    const double w = 1.0 / std::abs(z);
    a.row(i).head(m) = k.real.row(i) * w;
    a.row(n + i).head(m) = k.imag.row(i) * w;
    a(i, m) = w;
    a(n + i, m) = 0.0;
    b(i) = z.real() * w;
    b(n + i) = z.imag() * w;
  }
  Eigen::VectorXd scale(m + 1);
  for (Eigen::Index j = 0; j <= m; ++j) {
    scale(j) = 1.0 / a.col(j).norm();
    a.col(j) *= scale(j);
  }
  Eigen::MatrixXd p = Eigen::MatrixXd::Zero(m + 1, m + 1);
  const Eigen::VectorXd sg = scale.head(m);
  p.topLeftCorner(m, m) = sg.asDiagonal() *
                          eis::drt::penalty_matrix(tau, eis::drt::Basis::gaussian, 1, eps) *
                          sg.asDiagonal();
  p.diagonal().array() += 1e-9 * p.diagonal().maxCoeff();
  p /= p.diagonal().maxCoeff();
  return {a.transpose() * a + 1e-4 * p, a.transpose() * b};
}

// Baseline: the session-1 Lawson–Hanson loop with a fresh LDLT of H_PP at every change.
Eigen::VectorXd nnls_refactorising(const Eigen::MatrixXd& h, const Eigen::VectorXd& c) {
  const Eigen::Index p = c.size();
  std::vector<char> passive(static_cast<std::size_t>(p), 0);
  const double tol = 1e-12 * std::max(c.cwiseAbs().maxCoeff(), h.diagonal().maxCoeff());
  Eigen::VectorXd x = Eigen::VectorXd::Zero(p);
  Eigen::VectorXd z(p);
  auto solve_passive = [&] {
    std::vector<Eigen::Index> idx;
    for (Eigen::Index i = 0; i < p; ++i) {
      if (passive[static_cast<std::size_t>(i)] != 0) {
        idx.push_back(i);
      }
    }
    const auto k = static_cast<Eigen::Index>(idx.size());
    Eigen::MatrixXd hpp(k, k);
    Eigen::VectorXd cp(k);
    for (Eigen::Index a = 0; a < k; ++a) {
      cp(a) = c(idx[static_cast<std::size_t>(a)]);
      for (Eigen::Index b = 0; b < k; ++b) {
        hpp(a, b) = h(idx[static_cast<std::size_t>(a)], idx[static_cast<std::size_t>(b)]);
      }
    }
    z.setZero();
    const Eigen::VectorXd zp = hpp.ldlt().solve(cp);
    for (Eigen::Index a = 0; a < k; ++a) {
      z(idx[static_cast<std::size_t>(a)]) = zp(a);
    }
  };
  Eigen::VectorXd w = c;
  for (int it = 0; it < 3 * static_cast<int>(p) + 10; ++it) {
    Eigen::Index best = -1;
    double best_w = tol;
    for (Eigen::Index i = 0; i < p; ++i) {
      if (passive[static_cast<std::size_t>(i)] == 0 && w(i) > best_w) {
        best_w = w(i);
        best = i;
      }
    }
    if (best < 0) {
      break;
    }
    passive[static_cast<std::size_t>(best)] = 1;
    solve_passive();
    for (Eigen::Index inner = 0; inner <= p; ++inner) {
      double alpha = 1.0;
      bool infeasible = false;
      for (Eigen::Index i = 0; i < p; ++i) {
        if (passive[static_cast<std::size_t>(i)] != 0 && z(i) <= 0.0) {
          infeasible = true;
          const double d = x(i) - z(i);
          alpha = std::min(alpha, d > 0.0 ? x(i) / d : 0.0);
        }
      }
      if (!infeasible) {
        break;
      }
      x += alpha * (z - x);
      for (Eigen::Index i = 0; i < p; ++i) {
        if (passive[static_cast<std::size_t>(i)] != 0 &&
            x(i) <= 1e-14 * std::max(1.0, x.cwiseAbs().maxCoeff())) {
          passive[static_cast<std::size_t>(i)] = 0;
          x(i) = 0.0;
        }
      }
      solve_passive();
    }
    x = z.cwiseMax(0.0);
    w = c - h * x;
  }
  return x;
}

void BM_NnlsIncrementalCholesky(benchmark::State& state) {
  const auto pr = drt_nnls_problem(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto r = eis::drt::solve_nnls(pr.h, pr.c);
    benchmark::DoNotOptimize(r.x.data());
  }
}
BENCHMARK(BM_NnlsIncrementalCholesky)->Arg(10)->Arg(40)->Unit(benchmark::kMillisecond);

void BM_NnlsRefactorisingBaseline(benchmark::State& state) {
  const auto pr = drt_nnls_problem(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto x = nnls_refactorising(pr.h, pr.c);
    benchmark::DoNotOptimize(x.data());
  }
}
BENCHMARK(BM_NnlsRefactorisingBaseline)->Arg(10)->Arg(40)->Unit(benchmark::kMillisecond);

}  // namespace
