// The `eis` command line program: dispatches to the subcommands in commands/ (CLI.md).
// main returns 2 on eis::Error, 3 when a result is not usable, CLI11's codes for usage errors.
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include <eis/error.hpp>
#include <eis/version.hpp>

#include "commands/common.hpp"
#include "commands/registry.hpp"

int main(int argc, char** argv) {
  CLI::App app{"eis: impedance spectroscopy and ionic-conductivity analysis"};
  app.set_version_flag("--version", std::string("eis ") + eis::version_string);
  app.require_subcommand(1);
  eis::cli::Registry registry;
  eis::cli::register_all(app, registry);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    return registry.run_selected();
  } catch (const eis::Error& e) {
    std::cerr << "eis: error: " << e.what() << '\n';
    return eis::cli::exit_bad_input;
  } catch (const std::exception& e) {
    std::cerr << "eis: internal error: " << e.what() << '\n';
    return 1;
  }
}
