#include "commands/registry.hpp"

// One include and one line per subcommand, in the order `eis --help` lists them.

namespace eis::cli {

void register_all(CLI::App& app, Registry& registry) {
  (void)app;
  (void)registry;
}

}  // namespace eis::cli
