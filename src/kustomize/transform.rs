//! The built-in transformers applied to accumulated resources: strategic merge and JSON 6902
//! patches, namespace, name prefix and suffix, labels and annotations (field specs), replica
//! counts and images, each following its kustomize counterpart (including which fields it
//! touches and when it records a previous id for name references).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::fieldspec::{self, split_path, Create, FieldSpec};
use super::kustfile::{self, Selector};
use super::patch::{self, SelectorRegex};
use super::resource::{id_key, Gvk, Resource};
use super::{invalid, scalar_text, smp};

/// Errors of the builtin transformers, by cause; the messages are kustomize's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A patch target selector does not compile.
    #[error(transparent)]
    Selector(#[from] patch::Error),
    /// A JSON 6902 patch does not apply to an object.
    #[error("{object}: {error}")]
    JsonPatch {
        /// The object (`Kind.version.group/name.namespace`).
        object: String,
        /// Why.
        error: patch::Error,
    },
    /// A strategic merge patch does not merge.
    #[error("{0}")]
    Merge(String),
    /// A field a transformer sets cannot be set.
    #[error(transparent)]
    Field(#[from] fieldspec::Error),
    /// Two resources end up with the same id.
    #[error("namespace transformation produces ID conflict: {0}")]
    IdConflict(String),
    /// A replicas entry names no resource the configuration covers.
    #[error("resource with name {name} does not match a config with the following GVK [{gvks}]")]
    NoReplicaTarget {
        /// The entry's name.
        name: String,
        /// The GVKs the configuration covers.
        gvks: String,
    },
    /// An image field holds a mapping or list.
    #[error("image must be a scalar")]
    ImageNotScalar,
}

/// Result alias for this module.
pub type Result<T> = std::result::Result<T, Error>;

/// Applies a strategic merge patch; returns false when the patch deleted the resource.
pub(crate) fn apply_sm_patch(
    r: &mut Resource,
    patch: &Resource,
    rules: &smp::Table,
) -> Result<bool> {
    let (n, ns, k) = (r.name(), r.namespace(), r.kind());
    if patch.allow_name_change || patch.allow_kind_change {
        r.store_previous_id();
    }
    let merged =
        smp::merge(&r.obj, &patch.obj, &r.api_version(), &r.kind(), rules).map_err(Error::Merge)?;
    let Some(merged) = merged.filter(|m| !crate::goyaml::is_empty_object(m)) else {
        return Ok(false);
    };
    r.obj = merged;
    if !patch.allow_kind_change {
        if let Value::Object(m) = &mut r.obj {
            m.insert("kind".into(), Value::String(k));
        }
    }
    if !patch.allow_name_change {
        r.set_name(&n);
    }
    if ns.is_empty() {
        r.metadata_mut().remove("namespace");
    } else {
        r.set_namespace(&ns);
    }
    Ok(true)
}

pub(crate) fn apply_sm_patch_by_id(
    res: &mut Vec<Resource>,
    patch: &Resource,
    file: &str,
    rules: &smp::Table,
) -> super::Result<()> {
    let id = patch.org_id();
    let idx: Vec<usize> = res
        .iter()
        .enumerate()
        .filter(|(_, r)| r.cur_id().equals(&id) || r.prev_ids().iter().any(|p| p.equals(&id)))
        .map(|(i, _)| i)
        .collect();
    match idx.len() {
        0 => Err(invalid(
            file,
            format!(
                "no resource matches strategic merge patch \"{}\"",
                id.display()
            ),
        )),
        1 => {
            let i = idx[0];
            let keep = apply_sm_patch(&mut res[i], patch, rules)
                .map_err(|e| invalid(file, format!("patch for {}: {e}", id.display())))?;
            if !keep {
                res.remove(i);
            }
            Ok(())
        }
        _ => Err(invalid(
            file,
            format!(
                "multiple resources match strategic merge patch \"{}\"",
                id.display()
            ),
        )),
    }
}

pub(crate) fn apply_json_patch(
    res: &mut [Resource],
    target: &Selector,
    ops: &[patch::Op],
) -> Result<()> {
    let sel = SelectorRegex::new(target)?;
    for r in res.iter_mut() {
        if !sel.selects(r) {
            continue;
        }
        r.store_previous_id();
        patch::apply_json6902(&mut r.obj, ops).map_err(|error| Error::JsonPatch {
            object: r.cur_id().display(),
            error,
        })?;
    }
    Ok(())
}

pub(crate) fn namespace_transform(
    res: &mut [Resource],
    ns: &str,
    specs: &[FieldSpec],
) -> Result<()> {
    for r in res.iter_mut() {
        r.store_previous_id();
        let gvk = r.gvk();
        if !gvk.is_cluster_scoped() {
            r.set_namespace(ns);
        }
        let is_binding = gvk.kind == "RoleBinding" || gvk.kind == "ClusterRoleBinding";
        if is_binding {
            if let Some(Value::Array(subjects)) = r.obj.get_mut("subjects") {
                for s in subjects {
                    if let Value::Object(m) = s {
                        if m.get("name").map(scalar_text).as_deref() == Some("default") {
                            m.insert("namespace".into(), Value::String(ns.to_string()));
                        }
                    }
                }
            }
        }
        let api_version = r.api_version();
        let wanted = specs.iter().filter(|fs| {
            fs.path != "metadata/namespace"
                && (fs.path != "metadata/name" || api_version == "v1")
                && !(is_binding && fs.path == "subjects/namespace")
        });
        fieldspec::visit_specs(&mut r.obj, &gvk, wanted, Create::Scalar, &mut |v| {
            *v = Value::String(ns.to_string());
            Ok(())
        })?;
    }
    let mut seen = std::collections::HashSet::new();
    for r in res.iter() {
        let id = r.cur_id();
        if !seen.insert(id_key(&id)) {
            return Err(Error::IdConflict(id.display()));
        }
    }
    Ok(())
}

pub(crate) fn prefix_suffix(
    res: &mut [Resource],
    affix: &str,
    prefix: bool,
    specs: &[FieldSpec],
) -> Result<()> {
    let skip = [
        Gvk {
            group: String::new(),
            version: String::new(),
            kind: "CustomResourceDefinition".into(),
        },
        Gvk {
            group: "apiregistration.k8s.io".into(),
            version: String::new(),
            kind: "APIService".into(),
        },
        Gvk {
            group: String::new(),
            version: String::new(),
            kind: "Namespace".into(),
        },
    ];
    for r in res.iter_mut() {
        let id = r.org_id();
        if skip.iter().any(|s| s.selects(&id.gvk)) {
            continue;
        }
        for fs in specs {
            if !fs.gvk().selects(&id.gvk) {
                continue;
            }
            if fs.path == "metadata/name" {
                if prefix {
                    r.prefixes.push(affix.to_string());
                } else {
                    r.suffixes.push(affix.to_string());
                }
                r.store_previous_id();
            }
            fieldspec::visit(
                &mut r.obj,
                &split_path(&fs.path),
                Create::Nothing,
                &mut |v| {
                    let cur = scalar_text(v);
                    *v = Value::String(if prefix {
                        format!("{affix}{cur}")
                    } else {
                        format!("{cur}{affix}")
                    });
                    Ok(())
                },
            )?;
        }
    }
    Ok(())
}

pub(crate) fn set_map_entries(
    res: &mut [Resource],
    entries: &BTreeMap<String, String>,
    specs: &[FieldSpec],
) -> Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    for r in res.iter_mut() {
        let gvk = r.gvk();
        fieldspec::visit_specs(&mut r.obj, &gvk, specs, Create::Map, &mut |v| {
            if v.is_null() {
                *v = Value::Object(Map::new());
            }
            let Value::Object(m) = v else {
                return Err("expected a mapping".into());
            };
            for (k, val) in entries {
                m.insert(k.clone(), Value::String(val.clone()));
            }
            Ok(())
        })?;
    }
    Ok(())
}

pub(crate) fn replicas(
    res: &mut [Resource],
    rep: &kustfile::Replica,
    specs: &[FieldSpec],
) -> Result<()> {
    let mut found = false;
    for fs in specs {
        for r in res.iter_mut() {
            let mut ids = vec![r.cur_id()];
            ids.extend(r.prev_ids());
            if !ids
                .iter()
                .any(|id| id.name == rep.name && fs.gvk().selects(&id.gvk))
            {
                continue;
            }
            found = true;
            let create = if fs.create {
                Create::Scalar
            } else {
                Create::Nothing
            };
            fieldspec::visit(&mut r.obj, &split_path(&fs.path), create, &mut |v| {
                *v = Value::Number(rep.count.into());
                Ok(())
            })?;
        }
    }
    if !found {
        let gvks: Vec<String> = specs.iter().map(|f| f.gvk().sort_string()).collect();
        return Err(Error::NoReplicaTarget {
            name: rep.name.clone(),
            gvks: gvks.join(" "),
        });
    }
    Ok(())
}

/// kustomize's image name split: name, tag, digest.
pub fn split_image(image: &str) -> (String, String, String) {
    let slash = image.find('/').filter(|i| *i > 0).unwrap_or(0);
    let search = &image[slash..];
    let id = search.find('@').map(|i| i + slash);
    let ic = search.find(':').map(|i| i + slash);
    match (id, ic) {
        (None, None) => (image.to_string(), String::new(), String::new()),
        (Some(d), c) if c.is_none() || Some(d) < c => (
            image[..d].to_string(),
            String::new(),
            image[d + 1..].to_string(),
        ),
        (Some(d), Some(c)) => (
            image[..c].to_string(),
            image[c + 1..d].to_string(),
            image[d + 1..].to_string(),
        ),
        (None, Some(c)) => (
            image[..c].to_string(),
            image[c + 1..].to_string(),
            String::new(),
        ),
        (Some(_), None) => unreachable!("handled above"),
    }
}

pub(crate) fn update_image(v: &mut Value, img: &kustfile::Image, re: &regex::Regex) -> Result<()> {
    let Value::String(cur) = v else {
        if v.is_null() || v.is_object() || v.is_array() {
            return if v.is_null() {
                Ok(())
            } else {
                Err(Error::ImageNotScalar)
            };
        }
        return Ok(());
    };
    if !re.is_match(cur) {
        return Ok(());
    }
    let (mut name, mut tag, mut digest) = split_image(cur);
    if !img.new_name.is_empty() {
        name = img.new_name.clone();
    }
    if !img.new_tag.is_empty() && !img.digest.is_empty() {
        tag = img.new_tag.clone();
        digest = img.digest.clone();
    } else if !img.new_tag.is_empty() {
        tag = img.new_tag.clone();
        digest.clear();
    } else if !img.digest.is_empty() {
        tag.clear();
        digest = img.digest.clone();
    } else if !img.tag_suffix.is_empty() {
        tag.push_str(&img.tag_suffix);
        digest.clear();
    }
    if !tag.is_empty() {
        name = format!("{name}:{tag}");
    }
    if !digest.is_empty() {
        name = format!("{name}@{digest}");
    }
    *cur = name;
    Ok(())
}

pub(crate) fn images(
    res: &mut [Resource],
    img: &kustfile::Image,
    specs: &[FieldSpec],
) -> Result<()> {
    let Ok(re) = regex::Regex::new(&format!(
        "^{}(:[a-zA-Z0-9_.{{}}-]*)?(@[a-zA-Z0-9]+([.+_-][a-zA-Z0-9]+)*:[a-zA-Z0-9_.{{}}-]*)?$",
        img.name
    )) else {
        return Ok(());
    };
    fn walk(v: &mut Value, img: &kustfile::Image, re: &regex::Regex) -> Result<()> {
        match v {
            Value::Object(m) => {
                for (k, child) in m.iter_mut() {
                    walk(child, img, re)?;
                    if k == "containers" || k == "initContainers" {
                        if let Value::Array(items) = child {
                            for it in items {
                                if let Some(image) = it.get_mut("image") {
                                    update_image(image, img, re)?;
                                }
                            }
                        }
                    }
                }
                Ok(())
            }
            Value::Array(items) => {
                for it in items {
                    walk(it, img, re)?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
    for r in res.iter_mut() {
        if r.kind() != "CustomResourceDefinition" {
            walk(&mut r.obj, img, &re)?;
        }
        let gvk = r.gvk();
        fieldspec::visit_specs(&mut r.obj, &gvk, specs, Create::Nothing, &mut |v| {
            update_image(v, img, &re).map_err(|e| e.to_string().into())
        })?;
    }
    Ok(())
}
