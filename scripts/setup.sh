#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine: Debian packages, the control plane
# binaries, the real kustomize, helm and sops (conformance oracles; helm also builds the test
# chart repositories) and Flux's own
# kustomize-controller (compatibility test and benchmark) and a real Gitea (bootstrap tests),
# all built from their Go modules and cached under ~/.cache/flux-rs. Prints the control plane
# directory on stdout.
#
# `setup.sh --demo` installs only what the demo needs: the Debian packages the binary and the
# demo's Git server need, and the control plane.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEMO=false
[ "${1:-}" = "--demo" ] && DEMO=true

install_packages() {
  [ "$#" -gt 0 ] || return 0
  echo "installing Debian packages: $*" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >&2
}

need=()
for cmd in curl git; do
  command -v "$cmd" >/dev/null || need+=("$cmd")
done
# git2 links OpenSSL; the Git servers need git-http-backend (package git).
dpkg -s libssl-dev >/dev/null 2>&1 || need+=(libssl-dev)
dpkg -s pkg-config >/dev/null 2>&1 || need+=(pkg-config)
if [ "$DEMO" = false ]; then
# The SSH Git server tests need sshd.
dpkg -s openssh-server >/dev/null 2>&1 || need+=(openssh-server)
# Signature tests sign with real gpg and ssh-keygen.
command -v gpg >/dev/null || need+=(gnupg)
command -v ssh-keygen >/dev/null || need+=(openssh-client)
# Provider tests make an RSA service-account key with the openssl CLI.
command -v openssl >/dev/null || need+=(openssl)
# The Flux v1 migration equivalence tests run v1's generators with GNU envsubst.
command -v envsubst >/dev/null || need+=(gettext-base)
# The hostile-input corpus measures each case's peak memory with GNU time.
[ -x /usr/bin/time ] || need+=(time)
# The notification-controller's nats provider publishes to a real NATS server.
command -v nats-server >/dev/null || need+=(nats-server)
# The Bucket LDAP STS test runs MinIO against a real OpenLDAP slapd (started by the test on
# loopback; the package is installed unconfigured so no system daemon starts).
if ! dpkg -s slapd >/dev/null 2>&1; then
  need+=(slapd)
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  echo "slapd slapd/no_configuration boolean true" | $SUDO debconf-set-selections
fi
fi
install_packages "${need[@]}"
command -v go >/dev/null || { echo "Go (>= 1.26) is required to build the control plane binaries" >&2; exit 1; }
command -v cargo >/dev/null || { echo "Rust (cargo) is required" >&2; exit 1; }
if [ "$DEMO" = false ]; then
  # The conformance oracles and the real peers of the tests.
  bash "$ROOT/scripts/ensure-kustomize.sh" >&2
  bash "$ROOT/scripts/ensure-helm.sh" >&2
  bash "$ROOT/scripts/ensure-sops.sh" >&2
  bash "$ROOT/scripts/ensure-flux-kustomize-controller.sh" >&2
  bash "$ROOT/scripts/ensure-gitea.sh" >&2
  bash "$ROOT/scripts/ensure-registry.sh" >&2
  bash "$ROOT/scripts/ensure-flux-cli.sh" >&2
  bash "$ROOT/scripts/ensure-flux-source-controller.sh" >&2
  bash "$ROOT/scripts/ensure-versitygw.sh" >&2
  bash "$ROOT/scripts/ensure-cosign.sh" >&2
  bash "$ROOT/scripts/ensure-cosign.sh" --v3 >&2
  bash "$ROOT/scripts/ensure-notation.sh" >&2
  bash "$ROOT/scripts/ensure-flux-source-watcher.sh" >&2
  bash "$ROOT/scripts/ensure-flux-image-reflector-controller.sh" >&2
  bash "$ROOT/scripts/ensure-flux-image-automation-controller.sh" >&2
  bash "$ROOT/scripts/ensure-minio.sh" >&2
  bash "$ROOT/scripts/ensure-minio.sh" --mc >&2
fi
bash "$ROOT/scripts/ensure-control-plane.sh"
