// libFuzzer target: eis::io::read_ivium on arbitrary bytes (see fuzz_common.hpp).
#include <cstddef>
#include <cstdint>

#include <eis/io/ivium.hpp>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return eis::fuzz::run(
      data, size, [](std::string_view bytes) { return eis::io::read_ivium(bytes, "fuzz.ids"); });
}
