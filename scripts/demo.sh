#!/usr/bin/env bash
# The demo: runs the eis program from BUILD_DIR (default build) on bundled example data.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
eis="$root/$build/tools/eis"
"$eis" --version
