//! Client-side apply as Helm 4 does it when server-side apply is off (`serverSideApply: false`
//! on install, `disabled` on upgrade and rollback, or `auto` over a release stored with
//! `apply_method: csa` or none, as Helm 3 and the Flux versions built on it stored them): the
//! patch that takes a live object from its last applied state to the new one, and the rewrite
//! of a client-side field manager's entries into its server-side one when a release moves to
//! server-side apply. Pure functions; [`super::action`] sends what they build.
//!
//! - Built-in kinds get apimachinery's three-way strategic merge patch (`original` the object
//!   as the previous release rendered it, `modified` the new one, `current` the live one):
//!   what `modified` has that `current` lacks or holds differently, plus deletions of what
//!   `original` had and `modified` dropped. Lists with a merge strategy merge element by
//!   element on their merge key (`$patch: delete` for dropped elements,
//!   `$deleteFromPrimitiveList/…` for dropped values, `$setElementOrder/…` for the order);
//!   every other list is replaced whole.
//! - Other kinds (custom resources) get a JSON merge patch: two-way from `original` to
//!   `modified` (Helm's default), or three-way as above with every list atomic when Helm asks
//!   for it (an install taking ownership).
//! - client-go's `csaupgrade.UpgradeManagedFieldsPatch`: the manager's `Update` entries folded
//!   into its `Apply` entry, so that server-side apply owns (and can remove) what client-side
//!   apply set.

use serde_json::{json, Map, Value};

use crate::kustomize::smp;

pub use crate::kustomize::smp::is_builtin;

/// Why no patch could be built.
#[derive(Debug, thiserror::Error)]
pub enum CsaError {
    /// A merge list element without its merge key (apimachinery's wording).
    #[error("map: {element} does not contain declared merge key: {key}")]
    MergeKey { element: String, key: String },
}

type Result<T> = std::result::Result<T, CsaError>;

/// Equality as Go's JSON decoding sees it: numbers by value (`1` and `1.0` are the same).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(i), Some(j)) => i == j,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w))
        }
        _ => a == b,
    }
}

fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

/// The rules a diff follows: a built-in kind's list strategies, or none (JSON merge patch).
struct Differ<'a> {
    kind: Option<(&'a str, &'a str)>,
}

impl Differ<'_> {
    fn rule(&self, path: &str) -> Option<&'static smp::ListRule> {
        let (av, kind) = self.kind?;
        smp::builtin_rule(av, kind, path)
    }

    fn map(
        &self,
        original: &Map<String, Value>,
        modified: &Map<String, Value>,
        current: &Map<String, Value>,
        path: &str,
    ) -> Result<Map<String, Value>> {
        let empty = Map::new();
        let mut patch = Map::new();
        for (k, m) in modified {
            let Some(c) = current.get(k) else {
                patch.insert(k.clone(), m.clone());
                continue;
            };
            if same(m, c) {
                continue;
            }
            let p = join(path, k);
            match (m, c) {
                (Value::Object(mm), Value::Object(cm)) => {
                    let om = original.get(k).and_then(Value::as_object).unwrap_or(&empty);
                    let sub = self.map(om, mm, cm, &p)?;
                    if !sub.is_empty() {
                        patch.insert(k.clone(), Value::Object(sub));
                    }
                }
                (Value::Array(ma), Value::Array(ca)) => {
                    let oa = original
                        .get(k)
                        .and_then(Value::as_array)
                        .map(Vec::as_slice)
                        .unwrap_or(&[]);
                    self.list(k, oa, ma, ca, &p, &mut patch)?;
                }
                _ => {
                    patch.insert(k.clone(), m.clone());
                }
            }
        }
        for k in original.keys() {
            if !modified.contains_key(k) && current.contains_key(k) {
                patch.insert(k.clone(), Value::Null);
            }
        }
        Ok(patch)
    }

    fn list(
        &self,
        field: &str,
        original: &[Value],
        modified: &[Value],
        current: &[Value],
        path: &str,
        patch: &mut Map<String, Value>,
    ) -> Result<()> {
        let rule = self.rule(path).filter(|r| r.strategy.contains("merge"));
        let all_maps = |l: &[Value]| l.iter().all(Value::is_object);
        match rule {
            Some(r) if !r.keys.is_empty() && all_maps(modified) && all_maps(current) => {
                self.keyed_list(field, &r.keys[0], original, modified, current, path, patch)
            }
            Some(r) if r.keys.is_empty() => {
                primitive_list(field, original, modified, current, patch);
                Ok(())
            }
            _ => {
                patch.insert(field.to_string(), Value::Array(modified.to_vec()));
                Ok(())
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn keyed_list(
        &self,
        field: &str,
        key: &str,
        original: &[Value],
        modified: &[Value],
        current: &[Value],
        path: &str,
        patch: &mut Map<String, Value>,
    ) -> Result<()> {
        let key_of = |v: &Value| v.get(key).cloned();
        fn find<'l>(list: &'l [Value], key: &str, k: &Value) -> Option<&'l Map<String, Value>> {
            list.iter()
                .find(|e| e.get(key).is_some_and(|ek| same(ek, k)))
                .and_then(Value::as_object)
        }
        let empty = Map::new();
        let mut items = Vec::new();
        let mut order = Vec::new();
        for m in modified {
            let mk = key_of(m).ok_or_else(|| CsaError::MergeKey {
                element: m.to_string(),
                key: key.to_string(),
            })?;
            order.push(json!({ key: mk.clone() }));
            let mm = m.as_object().unwrap_or(&empty);
            match find(current, key, &mk) {
                None => items.push(m.clone()),
                Some(cm) if same(m, &Value::Object(cm.clone())) => {}
                Some(cm) => {
                    let om = find(original, key, &mk).unwrap_or(&empty);
                    let mut sub = self.map(om, mm, cm, path)?;
                    if !sub.is_empty() {
                        sub.insert(key.to_string(), mk);
                        items.push(Value::Object(sub));
                    }
                }
            }
        }
        for o in original {
            let Some(ok) = key_of(o) else { continue };
            let dropped = !modified
                .iter()
                .any(|m| key_of(m).is_some_and(|mk| same(&mk, &ok)));
            if dropped && find(current, key, &ok).is_some() {
                items.push(json!({ key: ok, "$patch": "delete" }));
            }
        }
        if !items.is_empty() {
            patch.insert(field.to_string(), Value::Array(items));
            patch.insert(format!("$setElementOrder/{field}"), Value::Array(order));
        }
        Ok(())
    }
}

/// A merge list of values (finalizers): values to add, `$deleteFromPrimitiveList` for the ones
/// `modified` dropped.
fn primitive_list(
    field: &str,
    original: &[Value],
    modified: &[Value],
    current: &[Value],
    patch: &mut Map<String, Value>,
) {
    let has = |l: &[Value], v: &Value| l.iter().any(|e| same(e, v));
    let added: Vec<Value> = modified
        .iter()
        .filter(|m| !has(current, m))
        .cloned()
        .collect();
    let dropped: Vec<Value> = original
        .iter()
        .filter(|o| !has(modified, o) && has(current, o))
        .cloned()
        .collect();
    if added.is_empty() && dropped.is_empty() {
        return;
    }
    if !added.is_empty() {
        patch.insert(field.to_string(), Value::Array(added));
    }
    if !dropped.is_empty() {
        patch.insert(
            format!("$deleteFromPrimitiveList/{field}"),
            Value::Array(dropped),
        );
    }
    patch.insert(
        format!("$setElementOrder/{field}"),
        Value::Array(modified.to_vec()),
    );
}

fn as_map(v: &Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

/// apimachinery's `CreateThreeWayMergePatch` (overwrite on) for a built-in kind.
pub fn strategic_three_way(
    original: &Value,
    modified: &Value,
    current: &Value,
    api_version: &str,
    kind: &str,
) -> Result<Value> {
    let d = Differ {
        kind: Some((api_version, kind)),
    };
    d.map(&as_map(original), &as_map(modified), &as_map(current), "")
        .map(Value::Object)
}

/// evanphx/json-patch's `CreateThreeWayJSONMergePatch`: a JSON merge patch taking `current`
/// to `modified`, deleting what `original` had and `modified` dropped.
pub fn json_three_way(original: &Value, modified: &Value, current: &Value) -> Value {
    let d = Differ { kind: None };
    d.map(&as_map(original), &as_map(modified), &as_map(current), "")
        .map(Value::Object)
        .unwrap_or_else(|_| json!({}))
}

/// evanphx/json-patch's `CreateMergePatch`: the JSON merge patch from `original` to
/// `modified`.
pub fn json_two_way(original: &Value, modified: &Value) -> Value {
    json_three_way(original, modified, original)
}

/// Whether a patch changes nothing.
pub fn is_empty(patch: &Value) -> bool {
    patch.as_object().is_none_or(Map::is_empty)
}

/// The union of two `fieldsV1` sets (nested maps of `f:`, `k:`, `v:`, `i:` and `.` keys).
fn union(a: &mut Value, b: &Value) {
    let (Value::Object(am), Value::Object(bm)) = (&mut *a, b) else {
        return;
    };
    for (k, v) in bm {
        match am.get_mut(k) {
            Some(existing) => union(existing, v),
            None => {
                am.insert(k.clone(), v.clone());
            }
        }
    }
}

/// client-go's `csaupgrade.UpgradeManagedFieldsPatch` with one manager name for both sides:
/// the JSON patch that folds `manager`'s `Update` entries of `live` into its `Apply` entry (the
/// first `Update` entry becomes it when there is none), with the object's resourceVersion as
/// precondition; `None` when there is nothing to fold.
pub fn upgrade_managed_fields(live: &Value, manager: &str) -> Option<Value> {
    let before = live["metadata"]["managedFields"].as_array()?;
    let mut entries = before.clone();
    let is = |e: &Value, op: &str| {
        e["manager"] == manager
            && e["operation"] == op
            && e["subresource"].as_str().unwrap_or("").is_empty()
    };
    let target = match entries.iter().position(|e| is(e, "Apply")) {
        Some(i) => i,
        None => {
            let i = entries.iter().position(|e| is(e, "Update"))?;
            entries[i]["operation"] = json!("Apply");
            i
        }
    };
    let version = entries[target]["apiVersion"].clone();
    let mut fields = entries[target]
        .get("fieldsV1")
        .cloned()
        .unwrap_or_else(|| json!({}));
    if let Some(csa) = entries
        .iter()
        .find(|e| is(e, "Update") && e["apiVersion"] == version)
    {
        union(&mut fields, csa.get("fieldsV1").unwrap_or(&json!({})));
    }
    entries[target]["fieldsType"] = json!("FieldsV1");
    entries[target]["fieldsV1"] = fields;
    entries.retain(|e| !is(e, "Update"));
    if entries == *before {
        return None;
    }
    Some(json!([
        {"op": "replace", "path": "/metadata/managedFields", "value": entries},
        {"op": "replace", "path": "/metadata/resourceVersion",
            "value": live["metadata"]["resourceVersion"]},
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deploy(containers: Value) -> Value {
        json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
            "spec": {"template": {"spec": {"containers": containers}}}})
    }

    #[test]
    fn strategic_patches_merge_containers_by_name_and_delete_what_the_chart_dropped() {
        let original = deploy(
            json!([{"name": "a", "image": "a:1", "args": ["x"]}, {"name": "b", "image": "b:1"}]),
        );
        let modified =
            deploy(json!([{"name": "a", "image": "a:2"}, {"name": "c", "image": "c:1"}]));
        // Live: defaults the server added, and a container someone else added.
        let current = deploy(json!([
            {"name": "a", "image": "a:1", "args": ["x"], "imagePullPolicy": "IfNotPresent"},
            {"name": "b", "image": "b:1"},
            {"name": "z", "image": "z:1"}]));
        let p =
            strategic_three_way(&original, &modified, &current, "apps/v1", "Deployment").unwrap();
        assert_eq!(
            p,
            json!({"spec": {"template": {"spec": {
                "containers": [
                    {"name": "a", "image": "a:2", "args": null},
                    {"name": "c", "image": "c:1"},
                    {"name": "b", "$patch": "delete"}],
                "$setElementOrder/containers": [{"name": "a"}, {"name": "c"}]}}}})
        );
    }

    #[test]
    fn an_unchanged_object_with_server_defaults_needs_no_patch() {
        let o = deploy(json!([{"name": "a", "image": "a:1"}]));
        let mut live = deploy(json!([{"name": "a", "image": "a:1", "imagePullPolicy": "Always"}]));
        live["metadata"]["resourceVersion"] = json!("7");
        live["spec"]["replicas"] = json!(1);
        let p = strategic_three_way(&o, &o, &live, "apps/v1", "Deployment").unwrap();
        assert!(is_empty(&p), "{p}");
    }

    #[test]
    fn atomic_lists_are_replaced_and_primitive_merge_lists_add_and_delete_values() {
        let original = json!({"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "c", "finalizers": ["a", "b"]},
            "spec": {"ports": [{"port": 80}]}});
        let modified = json!({"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "c", "finalizers": ["a", "c"]},
            "spec": {"ports": [{"port": 80}]}});
        let current = json!({"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "c", "finalizers": ["a", "b"]},
            "spec": {"ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}], "externalIPs": ["1.2.3.4"]}});
        let p = strategic_three_way(&original, &modified, &current, "v1", "Service").unwrap();
        assert_eq!(p["metadata"]["finalizers"], json!(["c"]));
        assert_eq!(
            p["metadata"]["$deleteFromPrimitiveList/finalizers"],
            json!(["b"])
        );
        assert_eq!(
            p["metadata"]["$setElementOrder/finalizers"],
            json!(["a", "c"])
        );
        // `ports` merges on `port`: nothing changed in the element the chart sets.
        assert!(p["spec"].get("ports").is_none(), "{p}");
        assert!(p["spec"].get("externalIPs").is_none(), "{p}");
    }

    #[test]
    fn a_merge_list_element_without_its_key_is_an_error() {
        let m = deploy(json!([{"image": "a:1"}]));
        let c = deploy(json!([{"name": "a", "image": "a:0"}]));
        let e = strategic_three_way(&c, &m, &c, "apps/v1", "Deployment").unwrap_err();
        assert!(
            e.to_string()
                .contains("does not contain declared merge key: name"),
            "{e}"
        );
    }

    #[test]
    fn json_merge_patches_replace_lists_and_null_dropped_keys() {
        let original = json!({"spec": {"a": 1, "b": [1, 2], "c": {"d": 1, "e": 2}}});
        let modified = json!({"spec": {"a": 1.0, "b": [1], "c": {"d": 1}}});
        assert_eq!(
            json_two_way(&original, &modified),
            json!({"spec": {"b": [1], "c": {"e": null}}})
        );
        // Two-way ignores the live object: drift is not corrected.
        let current = json!({"spec": {"a": 5, "b": [1, 2], "c": {"d": 1, "e": 2}}});
        assert_eq!(
            json_three_way(&original, &modified, &current),
            json!({"spec": {"a": 1.0, "b": [1], "c": {"e": null}}})
        );
    }

    #[test]
    fn client_side_entries_fold_into_the_apply_entry() {
        let live = json!({"metadata": {"resourceVersion": "42", "managedFields": [
            {"manager": "helm-controller", "operation": "Update", "apiVersion": "v1",
             "fieldsType": "FieldsV1", "fieldsV1": {"f:data": {"f:a": {}}}},
            {"manager": "kubectl", "operation": "Update", "apiVersion": "v1",
             "fieldsType": "FieldsV1", "fieldsV1": {"f:data": {"f:z": {}}}},
            {"manager": "helm-controller", "operation": "Apply", "apiVersion": "v1",
             "fieldsType": "FieldsV1", "fieldsV1": {"f:data": {"f:b": {}}}}]}});
        let p = upgrade_managed_fields(&live, "helm-controller").unwrap();
        assert_eq!(
            p[0]["value"],
            json!([
                {"manager": "kubectl", "operation": "Update", "apiVersion": "v1",
                 "fieldsType": "FieldsV1", "fieldsV1": {"f:data": {"f:z": {}}}},
                {"manager": "helm-controller", "operation": "Apply", "apiVersion": "v1",
                 "fieldsType": "FieldsV1", "fieldsV1": {"f:data": {"f:b": {}, "f:a": {}}}}])
        );
        assert_eq!(
            p[1],
            json!({"op": "replace", "path": "/metadata/resourceVersion", "value": "42"})
        );
        // Only an Update entry: it becomes the Apply entry.
        let live = json!({"metadata": {"resourceVersion": "1", "managedFields": [
            {"manager": "helm-controller", "operation": "Update", "apiVersion": "v1",
             "fieldsType": "FieldsV1", "fieldsV1": {"f:data": {}}}]}});
        let p = upgrade_managed_fields(&live, "helm-controller").unwrap();
        assert_eq!(p[0]["value"][0]["operation"], "Apply");
        // Nothing client-side: no patch.
        let live = json!({"metadata": {"managedFields": [
            {"manager": "helm-controller", "operation": "Apply", "apiVersion": "v1",
             "fieldsType": "FieldsV1", "fieldsV1": {"f:data": {}}}]}});
        assert!(upgrade_managed_fields(&live, "helm-controller").is_none());
    }
}
