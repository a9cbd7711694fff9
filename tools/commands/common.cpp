#include "commands/common.hpp"

#include <cmath>
#include <iostream>
#include <utility>

#include <nlohmann/json.hpp>

#include <eis/error.hpp>
#include <eis/io/read.hpp>
#include <eis/io/write.hpp>

namespace eis::cli {

// The CLI writes numbers and CSV fields exactly as the library's writers do (one
// implementation, so `eis read` output and every other command agree).
std::string format_double(double value) {
  return eis::io::format_number(value);
}

std::string csv_field(std::string_view text) {
  return eis::io::csv_quote(text);
}

nlohmann::json json_number(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

Spectrum load_spectrum(const std::string& file, const std::string& reader, int index) {
  io::ReadOptions ro;
  ro.reader = reader;
  io::ReadResult read = io::read_file(file, ro);
  for (const auto& w : read.warnings) {
    std::cerr << "eis: " << file << ": warning: " << w << '\n';
  }
  if (index < 0 || static_cast<std::size_t>(index) >= read.spectra.size()) {
    throw InvalidArgument(file + ": has " + std::to_string(read.spectra.size()) +
                          " spectra; --spectrum " + std::to_string(index) + " does not exist");
  }
  Spectrum s = std::move(read.spectra[static_cast<std::size_t>(index)]);
  for (const auto& w : s.warnings) {
    std::cerr << "eis: " << file << ": warning: " << w << '\n';
  }
  return s;
}

}  // namespace eis::cli
