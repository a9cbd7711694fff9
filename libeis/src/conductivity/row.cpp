#include <charconv>
#include <cmath>
#include <string>
#include <system_error>

#include <eis/conductivity/row.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>

namespace eis {
namespace {

void append_number(std::string& out, const std::optional<double>& value) {
  if (!value || !std::isfinite(*value)) {
    return;  // empty field: not resolved
  }
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), *value);
  if (result.ec == std::errc{}) {
    out.append(buffer, result.ptr);
  }
}

void append_text(std::string& out, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += text;
    return;
  }
  out += '"';
  for (const char c : text) {
    if (c == '"') {
      out += '"';
    }
    out += c;
  }
  out += '"';
}

}  // namespace

std::string series_csv_header() {
  return "file,cycle,direction,temperature_k,r_bulk_ohm,r_bulk_stderr_ohm,r_gb_ohm,"
         "r_gb_stderr_ohm,r_total_ohm,c_bulk_f,c_gb_f,sigma_bulk_s_per_cm,"
         "sigma_bulk_stderr_s_per_cm,sigma_total_s_per_cm,sigma_total_stderr_s_per_cm,model,"
         "usable";
}

std::string series_csv_line(const ConductivityRow& row) {
  std::string out;
  append_text(out, row.file);
  out += ',';
  out += eis::detail::to_text(row.cycle);
  out += ',';
  out += to_string(row.direction);
  out += ',';
  append_number(out, row.temperature_k);
  for (const auto* value : {&row.r_bulk_ohm,
                            &row.r_bulk_stderr_ohm,
                            &row.r_gb_ohm,
                            &row.r_gb_stderr_ohm,
                            &row.r_total_ohm,
                            &row.c_bulk_f,
                            &row.c_gb_f,
                            &row.sigma_bulk_s_per_cm,
                            &row.sigma_bulk_stderr_s_per_cm,
                            &row.sigma_total_s_per_cm,
                            &row.sigma_total_stderr_s_per_cm}) {
    out += ',';
    append_number(out, *value);
  }
  out += ',';
  append_text(out, row.model);
  out += ',';
  out += row.usable ? "true" : "false";
  return out;
}

void write_series_csv(std::ostream& out, std::span<const ConductivityRow> rows) {
  out << series_csv_header() << '\n';
  for (const ConductivityRow& row : rows) {
    out << series_csv_line(row) << '\n';
  }
}

}  // namespace eis
