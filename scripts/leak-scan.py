#!/usr/bin/env python3
"""The secret-leak scan of the test suite (issue 21 §5).

    scripts/leak-scan.py DIR

DIR is what the test suite left in FLUX_RS_LEAK_DIR (set by scripts/test.sh):

  audit-*.log   each control plane's audit log: the request bodies of every write of a
                Secret, an Event or a Flux object (tests/support/control_plane.rs);
  serve-*.log   the log of every `flux serve` process the tests started;
  cli-*.jsonl   the arguments and output of every `flux` command run through the tests'
                helpers.

The secret values are every value any Secret was written with (data, decoded, and
stringData), line by line, whatever wrote it (tests, the CLI, the controllers). The places
they must never appear: controller logs, every Event written, the `status` of every Flux
object written, and CLI output. Prints each hit (which Secret key, found where) and exits 1
if there is one; prints the totals either way.

Not secret, so not searched for: values of Secret keys that hold public material or names
(PUBLIC_KEYS), values shorter than MIN_LEN characters (too common to mean anything: `true`,
`admin`, a port), PEM armour lines, Helm release Secrets (their content is the rendered
release, object names and all, not a credential), and SOPS-encrypted documents kept encrypted
in a Secret (`decrypt: Disabled`: ciphertext and public metadata such as the age recipient
and `lastmodified`; what such a file decrypts to is searched for when a decrypted Secret is
written). Lines with spaces count by their
`key: value` value only, and URLs without credentials not at all (a kubeconfig's
`apiVersion: v1` or `server: https://…` line is no secret). Not scanned: CLI output whose
purpose is to print the user's own Secrets (`flux create secret … --export`), manifests
(`flux build …`), or substitution variables and values that Flux documents as printed from
Secrets (`flux debug … --show-vars|--show-values`).
"""
import base64
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

MIN_LEN = 10
PUBLIC_KEYS = {
    "ca.crt", "tls.crt", "caFile", "certFile", "ca", "known_hosts", "identity.pub",
    "username", "user", "namespace", "cosign.pub", "bucket", "region", "endpoint",
}


def secret_values(entry):
    """(label, value) of every value the audited Secret write carries."""
    obj = entry.get("requestObject") or {}
    if not isinstance(obj, dict):
        return
    ref = entry.get("objectRef", {})
    name = ref.get("name") or (obj.get("metadata") or {}).get("name") or "?"
    if name.startswith("sh.helm.release.v1.") or obj.get("type") == "helm.sh/release.v1":
        return
    label = f"Secret {ref.get('namespace', '')}/{name}"
    for field in ("data", "stringData"):
        values = obj.get(field)
        if not isinstance(values, dict):
            continue
        for key, value in values.items():
            if key in PUBLIC_KEYS or key.endswith(".pub") or not isinstance(value, str):
                continue
            if field == "data":
                try:
                    value = base64.b64decode(value).decode("utf-8")
                except Exception:
                    continue
            if "ENC[AES256_GCM," in value:
                continue
            yield f"{label} key {key}", value


KEY_VALUE = re.compile(r"""^[\w.\-"']+\s*[:=]\s*(\S+)$""")
PLAIN_URL = re.compile(r"^https?://[^@]*$")


def candidate_lines(value):
    """The parts of a secret value worth looking for: each line without spaces (a password,
    a token, a line of a private key) and the value of each `key: value` or `KEY=value` line
    (a kubeconfig's token, a dotenv entry), not PEM armour or a URL without credentials."""
    for line in value.splitlines():
        line = line.strip()
        if line.startswith("-----"):
            continue
        parts = [] if any(ch.isspace() for ch in line) else [line]
        m = KEY_VALUE.match(line)
        if m:
            parts.append(m.group(1).strip("\"'"))
        for part in parts:
            if len(part) >= MIN_LEN and not PLAIN_URL.match(part):
                yield part


def json_lines(directory, pattern):
    """(file name, line number, record) of every JSON line of the files matching pattern."""
    for path in sorted(glob.glob(os.path.join(directory, pattern))):
        with open(path, errors="replace") as f:
            for n, line in enumerate(f, 1):
                try:
                    yield os.path.basename(path), n, json.loads(line)
                except ValueError:
                    continue


def places(directory):
    """(label, text) of every place secrets must not appear."""
    for name, n, entry in json_lines(directory, "audit-*.log"):
        ref = entry.get("objectRef", {})
        obj = entry.get("requestObject")
        if not isinstance(obj, dict) or ref.get("resource") == "secrets":
            continue
        where = f"{name}:{n} {entry.get('verb')} {ref.get('resource')} {ref.get('namespace', '')}/{ref.get('name', '')}"
        if ref.get("resource") == "events":
            yield where, json.dumps(obj)
        elif "status" in obj:
            yield where + " status", json.dumps(obj["status"])
    for path in sorted(glob.glob(os.path.join(directory, "serve-*.log"))):
        with open(path, errors="replace") as f:
            yield os.path.basename(path), f.read()
    for _, _, rec in json_lines(directory, "cli-*.jsonl"):
        args = rec.get("args", [])
        if (
            ("secret" in args and "--export" in args)
            or args[:1] == ["build"]
            or "--show-vars" in args
            or "--show-values" in args
        ):
            continue
        yield "flux " + " ".join(args), rec.get("stdout", "") + rec.get("stderr", "")


def self_test():
    """The scan finds a value planted in a log, an Event and a status, and nothing else."""
    with tempfile.TemporaryDirectory() as d:
        secret = {"objectRef": {"resource": "secrets", "namespace": "t", "name": "s"},
                  "requestObject": {"data": {"password": base64.b64encode(b"planted-secret-1").decode(),
                                             "ca.crt": base64.b64encode(b"public-certificate").decode()},
                                    "stringData": {"token": "planted-token-22"}}}
        # A SOPS file kept encrypted: its public recipient in a status is no leak.
        sops = {"objectRef": {"resource": "secrets", "namespace": "t", "name": "enc"},
                "requestObject": {"stringData": {"conf.env": "pw=ENC[AES256_GCM,data:abc=,iv:d=,tag:e=,type:str]\n"
                                                 "sops_age__list_0__map_recipient=age1publicrecipient\n"}}}
        event = {"objectRef": {"resource": "events", "namespace": "t", "name": "e"},
                 "requestObject": {"message": "auth failed with planted-token-22 for age1publicrecipient"}}
        status = {"objectRef": {"resource": "kustomizations", "namespace": "t", "name": "k"},
                  "requestObject": {"spec": {"x": "planted-secret-1"}, "status": {"m": "public-certificate"}}}
        with open(os.path.join(d, "audit-1.log"), "w") as f:
            for e in (secret, sops, event, status):
                f.write(json.dumps(e) + "\n")
        with open(os.path.join(d, "serve-1.log"), "w") as f:
            f.write("info ok\nerror: planted-secret-1 refused\n")
        with open(os.path.join(d, "cli-1.jsonl"), "w") as f:
            f.write(json.dumps({"args": ["create", "secret", "git", "--export"], "stdout": "planted-secret-1", "stderr": ""}) + "\n")
        hits = scan(d)
    wanted = {"Secret t/s key password found in serve-1.log", "Secret t/s key token found in audit-1.log:3 None events t/e"}
    if len(hits) != 2 or not all(any(h.startswith(w) for h in hits) for w in wanted):
        print("leak scan self-test failed:", hits, file=sys.stderr)
        return False
    return True


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    if not self_test():
        return 1
    hits = scan(sys.argv[1])
    for h in hits:
        print("LEAK:", h)
    return 1 if hits else 0


def scan(directory):
    secrets = {}
    for _, _, entry in json_lines(directory, "audit-*.log"):
        if entry.get("objectRef", {}).get("resource") == "secrets":
            for label, value in secret_values(entry):
                for cand in candidate_lines(value):
                    secrets.setdefault(cand, label)
    scanned = 0
    hits = []
    with tempfile.TemporaryDirectory() as tmp:
        patterns = os.path.join(tmp, "patterns")
        with open(patterns, "w") as f:
            for cand in secrets:
                f.write(cand.replace("\n", " ") + "\n")
        # One haystack, one line per line of each place; grep -n maps a hit back to its place.
        haystack = os.path.join(tmp, "haystack")
        labels = []
        with open(haystack, "w") as f:
            for where, text in places(directory):
                scanned += len(text)
                for line in text.splitlines() or [""]:
                    f.write(line + "\n")
                    labels.append(where)
        if secrets and labels:
            out = subprocess.run(
                ["grep", "-F", "-o", "-n", "-f", patterns, haystack],
                capture_output=True, text=True, errors="replace",
            )
            seen = set()
            for line in out.stdout.splitlines():
                number, _, found = line.partition(":")
                where = labels[int(number) - 1] if number.isdigit() else "?"
                if (where, found) in seen:
                    continue
                seen.add((where, found))
                hits.append(f"{secrets.get(found, '?')} found in {where}: {found[:12]}…")
    print(
        f"leak scan of {directory}: {len(secrets)} secret values from the audit logs, "
        f"{scanned} bytes of logs, events, statuses and CLI output scanned, {len(hits)} hits"
    )
    return hits


if __name__ == "__main__":
    sys.exit(main())
