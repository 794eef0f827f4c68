//! Sources as one abstraction: every source kind (GitRepository, OCIRepository, Bucket,
//! HelmRepository, HelmChart, ExternalArtifact) exposes its artifact through [`Source`], and a
//! consumer (kustomize-controller today, helm-controller next) resolves a `sourceRef` to the
//! artifact it should fetch through [`resolve`], whatever the kind.
//!
//! Owns the reference rules consumers share: the default namespace of a reference, the
//! `--no-cross-namespace-refs` rule, and "which consumers does this source's new artifact
//! concern" for watches. Fetching the artifact itself is [`crate::artifact::fetch`]'s.

use std::fmt::Debug;

use kube::api::{Api, DynamicObject};
use kube::{Resource, ResourceExt};
use serde::de::DeserializeOwned;

use crate::api::meta::Artifact;
use crate::api::source::{
    Bucket, ExternalArtifact, GitRepository, HelmChart, HelmRepository, OCIRepository,
};

/// Errors resolving a source reference, by what happens next.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The reference points to another namespace and `--no-cross-namespace-refs` is set.
    #[error(
        "can't access '{kind}/{namespace}/{name}', cross-namespace references have been blocked"
    )]
    CrossNamespace {
        /// Kind.
        kind: String,
        /// Namespace.
        namespace: String,
        /// Name.
        name: String,
    },
    /// The kind is not a Flux source kind.
    #[error("unsupported source kind '{0}'")]
    UnknownKind(String),
    /// The source does not exist (yet).
    #[error("Source '{kind}/{namespace}/{name}' not found")]
    NotFound {
        /// Kind.
        kind: String,
        /// Namespace.
        namespace: String,
        /// Name.
        name: String,
    },
    /// The source exists but has no artifact yet.
    #[error("Source artifact not found")]
    NoArtifact,
    /// Reading the source failed.
    #[error("reading source '{what}': {message}")]
    Api {
        /// `Kind/namespace/name`.
        what: String,
        /// The API server's message.
        message: String,
    },
}

/// Result alias for this module.
pub type Result<T> = std::result::Result<T, Error>;

/// A source kind: an object that produces an artifact.
pub trait Source:
    Resource<DynamicType = (), Scope = k8s_openapi::NamespaceResourceScope>
    + Clone
    + DeserializeOwned
    + Debug
    + Send
    + Sync
    + 'static
{
    /// The artifact in the status, if any.
    fn artifact(&self) -> Option<&Artifact>;
}

macro_rules! source_kinds {
    ($($kind:ty),+ $(,)?) => {$(
        impl Source for $kind {
            fn artifact(&self) -> Option<&Artifact> {
                self.status.as_ref().and_then(|s| s.artifact.as_ref())
            }
        }
    )+};
}

source_kinds!(
    GitRepository,
    OCIRepository,
    Bucket,
    HelmRepository,
    HelmChart,
    ExternalArtifact
);

/// A reference from a consumer to a source: kind, name, optional namespace and apiVersion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRef {
    /// Kind, e.g. `GitRepository`.
    pub kind: String,
    /// Name.
    pub name: String,
    /// Namespace (default: the consumer's).
    pub namespace: Option<String>,
    /// apiVersion when the reference names one.
    pub api_version: Option<String>,
}

impl SourceRef {
    /// The namespace the reference resolves to for a consumer in `consumer_ns`.
    pub fn namespace_for(&self, consumer_ns: &str) -> String {
        self.namespace
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| consumer_ns.to_string())
    }

    /// True when the reference names the source `kind`/`ns`/`name` for a consumer in
    /// `consumer_ns`.
    pub fn points_to(&self, consumer_ns: &str, kind: &str, ns: &str, name: &str) -> bool {
        self.kind == kind && self.name == name && self.namespace_for(consumer_ns) == ns
    }
}

/// What a consumer fetches: the source's artifact and who it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    /// `Kind/namespace/name` of the source.
    pub id: String,
    /// The artifact to fetch.
    pub artifact: Artifact,
}

/// The watch caches of source kinds a controller already watches (to run consumers on new
/// artifacts): a consumer reads its source from here before asking the API server, as
/// controller-runtime's cached client does for Flux. Lookups give the source's artifact, or
/// the whole object as JSON.
#[derive(Default)]
pub struct Cache {
    lookups: std::sync::RwLock<std::collections::HashMap<String, Lookup>>,
}

/// A lookup by namespace and name.
type By<T> = Box<dyn Fn(&str, &str) -> Option<T> + Send + Sync>;

/// One kind's lookups: the artifact (no copy of the object), and the object as JSON.
struct Lookup {
    artifact: By<Artifact>,
    json: By<serde_json::Value>,
}

impl Cache {
    /// Serves `S` from `store`.
    pub fn add<S: Source + serde::Serialize>(&self, store: kube::runtime::reflector::Store<S>) {
        let key = |ns: &str, name: &str| kube::runtime::reflector::ObjectRef::new(name).within(ns);
        let objects = store.clone();
        let lookup = Lookup {
            artifact: Box::new(move |ns, name| {
                store
                    .get(&key(ns, name))
                    .and_then(|o| o.artifact().cloned())
            }),
            json: Box::new(move |ns, name| {
                objects
                    .get(&key(ns, name))
                    .and_then(|o| serde_json::to_value(o.as_ref()).ok())
            }),
        };
        self.lookups
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(S::kind(&()).to_string(), lookup);
    }

    /// The artifact of the cached `kind` object `ns/name`, if this cache serves the kind and
    /// holds it with one.
    pub fn artifact(&self, kind: &str, ns: &str, name: &str) -> Option<Artifact> {
        let lookups = self.lookups.read().unwrap_or_else(|p| p.into_inner());
        lookups.get(kind).and_then(|l| (l.artifact)(ns, name))
    }

    /// The cached `kind` object `ns/name` as JSON, if this cache serves the kind and holds it.
    pub fn get(&self, kind: &str, ns: &str, name: &str) -> Option<serde_json::Value> {
        let lookups = self.lookups.read().unwrap_or_else(|p| p.into_inner());
        lookups.get(kind).and_then(|l| (l.json)(ns, name))
    }
}

/// A source object's artifact, when it has a usable one.
fn artifact_of(source: &serde_json::Value) -> Option<Artifact> {
    source
        .get("status")
        .and_then(|s| s.get("artifact"))
        .and_then(|a| serde_json::from_value(a.clone()).ok())
        .filter(usable)
}

/// An artifact a consumer can fetch: it has a URL and a revision.
fn usable(a: &Artifact) -> bool {
    !a.url.is_empty() && !a.revision.is_empty()
}

/// [`resolve`], reading the source from `cache` when it holds it with an artifact (the API
/// server is asked otherwise: the cache may not have seen a new source yet).
pub async fn resolve_cached(
    cache: &Cache,
    client: &kube::Client,
    consumer_ns: &str,
    r: &SourceRef,
    no_cross_namespace_refs: bool,
) -> Result<Resolved> {
    let ns = r.namespace_for(consumer_ns);
    let allowed = !no_cross_namespace_refs || ns == consumer_ns;
    if allowed && r.api_version.is_none() {
        if let Some(artifact) = cache.artifact(&r.kind, &ns, &r.name).filter(usable) {
            return Ok(Resolved {
                id: format!("{}/{ns}/{}", r.kind, r.name),
                artifact,
            });
        }
    }
    resolve(client, consumer_ns, r, no_cross_namespace_refs).await
}

/// Resolves a consumer's source reference to the artifact it should fetch. Cross-namespace
/// references are refused when `no_cross_namespace_refs` is set.
pub async fn resolve(
    client: &kube::Client,
    consumer_ns: &str,
    r: &SourceRef,
    no_cross_namespace_refs: bool,
) -> Result<Resolved> {
    let ns = r.namespace_for(consumer_ns);
    if no_cross_namespace_refs && ns != consumer_ns {
        return Err(Error::CrossNamespace {
            kind: r.kind.clone(),
            namespace: ns,
            name: r.name.clone(),
        });
    }
    let kind = crate::api::registry::by_kind(&r.kind)
        .filter(|k| k.categories.iter().any(|c| c == "fluxcd-sources"))
        .ok_or_else(|| Error::UnknownKind(r.kind.clone()))?;
    let mut ar = kind.api_resource();
    if let Some(av) = r.api_version.as_deref().filter(|v| v.contains('/')) {
        ar = crate::cluster::api_resource(av, &kind.kind, &kind.plural);
    }
    let api: Api<DynamicObject> = Api::namespaced_with(client.clone(), &ns, &ar);
    let id = format!("{}/{ns}/{}", r.kind, r.name);
    let source = match api.get_opt(&r.name).await {
        Ok(Some(s)) => s,
        Ok(None) => {
            return Err(Error::NotFound {
                kind: r.kind.clone(),
                namespace: ns,
                name: r.name.clone(),
            })
        }
        Err(e) => {
            return Err(Error::Api {
                what: id,
                message: crate::cluster::api_message(&e),
            })
        }
    };
    match artifact_of(&source.data) {
        Some(artifact) => Ok(Resolved { id, artifact }),
        None => Err(Error::NoArtifact),
    }
}

/// The consumers (of type `C`, from a watch cache) whose reference points at `source` and
/// that have not tried its current artifact revision yet: a new artifact, not a status
/// update of the same one, is worth a run.
pub fn consumers_of<S: Source, C: Resource<DynamicType = ()>>(
    source: &S,
    consumers: impl IntoIterator<Item = std::sync::Arc<C>>,
    reference: impl Fn(&C) -> SourceRef,
    last_attempted: impl Fn(&C) -> Option<String>,
) -> Vec<kube::runtime::reflector::ObjectRef<C>> {
    let Some(revision) = source.artifact().map(|a| a.revision.clone()) else {
        return Vec::new();
    };
    let kind = S::kind(&());
    let ns = source.namespace().unwrap_or_default();
    let name = source.name_any();
    consumers
        .into_iter()
        .filter(|c| {
            let consumer_ns = c.meta().namespace.clone().unwrap_or_default();
            reference(c).points_to(&consumer_ns, &kind, &ns, &name)
                && last_attempted(c).as_deref() != Some(revision.as_str())
        })
        .map(|c| kube::runtime::reflector::ObjectRef::from_obj(c.as_ref()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::kustomize::Kustomization;
    use std::sync::Arc;

    fn ks(
        name: &str,
        kind: &str,
        src: &str,
        ns: Option<&str>,
        attempted: Option<&str>,
    ) -> Arc<Kustomization> {
        let mut spec = serde_json::json!({"interval": "1m", "prune": false,
            "sourceRef": {"kind": kind, "name": src}});
        if let Some(ns) = ns {
            spec["sourceRef"]["namespace"] = serde_json::json!(ns);
        }
        let mut k: Kustomization = serde_json::from_value(serde_json::json!({
            "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
            "metadata": {"name": name, "namespace": "apps"}, "spec": spec,
        }))
        .unwrap();
        if let Some(a) = attempted {
            k.status = Some(crate::api::kustomize::KustomizationStatus {
                last_attempted_revision: Some(a.into()),
                ..Default::default()
            });
        }
        Arc::new(k)
    }

    #[test]
    fn a_new_artifact_concerns_the_consumers_that_reference_it_and_have_not_tried_it() {
        let oci: OCIRepository = serde_json::from_value(serde_json::json!({
            "apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "OCIRepository",
            "metadata": {"name": "app", "namespace": "apps"},
            "spec": {"interval": "1m", "url": "oci://r/app"},
            "status": {"artifact": {"path": "p", "url": "http://x/p", "revision": "v1@sha256:ab",
                "lastUpdateTime": "2026-01-01T00:00:00Z"}},
        }))
        .unwrap();
        let all = vec![
            ks("wants", "OCIRepository", "app", None, None),
            ks("done", "OCIRepository", "app", None, Some("v1@sha256:ab")),
            ks("git", "GitRepository", "app", None, None),
            ks("other-ns", "OCIRepository", "app", Some("elsewhere"), None),
            ks(
                "same-ns-explicit",
                "OCIRepository",
                "app",
                Some("apps"),
                Some("v0"),
            ),
        ];
        let reference = |k: &Kustomization| SourceRef {
            kind: k.spec.source_ref.kind.as_str().to_string(),
            name: k.spec.source_ref.name.clone(),
            namespace: k.spec.source_ref.namespace.clone(),
            api_version: None,
        };
        let last = |k: &Kustomization| {
            k.status
                .as_ref()
                .and_then(|s| s.last_attempted_revision.clone())
        };
        let names: Vec<String> = consumers_of(&oci, all, reference, last)
            .into_iter()
            .map(|r| r.name)
            .collect();
        assert_eq!(names, vec!["wants", "same-ns-explicit"]);
    }

    #[test]
    fn references_default_to_the_consumer_namespace() {
        let r = SourceRef {
            kind: "Bucket".into(),
            name: "b".into(),
            namespace: None,
            api_version: None,
        };
        assert_eq!(r.namespace_for("apps"), "apps");
        assert!(r.points_to("apps", "Bucket", "apps", "b"));
        assert!(!r.points_to("apps", "Bucket", "other", "b"));
    }
}
