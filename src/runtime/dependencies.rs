//! `dependsOn`, shared by the kinds that order themselves after others of their kind
//! (Kustomization today, HelmRelease next): every dependency must be Ready at its current
//! generation, or satisfy its `readyExpr` (CEL over `self` and `dep`), and pass the kind's own
//! check (e.g. "applied the same source revision"). A cycle is reported with the cycle spelled
//! out; Flux waits forever and never says why.

use kube::api::Api;
use kube::ResourceExt;

use crate::api::meta::{condition, DependencyReference, ObjectStatus, Reconcilable};

/// Why the dependencies do not allow a run, by what happens next.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A dependency is missing or not ready: check again later.
    #[error("dependency '{id}' {why}")]
    NotReady {
        /// `namespace/name`.
        id: String,
        /// What is missing.
        why: String,
    },
    /// The dependencies form a cycle: the user must change a spec.
    #[error("dependency cycle: {}", .0.join(" -> "))]
    Cycle(Vec<String>),
    /// A `readyExpr` does not compile: the user must change the spec.
    #[error("dependency '{id}' readyExpr: {message}")]
    BadExpression {
        /// `namespace/name`.
        id: String,
        /// The compiler's message.
        message: String,
    },
    /// The dependency is in another namespace and `--no-cross-namespace-refs` is set.
    #[error("can't access dependency '{0}', cross-namespace references have been blocked")]
    CrossNamespace(String),
    /// Reading a dependency failed.
    #[error(transparent)]
    Api(#[from] kube::Error),
}

/// A kind that lists dependencies of its own kind.
pub trait HasDependencies: Reconcilable {
    /// `spec.dependsOn`.
    fn depends_on(&self) -> &[DependencyReference];
}

/// The `namespace/name` a dependency reference means for an object in `own_ns`.
fn dependency_id(own_ns: &str, d: &DependencyReference) -> String {
    format!(
        "{}/{}",
        d.namespace
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| own_ns.to_string()),
        d.name
    )
}

/// Checks every dependency of `obj`. `up_to_date(dep)` is the kind's extra rule after the
/// built-in readiness check (return why it is not up to date, or `None`); it is skipped when
/// the dependency has a `readyExpr`, which replaces the built-in check.
pub async fn check<K: HasDependencies>(
    client: &kube::Client,
    obj: &K,
    no_cross_namespace_refs: bool,
    up_to_date: impl Fn(&K) -> Option<String>,
) -> Result<(), Error> {
    if obj.depends_on().is_empty() {
        return Ok(());
    }
    let own_ns = obj.namespace().unwrap_or_default();
    let me = format!("{own_ns}/{}", obj.name_any());
    if let Some(cycle) = find_cycle(client, &me, obj).await? {
        return Err(Error::Cycle(cycle));
    }
    for d in obj.depends_on() {
        let id = dependency_id(&own_ns, d);
        let (ns, name) = id.split_once('/').unwrap_or_default();
        if no_cross_namespace_refs && ns != own_ns {
            return Err(Error::CrossNamespace(id));
        }
        let not_ready = |why: String| Error::NotReady {
            id: id.clone(),
            why,
        };
        let Some(dep) = Api::<K>::namespaced(client.clone(), ns)
            .get_opt(name)
            .await?
        else {
            return Err(not_ready("not found".into()));
        };
        if let Some(src) = d.ready_expr.as_deref().filter(|e| !e.trim().is_empty()) {
            let expr = crate::health::cel::compile(src).map_err(|e| Error::BadExpression {
                id: id.clone(),
                message: e.to_string(),
            })?;
            let me = serde_json::to_value(obj).unwrap_or_default();
            let them = serde_json::to_value(&dep).unwrap_or_default();
            match expr.eval_bool(&[("self", &me), ("dep", &them)]) {
                Ok(true) => continue,
                Ok(false) => return Err(not_ready("is not ready (readyExpr is false)".into())),
                Err(e) => return Err(not_ready(format!("readyExpr: {e}"))),
            }
        }
        let status = dep.flux_status().cloned().unwrap_or_default();
        let ready = status
            .conditions()
            .iter()
            .any(|c| c.type_ == condition::READY && c.status == "True");
        if !ready || status.observed_generation() != dep.meta().generation {
            return Err(not_ready("is not ready".into()));
        }
        if let Some(why) = up_to_date(&dep) {
            return Err(not_ready(why));
        }
    }
    Ok(())
}

/// Follows `dependsOn` edges from `obj` (depth-first, at most 64 objects); returns the cycle
/// through `me` if there is one.
async fn find_cycle<K: HasDependencies>(
    client: &kube::Client,
    me: &str,
    obj: &K,
) -> Result<Option<Vec<String>>, Error> {
    let own_ns = obj.namespace().unwrap_or_default();
    let mut stack: Vec<(String, Vec<String>)> = obj
        .depends_on()
        .iter()
        .map(|d| {
            let id = dependency_id(&own_ns, d);
            (id.clone(), vec![me.to_string(), id])
        })
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    while let Some((id, path)) = stack.pop() {
        if id == me {
            return Ok(Some(path));
        }
        if !seen.insert(id.clone()) || seen.len() > 64 {
            continue;
        }
        let (ns, name) = id.split_once('/').unwrap_or(("", id.as_str()));
        let Ok(Some(k)) = Api::<K>::namespaced(client.clone(), ns).get_opt(name).await else {
            continue;
        };
        for d in k.depends_on() {
            let next = dependency_id(ns, d);
            let mut p = path.clone();
            p.push(next.clone());
            stack.push((next, p));
        }
    }
    Ok(None)
}
