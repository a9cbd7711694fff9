#include "commands/registry.hpp"

#include "commands/arrhenius.hpp"
#include "commands/circuit.hpp"
#include "commands/drt.hpp"
#include "commands/kk.hpp"
#include "commands/simulate.hpp"

// One include and one line per subcommand, in the order `eis --help` lists them.

namespace eis::cli {

void register_all(CLI::App& app, Registry& registry) {
  register_circuit(app, registry);
  register_simulate(app, registry);
  register_kk(app, registry);
  register_drt(app, registry);
  register_arrhenius(app, registry);
}

}  // namespace eis::cli
