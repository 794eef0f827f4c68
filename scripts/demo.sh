#!/usr/bin/env bash
# The local demo, end to end on a fresh machine:
#   1. starts a local Kubernetes cluster with one node (etcd + kube-apiserver +
#      kube-controller-manager + kube-scheduler + kubelet built from Go modules, Debian's
#      containerd) with our controller image (the static flux binary as an OCI image) imported,
#      and a local Git server holding examples/fleet;
#   2. `flux bootstrap git` into the local repository: the controllers run as pods of our image,
#      exactly as `flux install` renders them (on the pod network, finding each other through
#      their Services and the node's cluster DNS), and bootstrap waits for them to be healthy.
#      The Git server listens on loopback; the node makes it reachable from the pods at the
#      pod network's gateway address, which is the URL bootstrap is given;
#   3. shows `flux get all` with the example app reconciled from Git;
#   4. pushes a change to the app, shows it applied and the controllers' `flux logs`;
#   5. cleans everything up (pass --keep to leave it running).
# `--out-of-cluster` runs the controllers as one `flux serve` process outside a node-less
# control plane instead (no image build; bootstrap with --component-health=false).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
KEEP=false
NODE=true
for arg in "$@"; do
  case "$arg" in
    --keep) KEEP=true ;;
    --out-of-cluster) NODE=false ;;
    *) echo "usage: scripts/demo.sh [--keep] [--out-of-cluster]" >&2; exit 2 ;;
  esac
done

# Only what the demo needs: a few Debian packages and the control plane (not the test oracles),
# and for the node its binaries and our image.
FLUX_RS_CONTROL_PLANE_BIN="$(bash scripts/setup.sh --demo)"
export FLUX_RS_CONTROL_PLANE_BIN
if [ "$NODE" = true ]; then
  FLUX_RS_NODE_BIN="$(bash scripts/ensure-node.sh)"
  export FLUX_RS_NODE_BIN
  IMAGE="$(bash scripts/ensure-image.sh)"
fi
cargo build --quiet --bin flux --example local_cluster --example local_node --example git_server
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

cp -r "$ROOT/examples/fleet" "$STATE/fleet"
"$ROOT/target/debug/examples/git_server" "$STATE/fleet" > "$STATE/git.url" 2> "$STATE/git-server.err" &
PIDS+=($!)
wait_for_file "$STATE/git.url" "${PIDS[-1]}" "the Git server"
URL="$(cat "$STATE/git.url")"
if [ "$NODE" = true ]; then
  "$ROOT/target/debug/examples/local_node" "$IMAGE" "$URL" "$STATE/pod.url" \
    > "$STATE/kubeconfig.path" 2> "$STATE/node.err" &
  PIDS+=($!)
  wait_for_file "$STATE/kubeconfig.path" "${PIDS[-1]}" "the node"
  URL="$(cat "$STATE/pod.url")"
  echo "► local cluster with one node (kube-proxy and CoreDNS in it) ready"
else
  "$ROOT/target/debug/examples/local_cluster" "$STATE/cluster" > "$STATE/kubeconfig.path" 2> "$STATE/control-plane.err" &
  PIDS+=($!)
  wait_for_file "$STATE/kubeconfig.path" "${PIDS[-1]}" "the control plane"
fi
KUBECONFIG="$(cat "$STATE/kubeconfig.path")"
export KUBECONFIG
echo "► local control plane ready (kubeconfig: $KUBECONFIG)"

echo "► local Git server ready: $URL (user demo, password demo)"

BOOTSTRAP=(bootstrap git --url "$URL" --allow-insecure-http --token-auth -u demo -p demo
  --path clusters/demo --interval 10s --author-email demo@localhost --timeout 5m)
if [ "$NODE" = true ]; then
  bootstrap() { "$FLUX" "${BOOTSTRAP[@]}"; }
  bootstrap
else
  # The controllers, out of the cluster, in one process (events go to the in-process
  # notification-controller over loopback).
  RUNTIME_NAMESPACE=flux-system "$FLUX" serve source-controller kustomize-controller helm-controller notification-controller \
    --storage-path "$STATE/storage" --storage-addr 127.0.0.1:19180 --storage-adv-addr 127.0.0.1:19180 \
    --metrics-addr 127.0.0.1:19181 --health-addr 127.0.0.1:19182 --events-addr 127.0.0.1:19183 \
    --receiverAddr 127.0.0.1:19184 --log-encoding console --min-retry-delay 500ms --max-retry-delay 5s \
    2> "$STATE/controllers.err" &
  PIDS+=($!)
  echo "► controllers running (flux serve, logs in $STATE/controllers.err)"
  bootstrap() { "$FLUX" "${BOOTSTRAP[@]}" --component-health=false; }
  bootstrap
fi

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
echo "► bootstrap again: nothing to commit"
bootstrap 2> "$STATE/again.err" || { cat "$STATE/again.err" >&2; exit 1; }
grep -E "manifests are up to date|healthy|finished" "$STATE/again.err"
[ "$(grep -c "manifests are up to date" "$STATE/again.err")" = 2 ] \
  || { echo "✗ bootstrap committed again:" >&2; cat "$STATE/again.err" >&2; exit 1; }
if [ "$NODE" = true ]; then
  echo "► the kustomize-controller's pod logs for the apps Kustomization"
  "$FLUX" logs --kind Kustomization --name apps --namespace flux-system --tail 5
  "$FLUX" check
fi
echo "✔ demo finished: Flux bootstrapped from Git and applied a pushed change"

if [ "$KEEP" = true ]; then
  echo "► left running (pids ${PIDS[*]}); export KUBECONFIG=$KUBECONFIG"
  trap - EXIT
fi
