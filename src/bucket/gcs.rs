//! The Google Cloud Storage client of the `gcp` Bucket provider, over the documented JSON API:
//! bucket metadata (`GET /storage/v1/b/<bucket>`), the listing under a prefix
//! (`GET /storage/v1/b/<bucket>/o?prefix=…&pageToken=…`, page by page) and media downloads
//! (`GET /storage/v1/b/<bucket>/o/<object>?alt=media`).
//!
//! Credentials, as source-controller takes them: the `serviceaccount` key of the Secret (a
//! service account key JSON, `type: service_account`) exchanged for an access token with the
//! OAuth 2.0 JWT bearer grant at the key's `token_uri` (RS256 assertion, read-only scope).
//! `STORAGE_EMULATOR_HOST` points every request at an emulator without credentials, as the Go
//! client library does. The host is `spec.endpoint` (Flux users set `storage.googleapis.com`),
//! `https` unless `insecure`. Workload identity (no Secret) is not supported.

use std::path::Path;

use serde::Deserialize;

use super::s3::{http_client, Options};
use super::Error;

/// The scope source-controller asks for.
const SCOPE: &str = "https://www.googleapis.com/auth/devstorage.read_only";

/// A service account key, as Google issues it (the fields this client reads).
#[derive(Deserialize)]
struct ServiceAccountKey {
    #[serde(rename = "type", default)]
    type_: String,
    #[serde(default)]
    client_email: String,
    #[serde(default)]
    private_key: String,
    #[serde(default)]
    private_key_id: String,
    #[serde(default)]
    token_uri: String,
}

/// Checks the Secret's `serviceaccount` key as source-controller does; the message names the
/// Secret, never the key's content.
pub fn validate_secret(
    secret_name: &str,
    data: &std::collections::BTreeMap<String, Vec<u8>>,
) -> Result<Vec<u8>, String> {
    let Some(key) = data.get("serviceaccount") else {
        return Err(format!(
            "invalid '{secret_name}' secret data: required fields 'serviceaccount'"
        ));
    };
    #[derive(Deserialize)]
    struct Kind {
        #[serde(rename = "type", default)]
        type_: String,
    }
    let kind: Kind = serde_json::from_slice(key).map_err(|_| {
        format!("invalid '{secret_name}' secret data: failed to parse 'serviceaccount' as JSON")
    })?;
    if kind.type_ != "service_account" {
        return Err(format!("invalid '{secret_name}' secret data: 'serviceaccount' must contain a service account key with 'type' set to 'service_account'"));
    }
    Ok(key.clone())
}

/// A client for one bucket.
pub struct Client {
    http: reqwest::Client,
    base: String,
    bucket: String,
    token: Option<String>,
}

fn transport(e: reqwest::Error) -> Error {
    Error::Transport {
        message: e.without_url().to_string(),
    }
}

/// A Google API error body: `{"error": {"code": 404, "message": "..."}}`.
async fn google_error(resp: reqwest::Response) -> Error {
    let status = resp.status();
    let body = resp.bytes().await.unwrap_or_default();
    let message = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v["error"]["message"].as_str().map(String::from))
        .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_string());
    Error::Status {
        status: status.as_u16(),
        code: if status.as_u16() == 404 {
            "NoSuchKey".into()
        } else {
            String::new()
        },
        message: format!("googleapi: Error {}: {message}", status.as_u16()),
    }
}

impl Client {
    /// A client for `bucket` with the service account key of the options (not needed with
    /// the emulator).
    pub async fn new(bucket: &str, o: &Options) -> Result<Client, Error> {
        let key = o.service_account_key.as_deref();
        let http = http_client(o).map_err(|m| Error::Endpoint {
            endpoint: o.endpoint.clone(),
            message: m,
        })?;
        let emulator = std::env::var("STORAGE_EMULATOR_HOST")
            .ok()
            .filter(|h| !h.is_empty());
        let host = match &emulator {
            Some(h) if h.contains("://") => h.trim_end_matches('/').to_string(),
            Some(h) => format!("http://{}", h.trim_end_matches('/')),
            None => {
                let scheme = if o.insecure { "http" } else { "https" };
                let host = o
                    .endpoint
                    .trim_start_matches("https://")
                    .trim_start_matches("http://")
                    .trim_end_matches('/');
                let host = if host.is_empty() {
                    "storage.googleapis.com"
                } else {
                    host
                };
                format!("{scheme}://{host}")
            }
        };
        let token = match (emulator, key) {
            (Some(_), _) => None,
            (None, Some(key)) => Some(Self::access_token(&http, key).await?),
            (None, None) => {
                return Err(Error::Content(
                    "GCP workload identity is not supported by this build: set spec.secretRef to a Secret with a 'serviceaccount' key".into(),
                ))
            }
        };
        Ok(Client {
            http,
            base: host,
            bucket: bucket.to_string(),
            token,
        })
    }

    /// The OAuth 2.0 JWT bearer grant (RFC 7523) with the service account key.
    async fn access_token(http: &reqwest::Client, key: &[u8]) -> Result<String, Error> {
        Self::service_account_token(http, key, SCOPE).await
    }

    /// An access token for `scope` with a service account key (the OAuth 2.0 JWT bearer
    /// grant, RFC 7523, at the key's `token_uri`).
    pub(crate) async fn service_account_token(
        http: &reqwest::Client,
        key: &[u8],
        scope: &str,
    ) -> Result<String, Error> {
        let auth = |m: String| {
            Error::Content(format!(
                "failed to create Google credentials from secret: {m}"
            ))
        };
        let k: ServiceAccountKey =
            serde_json::from_slice(key).map_err(|_| auth("invalid service account key".into()))?;
        if k.type_ != "service_account" || k.client_email.is_empty() || k.private_key.is_empty() {
            return Err(auth("the key lacks client_email or private_key".into()));
        }
        let token_uri = if k.token_uri.is_empty() {
            "https://oauth2.googleapis.com/token".to_string()
        } else {
            k.token_uri.clone()
        };
        let now = chrono::Utc::now().timestamp();
        let claims = serde_json::json!({
            "iss": k.client_email,
            "scope": scope,
            "aud": token_uri,
            "iat": now,
            "exp": now + 3600,
        });
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
        if !k.private_key_id.is_empty() {
            header.kid = Some(k.private_key_id.clone());
        }
        let signing = jsonwebtoken::EncodingKey::from_rsa_pem(k.private_key.as_bytes())
            .map_err(|_| auth("the private key is not an RSA PEM key".into()))?;
        let assertion =
            jsonwebtoken::encode(&header, &claims, &signing).map_err(|e| auth(e.to_string()))?;
        let resp = http
            .post(&token_uri)
            .form(&[
                ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
                ("assertion", assertion.as_str()),
            ])
            .send()
            .await
            .map_err(transport)?;
        if !resp.status().is_success() {
            let status = resp.status();
            let body = resp.bytes().await.unwrap_or_default();
            let why = serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v["error"].as_str().map(String::from))
                .unwrap_or_default();
            return Err(Error::Status {
                status: status.as_u16(),
                code: why.clone(),
                message: format!("oauth2: cannot fetch token: {status}: {why}"),
            });
        }
        #[derive(Deserialize)]
        struct Token {
            access_token: String,
        }
        let body = resp.bytes().await.map_err(transport)?;
        let t: Token = serde_json::from_slice(&body)
            .map_err(|e| Error::Content(format!("oauth2: invalid token response: {e}")))?;
        Ok(t.access_token)
    }

    fn get(&self, url: &str) -> reqwest::RequestBuilder {
        let r = self.http.get(url);
        match &self.token {
            Some(t) => r.bearer_auth(t),
            None => r,
        }
    }

    fn object_url(&self, name: &str) -> String {
        let enc = percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC);
        format!(
            "{}/storage/v1/b/{}/o/{enc}",
            self.base,
            percent_encoding::utf8_percent_encode(&self.bucket, percent_encoding::NON_ALPHANUMERIC)
        )
    }

    /// Whether the bucket exists (404 means no).
    pub async fn bucket_exists(&self) -> Result<bool, Error> {
        let url = format!(
            "{}/storage/v1/b/{}",
            self.base,
            percent_encoding::utf8_percent_encode(&self.bucket, percent_encoding::NON_ALPHANUMERIC)
        );
        let resp = self.get(&url).send().await.map_err(transport)?;
        match resp.status().as_u16() {
            200..=299 => Ok(true),
            404 => Ok(false),
            _ => Err(google_error(resp).await),
        }
    }

    /// Every object under `prefix` with its etag.
    pub async fn list(&self, prefix: &str) -> Result<Vec<(String, String)>, Error> {
        #[derive(Deserialize)]
        struct Item {
            name: String,
            #[serde(default)]
            etag: String,
        }
        #[derive(Deserialize)]
        struct Page {
            #[serde(default)]
            items: Vec<Item>,
            #[serde(rename = "nextPageToken", default)]
            next: Option<String>,
        }
        let url = format!(
            "{}/storage/v1/b/{}/o",
            self.base,
            percent_encoding::utf8_percent_encode(&self.bucket, percent_encoding::NON_ALPHANUMERIC)
        );
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut q: Vec<(&str, &str)> = vec![];
            if !prefix.is_empty() {
                q.push(("prefix", prefix));
            }
            if let Some(t) = &token {
                q.push(("pageToken", t));
            }
            let resp = self.get(&url).query(&q).send().await.map_err(transport)?;
            if !resp.status().is_success() {
                return Err(google_error(resp).await);
            }
            let body = resp.bytes().await.map_err(transport)?;
            let page: Page = serde_json::from_slice(&body)
                .map_err(|e| Error::Content(format!("invalid listing: {e}")))?;
            out.extend(page.items.into_iter().map(|i| (i.name, i.etag)));
            match page.next.filter(|t| !t.is_empty()) {
                Some(t) => token = Some(t),
                None => break,
            }
        }
        Ok(out)
    }

    /// Downloads `name` to `path` (parents created). Returns no etag: the listing's stays (a
    /// media download's `ETag` header is not the object resource's etag).
    pub async fn get_to_file(&self, name: &str, path: &Path) -> Result<String, Error> {
        let mut resp = self
            .get(&self.object_url(name))
            .query(&[("alt", "media")])
            .send()
            .await
            .map_err(transport)?;
        if !resp.status().is_success() {
            return Err(google_error(resp).await);
        }
        super::write_body(&mut resp, path).await?;
        Ok(String::new())
    }
}
