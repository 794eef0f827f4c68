//! Per-kind adapters for the generic verbs (`get`, `reconcile`, `suspend`, `resume`, `delete`,
//! `export`). A verb is written once over [`Kind`]; a new kind only adds an adapter here. API
//! coordinates (group, version, plural) come from the kind registry, never typed here.

use kube::discovery::ApiResource;
use serde_json::Value;

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
    /// Static kinds (v1beta3 Alert and Provider) have no status; tables show them Ready with
    /// this message, and nothing waits for them to reconcile.
    pub static_ready: Option<&'static str>,
}

impl Kind {
    /// The same kind, with `<kind>/` before names in tables.
    pub const fn with_kind_prefix(self) -> Kind {
        Kind {
            kind_prefix: true,
            ..self
        }
    }

    /// The generic verbs' view of a source kind from the registry (`source <kind>`).
    pub fn source(k: &'static crate::api::registry::FluxKind) -> Kind {
        Kind {
            kind: k.kind.as_str(),
            noun: "source",
            has_revision: true,
            kind_prefix: false,
            static_ready: None,
        }
    }

    /// The kind's registry entry.
    pub fn flux(&self) -> &'static crate::api::registry::FluxKind {
        crate::api::registry::expect(self.kind)
    }

    /// The API resource for dynamic access.
    pub fn api_resource(&self) -> ApiResource {
        self.flux().api_resource()
    }

    /// The revision to show for an object: the artifact's, else the last applied one.
    pub fn revision(&self, obj: &Value) -> Option<String> {
        let st = &obj["status"];
        st["artifact"]["revision"]
            .as_str()
            .or_else(|| st["lastAppliedRevision"].as_str())
            .map(String::from)
    }
}

/// `source git`: GitRepository.
pub const GIT_REPOSITORY: Kind = Kind {
    kind: "GitRepository",
    noun: "source git",
    has_revision: true,
    kind_prefix: false,
    static_ready: None,
};

/// `kustomization`: Kustomization (revision = last applied).
pub const KUSTOMIZATION: Kind = Kind {
    kind: "Kustomization",
    noun: "kustomization",
    has_revision: true,
    kind_prefix: false,
    static_ready: None,
};

/// `alert`: Alert (static).
pub const ALERT: Kind = Kind {
    kind: "Alert",
    noun: "alert",
    has_revision: false,
    kind_prefix: false,
    static_ready: Some("Alert is Ready"),
};

/// `alert-provider`: Provider (static).
pub const ALERT_PROVIDER: Kind = Kind {
    kind: "Provider",
    noun: "alert-provider",
    has_revision: false,
    kind_prefix: false,
    static_ready: Some("Provider is Ready"),
};

/// `receiver`: Receiver.
pub const RECEIVER: Kind = Kind {
    kind: "Receiver",
    noun: "receiver",
    has_revision: false,
    kind_prefix: false,
    static_ready: None,
};

/// Shortens a revision for tables: `main@sha1:<40 hex>` becomes `main@sha1:<8 hex>`.
pub fn short_revision(rev: &str) -> String {
    match rev.rsplit_once(':') {
        Some((prefix, hex)) if hex.len() > 8 && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            format!("{prefix}:{}", &hex[..8])
        }
        _ => rev.to_string(),
    }
}

/// (status, message) of the Ready condition, as the tables show it.
pub fn ready(obj: &Value) -> (String, String) {
    let conditions = obj["status"]["conditions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    match conditions.iter().find(|c| c["type"] == "Ready") {
        Some(c) => (
            c["status"].as_str().unwrap_or("Unknown").to_string(),
            c["message"].as_str().unwrap_or("").to_string(),
        ),
        None => ("Unknown".into(), "waiting to be reconciled".into()),
    }
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

/// Formats rows as Flux's tables: columns left-aligned, padded to the widest cell, separated
/// by a tab.
pub fn table(headers: &[&str], rows: &[Vec<String>], no_header: bool) -> String {
    let mut all: Vec<Vec<String>> = Vec::new();
    if !no_header {
        all.push(headers.iter().map(|h| h.to_string()).collect());
    }
    all.extend(rows.iter().cloned());
    let cols = headers.len();
    let widths: Vec<usize> = (0..cols)
        .map(|i| {
            all.iter()
                .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in &all {
        let mut cells = Vec::new();
        for (i, w) in widths.iter().enumerate() {
            let cell = row.get(i).cloned().unwrap_or_default();
            if i + 1 == cols {
                cells.push(cell);
            } else {
                cells.push(format!("{cell:<w$}"));
            }
        }
        out.push_str(cells.join("\t").trim_end());
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
        r.push(
            kind.revision(obj)
                .map(|s| short_revision(&s))
                .unwrap_or_default(),
        );
    }
    let suspended = obj["spec"]["suspend"].as_bool().unwrap_or(false);
    r.push(if suspended { "True" } else { "False" }.into());
    let (ready, msg) = match kind.static_ready {
        Some(m) => (String::from("True"), m.to_string()),
        None => ready(obj),
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
    h.extend(["SUSPENDED", "READY", "MESSAGE"]);
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
}
