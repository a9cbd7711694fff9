/// @file
/// The exceptions libeis throws: only for bad input and I/O, all derived from eis::Error so one
/// `catch (const eis::Error&)` covers everything. Numerical outcomes (non-convergence, a failed
/// KK test) are reported in Result structs, never thrown (CONVENTIONS.md §5).
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

#include <eis/detail/to_text.hpp>

namespace eis {

/// Base of every exception libeis throws.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The caller broke a documented precondition (sizes disagree, a frequency ≤ 0, NaN input).
class InvalidArgument : public Error {
 public:
  using Error::Error;
};

/// Malformed text: a circuit string or file content. line() and column() are 1-based; 0 means
/// "not applicable". what() already contains the file, line and column.
class ParseError : public Error {
 public:
  ParseError(const std::string& message,
             std::size_t line = 0,
             std::size_t column = 0,
             std::string file = {})
      : Error(compose(message, line, column, file)),
        line_(line),
        column_(column),
        file_(std::move(file)),
        message_(message) {}
  [[nodiscard]] std::size_t line() const noexcept { return line_; }
  [[nodiscard]] std::size_t column() const noexcept { return column_; }
  [[nodiscard]] const std::string& file() const noexcept { return file_; }
  /// The message without the location prefix.
  [[nodiscard]] const std::string& bare_message() const noexcept { return message_; }

 private:
  static std::string compose(const std::string& message,
                             std::size_t line,
                             std::size_t column,
                             const std::string& file) {
    std::string out;
    if (!file.empty()) {
      out += file;
      out += ':';
    }
    if (line > 0) {
      out += (file.empty() ? "line " : "") + eis::detail::to_text(line) + ':';
    }
    if (column > 0) {
      out += (file.empty() && line == 0 ? "column " : "") + eis::detail::to_text(column) + ':';
    }
    if (!out.empty()) {
      out += ' ';
    }
    return out + message;
  }
  std::size_t line_;
  std::size_t column_;
  std::string file_;
  std::string message_;
};

/// A file cannot be opened or read.
class IoError : public Error {
 public:
  IoError(const std::string& message, std::string path)
      : Error(path.empty() ? message : path + ": " + message), path_(std::move(path)) {}
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

}  // namespace eis
