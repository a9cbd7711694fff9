/// @file
/// Smaller instrument text formats (FORMATS.md §3.5–3.7, §3.10–3.12): Eco Chemie/Autolab
/// `.dfr`, CH Instruments "A.C. Impedance" text, PAR VersaStudio `.par`, PARSTAT text exports,
/// `.P00`, `.i2b`, "NEISYS" spectrometer text (EISFitpython) and RelaxIS spectrum exports.
/// Each reader returns spectra with Z'' < 0 for capacitive behaviour and throws
/// eis::ParseError naming the file, line and column for malformed content (text or NaN/Inf in a
/// number column, truncated rows, a frequency ≤ 0, a declared point count that disagrees with
/// the rows present). Thread-safety: every function is reentrant.
#pragma once

#include <string_view>

#include <eis/io/read.hpp>

namespace eis::io {

/// `.dfr` (reader "autolab-dfr"): "VERSION…", the point count N, one line, then 9 lines per
/// point: f, Z', −Z'', E_dc, I_dc, time and three further values; the trailer is ignored.
[[nodiscard]] bool detect_autolab_dfr(std::string_view bytes, std::string_view name);
[[nodiscard]] ReadResult read_autolab_dfr(std::string_view bytes,
                                          std::string_view name,
                                          const ReadOptions& options = {});

/// CH Instruments text (reader "chi"): line 2 "A.C. Impedance", `Name (unit) = value`
/// parameters, then `Freq/Hz, Z'/ohm, Z"/ohm, Z/ohm, Phase/deg` rows. metadata: instrument,
/// date, AC amplitude, initial potential.
[[nodiscard]] bool detect_chi(std::string_view bytes, std::string_view name);
[[nodiscard]] ReadResult read_chi(std::string_view bytes,
                                  std::string_view name,
                                  const ReadOptions& options = {});

/// PAR VersaStudio `.par` (reader "versastudio-par"): every `<SegmentN>` whose `Definition=`
/// holds Frequency(Hz), Z Real and Z Imag gives one spectrum; rows with frequency 0 (DC
/// segments) are skipped with a warning.
[[nodiscard]] bool detect_versastudio_par(std::string_view bytes, std::string_view name);
[[nodiscard]] ReadResult read_versastudio_par(std::string_view bytes,
                                              std::string_view name,
                                              const ReadOptions& options = {});

/// PARSTAT tab-separated export (reader "parstat"): header `Potential (V)\tCurrent (A)\t…
/// Frequency (Hz)\tZre (ohms)\tZim (ohms)…`; DC rows (Frequency 0) are skipped and counted in
/// a warning.
[[nodiscard]] bool detect_parstat(std::string_view bytes, std::string_view name);
[[nodiscard]] ReadResult read_parstat(std::string_view bytes,
                                      std::string_view name,
                                      const ReadOptions& options = {});

/// `.P00` (reader "p00"): `f/Hz  Z'/Ohm  -Z''/Ohm  time/s  Edc/V  Idc/A`, the point count,
/// then tab-separated rows.
[[nodiscard]] bool detect_p00(std::string_view bytes, std::string_view name);
[[nodiscard]] ReadResult read_p00(std::string_view bytes,
                                  std::string_view name,
                                  const ReadOptions& options = {});

/// `.i2b` (reader "i2b", detected by extension and layout): free-text lines, a blank line, the
/// point count, then `f Z' Z''` rows.
[[nodiscard]] bool detect_i2b(std::string_view bytes, std::string_view name);
[[nodiscard]] ReadResult read_i2b(std::string_view bytes,
                                  std::string_view name,
                                  const ReadOptions& options = {});

/// "NEISYS" text (reader "neisys"): sample line, optional geometry line (Diameter[mm],
/// Thickness[mm] → metadata.extra), `Fixed value(s) : AC Volt [Vrms]=…`, then
/// `Freq.[Hz] Zs'[ohm] Zs''[ohm]` rows. A sample name such as "s04147-140deg" gives
/// metadata.temperature_k (°C + 273.15).
[[nodiscard]] bool detect_neisys(std::string_view bytes, std::string_view name);
[[nodiscard]] ReadResult read_neisys(std::string_view bytes,
                                     std::string_view name,
                                     const ReadOptions& options = {});

/// RelaxIS "Spectrum export" (reader "relaxis"): column line `Data: Frequency\tData: Z'\t…`;
/// each spectrum starts with a line such as `DC=-0.08, TM=33.7, …\tModel: …` (DC → DC
/// potential, the rest → metadata.extra).
[[nodiscard]] bool detect_relaxis(std::string_view bytes, std::string_view name);
[[nodiscard]] ReadResult read_relaxis(std::string_view bytes,
                                      std::string_view name,
                                      const ReadOptions& options = {});

}  // namespace eis::io
