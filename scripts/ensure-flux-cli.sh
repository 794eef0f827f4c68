#!/usr/bin/env bash
# Flux's own CLI (flux2 v2.9.4, the version we replace), built from its Go module: the
# reference for `flux build|push|pull artifact` bytes and the artifact benchmarks.
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/ensure-go-wrapped.sh" flux \
  github.com/fluxcd/flux2/v2 v2.9.4 github.com/fluxcd/flux2/v2/cmd/flux
