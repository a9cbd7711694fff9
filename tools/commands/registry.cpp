#include "commands/registry.hpp"

// One include and one line per subcommand, in the order `eis --help` lists them.
#include "commands/fit.hpp"

namespace eis::cli {

void register_all(CLI::App& app, Registry& registry) {
  register_fit(app, registry);
}

}  // namespace eis::cli
