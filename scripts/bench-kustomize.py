#!/usr/bin/env python3
"""Times `flux kustomize build` against the real kustomize in the same run.

Workloads: the whole conformance corpus, a generated tree of about 4000 resources with
overlays, 500 Deployments with a prefix and generators, and a ConfigMap with 999 entries plus
999 image transformers. For each, both tools run the same builds; outputs must be identical.
Prints wall time, CPU time and peak RSS (median of runs) and the ratios ours/kustomize.
"""
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def run(cmd):
    """Runs one command; returns (stdout, wall seconds, cpu seconds, peak RSS KiB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {p.stderr.decode()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return p.stdout, wall, cpu, after.ru_maxrss


def measure_rss(cmd):
    """Peak RSS of one run, measured with GNU time (ru_maxrss of children is cumulative)."""
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return int(p.stderr.decode().strip().splitlines()[-1])


def bench(name, dirs, flux, kustomize):
    results = {}
    for tool, base in (("kustomize", [kustomize, "build"]), ("flux", [flux, "kustomize", "build"])):
        walls, cpus, outputs = [], [], []
        for _ in range(RUNS):
            wall = cpu = 0.0
            outs = []
            for d in dirs:
                out, w, c, _ = run(base + [d])
                wall += w
                cpu += c
                outs.append(out)
            walls.append(wall)
            cpus.append(cpu)
            outputs = outs
        rss = max(measure_rss(base + [d]) for d in dirs[:20])
        results[tool] = (statistics.median(walls), statistics.median(cpus), rss, outputs)
    same = results["kustomize"][3] == results["flux"][3]
    k, f = results["kustomize"], results["flux"]
    print(f"{name:<44} {k[0]:8.3f}s {f[0]:8.3f}s {f[0] / k[0]:7.3f}x | cpu {k[1]:7.3f}s {f[1]:7.3f}s {f[1] / max(k[1], 1e-9):6.3f}x"
          f" | rss {k[2] / 1024:6.1f} {f[2] / 1024:6.1f} MiB {f[2] / k[2]:5.2f}x | identical: {'yes' if same else 'NO'}")
    return same


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def deployment(name, image="nginx:1.25", cm=None):
    env = f"""
        envFrom:
        - configMapRef:
            name: {cm}""" if cm else ""
    return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  labels:
    app: {name}
spec:
  replicas: 1
  selector:
    matchLabels:
      app: {name}
  template:
    metadata:
      labels:
        app: {name}
    spec:
      containers:
      - name: main
        image: {image}
        ports:
        - containerPort: 8080{env}
"""


def big_tree(root):
    """About 4000 resources: 40 bases x (20 Deployments + 20 Services + 20 ConfigMaps +
    40 misc objects), combined by 4 overlays with prefixes, labels and patches."""
    bases = []
    for b in range(40):
        d = f"{root}/bases/b{b}"
        docs = []
        for i in range(20):
            docs.append(deployment(f"app{i}", cm=f"cfg{i}"))
            docs.append(f"apiVersion: v1\nkind: Service\nmetadata:\n  name: app{i}\nspec:\n  selector:\n    app: app{i}\n  ports:\n  - port: 80\n")
            docs.append(f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg{i}\ndata:\n  key: value{i}\n")
            docs.append(f"apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa{i}\n")
            docs.append(f"apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w{i}\nspec:\n  size: {i}\n")
        write(f"{d}/all.yaml", "---\n".join(docs))
        write(f"{d}/kustomization.yaml", f"namespace: ns{b}\nresources:\n- all.yaml\n")
        bases.append(b)
    for o in range(4):
        res = "".join(f"- ../../bases/b{b}\n" for b in bases[o * 10:(o + 1) * 10])
        write(f"{root}/overlays/o{o}/kustomization.yaml", f"""namePrefix: o{o}-
commonLabels:
  overlay: o{o}
images:
- name: nginx
  newTag: "1.27"
resources:
{res}patches:
- target:
    kind: Deployment
  patch: |-
    - op: replace
      path: /spec/replicas
      value: 3
""")
    write(f"{root}/kustomization.yaml", "resources:\n" + "".join(f"- overlays/o{o}\n" for o in range(4)))
    return [root]


def prefix_generators(root):
    docs = [deployment(f"svc{i}", cm=f"settings{i % 50}") for i in range(500)]
    write(f"{root}/deploys.yaml", "---\n".join(docs))
    gens = "".join(f"- name: settings{i}\n  literals:\n  - INDEX={i}\n  - MODE=prod\n" for i in range(50))
    write(f"{root}/kustomization.yaml", f"namePrefix: team-\nnamespace: apps\nresources:\n- deploys.yaml\nconfigMapGenerator:\n{gens}")
    return [root]


def configmap_images(root):
    data = "".join(f"  key{i}: value-{i}\n" for i in range(999))
    write(f"{root}/cm.yaml", f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n{data}")
    pods = "".join(f"      - name: c{i}\n        image: img{i}:v1\n" for i in range(20))
    write(f"{root}/deploy.yaml", f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: many\nspec:\n  template:\n    spec:\n      containers:\n{pods}")
    images = "".join(f"- name: img{i}\n  newName: registry.example.com/img{i}\n  newTag: v{i}\n" for i in range(999))
    write(f"{root}/kustomization.yaml", f"resources:\n- cm.yaml\n- deploy.yaml\nimages:\n{images}")
    return [root]


def corpus():
    cases = os.path.join(ROOT, "tests/kustomize/cases")
    dirs = []
    for c in sorted(os.listdir(cases)):
        if c.startswith("err-"):
            continue
        d = os.path.join(cases, c)
        for sub in ("overlay", "app"):
            if os.path.isdir(os.path.join(d, sub)):
                d = os.path.join(d, sub)
                break
        dirs.append(d)
    return dirs


def main():
    kustomize = subprocess.run(["bash", os.path.join(ROOT, "scripts/ensure-kustomize.sh")], check=True,
                               stdout=subprocess.PIPE).stdout.decode().strip()
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "flux"], cwd=ROOT, check=True)
    flux = os.path.join(ROOT, "target/release/flux")
    tmp = tempfile.mkdtemp(prefix="flux-kustomize-bench-")
    try:
        print(f"runs per tool: {RUNS} (median); columns: kustomize, flux, ratio")
        ok = True
        ok &= bench(f"conformance corpus ({len(corpus())} builds)", corpus(), flux, kustomize)
        ok &= bench("~4000 resources with overlays", big_tree(f"{tmp}/tree"), flux, kustomize)
        ok &= bench("500 Deployments, prefix, generators", prefix_generators(f"{tmp}/gen"), flux, kustomize)
        ok &= bench("ConfigMap 999 entries + 999 images", configmap_images(f"{tmp}/img"), flux, kustomize)
        if not ok:
            sys.exit("outputs differ")
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
