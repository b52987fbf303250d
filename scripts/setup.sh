#!/usr/bin/env bash
# Fresh Debian 12 machine (as root): install what is missing, build, then
# compile the shipped example model for the isaac preset, simulate it and
# print its report.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
./scripts/run-example.sh
