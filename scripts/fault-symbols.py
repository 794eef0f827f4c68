"""Adds to build/hot-symbols.txt the functions whose first run mapped a window of text that the
order did not expect. Arguments: `kind=binary=perf.data` triples (a process kind of the list:
`helm`, `kustomize`, `source`; the `flux` binary that process ran; a `perf record -e
page-faults -c 1 -d` recording of it), then the list's path, which is rewritten.

Why: the kernel maps a 64 KiB window of a file mapping around each page fault, so a function
left out of the order costs a whole window of resident text when it first runs. callgrind
names what runs on valgrind's emulated CPU; natively some functions differ (ring's and sha2's
AVX2/ADX/SHA-NI variants, libc start-up, code added since the last profile). A page fault of
an instruction fetch has the faulting address equal to the instruction pointer: that
instruction's function is the one that brought the window in. Each such function that the
list does not name for the process's kind is added to that kind's list, and the list is
regrouped (scripts/hot-symbol-groups.py)."""
import bisect
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
groups = __import__("hot-symbol-groups")


def functions(binary):
    """(address, size, demangled, mangled) of the binary's functions, by address."""
    def nm(*flags):
        out = subprocess.run(["nm", "--defined-only", "-S", "-t", "d", *flags, binary],
                             capture_output=True, text=True, check=True).stdout
        return out.splitlines()
    rows = []
    for plain, demangled in zip(nm(), nm("--demangle")):
        f = plain.split()
        if len(f) == 4 and f[2] in "tT":
            rows.append((int(f[0]), int(f[1]), demangled.split(" ", 3)[3], f[3]))
    rows.sort()
    return rows


def first_touches(binary, recording):
    """The functions (demangled, mangled) whose instruction fetch faulted in `recording`."""
    rows = functions(binary)
    starts = [r[0] for r in rows]
    lo, hi = rows[0][0], rows[-1][0] + rows[-1][1]
    script = subprocess.run(["perf", "script", "-i", recording, "-F", "ip,addr"],
                            capture_output=True, text=True, check=True).stdout
    found = {}
    for line in script.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        try:
            addr, ip = int(parts[0], 16), int(parts[1], 16)
        except ValueError:
            continue
        if addr != ip or not lo <= ip < hi:
            continue
        i = bisect.bisect_right(starts, ip) - 1
        if i < 0 or ip >= rows[i][0] + max(rows[i][1], 1):
            continue
        # Every name of that address (identical functions merged into one keep each name).
        j = i
        while j > 0 and rows[j - 1][0] == rows[i][0]:
            j -= 1
        found[rows[i][0]] = [(r[2], r[3]) for r in rows[j:] if r[0] == rows[i][0]]
    return found.values()


def main(args):
    path = args[-1]
    lists = groups.kept(path)
    added = 0
    for triple in args[:-1]:
        kind, binary, recording = triple.split("=", 2)
        listed = {groups.key(l) for l in lists.get(kind, [])}
        listed |= {l.split("\t")[0] for l in lists.get(kind, [])}
        for names in first_touches(binary, recording):
            if any(d in listed or groups.key(d + "\t" + m) in listed for d, m in names):
                continue
            d, m = names[0]
            lists.setdefault(kind, []).append(d + "\t" + m)
            listed.add(d)
            added += 1
    tmp = path + ".tmp"
    for kind, lines in lists.items():
        with open(f"{tmp}.{kind}", "w") as f:
            f.write("\n".join(lines) + "\n")
    with open(tmp, "w") as out:
        sys.stdout = out
        try:
            groups.main([f"{kind}={tmp}.{kind}" for kind in lists])
        finally:
            sys.stdout = sys.__stdout__
    for kind in lists:
        os.remove(f"{tmp}.{kind}")
    os.replace(tmp, path)
    print(f"{path}: {added} functions added", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
