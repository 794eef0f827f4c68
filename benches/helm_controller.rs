//! Benchmark: our helm-controller against Flux's own (fluxcd/helm-controller v1.6.3, built from
//! its Go module), each run out of the cluster against the same test control plane and fed by
//! our source-controller. One HelmChart (a small chart: a ConfigMap, a Service and a Deployment
//! with 0 replicas, packaged by the real helm and served by a local chart repository) is the
//! `chartRef` of N HelmReleases with different values. It measures the wall time from the
//! controller's start until all N are Ready, the controller's peak RSS and CPU seconds, and its
//! API requests (from the API server's audit log, by the controller's own identity), then a
//! requested no-op reconcile of all N. Prints a table and the ratios ours/Flux.
//!
//! `cargo bench --bench helm_controller [-- N...]` (default N = 100 500);
//! `HC_BENCH_CONCURRENT` sets `--concurrent` for both (default 4); `HC_BENCH_OURS_ONLY=1` runs
//! ours alone (for iterating on it; no ratios then).

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use flux::api::helm::HelmRelease;
use kube::api::{Api, ListParams, Patch, PatchParams, PostParams};
use serde_json::json;
use support::chart_repo::ChartRepo;
use support::kc_scenario::{
    audit_counts_for, audit_offset, proc_usage, wait_all, Child, Counts, Impl,
};

const CHART: &[(&str, &str)] = &[
    (
        "Chart.yaml",
        "apiVersion: v2\nname: bench\nversion: 0.1.0\nappVersion: \"1.0\"\n",
    ),
    ("values.yaml", "index: 0\nimage: nginx:1.27\n"),
    (
        "templates/configmap.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-settings\n  labels:\n    app: {{ .Release.Name }}\ndata:\n  index: {{ .Values.index | quote }}\n",
    ),
    (
        "templates/service.yaml",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  selector:\n    app: {{ .Release.Name }}\n  ports:\n  - port: 80\n    targetPort: 8080\n",
    ),
    (
        "templates/deployment.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: 0\n  selector:\n    matchLabels:\n      app: {{ .Release.Name }}\n  template:\n    metadata:\n      labels:\n        app: {{ .Release.Name }}\n    spec:\n      containers:\n      - name: app\n        image: {{ .Values.image }}\n        ports:\n        - containerPort: 8080\n",
    ),
];

/// What one run measured.
#[derive(Default)]
struct Measured {
    wall: Duration,
    peak_rss_kib: u64,
    cpu_s: f64,
    first: Counts,
    noop_wall: Duration,
    noop_cpu_s: f64,
    noop: Counts,
    release_secrets: usize,
}

fn flux_helm_controller() -> std::path::PathBuf {
    support::ensured("FLUX_HELM_CONTROLLER_BIN", "ensure-flux-helm-controller.sh")
}

/// Starts our or Flux's helm-controller watching `ns` as the controller identity.
fn start_controller(imp: Impl, ns: &str, concurrent: u32, dir: &Path) -> Child {
    let kubeconfig = dir.join("controller.kubeconfig");
    support::control_plane::controller_kubeconfig(&support::kubeconfig(), &kubeconfig).unwrap();
    let common = [
        format!("--concurrent={concurrent}"),
        "--kube-api-qps=50".into(),
        "--kube-api-burst=300".into(),
        format!("--metrics-addr=127.0.0.1:{}", support::free_port()),
        format!("--health-addr=127.0.0.1:{}", support::free_port()),
        "--watch-all-namespaces=false".into(),
        "--log-level=error".into(),
    ];
    let log = std::fs::File::create(dir.join(format!("{}.log", imp.label()))).unwrap();
    let mut cmd = match imp {
        Impl::Ours => {
            let mut c = support::flux_command();
            c.args(["serve", "helm-controller"])
                .arg(format!("--kubeconfig={}", kubeconfig.display()));
            c
        }
        Impl::Flux => {
            let mut c = Command::new(flux_helm_controller());
            c.args(["--enable-leader-election=false", "--events-addr="]);
            c
        }
    };
    // Flux's controllers read the kubeconfig from KUBECONFIG only.
    cmd.env("KUBECONFIG", &kubeconfig)
        .args(common)
        .env("RUNTIME_NAMESPACE", ns)
        .env("TMPDIR", dir)
        .stdout(Stdio::null())
        .stderr(log);
    Child(cmd.spawn().expect("starting the helm-controller"))
}

fn ready(hr: &HelmRelease) -> bool {
    hr.status.as_ref().is_some_and(|s| {
        s.conditions
            .iter()
            .any(|c| c.type_ == "Ready" && c.status == "True")
    })
}

/// The shared HelmChart `bench` in `ns`, from the repository, once it has an artifact.
async fn chart_source(client: &kube::Client, ns: &str, repo: &ChartRepo) {
    support::apply_in(
        client,
        ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmRepository",
            "metadata": {"name": "charts"}, "spec": {"interval": "1h", "url": repo.url()}}),
    )
    .await;
    support::apply_in(
        client,
        ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmChart",
            "metadata": {"name": "bench"},
            "spec": {"interval": "1h", "chart": "bench", "version": "0.1.0",
                "sourceRef": {"kind": "HelmRepository", "name": "charts"}}}),
    )
    .await;
    let api: Api<flux::api::source::HelmChart> = Api::namespaced(client.clone(), ns);
    for _ in 0..600 {
        if let Ok(c) = api.get("bench").await {
            if c.status.and_then(|s| s.artifact).is_some() {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the HelmChart never got an artifact");
}

async fn run(
    client: &kube::Client,
    repo: &ChartRepo,
    imp: Impl,
    n: usize,
    concurrent: u32,
) -> Measured {
    let ns = support::namespace(client, &format!("hc-{}", imp.label())).await;
    let dir = tempfile::tempdir().unwrap();
    let _source = support::serve(&["source-controller"], &ns, &[]);
    chart_source(client, &ns, repo).await;
    let api = Api::<HelmRelease>::namespaced(client.clone(), &ns);
    for i in 0..n {
        let hr: HelmRelease = serde_json::from_value(json!({
            "apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
            "metadata": {"name": format!("hr-{i}"), "namespace": ns},
            "spec": {"interval": "1h", "timeout": "5m",
                "chartRef": {"kind": "HelmChart", "name": "bench"},
                "values": {"index": i}}
        }))
        .unwrap();
        api.create(&PostParams::default(), &hr).await.unwrap();
    }

    let mut m = Measured::default();
    let offset = audit_offset();
    let t0 = Instant::now();
    let mut child = start_controller(imp, &ns, concurrent, dir.path());
    let pid = child.0.id();
    wait_all(&api, n, &mut child, dir.path(), imp, |h| {
        ready(h) && h.status.as_ref().is_some_and(|s| !s.history.is_empty())
    })
    .await;
    m.wall = t0.elapsed();
    m.cpu_s = proc_usage(pid).1;
    // Let trailing writes (events, status) land before counting.
    tokio::time::sleep(Duration::from_secs(2)).await;
    m.first = audit_counts_for(offset, "helmreleases");

    // A requested reconcile of every HelmRelease, nothing changed.
    let offset = audit_offset();
    let token = format!("noop-{}", std::process::id());
    let patch = json!({"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": token}}});
    let cpu0 = proc_usage(pid).1;
    let t1 = Instant::now();
    for i in 0..n {
        api.patch(
            &format!("hr-{i}"),
            &PatchParams::default(),
            &Patch::Merge(&patch),
        )
        .await
        .unwrap();
    }
    wait_all(&api, n, &mut child, dir.path(), imp, |h| {
        ready(h)
            && h.status
                .as_ref()
                .is_some_and(|s| s.last_handled_reconcile_at.as_deref() == Some(token.as_str()))
    })
    .await;
    m.noop_wall = t1.elapsed();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (hwm, cpu1) = proc_usage(pid);
    m.peak_rss_kib = hwm;
    m.noop_cpu_s = cpu1 - cpu0;
    m.noop = audit_counts_for(offset, "helmreleases");
    let secrets: Api<k8s_openapi::api::core::v1::Secret> = Api::namespaced(client.clone(), &ns);
    m.release_secrets = secrets
        .list(&ListParams::default().labels("owner=helm"))
        .await
        .map(|l| l.items.len())
        .unwrap_or(0);
    drop(child);
    m
}

fn counts(c: &Counts) -> String {
    format!(
        "{} req ({} reads, {} dry-run, {} object writes, {} status, {} hr, {} events)",
        c.total, c.reads, c.dry_runs, c.object_writes, c.status_writes, c.ks_writes, c.events
    )
}

fn ratio(a: f64, b: f64) -> String {
    if b == 0.0 {
        String::from("n/a")
    } else {
        format!("{:.3}x", a / b)
    }
}

fn report_one(n: usize, label: &str, m: &Measured) {
    println!("\nN = {n}");
    print_one(label, m, n);
}

fn print_one(label: &str, m: &Measured, n: usize) {
    println!(
        "  {label}: all Ready in {:.2}s, peak RSS {:.1} MiB, CPU {:.2}s, {} release Secrets; first: {}",
        m.wall.as_secs_f64(),
        m.peak_rss_kib as f64 / 1024.0,
        m.cpu_s,
        m.release_secrets,
        counts(&m.first)
    );
    println!(
        "  {label}: no-op reconcile of all {n}: {:.2}s, CPU {:.2}s; {}",
        m.noop_wall.as_secs_f64(),
        m.noop_cpu_s,
        counts(&m.noop)
    );
}

fn report(n: usize, ours: &Measured, flux: &Measured) {
    println!("\nN = {n}");
    for (label, m) in [("ours", ours), ("flux", flux)] {
        print_one(label, m, n);
    }
    println!(
        "  ratio ours/flux: wall {}, peak RSS {}, CPU {}, requests {}, no-op requests {}, no-op object writes {} vs {}",
        ratio(ours.wall.as_secs_f64(), flux.wall.as_secs_f64()),
        ratio(ours.peak_rss_kib as f64, flux.peak_rss_kib as f64),
        ratio(ours.cpu_s, flux.cpu_s),
        ratio(ours.first.total as f64, flux.first.total as f64),
        ratio(ours.noop.total as f64, flux.noop.total as f64),
        ours.noop.object_writes,
        flux.noop.object_writes,
    );
}

fn main() {
    // The audit log is how requests are attributed; it must be on before the API server starts.
    std::env::set_var("FLUX_RS_AUDIT", "1");
    let mut ns: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    if ns.is_empty() {
        ns = vec![100, 500];
    }
    let concurrent: u32 = std::env::var("HC_BENCH_CONCURRENT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let client = support::client().await;
        support::ensure_crds(&client).await;
        // Build Flux's controller before timing anything.
        let _ = flux_helm_controller();
        let repo = ChartRepo::start(None);
        repo.add_files_chart("bench", CHART);
        println!(
            "helm-controller benchmark: --concurrent={concurrent} --kube-api-qps=50 --kube-api-burst=300"
        );
        let ours_only = std::env::var_os("HC_BENCH_OURS_ONLY").is_some();
        for n in ns {
            let ours = run(&client, &repo, Impl::Ours, n, concurrent).await;
            if ours_only {
                report_one(n, "ours", &ours);
                continue;
            }
            let flux = run(&client, &repo, Impl::Flux, n, concurrent).await;
            report(n, &ours, &flux);
        }
    });
}
