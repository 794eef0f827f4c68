#!/usr/bin/env bash
# The CNCF distribution registry (the OCI registry of the tests: htpasswd basic auth, TLS),
# built from its Go module. Prints the binary's path.
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/ensure-go-tool.sh" registry \
  github.com/distribution/distribution/v3/cmd/registry@v3.1.2
