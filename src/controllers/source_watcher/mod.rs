//! source-watcher: the ArtifactGenerator reconciler, on the shared runtime. It composes and
//! decomposes the artifacts of other sources (GitRepository, OCIRepository, Bucket, HelmChart,
//! ExternalArtifact) into ExternalArtifacts it owns and serves from its artifact storage.
//!
//! Its steps, as source-watcher v2.2.3's: validate the spec (duplicate aliases or artifact
//! names, names that are not object names, unknown revision aliases, cross-namespace sources
//! under `--no-cross-namespace-refs`: stalled) -> observe the sources' artifacts (none yet:
//! SourceFetchFailed, checked again after `--requeue-dependency`) -> stop when nothing drifted
//! (same generation, same sources digest, every inventoried artifact in storage with its
//! digest, the same ExternalArtifacts in the cluster) -> fetch the sources (digests checked) ->
//! for each output artifact apply its copy operations ([`builder`]), name the tarball after the
//! tree's content hash, store it (revision `latest@<digest>` or a source's revision with
//! `revision: '@alias'`, `originRevision` metadata) and apply its ExternalArtifact (labels,
//! `sourceRef` to the generator, Ready status) -> delete the ExternalArtifacts that left the
//! spec -> record the inventory. With `pathPattern`, the output artifacts are templates
//! rendered once per matching directory of the source (captures become names, labels and
//! copy paths).

pub mod builder;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use kube::api::{Api, DeleteParams, ListParams, Patch, PatchParams};
use kube::runtime::reflector::ObjectRef;
use kube::{Resource, ResourceExt};
use serde_json::json;
use sha2::Digest as _;

use crate::api::extensions::{
    ArtifactGenerator, ArtifactGeneratorStatus, ExternalArtifactReference, SourceKind, FINALIZER,
    GENERATOR_LABEL, ORIGIN_REVISION,
};
use crate::api::meta::{Artifact, Condition};
use crate::api::source::ExternalArtifact;
use crate::controllers::source::Context;
use crate::runtime::manager::Watches;
use crate::runtime::reconciler::{Event, Failure, Reconciler, Success};

/// The controller name in events, metrics, field managers and labels.
pub const CONTROLLER: &str = "source-watcher";

const EA_KIND: &str = "ExternalArtifact";

/// source-watcher's reasons.
mod why {
    pub const VALIDATION_FAILED: &str = "ValidationFailed";
    pub const ACCESS_DENIED: &str = "AccessDenied";
    pub const SOURCE_FETCH_FAILED: &str = "SourceFetchFailed";
    pub const BUILD_FAILED: &str = "BuildFailed";
    pub const RECONCILIATION_FAILED: &str = "ReconciliationFailed";
    pub const SUCCEEDED: &str = "Succeeded";
}

/// What a generator saw of one source.
#[derive(Clone, Debug, PartialEq)]
struct Observed {
    digest: String,
    revision: String,
    origin_revision: Option<String>,
    url: String,
}

/// source-watcher's `HashObservedSources`: `sha256:` over the sorted
/// `alias=[digest=…,revision=…,url=…]` parts joined with `|`.
fn hash_observed(sources: &BTreeMap<String, Observed>) -> String {
    let mut parts: Vec<String> = sources
        .iter()
        .map(|(alias, o)| {
            format!(
                "{alias}=[digest={},revision={},url={}]",
                o.digest, o.revision, o.url
            )
        })
        .collect();
    parts.sort();
    format!(
        "sha256:{}",
        hex::encode(sha2::Sha256::digest(parts.join("|").as_bytes()))
    )
}

/// Kubernetes' `NameIsDNSSubdomain`.
fn dns_subdomain_errors(name: &str) -> Vec<String> {
    let mut errs = vec![];
    if name.len() > 253 {
        errs.push("must be no more than 253 characters".to_string());
    }
    let re =
        regex::Regex::new(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
            .expect("static regex");
    if !re.is_match(name) {
        errs.push("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')".to_string());
    }
    errs
}

fn has_path_pattern(obj: &ArtifactGenerator) -> bool {
    obj.spec
        .path_pattern
        .as_deref()
        .is_some_and(|p| !p.is_empty())
}

/// Kubernetes' `IsLabelValue` errors.
fn label_value_errors(v: &str) -> Vec<String> {
    let mut errs = vec![];
    if v.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    let re =
        regex::Regex::new(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$").expect("static regex");
    if !re.is_match(v) {
        errs.push("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')".to_string());
    }
    errs
}

/// Kubernetes' `IsQualifiedName` errors for a label key without a prefix.
fn label_key_errors(k: &str) -> Vec<String> {
    let mut errs = vec![];
    if k.is_empty() {
        errs.push("name part must be non-empty".to_string());
        return errs;
    }
    if k.len() > 63 {
        errs.push("name part must be no more than 63 characters".to_string());
    }
    let re =
        regex::Regex::new(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$").expect("static regex");
    if !re.is_match(k) {
        errs.push("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')".to_string());
    }
    errs
}

fn capture_name_ok(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// source-watcher's `validatePathPatternCaptures`.
fn validate_captures(path_pattern: &str, pattern: &str) -> Result<(), String> {
    let b = pattern.as_bytes();
    let mut seen = std::collections::BTreeSet::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'{' => {
                let Some(end) = pattern[i + 1..].find('}') else {
                    return Err(format!("pathPattern {path_pattern:?}: invalid capture starting at offset {i}: missing closing brace"));
                };
                let name = &pattern[i + 1..i + 1 + end];
                if name.is_empty() {
                    return Err(format!(
                        "pathPattern {path_pattern:?}: empty capture variable"
                    ));
                }
                if !capture_name_ok(name) {
                    return Err(format!("pathPattern {path_pattern:?}: capture variable {name:?} must be a valid capture name matching [A-Za-z_][A-Za-z0-9_]*"));
                }
                if !seen.insert(name.to_string()) {
                    return Err(format!(
                        "pathPattern {path_pattern:?}: duplicate capture variable {name:?}"
                    ));
                }
                i += end + 2;
                continue;
            }
            b'}' => {
                return Err(format!("pathPattern {path_pattern:?}: invalid capture ending at offset {i}: missing opening brace"));
            }
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// source-watcher's `renderTemplateString`: `{name}` replaced from `data`.
fn render_template(tmpl: &str, data: &BTreeMap<String, String>) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = tmpl;
    let mut offset = 0;
    while let Some(pos) = rest.find(['{', '}']) {
        out.push_str(&rest[..pos]);
        let at = offset + pos;
        if rest.as_bytes()[pos] == b'}' {
            return Err(format!(
                "invalid template {tmpl:?}: capture ending at offset {at} is missing opening brace"
            ));
        }
        let Some(end) = rest[pos + 1..].find('}') else {
            return Err(format!("invalid template {tmpl:?}: capture starting at offset {at} is missing closing brace"));
        };
        let name = &rest[pos + 1..pos + 1 + end];
        if name.is_empty() {
            return Err(format!("invalid template {tmpl:?}: empty capture variable"));
        }
        if !capture_name_ok(name) {
            return Err(format!("invalid template {tmpl:?}: capture variable {name:?} must be a valid capture name matching [A-Za-z_][A-Za-z0-9_]*"));
        }
        let Some(v) = data.get(name) else {
            return Err(format!("invalid template {tmpl:?}: capture variable {name:?} is not defined by pathPattern"));
        };
        out.push_str(v);
        offset += pos + end + 2;
        rest = &rest[pos + end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

type Requests = Vec<(
    crate::api::extensions::OutputArtifact,
    BTreeMap<String, String>,
)>;

/// source-watcher's `buildArtifactRequests`: the output artifacts as written, or with
/// `pathPattern` one set per matching directory of the source (captures lowercased into names
/// and labels, raw in copy paths). Errors are (terminal, message).
fn expand(
    obj: &ArtifactGenerator,
    dirs: &BTreeMap<String, PathBuf>,
) -> Result<Requests, (bool, String)> {
    let Some(pp) = obj.spec.path_pattern.as_deref().filter(|p| !p.is_empty()) else {
        return Ok(obj
            .spec
            .output_artifacts
            .iter()
            .map(|oa| (oa.clone(), BTreeMap::new()))
            .collect());
    };
    let terminal = |m: String| (true, m);
    let (alias, pattern) = pp
        .strip_prefix('@')
        .and_then(|r| r.split_once('/'))
        .ok_or_else(|| terminal(format!("invalid pathPattern format: {pp}")))?;
    let root = dirs.get(alias).ok_or_else(|| {
        terminal(format!(
            "pathPattern {pp:?}: source alias {alias} not found in local sources"
        ))
    })?;
    validate_captures(pp, pattern).map_err(terminal)?;
    let escaped = regex::escape(pattern);
    let capture = regex::Regex::new(r"\\\{([a-zA-Z0-9_]+)\\\}").expect("static regex");
    let re_text = format!("^{}$", capture.replace_all(&escaped, "(?P<$1>[^/]+)"));
    let re = regex::Regex::new(&re_text).map_err(|e| {
        terminal(format!(
            "pathPattern {pp:?}: failed to compile path pattern: {e}"
        ))
    })?;
    let names: Vec<String> = re.capture_names().flatten().map(String::from).collect();
    for n in &names {
        let errs = label_key_errors(n);
        if !errs.is_empty() {
            return Err(terminal(format!(
                "pathPattern {pp:?}: capture variable {n:?} is not a valid Kubernetes label key: {}",
                errs.join("; ")
            )));
        }
    }
    let mut out = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for e in walkdir::WalkDir::new(root).min_depth(1).sort_by_file_name() {
        let e = e.map_err(|e| (false, format!("failed to walk source directory: {e}")))?;
        if !e.file_type().is_dir() {
            continue;
        }
        let rel = e
            .path()
            .strip_prefix(root)
            .map(|r| r.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let Some(caps) = re.captures(&rel) else {
            continue;
        };
        let raw: BTreeMap<String, String> = names
            .iter()
            .filter_map(|n| caps.name(n).map(|m| (n.clone(), m.as_str().to_string())))
            .collect();
        let normalized: BTreeMap<String, String> = raw
            .iter()
            .map(|(k, v)| (k.clone(), v.to_lowercase()))
            .collect();
        for (k, v) in &normalized {
            let errs = label_value_errors(v);
            if !errs.is_empty() {
                return Err(terminal(format!(
                    "pathPattern {pp:?}: captured value {v:?} for variable {k:?} is not a valid Kubernetes label value: {}",
                    errs.join("; ")
                )));
            }
        }
        for oa in &obj.spec.output_artifacts {
            let render = |t: &str, d: &BTreeMap<String, String>| {
                render_template(t, d).map_err(|e| {
                    terminal(format!(
                        "pathPattern {pp:?}: failed to render artifact {} for match {rel}: {e}",
                        oa.name
                    ))
                })
            };
            let mut req = oa.clone();
            req.name = render(&oa.name, &normalized)?;
            for c in &mut req.copy {
                c.from = render(&c.from, &raw)?;
                c.to = render(&c.to, &raw)?;
            }
            let errs = dns_subdomain_errors(&req.name);
            if !errs.is_empty() {
                return Err(terminal(format!(
                    "pathPattern {pp:?}: rendered artifact name {:?} is not a valid Kubernetes object name: {}",
                    req.name,
                    errs.join("; ")
                )));
            }
            if let Some(prev) = seen.get(&req.name) {
                return Err(terminal(format!(
                    "pathPattern {pp:?}: directories {prev:?} and {rel:?} both resolve to artifact name {:?}",
                    req.name
                )));
            }
            seen.insert(req.name.clone(), rel.clone());
            out.push((req, normalized.clone()));
        }
    }
    Ok(out)
}

/// The ArtifactGenerator reconciler.
pub struct ArtifactGeneratorReconciler {
    ctx: Arc<Context>,
}

impl ArtifactGeneratorReconciler {
    /// A reconciler storing its ExternalArtifacts' artifacts as `ctx` says.
    pub fn new(ctx: Arc<Context>) -> Self {
        ArtifactGeneratorReconciler { ctx }
    }
}

impl Reconciler for ArtifactGeneratorReconciler {
    type Object = ArtifactGenerator;
    const CONTROLLER: &'static str = CONTROLLER;
    const NAME: &'static str = "artifactgenerator";
    const FINALIZER_NAME: &'static str = FINALIZER;

    async fn reconcile(
        &self,
        obj: &ArtifactGenerator,
        status: &mut ArtifactGeneratorStatus,
    ) -> Result<Success, Failure> {
        self.validate(obj)?;
        let sources = self.observe(obj).await.map_err(|m| {
            Failure::waiting(why::SOURCE_FETCH_FAILED, format!("get sources failed: {m}"))
        })?;
        let digest = hash_observed(&sources);
        if !self.drifted(obj, status, &digest).await {
            return Ok(Success {
                reason: why::SUCCEEDED,
                message: format!(
                    "reconciliation succeeded, generated {} artifact(s)",
                    status.inventory.len()
                ),
                events: vec![],
            });
        }
        let work = tempfile::tempdir().map_err(|e| {
            Failure::retry(why::BUILD_FAILED, format!("failed to create tmp dir: {e}"))
        })?;
        let dirs = self.fetch(&sources, work.path()).await.map_err(|m| {
            Failure::waiting(
                why::SOURCE_FETCH_FAILED,
                format!("fetch sources failed: {m}"),
            )
        })?;
        let ns = obj.namespace().unwrap_or_default();
        let requests = expand(obj, &dirs).map_err(|(terminal, m)| {
            let m = format!("failed to expand path pattern: {m}");
            if terminal {
                Failure::stalled(why::BUILD_FAILED, m)
            } else {
                Failure::retry(why::BUILD_FAILED, m)
            }
        })?;
        let mut refs = Vec::new();
        for (oa, captured) in &requests {
            let artifact = self
                .build(oa, &dirs, &ns, work.path(), &sources)
                .await
                .map_err(|m| {
                    Failure::retry(why::BUILD_FAILED, format!("{} build failed: {m}", oa.name))
                })?;
            let r = self
                .apply_external_artifact(obj, &oa.name, &artifact, captured)
                .await
                .map_err(|m| {
                    Failure::retry(
                        why::RECONCILIATION_FAILED,
                        format!("{} reconcile failed: {m}", oa.name),
                    )
                })?;
            refs.push(r);
        }
        let orphans: Vec<ExternalArtifactReference> = status
            .inventory
            .iter()
            .filter(|i| {
                !refs
                    .iter()
                    .any(|r| r.name == i.name && r.namespace == i.namespace)
            })
            .cloned()
            .collect();
        self.remove(&orphans).await;
        for r in &refs {
            let keep = format!(
                "{}/{}",
                crate::artifact::storage::Storage::object_dir(EA_KIND, &r.namespace, &r.name),
                r.filename
            );
            if let Err(e) = self
                .ctx
                .storage
                .garbage_collect(EA_KIND, &r.namespace, &r.name, &keep)
            {
                tracing::warn!(error = %e, "garbage collecting artifacts");
            }
        }
        let changed: Vec<String> =
            refs.iter()
                .filter(|r| {
                    !status.inventory.iter().any(|i| {
                        i.name == r.name && i.namespace == r.namespace && i.digest == r.digest
                    })
                })
                .map(|r| format!("{}/{} ({})", r.namespace, r.name, r.digest))
                .collect();
        status.inventory = refs;
        status.observed_sources_digest = Some(digest);
        let events = if changed.is_empty() {
            vec![]
        } else {
            vec![Event::normal(
                "Ready",
                format!("external artifacts reconciled: {}", changed.join("\n")),
            )]
        };
        Ok(Success {
            reason: why::SUCCEEDED,
            message: format!(
                "reconciliation succeeded, generated {} artifact(s)",
                status.inventory.len()
            ),
            events,
        })
    }

    /// Deletes the generated ExternalArtifacts and their artifacts.
    async fn cleanup(&self, obj: &ArtifactGenerator) -> Result<(), Failure> {
        let inventory = obj
            .status
            .as_ref()
            .map(|s| s.inventory.clone())
            .unwrap_or_default();
        self.remove(&inventory).await;
        Ok(())
    }

    /// A change of a referenced source (or of a generated ExternalArtifact) requests a run.
    fn watches(&self, w: &mut Watches<'_, ArtifactGenerator>) {
        fn on<S>(w: &mut Watches<'_, ArtifactGenerator>, kind: SourceKind)
        where
            S: kube::Resource<DynamicType = (), Scope = k8s_openapi::NamespaceResourceScope>
                + Clone
                + serde::de::DeserializeOwned
                + std::fmt::Debug
                + Send
                + Sync
                + 'static,
        {
            w.watch::<S>(move |src, store| {
                let ns = src.meta().namespace.clone().unwrap_or_default();
                let name = src.meta().name.clone().unwrap_or_default();
                let owner = src
                    .meta()
                    .labels
                    .as_ref()
                    .and_then(|l| l.get(GENERATOR_LABEL))
                    .cloned();
                store
                    .state()
                    .into_iter()
                    .filter(|g| {
                        let gns = g.namespace().unwrap_or_default();
                        let uses = g.spec.sources.iter().any(|s| {
                            s.kind == kind
                                && s.name == name
                                && s.namespace.clone().unwrap_or_else(|| gns.clone()) == ns
                        });
                        uses || owner.as_deref() == g.meta().uid.as_deref()
                    })
                    .map(|g| ObjectRef::from_obj(g.as_ref()))
                    .collect()
            });
        }
        use crate::api::source::{Bucket, GitRepository, HelmChart, OCIRepository};
        on::<GitRepository>(w, SourceKind::GitRepository);
        on::<OCIRepository>(w, SourceKind::OciRepository);
        on::<Bucket>(w, SourceKind::Bucket);
        on::<HelmChart>(w, SourceKind::HelmChart);
        on::<ExternalArtifact>(w, SourceKind::ExternalArtifact);
    }
}

impl ArtifactGeneratorReconciler {
    /// source-watcher's `validateSpec`.
    fn validate(&self, obj: &ArtifactGenerator) -> Result<(), Failure> {
        let ns = obj.namespace().unwrap_or_default();
        let invalid = |m: String| Failure::stalled(why::VALIDATION_FAILED, m);
        let mut aliases = std::collections::BTreeSet::new();
        for s in &obj.spec.sources {
            if !aliases.insert(s.alias.as_str()) {
                return Err(invalid(format!(
                    "duplicate source alias '{}' found",
                    s.alias
                )));
            }
            if self.ctx.runtime.no_cross_namespace_refs
                && s.namespace
                    .as_deref()
                    .is_some_and(|n| !n.is_empty() && n != ns)
            {
                return Err(Failure::stalled(
                    why::ACCESS_DENIED,
                    format!(
                        "cross-namespace reference to source {}/{}/{} is not allowed",
                        s.kind.as_str(),
                        s.namespace.as_deref().unwrap_or_default(),
                        s.name
                    ),
                ));
            }
        }
        let mut names = std::collections::BTreeSet::new();
        for a in &obj.spec.output_artifacts {
            if !names.insert(a.name.as_str()) {
                return Err(invalid(format!(
                    "duplicate artifact name '{}' found",
                    a.name
                )));
            }
            let errs = if has_path_pattern(obj) {
                vec![]
            } else {
                dns_subdomain_errors(&a.name)
            };
            if !errs.is_empty() {
                return Err(invalid(format!(
                    "artifact name {:?} is not a valid Kubernetes object name: {}",
                    a.name,
                    errs.join("; ")
                )));
            }
            if let Some(r) = &a.revision {
                let alias = r.trim_start_matches('@');
                if !aliases.contains(alias) {
                    return Err(invalid(format!(
                        "artifact {} revision source alias '{alias}' not found",
                        a.name
                    )));
                }
            }
        }
        Ok(())
    }

    /// The artifact of every source, by alias.
    async fn observe(&self, obj: &ArtifactGenerator) -> Result<BTreeMap<String, Observed>, String> {
        let gns = obj.namespace().unwrap_or_default();
        let mut out = BTreeMap::new();
        for s in &obj.spec.sources {
            let ns = s
                .namespace
                .clone()
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| gns.clone());
            let kind = crate::api::registry::expect(s.kind.as_str());
            let api: Api<kube::api::DynamicObject> =
                Api::namespaced_with(self.ctx.client.clone(), &ns, &kind.api_resource());
            let o = match api.get_opt(&s.name).await {
                Ok(Some(o)) => o,
                Ok(None) => {
                    return Err(format!(
                        "{}.{} \"{}\" not found",
                        kind.plural, kind.group, s.name
                    ))
                }
                Err(e) => {
                    return Err(format!(
                        "unable to get source '{ns}/{}': {}",
                        s.name,
                        crate::cluster::api_message(&e)
                    ))
                }
            };
            let artifact: Option<Artifact> = o
                .data
                .get("status")
                .and_then(|st| st.get("artifact"))
                .and_then(|a| serde_json::from_value(a.clone()).ok());
            let Some(a) = artifact else {
                return Err(format!(
                    "source '{}/{ns}/{}' is not ready",
                    s.kind.as_str(),
                    s.name
                ));
            };
            out.insert(
                s.alias.clone(),
                Observed {
                    digest: a.digest.clone().unwrap_or_default(),
                    revision: a.revision.clone(),
                    origin_revision: a
                        .metadata
                        .as_ref()
                        .and_then(|m| m.get(ORIGIN_REVISION))
                        .cloned(),
                    url: a.url.clone(),
                },
            );
        }
        Ok(out)
    }

    /// source-watcher's drift detection.
    async fn drifted(
        &self,
        obj: &ArtifactGenerator,
        status: &ArtifactGeneratorStatus,
        digest: &str,
    ) -> bool {
        let ready: Option<&Condition> =
            crate::api::meta::find_condition(&status.conditions, "Ready");
        if ready.is_none_or(|c| c.status != "True") {
            return true;
        }
        if ready.and_then(|c| c.observed_generation) != obj.metadata.generation {
            return true;
        }
        if status.observed_sources_digest.as_deref() != Some(digest) {
            return true;
        }
        if !has_path_pattern(obj) && status.inventory.len() != obj.spec.output_artifacts.len() {
            return true;
        }
        for r in &status.inventory {
            let path = self
                .ctx
                .storage
                .root
                .join(crate::artifact::storage::Storage::object_dir(
                    EA_KIND,
                    &r.namespace,
                    &r.name,
                ))
                .join(&r.filename);
            match std::fs::read(&path) {
                Ok(bytes) => {
                    let d = format!("sha256:{}", hex::encode(sha2::Sha256::digest(&bytes)));
                    if d != r.digest {
                        let _ = std::fs::remove_file(&path);
                        return true;
                    }
                }
                Err(_) => return true,
            }
        }
        // The ExternalArtifacts in the cluster are the inventoried ones.
        let ns = obj.namespace().unwrap_or_default();
        let api: Api<ExternalArtifact> = Api::namespaced(self.ctx.client.clone(), &ns);
        let uid = obj.meta().uid.clone().unwrap_or_default();
        let Ok(list) = api
            .list(&ListParams::default().labels(&format!("{GENERATOR_LABEL}={uid}")))
            .await
        else {
            return true;
        };
        if list.items.len() != status.inventory.len() {
            return true;
        }
        !list.items.iter().all(|ea| {
            let d = ea
                .status
                .as_ref()
                .and_then(|s| s.artifact.as_ref())
                .and_then(|a| a.digest.clone())
                .unwrap_or_default();
            status
                .inventory
                .iter()
                .any(|i| i.name == ea.name_any() && i.digest == d)
        })
    }

    /// Every source's artifact fetched (digest checked) into `<work>/<alias>`.
    async fn fetch(
        &self,
        sources: &BTreeMap<String, Observed>,
        work: &std::path::Path,
    ) -> Result<BTreeMap<String, PathBuf>, String> {
        let mut dirs = BTreeMap::new();
        let opts = crate::artifact::fetch::FetchOptions {
            max_size: u64::MAX,
            limits: crate::artifact::extract::Limits {
                max_file_size: u64::MAX,
                max_total_size: u64::MAX,
                skip_symlinks: false,
            },
            ..Default::default()
        };
        for (alias, o) in sources {
            let dir = work.join("sources").join(alias);
            crate::artifact::fetch::fetch(&o.url, &o.digest, &dir, &opts)
                .await
                .map_err(|e| e.to_string())?;
            dirs.insert(alias.clone(), dir);
        }
        Ok(dirs)
    }

    /// One output artifact built and stored.
    async fn build(
        &self,
        oa: &crate::api::extensions::OutputArtifact,
        dirs: &BTreeMap<String, PathBuf>,
        ns: &str,
        work: &std::path::Path,
        sources: &BTreeMap<String, Observed>,
    ) -> Result<Artifact, String> {
        let staging = work.join("staging").join(&oa.name);
        std::fs::create_dir_all(&staging)
            .map_err(|e| format!("failed to create staging dir: {e}"))?;
        let storage = self.ctx.storage.clone();
        let (ops, dirs, name, ns) = (
            oa.copy.clone(),
            dirs.clone(),
            oa.name.clone(),
            ns.to_string(),
        );
        let mut artifact = tokio::task::spawn_blocking(move || -> Result<Artifact, String> {
            builder::apply(&ops, &dirs, &staging)
                .map_err(|e| format!("failed to apply copy operations: {e}"))?;
            let hash = builder::dir_hash(&staging, &name)
                .map_err(|e| format!("failed to hash staging dir: {e}"))?;
            let filter = crate::artifact::ignore::Filter::defaults(&staging)
                .map_err(|e| format!("failed to create artifact: {e}"))?;
            let mut a = storage
                .store_dir_as(
                    EA_KIND,
                    &ns,
                    &name,
                    &staging,
                    Some(&filter),
                    "",
                    Some(&format!("{hash}.tar.gz")),
                )
                .map_err(|e| format!("failed to create artifact: {e}"))?;
            a.revision = format!("latest@{}", a.digest.clone().unwrap_or_default());
            Ok(a)
        })
        .await
        .map_err(|e| e.to_string())??;
        if let Some(src) = oa
            .revision
            .as_deref()
            .and_then(|r| sources.get(r.trim_start_matches('@')))
        {
            artifact.revision = src.revision.clone();
        }
        if let Some(r) = &oa.origin_revision {
            let md = artifact.metadata.get_or_insert_with(BTreeMap::new);
            if let Some(src) = sources.get(r.trim_start_matches('@')) {
                md.insert(
                    ORIGIN_REVISION.to_string(),
                    src.origin_revision
                        .clone()
                        .unwrap_or_else(|| src.revision.clone()),
                );
            }
        }
        Ok(artifact)
    }

    /// Applies the ExternalArtifact `name` for `artifact` (object, then status).
    async fn apply_external_artifact(
        &self,
        obj: &ArtifactGenerator,
        name: &str,
        artifact: &Artifact,
        captured: &BTreeMap<String, String>,
    ) -> Result<ExternalArtifactReference, String> {
        let ns = obj.namespace().unwrap_or_default();
        let mut labels = BTreeMap::new();
        let mut annotations = BTreeMap::new();
        if let Some(cm) = &obj.spec.common_metadata {
            labels.extend(cm.labels.clone());
            annotations.extend(cm.annotations.clone());
        }
        labels.extend(captured.clone());
        labels.insert(
            "app.kubernetes.io/managed-by".to_string(),
            CONTROLLER.to_string(),
        );
        labels.insert(
            GENERATOR_LABEL.to_string(),
            obj.meta().uid.clone().unwrap_or_default(),
        );
        let mut meta = json!({ "name": name, "namespace": ns, "labels": labels });
        if !annotations.is_empty() {
            meta["annotations"] = json!(annotations);
        }
        let ea = json!({
            "apiVersion": "source.toolkit.fluxcd.io/v1",
            "kind": EA_KIND,
            "metadata": meta,
            "spec": { "sourceRef": {
                "apiVersion": format!("{}/{}", crate::api::extensions::GROUP, crate::api::extensions::VERSION),
                "kind": "ArtifactGenerator",
                "name": obj.name_any(),
                "namespace": ns,
            }},
        });
        let api: Api<ExternalArtifact> = Api::namespaced(self.ctx.client.clone(), &ns);
        let pp = PatchParams::apply(CONTROLLER).force();
        let applied = api
            .patch(name, &pp, &Patch::Apply(&ea))
            .await
            .map_err(|e| {
                format!(
                    "failed to apply ExternalArtifact: {}",
                    crate::cluster::api_message(&e)
                )
            })?;
        let status = json!({
            "apiVersion": "source.toolkit.fluxcd.io/v1",
            "kind": EA_KIND,
            "metadata": { "name": name, "namespace": ns },
            "status": {
                "artifact": artifact,
                "conditions": [{
                    "observedGeneration": applied.metadata.generation,
                    "type": "Ready",
                    "status": "True",
                    "lastTransitionTime": k8s_openapi::jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
                    "reason": "Succeeded",
                    "message": "Artifact is ready",
                }],
            },
        });
        api.patch_status(
            name,
            &PatchParams::apply(CONTROLLER).force(),
            &Patch::Apply(&status),
        )
        .await
        .map_err(|e| {
            format!(
                "failed to patchStatus ExternalArtifact status: {}",
                crate::cluster::api_message(&e)
            )
        })?;
        Ok(ExternalArtifactReference {
            name: name.to_string(),
            namespace: ns,
            digest: artifact.digest.clone().unwrap_or_default(),
            filename: artifact
                .path
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_string(),
        })
    }

    /// Deletes ExternalArtifacts and their stored artifacts (best effort, logged).
    async fn remove(&self, refs: &[ExternalArtifactReference]) {
        for r in refs {
            let api: Api<ExternalArtifact> = Api::namespaced(self.ctx.client.clone(), &r.namespace);
            if let Err(e) = api.delete(&r.name, &DeleteParams::default()).await {
                if !matches!(&e, kube::Error::Api(s) if s.code == 404) {
                    tracing::warn!(name = %r.name, error = %crate::cluster::api_message(&e), "deleting ExternalArtifact");
                }
            }
            if let Err(e) = self.ctx.storage.remove_all(EA_KIND, &r.namespace, &r.name) {
                tracing::warn!(name = %r.name, error = %e, "removing artifacts");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn observed_sources_hash_as_source_watcher_does() {
        let o = |d: &str| Observed {
            digest: d.into(),
            revision: "r".into(),
            origin_revision: None,
            url: "u".into(),
        };
        let m = BTreeMap::from([("b".to_string(), o("2")), ("a".to_string(), o("1"))]);
        let expected = format!(
            "sha256:{}",
            hex::encode(sha2::Sha256::digest(
                b"a=[digest=1,revision=r,url=u]|b=[digest=2,revision=r,url=u]"
            ))
        );
        assert_eq!(hash_observed(&m), expected);
    }

    #[test]
    fn templates_render_captures_and_name_their_errors() {
        let d = BTreeMap::from([("app".to_string(), "web".to_string())]);
        assert_eq!(
            render_template("@repo/apps/{app}/**", &d).unwrap(),
            "@repo/apps/web/**"
        );
        assert!(render_template("{env}", &d)
            .unwrap_err()
            .contains("capture variable \"env\" is not defined by pathPattern"));
        assert!(render_template("x}", &d)
            .unwrap_err()
            .contains("missing opening brace"));
        assert!(validate_captures("@r/{a}/{a}", "{a}/{a}")
            .unwrap_err()
            .contains("duplicate"));
        assert!(validate_captures("@r/{1a}", "{1a}").is_err());
    }

    #[test]
    fn path_patterns_expand_per_matching_directory() {
        let src = tempfile::tempdir().unwrap();
        for d in ["apps/Web/envs/prod", "apps/api/envs/dev", "apps/api/other"] {
            std::fs::create_dir_all(src.path().join(d)).unwrap();
        }
        let mut g: ArtifactGenerator = serde_json::from_value(serde_json::json!({
            "apiVersion": "source.extensions.fluxcd.io/v1beta1", "kind": "ArtifactGenerator",
            "metadata": {"name": "g", "namespace": "n"},
            "spec": {"sources": [{"alias": "mono", "kind": "GitRepository", "name": "m"}],
                     "pathPattern": "@mono/apps/{app}/envs/{env}",
                     "artifacts": [{"name": "{app}-{env}",
                        "copy": [{"from": "@mono/apps/{app}/envs/{env}/**", "to": "@artifact/"}]}]}
        }))
        .unwrap();
        let dirs = BTreeMap::from([("mono".to_string(), src.path().to_path_buf())]);
        let reqs = expand(&g, &dirs).unwrap();
        let got: Vec<(String, String, String)> = reqs
            .iter()
            .map(|(oa, l)| (oa.name.clone(), oa.copy[0].from.clone(), l["app"].clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                // Walk order is byte order: `Web` before `api`; names and labels lowercased,
                // copy paths keep the directory's case.
                (
                    "web-prod".to_string(),
                    "@mono/apps/Web/envs/prod/**".to_string(),
                    "web".to_string()
                ),
                (
                    "api-dev".to_string(),
                    "@mono/apps/api/envs/dev/**".to_string(),
                    "api".to_string()
                ),
            ]
        );
        std::fs::create_dir_all(src.path().join("apps/web/envs/prod")).unwrap();
        let (terminal, m) = expand(&g, &dirs).unwrap_err();
        assert!(
            terminal && m.contains("both resolve to artifact name \"web-prod\""),
            "{m}"
        );
        g.spec.path_pattern = Some("@other/x".into());
        assert!(expand(&g, &dirs)
            .unwrap_err()
            .1
            .contains("source alias other not found"));
    }

    #[test]
    fn artifact_names_must_be_dns_subdomains() {
        assert!(dns_subdomain_errors("my-app.v1").is_empty());
        assert_eq!(dns_subdomain_errors("My_App").len(), 1);
    }
}
