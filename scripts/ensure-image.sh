#!/usr/bin/env bash
# Our controller image without a registry or Docker: the static (musl) `flux` binary built
# from this checkout, as the Dockerfile describes it (non-root, /usr/local/bin/flux), written
# as an OCI image layout tar tagged as `flux install` names it (scripts/oci-image.py; the same
# binary gives the same bytes). Prints the tar's path.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if ! rustup target list --installed 2>/dev/null | grep -qx x86_64-unknown-linux-musl; then
  echo "adding the Rust target x86_64-unknown-linux-musl" >&2
  rustup target add x86_64-unknown-linux-musl >&2
fi
if ! command -v musl-gcc >/dev/null; then
  echo "installing Debian packages: musl-tools" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq musl-tools >&2
fi
echo "building the static flux binary (release, musl)" >&2
cargo build --release --locked --target x86_64-unknown-linux-musl --bin flux >&2
version="v$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
out="$ROOT/target/x86_64-unknown-linux-musl/release/flux-image.tar"
python3 scripts/oci-image.py --ref "ghcr.io/flux-rs/flux:${version}" \
  --binary target/x86_64-unknown-linux-musl/release/flux --path /usr/local/bin/flux \
  --user 65532:65532 "$out" >/dev/null
echo "$out"
