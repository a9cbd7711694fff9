"""libeis for Python: impedance spectroscopy and ionic-conductivity analysis.

numpy in, numpy out. Inputs (float64 / complex128, C-contiguous) are read in place; results
are dataclass-like objects (attribute access, ``to_dict()``). The computation runs in C++ with
the GIL released, so other Python threads keep running during a fit.

    import eis
    spectra = eis.read("cell.mpt")
    s = spectra[0]
    r = eis.fit("R0-p(R1,CPE1)", s.frequency_hz, s.z)
    print(r.names, r.parameters, r.standard_errors, r.usable)

Errors: bad input raises ``eis.InvalidArgument`` / ``eis.ParseError`` (both ``ValueError``),
unreadable files ``eis.IoError`` (an ``OSError``); all derive from ``eis.Error``. Numerical
outcomes (a fit that did not converge, a failed KK test) are not errors: see ``usable`` and
``message`` of the result.
"""

from __future__ import annotations

import os as _os

import numpy as _np

from . import _eis
from ._eis import (  # noqa: F401  (re-exported)
    Circuit,
    Error,
    InvalidArgument,
    IoError,
    ParseError,
    log_spaced_frequencies,
    reader_names,
    series_csv_header,
    simulate,
)

__version__ = _eis.__version__

__all__ = [
    "Circuit", "Error", "InvalidArgument", "IoError", "ParseError", "Result", "Spectrum",
    "Voltammogram", "FitResult", "LinKkResult", "DrtResult", "SeriesResult", "ConductivityRow",
    "ArrheniusResult", "VtfResult", "TransitionAnalysis", "CycleComparison", "CvResult",
    "SeriesTracker", "read", "read_file", "fit", "lin_kk", "drt", "series", "arrhenius", "vtf",
    "transitions", "compare_cycles", "cv", "simulate", "log_spaced_frequencies", "reader_names",
    "series_csv_header",
]


def _plain(value):
    """numpy arrays → lists, results → dicts, recursively (for JSON and printing)."""
    if isinstance(value, Result):
        return value.to_dict()
    if isinstance(value, _np.ndarray):
        return value.tolist()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, _np.generic):
        return value.item()
    return value


class Result:
    """A dataclass-like record: fields as attributes, ``to_dict()``, equality by value.

    ``to_dict()`` returns plain Python values (numpy arrays become lists; complex numbers stay
    Python ``complex``); ``fields()`` lists the field names in order.
    """

    _summary: tuple = ()

    def __init__(self, fields: dict):
        self.__dict__["_fields"] = tuple(fields)
        self.__dict__.update(fields)

    def fields(self):
        return self._fields

    def to_dict(self):
        return {k: _plain(getattr(self, k)) for k in self._fields}

    def __eq__(self, other):
        if type(other) is not type(self) or other._fields != self._fields:
            return NotImplemented
        for k in self._fields:
            a, b = getattr(self, k), getattr(other, k)
            if isinstance(a, _np.ndarray) or isinstance(b, _np.ndarray):
                if not _np.array_equal(a, b):
                    return False
            elif a != b:
                return False
        return True

    __hash__ = None

    def __repr__(self):
        shown = self._summary or self._fields[:4]
        parts = []
        for k in shown:
            v = getattr(self, k)
            if isinstance(v, _np.ndarray):
                v = f"array(shape={v.shape}, dtype={v.dtype})"
            parts.append(f"{k}={v!r}")
        return f"{type(self).__name__}({', '.join(parts)})"


class Spectrum(Result):
    """An impedance spectrum: ``frequency_hz`` (Hz), ``z`` (Ω, complex, capacitive Z'' < 0),
    ``time_s`` (may be empty), ``metadata`` (dict), ``warnings``, ``file``, ``reader``."""

    _summary = ("file", "frequency_hz", "z")


class Voltammogram(Result):
    """A voltammogram: ``time_s``, ``potential_v``, ``current_a`` (anodic > 0), ``cycle``."""

    _summary = ("file", "potential_v", "current_a")


class FitResult(Result):
    """Outcome of ``fit``: ``names``, ``parameters``, ``standard_errors``, ``covariance``,
    ``ci_lower``/``ci_upper``, ``chi_square``, ``usable``, ``message``, ... (see FitResult in
    <eis/fit/result.hpp>)."""

    _summary = ("circuit", "names", "parameters", "usable")

    def parameter_dict(self):
        """{name: value}"""
        return dict(zip(self.names, self.parameters.tolist()))


class LinKkResult(Result):
    _summary = ("passed", "elements", "mu", "message")


class DrtResult(Result):
    _summary = ("lambda_", "r_inf_ohm", "polarisation_ohm", "usable")


class ConductivityRow(Result):
    """One spectrum of a series: resistances (Ω), capacitances (F), conductivities (S/cm);
    ``None`` where a quantity is not resolved."""

    _summary = ("file", "temperature_k", "sigma_total_s_per_cm", "model", "usable")


class SpectrumAnalysis(Result):
    _summary = ("row",)


class SeriesResult(Result):
    _summary = ("rows",)


class ArrheniusResult(Result):
    _summary = ("form", "ea_ev", "ea_stderr_ev", "log10_prefactor")


class VtfResult(Result):
    """Outcome of ``vtf``: ``t0_k``, ``b_k``, ``b_ev``, ``log10_prefactor`` with ``*_stderr``
    and ``*_ci`` intervals, ``correlation_b_t0``, fit statistics (<eis/conductivity/vtf.hpp>)."""

    _summary = ("form", "t0_k", "b_ev", "log10_prefactor")


class TransitionAnalysis(Result):
    """Outcome of ``transitions``: ``runs`` (one dict per cycle and direction) and
    ``hysteresis``; ``transition_temperatures_k()`` lists each run's breakpoints."""

    _summary = ("runs", "hysteresis", "usable")

    def transition_temperatures_k(self):
        """{(cycle, direction): [T_c in K, ...]}"""
        return {(r["cycle"], r["direction"]): [t["temperature_k"] for t in r["transitions"]]
                for r in self.runs}


class CycleComparison(Result):
    """Outcome of ``compare_cycles``: ``entries`` by temperature then cycle, ``runs``."""

    _summary = ("direction", "reference_cycle", "temperatures_k", "entries")


class CvResult(Result):
    _summary = ("scan_rate_v_per_s", "cycles", "stability")


def _spectrum(d, file, reader):
    d = dict(d)
    d["file"] = file
    d["reader"] = reader
    return Spectrum(d)


def read_file(path, reader: str = ""):
    """Everything in an instrument file: a Result with ``spectra`` (list of Spectrum),
    ``voltammograms``, ``reader`` and ``warnings``. ``reader`` forces a format (see
    ``reader_names()``). Raises IoError / ParseError."""
    d = _eis._read(_os.fspath(path), reader)
    d["spectra"] = [_spectrum(s, d["file"], d["reader"]) for s in d["spectra"]]
    vs = []
    for v in d["voltammograms"]:
        v = dict(v)
        v["file"] = d["file"]
        vs.append(Voltammogram(v))
    d["voltammograms"] = vs
    return Result(d)


def read(path, reader: str = ""):
    """The impedance spectra of a file, as a list of Spectrum (numpy ``frequency_hz`` and
    complex128 ``z``, ``metadata`` dict)."""
    return read_file(path, reader).spectra


def _circuit(circuit):
    return circuit if isinstance(circuit, Circuit) else Circuit(str(circuit))


def fit(circuit, frequency_hz, z, initial=None, **options):
    """Complex nonlinear least-squares fit of ``circuit`` (a Circuit or its string) to the
    spectrum. ``initial``: one value per parameter, or None for automatic initial values.

    Options (as FitOptions in <eis/fit/options.hpp>): weighting ("modulus", "unit",
    "proportional", "statistical"), domain ("impedance", "admittance"), fixed ({name: value}),
    bounds ({name: (lower, upper)}), fmin_hz, fmax_hz, drop_inductive, max_iterations,
    max_evaluations, multi_starts, always_multi_start, global_search, global_evaluations, seed,
    compute_covariance, confidence_level, sigma_real, sigma_imag, proportional_floor,
    relative_step_tolerance, function_tolerance, gradient_tolerance, geodesic_acceleration,
    reparameterise_arcs, singular_value_cutoff.

    ``on_iteration``: a callable run after every Levenberg–Marquardt iteration with a dict
    (start, iteration, evaluations, chi_square, damping, parameters). It runs with the GIL held
    while the fit itself does not; return False to stop the fit (``termination`` becomes
    "cancelled", the best parameters so far are kept); an exception it raises propagates.
    """
    return FitResult(_eis._fit(_circuit(circuit), frequency_hz, z, initial, options))


def lin_kk(frequency_hz, z, **options):
    """Lin-KK test (Schönleber 2014). Options as LinKkOptions: domain, elements,
    mu_threshold, max_elements, capacitance, inductance, noise_level, ..."""
    return LinKkResult(_eis._lin_kk(frequency_hz, z, options))


def drt(frequency_hz, z, **options):
    """Distribution of relaxation times (Tikhonov, non-negative). Options as DrtOptions:
    basis, derivative_order, lambda_method ("l-curve", "gcv", "re-im", "discrepancy", "k-fold",
    "fixed"), lambda_, lambda_min, lambda_max, noise_level, discrepancy_factor, folds,
    inductance, series_capacitance, weighting, non_negative, credible_level, min_significance
    (a peak is merged into its neighbour unless its prominence exceeds this many σ),
    uncertainty (False skips the posterior), ...
    The result has γ's posterior ``gamma_sd_ohm`` and credible band ``gamma_lower_ohm`` /
    ``gamma_upper_ohm``; each peak its ``significance``."""
    return DrtResult(_eis._drt(frequency_hz, z, options))


def _row(d):
    return ConductivityRow(d)


def _analysis(d):
    d = dict(d)
    d["row"] = _row(d["row"])
    d["fit"] = FitResult(d["fit"])
    return SpectrumAnalysis(d)


def series(inputs, *, thickness_cm, area_cm2=None, diameter_cm=None, cell="blocking",
           **options):
    """Fits a temperature series like ``eis series``.

    ``inputs``: a manifest CSV path (columns file, temperature_k|temperature_c, cycle,
    direction) or a list of spectrum files (temperatures from ``temperatures_k`` or from the
    files' metadata; ``cycle``, ``direction`` apply to all). Cell: ``cell`` ("blocking",
    "non-blocking"), ``thickness_cm`` and one of ``area_cm2`` / ``diameter_cm`` (optional
    ``*_err_*`` uncertainties). Options: criterion ("aic", "aicc", "bic"), criterion_margin,
    threads, try_automatic_start, fit_options (dict of fit() options), reader, spectrum,
    tied_bulk_arrhenius (also fit each run with R_bulk(T) tied to the σT-Arrhenius law, as
    ``eis series --tied``), tied_t_min_k, tied_t_max_k.
    Returns a SeriesResult with ``rows`` (ConductivityRow), ``analyses``, ``warnings``,
    ``comparison`` (σ_total between runs: ``ratios``, ``decay``, ``hysteresis``) and ``tied``
    (one dict per run with the tied fit's ``ea_ev``, ``ea_stderr_ev``, ... when asked for).
    """
    if not isinstance(inputs, (str, _os.PathLike)):
        inputs = [_os.fspath(p) for p in inputs]
    options.update(thickness_cm=thickness_cm, area_cm2=area_cm2, diameter_cm=diameter_cm,
                   cell=cell)
    d = _eis._series(inputs, options)
    d["rows"] = [_row(r) for r in d["rows"]]
    d["analyses"] = [_analysis(a) for a in d["analyses"]]
    return SeriesResult(d)


class SeriesTracker:
    """Live conductivity analysis: ``add()`` one spectrum as it is measured, get its
    ConductivityRow back (fitted from the previous spectrum of the same run, as
    ``series()`` does offline).

        tracker = eis.SeriesTracker(thickness_cm=0.1, diameter_cm=1.0)
        row = tracker.add(f, z, temperature_k=300.0)
        print(tracker.csv_line())
    """

    def __init__(self, *, thickness_cm, area_cm2=None, diameter_cm=None, cell="blocking",
                 **options):
        options.update(thickness_cm=thickness_cm, area_cm2=area_cm2, diameter_cm=diameter_cm,
                       cell=cell)
        self._tracker = _eis._SeriesTracker(**options)

    def add(self, frequency_hz, z, temperature_k, cycle=1, direction="heating", file=""):
        """Fits one spectrum of run (cycle, direction) and returns its ConductivityRow."""
        return _row(self._tracker.add(frequency_hz, z, float(temperature_k), int(cycle),
                                      direction, file))

    def last(self):
        """The full analysis (row, chosen fit, candidates) of the last spectrum added."""
        return _analysis(self._tracker.last())

    @property
    def rows(self):
        return [_row(r) for r in self._tracker.rows()]

    def csv_line(self, index=-1):
        """Row ``index`` in the CSV layout of ``eis series`` (header: series_csv_header())."""
        return self._tracker.csv_line(index)

    def __len__(self):
        return len(self._tracker)


def arrhenius(temperature_k, sigma_s_per_cm, sigma_stderr_s_per_cm=None, *, form="sigma_t",
              use_uncertainties=True, weight_scale="relative", confidence=0.95):
    """Arrhenius fit of σ (form "sigma") or σT (form "sigma_t") against 1/T: activation
    energy ``ea_ev`` ± ``ea_stderr_ev``, ``log10_prefactor``, ..."""
    return ArrheniusResult(_eis._arrhenius(temperature_k, sigma_s_per_cm, sigma_stderr_s_per_cm,
                                           form, use_uncertainties, weight_scale, confidence))


def vtf(temperature_k, sigma_s_per_cm, sigma_stderr_s_per_cm=None, **options):
    """Vogel–Tammann–Fulcher fit σ = A·T^(−1/2)·exp(−B/(T − T0)) (form "vtf") or
    σ = A·exp(−B/(T − T0)) (form "vtf-plain"): ``t0_k``, ``b_k``, ``b_ev`` (k_B·B),
    ``log10_prefactor`` with standard errors and intervals. Options as VtfOptions: form,
    use_uncertainties, weight_scale ("relative", "absolute"), t0_margin_k, t0_min_k,
    profile_grid_points, max_iterations, confidence."""
    return VtfResult(_eis._vtf(temperature_k, sigma_s_per_cm, sigma_stderr_s_per_cm, options))


def transitions(temperature_k, sigma_s_per_cm, sigma_stderr_s_per_cm=None, *, cycle=None,
                direction=None, **options):
    """Order–disorder transitions in σ(T), as ``eis arrhenius``: each run (cycle, direction)
    is split into segments by 0–2 breakpoints (jumps or kinks, chosen by BIC and a bootstrap),
    each segment fitted by Arrhenius or VTF. ``cycle`` / ``direction`` ("heating", "cooling",
    "unknown"): one value for all points or one per point. Returns a TransitionAnalysis with
    ``runs`` (points, segments, transitions with ``temperature_k`` and ``ci_k``, screen,
    candidates) and ``hysteresis`` (heating − cooling transition temperature per cycle).
    Options as TransitionOptions: law ("arrhenius", "arrhenius-t", "vtf", "auto"), form
    ("sigma", "sigma_t"), breakpoints ("auto", "none", 0, 1, 2), max_breakpoints, kind ("any",
    "jump", "continuous"), min_points_per_segment, bootstrap_draws, significance, seed,
    use_uncertainties, confidence, screen_z_threshold, screen_ea_threshold_ev, vtf_form."""
    return TransitionAnalysis(_eis._transitions(temperature_k, sigma_s_per_cm,
                                                sigma_stderr_s_per_cm, cycle, direction, options))


def compare_cycles(temperature_k, sigma_s_per_cm, sigma_stderr_s_per_cm=None, *, cycle,
                   direction="heating", temperatures_k=None, reference_cycle=None,
                   compare_direction="heating", **options):
    """Compares σ between cycles (``eis arrhenius --compare-at``): every run is analysed as in
    ``transitions()``, then σ of each run of ``compare_direction`` is interpolated along its
    fitted segment at ``temperatures_k`` (default: the lowest temperature all runs cover) and
    divided by the reference cycle's (default: the first). Returns a CycleComparison with
    ``entries`` (cycle, temperature_k, sigma_s_per_cm, sigma_ratio,
    log10_change_from_previous, delta_ea_ev, delta_transition_k) and the analysed ``runs``.
    Other options as ``transitions()``."""
    options.update(temperatures_k=temperatures_k, reference_cycle=reference_cycle,
                   compare_direction=compare_direction)
    return CycleComparison(_eis._compare_cycles(temperature_k, sigma_s_per_cm,
                                                sigma_stderr_s_per_cm, cycle, direction, options))


def cv(potential_v, current_a=None, time_s=None, cycle=None, *, area_cm2=None,
       scan_rate_v_per_s=None, **options):
    """Voltammogram analysis: ``segments`` (sweeps), ``peaks`` and ``pairs``, the
    electrochemical ``stability`` window, and with ``plating=True`` plating/stripping charges.

    Pass arrays (V, A, s) or a Voltammogram from read_file(). Options: onset_method
    ("threshold", "tangent"), threshold_ma_per_cm2, threshold_a, consecutive_points, plating,
    plating_potential_v."""
    if isinstance(potential_v, Voltammogram):
        v = potential_v
        potential_v, current_a, time_s = v.potential_v, v.current_a, v.time_s
        cycle = v.cycle if cycle is None and len(v.cycle) else cycle
        area_cm2 = v.metadata.get("area_cm2") if area_cm2 is None else area_cm2
        if scan_rate_v_per_s is None:
            scan_rate_v_per_s = v.metadata.get("scan_rate_v_per_s")
    if current_a is None or time_s is None:
        raise TypeError("cv() needs potential_v, current_a and time_s (or a Voltammogram)")
    return CvResult(_eis._cv(time_s, potential_v, current_a, cycle, area_cm2, scan_rate_v_per_s,
                             options))
