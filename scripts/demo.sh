#!/usr/bin/env bash
# The demo: runs the eis program from BUILD_DIR (default build) and writes its results into
# eis-demo-output/ at the repository root (the folder is printed at the end).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
eis="$root/$build/tools/eis"
out="$root/eis-demo-output"
mkdir -p "$out"
"$eis" --version

# A solid-electrolyte pellet between ion-blocking Au electrodes (METHODS.md §2.3): bulk arc
# (pF), grain-boundary arc (nF) and the blocking-electrode spike (µF), plus a lead resistance.
circuit='R0-p(R1,CPE1)-p(R2,CPE2)-CPE3'
params='20,2e5,5e-12,0.95,8e5,2e-9,0.85,3e-6,0.9'
echo
echo "== eis circuit '$circuit' (parameters, units, default bounds)"
"$eis" circuit "$circuit" | tee "$out/circuit_parameters.csv"

echo
echo "== eis simulate: 0.1 Hz .. 10 MHz, 10 points per decade, 0.5 % noise (seed 1)"
echo "   R0 = 20 ohm; bulk R1 = 200 kohm, Q1 = 5 pF s^(n-1), n1 = 0.95;"
echo "   grain boundary R2 = 800 kohm, Q2 = 2 nF s^(n-1), n2 = 0.85; electrode Q3 = 3 uF s^(n-1), n3 = 0.9"
"$eis" simulate --circuit "$circuit" --params "$params" --freq-min 0.1 --freq-max 1e7 \
  --points-per-decade 10 --noise 0.005 --seed 1 > "$out/simulated_pellet.csv"
"$eis" simulate --circuit "$circuit" --params "$params" --freq-min 0.1 --freq-max 1e7 \
  --points-per-decade 10 > "$out/simulated_pellet_noise_free.csv"
# every 10th row (one per decade) of the noisy spectrum as a table
awk -F, 'NR == 1 || (NR - 2) % 10 == 0 { printf "%14s %16s %16s\n", $1, $2, $3 }' \
  "$out/simulated_pellet.csv"
echo "($(($(wc -l < "$out/simulated_pellet.csv") - 1)) points)"

# Temperature series: the seven EISFitpython spectra (140–200 °C, examples/data/eisfitpython,
# MIT, see its NOTICE) -> conductivity per spectrum, Nyquist plots per run, sigma vs 1000/T.
series_out="$out/series"
mkdir -p "$series_out"
echo
echo "== eis series: EISFitpython pellet s04147, 140..200 C (examples/data/eisfitpython)"
"$eis" series "$root/examples/data/eisfitpython/manifest.csv" --cell blocking \
  --thickness-cm 0.21 --diameter-cm 0.8 --plot "$series_out/plots" \
  > "$series_out/conductivity.csv"
cut -d, -f1,4,5,7,14 "$series_out/conductivity.csv"
# Activation energy of sigma_total from that table (EISFitpython's report: 0.8555 eV).
if "$eis" --help 2>/dev/null | grep -qE "^ +arrhenius"; then
  echo
  echo "== eis arrhenius on that table (sigma*T form, no transition)"
  "$eis" arrhenius "$series_out/conductivity.csv" --law arrhenius-t --transitions none \
    --format json > "$series_out/arrhenius.json"
  grep -o '"ea_ev": *[0-9.e-]*' "$series_out/arrhenius.json" | head -1
fi

# Is the 140 °C spectrum trustworthy, and how many processes does it hold? Lin-KK residuals and
# the distribution of relaxation times (series C for the electrode tail), with plots.
drt_out="$out/kk_drt"
mkdir -p "$drt_out"
spectrum="$root/examples/data/eisfitpython/s04147-140deg.txt"
echo
echo "== eis kk and eis drt: s04147-140deg.txt (plots in $drt_out)"
"$eis" kk "$spectrum" --series-c --format json --plot "$drt_out" > "$drt_out/kk.json"
grep -o '"message": *"[^"]*"' "$drt_out/kk.json" || true
"$eis" drt "$spectrum" --series-c --plot "$drt_out" > "$drt_out/drt_peaks.csv"
cut -d, -f1-3 "$drt_out/drt_peaks.csv"

echo
echo "demo output: $out"
ls -1 "$out"
