#include <algorithm>
#include <cmath>
#include <string>

#include <Eigen/Dense>

#include <eis/cv/smoothing.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>

namespace eis::cv {

std::optional<std::string> SavitzkyGolayOptions::validate() const {
  if (window_points < 1 || window_points % 2 == 0) {
    return "Savitzky-Golay window_points must be odd and >= 1, got " +
           eis::detail::to_text(window_points);
  }
  if (polynomial_order < 0 || polynomial_order >= window_points) {
    return "Savitzky-Golay polynomial_order must be in [0, window_points - 1], got " +
           eis::detail::to_text(polynomial_order);
  }
  return std::nullopt;
}

std::vector<double> savitzky_golay_coefficients(int window_points,
                                                int polynomial_order,
                                                int derivative,
                                                int position) {
  const SavitzkyGolayOptions options{window_points, polynomial_order};
  if (auto message = options.validate()) {
    throw InvalidArgument(*message);
  }
  const int h = window_points / 2;
  if (derivative < 0 || std::abs(position) > h) {
    throw InvalidArgument("Savitzky-Golay: derivative must be >= 0 and |position| <= " +
                          eis::detail::to_text(h));
  }
  std::vector<double> out(static_cast<std::size_t>(window_points), 0.0);
  if (derivative > polynomial_order) {
    return out;
  }
  // Least squares on the scaled abscissa x = k/s (s = max(h, 1)) keeps the Vandermonde matrix
  // well conditioned; the d-th derivative picks up a factor 1/s^d.
  const double s = std::max(h, 1);
  const int p = polynomial_order;
  Eigen::MatrixXd a(window_points, p + 1);
  for (int k = -h; k <= h; ++k) {
    double x = 1.0;
    for (int j = 0; j <= p; ++j) {
      a(k + h, j) = x;
      x *= k / s;
    }
  }
  // Row vector of d^d/dx^d [1, x, x², …] at x = position/s.
  Eigen::VectorXd e = Eigen::VectorXd::Zero(p + 1);
  const double x0 = position / s;
  for (int j = derivative; j <= p; ++j) {
    double factor = 1.0;
    for (int q = 0; q < derivative; ++q) {
      factor *= j - q;
    }
    e(j) = factor * std::pow(x0, j - derivative);
  }
  // c = A (AᵀA)⁻¹ e  ⇔  c_k = e·(AᵀA)⁻¹ a_k.
  const Eigen::MatrixXd ata = a.transpose() * a;
  const Eigen::VectorXd w = ata.ldlt().solve(e);
  const Eigen::VectorXd c = a * w / std::pow(s, derivative);
  for (int k = 0; k < window_points; ++k) {
    out[static_cast<std::size_t>(k)] = c(k);
  }
  return out;
}

std::vector<double> savitzky_golay(std::span<const double> y,
                                   const SavitzkyGolayOptions& options,
                                   int derivative) {
  if (auto message = options.validate()) {
    throw InvalidArgument(*message);
  }
  if (derivative < 0) {
    throw InvalidArgument("Savitzky-Golay: derivative must be >= 0");
  }
  const auto n = static_cast<int>(y.size());
  std::vector<double> out(y.size(), 0.0);
  if (n == 0) {
    return out;
  }
  int window = std::min(options.window_points, n % 2 == 1 ? n : n - 1);
  const int order = std::min(options.polynomial_order, window - 1);
  const int h = window / 2;
  const auto centre = savitzky_golay_coefficients(window, order, derivative, 0);
  for (int i = h; i < n - h; ++i) {
    double sum = 0.0;
    for (int k = -h; k <= h; ++k) {
      sum += centre[static_cast<std::size_t>(k + h)] * y[static_cast<std::size_t>(i + k)];
    }
    out[static_cast<std::size_t>(i)] = sum;
  }
  // Ends: evaluate the polynomial of the first / last full window at the point's offset.
  for (int i = 0; i < std::min(h, n); ++i) {
    const auto c_left = savitzky_golay_coefficients(window, order, derivative, i - h);
    const auto c_right = savitzky_golay_coefficients(window, order, derivative, h - i);
    double left = 0.0;
    double right = 0.0;
    for (int k = 0; k < window; ++k) {
      left += c_left[static_cast<std::size_t>(k)] * y[static_cast<std::size_t>(k)];
      right += c_right[static_cast<std::size_t>(k)] * y[static_cast<std::size_t>(n - window + k)];
    }
    out[static_cast<std::size_t>(i)] = left;
    out[static_cast<std::size_t>(n - 1 - i)] = right;
  }
  return out;
}

}  // namespace eis::cv
