#!/usr/bin/env bash
# Proves that libeis works as an installed CMake package (find_package) and through
# add_subdirectory. Usage: tests/package/run.sh [WORKDIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-$(mktemp -d)}
gen=()
command -v ninja >/dev/null && gen=(-G Ninja)
# EIS_PACKAGE_INSTALL_FROM=BUILD_DIR installs an existing (already built) build tree instead of
# building the library again: CI passes its Release build to save a library build.
if [ -n "${EIS_PACKAGE_INSTALL_FROM:-}" ]; then
  cmake --install "$EIS_PACKAGE_INSTALL_FROM" --prefix "$work/prefix" >/dev/null
else
  cmake -S "$root" -B "$work/lib" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release -DEIS_BUILD_TESTS=OFF \
    -DEIS_BUILD_TOOLS=OFF -DEIS_BUILD_EXAMPLES=OFF -DCMAKE_INSTALL_PREFIX="$work/prefix" >/dev/null
  cmake --build "$work/lib" -j2 >/dev/null
  cmake --install "$work/lib" >/dev/null
fi
# The C API: header and libeis_c installed, usable from strict C89.
libdir=$(dirname "$(find "$work/prefix" -name 'libeis_c.so' | head -n 1)")
cc -std=c89 -pedantic -Wall -Wextra -Werror -I"$work/prefix/include" \
  "$root/tests/package/c_consumer.c" -L"$libdir" -leis_c -lm -o "$work/c_consumer"
LD_LIBRARY_PATH="$libdir" "$work/c_consumer"
cmake -S "$root/tests/package/find_package" -B "$work/fp" "${gen[@]}" \
  -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/fp" >/dev/null
"$work/fp/consumer"
cmake -S "$root/tests/package/subdirectory" -B "$work/sub" "${gen[@]}" -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$work/sub" -j2 >/dev/null
"$work/sub/consumer"
echo "package: find_package, add_subdirectory and C API consumers passed"
