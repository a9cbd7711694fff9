/// @file
/// BioLogic EC-Lab ASCII export (`.mpt`, also saved as `.txt`): PEIS/GEIS/ZIR spectra, Modulo
/// Bat files mixing EIS and DC steps, and CV/LSV/CA/DC records as voltammograms
/// (FORMATS.md §3.1).
#pragma once

#include <string_view>

#include <eis/io/read.hpp>

namespace eis::io {

/// True when the content starts with "EC-Lab ASCII FILE".
[[nodiscard]] bool detect_biologic_mpt(std::string_view bytes, std::string_view name);

/// Reads an EC-Lab ASCII file (reader name "biologic-mpt").
/// - Impedance files (a `freq/Hz` column): one Spectrum per sweep. Sweeps are split where the
///   `cycle number` or `Ns` changes, where DC rows (freq/Hz = 0, Modulo Bat steps; skipped and
///   counted in a warning) intervene, or where the frequency turns back (files whose cycle
///   number stays 0). Z'' = −(−Im(Z)/Ohm); |Z| and Phase(Z) are used when Re/Im are absent.
///   metadata: technique (PEIS, GEIS, ZIR, MB, ...), instrument, start time, electrode area,
///   AC amplitude (Va), cycle, DC potential (mean <Ewe>/V of the sweep), column names.
/// - Other files with Ewe/V (or <Ewe>/V) and I/mA (or <I>/mA): one Voltammogram (current in
///   A, cycle from `cycle number`), scan rate from `dE/dt`/`dE/dt unit`.
/// The decimal separator is detected from the data rows (de_DE exports use ',') unless
/// ReadOptions::decimal_separator is set. Windows-1252 (µ, ²) is decoded.
/// @throws eis::ParseError (file, line, column): missing or wrong `Nb header lines`, a
///         column line whose name count differs from the data width (e.g. a missing
///         `freq/Hz` name), truncated rows, text or NaN/Inf in a number column, negative
///         frequencies, no data rows.
/// Thread-safety: reentrant.
[[nodiscard]] ReadResult read_biologic_mpt(std::string_view bytes,
                                           std::string_view name,
                                           const ReadOptions& options = {});

}  // namespace eis::io
