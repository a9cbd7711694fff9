/// @file
/// `eis cv FILE`: electrochemical stability window, peaks and plating/stripping of a
/// voltammogram (CLI.md; METHODS.md §8).
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include <CLI/CLI.hpp>

#include "commands/registry.hpp"

namespace eis::cli {

/// Flags of `eis cv` (units in the names; defaults as in the help text).
struct CvCommand {
  std::string file;
  std::optional<double> area_cm2;              ///< --area-cm2; else the file's area
  std::optional<double> threshold_ma_cm2;      ///< --threshold-ma-cm2 (default 0.01 mA/cm²)
  std::optional<double> threshold_a;           ///< --threshold-a
  std::string method = "threshold";            ///< --method threshold|tangent
  std::string format = "csv";                  ///< --format csv|json
  std::string plot_dir;                        ///< --plot DIR
  std::string reader;                          ///< --reader NAME
  int voltammogram = 0;                        ///< --voltammogram K (0-based)
  std::optional<std::string> baseline_window;  ///< --baseline-window LO,HI (V)
  int consecutive_points = 3;                  ///< --consecutive-points m
  double plating_potential_v = 0.0;            ///< --plating-potential-v
};

/// Adds the `cv` subcommand and registers its callback.
void register_cv(CLI::App& app, Registry& registry);

/// Runs `eis cv`: results on `out`, messages on `err`. Returns the exit code (0, or 3 when the
/// record has no sweep); throws eis::Error for bad input (main maps it to exit code 2).
int run_cv(const CvCommand& command, std::ostream& out, std::ostream& err);
int run_cv(const CvCommand& command);

}  // namespace eis::cli
