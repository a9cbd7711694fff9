#!/usr/bin/python3
"""A simulated acquisition loop: a furnace steps the temperature, the potentiostat delivers a
spectrum every --interval seconds, and each spectrum is fitted (eis.SeriesTracker) and its
conductivity row printed before the next one arrives.

    PYTHONPATH=build/python python3 python/examples/live_tracker.py            # 1 s per spectrum
    PYTHONPATH=build/python python3 python/examples/live_tracker.py --no-sleep # as fast as it fits

In real acquisition code, replace `measure()` with the instrument call; the rest stays.
"""
import argparse
import sys
import time

import numpy as np

import eis

K_B_EV = 8.617333262e-5  # Boltzmann constant, eV/K (CODATA 2018)
# A blocking cell: bulk arc, grain-boundary arc, electrode spike (the tracker's first model).
TRUTH = eis.Circuit("p(R1,CPE1)-p(R2,CPE2)-CPE3")
FREQUENCIES = eis.log_spaced_frequencies(1.0, 1e7, 10)


def measure(temperature_k, k):
    """Stand-in for the potentiostat: bulk and grain-boundary resistances follow Arrhenius
    laws (0.35 eV and 0.45 eV), with 0.2 % noise."""
    r_bulk = 2e4 * np.exp(0.35 / K_B_EV * (1 / temperature_k - 1 / 300.0))
    r_gb = 5e4 * np.exp(0.45 / K_B_EV * (1 / temperature_k - 1 / 300.0))
    params = [r_bulk, 2e-11, 0.92, r_gb, 1e-9, 0.85, 2e-6, 0.9]
    return eis.simulate(TRUTH, FREQUENCIES, params, relative_noise=0.002, seed=k)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--interval", type=float, default=1.0, help="seconds between spectra")
    p.add_argument("--no-sleep", action="store_true", help="do not wait (tests, demos)")
    p.add_argument("--start-k", type=float, default=300.0)
    p.add_argument("--stop-k", type=float, default=400.0)
    p.add_argument("--step-k", type=float, default=10.0)
    p.add_argument("--thickness-cm", type=float, default=0.1)
    p.add_argument("--diameter-cm", type=float, default=1.0)
    args = p.parse_args()
    interval = 0.0 if args.no_sleep else args.interval

    tracker = eis.SeriesTracker(cell="blocking", thickness_cm=args.thickness_cm,
                                diameter_cm=args.diameter_cm)
    temperatures = np.arange(args.start_k, args.stop_k + 0.5 * args.step_k, args.step_k)
    print(eis.series_csv_header() + ",fit_ms", flush=True)
    late = 0
    next_arrival = time.monotonic()
    for k, t in enumerate(temperatures):
        if interval > 0:
            time.sleep(max(0.0, next_arrival - time.monotonic()))
        next_arrival += interval
        z = measure(t, k)  # the spectrum arrives
        t0 = time.monotonic()
        tracker.add(FREQUENCIES, z, t, cycle=1, direction="heating", file=f"T{t:.0f}K")
        fit_ms = 1e3 * (time.monotonic() - t0)
        print(f"{tracker.csv_line()},{fit_ms:.1f}", flush=True)  # before the next spectrum
        if interval > 0 and time.monotonic() > next_arrival:
            late += 1
            print(f"warning: the fit of {t:.0f} K took longer than {interval} s", file=sys.stderr)

    rows = [r for r in tracker.rows if r.usable and r.sigma_total_s_per_cm]
    if len(rows) >= 3:
        a = eis.arrhenius([r.temperature_k for r in rows],
                          [r.sigma_total_s_per_cm for r in rows], form="sigma")
        print(f"# sigma_total: Ea = {a.ea_ev:.3f} +- {a.ea_stderr_ev:.3f} eV over "
              f"{len(rows)} spectra", flush=True)
    return 0 if len(rows) == len(temperatures) and late == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
