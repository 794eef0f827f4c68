//! A Helm release as Helm 4's install and upgrade actions record it (`helm.sh/helm/v4`
//! `pkg/release/v1`): the JSON the storage driver keeps, built from a loaded chart, the user
//! values and a render. Field names, `omitempty` rules and time formats are Helm 4's, so the
//! `helm` CLI (4, and 3 for what it knows) reads our revisions and Flux's helm-controller
//! computes the same snapshot digests of them.
//!
//! What goes in: the chart as loaded (metadata, lock, its own templates, values, schema and
//! files, base64 for bytes, modification times when the archive has them; subcharts are not
//! recorded, as in Helm), `config` = the user values only, the manifest as Helm concatenates
//! it (`---\n# Source: <path>\n<content>\n` per document, CRDs not included), the hooks with
//! their name, kind, path, events, weight and policies, the notes, and `apply_method: ssa`.

use base64::Engine as _;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Map, Value};

use super::chart::{Chart, File};
use super::engine::Rendered;

/// A release status (Helm's `common.Status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// `unknown`.
    Unknown,
    /// `deployed`.
    Deployed,
    /// `uninstalled`.
    Uninstalled,
    /// `superseded`.
    Superseded,
    /// `failed`.
    Failed,
    /// `uninstalling`.
    Uninstalling,
    /// `pending-install`.
    PendingInstall,
    /// `pending-upgrade`.
    PendingUpgrade,
    /// `pending-rollback`.
    PendingRollback,
}

impl Status {
    /// Helm's name of the status.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unknown => "unknown",
            Status::Deployed => "deployed",
            Status::Uninstalled => "uninstalled",
            Status::Superseded => "superseded",
            Status::Failed => "failed",
            Status::Uninstalling => "uninstalling",
            Status::PendingInstall => "pending-install",
            Status::PendingUpgrade => "pending-upgrade",
            Status::PendingRollback => "pending-rollback",
        }
    }

    /// The status a stored release has (`unknown` for anything else).
    pub fn of(release: &Value) -> Status {
        match release.pointer("/info/status").and_then(Value::as_str) {
            Some("deployed") => Status::Deployed,
            Some("uninstalled") => Status::Uninstalled,
            Some("superseded") => Status::Superseded,
            Some("failed") => Status::Failed,
            Some("uninstalling") => Status::Uninstalling,
            Some("pending-install") => Status::PendingInstall,
            Some("pending-upgrade") => Status::PendingUpgrade,
            Some("pending-rollback") => Status::PendingRollback,
            _ => Status::Unknown,
        }
    }

    /// Whether another action holds the release (Helm's lock).
    pub fn is_pending(self) -> bool {
        matches!(
            self,
            Status::PendingInstall | Status::PendingUpgrade | Status::PendingRollback
        )
    }
}

/// A release that cannot be recorded.
#[derive(Debug, thiserror::Error)]
pub enum ReleaseError {
    /// A hook document is not YAML.
    #[error("unable to parse hook {path}: {message}")]
    Hook {
        /// The template path.
        path: String,
        /// The parser's message.
        message: String,
    },
}

/// What a new revision is made of.
pub struct NewRelease<'a> {
    /// Release name.
    pub name: &'a str,
    /// Release (and storage) namespace.
    pub namespace: &'a str,
    /// Revision (1 for an install).
    pub version: i64,
    /// The chart as loaded (dependencies processed).
    pub chart: &'a Chart,
    /// The user values (`config`), not coalesced with the chart's.
    pub config: &'a Map<String, Value>,
    /// The render.
    pub rendered: &'a Rendered,
    /// When the action started (`last_deployed`).
    pub now: DateTime<Utc>,
    /// `first_deployed` of the release (an upgrade keeps the first revision's).
    pub first_deployed: Option<DateTime<Utc>>,
    /// The status it is recorded with, and the description.
    pub status: Status,
    /// `info.description`.
    pub description: &'a str,
}

/// Go's `time.Time` JSON of a UTC time: RFC 3339 with nanoseconds, trailing zeros trimmed.
pub fn go_time(t: DateTime<Utc>) -> String {
    let full = t.to_rfc3339_opts(SecondsFormat::Nanos, true);
    // `…SS.123456789Z`: Go's RFC3339Nano drops trailing zeros, and the dot with them.
    let body = full.trim_end_matches('Z');
    let body = body.trim_end_matches('0').trim_end_matches('.');
    format!("{body}Z")
}

fn time_of(mtime: Option<i64>) -> Option<String> {
    mtime
        .and_then(|s| DateTime::<Utc>::from_timestamp(s, 0))
        .map(go_time)
}

fn file_json(f: &File) -> Value {
    let mut v = json!({
        "name": f.name,
        "data": base64::engine::general_purpose::STANDARD.encode(&f.data),
    });
    if let Some(t) = time_of(f.mtime) {
        v["modtime"] = json!(t);
    }
    v
}

/// Values with float64 numbers as `encoding/json` writes them: a whole number without a
/// fraction (`2`, not `2.0`).
fn go_numbers(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), go_numbers(v))).collect())
        }
        Value::Array(a) => Value::Array(a.iter().map(go_numbers).collect()),
        Value::Number(n) if n.is_f64() => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => json!(f as i64),
            _ => v.clone(),
        },
        other => other.clone(),
    }
}

/// The chart as `json.Marshal` writes Helm's `chart.Chart` (subcharts are unexported).
pub fn chart_json(chart: &Chart) -> Value {
    let values = chart.values.as_ref().map(|_| {
        super::engine::chart_values(chart)
            .map(|v| go_numbers(&Value::Object(v)))
            .unwrap_or(Value::Null)
    });
    let mut v = json!({
        "metadata": serde_json::to_value(&chart.metadata).unwrap_or(Value::Null),
        "lock": chart.lock.as_ref().map(|l| serde_json::to_value(l).unwrap_or(Value::Null)),
        "templates": chart.templates.iter().map(file_json).collect::<Vec<_>>(),
        "values": values.unwrap_or(Value::Null),
        "schema": chart.schema.as_ref().map(|s| base64::engine::general_purpose::STANDARD.encode(&s.data)),
        "schemamodtime": chart.schema.as_ref().and_then(|s| time_of(s.mtime))
            .unwrap_or_else(|| "0001-01-01T00:00:00Z".into()),
        "files": chart.files.iter().map(file_json).collect::<Vec<_>>(),
    });
    if let Some(t) = time_of(chart.mtime) {
        v["modtime"] = json!(t);
    }
    v
}

/// The release manifest: every non-hook document, in install order, as Helm writes it.
pub fn manifest_text(rendered: &Rendered) -> String {
    let mut out = String::new();
    for m in &rendered.manifests {
        out.push_str("---\n# Source: ");
        out.push_str(&m.path);
        out.push('\n');
        out.push_str(&m.content);
        out.push('\n');
    }
    out
}

/// The hooks as Helm's `sortManifests` records them: name, kind, path, manifest, events,
/// weight (`helm.sh/hook-weight`, 0 when not a number), delete and output-log policies
/// (comma lists, trimmed), and a `last_run` that has not happened.
pub fn hooks_json(rendered: &Rendered) -> Result<Vec<Value>, ReleaseError> {
    rendered
        .hooks
        .iter()
        .map(|(m, events)| {
            let doc = crate::kustomize::yaml::parse_first_v2(&m.content).map_err(|e| {
                ReleaseError::Hook {
                    path: m.path.clone(),
                    message: e.to_string(),
                }
            })?;
            let annotation = |k: &str| {
                doc.pointer("/metadata/annotations")
                    .and_then(|a| a.get(k))
                    .and_then(Value::as_str)
                    .map(str::to_string)
            };
            let list = |k: &str| -> Vec<String> {
                annotation(k)
                    .map(|v| {
                        v.split(',')
                            .map(|p| p.trim().to_string())
                            .filter(|p| !p.is_empty())
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let weight = annotation("helm.sh/hook-weight")
                .and_then(|w| w.trim().parse::<i64>().ok())
                .unwrap_or(0);
            let mut h = Map::new();
            let name = doc
                .pointer("/metadata/name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            for (k, v) in [("name", name), ("kind", &m.kind), ("path", &m.path)] {
                if !v.is_empty() {
                    h.insert(k.into(), json!(v));
                }
            }
            if !m.content.is_empty() {
                h.insert("manifest".into(), json!(m.content));
            }
            if !events.is_empty() {
                h.insert("events".into(), json!(events));
            }
            h.insert("last_run".into(), json!({"phase": ""}));
            if weight != 0 {
                h.insert("weight".into(), json!(weight));
            }
            for (key, annotation) in [
                ("delete_policies", "helm.sh/hook-delete-policy"),
                ("output_log_policies", "helm.sh/hook-output-log-policy"),
            ] {
                let l = list(annotation);
                if !l.is_empty() {
                    h.insert(key.into(), json!(l));
                }
            }
            Ok(Value::Object(h))
        })
        .collect()
}

/// The release JSON of a new revision.
pub fn new_release(r: &NewRelease<'_>) -> Result<Value, ReleaseError> {
    let mut info = Map::new();
    info.insert(
        "first_deployed".into(),
        json!(go_time(r.first_deployed.unwrap_or(r.now))),
    );
    info.insert("last_deployed".into(), json!(go_time(r.now)));
    if !r.description.is_empty() {
        info.insert("description".into(), json!(r.description));
    }
    info.insert("status".into(), json!(r.status.as_str()));
    if !r.rendered.notes.is_empty() {
        info.insert("notes".into(), json!(r.rendered.notes));
    }
    let mut rel = Map::new();
    rel.insert("name".into(), json!(r.name));
    rel.insert("info".into(), Value::Object(info));
    rel.insert("chart".into(), chart_json(r.chart));
    if !r.config.is_empty() {
        rel.insert("config".into(), Value::Object(r.config.clone()));
    }
    let manifest = manifest_text(r.rendered);
    if !manifest.is_empty() {
        rel.insert("manifest".into(), json!(manifest));
    }
    let hooks = hooks_json(r.rendered)?;
    if !hooks.is_empty() {
        rel.insert("hooks".into(), json!(hooks));
    }
    rel.insert("version".into(), json!(r.version));
    rel.insert("namespace".into(), json!(r.namespace));
    rel.insert("apply_method".into(), json!("ssa"));
    Ok(Value::Object(rel))
}

/// Helm's `SetStatus`: the status and description of a release.
pub fn set_status(release: &mut Value, status: Status, description: &str) {
    if !release["info"].is_object() {
        release["info"] = json!({});
    }
    release["info"]["status"] = json!(status.as_str());
    if description.is_empty() {
        if let Some(info) = release["info"].as_object_mut() {
            info.remove("description");
        }
    } else {
        release["info"]["description"] = json!(description);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_times_trim_trailing_zeros_and_use_z() {
        let t = DateTime::<Utc>::from_timestamp(1_700_000_000, 120_000_000).unwrap();
        assert_eq!(go_time(t), "2023-11-14T22:13:20.12Z");
        let t = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap();
        assert_eq!(go_time(t), "2023-11-14T22:13:20Z");
    }

    #[test]
    fn pending_statuses_are_the_lock() {
        for (s, pending) in [
            ("pending-install", true),
            ("pending-upgrade", true),
            ("pending-rollback", true),
            ("deployed", false),
            ("failed", false),
            ("nonsense", false),
        ] {
            let st = Status::of(&json!({"info": {"status": s}}));
            assert_eq!(st.is_pending(), pending, "{s}");
        }
        let mut r = json!({"info": {"status": "pending-install", "description": "x"}});
        set_status(&mut r, Status::Deployed, "Install complete");
        assert_eq!(r["info"]["status"], "deployed");
        assert_eq!(r["info"]["description"], "Install complete");
    }
}
