#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numbers>
#include <optional>

#include <eis/detail/reader_support.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>
#include <eis/io/table.hpp>
#include <eis/units.hpp>

namespace eis::io {
namespace {

enum class UnitKind { none, ohm, hertz, angle, second, volt, ampere, celsius, kelvin };

struct Unit {
  UnitKind kind = UnitKind::none;
  double scale = 1.0;
  double offset = 0.0;
};

double prefix_scale(std::string_view prefix, bool& ok) {
  ok = true;
  if (prefix.empty()) {
    return 1.0;
  }
  if (prefix == "k" || prefix == "K") {
    return 1e3;
  }
  if (prefix == "M") {
    return 1e6;
  }
  if (prefix == "G") {
    return 1e9;
  }
  if (prefix == "m") {
    return 1e-3;
  }
  if (prefix == "u" || prefix == "\xC2\xB5" || prefix == "\xCE\xBC") {
    return 1e-6;
  }
  if (prefix == "n") {
    return 1e-9;
  }
  ok = false;
  return 1.0;
}

// Recognises a unit string such as "Ohm", "kΩ", "ohms", "Hz", "MHz", "deg.", "rad", "s", "mA",
// "V vs. Ref.", "°C". Returns kind none when it is not a unit.
Unit parse_unit(std::string_view u) {
  u = trim(u);
  if (u.empty()) {
    return {};
  }
  const std::string lower = to_lower_ascii(u);
  // Resistance: [prefix](ohm|ohms|Ω)
  for (const std::string_view ohm : {"ohms", "ohm", "\xCE\xA9", "\xE2\x84\xA6"}) {
    if (lower.size() >= ohm.size() &&
        lower.compare(lower.size() - ohm.size(), ohm.size(), ohm) == 0) {
      bool ok = false;
      const double s = prefix_scale(u.substr(0, u.size() - ohm.size()), ok);
      if (ok) {
        return {UnitKind::ohm, s, 0.0};
      }
      return {};
    }
  }
  if (lower.size() >= 2 && lower.compare(lower.size() - 2, 2, "hz") == 0) {
    bool ok = false;
    const double s = prefix_scale(u.substr(0, u.size() - 2), ok);
    return ok ? Unit{UnitKind::hertz, s, 0.0} : Unit{};
  }
  if (lower == "deg" || lower == "deg." || lower == "degree" || lower == "degrees" ||
      u == "\xC2\xB0") {
    return {UnitKind::angle, 1.0, 0.0};
  }
  if (lower == "rad") {
    return {UnitKind::angle, 180.0 / std::numbers::pi, 0.0};
  }
  if (lower == "s" || lower == "sec" || lower == "secs" || lower == "seconds") {
    return {UnitKind::second, 1.0, 0.0};
  }
  if (lower == "ms") {
    return {UnitKind::second, 1e-3, 0.0};
  }
  if (lower == "min") {
    return {UnitKind::second, 60.0, 0.0};
  }
  if (lower == "h") {
    return {UnitKind::second, 3600.0, 0.0};
  }
  if (u == "\xC2\xB0"
           "C" ||
      lower == "degc" || lower == "celsius") {
    return {UnitKind::celsius, 1.0, units::celsius_offset_k};
  }
  if (u == "K") {
    return {UnitKind::kelvin, 1.0, 0.0};
  }
  // Potential: "V", "mV", "V vs. Ref." (Gamry), "V vs SCE".
  {
    const auto v = u.find('V');
    if (v != std::string_view::npos && (v + 1 == u.size() || u[v + 1] == ' ')) {
      bool ok = false;
      const double s = prefix_scale(u.substr(0, v), ok);
      if (ok) {
        return {UnitKind::volt, s, 0.0};
      }
    }
  }
  if (u.back() == 'A') {
    bool ok = false;
    const double s = prefix_scale(u.substr(0, u.size() - 1), ok);
    if (ok) {
      return {UnitKind::ampere, s, 0.0};
    }
  }
  return {};
}

bool in(std::string_view s, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

// Normalised base name: ASCII lower case, no blanks, typographic primes → ASCII quotes.
std::string normalise(std::string_view base) {
  std::string out;
  for (std::size_t i = 0; i < base.size(); ++i) {
    const char c = base[i];
    if (c == ' ' || c == '\t' || c == '_') {
      continue;
    }
    if (base.substr(i, 3) == "\xE2\x80\xB2") {  // ′
      out += '\'';
      i += 2;
      continue;
    }
    if (base.substr(i, 3) == "\xE2\x80\xB3") {  // ″
      out += "''";
      i += 2;
      continue;
    }
    if (c == '"') {
      out += "''";
      continue;
    }
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

ColumnRole role_of(const std::string& b) {
  if (b == "f" || b.rfind("freq", 0) == 0 || b == "fre") {
    return ColumnRole::frequency;
  }
  if (in(b,
         {"z'",
          "zs'",
          "zre",
          "zreal",
          "re(z)",
          "zr",
          "real(z)",
          "rez",
          "real",
          "z'(a)",
          "re",
          "z'real",
          "realpart",
          "zrealohm"})) {  // z_real_ohm: the eis program's own CSV (CLI.md)
    return ColumnRole::z_real;
  }
  if (in(b,
         {"z''",
          "zs''",
          "zim",
          "zimag",
          "zimg",
          "im(z)",
          "zi",
          "imag(z)",
          "imz",
          "imag",
          "z''(b)",
          "z''imag",
          "imagpart",
          "zimagohm"})) {  // z_imag_ohm: the eis program's own CSV (CLI.md)
    return ColumnRole::z_imag;
  }
  if (in(b,
         {"|z|",
          "zmod",
          "mod(z)",
          "z",
          "modulus",
          "abs(z)",
          "zabs",
          "|z|(z)",
          "impedance",
          "zs",
          "|zs|"})) {
    return ColumnRole::z_modulus;
  }
  if (in(b,
         {"phase",
          "phase(z)",
          "zphz",
          "phz",
          "theta",
          "theta(z)",
          "\xCE\xB8",
          "phi",
          "\xCF\x86",
          "zphase",
          "phaseangle",
          "phase(z)(deg)"})) {
    return ColumnRole::z_phase;
  }
  if (in(b, {"time", "t", "elapsedtime", "timestamp"})) {
    return ColumnRole::time;
  }
  if (in(b,
         {"e",
          "ewe",
          "<ewe>",
          "potential",
          "potentialapplied",
          "voltage",
          "u",
          "ecell",
          "vf",
          "e(v)",
          "ewe-ece",
          "eapplied"})) {
    return ColumnRole::potential;
  }
  if (in(b, {"i", "<i>", "current", "icell", "i(a)"})) {
    return ColumnRole::current;
  }
  if (in(b, {"cycle", "cyclenumber", "scan", "cycleno", "cycle#", "loop"})) {
    return ColumnRole::cycle;
  }
  if (in(b, {"temp", "temperature"})) {
    return ColumnRole::temperature;
  }
  return ColumnRole::other;
}

UnitKind expected_unit(ColumnRole role) {
  switch (role) {
    case ColumnRole::frequency:
      return UnitKind::hertz;
    case ColumnRole::z_real:
    case ColumnRole::z_imag:
    case ColumnRole::z_modulus:
      return UnitKind::ohm;
    case ColumnRole::z_phase:
      return UnitKind::angle;
    case ColumnRole::time:
      return UnitKind::second;
    case ColumnRole::potential:
      return UnitKind::volt;
    case ColumnRole::current:
      return UnitKind::ampere;
    default:
      return UnitKind::none;
  }
}

// Trailing separators (BioLogic's column line ends with a tab) give one empty field; drop it.
std::vector<std::string_view> fields_of(std::string_view line, char separator) {
  auto f = split_row(line, separator);
  if (separator != ' ' && f.size() > 1 && f.back().empty()) {
    f.pop_back();
  }
  return f;
}

bool numeric_fields(const std::vector<std::string_view>& f, char separator) {
  if (f.size() < 2) {
    return false;
  }
  bool dot_ok = true;
  bool comma_ok = separator != ',';
  for (const auto x : f) {
    dot_ok = dot_ok && parse_double(x, '.').has_value();
    comma_ok = comma_ok && parse_double(x, ',').has_value();
    if (!dot_ok && !comma_ok) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string_view to_string(ColumnRole role) noexcept {
  switch (role) {
    case ColumnRole::frequency:
      return "frequency";
    case ColumnRole::z_real:
      return "z_real";
    case ColumnRole::z_imag:
      return "z_imag";
    case ColumnRole::z_modulus:
      return "z_modulus";
    case ColumnRole::z_phase:
      return "z_phase";
    case ColumnRole::time:
      return "time";
    case ColumnRole::potential:
      return "potential";
    case ColumnRole::current:
      return "current";
    case ColumnRole::cycle:
      return "cycle";
    case ColumnRole::temperature:
      return "temperature";
    case ColumnRole::other:
      break;
  }
  return "other";
}

ColumnInfo classify_column(std::string_view name) {
  std::string_view s = trim(name);
  while (!s.empty() && (s.front() == '"' || s.front() == '\'') && s.size() >= 2 &&
         s.back() == s.front()) {
    s = trim(s.substr(1, s.size() - 2));
  }
  ColumnInfo info;
  if (!s.empty() && s.front() == '-') {
    info.negated = true;
    s = trim(s.substr(1));
  } else if (s.substr(0, 3) == "\xE2\x88\x92") {  // U+2212 minus sign
    info.negated = true;
    s = trim(s.substr(3));
  }
  if (istarts_with(s, "data:")) {
    s = trim(s.substr(5));
  }
  if (istarts_with(s, "we(1).")) {
    s = s.substr(6);
  }
  // Unit: a trailing (...) or [...] group that is a unit, else the text after the first '/'.
  std::string_view base = s;
  Unit unit;
  if (!s.empty() && (s.back() == ')' || s.back() == ']')) {
    const char open = s.back() == ')' ? '(' : '[';
    const auto pos = s.find_last_of(open);
    if (pos != std::string_view::npos) {
      const Unit u = parse_unit(s.substr(pos + 1, s.size() - pos - 2));
      if (u.kind != UnitKind::none) {
        unit = u;
        base = trim(s.substr(0, pos));
      }
    }
  }
  if (unit.kind == UnitKind::none) {
    const auto slash = s.find('/');
    if (slash != std::string_view::npos && slash > 0) {
      const Unit u = parse_unit(s.substr(slash + 1));
      base = trim(s.substr(0, slash));
      unit = u;
      if (u.kind == UnitKind::none) {
        // "Re(Conductivity)/mS/cm", "control/V/mA": a unit we do not know; not an EIS column
        // unless the base says so and the unit is absent.
        info.role = ColumnRole::other;
        return info;
      }
    }
  }
  const std::string b = normalise(base);
  info.role = role_of(b);
  if (info.role == ColumnRole::temperature ||
      (info.role == ColumnRole::other && b == "t" &&
       (unit.kind == UnitKind::celsius || unit.kind == UnitKind::kelvin))) {
    info.role = ColumnRole::temperature;
    if (unit.kind == UnitKind::celsius || unit.kind == UnitKind::none) {
      // Instruments write temperatures in °C unless they say K.
      info.offset = units::celsius_offset_k;
    }
    return info;
  }
  if (info.role == ColumnRole::time &&
      (unit.kind == UnitKind::celsius || unit.kind == UnitKind::kelvin)) {
    info.role = ColumnRole::temperature;
    info.offset = unit.kind == UnitKind::celsius ? units::celsius_offset_k : 0.0;
    return info;
  }
  if (unit.kind != UnitKind::none) {
    if (unit.kind != expected_unit(info.role)) {
      // e.g. "Z'/deg": the name and the unit disagree; do not guess.
      info.role = ColumnRole::other;
      return info;
    }
    info.scale = unit.scale;
  }
  return info;
}

std::vector<std::string_view> split_row(std::string_view line, char separator) {
  if (separator == ' ') {
    return split_whitespace(line);
  }
  auto fields = split_fields(line, separator);
  for (auto& f : fields) {
    f = trim(f);
  }
  return fields;
}

TableLayout detect_table_layout(const TextSource& source,
                                std::size_t from,
                                std::optional<char> decimal_separator) {
  const auto& lines = source.lines();
  TableLayout best;
  std::size_t best_score = 0;
  for (const char sep : {'\t', ';', ',', ' '}) {
    std::map<std::size_t, std::size_t> widths;
    std::size_t first = lines.size();
    for (std::size_t i = from; i < lines.size(); ++i) {
      const auto f = fields_of(lines[i].text, sep);
      if (numeric_fields(f, sep)) {
        ++widths[f.size()];
        first = std::min(first, i);
      }
    }
    if (widths.empty()) {
      continue;
    }
    const auto modal = std::max_element(
        widths.begin(), widths.end(), [](auto a, auto b) { return a.second < b.second; });
    if (modal->second > best_score) {
      best_score = modal->second;
      best.separator = sep;
      best.columns = modal->first;
      // First data row: the first numeric row of the modal width.
      for (std::size_t i = from; i < lines.size(); ++i) {
        const auto f = fields_of(lines[i].text, sep);
        if (f.size() == modal->first && numeric_fields(f, sep)) {
          best.first_data_line = i;
          break;
        }
      }
    }
  }
  if (best_score == 0) {
    source.fail_at("no table of numbers found (expected rows of at least 2 numeric fields)",
                   lines.empty() ? 1 : lines[std::min(from, lines.size() - 1)].number,
                   0);
  }
  // Header: the nearest non-empty line above the first data row, if its width fits.
  best.has_header = false;
  best.header_line = static_cast<std::size_t>(-1);
  for (std::size_t i = best.first_data_line; i-- > from;) {
    if (trim(lines[i].text).empty()) {
      continue;
    }
    const auto f = fields_of(lines[i].text, best.separator);
    if (f.size() == best.columns && !numeric_fields(f, best.separator)) {
      best.has_header = true;
      best.header_line = i;
    }
    break;
  }
  if (decimal_separator) {
    best.decimal = *decimal_separator;
  } else if (best.separator == ',') {
    best.decimal = '.';
  } else {
    std::vector<std::string_view> sample;
    for (std::size_t i = best.first_data_line; i < lines.size() && sample.size() < 2000; ++i) {
      const auto f = fields_of(lines[i].text, best.separator);
      sample.insert(sample.end(), f.begin(), f.end());
    }
    best.decimal = guess_decimal_separator(sample);
  }
  return best;
}

bool detect_table(std::string_view bytes, std::string_view name) {
  (void)name;
  if (bytes.empty() || looks_binary(bytes)) {
    return false;
  }
  const auto decoded = decode_text(bytes.substr(0, 65536));
  const auto lines = split_lines(decoded.text);
  for (const char sep : {'\t', ';', ',', ' '}) {
    std::size_t rows = 0;
    for (const auto& l : lines) {
      const auto f = fields_of(l.text, sep);
      if (numeric_fields(f, sep)) {
        // One row of ≥ 3 numbers (a header plus a row that is cut short later still deserves
        // a precise error from read_table) or two rows of ≥ 2.
        if (f.size() >= 3 || ++rows >= 2) {
          return true;
        }
      }
    }
  }
  return false;
}

ReadResult read_table(std::string_view bytes, std::string_view name, const ReadOptions& options) {
  const auto decoded = decode_text(bytes);
  const TextSource source{std::string(name), decoded.text};
  detail::require_content(source);
  const auto layout = detect_table_layout(source, 0, options.decimal_separator);
  const auto& lines = source.lines();

  ReadResult result;
  std::vector<std::string> names;
  if (layout.has_header) {
    for (const auto f : fields_of(lines[layout.header_line].text, layout.separator)) {
      std::string n(trim(f));
      if (n.size() >= 2 && n.front() == '"' && n.back() == '"') {
        n = n.substr(1, n.size() - 2);
      }
      names.push_back(n);
    }
  }
  // Rows above the header or the data must not hold numbers of the table itself; free text
  // (instrument headers) is allowed and ignored.
  const std::size_t first = layout.first_data_line;

  auto check_width = [&](const TextLine& line, const std::vector<std::string_view>& f) {
    if (f.size() < layout.columns) {
      source.fail("row has " + eis::detail::to_text(f.size()) + " fields, expected " +
                      eis::detail::to_text(layout.columns) + " (truncated row?)",
                  line,
                  line.text.substr(line.text.size()));
    }
  };

  detail::ImpedanceColumns imp;
  if (layout.has_header) {
    imp = detail::map_impedance_columns(names);
  } else if (layout.columns >= 3) {
    names = {"f", "Z'", "Z''"};
    for (std::size_t k = 3; k < layout.columns; ++k) {
      names.push_back("column " + eis::detail::to_text(k + 1));
    }
    imp = detail::map_impedance_columns(names);
    result.warnings.push_back(
        "no header row: columns 1-3 were taken as frequency (Hz), Z' (Ohm) and Z'' (Ohm)");
  } else {
    source.fail("table without a header has " + eis::detail::to_text(layout.columns) +
                    " columns; at least 3 (frequency, Z', Z'') are needed",
                lines[first]);
  }

  if (imp.frequency != detail::no_column) {
    if (!imp.complete()) {
      source.fail(imp.missing(names), lines[layout.header_line]);
    }
    Spectrum spectrum = detail::read_impedance_rows(
        source, first, lines.size(), layout.separator, layout.decimal, layout.columns, imp, names);
    spectrum.metadata.column_names = names;
    detail::finish_spectrum(spectrum);
    if (layout.decimal == ',') {
      spectrum.metadata.extra["decimal_separator"] = ",";
    }
    result.spectra.push_back(std::move(spectrum));
    return result;
  }

  const auto vc = detail::map_voltammetry_columns(names);
  if (!vc.complete()) {
    std::string list;
    for (const auto& n : names) {
      list += (list.empty() ? "'" : ", '") + n + "'";
    }
    source.fail("no frequency column, and no potential and current columns, among " + list,
                lines[layout.header_line]);
  }
  cv::Voltammogram v;
  v.metadata.column_names = names;
  for (std::size_t i = first; i < lines.size(); ++i) {
    const auto& line = lines[i];
    if (trim(line.text).empty()) {
      continue;
    }
    const auto f = fields_of(line.text, layout.separator);
    check_width(line, f);
    v.potential_v.push_back(detail::to_si(
        detail::field_number(source, line, f, vc.potential, names[vc.potential], layout.decimal),
        vc.potential_info));
    v.current_a.push_back(detail::to_si(
        detail::field_number(source, line, f, vc.current, names[vc.current], layout.decimal),
        vc.current_info));
    if (vc.time != detail::no_column) {
      v.time_s.push_back(detail::to_si(
          detail::field_number(source, line, f, vc.time, names[vc.time], layout.decimal),
          vc.time_info));
    }
    if (vc.cycle != detail::no_column) {
      v.cycle.push_back(static_cast<int>(std::lround(
          detail::field_number(source, line, f, vc.cycle, names[vc.cycle], layout.decimal))));
    }
  }
  v.metadata.technique = "CV";
  result.voltammograms.push_back(std::move(v));
  return result;
}

bool detect_eis_csv(std::string_view bytes, std::string_view name) {
  (void)name;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    bytes.remove_prefix(3);
  }
  constexpr std::string_view spectra = "file,spectrum,frequency_hz,z_real_ohm,z_imag_ohm";
  constexpr std::string_view voltammograms = "file,cycle,time_s,potential_v,current_a";
  return bytes.substr(0, spectra.size()) == spectra ||
         bytes.substr(0, voltammograms.size()) == voltammograms;
}

ReadResult read_eis_csv(std::string_view bytes, std::string_view name, const ReadOptions& options) {
  (void)options;
  const auto decoded = decode_text(bytes);
  const TextSource source{std::string(name), decoded.text};
  detail::require_content(source);
  const auto& lines = source.lines();
  const auto header = split_quoted(lines[0].text, ',');
  auto index = [&](std::string_view n) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == n) {
        return i;
      }
    }
    return detail::no_column;
  };
  // Fields as views into the line where possible (for column numbers in messages).
  auto field_view = [](const TextLine& line, std::size_t k) -> std::string_view {
    // Locate the k-th comma-separated field, skipping quoted commas.
    std::size_t start = 0;
    std::size_t field = 0;
    bool quoted = false;
    for (std::size_t i = 0; i <= line.text.size(); ++i) {
      if (i < line.text.size() && line.text[i] == '"') {
        quoted = !quoted;
      }
      if (i == line.text.size() || (!quoted && line.text[i] == ',')) {
        if (field == k) {
          return line.text.substr(start, i - start);
        }
        ++field;
        start = i + 1;
      }
    }
    return line.text.substr(line.text.size());
  };
  ReadResult result;
  const bool spectra = index("frequency_hz") != detail::no_column;
  const std::size_t fc = index("frequency_hz");
  const std::size_t rc = index("z_real_ohm");
  const std::size_t ic = index("z_imag_ohm");
  const std::size_t tc = index("time_s");
  const std::size_t kc = index("temperature_k");
  const std::size_t sc = index("spectrum");
  const std::size_t cc = index("cycle");
  const std::size_t pc = index("potential_v");
  const std::size_t ac = index("current_a");
  if (spectra ? (rc == detail::no_column || ic == detail::no_column || sc == detail::no_column)
              : (pc == detail::no_column || ac == detail::no_column)) {
    source.fail("missing columns in the eis read CSV header", lines[0]);
  }
  std::string current_key;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto& line = lines[i];
    if (trim(line.text).empty()) {
      continue;
    }
    const auto fields = split_quoted(line.text, ',');
    if (fields.size() != header.size()) {
      source.fail("row has " + eis::detail::to_text(fields.size()) + " fields, expected " +
                      eis::detail::to_text(header.size()) + " (truncated row?)",
                  line,
                  line.text.substr(line.text.size()));
    }
    auto number = [&](std::size_t k, std::string_view what) {
      return source.number(line, field_view(line, k), what, '.');
    };
    const std::string key = fields[0] + '\n' + (spectra ? fields[sc] : std::string());
    if (key != current_key) {
      current_key = key;
      if (spectra) {
        result.spectra.emplace_back();
        result.spectra.back().metadata.extra["source_file"] = fields[0];
      } else {
        result.voltammograms.emplace_back();
        result.voltammograms.back().metadata.extra["source_file"] = fields[0];
      }
    }
    if (spectra) {
      auto& s = result.spectra.back();
      const double f = number(fc, "frequency_hz");
      if (!(f > 0.0)) {
        source.fail("frequency must be > 0 Hz", line, field_view(line, fc));
      }
      s.frequency_hz.push_back(f);
      s.impedance_ohm.emplace_back(number(rc, "z_real_ohm"), number(ic, "z_imag_ohm"));
      if (tc != detail::no_column && !trim(fields[tc]).empty()) {
        s.time_s.push_back(number(tc, "time_s"));
      }
      if (kc != detail::no_column && !trim(fields[kc]).empty() && !s.metadata.temperature_k) {
        s.metadata.temperature_k = number(kc, "temperature_k");
      }
    } else {
      auto& v = result.voltammograms.back();
      if (cc != detail::no_column && !trim(fields[cc]).empty()) {
        v.cycle.push_back(static_cast<int>(std::lround(number(cc, "cycle"))));
      }
      if (!trim(fields[index("time_s")]).empty()) {
        v.time_s.push_back(number(index("time_s"), "time_s"));
      }
      v.potential_v.push_back(number(pc, "potential_v"));
      v.current_a.push_back(number(ac, "current_a"));
    }
  }
  for (auto& s : result.spectra) {
    if (s.time_s.size() != s.size()) {
      s.time_s.clear();
    }
    s.metadata.column_names = header;
    detail::finish_spectrum(s);
  }
  for (auto& v : result.voltammograms) {
    if (v.time_s.size() != v.size()) {
      v.time_s.clear();
    }
    if (v.cycle.size() != v.size()) {
      v.cycle.clear();
    }
    v.metadata.column_names = header;
  }
  if (result.spectra.empty() && result.voltammograms.empty()) {
    source.fail("no data rows after the header", lines[0]);
  }
  return result;
}

namespace detail {

bool ImpedanceColumns::complete() const noexcept {
  return frequency != no_column &&
         ((real != no_column && imag != no_column) || (modulus != no_column && phase != no_column));
}

std::size_t ImpedanceColumns::max_index() const noexcept {
  std::size_t m = 0;
  for (const auto c : {frequency, real, imag, modulus, phase, time, temperature, cycle}) {
    if (c != no_column) {
      m = std::max(m, c);
    }
  }
  return m;
}

std::string ImpedanceColumns::missing(const std::vector<std::string>& names) const {
  std::string list;
  for (const auto& n : names) {
    list += (list.empty() ? "'" : ", '") + n + "'";
  }
  std::string what;
  if (frequency == no_column) {
    what = "no frequency column";
  } else if (real == no_column && modulus == no_column) {
    what = "no Z' (real part) column";
  } else if (real != no_column && imag == no_column) {
    what = "no Z'' (imaginary part) column";
  } else {
    what = "no phase column to go with |Z|";
  }
  return what + " among " + list;
}

ImpedanceColumns map_impedance_columns(const std::vector<std::string>& names) {
  ImpedanceColumns c;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const ColumnInfo info = classify_column(names[i]);
    auto take = [&](std::size_t& slot, ColumnInfo& slot_info) {
      if (slot == no_column) {
        slot = i;
        slot_info = info;
      }
    };
    switch (info.role) {
      case ColumnRole::frequency:
        take(c.frequency, c.frequency_info);
        break;
      case ColumnRole::z_real:
        take(c.real, c.real_info);
        break;
      case ColumnRole::z_imag:
        take(c.imag, c.imag_info);
        break;
      case ColumnRole::z_modulus:
        take(c.modulus, c.modulus_info);
        break;
      case ColumnRole::z_phase:
        take(c.phase, c.phase_info);
        break;
      case ColumnRole::time:
        take(c.time, c.time_info);
        break;
      case ColumnRole::temperature:
        take(c.temperature, c.temperature_info);
        break;
      case ColumnRole::cycle:
        take(c.cycle, c.cycle_info);
        break;
      default:
        break;
    }
  }
  return c;
}

VoltammetryColumns map_voltammetry_columns(const std::vector<std::string>& names) {
  VoltammetryColumns c;
  std::size_t applied = no_column;
  ColumnInfo applied_info;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const ColumnInfo info = classify_column(names[i]);
    switch (info.role) {
      case ColumnRole::potential:
        if (icontains(names[i], "applied")) {
          if (applied == no_column) {
            applied = i;
            applied_info = info;
          }
        } else if (c.potential == no_column) {
          c.potential = i;
          c.potential_info = info;
        }
        break;
      case ColumnRole::current:
        if (c.current == no_column) {
          c.current = i;
          c.current_info = info;
        }
        break;
      case ColumnRole::time:
        if (c.time == no_column) {
          c.time = i;
          c.time_info = info;
        }
        break;
      case ColumnRole::cycle:
        if (c.cycle == no_column) {
          c.cycle = i;
          c.cycle_info = info;
        }
        break;
      default:
        break;
    }
  }
  if (c.potential == no_column) {
    c.potential = applied;
    c.potential_info = applied_info;
  }
  return c;
}

double field_number(const TextSource& source,
                    const TextLine& line,
                    const std::vector<std::string_view>& fields,
                    std::size_t index,
                    std::string_view what,
                    char decimal) {
  if (index >= fields.size()) {
    source.fail("row has " + eis::detail::to_text(fields.size()) + " fields; column '" +
                    std::string(what) + "' (" + eis::detail::to_text(index + 1) +
                    ") is missing (truncated row?)",
                line,
                line.text.substr(line.text.size()));
  }
  return source.number(line, fields[index], what, decimal);
}

void append_impedance_row(const TextSource& source,
                          const TextLine& line,
                          const std::vector<std::string_view>& fields,
                          const ImpedanceColumns& columns,
                          const std::vector<std::string>& names,
                          char decimal,
                          Spectrum& spectrum) {
  auto name = [&](std::size_t i) -> std::string_view {
    return i < names.size() ? std::string_view(names[i]) : std::string_view("column");
  };
  const double f =
      to_si(field_number(source, line, fields, columns.frequency, name(columns.frequency), decimal),
            columns.frequency_info);
  if (!(f > 0.0)) {
    source.fail("frequency must be > 0 Hz in an impedance table, found '" +
                    excerpt(trim(fields[columns.frequency])) + "'",
                line,
                trim(fields[columns.frequency]));
  }
  Complex z;
  if (columns.real != no_column && columns.imag != no_column) {
    const double re =
        to_si(field_number(source, line, fields, columns.real, name(columns.real), decimal),
              columns.real_info);
    const double im =
        to_si(field_number(source, line, fields, columns.imag, name(columns.imag), decimal),
              columns.imag_info);
    z = {re, im};
  } else {
    const double mod =
        to_si(field_number(source, line, fields, columns.modulus, name(columns.modulus), decimal),
              columns.modulus_info);
    const double phase_deg =
        to_si(field_number(source, line, fields, columns.phase, name(columns.phase), decimal),
              columns.phase_info);
    z = std::polar(mod, phase_deg * std::numbers::pi / 180.0);
  }
  spectrum.frequency_hz.push_back(f);
  spectrum.impedance_ohm.push_back(z);
  if (columns.time != no_column) {
    spectrum.time_s.push_back(
        to_si(field_number(source, line, fields, columns.time, name(columns.time), decimal),
              columns.time_info));
  }
}

std::vector<std::string_view> table_fields(std::string_view line, char separator) {
  return fields_of(line, separator);
}

Spectrum read_impedance_rows(const TextSource& source,
                             std::size_t first,
                             std::size_t last,
                             char separator,
                             char decimal,
                             std::size_t min_fields,
                             const ImpedanceColumns& columns,
                             const std::vector<std::string>& names,
                             std::size_t* zero_frequency_rows) {
  const auto& lines = source.lines();
  Spectrum spectrum;
  for (std::size_t i = first; i < last && i < lines.size(); ++i) {
    const auto& line = lines[i];
    if (trim(line.text).empty()) {
      continue;
    }
    const auto f = fields_of(line.text, separator);
    if (f.size() < std::max(min_fields, columns.max_index() + 1)) {
      source.fail("row has " + eis::detail::to_text(f.size()) + " fields, expected " +
                      eis::detail::to_text(std::max(min_fields, columns.max_index() + 1)) +
                      " (truncated row?)",
                  line,
                  line.text.substr(line.text.size()));
    }
    if (zero_frequency_rows != nullptr) {
      const auto freq = parse_double(f[columns.frequency], decimal);
      if (freq && *freq == 0.0) {
        ++*zero_frequency_rows;
        continue;
      }
    }
    append_impedance_row(source, line, f, columns, names, decimal, spectrum);
  }
  return spectrum;
}

void require_content(const TextSource& source) {
  for (const auto& l : source.lines()) {
    if (!trim(l.text).empty()) {
      return;
    }
  }
  source.fail_at("file is empty", 1, 0);
}

}  // namespace detail
}  // namespace eis::io
