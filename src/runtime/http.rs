//! The HTTP servers of `flux serve` (metrics, health, artifacts, events, webhooks) and the
//! bounds a server reachable from the network needs: a client has 10 s to send a request's
//! headers (an idle keep-alive connection too) or its connection is closed, a server keeps at
//! most [`MAX_CONNECTIONS`] connections open (more are closed as they arrive), and handlers
//! that take a body read it through [`Bodies`]: a few at a time, each within a deadline and
//! a size. Without them, a few hundred clients sending half a body each held a gigabyte and
//! thousands of idle connections stayed open for good.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::body::Bytes;
use axum::http::StatusCode;
use http_body_util::BodyExt;
use tokio::sync::Semaphore;

/// Time a client has to send a request's headers, counted from the connection (or the end
/// of the previous request on a kept-alive connection).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections one server keeps open at once.
pub const MAX_CONNECTIONS: usize = 1024;

/// Serves `router` on `listener` until an accept error that is not about one connection.
pub async fn serve(listener: tokio::net::TcpListener, router: axum::Router) -> std::io::Result<()> {
    let open = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors or a connection reset while queued: the listener itself
            // is fine; wait a little instead of spinning.
            Err(e) => {
                tracing::debug!(error = %e, "accepting a connection failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(permit) = open.clone().try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        tokio::spawn(async move {
            let _permit = permit;
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT);
            let io = hyper_util::rt::TokioIo::new(stream);
            if let Err(e) = builder.serve_connection(io, service).await {
                tracing::trace!(error = %e, "connection ended");
            }
        });
    }
}

/// Why a request body was not read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BodyError {
    /// Every body slot is taken.
    #[error("too many requests in progress")]
    Busy,
    /// The body did not arrive within the deadline.
    #[error("request body not received in time")]
    TooSlow,
    /// The body is larger than allowed.
    #[error("request body larger than {0} bytes")]
    TooLarge(usize),
    /// The connection failed while the body was read.
    #[error("reading the request body: {0}")]
    Read(String),
}

impl BodyError {
    /// The status a handler answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            BodyError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            BodyError::TooSlow => StatusCode::REQUEST_TIMEOUT,
            BodyError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            BodyError::Read(_) => StatusCode::BAD_REQUEST,
        }
    }
}

/// Request bodies read by one server: at most `slots` at a time, each within `deadline` and
/// `max_bytes`. A request that finds no free slot is answered at once instead of waiting.
pub struct Bodies {
    slots: Semaphore,
    max_bytes: usize,
    deadline: Duration,
}

impl Bodies {
    /// Limits for one server.
    pub fn new(slots: usize, max_bytes: usize, deadline: Duration) -> Bodies {
        Bodies {
            slots: Semaphore::new(slots),
            max_bytes,
            deadline,
        }
    }

    /// Reads a whole body within the limits.
    pub async fn read(&self, body: Body) -> Result<Bytes, BodyError> {
        let _slot = self.slots.try_acquire().map_err(|_| BodyError::Busy)?;
        let max = self.max_bytes;
        let read = async move {
            let mut body = body;
            let mut out: Vec<u8> = Vec::new();
            while let Some(frame) = body.frame().await {
                let frame = frame.map_err(|e| BodyError::Read(e.to_string()))?;
                if let Ok(data) = frame.into_data() {
                    if out.len() + data.len() > max {
                        return Err(BodyError::TooLarge(max));
                    }
                    out.extend_from_slice(&data);
                }
            }
            Ok(Bytes::from(out))
        };
        tokio::time::timeout(self.deadline, read)
            .await
            .unwrap_or(Err(BodyError::TooSlow))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dribbled(chunks: Vec<&'static [u8]>, every: Duration) -> Body {
        let stream = futures::stream::unfold(chunks.into_iter(), move |mut it| async move {
            let next = it.next()?;
            tokio::time::sleep(every).await;
            Some((Ok::<_, std::io::Error>(Bytes::from_static(next)), it))
        });
        Body::from_stream(stream)
    }

    #[tokio::test]
    async fn a_body_is_read_whole_within_its_limits() {
        let b = Bodies::new(2, 10, Duration::from_secs(5));
        let got = b
            .read(dribbled(vec![b"abc", b"def"], Duration::from_millis(1)))
            .await;
        assert_eq!(got, Ok(Bytes::from_static(b"abcdef")));
    }

    #[tokio::test]
    async fn a_body_over_the_size_is_refused_before_it_is_all_read() {
        let b = Bodies::new(2, 4, Duration::from_secs(5));
        let got = b.read(Body::from("more than four")).await;
        assert_eq!(got, Err(BodyError::TooLarge(4)));
        assert_eq!(got.unwrap_err().status(), StatusCode::PAYLOAD_TOO_LARGE);
    }

    #[tokio::test]
    async fn a_dribbled_body_is_cut_off_at_the_deadline() {
        let b = Bodies::new(2, 1000, Duration::from_millis(200));
        let started = std::time::Instant::now();
        let got = b
            .read(dribbled(vec![b"a"; 100], Duration::from_millis(50)))
            .await;
        assert_eq!(got, Err(BodyError::TooSlow));
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[tokio::test]
    async fn bodies_beyond_the_slots_are_turned_away_and_slots_come_back() {
        let b = Arc::new(Bodies::new(1, 1000, Duration::from_secs(5)));
        let slow = {
            let b = b.clone();
            tokio::spawn(async move {
                b.read(dribbled(vec![b"x"; 3], Duration::from_millis(100)))
                    .await
            })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(b.read(Body::from("y")).await, Err(BodyError::Busy));
        assert_eq!(slow.await.unwrap(), Ok(Bytes::from_static(b"xxx")));
        assert_eq!(b.read(Body::from("y")).await, Ok(Bytes::from_static(b"y")));
    }
}
