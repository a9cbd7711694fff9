#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <eis/detail/reader_support.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>
#include <eis/io/ivium.hpp>
#include <eis/io/text.hpp>

namespace eis::io {
namespace {

using Line = TextLine;

struct Token {
  std::string_view text;
  std::size_t column;  // 1-based
};

std::vector<Token> tokens(std::string_view line) {
  std::vector<Token> out;
  for (const auto field : split_whitespace(line)) {
    // NUL padding is not a value either.
    const auto t = trim(field);
    if (!t.empty()) {
      out.push_back({t, static_cast<std::size_t>(t.data() - line.data()) + 1});
    }
  }
  return out;
}

std::size_t parse_count(const Line& line, std::string_view what, const std::string& file) {
  const auto toks = tokens(line.text);
  if (toks.size() != 1) {
    throw ParseError("expected the " + std::string(what) + " (one integer), found \"" +
                         std::string(trim(line.text)) + "\"",
                     line.number,
                     1,
                     file);
  }
  const auto value = parse_double(toks[0].text);
  if (!value || *value < 0 || *value > 1e9 || std::floor(*value) != *value) {
    throw ParseError("the " + std::string(what) + " \"" + std::string(toks[0].text) +
                         "\" is not a non-negative integer",
                     line.number,
                     toks[0].column,
                     file);
  }
  return static_cast<std::size_t>(*value);
}

std::string_view value_after(std::string_view line, std::string_view key) {
  return line.substr(0, key.size()) == key ? trim(line.substr(key.size())) : std::string_view{};
}

}  // namespace

bool looks_like_ivium(std::string_view bytes, std::string_view name) {
  const bool has_block = bytes.find("\nprimary_data") != std::string_view::npos;
  if (detail::has_extension(name, ".idf") || detail::has_extension(name, ".ids")) {
    return has_block;
  }
  return has_block && bytes.find("\nData Objects") != std::string_view::npos;
}

ReadResult read_ivium(std::string_view bytes, std::string_view name, const ReadOptions&) {
  const std::string file(name);
  const auto lines = split_lines(bytes);
  ReadResult result;
  result.file = file;
  result.reader = "ivium";
  std::string title;
  std::string method;
  std::size_t i = 0;
  while (i < lines.size()) {
    const auto text = lines[i].text;
    if (const auto v = value_after(text, "Title="); !v.empty()) {
      title = windows1252_to_utf8(v);
    }
    if (const auto v = value_after(text, "Method="); !v.empty()) {
      method = windows1252_to_utf8(v);
    }
    if (trim(text) != "primary_data") {
      ++i;
      continue;
    }
    const std::size_t block_line = lines[i].number;
    if (i + 2 >= lines.size()) {
      throw ParseError("file ends inside the primary_data header", block_line, 1, file);
    }
    const std::size_t columns = parse_count(lines[i + 1], "column count", file);
    if (columns < 3) {
      throw ParseError(
          "primary_data has " + eis::detail::to_text(columns) + " columns; Z', Z'' and f need 3",
          lines[i + 1].number,
          1,
          file);
    }
    const std::size_t rows = parse_count(lines[i + 2], "row count", file);
    if (rows > lines.size() - (i + 3)) {
      throw ParseError("primary_data declares " + eis::detail::to_text(rows) +
                           " rows but the file ends after " +
                           eis::detail::to_text(lines.size() - (i + 3)),
                       lines[i + 2].number,
                       1,
                       file);
    }
    Spectrum s;
    for (std::size_t r = 0; r < rows; ++r) {
      const Line& line = lines[i + 3 + r];
      const auto toks = tokens(line.text);
      if (toks.size() < 3) {
        throw ParseError(
            "expected Z', Z'' and f, found " + eis::detail::to_text(toks.size()) + " values",
            line.number,
            toks.empty() ? 1 : toks.back().column,
            file);
      }
      double v[3];
      for (std::size_t c = 0; c < 3; ++c) {
        const auto value = parse_double(toks[c].text);
        if (!value || !std::isfinite(*value)) {
          throw ParseError("\"" + std::string(toks[c].text) + "\" is not a finite number",
                           line.number,
                           toks[c].column,
                           file);
        }
        v[c] = *value;
      }
      if (!(v[2] > 0.0)) {
        throw ParseError("frequency " + std::string(toks[2].text) + " Hz is not > 0",
                         line.number,
                         toks[2].column,
                         file);
      }
      s.frequency_hz.push_back(v[2]);
      s.impedance_ohm.emplace_back(v[0], v[1]);
    }
    if (rows == 0) {
      result.warnings.push_back("line " + eis::detail::to_text(block_line) +
                                ": primary_data block with 0 rows skipped");
    } else {
      s.metadata.technique = method;
      s.metadata.column_names = {"Z'/Ohm", "Z''/Ohm", "f/Hz"};
      if (!title.empty()) {
        s.metadata.extra["title"] = title;
      }
      s.metadata.extra["line"] = eis::detail::to_text(block_line);
      detail::finish_spectrum(s);
      result.spectra.push_back(std::move(s));
    }
    i += 3 + rows;
  }
  if (result.spectra.empty()) {
    throw ParseError(
        "no Ivium primary_data block with data", lines.empty() ? 1 : lines.back().number, 0, file);
  }
  return result;
}

}  // namespace eis::io
