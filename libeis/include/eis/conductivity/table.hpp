/// @file
/// Reads conductivity tables for the Arrhenius/transition analyses: the CSV that `eis series`
/// writes, or any delimited table with a header naming `temperature_k` (or `temperature_c`) and
/// a conductivity column in S/cm; optional `*_stderr_*`, `cycle`, `direction` and `usable`
/// columns (CLI.md `eis arrhenius`). Locale-free (std::from_chars), RFC 4180 quoting.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <eis/conductivity/point.hpp>

namespace eis::conductivity {

/// Options for read_conductivity_table().
struct ConductivityTableOptions {
  /// Conductivity column (S/cm). When it is the default and absent, the first column named
  /// `sigma*_s_per_cm` (not a stderr column) is used instead.
  std::string sigma_column = "sigma_total_s_per_cm";
  /// Skip rows whose `usable` column is false/0 (the `eis series` failures).
  bool skip_unusable = true;
};

/// The points read and what was used.
struct ConductivityTable {
  std::vector<ConductivityPoint> points;
  std::string sigma_column;        ///< column actually used
  std::string stderr_column;       ///< empty when the table has none
  std::string temperature_column;  ///< temperature_k or temperature_c
  std::size_t skipped_rows = 0;    ///< rows without σ, or not usable
  std::vector<std::string> warnings;
};

/// Parses the text of a table (first non-empty line = header; separator ',', ';' or tab,
/// whichever the header uses most). `name` labels error messages.
/// A missing `cycle` means cycle 1; a missing or empty `direction` means Direction::unknown.
/// @throws eis::ParseError (with line and column) for a missing temperature or conductivity
///         column, a row of the wrong width, or text where a number belongs.
/// Thread-safety: reentrant.
[[nodiscard]] ConductivityTable read_conductivity_table(
    std::string_view text,
    const ConductivityTableOptions& options = {},
    std::string_view name = {});
/// Reads the file at `path`.
/// @throws eis::IoError if it cannot be read; eis::ParseError as above.
[[nodiscard]] ConductivityTable read_conductivity_table_file(
    const std::filesystem::path& path, const ConductivityTableOptions& options = {});

}  // namespace eis::conductivity
