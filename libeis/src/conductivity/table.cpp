#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <sstream>

#include <eis/conductivity/table.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>
#include <eis/units.hpp>

namespace eis::conductivity {
namespace {

std::string trim(std::string_view s) {
  std::size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) {
    ++a;
  }
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) {
    --b;
  }
  return std::string(s.substr(a, b - a));
}

// Splits one line into fields (RFC 4180 quotes); records each field's 1-based start column.
std::vector<std::string> split(std::string_view line, char sep, std::vector<std::size_t>& cols) {
  std::vector<std::string> out;
  cols.clear();
  std::string field;
  bool quoted = false;
  std::size_t start = 1;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == sep) {
      out.push_back(trim(field));
      cols.push_back(start);
      field.clear();
      start = i + 2;
    } else {
      field += c;
    }
  }
  out.push_back(trim(field));
  cols.push_back(start);
  return out;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return s;
}

std::optional<double> parse_number(const std::string& s) {
  double v = 0.0;
  const char* b = s.data();
  const char* e = s.data() + s.size();
  if (b != e && *b == '+') {
    ++b;
  }
  const auto r = std::from_chars(b, e, v);
  if (r.ec != std::errc{} || r.ptr != e) {
    return std::nullopt;
  }
  return v;
}

}  // namespace

ConductivityTable read_conductivity_table(std::string_view text,
                                          const ConductivityTableOptions& options,
                                          std::string_view name) {
  const std::string file(name);
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
    text.remove_prefix(3);  // UTF-8 byte-order mark
  }
  std::vector<std::string_view> lines;
  for (std::size_t pos = 0; pos <= text.size();) {
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    auto l = text.substr(pos, end - pos);
    if (!l.empty() && l.back() == '\r') {
      l.remove_suffix(1);
    }
    lines.push_back(l);
    pos = end + 1;
  }
  std::size_t h = 0;
  while (h < lines.size() && trim(lines[h]).empty()) {
    ++h;
  }
  if (h == lines.size()) {
    throw ParseError("the conductivity table is empty", 0, 0, file);
  }
  const auto count = [&](char c) { return std::count(lines[h].begin(), lines[h].end(), c); };
  char sep = ',';
  if (count(';') > count(sep)) {
    sep = ';';
  }
  if (count('\t') > count(sep)) {
    sep = '\t';
  }
  std::vector<std::size_t> cols;
  auto header = split(lines[h], sep, cols);
  for (auto& f : header) {
    f = lower(f);
  }
  const auto find = [&](std::string_view n) -> std::optional<std::size_t> {
    const auto it = std::find(header.begin(), header.end(), n);
    if (it == header.end()) {
      return std::nullopt;
    }
    return static_cast<std::size_t>(it - header.begin());
  };
  std::string columns_list;
  for (const auto& f : header) {
    columns_list += (columns_list.empty() ? "" : ", ") + f;
  }
  ConductivityTable out;
  auto t_col = find("temperature_k");
  bool celsius = false;
  out.temperature_column = "temperature_k";
  if (!t_col) {
    t_col = find("temperature_c");
    celsius = true;
    out.temperature_column = "temperature_c";
  }
  if (!t_col) {
    throw ParseError(
        "no temperature_k or temperature_c column (columns: " + columns_list + ")", h + 1, 0, file);
  }
  const std::string wanted = lower(options.sigma_column);
  auto s_col = find(wanted);
  if (!s_col && wanted == ConductivityTableOptions{}.sigma_column) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      const auto& f = header[i];
      if (f.rfind("sigma", 0) == 0 && f.size() > 9 && f.ends_with("_s_per_cm") &&
          f.find("stderr") == std::string::npos) {
        s_col = i;
        break;
      }
    }
  }
  if (!s_col) {
    throw ParseError(
        "no conductivity column '" + options.sigma_column + "' (columns: " + columns_list + ")",
        h + 1,
        0,
        file);
  }
  out.sigma_column = header[*s_col];
  // sigma_total_s_per_cm → sigma_total_stderr_s_per_cm; sigma_s_per_cm → sigma_stderr_s_per_cm.
  std::string stderr_name = out.sigma_column;
  stderr_name.insert(stderr_name.size() - std::string_view("_s_per_cm").size(), "_stderr");
  const auto e_col = find(stderr_name);
  if (e_col) {
    out.stderr_column = stderr_name;
  }
  const auto c_col = find("cycle");
  const auto d_col = find("direction");
  const auto u_col = find("usable");

  for (std::size_t li = h + 1; li < lines.size(); ++li) {
    if (trim(lines[li]).empty()) {
      continue;
    }
    const auto f = split(lines[li], sep, cols);
    const std::size_t line_no = li + 1;
    if (f.size() != header.size()) {
      throw ParseError("row has " + eis::detail::to_text(f.size()) + " fields, the header has " +
                           eis::detail::to_text(header.size()),
                       line_no,
                       0,
                       file);
    }
    const auto number = [&](std::size_t c, const char* what) -> std::optional<double> {
      if (f[c].empty()) {
        return std::nullopt;
      }
      const auto v = parse_number(f[c]);
      if (!v || !std::isfinite(*v)) {
        throw ParseError(
            std::string("'") + f[c] + "' is not a number (" + what + ")", line_no, cols[c], file);
      }
      return v;
    };
    if (u_col && options.skip_unusable) {
      const auto u = lower(f[*u_col]);
      if (u == "false" || u == "0" || u == "no") {
        ++out.skipped_rows;
        continue;
      }
    }
    const auto sigma = number(*s_col, "conductivity");
    const auto temp = number(*t_col, "temperature");
    if (!sigma || !temp) {
      ++out.skipped_rows;
      continue;
    }
    ConductivityPoint p;
    p.temperature_k = celsius ? units::celsius_to_kelvin(*temp) : *temp;
    p.sigma_s_per_cm = *sigma;
    if (e_col) {
      if (const auto e = number(*e_col, "conductivity uncertainty")) {
        p.sigma_stderr_s_per_cm = *e;
      }
    }
    if (c_col) {
      if (const auto c = number(*c_col, "cycle")) {
        if (*c != std::floor(*c)) {
          throw ParseError(
              "cycle '" + f[*c_col] + "' is not an integer", line_no, cols[*c_col], file);
        }
        p.cycle = static_cast<int>(*c);
      }
    }
    if (d_col) {
      const auto d = try_parse_direction(f[*d_col]);
      if (!d) {
        throw ParseError(
            "direction '" + f[*d_col] + "' is not heating or cooling", line_no, cols[*d_col], file);
      }
      p.direction = *d;
    }
    if (!(p.temperature_k > 0.0) || !(p.sigma_s_per_cm > 0.0)) {
      throw ParseError("temperature and conductivity must be positive (T = " +
                           eis::detail::to_text(p.temperature_k) + " K, σ = " + f[*s_col] + ")",
                       line_no,
                       0,
                       file);
    }
    out.points.push_back(p);
  }
  if (out.skipped_rows > 0) {
    out.warnings.push_back(eis::detail::to_text(out.skipped_rows) +
                           " row(s) without a conductivity, a temperature, or not usable were "
                           "skipped");
  }
  return out;
}

ConductivityTable read_conductivity_table_file(const std::filesystem::path& path,
                                               const ConductivityTableOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw IoError("cannot open the conductivity table", path.string());
  }
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    throw IoError("cannot read the conductivity table", path.string());
  }
  return read_conductivity_table(text, options, path.string());
}

}  // namespace eis::conductivity
