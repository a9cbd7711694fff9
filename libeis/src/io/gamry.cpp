// Gamry Framework .DTA text. Layout facts from FORMATS.md §3.3 (checked on the fixtures).
#include <cmath>
#include <map>
#include <string>

#include <eis/detail/reader_support.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>
#include <eis/io/gamry.hpp>
#include <eis/io/text.hpp>
#include <eis/units.hpp>

namespace eis::io {
namespace {

struct Table {
  std::string name;                       // ZCURVE, CURVE1, OCVCURVE, ...
  const TextLine* declaration = nullptr;  // "ZCURVE\tTABLE"
  const TextLine* names_line = nullptr;
  std::vector<std::string> names;
  std::vector<const TextLine*> rows;
};

std::vector<std::string_view> row_fields(std::string_view text) {
  auto f = split_fields(text, '\t');
  if (!f.empty() && f.front().empty()) {
    f.erase(f.begin());  // every table line starts with a tab
  }
  for (auto& x : f) {
    x = trim(x);
  }
  return f;
}

std::size_t index_of(const std::vector<std::string>& names, std::string_view n) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == n) {
      return i;
    }
  }
  return detail::no_column;
}

}  // namespace

bool detect_gamry(std::string_view bytes, std::string_view name) {
  (void)name;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    bytes.remove_prefix(3);
  }
  if (bytes.substr(0, 7) != "EXPLAIN") {
    return false;
  }
  const auto rest = bytes.substr(7, 8);
  return rest.substr(0, 5) == "\r\nTAG" || rest.substr(0, 4) == "\nTAG" ||
         rest.substr(0, 4) == "\rTAG";
}

ReadResult read_gamry(std::string_view bytes, std::string_view name, const ReadOptions& options) {
  const auto decoded = decode_text(bytes);
  const TextSource source{std::string(name), decoded.text};
  detail::require_content(source);
  const auto& lines = source.lines();
  if (trim(lines[0].text) != "EXPLAIN") {
    source.fail_at("not a Gamry file: line 1 must be 'EXPLAIN'", 1, 1);
  }
  std::map<std::string, std::vector<std::string_view>> header;
  std::vector<Table> tables;
  bool aborted = false;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto& line = lines[i];
    if (line.text.empty() || line.text.front() == '\t' || line.text.front() == ' ') {
      continue;  // NOTES continuation lines, blank lines
    }
    const auto f = split_fields(line.text, '\t');
    if (f.size() >= 2 && trim(f[1]) == "TABLE") {
      Table t;
      t.name = std::string(trim(f[0]));
      t.declaration = &line;
      if (i + 2 >= lines.size() || lines[i + 1].text.empty() || lines[i + 1].text[0] != '\t') {
        source.fail("table " + t.name + " has no column-name line", line);
      }
      t.names_line = &lines[i + 1];
      for (const auto n : row_fields(lines[i + 1].text)) {
        t.names.emplace_back(n);
      }
      std::size_t j = i + 3;  // skip the unit line
      for (; j < lines.size() && !lines[j].text.empty() && lines[j].text[0] == '\t'; ++j) {
        t.rows.push_back(&lines[j]);
      }
      tables.push_back(std::move(t));
      i = j - 1;
      continue;
    }
    const std::string key(trim(f[0]));
    if (key == "EXPERIMENTABORTED" && f.size() >= 3 && trim(f[2]) == "T") {
      aborted = true;
    }
    header.emplace(key, std::vector<std::string_view>(f.begin(), f.end()));
  }
  const auto tag = header.find("TAG");
  if (tag == header.end() || tag->second.size() < 2) {
    source.fail_at("no 'TAG' line: not a Gamry EXPLAIN file", 2, 1);
  }

  // Decimal separator: from the numeric fields of the data tables.
  char decimal = '.';
  if (options.decimal_separator) {
    decimal = *options.decimal_separator;
  } else {
    std::vector<std::string_view> sample;
    for (const auto& t : tables) {
      for (std::size_t r = 0; r < t.rows.size() && r < 20; ++r) {
        const auto f = row_fields(t.rows[r]->text);
        sample.insert(sample.end(), f.begin(), f.end());
      }
    }
    decimal = guess_decimal_separator(sample);
  }
  auto header_value = [&](const char* key) -> std::optional<double> {
    const auto it = header.find(key);
    if (it == header.end() || it->second.size() < 3) {
      return std::nullopt;
    }
    return parse_double(it->second[2], decimal);
  };
  auto header_text = [&](const char* key) -> std::string {
    const auto it = header.find(key);
    return (it == header.end() || it->second.size() < 3) ? std::string()
                                                         : std::string(trim(it->second[2]));
  };
  const std::string technique(trim(tag->second[1]));
  std::string start = header_text("DATE");
  if (!header_text("TIME").empty()) {
    start += (start.empty() ? "" : " ") + header_text("TIME");
  }

  ReadResult result;
  if (aborted) {
    result.warnings.push_back(
        "the experiment was aborted (EXPERIMENTABORTED T): only the rows written before the "
        "abort are present");
  }
  auto check_width =
      [&](const Table& t, const TextLine& line, const std::vector<std::string_view>& f) {
        if (f.size() != t.names.size()) {
          source.fail("row of table " + t.name + " has " + eis::detail::to_text(f.size()) +
                          " fields, expected " + eis::detail::to_text(t.names.size()) +
                          " (truncated row?)",
                      line,
                      line.text.substr(line.text.size()));
        }
      };

  cv::Voltammogram voltammogram;
  for (const auto& t : tables) {
    if (t.name == "ZCURVE") {
      const std::size_t fc = index_of(t.names, "Freq");
      const std::size_t rc = index_of(t.names, "Zreal");
      const std::size_t ic = index_of(t.names, "Zimag");
      const std::size_t tc = index_of(t.names, "Time");
      const std::size_t temp = index_of(t.names, "Temp");
      if (fc == detail::no_column || rc == detail::no_column || ic == detail::no_column) {
        source.fail("ZCURVE lacks one of the columns Freq, Zreal, Zimag", *t.names_line);
      }
      Spectrum s;
      double temp_sum = 0.0;
      for (const auto* line : t.rows) {
        const auto f = row_fields(line->text);
        check_width(t, *line, f);
        const double freq = source.number(*line, f[fc], "Freq", decimal);
        if (!(freq > 0.0)) {
          source.fail("frequency must be > 0 Hz, found '" + excerpt(f[fc]) + "'", *line, f[fc]);
        }
        s.frequency_hz.push_back(freq);
        s.impedance_ohm.emplace_back(source.number(*line, f[rc], "Zreal", decimal),
                                     source.number(*line, f[ic], "Zimag", decimal));
        if (tc != detail::no_column) {
          s.time_s.push_back(source.number(*line, f[tc], "Time", decimal));
        }
        if (temp != detail::no_column) {
          temp_sum += source.number(*line, f[temp], "Temp", decimal);
        }
      }
      if (s.size() == 0) {
        source.fail("table ZCURVE has no rows", *t.declaration);
      }
      auto& m = s.metadata;
      m.technique = technique;
      m.instrument = header_text("PSTAT");
      m.start_time = start;
      m.column_names = t.names;
      m.dc_potential_v = header_value("VDC");
      if (const auto vac = header_value("VAC")) {
        m.ac_amplitude_v = *vac * 1e-3;  // mV rms
      }
      m.area_cm2 = header_value("AREA");
      if (temp != detail::no_column) {
        // The Temp column is in °C (unit line "°C"); chemotion's file reads ~1395 (FORMATS.md
        // §3.3): reported as written.
        m.temperature_k = units::celsius_to_kelvin(temp_sum / static_cast<double>(s.size()));
        if (*m.temperature_k < 150.0 || *m.temperature_k > 1500.0) {
          s.warnings.push_back("the Temp column reads " +
                               detail::short_number(units::kelvin_to_celsius(*m.temperature_k)) +
                               " degC on average: implausible, reported as written");
        }
      }
      if (const auto it = header.find("VDC"); it != header.end() && it->second.size() >= 4) {
        m.extra["VDC vs Eoc"] = std::string(trim(it->second[3]));
      }
      m.extra["framework_version"] = header_text("FRAMEWORKVERSION");
      if (!header_text("TITLE").empty()) {
        m.extra["title"] = header_text("TITLE");
      }
      detail::finish_spectrum(s);
      result.spectra.push_back(std::move(s));
    } else if (t.name.rfind("CURVE", 0) == 0 && t.name.size() > 5) {
      const auto number = parse_double(std::string_view(t.name).substr(5));
      if (!number) {
        continue;
      }
      const std::size_t tc = index_of(t.names, "T");
      const std::size_t vc = index_of(t.names, "Vf");
      const std::size_t ic = index_of(t.names, "Im");
      if (vc == detail::no_column || ic == detail::no_column) {
        source.fail("table " + t.name + " lacks the columns Vf and Im", *t.names_line);
      }
      if (voltammogram.metadata.column_names.empty()) {
        voltammogram.metadata.column_names = t.names;
      }
      for (const auto* line : t.rows) {
        const auto f = row_fields(line->text);
        check_width(t, *line, f);
        if (tc != detail::no_column) {
          voltammogram.time_s.push_back(source.number(*line, f[tc], "T", decimal));
        }
        voltammogram.potential_v.push_back(source.number(*line, f[vc], "Vf", decimal));
        voltammogram.current_a.push_back(source.number(*line, f[ic], "Im", decimal));
        voltammogram.cycle.push_back(static_cast<int>(*number));
      }
    }
  }
  if (voltammogram.size() > 0) {
    auto& m = voltammogram.metadata;
    m.technique = technique;
    m.instrument = header_text("PSTAT");
    m.start_time = start;
    m.area_cm2 = header_value("AREA");
    if (const auto rate = header_value("SCANRATE")) {
      m.scan_rate_v_per_s = *rate * 1e-3;  // mV/s
    }
    m.extra["framework_version"] = header_text("FRAMEWORKVERSION");
    if (voltammogram.time_s.size() != voltammogram.size()) {
      voltammogram.time_s.clear();
    }
    result.voltammograms.push_back(std::move(voltammogram));
  }
  if (result.spectra.empty() && result.voltammograms.empty()) {
    source.fail_at(
        "no ZCURVE or CURVEn table: no spectrum or voltammogram in this " + technique + " file",
        tag->second.empty() ? 0 : 2,
        0);
  }
  return result;
}

}  // namespace eis::io
