#include <cmath>
#include <string>

#include <eis/cv/voltammogram.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>

namespace eis::cv {

namespace {

void check_finite(std::span<const double> values, const char* name) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw InvalidArgument(std::string("voltammogram: ") + name + " at index " +
                            eis::detail::to_text(i) + " is not finite");
    }
  }
}

}  // namespace

void validate_voltammogram(VoltammogramView v, std::size_t min_points) {
  const std::size_t n = v.potential_v.size();
  if (v.time_s.size() != n || v.current_a.size() != n) {
    throw InvalidArgument("voltammogram: sizes differ (time " +
                          eis::detail::to_text(v.time_s.size()) + ", potential " +
                          eis::detail::to_text(n) + ", current " +
                          eis::detail::to_text(v.current_a.size()) + ")");
  }
  if (!v.cycle.empty() && v.cycle.size() != n) {
    throw InvalidArgument("voltammogram: cycle column has " + eis::detail::to_text(v.cycle.size()) +
                          " entries for " + eis::detail::to_text(n) + " points");
  }
  if (n < min_points) {
    throw InvalidArgument("voltammogram: " + eis::detail::to_text(n) +
                          " points, the analysis needs " + eis::detail::to_text(min_points));
  }
  check_finite(v.time_s, "time_s");
  check_finite(v.potential_v, "potential_v");
  check_finite(v.current_a, "current_a");
  for (std::size_t i = 1; i < n; ++i) {
    if (v.time_s[i] < v.time_s[i - 1]) {
      throw InvalidArgument("voltammogram: time decreases at index " + eis::detail::to_text(i) +
                            " (" + eis::detail::to_text(v.time_s[i - 1]) + " s then " +
                            eis::detail::to_text(v.time_s[i]) + " s)");
    }
  }
  if (v.area_cm2 && !(*v.area_cm2 > 0.0 && std::isfinite(*v.area_cm2))) {
    throw InvalidArgument("voltammogram: area " + eis::detail::to_text(*v.area_cm2) +
                          " cm2 must be finite and > 0");
  }
}

}  // namespace eis::cv
