//! The shared artifact fetcher other controllers use: download an artifact URL (HTTP, as
//! source-controller serves it in the cluster; reqwest does the protocol) with retries and a
//! size cap, verify its digest, and extract it safely. Nothing is extracted unless the digest
//! matches.

use std::path::Path;
use std::time::Duration;

use super::archive::digest_bytes;
use super::extract::{extract_tar_gz, Limits};

/// Errors fetching an artifact; each names the URL.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The URL is not `http://host[:port]/path`.
    #[error("artifact URL {0:?} is not an http:// URL")]
    Url(String),
    /// Every attempt failed.
    #[error("failed to download artifact from {url}: {message}")]
    Download {
        /// The URL.
        url: String,
        /// The last failure.
        message: String,
    },
    /// The downloaded bytes do not match the expected digest.
    #[error("failed to verify artifact from {url}: computed digest {got} does not match {want}")]
    Digest {
        /// The URL.
        url: String,
        /// Expected.
        want: String,
        /// Computed.
        got: String,
    },
    /// The artifact is larger than allowed.
    #[error("artifact from {url} exceeds {limit} bytes")]
    TooLarge {
        /// The URL.
        url: String,
        /// The limit.
        limit: u64,
    },
    /// Extraction refused the archive.
    #[error("failed to extract artifact from {url}: {source}")]
    Extract {
        /// The URL.
        url: String,
        /// Why.
        #[source]
        source: super::Error,
    },
}

/// How hard to try.
#[derive(Clone, Copy, Debug)]
pub struct FetchOptions {
    /// Attempts after the first (`--http-retry`, Flux default 9).
    pub retries: u32,
    /// Per-attempt timeout.
    pub timeout: Duration,
    /// Largest accepted download.
    pub max_size: u64,
    /// Extraction limits.
    pub limits: Limits,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            retries: 9,
            timeout: Duration::from_secs(60),
            max_size: 512 << 20,
            limits: Limits::default(),
        }
    }
}

enum Attempt {
    Retry(String),
    Fatal(Error),
}

/// The client artifacts are downloaded with (connection reuse across downloads).
fn http_client() -> &'static reqwest::Client {
    static CLIENT: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    CLIENT.get_or_init(reqwest::Client::new)
}

async fn get_once(url: &str, opts: &FetchOptions) -> Result<Vec<u8>, Attempt> {
    let parsed = reqwest::Url::parse(url)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
        .ok_or_else(|| Attempt::Fatal(Error::Url(url.into())))?;
    let too_large = || {
        Attempt::Fatal(Error::TooLarge {
            url: url.into(),
            limit: opts.max_size,
        })
    };
    let mut resp = http_client()
        .get(parsed)
        .send()
        .await
        .map_err(|e| Attempt::Retry(e.to_string()))?;
    match resp.status().as_u16() {
        200 => {}
        404 => return Err(Attempt::Retry("artifact not found (404)".into())),
        code => return Err(Attempt::Retry(format!("unexpected status code {code}"))),
    }
    if resp.content_length().is_some_and(|n| n > opts.max_size) {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp
        .chunk()
        .await
        .map_err(|e| Attempt::Retry(e.to_string()))?
    {
        if body.len() as u64 + chunk.len() as u64 > opts.max_size {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Downloads `url`, retrying with a growing delay, and checks the bytes against `digest`
/// (`sha256:<hex>`). Returns the verified bytes.
pub async fn download(url: &str, digest: &str, opts: &FetchOptions) -> Result<Vec<u8>, Error> {
    let mut last = String::new();
    for attempt in 0..=opts.retries {
        if attempt > 0 {
            let delay = Duration::from_millis(250u64.saturating_mul(1 << attempt.min(6)));
            tokio::time::sleep(delay.min(Duration::from_secs(10))).await;
        }
        match tokio::time::timeout(opts.timeout, get_once(url, opts)).await {
            Err(_) => last = "timed out".into(),
            Ok(Err(Attempt::Retry(m))) => last = m,
            Ok(Err(Attempt::Fatal(e))) => return Err(e),
            Ok(Ok(body)) => {
                let got = digest_bytes(&body).0;
                if got != digest {
                    return Err(Error::Digest {
                        url: url.into(),
                        want: digest.into(),
                        got,
                    });
                }
                return Ok(body);
            }
        }
    }
    Err(Error::Download {
        url: url.into(),
        message: last,
    })
}

/// Downloads, verifies and extracts an artifact into `dest`.
pub async fn fetch(url: &str, digest: &str, dest: &Path, opts: &FetchOptions) -> Result<(), Error> {
    let body = download(url, digest, opts).await?;
    let dest = dest.to_path_buf();
    let limits = opts.limits;
    let url_owned = url.to_string();
    tokio::task::spawn_blocking(move || extract_tar_gz(body.as_slice(), &dest, limits))
        .await
        .map_err(|e| Error::Download {
            url: url_owned.clone(),
            message: e.to_string(),
        })?
        .map_err(|source| Error::Extract {
            url: url.into(),
            source,
        })
}
