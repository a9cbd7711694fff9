#include <algorithm>
#include <cctype>

#include <eis/conductivity/direction.hpp>
#include <eis/error.hpp>

namespace eis {

std::string to_string(Direction direction) {
  switch (direction) {
    case Direction::heating:
      return "heating";
    case Direction::cooling:
      return "cooling";
    case Direction::unknown:
      break;
  }
  return "unknown";
}

std::optional<Direction> try_parse_direction(std::string_view text) {
  std::string t(text);
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  if (t.empty() || t == "unknown") {
    return Direction::unknown;
  }
  if (t == "heating" || t == "heat" || t == "up") {
    return Direction::heating;
  }
  if (t == "cooling" || t == "cool" || t == "down") {
    return Direction::cooling;
  }
  return std::nullopt;
}

Direction parse_direction(std::string_view text) {
  if (const auto d = try_parse_direction(text)) {
    return *d;
  }
  throw InvalidArgument("direction must be 'heating' or 'cooling', got '" + std::string(text) +
                        "'");
}

}  // namespace eis
