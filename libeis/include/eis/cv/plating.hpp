/// @file
/// Metal plating/stripping charges and coulombic efficiency per cycle (METHODS.md §8.4), for
/// cells whose potential is given against the plating metal (Na⁺/Na, Li⁺/Li), e.g. Na | SE | Mo.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <eis/cv/segment.hpp>
#include <eis/cv/smoothing.hpp>
#include <eis/cv/voltammogram.hpp>

namespace eis::cv {

/// Options of plating_stripping().
struct PlatingOptions {
  /// Plating is cathodic current below this potential (METHODS.md §8.4: E < 0 V vs the metal).
  double plating_potential_v = 0.0;
  /// Stripping ends when the smoothed current, after its peak, has fallen to the anodic floor
  /// (the lowest smoothed current later on the sweep) plus this fraction of the peak height;
  /// 1 % leaves out less than 1 % of the charge of any peak that decays at least linearly.
  double stripping_end_fraction = 0.01;
  /// Smoothing used only to locate the crossover and the end of stripping; the charges are
  /// integrated on the raw current (METHODS.md §8.2).
  SavitzkyGolayOptions smoothing = {};
  SegmentationOptions segmentation = {};
  [[nodiscard]] std::optional<std::string> validate() const;
};

/// Plating/stripping of one cycle.
struct PlatingCycle {
  int cycle = 1;
  bool found = false;  ///< false when the cycle has no cathodic current below the plating limit
  double plating_charge_c = 0;    ///< Q_plate = ∫|i|dt from plating start to the crossover, C
  double stripping_charge_c = 0;  ///< Q_strip = ∫ i dt from the crossover to the end, C
  std::optional<double> coulombic_efficiency;  ///< Q_strip / Q_plate
  double plating_start_time_s = 0;  ///< first point of the cathodic sweep below the limit
  double crossover_time_s = 0;      ///< current crossover (− to +) after the cathodic vertex
  double stripping_end_time_s = 0;  ///< the anodic current is back at its floor
  double crossover_potential_v = 0;
  std::string message;  ///< why nothing was found, or what was cut short
};

/// Result of plating_stripping().
struct PlatingResult {
  std::vector<PlatingCycle> cycles;
  /// The first cycle's efficiency where plating was found (the top-level value of `eis cv`).
  std::optional<double> coulombic_efficiency;
  Segmentation segmentation;
  std::vector<std::string> warnings;
};

/// Integrates plating and stripping charges with the trapezoidal rule in time on the raw data
/// (METHODS.md §8.4). Per cycle, on the cathodic sweep reaching the lowest potential: plating
/// starts at its first point with E < plating_potential_v and lasts, through the vertex, until
/// the smoothed current crosses zero upwards on the following anodic sweep (the crossing time
/// is interpolated linearly). Stripping runs from the crossover until the smoothed current has
/// passed its maximum and fallen back to floor + stripping_end_fraction·(max − floor), floor
/// being the lowest smoothed current after the maximum on that sweep. CE = Q_strip/Q_plate.
/// @throws eis::InvalidArgument if the view or the options are invalid.
/// Thread-safety: reentrant.
[[nodiscard]] PlatingResult plating_stripping(VoltammogramView voltammogram,
                                              const PlatingOptions& options = {});

}  // namespace eis::cv
