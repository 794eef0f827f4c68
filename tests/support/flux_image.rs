//! Flux's own image-reflector-controller and image-automation-controller (v1.2.4, built from
//! their Go modules by `scripts/ensure-flux-image-{reflector,automation}-controller.sh`, or
//! `FLUX_IMAGE_REFLECTOR_BIN`/`FLUX_IMAGE_AUTOMATION_BIN`) run out of the cluster against the
//! test control plane, watching one namespace: the compatibility oracles of our image
//! reconcilers and the image benchmark's reference. Stopped when dropped.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::ChildGuard;

/// The binary.
pub fn flux_image_reflector() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| {
        super::ensured(
            "FLUX_IMAGE_REFLECTOR_BIN",
            "ensure-flux-image-reflector-controller.sh",
        )
    })
    .clone()
}

/// A running Flux image-reflector-controller.
pub struct FluxImageReflector {
    /// The process.
    pub child: ChildGuard,
    /// Its log file.
    pub log: PathBuf,
}

impl FluxImageReflector {
    /// Starts it for `ns`, its database and log under `dir`.
    pub fn start(ns: &str, dir: &Path) -> FluxImageReflector {
        let kubeconfig = dir.join("controller.kubeconfig");
        super::control_plane::controller_kubeconfig(&super::kubeconfig(), &kubeconfig).unwrap();
        let (mp, hp) = (super::free_port(), super::free_port());
        std::fs::create_dir_all(dir.join("data")).unwrap();
        let log = dir.join("flux-image-reflector.log");
        let child = Command::new(flux_image_reflector())
            .args([
                format!("--storage-path={}", dir.join("data").display()),
                format!("--metrics-addr=127.0.0.1:{mp}"),
                format!("--health-addr=127.0.0.1:{hp}"),
                "--watch-all-namespaces=false".into(),
                "--enable-leader-election=false".into(),
                "--requeue-dependency=2s".into(),
                "--events-addr=".into(),
            ])
            .env("KUBECONFIG", &kubeconfig)
            .env("RUNTIME_NAMESPACE", ns)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("starting Flux's image-reflector-controller");
        FluxImageReflector {
            child: ChildGuard(child),
            log,
        }
    }

    /// What it logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

/// Flux's image-automation-controller binary.
pub fn flux_image_automation() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| {
        super::ensured(
            "FLUX_IMAGE_AUTOMATION_BIN",
            "ensure-flux-image-automation-controller.sh",
        )
    })
    .clone()
}

/// A running Flux image-automation-controller.
pub struct FluxImageAutomation {
    /// The process.
    pub child: ChildGuard,
    /// Its log file.
    pub log: PathBuf,
}

impl FluxImageAutomation {
    /// Starts it for `ns`, its log under `dir`.
    pub fn start(ns: &str, dir: &Path) -> FluxImageAutomation {
        let kubeconfig = dir.join("automation.kubeconfig");
        super::control_plane::controller_kubeconfig(&super::kubeconfig(), &kubeconfig).unwrap();
        let (mp, hp) = (super::free_port(), super::free_port());
        let log = dir.join("flux-image-automation.log");
        let child = Command::new(flux_image_automation())
            .args([
                format!("--metrics-addr=127.0.0.1:{mp}"),
                format!("--health-addr=127.0.0.1:{hp}"),
                "--watch-all-namespaces=false".into(),
                "--enable-leader-election=false".into(),
                "--events-addr=".into(),
            ])
            .env("KUBECONFIG", &kubeconfig)
            .env("RUNTIME_NAMESPACE", ns)
            .env("TMPDIR", dir)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("starting Flux's image-automation-controller");
        FluxImageAutomation {
            child: ChildGuard(child),
            log,
        }
    }

    /// What it logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}
