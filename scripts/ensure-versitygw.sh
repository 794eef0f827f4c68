#!/usr/bin/env bash
# versitygw (an S3-compatible gateway with a POSIX backend), built from its Go module: the real
# S3 server of the Bucket tests. Prints the binary's path.
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/ensure-go-tool.sh" versitygw \
  github.com/versity/versitygw/cmd/versitygw@v1.8.0
