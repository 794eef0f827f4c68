#!/usr/bin/env bash
# Runs the benchmarks (release build): GitRepository fetch-to-artifact vs git clone + tar, and
# flux serve RSS. Prints the ratio measured in the same run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
FLUX_RS_CONTROL_PLANE_BIN="$(bash scripts/setup.sh)"
export FLUX_RS_CONTROL_PLANE_BIN
cargo bench --bench git_artifact
