//! Field specs: which field of which kinds a transformer touches, and walking to them.
//!
//! Owns kustomize's built-in field spec tables (`data/fieldspecs.txt`), the merge of custom
//! `configurations`, and the traversal rules of kustomize's field spec filter: `/`-separated
//! paths (`\/` escapes a slash), sequences traversed element by element, `[]` marking a
//! sequence, missing maps created only when the spec says `create`.

use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::{Map, Value};

use super::resource::Gvk;

/// One field spec.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldSpec {
    /// Group selector ("" = any).
    #[serde(default)]
    pub group: String,
    /// Version selector.
    #[serde(default)]
    pub version: String,
    /// Kind selector.
    #[serde(default)]
    pub kind: String,
    /// Slash-separated path.
    #[serde(default)]
    pub path: String,
    /// Create missing fields.
    #[serde(default, rename = "create")]
    pub create: bool,
}

impl FieldSpec {
    /// The gvk selector of this spec.
    pub fn gvk(&self) -> Gvk {
        Gvk {
            group: self.group.clone(),
            version: self.version.clone(),
            kind: self.kind.clone(),
        }
    }

    /// Whether the spec applies to an object of this gvk.
    pub fn matches(&self, gvk: &Gvk) -> bool {
        (self.group.is_empty() || self.group == gvk.group)
            && (self.version.is_empty() || self.version == gvk.version)
            && (self.kind.is_empty() || self.kind == gvk.kind)
    }
}

/// A name-reference rule: fields that hold the name of an object of `target`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameRef {
    /// The kind referred to.
    pub target: Gvk,
    /// Where referrers hold the name.
    pub referrers: Vec<FieldSpec>,
}

/// The transformer configuration (kustomize's `TransformerConfig`).
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// namePrefix fields.
    pub name_prefix: Vec<FieldSpec>,
    /// nameSuffix fields.
    pub name_suffix: Vec<FieldSpec>,
    /// namespace fields.
    pub namespace: Vec<FieldSpec>,
    /// commonLabels fields (selectors included).
    pub common_labels: Vec<FieldSpec>,
    /// labels fields of custom configurations.
    pub labels: Vec<FieldSpec>,
    /// template labels fields.
    pub template_labels: Vec<FieldSpec>,
    /// volumeClaimTemplate label fields.
    pub volume_claim_template_labels: Vec<FieldSpec>,
    /// commonAnnotations fields.
    pub common_annotations: Vec<FieldSpec>,
    /// Image fields.
    pub images: Vec<FieldSpec>,
    /// Replica fields.
    pub replicas: Vec<FieldSpec>,
    /// Fields where `$(VAR)` is substituted.
    pub var_reference: Vec<FieldSpec>,
    /// Name references.
    pub name_reference: Vec<NameRef>,
    /// Set once custom `configurations` were merged in (the built-in table alone needs no merge).
    pub customized: bool,
}

/// Errors of field specs: merging configurations and visiting the fields they name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Two specs for the same path disagree.
    #[error("conflicting fieldspecs for path {0}")]
    Conflict(String),
    /// A configuration section does not parse.
    #[error("{section}: {message}")]
    Config {
        /// The section (`namePrefix`, `nameReference`, ...).
        section: String,
        /// Why.
        message: String,
    },
    /// A configuration section kustomize does not know.
    #[error("unknown transformer configuration field {0:?}")]
    UnknownSection(String),
    /// A path has an empty field name.
    #[error("cannot set or create an empty field name")]
    EmptyFieldName,
    /// A path goes through a scalar.
    #[error("expected sequence or mapping node")]
    NotAContainer,
    /// What the caller's setter reported.
    #[error("{0}")]
    Set(String),
    /// A failure at one spec's field of one object.
    #[error("considering field '{path}' of object {kind}: {error}")]
    Field {
        /// The spec's path.
        path: String,
        /// The object's kind.
        kind: String,
        /// What failed.
        error: Box<Error>,
    },
}

impl From<String> for Error {
    fn from(message: String) -> Error {
        Error::Set(message)
    }
}

impl From<&str> for Error {
    fn from(message: &str) -> Error {
        Error::Set(message.to_string())
    }
}

/// Result alias for this module.
pub type Result<T> = std::result::Result<T, Error>;

/// Adds a spec unless an equal (gvk, path) one is there; a conflicting `create` is an error.
pub fn merge_one(list: &mut Vec<FieldSpec>, fs: FieldSpec) -> Result<()> {
    let same = |e: &&FieldSpec| {
        e.path == fs.path && e.kind == fs.kind && e.group == fs.group && e.version == fs.version
    };
    if let Some(existing) = list.iter().find(same) {
        if existing.create != fs.create {
            return Err(Error::Conflict(fs.path.clone()));
        }
        return Ok(());
    }
    list.push(fs);
    Ok(())
}

/// Merges every spec of `more` into `list`.
pub fn merge_all(list: &mut Vec<FieldSpec>, more: &[FieldSpec]) -> Result<()> {
    for fs in more {
        merge_one(list, fs.clone())?;
    }
    Ok(())
}

impl Config {
    /// kustomize's default configuration.
    pub fn builtin() -> &'static Config {
        static CONFIG: OnceLock<Config> = OnceLock::new();
        CONFIG.get_or_init(|| {
            let mut c = Config::default();
            for line in include_str!("data/fieldspecs.txt").lines() {
                if line.starts_with('#') || line.trim().is_empty() {
                    continue;
                }
                let parts: Vec<&str> = line.splitn(10, ' ').collect();
                let any = |s: &str| {
                    if s == "-" {
                        String::new()
                    } else {
                        s.to_string()
                    }
                };
                if parts[0] == "nameReference" {
                    let target = Gvk {
                        group: any(parts[1]),
                        version: any(parts[2]),
                        kind: any(parts[3]),
                    };
                    let fs = FieldSpec {
                        group: any(parts[4]),
                        version: any(parts[5]),
                        kind: any(parts[6]),
                        create: parts[7] == "true",
                        path: parts[8].to_string(),
                    };
                    c.add_name_ref(target, vec![fs]);
                    continue;
                }
                let fs = FieldSpec {
                    group: any(parts[1]),
                    version: any(parts[2]),
                    kind: any(parts[3]),
                    create: parts[4] == "true",
                    path: parts[5].to_string(),
                };
                if let Some(list) = c.section_mut(parts[0]) {
                    list.push(fs);
                }
            }
            c
        })
    }

    fn section_mut(&mut self, name: &str) -> Option<&mut Vec<FieldSpec>> {
        Some(match name {
            "namePrefix" => &mut self.name_prefix,
            "nameSuffix" => &mut self.name_suffix,
            "namespace" => &mut self.namespace,
            "commonLabels" => &mut self.common_labels,
            "labels" => &mut self.labels,
            "templateLabels" => &mut self.template_labels,
            "volumeClaimTemplateLabels" => &mut self.volume_claim_template_labels,
            "commonAnnotations" => &mut self.common_annotations,
            "images" => &mut self.images,
            "replicas" => &mut self.replicas,
            "varReference" => &mut self.var_reference,
            _ => return None,
        })
    }

    fn add_name_ref(&mut self, target: Gvk, specs: Vec<FieldSpec>) {
        match self.name_reference.iter_mut().find(|n| n.target == target) {
            Some(n) => {
                for fs in specs {
                    let _ = merge_one(&mut n.referrers, fs);
                }
            }
            None => self.name_reference.push(NameRef {
                target,
                referrers: specs,
            }),
        }
    }

    /// Merges a configuration file's content (the `configurations` field).
    pub fn merge_document(&mut self, doc: &Value) -> Result<()> {
        self.customized = true;
        let Some(map) = doc.as_object() else {
            return Ok(());
        };
        for (section, items) in map {
            if section == "nameReference" {
                let refs: Vec<NameRefDoc> =
                    serde_json::from_value(items.clone()).map_err(|e| Error::Config {
                        section: String::from("nameReference"),
                        message: e.to_string(),
                    })?;
                for r in refs {
                    let target = Gvk {
                        group: r.group,
                        version: r.version,
                        kind: r.kind,
                    };
                    self.add_name_ref(target, r.field_specs);
                }
                continue;
            }
            let specs: Vec<FieldSpec> =
                serde_json::from_value(items.clone()).map_err(|e| Error::Config {
                    section: section.clone(),
                    message: e.to_string(),
                })?;
            let Some(list) = self.section_mut(section) else {
                return Err(Error::UnknownSection(section.clone()));
            };
            merge_all(list, &specs)?;
        }
        Ok(())
    }

    /// Merges another configuration into this one.
    pub fn merge(&mut self, other: &Config) -> Result<()> {
        if !other.customized {
            // Both start from the built-in table; nothing to add.
            return Ok(());
        }
        self.customized = true;
        for (mine, theirs) in [
            (&mut self.name_prefix, &other.name_prefix),
            (&mut self.name_suffix, &other.name_suffix),
            (&mut self.namespace, &other.namespace),
            (&mut self.common_labels, &other.common_labels),
            (&mut self.labels, &other.labels),
            (&mut self.template_labels, &other.template_labels),
            (
                &mut self.volume_claim_template_labels,
                &other.volume_claim_template_labels,
            ),
            (&mut self.common_annotations, &other.common_annotations),
            (&mut self.images, &other.images),
            (&mut self.replicas, &other.replicas),
            (&mut self.var_reference, &other.var_reference),
        ] {
            merge_all(mine, theirs)?;
        }
        for n in &other.name_reference {
            self.add_name_ref(n.target.clone(), n.referrers.clone());
        }
        Ok(())
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NameRefDoc {
    #[serde(default)]
    group: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    field_specs: Vec<FieldSpec>,
}

/// Splits a field-spec path on `/`, honouring `\/` escapes.
pub fn split_path(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek() == Some(&'/') {
            cur.push('/');
            chars.next();
        } else if c == '/' {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    out.push(cur);
    out
}

/// What to create at the end of a path when it is missing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Create {
    /// Never create.
    Nothing,
    /// A scalar (set by the setter).
    Scalar,
    /// A mapping.
    Map,
}

/// Walks to every field `path` names under `node` and calls `set` on it; missing maps are
/// created when `create` is not `Nothing`. The setter gets the field (possibly `Null` when just
/// created) and may replace it.
pub fn visit(
    node: &mut Value,
    path: &[String],
    create: Create,
    set: &mut dyn FnMut(&mut Value) -> Result<()>,
) -> Result<()> {
    if path.is_empty() {
        return set(node);
    }
    match node {
        Value::Null => Ok(()),
        Value::Array(items) => {
            for item in items {
                visit(item, path, create, set)?;
            }
            Ok(())
        }
        Value::Object(map) => {
            let (name, is_seq) = match path[0].strip_suffix("[]") {
                Some(n) => (n, true),
                None => (path[0].as_str(), false),
            };
            if name.is_empty() {
                return Err(Error::EmptyFieldName);
            }
            let last = path.len() == 1;
            let can_create = create != Create::Nothing && !is_seq;
            if !map.contains_key(name) {
                if !can_create {
                    return Ok(());
                }
                let fresh = if last {
                    if create == Create::Map {
                        Value::Object(Map::new())
                    } else {
                        Value::Null
                    }
                } else {
                    Value::Object(Map::new())
                };
                map.insert(name.to_string(), fresh);
            }
            let field = map.get_mut(name).expect("present");
            if field.is_null() && can_create && (!last || create == Create::Map) {
                *field = Value::Object(Map::new());
            }
            if field.is_null() && !last {
                return Ok(());
            }
            visit(field, &path[1..], create, set)
        }
        _ => Err(Error::NotAContainer),
    }
}

/// Visits the fields named by every spec that selects `gvk`; a spec with `create` creates a
/// missing field as `create`. Errors name the spec's path and the object's kind.
pub fn visit_specs<'a>(
    obj: &mut Value,
    gvk: &Gvk,
    specs: impl IntoIterator<Item = &'a FieldSpec>,
    create: Create,
    set: &mut dyn FnMut(&mut Value) -> Result<()>,
) -> Result<()> {
    for fs in specs {
        if !fs.matches(gvk) {
            continue;
        }
        let c = if fs.create { create } else { Create::Nothing };
        visit(obj, &split_path(&fs.path), c, set).map_err(|e| Error::Field {
            path: fs.path.clone(),
            kind: gvk.kind.clone(),
            error: Box::new(e),
        })?;
    }
    Ok(())
}
