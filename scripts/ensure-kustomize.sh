#!/usr/bin/env bash
# Builds the real kustomize CLI (the conformance oracle) from its Go module through the Go
# module proxy into a cache directory keyed by version, only when missing, and prints the
# binary's path on stdout. Progress goes to stderr.
set -euo pipefail

KUSTOMIZE_VERSION=v5.8.2   # embeds sigs.k8s.io/kustomize/api v0.21.2, as Flux 2.9 does
CACHE="${FLUX_RS_CACHE:-$HOME/.cache/flux-rs}"
BIN="$CACHE/kustomize-${KUSTOMIZE_VERSION}"

if [ -x "$BIN/kustomize" ]; then
  echo "$BIN/kustomize"
  exit 0
fi
command -v go >/dev/null || { echo "ensure-kustomize: go is not installed" >&2; exit 1; }
echo "building kustomize ${KUSTOMIZE_VERSION} (cached in $BIN)" >&2
mkdir -p "$BIN.partial"
CGO_ENABLED=0 GOFLAGS=-buildvcs=false GOBIN="$BIN.partial" \
  go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kustomize/kustomize/v5@${KUSTOMIZE_VERSION}"
rm -rf "$BIN"
mv "$BIN.partial" "$BIN"
echo "$BIN/kustomize"
