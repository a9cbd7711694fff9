#include "commands/arrhenius.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <set>

#include <nlohmann/json.hpp>

#include <eis/conductivity/arrhenius.hpp>
#include <eis/conductivity/cycling.hpp>
#include <eis/conductivity/table.hpp>
#include <eis/conductivity/transitions.hpp>
#include <eis/conductivity/vtf.hpp>
#include <eis/error.hpp>
#include <eis/units.hpp>

#include "commands/common.hpp"
#include "plot/plot_dir.hpp"
#include "plot/svg_plot.hpp"

namespace eis::cli {
namespace {

namespace ec = eis::conductivity;
using nlohmann::json;

json num(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}
json pair(const std::array<double, 2>& v) {
  return json::array({num(v[0]), num(v[1])});
}
std::string csv_num(double v) {
  return std::isfinite(v) ? format_double(v) : std::string();
}

json arrhenius_json(const ec::ArrheniusResult& r) {
  return {{"form", ec::to_string(r.form)},
          {"ea_ev", num(r.ea_ev)},
          {"ea_stderr_ev", num(r.ea_stderr_ev)},
          {"ea_ci95_ev", pair(r.ea_ci_ev)},
          {"ea_kj_per_mol", num(r.ea_kj_per_mol)},
          {"ea_stderr_kj_per_mol", num(r.ea_stderr_kj_per_mol)},
          {"log10_prefactor", num(r.log10_prefactor)},
          {"log10_prefactor_stderr", num(r.log10_prefactor_stderr)},
          {"log10_prefactor_ci95", pair(r.log10_prefactor_ci)},
          {"prefactor_unit", r.form == ec::ArrheniusForm::sigma ? "S/cm" : "S K/cm"},
          {"r_squared", num(r.r_squared)},
          {"chi_square", num(r.chi_square)},
          {"aicc", num(r.aicc)},
          {"weighted", r.weighted},
          {"warnings", r.warnings}};
}

json vtf_json(const ec::VtfResult& r) {
  return {{"form", ec::to_string(r.form)},
          {"t0_k", num(r.t0_k)},
          {"t0_stderr_k", num(r.t0_stderr_k)},
          {"t0_ci95_k", pair(r.t0_ci_k)},
          {"b_ev", num(r.b_ev)},
          {"b_stderr_ev", num(r.b_stderr_ev)},
          {"b_ci95_ev", pair(r.b_ci_ev)},
          {"b_k", num(r.b_k)},
          {"b_stderr_k", num(r.b_stderr_k)},
          {"correlation_b_t0", num(r.correlation_b_t0)},
          {"log10_prefactor", num(r.log10_prefactor)},
          {"log10_prefactor_stderr", num(r.log10_prefactor_stderr)},
          {"prefactor_unit", r.form == ec::VtfForm::inverse_sqrt_t ? "S K^0.5/cm" : "S/cm"},
          {"r_squared", num(r.r_squared)},
          {"chi_square", num(r.chi_square)},
          {"aicc", num(r.aicc)},
          {"t0_at_bound", r.t0_at_bound},
          {"usable", r.usable()},
          {"warnings", r.warnings}};
}

json segment_json(const ec::RunAnalysis& run, const ec::Segment& s) {
  json j = {{"t_min_k", s.t_min_k},
            {"t_max_k", s.t_max_k},
            {"points", s.count},
            {"law", ec::to_string(s.law)}};
  if (s.law == ec::SegmentLaw::vtf && s.vtf) {
    const json fit = vtf_json(*s.vtf);  // named: a temporary would die before the loop body
    for (const auto& [k, val] : fit.items()) {
      if (k != "form" && k != "warnings") {
        j[k] = val;
      }
    }
  } else {
    const json fit = arrhenius_json(s.arrhenius);
    for (const auto& [k, val] : fit.items()) {
      if (k != "form" && k != "warnings") {
        j[k] = val;
      }
    }
  }
  // Both Arrhenius activation energies (METHODS.md §7.2: always say which form).
  const auto sub = std::span(run.points).subspan(s.first, s.count);
  const auto other = ec::fit_arrhenius(
      sub,
      {.form = s.arrhenius.form == ec::ArrheniusForm::sigma ? ec::ArrheniusForm::sigma_t
                                                            : ec::ArrheniusForm::sigma,
       .use_uncertainties = s.arrhenius.weighted,
       .confidence = s.arrhenius.confidence});
  const auto& sigma_fit = s.arrhenius.form == ec::ArrheniusForm::sigma ? s.arrhenius : other;
  const auto& sigma_t_fit = s.arrhenius.form == ec::ArrheniusForm::sigma ? other : s.arrhenius;
  j["ea_arrhenius_ev"] = num(sigma_fit.ea_ev);
  j["ea_arrhenius_t_ev"] = num(sigma_t_fit.ea_ev);
  j["arrhenius_fit"] = arrhenius_json(s.arrhenius);
  j["vtf_fit"] = s.vtf ? vtf_json(*s.vtf) : json(nullptr);
  j["aicc_arrhenius"] = num(s.aicc_arrhenius);
  j["aicc_vtf"] = num(s.aicc_vtf);
  std::vector<std::string> warnings = s.arrhenius.warnings;
  if (s.law == ec::SegmentLaw::vtf && s.vtf) {
    warnings = s.vtf->warnings;
  }
  j["warnings"] = warnings;
  return j;
}

json run_json(const ec::RunAnalysis& run) {
  json segments = json::array();
  for (const auto& s : run.segments) {
    segments.push_back(segment_json(run, s));
  }
  json transitions = json::array();
  for (const auto& t : run.transitions) {
    transitions.push_back({{"temperature_k", num(t.temperature_k)},
                           {"ci95_k", pair(t.ci_k)},
                           {"log10_jump", num(t.log10_jump)},
                           {"kind", t.continuous ? "continuous" : "jump"},
                           {"ea_below_ev", num(t.ea_below_ev)},
                           {"ea_above_ev", num(t.ea_above_ev)},
                           {"t_below_k", num(t.t_below_k)},
                           {"t_above_k", num(t.t_above_k)}});
  }
  json screen = json::array();
  for (const auto& s : run.screen) {
    screen.push_back({{"t_low_k", s.t_low_k},
                      {"t_high_k", s.t_high_k},
                      {"apparent_ea_ev", num(s.apparent_ea_ev)},
                      {"z_score", num(s.z_score)},
                      {"jump", s.jump},
                      {"decreasing", s.decreasing}});
  }
  json candidates = json::array();
  for (const auto& c : run.candidates) {
    candidates.push_back({{"breakpoints", c.breakpoints},
                          {"model",
                           c.vtf                ? "vtf"
                           : c.breakpoints == 0 ? "line"
                           : c.continuous       ? "continuous"
                                                : "jump"},
                          {"parameters", c.parameters},
                          {"chi_square", num(c.chi_square)},
                          {"bic", num(c.bic)}});
  }
  return {{"cycle", run.cycle},
          {"direction", ec::to_string(run.direction)},
          {"points", run.points.size()},
          {"breakpoints", run.breakpoints},
          {"segments", segments},
          {"transitions", transitions},
          {"bootstrap_p", pair(run.bootstrap_p)},
          {"candidates", candidates},
          {"screen", screen},
          {"usable", run.usable()},
          {"warnings", run.warnings}};
}

ec::TransitionOptions transition_options(const ArrheniusCommand& cmd) {
  ec::TransitionOptions o;
  const auto law = ec::parse_segment_law(cmd.law);
  if (!law) {
    throw InvalidArgument("--law must be arrhenius, arrhenius-t, vtf or auto, got '" + cmd.law +
                          "'");
  }
  o.law = *law;
  const auto breakpoints = ec::parse_breakpoints(cmd.transitions);
  if (!breakpoints) {
    throw InvalidArgument("--transitions must be auto, none, 0, 1 or 2, got '" + cmd.transitions +
                          "'");
  }
  o.breakpoints = *breakpoints;
  o.seed = cmd.seed;
  o.confidence = cmd.confidence;
  o.use_uncertainties = !cmd.ignore_uncertainties;
  return o;
}

void write_plots(const ArrheniusCommand& cmd,
                 const ec::ConductivityAnalysis& analysis,
                 const std::string& sigma_label) {
  namespace pl = eis::plot;
  pl::PlotDir dir(cmd.plot_dir);
  pl::Figure f;
  f.title = "Conductivity against inverse temperature";
  f.x_axis = {.label = "1000/T (1/K)"};
  f.y_axis = {.label = sigma_label + " (S/cm)", .scale = pl::Scale::log10};
  f.top_axis = pl::SecondaryAxis{
      .label = "T (°C)",
      .from_primary = [](double x) { return units::kelvin_to_celsius(1000.0 / x); },
      .to_primary = [](double c) { return 1000.0 / units::celsius_to_kelvin(c); }};
  f.legend = pl::LegendPosition::top_right;
  std::set<int> cycles;
  for (const auto& r : analysis.runs) {
    cycles.insert(r.cycle);
  }
  const auto color_of = [&](int cycle) {
    return pl::cycle_color(
        static_cast<std::size_t>(std::distance(cycles.begin(), cycles.find(cycle))));
  };
  for (const auto& run : analysis.runs) {
    const auto color = color_of(run.cycle);
    pl::Series data{
        .name = "cycle " + std::to_string(run.cycle) +
                (run.direction == ec::Direction::unknown ? std::string()
                                                         : " " + ec::to_string(run.direction)),
        .style = pl::Style::markers,
        .color = color,
        .marker =
            run.direction == ec::Direction::cooling ? pl::Marker::triangle : pl::Marker::circle,
        .filled = run.direction != ec::Direction::cooling};
    for (const auto& p : run.points) {
      data.x.push_back(1000.0 / p.temperature_k);
      data.y.push_back(p.sigma_s_per_cm);
      data.y_error.push_back(std::isfinite(p.sigma_stderr_s_per_cm) ? p.sigma_stderr_s_per_cm
                                                                    : 0.0);
    }
    f.series.push_back(std::move(data));
    for (const auto& s : run.segments) {
      pl::Series fit{.style = pl::Style::line, .color = color};
      for (int i = 0; i <= 40; ++i) {
        const double t = s.t_min_k + (s.t_max_k - s.t_min_k) * i / 40.0;
        const auto pred = s.law == ec::SegmentLaw::vtf && s.vtf ? ec::predict(*s.vtf, t)
                                                                : ec::predict(s.arrhenius, t);
        fit.x.push_back(1000.0 / t);
        fit.y.push_back(pred.sigma_s_per_cm);
      }
      f.series.push_back(std::move(fit));
      const double tm = 0.5 * (s.t_min_k + s.t_max_k);
      const auto pm = s.law == ec::SegmentLaw::vtf && s.vtf ? ec::predict(*s.vtf, tm)
                                                            : ec::predict(s.arrhenius, tm);
      char text[96];
      if (s.law == ec::SegmentLaw::vtf && s.vtf) {
        std::snprintf(text, sizeof text, "VTF T0 = %.0f K", s.vtf->t0_k);
      } else {
        std::snprintf(text, sizeof text, "Ea = %.3f eV", s.arrhenius.ea_ev);
      }
      f.annotations.push_back(
          {.x = 1000.0 / tm, .y = pm.sigma_s_per_cm * 1.6, .text = text, .color = color});
    }
    for (const auto& t : run.transitions) {
      f.vertical_bands.push_back({.x_min = 1000.0 / t.ci_k[1],
                                  .x_max = 1000.0 / t.ci_k[0],
                                  .color = color,
                                  .opacity = 0.18});
      char label[64];
      std::snprintf(label, sizeof label, "Tc %.1f K", t.temperature_k);
      f.reference_lines.push_back(
          {.value = 1000.0 / t.temperature_k, .label = label, .color = color});
    }
  }
  dir.write("arrhenius", f);

  // The derivative view: apparent Ea of each interval against T (METHODS.md §7.4 step 1).
  pl::Figure d;
  d.title = "Apparent activation energy between consecutive points";
  d.x_axis = {.label = "T (K)"};
  d.y_axis = {.label = "apparent Ea (eV)"};
  for (const auto& run : analysis.runs) {
    pl::Series s{.name = "cycle " + std::to_string(run.cycle) + " " + ec::to_string(run.direction),
                 .color = color_of(run.cycle),
                 .filled = run.direction != ec::Direction::cooling};
    for (const auto& i : run.screen) {
      s.x.push_back(0.5 * (i.t_low_k + i.t_high_k));
      s.y.push_back(i.apparent_ea_ev);
    }
    d.series.push_back(std::move(s));
  }
  d.reference_lines.push_back(
      {.orientation = pl::ReferenceLine::Orientation::horizontal, .value = 0.0});
  dir.write("apparent_ea", d);
}

}  // namespace

void register_arrhenius(CLI::App& app, Registry& registry) {
  auto cmd = std::make_shared<ArrheniusCommand>();
  auto* sub = app.add_subcommand(
      "arrhenius",
      "Fit conductivity against temperature (Arrhenius σ or σT, VTF), locate transitions, "
      "hysteresis and cycle-to-cycle changes");
  sub->add_option("table",
                  cmd->table,
                  "CSV with temperature_k (or temperature_c) and a conductivity column in S/cm "
                  "(e.g. the output of `eis series`)")
      ->required();
  sub->add_option("--law",
                  cmd->law,
                  "law per segment: arrhenius (σ), arrhenius-t (σT), vtf, or auto (σT Arrhenius "
                  "or VTF by AICc)")
      ->check(CLI::IsMember({"arrhenius", "arrhenius-t", "vtf", "auto"}))
      ->capture_default_str();
  sub->add_option("--column", cmd->column, "conductivity column (S/cm)")->capture_default_str();
  sub->add_option("--transitions",
                  cmd->transitions,
                  "number of breakpoints: auto (0–2 by BIC + bootstrap), none, or 0, 1, 2")
      ->capture_default_str();
  sub->add_option("--cycle", cmd->cycle, "analyse only this cycle");
  sub->add_option("--format", cmd->format, "output format")
      ->check(CLI::IsMember({"csv", "json"}))
      ->capture_default_str();
  sub->add_option("--plot", cmd->plot_dir, "write SVG plots into this directory");
  sub->add_option("--compare-at",
                  cmd->compare_temperatures_k,
                  "temperatures (K) for the cycle comparison; default: lowest common T")
      ->delimiter(',');
  sub->add_option("--reference-cycle",
                  cmd->reference_cycle,
                  "reference cycle of the comparison (default: the first)");
  sub->add_option("--confidence", cmd->confidence, "confidence level of all intervals")
      ->check(CLI::Range(0.5, 0.999))
      ->capture_default_str();
  sub->add_option("--seed", cmd->seed, "seed of the breakpoint bootstrap")->capture_default_str();
  sub->add_flag(
      "--unweighted", cmd->ignore_uncertainties, "ignore the *_stderr_* column (all weights 1)");
  registry.add(sub, [cmd] { return run_arrhenius(*cmd); });
}

int run_arrhenius(const ArrheniusCommand& cmd) {
  const auto options = transition_options(cmd);
  auto table = ec::read_conductivity_table_file(cmd.table, {.sigma_column = cmd.column});
  for (const auto& w : table.warnings) {
    std::cerr << "eis: warning: " << cmd.table << ": " << w << '\n';
  }
  std::vector<ec::ConductivityPoint> points;
  for (const auto& p : table.points) {
    if (!cmd.cycle || p.cycle == *cmd.cycle) {
      points.push_back(p);
    }
  }
  if (points.empty()) {
    throw InvalidArgument(cmd.table + ": no conductivity points" +
                          (cmd.cycle ? " in cycle " + std::to_string(*cmd.cycle) : std::string()));
  }
  const auto analysis = ec::analyse_conductivity(points, options);

  // Cycle comparison: per direction present with at least two cycles.
  std::vector<ec::CycleComparison> comparisons;
  for (const auto dir : {ec::Direction::heating, ec::Direction::cooling, ec::Direction::unknown}) {
    std::set<int> cycles;
    for (const auto& r : analysis.runs) {
      if (r.direction == dir) {
        cycles.insert(r.cycle);
      }
    }
    if (cycles.size() >= 2) {
      comparisons.push_back(ec::compare_cycles(analysis.runs,
                                               {.temperatures_k = cmd.compare_temperatures_k,
                                                .reference_cycle = cmd.reference_cycle,
                                                .direction = dir}));
    }
  }

  const std::string sigma_label = table.sigma_column.find("bulk") != std::string::npos ? "σ_bulk"
                                  : table.sigma_column.find("total") != std::string::npos
                                      ? "σ_total"
                                      : "σ";
  if (cmd.format == "json") {
    json runs = json::array();
    for (const auto& r : analysis.runs) {
      runs.push_back(run_json(r));
    }
    json comparison = json::array();
    json warnings = table.warnings;
    for (const auto& c : comparisons) {
      for (const auto& e : c.entries) {
        comparison.push_back({{"cycle", e.cycle},
                              {"direction", ec::to_string(c.direction)},
                              {"reference_cycle", e.reference_cycle},
                              {"temperature_k", num(e.temperature_k)},
                              {"sigma_s_per_cm", num(e.sigma_s_per_cm)},
                              {"sigma_ci95_s_per_cm", pair(e.sigma_ci_s_per_cm)},
                              {"sigma_ratio", num(e.sigma_ratio)},
                              {"log10_change_from_previous", num(e.log10_change_from_previous)},
                              {"delta_ea_ev", num(e.delta_ea_ev)},
                              {"delta_transition_k", num(e.delta_transition_k)}});
      }
      for (const auto& w : c.warnings) {
        warnings.push_back(w);
      }
    }
    json hysteresis = json::array();
    for (const auto& h : analysis.hysteresis) {
      hysteresis.push_back({{"cycle", h.cycle},
                            {"heating_transition_k", num(h.heating_transition_k)},
                            {"cooling_transition_k", num(h.cooling_transition_k)},
                            {"hysteresis_k", num(h.hysteresis_k)},
                            {"heating_ci95_k", pair(h.heating_ci_k)},
                            {"cooling_ci95_k", pair(h.cooling_ci_k)}});
    }
    const json doc = {
        {"file", cmd.table},
        {"column", table.sigma_column},
        {"stderr_column", table.stderr_column.empty() ? json(nullptr) : json(table.stderr_column)},
        {"law", cmd.law},
        {"confidence", cmd.confidence},
        {"runs", runs},
        {"cycle_comparison", comparison},
        {"hysteresis", hysteresis},
        {"usable", analysis.usable()},
        {"warnings", warnings}};
    std::cout << doc.dump(2) << '\n';
  } else {
    std::cout << "cycle,direction,segment,t_min_k,t_max_k,points,law,ea_ev,ea_stderr_ev,"
                 "ea_ci95_low_ev,ea_ci95_high_ev,ea_kj_per_mol,log10_prefactor,"
                 "log10_prefactor_stderr,r_squared,t0_k,t0_stderr_k,b_ev,b_k,"
                 "correlation_b_t0,transition_above_k,transition_ci95_low_k,"
                 "transition_ci95_high_k,log10_jump\n";
    for (const auto& r : analysis.runs) {
      for (std::size_t i = 0; i < r.segments.size(); ++i) {
        const auto& s = r.segments[i];
        const bool vtf = s.law == ec::SegmentLaw::vtf && s.vtf.has_value();
        const auto& a = s.arrhenius;
        const ec::Transition* t = i < r.transitions.size() ? &r.transitions[i] : nullptr;
        std::cout << r.cycle << ',' << ec::to_string(r.direction) << ',' << i << ','
                  << csv_num(s.t_min_k) << ',' << csv_num(s.t_max_k) << ',' << s.count << ','
                  << ec::to_string(s.law) << ',' << (vtf ? "" : csv_num(a.ea_ev)) << ','
                  << (vtf ? "" : csv_num(a.ea_stderr_ev)) << ','
                  << (vtf ? "" : csv_num(a.ea_ci_ev[0])) << ','
                  << (vtf ? "" : csv_num(a.ea_ci_ev[1])) << ','
                  << (vtf ? "" : csv_num(a.ea_kj_per_mol)) << ','
                  << csv_num(vtf ? s.vtf->log10_prefactor : a.log10_prefactor) << ','
                  << csv_num(vtf ? s.vtf->log10_prefactor_stderr : a.log10_prefactor_stderr) << ','
                  << csv_num(vtf ? s.vtf->r_squared : a.r_squared) << ','
                  << (vtf ? csv_num(s.vtf->t0_k) : "") << ','
                  << (vtf ? csv_num(s.vtf->t0_stderr_k) : "") << ','
                  << (vtf ? csv_num(s.vtf->b_ev) : "") << ',' << (vtf ? csv_num(s.vtf->b_k) : "")
                  << ',' << (vtf ? csv_num(s.vtf->correlation_b_t0) : "") << ','
                  << (t ? csv_num(t->temperature_k) : "") << ',' << (t ? csv_num(t->ci_k[0]) : "")
                  << ',' << (t ? csv_num(t->ci_k[1]) : "") << ','
                  << (t ? csv_num(t->log10_jump) : "") << '\n';
      }
    }
  }
  for (const auto& r : analysis.runs) {
    for (const auto& w : r.warnings) {
      std::cerr << "eis: warning: cycle " << r.cycle << ' ' << ec::to_string(r.direction) << ": "
                << w << '\n';
    }
  }
  if (!cmd.plot_dir.empty()) {
    write_plots(cmd, analysis, sigma_label);
  }
  return analysis.usable() ? exit_ok : exit_not_usable;
}

}  // namespace eis::cli
