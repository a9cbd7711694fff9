#include "commands/kk.hpp"

#include <cmath>
#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include <eis/error.hpp>
#include <eis/io/read.hpp>
#include <eis/validation/lin_kk.hpp>

#include "commands/common.hpp"
#include "plot/plot_dir.hpp"

namespace eis::cli {

namespace {

void plot_kk(const KkCommand& cmd, const Spectrum& s, const validation::LinKkResult& r) {
  plot::PlotDir dir(cmd.plot_dir);
  plot::Figure res;
  res.title = "Lin-KK residuals (M = " + std::to_string(r.elements) + ", " +
              (r.passed ? "passed" : "failed") + ")";
  res.x_axis = {.label = "f (Hz)", .scale = plot::Scale::log10};
  res.y_axis = {.label = "relative residual (%)"};
  std::vector<double> re(s.size());
  std::vector<double> im(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    re[i] = 100.0 * r.residual_real[i];
    im[i] = 100.0 * r.residual_imag[i];
  }
  res.series.push_back({.name = "Δ' = ΔZ'/|Z|", .x = s.frequency_hz, .y = re});
  res.series.push_back(
      {.name = "Δ'' = ΔZ''/|Z|", .x = s.frequency_hz, .y = im, .marker = plot::Marker::square});
  const double thr = 100.0 * r.residual_threshold;
  res.reference_lines.push_back(
      {.orientation = plot::ReferenceLine::Orientation::horizontal, .value = thr, .label = "+k·σ"});
  res.reference_lines.push_back({.orientation = plot::ReferenceLine::Orientation::horizontal,
                                 .value = -thr,
                                 .label = "−k·σ"});
  if (std::isfinite(r.failing_min_hz)) {
    res.vertical_bands.push_back(
        {.x_min = r.failing_min_hz, .x_max = r.failing_max_hz, .label = "failing"});
  }
  const plot::Figure nyq =
      data_and_model_nyquist("Nyquist: data and Lin-KK fit", s, r.fitted_ohm, "Lin-KK");
  dir.write("kk_residuals", res);
  dir.write("kk_nyquist", nyq);
}

}  // namespace

void register_kk(CLI::App& app, Registry& registry) {
  auto cmd = std::make_shared<KkCommand>();
  CLI::App* sub = app.add_subcommand(
      "kk", "Lin-KK (Kramers–Kronig) validation of a spectrum (Schönleber 2014)");
  sub->add_option("file", cmd->file, "spectrum file (any format `eis read` knows)")->required();
  sub->add_option("--reader", cmd->reader, "force a reader by name (default: detect)");
  sub->add_option("--spectrum", cmd->spectrum, "spectrum index in a multi-spectrum file (0-based)")
      ->default_val(0);
  sub->add_option("--domain",
                  cmd->domain,
                  "fit the RC ladder to the impedance or the admittance (blocking electrodes)")
      ->check(CLI::IsMember({"impedance", "admittance"}))
      ->default_val("impedance");
  sub->add_flag("--series-c",
                cmd->series_c,
                "add a capacitance (impedance: series 1/(jωC); admittance: parallel jωC)");
  sub->add_flag("--series-l",
                cmd->series_l,
                "add an inductance (impedance: series jωL; admittance: parallel 1/(jωL))");
  sub->add_option("--mu-threshold", cmd->mu_threshold, "μ criterion c for the automatic M")
      ->default_val(0.85);
  sub->add_option("--max-elements", cmd->max_elements, "cap of the automatic M")->default_val(50);
  sub->add_option("--elements", cmd->elements, "fixed number of RC elements M (0 = automatic)")
      ->default_val(0);
  sub->add_option("--tau-extension",
                  cmd->tau_extension,
                  "τ range factor F: τ in [1/(F·ω_max), F/ω_min] (dimensionless)")
      ->default_val(1.0);
  sub->add_option("--noise",
                  cmd->noise,
                  "relative noise level σ/|Z| per component, e.g. 0.001 (0 = estimate)")
      ->default_val(0.0);
  sub->add_option("--format", cmd->format, "output: csv (per-point residuals) or json")
      ->check(CLI::IsMember({"csv", "json"}))
      ->default_val("csv");
  sub->add_option("--plot", cmd->plot_dir, "write residual and Nyquist SVG plots into DIR");
  registry.add(sub, [cmd] { return run_kk(*cmd); });
}

int run_kk(const KkCommand& cmd) {
  const Spectrum s = load_spectrum(cmd.file, cmd.reader, cmd.spectrum);
  validation::LinKkOptions o;
  o.domain = validation::parse_kk_domain(cmd.domain);
  o.elements = cmd.elements;
  o.mu_threshold = cmd.mu_threshold;
  o.max_elements = cmd.max_elements;
  o.tau_range_extension = cmd.tau_extension;
  o.capacitance = cmd.series_c;
  o.inductance = cmd.series_l;
  o.noise_level = cmd.noise;
  const validation::LinKkResult r = validation::lin_kk(s, o);

  if (cmd.format == "json") {
    nlohmann::json j;
    j["file"] = cmd.file;
    j["domain"] = std::string(validation::to_string(r.domain));
    j["passed"] = r.passed;
    j["elements"] = r.elements;
    j["mu"] = json_number(r.mu);
    j["max_residual"] = json_number(r.max_residual);
    j["pseudo_chi_square"] = json_number(r.pseudo_chi_square);
    j["noise_level"] = json_number(r.noise_level);
    j["noise_level_estimated"] = r.noise_level_estimated;
    j["residual_threshold"] = json_number(r.residual_threshold);
    j["chi_square_threshold"] = json_number(r.chi_square_threshold);
    j["failing_range_hz"] = std::isfinite(r.failing_min_hz)
                                ? nlohmann::json::array({r.failing_min_hz, r.failing_max_hz})
                                : nlohmann::json(nullptr);
    j["series_resistance_ohm"] = json_number(r.series_resistance_ohm);
    j["capacitance_f"] = json_number(r.capacitance_f);
    j["inductance_h"] = json_number(r.inductance_h);
    nlohmann::json res = nlohmann::json::array();
    for (std::size_t i = 0; i < s.size(); ++i) {
      res.push_back({{"frequency_hz", s.frequency_hz[i]},
                     {"real", r.residual_real[i]},
                     {"imag", r.residual_imag[i]},
                     {"compliant", static_cast<bool>(r.compliant[i])}});
    }
    j["residuals"] = res;
    j["message"] = r.message;
    j["warnings"] = r.warnings;
    std::cout << j.dump(1) << '\n';
  } else {
    std::cout << "frequency_hz,z_real_ohm,z_imag_ohm,fit_real_ohm,fit_imag_ohm,residual_real,"
                 "residual_imag,compliant\n";
    for (std::size_t i = 0; i < s.size(); ++i) {
      std::cout << format_double(s.frequency_hz[i]) << ','
                << format_double(s.impedance_ohm[i].real()) << ','
                << format_double(s.impedance_ohm[i].imag()) << ','
                << format_double(r.fitted_ohm[i].real()) << ','
                << format_double(r.fitted_ohm[i].imag()) << ',' << format_double(r.residual_real[i])
                << ',' << format_double(r.residual_imag[i]) << ','
                << (r.compliant[i] ? "true" : "false") << '\n';
    }
  }
  std::cerr << "eis kk: " << cmd.file << ": " << r.message << '\n';
  for (const auto& w : r.warnings) {
    std::cerr << "eis kk: warning: " << w << '\n';
  }
  if (!cmd.plot_dir.empty() && r.usable()) {
    plot_kk(cmd, s, r);
  }
  return r.usable() ? exit_ok : exit_not_usable;
}

}  // namespace eis::cli
