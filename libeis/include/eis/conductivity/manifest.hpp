/// @file
/// Inputs of a temperature series (CLI.md `eis series`): a manifest CSV naming each spectrum
/// file with its temperature, cycle and direction, or temperatures taken from file names.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <eis/conductivity/row.hpp>

namespace eis {

/// One spectrum of a series as the manifest names it.
struct ManifestEntry {
  std::string file;                          ///< as written in the manifest
  std::filesystem::path path;                ///< resolved against the manifest's folder
  std::optional<double> temperature_k = {};  ///< nullopt: take it from the file's metadata
  int cycle = 1;                             ///< 1 when the manifest has no cycle column
  Direction direction = Direction::heating;  ///< heating when it has no direction column
  std::size_t line = 0;                      ///< 1-based line in the manifest
};

/// Parses manifest text. Format: optional `#` comment lines and blank lines anywhere; a header
/// naming the columns (any order, unknown columns ignored): `file` (required), exactly one of
/// `temperature_k` / `temperature_c` (°C converted by T = θ + 273.15 K), optional `cycle`
/// (integer) and `direction` (`heating`|`cooling`); RFC 4180 quoting; a UTF-8 BOM and CRLF
/// line ends are accepted. An empty temperature cell means "use the file's metadata".
/// @param base_directory  relative file names are resolved against it
/// @param name            manifest name used in error messages
/// @throws eis::ParseError (name, line, column) for a missing column, a wrong field count, a
///         malformed number, a temperature ≤ 0 K, an unknown direction, or no entries.
/// Thread-safety: reentrant.
[[nodiscard]] std::vector<ManifestEntry> parse_manifest(std::string_view text,
                                                        const std::filesystem::path& base_directory,
                                                        const std::string& name = "manifest");

/// Reads and parses a manifest file; files are relative to the manifest's folder.
/// @throws eis::IoError if it cannot be read; eis::ParseError as parse_manifest().
[[nodiscard]] std::vector<ManifestEntry> read_manifest(const std::filesystem::path& manifest);

/// Temperature unit of values taken from file names.
enum class TemperatureUnit { celsius, kelvin };
/// Accepts "C", "c", "K", "k".
/// @throws eis::InvalidArgument for anything else.
[[nodiscard]] TemperatureUnit parse_temperature_unit(std::string_view text);

/// Temperature in K from the first capture group of `pattern` (ECMAScript regex, searched in
/// the file name without its folder), e.g. `(\d+)deg` on `s04147-140deg.txt` gives 140 °C.
/// @throws eis::InvalidArgument if the pattern is malformed or has no capture group, does not
///         match, or the group is not a number (the message names the file and the pattern).
[[nodiscard]] double temperature_from_name(const std::filesystem::path& file,
                                           const std::string& pattern,
                                           TemperatureUnit unit);

}  // namespace eis
