/// @file
/// Ivium `.idf` (one spectrum) and `.ids` (several) files: key=value text with NUL padding;
/// each spectrum follows a `primary_data` line, a column count, a row count and rows of
/// Z' Z'' f (FORMATS.md §3.9).
#pragma once

#include <string_view>

#include <eis/io/read.hpp>

namespace eis::io {

/// True for a `.idf`/`.ids` name whose content has a `primary_data` line, or for any content
/// holding both "Data Objects" and "primary_data" lines.
/// Thread-safety: reentrant.
[[nodiscard]] bool looks_like_ivium(std::string_view bytes, std::string_view name);

/// Reads every `primary_data` block as one spectrum, Z = Z' + jZ'' (Ivium stores Z'' with the
/// capacitive-negative sign). Metadata: `Title=` and `Method=` (technique) of the block.
/// @throws eis::ParseError (file, line, column) when a block is truncated, a count is not a
///         non-negative integer, a row has fewer than 3 numbers or text in a number column, a
///         frequency is not finite and > 0, or the file has no `primary_data` block.
/// Thread-safety: reentrant.
[[nodiscard]] ReadResult read_ivium(std::string_view bytes,
                                    std::string_view name,
                                    const ReadOptions& options = {});

}  // namespace eis::io
