#include <charconv>
#include <cmath>
#include <fstream>
#include <system_error>

#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>
#include <eis/io/write.hpp>
#include <eis/version.hpp>

namespace eis::io {

std::string format_number(double value) {
  if (std::isnan(value)) {
    return "nan";
  }
  if (std::isinf(value)) {
    return value > 0 ? "inf" : "-inf";
  }
  char buffer[64];
  const auto res = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return res.ec == std::errc{} ? std::string(buffer, res.ptr) : std::string("nan");
}

std::string csv_quote(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(text);
  }
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') {
      out += '"';
    }
    out += c;
  }
  return out + '"';
}

std::string spectra_to_csv(std::span<const ReadResult> results) {
  bool temperature = false;
  bool time = false;
  for (const auto& r : results) {
    for (const auto& s : r.spectra) {
      temperature = temperature || s.metadata.temperature_k.has_value();
      time = time || (!s.time_s.empty() && s.time_s.size() == s.size());
    }
  }
  std::string out = "file,spectrum,frequency_hz,z_real_ohm,z_imag_ohm";
  out += temperature ? ",temperature_k" : "";
  out += time ? ",time_s\n" : "\n";
  for (const auto& r : results) {
    const std::string file = csv_quote(r.file);
    for (std::size_t k = 0; k < r.spectra.size(); ++k) {
      const auto& s = r.spectra[k];
      const bool has_time = !s.time_s.empty() && s.time_s.size() == s.size();
      for (std::size_t i = 0; i < s.size(); ++i) {
        out += file + ',' + eis::detail::to_text(k) + ',' + format_number(s.frequency_hz[i]) + ',' +
               format_number(s.impedance_ohm[i].real()) + ',' +
               format_number(s.impedance_ohm[i].imag());
        if (temperature) {
          out += ',' + (s.metadata.temperature_k ? format_number(*s.metadata.temperature_k)
                                                 : std::string());
        }
        if (time) {
          out += ',' + (has_time ? format_number(s.time_s[i]) : std::string());
        }
        out += '\n';
      }
    }
  }
  return out;
}

std::string voltammograms_to_csv(std::span<const ReadResult> results) {
  std::string out = "file,cycle,time_s,potential_v,current_a\n";
  for (const auto& r : results) {
    const std::string file = csv_quote(r.file);
    for (const auto& v : r.voltammograms) {
      const bool has_cycle = v.cycle.size() == v.size();
      const bool has_time = v.time_s.size() == v.size();
      for (std::size_t i = 0; i < v.size(); ++i) {
        out += file + ',' + (has_cycle ? eis::detail::to_text(v.cycle[i]) : std::string()) + ',' +
               (has_time ? format_number(v.time_s[i]) : std::string()) + ',' +
               format_number(v.potential_v[i]) + ',' + format_number(v.current_a[i]) + '\n';
      }
    }
  }
  return out;
}

std::string spectrum_to_zview(const Spectrum& spectrum) {
  validate_spectrum(spectrum.view());
  std::string out = "ZPLOT2 ASCII\n";
  out += std::string("  Measured Data, Software:    libeis ") + version_string + "\n";
  if (!spectrum.metadata.start_time.empty()) {
    out += "  Date:                       " + spectrum.metadata.start_time + "\n";
  }
  if (!spectrum.metadata.technique.empty()) {
    out += "  Experiment Type:            " + spectrum.metadata.technique + "\n";
  }
  out += "  Freq(Hz)\tAmpl\tBias\tTime(Sec)\tZ'(a)\tZ''(b)\tGD\tErr\tRange\n";
  out += "End Comments\n";
  const double ampl = spectrum.metadata.ac_amplitude_v.value_or(0.0);
  const double bias = spectrum.metadata.dc_potential_v.value_or(0.0);
  const bool has_time = spectrum.time_s.size() == spectrum.size();
  for (std::size_t i = 0; i < spectrum.size(); ++i) {
    out += format_number(spectrum.frequency_hz[i]) + '\t' + format_number(ampl) + '\t' +
           format_number(bias) + '\t' + format_number(has_time ? spectrum.time_s[i] : 0.0) + '\t' +
           format_number(spectrum.impedance_ohm[i].real()) + '\t' +
           format_number(spectrum.impedance_ohm[i].imag()) + "\t0\t0\t0\n";
  }
  return out;
}

void write_text_file(const std::filesystem::path& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    throw IoError("cannot open file for writing", path.string());
  }
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.flush();
  if (!out) {
    throw IoError("error while writing file", path.string());
  }
}

}  // namespace eis::io
