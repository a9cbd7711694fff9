/// @file
/// Small helpers shared by the binary and structured readers (.mpr, .ism, .pssession): civil
/// dates from day counts and time stamps, a locale-free numeric-prefix parser. Internal: no
/// stability promise.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace eis::io::detail {

/// Proleptic Gregorian date from days since 1970-01-01 (H. Hinnant's "civil_from_days"
/// algorithm, http://howardhinnant.github.io/date_algorithms.html).
struct CivilDate {
  std::int64_t year;
  unsigned month;
  unsigned day;
};
inline CivilDate civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<std::uint64_t>(days - era * 146097);
  const std::uint64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const std::uint64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::uint64_t mp = (5 * doy + 2) / 153;
  const auto d = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
  const auto m = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
  return {m <= 2 ? y + 1 : y, m, d};
}

/// Days since 1970-01-01 of a proleptic Gregorian date (inverse of civil_from_days).
inline std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<std::uint64_t>(y - era * 400);
  const std::uint64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const std::uint64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

/// "YYYY-MM-DDThh:mm:ss" for a count of seconds since 1970-01-01 (UTC-agnostic: the instrument
/// clock's local time), or nullopt when the value is not finite or outside years 1900–2200.
inline std::optional<std::string> iso_datetime_from_unix(double seconds) {
  if (!std::isfinite(seconds) || seconds < -2208988800.0 || seconds > 7258118400.0) {
    return std::nullopt;
  }
  const auto whole = static_cast<std::int64_t>(std::floor(seconds));
  const std::int64_t days = (whole >= 0 ? whole : whole - 86399) / 86400;
  const std::int64_t rest = whole - days * 86400;
  const CivilDate date = civil_from_days(days);
  char buffer[96];
  std::snprintf(buffer,
                sizeof buffer,
                "%04lld-%02u-%02uT%02lld:%02lld:%02lld",
                static_cast<long long>(date.year),
                date.month,
                date.day,
                static_cast<long long>(rest / 3600),
                static_cast<long long>(rest / 60 % 60),
                static_cast<long long>(rest % 60));
  return std::string(buffer);
}

/// The longest numeric prefix of `text` as a double (e.g. "23.8+-0.1C" → 23.8).
inline std::optional<double> parse_leading_double(std::string_view text) {
  double value = 0.0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr == text.data()) {
    return std::nullopt;
  }
  return value;
}

}  // namespace eis::io::detail
