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
    let limits = Arc::new(RateLimits::new(qps, burst));
    let builder = kube::client::ClientBuilder::try_from(config)?;
    let client = builder
        .with_layer(&tower::layer::layer_fn(move |svc| {
            RateLimited::new(svc, limits.clone())
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

/// One token bucket per API resource type (group, version, resource), as client-go gives each
/// REST client — and controller-runtime one REST client per kind — its own bucket: the same
/// `--kube-api-qps`/`--kube-api-burst` then mean what they mean for Flux's controllers.
#[derive(Debug)]
pub struct RateLimits {
    qps: f32,
    burst: u32,
    buckets: std::sync::Mutex<std::collections::HashMap<String, Arc<RateLimiter>>>,
}

impl RateLimits {
    /// Buckets of `burst` tokens refilled at `qps`.
    pub fn new(qps: f32, burst: u32) -> Self {
        RateLimits {
            qps,
            burst,
            buckets: Default::default(),
        }
    }

    /// How long a request to `path` must wait (and takes its token).
    pub fn reserve(&self, path: &str) -> Duration {
        let key = resource_key(path);
        let bucket = {
            let mut b = match self.buckets.lock() {
                Ok(b) => b,
                Err(p) => p.into_inner(),
            };
            b.entry(key)
                .or_insert_with(|| Arc::new(RateLimiter::new(self.qps, self.burst)))
                .clone()
        };
        bucket.reserve()
    }
}

/// `group/version/resource` of an API path (`/api/v1/namespaces/x/configmaps/y` →
/// `/v1/configmaps`); other paths (discovery) share one key.
pub fn resource_key(path: &str) -> String {
    let segs: Vec<&str> = path
        .split('?')
        .next()
        .unwrap_or_default()
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let (gv, rest) = match segs.as_slice() {
        ["api", v, rest @ ..] => (format!("/{v}"), rest),
        ["apis", g, v, rest @ ..] => (format!("{g}/{v}"), rest),
        _ => return String::from("other"),
    };
    let resource = match rest {
        ["namespaces", _, r, ..] => r,
        [r, ..] => r,
        [] => "",
    };
    format!("{gv}/{resource}")
}

/// The tower service that waits for a token of the request's resource type before sending it.
pub struct RateLimited<S> {
    inner: S,
    limits: Arc<RateLimits>,
}

impl<S> RateLimited<S> {
    /// Wraps a service.
    pub fn new(inner: S, limits: Arc<RateLimits>) -> Self {
        RateLimited { inner, limits }
    }
}

impl<S, B> tower::Service<http::Request<B>> for RateLimited<S>
where
    S: tower::Service<http::Request<B>>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = std::pin::Pin<
        Box<dyn std::future::Future<Output = std::result::Result<S::Response, S::Error>> + Send>,
    >;

    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::result::Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: http::Request<B>) -> Self::Future {
        let wait = self.limits.reserve(req.uri().path());
        // The inner future does nothing until polled, so waiting first delays the request.
        let fut = self.inner.call(req);
        Box::pin(async move {
            if !wait.is_zero() {
                tokio::time::sleep(wait).await;
            }
            fut.await
        })
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
    fn each_resource_type_has_its_own_bucket() {
        assert_eq!(
            resource_key("/api/v1/namespaces/a/configmaps/x"),
            "/v1/configmaps"
        );
        assert_eq!(resource_key("/api/v1/namespaces/a"), "/v1/namespaces");
        assert_eq!(
            resource_key("/apis/apps/v1/namespaces/a/deployments/x/status"),
            "apps/v1/deployments"
        );
        assert_eq!(resource_key("/apis/apps/v1"), "apps/v1/");
        let l = RateLimits::new(1.0, 1);
        assert_eq!(
            l.reserve("/api/v1/namespaces/a/configmaps/x"),
            Duration::ZERO
        );
        assert_eq!(l.reserve("/api/v1/namespaces/a/secrets/x"), Duration::ZERO);
        assert!(l.reserve("/api/v1/namespaces/b/configmaps/y") > Duration::ZERO);
    }

    #[test]
    fn limiter_with_zero_qps_never_waits() {
        let l = RateLimiter::new(0.0, 1);
        for _ in 0..100 {
            assert_eq!(l.reserve(), Duration::ZERO);
        }
    }
}
