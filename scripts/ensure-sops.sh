#!/usr/bin/env bash
# Builds the real sops CLI (the SOPS conformance oracle: tests encrypt with it and our
# kustomize-controller must decrypt) from its Go module through the Go module proxy, into a
# cache directory keyed by version, only when missing. Prints the binary's path on stdout.
set -euo pipefail

SOPS_VERSION=v3.13.2   # the sops library kustomize-controller v1.9.4 (Flux 2.9.4) links
CACHE="${FLUX_RS_CACHE:-$HOME/.cache/flux-rs}"
BIN="$CACHE/sops-${SOPS_VERSION}"

if [ -x "$BIN/sops" ]; then
  echo "$BIN/sops"
  exit 0
fi
command -v go >/dev/null || { echo "ensure-sops: go is not installed" >&2; exit 1; }
echo "building sops ${SOPS_VERSION} (cached in $BIN)" >&2
mkdir -p "$BIN.partial"
CGO_ENABLED=0 GOFLAGS=-buildvcs=false GOBIN="$BIN.partial" \
  go install -trimpath -ldflags "-s -w" "github.com/getsops/sops/v3/cmd/sops@${SOPS_VERSION}"
rm -rf "$BIN"
mv "$BIN.partial" "$BIN"
echo "$BIN/sops"
