//! Flux's own source-controller (v1.9.4, built from its Go module by
//! `scripts/ensure-flux-source-controller.sh`, or `FLUX_SOURCE_CONTROLLER_BIN`) run out of
//! the cluster against the test control plane, watching one namespace: the compatibility
//! oracle and the benchmarks' reference. Stopped when dropped.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::ChildGuard;

/// The binary.
pub fn flux_source_controller() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| {
        super::ensured(
            "FLUX_SOURCE_CONTROLLER_BIN",
            "ensure-flux-source-controller.sh",
        )
    })
    .clone()
}

/// A running Flux source-controller.
pub struct FluxSourceController {
    /// The process.
    pub child: ChildGuard,
    /// Its log file.
    pub log: PathBuf,
}

impl FluxSourceController {
    /// Starts it for `ns` with its storage and log under `dir`.
    pub fn start(ns: &str, dir: &Path) -> FluxSourceController {
        let kubeconfig = dir.join("controller.kubeconfig");
        super::control_plane::controller_kubeconfig(&super::kubeconfig(), &kubeconfig).unwrap();
        let (sp, mp, hp) = (super::free_port(), super::free_port(), super::free_port());
        std::fs::create_dir_all(dir.join("data")).unwrap();
        let log = dir.join("flux-source-controller.log");
        let child = Command::new(flux_source_controller())
            .args([
                format!("--storage-path={}", dir.join("data").display()),
                format!("--storage-addr=127.0.0.1:{sp}"),
                format!("--storage-adv-addr=127.0.0.1:{sp}"),
                format!("--metrics-addr=127.0.0.1:{mp}"),
                format!("--health-addr=127.0.0.1:{hp}"),
                "--watch-all-namespaces=false".into(),
                "--enable-leader-election=false".into(),
                "--log-level=info".into(),
                "--events-addr=".into(),
            ])
            .env("KUBECONFIG", &kubeconfig)
            .env("RUNTIME_NAMESPACE", ns)
            .env("TMPDIR", dir)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("starting Flux's source-controller");
        FluxSourceController {
            child: ChildGuard(child),
            log,
        }
    }

    /// What it logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}
