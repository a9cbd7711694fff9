/// @file
/// Bounds-checked reads of little- and big-endian integers and IEEE-754 floats from a byte
/// buffer, for the binary instrument readers (.mpr, .ism). Every out-of-range read throws
/// eis::ParseError naming the file and the byte offset, so truncated or garbage input can never
/// read past the buffer. Internal: no stability promise.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>

namespace eis::io::detail {

/// A read-only view of binary file content with checked accessors. Offsets are absolute
/// (from the start of the buffer).
/// Thread-safety: a view; safe to share while the viewed bytes outlive it unchanged.
class ByteReader {
 public:
  ByteReader(std::string_view bytes, std::string_view file) : bytes_(bytes), file_(file) {}

  [[nodiscard]] std::size_t size() const noexcept { return bytes_.size(); }
  [[nodiscard]] std::string_view bytes() const noexcept { return bytes_; }
  [[nodiscard]] std::string_view file() const noexcept { return file_; }

  /// True when [offset, offset + count) lies inside the buffer (overflow-safe).
  [[nodiscard]] bool has(std::size_t offset, std::size_t count) const noexcept {
    return offset <= bytes_.size() && count <= bytes_.size() - offset;
  }

  /// Throws ParseError unless [offset, offset + count) lies inside the buffer.
  void require(std::size_t offset, std::size_t count, std::string_view what) const {
    if (!has(offset, count)) {
      fail(offset,
           std::string("file ends inside ") + std::string(what) + " (needs " +
               eis::detail::to_text(count) + " bytes, " +
               eis::detail::to_text(offset <= bytes_.size() ? bytes_.size() - offset : 0) +
               " left)");
    }
  }

  /// The bytes [offset, offset + count), checked.
  [[nodiscard]] std::string_view slice(std::size_t offset,
                                       std::size_t count,
                                       std::string_view what) const {
    require(offset, count, what);
    return bytes_.substr(offset, count);
  }

  [[nodiscard]] std::uint8_t u8(std::size_t offset, std::string_view what) const {
    require(offset, 1, what);
    return byte(offset);
  }
  [[nodiscard]] std::uint16_t u16_le(std::size_t offset, std::string_view what) const {
    return static_cast<std::uint16_t>(unsigned_le(offset, 2, what));
  }
  [[nodiscard]] std::uint32_t u32_le(std::size_t offset, std::string_view what) const {
    return static_cast<std::uint32_t>(unsigned_le(offset, 4, what));
  }
  [[nodiscard]] std::uint64_t u64_le(std::size_t offset, std::string_view what) const {
    return unsigned_le(offset, 8, what);
  }
  [[nodiscard]] float f32_le(std::size_t offset, std::string_view what) const {
    return std::bit_cast<float>(u32_le(offset, what));
  }
  [[nodiscard]] double f64_le(std::size_t offset, std::string_view what) const {
    return std::bit_cast<double>(u64_le(offset, what));
  }

  [[nodiscard]] std::uint64_t unsigned_be(std::size_t offset,
                                          std::size_t count,
                                          std::string_view what) const {
    require(offset, count, what);
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < count; ++i) {
      value = (value << 8U) | byte(offset + i);
    }
    return value;
  }
  /// Two's-complement signed big-endian integer of `count` (1..8) bytes, e.g. 6 for int48.
  [[nodiscard]] std::int64_t signed_be(std::size_t offset,
                                       std::size_t count,
                                       std::string_view what) const {
    const std::uint64_t raw = unsigned_be(offset, count, what);
    if (count < 8 && (raw >> (8 * count - 1)) != 0U) {
      return static_cast<std::int64_t>(raw | (~std::uint64_t{0} << (8 * count)));
    }
    return static_cast<std::int64_t>(raw);
  }
  [[nodiscard]] double f64_be(std::size_t offset, std::string_view what) const {
    return std::bit_cast<double>(unsigned_be(offset, 8, what));
  }

  /// Throws ParseError with "byte offset N" in the message (line 0: not a text file).
  [[noreturn]] void fail(std::size_t offset, const std::string& message) const {
    throw ParseError(
        message + " at byte offset " + eis::detail::to_text(offset), 0, 0, std::string(file_));
  }

 private:
  [[nodiscard]] std::uint8_t byte(std::size_t offset) const noexcept {
    return static_cast<std::uint8_t>(bytes_[offset]);
  }
  [[nodiscard]] std::uint64_t unsigned_le(std::size_t offset,
                                          std::size_t count,
                                          std::string_view what) const {
    require(offset, count, what);
    std::uint64_t value = 0;
    for (std::size_t i = count; i > 0; --i) {
      value = (value << 8U) | byte(offset + i - 1);
    }
    return value;
  }

  std::string_view bytes_;
  std::string_view file_;
};

}  // namespace eis::io::detail
