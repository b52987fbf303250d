#!/usr/bin/env bash
# Compiles examples/models/small_cnn.onnx for isaac, simulates it in every
# mode against the float reference and prints the estimate and the measured
# report.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/bin
out=build/example
mkdir -p "$out"
/usr/bin/python3 -c "
import numpy as np
np.save('$out/input.npy', np.random.default_rng(0).standard_normal((1, 3, 16, 16)).astype(np.float32))"
echo "== compile (estimate) =="
$bin/cim-translate --compile examples/models/small_cnn.onnx --arch=isaac \
  --modes=w8a8,w4a4 -o "$out/small_cnn.cimb"
echo "== simulate (measured, every mode, against the float reference) =="
$bin/cim-sim "$out/small_cnn.cimb" --input=input:"$out/input.npy" --mode=all \
  --compare-reference=examples/models/small_cnn.onnx --output-dir="$out"
