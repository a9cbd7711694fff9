#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <eis/circuit/circuit.hpp>
#include <eis/conductivity/series.hpp>
#include <eis/conductivity/tracker.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>
#include <eis/units.hpp>

namespace eis {

std::string to_string(InformationCriterion criterion) {
  switch (criterion) {
    case InformationCriterion::aic:
      return "aic";
    case InformationCriterion::aicc:
      return "aicc";
    case InformationCriterion::bic:
      return "bic";
  }
  return "aic";
}

InformationCriterion parse_information_criterion(std::string_view text) {
  if (text == "aic") {
    return InformationCriterion::aic;
  }
  if (text == "aicc") {
    return InformationCriterion::aicc;
  }
  if (text == "bic") {
    return InformationCriterion::bic;
  }
  throw InvalidArgument("information criterion must be aic, aicc or bic, got '" +
                        std::string(text) + "'");
}

std::optional<std::string> SeriesOptions::validate() const {
  if (auto why = fit.validate()) {
    return "fit options: " + *why;
  }
  if (!std::isfinite(criterion_margin) || criterion_margin < 0.0) {
    return "criterion_margin must be finite and >= 0";
  }
  if (!std::isfinite(default_activation_energy_ev) || default_activation_energy_ev <= 0.0) {
    return "default_activation_energy_ev must be finite and > 0";
  }
  if (!(assignment.apex_window_factor >= 1.0) ||
      !(assignment.interface_min_specific_capacitance_f_per_cm > 0.0) ||
      !(assignment.intercept_clearance_factor >= 1.0) ||
      !(assignment.continuity_margin_decades >= 0.0) || !(assignment.min_arc_fraction >= 0.0) ||
      !(assignment.max_arc_relative_error > 0.0) ||
      !(assignment.max_capacitance_jump_decades > 0.0)) {
    return "assignment options out of range (window factor >= 1, thresholds >= 0)";
  }
  if (!(tied_t_min_k >= 0.0) || !(tied_t_max_k > tied_t_min_k)) {
    return "tied temperature range must satisfy 0 <= tied_t_min_k < tied_t_max_k";
  }
  if (tied.max_iterations < 1 || !(tied.function_tolerance > 0.0)) {
    return "tied fit options: max_iterations must be >= 1 and function_tolerance > 0";
  }
  if (threads < 1) {
    return "threads must be >= 1";
  }
  return std::nullopt;
}

namespace {

/// The tied Arrhenius fit of one run (SeriesOptions::tied_bulk_arrhenius): the spectra of the
/// run (in increasing temperature) whose usable row has the run's most frequent model with a
/// bulk arc, started from their per-spectrum fits.
TiedRun tie_run(const std::vector<std::size_t>& run,
                std::span<const SeriesSpectrum> spectra,
                const SeriesResult& result,
                const Cell& cell,
                const SeriesOptions& options) {
  TiedRun out;
  out.cycle = spectra[run.front()].cycle;
  out.direction = spectra[run.front()].direction;
  std::vector<std::size_t> eligible;
  std::map<std::string, std::size_t> count;
  std::vector<std::string> order;  // models in order of first appearance
  for (const std::size_t i : run) {
    const SpectrumAnalysis& a = result.analyses[i];
    const double t = spectra[i].temperature_k;
    if (!a.row.usable || !a.assignment.bulk || t < options.tied_t_min_k ||
        t > options.tied_t_max_k) {
      continue;
    }
    eligible.push_back(i);
    if (count[a.row.model]++ == 0) {
      order.push_back(a.row.model);
    }
  }
  if (eligible.empty()) {
    out.message = "no spectrum of the run has a resolved bulk arc in the tied temperature range";
    return out;
  }
  std::string circuit = order.front();
  for (const std::string& m : order) {
    if (count[m] > count[circuit]) {
      circuit = m;
    }
  }
  out.circuit = circuit;
  const std::vector<CandidateModel> models = cell.candidate_models();
  const auto model = std::find_if(
      models.begin(), models.end(), [&](const CandidateModel& m) { return m.circuit == circuit; });
  if (model == models.end()) {
    out.message = "internal: model " + circuit + " is not a candidate of the cell";
    return out;
  }
  auto arc_at = [&](std::size_t first_parameter) {
    return std::any_of(model->components.begin(), model->components.end(), [&](const auto& c) {
      return c.kind == ComponentKind::arc && c.first_parameter == first_parameter;
    });
  };
  // The bulk resistance index shared by all tied spectra: the most frequent one (an arc swap
  // between circuit positions is undone by swapping the R, Q, n blocks of the two arcs).
  std::map<std::size_t, std::size_t> bulk_count;
  for (const std::size_t i : eligible) {
    if (result.analyses[i].row.model == circuit) {
      ++bulk_count[result.analyses[i].assignment.bulk->r_parameter];
    }
  }
  std::size_t bulk = bulk_count.begin()->first;
  for (const auto& [index, n] : bulk_count) {
    if (n > bulk_count[bulk]) {
      bulk = index;
    }
  }
  std::vector<SpectrumView> views;
  std::vector<double> temperatures;
  std::vector<std::vector<double>> starts;
  for (const std::size_t i : eligible) {
    const SpectrumAnalysis& a = result.analyses[i];
    if (a.row.model != circuit) {
      continue;
    }
    std::vector<double> p = a.row.parameters;
    const std::size_t r = a.assignment.bulk->r_parameter;
    if (r != bulk) {
      if (!arc_at(r) || !arc_at(bulk) || std::max(r, bulk) + 3 > p.size()) {
        continue;
      }
      std::swap_ranges(p.begin() + static_cast<std::ptrdiff_t>(r),
                       p.begin() + static_cast<std::ptrdiff_t>(r + 3),
                       p.begin() + static_cast<std::ptrdiff_t>(bulk));
    }
    out.spectra.push_back(i);
    views.push_back(spectra[i].spectrum);
    temperatures.push_back(spectra[i].temperature_k);
    starts.push_back(std::move(p));
  }
  std::vector<double> distinct = temperatures;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  if (out.spectra.size() < 3 || distinct.size() < 2) {
    out.message = "the tied fit needs at least 3 spectra with model " + circuit +
                  " at 2 or more temperatures; the run has " +
                  eis::detail::to_text(out.spectra.size());
    out.spectra.clear();
    return out;
  }
  out.attempted = true;
  try {
    out.fit = fit_tied_bulk_arrhenius(
        parse_circuit(circuit), bulk, views, temperatures, starts, cell.geometry, options.tied);
  } catch (const InvalidArgument& e) {
    out.message = std::string("tied fit not possible: ") + e.what();
    return out;
  }
  const double k_b = units::boltzmann_ev_per_k;
  const double s0 = out.fit.ln_sigma0_stderr;
  const double se = out.fit.ea_stderr_ev;
  const double rho = out.fit.correlation;
  for (std::size_t k = 0; k < out.fit.r_bulk_ohm.size(); ++k) {
    const double r = out.fit.r_bulk_ohm[k];
    const double kt = k_b * temperatures[k];
    // ln R = ln(L·T/A) − ln σ0 + E_a/(k_BT): first-order propagation (METHODS.md §7.1).
    const double var_ln_r = s0 * s0 - 2.0 * rho * s0 * se / kt + se * se / (kt * kt);
    out.r_bulk_stderr_ohm.push_back(r * std::sqrt(std::max(var_ln_r, 0.0)));
    out.sigma_bulk_s_per_cm.push_back(cell.geometry.cell_constant_per_cm() / r);
  }
  out.message = out.fit.usable()
                    ? "E_a and ln σ0 of R_bulk shared by " +
                          eis::detail::to_text(out.spectra.size()) + " spectra of model " + circuit
                    : "tied fit not usable: " + out.fit.message;
  return out;
}

}  // namespace

SeriesResult fit_series(std::span<const SeriesSpectrum> spectra,
                        const Cell& cell,
                        const SeriesOptions& options) {
  if (auto why = options.validate()) {
    throw InvalidArgument("invalid series options: " + *why);
  }
  if (auto why = cell.geometry.validate()) {
    throw InvalidArgument("invalid cell geometry: " + *why);
  }
  // Check every input on the calling thread before any work starts.
  for (const SeriesSpectrum& s : spectra) {
    try {
      validate_spectrum(s.spectrum, 8);
    } catch (const InvalidArgument& e) {
      throw InvalidArgument(s.file + ": " + e.what());
    }
    if (!std::isfinite(s.temperature_k) || s.temperature_k <= 0.0) {
      throw InvalidArgument(s.file + ": temperature must be finite and > 0 K");
    }
  }
  // Runs (cycle, direction), each in increasing temperature (stable for equal temperatures).
  std::map<std::pair<int, int>, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < spectra.size(); ++i) {
    groups[{spectra[i].cycle, static_cast<int>(spectra[i].direction)}].push_back(i);
  }
  std::vector<std::vector<std::size_t>> runs;
  for (auto& [key, idx] : groups) {
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
      return spectra[a].temperature_k < spectra[b].temperature_k;
    });
    runs.push_back(std::move(idx));
  }

  SeriesResult result;
  result.analyses.resize(spectra.size());
  SeriesOptions worker_options = options;
  worker_options.on_progress = {};
  worker_options.threads = 1;

  auto fit_run = [&](const std::vector<std::size_t>& run, auto&& on_done) {
    SeriesTracker tracker(cell, worker_options);
    for (const std::size_t i : run) {
      const SeriesSpectrum& s = spectra[i];
      (void)tracker.add(s.spectrum, s.temperature_k, s.cycle, s.direction, s.file);
      result.analyses[i] = tracker.last();
      on_done(i);
    }
  };

  const std::size_t total = spectra.size();
  std::size_t done = 0;
  auto report = [&](std::size_t i) {
    ++done;
    if (options.on_progress) {
      options.on_progress({done, total, spectra[i].file, spectra[i].temperature_k});
    }
  };
  const std::size_t workers = std::min(static_cast<std::size_t>(options.threads), runs.size());
  if (workers <= 1) {
    for (const auto& run : runs) {
      fit_run(run, report);
    }
  } else {
    // Each worker takes whole runs; progress events are queued and reported here, on the
    // calling thread (CONVENTIONS.md §6). Each analyses[i] slot is written by one worker only.
    std::mutex mutex;
    std::condition_variable cv;
    std::deque<std::size_t> finished;
    std::exception_ptr error;
    std::atomic<std::size_t> next_run{0};
    std::atomic<bool> stop{false};
    std::size_t workers_left = workers;
    std::vector<std::thread> pool;
    pool.reserve(workers);
    for (std::size_t w = 0; w < workers; ++w) {
      pool.emplace_back([&] {
        try {
          while (!stop.load()) {
            const std::size_t r = next_run.fetch_add(1);
            if (r >= runs.size()) {
              break;
            }
            fit_run(runs[r], [&](std::size_t i) {
              {
                const std::lock_guard lock(mutex);
                finished.push_back(i);
              }
              cv.notify_one();
            });
          }
        } catch (...) {
          const std::lock_guard lock(mutex);
          if (!error) {
            error = std::current_exception();
          }
          stop.store(true);
        }
        {
          const std::lock_guard lock(mutex);
          --workers_left;
        }
        cv.notify_one();
      });
    }
    std::exception_ptr callback_error;
    {
      std::unique_lock lock(mutex);
      while (true) {
        cv.wait(lock, [&] { return !finished.empty() || workers_left == 0; });
        while (!finished.empty()) {
          const std::size_t i = finished.front();
          finished.pop_front();
          lock.unlock();
          if (!callback_error) {
            try {
              report(i);
            } catch (...) {
              callback_error = std::current_exception();
              stop.store(true);
            }
          }
          lock.lock();
        }
        if (workers_left == 0) {
          break;
        }
      }
    }
    for (std::thread& t : pool) {
      t.join();
    }
    if (error) {
      std::rethrow_exception(error);
    }
    if (callback_error) {
      std::rethrow_exception(callback_error);
    }
  }

  result.rows.reserve(spectra.size());
  for (const SpectrumAnalysis& a : result.analyses) {
    result.rows.push_back(a.row);
  }
  if (options.tied_bulk_arrhenius) {
    for (const auto& run : runs) {
      result.tied.push_back(tie_run(run, spectra, result, cell, options));
      const TiedRun& t = result.tied.back();
      if (!t.fit.usable()) {
        result.warnings.push_back("tied fit of cycle " + eis::detail::to_text(t.cycle) + " " +
                                  to_string(t.direction) + ": " + t.message);
      }
    }
  }
  const auto grouped = group_runs(result.rows);
  result.comparison = compare_runs(grouped);
  for (const ConductivityRow& row : result.rows) {
    if (!row.usable) {
      result.warnings.push_back(row.file + ": " + row.message);
    }
  }
  return result;
}

}  // namespace eis
