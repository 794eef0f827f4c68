//! Benchmark: the footprint of `flux install`'s controllers running as pods on the test node,
//! ours against Flux's own, side by side in one run. Ours run from our image (the static
//! binary, `scripts/ensure-image.sh`); Flux's source-, kustomize-, helm- and
//! notification-controller (the versions Flux 2.9.4 ships) are built from their Go modules and
//! packaged the same way (`scripts/oci-image.py`, the binary as the entrypoint, user 65534).
//! Both sets run with the same Deployments: `flux install`'s objects as rendered, on the node's
//! pod network (`tests/support/node.rs`); Flux's with its image, without our `serve <name>`
//! arguments and with the `GOMEMLIMIT` Flux's manifests add (Flux's CLI built from its module
//! carries no manifests to render its own: `flux install --export` fails with `generate rbac
//! failed`).
//!
//! For each set, from the pods' cgroups (v1): memory (working set = usage − inactive file, as
//! the kubelet reports it; RSS) and CPU at idle with no objects (30 s after all are Ready,
//! measured over 30 s), then under the kustomize benchmark load (a GitRepository and N
//! Kustomizations, each applying a ServiceAccount, a Service, a ConfigMap with a substituted
//! variable and a Deployment with 0 replicas): the wall time until all are Ready, the CPU
//! seconds it took and the peak memory (the cgroup's high-water mark, page cache included).
//! Prints a table per set and the ratios ours/Flux.
//!
//! `cargo bench --bench pod_footprint [-- N]` (default N = 100). Needs the node (one per
//! machine: do not run it beside the node tests).

#[path = "../tests/support/mod.rs"]
mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, DeleteParams, ListParams, PostParams};
use serde_json::{json, Value};

/// Flux's controllers: name, ensure script, environment override, version.
const FLUX: [(&str, &str, &str, &str); 4] = [
    (
        "source-controller",
        "ensure-flux-source-controller.sh",
        "FLUX_SOURCE_CONTROLLER_BIN",
        "v1.9.4",
    ),
    (
        "kustomize-controller",
        "ensure-flux-kustomize-controller.sh",
        "FLUX_KUSTOMIZE_CONTROLLER_BIN",
        "v1.9.4",
    ),
    (
        "helm-controller",
        "ensure-flux-helm-controller.sh",
        "FLUX_HELM_CONTROLLER_BIN",
        "v1.6.3",
    ),
    (
        "notification-controller",
        "ensure-flux-notification-controller.sh",
        "FLUX_NOTIFICATION_CONTROLLER_BIN",
        "v1.9.3",
    ),
];

#[derive(Clone, Copy, PartialEq)]
enum Set {
    Ours,
    Flux,
}

impl Set {
    fn label(self) -> &'static str {
        match self {
            Set::Ours => "ours",
            Set::Flux => "flux",
        }
    }
}

/// One controller's figures.
#[derive(Default, Clone)]
struct Row {
    idle_ws: u64,
    idle_rss: u64,
    idle_cpu_m: f64,
    load_cpu_s: f64,
    load_peak: u64,
    load_ws: u64,
}

struct Measured {
    rows: BTreeMap<String, Row>,
    load_wall: Duration,
}

fn mib(b: u64) -> f64 {
    b as f64 / (1024.0 * 1024.0)
}

fn flux_image(name: &str, version: &str) -> String {
    format!("ghcr.io/fluxcd/{name}:{version}")
}

/// Packages Flux's controller binaries as OCI layout tars.
fn flux_images(dir: &Path) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    FLUX.iter()
        .map(|(name, script, env, version)| {
            let bin = support::ensured(env, script);
            let out = dir.join(format!("{name}.tar"));
            let status = std::process::Command::new("python3")
                .arg(root.join("scripts/oci-image.py"))
                .args(["--ref", &flux_image(name, version)])
                .arg("--binary")
                .arg(&bin)
                .args(["--path", &format!("/usr/local/bin/{name}")])
                .args(["--user", "65534:65534"])
                .arg(&out)
                .stdout(std::process::Stdio::null())
                .status()
                .expect("python3");
            assert!(status.success(), "packaging {name}");
            out
        })
        .collect()
}

/// `flux install`'s objects for `set`.
fn objects(set: Set) -> Vec<Value> {
    let mut docs =
        flux::install::manifests::objects(&flux::install::InstallOptions::default()).unwrap();
    if set == Set::Flux {
        for d in docs.iter_mut().filter(|d| d["kind"] == "Deployment") {
            let name = d["metadata"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let version = FLUX
                .iter()
                .find(|f| f.0 == name)
                .map(|f| f.3)
                .unwrap_or_else(|| panic!("no Flux image for {name}"));
            let c = &mut d["spec"]["template"]["spec"]["containers"][0];
            c["image"] = json!(flux_image(&name, version));
            let args: Vec<Value> = c["args"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .skip(2)
                .collect();
            c["args"] = json!(args);
            // Flux's manifests (flux2 manifests/bases/*/patch.yaml) give its Go controllers
            // the memory limit as GOMEMLIMIT.
            let mut env = c["env"].as_array().cloned().unwrap_or_default();
            env.push(
                json!({"name": "GOMEMLIMIT", "valueFrom": {"resourceFieldRef": {
                "containerName": "manager", "resource": "limits.memory"}}}),
            );
            c["env"] = json!(env);
        }
    }
    docs
}

/// The cgroup directory of a pod in one hierarchy (`memory`, `cpuacct`).
fn pod_cgroup(hierarchy: &str, uid: &str) -> Option<PathBuf> {
    fn find(dir: &Path, want: &str) -> Option<PathBuf> {
        for e in std::fs::read_dir(dir).ok()?.flatten() {
            let p = e.path();
            if !p.is_dir() {
                continue;
            }
            if e.file_name().to_string_lossy() == want {
                return Some(p);
            }
            if let Some(found) = find(&p, want) {
                return Some(found);
            }
        }
        None
    }
    find(
        &Path::new("/sys/fs/cgroup").join(hierarchy).join("kubepods"),
        &format!("pod{uid}"),
    )
}

fn read_u64(p: &Path) -> u64 {
    std::fs::read_to_string(p)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0)
}

fn stat(dir: &Path, key: &str) -> u64 {
    std::fs::read_to_string(dir.join("memory.stat"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key} ")))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}

/// A pod's memory figures: (working set, RSS, high-water mark of usage).
fn memory(uid: &str) -> (u64, u64, u64) {
    let Some(dir) = pod_cgroup("memory", uid) else {
        return (0, 0, 0);
    };
    let usage = read_u64(&dir.join("memory.usage_in_bytes"));
    let ws = usage.saturating_sub(stat(&dir, "total_inactive_file"));
    (
        ws,
        stat(&dir, "total_rss"),
        read_u64(&dir.join("memory.max_usage_in_bytes")),
    )
}

/// A pod's CPU time so far, in seconds.
fn cpu(uid: &str) -> f64 {
    pod_cgroup("cpuacct", uid)
        .map(|d| read_u64(&d.join("cpuacct.usage")) as f64 / 1e9)
        .unwrap_or(0.0)
}

/// The controller pods of flux-system: Deployment name → pod UID.
async fn controller_pods(client: &kube::Client) -> BTreeMap<String, String> {
    let pods: Api<Pod> = Api::namespaced(client.clone(), "flux-system");
    pods.list(&ListParams::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .filter(|p| p.metadata.deletion_timestamp.is_none())
        .filter_map(|p| {
            let app = p.metadata.labels.as_ref()?.get("app")?.clone();
            Some((app, p.metadata.uid?))
        })
        .collect()
}

async fn wait_ready(client: &kube::Client, names: &[String]) {
    let deployments: Api<Deployment> = Api::namespaced(client.clone(), "flux-system");
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        let mut unready = Vec::new();
        for name in names {
            let d = deployments.get(name).await.unwrap();
            if d.status.and_then(|s| s.ready_replicas).unwrap_or(0) < 1 {
                unready.push(name.clone());
            }
        }
        if unready.is_empty() {
            return;
        }
        assert!(Instant::now() < deadline, "not ready: {unready:?}");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

async fn measure(node: &support::node::Node, set: Set, n: usize) -> Measured {
    let client = node.client().await;
    let docs = objects(set);
    let quiet = flux::output::Logger { quiet: true };
    flux::install::apply_staged(client.clone(), &docs, Duration::from_secs(60), &quiet)
        .await
        .unwrap();
    let names: Vec<String> = docs
        .iter()
        .filter(|d| d["kind"] == "Deployment")
        .map(|d| d["metadata"]["name"].as_str().unwrap().to_string())
        .collect();
    wait_ready(&client, &names).await;
    let pods = controller_pods(&client).await;
    assert_eq!(pods.len(), names.len(), "{pods:?}");
    eprintln!("{}: all controllers Ready; idle for 60 s", set.label());

    // Idle: settle, then CPU over a window and memory at its end.
    tokio::time::sleep(Duration::from_secs(30)).await;
    let window = Duration::from_secs(30);
    let before: BTreeMap<&String, f64> = pods.iter().map(|(k, uid)| (k, cpu(uid))).collect();
    tokio::time::sleep(window).await;
    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    for (name, uid) in &pods {
        let (ws, rss, _) = memory(uid);
        rows.insert(
            name.clone(),
            Row {
                idle_ws: ws,
                idle_rss: rss,
                idle_cpu_m: (cpu(uid) - before[name]) / window.as_secs_f64() * 1000.0,
                ..Row::default()
            },
        );
    }

    // Load: the kustomize benchmark's GitRepository and N Kustomizations.
    eprintln!("{}: load, N = {n}", set.label());
    let ns = format!("load-{}", set.label());
    let namespaces: Api<k8s_openapi::api::core::v1::Namespace> = Api::all(client.clone());
    namespaces
        .create(
            &PostParams::default(),
            &serde_json::from_value(json!({"metadata": {"name": ns}})).unwrap(),
        )
        .await
        .unwrap();
    let server = support::kc_scenario::app_server();
    let cpu0: BTreeMap<&String, f64> = pods.iter().map(|(k, uid)| (k, cpu(uid))).collect();
    let t0 = Instant::now();
    let mut cluster = flux::cluster::Cluster::new(client.clone());
    // The source-controller in its pod reaches the Git server through the node's gateway.
    let mut git_repository = support::kc_scenario::git_repository(&server, &ns);
    let url = git_repository["spec"]["url"].as_str().unwrap().to_string();
    git_repository["spec"]["url"] = json!(support::node::expose_to_pods(&url).unwrap());
    cluster.apply(&git_repository).await.unwrap();
    let api: Api<flux::api::kustomize::Kustomization> = Api::namespaced(client.clone(), &ns);
    for i in 0..n {
        let k = support::kc_scenario::kustomization(i, &ns);
        api.create(&PostParams::default(), &k).await.unwrap();
    }
    let deadline = Instant::now() + Duration::from_secs(1200);
    loop {
        let list = api.list(&ListParams::default()).await.unwrap();
        let ready = list
            .items
            .iter()
            .filter(|k| {
                k.status
                    .as_ref()
                    .is_some_and(|s| flux::api::meta::is_ready(&s.conditions))
            })
            .count();
        if ready == n {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{}: {ready} of {n} Ready",
            set.label()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let load_wall = t0.elapsed();
    for (name, uid) in &pods {
        let (ws, _, peak) = memory(uid);
        let r = rows.get_mut(name).unwrap();
        r.load_cpu_s = cpu(uid) - cpu0[name];
        r.load_peak = peak;
        r.load_ws = ws;
    }

    // Clean up while the controllers still run (they remove their finalizers), then remove
    // the controllers and their leader election leases.
    let dp = DeleteParams::default();
    api.delete_collection(&dp, &ListParams::default())
        .await
        .unwrap();
    let git: Api<flux::api::source::GitRepository> = Api::namespaced(client.clone(), &ns);
    git.delete("repo", &dp).await.unwrap();
    for _ in 0..600 {
        let left = api.list(&ListParams::default()).await.unwrap().items.len()
            + git.list(&ListParams::default()).await.unwrap().items.len();
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let deployments: Api<Deployment> = Api::namespaced(client.clone(), "flux-system");
    deployments
        .delete_collection(&dp, &ListParams::default())
        .await
        .unwrap();
    let all_pods: Api<Pod> = Api::namespaced(client.clone(), "flux-system");
    for _ in 0..1200 {
        if all_pods
            .list(&ListParams::default())
            .await
            .unwrap()
            .items
            .is_empty()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let leases: Api<k8s_openapi::api::coordination::v1::Lease> =
        Api::namespaced(client.clone(), "flux-system");
    let _ = leases.delete_collection(&dp, &ListParams::default()).await;
    Measured { rows, load_wall }
}

fn print(set: Set, m: &Measured) {
    println!(
        "\n{} ({}):\n{:<26}{:>12}{:>12}{:>12}{:>14}{:>14}{:>14}",
        set.label(),
        match set {
            Set::Ours => "one static binary, `flux serve <controller>`",
            Set::Flux => "Flux 2.9.4's controllers",
        },
        "controller",
        "idle WS MiB",
        "idle RSS",
        "idle CPU m",
        "load CPU s",
        "load peak MiB",
        "after WS MiB"
    );
    for (name, r) in &m.rows {
        println!(
            "{:<26}{:>12.1}{:>12.1}{:>12.1}{:>14.2}{:>14.1}{:>14.1}",
            name,
            mib(r.idle_ws),
            mib(r.idle_rss),
            r.idle_cpu_m,
            r.load_cpu_s,
            mib(r.load_peak),
            mib(r.load_ws)
        );
    }
    let t = total(m);
    println!(
        "{:<26}{:>12.1}{:>12.1}{:>12.1}{:>14.2}{:>14.1}{:>14.1}   load wall {:.1} s",
        "all",
        mib(t.idle_ws),
        mib(t.idle_rss),
        t.idle_cpu_m,
        t.load_cpu_s,
        mib(t.load_peak),
        mib(t.load_ws),
        m.load_wall.as_secs_f64()
    );
}

fn total(m: &Measured) -> Row {
    m.rows.values().fold(Row::default(), |a, r| Row {
        idle_ws: a.idle_ws + r.idle_ws,
        idle_rss: a.idle_rss + r.idle_rss,
        idle_cpu_m: a.idle_cpu_m + r.idle_cpu_m,
        load_cpu_s: a.load_cpu_s + r.load_cpu_s,
        load_peak: a.load_peak + r.load_peak,
        load_ws: a.load_ws + r.load_ws,
    })
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let ours = support::ensured("FLUX_IMAGE_TAR", "ensure-image.sh");
        let dir = tempfile::tempdir().unwrap();
        let mut images = vec![ours];
        images.extend(flux_images(dir.path()));
        let _one = support::node::NODE.lock().await;
        let node = support::node::Node::start(&images).await.unwrap();
        let a = measure(&node, Set::Ours, n).await;
        let b = measure(&node, Set::Flux, n).await;
        println!("pod footprint on the test node (cgroup v1 figures per pod), N = {n}");
        print(Set::Ours, &a);
        print(Set::Flux, &b);
        let (ta, tb) = (total(&a), total(&b));
        let ratio = |x: f64, y: f64| if y > 0.0 { x / y } else { f64::NAN };
        println!(
            "\nratios ours/flux (all controllers): idle working set {:.3}, idle RSS {:.3}, idle CPU {:.3}, load CPU {:.3}, load peak {:.3}, load wall {:.3}",
            ratio(ta.idle_ws as f64, tb.idle_ws as f64),
            ratio(ta.idle_rss as f64, tb.idle_rss as f64),
            ratio(ta.idle_cpu_m, tb.idle_cpu_m),
            ratio(ta.load_cpu_s, tb.load_cpu_s),
            ratio(ta.load_peak as f64, tb.load_peak as f64),
            ratio(a.load_wall.as_secs_f64(), b.load_wall.as_secs_f64()),
        );
        drop(node);
    });
}
