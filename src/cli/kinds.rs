//! Per-kind adapters for the generic verbs (`get`, `reconcile`, `suspend`, `resume`, `delete`,
//! `export`). A verb is written once over [`Kind`]; a new kind only adds an adapter here. API
//! coordinates (group, version, plural) come from the kind registry, never typed here.

use kube::discovery::ApiResource;
use serde_json::Value;

/// Whether a kind's objects are static (no status, nothing reconciles them): tables show
/// them Ready with the message, `reconcile` says it is not supported, nothing waits.
#[derive(Clone, Copy, Debug)]
pub enum Static {
    /// Reconciled by a controller.
    No,
    /// Always static (v1beta3 Alert and Provider).
    Always(&'static str),
    /// Static when `spec.type` is `oci` (HelmRepository).
    WhenOci(&'static str),
}

/// Columns some kinds show instead of (or before) SUSPENDED.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Extra {
    /// None.
    No,
    /// LAST SCAN (ImageRepository), before SUSPENDED.
    LastScan,
    /// IMAGE and TAG of the latest reference, and no SUSPENDED (ImagePolicy).
    ImageTag,
    /// LAST RUN (ImageUpdateAutomation), before SUSPENDED.
    LastRun,
}

/// How the generic verbs see one Flux kind.
#[derive(Clone, Copy, Debug)]
pub struct Kind {
    /// The Kubernetes kind, e.g. `GitRepository` (looked up in [`crate::api::registry`]).
    pub kind: &'static str,
    /// What the CLI calls it in messages, e.g. `source git`.
    pub noun: &'static str,
    /// Whether the kind produces an artifact revision shown in tables.
    pub has_revision: bool,
    /// Whether table rows name objects `<kind>/<name>` (`get ... all`).
    pub kind_prefix: bool,
    /// Whether objects are static.
    pub static_ready: Static,
    /// Whether tables shorten hex digests in the revision (not HelmChart's, a SemVer).
    pub truncate_revision: bool,
    /// ExternalArtifact tables show SOURCE (`Kind/namespace/name`) instead of SUSPENDED, and
    /// the kind has no `suspend`.
    pub source_column: bool,
    /// SUSPENDED comes from this annotation being `disabled` (ArtifactGenerator), not from
    /// `spec.suspend`.
    pub suspend_annotation: Option<&'static str>,
    /// Kind-specific columns.
    pub extra: Extra,
}

impl Kind {
    /// The same kind, with `<kind>/` before names in tables.
    pub const fn with_kind_prefix(self) -> Kind {
        Kind {
            kind_prefix: true,
            ..self
        }
    }

    /// The adapter of a source kind, by Kubernetes kind.
    pub fn source(kind: &str) -> Option<&'static Kind> {
        SOURCES.iter().copied().find(|k| k.kind == kind)
    }

    /// Whether tables show SUSPENDED (not for ExternalArtifact's SOURCE nor ImagePolicy).
    fn has_suspended_column(&self) -> bool {
        !self.source_column && self.extra != Extra::ImageTag
    }

    /// The kind's registry entry.
    pub fn flux(&self) -> &'static crate::api::registry::FluxKind {
        crate::api::registry::expect(self.kind)
    }

    /// The API resource for dynamic access.
    pub fn api_resource(&self) -> ApiResource {
        self.flux().api_resource()
    }

    /// The revision to show for an object: the artifact's, else the last applied one (a
    /// HelmRelease's: the chart version of its latest release, else the last attempted one).
    pub fn revision(&self, obj: &Value) -> Option<String> {
        let st = &obj["status"];
        if self.kind == "HelmRelease" {
            return st["history"][0]["chartVersion"]
                .as_str()
                .or_else(|| st["lastAttemptedRevision"].as_str())
                .map(String::from);
        }
        st["artifact"]["revision"]
            .as_str()
            .or_else(|| st["lastAppliedRevision"].as_str())
            .map(String::from)
    }

    /// The Ready message of a static object, `None` for one a controller reconciles.
    pub fn static_message(&self, obj: &Value) -> Option<&'static str> {
        match self.static_ready {
            Static::No => None,
            Static::Always(m) => Some(m),
            Static::WhenOci(m) => (obj["spec"]["type"] == "oci").then_some(m),
        }
    }
}

const fn source_kind(kind: &'static str, noun: &'static str) -> Kind {
    Kind {
        kind,
        noun,
        has_revision: true,
        kind_prefix: false,
        static_ready: Static::No,
        truncate_revision: true,
        source_column: false,
        suspend_annotation: None,
        extra: Extra::No,
    }
}

/// `source git`: GitRepository.
pub const GIT_REPOSITORY: Kind = source_kind("GitRepository", "source git");

/// `source oci`: OCIRepository.
pub const OCI_REPOSITORY: Kind = source_kind("OCIRepository", "source oci");

/// `source bucket`: Bucket.
pub const BUCKET: Kind = source_kind("Bucket", "source bucket");

/// `source helm`: HelmRepository (static when `type: oci`).
pub const HELM_REPOSITORY: Kind = Kind {
    static_ready: Static::WhenOci("Helm repository is Ready"),
    ..source_kind("HelmRepository", "source helm")
};

/// `source chart`: HelmChart (its revision is a chart version, shown whole).
pub const HELM_CHART: Kind = Kind {
    truncate_revision: false,
    ..source_kind("HelmChart", "source chart")
};

/// `source external`: ExternalArtifact (produced by other controllers; no suspend).
pub const EXTERNAL_ARTIFACT: Kind = Kind {
    source_column: true,
    ..source_kind("ExternalArtifact", "source external")
};

/// `artifact generator`: source-watcher's ArtifactGenerator (no revision; suspended by the
/// `source.extensions.fluxcd.io/reconcile: disabled` annotation).
pub const ARTIFACT_GENERATOR: Kind = Kind {
    has_revision: false,
    suspend_annotation: Some(crate::api::extensions::RECONCILE_ANNOTATION),
    ..source_kind("ArtifactGenerator", "artifact generator")
};

/// Every source kind, in the order `flux get sources all` prints them.
pub const SOURCES: [&Kind; 6] = [
    &OCI_REPOSITORY,
    &BUCKET,
    &GIT_REPOSITORY,
    &HELM_REPOSITORY,
    &HELM_CHART,
    &EXTERNAL_ARTIFACT,
];

/// `kustomization`: Kustomization (revision = last applied).
pub const KUSTOMIZATION: Kind = Kind {
    noun: "kustomization",
    ..source_kind("Kustomization", "kustomization")
};

/// `alert`: Alert (static).
pub const ALERT: Kind = Kind {
    has_revision: false,
    static_ready: Static::Always("Alert is Ready"),
    ..source_kind("Alert", "alert")
};

/// `alert-provider`: Provider (static).
pub const ALERT_PROVIDER: Kind = Kind {
    has_revision: false,
    static_ready: Static::Always("Provider is Ready"),
    ..source_kind("Provider", "alert-provider")
};

/// `receiver`: Receiver.
pub const RECEIVER: Kind = Kind {
    has_revision: false,
    ..source_kind("Receiver", "receiver")
};

/// `helmrelease`: HelmRelease (revision = chart version of the latest release).
pub const HELM_RELEASE: Kind = Kind {
    truncate_revision: false,
    ..source_kind("HelmRelease", "helmrelease")
};

/// `image repository`: ImageRepository (LAST SCAN).
pub const IMAGE_REPOSITORY: Kind = Kind {
    has_revision: false,
    extra: Extra::LastScan,
    ..source_kind("ImageRepository", "image repository")
};

/// `image policy`: ImagePolicy (IMAGE and TAG, no SUSPENDED).
pub const IMAGE_POLICY: Kind = Kind {
    has_revision: false,
    extra: Extra::ImageTag,
    ..source_kind("ImagePolicy", "image policy")
};

/// `image update`: ImageUpdateAutomation (LAST RUN).
pub const IMAGE_UPDATE: Kind = Kind {
    has_revision: false,
    extra: Extra::LastRun,
    ..source_kind("ImageUpdateAutomation", "image update")
};

/// The image kinds, in the order `flux get images all` prints them.
pub const IMAGES: [&Kind; 3] = [&IMAGE_REPOSITORY, &IMAGE_POLICY, &IMAGE_UPDATE];

/// Shortens every run of 40 to 128 lowercase hex digits (SHA-1 up to SHA-512) to its first
/// 8, as Flux's tables do with revisions and messages.
pub fn short_revision(text: &str) -> String {
    static HEX: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?-u:\b)[a-f0-9]{40,128}(?-u:\b)").expect("valid regex")
    });
    HEX.replace_all(text, |c: &regex::Captures| c[0][..8].to_string())
        .into_owned()
}

/// (status, message) of the Ready condition as waits read it:
/// (False, "waiting to be reconciled") without one, as Flux's `statusAndMessage`.
pub fn ready(obj: &Value) -> (String, String) {
    ready_condition(obj).unwrap_or_else(|| ("False".into(), "waiting to be reconciled".into()))
}

/// (status, message) of the Ready condition, if there is one.
pub fn ready_condition(obj: &Value) -> Option<(String, String)> {
    let c = obj["status"]["conditions"]
        .as_array()?
        .iter()
        .find(|c| c["type"] == "Ready")?;
    Some((
        c["status"].as_str().unwrap_or("Unknown").to_string(),
        c["message"].as_str().unwrap_or("").to_string(),
    ))
}

/// Recursively sorts object keys (Flux's `--export` prints keys alphabetically).
pub fn sorted(v: Value) -> Value {
    crate::output::sorted_keys(v)
}

/// The exported form of a live object: apiVersion, kind, metadata (name, namespace, labels,
/// annotations without kubectl's) and spec, keys sorted.
pub fn export_clean(obj: &Value) -> Value {
    let mut meta = serde_json::Map::new();
    for k in ["name", "namespace", "labels"] {
        if let Some(v) = obj["metadata"].get(k) {
            meta.insert(k.into(), v.clone());
        }
    }
    if let Some(ann) = obj["metadata"]["annotations"].as_object() {
        let kept: serde_json::Map<String, Value> = ann
            .iter()
            .filter(|(k, _)| k.as_str() != "kubectl.kubernetes.io/last-applied-configuration")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if !kept.is_empty() {
            meta.insert("annotations".into(), Value::Object(kept));
        }
    }
    let mut out = serde_json::json!({
        "apiVersion": obj["apiVersion"],
        "kind": obj["kind"],
        "metadata": meta,
    });
    if let Some(spec) = obj.get("spec") {
        out["spec"] = spec.clone();
    }
    sorted(out)
}

/// Renders objects the way `--export` prints them: `---` before each document.
pub fn export_yaml(objs: &[Value]) -> anyhow::Result<String> {
    let sorted_objs: Vec<Value> = objs.iter().cloned().map(sorted).collect();
    Ok(crate::output::to_yaml_stream(&sorted_objs)?)
}

/// Formats rows as Flux's tables (olekukonko/tablewriter with tab padding and no white
/// space): every cell left-aligned and padded to its column's widest cell, cells separated by
/// a tab, each row ending with one; the header's last cell one space wider and no tab after
/// it (flux2's `cmd/flux/testdata/get/*.golden`).
pub fn table(headers: &[&str], rows: &[Vec<String>], no_header: bool) -> String {
    let cols = headers.len();
    let width = |i: usize| {
        let cells = rows
            .iter()
            .map(|r| r.get(i).map_or(0, |c| c.chars().count()));
        let head = if no_header {
            0
        } else {
            headers[i].chars().count()
        };
        cells.max().unwrap_or(0).max(head)
    };
    let widths: Vec<usize> = (0..cols).map(width).collect();
    let pad = |cell: &str, w: usize| format!("{cell:<w$}");
    let mut out = String::new();
    if !no_header {
        // tablewriter's header: every cell padded (the last one a space wider), no tab after.
        let cells: Vec<String> = (0..cols)
            .map(|i| {
                let extra = usize::from(i + 1 == cols);
                pad(headers[i], widths[i] + extra)
            })
            .collect();
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    for row in rows {
        // Rows: every cell padded and followed by the tab padding.
        for (i, w) in widths.iter().enumerate() {
            out.push_str(&pad(row.get(i).map_or("", String::as_str), *w));
            out.push('\t');
        }
        out.push('\n');
    }
    out
}

/// One table row: [NAMESPACE] NAME [REVISION] SUSPENDED READY MESSAGE.
pub fn row(kind: &Kind, obj: &Value, with_ns: bool) -> Vec<String> {
    let mut r = vec![];
    if with_ns {
        r.push(
            obj["metadata"]["namespace"]
                .as_str()
                .unwrap_or("")
                .to_string(),
        );
    }
    let name = obj["metadata"]["name"].as_str().unwrap_or("");
    if kind.kind_prefix {
        r.push(format!("{}/{name}", kind.kind.to_lowercase()));
    } else {
        r.push(name.to_string());
    }
    if kind.has_revision {
        let rev = kind.revision(obj).unwrap_or_default();
        r.push(if kind.truncate_revision {
            short_revision(&rev)
        } else {
            rev
        });
    }
    match kind.extra {
        Extra::No => {}
        Extra::LastScan => r.push(
            obj["status"]["lastScanResult"]["scanTime"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        ),
        Extra::LastRun => r.push(
            obj["status"]["lastAutomationRunTime"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        ),
        Extra::ImageTag => {
            let latest = &obj["status"]["latestRef"];
            for f in ["name", "tag"] {
                r.push(latest[f].as_str().unwrap_or_default().to_string());
            }
        }
    }
    if kind.source_column {
        let s = &obj["spec"]["sourceRef"];
        r.push(match s["kind"].as_str() {
            Some(k) => format!(
                "{k}/{}/{}",
                s["namespace"].as_str().unwrap_or_default(),
                s["name"].as_str().unwrap_or_default()
            ),
            None => String::new(),
        });
    } else if kind.has_suspended_column() {
        let suspended = match kind.suspend_annotation {
            Some(a) => obj["metadata"]["annotations"][a]
                .as_str()
                .is_some_and(|v| v.eq_ignore_ascii_case("disabled")),
            None => obj["spec"]["suspend"].as_bool().unwrap_or(false),
        };
        r.push(if suspended { "True" } else { "False" }.into());
    }
    let (ready, msg) = match kind.static_message(obj) {
        Some(m) => (String::from("True"), m.to_string()),
        // As in Flux's tables, an object without a Ready condition is not ready.
        None => ready_condition(obj).map_or_else(
            || ("False".into(), "waiting to be reconciled".into()),
            |(r, m)| (r, short_revision(&m)),
        ),
    };
    r.push(ready);
    r.push(msg);
    r
}

/// The table headers matching [`row`].
pub fn headers(kind: &Kind, with_ns: bool) -> Vec<&'static str> {
    let mut h = vec![];
    if with_ns {
        h.push("NAMESPACE");
    }
    h.push("NAME");
    if kind.has_revision {
        h.push("REVISION");
    }
    match kind.extra {
        Extra::No => {}
        Extra::LastScan => h.push("LAST SCAN"),
        Extra::LastRun => h.push("LAST RUN"),
        Extra::ImageTag => h.extend(["IMAGE", "TAG"]),
    }
    if kind.source_column {
        h.push("SOURCE");
    } else if kind.has_suspended_column() {
        h.push("SUSPENDED");
    }
    h.extend(["READY", "MESSAGE"]);
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_table_matches_golden() {
        let objs = [
            serde_json::json!({
                "metadata": { "name": "flux-system", "namespace": "flux-system" },
                "spec": { "suspend": false },
                "status": {
                    "artifact": { "revision": "main@sha1:363a6a8fe6a7f13e05d34c163b0ef02a777da20a" },
                    "conditions": [{ "type": "Ready", "status": "True", "message": "stored artifact for revision 'main@sha1:363a6a8fe6a7f13e05d34c163b0ef02a777da20a'" }],
                },
            }),
            serde_json::json!({
                "metadata": { "name": "podinfo", "namespace": "apps" },
                "spec": { "suspend": true },
                "status": {
                    "conditions": [{ "type": "Ready", "status": "False", "message": "authentication failed for https://example.com/podinfo: credentials rejected" }],
                },
            }),
            serde_json::json!({ "metadata": { "name": "new", "namespace": "apps" }, "spec": {} }),
        ];
        let rows: Vec<Vec<String>> = objs.iter().map(|o| row(&GIT_REPOSITORY, o, true)).collect();
        let all = row(&GIT_REPOSITORY.with_kind_prefix(), &objs[0], false);
        assert_eq!(all[0], "gitrepository/flux-system");
        let got = table(&headers(&GIT_REPOSITORY, true), &rows, false);
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/golden/get-sources-git-all-namespaces.txt"
        );
        if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
            std::fs::write(path, &got).unwrap();
        }
        assert_eq!(got, std::fs::read_to_string(path).expect("golden file"));
    }

    #[test]
    fn revisions_are_shortened_for_tables() {
        assert_eq!(
            short_revision("main@sha1:363a6a8fe6a7f13e05d34c163b0ef02a777da20a"),
            "main@sha1:363a6a8f"
        );
        assert_eq!(short_revision("6.0.3"), "6.0.3");
    }

    #[test]
    fn export_drops_status_and_server_fields_and_sorts_keys() {
        let live = serde_json::json!({
            "apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
            "metadata": { "name": "a", "namespace": "apps", "uid": "x", "resourceVersion": "1",
                "creationTimestamp": "2026-01-01T00:00:00Z",
                "annotations": { "kubectl.kubernetes.io/last-applied-configuration": "{}" } },
            "spec": { "url": "https://x", "interval": "1m0s" },
            "status": { "observedGeneration": 1 },
        });
        let out = export_clean(&live);
        let yaml = crate::output::to_yaml(&out).unwrap();
        assert_eq!(
            yaml,
            "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: a\n  namespace: apps\nspec:\n  interval: 1m0s\n  url: https://x\n"
        );
    }

    #[test]
    fn tables_follow_each_source_kinds_adapter() {
        let oci_repo = serde_json::json!({
            "metadata": { "name": "podinfo" },
            "spec": { "type": "oci", "url": "oci://ghcr.io/x" },
        });
        let row_oci = row(&HELM_REPOSITORY, &oci_repo, false);
        assert_eq!(row_oci[3..], ["True", "Helm repository is Ready"]);
        let http_repo = serde_json::json!({ "metadata": { "name": "p" }, "spec": {} });
        assert_eq!(row(&HELM_REPOSITORY, &http_repo, false)[3], "False");

        let chart = serde_json::json!({
            "metadata": { "name": "c" }, "spec": {},
            "status": { "artifact": { "revision": "6.0.3+363a6a8fe6a7f13e05d34c163b0ef02a777da20a" } },
        });
        assert_eq!(
            row(&HELM_CHART, &chart, false)[1],
            "6.0.3+363a6a8fe6a7f13e05d34c163b0ef02a777da20a"
        );
        assert_eq!(row(&GIT_REPOSITORY, &chart, false)[1], "6.0.3+363a6a8f");

        let ea = serde_json::json!({
            "metadata": { "name": "e" },
            "spec": { "sourceRef": { "kind": "ArtifactGenerator", "name": "gen", "namespace": "apps" } },
        });
        assert_eq!(
            row(&EXTERNAL_ARTIFACT, &ea, false)[2],
            "ArtifactGenerator/apps/gen"
        );
        assert_eq!(headers(&EXTERNAL_ARTIFACT, false)[2], "SOURCE");
        assert_eq!(
            row(&EXTERNAL_ARTIFACT.with_kind_prefix(), &ea, false)[0],
            "externalartifact/e"
        );
    }

    #[test]
    fn hex_runs_shorter_than_40_or_inside_words_are_kept() {
        let h40 = "a".repeat(40);
        assert_eq!(short_revision(&format!("x {h40} y")), "x aaaaaaaa y");
        assert_eq!(short_revision(&"a".repeat(39)), "a".repeat(39));
        assert_eq!(short_revision(&format!("g{h40}")), format!("g{h40}"));
        assert_eq!(short_revision(&"a".repeat(129)), "a".repeat(129));
    }
}
