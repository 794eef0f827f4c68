//! Benchmark: our image-reflector-controller against Flux's own (v1.2.4, built from its Go
//! module), each run out of the cluster against the test control plane, scanning the same
//! registry in the same run: an in-process registry serving one repository of N tags (default
//! 10,000) in pages of 1,000 with `Link` headers. For each implementation: the wall time from
//! applying the ImageRepository until it is Ready with N tags, then from applying P
//! ImagePolicies (default 100: semver ranges, alphabetical and numerical with filters) until
//! every one has a `latestRef`; the controller's peak RSS and CPU seconds at the end. Prints a
//! table and the ratios ours/Flux.
//!
//! `cargo bench --bench image_reflector [-- tags=N policies=P]`.

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use kube::api::{Api, DynamicObject};
use serde_json::{json, Value};

fn arg(name: &str, default: usize) -> usize {
    std::env::args()
        .skip(1)
        .find_map(|a| {
            a.strip_prefix(&format!("{name}="))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(default)
}

/// A registry serving `repo` with `n` tags, `1000` per page, linked by `Link` headers.
async fn registry(n: usize) -> String {
    use axum::extract::RawQuery;
    use axum::http::{header, HeaderMap, StatusCode};
    use axum::response::IntoResponse;
    let mut tags: Vec<String> = (0..n)
        .map(|i| match i % 4 {
            0 => format!("{}.{}.{}", i / 1000, (i / 10) % 100, i % 10),
            1 => format!("v{}.{}.{}-rc.{}", i / 1000, (i / 10) % 100, i % 10, i % 7),
            2 => format!("main-{:07x}-{}", i * 7919, 1_600_000_000 + i),
            _ => format!("build-{i}"),
        })
        .collect();
    tags.sort();
    let tags = std::sync::Arc::new(tags);
    let app = axum::Router::new()
        .route("/v2/", axum::routing::get(|| async { "{}" }))
        .route(
            "/v2/bench/app/tags/list",
            axum::routing::get(move |RawQuery(raw): RawQuery| {
                let tags = tags.clone();
                async move {
                    let q: std::collections::HashMap<String, String> =
                        url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
                            .into_owned()
                            .collect();
                    let n: usize = q
                        .get("n")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1000)
                        .min(1000);
                    let start = q
                        .get("last")
                        .and_then(|l| tags.binary_search(l).ok().map(|i| i + 1))
                        .unwrap_or(0);
                    let page: Vec<&String> = tags.iter().skip(start).take(n).collect();
                    let mut headers = HeaderMap::new();
                    if start + n < tags.len() {
                        let link = format!(
                            "</v2/bench/app/tags/list?n={n}&last={}>; rel=\"next\"",
                            page.last().map(|s| s.as_str()).unwrap_or_default()
                        );
                        headers.insert(header::LINK, link.parse().unwrap());
                    }
                    (
                        StatusCode::OK,
                        headers,
                        json!({"name": "bench/app", "tags": page}).to_string(),
                    )
                        .into_response()
                }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let host = format!("127.0.0.1:{}", listener.local_addr().unwrap().port());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    host
}

fn api(client: &kube::Client, ns: &str, kind: &str, plural: &str) -> Api<DynamicObject> {
    let ar = kube::discovery::ApiResource {
        group: "image.toolkit.fluxcd.io".into(),
        version: "v1".into(),
        api_version: "image.toolkit.fluxcd.io/v1".into(),
        kind: kind.into(),
        plural: plural.into(),
    };
    Api::namespaced_with(client.clone(), ns, &ar)
}

fn policies(p: usize) -> Vec<Value> {
    (0..p)
        .map(|i| {
            let spec = match i % 4 {
                0 => json!({"policy": {"semver": {"range": format!(">={}.0.0 <{}.0.0", i % 10, i % 10 + 1)}}}),
                1 => json!({"policy": {"semver": {"range": ">=0.0.0-0"}}}),
                2 => json!({"policy": {"alphabetical": {"order": "asc"}},
                    "filterTags": {"pattern": "^main-[a-f0-9]+-(?P<ts>[0-9]+)", "extract": "$ts"}}),
                _ => json!({"policy": {"numerical": {"order": if i % 8 == 3 { "asc" } else { "desc" }}},
                    "filterTags": {"pattern": "^build-(?P<n>[0-9]+)$", "extract": "$n"}}),
            };
            let mut spec = spec;
            spec["imageRepositoryRef"] = json!({"name": "app"});
            json!({"apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImagePolicy",
                "metadata": {"name": format!("p-{i}")}, "spec": spec})
        })
        .collect()
}

/// (scan seconds, policies seconds, peak RSS KiB, CPU seconds) of one implementation.
async fn run(
    client: &kube::Client,
    flux: bool,
    host: &str,
    tags: usize,
    p: usize,
) -> (f64, f64, u64, f64) {
    let ns = support::namespace(
        client,
        if flux {
            "irc-bench-flux"
        } else {
            "irc-bench-ours"
        },
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let (pid, _ours, _flux) = if flux {
        let f = support::flux_image::FluxImageReflector::start(&ns, dir.path());
        (f.child.0.id(), None, Some(f))
    } else {
        let s = support::serve(&["image-reflector-controller"], &ns, &[]);
        (s.child.0.id(), Some(s), None)
    };
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mut cluster = flux::cluster::Cluster::new(client.clone());
    let start = Instant::now();
    cluster
        .apply(&json!({"apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImageRepository",
            "metadata": {"name": "app", "namespace": ns}, "spec": {"image": format!("{host}/bench/app"), "interval": "1h"}}))
        .await
        .unwrap();
    let repos = api(client, &ns, "ImageRepository", "imagerepositories");
    loop {
        let v = serde_json::to_value(repos.get("app").await.unwrap()).unwrap();
        if v["status"]["lastScanResult"]["tagCount"].as_u64() == Some(tags as u64) {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(600),
            "scan timed out: {}",
            v["status"]
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let scan = start.elapsed().as_secs_f64();
    let start = Instant::now();
    for mut o in policies(p) {
        o["metadata"]["namespace"] = json!(ns);
        cluster.apply(&o).await.unwrap();
    }
    let pols = api(client, &ns, "ImagePolicy", "imagepolicies");
    loop {
        let list = pols.list(&Default::default()).await.unwrap();
        let done = list
            .items
            .iter()
            .filter(|o| serde_json::to_value(o).unwrap()["status"]["latestRef"].is_object())
            .count();
        if done == p {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(600),
            "policies timed out: {done}/{p}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let policies = start.elapsed().as_secs_f64();
    let (rss, cpu) = support::kc_scenario::proc_usage(pid);
    (scan, policies, rss, cpu)
}

fn main() {
    let tags = arg("tags", 10_000);
    let p = arg("policies", 100);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let client = support::client().await;
        support::ensure_crds(&client).await;
        let _ = support::flux_image::flux_image_reflector();
        let host = registry(tags).await;
        let ours = run(&client, false, &host, tags, p).await;
        let flux = run(&client, true, &host, tags, p).await;
        let r = |a: f64, b: f64| {
            if b == 0.0 {
                String::from("n/a")
            } else {
                format!("{:.3}x", a / b)
            }
        };
        println!("image-reflector-controller benchmark: {tags} tags, {p} policies");
        println!("{:<34} {:>10} {:>10} {:>8}", "", "ours", "Flux", "ratio");
        println!(
            "{:<34} {:>10.2} {:>10.2} {:>8}",
            "scan to Ready (s)",
            ours.0,
            flux.0,
            r(ours.0, flux.0)
        );
        println!(
            "{:<34} {:>10.2} {:>10.2} {:>8}",
            "policies resolved (s)",
            ours.1,
            flux.1,
            r(ours.1, flux.1)
        );
        println!(
            "{:<34} {:>10} {:>10} {:>8}",
            "peak RSS (KiB)",
            ours.2,
            flux.2,
            r(ours.2 as f64, flux.2 as f64)
        );
        println!(
            "{:<34} {:>10.2} {:>10.2} {:>8}",
            "CPU (s)",
            ours.3,
            flux.3,
            r(ours.3, flux.3)
        );
    });
}
