#!/usr/bin/env bash
# The whole test suite: unit, golden and CLI tests, and integration tests against a real
# control plane (etcd + kube-apiserver + kube-controller-manager built from Go modules), and
# the kustomize conformance suite against the real kustomize CLI.
# Ends with one line of totals over every test binary.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
FLUX_RS_CONTROL_PLANE_BIN="$(bash scripts/setup.sh)"
export FLUX_RS_CONTROL_PLANE_BIN
KUSTOMIZE_BIN="$(bash scripts/ensure-kustomize.sh)"
export KUSTOMIZE_BIN
SOPS_BIN="$(bash scripts/ensure-sops.sh)"
export SOPS_BIN
FLUX_KUSTOMIZE_CONTROLLER_BIN="$(bash scripts/ensure-flux-kustomize-controller.sh)"
export FLUX_KUSTOMIZE_CONTROLLER_BIN
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
status=0
cargo test --lib --bins --tests --examples 2>&1 | tee "$LOG" || status=$?
passed=$(awk '/^test result:/ { for (i = 1; i < NF; i++) if ($(i+1) ~ /^passed/) s += $i } END { print s + 0 }' "$LOG")
failed=$(awk '/^test result:/ { for (i = 1; i < NF; i++) if ($(i+1) ~ /^failed/) s += $i } END { print s + 0 }' "$LOG")
echo
echo "total: ${passed:-0} passed, ${failed:-0} failed"
exit "$status"
