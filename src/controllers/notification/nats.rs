//! The `nats` provider's client: NATS's text protocol over TCP, enough to publish one message
//! and know the server took it — read `INFO`, send `CONNECT` (with `user`/`pass` when given),
//! `PUB`, then `PING` and wait for `PONG`; an `-ERR` (e.g. `Authorization Violation`) is the
//! error. Servers of a comma-separated `address` are tried in order, as Flux's client does.
//! TLS-only servers (`tls://`, or `tls_required` in `INFO`) are refused with a message.

use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use crate::notify::providers::NatsPublish;

/// What can go wrong publishing to NATS.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The address is not a usable NATS URL.
    #[error("NATS server {0}: {1}")]
    Address(String, String),
    /// Connecting, or the connection broke.
    #[error("NATS server {0}: {1}")]
    Io(String, String),
    /// The server answered with an error or something that is not NATS.
    #[error("NATS server {0} refused the message: {1}")]
    Refused(String, String),
}

/// A user name and password.
type Credentials = (String, String);

/// Host, port and credentials of one `nats://` URL (the scheme is optional).
fn parse(url: &str) -> Result<(String, u16, Option<Credentials>), Error> {
    let bad = |m: &str| Error::Address(url.to_string(), m.to_string());
    let rest = match url.split_once("://") {
        Some(("nats", rest)) => rest,
        Some(("tls", _)) => return Err(bad("TLS connections to NATS are not supported")),
        Some((scheme, _)) => return Err(bad(&format!("unsupported scheme '{scheme}'"))),
        None => url,
    };
    let authority = rest.split('/').next().unwrap_or_default();
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    let creds = userinfo.and_then(|u| {
        u.split_once(':')
            .map(|(a, b)| (a.to_string(), b.to_string()))
    });
    let port = |p: &str| p.parse::<u16>().map_err(|_| bad("invalid port"));
    let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
        let (h, after) = v6.split_once(']').ok_or_else(|| bad("unclosed '['"))?;
        match after.strip_prefix(':') {
            Some(p) => (h.to_string(), port(p)?),
            None => (h.to_string(), 4222),
        }
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), port(p)?),
            None => (hostport.to_string(), 4222),
        }
    };
    if host.is_empty() {
        return Err(bad("no host"));
    }
    Ok((host, port, creds))
}

/// The `CONNECT` line.
fn connect_line(creds: Option<&Credentials>) -> String {
    let mut o = serde_json::json!({
        "verbose": false,
        "pedantic": false,
        "name": "NATS Provider Publisher",
        "lang": "rust",
        "version": crate::version::version(),
        "protocol": 1,
    });
    if let Some((u, p)) = creds {
        o["user"] = serde_json::Value::String(u.clone());
        o["pass"] = serde_json::Value::String(p.clone());
    }
    format!("CONNECT {o}\r\n")
}

/// Publishes the message on the first server that takes it.
pub async fn publish(p: &NatsPublish, timeout: Duration) -> Result<(), Error> {
    let mut last = None;
    for server in &p.servers {
        match tokio::time::timeout(timeout, publish_one(server, p)).await {
            Ok(Ok(())) => return Ok(()),
            Ok(Err(e)) => last = Some(e),
            Err(_) => {
                last = Some(Error::Io(
                    redacted(server),
                    format!("no answer within {}s", timeout.as_secs()),
                ))
            }
        }
    }
    Err(last.unwrap_or_else(|| Error::Address(String::new(), "no server".into())))
}

/// The URL without credentials.
fn redacted(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => format!("{scheme}://{}", rest.rsplit('@').next().unwrap_or(rest)),
        None => url.rsplit('@').next().unwrap_or(url).to_string(),
    }
}

async fn publish_one(server: &str, p: &NatsPublish) -> Result<(), Error> {
    let name = redacted(server);
    let (host, port, url_creds) = parse(server).map_err(|e| match e {
        Error::Address(_, m) => Error::Address(name.clone(), m),
        other => other,
    })?;
    let io = |e: std::io::Error| Error::Io(name.clone(), e.to_string());
    let stream = TcpStream::connect((host.as_str(), port))
        .await
        .map_err(io)?;
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    let mut line = String::new();
    lines.read_line(&mut line).await.map_err(io)?;
    let info: serde_json::Value = line
        .strip_prefix("INFO ")
        .and_then(|j| serde_json::from_str(j.trim()).ok())
        .ok_or_else(|| Error::Refused(name.clone(), "did not greet with INFO".into()))?;
    if info["tls_required"].as_bool() == Some(true) {
        return Err(Error::Address(
            name,
            "the server requires TLS, which is not supported".into(),
        ));
    }
    if let Some(max) = info["max_payload"].as_u64() {
        if p.payload.len() as u64 > max {
            return Err(Error::Refused(
                name,
                format!(
                    "message of {} bytes exceeds max_payload {max}",
                    p.payload.len()
                ),
            ));
        }
    }
    let creds = p.credentials.as_ref().or(url_creds.as_ref());
    let mut out = connect_line(creds).into_bytes();
    out.extend_from_slice(format!("PUB {} {}\r\n", p.subject, p.payload.len()).as_bytes());
    out.extend_from_slice(&p.payload);
    out.extend_from_slice(b"\r\nPING\r\n");
    write.write_all(&out).await.map_err(io)?;
    write.flush().await.map_err(io)?;
    loop {
        line.clear();
        if lines.read_line(&mut line).await.map_err(io)? == 0 {
            return Err(Error::Io(name, "connection closed before PONG".into()));
        }
        let l = line.trim_end();
        if l == "PONG" {
            return Ok(());
        }
        if l == "PING" {
            write.write_all(b"PONG\r\n").await.map_err(io)?;
        } else if let Some(e) = l.strip_prefix("-ERR") {
            return Err(Error::Refused(
                name,
                e.trim().trim_matches('\'').to_string(),
            ));
        }
        // +OK and INFO updates need no answer.
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_give_host_port_and_credentials() {
        assert_eq!(
            parse("nats://127.0.0.1:4333").unwrap(),
            ("127.0.0.1".into(), 4333, None)
        );
        assert_eq!(
            parse("nats://u:p@nats.flux-system").unwrap(),
            (
                "nats.flux-system".into(),
                4222,
                Some(("u".into(), "p".into()))
            )
        );
        assert_eq!(parse("[::1]:5000").unwrap(), ("::1".into(), 5000, None));
        assert!(parse("tls://nats:4222")
            .unwrap_err()
            .to_string()
            .contains("TLS"));
        assert!(parse("http://nats:4222")
            .unwrap_err()
            .to_string()
            .contains("unsupported scheme"));
        assert_eq!(redacted("nats://u:p@h:1"), "nats://h:1");
    }

    #[test]
    fn connect_carries_credentials_only_when_given() {
        let plain = connect_line(None);
        assert!(plain.starts_with("CONNECT {") && plain.ends_with("}\r\n"));
        assert!(!plain.contains("\"user\""));
        let with = connect_line(Some(&("flux".into(), "pw".into())));
        assert!(with.contains("\"user\":\"flux\"") && with.contains("\"pass\":\"pw\""));
    }
}
