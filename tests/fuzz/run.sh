#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) in a build directory and runs
# each for SECONDS seconds (default 60), seeded from the tests/data fixtures. Exits 1 if any
# target crashes, leaks, times out or hits a sanitizer report; the crashing input is saved as
# build-fuzz/artifacts/<target>-crash-<hash>.
#   usage: tests/fuzz/run.sh [SECONDS]      (CI: tests/fuzz/run.sh 15)
#   env:   EIS_FUZZ_BUILD_DIR (default build-fuzz; CI passes its clang sanitizer build),
#          EIS_FUZZ_TARGETS (default: all five)
set -euo pipefail
seconds=${1:-60}
cd "$(dirname "$0")/../.."
root=$PWD
build=${EIS_FUZZ_BUILD_DIR:-$root/build-fuzz}
targets=${EIS_FUZZ_TARGETS:-"mpr ism pssession ivium readers"}

# A build tree already configured with clang and EIS_BUILD_FUZZERS=ON (CI's sanitizer build)
# is used as it is; otherwise a dedicated fuzz-only tree is configured.
if ! grep -qs '^EIS_BUILD_FUZZERS:BOOL=ON' "$build/CMakeCache.txt"; then
  CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
    -DEIS_BUILD_TESTS=OFF -DEIS_BUILD_TOOLS=OFF -DEIS_BUILD_EXAMPLES=OFF -DEIS_INSTALL=OFF \
    -DEIS_BUILD_FUZZERS=ON >/dev/null
fi
cmake --build "$build" -j"$(nproc)" --target $(for t in $targets; do printf 'fuzz_%s ' "$t"; done)

# Seeds: the fixtures of each family plus tests/fuzz/seeds (small synthetic files), and the
# input size limit: large enough for the small real files of the family to stay whole (larger
# ones are cut, which still exercises the truncation paths), small enough for many runs/s.
seeds() {
  case "$1" in
    mpr) find "$root/tests/data" "$root/tests/fuzz/seeds" -type f -iname '*.mpr' ;;
    ism) find "$root/tests/data" "$root/tests/fuzz/seeds" -type f -iname '*.ism' ;;
    pssession) find "$root/tests/data" "$root/tests/fuzz/seeds" -type f -iname '*.pssession' ;;
    ivium) find "$root/tests/data" "$root/tests/fuzz/seeds" -type f \( -iname '*.idf' -o -iname '*.ids' \) ;;
    readers) find "$root/tests/data" "$root/tests/fuzz/seeds" -type f -size -64k ! -name 'LICENSE' ! -name 'NOTICE' ;;
  esac
}
max_len() {
  case "$1" in
    mpr) echo 32768 ;;
    ism) echo 8192 ;;
    *) echo 16384 ;;
  esac
}

mkdir -p "$build/artifacts"
failed=()
for t in $targets; do
  corpus="$build/corpus/$t"
  seed_dir="$build/seeds/$t"
  rm -rf "$seed_dir"
  mkdir -p "$corpus" "$seed_dir"
  i=0
  while IFS= read -r f; do
    cp "$f" "$seed_dir/seed$i"
    i=$((i + 1))
  done < <(seeds "$t")
  echo "=== fuzz_$t: ${seconds} s, $i seed files"
  if ! ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2560 \
      -malloc_limit_mb=1024 -max_len="$(max_len "$t")" -print_final_stats=1 \
      -artifact_prefix="$build/artifacts/$t-" "$corpus" "$seed_dir" \
      >"$build/fuzz_$t.log" 2>&1; then
    failed+=("$t")
    echo "fuzz_$t FAILED; last lines of $build/fuzz_$t.log:"
    tail -n 40 "$build/fuzz_$t.log"
  else
    grep -E "^stat::number_of_executed_units|^Done" "$build/fuzz_$t.log" | tr '\n' ' '
    echo
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: crashes in: ${failed[*]}"
  exit 1
fi
echo "fuzz: all targets ran ${seconds} s without a crash"
