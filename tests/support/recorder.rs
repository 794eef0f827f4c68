//! A recording HTTP server on 127.0.0.1 standing in for SaaS endpoints (Slack, GitHub, …): it
//! answers every request 200 (or the status set for a path prefix) and keeps what it received.

use std::sync::{Arc, Mutex};

/// One received request.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// Method.
    pub method: String,
    /// Path with query.
    pub path: String,
    /// Headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: Vec<u8>,
}

impl Recorded {
    /// A header value.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "{} {}: body is not JSON ({e}): {}",
                self.method,
                self.path,
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

/// Canned answers: (path prefix, status, body).
type Rules = Arc<Mutex<Vec<(String, u16, Vec<u8>)>>>;

/// The server; stops when dropped.
pub struct Recorder {
    /// Port.
    pub port: u16,
    log: Arc<Mutex<Vec<Recorded>>>,
    failing: Rules,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Recorder {
    /// Starts a recorder on a free port.
    pub async fn start() -> Recorder {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let log: Arc<Mutex<Vec<Recorded>>> = Default::default();
        let failing: Rules = Default::default();
        let (l, f) = (log.clone(), failing.clone());
        let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
            let (l, f) = (l.clone(), f.clone());
            async move {
                let (parts, body) = req.into_parts();
                let body = axum::body::to_bytes(body, 16 << 20)
                    .await
                    .unwrap_or_default();
                let path = parts
                    .uri
                    .path_and_query()
                    .map(|p| p.to_string())
                    .unwrap_or_default();
                let headers = parts
                    .headers
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.as_str().to_ascii_lowercase(),
                            v.to_str().unwrap_or_default().to_string(),
                        )
                    })
                    .collect();
                let (status, reply) = f
                    .lock()
                    .unwrap()
                    .iter()
                    .rev()
                    .find(|(p, _, _)| path.starts_with(p.as_str()))
                    .map(|(_, s, b)| (*s, b.clone()))
                    .unwrap_or((200, vec![]));
                l.lock().unwrap().push(Recorded {
                    method: parts.method.to_string(),
                    path,
                    headers,
                    body: body.to_vec(),
                });
                (axum::http::StatusCode::from_u16(status).unwrap(), reply)
            }
        });
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Recorder {
            port,
            log,
            failing,
            task,
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Answers `status` to paths starting with `prefix`.
    pub fn fail(&self, prefix: &str, status: u16) {
        self.respond(prefix, status, b"");
    }

    /// Answers `status` with `body` to paths starting with `prefix` (the latest rule wins).
    pub fn respond(&self, prefix: &str, status: u16, body: &[u8]) {
        self.failing
            .lock()
            .unwrap()
            .push((prefix.into(), status, body.to_vec()));
    }

    /// Everything received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.log.lock().unwrap().clone()
    }

    /// Waits until `pred` holds for the received requests (up to `secs`).
    pub async fn wait_for(
        &self,
        secs: u64,
        what: &str,
        pred: impl Fn(&[Recorded]) -> bool,
    ) -> Vec<Recorded> {
        for _ in 0..secs * 10 {
            let r = self.requests();
            if pred(&r) {
                return r;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let r = self.requests();
        let seen: Vec<String> = r
            .iter()
            .map(|x| format!("{} {}", x.method, x.path))
            .collect();
        panic!("timed out waiting for {what}; received: {seen:#?}");
    }
}
