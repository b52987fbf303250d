#!/usr/bin/env bash
# Builds cim with AddressSanitizer and UndefinedBehaviorSanitizer in
# build-asan/ and runs the test suite (or part of it) under ctest
# (docs/sanitizers.md).
#
#   scripts/sanitize.sh                 # every test
#   scripts/sanitize.sh -R 'Target|NpyTest'   # ctest's -R: a subset
#   scripts/sanitize.sh --build-only
#
# Any argument other than --build-only is passed to ctest as is. A finding
# (ASan error, leak, UB) makes the process exit non-zero, so the test fails;
# ctest's closing line is the summary.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
BUILD="$ROOT/build-asan"
JOBS="${CIM_SANITIZE_JOBS:-$(nproc)}"

build_only=0
ctest_args=()
for a in "$@"; do
  if [ "$a" = --build-only ]; then build_only=1; else ctest_args+=("$a"); fi
done

SAN_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
export CCACHE_BASEDIR="$ROOT"

# Configure and build under the shared build lock (two cores, several users).
(
  flock 9
  if [ ! -f "$BUILD/build.ninja" ]; then
    cmake -G Ninja -S "$ROOT" -B "$BUILD" \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_FLAGS="$SAN_FLAGS" \
      -DCMAKE_C_FLAGS="$SAN_FLAGS" \
      -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
      -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined" \
      -DCMAKE_MODULE_LINKER_FLAGS="-fsanitize=address,undefined" \
      -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
      -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit
  fi
  cmake --build "$BUILD" -j"$JOBS"
) 9>/tmp/cim-build.lock

[ "$build_only" = 1 ] && exit 0

# Tests comparing against ONNX Runtime use the copy installed for the main
# build unless CIM_ORT_NODE_PATH says otherwise.
if [ -z "${CIM_ORT_NODE_PATH:-}" ] && [ -d "$ROOT/build/ort/node_modules" ] \
   && [ ! -d "$BUILD/ort/node_modules" ]; then
  export CIM_ORT_NODE_PATH="$ROOT/build/ort/node_modules"
fi

SYMBOLIZER=/usr/lib/llvm-22/bin/llvm-symbolizer
[ -x "$SYMBOLIZER" ] && export ASAN_SYMBOLIZER_PATH="$SYMBOLIZER"
# Leaks are findings; the first UB report stops the process (the compile
# flags make UB fatal already; halt_on_error covers checks built without).
# allow_user_poisoning=0: LLVM's headers poison BumpPtrAllocator slabs when
# the including code is built with ASan (LLVM_ADDRESS_SANITIZER_BUILD), but
# Debian's LLVM/MLIR libraries are not, and the linker keeps one copy of each
# inline allocator function, so slabs poisoned by our copy are filled by
# MLIR's unpoisoning-free one: a false use-after-poison in MLIRContext's
# constructor (docs/sanitizers.md). Heap, stack and global checks stay on.
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:allow_user_poisoning=0:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"

cd "$BUILD"
ctest -j"$JOBS" --output-on-failure "${ctest_args[@]}"
