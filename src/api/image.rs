//! `image.toolkit.fluxcd.io/v1`: ImageRepository, ImagePolicy and ImageUpdateAutomation.
//!
//! Owns the image automation kinds' spec and status shapes as Flux 2.9 serves them. Scanning,
//! policy evaluation and Git updates live in `controllers::image`; this module only describes
//! data.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, Time};
use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::duration::Duration;
use super::meta::{AccessFrom, Condition, LocalObjectReference, NamespacedObjectReference};
use super::source::{CloudProvider, GitRepositoryRef};

/// The API group of the image kinds.
pub const GROUP: &str = "image.toolkit.fluxcd.io";
/// The served (and stored) version.
pub const VERSION: &str = "v1";

/// A label selector with the atomic list and map markers `metav1.LabelSelector` carries in
/// controller-gen's output.
fn atomic_label_selector(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let mut v = serde_json::Value::from(<LabelSelector as JsonSchema>::json_schema(g));
    v["x-kubernetes-map-type"] = "atomic".into();
    if let Some(exprs) = v.pointer_mut("/properties/matchExpressions") {
        exprs["x-kubernetes-list-type"] = "atomic".into();
        if let Some(values) = exprs.pointer_mut("/items/properties/values") {
            values["x-kubernetes-list-type"] = "atomic".into();
        }
    }
    schemars::Schema::try_from(v).unwrap_or_default()
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn default_exclusion_list() -> serde_json::Value {
    serde_json::json!(["^.*\\.sig$"])
}

// ---------------------------------------------------------------------------------------------
// ImageRepository

/// ImageRepositorySpec defines the parameters for scanning an image repository.
#[derive(CustomResource, Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "image.toolkit.fluxcd.io",
    version = "v1",
    kind = "ImageRepository",
    category = "all",
    category = "fluxcd",
    category = "fluxcd-images",
    plural = "imagerepositories",
    shortname = "imgrepo",
    shortname = "imagerepo",
    namespaced,
    status = "ImageRepositoryStatus",
    printcolumn = r#"{"name":"Image","type":"string","jsonPath":".spec.image"}"#,
    printcolumn = r#"{"name":"Tags","type":"string","jsonPath":".status.lastScanResult.tagCount"}"#,
    printcolumn = r#"{"name":"Ready","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].status"}"#,
    printcolumn = r#"{"name":"Status","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].message"}"#,
    printcolumn = r#"{"name":"Last scan","type":"string","priority":1,"jsonPath":".status.lastScanResult.scanTime"}"#,
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#
)]
#[serde(rename_all = "camelCase")]
pub struct ImageRepositorySpec {
    /// Image is the name of the image repository.
    pub image: String,
    /// Interval is the length of time to wait between scans of the image repository.
    #[schemars(regex(pattern = r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$"))]
    pub interval: Duration,
    /// Timeout for image scanning. Defaults to 'Interval' duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^([0-9]+(\.[0-9]+)?(ms|s|m))+$"))]
    pub timeout: Option<Duration>,
    /// SecretRef can be given the name of a secret containing credentials to use for the image
    /// registry (type kubernetes.io/dockerconfigjson).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_ref: Option<LocalObjectReference>,
    /// ProxySecretRef specifies the Secret containing the proxy configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_secret_ref: Option<LocalObjectReference>,
    /// ServiceAccountName is the name of the Kubernetes ServiceAccount used to authenticate the
    /// image pull if the service account has attached pull secrets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 253))]
    pub service_account_name: Option<String>,
    /// CertSecretRef names a Secret with `tls.crt`/`tls.key` and/or `ca.crt`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert_secret_ref: Option<LocalObjectReference>,
    /// This flag tells the controller to suspend subsequent image scans.
    #[serde(default, skip_serializing_if = "is_false")]
    pub suspend: bool,
    /// AccessFrom defines an ACL for allowing cross-namespace references to the ImageRepository
    /// object based on the caller's namespace labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_from: Option<AccessFrom>,
    /// ExclusionList is a list of regex strings used to exclude certain tags from being stored
    /// in the database.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 25), extend("default" = default_exclusion_list()))]
    pub exclusion_list: Vec<String>,
    /// The provider used for authentication, can be 'aws', 'azure', 'gcp' or 'generic'.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = "generic"))]
    pub provider: Option<CloudProvider>,
    /// Insecure allows connecting to a non-TLS HTTP container registry.
    #[serde(default, skip_serializing_if = "is_false")]
    pub insecure: bool,
}

/// ScanResult contains information about the last scan of the image repository.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScanResult {
    /// Revision is a stable hash of the scanned tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
    /// TagCount is the number of tags found in the last scan.
    #[schemars(schema_with = "super::plain_integer")]
    pub tag_count: i64,
    /// ScanTime is the time when the last scan was performed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scan_time: Option<Time>,
    /// LatestTags is a small sample of the tags found in the last scan.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub latest_tags: Vec<String>,
}

/// ImageRepositoryStatus defines the observed state of ImageRepository.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImageRepositoryStatus {
    /// Conditions of the ImageRepository.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    /// ObservedGeneration is the last reconciled generation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    /// CanonicalName is the name of the image repository with all the implied bits made
    /// explicit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical_image_name: Option<String>,
    /// LastScanResult contains the number of fetched tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_scan_result: Option<ScanResult>,
    /// ObservedExclusionList is a list of observed exclusion list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub observed_exclusion_list: Vec<String>,
    /// LastHandledReconcileAt holds the value of the most recent reconcile request value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_handled_reconcile_at: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// ImagePolicy

/// ImagePolicySpec defines the parameters for calculating the ImagePolicy.
#[derive(CustomResource, Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "image.toolkit.fluxcd.io",
    version = "v1",
    kind = "ImagePolicy",
    category = "all",
    category = "fluxcd",
    category = "fluxcd-images",
    plural = "imagepolicies",
    shortname = "imgpol",
    shortname = "imagepol",
    namespaced,
    status = "ImagePolicyStatus",
    printcolumn = r#"{"name":"Image","type":"string","jsonPath":".status.latestRef.name"}"#,
    printcolumn = r#"{"name":"Tag","type":"string","jsonPath":".status.latestRef.tag"}"#,
    printcolumn = r#"{"name":"Ready","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].status"}"#,
    printcolumn = r#"{"name":"Status","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].message"}"#,
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#
)]
#[serde(rename_all = "camelCase")]
pub struct ImagePolicySpec {
    /// ImageRepositoryRef points at the object specifying the image being scanned.
    pub image_repository_ref: NamespacedObjectReference,
    /// Policy gives the particulars of the policy to be followed in selecting the most recent
    /// image.
    pub policy: ImagePolicyChoice,
    /// FilterTags enables filtering for only a subset of tags based on a set of rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter_tags: Option<TagFilter>,
    /// DigestReflectionPolicy governs the setting of the `.status.latestRef.digest` field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = "Never"))]
    pub digest_reflection_policy: Option<ReflectionPolicy>,
    /// Interval is the length of time to wait between refreshing the digest of the latest tag
    /// when DigestReflectionPolicy is set to "Always".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$"))]
    pub interval: Option<Duration>,
    /// This flag tells the controller to suspend subsequent policy reconciliations.
    #[serde(default, skip_serializing_if = "is_false")]
    pub suspend: bool,
}

/// When the digest of the latest tag is reflected into status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ReflectionPolicy {
    /// Always look the digest up.
    Always,
    /// Look the digest up when the tag changes.
    IfNotPresent,
    /// Never look the digest up.
    #[default]
    Never,
}

/// ImagePolicyChoice is a union of all the types of policy that can be supplied.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ImagePolicyChoice {
    /// SemVer gives a semantic version range to check against the tags available.
    #[serde(default, rename = "semver", skip_serializing_if = "Option::is_none")]
    pub semver: Option<SemVerPolicy>,
    /// Alphabetical set of rules to use for alphabetical ordering of the tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alphabetical: Option<OrderPolicy>,
    /// Numerical set of rules to use for numerical ordering of the tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numerical: Option<OrderPolicy>,
}

/// SemVerPolicy specifies a semantic version policy.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SemVerPolicy {
    /// Range gives a semver range for the image tag; the highest version within the range
    /// that's a tag yields the latest image.
    pub range: String,
}

/// Ordering rules for alphabetical and numerical policies.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OrderPolicy {
    /// Order specifies the sorting order of the tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = "asc"))]
    pub order: Option<SortOrder>,
}

/// Sort orders.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    /// Ascending: the last one wins.
    #[default]
    Asc,
    /// Descending: the first one wins.
    Desc,
}

/// TagFilter enables filtering tags based on a set of defined rules.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TagFilter {
    /// Pattern specifies a regular expression pattern used to filter for image tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Extract allows a capture group to be extracted from the specified regular expression
    /// pattern, useful before tag evaluation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extract: Option<String>,
}

/// ImageRef represents an image reference.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ImageRef {
    /// Name is the bare image's name.
    pub name: String,
    /// Tag is the image's tag.
    pub tag: String,
    /// Digest is the image's digest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
}

/// ImagePolicyStatus defines the observed state of ImagePolicy.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImagePolicyStatus {
    /// LatestRef gives the first in the list of images scanned by the image repository, when
    /// filtered and ordered according to the policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_ref: Option<ImageRef>,
    /// ObservedPreviousRef is the observed previous LatestRef.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_previous_ref: Option<ImageRef>,
    /// ObservedGeneration is the last reconciled generation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    /// Conditions of the ImagePolicy.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    /// LastHandledReconcileAt holds the value of the most recent reconcile request value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_handled_reconcile_at: Option<String>,
}

crate::impl_reconcilable!(ImageRepository, ImageRepositoryStatus, |o| o
    .spec
    .interval
    .std());

// Policies run again on their own only to reflect digests (`Always`, with `spec.interval`);
// otherwise a new scan of their repository runs them. Flux's default is ten minutes.
crate::impl_reconcilable!(ImagePolicy, ImagePolicyStatus, |o| o
    .spec
    .interval
    .map(|d| d.std())
    .unwrap_or(std::time::Duration::from_secs(600)));

// ---------------------------------------------------------------------------------------------
// ImageUpdateAutomation

/// ImageUpdateAutomationSpec defines the desired state of ImageUpdateAutomation.
#[derive(CustomResource, Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "image.toolkit.fluxcd.io",
    version = "v1",
    kind = "ImageUpdateAutomation",
    category = "all",
    category = "fluxcd",
    category = "fluxcd-images",
    plural = "imageupdateautomations",
    shortname = "iua",
    shortname = "imgupd",
    shortname = "imgauto",
    namespaced,
    status = "ImageUpdateAutomationStatus",
    printcolumn = r#"{"name":"Ready","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].status"}"#,
    printcolumn = r#"{"name":"Status","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].message"}"#,
    printcolumn = r#"{"name":"Last run","type":"string","priority":1,"jsonPath":".status.lastAutomationRunTime"}"#,
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#
)]
#[serde(rename_all = "camelCase")]
pub struct ImageUpdateAutomationSpec {
    /// SourceRef refers to the resource giving access details to a git repository.
    pub source_ref: CrossNamespaceSourceReference,
    /// GitSpec contains all the git-specific definitions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub git: Option<GitSpec>,
    /// Interval gives an lower bound for how often the automation run should be attempted.
    #[schemars(regex(pattern = r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$"))]
    pub interval: Duration,
    /// PolicySelector allows to filter applied policies based on labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "atomic_label_selector")]
    pub policy_selector: Option<LabelSelector>,
    /// Update gives the specification for how to update the files in the repository.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = serde_json::json!({"strategy": "Setters"})))]
    pub update: Option<UpdateStrategy>,
    /// Suspend tells the controller to not run this automation, until it is unset.
    #[serde(default, skip_serializing_if = "is_false")]
    pub suspend: bool,
}

/// CrossNamespaceSourceReference locates the Git source of an automation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CrossNamespaceSourceReference {
    /// API version of the referent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Kind of the referent.
    #[schemars(extend("default" = "GitRepository"))]
    pub kind: AutomationSourceKind,
    /// Name of the referent.
    pub name: String,
    /// Namespace of the referent, defaults to the namespace of the Kubernetes resource object
    /// that contains the reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// Kinds an automation can push to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum AutomationSourceKind {
    /// A Git repository.
    #[default]
    GitRepository,
}

/// GitSpec contains all the git-specific definitions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GitSpec {
    /// Checkout gives the parameters for cloning the git repository, ready to make changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkout: Option<GitCheckoutSpec>,
    /// Commit specifies how to commit to the git repository.
    pub commit: CommitSpec,
    /// Push specifies how and where to push commits made by the automation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub push: Option<PushSpec>,
}

/// GitCheckoutSpec specifies the Git reference to check out.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GitCheckoutSpec {
    /// Reference gives a branch, tag or commit to clone from the Git repository.
    #[serde(rename = "ref")]
    pub reference: GitRepositoryRef,
}

/// CommitSpec specifies how to commit changes to the git repository.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CommitSpec {
    /// Author gives the email and optionally the name to use as the author of commits.
    pub author: CommitUser,
    /// SigningKey provides the option to sign commits with a GPG key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing_key: Option<SigningKey>,
    /// MessageTemplate provides a template for the commit message, into which will be
    /// interpolated the details of the change made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_template: Option<String>,
    /// MessageTemplateValues provides additional values to be available to the templating
    /// rendering.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_template_values: Option<BTreeMap<String, String>>,
}

/// The commit author.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CommitUser {
    /// Name gives the name to provide when making a commit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Email gives the email to provide when making a commit.
    pub email: String,
}

/// SigningKey references a Kubernetes secret that contains a GPG keypair.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SigningKey {
    /// SecretRef holds the name to a secret that contains a 'git.asc' key corresponding to the
    /// ASCII Armored file containing the GPG signing keypair as the value.
    pub secret_ref: LocalObjectReference,
    /// Type selects the signing-key format expected in the Secret: `gpg` (the default when
    /// empty) or `ssh`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<SigningKeyType>,
}

/// Commit signing key formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SigningKeyType {
    /// An ASCII-armored OpenPGP key pair (`git.asc`).
    Gpg,
    /// An SSH private key.
    Ssh,
}

/// PushSpec specifies how and where to push commits.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PushSpec {
    /// Branch specifies that commits should be pushed to the branch named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    /// Refspec specifies the Git Refspec to use for a push operation (no force `+`, no
    /// leading `:`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^$|^[^+:]"))]
    pub refspec: Option<String>,
    /// Options specifies the push options that are sent to the Git server when performing a
    /// push operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<BTreeMap<String, String>>,
}

/// UpdateStrategy is a union of the various strategies for updating the Git repository.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct UpdateStrategy {
    /// Strategy names the strategy to be used.
    #[serde(default)]
    #[schemars(extend("default" = "Setters"))]
    pub strategy: UpdateStrategyName,
    /// Path to the directory containing the manifests to be updated. Defaults to 'None', which
    /// translates to the root path of the GitRepositoryRef.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// Update strategies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum UpdateStrategyName {
    /// Update fields marked with `$imagepolicy` setter comments.
    #[default]
    Setters,
}

/// ImageUpdateAutomationStatus defines the observed state of ImageUpdateAutomation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImageUpdateAutomationStatus {
    /// LastAutomationRunTime records the last time the controller ran this automation through
    /// to completion (even if no updates were made).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_automation_run_time: Option<Time>,
    /// LastPushCommit records the SHA1 of the last commit made by the controller, for this
    /// automation object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_push_commit: Option<String>,
    /// LastPushTime records the time of the last pushed change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_push_time: Option<Time>,
    /// ObservedGeneration is the last reconciled generation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    /// Conditions of the ImageUpdateAutomation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    /// ObservedPolicies is the list of observed ImagePolicies that were considered by the
    /// ImageUpdateAutomation update process.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_policies: Option<BTreeMap<String, ImageRef>>,
    /// ObservedSourceRevision is the last observed source revision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_source_revision: Option<String>,
    /// LastHandledReconcileAt holds the value of the most recent reconcile request value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_handled_reconcile_at: Option<String>,
}

crate::impl_reconcilable!(ImageUpdateAutomation, ImageUpdateAutomationStatus, |o| o
    .spec
    .interval
    .std());
