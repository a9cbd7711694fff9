/// @file
/// `eis kk FILE`: Lin-KK validation (CLI.md; eis/validation/lin_kk.hpp).
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "commands/registry.hpp"

namespace eis::cli {

/// Flags of `eis kk` (defaults as in eis::validation::LinKkOptions).
struct KkCommand {
  std::string file;
  std::string reader;  ///< force a reader by name; empty = detect
  int spectrum = 0;    ///< which spectrum of a multi-spectrum file (0-based)
  std::string domain = "impedance";
  bool series_c = false;
  bool series_l = false;
  double mu_threshold = 0.85;
  int max_elements = 50;
  int elements = 0;  ///< 0 = automatic
  double tau_extension = 1.0;
  double noise = 0.0;  ///< relative noise level; 0 = estimate
  std::string format = "csv";
  std::string plot_dir;
};

void register_kk(CLI::App& app, Registry& registry);
int run_kk(const KkCommand& cmd);

}  // namespace eis::cli
