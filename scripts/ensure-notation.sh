#!/usr/bin/env bash
# The real notation CLI (signatures verified by OCIRepository in the tests), built from its Go
# module through a wrapper module (the proxy serves v1.3.2 but no version list, which
# `go install pkg@version` asks for). Prints the binary's path.
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/ensure-go-wrapped.sh" notation \
  github.com/notaryproject/notation v1.3.2 github.com/notaryproject/notation/cmd/notation
