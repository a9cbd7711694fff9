/// @file
/// Conductivity from a resistance and the cell geometry, σ = L/(R·A), with first-order
/// propagated uncertainty (METHODS.md §7.1); bulk, grain-boundary (apparent and brick-layer
/// specific) and total conductivities; effective capacitance of an R‖CPE arc (METHODS.md §1.2).
#pragma once

#include <optional>
#include <string>

namespace eis {

/// Pellet / electrode geometry with standard uncertainties. Give either the electrode diameter
/// (A = πd²/4) or the area directly. Lengths in cm, area in cm².
/// Invariant checked by validate(): thickness > 0, exactly one of area/diameter > 0, all
/// uncertainties ≥ 0 and finite.
/// Thread-safety: a value type.
struct CellGeometry {
  double thickness_cm = 0.0;               ///< L, pellet thickness between the electrodes
  double thickness_err_cm = 0.0;           ///< δL (standard uncertainty); 0 = exact
  std::optional<double> diameter_cm = {};  ///< d, electrode diameter (may be < pellet's)
  double diameter_err_cm = 0.0;            ///< δd; used only with diameter_cm
  std::optional<double> area_cm2 = {};     ///< A, electrode area, when given directly
  double area_err_cm2 = 0.0;               ///< δA; used only with area_cm2

  /// Geometry of a disc electrode of diameter `diameter_cm`.
  [[nodiscard]] static CellGeometry disc(double thickness_cm,
                                         double diameter_cm,
                                         double thickness_err_cm = 0.0,
                                         double diameter_err_cm = 0.0);
  /// Geometry with the electrode area given directly.
  [[nodiscard]] static CellGeometry with_area(double thickness_cm,
                                              double area_cm2,
                                              double thickness_err_cm = 0.0,
                                              double area_err_cm2 = 0.0);

  /// Electrode area A in cm² (πd²/4 when the diameter is given).
  /// @throws eis::InvalidArgument if the geometry is invalid (see validate()).
  [[nodiscard]] double area() const;
  /// δA/A: δA/A as given, or 2δd/d for a disc (METHODS.md §7.1).
  [[nodiscard]] double relative_area_error() const;
  /// Cell constant L/A in cm⁻¹.
  [[nodiscard]] double cell_constant_per_cm() const;
  /// Relative uncertainty of the cell constant, √((δL/L)² + (δA/A)²).
  [[nodiscard]] double cell_constant_relative_error() const;
  /// Empty-cell (geometric) capacitance C₀ = ε₀A/L in F (METHODS.md §0).
  [[nodiscard]] double empty_cell_capacitance_f() const;
  /// Why the geometry is invalid, or nullopt when it is valid.
  [[nodiscard]] std::optional<std::string> validate() const;
};

/// A conductivity with its standard uncertainty.
struct Conductivity {
  double sigma_s_per_cm = 0.0;   ///< σ in S/cm
  double stderr_s_per_cm = 0.0;  ///< δσ in S/cm (first-order propagation)
  /// δ(log10 σ) = (δσ/σ)/ln 10 (METHODS.md §7.1).
  [[nodiscard]] double log10_stderr() const noexcept;
};

/// σ = L/(R·A) with (δσ/σ)² = (δR/R)² + (δL/L)² + (δA/A)² (METHODS.md §7.1; δA/A = 2δd/d).
/// @param resistance_ohm         R > 0 in Ω
/// @param resistance_stderr_ohm  δR ≥ 0 in Ω (from the fit covariance); 0 = geometry only
/// @throws eis::InvalidArgument if R ≤ 0 or not finite, δR < 0, or the geometry is invalid.
/// Thread-safety: reentrant.
[[nodiscard]] Conductivity conductivity_from_resistance(double resistance_ohm,
                                                        double resistance_stderr_ohm,
                                                        const CellGeometry& geometry);

/// A resistance with its standard uncertainty.
struct Resistance {
  double value_ohm = 0.0;
  double stderr_ohm = 0.0;
};

/// Series sum R_b + R_gb with δ² = δ_b² + δ_gb² + 2·cov(R_b, R_gb) (METHODS.md §6.4, §7.1).
/// The covariance comes from the fit (the two resistances are usually anti-correlated); a
/// negative total variance (inconsistent input) is clamped to 0.
/// @throws eis::InvalidArgument if a value is not finite or a standard error is negative.
[[nodiscard]] Resistance series_resistance(Resistance bulk,
                                           Resistance grain_boundary,
                                           double covariance_ohm2 = 0.0);

/// Specific grain-boundary conductivity by the brick-layer model (METHODS.md §6.2 item 4):
/// σ_gb,sp = L/(R_gb·A) · C_bulk/C_gb. The relative uncertainty adds those of R_gb, L, A and of
/// the two capacitances in quadrature (their correlation is neglected).
/// @param c_bulk_f, c_gb_f                  effective capacitances in F (> 0)
/// @param c_bulk_rel_err, c_gb_rel_err      relative standard errors (≥ 0; 0 = unknown/exact)
/// @throws eis::InvalidArgument for non-positive or non-finite values or an invalid geometry.
[[nodiscard]] Conductivity specific_grain_boundary_conductivity(Resistance grain_boundary,
                                                                double c_bulk_f,
                                                                double c_gb_f,
                                                                const CellGeometry& geometry,
                                                                double c_bulk_rel_err = 0.0,
                                                                double c_gb_rel_err = 0.0);

/// Effective capacitance of an R‖CPE arc by Hsu & Mansfeld, C = Q^{1/n}·R^{(1−n)/n}
/// (METHODS.md §1.2), with its relative standard error from the (ln R, ln Q, n) covariance by
/// the delta method: ∂lnC/∂lnR = (1−n)/n, ∂lnC/∂lnQ = 1/n, ∂lnC/∂n = −ln(R·Q)/n².
struct EffectiveCapacitance {
  double capacitance_f = 0.0;
  double relative_stderr = 0.0;  ///< δC/C; 0 when no covariance was given
  /// Apex frequency f = 1/(2π·R·C) in Hz (METHODS.md §1.2).
  double apex_frequency_hz = 0.0;
};

/// Covariance entries of (R, Q, n) in their natural units (Ω, S·sⁿ, 1); all zero = unknown.
struct ArcCovariance {
  double var_r = 0.0;
  double var_q = 0.0;
  double var_n = 0.0;
  double cov_rq = 0.0;
  double cov_rn = 0.0;
  double cov_qn = 0.0;
};

/// @throws eis::InvalidArgument if R ≤ 0, Q ≤ 0 or n ∉ (0, 1], or a value is not finite.
[[nodiscard]] EffectiveCapacitance effective_capacitance(double r_ohm,
                                                         double q,
                                                         double n,
                                                         const ArcCovariance& covariance = {});

}  // namespace eis
