/// @file
/// Internals shared by the readers in src/io/ (no stability promise): the warnings every
/// reader attaches to a spectrum, extension tests, and the numeric-row scanner of text tables.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <eis/cv/voltammogram.hpp>
#include <eis/io/table.hpp>
#include <eis/io/text.hpp>
#include <eis/spectrum.hpp>

namespace eis::io::detail {

/// Adds the never-silent warnings to a freshly read spectrum: inductive points (Z'' > 0),
/// duplicated frequencies and a suspicious sign convention (check_sign_convention; flagged,
/// never flipped). Call once per spectrum after all points are in.
void finish_spectrum(Spectrum& spectrum);

/// Lower-case extension of a file name including the dot (".mpt"), or "" when none.
[[nodiscard]] std::string extension_of(std::string_view name);

/// True when the lower-case extension of `name` equals `ext` (given with its dot).
[[nodiscard]] bool has_extension(std::string_view name, std::string_view ext);

/// Formats a double for messages (up to 6 significant digits, locale-free).
[[nodiscard]] std::string short_number(double value);

inline constexpr std::size_t no_column = static_cast<std::size_t>(-1);

/// Where the impedance quantities sit in a table, from the column names (classify_column).
struct ImpedanceColumns {
  std::size_t frequency = no_column;
  std::size_t real = no_column;
  std::size_t imag = no_column;
  std::size_t modulus = no_column;
  std::size_t phase = no_column;
  std::size_t time = no_column;
  std::size_t temperature = no_column;
  std::size_t cycle = no_column;
  ColumnInfo frequency_info, real_info, imag_info, modulus_info, phase_info, time_info,
      temperature_info, cycle_info;
  /// Frequency plus (Z', Z'') or (|Z|, phase).
  [[nodiscard]] bool complete() const noexcept;
  /// "no frequency column" / "no Z'' column" ... naming the columns found.
  [[nodiscard]] std::string missing(const std::vector<std::string>& names) const;
  /// Largest column index used (for row-width checks).
  [[nodiscard]] std::size_t max_index() const noexcept;
};

/// The first column of each role wins; Z'/Z'' preferred over |Z|/phase when both exist.
[[nodiscard]] ImpedanceColumns map_impedance_columns(const std::vector<std::string>& names);

/// Where the voltammetry quantities sit (potential and current required).
struct VoltammetryColumns {
  std::size_t time = no_column;
  std::size_t potential = no_column;
  std::size_t current = no_column;
  std::size_t cycle = no_column;
  ColumnInfo time_info, potential_info, current_info, cycle_info;
  [[nodiscard]] bool complete() const noexcept {
    return potential != no_column && current != no_column;
  }
};

/// Measured potential preferred over an "applied" one (Metrohm NOVA writes both).
[[nodiscard]] VoltammetryColumns map_voltammetry_columns(const std::vector<std::string>& names);

/// Applies a column's sign, scale and offset to a raw value.
[[nodiscard]] inline double to_si(double raw, const ColumnInfo& info) noexcept {
  return (info.negated ? -raw : raw) * info.scale + info.offset;
}

/// Reads the number in `fields[index]` of `line` (throws ParseError naming `what`, the line and
/// the column; a missing field is reported as a truncated row).
[[nodiscard]] double field_number(const TextSource& source,
                                  const TextLine& line,
                                  const std::vector<std::string_view>& fields,
                                  std::size_t index,
                                  std::string_view what,
                                  char decimal);

/// Appends one impedance point read from `fields` of `line` to `spectrum`: a frequency that is
/// not > 0 is a ParseError at its column. Z from (Z', Z'') or (|Z|, phase in degrees).
void append_impedance_row(const TextSource& source,
                          const TextLine& line,
                          const std::vector<std::string_view>& fields,
                          const ImpedanceColumns& columns,
                          const std::vector<std::string>& names,
                          char decimal,
                          Spectrum& spectrum);

/// Throws a ParseError "contains no data" for an empty or blank input.
void require_content(const TextSource& source);

}  // namespace eis::io::detail
