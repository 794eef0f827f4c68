//! Helm's release storage in Kubernetes Secrets, as Helm 4's `secrets` driver keeps it (the
//! storage Flux's helm-controller uses): one Secret per revision named
//! `sh.helm.release.v1.<name>.v<revision>`, type `helm.sh/release.v1`, labels `name`,
//! `owner=helm`, `status` and `version` (plus `createdAt`/`modifiedAt`), and the release under
//! the `release` key as base64 of the gzip (best compression) of its JSON. Reading also accepts
//! a release that is not gzipped, as Helm does.
//!
//! The release itself stays JSON (`serde_json::Value`): Helm reads fields we do not model
//! (chart templates, hooks' last runs), and a release written by Helm must round-trip
//! unchanged through us.

use std::collections::BTreeMap;
use std::io::{Read, Write};

use base64::Engine;
use serde_json::{json, Value};

/// Why a stored release could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The Secret's `release` data is not a release.
    #[error("release {secret}: {message}")]
    Corrupt {
        /// The Secret's name.
        secret: String,
        /// What is wrong.
        message: String,
    },
    /// The release lacks a name or version.
    #[error("release has no {0}")]
    Incomplete(&'static str),
}

/// The Secret type of stored releases.
pub const SECRET_TYPE: &str = "helm.sh/release.v1";

/// The Secret name of revision `version` of release `name`.
pub fn secret_name(name: &str, version: i64) -> String {
    format!("sh.helm.release.v1.{name}.v{version}")
}

/// The label selector of every revision of release `name`.
pub fn selector(name: &str) -> String {
    format!("name={name},owner=helm")
}

/// The `release` value of a Secret's data for `release` (base64 of gzipped JSON).
pub fn encode(release: &Value) -> String {
    let json = serde_json::to_vec(release).unwrap_or_default();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = gz.write_all(&json);
    let bytes = gz.finish().unwrap_or_default();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The release held by a Secret's `release` data (already base64-decoded once by the API).
pub fn decode(secret: &str, data: &[u8]) -> Result<Value, StorageError> {
    let corrupt = |message: String| StorageError::Corrupt {
        secret: secret.to_string(),
        message,
    };
    let text = String::from_utf8_lossy(data);
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|e| corrupt(format!("invalid base64: {e}")))?;
    let json = if bytes.starts_with(&[0x1f, 0x8b, 0x08]) {
        let mut out = vec![];
        flate2::read::GzDecoder::new(bytes.as_slice())
            .read_to_end(&mut out)
            .map_err(|e| corrupt(format!("invalid gzip: {e}")))?;
        out
    } else {
        bytes
    };
    serde_json::from_slice(&json).map_err(|e| corrupt(format!("invalid JSON: {e}")))
}

/// The Secret that stores `release` (its `name`, `version`, `info.status` and `namespace`),
/// with Helm's labels; `created` is `createdAt` (Unix seconds).
pub fn secret(release: &Value, created: i64) -> Result<Value, StorageError> {
    let name = release["name"]
        .as_str()
        .filter(|n| !n.is_empty())
        .ok_or(StorageError::Incomplete("name"))?;
    let version = release["version"]
        .as_i64()
        .ok_or(StorageError::Incomplete("version"))?;
    let status = release["info"]["status"].as_str().unwrap_or("unknown");
    let labels: BTreeMap<&str, String> = [
        ("createdAt", created.to_string()),
        ("name", name.to_string()),
        ("owner", String::from("helm")),
        ("status", status.to_string()),
        ("version", version.to_string()),
    ]
    .into_iter()
    .collect();
    let mut metadata = json!({"name": secret_name(name, version), "labels": labels});
    if let Some(ns) = release["namespace"].as_str().filter(|n| !n.is_empty()) {
        metadata["namespace"] = json!(ns);
    }
    Ok(json!({
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": metadata,
        "type": SECRET_TYPE,
        "stringData": {"release": encode(release)},
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn releases_round_trip_gzipped_or_not() {
        let r = json!({"name": "app", "version": 3, "namespace": "prod",
            "info": {"status": "deployed", "description": "Upgrade complete"},
            "manifest": "---\nkind: ConfigMap\n", "config": {"a": 1}});
        let data = encode(&r);
        assert_eq!(decode("s", data.as_bytes()).unwrap(), r);
        let plain =
            base64::engine::general_purpose::STANDARD.encode(serde_json::to_vec(&r).unwrap());
        assert_eq!(decode("s", plain.as_bytes()).unwrap(), r);
        assert!(decode("s", b"%%%")
            .unwrap_err()
            .to_string()
            .contains("invalid base64"));
        let s = secret(&r, 1700000000).unwrap();
        assert_eq!(s["metadata"]["name"], "sh.helm.release.v1.app.v3");
        assert_eq!(s["metadata"]["labels"]["status"], "deployed");
        assert_eq!(s["type"], SECRET_TYPE);
        assert!(secret(&json!({"version": 1}), 0).is_err());
    }
}
