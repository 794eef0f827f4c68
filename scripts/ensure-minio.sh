#!/usr/bin/env bash
# MinIO (the S3 server with an STS API: AssumeRoleWithLDAPIdentity, AssumeRole) and its
# client mc, built from their Go modules: the real peers of the Bucket STS tests. Prints the
# minio binary's path, or with --mc the mc binary's path.
set -euo pipefail
HERE="$(dirname "${BASH_SOURCE[0]}")"
if [ "${1:-}" = "--mc" ]; then
  exec bash "$HERE/ensure-go-tool.sh" mc github.com/minio/mc@v0.0.0-20250313080218-cf909e1063a9
fi
exec bash "$HERE/ensure-go-tool.sh" minio github.com/minio/minio@v0.0.0-20260212201848-7aac2a2c5b7c
