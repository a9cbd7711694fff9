"""The eis Python module: numpy in and out, results, errors, the GIL."""
import json
import pickle
import threading
import time

import numpy as np
import pytest

import eis
from conftest import write_spectrum_csv

CIRCUIT = "R0-p(R1,CPE1)"
TRUE = np.array([50.0, 1000.0, 2e-6, 0.85])


def rcpe_reference(f, r0, r1, q, n):
    """Z = R0 + R1/(1 + R1·Q·(jω)^n), written out here independently of libeis."""
    jw = 2j * np.pi * f
    return r0 + r1 / (1.0 + r1 * q * jw**n)


def freqs():
    return np.logspace(6, -1, 71)


def test_version_and_names():
    assert isinstance(eis.__version__, str) and eis.__version__.count(".") == 2
    assert "eis-csv" in eis.reader_names()


def test_circuit_parse_format_evaluate_pickle():
    c = eis.Circuit(CIRCUIT)
    assert c.parameter_names == ["R0", "R1", "CPE1_0", "CPE1_1"]
    assert c.parameter_count == 4
    assert str(c) == CIRCUIT
    assert c == eis.Circuit(" R0 - p(R1, CPE1) ")
    assert c != eis.Circuit("R0-p(R1,C1)")
    assert c.parameters[3]["upper"] == 1.0
    f = freqs()
    z = c.evaluate(f, TRUE)
    assert z.dtype == np.complex128 and z.shape == f.shape
    np.testing.assert_allclose(z, rcpe_reference(f, *TRUE), rtol=1e-13)
    assert pickle.loads(pickle.dumps(c)) == c


def test_fit_recovers_parameters_and_returns_numpy():
    f = freqs()
    z = rcpe_reference(f, *TRUE)
    f_before, z_before = f.copy(), z.copy()
    r = eis.fit(CIRCUIT, f, z)
    assert r.usable, r.message
    assert r.names == ["R0", "R1", "CPE1_0", "CPE1_1"]
    np.testing.assert_allclose(r.parameters, TRUE, rtol=1e-7)
    assert isinstance(r.parameters, np.ndarray) and r.parameters.dtype == np.float64
    assert r.covariance.shape == (4, 4) and r.correlation.shape == (4, 4)
    np.testing.assert_allclose(r.covariance, r.covariance.T, rtol=1e-12, atol=0)
    assert r.standard_errors.shape == (4,)
    np.testing.assert_allclose(np.sqrt(np.diag(r.covariance)), r.standard_errors, rtol=1e-9)
    assert r.chi_square < 1e-20
    assert r.model_ohm.dtype == np.complex128 and r.model_ohm.shape == f.shape
    # the inputs were only read
    np.testing.assert_array_equal(f, f_before)
    np.testing.assert_array_equal(z, z_before)
    assert r.parameter_dict()["R1"] == pytest.approx(1000.0, rel=1e-7)


def test_inputs_of_any_layout_and_type_are_accepted():
    f = freqs()
    z = rcpe_reference(f, *TRUE)
    reference = eis.fit(CIRCUIT, f, z)
    # strided (non-contiguous) views, lists, and Z given as a 2-column real array's view
    f2 = np.repeat(f, 2)[::2]
    z2 = np.repeat(z, 2)[::2]
    assert not f2.flags.c_contiguous
    strided = eis.fit(CIRCUIT, f2, z2)
    listed = eis.fit(eis.Circuit(CIRCUIT), list(f), list(z))
    np.testing.assert_array_equal(strided.parameters, reference.parameters)
    np.testing.assert_array_equal(listed.parameters, reference.parameters)
    # given initial values and options pass through
    r = eis.fit(CIRCUIT, f, z, initial=[40.0, 900.0, 1e-6, 0.8], weighting="unit",
                fixed={"R0": 50.0}, bounds={"CPE1_1": (0.5, 1.0)}, seed=7)
    assert not r.automatic_initial_values
    assert r.weighting == "unit"
    assert list(r.fixed) == [True, False, False, False]
    np.testing.assert_allclose(r.parameters, TRUE, rtol=1e-6)


def test_to_dict_and_equality():
    f = freqs()
    z = rcpe_reference(f, *TRUE)
    r = eis.fit(CIRCUIT, f, z)
    d = r.to_dict()
    assert list(d) == list(r.fields())
    assert d["names"] == r.names and d["parameters"] == r.parameters.tolist()
    real_only = {k: v for k, v in d.items() if k not in ("data_ohm", "model_ohm")}
    json.dumps(real_only, allow_nan=True)  # plain Python values
    assert r == eis.fit(CIRCUIT, f, z)
    assert "FitResult(" in repr(r)


def test_simulate_with_noise_is_reproducible():
    c = eis.Circuit(CIRCUIT)
    f = freqs()
    a = eis.simulate(c, f, TRUE, relative_noise=0.01, seed=3)
    b = eis.simulate(c, f, TRUE, relative_noise=0.01, seed=3)
    np.testing.assert_array_equal(a, b)
    rel = np.abs(a - c.evaluate(f, TRUE)) / np.abs(c.evaluate(f, TRUE))
    assert 0.001 < np.median(rel) < 0.05
    g = eis.log_spaced_frequencies(0.1, 1e6, 10)
    assert len(g) == 71 and g[0] == pytest.approx(1e6) and g[-1] == pytest.approx(0.1)


def test_errors_raise_python_exceptions(tmp_path):
    with pytest.raises(eis.ParseError, match="column") as e:
        eis.Circuit("R0-p(R1,")
    assert isinstance(e.value, ValueError) and isinstance(e.value, eis.Error)
    f = freqs()
    z = rcpe_reference(f, *TRUE)
    with pytest.raises(ValueError):
        eis.fit(CIRCUIT, f[:-1], z)  # sizes differ
    bad = f.copy()
    bad[3] = -1.0
    with pytest.raises(eis.InvalidArgument, match="3"):
        eis.fit(CIRCUIT, bad, z)
    with pytest.raises(ValueError):
        eis.fit(CIRCUIT, f, z, initial=[1.0, 2.0])
    with pytest.raises(ValueError, match="unknown|weighting"):
        eis.fit(CIRCUIT, f, z, weighting="nonsense")
    with pytest.raises(TypeError, match="no_such_option"):
        eis.fit(CIRCUIT, f, z, no_such_option=1)
    with pytest.raises(ValueError):
        eis.fit(CIRCUIT, np.stack([f, f]), z)  # 2-D
    with pytest.raises(eis.IoError) as e:
        eis.read(tmp_path / "missing.csv")
    assert isinstance(e.value, OSError) and "missing.csv" in str(e.value)
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(b"\x00\x01 not a spectrum \x02")
    with pytest.raises(eis.ParseError):
        eis.read(garbage)
    with pytest.raises(ValueError):
        eis.lin_kk(f[:2], z[:2])
    with pytest.raises(ValueError):
        eis.arrhenius([300.0, 310.0], [1e-3, 2e-3])  # fewer than 3 points


def test_read_gives_numpy_spectra_with_metadata(tmp_path):
    f = freqs()
    z = rcpe_reference(f, *TRUE)
    path = tmp_path / "spectrum.csv"
    write_spectrum_csv(path, f, z)
    spectra = eis.read(path)
    assert len(spectra) == 1
    s = spectra[0]
    assert s.frequency_hz.dtype == np.float64 and s.z.dtype == np.complex128
    np.testing.assert_array_equal(s.frequency_hz, f)  # repr() round-trips exactly
    np.testing.assert_array_equal(s.z, z)
    # zero-copy out: the arrays wrap the library's vectors instead of owning a copy
    assert not s.z.flags.owndata and not s.frequency_hz.flags.owndata
    assert isinstance(s.metadata, dict) and "temperature_k" in s.metadata
    assert s.file.endswith("spectrum.csv") and s.reader
    everything = eis.read_file(str(path))
    assert everything.voltammograms == [] and len(everything.spectra) == 1


def test_lin_kk_and_drt_on_an_rc_spectrum():
    f = freqs()
    r0, r1, c1 = 20.0, 500.0, 1e-6
    z = r0 + r1 / (1 + 2j * np.pi * f * r1 * c1)
    kk = eis.lin_kk(f, z)
    assert kk.passed and kk.usable, kk.message
    assert kk.compliant.dtype == np.bool_ and kk.compliant.all()
    assert kk.residual_real.shape == f.shape
    d = eis.drt(f, z)
    assert d.usable, d.message
    assert d.r_inf_ohm == pytest.approx(r0, rel=0.05)
    assert d.polarisation_ohm == pytest.approx(r1, rel=0.05)
    assert len(d.peaks) >= 1
    main = max(d.peaks, key=lambda p: p["resistance_ohm"])
    assert main["tau_s"] == pytest.approx(r1 * c1, rel=0.2)
    fixed = eis.drt(f, z, lambda_method="fixed", lambda_=1e-4)
    assert fixed.lambda_ == 1e-4


def test_arrhenius_recovers_activation_energy():
    k_b = 8.617333262e-5  # eV/K (CODATA 2018)
    t = np.linspace(300.0, 400.0, 6)
    sigma_t = 1e3 * np.exp(-0.40 / (k_b * t))  # σT = A exp(−Ea/kT), exact
    r = eis.arrhenius(t, sigma_t / t, form="sigma_t")
    assert r.ea_ev == pytest.approx(0.40, rel=1e-9)
    assert r.log10_prefactor == pytest.approx(3.0, rel=1e-9)
    r2 = eis.arrhenius(t, 2.0 * np.exp(-0.3 / (k_b * t)), form="sigma")
    assert r2.ea_ev == pytest.approx(0.30, rel=1e-9)
    assert r2.to_dict()["form"] == "sigma"


def test_cv_segments_a_triangle_wave():
    rate = 0.05  # V/s
    t = np.arange(0.0, 80.0, 0.05)  # two cycles of 0 → 1 → 0 V, 20 s per sweep
    phase = np.mod(t, 40.0)
    e = np.where(phase < 20.0, rate * phase, 2.0 - rate * phase)
    i = 1e-6 * np.sign(np.gradient(e)) + 1e-9 * e  # capacitive current only
    r = eis.cv(e, i, t, area_cm2=0.5)
    directions = [s["direction"] for s in r.segments]
    assert directions.count("anodic") == 2 and directions.count("cathodic") == 2
    assert r.scan_rate_v_per_s == pytest.approx(rate, rel=1e-6)
    # a flat capacitive record: no faradaic onset on either side within 0…1 V
    assert r.stability["anodic_onset_v"] is None and r.stability["cathodic_onset_v"] is None
    assert all({"potential_v", "current_a", "direction"} <= set(p) for p in r.peaks)
    no_area = eis.cv(e, i, t)  # a density threshold needs the area: window skipped, not raised
    assert no_area.stability is None
    assert any("stability window skipped" in w for w in no_area.warnings)


def test_the_gil_is_released_during_a_fit():
    """Another Python thread must run while a fit is inside libeis. The fit thread records
    when the native call started and ended; a counting thread records its own progress. With
    the GIL held throughout, the counter could not move in the middle of the call."""
    f = np.logspace(6, -2, 801)
    z = rcpe_reference(f, *TRUE)
    span = {}
    started = threading.Event()
    stop = threading.Event()
    ticks = []

    def count():
        started.set()
        while not stop.is_set():
            ticks.append(time.perf_counter())

    def fitting():
        span["start"] = time.perf_counter()
        eis.fit(CIRCUIT, f, z, global_search=True, global_evaluations=4000)
        span["end"] = time.perf_counter()

    counter = threading.Thread(target=count)
    counter.start()
    started.wait()
    fitter = threading.Thread(target=fitting)
    fitter.start()
    fitter.join()
    stop.set()
    counter.join()
    duration = span["end"] - span["start"]
    middle = (span["start"] + 0.25 * duration, span["end"] - 0.25 * duration)
    inside = [x for x in ticks if middle[0] < x < middle[1]]
    assert inside, f"no Python progress during {duration:.3f} s of fitting"


def test_tracker_matches_series(tmp_path):
    """SeriesTracker (one spectrum at a time) gives the rows of series() on the same files."""
    c = eis.Circuit("p(R1,CPE1)-p(R2,CPE2)-CPE3")
    f = np.logspace(6, -1, 50)
    k_b = 8.617333262e-5
    temps = [300.0, 320.0, 340.0, 360.0]
    files = []
    tracker = eis.SeriesTracker(thickness_cm=0.1, diameter_cm=1.0)
    rows_live = []
    for k, t in enumerate(temps):
        r1 = 1e4 * np.exp(0.4 / k_b * (1 / t - 1 / 300.0))
        r2 = 3e4 * np.exp(0.5 / k_b * (1 / t - 1 / 300.0))
        z = eis.simulate(c, f, [r1, 1e-10, 0.9, r2, 1e-8, 0.85, 1e-6, 0.9],
                         relative_noise=0.002, seed=k)
        path = tmp_path / f"s{k}.csv"
        write_spectrum_csv(path, f, z)
        files.append(str(path))
        rows_live.append(tracker.add(f, z, t, file=str(path)))
    offline = eis.series(files, temperatures_k=temps, thickness_cm=0.1, diameter_cm=1.0)
    assert len(offline.rows) == len(temps) == len(tracker)
    for live, off in zip(rows_live, offline.rows):
        assert live.to_dict() == off.to_dict()
    assert all(r.usable for r in rows_live), [r.message for r in rows_live]
    assert tracker.csv_line(0).startswith(files[0])
    assert eis.series_csv_header().startswith("file,cycle,direction,temperature_k")
    last = tracker.last()
    assert last.fit.usable and last.row == rows_live[-1]


def test_fits_from_several_python_threads_equal_serial_fits():
    from concurrent.futures import ThreadPoolExecutor
    c = eis.Circuit(CIRCUIT)
    f = freqs()
    spectra = [eis.simulate(c, f, TRUE * [1, 1 + 0.1 * k, 1, 1], relative_noise=0.01, seed=k)
               for k in range(8)]
    serial = [eis.fit(c, f, z) for z in spectra]
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(lambda z: eis.fit(c, f, z), spectra))
    for a, b in zip(serial, threaded):
        np.testing.assert_array_equal(a.parameters, b.parameters)
        assert a.chi_square == b.chi_square
