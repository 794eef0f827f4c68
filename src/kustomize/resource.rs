//! One resource in a build and the ordered set of them (kustomize's `Resource` and `ResMap`).
//!
//! A resource is its object plus the build-time facts kustomize keeps in internal annotations:
//! previous ids (for name references after renames), applied name prefixes and suffixes,
//! generator behaviour and hashing, and patch permissions. Ids compare the way kustomize's
//! `ResId` does (empty namespace means `default` for namespaced kinds; cluster-scoped kinds have
//! none).

use std::sync::OnceLock;

use serde_json::{Map, Value};

/// Group, version and kind.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Gvk {
    /// API group ("" for core).
    pub group: String,
    /// API version.
    pub version: String,
    /// Kind.
    pub kind: String,
}

impl Gvk {
    /// Splits an apiVersion into group and version as kustomize does.
    pub fn from_api_version(api_version: &str, kind: &str) -> Gvk {
        let (group, version) = match api_version.rsplit_once('/') {
            Some((g, v)) => (g.to_string(), v.to_string()),
            None => (String::new(), api_version.to_string()),
        };
        Gvk {
            group,
            version,
            kind: kind.to_string(),
        }
    }

    /// `group/version` or `version`.
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.clone()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }

    /// Whether this selector-style gvk (empty = any) selects `other`.
    pub fn selects(&self, other: &Gvk) -> bool {
        (self.group.is_empty() || self.group == other.group)
            && (self.version.is_empty() || self.version == other.version)
            && (self.kind.is_empty() || self.kind == other.kind)
    }

    /// kustomize's cluster-scope rule: known built-in cluster-scoped types only.
    pub fn is_cluster_scoped(&self) -> bool {
        type ByKind = std::collections::HashMap<String, Vec<(String, String)>>;
        static TABLE: OnceLock<ByKind> = OnceLock::new();
        let table = TABLE.get_or_init(|| {
            let mut t = ByKind::new();
            for l in include_str!("data/cluster_scoped.txt").lines() {
                if l.starts_with('#') {
                    continue;
                }
                if let Some((av, kind)) = l.split_once(' ') {
                    let (g, v) = match av.rsplit_once('/') {
                        Some((g, v)) => (g.to_string(), v.to_string()),
                        None => (String::new(), av.to_string()),
                    };
                    t.entry(kind.to_string()).or_default().push((g, v));
                }
            }
            t
        });
        table.get(&self.kind).is_some_and(|gvs| {
            gvs.iter()
                .any(|(g, v)| *g == self.group && *v == self.version)
        })
    }

    /// kustomize's `Gvk.String()`: `kind.version.group` with placeholders.
    pub fn sort_string(&self) -> String {
        format!(
            "{}.{}.{}",
            or_placeholder(&self.kind, "[noKind]"),
            or_placeholder(&self.version, "[noVer]"),
            or_placeholder(&self.group, "[noGrp]")
        )
    }
}

/// A resource id: gvk, name and namespace.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ResId {
    /// Group, version, kind.
    pub gvk: Gvk,
    /// metadata.name.
    pub name: String,
    /// metadata.namespace as written.
    pub namespace: String,
}

impl ResId {
    /// The namespace ids compare by: `default` for unset namespaced kinds.
    pub fn effective_namespace(&self) -> String {
        if self.gvk.is_cluster_scoped() {
            String::from("_non_namespaceable_")
        } else if self.namespace.is_empty() || self.namespace == "default" {
            String::from("default")
        } else {
            self.namespace.clone()
        }
    }

    /// Same kind (gvk), name and effective namespace.
    pub fn equals(&self, other: &ResId) -> bool {
        self.gvk == other.gvk
            && self.name == other.name
            && self.effective_namespace() == other.effective_namespace()
    }

    /// Human form used in errors: `Kind.version.group/name.namespace`.
    pub fn display(&self) -> String {
        let ns = if self.namespace.is_empty() {
            "[noNs]"
        } else {
            &self.namespace
        };
        let name = if self.name.is_empty() {
            "[noName]"
        } else {
            &self.name
        };
        format!("{}/{}.{}", self.gvk.sort_string(), name, ns)
    }
}

/// Generator merge behaviour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Behavior {
    /// A new object (an error if it exists).
    #[default]
    Create,
    /// Merged into an existing generated object.
    Merge,
    /// Replaces an existing object.
    Replace,
}

/// A resource and its build-time facts.
#[derive(Clone, Debug)]
pub struct Resource {
    /// The object.
    pub obj: Value,
    /// Previous (namespace, name, kind) triples, oldest first.
    pub prev: Vec<(String, String, String)>,
    /// Name prefixes applied, in order.
    pub prefixes: Vec<String>,
    /// Name suffixes applied, in order.
    pub suffixes: Vec<String>,
    /// Generated by a generator that wants a content hash suffix.
    pub needs_hash: bool,
    /// Generator behaviour (generated resources only).
    pub behavior: Option<Behavior>,
    /// Patch options carried by patch resources.
    pub allow_name_change: bool,
    /// Patch options carried by patch resources.
    pub allow_kind_change: bool,
    /// Where the resource came from, as kustomize's `config.kubernetes.io/origin` annotation
    /// text (added only with `buildMetadata: [originAnnotations]`).
    pub origin: Option<String>,
}

impl Resource {
    /// Wraps an object.
    pub fn new(obj: Value) -> Resource {
        Resource {
            obj,
            prev: Vec::new(),
            prefixes: Vec::new(),
            suffixes: Vec::new(),
            needs_hash: false,
            behavior: None,
            allow_name_change: false,
            allow_kind_change: false,
            origin: None,
        }
    }

    fn str_at(&self, path: &[&str]) -> String {
        let mut v = &self.obj;
        for p in path {
            match v.get(p) {
                Some(n) => v = n,
                None => return String::new(),
            }
        }
        match v {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => super::scalar_text(other),
        }
    }

    /// apiVersion.
    pub fn api_version(&self) -> String {
        self.str_at(&["apiVersion"])
    }
    /// kind.
    pub fn kind(&self) -> String {
        self.str_at(&["kind"])
    }
    /// metadata.name.
    pub fn name(&self) -> String {
        self.str_at(&["metadata", "name"])
    }
    /// metadata.namespace.
    pub fn namespace(&self) -> String {
        self.str_at(&["metadata", "namespace"])
    }
    /// Group, version, kind.
    pub fn gvk(&self) -> Gvk {
        Gvk::from_api_version(&self.api_version(), &self.kind())
    }
    /// Current id.
    pub fn cur_id(&self) -> ResId {
        ResId {
            gvk: self.gvk(),
            name: self.name(),
            namespace: self.namespace(),
        }
    }

    /// Previous ids (kustomize's `PrevIds`): same group/version, recorded kind, name, namespace.
    pub fn prev_ids(&self) -> Vec<ResId> {
        let gvk = self.gvk();
        self.prev
            .iter()
            .map(|(ns, name, kind)| ResId {
                gvk: Gvk {
                    group: gvk.group.clone(),
                    version: gvk.version.clone(),
                    kind: kind.clone(),
                },
                name: name.clone(),
                namespace: ns.clone(),
            })
            .collect()
    }

    /// The id the resource had when first loaded.
    pub fn org_id(&self) -> ResId {
        self.prev_ids()
            .into_iter()
            .next()
            .unwrap_or_else(|| self.cur_id())
    }

    /// Records the current id as a previous one (before a rename).
    pub fn store_previous_id(&mut self) {
        let id = self.cur_id();
        let ns = if id.gvk.is_cluster_scoped() {
            String::from("_non_namespaceable_")
        } else if id.namespace.is_empty() {
            String::from("default")
        } else {
            id.namespace.clone()
        };
        self.prev.push((ns, id.name, id.gvk.kind));
    }

    /// metadata as a mutable map (created when missing).
    pub fn metadata_mut(&mut self) -> &mut Map<String, Value> {
        let obj = self.obj.as_object_mut().expect("resources are mappings");
        let md = obj
            .entry("metadata")
            .or_insert_with(|| Value::Object(Map::new()));
        if !md.is_object() {
            *md = Value::Object(Map::new());
        }
        md.as_object_mut().expect("just made an object")
    }

    /// Sets metadata.name.
    pub fn set_name(&mut self, name: &str) {
        self.metadata_mut()
            .insert("name".into(), Value::String(name.to_string()));
    }

    /// Sets metadata.namespace.
    pub fn set_namespace(&mut self, ns: &str) {
        self.metadata_mut()
            .insert("namespace".into(), Value::String(ns.to_string()));
    }

    /// metadata.labels or metadata.annotations as strings.
    pub fn string_map(&self, field: &str) -> Vec<(String, String)> {
        match self.obj.get("metadata").and_then(|m| m.get(field)) {
            Some(Value::Object(m)) => m
                .iter()
                .map(|(k, v)| (k.clone(), super::scalar_text(v)))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// `s`, or `placeholder` when `s` is empty (kustomize's id strings).
pub fn or_placeholder<'a>(s: &'a str, placeholder: &'a str) -> &'a str {
    if s.is_empty() {
        placeholder
    } else {
        s
    }
}

/// The identity kustomize compares ids by: gvk, name and effective namespace.
pub(crate) type IdKey = (String, String, String, String, String);

pub(crate) fn id_key(id: &ResId) -> IdKey {
    (
        id.gvk.group.clone(),
        id.gvk.version.clone(),
        id.gvk.kind.clone(),
        id.name.clone(),
        id.effective_namespace(),
    )
}
