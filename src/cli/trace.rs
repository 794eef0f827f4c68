//! `flux trace <resource> <name>…` (or `<resource>/<name>`, or `NAME --kind K --api-version V`):
//! which Kustomization manages an in-cluster object — found through its
//! `kustomize.toolkit.fluxcd.io/name|namespace` labels or those of an owner up its
//! ownerReferences chain — and from which source and revision, in Flux's report layout.

use anyhow::{bail, Context as _};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Condition;
use kube::api::{Api, ApiResource, DynamicObject};
use kube::discovery::{Discovery, Scope};
use kube::ResourceExt;

use crate::api::kustomize::Kustomization;
use crate::api::meta::find_condition;
use crate::api::source::{ExternalArtifact, GitRepository, OCIRepository};

/// Flags of `flux trace`.
#[derive(Debug, clap::Args)]
pub struct TraceArgs {
    /// `<resource> <name> [<name>…]`, `<resource>/<name>…`, or a name with --kind/--api-version.
    pub args: Vec<String>,
    /// The Kubernetes object kind, e.g. Deployment.
    #[arg(long)]
    pub kind: Option<String>,
    /// The Kubernetes object API version, e.g. 'apps/v1'.
    #[arg(long)]
    pub api_version: Option<String>,
}

/// Runs the command.
pub async fn run(args: TraceArgs, g: &super::Global) -> anyhow::Result<()> {
    if args.args.is_empty() {
        bail!("either `<resource>/<name>` or `<resource> <name>` is required as an argument");
    }
    let client = g.client().await?;
    let targets = resolve(&client, &args).await?;
    let mut out = String::new();
    let mut failures = Vec::new();
    for (i, (ar, scope, name)) in targets.iter().enumerate() {
        let api: Api<DynamicObject> = match scope {
            Scope::Namespaced => Api::namespaced_with(client.clone(), &g.namespace, ar),
            Scope::Cluster => Api::all_with(client.clone(), ar),
        };
        let obj = api
            .get(name)
            .await
            .with_context(|| format!("failed to find object: {} {name}", ar.kind))?;
        match trace_object(&client, &obj, &ar.kind).await {
            Ok(report) => out.push_str(&report),
            Err(e) => failures.push(format!(
                "failed to trace {}/{name} in namespace {}: {e:#}",
                ar.kind,
                obj.namespace().unwrap_or_default()
            )),
        }
        if i + 1 < targets.len() {
            out.push_str("---\n");
        }
    }
    crate::output::print_stdout(&out)?;
    if !failures.is_empty() {
        bail!("{}", failures.join("; "));
    }
    Ok(())
}

/// The objects named on the command line.
async fn resolve(
    client: &kube::Client,
    args: &TraceArgs,
) -> anyhow::Result<Vec<(ApiResource, Scope, String)>> {
    if args.kind.is_some() || args.api_version.is_some() {
        let (Some(kind), Some(av)) = (&args.kind, &args.api_version) else {
            bail!(if args.kind.is_none() {
                "object kind is required (--kind)"
            } else {
                "object apiVersion is required (--api-version)"
            });
        };
        let (group, version) = av.split_once('/').unwrap_or(("", av));
        let gvk = kube::api::GroupVersionKind::gvk(group, version, kind);
        let (ar, caps) = kube::discovery::pinned_kind(client, &gvk)
            .await
            .with_context(|| format!("invalid kind {kind} in {av}"))?;
        return Ok(vec![(ar, caps.scope, args.args[0].clone())]);
    }
    let discovery = Discovery::new(client.clone())
        .run()
        .await
        .context("discovering the API resources")?;
    let find = |word: &str| -> anyhow::Result<(ApiResource, Scope)> {
        let w = word.to_ascii_lowercase();
        let (res_name, group) = w.split_once('.').unwrap_or((w.as_str(), ""));
        for g in discovery.groups() {
            if !group.is_empty() && g.name() != group {
                continue;
            }
            for (ar, caps) in g.recommended_resources() {
                let singular = ar.kind.to_ascii_lowercase();
                let flux_named = crate::api::registry::by_kind(&ar.kind)
                    .is_some_and(|k| k.group == ar.group && k.is_named(res_name));
                if ar.plural == res_name
                    || singular == res_name
                    || short_name(&ar.kind) == res_name
                    || flux_named
                {
                    return Ok((ar, caps.scope));
                }
            }
        }
        bail!("the server doesn't have a resource type \"{word}\"")
    };
    let mut out = Vec::new();
    if args.args.iter().all(|a| a.contains('/')) {
        for a in &args.args {
            let (res, name) = a.split_once('/').unwrap_or_default();
            let (ar, scope) = find(res)?;
            out.push((ar, scope, name.to_string()));
        }
    } else if args.args.len() >= 2 {
        let (ar, scope) = find(&args.args[0])?;
        for name in &args.args[1..] {
            out.push((ar.clone(), scope.clone(), name.clone()));
        }
    } else {
        bail!("either `<resource>/<name>` or `<resource> <name>` is required as an argument");
    }
    Ok(out)
}

/// kubectl's common short names for built-in kinds (Flux kinds: the kind registry).
fn short_name(kind: &str) -> &'static str {
    match kind {
        "ConfigMap" => "cm",
        "Deployment" => "deploy",
        "Service" => "svc",
        "ServiceAccount" => "sa",
        "Namespace" => "ns",
        "DaemonSet" => "ds",
        "StatefulSet" => "sts",
        "ReplicaSet" => "rs",
        "PersistentVolumeClaim" => "pvc",
        "Ingress" => "ing",
        "HorizontalPodAutoscaler" => "hpa",
        "CustomResourceDefinition" => "crd",
        "Pod" => "po",
        _ => "",
    }
}

use crate::api::kustomize::annotation::{NAMESPACE_LABEL, NAME_LABEL};

/// The managing Kustomization of `obj`, following ownerReferences.
async fn manager(
    client: &kube::Client,
    obj: &DynamicObject,
    depth: usize,
) -> Option<(String, String)> {
    let labels = obj.labels();
    if let Some(name) = labels.get(NAME_LABEL) {
        let ns = labels.get(NAMESPACE_LABEL).cloned().unwrap_or_default();
        return Some((ns, name.clone()));
    }
    if depth > 8 {
        return None;
    }
    for r in obj.owner_references() {
        let (group, version) = r
            .api_version
            .split_once('/')
            .unwrap_or(("", &r.api_version));
        let gvk = kube::api::GroupVersionKind::gvk(group, version, &r.kind);
        let Ok((ar, caps)) = kube::discovery::pinned_kind(client, &gvk).await else {
            continue;
        };
        let api: Api<DynamicObject> = match (caps.scope, obj.namespace()) {
            (Scope::Namespaced, Some(ns)) => Api::namespaced_with(client.clone(), &ns, &ar),
            _ => Api::all_with(client.clone(), &ar),
        };
        if let Ok(owner) = api.get(&r.name).await {
            if let Some(m) = Box::pin(manager(client, &owner, depth + 1)).await {
                return Some(m);
            }
        }
    }
    None
}

async fn trace_object(
    client: &kube::Client,
    obj: &DynamicObject,
    kind: &str,
) -> anyhow::Result<String> {
    if obj
        .labels()
        .keys()
        .any(|k| k.starts_with("helm.toolkit.fluxcd.io/"))
        && !obj.labels().contains_key(NAME_LABEL)
    {
        bail!("object is managed by a HelmRelease, which this version cannot trace yet");
    }
    let Some((ks_ns, ks_name)) = manager(client, obj, 0).await else {
        bail!("object not managed by Flux");
    };
    let ks = Api::<Kustomization>::namespaced(client.clone(), &ks_ns)
        .get(&ks_name)
        .await
        .context("failed to find kustomization")?;
    let ns = ks
        .spec
        .source_ref
        .namespace
        .clone()
        .unwrap_or_else(|| ks_ns.clone());
    let source = match ks.spec.source_ref.kind {
        crate::api::kustomize::SourceKind::GitRepository => Some(TracedSource::Git(
            Api::<GitRepository>::namespaced(client.clone(), &ns)
                .get(&ks.spec.source_ref.name)
                .await
                .context("failed to find GitRepository")?,
        )),
        crate::api::kustomize::SourceKind::OCIRepository => Some(TracedSource::Oci(
            Api::<OCIRepository>::namespaced(client.clone(), &ns)
                .get(&ks.spec.source_ref.name)
                .await
                .context("failed to find OCIRepository")?,
        )),
        crate::api::kustomize::SourceKind::ExternalArtifact => {
            let ea = Api::<ExternalArtifact>::namespaced(client.clone(), &ns)
                .get(&ks.spec.source_ref.name)
                .await
                .context("failed to find ExternalArtifact")?;
            if ea.spec.source_ref.is_none() {
                bail!(
                    "ExternalArtifact {}/{} is missing spec.sourceRef",
                    ea.namespace().unwrap_or_default(),
                    ea.name_any()
                );
            }
            Some(TracedSource::External(ea))
        }
        _ => None,
    };
    Ok(report(kind, obj, &ks, source.as_ref()))
}

/// Go's `time.Time` String() layout, as Flux's template prints condition times.
fn go_time(c: &Condition) -> String {
    c.last_transition_time
        .0
        .strftime("%Y-%m-%d %H:%M:%S +0000 UTC")
        .to_string()
}

/// One `Key:` line of the report, values aligned at column 17.
fn row(lines: &mut Vec<String>, key: &str, value: &str) {
    lines.push(format!("{:<17}{value}", format!("{key}:")));
}

/// The source section of a trace: the kinds Flux's trace template prints.
pub enum TracedSource {
    /// A GitRepository.
    Git(GitRepository),
    /// An OCIRepository (with the origin annotations of its artifact).
    Oci(OCIRepository),
    /// An ExternalArtifact (its producer, and the origin annotations of its artifact).
    External(ExternalArtifact),
}

/// Flux's origin lines of an artifact's metadata: revision, then source, a missing one
/// leaving an empty line (its template ranges over the annotation map in key order).
fn origin_rows(lines: &mut Vec<String>, md: Option<&std::collections::BTreeMap<String, String>>) {
    let Some(md) = md.filter(|m| !m.is_empty()) else {
        return;
    };
    for (label, key) in [
        ("Origin Revision", crate::oci::artifact::REVISION),
        ("Origin Source", crate::oci::artifact::SOURCE),
    ] {
        match md.get(key).filter(|v| !v.is_empty()) {
            Some(v) => row(lines, label, v),
            None => lines.push(String::new()),
        }
    }
}

/// Flux's trace report for a Kustomization-managed object.
pub fn report(
    kind: &str,
    obj: &DynamicObject,
    ks: &Kustomization,
    source: Option<&TracedSource>,
) -> String {
    let mut lines = vec![String::new()];
    row(&mut lines, "Object", &format!("{kind}/{}", obj.name_any()));
    if let Some(ns) = obj.namespace() {
        row(&mut lines, "Namespace", &ns);
    }
    row(&mut lines, "Status", "Managed by Flux");
    lines.push(String::from("---"));
    row(&mut lines, "Kustomization", &ks.name_any());
    row(&mut lines, "Namespace", &ks.namespace().unwrap_or_default());
    if let Some(t) = ks
        .spec
        .target_namespace
        .as_deref()
        .filter(|t| !t.is_empty())
    {
        row(&mut lines, "Target", t);
    }
    row(
        &mut lines,
        "Path",
        ks.spec.path.as_deref().unwrap_or_default(),
    );
    let status = ks.status.clone().unwrap_or_default();
    row(
        &mut lines,
        "Revision",
        status.last_applied_revision.as_deref().unwrap_or_default(),
    );
    match find_condition(&status.conditions, "Ready") {
        Some(c) => {
            row(
                &mut lines,
                "Status",
                &format!("Last reconciled at {}", go_time(c)),
            );
            row(&mut lines, "Message", &c.message);
        }
        None => row(&mut lines, "Status", "Unknown"),
    }
    let ready = match source {
        Some(TracedSource::Git(repo)) => {
            lines.push(String::from("---"));
            row(&mut lines, "GitRepository", &repo.name_any());
            row(
                &mut lines,
                "Namespace",
                &repo.namespace().unwrap_or_default(),
            );
            row(&mut lines, "URL", &repo.spec.url);
            if let Some(r) = &repo.spec.reference {
                if let Some(t) = r.tag.as_deref().filter(|s| !s.is_empty()) {
                    row(&mut lines, "Tag", t);
                } else if let Some(s) = r.semver.as_deref().filter(|s| !s.is_empty()) {
                    row(&mut lines, "Tag", s);
                } else if let Some(b) = r.branch.as_deref().filter(|s| !s.is_empty()) {
                    row(&mut lines, "Branch", b);
                }
            }
            let st = repo.status.clone().unwrap_or_default();
            if let Some(a) = &st.artifact {
                row(&mut lines, "Revision", &a.revision);
            }
            Some(st.conditions)
        }
        Some(TracedSource::Oci(repo)) => {
            lines.push(String::from("---"));
            row(&mut lines, "OCIRepository", &repo.name_any());
            row(
                &mut lines,
                "Namespace",
                &repo.namespace().unwrap_or_default(),
            );
            row(&mut lines, "URL", &repo.spec.url);
            if let Some(r) = &repo.spec.reference {
                if let Some(t) = r.tag.as_deref().filter(|s| !s.is_empty()) {
                    row(&mut lines, "Tag", t);
                } else if let Some(s) = r.semver.as_deref().filter(|s| !s.is_empty()) {
                    row(&mut lines, "Tag", s);
                } else if let Some(d) = r.digest.as_deref().filter(|s| !s.is_empty()) {
                    row(&mut lines, "Digest", d);
                }
            }
            let st = repo.status.clone().unwrap_or_default();
            if let Some(a) = &st.artifact {
                row(&mut lines, "Revision", &a.revision);
                origin_rows(&mut lines, a.metadata.as_ref());
            }
            Some(st.conditions)
        }
        Some(TracedSource::External(ea)) => {
            lines.push(String::from("---"));
            // Flux's template has no space after this key.
            lines.push(format!("ExternalArtifact:{}", ea.name_any()));
            row(&mut lines, "Namespace", &ea.namespace().unwrap_or_default());
            let s = ea.spec.source_ref.clone().unwrap_or_default();
            row(
                &mut lines,
                "Source",
                &format!(
                    "{}/{}/{}",
                    s.kind,
                    s.namespace.as_deref().unwrap_or_default(),
                    s.name
                ),
            );
            let st = ea.status.clone().unwrap_or_default();
            if let Some(a) = &st.artifact {
                row(&mut lines, "Revision", &a.revision);
                origin_rows(&mut lines, a.metadata.as_ref());
            }
            Some(st.conditions)
        }
        None => None,
    };
    if let Some(conds) = ready {
        match find_condition(&conds, "Ready") {
            Some(c) if c.status == "False" => {
                row(
                    &mut lines,
                    "Status",
                    &format!("Last reconciliation failed at {}", go_time(c)),
                );
                row(&mut lines, "Message", &c.message);
            }
            Some(c) => {
                row(
                    &mut lines,
                    "Status",
                    &format!("Last reconciled at {}", go_time(c)),
                );
                row(&mut lines, "Message", &c.message);
            }
            None => row(&mut lines, "Status", "Unknown"),
        }
    }
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn report_has_flux_layout() {
        let obj: DynamicObject = serde_json::from_value(json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "podinfo", "namespace": "apps"}
        }))
        .unwrap();
        let ks: Kustomization = serde_json::from_value(json!({
            "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
            "metadata": {"name": "infrastructure", "namespace": "flux-system"},
            "spec": {"interval": "10m", "path": "./infrastructure", "prune": true,
                "sourceRef": {"kind": "GitRepository", "name": "flux-system"}},
            "status": {"lastAppliedRevision": "main@sha1:696f056df216eea4f9401adbee0ff744d4df390f",
                "conditions": [{"type": "Ready", "status": "True", "reason": "ReconciliationSucceeded",
                    "message": "Applied revision: main@sha1:696f056df216eea4f9401adbee0ff744d4df390f",
                    "lastTransitionTime": "2026-11-25T10:11:12Z"}]}
        }))
        .unwrap();
        let repo: GitRepository = serde_json::from_value(json!({
            "apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
            "metadata": {"name": "flux-system", "namespace": "flux-system"},
            "spec": {"interval": "1m", "url": "ssh://git@github.com/example/repo", "ref": {"branch": "main"}},
            "status": {"artifact": {"revision": "main@sha1:696f056df216eea4f9401adbee0ff744d4df390f",
                    "path": "p", "url": "u", "digest": "sha256:00", "lastUpdateTime": "2026-11-25T10:11:00Z"},
                "conditions": [{"type": "Ready", "status": "False", "reason": "GitOperationFailed",
                    "message": "failed to checkout", "lastTransitionTime": "2026-11-25T10:12:00Z"}]}
        }))
        .unwrap();
        let want = "
Object:          Deployment/podinfo
Namespace:       apps
Status:          Managed by Flux
---
Kustomization:   infrastructure
Namespace:       flux-system
Path:            ./infrastructure
Revision:        main@sha1:696f056df216eea4f9401adbee0ff744d4df390f
Status:          Last reconciled at 2026-11-25 10:11:12 +0000 UTC
Message:         Applied revision: main@sha1:696f056df216eea4f9401adbee0ff744d4df390f
---
GitRepository:   flux-system
Namespace:       flux-system
URL:             ssh://git@github.com/example/repo
Branch:          main
Revision:        main@sha1:696f056df216eea4f9401adbee0ff744d4df390f
Status:          Last reconciliation failed at 2026-11-25 10:12:00 +0000 UTC
Message:         failed to checkout
";
        assert_eq!(
            report("Deployment", &obj, &ks, Some(&TracedSource::Git(repo))),
            want
        );

        let oci: OCIRepository = serde_json::from_value(json!({
            "apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "OCIRepository",
            "metadata": {"name": "manifests", "namespace": "flux-system"},
            "spec": {"interval": "1m", "url": "oci://ghcr.io/org/manifests", "ref": {"semver": "1.x"}},
            "status": {"artifact": {"revision": "v1.2.0@sha256:ab", "path": "p", "url": "u",
                    "lastUpdateTime": "2026-11-25T10:11:00Z",
                    "metadata": {"org.opencontainers.image.revision": "main@sha1:696f056d",
                                 "org.opencontainers.image.source": "https://github.com/org/repo"}},
                "conditions": [{"type": "Ready", "status": "True", "reason": "Succeeded",
                    "message": "stored artifact for digest 'v1.2.0@sha256:ab'", "lastTransitionTime": "2026-11-25T10:12:00Z"}]}
        }))
        .unwrap();
        let got = report("Deployment", &obj, &ks, Some(&TracedSource::Oci(oci)));
        let tail = "---
OCIRepository:   manifests
Namespace:       flux-system
URL:             oci://ghcr.io/org/manifests
Tag:             1.x
Revision:        v1.2.0@sha256:ab
Origin Revision: main@sha1:696f056d
Origin Source:   https://github.com/org/repo
Status:          Last reconciled at 2026-11-25 10:12:00 +0000 UTC
Message:         stored artifact for digest 'v1.2.0@sha256:ab'
";
        assert!(got.ends_with(tail), "{got}");
    }
}
