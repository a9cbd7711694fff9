/// @file
/// Scribner ZPlot/ZView `.z` files ("ZPLOT2 ASCII" with or without the comment block, the
/// older quoted "ZPlotW Data File" layout) and the Scribner "Z60W Data File" text that Metrohm
/// Autolab exports (FORMATS.md §3.4, §3.5).
#pragma once

#include <string_view>

#include <eis/io/read.hpp>

namespace eis::io {

/// True for content starting with `ZPLOT2 ASCII`, `"ZPlotW Data File` or `"Z60W Data File`
/// (after an optional UTF-8 BOM).
[[nodiscard]] bool detect_zplot(std::string_view bytes, std::string_view name);

/// Reads one spectrum (reader name "zplot"): columns Freq(Hz), Ampl, Bias, Time(Sec), Z'(a),
/// Z''(b), …; Z''(b) is already Z'' (capacitive < 0). Rows are tab- or comma-separated.
/// metadata: start time (Date/Time lines), AC amplitude (Ampl column, V, when > 0), DC bias
/// (Bias column, V), software version, column names. A declared point count (ZPlotW, Z60W)
/// that disagrees with the complete rows present gives a warning.
/// @throws eis::ParseError (file, line, column) for a missing "End Comments" line in a ZPLOT2
///         file with comments, rows with fewer than 6 fields, text or NaN/Inf in a number
///         column, frequencies ≤ 0, or no data rows.
/// Thread-safety: reentrant.
[[nodiscard]] ReadResult read_zplot(std::string_view bytes,
                                    std::string_view name,
                                    const ReadOptions& options = {});

}  // namespace eis::io
