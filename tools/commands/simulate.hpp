/// @file
/// `eis simulate --circuit C --params P1,P2,... [--freq-min HZ --freq-max HZ
/// --points-per-decade N | --frequencies FILE] [--noise REL --seed S] [--format csv|json]`:
/// prints the circuit's impedance as `frequency_hz,z_real_ohm,z_imag_ohm` (CLI.md).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "commands/registry.hpp"

namespace eis::cli {

struct SimulateCommand {
  std::string circuit;           ///< impedance.py or CDC text
  std::string params;            ///< comma-separated values in `eis circuit` order
  double freq_min_hz = 1e-2;     ///< lowest frequency of the log grid
  double freq_max_hz = 1e6;      ///< highest frequency (the grid runs from high to low)
  int points_per_decade = 10;    ///< density of the log grid
  std::string frequencies_file;  ///< instead of the grid: one frequency (Hz) per line
  double noise = 0.0;            ///< relative Gaussian noise σ = noise·|Z| on Z' and Z''
  std::uint64_t seed = 42;       ///< seed of the noise
  std::string format = "csv";    ///< csv or json
};

void register_simulate(CLI::App& app, Registry& registry);
int run_simulate(const SimulateCommand& cmd);
int run_simulate(const SimulateCommand& cmd, std::ostream& out);

/// Parses "P1,P2,..." (also ';' or whitespace separated) with std::from_chars.
/// @throws eis::InvalidArgument naming the 1-based position and text of a bad value.
[[nodiscard]] std::vector<double> parse_parameter_list(const std::string& text);

/// Reads frequencies in Hz: the first field (separated by ',', ';', tab or space) of each line;
/// blank lines and lines starting with '#' are skipped, a non-numeric first line is a header.
/// @throws eis::IoError if the file cannot be read; eis::ParseError (with file and line) for a
///         non-numeric, non-finite or non-positive value.
[[nodiscard]] std::vector<double> read_frequency_file(const std::string& path);

}  // namespace eis::cli
