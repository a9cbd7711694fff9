/// @file
/// Shared body of the libFuzzer targets: run a reader on arbitrary bytes; eis::ParseError is
/// the only acceptable failure, and whatever a reader returns must satisfy the Spectrum and
/// Voltammogram invariants (otherwise the target traps, and libFuzzer saves the input).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <eis/error.hpp>
#include <eis/io/read.hpp>
#include <eis/spectrum.hpp>

namespace eis::fuzz {

inline std::string_view as_bytes(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Traps unless every spectrum is valid (equal sizes, f finite and > 0, Z finite) and every
/// voltammogram's per-point vectors have one length.
inline void check_result(const io::ReadResult& result) {
  for (const auto& s : result.spectra) {
    try {
      validate_spectrum(s, 1);
    } catch (const InvalidArgument&) {
      __builtin_trap();
    }
    if (!s.time_s.empty() && s.time_s.size() != s.size()) {
      __builtin_trap();
    }
  }
  for (const auto& v : result.voltammograms) {
    if (v.time_s.size() != v.size() || v.current_a.size() != v.size() ||
        (!v.cycle.empty() && v.cycle.size() != v.size())) {
      __builtin_trap();
    }
  }
}

/// Runs `read(bytes)`; ParseError is fine, any other exception escapes (a libFuzzer crash).
template <class Read>
int run(const std::uint8_t* data, std::size_t size, Read read) {
  try {
    check_result(read(as_bytes(data, size)));
  } catch (const ParseError&) {
  }
  return 0;
}

}  // namespace eis::fuzz
