#include "commands/drt.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <numbers>
#include <string>

#include <nlohmann/json.hpp>

#include <eis/drt/tikhonov.hpp>
#include <eis/error.hpp>
#include <eis/io/read.hpp>

#include "commands/common.hpp"
#include "plot/plot_dir.hpp"

namespace eis::cli {

namespace {

// A label value with `digits` significant digits (figures only; tables keep full precision).
std::string label_number(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

void plot_drt(const DrtCommand& cmd, const Spectrum& s, const drt::DrtResult& r) {
  plot::PlotDir dir(cmd.plot_dir);
  plot::Figure g;
  g.title = "DRT (λ = " + label_number(r.lambda, 3) + ", " +
            std::string(drt::to_string(r.lambda_method)) + ")";
  g.x_axis = {.label = "τ (s)", .scale = plot::Scale::log10};
  g.y_axis = {.label = "γ (Ω)"};
  g.series.push_back(
      {.name = r.gamma_lower_ohm.empty()
                   ? "γ(ln τ)"
                   : "γ(ln τ), " + format_double(100.0 * cmd.credible_level) + " % credible band",
       .x = r.tau_s,
       .y = r.gamma_ohm,
       .style = plot::Style::line,
       .band_low = r.gamma_lower_ohm,
       .band_high = r.gamma_upper_ohm});
  std::vector<double> px;
  std::vector<double> py;
  for (const auto& p : r.peaks) {
    px.push_back(p.tau_s);
    py.push_back(p.height_ohm);
    g.annotations.push_back({.x = p.tau_s,
                             .y = p.height_ohm,
                             .text = " R = " + label_number(p.resistance_ohm, 4) + " Ω",
                             .anchor = plot::Annotation::Anchor::start});
  }
  g.series.push_back({.name = "peaks",
                      .x = px,
                      .y = py,
                      .style = plot::Style::markers,
                      .marker = plot::Marker::diamond,
                      .marker_size = 5.0});
  // Measured window.
  double fmin = s.frequency_hz.front();
  double fmax = fmin;
  for (double f : s.frequency_hz) {
    fmin = std::min(fmin, f);
    fmax = std::max(fmax, f);
  }
  g.vertical_bands.push_back({.x_min = 1.0 / (2.0 * std::numbers::pi * fmax),
                              .x_max = 1.0 / (2.0 * std::numbers::pi * fmin),
                              .label = "measured window",
                              .color = "#1f77b4",
                              .opacity = 0.06});
  const plot::Figure nyq =
      data_and_model_nyquist("Nyquist: data and DRT model", s, r.fitted_ohm, "DRT model");
  dir.write("drt_gamma", g);
  dir.write("drt_nyquist", nyq);
}

}  // namespace

void register_drt(CLI::App& app, Registry& registry) {
  auto cmd = std::make_shared<DrtCommand>();
  CLI::App* sub = app.add_subcommand(
      "drt", "Distribution of relaxation times by Tikhonov regularisation (γ ≥ 0)");
  sub->add_option("file", cmd->file, "spectrum file (any format `eis read` knows)")->required();
  sub->add_option("--reader", cmd->reader, "force a reader by name (default: detect)");
  sub->add_option("--spectrum", cmd->spectrum, "spectrum index in a multi-spectrum file (0-based)")
      ->default_val(0);
  sub->add_option("--lambda",
                  cmd->lambda,
                  "regularisation λ (dimensionless): auto (= lcurve), gcv, lcurve, re-im, "
                  "discrepancy, kfold, or a number > 0")
      ->default_val("auto");
  sub->add_option("--order", cmd->order, "derivative penalised: 1 or 2 (0 = ridge)")
      ->check(CLI::Range(0, 2))
      ->default_val(1);
  sub->add_option("--basis", cmd->basis, "gaussian or piecewise-linear")
      ->check(CLI::IsMember({"gaussian", "piecewise-linear"}))
      ->default_val("gaussian");
  sub->add_option("--tau-per-decade", cmd->tau_per_decade, "τ grid points per decade")
      ->default_val(10.0);
  sub->add_flag("--series-c",
                cmd->series_c,
                "fit a series capacitance 1/(jωC) (blocking electrodes, METHODS.md §5.1)");
  sub->add_flag("--inductance", cmd->inductance, "fit a series inductance jωL (H)");
  sub->add_option("--weighting", cmd->weighting, "modulus (rows / |Z|) or unit")
      ->check(CLI::IsMember({"modulus", "unit"}))
      ->default_val("modulus");
  sub->add_option("--credible-level",
                  cmd->credible_level,
                  "probability of the γ credible band (posterior of the regularised fit)")
      ->check(CLI::Range(0.5, 0.9999))
      ->default_val(0.95);
  sub->add_option("--min-significance",
                  cmd->min_significance,
                  "merge peaks whose prominence is below this many standard deviations of γ "
                  "(0 = keep all; e.g. 1.96 for 95 %)")
      ->check(CLI::Range(0.0, 100.0))
      ->default_val(0.0);
  sub->add_option("--format", cmd->format, "output: csv (peak table) or json (γ curve and peaks)")
      ->check(CLI::IsMember({"csv", "json"}))
      ->default_val("csv");
  sub->add_option(
      "--plot", cmd->plot_dir, "write γ(τ) (peaks marked) and Nyquist SVG plots into DIR");
  registry.add(sub, [cmd] { return run_drt(*cmd); });
}

int run_drt(const DrtCommand& cmd) {
  drt::DrtOptions o;
  // A number is a fixed λ; "auto" is the default method; any other word is a method name,
  // parsed (and its error worded) by the library so the list of methods lives in one place.
  double v = 0.0;
  const char* b = cmd.lambda.data();
  const char* e = b + cmd.lambda.size();
  const auto [ptr, ec] = std::from_chars(b, e, v);
  if (ec == std::errc{} && ptr == e) {
    if (!(v > 0.0) || !std::isfinite(v)) {
      throw InvalidArgument("--lambda: a fixed λ must be a finite number > 0, got '" + cmd.lambda +
                            "'");
    }
    o.lambda_method = drt::LambdaMethod::fixed;
    o.lambda = v;
  } else if (cmd.lambda == "auto") {
    o.lambda_method = drt::DrtOptions{}.lambda_method;
  } else {
    try {
      o.lambda_method = drt::parse_lambda_method(cmd.lambda);
    } catch (const InvalidArgument& err) {
      throw InvalidArgument(std::string("--lambda: ") + err.what() + ", \"auto\" or a number > 0");
    }
  }
  o.derivative_order = cmd.order;
  o.basis = drt::parse_basis(cmd.basis);
  o.tau_points_per_decade = cmd.tau_per_decade;
  o.series_capacitance = cmd.series_c;
  o.inductance = cmd.inductance;
  o.weighting = cmd.weighting == "unit" ? drt::DrtWeighting::unit : drt::DrtWeighting::modulus;
  o.credible_level = cmd.credible_level;
  o.peaks.min_significance = cmd.min_significance;
  const Spectrum s = load_spectrum(cmd.file, cmd.reader, cmd.spectrum);
  const drt::DrtResult r = drt::compute_drt(s, o);

  if (cmd.format == "json") {
    nlohmann::json j;
    j["file"] = cmd.file;
    j["lambda"] = json_number(r.lambda);
    j["lambda_method"] = std::string(drt::to_string(r.lambda_method));
    j["weighting"] = cmd.weighting;
    j["r_inf_ohm"] = json_number(r.r_inf_ohm);
    j["inductance_h"] = json_number(r.inductance_h);
    j["capacitance_f"] = json_number(r.capacitance_f);
    j["polarisation_ohm"] = json_number(r.polarisation_ohm);
    j["tau_s"] = r.tau_s;
    j["gamma_ohm"] = r.gamma_ohm;
    j["gamma_sd_ohm"] = r.gamma_sd_ohm;
    j["gamma_lower_ohm"] = r.gamma_lower_ohm;
    j["gamma_upper_ohm"] = r.gamma_upper_ohm;
    j["posterior_sigma"] = json_number(r.posterior_sigma);
    nlohmann::json peaks = nlohmann::json::array();
    for (const auto& p : r.peaks) {
      peaks.push_back({{"tau_s", p.tau_s},
                       {"frequency_hz", p.frequency_hz},
                       {"resistance_ohm", p.resistance_ohm},
                       {"capacitance_f", json_number(p.capacitance_f)},
                       {"height_ohm", p.height_ohm},
                       {"significance", json_number(p.significance)},
                       {"within_window", p.within_window}});
    }
    j["peaks"] = peaks;
    j["usable"] = r.usable();
    j["message"] = r.message;
    j["warnings"] = r.warnings;
    std::cout << j.dump(1) << '\n';
  } else {
    std::cout << "tau_s,frequency_hz,resistance_ohm,capacitance_f,height_ohm,within_window\n";
    for (const auto& p : r.peaks) {
      std::cout << format_double(p.tau_s) << ',' << format_double(p.frequency_hz) << ','
                << format_double(p.resistance_ohm) << ','
                << (std::isfinite(p.capacitance_f) ? format_double(p.capacitance_f) : "") << ','
                << format_double(p.height_ohm) << ',' << (p.within_window ? "true" : "false")
                << '\n';
    }
  }
  std::cerr << "eis drt: " << cmd.file << ": " << r.message << '\n';
  for (const auto& w : r.warnings) {
    std::cerr << "eis drt: warning: " << w << '\n';
  }
  if (!cmd.plot_dir.empty() && !r.gamma_ohm.empty()) {
    plot_drt(cmd, s, r);
  }
  return r.usable() ? exit_ok : exit_not_usable;
}

}  // namespace eis::cli
