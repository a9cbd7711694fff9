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

echo
echo "demo output: $out"
ls -1 "$out"
