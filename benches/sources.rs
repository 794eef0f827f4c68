//! Benchmarks of the sources beyond Git, ours against Flux's in the same run:
//! 1. `flux build artifact` of a generated 10k-file tree: our CLI against Flux's Go CLI
//!    (flux2 v2.9.4, built from its module) — wall time and peak RSS (GNU time);
//! 2. N OCIRepositories (default 100, one artifact each in a real registry) to Ready: our
//!    source-controller against Flux's v1.9.4, each out of the cluster against the test control
//!    plane — wall time, peak RSS and CPU seconds;
//! 3. one HelmRepository whose generated `index.yaml` is about 50 MB — same measures.
//!
//! `cargo bench --bench sources [-- oci=N index_mb=M only=build,oci,helm]`. Prints a table and the ratios ours/Flux.

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use kube::api::{Api, DynamicObject};
use serde_json::json;

fn arg(name: &str, default: usize) -> usize {
    std::env::args()
        .skip(1)
        .find_map(|a| {
            a.strip_prefix(&format!("{name}="))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(default)
}

/// (wall seconds, peak RSS KiB) of a command, by GNU time.
fn timed(cmd: &[&str]) -> (f64, u64) {
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%e %M"])
        .args(cmd)
        .output()
        .expect("running /usr/bin/time");
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    let last = err.lines().last().unwrap_or_default();
    let mut it = last.split_whitespace();
    let wall = it.next().and_then(|v| v.parse().ok()).unwrap_or(0.0);
    let rss = it.next().and_then(|v| v.parse().ok()).unwrap_or(0);
    (wall, rss)
}

fn tree(dir: &Path, files: usize) {
    for i in 0..files {
        let d = dir.join(format!("app-{}/env-{}", i / 100, (i / 10) % 10));
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(
            d.join(format!("cm-{i}.yaml")),
            format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i}\ndata:\n  value: \"{}\"\n", i * 7919 % 10007),
        )
        .unwrap();
    }
}

struct Row {
    what: String,
    wall: (f64, f64),
    rss: (u64, u64),
    cpu: Option<(f64, f64)>,
}

fn print(rows: &[Row]) {
    println!(
        "{:<44} {:>9} {:>9} {:>7} {:>10} {:>10} {:>7} {:>8} {:>8}",
        "benchmark",
        "wall ours",
        "wall flux",
        "ratio",
        "RSS ours",
        "RSS flux",
        "ratio",
        "CPU ours",
        "CPU flux"
    );
    for r in rows {
        let (co, cf) = r
            .cpu
            .map(|(a, b)| (format!("{a:.2}s"), format!("{b:.2}s")))
            .unwrap_or_default();
        println!(
            "{:<44} {:>8.2}s {:>8.2}s {:>7.3} {:>8}KiB {:>8}KiB {:>7.3} {:>8} {:>8}",
            r.what,
            r.wall.0,
            r.wall.1,
            r.wall.0 / r.wall.1.max(1e-9),
            r.rss.0,
            r.rss.1,
            r.rss.0 as f64 / r.rss.1.max(1) as f64,
            co,
            cf
        );
    }
}

fn bench_build_artifact(rows: &mut Vec<Row>) {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    tree(&src, 10_000);
    let go = support::ensured("FLUX_CLI", "ensure-flux-cli.sh");
    let ours = env!("CARGO_BIN_EXE_flux");
    let s = src.to_str().unwrap();
    let (o1, o2) = (tmp.path().join("ours.tgz"), tmp.path().join("go.tgz"));
    // Warm the page cache once for both.
    timed(&[
        ours,
        "build",
        "artifact",
        "-p",
        s,
        "-o",
        o1.to_str().unwrap(),
    ]);
    let (wo, ro) = timed(&[
        ours,
        "build",
        "artifact",
        "-p",
        s,
        "-o",
        o1.to_str().unwrap(),
    ]);
    let (wg, rg) = timed(&[
        go.to_str().unwrap(),
        "build",
        "artifact",
        "-p",
        s,
        "-o",
        o2.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read(&o1).unwrap(),
        std::fs::read(&o2).unwrap(),
        "artifacts differ"
    );
    rows.push(Row {
        what: "flux build artifact, 10k files".into(),
        wall: (wo, wg),
        rss: (ro, rg),
        cpu: None,
    });
}

fn ar(kind: &str, plural: &str) -> kube::discovery::ApiResource {
    kube::discovery::ApiResource {
        group: "source.toolkit.fluxcd.io".into(),
        version: "v1".into(),
        api_version: "source.toolkit.fluxcd.io/v1".into(),
        kind: kind.into(),
        plural: plural.into(),
    }
}

/// Applies `objs` in a fresh namespace watched by one implementation and waits until all are
/// Ready; returns (wall seconds, peak RSS KiB, CPU seconds).
async fn run_controller(
    client: &kube::Client,
    flux: bool,
    kind: &str,
    plural: &str,
    objs: &[serde_json::Value],
) -> (f64, u64, f64) {
    let ns = support::namespace(client, if flux { "bench-flux" } else { "bench-ours" }).await;
    let dir = tempfile::tempdir().unwrap();
    let (pid, _ours, _flux) = if flux {
        let f = support::flux_source::FluxSourceController::start(&ns, dir.path());
        (f.child.0.id(), None, Some(f))
    } else {
        let s = support::serve(&["source-controller"], &ns, &[]);
        (s.child.0.id(), Some(s), None)
    };
    tokio::time::sleep(Duration::from_secs(2)).await;
    let start = Instant::now();
    let mut cluster = flux::cluster::Cluster::new(client.clone());
    for o in objs {
        let mut o = o.clone();
        o["metadata"]["namespace"] = json!(ns);
        cluster.apply(&o).await.unwrap();
    }
    let api: Api<DynamicObject> = Api::namespaced_with(client.clone(), &ns, &ar(kind, plural));
    loop {
        let list = api.list(&Default::default()).await.unwrap();
        let ready = list
            .items
            .iter()
            .filter(|o| {
                let v = serde_json::to_value(o).unwrap();
                v["status"]["conditions"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|c| c["type"] == "Ready" && c["status"] == "True")
            })
            .count();
        if ready == objs.len() {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(900),
            "timed out: {ready}/{} ready",
            objs.len()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let wall = start.elapsed().as_secs_f64();
    let (rss, cpu) = support::kc_scenario::proc_usage(pid);
    if std::env::var_os("BENCH_SMAPS").is_some() {
        let who = if flux { "flux" } else { "ours" };
        let file = if std::env::var("BENCH_SMAPS").as_deref() == Ok("full") {
            "smaps"
        } else {
            "smaps_rollup"
        };
        let smaps = std::fs::read_to_string(format!("/proc/{pid}/{file}")).unwrap_or_default();
        println!("--- {who} {kind} smaps_rollup\n{smaps}");
    }
    if std::env::var_os("FLUX_SERVE_WRAP").is_some() && !flux {
        // A profiler writes its data when the controller exits: stop it gracefully.
        let _ = Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status();
        for _ in 0..600 {
            if !Path::new(&format!("/proc/{pid}/status")).exists()
                || std::fs::read_to_string(format!("/proc/{pid}/status"))
                    .is_ok_and(|s| s.contains("State:\tZ"))
            {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    (wall, rss, cpu)
}

async fn bench_oci(client: &kube::Client, n: usize, rows: &mut Vec<Row>) {
    let reg = support::registry::Registry::start(Default::default());
    let tmp = tempfile::tempdir().unwrap();
    tree(&tmp.path().join("src"), 50);
    let s = tmp.path().join("src");
    for i in 0..n {
        let out = Command::new(env!("CARGO_BIN_EXE_flux"))
            .args([
                "push",
                "artifact",
                &format!("{}:v1.0.0", reg.url(&format!("bench/app-{i}"))),
                "-f",
                s.to_str().unwrap(),
                "--source=https://git.example/app",
                "--revision=main@sha1:0123456789abcdef0123456789abcdef01234567",
            ])
            .output()
            .unwrap();
        assert!(out.status.success());
    }
    let objs: Vec<_> = (0..n)
        .map(|i| {
            json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "OCIRepository",
                "metadata": {"name": format!("app-{i}")},
                "spec": {"interval": "1h", "url": reg.url(&format!("bench/app-{i}")), "ref": {"semver": ">=1.0.0"}}})
        })
        .collect();
    let (wo, ro, co) =
        run_controller(client, false, "OCIRepository", "ocirepositories", &objs).await;
    let (wf, rf, cf) =
        run_controller(client, true, "OCIRepository", "ocirepositories", &objs).await;
    rows.push(Row {
        what: format!("{n} OCIRepositories to Ready"),
        wall: (wo, wf),
        rss: (ro, rf),
        cpu: Some((co, cf)),
    });
}

/// An index.yaml of about `mb` MB: many charts with many versions, valid for Helm.
fn big_index(mb: usize) -> String {
    let mut out = String::from("apiVersion: v1\nentries:\n");
    let mut chart = 0;
    while out.len() < mb << 20 {
        out.push_str(&format!("  chart-{chart}:\n"));
        for v in 0..200 {
            out.push_str(&format!(
                "  - apiVersion: v2\n    appVersion: 1.{v}.0\n    created: \"2026-01-{:02}T10:00:00.000000000Z\"\n    description: A generated chart used to measure how a large Helm repository index is handled\n    digest: {:064x}\n    name: chart-{chart}\n    type: application\n    urls:\n    - https://charts.example.com/chart-{chart}-1.{v}.0.tgz\n    version: 1.{v}.0\n",
                v % 28 + 1,
                chart * 1000 + v
            ));
        }
        chart += 1;
    }
    out.push_str("generated: \"2026-01-01T00:00:00Z\"\n");
    out
}

async fn bench_helm_index(client: &kube::Client, mb: usize, rows: &mut Vec<Row>) {
    let repo = support::chart_repo::ChartRepo::start(None);
    std::fs::write(repo.dir.path().join("index.yaml"), big_index(mb)).unwrap();
    let size = std::fs::metadata(repo.dir.path().join("index.yaml"))
        .unwrap()
        .len();
    let objs = vec![
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmRepository",
        "metadata": {"name": "big"},
        "spec": {"interval": "1h", "url": repo.url()}}),
    ];
    let (wo, ro, co) =
        run_controller(client, false, "HelmRepository", "helmrepositories", &objs).await;
    let (wf, rf, cf) =
        run_controller(client, true, "HelmRepository", "helmrepositories", &objs).await;
    rows.push(Row {
        what: format!("HelmRepository, {:.1} MB index.yaml", size as f64 / 1e6),
        wall: (wo, wf),
        rss: (ro, rf),
        cpu: Some((co, cf)),
    });
}

fn main() {
    let n = arg("oci", 100);
    let mb = arg("index_mb", 48);
    let only: Vec<String> = std::env::args()
        .skip(1)
        .find_map(|a| {
            a.strip_prefix("only=")
                .map(|v| v.split(',').map(str::to_string).collect())
        })
        .unwrap_or_else(|| vec!["build".into(), "oci".into(), "helm".into()]);
    let want = |b: &str| only.iter().any(|o| o == b);
    let mut rows = Vec::new();
    if want("build") {
        bench_build_artifact(&mut rows);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let client = support::client().await;
        support::ensure_crds(&client).await;
        let _ = support::flux_source::flux_source_controller();
        if want("oci") {
            bench_oci(&client, n, &mut rows).await;
        }
        if want("helm") {
            bench_helm_index(&client, mb, &mut rows).await;
        }
    });
    print(&rows);
}
