//! What the event server and the receiver server share: the body limit, the HTTP metrics
//! middleware (`gotk_event_http_*`, `gotk_receiver_http_*`), and how an involved object's
//! kind becomes an API resource.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use super::Context;
use crate::api::notification::FluxKind;

/// Largest event or webhook body accepted.
pub const MAX_BODY: usize = 3 * 1024 * 1024;

/// Records `gotk_<server>_http_*` for every request.
pub async fn http_metrics(
    State((ctx, server)): State<(Arc<Context>, &'static str)>,
    req: Request,
    next: Next,
) -> Response {
    let m = match server {
        "event" => ctx.metrics.event_http.clone(),
        _ => ctx.metrics.receiver_http.clone(),
    };
    let Some(m) = m else {
        return next.run(req).await;
    };
    let handler = if ctx.server.export_http_path_metrics {
        req.uri().path().to_string()
    } else {
        String::new()
    };
    let method = req.method().to_string();
    let started = Instant::now();
    let inflight = m.start(&handler);
    let resp = next.run(req).await;
    inflight.dec();
    let size = resp
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    m.finish(
        &handler,
        &method,
        resp.status().as_u16(),
        started.elapsed().as_secs_f64(),
        size,
    );
    resp
}

/// The API resource of a Flux kind (for label and annotation lookups), at the event's
/// apiVersion when it names one. Kinds come from the registry; source-watcher's
/// ArtifactGenerator is not typed here yet and is known by its coordinates.
pub fn kind_resource(
    kind: &str,
    api_version: Option<&str>,
) -> Option<kube::discovery::ApiResource> {
    let (default_av, plural) = match crate::api::registry::by_kind(kind) {
        Some(k) => (k.api_version(), k.plural.clone()),
        None if kind == "ArtifactGenerator" => (
            String::from("source.extensions.fluxcd.io/v1beta1"),
            String::from("artifactgenerators"),
        ),
        None => return None,
    };
    let av = api_version
        .filter(|v| v.contains('/'))
        .map(String::from)
        .unwrap_or(default_av);
    Some(crate::cluster::api_resource(&av, kind, &plural))
}

/// The name Flux's API uses for a kind enum value.
pub fn kind_name(k: FluxKind) -> String {
    serde_json::to_value(k)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}
