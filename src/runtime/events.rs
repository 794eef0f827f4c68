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
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Errors posting events.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The address is not an `http://host[:port]/path` URL.
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

fn split(addr: &str) -> Result<(String, u16, String), Error> {
    let rest = addr
        .strip_prefix("http://")
        .ok_or_else(|| Error::Address(addr.to_string()))?;
    let (authority, path) = rest.split_once('/').map_or((rest, ""), |(a, p)| (a, p));
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, p.parse().map_err(|_| Error::Address(addr.to_string()))?),
        None => (authority, 80),
    };
    if host.is_empty() {
        return Err(Error::Address(addr.to_string()));
    }
    Ok((host.to_string(), port, format!("/{path}")))
}

async fn post_once(addr: &str, body: &[u8]) -> Result<u16, String> {
    let (host, port, path) = split(addr).map_err(|e| e.to_string())?;
    let mut stream = tokio::time::timeout(
        Duration::from_secs(5),
        tokio::net::TcpStream::connect((host.trim_end_matches('.'), port)),
    )
    .await
    .map_err(|_| "connect timed out".to_string())?
    .map_err(|e| e.to_string())?;
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream
        .write_all(head.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    stream.write_all(body).await.map_err(|e| e.to_string())?;
    let mut resp = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut resp))
        .await
        .map_err(|_| "response timed out".to_string())?
        .map_err(|e| e.to_string())?;
    let line = String::from_utf8_lossy(&resp);
    line.split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| "malformed response".to_string())
}

/// Posts the payload, retrying up to 3 times on failure; a 429 is not retried.
pub async fn post(addr: &str, payload: &Value) -> Result<(), Error> {
    split(addr)?;
    let body = serde_json::to_vec(payload).unwrap_or_default();
    let mut last = String::new();
    for attempt in 0..3 {
        match post_once(addr, &body).await {
            Ok(code) if (200..300).contains(&code) || code == 429 => return Ok(()),
            Ok(code) => last = format!("status {code}"),
            Err(e) => last = e,
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

    #[test]
    fn addresses_parse_like_flux_defaults() {
        assert_eq!(
            split("http://notification-controller.flux-system.svc.cluster.local./").unwrap(),
            (
                "notification-controller.flux-system.svc.cluster.local.".into(),
                80,
                "/".into()
            )
        );
        assert_eq!(
            split("http://127.0.0.1:9090").unwrap(),
            ("127.0.0.1".into(), 9090, "/".into())
        );
        assert!(split("https://x/").is_err());
    }
}
