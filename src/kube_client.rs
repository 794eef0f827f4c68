//! Building a Kubernetes client from the CLI's global flags.
//!
//! Owns kubeconfig loading (`--kubeconfig`, `--context`, `KUBECONFIG`, in-cluster), request
//! timeouts and the client-side rate limit (`--kube-api-qps`, `--kube-api-burst`). Every error
//! names the kubeconfig or server it is about.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::{Client, Config};

/// Errors building a client.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The kubeconfig file could not be read or parsed.
    #[error("kubeconfig {path}: {source}")]
    Kubeconfig {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: kube::config::KubeconfigError,
    },
    /// No usable configuration was found.
    #[error("no Kubernetes configuration found: {0}")]
    Infer(String),
    /// The client could not be built.
    #[error("building Kubernetes client: {0}")]
    Build(#[from] kube::Error),
}

/// Result alias for this module.
pub type Result<T> = std::result::Result<T, Error>;

/// How to reach the cluster.
#[derive(Clone, Debug, Default)]
pub struct ClientOptions {
    /// Path to a kubeconfig file (`--kubeconfig`).
    pub kubeconfig: Option<PathBuf>,
    /// Context name (`--context`).
    pub context: Option<String>,
    /// Per-request timeout (`--timeout`).
    pub timeout: Option<Duration>,
    /// Sustained requests per second (`--kube-api-qps`).
    pub qps: f32,
    /// Burst of requests allowed above the sustained rate (`--kube-api-burst`).
    pub burst: u32,
}

/// Loads the configuration the options point at.
pub async fn config(opts: &ClientOptions) -> Result<Config> {
    let kc_opts = KubeConfigOptions {
        context: opts.context.clone(),
        ..Default::default()
    };
    let mut config = if let Some(path) = &opts.kubeconfig {
        let kubeconfig = Kubeconfig::read_from(path).map_err(|source| Error::Kubeconfig {
            path: path.display().to_string(),
            source,
        })?;
        Config::from_custom_kubeconfig(kubeconfig, &kc_opts)
            .await
            .map_err(|source| Error::Kubeconfig {
                path: path.display().to_string(),
                source,
            })?
    } else if opts.context.is_some() {
        Config::from_kubeconfig(&kc_opts)
            .await
            .map_err(|source| Error::Kubeconfig {
                path: std::env::var("KUBECONFIG").unwrap_or_else(|_| "~/.kube/config".into()),
                source,
            })?
    } else {
        Config::infer()
            .await
            .map_err(|e| Error::Infer(e.to_string()))?
    };
    if let Some(t) = opts.timeout {
        config.connect_timeout = Some(t);
        config.read_timeout = Some(t);
        config.write_timeout = Some(t);
    }
    Ok(config)
}

/// Builds a client, with the client-side rate limit applied to every request.
pub async fn client(opts: &ClientOptions) -> Result<Client> {
    let config = config(opts).await?;
    client_from_config(config, opts.qps, opts.burst)
}

/// Builds a rate-limited client from a resolved configuration (controllers derive impersonating
/// clients this way).
pub fn client_from_config(config: Config, qps: f32, burst: u32) -> Result<Client> {
    let limiter = Arc::new(RateLimiter::new(qps, burst));
    let builder = kube::client::ClientBuilder::try_from(config)?;
    let client = builder
        .with_layer(&tower::layer::layer_fn(move |svc| {
            RateLimited::new(svc, limiter.clone())
        }))
        .build();
    Ok(client)
}

/// A token bucket: `burst` tokens, refilled at `qps` per second.
#[derive(Debug)]
pub struct RateLimiter {
    qps: f64,
    burst: f64,
    state: std::sync::Mutex<(f64, std::time::Instant)>,
}

impl RateLimiter {
    /// A limiter allowing `burst` requests at once and `qps` sustained. Non-positive `qps`
    /// disables limiting.
    pub fn new(qps: f32, burst: u32) -> Self {
        let burst = f64::from(burst.max(1));
        RateLimiter {
            qps: f64::from(qps),
            burst,
            state: std::sync::Mutex::new((burst, std::time::Instant::now())),
        }
    }

    /// How long the caller must wait before sending one request (and takes its token).
    pub fn reserve(&self) -> Duration {
        if self.qps <= 0.0 {
            return Duration::ZERO;
        }
        let mut state = match self.state.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        };
        let now = std::time::Instant::now();
        let elapsed = now.duration_since(state.1).as_secs_f64();
        state.0 = (state.0 + elapsed * self.qps).min(self.burst);
        state.1 = now;
        state.0 -= 1.0;
        if state.0 >= 0.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64(-state.0 / self.qps)
        }
    }
}

/// The tower service that waits for a token before each request.
pub struct RateLimited<S> {
    inner: S,
    limiter: Arc<RateLimiter>,
    sleep: Option<std::pin::Pin<Box<tokio::time::Sleep>>>,
    permitted: bool,
}

impl<S> RateLimited<S> {
    /// Wraps a service.
    pub fn new(inner: S, limiter: Arc<RateLimiter>) -> Self {
        RateLimited {
            inner,
            limiter,
            sleep: None,
            permitted: false,
        }
    }
}

impl<S, R> tower::Service<R> for RateLimited<S>
where
    S: tower::Service<R>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::result::Result<(), Self::Error>> {
        use std::future::Future;
        if !self.permitted {
            if self.sleep.is_none() {
                let wait = self.limiter.reserve();
                if wait.is_zero() {
                    self.permitted = true;
                } else {
                    self.sleep = Some(Box::pin(tokio::time::sleep(wait)));
                }
            }
            if let Some(sleep) = self.sleep.as_mut() {
                if sleep.as_mut().poll(cx).is_pending() {
                    return std::task::Poll::Pending;
                }
                self.sleep = None;
                self.permitted = true;
            }
        }
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: R) -> Self::Future {
        self.permitted = false;
        self.inner.call(req)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limiter_allows_burst_then_spaces_requests() {
        let l = RateLimiter::new(10.0, 3);
        assert_eq!(l.reserve(), Duration::ZERO);
        assert_eq!(l.reserve(), Duration::ZERO);
        assert_eq!(l.reserve(), Duration::ZERO);
        let wait = l.reserve();
        assert!(
            wait > Duration::from_millis(50) && wait <= Duration::from_millis(100),
            "{wait:?}"
        );
    }

    #[test]
    fn limiter_with_zero_qps_never_waits() {
        let l = RateLimiter::new(0.0, 1);
        for _ in 0..100 {
            assert_eq!(l.reserve(), Duration::ZERO);
        }
    }
}
