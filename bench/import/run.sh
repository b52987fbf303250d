#!/usr/bin/env bash
# Import speed and memory of a ResNet-50-sized model, measured side by side in
# one run (docs/performance.md):
#   (a) protobuf alone reading and parsing the file (parse_only, built here),
#   (b) the import proper: cim::importONNXFile in-process, file -> module in
#       memory, nothing printed (import_only, built here against the
#       importer of the cim build in --tools/..),
#   (c) cim-translate --import-onnx writing the MLIR file (the weights as hex
#       text: a figure of its own, not the import),
#   (d) the same with resource strings elided and the output discarded,
#   (e) cim-translate --import-onnx --emit-bytecode writing MLIR bytecode
#       (the weights as raw blobs): the tool as a user runs it.
# Each is run REPEAT times; the table shows the best wall time and the largest
# peak RSS (/usr/bin/time), the best in-process time that parse_only and
# import_only print, and the ratios against the bars of issue 3 (for the
# import proper, (b)): import time <= 2x protobuf's, peak RSS <= 2x the file.
#
#   bench/import/run.sh [--model FILE.onnx] [--repeat N] [--tools DIR]
#
# Without --model, build-bench-import/resnet50.onnx is made once by
# make_model.py (torchvision's resnet50 if torch is there, else the same
# layer shapes with onnx.helper).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
BUILD="$ROOT/build-bench-import"
MODEL=""
REPEAT=3
TOOLS="$ROOT/build/bin"
while [ $# -gt 0 ]; do
  case "$1" in
    --model) MODEL="$2"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    --tools) TOOLS="$2"; shift 2 ;;
    *) echo "usage: bench/import/run.sh [--model FILE.onnx] [--repeat N] [--tools DIR]" >&2
       exit 2 ;;
  esac
done
[[ "$REPEAT" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --repeat needs a positive count" >&2; exit 2; }
[ -x "$TOOLS/cim-translate" ] || { echo "run.sh: no $TOOLS/cim-translate; build cim first" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time is missing (Debian package 'time')" >&2; exit 1; }

export CCACHE_BASEDIR="$ROOT"
(
  flock 9
  if [ ! -f "$BUILD/build.ninja" ]; then
    cmake -G Ninja -S "$ROOT/bench/import" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  cmake -DCIM_BUILD_DIR="$(cd "$TOOLS/.." && pwd)" "$BUILD" >/dev/null
  cmake --build "$BUILD" >/dev/null
) 9>/tmp/cim-build.lock

if [ -z "$MODEL" ]; then
  MODEL="$BUILD/resnet50.onnx"
  [ -f "$MODEL" ] || /usr/bin/python3 "$ROOT/bench/import/make_model.py" "$MODEL"
fi
SIZE=$(stat -c %s "$MODEL")
OUT="$BUILD/out"
mkdir -p "$OUT"

# measure NAME CMD...: runs CMD REPEAT times; prints "NAME best_wall max_rss_kb
# best_inprocess" (the last from the tool's own line: parse_only's read + parse,
# import_only's import; "-" for cim-translate).
measure() {
  local name="$1"; shift
  local best="" rss=0 inproc="" wall kb t
  for _ in $(seq "$REPEAT"); do
    /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" >"$OUT/$name.stdout" 2>"$OUT/$name.stderr" \
      || { echo "run.sh: $name failed:" >&2; cat "$OUT/$name.stderr" >&2; exit 1; }
    read -r wall kb <"$OUT/time.txt"
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best="$wall"; fi
    [ "$kb" -gt "$rss" ] && rss="$kb"
    t=$(awk '/^parse_only:/ { print $5 + $8 } /^import_only:/ { print $3 }' "$OUT/$name.stdout")
    if [ -n "$t" ] && { [ -z "$inproc" ] || awk "BEGIN{exit !($t < $inproc)}"; }; then inproc="$t"; fi
  done
  echo "$name $best $rss ${inproc:--}"
}

echo "model: $MODEL ($SIZE bytes), $REPEAT runs each, $(nproc) cores"
{
  measure parse_only "$BUILD/parse_only" "$MODEL"
  measure import_only "$BUILD/import_only" "$MODEL"
  measure import "$TOOLS/cim-translate" --import-onnx "$MODEL" -o "$OUT/model.mlir"
  measure import_no_print "$TOOLS/cim-translate" --import-onnx "$MODEL" \
    --mlir-elide-resource-strings-if-larger=1 -o /dev/null
  measure import_bytecode "$TOOLS/cim-translate" --import-onnx "$MODEL" \
    --emit-bytecode -o "$OUT/model.mlirbc"
} >"$OUT/results.txt"
grep -h "parse_only:" "$OUT/parse_only.stdout" | sed 's/^/last /'
grep -h "import_only:" "$OUT/import_only.stdout" | sed 's/^/last /'

awk -v size="$SIZE" '
  { wall[$1] = $2; rss[$1] = $3; inproc[$1] = $4 }
  END {
    mb = size / 1e6
    printf "| run | wall s | in-process s | peak RSS MB | wall / protobuf | in-process / protobuf | RSS / file |\n"
    printf "|---|---|---|---|---|---|---|\n"
    n = split("parse_only import_only import import_no_print import_bytecode", names, " ")
    for (i = 1; i <= n; i++) {
      k = names[i]
      ip = inproc[k] == "-" ? "-" : sprintf("%.3f", inproc[k])
      ipr = inproc[k] == "-" ? "-" : sprintf("%.2fx", inproc[k] / inproc["parse_only"])
      printf "| %s | %.2f | %s | %.0f | %.2fx | %s | %.2fx |\n", k, wall[k], ip,
             rss[k] / 1024 * 1.048576, wall[k] / wall["parse_only"], ipr, rss[k] * 1024 / size
    }
    printf "file: %.1f MB. bars for the import proper (import_only): time <= 2x protobuf (in-process %s, process wall %s), peak RSS <= 2x file (%s)\n", mb,
           inproc["import_only"] <= 2 * inproc["parse_only"] ? "met" : "MISSED",
           wall["import_only"] <= 2 * wall["parse_only"] ? "met" : "MISSED",
           rss["import_only"] * 1024 <= 2 * size ? "met" : "MISSED"
    printf "cim-translate --import-onnx (hex text): wall %.2fx, RSS %.2fx; --emit-bytecode: wall %.2fx, RSS %.2fx\n",
           wall["import"] / wall["parse_only"], rss["import"] * 1024 / size,
           wall["import_bytecode"] / wall["parse_only"], rss["import_bytecode"] * 1024 / size
  }' "$OUT/results.txt"
