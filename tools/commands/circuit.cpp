#include "commands/circuit.hpp"

#include <cmath>
#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include <eis/error.hpp>

#include "commands/common.hpp"

namespace eis::cli {

void register_circuit(CLI::App& app, Registry& registry) {
  auto cmd = std::make_shared<CircuitCommand>();
  auto* sub = app.add_subcommand(
      "circuit",
      "Parse a circuit (impedance.py syntax such as R0-p(R1,CPE1)-CPE2, or Boukamp CDC such as "
      "R(RQ)(RQ)Q) and list its parameters: name, unit, default bounds");
  sub->add_option("circuit", cmd->circuit, "circuit text")->required();
  sub->add_option("--format", cmd->format, "output format: csv or json (default csv)")
      ->check(CLI::IsMember({"csv", "json"}));
  registry.add(sub, [cmd] { return run_circuit(*cmd); });
}

Circuit parse_circuit_argument(std::string_view text) {
  try {
    return parse_circuit(text);
  } catch (const ParseError& e) {
    std::string message = e.bare_message() + " in circuit '" + std::string(text) + "'\n  " +
                          std::string(text) + "\n  ";
    message += std::string(e.column() > 0 ? e.column() - 1 : 0, ' ') + "^";
    throw ParseError(message, 0, e.column());
  }
}

int run_circuit(const CircuitCommand& cmd) {
  return run_circuit(cmd, std::cout);
}

int run_circuit(const CircuitCommand& cmd, std::ostream& out) {
  const Circuit c = parse_circuit_argument(cmd.circuit);
  const auto bound = [](double value) -> nlohmann::json {
    if (std::isfinite(value)) {
      return value;
    }
    return nullptr;
  };
  if (cmd.format == "json") {
    nlohmann::json doc;
    doc["circuit"] = format_circuit(c, CircuitSyntax::impedance_py);
    doc["cdc"] = format_circuit(c, CircuitSyntax::cdc);
    doc["parameters"] = nlohmann::json::array();
    for (const auto& p : c.parameters()) {
      const auto& element = c.elements()[p.element];
      const auto& spec =
          element_info(element.kind).parameters[&p - &c.parameters()[element.first_parameter]];
      doc["parameters"].push_back({{"name", p.name},
                                   {"unit", p.unit},
                                   {"lower", bound(p.lower)},
                                   {"upper", bound(p.upper)},
                                   {"scale", p.scale == ParameterScale::log ? "log" : "linear"},
                                   {"element", element.label},
                                   {"element_kind", std::string(to_string(element.kind))},
                                   {"meaning", std::string(spec.meaning)}});
    }
    out << doc.dump(2) << '\n';
    return exit_ok;
  }
  out << "name,unit,lower,upper,scale,element,element_kind,meaning\n";
  for (const auto& p : c.parameters()) {
    const auto& element = c.elements()[p.element];
    const auto& spec =
        element_info(element.kind).parameters[&p - &c.parameters()[element.first_parameter]];
    out << csv_field(p.name) << ',' << csv_field(p.unit) << ','
        << (std::isfinite(p.lower) ? format_double(p.lower) : "") << ','
        << (std::isfinite(p.upper) ? format_double(p.upper) : "") << ','
        << (p.scale == ParameterScale::log ? "log" : "linear") << ',' << csv_field(element.label)
        << ',' << to_string(element.kind) << ',' << csv_field(spec.meaning) << '\n';
  }
  return exit_ok;
}

}  // namespace eis::cli
