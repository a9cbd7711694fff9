#include "commands/fit.hpp"

#include <charconv>
#include <cmath>
#include <iostream>
#include <memory>
#include <numbers>
#include <string_view>

#include <nlohmann/json.hpp>

#include <eis/circuit/circuit.hpp>
#include <eis/circuit/evaluate.hpp>
#include <eis/error.hpp>
#include <eis/fit/cnls.hpp>
#include <eis/io/read.hpp>

#include "commands/common.hpp"
#include "plot/plot_dir.hpp"

namespace eis::cli {

namespace {

double parse_number(std::string_view text, const std::string& what) {
  while (!text.empty() && text.front() == ' ') {
    text.remove_prefix(1);
  }
  while (!text.empty() && text.back() == ' ') {
    text.remove_suffix(1);
  }
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
  }
  double value = 0.0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), value);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size() || text.empty()) {
    throw InvalidArgument(what + ": '" + std::string(text) + "' is not a number");
  }
  return value;
}

std::vector<double> parse_list(const std::string& text) {
  std::vector<double> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const std::string_view item(text.data() + start,
                                (comma == std::string::npos ? text.size() : comma) - start);
    out.push_back(parse_number(item, "--initial"));
    if (comma == std::string::npos) {
      break;
    }
    start = comma + 1;
  }
  return out;
}

std::pair<std::string, std::string> split(const std::string& text,
                                          char separator,
                                          const char* flag) {
  const std::size_t at = text.find(separator);
  if (at == std::string::npos || at == 0) {
    throw InvalidArgument(std::string(flag) + ": expected NAME" + separator + "..., got '" + text +
                          "'");
  }
  return {text.substr(0, at), text.substr(at + 1)};
}

nlohmann::json number_or_null(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

void write_plots(const FitCommand& cmd, const Circuit& circuit, const FitResult& r) {
  using namespace eis::plot;
  PlotDir plots(cmd.plot_dir);
  // Smooth model curve over the data range (20 points per decade).
  double f_lo = r.frequency_hz.front();
  double f_hi = f_lo;
  for (const double f : r.frequency_hz) {
    f_lo = std::min(f_lo, f);
    f_hi = std::max(f_hi, f);
  }
  const std::vector<double> f_model = log_spaced_frequencies_hz(f_lo, f_hi, 20);
  const std::vector<double> p(r.parameters.data(), r.parameters.data() + r.parameters.size());
  const std::vector<Complex> z_model = simulate(circuit, f_model, p);
  Series data{.name = "data", .style = Style::markers};
  Series model{.name = "fit", .style = Style::line};
  Series data_mag{.name = "data", .style = Style::markers};
  Series model_mag{.name = "fit", .style = Style::line};
  Series data_phase{.name = "data", .style = Style::markers};
  Series model_phase{.name = "fit", .style = Style::line};
  Series res_re{.name = "real", .style = Style::line_markers};
  Series res_im{.name = "imaginary", .style = Style::line_markers, .marker = Marker::square};
  const double degrees = 180.0 / std::numbers::pi;
  for (std::size_t i = 0; i < r.frequency_hz.size(); ++i) {
    const Complex z = r.data_ohm[i];
    data.x.push_back(z.real());
    data.y.push_back(-z.imag());
    data_mag.x.push_back(r.frequency_hz[i]);
    data_mag.y.push_back(std::abs(z));
    data_phase.x.push_back(r.frequency_hz[i]);
    data_phase.y.push_back(-std::arg(z) * degrees);
    // Relative residuals (Z − Ẑ)/|Z| in %, METHODS.md §3.7.
    const Complex d = (z - r.model_ohm[i]) / std::abs(z);
    res_re.x.push_back(r.frequency_hz[i]);
    res_re.y.push_back(100.0 * d.real());
    res_im.x.push_back(r.frequency_hz[i]);
    res_im.y.push_back(100.0 * d.imag());
  }
  for (std::size_t i = 0; i < f_model.size(); ++i) {
    model.x.push_back(z_model[i].real());
    model.y.push_back(-z_model[i].imag());
    model_mag.x.push_back(f_model[i]);
    model_mag.y.push_back(std::abs(z_model[i]));
    model_phase.x.push_back(f_model[i]);
    model_phase.y.push_back(-std::arg(z_model[i]) * degrees);
  }
  Figure nyquist;
  nyquist.title = "Nyquist: " + r.circuit;
  nyquist.x_axis = {.label = "Z' (Ω)"};
  nyquist.y_axis = {.label = "−Z'' (Ω)"};
  nyquist.equal_aspect = true;
  nyquist.series = {data, model};
  plots.write("nyquist", nyquist);

  Figure magnitude;
  magnitude.title = "Bode: " + r.circuit;
  magnitude.x_axis = {.label = "f (Hz)", .scale = Scale::log10};
  magnitude.y_axis = {.label = "|Z| (Ω)", .scale = Scale::log10};
  magnitude.series = {data_mag, model_mag};
  Figure phase;
  phase.x_axis = {.label = "f (Hz)", .scale = Scale::log10};
  phase.y_axis = {.label = "−phase (°)"};
  phase.series = {data_phase, model_phase};
  const std::vector<Figure> bode{magnitude, phase};
  plots.write("bode", bode, 1);

  Figure residuals;
  residuals.title = "Relative residuals (Z − Z_fit)/|Z|";
  residuals.x_axis = {.label = "f (Hz)", .scale = Scale::log10};
  residuals.y_axis = {.label = "residual (%)"};
  residuals.series = {res_re, res_im};
  residuals.reference_lines.push_back(
      {.orientation = ReferenceLine::Orientation::horizontal, .value = 0.0});
  plots.write("residuals", residuals);
}

}  // namespace

void register_fit(CLI::App& app, Registry& registry) {
  auto cmd = std::make_shared<FitCommand>();
  CLI::App* sub = app.add_subcommand("fit", "Fit an equivalent circuit to a spectrum (CNLS)");
  sub->add_option("FILE", cmd->file, "Spectrum file (any format `eis read` knows)")->required();
  sub->add_option("--circuit",
                  cmd->circuit,
                  "Circuit, impedance.py syntax (R0-p(R1,CPE1)-CPE2) or CDC (R(RQ)Q)")
      ->required();
  sub->add_option("--initial",
                  cmd->initial,
                  "Initial values P1,P2,... in `eis circuit` order (SI units: ohm, F, S s^n, s, "
                  "H); default: estimated from the data");
  sub->add_option("--fixed", cmd->fixed, "Hold a parameter: NAME=VALUE (repeatable)");
  sub->add_option("--bounds", cmd->bounds, "Bounds of a parameter: NAME=LO:HI (repeatable)");
  sub->add_option(
         "--weighting", cmd->weighting, "Residual weights: modulus (1/|Z|^2), unit, proportional")
      ->check(CLI::IsMember({"modulus", "unit", "proportional"}))
      ->capture_default_str();
  sub->add_option("--domain", cmd->domain, "Fit impedance Z or admittance Y = 1/Z")
      ->check(CLI::IsMember({"impedance", "admittance"}))
      ->capture_default_str();
  sub->add_flag("--global", cmd->global, "NLopt global search (CRS2) before the local fit");
  sub->add_option("--fmin", cmd->fmin_hz, "Lowest frequency used (Hz); default: all");
  sub->add_option("--fmax", cmd->fmax_hz, "Highest frequency used (Hz); default: all");
  sub->add_flag("--drop-inductive", cmd->drop_inductive, "Drop points with Z'' > 0");
  sub->add_flag("--kk-mask",
                cmd->kk_mask,
                "Drop the points that fail Lin-KK (with series C; see `eis kk`) before fitting");
  sub->add_option("--multi-start",
                  cmd->multi_starts,
                  "Latin-hypercube starts tried when the first automatic fit looks wrong "
                  "(0 = off)")
      ->capture_default_str();
  sub->add_option("--seed", cmd->seed, "Seed of the multi-start and global search")
      ->capture_default_str();
  sub->add_option("--max-iterations", cmd->max_iterations, "Levenberg-Marquardt iterations")
      ->capture_default_str();
  sub->add_option("--reader", cmd->reader, "Force a reader (see `eis read --help`)");
  sub->add_option("--spectrum", cmd->spectrum, "Spectrum of a multi-spectrum file (0-based)")
      ->capture_default_str();
  sub->add_option("--format", cmd->format, "Output format")
      ->check(CLI::IsMember({"json", "csv"}))
      ->capture_default_str();
  sub->add_option("--plot", cmd->plot_dir, "Write Nyquist, Bode and residual SVG plots to DIR");
  registry.add(sub, [cmd] { return run_fit(*cmd); });
}

int run_fit(const FitCommand& cmd) {
  const Circuit circuit = parse_circuit(cmd.circuit);
  io::ReadOptions read_options;
  read_options.reader = cmd.reader;
  const io::ReadResult read = io::read_file(cmd.file, read_options);
  if (read.spectra.empty()) {
    throw InvalidArgument(cmd.file + ": the file holds no impedance spectrum");
  }
  if (cmd.spectrum >= read.spectra.size()) {
    throw InvalidArgument(cmd.file + ": --spectrum " + std::to_string(cmd.spectrum) +
                          " but the file holds " + std::to_string(read.spectra.size()) +
                          " spectra");
  }
  const Spectrum& spectrum = read.spectra[cmd.spectrum];
  for (const auto& w : read.warnings) {
    std::cerr << "eis: warning: " << w << '\n';
  }
  for (const auto& w : spectrum.warnings) {
    std::cerr << "eis: warning: " << w << '\n';
  }

  FitOptions options;
  options.weighting = parse_weighting(cmd.weighting);
  options.domain = parse_fit_domain(cmd.domain);
  options.global = cmd.global;
  options.fmin_hz = cmd.fmin_hz;
  options.fmax_hz = cmd.fmax_hz;
  options.drop_inductive = cmd.drop_inductive;
  options.kk_mask = cmd.kk_mask;
  options.multi_starts = cmd.multi_starts;
  options.seed = cmd.seed;
  options.max_iterations = cmd.max_iterations;
  for (const auto& f : cmd.fixed) {
    const auto [name, value] = split(f, '=', "--fixed");
    options.fixed.push_back({name, parse_number(value, "--fixed " + name)});
  }
  for (const auto& b : cmd.bounds) {
    const auto [name, range] = split(b, '=', "--bounds");
    const auto [lo, hi] = split(range, ':', "--bounds");
    options.bounds.push_back(
        {name, parse_number(lo, "--bounds " + name), parse_number(hi, "--bounds " + name)});
  }
  std::vector<double> initial;
  if (!cmd.initial.empty()) {
    initial = parse_list(cmd.initial);
    if (initial.size() != circuit.parameter_count()) {
      throw InvalidArgument("--initial has " + std::to_string(initial.size()) + " values but " +
                            cmd.circuit + " has " + std::to_string(circuit.parameter_count()) +
                            " parameters");
    }
  }
  const FitResult r = fit_circuit(circuit, spectrum, initial, options);

  if (cmd.format == "csv") {
    std::cout << "file,circuit,name,unit,value,stderr,ci95_lower,ci95_upper,fixed\n";
    const bool have_errors = r.standard_errors.size() == r.parameters.size();
    for (Eigen::Index k = 0; k < r.parameters.size(); ++k) {
      const auto uk = static_cast<std::size_t>(k);
      std::cout << csv_field(cmd.file) << ',' << csv_field(r.circuit) << ','
                << csv_field(r.names[uk]) << ',' << csv_field(r.units[uk]) << ','
                << format_double(r.parameters(k)) << ','
                << (have_errors ? format_double(r.standard_errors(k)) : "") << ','
                << (have_errors ? format_double(r.ci_lower(k)) : "") << ','
                << (have_errors ? format_double(r.ci_upper(k)) : "") << ','
                << (r.fixed[uk] ? "true" : "false") << '\n';
    }
    std::cerr << "eis: chi_square " << format_double(r.chi_square) << ", reduced_chi_square "
              << format_double(r.reduced_chi_square) << ", aic " << format_double(r.aic) << ", bic "
              << format_double(r.bic) << ", termination " << to_string(r.termination) << '\n';
  } else {
    nlohmann::json out;
    out["file"] = cmd.file;
    out["circuit"] = r.circuit;
    out["weighting"] = std::string(to_string(r.weighting));
    out["domain"] = std::string(to_string(r.domain));
    out["points"] = r.points;
    out["free_parameters"] = r.free_parameters;
    out["initial_values"] = r.automatic_initial_values ? "automatic" : "given";
    const bool have_errors = r.standard_errors.size() == r.parameters.size();
    nlohmann::json parameters = nlohmann::json::array();
    for (Eigen::Index k = 0; k < r.parameters.size(); ++k) {
      const auto uk = static_cast<std::size_t>(k);
      nlohmann::json p;
      p["name"] = r.names[uk];
      p["unit"] = r.units[uk];
      p["value"] = number_or_null(r.parameters(k));
      p["stderr"] = have_errors ? number_or_null(r.standard_errors(k)) : nullptr;
      p["ci95"] = have_errors ? nlohmann::json::array(
                                    {number_or_null(r.ci_lower(k)), number_or_null(r.ci_upper(k))})
                              : nlohmann::json(nullptr);
      p["fixed"] = static_cast<bool>(r.fixed[uk]);
      p["at_bound"] = static_cast<bool>(r.at_bound[uk]);
      parameters.push_back(p);
    }
    out["parameters"] = parameters;
    if (r.correlation.size() > 0) {
      nlohmann::json rows = nlohmann::json::array();
      for (Eigen::Index i = 0; i < r.correlation.rows(); ++i) {
        nlohmann::json row = nlohmann::json::array();
        for (Eigen::Index j = 0; j < r.correlation.cols(); ++j) {
          row.push_back(number_or_null(r.correlation(i, j)));
        }
        rows.push_back(row);
      }
      out["correlation"] = rows;
    } else {
      out["correlation"] = nullptr;
    }
    out["chi_square"] = number_or_null(r.chi_square);
    out["reduced_chi_square"] = number_or_null(r.reduced_chi_square);
    out["pseudo_chi_square"] = number_or_null(r.pseudo_chi_square);
    out["aic"] = number_or_null(r.aic);
    out["aicc"] = number_or_null(r.aicc);
    out["bic"] = number_or_null(r.bic);
    out["condition_number"] = number_or_null(r.condition_number);
    out["iterations"] = r.iterations;
    out["evaluations"] = r.evaluations;
    out["starts"] = r.starts;
    out["termination"] = std::string(to_string(r.termination));
    out["message"] = r.message;
    out["usable"] = r.usable();
    out["warnings"] = r.warnings;
    std::cout << out.dump(1) << '\n';
  }
  for (const auto& w : r.warnings) {
    std::cerr << "eis: warning: " << w << '\n';
  }
  if (!cmd.plot_dir.empty()) {
    write_plots(cmd, circuit, r);
  }
  if (!r.usable()) {
    std::cerr << "eis: the fit is not usable: " << r.message << '\n';
    return exit_not_usable;
  }
  return exit_ok;
}

}  // namespace eis::cli
