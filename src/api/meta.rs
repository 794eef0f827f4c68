//! Types shared by every Flux API group (Flux's `fluxcd/pkg/apis/meta`, `acl` and `kustomize`).
//!
//! Owns the artifact record, object references, the `reconcile.fluxcd.io/requestedAt`
//! handshake helpers, and the constants for condition types, reasons and annotations. Nothing
//! here talks to a cluster; controllers and the CLI share these definitions.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use k8s_openapi::apimachinery::pkg::apis::meta::v1::Condition;

/// Condition types shared by every Flux kind (kstatus compatible).
pub mod condition {
    /// The object reached its desired state (or failed to).
    pub const READY: &str = "Ready";
    /// The controller is working on the object.
    pub const RECONCILING: &str = "Reconciling";
    /// The controller gave up until the object changes.
    pub const STALLED: &str = "Stalled";
    /// Kustomization: health of the applied objects.
    pub const HEALTHY: &str = "Healthy";
    /// Sources: the artifact in storage is the one for the current spec.
    pub const ARTIFACT_IN_STORAGE: &str = "ArtifactInStorage";
    /// Sources: a newer artifact is being produced.
    pub const ARTIFACT_OUTDATED: &str = "ArtifactOutdated";
    /// Sources: fetching the upstream content failed.
    pub const FETCH_FAILED: &str = "FetchFailed";
    /// Sources: building the artifact failed.
    pub const BUILD_FAILED: &str = "BuildFailed";
    /// Sources: writing to artifact storage failed.
    pub const STORAGE_OPERATION_FAILED: &str = "StorageOperationFailed";
    /// GitRepository: one of the includes is not available.
    pub const INCLUDE_UNAVAILABLE: &str = "IncludeUnavailable";
    /// Sources: the signature of the source was verified.
    pub const SOURCE_VERIFIED: &str = "SourceVerified";
    /// HelmRelease: the last release action succeeded.
    pub const RELEASED: &str = "Released";
    /// HelmRelease: the Helm tests passed.
    pub const TEST_SUCCESS: &str = "TestSuccess";
    /// HelmRelease: a remediation was performed.
    pub const REMEDIATED: &str = "Remediated";
    /// HelmRelease: the cluster state drifted from the release.
    pub const DRIFTED: &str = "Drifted";
}

/// Condition reasons shared by every Flux kind.
pub mod reason {
    /// Reconciliation finished successfully.
    pub const SUCCEEDED: &str = "Succeeded";
    /// Reconciliation failed.
    pub const FAILED: &str = "Failed";
    /// The controller is working on the object.
    pub const PROGRESSING: &str = "Progressing";
    /// The controller is retrying after a failure.
    pub const PROGRESSING_WITH_RETRY: &str = "ProgressingWithRetry";
    /// A dependency is not ready yet.
    pub const DEPENDENCY_NOT_READY: &str = "DependencyNotReady";
    /// The object is suspended.
    pub const SUSPENDED: &str = "Suspended";
    /// The object's spec is invalid; the user must act.
    pub const INVALID_PATH: &str = "InvalidPath";
    /// Reading the referenced artifact failed.
    pub const ARTIFACT_FAILED: &str = "ArtifactFailed";
    /// Building manifests failed.
    pub const BUILD_FAILED: &str = "BuildFailed";
    /// Health checks failed.
    pub const HEALTH_CHECK_FAILED: &str = "HealthCheckFailed";
    /// Health checks were cancelled by a new revision.
    pub const HEALTH_CHECK_CANCELED: &str = "HealthCheckCanceled";
    /// Pruning stale objects failed.
    pub const PRUNE_FAILED: &str = "PruneFailed";
    /// Kustomization applied successfully.
    pub const RECONCILIATION_SUCCEEDED: &str = "ReconciliationSucceeded";
    /// Kustomization failed to apply.
    pub const RECONCILIATION_FAILED: &str = "ReconciliationFailed";
    /// Authentication against an upstream failed.
    pub const AUTHENTICATION_FAILED: &str = "AuthenticationFailed";
    /// A source produced a new artifact.
    pub const NEW_ARTIFACT: &str = "NewArtifact";
    /// A source's artifact is unchanged.
    pub const ARTIFACT_UP_TO_DATE: &str = "ArtifactUpToDate";
    /// A Git operation failed.
    pub const GIT_OPERATION_FAILED: &str = "GitOperationFailed";
    /// A Git operation succeeded.
    pub const GIT_OPERATION_SUCCEEDED: &str = "GitOperationSucceeded";
    /// The source's new revision is being fetched.
    pub const NEW_REVISION: &str = "NewRevision";
    /// A cross-namespace reference was refused.
    pub const ACCESS_DENIED: &str = "AccessDenied";
    /// A referenced object does not exist or is invalid.
    pub const INVALID_REFERENCE: &str = "InvalidReference";
    /// Writing to artifact storage failed.
    pub const STORAGE_OPERATION_FAILED: &str = "StorageOperationFailed";
    /// The retries budget is spent (HelmRelease).
    pub const RETRIES_EXCEEDED: &str = "RetriesExceeded";
}

/// Annotations and labels Flux reads and writes.
pub mod annotation {
    /// Requests an immediate reconcile; any new value triggers one.
    pub const RECONCILE_REQUESTED_AT: &str = "reconcile.fluxcd.io/requestedAt";
    /// Forces a HelmRelease upgrade when equal to requestedAt.
    pub const RECONCILE_FORCE_AT: &str = "reconcile.fluxcd.io/forceAt";
    /// Resets HelmRelease failure counters when equal to requestedAt.
    pub const RECONCILE_RESET_AT: &str = "reconcile.fluxcd.io/resetAt";
    /// `disabled` stops the controller from reconciling an applied object.
    pub const RECONCILE: &str = "kustomize.toolkit.fluxcd.io/reconcile";
    /// Label on Secrets/ConfigMaps whose changes re-trigger dependents.
    pub const WATCH_LABEL: &str = "reconcile.fluxcd.io/watch";
    /// Finalizer every Flux controller puts on its objects.
    pub const FINALIZER: &str = "finalizers.fluxcd.io";
}

/// Reference to an object in the same namespace.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct LocalObjectReference {
    /// Name of the referent.
    pub name: String,
}

/// Reference to an object in any namespace (defaults to the referrer's).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct NamespacedObjectReference {
    /// Name of the referent.
    pub name: String,
    /// Namespace of the referent, when not specified it acts as LocalObjectReference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// Reference to an object of a given kind in any namespace.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NamespacedObjectKindReference {
    /// API version of the referent, if not specified the Kubernetes preferred version will be used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Kind of the referent.
    pub kind: String,
    /// Name of the referent.
    pub name: String,
    /// Namespace of the referent, when not specified it acts as LocalObjectReference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// Reference to another object that must be ready first (`dependsOn`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DependencyReference {
    /// Name of the referent.
    pub name: String,
    /// Namespace of the referent, defaults to the namespace of the object holding the reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// ReadyExpr is a CEL expression (with `self` and `dep`) that replaces the built-in readiness check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready_expr: Option<String>,
}

/// Reference to a key of a Secret in the same namespace.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SecretKeyReference {
    /// Name of the Secret.
    pub name: String,
    /// Key in the Secret, when not specified an implementation-specific default key is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// Where to find the kubeconfig of a remote cluster.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("x-kubernetes-validations" = [
    {
        "message": "exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be specified",
        "rule": "has(self.configMapRef) || has(self.secretRef)"
    },
    {
        "message": "exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be specified",
        "rule": "!has(self.configMapRef) || !has(self.secretRef)"
    }
]))]
pub struct KubeConfigReference {
    /// SecretRef holds the name of a secret that contains a key with the kubeconfig file as the
    /// value (key `value` or `value.yaml` when not set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_ref: Option<SecretKeyReference>,
    /// ConfigMapRef holds the name of a ConfigMap with the secret-less remote cluster settings
    /// (provider, cluster, address, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_map_ref: Option<LocalObjectReference>,
}

/// Reference to a ConfigMap or Secret key holding Helm values.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ValuesReference {
    /// Kind of the values referent.
    pub kind: ValuesKind,
    /// Name of the values referent, in the same namespace as the referring resource.
    #[schemars(length(min = 1, max = 253))]
    pub name: String,
    /// ValuesKey is the data key where the values.yaml or a specific value can be found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 253), regex(pattern = r"^[\-._a-zA-Z0-9]+$"))]
    pub values_key: Option<String>,
    /// TargetPath is the YAML dot notation path the value should be merged at (Helm --set syntax).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        length(max = 250),
        regex(pattern = r"^([a-zA-Z0-9_\-.\\\/]|\[[0-9]{1,5}\])+$")
    )]
    pub target_path: Option<String>,
    /// Optional marks this reference as optional: a missing referent is not an error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optional: Option<bool>,
    /// Literal marks the value at TargetPath as a literal string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub literal: Option<bool>,
}

/// Kinds a values reference can point at.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ValuesKind {
    /// A Secret.
    #[default]
    Secret,
    /// A ConfigMap.
    ConfigMap,
}

/// The result of a source reconciliation: a tarball in storage served over HTTP.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Artifact {
    /// Path is the relative file path of the Artifact: `<kind>/<namespace>/<name>/<file>`.
    pub path: String,
    /// URL is the HTTP address of the Artifact as exposed by the controller managing the Source.
    pub url: String,
    /// Revision is a human-readable identifier traceable in the origin source system,
    /// e.g. `main@sha1:<hex>`.
    pub revision: String,
    /// Digest is the digest of the file in the form of `<algorithm>:<checksum>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(
        required,
        regex(pattern = r"^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$")
    )]
    pub digest: Option<String>,
    /// LastUpdateTime is the timestamp corresponding to the last update of the Artifact.
    pub last_update_time: Time,
    /// Size is the number of bytes in the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<i64>,
    /// Metadata holds upstream information such as OCI annotations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<BTreeMap<String, String>>,
}

/// Access control list for cross-namespace references (provisional in Flux).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AccessFrom {
    /// NamespaceSelectors is the list of namespace selectors to which this ACL applies.
    pub namespace_selectors: Vec<NamespaceSelector>,
}

/// Selects namespaces by label.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NamespaceSelector {
    /// MatchLabels is a map of {key,value} pairs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_labels: Option<BTreeMap<String, String>>,
}

/// A kustomize patch with an optional target selector (Flux's `kustomize.Patch`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Patch {
    /// Patch contains an inline StrategicMerge patch or an inline JSON6902 patch.
    pub patch: String,
    /// Target points to the resources that the patch document should be applied to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Selector>,
}

/// Selects resources by GVK, name, namespace, labels and annotations (regular expressions).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Selector {
    /// Group is the API group to select resources from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Version of the API Group to select resources from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Kind of the API Group to select resources from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Namespace to select resources from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Name to match resources with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// AnnotationSelector is a string that follows the label selection expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotation_selector: Option<String>,
    /// LabelSelector is a string that follows the label selection expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_selector: Option<String>,
}

/// An image name/tag/digest override (Flux's `kustomize.Image`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Image {
    /// Name is a tag-less image name.
    pub name: String,
    /// NewName is the value used to replace the original name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_name: Option<String>,
    /// NewTag is the value used to replace the original tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_tag: Option<String>,
    /// Digest is the value used to replace the original image tag; takes precedence over NewTag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
}

/// A CEL health check for custom resources (Flux's `kustomize.CustomHealthCheck`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CustomHealthCheck {
    /// APIVersion of the custom resource under evaluation.
    pub api_version: String,
    /// Kind of the custom resource under evaluation (optional, as in Flux).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// Current is the CEL expression that determines if the status of the custom resource has
    /// reached the desired state.
    pub current: String,
    /// InProgress is the CEL expression that determines if the status is not yet ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_progress: Option<String>,
    /// Failed is the CEL expression that determines if the status has failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed: Option<String>,
}

/// Common labels and annotations applied to every generated object.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CommonMetadata {
    /// Annotations to be added to the object's metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, String>>,
    /// Labels to be added to the object's metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<BTreeMap<String, String>>,
}

/// True when `s` is a DNS-1123 label (namespace and most object names).
pub fn is_dns1123_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// True when `s` is a DNS-1123 subdomain (dot-separated labels, at most 253 characters).
pub fn is_dns1123_subdomain(s: &str) -> bool {
    !s.is_empty() && s.len() <= 253 && s.split('.').all(is_dns1123_label)
}

/// Returns the value of the `reconcile.fluxcd.io/requestedAt` annotation, if any.
pub fn requested_at(annotations: Option<&BTreeMap<String, String>>) -> Option<&str> {
    annotations?
        .get(annotation::RECONCILE_REQUESTED_AT)
        .map(String::as_str)
}

/// True when the object carries a reconcile request that status has not handled yet.
pub fn reconcile_requested(
    annotations: Option<&BTreeMap<String, String>>,
    last_handled: Option<&str>,
) -> bool {
    match requested_at(annotations) {
        Some(token) => Some(token) != last_handled,
        None => false,
    }
}

/// Finds a condition by type.
pub fn find_condition<'a>(conditions: &'a [Condition], type_: &str) -> Option<&'a Condition> {
    conditions.iter().find(|c| c.type_ == type_)
}

/// True when the `Ready` condition is `True`.
pub fn is_ready(conditions: &[Condition]) -> bool {
    find_condition(conditions, condition::READY).is_some_and(|c| c.status == "True")
}

/// What the shared reconciler runtime reads and writes in a kind's status: conditions,
/// `observedGeneration` and `lastHandledReconcileAt`.
pub trait ObjectStatus:
    Serialize
    + serde::de::DeserializeOwned
    + Clone
    + Default
    + PartialEq
    + std::fmt::Debug
    + Send
    + Sync
    + 'static
{
    /// The conditions.
    fn conditions(&self) -> &[Condition];
    /// The conditions, to change.
    fn conditions_mut(&mut self) -> &mut Vec<Condition>;
    /// The generation the status describes.
    fn observed_generation(&self) -> Option<i64>;
    /// Records the generation the status describes.
    fn set_observed_generation(&mut self, generation: Option<i64>);
    /// Records the handled `reconcile.fluxcd.io/requestedAt` token.
    fn set_last_handled_reconcile_at(&mut self, token: String);
}

/// What the shared reconciler runtime needs of a reconciled kind beyond `kube::Resource`.
pub trait Reconcilable:
    kube::Resource<DynamicType = (), Scope = k8s_openapi::NamespaceResourceScope>
    + Clone
    + std::fmt::Debug
    + Serialize
    + serde::de::DeserializeOwned
    + Send
    + Sync
    + 'static
{
    /// The kind's status type.
    type Status: ObjectStatus;
    /// The current status, if any.
    fn flux_status(&self) -> Option<&Self::Status>;
    /// `spec.suspend`.
    fn suspended(&self) -> bool;
    /// How often a Ready object is reconciled again (`spec.interval`, or the kind's default).
    fn interval(&self) -> std::time::Duration;
}

/// Implements [`Reconcilable`] for a kind with `spec.suspend` and `status`, and
/// [`ObjectStatus`] for its status; `$interval` computes the interval from the object.
#[macro_export]
macro_rules! impl_reconcilable {
    ($kind:ty, $status:ty, $interval:expr) => {
        $crate::impl_object_status!($status);

        impl $crate::api::meta::Reconcilable for $kind {
            type Status = $status;
            fn flux_status(&self) -> Option<&$status> {
                self.status.as_ref()
            }
            fn suspended(&self) -> bool {
                self.spec.suspend
            }
            fn interval(&self) -> std::time::Duration {
                let interval: fn(&$kind) -> std::time::Duration = $interval;
                interval(self)
            }
        }
    };
}

/// Implements [`ObjectStatus`] for a status type with the usual Flux fields.
#[macro_export]
macro_rules! impl_object_status {
    ($($status:ty),+ $(,)?) => {$(
        impl $crate::api::meta::ObjectStatus for $status {
            fn conditions(&self) -> &[$crate::api::meta::Condition] {
                &self.conditions
            }
            fn conditions_mut(&mut self) -> &mut Vec<$crate::api::meta::Condition> {
                &mut self.conditions
            }
            fn observed_generation(&self) -> Option<i64> {
                self.observed_generation
            }
            fn set_observed_generation(&mut self, generation: Option<i64>) {
                self.observed_generation = generation;
            }
            fn set_last_handled_reconcile_at(&mut self, token: String) {
                self.last_handled_reconcile_at = Some(token);
            }
        }
    )+};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reconcile_request_is_pending_only_when_token_differs() {
        let mut ann = BTreeMap::new();
        assert!(!reconcile_requested(Some(&ann), None));
        ann.insert(annotation::RECONCILE_REQUESTED_AT.to_string(), "t1".into());
        assert!(reconcile_requested(Some(&ann), None));
        assert!(reconcile_requested(Some(&ann), Some("t0")));
        assert!(!reconcile_requested(Some(&ann), Some("t1")));
    }
}
