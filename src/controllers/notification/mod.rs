//! notification-controller: the event server (`--events-addr`, Flux payloads in, Alerts
//! matched, Providers called), the webhook receiver server (`--receiverAddr`, `/hook/<sha256>`
//! → `reconcile.fluxcd.io/requestedAt` on the selected resources) and the Receiver reconciler
//! (token → `status.webhookPath`, Ready).
//!
//! Alerts and Providers (`v1beta3`) are static: they are read when an event arrives, never
//! reconciled. Payload building and webhook verification live in `notify` (pure); this module
//! does the I/O.

pub mod dispatch;
pub mod hooks;
pub mod nats;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use k8s_openapi::api::core::v1::Secret;
use kube::api::{Api, Patch, PatchParams};
use kube::runtime::controller::Action;
use kube::runtime::{watcher, Controller};
use kube::{Resource, ResourceExt};

use crate::api::meta::{condition, reason};
use crate::api::notification::{Receiver, ReceiverStatus};
use crate::notify::{receivers, DuplicateLimiter};
use crate::runtime::metrics::Metrics;
use crate::runtime::{conditions, Backoff, Events, RuntimeOptions};

/// The controller name in events and field managers.
pub const CONTROLLER: &str = "notification-controller";

/// Errors of the Receiver reconciler.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The token Secret is missing or has no `token` key; the user must fix it.
    #[error("{0}")]
    Token(String),
    /// API errors (retried).
    #[error(transparent)]
    Kube(#[from] kube::Error),
}

/// Settings of the notification servers (Flux's flags).
#[derive(Clone, Debug)]
pub struct ServerOptions {
    /// Duplicate-event window (`--rate-limit-interval`, 5m).
    pub rate_limit_interval: Duration,
    /// Label handlers with the request path (`--export-http-path-metrics`).
    pub export_http_path_metrics: bool,
}

/// What the servers and the reconciler share.
pub struct Context {
    /// Kubernetes client.
    pub client: kube::Client,
    /// Runtime settings.
    pub runtime: RuntimeOptions,
    /// Server settings.
    pub server: ServerOptions,
    /// Metrics.
    pub metrics: Metrics,
    /// Kubernetes Events (never Flux payloads: this is the receiver of those).
    pub events: Events,
    /// Drops duplicate events.
    pub limiter: DuplicateLimiter,
    /// Refuses replayed webhook deliveries.
    pub replays: receivers::ReplayGuard,
    /// Retry backoff per Receiver.
    pub backoff: Backoff,
}

impl Context {
    /// Builds the context.
    pub fn new(
        client: kube::Client,
        runtime: RuntimeOptions,
        server: ServerOptions,
        metrics: Metrics,
    ) -> Arc<Self> {
        let events = Events::new(client.clone(), CONTROLLER, &runtime.instance, None);
        Arc::new(Context {
            limiter: DuplicateLimiter::new(server.rate_limit_interval),
            replays: receivers::ReplayGuard::new(Duration::from_secs(3600)),
            client,
            runtime,
            server,
            metrics,
            events,
            backoff: Backoff::default(),
        })
    }

    /// An API for a namespaced kind over the watched namespaces.
    pub fn watched<K>(&self) -> Api<K>
    where
        K: Resource<Scope = k8s_openapi::NamespaceResourceScope, DynamicType = ()>
            + Clone
            + serde::de::DeserializeOwned
            + std::fmt::Debug,
    {
        if self.runtime.watch_all_namespaces {
            Api::all(self.client.clone())
        } else {
            Api::namespaced(self.client.clone(), &self.runtime.runtime_namespace)
        }
    }

    /// Reads one key of a Secret in `namespace`; errors name the Secret and key.
    pub async fn secret_data(
        &self,
        namespace: &str,
        name: &str,
    ) -> Result<BTreeMap<String, Vec<u8>>, String> {
        let api: Api<Secret> = Api::namespaced(self.client.clone(), namespace);
        match api.get_opt(name).await {
            Ok(Some(s)) => Ok(s
                .data
                .unwrap_or_default()
                .into_iter()
                .map(|(k, v)| (k, v.0))
                .collect()),
            Ok(None) => Err(format!("Secret '{namespace}/{name}' not found")),
            Err(e) => Err(format!("reading Secret '{namespace}/{name}': {e}")),
        }
    }
}

/// Runs the Receiver reconciler until shutdown.
pub async fn run(ctx: Arc<Context>) {
    let api: Api<Receiver> = ctx.watched();
    let mut wc = watcher::Config::default();
    if let Some(sel) = &ctx.runtime.watch_label_selector {
        wc = wc.labels(sel);
    }
    Controller::new(api, wc)
        .with_config(
            kube::runtime::controller::Config::default().concurrency(ctx.runtime.concurrent),
        )
        .shutdown_on_signal()
        .run(reconcile, error_policy, ctx)
        .for_each(|res| async move {
            if let Err(e) = res {
                tracing::debug!(error = %e, "receiver reconcile loop");
            }
        })
        .await;
}

fn key(r: &Receiver) -> String {
    format!("{}/{}", r.namespace().unwrap_or_default(), r.name_any())
}

fn error_policy(obj: Arc<Receiver>, _err: &Error, ctx: Arc<Context>) -> Action {
    Action::requeue(ctx.backoff.failure(
        &key(&obj),
        ctx.runtime.min_retry_delay,
        ctx.runtime.max_retry_delay,
    ))
}

/// The Receiver's token (`token` key of `spec.secretRef`).
pub async fn receiver_token(r: &Receiver, ctx: &Context) -> Result<String, String> {
    let ns = r.namespace().unwrap_or_default();
    let Some(sref) = &r.spec.secret_ref else {
        return Err(String::from("spec.secretRef is required"));
    };
    let data = ctx.secret_data(&ns, &sref.name).await?;
    let token = data
        .get("token")
        .ok_or_else(|| format!("Secret '{ns}/{}' has no 'token' key", sref.name))?;
    String::from_utf8(token.clone())
        .map(|t| t.trim_end_matches('\n').to_string())
        .map_err(|_| format!("Secret '{ns}/{}': 'token' is not UTF-8", sref.name))
}

/// Reconciles one Receiver: reads the token, sets `status.webhookPath` and Ready. Sets Ready
/// (and Stalled-free; Receivers never stall).
pub async fn reconcile(obj: Arc<Receiver>, ctx: Arc<Context>) -> Result<Action, Error> {
    if obj.spec.suspend {
        return Ok(Action::await_change());
    }
    let started = std::time::Instant::now();
    let generation = obj.metadata.generation;
    let mut status = obj.status.clone().unwrap_or_default();
    status.observed_generation = generation;
    if let Some(at) = obj
        .annotations()
        .get(crate::api::meta::annotation::RECONCILE_REQUESTED_AT)
    {
        status.last_handled_reconcile_at = Some(at.clone());
    }
    let checked = match obj.spec.type_ {
        crate::api::notification::ReceiverType::GenericOidc => {
            crate::notify::oidc::validate_spec(&obj.spec.oidc_providers)
                .map_err(|e| ("ValidationFailed", e.to_string()))
        }
        _ => Ok(()),
    };
    let token = match checked {
        Ok(()) => receiver_token(&obj, &ctx)
            .await
            .map_err(|m| ("TokenNotFound", m)),
        Err(e) => Err(e),
    };
    let outcome = match token {
        Ok(token) => {
            let path = receivers::webhook_path(
                &token,
                &obj.name_any(),
                &obj.namespace().unwrap_or_default(),
            );
            let msg = format!("Receiver initialized for path: {path}");
            let changed = status.webhook_path.as_deref() != Some(path.as_str());
            status.webhook_path = Some(path);
            conditions::set(
                &mut status.conditions,
                condition::READY,
                true,
                reason::SUCCEEDED,
                &msg,
                generation,
            );
            if changed {
                ctx.events
                    .publish(obj.as_ref(), false, reason::SUCCEEDED, &msg)
                    .await;
            }
            Ok(())
        }
        Err((why, msg)) => {
            conditions::set(
                &mut status.conditions,
                condition::READY,
                false,
                why,
                &msg,
                generation,
            );
            ctx.events.publish(obj.as_ref(), true, why, &msg).await;
            Err(msg)
        }
    };
    conditions::remove(&mut status.conditions, condition::RECONCILING);
    patch_status(&obj, &ctx, &status).await?;
    ctx.metrics.record(
        "receiver",
        "Receiver",
        &obj.namespace().unwrap_or_default(),
        &obj.name_any(),
        started.elapsed().as_secs_f64(),
        outcome.is_ok(),
    );
    match outcome {
        Ok(()) => {
            ctx.backoff.success(&key(&obj));
            let every = obj
                .spec
                .interval
                .as_ref()
                .map(|d| d.std())
                .unwrap_or(Duration::from_secs(600));
            Ok(Action::requeue(crate::runtime::jitter(
                every,
                ctx.runtime.interval_jitter_percentage,
            )))
        }
        Err(msg) => Err(Error::Token(msg)),
    }
}

async fn patch_status(
    obj: &Receiver,
    ctx: &Context,
    status: &ReceiverStatus,
) -> Result<(), kube::Error> {
    if obj.status.as_ref() == Some(status) {
        return Ok(());
    }
    let api: Api<Receiver> =
        Api::namespaced(ctx.client.clone(), &obj.namespace().unwrap_or_default());
    let patch = serde_json::json!({"status": status});
    api.patch_status(
        &obj.name_any(),
        &PatchParams::default(),
        &Patch::Merge(&patch),
    )
    .await
    .map(|_| ())
}
