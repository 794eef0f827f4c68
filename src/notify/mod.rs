//! The notification-controller's pure core (issue 7, first part): Flux's event payload, which
//! Alerts an event matches (sources by kind/name/namespace with `*` and `matchLabels`,
//! severity, inclusion and exclusion regular expressions), the metadata an Alert adds,
//! the duplicate-event limiter; `providers` builds each provider type's requests and
//! `receivers` checks incoming webhooks. No I/O: `controllers::notification` serves and sends.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

pub mod oidc;
pub mod providers;
pub mod receivers;

use crate::api::notification::{AlertSpec, CrossNamespaceObjectReference, EventSeverity};

/// What can be wrong with an Alert or an event.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum Error {
    /// A regular expression of `inclusionList`/`exclusionList` does not compile.
    #[error("invalid regular expression in {field}: {source_text}: {message}")]
    Regex {
        /// The Alert field.
        field: &'static str,
        /// The expression.
        source_text: String,
        /// The compiler's message.
        message: String,
    },
    /// The event body is not Flux's payload.
    #[error("invalid event payload: {0}")]
    Payload(String),
}

/// The object an event is about.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InvolvedObject {
    /// Kind.
    #[serde(default)]
    pub kind: String,
    /// Namespace.
    #[serde(default)]
    pub namespace: String,
    /// Name.
    #[serde(default)]
    pub name: String,
    /// UID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// API version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Resource version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_version: Option<String>,
}

/// Flux's event payload (`fluxcd/pkg/apis/event` v1beta1 Event).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// The object the event is about.
    pub involved_object: InvolvedObject,
    /// `info` or `error`.
    pub severity: String,
    /// RFC 3339 time.
    pub timestamp: String,
    /// Human message.
    pub message: String,
    /// Machine reason.
    pub reason: String,
    /// Extra metadata (`<group>/revision`, …).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
    /// The controller that reported it.
    pub reporting_controller: String,
    /// Its instance.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reporting_instance: String,
}

impl Event {
    /// Parses and checks a request body (involved object kind/name/namespace, severity,
    /// message and reason are required).
    pub fn parse(body: &[u8]) -> Result<Event, Error> {
        let e: Event = serde_json::from_slice(body).map_err(|e| Error::Payload(e.to_string()))?;
        let o = &e.involved_object;
        for (field, v) in [
            ("involvedObject.kind", &o.kind),
            ("involvedObject.name", &o.name),
            ("involvedObject.namespace", &o.namespace),
            ("message", &e.message),
            ("reason", &e.reason),
        ] {
            if v.is_empty() {
                return Err(Error::Payload(format!("{field} is required")));
            }
        }
        if e.severity != "info" && e.severity != "error" {
            return Err(Error::Payload(format!(
                "severity must be 'info' or 'error', got {:?}",
                e.severity
            )));
        }
        Ok(e)
    }
}

/// Whether an Alert of `wanted` severity takes an event of `severity` (`info` takes all).
pub fn severity_matches(wanted: Option<EventSeverity>, severity: &str) -> bool {
    match wanted.unwrap_or_default() {
        EventSeverity::Info => true,
        EventSeverity::Error => severity == "error",
    }
}

/// How an event source entry relates to an event.
#[derive(Debug, PartialEq, Eq)]
pub enum SourceMatch {
    /// It does not select the object.
    No,
    /// It selects the object.
    Yes,
    /// It selects the object if the object's labels match these.
    IfLabels(BTreeMap<String, String>),
}

/// Flux's rule: same namespace (the Alert's when unset), same kind, and the same name or `*`
/// (with `matchLabels`, only objects carrying them).
pub fn source_matches(
    alert_namespace: &str,
    src: &CrossNamespaceObjectReference,
    obj: &InvolvedObject,
) -> SourceMatch {
    let ns = src.namespace.as_deref().unwrap_or(alert_namespace);
    let kind = serde_json::to_value(src.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    if obj.namespace != ns || obj.kind != kind {
        return SourceMatch::No;
    }
    if src.name == "*" {
        return match &src.match_labels {
            Some(l) if !l.is_empty() => SourceMatch::IfLabels(l.clone()),
            _ => SourceMatch::Yes,
        };
    }
    if src.name == obj.name {
        SourceMatch::Yes
    } else {
        SourceMatch::No
    }
}

/// Whether `labels` carry every `wanted` label.
pub fn labels_match(wanted: &BTreeMap<String, String>, labels: &BTreeMap<String, String>) -> bool {
    wanted.iter().all(|(k, v)| labels.get(k) == Some(v))
}

/// The message filters of an Alert, compiled.
pub struct MessageFilter {
    include: Vec<regex::Regex>,
    exclude: Vec<regex::Regex>,
}

impl MessageFilter {
    /// Compiles `inclusionList` and `exclusionList`.
    pub fn new(alert: &AlertSpec) -> Result<MessageFilter, Error> {
        let compile = |field: &'static str, list: &[String]| {
            list.iter()
                .map(|r| {
                    regex::Regex::new(r).map_err(|e| Error::Regex {
                        field,
                        source_text: r.clone(),
                        message: e.to_string(),
                    })
                })
                .collect::<Result<Vec<_>, Error>>()
        };
        Ok(MessageFilter {
            include: compile("inclusionList", &alert.inclusion_list)?,
            exclude: compile("exclusionList", &alert.exclusion_list)?,
        })
    }

    /// An event passes when some inclusion expression matches its message (or there is none)
    /// and no exclusion expression does.
    pub fn allows(&self, message: &str) -> bool {
        (self.include.is_empty() || self.include.iter().any(|r| r.is_match(message)))
            && !self.exclude.iter().any(|r| r.is_match(message))
    }
}

/// The annotation prefix whose keys join an event's metadata (`event.toolkit.fluxcd.io/`).
pub const EVENT_ANNOTATION_PREFIX: &str = "event.toolkit.fluxcd.io/";

/// The metadata an event carries to a provider, lowest precedence first: the object's
/// `event.toolkit.fluxcd.io/*` annotations (from `object_annotations` and from event metadata
/// keys with that prefix), the Alert's `eventMetadata`, its `summary`, then the event's own keys
/// under the involved object's API group (prefix stripped; `token` dropped). Keys of other
/// groups are dropped, as Flux does.
pub fn merged_metadata(
    object_annotations: &BTreeMap<String, String>,
    alert: &AlertSpec,
    event: &Event,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (k, v) in object_annotations.iter().chain(event.metadata.iter()) {
        if let Some(key) = k.strip_prefix(EVENT_ANNOTATION_PREFIX) {
            out.insert(key.to_string(), v.clone());
        }
    }
    for (k, v) in alert.event_metadata.iter().flatten() {
        out.insert(k.clone(), v.clone());
    }
    if let Some(s) = alert.summary.as_ref().filter(|s| !s.is_empty()) {
        out.insert(String::from("summary"), s.clone());
    }
    let group = event
        .involved_object
        .api_version
        .as_deref()
        .and_then(|v| v.split_once('/').map(|(g, _)| g))
        .unwrap_or_default();
    for (k, v) in &event.metadata {
        let Some((g, key)) = k.rsplit_once('/') else {
            continue;
        };
        if (g == group || group.is_empty() && g.ends_with(".toolkit.fluxcd.io"))
            && g != EVENT_ANNOTATION_PREFIX.trim_end_matches('/')
            && key != "token"
        {
            out.insert(key.to_string(), v.clone());
        }
    }
    out
}

/// Keys seen within a time window: the first sighting passes, repeats within the window do
/// not (and do not extend it).
pub struct RecentSet<K> {
    window: Duration,
    seen: std::sync::Mutex<HashMap<K, Instant>>,
}

impl<K: std::hash::Hash + Eq> RecentSet<K> {
    /// An empty set remembering keys for `window`.
    pub fn new(window: Duration) -> Self {
        RecentSet {
            window,
            seen: Default::default(),
        }
    }

    /// Whether `key` is new within the window (and records it).
    pub fn first_time(&self, key: K, now: Instant) -> bool {
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        seen.retain(|_, t| now.duration_since(*t) < self.window);
        if seen.contains_key(&key) {
            return false;
        }
        seen.insert(key, now);
        true
    }
}

/// Drops an event identical (object, message, metadata) to one seen within `interval`.
pub struct DuplicateLimiter(RecentSet<u64>);

impl DuplicateLimiter {
    /// A limiter with Flux's `--rate-limit-interval`.
    pub fn new(interval: Duration) -> Self {
        DuplicateLimiter(RecentSet::new(interval))
    }

    /// Whether the event may pass now (and records it).
    pub fn allow(&self, e: &Event, now: Instant) -> bool {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let o = &e.involved_object;
        (&o.kind, &o.namespace, &o.name, &e.message, &e.metadata).hash(&mut h);
        self.0.first_time(h.finish(), now)
    }
}

/// A PKCS#8 RSA key (PEM) made by the openssl CLI, for tests of signed tokens.
#[cfg(test)]
pub(crate) fn openssl_rsa_pem() -> String {
    let out = std::process::Command::new("openssl")
        .args([
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
        ])
        .output()
        .expect("openssl");
    assert!(out.status.success(), "openssl genpkey failed");
    String::from_utf8(out.stdout).expect("PEM")
}

/// The public half of a PEM RSA key, by the openssl CLI: (SPKI PEM, modulus bytes).
#[cfg(test)]
pub(crate) fn openssl_rsa_public(private_pem: &str) -> (String, Vec<u8>) {
    use std::io::Write;
    let run = |args: &[&str]| {
        let mut child = std::process::Command::new("openssl")
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("openssl");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(private_pem.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "openssl {args:?} failed");
        String::from_utf8(out.stdout).expect("openssl output")
    };
    let spki = run(&["pkey", "-pubout"]);
    let modulus = run(&["rsa", "-noout", "-modulus"]);
    let hex = modulus.trim().trim_start_matches("Modulus=");
    (spki, hex::decode(hex).expect("hex modulus"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::notification::FluxKind;
    use serde_json::json;

    fn event(kind: &str, ns: &str, name: &str, severity: &str, message: &str) -> Event {
        Event::parse(
            json!({"involvedObject": {"kind": kind, "namespace": ns, "name": name},
                "severity": severity, "timestamp": "2026-11-25T10:00:00Z", "message": message,
                "reason": "ReconciliationFailed", "reportingController": "kustomize-controller",
                "metadata": {"kustomize.toolkit.fluxcd.io/revision": "main@sha1:abc",
                    "kustomize.toolkit.fluxcd.io/token": "t", "other.io/x": "y"}})
            .to_string()
            .as_bytes(),
        )
        .unwrap()
    }

    fn src(
        kind: FluxKind,
        name: &str,
        ns: Option<&str>,
        labels: Option<&[(&str, &str)]>,
    ) -> CrossNamespaceObjectReference {
        CrossNamespaceObjectReference {
            api_version: None,
            kind,
            name: name.into(),
            namespace: ns.map(Into::into),
            match_labels: labels.map(|l| {
                l.iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect()
            }),
            filter: None,
        }
    }

    fn alert(include: &[&str], exclude: &[&str]) -> AlertSpec {
        serde_json::from_value(json!({"providerRef": {"name": "p"}, "eventSources": [],
            "inclusionList": include, "exclusionList": exclude,
            "eventMetadata": {"env": "prod", "revision": "from-alert"}, "summary": "cluster one"}))
        .unwrap()
    }

    #[test]
    fn sources_match_by_namespace_kind_name_wildcard_and_labels() {
        let e = event("Kustomization", "apps", "web", "info", "m");
        let o = &e.involved_object;
        let table = [
            (
                src(FluxKind::Kustomization, "web", None, None),
                "apps",
                SourceMatch::Yes,
            ),
            (
                src(FluxKind::Kustomization, "web", None, None),
                "other",
                SourceMatch::No,
            ),
            (
                src(FluxKind::Kustomization, "web", Some("apps"), None),
                "other",
                SourceMatch::Yes,
            ),
            (
                src(FluxKind::Kustomization, "api", None, None),
                "apps",
                SourceMatch::No,
            ),
            (
                src(FluxKind::GitRepository, "web", None, None),
                "apps",
                SourceMatch::No,
            ),
            (
                src(FluxKind::Kustomization, "*", None, None),
                "apps",
                SourceMatch::Yes,
            ),
            (
                src(FluxKind::Kustomization, "*", None, Some(&[("team", "a")])),
                "apps",
                SourceMatch::IfLabels([("team".to_string(), "a".to_string())].into()),
            ),
        ];
        for (i, (s, alert_ns, want)) in table.into_iter().enumerate() {
            assert_eq!(source_matches(alert_ns, &s, o), want, "row {i}");
        }
        let wanted: BTreeMap<String, String> = [("team".into(), "a".into())].into();
        assert!(labels_match(
            &wanted,
            &[("team".into(), "a".into()), ("x".into(), "y".into())].into()
        ));
        assert!(!labels_match(
            &wanted,
            &[("team".into(), "b".into())].into()
        ));
    }

    #[test]
    fn severity_and_message_filters() {
        assert!(severity_matches(None, "info"));
        assert!(severity_matches(Some(EventSeverity::Info), "error"));
        assert!(!severity_matches(Some(EventSeverity::Error), "info"));
        assert!(severity_matches(Some(EventSeverity::Error), "error"));
        let f =
            MessageFilter::new(&alert(&["^Applied", "failed"], &["ConfigMap/.*/ignored"])).unwrap();
        assert!(f.allows("Applied revision: main@sha1:abc"));
        assert!(f.allows("health check failed"));
        assert!(!f.allows("Reconciliation finished"));
        assert!(!f.allows("Applied ConfigMap/apps/ignored"));
        let err = MessageFilter::new(&alert(&["("], &[])).err().unwrap();
        assert!(err.to_string().contains("inclusionList"), "{err}");
    }

    #[test]
    fn metadata_merges_in_flux_order() {
        let e = event("Kustomization", "apps", "web", "info", "m");
        let ann: BTreeMap<String, String> = [
            (
                "event.toolkit.fluxcd.io/env".to_string(),
                "from-object".to_string(),
            ),
            ("other/annotation".to_string(), "x".to_string()),
        ]
        .into();
        let md = merged_metadata(&ann, &alert(&[], &[]), &e);
        assert_eq!(md["env"], "prod");
        let mut no_alert_env = alert(&[], &[]);
        no_alert_env.event_metadata = None;
        let md2 = merged_metadata(&ann, &no_alert_env, &e);
        assert_eq!(md2["env"], "from-object");
        assert_eq!(md["summary"], "cluster one");
        assert_eq!(md["revision"], "main@sha1:abc");
        assert!(!md.contains_key("annotation"));
        assert!(!md.contains_key("token"));
        assert!(!md.contains_key("x"));
    }

    #[test]
    fn payload_validation_and_duplicates() {
        assert!(Event::parse(b"{").is_err());
        assert!(Event::parse(br#"{"involvedObject":{"kind":"K","namespace":"n","name":"x"},"severity":"warn","message":"m","reason":"r","timestamp":"t","reportingController":"c"}"#).is_err());
        let lim = DuplicateLimiter::new(Duration::from_secs(300));
        let e = event("Kustomization", "apps", "web", "info", "m");
        let t = Instant::now();
        assert!(lim.allow(&e, t));
        assert!(!lim.allow(&e, t + Duration::from_secs(10)));
        let other = event("Kustomization", "apps", "web", "info", "different");
        assert!(lim.allow(&other, t + Duration::from_secs(10)));
        assert!(lim.allow(&e, t + Duration::from_secs(301)));
    }
}
