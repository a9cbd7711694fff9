// Small numerical helpers shared by the cv sources (not installed; no stability promise).
#pragma once

#include <algorithm>
#include <cmath>
#include <span>
#include <vector>

namespace eis::cv::detail {

/// Median of the values (copied; partial sort). Empty input gives NaN.
inline double median(std::vector<double> values) {
  if (values.empty()) {
    return std::nan("");
  }
  const auto mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
  const double upper = values[mid];
  if (values.size() % 2 == 1) {
    return upper;
  }
  const double lower =
      *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid));
  return 0.5 * (lower + upper);
}

/// Ordinary least-squares line y = intercept + slope·x.
struct Line {
  double intercept = 0;
  double slope = 0;
  bool ok = false;
  [[nodiscard]] double operator()(double x) const noexcept { return intercept + slope * x; }
};

inline Line fit_line(std::span<const double> x, std::span<const double> y) {
  const std::size_t n = std::min(x.size(), y.size());
  if (n < 2) {
    return {};
  }
  double mx = 0;
  double my = 0;
  for (std::size_t i = 0; i < n; ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxx = 0;
  double sxy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxx += (x[i] - mx) * (x[i] - mx);
    sxy += (x[i] - mx) * (y[i] - my);
  }
  if (!(sxx > 0)) {
    return {my, 0.0, true};
  }
  const double slope = sxy / sxx;
  return {my - slope * mx, slope, true};
}

}  // namespace eis::cv::detail
