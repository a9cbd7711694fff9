#!/usr/bin/env bash
# Quick start, command 2: build (Release) and run every test, slow ones included: C++ unit and
# CLI tests, the C API tests, the Python module's tests (with the Dask run). Extra CMake
# arguments are passed on (CI adds -DEIS_WERROR=ON).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DEIS_BUILD_PYTHON=ON \
  -DPython3_EXECUTABLE=/usr/bin/python3 "$@"
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)"
