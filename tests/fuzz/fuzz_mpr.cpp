// libFuzzer target: eis::io::read_biologic_mpr on arbitrary bytes (see fuzz_common.hpp).
#include <cstddef>
#include <cstdint>

#include <eis/io/biologic_mpr.hpp>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return eis::fuzz::run(data, size, [](std::string_view bytes) {
    return eis::io::read_biologic_mpr(bytes, "fuzz.mpr");
  });
}
