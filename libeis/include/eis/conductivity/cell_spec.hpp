/// @file
/// A measurement cell from plain values (electrode type by name, thickness, area or diameter,
/// their uncertainties), as a command line, a script or a binding gives them: one place that
/// checks the combination and builds the Cell that fit_series() and SeriesTracker take.
#pragma once

#include <optional>
#include <string>

#include <eis/conductivity/cell.hpp>

namespace eis {

/// Plain description of a cell; every member defaults so callers name only what they set.
struct CellSpec {
  /// "blocking" (Au) or "non-blocking" / "non_blocking" (Na, Li): blocking is the common case.
  std::string type = "blocking";
  /// L, pellet thickness in cm (must be > 0: no sensible default, so 0 fails validation).
  double thickness_cm = 0.0;
  /// A, electrode area in cm²; give exactly one of area_cm2 and diameter_cm.
  std::optional<double> area_cm2 = {};
  /// d, electrode diameter in cm (A = πd²/4).
  std::optional<double> diameter_cm = {};
  /// Standard uncertainties (cm, cm², cm); 0 = exact, the usual case when none is known.
  double thickness_err_cm = 0.0;
  double area_err_cm2 = 0.0;
  double diameter_err_cm = 0.0;
};

/// Builds the cell: CellGeometry::disc() when the diameter is given, with_area() otherwise.
/// @throws eis::InvalidArgument if the type is unknown, not exactly one of area_cm2 and
///         diameter_cm is given, or the geometry is invalid (CellGeometry::validate()).
/// Thread-safety: reentrant.
[[nodiscard]] Cell make_cell(const CellSpec& spec);

}  // namespace eis
