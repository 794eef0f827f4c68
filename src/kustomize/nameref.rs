//! Name references: after names change (prefix, suffix, generator hashes, namespaces), every
//! field that names a renamed object follows it, with kustomize's candidate selection (previous
//! names, kind, roleRef, namespace reachability, prefix/suffix agreement) and its ambiguity error.

use std::collections::HashMap;

use serde_json::Value;

use super::fieldspec::{self, split_path, Config, Create, FieldSpec};
use super::resource::{Gvk, ResId, Resource};
use super::scalar_text;

/// What name-reference resolution needs to know about a possible referral target.
struct RefInfo {
    name: String,
    namespace: String,
    kind: String,
    cluster_scoped: bool,
    effective_ns: String,
    org_namespace: String,
    prev: Vec<ResId>,
    prefixes: Vec<String>,
    suffixes: Vec<String>,
}

impl RefInfo {
    fn of(r: &Resource) -> RefInfo {
        let id = r.cur_id();
        RefInfo {
            name: id.name.clone(),
            namespace: id.namespace.clone(),
            kind: id.gvk.kind.clone(),
            cluster_scoped: id.gvk.is_cluster_scoped(),
            effective_ns: id.effective_namespace(),
            org_namespace: r.org_id().namespace,
            prev: r.prev_ids(),
            prefixes: r.prefixes.clone(),
            suffixes: r.suffixes.clone(),
        }
    }

    fn affixes_equal(&self, o: &RefInfo, allow_empty: bool) -> bool {
        let same = |a: &[String], b: &[String]| {
            let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
            if short.is_empty() {
                return long.is_empty();
            }
            long[long.len() - short.len()..] == *short
        };
        if allow_empty {
            let pe = self.prefixes.is_empty() || o.prefixes.is_empty();
            let se = self.suffixes.is_empty() || o.suffixes.is_empty();
            (pe || same(&self.prefixes, &o.prefixes)) && (se || same(&self.suffixes, &o.suffixes))
        } else {
            same(&self.prefixes, &o.prefixes) && same(&self.suffixes, &o.suffixes)
        }
    }
}

/// The set of objects a referrer may point at, and lookups by previous name.
struct RefIndex {
    infos: Vec<RefInfo>,
    by_prev_name: HashMap<String, Vec<usize>>,
}

/// kustomize's name-reference fix: every field that names a renamed object follows it.
pub(crate) fn fix_name_references(
    res: &mut [Resource],
    cfg: &Config,
) -> std::result::Result<(), String> {
    let infos: Vec<RefInfo> = res.iter().map(RefInfo::of).collect();
    let mut by_prev_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (j, info) in infos.iter().enumerate() {
        let mut names: Vec<&String> = info.prev.iter().map(|p| &p.name).collect();
        names.sort();
        names.dedup();
        for n in names {
            by_prev_name.entry(n.clone()).or_default().push(j);
        }
    }
    if by_prev_name.is_empty() {
        // Nothing was renamed: no reference can need fixing.
        return Ok(());
    }
    let index = RefIndex {
        infos,
        by_prev_name,
    };
    let org_gvks: Vec<Gvk> = res.iter().map(|r| r.org_id().gvk).collect();
    let paths: Vec<Vec<Vec<String>>> = cfg
        .name_reference
        .iter()
        .map(|nr| nr.referrers.iter().map(|fs| split_path(&fs.path)).collect())
        .collect();
    for i in 0..res.len() {
        let gvk = res[i].gvk();
        let id = res[i].cur_id();
        let mut obj = std::mem::take(&mut res[i].obj);
        let referrer = Referrer {
            index: i,
            id,
            binding_ns: binding_namespaces_of(&obj, &gvk.kind),
            role_ref: role_ref_of(&obj),
        };
        let mut result = Ok(());
        'outer: for (n, nr) in cfg.name_reference.iter().enumerate() {
            for (f, fs) in nr.referrers.iter().enumerate() {
                if !fs.matches(&org_gvks[i]) || !fs.matches(&gvk) {
                    continue;
                }
                let r = fieldspec::visit(&mut obj, &paths[n][f], Create::Nothing, &mut |v| {
                    Ok(set_reference(v, &referrer, &nr.target, fs, &index)?)
                });
                if let Err(e) = r {
                    result = Err(format!(
                        "updating name reference in '{}' field of '{}': {e}",
                        fs.path,
                        referrer.id.display()
                    ));
                    break 'outer;
                }
            }
        }
        res[i].obj = obj;
        result?;
    }
    Ok(())
}

/// The object holding references.
struct Referrer {
    index: usize,
    id: ResId,
    binding_ns: Vec<String>,
    role_ref: Option<Gvk>,
}

impl Referrer {
    /// kustomize's `SubsetThatCouldBeReferencedByResource`.
    fn may_reference(&self, t: &RefInfo) -> bool {
        self.id.gvk.is_cluster_scoped()
            || t.cluster_scoped
            || t.effective_ns == self.id.effective_namespace()
            || self.binding_ns.contains(&t.namespace)
    }
}

fn binding_namespaces_of(obj: &Value, kind: &str) -> Vec<String> {
    if kind != "RoleBinding" && kind != "ClusterRoleBinding" {
        return Vec::new();
    }
    let mut out = Vec::new();
    if let Some(Value::Array(subjects)) = obj.get("subjects") {
        for s in subjects {
            if s.get("kind").map(scalar_text).as_deref() == Some("ServiceAccount") {
                if let Some(ns) = s.get("namespace") {
                    out.push(scalar_text(ns));
                }
            }
        }
    }
    out
}

fn role_ref_of(obj: &Value) -> Option<Gvk> {
    let rr = obj.get("roleRef")?;
    Some(Gvk {
        group: scalar_text(rr.get("apiGroup")?),
        version: String::new(),
        kind: scalar_text(rr.get("kind")?),
    })
}

fn set_reference(
    v: &mut Value,
    referrer: &Referrer,
    target: &Gvk,
    fs: &FieldSpec,
    index: &RefIndex,
) -> std::result::Result<(), String> {
    match v {
        Value::Null => Ok(()),
        Value::String(_) | Value::Number(_) | Value::Bool(_) => {
            let old = scalar_text(v);
            if let Some(j) = select_referral(&old, None, referrer, target, fs, index)? {
                let new = &index.infos[j].name;
                if *new != old {
                    *v = Value::String(new.clone());
                }
            }
            Ok(())
        }
        Value::Object(m) => {
            let Some(name_v) = m.get("name") else {
                return Err(String::from("path config error; no 'name' field in node"));
            };
            let old = scalar_text(name_v);
            let ns = m.get("namespace").map(scalar_text);
            if let Some(j) = select_referral(&old, ns.as_deref(), referrer, target, fs, index)? {
                let info = &index.infos[j];
                if info.name == old && info.namespace.is_empty() {
                    return Ok(());
                }
                m.insert("name".into(), Value::String(info.name.clone()));
                if !info.namespace.is_empty() {
                    m.insert("namespace".into(), Value::String(info.namespace.clone()));
                }
            }
            Ok(())
        }
        Value::Array(items) => {
            for it in items {
                set_reference(it, referrer, target, fs, index)?;
            }
            Ok(())
        }
    }
}

/// kustomize's referral selection: previous name, kind, roleRef, namespace, then prefixes and
/// suffixes decide; an ambiguous choice is an error.
fn select_referral(
    old: &str,
    ns: Option<&str>,
    referrer: &Referrer,
    target: &Gvk,
    fs: &FieldSpec,
    index: &RefIndex,
) -> std::result::Result<Option<usize>, String> {
    let Some(named) = index.by_prev_name.get(old) else {
        return Ok(None);
    };
    let infos = &index.infos;
    let mut pool: Vec<usize> = named
        .iter()
        .copied()
        .filter(|&j| referrer.may_reference(&infos[j]))
        .collect();
    if let Some(ns) = ns {
        // Candidates in the referenced namespace: by original namespace first, else current.
        let all: Vec<usize> = (0..infos.len())
            .filter(|&j| referrer.may_reference(&infos[j]))
            .collect();
        let by_org: Vec<usize> = all
            .iter()
            .copied()
            .filter(|&j| infos[j].org_namespace == ns)
            .collect();
        let allowed = if !by_org.is_empty() {
            by_org
        } else {
            all.into_iter()
                .filter(|&j| infos[j].namespace == ns)
                .collect()
        };
        pool.retain(|j| allowed.contains(j));
    }
    let mut c: Vec<usize> = pool
        .into_iter()
        .filter(|&j| infos[j].prev.iter().any(|p| p.name == old))
        .collect();
    c.retain(|&j| infos[j].prev.iter().any(|p| target.selects(&p.gvk)));
    if fs.path.ends_with("roleRef/name") {
        if let Some(sel) = &referrer.role_ref {
            c.retain(|&j| infos[j].prev.iter().any(|p| sel.selects(&p.gvk)));
        }
    }
    if !referrer.id.gvk.is_cluster_scoped() {
        let ens = referrer.id.effective_namespace();
        c.retain(|&j| {
            infos[j].cluster_scoped
                || infos[j].kind == "ServiceAccount"
                || infos[j].effective_ns == ens
        });
    }
    if c.len() == 1 {
        return Ok(Some(c[0]));
    }
    let me = &infos[referrer.index];
    c.retain(|&j| infos[j].affixes_equal(me, true));
    if c.len() > 1 {
        c.retain(|&j| infos[j].affixes_equal(me, false));
    }
    match c.len() {
        0 => Ok(None),
        1 => Ok(Some(c[0])),
        _ => {
            let first = &infos[c[0]];
            let same = c.iter().all(|&j| {
                infos[j].name == first.name
                    && (ns.is_none() || infos[j].namespace == first.namespace)
            });
            if same {
                Ok(Some(c[0]))
            } else {
                let ids: Vec<String> = c
                    .iter()
                    .map(|&j| format!("{}/{}", infos[j].kind, infos[j].name))
                    .collect();
                Err(format!(
                    "found multiple possible referrals: {}",
                    ids.join(", ")
                ))
            }
        }
    }
}
