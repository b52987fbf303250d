#!/usr/bin/env bash
# install-ort.sh - install ONNX Runtime for Node (onnxruntime-node) for tests.
#
#   scripts/install-ort.sh [PREFIX]     (default: build/ort)
#
# Installs into PREFIX/node_modules; tests point NODE_PATH there and run
# scripts/ort_run.js. The npm package bundles its CPU library
# (bin/napi-v6/linux/x64/libonnxruntime.so.1), so the package's postinstall
# script, which only fetches optional GPU libraries, is skipped with
# --ignore-scripts and the result works offline. Idempotent: an existing
# install of the pinned version is left alone.
set -euo pipefail

ORT_VERSION=1.30.0
here="$(cd "$(dirname "$0")/.." && pwd)"
prefix="${1:-$here/build/ort}"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "install-ort.sh: node and npm are required (apt-get install nodejs npm)" >&2
  exit 1
fi

installed="$prefix/node_modules/onnxruntime-node/package.json"
if [[ -f "$installed" ]] &&
   [[ "$(node -p "require('$installed').version" 2>/dev/null)" == "$ORT_VERSION" ]] &&
   NODE_PATH="$prefix/node_modules" node -e "require('onnxruntime-node')" 2>/dev/null; then
  echo "install-ort.sh: onnxruntime-node $ORT_VERSION already in $prefix/node_modules"
  exit 0
fi

mkdir -p "$prefix"
# A package.json of our own keeps npm from walking up to a parent project.
if [[ ! -f "$prefix/package.json" ]]; then
  printf '{\n  "name": "cim-ort",\n  "private": true\n}\n' > "$prefix/package.json"
fi
npm install --prefix "$prefix" --ignore-scripts --no-audit --no-fund \
  --save-exact "onnxruntime-node@$ORT_VERSION" >&2
NODE_PATH="$prefix/node_modules" node -e "require('onnxruntime-node')"
echo "install-ort.sh: onnxruntime-node $ORT_VERSION installed in $prefix/node_modules"
