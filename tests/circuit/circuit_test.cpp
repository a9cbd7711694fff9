// Parsing and formatting of both circuit syntaxes (METHODS.md §2): names, units, bounds,
// round trips, flattening, error columns, and robustness against garbage.
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <eis/circuit/circuit.hpp>
#include <eis/error.hpp>

namespace {

using eis::CircuitSyntax;
using eis::ElementKind;

std::vector<std::string> names(const eis::Circuit& c) {
  return c.parameter_names();
}

TEST(ParseCircuit, ImpedancePyNamesUnitsAndBounds) {
  const auto c = eis::parse_circuit("R0-p(R1,CPE1)-Wo1");
  EXPECT_EQ(names(c), (std::vector<std::string>{"R0", "R1", "CPE1_0", "CPE1_1", "Wo1_0", "Wo1_1"}));
  ASSERT_EQ(c.elements().size(), 4u);
  EXPECT_EQ(c.elements()[2].kind, ElementKind::cpe);
  EXPECT_EQ(c.elements()[2].label, "CPE1");
  EXPECT_EQ(c.elements()[2].first_parameter, 2u);
  EXPECT_EQ(c.elements()[2].parameter_count, 2u);
  const auto p = c.parameters();
  EXPECT_EQ(p[0].unit, "ohm");
  EXPECT_EQ(p[2].unit, "S s^n");
  EXPECT_EQ(p[3].unit, "1");
  EXPECT_EQ(p[3].upper, 1.0);
  EXPECT_EQ(p[3].scale, eis::ParameterScale::linear);
  EXPECT_EQ(p[2].scale, eis::ParameterScale::log);
  EXPECT_EQ(p[2].upper, std::numeric_limits<double>::infinity());
  EXPECT_EQ(p[5].unit, "s");
  EXPECT_EQ(p[5].element, 3u);
  EXPECT_EQ(c.find_parameter("CPE1_1"), 3u);
  EXPECT_EQ(c.find_parameter("nope"), c.parameter_count());
  EXPECT_EQ(c.root().type, eis::Circuit::NodeType::series);
  EXPECT_EQ(c.root().children.size(), 3u);
}

TEST(ParseCircuit, CdcElementsAreNamedByPosition) {
  const auto c = eis::parse_circuit("R(RQ)Q");
  EXPECT_EQ(names(c),
            (std::vector<std::string>{"R0", "R1", "CPE2_0", "CPE2_1", "CPE3_0", "CPE3_1"}));
  EXPECT_EQ(eis::format_circuit(c), "R0-p(R1,CPE2)-CPE3");
  EXPECT_EQ(eis::format_circuit(c, CircuitSyntax::cdc), "R(RQ)Q");
}

TEST(ParseCircuit, EveryElementInBothSyntaxes) {
  const auto a = eis::parse_circuit("R0-C1-L2-CPE3-W4-Ws5-Wo6-G7-Zarc8-Ha9");
  const auto b = eis::parse_circuit("RCLQWTOGZarcHa");
  ASSERT_EQ(a.elements().size(), eis::element_kind_count);
  EXPECT_EQ(a, b);  // same kinds, labels by position coincide with the identifiers
  for (std::size_t k = 0; k < eis::element_kind_count; ++k) {
    EXPECT_EQ(a.elements()[k].kind, static_cast<ElementKind>(k));
  }
  // pyimpspec spellings of the finite-length Warburgs, the HN alias
  EXPECT_EQ(eis::parse_circuit("WsWo").elements()[1].kind, ElementKind::warburg_open);
  EXPECT_EQ(eis::parse_circuit("HN1").elements()[0].kind, ElementKind::havriliak_negami);
}

TEST(ParseCircuit, IdentifiersWhitespaceAndDetection) {
  const auto c = eis::parse_circuit("  R_0 - p( R_1 ,\tCPE_1 ) ");
  EXPECT_EQ(names(c), (std::vector<std::string>{"R_0", "R_1", "CPE_1_0", "CPE_1_1"}));
  EXPECT_EQ(eis::detect_circuit_syntax("R(RC)"), CircuitSyntax::cdc);
  EXPECT_EQ(eis::detect_circuit_syntax("R1"), CircuitSyntax::impedance_py);
  EXPECT_EQ(eis::detect_circuit_syntax("p (R1,C1)"), CircuitSyntax::impedance_py);
  EXPECT_EQ(eis::detect_circuit_syntax("[R(RC)]"), CircuitSyntax::cdc);
}

TEST(ParseCircuit, FlattensNestedGroupsOfTheSameKind) {
  const auto a = eis::parse_circuit("p(p(R1,R2),C1)");
  EXPECT_EQ(a.root().type, eis::Circuit::NodeType::parallel);
  EXPECT_EQ(a.root().children.size(), 3u);
  EXPECT_EQ(eis::format_circuit(a), "p(R1,R2,C1)");
  const auto b = eis::parse_circuit("[[R(RC)]]((RC)R)");
  EXPECT_EQ(eis::format_circuit(b, CircuitSyntax::cdc), "R(RC)(RCR)");
  EXPECT_EQ(eis::format_circuit(eis::parse_circuit("(R[RC])"), CircuitSyntax::cdc), "(R[RC])");
  EXPECT_EQ(eis::format_circuit(eis::parse_circuit("p(R1-C1,R2)")), "p(R1-C1,R2)");
}

TEST(FormatCircuit, RoundTripsInBothSyntaxes) {
  for (const char* text : {"R0",
                           "R0-p(R1,CPE1)-Wo1",
                           "L0-R0-p(R1,CPE1)-p(R2,CPE2)-CPE3",
                           "R0-p(R1-Wo1,C1)",
                           "p(R1,C1)",
                           "p(R1-p(R2,C2)-W1,CPE1,L1)-G1",
                           "Zarc1-Ha2-Ws3",
                           "R(RQ)(RQ)Q",
                           "LR(RQ)Q",
                           "R(C[RW])",
                           "(R[RC])",
                           "(R[R(RC)C]Q)",
                           "R(RQ)(R[QT])GO"}) {
    SCOPED_TRACE(text);
    const auto c = eis::parse_circuit(text);
    const auto py = eis::format_circuit(c, CircuitSyntax::impedance_py);
    EXPECT_EQ(eis::parse_circuit(py), c) << py;
    const auto cdc = eis::format_circuit(c, CircuitSyntax::cdc);
    const auto back = eis::parse_circuit(cdc);
    EXPECT_EQ(back.root(), c.root()) << cdc;
    ASSERT_EQ(back.elements().size(), c.elements().size());
    for (std::size_t e = 0; e < c.elements().size(); ++e) {
      EXPECT_EQ(back.elements()[e].kind, c.elements()[e].kind);
    }
    EXPECT_EQ(eis::format_circuit(back, CircuitSyntax::cdc), cdc);
  }
}

struct BadCircuit {
  const char* text;
  std::size_t column;
  const char* message;  // substring of the message
};

TEST(ParseCircuit, ErrorsCarryColumnAndMessage) {
  const std::vector<BadCircuit> cases{
      {"R0-p(R1,", 9, "expected an element or ')'"},
      {"", 1, "empty circuit"},
      {"   ", 4, "empty circuit"},
      {"R0-", 4, "expected an element"},
      {"R0--R1", 4, "expected an element, found '-'"},
      {"X1", 1, "unknown element 'X'"},
      {"R-R1", 2, "needs an identifier"},
      {"R1-R1", 4, "appears twice"},
      {"p(R1)", 5, "at least 2 branches"},
      {"R1)", 3, "unmatched ')'"},
      {"R0-p(R1,C1))", 12, "unmatched ')'"},
      {"R0 p(R1,C1)", 4, "unexpected 'p'"},
      {"R0-p(R1 C1)", 9, "expected '-', ',' or ')'"},
      {"R0-p(R1,C1", 11, "expected ',' or ')'"},
      {"R1a", 3, "unexpected 'a'"},
      {"R(RQ", 5, "expected ')' to close '(' opened at column 2"},
      {"R(R)", 4, "at least 2 items"},
      {"R]", 2, "unmatched ']'"},
      {"RX", 2, "unknown CDC element 'X'"},
      {"R[]", 3, "empty series group"},
      {"R{R=1}", 2, "not supported"},
      {"CPE", 2, "unknown CDC element 'P'"},
      {"R(R;C)", 4, "unexpected ';'"},
      {"R\xff", 2, "unexpected '\\xff'"},
  };
  for (const auto& bad : cases) {
    SCOPED_TRACE(bad.text);
    try {
      (void)eis::parse_circuit(bad.text);
      ADD_FAILURE() << "no ParseError";
    } catch (const eis::ParseError& e) {
      EXPECT_EQ(e.column(), bad.column) << e.what();
      EXPECT_EQ(e.line(), 0u);
      EXPECT_NE(e.bare_message().find(bad.message), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("column " + std::to_string(bad.column) + ":"),
                std::string::npos)
          << e.what();
    }
  }
  try {
    (void)eis::parse_circuit("R0-p(R1,");
  } catch (const eis::ParseError& e) {
    EXPECT_STREQ(e.what(), "column 9: expected an element or ')'");
  }
}

TEST(ParseCircuit, DeepNestingIsAnErrorNotACrash) {
  EXPECT_THROW((void)eis::parse_circuit(std::string(100000, '(')), eis::ParseError);
  std::string deep;
  for (int k = 0; k < 100000; ++k) {
    deep += "p(R1,";
  }
  EXPECT_THROW((void)eis::parse_circuit(deep), eis::ParseError);
  EXPECT_THROW((void)eis::parse_circuit(std::string(100000, '[')), eis::ParseError);
}

// Random strings over the syntax's alphabet: every one parses or throws ParseError, and every
// accepted one round-trips.
TEST(ParseCircuit, RandomTextParsesOrThrowsParseError) {
  const std::string alphabet = "RCLQWTOGZHaorcsp()[],-_01 {}\x01\x80";
  std::mt19937_64 engine{7};
  std::uniform_int_distribution<std::size_t> pick{0, alphabet.size() - 1};
  std::uniform_int_distribution<int> length{0, 14};
  int accepted = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    std::string text;
    for (int k = length(engine); k > 0; --k) {
      text += alphabet[pick(engine)];
    }
    try {
      const auto c = eis::parse_circuit(text);
      ++accepted;
      EXPECT_EQ(eis::parse_circuit(eis::format_circuit(c)), c) << text;
    } catch (const eis::ParseError& e) {
      EXPECT_GE(e.column(), 1u) << text;
      EXPECT_LE(e.column(), text.size() + 1) << text;
    }
  }
  EXPECT_GT(accepted, 100);
}

TEST(Circuit, BuiltFromATree) {
  using Node = eis::Circuit::Node;
  using NodeType = eis::Circuit::NodeType;
  // elements given out of order are renumbered depth-first
  Node root{NodeType::series,
            0,
            {Node{NodeType::element, 1, {}},
             Node{NodeType::parallel,
                  0,
                  {Node{NodeType::element, 2, {}}, Node{NodeType::element, 0, {}}}}}};
  const eis::Circuit c(root,
                       {{ElementKind::cpe, "CPE1", 0, 0},
                        {ElementKind::resistor, "R0", 0, 0},
                        {ElementKind::resistor, "R1", 0, 0}});
  EXPECT_EQ(c, eis::parse_circuit("R0-p(R1,CPE1)"));
  EXPECT_THROW(eis::Circuit(root, {{ElementKind::cpe, "CPE1", 0, 0}}), eis::InvalidArgument);
  EXPECT_THROW(eis::Circuit(root,
                            {{ElementKind::cpe, "A", 0, 0},
                             {ElementKind::resistor, "A", 0, 0},
                             {ElementKind::resistor, "B", 0, 0}}),
               eis::InvalidArgument);
  const eis::Circuit empty;
  EXPECT_EQ(empty.parameter_count(), 0u);
  EXPECT_EQ(eis::format_circuit(empty), "");
}

}  // namespace
