#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build (Release) and run the demo on the
# bundled example data. Output goes to build/ and the folder the demo names.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
bash scripts/demo.sh build
