//! A real node for the tests that need pods: a control plane of its own (so that the shared
//! one keeps no node, which other tests rely on) with kube-scheduler and the node lifecycle
//! controller, Debian's containerd and runc with their state under one directory, and a
//! kubelet built from its Go module (`scripts/ensure-node.sh`). Images come from OCI layout
//! tars imported into containerd (no registry); pods reach the API server on loopback with
//! `hostNetwork` (the API server binds 127.0.0.1 only) and get a bridge network on
//! 10.244.0.0/24 otherwise, routed only to the service range.
//!
//! One node per machine: the directory, the bridge and the `kubepods` cgroups are fixed, so
//! the tests that use it hold [`NODE`]. Starting cleans whatever a killed run left; stopping
//! kills every process in the pods' cgroups, the kubelet, the shims and containerd (SIGTERM,
//! SIGKILL after a grace period), unmounts what the kubelet mounted and removes the network
//! namespaces, the bridge and the cgroups.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::control_plane::{spawn, tail, ControlPlane};

/// Serialises the tests that use a node.
pub static NODE: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Where the node keeps its state (fixed: one node per machine).
pub const DIR: &str = "/tmp/flux-rs-node";
/// The bridge of the pod network.
const BRIDGE: &str = "fluxrs0";
/// The node's name, which is also the address the API server reaches the kubelet at
/// (`Hostname` comes first among the address types it prefers): the kubelet binds loopback
/// only, and refuses a loopback node IP, so its `InternalIP` is the machine's own.
pub const NODE_NAME: &str = "localhost";
/// The pause image the sandboxes run.
pub const PAUSE_IMAGE: &str = "flux-rs.test/pause:1";

/// A running node and its control plane; everything stops on drop.
pub struct Node {
    /// The control plane the node is registered with.
    pub cp: ControlPlane,
    /// The containerd socket.
    pub containerd_socket: PathBuf,
    children: Vec<(String, Child)>,
    /// The machine-wide lock on the node, released (dropped) after the teardown.
    _machine: std::fs::File,
}

/// The file whose exclusive lock one node per machine holds: a bench, the demo and a test run
/// in other processes wait for each other instead of cleaning up each other's node.
const LOCK: &str = "/tmp/flux-rs-node.lock";

fn bins() -> PathBuf {
    super::ensured("FLUX_RS_NODE_BIN", "ensure-node.sh")
}

fn write(path: &Path, body: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, body).map_err(|e| format!("{}: {e}", path.display()))
}

fn free_port() -> u16 {
    super::free_port()
}

fn run(cmd: &str, args: &[&str]) -> Result<String, String> {
    let out = Command::new(cmd)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{cmd}: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "{cmd} {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// Processes whose command line contains `needle`.
fn pids_with(needle: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return out;
    };
    let me = std::process::id();
    for e in entries.flatten() {
        let Some(pid) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        if pid == me {
            continue;
        }
        let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        if cmdline.contains(needle) {
            out.push(pid);
        }
    }
    out
}

fn signal(pid: u32, sig: &str) {
    let _ = Command::new("kill")
        .args([sig, &pid.to_string()])
        .stderr(Stdio::null())
        .status();
}

/// SIGTERM to `pids`, SIGKILL to those left after `grace`.
fn stop_pids(pids: &[u32], grace: Duration) {
    for p in pids {
        signal(*p, "-TERM");
    }
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline && pids.iter().any(|p| super::control_plane::alive(*p)) {
        std::thread::sleep(Duration::from_millis(50));
    }
    for p in pids {
        if super::control_plane::alive(*p) {
            signal(*p, "-KILL");
        }
    }
}

/// The `kubepods` cgroup directories of every hierarchy, deepest first.
fn pod_cgroups() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                if e.file_type().is_ok_and(|t| t.is_dir()) {
                    walk(&e.path(), out);
                }
            }
        }
        out.push(dir.to_path_buf());
    }
    let mut out = Vec::new();
    if let Ok(hierarchies) = std::fs::read_dir("/sys/fs/cgroup") {
        for h in hierarchies.flatten() {
            let pods = h.path().join("kubepods");
            if pods.is_dir() {
                walk(&pods, &mut out);
            }
        }
    }
    out
}

/// Removes whatever a node left: pod processes, kubelet, shims and containerd started for
/// [`DIR`], mounts under it, the pods' network namespaces, the bridge, the cgroups, the
/// directory.
pub fn clean_up() {
    // Pod processes first (they are children of shims), by their cgroups.
    let mut pod_pids = Vec::new();
    for cg in pod_cgroups() {
        if let Ok(procs) = std::fs::read_to_string(cg.join("cgroup.procs")) {
            pod_pids.extend(procs.lines().filter_map(|l| l.trim().parse::<u32>().ok()));
        }
    }
    pod_pids.sort_unstable();
    pod_pids.dedup();
    for p in &pod_pids {
        signal(*p, "-KILL");
    }
    stop_pids(
        &pids_with(&format!("{DIR}/kubelet")),
        Duration::from_secs(3),
    );
    stop_pids(
        &pids_with(&format!("{DIR}/kube-scheduler")),
        Duration::from_secs(3),
    );
    stop_pids(
        &pids_with(&format!("{DIR}/containerd")),
        Duration::from_secs(3),
    );
    // A killed run's control plane (its API server, then etcd).
    stop_pids(&pids_with(&format!("{DIR}/cp/")), Duration::from_secs(3));
    // Mounts under the directory, deepest first (lazily: a busy one goes when released).
    let mounts = std::fs::read_to_string("/proc/mounts").unwrap_or_default();
    let mut points: Vec<&str> = mounts
        .lines()
        .filter_map(|l| l.split(' ').nth(1))
        .filter(|m| m.starts_with(DIR))
        .collect();
    points.sort_by_key(|m| std::cmp::Reverse(m.len()));
    for m in points {
        let _ = run("umount", &["-l", m]);
    }
    if let Ok(entries) = std::fs::read_dir("/run/netns") {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with("cni-") {
                let _ = run("umount", &["-l", &e.path().to_string_lossy()]);
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    let _ = run("ip", &["link", "del", BRIDGE]);
    for cg in pod_cgroups() {
        let _ = std::fs::remove_dir(&cg);
    }
    let _ = std::fs::remove_dir_all(DIR);
}

impl Node {
    /// Starts a control plane, containerd (with `images`, OCI layout tars, imported), the
    /// kubelet and kube-scheduler, and waits until the node is Ready.
    pub async fn start(images: &[PathBuf]) -> Result<Node, String> {
        let bin = bins();
        let machine = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(LOCK)
            .map_err(|e| format!("{LOCK}: {e}"))?;
        if machine.try_lock().is_err() {
            eprintln!("waiting for the node another process holds ({LOCK})");
            machine.lock().map_err(|e| format!("{LOCK}: {e}"))?;
        }
        clean_up();
        let dir = PathBuf::from(DIR);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let cp = ControlPlane::start_with(
            &super::binaries()?,
            &dir.join("cp"),
            &["node-lifecycle-controller", "endpointslice-controller"],
        )?;
        let mut node = Node {
            cp,
            containerd_socket: dir.join("containerd/containerd.sock"),
            _machine: machine,
            children: Vec::new(),
        };
        node.start_containerd(&dir)?;
        for image in std::iter::once(&bin.join("pause.tar")).chain(images) {
            node.import(image)?;
        }
        node.start_kubelet(&dir, &bin)?;
        let log = dir.join("kube-scheduler.log");
        let scheduler = spawn(
            &bin.join("kube-scheduler"),
            &[
                format!("--kubeconfig={}", node.cp.kubeconfig.display()),
                "--leader-elect=false".into(),
                "--bind-address=127.0.0.1".into(),
                format!("--secure-port={}", free_port()),
            ],
            &log,
        )?;
        node.children.push(("kube-scheduler".into(), scheduler));
        node.wait_ready().await?;
        Ok(node)
    }

    fn start_containerd(&mut self, dir: &Path) -> Result<(), String> {
        let c = dir.join("containerd");
        let config = c.join("config.toml");
        write(
            &config,
            &format!(
                r#"version = 2
root = "{root}"
state = "{state}"
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.native", "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]

[grpc]
  address = "{sock}"

[ttrpc]
  address = "{sock}.ttrpc"

[debug]
  address = ""

[metrics]
  address = ""

[plugins."io.containerd.internal.v1.opt"]
  path = "{opt}"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "{PAUSE_IMAGE}"
  restrict_oom_score_adj = true
  disable_apparmor = true
  enable_selinux = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "{cni}"
"#,
                root = c.join("root").display(),
                state = c.join("state").display(),
                sock = self.containerd_socket.display(),
                opt = c.join("opt").display(),
                cni = dir.join("cni/net.d").display(),
            ),
        )?;
        write(
            &dir.join("cni/net.d/10-flux-rs.conflist"),
            &serde_json::json!({
                "cniVersion": "1.0.0",
                "name": "flux-rs-pods",
                "plugins": [{
                    "type": "bridge",
                    "bridge": BRIDGE,
                    "isGateway": true,
                    "ipMasq": false,
                    "hairpinMode": true,
                    "ipam": {
                        "type": "host-local",
                        "ranges": [[{"subnet": "10.244.0.0/24"}]],
                        "routes": [{"dst": "10.0.0.0/16"}],
                        "dataDir": dir.join("cni/ipam").display().to_string(),
                    }
                }]
            })
            .to_string(),
        )?;
        let log = dir.join("containerd.log");
        let child = spawn(
            Path::new("containerd"),
            &["--config".into(), config.display().to_string()],
            &log,
        )?;
        self.children.push(("containerd".into(), child));
        let deadline = Instant::now() + Duration::from_secs(30);
        while !self.containerd_socket.exists() {
            if Instant::now() > deadline {
                return Err(format!("containerd did not start:\n{}", tail(&log)));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(())
    }

    /// `ctr` against this node's containerd, in the `k8s.io` namespace (the kubelet's).
    fn ctr(&self, args: &[&str]) -> Result<(), String> {
        let socket = self.containerd_socket.to_string_lossy();
        let mut all = vec!["--address", &socket, "-n", "k8s.io"];
        all.extend_from_slice(args);
        run("ctr", &all).map(|_| ())
    }

    /// Imports an OCI layout tar into containerd's `k8s.io` namespace (the kubelet's).
    pub fn import(&self, tar: &Path) -> Result<(), String> {
        self.ctr(&[
            "images",
            "import",
            "--all-platforms",
            &tar.to_string_lossy(),
        ])
    }

    /// Gives an imported image a second name in containerd's `k8s.io` namespace (as a
    /// registry would serve the same image under a new tag).
    pub fn tag(&self, source: &str, target: &str) -> Result<(), String> {
        self.ctr(&["images", "tag", "--force", source, target])
    }

    fn start_kubelet(&mut self, dir: &Path, bin: &Path) -> Result<(), String> {
        let k = dir.join("kubelet");
        let config = k.join("config.yaml");
        write(
            &config,
            &format!(
                r#"apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: 127.0.0.1
port: {port}
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: {healthz}
# The API server's requests (logs, exec) come unauthenticated; the kubelet binds loopback only.
authentication:
  anonymous:
    enabled: true
  webhook:
    enabled: false
authorization:
  mode: AlwaysAllow
cgroupDriver: cgroupfs
failSwapOn: false
failCgroupV1: false
containerRuntimeEndpoint: unix://{sock}
podCIDR: 10.244.0.0/24
resolvConf: ""
enforceNodeAllocatable: []
evictionHard:
  memory.available: "0%"
  nodefs.available: "0%"
  imagefs.available: "0%"
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
serializeImagePulls: false
"#,
                port = free_port(),
                healthz = free_port(),
                sock = self.containerd_socket.display(),
            ),
        )?;
        let log = dir.join("kubelet.log");
        let child = spawn(
            &bin.join("kubelet"),
            &[
                format!("--config={}", config.display()),
                format!("--kubeconfig={}", self.cp.kubeconfig.display()),
                format!("--root-dir={}", k.join("root").display()),
                format!("--cert-dir={}", k.join("pki").display()),
                format!("--hostname-override={NODE_NAME}"),
                "--v=1".into(),
            ],
            &log,
        )?;
        self.children.push(("kubelet".into(), child));
        Ok(())
    }

    /// Waits until the node reports Ready without the not-ready taint.
    async fn wait_ready(&mut self) -> Result<(), String> {
        let client = super::client_on(&self.cp.kubeconfig).await;
        let nodes: kube::Api<k8s_openapi::api::core::v1::Node> = kube::Api::all(client);
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if let Ok(n) = nodes.get(NODE_NAME).await {
                let ready = n
                    .status
                    .as_ref()
                    .and_then(|s| s.conditions.as_ref())
                    .is_some_and(|c| c.iter().any(|c| c.type_ == "Ready" && c.status == "True"));
                let tainted = n
                    .spec
                    .as_ref()
                    .and_then(|s| s.taints.as_ref())
                    .is_some_and(|t| !t.is_empty());
                if ready && !tainted {
                    return Ok(());
                }
            }
            for (name, child) in &mut self.children {
                if let Ok(Some(status)) = child.try_wait() {
                    return Err(format!(
                        "{name} exited with {status}:\n{}",
                        tail(&Path::new(DIR).join(format!("{name}.log")))
                    ));
                }
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "the node did not become Ready:\n{}",
                    tail(&Path::new(DIR).join("kubelet.log"))
                ));
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }

    /// A client for the node's control plane.
    pub async fn client(&self) -> kube::Client {
        super::client_on(&self.cp.kubeconfig).await
    }

    /// The last lines of a component's log (`kubelet`, `containerd`, `kube-scheduler`).
    pub fn log(&self, name: &str) -> String {
        tail(&Path::new(DIR).join(format!("{name}.log")))
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        // The scheduler and the kubelet first, then the pods and containerd.
        for (_, child) in self.children.iter_mut().rev() {
            if matches!(child.try_wait(), Ok(Some(_))) {
                continue;
            }
            stop_pids(&[child.id()], Duration::from_secs(3));
            let _ = child.wait();
        }
        self.cp.stop();
        // The logs outlive the node, for a failed test's reader.
        let last = Path::new("/tmp/flux-rs-node-logs");
        let _ = std::fs::remove_dir_all(last);
        let _ = std::fs::create_dir_all(last);
        for name in ["kubelet", "containerd", "kube-scheduler"] {
            let log = Path::new(DIR).join(format!("{name}.log"));
            let _ = std::fs::copy(&log, last.join(format!("{name}.log")));
        }
        let _ = std::fs::copy(
            Path::new(DIR).join("cp/kube-apiserver.log"),
            last.join("kube-apiserver.log"),
        );
        clean_up();
    }
}

/// Rewrites `flux install`'s objects to run on this node's loopback-only network: the
/// controller pods use the host network (the API server binds 127.0.0.1 only), reach the API
/// server at 127.0.0.1 (`KUBERNETES_SERVICE_HOST`/`PORT`, as in-cluster config reads them),
/// and bind each of their ports, on 127.0.0.1, to a free port of its own (host-network pods
/// share one port space); the addresses one controller gives another (`--events-addr`,
/// `--storage-adv-addr`) name those ports, as the cluster's Service DNS would.
pub fn on_host_network(docs: &mut [serde_json::Value], api_port: u16) {
    use serde_json::{json, Value};
    let deployments = |docs: &mut [Value]| -> Vec<usize> {
        docs.iter()
            .enumerate()
            .filter(|(_, d)| d["kind"] == "Deployment")
            .map(|(i, _)| i)
            .collect()
    };
    // The port each (deployment, port name) gets.
    let mut ports = std::collections::BTreeMap::new();
    for i in deployments(docs) {
        let name = docs[i]["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        for p in docs[i]["spec"]["template"]["spec"]["containers"][0]["ports"]
            .as_array()
            .cloned()
            .unwrap_or_default()
        {
            let pname = p["name"].as_str().unwrap_or_default().to_string();
            ports.insert((name.clone(), pname), free_port());
        }
    }
    let port = |d: &str, n: &str| ports.get(&(d.to_string(), n.to_string())).copied();
    let events = port("notification-controller", "http");
    let storage = port("source-controller", "http");
    for i in deployments(docs) {
        let name = docs[i]["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let spec = &mut docs[i]["spec"]["template"]["spec"];
        spec["hostNetwork"] = json!(true);
        let c = &mut spec["containers"][0];
        let mut env = c["env"].as_array().cloned().unwrap_or_default();
        env.push(json!({"name": "KUBERNETES_SERVICE_HOST", "value": "127.0.0.1"}));
        env.push(json!({"name": "KUBERNETES_SERVICE_PORT", "value": api_port.to_string()}));
        c["env"] = Value::Array(env);
        // Probes go to the pod IP, the machine's address for a host-network pod; the
        // controllers bind loopback.
        for probe in ["livenessProbe", "readinessProbe"] {
            if c[probe]["httpGet"].is_object() {
                c[probe]["httpGet"]["host"] = json!("127.0.0.1");
            }
        }
        let mut args: Vec<String> = c["args"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let flag = |pname: &str| match (name.as_str(), pname) {
            (_, "http-prom") => Some("--metrics-addr"),
            (_, "healthz") => Some("--health-addr"),
            (_, "http-webhook") => Some("--receiverAddr"),
            ("source-controller", "http") => Some("--storage-addr"),
            ("notification-controller", "http") => Some("--events-addr"),
            _ => None,
        };
        if let Some(list) = c["ports"].as_array_mut() {
            for p in list {
                let pname = p["name"].as_str().unwrap_or_default().to_string();
                let Some(n) = port(&name, &pname) else {
                    continue;
                };
                p["containerPort"] = json!(n);
                if let Some(f) = flag(&pname) {
                    args.retain(|a| !a.starts_with(&format!("{f}=")));
                    args.push(format!("{f}=127.0.0.1:{n}"));
                }
            }
        }
        for a in &mut args {
            if a.starts_with("--events-addr=http") {
                if let Some(e) = events {
                    *a = format!("--events-addr=http://127.0.0.1:{e}/");
                }
            }
            if a.starts_with("--storage-adv-addr=") {
                if let Some(s) = storage {
                    *a = format!("--storage-adv-addr=127.0.0.1:{s}");
                }
            }
        }
        c["args"] = json!(args);
    }
}

/// The `kustomization.yaml` of a bootstrap repository's flux-system directory that runs the
/// components on this node's host network: `gotk-components.yaml` and `gotk-sync.yaml` as
/// resources, and per Deployment the JSON 6902 operations that turn the rendered pod spec
/// (`docs`, `flux install --export`'s objects) into [`on_host_network`]'s. Flux documents
/// this file as the place to customise the components; bootstrap keeps it and installs with it.
pub fn host_network_kustomization(docs: &[serde_json::Value], api_port: u16) -> String {
    use serde_json::Value;
    let mut changed = docs.to_vec();
    on_host_network(&mut changed, api_port);
    let mut out = String::from(
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- gotk-components.yaml\n- gotk-sync.yaml\npatches:\n",
    );
    // Each differing member of the pod spec and of its first container becomes one `add`
    // (which replaces an existing member).
    let ops = |base: &str, before: &Value, after: &Value, skip: &str| -> Vec<String> {
        let (Some(b), Some(a)) = (before.as_object(), after.as_object()) else {
            return Vec::new();
        };
        a.iter()
            .filter(|(k, v)| k.as_str() != skip && b.get(k.as_str()) != Some(v))
            .map(|(k, v)| format!("    - op: add\n      path: {base}/{k}\n      value: {v}\n"))
            .collect()
    };
    for (before, after) in docs.iter().zip(&changed) {
        if before["kind"] != "Deployment" {
            continue;
        }
        let (b, a) = (
            &before["spec"]["template"]["spec"],
            &after["spec"]["template"]["spec"],
        );
        let base = "/spec/template/spec";
        let mut all = ops(base, b, a, "containers");
        all.extend(ops(
            &format!("{base}/containers/0"),
            &b["containers"][0],
            &a["containers"][0],
            "",
        ));
        if all.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "- target:\n    kind: Deployment\n    name: {}\n  patch: |\n{}",
            after["metadata"]["name"].as_str().unwrap_or_default(),
            all.concat()
        ));
    }
    out
}
