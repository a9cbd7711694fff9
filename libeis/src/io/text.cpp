#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <system_error>

#include <eis/error.hpp>
#include <eis/io/text.hpp>

namespace eis::io {
namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Windows-1252 code points of bytes 0x80–0x9F (undefined bytes map to their C1 control code,
// as Python's and WHATWG's decoders do).
constexpr std::array<std::uint16_t, 32> cp1252_high = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

bool is_blank(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0';
}

char lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

std::string utf16_to_utf8(std::string_view bytes, bool little_endian) {
  std::string out;
  out.reserve(bytes.size() / 2);
  const std::size_t n = bytes.size() / 2;
  auto unit = [&](std::size_t i) -> std::uint32_t {
    const auto b0 = static_cast<unsigned char>(bytes[2 * i]);
    const auto b1 = static_cast<unsigned char>(bytes[2 * i + 1]);
    return little_endian ? (static_cast<std::uint32_t>(b1) << 8 | b0)
                         : (static_cast<std::uint32_t>(b0) << 8 | b1);
  };
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < n) {
      const std::uint32_t lo = unit(i + 1);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
        ++i;
        continue;
      }
    }
    if (u >= 0xD800 && u <= 0xDFFF) {
      append_utf8(out, 0xFFFD);
    } else {
      append_utf8(out, u);
    }
  }
  if (bytes.size() % 2 != 0) {
    append_utf8(out, 0xFFFD);
  }
  return out;
}

bool is_valid_utf8(std::string_view bytes) noexcept {
  std::size_t i = 0;
  const std::size_t n = bytes.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (i + len > n) {
      return false;
    }
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(bytes[i + k]);
      if ((cc & 0xC0u) != 0x80u) {
        return false;
      }
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

std::string windows1252_to_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out += ch;
    } else if (c < 0xA0) {
      append_utf8(out, cp1252_high[c - 0x80]);
    } else {
      append_utf8(out, c);
    }
  }
  return out;
}

DecodedText decode_text(std::string_view bytes) {
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    const auto rest = bytes.substr(3);
    if (is_valid_utf8(rest)) {
      return {std::string(rest), "utf-8-bom"};
    }
    return {windows1252_to_utf8(rest), "windows-1252"};
  }
  if (bytes.size() >= 2 && bytes.substr(0, 2) == "\xFF\xFE") {
    return {utf16_to_utf8(bytes.substr(2), true), "utf-16le"};
  }
  if (bytes.size() >= 2 && bytes.substr(0, 2) == "\xFE\xFF") {
    return {utf16_to_utf8(bytes.substr(2), false), "utf-16be"};
  }
  if (is_valid_utf8(bytes)) {
    return {std::string(bytes), "utf-8"};
  }
  return {windows1252_to_utf8(bytes), "windows-1252"};
}

bool looks_binary(std::string_view bytes, std::size_t probe) noexcept {
  if (bytes.size() >= 2 && (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF")) {
    return false;
  }
  const auto head = bytes.substr(0, std::min(probe, bytes.size()));
  std::size_t control = 0;
  for (const char ch : head) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == 0) {
      return true;
    }
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1A) {
      ++control;
    }
  }
  return control * 20 > head.size();
}

std::vector<TextLine> split_lines(std::string_view text) {
  std::vector<TextLine> lines;
  std::size_t start = 0;
  std::size_t number = 1;
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const char c = text[i];
    if (c == '\n' || c == '\r') {
      lines.push_back({text.substr(start, i - start), number++});
      if (c == '\r' && i + 1 < n && text[i + 1] == '\n') {
        ++i;
      }
      start = i + 1;
    }
    ++i;
  }
  if (start < n) {
    lines.push_back({text.substr(start), number});
  }
  return lines;
}

std::string_view trim(std::string_view text) noexcept {
  std::size_t b = 0;
  std::size_t e = text.size();
  while (b < e && is_blank(text[b])) {
    ++b;
  }
  while (e > b && is_blank(text[e - 1])) {
    --e;
  }
  return text.substr(b, e - b);
}

std::vector<std::string_view> split_fields(std::string_view line, char separator) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || line[i] == separator) {
      fields.push_back(line.substr(start, i - start));
      start = i + 1;
    }
  }
  return fields;
}

std::vector<std::string_view> split_whitespace(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
      ++i;
    }
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') {
      ++i;
    }
    if (i > start) {
      fields.push_back(line.substr(start, i - start));
    }
  }
  return fields;
}

std::vector<std::string> split_quoted(std::string_view line, char separator) {
  std::vector<std::string> fields;
  std::string current;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          current += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        current += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == separator) {
      fields.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  fields.push_back(std::move(current));
  return fields;
}

std::string to_lower_ascii(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    c = lower(c);
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) {
      return false;
    }
  }
  return true;
}

bool istarts_with(std::string_view text, std::string_view prefix) noexcept {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

bool icontains(std::string_view text, std::string_view needle) noexcept {
  if (needle.empty()) {
    return true;
  }
  for (std::size_t i = 0; i + needle.size() <= text.size(); ++i) {
    if (iequals(text.substr(i, needle.size()), needle)) {
      return true;
    }
  }
  return false;
}

std::optional<double> parse_double(std::string_view field, char decimal_separator) noexcept {
  field = trim(field);
  if (!field.empty() && field.front() == '+') {
    field.remove_prefix(1);
    if (!field.empty() && (field.front() == '-' || field.front() == '+')) {
      return std::nullopt;
    }
  }
  if (field.empty() || field.size() > 128) {
    return std::nullopt;
  }
  std::array<char, 130> buffer{};
  std::size_t n = 0;
  for (const char c : field) {
    if (c == decimal_separator) {
      buffer[n++] = '.';
    } else if (c == '.' && decimal_separator != '.') {
      return std::nullopt;  // a '.' in a decimal-comma number is not a decimal point
    } else {
      buffer[n++] = c;
    }
  }
  double value = 0.0;
  const auto res = std::from_chars(buffer.data(), buffer.data() + n, value);
  if (res.ec == std::errc::result_out_of_range) {
    // Subnormal underflow: from_chars reports out of range; treat tiny values as 0 and
    // overflow as not a number (callers then name the field).
    return std::nullopt;
  }
  if (res.ec != std::errc{} || res.ptr != buffer.data() + n) {
    return std::nullopt;
  }
  return value;
}

bool is_number(std::string_view field, char decimal_separator) noexcept {
  return parse_double(field, decimal_separator).has_value();
}

char guess_decimal_separator(const std::vector<std::string_view>& fields) noexcept {
  bool comma_only = false;
  bool dot_only = false;
  for (const auto f : fields) {
    const auto t = trim(f);
    const bool has_comma = t.find(',') != std::string_view::npos;
    const bool has_dot = t.find('.') != std::string_view::npos;
    if (has_comma && !has_dot && parse_double(t, ',').has_value()) {
      comma_only = true;
    } else if (has_dot && !has_comma && parse_double(t, '.').has_value()) {
      dot_only = true;
    }
  }
  return (comma_only && !dot_only) ? ',' : '.';
}

std::size_t column_of(const TextLine& line, std::string_view at) noexcept {
  if (at.data() == nullptr || line.text.data() == nullptr) {
    return 0;
  }
  const auto* begin = line.text.data();
  const auto* end = begin + line.text.size();
  if (at.data() < begin || at.data() > end) {
    return 0;
  }
  return static_cast<std::size_t>(at.data() - begin) + 1;
}

std::string excerpt(std::string_view text) {
  std::string out;
  std::size_t count = 0;
  for (const char ch : text) {
    if (count >= 40) {
      out += "...";
      break;
    }
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) {
      out += '?';
    } else {
      out += ch;
    }
    ++count;
  }
  return out;
}

TextSource::TextSource(std::string name, std::string_view decoded)
    : name_(std::move(name)), text_(decoded), lines_(split_lines(decoded)) {}

void TextSource::fail(const std::string& message, const TextLine& line, std::string_view at) const {
  throw ParseError(message, line.number, column_of(line, at), name_);
}

void TextSource::fail_at(const std::string& message,
                         std::size_t line_number,
                         std::size_t column) const {
  throw ParseError(message, line_number, column, name_);
}

double TextSource::number(const TextLine& line,
                          std::string_view field,
                          std::string_view what,
                          char decimal_separator) const {
  const auto value = parse_double(field, decimal_separator);
  if (!value) {
    const auto t = trim(field);
    fail(t.empty()
             ? "empty field where a number for '" + std::string(what) + "' was expected"
             : "expected a number for '" + std::string(what) + "', found '" + excerpt(t) + "'",
         line,
         t.empty() ? field : t);
  }
  if (!std::isfinite(*value)) {
    fail("'" + std::string(what) + "' is not finite ('" + excerpt(trim(field)) + "')",
         line,
         trim(field));
  }
  return *value;
}

}  // namespace eis::io
