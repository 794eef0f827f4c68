//! Generic webhooks (plain and HMAC-signed) and message buses: the NATS message and the Google
//! Pub/Sub publish (with the service-account token assertion).

use super::*;

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
