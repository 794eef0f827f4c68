//! The HTTP requests each Provider type sends for one event: pure functions from the provider
//! settings and the event (metadata already merged) to zero or more [`Request`]s.
//!
//! Payloads follow what Flux's notifiers send (field names, colours, titles) and what each
//! service documents. Nothing here opens a connection; `controllers::notification` sends the
//! requests, with retries, timeouts, proxies and CA bundles. NATS is described by a
//! [`NatsPublish`] and Google Pub/Sub (which needs an OAuth token first) by a [`PubSubPublish`];
//! the types that need another protocol (Azure Event Hub's AMQP, OTLP) are refused with a reason.

use std::collections::BTreeMap;

use base64::Engine as _;
use serde_json::{json, Value};

use super::Event;
use crate::api::notification::ProviderType;

/// What can stop a provider from building its requests.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum Error {
    /// A setting the type needs is missing or malformed.
    #[error("{provider} provider: {message}")]
    Config {
        /// The provider type.
        provider: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The type exists in Flux but is not implemented here.
    #[error("provider type '{0}' is not supported by this version of flux: {1}")]
    Unsupported(String, &'static str),
}

type Result<T> = std::result::Result<T, Error>;

/// The HTTP method of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// POST.
    Post,
    /// PUT (Matrix).
    Put,
    /// GET (existing commit statuses, comments, the token's user).
    Get,
    /// PATCH (editing a pull request comment).
    Patch,
}

/// One HTTP request a provider sends.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// Method.
    pub method: Method,
    /// URL.
    pub url: String,
    /// Headers (name, value).
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: Vec<u8>,
}

impl Request {
    fn json(url: impl Into<String>, body: &Value) -> Request {
        Request {
            method: Method::Post,
            url: url.into(),
            headers: vec![(
                String::from("Content-Type"),
                String::from("application/json"),
            )],
            body: serde_json::to_vec(body).unwrap_or_default(),
        }
    }

    fn header(mut self, name: &str, value: impl Into<String>) -> Request {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    fn bearer(self, token: &str) -> Request {
        self.header("Authorization", format!("Bearer {token}"))
    }

    fn basic(self, user: &str, password: &str) -> Request {
        let enc = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        self.header("Authorization", format!("Basic {enc}"))
    }
}

/// A Provider's settings after its Secrets are read: `address`, `token`, `username`,
/// `password` and `headers` from `secretRef` override the spec.
#[derive(Debug, Clone, Default)]
pub struct Target {
    /// The provider type.
    pub kind: Option<ProviderType>,
    /// Endpoint (spec.address or the Secret's `address`).
    pub address: String,
    /// spec.channel.
    pub channel: Option<String>,
    /// spec.username (or the Secret's `username`).
    pub username: Option<String>,
    /// The Secret's `password`.
    pub password: Option<String>,
    /// The Secret's `token`.
    pub token: Option<String>,
    /// The Secret's `headers` (generic and generic-hmac).
    pub headers: BTreeMap<String, String>,
    /// The commit status key (`<kind>/<name>/<provider uid prefix>` or `commitStatusExpr`).
    pub commit_status: String,
    /// The Provider's UID (pull/merge request comment keys).
    pub provider_uid: String,
}

impl Target {
    fn token(&self, provider: &'static str) -> Result<&str> {
        self.token
            .as_deref()
            .filter(|t| !t.is_empty())
            .ok_or_else(|| Error::Config {
                provider,
                message: String::from("the Secret's 'token' key is required"),
            })
    }
}

/// Whether a type posts commit statuses (and so only takes events with a revision).
pub fn is_commit_status(t: ProviderType) -> bool {
    matches!(
        t,
        ProviderType::Github
            | ProviderType::Gitlab
            | ProviderType::Gitea
            | ProviderType::Bitbucket
            | ProviderType::Bitbucketserver
            | ProviderType::Azuredevops
    )
}

/// Whether an event only refreshes commit statuses (`commit_status: update`), which only
/// commit status providers take.
fn is_commit_status_update(event: &Event) -> bool {
    event.metadata.get("commit_status").map(String::as_str) == Some("update")
}

/// Flux's name of a provider type (`generic-hmac`, `msteams`, ...).
pub fn type_name(t: ProviderType) -> String {
    serde_json::to_value(t)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

/// The requests a provider sends for `event` (whose metadata is already merged). An empty
/// list means the provider skips this event (e.g. a commit status for a Progressing event).
pub fn requests(t: &Target, event: &Event) -> Result<Vec<Request>> {
    let kind = t.kind.ok_or(Error::Config {
        provider: "unknown",
        message: String::from("no type"),
    })?;
    let commit_update = is_commit_status_update(event);
    if is_commit_status(kind) {
        if event.reason == "Progressing" {
            return Ok(vec![]);
        }
        return commit_status(kind, t, event).map(|r| vec![r]);
    }
    // Commit status refreshes are only for commit status providers.
    if commit_update {
        return Ok(vec![]);
    }
    let mut md = event.metadata.clone();
    md.remove("commit_status");
    let one = |r: Request| Ok(vec![r]);
    match kind {
        ProviderType::Generic => one(generic(t, event)),
        ProviderType::GenericHmac => one(generic_hmac(t, event)?),
        ProviderType::Slack => one(slack(t, event, &md)),
        ProviderType::Discord => one(discord(t, event, &md)),
        ProviderType::Rocket => one(rocket(t, event, &md)),
        ProviderType::Msteams => one(msteams(t, event, &md)),
        ProviderType::Googlechat => one(googlechat(t, event, &md)),
        ProviderType::Webex => one(webex(t, event, &md)?),
        ProviderType::Telegram => one(telegram(t, event, &md)?),
        ProviderType::Matrix => one(matrix(t, event, &md)?),
        ProviderType::Lark => one(lark(t, event, &md)),
        ProviderType::Zulip => one(zulip(t, event, &md)?),
        ProviderType::Zoom => one(zoom(t, event, &md)),
        ProviderType::Alertmanager => one(alertmanager(t, event, &md)),
        ProviderType::Opsgenie => one(opsgenie(t, event, &md)?),
        ProviderType::Pagerduty => pagerduty(t, event, &md),
        ProviderType::Grafana => one(grafana(t, event, &md)),
        ProviderType::Datadog => one(datadog(t, event, &md)?),
        ProviderType::Sentry => one(sentry(t, event, &md)?),
        ProviderType::Incidentio => one(incidentio(t, event, &md)?),
        ProviderType::Githubdispatch => one(github_dispatch(t, event, &md)?),
        ProviderType::Nats => Err(Error::Config {
            provider: "nats",
            message: String::from("publishes over the NATS protocol (see nats_publish), not HTTP"),
        }),
        ProviderType::Azureeventhub => Err(Error::Unsupported(
            type_name(kind),
            "Azure Event Hub (AMQP) client not built in",
        )),
        ProviderType::Googlepubsub => Err(Error::Config {
            provider: "googlepubsub",
            message: String::from("needs an access token first (see pubsub_publish)"),
        }),
        ProviderType::Otel => Err(Error::Unsupported(
            type_name(kind),
            "OTLP exporter not built in",
        )),
        ProviderType::Githubpullrequestcomment
        | ProviderType::Gitlabmergerequestcomment
        | ProviderType::Giteapullrequestcomment => Err(Error::Config {
            provider: "change request comment",
            message: String::from("reads existing comments first (see change_request_comment)"),
        }),
        ProviderType::Github
        | ProviderType::Gitlab
        | ProviderType::Gitea
        | ProviderType::Bitbucket
        | ProviderType::Bitbucketserver
        | ProviderType::Azuredevops => unreachable_commit_status(kind),
    }
}

fn unreachable_commit_status(kind: ProviderType) -> Result<Vec<Request>> {
    Err(Error::Unsupported(
        type_name(kind),
        "commit status types are handled above",
    ))
}

/// `<kind>/<name>.<namespace>` with the kind lowercased, the title most chat payloads use.
fn object_title(e: &Event) -> String {
    let o = &e.involved_object;
    format!("{}/{}.{}", o.kind.to_lowercase(), o.name, o.namespace)
}

fn is_error(e: &Event) -> bool {
    e.severity == "error"
}

/// The `generic` provider: the event as JSON with `gotk-component` set to the reporting
/// controller, plus the Secret's `headers`.
pub fn generic(t: &Target, event: &Event) -> Request {
    let mut r = Request {
        method: Method::Post,
        url: t.address.clone(),
        headers: vec![],
        body: serde_json::to_vec(event).unwrap_or_default(),
    }
    .header("Content-Type", "application/json")
    .header("gotk-component", event.reporting_controller.clone());
    for (k, v) in &t.headers {
        r = r.header(k, v.clone());
    }
    r
}

/// One message for the `nats` provider: the event JSON (as the generic provider posts it)
/// published on subject `channel` of the servers in `address`.
#[derive(Debug, Clone, PartialEq)]
pub struct NatsPublish {
    /// Server URLs (`nats://host:port`, comma-separated in `address`), tried in order.
    pub servers: Vec<String>,
    /// The subject (`spec.channel`).
    pub subject: String,
    /// `username`/`password`, when both are set (as Flux).
    pub credentials: Option<(String, String)>,
    /// The message.
    pub payload: Vec<u8>,
}

/// The `nats` provider's message for `event`; `None` when it skips the event (commit status
/// refreshes, which only commit status providers take).
pub fn nats_publish(t: &Target, event: &Event) -> Result<Option<NatsPublish>> {
    let cfg = |m: &str| Error::Config {
        provider: "nats",
        message: m.to_string(),
    };
    if is_commit_status_update(event) {
        return Ok(None);
    }
    let servers: Vec<String> = t
        .address
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(String::from)
        .collect();
    if servers.is_empty() {
        return Err(cfg("NATS server (address) cannot be empty"));
    }
    let subject = t.channel.clone().unwrap_or_default();
    if subject.is_empty() {
        return Err(cfg("NATS subject (channel) cannot be empty"));
    }
    if subject.contains(char::is_whitespace) {
        return Err(cfg("NATS subject (channel) cannot contain whitespace"));
    }
    let credentials = match (t.username.as_deref(), t.password.as_deref()) {
        (Some(u), Some(p)) if !u.is_empty() && !p.is_empty() => {
            Some((u.to_string(), p.to_string()))
        }
        _ => None,
    };
    Ok(Some(NatsPublish {
        servers,
        subject,
        credentials,
        payload: serde_json::to_vec(event).unwrap_or_default(),
    }))
}

/// A Google service account key (the `token` of a `googlepubsub` Provider, JSON as Google
/// issues it). Never printed: it holds the private key.
#[derive(Clone, PartialEq)]
pub struct ServiceAccount {
    /// `client_email`.
    pub client_email: String,
    /// `private_key` (PKCS#8 PEM).
    pub private_key: String,
    /// `private_key_id` (the JWT's `kid`).
    pub private_key_id: Option<String>,
    /// `token_uri` (default Google's).
    pub token_uri: String,
}

impl std::fmt::Debug for ServiceAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServiceAccount")
            .field("client_email", &self.client_email)
            .field("token_uri", &self.token_uri)
            .finish_non_exhaustive()
    }
}

/// The OAuth scope a Pub/Sub publisher asks for.
pub const PUBSUB_SCOPE: &str = "https://www.googleapis.com/auth/pubsub";

impl ServiceAccount {
    /// Parses the key JSON; only `service_account` keys are taken.
    pub fn parse(json: &str) -> Result<ServiceAccount> {
        let cfg = |m: String| Error::Config {
            provider: "googlepubsub",
            message: m,
        };
        let v: Value = serde_json::from_str(json)
            .map_err(|e| cfg(format!("the Secret's 'token' is not JSON credentials: {e}")))?;
        if v["type"] != "service_account" {
            return Err(cfg(format!(
                "the Secret's 'token' must be a service account key (type service_account), not '{}'",
                v["type"].as_str().unwrap_or_default()
            )));
        }
        let field = |k: &str| {
            v[k].as_str()
                .filter(|s| !s.is_empty())
                .map(String::from)
                .ok_or_else(|| cfg(format!("the service account key has no '{k}'")))
        };
        Ok(ServiceAccount {
            client_email: field("client_email")?,
            private_key: field("private_key")?,
            private_key_id: v["private_key_id"].as_str().map(String::from),
            token_uri: v["token_uri"]
                .as_str()
                .unwrap_or("https://oauth2.googleapis.com/token")
                .to_string(),
        })
    }

    /// The signed JWT (RS256) exchanged at `token_uri` for an access token (Google's
    /// service-account flow), valid for an hour from `now` (Unix seconds).
    pub fn assertion(&self, scope: &str, now: i64) -> Result<String> {
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
        header.kid = self.private_key_id.clone();
        let claims = json!({"iss": self.client_email, "scope": scope, "aud": self.token_uri,
            "iat": now, "exp": now + 3600});
        let key =
            jsonwebtoken::EncodingKey::from_rsa_pem(self.private_key.as_bytes()).map_err(|e| {
                Error::Config {
                    provider: "googlepubsub",
                    message: format!("the service account's private_key is not an RSA key: {e}"),
                }
            })?;
        jsonwebtoken::encode(&header, &claims, &key).map_err(|e| Error::Config {
            provider: "googlepubsub",
            message: format!("signing the service account's token: {e}"),
        })
    }
}

/// One message for the `googlepubsub` provider: published on topic `channel` of project
/// `address`, data = the event JSON, attributes = the Secret's `headers`.
#[derive(Debug, Clone, PartialEq)]
pub struct PubSubPublish {
    /// The project ID.
    pub project: String,
    /// The topic ID.
    pub topic: String,
    /// The REST `publish` body.
    pub body: Vec<u8>,
    /// JSON credentials from the Secret's `token`; `None` means the workload's identity.
    pub credentials: Option<ServiceAccount>,
}

impl PubSubPublish {
    /// The REST endpoint on `base` (`https://pubsub.googleapis.com`).
    pub fn url(&self, base: &str) -> String {
        format!(
            "{}/v1/projects/{}/topics/{}:publish",
            base.trim_end_matches('/'),
            self.project,
            self.topic
        )
    }
}

/// The `googlepubsub` provider's message for `event`; `None` when it skips the event.
pub fn pubsub_publish(t: &Target, event: &Event) -> Result<Option<PubSubPublish>> {
    let cfg = |m: &str| Error::Config {
        provider: "googlepubsub",
        message: m.to_string(),
    };
    if is_commit_status_update(event) {
        return Ok(None);
    }
    let project = t.address.trim().to_string();
    if project.is_empty() {
        return Err(cfg("GCP project ID cannot be empty"));
    }
    let topic = t.channel.clone().unwrap_or_default();
    if topic.is_empty() {
        return Err(cfg("GCP Pub/Sub topic ID cannot be empty"));
    }
    let ok_id = |s: &str| {
        s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.~+%".contains(c))
    };
    if !ok_id(&project) || !ok_id(&topic) {
        return Err(cfg(
            "GCP project and topic IDs may hold only letters, digits and - _ . ~ + %",
        ));
    }
    let credentials = t
        .token
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .map(ServiceAccount::parse)
        .transpose()?;
    let data = base64::engine::general_purpose::STANDARD
        .encode(serde_json::to_vec(event).unwrap_or_default());
    let mut message = json!({"data": data});
    if !t.headers.is_empty() {
        message["attributes"] = json!(t.headers);
    }
    Ok(Some(PubSubPublish {
        project,
        topic,
        body: serde_json::to_vec(&json!({"messages": [message]})).unwrap_or_default(),
        credentials,
    }))
}

/// The `generic-hmac` provider: the generic request signed with the Secret's `token` as
/// `X-Signature: sha256=<hex HMAC of the body>`.
pub fn generic_hmac(t: &Target, event: &Event) -> Result<Request> {
    use hmac::Mac;
    let token = t.token("generic-hmac")?;
    let r = generic(t, event);
    let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(token.as_bytes()).map_err(|e| {
        Error::Config {
            provider: "generic-hmac",
            message: e.to_string(),
        }
    })?;
    m.update(&r.body);
    let sig = crate::artifact::archive::hex(&m.finalize().into_bytes());
    Ok(r.header("X-Signature", format!("sha256={sig}")))
}

/// The Slack-style payload shared by slack, discord and rocket: one attachment coloured by
/// severity, authored `<kind>/<name>.<namespace>`, the message as markdown text, the metadata as
/// fields (sorted by key).
fn slack_style(
    url: &str,
    event: &Event,
    md: &BTreeMap<String, String>,
    username: &str,
    channel: &str,
    (info, error): (&str, &str),
) -> Request {
    let fields: Vec<Value> = md
        .iter()
        .map(|(k, v)| json!({"title": k, "value": v, "short": false}))
        .collect();
    Request::json(
        url,
        &json!({
            "channel": channel,
            "username": username,
            "icon_url": "",
            "icon_emoji": "",
            "attachments": [{
                "color": if is_error(event) { error } else { info },
                "author_name": object_title(event),
                "text": event.message,
                "mrkdwn_in": ["text"],
                "fields": fields,
            }],
        }),
    )
}

/// `slack`: incoming webhook, or `chat.postMessage` with the Secret's `token` as a bearer
/// token; `username` defaults to the reporting controller.
pub fn slack(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Request {
    let username = t
        .username
        .as_deref()
        .filter(|u| !u.is_empty())
        .unwrap_or(&event.reporting_controller);
    let r = slack_style(
        &t.address,
        event,
        md,
        username,
        t.channel.as_deref().unwrap_or_default(),
        ("good", "danger"),
    );
    match t.token.as_deref().filter(|t| !t.is_empty()) {
        Some(token) => r.bearer(token),
        None => r,
    }
}

/// `discord`: Discord's Slack-compatible endpoint (`/slack` appended to the webhook path unless
/// present), no channel.
pub fn discord(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Request {
    let (base, query) = match t.address.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (t.address.as_str(), None),
    };
    let mut url = if base.ends_with("/slack") {
        base.to_string()
    } else {
        format!("{}/slack", base.trim_end_matches('/'))
    };
    if let Some(q) = query {
        url = format!("{url}?{q}");
    }
    let username = t
        .username
        .as_deref()
        .filter(|u| !u.is_empty())
        .unwrap_or(&event.reporting_controller);
    slack_style(&url, event, md, username, "", ("good", "danger"))
}

/// `rocket`: the Slack payload with Rocket.Chat's colours and the username as configured.
pub fn rocket(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Request {
    slack_style(
        &t.address,
        event,
        md,
        t.username.as_deref().unwrap_or_default(),
        t.channel.as_deref().unwrap_or_default(),
        ("#0076D7", "#FF0000"),
    )
}

/// Whether a Teams address is a legacy Office 365 connector (MessageCard) rather than a
/// Power Automate workflow (Adaptive Card).
fn is_office365_connector(address: &str) -> bool {
    let host = address
        .split("://")
        .nth(1)
        .unwrap_or(address)
        .split(['/', '?'])
        .next()
        .unwrap_or_default();
    host.ends_with("webhook.office.com") || host == "outlook.office.com"
}

/// `msteams`: an Adaptive Card in a `message` for workflow webhooks (title coloured by
/// severity, the message, the metadata as a FactSet); the legacy MessageCard for Office 365
/// connector addresses.
pub fn msteams(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Request {
    let title = object_title(event);
    if is_office365_connector(&t.address) {
        let facts: Vec<Value> = md
            .iter()
            .map(|(k, v)| json!({"name": k, "value": v}))
            .collect();
        return Request::json(
            &t.address,
            &json!({
                "@type": "MessageCard",
                "@context": "http://schema.org/extensions",
                "themeColor": if is_error(event) { "FF0000" } else { "0076D7" },
                "summary": title,
                "sections": [{"activityTitle": event.message, "activitySubtitle": title, "facts": facts}],
            }),
        );
    }
    let facts: Vec<Value> = md
        .iter()
        .map(|(k, v)| json!({"title": k, "value": v}))
        .collect();
    let mut body = vec![
        json!({"type": "TextBlock", "text": title, "size": "large", "weight": "bolder",
            "style": "heading", "wrap": true,
            "color": if is_error(event) { "attention" } else { "good" }}),
        json!({"type": "TextBlock", "text": event.message, "wrap": true}),
    ];
    if !facts.is_empty() {
        body.push(json!({"type": "FactSet", "facts": facts}));
    }
    Request::json(
        &t.address,
        &json!({
            "type": "message",
            "attachments": [{
                "contentType": "application/vnd.microsoft.card.adaptive",
                "content": {
                    "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                    "type": "AdaptiveCard",
                    "version": "1.4",
                    "body": body,
                },
            }],
        }),
    )
}

/// `googlechat`: a card headed `<kind>/<name>.<namespace>` (subtitle: the reporting
/// controller), the message (red for errors) and the metadata as key/value widgets.
pub fn googlechat(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Request {
    let text = if is_error(event) {
        format!("<font color=\"#ff0000\">{}</font>", event.message)
    } else {
        event.message.clone()
    };
    let mut sections = vec![json!({"header": "", "widgets": [
        {"textParagraph": {"text": text}, "keyValue": null}
    ]})];
    if !md.is_empty() {
        let widgets: Vec<Value> = md
            .iter()
            .map(|(k, v)| {
                json!({"textParagraph": null, "keyValue": {"topLabel": k, "content": v,
                "contentMultiline": false, "bottomLabel": null, "icon": null}})
            })
            .collect();
        sections.push(json!({"header": "", "widgets": widgets}));
    }
    Request::json(
        &t.address,
        &json!({"cards": [{
            "header": {"title": object_title(event), "subtitle": event.reporting_controller,
                "imageUrl": null, "imageStyle": null},
            "sections": sections,
        }]}),
    )
}

/// The markdown text shared by webex, matrix and telegram: a status emoji and the object, the
/// message, then the metadata.
fn markdown_lines(
    event: &Event,
    md: &BTreeMap<String, String>,
    (ok, bad): (&str, &str),
    bold: bool,
    line: impl Fn(&str, &str) -> String,
) -> String {
    let emoji = if is_error(event) { bad } else { ok };
    let title = object_title(event);
    let mut s = if bold {
        format!("{emoji} **{title}**\n{}\n", event.message)
    } else {
        format!("{emoji} {title}\n{}\n", event.message)
    };
    for (k, v) in md {
        s.push_str(&line(k, v));
    }
    s
}

/// `webex`: `roomId` (the Provider's `channel`) and a markdown message, with the bot token as
/// a bearer token.
pub fn webex(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Result<Request> {
    let token = t.token("webex")?;
    let text = markdown_lines(event, md, ("✅", "💣"), true, |k, v| {
        format!(">**{k}**: {v}\n")
    });
    let mut body = serde_json::Map::new();
    if let Some(r) = t.channel.as_deref().filter(|r| !r.is_empty()) {
        body.insert("roomId".into(), Value::String(r.to_string()));
    }
    body.insert("markdown".into(), Value::String(text));
    Ok(Request::json(&t.address, &Value::Object(body)).bearer(token))
}

/// `telegram`: the Bot API's `sendMessage` (`<address or https://api.telegram.org>/bot<token>/
/// sendMessage`) to `chat_id` = the Provider's `channel`, as HTML.
pub fn telegram(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Result<Request> {
    let token = t.token("telegram")?;
    let chat = t
        .channel
        .as_deref()
        .filter(|c| !c.is_empty())
        .ok_or(Error::Config {
            provider: "telegram",
            message: String::from("spec.channel (the chat id) is required"),
        })?;
    let base = if t.address.is_empty() {
        "https://api.telegram.org"
    } else {
        t.address.trim_end_matches('/')
    };
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let emoji = if is_error(event) { "🚨" } else { "💫" };
    let mut text = format!(
        "{emoji} <b>{}</b>\n{}\n",
        esc(&object_title(event)),
        esc(&event.message)
    );
    for (k, v) in md {
        text.push_str(&format!("\n• <b>{}</b>: {}", esc(k), esc(v)));
    }
    Ok(Request::json(
        format!("{base}/bot{token}/sendMessage"),
        &json!({"chat_id": chat, "text": text, "parse_mode": "HTML"}),
    ))
}

/// `matrix`: PUT `m.room.message` into the room named by `channel`, with a transaction id
/// derived from the event (so a retry is not posted twice).
pub fn matrix(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Result<Request> {
    use sha1::Digest;
    let token = t.token("matrix")?;
    let room = t.channel.as_deref().unwrap_or_default();
    let tx = crate::artifact::archive::hex(&sha1::Sha1::digest(
        serde_json::to_vec(event).unwrap_or_default(),
    ));
    let text = markdown_lines(event, md, ("💫", "🚨"), false, |k, v| {
        format!("- {k}: {v}\n")
    });
    let mut r = Request::json(
        format!(
            "{}/_matrix/client/r0/rooms/{}/send/m.room.message/{tx}",
            t.address.trim_end_matches('/'),
            url_escape(room)
        ),
        &json!({"body": text, "msgtype": "m.text"}),
    )
    .bearer(token);
    r.method = Method::Put;
    Ok(r)
}

/// `lark`: an interactive card, header coloured by severity, the message in bold and the
/// metadata as lines.
pub fn lark(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Request {
    let (emoji, color) = if is_error(event) {
        ("🚨", "red")
    } else {
        ("💫", "turquoise")
    };
    let mut text = format!("**{}**\n\n", event.message);
    for (k, v) in md {
        text.push_str(&format!("{k}: {v}\n"));
    }
    Request::json(
        &t.address,
        &json!({"msg_type": "interactive", "card": {
            "config": {"wide_screen_mode": true},
            "header": {"title": {"tag": "plain_text", "content": format!("{emoji} {}", object_title(event))},
                "template": color},
            "elements": [{"tag": "div", "text": {"tag": "lark_md", "content": text}}],
        }}),
    )
}

/// `zulip`: a stream message (form-encoded, as Zulip's `POST /api/v1/messages` takes it) to
/// the stream in `channel` (`stream` or `stream/topic`; the topic defaults to the object),
/// authenticated with the bot's email (`username`) and API key (`password`).
pub fn zulip(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Result<Request> {
    let user = t.username.as_deref().unwrap_or_default();
    let key = t.password.as_deref().or(t.token.as_deref()).unwrap_or("");
    if user.is_empty() || key.is_empty() {
        return Err(Error::Config {
            provider: "zulip",
            message: String::from(
                "the bot email ('username') and API key ('password') are required",
            ),
        });
    }
    let channel = t.channel.as_deref().unwrap_or_default();
    let (stream, topic) = match channel.split_once('/') {
        Some((s, t)) => (s.to_string(), t.to_string()),
        None => (channel.to_string(), object_title(event)),
    };
    let emoji = if is_error(event) {
        ":warning:"
    } else {
        ":check:"
    };
    let mut content = format!("{emoji} **{}**\n{}\n", object_title(event), event.message);
    for (k, v) in md {
        content.push_str(&format!("\n* **{k}**: {v}"));
    }
    let form = [
        ("type", "stream"),
        ("to", stream.as_str()),
        ("topic", topic.as_str()),
        ("content", content.as_str()),
    ]
    .iter()
    .map(|(k, v)| format!("{k}={}", form_escape(v)))
    .collect::<Vec<_>>()
    .join("&");
    Ok(Request {
        method: Method::Post,
        url: t.address.clone(),
        headers: vec![(
            String::from("Content-Type"),
            String::from("application/x-www-form-urlencoded"),
        )],
        body: form.into_bytes(),
    }
    .basic(user, key))
}

/// `zoom`: Zoom team chat's incoming webhook format (`head.text` + a message body), with the
/// verification token as the Authorization header.
pub fn zoom(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Request {
    let emoji = if is_error(event) { "🚨" } else { "💫" };
    let mut text = event.message.clone();
    for (k, v) in md {
        text.push_str(&format!("\n{k}: {v}"));
    }
    let r = Request::json(
        &t.address,
        &json!({"head": {"text": format!("{emoji} {}", object_title(event))},
            "body": [{"type": "message", "text": text}]}),
    );
    match t.token.as_deref().filter(|t| !t.is_empty()) {
        Some(token) => r.header("Authorization", token),
        None => r,
    }
}

/// `alertmanager`: one firing alert, `alertname` = `Flux<Kind><Reason>`, the metadata as
/// labels (summary moved to the annotations), `startsAt` = the event time; bearer token or
/// basic auth when given.
pub fn alertmanager(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Request {
    let o = &event.involved_object;
    let mut labels = md.clone();
    let mut annotations = BTreeMap::from([(String::from("message"), event.message.clone())]);
    if let Some(s) = labels.remove("summary") {
        annotations.insert(String::from("summary"), s);
    }
    let reason = {
        let mut c = event.reason.chars();
        match c.next() {
            Some(f) => f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
            None => String::new(),
        }
    };
    labels.insert("alertname".into(), format!("Flux{}{reason}", o.kind));
    labels.insert("severity".into(), event.severity.clone());
    labels.insert("reason".into(), event.reason.clone());
    labels.insert("kind".into(), o.kind.clone());
    labels.insert("name".into(), o.name.clone());
    labels.insert("namespace".into(), o.namespace.clone());
    labels.insert(
        "reportingcontroller".into(),
        event.reporting_controller.clone(),
    );
    let r = Request::json(
        &t.address,
        &json!([{"status": "firing", "labels": labels, "annotations": annotations,
            "startsAt": rfc3339_seconds(&event.timestamp), "endsAt": "0001-01-01T00:00:00Z"}]),
    );
    with_token_or_basic(r, t)
}

fn with_token_or_basic(r: Request, t: &Target) -> Request {
    if let Some(token) = t.token.as_deref().filter(|x| !x.is_empty()) {
        return r.bearer(token);
    }
    match (t.username.as_deref(), t.password.as_deref()) {
        (Some(u), Some(p)) if !u.is_empty() && !p.is_empty() => r.basic(u, p),
        _ => r,
    }
}

/// The event time as RFC 3339 with whole seconds (what Go's `time.RFC3339` prints).
fn rfc3339_seconds(ts: &str) -> String {
    match ts.parse::<k8s_openapi::jiff::Timestamp>() {
        Ok(t) => t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        Err(_) => ts.to_string(),
    }
}

fn unix_seconds(ts: &str) -> i64 {
    ts.parse::<k8s_openapi::jiff::Timestamp>()
        .map(|t| t.as_second())
        .unwrap_or(0)
}

/// `opsgenie`: an alert `Kind/name` with the message as description and the metadata plus
/// severity as details; `Authorization: GenieKey <token>`.
pub fn opsgenie(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Result<Request> {
    let token = t.token("opsgenie")?;
    let o = &event.involved_object;
    let mut details = md.clone();
    details.insert("severity".into(), event.severity.clone());
    Ok(Request::json(
        &t.address,
        &json!({"message": format!("{}/{}", o.kind, o.name), "description": event.message,
            "details": details}),
    )
    .header("Authorization", format!("GenieKey {token}")))
}

/// `kind/name` in lower case and the reason split into lower-case words, as Flux's commit
/// statuses and incident summaries show them.
pub fn name_and_description(e: &Event) -> (String, String) {
    let o = &e.involved_object;
    let name = format!("{}/{}", o.kind, o.name).to_lowercase();
    let mut words: Vec<String> = vec![];
    let mut cur = String::new();
    let chars: Vec<char> = e.reason.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
        let prev_lower = i > 0 && chars[i - 1].is_lowercase();
        if c.is_uppercase() && !cur.is_empty() && (prev_lower || next_lower) {
            words.push(std::mem::take(&mut cur));
        }
        cur.push(*c);
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    (name, words.join(" ").to_lowercase())
}

/// `pagerduty`: an Events API v2 `trigger` for errors (dedup key = object uid), a `resolve`
/// otherwise, plus a change event for info events; Progressing events are skipped. The
/// routing key is the Provider's `channel`.
pub fn pagerduty(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Result<Vec<Request>> {
    if event.reason == "Progressing" {
        return Ok(vec![]);
    }
    let key = t.channel.as_deref().unwrap_or_default();
    let base = origin(&t.address).ok_or_else(|| Error::Config {
        provider: "pagerduty",
        message: format!("invalid endpoint URL {:?}", t.address),
    })?;
    let (name, desc) = name_and_description(event);
    let uid = event.involved_object.uid.clone().unwrap_or_default();
    let details = json!({"message": event.message, "metadata": md});
    let ts = rfc3339_seconds(&event.timestamp);
    let v2 = if is_error(event) {
        json!({"routing_key": key, "event_action": "trigger", "dedup_key": uid, "payload": {
            "summary": format!("{desc}: {name}"), "source": format!("Flux {}", event.reporting_controller),
            "severity": "error", "timestamp": ts, "component": event.involved_object.name,
            "group": event.involved_object.kind, "custom_details": details}})
    } else {
        json!({"routing_key": key, "event_action": "resolve", "dedup_key": uid})
    };
    let mut out = vec![Request::json(format!("{base}/v2/enqueue"), &v2)];
    if !is_error(event) {
        out.push(Request::json(
            format!("{base}/v2/change/enqueue"),
            &json!({"routing_key": key, "payload": {"summary": format!("{desc}: {name}"),
                "source": format!("Flux {}", event.reporting_controller), "timestamp": ts,
                "custom_details": details}}),
        ));
    }
    Ok(out)
}

/// `grafana`: an annotation (`when` = event time, text = the object, tags `flux`, the
/// controller, `key: value` per metadata entry with `:` made `|`, kind/name/namespace).
pub fn grafana(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Request {
    let o = &event.involved_object;
    let mut tags = vec![String::from("flux"), event.reporting_controller.clone()];
    for (k, v) in md {
        tags.push(format!("{}: {}", k.replace(':', "|"), v.replace(':', "|")));
    }
    tags.push(format!("kind: {}", o.kind));
    tags.push(format!("name: {}", o.name));
    tags.push(format!("namespace: {}", o.namespace));
    let r = Request::json(
        &t.address,
        &json!({"when": unix_seconds(&event.timestamp), "text": object_title(event), "tags": tags}),
    );
    with_token_or_basic(r, t)
}

/// `datadog`: `POST <address>/api/v1/events` with `DD-API-KEY`, titled like Datadog's
/// Kubernetes events, tags in lower case.
pub fn datadog(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Result<Request> {
    let token = t.token("datadog")?;
    let base = origin(&t.address).ok_or_else(|| Error::Config {
        provider: "datadog",
        message: format!("invalid address {:?}", t.address),
    })?;
    let o = &event.involved_object;
    let mut tags = vec![
        format!("flux_reporting_controller:{}", event.reporting_controller),
        format!("flux_reason:{}", event.reason),
        format!("kube_kind:{}", o.kind),
        format!("kube_name:{}", o.name),
        format!("kube_namespace:{}", o.namespace),
    ];
    tags.extend(md.iter().map(|(k, v)| format!("{k}:{v}")));
    let tags: Vec<String> = tags.into_iter().map(|t| t.to_lowercase()).collect();
    Ok(Request::json(
        format!("{base}/api/v1/events"),
        &json!({"title": format!("Events from the {} {}/{}", o.kind, o.name, o.namespace),
            "text": event.message, "tags": tags, "source_type_name": "fluxcd",
            "date_happened": unix_seconds(&event.timestamp),
            "alert_type": if is_error(event) { "error" } else { "info" }}),
    )
    .header("DD-API-KEY", token))
}

/// `sentry`: an event in an envelope to the DSN's project (`<scheme>://<host>/api/<project>/
/// envelope/`, `X-Sentry-Auth` with the DSN's public key); errors as `error`-level events,
/// info as transactions. The DSN is the Provider's address; `channel` is the environment.
pub fn sentry(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Result<Request> {
    let bad = || Error::Config {
        provider: "sentry",
        message: String::from("the address must be a DSN: <scheme>://<key>@<host>/<project>"),
    };
    let (scheme, rest) = t.address.split_once("://").ok_or_else(bad)?;
    let (key, host_path) = rest.split_once('@').ok_or_else(bad)?;
    let key = key.split(':').next().unwrap_or_default();
    let (host, project) = host_path.rsplit_once('/').ok_or_else(bad)?;
    if key.is_empty() || project.is_empty() {
        return Err(bad());
    }
    use sha2::Digest;
    let id = crate::artifact::archive::hex(&sha2::Sha256::digest(
        serde_json::to_vec(event).unwrap_or_default(),
    ))[..32]
        .to_string();
    let o = &event.involved_object;
    let summary = format!("{}: {}/{}", o.kind, o.namespace, o.name);
    let ts = rfc3339_seconds(&event.timestamp);
    let env = t.channel.clone().unwrap_or_default();
    let (item_type, payload) = if is_error(event) {
        (
            "event",
            json!({"event_id": id, "timestamp": ts, "level": "error", "server_name": event.reporting_controller,
                "transaction": summary, "extra": md, "message": event.message, "environment": env,
                "platform": "other"}),
        )
    } else {
        let mut tags: BTreeMap<String, String> = md.clone();
        tags.insert("flux_involved_object_kind".into(), o.kind.clone());
        tags.insert("flux_involved_object_namespace".into(), o.namespace.clone());
        tags.insert("flux_involved_object_name".into(), o.name.clone());
        tags.insert(
            "flux_reporting_controller".into(),
            event.reporting_controller.clone(),
        );
        tags.insert(
            "flux_reporting_instance".into(),
            event.reporting_instance.clone(),
        );
        tags.insert("flux_reason".into(), event.reason.clone());
        (
            "transaction",
            json!({"event_id": id, "type": "transaction", "transaction": summary, "message": event.message,
                "start_timestamp": ts, "timestamp": ts, "tags": tags, "environment": env,
                "contexts": {"trace": {"trace_id": id, "span_id": &id[..16], "op": "event"}},
                "platform": "other"}),
        )
    };
    let payload = serde_json::to_string(&payload).unwrap_or_default();
    let body = format!(
        "{}\n{}\n{payload}\n",
        json!({"event_id": id, "dsn": t.address}),
        json!({"type": item_type, "length": payload.len()}),
    );
    Ok(Request {
        method: Method::Post,
        url: format!("{scheme}://{host}/api/{project}/envelope/"),
        headers: vec![
            (
                String::from("Content-Type"),
                String::from("application/x-sentry-envelope"),
            ),
            (
                String::from("X-Sentry-Auth"),
                format!(
                    "Sentry sentry_version=7, sentry_key={key}, sentry_client=flux/{}",
                    crate::version::version()
                ),
            ),
        ],
        body: body.into_bytes(),
    })
}

/// `incidentio`: an HTTP alert source event — `firing` for errors, `resolved` otherwise, deduplicated
/// by object uid, the metadata as metadata; bearer token.
pub fn incidentio(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Result<Request> {
    let token = t.token("incidentio")?;
    let (name, desc) = name_and_description(event);
    Ok(Request::json(
        &t.address,
        &json!({"title": format!("{name}: {desc}"), "description": event.message,
            "deduplication_key": event.involved_object.uid.clone().unwrap_or_else(|| name.clone()),
            "status": if is_error(event) { "firing" } else { "resolved" },
            "metadata": md}),
    )
    .bearer(token))
}

/// `githubdispatch`: a `repository_dispatch` with `event_type` = `<kind>/<name>.<namespace>`
/// and the event (metadata merged) as `client_payload`.
pub fn github_dispatch(
    t: &Target,
    event: &Event,
    md: &BTreeMap<String, String>,
) -> Result<Request> {
    let token = t.token("githubdispatch")?;
    let repo = GitAddress::parse(&t.address, "githubdispatch")?;
    let mut e = event.clone();
    e.metadata = md.clone();
    Ok(Request::json(
        format!("{}/repos/{}/dispatches", repo.github_api(), repo.id),
        &json!({"event_type": object_title(event), "client_payload": e}),
    )
    .bearer(token)
    .header("Accept", "application/vnd.github+json"))
}

/// Whether a type comments on pull/merge requests.
pub fn is_change_request_comment(t: ProviderType) -> bool {
    matches!(
        t,
        ProviderType::Githubpullrequestcomment
            | ProviderType::Gitlabmergerequestcomment
            | ProviderType::Giteapullrequestcomment
    )
}

/// The calls of a pull/merge request comment provider for one event: who the token belongs
/// to, the first 100 comments, and either an edit of the comment carrying this object's key
/// marker (written by that user) or a new comment.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeRequestComment {
    kind: ProviderType,
    /// GET of the token's user.
    pub whoami: Request,
    /// GET of the first 100 comments, oldest first.
    pub list: Request,
    /// POST of a new comment.
    pub create: Request,
    /// The hidden marker identifying this object's comment.
    pub marker: String,
    edit_base: String,
    body: Value,
    auth: (String, String),
}

impl ChangeRequestComment {
    /// The token's user name in the `whoami` answer.
    pub fn login(&self, user: &Value) -> Option<String> {
        let key = match self.kind {
            ProviderType::Gitlabmergerequestcomment => "username",
            _ => "login",
        };
        user[key]
            .as_str()
            .filter(|s| !s.is_empty())
            .map(String::from)
    }

    /// The id of the comment to edit: the first by `me` that carries the marker.
    pub fn existing(&self, comments: &Value, me: &str) -> Option<i64> {
        let author = match self.kind {
            ProviderType::Gitlabmergerequestcomment => "author",
            _ => "user",
        };
        let login = match self.kind {
            ProviderType::Gitlabmergerequestcomment => "username",
            _ => "login",
        };
        comments.as_array()?.iter().find_map(|c| {
            let by_me = c[author][login].as_str() == Some(me);
            let marked = c["body"].as_str().is_some_and(|b| b.contains(&self.marker));
            (by_me && marked).then(|| c["id"].as_i64()).flatten()
        })
    }

    /// The edit of comment `id`.
    pub fn update(&self, id: i64) -> Request {
        let mut r = Request::json(format!("{}/{id}", self.edit_base), &self.body)
            .header(&self.auth.0, self.auth.1.clone());
        r.method = match self.kind {
            ProviderType::Gitlabmergerequestcomment => Method::Put,
            _ => Method::Patch,
        };
        r
    }
}

/// The comment text: the hidden key marker, the object, the message and the metadata (without
/// `change_request`), as Flux writes it.
fn change_request_body(marker: &str, event: &Event, metadata: &BTreeMap<String, String>) -> String {
    let o = &event.involved_object;
    let emoji = if is_error(event) { "⚠️" } else { "ℹ️" };
    let lines: String = metadata
        .iter()
        .filter(|(k, _)| *k != "change_request")
        .map(|(k, v)| format!("* `{k}`: {v}\n"))
        .collect();
    format!(
        "{marker}\n\n## Flux Status\n\n{emoji} {}/{}/{}\n\n{}\n\nMetadata:\n{lines}",
        o.kind, o.namespace, o.name, event.message
    )
}

/// The comment calls for `event`; `None` when the event names no change request (metadata
/// `change_request`, from the object's `event.toolkit.fluxcd.io/change_request` annotation) or
/// is a commit status refresh.
pub fn change_request_comment(t: &Target, event: &Event) -> Result<Option<ChangeRequestComment>> {
    let kind = t.kind.ok_or(Error::Config {
        provider: "unknown",
        message: String::from("no type"),
    })?;
    let provider: &'static str = match kind {
        ProviderType::Githubpullrequestcomment => "githubpullrequestcomment",
        ProviderType::Gitlabmergerequestcomment => "gitlabmergerequestcomment",
        _ => "giteapullrequestcomment",
    };
    if is_commit_status_update(event) {
        return Ok(None);
    }
    let Some(number) = event.metadata.get("change_request") else {
        return Ok(None);
    };
    let number: u64 = number.trim().parse().map_err(|_| Error::Config {
        provider,
        message: format!("invalid \"change_request\" metadata value {number:?}"),
    })?;
    if t.provider_uid.is_empty() {
        return Err(Error::Config {
            provider,
            message: String::from("provider UID cannot be empty"),
        });
    }
    let token = t.token(provider)?;
    let repo = GitAddress::parse(&t.address, provider)?;
    let o = &event.involved_object;
    let prefix = match kind {
        ProviderType::Gitlabmergerequestcomment => "flux-mr-comment-key",
        _ => "flux-pr-comment-key",
    };
    let marker = format!(
        "<!-- {prefix}:{}/{}/{}/{} -->",
        t.provider_uid, o.kind, o.namespace, o.name
    );
    let mut md = event.metadata.clone();
    md.remove("commit_status");
    let body = json!({"body": change_request_body(&marker, event, &md)});
    let (auth, whoami, list, create, edit_base) = match kind {
        ProviderType::Githubpullrequestcomment => {
            let api = repo.github_api();
            let issue = format!("{api}/repos/{}/issues", repo.id);
            (
                ("Authorization".to_string(), format!("Bearer {token}")),
                format!("{api}/user"),
                format!("{issue}/{number}/comments?sort=created&direction=asc&per_page=100"),
                format!("{issue}/{number}/comments"),
                format!("{issue}/comments"),
            )
        }
        ProviderType::Gitlabmergerequestcomment => {
            let api = format!("{}/api/v4", repo.host);
            let mr = format!(
                "{api}/projects/{}/merge_requests/{number}/notes",
                url_escape(&repo.id)
            );
            (
                ("PRIVATE-TOKEN".to_string(), token.to_string()),
                format!("{api}/user"),
                format!("{mr}?sort=asc&order_by=created_at&per_page=100"),
                mr.clone(),
                mr,
            )
        }
        _ => {
            let api = format!("{}/api/v1", repo.host);
            let issue = format!("{api}/repos/{}/issues", repo.id);
            (
                ("Authorization".to_string(), format!("token {token}")),
                format!("{api}/user"),
                format!("{issue}/{number}/comments?page=1&limit=100"),
                format!("{issue}/{number}/comments"),
                format!("{issue}/comments"),
            )
        }
    };
    let get = |url: String| Request {
        method: Method::Get,
        url,
        headers: vec![(auth.0.clone(), auth.1.clone())],
        body: vec![],
    };
    Ok(Some(ChangeRequestComment {
        kind,
        whoami: get(whoami),
        list: get(list),
        create: Request::json(create, &body).header(&auth.0, auth.1.clone()),
        marker,
        edit_base,
        body,
        auth,
    }))
}

/// A repository address (`https://host/owner/repo[.git]`, `ssh://git@host/...`,
/// `git@host:owner/repo`) split into the web origin and the repository path.
#[derive(Debug, PartialEq)]
pub struct GitAddress {
    /// `scheme://host[:port]` (https for SSH addresses).
    pub host: String,
    /// `owner/repo` (or longer for GitLab subgroups and Azure DevOps).
    pub id: String,
}

impl GitAddress {
    /// Parses a Provider address.
    pub fn parse(address: &str, provider: &'static str) -> Result<GitAddress> {
        let bad = || Error::Config {
            provider,
            message: format!("invalid repository address {address:?}"),
        };
        let (host, path) = if let Some((scheme, rest)) = address.split_once("://") {
            let (hostpart, path) = rest.split_once('/').ok_or_else(bad)?;
            let hostpart = hostpart.rsplit('@').next().unwrap_or(hostpart);
            let scheme = if scheme == "ssh" { "https" } else { scheme };
            let hostpart = if scheme == "https" && address.starts_with("ssh://") {
                hostpart.split(':').next().unwrap_or(hostpart)
            } else {
                hostpart
            };
            (format!("{scheme}://{hostpart}"), path)
        } else if let Some((user_host, path)) = address.split_once(':') {
            let h = user_host.rsplit('@').next().unwrap_or(user_host);
            (format!("https://{h}"), path)
        } else {
            return Err(bad());
        };
        let id = path.trim_matches('/').trim_end_matches(".git").to_string();
        if id.is_empty() || !id.contains('/') {
            return Err(bad());
        }
        Ok(GitAddress { host, id })
    }

    /// GitHub's REST base: api.github.com for github.com, `<host>/api/v3` for Enterprise.
    pub fn github_api(&self) -> String {
        if self.host == "https://github.com" || self.host == "https://www.github.com" {
            String::from("https://api.github.com")
        } else {
            format!("{}/api/v3", self.host)
        }
    }
}

/// The commit SHA of a revision: `main@sha1:<sha>`, `sha1:<sha>`, or the legacy `main/<sha>`.
pub fn commit_sha(revision: &str) -> Option<String> {
    let tail = revision.rsplit('@').next().unwrap_or(revision);
    let sha = match tail.split_once(':') {
        Some((algo, hex)) if algo == "sha1" || algo == "sha256" => hex,
        Some(_) => return None,
        None => tail.rsplit('/').next().unwrap_or(tail),
    };
    (!sha.is_empty() && sha.bytes().all(|b| b.is_ascii_hexdigit())).then(|| sha.to_string())
}

/// Flux's default commit status key: `<kind>/<name>/<first block of the provider uid>`,
/// lower case.
pub fn default_commit_status(event: &Event, provider_uid: &str) -> String {
    let o = &event.involved_object;
    let uid = provider_uid.split('-').next().unwrap_or_default();
    format!("{}/{}/{uid}", o.kind, o.name).to_lowercase()
}

/// The commit status request of github, gitlab, gitea, bitbucket, bitbucketserver and
/// azuredevops: success for info events, failure for errors, keyed by the commit status id,
/// described by the reason.
fn commit_status(kind: ProviderType, t: &Target, event: &Event) -> Result<Request> {
    let provider: &'static str = match kind {
        ProviderType::Github => "github",
        ProviderType::Gitlab => "gitlab",
        ProviderType::Gitea => "gitea",
        ProviderType::Bitbucket => "bitbucket",
        ProviderType::Bitbucketserver => "bitbucketserver",
        _ => "azuredevops",
    };
    let revision = event.metadata.get("revision").ok_or(Error::Config {
        provider,
        message: String::from("missing revision metadata"),
    })?;
    let sha = commit_sha(revision).ok_or_else(|| Error::Config {
        provider,
        message: format!("cannot find a commit SHA in revision {revision:?}"),
    })?;
    let repo = GitAddress::parse(&t.address, provider)?;
    let ok = !is_error(event);
    let (name, desc) = name_and_description(event);
    let id = &t.commit_status;
    Ok(match kind {
        ProviderType::Github => Request::json(
            format!("{}/repos/{}/statuses/{sha}", repo.github_api(), repo.id),
            &json!({"state": if ok { "success" } else { "failure" }, "context": id, "description": desc}),
        )
        .bearer(t.token(provider)?)
        .header("Accept", "application/vnd.github+json"),
        ProviderType::Gitlab => Request::json(
            format!(
                "{}/api/v4/projects/{}/statuses/{sha}",
                repo.host,
                url_escape(&repo.id)
            ),
            &json!({"state": if ok { "success" } else { "failed" }, "name": id, "description": desc}),
        )
        .header("PRIVATE-TOKEN", t.token(provider)?),
        ProviderType::Gitea => Request::json(
            format!("{}/api/v1/repos/{}/statuses/{sha}", repo.host, repo.id),
            &json!({"state": if ok { "success" } else { "failure" }, "context": id,
                "description": desc, "target_url": ""}),
        )
        .header("Authorization", format!("token {}", t.token(provider)?)),
        ProviderType::Bitbucket => {
            let token = t.token(provider)?;
            let (user, pass) = token.split_once(':').ok_or(Error::Config {
                provider,
                message: String::from("invalid token format, expected to be <user>:<password>"),
            })?;
            let api = if repo.host == "https://bitbucket.org" {
                String::from("https://api.bitbucket.org/2.0")
            } else {
                format!("{}/2.0", repo.host)
            };
            use sha1::Digest;
            let key = crate::artifact::archive::hex(&sha1::Sha1::digest(id.as_bytes()));
            Request::json(
                format!("{api}/repositories/{}/commit/{sha}/statuses/build", repo.id),
                &json!({"state": if ok { "SUCCESSFUL" } else { "FAILED" }, "key": key,
                    "name": name, "description": desc, "url": "https://bitbucket.org"}),
            )
            .basic(user, pass)
        }
        ProviderType::Bitbucketserver => {
            // https://host/scm/<project>/<repo>.git
            let parts: Vec<&str> = repo.id.split('/').collect();
            let (project, slug) = match parts.as_slice() {
                [.., "scm", p, r] | [p, r] => (*p, *r),
                _ => {
                    return Err(Error::Config {
                        provider,
                        message: format!(
                            "address {:?} is not https://<host>/scm/<project>/<repo>.git",
                            t.address
                        ),
                    })
                }
            };
            use sha1::Digest;
            let key = crate::artifact::archive::hex(&sha1::Sha1::digest(id.as_bytes()));
            let r = Request::json(
                format!(
                    "{}/rest/api/1.0/projects/{project}/repos/{slug}/commits/{sha}/builds",
                    repo.host
                ),
                &json!({"state": if ok { "SUCCESSFUL" } else { "FAILED" }, "key": key,
                    "name": name, "description": desc, "url": repo.host}),
            );
            match (&t.token, &t.username, &t.password) {
                (Some(tok), _, _) if !tok.is_empty() => r.bearer(tok),
                (_, Some(u), Some(p)) if !u.is_empty() && !p.is_empty() => r.basic(u, p),
                _ => {
                    return Err(Error::Config {
                        provider,
                        message: String::from("a 'token' or 'username' and 'password' are required"),
                    })
                }
            }
        }
        _ => {
            // https://dev.azure.com/<org>/<project>/_git/<repo>
            let parts: Vec<&str> = repo.id.split('/').collect();
            let [org, project, "_git", name_] = parts.as_slice() else {
                return Err(Error::Config {
                    provider,
                    message: format!(
                        "address {:?} is not https://<host>/<org>/<project>/_git/<repo>",
                        t.address
                    ),
                });
            };
            Request::json(
                format!(
                    "{}/{org}/{project}/_apis/git/repositories/{name_}/commits/{sha}/statuses?api-version=6.0",
                    repo.host
                ),
                &json!({"state": if ok { "succeeded" } else { "error" }, "description": desc,
                    "context": {"genre": "fluxcd", "name": id}}),
            )
            .basic("", t.token(provider)?)
        }
    })
}

/// The GET that lists a commit's existing statuses for the status `post` would create, so an
/// unchanged status is not posted again (Flux does the same): same URL family and credentials.
pub fn status_lookup(kind: ProviderType, post: &Request) -> Option<Request> {
    let body: Value = serde_json::from_slice(&post.body).ok()?;
    let url = match kind {
        // .../repos/<o>/<r>/statuses/<sha> -> .../repos/<o>/<r>/commits/<sha>/statuses
        ProviderType::Github | ProviderType::Gitea => {
            let (base, sha) = post.url.rsplit_once("/statuses/")?;
            let q = if kind == ProviderType::Github {
                "?per_page=50"
            } else {
                ""
            };
            format!("{base}/commits/{sha}/statuses{q}")
        }
        // .../projects/<id>/statuses/<sha> -> .../projects/<id>/repository/commits/<sha>/statuses?name=
        ProviderType::Gitlab => {
            let (base, sha) = post.url.rsplit_once("/statuses/")?;
            format!(
                "{base}/repository/commits/{sha}/statuses?name={}",
                url_escape(body["name"].as_str()?)
            )
        }
        ProviderType::Bitbucket => format!("{}/{}", post.url, body["key"].as_str()?),
        ProviderType::Bitbucketserver => format!("{}?key={}", post.url, body["key"].as_str()?),
        ProviderType::Azuredevops => post.url.clone(),
        _ => return None,
    };
    Some(Request {
        method: Method::Get,
        url,
        headers: post.headers.clone(),
        body: vec![],
    })
}

/// Whether the newest existing status with the same key already has the planned state and
/// description.
pub fn duplicate_status(kind: ProviderType, planned: &Request, existing: &Value) -> bool {
    let Ok(p) = serde_json::from_slice::<Value>(&planned.body) else {
        return false;
    };
    let state_of = |v: &Value| -> Option<String> {
        v.get("state")
            .or_else(|| v.get("status"))
            .and_then(|s| s.as_str())
            .map(str::to_lowercase)
    };
    let same =
        |e: &Value| state_of(e) == state_of(&p) && e.get("description") == p.get("description");
    let list: Vec<&Value> = match existing {
        Value::Array(a) => a.iter().collect(),
        Value::Object(o) if o.contains_key("value") => o["value"]
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default(),
        Value::Object(_) => vec![existing],
        _ => vec![],
    };
    let key_of = |v: &Value| -> Option<Value> {
        match kind {
            ProviderType::Github | ProviderType::Gitea => v.get("context").cloned(),
            ProviderType::Gitlab => v.get("name").cloned(),
            ProviderType::Azuredevops => v
                .get("context")
                .map(|c| json!([c.get("genre"), c.get("name")])),
            _ => v.get("key").cloned(),
        }
    };
    let want = key_of(&p);
    list.into_iter()
        .find(|e| key_of(e) == want)
        .is_some_and(same)
}

/// `scheme://host[:port]` of a URL.
fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| format!("{scheme}://{host}"))
}

/// Percent-encodes a path segment (everything but RFC 3986's unreserved characters).
pub fn url_escape(s: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    utf8_percent_encode(s, SEGMENT).to_string()
}

fn form_escape(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(severity: &str, reason: &str) -> Event {
        serde_json::from_value(json!({
            "involvedObject": {"kind": "Kustomization", "namespace": "apps", "name": "web",
                "uid": "7d0cdc51-ddcf-4743-b223-83ca5c699632",
                "apiVersion": "kustomize.toolkit.fluxcd.io/v1"},
            "severity": severity, "timestamp": "2026-11-25T10:00:00.123Z",
            "message": "health check failed", "reason": reason,
            "reportingController": "kustomize-controller", "reportingInstance": "kc-1",
            "metadata": {"revision": "main@sha1:0123456789abcdef0123456789abcdef01234567"}}))
        .unwrap()
    }

    fn target(kind: ProviderType, address: &str) -> Target {
        Target {
            kind: Some(kind),
            address: address.into(),
            token: Some("tok".into()),
            commit_status: "kustomization/web/0c9c2e41".into(),
            ..Default::default()
        }
    }

    fn body(r: &Request) -> Value {
        serde_json::from_slice(&r.body).unwrap()
    }

    fn header<'a>(r: &'a Request, name: &str) -> Option<&'a str> {
        r.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn reasons_become_lower_case_words() {
        let (n, d) = name_and_description(&event("info", "ReconciliationSucceeded"));
        assert_eq!(
            (n.as_str(), d.as_str()),
            ("kustomization/web", "reconciliation succeeded")
        );
        let (_, d) = name_and_description(&event("info", "HealthCheckFailed"));
        assert_eq!(d, "health check failed");
    }

    #[test]
    fn revisions_yield_commit_shas() {
        assert_eq!(commit_sha("main@sha1:abc123").as_deref(), Some("abc123"));
        assert_eq!(commit_sha("main/abc123").as_deref(), Some("abc123"));
        assert_eq!(commit_sha("sha1:abc123").as_deref(), Some("abc123"));
        assert_eq!(commit_sha("v1.0.0@sha256:zz"), None);
        assert_eq!(
            default_commit_status(&event("info", "x"), "0C9C2E41-aaaa-bbbb"),
            "kustomization/web/0c9c2e41"
        );
    }

    #[test]
    fn git_addresses_parse_like_flux() {
        let a = GitAddress::parse("https://github.com/org/repo.git", "github").unwrap();
        assert_eq!(a.github_api(), "https://api.github.com");
        assert_eq!(a.id, "org/repo");
        let a = GitAddress::parse("git@gitlab.com:group/sub/repo", "gitlab").unwrap();
        assert_eq!(
            a,
            GitAddress {
                host: "https://gitlab.com".into(),
                id: "group/sub/repo".into()
            }
        );
        let a = GitAddress::parse("http://127.0.0.1:8080/org/repo", "github").unwrap();
        assert_eq!(a.github_api(), "http://127.0.0.1:8080/api/v3");
        assert!(GitAddress::parse("https://github.com/org", "github").is_err());
    }

    #[test]
    fn commit_status_providers_post_states_by_severity() {
        let sha = "0123456789abcdef0123456789abcdef01234567";
        let ok = event("info", "ReconciliationSucceeded");
        let bad = event("error", "HealthCheckFailed");
        let gh = target(ProviderType::Github, "https://github.com/org/repo");
        let r = &requests(&gh, &ok).unwrap()[0];
        assert_eq!(
            r.url,
            format!("https://api.github.com/repos/org/repo/statuses/{sha}")
        );
        assert_eq!(
            body(r),
            json!({"state": "success", "context": "kustomization/web/0c9c2e41", "description": "reconciliation succeeded"})
        );
        assert_eq!(header(r, "Authorization"), Some("Bearer tok"));
        assert_eq!(body(&requests(&gh, &bad).unwrap()[0])["state"], "failure");
        assert!(requests(&gh, &event("info", "Progressing"))
            .unwrap()
            .is_empty());

        let gl = target(ProviderType::Gitlab, "https://gitlab.com/group/sub/repo");
        let r = &requests(&gl, &bad).unwrap()[0];
        assert_eq!(
            r.url,
            format!("https://gitlab.com/api/v4/projects/group%2Fsub%2Frepo/statuses/{sha}")
        );
        assert_eq!(body(r)["state"], "failed");
        assert_eq!(header(r, "PRIVATE-TOKEN"), Some("tok"));

        let gt = target(ProviderType::Gitea, "https://gitea.example.com/org/repo");
        let r = &requests(&gt, &ok).unwrap()[0];
        assert_eq!(
            r.url,
            format!("https://gitea.example.com/api/v1/repos/org/repo/statuses/{sha}")
        );
        assert_eq!(header(r, "Authorization"), Some("token tok"));

        let mut bb = target(ProviderType::Bitbucket, "https://bitbucket.org/org/repo");
        bb.token = Some("user:pass".into());
        let r = &requests(&bb, &bad).unwrap()[0];
        assert_eq!(
            r.url,
            format!(
                "https://api.bitbucket.org/2.0/repositories/org/repo/commit/{sha}/statuses/build"
            )
        );
        assert_eq!(body(r)["state"], "FAILED");
        assert_eq!(body(r)["key"].as_str().unwrap().len(), 40);
        assert_eq!(header(r, "Authorization"), Some("Basic dXNlcjpwYXNz"));

        let bs = target(
            ProviderType::Bitbucketserver,
            "https://bb.example.com/scm/proj/repo.git",
        );
        let r = &requests(&bs, &ok).unwrap()[0];
        assert_eq!(
            r.url,
            format!(
                "https://bb.example.com/rest/api/1.0/projects/proj/repos/repo/commits/{sha}/builds"
            )
        );

        let az = target(
            ProviderType::Azuredevops,
            "https://dev.azure.com/org/proj/_git/repo",
        );
        let r = &requests(&az, &bad).unwrap()[0];
        assert_eq!(r.url, format!("https://dev.azure.com/org/proj/_apis/git/repositories/repo/commits/{sha}/statuses?api-version=6.0"));
        assert_eq!(
            body(r),
            json!({"state": "error", "description": "health check failed", "context": {"genre": "fluxcd", "name": "kustomization/web/0c9c2e41"}})
        );
        let mut no_rev = ok.clone();
        no_rev.metadata.clear();
        let err = requests(&gh, &no_rev).unwrap_err();
        assert!(err.to_string().contains("missing revision"), "{err}");
    }

    #[test]
    fn unchanged_commit_statuses_are_recognised() {
        let ok = event("info", "ReconciliationSucceeded");
        let gh = target(ProviderType::Github, "https://github.com/org/repo");
        let post = &requests(&gh, &ok).unwrap()[0];
        let get = status_lookup(ProviderType::Github, post).unwrap();
        assert_eq!(get.method, Method::Get);
        assert_eq!(
            get.url,
            "https://api.github.com/repos/org/repo/commits/0123456789abcdef0123456789abcdef01234567/statuses?per_page=50"
        );
        assert_eq!(header(&get, "Authorization"), Some("Bearer tok"));
        let same = json!([{"state": "success", "context": "kustomization/web/0c9c2e41", "description": "reconciliation succeeded"},
            {"state": "failure", "context": "kustomization/web/0c9c2e41", "description": "older"}]);
        assert!(duplicate_status(ProviderType::Github, post, &same));
        let changed = json!([{"state": "failure", "context": "kustomization/web/0c9c2e41", "description": "health check failed"}]);
        assert!(!duplicate_status(ProviderType::Github, post, &changed));
        assert!(!duplicate_status(ProviderType::Github, post, &json!([])));
        let gl = target(ProviderType::Gitlab, "https://gitlab.com/group/repo");
        let post = &requests(&gl, &ok).unwrap()[0];
        assert_eq!(
            status_lookup(ProviderType::Gitlab, post).unwrap().url,
            "https://gitlab.com/api/v4/projects/group%2Frepo/repository/commits/0123456789abcdef0123456789abcdef01234567/statuses?name=kustomization%2Fweb%2F0c9c2e41"
        );
        let az = target(
            ProviderType::Azuredevops,
            "https://dev.azure.com/org/proj/_git/repo",
        );
        let post = &requests(&az, &ok).unwrap()[0];
        let existing = json!({"value": [{"state": "succeeded", "description": "reconciliation succeeded",
            "context": {"genre": "fluxcd", "name": "kustomization/web/0c9c2e41"}}]});
        assert!(duplicate_status(ProviderType::Azuredevops, post, &existing));
    }

    #[test]
    fn commit_status_updates_reach_only_commit_status_providers() {
        let mut e = event("info", "ReconciliationSucceeded");
        e.metadata.insert("commit_status".into(), "update".into());
        let slack = target(ProviderType::Slack, "https://hooks.slack.com/x");
        assert!(requests(&slack, &e).unwrap().is_empty());
        let gh = target(ProviderType::Github, "https://github.com/org/repo");
        assert_eq!(requests(&gh, &e).unwrap().len(), 1);
    }

    #[test]
    fn msteams_sends_an_adaptive_card_or_a_legacy_message_card() {
        let e = event("error", "HealthCheckFailed");
        let r = &requests(
            &target(
                ProviderType::Msteams,
                "https://prod.logic.azure.com/workflows/x",
            ),
            &e,
        )
        .unwrap()[0];
        let b = body(r);
        assert_eq!(b["type"], "message");
        let card = &b["attachments"][0]["content"];
        assert_eq!(card["type"], "AdaptiveCard");
        assert_eq!(card["body"][0]["text"], "kustomization/web.apps");
        assert_eq!(card["body"][0]["color"], "attention");
        assert_eq!(card["body"][1]["text"], "health check failed");
        assert_eq!(
            card["body"][2]["facts"],
            json!([{"title": "revision", "value": "main@sha1:0123456789abcdef0123456789abcdef01234567"}])
        );
        let r = &requests(
            &target(
                ProviderType::Msteams,
                "https://example.webhook.office.com/webhookb2/x",
            ),
            &e,
        )
        .unwrap()[0];
        assert_eq!(body(r)["@type"], "MessageCard");
        assert_eq!(body(r)["themeColor"], "FF0000");
    }

    #[test]
    fn chat_providers_build_their_documented_payloads() {
        let e = event("error", "HealthCheckFailed");
        let gc = &requests(
            &target(
                ProviderType::Googlechat,
                "https://chat.googleapis.com/v1/spaces/x",
            ),
            &e,
        )
        .unwrap()[0];
        let b = body(gc);
        assert_eq!(b["cards"][0]["header"]["title"], "kustomization/web.apps");
        assert_eq!(b["cards"][0]["header"]["subtitle"], "kustomize-controller");
        assert_eq!(
            b["cards"][0]["sections"][0]["widgets"][0]["textParagraph"]["text"],
            "<font color=\"#ff0000\">health check failed</font>"
        );
        assert_eq!(
            b["cards"][0]["sections"][1]["widgets"][0]["keyValue"]["topLabel"],
            "revision"
        );

        let mut tg = target(ProviderType::Telegram, "");
        tg.channel = Some("-100123".into());
        let r = &requests(&tg, &e).unwrap()[0];
        assert_eq!(r.url, "https://api.telegram.org/bottok/sendMessage");
        assert_eq!(body(r)["chat_id"], "-100123");
        assert!(body(r)["text"]
            .as_str()
            .unwrap()
            .starts_with("🚨 <b>kustomization/web.apps</b>\nhealth check failed"));

        let mut mx = target(ProviderType::Matrix, "https://matrix.example.org");
        mx.channel = Some("!room:example.org".into());
        let r = &requests(&mx, &e).unwrap()[0];
        assert_eq!(r.method, Method::Put);
        assert!(r.url.starts_with(
            "https://matrix.example.org/_matrix/client/r0/rooms/%21room%3Aexample.org/send/m.room.message/"
        ));
        assert_eq!(body(r)["msgtype"], "m.text");
        assert!(body(r)["body"]
            .as_str()
            .unwrap()
            .starts_with("🚨 kustomization/web.apps\nhealth check failed\n- revision: "));

        let lk = &requests(
            &target(ProviderType::Lark, "https://open.larksuite.com/x"),
            &e,
        )
        .unwrap()[0];
        assert_eq!(body(lk)["card"]["header"]["template"], "red");
        assert_eq!(body(lk)["msg_type"], "interactive");

        let mut zu = target(
            ProviderType::Zulip,
            "https://org.zulipchat.com/api/v1/messages",
        );
        zu.username = Some("bot@org.zulipchat.com".into());
        zu.password = Some("key".into());
        zu.channel = Some("flux/alerts".into());
        let r = &requests(&zu, &e).unwrap()[0];
        let form = String::from_utf8(r.body.clone()).unwrap();
        assert!(
            form.starts_with("type=stream&to=flux&topic=alerts&content="),
            "{form}"
        );
        assert!(header(r, "Authorization").unwrap().starts_with("Basic "));
    }

    #[test]
    fn ops_providers_build_their_documented_payloads() {
        let e = event("error", "HealthCheckFailed");
        let mut md_event = e.clone();
        md_event
            .metadata
            .insert("summary".into(), "prod cluster".into());
        let am = &requests(
            &target(ProviderType::Alertmanager, "http://am:9093/api/v2/alerts"),
            &md_event,
        )
        .unwrap()[0];
        let a = &body(am)[0];
        assert_eq!(
            a["labels"]["alertname"],
            "FluxKustomizationHealthcheckfailed"
        );
        assert_eq!(a["annotations"]["summary"], "prod cluster");
        assert!(a["labels"].get("summary").is_none());
        assert_eq!(a["startsAt"], "2026-11-25T10:00:00Z");
        assert_eq!(header(am, "Authorization"), Some("Bearer tok"));

        let og = &requests(
            &target(ProviderType::Opsgenie, "https://api.opsgenie.com/v2/alerts"),
            &e,
        )
        .unwrap()[0];
        assert_eq!(body(og)["message"], "Kustomization/web");
        assert_eq!(body(og)["details"]["severity"], "error");
        assert_eq!(header(og, "Authorization"), Some("GenieKey tok"));

        let mut pd = target(ProviderType::Pagerduty, "https://events.pagerduty.com/x");
        pd.channel = Some("routing".into());
        let rs = requests(&pd, &e).unwrap();
        assert_eq!(rs.len(), 1);
        assert_eq!(rs[0].url, "https://events.pagerduty.com/v2/enqueue");
        assert_eq!(body(&rs[0])["event_action"], "trigger");
        assert_eq!(
            body(&rs[0])["payload"]["summary"],
            "health check failed: kustomization/web"
        );
        let rs = requests(&pd, &event("info", "ReconciliationSucceeded")).unwrap();
        assert_eq!(rs.len(), 2);
        assert_eq!(body(&rs[0])["event_action"], "resolve");
        assert_eq!(rs[1].url, "https://events.pagerduty.com/v2/change/enqueue");

        let gf = &requests(
            &target(ProviderType::Grafana, "https://grafana/api/annotations"),
            &e,
        )
        .unwrap()[0];
        let tags = body(gf)["tags"].clone();
        assert_eq!(tags[0], "flux");
        assert!(tags.as_array().unwrap().contains(&json!(
            "revision: main@sha1|0123456789abcdef0123456789abcdef01234567"
        )));

        let dd = &requests(
            &target(ProviderType::Datadog, "https://api.datadoghq.eu"),
            &e,
        )
        .unwrap()[0];
        assert_eq!(dd.url, "https://api.datadoghq.eu/api/v1/events");
        assert_eq!(body(dd)["alert_type"], "error");
        assert_eq!(header(dd, "DD-API-KEY"), Some("tok"));

        let se = &requests(
            &target(
                ProviderType::Sentry,
                "https://pubkey@o1.ingest.sentry.io/42",
            ),
            &e,
        )
        .unwrap()[0];
        assert_eq!(se.url, "https://o1.ingest.sentry.io/api/42/envelope/");
        let text = String::from_utf8(se.body.clone()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            serde_json::from_str::<Value>(lines[1]).unwrap()["type"],
            "event"
        );
        assert_eq!(
            serde_json::from_str::<Value>(lines[2]).unwrap()["level"],
            "error"
        );
        assert!(header(se, "X-Sentry-Auth")
            .unwrap()
            .contains("sentry_key=pubkey"));

        let gd = &requests(
            &target(ProviderType::Githubdispatch, "https://github.com/org/repo"),
            &e,
        )
        .unwrap()[0];
        assert_eq!(gd.url, "https://api.github.com/repos/org/repo/dispatches");
        assert_eq!(body(gd)["event_type"], "kustomization/web.apps");
        assert_eq!(body(gd)["client_payload"]["involvedObject"]["name"], "web");
    }

    #[test]
    fn missing_settings_and_unsupported_types_are_named() {
        let e = event("error", "HealthCheckFailed");
        let mut t = target(ProviderType::Opsgenie, "https://api.opsgenie.com/v2/alerts");
        t.token = None;
        let err = requests(&t, &e).unwrap_err().to_string();
        assert_eq!(
            err,
            "opsgenie provider: the Secret's 'token' key is required"
        );
        let err = requests(&target(ProviderType::Otel, "http://x"), &e)
            .unwrap_err()
            .to_string();
        assert!(err.contains("'otel'"), "{err}");
    }

    #[test]
    fn pubsub_publishes_base64_event_json_with_header_attributes_and_signs_a_verifiable_jwt() {
        let pem = crate::notify::openssl_rsa_pem();
        let key_json = json!({"type": "service_account", "client_email": "flux@p.iam.gserviceaccount.com",
            "private_key": pem, "private_key_id": "k1", "token_uri": "https://oauth2.example/token"});
        let e = event("info", "ReconciliationSucceeded");
        let mut t = target(ProviderType::Googlepubsub, "my-project");
        t.channel = Some("flux-events".into());
        t.token = Some(key_json.to_string());
        t.headers = BTreeMap::from([("team".to_string(), "a".to_string())]);
        let p = pubsub_publish(&t, &e).unwrap().unwrap();
        assert_eq!(
            p.url("https://pubsub.googleapis.com"),
            "https://pubsub.googleapis.com/v1/projects/my-project/topics/flux-events:publish"
        );
        let body: Value = serde_json::from_slice(&p.body).unwrap();
        let data = base64::engine::general_purpose::STANDARD
            .decode(body["messages"][0]["data"].as_str().unwrap())
            .unwrap();
        assert_eq!(data, generic(&t, &e).body);
        assert_eq!(body["messages"][0]["attributes"], json!({"team": "a"}));
        // The JWT carries Google's claims and verifies with the key's public half.
        let sa = p.credentials.unwrap();
        assert!(!format!("{sa:?}").contains("PRIVATE KEY"));
        let jwt = sa.assertion(PUBSUB_SCOPE, 1_796_202_000).unwrap();
        let parts: Vec<&str> = jwt.split('.').collect();
        assert_eq!(parts.len(), 3);
        let dec = |s: &str| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(s)
                .unwrap()
        };
        let header: Value = serde_json::from_slice(&dec(parts[0])).unwrap();
        assert_eq!(header, json!({"alg": "RS256", "typ": "JWT", "kid": "k1"}));
        let claims: Value = serde_json::from_slice(&dec(parts[1])).unwrap();
        assert_eq!(
            claims,
            json!({"iss": "flux@p.iam.gserviceaccount.com", "scope": PUBSUB_SCOPE,
                "aud": "https://oauth2.example/token", "iat": 1_796_202_000i64, "exp": 1_796_205_600i64})
        );
        let (public, _) = crate::notify::openssl_rsa_public(&pem);
        let mut check = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
        check.validate_exp = false;
        check.validate_aud = false;
        jsonwebtoken::decode::<Value>(
            &jwt,
            &jsonwebtoken::DecodingKey::from_rsa_pem(public.as_bytes()).unwrap(),
            &check,
        )
        .expect("the JWT signature verifies");
        // Without a token the workload's identity is used; bad settings are named.
        t.token = None;
        assert_eq!(pubsub_publish(&t, &e).unwrap().unwrap().credentials, None);
        t.token = Some(json!({"type": "authorized_user"}).to_string());
        assert!(pubsub_publish(&t, &e)
            .unwrap_err()
            .to_string()
            .contains("must be a service account key"));
        t.token = None;
        t.channel = None;
        assert!(pubsub_publish(&t, &e)
            .unwrap_err()
            .to_string()
            .contains("topic ID cannot be empty"));
        t.channel = Some("a/b".into());
        assert!(pubsub_publish(&t, &e).is_err());
        t.channel = Some("t".into());
        t.address = String::new();
        assert!(pubsub_publish(&t, &e)
            .unwrap_err()
            .to_string()
            .contains("project ID cannot be empty"));
    }

    #[test]
    fn change_request_comments_find_their_own_marked_comment_and_edit_it_else_create_one() {
        let mut e = event("error", "HealthCheckFailed");
        e.metadata.insert("change_request".into(), "7".into());
        e.metadata.insert("revision".into(), "main@sha1:abc".into());
        let uid = "0c9c2e41-aaaa-bbbb-cccc-000000000000";
        let mut t = target(
            ProviderType::Githubpullrequestcomment,
            "https://github.com/org/app",
        );
        t.provider_uid = uid.into();
        let c = change_request_comment(&t, &e).unwrap().unwrap();
        let o = &e.involved_object;
        let marker = format!(
            "<!-- flux-pr-comment-key:{uid}/{}/{}/{} -->",
            o.kind, o.namespace, o.name
        );
        assert_eq!(c.marker, marker);
        assert_eq!(c.whoami.url, "https://api.github.com/user");
        assert_eq!(c.whoami.method, Method::Get);
        assert_eq!(
            c.list.url,
            "https://api.github.com/repos/org/app/issues/7/comments?sort=created&direction=asc&per_page=100"
        );
        assert_eq!(
            c.create.url,
            "https://api.github.com/repos/org/app/issues/7/comments"
        );
        assert_eq!(header(&c.create, "Authorization"), Some("Bearer tok"));
        let text = body(&c.create)["body"].as_str().unwrap().to_string();
        assert_eq!(
            text,
            format!(
                "{marker}\n\n## Flux Status\n\n⚠️ {}/{}/{}\n\n{}\n\nMetadata:\n* `revision`: main@sha1:abc\n",
                o.kind, o.namespace, o.name, e.message
            )
        );
        assert_eq!(
            c.login(&json!({"login": "flux-bot"})).as_deref(),
            Some("flux-bot")
        );
        let comments = json!([
            {"id": 1, "user": {"login": "someone"}, "body": marker},
            {"id": 2, "user": {"login": "flux-bot"}, "body": "unrelated"},
            {"id": 3, "user": {"login": "flux-bot"}, "body": format!("{marker}\nold")},
        ]);
        assert_eq!(c.existing(&comments, "flux-bot"), Some(3));
        assert_eq!(c.existing(&json!([]), "flux-bot"), None);
        let edit = c.update(3);
        assert_eq!(edit.method, Method::Patch);
        assert_eq!(
            edit.url,
            "https://api.github.com/repos/org/app/issues/comments/3"
        );
        assert_eq!(edit.body, c.create.body);

        // GitLab: notes of the merge request, PUT to edit, the author's username.
        t.kind = Some(ProviderType::Gitlabmergerequestcomment);
        t.address = "https://gitlab.com/group/sub/app".into();
        let g = change_request_comment(&t, &e).unwrap().unwrap();
        assert!(g.marker.starts_with("<!-- flux-mr-comment-key:"));
        assert_eq!(
            g.create.url,
            "https://gitlab.com/api/v4/projects/group%2Fsub%2Fapp/merge_requests/7/notes"
        );
        assert_eq!(header(&g.list, "PRIVATE-TOKEN"), Some("tok"));
        assert_eq!(g.login(&json!({"username": "bot"})).as_deref(), Some("bot"));
        let notes = json!([{"id": 5, "author": {"username": "bot"}, "body": g.marker}]);
        assert_eq!(g.existing(&notes, "bot"), Some(5));
        assert_eq!(g.update(5).method, Method::Put);
        assert!(g.update(5).url.ends_with("/merge_requests/7/notes/5"));

        // Gitea: /api/v1, token auth.
        t.kind = Some(ProviderType::Giteapullrequestcomment);
        t.address = "https://gitea.example.com/org/app".into();
        let gt = change_request_comment(&t, &e).unwrap().unwrap();
        assert_eq!(
            gt.create.url,
            "https://gitea.example.com/api/v1/repos/org/app/issues/7/comments"
        );
        assert_eq!(header(&gt.create, "Authorization"), Some("token tok"));
        assert!(gt
            .update(9)
            .url
            .ends_with("/api/v1/repos/org/app/issues/comments/9"));

        // No change request: skipped; a malformed one is named.
        let mut plain = e.clone();
        plain.metadata.remove("change_request");
        assert_eq!(change_request_comment(&t, &plain).unwrap(), None);
        plain
            .metadata
            .insert("change_request".into(), "seven".into());
        assert!(change_request_comment(&t, &plain)
            .unwrap_err()
            .to_string()
            .contains("invalid \"change_request\""));
    }

    #[test]
    fn nats_publishes_the_event_json_on_the_channel_subject() {
        let e = event("info", "ReconciliationSucceeded");
        let mut t = target(ProviderType::Nats, "nats://a:4222, nats://b:4222");
        t.channel = Some("flux.events".into());
        t.username = Some("flux".into());
        t.password = Some("s3cret".into());
        let p = nats_publish(&t, &e).unwrap().unwrap();
        assert_eq!(p.servers, ["nats://a:4222", "nats://b:4222"]);
        assert_eq!(p.subject, "flux.events");
        assert_eq!(p.credentials, Some(("flux".into(), "s3cret".into())));
        assert_eq!(p.payload, generic(&t, &e).body);
        // A user without a password sends no credentials, as Flux.
        t.password = None;
        assert_eq!(nats_publish(&t, &e).unwrap().unwrap().credentials, None);
        // Commit status refreshes are skipped.
        let mut update = e.clone();
        update
            .metadata
            .insert("commit_status".into(), "update".into());
        assert_eq!(nats_publish(&t, &update).unwrap(), None);
        // Missing or malformed settings are named.
        t.channel = None;
        assert!(nats_publish(&t, &e)
            .unwrap_err()
            .to_string()
            .contains("subject (channel) cannot be empty"));
        t.channel = Some("a b".into());
        assert!(nats_publish(&t, &e)
            .unwrap_err()
            .to_string()
            .contains("whitespace"));
        t.address = " ".into();
        assert!(nats_publish(&t, &e)
            .unwrap_err()
            .to_string()
            .contains("server (address) cannot be empty"));
    }
}
