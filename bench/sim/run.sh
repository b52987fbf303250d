#!/usr/bin/env bash
# Simulator and estimator speed, measured side by side in one run
# (docs/performance.md, "Simulator and estimator speed"):
#   (a) cim-sim on ResNet-18 (one input, its first mode w8a8, arch isaac) as a
#       user runs it, --threads=1 and --threads=2, best process wall time of
#       REPEAT runs (/usr/bin/time; includes reading the 47 MB binary and
#       writing the output), and a check that both give the same bytes;
#   (b) cim-bench-sim (bench/sim/sim_bench.cpp, built here in the cim build):
#       the same simulation in-process with 1 and 2 pixel threads, a plain
#       float sgemm of the same layers (same MAC count) on 1 and 2 threads,
#       the MAC rate of both and their ratio, and the estimator's DS-CNN
#       estimates per second (all modes, and one mode).
#
#   bench/sim/run.sh [--repeat N] [--tools DIR] [--work DIR]
#
# The models are exported once into --work (default build-bench-sim/) by
# python/cim/export_models.py (torchvision ResNet-18 and DS-CNN-S, seeded
# random weights, input seed 0) and compiled with
# `cim-translate --compile --arch=isaac`.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
WORK="$ROOT/build-bench-sim"
REPEAT=3
TOOLS="$ROOT/build/bin"
while [ $# -gt 0 ]; do
  case "$1" in
    --repeat) REPEAT="$2"; shift 2 ;;
    --tools) TOOLS="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    *) echo "usage: bench/sim/run.sh [--repeat N] [--tools DIR] [--work DIR]" >&2
       exit 2 ;;
  esac
done
[[ "$REPEAT" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --repeat needs a positive count" >&2; exit 2; }
for t in cim-sim cim-translate; do
  [ -x "$TOOLS/$t" ] || { echo "run.sh: no $TOOLS/$t; build cim first" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time is missing (Debian package 'time')" >&2; exit 1; }
BUILD="$(cd "$TOOLS/.." && pwd)"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"

export CCACHE_BASEDIR="$ROOT"
(
  flock 9
  cmake --build "$BUILD" --target cim-bench-sim >/dev/null
) 9>/tmp/cim-build.lock
BENCH="$BUILD/bin/cim-bench-sim"

# The models, exported and compiled once.
for m in resnet18 ds_cnn; do
  if [ ! -f "$WORK/$m.onnx" ] || [ ! -f "$WORK/$m-input.npy" ]; then
    PYTHONPATH="$ROOT/python" /usr/bin/python3 - "$m" "$WORK" <<'EOF'
import os, sys
import numpy as np
from cim import export_models, npy_tools
name, work = sys.argv[1], sys.argv[2]
shape = export_models.export(name, os.path.join(work, name + ".onnx"), 0)
np.save(os.path.join(work, name + "-input.npy"), npy_tools.random_array(shape, 0))
EOF
  fi
  if [ ! -f "$WORK/$m.cimb" ] || [ "$WORK/$m.cimb" -ot "$TOOLS/cim-translate" ]; then
    "$TOOLS/cim-translate" --compile "$WORK/$m.onnx" --arch=isaac --report=none \
      -o "$WORK/$m.cimb"
  fi
done

# best_wall NAME CMD...: runs CMD REPEAT times, prints the best wall time.
best_wall() {
  local name="$1"; shift
  local best="" wall
  for _ in $(seq "$REPEAT"); do
    /usr/bin/time -f "%e" -o "$WORK/time.txt" "$@" >"$WORK/$name.stdout" 2>"$WORK/$name.stderr" \
      || { echo "run.sh: $name failed:" >&2; cat "$WORK/$name.stderr" >&2; exit 1; }
    wall=$(tail -1 "$WORK/time.txt")
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best="$wall"; fi
  done
  echo "$best"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$REPEAT runs each, best shown"
T1=$(best_wall sim_t1 "$TOOLS/cim-sim" "$WORK/resnet18.cimb" \
  "--input=input:$WORK/resnet18-input.npy" --threads=1 --report=json \
  "--output-dir=$WORK/sim-t1")
T2=$(best_wall sim_t2 "$TOOLS/cim-sim" "$WORK/resnet18.cimb" \
  "--input=input:$WORK/resnet18-input.npy" --threads=2 --report=json \
  "--output-dir=$WORK/sim-t2")
SAME=no
if cmp -s "$WORK/sim_t1.stdout" "$WORK/sim_t2.stdout" &&
   cmp -s "$WORK/sim-t1/output.npy" "$WORK/sim-t2/output.npy"; then SAME=yes; fi

"$BENCH" "$WORK/resnet18.cimb" "$WORK/resnet18-input.npy" "$WORK/ds_cnn.cimb" \
  --repeat "$REPEAT" >"$WORK/bench.txt"

awk -v t1="$T1" -v t2="$T2" -v same="$SAME" '
  /^bench:/ { v[$2] = $3 }
  END {
    printf "| measure | 1 thread | 2 threads |\n|---|---|---|\n"
    printf "| cim-sim ResNet-18 (%s), process wall s | %.2f | %.2f |\n", v["sim_mode"], t1, t2
    printf "| simulate() in-process, s | %.2f | %.2f |\n", v["sim_seconds_t1"], v["sim_seconds_t2"]
    printf "| simulator, MAC/s (%.3g MACs) | %.3g | %.3g |\n", v["sim_macs"], v["sim_mac_rate_t1"], v["sim_mac_rate_t2"]
    printf "| float sgemm of the same layers, s | %.3f | %.3f |\n", v["sgemm_seconds_t1"], v["sgemm_seconds_t2"]
    printf "| float sgemm, MAC/s | %.3g | %.3g |\n", v["sgemm_mac_rate_t1"], v["sgemm_mac_rate_t2"]
    printf "| simulator / sgemm | 1/%.1f | 1/%.1f |\n", 1 / v["sim_over_sgemm_t1"], 1 / v["sim_over_sgemm_t2"]
    printf "\n"
    printf "same bytes at --threads=1 and 2: process %s, in-process %s\n", same, v["sim_threads_identical"]
    printf "ADC conversions simulated: %.3g\n", v["sim_adc_conversions"]
    printf "estimator, DS-CNN (%d modes): %.0f estimates/s of all modes, %.0f/s of one mode\n",
           v["est_modes"], v["est_all_modes_per_s"], v["est_one_mode_per_s"]
    printf "bars: ResNet-18 <= 5 s on 2 cores: %s; >= 1e4 DS-CNN estimates/s: %s\n",
           (t2 <= 5 ? "met" : "MISSED"),
           (v["est_all_modes_per_s"] >= 1e4 ? "met" : "MISSED")
  }' "$WORK/bench.txt"
