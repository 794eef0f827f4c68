//! `flux trace <resource> <name>…` (or `<resource>/<name>`, or `NAME --kind K --api-version V`):
//! which Kustomization or HelmRelease manages an in-cluster object — found through its
//! `kustomize.toolkit.fluxcd.io/name|namespace` (first) or `helm.toolkit.fluxcd.io/name|namespace`
//! labels, or those of an owner up its ownerReferences chain — and from which source and
//! revision (for a HelmRelease: its HelmChart and the chart's source, or its `chartRef`), in
//! Flux's report layouts (flux2 `cmd/flux/trace.go`).

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
    for (i, (ar, scope, name, shown_kind)) in targets.iter().enumerate() {
        let api: Api<DynamicObject> = match scope {
            Scope::Namespaced => Api::namespaced_with(client.clone(), &g.namespace, ar),
            Scope::Cluster => Api::all_with(client.clone(), ar),
        };
        let obj = api
            .get(name)
            .await
            .with_context(|| format!("failed to find object: {} {name}", ar.kind))?;
        match trace_object(&client, &obj, shown_kind).await {
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

/// The objects named on the command line, with the kind the report prints (as typed with
/// `--kind`, as Flux prints it).
async fn resolve(
    client: &kube::Client,
    args: &TraceArgs,
) -> anyhow::Result<Vec<(ApiResource, Scope, String, String)>> {
    if args.kind.is_some() || args.api_version.is_some() {
        let (Some(kind), Some(av)) = (&args.kind, &args.api_version) else {
            bail!(if args.kind.is_none() {
                "object kind is required (--kind)"
            } else {
                "object apiVersion is required (--api-version)"
            });
        };
        let (group, version) = av.split_once('/').unwrap_or(("", av));
        // Kinds match regardless of case, as the REST mapper Flux uses matches them.
        let gv = kube::core::GroupVersion::gv(group, version);
        let found = kube::discovery::oneshot::pinned_group(client, &gv)
            .await
            .ok()
            .and_then(|g| {
                g.recommended_resources()
                    .into_iter()
                    .find(|(ar, _)| ar.kind.eq_ignore_ascii_case(kind))
            });
        let Some((ar, caps)) = found else {
            bail!("invalid kind {kind} in {av}");
        };
        return Ok(vec![(ar, caps.scope, args.args[0].clone(), kind.clone())]);
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
            let kind = ar.kind.clone();
            out.push((ar, scope, name.to_string(), kind));
        }
    } else if args.args.len() >= 2 {
        let (ar, scope) = find(&args.args[0])?;
        for name in &args.args[1..] {
            out.push((ar.clone(), scope.clone(), name.clone(), ar.kind.clone()));
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

/// The Kustomization API group, whose `<group>/name|namespace` labels mark what it applied.
const KUSTOMIZE_GROUP: &str = "kustomize.toolkit.fluxcd.io";

/// The managing object of `obj` in API group `group` (its `<group>/name|namespace`
/// labels), following ownerReferences.
async fn manager(
    client: &kube::Client,
    obj: &DynamicObject,
    group: &str,
    depth: usize,
) -> Option<(String, String)> {
    let labels = obj.labels();
    if let Some(name) = labels.get(&format!("{group}/name")) {
        let ns = labels
            .get(&format!("{group}/namespace"))
            .cloned()
            .unwrap_or_default();
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
            if let Some(m) = Box::pin(manager(client, &owner, group, depth + 1)).await {
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
    let Some((ks_ns, ks_name)) = manager(client, obj, KUSTOMIZE_GROUP, 0).await else {
        return match manager(client, obj, crate::api::helm::GROUP, 0).await {
            Some((hr_ns, hr_name)) => trace_helm(client, obj, kind, &hr_ns, &hr_name).await,
            None => bail!("object not managed by Flux"),
        };
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

/// The objects of a HelmRelease trace, as JSON (Flux's template reads their fields).
#[derive(Default)]
pub struct HelmTrace {
    /// The HelmRelease.
    pub release: serde_json::Value,
    /// Its HelmChart (`status.helmChart`), if any.
    pub chart: Option<serde_json::Value>,
    /// The chart template's HelmRepository, if that is its source.
    pub helm_repository: Option<serde_json::Value>,
    /// The chart template's GitRepository, if that is its source.
    pub git_repository: Option<serde_json::Value>,
    /// The `chartRef` OCIRepository, if any.
    pub oci_repository: Option<serde_json::Value>,
    /// The `chartRef` ExternalArtifact, if any.
    pub external_artifact: Option<serde_json::Value>,
}

async fn get_json<K>(
    client: &kube::Client,
    ns: &str,
    name: &str,
) -> anyhow::Result<serde_json::Value>
where
    K: kube::Resource<Scope = k8s_openapi::NamespaceResourceScope>
        + Clone
        + serde::de::DeserializeOwned
        + serde::Serialize
        + std::fmt::Debug,
    K::DynamicType: Default,
{
    let obj = Api::<K>::namespaced(client.clone(), ns)
        .get(name)
        .await
        .with_context(|| format!("failed to find {}", K::kind(&Default::default())))?;
    Ok(serde_json::to_value(obj)?)
}

/// Flux's `traceHelm`: the HelmRelease, its HelmChart and the chart's source.
async fn trace_helm(
    client: &kube::Client,
    obj: &DynamicObject,
    kind: &str,
    hr_ns: &str,
    hr_name: &str,
) -> anyhow::Result<String> {
    use crate::api::helm::{ChartRefKind, HelmRelease};
    use crate::api::source::{HelmChart, HelmChartSourceKind, HelmRepository};
    let hr = Api::<HelmRelease>::namespaced(client.clone(), hr_ns)
        .get(hr_name)
        .await
        .context("failed to find HelmRelease")?;
    let mut t = HelmTrace {
        release: serde_json::to_value(&hr)?,
        ..HelmTrace::default()
    };
    let own_ns = hr.namespace().unwrap_or_default();
    if let Some(chart) = hr
        .status
        .as_ref()
        .and_then(|s| s.helm_chart.as_deref())
        .filter(|c| !c.is_empty())
    {
        let (ns, name) = chart.split_once('/').unwrap_or(("", chart));
        t.chart = Some(get_json::<HelmChart>(client, ns, name).await?);
    }
    match (&hr.spec.chart, &hr.spec.chart_ref) {
        (Some(c), _) => {
            let r = &c.spec.source_ref;
            let ns = r.namespace.clone().unwrap_or_else(|| own_ns.clone());
            match r.kind {
                HelmChartSourceKind::GitRepository => {
                    t.git_repository = Some(get_json::<GitRepository>(client, &ns, &r.name).await?);
                }
                HelmChartSourceKind::HelmRepository => {
                    t.helm_repository =
                        Some(get_json::<HelmRepository>(client, &ns, &r.name).await?);
                }
                HelmChartSourceKind::Bucket => {}
            }
        }
        (None, Some(r)) => {
            let ns = r.namespace.clone().unwrap_or_else(|| own_ns.clone());
            match r.kind {
                ChartRefKind::OCIRepository => {
                    t.oci_repository = Some(get_json::<OCIRepository>(client, &ns, &r.name).await?);
                }
                ChartRefKind::ExternalArtifact => {
                    let ea = get_json::<ExternalArtifact>(client, &ns, &r.name).await?;
                    if ea["spec"]["sourceRef"].is_null() {
                        bail!("ExternalArtifact {ns}/{} is missing spec.sourceRef", r.name);
                    }
                    t.external_artifact = Some(ea);
                }
                _ => {}
            }
        }
        (None, None) => {}
    }
    Ok(helm_report(kind, obj, &t))
}

/// A line `key:` padded to `width`, then the value (Flux's templates align each section on
/// its own column).
fn padded(lines: &mut Vec<String>, width: usize, key: &str, value: &str) {
    lines.push(format!("{:<width$}{value}", format!("{key}:")));
}

fn str_at<'a>(v: &'a serde_json::Value, pointer: &str) -> &'a str {
    v.pointer(pointer)
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
}

/// The Revision line of a source with an artifact (none without).
fn artifact_row(lines: &mut Vec<String>, width: usize, v: &serde_json::Value) {
    if v.pointer("/status/artifact").is_some_and(|a| !a.is_null()) {
        padded(
            lines,
            width,
            "Revision",
            str_at(v, "/status/artifact/revision"),
        );
    }
}

/// The Ready condition of a JSON object.
fn ready_of(v: &serde_json::Value) -> Option<&serde_json::Value> {
    v.pointer("/status/conditions")?
        .as_array()?
        .iter()
        .find(|c| c["type"] == "Ready")
}

/// A condition's `lastTransitionTime` as Go's `time.Time` prints it.
fn go_time_of(c: &serde_json::Value) -> String {
    let t = c["lastTransitionTime"].as_str().unwrap_or_default();
    chrono::DateTime::parse_from_rfc3339(t)
        .map(|d| {
            d.with_timezone(&chrono::Utc)
                .format("%Y-%m-%d %H:%M:%S +0000 UTC")
                .to_string()
        })
        .unwrap_or_else(|_| t.to_string())
}

/// The Status and Message lines of a section; `failed` words a False condition as Flux's
/// source sections do.
fn status_rows(lines: &mut Vec<String>, width: usize, v: &serde_json::Value, failed: bool) {
    match ready_of(v) {
        Some(c) => {
            let verb = if failed && c["status"] == "False" {
                "Last reconciliation failed at"
            } else {
                "Last reconciled at"
            };
            padded(lines, width, "Status", &format!("{verb} {}", go_time_of(c)));
            padded(
                lines,
                width,
                "Message",
                c["message"].as_str().unwrap_or_default(),
            );
        }
        None => padded(lines, width, "Status", "Unknown"),
    }
}

/// A source reference's Tag/Branch/Digest line, as the templates choose it.
fn reference_row(lines: &mut Vec<String>, width: usize, r: &serde_json::Value, last: &str) {
    let non_empty = |k: &str| r[k].as_str().filter(|s| !s.is_empty());
    if let Some(t) = non_empty("tag") {
        padded(lines, width, "Tag", t);
    } else if let Some(s) = non_empty("semver") {
        padded(lines, width, "Tag", s);
    } else if let Some(b) = non_empty(last) {
        let key = if last == "branch" { "Branch" } else { "Digest" };
        padded(lines, width, key, b);
    }
}

/// Flux's trace report for a HelmRelease-managed object.
pub fn helm_report(kind: &str, obj: &DynamicObject, t: &HelmTrace) -> String {
    let mut lines = vec![String::new()];
    let w = 16;
    padded(
        &mut lines,
        w,
        "Object",
        &format!("{kind}/{}", obj.name_any()),
    );
    if let Some(ns) = obj.namespace().filter(|n| !n.is_empty()) {
        padded(&mut lines, w, "Namespace", &ns);
    }
    padded(&mut lines, w, "Status", "Managed by Flux");
    let hr = &t.release;
    lines.push(String::from("---"));
    padded(&mut lines, w, "HelmRelease", str_at(hr, "/metadata/name"));
    padded(
        &mut lines,
        w,
        "Namespace",
        str_at(hr, "/metadata/namespace"),
    );
    let target = str_at(hr, "/spec/targetNamespace");
    if !target.is_empty() {
        padded(&mut lines, w, "Target", target);
    }
    padded(
        &mut lines,
        w,
        "Revision",
        str_at(hr, "/status/lastAttemptedRevision"),
    );
    status_rows(&mut lines, w, hr, false);
    if let Some(c) = &t.chart {
        lines.push(String::from("---"));
        padded(&mut lines, w, "HelmChart", str_at(c, "/metadata/name"));
        padded(&mut lines, w, "Namespace", str_at(c, "/metadata/namespace"));
        padded(&mut lines, w, "Chart", str_at(c, "/spec/chart"));
        padded(&mut lines, w, "Version", str_at(c, "/spec/version"));
        artifact_row(&mut lines, w, c);
        status_rows(&mut lines, w, c, false);
    }
    if let Some(r) = &t.helm_repository {
        lines.push(String::from("---"));
        padded(&mut lines, w, "HelmRepository", str_at(r, "/metadata/name"));
        padded(&mut lines, w, "Namespace", str_at(r, "/metadata/namespace"));
        padded(&mut lines, w, "URL", str_at(r, "/spec/url"));
        artifact_row(&mut lines, w, r);
        status_rows(&mut lines, w, r, false);
    }
    let sources = [
        (
            &t.git_repository,
            "GitRepository",
            15,
            "/spec/ref",
            "branch",
        ),
        (
            &t.oci_repository,
            "OCIRepository",
            17,
            "/spec/ref",
            "digest",
        ),
    ];
    for (src, label, w, reference, last) in sources {
        let Some(r) = src else { continue };
        lines.push(String::from("---"));
        padded(&mut lines, w, label, str_at(r, "/metadata/name"));
        padded(&mut lines, w, "Namespace", str_at(r, "/metadata/namespace"));
        padded(&mut lines, w, "URL", str_at(r, "/spec/url"));
        if let Some(rf) = r.pointer(reference).filter(|v| !v.is_null()) {
            reference_row(&mut lines, w, rf, last);
        }
        artifact_row(&mut lines, w, r);
        status_rows(&mut lines, w, r, true);
    }
    if let Some(ea) = &t.external_artifact {
        lines.push(String::from("---"));
        // Flux's template has no space after this key.
        lines.push(format!("ExternalArtifact:{}", str_at(ea, "/metadata/name")));
        padded(
            &mut lines,
            17,
            "Namespace",
            str_at(ea, "/metadata/namespace"),
        );
        padded(
            &mut lines,
            17,
            "Source",
            &format!(
                "{}/{}/{}",
                str_at(ea, "/spec/sourceRef/kind"),
                str_at(ea, "/spec/sourceRef/namespace"),
                str_at(ea, "/spec/sourceRef/name")
            ),
        );
        artifact_row(&mut lines, 17, ea);
        status_rows(&mut lines, 17, ea, true);
    }
    let mut s = lines.join("\n");
    s.push('\n');
    s
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
