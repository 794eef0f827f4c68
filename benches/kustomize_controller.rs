//! Benchmark: our kustomize-controller against Flux's own (fluxcd/kustomize-controller v1.9.4,
//! built from its Go module), each run out of the cluster against the same test control plane
//! and fed by our source-controller. For N Kustomizations (ServiceAccount, Service, ConfigMap
//! with substitution, Deployment with 0 replicas, Secret, prune) it measures the wall time
//! until all are Ready, the controller's peak RSS and CPU seconds, and its API requests (from
//! the API server's audit log, by the controller's own identity), then a requested no-op
//! reconcile of all N. Prints a table and the ratios ours/Flux.
//!
//! `cargo bench --bench kustomize_controller [-- N...]` (default N = 100 500);
//! `KC_BENCH_CONCURRENT` sets `--concurrent` for both (default 4); `KC_BENCH_OURS_ONLY=1` runs
//! ours alone (for iterating on it or profiling it under `FLUX_SERVE_WRAP`; no ratios then);
//! the API server has API Priority and Fairness, as every kube-apiserver by default, so both
//! controllers run without a client-side rate limit (Flux's `GetConfigOrDie` turns it off when
//! it sees the server's flow-control headers, and so does `flux serve`); `FLUX_RS_APF=off`
//! starts the API server without it, and then `KC_BENCH_QPS`/`KC_BENCH_BURST` set both
//! controllers' limits (default Flux's 50 and 300, one bucket per resource type; -1 turns
//! the limiter off); `KC_BENCH_AUDIT_COPY=<file>`
//! keeps a copy of the API server's audit log, to look at the requests one by one;
//! `FLUX_SERVE_BIN=target/x86_64-unknown-linux-musl/release/flux` measures the controller
//! image's static binary (`scripts/ensure-image.sh` builds it) instead of this build's.

#[path = "../tests/support/mod.rs"]
mod support;

use support::kc_scenario::{run, Counts, Impl, Measured};

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
    let concurrent: u32 = std::env::var("KC_BENCH_CONCURRENT")
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
        let _ = support::kc_scenario::flux_kustomize_controller();
        let (qps, burst) = support::kc_scenario::client_limits();
        println!("kustomize-controller benchmark: --concurrent={concurrent} --kube-api-qps={qps} --kube-api-burst={burst}");
        let ours_only = std::env::var_os("KC_BENCH_OURS_ONLY").is_some();
        for n in ns {
            let ours = run(&client, Impl::Ours, n, concurrent).await;
            if ours_only {
                println!("\nN = {n}");
                print_one("ours", &ours, n);
                continue;
            }
            let flux = run(&client, Impl::Flux, n, concurrent).await;
            report(n, &ours, &flux);
            // The limit: the same objects applied by a plain loop, as many at a time as
            // our controller applies (`--concurrent` Kustomizations × `--concurrent-ssa` 4).
            let limit = support::kc_scenario::plain_apply_loop(
                &client,
                n,
                concurrent as usize * 4,
            )
            .await;
            println!(
                "  plain server-side-apply loop over the {} objects: {:.2}s; our apply rate {:.2} of it (wall to all Ready)",
                5 * n,
                limit.as_secs_f64(),
                limit.as_secs_f64() / ours.wall.as_secs_f64()
            );
        }
    });
}

fn counts(c: &Counts) -> String {
    format!(
        "{} req ({} reads, {} dry-run, {} object writes, {} status, {} ks, {} events)",
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

fn print_one(label: &str, m: &Measured, n: usize) {
    println!(
        "  {label}: all Ready in {:.2}s, peak RSS {:.1} MiB, CPU {:.2}s; first: {}",
        m.wall.as_secs_f64(),
        m.peak_rss_kib as f64 / 1024.0,
        m.cpu_s,
        counts(&m.first)
    );
    println!(
        "  {label}: no-op reconcile of all {n}: {:.2}s, CPU {:.2}s; {}",
        m.noop_wall.as_secs_f64(),
        m.noop_cpu_s,
        counts(&m.noop)
    );
}
