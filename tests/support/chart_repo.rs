//! A Helm chart repository for the tests: charts created, packaged and indexed by the real
//! `helm` CLI (built from its Go module by `scripts/ensure-helm.sh`, or `HELM_BIN`), served
//! over HTTP on loopback with optional basic auth (and HTTPS through [`super::tls_proxy`]).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The real helm CLI.
pub fn helm_bin() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| super::ensured("HELM_BIN", "ensure-helm.sh"))
        .clone()
}

/// Runs the helm CLI in `dir`; panics with its output on failure.
pub fn helm(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(helm_bin())
        .current_dir(dir)
        .args(args)
        .env("HELM_CACHE_HOME", dir.join(".helm/cache"))
        .env("HELM_CONFIG_HOME", dir.join(".helm/config"))
        .env("HELM_DATA_HOME", dir.join(".helm/data"))
        .output()
        .expect("running helm");
    assert!(
        out.status.success(),
        "helm {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A directory of packaged charts with an `index.yaml`, served over HTTP.
pub struct ChartRepo {
    /// The repository directory (charts and `index.yaml`).
    pub dir: tempfile::TempDir,
    /// The HTTP port on 127.0.0.1.
    pub port: u16,
}

impl ChartRepo {
    /// Starts an empty repository; `auth` requires basic auth for every request.
    pub fn start(auth: Option<(&str, &str)>) -> ChartRepo {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let auth = auth.map(|(u, p)| {
            use base64::Engine;
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!("{u}:{p}"))
            )
        });
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        listener.set_nonblocking(true).unwrap();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                let files = tower_http::services::ServeDir::new(root);
                let app =
                    axum::Router::new()
                        .fallback_service(files)
                        .layer(axum::middleware::from_fn(
                            move |req: axum::extract::Request, next: axum::middleware::Next| {
                                let auth = auth.clone();
                                async move {
                                    let given = req
                                        .headers()
                                        .get("authorization")
                                        .and_then(|v| v.to_str().ok())
                                        .map(String::from);
                                    if auth.is_some() && given != auth {
                                        return axum::response::Response::builder()
                                            .status(401)
                                            .body(axum::body::Body::from("unauthorized"))
                                            .unwrap();
                                    }
                                    next.run(req).await
                                }
                            },
                        ));
                let _ = axum::serve(listener, app).await;
            });
        });
        ChartRepo { dir, port }
    }

    /// The repository URL.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Creates chart `name` at `version` with `helm create`, packages it into the repository
    /// and re-indexes it (`helm repo index`, which keeps the entries already indexed).
    pub fn add_chart(&self, name: &str, version: &str) {
        let work = tempfile::tempdir().unwrap();
        helm(work.path(), &["create", name]);
        let chart_yaml = work.path().join(name).join("Chart.yaml");
        let text = std::fs::read_to_string(&chart_yaml).unwrap();
        let text: String = text
            .lines()
            .map(|l| {
                if l.starts_with("version:") {
                    format!("version: {version}")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(&chart_yaml, text + "\n").unwrap();
        helm(
            work.path(),
            &["package", name, "-d", self.dir.path().to_str().unwrap()],
        );
        self.index();
    }

    /// Packages a chart made of `files` (paths relative to the chart directory, `Chart.yaml`
    /// included) with the real helm and adds it to the index.
    pub fn add_files_chart(&self, name: &str, files: &[(&str, &str)]) {
        let work = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = work.path().join(name).join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        helm(
            work.path(),
            &["package", name, "-d", self.dir.path().to_str().unwrap()],
        );
        self.index();
    }

    /// (Re-)writes `index.yaml` with `helm repo index`, merging the existing index.
    pub fn index(&self) {
        let dir = self.dir.path();
        let existing = dir.join("index.yaml");
        let mut args = vec!["repo", "index", "."];
        let merged = dir.join(".merge.yaml");
        if existing.exists() {
            std::fs::copy(&existing, &merged).unwrap();
            args.extend(["--merge", ".merge.yaml"]);
        }
        helm(dir, &args);
        let _ = std::fs::remove_file(merged);
    }

    /// Replaces `index.yaml` with `text` atomically (a temporary file renamed over it), so a
    /// reconcile running meanwhile never reads a half-written or empty index.
    pub fn write_index(&self, text: &str) {
        let tmp = self.dir.path().join(".index.yaml.tmp");
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(tmp, self.dir.path().join("index.yaml")).unwrap();
    }

    /// The bytes of `index.yaml` as served.
    pub fn index_bytes(&self) -> Vec<u8> {
        std::fs::read(self.dir.path().join("index.yaml")).unwrap()
    }
}
