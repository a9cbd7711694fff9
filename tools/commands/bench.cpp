#include "commands/bench.hpp"

#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include <eis/fit/self_timing.hpp>

#include "commands/common.hpp"

namespace eis::cli {

void register_bench(CLI::App& app, Registry& registry) {
  auto cmd = std::make_shared<BenchCommand>();
  CLI::App* sub = app.add_subcommand(
      "bench",
      "time circuit evaluation, Jacobian, a hand-written reference kernel and a fit on this "
      "machine");
  sub->add_option("--circuit", cmd->circuit, "circuit to time (impedance.py or CDC syntax)")
      ->default_val(cmd->circuit);
  sub->add_option("--points", cmd->points, "frequencies per evaluation")
      ->check(CLI::PositiveNumber)
      ->default_val(cmd->points);
  sub->add_option("--seconds", cmd->seconds, "wall-clock seconds spent per timed quantity")
      ->check(CLI::PositiveNumber)
      ->default_val(cmd->seconds);
  sub->add_option("--threads", cmd->threads, "threads of the batch fit (1: serial)")
      ->check(CLI::NonNegativeNumber)
      ->default_val(cmd->threads);
  sub->add_option("--format", cmd->format, "output: csv (header + one row) or json")
      ->check(CLI::IsMember({"csv", "json"}))
      ->default_val("csv");
  registry.add(sub, [cmd] { return run_bench(*cmd); });
}

int run_bench(const BenchCommand& cmd) {
  const SelfTimingResult r = measure_performance({.circuit = cmd.circuit,
                                                  .points = cmd.points,
                                                  .seconds_per_measurement = cmd.seconds,
                                                  .threads = cmd.threads});
  if (cmd.format == "json") {
    nlohmann::json j;
    j["circuit"] = r.circuit;
    j["points"] = r.points;
    j["parameters"] = r.parameters;
    j["evaluate_ns_per_point"] = r.evaluate_ns_per_point;
    j["evaluate_with_log_ns_per_point"] = r.evaluate_with_log_ns_per_point;
    j["reference_ns_per_point"] = r.reference_ns_per_point;
    j["ratio_to_reference"] = r.ratio_to_reference;
    j["jacobian_ns_per_point"] = r.jacobian_ns_per_point;
    j["fit_ms_per_spectrum"] = r.fit_ms_per_spectrum;
    j["fit_evaluations"] = r.fit_evaluations;
    j["fit_usable"] = r.fit_usable;
    j["threads"] = r.threads;
    std::cout << j.dump(2) << '\n';
    return 0;
  }
  std::cout << "circuit,points,parameters,evaluate_ns_per_point,evaluate_with_log_ns_per_point,"
               "reference_ns_per_point,"
               "ratio_to_reference,jacobian_ns_per_point,fit_ms_per_spectrum,fit_evaluations,"
               "fit_usable,threads\n"
            << csv_field(r.circuit) << ',' << r.points << ',' << r.parameters << ','
            << format_double(r.evaluate_ns_per_point) << ','
            << format_double(r.evaluate_with_log_ns_per_point) << ','
            << format_double(r.reference_ns_per_point) << ',' << format_double(r.ratio_to_reference)
            << ',' << format_double(r.jacobian_ns_per_point) << ','
            << format_double(r.fit_ms_per_spectrum) << ',' << r.fit_evaluations << ','
            << (r.fit_usable ? "true" : "false") << ',' << r.threads << '\n';
  return 0;
}

}  // namespace eis::cli
