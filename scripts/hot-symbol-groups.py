"""Orders build/hot-symbols.txt in three groups: the functions both the controllers and the
offline render run (`# shared`), then those only the render runs (`# render`), then those
only the controllers run (`# serve`). Each process then touches one contiguous stretch of
text: a render the first two groups, a controller the first and the last (helm-controller,
which renders, all three). Reads the controllers' and the render's lists (`demangled<TAB>mangled`
lines) and prints the grouped list."""
import sys


def read(path):
    return [l.rstrip("\n") for l in open(path) if l.strip() and not l.startswith("#")]


def key(line):
    parts = line.split("\t")
    return parts[1] if len(parts) > 1 and parts[1] else parts[0]


serve, render = read(sys.argv[1]), read(sys.argv[2])
serve_keys, render_keys = {key(l) for l in serve}, {key(l) for l in render}
print("# shared")
for l in render:
    if key(l) in serve_keys:
        print(l)
print("# render")
for l in render:
    if key(l) not in serve_keys:
        print(l)
print("# serve")
for l in serve:
    if key(l) not in render_keys:
        print(l)
