// Scribner ZPlot/ZView .z and Z60W text. Layout facts from FORMATS.md §3.4–3.5.
#include <string>

#include <eis/detail/reader_support.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>
#include <eis/io/table.hpp>
#include <eis/io/text.hpp>
#include <eis/io/zplot.hpp>

namespace eis::io {
namespace {

std::string_view strip_bom(std::string_view bytes) {
  return bytes.substr(0, 3) == "\xEF\xBB\xBF" ? bytes.substr(3) : bytes;
}

}  // namespace

bool detect_zplot(std::string_view bytes, std::string_view name) {
  (void)name;
  bytes = strip_bom(bytes);
  return bytes.substr(0, 12) == "ZPLOT2 ASCII" || bytes.substr(0, 17) == "\"ZPlotW Data File" ||
         bytes.substr(0, 15) == "\"Z60W Data File";
}

ReadResult read_zplot(std::string_view bytes, std::string_view name, const ReadOptions& options) {
  const auto decoded = decode_text(bytes);
  const TextSource source{std::string(name), decoded.text};
  detail::require_content(source);
  const auto& lines = source.lines();
  const auto first_line = trim(lines[0].text);
  const bool zplot2 = first_line == "ZPLOT2 ASCII";
  if (!zplot2 && first_line.find("Data File") == std::string_view::npos) {
    source.fail_at("not a ZPlot/Z60W file: unexpected first line", 1, 1);
  }
  Spectrum s;
  auto& m = s.metadata;
  std::size_t from = 1;
  std::optional<std::size_t> declared_points;
  if (zplot2) {
    // Comment block "  Key: value" up to "End Comments".
    std::size_t end = lines.size();
    for (std::size_t i = 1; i < lines.size(); ++i) {
      if (trim(lines[i].text) == "End Comments") {
        end = i;
        break;
      }
    }
    if (end == lines.size()) {
      source.fail_at(
          "no 'End Comments' line: the ZPLOT2 header never ends", lines.back().number, 0);
    }
    std::string date;
    std::string time;
    for (std::size_t i = 1; i < end; ++i) {
      const auto t = trim(lines[i].text);
      const auto colon = t.find(':');
      if (colon == std::string_view::npos) {
        continue;
      }
      const auto key = trim(t.substr(0, colon));
      const auto value = trim(t.substr(colon + 1));
      if (key == "Date") {
        date = std::string(value);
      } else if (key == "Time") {
        time = std::string(value);
      } else if (key == "Measured Data, ZPlot" || key == "Measured Data, Software") {
        m.extra["software_version"] = std::string(value);
      } else if (key == "Experiment Type") {
        m.technique = std::string(value);
      } else if (key == "Open Circuit Potential (V)") {
        m.extra["open_circuit_potential_v"] = std::string(value);
      }
    }
    m.start_time = date + (date.empty() || time.empty() ? "" : " ") + time;
    from = end + 1;
  } else {
    for (std::size_t i = 1; i < lines.size() && i < 12; ++i) {
      const auto t = trim(lines[i].text);
      if (istarts_with(t, "Date:")) {
        m.start_time = std::string(trim(t.substr(5)));
        const auto tp = m.start_time.find("Time:");
        if (tp != std::string::npos) {
          const std::string d(trim(std::string_view(m.start_time).substr(0, tp)));
          const std::string tm(trim(std::string_view(m.start_time).substr(tp + 5)));
          m.start_time = d + " " + tm;
        }
      }
    }
    auto title = first_line;
    if (title.size() >= 2 && title.front() == '"' && title.back() == '"') {
      title = title.substr(1, title.size() - 2);
    }
    m.extra["format"] = std::string(title);
  }
  const auto layout = detect_table_layout(source, from, options.decimal_separator);
  if (!zplot2) {
    // Z60W: "<count>" then the quoted column title right above the first row.
    for (std::size_t i = layout.first_data_line; i-- > from;) {
      const auto t = trim(lines[i].text);
      if (t.empty() || t.front() == '"') {
        continue;
      }
      const auto n = parse_double(t);
      if (n && *n >= 0 && *n == static_cast<double>(static_cast<std::size_t>(*n))) {
        declared_points = static_cast<std::size_t>(*n);
      }
      break;
    }
  }
  detail::ImpedanceColumns columns;
  columns.frequency = 0;
  columns.real = 4;
  columns.imag = 5;
  columns.time = 3;
  const std::vector<std::string> names = {
      "Freq(Hz)", "Ampl", "Bias", "Time(Sec)", "Z'(a)", "Z''(b)", "GD", "Err", "Range"};
  Spectrum rows = detail::read_impedance_rows(source,
                                              layout.first_data_line,
                                              lines.size(),
                                              layout.separator,
                                              layout.decimal,
                                              6,
                                              columns,
                                              names);
  s.frequency_hz = std::move(rows.frequency_hz);
  s.impedance_ohm = std::move(rows.impedance_ohm);
  s.time_s = std::move(rows.time_s);
  bool any_time = false;
  for (const double t : s.time_s) {
    any_time = any_time || t != 0.0;
  }
  if (!any_time) {
    s.time_s.clear();  // Time(Sec) all 0: not recorded
  }
  ReadResult result;
  if (declared_points && *declared_points != s.size()) {
    // exampleDataZPlot_noComments.z declares 79 points and holds 31 complete rows (a sweep
    // stopped early); a row cut short is still a ParseError above.
    result.warnings.push_back("the file declares " + eis::detail::to_text(*declared_points) +
                              " points but " + eis::detail::to_text(s.size()) +
                              " rows are present (sweep stopped early or file truncated)");
  }
  // Ampl and Bias of the first row (constant during a frequency sweep).
  const auto f0 = detail::table_fields(lines[layout.first_data_line].text, layout.separator);
  if (const auto ampl = parse_double(f0[1], layout.decimal); ampl && *ampl > 0.0) {
    m.ac_amplitude_v = *ampl;
  }
  if (const auto bias = parse_double(f0[2], layout.decimal)) {
    m.dc_potential_v = *bias;
  }
  m.column_names = names;
  detail::finish_spectrum(s);
  result.spectra.push_back(std::move(s));
  return result;
}

}  // namespace eis::io
