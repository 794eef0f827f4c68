#!/usr/bin/env bash
# What the test node needs (tests/support/node.rs): Debian's containerd, runc, CNI plugins and
# nftables, kubelet, kube-scheduler and kube-proxy built from the same Kubernetes wrapper module
# as the control plane (tests/k8s-bins), Kubernetes' own pause (build/pause/linux/pause.c of the
# same module, compiled static as its Makefile does) and CoreDNS (its Go module, with the plugins
# the node's cluster DNS uses: tests/coredns) with their OCI images. Built into a cache directory
# keyed by version, only when missing; prints that directory.
set -euo pipefail

K8S_VERSION=v1.37.2
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${FLUX_RS_CACHE:-$HOME/.cache/flux-rs}"
PAUSE_TAG=3.10.2
COREDNS_VERSION=v1.15.0
BIN="$CACHE/node-k8s-${K8S_VERSION}-pause-${PAUSE_TAG}-coredns-${COREDNS_VERSION}"

need=()
command -v containerd >/dev/null || need+=(containerd)
command -v runc >/dev/null || need+=(runc)
[ -x /usr/lib/cni/bridge ] || need+=(containernetworking-plugins)
command -v ip >/dev/null || need+=(iproute2)
command -v nft >/dev/null || need+=(nftables)
command -v cc >/dev/null || need+=(gcc libc6-dev)
if [ "${#need[@]}" -gt 0 ]; then
  echo "installing Debian packages: ${need[*]}" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >&2
fi

if [ -x "$BIN/kubelet" ] && [ -x "$BIN/kube-scheduler" ] && [ -x "$BIN/kube-proxy" ] \
  && [ -f "$BIN/pause.tar" ] && [ -f "$BIN/coredns.tar" ]; then
  echo "$BIN"
  exit 0
fi
command -v go >/dev/null || { echo "ensure-node: go is not installed" >&2; exit 1; }
export CGO_ENABLED=0
export GOFLAGS=-buildvcs=false
mkdir -p "$BIN.partial"
start=$(date +%s)
minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
ldf="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldf="$ldf -X $pkg.gitVersion=${K8S_VERSION} -X $pkg.gitMajor=1 -X $pkg.gitMinor=${minor} -X $pkg.gitTreeState=clean"
done
echo "building kubelet, kube-scheduler and kube-proxy ${K8S_VERSION} (cached in $BIN)" >&2
(cd "$ROOT/tests/k8s-bins" && go build -trimpath -ldflags "$ldf" -o "$BIN.partial/" \
  k8s.io/kubernetes/cmd/kubelet k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kube-proxy)
# The sandbox process, from the Kubernetes module's source: a few kilobytes resident, as on a
# real node (the pod cgroup the footprint bench reads holds it).
K8S_DIR="$(cd "$ROOT/tests/k8s-bins" && go list -m -f '{{.Dir}}' k8s.io/kubernetes)"
cc -Os -Wall -Werror -static -DVERSION="v${PAUSE_TAG}-${K8S_VERSION}" \
  -o "$BIN.partial/pause" "$K8S_DIR/build/pause/linux/pause.c"
python3 "$ROOT/scripts/oci-image.py" --ref flux-rs.test/pause:1 --binary "$BIN.partial/pause" \
  --path /pause "$BIN.partial/pause.tar" >/dev/null
echo "building CoreDNS ${COREDNS_VERSION}" >&2
(cd "$ROOT/tests/coredns" && go build -trimpath -ldflags "-s -w" -o "$BIN.partial/coredns" .)
python3 "$ROOT/scripts/oci-image.py" --ref flux-rs.test/coredns:1 --binary "$BIN.partial/coredns" \
  --path /coredns "$BIN.partial/coredns.tar" >/dev/null
rm -rf "$BIN"
mv "$BIN.partial" "$BIN"
echo "node binaries built in $(( $(date +%s) - start ))s" >&2
echo "$BIN"
