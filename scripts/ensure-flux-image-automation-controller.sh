#!/usr/bin/env bash
# Flux's own image-automation-controller (v1.2.4, the version Flux 2.9.4 ships), built from its
# Go module: the compatibility oracle for our ImageUpdateAutomation reconciler. Cached under
# $HOME/.cache/flux-rs/image-automation-controller-v1.2.4; prints the binary's path on stdout.
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/ensure-go-wrapped.sh" image-automation-controller \
  github.com/fluxcd/image-automation-controller v1.2.4 github.com/fluxcd/image-automation-controller
