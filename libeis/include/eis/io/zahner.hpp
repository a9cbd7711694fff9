/// @file
/// Zahner Thales/Analysis `.ism` impedance files (big-endian binary; FORMATS.md §3.13, layout
/// as read by Zahner-Analysis-Python, MIT): frequency, |Z| and phase (radians) per point, time
/// stamps, and the metadata strings (date, system, potential, current, temperature, comments).
#pragma once

#include <string_view>

#include <eis/io/read.hpp>

namespace eis::io {

/// True when the content has the `.ism` structure: a 6-byte version whose bytes 0–1 are zero
/// and 2–4 are 0xFF (the two versions seen), and a point count that fits the file size. Zahner
/// files have no magic string, so a `.ism` name alone is not enough either way.
/// Thread-safety: reentrant.
[[nodiscard]] bool looks_like_zahner_ism(std::string_view bytes, std::string_view name);

/// Reads one spectrum. Thales measures from a middle frequency up to f_max and then down to
/// f_min; like Zahner's own reader, only the points from the f_max sample to the f_min sample
/// (inclusive, file order) are returned, and the skipped count is a warning. Z = |Z|·e^{jφ}.
/// `time_s` is seconds since the first stored sample; metadata: start_time (ISO, from the time
/// stamps, seconds since 1980-01-01), temperature (from the "23.8+-0.1C" string), AC amplitude
/// (k-value 25 / 1000 V), DC potential (mean of the per-point DC record, when present); the
/// strings (system, potential, current, time window, comments) go to `extra`.
/// @throws eis::ParseError ("byte offset N") when the header, a data array or the date string
///         runs past the end, the point count is not positive, or a frequency is not finite and
///         > 0, or |Z| or φ is not finite. A truncated trailer (k-values, DC record) is a
///         warning.
/// Thread-safety: reentrant.
[[nodiscard]] ReadResult read_zahner_ism(std::string_view bytes,
                                         std::string_view name,
                                         const ReadOptions& options = {});

}  // namespace eis::io
