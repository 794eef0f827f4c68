//! The notification commands: `flux create alert-provider|alert|receiver`, `flux create secret
//! receiver`, `flux trigger receiver`. Flags → object (validated here) → `--export` or apply and
//! wait, as Flux prints them.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::create::{apply, wait_ready};
use super::kinds::{self, RECEIVER};
use super::Global;
use crate::api::notification::{FluxKind, ProviderType, ReceiverType};

/// Flags shared by the notification `create` commands.
#[derive(Debug, Clone, clap::Args)]
pub struct CreateFlags {
    /// Export in YAML format to stdout.
    #[arg(long)]
    pub export: bool,
    /// Set labels on the resource (can specify multiple labels with commas: label1=value1,label2=value2).
    #[arg(long = "label", value_delimiter = ',')]
    pub labels: Vec<String>,
}

impl CreateFlags {
    fn metadata(&self, name: &str, namespace: &str) -> anyhow::Result<Value> {
        let mut m = json!({"name": name, "namespace": namespace});
        if !self.labels.is_empty() {
            let mut labels = BTreeMap::new();
            for l in &self.labels {
                let (k, v) = l.split_once('=').ok_or_else(|| {
                    anyhow::anyhow!("invalid label format '{l}', must be key=value")
                })?;
                labels.insert(k.to_string(), v.to_string());
            }
            m["labels"] = json!(labels);
        }
        Ok(m)
    }
}

/// Flags of `flux create alert-provider`.
#[derive(Debug, clap::Args)]
pub struct CreateProviderArgs {
    /// Name of the Provider.
    pub name: String,
    #[command(flatten)]
    pub common: CreateFlags,
    /// Type of provider.
    #[arg(long = "type")]
    pub type_: Option<String>,
    /// Channel to send messages to in the case of a chat provider.
    #[arg(long)]
    pub channel: Option<String>,
    /// Bot username used by the provider.
    #[arg(long)]
    pub username: Option<String>,
    /// Path to either the git repository, chat provider or webhook.
    #[arg(long)]
    pub address: Option<String>,
    /// Name of secret containing authentication token.
    #[arg(long = "secret-ref")]
    pub secret_ref: Option<String>,
}

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.is_empty())
}

impl CreateProviderArgs {
    /// The Provider this command creates.
    pub fn to_object(&self, namespace: &str) -> anyhow::Result<Value> {
        let t =
            non_empty(&self.type_).ok_or_else(|| anyhow::anyhow!("Provider type is required"))?;
        serde_json::from_value::<ProviderType>(json!(t))
            .map_err(|_| anyhow::anyhow!("--type: unknown provider type '{t}'"))?;
        let mut spec = json!({"type": t});
        for (k, v) in [
            ("channel", &self.channel),
            ("username", &self.username),
            ("address", &self.address),
        ] {
            if let Some(v) = non_empty(v) {
                spec[k] = json!(v);
            }
        }
        if let Some(s) = non_empty(&self.secret_ref) {
            spec["secretRef"] = json!({"name": s});
        }
        Ok(json!({
            "apiVersion": "notification.toolkit.fluxcd.io/v1beta3",
            "kind": "Provider",
            "metadata": self.common.metadata(&self.name, namespace)?,
            "spec": spec,
        }))
    }
}

/// Flags of `flux create alert`.
#[derive(Debug, clap::Args)]
pub struct CreateAlertArgs {
    /// Name of the Alert.
    pub name: String,
    #[command(flatten)]
    pub common: CreateFlags,
    /// Reference to provider.
    #[arg(long = "provider-ref")]
    pub provider_ref: Option<String>,
    /// Severity of events to send alerts for.
    #[arg(long = "event-severity", value_parser = ["info", "error"])]
    pub event_severity: Option<String>,
    /// Sources that should generate alerts (<kind>/<name>), name may be '*'.
    #[arg(long = "event-source", value_delimiter = ',')]
    pub event_sources: Vec<String>,
}

/// Parses `Kind/name[.namespace]` into a cross-namespace reference of a Flux kind.
fn object_ref(s: &str, flag: &str) -> anyhow::Result<Value> {
    let (kind, rest) = s
        .split_once('/')
        .filter(|(k, n)| !k.is_empty() && !n.is_empty())
        .ok_or_else(|| anyhow::anyhow!("invalid {flag} '{s}', must be in format <kind>/<name>"))?;
    let kind: FluxKind = serde_json::from_value(json!(kind))
        .map_err(|_| anyhow::anyhow!("invalid {flag} '{s}': unknown kind '{kind}'"))?;
    let (name, namespace) = match rest.split_once('.') {
        Some((n, ns)) if n != "*" || !ns.is_empty() => (n, Some(ns)),
        _ => (rest, None),
    };
    let mut r = json!({"kind": kind, "name": name});
    if let Some(ns) = namespace.filter(|n| !n.is_empty()) {
        r["namespace"] = json!(ns);
    }
    Ok(r)
}

impl CreateAlertArgs {
    /// The Alert this command creates.
    pub fn to_object(&self, namespace: &str) -> anyhow::Result<Value> {
        let provider = non_empty(&self.provider_ref)
            .ok_or_else(|| anyhow::anyhow!("provider ref is required"))?;
        if self.event_sources.is_empty() {
            anyhow::bail!("at least one event source is required");
        }
        let sources = self
            .event_sources
            .iter()
            .map(|s| object_ref(s, "event source"))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let mut spec = json!({"providerRef": {"name": provider}, "eventSources": sources});
        if let Some(sev) = non_empty(&self.event_severity) {
            spec["eventSeverity"] = json!(sev);
        }
        Ok(json!({
            "apiVersion": "notification.toolkit.fluxcd.io/v1beta3",
            "kind": "Alert",
            "metadata": self.common.metadata(&self.name, namespace)?,
            "spec": spec,
        }))
    }
}

/// Flags of `flux create receiver`.
#[derive(Debug, clap::Args)]
pub struct CreateReceiverArgs {
    /// Name of the Receiver.
    pub name: String,
    #[command(flatten)]
    pub common: CreateFlags,
    /// Type of receiver.
    #[arg(long = "type")]
    pub type_: Option<String>,
    /// Event types to handle, e.g. 'push' for GitHub.
    #[arg(long = "event", value_delimiter = ',')]
    pub events: Vec<String>,
    /// Resources to reconcile, in the format <kind>/<name>[.namespace]; name may be '*'.
    #[arg(long = "resource", value_delimiter = ',')]
    pub resources: Vec<String>,
    /// Name of secret containing the token.
    #[arg(long = "secret-ref")]
    pub secret_ref: Option<String>,
}

impl CreateReceiverArgs {
    /// The Receiver this command creates.
    pub fn to_object(&self, namespace: &str) -> anyhow::Result<Value> {
        let t =
            non_empty(&self.type_).ok_or_else(|| anyhow::anyhow!("Receiver type is required"))?;
        serde_json::from_value::<ReceiverType>(json!(t))
            .map_err(|_| anyhow::anyhow!("--type: unknown receiver type '{t}'"))?;
        let secret =
            non_empty(&self.secret_ref).ok_or_else(|| anyhow::anyhow!("secret ref is required"))?;
        if self.resources.is_empty() {
            anyhow::bail!("at least one resource is required");
        }
        let resources = self
            .resources
            .iter()
            .map(|s| object_ref(s, "resource"))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let mut spec = json!({"type": t, "resources": resources, "secretRef": {"name": secret}});
        if !self.events.is_empty() {
            spec["events"] = json!(self.events);
        }
        Ok(json!({
            "apiVersion": "notification.toolkit.fluxcd.io/v1",
            "kind": "Receiver",
            "metadata": self.common.metadata(&self.name, namespace)?,
            "spec": spec,
        }))
    }
}

fn print_export(obj: Value) -> anyhow::Result<()> {
    Ok(crate::output::print_stdout(&kinds::export_yaml(&[obj])?)?)
}

/// Runs `flux create alert-provider`.
pub async fn create_provider(args: CreateProviderArgs, g: &Global) -> anyhow::Result<()> {
    let obj = args.to_object(&g.namespace)?;
    create_static(obj, args.common.export, "Provider", &args.name, g).await
}

/// Runs `flux create alert`.
pub async fn create_alert(args: CreateAlertArgs, g: &Global) -> anyhow::Result<()> {
    let obj = args.to_object(&g.namespace)?;
    create_static(obj, args.common.export, "Alert", &args.name, g).await
}

/// Alerts and Providers are static: applied, then ready once the API server accepted them.
async fn create_static(
    obj: Value,
    export: bool,
    kind: &str,
    name: &str,
    g: &Global,
) -> anyhow::Result<()> {
    if export {
        return print_export(obj);
    }
    let log = g.logger();
    g.within_timeout(&format!("create {kind}"), async {
        log.generate(format!("generating {kind}"));
        log.action(format!("applying {kind}"));
        apply(g, &obj).await?;
        log.success(format!("{kind} created"));
        log.waiting(format!("waiting for {kind} reconciliation"));
        log.success(format!("{kind} {name} is ready"));
        Ok(())
    })
    .await
}

/// Runs `flux create receiver`.
pub async fn create_receiver(args: CreateReceiverArgs, g: &Global) -> anyhow::Result<()> {
    let obj = args.to_object(&g.namespace)?;
    if args.common.export {
        return print_export(obj);
    }
    let log = g.logger();
    g.within_timeout("create receiver", async {
        log.generate("generating Receiver");
        log.action("applying Receiver");
        apply(g, &obj).await?;
        log.success("Receiver created");
        log.waiting("waiting for Receiver reconciliation");
        let live = wait_ready(g, &RECEIVER, &args.name, "Receiver").await?;
        log.success(format!("Receiver {} is ready", args.name));
        if let Some(p) = live["status"]["webhookPath"].as_str() {
            log.success(format!("generated webhook URL {p}"));
        }
        Ok(())
    })
    .await
}

/// Flags of `flux create secret receiver`.
#[derive(Debug, clap::Args)]
pub struct SecretReceiverArgs {
    /// Name of the Secret (and of the Receiver that uses it, for the webhook URL).
    pub name: String,
    /// Export in YAML format to stdout.
    #[arg(long)]
    pub export: bool,
    /// Set labels on the resource.
    #[arg(long = "label", value_delimiter = ',')]
    pub labels: Vec<String>,
    /// Receiver type the token is for: generic, generic-hmac, github, gitlab, bitbucket,
    /// harbor, dockerhub, quay, gcr, nexus, acr, cdevents.
    #[arg(long = "type", value_parser = parse_receiver_type)]
    pub type_: Option<String>,
    /// The token; a random one is generated when empty.
    #[arg(long)]
    pub token: Option<String>,
    /// Public host name of the webhook receiver (required); annotates the Secret with the full
    /// webhook URL.
    #[arg(long)]
    pub hostname: Option<String>,
    /// Email claim (gcr receivers).
    #[arg(long = "email-claim")]
    pub email_claim: Option<String>,
    /// Audience claim (gcr receivers); defaults to the webhook URL.
    #[arg(long = "audience-claim")]
    pub audience_claim: Option<String>,
}

/// The receiver types `flux create secret receiver --type` takes, in Flux's order.
const SECRET_RECEIVER_TYPES: [&str; 12] = [
    "generic",
    "generic-hmac",
    "github",
    "gitlab",
    "bitbucket",
    "harbor",
    "dockerhub",
    "quay",
    "gcr",
    "nexus",
    "acr",
    "cdevents",
];

fn parse_receiver_type(s: &str) -> Result<String, String> {
    if SECRET_RECEIVER_TYPES.contains(&s) {
        Ok(s.to_string())
    } else if s.is_empty() {
        Err("no receiver type given, please specify the receiver type".into())
    } else {
        Err(format!(
            "receiver type '{s}' is not supported, must be one of: {}",
            SECRET_RECEIVER_TYPES.join(", ")
        ))
    }
}

/// The annotation holding the webhook URL on a receiver Secret.
pub const WEBHOOK_ANNOTATION: &str = "notification.toolkit.fluxcd.io/webhook";

/// 32 random bytes as hex.
fn random_token() -> anyhow::Result<String> {
    let mut buf = [0u8; 32];
    getrandom::fill(&mut buf).map_err(|e| anyhow::anyhow!("generating a token: {e}"))?;
    Ok(hex::encode(buf))
}

impl SecretReceiverArgs {
    /// The Secret this command creates.
    pub fn to_object(&self, namespace: &str) -> anyhow::Result<Value> {
        // Flux's checks, in Flux's order.
        let type_ = non_empty(&self.type_).ok_or_else(|| anyhow::anyhow!("--type is required"))?;
        let hostname =
            non_empty(&self.hostname).ok_or_else(|| anyhow::anyhow!("--hostname is required"))?;
        let t: ReceiverType = serde_json::from_value(json!(type_))
            .map_err(|_| anyhow::anyhow!("--type: unknown receiver type '{type_}'"))?;
        if t == ReceiverType::Gcr && non_empty(&self.email_claim).is_none() {
            anyhow::bail!("--email-claim is required for gcr receiver type");
        }
        let token = match non_empty(&self.token) {
            Some(t) => t.to_string(),
            None => random_token()?,
        };
        let path = crate::notify::receivers::webhook_path(&token, &self.name, namespace);
        let url = format!("https://{hostname}{path}");
        let mut data = BTreeMap::from([(String::from("token"), token.clone())]);
        if t == ReceiverType::Gcr {
            let email = non_empty(&self.email_claim).unwrap_or_default();
            let aud = non_empty(&self.audience_claim).unwrap_or(url.as_str());
            data.insert("email".into(), email.into());
            data.insert("audience".into(), aud.into());
        }
        let flags = CreateFlags {
            export: self.export,
            labels: self.labels.clone(),
        };
        let mut metadata = flags.metadata(&self.name, namespace)?;
        metadata["annotations"] = json!({ WEBHOOK_ANNOTATION: url });
        Ok(json!({"apiVersion": "v1", "kind": "Secret", "metadata": metadata, "stringData": data}))
    }
}

/// Runs `flux create secret receiver`.
pub async fn create_secret_receiver(args: SecretReceiverArgs, g: &Global) -> anyhow::Result<()> {
    let obj = args.to_object(&g.namespace)?;
    super::create::write_secret(obj, args.export, &args.name, "receiver secret", g).await
}

/// Flags of `flux trigger receiver`.
#[derive(Debug, clap::Args)]
pub struct TriggerReceiverArgs {
    /// Name of the Receiver.
    pub name: String,
    /// Base URL of the webhook receiver, e.g. https://flux-webhook.example.com.
    #[arg(long, default_value = "")]
    pub url: String,
    /// The Receiver token, required for all types except generic-oidc where it must not be set.
    #[arg(long, default_value = "")]
    pub token: String,
    /// Receiver type: generic, generic-hmac or generic-oidc (also github, gitlab and harbor).
    #[arg(long = "type", default_value = "generic")]
    pub type_: String,
    /// The OIDC provider to fetch the token from, one of: github, forgejo (generic-oidc only,
    /// mutually exclusive with --oidc-token).
    #[arg(long = "oidc-provider", default_value = "")]
    pub oidc_provider: String,
    /// The OIDC token to authenticate the request (generic-oidc only, mutually exclusive with
    /// --oidc-provider); defaults to the FLUX_TRIGGER_RECEIVER_OIDC_TOKEN environment variable.
    #[arg(long = "oidc-token", default_value = "")]
    pub oidc_token: String,
    /// The audience of the OIDC token to fetch (requires --oidc-provider); defaults to
    /// "notification-controller".
    #[arg(long = "oidc-audience", default_value = "")]
    pub oidc_audience: String,
    /// JSON payload to send.
    #[arg(long, default_value = "{}")]
    pub payload: String,
    /// Retries of a transient failure (connection errors, 404, 408, 429 and 5xx).
    #[arg(long, default_value_t = 10)]
    pub retries: u32,
    /// The delay between retries.
    #[arg(long = "retry-delay", default_value = "10s")]
    pub retry_delay: crate::api::Duration,
}

/// The environment variable a generic-oidc trigger reads its token from by default.
const OIDC_TOKEN_ENV: &str = "FLUX_TRIGGER_RECEIVER_OIDC_TOKEN";

impl TriggerReceiverArgs {
    /// Flux's checks of the type and of the token and OIDC flags, in its order.
    pub fn validate(&self) -> anyhow::Result<()> {
        if self.url.is_empty() {
            anyhow::bail!("--url is required");
        }
        let oidc = self.type_ == "generic-oidc";
        match self.type_.as_str() {
            "generic" | "generic-hmac" | "generic-oidc" | "github" | "gitlab" | "harbor" => {}
            other => anyhow::bail!(
                "invalid --type {other:?}, must be one of: generic, generic-hmac, generic-oidc"
            ),
        }
        if !oidc {
            if self.token.is_empty() {
                anyhow::bail!("--token is required for --type={}", self.type_);
            }
            if !self.oidc_provider.is_empty()
                || !self.oidc_token.is_empty()
                || !self.oidc_audience.is_empty()
            {
                anyhow::bail!("--oidc-provider, --oidc-token and --oidc-audience can only be set for --type=generic-oidc");
            }
            return Ok(());
        }
        if !self.token.is_empty() {
            anyhow::bail!("--token must not be set for --type=generic-oidc, the Receiver of this type has no secret");
        }
        if !self.oidc_provider.is_empty() && !self.oidc_token.is_empty() {
            anyhow::bail!("--oidc-provider and --oidc-token are mutually exclusive");
        }
        if !self.oidc_provider.is_empty()
            && !["github", "forgejo"].contains(&self.oidc_provider.as_str())
        {
            anyhow::bail!(
                "invalid --oidc-provider {:?}, must be one of: github, forgejo",
                self.oidc_provider
            );
        }
        if !self.oidc_audience.is_empty() && self.oidc_provider.is_empty() {
            anyhow::bail!("--oidc-audience can only be set together with --oidc-provider");
        }
        Ok(())
    }

    /// The URL and headers the trigger sends (the hook path is computed offline; a
    /// generic-oidc Receiver's path is salted with an empty token). `bearer` is the OIDC
    /// token of a generic-oidc trigger.
    pub fn request(
        &self,
        namespace: &str,
        bearer: Option<&str>,
    ) -> anyhow::Result<(String, Vec<(String, String)>)> {
        use hmac::Mac;
        serde_json::from_str::<Value>(&self.payload)
            .map_err(|e| anyhow::anyhow!("--payload is not JSON: {e}"))?;
        let salt = if self.type_ == "generic-oidc" {
            ""
        } else {
            &self.token
        };
        let path = crate::notify::receivers::webhook_path(salt, &self.name, namespace);
        let url = format!("{}{path}", self.url.trim_end_matches('/'));
        let sig = || -> anyhow::Result<String> {
            let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(self.token.as_bytes())
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            m.update(self.payload.as_bytes());
            Ok(format!(
                "sha256={}",
                crate::artifact::archive::hex(&m.finalize().into_bytes())
            ))
        };
        let mut headers = vec![
            (
                String::from("Content-Type"),
                String::from("application/json"),
            ),
            (
                String::from("User-Agent"),
                format!("flux/v{}", env!("CARGO_PKG_VERSION")),
            ),
        ];
        match self.type_.as_str() {
            "generic" => {}
            "generic-hmac" => headers.push(("X-Signature".into(), sig()?)),
            "generic-oidc" => headers.push((
                "Authorization".into(),
                format!("Bearer {}", bearer.unwrap_or_default()),
            )),
            "github" => {
                headers.push(("X-Hub-Signature-256".into(), sig()?));
                headers.push(("X-GitHub-Event".into(), "push".into()));
            }
            "gitlab" => {
                headers.push(("X-Gitlab-Token".into(), self.token.clone()));
                headers.push(("X-Gitlab-Event".into(), "Push Hook".into()));
            }
            "harbor" => headers.push(("Authorization".into(), self.token.clone())),
            other => anyhow::bail!(
                "invalid --type {other:?}, must be one of: generic, generic-hmac, generic-oidc"
            ),
        }
        Ok((url, headers))
    }

    /// The OIDC token of a generic-oidc trigger: fetched from the Actions token endpoint
    /// (GitHub and Forgejo expose the same one), given with `--oidc-token`, or read from
    /// `FLUX_TRIGGER_RECEIVER_OIDC_TOKEN`.
    async fn oidc_token(&self, client: &reqwest::Client) -> anyhow::Result<String> {
        if !self.oidc_provider.is_empty() {
            let audience = if self.oidc_audience.is_empty() {
                "notification-controller"
            } else {
                &self.oidc_audience
            };
            return fetch_actions_token(client, audience).await;
        }
        if !self.oidc_token.is_empty() {
            return Ok(self.oidc_token.clone());
        }
        match std::env::var(OIDC_TOKEN_ENV) {
            Ok(t) if !t.is_empty() => Ok(t),
            _ => anyhow::bail!("no OIDC token provided: set --oidc-provider, --oidc-token or the {OIDC_TOKEN_ENV} environment variable"),
        }
    }
}

/// An ID token from the GitHub/Forgejo Actions endpoint named by
/// `ACTIONS_ID_TOKEN_REQUEST_URL`, authenticated with `ACTIONS_ID_TOKEN_REQUEST_TOKEN`.
async fn fetch_actions_token(client: &reqwest::Client, audience: &str) -> anyhow::Result<String> {
    const URL: &str = "ACTIONS_ID_TOKEN_REQUEST_URL";
    const TOKEN: &str = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";
    let (url, token) = match (std::env::var(URL), std::env::var(TOKEN)) {
        (Ok(u), Ok(t)) if !u.is_empty() && !t.is_empty() => (u, t),
        _ => anyhow::bail!("{URL} and {TOKEN} must be set in the environment; ensure the Actions job has the 'id-token: write' permission"),
    };
    let mut url = reqwest::Url::parse(&url).map_err(|e| anyhow::anyhow!("invalid {URL}: {e}"))?;
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != "audience")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair("audience", audience);
    let resp = client
        .get(url)
        .header("Authorization", format!("bearer {token}"))
        .send()
        .await
        .map_err(|e| anyhow::anyhow!("OIDC token request failed: {}", e.without_url()))?;
    let status = resp.status();
    let body = resp.text().await.unwrap_or_default();
    if status != reqwest::StatusCode::OK {
        anyhow::bail!(
            "OIDC token request failed with status {status}: {}",
            body.trim()
        );
    }
    #[derive(serde::Deserialize)]
    struct Reply {
        #[serde(default)]
        value: String,
    }
    let reply: Reply = serde_json::from_str(&body)
        .map_err(|e| anyhow::anyhow!("failed to decode OIDC token response: {e}"))?;
    if reply.value.is_empty() {
        anyhow::bail!("the OIDC token response did not contain a token");
    }
    Ok(reply.value)
}

/// Whether a webhook status is worth retrying: 404 (the hook may not be registered yet),
/// 408, 429 and the 5xx a restarting controller answers.
fn retryable_status(code: u16) -> bool {
    matches!(code, 404 | 408 | 429 | 500 | 502 | 503 | 504)
}

/// Runs `flux trigger receiver`: posts the payload to the computed hook URL, retrying
/// transient failures `--retries` times, all within `--timeout`.
pub async fn trigger_receiver(args: TriggerReceiverArgs, g: &Global) -> anyhow::Result<()> {
    args.validate()?;
    let client = reqwest::Client::builder().build()?;
    let ns = &g.namespace;
    let name = &args.name;
    tokio::time::timeout(g.timeout.std(), async {
        let bearer = if args.type_ == "generic-oidc" {
            Some(args.oidc_token(&client).await?)
        } else {
            None
        };
        let (url, headers) = args.request(ns, bearer.as_deref())?;
        let log = g.logger();
        log.action(format!("triggering Receiver {ns}/{name}"));
        let mut attempt = 0;
        loop {
            let mut req = client.post(&url).body(args.payload.clone());
            for (k, v) in &headers {
                req = req.header(k, v);
            }
            let (retryable, err) = match req.send().await {
                Ok(r) if r.status().is_success() => {
                    log.success(format!("Receiver {ns}/{name} triggered"));
                    return Ok(());
                }
                Ok(r) => {
                    let status = r.status();
                    let body = r.text().await.unwrap_or_default();
                    let msg = match body.trim() {
                        "" => format!("request to {url} failed with status {status}"),
                        b => format!("request to {url} failed with status {status}: {b}"),
                    };
                    (retryable_status(status.as_u16()), msg)
                }
                Err(e) => (
                    true,
                    format!("request to {url} failed: {}", e.without_url()),
                ),
            };
            if !retryable || attempt >= args.retries {
                anyhow::bail!("{err}");
            }
            attempt += 1;
            log.waiting(format!(
                "{err}; retrying in {} ({attempt}/{})",
                args.retry_delay, args.retries
            ));
            tokio::time::sleep(args.retry_delay.std()).await;
        }
    })
    .await
    .map_err(|_| anyhow::anyhow!("context deadline exceeded"))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_refs_parse_kind_name_and_namespace() {
        assert_eq!(
            object_ref("Kustomization/apps.prod", "x").unwrap(),
            json!({"kind": "Kustomization", "name": "apps", "namespace": "prod"})
        );
        assert_eq!(
            object_ref("GitRepository/*", "x").unwrap(),
            json!({"kind": "GitRepository", "name": "*"})
        );
        assert!(object_ref("Deployment/x", "event source")
            .unwrap_err()
            .to_string()
            .contains("unknown kind"));
        assert!(object_ref("nokind", "event source").is_err());
    }

    fn trigger(type_: &str, token: &str, provider: &str, oidc: &str, aud: &str) -> String {
        TriggerReceiverArgs {
            name: "r".into(),
            url: "http://127.0.0.1:9292".into(),
            token: token.into(),
            type_: type_.into(),
            oidc_provider: provider.into(),
            oidc_token: oidc.into(),
            oidc_audience: aud.into(),
            payload: "{}".into(),
            retries: 0,
            retry_delay: "1s".parse().unwrap(),
        }
        .validate()
        .map_or_else(|e| e.to_string(), |()| "ok".into())
    }

    #[test]
    fn trigger_flags_are_checked_as_flux_checks_them() {
        assert_eq!(
            trigger("generic", "", "", "", ""),
            "--token is required for --type=generic"
        );
        assert_eq!(
            trigger("bitbucket", "t", "", "", ""),
            "invalid --type \"bitbucket\", must be one of: generic, generic-hmac, generic-oidc"
        );
        assert_eq!(
            trigger("generic-hmac", "t", "", "x", ""),
            "--oidc-provider, --oidc-token and --oidc-audience can only be set for --type=generic-oidc"
        );
        assert_eq!(
            trigger("generic-oidc", "t", "", "", ""),
            "--token must not be set for --type=generic-oidc, the Receiver of this type has no secret"
        );
        assert_eq!(
            trigger("generic-oidc", "", "github", "x", ""),
            "--oidc-provider and --oidc-token are mutually exclusive"
        );
        assert_eq!(
            trigger("generic-oidc", "", "gitlab", "", ""),
            "invalid --oidc-provider \"gitlab\", must be one of: github, forgejo"
        );
        assert_eq!(
            trigger("generic-oidc", "", "", "", "aud"),
            "--oidc-audience can only be set together with --oidc-provider"
        );
        assert_eq!(trigger("generic-oidc", "", "forgejo", "", "aud"), "ok");
        assert_eq!(trigger("generic-hmac", "t", "", "", ""), "ok");
    }

    #[test]
    fn a_generic_oidc_trigger_sends_the_bearer_token_to_the_unsalted_path() {
        let a = TriggerReceiverArgs {
            name: "r".into(),
            url: "http://127.0.0.1:9292".into(),
            token: String::new(),
            type_: "generic-oidc".into(),
            oidc_provider: String::new(),
            oidc_token: "jwt".into(),
            oidc_audience: String::new(),
            payload: "{}".into(),
            retries: 0,
            retry_delay: "1s".parse().unwrap(),
        };
        let (url, headers) = a.request("apps", Some("jwt")).unwrap();
        assert!(url.ends_with(&crate::notify::receivers::webhook_path("", "r", "apps")));
        assert!(headers.contains(&("Authorization".into(), "Bearer jwt".into())));
    }

    #[test]
    fn trigger_signs_like_the_receiver_checks() {
        let a = TriggerReceiverArgs {
            name: "r".into(),
            url: "http://127.0.0.1:9292/".into(),
            token: "tok".into(),
            type_: "github".into(),
            oidc_provider: String::new(),
            oidc_token: String::new(),
            oidc_audience: String::new(),
            payload: "{}".into(),
            retries: 1,
            retry_delay: "1s".parse().unwrap(),
        };
        a.validate().unwrap();
        let (url, headers) = a.request("flux-system", None).unwrap();
        assert_eq!(
            url,
            format!(
                "http://127.0.0.1:9292{}",
                crate::notify::receivers::webhook_path("tok", "r", "flux-system")
            )
        );
        let h: crate::notify::receivers::Headers = headers
            .into_iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v))
            .collect();
        assert!(
            crate::notify::receivers::verify(ReceiverType::Github, "tok", &[], &h, b"{}").is_ok()
        );
    }
}
