//! `helm.toolkit.fluxcd.io/v2`: the HelmRelease kind.
//!
//! Owns the HelmRelease spec (chart template or chartRef, install/upgrade/test/rollback/
//! uninstall settings, values, post-renderers, drift detection) and status (history snapshots,
//! failure counters, handled request tokens) as Flux 2.9 serves them. Behaviour lives in
//! `controllers::helm`; this module only describes data.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::duration::Duration;
use super::kustomize::ResourceInventory;
use super::meta::{
    CommonMetadata, Condition, CustomHealthCheck, DependencyReference, Image, KubeConfigReference,
    LocalObjectReference, Patch, Selector, ValuesReference,
};
use super::source::{ReconcileStrategy, VerificationProvider};

/// The API group of the HelmRelease kind.
pub const GROUP: &str = "helm.toolkit.fluxcd.io";
/// The served (and stored) version.
pub const VERSION: &str = "v2";
/// The field manager helm-controller applies with.
pub const FIELD_MANAGER: &str = "helm-controller";

fn is_false(b: &bool) -> bool {
    !*b
}

/// Schema for free-form JSON (`apiextensionsv1.JSON`): any value is preserved.
pub(crate) fn any_json(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "x-kubernetes-preserve-unknown-fields": true })
}

/// HelmReleaseSpec defines the desired state of a Helm release.
#[derive(CustomResource, Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "helm.toolkit.fluxcd.io",
    version = "v2",
    kind = "HelmRelease",
    category = "all",
    category = "fluxcd",
    category = "fluxcd-appliers",
    plural = "helmreleases",
    shortname = "hr",
    namespaced,
    status = "HelmReleaseStatus",
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#,
    printcolumn = r#"{"name":"Ready","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].status"}"#,
    printcolumn = r#"{"name":"Status","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].message"}"#
)]
#[serde(rename_all = "camelCase")]
pub struct HelmReleaseSpec {
    /// Chart defines the template of the v1.HelmChart that should be created for this
    /// HelmRelease.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chart: Option<HelmChartTemplate>,
    /// ChartRef holds a reference to a source controller resource containing the Helm chart
    /// artifact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chart_ref: Option<CrossNamespaceSourceReference>,
    /// Interval at which to reconcile the Helm release.
    #[schemars(regex(pattern = r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$"))]
    pub interval: Duration,
    /// KubeConfig for reconciling the HelmRelease on a remote cluster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kube_config: Option<KubeConfigReference>,
    /// Suspend tells the controller to suspend reconciliation for this HelmRelease.
    #[serde(default, skip_serializing_if = "is_false")]
    pub suspend: bool,
    /// ReleaseName used for the Helm release. Defaults to a composition of
    /// '[TargetNamespace-]Name'.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 53))]
    pub release_name: Option<String>,
    /// TargetNamespace to target when performing operations for the HelmRelease.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 63))]
    pub target_namespace: Option<String>,
    /// StorageNamespace used for the Helm storage. Defaults to the namespace of the HelmRelease.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 63))]
    pub storage_namespace: Option<String>,
    /// DependsOn may contain a DependencyReference slice with references to HelmRelease
    /// resources that must be ready before this HelmRelease can be reconciled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<DependencyReference>,
    /// Timeout is the time to wait for any individual Kubernetes operation during the
    /// performance of a Helm action. Defaults to '5m0s'.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$"))]
    pub timeout: Option<Duration>,
    /// MaxHistory is the number of revisions saved by Helm for this HelmRelease. Defaults to 5;
    /// 0 means unlimited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "super::plain_integer")]
    pub max_history: Option<i32>,
    /// The name of the Kubernetes service account to impersonate when reconciling this
    /// HelmRelease.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 253))]
    pub service_account_name: Option<String>,
    /// PersistentClient tells the controller to use a persistent Kubernetes client for this
    /// release. Defaults to true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persistent_client: Option<bool>,
    /// DriftDetection holds the configuration for detecting and handling differences between
    /// the manifest in the Helm storage and the resources currently existing in the cluster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drift_detection: Option<DriftDetection>,
    /// Install holds the configuration for Helm install actions for this HelmRelease.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub install: Option<Install>,
    /// Upgrade holds the configuration for Helm upgrade actions for this HelmRelease.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upgrade: Option<Upgrade>,
    /// Test holds the configuration for Helm test actions for this HelmRelease.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test: Option<Test>,
    /// Rollback holds the configuration for Helm rollback actions for this HelmRelease.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollback: Option<Rollback>,
    /// Uninstall holds the configuration for Helm uninstall actions for this HelmRelease.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uninstall: Option<Uninstall>,
    /// ValuesFrom holds references to resources containing Helm values for this HelmRelease,
    /// and information about how they should be merged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values_from: Vec<ValuesReference>,
    /// Values holds the values for this Helm release.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "any_json")]
    pub values: Option<serde_json::Value>,
    /// PostRenderers holds an array of Helm PostRenderers, which will be applied in order of
    /// their definition.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub post_renderers: Vec<PostRenderer>,
    /// PostRenderStrategy decides whether post-renderers also apply to hooks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_render_strategy: Option<PostRenderStrategy>,
    /// CommonMetadata specifies the common labels and annotations that are applied to all
    /// resources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub common_metadata: Option<CommonMetadata>,
    /// WaitStrategy defines how the controller waits for released resources to be ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_strategy: Option<WaitStrategy>,
    /// HealthCheckExprs is a list of CEL health checks for custom resources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub health_check_exprs: Vec<CustomHealthCheck>,
}

/// HelmChartTemplate defines the template from which the controller will generate a HelmChart.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct HelmChartTemplate {
    /// ObjectMeta holds the template for metadata like labels and annotations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<CommonMetadata>,
    /// Spec holds the template for the HelmChartSpec for this HelmRelease.
    pub spec: HelmChartTemplateSpec,
}

/// HelmChartTemplateSpec defines the template from which the controller will generate a
/// HelmChartSpec object.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HelmChartTemplateSpec {
    /// The name or path the Helm chart is available at in the SourceRef.
    #[schemars(length(min = 1, max = 2048))]
    pub chart: String,
    /// Version semver expression, ignored for charts from GitRepository and Bucket sources.
    /// Defaults to latest when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = "*"))]
    pub version: Option<String>,
    /// The name and namespace of the v1.Source the chart is available at.
    pub source_ref: CrossNamespaceObjectReference,
    /// Interval at which to check the v1.Source for updates. Defaults to 'HelmReleaseSpec.Interval'.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$"))]
    pub interval: Option<Duration>,
    /// Determines what enables the creation of a new artifact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = "ChartVersion"))]
    pub reconcile_strategy: Option<ReconcileStrategy>,
    /// Alternative list of values files to use as the chart values (values.yaml is not included
    /// by default).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values_files: Vec<String>,
    /// IgnoreMissingValuesFiles controls whether to silently ignore missing values files.
    #[serde(default, skip_serializing_if = "is_false")]
    pub ignore_missing_values_files: bool,
    /// Verify contains the secret name containing the trusted public keys used to verify the
    /// signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verify: Option<HelmChartTemplateVerification>,
}

/// HelmChartTemplateVerification verifies the authenticity of an OCI Helm chart.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HelmChartTemplateVerification {
    /// Provider specifies the technology used to sign the OCI Helm chart.
    #[schemars(extend("default" = "cosign"))]
    pub provider: VerificationProvider,
    /// SecretRef specifies the Kubernetes Secret containing the trusted public keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_ref: Option<LocalObjectReference>,
}

/// CrossNamespaceObjectReference locates the source of a chart template.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CrossNamespaceObjectReference {
    /// APIVersion of the referent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Kind of the referent.
    pub kind: super::source::HelmChartSourceKind,
    /// Name of the referent.
    #[schemars(length(min = 1, max = 253))]
    pub name: String,
    /// Namespace of the referent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 63))]
    pub namespace: Option<String>,
}

/// CrossNamespaceSourceReference points at a chart artifact (`chartRef`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CrossNamespaceSourceReference {
    /// APIVersion of the referent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Kind of the referent.
    pub kind: ChartRefKind,
    /// Name of the referent.
    #[schemars(length(min = 1, max = 253))]
    pub name: String,
    /// Namespace of the referent, defaults to the namespace of the Kubernetes resource object
    /// that contains the reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 63))]
    pub namespace: Option<String>,
}

/// Kinds a chartRef can point at.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ChartRefKind {
    /// An OCI artifact holding a chart.
    #[default]
    OCIRepository,
    /// A chart packaged by source-controller.
    HelmChart,
    /// An artifact produced by a third-party controller.
    ExternalArtifact,
}

/// DriftDetection defines the strategy for performing differential analysis.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DriftDetection {
    /// Mode defines how differences should be handled between the Helm manifest and the
    /// manifest currently applied to the cluster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<DriftDetectionMode>,
    /// Ignore contains a list of rules for specifying which changes to ignore during diffing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<IgnoreRule>,
}

/// How drift is handled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DriftDetectionMode {
    /// Detect and correct drift.
    Enabled,
    /// Detect drift and emit a warning.
    Warn,
    /// No drift detection.
    #[default]
    Disabled,
}

/// IgnoreRule defines a rule to selectively disregard specific changes during the drift
/// detection process.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IgnoreRule {
    /// Paths is a list of JSON Pointer (RFC 6901) paths to be excluded from consideration.
    pub paths: Vec<String>,
    /// Target is a selector for specifying Kubernetes objects to which this rule applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Selector>,
}

/// How CRDs in the chart's crds/ directory are handled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum CrdsPolicy {
    /// Do not install or replace CRDs.
    Skip,
    /// Create new CRDs, do not replace existing ones.
    Create,
    /// Create new CRDs and replace existing ones.
    CreateReplace,
}

/// Remediation strategies for a failed action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ActionStrategyName {
    /// Remediate (uninstall/rollback) on failure.
    RemediateOnFailure,
    /// Retry the action on failure.
    RetryOnFailure,
}

/// Strategy for a failed install or upgrade.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActionStrategy {
    /// Name of the strategy.
    pub name: ActionStrategyName,
    /// RetryInterval is the interval at which to retry a failed release (RetryOnFailure only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$"))]
    pub retry_interval: Option<Duration>,
}

/// Install holds the configuration for Helm install actions performed for this HelmRelease.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Install {
    /// Timeout is the time to wait for any individual Kubernetes operation during the install.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$"))]
    pub timeout: Option<Duration>,
    /// Remediation holds the remediation configuration for when the Helm install action fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediation: Option<InstallRemediation>,
    /// Strategy defines the install strategy to use for this HelmRelease.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-kubernetes-validations" = [{
        "message": ".retryInterval cannot be set when .name is 'RemediateOnFailure'",
        "rule": "!has(self.retryInterval) || self.name != 'RemediateOnFailure'"
    }]))]
    pub strategy: Option<ActionStrategy>,
    /// DisableWait disables the waiting for resources to be ready after a Helm install.
    #[serde(default, skip_serializing_if = "is_false")]
    pub disable_wait: bool,
    /// DisableWaitForJobs disables waiting for jobs to complete after a Helm install.
    #[serde(default, skip_serializing_if = "is_false")]
    pub disable_wait_for_jobs: bool,
    /// DisableHooks prevents hooks from running during the Helm install action.
    #[serde(default, skip_serializing_if = "is_false")]
    pub disable_hooks: bool,
    /// DisableOpenAPIValidation prevents the Helm install action from validating rendered
    /// templates against the Kubernetes OpenAPI Schema.
    #[serde(
        default,
        rename = "disableOpenAPIValidation",
        skip_serializing_if = "is_false"
    )]
    pub disable_openapi_validation: bool,
    /// DisableSchemaValidation prevents the Helm install action from validating the values
    /// against the JSON Schema.
    #[serde(default, skip_serializing_if = "is_false")]
    pub disable_schema_validation: bool,
    /// DisableTakeOwnership disables taking ownership of existing resources during install.
    #[serde(default, skip_serializing_if = "is_false")]
    pub disable_take_ownership: bool,
    /// Replace tells the Helm install action to re-use the 'ReleaseName', but only if that name
    /// is a deleted release which remains in the history.
    #[serde(default, skip_serializing_if = "is_false")]
    pub replace: bool,
    /// SkipCRDs tells the Helm install action to not install any CRDs (deprecated, use CRDs).
    #[serde(default, rename = "skipCRDs", skip_serializing_if = "is_false")]
    pub skip_crds: bool,
    /// CRDs upgrade CRDs from the Helm Chart's crds directory according to the CRD upgrade
    /// policy provided here. Defaults to Create.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crds: Option<CrdsPolicy>,
    /// CreateNamespace tells the Helm install action to create the HelmReleaseSpec.TargetNamespace
    /// if it does not exist yet.
    #[serde(default, skip_serializing_if = "is_false")]
    pub create_namespace: bool,
    /// ServerSideApply enables server-side apply for resources during install. Defaults to true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_side_apply: Option<bool>,
}

/// InstallRemediation holds the configuration for Helm install remediation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct InstallRemediation {
    /// Retries is the number of retries that should be attempted on failures before bailing.
    /// A negative integer equals to unlimited retries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "super::plain_integer")]
    pub retries: Option<i64>,
    /// IgnoreTestFailures tells the controller to skip remediation when the Helm tests are run
    /// after an install action but fail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_test_failures: Option<bool>,
    /// RemediateLastFailure tells the controller to remediate the last failure, when no retries
    /// remain. Defaults to 'false'.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediate_last_failure: Option<bool>,
}

/// Upgrade holds the configuration for Helm upgrade actions for this HelmRelease.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Upgrade {
    /// Timeout is the time to wait for any individual Kubernetes operation during the upgrade.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$"))]
    pub timeout: Option<Duration>,
    /// Remediation holds the remediation configuration for when the Helm upgrade action fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediation: Option<UpgradeRemediation>,
    /// Strategy defines the upgrade strategy to use for this HelmRelease.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-kubernetes-validations" = [{
        "message": ".retryInterval can only be set when .name is 'RetryOnFailure'",
        "rule": "!has(self.retryInterval) || self.name == 'RetryOnFailure'"
    }]))]
    pub strategy: Option<ActionStrategy>,
    /// DisableWait disables the waiting for resources to be ready after a Helm upgrade.
    #[serde(default, skip_serializing_if = "is_false")]
    pub disable_wait: bool,
    /// DisableWaitForJobs disables waiting for jobs to complete after a Helm upgrade.
    #[serde(default, skip_serializing_if = "is_false")]
    pub disable_wait_for_jobs: bool,
    /// DisableHooks prevents hooks from running during the Helm upgrade action.
    #[serde(default, skip_serializing_if = "is_false")]
    pub disable_hooks: bool,
    /// DisableOpenAPIValidation prevents validation of rendered templates against the OpenAPI
    /// schema.
    #[serde(
        default,
        rename = "disableOpenAPIValidation",
        skip_serializing_if = "is_false"
    )]
    pub disable_openapi_validation: bool,
    /// DisableSchemaValidation prevents validation of the values against the JSON Schema.
    #[serde(default, skip_serializing_if = "is_false")]
    pub disable_schema_validation: bool,
    /// DisableTakeOwnership disables taking ownership of existing resources during upgrade.
    #[serde(default, skip_serializing_if = "is_false")]
    pub disable_take_ownership: bool,
    /// Force forces resource updates through a replacement strategy.
    #[serde(default, skip_serializing_if = "is_false")]
    pub force: bool,
    /// PreserveValues will make Helm reuse the last release's values and merge in overrides.
    #[serde(default, skip_serializing_if = "is_false")]
    pub preserve_values: bool,
    /// CleanupOnFail allows deletion of new resources created during the Helm upgrade action
    /// when it fails.
    #[serde(default, skip_serializing_if = "is_false")]
    pub cleanup_on_fail: bool,
    /// CRDs upgrade CRDs from the Helm Chart's crds directory. Defaults to Skip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crds: Option<CrdsPolicy>,
    /// ServerSideApply enables server-side apply for resources during upgrade.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_side_apply: Option<ServerSideApplyMode>,
    /// ChartNameChangeStrategy decides what happens when the chart name changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chart_name_change_strategy: Option<ChartNameChangeStrategy>,
}

/// Server-side apply mode for upgrades.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ServerSideApplyMode {
    /// Always use server-side apply.
    Enabled,
    /// Never use server-side apply.
    Disabled,
    /// Use what the release was installed with.
    Auto,
}

/// What to do when the chart name changes between releases.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ChartNameChangeStrategy {
    /// Upgrade in place.
    InPlaceUpdate,
    /// Uninstall and install again.
    Reinstall,
}

/// UpgradeRemediation holds the configuration for Helm upgrade remediation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpgradeRemediation {
    /// Retries is the number of retries that should be attempted on failures before bailing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "super::plain_integer")]
    pub retries: Option<i64>,
    /// IgnoreTestFailures tells the controller to skip remediation when the Helm tests fail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_test_failures: Option<bool>,
    /// RemediateLastFailure tells the controller to remediate the last failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediate_last_failure: Option<bool>,
    /// Strategy to use for failure remediation. Defaults to 'rollback'.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy: Option<RemediationStrategy>,
}

/// How a failed upgrade is remediated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RemediationStrategy {
    /// Roll back to the previous release.
    Rollback,
    /// Uninstall the release.
    Uninstall,
}

/// Test holds the configuration for Helm test actions for this HelmRelease.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Test {
    /// Enable enables Helm test actions for this HelmRelease after a Helm install or upgrade
    /// action has been performed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub enable: bool,
    /// Timeout is the time to wait for any individual Kubernetes operation during the test.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$"))]
    pub timeout: Option<Duration>,
    /// IgnoreFailures tells the controller to skip remediation when the Helm tests are run but
    /// fail.
    #[serde(default, skip_serializing_if = "is_false")]
    pub ignore_failures: bool,
    /// Filters is a list of tests to run or exclude from running.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<TestFilter>,
}

/// TestFilter is used to run or exclude a test by name.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TestFilter {
    /// Name is the name of the test.
    #[schemars(length(min = 1, max = 253))]
    pub name: String,
    /// Exclude specifies whether the named test should be excluded.
    #[serde(default, skip_serializing_if = "is_false")]
    pub exclude: bool,
}

/// Rollback holds the configuration for Helm rollback actions for this HelmRelease.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Rollback {
    /// Timeout is the time to wait for any individual Kubernetes operation during the rollback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$"))]
    pub timeout: Option<Duration>,
    /// DisableWait disables the waiting for resources to be ready after a Helm rollback.
    #[serde(default, skip_serializing_if = "is_false")]
    pub disable_wait: bool,
    /// DisableWaitForJobs disables waiting for jobs to complete after a Helm rollback.
    #[serde(default, skip_serializing_if = "is_false")]
    pub disable_wait_for_jobs: bool,
    /// DisableHooks prevents hooks from running during the Helm rollback action.
    #[serde(default, skip_serializing_if = "is_false")]
    pub disable_hooks: bool,
    /// Recreate performs pod restarts for the resource if applicable (deprecated).
    #[serde(default, skip_serializing_if = "is_false")]
    pub recreate: bool,
    /// Force forces resource updates through a replacement strategy.
    #[serde(default, skip_serializing_if = "is_false")]
    pub force: bool,
    /// CleanupOnFail allows deletion of new resources created during the Helm rollback action
    /// when it fails.
    #[serde(default, skip_serializing_if = "is_false")]
    pub cleanup_on_fail: bool,
    /// ServerSideApply enables server-side apply for resources during rollback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_side_apply: Option<ServerSideApplyMode>,
}

/// Uninstall holds the configuration for Helm uninstall actions for this HelmRelease.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Uninstall {
    /// Timeout is the time to wait for any individual Kubernetes operation during the uninstall.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$"))]
    pub timeout: Option<Duration>,
    /// DisableHooks prevents hooks from running during the Helm uninstall action.
    #[serde(default, skip_serializing_if = "is_false")]
    pub disable_hooks: bool,
    /// KeepHistory tells Helm to remove all associated resources and mark the release as
    /// deleted, but retain the release history.
    #[serde(default, skip_serializing_if = "is_false")]
    pub keep_history: bool,
    /// DisableWait disables waiting for all the resources to be deleted after a Helm uninstall.
    #[serde(default, skip_serializing_if = "is_false")]
    pub disable_wait: bool,
    /// DeletionPropagation specifies the deletion propagation policy when a Helm uninstall is
    /// performed. Defaults to background.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = "background"))]
    pub deletion_propagation: Option<DeletionPropagation>,
}

/// Deletion propagation policies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DeletionPropagation {
    /// Delete dependents in the background.
    Background,
    /// Delete dependents first.
    Foreground,
    /// Leave dependents.
    Orphan,
}

/// PostRenderer contains a Helm PostRenderer specification.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PostRenderer {
    /// Kustomization to apply as PostRenderer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kustomize: Option<KustomizePostRenderer>,
}

/// Kustomize Helm PostRenderer specification.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct KustomizePostRenderer {
    /// Strategic merge and JSON patches, defined as inline YAML objects.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patches: Vec<Patch>,
    /// Images is a list of (image name, new name, new tag or digest).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<Image>,
}

/// Whether post-renderers apply to hooks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PostRenderStrategy {
    /// Do not post-render hooks.
    Nohooks,
    /// Post-render manifests and hooks together.
    Combined,
    /// Post-render manifests and hooks separately.
    Separate,
}

/// WaitStrategy defines how the controller waits for released resources.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WaitStrategy {
    /// Name is Helm's wait strategy.
    pub name: WaitStrategyName,
}

/// Wait strategies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum WaitStrategyName {
    /// kstatus polling.
    Poller,
    /// Helm 3 legacy waiter.
    Legacy,
}

/// HelmReleaseStatus defines the observed state of a HelmRelease.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HelmReleaseStatus {
    /// ObservedGeneration is the last observed generation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    /// ObservedPostRenderersDigest is the digest for the post-renderers of the last successful
    /// reconciliation attempt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_post_renderers_digest: Option<String>,
    /// ObservedCommonMetadataDigest is the digest for the common metadata of the last
    /// successful reconciliation attempt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_common_metadata_digest: Option<String>,
    /// LastAttemptedGeneration is the last generation the controller attempted to reconcile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_attempted_generation: Option<i64>,
    /// Conditions holds the conditions for the HelmRelease.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    /// HelmChart is the namespaced name of the HelmChart resource created by the controller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub helm_chart: Option<String>,
    /// StorageNamespace is the namespace of the Helm release storage for the current release.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 63))]
    pub storage_namespace: Option<String>,
    /// History holds the history of Helm releases performed for this HelmRelease up to the last
    /// successfully completed release.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Snapshot>,
    /// LastAttemptedReleaseAction is the last release action performed for this HelmRelease.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_attempted_release_action: Option<ReleaseAction>,
    /// LastAttemptedReleaseActionDuration is the duration of the last release action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_attempted_release_action_duration: Option<Duration>,
    /// Failures is the reconciliation failure count against the latest desired state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failures: Option<i64>,
    /// InstallFailures is the install failure count against the latest desired state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub install_failures: Option<i64>,
    /// UpgradeFailures is the upgrade failure count against the latest desired state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upgrade_failures: Option<i64>,
    /// LastAttemptedRevision is the Source revision of the last reconciliation attempt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_attempted_revision: Option<String>,
    /// LastAttemptedRevisionDigest is the digest of the last reconciliation attempt (OCI only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_attempted_revision_digest: Option<String>,
    /// LastAttemptedValuesChecksum is the SHA1 checksum for the values of the last
    /// reconciliation attempt (deprecated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_attempted_values_checksum: Option<String>,
    /// LastReleaseRevision is the revision of the last successful Helm release (deprecated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "super::plain_integer")]
    pub last_release_revision: Option<i64>,
    /// LastAttemptedConfigDigest is the digest for the config (better known as "values") of the
    /// last reconciliation attempt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_attempted_config_digest: Option<String>,
    /// LastHandledForceAt holds the value of the most recent force request value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_handled_force_at: Option<String>,
    /// LastHandledResetAt holds the value of the most recent reset request value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_handled_reset_at: Option<String>,
    /// LastHandledReconcileAt holds the value of the most recent reconcile request value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_handled_reconcile_at: Option<String>,
    /// Inventory contains the list of Kubernetes resource object references that have been
    /// applied for this release.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inventory: Option<ResourceInventory>,
}

/// Release actions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReleaseAction {
    /// helm install.
    Install,
    /// helm upgrade.
    Upgrade,
}

/// Snapshot captures a point-in-time copy of the status information for a Helm release, as
/// managed by the controller.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    /// APIVersion is the API version of the Snapshot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Digest is the checksum of the release object in storage.
    pub digest: String,
    /// Name is the name of the release.
    pub name: String,
    /// Namespace is the namespace the release is deployed to.
    pub namespace: String,
    /// Version is the version of the release object in storage.
    #[schemars(schema_with = "super::plain_integer")]
    pub version: i64,
    /// Status is the current state of the release.
    pub status: String,
    /// ChartName is the chart name of the release object in storage.
    pub chart_name: String,
    /// ChartVersion is the chart version of the release object in storage.
    pub chart_version: String,
    /// AppVersion is the chart app version of the release object in storage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_version: Option<String>,
    /// ConfigDigest is the checksum of the config (better known as "values") of the release
    /// object in storage.
    pub config_digest: String,
    /// FirstDeployed is when the release was first deployed.
    pub first_deployed: Time,
    /// LastDeployed is when the release was last deployed.
    pub last_deployed: Time,
    /// Deleted is when the release was deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<Time>,
    /// TestHooks is the list of test hooks for the release as observed to be run by the
    /// controller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_hooks: Option<BTreeMap<String, TestHookStatus>>,
    /// OCIDigest is the digest of the OCI artifact associated with the release.
    #[serde(default, rename = "ociDigest", skip_serializing_if = "Option::is_none")]
    pub oci_digest: Option<String>,
    /// Action is the release action that produced this snapshot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
}

/// TestHookStatus holds the status information for a test hook as observed to be run by the
/// controller.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TestHookStatus {
    /// LastStarted is the time the test hook was last started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_started: Option<Time>,
    /// LastCompleted is the time the test hook last completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_completed: Option<Time>,
    /// Phase the test hook was observed to be in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
}

crate::impl_reconcilable!(HelmRelease, HelmReleaseStatus, |o| o.spec.interval.std());
