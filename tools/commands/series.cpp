#include "commands/series.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <eis/conductivity/cell_spec.hpp>
#include <eis/conductivity/manifest.hpp>
#include <eis/conductivity/series.hpp>
#include <eis/conductivity/series_inputs.hpp>
#include <eis/error.hpp>
#include <eis/io/read.hpp>

#include "commands/common.hpp"
#include "plot/plot_dir.hpp"
#include "plot/svg_plot.hpp"
#include <unistd.h>

namespace eis::cli {
namespace {

namespace fs = std::filesystem;

bool is_manifest(const SeriesCommand& cmd) {
  if (cmd.inputs.size() != 1 || !cmd.temperature_from_name.empty()) {
    return false;
  }
  std::string ext = fs::path(cmd.inputs[0]).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return ext == ".csv";
}

std::vector<ManifestEntry> collect_inputs(const SeriesCommand& cmd) {
  if (is_manifest(cmd)) {
    return read_manifest(cmd.inputs[0]);
  }
  const TemperatureUnit unit = parse_temperature_unit(cmd.temperature_unit);
  std::vector<ManifestEntry> out =
      entries_from_files(cmd.inputs, {}, cmd.cycle, parse_direction(cmd.direction));
  if (!cmd.temperature_from_name.empty()) {
    for (ManifestEntry& e : out) {
      e.temperature_k = temperature_from_name(e.path, cmd.temperature_from_name, unit);
    }
  }
  return out;
}

nlohmann::json optional_json(const std::optional<double>& v) {
  return v && std::isfinite(*v) ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json row_json(const ConductivityRow& r, const SpectrumAnalysis& a) {
  nlohmann::json j;
  j["file"] = r.file;
  j["cycle"] = r.cycle;
  j["direction"] = to_string(r.direction);
  j["temperature_k"] = r.temperature_k;
  j["r_bulk_ohm"] = optional_json(r.r_bulk_ohm);
  j["r_bulk_stderr_ohm"] = optional_json(r.r_bulk_stderr_ohm);
  j["r_gb_ohm"] = optional_json(r.r_gb_ohm);
  j["r_gb_stderr_ohm"] = optional_json(r.r_gb_stderr_ohm);
  j["r_total_ohm"] = optional_json(r.r_total_ohm);
  j["r_total_stderr_ohm"] = optional_json(r.r_total_stderr_ohm);
  j["c_bulk_f"] = optional_json(r.c_bulk_f);
  j["c_gb_f"] = optional_json(r.c_gb_f);
  j["sigma_bulk_s_per_cm"] = optional_json(r.sigma_bulk_s_per_cm);
  j["sigma_bulk_stderr_s_per_cm"] = optional_json(r.sigma_bulk_stderr_s_per_cm);
  j["sigma_gb_s_per_cm"] = optional_json(r.sigma_gb_s_per_cm);
  j["sigma_gb_stderr_s_per_cm"] = optional_json(r.sigma_gb_stderr_s_per_cm);
  j["sigma_gb_specific_s_per_cm"] = optional_json(r.sigma_gb_specific_s_per_cm);
  j["sigma_gb_specific_stderr_s_per_cm"] = optional_json(r.sigma_gb_specific_stderr_s_per_cm);
  j["sigma_total_s_per_cm"] = optional_json(r.sigma_total_s_per_cm);
  j["sigma_total_stderr_s_per_cm"] = optional_json(r.sigma_total_stderr_s_per_cm);
  j["r_interface_ohm"] = optional_json(r.r_interface_ohm);
  j["r_interface_stderr_ohm"] = optional_json(r.r_interface_stderr_ohm);
  j["c_interface_f"] = optional_json(r.c_interface_f);
  j["model"] = r.model;
  j["regime"] = r.regime;
  j["usable"] = r.usable;
  j["aic"] = optional_json(r.aic);
  j["chi_square"] = optional_json(r.chi_square);
  nlohmann::json params = nlohmann::json::array();
  for (std::size_t k = 0; k < r.parameters.size() && k < r.parameter_names.size(); ++k) {
    nlohmann::json p;
    p["name"] = r.parameter_names[k];
    p["value"] = r.parameters[k];
    const auto idx = static_cast<Eigen::Index>(k);
    p["stderr"] = idx < a.fit.standard_errors.size() ? optional_json(a.fit.standard_errors[idx])
                                                     : nlohmann::json(nullptr);
    params.push_back(p);
  }
  j["parameters"] = params;
  nlohmann::json cands = nlohmann::json::array();
  for (const CandidateOutcome& c : a.candidates) {
    cands.push_back({{"circuit", c.circuit},
                     {"regime", to_string(c.regime)},
                     {"usable", c.usable},
                     {"consistent", c.consistent},
                     {"from_neighbour", c.from_neighbour},
                     {"criterion", optional_json(c.criterion)},
                     {"chi_square", optional_json(c.chi_square)},
                     {"note", c.note}});
  }
  j["candidates"] = cands;
  j["message"] = r.message;
  j["warnings"] = r.warnings;
  return j;
}

/// The tied Arrhenius fits (SeriesOptions::tied_bulk_arrhenius), one object per run.
nlohmann::json tied_json(const SeriesResult& result) {
  nlohmann::json runs = nlohmann::json::array();
  for (const TiedRun& t : result.tied) {
    nlohmann::json j;
    j["cycle"] = t.cycle;
    j["direction"] = to_string(t.direction);
    j["circuit"] = t.circuit;
    j["usable"] = t.fit.usable();
    j["form"] = "arrhenius-t";
    j["ea_ev"] = optional_json(t.fit.ea_ev);
    j["ea_stderr_ev"] = optional_json(t.fit.ea_stderr_ev);
    j["log10_prefactor"] = optional_json(t.fit.ln_sigma0 / std::log(10.0));
    j["log10_prefactor_stderr"] = optional_json(t.fit.ln_sigma0_stderr / std::log(10.0));
    j["correlation"] = optional_json(t.fit.correlation);
    j["chi_square"] = optional_json(t.fit.chi_square);
    j["degrees_of_freedom"] = t.fit.degrees_of_freedom;
    j["iterations"] = t.fit.iterations;
    nlohmann::json spectra = nlohmann::json::array();
    for (std::size_t k = 0; k < t.spectra.size() && k < t.fit.r_bulk_ohm.size(); ++k) {
      const ConductivityRow& row = result.rows[t.spectra[k]];
      spectra.push_back({{"file", row.file},
                         {"temperature_k", row.temperature_k},
                         {"r_bulk_ohm", optional_json(t.fit.r_bulk_ohm[k])},
                         {"r_bulk_stderr_ohm", optional_json(t.r_bulk_stderr_ohm[k])},
                         {"sigma_bulk_s_per_cm", optional_json(t.sigma_bulk_s_per_cm[k])}});
    }
    j["spectra"] = spectra;
    j["message"] = t.message;
    runs.push_back(j);
  }
  return runs;
}

/// Nyquist panels of one run, one per temperature, coloured by temperature (data as markers,
/// the chosen model as a line), stacked in a grid.
std::vector<plot::Figure> nyquist_panels(const std::vector<std::size_t>& run,
                                         const SeriesResult& result,
                                         const std::vector<Spectrum>& spectra,
                                         double t_min,
                                         double t_max) {
  std::vector<plot::Figure> panels;
  for (const std::size_t i : run) {
    const ConductivityRow& row = result.rows[i];
    const SpectrumAnalysis& a = result.analyses[i];
    plot::Figure fig;
    // Short title (panels are narrow): file stem and temperature; the model is in the CSV.
    fig.title = fs::path(row.file).stem().string() + ", " +
                format_double(std::round(row.temperature_k * 100) / 100) + " K";
    fig.x_axis = {.label = "Z' (Ω)"};
    fig.y_axis = {.label = "−Z'' (Ω)"};
    fig.equal_aspect = true;
    fig.width = 420;
    fig.height = 320;
    fig.legend = plot::LegendPosition::none;
    fig.color_map = plot::ColorMap{.label = "T (K)", .min = t_min, .max = t_max, .show_bar = false};
    plot::Series data;
    data.name = "data";
    data.style = plot::Style::markers;
    data.color_value = row.temperature_k;
    for (const Complex& z : spectra[i].impedance_ohm) {
      data.x.push_back(z.real());
      data.y.push_back(-z.imag());
    }
    fig.series.push_back(std::move(data));
    if (!a.fit.model_ohm.empty()) {
      plot::Series fit;
      fit.name = "fit";
      fit.style = plot::Style::line;
      fit.color = "#222222";
      for (const Complex& z : a.fit.model_ohm) {
        fit.x.push_back(z.real());
        fit.y.push_back(-z.imag());
      }
      fig.series.push_back(std::move(fit));
    }
    panels.push_back(std::move(fig));
  }
  return panels;
}

plot::Figure arrhenius_figure(const SeriesResult& result) {
  plot::Figure fig;
  fig.title = "Conductivity per run";
  fig.x_axis = {.label = "1000/T (1/K)"};
  fig.y_axis = {.label = "σ (S/cm)", .scale = plot::Scale::log10};
  fig.top_axis = plot::SecondaryAxis{.label = "T (°C)",
                                     .from_primary = [](double x) { return 1000.0 / x - 273.15; },
                                     .to_primary = [](double c) { return 1000.0 / (c + 273.15); }};
  std::map<std::pair<int, int>, std::pair<plot::Series, plot::Series>> runs;
  std::size_t colour = 0;
  for (const ConductivityRow& r : result.rows) {
    if (!r.usable) {
      continue;
    }
    const bool heating = r.direction == Direction::heating;
    auto [it, inserted] = runs.try_emplace({r.cycle, static_cast<int>(r.direction)});
    auto& [total, bulk] = it->second;
    if (inserted) {
      const std::string run = "cycle " + std::to_string(r.cycle) + " " + to_string(r.direction);
      total.name = run + ": σ_total";
      total.color = plot::cycle_color(colour++);
      total.filled = heating;
      total.style = plot::Style::line_markers;
      bulk.name = run + ": σ_bulk";
      bulk.color = total.color;
      bulk.marker = plot::Marker::triangle;
      bulk.filled = heating;
      bulk.dashed = true;
    }
    if (r.sigma_total_s_per_cm) {
      total.x.push_back(1000.0 / r.temperature_k);
      total.y.push_back(*r.sigma_total_s_per_cm);
      total.y_error.push_back(r.sigma_total_stderr_s_per_cm.value_or(0.0));
    }
    if (r.sigma_bulk_s_per_cm) {
      bulk.x.push_back(1000.0 / r.temperature_k);
      bulk.y.push_back(*r.sigma_bulk_s_per_cm);
      bulk.y_error.push_back(r.sigma_bulk_stderr_s_per_cm.value_or(0.0));
    }
  }
  for (auto& [key, pair] : runs) {
    for (plot::Series* s : {&pair.first, &pair.second}) {
      // Points in increasing 1000/T, so the line follows the run.
      std::vector<std::size_t> order(s->x.size());
      for (std::size_t k = 0; k < order.size(); ++k) {
        order[k] = k;
      }
      std::sort(order.begin(), order.end(), [&](auto a, auto b) { return s->x[a] < s->x[b]; });
      plot::Series sorted = *s;
      for (std::size_t k = 0; k < order.size(); ++k) {
        sorted.x[k] = s->x[order[k]];
        sorted.y[k] = s->y[order[k]];
        sorted.y_error[k] = s->y_error[order[k]];
      }
      if (!sorted.x.empty()) {
        fig.series.push_back(std::move(sorted));
      }
    }
  }
  return fig;
}

void write_plots(const SeriesCommand& cmd,
                 const SeriesResult& result,
                 const std::vector<Spectrum>& spectra) {
  plot::PlotDir plots(cmd.plot_dir);
  std::map<std::pair<int, int>, std::vector<std::size_t>> runs;
  double t_min = 1e300;
  double t_max = -1e300;
  for (std::size_t i = 0; i < result.rows.size(); ++i) {
    const ConductivityRow& r = result.rows[i];
    runs[{r.cycle, static_cast<int>(r.direction)}].push_back(i);
    t_min = std::min(t_min, r.temperature_k);
    t_max = std::max(t_max, r.temperature_k);
  }
  if (t_max <= t_min) {
    t_max = t_min + 1.0;
  }
  for (auto& [key, idx] : runs) {
    std::stable_sort(idx.begin(), idx.end(), [&](auto a, auto b) {
      return result.rows[a].temperature_k < result.rows[b].temperature_k;
    });
    const std::string stem = "nyquist_cycle" + std::to_string(key.first) + "_" +
                             to_string(static_cast<Direction>(key.second));
    const auto panels = nyquist_panels(idx, result, spectra, t_min, t_max);
    plots.write(stem, panels, 3);
  }
  plots.write("conductivity_arrhenius", arrhenius_figure(result));
}

}  // namespace

void register_series(CLI::App& app, Registry& registry) {
  auto cmd = std::make_shared<SeriesCommand>();
  CLI::App* sub = app.add_subcommand(
      "series",
      "Fit every spectrum of a temperature series and extract conductivities (one CSV row per "
      "spectrum, in input order)");
  sub->add_option("inputs",
                  cmd->inputs,
                  "MANIFEST.csv (columns file,temperature_k|temperature_c,cycle,direction; files "
                  "relative to it), or spectrum files with --temperature-from-name")
      ->required();
  sub->add_option("--cell", cmd->cell, "Electrodes: blocking (Au) or non-blocking (Na, Li)")
      ->capture_default_str();
  sub->add_option("--thickness-cm", cmd->thickness_cm, "Pellet thickness L in cm")->required();
  auto* area = sub->add_option("--area-cm2", cmd->area_cm2, "Electrode area A in cm²");
  auto* diameter =
      sub->add_option("--diameter-cm", cmd->diameter_cm, "Electrode diameter d in cm (A = πd²/4)");
  area->excludes(diameter);
  sub->add_option("--thickness-err-cm", cmd->thickness_err_cm, "Standard uncertainty of L in cm")
      ->capture_default_str();
  auto* area_err =
      sub->add_option("--area-err-cm2", cmd->area_err_cm2, "Standard uncertainty of A in cm²")
          ->capture_default_str();
  auto* diameter_err =
      sub->add_option("--diameter-err-cm", cmd->diameter_err_cm, "Standard uncertainty of d in cm")
          ->capture_default_str();
  area_err->excludes(diameter_err);
  sub->add_option("--temperature-from-name",
                  cmd->temperature_from_name,
                  "Regex whose first capture group in each file name is the temperature");
  sub->add_option("--temperature-unit",
                  cmd->temperature_unit,
                  "Unit of temperatures taken from file names: C or K")
      ->capture_default_str();
  sub->add_option("--cycle", cmd->cycle, "Cycle of files given without a manifest")
      ->capture_default_str();
  sub->add_option("--direction",
                  cmd->direction,
                  "Direction (heating|cooling) of files given without a manifest")
      ->capture_default_str();
  sub->add_option("--reader", cmd->reader, "Force a file reader (see `eis read --help`)");
  sub->add_option(
         "--spectrum", cmd->spectrum, "Spectrum index (0-based) inside files that hold several")
      ->capture_default_str();
  sub->add_option("--criterion",
                  cmd->criterion,
                  "Information criterion for the model choice: aic, aicc or bic")
      ->capture_default_str();
  sub->add_flag("--kk-mask",
                cmd->kk_mask,
                "Drop the points of each spectrum that break Lin-KK before fitting (as eis fit)");
  sub->add_option("--threads",
                  cmd->threads,
                  "Threads; independent runs (cycle, direction) are fitted in parallel with "
                  "results identical to 1 thread")
      ->capture_default_str();
  sub->add_flag("--tied",
                cmd->tied,
                "Also fit each run at once with R_bulk(T) tied to the sigma*T Arrhenius law "
                "(shared ln sigma0 and Ea, RelaxIS-style multi-fit): JSON key tied_runs, and "
                "one summary line per run on stderr");
  sub->add_option("--tied-t-min-k",
                  cmd->tied_t_min_k,
                  "Lowest temperature in K of the spectra tied together (default: all)");
  sub->add_option("--tied-t-max-k",
                  cmd->tied_t_max_k,
                  "Highest temperature in K of the spectra tied together (default: all; keep "
                  "a phase transition out of the tied range)");
  sub->add_option("--format", cmd->format, "Output format: csv or json")->capture_default_str();
  sub->add_option("--plot",
                  cmd->plot_dir,
                  "Write Nyquist plots per run and σ vs 1000/T as SVG into this directory");
  sub->add_flag("--no-progress", cmd->no_progress, "Do not draw the progress bar on stderr");
  registry.add(sub, [cmd] { return run_series(*cmd); });
}

int run_series(const SeriesCommand& cmd) {
  if (cmd.format != "csv" && cmd.format != "json") {
    throw InvalidArgument("--format must be csv or json, got '" + cmd.format + "'");
  }
  const Cell cell = make_cell({.type = cmd.cell,
                               .thickness_cm = cmd.thickness_cm,
                               .area_cm2 = cmd.area_cm2,
                               .diameter_cm = cmd.diameter_cm,
                               .thickness_err_cm = cmd.thickness_err_cm,
                               .area_err_cm2 = cmd.area_err_cm2,
                               .diameter_err_cm = cmd.diameter_err_cm});
  SeriesOptions options;
  options.criterion = parse_information_criterion(cmd.criterion);
  options.threads = cmd.threads;
  options.fit.kk_mask = cmd.kk_mask;
  options.tied_bulk_arrhenius = cmd.tied;
  options.tied_t_min_k = cmd.tied_t_min_k;
  options.tied_t_max_k = cmd.tied_t_max_k;
  if (auto why = options.validate()) {
    throw InvalidArgument(*why);
  }

  const LoadedSeries loaded =
      load_series(collect_inputs(cmd), {.read = {.reader = cmd.reader}, .spectrum = cmd.spectrum});
  const std::vector<Spectrum>& spectra = loaded.spectra;
  for (std::size_t i = 0; i < spectra.size(); ++i) {
    for (const std::string& w : spectra[i].warnings) {
      std::cerr << "eis: warning: " << loaded.inputs[i].file << ": " << w << '\n';
    }
  }

  const bool bar = !cmd.no_progress && isatty(STDERR_FILENO) != 0;
  if (bar) {
    options.on_progress = [](const SeriesProgress& p) {
      constexpr int width = 30;
      const int filled = static_cast<int>(width * p.done / std::max<std::size_t>(p.total, 1));
      std::cerr << "\r[" << std::string(static_cast<std::size_t>(filled), '#')
                << std::string(static_cast<std::size_t>(width - filled), ' ') << "] " << p.done
                << '/' << p.total << ' ' << p.file << "\x1b[K" << std::flush;
      if (p.done == p.total) {
        std::cerr << '\n';
      }
    };
  }
  const SeriesResult result = fit_series(loaded.inputs, cell, options);

  if (cmd.format == "json") {
    nlohmann::json j;
    j["cell"] = to_string(cell.type);
    j["thickness_cm"] = cell.geometry.thickness_cm;
    j["area_cm2"] = cell.geometry.area();
    j["criterion"] = to_string(options.criterion);
    nlohmann::json rows = nlohmann::json::array();
    for (std::size_t i = 0; i < result.rows.size(); ++i) {
      rows.push_back(row_json(result.rows[i], result.analyses[i]));
    }
    j["rows"] = rows;
    nlohmann::json ratios = nlohmann::json::array();
    for (const CycleRatio& r : result.comparison.ratios) {
      ratios.push_back({{"cycle", r.cycle},
                        {"reference_cycle", r.reference_cycle},
                        {"direction", to_string(r.direction)},
                        {"temperature_k", r.temperature_k},
                        {"sigma_ratio", r.sigma_ratio},
                        {"log10_ratio_stderr", r.log10_ratio_stderr}});
    }
    nlohmann::json decay = nlohmann::json::array();
    for (const CycleDecay& d : result.comparison.decay) {
      decay.push_back({{"cycle", d.cycle},
                       {"previous_cycle", d.previous_cycle},
                       {"direction", to_string(d.direction)},
                       {"temperatures", d.temperatures},
                       {"mean_log10_ratio", d.mean_log10_ratio},
                       {"decades_per_cycle", d.decades_per_cycle},
                       {"retention", d.retention}});
    }
    nlohmann::json hyst = nlohmann::json::array();
    for (const HysteresisPoint& h : result.comparison.hysteresis) {
      hyst.push_back({{"cycle", h.cycle},
                      {"temperature_k", h.temperature_k},
                      {"log10_heating_minus_cooling", h.log10_heating_minus_cooling}});
    }
    j["cycle_comparison"] = {{"ratios", ratios}, {"decay", decay}, {"hysteresis", hyst}};
    if (cmd.tied) {
      j["tied_runs"] = tied_json(result);
    }
    j["warnings"] = result.warnings;
    std::cout << j.dump(1) << '\n';
  } else {
    write_series_csv(std::cout, result.rows);
  }
  if (!cmd.plot_dir.empty()) {
    write_plots(cmd, result, spectra);
  }
  for (const TiedRun& t : result.tied) {
    std::cerr << "eis: tied fit, cycle " << t.cycle << ' ' << to_string(t.direction) << ": ";
    if (t.fit.usable()) {
      // Four decimals (0.1 meV) for the console; the JSON has full precision.
      const auto meV = [](double x) { return format_double(std::round(x * 1e4) / 1e4); };
      std::cerr << "Ea = " << meV(t.fit.ea_ev) << " ± " << meV(t.fit.ea_stderr_ev)
                << " eV (sigma*T form) over " << t.spectra.size() << " spectra\n";
    } else {
      std::cerr << t.message << '\n';
    }
  }
  bool all_usable = true;
  for (const ConductivityRow& r : result.rows) {
    if (!r.usable) {
      all_usable = false;
      std::cerr << "eis: warning: " << r.file << ": " << r.message << '\n';
    }
  }
  return all_usable ? exit_ok : exit_not_usable;
}

}  // namespace eis::cli
