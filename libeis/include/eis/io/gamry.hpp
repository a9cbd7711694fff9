/// @file
/// Gamry Framework `.DTA` ("EXPLAIN" text, FORMATS.md §3.3): EIS tables (ZCURVE of EISPOT,
/// GALVEIS, ...) as spectra and CV tables (CURVE1 … CURVEn) as one voltammogram.
#pragma once

#include <string_view>

#include <eis/io/read.hpp>

namespace eis::io {

/// True when line 1 is "EXPLAIN" and a "TAG" line follows.
[[nodiscard]] bool detect_gamry(std::string_view bytes, std::string_view name);

/// Reads a Gamry `.DTA` file (reader name "gamry-dta").
/// - ZCURVE → one Spectrum (Freq/Hz, Zreal/Ω, Zimag/Ω stored as Z'', time from `Time`), with
///   metadata: technique (TAG), instrument (PSTAT), start time (DATE TIME), DC potential
///   (VDC), AC amplitude (VAC, mV rms → V), area (AREA), temperature (mean `Temp` column, °C →
///   K, where present) and the column names.
/// - CURVEn tables → one Voltammogram (T/s, Vf/V, Im/A, cycle = n), scan rate from SCANRATE.
/// - Aborted runs (EXPERIMENTABORTED T): the ZCURVE rows written before the abort are read
///   and a warning says so. Other tables (OCVCURVE, FRACURVE) are skipped.
/// The decimal separator is detected from the table rows unless set in the options.
/// @throws eis::ParseError (file, line, column) for a missing TAG line, missing Freq/Zreal/Zimag
///         columns, rows of the wrong width, text or NaN/Inf in a number column, frequencies
///         ≤ 0, or a file with neither ZCURVE nor CURVE tables.
/// Thread-safety: reentrant.
[[nodiscard]] ReadResult read_gamry(std::string_view bytes,
                                    std::string_view name,
                                    const ReadOptions& options = {});

}  // namespace eis::io
