#include "commands/common.hpp"

#include <charconv>
#include <cmath>
#include <system_error>

namespace eis::cli {

std::string format_double(double value) {
  if (std::isnan(value)) {
    return "nan";
  }
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  if (result.ec != std::errc{}) {
    return "nan";
  }
  return {buffer, result.ptr};
}

std::string csv_field(std::string_view text) {
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
  out += '"';
  return out;
}

}  // namespace eis::cli
