/// @file
/// `eis arrhenius TABLE.csv`: Arrhenius/VTF fits, transitions, hysteresis and cycle comparison
/// of a conductivity table (CLI.md; METHODS.md §7).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "commands/registry.hpp"

namespace eis::cli {

struct ArrheniusCommand {
  std::string table;         ///< CSV path
  std::string law = "auto";  ///< arrhenius | arrhenius-t | vtf | auto
  std::string column = "sigma_total_s_per_cm";
  std::string transitions = "auto";            ///< auto | none | 0 | 1 | 2
  std::optional<int> cycle;                    ///< analyse only this cycle
  std::string format = "csv";                  ///< csv | json
  std::string plot_dir;                        ///< --plot DIR (empty = no plots)
  std::vector<double> compare_temperatures_k;  ///< --compare-at (K) for the cycle comparison
  std::optional<int> reference_cycle;          ///< --reference-cycle
  double confidence = 0.95;
  std::uint64_t seed = 42;
  bool ignore_uncertainties = false;  ///< --unweighted
};

void register_arrhenius(CLI::App& app, Registry& registry);
int run_arrhenius(const ArrheniusCommand& cmd);

}  // namespace eis::cli
