// pandas-style JSON tables (pyimpspec's data.json). nlohmann::json is a private dependency.
#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include <eis/detail/reader_support.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>
#include <eis/io/json_table.hpp>
#include <eis/io/table.hpp>
#include <eis/io/text.hpp>

namespace eis::io {
namespace {

using nlohmann::json;

// 1-based line and column of byte `offset` in `text`.
std::pair<std::size_t, std::size_t> position(std::string_view text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

// Where a column's key appears in the text (for messages about its values).
std::pair<std::size_t, std::size_t> key_position(std::string_view text, const std::string& key) {
  const auto quoted = json(key).dump();
  const auto at = text.find(quoted);
  return at == std::string_view::npos ? std::pair<std::size_t, std::size_t>{0, 0}
                                      : position(text, at);
}

}  // namespace

bool detect_json_table(std::string_view bytes, std::string_view name) {
  (void)name;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    bytes.remove_prefix(3);
  }
  const auto t = trim(bytes.substr(0, 256));
  return !t.empty() && (t.front() == '{' || t.front() == '[');
}

ReadResult read_json_table(std::string_view bytes,
                           std::string_view name,
                           const ReadOptions& options) {
  (void)options;
  const auto decoded = decode_text(bytes);
  const std::string& text = decoded.text;
  const std::string file(name);
  if (trim(text).empty()) {
    throw ParseError("file is empty", 1, 0, file);
  }
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    const auto [line, column] = position(text, e.byte > 0 ? e.byte - 1 : 0);
    throw ParseError(std::string("malformed JSON: ") + e.what(), line, column, file);
  }
  // Normalise every orientation to column name → (row key, value) lists in row order.
  std::vector<std::string> names;
  std::map<std::string, std::vector<const json*>> columns;
  auto fail_key = [&](const std::string& key, const std::string& message) {
    const auto [line, column] = key_position(text, key);
    throw ParseError(message, line, column, file);
  };
  if (doc.is_object() && doc.contains("columns") && doc.contains("data") &&
      doc["columns"].is_array() && doc["data"].is_array()) {
    for (const auto& c : doc["columns"]) {
      names.push_back(c.is_string() ? c.get<std::string>() : c.dump());
    }
    for (const auto& row : doc["data"]) {
      if (!row.is_array() || row.size() != names.size()) {
        fail_key("data",
                 "every row of \"data\" must be an array of " + eis::detail::to_text(names.size()) +
                     " values");
      }
      for (std::size_t k = 0; k < names.size(); ++k) {
        columns[names[k]].push_back(&row[k]);
      }
    }
  } else if (doc.is_object()) {
    for (const auto& [key, value] : doc.items()) {
      names.push_back(key);
      auto& col = columns[key];
      if (value.is_array()) {
        for (const auto& v : value) {
          col.push_back(&v);
        }
      } else if (value.is_object()) {
        // pandas "columns" orientation: row labels are usually "0", "1", ...: order numerically
        // when every label is an integer, else keep the file order.
        std::vector<std::pair<double, const json*>> rows;
        bool numeric = true;
        for (const auto& [label, v] : value.items()) {
          const auto idx = parse_double(label);
          numeric = numeric && idx.has_value();
          rows.emplace_back(idx.value_or(static_cast<double>(rows.size())), &v);
        }
        if (numeric) {
          std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
            return a.first < b.first;
          });
        }
        for (const auto& r : rows) {
          col.push_back(r.second);
        }
      } else {
        fail_key(key, "column '" + key + "' is neither an array nor an object of rows");
      }
    }
  } else if (doc.is_array()) {
    for (const auto& record : doc) {
      if (!record.is_object()) {
        throw ParseError("records must be JSON objects", 1, 1, file);
      }
      for (const auto& [key, value] : record.items()) {
        if (!columns.count(key)) {
          names.push_back(key);
        }
        columns[key].push_back(&value);
      }
    }
  } else {
    throw ParseError("expected a JSON object or array of records", 1, 1, file);
  }
  // nlohmann's items() iterates objects in key order; restore the file order of the names.
  std::stable_sort(names.begin(), names.end(), [&](const std::string& a, const std::string& b) {
    return key_position(text, a) < key_position(text, b);
  });
  const auto c = detail::map_impedance_columns(names);
  if (!c.complete()) {
    throw ParseError(c.missing(names), 1, 1, file);
  }
  auto values = [&](std::size_t index, const ColumnInfo& info) {
    const auto& key = names[index];
    std::vector<double> out;
    for (std::size_t r = 0; r < columns[key].size(); ++r) {
      const json& v = *columns[key][r];
      if (!v.is_number()) {
        fail_key(key,
                 "column '" + key + "' row " + eis::detail::to_text(r) + " is not a number (" +
                     excerpt(v.dump()) + ")");
      }
      const double x = v.get<double>();
      if (!std::isfinite(x)) {
        fail_key(key, "column '" + key + "' row " + eis::detail::to_text(r) + " is not finite");
      }
      out.push_back(detail::to_si(x, info));
    }
    return out;
  };
  const auto f = values(c.frequency, c.frequency_info);
  std::vector<double> a;
  std::vector<double> b;
  const bool cartesian = c.real != detail::no_column && c.imag != detail::no_column;
  if (cartesian) {
    a = values(c.real, c.real_info);
    b = values(c.imag, c.imag_info);
  } else {
    a = values(c.modulus, c.modulus_info);
    b = values(c.phase, c.phase_info);
  }
  if (a.size() != f.size() || b.size() != f.size()) {
    fail_key(names[c.frequency],
             "columns have different lengths (" + eis::detail::to_text(f.size()) + ", " +
                 eis::detail::to_text(a.size()) + ", " + eis::detail::to_text(b.size()) + ")");
  }
  if (f.empty()) {
    throw ParseError("the table has no rows", 1, 1, file);
  }
  Spectrum s;
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (!(f[i] > 0.0)) {
      fail_key(names[c.frequency],
               "frequency must be > 0 Hz, row " + eis::detail::to_text(i) + " is " +
                   detail::short_number(f[i]));
    }
    s.frequency_hz.push_back(f[i]);
    s.impedance_ohm.push_back(cartesian ? Complex(a[i], b[i])
                                        : std::polar(a[i], b[i] * 3.14159265358979323846 / 180.0));
  }
  s.metadata.column_names = names;
  detail::finish_spectrum(s);
  ReadResult result;
  result.spectra.push_back(std::move(s));
  return result;
}

}  // namespace eis::io
