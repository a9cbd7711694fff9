#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <eis/conductivity/series.hpp>
#include <eis/conductivity/tracker.hpp>
#include <eis/error.hpp>

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
  if (threads < 1) {
    return "threads must be >= 1";
  }
  return std::nullopt;
}

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
    groups[{spectra[i].cycle, spectra[i].direction == Direction::heating ? 0 : 1}].push_back(i);
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
