#include "commands/cv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <eis/cv/onset.hpp>
#include <eis/cv/peaks.hpp>
#include <eis/cv/plating.hpp>
#include <eis/error.hpp>
#include <eis/io/read.hpp>

#include "commands/common.hpp"
#include "plot/plot_dir.hpp"

namespace eis::cli {

namespace {

using nlohmann::json;

json optional_json(const std::optional<double>& value) {
  return value ? json(*value) : json(nullptr);
}

std::string optional_csv(const std::optional<double>& value) {
  return value ? format_double(*value) : std::string();
}

double parse_number(std::string_view text, std::string_view what) {
  while (!text.empty() && text.front() == ' ') {
    text.remove_prefix(1);
  }
  while (!text.empty() && text.back() == ' ') {
    text.remove_suffix(1);
  }
  double value = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (result.ec != std::errc{} || result.ptr != text.data() + text.size()) {
    throw InvalidArgument(std::string(what) + ": '" + std::string(text) + "' is not a number");
  }
  return value;
}

std::pair<double, double> parse_window(const std::string& text) {
  const auto comma = text.find(',');
  if (comma == std::string::npos) {
    throw InvalidArgument("--baseline-window: expected LO,HI in V, got '" + text + "'");
  }
  const std::string_view view(text);
  return {parse_number(view.substr(0, comma), "--baseline-window"),
          parse_number(view.substr(comma + 1), "--baseline-window")};
}

// EC-Lab writes "Electrode surface area : 0.001 cm²" when the user never set it (FORMATS.md
// §3.1, §4.3): that value is a placeholder, not an area.
bool is_biologic_placeholder_area(const std::string& reader, const cv::Voltammogram& v) {
  return reader.rfind("biologic", 0) == 0 && v.metadata.area_cm2 &&
         std::abs(*v.metadata.area_cm2 - 0.001) < 1e-12;
}

void write_plots(const CvCommand& cmd,
                 const cv::Voltammogram& v,
                 const cv::StabilityResult& stability,
                 const cv::PeakResult& peaks,
                 std::ostream& err) {
  plot::PlotDir plots(cmd.plot_dir, err);
  // Current density in mA/cm² with an area, else current in mA.
  const std::optional<double> area = stability.area_cm2;
  const double scale = area ? 1e3 / *area : 1e3;
  const std::string y_label = area ? "j (mA/cm²)" : "I (mA)";
  const auto& segmentation = stability.segmentation;

  const auto add_cycles = [&](plot::Figure& fig) {
    std::size_t colour = 0;
    for (const int cycle : segmentation.cycles) {
      plot::Series s;
      s.name = "cycle " + std::to_string(cycle);
      s.style = plot::Style::line;
      s.color = plot::cycle_color(colour++);
      s.line_width = 1.2;
      bool first = true;
      for (const auto& seg : segmentation.segments) {
        if (seg.cycle != cycle) {
          continue;
        }
        for (std::size_t k = first ? seg.begin : seg.begin + 1; k <= seg.end; ++k) {
          s.x.push_back(v.potential_v[k]);
          s.y.push_back(v.current_a[k] * scale);
        }
        first = false;
      }
      fig.series.push_back(std::move(s));
    }
  };
  const auto add_marks = [&](plot::Figure& fig, bool with_threshold) {
    fig.vertical_bands.push_back({.x_min = stability.baseline_window_v.first,
                                  .x_max = stability.baseline_window_v.second,
                                  .label = "baseline window",
                                  .color = "#2ca02c",
                                  .opacity = 0.12});
    const auto mark =
        [&](const std::optional<double>& e, const std::string& label, const std::string& colour) {
          if (e) {
            fig.reference_lines.push_back(
                {.orientation = plot::ReferenceLine::Orientation::vertical,
                 .value = *e,
                 .label = label + " " + format_double(std::round(*e * 1e3) / 1e3) + " V",
                 .color = colour});
          }
        };
    mark(stability.anodic_onset_v, "anodic onset", "#d62728");
    mark(stability.cathodic_onset_v, "cathodic onset", "#9467bd");
    mark(stability.stable_to_v, "stable to", "#2ca02c");
    mark(stability.cathodic_stable_to_v, "stable to", "#2ca02c");
    if (!with_threshold || stability.cycles.empty()) {
      return;
    }
    // Baseline ± threshold of the first cycle, over the range each side examines.
    const auto& c = stability.cycles.front();
    const auto threshold_line = [&](const cv::SideOnset& side,
                                    double sign,
                                    double from,
                                    double to,
                                    const std::string& name) {
      if (!side.swept) {
        return;
      }
      plot::Series s;
      s.name = name;
      s.style = plot::Style::line;
      s.dashed = true;
      s.color = "#555555";
      s.line_width = 1.0;
      for (int q = 0; q <= 50; ++q) {
        const double e = from + (to - from) * q / 50.0;
        s.x.push_back(e);
        s.y.push_back((side.baseline_intercept_a + side.baseline_slope_a_per_v * e +
                       sign * stability.threshold_a) *
                      scale);
      }
      fig.series.push_back(std::move(s));
    };
    threshold_line(c.anodic,
                   +1,
                   stability.baseline_window_v.first,
                   c.anodic.vertex_potential_v,
                   "anodic baseline + threshold");
    threshold_line(c.cathodic,
                   -1,
                   c.cathodic.vertex_potential_v,
                   stability.baseline_window_v.second,
                   "cathodic baseline − threshold");
  };

  plot::Figure full;
  full.title = "Voltammogram: " + std::filesystem::path(cmd.file).filename().string();
  full.x_axis = {.label = "E (V)"};
  full.y_axis = {.label = y_label};
  full.legend = plot::LegendPosition::bottom_right;
  add_cycles(full);
  add_marks(full, false);
  for (const auto& p : peaks.peaks) {
    full.annotations.push_back({.x = p.potential_v,
                                .y = p.raw_current_a * scale,
                                .text = p.direction == cv::SweepDirection::anodic ? "▼" : "▲",
                                .anchor = plot::Annotation::Anchor::middle,
                                .color = "#000000"});
  }
  plots.write("cv", full);

  // Zoom on the onset region: ±10 thresholds around the first cycle's baseline.
  plot::Figure zoom = full;
  zoom.title = "Onset detail (threshold " + format_double(stability.threshold_a) + " A)";
  zoom.series.clear();
  zoom.vertical_bands.clear();
  zoom.reference_lines.clear();
  zoom.annotations.clear();
  add_cycles(zoom);
  add_marks(zoom, true);
  // The y range spans both baselines (at the window centre) plus a few thresholds.
  double low = 0;
  double high = 0;
  if (!stability.cycles.empty()) {
    const auto& c = stability.cycles.front();
    const double mid =
        0.5 * (stability.baseline_window_v.first + stability.baseline_window_v.second);
    const double a = c.anodic.baseline_intercept_a + c.anodic.baseline_slope_a_per_v * mid;
    const double k = c.cathodic.baseline_intercept_a + c.cathodic.baseline_slope_a_per_v * mid;
    std::vector<double> levels;
    if (c.anodic.baseline_fitted) {
      levels.push_back(a);
    }
    if (c.cathodic.baseline_fitted) {
      levels.push_back(k);
    }
    if (!levels.empty()) {
      low = *std::min_element(levels.begin(), levels.end());
      high = *std::max_element(levels.begin(), levels.end());
    }
  }
  zoom.y_axis.min = (std::min(low, high) - 6 * stability.threshold_a) * scale;
  zoom.y_axis.max = (std::max(low, high) + 10 * stability.threshold_a) * scale;
  plots.write("cv_onset", zoom);
}

}  // namespace

void register_cv(CLI::App& app, Registry& registry) {
  auto cmd = std::make_shared<CvCommand>();
  auto* sub = app.add_subcommand(
      "cv",
      "Electrochemical stability window (onsets), peaks and plating/stripping of a "
      "voltammogram (METHODS.md §8)");
  sub->add_option("FILE", cmd->file, "Voltammetry file (any format `eis read` knows)")->required();
  sub->add_option_function<double>(
      "--area-cm2",
      [cmd](const double& a) { cmd->area_cm2 = a; },
      "Working-electrode area in cm² (default: the file's; EC-Lab's placeholder 0.001 cm² "
      "counts as unset)");
  auto* density = sub->add_option_function<double>(
      "--threshold-ma-cm2",
      [cmd](const double& j) { cmd->threshold_ma_cm2 = j; },
      "Onset threshold as current density in mA/cm² above the baseline (default 0.01; needs "
      "an area)");
  auto* absolute = sub->add_option_function<double>(
      "--threshold-a",
      [cmd](const double& i) { cmd->threshold_a = i; },
      "Onset threshold as current in A above the baseline (for records without an area)");
  density->excludes(absolute);
  sub->add_option("--method",
                  cmd->method,
                  "Onset method: threshold or tangent (default "
                  "threshold)")
      ->check(CLI::IsMember({"threshold", "tangent"}));
  sub->add_option("--format",
                  cmd->format,
                  "Output format: csv (one row per cycle) or json "
                  "(default csv)")
      ->check(CLI::IsMember({"csv", "json"}));
  sub->add_option("--plot", cmd->plot_dir, "Write cv.svg and cv_onset.svg into this directory");
  sub->add_option("--reader", cmd->reader, "Force a reader (see `eis read`)");
  sub->add_option(
      "--voltammogram", cmd->voltammogram, "Which voltammogram of the file, 0-based (default 0)");
  sub->add_option_function<std::string>(
      "--baseline-window",
      [cmd](const std::string& w) { cmd->baseline_window = w; },
      "Quiet window LO,HI in V for the capacitive baseline (default: detected)");
  sub->add_option("--consecutive-points",
                  cmd->consecutive_points,
                  "m: consecutive points beyond the threshold for an onset (default 3)");
  sub->add_option("--plating-potential-v",
                  cmd->plating_potential_v,
                  "Plating is cathodic current below this potential in V vs the metal "
                  "(default 0)");
  registry.add(sub, [cmd] { return run_cv(*cmd); });
}

int run_cv(const CvCommand& cmd) {
  return run_cv(cmd, std::cout, std::cerr);
}

int run_cv(const CvCommand& cmd, std::ostream& out, std::ostream& err) {
  io::ReadOptions read_options;
  read_options.reader = cmd.reader;
  const auto read = io::read_file(cmd.file, read_options);
  if (read.voltammograms.empty()) {
    throw InvalidArgument(cmd.file + ": no voltammogram in this file (reader " + read.reader + ")");
  }
  if (cmd.voltammogram < 0 ||
      static_cast<std::size_t>(cmd.voltammogram) >= read.voltammograms.size()) {
    throw InvalidArgument(cmd.file + ": --voltammogram " + std::to_string(cmd.voltammogram) +
                          " is out of range (the file holds " +
                          std::to_string(read.voltammograms.size()) + ")");
  }
  const auto& v = read.voltammograms[static_cast<std::size_t>(cmd.voltammogram)];
  std::vector<std::string> warnings = read.warnings;
  warnings.insert(warnings.end(), v.warnings.begin(), v.warnings.end());

  cv::VoltammogramView view = v;
  if (is_biologic_placeholder_area(read.reader, v)) {
    view.area_cm2.reset();
    warnings.push_back(
        "the file's electrode area 0.001 cm2 is EC-Lab's default placeholder; "
        "it was ignored (give --area-cm2)");
  }
  if (cmd.area_cm2) {
    view.area_cm2 = *cmd.area_cm2;
  }
  if (!cmd.threshold_a && !view.area_cm2) {
    throw InvalidArgument(cmd.file + ": a current-density threshold (--threshold-ma-cm2" +
                          std::string(cmd.threshold_ma_cm2 ? "" : ", default 0.01") +
                          ") needs the electrode area, which the file does not give: pass "
                          "--area-cm2 or use --threshold-a");
  }

  cv::OnsetOptions options;
  options.method = cv::parse_onset_method(cmd.method);
  if (cmd.threshold_ma_cm2) {
    options.threshold_ma_per_cm2 = *cmd.threshold_ma_cm2;
  }
  options.threshold_a = cmd.threshold_a;
  options.consecutive_points = cmd.consecutive_points;
  if (cmd.baseline_window) {
    options.baseline_window_v = parse_window(*cmd.baseline_window);
  }
  const auto stability = cv::stability_window(view, options);
  const auto peaks = cv::find_peaks(view);
  const auto plating =
      cv::plating_stripping(view, {.plating_potential_v = cmd.plating_potential_v});
  warnings.insert(warnings.end(), stability.warnings.begin(), stability.warnings.end());
  for (const auto& c : plating.cycles) {
    if (c.found && !c.message.empty()) {
      warnings.push_back("cycle " + std::to_string(c.cycle) + " plating/stripping: " + c.message);
    }
  }

  if (cmd.format == "json") {
    json doc;
    doc["file"] = cmd.file;
    doc["reader"] = read.reader;
    doc["cycles"] = stability.cycles.size();
    doc["scan_rate_v_per_s"] = stability.scan_rate_v_per_s;
    doc["nominal_scan_rate_v_per_s"] = optional_json(view.scan_rate_v_per_s);
    doc["anodic_onset_v"] = optional_json(stability.anodic_onset_v);
    doc["cathodic_onset_v"] = optional_json(stability.cathodic_onset_v);
    doc["method"] = cv::to_string(stability.method);
    doc["threshold_ma_cm2"] = optional_json(stability.threshold_ma_per_cm2);
    doc["threshold_a"] = stability.threshold_a;
    doc["area_cm2"] = optional_json(stability.area_cm2);
    doc["stable_to_v"] = optional_json(stability.stable_to_v);
    doc["cathodic_stable_to_v"] = optional_json(stability.cathodic_stable_to_v);
    doc["baseline_window_v"] =
        stability.usable
            ? json::array({stability.baseline_window_v.first, stability.baseline_window_v.second})
            : json(nullptr);
    doc["capacitance_f"] = optional_json(stability.capacitance_f);
    json peak_list = json::array();
    for (const auto& p : peaks.peaks) {
      peak_list.push_back({{"potential_v", p.potential_v},
                           {"current_a", p.current_a},
                           {"cycle", p.cycle},
                           {"direction", cv::to_string(p.direction)},
                           {"half_peak_potential_v", optional_json(p.half_peak_potential_v)},
                           {"baseline_current_a", p.baseline_current_a}});
    }
    doc["peaks"] = peak_list;
    json pairs = json::array();
    for (const auto& pair : peaks.pairs) {
      pairs.push_back({{"cycle", pair.cycle},
                       {"anodic_potential_v", peaks.peaks[pair.anodic].potential_v},
                       {"cathodic_potential_v", peaks.peaks[pair.cathodic].potential_v},
                       {"separation_v", pair.separation_v},
                       {"midpoint_v", pair.midpoint_v}});
    }
    doc["peak_pairs"] = pairs;
    json plating_cycles = json::array();
    for (const auto& c : plating.cycles) {
      plating_cycles.push_back(
          {{"cycle", c.cycle},
           {"found", c.found},
           {"plating_charge_c", c.found ? json(c.plating_charge_c) : json(nullptr)},
           {"stripping_charge_c", c.found ? json(c.stripping_charge_c) : json(nullptr)},
           {"coulombic_efficiency", optional_json(c.coulombic_efficiency)},
           {"message", c.message}});
    }
    doc["plating_stripping"] = {
        {"coulombic_efficiency", optional_json(plating.coulombic_efficiency)},
        {"per_cycle", plating_cycles}};
    json per_cycle = json::array();
    for (const auto& c : stability.cycles) {
      per_cycle.push_back({{"cycle", c.cycle},
                           {"anodic_onset_v", optional_json(c.anodic.onset_v)},
                           {"cathodic_onset_v", optional_json(c.cathodic.onset_v)},
                           {"stable_to_v", optional_json(c.anodic.stable_to_v)},
                           {"cathodic_stable_to_v", optional_json(c.cathodic.stable_to_v)},
                           {"scan_rate_v_per_s", c.scan_rate_v_per_s},
                           {"capacitance_f", optional_json(c.capacitance_f)}});
    }
    doc["per_cycle"] = per_cycle;
    doc["usable"] = stability.usable;
    doc["message"] = stability.message;
    doc["warnings"] = warnings;
    out << doc.dump(2) << '\n';
  } else {
    out << "file,cycle,method,threshold_a,threshold_ma_cm2,area_cm2,scan_rate_v_per_s,"
           "anodic_onset_v,cathodic_onset_v,stable_to_v,cathodic_stable_to_v,capacitance_f,"
           "plating_charge_c,stripping_charge_c,coulombic_efficiency\n";
    for (const auto& c : stability.cycles) {
      const cv::PlatingCycle* pc = nullptr;
      for (const auto& p : plating.cycles) {
        if (p.cycle == c.cycle && p.found) {
          pc = &p;
        }
      }
      out << csv_field(cmd.file) << ',' << c.cycle << ',' << cv::to_string(stability.method) << ','
          << format_double(stability.threshold_a) << ','
          << optional_csv(stability.threshold_ma_per_cm2) << ',' << optional_csv(stability.area_cm2)
          << ',' << format_double(c.scan_rate_v_per_s) << ',' << optional_csv(c.anodic.onset_v)
          << ',' << optional_csv(c.cathodic.onset_v) << ',' << optional_csv(c.anodic.stable_to_v)
          << ',' << optional_csv(c.cathodic.stable_to_v) << ',' << optional_csv(c.capacitance_f)
          << ',' << (pc ? format_double(pc->plating_charge_c) : "") << ','
          << (pc ? format_double(pc->stripping_charge_c) : "") << ','
          << (pc ? optional_csv(pc->coulombic_efficiency) : "") << '\n';
    }
  }
  for (const auto& w : warnings) {
    err << "eis: warning: " << w << '\n';
  }
  if (!cmd.plot_dir.empty() && stability.usable) {
    write_plots(cmd, v, stability, peaks, err);
  }
  if (!stability.usable) {
    err << "eis: " << stability.message << '\n';
    return exit_not_usable;
  }
  return exit_ok;
}

}  // namespace eis::cli
