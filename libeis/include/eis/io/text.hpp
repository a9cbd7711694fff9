/// @file
/// Locale-free text toolkit shared by every reader: decoding (UTF-8 with or without BOM,
/// UTF-16 with BOM, Windows-1252), line splitting (LF, CRLF, bare CR), field splitting, number
/// parsing with std::from_chars and an explicit decimal separator, and ParseError construction
/// with file:line:column. Never consults the process locale (CONVENTIONS.md §6).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eis::io {

/// Text decoded to UTF-8 and the encoding it was found in.
struct DecodedText {
  std::string text;      ///< UTF-8, without BOM
  std::string encoding;  ///< "utf-8", "utf-8-bom", "utf-16le", "utf-16be" or "windows-1252"
};

/// True when `bytes` is well-formed UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view bytes) noexcept;

/// Converts Windows-1252 bytes (a superset of Latin-1 for printable characters) to UTF-8:
/// `µ` 0xB5 → U+00B5, `°` 0xB0 → U+00B0, 0x80–0x9F per the Windows-1252 table.
[[nodiscard]] std::string windows1252_to_utf8(std::string_view bytes);

/// Converts UTF-16 code units (no BOM expected; any BOM is kept as U+FEFF) to UTF-8. Surrogate
/// pairs are combined, unpaired surrogates and a trailing odd byte become U+FFFD.
/// Thread-safety: reentrant.
[[nodiscard]] std::string utf16_to_utf8(std::string_view bytes, bool little_endian);

/// Decodes file content to UTF-8: strips a UTF-8 BOM, converts UTF-16LE/BE that starts with a
/// BOM (unpaired surrogates become U+FFFD), and treats any other content that is not valid
/// UTF-8 as Windows-1252 (the legacy encoding of BioLogic, Gamry and Zahner files). NUL bytes
/// are kept as they are.
[[nodiscard]] DecodedText decode_text(std::string_view bytes);

/// True when the first `probe` bytes contain a NUL byte or many control characters, i.e. the
/// content is not plain text (UTF-16 with BOM counts as text).
[[nodiscard]] bool looks_binary(std::string_view bytes, std::size_t probe = 4096) noexcept;

/// One line of a text: its content without the terminator and its 1-based number.
struct TextLine {
  std::string_view text;
  std::size_t number = 0;
};

/// Splits text into lines; LF, CRLF and a bare CR each end a line (so PowerSuite's `\r\r\n`
/// gives an empty line in between). A final line without terminator is kept; a terminator at
/// the very end does not create an extra empty line. The views point into `text`.
[[nodiscard]] std::vector<TextLine> split_lines(std::string_view text);

/// Removes leading and trailing spaces, tabs, CR, LF and NUL.
[[nodiscard]] std::string_view trim(std::string_view text) noexcept;

/// Splits at every `separator` (empty fields kept, so "a\t\tb" gives three fields). The views
/// point into `line`. Fields are not trimmed.
[[nodiscard]] std::vector<std::string_view> split_fields(std::string_view line, char separator);

/// Splits at runs of spaces and tabs; no empty fields.
[[nodiscard]] std::vector<std::string_view> split_whitespace(std::string_view line);

/// Splits a CSV line with RFC 4180 quotes ("a,""b""" → a, "b") at `separator`; quotes are
/// removed, fields are not trimmed. Returned strings are copies.
[[nodiscard]] std::vector<std::string> split_quoted(std::string_view line, char separator);

/// ASCII lower-casing (bytes ≥ 0x80 unchanged).
[[nodiscard]] std::string to_lower_ascii(std::string_view text);
/// ASCII case-insensitive equality / prefix / substring tests.
[[nodiscard]] bool iequals(std::string_view a, std::string_view b) noexcept;
[[nodiscard]] bool istarts_with(std::string_view text, std::string_view prefix) noexcept;
[[nodiscard]] bool icontains(std::string_view text, std::string_view needle) noexcept;

/// Parses a whole field (surrounding blanks allowed, a leading '+' allowed) as a double with
/// the given decimal separator ('.' or ','). Returns nullopt unless the entire trimmed field
/// is one number. "nan"/"inf" are returned as such: callers reject them with a message.
/// Thread-safety: reentrant; uses std::from_chars only.
[[nodiscard]] std::optional<double> parse_double(std::string_view field,
                                                 char decimal_separator = '.') noexcept;

/// True when `field` parses as a number with '.' as decimal separator, or with ','.
[[nodiscard]] bool is_number(std::string_view field, char decimal_separator = '.') noexcept;

/// Guesses the decimal separator from data fields: ',' when some field parses only with ','
/// (e.g. "1,5E+003") and none parses only with '.', otherwise '.'. Fields that are integers
/// do not count.
[[nodiscard]] char guess_decimal_separator(const std::vector<std::string_view>& fields) noexcept;

/// A named text being parsed: throws ParseError with the file name, line and column.
/// Thread-safety: immutable after construction; reentrant.
class TextSource {
 public:
  /// `name` is the file name used in messages; `decoded` must outlive the object.
  TextSource(std::string name, std::string_view decoded);

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] std::string_view text() const noexcept { return text_; }
  [[nodiscard]] const std::vector<TextLine>& lines() const noexcept { return lines_; }

  /// Throws ParseError at `line`; the column is the position of `at` inside the line when `at`
  /// points into it (1-based), else 0.
  [[noreturn]] void fail(const std::string& message,
                         const TextLine& line,
                         std::string_view at = {}) const;
  /// Throws ParseError at a line number (0 = whole file).
  [[noreturn]] void fail_at(const std::string& message,
                            std::size_t line_number,
                            std::size_t column = 0) const;

  /// Parses `field` of `line` as a finite number; throws ParseError naming `what` (e.g.
  /// "freq/Hz") and the offending text if it is not a number or is NaN/Inf.
  [[nodiscard]] double number(const TextLine& line,
                              std::string_view field,
                              std::string_view what,
                              char decimal_separator = '.') const;

 private:
  std::string name_;
  std::string_view text_;
  std::vector<TextLine> lines_;
};

/// 1-based column of `at` inside `line`, or 0 when it does not point into it.
[[nodiscard]] std::size_t column_of(const TextLine& line, std::string_view at) noexcept;

/// Shortens `text` for messages (first 40 characters, then "...").
[[nodiscard]] std::string excerpt(std::string_view text);

}  // namespace eis::io
