/// @file
/// Effective capacitance and time constant of a constant-phase element (CPE, Z = 1/(Q (jω)^n)),
/// METHODS.md §1.2. Q in S sⁿ (= F s^(n−1)), n dimensionless in (0, 1], resistances in Ω,
/// results in F, s or Hz. Each function states the formula it uses, so results can say so.
#pragma once

namespace eis {

/// Hsu & Mansfeld, Corrosion 57 (2001) 747, for R ∥ CPE (a depressed arc):
/// C_eff = Q^(1/n) · R^((1−n)/n) (METHODS.md §1.2). Returns NaN for non-positive inputs.
/// Thread-safety: reentrant.
[[nodiscard]] double effective_capacitance_hsu_mansfeld(double r_ohm, double q, double n) noexcept;

/// Brug et al., J. Electroanal. Chem. 176 (1984) 275, faradaic case R_s + (R_ct ∥ CPE):
/// C_eff = Q^(1/n) · (1/R_s + 1/R_ct)^((n−1)/n) (METHODS.md §1.2). NaN for non-positive inputs.
/// Thread-safety: reentrant.
[[nodiscard]] double effective_capacitance_brug_faradaic(double r_series_ohm,
                                                         double r_charge_transfer_ohm,
                                                         double q,
                                                         double n) noexcept;

/// Brug et al. (1984), blocking electrode R_s + CPE (use for the Au-electrode spike; R_s is the
/// total series, i.e. electrolyte, resistance): C_eff = Q^(1/n) · R_s^((1−n)/n)
/// (METHODS.md §1.2). NaN for non-positive inputs. Thread-safety: reentrant.
[[nodiscard]] double effective_capacitance_brug_blocking(double r_series_ohm,
                                                         double q,
                                                         double n) noexcept;

/// Time constant τ = (R Q)^(1/n) in s of R ∥ CPE, which is also the τ of the equivalent ZARC
/// (METHODS.md §1.1, §2.4). NaN for non-positive inputs. Thread-safety: reentrant.
[[nodiscard]] double rq_time_constant_s(double r_ohm, double q, double n) noexcept;

/// Apex frequency f_max = 1/(2π (RQ)^(1/n)) in Hz of an R ∥ CPE arc, where −Z'' peaks
/// (METHODS.md §1.2). NaN for non-positive inputs. Thread-safety: reentrant.
[[nodiscard]] double rq_peak_frequency_hz(double r_ohm, double q, double n) noexcept;

}  // namespace eis
