// Parsers of the two circuit syntaxes (METHODS.md §2.1 Boukamp CDC, §2.2 impedance.py), by
// recursive descent with 1-based columns for every error.
#include <cctype>
#include <string>
#include <utility>

#include <eis/circuit/circuit.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>

namespace eis {
namespace {

using Node = Circuit::Node;
using NodeType = Circuit::NodeType;

// Deeper nesting than this is rejected rather than risking the stack on hostile input.
constexpr int max_depth = 200;

bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}
bool is_letter(char c) {
  return is_upper(c) || is_lower(c);
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string describe(char c) {
  std::string out(1, '\'');
  const auto u = static_cast<unsigned char>(c);
  if (u < 0x20 || u >= 0x7f) {
    static constexpr char hex[] = "0123456789abcdef";
    out += "\\x";
    out += hex[u >> 4];
    out += hex[u & 0xf];
  } else {
    out += c;
  }
  out += '\'';
  return out;
}

std::string known_impedance_py_names() {
  return "R, C, L, CPE, W, Ws, Wo, G, Zarc, Ha";
}

class ParserBase {
 public:
  explicit ParserBase(std::string_view text) : text_(text) {}

 protected:
  void skip_space() {
    while (pos_ < text_.size() && is_space(text_[pos_])) {
      ++pos_;
    }
  }
  [[nodiscard]] bool at_end() {
    skip_space();
    return pos_ >= text_.size();
  }
  [[nodiscard]] char peek() {
    skip_space();
    return pos_ < text_.size() ? text_[pos_] : '\0';
  }
  [[noreturn]] void fail(const std::string& message, std::size_t pos) const {
    throw ParseError(message, 0, pos + 1);
  }
  [[noreturn]] void fail_here(const std::string& message) {
    skip_space();
    fail(message, pos_);
  }
  void enter(int& depth) {
    if (++depth > max_depth) {
      fail_here("nesting deeper than " + eis::detail::to_text(max_depth) + " levels");
    }
  }
  std::size_t add_element(ElementKind kind, std::string label) {
    elements_.push_back({kind, std::move(label), 0, 0});
    return elements_.size() - 1;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::vector<CircuitElement> elements_;
};

// impedance.py: series := term {'-' term}; term := 'p' '(' series {',' series} ')' | element;
// element := name identifier, name one of the registered element names, identifier [0-9_]+.
class ImpedancePyParser : public ParserBase {
 public:
  using ParserBase::ParserBase;

  Circuit parse() {
    if (at_end()) {
      fail_here("empty circuit: expected an element");
    }
    Node root = series(0);
    if (!at_end()) {
      const char c = peek();
      if (c == ')') {
        fail_here("unmatched ')'");
      }
      fail_here("unexpected " + describe(c) + ": expected '-' or the end of the circuit");
    }
    return Circuit(std::move(root), std::move(elements_));
  }

 private:
  Node series(int depth) {
    enter(depth);
    Node node{NodeType::series, 0, {}};
    node.children.push_back(term(depth));
    while (peek() == '-') {
      ++pos_;
      node.children.push_back(term(depth));
    }
    return node;
  }

  Node term(int depth) {
    skip_space();
    if (pos_ >= text_.size()) {
      fail_here(depth > 1 ? "expected an element or ')'" : "expected an element");
    }
    const std::size_t start = pos_;
    if (!is_letter(text_[pos_])) {
      fail_here("expected an element, found " + describe(text_[pos_]));
    }
    while (pos_ < text_.size() && is_letter(text_[pos_])) {
      ++pos_;
    }
    const std::string_view name = text_.substr(start, pos_ - start);
    if (name == "p" && peek() == '(') {
      ++pos_;
      return parallel(depth, start);
    }
    const std::size_t id_start = pos_;
    while (pos_ < text_.size() && (is_digit(text_[pos_]) || text_[pos_] == '_')) {
      ++pos_;
    }
    const auto kind = element_kind_from_impedance_py_name(name);
    if (!kind) {
      fail("unknown element '" + std::string(name) + "'; known: " + known_impedance_py_names(),
           start);
    }
    if (pos_ == id_start) {
      fail("element '" + std::string(name) + "' needs an identifier such as " + std::string(name) +
               "1 or " + std::string(name) + "_1",
           id_start);
    }
    if (pos_ < text_.size() && (is_letter(text_[pos_]) || text_[pos_] == '(')) {
      fail("unexpected " + describe(text_[pos_]) + " after element '" +
               std::string(text_.substr(start, pos_ - start)) + "'",
           pos_);
    }
    std::string label(text_.substr(start, pos_ - start));
    for (std::size_t e = 0; e < elements_.size(); ++e) {
      if (elements_[e].label == label) {
        fail("element '" + label + "' appears twice", start);
      }
    }
    return Node{NodeType::element, add_element(*kind, std::move(label)), {}};
  }

  Node parallel(int depth, std::size_t open) {
    Node node{NodeType::parallel, 0, {}};
    node.children.push_back(series(depth + 1));
    while (peek() == ',') {
      ++pos_;
      node.children.push_back(series(depth + 1));
    }
    if (at_end()) {
      fail_here("expected ',' or ')' to close 'p(' opened at column " +
                eis::detail::to_text(open + 1));
    }
    if (peek() != ')') {
      fail_here("unexpected " + describe(peek()) + ": expected '-', ',' or ')'");
    }
    if (node.children.size() < 2) {
      fail_here("a parallel connection p(...) needs at least 2 branches separated by ','");
    }
    ++pos_;
    return node;
  }
};

// Boukamp CDC: cdc := item {item}; item := element | '(' item item {item} ')' | '[' item {item}
// ']'; element := UPPER {LOWER | DIGIT | '_'} (pyimpspec). The outermost level is series.
class CdcParser : public ParserBase {
 public:
  using ParserBase::ParserBase;

  Circuit parse() {
    if (at_end()) {
      fail_here("empty circuit: expected an element");
    }
    Node root = group(NodeType::series, '\0', 0, 0);
    return Circuit(std::move(root), std::move(elements_));
  }

 private:
  // Items up to the closing character (or the end of text for the outermost level).
  Node group(NodeType type, char close, int depth, std::size_t open) {
    enter(depth);
    Node node{type, 0, {}};
    while (true) {
      skip_space();
      if (pos_ >= text_.size()) {
        if (close == '\0') {
          break;
        }
        fail_here(std::string(node.children.empty() ? "expected an element or '" : "expected '") +
                  close + "' to close '" + (close == ')' ? '(' : '[') + "' opened at column " +
                  eis::detail::to_text(open + 1));
      }
      const char c = text_[pos_];
      if (c == close) {
        if (type == NodeType::parallel && node.children.size() < 2) {
          fail_here("a parallel group (...) needs at least 2 items");
        }
        if (node.children.empty()) {
          fail_here("empty series group []");
        }
        ++pos_;
        break;
      }
      if (c == '(') {
        ++pos_;
        node.children.push_back(group(NodeType::parallel, ')', depth, pos_ - 1));
      } else if (c == '[') {
        ++pos_;
        node.children.push_back(group(NodeType::series, ']', depth, pos_ - 1));
      } else if (is_upper(c)) {
        node.children.push_back(element());
      } else if (c == ')' || c == ']') {
        fail_here("unmatched " + describe(c));
      } else if (c == '{') {
        fail_here("parameter values in '{...}' are not supported; give them separately");
      } else {
        fail_here("unexpected " + describe(c) + ": expected an element, '(' or '['");
      }
    }
    return node;
  }

  Node element() {
    const std::size_t start = pos_;
    ++pos_;
    while (pos_ < text_.size() &&
           (is_lower(text_[pos_]) || is_digit(text_[pos_]) || text_[pos_] == '_')) {
      ++pos_;
    }
    const std::string_view name = text_.substr(start, pos_ - start);
    const auto kind = element_kind_from_cdc_name(name);
    if (!kind) {
      fail("unknown CDC element '" + std::string(name) +
               "'; known: R, C, L, Q (CPE), W, T (Ws), O (Wo), G, Zarc, Ha "
               "(impedance.py syntax needs identifiers, e.g. CPE1)",
           start);
    }
    std::string label(element_info(*kind).impedance_py_name);
    label += eis::detail::to_text(elements_.size());
    return Node{NodeType::element, add_element(*kind, std::move(label)), {}};
  }
};

}  // namespace

CircuitSyntax detect_circuit_syntax(std::string_view text) noexcept {
  if (text.find_first_of("[{") != std::string_view::npos) {
    return CircuitSyntax::cdc;  // series brackets and pyimpspec parameter braces
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '-' || c == ',' || c == '_' || is_digit(c)) {
      return CircuitSyntax::impedance_py;
    }
    if (c == 'p') {
      std::size_t j = i + 1;
      while (j < text.size() && is_space(text[j])) {
        ++j;
      }
      if (j < text.size() && text[j] == '(') {
        return CircuitSyntax::impedance_py;
      }
    }
  }
  return CircuitSyntax::cdc;
}

Circuit parse_circuit(std::string_view text, CircuitSyntax syntax) {
  if (syntax == CircuitSyntax::impedance_py) {
    return ImpedancePyParser(text).parse();
  }
  return CdcParser(text).parse();
}

Circuit parse_circuit(std::string_view text) {
  return parse_circuit(text, detect_circuit_syntax(text));
}

}  // namespace eis
