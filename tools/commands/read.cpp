#include "commands/read.hpp"

#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include <eis/error.hpp>
#include <eis/io/read.hpp>
#include <eis/io/write.hpp>

#include "commands/common.hpp"

namespace eis::cli {
namespace {

nlohmann::json number_array(const std::vector<double>& values) {
  auto a = nlohmann::json::array();
  for (const double v : values) {
    a.push_back(v);
  }
  return a;
}

template <typename Metadata>
nlohmann::json common_metadata(const Metadata& m) {
  nlohmann::json j = nlohmann::json::object();
  if (m.area_cm2) {
    j["area_cm2"] = *m.area_cm2;
  }
  if (!m.instrument.empty()) {
    j["instrument"] = m.instrument;
  }
  if (!m.technique.empty()) {
    j["technique"] = m.technique;
  }
  if (!m.start_time.empty()) {
    j["start_time"] = m.start_time;
  }
  j["column_names"] = m.column_names;
  if (!m.extra.empty()) {
    j["extra"] = m.extra;
  }
  return j;
}

nlohmann::json to_json(const io::ReadResult& r) {
  nlohmann::json doc;
  doc["file"] = r.file;
  doc["reader"] = r.reader;
  if (!r.spectra.empty()) {
    auto spectra = nlohmann::json::array();
    for (const auto& s : r.spectra) {
      nlohmann::json js;
      js["frequency_hz"] = number_array(s.frequency_hz);
      std::vector<double> re;
      std::vector<double> im;
      for (const auto& z : s.impedance_ohm) {
        re.push_back(z.real());
        im.push_back(z.imag());
      }
      js["z_real_ohm"] = number_array(re);
      js["z_imag_ohm"] = number_array(im);
      if (s.time_s.size() == s.size() && !s.time_s.empty()) {
        js["time_s"] = number_array(s.time_s);
      }
      auto m = common_metadata(s.metadata);
      if (s.metadata.temperature_k) {
        m["temperature_k"] = *s.metadata.temperature_k;
      }
      if (s.metadata.dc_potential_v) {
        m["dc_potential_v"] = *s.metadata.dc_potential_v;
      }
      if (s.metadata.ac_amplitude_v) {
        m["ac_amplitude_v"] = *s.metadata.ac_amplitude_v;
      }
      if (s.metadata.cycle) {
        m["cycle"] = *s.metadata.cycle;
      }
      js["metadata"] = m;
      js["warnings"] = s.warnings;
      spectra.push_back(js);
    }
    doc["spectra"] = spectra;
  }
  if (!r.voltammograms.empty()) {
    auto list = nlohmann::json::array();
    for (const auto& v : r.voltammograms) {
      nlohmann::json jv;
      jv["time_s"] = number_array(v.time_s);
      jv["potential_v"] = number_array(v.potential_v);
      jv["current_a"] = number_array(v.current_a);
      jv["cycle"] = v.cycle;
      auto m = common_metadata(v.metadata);
      if (v.metadata.scan_rate_v_per_s) {
        m["scan_rate_v_per_s"] = *v.metadata.scan_rate_v_per_s;
      }
      jv["metadata"] = m;
      jv["warnings"] = v.warnings;
      list.push_back(jv);
    }
    doc["voltammograms"] = list;
  }
  doc["warnings"] = r.warnings;
  return doc;
}

void report_warnings(const io::ReadResult& r) {
  for (const auto& w : r.warnings) {
    std::cerr << "eis: warning: " << r.file << ": " << w << '\n';
  }
  for (std::size_t k = 0; k < r.spectra.size(); ++k) {
    for (const auto& w : r.spectra[k].warnings) {
      std::cerr << "eis: warning: " << r.file << ": spectrum " << k << ": " << w << '\n';
    }
  }
  for (const auto& v : r.voltammograms) {
    for (const auto& w : v.warnings) {
      std::cerr << "eis: warning: " << r.file << ": " << w << '\n';
    }
  }
}

}  // namespace

void register_read(CLI::App& app, Registry& registry) {
  auto cmd = std::make_shared<ReadCommand>();
  auto* sub = app.add_subcommand(
      "read", "Read instrument files (format detected from the content) and print spectra/CV");
  sub->add_option("files", cmd->files, "Instrument files (any format; see --reader)")->required();
  sub->add_option("--format", cmd->format, "Output format: csv (default) or json")
      ->check(CLI::IsMember({"csv", "json"}));
  std::string names;
  for (const auto& n : io::reader_names()) {
    names += (names.empty() ? "" : ", ") + n;
  }
  sub->add_option("--reader", cmd->reader, "Force a reader instead of detection: " + names)
      ->check(CLI::IsMember(io::reader_names()));
  sub->add_option("--spectrum", cmd->spectrum, "Keep only spectrum K (0-based) of each file");
  sub->add_option("--decimal",
                  cmd->decimal,
                  "Decimal separator of text files: '.' or ','; default: detect from the rows")
      ->check(CLI::IsMember({".", ","}));
  registry.add(sub, [cmd] { return run_read(*cmd); });
}

int run_read(const ReadCommand& cmd) {
  io::ReadOptions options;
  options.reader = cmd.reader;
  if (!cmd.decimal.empty()) {
    options.decimal_separator = cmd.decimal[0];
  }
  std::vector<io::ReadResult> results;
  for (const auto& f : cmd.files) {
    auto r = io::read_file(f, options);
    if (cmd.spectrum) {
      if (*cmd.spectrum >= r.spectra.size()) {
        throw InvalidArgument(f + ": --spectrum " + std::to_string(*cmd.spectrum) +
                              " is out of range; the file holds " +
                              std::to_string(r.spectra.size()) + " spectra");
      }
      auto kept = std::move(r.spectra[*cmd.spectrum]);
      r.spectra.clear();
      r.spectra.push_back(std::move(kept));
    }
    report_warnings(r);
    results.push_back(std::move(r));
  }
  if (cmd.format == "json") {
    if (results.size() == 1) {
      std::cout << to_json(results[0]).dump(1) << '\n';
    } else {
      auto all = nlohmann::json::array();
      for (const auto& r : results) {
        all.push_back(to_json(r));
      }
      std::cout << all.dump(1) << '\n';
    }
    return exit_ok;
  }
  bool any_spectra = false;
  bool any_voltammograms = false;
  for (const auto& r : results) {
    any_spectra = any_spectra || !r.spectra.empty();
    any_voltammograms = any_voltammograms || !r.voltammograms.empty();
  }
  if (any_spectra && any_voltammograms) {
    throw InvalidArgument(
        "the files hold both spectra and voltammograms, which have different CSV columns; "
        "read them separately or use --format json");
  }
  std::cout << (any_spectra ? io::spectra_to_csv(results) : io::voltammograms_to_csv(results));
  return exit_ok;
}

}  // namespace eis::cli
