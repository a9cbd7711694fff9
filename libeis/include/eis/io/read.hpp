/// @file
/// Reading instrument files: one entry point that detects the format from the content
/// (not only the extension) and returns every spectrum and voltammogram the file holds.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <eis/cv/voltammogram.hpp>
#include <eis/spectrum.hpp>

namespace eis::io {

/// Options for read_file() / read_bytes().
struct ReadOptions {
  /// Force a reader by name (see reader_names()); empty = detect from content.
  std::string reader = {};
  /// Decimal separator of text tables; empty = detect (a reader never consults the locale).
  std::optional<char> decimal_separator = {};
};

/// Everything read from one file.
struct ReadResult {
  std::string file;    ///< the path or name given
  std::string reader;  ///< the reader that was used, e.g. "biologic-mpt"
  std::vector<Spectrum> spectra;
  std::vector<cv::Voltammogram> voltammograms;
  std::vector<std::string> warnings;  ///< file-level warnings (per-spectrum ones are in Spectrum)
};

/// Reads a file of any supported format. Frequencies in Hz, Z in Ω with capacitive Z'' < 0
/// (files that store −Z'' are converted); currents in A, potentials in V, times in s.
/// @throws eis::IoError if it cannot be opened; eis::ParseError (with file, line and column)
///         if the content is malformed, empty, or no reader recognises it; eis::InvalidArgument
///         for an unknown ReadOptions::reader.
/// Thread-safety: reentrant.
[[nodiscard]] ReadResult read_file(const std::filesystem::path& path,
                                   const ReadOptions& options = {});

/// Same as read_file() for content already in memory; `name` is used in messages and for
/// extension hints only.
[[nodiscard]] ReadResult read_bytes(std::string_view bytes,
                                    std::string_view name,
                                    const ReadOptions& options = {});

/// Same as read_file(): content-based detection of the format (the name of issue 4).
[[nodiscard]] ReadResult read_any(const std::filesystem::path& path,
                                  const ReadOptions& options = {});

/// Name of the reader read_bytes() would pick for this content, or "" when none recognises it.
/// Never throws for bad content.
[[nodiscard]] std::string detect_reader(std::string_view bytes, std::string_view name);

/// Names accepted by ReadOptions::reader, in detection order.
[[nodiscard]] std::vector<std::string> reader_names();

}  // namespace eis::io
