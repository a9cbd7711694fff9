/// @file
/// `eis fit FILE --circuit C ...` (CLI.md): fits an equivalent circuit to one spectrum and
/// prints parameters with uncertainties and fit statistics (JSON or CSV).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "commands/registry.hpp"

namespace eis::cli {

/// Plain fields of `eis fit`, filled by CLI11 or by tests.
struct FitCommand {
  std::string file;
  std::string circuit;
  std::string initial;              ///< "P1,P2,..." in `eis circuit` order; empty = automatic
  std::vector<std::string> fixed;   ///< NAME=VALUE
  std::vector<std::string> bounds;  ///< NAME=LO:HI
  std::string weighting = "modulus";
  std::string domain = "impedance";
  bool global = false;
  std::optional<double> fmin_hz;
  std::optional<double> fmax_hz;
  bool drop_inductive = false;
  bool kk_mask = false;  ///< drop Lin-KK non-compliant points before fitting
  int multi_starts = 16;
  unsigned long long seed = 42;
  int max_iterations = 200;
  std::string reader;           ///< force a reader; empty = detect
  std::size_t spectrum = 0;     ///< which spectrum of a multi-spectrum file
  std::string format = "json";  ///< json | csv
  std::string plot_dir;         ///< --plot DIR; empty = no plots
};

/// Adds the `fit` subcommand to `app` and its callback to `registry`.
void register_fit(CLI::App& app, Registry& registry);

/// Runs `eis fit`; returns the exit code (0, or 3 when the fit is not usable).
/// @throws eis::Error for bad input (main turns it into exit code 2).
int run_fit(const FitCommand& command);

}  // namespace eis::cli
