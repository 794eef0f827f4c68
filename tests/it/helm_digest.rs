//! Flux's values ("config") digest against fluxcd/pkg `chartutil.DigestValues` itself
//! (`tests/oracles/helmdigest`, built from the Go modules helm-controller v1.6.3 uses): the
//! same digest for every case, so a release recorded by Flux's controller is in sync for ours.
//! And the snapshot digest of stored releases (`HELMDIGEST_MODE=release`): Helm-made releases from
//! helm-controller's own test data and releases shaped to hit Helm 4's JSON rules.

use serde_json::{json, Value};

/// Values shaped to hit what the digest depends on: number kinds and their Go conversions,
/// key order (byte-wise, not go-yaml's natural order), go-yaml v2 quoting, folding and block
/// scalars, nesting, empty and null values.
fn corpus() -> Vec<Value> {
    let long = "word ".repeat(30);
    vec![
        json!({}),
        json!({"a": 1}),
        json!({"a": 1.0}),
        json!({"a": 1.5, "b": -0.0, "c": 0.1, "d": 1e-7, "e": 123456789.125}),
        json!({"big": 1e6, "bigger": 1e20, "huge": 1e300, "tiny": 5e-324}),
        json!({"i53": 9007199254740993_i64, "neg": -42, "u": 18446744073709551615_u64}),
        json!({"maxi": 9223372036854775807_i64, "mini": -9223372036854775808_i64}),
        json!({"a10": 1, "a9": 2, "B": 3, "a": 4, "_x": 5, "0": 6, "Z1": 7, "z": 8}),
        json!({"nested": {"z": {"b": 1, "a": 2}, "A": [3, {"y": 1, "x": 2}]}}),
        json!({"list": [1, "two", 3.5, null, true, [], {}, [[]], {"k": {}}]}),
        json!({"empty": {}, "none": null, "arr": [], "f": false, "t": true}),
        json!({"s": ["true", "yes", "no", "on", "off", "null", "~", "1", "1.5", "0x10", "0o7", "1e3"]}),
        json!({"q": ["", " lead", "trail ", "a: b", "#c", "- d", "[e]", "{f}", "'g'", "\"h\"", "i\tj"]}),
        json!({"multi": "line one\nline two\n", "nofinal": "a\nb", "crlf": "a\r\nb"}),
        json!({"long": long, "longer": format!("{long}{long}"), "nospace": "x".repeat(120)}),
        json!({"unicode": "héllo wörld ✓", "emoji": "🚀", "ctrl": "\u{1}\u{7f}"}),
        json!({"date": "2024-01-02", "time": "2024-01-02T03:04:05Z", "ver": "1.10", "oct": "0755"}),
        json!({"image": {"repository": "ghcr.io/stefanprodan/podinfo", "tag": "6.5.0"},
            "replicaCount": 2, "resources": {"limits": {"cpu": "100m", "memory": "128Mi"}},
            "ingress": {"enabled": false, "hosts": [{"host": "a.example", "paths": ["/"]}]}}),
        json!({"key with spaces": 1, "key:colon": 2, "key-dash": 3, "key.dot": 4, "": 5}),
    ]
}

#[test]
fn values_digests_match_fluxcds_chartutil() {
    let dir = tempfile::tempdir().unwrap();
    let bin = crate::support::build_go_oracle("helmdigest", dir.path());
    let cases = corpus();
    let out = crate::support::run_go_oracle(&bin, &[], &cases);
    let want: Vec<String> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(want.len(), cases.len());
    let mut failures = vec![];
    for (case, want) in cases.iter().zip(&want) {
        let got = flux::helm::digest::values_digest(case.as_object().unwrap());
        if &got != want {
            failures.push(format!(
                "{case}\n  ours {got}\n  flux {want}\n  yaml:\n{}",
                flux::goyaml::to_yaml_byte_sorted(case)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} digests differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Releases as Helm stores them, shaped to hit what the snapshot digest depends on: time
/// formats (offsets, trailing zeros, Helm 3's empty strings, the zero time), test hooks
/// left out, `omitempty` fields of the chart metadata, empty and float values, HTML escaping.
fn releases() -> Vec<Value> {
    let hook = |name: &str, events: Value| {
        json!({"name": name, "kind": "Job", "path": format!("chart/templates/{name}.yaml"),
            "manifest": "apiVersion: batch/v1\nkind: Job\n", "events": events,
            "last_run": {"started_at": "2024-05-06T07:08:09.5+02:00",
                "completed_at": "2024-05-06T07:08:10.000000000Z", "phase": "Succeeded"},
            "weight": -5, "delete_policies": ["before-hook-creation", "hook-succeeded"]})
    };
    vec![
        json!({"name": "minimal", "version": 1, "namespace": "default"}),
        json!({"name": "app", "version": 3, "namespace": "prod",
            "info": {"first_deployed": "2024-01-02T03:04:05.123456789Z",
                "last_deployed": "2024-01-02T04:04:05.120+00:00", "deleted": "",
                "description": "Upgrade complete", "status": "deployed", "notes": "<b>hi</b> & bye"},
            "chart": {"metadata": {"name": "app", "version": "1.2.3", "appVersion": "4.5",
                "apiVersion": "v2", "description": "An app", "home": "https://example.com",
                "sources": ["https://github.com/example/app"], "keywords": ["a", "b"],
                "maintainers": [{"name": "me", "email": "me@example.com"}, {"url": "https://x"}],
                "annotations": {"z": "1", "a": "2"}, "kubeVersion": ">=1.20.0-0",
                "deprecated": true, "type": "application", "icon": "https://i",
                "dependencies": [{"name": "dep", "version": "0.1.0", "repository": "",
                    "condition": "dep.enabled", "tags": ["t"], "enabled": true,
                    "import-values": ["data", {"child": "a", "parent": "b"}], "alias": "d"},
                    {"name": "bare", "repository": "oci://r"}]},
                "templates": [{"name": "templates/cm.yaml", "data": "YQ=="}], "values": {"x": 1}},
            "config": {"replicas": 2, "ratio": 0.5, "big": 1e21, "n": null, "list": [1, "a"],
                "nested": {"b": true, "a": "<&>"}},
            "manifest": "---\n# Source: app/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\n",
            "hooks": [hook("pre", json!(["pre-install", "pre-upgrade"])),
                hook("test", json!(["test"])), hook("post", json!(["post-install"]))],
            "apply_method": "ssa"}),
        json!({"name": "tests-only", "version": 2, "namespace": "ns",
            "info": {"first_deployed": "0001-01-01T00:00:00Z", "last_deployed": "2023-12-31T23:59:59-08:00",
                "status": "failed", "description": "Upgrade \"x\" failed: timed out"},
            "chart": {"metadata": {"name": "c", "version": "0.0.1"}},
            "config": {}, "manifest": "", "hooks": [hook("t", json!(["test", "test-success"]))]}),
        json!({"name": "no-time-fraction", "version": 10, "namespace": "a",
            "info": {"first_deployed": "2022-02-02T02:02:02+05:30", "last_deployed": "2022-02-02T02:02:02Z",
                "status": "superseded"},
            "chart": {"metadata": {"name": "n", "version": "1.0.0"}},
            "hooks": [{"name": "h", "kind": "Pod", "path": "p", "manifest": "m",
                "events": ["post-delete"], "last_run": {"phase": ""}}]}),
    ]
}

#[test]
fn release_snapshot_digests_match_flux_helm_controllers_observation() {
    let dir = tempfile::tempdir().unwrap();
    let bin = crate::support::build_go_oracle("helmdigest", dir.path());
    let fixtures = crate::support::go_module("github.com/fluxcd/helm-controller@v1.6.3")
        .join("internal/release/testdata");
    let mut cases: Vec<(String, Value, &str)> = vec![];
    for name in ["podinfo-helm-1", "istio-base-1", "prom-stack-1"] {
        let data = std::fs::read(fixtures.join(name)).unwrap();
        let release = flux::helm::storage::decode(name, &data).unwrap();
        cases.push((name.to_string(), release.clone(), ""));
        cases.push((format!("{name} from OCI"), release, "sha256:0123abcd"));
    }
    for (i, r) in releases().into_iter().enumerate() {
        cases.push((format!("case {i}"), r, ""));
    }
    let input: Vec<Value> = cases
        .iter()
        .map(|(_, r, oci)| json!({"release": r, "ociDigest": oci}))
        .collect();
    let out = crate::support::run_go_oracle(&bin, &[("HELMDIGEST_MODE", "release")], &input);
    let want: Vec<String> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(want.len(), cases.len());
    let mut failures = vec![];
    for ((name, release, oci), want) in cases.iter().zip(&want) {
        let got = flux::helm::digest::release_digest(release, oci).unwrap();
        if &got != want {
            failures.push(format!(
                "{name}: ours {got}, flux {want}\n  ours: {}",
                flux::helm::digest::observation_json(release, oci).unwrap()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `[source, target]` pairs shaped to hit wI2L/jsondiff's rules: key order, additions and
/// removals, arrays growing and shrinking, type changes, rationalising (small subtrees
/// replaced whole, large ones kept as operations), pointer escaping, Go's JSON lengths of
/// HTML characters and non-ASCII text, numbers of both kinds, and Kubernetes-shaped objects.
fn drift_pairs() -> Vec<(Value, Value)> {
    let long = "x".repeat(80);
    let deployment = |replicas: i64, image: &str, env: Value| {
        json!({"apiVersion": "apps/v1", "kind": "Deployment",
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": "web"}},
                "template": {"metadata": {"labels": {"app": "web"}},
                    "spec": {"containers": [{"name": "web", "image": image, "env": env,
                        "ports": [{"containerPort": 80, "protocol": "TCP"}],
                        "resources": {}}]}}}})
    };
    vec![
        (json!({"a": 1}), json!({"a": 2})),
        (json!({"a": 1}), json!({"a": 1.0})),
        (json!({"a": 1, "b": 2}), json!({"c": 3})),
        (
            json!({"spec": {"replicas": 1, "paused": true, "a": long}}),
            json!({"spec": {"replicas": 3, "b": "y", "a": long}}),
        ),
        (json!({"l": [1, 2, 3, 4]}), json!({"l": [1]})),
        (json!({"l": [long, 2]}), json!({"l": [long, 2, 3, 4]})),
        (
            json!({"l": [long, {"a": 1}]}),
            json!({"l": [long, {"a": 2, "b": long}]}),
        ),
        (json!({"t": "1"}), json!({"t": 1})),
        (json!({"t": [1]}), json!({"t": {"0": 1}})),
        (
            json!({"n": null, "z": long}),
            json!({"n": false, "z": long}),
        ),
        (
            json!({"a/b": 1, "c~d": 1, "z": long}),
            json!({"a/b": 2, "c~d": 2, "z": long}),
        ),
        (
            json!({"h": "a", "z": long}),
            json!({"h": "<b>&</b>", "z": long}),
        ),
        (
            json!({"u": "a", "z": long}),
            json!({"u": "héllo ✓ 🚀", "z": long}),
        ),
        (
            json!({"m": {"deep": {"er": {"x": 1, "y": long}}}}),
            json!({"m": {"deep": {"er": {"x": 2, "y": long}}}}),
        ),
        (json!({"e": {}}), json!({"e": {"k": "v"}})),
        (json!({"e": []}), json!({"e": [1]})),
        (
            deployment(1, "nginx:1.25", json!([{"name": "A", "value": "1"}])),
            deployment(0, "nginx:1.25", json!([{"name": "A", "value": "1"}])),
        ),
        (
            deployment(0, "nginx:1.25", json!([{"name": "A", "value": "1"}])),
            deployment(
                0,
                "nginx:1.27",
                json!([{"name": "A", "value": "2"}, {"name": "B", "value": "3"}]),
            ),
        ),
        (
            deployment(
                2,
                "nginx:1.25",
                json!([{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]),
            ),
            deployment(0, "busybox", json!([])),
        ),
        (
            json!({"metadata": {"name": "web", "labels": {"app": "web"}, "annotations": {"a": "1"}}}),
            json!({"metadata": {"name": "web", "labels": {"app": "web", "helm.sh/chart": "podinfo-6.0.0"}, "annotations": {"a": "2"}}}),
        ),
    ]
}

#[test]
fn drift_operations_are_wi2l_jsondiffs_rationalised_operations() {
    let dir = tempfile::tempdir().unwrap();
    let bin = crate::support::build_go_oracle("helmdigest", dir.path());
    let pairs = drift_pairs();
    let input: Vec<[&Value; 2]> = pairs.iter().map(|(a, b)| [a, b]).collect();
    let out = crate::support::run_go_oracle(&bin, &[("HELMDIGEST_MODE", "jsondiff")], &input);
    let want: Vec<Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(want.len(), pairs.len());
    let mut failures = vec![];
    for ((src, tgt), want) in pairs.iter().zip(&want) {
        let got: Vec<Value> = flux::controllers::helm::drift::compare(src, tgt)
            .iter()
            .map(|o| json!([o.op, o.path, o.value.clone().unwrap_or(Value::Null)]))
            .collect();
        if &Value::Array(got.clone()) != want {
            failures.push(format!(
                "{src} -> {tgt}\n  ours {}\n  wI2L {want}",
                Value::Array(got)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        pairs.len(),
        failures.join("\n")
    );
}

/// HelmRelease specs with post-renderers and common metadata shaped to hit the encoding:
/// optional fields empty and set, targets with and without fields, images in every form,
/// HTML and non-ASCII characters, map key order.
fn post_rendering_specs() -> Vec<Value> {
    vec![
        json!({}),
        json!({"postRenderers": [{"kustomize": {"patches": [{"patch": "- op: add\n  path: /x\n  value: <a&b>"}]}}]}),
        json!({"postRenderers": [{"kustomize": {"patches": [{"patch": "kind: Deployment", "target": {"kind": "Deployment", "name": "web", "group": "apps", "version": "v1", "namespace": "ns", "labelSelector": "a=b", "annotationSelector": "c"}}]}}]}),
        json!({"postRenderers": [{"kustomize": {"patches": [{"patch": "", "target": {}}], "images": [{"name": "nginx"}, {"name": "app", "newName": "ghcr.io/x/app", "newTag": "1.2.3"}, {"name": "db", "digest": "sha256:abc", "newTag": ""}]}}]}),
        json!({"postRenderers": [{"kustomize": {}}, {"kustomize": {"images": [{"name": "ü"}]}}]}),
        json!({"postRenderers": [{}]}),
        json!({"commonMetadata": {}}),
        json!({"commonMetadata": {"labels": {"b": "1", "a": "2", "B": "3"}}}),
        json!({"commonMetadata": {"annotations": {"x": "<y>", "é": "z"}, "labels": {"team": "a"}}, "postRenderers": [{"kustomize": {"images": [{"name": "x", "newTag": "2"}]}}]}),
    ]
}

#[test]
fn post_rendering_digests_match_helm_controllers() {
    let dir = tempfile::tempdir().unwrap();
    let bin = crate::support::build_go_oracle("helmdigest", dir.path());
    let specs = post_rendering_specs();
    let out = crate::support::run_go_oracle(&bin, &[("HELMDIGEST_MODE", "postrender")], &specs);
    let want: Vec<String> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(want.len(), specs.len());
    let mut failures = vec![];
    for (spec, want) in specs.iter().zip(&want) {
        let renderers: Vec<flux::api::helm::PostRenderer> =
            serde_json::from_value(spec.get("postRenderers").cloned().unwrap_or(json!([])))
                .unwrap();
        let metadata = spec
            .get("commonMetadata")
            .map(|m| serde_json::from_value::<flux::api::meta::CommonMetadata>(m.clone()).unwrap())
            .map(|m| flux::helm::digest::common_metadata_digest(&m))
            .unwrap_or_default();
        let got = format!(
            "{} {metadata}",
            flux::helm::digest::post_renderers_digest(&renderers)
        );
        if &got != want {
            failures.push(format!("{spec}\n  ours {got}\n  flux {want}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        specs.len(),
        failures.join("\n")
    );
}
