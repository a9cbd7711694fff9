/// @file
/// Fitting a temperature series (issue 7, METHODS.md §6–§7): every spectrum is fitted with the
/// candidate models of its cell (cell.hpp), in temperature order within each run, each start
/// carried over from the previous spectrum of the run and scaled by an Arrhenius extrapolation
/// (automatic initial values as the fallback); the model is chosen by an information criterion
/// among those whose arcs are consistent with the frequency window (assignment.hpp), arcs are
/// assigned by frequency order, capacitance and continuity, and resistances become
/// conductivities with propagated uncertainties (conductivity.hpp). Independent runs can be
/// fitted in parallel with identical results.
#pragma once

#include <cstddef>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <eis/conductivity/assignment.hpp>
#include <eis/conductivity/cell.hpp>
#include <eis/conductivity/row.hpp>
#include <eis/conductivity/runs.hpp>
#include <eis/conductivity/tied_fit.hpp>
#include <eis/fit/options.hpp>
#include <eis/fit/result.hpp>
#include <eis/spectrum.hpp>

namespace eis {

/// Information criterion used to choose between candidate models (METHODS.md §3.6).
enum class InformationCriterion { aic, aicc, bic };
[[nodiscard]] std::string to_string(InformationCriterion criterion);
/// @throws eis::InvalidArgument unless "aic", "aicc" or "bic".
[[nodiscard]] InformationCriterion parse_information_criterion(std::string_view text);

/// Reported after each spectrum (on the calling thread, also when runs are fitted in parallel).
struct SeriesProgress {
  std::size_t done = 0;   ///< spectra finished so far
  std::size_t total = 0;  ///< spectra in the series
  std::string file;       ///< the spectrum just finished
  double temperature_k = 0.0;
};

/// Options for fit_series() and SeriesTracker.
struct SeriesOptions {
  /// Options of every fit_circuit() call (modulus weighting by default, METHODS.md §3.2).
  FitOptions fit = {};
  /// AIC, as METHODS.md §3.6 and the fitting issue report it.
  InformationCriterion criterion = InformationCriterion::aic;
  /// A model with more parameters is chosen only when it lowers the criterion by more than
  /// this; METHODS.md §3.6 suggests 2–6, the low end keeps resolvable arcs.
  double criterion_margin = 2.0;
  /// Window, interface and continuity rules of the arc assignment.
  AssignmentOptions assignment = {};
  /// Activation energy (eV) used to carry resistances to the next temperature until a run has
  /// fitted spectra at two temperatures (then a weighted Arrhenius fit over the run so far
  /// gives it); 0.5 eV is mid-range for solid electrolytes (METHODS.md §10.1).
  double default_activation_energy_ev = 0.5;
  /// Also fit every candidate from automatic initial values and keep the lower χ²: robust
  /// across jumps (phase transitions) the extrapolation cannot predict, at twice the cost.
  bool try_automatic_start = true;
  /// Candidate regimes to try; empty = all of the cell's candidates.
  std::vector<ModelRegime> regimes = {};
  /// Also fit each run at once with R_bulk(T) tied to the σT-Arrhenius law (RelaxIS-style
  /// multi-fit, issue 7 item 3; tied_fit.hpp), started from the per-spectrum fits. Off by
  /// default: it only makes sense when the bulk follows one Arrhenius law over the tied range,
  /// which a phase transition inside the run breaks (restrict it with tied_t_min_k/max_k).
  /// The per-spectrum rows are unchanged; the tied results are in SeriesResult::tied.
  bool tied_bulk_arrhenius = false;
  /// Temperature range (K, inclusive) of the spectra tied together; the default is all.
  double tied_t_min_k = 0.0;
  double tied_t_max_k = std::numeric_limits<double>::infinity();
  /// Options of the tied Levenberg–Marquardt fit.
  TiedFitOptions tied = {};
  /// Worker threads of fit_series(): runs (cycle, direction) are fitted in parallel, each run
  /// in temperature order, so results do not depend on this. 1 = the calling thread only,
  /// since embedders own their threads.
  int threads = 1;
  /// Called on the calling thread after each spectrum.
  std::function<void(const SeriesProgress&)> on_progress = {};

  /// Why these options are invalid, or nullopt.
  [[nodiscard]] std::optional<std::string> validate() const;
};

/// How one candidate model did on one spectrum.
struct CandidateOutcome {
  std::string circuit;
  ModelRegime regime = ModelRegime::two_arcs;
  bool usable = false;          ///< the fit converged
  bool consistent = false;      ///< the assignment accepted the model (window, degeneracy)
  bool from_neighbour = false;  ///< the kept fit started from the previous spectrum's result
  double criterion = 0.0;       ///< value of SeriesOptions::criterion (NaN if not usable)
  double chi_square = 0.0;
  std::string note;  ///< why it was not consistent, or the fit message
};

/// The full analysis of one spectrum: the row plus the chosen fit and the alternatives.
struct SpectrumAnalysis {
  ConductivityRow row;
  FitResult fit;             ///< of the chosen model
  ArcAssignment assignment;  ///< of the chosen model
  std::vector<CandidateOutcome> candidates;
};

/// One spectrum of a series (non-owning: the data must outlive the call).
struct SeriesSpectrum {
  std::string file;
  SpectrumView spectrum;
  double temperature_k = 0.0;
  int cycle = 1;
  Direction direction = Direction::heating;
};

/// The tied Arrhenius fit of one run (SeriesOptions::tied_bulk_arrhenius).
struct TiedRun {
  int cycle = 1;
  Direction direction = Direction::heating;
  std::string circuit;  ///< the model shared by the tied spectra (most frequent with a bulk arc)
  /// Input indices of the tied spectra, in increasing temperature; fit.parameters[k] and
  /// fit.r_bulk_ohm[k] belong to spectra[k].
  std::vector<std::size_t> spectra;
  /// Standard error of R_bulk(T_k) from the law, propagated from the covariance of
  /// (ln σ0, E_a): Var(ln R) = Var(ln σ0) − 2·Cov/(k_BT) + Var(E_a)/(k_BT)².
  std::vector<double> r_bulk_stderr_ohm;
  std::vector<double> sigma_bulk_s_per_cm;  ///< L/(R_bulk·A) of the law
  TiedFitResult fit;
  bool attempted = false;  ///< false when the run had too few suitable spectra (see message)
  std::string message;
};

/// Result of fit_series().
struct SeriesResult {
  std::vector<ConductivityRow> rows;       ///< in input order
  std::vector<SpectrumAnalysis> analyses;  ///< in input order
  RunComparison comparison;                ///< of σ_total between runs (runs.hpp)
  /// One per run when SeriesOptions::tied_bulk_arrhenius, ordered by cycle, heating first.
  std::vector<TiedRun> tied;
  std::vector<std::string> warnings;
};

/// Fits a whole series. Within each run (cycle, direction) spectra are fitted in increasing
/// temperature, each started from its predecessor (SeriesTracker); runs are independent and
/// fitted on up to options.threads threads with results identical to a serial run. With
/// options.tied_bulk_arrhenius each run is then also fitted at once with R_bulk(T) tied to the
/// σT-Arrhenius law (on the calling thread, after the per-spectrum fits).
/// @throws eis::InvalidArgument for invalid options, cell geometry, spectra or temperatures.
/// Thread-safety: reentrant; starts threads only when options.threads > 1.
[[nodiscard]] SeriesResult fit_series(std::span<const SeriesSpectrum> spectra,
                                      const Cell& cell,
                                      const SeriesOptions& options = {});

}  // namespace eis
