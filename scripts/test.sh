#!/usr/bin/env bash
# Builds cim and runs every test (lit tests, unit tests, Python tests) under
# ctest; ctest's closing line is the summary CI reads.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/install-ort.sh build/ort
./scripts/build.sh
cd build
ctest -j"$(nproc)" --output-on-failure
