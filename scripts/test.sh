#!/usr/bin/env bash
# Builds cim and runs every test (lit tests, unit tests, Python tests, the
# conformance suite and 40,000 seeded inputs of the ONNX fuzzer) under ctest;
# ctest's closing line is the summary CI reads.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/install-ort.sh build/ort
./scripts/build.sh
# The clang-built ONNX fuzzer that the ctest fuzz/onnx_fuzzer-seeded runs.
./bench/fuzz onnx_fuzzer build
cd build
ctest -j"$(nproc)" --output-on-failure
