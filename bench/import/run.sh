#!/usr/bin/env bash
# Import speed and memory of a ResNet-50-sized model, measured side by side in
# one run (docs/performance.md):
#   (a) protobuf alone reading and parsing the file (parse_only, built here),
#   (b) cim-translate --import-onnx writing the MLIR file,
#   (c) the same import with resource strings elided and the output discarded
#       (where the time goes: import proper vs printing the weights as hex).
# Each is run REPEAT times; the table shows the best wall time and the largest
# peak RSS (/usr/bin/time), and the ratios against the bars of issue 3:
# import wall <= 2x protobuf's, peak RSS <= 2x the file size.
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
  cmake --build "$BUILD" >/dev/null
) 9>/tmp/cim-build.lock

if [ -z "$MODEL" ]; then
  MODEL="$BUILD/resnet50.onnx"
  [ -f "$MODEL" ] || /usr/bin/python3 "$ROOT/bench/import/make_model.py" "$MODEL"
fi
SIZE=$(stat -c %s "$MODEL")
OUT="$BUILD/out"
mkdir -p "$OUT"

# measure NAME CMD...: runs CMD REPEAT times; prints "NAME best_wall max_rss_kb".
measure() {
  local name="$1"; shift
  local best="" rss=0 wall kb
  for _ in $(seq "$REPEAT"); do
    /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" >"$OUT/$name.stdout" 2>"$OUT/$name.stderr" \
      || { echo "run.sh: $name failed:" >&2; cat "$OUT/$name.stderr" >&2; exit 1; }
    read -r wall kb <"$OUT/time.txt"
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best="$wall"; fi
    [ "$kb" -gt "$rss" ] && rss="$kb"
  done
  echo "$name $best $rss"
}

echo "model: $MODEL ($SIZE bytes), $REPEAT runs each, $(nproc) cores"
{
  measure parse_only "$BUILD/parse_only" "$MODEL"
  measure import "$TOOLS/cim-translate" --import-onnx "$MODEL" -o "$OUT/model.mlir"
  measure import_no_print "$TOOLS/cim-translate" --import-onnx "$MODEL" \
    --mlir-elide-resource-strings-if-larger=1 -o /dev/null
} >"$OUT/results.txt"
grep -h "parse_only:" "$OUT/parse_only.stdout" | sed 's/^/last /'

awk -v size="$SIZE" '
  { wall[$1] = $2; rss[$1] = $3 }
  END {
    mb = size / 1e6
    printf "| run | wall s | peak RSS MB | wall / protobuf | RSS / file |\n"
    printf "|---|---|---|---|---|\n"
    n = split("parse_only import import_no_print", names, " ")
    for (i = 1; i <= n; i++) {
      k = names[i]
      printf "| %s | %.2f | %.0f | %.2fx | %.2fx |\n", k, wall[k], rss[k] / 1024 * 1.048576,
             wall[k] / wall["parse_only"], rss[k] * 1024 / size
    }
    printf "file: %.1f MB. bars: import wall <= 2x protobuf (%s), peak RSS <= 2x file (%s)\n", mb,
           wall["import"] <= 2 * wall["parse_only"] ? "met" : "MISSED",
           rss["import"] * 1024 <= 2 * size ? "met" : "MISSED"
  }' "$OUT/results.txt"
