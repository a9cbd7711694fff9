#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <eis/circuit/circuit.hpp>
#include <eis/conductivity/arrhenius.hpp>
#include <eis/conductivity/tracker.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>
#include <eis/fit/cnls.hpp>
#include <eis/units.hpp>

namespace eis {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// An R‖CPE arc described by R, its Hsu–Mansfeld capacitance and n (capacitances change
/// little with temperature, so this is the form that is carried from spectrum to spectrum).
struct ArcValues {
  double r = 0.0;
  double c = 0.0;
  double n = 1.0;
  double r_stderr = 0.0;  ///< Ω, 0 when unknown
};

/// What one fitted spectrum of a run leaves for the next one.
struct History {
  double temperature_k = 0.0;
  std::optional<ArcValues> bulk;
  std::optional<ArcValues> gb;
  std::optional<ArcValues> merged;
  std::optional<ArcValues> interface_arc;
  std::optional<double> r_bulk;   // bulk resistance (arc or intercept)
  std::optional<double> r_total;  // sample resistance
  // Standard errors (Ω) of the resistances, 0 when unknown; they weight the Arrhenius fit.
  double r_bulk_stderr = 0.0;
  double r_total_stderr = 0.0;
  std::optional<std::pair<double, double>> spike;  // Q, n of the blocking CPE
};

ArcValues arc_values(const FittedArc& a) {
  return {a.r_ohm, a.capacitance.capacitance_f, a.n, a.r_stderr_ohm};
}

/// Q of an R‖CPE arc with capacitance C: Q = C^n·R^{n−1} (inverse of METHODS.md §1.2).
double q_from_capacitance(double r, double c, double n) {
  return std::pow(c, n) * std::pow(r, n - 1.0);
}

double clamp_exponent(double n) {
  return std::clamp(n, 0.3, 1.0);
}

}  // namespace

struct SeriesTracker::RunState {
  std::vector<History> history;
  ArcContext context;
};

struct SeriesTracker::Models {
  std::vector<CandidateModel> candidates;
  std::vector<Circuit> circuits;
};

namespace {

/// Activation energy (eV) of quantity `get` along the run so far: a weighted σT-Arrhenius fit
/// (METHODS.md §7.2, form 2: R ∝ T·exp(E_a/k_BT), i.e. σ ∝ 1/R) of all the run's values, with
/// weights from their standard errors (relative scale); the exact line through two points
/// when there are only two temperatures; nullopt before that or when the fit fails.
template <typename Get>
std::optional<double> run_activation_energy(const std::vector<History>& history, Get get) {
  std::vector<conductivity::ConductivityPoint> points;
  for (const History& h : history) {
    const auto r = get(h);
    if (r && r->first > 0.0 && std::isfinite(r->first)) {
      // σ ∝ 1/R (the cell constant does not change E_a); δσ/σ = δR/R.
      const double se = r->second > 0.0 && std::isfinite(r->second) ? r->second / r->first : nan;
      points.push_back({h.temperature_k, 1.0 / r->first, se / r->first, 1, Direction::unknown});
    }
  }
  std::vector<double> temperatures;
  for (const auto& p : points) {
    temperatures.push_back(p.temperature_k);
  }
  std::sort(temperatures.begin(), temperatures.end());
  const auto distinct = static_cast<std::size_t>(
      std::unique(temperatures.begin(), temperatures.end()) - temperatures.begin());
  if (distinct < 2) {
    return std::nullopt;
  }
  const double k = units::boltzmann_ev_per_k;
  if (points.size() == 2) {
    const auto& a = points[0];
    const auto& b = points[1];
    return -k *
           (std::log(b.sigma_s_per_cm * b.temperature_k) -
            std::log(a.sigma_s_per_cm * a.temperature_k)) /
           (1.0 / b.temperature_k - 1.0 / a.temperature_k);
  }
  const auto fit = conductivity::fit_arrhenius(points);  // σT form, relative weights
  if (!fit.usable() || !std::isfinite(fit.ea_ev)) {
    return std::nullopt;
  }
  return fit.ea_ev;
}

/// Resistance of quantity `get` carried from the run's history to temperature `t`: the last
/// value scaled by the σT-Arrhenius law (R ∝ T·exp(E_a/k_BT), METHODS.md §7.2 form 2) with
/// E_a from the weighted fit over the run so far (run_activation_energy), or the default
/// before there are two temperatures.
template <typename Get>
std::optional<double> extrapolate(const std::vector<History>& history,
                                  Get get,
                                  double t,
                                  double default_ea_ev) {
  std::optional<std::pair<double, double>> last;
  for (auto it = history.rbegin(); it != history.rend(); ++it) {
    const auto r = get(*it);
    if (r && r->first > 0.0 && std::isfinite(r->first)) {
      last = std::pair{it->temperature_k, r->first};
      break;
    }
  }
  if (!last) {
    return std::nullopt;
  }
  const double k = units::boltzmann_ev_per_k;
  double ea = default_ea_ev;
  if (const auto fitted = run_activation_energy(history, get)) {
    // Keep the step physical: a jump (transition) or noise must not send the start off by
    // decades; the automatic start covers what the extrapolation misses.
    ea = std::clamp(*fitted, 0.05, 2.0);
  }
  const auto [t1, r1] = *last;
  return r1 * (t / t1) * std::exp(ea / k * (1.0 / t - 1.0 / t1));
}

using Measured = std::optional<std::pair<double, double>>;  // (value, stderr) in Ω

/// Initial values of `model` at temperature t from the run's history; nullopt when the
/// history lacks a part the model needs.
std::optional<std::vector<double>> history_start(const CandidateModel& model,
                                                 const std::vector<History>& history,
                                                 double t,
                                                 const Cell& cell,
                                                 double default_ea_ev) {
  if (history.empty()) {
    return std::nullopt;
  }
  const History& prev = history.back();
  auto extra = [&](auto get) { return extrapolate(history, get, t, default_ea_ev); };
  const auto r_bulk = extra([](const History& h) -> Measured {
    return h.r_bulk ? Measured(std::pair{*h.r_bulk, h.r_bulk_stderr}) : std::nullopt;
  });
  const auto r_total = extra([](const History& h) -> Measured {
    return h.r_total ? Measured(std::pair{*h.r_total, h.r_total_stderr}) : std::nullopt;
  });
  const auto r_gb = extra([](const History& h) -> Measured {
    return h.gb ? Measured(std::pair{h.gb->r, h.gb->r_stderr}) : std::nullopt;
  });
  const auto r_int = extra([](const History& h) -> Measured {
    return h.interface_arc ? Measured(std::pair{h.interface_arc->r, h.interface_arc->r_stderr})
                           : std::nullopt;
  });

  // The arcs the model has, in circuit order (highest frequency first).
  std::vector<std::optional<ArcValues>> arcs;
  std::size_t arc_count = 0;
  bool has_intercept = false;
  for (const ModelComponent& c : model.components) {
    arc_count += c.kind == ComponentKind::arc ? 1 : 0;
    has_intercept = has_intercept || c.kind == ComponentKind::series_resistor;
  }
  // The last arc continues the previous interface arc when there was one (non-blocking).
  const bool interface_last =
      model.may_have_interface_arc && arc_count >= 1 && prev.interface_arc.has_value();
  const std::size_t sample_arcs = arc_count - (interface_last ? 1 : 0);
  std::optional<double> intercept;
  // Bulk arc with a capacitance from history, or ε_r = 20 times the empty cell (§6.3).
  auto bulk_arc = [&]() -> std::optional<ArcValues> {
    if (!r_bulk) {
      return std::nullopt;
    }
    if (prev.bulk) {
      return ArcValues{*r_bulk, prev.bulk->c, prev.bulk->n};
    }
    return ArcValues{*r_bulk, 20.0 * cell.geometry.empty_cell_capacitance_f(), 0.9};
  };
  auto gb_arc = [&]() -> std::optional<ArcValues> {
    if (!r_gb || !prev.gb) {
      return std::nullopt;
    }
    return ArcValues{*r_gb, prev.gb->c, prev.gb->n};
  };
  auto merged_arc = [&]() -> std::optional<ArcValues> {
    if (!r_total) {
      return std::nullopt;
    }
    if (prev.merged) {
      return ArcValues{*r_total, prev.merged->c, prev.merged->n};
    }
    if (prev.bulk && prev.gb) {
      // τ-weighted capacitance of the two arcs that merge.
      const double rb = prev.bulk->r;
      const double rg = prev.gb->r;
      const double c = (rb * prev.bulk->c + rg * prev.gb->c) / (rb + rg);
      return ArcValues{*r_total, c, std::min(prev.bulk->n, prev.gb->n)};
    }
    if (prev.gb) {
      return ArcValues{*r_total, prev.gb->c, prev.gb->n};
    }
    return std::nullopt;
  };
  if (has_intercept) {
    intercept = sample_arcs == 0 ? r_total : r_bulk;
    if (sample_arcs == 1) {
      arcs.push_back(gb_arc());
    }
  } else if (sample_arcs == 2) {
    arcs.push_back(bulk_arc());
    arcs.push_back(gb_arc());
  } else if (sample_arcs == 1) {
    arcs.push_back(merged_arc());
  }
  if (interface_last) {
    if (!r_int) {
      return std::nullopt;
    }
    arcs.push_back(ArcValues{*r_int, prev.interface_arc->c, prev.interface_arc->n});
  }

  std::vector<double> p(model.parameter_count, nan);
  std::size_t next_arc = 0;
  for (const ModelComponent& c : model.components) {
    const std::size_t i = c.first_parameter;
    switch (c.kind) {
      case ComponentKind::series_resistor:
        if (!intercept) {
          return std::nullopt;
        }
        p[i] = *intercept;
        break;
      case ComponentKind::arc: {
        if (next_arc >= arcs.size() || !arcs[next_arc]) {
          return std::nullopt;
        }
        const ArcValues a = *arcs[next_arc++];
        const double n = clamp_exponent(a.n);
        p[i] = a.r;
        p[i + 1] = q_from_capacitance(a.r, a.c, n);
        p[i + 2] = n;
        break;
      }
      case ComponentKind::cpe:
        if (!prev.spike) {
          return std::nullopt;
        }
        p[i] = prev.spike->first;
        p[i + 1] = clamp_exponent(prev.spike->second);
        break;
    }
  }
  for (const double v : p) {
    if (!std::isfinite(v) || !(v > 0.0)) {
      return std::nullopt;
    }
  }
  return p;
}

double criterion_of(const FitResult& fit, InformationCriterion criterion) {
  switch (criterion) {
    case InformationCriterion::aic:
      return fit.aic;
    case InformationCriterion::aicc:
      return fit.aicc;
    case InformationCriterion::bic:
      return fit.bic;
  }
  return fit.aic;
}

/// Fills the row from the chosen model's assignment (METHODS.md §6.4, §6.5, §7.1).
void fill_row(ConductivityRow& row,
              const FitResult& fit,
              const ArcAssignment& a,
              const CellGeometry& geometry) {
  auto positive = [](double x) { return std::isfinite(x) && x > 0.0; };
  auto se_or_zero = [](double x) { return std::isfinite(x) && x >= 0.0 ? x : 0.0; };
  if (a.bulk_resistance && positive(a.bulk_resistance->value_ohm)) {
    row.r_bulk_ohm = a.bulk_resistance->value_ohm;
    row.r_bulk_stderr_ohm = se_or_zero(a.bulk_resistance->stderr_ohm);
    const auto s = conductivity_from_resistance(*row.r_bulk_ohm, *row.r_bulk_stderr_ohm, geometry);
    row.sigma_bulk_s_per_cm = s.sigma_s_per_cm;
    row.sigma_bulk_stderr_s_per_cm = s.stderr_s_per_cm;
  }
  if (a.bulk) {
    row.c_bulk_f = a.bulk->capacitance.capacitance_f;
  }
  if (a.gb_resistance && positive(a.gb_resistance->value_ohm)) {
    row.r_gb_ohm = a.gb_resistance->value_ohm;
    row.r_gb_stderr_ohm = se_or_zero(a.gb_resistance->stderr_ohm);
    const auto s = conductivity_from_resistance(*row.r_gb_ohm, *row.r_gb_stderr_ohm, geometry);
    row.sigma_gb_s_per_cm = s.sigma_s_per_cm;
    row.sigma_gb_stderr_s_per_cm = s.stderr_s_per_cm;
    if (a.grain_boundary) {
      row.c_gb_f = a.grain_boundary->capacitance.capacitance_f;
    }
    if (a.bulk && a.grain_boundary) {
      const auto sp = specific_grain_boundary_conductivity(
          {*row.r_gb_ohm, *row.r_gb_stderr_ohm},
          a.bulk->capacitance.capacitance_f,
          a.grain_boundary->capacitance.capacitance_f,
          geometry,
          se_or_zero(a.bulk->capacitance.relative_stderr),
          se_or_zero(a.grain_boundary->capacitance.relative_stderr));
      row.sigma_gb_specific_s_per_cm = sp.sigma_s_per_cm;
      row.sigma_gb_specific_stderr_s_per_cm = sp.stderr_s_per_cm;
    }
  }
  if (positive(a.total.value_ohm)) {
    row.r_total_ohm = a.total.value_ohm;
    row.r_total_stderr_ohm = se_or_zero(a.total.stderr_ohm);
    const auto s =
        conductivity_from_resistance(*row.r_total_ohm, *row.r_total_stderr_ohm, geometry);
    row.sigma_total_s_per_cm = s.sigma_s_per_cm;
    row.sigma_total_stderr_s_per_cm = s.stderr_s_per_cm;
  }
  if (a.interface_resistance && positive(a.interface_resistance->value_ohm)) {
    row.r_interface_ohm = a.interface_resistance->value_ohm;
    row.r_interface_stderr_ohm = se_or_zero(a.interface_resistance->stderr_ohm);
    row.c_interface_f = a.interface_arc->capacitance.capacitance_f;
  }
  row.regime = to_string(a.regime);
  row.aic = fit.aic;
  row.chi_square = fit.chi_square;
  row.parameter_names = fit.names;
  row.parameters.assign(fit.parameters.data(), fit.parameters.data() + fit.parameters.size());
  row.warnings = fit.warnings;
  row.warnings.insert(row.warnings.end(), a.warnings.begin(), a.warnings.end());
}

}  // namespace

SeriesTracker::SeriesTracker(Cell cell, SeriesOptions options)
    : cell_(std::move(cell)), options_(std::move(options)), models_(std::make_unique<Models>()) {
  if (auto why = options_.validate()) {
    throw InvalidArgument("invalid series options: " + *why);
  }
  if (auto why = cell_.geometry.validate()) {
    throw InvalidArgument("invalid cell geometry: " + *why);
  }
  for (const CandidateModel& m : cell_.candidate_models()) {
    if (!options_.regimes.empty() &&
        std::find(options_.regimes.begin(), options_.regimes.end(), m.regime) ==
            options_.regimes.end()) {
      continue;
    }
    models_->candidates.push_back(m);
    models_->circuits.push_back(parse_circuit(m.circuit));
    if (models_->circuits.back().parameter_count() != m.parameter_count) {
      throw InvalidArgument("internal: candidate " + m.circuit + " parameter count mismatch");
    }
  }
  if (models_->candidates.empty()) {
    throw InvalidArgument("no candidate model left by SeriesOptions::regimes");
  }
}

SeriesTracker::~SeriesTracker() = default;
SeriesTracker::SeriesTracker(SeriesTracker&&) noexcept = default;
SeriesTracker& SeriesTracker::operator=(SeriesTracker&&) noexcept = default;

const SpectrumAnalysis& SeriesTracker::last() const {
  if (!last_) {
    throw InvalidArgument("SeriesTracker::last(): no spectrum was added yet");
  }
  return *last_;
}

std::optional<conductivity::ArrheniusResult> SeriesTracker::arrhenius(
    int cycle,
    Direction direction,
    SigmaKind kind,
    const conductivity::ArrheniusOptions& options) const {
  std::vector<conductivity::ConductivityPoint> points;
  for (const ConductivityRow& row : rows_) {
    const auto& sigma =
        kind == SigmaKind::total ? row.sigma_total_s_per_cm : row.sigma_bulk_s_per_cm;
    const auto& se =
        kind == SigmaKind::total ? row.sigma_total_stderr_s_per_cm : row.sigma_bulk_stderr_s_per_cm;
    if (row.cycle != cycle || row.direction != direction || !row.usable || !sigma) {
      continue;
    }
    points.push_back({row.temperature_k, *sigma, se.value_or(nan), cycle, direction});
  }
  std::vector<double> temperatures;
  for (const auto& p : points) {
    temperatures.push_back(p.temperature_k);
  }
  std::sort(temperatures.begin(), temperatures.end());
  temperatures.erase(std::unique(temperatures.begin(), temperatures.end()), temperatures.end());
  if (points.size() < 3 || temperatures.size() < 2) {
    return std::nullopt;
  }
  return conductivity::fit_arrhenius(points, options);
}

RunComparison SeriesTracker::compare(const RunComparisonOptions& options) const {
  const auto runs = group_runs(rows_);
  return compare_runs(runs, options);
}

ConductivityRow SeriesTracker::add(
    SpectrumView spectrum, double temperature_k, int cycle, Direction direction, std::string file) {
  validate_spectrum(spectrum, 8);
  if (!std::isfinite(temperature_k) || temperature_k <= 0.0) {
    throw InvalidArgument("temperature must be finite and > 0 K, got " +
                          eis::detail::to_text(temperature_k) +
                          (file.empty() ? "" : " for " + file));
  }
  auto& slot = runs_[{cycle, static_cast<int>(direction)}];
  if (!slot) {
    slot = std::make_unique<RunState>();
  }
  RunState& run = *slot;
  const double f_max =
      *std::max_element(spectrum.frequency_hz.begin(), spectrum.frequency_hz.end());

  auto analysis = std::make_unique<SpectrumAnalysis>();
  struct Tried {
    FitResult fit;
    ArcAssignment assignment;
    bool eligible = false;
    double criterion = nan;
  };
  std::vector<Tried> tried;
  tried.reserve(models_->candidates.size());
  for (std::size_t k = 0; k < models_->candidates.size(); ++k) {
    const CandidateModel& model = models_->candidates[k];
    const Circuit& circuit = models_->circuits[k];
    std::optional<FitResult> best;
    bool best_from_neighbour = false;
    const auto start = history_start(
        model, run.history, temperature_k, cell_, options_.default_activation_energy_ev);
    if (start) {
      try {
        best = fit_circuit(circuit, spectrum, *start, options_.fit);
        best_from_neighbour = true;
      } catch (const InvalidArgument&) {
        best.reset();  // a start outside the bounds: fall back to the automatic one
      }
    }
    if (!best || !best->usable() || options_.try_automatic_start) {
      FitResult automatic = fit_circuit(circuit, spectrum, {}, options_.fit);
      const bool better =
          !best || (automatic.usable() && !best->usable()) ||
          (automatic.usable() == best->usable() && automatic.chi_square < best->chi_square);
      if (better) {
        best = std::move(automatic);
        best_from_neighbour = false;
      }
    }
    Tried t;
    t.fit = std::move(*best);
    const std::vector<double> params(t.fit.parameters.data(),
                                     t.fit.parameters.data() + t.fit.parameters.size());
    t.assignment = assign_fitted_arcs(
        model, params, t.fit.covariance, cell_.geometry, f_max, run.context, options_.assignment);
    t.criterion = criterion_of(t.fit, options_.criterion);
    t.eligible = t.fit.usable() && t.assignment.consistent && std::isfinite(t.criterion);
    CandidateOutcome outcome;
    outcome.circuit = model.circuit;
    outcome.regime = t.assignment.regime;
    outcome.usable = t.fit.usable();
    outcome.consistent = t.assignment.consistent;
    outcome.from_neighbour = best_from_neighbour;
    outcome.criterion = t.criterion;
    outcome.chi_square = t.fit.chi_square;
    outcome.note = !t.fit.usable() ? t.fit.message
                   : !t.assignment.consistent
                       ? (t.assignment.warnings.empty() ? std::string("inconsistent arcs")
                                                        : t.assignment.warnings.back())
                       : std::string();
    analysis->candidates.push_back(outcome);
    tried.push_back(std::move(t));
  }

  // Model choice (METHODS.md §3.6): among eligible models, the one with the fewest parameters
  // whose criterion is within the margin of the best; ties go to the lower criterion.
  std::optional<std::size_t> chosen;
  double best_criterion = std::numeric_limits<double>::infinity();
  for (std::size_t k = 0; k < tried.size(); ++k) {
    if (tried[k].eligible) {
      best_criterion = std::min(best_criterion, tried[k].criterion);
    }
  }
  for (std::size_t k = 0; k < tried.size(); ++k) {
    if (!tried[k].eligible || tried[k].criterion > best_criterion + options_.criterion_margin) {
      continue;
    }
    if (!chosen) {
      chosen = k;
      continue;
    }
    const auto pk = models_->candidates[k].parameter_count;
    const auto pc = models_->candidates[*chosen].parameter_count;
    if (pk < pc || (pk == pc && tried[k].criterion < tried[*chosen].criterion)) {
      chosen = k;
    }
  }
  bool usable = chosen.has_value();
  if (!chosen) {
    // Nothing eligible: report the lowest-χ² attempt, marked not usable.
    std::size_t k_best = 0;
    for (std::size_t k = 1; k < tried.size(); ++k) {
      const double a = tried[k].fit.chi_square;
      const double b = tried[k_best].fit.chi_square;
      if (std::isfinite(a) && (!std::isfinite(b) || a < b)) {
        k_best = k;
      }
    }
    chosen = k_best;
  }
  Tried& pick = tried[*chosen];
  const CandidateModel& model = models_->candidates[*chosen];

  ConductivityRow& row = analysis->row;
  row.file = std::move(file);
  row.cycle = cycle;
  row.direction = direction;
  row.temperature_k = temperature_k;
  row.model = model.circuit;
  fill_row(row, pick.fit, pick.assignment, cell_.geometry);
  row.usable = usable && row.sigma_total_s_per_cm.has_value();
  row.message = row.usable
                    ? "model " + model.circuit + " chosen by " + to_string(options_.criterion) +
                          " among " + eis::detail::to_text(tried.size()) + " candidates"
                    : "no candidate model converged with arcs consistent with the data";

  if (row.usable) {
    History h;
    h.temperature_k = temperature_k;
    const ArcAssignment& a = pick.assignment;
    if (a.bulk) {
      h.bulk = arc_values(*a.bulk);
    }
    if (a.grain_boundary) {
      h.gb = arc_values(*a.grain_boundary);
    }
    if (a.merged) {
      h.merged = arc_values(*a.merged);
    }
    if (a.interface_arc) {
      h.interface_arc = arc_values(*a.interface_arc);
    }
    h.r_bulk = row.r_bulk_ohm;
    h.r_total = row.r_total_ohm;
    h.r_bulk_stderr = row.r_bulk_stderr_ohm.value_or(0.0);
    h.r_total_stderr = row.r_total_stderr_ohm.value_or(0.0);
    for (const ModelComponent& c : model.components) {
      if (c.kind == ComponentKind::cpe) {
        h.spike = std::pair{pick.fit.parameters[static_cast<Eigen::Index>(c.first_parameter)],
                            pick.fit.parameters[static_cast<Eigen::Index>(c.first_parameter + 1)]};
      }
    }
    run.history.push_back(h);
    if (a.bulk) {
      run.context.c_bulk_f = a.bulk->capacitance.capacitance_f;
    }
    if (a.grain_boundary) {
      run.context.c_gb_f = a.grain_boundary->capacitance.capacitance_f;
    }
    if (a.interface_arc) {
      run.context.c_interface_f = a.interface_arc->capacitance.capacitance_f;
    }
  }
  analysis->fit = std::move(pick.fit);
  analysis->assignment = std::move(pick.assignment);
  rows_.push_back(row);
  last_ = std::move(analysis);
  return rows_.back();
}

}  // namespace eis
