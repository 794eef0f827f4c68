#!/usr/bin/env bash
# Builds a Go command from its module through the Go module proxy into a cache directory
# keyed by name and version, only when missing, and prints the binary's path on stdout.
# Progress goes to stderr. Usage: scripts/ensure-go-tool.sh <binary> <package>@<version>
#   e.g. scripts/ensure-go-tool.sh registry github.com/distribution/distribution/v3/cmd/registry@v3.1.2
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 <binary> <package>@<version>" >&2; exit 2; }
NAME="$1" PKG="$2"
VERSION="${PKG##*@}"
CACHE="${FLUX_RS_CACHE:-$HOME/.cache/flux-rs}"
BIN="$CACHE/${NAME}-${VERSION}"
if [ -x "$BIN/$NAME" ]; then
  echo "$BIN/$NAME"
  exit 0
fi
command -v go >/dev/null || { echo "ensure-go-tool: go is not installed" >&2; exit 1; }
echo "building ${NAME} ${VERSION} from ${PKG%@*} (cached in $BIN)" >&2
rm -rf "$BIN.partial"
mkdir -p "$BIN.partial"
CGO_ENABLED=0 GOFLAGS=-buildvcs=false GOBIN="$BIN.partial" \
  go install -trimpath -ldflags "-s -w" "$PKG"
rm -rf "$BIN"
mv "$BIN.partial" "$BIN"
echo "$BIN/$NAME"
