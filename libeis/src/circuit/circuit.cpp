#include <string>
#include <utility>

#include <eis/circuit/circuit.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>

namespace eis {
namespace {

using Node = Circuit::Node;
using NodeType = Circuit::NodeType;

// Flattens series-in-series and parallel-in-parallel, collapses one-child groups.
Node normalise(Node node) {
  if (node.type == NodeType::element) {
    node.children.clear();
    return node;
  }
  if (node.children.empty()) {
    throw InvalidArgument(std::string(node.type == NodeType::series ? "series" : "parallel") +
                          " connection without elements");
  }
  std::vector<Node> flat;
  for (auto& child : node.children) {
    Node c = normalise(std::move(child));
    if (c.type == node.type) {
      for (auto& grandchild : c.children) {
        flat.push_back(std::move(grandchild));
      }
    } else {
      flat.push_back(std::move(c));
    }
  }
  if (flat.size() == 1) {
    return std::move(flat.front());
  }
  node.children = std::move(flat);
  return node;
}

void renumber(Node& node,
              const std::vector<CircuitElement>& in,
              std::vector<CircuitElement>& out,
              std::vector<bool>& used) {
  if (node.type == NodeType::element) {
    if (node.element >= in.size()) {
      throw InvalidArgument("element node refers to element " + eis::detail::to_text(node.element) +
                            " but the circuit has " + eis::detail::to_text(in.size()) +
                            " elements");
    }
    if (used[node.element]) {
      throw InvalidArgument("element " + eis::detail::to_text(node.element) + " ('" +
                            in[node.element].label + "') appears twice in the tree");
    }
    used[node.element] = true;
    out.push_back(in[node.element]);
    node.element = out.size() - 1;
    return;
  }
  for (auto& child : node.children) {
    renumber(child, in, out, used);
  }
}

}  // namespace

Circuit::Circuit() = default;

Circuit::Circuit(Node root, std::vector<CircuitElement> elements) {
  if (root.type != NodeType::element && root.children.empty() && elements.empty()) {
    return;  // the empty circuit
  }
  root_ = normalise(std::move(root));
  std::vector<bool> used(elements.size(), false);
  renumber(root_, elements, elements_, used);
  if (elements_.size() != elements.size()) {
    throw InvalidArgument("the tree uses " + eis::detail::to_text(elements_.size()) + " of " +
                          eis::detail::to_text(elements.size()) + " elements");
  }
  for (std::size_t e = 0; e < elements_.size(); ++e) {
    auto& element = elements_[e];
    if (element.label.empty()) {
      throw InvalidArgument("element " + eis::detail::to_text(e) + " has an empty label");
    }
    for (std::size_t other = 0; other < e; ++other) {
      if (elements_[other].label == element.label) {
        throw InvalidArgument("element label '" + element.label + "' is used twice");
      }
    }
    const auto specs = element_info(element.kind).parameters;
    element.first_parameter = parameters_.size();
    element.parameter_count = specs.size();
    for (std::size_t k = 0; k < specs.size(); ++k) {
      const auto& spec = specs[k];
      std::string name = element.label;
      if (specs.size() > 1) {
        name += '_' + eis::detail::to_text(k);
      }
      if (find_parameter(name) != parameters_.size()) {
        throw InvalidArgument("parameter name '" + name + "' is not unique (label '" +
                              element.label + "' repeated?)");
      }
      parameters_.push_back(
          {std::move(name), std::string(spec.unit), spec.lower, spec.upper, spec.scale, e});
    }
  }
}

std::vector<std::string> Circuit::parameter_names() const {
  std::vector<std::string> names;
  names.reserve(parameters_.size());
  for (const auto& p : parameters_) {
    names.push_back(p.name);
  }
  return names;
}

std::size_t Circuit::find_parameter(std::string_view name) const noexcept {
  for (std::size_t k = 0; k < parameters_.size(); ++k) {
    if (parameters_[k].name == name) {
      return k;
    }
  }
  return parameters_.size();
}

}  // namespace eis
