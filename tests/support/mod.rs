//! Test harness: a real Kubernetes control plane (etcd + kube-apiserver +
//! kube-controller-manager built from their Go modules) on loopback, started once per test
//! binary, plus per-test namespaces and helpers to run the `flux` binary against it.
//!
//! The binaries come from `scripts/ensure-control-plane.sh` (cached under `~/.cache/flux-rs`).
//! `TEST_KUBECONFIG` points the tests at an already running cluster instead. When the control
//! plane cannot start the tests fail with the reason; they are never skipped.
#![allow(dead_code)]

pub mod aws_standin;
pub mod azure_standin;
pub mod bitbucket_standin;
pub mod chart_repo;
pub mod control_plane;
pub mod cosign;
pub mod flux_image;
pub mod flux_source;
pub mod gcs_standin;
pub mod git_server;
pub mod gitea;
pub mod github_standin;
pub mod gitlab_standin;
pub mod http_proxy;
pub mod kc_scenario;
pub mod minio;
pub mod node;
pub mod notation;
pub mod recorder;
pub mod registry;
pub mod registry_login;
pub mod s3_server;
pub mod sigstore;
pub mod ssh_server;
pub mod tls_proxy;

use std::path::{Path, PathBuf};
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
        start_for_this_process("flux-rs-cp-")
    });
    match shared {
        Ok((_, path)) => path.clone(),
        Err(e) => panic!("the test control plane could not start: {e}"),
    }
}

/// Starts a control plane that lives as long as this test process (stopped by its watchdog
/// when the process exits).
fn start_for_this_process(prefix: &str) -> Result<(Option<ControlPlane>, PathBuf), String> {
    let bin = binaries()?;
    let tmp = tempfile::Builder::new()
        .prefix(prefix)
        .tempdir()
        .map_err(|e| e.to_string())?;
    let mut cp = ControlPlane::start(&bin, tmp.path())?;
    cp.keep_dir(tmp);
    cp.watchdog(std::process::id());
    let path = cp.kubeconfig.clone();
    Ok((Some(cp), path))
}

/// A second control plane, for the few tests that change cluster-wide state (installing and
/// uninstalling Flux in `flux-system`, deleting its CRDs) and so cannot share the first. They
/// hold [`ISOLATED`] while they use it.
pub fn isolated_kubeconfig() -> PathBuf {
    static ISOLATED_CP: OnceLock<Result<(Option<ControlPlane>, PathBuf), String>> = OnceLock::new();
    match ISOLATED_CP.get_or_init(|| start_for_this_process("flux-rs-cp-isolated-")) {
        Ok((_, path)) => path.clone(),
        Err(e) => panic!("the isolated test control plane could not start: {e}"),
    }
}

/// Serialises the tests that use [`isolated_kubeconfig`].
pub static ISOLATED: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Runs the `flux` binary against the control plane of `kubeconfig`.
pub fn flux_on(kubeconfig: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_flux"))
        .arg("--kubeconfig")
        .arg(kubeconfig)
        .args(args)
        .env_remove("FLUX_SYSTEM_NAMESPACE")
        .stdin(Stdio::null())
        .output()
        .expect("running flux");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    record_cli(args, &stdout, &stderr);
    (out.status.success(), stdout, stderr)
}

/// The directory the secret-leak scan (`scripts/leak-scan.py`) reads, when the test command
/// set `FLUX_RS_LEAK_DIR`: controller logs, CLI output and (see `control_plane`) the API
/// server's audit log of Secret, Event and Flux object writes.
pub fn leak_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("FLUX_RS_LEAK_DIR")?);
    std::fs::create_dir_all(&dir).ok()?;
    Some(dir)
}

/// A fresh file in the leak-scan directory for one process's output, when there is one.
pub fn leak_file(kind: &str) -> Option<PathBuf> {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    Some(leak_dir()?.join(format!("{kind}-{}-{n}.log", std::process::id())))
}

/// Appends one CLI run (its arguments and output) to the leak-scan directory's CLI record.
pub fn record_cli(args: &[&str], stdout: &str, stderr: &str) {
    use std::io::Write;
    let Some(dir) = leak_dir() else { return };
    let line = serde_json::json!({"args": args, "stdout": stdout, "stderr": stderr}).to_string();
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join(format!("cli-{}.jsonl", std::process::id())))
    {
        let _ = f.write_all(format!("{line}\n").as_bytes());
    }
}

/// A client for the control plane of `kubeconfig`.
pub async fn client_on(path: &Path) -> kube::Client {
    let kc = kube::config::Kubeconfig::read_from(path).expect("reading test kubeconfig");
    let config = kube::Config::from_custom_kubeconfig(kc, &Default::default())
        .await
        .expect("test kubeconfig");
    kube::Client::try_from(config).expect("test client")
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

/// Runs the `flux` binary against the shared control plane with extra environment, on a
/// blocking thread; returns (status ok, stdout, stderr).
pub async fn flux_env(args: Vec<String>, env: Vec<(String, String)>) -> (bool, String, String) {
    tokio::task::spawn_blocking(move || {
        let out = Command::new(env!("CARGO_BIN_EXE_flux"))
            .arg("--kubeconfig")
            .arg(kubeconfig())
            .args(&args)
            .envs(env)
            .env_remove("FLUX_SYSTEM_NAMESPACE")
            .stdin(Stdio::null())
            .output()
            .expect("running flux");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    })
    .await
    .expect("flux task")
}

/// Runs the `flux` binary against the shared control plane; returns (status ok, stdout, stderr).
pub fn flux(args: &[&str]) -> (bool, String, String) {
    flux_on(&kubeconfig(), args)
}

/// Server-side applies every generated CRD and waits until they are established.
pub async fn ensure_crds(client: &kube::Client) {
    let mut cluster = flux::cluster::Cluster::new(client.clone());
    let mut names = vec![];
    for k in flux::api::kinds() {
        let v = serde_json::to_value(&k.crd).unwrap();
        cluster.apply(&v).await.expect("applying CRD");
        names.push(k.crd.metadata.name.clone().unwrap());
    }
    cluster
        .wait_crds_established(&names, std::time::Duration::from_secs(60))
        .await
        .expect("CRDs established");
}

/// The `flux` binary as a command: this build's, or `FLUX_SERVE_BIN` when that is set (the
/// controller image's static binary, `target/x86_64-unknown-linux-musl/release/flux`, to
/// measure what runs in a cluster); run under `FLUX_SERVE_WRAP` (a profiler's command line,
/// split at whitespace) when that is set.
pub fn flux_command() -> Command {
    let bin = std::env::var_os("FLUX_SERVE_BIN")
        .unwrap_or_else(|| std::ffi::OsString::from(env!("CARGO_BIN_EXE_flux")));
    let wrap: Vec<String> = std::env::var("FLUX_SERVE_WRAP")
        .map(|w| w.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default();
    match wrap.split_first() {
        Some((prog, rest)) => {
            use std::os::unix::process::CommandExt;
            let mut c = Command::new(prog);
            c.args(rest).arg(&bin);
            // A group of its own: the profiler's process and the `flux` it starts are stopped
            // together (killing a wrapper script alone leaves `flux` running).
            c.process_group(0);
            c
        }
        None => Command::new(bin),
    }
}

/// Under `FLUX_SERVE_WRAP`, sends the child's process group SIGTERM and waits up to `grace`
/// for it to exit (a profiler writes its data only when the process it runs ends), then
/// SIGKILLs the group. Otherwise does nothing (the caller kills the child).
pub fn stop_if_wrapped(child: &mut std::process::Child, grace: std::time::Duration) {
    if std::env::var_os("FLUX_SERVE_WRAP").is_none() {
        return;
    }
    let group = format!("-{}", child.id());
    let signal = |sig: &str| {
        // A group already gone is fine: the message would only be noise.
        let _ = Command::new("kill")
            .args([sig, "--", &group])
            .stderr(std::process::Stdio::null())
            .status();
    };
    signal("-TERM");
    let until = std::time::Instant::now() + grace;
    while std::time::Instant::now() < until {
        if child.try_wait().ok().flatten().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    // What is left of the group (the wrapped `flux` when only the wrapper exited).
    signal("-KILL");
}

/// A free port on 127.0.0.1, handed out once per process from 20000–32767: below Linux's
/// ephemeral range (32768–60999), so servers that bind port 0 (stand-ins, Go tools) cannot
/// take it between this probe and the test's own bind.
pub fn free_port() -> u16 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let span = 32768 - 20000;
    let start = std::process::id() % span;
    loop {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        if n >= span {
            // Exhausted (never in practice): fall back to the kernel's choice.
            return std::net::TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
        }
        let port = (20000 + (start + n) % span) as u16;
        if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

/// A blocking HTTP/1.0 GET on 127.0.0.1; returns (status code, body).
pub fn http_get(port: u16, path: &str) -> (u16, Vec<u8>) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(buf.len());
    let head = String::from_utf8_lossy(&buf[..split]).to_string();
    let code = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = buf.get(split + 4..).unwrap_or_default().to_vec();
    (code, body)
}

/// A child process killed when dropped (with its process group when it runs under
/// `FLUX_SERVE_WRAP`: killing a profiler's wrapper alone leaves the `flux` it started).
pub struct ChildGuard(pub std::process::Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        stop_if_wrapped(&mut self.0, std::time::Duration::from_secs(60));
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `flux serve <controllers>` running against the test control plane, watching one namespace,
/// on free loopback ports; killed when dropped.
pub struct Serve {
    /// The process (tests send it signals).
    pub child: ChildGuard,
    /// `--storage-addr` port.
    pub storage_port: u16,
    /// `--metrics-addr` port.
    pub metrics_port: u16,
    /// `--health-addr` port.
    pub health_port: u16,
    dir: tempfile::TempDir,
    log: PathBuf,
    spec: ServeSpec,
}

impl Serve {
    /// What the controllers logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log_path()).unwrap_or_default()
    }

    /// Where the controllers log (in the leak-scan directory when there is one).
    pub fn log_path(&self) -> std::path::PathBuf {
        self.log.clone()
    }
}

/// Starts `flux serve` with short retry delays and waits for its health port. The process
/// runs with the credentials `flux install` gives these controllers in `ns` (see
/// [`installed_credentials`]), not as cluster admin, so a missing RBAC rule fails the test.
pub fn serve(controllers: &[&str], ns: &str, extra: &[&str]) -> Serve {
    serve_env(controllers, ns, extra, &[])
}

/// [`serve`] with extra environment variables for the process.
pub fn serve_env(controllers: &[&str], ns: &str, extra: &[&str], env: &[(&str, &str)]) -> Serve {
    let dir = tempfile::tempdir().unwrap();
    let creds = installed_credentials(ns, controllers, dir.path());
    serve_with(controllers, ns, extra, env, &creds, dir)
}

/// [`serve`] against the control plane of `kubeconfig` with its credentials as they are (the
/// isolated control plane's tests, which run the controllers as cluster admin).
pub fn serve_on(kubeconfig: &Path, controllers: &[&str], ns: &str, extra: &[&str]) -> Serve {
    let dir = tempfile::tempdir().unwrap();
    serve_with(controllers, ns, extra, &[], kubeconfig, dir)
}

fn serve_with(
    controllers: &[&str],
    ns: &str,
    extra: &[&str],
    env: &[(&str, &str)],
    creds: &Path,
    dir: tempfile::TempDir,
) -> Serve {
    let log = leak_file("serve").unwrap_or_else(|| dir.path().join("controller.log"));
    let spec = ServeSpec {
        controllers: controllers.iter().map(|c| c.to_string()).collect(),
        ns: ns.to_string(),
        extra: extra.iter().map(|c| c.to_string()).collect(),
        env: env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        creds: creds.to_path_buf(),
    };
    let (child, (sp, mp, hp)) = spec.start(dir.path(), &log, None);
    Serve {
        child,
        storage_port: sp,
        metrics_port: mp,
        health_port: hp,
        dir,
        log,
        spec,
    }
}

impl Serve {
    /// Kills the process with SIGKILL (no chance to clean up or release its lease) and starts
    /// it again with the same arguments, ports, storage directory and log file (appended to),
    /// as a container restart in the same pod would: the artifact URLs it advertised stay
    /// valid.
    #[allow(dead_code)]
    pub fn kill_and_restart(&mut self) {
        let _ = self.child.0.kill();
        let _ = self.child.0.wait();
        let ports = (self.storage_port, self.metrics_port, self.health_port);
        let (child, _) = self.spec.start(self.dir.path(), &self.log, Some(ports));
        self.child = child;
    }
}

/// How a [`Serve`] was started, to start it again.
struct ServeSpec {
    controllers: Vec<String>,
    ns: String,
    extra: Vec<String>,
    env: Vec<(String, String)>,
    creds: PathBuf,
}

impl ServeSpec {
    /// Starts the process, appending to `log`, and waits for its health port; returns it with
    /// its storage, metrics and health ports (`ports` when given, else free ones).
    fn start(
        &self,
        dir: &Path,
        log: &Path,
        ports: Option<(u16, u16, u16)>,
    ) -> (ChildGuard, (u16, u16, u16)) {
        // Ports come from `free_port`, which can race with another test binding port 0 between
        // the probe and our bind: a start that fails with "Address already in use" is retried
        // on fresh ports.
        let mut attempt = 0;
        loop {
            attempt += 1;
            let (sp, mp, hp) = ports.unwrap_or_else(|| (free_port(), free_port(), free_port()));
            let mut command = flux_command();
            let logged = std::fs::File::options()
                .create(true)
                .append(true)
                .open(log)
                .unwrap();
            let skip = std::fs::metadata(log).map(|m| m.len()).unwrap_or(0) as usize;
            let child = command
                .arg("serve")
                .args(&self.controllers)
                .arg("--kubeconfig")
                .arg(&self.creds)
                .arg("--storage-path")
                .arg(dir.join("data"))
                .args([
                    format!("--storage-addr=127.0.0.1:{sp}"),
                    format!("--storage-adv-addr=127.0.0.1:{sp}"),
                    format!("--metrics-addr=127.0.0.1:{mp}"),
                    format!("--health-addr=127.0.0.1:{hp}"),
                    "--log-encoding=console".into(),
                    "--min-retry-delay=200ms".into(),
                    "--max-retry-delay=2s".into(),
                    "--requeue-dependency=1s".into(),
                    "--watch-all-namespaces=false".into(),
                ])
                .env("RUNTIME_NAMESPACE", &self.ns)
                .envs(self.env.iter().map(|(k, v)| (k, v)))
                .args(&self.extra)
                .stderr(logged)
                .spawn()
                .expect("starting flux serve");
            let mut guard = ChildGuard(child);
            let mut exited = false;
            // 30 s: a loaded 2-core machine (parallel builds) can take over 10 s to start a
            // debug build.
            let tries = if std::env::var_os("FLUX_SERVE_WRAP").is_none() {
                300
            } else {
                1200
            };
            for _ in 0..tries {
                if let Ok(Some(_)) = guard.0.try_wait() {
                    exited = true;
                    break;
                }
                if std::net::TcpStream::connect(("127.0.0.1", hp)).is_ok() {
                    return (guard, (sp, mp, hp));
                }
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            let text = std::fs::read(log).unwrap_or_default();
            let text = String::from_utf8_lossy(text.get(skip..).unwrap_or_default());
            if exited && attempt < 4 && text.contains("Address already in use") {
                // Fixed ports may still be held for a moment by what the kernel tears down.
                std::thread::sleep(std::time::Duration::from_millis(500));
                continue;
            }
            panic!("flux serve did not start: {text}");
        }
    }
}

/// A kubeconfig (written into `dir`) for `flux serve <controllers>` in `ns` with the
/// credentials `flux install` gives those controllers: the ServiceAccounts, ClusterRoles and
/// ClusterRoleBindings it renders for `ns` are applied, and a token for the controller's
/// ServiceAccount is requested from the TokenRequest API. Several controllers in one process
/// get one ServiceAccount bound to exactly the roles install binds to any of them.
pub fn installed_credentials(ns: &str, controllers: &[&str], dir: &Path) -> PathBuf {
    let (ns, controllers) = (
        ns.to_string(),
        controllers
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>(),
    );
    let token = std::thread::spawn(move || {
        tokio::runtime::Runtime::new()
            .expect("runtime")
            .block_on(request_installed_token(&ns, &controllers))
    })
    .join()
    .expect("credentials thread");
    let admin = std::fs::read_to_string(kubeconfig()).expect("test kubeconfig");
    let path = dir.join("controller-kubeconfig");
    std::fs::write(&path, admin.replace(control_plane::ADMIN_TOKEN, &token))
        .expect("writing controller kubeconfig");
    path
}

async fn request_installed_token(ns: &str, controllers: &[String]) -> String {
    use k8s_openapi::api::authentication::v1::TokenRequest;
    use k8s_openapi::api::core::v1::ServiceAccount;
    use kube::api::{Api, PostParams};
    let client = client().await;
    let mut opts = flux::install::InstallOptions {
        namespace: ns.to_string(),
        ..Default::default()
    };
    // Extra components (source-watcher) get their ServiceAccount and bindings too.
    for c in controllers {
        if let Some(c) = flux::api::Controller::from_name(c) {
            if !opts.components.contains(&c) {
                opts.components.push(c);
            }
        }
    }
    let objects = flux::install::manifests::objects(&opts).expect("install objects");
    let mut cluster = flux::cluster::Cluster::new(client.clone());
    let identity = match controllers {
        [one] => one.clone(),
        _ => String::from("flux-serve-test"),
    };
    let is_sa = |s: &serde_json::Value| {
        s["kind"] == "ServiceAccount"
            && s["namespace"] == ns
            && controllers.iter().any(|c| s["name"] == c.as_str())
    };
    for obj in &objects {
        let kind = obj["kind"].as_str().unwrap_or_default();
        match kind {
            "ServiceAccount" | "ClusterRole" => cluster.apply(obj).await.expect("apply RBAC"),
            "ClusterRoleBinding" => {
                let subjects = obj["subjects"].as_array().cloned().unwrap_or_default();
                if !subjects.iter().any(is_sa) {
                    continue;
                }
                let mut binding = obj.clone();
                if controllers.len() > 1 {
                    let name = binding["metadata"]["name"].as_str().unwrap_or_default();
                    binding["metadata"]["name"] = serde_json::json!(format!("{name}-{identity}"));
                    binding["subjects"] = serde_json::json!([
                        {"kind": "ServiceAccount", "name": identity, "namespace": ns}
                    ]);
                }
                cluster.apply(&binding).await.expect("apply binding");
            }
            _ => {}
        }
    }
    let sas: Api<ServiceAccount> = Api::namespaced(client.clone(), ns);
    if controllers.len() > 1 {
        cluster
            .apply(
                &serde_json::json!({"apiVersion": "v1", "kind": "ServiceAccount",
                "metadata": {"name": identity, "namespace": ns}}),
            )
            .await
            .expect("apply service account");
    }
    let request: TokenRequest = serde_json::from_value(serde_json::json!({
        "spec": {"audiences": [], "expirationSeconds": 86400}
    }))
    .expect("token request");
    let granted = sas
        .create_token_request(&identity, &PostParams::default(), &request)
        .await
        .expect("TokenRequest");
    granted.status.expect("token status").token
}

/// The real kustomize CLI (built from its Go module by `scripts/ensure-kustomize.sh`, or
/// `KUSTOMIZE_BIN`).
#[allow(dead_code)]
pub fn kustomize_bin() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| ensured("KUSTOMIZE_BIN", "ensure-kustomize.sh"))
        .clone()
}

/// A reference tool's path: `$env`, else what `scripts/<script>` prints (it builds and caches
/// the tool).
pub fn ensured(env: &str, script: &str) -> PathBuf {
    if let Ok(p) = std::env::var(env) {
        return PathBuf::from(p);
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scripts")
        .join(script);
    let out = Command::new("bash")
        .arg(&script)
        .stderr(Stdio::inherit())
        .output()
        .expect("running an ensure script");
    assert!(
        out.status.success(),
        "{} failed: {}",
        script.display(),
        out.status
    );
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

/// The real sops CLI (built from its Go module by `scripts/ensure-sops.sh`, or `SOPS_BIN`).
#[allow(dead_code)]
pub fn sops_bin() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| ensured("SOPS_BIN", "ensure-sops.sh"))
        .clone()
}

/// Encrypts `file` with the real sops (`args` name the keys and rules) and returns the output.
#[allow(dead_code)]
pub fn sops_encrypt(args: &[&str], file: &Path, gnupghome: Option<&Path>) -> Vec<u8> {
    let mut cmd = Command::new(sops_bin());
    // `--config` is a global flag: it goes before the subcommand.
    let (global, rest) = match args {
        ["--config", c, rest @ ..] => (vec!["--config", *c], rest),
        _ => (vec![], args),
    };
    cmd.args(global).arg("encrypt").args(rest).arg(file);
    cmd.env_remove("SOPS_AGE_KEY_FILE");
    if let Some(h) = gnupghome {
        cmd.env("GNUPGHOME", h);
    }
    let out = cmd.output().expect("running sops");
    assert!(
        out.status.success(),
        "sops encrypt {args:?} {} failed: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// A fresh age identity: (`.agekey` file content, recipient).
#[allow(dead_code)]
pub fn age_key() -> (String, String) {
    use age::secrecy::ExposeSecret;
    let id = age::x25519::Identity::generate();
    let recipient = id.to_public().to_string();
    let secret = id.to_string().expose_secret().to_string();
    (
        format!("# created by the test\n# public key: {recipient}\n{secret}\n"),
        recipient,
    )
}

/// A fresh OpenPGP key made by the real gpg in `home` (an RSA primary key with an RSA
/// encryption subkey): (fingerprint, armored secret key).
#[allow(dead_code)]
pub fn pgp_key(home: &Path) -> (String, String) {
    std::fs::create_dir_all(home).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(home, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    let gpg = |args: &[&str]| {
        let out = Command::new("gpg")
            .env("GNUPGHOME", home)
            .args(["--batch", "--passphrase", ""])
            .args(args)
            .output()
            .expect("running gpg");
        assert!(
            out.status.success(),
            "gpg {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    gpg(&[
        "--quick-gen-key",
        "Flux Test <flux-test@example.com>",
        "rsa2048",
        "default",
        "never",
    ]);
    let list = String::from_utf8(gpg(&["--list-secret-keys", "--with-colons"])).unwrap();
    let fp = list
        .lines()
        .find(|l| l.starts_with("fpr:"))
        .and_then(|l| l.split(':').nth(9))
        .expect("fingerprint")
        .to_string();
    gpg(&["--quick-add-key", &fp, "rsa2048", "encr", "never"]);
    let armored = String::from_utf8(gpg(&["--armor", "--export-secret-keys", &fp])).unwrap();
    (fp, armored)
}

/// The directory of a Go module version in the Go module cache (downloaded through the Go
/// module proxy by `scripts/go-module.sh` when missing): Flux's own files, read where they are.
#[allow(dead_code)]
pub fn go_module(module_at_version: &str) -> PathBuf {
    static DIRS: std::sync::Mutex<Vec<(String, PathBuf)>> = std::sync::Mutex::new(Vec::new());
    let mut dirs = DIRS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, d)) = dirs.iter().find(|(m, _)| m == module_at_version) {
        return d.clone();
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/go-module.sh");
    let out = Command::new("bash")
        .arg(&script)
        .arg(module_at_version)
        .stderr(Stdio::inherit())
        .output()
        .expect("running scripts/go-module.sh");
    assert!(
        out.status.success(),
        "go-module.sh {module_at_version} failed"
    );
    let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    dirs.push((module_at_version.to_string(), dir.clone()));
    dir
}

/// flux2's CLI test data (`cmd/flux/testdata`) of the Flux version we replace.
#[allow(dead_code)]
pub fn flux2_testdata(rel: &str) -> PathBuf {
    go_module(FLUX2_MODULE).join("cmd/flux/testdata").join(rel)
}

/// The flux2 module version whose CLI we match.
#[allow(dead_code)]
pub const FLUX2_MODULE: &str = "github.com/fluxcd/flux2/v2@v2.9.4";

/// Server-side applies `obj` into `ns` (its `metadata.namespace` set to `ns`).
pub async fn apply_in(client: &kube::Client, ns: &str, obj: serde_json::Value) {
    let mut cluster = flux::cluster::Cluster::new(client.clone());
    let mut obj = obj;
    obj["metadata"]["namespace"] = serde_json::json!(ns);
    cluster.apply(&obj).await.expect("apply");
}

/// (status, reason, message) of the condition `type_`.
pub fn condition(
    conditions: &[flux::api::meta::Condition],
    type_: &str,
) -> Option<(String, String, String)> {
    let c = conditions.iter().find(|c| c.type_ == type_)?;
    Some((c.status.clone(), c.reason.clone(), c.message.clone()))
}

/// Polls `ns/name` of kind `K` until `pred` holds (90 s), panicking with
/// the last object seen.
pub async fn wait_until<K>(
    client: &kube::Client,
    ns: &str,
    name: &str,
    what: &str,
    pred: impl Fn(&K) -> bool,
) -> K
where
    K: kube::Resource<DynamicType = (), Scope = k8s_openapi::NamespaceResourceScope>
        + Clone
        + serde::de::DeserializeOwned
        + std::fmt::Debug,
{
    let api = kube::Api::<K>::namespaced(client.clone(), ns);
    let mut last = None;
    for _ in 0..900 {
        if let Ok(o) = api.get(name).await {
            if pred(&o) {
                return o;
            }
            last = Some(o);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {name} {what}: {last:?}");
}

/// A new unencrypted ed25519 key pair at `path` (comment `flux@localhost`); returns the public
/// key line.
#[allow(dead_code)]
pub fn ssh_keygen(path: &std::path::Path) -> String {
    let out = std::process::Command::new("ssh-keygen")
        .args([
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            "flux@localhost",
            "-f",
        ])
        .arg(path)
        .output()
        .unwrap();
    assert!(out.status.success());
    std::fs::read_to_string(path.with_extension("pub")).unwrap()
}

/// Builds the Go oracle `tests/oracles/<name>` (its own module, dependencies through the Go
/// module proxy and cache) into `dir` with the local Go toolchain; returns the binary's path.
pub fn build_go_oracle(name: &str, dir: &Path) -> PathBuf {
    let bin = dir.join(name);
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/oracles")
        .join(name);
    let out = Command::new("go")
        .current_dir(&src)
        .args(["build", "-o"])
        .arg(&bin)
        .arg(".")
        .env("GOFLAGS", "-mod=mod")
        .env("CGO_ENABLED", "0")
        .output()
        .expect("running go build (Go is required by the test set-up)");
    assert!(
        out.status.success(),
        "building the Go oracle {name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    bin
}

/// Runs a Go oracle with `input` as JSON on its standard input and extra environment
/// variables; returns its standard output (a failed run fails the test with its stderr).
pub fn run_go_oracle(bin: &Path, env: &[(&str, &str)], input: &impl serde::Serialize) -> Vec<u8> {
    let mut child = Command::new(bin)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("starting {}: {e}", bin.display()));
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(serde_json::to_string(input).unwrap().as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}: {}",
        bin.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Waits until the API server's authorizer lets `user` `verb` `resource` in `ns`: RBAC
/// objects reach the authorizer through its own cache, a moment after they are stored.
#[allow(dead_code)]
pub async fn wait_authorized(
    client: &kube::Client,
    user: &str,
    ns: &str,
    verb: &str,
    resource: &str,
) {
    let body = serde_json::json!({
        "apiVersion": "authorization.k8s.io/v1",
        "kind": "SubjectAccessReview",
        "spec": {"user": user, "resourceAttributes": {"namespace": ns, "verb": verb, "resource": resource}},
    });
    for _ in 0..300 {
        let r: serde_json::Value = client
            .request(
                http::Request::post("/apis/authorization.k8s.io/v1/subjectaccessreviews")
                    .header("content-type", "application/json")
                    .body(serde_json::to_vec(&body).unwrap())
                    .unwrap(),
            )
            .await
            .expect("SubjectAccessReview");
        if r["status"]["allowed"].as_bool() == Some(true) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{user} was never allowed to {verb} {resource} in {ns}");
}
