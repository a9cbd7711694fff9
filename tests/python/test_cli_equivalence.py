"""eis.fit / eis.series give what the `eis` program gives on the same data (issue 11:
"Python eis.fit on a numpy spectrum gives the same parameters as `eis fit`")."""
import json
import subprocess

import numpy as np
import pytest

import eis
from conftest import write_spectrum_csv


def run_tool(tool, *args):
    p = subprocess.run([tool, *args], capture_output=True, text=True, check=False)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def assert_same_fit(cli, r, rel=1e-10):
    assert [p["name"] for p in cli["parameters"]] == r.names
    values = np.array([p["value"] for p in cli["parameters"]])
    errors = np.array([p["stderr"] for p in cli["parameters"]])
    np.testing.assert_allclose(r.parameters, values, rtol=rel, atol=0)
    np.testing.assert_allclose(r.standard_errors, errors, rtol=rel, atol=0)
    assert r.chi_square == pytest.approx(cli["chi_square"], rel=rel)
    assert r.usable == cli["usable"]
    assert r.iterations == cli["iterations"] and r.termination == cli["termination"]


def test_fit_of_a_numpy_spectrum_matches_the_cli(tmp_path, eis_tool):
    # A noisy two-arc spectrum made with numpy only (its own RNG, its own formula).
    rng = np.random.default_rng(20261126)
    f = np.logspace(6, -1, 64)
    jw = 2j * np.pi * f
    z = 15.0 + 800.0 / (1 + 800.0 * 3e-9 * jw**0.92) + 2500.0 / (1 + 2500.0 * 4e-6 * jw**0.8)
    z = z + np.abs(z) * 0.003 * (rng.standard_normal(f.size) + 1j * rng.standard_normal(f.size))
    path = tmp_path / "numpy_spectrum.csv"
    write_spectrum_csv(path, f, z)
    circuit = "R0-p(R1,CPE1)-p(R2,CPE2)"
    cli = run_tool(eis_tool, "fit", str(path), "--circuit", circuit, "--format", "json")
    r = eis.fit(circuit, f, z)  # straight from the numpy arrays, not from the file
    assert_same_fit(cli, r)
    assert r.usable


def test_fit_of_an_instrument_file_matches_the_cli(data_dir, eis_tool):
    path = data_dir / "impedance_py" / "exampleData.csv"
    circuit = "R0-p(R1,C1)-p(R2-Wo1,C2)"
    cli = run_tool(eis_tool, "fit", str(path), "--circuit", circuit, "--weighting", "unit",
                   "--drop-inductive", "--initial", ".01,.01,100,.01,.05,100,1", "--format",
                   "json")
    s = eis.read(path)[0]
    r = eis.fit(circuit, s.frequency_hz, s.z, initial=[.01, .01, 100, .01, .05, 100, 1],
                weighting="unit", drop_inductive=True)
    assert_same_fit(cli, r)


def test_series_of_a_manifest_matches_the_cli(data_dir, eis_tool):
    manifest = data_dir / "eisfitpython" / "manifest.csv"
    cli = run_tool(eis_tool, "series", str(manifest), "--cell", "blocking", "--thickness-cm",
                   "0.21", "--diameter-cm", "0.8", "--format", "json", "--no-progress")
    r = eis.series(manifest, cell="blocking", thickness_cm=0.21, diameter_cm=0.8)
    assert len(r.rows) == len(cli["rows"]) == 7
    for row, c in zip(r.rows, cli["rows"]):
        assert row.file == c["file"] and row.model == c["model"] and row.usable == c["usable"]
        for key in ("sigma_total_s_per_cm", "sigma_bulk_s_per_cm", "r_bulk_ohm", "r_gb_ohm"):
            if c[key] is None:
                assert getattr(row, key) is None
            else:
                assert getattr(row, key) == pytest.approx(c[key], rel=1e-10)


def test_tied_series_matches_the_cli(data_dir, eis_tool):
    manifest = data_dir / "eisfitpython" / "manifest.csv"
    cli = run_tool(eis_tool, "series", str(manifest), "--cell", "blocking", "--thickness-cm",
                   "0.21", "--diameter-cm", "0.8", "--tied", "--format", "json", "--no-progress")
    r = eis.series(manifest, cell="blocking", thickness_cm=0.21, diameter_cm=0.8,
                   tied_bulk_arrhenius=True)
    assert len(r.tied) == len(cli["tied_runs"]) >= 1
    for run, c in zip(r.tied, cli["tied_runs"]):
        assert (run["cycle"], run["direction"], run["circuit"]) == (c["cycle"], c["direction"],
                                                                    c["circuit"])
        assert run["fit"]["usable"] == c["usable"]
        assert run["fit"]["ea_ev"] == pytest.approx(c["ea_ev"], rel=1e-10)
        assert run["fit"]["ea_stderr_ev"] == pytest.approx(c["ea_stderr_ev"], rel=1e-10)
        assert len(run["spectra"]) == len(c["spectra"])
    assert len(r.comparison["ratios"]) == len(cli["cycle_comparison"]["ratios"])


def test_cv_of_an_instrument_file_matches_the_cli(data_dir, eis_tool):
    path = data_dir / "chemotion" / "DHM-15-CV-Demo.DTA"
    cli = run_tool(eis_tool, "cv", str(path), "--threshold-a", "1e-4", "--format", "json")
    v = eis.read_file(path).voltammograms[0]
    r = eis.cv(v, threshold_a=1e-4, plating=True)
    assert len(r.peaks) == len(cli["peaks"]) == 12
    for p, c in zip(r.peaks, cli["peaks"]):
        assert (p["cycle"], p["direction"]) == (c["cycle"], c["direction"])
        assert p["potential_v"] == pytest.approx(c["potential_v"], rel=1e-12)
        assert p["current_a"] == pytest.approx(c["current_a"], rel=1e-10)
    s = r.stability
    assert s["capacitance_f"] == pytest.approx(cli["capacitance_f"], rel=1e-10)
    assert s["stable_to_v"] == cli["stable_to_v"]
    assert s["cathodic_stable_to_v"] == cli["cathodic_stable_to_v"]
    assert r.plating["coulombic_efficiency"] == pytest.approx(
        cli["plating_stripping"]["coulombic_efficiency"], rel=1e-10)
