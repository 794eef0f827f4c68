#!/usr/bin/env bash
# Benchmarks the kustomize engine against the real kustomize (same run, same inputs).
set -euo pipefail
exec python3 "$(dirname "${BASH_SOURCE[0]}")/bench-kustomize.py" "$@"
