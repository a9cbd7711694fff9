/// @file
/// Writers, so users can move data to other tools: CSV in the `eis read` layout (CLI.md) for
/// spectra and voltammograms, and Scribner ZView `.z` ("ZPLOT2 ASCII"). Numbers are written
/// with the shortest text that round-trips to the same double ('.' decimal point, no locale).
/// Both outputs are read back by read_bytes()/read_file() (readers "eis-csv" and "zplot").
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include <eis/io/read.hpp>
#include <eis/spectrum.hpp>

namespace eis::io {

/// Shortest decimal text that round-trips to `value` ("nan", "inf", "-inf" for non-finite).
[[nodiscard]] std::string format_number(double value);

/// RFC 4180 field: quoted (inner quotes doubled) when it holds a comma, quote, CR or LF.
[[nodiscard]] std::string csv_quote(std::string_view text);

/// Spectra of several files as one CSV document: header
/// `file,spectrum,frequency_hz,z_real_ohm,z_imag_ohm` plus `temperature_k` and `time_s`
/// when any spectrum has them (empty fields where one lacks them), one row per point;
/// `spectrum` is the 0-based index within its file. Ends with a newline.
/// Thread-safety: reentrant.
[[nodiscard]] std::string spectra_to_csv(std::span<const ReadResult> results);

/// Voltammograms of several files as CSV: `file,cycle,time_s,potential_v,current_a` (empty
/// cycle/time fields where the file has none).
[[nodiscard]] std::string voltammograms_to_csv(std::span<const ReadResult> results);

/// One spectrum as a ZView `.z` file: "ZPLOT2 ASCII", a comment block (software, date if
/// known) ending in "End Comments", then tab-separated rows Freq(Hz), Ampl (AC amplitude, V),
/// Bias (DC potential, V), Time(Sec), Z'(a), Z''(b), GD, Err, Range (the last three 0).
/// @throws eis::InvalidArgument if the spectrum violates validate_spectrum().
[[nodiscard]] std::string spectrum_to_zview(const Spectrum& spectrum);

/// Writes `content` to `path` (binary mode, replacing the file).
/// @throws eis::IoError if the file cannot be written.
void write_text_file(const std::filesystem::path& path, std::string_view content);

}  // namespace eis::io
