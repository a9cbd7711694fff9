// Smaller instrument text formats. Layout facts from FORMATS.md §3.5–3.7 and §3.10–3.12.
#include <cctype>
#include <cmath>
#include <map>
#include <string>

#include <eis/detail/reader_support.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>
#include <eis/io/instrument_text.hpp>
#include <eis/io/table.hpp>
#include <eis/io/text.hpp>
#include <eis/units.hpp>

namespace eis::io {
namespace {

// First few lines of raw bytes, decoded, for detection (never throws).
std::vector<std::string> head_lines(std::string_view bytes, std::size_t count) {
  const auto decoded = decode_text(bytes.substr(0, 4096));
  std::vector<std::string> out;
  for (const auto& l : split_lines(decoded.text)) {
    if (out.size() >= count) {
      break;
    }
    out.emplace_back(l.text);
  }
  return out;
}

std::optional<std::size_t> parse_count(std::string_view text) {
  const auto v = parse_double(text);
  if (!v || *v < 0 || *v > 1e8 || *v != std::floor(*v)) {
    return std::nullopt;
  }
  return static_cast<std::size_t>(*v);
}

std::vector<std::string> names_of(std::string_view line, char separator) {
  std::vector<std::string> names;
  for (const auto f : detail::table_fields(line, separator)) {
    names.emplace_back(trim(f));
  }
  return names;
}

ReadResult single(Spectrum s) {
  detail::finish_spectrum(s);
  ReadResult r;
  r.spectra.push_back(std::move(s));
  return r;
}

void check_declared(const TextSource& source, std::size_t declared, std::size_t found) {
  if (declared != found) {
    source.fail_at("the file declares " + eis::detail::to_text(declared) + " points but " +
                       eis::detail::to_text(found) + " rows follow (truncated file?)",
                   source.lines().back().number,
                   0);
  }
}

}  // namespace

// ---------------------------------------------------------------------------- .dfr
bool detect_autolab_dfr(std::string_view bytes, std::string_view name) {
  if (bytes.substr(0, 7) != "VERSION") {
    return false;
  }
  const auto lines = head_lines(bytes, 3);
  return detail::has_extension(name, ".dfr") ||
         (lines.size() >= 3 && parse_count(lines[1]).has_value());
}

ReadResult read_autolab_dfr(std::string_view bytes,
                            std::string_view name,
                            const ReadOptions& options) {
  const auto decoded = decode_text(bytes);
  const TextSource source{std::string(name), decoded.text};
  detail::require_content(source);
  const auto& lines = source.lines();
  if (!istarts_with(lines[0].text, "VERSION")) {
    source.fail_at("not an Eco Chemie .dfr file: line 1 must start with VERSION", 1, 1);
  }
  if (lines.size() < 3) {
    source.fail_at("file ends after its header", lines.back().number, 0);
  }
  const auto n = parse_count(lines[1].text);
  if (!n || *n == 0) {
    source.fail(
        "expected the number of points on line 2, found '" + excerpt(trim(lines[1].text)) + "'",
        lines[1],
        trim(lines[1].text));
  }
  constexpr std::size_t per_point = 9;
  const std::size_t first = 3;
  if (lines.size() < first + *n * per_point) {
    source.fail_at("the file declares " + eis::detail::to_text(*n) + " points (" +
                       eis::detail::to_text(*n * per_point) + " lines) but ends after " +
                       eis::detail::to_text(lines.size() - first) + " data lines (truncated file?)",
                   lines.back().number,
                   0);
  }
  const char decimal = options.decimal_separator.value_or('.');
  Spectrum s;
  for (std::size_t k = 0; k < *n; ++k) {
    const auto& lf = lines[first + k * per_point];
    const double f = source.number(lf, lf.text, "frequency", decimal);
    if (!(f > 0.0)) {
      source.fail(
          "frequency must be > 0 Hz, found '" + excerpt(trim(lf.text)) + "'", lf, trim(lf.text));
    }
    const auto& lre = lines[first + k * per_point + 1];
    const auto& lim = lines[first + k * per_point + 2];
    const auto& lt = lines[first + k * per_point + 5];
    s.frequency_hz.push_back(f);
    // The file stores −Z'' (FORMATS.md §3).
    s.impedance_ohm.emplace_back(source.number(lre, lre.text, "Z'", decimal),
                                 -source.number(lim, lim.text, "-Z''", decimal));
    s.time_s.push_back(source.number(lt, lt.text, "time", decimal));
    if (k == 0) {
      const auto& le = lines[first + 3];
      s.metadata.dc_potential_v = source.number(le, le.text, "E_dc", decimal);
    }
  }
  s.metadata.column_names = {"f", "Z'", "-Z''", "E_dc", "I_dc", "time", "", "", ""};
  s.metadata.extra["version"] = std::string(trim(lines[0].text));
  return single(std::move(s));
}

// ---------------------------------------------------------------------------- CHI
bool detect_chi(std::string_view bytes, std::string_view name) {
  (void)name;
  const auto lines = head_lines(bytes, 6);
  return lines.size() >= 3 && trim(lines[1]) == "A.C. Impedance";
}

ReadResult read_chi(std::string_view bytes, std::string_view name, const ReadOptions& options) {
  const auto decoded = decode_text(bytes);
  const TextSource source{std::string(name), decoded.text};
  detail::require_content(source);
  const auto& lines = source.lines();
  const auto layout = detect_table_layout(source, 1, options.decimal_separator);
  if (!layout.has_header) {
    source.fail("no column line (Freq/Hz, Z'/ohm, ...) above the data",
                lines[layout.first_data_line]);
  }
  const auto names = names_of(lines[layout.header_line].text, layout.separator);
  const auto columns = detail::map_impedance_columns(names);
  if (!columns.complete()) {
    source.fail(columns.missing(names), lines[layout.header_line]);
  }
  Spectrum s = detail::read_impedance_rows(source,
                                           layout.first_data_line,
                                           lines.size(),
                                           layout.separator,
                                           layout.decimal,
                                           layout.columns,
                                           columns,
                                           names);
  auto& m = s.metadata;
  m.column_names = names;
  m.start_time = std::string(trim(lines[0].text));
  m.technique = "A.C. Impedance";
  for (std::size_t i = 1; i < layout.header_line; ++i) {
    const auto t = trim(lines[i].text);
    if (istarts_with(t, "Instrument Model:")) {
      m.instrument = std::string(trim(t.substr(17)));
    }
    const auto eq = t.find(" = ");
    if (eq != std::string_view::npos) {
      const auto key = trim(t.substr(0, eq));
      const auto value = parse_double(t.substr(eq + 3), layout.decimal);
      m.extra[std::string(key)] = std::string(trim(t.substr(eq + 3)));
      if (key == "Amplitude (V)" && value) {
        m.ac_amplitude_v = *value;
      } else if (key == "Init E (V)" && value) {
        m.dc_potential_v = *value;
      }
    }
  }
  return single(std::move(s));
}

// ---------------------------------------------------------------------------- VersaStudio
bool detect_versastudio_par(std::string_view bytes, std::string_view name) {
  const auto lines = head_lines(bytes, 3);
  if (lines.empty()) {
    return false;
  }
  return trim(lines[0]) == "<Application>" ||
         (detail::has_extension(name, ".par") && !trim(lines[0]).empty() &&
          trim(lines[0]).front() == '<');
}

ReadResult read_versastudio_par(std::string_view bytes,
                                std::string_view name,
                                const ReadOptions& options) {
  const auto decoded = decode_text(bytes);
  const TextSource source{std::string(name), decoded.text};
  detail::require_content(source);
  const auto& lines = source.lines();
  std::map<std::string, std::map<std::string, std::string>> sections;
  ReadResult result;
  std::size_t skipped = 0;
  std::string section;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto t = trim(lines[i].text);
    if (t.size() > 2 && t.front() == '<' && t.back() == '>' && t[1] != '/' && t[1] != '?') {
      section = std::string(t.substr(1, t.size() - 2));
      if (section.rfind("Segment", 0) != 0) {
        continue;
      }
      // A data segment: key=value lines, then Definition=, then rows up to </SegmentN>.
      std::size_t j = i + 1;
      std::vector<std::string> names;
      const TextLine* definition = nullptr;
      for (; j < lines.size(); ++j) {
        const auto u = trim(lines[j].text);
        if (istarts_with(u, "Definition=")) {
          definition = &lines[j];
          names = names_of(u.substr(11), ',');
          ++j;
          break;
        }
        if (u == "</" + section + ">") {
          break;
        }
      }
      std::size_t end = j;
      while (end < lines.size() && trim(lines[end].text) != "</" + section + ">") {
        ++end;
      }
      if (end == lines.size()) {
        source.fail_at(
            "<" + section + "> is never closed (truncated file?)", lines.back().number, 0);
      }
      if (definition != nullptr) {
        detail::ImpedanceColumns c;
        for (std::size_t k = 0; k < names.size(); ++k) {
          if (names[k] == "Frequency(Hz)") {
            c.frequency = k;
          } else if (names[k] == "Z Real") {
            c.real = k;
          } else if (names[k] == "Z Imag") {
            c.imag = k;
          } else if (names[k] == "Elapsed Time(s)") {
            c.time = k;
          }
        }
        if (c.frequency != detail::no_column && c.complete()) {
          // The Definition line ends with an extra ", 0" that no row has.
          Spectrum s = detail::read_impedance_rows(source,
                                                   j,
                                                   end,
                                                   ',',
                                                   options.decimal_separator.value_or('.'),
                                                   c.max_index() + 1,
                                                   c,
                                                   names,
                                                   &skipped);
          if (s.size() > 0) {
            s.metadata.column_names = names;
            s.metadata.extra["segment"] = section;
            result.spectra.push_back(std::move(s));
          }
        }
      }
      i = end;
      continue;
    }
    const auto eq = t.find('=');
    if (!section.empty() && eq != std::string_view::npos) {
      sections[section].emplace(std::string(t.substr(0, eq)), std::string(t.substr(eq + 1)));
    }
  }
  if (result.spectra.empty()) {
    source.fail_at("no <SegmentN> with Frequency(Hz), Z Real and Z Imag columns", 0, 0);
  }
  auto get = [&](const std::string& sec, const std::string& key) -> std::string {
    const auto s = sections.find(sec);
    if (s == sections.end()) {
      return {};
    }
    const auto k = s->second.find(key);
    return k == s->second.end() ? std::string() : k->second;
  };
  for (auto& s : result.spectra) {
    auto& m = s.metadata;
    m.instrument = get("Instrument", "Type");
    m.start_time = get("Experiment", "DateAcquired");
    if (const auto t = get("Experiment", "TimeAcquired"); !t.empty()) {
      m.start_time += (m.start_time.empty() ? "" : " ") + t;
    }
    for (const auto& [sec, kv] : sections) {
      if (sec.rfind("Action", 0) != 0) {
        continue;
      }
      if (const auto a = kv.find("Amplitude (mV RMS)"); a != kv.end()) {
        if (const auto v = parse_double(a->second)) {
          m.ac_amplitude_v = *v * 1e-3;
        }
        if (const auto n = kv.find("Name"); n != kv.end()) {
          m.technique = n->second;
        }
      }
      if (const auto a = kv.find("Working Electrode Area (cm2)"); a != kv.end()) {
        if (const auto v = parse_double(a->second)) {
          m.area_cm2 = *v;
        }
      }
    }
    m.extra["software_version"] = get("Application", "Version");
    detail::finish_spectrum(s);
  }
  if (skipped > 0) {
    result.warnings.push_back(eis::detail::to_text(skipped) +
                              " rows with Frequency(Hz) = 0 (DC points) were skipped");
  }
  return result;
}

// ---------------------------------------------------------------------------- PARSTAT
bool detect_parstat(std::string_view bytes, std::string_view name) {
  (void)name;
  const auto lines = head_lines(bytes, 1);
  return !lines.empty() && istarts_with(lines[0], "Potential (V)\tCurrent (A)") &&
         icontains(lines[0], "Frequency (Hz)") && icontains(lines[0], "Zre");
}

ReadResult read_parstat(std::string_view bytes, std::string_view name, const ReadOptions& options) {
  const auto decoded = decode_text(bytes);
  const TextSource source{std::string(name), decoded.text};
  detail::require_content(source);
  const auto& lines = source.lines();
  const auto names = names_of(lines[0].text, '\t');
  const auto columns = detail::map_impedance_columns(names);
  if (!columns.complete()) {
    source.fail(columns.missing(names), lines[0]);
  }
  std::size_t skipped = 0;
  Spectrum s = detail::read_impedance_rows(source,
                                           1,
                                           lines.size(),
                                           '\t',
                                           options.decimal_separator.value_or('.'),
                                           names.size(),
                                           columns,
                                           names,
                                           &skipped);
  if (s.size() == 0) {
    source.fail_at("no impedance rows (every Frequency (Hz) is 0)", 1, 0);
  }
  s.metadata.column_names = names;
  auto r = single(std::move(s));
  if (skipped > 0) {
    r.warnings.push_back(eis::detail::to_text(skipped) +
                         " DC rows (Frequency (Hz) = 0) were skipped");
  }
  return r;
}

// ---------------------------------------------------------------------------- .P00
bool detect_p00(std::string_view bytes, std::string_view name) {
  (void)name;
  const auto lines = head_lines(bytes, 8);
  for (const auto& l : lines) {
    if (istarts_with(trim(l), "f/Hz") && icontains(l, "Z'/Ohm") && icontains(l, "-Z''/Ohm")) {
      return true;
    }
  }
  return false;
}

ReadResult read_p00(std::string_view bytes, std::string_view name, const ReadOptions& options) {
  const auto decoded = decode_text(bytes);
  const TextSource source{std::string(name), decoded.text};
  detail::require_content(source);
  const auto& lines = source.lines();
  std::size_t header = lines.size();
  for (std::size_t i = 0; i < lines.size() && i < 20; ++i) {
    if (istarts_with(trim(lines[i].text), "f/Hz")) {
      header = i;
      break;
    }
  }
  if (header == lines.size()) {
    source.fail_at("no column line starting with f/Hz", 1, 0);
  }
  const auto names = names_of(lines[header].text, '\t');
  const auto columns = detail::map_impedance_columns(names);
  if (!columns.complete()) {
    source.fail(columns.missing(names), lines[header]);
  }
  if (header + 1 >= lines.size()) {
    source.fail("no point count after the column line", lines[header]);
  }
  const auto n = parse_count(lines[header + 1].text);
  if (!n) {
    source.fail(
        "expected the number of points, found '" + excerpt(trim(lines[header + 1].text)) + "'",
        lines[header + 1],
        trim(lines[header + 1].text));
  }
  Spectrum s = detail::read_impedance_rows(source,
                                           header + 2,
                                           lines.size(),
                                           '\t',
                                           options.decimal_separator.value_or('.'),
                                           columns.max_index() + 1,
                                           columns,
                                           names);
  check_declared(source, *n, s.size());
  s.metadata.column_names = names;
  s.metadata.extra["procedure"] = std::string(trim(lines[0].text));
  return single(std::move(s));
}

// ---------------------------------------------------------------------------- .i2b
bool detect_i2b(std::string_view bytes, std::string_view name) {
  return detail::has_extension(name, ".i2b") && !looks_binary(bytes);
}

ReadResult read_i2b(std::string_view bytes, std::string_view name, const ReadOptions& options) {
  const auto decoded = decode_text(bytes);
  const TextSource source{std::string(name), decoded.text};
  detail::require_content(source);
  const auto& lines = source.lines();
  // The count is the first line that is a lone integer after a blank line.
  std::size_t count_line = lines.size();
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (trim(lines[i - 1].text).empty() && parse_count(lines[i].text)) {
      count_line = i;
      break;
    }
  }
  if (count_line == lines.size()) {
    source.fail_at("no point count after a blank line (the .i2b layout)", 1, 0);
  }
  const std::vector<std::string> names = {"f", "Z'", "Z''"};
  const auto columns = detail::map_impedance_columns(names);
  Spectrum s = detail::read_impedance_rows(source,
                                           count_line + 1,
                                           lines.size(),
                                           ' ',
                                           options.decimal_separator.value_or('.'),
                                           3,
                                           columns,
                                           names);
  check_declared(source, *parse_count(lines[count_line].text), s.size());
  s.metadata.column_names = names;
  std::string notes;
  for (std::size_t i = 0; i + 1 < count_line; ++i) {
    notes += (notes.empty() ? "" : "\n") + std::string(trim(lines[i].text));
  }
  s.metadata.extra["notes"] = notes;
  return single(std::move(s));
}

// ---------------------------------------------------------------------------- NEISYS
bool detect_neisys(std::string_view bytes, std::string_view name) {
  (void)name;
  const auto lines = head_lines(bytes, 5);
  for (const auto& l : lines) {
    if (istarts_with(trim(l), "Fixed value(s)")) {
      return true;
    }
  }
  return false;
}

ReadResult read_neisys(std::string_view bytes, std::string_view name, const ReadOptions& options) {
  const auto decoded = decode_text(bytes);
  const TextSource source{std::string(name), decoded.text};
  detail::require_content(source);
  const auto& lines = source.lines();
  const auto layout = detect_table_layout(source, 1, options.decimal_separator);
  if (!layout.has_header) {
    source.fail("no column line (Freq.[Hz], Zs'[ohm], Zs''[ohm]) above the data",
                lines[layout.first_data_line]);
  }
  const auto names = names_of(lines[layout.header_line].text, '\t');
  const auto columns = detail::map_impedance_columns(names);
  if (!columns.complete()) {
    source.fail(columns.missing(names), lines[layout.header_line]);
  }
  Spectrum s = detail::read_impedance_rows(source,
                                           layout.first_data_line,
                                           lines.size(),
                                           layout.separator,
                                           layout.decimal,
                                           3,
                                           columns,
                                           names);
  auto& m = s.metadata;
  m.column_names = names;
  const std::string sample(trim(lines[0].text));
  m.extra["sample"] = sample;
  // "s04147-140deg" / "s05751_25deg, 26.02.2025, 15:11": the temperature in °C.
  const auto deg = sample.find("deg");
  if (deg != std::string::npos) {
    std::size_t b = deg;
    while (b > 0 &&
           (std::isdigit(static_cast<unsigned char>(sample[b - 1])) != 0 || sample[b - 1] == '.')) {
      --b;
    }
    if (b < deg) {
      if (const auto t = parse_double(std::string_view(sample).substr(b, deg - b))) {
        m.temperature_k = units::celsius_to_kelvin(*t);
      }
    }
  }
  for (std::size_t i = 1; i < layout.header_line; ++i) {
    const auto t = trim(lines[i].text);
    const auto words = split_whitespace(t);
    for (std::size_t w = 0; w + 1 < words.size(); ++w) {
      if (words[w] == "Diameter[mm]:") {
        m.extra["diameter_mm"] = std::string(words[w + 1]);
      } else if (words[w] == "Thickness[mm]:") {
        const bool electrode = w > 0 && words[w - 1] == "Electrode";
        m.extra[electrode ? "electrode_thickness_mm" : "thickness_mm"] = std::string(words[w + 1]);
      }
    }
    const auto ac = t.find("[Vrms]=");
    if (ac != std::string_view::npos) {
      const auto rest = split_whitespace(t.substr(ac + 7));
      if (!rest.empty()) {
        if (const auto v = parse_double(rest[0])) {
          m.ac_amplitude_v = *v;
        }
      }
    }
  }
  return single(std::move(s));
}

// ---------------------------------------------------------------------------- RelaxIS
bool detect_relaxis(std::string_view bytes, std::string_view name) {
  (void)name;
  const auto lines = head_lines(bytes, 1);
  return !lines.empty() && istarts_with(trim(lines[0]), "RelaxIS") && icontains(lines[0], "export");
}

ReadResult read_relaxis(std::string_view bytes, std::string_view name, const ReadOptions& options) {
  const auto decoded = decode_text(bytes);
  const TextSource source{std::string(name), decoded.text};
  detail::require_content(source);
  const auto& lines = source.lines();
  std::size_t header = lines.size();
  for (std::size_t i = 0; i < lines.size() && i < 20; ++i) {
    if (istarts_with(trim(lines[i].text), "Data:")) {
      header = i;
      break;
    }
  }
  if (header == lines.size()) {
    source.fail_at("no column line starting with 'Data:'", 1, 0);
  }
  const auto names = names_of(lines[header].text, '\t');
  const auto columns = detail::map_impedance_columns(names);
  if (!columns.complete()) {
    source.fail(columns.missing(names), lines[header]);
  }
  const char decimal = options.decimal_separator.value_or('.');
  ReadResult result;
  std::string date;
  if (header > 1 && istarts_with(trim(lines[1].text), "Date:")) {
    date = std::string(trim(trim(lines[1].text).substr(5)));
  }
  // Spectrum blocks: a description line (not numeric) followed by rows.
  std::size_t i = header + 1;
  while (i < lines.size()) {
    if (trim(lines[i].text).empty()) {
      ++i;
      continue;
    }
    Spectrum s;
    const auto first = detail::table_fields(lines[i].text, '\t');
    const bool description =
        !first.empty() && !parse_double(first[0], decimal) &&
        (first[0].find('=') != std::string_view::npos || icontains(lines[i].text, "Model:"));
    if (!description && (first.empty() || !parse_double(first[0], decimal))) {
      (void)source.number(lines[i], first.empty() ? lines[i].text : first[0], names[0], decimal);
    }
    if (description) {
      // "DC=-0.080042, TM=33.741076, J=-5E-6, FV2=1\tModel: …\t(WE/RE Spectrum) name"
      for (const auto kv : split_fields(first[0], ',')) {
        const auto eq = kv.find('=');
        if (eq == std::string_view::npos) {
          continue;
        }
        const std::string key(trim(kv.substr(0, eq)));
        const auto value = trim(kv.substr(eq + 1));
        s.metadata.extra[key] = std::string(value);
        if (key == "DC") {
          s.metadata.dc_potential_v = parse_double(value, decimal);
        }
      }
      for (std::size_t k = 1; k < first.size(); ++k) {
        const auto t = trim(first[k]);
        if (istarts_with(t, "Model:")) {
          s.metadata.extra["model"] = std::string(trim(t.substr(6)));
        } else if (!t.empty()) {
          s.metadata.extra["spectrum"] = std::string(t);
        }
      }
      ++i;
    }
    std::size_t end = i;
    while (end < lines.size()) {
      const auto f = detail::table_fields(lines[end].text, '\t');
      if (!trim(lines[end].text).empty() && (f.empty() || !parse_double(f[0], decimal))) {
        break;
      }
      ++end;
    }
    Spectrum rows = detail::read_impedance_rows(
        source, i, end, '\t', decimal, columns.max_index() + 1, columns, names);
    if (rows.size() == 0) {
      source.fail("spectrum without data rows", lines[std::min(i, lines.size() - 1)]);
    }
    s.frequency_hz = std::move(rows.frequency_hz);
    s.impedance_ohm = std::move(rows.impedance_ohm);
    s.metadata.column_names = names;
    s.metadata.start_time = date;
    detail::finish_spectrum(s);
    result.spectra.push_back(std::move(s));
    i = end;
  }
  if (result.spectra.empty()) {
    source.fail("no spectrum after the column line", lines[header]);
  }
  return result;
}

}  // namespace eis::io
