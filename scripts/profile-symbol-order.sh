#!/usr/bin/env bash
# Regenerates build/hot-symbols.txt: the functions `flux serve source-controller` executes while
# the source benchmark runs (startup, OCIRepositories to Ready, a HelmRepository index), and
# `flux serve helm-controller` while the helm-controller benchmark installs 60 and then 500
# releases (60 reach the client's request rate limit; a few hundred more functions run only
# in the longer run, watch events among them, each costing up to 64 KiB of resident text
# through the kernel's fault-around when left out of the order), and `flux serve
# kustomize-controller` while the kustomize-controller benchmark applies 1,000 Kustomizations
# and reconciles them unchanged (`--kustomize-only` redoes this one alone), found
# with valgrind's callgrind. build.rs hands the list to the linker (--symbol-ordering-file) for
# release builds, which places that code together: the controllers then touch a few MB of
# text instead of pages scattered over the whole binary, and their resident memory shrinks.
# Each line holds a demangled name and the mangled one profiled: scripts/link-ordered.sh uses
# the mangled name while the build still has it, else the demangled name, which survives
# dependency and feature changes and names the same function on the musl target (mangled
# names carry each crate's hash; our crates are mangled the v0 way, whose demangled names
# spell out every generic argument).
# Needs valgrind (Debian package) and the benchmarks' peers (see benches/sources.rs; the
# kustomize-controller benchmark's from FLUX_KUSTOMIZE_CONTROLLER_BIN or
# scripts/ensure-flux-kustomize-controller.sh).
#
# The render's functions are those `flux build helmrelease` runs when it renders the `helm
# create` chart, cert-manager and external-dns (from their Go modules) and the helm_template
# benchmark's generated umbrella and 5,000-object charts. The list is grouped by the set of
# processes (render, helm-, kustomize-, source-controller) that run each function
# (scripts/hot-symbol-groups.py), so the text around a function a process runs holds other
# functions it runs. `--helm-only` keeps the controllers' lists of the existing file and redoes
# the render's. `--faults`, run natively after a profile, adds the functions whose first run
# still faulted in a window of text outside the order (see that branch below).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
command -v valgrind >/dev/null || { echo "valgrind is required" >&2; exit 1; }
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
# The functions callgrind saw (its files under $1, of the runs whose command line contains $3)
# that the binary $2 defines, as `demangled<TAB>mangled` lines sorted by demangled name.
cat > "$OUT/profiled.py" <<'PY'
import glob, re, subprocess, sys
out, binary, cmd = sys.argv[1], sys.argv[2], sys.argv[3]
names = set()
for f in glob.glob(out + "/cg.*"):
    lines = open(f, errors="replace").read().splitlines()
    if not any(l.startswith("cmd:") and cmd in l for l in lines[:20]):
        continue
    for line in lines:
        m = re.match(r"c?fn=\(\d+\) (\S+)", line)
        if m:
            names.add(m.group(1))
def listing(*flags):
    text = subprocess.run(["nm", "--defined-only", *flags, binary], capture_output=True, text=True).stdout
    return [l for l in text.splitlines() if len(l.split()) >= 3 and l.split()[1] in "tT"]
mangled = [l.split()[2] for l in listing()]
demangled = [l[19:] for l in listing("--demangle")]
assert len(mangled) == len(demangled)
defined = dict(zip(mangled, demangled))
for m in sorted((m for m in names if m in defined), key=lambda m: defined[m]):
    print(defined[m] + "\t" + m)
PY
HELM_ONLY=0
[ "${1:-}" = "--helm-only" ] && HELM_ONLY=1
if [ "${1:-}" = "--faults" ]; then
  # Natively, after a profile: runs the kustomize-controller benchmark (the controller image's
  # musl binary when built, else the glibc one) and the helm-controller's (glibc) with each
  # controller under `perf record -e page-faults`, and adds to its kind's list every function
  # whose first run faulted in a window of text the order did not expect
  # (scripts/fault-symbols.py): ring's and sha2's native CPU variants, which callgrind's
  # emulated CPU never runs, libc's start-up, functions added since the last profile.
  command -v perf >/dev/null || { echo "perf is required (Debian: linux-perf)" >&2; exit 1; }
  cargo build --release >&2
  cat > "$OUT/wrap.sh" <<'WRAP'
#!/usr/bin/env bash
case "$*" in
  *"serve kustomize-controller"*) exec perf record -q -c 1 -e page-faults -d -o "$FAULTS_OUT/kustomize.data" -- "$@" ;;
  *"serve helm-controller"*) exec perf record -q -c 1 -e page-faults -d -o "$FAULTS_OUT/helm.data" -- "$@" ;;
  *) exec "$@" ;;
esac
WRAP
  chmod +x "$OUT/wrap.sh"
  export FAULTS_OUT="$OUT"
  KBIN="$ROOT/target/release/flux"
  [ -x target/x86_64-unknown-linux-musl/release/flux ] && KBIN="$ROOT/target/x86_64-unknown-linux-musl/release/flux"
  FLUX_SERVE_BIN="$KBIN" FLUX_SERVE_WRAP="$OUT/wrap.sh" KC_BENCH_OURS_ONLY=1 \
    cargo bench --bench kustomize_controller -- 1000 >&2
  FLUX_SERVE_WRAP="$OUT/wrap.sh" HC_BENCH_OURS_ONLY=1 cargo bench --bench helm_controller -- 100 >&2
  python3 "$ROOT/scripts/fault-symbols.py" "kustomize=$KBIN=$OUT/kustomize.data" \
    "helm=$ROOT/target/release/flux=$OUT/helm.data" build/hot-symbols.txt
  echo "build/hot-symbols.txt: $(wc -l < build/hot-symbols.txt) lines" >&2
  exit 0
fi
WRAP="valgrind --tool=callgrind --demangle=no --callgrind-out-file=$OUT/cg.%p"
if [ "${1:-}" = "--kustomize-only" ]; then
  # Re-profiles the kustomize-controller alone, at the load benchmark's scale, and keeps the
  # other kinds' lists of the current file: a function it runs that the order leaves out
  # costs a 64 KiB window of resident text on its own.
  # The controller image's static binary too (when built, by scripts/ensure-image.sh): it
  # runs musl's own libc functions, which no glibc profile names.
  cargo build --release >&2
  FLUX_SERVE_WRAP="$WRAP" KC_BENCH_OURS_ONLY=1 cargo bench --bench kustomize_controller -- 1000 >&2
  python3 "$OUT/profiled.py" "$OUT" target/release/flux "serve kustomize-controller" > "$OUT/kustomize.txt"
  MUSL=target/x86_64-unknown-linux-musl/release/flux
  if [ -x "$MUSL" ]; then
    rm -f "$OUT"/cg.*
    FLUX_SERVE_BIN="$ROOT/$MUSL" FLUX_SERVE_WRAP="$WRAP" KC_BENCH_OURS_ONLY=1 \
      cargo bench --bench kustomize_controller -- 1000 >&2
    python3 "$OUT/profiled.py" "$OUT" "$MUSL" "serve kustomize-controller" >> "$OUT/kustomize.txt"
  fi
  cp build/hot-symbols.txt "$OUT/kept.txt"
  python3 "$ROOT/scripts/hot-symbol-groups.py" kustomize="$OUT/kustomize.txt" --keep="$OUT/kept.txt" > build/hot-symbols.txt
  echo "build/hot-symbols.txt: $(wc -l < build/hot-symbols.txt) functions" >&2
  exit 0
fi
if [ "$HELM_ONLY" = 0 ]; then
  # Every `flux serve` these benchmarks start runs under callgrind (the source-controller
  # feeding the helm- and kustomize-controller too); each run is attributed to its controller
  # by the command line callgrind records.
  FLUX_SERVE_WRAP="$WRAP" cargo bench --bench sources -- only=oci,helm oci=30 index_mb=2 >&2
  # And helm-controller installing, then reconciling unchanged, a few HelmReleases.
  FLUX_SERVE_WRAP="$WRAP" HC_BENCH_OURS_ONLY=1 cargo bench --bench helm_controller -- 60 500 >&2
  # And kustomize-controller applying, then reconciling unchanged, 1,000 Kustomizations (the
  # load benchmark's scale: a few functions run only there, the client's rate limiter waits).
  FLUX_SERVE_WRAP="$WRAP" KC_BENCH_OURS_ONLY=1 cargo bench --bench kustomize_controller -- 1000 >&2
  BIN="$(ls -t target/release/flux | head -1)"
  for kind in source helm kustomize; do
    python3 "$OUT/profiled.py" "$OUT" "$BIN" "serve $kind-controller" > "$OUT/$kind.txt"
  done
  rm -f "$OUT"/cg.*
  SERVE=(source="$OUT/source.txt" helm="$OUT/helm.txt" kustomize="$OUT/kustomize.txt")
else
  # Keep the controllers' lists of the current file.
  cp build/hot-symbols.txt "$OUT/kept.txt"
  SERVE=(--keep="$OUT/kept.txt")
fi
# Symbol names do not depend on the order, so the binary may be an ordered one.
cargo build --release >&2
BIN=target/release/flux
HELM="$(bash scripts/ensure-helm.sh)"
CHARTS="$OUT/charts"
mkdir -p "$CHARTS"
"$HELM" create "$CHARTS/created" >&2
for m in github.com/cert-manager/cert-manager@v1.17.2 sigs.k8s.io/external-dns@v0.16.1; do
  dir="$(cd "$OUT" && GOFLAGS=-mod=mod go mod download -json "$m" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')"
  case "$m" in
    *cert-manager*) cp -r "$dir/deploy/charts/cert-manager" "$CHARTS/"; chmod -R u+w "$CHARTS/cert-manager"
      sed 's/{{IS_PRERELEASE}}/false/; s/^version: v0.0.0/version: v1.17.2/; s/^appVersion: v0.0.0/appVersion: v1.17.2/' \
        "$CHARTS/cert-manager/Chart.template.yaml" > "$CHARTS/cert-manager/Chart.yaml" ;;
    *) cp -r "$dir/charts/external-dns" "$CHARTS/"; chmod -R u+w "$CHARTS/external-dns" ;;
  esac
done
# The benchmark's generated charts (a 100-subchart umbrella, 5,000 objects), kept by it.
KEPT="$(cargo bench --bench helm_template -- runs=1 keep=1 2>&1 | sed -n 's/^charts kept in //p')"
[ -d "$KEPT" ] || { echo "the helm_template benchmark kept no charts" >&2; exit 1; }
cp -r "$KEPT/umbrella" "$KEPT/many" "$CHARTS/"
rm -rf "$KEPT"
printf 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: rel\nspec:\n  releaseName: rel\n' > "$OUT/hr.yaml"
for c in created cert-manager external-dns umbrella many; do
  valgrind --tool=callgrind --demangle=no --callgrind-out-file="$OUT/cg.$c" \
    "$BIN" build helmrelease --file "$OUT/hr.yaml" --chart "$CHARTS/$c" > /dev/null 2>&1 || true
done
python3 "$OUT/profiled.py" "$OUT" "$BIN" "build helmrelease" > "$OUT/render.txt"
# Grouped by the set of processes that run each function (scripts/hot-symbol-groups.py).
python3 "$ROOT/scripts/hot-symbol-groups.py" render="$OUT/render.txt" "${SERVE[@]}" > build/hot-symbols.txt
echo "build/hot-symbols.txt: $(wc -l < build/hot-symbols.txt) functions" >&2
