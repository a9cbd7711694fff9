#include "commands/registry.hpp"

#include "commands/arrhenius.hpp"

// One include and one line per subcommand, in the order `eis --help` lists them.

namespace eis::cli {

void register_all(CLI::App& app, Registry& registry) {
  register_arrhenius(app, registry);
}

}  // namespace eis::cli
