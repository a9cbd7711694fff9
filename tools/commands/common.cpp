#include "commands/common.hpp"

#include <cmath>
#include <iostream>
#include <utility>
#include <vector>

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

plot::Figure data_and_model_nyquist(std::string title,
                                    const Spectrum& spectrum,
                                    std::span<const Complex> model_ohm,
                                    std::string model_name) {
  plot::Figure nyq;
  nyq.title = std::move(title);
  nyq.x_axis = {.label = "Z' (Ω)"};
  nyq.y_axis = {.label = "−Z'' (Ω)"};
  nyq.equal_aspect = true;
  std::vector<double> zr;
  std::vector<double> zi;
  std::vector<double> fr;
  std::vector<double> fi;
  for (std::size_t i = 0; i < spectrum.size(); ++i) {
    zr.push_back(spectrum.impedance_ohm[i].real());
    zi.push_back(-spectrum.impedance_ohm[i].imag());
    fr.push_back(model_ohm[i].real());
    fi.push_back(-model_ohm[i].imag());
  }
  nyq.series.push_back({.name = "data", .x = zr, .y = zi, .style = plot::Style::markers});
  nyq.series.push_back(
      {.name = std::move(model_name), .x = fr, .y = fi, .style = plot::Style::line});
  return nyq;
}

}  // namespace eis::cli
