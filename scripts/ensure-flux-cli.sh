#!/usr/bin/env bash
# Flux's own CLI (flux2 v2.9.4, the version we replace), built from its Go module: the oracle
# for `flux build|push|pull|list|tag|diff artifact` and the artifact benchmarks.
# The module ships without the install manifests that `cmd/flux` embeds (its Makefile
# generates them from remote bases), so the build runs in a copy of the module with an
# empty-document placeholder there; the artifact commands never read them. Cached under
# $HOME/.cache/flux-rs/flux-v2.9.4; prints the binary's path on stdout.
set -euo pipefail
VERSION=v2.9.4
CACHE="${FLUX_RS_CACHE:-$HOME/.cache/flux-rs}"
BIN="$CACHE/flux-${VERSION}"
if [ -x "$BIN/flux" ]; then
  echo "$BIN/flux"
  exit 0
fi
command -v go >/dev/null || { echo "ensure-flux-cli: go is not installed" >&2; exit 1; }
echo "building flux ${VERSION} from github.com/fluxcd/flux2/v2 (cached in $BIN)" >&2
SRC="$(bash "$(dirname "${BASH_SOURCE[0]}")/go-module.sh" "github.com/fluxcd/flux2/v2@${VERSION}")"
WORK="$(mktemp -d)"
trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
cp -r "$SRC/." "$WORK/"
chmod -R u+w "$WORK"
mkdir -p "$WORK/cmd/flux/manifests"
printf -- '---\n' > "$WORK/cmd/flux/manifests/placeholder.yaml"
rm -rf "$BIN.partial"
mkdir -p "$BIN.partial"
(cd "$WORK" && CGO_ENABLED=0 GOFLAGS="-buildvcs=false -mod=mod" \
  go build -trimpath -ldflags "-s -w -X main.VERSION=${VERSION#v}" -o "$BIN.partial/flux" ./cmd/flux)
rm -rf "$BIN"
mv "$BIN.partial" "$BIN"
echo "$BIN/flux"
