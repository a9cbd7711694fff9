/// @file
/// An equivalent circuit: an immutable tree of series and parallel connections of elements,
/// with its parameters named in impedance.py's convention (R1, CPE1_0, CPE1_1), parsed from and
/// formatted to impedance.py syntax (`R0-p(R1,CPE1)-Wo1`) or Boukamp CDC (`R(RQ)Q`),
/// METHODS.md §2.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <eis/elements/element.hpp>

namespace eis {

/// One parameter of a circuit, in the order of circuit.parameters().
struct CircuitParameter {
  std::string name;  ///< impedance.py convention: "R1" (one-parameter element), "CPE1_0", "CPE1_1"
  std::string unit;  ///< ASCII unit, e.g. "ohm", "F", "S s^n", "s", "1"
  double lower;      ///< default lower bound (0 for every parameter, as impedance.py)
  double upper;      ///< default upper bound (+inf, or 1 for exponents)
  ParameterScale scale;  ///< log: strictly positive (fit in ln p); linear: bounded exponent
  std::size_t element;   ///< index into circuit.elements()
  friend bool operator==(const CircuitParameter&, const CircuitParameter&) = default;
};

/// One element of a circuit.
struct CircuitElement {
  ElementKind kind;
  std::string label;            ///< "CPE1" (impedance.py name + identifier)
  std::size_t first_parameter;  ///< index of its first parameter in circuit.parameters()
  std::size_t parameter_count;  ///< element_info(kind).parameters.size()
  friend bool operator==(const CircuitElement&, const CircuitElement&) = default;
};

/// An immutable circuit tree. Invariants: series and parallel nodes have ≥ 2 children (except
/// the root of an empty circuit), no series node has a series child and no parallel node a
/// parallel child (nesting of the same kind is flattened), elements are numbered depth-first
/// left to right, labels are unique, and parameters follow the elements' order, so every
/// subtree's parameters form one contiguous range.
/// Thread-safety: immutable; share const freely.
class Circuit {
 public:
  enum class NodeType { element, series, parallel };
  struct Node {
    NodeType type = NodeType::series;
    std::size_t element = 0;     ///< index into elements(); valid if type == element
    std::vector<Node> children;  ///< for series and parallel nodes
    friend bool operator==(const Node&, const Node&) = default;
  };

  /// The empty circuit: no elements, no parameters, Z = 0.
  Circuit();

  /// Builds a circuit from a tree whose element nodes index `elements` (kind and label are
  /// used; first_parameter and parameter_count are recomputed). The tree is normalised (nested
  /// series in series and parallel in parallel are flattened, one-child groups collapse) and
  /// elements are renumbered depth-first.
  /// @throws eis::InvalidArgument if an element index is out of range or used twice, a label
  ///         is empty or repeated, or a series/parallel node has no children.
  Circuit(Node root, std::vector<CircuitElement> elements);

  [[nodiscard]] const Node& root() const noexcept { return root_; }
  /// Depth-first, left to right.
  [[nodiscard]] std::span<const CircuitElement> elements() const noexcept { return elements_; }
  /// Order of appearance in the circuit (the order params are passed in everywhere).
  [[nodiscard]] std::span<const CircuitParameter> parameters() const noexcept {
    return parameters_;
  }
  [[nodiscard]] std::size_t parameter_count() const noexcept { return parameters_.size(); }
  [[nodiscard]] std::vector<std::string> parameter_names() const;
  /// Index of the parameter called `name`, or parameter_count() if there is none.
  [[nodiscard]] std::size_t find_parameter(std::string_view name) const noexcept;

  /// Same tree, kinds and labels.
  friend bool operator==(const Circuit& a, const Circuit& b) {
    return a.root_ == b.root_ && a.elements_ == b.elements_;
  }

 private:
  Node root_;
  std::vector<CircuitElement> elements_;
  std::vector<CircuitParameter> parameters_;
};

/// The two circuit string syntaxes (METHODS.md §2.1, §2.2).
enum class CircuitSyntax {
  impedance_py,  ///< `R0-p(R1,CPE1)-Wo1`: '-' series, p(a,b,...) parallel, labelled elements
  cdc            ///< Boukamp `R(RQ)Q`: [] series, () parallel, outermost level series
};

/// Detects the syntax: CDC if the text contains '[' or '{'; otherwise impedance.py if it
/// contains '-', ',', "p(", a digit or '_'; otherwise CDC. Thread-safety: reentrant.
[[nodiscard]] CircuitSyntax detect_circuit_syntax(std::string_view text) noexcept;

/// Parses a circuit in either syntax (auto-detected). Whitespace is ignored. impedance.py
/// elements need an identifier (`R0`, `CPE_1`); CDC elements are labelled by their 0-based
/// position: `R(RQ)Q` has R0, R1, CPE2, CPE3 with parameters R0, R1, CPE2_0, CPE2_1, CPE3_0,
/// CPE3_1.
/// @throws eis::ParseError (line 0, 1-based column) with a message that names what was expected
///         at that column, e.g. "R0-p(R1," → "column 9: expected an element or ')'".
/// Thread-safety: reentrant.
[[nodiscard]] Circuit parse_circuit(std::string_view text);

/// Parses in the given syntax. @throws eis::ParseError as parse_circuit().
[[nodiscard]] Circuit parse_circuit(std::string_view text, CircuitSyntax syntax);

/// Formats a circuit. impedance.py syntax keeps the labels, so parse_circuit(format_circuit(c))
/// == c. CDC has no labels: parsing it back gives the same tree and kinds, labelled by position.
/// Thread-safety: reentrant.
[[nodiscard]] std::string format_circuit(const Circuit& c,
                                         CircuitSyntax syntax = CircuitSyntax::impedance_py);

}  // namespace eis
