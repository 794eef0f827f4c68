//! A HelmRelease's values composed from `spec.valuesFrom` and `spec.values` as fluxcd/pkg's
//! `chartutil.ChartValuesFromReferences` composes them: references in order, each either
//! merged whole (its `valuesKey`, default `values.yaml`, read as a values file) or set at its
//! `targetPath` with Helm's `--set` syntax (`literal` keeps the text verbatim), and the inline
//! values merged over the result. The referenced ConfigMaps and Secrets are looked up by the
//! caller (this module reads no cluster); errors are worded as Flux words them.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value};

use crate::api::meta::{ValuesKind, ValuesReference};

/// A referenced ConfigMap or Secret as the caller found it.
#[derive(Clone, Debug)]
pub enum Lookup {
    /// Its data (a ConfigMap's `data`, a Secret's decoded `data`).
    Found(BTreeMap<String, Vec<u8>>),
    /// It does not exist; the API server's message.
    Missing(String),
}

/// The kind's name as Flux's messages print it.
pub fn kind_name(k: ValuesKind) -> &'static str {
    match k {
        ValuesKind::Secret => "Secret",
        ValuesKind::ConfigMap => "ConfigMap",
    }
}

/// Flux's `ErrValuesReference` text.
fn reference_error(namespace: &str, r: &ValuesReference, reason: &str) -> String {
    format!(
        "could not resolve{} {} chart values reference '{namespace}/{}' with key '{}': {reason}",
        if r.optional == Some(true) {
            " optional"
        } else {
            ""
        },
        kind_name(r.kind),
        r.name,
        values_key(r)
    )
}

fn values_key(r: &ValuesReference) -> &str {
    r.values_key
        .as_deref()
        .filter(|k| !k.is_empty())
        .unwrap_or("values.yaml")
}

/// Escapes what `--set` reads as syntax, for `literal` references (backslash first).
fn escape_literal(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '\\' | ',' | '[' | ']' | '{' | '}') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Sets `value` at `path` as Flux's `ReplacePathValue`/`ReplacePathLiteralValue` do.
fn set_path(
    into: &mut Map<String, Value>,
    path: &str,
    value: &str,
    literal: bool,
) -> Result<(), String> {
    if literal {
        return super::strvals::parse_into(
            &format!("{path}={}", escape_literal(value)),
            into,
            true,
        );
    }
    let quoted = |q: char| value.len() >= 2 && value.starts_with(q) && value.ends_with(q);
    if quoted('\'') || quoted('"') {
        let trimmed = value.trim_matches(|c| c == '\'' || c == '"');
        return super::strvals::parse_into(&format!("{path}={trimmed}"), into, true);
    }
    super::strvals::parse_into(&format!("{path}={value}"), into, false)
}

/// The composed values. `lookup` holds what the caller found for each referenced
/// (kind, name).
pub fn chart_values_from_references(
    namespace: &str,
    values: &Map<String, Value>,
    refs: &[ValuesReference],
    lookup: &BTreeMap<(&'static str, String), Lookup>,
) -> Result<Map<String, Value>, String> {
    let mut result = Map::new();
    // A missing object is reported with the API's words the first time only, as Flux caches
    // the failed lookup.
    let mut reported: HashSet<(&'static str, String)> = HashSet::new();
    for r in refs {
        let key = (kind_name(r.kind), r.name.clone());
        let optional = r.optional == Some(true);
        let data = match lookup.get(&key) {
            Some(Lookup::Found(d)) => d,
            Some(Lookup::Missing(message)) => {
                let first = reported.insert(key.clone());
                if optional {
                    continue;
                }
                let reason = if first {
                    message.as_str()
                } else {
                    "resource not found"
                };
                return Err(reference_error(namespace, r, reason));
            }
            None => return Err(reference_error(namespace, r, "resource not found")),
        };
        let Some(bytes) = data.get(values_key(r)) else {
            if optional {
                continue;
            }
            return Err(reference_error(namespace, r, "key not found"));
        };
        if let Some(path) = r.target_path.as_deref().filter(|p| !p.is_empty()) {
            result = super::chart::merge_maps(&result, values);
            let text = String::from_utf8_lossy(bytes);
            set_path(&mut result, path, &text, r.literal == Some(true))
                .map_err(|e| reference_error(namespace, r, &e))?;
            continue;
        }
        let read = super::chart::parse_values(bytes, values_key(r)).map_err(|e| {
            reference_error(namespace, r, &format!("failed to read values data: {e}"))
        })?;
        result = super::chart::merge_maps(&result, &read);
    }
    Ok(super::chart::merge_maps(&result, values))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn reference(v: Value) -> ValuesReference {
        serde_json::from_value(v).unwrap()
    }

    fn found(pairs: &[(&str, &str)]) -> Lookup {
        Lookup::Found(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
                .collect(),
        )
    }

    #[test]
    fn references_merge_in_order_then_target_paths_and_inline_values() {
        let lookup = BTreeMap::from([
            (
                ("ConfigMap", "cm".to_string()),
                found(&[(
                    "values.yaml",
                    "cm: test\noverride: cm\nimage:\n  tag: 1.0.0\n",
                )]),
            ),
            (
                ("Secret", "secret".to_string()),
                found(&[
                    ("values.yaml", "secret: test\noverride: secret\n"),
                    ("flat", "some-flat-value"),
                ]),
            ),
        ]);
        let refs = [
            reference(json!({"kind": "ConfigMap", "name": "cm"})),
            reference(json!({"kind": "Secret", "name": "secret"})),
            reference(
                json!({"kind": "Secret", "name": "secret", "valuesKey": "flat", "targetPath": "aFlatValue"}),
            ),
            reference(json!({"kind": "ConfigMap", "name": "absent", "optional": true})),
        ];
        let mut lookup = lookup;
        lookup.insert(
            ("ConfigMap", "absent".to_string()),
            Lookup::Missing("configmaps \"absent\" not found".into()),
        );
        let inline = json!({"image": {"repository": "stefanprodan/podinfo"}});
        let out = chart_values_from_references("apps", inline.as_object().unwrap(), &refs, &lookup)
            .unwrap();
        assert_eq!(
            Value::Object(out),
            json!({"aFlatValue": "some-flat-value", "cm": "test", "override": "secret",
                "secret": "test", "image": {"repository": "stefanprodan/podinfo", "tag": "1.0.0"}})
        );
    }

    #[test]
    fn literal_and_quoted_target_path_values_stay_strings() {
        let lookup = BTreeMap::from([(
            ("ConfigMap", "cfg".to_string()),
            found(&[("json", "{\"a\": [1, 2]}"), ("n", "42"), ("q", "'007'")]),
        )]);
        let refs = [
            reference(
                json!({"kind": "ConfigMap", "name": "cfg", "valuesKey": "json", "targetPath": "config", "literal": true}),
            ),
            reference(
                json!({"kind": "ConfigMap", "name": "cfg", "valuesKey": "n", "targetPath": "replicas"}),
            ),
            reference(
                json!({"kind": "ConfigMap", "name": "cfg", "valuesKey": "q", "targetPath": "code"}),
            ),
        ];
        let out = chart_values_from_references("apps", &Map::new(), &refs, &lookup).unwrap();
        assert_eq!(out["config"], json!("{\"a\": [1, 2]}"));
        assert_eq!(out["replicas"], json!(42));
        assert_eq!(out["code"], json!("007"));
    }

    #[test]
    fn missing_references_and_keys_are_reported_as_flux_words_them() {
        let lookup = BTreeMap::from([
            (
                ("Secret", "gone".to_string()),
                Lookup::Missing("secrets \"gone\" not found".into()),
            ),
            (
                ("ConfigMap", "cfg".to_string()),
                found(&[("other", "x: 1")]),
            ),
        ]);
        let missing = [reference(json!({"kind": "Secret", "name": "gone"}))];
        assert_eq!(
            chart_values_from_references("apps", &Map::new(), &missing, &lookup).unwrap_err(),
            "could not resolve Secret chart values reference 'apps/gone' with key 'values.yaml': secrets \"gone\" not found"
        );
        let no_key = [reference(json!({"kind": "ConfigMap", "name": "cfg"}))];
        assert_eq!(
            chart_values_from_references("apps", &Map::new(), &no_key, &lookup).unwrap_err(),
            "could not resolve ConfigMap chart values reference 'apps/cfg' with key 'values.yaml': key not found"
        );
    }
}
