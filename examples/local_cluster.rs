//! Starts the local test control plane (etcd + kube-apiserver + kube-controller-manager built
//! from Go modules) and keeps it running until this process is stopped. Used by
//! `scripts/demo.sh`.
//!
//! Usage: `cargo run --example local_cluster -- <state-dir>`; prints the kubeconfig path on
//! stdout once the API server is ready.

#[path = "../tests/support/control_plane.rs"]
mod support;

use std::io::Write;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("flux-rs-local-cluster"));
    let bin = match support::binaries() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("✗ control plane binaries: {e}");
            std::process::exit(1);
        }
    };
    let cp = match support::ControlPlane::start(&bin, &dir) {
        Ok(cp) => cp,
        Err(e) => {
            eprintln!("✗ starting the control plane: {e}");
            std::process::exit(1);
        }
    };
    cp.watchdog(std::process::id());
    println!("{}", cp.kubeconfig.display());
    let _ = std::io::stdout().flush();
    loop {
        std::thread::sleep(std::time::Duration::from_secs(3600));
    }
}
