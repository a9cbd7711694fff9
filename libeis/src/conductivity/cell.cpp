#include <initializer_list>
#include <string>

#include <eis/conductivity/cell.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>

namespace eis {
namespace {

/// Builds a candidate from its component kinds; the circuit string is written from them so the
/// two can never disagree (element k is named R<k>/CPE<k>, impedance.py style).
CandidateModel make_model(std::initializer_list<ComponentKind> kinds,
                          ModelRegime regime,
                          bool may_have_interface_arc) {
  CandidateModel model;
  model.regime = regime;
  model.may_have_interface_arc = may_have_interface_arc;
  std::size_t index = 1;
  for (const ComponentKind kind : kinds) {
    if (!model.circuit.empty()) {
      model.circuit += '-';
    }
    const std::string k = eis::detail::to_text(index++);
    model.components.push_back({kind, model.parameter_count});
    switch (kind) {
      case ComponentKind::series_resistor:
        model.circuit += "R" + k;
        model.parameter_count += 1;
        break;
      case ComponentKind::arc:
        model.circuit += "p(R" + k + ",CPE" + k + ")";
        model.parameter_count += 3;
        break;
      case ComponentKind::cpe:
        model.circuit += "CPE" + k;
        model.parameter_count += 2;
        break;
    }
  }
  return model;
}

}  // namespace

std::string to_string(CellType type) {
  return type == CellType::blocking ? "blocking" : "non-blocking";
}

CellType parse_cell_type(std::string_view text) {
  if (text == "blocking") {
    return CellType::blocking;
  }
  if (text == "non-blocking" || text == "non_blocking") {
    return CellType::non_blocking;
  }
  throw InvalidArgument("unknown cell type '" + std::string(text) +
                        "' (expected blocking or non-blocking)");
}

std::string to_string(ModelRegime regime) {
  switch (regime) {
    case ModelRegime::two_arcs:
      return "two_arcs";
    case ModelRegime::bulk_intercept:
      return "bulk_intercept";
    case ModelRegime::single_arc:
      return "single_arc";
    case ModelRegime::intercept_only:
      return "intercept_only";
  }
  return "unknown";
}

std::vector<CandidateModel> candidate_models(CellType type) {
  using K = ComponentKind;
  using M = ModelRegime;
  if (type == CellType::blocking) {
    // METHODS.md §6.4: arcs followed by the blocking-electrode spike.
    return {make_model({K::arc, K::arc, K::cpe}, M::two_arcs, false),
            make_model({K::series_resistor, K::arc, K::cpe}, M::bulk_intercept, false),
            make_model({K::arc, K::cpe}, M::single_arc, false),
            make_model({K::series_resistor, K::cpe}, M::intercept_only, false)};
  }
  // METHODS.md §6.5: the spike is replaced by an interfacial R‖CPE (2·R_int).
  return {make_model({K::arc, K::arc, K::arc}, M::two_arcs, true),
          make_model({K::series_resistor, K::arc, K::arc}, M::bulk_intercept, true),
          make_model({K::arc, K::arc}, M::single_arc, true),
          make_model({K::series_resistor, K::arc}, M::intercept_only, true),
          make_model({K::arc}, M::single_arc, false)};
}

std::vector<CandidateModel> Cell::candidate_models() const {
  return eis::candidate_models(type);
}

}  // namespace eis
