//! Compatibility with Flux's own source-controller (v1.9.4, built from its Go module): the
//! same GitRepository, OCIRepository and HelmRepository reconciled by Flux's controller in
//! one namespace and by ours in another give the same revisions, the same artifact digests
//! and sizes (our tarballs are byte-identical to Flux's), the same file names, metadata and
//! Ready messages.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use kube::api::{Api, DynamicObject};
use serde_json::{json, Value};

use crate::source_bucket::S3Writer;
use crate::support::{
    self,
    chart_repo::ChartRepo,
    git_server::{GitServer, ServerAuth},
    registry::{Registry, RegistryOptions},
    s3_server::S3Server,
};

async fn apply(client: &kube::Client, ns: &str, obj: &Value) {
    let mut cluster = flux::cluster::Cluster::new(client.clone());
    let mut obj = obj.clone();
    obj["metadata"]["namespace"] = json!(ns);
    cluster.apply(&obj).await.expect("apply");
}

async fn wait_ready(client: &kube::Client, ns: &str, kind: &str, name: &str, log: &Path) -> Value {
    let ar = kube::discovery::ApiResource {
        group: "source.toolkit.fluxcd.io".into(),
        version: "v1".into(),
        api_version: "source.toolkit.fluxcd.io/v1".into(),
        kind: kind.into(),
        plural: format!("{}s", kind.to_lowercase()).replace("repositorys", "repositories"),
    };
    let api: Api<DynamicObject> = Api::namespaced_with(client.clone(), ns, &ar);
    let mut last = Value::Null;
    for _ in 0..900 {
        if let Ok(o) = api.get(name).await {
            let v = serde_json::to_value(&o).unwrap();
            let ready = v["status"]["conditions"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|c| c["type"] == "Ready" && c["status"] == "True");
            if ready && v["status"]["observedGeneration"] == v["metadata"]["generation"] {
                return v;
            }
            last = v;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "{kind} {ns}/{name} not ready: {}\n--- log\n{}",
        last["status"],
        std::fs::read_to_string(log).unwrap_or_default()
    );
}

/// What must agree between the two controllers.
fn facts(v: &Value) -> Value {
    let a = &v["status"]["artifact"];
    let file = a["path"]
        .as_str()
        .unwrap_or_default()
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_string();
    let ready = v["status"]["conditions"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["type"] == "Ready")
        .cloned()
        .unwrap_or_default();
    let mut metadata = a["metadata"].clone();
    if let Some(m) = metadata.as_object_mut() {
        // The push time differs between the two pushes only if the tags differ; same tag here.
        m.retain(|_, _| true);
    }
    json!({
        "revision": a["revision"],
        "digest": a["digest"],
        "size": a["size"],
        "file": file,
        "metadata": metadata,
        "ready": {"reason": ready["reason"], "message": ready["message"]},
        "url_file": v["status"]["url"].as_str().unwrap_or_default().rsplit('/').next().unwrap_or_default(),
    })
}

#[tokio::test]
async fn flux_source_controller_and_ours_agree_on_revisions_and_artifacts() {
    let client = support::client().await;
    support::ensure_crds(&client).await;

    // Git: executables, nested directories, a .sourceignore (which replaces Flux's default
    // exclusions) and a file over the 64 KiB deflate window.
    let git = GitServer::start(ServerAuth::default());
    let repo = git.repo("apps", "main");
    let mut big = String::new();
    for i in 0..4000 {
        big.push_str(&format!("- item: {i}\n  value: {}\n", (i * 7919) % 10007));
    }
    repo.commit(
        &[
            ("deploy/app.yaml", "kind: ConfigMap\n"),
            ("deploy/big.yaml", &big),
            ("deploy/nested/deeper/x.yaml", "x: 1\n"),
            ("scripts/run.sh", "#!/bin/sh\necho hi\n"),
            (".sourceignore", "*.md\n"),
            ("README.md", "readme\n"),
            ("logo.png", "png"),
        ],
        "init",
    );
    repo.push();
    let git_obj = json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
        "metadata": {"name": "apps"},
        "spec": {"interval": "1h", "url": git.url("apps"), "ref": {"branch": "main"}}});

    // OCI: one artifact pushed by our CLI.
    let reg = Registry::start(RegistryOptions::default());
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    std::fs::create_dir_all(src.join("base")).unwrap();
    std::fs::write(src.join("base/cm.yaml"), "kind: ConfigMap\n").unwrap();
    std::fs::write(src.join("base/big.yaml"), &big).unwrap();
    std::fs::write(src.join("notes.txt"), "notes\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_flux"))
        .args([
            "push",
            "artifact",
            &format!("{}:v1.2.3", reg.url("org/config")),
            "-f",
            src.to_str().unwrap(),
            "--source=https://git.example/org/config",
            "--revision=v1.2.3@sha1:0123456789abcdef0123456789abcdef01234567",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let oci_obj = json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "OCIRepository",
        "metadata": {"name": "config"},
        "spec": {"interval": "1h", "url": reg.url("org/config"), "ref": {"semver": "1.x"},
                 "ignore": "*.txt"}});

    // Helm: an index made by the real helm CLI.
    let charts = ChartRepo::start(None);
    charts.add_chart("podinfo", "6.0.0");
    charts.add_chart("podinfo", "6.1.0");
    let helm_obj = json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmRepository",
        "metadata": {"name": "charts"},
        "spec": {"interval": "1h", "url": charts.url()}});

    // Bucket: objects in a real S3 server.
    let s3 = S3Server::start();
    let w = S3Writer::new(&s3);
    w.create_bucket("config").await;
    for (k, v) in [
        ("apps/app.yaml", "kind: ConfigMap\n"),
        ("apps/big.yaml", big.as_str()),
        ("apps/run.sh", "#!/bin/sh\n"),
        ("apps/skip.txt", "no\n"),
    ] {
        w.put("config", k, v).await;
    }
    let secret = json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s3"},
        "stringData": {"accesskey": s3.access_key, "secretkey": s3.secret_key}});
    let bucket_obj = json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "Bucket",
        "metadata": {"name": "config"},
        "spec": {"interval": "1h", "bucketName": "config", "endpoint": s3.endpoint,
                 "insecure": true, "secretRef": {"name": "s3"}, "ignore": "*.txt"}});

    let ns_ours = support::namespace(&client, "sc-ours").await;
    let ns_flux = support::namespace(&client, "sc-flux").await;
    let _ours = support::serve(&["source-controller"], &ns_ours, &[]);
    let dir = tempfile::tempdir().unwrap();
    let flux = support::flux_source::FluxSourceController::start(&ns_flux, dir.path());
    let flux_log = flux.log.clone();
    for obj in [&secret, &git_obj, &oci_obj, &helm_obj, &bucket_obj] {
        apply(&client, &ns_ours, obj).await;
        apply(&client, &ns_flux, obj).await;
    }
    let mut failures = vec![];
    for (kind, name) in [
        ("GitRepository", "apps"),
        ("OCIRepository", "config"),
        ("HelmRepository", "charts"),
        ("Bucket", "config"),
    ] {
        let ours = wait_ready(&client, &ns_ours, kind, name, &_ours.log_path()).await;
        let theirs = wait_ready(&client, &ns_flux, kind, name, &flux_log).await;
        let (o, t) = (facts(&ours), facts(&theirs));
        if o != t {
            failures.push(format!(
                "{kind}:\n ours  {}\n flux  {}",
                serde_json::to_string_pretty(&o).unwrap(),
                serde_json::to_string_pretty(&t).unwrap()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n--- flux log\n{}",
        failures.join("\n"),
        flux.log()
    );
}
