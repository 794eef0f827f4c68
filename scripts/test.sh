#!/usr/bin/env bash
# The whole test suite: unit, golden and CLI tests, and integration tests against a real
# control plane (etcd + kube-apiserver + kube-controller-manager built from Go modules).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
FLUX_RS_CONTROL_PLANE_BIN="$(bash scripts/setup.sh)"
export FLUX_RS_CONTROL_PLANE_BIN
cargo test --all-targets
