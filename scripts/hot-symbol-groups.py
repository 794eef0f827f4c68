"""Orders build/hot-symbols.txt by which processes run each function. Arguments are
`name=path` lists of `demangled<TAB>mangled` lines, one per profiled process kind (`render`,
`helm`, `kustomize`, `source`), and optionally `--keep=path`: an existing hot-symbols.txt whose
groups supply the lists of the kinds not given (so the render can be re-profiled alone).

Every function gets a signature, the set of kinds that ran it, and the list is printed one
signature group at a time under a `# kind kind ...` header. The linker lays the functions out
in that order, so a 64 KiB stretch of text (what the kernel maps around each page fault of a
file mapping) holds, apart from the group boundaries, functions that the same processes run:
a helm-controller does not map kustomize-controller code that happens to sit beside its own.
The groups come in an order that keeps each kind's groups close together: the render's, the
helm-controller's (which renders) after them, then the kustomize- and source-controller's."""
import re
import sys

ORDER = ["render", "helm", "kustomize", "source"]
# Signature groups in layout order; any other signature follows, in sorted order.
LAYOUT = [
    ("render",),
    ("render", "helm"),
    ("render", "helm", "kustomize"),
    ("render", "helm", "kustomize", "source"),
    ("render", "helm", "source"),
    ("render", "kustomize"),
    ("render", "kustomize", "source"),
    ("render", "source"),
    ("helm",),
    ("helm", "source"),
    ("helm", "kustomize", "source"),
    ("helm", "kustomize"),
    ("kustomize",),
    ("kustomize", "source"),
    ("source",),
]


def entries(lines):
    return [l.rstrip("\n") for l in lines if l.strip() and not l.startswith("#")]


def key(line):
    """The mangled name without what changes from build to build while the function stays
    the same: LLVM's `.llvm.<hash>` suffix (it changes with every edit of its crate), each
    crate's disambiguator (`Cs<hash>_`: it changes with the target and with a crate's or a
    dependency's features) and back-references (`B<offset>_`: positions in the name, which
    move when a disambiguator's length does). A kept list, a new profile and the other
    target's profile then name the same function alike. scripts/link-ordered.sh compares
    names the same way."""
    parts = line.split("\t")
    if len(parts) > 1 and parts[1]:
        name = re.sub(r"\.llvm\.\d+$", "", parts[1])
        name = re.sub(r"Cs[0-9A-Za-z]+_", "C", name)
        return re.sub(r"B[0-9A-Za-z]*_", "B", name)
    return parts[0]


def kept(path):
    """The per-kind lists an existing grouped file holds."""
    lists, kinds = {}, []
    for line in open(path):
        if line.startswith("# "):
            kinds = line[2:].split()
        elif line.strip() and not line.startswith("#"):
            for k in kinds:
                lists.setdefault(k, []).append(line.rstrip("\n"))
    return lists


def main(args):
    lists, keep = {}, None
    for a in args:
        if a.startswith("--keep="):
            keep = a[len("--keep="):]
        else:
            name, path = a.split("=", 1)
            lists[name] = entries(open(path))
    if keep:
        for name, items in kept(keep).items():
            lists.setdefault(name, items)
    line_of, sig = {}, {}
    for name in sorted(lists, key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n)):
        for l in lists[name]:
            k = key(l)
            line_of.setdefault(k, l)
            kinds = sig.setdefault(k, [])
            # A list may name a function twice (two builds' names, or two LLVM suffixes).
            if name not in kinds:
                kinds.append(name)
    groups = {}
    for k, names in sig.items():
        groups.setdefault(tuple(names), []).append(line_of[k])
    rest = sorted(s for s in groups if s not in LAYOUT)
    for s in LAYOUT + rest:
        if s in groups:
            print("# " + " ".join(s))
            for l in sorted(groups[s], key=lambda l: l.split("\t")[0]):
                print(l)


if __name__ == "__main__":
    main(sys.argv[1:])
