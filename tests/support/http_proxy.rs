//! A minimal HTTP proxy for tests: `CONNECT` tunnels (what libgit2 uses for https:// remotes)
//! and absolute-form requests (`GET http://host:port/path`), `Proxy-Authorization: Basic` when
//! configured, and a count of what it forwarded.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// A running proxy.
pub struct HttpProxy {
    /// The port on 127.0.0.1.
    pub port: u16,
    /// Requests forwarded so far.
    pub forwarded: Arc<AtomicUsize>,
}

impl HttpProxy {
    /// Starts the proxy; `auth` is the required (user, password), if any.
    pub fn start(auth: Option<(String, String)>) -> HttpProxy {
        Self::start_mapped(auth, vec![])
    }

    /// Starts the proxy with CONNECT targets (`host:port`) mapped to local ports, so that a
    /// client asking for a SaaS host reaches a local stand-in.
    pub fn start_mapped(auth: Option<(String, String)>, map: Vec<(String, u16)>) -> HttpProxy {
        let map = Arc::new(map);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let forwarded = Arc::new(AtomicUsize::new(0));
        let count = forwarded.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let auth = auth.clone();
                let count = count.clone();
                let map = map.clone();
                std::thread::spawn(move || {
                    let _ = handle(client, auth.as_ref(), &count, &map);
                });
            }
        });
        HttpProxy { port, forwarded }
    }
}

fn handle(
    client: TcpStream,
    auth: Option<&(String, String)>,
    count: &AtomicUsize,
    map: &[(String, u16)],
) -> std::io::Result<()> {
    let mut reader = BufReader::new(client.try_clone()?);
    let mut out = client;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line)? == 0 {
            return Ok(());
        }
        let mut headers = Vec::new();
        let mut len = 0usize;
        let mut proxy_auth = None;
        loop {
            let mut h = String::new();
            reader.read_line(&mut h)?;
            if h == "\r\n" || h.is_empty() {
                break;
            }
            let lower = h.to_ascii_lowercase();
            if let Some(v) = lower.strip_prefix("content-length:") {
                len = v.trim().parse().unwrap_or(0);
            }
            if lower.starts_with("proxy-authorization:") {
                proxy_auth = h.split_once(':').map(|(_, v)| v.trim().to_string());
                continue;
            }
            if lower.starts_with("proxy-connection:") {
                continue;
            }
            headers.push(h);
        }
        let chunked = headers.iter().any(|h| {
            let l = h.to_ascii_lowercase();
            l.starts_with("transfer-encoding:") && l.contains("chunked")
        });
        let mut body = Vec::new();
        if chunked {
            // De-chunk and forward with a Content-Length instead.
            headers.retain(|h| !h.to_ascii_lowercase().starts_with("transfer-encoding:"));
            body = super::git_server::read_chunked(&mut reader)?;
            headers.push(format!("Content-Length: {}\r\n", body.len()));
        } else {
            body.resize(len, 0);
            reader.read_exact(&mut body)?;
        }
        if let Some((u, p)) = auth {
            use base64::Engine;
            let want = format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!("{u}:{p}"))
            );
            if proxy_auth.as_deref() != Some(want.as_str()) {
                out.write_all(b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"proxy\"\r\nContent-Length: 0\r\n\r\n")?;
                continue;
            }
        }
        let mut parts = request_line.split_whitespace();
        let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        if method == "CONNECT" {
            // Tunnel (used by libgit2 for https:// remotes): splice the two sockets.
            let upstream = match map.iter().find(|(t, _)| t == target) {
                Some((_, port)) => TcpStream::connect(("127.0.0.1", *port))?,
                None => TcpStream::connect(target)?,
            };
            out.write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")?;
            count.fetch_add(1, Ordering::SeqCst);
            let (mut up_r, mut up_w) = (upstream.try_clone()?, upstream);
            let mut client_w = out.try_clone()?;
            let t = std::thread::spawn(move || {
                let _ = std::io::copy(&mut up_r, &mut client_w);
                let _ = client_w.shutdown(std::net::Shutdown::Write);
            });
            let _ = std::io::copy(&mut reader, &mut up_w);
            let _ = up_w.shutdown(std::net::Shutdown::Write);
            let _ = t.join();
            return Ok(());
        }
        let Some(rest) = target.strip_prefix("http://") else {
            out.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")?;
            continue;
        };
        let (authority, path) = rest
            .split_once('/')
            .map(|(a, p)| (a, format!("/{p}")))
            .unwrap_or((rest, "/".into()));
        let mut upstream = TcpStream::connect(authority)?;
        write!(upstream, "{method} {path} HTTP/1.1\r\n")?;
        for h in &headers {
            if !h.to_ascii_lowercase().starts_with("connection:") {
                upstream.write_all(h.as_bytes())?;
            }
        }
        upstream.write_all(b"Connection: close\r\n\r\n")?;
        upstream.write_all(&body)?;
        // Relay the response head, then exactly Content-Length bytes of body.
        let mut up = BufReader::new(upstream);
        let mut head = String::new();
        let mut body_len = 0usize;
        loop {
            let mut h = String::new();
            if up.read_line(&mut h)? == 0 {
                break;
            }
            if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
                body_len = v.trim().parse().unwrap_or(0);
            }
            let end = h == "\r\n";
            head.push_str(&h);
            if end {
                break;
            }
        }
        let mut resp_body = vec![0; body_len];
        up.read_exact(&mut resp_body)?;
        count.fetch_add(1, Ordering::SeqCst);
        out.write_all(head.as_bytes())?;
        out.write_all(&resp_body)?;
        out.flush()?;
    }
}
