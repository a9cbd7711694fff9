/// @file
/// Generic delimited text tables (CSV, TSV, semicolon, whitespace), with or without a header:
/// separator and decimal separator detected from the numeric rows, columns identified by name
/// and unit (`freq`, `Z'`, `-Z''`, `Re(Z)/Ohm`, `|Z|` + phase, kΩ/MΩ/mΩ, kHz, mA, …). A table
/// with a frequency column gives a Spectrum; one with potential and current columns (and no
/// frequency) gives a Voltammogram (e.g. Metrohm NOVA CV exports).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <eis/io/read.hpp>
#include <eis/io/text.hpp>

namespace eis::io {

/// What a column holds, from its name and unit.
enum class ColumnRole {
  other,
  frequency,   ///< Hz after scaling
  z_real,      ///< Ω
  z_imag,      ///< Ω, Z'' (negated on reading when the name says −Z'')
  z_modulus,   ///< |Z| in Ω
  z_phase,     ///< phase of Z in degrees (radians converted)
  time,        ///< s
  potential,   ///< V
  current,     ///< A
  cycle,       ///< cycle / scan number
  temperature  ///< K after conversion
};

/// Name of a role, e.g. "frequency".
[[nodiscard]] std::string_view to_string(ColumnRole role) noexcept;

/// A classified column: value_in_si = sign·scale·value + offset.
struct ColumnInfo {
  ColumnRole role = ColumnRole::other;
  double scale = 1.0;    ///< unit prefix (kΩ → 1e3, mA → 1e-3, rad → 180/π for phase)
  double offset = 0.0;   ///< °C → K adds 273.15
  bool negated = false;  ///< the name starts with '-' (e.g. "-Z''", "-Im(Z)/Ohm", "-Z'")
};

/// Classifies a column name such as "freq/Hz", "Z' (kOhm)", "-Im(Z)/Ohm", "Zs''[ohm]",
/// "Data: Theta (Z)", "WE(1).Current (A)", "<I>/mA". Unknown names give ColumnRole::other.
/// Unit prefixes are case-sensitive where it matters (MΩ vs mΩ).
/// Thread-safety: reentrant.
[[nodiscard]] ColumnInfo classify_column(std::string_view name);

/// Field separator of a table: '\t', ';', ',' or ' ' (runs of blanks).
/// Detected from the numeric rows; the one that gives the most rows of equal width wins.
struct TableLayout {
  char separator = ',';
  char decimal = '.';
  std::size_t header_line = 0;  ///< index into TextSource::lines() of the header, or npos
  std::size_t first_data_line = 0;
  std::size_t columns = 0;
  bool has_header = false;
};

/// Finds separator, decimal separator, header and first data row of a delimited table among
/// `lines` (from index `from`). A data row is a line whose fields are all numbers; the header is
/// the nearest non-empty line above the first data row when its field count matches.
/// @throws eis::ParseError (via `source`) when no numeric rows are found.
[[nodiscard]] TableLayout detect_table_layout(const TextSource& source,
                                              std::size_t from,
                                              std::optional<char> decimal_separator);

/// Splits one line with the layout's separator (blank runs for ' '), fields trimmed.
[[nodiscard]] std::vector<std::string_view> split_row(std::string_view line, char separator);

/// True when `bytes` look like a delimited numeric table (≥ 2 rows of ≥ 2 numeric fields).
[[nodiscard]] bool detect_table(std::string_view bytes, std::string_view name);

/// Reads a generic table (reader name "table").
/// @throws eis::ParseError naming file, line and column: no numeric rows, missing frequency or
///         impedance columns, text in a number column, NaN/Inf, a frequency ≤ 0, a row of the
///         wrong width.
/// Thread-safety: reentrant.
[[nodiscard]] ReadResult read_table(std::string_view bytes,
                                    std::string_view name,
                                    const ReadOptions& options = {});

}  // namespace eis::io
