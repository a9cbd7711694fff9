// Formatting circuits in both syntaxes (METHODS.md §2.1, §2.2); round-trips with parse.cpp.
#include <string>

#include <eis/circuit/circuit.hpp>

namespace eis {
namespace {

using Node = Circuit::Node;
using NodeType = Circuit::NodeType;

void impedance_py(const Circuit& c, const Node& node, std::string& out) {
  switch (node.type) {
    case NodeType::element:
      out += c.elements()[node.element].label;
      return;
    case NodeType::series:
      for (std::size_t k = 0; k < node.children.size(); ++k) {
        if (k > 0) {
          out += '-';
        }
        impedance_py(c, node.children[k], out);
      }
      return;
    case NodeType::parallel:
      out += "p(";
      for (std::size_t k = 0; k < node.children.size(); ++k) {
        if (k > 0) {
          out += ',';
        }
        impedance_py(c, node.children[k], out);
      }
      out += ')';
      return;
  }
}

void cdc(const Circuit& c, const Node& node, std::string& out, bool outermost) {
  switch (node.type) {
    case NodeType::element:
      out += element_info(c.elements()[node.element].kind).cdc_name;
      return;
    case NodeType::series:
      if (!outermost) {
        out += '[';
      }
      for (const auto& child : node.children) {
        cdc(c, child, out, false);
      }
      if (!outermost) {
        out += ']';
      }
      return;
    case NodeType::parallel:
      out += '(';
      for (const auto& child : node.children) {
        cdc(c, child, out, false);
      }
      out += ')';
      return;
  }
}

}  // namespace

std::string format_circuit(const Circuit& c, CircuitSyntax syntax) {
  std::string out;
  if (syntax == CircuitSyntax::impedance_py) {
    impedance_py(c, c.root(), out);
  } else {
    cdc(c, c.root(), out, true);
  }
  return out;
}

}  // namespace eis
