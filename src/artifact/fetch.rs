//! The shared artifact fetcher other controllers use: download an artifact URL (plain HTTP, as
//! source-controller serves it in the cluster) with retries, verify its digest, and extract
//! it safely. Nothing is extracted unless the digest matches.

use std::path::Path;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

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

fn split(url: &str) -> Result<(String, u16, String), Error> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| Error::Url(url.into()))?;
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, p.parse().map_err(|_| Error::Url(url.into()))?),
        None => (authority, 80),
    };
    if host.is_empty() {
        return Err(Error::Url(url.into()));
    }
    Ok((host.to_string(), port, format!("/{path}")))
}

enum Attempt {
    Retry(String),
    Fatal(Error),
}

async fn get_once(url: &str, opts: &FetchOptions) -> Result<Vec<u8>, Attempt> {
    let (host, port, path) = split(url).map_err(Attempt::Fatal)?;
    let mut stream = tokio::net::TcpStream::connect((host.trim_end_matches('.'), port))
        .await
        .map_err(|e| Attempt::Retry(e.to_string()))?;
    let req = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream
        .write_all(req.as_bytes())
        .await
        .map_err(|e| Attempt::Retry(e.to_string()))?;
    let mut buf = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = stream
            .read(&mut chunk)
            .await
            .map_err(|e| Attempt::Retry(e.to_string()))?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
        if buf.len() as u64 > opts.max_size + 64 * 1024 {
            return Err(Attempt::Fatal(Error::TooLarge {
                url: url.into(),
                limit: opts.max_size,
            }));
        }
    }
    let split_at = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| Attempt::Retry("malformed HTTP response".into()))?;
    let head = String::from_utf8_lossy(&buf[..split_at]).to_string();
    let code: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| Attempt::Retry("malformed HTTP status".into()))?;
    let body = buf[split_at + 4..].to_vec();
    match code {
        200 => {}
        404 => return Err(Attempt::Retry("artifact not found (404)".into())),
        c => return Err(Attempt::Retry(format!("unexpected status code {c}"))),
    }
    let chunked = head.lines().any(|l| {
        l.to_ascii_lowercase().starts_with("transfer-encoding:")
            && l.to_ascii_lowercase().contains("chunked")
    });
    let body = if chunked {
        dechunk(&body).ok_or_else(|| Attempt::Retry("malformed chunked body".into()))?
    } else {
        body
    };
    if body.len() as u64 > opts.max_size {
        return Err(Attempt::Fatal(Error::TooLarge {
            url: url.into(),
            limit: opts.max_size,
        }));
    }
    Ok(body)
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_str = String::from_utf8_lossy(&data[..line_end]);
        let size = usize::from_str_radix(size_str.split(';').next()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_bodies_are_decoded() {
        assert_eq!(
            dechunk(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").unwrap(),
            b"abcde"
        );
        assert!(dechunk(b"zz\r\n").is_none());
    }

    #[test]
    fn only_http_urls_are_accepted() {
        assert!(matches!(split("https://x/a"), Err(Error::Url(_))));
        assert_eq!(
            split("http://sc.flux-system.svc.cluster.local./a/b.tar.gz")
                .unwrap()
                .2,
            "/a/b.tar.gz"
        );
    }
}
