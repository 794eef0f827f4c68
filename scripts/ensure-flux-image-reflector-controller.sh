#!/usr/bin/env bash
# Flux's own image-reflector-controller (v1.2.4, the version Flux 2.9.4 ships), built from its
# Go module: the compatibility oracle for our ImageRepository and ImagePolicy reconcilers and
# the reference of the image benchmark. Cached under
# $HOME/.cache/flux-rs/image-reflector-controller-v1.2.4; prints the binary's path on stdout.
# The module proxy does not serve fluxcd/pkg/artifact v0.18.2, which v1.2.4 requires; the
# patch release before it (v0.18.0, same API) stands in, as for source-controller.
set -euo pipefail
export GO_WRAPPED_REPLACES="github.com/fluxcd/pkg/artifact => github.com/fluxcd/pkg/artifact v0.18.0"
exec bash "$(dirname "${BASH_SOURCE[0]}")/ensure-go-wrapped.sh" image-reflector-controller \
  github.com/fluxcd/image-reflector-controller v1.2.4 github.com/fluxcd/image-reflector-controller
