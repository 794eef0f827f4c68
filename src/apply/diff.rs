//! What applying a build would change, without changing anything: each object is
//! server-side-applied as a dry run and the result compared with the live object (`created`,
//! `drifted` with a dyff-style report of the differing fields, or unchanged), and the
//! inventory entries the build no longer has are reported as `deleted` when pruning is on.
//! Secret values never appear in a report: they are masked before comparing.

use std::collections::BTreeSet;

use kube::api::{Patch, PatchParams};
use serde_json::{Map, Value};

use super::{comparable, live_object, Error, InventoryEntry, Result};
use crate::cluster::{api_message, object_ref, Cluster};

/// What would happen to one object.
#[derive(Debug, Clone, PartialEq)]
pub enum ObjectDiff {
    /// It does not exist yet.
    Created(String),
    /// It exists and would change: the subject and the report.
    Drifted(String, String),
    /// Nothing would change.
    Unchanged(String),
}

/// Dry-runs every object and returns what would change, in build order.
pub async fn diff_objects(
    cluster: &mut Cluster,
    field_manager: &str,
    objs: &[Value],
) -> Result<Vec<ObjectDiff>> {
    let mut out = Vec::new();
    for obj in objs {
        let subject = object_ref(obj);
        let name = obj["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let api = cluster.api_for(obj).await?;
        let err = |e: kube::Error| Error::Object {
            object: subject.clone(),
            message: api_message(&e),
        };
        let Some(live) = live_object(&api, &name).await.map_err(err)? else {
            out.push(ObjectDiff::Created(subject));
            continue;
        };
        let mut params = PatchParams::apply(field_manager).force();
        params.dry_run = true;
        let merged = api
            .patch(&name, &params, &Patch::Apply(obj))
            .await
            .map_err(err)?;
        let merged = serde_json::to_value(merged).unwrap_or_default();
        let (live, merged) = (masked(comparable(live)), masked(comparable(merged)));
        if live == merged {
            out.push(ObjectDiff::Unchanged(subject));
        } else {
            let report = report(&live, &merged);
            out.push(ObjectDiff::Drifted(subject, report));
        }
    }
    Ok(out)
}

/// The subjects of `old` entries that `new` does not have (what pruning would delete).
pub fn deleted(old: &[InventoryEntry], new: &[InventoryEntry]) -> Vec<String> {
    let keep: BTreeSet<&str> = new.iter().map(|e| e.id.as_str()).collect();
    old.iter()
        .filter(|e| !keep.contains(e.id.as_str()))
        .filter_map(InventoryEntry::to_object)
        .map(|o| object_ref(&o))
        .collect()
}

/// Secret values replaced by a mask that still tells a changed value from an unchanged one
/// (a short digest), so reports never carry them.
fn masked(mut v: Value) -> Value {
    if v["kind"] != "Secret" {
        return v;
    }
    for field in ["data", "stringData"] {
        if let Some(m) = v.get_mut(field).and_then(Value::as_object_mut) {
            for val in m.values_mut() {
                let digest = crate::artifact::archive::digest_bytes(
                    val.as_str().unwrap_or_default().as_bytes(),
                )
                .to_string();
                // `sha256:` and 8 hex digits: enough to tell values apart, never the value.
                *val = Value::String(format!("*** ({}…)", &digest[..15]));
            }
        }
    }
    if let Some(md) = v.get_mut("metadata").and_then(Value::as_object_mut) {
        if let Some(a) = md.get_mut("annotations").and_then(Value::as_object_mut) {
            a.remove("kubectl.kubernetes.io/last-applied-configuration");
        }
    }
    v
}

/// A dyff-style human report of how `to` differs from `from` (paths in dot notation, named
/// list entries by their `name`).
pub fn report(from: &Value, to: &Value) -> String {
    let mut out = String::new();
    walk(&mut out, "", from, to);
    out
}

fn join(path: &str, seg: &str) -> String {
    if path.is_empty() {
        seg.to_string()
    } else {
        format!("{path}.{seg}")
    }
}

fn count_words(n: usize, one: &str, many: &str) -> String {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    let num = WORDS
        .get(n)
        .map(|w| w.to_string())
        .unwrap_or_else(|| n.to_string());
    format!("{num} {}", if n == 1 { one } else { many })
}

fn block(out: &mut String, path: &str, lines: &[String]) {
    out.push('\n');
    out.push_str(if path.is_empty() {
        "(root level)"
    } else {
        path
    });
    out.push('\n');
    for l in lines {
        out.push_str(l);
        out.push('\n');
    }
}

fn yaml_lines(v: &Value, indent: usize) -> Vec<String> {
    let text = crate::goyaml::to_yaml(v);
    text.lines()
        .map(|l| format!("{}{l}", " ".repeat(indent)))
        .collect()
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "map",
    }
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => crate::goyaml::to_yaml(other).trim_end().to_string(),
    }
}

fn walk(out: &mut String, path: &str, from: &Value, to: &Value) {
    if from == to {
        return;
    }
    match (from, to) {
        (Value::Object(a), Value::Object(b)) => {
            let removed: Map<String, Value> = a
                .iter()
                .filter(|(k, _)| !b.contains_key(*k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let added: Map<String, Value> = b
                .iter()
                .filter(|(k, _)| !a.contains_key(*k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let mut lines = Vec::new();
            if !removed.is_empty() {
                lines.push(format!(
                    "  - {} removed:",
                    count_words(removed.len(), "map entry", "map entries")
                ));
                lines.extend(yaml_lines(&Value::Object(removed), 4));
            }
            if !added.is_empty() {
                lines.push(format!(
                    "  + {} added:",
                    count_words(added.len(), "map entry", "map entries")
                ));
                lines.extend(yaml_lines(&Value::Object(added), 4));
            }
            if !lines.is_empty() {
                block(out, path, &lines);
            }
            for (k, va) in a {
                if let Some(vb) = b.get(k) {
                    walk(out, &join(path, k), va, vb);
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => walk_list(out, path, a, b),
        _ if type_name(from) != type_name(to) => block(
            out,
            path,
            &[
                format!(
                    "  ± type change from {} to {}",
                    type_name(from),
                    type_name(to)
                ),
                format!("    - {}", scalar_text(from)),
                format!("    + {}", scalar_text(to)),
            ],
        ),
        _ => {
            let (f, t) = (scalar_text(from), scalar_text(to));
            let mut lines = vec![String::from("  ± value change")];
            if f.contains('\n') || t.contains('\n') {
                for l in similar_lines(&f, &t) {
                    lines.push(format!("    {l}"));
                }
            } else {
                lines.push(format!("    - {f}"));
                lines.push(format!("    + {t}"));
            }
            block(out, path, &lines);
        }
    }
}

/// A line diff of two multi-line strings (`- ` removed, `+ ` added, `  ` kept).
fn similar_lines(a: &str, b: &str) -> Vec<String> {
    let (x, y): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    // Longest common subsequence table; multi-line values are small.
    let mut t = vec![vec![0usize; y.len() + 1]; x.len() + 1];
    for i in (0..x.len()).rev() {
        for j in (0..y.len()).rev() {
            t[i][j] = if x[i] == y[j] {
                t[i + 1][j + 1] + 1
            } else {
                t[i + 1][j].max(t[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < x.len() || j < y.len() {
        if i < x.len() && j < y.len() && x[i] == y[j] {
            out.push(format!("  {}", x[i]));
            i += 1;
            j += 1;
        } else if j < y.len() && (i == x.len() || t[i][j + 1] >= t[i + 1][j]) {
            out.push(format!("+ {}", y[j]));
            j += 1;
        } else {
            out.push(format!("- {}", x[i]));
            i += 1;
        }
    }
    out
}

fn entry_name(v: &Value) -> Option<&str> {
    v.get("name").and_then(Value::as_str)
}

fn walk_list(out: &mut String, path: &str, a: &[Value], b: &[Value]) {
    let named = |l: &[Value]| !l.is_empty() && l.iter().all(|v| entry_name(v).is_some());
    if named(a) && named(b) {
        let names_a: Vec<&str> = a.iter().filter_map(entry_name).collect();
        let names_b: Vec<&str> = b.iter().filter_map(entry_name).collect();
        let removed: Vec<Value> = a
            .iter()
            .filter(|v| !names_b.contains(&entry_name(v).unwrap_or_default()))
            .cloned()
            .collect();
        let added: Vec<Value> = b
            .iter()
            .filter(|v| !names_a.contains(&entry_name(v).unwrap_or_default()))
            .cloned()
            .collect();
        list_changes(out, path, removed, added);
        for va in a {
            let n = entry_name(va).unwrap_or_default();
            if let Some(vb) = b.iter().find(|v| entry_name(v) == Some(n)) {
                walk(out, &join(path, n), va, vb);
            }
        }
        return;
    }
    let scalars = |l: &[Value]| l.iter().all(|v| !v.is_object() && !v.is_array());
    if (scalars(a) && scalars(b)) || a.len() != b.len() {
        let removed: Vec<Value> = a.iter().filter(|v| !b.contains(v)).cloned().collect();
        let added: Vec<Value> = b.iter().filter(|v| !a.contains(v)).cloned().collect();
        if removed.is_empty() && added.is_empty() {
            block(out, path, &[String::from("  ⇆ order changed")]);
        } else {
            list_changes(out, path, removed, added);
        }
        return;
    }
    for (i, (va, vb)) in a.iter().zip(b).enumerate() {
        walk(out, &join(path, &i.to_string()), va, vb);
    }
}

fn list_changes(out: &mut String, path: &str, removed: Vec<Value>, added: Vec<Value>) {
    let mut lines = Vec::new();
    if !removed.is_empty() {
        lines.push(format!(
            "  - {} removed:",
            count_words(removed.len(), "list entry", "list entries")
        ));
        lines.extend(yaml_lines(&Value::Array(removed), 4));
    }
    if !added.is_empty() {
        lines.push(format!(
            "  + {} added:",
            count_words(added.len(), "list entry", "list entries")
        ));
        lines.extend(yaml_lines(&Value::Array(added), 4));
    }
    if !lines.is_empty() {
        block(out, path, &lines);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn value_type_and_entry_changes_are_reported_by_path() {
        let from = json!({"spec": {"replicas": 1, "template": {"spec": {"containers": [
            {"name": "app", "image": "nginx:1"}, {"name": "old", "image": "x"}]}}},
            "metadata": {"labels": {"a": "1"}}});
        let to = json!({"spec": {"replicas": "2", "template": {"spec": {"containers": [
            {"name": "app", "image": "nginx:2"}]}}},
            "metadata": {"labels": {"a": "1", "b": "2"}}});
        let r = report(&from, &to);
        assert!(
            r.contains("\nspec.replicas\n  ± type change from int to string\n    - 1\n    + 2\n"),
            "{r}"
        );
        assert!(r.contains("\nspec.template.spec.containers.app.image\n  ± value change\n    - nginx:1\n    + nginx:2\n"), "{r}");
        assert!(r.contains("\nspec.template.spec.containers\n  - one list entry removed:\n    - image: x\n      name: old\n"), "{r}");
        assert!(
            r.contains("\nmetadata.labels\n  + one map entry added:\n    b: \"2\"\n"),
            "{r}"
        );
        assert_eq!(report(&from, &from), "");
    }

    #[test]
    fn secret_values_are_masked_but_changes_still_show() {
        let a = masked(json!({"kind": "Secret", "data": {"k": "c2VjcmV0MQ=="}}));
        let b = masked(json!({"kind": "Secret", "data": {"k": "c2VjcmV0Mg=="}}));
        let r = report(&a, &b);
        assert!(!r.contains("c2VjcmV0"), "{r}");
        assert!(r.contains("data.k\n  ± value change\n    - ***"), "{r}");
    }
}
