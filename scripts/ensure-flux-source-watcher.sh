#!/usr/bin/env bash
# Flux's own source-watcher (v2.2.3, the version Flux 2.9.4 ships), built from its Go module:
# the compatibility oracle of our ArtifactGenerator reconciler. Cached under
# $HOME/.cache/flux-rs/source-watcher-v2.2.3; prints the binary's path on stdout.
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/ensure-go-wrapped.sh" source-watcher \
  github.com/fluxcd/source-watcher/v2 v2.2.3 github.com/fluxcd/source-watcher/v2/cmd
