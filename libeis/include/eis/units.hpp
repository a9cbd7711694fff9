/// @file
/// Physical constants (CODATA 2018) and unit conversions used throughout libeis.
/// METHODS.md §0. Names carry their unit.
#pragma once

#include <numbers>

namespace eis::units {

/// Boltzmann constant in eV/K (CODATA 2018, exact).
inline constexpr double boltzmann_ev_per_k = 8.617333262e-5;
/// Molar gas constant in J/(mol·K) (CODATA 2018, exact).
inline constexpr double gas_constant_j_per_mol_k = 8.314462618;
/// Faraday constant in C/mol (CODATA 2018, exact); 1 eV per particle = 96.48533212 kJ/mol.
inline constexpr double faraday_c_per_mol = 96485.33212;
/// kJ/mol per eV per particle.
inline constexpr double kj_per_mol_per_ev = 96.48533212;
/// Vacuum permittivity in F/m and F/cm (CODATA 2018).
inline constexpr double vacuum_permittivity_f_per_m = 8.8541878128e-12;
inline constexpr double vacuum_permittivity_f_per_cm = 8.8541878128e-14;
/// 0 °C in K.
inline constexpr double celsius_offset_k = 273.15;

[[nodiscard]] constexpr double celsius_to_kelvin(double celsius) noexcept {
  return celsius + celsius_offset_k;
}
[[nodiscard]] constexpr double kelvin_to_celsius(double kelvin) noexcept {
  return kelvin - celsius_offset_k;
}
/// 1 S/cm = 100 S/m.
[[nodiscard]] constexpr double s_per_cm_to_s_per_m(double s_per_cm) noexcept {
  return s_per_cm * 100.0;
}
[[nodiscard]] constexpr double s_per_m_to_s_per_cm(double s_per_m) noexcept {
  return s_per_m / 100.0;
}
/// Angular frequency ω = 2πf in rad/s from f in Hz.
[[nodiscard]] constexpr double angular_frequency(double frequency_hz) noexcept {
  return 2.0 * std::numbers::pi * frequency_hz;
}
/// Area of a disc of diameter d (cm) in cm²: A = πd²/4 (METHODS.md §7.1).
[[nodiscard]] constexpr double disc_area_cm2(double diameter_cm) noexcept {
  return std::numbers::pi * diameter_cm * diameter_cm / 4.0;
}

}  // namespace eis::units
