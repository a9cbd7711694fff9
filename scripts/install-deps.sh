#!/usr/bin/env bash
# Installs the Debian 12 packages libeis needs to build, test and benchmark.
# As root it runs apt-get; otherwise it prints the command and stops (exit 1).
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config git   # toolchain
  libeigen3-dev                                      # Eigen 3.4 (public dependency)
  libnlopt-dev                                       # NLopt 2.7, C API (global search)
  libboost-dev                                       # Boost.Math (header-only: t, F quantiles)
  libcli11-dev nlohmann-json3-dev                    # the eis program: flags, JSON output
  libgtest-dev libgmock-dev libbenchmark-dev         # tests and benchmarks
  clang clang-format libclang-rt-14-dev              # fuzzers, format check, sanitizer runtimes
  pybind11-dev python3-dev python3-numpy             # the Python module (EIS_BUILD_PYTHON)
  python3-pytest python3-dask python3-distributed    # its tests and the Dask example
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages are installed"
  exit 0
fi
cmd="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages; run as root:" >&2
  echo "  $cmd" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
