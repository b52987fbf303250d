#!/usr/bin/env bash
# Installs what cim needs on Debian 12 (as root) and skips what is there.
set -euo pipefail
packages=(
  cmake ninja-build g++ ccache
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools
  libprotobuf-dev protobuf-compiler libonnx-dev libonnx-testdata
  python3-onnx python3-numpy python3-pytest pybind11-dev
  libgtest-dev libzstd-dev
  clang-22 libclang-rt-22-dev
  python3-torch python3-torchvision python3-sklearn python3-matplotlib
)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
# Node.js and npm run ONNX Runtime, the independent reference of the tests;
# a machine may have them from elsewhere than Debian's packages.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
