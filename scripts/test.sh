#!/usr/bin/env bash
# The whole test suite: unit, golden and CLI tests, and integration tests against a real
# control plane (etcd + kube-apiserver + kube-controller-manager built from Go modules), and
# the kustomize conformance suite against the real kustomize CLI, the secret-leak scan over
# what they all logged and wrote, a short run of every fuzz target, and the demo.
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
HELM_BIN="$(bash scripts/ensure-helm.sh)"
export HELM_BIN
FLUX_KUSTOMIZE_CONTROLLER_BIN="$(bash scripts/ensure-flux-kustomize-controller.sh)"
export FLUX_KUSTOMIZE_CONTROLLER_BIN
FLUX_HELM_CONTROLLER_BIN="$(bash scripts/ensure-flux-helm-controller.sh)"
export FLUX_HELM_CONTROLLER_BIN
GITEA_BIN="$(bash scripts/ensure-gitea.sh)"
export GITEA_BIN
REGISTRY_BIN="$(bash scripts/ensure-registry.sh)"
export REGISTRY_BIN
FLUX_CLI="$(bash scripts/ensure-flux-cli.sh)"
export FLUX_CLI
FLUX_SOURCE_CONTROLLER_BIN="$(bash scripts/ensure-flux-source-controller.sh)"
export FLUX_SOURCE_CONTROLLER_BIN
VERSITYGW_BIN="$(bash scripts/ensure-versitygw.sh)"
export VERSITYGW_BIN
COSIGN_BIN="$(bash scripts/ensure-cosign.sh)"
export COSIGN_BIN
COSIGN_V3_BIN="$(bash scripts/ensure-cosign.sh --v3)"
export COSIGN_V3_BIN
NOTATION_BIN="$(bash scripts/ensure-notation.sh)"
export NOTATION_BIN
FLUX_SOURCE_WATCHER_BIN="$(bash scripts/ensure-flux-source-watcher.sh)"
export FLUX_SOURCE_WATCHER_BIN
MINIO_BIN="$(bash scripts/ensure-minio.sh)"
export MINIO_BIN
MC_BIN="$(bash scripts/ensure-minio.sh --mc)"
export MC_BIN
# The test node (kubelet, kube-scheduler, kube-proxy, CoreDNS, containerd) and our controller
# image for it.
FLUX_RS_NODE_BIN="$(bash scripts/ensure-node.sh)"
export FLUX_RS_NODE_BIN
FLUX_IMAGE_TAR="$(bash scripts/ensure-image.sh)"
export FLUX_IMAGE_TAR
# Incremental caches only help repeated local builds; a full run (and CI) skips them to keep
# the target directory small.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
LOG="$(mktemp)"
# The secret-leak scan's material: audit logs, controller logs and CLI output of every test.
FLUX_RS_LEAK_DIR="$(mktemp -d)"
export FLUX_RS_LEAK_DIR
trap 'rm -rf "$LOG" "$FLUX_RS_LEAK_DIR"' EXIT
status=0
steps_failed=""
cargo test --lib --bins --tests --examples 2>&1 | tee "$LOG" || status=$?
passed=$(awk '/^test result:/ { for (i = 1; i < NF; i++) if ($(i+1) ~ /^passed/) s += $i } END { print s + 0 }' "$LOG")
failed=$(awk '/^test result:/ { for (i = 1; i < NF; i++) if ($(i+1) ~ /^failed/) s += $i } END { print s + 0 }' "$LOG")
# No secret value the tests wrote into a Secret may appear in a controller log, an Event, a
# Flux object's status or CLI output.
echo "► secret-leak scan (scripts/leak-scan.py)"
if python3 scripts/leak-scan.py "$FLUX_RS_LEAK_DIR"; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  status=1
  echo "secret-leak scan: FAILED"
  steps_failed="$steps_failed secret-leak-scan"
fi
# The README's demo, end to end (bootstrap into a local Git server, a pushed change applied).
echo "► running the demo (scripts/demo.sh)"
if bash scripts/demo.sh > "$LOG.demo" 2>&1; then
  passed=$((passed + 1))
  echo "demo: ok"
else
  failed=$((failed + 1))
  status=1
  echo "demo: FAILED"
  steps_failed="$steps_failed demo"
  tail -50 "$LOG.demo"
  df -h "$ROOT" /tmp || true
fi
rm -f "$LOG.demo"
# A short run of every fuzz target (scripts/fuzz.sh long makes the 10-million-execution runs).
echo "► fuzz smoke run (scripts/fuzz.sh smoke)"
if bash scripts/fuzz.sh smoke; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  status=1
  echo "fuzz smoke run: FAILED"
  steps_failed="$steps_failed fuzz-smoke"
fi
# Name the failures again at the very end, where a truncated CI log still shows them.
failures=$(grep -E '^test .* \.\.\. FAILED$' "$LOG" || true)
echo
if [ -n "$failures" ] || [ -n "$steps_failed" ]; then
  echo "failed:"
  [ -n "$failures" ] && echo "$failures"
  for step in $steps_failed; do echo "step $step ... FAILED"; done
fi
echo "total: ${passed:-0} passed, ${failed:-0} failed"
exit "$status"
