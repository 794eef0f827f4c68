//! `helm template` (Helm v4.2.1, built by `scripts/ensure-helm.sh`) against our render
//! (`flux build helmrelease`), same charts, same run: wall time (monotonic clock) and peak RSS (GNU time),
//! best of `runs` each (Helm's and ours alternating), and the ratios ours/Helm. Charts:
//! 1. the `helm create` chart;
//! 2. cert-manager v1.17.2 (from its Go module);
//! 3. a generated umbrella chart with 100 subcharts (each a Deployment, Service and
//!    ConfigMap through `include` helpers and `toYaml`);
//! 4. a generated chart rendering 5,000 objects from a `range` over values.
//!
//! `cargo bench --bench helm_template [-- runs=N] [keep=1]`. Both outputs are compared first: the
//! figures only count when the bytes are the same.

use std::path::{Path, PathBuf};
use std::process::Command;

fn arg(name: &str, default: usize) -> usize {
    std::env::args()
        .skip(1)
        .find_map(|a| {
            a.strip_prefix(&format!("{name}="))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(default)
}

fn helm_bin() -> String {
    if let Ok(p) = std::env::var("HELM_BIN") {
        return p;
    }
    let out = Command::new("bash")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/ensure-helm.sh"))
        .output()
        .expect("ensure-helm.sh");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn command(cmd: &[&str]) -> Command {
    let mut c = Command::new(cmd[0]);
    c.args(&cmd[1..])
        .env(
            "HELM_CACHE_HOME",
            std::env::temp_dir().join("bench-helm-cache"),
        )
        .env(
            "HELM_CONFIG_HOME",
            std::env::temp_dir().join("bench-helm-config"),
        )
        .env(
            "HELM_DATA_HOME",
            std::env::temp_dir().join("bench-helm-data"),
        )
        .env("KUBECONFIG", "/nonexistent");
    c
}

/// (wall seconds, peak RSS KiB, stdout) of a command, from two runs: the wall time of a run
/// of its own with a monotonic clock (GNU time's `%e` only has 10 ms steps, too coarse for
/// renders of 10–30 ms), the peak RSS of a run under GNU time (`%M`).
fn timed(cmd: &[&str]) -> (f64, u64, Vec<u8>) {
    let start = std::time::Instant::now();
    let out = command(cmd).output().expect("running the command");
    let wall = start.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut timed = vec!["/usr/bin/time", "-f", "%M"];
    timed.extend_from_slice(cmd);
    let measured = command(&timed).output().expect("running /usr/bin/time");
    let err = String::from_utf8_lossy(&measured.stderr);
    assert!(measured.status.success(), "{cmd:?}: {err}");
    let rss = err
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0);
    (wall, rss, out.stdout)
}

fn umbrella(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    let mut deps = String::new();
    let mut values = String::new();
    for i in 0..n {
        let name = format!("svc{i:03}");
        deps.push_str(&format!(
            "  - name: {name}\n    version: 0.1.0\n    condition: {name}.enabled\n"
        ));
        values.push_str(&format!(
            "{name}:\n  enabled: true\n  replicas: {}\n",
            i % 5 + 1
        ));
        let sub = dir.join("charts").join(&name);
        std::fs::create_dir_all(sub.join("templates")).unwrap();
        std::fs::write(
            sub.join("Chart.yaml"),
            format!("apiVersion: v2\nname: {name}\nversion: 0.1.0\nappVersion: \"1.{i}\"\n"),
        )
        .unwrap();
        std::fs::write(
            sub.join("values.yaml"),
            "replicas: 1\nimage:\n  repository: nginx\n  tag: \"\"\nports: [80, 443]\nlabels:\n  tier: web\nresources:\n  limits:\n    cpu: 100m\n    memory: 128Mi\n",
        )
        .unwrap();
        std::fs::write(
            sub.join("templates/_helpers.tpl"),
            "{{- define \"sub.name\" -}}{{ .Chart.Name | trunc 63 | trimSuffix \"-\" }}{{- end }}\n{{- define \"sub.labels\" -}}\napp.kubernetes.io/name: {{ include \"sub.name\" . }}\napp.kubernetes.io/instance: {{ .Release.Name }}\nhelm.sh/chart: {{ printf \"%s-%s\" .Chart.Name .Chart.Version }}\n{{- with .Values.labels }}\n{{ toYaml . }}\n{{- end }}\n{{- end }}\n",
        )
        .unwrap();
        std::fs::write(
            sub.join("templates/all.yaml"),
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-{{ include \"sub.name\" . }}\n  labels:\n    {{- include \"sub.labels\" . | nindent 4 }}\nspec:\n  replicas: {{ .Values.replicas }}\n  template:\n    spec:\n      containers:\n        - name: app\n          image: \"{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}\"\n          ports:\n          {{- range .Values.ports }}\n            - containerPort: {{ . }}\n          {{- end }}\n          resources:\n            {{- toYaml .Values.resources | nindent 12 }}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-{{ include \"sub.name\" . }}\nspec:\n  ports:\n  {{- range .Values.ports }}\n    - port: {{ . }}\n  {{- end }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-{{ include \"sub.name\" . }}\ndata:\n  values.json: {{ toJson .Values | quote }}\n",
        )
        .unwrap();
    }
    std::fs::write(
        dir.join("Chart.yaml"),
        format!("apiVersion: v2\nname: umbrella\nversion: 1.0.0\ndependencies:\n{deps}"),
    )
    .unwrap();
    std::fs::write(dir.join("values.yaml"), values).unwrap();
    std::fs::write(
        dir.join("templates/ns.yaml"),
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {{ .Release.Namespace }}\n",
    )
    .unwrap();
}

fn many_objects(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(
        dir.join("Chart.yaml"),
        "apiVersion: v2\nname: many\nversion: 1.0.0\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("values.yaml"),
        format!("count: {n}\ndata:\n  key: value\n  other: \"1\"\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("templates/cms.yaml"),
        "{{- range $i := until (int .Values.count) }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{{ $i }}\n  labels:\n    index: {{ $i | quote }}\ndata:\n  {{- toYaml $.Values.data | nindent 2 }}\n  sum: {{ sha256sum (print $i) | trunc 12 }}\n{{- end }}\n",
    )
    .unwrap();
}

fn main() {
    let runs = arg("runs", 3).max(1);
    let helm = helm_bin();
    let ours = env!("CARGO_BIN_EXE_flux");
    let tmp = tempfile::tempdir().unwrap();
    // `keep=1` leaves the generated charts (and hr.yaml) in place for profiling.
    let root = if arg("keep", 0) == 1 {
        tmp.keep()
    } else {
        tmp.path().to_path_buf()
    };
    let root = root.as_path();
    if arg("keep", 0) == 1 {
        println!("charts kept in {}", root.display());
    }
    let st = Command::new(&helm)
        .arg("create")
        .arg(root.join("created"))
        .output()
        .unwrap();
    assert!(st.status.success());
    let cm_mod = Command::new("go")
        .args([
            "mod",
            "download",
            "-json",
            "github.com/cert-manager/cert-manager@v1.17.2",
        ])
        .env("GOFLAGS", "-mod=mod")
        .current_dir(root)
        .output()
        .unwrap();
    let info: serde_json::Value = serde_json::from_slice(&cm_mod.stdout).unwrap();
    let cm_src = PathBuf::from(info["Dir"].as_str().unwrap()).join("deploy/charts/cert-manager");
    let cm = root.join("cert-manager");
    let st = Command::new("cp")
        .arg("-r")
        .arg(&cm_src)
        .arg(&cm)
        .status()
        .unwrap();
    assert!(st.success());
    let _ = Command::new("chmod").args(["-R", "u+w"]).arg(&cm).status();
    let template = std::fs::read_to_string(cm.join("Chart.template.yaml")).unwrap();
    std::fs::write(
        cm.join("Chart.yaml"),
        template
            .replace("{{IS_PRERELEASE}}", "false")
            .replace("version: v0.0.0", "version: v1.17.2")
            .replace("appVersion: v0.0.0", "appVersion: v1.17.2"),
    )
    .unwrap();
    umbrella(&root.join("umbrella"), 100);
    many_objects(&root.join("many"), 5000);
    let hr = root.join("hr.yaml");
    std::fs::write(&hr, "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: rel\n  namespace: bench\nspec:\n  releaseName: rel\n").unwrap();
    println!(
        "{:<22} {:>10} {:>10} {:>8} {:>12} {:>12} {:>8}",
        "chart", "helm s", "ours s", "wall", "helm KiB", "ours KiB", "rss"
    );
    for name in ["created", "cert-manager", "umbrella", "many"] {
        let chart = root.join(name);
        let chart = chart.to_str().unwrap();
        let h_cmd = [
            helm.as_str(),
            "template",
            "rel",
            chart,
            "--namespace",
            "bench",
        ];
        let o_cmd = [
            ours,
            "build",
            "helmrelease",
            "--file",
            hr.to_str().unwrap(),
            "--chart",
            chart,
        ];
        let (_, _, h_out) = timed(&h_cmd);
        let (_, _, o_out) = timed(&o_cmd);
        assert!(
            h_out == o_out,
            "{name}: our output differs from helm template's"
        );
        // Helm's and our runs alternate, so that both see the machine in the same states (on
        // a shared 2-core machine a stretch of slow runs would otherwise fall on one side).
        let (mut hw, mut hr_kib, mut ow, mut or_kib) = (f64::MAX, u64::MAX, f64::MAX, u64::MAX);
        for _ in 0..runs {
            let (w, r, _) = timed(&h_cmd);
            (hw, hr_kib) = (hw.min(w), hr_kib.min(r));
            let (w, r, _) = timed(&o_cmd);
            (ow, or_kib) = (ow.min(w), or_kib.min(r));
        }
        println!(
            "{:<22} {:>10.3} {:>10.3} {:>8.2} {:>12} {:>12} {:>8.2}",
            name,
            hw,
            ow,
            ow / hw.max(0.001),
            hr_kib,
            or_kib,
            or_kib as f64 / hr_kib.max(1) as f64
        );
    }
}
