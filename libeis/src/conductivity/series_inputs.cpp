#include <optional>
#include <utility>

#include <eis/conductivity/series_inputs.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>

namespace eis {

std::vector<ManifestEntry> entries_from_files(std::span<const std::string> files,
                                              std::span<const double> temperatures_k,
                                              int cycle,
                                              Direction direction) {
  if (!temperatures_k.empty() && temperatures_k.size() != files.size()) {
    throw InvalidArgument("temperatures_k has " + eis::detail::to_text(temperatures_k.size()) +
                          " values for " + eis::detail::to_text(files.size()) + " files");
  }
  std::vector<ManifestEntry> out;
  out.reserve(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    ManifestEntry e;
    e.file = files[i];
    e.path = files[i];
    if (!temperatures_k.empty()) {
      e.temperature_k = temperatures_k[i];
    }
    e.cycle = cycle;
    e.direction = direction;
    e.line = i + 1;
    out.push_back(std::move(e));
  }
  return out;
}

LoadedSeries load_series(std::span<const ManifestEntry> entries, const SeriesLoadOptions& options) {
  LoadedSeries out;
  out.spectra.reserve(entries.size());
  out.inputs.reserve(entries.size());
  for (const ManifestEntry& e : entries) {
    io::ReadResult read = io::read_file(e.path, options.read);
    const std::string name = e.path.string();
    if (read.spectra.empty()) {
      throw InvalidArgument(name + ": no impedance spectrum in this file");
    }
    if (options.spectrum < 0 || static_cast<std::size_t>(options.spectrum) >= read.spectra.size()) {
      throw InvalidArgument(name + ": spectrum " + eis::detail::to_text(options.spectrum) +
                            " out of range (" + eis::detail::to_text(read.spectra.size()) +
                            " spectra)");
    }
    Spectrum s = std::move(read.spectra[static_cast<std::size_t>(options.spectrum)]);
    const std::optional<double> t = e.temperature_k ? e.temperature_k : s.metadata.temperature_k;
    if (!t) {
      throw InvalidArgument(name +
                            ": no temperature (give it with the file list or the manifest; the "
                            "file has none)");
    }
    out.spectra.push_back(std::move(s));
    out.inputs.push_back({e.file, {}, *t, e.cycle, e.direction});
  }
  for (std::size_t i = 0; i < out.inputs.size(); ++i) {
    out.inputs[i].spectrum = out.spectra[i].view();
  }
  return out;
}

}  // namespace eis
