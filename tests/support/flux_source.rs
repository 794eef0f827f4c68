//! Flux's own source-controller (v1.9.4, built from its Go module by
//! `scripts/ensure-flux-source-controller.sh`, or `FLUX_SOURCE_CONTROLLER_BIN`) and
//! source-watcher (v2.2.3, `scripts/ensure-flux-source-watcher.sh` or
//! `FLUX_SOURCE_WATCHER_BIN`) run out of the cluster against the test control plane, watching
//! one namespace: the compatibility oracles and the benchmarks' reference. Stopped when
//! dropped.
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

/// Flux's source-watcher binary.
pub fn flux_source_watcher() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| super::ensured("FLUX_SOURCE_WATCHER_BIN", "ensure-flux-source-watcher.sh"))
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
        Self::start_binary(&flux_source_controller(), ns, dir)
    }

    /// Starts Flux's source-watcher for `ns` with its storage and log under `dir`.
    pub fn start_watcher(ns: &str, dir: &Path) -> FluxSourceController {
        Self::start_binary(&flux_source_watcher(), ns, dir)
    }

    fn start_binary(bin: &Path, ns: &str, dir: &Path) -> FluxSourceController {
        let kubeconfig = dir.join("controller.kubeconfig");
        super::control_plane::controller_kubeconfig(&super::kubeconfig(), &kubeconfig).unwrap();
        let (sp, mp, hp) = (super::free_port(), super::free_port(), super::free_port());
        std::fs::create_dir_all(dir.join("data")).unwrap();
        let log = dir.join("flux-source-controller.log");
        let child = Command::new(bin)
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
