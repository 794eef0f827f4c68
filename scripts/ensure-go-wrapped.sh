#!/usr/bin/env bash
# Builds a Go command whose module's go.mod has replace directives (which `go install
# pkg@version` refuses) through a throw-away wrapper module: it requires the module at the
# version, repeats the module's own non-local replace directives, and requires at the same
# version each sibling module that a local replace (`=> ./api`) points at. The binary is
# cached under a directory keyed by name and version; prints its path on stdout.
# Extra replace directives (one per line, `old => new version`) may come in
# GO_WRAPPED_REPLACES: for a dependency version the module proxy does not serve.
# Usage: scripts/ensure-go-wrapped.sh <binary> <module> <version> <package>
#   e.g. scripts/ensure-go-wrapped.sh flux github.com/fluxcd/flux2/v2 v2.9.4 github.com/fluxcd/flux2/v2/cmd/flux
set -euo pipefail
[ $# -eq 4 ] || { echo "usage: $0 <binary> <module> <version> <package>" >&2; exit 2; }
NAME="$1" MOD="$2" VERSION="$3" PKG="$4"
CACHE="${FLUX_RS_CACHE:-$HOME/.cache/flux-rs}"
BIN="$CACHE/${NAME}-${VERSION}"
if [ -x "$BIN/$NAME" ]; then
  echo "$BIN/$NAME"
  exit 0
fi
command -v go >/dev/null || { echo "ensure-go-wrapped: go is not installed" >&2; exit 1; }
echo "building ${NAME} ${VERSION} from ${MOD} (cached in $BIN)" >&2
SRC="$(bash "$(dirname "${BASH_SOURCE[0]}")/go-module.sh" "${MOD}@${VERSION}")"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# The module's replace directives, one per line (block and single forms).
REPLACES="$(awk '
  /^replace[ \t]*\($/ { inblock = 1; next }
  inblock && /^\)/ { inblock = 0; next }
  inblock { print; next }
  /^replace[ \t]/ { sub(/^replace[ \t]+/, ""); print }
' "$SRC/go.mod" | sed 's/\/\/.*//' | awk 'NF')"
{
  echo "module fluxrs.local/wrapper"
  echo
  echo "go 1.26.0"
  echo
  echo "require ${MOD} ${VERSION}"
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    target="$(echo "$line" | sed 's/.*=>[ \t]*//')"
    case "$target" in
      ./*|../*) echo "require $(echo "$line" | awk '{print $1}') ${VERSION}" ;;
      *) echo "replace $line" ;;
    esac
  done <<< "$REPLACES"
  while IFS= read -r line; do
    [ -n "$line" ] && echo "replace $line"
  done <<< "${GO_WRAPPED_REPLACES:-}"
} > "$WORK/go.mod"
cd "$WORK"
GOFLAGS=-mod=mod go get "${MOD}@${VERSION}" >&2
rm -rf "$BIN.partial"
mkdir -p "$BIN.partial"
CGO_ENABLED=0 GOFLAGS="-buildvcs=false -mod=mod" \
  go build -trimpath -ldflags "-s -w" -o "$BIN.partial/$NAME" "$PKG"
rm -rf "$BIN"
mv "$BIN.partial" "$BIN"
echo "$BIN/$NAME"
