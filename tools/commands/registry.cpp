#include "commands/registry.hpp"

#include "commands/arrhenius.hpp"
#include "commands/circuit.hpp"
#include "commands/cv.hpp"
#include "commands/drt.hpp"
#include "commands/fit.hpp"
#include "commands/kk.hpp"
#include "commands/read.hpp"
#include "commands/series.hpp"
#include "commands/simulate.hpp"

// One include and one line per subcommand, in the order `eis --help` lists them.

namespace eis::cli {

void register_all(CLI::App& app, Registry& registry) {
  register_read(app, registry);
  register_circuit(app, registry);
  register_simulate(app, registry);
  register_fit(app, registry);
  register_kk(app, registry);
  register_drt(app, registry);
  register_series(app, registry);
  register_arrhenius(app, registry);
  register_cv(app, registry);
}

}  // namespace eis::cli
