/// @file
/// PalmSens PSTrace `.pssession` files (UTF-16LE JSON with BOM; FORMATS.md §3.8): every
/// `Measurements[i].EISDataList[j]` becomes one spectrum.
#pragma once

#include <string_view>

#include <eis/io/read.hpp>

namespace eis::io {

/// True when the content is UTF-16LE with BOM and starts a JSON object (`FF FE 7B 00`), or
/// the name ends in `.pssession` and the content starts with a UTF-16LE BOM.
/// Thread-safety: reentrant.
[[nodiscard]] bool looks_like_palmsens_session(std::string_view bytes, std::string_view name);

/// Reads every EIS data set. The text is decoded from UTF-16LE, the JSON parsed up to its last
/// `}` (PSTrace appends a stray BOM). Frequency from the `PalmSens.Units.Hertz` array, Z' from
/// `ZRe`, Z'' = −`ZIm` (PalmSens stores −Z'', its `Unit.Q` says "-Z''"). Metadata: start time
/// (the measurement's .NET `TimeStamp`, instrument-local), instrument serial, technique "EIS",
/// DC potential (mean of the measured `mEdc` values, V); titles go to `extra`.
/// @throws eis::ParseError (file, line, column of the decoded text) for malformed UTF-16 or
///         JSON, missing EIS arrays, arrays of different lengths, non-numeric values, a
///         frequency that is not finite and > 0, or no EIS data at all.
/// Thread-safety: reentrant.
[[nodiscard]] ReadResult read_palmsens_session(std::string_view bytes,
                                               std::string_view name,
                                               const ReadOptions& options = {});

}  // namespace eis::io
