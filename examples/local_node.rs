//! Starts a local node (control plane, containerd, kubelet, kube-scheduler, kube-proxy and
//! CoreDNS; see `tests/support/node.rs`) with our controller image imported, and keeps it
//! until this process gets SIGTERM or SIGINT, then stops it and removes what it left. Used by
//! `scripts/demo.sh`.
//!
//! Usage: `cargo run --example local_node -- <image.tar> <git-url> <pod-url-out>`.
//! `git-url` names a server on 127.0.0.1; `pod-url-out` receives the URL the pods (and this
//! machine) reach it at. Prints the kubeconfig path on stdout once the node is Ready.

// The node's module refers to its siblings and helpers through `super::`, which is this crate's
// root here.
#[path = "../tests/support/control_plane.rs"]
mod control_plane;
#[path = "../tests/support/node.rs"]
mod node;

use control_plane::binaries;
use support::{client_on, ensured, free_port};

mod support {
    use std::path::{Path, PathBuf};

    /// A free port on 127.0.0.1.
    pub fn free_port() -> u16 {
        std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap_or(0)
    }

    /// The path an ensure script prints (or the environment variable's value).
    pub fn ensured(env: &str, script: &str) -> PathBuf {
        if let Ok(p) = std::env::var(env) {
            return PathBuf::from(p);
        }
        let script = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scripts")
            .join(script);
        let out = std::process::Command::new("bash")
            .arg(&script)
            .stderr(std::process::Stdio::inherit())
            .output()
            .unwrap_or_else(|e| panic!("{}: {e}", script.display()));
        assert!(out.status.success(), "{} failed", script.display());
        PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
    }

    /// A client for a kubeconfig file.
    pub async fn client_on(path: &Path) -> kube::Client {
        let kc = kube::config::Kubeconfig::read_from(path).expect("reading the kubeconfig");
        let config = kube::Config::from_custom_kubeconfig(kc, &Default::default())
            .await
            .expect("the kubeconfig");
        kube::Client::try_from(config).expect("a client")
    }
}

use std::io::Write;

fn fail(what: &str, e: impl std::fmt::Display) -> ! {
    eprintln!("✗ {what}: {e}");
    std::process::exit(1);
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [image, url, out] = args.as_slice() else {
        fail("usage", "local_node <image.tar> <git-url> <pod-url-out>");
    };
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .unwrap_or_else(|e| fail("signal handler", e));
    let node = node::Node::start(&[std::path::PathBuf::from(image)])
        .await
        .unwrap_or_else(|e| fail("starting the node", e));
    let pod_url = node::expose_to_pods(url).unwrap_or_else(|e| fail("exposing the Git server", e));
    std::fs::write(out, pod_url).unwrap_or_else(|e| fail(out, e));
    println!("{}", node.cp.kubeconfig.display());
    let _ = std::io::stdout().flush();
    tokio::select! {
        _ = term.recv() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    eprintln!("► stopping the node");
    drop(node);
}
