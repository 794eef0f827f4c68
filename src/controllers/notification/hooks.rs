//! The webhook receiver server: `POST /hook/<sha256>` finds the Receiver whose
//! `status.webhookPath` it is, verifies the request for the Receiver's type (401 for a bad
//! signature or token, 400 for an unwanted event or payload, 409 for a replayed delivery),
//! and sets `reconcile.fluxcd.io/requestedAt` on every selected resource (by name, or `*`
//! with `matchLabels`, then `resourceFilter`). Also the HTTP metrics middleware both servers use.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use kube::api::{Api, DynamicObject, ListParams, Patch, PatchParams};
use kube::ResourceExt;

use super::server::{http_metrics, kind_name, kind_resource};
use super::Context;
use crate::api::meta::annotation::RECONCILE_REQUESTED_AT;
use crate::api::notification::{Receiver, ReceiverType};
use crate::notify::receivers::{self, Verdict};

/// How long a request waits for the Receivers' cache to fill at start.
const CACHE_WAIT: Duration = Duration::from_secs(10);

/// The receiver server's routes.
pub fn router(ctx: Arc<Context>) -> axum::Router {
    axum::Router::new()
        .route("/hook/{digest}", axum::routing::post(handle_hook))
        .layer(axum::middleware::from_fn_with_state(
            (ctx.clone(), "receiver"),
            http_metrics,
        ))
        .with_state(ctx)
}

async fn handle_hook(
    State(ctx): State<Arc<Context>>,
    Path(digest): Path<String>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Response {
    // The Receiver comes from the watch cache, before any of the body is read: a request for
    // a path no Receiver has costs neither an API request nor memory.
    let path = format!("/hook/{digest}");
    if tokio::time::timeout(CACHE_WAIT, ctx.receivers.wait_until_ready())
        .await
        .is_err()
    {
        return (StatusCode::SERVICE_UNAVAILABLE, "receivers not loaded yet").into_response();
    }
    let receiver = ctx
        .receivers
        .find(|r| r.status.as_ref().and_then(|s| s.webhook_path.as_deref()) == Some(&path));
    let Some(receiver) = receiver else {
        return (StatusCode::NOT_FOUND, "no receiver for this path").into_response();
    };
    let id = format!(
        "{}/{}",
        receiver.namespace().unwrap_or_default(),
        receiver.name_any()
    );
    if receiver.spec.suspend {
        tracing::info!(receiver = %id, "receiver is suspended, ignoring request");
        return (StatusCode::SERVICE_UNAVAILABLE, "receiver is suspended").into_response();
    }
    let body = match ctx.hook_bodies.read(body).await {
        Ok(b) => b,
        Err(e) => {
            tracing::warn!(receiver = %id, error = %e, "rejecting webhook");
            return (e.status(), e.to_string()).into_response();
        }
    };
    let token = match super::receiver_token(&receiver, &ctx).await {
        Ok(t) => t,
        Err(e) => {
            tracing::error!(receiver = %id, error = %e, "receiver token unavailable");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                "receiver token unavailable",
            )
                .into_response();
        }
    };
    let lower: receivers::Headers = headers
        .iter()
        .filter_map(|(k, v)| {
            Some((
                k.as_str().to_ascii_lowercase(),
                v.to_str().ok()?.to_string(),
            ))
        })
        .collect();
    let mut claims = serde_json::Value::Null;
    let verdict = if receiver.spec.type_ == ReceiverType::GenericOidc {
        oidc_claims(&receiver, &lower).await.map(|c| {
            let who = c
                .get("sub")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            claims = serde_json::Value::Object(c);
            Verdict::Trigger(format!("OIDC token of {who:?}"))
        })
    } else {
        receivers::verify(
            receiver.spec.type_,
            &token,
            &receiver.spec.events,
            &lower,
            &body,
        )
    };
    let what = match verdict {
        Ok(Verdict::Pong) => return (StatusCode::OK, "pong").into_response(),
        Ok(Verdict::Trigger(what)) => what,
        Err(e) => {
            tracing::warn!(receiver = %id, error = %e, "rejecting webhook");
            let code = match e {
                receivers::Error::Unauthorized(_) => StatusCode::UNAUTHORIZED,
                receivers::Error::BadRequest(_) => StatusCode::BAD_REQUEST,
                receivers::Error::Unsupported(..) => StatusCode::NOT_IMPLEMENTED,
            };
            return (code, e.to_string()).into_response();
        }
    };
    if let Some(delivery) = receivers::delivery_id(&lower) {
        if !ctx.replays.first_time(&id, &delivery, Instant::now()) {
            tracing::warn!(receiver = %id, delivery = %delivery, "replayed delivery ignored");
            return (StatusCode::CONFLICT, "delivery already handled").into_response();
        }
    }
    tracing::info!(receiver = %id, event = %what, "handling webhook");
    match annotate_resources(&ctx, &receiver, &body, &claims).await {
        Ok(n) => {
            tracing::info!(receiver = %id, resources = n, "resources annotated");
            (StatusCode::OK, format!("{n} resources annotated")).into_response()
        }
        Err(e) => {
            tracing::error!(receiver = %id, error = %e, "annotating resources failed");
            ctx.events
                .publish(&*receiver, true, "ReconciliationFailed", &e)
                .await;
            (StatusCode::INTERNAL_SERVER_ERROR, e).into_response()
        }
    }
}

/// Verifies a `generic-oidc` request: the bearer token's issuer must be one of the Receiver's
/// `oidcProviders`; its keys come from the issuer's discovery document; then the provider's CEL
/// validations must hold. Returns the verified claims.
async fn oidc_claims(
    r: &Receiver,
    headers: &receivers::Headers,
) -> Result<serde_json::Map<String, serde_json::Value>, receivers::Error> {
    use crate::notify::oidc;
    let unauthorized = |e: String| receivers::Error::Unauthorized(e);
    oidc::validate_spec(&r.spec.oidc_providers)
        .map_err(|e| receivers::Error::BadRequest(e.to_string()))?;
    let token = headers
        .get("authorization")
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| unauthorized("the Authorization header is missing or malformed".into()))?;
    let iss = oidc::unverified_issuer(token).map_err(|e| unauthorized(e.to_string()))?;
    let provider = r
        .spec
        .oidc_providers
        .iter()
        .find(|p| p.issuer_url == iss)
        .ok_or_else(|| unauthorized(format!("no oidcProvider configured for issuer {iss:?}")))?;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| unauthorized(e.to_string()))?;
    let issuer = iss.clone();
    let get = move |url: String| {
        let client = client.clone();
        let iss = issuer.clone();
        async move {
            let resp = client.get(&url).send().await.map_err(|e| {
                format!(
                    "failed to initialize OIDC provider for issuer {iss:?}: {}",
                    e.without_url()
                )
            })?;
            if !resp.status().is_success() {
                return Err(format!(
                    "failed to initialize OIDC provider for issuer {iss:?}: {url}: status {}",
                    resp.status().as_u16()
                ));
            }
            let bytes = resp.bytes().await.unwrap_or_default();
            serde_json::from_slice::<serde_json::Value>(&bytes).map_err(|e| {
                format!("failed to initialize OIDC provider for issuer {iss:?}: {url}: {e}")
            })
        }
    };
    let discovery = get(format!(
        "{}/.well-known/openid-configuration",
        iss.trim_end_matches('/')
    ))
    .await
    .map_err(unauthorized)?;
    if discovery["issuer"].as_str() != Some(iss.as_str()) {
        return Err(unauthorized(format!(
            "failed to initialize OIDC provider for issuer {iss:?}: the discovery document names another issuer"
        )));
    }
    let jwks_uri = discovery["jwks_uri"].as_str().ok_or_else(|| {
        unauthorized(format!(
            "failed to initialize OIDC provider for issuer {iss:?}: no jwks_uri"
        ))
    })?;
    let jwks = get(jwks_uri.to_string()).await.map_err(unauthorized)?;
    let claims = oidc::verify(
        token,
        &jwks,
        &iss,
        oidc::audience(provider),
        chrono::Utc::now().timestamp(),
    )
    .map_err(|e| unauthorized(e.to_string()))?;
    oidc::evaluate(provider, &claims).map_err(|e| unauthorized(e.to_string()))?;
    Ok(claims)
}

/// Sets `requestedAt` on every resource the Receiver selects; returns how many.
async fn annotate_resources(
    ctx: &Context,
    r: &Receiver,
    body: &[u8],
    claims: &serde_json::Value,
) -> Result<usize, String> {
    let rns = r.namespace().unwrap_or_default();
    let filter = match &r.spec.resource_filter {
        Some(src) if !src.trim().is_empty() => {
            Some(crate::health::cel::compile(src).map_err(|e| format!("resourceFilter: {e}"))?)
        }
        _ => None,
    };
    let req: serde_json::Value = serde_json::from_slice(body).unwrap_or(serde_json::Value::Null);
    let now = k8s_openapi::jiff::Timestamp::now().to_string();
    let patch = serde_json::json!({"metadata": {"annotations": {RECONCILE_REQUESTED_AT: now}}});
    let mut count = 0;
    for res in &r.spec.resources {
        let ns = res.namespace.clone().unwrap_or_else(|| rns.clone());
        let kind = kind_name(res.kind);
        if ctx.runtime.no_cross_namespace_refs && ns != rns {
            return Err(format!(
                "cannot access {kind} '{ns}/{}': cross-namespace references are not allowed",
                res.name
            ));
        }
        let ar = kind_resource(&kind, res.api_version.as_deref())
            .ok_or_else(|| format!("unknown kind {kind}"))?;
        let api: Api<DynamicObject> = Api::namespaced_with(ctx.client.clone(), &ns, &ar);
        let targets: Vec<DynamicObject> = if res.name == "*" {
            let mut lp = ListParams::default();
            if let Some(l) = res.match_labels.as_ref().filter(|l| !l.is_empty()) {
                lp = lp.labels(
                    &l.iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect::<Vec<_>>()
                        .join(","),
                );
            }
            api.list(&lp)
                .await
                .map_err(|e| format!("listing {kind} in '{ns}': {e}"))?
                .items
        } else {
            match api.get_opt(&res.name).await {
                Ok(Some(o)) => vec![o],
                Ok(None) => return Err(format!("{kind} '{ns}/{}' not found", res.name)),
                Err(e) => return Err(format!("reading {kind} '{ns}/{}': {e}", res.name)),
            }
        };
        let own_filter = match &res.filter {
            Some(src) if !src.trim().is_empty() => Some(
                crate::health::cel::compile(src)
                    .map_err(|e| format!("resources[{kind}/{}].filter: {e}", res.name))?,
            ),
            _ => None,
        };
        for obj in targets {
            if let Some(f) = &own_filter {
                let v = serde_json::to_value(&obj).unwrap_or_default();
                if !f
                    .eval_bool(&[("res", &v), ("req", &req), ("claims", claims)])
                    .map_err(|e| format!("resources[{kind}/{}].filter: {e}", res.name))?
                {
                    continue;
                }
            }
            if let Some(f) = &filter {
                let v = serde_json::to_value(&obj).unwrap_or_default();
                if !f
                    .eval_bool(&[("res", &v), ("req", &req), ("claims", claims)])
                    .map_err(|e| format!("resourceFilter: {e}"))?
                {
                    continue;
                }
            }
            api.patch(
                &obj.name_any(),
                &PatchParams::default(),
                &Patch::Merge(&patch),
            )
            .await
            .map_err(|e| format!("annotating {kind} '{ns}/{}': {e}", obj.name_any()))?;
            count += 1;
        }
    }
    Ok(count)
}
