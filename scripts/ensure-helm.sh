#!/usr/bin/env bash
# Builds the real helm CLI (charts, indexes and OCI pushes in the tests; the rendering oracle) from its Go module through the Go
# module proxy into a cache directory keyed by version, only when missing, and prints the
# binary's path on stdout. Progress goes to stderr.
set -euo pipefail

HELM_VERSION=v4.2.1   # what helm-controller v1.6.3 (Flux 2.9) embeds
CACHE="${FLUX_RS_CACHE:-$HOME/.cache/flux-rs}"
BIN="$CACHE/helm-${HELM_VERSION}"

if [ -x "$BIN/helm" ]; then
  echo "$BIN/helm"
  exit 0
fi
command -v go >/dev/null || { echo "ensure-helm: go is not installed" >&2; exit 1; }
echo "building helm ${HELM_VERSION} (cached in $BIN)" >&2
mkdir -p "$BIN.partial"
CGO_ENABLED=0 GOFLAGS=-buildvcs=false GOBIN="$BIN.partial" \
  go install -trimpath -ldflags "-s -w" "helm.sh/helm/v4/cmd/helm@${HELM_VERSION}"
rm -rf "$BIN"
mv "$BIN.partial" "$BIN"
echo "$BIN/helm"
