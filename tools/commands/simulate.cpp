#include "commands/simulate.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>

#include <nlohmann/json.hpp>

#include <eis/circuit/evaluate.hpp>
#include <eis/error.hpp>

#include "commands/circuit.hpp"
#include "commands/common.hpp"

namespace eis::cli {
namespace {

bool parse_number(std::string_view text, double& value) {
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
  }
  if (text.empty()) {
    return false;
  }
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  return result.ec == std::errc{} && result.ptr == text.data() + text.size();
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

void register_simulate(CLI::App& app, Registry& registry) {
  auto cmd = std::make_shared<SimulateCommand>();
  auto* sub = app.add_subcommand(
      "simulate", "Print the impedance of a circuit: frequency_hz,z_real_ohm,z_imag_ohm");
  sub->add_option(
         "--circuit", cmd->circuit, "circuit, impedance.py syntax (R0-p(R1,CPE1)) or CDC (R(RQ))")
      ->required();
  sub->add_option("--params",
                  cmd->params,
                  "parameter values P1,P2,... in the order `eis circuit C` lists them (SI "
                  "units: ohm, F, H, s, S s^n)")
      ->required();
  auto* fmin = sub->add_option("--freq-min", cmd->freq_min_hz, "lowest frequency in Hz")
                   ->capture_default_str();
  auto* fmax = sub->add_option("--freq-max", cmd->freq_max_hz, "highest frequency in Hz")
                   ->capture_default_str();
  auto* ppd = sub->add_option("--points-per-decade",
                              cmd->points_per_decade,
                              "points per decade of the log-spaced grid (from f-max down to "
                              "f-min)")
                  ->capture_default_str();
  sub->add_option("--frequencies",
                  cmd->frequencies_file,
                  "file with one frequency in Hz per line (first column), instead of the grid")
      ->excludes(fmin)
      ->excludes(fmax)
      ->excludes(ppd);
  sub->add_option("--noise",
                  cmd->noise,
                  "relative Gaussian noise: sigma = REL*|Z| on each of Z' and Z'' (0 = none)")
      ->capture_default_str();
  sub->add_option("--seed", cmd->seed, "seed of the noise (reproducible per seed)")
      ->capture_default_str();
  sub->add_option("--format", cmd->format, "output format: csv or json (default csv)")
      ->check(CLI::IsMember({"csv", "json"}));
  registry.add(sub, [cmd] { return run_simulate(*cmd); });
}

std::vector<double> parse_parameter_list(const std::string& text) {
  // Separators: ',' or ';'; a list without them may be separated by whitespace.
  const bool has_delimiter = text.find_first_of(",;") != std::string::npos;
  const std::string separators = has_delimiter ? ",;" : " \t";
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find_first_of(separators, start);
    const auto field = trim(std::string_view(text).substr(
        start, end == std::string::npos ? std::string::npos : end - start));
    if (has_delimiter || !field.empty()) {
      fields.push_back(field);
    }
    if (end == std::string::npos) {
      break;
    }
    start = end + 1;
  }
  std::vector<double> values;
  for (std::size_t k = 0; k < fields.size(); ++k) {
    double value = 0.0;
    if (!parse_number(fields[k], value) || !std::isfinite(value)) {
      throw InvalidArgument("--params: value " + std::to_string(k + 1) + " ('" +
                            std::string(fields[k]) + "') is not a finite number");
    }
    values.push_back(value);
  }
  return values;
}

std::vector<double> read_frequency_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw IoError("cannot open the frequency file", path);
  }
  std::vector<double> f;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    const std::string_view text = trim(line);
    if (text.empty() || text.front() == '#') {
      continue;
    }
    const std::size_t end = text.find_first_of(",;\t ");
    const std::string_view field = trim(text.substr(0, end));
    double value = 0.0;
    if (!parse_number(field, value)) {
      if (f.empty() && number == 1) {
        continue;  // header
      }
      throw ParseError("frequency '" + std::string(field) + "' is not a number", number, 0, path);
    }
    if (!std::isfinite(value) || value <= 0.0) {
      throw ParseError(
          "frequency " + std::string(field) + " Hz is not finite and > 0", number, 0, path);
    }
    f.push_back(value);
  }
  if (in.bad()) {
    throw IoError("read error", path);
  }
  if (f.empty()) {
    throw ParseError("no frequencies in the file", number, 0, path);
  }
  return f;
}

int run_simulate(const SimulateCommand& cmd) {
  return run_simulate(cmd, std::cout);
}

int run_simulate(const SimulateCommand& cmd, std::ostream& out) {
  const Circuit c = parse_circuit_argument(cmd.circuit);
  const auto params = parse_parameter_list(cmd.params);
  if (params.size() != c.parameter_count()) {
    std::string names;
    for (const auto& p : c.parameters()) {
      names += (names.empty() ? "" : ",") + p.name;
    }
    throw InvalidArgument("--params gives " + std::to_string(params.size()) +
                          " values but circuit '" + cmd.circuit + "' has " +
                          std::to_string(c.parameter_count()) + " parameters: " + names);
  }
  if (!(cmd.freq_min_hz > 0.0) || !std::isfinite(cmd.freq_min_hz)) {
    throw InvalidArgument("--freq-min must be a finite frequency > 0 Hz, got " +
                          format_double(cmd.freq_min_hz));
  }
  if (!(cmd.freq_max_hz >= cmd.freq_min_hz) || !std::isfinite(cmd.freq_max_hz)) {
    throw InvalidArgument("--freq-max (" + format_double(cmd.freq_max_hz) +
                          " Hz) must be finite and >= --freq-min (" +
                          format_double(cmd.freq_min_hz) + " Hz)");
  }
  if (cmd.points_per_decade < 1) {
    throw InvalidArgument("--points-per-decade must be >= 1, got " +
                          std::to_string(cmd.points_per_decade));
  }
  if (!(cmd.noise >= 0.0) || !std::isfinite(cmd.noise)) {
    throw InvalidArgument("--noise must be a finite relative noise >= 0, got " +
                          format_double(cmd.noise));
  }
  const auto f =
      cmd.frequencies_file.empty()
          ? log_spaced_frequencies_hz(cmd.freq_min_hz, cmd.freq_max_hz, cmd.points_per_decade)
          : read_frequency_file(cmd.frequencies_file);
  const auto z = simulate_with_noise(c, f, params, {.relative_noise = cmd.noise, .seed = cmd.seed});
  if (cmd.format == "json") {
    nlohmann::json doc;
    doc["circuit"] = format_circuit(c);
    doc["parameters"] = nlohmann::json::object();
    for (std::size_t k = 0; k < params.size(); ++k) {
      doc["parameters"][c.parameters()[k].name] = params[k];
    }
    doc["noise"] = cmd.noise;
    doc["seed"] = cmd.seed;
    doc["frequency_hz"] = f;
    auto& re = doc["z_real_ohm"] = nlohmann::json::array();
    auto& im = doc["z_imag_ohm"] = nlohmann::json::array();
    for (const auto& v : z) {
      re.push_back(v.real());
      im.push_back(v.imag());
    }
    out << doc.dump() << '\n';
    return exit_ok;
  }
  out << "frequency_hz,z_real_ohm,z_imag_ohm\n";
  for (std::size_t i = 0; i < f.size(); ++i) {
    out << format_double(f[i]) << ',' << format_double(z[i].real()) << ','
        << format_double(z[i].imag()) << '\n';
  }
  return exit_ok;
}

}  // namespace eis::cli
