"""Issue 11: 2000 synthetic spectra fitted on a Dask LocalCluster (2 worker processes),
partitioned by file, give exactly the serial result (python/examples/dask_fit.py checks
bit-identity of parameters, standard errors, chi-square and usable per spectrum)."""
import os
import subprocess
import sys

from conftest import SOURCE_DIR


def test_dask_run_of_2000_spectra_is_identical_to_serial():
    p = subprocess.run([sys.executable, str(SOURCE_DIR / "python" / "examples" / "dask_fit.py"),
                        "--spectra", "2000", "--workers", "2"], capture_output=True, text=True,
                       timeout=900, env=dict(os.environ), check=False)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "spectra: 2000 in 80 files, 40 partitions" in p.stdout
    assert "identical to the serial run: yes" in p.stdout
    usable = [line for line in p.stdout.splitlines() if line.startswith("usable fits:")]
    done, total = usable[0].split(":")[1].strip().split("/")
    assert int(done) >= 0.99 * int(total)
