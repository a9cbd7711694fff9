/// @file
/// `eis circuit C [--format csv|json]`: parses a circuit (impedance.py syntax or Boukamp CDC,
/// detected automatically) and lists its parameters with units and default bounds (CLI.md).
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include <eis/circuit/circuit.hpp>

#include "commands/registry.hpp"

namespace eis::cli {

struct CircuitCommand {
  std::string circuit;         ///< impedance.py (`R0-p(R1,CPE1)`) or CDC (`R(RQ)`) text
  std::string format = "csv";  ///< csv (one row per parameter) or json
};

void register_circuit(CLI::App& app, Registry& registry);
int run_circuit(const CircuitCommand& cmd);
int run_circuit(const CircuitCommand& cmd, std::ostream& out);

/// parse_circuit() for command-line arguments: a ParseError is rethrown with the circuit text
/// and a caret under the offending column appended to the message.
[[nodiscard]] Circuit parse_circuit_argument(std::string_view text);

}  // namespace eis::cli
