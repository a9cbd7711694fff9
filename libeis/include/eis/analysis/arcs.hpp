/// @file
/// Arcs of an impedance spectrum read directly from the data, without a circuit fit:
/// high-frequency intercept, peaks of −Z'' and of the modulus M'', arc apex frequencies and
/// diameters, the low-frequency blocking spike (slope, phase, CPE parameters), effective
/// capacitances (METHODS.md §1.2) and the capacitance classes of METHODS.md §6. These give
/// the initial values of fit_circuit() and a first look at the data.
#pragma once

#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <eis/spectrum.hpp>

namespace eis {

/// (C_eff and apex-frequency formulas of METHODS.md §1.2 are in <eis/elements/cpe.hpp>.)

/// Capacitance classes of Irvine, Sinclair & West (1990), METHODS.md §6.1–§6.2.
enum class ArcClass { bulk, grain_boundary, surface_layer, electrode };
[[nodiscard]] std::string_view to_string(ArcClass arc_class) noexcept;

/// Class of one capacitance from its specific value C·(L/A) (F/cm): bulk ≤ 1e-11 (ε_r ≲ 10²),
/// grain boundary ≤ 1e-8, surface layer < 1e-7, electrode ≥ 1e-7 (METHODS.md §6.2 step 3).
/// @param cell_constant_per_cm  L/A in cm⁻¹; 1 when the geometry is unknown (§6.1)
/// @throws eis::InvalidArgument unless both arguments are finite and > 0.
[[nodiscard]] ArcClass classify_capacitance(double capacitance_f,
                                            double cell_constant_per_cm = 1.0);

/// Assigns classes to arcs ordered from the highest to the lowest apex frequency (METHODS.md
/// §6.2 step 5): the highest-frequency arc is the bulk unless its capacitance is electrode-like;
/// each following arc is grain boundary or surface/electrode by its capacitance, and an arc
/// never gets a class "below" its higher-frequency neighbour.
/// @throws eis::InvalidArgument if a capacitance or the cell constant is not finite and > 0.
[[nodiscard]] std::vector<ArcClass> assign_arcs(std::span<const double> capacitances_f,
                                                double cell_constant_per_cm = 1.0);

/// A local maximum of −Z''(log f) or of M''(log f).
struct SpectrumPeak {
  std::size_t index = 0;  ///< index into the input spectrum
  double frequency_hz = 0.0;
  double value = 0.0;  ///< −Z'' (Ω) or ω·(Z' − R∞) (Ω/s, proportional to M'' = ωC₀Z')
  double prominence = 0.0;  ///< ln(peak/higher of the two flanking minima)
};

/// One arc, modelled as a ZARC R/(1 + (jωτ)^n).
struct ArcEstimate {
  double apex_frequency_hz = 0.0;       ///< f = 1/(2πτ)
  double time_constant_s = 0.0;         ///< τ
  double resistance_ohm = 0.0;          ///< arc diameter R
  double exponent = 0.0;                ///< n (depression)
  double q = 0.0;                       ///< CPE Q of the equivalent R ∥ CPE, τ^n/R (S sⁿ)
  double capacitance_f = 0.0;           ///< C_eff = τ/R (Hsu–Mansfeld for R ∥ CPE)
  ArcClass arc_class = ArcClass::bulk;  ///< assign_arcs() with cell constant 1 cm⁻¹
};

/// The low-frequency capacitive spike of a blocking electrode (METHODS.md §3.3, §6.4 B).
struct SpikeEstimate {
  bool present = false;
  double exponent = 0.0;   ///< n = (2/π)·atan(|ΔZ''/ΔZ'|) over the lowest-frequency points
  double phase_deg = 0.0;  ///< −90·n
  double q = 0.0;          ///< Q = sin(nπ/2)/(−Z''·ωⁿ) at the lowest frequency (S sⁿ)
  /// Z' intercept of the straight spike line, −a/b of −Z'' = a + bZ' (METHODS.md §6.4 B):
  /// the total resistance of a blocking cell. NaN if it cannot be extrapolated.
  double intercept_ohm = std::numeric_limits<double>::quiet_NaN();
};

/// Everything estimate_arcs() reads from the data.
struct ArcAnalysis {
  double high_frequency_intercept_ohm = 0.0;  ///< R∞ ≈ Z' at the highest frequency (≥ 0)
  double inductance_h = 0.0;  ///< Z''/ω at the highest frequency when Z'' > 0 there, else 0
  double low_frequency_real_ohm = 0.0;        ///< Z' at the lowest frequency
  std::vector<SpectrumPeak> imaginary_peaks;  ///< of −Z'', highest frequency first
  std::vector<SpectrumPeak> modulus_peaks;  ///< of ω(Z' − R∞) ∝ M'', highest frequency first
  std::vector<ArcEstimate> arcs;            ///< highest frequency (bulk) first
  SpikeEstimate spike;
  double relative_rms = 0.0;  ///< RMS of |Z − Ẑ|/|Z| of the arc decomposition
};

/// Options for estimate_arcs().
struct ArcOptions {
  /// Upper limit on arcs returned; 4 covers bulk, gb, surface layer and interface.
  std::size_t max_arcs = 4;
  /// Minimum prominence of a peak, as ln(peak/flanking minimum); 0.03 rejects 0.5 % noise.
  double min_prominence = 0.03;
  /// Peaks closer than this (decades) are one feature.
  double merge_decades = 0.6;
  /// ZARC exponent used to decompose the arcs (typical depressed arc).
  double exponent = 0.85;
};

/// Decomposes the spectrum into R∞ + Σ ZARC(R_k, τ_k, n) (+ a spike CPE): τ_k from the peaks
/// of −Z'' and M'', R_k by modulus-weighted linear least squares with R_k ≥ 0.
/// @throws eis::InvalidArgument if the spectrum is invalid (validate_spectrum) or has fewer
///         than 3 points.
/// Thread-safety: reentrant.
[[nodiscard]] ArcAnalysis estimate_arcs(SpectrumView spectrum, const ArcOptions& options = {});

/// Result of decompose_arcs().
struct ArcDecomposition {
  double offset_ohm = 0.0;              ///< series resistance (0 when not requested)
  std::vector<double> resistances_ohm;  ///< one per τ, ≥ 0
  double spike_q = 0.0;                 ///< CPE Q of the spike (0 when not requested)
  double relative_rms = 0.0;            ///< RMS of |Z − Ẑ|/|Z|
};

/// Modulus-weighted linear least squares of Z ≈ R₀ + Σ R_k/(1 + (jωτ_k)^n) + 1/(Q_s(jω)^{n_s})
/// for fixed τ_k, n, n_s, with R₀, R_k, 1/Q_s ≥ 0 (active set: negative coefficients are
/// removed and the rest refitted).
/// @param spike_exponent  n_s of the spike term; ≤ 0 leaves the spike out
/// @throws eis::InvalidArgument if the spectrum is invalid or a τ is not finite and > 0.
[[nodiscard]] ArcDecomposition decompose_arcs(SpectrumView spectrum,
                                              std::span<const double> time_constants_s,
                                              double exponent,
                                              bool include_offset,
                                              double spike_exponent);

}  // namespace eis
