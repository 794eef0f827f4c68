//! The event server and dispatch: `POST /` takes Flux's event payload (≤ 3 MiB; 400 when
//! malformed, 429 for a duplicate within `--rate-limit-interval`, else 202), finds the Alerts
//! it matches, and sends each Alert's Provider its requests in the background — with the
//! provider's Secrets, CA bundle, client certificate, proxy and timeout, retried, failures
//! logged without secret values and recorded as a Warning event on the Alert.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::StatusCode;
use kube::api::{Api, DynamicObject};
use kube::ResourceExt;

use super::server::kind_resource;
use super::Context;
use crate::api::notification::{Alert, Provider};
use crate::notify::providers::{self, Method, Request, Target};
use crate::notify::{self, Event, MessageFilter, SourceMatch};

/// The event server's routes.
pub fn router(ctx: Arc<Context>) -> axum::Router {
    axum::Router::new()
        .route("/", axum::routing::post(handle_event))
        .layer(axum::middleware::from_fn_with_state(
            (ctx.clone(), "event"),
            super::server::http_metrics,
        ))
        .with_state(ctx)
}

async fn handle_event(State(ctx): State<Arc<Context>>, body: axum::body::Body) -> StatusCode {
    let body = match ctx.event_bodies.read(body).await {
        Ok(b) => b,
        Err(e) => {
            tracing::warn!(error = %e, "rejecting event");
            return e.status();
        }
    };
    let event = match Event::parse(&body) {
        Ok(e) => e,
        Err(e) => {
            tracing::warn!(error = %e, "rejecting event");
            return StatusCode::BAD_REQUEST;
        }
    };
    if !ctx.limiter.allow(&event, Instant::now()) {
        tracing::debug!(
            kind = %event.involved_object.kind,
            name = %event.involved_object.name,
            namespace = %event.involved_object.namespace,
            "discarding duplicate event"
        );
        return StatusCode::TOO_MANY_REQUESTS;
    }
    tokio::spawn(async move { dispatch(&ctx, &event).await });
    StatusCode::ACCEPTED
}

/// The live object an event is about (labels for `matchLabels`, annotations for metadata).
async fn involved_object(ctx: &Context, event: &Event) -> Option<DynamicObject> {
    let o = &event.involved_object;
    let ar = kind_resource(&o.kind, o.api_version.as_deref())?;
    let api: Api<DynamicObject> = Api::namespaced_with(ctx.client.clone(), &o.namespace, &ar);
    api.get_opt(&o.name).await.ok().flatten()
}

/// Sends `event` to every matching Alert's Provider.
pub async fn dispatch(ctx: &Context, event: &Event) {
    let alerts_api: Api<Alert> = ctx.watched();
    let alerts = match alerts_api.list(&Default::default()).await {
        Ok(l) => l.items,
        Err(e) => {
            tracing::error!(error = %e, "listing alerts failed");
            return;
        }
    };
    let mut live: Option<Option<DynamicObject>> = None;
    let mut matched = 0;
    for alert in alerts {
        let Some(alert_ns) = alert.namespace() else {
            continue;
        };
        if alert.spec.suspend {
            continue;
        }
        if !crate::notify::severity_matches(alert.spec.event_severity, &event.severity) {
            continue;
        }
        let mut selected = false;
        for src in &alert.spec.event_sources {
            if ctx.runtime.no_cross_namespace_refs
                && src.namespace.as_deref().is_some_and(|n| n != alert_ns)
            {
                tracing::warn!(alert = %alert.name_any(), namespace = %alert_ns,
                    "event source in another namespace refused (--no-cross-namespace-refs)");
                continue;
            }
            match notify::source_matches(&alert_ns, src, &event.involved_object) {
                SourceMatch::No => {}
                SourceMatch::Yes => selected = true,
                SourceMatch::IfLabels(wanted) => {
                    if live.is_none() {
                        live = Some(involved_object(ctx, event).await);
                    }
                    let labels = live
                        .as_ref()
                        .and_then(|o| o.as_ref())
                        .map(|o| o.labels().clone())
                        .unwrap_or_default();
                    selected |= notify::labels_match(&wanted, &labels);
                }
            }
            if selected {
                break;
            }
        }
        if !selected {
            continue;
        }
        let filter = match MessageFilter::new(&alert.spec) {
            Ok(f) => f,
            Err(e) => {
                let msg = format!("Alert '{alert_ns}/{}': {e}", alert.name_any());
                tracing::error!(error = %msg, "invalid alert");
                ctx.events
                    .publish(&alert, true, "ValidationFailed", &msg)
                    .await;
                continue;
            }
        };
        if !filter.allows(&event.message) {
            continue;
        }
        matched += 1;
        if live.is_none() {
            live = Some(involved_object(ctx, event).await);
        }
        let annotations = live
            .as_ref()
            .and_then(|o| o.as_ref())
            .map(|o| o.annotations().clone())
            .unwrap_or_default();
        let mut notification = event.clone();
        notification.metadata = notify::merged_metadata(&annotations, &alert.spec, event);
        if let Err(e) = send_for_alert(ctx, &alert, &notification).await {
            tracing::error!(alert = %alert.name_any(), namespace = %alert_ns, error = %e,
                "failed to send notification");
            ctx.events
                .publish(&alert, true, "NotificationFailed", &e.to_string())
                .await;
        }
    }
    if matched == 0 {
        tracing::debug!(kind = %event.involved_object.kind, name = %event.involved_object.name,
            namespace = %event.involved_object.namespace,
            "discarding event, no alerts found for the involved object");
    }
}

/// Why an event was not delivered to a Provider; messages never carry a secret value.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The Alert's Provider does not exist.
    #[error("Provider '{0}' not found")]
    ProviderNotFound(String),
    /// Reading the Provider failed.
    #[error("reading Provider '{provider}': {message}")]
    ReadProvider {
        /// `namespace/name`.
        provider: String,
        /// The API server's message.
        message: String,
    },
    /// The Provider could not be used or reached.
    #[error("Provider '{provider}'{detail}: {reason}")]
    Provider {
        /// `namespace/name`.
        provider: String,
        /// ` (<type>)` for the comment providers, else empty.
        detail: String,
        /// What went wrong.
        reason: Reason,
    },
}

/// What went wrong with one Provider, by what the user has to look at.
#[derive(Debug, thiserror::Error)]
pub enum Reason {
    /// Its settings or Secrets cannot be used (missing keys, bad CA, proxy, expressions).
    #[error("{0}")]
    Setup(String),
    /// Its request cannot be built from the event.
    #[error(transparent)]
    Build(#[from] providers::Error),
    /// It has no address to send to.
    #[error("no address (spec.address or the Secret's 'address' key)")]
    NoAddress,
    /// Sending failed (after retries), or the service refused it; secrets are redacted.
    #[error("{0}")]
    Delivery(String),
}

impl Reason {
    /// The same reason with every secret value of `setup` redacted from its message.
    fn redacted(self, setup: &ProviderSetup) -> Reason {
        match self {
            Reason::Delivery(m) => Reason::Delivery(setup.redact(&m)),
            Reason::Setup(m) => Reason::Setup(setup.redact(&m)),
            other => other,
        }
    }
}

fn delivery(message: impl Into<String>) -> Reason {
    Reason::Delivery(message.into())
}

fn setup_err(message: impl Into<String>) -> Reason {
    Reason::Setup(message.into())
}

/// Reads the Alert's Provider and its Secrets, builds the requests and sends them. The error
/// names the Provider and never carries a secret value.
async fn send_for_alert(ctx: &Context, alert: &Alert, event: &Event) -> Result<(), Error> {
    let ns = alert.namespace().unwrap_or_default();
    let pname = &alert.spec.provider_ref.name;
    let papi: Api<Provider> = Api::namespaced(ctx.client.clone(), &ns);
    let provider = match papi.get_opt(pname).await {
        Ok(Some(p)) => p,
        Ok(None) => return Err(Error::ProviderNotFound(format!("{ns}/{pname}"))),
        Err(e) => {
            return Err(Error::ReadProvider {
                provider: format!("{ns}/{pname}"),
                message: crate::cluster::api_message(&e),
            })
        }
    };
    if provider.spec.suspend {
        return Ok(());
    }
    let failed = |detail: String, reason: Reason| Error::Provider {
        provider: format!("{ns}/{pname}"),
        detail,
        reason,
    };
    let setup = ProviderSetup::read(ctx, &provider, alert, event)
        .await
        .map_err(|r| failed(String::new(), r))?;
    deliver(&setup, event)
        .await
        .map_err(|(detail, r)| failed(detail, r.redacted(&setup)))
}

/// Sends the event the way the Provider's type needs: NATS, Pub/Sub, a change request
/// comment, or HTTP requests (commit statuses already posted are not posted again). Errors
/// carry ` (<type>)` for comment providers.
async fn deliver(setup: &ProviderSetup, event: &Event) -> Result<(), (String, Reason)> {
    let plain = |r: Reason| (String::new(), r);
    if setup.target.kind == Some(crate::api::notification::ProviderType::Nats) {
        let Some(msg) =
            providers::nats_publish(&setup.target, event).map_err(|e| plain(e.into()))?
        else {
            return Ok(());
        };
        return super::nats::publish(&msg, setup.timeout)
            .await
            .map_err(|e| plain(delivery(e.to_string())));
    }
    if setup.target.kind == Some(crate::api::notification::ProviderType::Googlepubsub) {
        let Some(msg) =
            providers::pubsub_publish(&setup.target, event).map_err(|e| plain(e.into()))?
        else {
            return Ok(());
        };
        let client = setup.client().map_err(plain)?;
        return pubsub(&client, &msg).await.map_err(plain);
    }
    if let Some(kind) = setup
        .target
        .kind
        .filter(|k| providers::is_change_request_comment(*k))
    {
        let Some(c) =
            providers::change_request_comment(&setup.target, event).map_err(|e| plain(e.into()))?
        else {
            return Ok(());
        };
        let client = setup.client().map_err(plain)?;
        return change_request_comment(&client, &c)
            .await
            .map_err(|r| (format!(" ({})", providers::type_name(kind)), r));
    }
    let requests = providers::requests(&setup.target, event).map_err(|e| plain(e.into()))?;
    if requests.is_empty() {
        return Ok(());
    }
    if setup.target.address.is_empty()
        && !matches!(
            setup.target.kind,
            Some(crate::api::notification::ProviderType::Telegram)
        )
    {
        return Err(plain(Reason::NoAddress));
    }
    let client = setup.client().map_err(plain)?;
    for r in requests {
        if let Some(kind) = setup
            .target
            .kind
            .filter(|k| providers::is_commit_status(*k))
        {
            if unchanged_status(&client, kind, &r).await {
                continue;
            }
        }
        send(&client, &r).await.map_err(plain)?;
    }
    Ok(())
}

/// GETs a JSON document.
async fn get_json(
    client: &reqwest::Client,
    r: &Request,
    what: &str,
) -> Result<serde_json::Value, Reason> {
    let mut req = client.get(&r.url);
    // A GET has no body: a Content-Type carried over from the request it looks up is dropped.
    for (k, v) in r.headers.iter().filter(|(k, _)| k != "Content-Type") {
        req = req.header(k, v);
    }
    let resp = req
        .send()
        .await
        .map_err(|e| delivery(format!("failed to {what}: {}", e.without_url())))?;
    let status = resp.status();
    let body = resp.bytes().await.unwrap_or_default();
    if !status.is_success() {
        return Err(delivery(format!(
            "failed to {what}: status {}: {}",
            status.as_u16(),
            String::from_utf8_lossy(&body)
                .chars()
                .take(200)
                .collect::<String>()
        )));
    }
    serde_json::from_slice(&body).map_err(|e| delivery(format!("failed to {what}: {e}")))
}

/// Comments on a pull/merge request: edits this object's earlier comment by the same user, or
/// adds one.
async fn change_request_comment(
    client: &reqwest::Client,
    c: &providers::ChangeRequestComment,
) -> Result<(), Reason> {
    let user = get_json(client, &c.whoami, "get authenticated user info").await?;
    let me = c
        .login(&user)
        .ok_or_else(|| delivery("failed to get authenticated user info: no login in the answer"))?;
    let comments = get_json(client, &c.list, "list comments").await?;
    match c.existing(&comments, &me) {
        Some(id) => send(client, &c.update(id)).await,
        None => send(client, &c.create).await,
    }
}

/// Whether the commit already carries this status (a failed lookup counts as "no": the status
/// is posted).
async fn unchanged_status(
    client: &reqwest::Client,
    kind: crate::api::notification::ProviderType,
    post: &Request,
) -> bool {
    let Some(get) = providers::status_lookup(kind, post) else {
        return false;
    };
    get_json(client, &get, "look up commit statuses")
        .await
        .is_ok_and(|existing| providers::duplicate_status(kind, post, &existing))
}

/// A Provider with its Secrets read.
struct ProviderSetup {
    target: Target,
    ca: Option<Vec<u8>>,
    identity: Option<Vec<u8>>,
    proxy: Option<(String, Option<(String, String)>)>,
    timeout: Duration,
    secrets: Vec<String>,
}

fn text(data: &BTreeMap<String, Vec<u8>>, key: &str) -> Option<String> {
    data.get(key).map(|v| {
        String::from_utf8_lossy(v)
            .trim_end_matches('\n')
            .to_string()
    })
}

impl ProviderSetup {
    async fn read(
        ctx: &Context,
        p: &Provider,
        alert: &Alert,
        event: &Event,
    ) -> Result<ProviderSetup, Reason> {
        let ns = p.namespace().unwrap_or_default();
        let mut t = Target {
            kind: Some(p.spec.type_),
            address: p.spec.address.clone().unwrap_or_default(),
            channel: p.spec.channel.clone(),
            username: p.spec.username.clone(),
            provider_uid: p.metadata.uid.clone().unwrap_or_default(),
            ..Default::default()
        };
        let mut secrets = vec![];
        if let Some(sref) = &p.spec.secret_ref {
            let data = ctx.secret_data(&ns, &sref.name).await.map_err(setup_err)?;
            if let Some(a) = text(&data, "address") {
                t.address = a.trim().to_string();
            }
            if let Some(u) = text(&data, "username") {
                t.username = Some(u);
            }
            t.password = text(&data, "password");
            t.token = text(&data, "token");
            if let Some(h) = text(&data, "headers") {
                t.headers =
                    serde_saphyr::from_str::<BTreeMap<String, String>>(&h).map_err(|e| {
                        setup_err(format!(
                            "Secret '{ns}/{}': key 'headers' is not a YAML map of strings: {e}",
                            sref.name
                        ))
                    })?;
            }
            for v in [&t.password, &t.token].into_iter().flatten() {
                secrets.push(v.clone());
            }
            if data.contains_key("address") {
                secrets.push(t.address.clone());
            }
            secrets.extend(t.headers.values().cloned());
        }
        if providers::is_commit_status(p.spec.type_) {
            t.commit_status = match &p.spec.commit_status_expr {
                Some(expr) => commit_status_from_expr(expr, p, alert, event)?,
                None => {
                    providers::default_commit_status(event, p.uid().as_deref().unwrap_or_default())
                }
            };
        }
        let (mut ca, mut identity) = (None, None);
        if let Some(cref) = &p.spec.cert_secret_ref {
            let data = ctx.secret_data(&ns, &cref.name).await.map_err(setup_err)?;
            ca = data.get("ca.crt").or_else(|| data.get("caFile")).cloned();
            if let (Some(c), Some(k)) = (data.get("tls.crt"), data.get("tls.key")) {
                let mut pem = c.clone();
                pem.push(b'\n');
                pem.extend_from_slice(k);
                identity = Some(pem);
            }
            if ca.is_none() && identity.is_none() {
                return Err(setup_err(format!(
                    "Secret '{ns}/{}' has neither 'ca.crt' nor 'tls.crt'/'tls.key'",
                    cref.name
                )));
            }
        }
        let mut proxy = p
            .spec
            .proxy
            .clone()
            .filter(|s| !s.is_empty())
            .map(|a| (a, None));
        if let Some(pref) = &p.spec.proxy_secret_ref {
            let data = ctx.secret_data(&ns, &pref.name).await.map_err(setup_err)?;
            let addr = text(&data, "address").ok_or_else(|| {
                setup_err(format!("Secret '{ns}/{}' has no 'address' key", pref.name))
            })?;
            let auth = match (text(&data, "username"), text(&data, "password")) {
                (Some(u), Some(pw)) => {
                    secrets.push(pw.clone());
                    Some((u, pw))
                }
                _ => None,
            };
            proxy = Some((addr, auth));
        }
        Ok(ProviderSetup {
            target: t,
            ca,
            identity,
            proxy,
            timeout: p
                .spec
                .timeout
                .as_ref()
                .map(|d| d.std())
                .unwrap_or(Duration::from_secs(15)),
            secrets,
        })
    }

    fn client(&self) -> Result<reqwest::Client, Reason> {
        let mut b = reqwest::Client::builder()
            .timeout(self.timeout)
            .user_agent(format!(
                "flux-notification-controller/{}",
                crate::version::version()
            ));
        if let Some(ca) = &self.ca {
            for cert in reqwest::Certificate::from_pem_bundle(ca)
                .map_err(|e| setup_err(format!("invalid CA bundle: {e}")))?
            {
                b = b.add_root_certificate(cert);
            }
        }
        if let Some(pem) = &self.identity {
            b = b.identity(
                reqwest::Identity::from_pem(pem)
                    .map_err(|e| setup_err(format!("invalid client certificate: {e}")))?,
            );
        }
        match &self.proxy {
            Some((addr, auth)) => {
                let mut px = reqwest::Proxy::all(addr)
                    .map_err(|e| setup_err(format!("invalid proxy address: {e}")))?;
                if let Some((u, p)) = auth {
                    px = px.basic_auth(u, p);
                }
                b = b.proxy(px);
            }
            None => b = b.no_proxy(),
        }
        b.build().map_err(|e| setup_err(e.to_string()))
    }

    /// Replaces every secret value in a message with `*****`.
    fn redact(&self, msg: &str) -> String {
        let mut out = msg.to_string();
        for s in self.secrets.iter().filter(|s| s.len() >= 3) {
            out = out.replace(s.as_str(), "*****");
        }
        out
    }
}

/// Evaluates `commitStatusExpr` with `event`, `provider` and `alert` bound.
fn commit_status_from_expr(
    expr: &str,
    p: &Provider,
    alert: &Alert,
    event: &Event,
) -> Result<String, Reason> {
    let compiled = crate::health::cel::compile(expr)
        .map_err(|e| setup_err(format!("commitStatusExpr: {e}")))?;
    let ev = serde_json::to_value(event).unwrap_or_default();
    let pv = serde_json::to_value(p).unwrap_or_default();
    let av = serde_json::to_value(alert).unwrap_or_default();
    compiled
        .eval_string(&[("event", &ev), ("provider", &pv), ("alert", &av)])
        .map_err(|e| setup_err(format!("commitStatusExpr: {e}")))
}

/// Publishes to Google Pub/Sub over its REST API: an access token from the service account
/// key (JWT bearer grant at its `token_uri`) or, without one, from the metadata server
/// (`GCE_METADATA_HOST` overrides its address, as in Google's libraries); with
/// `PUBSUB_EMULATOR_HOST` set, to the emulator without credentials.
async fn pubsub(client: &reqwest::Client, msg: &providers::PubSubPublish) -> Result<(), Reason> {
    let emulator = std::env::var("PUBSUB_EMULATOR_HOST")
        .ok()
        .filter(|h| !h.is_empty());
    let mut r = Request {
        method: Method::Post,
        url: String::new(),
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: msg.body.clone(),
    };
    if let Some(host) = emulator {
        r.url = msg.url(&format!("http://{host}"));
    } else {
        let token = gcp_token(client, msg.credentials.as_ref()).await?;
        r.url = msg.url("https://pubsub.googleapis.com");
        r.headers
            .push(("Authorization".into(), format!("Bearer {token}")));
    }
    send(client, &r).await.map_err(|e| {
        delivery(format!(
            "error publishing to GCP Pub/Sub topic projects/{}/topics/{}: {e}",
            msg.project, msg.topic
        ))
    })
}

/// An OAuth access token for Pub/Sub.
async fn gcp_token(
    client: &reqwest::Client,
    sa: Option<&providers::ServiceAccount>,
) -> Result<String, Reason> {
    let resp = match sa {
        Some(sa) => {
            let now = chrono::Utc::now().timestamp();
            let jwt = sa.assertion(providers::PUBSUB_SCOPE, now)?;
            client
                .post(&sa.token_uri)
                .form(&[
                    ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
                    ("assertion", jwt.as_str()),
                ])
                .send()
                .await
        }
        None => {
            let host = std::env::var("GCE_METADATA_HOST")
                .ok()
                .filter(|h| !h.is_empty())
                .unwrap_or_else(|| String::from("metadata.google.internal"));
            client
                .get(format!(
                    "http://{host}/computeMetadata/v1/instance/service-accounts/default/token?scopes={}",
                    providers::PUBSUB_SCOPE
                ))
                .header("Metadata-Flavor", "Google")
                .send()
                .await
        }
    };
    let source = match sa {
        Some(sa) => format!("token endpoint {}", redact_url(&sa.token_uri)),
        None => String::from("the metadata server (workload identity)"),
    };
    let resp = resp.map_err(|e| {
        delivery(format!(
            "getting an access token from {source}: {}",
            e.without_url()
        ))
    })?;
    let status = resp.status();
    let bytes = resp.bytes().await.unwrap_or_default();
    let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
    match body["access_token"].as_str() {
        Some(t) if status.is_success() && !t.is_empty() => Ok(t.to_string()),
        _ => Err(delivery(format!(
            "getting an access token from {source}: status {}{}",
            status.as_u16(),
            body["error_description"]
                .as_str()
                .or(body["error"].as_str())
                .map(|e| format!(": {e}"))
                .unwrap_or_default()
        ))),
    }
}

/// Sends one request: up to 4 attempts (1s, 2s, 4s apart) on connection errors, 429 and 5xx.
async fn send(client: &reqwest::Client, r: &Request) -> Result<(), Reason> {
    let mut last = String::new();
    for attempt in 0..4u32 {
        if attempt > 0 {
            tokio::time::sleep(Duration::from_secs(1 << (attempt - 1))).await;
        }
        let mut req = match r.method {
            Method::Post => client.post(&r.url),
            Method::Put => client.put(&r.url),
            Method::Get => client.get(&r.url),
            Method::Patch => client.patch(&r.url),
        };
        for (k, v) in &r.headers {
            req = req.header(k, v);
        }
        match req.body(r.body.clone()).send().await {
            Ok(resp) if resp.status().is_success() => return Ok(()),
            Ok(resp) => {
                let code = resp.status();
                let body: String = resp
                    .text()
                    .await
                    .unwrap_or_default()
                    .chars()
                    .take(200)
                    .collect();
                last = format!(
                    "request failed with status {}: {}",
                    code.as_u16(),
                    body.trim()
                );
                if code.is_client_error() && code != reqwest::StatusCode::TOO_MANY_REQUESTS {
                    break;
                }
            }
            Err(e) => {
                // reqwest's message carries the URL; strip it (it may hold a token).
                last = format!("request failed: {}", e.without_url());
            }
        }
    }
    Err(delivery(format!(
        "posting to {}: {last}",
        redact_url(&r.url)
    )))
}

/// The URL with its path dropped (webhook URLs carry their secret in the path).
fn redact_url(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let host = rest.split(['/', '?']).next().unwrap_or_default();
            let host = host.rsplit('@').next().unwrap_or(host);
            format!("{scheme}://{host}")
        }
        None => String::from("<invalid URL>"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_in_errors_lose_path_and_credentials() {
        assert_eq!(
            redact_url("https://user:pw@hooks.slack.com/services/T0/B0/secret"),
            "https://hooks.slack.com"
        );
        assert_eq!(redact_url("nonsense"), "<invalid URL>");
    }

    #[test]
    fn every_flux_kind_has_a_resource() {
        for k in [
            "Bucket",
            "GitRepository",
            "HelmChart",
            "HelmRepository",
            "OCIRepository",
            "ExternalArtifact",
            "Kustomization",
            "HelmRelease",
            "ImageRepository",
            "ImagePolicy",
            "ImageUpdateAutomation",
            "ArtifactGenerator",
        ] {
            assert!(kind_resource(k, None).is_some(), "{k}");
        }
        let ar = kind_resource("HelmRelease", Some("helm.toolkit.fluxcd.io/v2beta2")).unwrap();
        assert_eq!(ar.version, "v2beta2");
        assert!(kind_resource("Deployment", None).is_none());
    }
}
