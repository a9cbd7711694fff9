// libFuzzer target: eis::io::read_bytes on arbitrary bytes, once with content detection and
// once forced to each reader (ReadOptions::reader), so every reader in the dispatch table is
// exercised, the text readers included (see fuzz_common.hpp).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <eis/io/read.hpp>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<std::string> names = eis::io::reader_names();
  eis::fuzz::run(
      data, size, [](std::string_view bytes) { return eis::io::read_bytes(bytes, "fuzz-input"); });
  for (const auto& name : names) {
    eis::fuzz::run(data, size, [&](std::string_view bytes) {
      return eis::io::read_bytes(bytes, "fuzz-input", {.reader = name});
    });
  }
  return 0;
}
