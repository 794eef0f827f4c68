#!/usr/bin/env bash
# Builds a real Gitea (for `flux bootstrap gitea` tests) from its Go module through the Go
# module proxy into a cache directory keyed by version, only when missing, and prints the
# binary's path on stdout (its locales, templates and static files go to `share/` beside it).
# Progress goes to stderr.
#
# Gitea's go.mod carries replace directives, so `go install code.gitea.io/gitea@version` is
# refused; the build goes through a throw-away wrapper module holding the same replaces. It
# uses its own Go build and module caches, deleted afterwards, so the build leaves nothing
# behind but the binary (CI disk space is tight).
set -euo pipefail

GITEA_VERSION=v1.26.0
CACHE="${FLUX_RS_CACHE:-$HOME/.cache/flux-rs}"
BIN="$CACHE/gitea-${GITEA_VERSION}"

if [ -x "$BIN/gitea" ] && [ -d "$BIN/share/options" ]; then
  echo "$BIN/gitea"
  exit 0
fi
command -v go >/dev/null || { echo "ensure-gitea: go is not installed" >&2; exit 1; }
command -v gcc >/dev/null || { echo "ensure-gitea: gcc is needed (Gitea's SQLite driver uses cgo)" >&2; exit 1; }
echo "building gitea ${GITEA_VERSION} (cached in $BIN)" >&2
WORK="$(mktemp -d)"
trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
export GOCACHE="$WORK/go-build" GOMODCACHE="$WORK/mod" GOFLAGS="-buildvcs=false -mod=mod -modcacherw"
mkdir -p "$WORK/wrap"
cd "$WORK/wrap"
printf 'module giteawrap\n\ngo 1.26\n' > go.mod
# The replace directives of Gitea's own go.mod, comments dropped.
go mod download -json "code.gitea.io/gitea@${GITEA_VERSION}" >/dev/null
grep '^replace ' "$GOMODCACHE/cache/download/code.gitea.io/gitea/@v/${GITEA_VERSION}.mod" \
  | sed 's| *//.*||' >> go.mod
go get "code.gitea.io/gitea@${GITEA_VERSION}" >&2
mkdir -p "$BIN.partial"
CGO_ENABLED=1 go build -trimpath -ldflags "-s -w" -tags "sqlite sqlite_unlock_notify" \
  -o "$BIN.partial/gitea" code.gitea.io/gitea >&2
# Without the `bindata` tag Gitea reads its locales, templates and static files from
# STATIC_ROOT_PATH: ship them from the module next to the binary.
SRC="$GOMODCACHE/code.gitea.io/gitea@${GITEA_VERSION}"
mkdir -p "$BIN.partial/share"
cp -r "$SRC/options" "$SRC/templates" "$SRC/public" "$BIN.partial/share/"
chmod -R u+w "$BIN.partial/share"
rm -rf "$BIN"
mv "$BIN.partial" "$BIN"
echo "$BIN/gitea"
