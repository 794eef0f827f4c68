#!/usr/bin/env bash
# The C compiler driver rustc links with on x86_64 Linux (set in .cargo/config.toml). It passes
# every link through to `cc` unchanged, except the release link of the `flux` binary, which
# build.rs marks with `-Wl,--symbol-ordering-file=<OUT_DIR>/hot-symbols.order`:
#
# build/hot-symbols.txt names each hot function by its demangled name and, when profiled, its
# mangled one (`demangled<TAB>mangled`). Mangled names carry each crate's hash, which differs
# between the glibc and the musl target and changes whenever a dependency or a feature does,
# so a list of them alone goes stale, silently. Our crates are mangled the v0 way
# (.cargo/config.toml), whose demangled names spell out every generic argument: a demangled
# name then stands for one function on either target. So the binary is linked once without an
# order, its symbol table resolves each line (the mangled name if present, else the few
# symbols its demangled name stands for), and the binary is linked again with that order. The
# second link costs a few seconds of release builds only.
set -euo pipefail
order=""
out=""
prev=""
for a in "$@"; do
  case "$a" in
    -Wl,--symbol-ordering-file=*hot-symbols.order) order="${a#-Wl,--symbol-ordering-file=}" ;;
  esac
  [ "$prev" = "-o" ] && out="$a"
  prev="$a"
done
CC_BIN="${FLUX_LINK_CC:-cc}"
if [ -z "$order" ] || [ -z "$out" ]; then
  exec "$CC_BIN" "$@"
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
list="$root/build/hot-symbols.txt"
: > "$order"
"$CC_BIN" "$@"
[ -f "$list" ] || exit 0
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# `nm` prints the same symbols in the same order with and without demangling. Each function
# with its size in bytes (0 when the symbol table gives none).
nm --defined-only -S -t d "$out" | awk '
  NF == 4 && ($3 == "t" || $3 == "T") { print $4 "\t" ($2 + 0) }
  NF == 3 && ($2 == "t" || $2 == "T") { print $3 "\t0" }' > "$tmp/mangled"
nm --defined-only --demangle "$out" | awk 'NF >= 3 && ($2 == "t" || $2 == "T")' \
  | cut -c20- > "$tmp/demangled"
if [ "$(wc -l < "$tmp/mangled")" != "$(wc -l < "$tmp/demangled")" ]; then
  echo "link-ordered.sh: nm listings differ; linking without a symbol order" >&2
  exit 0
fi
paste -d '\t' "$tmp/demangled" "$tmp/mangled" > "$tmp/map"
# In the list's order: a line's mangled symbol while this build has it, else the symbols its
# demangled name stands for when they are few or small together. A v0 demangled name stands
# for one instance, of which each crate that uses it may hold a copy (143 copies of
# `drop_in_place::<String>`, a few KiB in all); a legacy one, from the precompiled standard
# library, for every instance of a generic (`<&T as Debug>::fmt`: thousands, mostly cold).
# A mangled name is compared without the `.llvm.<number>` suffix LLVM gives a local symbol it
# promotes: the number is a hash of its module, so it changes with any edit to the crate while
# the name before it does not (left in, one source change had 778 of the 7,499 hot functions
# fall out of the order and 5.6 MiB more code resident under the kustomize-controller
# benchmark). Nor with the crates' disambiguators (`Cs<hash>_`), which differ between the two
# targets and change with a crate's features or a dependency's, nor with back-references
# (`B<offset>_`), whose offsets move when a disambiguator's length does: a name profiled on
# the glibc build then finds its function on the musl build, and on the next build after a
# feature change (one, HTTP/2 for the API server's client, changed every hash above hyper:
# the lists kept for the other controllers fell back to demangled names, each placing every
# copy of its function, the kustomize-controller's with them, among the helm-controller's
# functions: 2 MiB more code resident). scripts/hot-symbol-groups.py compares names alike.
LC_ALL=C awk -F '\t' '
  function base(m) {
    sub(/\.llvm\.[0-9]+$/, "", m); gsub(/Cs[0-9A-Za-z]+_/, "C", m); gsub(/B[0-9A-Za-z]*_/, "B", m)
    return m
  }
  FILENAME == ARGV[1] {
    b = base($2); same[b] = same[b] "\t" $2
    count[$1]++; bytes[$1] += $3; inst[$1] = inst[$1] "\t" $2; next
  }
  /^#/ || $0 == "" { next }
  ($2 != "" && (base($2) in same)) {
    n = split(substr(same[base($2)], 2), list, "\t")
    for (i = 1; i <= n; i++) if (!(list[i] in done)) { done[list[i]] = 1; print list[i] }
    next
  }
  (count[$1] >= 1 && (count[$1] <= 3 || bytes[$1] <= 16384)) {
    n = split(substr(inst[$1], 2), list, "\t")
    for (i = 1; i <= n; i++) if (!(list[i] in done)) { done[list[i]] = 1; print list[i] }
  }' "$tmp/map" "$list" > "$order"
# Not `exec`: the EXIT trap must still remove the temporary directory (about 30 MiB a link).
"$CC_BIN" "$@"
