/// @file
/// Assigning the arcs of a fitted candidate model to bulk, grain boundary and electrode
/// interface (METHODS.md §6.1–§6.5): by frequency order (the highest-frequency arc is the bulk),
/// capacitance ratio and continuity along a temperature series, so arcs never swap between
/// neighbouring temperatures. Works on fitted values, never on the fitting machinery.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include <eis/conductivity/cell.hpp>
#include <eis/conductivity/conductivity.hpp>

namespace eis {

/// One fitted R‖CPE arc with derived quantities.
struct FittedArc {
  double r_ohm = 0.0;
  double r_stderr_ohm = 0.0;         ///< 0 when no covariance was given
  double q = 0.0;                    ///< CPE Q in S·sⁿ
  double n = 1.0;                    ///< CPE exponent
  EffectiveCapacitance capacitance;  ///< Hsu–Mansfeld C_eff and apex frequency
  std::size_t r_parameter = 0;       ///< index of R in the model's parameter vector
};

/// What the previous spectrum of the same run looked like (continuity along the series).
struct ArcContext {
  std::optional<double> c_bulk_f = {};       ///< last assigned bulk capacitance
  std::optional<double> c_gb_f = {};         ///< last assigned grain-boundary capacitance
  std::optional<double> c_interface_f = {};  ///< last assigned interface capacitance
};

/// Options for assign_fitted_arcs().
struct AssignmentOptions {
  /// An arc counts as resolvable while its apex is ≤ factor·f_max. At 10·f_max the highest
  /// point still sits at ωτ = 0.1 of the arc; whether such an arc is really resolved is left
  /// to the information criterion (a synthetic check with 0.2 % noise resolves bulk arcs up to
  /// about 5·f_max); beyond 10·f_max an arc only absorbs misfit.
  double apex_window_factor = 10.0;
  /// In the bulk_intercept regime the intercept is R_bulk and the arc the grain boundary only
  /// when the arc has its apex at ≤ f_max/factor, i.e. it has returned to the real axis inside
  /// the window; otherwise intercept and arc share the unresolved bulk response and only the
  /// total is reported.
  double intercept_clearance_factor = 10.0;
  /// Non-blocking cells: the lowest-frequency arc is the electrode interface when its specific
  /// capacitance C·L/A reaches this (F/cm); between the grain-boundary (≤ 1e-8) and
  /// interface (≥ 1e-7) classes of METHODS.md §6.2.
  double interface_min_specific_capacitance_f_per_cm = 1e-8;
  /// Two arcs are re-ordered against the frequency order only when continuity with the
  /// previous spectrum's capacitances favours the swapped order by more than this (decades,
  /// summed over both arcs).
  double continuity_margin_decades = 0.5;
  /// Arcs smaller than this fraction of the total sample resistance are degenerate.
  double min_arc_fraction = 1e-3;
  /// An arc whose CPE exponent is below this is a resistor in disguise (Z_CPE ≈ 1/Q), not a
  /// relaxation; sample and interface arcs have n ≈ 0.6–1 (METHODS.md §10.1).
  double min_arc_exponent = 0.4;
  /// An arc whose R has a relative standard error above this is not identified by the data.
  double max_arc_relative_error = 1.0;
  /// A bulk or grain-boundary capacitance more than this many decades away from the previous
  /// spectrum's (ArcContext) breaks continuity: capacitances follow ε_r and the grain size,
  /// which change little between neighbouring temperatures.
  double max_capacitance_jump_decades = 1.0;
};

/// Result of assign_fitted_arcs().
struct ArcAssignment {
  ModelRegime regime = ModelRegime::two_arcs;      ///< as interpreted (may differ from nominal)
  std::optional<FittedArc> bulk;                   ///< bulk arc, when resolved as an arc
  std::optional<FittedArc> grain_boundary;         ///< grain-boundary arc
  std::optional<FittedArc> merged;                 ///< single arc holding bulk + grain boundary
  std::optional<FittedArc> interface_arc;          ///< electrode interface arc (2·R_int)
  std::optional<Resistance> intercept;             ///< series R of the model
  std::optional<Resistance> bulk_resistance;       ///< from the bulk arc or the intercept
  std::optional<Resistance> gb_resistance;         ///< from the grain-boundary arc
  std::optional<Resistance> interface_resistance;  ///< per interface, R_int = R_arc/2
  Resistance total;                                ///< sample resistance R_b + R_gb
  /// False when the model does not describe what it claims (an arc apex above the window, a
  /// degenerate arc, three sample arcs): such a model should not be selected.
  bool consistent = true;
  bool reordered_by_continuity = false;  ///< the two arcs were assigned against freq. order
  std::vector<std::string> warnings;
};

/// Interprets the fitted parameters of `model` (order as the model's components; R, Q, n per
/// arc; Q, n per CPE).
/// @param covariance    parameter covariance in natural units (empty = unknown)
/// @param max_frequency_hz  highest measured frequency (for the window check)
/// @throws eis::InvalidArgument if the parameter count or covariance size does not match.
/// Thread-safety: reentrant.
[[nodiscard]] ArcAssignment assign_fitted_arcs(const CandidateModel& model,
                                               std::span<const double> parameters,
                                               const Eigen::MatrixXd& covariance,
                                               const CellGeometry& geometry,
                                               double max_frequency_hz,
                                               const ArcContext& previous = {},
                                               const AssignmentOptions& options = {});

}  // namespace eis
