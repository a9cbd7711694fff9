/// @file
/// Column tables stored as JSON, as pandas writes them (`DataFrame.to_json`): the "columns"
/// orientation `{"f (Hz)": {"0": 1e4, ...}, ...}`, plain arrays `{"f (Hz)": [...]}`, "records"
/// `[{"f (Hz)": 1e4, ...}, ...]` and "split" `{"columns": [...], "data": [[...]]}`. Columns
/// are identified by name and unit like text tables (classify_column in <eis/io/table.hpp>).
#pragma once

#include <string_view>

#include <eis/io/read.hpp>

namespace eis::io {

/// True when the content (after an optional UTF-8 BOM and blanks) starts with '{' or '['.
[[nodiscard]] bool detect_json_table(std::string_view bytes, std::string_view name);

/// Reads one spectrum from a JSON column table (reader name "json-table").
/// @throws eis::ParseError (file, line, column) for malformed JSON (position of the syntax
///         error), missing frequency or impedance columns, non-numeric or null values, columns
///         of different lengths, or frequencies ≤ 0 (located at the column's key).
/// Thread-safety: reentrant.
[[nodiscard]] ReadResult read_json_table(std::string_view bytes,
                                         std::string_view name,
                                         const ReadOptions& options = {});

}  // namespace eis::io
