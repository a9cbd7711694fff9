#!/usr/bin/python3
"""Fit thousands of spectra on a Dask cluster, partitioned by file, and check that the result
is identical to a serial run in this process.

    PYTHONPATH=build/python python3 python/examples/dask_fit.py --spectra 2000 --workers 2

Without --scheduler it starts a distributed.LocalCluster on this machine; with
--scheduler tcp://HOST:8786 the same code runs on a real cluster (the workers need the eis
package importable and the --dir folder on a shared file system).

The synthetic spectra (R0-p(R1,CPE1) with random parameters and 0.5 % noise) are written as
multi-spectrum CSV files (the `eis read` layout) into --dir; each Dask partition is a group of
files, so a task reads and fits whole files and only small result records travel back.
"""
import argparse
import os
import sys
import tempfile
import time

import numpy as np

import eis

CIRCUIT = "R0-p(R1,CPE1)"


def write_spectra(directory, count, per_file, seed):
    """count synthetic spectra into files of per_file spectra each; returns the file paths."""
    rng = np.random.default_rng(seed)
    circuit = eis.Circuit(CIRCUIT)
    f = eis.log_spaced_frequencies(0.1, 1e6, 7)
    paths = []
    for first in range(0, count, per_file):
        path = os.path.join(directory, f"spectra_{first // per_file:05d}.csv")
        with open(path, "w") as out:
            out.write("file,spectrum,frequency_hz,z_real_ohm,z_imag_ohm\n")
            for k in range(first, min(first + per_file, count)):
                params = [rng.uniform(5, 50), 10 ** rng.uniform(2, 5), 10 ** rng.uniform(-9, -6),
                          rng.uniform(0.7, 0.95)]
                z = eis.simulate(circuit, f, params, relative_noise=0.005, seed=k)
                for fi, zi in zip(f, z):
                    out.write(f"synthetic,{k},{fi!r},{zi.real!r},{zi.imag!r}\n")
        paths.append(path)
    return paths


def fit_files(paths):
    """The work of one partition: read every file of the group and fit each spectrum."""
    records = []
    for path in paths:
        for s in eis.read(path):
            r = eis.fit(CIRCUIT, s.frequency_hz, s.z)
            records.append((os.path.basename(path), s.metadata["extra"].get("source_file", ""),
                            r.parameters, r.standard_errors, r.chi_square, r.usable))
    return records


def run_dask(groups, args):
    import dask.bag as db
    from distributed import Client, LocalCluster

    if args.scheduler:
        client = Client(args.scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=args.threads,
                               processes=not args.no_processes, dashboard_address=None)
        client = Client(cluster)
    try:
        bag = db.from_sequence(groups, npartitions=len(groups))  # one partition per file group
        return bag.map(fit_files).flatten().compute()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def identical(a, b):
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if x[0] != y[0] or x[1] != y[1] or x[4] != y[4] or x[5] != y[5]:
            return False
        if not (np.array_equal(x[2], y[2]) and np.array_equal(x[3], y[3])):
            return False
    return True


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--spectra", type=int, default=2000, help="number of synthetic spectra")
    p.add_argument("--per-file", type=int, default=25, help="spectra per file")
    p.add_argument("--files-per-partition", type=int, default=2, help="files per Dask task")
    p.add_argument("--workers", type=int, default=2, help="LocalCluster workers")
    p.add_argument("--threads", type=int, default=1, help="threads per worker")
    p.add_argument("--no-processes", action="store_true",
                   help="thread-based workers in this process (the GIL is released in fits)")
    p.add_argument("--scheduler", default="", help="address of an existing Dask scheduler")
    p.add_argument("--dir", default="", help="folder for the spectra (default: a temp dir)")
    p.add_argument("--seed", type=int, default=11, help="seed of the synthetic parameters")
    args = p.parse_args()

    with tempfile.TemporaryDirectory(prefix=f"eis_dask_{os.getpid()}_") as tmp:
        directory = args.dir or tmp
        os.makedirs(directory, exist_ok=True)
        paths = write_spectra(directory, args.spectra, args.per_file, args.seed)
        groups = [paths[i:i + args.files_per_partition]
                  for i in range(0, len(paths), args.files_per_partition)]

        t0 = time.perf_counter()
        serial = [rec for group in groups for rec in fit_files(group)]
        t1 = time.perf_counter()
        distributed = run_dask(groups, args)
        t2 = time.perf_counter()

    same = identical(serial, distributed)
    usable = sum(1 for r in serial if r[5])
    print(f"spectra: {len(serial)} in {len(paths)} files, {len(groups)} partitions")
    print(f"serial: {t1 - t0:.2f} s; dask ({args.scheduler or f'{args.workers} workers'}): "
          f"{t2 - t1:.2f} s including cluster start")
    print(f"usable fits: {usable}/{len(serial)}")
    print(f"identical to the serial run: {'yes' if same else 'NO'}")
    return 0 if same and len(serial) == args.spectra else 1


if __name__ == "__main__":
    sys.exit(main())
