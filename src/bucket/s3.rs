//! The S3 API client of the `generic` and `aws` Bucket providers: bucket existence, the
//! recursive listing under a prefix (ListObjectsV2, page by page) and object downloads, with
//! SigV4-signed requests (`rusty-s3` signs; `reqwest` sends). Path-style addressing, as
//! minio-go uses for endpoints other than Amazon's; `https` unless the Bucket is `insecure`.

use std::path::Path;
use std::time::Duration;

use rusty_s3::{actions::ListObjectsV2, Bucket, Credentials, S3Action, UrlStyle};

use super::trim_etag;

/// S3 failures, with the S3 error code when the server sent one; never a credential.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The endpoint or bucket name cannot make a URL.
    #[error("invalid endpoint '{endpoint}': {message}")]
    Endpoint {
        /// The endpoint as given.
        endpoint: String,
        /// Why.
        message: String,
    },
    /// The request did not complete.
    #[error("{message}")]
    Transport {
        /// What happened.
        message: String,
    },
    /// The server answered with an error.
    #[error("{message}")]
    Status {
        /// HTTP status.
        status: u16,
        /// The S3 error code (`NoSuchKey`, `AccessDenied`, …).
        code: String,
        /// The S3 error message, or the status line.
        message: String,
    },
    /// The answer could not be read or written.
    #[error("{0}")]
    Content(String),
}

impl Error {
    /// Whether the object does not exist (`NoSuchKey`).
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::Status { code, .. } if code == "NoSuchKey")
    }
}

/// How to reach the bucket.
#[derive(Clone, Default)]
pub struct Options {
    /// `host[:port]` (a scheme, if given, is dropped).
    pub endpoint: String,
    /// Plain HTTP.
    pub insecure: bool,
    /// The region requests are signed for (`us-east-1` when empty).
    pub region: String,
    /// Access key and secret key.
    pub credentials: Option<(String, String)>,
    /// The session token of temporary credentials (STS, instance roles).
    pub session_token: Option<String>,
    /// Extra CA certificates (PEM).
    pub ca_pem: Option<Vec<u8>>,
    /// Client certificate and key (PEM).
    pub identity_pem: Option<Vec<u8>>,
    /// Proxy URL and credentials.
    pub proxy: Option<(String, Option<(String, String)>)>,
    /// Per-request timeout.
    pub timeout: Option<Duration>,
    /// A GCP service account key (JSON), for the `gcp` provider.
    pub service_account_key: Option<Vec<u8>>,
    /// The credentials Secret (name, data), for the `azure` provider.
    pub secret: Option<(String, std::collections::BTreeMap<String, Vec<u8>>)>,
}

/// A client for one bucket.
pub struct Client {
    http: reqwest::Client,
    bucket: Bucket,
    credentials: Option<Credentials>,
}

const SIGN_FOR: Duration = Duration::from_secs(600);

fn s3_error(status: reqwest::StatusCode, body: &[u8]) -> Error {
    #[derive(serde::Deserialize)]
    struct Doc {
        #[serde(rename = "Code", default)]
        code: String,
        #[serde(rename = "Message", default)]
        message: String,
    }
    let doc: Option<Doc> = quick_xml::de::from_reader(body).ok();
    let (code, message) = match doc {
        Some(d) if !d.code.is_empty() => {
            let m = if d.message.is_empty() {
                d.code.clone()
            } else {
                d.message.clone()
            };
            (d.code, m)
        }
        _ => (
            match status.as_u16() {
                404 => "NoSuchKey".to_string(),
                403 => "AccessDenied".to_string(),
                _ => String::new(),
            },
            status.canonical_reason().unwrap_or("error").to_string(),
        ),
    };
    Error::Status {
        status: status.as_u16(),
        code,
        message,
    }
}

/// The HTTP client of a Bucket's options (TLS, proxy, timeouts); shared by the providers.
pub fn http_client(o: &Options) -> Result<reqwest::Client, String> {
    let mut b = reqwest::Client::builder()
        .user_agent(format!(
            "flux-source-controller/{}",
            crate::version::version()
        ))
        .connect_timeout(Duration::from_secs(30));
    if let Some(t) = o.timeout {
        b = b.timeout(t);
    }
    if let Some(ca) = &o.ca_pem {
        for c in reqwest::Certificate::from_pem_bundle(ca)
            .map_err(|e| format!("failed to parse CA certificate: {e}"))?
        {
            b = b.add_root_certificate(c);
        }
    }
    if let Some(pem) = &o.identity_pem {
        b = b.identity(
            reqwest::Identity::from_pem(pem)
                .map_err(|e| format!("failed to parse client certificate: {e}"))?,
        );
    }
    if let Some((url, creds)) = &o.proxy {
        let mut p =
            reqwest::Proxy::all(url.as_str()).map_err(|e| format!("invalid proxy URL: {e}"))?;
        if let Some((u, pw)) = creds {
            p = p.basic_auth(u, pw);
        }
        b = b.proxy(p);
    }
    b.build().map_err(|e| e.to_string())
}

impl Client {
    /// A client for `bucket_name` at the endpoint.
    pub fn new(bucket_name: &str, o: &Options) -> Result<Client, Error> {
        let host = o
            .endpoint
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/');
        let scheme = if o.insecure { "http" } else { "https" };
        let bad = |m: String| Error::Endpoint {
            endpoint: o.endpoint.clone(),
            message: m,
        };
        let url = url::Url::parse(&format!("{scheme}://{host}")).map_err(|e| bad(e.to_string()))?;
        let style = if host.ends_with("amazonaws.com") {
            UrlStyle::VirtualHost
        } else {
            UrlStyle::Path
        };
        let region = if o.region.is_empty() {
            "us-east-1".to_string()
        } else {
            o.region.clone()
        };
        let bucket = Bucket::new(url, style, bucket_name.to_string(), region)
            .map_err(|e| bad(e.to_string()))?;
        let http = http_client(o).map_err(bad)?;
        Ok(Client {
            http,
            bucket,
            credentials: o.credentials.as_ref().map(|(k, s)| match &o.session_token {
                Some(t) => Credentials::new_with_token(k.clone(), s.clone(), t.clone()),
                None => Credentials::new(k.clone(), s.clone()),
            }),
        })
    }

    async fn send(
        &self,
        method: reqwest::Method,
        url: url::Url,
    ) -> Result<reqwest::Response, Error> {
        let resp = self
            .http
            .request(method, url.as_str())
            .send()
            .await
            .map_err(|e| Error::Transport {
                message: crate::http_error_message(e),
            })?;
        if resp.status().is_success() {
            return Ok(resp);
        }
        let status = resp.status();
        let body = resp.bytes().await.unwrap_or_default();
        Err(s3_error(status, &body))
    }

    /// Whether the bucket exists (HEAD bucket: 404 means no).
    pub async fn bucket_exists(&self) -> Result<bool, Error> {
        let url = rusty_s3::actions::HeadBucket::new(&self.bucket, self.credentials.as_ref())
            .sign(SIGN_FOR);
        match self.send(reqwest::Method::HEAD, url).await {
            Ok(_) => Ok(true),
            Err(Error::Status { status: 404, .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Every object under `prefix` (recursive) with its etag, unfiltered.
    pub async fn list(&self, prefix: &str) -> Result<Vec<(String, String)>, Error> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut action = ListObjectsV2::new(&self.bucket, self.credentials.as_ref());
            if !prefix.is_empty() {
                action.with_prefix(prefix);
            }
            if let Some(t) = &token {
                action.with_continuation_token(t.clone());
            }
            let url = action.sign(SIGN_FOR);
            let body = self
                .send(reqwest::Method::GET, url)
                .await?
                .bytes()
                .await
                .map_err(|e| Error::Content(e.without_url().to_string()))?;
            let page = ListObjectsV2::parse_response(&body)
                .map_err(|e| Error::Content(format!("invalid listing: {e}")))?;
            out.extend(
                page.contents
                    .into_iter()
                    .map(|c| (c.key, trim_etag(&c.etag))),
            );
            match page.next_continuation_token {
                Some(t) if !t.is_empty() => token = Some(t),
                _ => break,
            }
        }
        Ok(out)
    }

    /// Downloads `key` to `path` (parents created); returns its etag.
    pub async fn get_to_file(&self, key: &str, path: &Path) -> Result<String, Error> {
        let url = rusty_s3::actions::GetObject::new(&self.bucket, self.credentials.as_ref(), key)
            .sign(SIGN_FOR);
        let mut resp = self.send(reqwest::Method::GET, url).await?;
        let etag = resp
            .headers()
            .get(reqwest::header::ETAG)
            .and_then(|v| v.to_str().ok())
            .map(trim_etag)
            .unwrap_or_default();
        super::write_body(&mut resp, path).await?;
        Ok(etag)
    }
}
