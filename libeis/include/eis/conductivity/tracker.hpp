/// @file
/// SeriesTracker: the per-spectrum entry point of the series analysis, for acquisition
/// software that hands over each spectrum as it is measured. fit_series() uses the same code,
/// so live and offline analyses agree when the spectra arrive in the same order.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <eis/conductivity/arrhenius.hpp>
#include <eis/conductivity/series.hpp>

namespace eis {

/// Keeps the state of every run (cycle, direction) seen so far: the previous fits that start
/// the next one and the capacitances that keep the arc assignment continuous.
/// Thread-safety: not thread-safe; use one tracker per thread (or per acquisition).
class SeriesTracker {
 public:
  /// @throws eis::InvalidArgument if the options or the cell geometry are invalid.
  explicit SeriesTracker(Cell cell, SeriesOptions options = {});
  ~SeriesTracker();
  SeriesTracker(SeriesTracker&&) noexcept;
  SeriesTracker& operator=(SeriesTracker&&) noexcept;
  SeriesTracker(const SeriesTracker&) = delete;
  SeriesTracker& operator=(const SeriesTracker&) = delete;

  /// Fits one spectrum of run (cycle, direction) at `temperature_k` and returns its row.
  /// Non-convergence is not an error: the row is returned with usable = false.
  /// @param file  name put into the row (e.g. the instrument file); may be empty
  /// @throws eis::InvalidArgument if the spectrum is invalid (validate_spectrum, fewer than 8
  ///         points) or the temperature is not finite and > 0.
  ConductivityRow add(SpectrumView spectrum,
                      double temperature_k,
                      int cycle,
                      Direction direction,
                      std::string file = {});

  /// The full analysis of the last spectrum added (chosen fit, assignment, candidates).
  /// @throws eis::InvalidArgument if nothing was added yet.
  [[nodiscard]] const SpectrumAnalysis& last() const;
  /// Every row so far, in the order added.
  [[nodiscard]] const std::vector<ConductivityRow>& rows() const noexcept { return rows_; }
  /// Live Arrhenius law of run (cycle, direction): the weighted fit (METHODS.md §7.2,
  /// fit_arrhenius(), σT form and relative weights by default) of the σ of `kind` of the
  /// run's usable rows so far, with the standard error and CI of E_a. The same weighted fit
  /// over the run so far carries the resistances to the next temperature.
  /// @return nullopt until the run has 3 usable rows at 2 or more distinct temperatures.
  /// @throws eis::InvalidArgument for invalid options.
  [[nodiscard]] std::optional<conductivity::ArrheniusResult> arrhenius(
      int cycle,
      Direction direction,
      SigmaKind kind = SigmaKind::total,
      const conductivity::ArrheniusOptions& options = {}) const;
  /// Run comparison (σ_total) of the rows so far.
  [[nodiscard]] RunComparison compare(const RunComparisonOptions& options = {}) const;
  [[nodiscard]] const Cell& cell() const noexcept { return cell_; }

  /// Internal per-run history and parsed candidate circuits (defined in tracker.cpp).
  struct RunState;
  struct Models;

 private:
  Cell cell_;
  SeriesOptions options_;
  std::unique_ptr<Models> models_;
  std::map<std::pair<int, int>, std::unique_ptr<RunState>> runs_;
  std::vector<ConductivityRow> rows_;
  std::unique_ptr<SpectrumAnalysis> last_;
};

}  // namespace eis
