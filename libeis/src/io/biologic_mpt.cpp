// BioLogic EC-Lab ASCII export. Layout facts from FORMATS.md §3.1 (checked on the fixtures).
#include <cmath>
#include <map>
#include <string>

#include <eis/detail/reader_support.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>
#include <eis/io/biologic_mpt.hpp>
#include <eis/io/table.hpp>
#include <eis/io/text.hpp>

namespace eis::io {
namespace {

constexpr std::string_view signature = "EC-Lab ASCII FILE";

// EC-Lab's long technique titles → the short names EC-Lab itself uses.
std::string short_technique(std::string_view title) {
  static const std::map<std::string, std::string, std::less<>> names = {
      {"potentio electrochemical impedance spectroscopy", "PEIS"},
      {"galvano electrochemical impedance spectroscopy", "GEIS"},
      {"staircase potentio electrochemical impedance spectroscopy", "SPEIS"},
      {"staircase galvano electrochemical impedance spectroscopy", "SGEIS"},
      {"ir compensation (peis)", "ZIR"},
      {"cyclic voltammetry", "CV"},
      {"linear sweep voltammetry", "LSV"},
      {"chronoamperometry / chronocoulometry", "CA"},
      {"chronopotentiometry", "CP"},
      {"modulo bat", "MB"},
      {"galvanostatic cycling with potential limitation", "GCPL"},
      {"open circuit voltage", "OCV"},
  };
  const auto it = names.find(to_lower_ascii(trim(title)));
  return it == names.end() ? std::string(trim(title)) : it->second;
}

struct Header {
  std::map<std::string, std::string> values;  // "Key : value" lines and technique parameters
  std::string technique_title;
};

// Header lines are "Key : value" or fixed-width technique parameters ("fi   1.000").
Header parse_header(const std::vector<TextLine>& lines, std::size_t column_line) {
  Header h;
  if (column_line > 3 && lines.size() > 3) {
    h.technique_title = std::string(trim(lines[3].text));
  }
  for (std::size_t i = 4; i + 1 < column_line && i < lines.size(); ++i) {
    const auto text = lines[i].text;
    const auto colon = text.find(" : ");
    if (colon != std::string_view::npos) {
      h.values.emplace(std::string(trim(text.substr(0, colon))),
                       std::string(trim(text.substr(colon + 3))));
      continue;
    }
    // Fixed-width parameter: name in the first 20 columns, first value after it.
    if (text.size() > 20 && text[0] != '\t') {
      const auto key = trim(text.substr(0, 20));
      const auto rest = split_whitespace(text.substr(20));
      if (!key.empty() && !rest.empty()) {
        h.values.emplace(std::string(key), std::string(rest.front()));
      }
    } else if (istarts_with(trim(text), "File :")) {
      h.values.emplace("File", std::string(trim(trim(text).substr(6))));
    }
  }
  return h;
}

// "02/04/2018 10:02:46" is kept as written (EC-Lab uses the PC's date order).
void fill_common(const Header& h, char decimal, SpectrumMetadata& m) {
  m.technique = short_technique(h.technique_title);
  if (!h.technique_title.empty()) {
    m.extra["technique_title"] = h.technique_title;
  }
  if (const auto it = h.values.find("Device"); it != h.values.end()) {
    const auto sp = it->second.find(" (");
    m.instrument = it->second.substr(0, sp);
  }
  if (const auto it = h.values.find("Acquisition started on"); it != h.values.end()) {
    m.start_time = it->second;
  }
  if (const auto it = h.values.find("Electrode surface area"); it != h.values.end()) {
    const auto parts = split_whitespace(it->second);
    if (!parts.empty()) {
      if (const auto v = parse_double(parts[0], decimal)) {
        m.area_cm2 = *v;
      }
    }
  }
  if (const auto it = h.values.find("Va (mV)"); it != h.values.end()) {
    if (const auto v = parse_double(it->second, decimal)) {
      m.ac_amplitude_v = *v * 1e-3;
    }
  }
  for (const auto* key : {"File",
                          "fi",
                          "unit fi",
                          "ff",
                          "unit ff",
                          "Nd",
                          "Points",
                          "Ia",
                          "unit Ia",
                          "Va (mV)",
                          "E (V)",
                          "vs."}) {
    if (const auto it = h.values.find(key); it != h.values.end()) {
      m.extra[std::string("header.") + key] = it->second;
    }
  }
}

std::size_t find_column(const std::vector<std::string>& names, std::string_view name) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) {
      return i;
    }
  }
  return detail::no_column;
}

}  // namespace

bool detect_biologic_mpt(std::string_view bytes, std::string_view name) {
  (void)name;
  return bytes.substr(0, signature.size()) == signature ||
         (bytes.size() > 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF" &&
          bytes.substr(3, signature.size()) == signature);
}

ReadResult read_biologic_mpt(std::string_view bytes,
                             std::string_view name,
                             const ReadOptions& options) {
  const auto decoded = decode_text(bytes);
  const TextSource source{std::string(name), decoded.text};
  detail::require_content(source);
  const auto& lines = source.lines();
  if (lines.empty() || trim(lines[0].text) != signature) {
    source.fail_at("not an EC-Lab ASCII file: line 1 must be 'EC-Lab ASCII FILE'", 1, 1);
  }
  if (lines.size() < 2 || !istarts_with(lines[1].text, "Nb header lines")) {
    source.fail_at("expected 'Nb header lines : N' on line 2", 2, 1);
  }
  const auto colon = lines[1].text.find(':');
  const auto count_text =
      colon == std::string_view::npos ? std::string_view{} : lines[1].text.substr(colon + 1);
  const auto count = parse_double(count_text);
  if (!count || *count < 3 || *count != std::floor(*count) || *count > 1e6) {
    source.fail("invalid header line count '" + excerpt(trim(count_text)) + "'",
                lines[1],
                trim(count_text));
  }
  // N counts every header line including the column-name line (FORMATS.md §3.1).
  const auto column_line = static_cast<std::size_t>(*count);
  if (lines.size() < column_line) {
    source.fail_at("file ends inside its header (it declares " + eis::detail::to_text(column_line) +
                       " header lines but has " + eis::detail::to_text(lines.size()) + ")",
                   lines.back().number,
                   0);
  }
  const auto& col_line = lines[column_line - 1];
  std::vector<std::string> names;
  {
    auto fields = split_fields(col_line.text, '\t');
    if (fields.size() > 1 && fields.back().empty()) {
      fields.pop_back();  // the column line ends with a tab
    }
    for (const auto f : fields) {
      names.emplace_back(trim(f));
    }
  }
  // Data rows.
  std::vector<const TextLine*> rows;
  for (std::size_t i = column_line; i < lines.size(); ++i) {
    if (!trim(lines[i].text).empty()) {
      rows.push_back(&lines[i]);
    }
  }
  if (rows.empty()) {
    source.fail("no data rows after the column line", col_line);
  }
  char decimal = '.';
  if (options.decimal_separator) {
    decimal = *options.decimal_separator;
  } else {
    std::vector<std::string_view> sample;
    for (std::size_t i = 0; i < rows.size() && i < 20; ++i) {
      const auto f = split_fields(rows[i]->text, '\t');
      sample.insert(sample.end(), f.begin(), f.end());
    }
    decimal = guess_decimal_separator(sample);
  }
  const auto first_fields = split_fields(rows.front()->text, '\t');
  if (first_fields.size() > names.size()) {
    // exampleDataBioLogic_MissingFreq.mpt: the column line lacks a name.
    source.fail("the column line names " + eis::detail::to_text(names.size()) +
                    " columns but the data rows have " + eis::detail::to_text(first_fields.size()) +
                    " fields (a column name is missing)",
                col_line);
  }
  const Header header = parse_header(lines, column_line);
  ReadResult result;
  auto split_row_checked = [&](const TextLine& line) {
    auto f = split_fields(line.text, '\t');
    if (f.size() != names.size()) {
      source.fail("row has " + eis::detail::to_text(f.size()) + " fields, expected " +
                      eis::detail::to_text(names.size()) + " (truncated row?)",
                  line,
                  line.text.substr(line.text.size()));
    }
    return f;
  };

  const auto imp = detail::map_impedance_columns(names);
  if (imp.frequency != detail::no_column) {
    if (!imp.complete()) {
      source.fail(imp.missing(names), col_line);
    }
    const std::size_t ns_col = find_column(names, "Ns");
    const auto vc = detail::map_voltammetry_columns(names);
    Spectrum current;
    std::vector<double> ewe;
    double last_cycle = std::nan("");
    double last_ns = std::nan("");
    bool dc_since_last = false;
    std::size_t dc_rows = 0;
    auto flush = [&]() {
      if (current.size() == 0) {
        return;
      }
      fill_common(header, decimal, current.metadata);
      current.metadata.column_names = names;
      if (!std::isnan(last_cycle)) {
        current.metadata.cycle = static_cast<int>(std::lround(last_cycle));
      }
      if (!std::isnan(last_ns)) {
        current.metadata.extra["Ns"] = eis::detail::to_text(std::lround(last_ns));
      }
      if (!ewe.empty()) {
        double sum = 0.0;
        for (const double e : ewe) {
          sum += e;
        }
        current.metadata.dc_potential_v = sum / static_cast<double>(ewe.size());
      }
      if (decimal == ',') {
        current.metadata.extra["decimal_separator"].assign(
            1, decimal);  // not = ",": GCC 12 -Wrestrict false positive
      }
      detail::finish_spectrum(current);
      result.spectra.push_back(std::move(current));
      current = Spectrum{};
      ewe.clear();
    };
    for (const auto* line : rows) {
      const auto f = split_row_checked(*line);
      const double freq = detail::to_si(
          detail::field_number(source, *line, f, imp.frequency, names[imp.frequency], decimal),
          imp.frequency_info);
      if (freq == 0.0) {
        // Modulo Bat DC steps (FORMATS.md §3.1): another technique, skipped.
        ++dc_rows;
        dc_since_last = true;
        continue;
      }
      if (!(freq > 0.0)) {
        source.fail("frequency must be > 0 Hz, found '" + excerpt(trim(f[imp.frequency])) + "'",
                    *line,
                    f[imp.frequency]);
      }
      const double cyc =
          imp.cycle == detail::no_column
              ? std::nan("")
              : detail::field_number(source, *line, f, imp.cycle, names[imp.cycle], decimal);
      const double ns = ns_col == detail::no_column
                            ? std::nan("")
                            : detail::field_number(source, *line, f, ns_col, "Ns", decimal);
      bool split = dc_since_last;
      if (current.size() > 0) {
        if (!std::isnan(cyc) && cyc != last_cycle) {
          split = true;
        }
        if (!std::isnan(ns) && ns != last_ns) {
          split = true;
        }
        const double prev = current.frequency_hz.back();
        if (current.size() >= 2) {
          const bool descending = current.frequency_hz[1] < current.frequency_hz[0];
          if ((descending && freq > prev) || (!descending && freq < prev)) {
            split = true;  // the sweep restarted (cycle number may stay 0)
          }
        }
      }
      if (split) {
        flush();
      }
      dc_since_last = false;
      last_cycle = cyc;
      last_ns = ns;
      detail::append_impedance_row(source, *line, f, imp, names, decimal, current);
      if (vc.potential != detail::no_column) {
        ewe.push_back(detail::to_si(
            detail::field_number(source, *line, f, vc.potential, names[vc.potential], decimal),
            vc.potential_info));
      }
    }
    flush();
    if (dc_rows > 0) {
      result.warnings.push_back(eis::detail::to_text(dc_rows) +
                                " DC rows (freq/Hz = 0, steps of another technique) were skipped");
    }
    if (result.spectra.empty()) {
      source.fail("no impedance rows (every freq/Hz is 0)", col_line);
    }
    return result;
  }

  const auto vc = detail::map_voltammetry_columns(names);
  if (!vc.complete()) {
    source.fail(
        "no freq/Hz column for a spectrum and no Ewe/V and I/mA columns for a "
        "voltammogram",
        col_line);
  }
  cv::Voltammogram v;
  for (const auto* line : rows) {
    const auto f = split_row_checked(*line);
    v.potential_v.push_back(detail::to_si(
        detail::field_number(source, *line, f, vc.potential, names[vc.potential], decimal),
        vc.potential_info));
    v.current_a.push_back(detail::to_si(
        detail::field_number(source, *line, f, vc.current, names[vc.current], decimal),
        vc.current_info));
    if (vc.time != detail::no_column) {
      v.time_s.push_back(detail::to_si(
          detail::field_number(source, *line, f, vc.time, names[vc.time], decimal), vc.time_info));
    }
    if (vc.cycle != detail::no_column) {
      v.cycle.push_back(static_cast<int>(
          std::lround(detail::field_number(source, *line, f, vc.cycle, names[vc.cycle], decimal))));
    }
  }
  SpectrumMetadata m;
  fill_common(header, decimal, m);
  v.metadata.technique = m.technique;
  v.metadata.instrument = m.instrument;
  v.metadata.start_time = m.start_time;
  v.metadata.area_cm2 = m.area_cm2;
  v.metadata.column_names = names;
  v.metadata.extra = m.extra;
  if (const auto it = header.values.find("dE/dt"); it != header.values.end()) {
    const auto rate = parse_double(it->second, decimal);
    const auto unit = header.values.find("dE/dt unit");
    if (rate && unit != header.values.end()) {
      const double scale = unit->second == "mV/s"   ? 1e-3
                           : unit->second == "V/s"  ? 1.0
                           : unit->second == "µV/s" ? 1e-6
                                                    : std::nan("");
      if (!std::isnan(scale)) {
        v.metadata.scan_rate_v_per_s = *rate * scale;
      }
    }
  }
  result.voltammograms.push_back(std::move(v));
  return result;
}

}  // namespace eis::io
