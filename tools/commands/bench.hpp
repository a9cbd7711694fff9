/// @file
/// `eis bench`: a quick self-timing of circuit evaluation, the Jacobian, the hand-written
/// reference kernel and a fit on this machine (eis/fit/self_timing.hpp, issue 10).
#pragma once

#include <cstddef>
#include <string>

#include <CLI/CLI.hpp>

#include "commands/registry.hpp"

namespace eis::cli {

/// Flags of `eis bench` (defaults as in eis::SelfTimingOptions).
struct BenchCommand {
  std::string circuit = "R0-p(R1,CPE1)-p(R2,CPE2)-CPE3";
  std::size_t points = 4096;
  double seconds = 0.2;  ///< wall seconds per timed quantity
  int threads = 1;
  std::string format = "csv";
};

void register_bench(CLI::App& app, Registry& registry);
int run_bench(const BenchCommand& cmd);

}  // namespace eis::cli
