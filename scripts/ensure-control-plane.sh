#!/usr/bin/env bash
# Builds etcd, kube-apiserver and kube-controller-manager from their Go modules
# (through the Go module proxy) into a cache directory keyed by version, only when
# missing, and prints that directory on stdout. Progress goes to stderr.
set -euo pipefail

K8S_VERSION=v1.37.2
ETCD_VERSION=v3.6.16
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${FLUX_RS_CACHE:-$HOME/.cache/flux-rs}"
BIN="$CACHE/control-plane-k8s-${K8S_VERSION}-etcd-${ETCD_VERSION}"

export CGO_ENABLED=0
export GOFLAGS=-buildvcs=false

if [ -x "$BIN/kube-apiserver" ] && [ -x "$BIN/kube-controller-manager" ] && [ -x "$BIN/etcd" ]; then
  echo "$BIN"
  exit 0
fi

command -v go >/dev/null || { echo "ensure-control-plane: go is not installed" >&2; exit 1; }
mkdir -p "$BIN.partial"
start=$(date +%s)

minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
ldf="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldf="$ldf -X $pkg.gitVersion=${K8S_VERSION} -X $pkg.gitMajor=1 -X $pkg.gitMinor=${minor} -X $pkg.gitTreeState=clean"
done

if [ ! -x "$BIN.partial/etcd" ]; then
  echo "building etcd ${ETCD_VERSION} (cached in $BIN)" >&2
  (cd "$ROOT/tests/etcd-bin" && go build -trimpath -ldflags "-s -w" -o "$BIN.partial/etcd" go.etcd.io/etcd/server/v3)
fi
if [ ! -x "$BIN.partial/kube-apiserver" ] || [ ! -x "$BIN.partial/kube-controller-manager" ]; then
  echo "building kube-apiserver and kube-controller-manager ${K8S_VERSION} (this takes a while the first time)" >&2
  (cd "$ROOT/tests/k8s-bins" && go build -trimpath -ldflags "$ldf" -o "$BIN.partial/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager)
fi
rm -rf "$BIN"
mv "$BIN.partial" "$BIN"
echo "control plane binaries built in $(( $(date +%s) - start ))s" >&2
echo "$BIN"
