//! `source.extensions.fluxcd.io/v1beta1`: ArtifactGenerator, Flux 2.9's source-watcher kind
//! that composes and decomposes source artifacts into ExternalArtifacts.
//!
//! Owns the spec and status shapes exactly as source-watcher v2.2.3 serves them (field names,
//! enums, patterns, limits) and its constants (finalizer, labels, annotations, reasons). The
//! behaviour is `controllers::source_watcher`'s.

use std::collections::BTreeMap;

use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::meta::Condition;

/// The API group.
pub const GROUP: &str = "source.extensions.fluxcd.io";
/// The served (and stored) version.
pub const VERSION: &str = "v1beta1";
/// The finalizer source-watcher puts on ArtifactGenerators.
pub const FINALIZER: &str = "source.extensions.fluxcd.io/finalizer";
/// The label holding the generator's UID on its ExternalArtifacts.
pub const GENERATOR_LABEL: &str = "source.extensions.fluxcd.io/generator";
/// The artifact metadata key of the origin revision.
pub const ORIGIN_REVISION: &str = "org.opencontainers.image.revision";
/// `enabled`/`disabled`: whether the generator is reconciled.
pub const RECONCILE_ANNOTATION: &str = "source.extensions.fluxcd.io/reconcile";

/// Labels and annotations for every generated ExternalArtifact.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CommonMetadata {
    /// Annotations to add to the generated resources.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    /// Labels to add to the generated resources.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

/// ArtifactGeneratorSpec defines the desired state of ArtifactGenerator.
#[derive(CustomResource, Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "source.extensions.fluxcd.io",
    version = "v1beta1",
    kind = "ArtifactGenerator",
    category = "all",
    category = "fluxcd",
    category = "fluxcd-sources",
    plural = "artifactgenerators",
    shortname = "ag",
    namespaced,
    status = "ArtifactGeneratorStatus",
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#,
    printcolumn = r#"{"name":"Ready","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].status"}"#,
    printcolumn = r#"{"name":"Status","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].message"}"#
)]
#[serde(rename_all = "camelCase")]
pub struct ArtifactGeneratorSpec {
    /// CommonMetadata specifies the common labels and annotations that are applied to all
    /// resources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub common_metadata: Option<CommonMetadata>,
    /// Sources is a list of references to the Flux source-controller resources that will be
    /// used to generate the artifact.
    #[schemars(length(min = 1, max = 1000))]
    pub sources: Vec<SourceReference>,
    /// PathPattern enables dynamic, path-based discovery of artifacts: `@<alias>/<pattern>`
    /// with `{name}` captures usable in the artifacts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        length(max = 1024),
        regex(pattern = r"^@([a-z0-9]([a-z0-9_-]*[a-z0-9])?)/(.*)$")
    )]
    pub path_pattern: Option<String>,
    /// OutputArtifacts is a list of output artifacts to be generated.
    #[serde(rename = "artifacts")]
    #[schemars(length(min = 1, max = 1000))]
    pub output_artifacts: Vec<OutputArtifact>,
}

/// A source the generator reads, by alias.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SourceReference {
    /// Alias of the source within the ArtifactGenerator context.
    #[schemars(length(max = 63), regex(pattern = r"^[a-z0-9]([a-z0-9_-]*[a-z0-9])?$"))]
    pub alias: String,
    /// Name of the source.
    #[schemars(length(max = 253), regex(pattern = r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$"))]
    pub name: String,
    /// Namespace of the source (default: the generator's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        length(min = 1, max = 63),
        regex(pattern = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    )]
    pub namespace: Option<String>,
    /// Kind of the source.
    pub kind: SourceKind,
}

/// The source kinds a generator reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum SourceKind {
    /// Bucket.
    Bucket,
    /// GitRepository.
    #[default]
    GitRepository,
    /// OCIRepository.
    #[serde(rename = "OCIRepository")]
    OciRepository,
    /// HelmChart.
    HelmChart,
    /// ExternalArtifact.
    ExternalArtifact,
}

impl SourceKind {
    /// The Kubernetes kind.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Bucket => "Bucket",
            SourceKind::GitRepository => "GitRepository",
            SourceKind::OciRepository => "OCIRepository",
            SourceKind::HelmChart => "HelmChart",
            SourceKind::ExternalArtifact => "ExternalArtifact",
        }
    }
}

/// One ExternalArtifact to generate.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OutputArtifact {
    /// Name of the generated artifact.
    #[schemars(length(min = 1, max = 253))]
    pub name: String,
    /// Revision of the artifact taken from a source (`@alias`); default `latest@<digest>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        length(max = 64),
        regex(pattern = r"^@([a-z0-9]([a-z0-9_-]*[a-z0-9])?)$")
    )]
    pub revision: Option<String>,
    /// OriginRevision recorded in the artifact metadata, taken from a source (`@alias`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        length(max = 64),
        regex(pattern = r"^@([a-z0-9]([a-z0-9_-]*[a-z0-9])?)$")
    )]
    pub origin_revision: Option<String>,
    /// Copy operations, in order.
    #[schemars(length(min = 1))]
    pub copy: Vec<CopyOperation>,
}

/// How a copy writes its files.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum CopyStrategy {
    /// Later files replace earlier ones.
    #[default]
    Overwrite,
    /// YAML files merged as Helm merges values files.
    Merge,
    /// Tarballs extracted.
    Extract,
}

/// One copy operation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CopyOperation {
    /// Source path or glob, `@alias/pattern`.
    #[schemars(
        length(min = 1, max = 1024),
        regex(pattern = r"^@([a-z0-9]([a-z0-9_-]*[a-z0-9])?)/(.*)$")
    )]
    pub from: String,
    /// Destination, `@artifact/path` (a trailing `/` means a directory).
    #[schemars(
        length(min = 1, max = 1024),
        regex(
            pattern = r"^@artifact/([^/]{0,1}|[^./][^/]|[.][^./]|[^/]{3,})(/([^/]{0,1}|[^./][^/]|[.][^./]|[^/]{3,}))*$"
        )
    )]
    pub to: String,
    /// Glob patterns excluded from the selection.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 100), inner(length(max = 1024)))]
    pub exclude: Vec<String>,
    /// `Overwrite` (default), `Merge` or `Extract`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy: Option<CopyStrategy>,
}

/// ArtifactGeneratorStatus defines the observed state of ArtifactGenerator.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ArtifactGeneratorStatus {
    /// The last `reconcile.fluxcd.io/requestedAt` token handled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_handled_reconcile_at: Option<String>,
    /// Conditions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    /// Inventory of the generated ExternalArtifacts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inventory: Vec<ExternalArtifactReference>,
    /// Digest of the observed sources (revision, digest and URL of each).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_sources_digest: Option<String>,
}

/// A generated ExternalArtifact.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ExternalArtifactReference {
    /// Name.
    pub name: String,
    /// Namespace.
    pub namespace: String,
    /// Digest of the artifact.
    pub digest: String,
    /// File name of the artifact in storage.
    pub filename: String,
}

impl crate::api::meta::ObjectStatus for ArtifactGeneratorStatus {
    fn conditions(&self) -> &[Condition] {
        &self.conditions
    }
    fn conditions_mut(&mut self) -> &mut Vec<Condition> {
        &mut self.conditions
    }
    /// The status has no `observedGeneration`: the Ready condition's stands for it.
    fn observed_generation(&self) -> Option<i64> {
        crate::api::meta::find_condition(&self.conditions, "Ready")
            .and_then(|c| c.observed_generation)
    }
    fn set_observed_generation(&mut self, _generation: Option<i64>) {}
    fn set_last_handled_reconcile_at(&mut self, token: String) {
        self.last_handled_reconcile_at = Some(token);
    }
}

impl crate::api::meta::Reconcilable for ArtifactGenerator {
    type Status = ArtifactGeneratorStatus;
    fn flux_status(&self) -> Option<&ArtifactGeneratorStatus> {
        self.status.as_ref()
    }
    /// `source.extensions.fluxcd.io/reconcile: disabled` (any case).
    fn suspended(&self) -> bool {
        self.metadata
            .annotations
            .as_ref()
            .and_then(|a| a.get(RECONCILE_ANNOTATION))
            .is_some_and(|v| v.eq_ignore_ascii_case("disabled"))
    }
    /// source-watcher requeues every hour.
    fn interval(&self) -> std::time::Duration {
        std::time::Duration::from_secs(3600)
    }
}
