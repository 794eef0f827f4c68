#!/usr/bin/env python3
"""Writes a one-layer OCI image as an OCI image layout tar, without a registry or Docker.

    oci-image.py --ref REF --binary PATH --path IN_IMAGE [--user UID:GID] [--dir IN_IMAGE]... OUT.tar

The layer holds the binary at IN_IMAGE (mode 0755) and any empty directories named by --dir
(mode 1777, for a read-only root filesystem's mount points); the config runs the binary as
the entrypoint, as --user. Every timestamp is zero and every list sorted, so the same binary
gives the same bytes (and digests). `index.json` names the image with the annotations
containerd's `ctr images import` reads (`io.containerd.image.name` = REF,
`org.opencontainers.image.ref.name` = its tag). Prints the manifest digest.
"""

import argparse
import gzip
import hashlib
import io
import json
import tarfile


def tar_bytes(entries):
    """A tar of (name, mode, data or None for a directory), deterministic."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, mode, data in entries:
            info = tarfile.TarInfo(name)
            info.mode = mode
            info.mtime = 0
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            if data is None:
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            else:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def gz(data):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=6) as f:
        f.write(data)
    return buf.getvalue()


def digest(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ref", required=True)
    p.add_argument("--binary", required=True)
    p.add_argument("--path", required=True)
    p.add_argument("--user", default="")
    p.add_argument("--dir", action="append", default=[])
    p.add_argument("out")
    a = p.parse_args()

    with open(a.binary, "rb") as f:
        binary = f.read()
    target = a.path.strip("/")
    dirs = set()
    for path in [target] + [d.strip("/") + "/x" for d in a.dir]:
        parts = path.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            dirs.add("/".join(parts[:i]))
    entries = []
    for d in sorted(dirs):
        mode = 0o1777 if d in {x.strip("/") for x in a.dir} else 0o755
        entries.append((d + "/", mode, None))
    entries.append((target, 0o755, binary))
    layer_tar = tar_bytes(entries)
    layer = gz(layer_tar)

    config = {
        "architecture": "amd64",
        "os": "linux",
        "config": {
            "Entrypoint": ["/" + target],
            "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
        },
        "rootfs": {"type": "layers", "diff_ids": [digest(layer_tar)]},
    }
    if a.user:
        config["config"]["User"] = a.user
    config_bytes = canonical(config)
    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {
            "mediaType": "application/vnd.oci.image.config.v1+json",
            "digest": digest(config_bytes),
            "size": len(config_bytes),
        },
        "layers": [
            {
                "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                "digest": digest(layer),
                "size": len(layer),
            }
        ],
    }
    manifest_bytes = canonical(manifest)
    tag = a.ref.rsplit(":", 1)[1] if ":" in a.ref.rsplit("/", 1)[-1] else "latest"
    index = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [
            {
                "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "digest": digest(manifest_bytes),
                "size": len(manifest_bytes),
                "annotations": {
                    "io.containerd.image.name": a.ref,
                    "org.opencontainers.image.ref.name": tag,
                },
            }
        ],
    }
    files = [("oci-layout", 0o644, canonical({"imageLayoutVersion": "1.0.0"})),
             ("index.json", 0o644, canonical(index))]
    blobs = {}
    for blob in (config_bytes, manifest_bytes, layer):
        blobs[digest(blob).split(":", 1)[1]] = blob
    layout = [("blobs/", 0o755, None), ("blobs/sha256/", 0o755, None)]
    layout += [("blobs/sha256/" + h, 0o644, blobs[h]) for h in sorted(blobs)]
    with open(a.out, "wb") as f:
        f.write(tar_bytes(files[:1] + layout + files[1:]))
    print(digest(manifest_bytes))


if __name__ == "__main__":
    main()
