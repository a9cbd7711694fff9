/// @file
/// Measurement cells (ion-blocking Au|SE|Au or non-blocking Na|SE|Na, Li|SE|Li) with their
/// geometry, and the candidate equivalent circuits a temperature series is fitted with, from
/// "both sample arcs resolved" down to "only the high-frequency intercept is left"
/// (METHODS.md §6.3–§6.5).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <eis/conductivity/conductivity.hpp>

namespace eis {

/// Electrode type of a cell.
enum class CellType {
  blocking,      ///< ion-blocking electrodes (Au): the spectrum ends in a capacitive CPE spike
  non_blocking,  ///< electrodes of the mobile ion (Na, Li): an interfacial R‖CPE arc instead
};
[[nodiscard]] std::string to_string(CellType type);
/// Accepts "blocking", "non-blocking" and "non_blocking".
/// @throws eis::InvalidArgument for anything else.
[[nodiscard]] CellType parse_cell_type(std::string_view text);

/// Which features of the sample response a candidate model resolves. As the temperature rises
/// the bulk arc's apex (f_b = σ_b/(2πε₀ε_r), METHODS.md §6.3) leaves the frequency window
/// first, then the grain-boundary arc, so a series moves down this list.
enum class ModelRegime {
  two_arcs,        ///< bulk and grain-boundary arcs both inside the window
  bulk_intercept,  ///< bulk arc above the window: intercept R = R_bulk plus the gb arc
  single_arc,      ///< one sample arc (bulk and grain boundary merged, or no gb response)
  intercept_only,  ///< both sample arcs above the window: intercept R = R_bulk + R_gb
};
[[nodiscard]] std::string to_string(ModelRegime regime);

/// Building blocks of the candidate circuits, in circuit order (high to low frequency).
enum class ComponentKind {
  series_resistor,  ///< R: one parameter (Ω)
  arc,              ///< p(R,CPE): three parameters R (Ω), Q (S·sⁿ), n
  cpe,              ///< CPE: two parameters Q (S·sⁿ), n (the blocking-electrode spike)
};

struct ModelComponent {
  ComponentKind kind = ComponentKind::arc;
  std::size_t first_parameter = 0;  ///< index of the component's first parameter
};

/// One candidate equivalent circuit of a cell type with the meaning of its parts.
struct CandidateModel {
  std::string circuit;  ///< impedance.py syntax, e.g. "p(R1,CPE1)-p(R2,CPE2)-CPE3"
  ModelRegime regime = ModelRegime::two_arcs;
  /// Non-blocking cells: the last arc models the electrode interface (2·R_int) when its
  /// capacitance says so (see assign_arcs()); always false for blocking cells.
  bool may_have_interface_arc = false;
  std::vector<ModelComponent> components;  ///< in circuit order
  std::size_t parameter_count = 0;         ///< parameters in circuit order (R, Q, n per arc)
};

/// A measurement cell: electrode type and geometry.
/// Thread-safety: a value type.
struct Cell {
  CellType type = CellType::blocking;
  CellGeometry geometry = {};

  [[nodiscard]] static Cell blocking(const CellGeometry& geometry) {
    return {CellType::blocking, geometry};
  }
  [[nodiscard]] static Cell non_blocking(const CellGeometry& geometry) {
    return {CellType::non_blocking, geometry};
  }

  /// Candidate models, most detailed first.
  /// Blocking: `p(R1,CPE1)-p(R2,CPE2)-CPE3` (two_arcs), `R1-p(R2,CPE2)-CPE3` (bulk_intercept),
  /// `p(R1,CPE1)-CPE2` (single_arc), `R1-CPE2` (intercept_only).
  /// Non-blocking: `p(R1,CPE1)-p(R2,CPE2)-p(R3,CPE3)`, `R1-p(R2,CPE2)-p(R3,CPE3)`,
  /// `p(R1,CPE1)-p(R2,CPE2)`, `R1-p(R2,CPE2)` (the last arc being the interface) and
  /// `p(R1,CPE1)` (one sample arc, interface not resolved, as in Fig. S13 of the reference
  /// study, METHODS.md §6.5).
  [[nodiscard]] std::vector<CandidateModel> candidate_models() const;
};

/// The candidate models of a cell type (see Cell::candidate_models()).
[[nodiscard]] std::vector<CandidateModel> candidate_models(CellType type);

}  // namespace eis
