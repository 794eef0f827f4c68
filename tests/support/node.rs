//! A real node for the tests that need pods: a control plane of its own (so that the shared
//! one keeps no node, which other tests rely on) with kube-scheduler and the node lifecycle
//! controller, Debian's containerd and runc with their state under one directory, and a
//! kubelet built from its Go module (`scripts/ensure-node.sh`). Images come from OCI layout
//! tars imported into containerd (no registry). Pods get a bridge network on 10.244.0.0/24,
//! routed only to the service range; kube-proxy (nftables mode) gives Services their cluster
//! IPs and CoreDNS (a pod of its own) their names, so `flux install`'s Deployments run exactly
//! as rendered. Nothing binds beyond loopback: the API server stays on 127.0.0.1 and a table
//! of ours (`flux_rs_node`) DNATs the `kubernetes` Service's address to it for the pods
//! (`route_localnet` on the bridge), the bridge's own address reaches the loopback ports a
//! test opens to the pods ([`expose_to_pods`]), and nothing is forwarded into or out of the
//! bridge from another interface.
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
/// The cluster DNS image (CoreDNS built by `scripts/ensure-node.sh`).
const COREDNS_IMAGE: &str = "flux-rs.test/coredns:1";
/// The bridge's own address: the pods' gateway, and where they reach [`expose_to_pods`]'s ports.
pub const GATEWAY: &str = "10.244.0.1";
/// The `kubernetes` Service's cluster IP (the first of `--service-cluster-ip-range`).
const API_SERVICE_IP: &str = "10.0.0.1";
/// The cluster DNS Service's cluster IP.
const DNS_SERVICE_IP: &str = "10.0.0.10";
/// Our nftables table (the DNATs to loopback and the bridge's fence).
const TABLE: &str = "flux_rs_node";

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
    for name in ["kube-scheduler", "kube-proxy"] {
        stop_pids(&pids_with(&format!("{DIR}/{name}")), Duration::from_secs(3));
    }
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
    for (family, table) in [("ip", TABLE), ("ip", "kube-proxy"), ("ip6", "kube-proxy")] {
        let _ = run("nft", &["delete", "table", family, table]);
    }
    // The kubelet's iptables chains (its hint and canary chains, and the rule that drops
    // connections to loopback from elsewhere unless they were DNATed).
    for tool in ["iptables", "ip6tables"] {
        for hook in ["INPUT", "OUTPUT"] {
            while run(tool, &["-t", "filter", "-D", hook, "-j", "KUBE-FIREWALL"]).is_ok() {}
        }
        for (table, chain) in [
            ("filter", "KUBE-FIREWALL"),
            ("filter", "KUBE-KUBELET-CANARY"),
            ("nat", "KUBE-KUBELET-CANARY"),
            ("mangle", "KUBE-KUBELET-CANARY"),
            ("mangle", "KUBE-IPTABLES-HINT"),
        ] {
            let _ = run(tool, &["-t", table, "-F", chain]);
            let _ = run(tool, &["-t", table, "-X", chain]);
        }
    }
    for cg in pod_cgroups() {
        let _ = std::fs::remove_dir(&cg);
    }
    let _ = std::fs::remove_dir_all(DIR);
}

/// The pod network's host side: the bridge (made here so that its settings precede the first
/// pod), `route_localnet` on it (the DNATs below lead to 127.0.0.1), and our table: the
/// `kubernetes` Service's address DNATed to the API server's loopback port, [`GATEWAY`]'s
/// exposed ports to the same loopback ports (from the pods and from this machine), and a
/// fence that drops whatever would be forwarded between the bridge and another interface or
/// reach the pod network from one. The DNATs come before kube-proxy's (priority -100; a NAT
/// chain cannot precede conntrack's -200), so its `kubernetes` Service without endpoints
/// never sees them.
fn pod_network(api_port: u16) -> Result<(), String> {
    run("ip", &["link", "add", BRIDGE, "type", "bridge"])?;
    run(
        "ip",
        &["addr", "add", &format!("{GATEWAY}/24"), "dev", BRIDGE],
    )?;
    run("ip", &["link", "set", BRIDGE, "up"])?;
    let sysctl = format!("/proc/sys/net/ipv4/conf/{BRIDGE}/route_localnet");
    std::fs::write(&sysctl, "1").map_err(|e| format!("{sysctl}: {e}"))?;
    let rules = format!(
        r#"table ip {TABLE} {{
  set exposed {{ type inet_service; }}
  chain prerouting {{
    type nat hook prerouting priority -150; policy accept;
    iifname "{BRIDGE}" ip daddr {API_SERVICE_IP} tcp dport 443 dnat to 127.0.0.1:{api_port}
    iifname "{BRIDGE}" ip daddr {GATEWAY} tcp dport @exposed dnat to 127.0.0.1
  }}
  chain output {{
    type nat hook output priority -150; policy accept;
    ip daddr {GATEWAY} tcp dport @exposed dnat to 127.0.0.1
  }}
  chain forward {{
    type filter hook forward priority -200; policy accept;
    iifname "{BRIDGE}" oifname != "{BRIDGE}" drop
    oifname "{BRIDGE}" iifname != "{BRIDGE}" drop
  }}
  chain input {{
    type filter hook input priority -200; policy accept;
    ip daddr 10.244.0.0/24 iifname != {{ "{BRIDGE}", "lo" }} drop
  }}
}}
"#
    );
    let path = Path::new(DIR).join("nftables.conf");
    write(&path, &rules)?;
    run("nft", &["-f", &path.to_string_lossy()]).map(|_| ())
}

/// Makes a server of this machine that listens on 127.0.0.1 reachable from the pods at the
/// same port of [`GATEWAY`] (and from this machine at that address too), and returns `url`
/// with its `127.0.0.1:<port>` (or `localhost:<port>`) naming that address.
pub fn expose_to_pods(url: &str) -> Result<String, String> {
    let parsed = url::Url::parse(url).map_err(|e| format!("{url}: {e}"))?;
    let host = parsed.host_str().unwrap_or_default();
    let port = parsed.port().ok_or_else(|| format!("{url}: no port"))?;
    if host != "127.0.0.1" && host != "localhost" {
        return Err(format!("{url}: not a loopback server"));
    }
    run(
        "nft",
        &[
            "add",
            "element",
            "ip",
            TABLE,
            "exposed",
            &format!("{{ {port} }}"),
        ],
    )?;
    Ok(url.replacen(&format!("{host}:{port}"), &format!("{GATEWAY}:{port}"), 1))
}

impl Node {
    /// Starts a control plane, the pod network's host side, containerd (with `images`, OCI
    /// layout tars, imported), the kubelet, kube-scheduler and kube-proxy, waits until the node
    /// is Ready, then runs the cluster DNS and waits until it is Ready.
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
        let api_port = url::Url::parse(&node.cp.server)
            .ok()
            .and_then(|u| u.port())
            .ok_or_else(|| format!("no port in {}", node.cp.server))?;
        pod_network(api_port)?;
        node.start_containerd(&dir)?;
        let builtin = [bin.join("pause.tar"), bin.join("coredns.tar")];
        for image in builtin.iter().chain(images) {
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
        node.start_kube_proxy(&dir, &bin)?;
        node.wait_ready().await?;
        node.start_dns().await?;
        Ok(node)
    }

    fn start_kube_proxy(&mut self, dir: &Path, bin: &Path) -> Result<(), String> {
        let config = dir.join("kube-proxy/config.yaml");
        write(
            &config,
            &format!(
                r#"apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: nftables
clientConnection:
  kubeconfig: {kubeconfig}
hostnameOverride: {NODE_NAME}
clusterCIDR: 10.244.0.0/24
bindAddress: 127.0.0.1
healthzBindAddress: 127.0.0.1:{healthz}
metricsBindAddress: 127.0.0.1:{metrics}
# NodePorts only on the bridge's address, never on the machine's.
nodePortAddresses: ["{GATEWAY}/32"]
# The machine's conntrack settings stay as they are (no CAP_SYS_RESOURCE here).
conntrack:
  maxPerCore: 0
  min: 0
  tcpEstablishedTimeout: 0s
  tcpCloseWaitTimeout: 0s
"#,
                kubeconfig = self.cp.kubeconfig.display(),
                healthz = free_port(),
                metrics = free_port(),
            ),
        )?;
        let log = dir.join("kube-proxy.log");
        let child = spawn(
            &bin.join("kube-proxy"),
            &[format!("--config={}", config.display()), "--v=1".into()],
            &log,
        )?;
        self.children.push(("kube-proxy".into(), child));
        Ok(())
    }

    /// Runs CoreDNS as a pod serving the cluster's Service names on [`DNS_SERVICE_IP`] (the
    /// kubelet's `clusterDNS`), with the RBAC its `kubernetes` plugin needs, and waits until
    /// it is Ready.
    async fn start_dns(&self) -> Result<(), String> {
        use serde_json::json;
        let labels = json!({"k8s-app": "kube-dns"});
        let corefile = ".:53 {\n    errors\n    health :8080\n    ready :8181\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n        pods insecure\n        ttl 30\n    }\n    cache 30\n}\n";
        let objects = [
            json!({"apiVersion": "v1", "kind": "ServiceAccount",
                "metadata": {"name": "coredns", "namespace": "kube-system"}}),
            json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
                "metadata": {"name": "system:coredns"},
                "rules": [
                    {"apiGroups": [""], "resources": ["endpoints", "services", "pods", "namespaces"],
                     "verbs": ["list", "watch"]},
                    {"apiGroups": ["discovery.k8s.io"], "resources": ["endpointslices"],
                     "verbs": ["list", "watch"]}]}),
            json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
                "metadata": {"name": "system:coredns"},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole",
                    "name": "system:coredns"},
                "subjects": [{"kind": "ServiceAccount", "name": "coredns",
                    "namespace": "kube-system"}]}),
            json!({"apiVersion": "v1", "kind": "ConfigMap",
                "metadata": {"name": "coredns", "namespace": "kube-system"},
                "data": {"Corefile": corefile}}),
            json!({"apiVersion": "v1", "kind": "Service",
                "metadata": {"name": "kube-dns", "namespace": "kube-system", "labels": labels},
                "spec": {"clusterIP": DNS_SERVICE_IP, "selector": labels, "ports": [
                    {"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
                    {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53}]}}),
            json!({"apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": {"name": "coredns", "namespace": "kube-system", "labels": labels},
                "spec": {"replicas": 1, "selector": {"matchLabels": labels},
                    "template": {"metadata": {"labels": labels}, "spec": {
                        "serviceAccountName": "coredns",
                        "dnsPolicy": "Default",
                        "containers": [{
                            "name": "coredns",
                            "image": COREDNS_IMAGE,
                            "imagePullPolicy": "Never",
                            "args": ["-conf", "/etc/coredns/Corefile"],
                            "ports": [{"containerPort": 53, "protocol": "UDP", "name": "dns"},
                                {"containerPort": 53, "protocol": "TCP", "name": "dns-tcp"}],
                            "readinessProbe": {"httpGet": {"path": "/ready", "port": 8181},
                                "periodSeconds": 1},
                            "volumeMounts": [{"name": "config", "mountPath": "/etc/coredns",
                                "readOnly": true}]}],
                        "volumes": [{"name": "config", "configMap": {"name": "coredns"}}]}}}}),
        ];
        let client = self.client().await;
        let mut cluster = flux::cluster::Cluster::new(client.clone());
        for o in &objects {
            cluster
                .apply(o)
                .await
                .map_err(|e| format!("cluster DNS: {e}"))?;
        }
        let deployments: kube::Api<k8s_openapi::api::apps::v1::Deployment> =
            kube::Api::namespaced(client, "kube-system");
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let ready = deployments
                .get("coredns")
                .await
                .ok()
                .and_then(|d| d.status)
                .and_then(|s| s.ready_replicas)
                .unwrap_or(0);
            if ready > 0 {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "CoreDNS did not become Ready:\n{}",
                    tail(&Path::new(DIR).join("kubelet.log"))
                ));
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
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
clusterDNS: ["{DNS_SERVICE_IP}"]
clusterDomain: cluster.local
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
        for name in ["kubelet", "containerd", "kube-scheduler", "kube-proxy"] {
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
