/// @file
/// Numbers in the library's messages, warnings and errors: integers as std::to_string writes
/// them, floating-point values with 6 significant digits (printf %g: 1.2094e+05, 1e-09,
/// 0.455106) instead of std::to_string's six fixed decimals, which print 1e-9 as "0.000000"
/// and so hide the value an error is about.
#pragma once

#include <cstdio>
#include <string>
#include <type_traits>

namespace eis::detail {

/// `value` with `digits` significant digits (printf %.*g).
[[nodiscard]] inline std::string format_significant(double value, int digits = 6) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
  return buffer;
}

/// Text of a number for a message: integers (and enumerators, by value) exactly, floating
/// point by format_significant().
template <class T>
[[nodiscard]] std::string to_text(T value) {
  static_assert(std::is_arithmetic_v<T> || std::is_enum_v<T>, "to_text takes numbers");
  if constexpr (std::is_floating_point_v<T>) {
    return format_significant(static_cast<double>(value));
  } else if constexpr (std::is_enum_v<T>) {
    return std::to_string(static_cast<std::underlying_type_t<T>>(value));
  } else {
    return std::to_string(value);
  }
}

}  // namespace eis::detail
