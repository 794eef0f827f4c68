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
    #[arg(long)]
    pub url: String,
    /// The Receiver's token.
    #[arg(long)]
    pub token: String,
    /// Receiver type: generic, generic-hmac, github, gitlab or harbor.
    #[arg(long = "type", default_value = "generic")]
    pub type_: String,
    /// JSON payload to send.
    #[arg(long, default_value = "{}")]
    pub payload: String,
    /// Attempts before giving up.
    #[arg(long, default_value_t = 10)]
    pub retries: u32,
    /// Delay between attempts.
    #[arg(long = "retry-delay", default_value = "10s")]
    pub retry_delay: crate::api::Duration,
}

impl TriggerReceiverArgs {
    /// The URL and headers the trigger sends (the hook path is computed offline).
    pub fn request(&self, namespace: &str) -> anyhow::Result<(String, Vec<(String, String)>)> {
        use hmac::Mac;
        serde_json::from_str::<Value>(&self.payload)
            .map_err(|e| anyhow::anyhow!("--payload is not JSON: {e}"))?;
        let path = crate::notify::receivers::webhook_path(&self.token, &self.name, namespace);
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
        let mut headers = vec![(
            String::from("Content-Type"),
            String::from("application/json"),
        )];
        match self.type_.as_str() {
            "generic" => {}
            "generic-hmac" => headers.push(("X-Signature".into(), sig()?)),
            "github" => {
                headers.push(("X-Hub-Signature-256".into(), sig()?));
                headers.push(("X-GitHub-Event".into(), "push".into()));
            }
            "gitlab" => {
                headers.push(("X-Gitlab-Token".into(), self.token.clone()));
                headers.push(("X-Gitlab-Event".into(), "Push Hook".into()));
            }
            "harbor" => headers.push(("Authorization".into(), self.token.clone())),
            other => anyhow::bail!("--type: triggering '{other}' receivers is not supported (generic, generic-hmac, github, gitlab, harbor)"),
        }
        Ok((url, headers))
    }
}

/// Runs `flux trigger receiver`: posts the payload to the computed hook URL, retrying.
pub async fn trigger_receiver(args: TriggerReceiverArgs, g: &Global) -> anyhow::Result<()> {
    let (url, headers) = args.request(&g.namespace)?;
    let log = g.logger();
    log.action(format!(
        "triggering Receiver {} in {} namespace",
        args.name, g.namespace
    ));
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .build()?;
    let mut last = String::new();
    for attempt in 1..=args.retries.max(1) {
        let mut req = client.post(&url).body(args.payload.clone());
        for (k, v) in &headers {
            req = req.header(k, v);
        }
        match req.send().await {
            Ok(r) if r.status().is_success() => {
                log.success("Receiver triggered");
                return Ok(());
            }
            Ok(r) => {
                let code = r.status();
                last = format!(
                    "status {}: {}",
                    code.as_u16(),
                    r.text().await.unwrap_or_default().trim()
                );
                if code.is_client_error() {
                    break;
                }
            }
            Err(e) => last = e.without_url().to_string(),
        }
        if attempt < args.retries {
            tokio::time::sleep(args.retry_delay.std()).await;
        }
    }
    anyhow::bail!("triggering Receiver {}: {last}", args.name)
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

    #[test]
    fn trigger_signs_like_the_receiver_checks() {
        let a = TriggerReceiverArgs {
            name: "r".into(),
            url: "http://127.0.0.1:9292/".into(),
            token: "tok".into(),
            type_: "github".into(),
            payload: "{}".into(),
            retries: 1,
            retry_delay: "1s".parse().unwrap(),
        };
        let (url, headers) = a.request("flux-system").unwrap();
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
