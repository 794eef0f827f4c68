#!/usr/bin/env bash
# Regenerates build/hot-symbols.txt: the functions `flux serve source-controller` executes while
# the source benchmark runs (startup, OCIRepositories to Ready, a HelmRepository index), found
# with valgrind's callgrind. build.rs hands the list to the linker (--symbol-ordering-file) for
# release builds, which places that code together: the controllers then touch a few MB of
# text instead of pages scattered over the whole binary, and their resident memory shrinks.
# Names the binary no longer has are ignored, so a stale list costs only some of the gain.
# Needs valgrind (Debian package) and the benchmark's peers (see benches/sources.rs).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
command -v valgrind >/dev/null || { echo "valgrind is required" >&2; exit 1; }
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
# The profiled binary must not itself be ordered by an older list.
FLUX_NO_SYMBOL_ORDERING=1 FLUX_SERVE_WRAP="valgrind --tool=callgrind --demangle=no --callgrind-out-file=$OUT/cg.%p" \
  cargo bench --bench sources -- only=oci,helm oci=30 index_mb=2 >&2
BIN="$(ls -t target/release/flux | head -1)"
python3 - "$OUT" "$BIN" > build/hot-symbols.txt <<'PY'
import glob, re, subprocess, sys
out, binary = sys.argv[1], sys.argv[2]
names = set()
for f in glob.glob(out + "/cg.*"):
    for line in open(f, errors="replace"):
        m = re.match(r"c?fn=\(\d+\) (\S+)", line)
        if m:
            names.add(m.group(1))
defined = set()
nm = subprocess.run(["nm", "--defined-only", binary], capture_output=True, text=True).stdout
for line in nm.splitlines():
    p = line.split()
    if len(p) == 3 and p[1] in "tT":
        defined.add(p[2])
for n in sorted(names & defined):
    print(n)
PY
echo "build/hot-symbols.txt: $(wc -l < build/hot-symbols.txt) functions" >&2
