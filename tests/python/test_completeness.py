"""Fit progress callback, VTF fits, transition detection and cycle comparison from Python.

Every expected value comes from the law the data are generated with (numpy, here), never from
a run of the code under test.
"""
import math

import numpy as np
import pytest

import eis

K_B_EV = 8.617333262e-5  # Boltzmann constant in eV/K (CODATA 2018, exact)


def rc_spectrum():
    """R0 + R1/(1 + jωR1C1) at 61 log-spaced frequencies, written out independently."""
    f = np.logspace(5, -1, 61)
    r0, r1, c1 = 20.0, 500.0, 1e-6
    return f, r0 + r1 / (1.0 + 2j * np.pi * f * r1 * c1), np.array([r0, r1, c1])


# ---------------------------------------------------------------- fit progress


def test_on_iteration_reports_every_iteration_with_decreasing_chi_square():
    f, z, true = rc_spectrum()
    calls = []
    r = eis.fit("R0-p(R1,C1)", f, z, initial=[10.0, 200.0, 3e-6], multi_starts=0,
                on_iteration=lambda p: calls.append(p))
    assert r.usable, r.message
    np.testing.assert_allclose(r.parameters, true, rtol=1e-6)
    assert len(calls) >= 1
    assert set(calls[0]) == {"start", "iteration", "evaluations", "chi_square", "damping",
                             "parameters"}
    assert all(c["parameters"].shape == (3,) for c in calls)
    # Levenberg–Marquardt only accepts steps that lower S: within one start χ² never rises.
    for a, b in zip(calls, calls[1:]):
        if a["start"] == b["start"]:
            assert b["chi_square"] <= a["chi_square"] * (1 + 1e-12)
    assert calls[-1]["evaluations"] <= r.evaluations


def test_kk_mask_drops_an_outlier_before_fitting():
    f, z, true = rc_spectrum()
    rng = np.random.default_rng(4)
    z = z + np.abs(z) * 0.001 * (rng.standard_normal(f.size) + 1j * rng.standard_normal(f.size))
    z[f.size // 2] *= 1.3  # one point no causal system produces
    r = eis.fit("R0-p(R1,C1)", f, z, kk_mask=True)
    assert r.usable, r.message
    assert r.points == f.size - 1
    assert any("Lin-KK mask dropped 1 of" in w for w in r.warnings)
    np.testing.assert_allclose(r.parameters, true, rtol=0.01)


def test_on_iteration_returning_false_cancels_the_fit():
    f, z, _ = rc_spectrum()
    calls = []

    def stop(p):
        calls.append(p["iteration"])
        return False

    r = eis.fit("R0-p(R1,C1)", f, z, initial=[10.0, 200.0, 3e-6], multi_starts=0,
                on_iteration=stop)
    assert r.termination == "cancelled"
    assert len(calls) == 1
    # None means "go on": the fit runs to convergence.
    r = eis.fit("R0-p(R1,C1)", f, z, initial=[10.0, 200.0, 3e-6], multi_starts=0,
                on_iteration=lambda p: None)
    assert r.termination == "converged"


def test_on_iteration_exception_propagates_and_non_callable_is_rejected():
    f, z, _ = rc_spectrum()

    def boom(p):
        raise RuntimeError("stop here")

    with pytest.raises(RuntimeError, match="stop here"):
        eis.fit("R0-p(R1,C1)", f, z, on_iteration=boom)
    with pytest.raises(TypeError, match="callable"):
        eis.fit("R0-p(R1,C1)", f, z, on_iteration=3)
    # Only fit() takes a callback; the options of a series do not.
    with pytest.raises(TypeError, match="on_iteration"):
        eis.SeriesTracker(thickness_cm=0.1, area_cm2=1.0,
                          fit_options={"on_iteration": print})


def test_options_dicts_are_not_consumed():
    options = {"weighting": "unit", "max_iterations": 50}
    eis.SeriesTracker(thickness_cm=0.1, diameter_cm=1.0, fit_options=options)
    assert options == {"weighting": "unit", "max_iterations": 50}
    with pytest.raises(eis.InvalidArgument, match="exactly one"):
        eis.SeriesTracker(thickness_cm=0.1, diameter_cm=1.0, area_cm2=1.0)


# ---------------------------------------------------------------- VTF


def vtf_sigma(t, log10_a, b_k, t0_k, plain=False):
    """σ = A·T^(−1/2)·exp(−B/(T − T0)) (form a) or A·exp(−B/(T − T0)) (form b)."""
    s = 10.0**log10_a * np.exp(-b_k / (t - t0_k))
    return s if plain else s / np.sqrt(t)


@pytest.mark.parametrize("form", ["vtf", "vtf-plain"])
def test_vtf_recovers_the_law_of_exact_data(form):
    t = np.linspace(260.0, 420.0, 17)
    sigma = vtf_sigma(t, 1.5, 1100.0, 170.0, plain=form == "vtf-plain")
    r = eis.vtf(t, sigma, form=form)
    assert r.usable
    assert r.form == form
    assert r.points == 17
    assert r.t0_k == pytest.approx(170.0, rel=1e-5)
    assert r.b_k == pytest.approx(1100.0, rel=1e-5)
    assert r.b_ev == pytest.approx(1100.0 * K_B_EV, rel=1e-5)
    assert r.log10_prefactor == pytest.approx(1.5, abs=1e-5)
    assert r.t_min_k == 260.0 and r.t_max_k == 420.0
    assert len(r.covariance) == 9


def test_vtf_with_noise_covers_the_truth_and_weights_by_uncertainties():
    rng = np.random.default_rng(7)
    t = np.linspace(250.0, 450.0, 30)
    rel = 0.01
    sigma = vtf_sigma(t, 2.0, 900.0, 160.0) * np.exp(rng.normal(0.0, rel, t.size))
    r = eis.vtf(t, sigma, sigma * rel)
    assert r.usable and r.weighted
    # Within 4 standard errors of the generating law (a test that would fail for a wrong fit).
    assert abs(r.t0_k - 160.0) < 4 * r.t0_stderr_k
    assert abs(r.b_k - 900.0) < 4 * r.b_stderr_k
    assert r.t0_ci_k[0] < r.t0_k < r.t0_ci_k[1]
    # ∂y/∂B = −1/(T−T0) and ∂y/∂T0 = −B/(T−T0)² have the same sign at every point, so the
    # estimates of B and T0 are negatively correlated (strongly, over a finite range).
    assert -1.0 <= r.correlation_b_t0 < -0.5
    with pytest.raises(eis.InvalidArgument):
        eis.vtf(t[:3], sigma[:3])
    with pytest.raises(ValueError, match="form"):
        eis.vtf(t, sigma, form="arrhenius")


# ---------------------------------------------------------------- transitions


def sigma_t_arrhenius(t, log10_a, ea_ev):
    """σ from σT = A·exp(−Ea/(k_B T))."""
    return 10.0**log10_a * np.exp(-ea_ev / (K_B_EV * t)) / t


def jump_run(t, t_c, noise, rng):
    """Ea 0.6 eV below T_c, 0.3 eV and one decade higher σ at T_c above it."""
    low = sigma_t_arrhenius(t, 6.0, 0.6)
    # Above T_c: a law through 10·σ_low(T_c) at T_c with Ea = 0.3 eV.
    log10_a_high = np.log10(10.0 * sigma_t_arrhenius(t_c, 6.0, 0.6) * t_c) + 0.3 / (
        K_B_EV * t_c * np.log(10.0))
    high = sigma_t_arrhenius(t, log10_a_high, 0.3)
    sigma = np.where(t < t_c, low, high)
    return sigma * np.exp(rng.normal(0.0, noise, t.size))


def test_transitions_locate_a_jump_per_run_and_the_hysteresis():
    rng = np.random.default_rng(3)
    t = np.arange(300.0, 501.0, 10.0)  # 21 temperatures
    heating = jump_run(t, 405.0, 0.005, rng)  # jump between 400 and 410 K
    cooling = jump_run(t, 375.0, 0.005, rng)  # jump between 370 and 380 K
    temps = np.concatenate([t, t[::-1]])
    sigma = np.concatenate([heating, cooling[::-1]])
    direction = ["heating"] * t.size + ["cooling"] * t.size
    a = eis.transitions(temps, sigma, cycle=1, direction=direction, law="arrhenius-t",
                        kind="jump")  # 199 bootstrap draws: p can go below 0.01
    assert a.usable
    found = a.transition_temperatures_k()
    assert found == {(1, "heating"): [405.0], (1, "cooling"): [375.0]}  # gap midpoints
    heat = next(r for r in a.runs if r["direction"] == "heating")
    tr = heat["transitions"][0]
    assert tr["t_below_k"] == 400.0 and tr["t_above_k"] == 410.0
    # By construction σ_high(T_c) = 10·σ_low(T_c) at T_c = 405 K: one decade.
    assert tr["log10_jump"] == pytest.approx(1.0, abs=0.05)
    assert tr["ea_below_ev"] == pytest.approx(0.6, abs=0.02)
    assert tr["ea_above_ev"] == pytest.approx(0.3, abs=0.02)
    assert len(heat["segments"]) == 2 and len(heat["points"]) == t.size
    assert a.hysteresis[0]["hysteresis_k"] == pytest.approx(30.0)


def test_a_single_law_has_no_transition():
    rng = np.random.default_rng(11)
    t = np.arange(300.0, 501.0, 10.0)
    sigma = sigma_t_arrhenius(t, 5.0, 0.45) * np.exp(rng.normal(0.0, 0.005, t.size))
    a = eis.transitions(t, sigma, law="arrhenius-t")
    (run,) = a.runs
    assert run["transitions"] == []
    assert run["direction"] == "unknown" and run["cycle"] == 1
    assert run["segments"][0]["arrhenius"]["ea_ev"] == pytest.approx(0.45, abs=0.01)
    with pytest.raises(ValueError, match="breakpoints"):
        eis.transitions(t, sigma, breakpoints="many")
    with pytest.raises(eis.InvalidArgument, match="cycle"):
        eis.transitions(t, sigma, cycle=[1, 2])


# ---------------------------------------------------------------- cycle comparison


def test_compare_cycles_gives_the_retention_of_a_decaying_prefactor():
    rng = np.random.default_rng(5)
    t = np.arange(300.0, 451.0, 10.0)
    retention = 0.8  # σT prefactor × 0.8 per cycle at a constant Ea of 0.4 eV
    temps, sigma, cycle = [], [], []
    for n in (1, 2, 3):
        s = sigma_t_arrhenius(t, 5.0 + (n - 1) * np.log10(retention), 0.4)
        temps.append(t)
        sigma.append(s * np.exp(rng.normal(0.0, 0.002, t.size)))
        cycle += [n] * t.size
    c = eis.compare_cycles(np.concatenate(temps), np.concatenate(sigma), cycle=cycle,
                           temperatures_k=[350.0], law="arrhenius-t", breakpoints="none")
    assert c.direction == "heating" and c.reference_cycle == 1
    assert c.temperatures_k == [350.0]
    by_cycle = {e["cycle"]: e for e in c.entries}
    assert sorted(by_cycle) == [1, 2, 3]
    for n, e in by_cycle.items():
        assert e["sigma_ratio"] == pytest.approx(retention ** (n - 1), rel=0.01)
        assert e["sigma_s_per_cm"] == pytest.approx(
            sigma_t_arrhenius(350.0, 5.0 + (n - 1) * np.log10(retention), 0.4), rel=0.01)
        assert e["delta_ea_ev"] == pytest.approx(0.0, abs=0.01)
    assert by_cycle[3]["log10_change_from_previous"] == pytest.approx(np.log10(retention),
                                                                      abs=0.005)
    assert len(c.runs) == 3


# ---------------------------------------------------------------- series: tied fit, run comparison


def test_series_tied_fit_and_run_comparison(tmp_path):
    """Two heating cycles of a blocking cell whose bulk follows σT = σ0·exp(−Ea/k_BT) with
    Ea = 0.45 eV; in cycle 2 both sample resistances are 1/0.8 times those of cycle 1, so
    σ_total(cycle 2)/σ_total(cycle 1) = 0.8 at every temperature."""
    from conftest import write_spectrum_csv

    c = eis.Circuit("p(R1,CPE1)-p(R2,CPE2)-CPE3")
    f = np.logspace(6, -1, 50)
    temps = [300.0, 320.0, 340.0, 360.0]
    ea = 0.45
    lines = ["file,temperature_k,cycle,direction"]
    for cycle, scale in ((1, 1.0), (2, 1.0 / 0.8)):
        for k, t in enumerate(temps):
            # R = L/(σA) with σT ∝ exp(−Ea/k_BT): R ∝ T·exp(Ea/k_BT).
            r1 = scale * 1e4 * (t / 300.0) * np.exp(ea / K_B_EV * (1 / t - 1 / 300.0))
            r2 = scale * 3e4 * np.exp(0.5 / K_B_EV * (1 / t - 1 / 300.0))
            z = eis.simulate(c, f, [r1, 1e-10, 0.9, r2, 1e-8, 0.85, 1e-6, 0.9],
                             relative_noise=0.002, seed=10 * cycle + k)
            name = f"c{cycle}_{int(t)}.csv"
            write_spectrum_csv(tmp_path / name, f, z)
            lines.append(f"{name},{t},{cycle},heating")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("\n".join(lines) + "\n")
    r = eis.series(manifest, thickness_cm=0.1, diameter_cm=1.0, tied_bulk_arrhenius=True)
    assert all(row.usable for row in r.rows), [row.message for row in r.rows]
    assert [(t["cycle"], t["direction"]) for t in r.tied] == [(1, "heating"), (2, "heating")]
    for run in r.tied:
        assert run["fit"]["usable"], run["message"]
        assert run["fit"]["ea_ev"] == pytest.approx(ea, abs=0.01)
        assert 0.0 < run["fit"]["ea_stderr_ev"] < 0.01
        # Spectra whose chosen model shares the run's circuit are tied (at least 3).
        assert len(run["spectra"]) >= 3
        assert run["sigma_bulk_s_per_cm"].shape == (len(run["spectra"]),)
    ratios = [x for x in r.comparison["ratios"] if x["cycle"] == 2]
    assert len(ratios) == 4
    assert sorted(x["temperature_k"] for x in ratios) == temps
    for x in ratios:
        assert x["reference_cycle"] == 1
        assert x["sigma_ratio"] == pytest.approx(0.8, rel=0.02)
    (decay,) = r.comparison["decay"]
    assert decay["retention"] == pytest.approx(0.8, rel=0.02)
    # Without the option no tied fit is made.
    plain = eis.series(manifest, thickness_cm=0.1, diameter_cm=1.0)
    assert plain.tied == [] and plain.rows == r.rows


# ---------------------------------------------------------------- DRT uncertainty


def test_drt_band_contains_gamma_and_the_rc_peak_sits_at_rc():
    f, z, (r0, r1, c1) = rc_spectrum()
    rng = np.random.default_rng(2)
    z = z + np.abs(z) * 0.002 * (rng.standard_normal(f.size) + 1j * rng.standard_normal(f.size))
    d = eis.drt(f, z, credible_level=0.9)
    assert d.usable, d.message
    assert d.gamma_sd_ohm.shape == d.gamma_ohm.shape == d.tau_s.shape
    # The credible band brackets the estimate (a band around γ, clipped at 0 from below).
    assert np.all(d.gamma_lower_ohm <= d.gamma_ohm + 1e-12 * d.gamma_ohm.max())
    assert np.all(d.gamma_upper_ohm >= d.gamma_ohm - 1e-12 * d.gamma_ohm.max())
    assert np.all(d.gamma_sd_ohm >= 0.0)
    main = max(d.peaks, key=lambda p: p["resistance_ohm"])
    assert main["tau_s"] == pytest.approx(r1 * c1, rel=0.2)  # τ = R·C of the single arc
    assert "significance" in main
    assert main["within_window"]  # τ = R·C lies inside the measured frequency range
    with pytest.raises(TypeError, match="no_such"):
        eis.drt(f, z, no_such=1)
    # uncertainty=False skips the posterior: same γ, no band, no significance.
    bare = eis.drt(f, z, credible_level=0.9, uncertainty=False)
    assert np.array_equal(bare.gamma_ohm, d.gamma_ohm)
    assert bare.gamma_sd_ohm.size == 0
    assert math.isnan(max(bare.peaks, key=lambda p: p["resistance_ohm"])["significance"])
