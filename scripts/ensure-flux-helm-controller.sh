#!/usr/bin/env bash
# Builds Flux's own helm-controller (the version Flux 2.9.4 ships) from its Go module through
# the Go module proxy, into a cache directory keyed by version, only when missing. Its go.mod
# replaces `./api` with a local path, which `go install pkg@version` refuses, so the build goes
# through a throw-away wrapper module that requires both modules and repeats the controller's
# own replace directives but one: helm-controller v1.6.3 replaces Helm with Flux's fork
# (github.com/fluxcd/helm/v4 v4.2.4-flux.1), which the Go module proxy does not serve
# ("reading https://proxy.golang.org/github.com/fluxcd/helm/v4/@v/v4.2.4-flux.1.zip: 403
# Forbidden: This module version is not available"), so it is built against the upstream Helm
# its go.mod requires (helm.sh/helm/v4 v4.2.2). Prints the binary's path on stdout.
set -euo pipefail

HC_VERSION=v1.6.3
CACHE="${FLUX_RS_CACHE:-$HOME/.cache/flux-rs}"
BIN="$CACHE/flux-helm-controller-${HC_VERSION}-helm-v4.2.2"

if [ -x "$BIN/helm-controller" ]; then
  echo "$BIN/helm-controller"
  exit 0
fi
command -v go >/dev/null || { echo "ensure-flux-helm-controller: go is not installed" >&2; exit 1; }
echo "building fluxcd/helm-controller ${HC_VERSION} (cached in $BIN)" >&2
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
cat > go.mod <<MOD
module fluxrs.local/hcwrapper

go 1.26.0

require (
	github.com/fluxcd/helm-controller ${HC_VERSION}
	github.com/fluxcd/helm-controller/api ${HC_VERSION}
)

replace github.com/opencontainers/go-digest => github.com/opencontainers/go-digest v1.0.1-0.20231025023718-d50d2fec9c98

replace (
	sigs.k8s.io/kustomize/api => sigs.k8s.io/kustomize/api v0.21.1
	sigs.k8s.io/kustomize/kyaml => sigs.k8s.io/kustomize/kyaml v0.21.1
)
MOD
GOFLAGS=-mod=mod go get "github.com/fluxcd/helm-controller@${HC_VERSION}" >&2
mkdir -p "$BIN.partial"
CGO_ENABLED=0 GOFLAGS="-buildvcs=false -mod=mod" \
  go build -trimpath -ldflags "-s -w" -o "$BIN.partial/helm-controller" github.com/fluxcd/helm-controller
rm -rf "$BIN"
mv "$BIN.partial" "$BIN"
echo "$BIN/helm-controller"
