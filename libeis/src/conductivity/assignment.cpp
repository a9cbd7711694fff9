#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>

#include <eis/conductivity/assignment.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>

namespace eis {
namespace {

std::string format_hz(double f) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.3g Hz", f);
  return buffer;
}

double log10_distance(double a, double b) {
  return std::abs(std::log10(a / b));
}

}  // namespace

ArcAssignment assign_fitted_arcs(const CandidateModel& model,
                                 std::span<const double> parameters,
                                 const Eigen::MatrixXd& covariance,
                                 const CellGeometry& geometry,
                                 double max_frequency_hz,
                                 const ArcContext& previous,
                                 const AssignmentOptions& options) {
  if (parameters.size() != model.parameter_count) {
    throw InvalidArgument("assign_fitted_arcs: model " + model.circuit + " has " +
                          eis::detail::to_text(model.parameter_count) + " parameters, got " +
                          eis::detail::to_text(parameters.size()));
  }
  const auto m = static_cast<Eigen::Index>(parameters.size());
  const bool have_cov = covariance.size() > 0;
  if (have_cov && (covariance.rows() != m || covariance.cols() != m)) {
    throw InvalidArgument("assign_fitted_arcs: covariance must be " + eis::detail::to_text(m) +
                          "x" + eis::detail::to_text(m));
  }
  auto cov = [&](std::size_t i, std::size_t j) {
    return have_cov ? covariance(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) : 0.0;
  };
  auto stderr_of = [&](std::size_t i) { return std::sqrt(std::max(cov(i, i), 0.0)); };

  ArcAssignment out;
  out.regime = model.regime;
  std::vector<FittedArc> arcs;
  std::optional<std::size_t> intercept_index;
  for (const ModelComponent& c : model.components) {
    const std::size_t i = c.first_parameter;
    if (c.kind == ComponentKind::series_resistor) {
      intercept_index = i;
      out.intercept = Resistance{parameters[i], stderr_of(i)};
    } else if (c.kind == ComponentKind::arc) {
      const double r = parameters[i];
      const double q = parameters[i + 1];
      const double n = parameters[i + 2];
      if (!(r > 0.0) || !(q > 0.0) || !(n > 1e-6) || n > 1.0 || !std::isfinite(r) ||
          !std::isfinite(q)) {
        out.consistent = false;
        out.warnings.push_back("arc starting at parameter " + eis::detail::to_text(i) +
                               " has invalid values (R, Q > 0 and 0 < n <= 1 needed)");
        continue;
      }
      FittedArc arc;
      arc.r_ohm = r;
      arc.r_stderr_ohm = stderr_of(i);
      arc.q = q;
      arc.n = n;
      arc.r_parameter = i;
      ArcCovariance ac;
      ac.var_r = cov(i, i);
      ac.var_q = cov(i + 1, i + 1);
      ac.var_n = cov(i + 2, i + 2);
      ac.cov_rq = cov(i, i + 1);
      ac.cov_rn = cov(i, i + 2);
      ac.cov_qn = cov(i + 1, i + 2);
      arc.capacitance = effective_capacitance(r, q, n, ac);
      arcs.push_back(arc);
    }
  }
  if (out.intercept && !(out.intercept->value_ohm > 0.0)) {
    out.consistent = false;
    out.warnings.push_back("intercept resistance is not positive");
  }
  // Highest apex frequency first (METHODS.md §6.2 item 5: the highest-frequency arc is bulk).
  std::sort(arcs.begin(), arcs.end(), [](const FittedArc& a, const FittedArc& b) {
    return a.capacitance.apex_frequency_hz > b.capacitance.apex_frequency_hz;
  });

  // Electrode interface (non-blocking cells): the lowest-frequency arc, when its capacitance
  // is interface-like (METHODS.md §6.2, §6.5) or continues the previous interface arc.
  if (model.may_have_interface_arc && !arcs.empty()) {
    const FittedArc& last = arcs.back();
    const double c_spec = last.capacitance.capacitance_f * geometry.cell_constant_per_cm();
    const bool by_class = c_spec >= options.interface_min_specific_capacitance_f_per_cm;
    const bool by_continuity =
        previous.c_interface_f &&
        log10_distance(last.capacitance.capacitance_f, *previous.c_interface_f) < 1.0;
    if (by_class || by_continuity) {
      out.interface_arc = last;
      out.interface_resistance = Resistance{last.r_ohm / 2.0, last.r_stderr_ohm / 2.0};
      arcs.pop_back();
    }
  }

  std::vector<std::size_t> sample_r;  // parameter indices summed into R_total
  if (intercept_index) {
    sample_r.push_back(*intercept_index);
  }
  for (const FittedArc& a : arcs) {
    sample_r.push_back(a.r_parameter);
  }
  const std::size_t features = sample_r.size();
  if (intercept_index && arcs.empty()) {
    out.regime = ModelRegime::intercept_only;
  } else if (intercept_index && arcs.size() == 1) {
    out.regime = ModelRegime::bulk_intercept;
    if (arcs[0].capacitance.apex_frequency_hz <=
        max_frequency_hz / options.intercept_clearance_factor) {
      out.bulk_resistance = out.intercept;
      out.grain_boundary = arcs[0];
    } else {
      out.warnings.push_back(
          "R_bulk and R_gb not reported: the remaining arc reaches the top of the frequency "
          "window, so intercept and arc share the unresolved bulk response (total only)");
    }
  } else if (!intercept_index && arcs.size() == 1) {
    out.regime = ModelRegime::single_arc;
    out.merged = arcs[0];
  } else if (!intercept_index && arcs.size() == 2) {
    out.regime = ModelRegime::two_arcs;
    std::size_t b = 0;
    std::size_t g = 1;
    const double c0 = arcs[0].capacitance.capacitance_f;
    const double c1 = arcs[1].capacitance.capacitance_f;
    if (previous.c_bulk_f && previous.c_gb_f) {
      const double keep =
          log10_distance(c0, *previous.c_bulk_f) + log10_distance(c1, *previous.c_gb_f);
      const double swap =
          log10_distance(c1, *previous.c_bulk_f) + log10_distance(c0, *previous.c_gb_f);
      if (swap + options.continuity_margin_decades < keep) {
        std::swap(b, g);
        out.reordered_by_continuity = true;
        out.warnings.push_back(
            "bulk assigned to the lower-frequency arc: its capacitance continues the previous "
            "spectrum's bulk capacitance");
      }
    }
    if (!out.reordered_by_continuity && c0 > 3.0 * c1) {
      out.warnings.push_back(
          "the high-frequency (bulk) arc has a larger capacitance than the grain-boundary arc");
    }
    out.bulk = arcs[b];
    out.grain_boundary = arcs[g];
  } else {
    out.consistent = false;
    out.warnings.push_back("model " + model.circuit + " resolves " +
                           eis::detail::to_text(features) + " sample features; expected 1 or 2");
  }
  if (out.bulk) {
    out.bulk_resistance = Resistance{out.bulk->r_ohm, out.bulk->r_stderr_ohm};
  }
  if (out.grain_boundary) {
    out.gb_resistance = Resistance{out.grain_boundary->r_ohm, out.grain_boundary->r_stderr_ohm};
  }

  // Total sample resistance with the covariance of its parts (METHODS.md §6.4, §7.1).
  double total = 0.0;
  double variance = 0.0;
  for (const std::size_t i : sample_r) {
    total += parameters[i];
    for (const std::size_t j : sample_r) {
      variance += cov(i, j);
    }
  }
  out.total = Resistance{total, std::sqrt(std::max(variance, 0.0))};

  // Window and degeneracy checks: a model must describe what it claims.
  const double limit = options.apex_window_factor * max_frequency_hz;
  auto check_window = [&](const FittedArc& arc, const char* what) {
    if (arc.capacitance.apex_frequency_hz > limit) {
      out.consistent = false;
      out.warnings.push_back(std::string(what) + " arc apex " +
                             format_hz(arc.capacitance.apex_frequency_hz) +
                             " lies above the frequency window");
    }
  };
  for (const FittedArc& a : arcs) {
    const bool is_bulk = out.bulk && out.bulk->r_parameter == a.r_parameter;
    const bool is_gb = out.grain_boundary && out.grain_boundary->r_parameter == a.r_parameter;
    check_window(a, is_bulk ? "bulk" : is_gb ? "grain-boundary" : "sample");
  }
  std::vector<FittedArc> all_arcs = arcs;
  if (out.interface_arc) {
    all_arcs.push_back(*out.interface_arc);
  }
  for (const FittedArc& a : all_arcs) {
    if (a.n < options.min_arc_exponent) {
      out.consistent = false;
      out.warnings.push_back("arc with CPE exponent n = " + eis::detail::to_text(a.n) +
                             " acts as a resistor, not a relaxation");
    }
    if (a.r_stderr_ohm > options.max_arc_relative_error * a.r_ohm) {
      out.consistent = false;
      out.warnings.push_back("arc resistance " + eis::detail::to_text(a.r_ohm) +
                             " ohm is not identified (standard error " +
                             eis::detail::to_text(a.r_stderr_ohm) + " ohm)");
    }
  }
  auto check_jump = [&](const std::optional<FittedArc>& arc,
                        const std::optional<double>& previous_c,
                        const char* what) {
    if (arc && previous_c &&
        log10_distance(arc->capacitance.capacitance_f, *previous_c) >
            options.max_capacitance_jump_decades) {
      out.consistent = false;
      out.warnings.push_back(std::string(what) + " capacitance " +
                             eis::detail::to_text(arc->capacitance.capacitance_f) +
                             " F breaks continuity with the previous spectrum's " +
                             eis::detail::to_text(*previous_c) + " F");
    }
  };
  check_jump(out.bulk, previous.c_bulk_f, "bulk");
  check_jump(out.grain_boundary, previous.c_gb_f, "grain-boundary");
  for (const FittedArc& a : arcs) {
    if (total > 0.0 && a.r_ohm < options.min_arc_fraction * total) {
      out.consistent = false;
      out.warnings.push_back("degenerate arc: R = " + eis::detail::to_text(a.r_ohm) +
                             " ohm is a negligible part of the sample resistance");
    }
  }
  return out;
}

}  // namespace eis
