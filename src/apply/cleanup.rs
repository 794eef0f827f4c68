//! The metadata clean-up kustomize-controller makes on an existing object before applying it,
//! as fluxcd/pkg ssa's `ApplyCleanupOptions` does: the field ownership of `kubectl` (apply and
//! edit), `before-first-apply`, the controller's own non-apply writes and the managers named
//! by `--override-manager` is folded into the controller's apply entry, so that fields a
//! person added by hand and the repository does not have are removed by the next apply; the
//! `kubectl.kubernetes.io/last-applied-configuration` annotation and the deprecated checksum
//! annotations (`kustomize.toolkit.fluxcd.io/checksum`, Flux v1's `fluxcd.io/sync-checksum`)
//! and Flux v1's garbage-collection label are removed. Objects marked
//! `kustomize.toolkit.fluxcd.io/ssa: Merge` keep all of it. Pure: the live object in, the
//! patch out.

use serde_json::{Map, Value};

/// A field manager whose entries are taken over: entries of that operation whose manager
/// name starts with `name` (on the main resource, not a subresource).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldManager {
    /// The manager name prefix.
    pub name: String,
    /// `Apply` or `Update`.
    pub operation: &'static str,
}

/// What is cleaned up, and by whom.
#[derive(Clone, Debug)]
pub struct Cleanup {
    /// The applying field manager, who takes the fields over.
    pub owner: String,
    annotations: Vec<&'static str>,
    labels: Vec<&'static str>,
    managers: Vec<FieldManager>,
}

/// The label or annotation value that opts an object out (`ssa: Merge`).
const EXCLUSION: (&str, &str) = ("kustomize.toolkit.fluxcd.io/ssa", "merge");

impl Cleanup {
    /// kustomize-controller's clean-up: `kubectl` (apply and update), `before-first-apply`
    /// and `controller`'s own updates, plus each `--override-manager` (apply and update).
    pub fn kustomize_controller(controller: &str, override_managers: &[String]) -> Cleanup {
        let mut managers = vec![
            FieldManager {
                name: "kubectl".into(),
                operation: "Apply",
            },
            FieldManager {
                name: "kubectl".into(),
                operation: "Update",
            },
            FieldManager {
                name: "before-first-apply".into(),
                operation: "Update",
            },
            FieldManager {
                name: controller.into(),
                operation: "Update",
            },
        ];
        for m in override_managers {
            for operation in ["Apply", "Update"] {
                managers.push(FieldManager {
                    name: m.clone(),
                    operation,
                });
            }
        }
        Cleanup {
            owner: controller.to_string(),
            annotations: vec![
                "kubectl.kubernetes.io/last-applied-configuration",
                "kustomize.toolkit.fluxcd.io/checksum",
                "fluxcd.io/sync-checksum",
            ],
            labels: vec!["fluxcd.io/sync-gc-mark"],
            managers,
        }
    }

    /// The merge patch that cleans `live` up before `desired` is applied, `None` when there
    /// is nothing to clean (or either object says `ssa: Merge`).
    pub fn patch(&self, desired: &Value, live: &Value) -> Option<Value> {
        if excluded(desired) || excluded(live) {
            return None;
        }
        let mut metadata = Map::new();
        for (field, keys) in [("annotations", &self.annotations), ("labels", &self.labels)] {
            let present: Map<String, Value> = keys
                .iter()
                .filter(|k| live["metadata"][field].get(**k).is_some())
                .map(|k| (k.to_string(), Value::Null))
                .collect();
            if !present.is_empty() {
                metadata.insert(field.to_string(), Value::Object(present));
            }
        }
        if let Some(entries) = self.managed_fields(live) {
            metadata.insert("managedFields".into(), Value::Array(entries));
        }
        (!metadata.is_empty()).then(|| serde_json::json!({ "metadata": metadata }))
    }

    /// The managed fields with every matching entry folded into the owner's apply entry
    /// (the first match renamed when the owner has none), which goes last; `None` when no
    /// entry matches.
    fn managed_fields(&self, live: &Value) -> Option<Vec<Value>> {
        let entries = live["metadata"]["managedFields"].as_array()?;
        let is_owner = |e: &Value| e["manager"] == self.owner.as_str() && e["operation"] == "Apply";
        let own = entries.iter().rposition(is_owner);
        let mut merged: Option<Value> = own.map(|i| entries[i].clone());
        let mut kept = Vec::new();
        let mut edited = false;
        for (i, e) in entries.iter().enumerate() {
            if Some(i) == own {
                continue;
            }
            if !self.managers.iter().any(|m| matches(e, m)) {
                kept.push(e.clone());
                continue;
            }
            edited = true;
            match &mut merged {
                None => {
                    let mut renamed = e.clone();
                    renamed["manager"] = Value::String(self.owner.clone());
                    renamed["operation"] = Value::String("Apply".into());
                    merged = Some(renamed);
                }
                Some(m) => {
                    let union = fields_union(&m["fieldsV1"], &e["fieldsV1"]);
                    m["fieldsV1"] = union;
                }
            }
        }
        if !edited {
            return None;
        }
        kept.extend(merged);
        Some(kept)
    }
}

fn excluded(obj: &Value) -> bool {
    let (key, value) = EXCLUSION;
    ["labels", "annotations"].iter().any(|f| {
        obj["metadata"][*f][key]
            .as_str()
            .is_some_and(|v| !v.is_empty() && v.eq_ignore_ascii_case(value))
    })
}

fn matches(entry: &Value, m: &FieldManager) -> bool {
    entry["operation"] == m.operation
        && entry["subresource"].as_str().unwrap_or_default().is_empty()
        && entry["manager"]
            .as_str()
            .is_some_and(|n| n.starts_with(&m.name))
}

/// The union of two field sets in their `FieldsV1` form: a tree whose node `{}` is a member
/// with no children, and whose `"."` key marks a node with children as a member too.
fn fields_union(a: &Value, b: &Value) -> Value {
    match (a.as_object(), b.as_object()) {
        (Some(a), Some(b)) => {
            // A member leaf `{}` meeting a node with children becomes a member with children.
            let a_leaf = a.is_empty();
            let b_leaf = b.is_empty();
            let mut out = Map::new();
            for (k, v) in a.iter().chain(b.iter()) {
                let merged = match out.get(k) {
                    Some(existing) => fields_union(existing, v),
                    None => v.clone(),
                };
                out.insert(k.clone(), merged);
            }
            if (a_leaf || b_leaf) && !out.is_empty() {
                out.insert(".".into(), Value::Object(Map::new()));
            }
            Value::Object(out)
        }
        (Some(_), None) => a.clone(),
        _ => b.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(manager: &str, operation: &str, fields: Value) -> Value {
        json!({"manager": manager, "operation": operation, "apiVersion": "v1",
            "time": "2026-01-01T00:00:00Z", "fieldsType": "FieldsV1", "fieldsV1": fields})
    }

    fn cleanup() -> Cleanup {
        Cleanup::kustomize_controller("kustomize-controller", &["my-tool".into()])
    }

    #[test]
    fn kubectl_edits_are_folded_into_the_controllers_apply_entry() {
        let live = json!({"metadata": {"managedFields": [
            entry("kustomize-controller", "Apply", json!({"f:data": {"f:a": {}}})),
            entry("kube-controller-manager", "Update", json!({"f:status": {}})),
            entry("kubectl-edit", "Update", json!({"f:data": {"f:b": {}}, "f:metadata": {"f:labels": {"f:x": {}}}})),
        ]}});
        let patch = cleanup().patch(&json!({}), &live).unwrap();
        let fields = patch["metadata"]["managedFields"].as_array().unwrap();
        assert_eq!(fields.len(), 2);
        assert_eq!(fields[0]["manager"], "kube-controller-manager");
        assert_eq!(fields[1]["manager"], "kustomize-controller");
        assert_eq!(fields[1]["operation"], "Apply");
        assert_eq!(
            fields[1]["fieldsV1"],
            json!({"f:data": {"f:a": {}, "f:b": {}}, "f:metadata": {"f:labels": {"f:x": {}}}})
        );
        assert!(patch["metadata"].get("annotations").is_none());
    }

    #[test]
    fn without_an_apply_entry_the_first_match_is_renamed_and_the_rest_merged_into_it() {
        let live = json!({"metadata": {
        "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}", "keep": "me"},
        "labels": {"fluxcd.io/sync-gc-mark": "x"},
        "managedFields": [
            entry("kubectl-client-side-apply", "Update", json!({"f:data": {"f:a": {}}})),
            entry("my-tool", "Apply", json!({"f:data": {".": {}, "f:c": {}}})),
            entry("kubectl", "Update", json!({"f:status": {}})),
        ]}});
        let patch = cleanup().patch(&json!({}), &live).unwrap();
        assert_eq!(
            patch["metadata"]["annotations"],
            json!({"kubectl.kubernetes.io/last-applied-configuration": null})
        );
        assert_eq!(
            patch["metadata"]["labels"],
            json!({"fluxcd.io/sync-gc-mark": null})
        );
        let fields = patch["metadata"]["managedFields"].as_array().unwrap();
        assert_eq!(fields.len(), 1);
        assert_eq!(fields[0]["manager"], "kustomize-controller");
        assert_eq!(fields[0]["operation"], "Apply");
        assert_eq!(
            fields[0]["fieldsV1"],
            json!({"f:data": {".": {}, "f:a": {}, "f:c": {}}, "f:status": {}})
        );
    }

    #[test]
    fn status_entries_and_ssa_merge_objects_are_left_alone() {
        let clean = json!({"metadata": {"managedFields": [
            entry("kustomize-controller", "Apply", json!({"f:data": {}})),
            entry("kubectl", "Update", json!({"f:status": {}})),
        ]}});
        // A status subresource entry is not the object's.
        let mut status_only = clean.clone();
        status_only["metadata"]["managedFields"][1]["subresource"] = json!("status");
        assert!(cleanup().patch(&json!({}), &status_only).is_none());
        assert!(cleanup().patch(&json!({}), &clean).is_some());
        let merge =
            json!({"metadata": {"annotations": {"kustomize.toolkit.fluxcd.io/ssa": "Merge"}}});
        assert!(cleanup().patch(&merge, &clean).is_none());
        let mut live_merge = clean.clone();
        live_merge["metadata"]["labels"] = json!({"kustomize.toolkit.fluxcd.io/ssa": "merge"});
        assert!(cleanup().patch(&json!({}), &live_merge).is_none());
        assert!(cleanup()
            .patch(&json!({}), &json!({"metadata": {"name": "x"}}))
            .is_none());
    }

    #[test]
    fn a_member_leaf_meeting_children_stays_a_member() {
        assert_eq!(
            fields_union(&json!({"f:a": {}}), &json!({"f:a": {"f:b": {}}})),
            json!({"f:a": {"f:b": {}, ".": {}}})
        );
        assert_eq!(
            fields_union(&json!({"f:a": {".": {}, "f:b": {}}}), &json!({"f:a": {}})),
            json!({"f:a": {".": {}, "f:b": {}}})
        );
    }
}
