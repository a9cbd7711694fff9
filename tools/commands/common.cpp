#include "commands/common.hpp"

#include <eis/io/write.hpp>

namespace eis::cli {

// The CLI writes numbers and CSV fields exactly as the library's writers do (one
// implementation, so `eis read` output and every other command agree).
std::string format_double(double value) {
  return eis::io::format_number(value);
}

std::string csv_field(std::string_view text) {
  return eis::io::csv_quote(text);
}

}  // namespace eis::cli
