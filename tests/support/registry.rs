//! An OCI registry for the tests: the CNCF distribution registry (built from its Go module
//! by `scripts/ensure-registry.sh`, or `REGISTRY_BIN`) on a loopback port, with optional
//! htpasswd basic auth and TLS (a test CA signs a certificate for 127.0.0.1 and localhost).
//! The process is stopped when the value is dropped.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::ChildGuard;

/// The registry binary.
pub fn registry_bin() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| super::ensured("REGISTRY_BIN", "ensure-registry.sh"))
        .clone()
}

/// How to run the registry.
#[derive(Default)]
pub struct RegistryOptions {
    /// Require these credentials (htpasswd, bcrypt).
    pub auth: Option<(String, String)>,
    /// Serve HTTPS with a certificate from a test CA.
    pub tls: bool,
}

/// A running registry.
pub struct Registry {
    /// `127.0.0.1:<port>`.
    pub host: String,
    /// The CA that signed the certificate (PEM), with TLS.
    pub ca_pem: Option<String>,
    /// Its directory (storage, config, log).
    pub dir: tempfile::TempDir,
    _child: ChildGuard,
}

impl Registry {
    /// Starts a registry and waits until it answers.
    pub fn start(opts: RegistryOptions) -> Registry {
        let dir = tempfile::tempdir().unwrap();
        let port = super::free_port();
        let host = format!("127.0.0.1:{port}");
        let mut cfg = format!(
            "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: {}\n  delete:\n    enabled: true\nhttp:\n  addr: {host}\n",
            dir.path().join("data").display()
        );
        let mut ca_pem = None;
        if opts.tls {
            let (ca, cert, key) = certificates();
            std::fs::write(dir.path().join("tls.crt"), cert).unwrap();
            std::fs::write(dir.path().join("tls.key"), key).unwrap();
            cfg.push_str(&format!(
                "  tls:\n    certificate: {}\n    key: {}\n",
                dir.path().join("tls.crt").display(),
                dir.path().join("tls.key").display()
            ));
            ca_pem = Some(ca);
        }
        if let Some((u, p)) = &opts.auth {
            let hash = bcrypt::hash(p, 4).unwrap();
            std::fs::write(dir.path().join("htpasswd"), format!("{u}:{hash}\n")).unwrap();
            cfg.push_str(&format!(
                "auth:\n  htpasswd:\n    realm: test\n    path: {}\n",
                dir.path().join("htpasswd").display()
            ));
        }
        let cfg_path = dir.path().join("config.yml");
        std::fs::write(&cfg_path, cfg).unwrap();
        let log = std::fs::File::create(dir.path().join("registry.log")).unwrap();
        let child = Command::new(registry_bin())
            .arg("serve")
            .arg(&cfg_path)
            .env("OTEL_TRACES_EXPORTER", "none")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("starting the registry");
        let guard = ChildGuard(child);
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(&host).is_err() {
            assert!(
                Instant::now() < deadline,
                "registry did not start: {}",
                std::fs::read_to_string(dir.path().join("registry.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Registry {
            host,
            ca_pem,
            dir,
            _child: guard,
        }
    }

    /// `oci://127.0.0.1:<port>/<repo>`.
    pub fn url(&self, repo: &str) -> String {
        format!("oci://{}/{repo}", self.host)
    }

    /// The registry's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("registry.log")).unwrap_or_default()
    }
}

/// (CA PEM, server certificate PEM, server key PEM) for 127.0.0.1 and localhost.
fn certificates() -> (String, String, String) {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "flux-rs registry test CA");
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = rcgen::Issuer::new(ca_params, ca_key);
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(vec!["localhost".to_string()]).unwrap();
    params
        .subject_alt_names
        .push(rcgen::SanType::IpAddress("127.0.0.1".parse().unwrap()));
    let cert = params.signed_by(&key, &issuer).unwrap();
    (ca_cert.pem(), cert.pem(), key.serialize_pem())
}
