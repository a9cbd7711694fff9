#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <string>
#include <system_error>

#include <eis/conductivity/manifest.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>
#include <eis/units.hpp>

namespace eis {
namespace {

struct Field {
  std::string text;
  std::size_t column = 1;  // 1-based character column where the field starts
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

/// Splits one CSV line (RFC 4180 quoting, no embedded line breaks).
std::vector<Field> split_line(std::string_view line,
                              std::size_t line_number,
                              const std::string& name) {
  std::vector<Field> fields;
  std::size_t i = 0;
  while (true) {
    Field f;
    f.column = i + 1;
    std::size_t start = i;
    while (start < line.size() && (line[start] == ' ' || line[start] == '\t')) {
      ++start;
    }
    if (start < line.size() && line[start] == '"') {
      std::size_t j = start + 1;
      bool closed = false;
      while (j < line.size()) {
        if (line[j] == '"') {
          if (j + 1 < line.size() && line[j + 1] == '"') {
            f.text += '"';
            j += 2;
            continue;
          }
          closed = true;
          ++j;
          break;
        }
        f.text += line[j++];
      }
      if (!closed) {
        throw ParseError("unterminated quoted field", line_number, start + 1, name);
      }
      while (j < line.size() && (line[j] == ' ' || line[j] == '\t' || line[j] == '\r')) {
        ++j;
      }
      if (j < line.size() && line[j] != ',') {
        throw ParseError("unexpected text after a quoted field", line_number, j + 1, name);
      }
      i = j;
    } else {
      const std::size_t end = line.find(',', i);
      const std::size_t stop = end == std::string_view::npos ? line.size() : end;
      f.text = std::string(trim(line.substr(i, stop - i)));
      i = stop;
    }
    fields.push_back(std::move(f));
    if (i >= line.size()) {
      break;
    }
    ++i;  // skip the comma
  }
  return fields;
}

double parse_number(const Field& f, std::size_t line, const std::string& name, const char* what) {
  const std::string_view s = trim(f.text);
  double value = 0.0;
  const auto result = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || result.ec != std::errc{} || result.ptr != s.data() + s.size() ||
      !std::isfinite(value)) {
    throw ParseError(std::string("malformed ") + what + " '" + f.text + "'", line, f.column, name);
  }
  return value;
}

}  // namespace

std::vector<ManifestEntry> parse_manifest(std::string_view text,
                                          const std::filesystem::path& base_directory,
                                          const std::string& name) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
    text.remove_prefix(3);
  }
  std::vector<ManifestEntry> entries;
  int col_file = -1;
  int col_tk = -1;
  int col_tc = -1;
  int col_cycle = -1;
  int col_direction = -1;
  std::size_t header_fields = 0;
  bool have_header = false;
  std::size_t header_line = 0;
  std::size_t line_number = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t end = text.find('\n', pos);
    const std::string_view raw =
        text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? text.size() + 1 : end + 1;
    ++line_number;
    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') {
      continue;
    }
    const std::string_view content = raw.back() == '\r' ? raw.substr(0, raw.size() - 1) : raw;
    const std::vector<Field> fields = split_line(content, line_number, name);
    if (!have_header) {
      have_header = true;
      header_line = line_number;
      header_fields = fields.size();
      for (std::size_t k = 0; k < fields.size(); ++k) {
        const std::string_view h = trim(fields[k].text);
        const int idx = static_cast<int>(k);
        int* slot = h == "file"            ? &col_file
                    : h == "temperature_k" ? &col_tk
                    : h == "temperature_c" ? &col_tc
                    : h == "cycle"         ? &col_cycle
                    : h == "direction"     ? &col_direction
                                           : nullptr;
        if (slot != nullptr) {
          if (*slot >= 0) {
            throw ParseError(
                "duplicate column '" + std::string(h) + "'", line_number, fields[k].column, name);
          }
          *slot = idx;
        }
      }
      if (col_file < 0) {
        throw ParseError("the header has no 'file' column", line_number, 1, name);
      }
      if ((col_tk < 0) == (col_tc < 0)) {
        throw ParseError("the header needs exactly one of 'temperature_k' and 'temperature_c'",
                         line_number,
                         1,
                         name);
      }
      continue;
    }
    if (fields.size() != header_fields) {
      throw ParseError("expected " + eis::detail::to_text(header_fields) + " fields, found " +
                           eis::detail::to_text(fields.size()),
                       line_number,
                       1,
                       name);
    }
    ManifestEntry e;
    e.line = line_number;
    const Field& ff = fields[static_cast<std::size_t>(col_file)];
    e.file = ff.text;
    if (e.file.empty()) {
      throw ParseError("empty file name", line_number, ff.column, name);
    }
    const std::filesystem::path p(e.file);
    e.path = p.is_absolute() ? p : base_directory / p;
    const bool celsius = col_tc >= 0;
    const Field& tf = fields[static_cast<std::size_t>(celsius ? col_tc : col_tk)];
    if (!trim(tf.text).empty()) {
      const double t = parse_number(tf, line_number, name, "temperature");
      const double t_k = celsius ? units::celsius_to_kelvin(t) : t;
      if (!(t_k > 0.0)) {
        throw ParseError(
            "temperature " + tf.text + " is not above 0 K", line_number, tf.column, name);
      }
      e.temperature_k = t_k;
    }
    if (col_cycle >= 0) {
      const Field& cf = fields[static_cast<std::size_t>(col_cycle)];
      const std::string_view s = trim(cf.text);
      int cycle = 0;
      const auto r = std::from_chars(s.data(), s.data() + s.size(), cycle);
      if (s.empty() || r.ec != std::errc{} || r.ptr != s.data() + s.size()) {
        throw ParseError("malformed cycle '" + cf.text + "' (an integer is expected)",
                         line_number,
                         cf.column,
                         name);
      }
      e.cycle = cycle;
    }
    if (col_direction >= 0) {
      const Field& df = fields[static_cast<std::size_t>(col_direction)];
      const std::string_view s = trim(df.text);
      if (s == "heating") {
        e.direction = Direction::heating;
      } else if (s == "cooling") {
        e.direction = Direction::cooling;
      } else {
        throw ParseError("direction must be 'heating' or 'cooling', got '" + df.text + "'",
                         line_number,
                         df.column,
                         name);
      }
    }
    entries.push_back(std::move(e));
  }
  if (!have_header) {
    throw ParseError("the manifest is empty (no header)", line_number, 0, name);
  }
  if (entries.empty()) {
    throw ParseError("the manifest lists no spectra", header_line, 0, name);
  }
  return entries;
}

std::vector<ManifestEntry> read_manifest(const std::filesystem::path& manifest) {
  std::ifstream in(manifest, std::ios::binary);
  if (!in) {
    throw IoError("cannot open manifest", manifest.string());
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    throw IoError("cannot read manifest", manifest.string());
  }
  return parse_manifest(buffer.str(), manifest.parent_path(), manifest.string());
}

TemperatureUnit parse_temperature_unit(std::string_view text) {
  if (text == "C" || text == "c") {
    return TemperatureUnit::celsius;
  }
  if (text == "K" || text == "k") {
    return TemperatureUnit::kelvin;
  }
  throw InvalidArgument("temperature unit must be C or K, got '" + std::string(text) + "'");
}

double temperature_from_name(const std::filesystem::path& file,
                             const std::string& pattern,
                             TemperatureUnit unit) {
  std::regex re;
  try {
    re = std::regex(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    throw InvalidArgument("malformed regular expression '" + pattern + "': " + e.what());
  }
  if (re.mark_count() < 1) {
    throw InvalidArgument("regular expression '" + pattern +
                          "' needs a capture group around the temperature");
  }
  const std::string base = file.filename().string();
  std::smatch match;
  if (!std::regex_search(base, match, re) || !match[1].matched) {
    throw InvalidArgument("file name '" + base + "' does not match '" + pattern + "'");
  }
  const std::string text = match[1].str();
  double value = 0.0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || r.ec != std::errc{} || r.ptr != text.data() + text.size()) {
    throw InvalidArgument("'" + text + "' taken from file name '" + base + "' by '" + pattern +
                          "' is not a number");
  }
  const double t_k = unit == TemperatureUnit::celsius ? units::celsius_to_kelvin(value) : value;
  if (!(t_k > 0.0)) {
    throw InvalidArgument("temperature from file name '" + base + "' is not above 0 K");
  }
  return t_k;
}

}  // namespace eis
