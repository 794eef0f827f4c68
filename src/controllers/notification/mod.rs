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
pub mod server;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use k8s_openapi::api::core::v1::Secret;
use kube::api::Api;
use kube::runtime::reflector::Store;
use kube::{Resource, ResourceExt};

use crate::api::meta::reason;
use crate::api::notification::{Receiver, ReceiverStatus};
use crate::notify::{receivers, DuplicateLimiter};
use crate::runtime::http::Bodies;
use crate::runtime::metrics::Metrics;
use crate::runtime::reconciler::{Event, Failure, Reconciler, Success};
use crate::runtime::{Events, RuntimeOptions};

/// The controller name in events and field managers.
pub const CONTROLLER: &str = "notification-controller";

/// Bodies each server reads at once: with `server::MAX_BODY`, about 100 MiB at most held
/// for bodies per server whatever the number of clients (the installed pod's limit is 1 GiB).
const BODY_SLOTS: usize = 32;

/// Time a client has to send a whole event or webhook body (Flux's servers give a request
/// 30 s, `readTimeout`).
const BODY_DEADLINE: Duration = Duration::from_secs(30);

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
    /// The watch cache of Receivers the webhook server finds a request's Receiver in (as
    /// Flux's receiver server reads its manager's cache): a request never costs a LIST.
    pub receivers: Store<Receiver>,
    /// Webhook bodies being read (bounded, see `runtime::http`).
    pub hook_bodies: Bodies,
    /// Event bodies being read.
    pub event_bodies: Bodies,
}

impl Context {
    /// Builds the context.
    pub fn new(
        client: kube::Client,
        runtime: RuntimeOptions,
        server: ServerOptions,
        metrics: Metrics,
        receivers: Store<Receiver>,
    ) -> Arc<Self> {
        let events = Events::new(client.clone(), CONTROLLER, &runtime.instance, None);
        Arc::new(Context {
            limiter: DuplicateLimiter::new(server.rate_limit_interval),
            replays: receivers::ReplayGuard::new(Duration::from_secs(3600)),
            receivers,
            hook_bodies: Bodies::new(BODY_SLOTS, server::MAX_BODY, BODY_DEADLINE),
            event_bodies: Bodies::new(BODY_SLOTS, server::MAX_BODY, BODY_DEADLINE),
            client,
            runtime,
            server,
            metrics,
            events,
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

/// The Receiver's token (`token` key of `spec.secretRef`).
pub async fn receiver_token(r: &Receiver, ctx: &Context) -> Result<String, String> {
    let ns = r.namespace().unwrap_or_default();
    // generic-oidc receivers have no Secret: as in Flux, their path comes from the name and
    // namespace alone (an empty token).
    let Some(sref) = &r.spec.secret_ref else {
        return Ok(String::new());
    };
    let data = ctx.secret_data(&ns, &sref.name).await?;
    let token = data
        .get("token")
        .ok_or_else(|| format!("Secret '{ns}/{}' has no 'token' key", sref.name))?;
    String::from_utf8(token.clone())
        .map(|t| t.trim_end_matches('\n').to_string())
        .map_err(|_| format!("Secret '{ns}/{}': 'token' is not UTF-8", sref.name))
}

/// Flux's prefix for a Receiver that cannot work until its spec changes.
const TERMINAL: &str = "Reconciliation failed terminally due to configuration error";

/// The spec checks Flux's receiver reconciler makes before anything else, each a terminal
/// (stalled) failure: the CEL filters compile, and the generic-oidc invariants the CRD
/// encodes hold (for API servers that skip CRD validation rules).
fn validate_receiver(obj: &Receiver) -> Result<(), Failure> {
    use crate::api::notification::ReceiverType;
    let terminal = |reason: &str, e: String| Failure::stalled(reason, format!("{TERMINAL}: {e}"));
    if let Some(f) = obj
        .spec
        .resource_filter
        .as_deref()
        .filter(|f| !f.is_empty())
    {
        crate::health::cel::compile(f).map_err(|e| {
            terminal(
                "InvalidCELExpression",
                format!("invalid resourceFilter expression: {e}"),
            )
        })?;
    }
    for (i, res) in obj.spec.resources.iter().enumerate() {
        if let Some(f) = res.filter.as_deref().filter(|f| !f.is_empty()) {
            crate::health::cel::compile(f).map_err(|e| {
                let kind = serde_json::to_value(res.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                terminal(
                    "InvalidCELExpression",
                    format!(
                        "invalid filter expression for resources[{i}] (kind={kind:?}, name={:?}): {e}",
                        res.name
                    ),
                )
            })?;
        }
    }
    let oidc = obj.spec.type_ == ReceiverType::GenericOidc;
    let invariant = if oidc && obj.spec.oidc_providers.is_empty() {
        Some("generic-oidc receiver requires at least one oidcProvider")
    } else if !oidc && !obj.spec.oidc_providers.is_empty() {
        Some("oidcProviders can only be set when type is generic-oidc")
    } else if oidc && obj.spec.secret_ref.is_some() {
        Some("secretRef cannot be set when type is generic-oidc")
    } else if !oidc && obj.spec.secret_ref.is_none() {
        Some("secretRef is required when type is not generic-oidc")
    } else {
        None
    };
    if let Some(m) = invariant {
        return Err(terminal("ValidationFailed", m.to_string()));
    }
    if oidc {
        crate::notify::oidc::validate_spec(&obj.spec.oidc_providers)
            .map_err(|e| terminal("ValidationFailed", e.to_string()))?;
    }
    Ok(())
}

/// The Receiver reconciler on the shared runtime.
pub struct ReceiverReconciler {
    ctx: Arc<Context>,
}

impl ReceiverReconciler {
    /// A reconciler reading tokens through `ctx`.
    pub fn new(ctx: Arc<Context>) -> Self {
        ReceiverReconciler { ctx }
    }
}

impl Reconciler for ReceiverReconciler {
    type Object = Receiver;
    const CONTROLLER: &'static str = CONTROLLER;
    const NAME: &'static str = "receiver";
    /// The notification-controller records Kubernetes Events only; it does not post Flux
    /// event payloads to itself.
    const POSTS_EVENTS: bool = false;

    /// Checks the spec (generic-oidc providers), reads the token and sets
    /// `status.webhookPath`; an event is recorded when the path changes. Without a usable
    /// token the path is cleared (`TokenNotFound`, retried with backoff).
    async fn reconcile(
        &self,
        obj: &Receiver,
        status: &mut ReceiverStatus,
    ) -> Result<Success, Failure> {
        let checked = validate_receiver(obj);
        let token = match checked {
            Ok(()) => receiver_token(obj, &self.ctx)
                .await
                .map_err(|m| Failure::retry("TokenNotFound", m)),
            Err(e) => Err(e),
        };
        let token = match token {
            Ok(t) => t,
            Err(f) => {
                status.webhook_path = None;
                return Err(f);
            }
        };
        let path = receivers::webhook_path(
            &token,
            &obj.name_any(),
            &obj.namespace().unwrap_or_default(),
        );
        let msg = format!("Receiver initialized for path: {path}");
        let changed = status.webhook_path.as_deref() != Some(path.as_str());
        status.webhook_path = Some(path);
        let events = if changed {
            vec![Event::normal(reason::SUCCEEDED, msg.clone())]
        } else {
            vec![]
        };
        Ok(Success {
            reason: reason::SUCCEEDED,
            message: msg,
            events,
        })
    }

    /// Nothing is kept for a Receiver outside its object.
    async fn cleanup(&self, _obj: &Receiver) -> Result<(), Failure> {
        Ok(())
    }
}
