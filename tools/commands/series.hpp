/// @file
/// `eis series`: fits every spectrum of a temperature series and prints one conductivity row
/// per spectrum (CLI.md). The analysis is libeis' fit_series(); this command reads the inputs,
/// formats the output, draws the plots and shows progress on stderr.
#pragma once

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "commands/registry.hpp"

namespace eis::cli {

struct SeriesCommand {
  std::vector<std::string> inputs;  ///< MANIFEST.csv, or spectrum files
  std::string cell = "blocking";
  double thickness_cm = 0.0;
  std::optional<double> area_cm2;
  std::optional<double> diameter_cm;
  double thickness_err_cm = 0.0;
  double area_err_cm2 = 0.0;
  double diameter_err_cm = 0.0;
  std::string temperature_from_name;  ///< regex; files mode
  std::string temperature_unit = "C";
  int cycle = 1;                      ///< files mode
  std::string direction = "heating";  ///< files mode
  std::string reader;                 ///< force a reader
  int spectrum = 0;                   ///< spectrum index inside multi-spectrum files
  std::string criterion = "aic";
  bool kk_mask = false;  ///< drop Lin-KK non-compliant points before each fit
  int threads = 1;
  bool tied = false;  ///< also fit each run with R_bulk(T) tied to the σT-Arrhenius law
  double tied_t_min_k = 0.0;
  double tied_t_max_k = std::numeric_limits<double>::infinity();
  std::string format = "csv";
  std::string plot_dir;
  bool no_progress = false;
};

void register_series(CLI::App& app, Registry& registry);
int run_series(const SeriesCommand& cmd);

}  // namespace eis::cli
