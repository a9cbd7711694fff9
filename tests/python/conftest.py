"""Shared helpers of the Python tests: paths of the test data and of the `eis` program.

Run by ctest (label `python`, environment set by python/CMakeLists.txt) or by
tests/python/run.sh; by hand: PYTHONPATH=build/python EIS_TOOL=build/tools/eis
/usr/bin/python3 -m pytest tests/python
"""
import os
import pathlib

import pytest

SOURCE_DIR = pathlib.Path(os.environ.get("EIS_SOURCE_DIR",
                                         pathlib.Path(__file__).resolve().parents[2]))
DATA_DIR = SOURCE_DIR / "tests" / "data"


@pytest.fixture
def data_dir():
    return DATA_DIR


@pytest.fixture
def eis_tool():
    tool = os.environ.get("EIS_TOOL", "")
    if not tool or not os.path.exists(tool):
        pytest.skip("EIS_TOOL (path of the built `eis` program) is not set")
    return tool


def write_spectrum_csv(path, frequency_hz, z):
    """One spectrum in the `eis read` CSV layout; repr() writes every double exactly."""
    with open(path, "w") as out:
        out.write("file,spectrum,frequency_hz,z_real_ohm,z_imag_ohm\n")
        for fi, zi in zip(frequency_hz, z):
            out.write(f"python,0,{float(fi)!r},{zi.real!r},{zi.imag!r}\n")
