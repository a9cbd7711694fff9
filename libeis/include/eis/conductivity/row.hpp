/// @file
/// One row of a conductivity series (one spectrum → resistances, capacitances, conductivities)
/// and its CSV form, exactly the columns of `eis series` (CLI.md), so acquisition software can
/// append rows to a log as spectra arrive. Text is written locale-free (std::to_chars).
#pragma once

#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <eis/conductivity/direction.hpp>

namespace eis {

/// The conductivity analysis of one spectrum. A quantity that cannot be resolved (the bulk arc
/// above the frequency window, a merged arc) is nullopt and written as an empty CSV field.
/// Resistances in Ω, capacitances (Hsu–Mansfeld C_eff, METHODS.md §1.2) in F, conductivities
/// in S/cm with first-order standard errors (METHODS.md §7.1).
struct ConductivityRow {
  // --- the CSV columns of `eis series`, in order ---
  std::string file;  ///< as named by the caller (manifest entry or file name)
  int cycle = 1;
  Direction direction = Direction::heating;
  double temperature_k = 0.0;
  std::optional<double> r_bulk_ohm;  ///< from the bulk arc, or the intercept when only the
                                     ///< bulk arc has left the window
  std::optional<double> r_bulk_stderr_ohm;
  std::optional<double> r_gb_ohm;  ///< grain-boundary arc (apparent)
  std::optional<double> r_gb_stderr_ohm;
  std::optional<double> r_total_ohm;  ///< R_bulk + R_gb (sample; interface arcs excluded)
  std::optional<double> c_bulk_f;
  std::optional<double> c_gb_f;
  std::optional<double> sigma_bulk_s_per_cm;
  std::optional<double> sigma_bulk_stderr_s_per_cm;
  std::optional<double> sigma_total_s_per_cm;
  std::optional<double> sigma_total_stderr_s_per_cm;
  std::string model;    ///< circuit used, impedance.py syntax
  bool usable = false;  ///< the fit converged and σ_total is available
  // --- further fields (JSON output; not in the CSV contract) ---
  std::optional<double> r_total_stderr_ohm;
  std::optional<double> sigma_gb_s_per_cm;  ///< apparent grain-boundary σ = L/(R_gb·A)
  std::optional<double> sigma_gb_stderr_s_per_cm;
  std::optional<double> sigma_gb_specific_s_per_cm;  ///< brick layer, ·C_bulk/C_gb
  std::optional<double> sigma_gb_specific_stderr_s_per_cm;
  std::optional<double> r_interface_ohm;  ///< per electrode interface (non-blocking cells)
  std::optional<double> r_interface_stderr_ohm;
  std::optional<double> c_interface_f;
  std::string regime;                        ///< to_string(ModelRegime) of the chosen model
  std::optional<double> aic;                 ///< of the chosen model (METHODS.md §3.6)
  std::optional<double> chi_square;          ///< weighted sum of squares S of the chosen model
  std::vector<std::string> parameter_names;  ///< fitted parameters of the chosen model
  std::vector<double> parameters;
  std::string message;  ///< one sentence: why the row is (not) usable
  std::vector<std::string> warnings;
};

/// `file,cycle,direction,temperature_k,r_bulk_ohm,...,model,usable` (CLI.md `eis series`).
[[nodiscard]] std::string series_csv_header();
/// One CSV line (no line terminator): shortest round-trip numbers, empty fields for nullopt,
/// RFC 4180 quoting of the file and model fields, usable as `true`/`false`.
[[nodiscard]] std::string series_csv_line(const ConductivityRow& row);
/// Header plus one line per row, each ended by '\n'.
void write_series_csv(std::ostream& out, std::span<const ConductivityRow> rows);

}  // namespace eis
