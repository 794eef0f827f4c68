//! Starting a real Kubernetes control plane (etcd + kube-apiserver + kube-controller-manager
//! built from their Go modules) on loopback, the way controller-runtime's envtest does, with
//! its own CA, serving certificate, service-account key and a static admin token.
#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running control plane; stops its processes on drop.
pub struct ControlPlane {
    /// Directory holding certificates, data and the kubeconfig.
    pub dir: PathBuf,
    /// The admin kubeconfig.
    pub kubeconfig: PathBuf,
    /// The API server URL.
    pub server: String,
    children: Vec<Child>,
    /// kube-apiserver's arguments and log, to start it again after [`Self::stop_apiserver`].
    api: (Vec<String>, PathBuf),
    _tmp: Option<tempfile::TempDir>,
}

/// How long a control-plane process gets to exit after SIGTERM before SIGKILL.
pub const GRACE: Duration = Duration::from_secs(3);

impl Drop for ControlPlane {
    /// Stops the processes in the order that lets each exit: kube-controller-manager and
    /// kube-apiserver first (an API server whose etcd is already gone lingers after SIGTERM),
    /// then etcd; each gets SIGTERM, then SIGKILL after [`GRACE`].
    fn drop(&mut self) {
        for c in self.children.iter_mut().rev() {
            stop(c);
        }
    }
}

/// SIGTERM, wait up to [`GRACE`], SIGKILL; always reaped.
fn stop(c: &mut Child) {
    if matches!(c.try_wait(), Ok(Some(_))) {
        return;
    }
    let _ = Command::new("kill")
        .args(["-TERM", &c.id().to_string()])
        .stderr(Stdio::null())
        .status();
    let deadline = Instant::now() + GRACE;
    while Instant::now() < deadline {
        if matches!(c.try_wait(), Ok(Some(_))) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = c.kill();
    let _ = c.wait();
}

/// True while a process exists and is not a zombie.
pub fn alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // The state follows the command name in parentheses.
        Ok(stat) => stat
            .rsplit_once(')')
            .map(|(_, rest)| !rest.trim_start().starts_with('Z'))
            .unwrap_or(false),
        Err(_) => false,
    }
}

fn free_port() -> Result<u16, String> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("allocating a port: {e}"))?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

fn write(path: &Path, body: &str) -> Result<(), String> {
    std::fs::write(path, body).map_err(|e| format!("writing {}: {e}", path.display()))
}

/// Finds the control plane binaries: `FLUX_RS_CONTROL_PLANE_BIN`, or the build script.
pub fn binaries() -> Result<PathBuf, String> {
    if let Ok(dir) = std::env::var("FLUX_RS_CONTROL_PLANE_BIN") {
        return Ok(PathBuf::from(dir));
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/ensure-control-plane.sh");
    let out = Command::new("bash")
        .arg(&script)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("running {}: {e}", script.display()))?;
    if !out.status.success() {
        return Err(format!("{} failed with {}", script.display(), out.status));
    }
    Ok(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
}

struct Pki {
    ca_pem: String,
    serving_cert: String,
    serving_key: String,
    sa_key: String,
    sa_pub: String,
}

fn pki() -> Result<Pki, String> {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, SanType};
    let e = |e: rcgen::Error| format!("generating certificates: {e}");
    let ca_key = KeyPair::generate().map_err(e)?;
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(e)?;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "flux-rs-test-ca");
    let ca_cert = ca_params.self_signed(&ca_key).map_err(e)?;
    let issuer = Issuer::new(ca_params, ca_key);
    let key = KeyPair::generate().map_err(e)?;
    let mut params = CertificateParams::new(vec!["localhost".to_string()]).map_err(e)?;
    params
        .subject_alt_names
        .push(SanType::IpAddress("127.0.0.1".parse().map_err(|_| "ip")?));
    // The `kubernetes` Service's address, which pods on a node reach it at (through a DNAT to
    // loopback, see node.rs).
    params
        .subject_alt_names
        .push(SanType::IpAddress("10.0.0.1".parse().map_err(|_| "ip")?));
    params
        .distinguished_name
        .push(DnType::CommonName, "kube-apiserver");
    let cert = params.signed_by(&key, &issuer).map_err(e)?;
    let sa = KeyPair::generate().map_err(e)?;
    Ok(Pki {
        ca_pem: ca_cert.pem(),
        serving_cert: cert.pem(),
        serving_key: key.serialize_pem(),
        sa_key: sa.serialize_pem(),
        sa_pub: sa.public_key_pem(),
    })
}

/// Starts `bin` with `args`, stdout and stderr into `log`.
pub fn spawn(bin: &Path, args: &[String], log: &Path) -> Result<Child, String> {
    let out = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let err = out.try_clone().map_err(|e| e.to_string())?;
    Command::new(bin)
        .args(args)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .map_err(|e| format!("starting {}: {e}", bin.display()))
}

/// The last 40 lines of a log file.
pub fn tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(40)..].join("\n")
}

fn http_ok(port: u16, path: &str) -> bool {
    use std::io::{Read, Write};
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    let req = format!("GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
    if s.write_all(req.as_bytes()).is_err() {
        return false;
    }
    let mut buf = String::new();
    let _ = s.read_to_string(&mut buf);
    buf.starts_with("HTTP/1.0 200") || buf.starts_with("HTTP/1.1 200")
}

/// The admin token the API server accepts (static token file; test-only).
pub const ADMIN_TOKEN: &str = "flux-rs-test-admin-token";
/// A second cluster-admin identity, so that the requests of one controller under measurement
/// can be told apart in the audit log (test-only).
pub const CONTROLLER_TOKEN: &str = "flux-rs-test-controller-token";
/// The user name of [`CONTROLLER_TOKEN`].
pub const CONTROLLER_USER: &str = "measured-controller";

impl ControlPlane {
    /// Keeps `tmp` (the state directory) alive as long as the control plane.
    pub fn keep_dir(&mut self, tmp: tempfile::TempDir) {
        self._tmp = Some(tmp);
    }

    /// Starts etcd, kube-apiserver and kube-controller-manager from `bin` with state in `dir`.
    pub fn start(bin: &Path, dir: &Path) -> Result<ControlPlane, String> {
        Self::start_with(bin, dir, &[])
    }

    /// Stops the processes now (as dropping does).
    pub fn stop(&mut self) {
        for c in self.children.iter_mut().rev() {
            stop(c);
        }
    }

    /// [`Self::start`] with more kube-controller-manager controllers (a node's control plane
    /// runs the node lifecycle controller, for one).
    pub fn start_with(
        bin: &Path,
        dir: &Path,
        extra_controllers: &[&str],
    ) -> Result<ControlPlane, String> {
        // API Priority and Fairness, on by default in every kube-apiserver: Flux's
        // controllers (and ours) drop their client-side rate limit when they see it.
        // FLUX_RS_APF=off starts the server without it (the rate-limited benchmark).
        let apf = std::env::var("FLUX_RS_APF").map_or(true, |v| v != "off");
        Self::start_full(bin, dir, extra_controllers, apf)
    }

    /// [`Self::start`] with kube-apiserver's `--enable-priority-and-fairness` set to `apf`.
    pub fn start_apf(bin: &Path, dir: &Path, apf: bool) -> Result<ControlPlane, String> {
        Self::start_full(bin, dir, &[], apf)
    }

    fn start_full(
        bin: &Path,
        dir: &Path,
        extra_controllers: &[&str],
        apf: bool,
    ) -> Result<ControlPlane, String> {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        let p = pki()?;
        let ca = dir.join("ca.crt");
        let crt = dir.join("apiserver.crt");
        let key = dir.join("apiserver.key");
        let sa = dir.join("sa.key");
        let sa_pub = dir.join("sa.pub");
        write(&sa_pub, &p.sa_pub)?;
        let tokens = dir.join("tokens.csv");
        write(&ca, &p.ca_pem)?;
        write(&crt, &p.serving_cert)?;
        write(&key, &p.serving_key)?;
        write(&sa, &p.sa_key)?;
        write(
            &tokens,
            &format!(
                "{ADMIN_TOKEN},admin,admin,\"system:masters\"\n{CONTROLLER_TOKEN},{CONTROLLER_USER},{CONTROLLER_USER},\"system:masters\"\n"
            ),
        )?;
        let mut cp = ControlPlane {
            dir: dir.to_path_buf(),
            kubeconfig: dir.join("kubeconfig"),
            server: String::new(),
            children: vec![],
            api: (vec![], PathBuf::new()),
            _tmp: None,
        };

        let etcd_port = free_port()?;
        let peer_port = free_port()?;
        let etcd_url = format!("http://127.0.0.1:{etcd_port}");
        let etcd_log = dir.join("etcd.log");
        cp.children.push(spawn(
            &bin.join("etcd"),
            &[
                format!("--data-dir={}", dir.join("etcd").display()),
                format!("--listen-client-urls={etcd_url}"),
                format!("--advertise-client-urls={etcd_url}"),
                format!("--listen-peer-urls=http://127.0.0.1:{peer_port}"),
                format!("--initial-advertise-peer-urls=http://127.0.0.1:{peer_port}"),
                format!("--initial-cluster=default=http://127.0.0.1:{peer_port}"),
                "--unsafe-no-fsync=true".into(),
                "--log-level=warn".into(),
            ],
            &etcd_log,
        )?);
        wait_until(Duration::from_secs(30), || http_ok(etcd_port, "/health"))
            .map_err(|_| format!("etcd did not become healthy:\n{}", tail(&etcd_log)))?;

        let api_port = free_port()?;
        cp.server = format!("https://127.0.0.1:{api_port}");
        let api_log = dir.join("kube-apiserver.log");
        let api_args: Vec<String> = [
            format!("--etcd-servers={etcd_url}"),
            "--bind-address=127.0.0.1".into(),
            "--advertise-address=127.0.0.1".into(),
            format!("--secure-port={api_port}"),
            format!("--cert-dir={}", dir.display()),
            format!("--tls-cert-file={}", crt.display()),
            format!("--tls-private-key-file={}", key.display()),
            format!("--token-auth-file={}", tokens.display()),
            "--authorization-mode=RBAC".into(),
            "--service-cluster-ip-range=10.0.0.0/16".into(),
            "--allow-privileged=true".into(),
            format!("--service-account-issuer={}/", cp.server),
            format!("--service-account-key-file={}", sa_pub.display()),
            format!("--service-account-signing-key-file={}", sa.display()),
            format!("--enable-priority-and-fairness={apf}"),
            "--endpoint-reconciler-type=none".into(),
        ]
        .into_iter()
        .chain(audit_flags(dir)?)
        .collect();
        cp.children
            .push(spawn(&bin.join("kube-apiserver"), &api_args, &api_log)?);
        cp.api = (api_args, api_log);
        write(&cp.kubeconfig, &kubeconfig_yaml(&cp.server, &p.ca_pem))?;
        cp.wait_apiserver_ready()?;

        let kcm_log = dir.join("kube-controller-manager.log");
        cp.children.push(spawn(
            &bin.join("kube-controller-manager"),
            &[
                format!("--kubeconfig={}", cp.kubeconfig.display()),
                "--leader-elect=false".into(),
                format!("--controllers=namespace-controller,garbage-collector-controller,serviceaccount-controller,serviceaccount-token-controller,root-ca-certificate-publisher-controller,clusterrole-aggregation-controller,deployment-controller,replicaset-controller,job-controller{}",
                    extra_controllers.iter().map(|c| format!(",{c}")).collect::<String>()),
                format!("--service-account-private-key-file={}", sa.display()),
                format!("--root-ca-file={}", ca.display()),
                "--use-service-account-credentials=false".into(),
                "--bind-address=127.0.0.1".into(),
                "--secure-port=0".into(),
            ],
            &kcm_log,
        )?);
        std::thread::sleep(Duration::from_millis(500));
        if let Some(status) = cp.children[2].try_wait().map_err(|e| e.to_string())? {
            return Err(format!(
                "kube-controller-manager exited with {status}:\n{}",
                tail(&kcm_log)
            ));
        }
        Ok(cp)
    }

    fn wait_apiserver_ready(&mut self) -> Result<(), String> {
        let ca = self.dir.join("ca.crt");
        let server = self.server.clone();
        let api = &mut self.children[1];
        let ready = wait_until(Duration::from_secs(90), || {
            let exited = matches!(api.try_wait(), Ok(Some(_)));
            exited || readyz(&server, &ca)
        })
        .and_then(|_| match api.try_wait() {
            Ok(Some(_)) => Err(()),
            _ => Ok(()),
        });
        ready.map_err(|_| {
            format!(
                "kube-apiserver did not become ready at {server}/readyz:\n{}",
                tail(&self.api.1)
            )
        })
    }

    /// Stops kube-apiserver (SIGTERM, SIGKILL after the grace period): an outage, with etcd
    /// and the controller-manager left running.
    pub fn stop_apiserver(&mut self) {
        stop(&mut self.children[1]);
    }

    /// Starts kube-apiserver again, as before, on the same port, and waits until it is ready.
    pub fn start_apiserver(&mut self, bin: &Path) -> Result<(), String> {
        let (args, log) = self.api.clone();
        self.children[1] = spawn(&bin.join("kube-apiserver"), &args, &log)?;
        self.wait_apiserver_ready()
    }

    /// The process ids of etcd, kube-apiserver and kube-controller-manager.
    pub fn pids(&self) -> Vec<u32> {
        self.children.iter().map(|c| c.id()).collect()
    }

    /// Arranges for the processes to be stopped when process `pid` exits (tests keep the
    /// control plane in a static, which is never dropped): the API server and the
    /// controller-manager first, SIGKILL after the grace period, then etcd the same way.
    pub fn watchdog(&self, pid: u32) {
        let pids: Vec<String> = self.children.iter().map(|c| c.id().to_string()).collect();
        let (etcd, rest) = pids
            .split_first()
            .map(|(e, r)| (e.clone(), r.join(" ")))
            .unwrap_or_default();
        let grace = GRACE.as_secs() * 10;
        // The state directory of a control plane kept for the whole process (never dropped:
        // it lives in a static) goes with its processes.
        let cleanup = match &self._tmp {
            Some(t) => format!("; rm -rf '{}'", t.path().display()),
            None => String::new(),
        };
        let script = format!(
            "stop() {{ kill -TERM $1 2>/dev/null; i=0; \
               while [ $i -lt {grace} ] && kill -0 $1 2>/dev/null; do sleep 0.1; i=$((i+1)); done; \
               kill -KILL $1 2>/dev/null; }}; \
             while kill -0 {pid} 2>/dev/null; do sleep 1; done; \
             for p in {rest}; do stop $p & done; wait; stop {etcd}{cleanup}"
        );
        let _ = Command::new("bash")
            .arg("-c")
            .arg(script)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
    }
}

fn readyz(server: &str, ca: &Path) -> bool {
    // curl is on every Debian machine; it keeps this harness free of an HTTP client.
    Command::new("curl")
        .args(["-fsS", "--max-time", "2", "--cacert"])
        .arg(ca)
        .arg(format!("{server}/readyz"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

fn kubeconfig_yaml(server: &str, ca_pem: &str) -> String {
    use base64_engine::encode;
    format!(
        "apiVersion: v1
kind: Config
clusters:
- name: flux-rs-test
  cluster:
    server: {server}
    certificate-authority-data: {ca}
users:
- name: admin
  user:
    token: {ADMIN_TOKEN}
contexts:
- name: flux-rs-test
  context:
    cluster: flux-rs-test
    user: admin
current-context: flux-rs-test
",
        ca = encode(ca_pem.as_bytes())
    )
}

/// The audit policy of the secret-leak scan: the bodies of every write of a Secret (where the
/// secret values come from), an Event or a Flux object (where they must never appear).
const LEAK_POLICY: &str = "apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
- level: Request
  verbs: [create, update, patch]
  resources:
  - {group: \"\", resources: [secrets, events]}
  - {group: events.k8s.io, resources: [events]}
  - {group: source.toolkit.fluxcd.io}
  - {group: kustomize.toolkit.fluxcd.io}
  - {group: helm.toolkit.fluxcd.io}
  - {group: notification.toolkit.fluxcd.io}
  - {group: image.toolkit.fluxcd.io}
  - {group: source.extensions.fluxcd.io}
- level: None
";

/// With `FLUX_RS_AUDIT=1` (benchmarks), the API server writes a JSON audit log of every
/// request's metadata to `<dir>/audit.log`. Otherwise, with `FLUX_RS_LEAK_DIR` set (the test
/// command sets it), it writes the bodies [`LEAK_POLICY`] names to a log of its own in that
/// directory, for `scripts/leak-scan.py`. Otherwise no flags.
fn audit_flags(dir: &Path) -> Result<Vec<String>, String> {
    if std::env::var("FLUX_RS_AUDIT").as_deref() != Ok("1") {
        let Some(leak) = std::env::var_os("FLUX_RS_LEAK_DIR") else {
            return Ok(Vec::new());
        };
        let leak = PathBuf::from(leak);
        std::fs::create_dir_all(&leak).map_err(|e| format!("{}: {e}", leak.display()))?;
        let policy = dir.join("leak-audit-policy.yaml");
        write(&policy, LEAK_POLICY)?;
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let log = leak.join(format!("audit-{}-{name}.log", std::process::id()));
        return Ok(vec![
            format!("--audit-policy-file={}", policy.display()),
            format!("--audit-log-path={}", log.display()),
            "--audit-log-format=json".into(),
            "--audit-log-mode=blocking".into(),
        ]);
    }
    let policy = dir.join("audit-policy.yaml");
    write(
        &policy,
        "apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\nrules:\n- level: Metadata\n",
    )?;
    Ok(vec![
        format!("--audit-policy-file={}", policy.display()),
        format!("--audit-log-path={}", dir.join("audit.log").display()),
        "--audit-log-format=json".into(),
        "--audit-log-mode=blocking".into(),
    ])
}

/// The kubeconfig `kubeconfig` with the controller identity's token instead of the admin's.
pub fn controller_kubeconfig(kubeconfig: &Path, out: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(kubeconfig).map_err(|e| e.to_string())?;
    write(out, &text.replace(ADMIN_TOKEN, CONTROLLER_TOKEN))
}

/// A tiny standard base64 encoder (kubeconfig CA data); avoids a dependency for one use.
mod base64_engine {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    pub fn encode(input: &[u8]) -> String {
        let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
        for chunk in input.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            out.push(ALPHABET[(n >> 18) as usize & 63] as char);
            out.push(ALPHABET[(n >> 12) as usize & 63] as char);
            out.push(if chunk.len() > 1 {
                ALPHABET[(n >> 6) as usize & 63] as char
            } else {
                '='
            });
            out.push(if chunk.len() > 2 {
                ALPHABET[n as usize & 63] as char
            } else {
                '='
            });
        }
        out
    }
}

fn wait_until(timeout: Duration, mut f: impl FnMut() -> bool) -> Result<(), ()> {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if f() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err(())
}
