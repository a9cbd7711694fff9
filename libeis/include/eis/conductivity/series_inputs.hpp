/// @file
/// The spectra of a temperature series read from files: each file named by a manifest entry
/// (manifest.hpp) or by a plain file list, one spectrum taken from each, its temperature from
/// the entry or else from the file's metadata. The result owns the spectra and holds the
/// SeriesSpectrum views that fit_series() takes, so command lines and bindings share one loader.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include <eis/conductivity/manifest.hpp>
#include <eis/conductivity/series.hpp>
#include <eis/io/read.hpp>
#include <eis/spectrum.hpp>

namespace eis {

/// Manifest entries for a plain list of spectrum files, all in one run.
/// @param files          file names (used as given, also as the rows' `file`)
/// @param temperatures_k one temperature in K per file, or empty to take each file's metadata
/// @param cycle          cycle of every file (1-based)
/// @param direction      direction of every file
/// @throws eis::InvalidArgument if temperatures_k is neither empty nor one per file.
/// Thread-safety: reentrant.
[[nodiscard]] std::vector<ManifestEntry> entries_from_files(std::span<const std::string> files,
                                                            std::span<const double> temperatures_k,
                                                            int cycle,
                                                            Direction direction);

/// Options of load_series().
struct SeriesLoadOptions {
  /// How the files are read (reader detected from the content by default).
  io::ReadOptions read = {};
  /// Which spectrum (0-based) of files that hold several; the first, as most files hold one.
  int spectrum = 0;
};

/// Spectra read for a series. `inputs[i].spectrum` views `spectra[i]`: moving the object keeps
/// the views valid (vectors move their buffers), copying it would not, so it is move-only.
struct LoadedSeries {
  std::vector<Spectrum> spectra;       ///< owned data, one per entry (with the readers' warnings)
  std::vector<SeriesSpectrum> inputs;  ///< entry file, view, temperature (K), cycle, direction

  LoadedSeries() = default;
  LoadedSeries(LoadedSeries&&) noexcept = default;
  LoadedSeries& operator=(LoadedSeries&&) noexcept = default;
  LoadedSeries(const LoadedSeries&) = delete;
  LoadedSeries& operator=(const LoadedSeries&) = delete;
  ~LoadedSeries() = default;
};

/// Reads every entry's file and takes spectrum `options.spectrum` of it; the temperature is the
/// entry's, else the file's metadata temperature.
/// @throws eis::IoError / eis::ParseError from the readers; eis::InvalidArgument if a file holds
///         no spectrum, the spectrum index is out of range, or neither the entry nor the file
///         gives a temperature (the messages name the file).
/// Thread-safety: reentrant.
[[nodiscard]] LoadedSeries load_series(std::span<const ManifestEntry> entries,
                                       const SeriesLoadOptions& options = {});

}  // namespace eis
