//! Flux's controller -> notification-controller event payload, and posting it over HTTP.
//!
//! The payload carries `involvedObject`, `severity` (info|error), `timestamp`, `message` (at
//! most 39000 characters), `reason`, `metadata`, `reportingController` and
//! `reportingInstance`. Posts are retried on failure, except when the receiver rate-limits
//! (429).

use std::collections::BTreeMap;
use std::time::Duration;

use k8s_openapi::api::core::v1::ObjectReference;
use serde_json::{json, Value};

/// Errors posting events.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The address is not an `http(s)://host[:port]/path` URL.
    #[error("events address {0:?} is not an http:// URL")]
    Address(String),
    /// The connection or request failed.
    #[error("posting event to {addr}: {message}")]
    Post {
        /// The address.
        addr: String,
        /// Why.
        message: String,
    },
}

/// Builds the event payload.
pub fn payload(
    obj: &ObjectReference,
    warning: bool,
    reason: &str,
    message: &str,
    metadata: BTreeMap<String, String>,
    controller: &str,
    instance: &str,
) -> Value {
    let message: String = message.chars().take(39000).collect();
    let mut involved = json!({
        "kind": obj.kind,
        "namespace": obj.namespace,
        "name": obj.name,
        "uid": obj.uid,
        "apiVersion": obj.api_version,
        "resourceVersion": obj.resource_version,
    });
    if let Some(map) = involved.as_object_mut() {
        map.retain(|_, v| !v.is_null());
    }
    let mut p = json!({
        "involvedObject": involved,
        "severity": if warning { "error" } else { "info" },
        "timestamp": k8s_openapi::jiff::Timestamp::now().to_string(),
        "message": message,
        "reason": reason,
        "reportingController": controller,
        "reportingInstance": instance,
    });
    if !metadata.is_empty() {
        p["metadata"] = json!(metadata);
    }
    p
}

/// The HTTP client events are posted with (connection reuse across events).
fn http_client() -> &'static reqwest::Client {
    static CLIENT: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .build()
            .unwrap_or_default()
    })
}

/// Posts the payload, retrying up to 3 times on failure; a 429 is not retried.
pub async fn post(addr: &str, payload: &Value) -> Result<(), Error> {
    let url = reqwest::Url::parse(addr)
        .ok()
        .filter(|u| u.scheme() == "http" || u.scheme() == "https")
        .filter(|u| u.host_str().is_some())
        .ok_or_else(|| Error::Address(addr.to_string()))?;
    let body = serde_json::to_vec(payload).unwrap_or_default();
    let mut last = String::new();
    for attempt in 0..3 {
        let sent = http_client()
            .post(url.clone())
            .header(http::header::CONTENT_TYPE, "application/json")
            .body(body.clone())
            .send()
            .await;
        match sent {
            Ok(r) if r.status().is_success() || r.status().as_u16() == 429 => return Ok(()),
            Ok(r) => last = format!("status {}", r.status().as_u16()),
            Err(e) if e.is_timeout() => last = String::from("timed out"),
            Err(e) => last = e.to_string(),
        }
        tokio::time::sleep(Duration::from_millis(200 * (attempt + 1))).await;
    }
    Err(Error::Post {
        addr: addr.to_string(),
        message: last,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_has_flux_shape() {
        let obj = ObjectReference {
            kind: Some("GitRepository".into()),
            namespace: Some("flux-system".into()),
            name: Some("podinfo".into()),
            api_version: Some("source.toolkit.fluxcd.io/v1".into()),
            ..Default::default()
        };
        let mut md = BTreeMap::new();
        md.insert(
            "source.toolkit.fluxcd.io/revision".to_string(),
            "main@sha1:abc".to_string(),
        );
        let p = payload(
            &obj,
            false,
            "NewArtifact",
            "stored",
            md,
            "source-controller",
            "pod-1",
        );
        assert_eq!(p["severity"], "info");
        assert_eq!(p["involvedObject"]["kind"], "GitRepository");
        assert!(p["involvedObject"].get("uid").is_none());
        assert_eq!(
            p["metadata"]["source.toolkit.fluxcd.io/revision"],
            "main@sha1:abc"
        );
        assert_eq!(p["reportingController"], "source-controller");
        assert!(p["timestamp"].as_str().unwrap().ends_with('Z'));
    }
}
