//! `flux serve <controller>...`: run controllers in this process (in the cluster or against
//! `--kubeconfig`), with the artifact, health and metrics HTTP servers.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use crate::api::Duration;
use crate::artifact::storage::{self, Storage};
use crate::controllers::{kustomize, notification, source};
use crate::runtime::manager::{self, Manager};
use crate::runtime::tenancy::Tenancy;
use crate::runtime::{metrics::Metrics, RuntimeOptions};

/// Flags of `flux serve` (Flux's controller flags).
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Controllers to run: source-controller, kustomize-controller, notification-controller.
    #[arg(required = true)]
    pub controllers: Vec<String>,
    /// The number of concurrent reconciles per controller.
    #[arg(long, default_value_t = 2)]
    pub concurrent: u16,
    /// The interval at which failing dependencies are reevaluated.
    #[arg(long, default_value = "30s")]
    pub requeue_dependency: Duration,
    /// The minimum amount of time for which an object being reconciled will have to wait before a retry.
    #[arg(long, default_value = "750ms")]
    pub min_retry_delay: Duration,
    /// The maximum amount of time for which an object being reconciled will have to wait before a retry.
    #[arg(long, default_value = "15m")]
    pub max_retry_delay: Duration,
    /// Percentage of jitter to apply to interval durations.
    #[arg(long, default_value_t = 5)]
    pub interval_jitter_percentage: u8,
    /// Watch for custom resources in all namespaces, if set to false it will only watch the runtime namespace.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub watch_all_namespaces: bool,
    /// Watch for resources with matching labels e.g. 'sharding.fluxcd.io/shard=shard1'.
    #[arg(long)]
    pub watch_label_selector: Option<String>,
    /// When set to true, references between custom resources are allowed only if the reference and the referee are in the same namespace.
    #[arg(long)]
    pub no_cross_namespace_refs: bool,
    /// The address of the events receiver: the URL other controllers post events to, and for
    /// notification-controller the address its event server binds (default :9090).
    #[arg(long)]
    pub events_addr: Option<String>,
    /// The address the webhook receiver server binds to (notification-controller).
    #[arg(
        long = "receiverAddr",
        alias = "receiver-addr",
        default_value = ":9292"
    )]
    pub receiver_addr: String,
    /// Interval within which identical events are dropped (notification-controller).
    #[arg(long, default_value = "5m")]
    pub rate_limit_interval: Duration,
    /// Label HTTP metrics with the request path (notification-controller).
    #[arg(long)]
    pub export_http_path_metrics: bool,
    /// The address the metric endpoint binds to.
    #[arg(long, default_value = ":8080")]
    pub metrics_addr: String,
    /// The address the health endpoint binds to.
    #[arg(long, default_value = ":9440")]
    pub health_addr: String,
    /// Enable leader election for controller manager.
    #[arg(long)]
    pub enable_leader_election: bool,
    /// Defines if the leader should step down voluntarily on controller manager shutdown.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub leader_election_release_on_cancel: bool,
    /// Interval at which non-leader candidates will wait to force acquire leadership.
    #[arg(long, default_value = "35s")]
    pub leader_election_lease_duration: Duration,
    /// Duration that the leading controller manager will retry refreshing leadership before giving up.
    #[arg(long, default_value = "30s")]
    pub leader_election_renew_deadline: Duration,
    /// Duration the LeaderElector clients should wait between tries of actions.
    #[arg(long, default_value = "5s")]
    pub leader_election_retry_period: Duration,
    /// Log verbosity level: trace, debug, info or error.
    #[arg(long, default_value = "info")]
    pub log_level: String,
    /// Log encoding format: json or console.
    #[arg(long, default_value = "json")]
    pub log_encoding: String,
    /// The local storage path.
    #[arg(long, default_value = "/data")]
    pub storage_path: PathBuf,
    /// The address the static file server binds to.
    #[arg(long, default_value = ":9090")]
    pub storage_addr: String,
    /// The advertised address of the static file server.
    #[arg(long)]
    pub storage_adv_addr: Option<String>,
    /// The duration of time that artifacts from previous reconciliations will be kept in storage before being garbage collected.
    #[arg(long, default_value = "1m0s")]
    pub artifact_retention_ttl: Duration,
    /// The maximum number of artifacts to be kept in storage after a garbage collection.
    #[arg(long, default_value_t = 2)]
    pub artifact_retention_records: usize,
    /// The maximum size in bytes of a Helm repository index (source-controller).
    #[arg(long, default_value_t = 50 * 1024 * 1024)]
    pub helm_index_max_size: u64,
    /// Service account kustomize-controller impersonates when a Kustomization names none.
    #[arg(long)]
    pub default_service_account: Option<String>,
    /// A set of key=value pairs that describe feature gates for alpha/experimental features.
    #[arg(long, default_value = "")]
    pub feature_gates: String,
    /// The number of concurrent server-side apply operations (kustomize-controller).
    #[arg(long, default_value_t = 4)]
    pub concurrent_ssa: usize,
    /// Disallow remote bases usage in Kustomize overlays; remote bases will be ignored
    /// (kustomize-controller: a build naming one fails).
    #[arg(long)]
    pub no_remote_bases: bool,
    /// A comma-separated list of GroupKind (e.g. `rbac.authorization.k8s.io/Role,ConfigMap`)
    /// applied in a stage of their own after CRDs and classes and before everything else
    /// (kustomize-controller).
    #[arg(long, default_value = "")]
    pub custom_apply_stage_kinds: String,
    /// Field manager disallowed to perform changes on managed resources: its fields are taken
    /// over by the next apply (kustomize-controller; repeatable).
    #[arg(long)]
    pub override_manager: Vec<String>,
}

/// Turns Go-style `:8080` into a bindable address.
fn bind_addr(s: &str) -> anyhow::Result<SocketAddr> {
    let full = if s.starts_with(':') {
        format!("0.0.0.0{s}")
    } else {
        s.to_string()
    };
    full.parse()
        .map_err(|e| anyhow::anyhow!("invalid address {s:?}: {e}"))
}

/// Sets up logging as `--log-level` and `--log-encoding` ask.
pub fn init_logging(args: &ServeArgs) {
    let level = match args.log_level.as_str() {
        "trace" => "trace",
        "debug" => "debug",
        "error" => "error",
        _ => "info",
    };
    let filter = tracing_subscriber::EnvFilter::new(format!("warn,flux={level}"));
    // Colour only on a terminal without NO_COLOR, as for the other commands.
    use std::io::IsTerminal;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none())
        .with_writer(std::io::stderr);
    if args.log_encoding == "console" {
        builder.init();
    } else {
        builder.event_format(crate::runtime::logs::ZapJson).init();
    }
}

async fn serve_http(addr: SocketAddr, router: axum::Router, what: &str) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("{what} server: binding {addr}: {e}"))?;
    crate::runtime::http::serve(listener, router)
        .await
        .map_err(|e| anyhow::anyhow!("{what} server: {e}"))
}

/// Runs `flux serve`.
pub async fn run(args: ServeArgs, g: &super::Global) -> anyhow::Result<()> {
    for c in &args.controllers {
        if crate::api::Controller::from_name(c).is_none() {
            let known: Vec<&str> = crate::api::Controller::ALL
                .iter()
                .map(|c| c.name())
                .collect();
            anyhow::bail!("unknown controller {c:?}; known: {}", known.join(", "));
        }
    }
    crate::runtime::workdir::init()?;
    let wants = |c: &str| args.controllers.iter().any(|x| x == c);
    let metrics_addr = bind_addr(&args.metrics_addr)?;
    let health_addr = bind_addr(&args.health_addr)?;
    let storage_addr = bind_addr(&args.storage_addr)?;
    // With notification-controller in this process, --events-addr is its bind address and the
    // other controllers post to it over loopback; otherwise it is the URL to post to.
    let (events_bind, events_url) = if wants(notification::CONTROLLER) {
        let listen = args
            .events_addr
            .clone()
            .filter(|a| !a.contains("://"))
            .unwrap_or_else(|| String::from(":9090"));
        let addr = bind_addr(&listen)?;
        if wants(source::CONTROLLER) && addr == storage_addr {
            anyhow::bail!(
                "--storage-addr and --events-addr both bind {listen}; give one of them another port"
            );
        }
        (
            Some(addr),
            Some(format!("http://127.0.0.1:{}/", addr.port())),
        )
    } else {
        (None, args.events_addr.clone())
    };
    let runtime_ns = std::env::var("RUNTIME_NAMESPACE").unwrap_or_else(|_| g.namespace.clone());
    let runtime = RuntimeOptions {
        concurrent: args.concurrent.max(1),
        requeue_dependency: args.requeue_dependency.std(),
        min_retry_delay: args.min_retry_delay.std(),
        max_retry_delay: args.max_retry_delay.std(),
        interval_jitter_percentage: args.interval_jitter_percentage,
        watch_all_namespaces: args.watch_all_namespaces,
        runtime_namespace: runtime_ns.clone(),
        watch_label_selector: args.watch_label_selector.clone(),
        no_cross_namespace_refs: args.no_cross_namespace_refs,
        events_addr: events_url,
        feature_gates: crate::runtime::parse_feature_gates(&args.feature_gates)
            .map_err(|e| anyhow::anyhow!("--feature-gates: {e}"))?,
        ..Default::default()
    };
    let mut copts = g.client_options();
    copts.timeout = None;
    let base_config = crate::cluster::client::config(&copts).await?;
    // As Flux's controllers do: no client-side rate limit where the API server queues and
    // sheds load itself (Priority and Fairness).
    let (qps, burst) =
        crate::cluster::client::controller_limits(&base_config, copts.qps, copts.burst).await;
    if qps < 0.0 {
        tracing::info!(
            "API Priority and Fairness is enabled on the API server: client-side rate limiting is off"
        );
    }
    let client = crate::cluster::client::client_from_config(base_config.clone(), qps, burst)?;
    let metrics = if wants(notification::CONTROLLER) {
        Metrics::with_notification_servers()
    } else {
        Metrics::new()
    };

    let m = metrics.clone();
    let metrics_router = axum::Router::new().route(
        "/metrics",
        axum::routing::get(move || {
            let m = m.clone();
            async move { m.encode() }
        }),
    );
    let health_router = axum::Router::new()
        .route("/healthz", axum::routing::get(|| async { "ok" }))
        .route("/readyz", axum::routing::get(|| async { "ok" }));
    let mut servers = tokio::task::JoinSet::new();
    servers.spawn(serve_http(metrics_addr, metrics_router, "metrics"));
    servers.spawn(serve_http(health_addr, health_router, "health"));

    let leader_election = args
        .enable_leader_election
        .then(|| manager::LeaderElection {
            lease_duration: args.leader_election_lease_duration.std(),
            renew_deadline: args.leader_election_renew_deadline.std(),
            retry_period: args.leader_election_retry_period.std(),
            release_on_cancel: args.leader_election_release_on_cancel,
        });
    let mut manager = Manager::new(
        client.clone(),
        runtime.clone(),
        metrics.clone(),
        leader_election,
    );
    let watcher = crate::controllers::source_watcher::CONTROLLER;
    let mut source_ctx = None;
    if wants(source::CONTROLLER) || wants(watcher) {
        std::fs::create_dir_all(&args.storage_path)
            .map_err(|e| anyhow::anyhow!("--storage-path {}: {e}", args.storage_path.display()))?;
        let advertised = args
            .storage_adv_addr
            .clone()
            .unwrap_or_else(|| format!("{}:{}", crate::runtime::hostname(), storage_addr.port()));
        let store = Storage {
            root: args.storage_path.clone(),
            advertised,
            retention_ttl: args.artifact_retention_ttl.std(),
            retention_records: args.artifact_retention_records.max(1),
        };
        let artifact_router =
            storage::router(&args.storage_path).route("/", axum::routing::get(|| async { "ok" }));
        servers.spawn(serve_http(storage_addr, artifact_router, "artifact"));
        let ctx = source::Context::new(client.clone(), store, runtime.clone());
        source_ctx = Some(ctx.clone());
        if wants(watcher) {
            tracing::info!(controller = watcher, "starting controller");
            manager.add(Arc::new(
                crate::controllers::source_watcher::ArtifactGeneratorReconciler::new(ctx.clone()),
            ));
        }
    }
    if wants(source::CONTROLLER) {
        let ctx = source_ctx
            .clone()
            .expect("storage set up for source-controller");
        tracing::info!(controller = source::CONTROLLER, "starting controller");
        manager.add(Arc::new(source::git::GitRepositoryReconciler::new(
            ctx.clone(),
        )));
        manager.add(Arc::new(
            source::helm_repository::HelmRepositoryReconciler::new(
                ctx.clone(),
                args.helm_index_max_size,
            ),
        ));
        manager.add(Arc::new(
            source::oci_repository::OCIRepositoryReconciler::new(ctx.clone()),
        ));
        manager.add(Arc::new(source::helm_chart::HelmChartReconciler::new(
            ctx.clone(),
        )));
        manager.add(Arc::new(source::bucket::BucketReconciler::new(ctx)));
    }
    if wants(kustomize::CONTROLLER) {
        let tenancy = Tenancy {
            config: Some(base_config.clone()),
            qps,
            burst,
            flag_qps: copts.qps,
            default_service_account: args.default_service_account.clone(),
            ..Tenancy::new(client.clone())
        };
        let ctx = kustomize::Context::new(
            client.clone(),
            runtime.clone(),
            tenancy,
            args.concurrent_ssa,
            !args.no_remote_bases,
            crate::apply::GroupKind::parse_list(&args.custom_apply_stage_kinds),
            &args.override_manager,
        );
        tracing::info!(controller = kustomize::CONTROLLER, "starting controller");
        manager.add(Arc::new(kustomize::KustomizationReconciler::new(ctx)));
    }
    if wants(crate::controllers::helm::CONTROLLER) {
        use crate::controllers::helm;
        let tenancy = Tenancy {
            config: Some(base_config.clone()),
            qps,
            burst,
            flag_qps: copts.qps,
            default_service_account: args.default_service_account.clone(),
            ..Tenancy::new(client.clone())
        };
        let ctx = Arc::new(helm::Context {
            client: client.clone(),
            runtime: runtime.clone(),
            tenancy,
            sources: Default::default(),
        });
        tracing::info!(controller = helm::CONTROLLER, "starting controller");
        manager.add(Arc::new(helm::HelmReleaseReconciler::new(ctx)));
    }
    if wants(crate::controllers::image::CONTROLLER) {
        use crate::controllers::image;
        let ctx = image::Context::new(
            client.clone(),
            runtime.clone(),
            image::TagStore::new(&args.storage_path),
        );
        tracing::info!(controller = image::CONTROLLER, "starting controller");
        manager.add(Arc::new(image::ImageRepositoryReconciler::new(ctx.clone())));
        manager.add(Arc::new(image::ImagePolicyReconciler::new(ctx)));
    }
    if wants(crate::controllers::image_automation::CONTROLLER) {
        use crate::controllers::image_automation as automation;
        let ctx = automation::Context::new(client.clone(), runtime.clone());
        tracing::info!(controller = automation::CONTROLLER, "starting controller");
        manager.add(Arc::new(automation::ImageUpdateAutomationReconciler::new(
            ctx,
        )));
    }
    if let Some(events_bind) = events_bind {
        let receiver_addr = bind_addr(&args.receiver_addr)?;
        // The Receivers' watch cache, the one the Receiver reconciler below shares.
        let (receivers, _) = manager
            .subscribe::<crate::api::notification::Receiver>(runtime.watch_label_selector.clone());
        let ctx = notification::Context::new(
            client.clone(),
            runtime.clone(),
            notification::ServerOptions {
                rate_limit_interval: args.rate_limit_interval.std(),
                export_http_path_metrics: args.export_http_path_metrics,
            },
            metrics.clone(),
            receivers,
        );
        servers.spawn(serve_http(
            events_bind,
            notification::dispatch::router(ctx.clone()),
            "event",
        ));
        servers.spawn(serve_http(
            receiver_addr,
            notification::hooks::router(ctx.clone()),
            "receiver",
        ));
        tracing::info!(controller = notification::CONTROLLER, "starting controller");
        manager.add(Arc::new(notification::ReceiverReconciler::new(ctx)));
    }
    tokio::select! {
        _ = manager.run() => {
            tracing::info!("controllers stopped");
            Ok(())
        }
        Some(r) = servers.join_next() => {
            r.map_err(|e| anyhow::anyhow!("server task: {e}"))??;
            Ok(())
        }
    }
}
