/// @file
/// Savitzky–Golay smoothing and differentiation of uniformly sampled data, used by the cv
/// analyses before differentiating or locating peaks (METHODS.md §8.2). Charges are always
/// integrated on the raw data, never on smoothed data.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace eis::cv {

/// Window and order of a Savitzky–Golay filter.
struct SavitzkyGolayOptions {
  /// Odd number of points in the moving window. 15 lies in the 11–21 range METHODS.md §8.2
  /// recommends: it averages noise over ~15 samples without flattening features much narrower
  /// than the window (at 1 mV per sample, 15 mV).
  int window_points = 15;
  /// Degree of the local polynomial (2–3 per METHODS.md §8.2); 2 keeps peak heights within a few
  /// per cent for peaks several windows wide.
  int polynomial_order = 2;
  /// Returns a description of the first invalid field, or nothing when valid.
  [[nodiscard]] std::optional<std::string> validate() const;
};

/// Least-squares coefficients c_k (k = −h…h, window 2h+1) that give the `derivative`-th
/// derivative (per sample spacing) of the local polynomial at offset `position` from the
/// window centre: y^(d)(position) = Σ c_k y_{centre+k}. position = 0 is the classic
/// symmetric filter; |position| ≤ h is used at the ends of a record.
/// @throws eis::InvalidArgument for an invalid window/order, derivative < 0 or |position| > h.
/// @see A. Savitzky, M. J. E. Golay, Anal. Chem. 36 (1964) 1627.
/// Thread-safety: reentrant.
[[nodiscard]] std::vector<double> savitzky_golay_coefficients(int window_points,
                                                              int polynomial_order,
                                                              int derivative = 0,
                                                              int position = 0);

/// Smooths `y` (derivative = 0) or returns its `derivative`-th derivative per sample spacing
/// (divide by h^d for a spacing h). Interior points use the symmetric filter; the first and
/// last h points use the polynomial fitted to the first/last full window, evaluated at their
/// position, so a polynomial of degree ≤ order is reproduced exactly everywhere. Records
/// shorter than the window use the largest odd window that fits (and an order at most
/// window − 1); a derivative above that order comes out as zeros.
/// @throws eis::InvalidArgument if the options are invalid or derivative < 0.
/// Thread-safety: reentrant.
[[nodiscard]] std::vector<double> savitzky_golay(std::span<const double> y,
                                                 const SavitzkyGolayOptions& options = {},
                                                 int derivative = 0);

}  // namespace eis::cv
