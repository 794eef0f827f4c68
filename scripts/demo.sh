#!/usr/bin/env bash
# The local demo: starts a local Kubernetes control plane (built from Go modules), installs
# Flux into it with `flux install`, verifies it with `flux check`, shows the versions, then
# stops the control plane. Pass --keep to leave it running and print how to use it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
KEEP=false
[ "${1:-}" = "--keep" ] && KEEP=true

FLUX_RS_CONTROL_PLANE_BIN="$(bash scripts/setup.sh)"
export FLUX_RS_CONTROL_PLANE_BIN
cargo build --quiet --bin flux --example local_cluster
FLUX="$ROOT/target/debug/flux"
STATE="$(mktemp -d /tmp/flux-rs-demo.XXXXXX)"

"$ROOT/target/debug/examples/local_cluster" "$STATE" > "$STATE/kubeconfig.path" 2> "$STATE/control-plane.err" &
CP_PID=$!
cleanup() { if [ "$KEEP" = false ]; then kill "$CP_PID" 2>/dev/null || true; fi; }
trap cleanup EXIT
for _ in $(seq 1 300); do
  [ -s "$STATE/kubeconfig.path" ] && break
  kill -0 "$CP_PID" 2>/dev/null || { cat "$STATE/control-plane.err" >&2; exit 1; }
  sleep 0.2
done
KUBECONFIG="$(cat "$STATE/kubeconfig.path")"
export KUBECONFIG
echo "► local control plane ready (kubeconfig: $KUBECONFIG)"

"$FLUX" check --pre
"$FLUX" install --components-extra image-reflector-controller,image-automation-controller
"$FLUX" check --components-extra image-reflector-controller,image-automation-controller
"$FLUX" version

if [ "$KEEP" = true ]; then
  echo "► control plane left running (pid $CP_PID); export KUBECONFIG=$KUBECONFIG"
else
  "$FLUX" uninstall --silent
fi
