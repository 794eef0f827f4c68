//! A minimal HTTP/1.1 client for plain `http://` URLs, as used inside the cluster: posting
//! events to the notification-controller and downloading artifacts from source-controller.
//!
//! One request per connection (`Connection: close`), bodies read to EOF with a size cap, and
//! chunked responses decoded. Timeouts and retries are the callers' business.

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Errors of one request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The URL is not `http://host[:port][/path]`.
    #[error("{0:?} is not an http:// URL")]
    Url(String),
    /// Connecting, writing or reading failed.
    #[error("{0}")]
    Io(String),
    /// The response is not HTTP.
    #[error("malformed HTTP response: {0}")]
    Malformed(&'static str),
    /// The response body exceeds the cap.
    #[error("response exceeds {0} bytes")]
    TooLarge(u64),
}

/// The parts of an `http://` URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    /// Host name or address.
    pub host: String,
    /// Port (80 by default).
    pub port: u16,
    /// Path with query, starting with `/`.
    pub path: String,
}

/// Parses `http://host[:port][/path]`.
pub fn parse(url: &str) -> Result<Url, Error> {
    let bad = || Error::Url(url.to_string());
    let rest = url.strip_prefix("http://").ok_or_else(bad)?;
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, p.parse().map_err(|_| bad())?),
        None => (authority, 80),
    };
    if host.is_empty() {
        return Err(bad());
    }
    Ok(Url {
        host: host.to_string(),
        port,
        path: format!("/{path}"),
    })
}

/// A response: status code and (de-chunked) body.
#[derive(Debug)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The body.
    pub body: Vec<u8>,
}

/// Sends one request and reads the whole response, refusing bodies above `max_body` bytes.
pub async fn request(
    method: &str,
    url: &str,
    content_type: Option<&str>,
    body: &[u8],
    max_body: u64,
) -> Result<Response, Error> {
    let u = parse(url)?;
    let io = |e: std::io::Error| Error::Io(e.to_string());
    let mut stream = tokio::net::TcpStream::connect((u.host.trim_end_matches('.'), u.port))
        .await
        .map_err(io)?;
    let mut head = format!(
        "{method} {} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
        u.path, u.host
    );
    if let Some(ct) = content_type {
        head.push_str(&format!("Content-Type: {ct}\r\n"));
    }
    if !body.is_empty() || method != "GET" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.map_err(io)?;
    stream.write_all(body).await.map_err(io)?;

    let mut buf = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = stream.read(&mut chunk).await.map_err(io)?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
        if buf.len() as u64 > max_body + 64 * 1024 {
            return Err(Error::TooLarge(max_body));
        }
    }
    let split_at = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or(Error::Malformed("no header terminator"))?;
    let head = String::from_utf8_lossy(&buf[..split_at]).to_string();
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or(Error::Malformed("no status code"))?;
    let raw = &buf[split_at + 4..];
    let chunked = head.lines().any(|l| {
        let l = l.to_ascii_lowercase();
        l.starts_with("transfer-encoding:") && l.contains("chunked")
    });
    let body = if chunked {
        dechunk(raw).ok_or(Error::Malformed("bad chunked body"))?
    } else {
        raw.to_vec()
    };
    if body.len() as u64 > max_body {
        return Err(Error::TooLarge(max_body));
    }
    Ok(Response { status, body })
}

/// Decodes a chunked body (through the final empty chunk).
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
    fn urls_parse_like_flux_defaults() {
        let u = parse("http://notification-controller.flux-system.svc.cluster.local./").unwrap();
        assert_eq!(
            (u.host.as_str(), u.port, u.path.as_str()),
            (
                "notification-controller.flux-system.svc.cluster.local.",
                80,
                "/"
            )
        );
        let u = parse("http://127.0.0.1:9090").unwrap();
        assert_eq!((u.port, u.path.as_str()), (9090, "/"));
        assert_eq!(parse("http://sc./a/b.tar.gz").unwrap().path, "/a/b.tar.gz");
        assert!(parse("https://x/").is_err());
        assert!(parse("http://:80/").is_err());
    }
}
