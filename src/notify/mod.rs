//! The notification-controller's pure core (issue 7, first part): Flux's event payload, which
//! Alerts an event matches (sources by kind/name/namespace with `*` and `matchLabels`,
//! severity, inclusion and exclusion regular expressions), the metadata an Alert adds,
//! the duplicate-event limiter, and the generic, generic-hmac, slack, discord, rocket and webex
//! requests. No I/O: the
//! server and provider clients build on this.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

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

/// The metadata an event carries to a provider: the object's `event.toolkit.fluxcd.io/*`
/// annotations (prefix stripped), then the Alert's `eventMetadata`, then `summary`, then the
/// event's own keys with their group prefix stripped; later entries do not override earlier
/// ones that are already set, except the event's own keys, which win.
pub fn merged_metadata(
    object_annotations: &BTreeMap<String, String>,
    alert: &AlertSpec,
    event: &Event,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (k, v) in object_annotations {
        if let Some(key) = k.strip_prefix("event.toolkit.fluxcd.io/") {
            out.insert(key.to_string(), v.clone());
        }
    }
    for (k, v) in alert.event_metadata.iter().flatten() {
        out.entry(k.clone()).or_insert_with(|| v.clone());
    }
    if let Some(s) = alert.summary.as_ref().filter(|s| !s.is_empty()) {
        out.entry(String::from("summary"))
            .or_insert_with(|| s.clone());
    }
    for (k, v) in &event.metadata {
        let key = k.rsplit_once('/').map(|(_, k)| k).unwrap_or(k);
        out.insert(key.to_string(), v.clone());
    }
    out
}

/// Drops an event identical (object, message, metadata) to one seen within `interval`.
pub struct DuplicateLimiter {
    interval: Duration,
    seen: std::sync::Mutex<HashMap<u64, Instant>>,
}

impl DuplicateLimiter {
    /// A limiter with Flux's `--rate-limit-interval`.
    pub fn new(interval: Duration) -> Self {
        DuplicateLimiter {
            interval,
            seen: Default::default(),
        }
    }

    /// Whether the event may pass now (and records it).
    pub fn allow(&self, e: &Event, now: Instant) -> bool {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let o = &e.involved_object;
        (&o.kind, &o.namespace, &o.name, &e.message, &e.metadata).hash(&mut h);
        let key = h.finish();
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        seen.retain(|_, t| now.duration_since(*t) < self.interval);
        if seen.contains_key(&key) {
            return false;
        }
        seen.insert(key, now);
        true
    }
}

/// One HTTP request a provider sends.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// URL.
    pub url: String,
    /// Headers (name, value).
    pub headers: Vec<(String, String)>,
    /// JSON body.
    pub body: Vec<u8>,
}

/// The `generic` provider: the event as JSON (metadata merged) with `gotk-component` set to
/// the reporting controller, plus the Secret's `headers`.
pub fn generic_request(
    address: &str,
    event: &Event,
    metadata: BTreeMap<String, String>,
    extra_headers: &BTreeMap<String, String>,
) -> Request {
    let mut e = event.clone();
    e.metadata = metadata;
    let body = serde_json::to_vec(&e).unwrap_or_default();
    let mut headers = vec![
        (
            String::from("Content-Type"),
            String::from("application/json"),
        ),
        (
            String::from("gotk-component"),
            e.reporting_controller.clone(),
        ),
    ];
    headers.extend(extra_headers.iter().map(|(k, v)| (k.clone(), v.clone())));
    Request {
        url: address.to_string(),
        headers,
        body,
    }
}

/// The `generic-hmac` provider: the generic request signed with the Secret's `token` as
/// `X-Signature: sha256=<hex HMAC of the body>`.
pub fn generic_hmac_request(
    address: &str,
    event: &Event,
    metadata: BTreeMap<String, String>,
    extra_headers: &BTreeMap<String, String>,
    token: &[u8],
) -> Request {
    use hmac::Mac;
    let mut r = generic_request(address, event, metadata, extra_headers);
    let sig = match hmac::Hmac::<sha2::Sha256>::new_from_slice(token) {
        Ok(mut m) => {
            m.update(&r.body);
            crate::artifact::archive::hex(&m.finalize().into_bytes())
        }
        Err(_) => String::new(),
    };
    r.headers
        .push((String::from("X-Signature"), format!("sha256={sig}")));
    r
}

/// The `slack` provider (incoming webhook, or `chat.postMessage` with the Secret's `token`):
/// one attachment coloured `good`/`danger`, authored `<kind>/<name>.<namespace>`, the message as
/// markdown text and the metadata as fields (sorted by key); `username` defaults to the
/// reporting controller.
pub fn slack_request(
    address: &str,
    event: &Event,
    metadata: &BTreeMap<String, String>,
    username: Option<&str>,
    channel: Option<&str>,
    token: Option<&str>,
) -> Request {
    let username = username
        .filter(|u| !u.is_empty())
        .unwrap_or(&event.reporting_controller);
    slack_payload(
        address,
        event,
        metadata,
        username,
        channel,
        token,
        ("good", "danger"),
    )
}

/// The `rocket` provider: the slack payload with Rocket.Chat's colours (`#0076D7`, `#FF0000`)
/// and the username as configured (no default).
pub fn rocket_request(
    address: &str,
    event: &Event,
    metadata: &BTreeMap<String, String>,
    username: Option<&str>,
    channel: Option<&str>,
) -> Request {
    let username = username.unwrap_or_default();
    slack_payload(
        address,
        event,
        metadata,
        username,
        channel,
        None,
        ("#0076D7", "#FF0000"),
    )
}

/// The `webex` provider: `roomId` (the Provider's `channel`) and a markdown message — status
/// emoji and `**kind/name.namespace**`, the message, then `>**key**: value` per metadata entry
/// (sorted by key) — with the bot token as a bearer token.
pub fn webex_request(
    address: &str,
    event: &Event,
    metadata: &BTreeMap<String, String>,
    room: Option<&str>,
    token: &str,
) -> Request {
    let o = &event.involved_object;
    let emoji = if event.severity == "error" {
        "💣"
    } else {
        "✅"
    };
    let mut md = format!(
        "{emoji} **{}/{}.{}**\n{}\n",
        o.kind.to_lowercase(),
        o.name,
        o.namespace,
        event.message
    );
    for (k, v) in metadata {
        md.push_str(&format!(">**{k}**: {v}\n"));
    }
    let mut body = serde_json::Map::new();
    if let Some(r) = room.filter(|r| !r.is_empty()) {
        body.insert(
            String::from("roomId"),
            serde_json::Value::String(r.to_string()),
        );
    }
    body.insert(String::from("markdown"), serde_json::Value::String(md));
    Request {
        url: address.to_string(),
        headers: vec![
            (
                String::from("Content-Type"),
                String::from("application/json"),
            ),
            (String::from("Authorization"), format!("Bearer {token}")),
        ],
        body: serde_json::to_vec(&body).unwrap_or_default(),
    }
}

/// The Slack-style payload shared by slack, discord and rocket.
fn slack_payload(
    address: &str,
    event: &Event,
    metadata: &BTreeMap<String, String>,
    username: &str,
    channel: Option<&str>,
    token: Option<&str>,
    (info_color, error_color): (&str, &str),
) -> Request {
    let o = &event.involved_object;
    let fields: Vec<serde_json::Value> = metadata
        .iter()
        .map(|(k, v)| serde_json::json!({"title": k, "value": v, "short": false}))
        .collect();
    let body = serde_json::json!({
        "channel": channel.unwrap_or_default(),
        "username": username,
        "icon_url": "",
        "icon_emoji": "",
        "attachments": [{
            "color": if event.severity == "error" { error_color } else { info_color },
            "author_name": format!("{}/{}.{}", o.kind.to_lowercase(), o.name, o.namespace),
            "text": event.message,
            "mrkdwn_in": ["text"],
            "fields": fields,
        }],
    });
    let mut headers = vec![(
        String::from("Content-Type"),
        String::from("application/json"),
    )];
    if let Some(t) = token.filter(|t| !t.is_empty()) {
        headers.push((String::from("Authorization"), format!("Bearer {t}")));
    }
    Request {
        url: address.to_string(),
        headers,
        body: serde_json::to_vec(&body).unwrap_or_default(),
    }
}

/// The `discord` provider: Discord's Slack-compatible endpoint (`/slack` appended to the
/// webhook path unless present) with the slack payload, no channel and no token.
pub fn discord_request(
    address: &str,
    event: &Event,
    metadata: &BTreeMap<String, String>,
    username: Option<&str>,
) -> Request {
    let (base, query) = match address.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (address, None),
    };
    let mut url = if base.ends_with("/slack") {
        base.to_string()
    } else {
        format!("{}/slack", base.trim_end_matches('/'))
    };
    if let Some(q) = query {
        url = format!("{url}?{q}");
    }
    slack_request(&url, event, metadata, username, None, None)
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
                "metadata": {"kustomize.toolkit.fluxcd.io/revision": "main@sha1:abc"}})
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
        assert_eq!(md["env"], "from-object");
        assert_eq!(md["summary"], "cluster one");
        assert_eq!(md["revision"], "main@sha1:abc");
        assert!(!md.contains_key("annotation"));
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

    #[test]
    fn slack_payload_follows_fluxs_attachment_layout() {
        let e = event(
            "Kustomization",
            "apps",
            "web",
            "error",
            "health check failed",
        );
        let md: BTreeMap<String, String> =
            [("revision".to_string(), "main@sha1:abc".to_string())].into();
        let r = slack_request(
            "https://hooks.slack.com/services/x",
            &e,
            &md,
            None,
            Some("#ops"),
            Some("xoxb-1"),
        );
        let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(
            body,
            json!({"channel": "#ops", "username": "kustomize-controller", "icon_url": "", "icon_emoji": "",
                "attachments": [{"color": "danger", "author_name": "kustomization/web.apps",
                    "text": "health check failed", "mrkdwn_in": ["text"],
                    "fields": [{"title": "revision", "value": "main@sha1:abc", "short": false}]}]})
        );
        assert!(r
            .headers
            .contains(&("Authorization".into(), "Bearer xoxb-1".into())));
        let info = event("Kustomization", "apps", "web", "info", "ok");
        let r = slack_request("u", &info, &BTreeMap::new(), Some("flux"), None, None);
        let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(body["attachments"][0]["color"], "good");
        assert_eq!(body["username"], "flux");
        assert!(!r.headers.iter().any(|(k, _)| k == "Authorization"));
    }

    #[test]
    fn discord_uses_the_slack_compatible_endpoint() {
        let e = event("Kustomization", "apps", "web", "info", "ok");
        let r = discord_request(
            "https://discord.com/api/webhooks/1/abc",
            &e,
            &BTreeMap::new(),
            None,
        );
        assert_eq!(r.url, "https://discord.com/api/webhooks/1/abc/slack");
        let r = discord_request(
            "https://discord.com/api/webhooks/1/abc/slack",
            &e,
            &BTreeMap::new(),
            None,
        );
        assert_eq!(r.url, "https://discord.com/api/webhooks/1/abc/slack");
        let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(body["channel"], "");
        assert_eq!(
            body["attachments"][0]["author_name"],
            "kustomization/web.apps"
        );
    }

    #[test]
    fn rocket_uses_its_colours_and_no_default_username() {
        let e = event("Kustomization", "apps", "web", "error", "failed");
        let r = rocket_request(
            "https://chat.example.com/hooks/x",
            &e,
            &BTreeMap::new(),
            None,
            Some("ops"),
        );
        let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(body["attachments"][0]["color"], "#FF0000");
        assert_eq!(body["username"], "");
        assert_eq!(body["channel"], "ops");
        let ok = event("Kustomization", "apps", "web", "info", "ok");
        let r = rocket_request("u", &ok, &BTreeMap::new(), Some("flux"), None);
        let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(body["attachments"][0]["color"], "#0076D7");
        assert_eq!(body["username"], "flux");
    }

    #[test]
    fn webex_sends_markdown_to_the_room_with_the_bot_token() {
        let e = event(
            "Kustomization",
            "apps",
            "web",
            "error",
            "health check failed",
        );
        let md: BTreeMap<String, String> =
            [("revision".to_string(), "main@sha1:abc".to_string())].into();
        let r = webex_request(
            "https://webexapis.com/v1/messages",
            &e,
            &md,
            Some("room-1"),
            "bot-token",
        );
        let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(
            body,
            json!({"roomId": "room-1", "markdown": "💣 **kustomization/web.apps**\nhealth check failed\n>**revision**: main@sha1:abc\n"})
        );
        assert!(r
            .headers
            .contains(&("Authorization".into(), "Bearer bot-token".into())));
    }

    #[test]
    fn generic_hmac_signs_the_exact_body() {
        use hmac::Mac;
        let e = event("Kustomization", "apps", "web", "error", "failed");
        let r = generic_hmac_request(
            "http://127.0.0.1:1/hook",
            &e,
            e.metadata.clone(),
            &BTreeMap::new(),
            b"s3cret",
        );
        let sig = r
            .headers
            .iter()
            .find(|(k, _)| k == "X-Signature")
            .unwrap()
            .1
            .clone();
        let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(b"s3cret").unwrap();
        m.update(&r.body);
        let want: String = m
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(sig, format!("sha256={want}"));
        assert!(r
            .headers
            .contains(&("gotk-component".into(), "kustomize-controller".into())));
        let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(body["involvedObject"]["name"], "web");
    }
}
