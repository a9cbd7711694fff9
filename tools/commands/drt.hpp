/// @file
/// `eis drt FILE`: distribution of relaxation times (CLI.md; eis/drt/tikhonov.hpp).
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "commands/registry.hpp"

namespace eis::cli {

/// Flags of `eis drt` (defaults as in eis::drt::DrtOptions).
struct DrtCommand {
  std::string file;
  std::string reader;           ///< force a reader by name; empty = detect
  int spectrum = 0;             ///< which spectrum of a multi-spectrum file (0-based)
  std::string lambda = "auto";  ///< auto (= lcurve) | gcv | lcurve | re-im | a number
  int order = 1;
  std::string basis = "gaussian";
  double tau_per_decade = 10.0;
  bool series_c = false;
  bool inductance = false;
  std::string weighting = "modulus";
  double credible_level = 0.95;   ///< probability of the γ band
  double min_significance = 0.0;  ///< peaks less significant (in σ) are merged; 0 = off
  std::string format = "csv";
  std::string plot_dir;
};

void register_drt(CLI::App& app, Registry& registry);
int run_drt(const DrtCommand& cmd);

}  // namespace eis::cli
