/// @file
/// Direction of a temperature run (heating or cooling): the one enum shared by the series
/// analysis (rows, manifest, tracker) and the conductivity analyses (points, Arrhenius,
/// transitions, cycling). Heating and cooling runs are analysed separately (METHODS.md §7.4).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace eis {

/// Direction of a temperature run. `unknown` is for conductivity tables without a direction
/// column; the series analysis (manifests, SeriesTracker) uses heating or cooling.
enum class Direction { unknown, heating, cooling };

/// "unknown", "heating" or "cooling".
/// Thread-safety: reentrant.
[[nodiscard]] std::string to_string(Direction direction);

/// Parses "heating"/"cooling" (case-insensitive; also "heat"/"cool", "up"/"down"); an empty
/// string or "unknown" gives Direction::unknown; anything else gives std::nullopt.
/// Thread-safety: reentrant.
[[nodiscard]] std::optional<Direction> try_parse_direction(std::string_view text);

/// As try_parse_direction(), but throws for text it does not recognise.
/// @throws eis::InvalidArgument for anything try_parse_direction() rejects.
/// Thread-safety: reentrant.
[[nodiscard]] Direction parse_direction(std::string_view text);

}  // namespace eis

namespace eis::conductivity {
/// The same type and functions as eis::Direction (the conductivity analyses name them from
/// this namespace).
using eis::Direction;
using eis::parse_direction;
using eis::to_string;
using eis::try_parse_direction;
}  // namespace eis::conductivity
