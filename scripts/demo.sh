#!/usr/bin/env bash
# The local demo, end to end on a fresh machine:
#   1. starts a local Kubernetes control plane (etcd + kube-apiserver + kube-controller-manager
#      built from Go modules) and a local Git server holding examples/fleet;
#   2. runs the Flux controllers out of the cluster (`flux serve`, the control plane has no nodes
#      to run pods on) and `flux bootstrap git` into the local repository (with
#      --component-health=false, the documented option for node-less clusters);
#   3. shows `flux get all` with the example app reconciled from Git;
#   4. pushes a change to the app and shows it applied;
#   5. cleans everything up (pass --keep to leave it running).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
KEEP=false
[ "${1:-}" = "--keep" ] && KEEP=true

# Only what the demo needs: a few Debian packages and the control plane (not the test oracles).
FLUX_RS_CONTROL_PLANE_BIN="$(bash scripts/setup.sh --demo)"
export FLUX_RS_CONTROL_PLANE_BIN
cargo build --quiet --bin flux --example local_cluster --example git_server
FLUX="$ROOT/target/debug/flux"
STATE="$(mktemp -d /tmp/flux-rs-demo.XXXXXX)"
PIDS=()
cleanup() {
  if [ "$KEEP" = false ]; then
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$STATE"
  fi
}
trap cleanup EXIT

wait_for_file() { # file pid what
  for _ in $(seq 1 600); do
    [ -s "$1" ] && return 0
    kill -0 "$2" 2>/dev/null || { echo "✗ $3 stopped:" >&2; cat "$STATE"/*.err >&2 || true; exit 1; }
    sleep 0.2
  done
  echo "✗ timed out starting $3" >&2
  exit 1
}

"$ROOT/target/debug/examples/local_cluster" "$STATE/cluster" > "$STATE/kubeconfig.path" 2> "$STATE/control-plane.err" &
PIDS+=($!)
wait_for_file "$STATE/kubeconfig.path" "${PIDS[-1]}" "the control plane"
KUBECONFIG="$(cat "$STATE/kubeconfig.path")"
export KUBECONFIG
echo "► local control plane ready (kubeconfig: $KUBECONFIG)"

"$ROOT/target/debug/examples/git_server" "$ROOT/examples/fleet" > "$STATE/git.url" 2> "$STATE/git-server.err" &
PIDS+=($!)
wait_for_file "$STATE/git.url" "${PIDS[-1]}" "the Git server"
URL="$(cat "$STATE/git.url")"
echo "► local Git server ready: $URL (user demo, password demo)"

# The controllers, out of the cluster, in one process (events go to the in-process
# notification-controller over loopback).
RUNTIME_NAMESPACE=flux-system "$FLUX" serve source-controller kustomize-controller helm-controller notification-controller \
  --storage-path "$STATE/storage" --storage-addr 127.0.0.1:19180 --storage-adv-addr 127.0.0.1:19180 \
  --metrics-addr 127.0.0.1:19181 --health-addr 127.0.0.1:19182 --events-addr 127.0.0.1:19183 \
  --receiverAddr 127.0.0.1:19184 --log-encoding console --min-retry-delay 500ms --max-retry-delay 5s \
  2> "$STATE/controllers.err" &
PIDS+=($!)
echo "► controllers running (flux serve, logs in $STATE/controllers.err)"

"$FLUX" bootstrap git --url "$URL" --allow-insecure-http --token-auth -u demo -p demo \
  --path clusters/demo --interval 10s --author-email demo@localhost \
  --component-health=false --timeout 3m

echo "► waiting for the apps Kustomization"
for _ in $(seq 1 120); do
  "$FLUX" get kustomizations apps --no-header 2>/dev/null | grep -q "True" && break
  sleep 1
done
"$FLUX" get all -A

echo "► pushing a change to apps/greeting.yaml"
git clone -q "${URL/http:\/\//http://demo:demo@}" "$STATE/checkout"
sed -i 's/hello from git/hello again, from a new commit/' "$STATE/checkout/apps/greeting.yaml"
git -C "$STATE/checkout" -c user.name=Demo -c user.email=demo@localhost commit -qam "Change the greeting"
git -C "$STATE/checkout" push -q origin main
NEW="$(git -C "$STATE/checkout" rev-parse HEAD)"
"$FLUX" reconcile kustomization apps --with-source
"$FLUX" get kustomizations -A
"$FLUX" get kustomizations apps --no-header | grep -q "main@sha1:${NEW:0:8}" \
  || { echo "✗ the change was not applied" >&2; exit 1; }
# The cluster now matches the commit: a diff of the pushed files against it finds nothing.
"$FLUX" diff kustomization apps --path "$STATE/checkout/apps"
echo "✔ demo finished: Flux bootstrapped from Git and applied a pushed change"

if [ "$KEEP" = true ]; then
  echo "► left running (pids ${PIDS[*]}); export KUBECONFIG=$KUBECONFIG"
  trap - EXIT
fi
