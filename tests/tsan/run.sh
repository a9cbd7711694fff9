#!/usr/bin/env bash
# ThreadSanitizer over the threaded tests only (ctest label `threads`): builds the library, the
# C API and the threaded test executables (test_threads, test_c_api_threads) with
# -fsanitize=thread in their own build directory, then runs `ctest -L threads`. Any report
# fails the run. Usage: tests/tsan/run.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build-tsan}
jobs=$(nproc)
gen=()
command -v ninja >/dev/null && gen=(-G Ninja)
# -O1 without debug information: quicker to compile than -O2 (reports name the functions; add
# -g1 to CMAKE_CXX_FLAGS_RELWITHDEBINFO for file:line when investigating one).
cmake -S "$root" -B "$build" "${gen[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1" \
  -DEIS_SANITIZE=thread -DEIS_WERROR=OFF -DEIS_BUILD_TESTS=ON -DEIS_BUILD_C_API=ON \
  -DEIS_BUILD_TOOLS=OFF -DEIS_BUILD_EXAMPLES=OFF -DEIS_INSTALL=OFF -DEIS_HEADER_CHECK=OFF \
  -DEIS_BUILD_SLOW_TESTS=OFF >/dev/null
cmake --build "$build" -j"$jobs" --target test_threads test_c_api_threads
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}" \
  ctest --test-dir "$build" --output-on-failure -j"$jobs" -L threads
