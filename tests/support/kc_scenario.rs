//! The kustomize-controller scenario shared by the compatibility test and the benchmark: our
//! source-controller serves a Git repository's artifact, N Kustomizations (each applying a
//! ServiceAccount, a Service, a ConfigMap with a substituted variable and a Deployment with 0
//! replicas, pruned) are reconciled by one kustomize-controller — ours (`flux serve
//! kustomize-controller`) or Flux's own (built by `scripts/ensure-flux-kustomize-controller.sh`)
//! — running as a separate identity, so its API requests can be counted in the audit log.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use flux::api::kustomize::Kustomization;
use kube::api::{Api, ListParams, Patch, PatchParams, PostParams};
use serde_json::{json, Value};

use super::git_server::{GitServer, ServerAuth};

/// Which kustomize-controller runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Impl {
    /// `flux serve kustomize-controller` (this project).
    Ours,
    /// fluxcd/kustomize-controller v1.9.4 (Flux 2.9.4).
    Flux,
}

impl Impl {
    /// A short label.
    pub fn label(self) -> &'static str {
        match self {
            Impl::Ours => "ours",
            Impl::Flux => "flux",
        }
    }
}

/// Requests one controller made, by kind, from the API server's audit log.
#[derive(Clone, Debug, Default)]
pub struct Counts {
    /// Every request.
    pub total: usize,
    /// GET/LIST/WATCH.
    pub reads: usize,
    /// Dry-run writes (server-side apply dry runs).
    pub dry_runs: usize,
    /// Writes to Kustomization status.
    pub status_writes: usize,
    /// Writes to the reconciled objects themselves (finalizers).
    pub ks_writes: usize,
    /// Events created.
    pub events: usize,
    /// Writes to the applied objects (what "no-op" must keep at zero).
    pub object_writes: usize,
}

/// What one run measured.
#[derive(Clone, Debug, Default)]
pub struct Measured {
    /// Controller start until every Kustomization is Ready.
    pub wall: Duration,
    /// Peak resident memory of the controller (VmHWM), KiB.
    pub peak_rss_kib: u64,
    /// CPU seconds (user + system) until all were Ready.
    pub cpu_s: f64,
    /// Requests of the first reconcile of all N.
    pub first: Counts,
    /// Requested reconcile of all N with nothing changed: wall time.
    pub noop_wall: Duration,
    /// CPU seconds of the no-op round.
    pub noop_cpu_s: f64,
    /// Requests of the no-op round.
    pub noop: Counts,
    /// The inventory ids of `ks-0` with the namespace replaced by `NS`.
    pub inventory: Vec<String>,
    /// The artifact revision all were applied at.
    pub revision: String,
}

pub const SA: &str = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n";
pub const SVC: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: app\nspec:\n  selector:\n    app: app\n  ports:\n  - port: 80\n    targetPort: 8080\n";
pub const CM: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  index: \"idx-${index}\"\n  cluster: ${cluster_name:=bench}\n";
/// An opaque Secret: the fifth object, so that 1,000 Kustomizations apply 5,000 objects.
pub const SECRET: &str = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-token\ntype: Opaque\ndata:\n  token: YmVuY2gtdG9rZW4=\n";
pub const DEPLOY: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  replicas: 0\n  selector:\n    matchLabels:\n      app: app\n  template:\n    metadata:\n      labels:\n        app: app\n    spec:\n      serviceAccountName: app\n      containers:\n      - name: app\n        image: nginx:1.27\n        ports:\n        - containerPort: 8080\n";

/// Flux's kustomize-controller binary (built and cached on first use).
pub fn flux_kustomize_controller() -> PathBuf {
    if let Ok(p) = std::env::var("FLUX_KUSTOMIZE_CONTROLLER_BIN") {
        return PathBuf::from(p);
    }
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/ensure-flux-kustomize-controller.sh");
    let out = Command::new("bash")
        .arg(&script)
        .stderr(Stdio::inherit())
        .output()
        .expect("running ensure-flux-kustomize-controller.sh");
    assert!(
        out.status.success(),
        "ensure-flux-kustomize-controller.sh failed: {}",
        out.status
    );
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

fn audit_log() -> PathBuf {
    super::kubeconfig().parent().unwrap().join("audit.log")
}

/// The audit log's current length: where the next requests start.
pub fn audit_offset() -> u64 {
    std::fs::metadata(audit_log()).map(|m| m.len()).unwrap_or(0)
}

/// Counts the measured controller's requests in the audit log from byte `from`.
fn audit_counts(from: u64) -> Counts {
    audit_counts_for(from, "kustomizations")
}

/// Counts the measured controller's requests in the audit log from byte `from`, `resource`
/// (plural) being the kind it reconciles: writes to it and to its status are counted apart.
pub fn audit_counts_for(from: u64, resource: &str) -> Counts {
    use std::io::{Read, Seek, SeekFrom};
    let mut c = Counts::default();
    // For looking at the requests one by one: `KC_BENCH_AUDIT_COPY=<file>`.
    if let Some(to) = std::env::var_os("KC_BENCH_AUDIT_COPY") {
        let _ = std::fs::copy(audit_log(), to);
    }
    let Ok(mut f) = std::fs::File::open(audit_log()) else {
        return c;
    };
    let _ = f.seek(SeekFrom::Start(from));
    let mut text = String::new();
    let _ = f.read_to_string(&mut text);
    let mut seen = HashSet::new();
    let own = resource;
    for line in text.lines() {
        let Ok(ev) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if ev.pointer("/user/username").and_then(Value::as_str)
            != Some(super::control_plane::CONTROLLER_USER)
        {
            continue;
        }
        let id = ev["auditID"].as_str().unwrap_or_default().to_string();
        if !seen.insert(id) {
            continue;
        }
        c.total += 1;
        let verb = ev["verb"].as_str().unwrap_or_default();
        let resource = ev.pointer("/objectRef/resource").and_then(Value::as_str);
        let sub = ev.pointer("/objectRef/subresource").and_then(Value::as_str);
        let uri = ev["requestURI"].as_str().unwrap_or_default();
        match verb {
            "get" | "list" | "watch" => c.reads += 1,
            _ if uri.contains("dryRun") => c.dry_runs += 1,
            _ if resource == Some("events") => c.events += 1,
            _ if resource == Some(own) && sub == Some("status") => c.status_writes += 1,
            _ if resource == Some(own) => c.ks_writes += 1,
            _ => c.object_writes += 1,
        }
    }
    c
}

/// (peak RSS KiB, CPU seconds) of a live process.
pub fn proc_usage(pid: u32) -> (u64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let hwm = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, r)| r.split_whitespace().collect())
        .unwrap_or_default();
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|i| fields.get(*i).and_then(|v| v.parse::<f64>().ok()))
        .sum();
    (hwm, ticks / 100.0)
}

/// A controller process, killed when dropped.
pub struct Child(pub std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        super::stop_if_wrapped(&mut self.0, Duration::from_secs(60));
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The controllers' client-side limits (`--kube-api-qps`, `--kube-api-burst`): Flux's
/// defaults (50, 300) unless `KC_BENCH_QPS`/`KC_BENCH_BURST` say otherwise (a QPS of -1 turns
/// the limiter off in both, to see what the API server itself allows). Both controllers
/// ignore them where the API server has Priority and Fairness (`FLUX_RS_APF` not `off`).
pub fn client_limits() -> (String, String) {
    let var = |k: &str, d: &str| std::env::var(k).unwrap_or_else(|_| d.to_string());
    (var("KC_BENCH_QPS", "50"), var("KC_BENCH_BURST", "300"))
}

/// Starts our or Flux's kustomize-controller watching `ns` (logs in `dir`).
pub fn start_controller(imp: Impl, ns: &str, concurrent: u32, dir: &Path) -> Child {
    let kubeconfig = dir.join("controller.kubeconfig");
    super::control_plane::controller_kubeconfig(&super::kubeconfig(), &kubeconfig).unwrap();
    let (mp, hp) = (super::free_port(), super::free_port());
    let (qps, burst) = client_limits();
    let common = [
        format!("--concurrent={concurrent}"),
        format!("--kube-api-qps={qps}"),
        format!("--kube-api-burst={burst}"),
        format!("--metrics-addr=127.0.0.1:{mp}"),
        format!("--health-addr=127.0.0.1:{hp}"),
        "--watch-all-namespaces=false".into(),
        "--requeue-dependency=1s".into(),
    ];
    let log = std::fs::File::create(dir.join(format!("{}.log", imp.label()))).unwrap();
    let mut cmd = match imp {
        Impl::Ours => {
            let mut c = super::flux_command();
            c.args(["serve", "kustomize-controller"]);
            c.arg(format!(
                "--log-level={}",
                std::env::var("KC_LOG_LEVEL").unwrap_or_else(|_| "error".into())
            ));
            c
        }
        Impl::Flux => {
            let mut c = Command::new(flux_kustomize_controller());
            c.args([
                "--enable-leader-election=false",
                "--log-level=error",
                "--events-addr=",
            ]);
            c
        }
    };
    if imp == Impl::Ours {
        cmd.arg(format!("--kubeconfig={}", kubeconfig.display()));
    }
    // Flux's controllers read the kubeconfig from KUBECONFIG only.
    cmd.env("KUBECONFIG", &kubeconfig)
        .args(common)
        .env("RUNTIME_NAMESPACE", ns)
        .env("TMPDIR", dir)
        .stdout(Stdio::null())
        .stderr(log);
    Child(cmd.spawn().expect("starting the kustomize-controller"))
}

/// A Git server holding the scenario's repository `apps` (branch `main`, the app under
/// `./app`).
pub fn app_server() -> GitServer {
    let server = GitServer::start(ServerAuth::default());
    let repo = server.repo("apps", "main");
    repo.commit(
        &[
            ("app/sa.yaml", SA),
            ("app/service.yaml", SVC),
            ("app/configmap.yaml", CM),
            ("app/deployment.yaml", DEPLOY),
            ("app/secret.yaml", SECRET),
        ],
        "app",
    );
    repo.push();
    server
}

/// The scenario's GitRepository `repo` in `ns`, following [`app_server`]'s repository.
pub fn git_repository(server: &GitServer, ns: &str) -> Value {
    json!({
        "apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
        "metadata": {"name": "repo", "namespace": ns},
        "spec": {"interval": "1h", "url": server.url("apps"), "ref": {"branch": "main"}}
    })
}

/// The scenario's `i`th Kustomization in `ns` (GitRepository `repo`).
pub fn kustomization(i: usize, ns: &str) -> Kustomization {
    serde_json::from_value(json!({
        "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
        "metadata": {"name": format!("ks-{i}"), "namespace": ns},
        "spec": {"interval": "1h", "path": "./app", "prune": true, "targetNamespace": ns,
            "namePrefix": format!("ks-{i}-"),
            "sourceRef": {"kind": "GitRepository", "name": "repo"},
            "postBuild": {"substitute": {"index": i.to_string()}}}
    }))
    .unwrap()
}

/// Runs the scenario once with `n` Kustomizations.
pub async fn run(client: &kube::Client, imp: Impl, n: usize, concurrent: u32) -> Measured {
    let ns = super::namespace(client, &format!("kc-{}", imp.label())).await;
    let dir = tempfile::tempdir().unwrap();
    let server = app_server();
    let _source = super::serve(&["source-controller"], &ns, &[]);
    let mut cluster = flux::cluster::Cluster::new(client.clone());
    cluster.apply(&git_repository(&server, &ns)).await.unwrap();
    let revision = wait_source(client, &ns).await;

    let api = Api::<Kustomization>::namespaced(client.clone(), &ns);
    for i in 0..n {
        api.create(&PostParams::default(), &kustomization(i, &ns))
            .await
            .unwrap();
    }

    let mut m = Measured {
        revision: revision.clone(),
        ..Measured::default()
    };
    let offset = audit_offset();
    let t0 = Instant::now();
    let mut child = start_controller(imp, &ns, concurrent, dir.path());
    let pid = child.0.id();
    wait_all(&api, n, &mut child, dir.path(), imp, |k| {
        k.status.as_ref().is_some_and(|s| {
            s.last_applied_revision.as_deref() == Some(revision.as_str())
                && s.conditions
                    .iter()
                    .any(|c| c.type_ == "Ready" && c.status == "True")
        })
    })
    .await;
    m.wall = t0.elapsed();
    let (_, cpu) = proc_usage(pid);
    m.cpu_s = cpu;
    // Let trailing writes (events, status) land before counting.
    tokio::time::sleep(Duration::from_secs(2)).await;
    m.first = audit_counts(offset);

    // A requested reconcile of every Kustomization, nothing changed in Git or the cluster.
    let offset = audit_offset();
    let token = format!("noop-{}", std::process::id());
    let patch = json!({"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": token}}});
    let t1 = Instant::now();
    for i in 0..n {
        api.patch(
            &format!("ks-{i}"),
            &PatchParams::default(),
            &Patch::Merge(&patch),
        )
        .await
        .unwrap();
    }
    wait_all(&api, n, &mut child, dir.path(), imp, |k| {
        k.status
            .as_ref()
            .is_some_and(|s| s.last_handled_reconcile_at.as_deref() == Some(token.as_str()))
    })
    .await;
    m.noop_wall = t1.elapsed();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (hwm, cpu2) = proc_usage(pid);
    m.peak_rss_kib = hwm;
    m.noop_cpu_s = cpu2 - cpu;
    m.noop = audit_counts(offset);

    let k0 = api.get("ks-0").await.unwrap();
    m.inventory = k0
        .status
        .and_then(|s| s.inventory)
        .map(|i| {
            i.entries
                .into_iter()
                .map(|e| format!("{} {}", e.id.replace(&ns, "NS"), e.v))
                .collect()
        })
        .unwrap_or_default();
    m.inventory.sort();
    drop(child);
    m
}

async fn wait_source(client: &kube::Client, ns: &str) -> String {
    let api = Api::<flux::api::source::GitRepository>::namespaced(client.clone(), ns);
    for _ in 0..600 {
        if let Ok(r) = api.get("repo").await {
            if let Some(a) = r.status.and_then(|s| s.artifact) {
                return a.revision;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the GitRepository never got an artifact");
}

/// Waits (up to 20 minutes) until all `n` objects of `api` are `done`, panicking with the
/// first pending ones' Ready conditions and the controller's log tail otherwise.
pub async fn wait_all<K>(
    api: &Api<K>,
    n: usize,
    child: &mut Child,
    dir: &Path,
    imp: Impl,
    done: impl Fn(&K) -> bool,
) where
    K: kube::Resource<DynamicType = ()>
        + Clone
        + serde::de::DeserializeOwned
        + serde::Serialize
        + std::fmt::Debug,
{
    let limit = Duration::from_secs(1200);
    let start = Instant::now();
    let mut last: BTreeMap<String, String> = BTreeMap::new();
    while start.elapsed() < limit {
        if let Ok(Some(status)) = child.0.try_wait() {
            let log = std::fs::read_to_string(dir.join(format!("{}.log", imp.label())))
                .unwrap_or_default();
            panic!("{imp:?}: the controller exited ({status}):\n{log}");
        }
        if let Ok(list) = api.list(&ListParams::default()).await {
            let pending: Vec<&K> = list.items.iter().filter(|k| !done(k)).collect();
            if pending.is_empty() && list.items.len() == n {
                return;
            }
            last = pending
                .iter()
                .take(3)
                .map(|k| {
                    let value = serde_json::to_value(k.meta()).unwrap_or_default();
                    let name = value["name"].as_str().unwrap_or_default().to_string();
                    (name, ready_line(k))
                })
                .collect();
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let log = std::fs::read_to_string(dir.join(format!("{}.log", imp.label()))).unwrap_or_default();
    let tail: String = log.lines().rev().take(20).collect::<Vec<_>>().join("\n");
    panic!("{imp:?}: objects not done after {limit:?}: {last:?}\n{tail}");
}

/// `status reason message` of an object's Ready condition (empty without one).
fn ready_line<K: serde::Serialize>(k: &K) -> String {
    let value = serde_json::to_value(k).unwrap_or_default();
    value["status"]["conditions"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["type"] == "Ready"))
        .map(|c| {
            format!(
                "{} {} {}",
                c["status"].as_str().unwrap_or_default(),
                c["reason"].as_str().unwrap_or_default(),
                c["message"].as_str().unwrap_or_default()
            )
        })
        .unwrap_or_default()
}

/// The limit an applier can reach: the scenario's 5·N objects (as the Kustomizations render
/// them: prefixed names, substituted values) server-side applied by a plain loop, `concurrent`
/// at a time, in a fresh namespace on the same API server. Returns the wall time.
pub async fn plain_apply_loop(client: &kube::Client, n: usize, concurrent: usize) -> Duration {
    use futures::StreamExt;
    let ns = super::namespace(client, "kc-ssa-loop").await;
    let mut objects = Vec::new();
    for i in 0..n {
        for text in [SA, SVC, CM, DEPLOY, SECRET] {
            let text = text
                .replace("${index}", &i.to_string())
                .replace("${cluster_name:=bench}", "bench");
            let mut obj = flux::kustomize::yaml::parse_one(&text).expect("scenario YAML");
            let name = format!("ks-{i}-{}", obj["metadata"]["name"].as_str().unwrap());
            obj["metadata"]["name"] = json!(name);
            obj["metadata"]["namespace"] = json!(ns);
            if obj["kind"] == "Deployment" {
                obj["spec"]["template"]["spec"]["serviceAccountName"] =
                    json!(format!("ks-{i}-app"));
            }
            objects.push(obj);
        }
    }
    let t = Instant::now();
    let jobs = objects.into_iter().map(|obj| {
        let client = client.clone();
        async move {
            let mut cluster = flux::cluster::Cluster::new(client);
            let api = cluster.api_for(&obj).await.expect("discovery");
            let name = obj["metadata"]["name"].as_str().unwrap().to_string();
            api.patch(
                &name,
                &PatchParams::apply("plain-loop").force(),
                &Patch::Apply(&obj),
            )
            .await
            .expect("apply");
        }
    });
    futures::stream::iter(jobs)
        .buffer_unordered(concurrent.max(1))
        .collect::<Vec<()>>()
        .await;
    t.elapsed()
}
