#!/usr/bin/env bash
# The real cosign CLI (signatures verified by OCIRepository and HelmChart in the tests), built
# from its Go module. Prints the binary's path. About 4 minutes on a 2-core machine.
# `--v3` builds cosign v3 instead (Sigstore bundles attached as OCI referrers).
set -euo pipefail
if [ "${1:-}" = "--v3" ]; then
  exec bash "$(dirname "${BASH_SOURCE[0]}")/ensure-go-tool.sh" cosign \
    github.com/sigstore/cosign/v3/cmd/cosign@v3.0.6
fi
exec bash "$(dirname "${BASH_SOURCE[0]}")/ensure-go-tool.sh" cosign \
  github.com/sigstore/cosign/v2/cmd/cosign@v2.6.5
