#!/usr/bin/env bash
# The real cosign CLI (signatures verified by OCIRepository and HelmChart in the tests), built
# from its Go module. Prints the binary's path. About 4 minutes on a 2-core machine.
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/ensure-go-tool.sh" cosign \
  github.com/sigstore/cosign/v2/cmd/cosign@v2.6.5
