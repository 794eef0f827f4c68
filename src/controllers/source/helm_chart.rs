//! The HelmChart reconciler, on the shared runtime: turns a chart from a HelmRepository
//! (HTTP index or OCI registry), or a chart directory/archive in a GitRepository or Bucket
//! artifact, into Flux's artifact `helmchart/<ns>/<name>/<chart>-<version>.tgz` whose revision
//! is the chart version.
//!
//! Its steps, as source-controller's: resolve the source (no artifact yet: wait) -> build
//! (remote: pick the version from the index or the registry's tags; local: untar the source
//! artifact, load the chart with `.helmignore`, build missing dependencies from `charts/`,
//! `file://` paths or HelmRepositories matched by URL) -> add version metadata
//! (`+<generation>` with `valuesFiles`, `+<short revision>` with `reconcileStrategy:
//! Revision`) -> merge `valuesFiles` into `values.yaml` and package again when anything
//! changed, else keep the pulled bytes -> store. A stored chart with the same name and version
//! is kept unless the generation changed. Errors carry Flux's build reasons (FetchFailed for
//! reference and pull errors, BuildFailed for the rest; reference, metadata and values errors
//! stall until the object changes).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use kube::api::{Api, ListParams};
use kube::ResourceExt;

use super::helm_repository::{access, http_client, Access};
use super::{artifact_metadata, remove_artifacts, Context, StepError, CONTROLLER};
use crate::api::meta::{condition, reason, Artifact};
use crate::api::source::{
    Bucket, GitRepository, HelmChart, HelmChartSourceKind, HelmChartStatus, HelmRepository,
    HelmRepositoryType, ReconcileStrategy,
};
use crate::helm::chart::{self, Chart};
use crate::helm::index::Index;
use crate::runtime::conditions;
use crate::runtime::manager::Watches;
use crate::runtime::reconciler::{Event, Failure, Reconciler, Success};
use crate::sources::{consumers_of, SourceRef};

const KIND: &str = "HelmChart";

/// The most a chart download may hold (Helm's limit on a decompressed chart).
const MAX_DOWNLOAD: u64 = chart::MAX_DECOMPRESSED_CHART_SIZE;
/// Source-controller's `--helm-index-max-size` default, for indexes of dependencies.
const MAX_INDEX: u64 = 50 << 20;

/// Helm's media types for OCI charts.
const CHART_LAYER: &str = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
const LEGACY_CHART_LAYER: &str = "application/tar+gzip";

/// Flux's reasons specific to HelmChart.
mod why {
    pub const CHART_PULL_SUCCEEDED: &str = "ChartPullSucceeded";
    pub const CHART_PACKAGE_SUCCEEDED: &str = "ChartPackageSucceeded";
    pub const SOURCE_UNAVAILABLE: &str = "SourceUnavailable";
    pub const NO_SOURCE_ARTIFACT: &str = "NoSourceArtifact";
    pub const URL_INVALID: &str = "URLInvalid";
    pub const VERIFICATION_ERROR: &str = "VerificationError";
}

/// source-controller's chart build error reasons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BuildReason {
    Reference,
    Pull,
    MetadataPatch,
    ValuesFiles,
    Dependency,
    Package,
    Verification,
    Unknown,
}

impl BuildReason {
    fn reason(self) -> &'static str {
        match self {
            BuildReason::Reference => "InvalidChartReference",
            BuildReason::Pull => "ChartPullError",
            BuildReason::MetadataPatch => "MetadataPatchError",
            BuildReason::ValuesFiles => "ValuesFilesError",
            BuildReason::Dependency => "DependencyBuildError",
            BuildReason::Package => "ChartPackageError",
            BuildReason::Verification => "ChartVerificationError",
            BuildReason::Unknown => "Unknown",
        }
    }

    fn summary(self) -> &'static str {
        match self {
            BuildReason::Reference => "invalid chart reference",
            BuildReason::Pull => "chart pull error",
            BuildReason::MetadataPatch => "chart metadata patch error",
            BuildReason::ValuesFiles => "values files merge error",
            BuildReason::Dependency => "dependency build error",
            BuildReason::Package => "chart package error",
            BuildReason::Verification => "chart verification error",
            BuildReason::Unknown => "unknown build error",
        }
    }

    /// Errors only a change of the object fixes.
    fn persistent(self) -> bool {
        matches!(
            self,
            BuildReason::Reference | BuildReason::MetadataPatch | BuildReason::ValuesFiles
        )
    }

    /// BuildFailed (else FetchFailed).
    fn build_failed(self) -> bool {
        matches!(
            self,
            BuildReason::MetadataPatch
                | BuildReason::ValuesFiles
                | BuildReason::Dependency
                | BuildReason::Package
                | BuildReason::Verification
        )
    }
}

/// Why a run failed: a build error (Flux's `BuildError`) or another step's error.
enum ChartError {
    Build(BuildReason, String),
    Step(StepError),
}

impl From<StepError> for ChartError {
    fn from(e: StepError) -> Self {
        ChartError::Step(e)
    }
}

fn build_err(r: BuildReason, m: impl Into<String>) -> ChartError {
    ChartError::Build(r, m.into())
}

/// A finished build: the chart and where its package is.
struct Build {
    name: String,
    version: String,
    /// The package: a new file, or `None` when the stored artifact is current.
    package: Option<tempfile::NamedTempFile>,
    values_files: Vec<String>,
    packaged: bool,
    /// The chart's signature was verified.
    verified: bool,
}

impl Build {
    /// source-controller's `Build.Summary`.
    fn summary(&self) -> String {
        let action = if self.packaged { "packaged" } else { "pulled" };
        let mut s = format!(
            "{action} '{}' chart with version '{}'",
            self.name, self.version
        );
        if !self.values_files.is_empty() {
            s.push_str(&format!(
                " and merged values files [{}]",
                self.values_files.join(" ")
            ));
        }
        s
    }

    fn reason(&self) -> &'static str {
        if self.packaged {
            why::CHART_PACKAGE_SUCCEEDED
        } else {
            why::CHART_PULL_SUCCEEDED
        }
    }
}

/// What the chart comes from.
enum Source {
    Repository(Box<HelmRepository>),
    Tarball {
        kind: HelmChartSourceKind,
        artifact: Artifact,
    },
}

/// The HelmChart reconciler.
pub struct HelmChartReconciler {
    ctx: Arc<Context>,
}

impl HelmChartReconciler {
    /// A reconciler storing artifacts as `ctx` says.
    pub fn new(ctx: Arc<Context>) -> Self {
        HelmChartReconciler { ctx }
    }
}

fn source_ref(c: &HelmChart) -> SourceRef {
    let kind = match c.spec.source_ref.kind {
        HelmChartSourceKind::HelmRepository => "HelmRepository",
        HelmChartSourceKind::GitRepository => "GitRepository",
        HelmChartSourceKind::Bucket => "Bucket",
    };
    SourceRef {
        kind: kind.to_string(),
        name: c.spec.source_ref.name.clone(),
        namespace: None,
        api_version: None,
    }
}

impl Reconciler for HelmChartReconciler {
    type Object = HelmChart;
    const CONTROLLER: &'static str = CONTROLLER;
    const NAME: &'static str = "helmchart";

    async fn reconcile(
        &self,
        obj: &HelmChart,
        status: &mut HelmChartStatus,
    ) -> Result<Success, Failure> {
        let generation = obj.metadata.generation;
        super::reset_source_verified(&mut status.conditions, obj.spec.verify.is_some());
        let result = match self.source(obj).await {
            Ok(src) => {
                if let Source::Tarball { artifact, .. } = &src {
                    status.observed_source_artifact_revision = Some(artifact.revision.clone());
                } else if let Source::Repository(r) = &src {
                    if let Some(a) = r.status.as_ref().and_then(|s| s.artifact.as_ref()) {
                        status.observed_source_artifact_revision = Some(a.revision.clone());
                    }
                }
                self.build(obj, status, src).await
            }
            Err(e) => Err(e),
        };
        let build = match result {
            Ok(b) => b,
            Err(ChartError::Step(e)) => return Err(e.record(&mut status.conditions, generation)),
            Err(ChartError::Build(r, m)) => {
                let message = format!("{}: {m}", r.summary());
                let (set, clear) = if r.build_failed() {
                    (condition::BUILD_FAILED, condition::FETCH_FAILED)
                } else {
                    (condition::FETCH_FAILED, condition::BUILD_FAILED)
                };
                conditions::remove(&mut status.conditions, clear);
                conditions::set(
                    &mut status.conditions,
                    set,
                    true,
                    r.reason(),
                    &message,
                    generation,
                );
                if r == BuildReason::Verification {
                    conditions::set(
                        &mut status.conditions,
                        condition::SOURCE_VERIFIED,
                        false,
                        why::VERIFICATION_ERROR,
                        &message,
                        generation,
                    );
                }
                return Err(if r.persistent() {
                    Failure::stalled(r.reason(), message)
                } else {
                    Failure::retry(r.reason(), message)
                });
            }
        };
        for c in [condition::FETCH_FAILED, condition::BUILD_FAILED] {
            conditions::remove(&mut status.conditions, c);
        }
        if build.verified {
            conditions::set(
                &mut status.conditions,
                condition::SOURCE_VERIFIED,
                true,
                reason::SUCCEEDED,
                &format!("verified signature of version {}", build.version),
                generation,
            );
        }
        let new = self
            .store(obj, status, &build)
            .map_err(|e| e.record(&mut status.conditions, generation))?;
        let Some(artifact) = status.artifact.clone() else {
            return Err(Failure::retry(reason::FAILED, "no artifact after a build"));
        };
        let message = build.summary();
        for c in [
            condition::STORAGE_OPERATION_FAILED,
            condition::ARTIFACT_OUTDATED,
        ] {
            conditions::remove(&mut status.conditions, c);
        }
        conditions::set(
            &mut status.conditions,
            condition::ARTIFACT_IN_STORAGE,
            true,
            build.reason(),
            &message,
            generation,
        );
        let events = new
            .then(|| {
                Event::normal(build.reason(), message.clone())
                    .with_metadata(artifact_metadata(&artifact))
            })
            .into_iter()
            .collect();
        Ok(Success {
            reason: build.reason(),
            message,
            events,
        })
    }

    async fn cleanup(&self, obj: &HelmChart) -> Result<(), Failure> {
        remove_artifacts(
            &self.ctx,
            KIND,
            &obj.namespace().unwrap_or_default(),
            &obj.name_any(),
        )
    }

    fn failure_metadata(
        &self,
        _obj: &HelmChart,
        status: &HelmChartStatus,
    ) -> BTreeMap<String, String> {
        status
            .artifact
            .as_ref()
            .map(artifact_metadata)
            .unwrap_or_default()
    }

    /// A new artifact of the chart's source requests a run (Flux's
    /// `requestsFor{HelmRepository,GitRepository,Bucket}Change`).
    fn watches(&self, w: &mut Watches<'_, HelmChart>) {
        fn on<S: crate::sources::Source>(w: &mut Watches<'_, HelmChart>) {
            w.watch::<S>(|src, store| {
                consumers_of(src, store.state(), source_ref, |c| {
                    c.status
                        .as_ref()
                        .and_then(|s| s.observed_source_artifact_revision.clone())
                })
            });
        }
        on::<HelmRepository>(w);
        on::<GitRepository>(w);
        on::<Bucket>(w);
    }
}

/// source-controller's `repository.NormalizeURL`: `oci://` without a trailing slash, other
/// URLs with exactly one.
pub fn normalize_url(url: &str) -> Result<String, String> {
    if url.is_empty() {
        return Ok(String::new());
    }
    let mut u = url::Url::parse(url).map_err(|e| format!("parse {url:?}: {e}"))?;
    let path = u.path().trim_end_matches('/').to_string();
    if u.scheme() == "oci" {
        u.set_path(&path);
        return Ok(u.to_string());
    }
    u.set_path(&format!("{path}/"));
    Ok(u.to_string())
}

/// Helm's `ResolveReferenceURL`: absolute URLs as they are, relative ones against the
/// repository URL (with a trailing slash, keeping the repository's query).
fn resolve_reference_url(base: &str, reference: &str) -> Result<String, String> {
    if let Ok(u) = url::Url::parse(reference) {
        return Ok(u.to_string());
    }
    let mut b = url::Url::parse(base).map_err(|e| format!("failed to parse {base} as URL: {e}"))?;
    let query = b.query().map(String::from);
    let path = format!("{}/", b.path().trim_end_matches('/'));
    b.set_path(&path);
    b.set_query(None);
    let mut r = b
        .join(reference)
        .map_err(|e| format!("failed to parse {reference} as URL: {e}"))?;
    r.set_query(query.as_deref());
    Ok(r.to_string())
}

/// Masterminds' `SetMetadata` and `String`: the version with `meta` as build metadata.
fn with_metadata(version: &str, meta: &str) -> Result<String, ChartError> {
    let mut v = crate::masterminds::parse_version(version).map_err(|e| {
        build_err(
            BuildReason::MetadataPatch,
            format!("failed to parse version from chart metadata as SemVer: {e}"),
        )
    })?;
    v.build = semver::BuildMetadata::new(meta).map_err(|_| {
        build_err(
            BuildReason::MetadataPatch,
            "failed to set SemVer metadata on chart version: Invalid Metadata string",
        )
    })?;
    Ok(v.to_string())
}

/// A chart repository to pull from: an HTTP index or an OCI registry path.
enum Remote {
    Http {
        url: String,
        index: Index,
        client: reqwest::Client,
        basic: Option<(String, String)>,
        pass_credentials: bool,
    },
    Oci {
        base: String,
        client: crate::oci::Client,
    },
}

/// A resolved chart version and where its package is.
struct ChartVersion {
    version: String,
    url: String,
}

impl Remote {
    /// `GetChartVersion`: the version `constraint` selects. Errors are (reason, message).
    async fn chart_version(
        &self,
        name: &str,
        constraint: &str,
    ) -> Result<ChartVersion, (BuildReason, String)> {
        match self {
            Remote::Http { url, index, .. } => {
                let cv = index
                    .get(name, constraint)
                    .map_err(|e| (BuildReason::Reference, e))?;
                let first = cv.urls.as_ref().and_then(|u| u.first()).ok_or_else(|| {
                    (
                        BuildReason::Pull,
                        format!("chart '{name}' has no downloadable URLs"),
                    )
                })?;
                let resolved =
                    resolve_reference_url(url, first).map_err(|e| (BuildReason::Pull, e))?;
                Ok(ChartVersion {
                    version: cv.version.clone(),
                    url: resolved,
                })
            }
            Remote::Oci { base, client } => {
                let repo = format!("{base}/{name}");
                let r = crate::oci::Reference::parse(&repo)
                    .map_err(|e| (BuildReason::Pull, e.to_string()))?;
                if crate::masterminds::parse_flux_version(constraint).is_ok() {
                    return Ok(ChartVersion {
                        version: constraint.to_string(),
                        url: format!("oci://{repo}:{constraint}"),
                    });
                }
                let ext = |e: String| (BuildReason::Pull, e);
                let tags = client.list_tags(&r).await.map_err(|e| {
                    ext(format!(
                        "could not get tags for {name:?}: could not fetch tags for \"oci://{repo}\": {e}"
                    ))
                })?;
                // Helm's registry client: tags read back with `_` as `+`, strict SemVer only.
                let versions: Vec<String> = tags
                    .iter()
                    .map(|t| t.replace('_', "+"))
                    .filter(|t| semver::Version::parse(t).is_ok())
                    .collect();
                if versions.is_empty() {
                    return Err(ext(format!(
                        "could not get tags for {name:?}: unable to locate any tags in provided repository: oci://{repo}"
                    )));
                }
                let pick = if let Some(v) = versions.iter().find(|v| *v == constraint) {
                    Some(v.clone())
                } else {
                    let c = if constraint.is_empty() || constraint == "*" {
                        "*"
                    } else {
                        constraint
                    };
                    let c =
                        crate::masterminds::Constraint::parse(c).map_err(|e| ext(e.to_string()))?;
                    c.best(versions.iter().map(String::as_str))
                        .map(|(s, _)| s.to_string())
                };
                let v = pick.ok_or_else(|| {
                    ext(format!(
                        "could not locate a version matching provided version string {constraint}"
                    ))
                })?;
                Ok(ChartVersion {
                    url: format!("oci://{repo}:{v}"),
                    version: v,
                })
            }
        }
    }

    /// `VerifyChart`: the chart's tag resolved to a digest, its signature checked, and the
    /// version pinned to that digest. HTTP repositories cannot verify, as in Flux.
    async fn verify(
        &self,
        client: &kube::Client,
        ns: &str,
        verify: &crate::api::source::OCIRepositoryVerification,
        mut cv: ChartVersion,
    ) -> Result<(ChartVersion, bool), String> {
        let Remote::Oci { client: oci, .. } = self else {
            return Err("not implemented".into());
        };
        let reference = cv.url.trim_start_matches("oci://").replace('+', "_");
        let r = crate::oci::Reference::parse(&reference)
            .map_err(|e| format!("invalid chart reference: {e}"))?;
        let digest = oci
            .resolve(&r)
            .await
            .map_err(|e| format!("failed to resolve digest for '{}': {e}", cv.url))?;
        let pinned = r.with_digest(&digest);
        cv.url = format!("oci://{pinned}");
        let verified = super::verify_signature(client, oci, ns, verify, &r, &digest)
            .await
            .map_err(|e| format!("failed to verify {}: {e}", cv.url))?;
        Ok((cv, verified))
    }

    /// `DownloadChart`: the package bytes.
    async fn download(&self, cv: &ChartVersion) -> Result<Vec<u8>, String> {
        match self {
            Remote::Http {
                url,
                client,
                basic,
                pass_credentials,
                ..
            } => {
                let target = url::Url::parse(&cv.url).map_err(|e| e.to_string())?;
                let repo = url::Url::parse(url).map_err(|e| e.to_string())?;
                let same_host = target.host_str() == repo.host_str()
                    && target.port_or_known_default() == repo.port_or_known_default();
                let mut req = client.get(target.clone());
                if let Some((u, p)) = basic.as_ref().filter(|_| *pass_credentials || same_host) {
                    req = req.basic_auth(u, Some(p));
                }
                let mut resp = req.send().await.map_err(|e| e.to_string())?;
                if !resp.status().is_success() {
                    return Err(format!("failed to fetch {} : {}", cv.url, resp.status()));
                }
                let mut out = Vec::new();
                while let Some(chunk) = resp.chunk().await.map_err(|e| e.to_string())? {
                    if (out.len() + chunk.len()) as u64 > MAX_DOWNLOAD {
                        return Err(format!(
                            "chart exceeds the maximum size of {MAX_DOWNLOAD} bytes"
                        ));
                    }
                    out.extend_from_slice(&chunk);
                }
                Ok(out)
            }
            Remote::Oci { client, .. } => {
                let reference = cv.url.trim_start_matches("oci://");
                let reference = match reference.split_once('@') {
                    Some(_) => reference.to_string(),
                    None => reference.replace('+', "_"),
                };
                let r = crate::oci::Reference::parse(&reference).map_err(|e| e.to_string())?;
                let failed = |e: String| format!("failed to get '{}': {e}", cv.url);
                let manifest = client
                    .manifest(&r)
                    .await
                    .map_err(|e| failed(e.to_string()))?;
                let json = manifest.json().map_err(|e| failed(e.to_string()))?;
                let layer = json["layers"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|l| {
                        matches!(
                            l["mediaType"].as_str(),
                            Some(CHART_LAYER | LEGACY_CHART_LAYER)
                        )
                    })
                    .ok_or_else(|| {
                        failed(format!(
                            "manifest does not contain a layer with mediatype {CHART_LAYER}"
                        ))
                    })?;
                if layer["size"].as_u64().is_some_and(|s| s > MAX_DOWNLOAD) {
                    return Err(failed(format!(
                        "chart exceeds the maximum size of {MAX_DOWNLOAD} bytes"
                    )));
                }
                let digest = layer["digest"].as_str().unwrap_or_default();
                client
                    .blob_bytes(&r, digest)
                    .await
                    .map_err(|e| failed(e.to_string()))
            }
        }
    }
}

fn auth_failed(m: String) -> StepError {
    StepError::fetch(reason::AUTHENTICATION_FAILED, m)
}

impl HelmChartReconciler {
    /// The chart's source, or why there is none to build from.
    async fn source(&self, obj: &HelmChart) -> Result<Source, ChartError> {
        let ns = obj.namespace().unwrap_or_default();
        let name = &obj.spec.source_ref.name;
        let unavailable = |m: String| {
            ChartError::Step(StepError::fetch(
                why::SOURCE_UNAVAILABLE,
                format!("failed to get source: {m}"),
            ))
        };
        let no_artifact = || {
            let kind = source_ref(obj).kind;
            let m = format!("no artifact available for {kind} source '{name}'");
            ChartError::Step(StepError {
                failure: Failure::waiting(why::NO_SOURCE_ARTIFACT, m),
                condition: condition::FETCH_FAILED,
            })
        };
        async fn get<K>(
            client: &kube::Client,
            ns: &str,
            name: &str,
            plural: &str,
        ) -> Result<K, String>
        where
            K: kube::Resource<DynamicType = (), Scope = k8s_openapi::NamespaceResourceScope>
                + Clone
                + serde::de::DeserializeOwned
                + std::fmt::Debug,
        {
            let api: Api<K> = Api::namespaced(client.clone(), ns);
            match api.get_opt(name).await {
                Ok(Some(o)) => Ok(o),
                Ok(None) => Err(format!(
                    "{plural}.source.toolkit.fluxcd.io \"{name}\" not found"
                )),
                Err(e) => Err(crate::cluster::api_message(&e)),
            }
        }
        let client = &self.ctx.client;
        let kind = obj.spec.source_ref.kind;
        let artifact = match kind {
            HelmChartSourceKind::HelmRepository => {
                let repo: HelmRepository = get(client, &ns, name, "helmrepositories")
                    .await
                    .map_err(unavailable)?;
                let oci = repo.spec.type_ == Some(HelmRepositoryType::Oci);
                let has = repo
                    .status
                    .as_ref()
                    .and_then(|s| s.artifact.as_ref())
                    .is_some_and(|a| self.ctx.storage.exists(a));
                if !oci && !has {
                    return Err(no_artifact());
                }
                return Ok(Source::Repository(Box::new(repo)));
            }
            HelmChartSourceKind::GitRepository => {
                let g: GitRepository = get(client, &ns, name, "gitrepositories")
                    .await
                    .map_err(unavailable)?;
                g.status.and_then(|s| s.artifact)
            }
            HelmChartSourceKind::Bucket => {
                let b: Bucket = get(client, &ns, name, "buckets")
                    .await
                    .map_err(unavailable)?;
                b.status.and_then(|s| s.artifact)
            }
        };
        match artifact.filter(|a| self.ctx.storage.exists(a)) {
            Some(artifact) => Ok(Source::Tarball { kind, artifact }),
            None => Err(no_artifact()),
        }
    }

    async fn build(
        &self,
        obj: &HelmChart,
        status: &HelmChartStatus,
        src: Source,
    ) -> Result<Build, ChartError> {
        match src {
            Source::Repository(repo) => self.build_remote(obj, status, &repo).await,
            Source::Tarball { kind, artifact } => {
                self.build_local(obj, status, kind, &artifact).await
            }
        }
    }

    /// The stored chart's path when it is still current: same name and version, and the
    /// generation has not changed (Flux's `CachedChart` without `Force`).
    fn cached(&self, obj: &HelmChart, status: &HelmChartStatus, name: &str, version: &str) -> bool {
        let force = obj.metadata.generation != status.observed_generation;
        let Some(a) = status.artifact.as_ref().filter(|_| !force) else {
            return false;
        };
        let path = self.ctx.storage.root.join(&a.path);
        chart::metadata_from_archive(&path).is_ok_and(|md| md.name == name && md.version == version)
    }

    fn cached_build(
        obj: &HelmChart,
        status: &HelmChartStatus,
        name: &str,
        version: &str,
        packaged: bool,
    ) -> Build {
        let values_files = if status.observed_values_files.is_empty() {
            obj.spec.values_files.clone()
        } else {
            status.observed_values_files.clone()
        };
        Build {
            name: name.to_string(),
            version: version.to_string(),
            package: None,
            values_files,
            packaged,
            verified: false,
        }
    }

    /// A repository client for `repo` (or, for dependencies without a HelmRepository, for
    /// `url` anonymously).
    async fn remote(
        &self,
        repo: Option<&HelmRepository>,
        url: &str,
        index_from_storage: bool,
    ) -> Result<Remote, ChartError> {
        let normalized = normalize_url(url).map_err(|e| {
            ChartError::Step(StepError {
                failure: Failure::stalled(
                    why::URL_INVALID,
                    format!("invalid Helm repository URL: {e}"),
                ),
                condition: condition::FETCH_FAILED,
            })
        })?;
        let (acc, timeout, insecure, pass_credentials) = match repo {
            Some(r) => (
                access(&self.ctx.client, r).await?,
                r.spec
                    .timeout
                    .map(|d| d.std())
                    .unwrap_or(Duration::from_secs(60)),
                r.spec.insecure,
                r.spec.pass_credentials,
            ),
            None => (Access::default(), Duration::from_secs(60), false, false),
        };
        if let Some(rest) = normalized.strip_prefix("oci://") {
            let mut keychain = crate::oci::Keychain::default();
            if let Some((u, p)) = &acc.basic {
                keychain = crate::oci::Keychain::fixed(crate::oci::keychain::Auth::Basic {
                    username: u.clone(),
                    password: p.clone(),
                });
            }
            if let (Some(r), Some(s)) = (repo, repo.and_then(|r| r.spec.secret_ref.as_ref())) {
                let ns = r.namespace().unwrap_or_default();
                let data = super::secret_data(&self.ctx.client, &ns, &s.name)
                    .await
                    .map_err(|e| {
                        auth_failed(format!("failed to get secret '{ns}/{}': {e}", s.name))
                    })?;
                if let Some(bytes) = data.get(".dockerconfigjson") {
                    keychain
                        .add_docker_config(&format!("secret '{ns}/{}'", s.name), bytes)
                        .map_err(|e| auth_failed(e.to_string()))?;
                }
            }
            let opts = crate::oci::client::Options {
                insecure,
                ca_pem: acc.ca.clone(),
                identity_pem: acc.identity.clone(),
                timeout: Some(timeout),
                user_agent: Some(format!(
                    "flux-source-controller/{}",
                    crate::version::version()
                )),
                ..Default::default()
            };
            let client = crate::oci::Client::new(keychain, &opts).map_err(|e| {
                ChartError::Step(StepError::fetch(
                    reason::FAILED,
                    format!("failed to construct Helm client: {e}"),
                ))
            })?;
            return Ok(Remote::Oci {
                base: rest.to_string(),
                client,
            });
        }
        let client = http_client(&acc, timeout)?;
        let stored = repo
            .and_then(|r| r.status.as_ref())
            .and_then(|s| s.artifact.as_ref())
            .map(|a| self.ctx.storage.root.join(&a.path))
            .filter(|p| index_from_storage || p.is_file());
        let index = match stored {
            Some(path) => tokio::task::spawn_blocking(move || Index::from_file(&path))
                .await
                .map_err(|e| build_err(BuildReason::Pull, e.to_string()))?
                .map_err(|e| build_err(BuildReason::Pull, e.to_string()))?
                .map_err(|e| build_err(BuildReason::Pull, e.to_string()))?,
            None => {
                let index_url = format!("{normalized}index.yaml");
                let mut req = client.get(&index_url);
                if let Some((u, p)) = &acc.basic {
                    req = req.basic_auth(u, Some(p));
                }
                let mut resp = req
                    .send()
                    .await
                    .map_err(|e| build_err(BuildReason::Pull, e.without_url().to_string()))?;
                if !resp.status().is_success() {
                    return Err(build_err(
                        BuildReason::Pull,
                        format!("failed to fetch {index_url} : {}", resp.status()),
                    ));
                }
                let mut bytes = Vec::new();
                while let Some(c) = resp
                    .chunk()
                    .await
                    .map_err(|e| build_err(BuildReason::Pull, e.to_string()))?
                {
                    if (bytes.len() + c.len()) as u64 > MAX_INDEX {
                        return Err(build_err(
                            BuildReason::Pull,
                            format!(
                                "index exceeds the maximum index file size of {MAX_INDEX} bytes"
                            ),
                        ));
                    }
                    bytes.extend_from_slice(&c);
                }
                Index::from_bytes(&bytes)
                    .map_err(|e| build_err(BuildReason::Pull, e.to_string()))?
            }
        };
        Ok(Remote::Http {
            url: normalized,
            index,
            client,
            basic: acc.basic,
            pass_credentials,
        })
    }

    /// A chart from a HelmRepository (source-controller's remote builder).
    async fn build_remote(
        &self,
        obj: &HelmChart,
        status: &HelmChartStatus,
        repo: &HelmRepository,
    ) -> Result<Build, ChartError> {
        let oci = repo.spec.type_ == Some(HelmRepositoryType::Oci);
        if oci && !repo.spec.url.starts_with("oci://") {
            return Err(ChartError::Step(StepError {
                failure: Failure::stalled(
                    why::URL_INVALID,
                    format!(
                        "invalid Helm repository URL: invalid OCI registry URL: {}",
                        repo.spec.url
                    ),
                ),
                condition: condition::FETCH_FAILED,
            }));
        }
        let remote = self.remote(Some(repo), &repo.spec.url, true).await?;
        let constraint = obj.spec.version.clone().unwrap_or_else(|| "*".into());
        let mut cv = remote
            .chart_version(&obj.spec.chart, &constraint)
            .await
            .map_err(|(r, m)| {
                build_err(
                    r,
                    format!("failed to get chart version for remote reference: {m}"),
                )
            })?;
        // Verification, on every run: OCI charts only (Flux's HTTP repositories implement
        // none); the download is pinned to the verified digest.
        let mut verified = false;
        if let Some(v) = obj.spec.verify.as_ref() {
            let ns = repo.namespace().unwrap_or_default();
            (cv, verified) = remote
                .verify(&self.ctx.client, &ns, v, cv)
                .await
                .map_err(|e| build_err(BuildReason::Verification, e))?;
        }
        let mut version = cv.version.clone();
        let values_files = &obj.spec.values_files;
        if !values_files.is_empty() {
            let generation = obj.metadata.generation.unwrap_or_default();
            version = with_metadata(&version, &generation.to_string())?;
        }
        let name = obj.spec.chart.clone();
        let requires_packaging = !values_files.is_empty();
        if self.cached(obj, status, &name, &version) {
            return Ok(Self::cached_build(
                obj,
                status,
                &name,
                &version,
                requires_packaging,
            ));
        }
        let bytes = remote.download(&cv).await.map_err(|e| {
            let lower = e.to_lowercase();
            let auth = ["401", "unauthorized", "authentication required", "tls", "unknown certificate authority"]
                .iter()
                .any(|k| lower.contains(k));
            if auth {
                ChartError::Step(auth_failed(format!(
                    "failed to authenticate with the Helm repository: {}: failed to download chart for remote reference: {e}",
                    BuildReason::Pull.summary()
                )))
            } else {
                build_err(
                    BuildReason::Pull,
                    format!("failed to download chart for remote reference: {e}"),
                )
            }
        })?;
        let obj = obj.clone();
        let version2 = version.clone();
        tokio::task::spawn_blocking(move || {
            let mut out = tempfile::NamedTempFile::new()
                .map_err(|e| build_err(BuildReason::Pull, e.to_string()))?;
            if !requires_packaging {
                let meta = {
                    std::io::Write::write_all(&mut out, &bytes)
                        .map_err(|e| build_err(BuildReason::Pull, e.to_string()))?;
                    chart::metadata_from_archive(out.path())
                };
                meta.map_err(|e| {
                    build_err(
                        BuildReason::Pull,
                        format!("failed to load chart metadata from written chart: {e}"),
                    )
                })?;
                return Ok(Build {
                    name: obj.spec.chart.clone(),
                    version: version2,
                    package: Some(out),
                    values_files: vec![],
                    packaged: false,
                    verified,
                });
            }
            let mut c = Chart::from_archive(&bytes[..]).map_err(|e| {
                build_err(
                    BuildReason::Package,
                    format!("failed to load downloaded chart: {e}"),
                )
            })?;
            c.metadata.version = version2.clone();
            let (merged, files) = merge_chart_values(
                &c,
                &obj.spec.values_files,
                obj.spec.ignore_missing_values_files,
            )
            .map_err(|e| {
                build_err(
                    BuildReason::ValuesFiles,
                    format!("failed to merge chart values: {e}"),
                )
            })?;
            let changed = c
                .overwrite_values(&merged)
                .map_err(|e| build_err(BuildReason::ValuesFiles, e.to_string()))?;
            let tgz = c
                .package()
                .map_err(|e| build_err(BuildReason::Package, e.to_string()))?;
            std::io::Write::write_all(&mut out, &tgz)
                .map_err(|e| build_err(BuildReason::Package, e.to_string()))?;
            Ok(Build {
                name: obj.spec.chart.clone(),
                version: version2,
                package: Some(out),
                values_files: if changed { files } else { vec![] },
                packaged: true,
                verified,
            })
        })
        .await
        .map_err(|e| build_err(BuildReason::Unknown, e.to_string()))?
    }

    /// A chart from a GitRepository or Bucket artifact (source-controller's local builder).
    async fn build_local(
        &self,
        obj: &HelmChart,
        status: &HelmChartStatus,
        kind: HelmChartSourceKind,
        artifact: &Artifact,
    ) -> Result<Build, ChartError> {
        let work = tempfile::tempdir().map_err(|e| {
            ChartError::Step(StepError::fetch(
                "DirCreationFailed",
                format!("failed to create temporary working directory: {e}"),
            ))
        })?;
        let root = work.path().join("source");
        let tarball = self.ctx.storage.root.join(&artifact.path);
        {
            let root = root.clone();
            tokio::task::spawn_blocking(move || {
                let f = std::fs::File::open(&tarball)?;
                let limits = crate::artifact::extract::Limits {
                    max_file_size: u64::MAX,
                    max_total_size: u64::MAX,
                    skip_symlinks: false,
                };
                crate::artifact::extract::extract_tar_gz(f, &root, limits)
                    .map_err(|e| std::io::Error::other(e.to_string()))
            })
            .await
            .map_err(|e| build_err(BuildReason::Unknown, e.to_string()))?
            .map_err(|e| {
                ChartError::Step(StepError {
                    failure: Failure::retry(reason::FAILED, format!("artifact untar error: {e}")),
                    condition: condition::FETCH_FAILED,
                })
            })?;
        }
        // Version metadata: the source revision with `reconcileStrategy: Revision`, the
        // generation with values files.
        let mut meta = String::new();
        if obj.spec.reconcile_strategy == Some(ReconcileStrategy::Revision) {
            let rev = &artifact.revision;
            let rev = match kind {
                HelmChartSourceKind::GitRepository => rev
                    .rsplit_once(':')
                    .map(|(_, h)| h)
                    .or_else(|| rev.rsplit_once('/').map(|(_, h)| h))
                    .unwrap_or(rev)
                    .to_string(),
                HelmChartSourceKind::Bucket => {
                    rev.strip_prefix("sha256:").unwrap_or(rev).to_string()
                }
                HelmChartSourceKind::HelmRepository => rev.clone(),
            };
            meta = rev.chars().take(12).collect();
        }
        if !obj.spec.values_files.is_empty() {
            if !meta.is_empty() {
                meta.push('.');
            }
            meta.push_str(&obj.metadata.generation.unwrap_or_default().to_string());
        }
        let chart_path = chart::secure_join(&root, &obj.spec.chart)
            .map_err(|e| build_err(BuildReason::Reference, e.to_string()))?;
        let is_dir = chart_path.is_dir();
        let metadata = chart_metadata(&chart_path, &obj.spec.chart)
            .map_err(|e| build_err(BuildReason::Reference, e))?;
        let version = if meta.is_empty() {
            metadata.version.clone()
        } else {
            with_metadata(&metadata.version, &meta)?
        };
        let name = metadata.name.clone();
        let requires_packaging = is_dir || !meta.is_empty() || !obj.spec.values_files.is_empty();
        if self.cached(obj, status, &name, &version) {
            return Ok(Self::cached_build(
                obj,
                status,
                &name,
                &version,
                requires_packaging,
            ));
        }
        if !requires_packaging {
            let out = tempfile::NamedTempFile::new()
                .map_err(|e| build_err(BuildReason::Pull, e.to_string()))?;
            std::fs::copy(&chart_path, out.path()).map_err(|e| {
                build_err(
                    BuildReason::Pull,
                    format!("failed to open file to copy from: {e}"),
                )
            })?;
            return Ok(Build {
                name,
                version,
                package: Some(out),
                values_files: vec![],
                packaged: false,
                verified: false,
            });
        }
        let merged = if obj.spec.values_files.is_empty() {
            None
        } else {
            Some(
                merge_file_values(
                    &root,
                    &obj.spec.values_files,
                    obj.spec.ignore_missing_values_files,
                )
                .map_err(|e| build_err(BuildReason::ValuesFiles, e))?,
            )
        };
        let mut c = if is_dir {
            Chart::from_dir(&root, &obj.spec.chart)
        } else {
            std::fs::File::open(&chart_path)
                .map_err(|e| chart::Error::Io(e.to_string()))
                .and_then(Chart::from_archive)
        }
        .map_err(|e| build_err(BuildReason::Package, e.to_string()))?;
        c.metadata.version = version.clone();
        let mut values_files = vec![];
        if let Some((values, files)) = &merged {
            if c.overwrite_values(values)
                .map_err(|e| build_err(BuildReason::ValuesFiles, e.to_string()))?
            {
                values_files = files.clone();
            }
        }
        if is_dir {
            self.build_dependencies(obj, &root, &obj.spec.chart, &mut c)
                .await
                .map_err(|e| build_err(BuildReason::Dependency, e))?;
        }
        let tgz = c
            .package()
            .map_err(|e| build_err(BuildReason::Package, e.to_string()))?;
        let mut out = tempfile::NamedTempFile::new()
            .map_err(|e| build_err(BuildReason::Package, e.to_string()))?;
        std::io::Write::write_all(&mut out, &tgz)
            .map_err(|e| build_err(BuildReason::Package, e.to_string()))?;
        Ok(Build {
            name,
            version,
            package: Some(out),
            values_files,
            packaged: true,
            verified: false,
        })
    }

    /// source-controller's `DependencyManager.Build`: adds the dependencies the chart declares
    /// (`Chart.lock` first, else `Chart.yaml`) and does not have yet, from `charts/<name>`,
    /// `file://` paths in the source, or chart repositories (the namespace's HelmRepository
    /// with that URL for credentials, else anonymously).
    async fn build_dependencies(
        &self,
        obj: &HelmChart,
        root: &Path,
        chart_path: &str,
        c: &mut Chart,
    ) -> Result<(), String> {
        let reqs = match &c.lock {
            Some(l) => l.dependencies.clone(),
            None => c.metadata.dependencies.clone(),
        };
        if c.dependencies.len() == reqs.len() {
            return Ok(());
        }
        let mut missing = BTreeMap::new();
        for d in reqs {
            let name = if d.alias.is_empty() {
                d.name.clone()
            } else {
                d.alias.clone()
            };
            if !c.dependencies.iter().any(|x| x.name() == name) {
                missing.insert(name, d);
            }
        }
        let mut remotes: BTreeMap<String, Remote> = BTreeMap::new();
        let ns = obj.namespace().unwrap_or_default();
        for (name, dep) in missing {
            let local = dep.repository.is_empty() || dep.repository.starts_with("file://");
            let mut sub = if local {
                local_dependency(root, chart_path, &dep)
                    .map_err(|e| format!("failed to add local dependency '{name}': {e}"))?
            } else {
                let fail = |e: String| format!("failed to add remote dependency '{name}': {e}");
                let url = normalize_url(&dep.repository).map_err(fail)?;
                if !(url.starts_with("oci://")
                    || url.starts_with("https://")
                    || url.starts_with("http://"))
                {
                    let what = if url.starts_with('@') || url.starts_with("alias:") {
                        "aliased repository dependency is not supported"
                    } else {
                        "url scheme is not supported"
                    };
                    return Err(fail(format!("{what}: {url}")));
                }
                if !remotes.contains_key(&url) {
                    let repo = self.repository_for(&ns, &url).await.map_err(|e| {
                        fail(format!(
                            "failed to get chart repository for URL '{url}': {e}"
                        ))
                    })?;
                    let remote = match self.remote(repo.as_ref(), &url, false).await {
                        Ok(r) => r,
                        Err(ChartError::Build(_, m)) => {
                            return Err(fail(format!(
                                "failed to get chart repository for URL '{url}': {m}"
                            )))
                        }
                        Err(ChartError::Step(s)) => {
                            return Err(fail(format!(
                                "failed to get chart repository for URL '{url}': {}",
                                s.failure.message
                            )))
                        }
                    };
                    remotes.insert(url.clone(), remote);
                }
                let remote = &remotes[&url];
                let cv = remote
                    .chart_version(&dep.name, &dep.version)
                    .await
                    .map_err(|(_, m)| {
                        fail(format!(
                            "failed to get chart '{}' version '{}' from '{}': {m}",
                            dep.name, dep.version, dep.repository
                        ))
                    })?;
                let bytes = remote.download(&cv).await.map_err(|e| {
                    fail(format!(
                        "chart download of version '{}' failed: {e}",
                        cv.version
                    ))
                })?;
                Chart::from_archive(&bytes[..]).map_err(|e| {
                    fail(format!(
                        "failed to load downloaded archive of version '{}': {e}",
                        cv.version
                    ))
                })?
            };
            if !dep.alias.is_empty() {
                sub.metadata.name = dep.alias.clone();
            }
            c.dependencies.push(sub);
        }
        Ok(())
    }

    /// The HelmRepository in `ns` whose normalised URL is `url`, if any.
    async fn repository_for(&self, ns: &str, url: &str) -> Result<Option<HelmRepository>, String> {
        let api: Api<HelmRepository> = Api::namespaced(self.ctx.client.clone(), ns);
        let list = api.list(&ListParams::default()).await.map_err(|e| {
            format!(
                "unable to retrieve HelmRepositoryList: {}",
                crate::cluster::api_message(&e)
            )
        })?;
        Ok(list
            .items
            .into_iter()
            .find(|r| normalize_url(&r.spec.url).is_ok_and(|u| u == url)))
    }

    /// Stores a new package as the artifact (none when the stored one is current); returns
    /// whether the artifact changed.
    fn store(
        &self,
        obj: &HelmChart,
        status: &mut HelmChartStatus,
        build: &Build,
    ) -> Result<bool, StepError> {
        let Some(package) = &build.package else {
            return Ok(false);
        };
        let ns = obj.namespace().unwrap_or_default();
        let name = obj.name_any();
        let file = format!("{}-{}.tgz", build.name, build.version);
        let artifact = self
            .ctx
            .storage
            .store_path(KIND, &ns, &name, &file, package.path(), &build.version)
            .map_err(|e| {
                StepError::storage(
                    "ArchiveOperationFailed",
                    format!("unable to copy Helm chart to storage: {e}"),
                )
            })?;
        let changed =
            status.artifact.as_ref().and_then(|a| a.digest.as_ref()) != artifact.digest.as_ref();
        match self.ctx.storage.symlink(&artifact, "latest.tar.gz") {
            Ok(url) => status.url = Some(url),
            Err(e) => tracing::warn!(error = %e, "failed to update status URL symlink"),
        }
        if let Err(e) = self
            .ctx
            .storage
            .garbage_collect(KIND, &ns, &name, &artifact.path)
        {
            tracing::warn!(error = %e, "garbage collecting artifacts");
        }
        status.observed_chart_name = Some(build.name.clone());
        status.observed_values_files = if obj.spec.ignore_missing_values_files {
            build.values_files.clone()
        } else {
            vec![]
        };
        status.artifact = Some(artifact);
        Ok(changed)
    }
}

/// Flux's `LoadChartMetadata`: `Chart.yaml` of a chart directory, or of a packaged chart.
fn chart_metadata(path: &Path, shown: &str) -> Result<chart::Metadata, String> {
    if path.is_dir() {
        let data = std::fs::read(path.join("Chart.yaml")).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                format!("unable to load chart metadata from '{shown}': no 'Chart.yaml' found")
            } else {
                e.to_string()
            }
        })?;
        let mut md = chart::Metadata::parse(&data, "Chart.yaml").map_err(|e| e.to_string())?;
        if md.api_version.is_empty() {
            md.api_version = "v1".into();
        }
        md.validate().map_err(|e| e.to_string())?;
        return Ok(md);
    }
    if !path.exists() {
        return Err(format!("stat {shown}: no such file or directory"));
    }
    chart::metadata_from_archive(path).map_err(|e| e.to_string())
}

/// A local dependency: `charts/<name>` without a repository, else the `file://` path
/// relative to the chart, inside the source; its version must fit the constraint.
fn local_dependency(
    root: &Path,
    chart_path: &str,
    dep: &chart::Dependency,
) -> Result<Chart, String> {
    let rel = if dep.repository.is_empty() {
        format!("{chart_path}/charts/{}", dep.name)
    } else {
        let rest = dep.repository.trim_start_matches("file://");
        format!("{chart_path}/{rest}")
    };
    let path: PathBuf = chart::secure_join(root, &rel).map_err(|e| e.to_string())?;
    let shown = path
        .strip_prefix(root)
        .map(|p| format!("/{}", p.display()))
        .unwrap_or_default();
    if !path.exists() {
        return Err(format!(
            "no chart found at '{shown}' (reference '{}')",
            dep.repository
        ));
    }
    let constraint = crate::masterminds::Constraint::parse(&dep.version)
        .map_err(|e| format!("invalid version/constraint format '{}': {e}", dep.version))?;
    let rel_path = path
        .strip_prefix(root)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    let c = if path.is_dir() {
        Chart::from_dir(root, &rel_path)
    } else {
        std::fs::File::open(&path)
            .map_err(|e| chart::Error::Io(e.to_string()))
            .and_then(Chart::from_archive)
    }
    .map_err(|e| {
        format!(
            "failed to load chart from '{shown}' (reference '{}'): {e}",
            dep.repository
        )
    })?;
    let v = crate::masterminds::parse_version(&c.metadata.version).map_err(|e| e.to_string())?;
    if !constraint.matches(&v) {
        return Err(format!(
            "can't get a valid version for constraint '{}'",
            dep.version
        ));
    }
    Ok(c)
}

/// source-controller's `mergeChartValues` for packaged charts: `values.yaml` is the chart's
/// defaults, other paths are files of the chart.
fn merge_chart_values(
    c: &Chart,
    paths: &[String],
    ignore_missing: bool,
) -> Result<(serde_json::Map<String, serde_json::Value>, Vec<String>), String> {
    let mut merged = serde_json::Map::new();
    let mut used = Vec::new();
    for p in paths {
        let cleaned = p.trim_start_matches("./");
        let data = if cleaned == "values.yaml" {
            c.values
                .as_ref()
                .map(|f| f.data.clone())
                .unwrap_or_default()
        } else {
            match c.files.iter().find(|f| f.name == cleaned) {
                Some(f) => f.data.clone(),
                None if ignore_missing => continue,
                None => return Err(format!("no values file found at path '{p}'")),
            }
        };
        let values = chart::parse_values(&data, p)?;
        merged = chart::merge_maps(&merged, &values);
        used.push(p.clone());
    }
    Ok((merged, used))
}

/// source-controller's `mergeFileValues` for local charts: paths relative to the source root.
fn merge_file_values(
    root: &Path,
    paths: &[String],
    ignore_missing: bool,
) -> Result<(serde_json::Map<String, serde_json::Value>, Vec<String>), String> {
    let mut merged = serde_json::Map::new();
    let mut used = Vec::new();
    for p in paths {
        let path = chart::secure_join(root, p).map_err(|e| e.to_string())?;
        let shown = path
            .strip_prefix(root)
            .map(|r| format!("/{}", r.display()))
            .unwrap_or_default();
        match std::fs::metadata(&path) {
            Err(e) if ignore_missing && e.kind() == std::io::ErrorKind::NotFound => continue,
            Ok(m) if m.is_file() => {}
            _ => {
                return Err(format!(
                    "no values file found at path '{shown}' (reference '{p}')"
                ))
            }
        }
        let data = std::fs::read(&path)
            .map_err(|e| format!("could not read values from file '{p}': {e}"))?;
        let values = chart::parse_values(&data, p)?;
        merged = chart::merge_maps(&merged, &values);
        used.push(p.clone());
    }
    Ok((merged, used))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_normalise_as_source_controller_does() {
        assert_eq!(
            normalize_url("https://x.io/charts").unwrap(),
            "https://x.io/charts/"
        );
        assert_eq!(
            normalize_url("https://x.io/charts//").unwrap(),
            "https://x.io/charts/"
        );
        assert_eq!(
            normalize_url("oci://x.io/charts/").unwrap(),
            "oci://x.io/charts"
        );
        assert_eq!(
            resolve_reference_url("https://x.io/charts/", "p-1.0.0.tgz").unwrap(),
            "https://x.io/charts/p-1.0.0.tgz"
        );
        assert_eq!(
            resolve_reference_url("https://x.io/charts?t=1", "../p.tgz").unwrap(),
            "https://x.io/p.tgz?t=1"
        );
        assert_eq!(
            resolve_reference_url("https://x.io/", "https://cdn.io/p.tgz").unwrap(),
            "https://cdn.io/p.tgz"
        );
    }

    #[test]
    fn version_metadata_replaces_build_metadata() {
        assert_eq!(with_metadata("1.2.3", "7").ok().unwrap(), "1.2.3+7");
        assert_eq!(
            with_metadata("1.2.3+old", "abc.2").ok().unwrap(),
            "1.2.3+abc.2"
        );
        assert_eq!(with_metadata("v1.2", "1").ok().unwrap(), "1.2.0+1");
        assert!(matches!(
            with_metadata("1.2.3", "a_b"),
            Err(ChartError::Build(BuildReason::MetadataPatch, _))
        ));
    }

    #[test]
    fn build_summaries_read_as_flux_writes_them() {
        let b = Build {
            name: "podinfo".into(),
            version: "6.0.0+2".into(),
            package: None,
            values_files: vec!["values.yaml".into(), "values-prod.yaml".into()],
            packaged: true,
            verified: false,
        };
        assert_eq!(
            b.summary(),
            "packaged 'podinfo' chart with version '6.0.0+2' and merged values files [values.yaml values-prod.yaml]"
        );
        assert_eq!(b.reason(), "ChartPackageSucceeded");
        assert!(BuildReason::Reference.persistent() && !BuildReason::Pull.persistent());
        assert!(BuildReason::Dependency.build_failed() && !BuildReason::Pull.build_failed());
    }
}
