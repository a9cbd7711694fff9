/// @file
/// Helpers shared by the `eis` subcommands: output formatting per ../CLI.md (full-precision
/// numbers, RFC 4180 quoting), exit codes, and loading the one spectrum a command works on.
#pragma once

#include <iosfwd>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include <eis/spectrum.hpp>

#include "plot/svg_plot.hpp"

namespace eis::cli {

/// Exit codes (CLI.md): 0 success, 2 bad input, 3 result not usable; CLI11 uses its own (≥ 100).
inline constexpr int exit_ok = 0;
inline constexpr int exit_bad_input = 2;
inline constexpr int exit_not_usable = 3;

/// Shortest decimal text that round-trips to the same double ("nan"/"inf" never appear in
/// valid output; callers print an empty CSV field for missing values).
[[nodiscard]] std::string format_double(double value);

/// RFC 4180 quoting: wraps in quotes (doubling inner quotes) when the field contains a comma,
/// quote, CR or LF.
[[nodiscard]] std::string csv_field(std::string_view text);

/// A JSON number, or null for NaN / ±∞ (JSON has no non-finite numbers).
[[nodiscard]] nlohmann::json json_number(double value);

/// Reads `file` (reader by name, or detected when empty) and returns spectrum `index`, printing
/// the file's and the spectrum's warnings to stderr.
/// @throws eis::Error from the reader; eis::InvalidArgument if `index` does not exist.
[[nodiscard]] Spectrum load_spectrum(const std::string& file, const std::string& reader, int index);

/// Nyquist figure (Z' against −Z'', equal aspect) of the measured spectrum as markers and a
/// model's impedance at the same frequencies as a line named `model_name`.
[[nodiscard]] plot::Figure data_and_model_nyquist(std::string title,
                                                  const Spectrum& spectrum,
                                                  std::span<const Complex> model_ohm,
                                                  std::string model_name);

}  // namespace eis::cli
