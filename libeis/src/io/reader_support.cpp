#include <algorithm>
#include <charconv>
#include <map>
#include <system_error>

#include <eis/detail/reader_support.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/io/text.hpp>

namespace eis::io::detail {

std::string short_number(double value) {
  char buffer[32];
  const auto res =
      std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::general, 6);
  if (res.ec != std::errc{}) {
    return "?";
  }
  return {buffer, res.ptr};
}

void finish_spectrum(Spectrum& spectrum) {
  const SignCheck sign = check_sign_convention(spectrum.view());
  if (sign.suspicious) {
    spectrum.warnings.push_back(sign.message);
  } else if (sign.positive_imaginary > 0) {
    // Report where the inductive points are: usually the high-frequency end (cabling) or a
    // low-frequency artefact.
    double f_min = 0.0;
    double f_max = 0.0;
    bool first = true;
    for (std::size_t i = 0; i < spectrum.size(); ++i) {
      if (spectrum.impedance_ohm[i].imag() > 0.0) {
        const double f = spectrum.frequency_hz[i];
        f_min = first ? f : std::min(f_min, f);
        f_max = first ? f : std::max(f_max, f);
        first = false;
      }
    }
    spectrum.warnings.push_back(eis::detail::to_text(sign.positive_imaginary) + " of " +
                                eis::detail::to_text(spectrum.size()) +
                                " points are inductive (Z'' > 0) between " + short_number(f_min) +
                                " and " + short_number(f_max) + " Hz");
  }
  std::map<double, std::size_t> counts;
  for (const double f : spectrum.frequency_hz) {
    ++counts[f];
  }
  std::size_t duplicated = 0;
  std::string examples;
  for (const auto& [f, n] : counts) {
    if (n > 1) {
      ++duplicated;
      if (duplicated <= 3) {
        examples += (examples.empty() ? "" : ", ") + short_number(f) + " Hz (" +
                    eis::detail::to_text(n) + "x)";
      }
    }
  }
  if (duplicated > 0) {
    spectrum.warnings.push_back(eis::detail::to_text(duplicated) +
                                " frequencies occur more than once: " + examples +
                                (duplicated > 3 ? ", ..." : ""));
  }
}

std::string extension_of(std::string_view name) {
  const auto slash = name.find_last_of("/\\");
  const auto base = slash == std::string_view::npos ? name : name.substr(slash + 1);
  const auto dot = base.find_last_of('.');
  if (dot == std::string_view::npos || dot == 0) {
    return {};
  }
  return to_lower_ascii(base.substr(dot));
}

bool has_extension(std::string_view name, std::string_view ext) {
  return extension_of(name) == to_lower_ascii(ext);
}

}  // namespace eis::io::detail
