//! The cluster layer every command and controller talks to Kubernetes through: client
//! construction from the global flags ([`client`]), the discovery cache (GVK -> API resource),
//! a dynamic API per GVK for untyped objects, server-side apply of one object, waiting for CRDs,
//! and the error helpers that turn API errors into one readable line.
//!
//! Knows nothing of Flux's kinds beyond what callers pass in. Every error names the object
//! (`Kind/namespace/name`) it is about.

pub mod client;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, DynamicObject, Patch, PatchParams};
use kube::core::GroupVersionKind;
use kube::discovery::{ApiCapabilities, ApiResource, Scope};
use kube::Client;
use serde_json::Value;

/// The field manager the CLI applies with (Flux's CLI uses `flux`).
pub const FIELD_MANAGER: &str = "flux";

/// Errors talking to the cluster.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An object in the manifest set is malformed.
    #[error("{0}: object has no apiVersion, kind or name")]
    Malformed(String),
    /// The API server does not serve a kind.
    #[error("{object}: the server does not serve {gvk}: {source}")]
    Discovery {
        /// The object.
        object: String,
        /// Group/version/kind.
        gvk: String,
        /// Why.
        #[source]
        source: kube::Error,
    },
    /// Applying an object failed.
    #[error("{object} apply failed: {message}")]
    Apply {
        /// The object.
        object: String,
        /// The API server's message.
        message: String,
    },
    /// A generic API call failed.
    #[error("{what}: {message}")]
    Api {
        /// What was attempted.
        what: String,
        /// The API server's message.
        message: String,
    },
    /// Waiting ran out of time.
    #[error("timeout waiting for {0}")]
    Timeout(String),
}

/// Result alias for this module.
pub type Result<T> = std::result::Result<T, Error>;

/// Makes an API error readable: the server's message when there is one.
pub fn api_message(e: &kube::Error) -> String {
    error_text(e)
}

/// One line for a Kubernetes client error as a user should read it: what the API server said
/// for an API error; for a failed connection, the server and the innermost cause
/// (`cannot reach the Kubernetes API server at https://127.0.0.1:6443: connection refused`).
/// Never kube's debug text.
pub fn error_text(e: &kube::Error) -> String {
    match e {
        kube::Error::Api(s) if !s.message.is_empty() => s.message.clone(),
        kube::Error::Api(s) => format!("{} ({})", s.reason, s.code),
        kube::Error::HyperError(_) | kube::Error::Service(_) => {
            let cause = innermost_cause(e);
            match client::last_server() {
                Some(server) => {
                    format!("cannot reach the Kubernetes API server at {server}: {cause}")
                }
                None => format!("cannot reach the Kubernetes API server: {cause}"),
            }
        }
        other => strip_debug(&other.to_string()),
    }
}

/// The innermost error of a connection failure, worded as Go's net package words the common
/// ones (`connection refused`, `i/o timeout`).
fn innermost_cause(e: &kube::Error) -> String {
    let mut last: &(dyn std::error::Error + 'static) = e;
    let mut io = None;
    while let Some(next) = last.source() {
        if let Some(i) = next.downcast_ref::<std::io::Error>() {
            io = Some(i);
        }
        last = next;
    }
    if let Some(i) = io {
        match i.kind() {
            std::io::ErrorKind::ConnectionRefused => return "connection refused".into(),
            std::io::ErrorKind::TimedOut => return "i/o timeout".into(),
            std::io::ErrorKind::ConnectionReset => return "connection reset by peer".into(),
            _ => {}
        }
    }
    last.to_string()
}

/// Removes kube's debug rendering from a message that embedded a client error with `{}`:
/// `ApiError: MESSAGE: Reason (Status { … })` becomes `MESSAGE`.
pub fn strip_debug(text: &str) -> String {
    let Some(start) = text.find("ApiError: ") else {
        return text.to_string();
    };
    let rest = &text[start + "ApiError: ".len()..];
    let Some(open) = rest.find(" (Status {") else {
        return text.to_string();
    };
    // The end of the debug text: its parenthesis balanced.
    let mut depth = 0usize;
    let mut end = rest.len();
    for (i, ch) in rest[open + 1..].char_indices() {
        match ch {
            '(' | '{' => depth += 1,
            ')' | '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    end = open + 1 + i + 1;
                    break;
                }
            }
            _ => {}
        }
    }
    let mut message = &rest[..open];
    // `{message}: {reason}`: the reason is one CamelCase word.
    if let Some((m, reason)) = message.rsplit_once(": ") {
        if !reason.is_empty() && reason.chars().all(|c| c.is_ascii_alphanumeric()) {
            message = m;
        }
    }
    format!("{}{message}{}", &text[..start], strip_debug(&rest[end..]))
}

/// The data of a Secret (decoded) or a ConfigMap (`data`) by name, as bytes: what
/// `substituteFrom` and `valuesFrom` references read.
pub async fn config_data(
    client: &kube::Client,
    namespace: &str,
    secret: bool,
    name: &str,
) -> std::result::Result<std::collections::BTreeMap<String, Vec<u8>>, kube::Error> {
    use k8s_openapi::api::core::v1::{ConfigMap, Secret};
    Ok(if secret {
        Api::<Secret>::namespaced(client.clone(), namespace)
            .get(name)
            .await?
            .data
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| (k, v.0))
            .collect()
    } else {
        Api::<ConfigMap>::namespaced(client.clone(), namespace)
            .get(name)
            .await?
            .data
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| (k, v.into_bytes()))
            .collect()
    })
}

/// True when the error is a 404.
/// A label selector as the API server's `labelSelector` parameter, or apimachinery's
/// complaint about it.
pub fn selector_string(
    sel: &k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector,
) -> std::result::Result<String, String> {
    let mut parts: Vec<String> = sel
        .match_labels
        .iter()
        .flatten()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    for e in sel.match_expressions.iter().flatten() {
        let values = e.values.clone().unwrap_or_default();
        let part = match e.operator.as_str() {
            "In" | "NotIn" => {
                if values.is_empty() {
                    return Err(String::from(
                        "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
                    ));
                }
                let op = if e.operator == "In" { "in" } else { "notin" };
                format!("{} {op} ({})", e.key, values.join(","))
            }
            "Exists" | "DoesNotExist" => {
                if !values.is_empty() {
                    return Err(format!(
                        "values: Invalid value: {values:?}: values set must be empty for exists and does not exist"
                    ));
                }
                if e.operator == "Exists" {
                    e.key.clone()
                } else {
                    format!("!{}", e.key)
                }
            }
            other => return Err(format!("{other:?} is not a valid label selector operator")),
        };
        parts.push(part);
    }
    Ok(parts.join(","))
}

pub fn is_not_found(e: &kube::Error) -> bool {
    matches!(e, kube::Error::Api(s) if s.code == 404)
}

/// `Kind/namespace/name` (or `Kind/name`) for messages.
pub fn object_ref(obj: &Value) -> String {
    let kind = obj["kind"].as_str().unwrap_or("?");
    let name = obj["metadata"]["name"].as_str().unwrap_or("?");
    match obj["metadata"]["namespace"].as_str() {
        Some(ns) => format!("{kind}/{ns}/{name}"),
        None => format!("{kind}/{name}"),
    }
}

/// Discovered API resources by `apiVersion/kind`, shareable between [`Cluster`]s that talk to
/// the same API server (controllers keep one for their lifetime: discovery is then done once
/// per kind, not once per reconcile).
pub type DiscoveryCache =
    std::sync::Arc<std::sync::Mutex<HashMap<String, (ApiResource, ApiCapabilities)>>>;

/// A client with a discovery cache (clones share the cache).
#[derive(Clone)]
pub struct Cluster {
    /// The Kubernetes client.
    pub client: Client,
    cache: DiscoveryCache,
}

impl Cluster {
    /// Wraps a client with a fresh discovery cache.
    pub fn new(client: Client) -> Self {
        Cluster {
            client,
            cache: DiscoveryCache::default(),
        }
    }

    /// Wraps a client that shares `cache` with others for the same API server.
    pub fn with_cache(client: Client, cache: DiscoveryCache) -> Self {
        Cluster { client, cache }
    }

    /// Resolves the API resource of an apiVersion + kind.
    pub async fn resource(
        &mut self,
        api_version: &str,
        kind: &str,
        object: &str,
    ) -> Result<(ApiResource, ApiCapabilities)> {
        let key = format!("{api_version}/{kind}");
        if let Some(hit) = self.cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return Ok(hit);
        }
        let (group, version) = match api_version.split_once('/') {
            Some((g, v)) => (g, v),
            None => ("", api_version),
        };
        let gvk = GroupVersionKind::gvk(group, version, kind);
        let found = kube::discovery::pinned_kind(&self.client, &gvk)
            .await
            .map_err(|source| Error::Discovery {
                object: object.to_string(),
                gvk: key.clone(),
                source,
            })?;
        if let Ok(mut c) = self.cache.lock() {
            c.insert(key, found.clone());
        }
        Ok(found)
    }

    /// An untyped API handle for an object.
    pub async fn api_for(&mut self, obj: &Value) -> Result<Api<DynamicObject>> {
        let id = object_ref(obj);
        let (Some(api_version), Some(kind)) = (obj["apiVersion"].as_str(), obj["kind"].as_str())
        else {
            return Err(Error::Malformed(id));
        };
        let (ar, caps) = self.resource(api_version, kind, &id).await?;
        Ok(match (caps.scope, obj["metadata"]["namespace"].as_str()) {
            (Scope::Namespaced, Some(ns)) => Api::namespaced_with(self.client.clone(), ns, &ar),
            (Scope::Namespaced, None) => Api::default_namespaced_with(self.client.clone(), &ar),
            (Scope::Cluster, _) => Api::all_with(self.client.clone(), &ar),
        })
    }

    /// Server-side applies one object with the CLI's field manager, taking ownership of
    /// conflicting fields as Flux does.
    pub async fn apply(&mut self, obj: &Value) -> Result<()> {
        self.server_side_apply(obj, false).await
    }

    /// Dry-runs the apply of one object on the server (validation without changes).
    pub async fn apply_dry_run(&mut self, obj: &Value) -> Result<()> {
        self.server_side_apply(obj, true).await
    }

    async fn server_side_apply(&mut self, obj: &Value, dry_run: bool) -> Result<()> {
        let id = object_ref(obj);
        let name = obj["metadata"]["name"]
            .as_str()
            .ok_or_else(|| Error::Malformed(id.clone()))?
            .to_string();
        let api = self.api_for(obj).await?;
        let mut params = PatchParams::apply(FIELD_MANAGER).force();
        params.dry_run = dry_run;
        api.patch(&name, &params, &Patch::Apply(obj))
            .await
            .map_err(|e| Error::Apply {
                object: id,
                message: api_message(&e),
            })?;
        Ok(())
    }

    /// Waits until every named CRD reports `Established=True`.
    pub async fn wait_crds_established(&self, names: &[String], timeout: Duration) -> Result<()> {
        let api: Api<CustomResourceDefinition> = Api::all(self.client.clone());
        let deadline = Instant::now() + timeout;
        for name in names {
            loop {
                let crd = api.get_opt(name).await.map_err(|e| Error::Api {
                    what: format!("CustomResourceDefinition/{name}"),
                    message: api_message(&e),
                })?;
                if crd.as_ref().is_some_and(crd_established) {
                    break;
                }
                if Instant::now() >= deadline {
                    return Err(Error::Timeout(format!(
                        "CustomResourceDefinition/{name} to be established"
                    )));
                }
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
        }
        Ok(())
    }
}

/// Asks for a reconcile of a Flux object the way Flux's CLI does: a fresh
/// `reconcile.fluxcd.io/requestedAt` token (merge patch); returns the token, which the
/// controller copies to `status.lastHandledReconcileAt` once handled.
pub async fn request_reconcile(
    api: &Api<DynamicObject>,
    name: &str,
) -> std::result::Result<String, kube::Error> {
    let token = k8s_openapi::jiff::Timestamp::now().to_string();
    let patch = serde_json::json!({ "metadata": { "annotations": {
        crate::api::meta::annotation::RECONCILE_REQUESTED_AT: token } } });
    api.patch(name, &PatchParams::default(), &Patch::Merge(&patch))
        .await?;
    Ok(token)
}

/// The API resource of `apiVersion` + kind + plural, for dynamic access to a kind that is not
/// in the Flux kind registry (Flux kinds: [`crate::api::registry`]).
pub fn api_resource(api_version: &str, kind: &str, plural: &str) -> ApiResource {
    let (group, version) = api_version.split_once('/').unwrap_or(("", api_version));
    ApiResource {
        group: group.into(),
        version: version.into(),
        api_version: api_version.into(),
        kind: kind.into(),
        plural: plural.into(),
    }
}

/// True when the CRD's `Established` condition is `True`.
pub fn crd_established(crd: &CustomResourceDefinition) -> bool {
    crd.status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .is_some_and(|cs| {
            cs.iter()
                .any(|c| c.type_ == "Established" && c.status == "True")
        })
}
