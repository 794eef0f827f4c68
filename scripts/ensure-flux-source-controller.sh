#!/usr/bin/env bash
# Flux's own source-controller (v1.9.4, the version Flux 2.9.4 ships), built from its Go
# module: the compatibility oracle for our source reconcilers and the reference of the source
# benchmarks. The module proxy does not serve fluxcd/pkg/artifact v0.18.2, which v1.9.4
# requires; the patch release before it (v0.18.0, same API) stands in. Cached under
# $HOME/.cache/flux-rs/source-controller-v1.9.4; prints the binary's path on stdout.
set -euo pipefail
export GO_WRAPPED_REPLACES="github.com/fluxcd/pkg/artifact => github.com/fluxcd/pkg/artifact v0.18.0"
exec bash "$(dirname "${BASH_SOURCE[0]}")/ensure-go-wrapped.sh" source-controller \
  github.com/fluxcd/source-controller v1.9.4 github.com/fluxcd/source-controller
