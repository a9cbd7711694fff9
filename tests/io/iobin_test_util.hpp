/// @file
/// Helpers of the binary/structured reader tests: load a fixture, feed a reader every prefix
/// of a file (truncation must give eis::ParseError or a clean read, never a crash).
#pragma once

#include <cstddef>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include <eis/error.hpp>

#include "support/support.hpp"

namespace eis::test {

/// The bytes of tests/data/<relative>.
inline std::string fixture_bytes(const std::string& relative) {
  std::ifstream in(data_path(relative), std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << data_path(relative);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Calls `read(prefix)` for prefix lengths 0, step, 2·step, … and every length in
/// [dense_from, dense_to); each call must return or throw eis::ParseError. Returns how many
/// prefixes were read without an exception.
template <class Read>
std::size_t expect_prefixes_parse_or_throw(const std::string& bytes,
                                           Read read,
                                           std::size_t step,
                                           std::size_t dense_from = 0,
                                           std::size_t dense_to = 0) {
  std::size_t ok = 0;
  for (std::size_t n = 0; n <= bytes.size(); ++n) {
    if (n % step != 0 && !(n >= dense_from && n < dense_to) && n != bytes.size()) {
      continue;
    }
    // A copy, so that reading past the prefix is caught by AddressSanitizer.
    const std::string prefix = bytes.substr(0, n);
    try {
      read(std::string_view(prefix));
      ++ok;
    } catch (const eis::ParseError&) {
    } catch (const std::exception& e) {
      ADD_FAILURE() << "prefix of " << n << " bytes: unexpected exception " << e.what();
    }
  }
  return ok;
}

}  // namespace eis::test
