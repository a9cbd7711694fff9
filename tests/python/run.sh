#!/usr/bin/env bash
# CI stage "Python": builds only the Python module (target eis_python) and the `eis` program
# (the equivalence tests compare with it), then runs the Python tests (ctest label `python`,
# the Dask test included). Reuses the Release build dir `build` when it exists (CI builds it
# in an earlier stage, so only python/src/module.cpp is compiled here); otherwise, or with an
# argument, configures that dir. Usage: bash tests/python/run.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${1:-}
if [ -z "$dir" ]; then
  if [ -f build/CMakeCache.txt ]; then dir=build; else dir=build-python; fi
fi
jobs=$(nproc)
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DEIS_WERROR=ON -DEIS_BUILD_PYTHON=ON \
  -DEIS_BUILD_TESTS=ON -DPython3_EXECUTABLE=/usr/bin/python3 > /dev/null
cmake --build "$dir" -j"$jobs" --target eis_python eis_tool
ctest --test-dir "$dir" -L python --output-on-failure -j"$jobs"
