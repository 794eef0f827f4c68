//! A real S3-compatible server for the Bucket tests: versitygw (built from its Go module by
//! `scripts/ensure-versitygw.sh`, or `VERSITYGW_BIN`) serving a directory through its POSIX
//! backend on a loopback port, with one access key. Buckets are top-level directories;
//! objects are written through the S3 API (signed by our own S3 client) so etags are the
//! server's. Stopped when dropped.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::ChildGuard;

/// The versitygw binary.
pub fn versitygw_bin() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| super::ensured("VERSITYGW_BIN", "ensure-versitygw.sh"))
        .clone()
}

/// A running S3 server.
pub struct S3Server {
    /// `127.0.0.1:<port>`.
    pub endpoint: String,
    /// Access key.
    pub access_key: String,
    /// Secret key.
    pub secret_key: String,
    /// The served directory (one subdirectory per bucket).
    pub dir: tempfile::TempDir,
    _child: ChildGuard,
}

impl S3Server {
    /// Starts the server and waits until it accepts connections.
    pub fn start() -> S3Server {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("data");
        let meta = dir.path().join("meta");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::create_dir_all(&meta).unwrap();
        let port = super::free_port();
        let endpoint = format!("127.0.0.1:{port}");
        let (access_key, secret_key) =
            ("flux-test".to_string(), "flux-test-s3cr3t-key".to_string());
        let log = std::fs::File::create(dir.path().join("versitygw.log")).unwrap();
        let child = Command::new(versitygw_bin())
            .args([
                "--access",
                &access_key,
                "--secret",
                &secret_key,
                "--port",
                &endpoint,
                "posix",
                "--sidecar",
                meta.to_str().unwrap(),
                root.to_str().unwrap(),
            ])
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("starting versitygw");
        let guard = ChildGuard(child);
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(&endpoint).is_err() {
            assert!(
                Instant::now() < deadline,
                "versitygw did not start: {}",
                std::fs::read_to_string(dir.path().join("versitygw.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        S3Server {
            endpoint,
            access_key,
            secret_key,
            dir,
            _child: guard,
        }
    }

    /// The server's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("versitygw.log")).unwrap_or_default()
    }
}
