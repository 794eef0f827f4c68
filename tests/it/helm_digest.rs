//! Flux's values ("config") digest against fluxcd/pkg `chartutil.DigestValues` itself
//! (`tests/oracles/helmdigest`, built from the Go modules helm-controller v1.6.3 uses): the
//! same digest for every case, so a release recorded by Flux's controller is in sync for ours.

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
