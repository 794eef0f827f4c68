#!/usr/bin/env bash
# Runs the cargo-fuzz targets of fuzz/ (libFuzzer, nightly Rust).
#   scripts/fuzz.sh smoke [TARGET...]   each target for FUZZ_RUNS executions (default 20000):
#                                       the short run the test suite makes
#   scripts/fuzz.sh long [TARGET...]    each target for 10 million executions (FUZZ_RUNS overrides;
#                                       FUZZ_SECONDS caps each target's time)
# Every target starts from its committed seeds (fuzz/seeds/<target>) and, for the YAML and
# template targets, from the repository's fixtures and Helm's test charts in the Go module
# cache; what libFuzzer finds is kept in fuzz/corpus/<target> (not committed). An input that
# panics, trips an assertion or runs longer than 10 s stops the run: it is saved under
# fuzz/artifacts/<target>/ and the script fails. Prints one line per target with the executions
# made and the time taken. cargo-fuzz is built into a cache directory keyed by version.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE="${1:-smoke}"
shift || true
case "$MODE" in
  smoke) RUNS="${FUZZ_RUNS:-20000}" ;;
  long) RUNS="${FUZZ_RUNS:-10000000}" ;;
  *) echo "usage: scripts/fuzz.sh smoke|long [TARGET...]" >&2; exit 2 ;;
esac
TARGETS=("$@")
if [ "${#TARGETS[@]}" -eq 0 ]; then
  TARGETS=(yaml_load patch_apply template_parse helm_yaml envsubst sops_decrypt tar_extract
    webhook_verify kustomize_build)
fi

CARGO_FUZZ_VERSION=0.13.2
CACHE="${FLUX_RS_CACHE:-$HOME/.cache/flux-rs}"
FUZZ_HOME="$CACHE/cargo-fuzz-${CARGO_FUZZ_VERSION}"
if [ ! -x "$FUZZ_HOME/bin/cargo-fuzz" ]; then
  echo "building cargo-fuzz ${CARGO_FUZZ_VERSION} (cached in $FUZZ_HOME)" >&2
  rm -rf "$FUZZ_HOME.partial"
  cargo install --quiet --locked --root "$FUZZ_HOME.partial" cargo-fuzz --version "$CARGO_FUZZ_VERSION"
  rm -rf "$FUZZ_HOME"
  mv "$FUZZ_HOME.partial" "$FUZZ_HOME"
fi
export PATH="$FUZZ_HOME/bin:$PATH"
if ! rustup toolchain list | grep -q '^nightly'; then
  rustup toolchain install nightly --profile minimal >&2
fi

cd "$ROOT/fuzz"
# No sanitizer: the targets are safe Rust (a sanitizer finds nothing there that a panic would
# not) and run about twice as fast without one; debug assertions (overflow checks) stay on.
FLAGS=(--sanitizer none --debug-assertions)
# Without debug info (cargo-fuzz asks for line tables): the build directory shrinks from about
# 4.0 to 2.3 GiB (nine binaries each hold the whole library), and a crash is replayed from its
# saved input anyway.
export RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }-Cdebuginfo=0"
build_log="$(mktemp)"
if ! cargo +nightly fuzz build "${FLAGS[@]}" > "$build_log" 2>&1; then
  # A failed link prints a command line of several hundred kilobytes; show the messages, cut.
  echo "fuzz: the build failed; its errors:" >&2
  grep -E "error|warning: build failed|collect2|/ld:|No space|Killed|signal" "$build_log" \
    | cut -c1-400 | head -40 >&2
  tail -c 2000 "$build_log" | cut -c1-400 >&2
  df -h "$ROOT" /tmp >&2 || true
  free -m >&2 || true
  rm -f "$build_log"
  exit 1
fi
rm -f "$build_log"

# Seeds from files the repository and the Go module cache already have (copied once).
seed_from() {
  local target="$1" pattern="$2"
  shift 2
  local dir="corpus/$target"
  mkdir -p "$dir"
  [ -n "$(ls -A "$dir")" ] && return 0
  local i=0
  for src in "$@"; do
    [ -d "$src" ] || continue
    while IFS= read -r -d '' f; do
      cp "$f" "$dir/seed-$i"
      i=$((i + 1))
      [ "$i" -ge 300 ] && return 0
    done < <(find "$src" -type f -name "$pattern" -size -64k -print0 | sort -z)
  done
  return 0
}
HELM_MOD="$(ls -d "$(go env GOMODCACHE 2>/dev/null || echo "$HOME/go/pkg/mod")"/helm.sh/helm/v4@v4.2.1 2>/dev/null || true)"
seed_from yaml_load '*.yaml' "$ROOT/tests/fixtures"
seed_from patch_apply '*.yaml' "$ROOT/tests/fixtures/build"
seed_from template_parse '*.yaml' "${HELM_MOD:+$HELM_MOD/pkg/cmd/testdata/testcharts}"
seed_from helm_yaml 'values.yaml' "${HELM_MOD:+$HELM_MOD/pkg/cmd/testdata/testcharts}" "$ROOT/tests/fixtures"

# The targets' scratch files (tar_extract extracts every input) go to memory when /dev/shm is
# there: on this machine's disk the syscalls of each extraction dominated its run.
scratch="$(mktemp -d "$([ -d /dev/shm ] && [ -w /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}")/flux-fuzz.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
failed=0
for t in "${TARGETS[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  dirs=("corpus/$t")
  [ -d "seeds/$t" ] && dirs+=("seeds/$t")
  log="$(mktemp)"
  start=$(date +%s)
  if TMPDIR="$scratch" cargo +nightly fuzz run "${FLAGS[@]}" "$t" "${dirs[@]}" -- \
      -runs="$RUNS" -max_total_time="${FUZZ_SECONDS:-0}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="artifacts/$t/" > "$log" 2>&1; then
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    echo "fuzz $t: ok, ${execs:-?} executions in $(( $(date +%s) - start )) s"
  else
    failed=1
    echo "fuzz $t: FAILED after $(( $(date +%s) - start )) s"
    grep -E "panicked|ERROR|SUMMARY|Test unit written|assertion" "$log" | head -20
  fi
  rm -f "$log"
done
exit "$failed"
