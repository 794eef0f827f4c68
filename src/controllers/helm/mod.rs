//! helm-controller: a HelmRelease becomes a Helm 4 release in the cluster.
//!
//! The steps of a run, on the shared runtime: the chart (a `chart` template becomes the
//! HelmChart `<namespace>-<name>` Flux creates, a `chartRef` names an OCIRepository,
//! HelmChart or ExternalArtifact) and its artifact, waited for -> dependencies -> the values
//! (`valuesFrom` ConfigMaps and Secrets with `valuesKey`, `targetPath` and `optional`, then
//! `values`) -> the release's state, from Helm's storage and `status.history` -> the action
//! ([`action`]): install when there is no release, unlock a stale `pending-*` one, upgrade
//! when the release is unmanaged, failed, or out of sync with the chart or the values
//! (Flux's config digest), nothing when in sync -> status: the snapshot history with Flux's
//! digests, `lastAttempted*`, the Released condition and Ready with Flux's reasons and
//! messages. Deleting a HelmRelease uninstalls its release (not when suspended) and deletes
//! the HelmChart it created.
//!
//! Failures are remediated as Flux's state machine does (install: uninstall; upgrade: Helm
//! rollback or uninstall; retries and `remediateLastFailure`), `forceAt`/`resetAt` are
//! honoured, and the chart's `crds/` follow the install/upgrade CRD policies.
//!
//! Releases are made and stored as the HelmRelease's identity: `serviceAccountName` (else
//! `--default-service-account`) impersonated, or the `kubeConfig` cluster.
//!
//! After a release, or while the latest release is untested, Helm tests run when enabled
//! ([`testing`]); drift is detected and corrected in sync ([`drift`]).

pub mod action;
pub mod csa;
pub mod drift;
pub mod preview;
pub mod testing;
pub mod wait;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use kube::api::{Api, DeleteParams, Patch, PatchParams};
use kube::ResourceExt;
use serde_json::{json, Map, Value};

use crate::api::helm::{
    ChartRefKind, DriftDetectionMode, HelmRelease, HelmReleaseStatus, ReleaseAction, Snapshot,
};
use crate::api::meta::{annotation, reason, DependencyReference, ValuesKind};
use crate::helm::release::{NewRelease, Status};
use crate::runtime::dependencies::{self, HasDependencies};
use crate::runtime::manager::Watches;
use crate::runtime::reconciler::{Event, Failure, Reconciler, Success};
use crate::runtime::RuntimeOptions;
use crate::sources::{self, SourceRef};

/// The controller name in events, metrics and field managers.
pub const CONTROLLER: &str = "helm-controller";

/// Flux's condition types and reasons for HelmReleases.
pub mod reasons {
    /// The Released condition.
    pub const RELEASED: &str = "Released";
    /// Install succeeded.
    pub const INSTALL_SUCCEEDED: &str = "InstallSucceeded";
    /// Install failed.
    pub const INSTALL_FAILED: &str = "InstallFailed";
    /// Upgrade succeeded.
    pub const UPGRADE_SUCCEEDED: &str = "UpgradeSucceeded";
    /// Upgrade failed.
    pub const UPGRADE_FAILED: &str = "UpgradeFailed";
    /// The chart or its artifact is not there (yet).
    pub const ARTIFACT_FAILED: &str = "ArtifactFailed";
    /// The chart could not be loaded.
    pub const INIT_FAILED: &str = "InitFailed";
    /// A values source is missing or invalid.
    pub const VALUES_FAILED: &str = "ValuesError";
    /// A dependency is not ready.
    pub const DEPENDENCY_NOT_READY: &str = "DependencyNotReady";
    /// The Drifted condition.
    pub const DRIFTED: &str = "Drifted";
}

/// Shared state of the controller.
pub struct Context {
    /// Kubernetes client.
    pub client: kube::Client,
    /// Runtime settings.
    pub runtime: RuntimeOptions,
    /// Whose identity a HelmRelease's release is made with (`serviceAccountName`
    /// impersonation, `--default-service-account`, `kubeConfig` remote clusters).
    pub tenancy: crate::runtime::tenancy::Tenancy,
    /// The watch caches of the chart source kinds (filled when the watches start).
    pub sources: sources::Cache,
}

impl HasDependencies for HelmRelease {
    fn depends_on(&self) -> &[DependencyReference] {
        &self.spec.depends_on
    }
}

/// The HelmRelease reconciler on the shared runtime.
pub struct HelmReleaseReconciler {
    ctx: Arc<Context>,
}

impl HelmReleaseReconciler {
    /// A reconciler acting as `ctx` says.
    pub fn new(ctx: Arc<Context>) -> Self {
        HelmReleaseReconciler { ctx }
    }
}

/// The release name: `spec.releaseName`, else `[<targetNamespace>-]<name>`, shortened as
/// Flux shortens names longer than 53 characters.
pub fn release_name(obj: &HelmRelease) -> String {
    crate::cli::build_helmrelease::release_name(&serde_json::to_value(obj).unwrap_or_default())
}

pub(crate) fn release_namespace(obj: &HelmRelease) -> String {
    obj.spec
        .target_namespace
        .clone()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| obj.namespace().unwrap_or_default())
}

pub(crate) fn storage_namespace(obj: &HelmRelease) -> String {
    obj.spec
        .storage_namespace
        .clone()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| obj.namespace().unwrap_or_default())
}

/// The HelmChart Flux creates for a `chart` template: `(namespace, name)`.
pub fn helm_chart_of(obj: &HelmRelease) -> Option<(String, String)> {
    let tpl = obj.spec.chart.as_ref()?;
    let own = obj.namespace().unwrap_or_default();
    let ns = tpl
        .spec
        .source_ref
        .namespace
        .clone()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| own.clone());
    Some((ns, format!("{own}-{}", obj.name_any())))
}

/// The source a run takes its chart from.
pub(crate) fn chart_source(obj: &HelmRelease) -> Option<SourceRef> {
    if let Some(r) = &obj.spec.chart_ref {
        let kind = match r.kind {
            ChartRefKind::OCIRepository => "OCIRepository",
            ChartRefKind::HelmChart => "HelmChart",
            ChartRefKind::ExternalArtifact => "ExternalArtifact",
        };
        return Some(SourceRef {
            kind: kind.into(),
            name: r.name.clone(),
            namespace: r.namespace.clone(),
            api_version: r.api_version.clone(),
        });
    }
    helm_chart_of(obj).map(|(ns, name)| SourceRef {
        kind: "HelmChart".into(),
        name,
        namespace: Some(ns),
        api_version: None,
    })
}

fn waiting(reason: &str, message: impl Into<String>) -> Failure {
    Failure::waiting(reason, message)
}

fn retry(obj: &HelmRelease, reason: &str, message: impl Into<String>) -> Failure {
    Failure::retry_after(reason, message, obj.spec.interval.std())
}

/// Creates or updates the HelmChart of a `chart` template as Flux builds it.
async fn ensure_helm_chart(obj: &HelmRelease, ctx: &Context) -> Result<(), Failure> {
    let (Some(tpl), Some((ns, name))) = (obj.spec.chart.as_ref(), helm_chart_of(obj)) else {
        return Ok(());
    };
    let own = obj.namespace().unwrap_or_default();
    if ctx.runtime.no_cross_namespace_refs && ns != own {
        // Flux's controller only logs this refusal (its chart-template step returns the error
        // before any condition is set); ours reports it as Flux reports a refused chartRef.
        return Err(Failure::stalled(
            ACCESS_DENIED,
            format!(
                "cross-namespace references are not allowed: cannot access HelmChart {ns}/{name}"
            ),
        ));
    }
    let s = &tpl.spec;
    let mut spec = json!({
        "chart": s.chart,
        "version": s.version.clone().unwrap_or_else(|| "*".into()),
        "sourceRef": {"kind": s.source_ref.kind, "name": s.source_ref.name},
        "interval": s.interval.as_ref().unwrap_or(&obj.spec.interval),
        "reconcileStrategy": s.reconcile_strategy
            .map(|r| serde_json::to_value(r).unwrap_or_default())
            .unwrap_or_else(|| json!("ChartVersion")),
    });
    if !s.values_files.is_empty() {
        spec["valuesFiles"] = json!(s.values_files);
    }
    if s.ignore_missing_values_files {
        spec["ignoreMissingValuesFiles"] = json!(true);
    }
    if let Some(v) = &s.verify {
        spec["verify"] = serde_json::to_value(v).unwrap_or_default();
    }
    let mut hc = json!({
        "apiVersion": "source.toolkit.fluxcd.io/v1",
        "kind": "HelmChart",
        "metadata": {"name": name, "namespace": ns},
        "spec": spec,
    });
    if let Some(md) = &tpl.metadata {
        if let Some(l) = md.labels.as_ref().filter(|l| !l.is_empty()) {
            hc["metadata"]["labels"] = json!(l);
        }
        if let Some(a) = md.annotations.as_ref().filter(|a| !a.is_empty()) {
            hc["metadata"]["annotations"] = json!(a);
        }
    }
    // Flux's ssa ResourceManager marks it as the HelmRelease's (SetOwnerLabels).
    let group = crate::api::helm::GROUP;
    hc["metadata"]["labels"][format!("{group}/name")] = json!(obj.name_any());
    hc["metadata"]["labels"][format!("{group}/namespace")] = json!(own);
    // Flux writes the HelmChart only when it differs from the template; so do we, judging by
    // the watch cache (a stale cache only costs an unneeded apply).
    if ctx
        .sources
        .get("HelmChart", &ns, &name)
        .is_some_and(|live| helm_chart_matches(&live, &hc))
    {
        return Ok(());
    }
    let ar = crate::api::registry::by_kind("HelmChart")
        .map(|k| k.api_resource())
        .ok_or_else(|| retry(obj, reasons::ARTIFACT_FAILED, "HelmChart kind unknown"))?;
    let api: Api<kube::api::DynamicObject> = Api::namespaced_with(ctx.client.clone(), &ns, &ar);
    api.patch(
        &name,
        &PatchParams::apply(CONTROLLER).force(),
        &Patch::Apply(&hc),
    )
    .await
    .map_err(|e| {
        retry(
            obj,
            reasons::ARTIFACT_FAILED,
            format!(
                "failed to create HelmChart '{ns}/{name}': {}",
                crate::cluster::api_message(&e)
            ),
        )
    })?;
    Ok(())
}

/// Whether the live HelmChart already is what the template asks for: every spec field the
/// template sets equal (and the optional ones it leaves out absent), its labels and annotations
/// present with the same values.
fn helm_chart_matches(live: &Value, want: &Value) -> bool {
    let spec_matches = [
        "chart",
        "version",
        "sourceRef",
        "interval",
        "reconcileStrategy",
        "valuesFiles",
        "ignoreMissingValuesFiles",
        "verify",
    ]
    .iter()
    .all(|k| live["spec"].get(*k) == want["spec"].get(*k));
    let subset = |field: &str| {
        want["metadata"][field].as_object().is_none_or(|m| {
            m.iter()
                .all(|(k, v)| live["metadata"][field].get(k) == Some(v))
        })
    };
    spec_matches && subset("labels") && subset("annotations")
}

/// Step 1: the chart's artifact, downloaded and loaded.
async fn fetch_chart(
    obj: &HelmRelease,
    ctx: &Context,
) -> Result<(crate::helm::chart::Chart, sources::Resolved), Failure> {
    ensure_helm_chart(obj, ctx).await?;
    let Some(src) = chart_source(obj) else {
        return Err(Failure::stalled(
            reasons::ARTIFACT_FAILED,
            "one of chart or chartRef must be set",
        ));
    };
    let resolved = sources::resolve_cached(
        &ctx.sources,
        &ctx.client,
        &obj.namespace().unwrap_or_default(),
        &src,
        ctx.runtime.no_cross_namespace_refs,
    )
    .await
    .map_err(|e| match e {
        // helm-controller's own wording (internal/acl), not the sources' shared one.
        sources::Error::CrossNamespace {
            kind,
            namespace,
            name,
        } => Failure::stalled(
            ACCESS_DENIED,
            format!(
                "cross-namespace references are not allowed: cannot access {kind} {namespace}/{name}"
            ),
        ),
        _ => waiting(reasons::ARTIFACT_FAILED, e.to_string()),
    })?;
    let chart = download_chart(&resolved)
        .await
        .map_err(|(reason, message)| retry(obj, reason, message))?;
    Ok((chart, resolved))
}

/// Downloads a resolved chart artifact (its digest verified) and loads it; an error is the
/// Ready reason and message it gives.
pub(crate) async fn download_chart(
    resolved: &sources::Resolved,
) -> Result<crate::helm::chart::Chart, (&'static str, String)> {
    let a = &resolved.artifact;
    let bytes = crate::artifact::fetch::download(
        &a.url,
        a.digest.as_deref().unwrap_or_default(),
        &Default::default(),
    )
    .await
    .map_err(|e| (reasons::ARTIFACT_FAILED, e.to_string()))?;
    crate::helm::chart::Chart::from_archive(bytes.as_slice()).map_err(|e| {
        (
            reasons::INIT_FAILED,
            format!("failed to load chart from '{}': {e}", resolved.id),
        )
    })
}

/// Step 3: the values, as Flux composes them: each `valuesFrom` in order (a whole document
/// merged, or one value placed at `targetPath` with Helm's `--set` typing), then `values`.
pub(crate) async fn compose_values(
    obj: &HelmRelease,
    client: &kube::Client,
) -> Result<Map<String, Value>, Failure> {
    let ns = obj.namespace().unwrap_or_default();
    let mut values = Map::new();
    for r in &obj.spec.values_from {
        let key = r
            .values_key
            .clone()
            .filter(|k| !k.is_empty())
            .unwrap_or_else(|| "values.yaml".into());
        let (kind, data) = match r.kind {
            ValuesKind::ConfigMap => {
                let api: Api<k8s_openapi::api::core::v1::ConfigMap> =
                    Api::namespaced(client.clone(), &ns);
                let cm = api.get_opt(&r.name).await.map_err(Failure::from)?;
                (
                    "ConfigMap",
                    cm.map(|c| c.data.unwrap_or_default().get(&key).cloned()),
                )
            }
            ValuesKind::Secret => {
                let api: Api<k8s_openapi::api::core::v1::Secret> =
                    Api::namespaced(client.clone(), &ns);
                let s = api.get_opt(&r.name).await.map_err(Failure::from)?;
                (
                    "Secret",
                    s.map(|s| {
                        s.data
                            .unwrap_or_default()
                            .get(&key)
                            .map(|b| String::from_utf8_lossy(&b.0).into_owned())
                    }),
                )
            }
        };
        let optional = r.optional.unwrap_or(false);
        // fluxcd/pkg chartutil's `ErrValuesReference` wording.
        let reference = |reason: &str| {
            format!(
                "could not resolve {kind} chart values reference '{ns}/{}' with key '{key}': {reason}",
                r.name
            )
        };
        let text = match data {
            None if optional => continue,
            None => {
                let plural = if kind == "Secret" {
                    "secrets"
                } else {
                    "configmaps"
                };
                return Err(waiting(
                    reasons::VALUES_FAILED,
                    reference(&format!("{plural} \"{}\" not found", r.name)),
                ));
            }
            Some(None) if optional => continue,
            Some(None) => {
                return Err(waiting(reasons::VALUES_FAILED, reference("key not found")));
            }
            Some(Some(t)) => t,
        };
        match r.target_path.as_deref().filter(|p| !p.is_empty()) {
            Some(path) => {
                replace_path_value(&mut values, path, &text, r.literal.unwrap_or(false))
                    .map_err(|e| Failure::stalled(reasons::VALUES_FAILED, reference(&e)))?;
            }
            None => {
                let doc = crate::kustomize::yaml::parse_first_v2(&text).map_err(|e| {
                    Failure::stalled(reasons::VALUES_FAILED, reference(&e.to_string()))
                })?;
                if let Value::Object(mut m) = doc {
                    crate::helm::chart::numbers_as_floats(&mut m);
                    values = crate::helm::chart::merge_maps(&values, &m);
                }
            }
        }
    }
    if let Some(Value::Object(v)) = &obj.spec.values {
        let mut v = v.clone();
        crate::helm::chart::numbers_as_floats(&mut v);
        values = crate::helm::chart::merge_maps(&values, &v);
    }
    Ok(values)
}

/// fluxcd/pkg chartutil's `ReplacePathValue` / `ReplacePathLiteralValue`: the value placed at
/// `path` with Helm's `--set` rules; a value quoted at both ends loses its quotes and stays a
/// string; a literal one is escaped so commas, brackets, braces and backslashes stay in it.
fn replace_path_value(
    values: &mut Map<String, Value>,
    path: &str,
    value: &str,
    literal: bool,
) -> Result<(), String> {
    use crate::helm::strvals::parse_into;
    if literal {
        let mut escaped = String::with_capacity(value.len());
        for c in value.chars() {
            if matches!(c, '\\' | ',' | '[' | ']' | '{' | '}') {
                escaped.push('\\');
            }
            escaped.push(c);
        }
        return parse_into(&format!("{path}={escaped}"), values, true);
    }
    let quoted = |q: char| value.starts_with(q) && value.ends_with(q);
    if quoted('\'') || quoted('"') {
        let inner = value.trim_matches(|c| c == '\'' || c == '"');
        return parse_into(&format!("{path}={inner}"), values, true);
    }
    parse_into(&format!("{path}={value}"), values, false)
}

/// Flux's snapshot of a stored release.
fn snapshot(release: &Value, action: &str, oci_digest: Option<&str>) -> Snapshot {
    let md = release
        .pointer("/chart/metadata")
        .cloned()
        .unwrap_or_default();
    let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let time = |k: &str| {
        release["info"][k]
            .as_str()
            .and_then(|t| serde_json::from_value(json!(t)).ok())
    };
    Snapshot {
        api_version: Some("v2".into()),
        digest: crate::helm::digest::release_digest(release, oci_digest.unwrap_or_default())
            .unwrap_or_default(),
        name: s(&release["name"]),
        namespace: s(&release["namespace"]),
        version: release["version"].as_i64().unwrap_or(0),
        status: s(&release["info"]["status"]),
        chart_name: s(&md["name"]),
        chart_version: s(&md["version"]),
        app_version: md["appVersion"].as_str().map(str::to_string),
        config_digest: crate::helm::digest::values_digest(
            release["config"].as_object().unwrap_or(&Map::new()),
        ),
        first_deployed: time("first_deployed").unwrap_or_else(epoch),
        last_deployed: time("last_deployed").unwrap_or_else(epoch),
        deleted: time("deleted"),
        test_hooks: None,
        oci_digest: oci_digest.filter(|d| !d.is_empty()).map(str::to_string),
        action: Some(action.into()),
    }
}

fn epoch() -> k8s_openapi::apimachinery::pkg::apis::meta::v1::Time {
    k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(k8s_openapi::jiff::Timestamp::UNIX_EPOCH)
}

fn full_name(release: &Value) -> String {
    format!(
        "{}/{}.v{}",
        release["namespace"].as_str().unwrap_or_default(),
        release["name"].as_str().unwrap_or_default(),
        release["version"].as_i64().unwrap_or(0)
    )
}

fn chart_name(chart: &crate::helm::chart::Chart) -> String {
    format!("{}@{}", chart.metadata.name, chart.metadata.version)
}

fn set_released(
    status: &mut HelmReleaseStatus,
    ok: bool,
    reason: &str,
    message: &str,
    generation: i64,
) {
    crate::runtime::conditions::set(
        &mut status.conditions,
        reasons::RELEASED,
        ok,
        reason,
        message,
        Some(generation),
    );
}

/// The cluster a HelmRelease's release lives in, as the identity it names.
async fn cluster_for(obj: &HelmRelease, ctx: &Context) -> Result<crate::cluster::Cluster, Failure> {
    ctx.tenancy
        .cluster_for(
            &obj.namespace().unwrap_or_default(),
            obj.spec.service_account_name.as_deref(),
            obj.spec.kube_config.as_ref(),
        )
        .await
        .map_err(|e| retry(obj, reason::RECONCILIATION_FAILED, e.to_string()))
}

/// What the run does with the release.
enum Plan {
    Install,
    Upgrade(Value),
    InSync(Value),
}

async fn run(
    obj: &HelmRelease,
    ctx: &Context,
    status: &mut HelmReleaseStatus,
) -> Result<Success, Failure> {
    let generation = obj.metadata.generation.unwrap_or(0);
    let (chart, resolved) = fetch_chart(obj, ctx).await?;
    if let Some((ns, name)) = helm_chart_of(obj) {
        status.helm_chart = Some(format!("{ns}/{name}"));
    }
    dependencies::check(
        &ctx.client,
        obj,
        ctx.runtime.no_cross_namespace_refs,
        |_| None,
    )
    .await
    .map_err(|e| match e {
        dependencies::Error::NotReady { .. } => {
            waiting(reasons::DEPENDENCY_NOT_READY, e.to_string())
        }
        _ => Failure::stalled(reasons::DEPENDENCY_NOT_READY, e.to_string()),
    })?;
    let values = compose_values(obj, &ctx.client).await?;
    let name = release_name(obj);
    let namespace = release_namespace(obj);
    let storage_ns = storage_namespace(obj);
    let previous_storage = status.storage_namespace.replace(storage_ns.clone());
    let oci_digest = (resolved.id.starts_with("OCIRepository/"))
        .then(|| resolved.artifact.digest.clone())
        .flatten();
    let config_digest = crate::helm::digest::values_digest(&values);
    // `forceAt` / `resetAt` count when they equal `requestedAt` and are new (Flux's rule).
    let annotations = obj.metadata.annotations.clone().unwrap_or_default();
    let requested = annotations.get(annotation::RECONCILE_REQUESTED_AT);
    let new_request = |key: &str, last: &Option<String>| {
        annotations
            .get(key)
            .filter(|v| Some(*v) == requested && last.as_deref() != Some(v.as_str()))
            .cloned()
    };
    let reset = new_request(
        annotation::RECONCILE_RESET_AT,
        &status.last_handled_reset_at,
    );
    let force = new_request(
        annotation::RECONCILE_FORCE_AT,
        &status.last_handled_force_at,
    );
    // Flux's MustResetFailures: a new generation, chart version or values, or a reset request.
    if status.last_attempted_generation != Some(generation)
        || status.last_attempted_revision.as_deref() != Some(chart.metadata.version.as_str())
        || status
            .last_attempted_config_digest
            .as_deref()
            .is_some_and(|d| d != config_digest)
        || reset.is_some()
    {
        status.failures = None;
        status.install_failures = None;
        status.upgrade_failures = None;
    }
    if let Some(r) = reset {
        status.last_handled_reset_at = Some(r);
    }
    if let Some(f) = &force {
        status.last_handled_force_at = Some(f.clone());
    }
    status.last_attempted_revision = Some(chart.metadata.version.clone());
    status.last_attempted_revision_digest = oci_digest.clone();
    status.last_attempted_config_digest = Some(config_digest.clone());
    status.last_attempted_generation = Some(generation);

    let owner = crate::apply::Owner {
        field_manager: CONTROLLER.into(),
        group: crate::api::helm::GROUP.into(),
        name: obj.name_any(),
        namespace: obj.namespace().unwrap_or_default(),
    };
    let timeout = obj
        .spec
        .timeout
        .as_ref()
        .map(|t| t.std())
        .unwrap_or(Duration::from_secs(300));
    // The release is made, and stored, as the HelmRelease's identity (Flux's rule).
    let cluster = cluster_for(obj, ctx).await?;
    let mut actions = action::Actions::new(
        cluster,
        owner,
        storage_ns.clone(),
        timeout,
        obj.spec.max_history.map(|m| m.max(0) as usize).unwrap_or(5),
    );
    actions.retry_by_default = ctx.runtime.feature(DEFAULT_TO_RETRY_ON_FAILURE);
    actions.helm3_defaults = ctx.runtime.feature(USE_HELM3_DEFAULTS);
    actions.health_exprs = std::sync::Arc::new(
        obj.spec
            .health_check_exprs
            .iter()
            .map(crate::health::cel::HealthExpr::new)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| Failure::stalled(reasons::INSTALL_FAILED, e.to_string()))?,
    );
    let fail = |reason: &str, e: action::ActionError| retry(obj, reason, e.to_string());
    uninstall_moved_release(
        obj,
        &mut actions,
        status,
        previous_storage,
        (&name, &namespace, &chart.metadata.name),
    )
    .await?;
    let mut history = actions
        .history(&name)
        .await
        .map_err(|e| fail(reasons::INSTALL_FAILED, e))?;
    // A stale lock: Flux's Unlock rewrites the pending revision as failed.
    if let Some(last) = history.last_mut() {
        let st = Status::of(last);
        if st.is_pending() {
            let msg = format!("Release unlocked from stale '{}' state", st.as_str());
            crate::helm::release::set_status(last, Status::Failed, &msg);
            actions
                .record(last)
                .await
                .map_err(|e| fail(reasons::UPGRADE_FAILED, e))?;
        }
    }
    let last = history.last().cloned();
    let plan = match last {
        None => Plan::Install,
        Some(r) if Status::of(&r) == Status::Uninstalled => Plan::Install,
        Some(r) => {
            let managed = status.history.first().is_some_and(|s| {
                s.version == r["version"].as_i64().unwrap_or(0)
                    && crate::helm::digest::release_digest(
                        &r,
                        oci_digest.as_deref().unwrap_or_default(),
                    )
                    .is_ok_and(|d| d == s.digest)
            });
            let md = r.pointer("/chart/metadata").cloned().unwrap_or_default();
            let in_sync = managed
                && Status::of(&r) == Status::Deployed
                && md["name"] == chart.metadata.name.as_str()
                && md["version"] == chart.metadata.version.as_str()
                && crate::helm::digest::values_digest(
                    r["config"].as_object().unwrap_or(&Map::new()),
                ) == config_digest;
            // Flux's state machine: a failed test the active remediation does not ignore makes
            // the release failed, which (its failures counted again from zero) upgrades.
            let failed_test = testing::enabled(obj)
                && status.history.first().is_some_and(testing::has_failed_test)
                && testing::remediation_ignores_failures(obj, status) == Some(false);
            if in_sync && !failed_test && force.is_none() && !post_rendering_changed(obj, status) {
                Plan::InSync(r)
            } else {
                // Out of sync (not a takeover or a forced run): only while retries remain.
                // A failed release under `RetryOnFailure` is upgraded again, never stalled.
                let retried = managed
                    && force.is_none()
                    && active_retry(
                        obj,
                        status.last_attempted_release_action,
                        actions.retry_by_default,
                    )
                    .is_none();
                let failures = status.upgrade_failures.unwrap_or(0);
                if retried && exhausted(upgrade_retries(obj), failures) {
                    let message = format!("Failed to upgrade after {failures} attempt(s)");
                    return Err(Failure::stalled(reasons::UPGRADE_FAILED, message.clone())
                        .with_stalled_condition("RetriesExceeded", message));
                }
                Plan::Upgrade(r)
            }
        }
    };
    if matches!(plan, Plan::Install) && force.is_none() {
        let failures = status.install_failures.unwrap_or(0);
        if exhausted(install_retries(obj), failures) {
            let message = format!("Failed to install after {failures} attempt(s)");
            return Err(Failure::stalled(reasons::INSTALL_FAILED, message.clone())
                .with_stalled_condition("RetriesExceeded", message));
        }
    }
    let post_render = crate::helm::postrender::PostRender::for_release(
        &serde_json::to_value(obj).unwrap_or_default(),
    )
    .map_err(|e| Failure::stalled(reasons::INIT_FAILED, e.to_string()))?;
    let (version, is_upgrade, first) = match &plan {
        Plan::InSync(r) => {
            let (reason, message) = status
                .conditions
                .iter()
                .find(|c| c.type_ == reasons::RELEASED && c.status == "True")
                .map(|c| (c.reason.clone(), c.message.clone()))
                .unwrap_or_else(|| {
                    (
                        reasons::UPGRADE_SUCCEEDED.into(),
                        format!(
                            "Helm upgrade succeeded for release {} with chart {}",
                            full_name(r),
                            chart_name(&chart)
                        ),
                    )
                });
            set_released(status, true, &reason, &message, generation);
            observe_post_rendering(obj, status);
            let md = event_metadata(&chart, &config_digest);
            let released = (static_reason(&reason), message);
            // An untested release is tested before drift is looked at (Flux's order).
            if testing::enabled(obj)
                && !status.history.first().is_some_and(testing::has_been_tested)
            {
                let previous = (status.last_attempted_release_action
                    == Some(ReleaseAction::Upgrade))
                .then(|| history.len().checked_sub(2).map(|i| history[i].clone()))
                .flatten();
                let mut release = r.clone();
                return test_and_summarize(
                    obj,
                    &mut actions,
                    status,
                    &mut release,
                    previous,
                    oci_digest.as_deref(),
                    md,
                    vec![],
                    released,
                )
                .await;
            }
            let events = check_drift(obj, &mut actions, status, r, generation, md.clone()).await?;
            // Tested already (or tests off): only the summary is left, no release is needed,
            // so the in-sync path does not copy the release.
            return test_and_summarize(
                obj,
                &mut actions,
                status,
                &mut Value::Null,
                None,
                oci_digest.as_deref(),
                md,
                events,
                released,
            )
            .await;
        }
        Plan::Install => (
            history
                .last()
                .and_then(|r| r["version"].as_i64())
                .unwrap_or(0)
                + 1,
            false,
            None,
        ),
        Plan::Upgrade(r) => (
            r["version"].as_i64().unwrap_or(0) + 1,
            true,
            upgrade_base(&history, r)["info"]["first_deployed"]
                .as_str()
                .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                .map(|t| t.with_timezone(&chrono::Utc)),
        ),
    };
    // The action waits within its own timeout, else `spec.timeout` (Flux's GetTimeout).
    let own_timeout = if is_upgrade {
        obj.spec.upgrade.as_ref().and_then(|u| u.timeout.as_ref())
    } else {
        obj.spec.install.as_ref().and_then(|i| i.timeout.as_ref())
    };
    if let Some(t) = own_timeout {
        actions.timeout = t.std();
    }
    let opts = crate::helm::engine::Options {
        release_name: name.clone(),
        namespace: namespace.clone(),
        revision: version,
        is_upgrade,
        skip_schema_validation: obj
            .spec
            .install
            .as_ref()
            .is_some_and(|i| i.disable_schema_validation),
        post_render: Some(post_render),
        ..Default::default()
    };
    let (install_reason, fail_reason, verb) = if is_upgrade {
        (
            reasons::UPGRADE_SUCCEEDED,
            reasons::UPGRADE_FAILED,
            "upgrade",
        )
    } else {
        (
            reasons::INSTALL_SUCCEEDED,
            reasons::INSTALL_FAILED,
            "install",
        )
    };
    let failure_message = |e: &str| {
        format!(
            "Helm {verb} failed for release {namespace}/{name} with chart {}: {}",
            chart_name(&chart),
            e.trim()
        )
    };
    // `upgrade.preserveValues`: Helm's ReuseValues over the revision being upgraded.
    let preserved;
    let (chart, values) = match &plan {
        Plan::Upgrade(last) if obj.spec.upgrade.as_ref().is_some_and(|u| u.preserve_values) => {
            match reuse_values(&chart, &values, upgrade_base(&history, last)) {
                Ok(r) => {
                    preserved = r;
                    (&preserved.0, &preserved.1)
                }
                Err(e) => {
                    let msg = failure_message(&e.to_string());
                    set_released(status, false, fail_reason, &msg, generation);
                    return Err(retry(obj, fail_reason, msg));
                }
            }
        }
        _ => (&chart, &values),
    };
    let chart_for_render = chart.clone();
    let values_for_render = values.clone();
    let rendered = tokio::task::spawn_blocking(move || {
        crate::helm::engine::render_owned(chart_for_render, &values_for_render, &opts)
    })
    .await
    .map_err(|e| retry(obj, fail_reason, e.to_string()))?;
    let rendered = match rendered {
        Ok(r) => r,
        Err(e) => {
            let msg = failure_message(&e.to_string());
            set_released(status, false, fail_reason, &msg, generation);
            status.failures = Some(status.failures.unwrap_or(0) + 1);
            return Err(retry(obj, fail_reason, msg));
        }
    };
    let release = crate::helm::release::new_release(&NewRelease {
        name: &name,
        namespace: &namespace,
        version,
        chart,
        config: values,
        rendered: &rendered,
        now: chrono::Utc::now(),
        first_deployed: first,
        status: Status::PendingInstall,
        description: "",
    })
    .map_err(|e| retry(obj, fail_reason, failure_message(&e.to_string())))?;
    actions.mode = match &plan {
        Plan::Upgrade(last) => apply_mode(
            obj,
            ModeFor::Upgrade {
                last: history.last().unwrap_or(last),
                base: upgrade_base(&history, last),
            },
            actions.helm3_defaults,
        ),
        _ => apply_mode(obj, ModeFor::Install, actions.helm3_defaults),
    };
    let started = Instant::now();
    crate::runtime::conditions::remove(&mut status.conditions, "Remediated");
    crate::runtime::conditions::remove(&mut status.conditions, testing::TEST_SUCCESS);
    let run_hooks = if is_upgrade {
        !obj.spec.upgrade.as_ref().is_some_and(|u| u.disable_hooks)
    } else {
        !obj.spec.install.as_ref().is_some_and(|i| i.disable_hooks)
    };
    // The chart's `crds/`: created (existing ones left alone) unless the action's policy says
    // otherwise; Flux's `crdPolicyOrDefault` defaults both install and upgrade to Create.
    use crate::api::helm::CrdsPolicy;
    let policy = if is_upgrade {
        obj.spec.upgrade.as_ref().and_then(|u| u.crds)
    } else {
        obj.spec.install.as_ref().and_then(|i| i.crds)
    }
    .unwrap_or(CrdsPolicy::Create);
    if policy != CrdsPolicy::Skip {
        let mut crds = Vec::new();
        for (path, text) in &rendered.crds {
            let docs = crate::kustomize::yaml::parse_stream_v2(text).map_err(|e| {
                Failure::stalled(
                    fail_reason,
                    failure_message(&format!("failed to parse CRDs from {path}: {e}")),
                )
            })?;
            crds.extend(docs.into_iter().filter(|d| d.is_object()));
        }
        if let Err(e) = actions
            .apply_crds(&crds, policy == CrdsPolicy::CreateReplace)
            .await
        {
            let msg = failure_message(&e.to_string());
            set_released(status, false, fail_reason, &msg, generation);
            return Err(retry(obj, fail_reason, msg));
        }
    }
    (actions.wait, actions.cleanup_on_fail) = match (is_upgrade, &obj.spec) {
        (true, s) => {
            let u = s.upgrade.clone().unwrap_or_default();
            (
                wait_of(
                    obj,
                    u.disable_wait,
                    u.disable_wait_for_jobs,
                    actions.helm3_defaults,
                ),
                u.cleanup_on_fail,
            )
        }
        (false, s) => {
            let i = s.install.clone().unwrap_or_default();
            (
                wait_of(
                    obj,
                    i.disable_wait,
                    i.disable_wait_for_jobs,
                    actions.helm3_defaults,
                ),
                false,
            )
        }
    };
    let outcome = match &plan {
        Plan::Upgrade(last) => {
            let base = upgrade_base(&history, last).clone();
            actions.upgrade(&base, release, run_hooks).await
        }
        _ => actions.install(release, run_hooks).await,
    };
    observe_post_rendering(obj, status);
    status.last_attempted_release_action = Some(if is_upgrade {
        ReleaseAction::Upgrade
    } else {
        ReleaseAction::Install
    });
    status.last_attempted_release_action_duration = Some(started.elapsed().into());
    let (recorded, result) = match outcome {
        Ok(r) => (r, Ok(())),
        Err((r, e)) => (r, Err(e)),
    };
    if history
        .last()
        .is_some_and(|h| h["version"] == recorded["version"])
    {
        history.pop();
    }
    let snap = snapshot(&recorded, verb, oci_digest.as_deref());
    if status
        .history
        .first()
        .is_some_and(|s| s.version == snap.version)
    {
        status.history.remove(0);
    }
    status.history.insert(0, snap);
    if is_upgrade {
        if let Some(prev) = status.history.get_mut(1) {
            if prev.status == "deployed" && result.is_ok() {
                prev.status = "superseded".into();
            }
        }
    }
    status.history.truncate(5);
    status.last_release_revision = Some(version);
    let md = event_metadata(chart, &config_digest);
    match result {
        Ok(()) => {
            // Flux determines the state again after a release: in sync, with no drift.
            if drift_mode(obj) != DriftDetectionMode::Disabled {
                no_drift(status, generation);
            }
            let msg = format!(
                "Helm {verb} succeeded for release {} with chart {}",
                full_name(&recorded),
                chart_name(chart)
            );
            set_released(status, true, install_reason, &msg, generation);
            // Flux: "failures are only relevant while the release is failed when a retry
            // strategy is configured"; otherwise the counters stay until a reset.
            let action = if is_upgrade {
                ReleaseAction::Upgrade
            } else {
                ReleaseAction::Install
            };
            if active_retry(obj, Some(action), actions.retry_by_default).is_some() {
                status.failures = None;
                status.install_failures = None;
                status.upgrade_failures = None;
            }
            let events = vec![Event::normal(install_reason, msg.clone()).with_metadata(md.clone())];
            let current = match &plan {
                Plan::Upgrade(last) => Some(upgrade_base(&history, last).clone()),
                _ => None,
            };
            let mut release = recorded;
            test_and_summarize(
                obj,
                &mut actions,
                status,
                &mut release,
                current,
                oci_digest.as_deref(),
                md,
                events,
                (install_reason, msg),
            )
            .await
        }
        Err(e) => {
            let msg = failure_message(&e.to_string());
            set_released(status, false, fail_reason, &msg, generation);
            status.failures = Some(status.failures.unwrap_or(0) + 1);
            let failures = if is_upgrade {
                status.upgrade_failures = Some(status.upgrade_failures.unwrap_or(0) + 1);
                status.upgrade_failures.unwrap_or(0)
            } else {
                status.install_failures = Some(status.install_failures.unwrap_or(0) + 1);
                status.install_failures.unwrap_or(0)
            };
            let current = match &plan {
                Plan::Upgrade(last) => Some(upgrade_base(&history, last).clone()),
                _ => None,
            };
            remediate(
                obj,
                &mut actions,
                status,
                &recorded,
                current,
                failures,
                &msg,
            )
            .await
        }
    }
}

/// `upgrade.preserveValues`: Helm's ReuseValues of `values` over the revision `current`.
pub(crate) fn reuse_values(
    chart: &crate::helm::chart::Chart,
    values: &Map<String, Value>,
    current: &Value,
) -> Result<(crate::helm::chart::Chart, Map<String, Value>), crate::helm::engine::Error> {
    let empty = Map::new();
    crate::helm::engine::reuse_values(
        chart,
        values,
        current
            .pointer("/chart/values")
            .and_then(Value::as_object)
            .unwrap_or(&empty),
        current["config"].as_object(),
    )
}

/// Flux's `GetActiveRetry`: the retry interval of the `RetryOnFailure` strategy of the
/// install or upgrade action `action` (default 5m), if that is its strategy, or, with
/// `by_default` (the `DefaultToRetryOnFailure` gate), if it names no strategy.
fn active_retry(
    obj: &HelmRelease,
    action: Option<ReleaseAction>,
    by_default: bool,
) -> Option<Duration> {
    use crate::api::helm::ActionStrategyName;
    let strategy = match action? {
        ReleaseAction::Install => obj.spec.install.as_ref().and_then(|i| i.strategy.as_ref()),
        ReleaseAction::Upgrade => obj.spec.upgrade.as_ref().and_then(|u| u.strategy.as_ref()),
    };
    // The `DefaultToRetryOnFailure` gate: an action without a strategy retries.
    let Some(strategy) = strategy else {
        return by_default.then_some(Duration::from_secs(300));
    };
    (strategy.name == ActionStrategyName::RetryOnFailure).then(|| {
        strategy
            .retry_interval
            .as_ref()
            .map(|d| d.std())
            .unwrap_or(Duration::from_secs(300))
    })
}

/// helm-controller's feature gate making `RetryOnFailure` the strategy of actions that name
/// none.
pub const DEFAULT_TO_RETRY_ON_FAILURE: &str = "DefaultToRetryOnFailure";

/// helm-controller's feature gate for Helm 3's defaults: client-side apply on install and the
/// legacy wait (off by default).
pub const USE_HELM3_DEFAULTS: &str = "UseHelm3Defaults";

/// fluxcd/pkg's `AccessDeniedReason`: a cross-namespace reference was refused.
const ACCESS_DENIED: &str = "AccessDenied";

/// The wait of an action: Flux's `getWaitStrategy` (`disableWait` waits for nothing, else the
/// release's `waitStrategy`, poller by default) and `WaitForJobs = !disableWaitForJobs`.
fn wait_of(obj: &HelmRelease, disable_wait: bool, disable_jobs: bool, helm3: bool) -> wait::Wait {
    use crate::api::helm::WaitStrategyName;
    wait::Wait {
        enabled: !disable_wait,
        strategy: match obj.spec.wait_strategy.as_ref().map(|w| w.name) {
            Some(WaitStrategyName::Legacy) => wait::Strategy::Legacy,
            Some(_) => wait::Strategy::Poller,
            // Flux's `UseHelm3Defaults` gate makes Helm 3's legacy wait the default.
            None if helm3 => wait::Strategy::Legacy,
            None => wait::Strategy::Poller,
        },
        jobs: !disable_jobs,
    }
}

/// The action whose apply mode [`apply_mode`] resolves, with the revisions it reads.
pub(crate) enum ModeFor<'a> {
    /// An install.
    Install,
    /// An upgrade: the newest revision (`auto` follows it, as Flux reads `Releases.Last`) and
    /// the one upgraded from (moving it from client-side apply rewrites field ownership).
    Upgrade { last: &'a Value, base: &'a Value },
    /// A rollback to `target` (`auto` follows it).
    Rollback { target: &'a Value },
}

/// Flux's resolution of `serverSideApply` and `force` (helm-controller's `internal/action`):
/// installs default to server-side apply (client-side with the `UseHelm3Defaults` gate),
/// upgrades and rollbacks to `auto`, which uses server-side apply only over a revision stored
/// with `apply_method: ssa`; `force` replaces objects under client-side apply only.
pub(crate) fn apply_mode(obj: &HelmRelease, action: ModeFor<'_>, helm3: bool) -> action::ApplyMode {
    use crate::api::helm::ServerSideApplyMode as M;
    let stored_ssa = |r: &Value| r["apply_method"] == "ssa";
    let resolve = |mode: Option<M>, r: &Value| match mode.unwrap_or(M::Auto) {
        M::Enabled => true,
        M::Disabled => false,
        M::Auto => stored_ssa(r),
    };
    match action {
        ModeFor::Install => {
            let install = obj.spec.install.clone().unwrap_or_default();
            let server_side = install.server_side_apply.unwrap_or(!helm3);
            action::ApplyMode {
                server_side,
                force_replace: false,
                upgrade_field_manager: true,
                three_way_unstructured: !install.disable_take_ownership && !server_side,
            }
        }
        ModeFor::Upgrade { last, base } => {
            let upgrade = obj.spec.upgrade.clone().unwrap_or_default();
            let server_side = resolve(upgrade.server_side_apply, last);
            action::ApplyMode {
                server_side,
                force_replace: upgrade.force && !server_side,
                upgrade_field_manager: server_side && !stored_ssa(base),
                three_way_unstructured: false,
            }
        }
        ModeFor::Rollback { target } => {
            let rollback = obj.spec.rollback.clone().unwrap_or_default();
            let server_side = resolve(rollback.server_side_apply, target);
            action::ApplyMode {
                server_side,
                force_replace: rollback.force && !server_side,
                upgrade_field_manager: true,
                three_way_unstructured: false,
            }
        }
    }
}

/// Flux's `ReleaseTargetChanged`: when the storage namespace, the release namespace or name,
/// or (with the default `chartNameChangeStrategy: Reinstall`) the chart name differ from the
/// latest snapshot's, the release there is uninstalled first and the history and failure
/// counts are cleared, so that the new target is installed afresh instead of clashing with
/// the objects of the old one.
async fn uninstall_moved_release(
    obj: &HelmRelease,
    actions: &mut action::Actions,
    status: &mut HelmReleaseStatus,
    previous_storage: Option<String>,
    (name, namespace, chart): (&str, &str, &str),
) -> Result<(), Failure> {
    let (Some(cur), Some(previous_storage)) = (
        status.history.first().cloned(),
        previous_storage.filter(|s| !s.is_empty()),
    ) else {
        return Ok(());
    };
    let reinstall_on_chart_name = obj
        .spec
        .upgrade
        .as_ref()
        .and_then(|u| u.chart_name_change_strategy)
        != Some(crate::api::helm::ChartNameChangeStrategy::InPlaceUpdate);
    let changed = previous_storage != actions.storage_namespace
        || cur.namespace != namespace
        || cur.name != name
        || (cur.chart_name != chart && reinstall_on_chart_name);
    if !changed {
        return Ok(());
    }
    let storage = std::mem::replace(&mut actions.storage_namespace, previous_storage);
    let uninstalled = async {
        let old = actions.history(&cur.name).await?;
        match old.last().filter(|r| Status::of(r) != Status::Uninstalled) {
            Some(last) => {
                let opts = action::UninstallOptions::of(obj.spec.uninstall.as_ref());
                actions.uninstall(last.clone(), &opts).await
            }
            None => Ok(()),
        }
    }
    .await;
    actions.storage_namespace = storage;
    uninstalled.map_err(|e| Failure::retry("UninstallFailed", e.to_string()))?;
    status.history.clear();
    status.failures = None;
    status.install_failures = None;
    status.upgrade_failures = None;
    Ok(())
}

/// Flux's loop once the release is in place: its tests when enabled and not run yet (a failed
/// one remediated unless the active remediation ignores test failures), then Ready from
/// TestSuccess, or from Released when tests are off or their failures ignored. `previous` is
/// the release a rollback remediation returns to.
#[allow(clippy::too_many_arguments)]
async fn test_and_summarize(
    obj: &HelmRelease,
    actions: &mut action::Actions,
    status: &mut HelmReleaseStatus,
    release: &mut Value,
    previous: Option<Value>,
    oci_digest: Option<&str>,
    md: BTreeMap<String, String>,
    mut events: Vec<Event>,
    released: (&'static str, String),
) -> Result<Success, Failure> {
    if !testing::enabled(obj) {
        crate::runtime::conditions::remove(&mut status.conditions, testing::TEST_SUCCESS);
        return Ok(Success {
            reason: released.0,
            message: released.1,
            events,
        });
    }
    if !status.history.first().is_some_and(testing::has_been_tested) {
        let tested = testing::run(
            obj,
            actions,
            status,
            release,
            |r, a| snapshot(r, a, oci_digest),
            md,
        )
        .await
        .map_err(|f| {
            let mut all = events.clone();
            all.extend(f.events.iter().cloned());
            f.after_events(all)
        })?;
        events.push(tested.event);
        if !tested.passed && testing::remediation_ignores_failures(obj, status) == Some(false) {
            let counter = if status.last_attempted_release_action == Some(ReleaseAction::Upgrade) {
                &mut status.upgrade_failures
            } else {
                &mut status.install_failures
            };
            *counter = Some(counter.unwrap_or(0) + 1);
            let failures = counter.unwrap_or(0);
            return remediate(
                obj,
                actions,
                status,
                release,
                previous,
                failures,
                &tested.message,
            )
            .await
            .map_err(|f| f.after_events(events));
        }
    }
    let test_success = status
        .conditions
        .iter()
        .find(|c| c.type_ == testing::TEST_SUCCESS)
        .map(|c| (c.status == "True", c.message.clone()));
    match test_success {
        Some((true, message)) if !testing::ignores_failures(obj) => Ok(Success {
            reason: testing::TEST_SUCCEEDED,
            message,
            events,
        }),
        // Flux requeues at the interval with Ready=False.
        Some((false, message)) if !testing::ignores_failures(obj) => {
            Err(
                Failure::retry_after(testing::TEST_FAILED, message, obj.spec.interval.std())
                    .after_events(events),
            )
        }
        _ => Ok(Success {
            reason: released.0,
            message: released.1,
            events,
        }),
    }
}

/// The metadata of a release's events: the chart version and the values digest.
fn event_metadata(
    chart: &crate::helm::chart::Chart,
    config_digest: &str,
) -> BTreeMap<String, String> {
    BTreeMap::from([
        (
            format!("{}/revision", crate::api::helm::GROUP),
            chart.metadata.version.clone(),
        ),
        (
            format!("{}/token", crate::api::helm::GROUP),
            config_digest.to_string(),
        ),
    ])
}

/// Flux's digests of `postRenderers` and `commonMetadata` (empty without them).
fn post_rendering_digests(obj: &HelmRelease) -> (String, String) {
    (
        crate::helm::digest::post_renderers_digest(&obj.spec.post_renderers),
        obj.spec
            .common_metadata
            .as_ref()
            .map(crate::helm::digest::common_metadata_digest)
            .unwrap_or_default(),
    )
}

/// Flux's rule for a new generation: the release is out of sync when the post-renderers or
/// the common metadata differ from those observed at the last release.
fn post_rendering_changed(obj: &HelmRelease, status: &HelmReleaseStatus) -> bool {
    if status.observed_generation == obj.metadata.generation {
        return false;
    }
    let (renderers, metadata) = post_rendering_digests(obj);
    renderers
        != status
            .observed_post_renderers_digest
            .clone()
            .unwrap_or_default()
        || metadata
            != status
                .observed_common_metadata_digest
                .clone()
                .unwrap_or_default()
}

/// Records the post-rendering digests of the spec, as Flux's summary does.
fn observe_post_rendering(obj: &HelmRelease, status: &mut HelmReleaseStatus) {
    let (renderers, metadata) = post_rendering_digests(obj);
    status.observed_post_renderers_digest = Some(renderers).filter(|d| !d.is_empty());
    status.observed_common_metadata_digest = Some(metadata).filter(|d| !d.is_empty());
}

fn drift_mode(obj: &HelmRelease) -> DriftDetectionMode {
    obj.spec
        .drift_detection
        .as_ref()
        .and_then(|d| d.mode)
        .unwrap_or_default()
}

fn no_drift(status: &mut HelmReleaseStatus, generation: i64) {
    crate::runtime::conditions::set(
        &mut status.conditions,
        reasons::DRIFTED,
        false,
        "NoDriftDetected",
        "No drift detected against the cluster state",
        Some(generation),
    );
}

/// Flux's drift step for a release in sync (`driftDetection.mode` `warn` or `enabled`): the
/// release's objects compared with the cluster; drift recorded in the Drifted condition and a
/// `DriftDetected` warning, and with `enabled` corrected (`DriftCorrected`, or
/// `DriftCorrectionFailed` with what failed and what was corrected). Without drift detection
/// the Drifted condition goes.
async fn check_drift(
    obj: &HelmRelease,
    actions: &mut action::Actions,
    status: &mut HelmReleaseStatus,
    release: &Value,
    generation: i64,
    md: BTreeMap<String, String>,
) -> Result<Vec<Event>, Failure> {
    let mode = drift_mode(obj);
    if mode == DriftDetectionMode::Disabled {
        crate::runtime::conditions::remove(&mut status.conditions, reasons::DRIFTED);
        return Ok(vec![]);
    }
    let state_error = |e: String| {
        Failure::retry(
            "StateError",
            format!("Could not determine release state: unable to determine cluster state: {e}"),
        )
    };
    let rules = obj
        .spec
        .drift_detection
        .iter()
        .flat_map(|d| &d.ignore)
        .map(|r| {
            crate::apply::IgnoreSpec::from_api(r.target.as_ref(), &r.paths)
                .map_err(|e| format!("failed to create ignore rule selector: {e}"))
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(state_error)?;
    let (set, errors) = drift::detect(actions, release, &rules)
        .await
        .map_err(state_error)?;
    if !drift::has_changes(&set) {
        if !errors.is_empty() {
            return Err(state_error(aggregate(&errors)));
        }
        no_drift(status, generation);
        return Ok(vec![]);
    }
    let message = format!(
        "Cluster state of release {} has drifted from the desired state:\n{}",
        full_name(release),
        drift::summarize(&set)
    );
    crate::runtime::conditions::set(
        &mut status.conditions,
        reasons::DRIFTED,
        true,
        "DriftDetected",
        &message,
        Some(generation),
    );
    let mut events = vec![Event {
        warning: true,
        reason: "DriftDetected".into(),
        message,
        metadata: BTreeMap::new(),
    }];
    if mode != DriftDetectionMode::Enabled {
        return Ok(events);
    }
    let (done, failed) = drift::correct(actions, &set).await;
    if !failed.is_empty() {
        let mut m = String::from("Failed to ");
        if !done.is_empty() {
            m.push_str("partially ");
        }
        m.push_str(&format!(
            "correct cluster state of release {}:\n{}",
            full_name(release),
            failed.join("\n")
        ));
        if !done.is_empty() {
            m.push_str(&format!("\n\nSuccessful corrections:\n{}", done.join("\n")));
        }
        events.push(Event {
            warning: true,
            reason: "DriftCorrectionFailed".into(),
            message: m,
            metadata: md,
        });
        return Ok(events);
    }
    events.push(
        Event::normal(
            "DriftCorrected",
            format!(
                "Cluster state of release {} has been corrected:\n{}",
                full_name(release),
                done.join("\n")
            ),
        )
        .with_metadata(md),
    );
    // Flux determines the state again after correcting it.
    if let Ok((again, errs)) = drift::detect(actions, release, &rules).await {
        if errs.is_empty() && !drift::has_changes(&again) {
            no_drift(status, generation);
        }
    }
    Ok(events)
}

/// Go's aggregate error text: one error as itself, several as `[a, b]`.
fn aggregate(errors: &[String]) -> String {
    match errors {
        [one] => one.clone(),
        many => format!("[{}]", many.join(", ")),
    }
}

/// The revision an upgrade starts from, as Helm picks it: the last deployed one, else the
/// last one.
pub(crate) fn upgrade_base<'a>(history: &'a [Value], last: &'a Value) -> &'a Value {
    history
        .iter()
        .rev()
        .find(|r| Status::of(r) == Status::Deployed)
        .unwrap_or(last)
}

fn install_retries(obj: &HelmRelease) -> i64 {
    obj.spec
        .install
        .as_ref()
        .and_then(|i| i.remediation.as_ref())
        .and_then(|r| r.retries)
        .unwrap_or(0)
}

fn upgrade_retries(obj: &HelmRelease) -> i64 {
    obj.spec
        .upgrade
        .as_ref()
        .and_then(|u| u.remediation.as_ref())
        .and_then(|r| r.retries)
        .unwrap_or(0)
}

/// Flux's `RetriesExhausted`: a negative count retries for ever.
fn exhausted(retries: i64, failures: i64) -> bool {
    retries >= 0 && failures > retries
}

/// What Flux's loop does next in the same reconcile after a failed install or upgrade: with
/// retries exhausted and the last failure not to be remediated, the release stalls; else the
/// failed release is remediated (an install by uninstalling it, an upgrade by rolling back to
/// the previous revision, or uninstalling with `strategy: uninstall`), recorded in the
/// Remediated condition, and the release is retried.
async fn remediate(
    obj: &HelmRelease,
    actions: &mut action::Actions,
    status: &mut HelmReleaseStatus,
    failed: &Value,
    current: Option<Value>,
    failures: i64,
    failure: &str,
) -> Result<Success, Failure> {
    let generation = obj.metadata.generation.unwrap_or(0);
    let is_upgrade = current.is_some();
    let (retries, remediate_last, uninstall) = if is_upgrade {
        let r = obj
            .spec
            .upgrade
            .as_ref()
            .and_then(|u| u.remediation.as_ref());
        let retries = upgrade_retries(obj);
        (
            retries,
            r.and_then(|r| r.remediate_last_failure)
                .unwrap_or(retries > 0),
            r.and_then(|r| r.strategy) == Some(crate::api::helm::RemediationStrategy::Uninstall),
        )
    } else {
        let r = obj
            .spec
            .install
            .as_ref()
            .and_then(|i| i.remediation.as_ref());
        (
            install_retries(obj),
            r.and_then(|r| r.remediate_last_failure).unwrap_or(false),
            true,
        )
    };
    let (verb, fail_reason) = if is_upgrade {
        ("upgrade", reasons::UPGRADE_FAILED)
    } else {
        ("install", reasons::INSTALL_FAILED)
    };
    // `RetryOnFailure`: no remediation; the action is tried again after the interval.
    let attempted = if is_upgrade {
        ReleaseAction::Upgrade
    } else {
        ReleaseAction::Install
    };
    if let Some(after) = active_retry(obj, Some(attempted), actions.retry_by_default) {
        return Err(
            Failure::retry_after(fail_reason, failure, after).with_reconciling_message(format!(
                "retrying after {}",
                crate::api::Duration::from(after)
            )),
        );
    }
    let out_of_retries = exhausted(retries, failures);
    // Flux's Stalled says `RetriesExceeded`, "Failed to <verb> after N attempt(s)", while Ready
    // keeps the failure (or the remediation's outcome).
    let retries_exceeded = |f: Failure| {
        f.with_stalled_condition(
            "RetriesExceeded",
            format!("Failed to {verb} after {failures} attempt(s)"),
        )
    };
    if out_of_retries && !remediate_last {
        return Err(retries_exceeded(Failure::stalled(fail_reason, failure)));
    }
    let chart = |r: &Value| {
        format!(
            "{}@{}",
            r.pointer("/chart/metadata/name")
                .and_then(Value::as_str)
                .unwrap_or_default(),
            r.pointer("/chart/metadata/version")
                .and_then(Value::as_str)
                .unwrap_or_default()
        )
    };
    let (ok, reason, message) = match current.filter(|_| !uninstall) {
        Some(target) => {
            let rollback_hooks = !obj.spec.rollback.as_ref().is_some_and(|r| r.disable_hooks);
            let spec = obj.spec.rollback.clone().unwrap_or_default();
            actions.wait = wait_of(
                obj,
                spec.disable_wait,
                spec.disable_wait_for_jobs,
                actions.helm3_defaults,
            );
            actions.mode = apply_mode(
                obj,
                ModeFor::Rollback { target: &target },
                actions.helm3_defaults,
            );
            actions.cleanup_on_fail = spec.cleanup_on_fail;
            actions.timeout = obj
                .spec
                .rollback
                .as_ref()
                .and_then(|r| r.timeout.as_ref())
                .or(obj.spec.timeout.as_ref())
                .map(|t| t.std())
                .unwrap_or(Duration::from_secs(300));
            match actions.rollback(failed, &target, rollback_hooks).await {
                Ok(rolled) => {
                    let snap = snapshot(&rolled, "rollback", None);
                    status.history.insert(0, snap);
                    status.history.truncate(5);
                    (
                        true,
                        "RollbackSucceeded",
                        format!(
                            "Helm rollback to previous release {} with chart {} succeeded",
                            full_name(&target),
                            chart(&target)
                        ),
                    )
                }
                Err((_, e)) => (
                    false,
                    "RollbackFailed",
                    format!(
                        "Helm rollback to previous release {} with chart {} failed: {e}",
                        full_name(&target),
                        chart(&target)
                    ),
                ),
            }
        }
        None => {
            let opts = action::UninstallOptions::of(obj.spec.uninstall.as_ref());
            let keep = opts.keep_history;
            let result = actions.uninstall(failed.clone(), &opts).await;
            if let Some(s) = status
                .history
                .first_mut()
                .filter(|_| result.is_ok() && keep)
            {
                s.status = "uninstalled".into();
            }
            match result {
                Ok(()) => (
                    true,
                    "UninstallSucceeded",
                    format!(
                        "Helm uninstall remediation for release {} with chart {} succeeded",
                        full_name(failed),
                        chart(failed)
                    ),
                ),
                Err(e) => (
                    false,
                    "UninstallFailed",
                    format!(
                        "Helm uninstall remediation for release {} with chart {} failed: {e}",
                        full_name(failed),
                        chart(failed)
                    ),
                ),
            }
        }
    };
    crate::runtime::conditions::set(
        &mut status.conditions,
        "Remediated",
        ok,
        reason,
        &message,
        Some(generation),
    );
    // Ready follows Remediated, which counts against it.
    let reason: &'static str = match reason {
        "RollbackSucceeded" => "RollbackSucceeded",
        "RollbackFailed" => "RollbackFailed",
        "UninstallSucceeded" => "UninstallSucceeded",
        _ => "UninstallFailed",
    };
    if out_of_retries {
        return Err(retries_exceeded(Failure::stalled(reason, message)));
    }
    Err(Failure::retry(reason, message))
}

fn static_reason(r: &str) -> &'static str {
    match r {
        reasons::INSTALL_SUCCEEDED => reasons::INSTALL_SUCCEEDED,
        _ => reasons::UPGRADE_SUCCEEDED,
    }
}

impl Reconciler for HelmReleaseReconciler {
    type Object = HelmRelease;
    const CONTROLLER: &'static str = CONTROLLER;
    const NAME: &'static str = "helmrelease";
    const FAILURE_REASON: &'static str = reason::RECONCILIATION_FAILED;

    async fn reconcile(
        &self,
        obj: &HelmRelease,
        status: &mut HelmReleaseStatus,
    ) -> Result<Success, Failure> {
        run(obj, &self.ctx, status).await
    }

    /// Uninstalls the release (unless suspended) and deletes the HelmChart Flux created.
    async fn cleanup(&self, obj: &HelmRelease) -> Result<(), Failure> {
        if !obj.spec.suspend {
            let mut actions = action::Actions::new(
                cluster_for(obj, &self.ctx).await?,
                crate::apply::Owner {
                    field_manager: CONTROLLER.into(),
                    group: crate::api::helm::GROUP.into(),
                    name: obj.name_any(),
                    namespace: obj.namespace().unwrap_or_default(),
                },
                storage_namespace(obj),
                obj.spec
                    .timeout
                    .as_ref()
                    .map(|t| t.std())
                    .unwrap_or(Duration::from_secs(300)),
                0,
            );
            actions.wait.enabled = false;
            let name = release_name(obj);
            let history = actions
                .history(&name)
                .await
                .map_err(|e| Failure::retry("UninstallFailed", e.to_string()))?;
            if let Some(last) = history
                .last()
                .filter(|r| Status::of(r) != Status::Uninstalled)
            {
                let opts = action::UninstallOptions::of(obj.spec.uninstall.as_ref());
                actions
                    .uninstall(last.clone(), &opts)
                    .await
                    .map_err(|e| Failure::retry("UninstallFailed", e.to_string()))?;
            }
        }
        if let Some((ns, name)) = helm_chart_of(obj) {
            if let Some(ar) = crate::api::registry::by_kind("HelmChart").map(|k| k.api_resource()) {
                let api: Api<kube::api::DynamicObject> =
                    Api::namespaced_with(self.ctx.client.clone(), &ns, &ar);
                match api.delete(&name, &DeleteParams::default()).await {
                    Ok(_) => {}
                    Err(e) if crate::cluster::is_not_found(&e) => {}
                    Err(e) => return Err(Failure::from(e)),
                }
            }
        }
        Ok(())
    }

    /// A new artifact of the chart's source runs the HelmReleases that use it.
    fn watches(&self, w: &mut Watches<'_, HelmRelease>) {
        fn on<S: sources::Source + serde::Serialize>(
            w: &mut Watches<'_, HelmRelease>,
            cache: &sources::Cache,
        ) {
            let watched = w.watch::<S>(|src, store| {
                sources::consumers_of(
                    src,
                    store.state(),
                    |hr: &HelmRelease| {
                        chart_source(hr).unwrap_or(SourceRef {
                            kind: String::new(),
                            name: String::new(),
                            namespace: None,
                            api_version: None,
                        })
                    },
                    |hr| {
                        hr.status
                            .as_ref()
                            .and_then(|s| s.last_attempted_revision.clone())
                    },
                )
            });
            cache.add(watched);
        }
        on::<crate::api::source::OCIRepository>(w, &self.ctx.sources);
        on::<crate::api::source::HelmChart>(w, &self.ctx.sources);
        on::<crate::api::source::ExternalArtifact>(w, &self.ctx.sources);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_helmchart_read_back_from_the_cache_matches_the_template_it_was_applied_from() {
        let want = json!({
            "apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmChart",
            "metadata": {"name": "apps-web", "namespace": "apps", "labels": {"team": "a"}},
            "spec": {"chart": "web", "version": "1.x", "interval": "5m0s",
                "sourceRef": {"kind": "HelmRepository", "name": "charts"},
                "reconcileStrategy": "ChartVersion", "valuesFiles": ["values-prod.yaml"]}
        });
        let typed: crate::api::source::HelmChart = serde_json::from_value(want.clone()).unwrap();
        let mut live = serde_json::to_value(&typed).unwrap();
        live["metadata"]["labels"]["other"] = json!("x");
        live["status"] = json!({"observedGeneration": 1});
        assert!(helm_chart_matches(&live, &want), "{live}");
        let mut changed = want.clone();
        changed["spec"]["version"] = json!("2.x");
        assert!(!helm_chart_matches(&live, &changed));
        let mut fewer = want.clone();
        fewer["spec"].as_object_mut().unwrap().remove("valuesFiles");
        assert!(!helm_chart_matches(&live, &fewer), "a field to remove");
        let mut labelled = want.clone();
        labelled["metadata"]["labels"]["team"] = json!("b");
        assert!(!helm_chart_matches(&live, &labelled));
    }

    #[test]
    fn the_retry_strategy_is_the_actions_own_or_the_gates_default() {
        let hr = |spec: serde_json::Value| -> HelmRelease {
            serde_json::from_value(json!({"apiVersion": "helm.toolkit.fluxcd.io/v2",
                "kind": "HelmRelease", "metadata": {"name": "a"},
                "spec": {"interval": "1h", "chartRef": {"kind": "OCIRepository", "name": "c"}}}))
            .map(|mut h: HelmRelease| {
                if let Some(u) = spec.get("upgrade") {
                    h.spec.upgrade = serde_json::from_value(u.clone()).unwrap();
                }
                h
            })
            .unwrap()
        };
        let plain = hr(json!({}));
        let up = Some(ReleaseAction::Upgrade);
        assert_eq!(active_retry(&plain, up, false), None);
        assert_eq!(
            active_retry(&plain, up, true),
            Some(Duration::from_secs(300))
        );
        assert_eq!(active_retry(&plain, None, true), None);
        let remediate = hr(json!({"upgrade": {"strategy": {"name": "RemediateOnFailure"}}}));
        assert_eq!(active_retry(&remediate, up, true), None);
        let retry =
            hr(json!({"upgrade": {"strategy": {"name": "RetryOnFailure", "retryInterval": "2s"}}}));
        assert_eq!(
            active_retry(&retry, up, false),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            active_retry(&retry, Some(ReleaseAction::Install), false),
            None
        );
    }

    #[test]
    fn target_paths_take_values_as_fluxs_chartutil_does() {
        let mut v = Map::new();
        replace_path_value(&mut v, "a.b", "3", false).unwrap();
        replace_path_value(&mut v, "s", "\"3\"", false).unwrap();
        replace_path_value(&mut v, "l", "x,y=[1]", true).unwrap();
        assert_eq!(
            Value::Object(v),
            json!({"a": {"b": 3}, "s": "3", "l": "x,y=[1]"})
        );
    }
}
