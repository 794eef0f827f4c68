#!/usr/bin/env bash
# Flux's own notification-controller (v1.9.3, the version Flux 2.9.4 ships), built from its Go
# module: one of Flux's controller set the pod footprint benchmark runs on the test node
# (benches/pod_footprint.rs). Cached under $HOME/.cache/flux-rs/notification-controller-v1.9.3;
# prints the binary's path on stdout.
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/ensure-go-wrapped.sh" notification-controller \
  github.com/fluxcd/notification-controller v1.9.3 github.com/fluxcd/notification-controller
