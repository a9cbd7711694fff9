#include <eis/conductivity/cell_spec.hpp>
#include <eis/error.hpp>

namespace eis {

Cell make_cell(const CellSpec& spec) {
  if (spec.area_cm2.has_value() == spec.diameter_cm.has_value()) {
    throw InvalidArgument("give exactly one of the electrode area and the electrode diameter");
  }
  const CellGeometry geometry =
      spec.diameter_cm
          ? CellGeometry::disc(
                spec.thickness_cm, *spec.diameter_cm, spec.thickness_err_cm, spec.diameter_err_cm)
          : CellGeometry::with_area(
                spec.thickness_cm, *spec.area_cm2, spec.thickness_err_cm, spec.area_err_cm2);
  if (auto why = geometry.validate()) {
    throw InvalidArgument("invalid geometry: " + *why);
  }
  return {parse_cell_type(spec.type), geometry};
}

}  // namespace eis
