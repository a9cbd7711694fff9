#!/usr/bin/env bash
# The demo: runs the eis program from BUILD_DIR (default build) on bundled example data.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
eis="$root/$build/tools/eis"
"$eis" --version

# Temperature series: the seven EISFitpython spectra (140–200 °C, examples/data/eisfitpython,
# MIT, see its NOTICE) → conductivity per spectrum, Nyquist plots per run, σ vs 1000/T.
out="$root/eis-demo-output/series"
mkdir -p "$out"
"$eis" series "$root/examples/data/eisfitpython/manifest.csv" --cell blocking \
  --thickness-cm 0.21 --diameter-cm 0.8 --plot "$out/plots" > "$out/conductivity.csv"
echo "demo: conductivity table written to $out/conductivity.csv" >&2
cat "$out/conductivity.csv"
# Activation energy of σ_total from that table (EISFitpython's report: 0.8555 eV).
if "$eis" --help 2>/dev/null | grep -qE "^ +arrhenius"; then
  "$eis" arrhenius "$out/conductivity.csv" --law arrhenius-t --transitions none --format json \
    > "$out/arrhenius.json"
  echo "demo: Arrhenius fit written to $out/arrhenius.json" >&2
  cat "$out/arrhenius.json"
fi
