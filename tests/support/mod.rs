//! Test harness: a real Kubernetes control plane (etcd + kube-apiserver +
//! kube-controller-manager built from their Go modules) on loopback, started once per test
//! binary, plus per-test namespaces and helpers to run the `flux` binary against it.
//!
//! The binaries come from `scripts/ensure-control-plane.sh` (cached under `~/.cache/flux-rs`).
//! `TEST_KUBECONFIG` points the tests at an already running cluster instead. When the control
//! plane cannot start the tests fail with the reason; they are never skipped.
#![allow(dead_code)]

pub mod control_plane;
pub mod git_server;

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

pub use control_plane::{binaries, ControlPlane};

/// The kubeconfig of the control plane shared by every test in this binary.
pub fn kubeconfig() -> PathBuf {
    static SHARED: OnceLock<Result<(Option<ControlPlane>, PathBuf), String>> = OnceLock::new();
    let shared = SHARED.get_or_init(|| {
        if let Ok(existing) = std::env::var("TEST_KUBECONFIG") {
            return Ok((None, PathBuf::from(existing)));
        }
        let bin = binaries()?;
        let tmp = tempfile::Builder::new()
            .prefix("flux-rs-cp-")
            .tempdir()
            .map_err(|e| e.to_string())?;
        let mut cp = ControlPlane::start(&bin, tmp.path())?;
        cp.watchdog(std::process::id());
        let path = cp.kubeconfig.clone();
        cp.keep_dir(tmp);
        Ok((Some(cp), path))
    });
    match shared {
        Ok((_, path)) => path.clone(),
        Err(e) => panic!("the test control plane could not start: {e}"),
    }
}

/// A client for the shared control plane.
pub async fn client() -> kube::Client {
    let path = kubeconfig();
    let kc = kube::config::Kubeconfig::read_from(&path).expect("reading test kubeconfig");
    let config = kube::Config::from_custom_kubeconfig(kc, &Default::default())
        .await
        .expect("test kubeconfig");
    kube::Client::try_from(config).expect("test client")
}

/// Creates a fresh namespace for one test: `<prefix>-<n>`.
pub async fn namespace(client: &kube::Client, prefix: &str) -> String {
    use k8s_openapi::api::core::v1::Namespace;
    use kube::api::{Api, PostParams};
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let name = format!("{prefix}-{}-{n}", std::process::id());
    let ns: Namespace = serde_json::from_value(serde_json::json!({
        "metadata": { "name": name, "labels": { "flux-rs-test": "true" } }
    }))
    .expect("namespace object");
    Api::<Namespace>::all(client.clone())
        .create(&PostParams::default(), &ns)
        .await
        .expect("creating test namespace");
    name
}

/// Runs the `flux` binary against the shared control plane; returns (status ok, stdout, stderr).
pub fn flux(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_flux"))
        .arg("--kubeconfig")
        .arg(kubeconfig())
        .args(args)
        .env_remove("FLUX_SYSTEM_NAMESPACE")
        .stdin(Stdio::null())
        .output()
        .expect("running flux");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
