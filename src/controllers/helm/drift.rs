//! Drift detection and correction for Helm releases, as Flux's helm-controller does it: every
//! object of the release's manifest is server-side-applied as a dry run (as `helm-controller`,
//! forced) and compared with the cluster's object the way fluxcd/pkg `ssa/jsondiff` compares
//! them — labels and annotations for additions and changes only, the rest without `metadata`
//! and `status`, `spec.driftDetection.ignore` paths removed from both sides, objects annotated
//! `helm.toolkit.fluxcd.io/driftDetection: disabled` excluded. The differences are JSON patches
//! with wI2L/jsondiff's operations (rationalised: a subtree whose operations would be longer
//! than one `replace` becomes that `replace`), which give Flux's summary counts; correction
//! creates the missing objects and applies the patches, and reports Flux's change set.

use kube::api::{Patch, PatchParams, PostParams};
use serde_json::{json, Map, Value};

use super::action::{with_release_metadata, Actions};
use crate::apply::{remove_pointer, IgnoreSpec};
use crate::cluster::{api_message, is_not_found};

/// The annotation (or label) that leaves an object out of drift detection.
pub const DISABLED_KEY: &str = "helm.toolkit.fluxcd.io/driftDetection";

/// One JSON patch operation (`add`, `replace` or `remove`) and the length its value takes in
/// the target document's JSON (what rationalising weighs).
#[derive(Clone, Debug, PartialEq)]
pub struct Op {
    /// `add`, `replace` or `remove`.
    pub op: &'static str,
    /// RFC 6901 pointer.
    pub path: String,
    /// The value (`add`, `replace`).
    pub value: Option<Value>,
    value_len: usize,
}

impl Op {
    /// The length wI2L/jsondiff gives the operation's JSON: `{"op":"","path":""}` and, for
    /// `add` and `replace`, `,"value":` with the value's length as counted when it was made.
    fn json_len(&self) -> usize {
        let base = r#"{"op":"","path":""}"#.len() + self.op.len() + self.path.len();
        match self.op {
            "add" | "replace" => base + r#","value":"#.len() + self.value_len,
            _ => base,
        }
    }

    /// The operation as JSON patch.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("op".into(), json!(self.op));
        m.insert("path".into(), json!(self.path));
        if let Some(v) = &self.value {
            m.insert("value".into(), v.clone());
        }
        Value::Object(m)
    }
}

/// The length of Go's `json.Marshal` of a value (HTML characters and U+2028/9 escaped).
fn go_json_len(v: &Value) -> usize {
    match v {
        Value::Null => 4,
        Value::Bool(b) => {
            if *b {
                4
            } else {
                5
            }
        }
        Value::Number(n) => n.to_string().len(),
        Value::String(s) => go_string_len(s),
        Value::Array(a) => 2 + a.iter().map(go_json_len).sum::<usize>() + a.len().saturating_sub(1),
        Value::Object(m) => {
            2 + m
                .iter()
                .map(|(k, v)| go_string_len(k) + 1 + go_json_len(v))
                .sum::<usize>()
                + m.len().saturating_sub(1)
        }
    }
}

fn go_string_len(s: &str) -> usize {
    2 + s
        .chars()
        .map(|c| match c {
            '"' | '\\' | '\n' | '\r' | '\t' => 2,
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => 6,
            c if (c as u32) < 0x20 => 6,
            c => c.len_utf8(),
        })
        .sum::<usize>()
}

fn json_type(v: &Value) -> u8 {
    match v {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
    }
}

fn deep_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| deep_equal(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| deep_equal(v, w)))
        }
        _ => a == b,
    }
}

fn escape_token(k: &str) -> String {
    k.replace('~', "~0").replace('/', "~1")
}

/// wI2L/jsondiff's `Compare(src, tgt, Rationalize())`: the operations that turn `src` into
/// `tgt`, objects key by key (sorted), arrays index by index (removals at the first index past
/// the shorter length, additions appended at `-`).
pub fn compare(src: &Value, tgt: &Value) -> Vec<Op> {
    let mut ops = Vec::new();
    diff(&mut ops, "", src, tgt);
    ops
}

fn diff(ops: &mut Vec<Op>, ptr: &str, src: &Value, tgt: &Value) {
    if json_type(src) != json_type(tgt) {
        let op = if ptr.is_empty() { "add" } else { "replace" };
        ops.push(Op {
            op,
            path: ptr.to_string(),
            value: Some(tgt.clone()),
            value_len: if ptr.is_empty() { 0 } else { go_json_len(tgt) },
        });
        return;
    }
    if deep_equal(src, tgt) {
        return;
    }
    let size = ops.len();
    match (src, tgt) {
        (Value::Object(s), Value::Object(t)) => {
            let mut keys: Vec<&String> = s.keys().chain(t.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let p = format!("{ptr}/{}", escape_token(k));
                match (s.get(k), t.get(k)) {
                    (Some(a), Some(b)) => diff(ops, &p, a, b),
                    (Some(_), None) => ops.push(Op {
                        op: "remove",
                        path: p,
                        value: None,
                        value_len: 0,
                    }),
                    (None, Some(b)) => ops.push(Op {
                        op: "add",
                        path: p,
                        value: Some(b.clone()),
                        value_len: 0,
                    }),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(s), Value::Array(t)) => {
            let common = s.len().min(t.len());
            for _ in common..s.len() {
                ops.push(Op {
                    op: "remove",
                    path: format!("{ptr}/{common}"),
                    value: None,
                    value_len: 0,
                });
            }
            for i in 0..common {
                diff(ops, &format!("{ptr}/{i}"), &s[i], &t[i]);
            }
            for v in &t[common..] {
                ops.push(Op {
                    op: "add",
                    path: format!("{ptr}/-"),
                    value: Some(v.clone()),
                    value_len: 0,
                });
            }
        }
        _ => {
            ops.push(Op {
                op: "replace",
                path: ptr.to_string(),
                value: Some(tgt.clone()),
                value_len: go_json_len(tgt),
            });
            return;
        }
    }
    // Rationalise: one `replace` of the subtree when it is shorter than what was generated.
    if ops.len() > size {
        let replace = Op {
            op: "replace",
            path: ptr.to_string(),
            value: Some(tgt.clone()),
            value_len: go_json_len(tgt),
        };
        let current: usize = ops[size..].iter().map(Op::json_len).sum();
        if current > replace.json_len() {
            ops.truncate(size);
            ops.push(replace);
        }
    }
}

/// What detection found for one object.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// The object is missing from the cluster (Flux's summary says `removed`).
    Create,
    /// The object differs: the JSON patch that corrects it.
    Update(Vec<Op>),
    /// Left out (annotation or an ignore rule for the whole object).
    Exclude,
    /// As desired.
    None,
}

/// One object of the release and its drift.
#[derive(Clone, Debug)]
pub struct ObjectDrift {
    /// The object as the release wants it (Helm's metadata and namespace set).
    pub desired: Value,
    /// What differs.
    pub kind: Kind,
}

impl ObjectDrift {
    /// `Kind/namespace/name` (`Kind/name` for cluster-scoped objects), Flux's `ResourceName`.
    pub fn subject(&self) -> String {
        let md = &self.desired["metadata"];
        let kind = self.desired["kind"].as_str().unwrap_or_default();
        let name = md["name"].as_str().unwrap_or_default();
        match md["namespace"].as_str().filter(|n| !n.is_empty()) {
            Some(ns) => format!("{kind}/{ns}/{name}"),
            None => format!("{kind}/{name}"),
        }
    }

    fn changed(&self) -> bool {
        matches!(self.kind, Kind::Create | Kind::Update(_))
    }
}

/// Whether any object is missing or differs (Flux's `DiffSet.HasChanges`).
pub fn has_changes(set: &[ObjectDrift]) -> bool {
    set.iter().any(ObjectDrift::changed)
}

/// Flux's `SummarizeDiffSet`: a line per removed, changed or excluded object.
pub fn summarize(set: &[ObjectDrift]) -> String {
    let mut lines = Vec::new();
    for d in set {
        let line = match &d.kind {
            Kind::Create => format!("{} removed", d.subject()),
            Kind::Exclude => format!("{} excluded", d.subject()),
            Kind::Update(ops) => {
                let count = |op: &str| ops.iter().filter(|o| o.op == op).count();
                format!(
                    "{} changed ({} additions, {} changes, {} removals)",
                    d.subject(),
                    count("add"),
                    count("replace"),
                    count("remove")
                )
            }
            Kind::None => continue,
        };
        lines.push(line);
    }
    lines.join("\n")
}

fn disabled(obj: &Value) -> bool {
    ["annotations", "labels"].iter().any(|f| {
        obj["metadata"][f][DISABLED_KEY]
            .as_str()
            .is_some_and(|v| v == "disabled")
    })
}

/// `metadata.name`, `annotations` and `labels` only (what fluxcd/pkg compares of metadata).
fn names_and_labels(obj: &Value) -> Value {
    let mut md = Map::new();
    for k in ["name", "annotations", "labels"] {
        if let Some(v) = obj["metadata"].get(k) {
            md.insert(k.into(), v.clone());
        }
    }
    json!({ "metadata": md })
}

fn without_metadata_and_status(obj: &Value) -> Value {
    let mut o = obj.clone();
    if let Some(m) = o.as_object_mut() {
        m.remove("metadata");
        m.remove("status");
    }
    o
}

/// Compares every object of `release` with the cluster. Failures on single objects are
/// collected (Flux's graceful mode) next to what could be compared.
pub async fn detect(
    actions: &mut Actions,
    release: &Value,
    rules: &[IgnoreSpec],
) -> Result<(Vec<ObjectDrift>, Vec<String>), String> {
    let name = release["name"].as_str().unwrap_or_default().to_string();
    let namespace = release["namespace"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let manifest = release["manifest"].as_str().unwrap_or_default().to_string();
    let objects = actions
        .objects(&manifest, &namespace)
        .await
        .map_err(|e| e.to_string())?;
    let mut set = Vec::new();
    let mut errors = Vec::new();
    for obj in objects {
        let mut desired = with_release_metadata(&obj, &name, &namespace);
        actions.owner.stamp(&mut desired);
        match diff_object(actions, &desired, rules).await {
            Ok(kind) => set.push(ObjectDrift { desired, kind }),
            Err(e) => errors.push(e),
        }
    }
    Ok((set, errors))
}

async fn diff_object(
    actions: &mut Actions,
    desired: &Value,
    rules: &[IgnoreSpec],
) -> Result<Kind, String> {
    let paths: Vec<&String> = rules
        .iter()
        .filter(|r| r.covers(desired))
        .flat_map(|r| &r.paths)
        .collect();
    if disabled(desired) || paths.iter().any(|p| p.is_empty()) {
        return Ok(Kind::Exclude);
    }
    let subject = crate::cluster::object_ref(desired);
    let api = actions
        .cluster
        .api_for(desired)
        .await
        .map_err(|e| format!("{subject}: {e}"))?;
    let name = desired["metadata"]["name"].as_str().unwrap_or_default();
    let live = match api.get(name).await {
        Ok(o) => serde_json::to_value(o).unwrap_or_default(),
        Err(e) if is_not_found(&e) => return Ok(Kind::Create),
        Err(e) => return Err(format!("{subject}: {}", api_message(&e))),
    };
    if disabled(&live) {
        return Ok(Kind::Exclude);
    }
    let mut params = PatchParams::apply(&actions.owner.field_manager).force();
    params.dry_run = true;
    let dry = api
        .patch(name, &params, &Patch::Apply(desired))
        .await
        .map_err(|e| format!("{subject} dry-run failed: {}", api_message(&e)))?;
    let mut dry = serde_json::to_value(dry).unwrap_or_default();
    let mut live = live;
    for p in &paths {
        remove_pointer(&mut dry, p);
        remove_pointer(&mut live, p);
    }
    let mut ops: Vec<Op> = compare(&names_and_labels(&live), &names_and_labels(&dry))
        .into_iter()
        .filter(|o| o.op != "remove")
        .collect();
    ops.extend(compare(
        &without_metadata_and_status(&live),
        &without_metadata_and_status(&dry),
    ));
    Ok(if ops.is_empty() {
        Kind::None
    } else {
        Kind::Update(ops)
    })
}

/// Flux's `ApplyDiff`: missing objects created, differing ones patched, each as the field
/// manager, in fluxcd/pkg ssa's object order; the change set (`<subject> created|configured`
/// lines) and the failures.
pub async fn correct(actions: &mut Actions, set: &[ObjectDrift]) -> (Vec<String>, Vec<String>) {
    // Creations first, then patches, each in fluxcd/pkg ssa's object order.
    let mut order: Vec<&ObjectDrift> = set.iter().filter(|d| d.changed()).collect();
    order.sort_by_key(|d| {
        (
            !matches!(d.kind, Kind::Create),
            crate::apply::reconcile_order_key(&d.desired),
        )
    });
    let manager = actions.owner.field_manager.clone();
    let (mut done, mut failed) = (Vec::new(), Vec::new());
    for d in order {
        let subject = d.subject();
        let api = match actions.cluster.api_for(&d.desired).await {
            Ok(a) => a,
            Err(e) => {
                failed.push(format!("{subject}: {e}"));
                continue;
            }
        };
        let name = d.desired["metadata"]["name"].as_str().unwrap_or_default();
        match &d.kind {
            Kind::Create => {
                let obj: kube::api::DynamicObject = match serde_json::from_value(d.desired.clone())
                {
                    Ok(o) => o,
                    Err(e) => {
                        failed.push(format!("{subject} creation failure: {e}"));
                        continue;
                    }
                };
                let pp = PostParams {
                    field_manager: Some(manager.clone()),
                    ..Default::default()
                };
                match api.create(&pp, &obj).await {
                    Ok(_) => done.push(format!("{subject} created")),
                    Err(e) => {
                        failed.push(format!("{subject} creation failure: {}", api_message(&e)))
                    }
                }
            }
            Kind::Update(ops) => {
                let patch: Vec<Value> = ops.iter().map(Op::to_json).collect();
                let patch: json_patch::Patch = match serde_json::from_value(Value::Array(patch)) {
                    Ok(p) => p,
                    Err(e) => {
                        failed.push(format!("{subject} patch failure: {e}"));
                        continue;
                    }
                };
                let pp = PatchParams {
                    field_manager: Some(manager.clone()),
                    ..Default::default()
                };
                match api.patch(name, &pp, &Patch::<Value>::Json(patch)).await {
                    Ok(_) => done.push(format!("{subject} configured")),
                    Err(e) => failed.push(format!("{subject} patch failure: {}", api_message(&e))),
                }
            }
            _ => {}
        }
    }
    (done, failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(ops: &[Op]) -> Vec<(&str, &str)> {
        ops.iter().map(|o| (o.op, o.path.as_str())).collect()
    }

    #[test]
    fn objects_compare_key_by_key_in_sorted_order() {
        // An unchanged long field makes replacing `spec` dearer than the three operations.
        let long = "x".repeat(100);
        let ops = compare(
            &json!({"spec": {"replicas": 1, "paused": true, "a": long}}),
            &json!({"spec": {"replicas": 3, "b": "y", "a": long}}),
        );
        assert_eq!(
            kinds(&ops),
            vec![
                ("add", "/spec/b"),
                ("remove", "/spec/paused"),
                ("replace", "/spec/replicas")
            ]
        );
    }

    #[test]
    fn many_small_operations_become_one_replace_of_the_subtree() {
        // Three operations on a small object are longer than replacing it.
        let ops = compare(&json!({"m": {"a": 1, "b": 2}}), &json!({"m": {"c": 3}}));
        assert_eq!(kinds(&ops), vec![("replace", "/m")]);
        assert_eq!(ops[0].value, Some(json!({"c": 3})));
        // One change in a large object stays one change.
        let big = json!({"m": {"a": "a long value that makes a replace expensive", "n": 1}});
        let mut changed = big.clone();
        changed["m"]["n"] = json!(2);
        assert_eq!(kinds(&compare(&big, &changed)), vec![("replace", "/m/n")]);
    }

    #[test]
    fn arrays_compare_by_index_removing_at_the_common_length_and_appending_at_dash() {
        let long = json!({"l": ["a very long string one", "a very long string two", "three more"]});
        let short = json!({"l": ["a very long string one"]});
        assert_eq!(
            kinds(&compare(&long, &short)),
            vec![("remove", "/l/1"), ("remove", "/l/1")]
        );
        assert_eq!(
            kinds(&compare(&short, &long)),
            vec![("add", "/l/-"), ("add", "/l/-")]
        );
    }

    #[test]
    fn pointer_tokens_are_escaped() {
        let long = "x".repeat(100);
        let ops = compare(
            &json!({"a/b": 1, "c~d": 1, "z": long}),
            &json!({"a/b": 2, "c~d": 2, "z": long}),
        );
        assert_eq!(
            kinds(&ops),
            vec![("replace", "/a~1b"), ("replace", "/c~0d")]
        );
    }

    #[test]
    fn integers_and_floats_of_the_same_value_are_equal() {
        assert!(compare(&json!({"n": 1}), &json!({"n": 1.0})).is_empty());
    }

    #[test]
    fn go_json_lengths_count_go_escapes() {
        assert_eq!(go_json_len(&json!("<a>")), 2 + 6 + 1 + 6);
        assert_eq!(
            go_json_len(&json!({"k": [1, true, null]})),
            r#"{"k":[1,true,null]}"#.len()
        );
    }

    #[test]
    fn summaries_are_worded_as_fluxs() {
        let obj = |kind: &str, ns: Option<&str>, name: &str| {
            let mut v = json!({"kind": kind, "metadata": {"name": name}});
            if let Some(ns) = ns {
                v["metadata"]["namespace"] = json!(ns);
            }
            v
        };
        let set = vec![
            ObjectDrift {
                desired: obj("Deployment", Some("apps"), "web"),
                kind: Kind::Update(compare(
                    &json!({"spec": {"replicas": 1, "x": 1}}),
                    &json!({"spec": {"replicas": 2, "x": 1, "y": "a long value to keep it"}}),
                )),
            },
            ObjectDrift {
                desired: obj("ConfigMap", Some("apps"), "cfg"),
                kind: Kind::Create,
            },
            ObjectDrift {
                desired: obj("ClusterRole", None, "r"),
                kind: Kind::Exclude,
            },
            ObjectDrift {
                desired: obj("Service", Some("apps"), "web"),
                kind: Kind::None,
            },
        ];
        assert!(has_changes(&set));
        assert_eq!(
            summarize(&set),
            "Deployment/apps/web changed (1 additions, 1 changes, 0 removals)\nConfigMap/apps/cfg removed\nClusterRole/r excluded"
        );
    }
}
