#!/usr/bin/env bash
# Prints the directory of a Go module version in the Go module cache, downloading it through
# the Go module proxy when missing. The conformance tests read Flux's own files (CLI golden
# files, CRDs) from there; nothing is copied into this repository.
# Usage: scripts/go-module.sh github.com/fluxcd/flux2/v2@v2.9.4
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 <module>@<version>" >&2; exit 2; }
command -v go >/dev/null || { echo "go-module: go is not installed" >&2; exit 1; }
# Outside any module, so the caller's go.mod does not matter.
cd "$(mktemp -d)"
trap 'rm -rf "$PWD"' EXIT
dir=$(GOFLAGS=-mod=mod go mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
[ -n "$dir" ] && [ -d "$dir" ] || { echo "go-module: could not download $1" >&2; exit 1; }
echo "$dir"
