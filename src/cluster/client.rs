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
    #[error("kubeconfig {path}: {}", describe(error))]
    Kubeconfig {
        /// The file.
        path: String,
        /// Why (worded by `describe`; not a `source`, so that it is not printed twice).
        error: kube::config::KubeconfigError,
    },
    /// No usable configuration was found.
    #[error("no Kubernetes configuration found: {0}")]
    Infer(String),
    /// A connection flag (`--server`, `--certificate-authority`, …) is unusable.
    #[error("{0}")]
    Flag(String),
    /// A probe of the API server (`HEAD /livez/ping`) failed.
    #[error("{0}")]
    Probe(String),
    /// The client could not be built.
    #[error("building Kubernetes client: {0}")]
    Build(#[from] kube::Error),
}

/// A kubeconfig error in kubectl's words, without kube's quoting of the path (the message
/// names the file already) or Rust's `(os error N)`.
fn describe(e: &kube::config::KubeconfigError) -> String {
    use kube::config::KubeconfigError as K;
    match e {
        K::ReadConfig(io, _) => match io.kind() {
            std::io::ErrorKind::NotFound => String::from("no such file or directory"),
            std::io::ErrorKind::PermissionDenied => String::from("permission denied"),
            _ => io.to_string(),
        },
        K::LoadContext(name) => format!("context {name:?} does not exist"),
        K::LoadClusterOfContext(name) => format!("cluster {name:?} does not exist"),
        other => other.to_string(),
    }
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
    /// kubectl's connection flags (`--server`, `--token`, `--as`, …), applied over the
    /// kubeconfig.
    pub overrides: Overrides,
}

/// kubectl's (and Flux's) global connection flags; each set one replaces what the kubeconfig
/// says.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    /// `--cluster`: the kubeconfig cluster to use.
    pub cluster: Option<String>,
    /// `--user`: the kubeconfig user to use.
    pub user: Option<String>,
    /// `--server`: the API server address.
    pub server: Option<String>,
    /// `--token`: a bearer token.
    pub token: Option<String>,
    /// `--as`: the user to impersonate.
    pub impersonate: Option<String>,
    /// `--as-group`: groups to impersonate.
    pub impersonate_groups: Vec<String>,
    /// `--as-uid`: the UID to impersonate.
    pub impersonate_uid: Option<String>,
    /// `--as-user-extra key=value`: user extras to impersonate.
    pub impersonate_extra: Vec<String>,
    /// `--certificate-authority`: a PEM file of CA certificates.
    pub certificate_authority: Option<PathBuf>,
    /// `--client-certificate`: a PEM client certificate file.
    pub client_certificate: Option<PathBuf>,
    /// `--client-key`: a PEM client key file.
    pub client_key: Option<PathBuf>,
    /// `--insecure-skip-tls-verify`.
    pub insecure_skip_tls_verify: bool,
    /// `--tls-server-name`: the name the server certificate is checked against.
    pub tls_server_name: Option<String>,
    /// `--disable-compression`: no gzip for responses.
    pub disable_compression: bool,
}

impl Overrides {
    /// Applies the set flags to `config`.
    fn apply(&self, config: &mut Config) -> Result<()> {
        if let Some(s) = &self.server {
            config.cluster_url = s
                .parse()
                .map_err(|e| Error::Flag(format!("--server {s:?}: {e}")))?;
        }
        if let Some(t) = &self.token {
            config.auth_info.token = Some(t.clone().into());
        }
        if let Some(u) = &self.impersonate {
            config.auth_info.impersonate = Some(u.clone());
        }
        if !self.impersonate_groups.is_empty() {
            config.auth_info.impersonate_groups = Some(self.impersonate_groups.clone());
        }
        if let Some(u) = &self.impersonate_uid {
            config.auth_info.impersonate_uid = Some(u.clone());
        }
        for extra in &self.impersonate_extra {
            let (k, v) = extra.split_once('=').ok_or_else(|| {
                Error::Flag(format!("--as-user-extra {extra:?}: must be key=value"))
            })?;
            let name = http::HeaderName::try_from(format!("Impersonate-Extra-{k}"))
                .map_err(|e| Error::Flag(format!("--as-user-extra {extra:?}: {e}")))?;
            let value = http::HeaderValue::try_from(v)
                .map_err(|e| Error::Flag(format!("--as-user-extra {extra:?}: {e}")))?;
            config.headers.push((name, value));
        }
        if let Some(ca) = &self.certificate_authority {
            let text = std::fs::read(ca).map_err(|e| {
                Error::Flag(format!("--certificate-authority {}: {e}", ca.display()))
            })?;
            let certs: Vec<Vec<u8>> = pem::parse_many(&text)
                .map_err(|e| Error::Flag(format!("--certificate-authority {}: {e}", ca.display())))?
                .into_iter()
                .filter(|p| p.tag() == "CERTIFICATE")
                .map(|p| p.contents().to_vec())
                .collect();
            if certs.is_empty() {
                return Err(Error::Flag(format!(
                    "--certificate-authority {}: no PEM certificate found",
                    ca.display()
                )));
            }
            config.root_cert = Some(certs);
        }
        if let Some(c) = &self.client_certificate {
            config.auth_info.client_certificate = Some(c.display().to_string());
            config.auth_info.client_certificate_data = None;
        }
        if let Some(k) = &self.client_key {
            config.auth_info.client_key = Some(k.display().to_string());
            config.auth_info.client_key_data = None;
        }
        if self.insecure_skip_tls_verify {
            config.accept_invalid_certs = true;
        }
        if let Some(n) = &self.tls_server_name {
            config.tls_server_name = Some(n.clone());
        }
        if self.disable_compression {
            config.disable_compression = true;
        }
        Ok(())
    }
}

/// Loads the configuration the options point at.
pub async fn config(opts: &ClientOptions) -> Result<Config> {
    let kc_opts = KubeConfigOptions {
        context: opts.context.clone(),
        cluster: opts.overrides.cluster.clone(),
        user: opts.overrides.user.clone(),
    };
    let mut config = if let Some(path) = &opts.kubeconfig {
        let kubeconfig = Kubeconfig::read_from(path).map_err(|error| Error::Kubeconfig {
            path: path.display().to_string(),
            error,
        })?;
        Config::from_custom_kubeconfig(kubeconfig, &kc_opts)
            .await
            .map_err(|error| Error::Kubeconfig {
                path: path.display().to_string(),
                error,
            })?
    } else if opts.context.is_some()
        || opts.overrides.cluster.is_some()
        || opts.overrides.user.is_some()
    {
        Config::from_kubeconfig(&kc_opts)
            .await
            .map_err(|error| Error::Kubeconfig {
                path: std::env::var("KUBECONFIG").unwrap_or_else(|_| "~/.kube/config".into()),
                error,
            })?
    } else {
        match (Config::infer().await, &opts.overrides.server) {
            (Ok(c), _) => c,
            // `--server` alone is enough, as with kubectl.
            (Err(_), Some(s)) => Config::new(
                s.parse()
                    .map_err(|e| Error::Flag(format!("--server {s:?}: {e}")))?,
            ),
            (Err(e), None) => return Err(Error::Infer(e.to_string())),
        }
    };
    opts.overrides.apply(&mut config)?;
    if let Some(t) = opts.timeout {
        config.connect_timeout = Some(t);
        config.read_timeout = Some(t);
        config.write_timeout = Some(t);
    }
    Ok(config)
}

static LAST_SERVER: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The API server the first client of this process was built for (CLI error messages name
/// it when it cannot be reached).
pub fn last_server() -> Option<&'static str> {
    LAST_SERVER.get().map(String::as_str)
}

/// Builds a client, with the client-side rate limit applied to every request.
pub async fn client(opts: &ClientOptions) -> Result<Client> {
    let config = config(opts).await?;
    let _ = LAST_SERVER.set(
        config
            .cluster_url
            .to_string()
            .trim_end_matches('/')
            .to_string(),
    );
    client_from_config(config, opts.qps, opts.burst)
}

/// Builds a rate-limited client from a resolved configuration (controllers derive impersonating
/// clients this way).
pub fn client_from_config(config: Config, qps: f32, burst: u32) -> Result<Client> {
    let limits = Arc::new(RateLimits::new(qps, burst));
    let builder = match multiplexed(&config)? {
        Some(builder) => builder,
        None => kube::client::ClientBuilder::try_from(config)?,
    };
    let client = builder
        .with_layer(&tower::layer::layer_fn(move |svc| {
            RateLimited::new(svc, limits.clone())
        }))
        .build();
    Ok(client)
}

/// The response header the API server's Priority and Fairness filter sets on every request
/// it classifies (`flowcontrol.ResponseHeaderMatchedFlowSchemaUID`).
const FLOW_SCHEMA_HEADER: &str = "x-kubernetes-pf-flowschema-uid";

/// Whether the API server `config` reaches classifies requests with API Priority and
/// Fairness, asked as Flux's controllers ask it: a `HEAD /livez/ping` (even a 404 carries the
/// header) whose response names the flow schema that matched.
pub async fn priority_and_fairness(config: &Config) -> Result<bool> {
    let probe = client_from_config(config.clone(), 0.0, 0)?;
    let request = http::Request::head("/livez/ping")
        .body(kube::client::Body::empty())
        .map_err(|e| Error::Probe(format!("building the /livez/ping request: {e}")))?;
    let response = tokio::time::timeout(Duration::from_secs(10), probe.send(request))
        .await
        .map_err(|_| Error::Probe(String::from("HEAD /livez/ping: no answer within 10s")))??;
    Ok(response.headers().contains_key(FLOW_SCHEMA_HEADER))
}

/// The client-side limits controllers run with, as Flux's `GetConfigOrDie` decides them: none
/// (a QPS of -1) when the API server has Priority and Fairness, which queues and sheds load
/// on the server side (kube-apiserver's `--enable-priority-and-fairness` defaults to true);
/// otherwise, or
/// when the server cannot be asked, `--kube-api-qps`/`--kube-api-burst`.
pub async fn controller_limits(config: &Config, qps: f32, burst: u32) -> (f32, u32) {
    match priority_and_fairness(config).await {
        Ok(true) => (-1.0, burst),
        Ok(false) => (qps, burst),
        Err(e) => {
            tracing::debug!(error = %e, "could not ask the API server about Priority and Fairness; keeping the client-side rate limit");
            (qps, burst)
        }
    }
}

/// The service stack kube's `ClientBuilder` builds, with HTTP/2 offered to the API server
/// (TLS ALPN `h2`, then `http/1.1`), as client-go does: every request and watch of the
/// process then shares one connection instead of one HTTP/1 connection per request in
/// flight (about 30 under the kustomize-controller benchmark, each with its TLS session,
/// buffers and dispatch queue: a megabyte of heap). The connection is pinged after 30 s
/// without a frame and dropped when a ping goes 15 s unanswered (client-go's
/// `ReadIdleTimeout` and `PingTimeout`), so a dead API server fails every request on it and
/// the next ones open a new connection. `None` (kube's HTTP/1 stack) behind a proxy and for
/// exec credential plugins, whose client certificates carry an expiry kube tracks.
fn multiplexed(config: &Config) -> Result<Option<kube::client::ClientBuilder<Multiplexed>>> {
    use http_body_util::BodyExt;
    use kube::client::ConfigExt;
    use tower::ServiceExt;
    if config.proxy_url.is_some() || config.auth_info.exec.is_some() {
        return Ok(None);
    }
    let mut http = hyper_util::client::legacy::connect::HttpConnector::new();
    http.enforce_http(false);
    let mut tls = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(config.rustls_client_config()?)
        .https_or_http();
    if let Some(name) = &config.tls_server_name {
        let name = rustls_pki_types::ServerName::try_from(name.clone())
            .map_err(|e| Error::Flag(format!("--tls-server-name {name:?}: {e}")))?;
        tls = tls.with_server_name_resolver(hyper_rustls::FixedServerNameResolver::new(name));
    }
    let mut connector = hyper_timeout::TimeoutConnector::new(
        tls.enable_http1().enable_http2().wrap_connector(http),
    );
    connector.set_connect_timeout(config.connect_timeout);
    connector.set_read_timeout(config.read_timeout);
    connector.set_write_timeout(config.write_timeout);
    connector.set_reset_reader_on_write(config.reset_reader_on_write);
    let client = hyper_util::client::legacy::Builder::new(hyper_util::rt::TokioExecutor::new())
        .timer(hyper_util::rt::TokioTimer::new())
        .http2_keep_alive_interval(Duration::from_secs(30))
        .http2_keep_alive_timeout(Duration::from_secs(15))
        .build(connector);
    let retry = config
        .default_retry
        .then(|| tower::retry::RetryLayer::new(kube::client::retry::RetryPolicy::server_retry()));
    let service = tower::ServiceBuilder::new()
        .layer(config.base_uri_layer())
        .option_layer(retry)
        .option_layer(config.auth_layer()?)
        .layer(config.extra_headers_layer()?)
        .map_err(tower::BoxError::from)
        .service(client)
        .map_response(|response| {
            response.map(|body| {
                Box::new(body.map_err(tower::BoxError::from)) as Box<kube::client::DynBody>
            })
        });
    Ok(Some(kube::client::ClientBuilder::new(
        tower::util::BoxService::new(service),
        config.default_namespace.clone(),
    )))
}

/// The service [`multiplexed`] builds, as kube's own builder types it.
type Multiplexed = tower::util::BoxService<
    http::Request<kube::client::Body>,
    http::Response<Box<kube::client::DynBody>>,
    tower::BoxError,
>;

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
