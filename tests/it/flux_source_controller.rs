//! Compatibility with Flux's own source-controller (v1.9.4, built from its Go module): the
//! same GitRepository, OCIRepository, HelmRepository, Bucket and HelmCharts reconciled by
//! Flux's controller in one namespace and by ours in another give the same revisions, the same
//! artifact digests and sizes (our tarballs are byte-identical to Flux's; a packaged chart
//! has the same files), the same file names, metadata and Ready messages.

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

/// The files of a packaged chart artifact (fetched from its URL), by path.
fn package_files(v: &Value) -> std::collections::BTreeMap<String, String> {
    let url = url::Url::parse(v["status"]["artifact"]["url"].as_str().unwrap()).unwrap();
    let (code, body) = support::http_get(url.port().unwrap(), url.path());
    assert_eq!(code, 200, "{url}");
    let mut out = std::collections::BTreeMap::new();
    let mut ar = tar::Archive::new(flate2::read::GzDecoder::new(&body[..]));
    for e in ar.entries().unwrap() {
        let mut e = e.unwrap();
        let p = e.path().unwrap().to_string_lossy().into_owned();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut e, &mut s).unwrap();
        out.insert(format!("{p} {:o}", e.header().mode().unwrap()), s);
    }
    out
}

#[tokio::test]
async fn flux_source_controller_and_ours_agree_on_revisions_and_artifacts() {
    let client = support::client().await;
    support::ensure_crds(&client).await;

    // Git: executables, nested directories, a .sourceignore (which replaces Flux's default
    // exclusions), a file over the 64 KiB deflate window, and a .gitattributes asking for
    // CRLF checkouts (go-git applies no attribute filters: the artifact holds the stored LF).
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
            (".gitattributes", "*.yaml text eol=crlf\n"),
            ("README.md", "readme\n"),
            ("logo.png", "png"),
            (
                "charts/app/Chart.yaml",
                "apiVersion: v2\nname: app\ndescription: An app\nversion: 0.3.0\nappVersion: \"1.0\"\nkeywords: [a, b]\nmaintainers:\n- name: me\n  email: me@example.com\ndependencies:\n- name: lib\n  version: \">=0.1.0\"\n  repository: file://../lib\n",
            ),
            ("charts/app/values.yaml", "replicas: 1\nimage:\n  tag: v1\n"),
            ("charts/app/templates/cm.yaml", "kind: ConfigMap\n"),
            ("charts/app/.helmignore", "*.bak\n"),
            ("charts/app/x.bak", "ignored\n"),
            ("charts/lib/Chart.yaml", "apiVersion: v2\nname: lib\nversion: 0.1.5\n"),
            ("charts/lib/values.yaml", "x: 1\n"),
            ("env/prod.yaml", "replicas: 3\nimage:\n  tag: v2\n"),
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

    // HelmCharts: one pulled from the repository as is, one packaged from the Git chart
    // directory with a file:// dependency, values files and the revision strategy.
    let pulled_obj = json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmChart",
        "metadata": {"name": "podinfo"},
        "spec": {"interval": "1h", "chart": "podinfo", "version": "6.x",
                 "sourceRef": {"kind": "HelmRepository", "name": "charts"}}});
    let packaged_obj = json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmChart",
        "metadata": {"name": "app"},
        "spec": {"interval": "1h", "chart": "./charts/app", "reconcileStrategy": "Revision",
                 "valuesFiles": ["charts/app/values.yaml", "env/prod.yaml"],
                 "sourceRef": {"kind": "GitRepository", "name": "apps"}}});

    let ns_ours = support::namespace(&client, "sc-ours").await;
    let ns_flux = support::namespace(&client, "sc-flux").await;
    let _ours = support::serve(&["source-controller"], &ns_ours, &[]);
    let dir = tempfile::tempdir().unwrap();
    let flux = support::flux_source::FluxSourceController::start(&ns_flux, dir.path());
    let flux_log = flux.log.clone();
    for obj in [
        &secret,
        &git_obj,
        &oci_obj,
        &helm_obj,
        &bucket_obj,
        &pulled_obj,
        &packaged_obj,
    ] {
        apply(&client, &ns_ours, obj).await;
        apply(&client, &ns_flux, obj).await;
    }
    let mut failures = vec![];
    for (kind, name) in [
        ("GitRepository", "apps"),
        ("OCIRepository", "config"),
        ("HelmRepository", "charts"),
        ("Bucket", "config"),
        ("HelmChart", "podinfo"),
        ("HelmChart", "app"),
    ] {
        let ours = wait_ready(&client, &ns_ours, kind, name, &_ours.log_path()).await;
        let theirs = wait_ready(&client, &ns_flux, kind, name, &flux_log).await;
        let (mut o, mut t) = (facts(&ours), facts(&theirs));
        if name == "app" {
            // A packaged chart records each file's packaging time: the files must agree,
            // the bytes cannot.
            for (f, v) in [(&mut o, &ours), (&mut t, &theirs)] {
                f["digest"] = Value::Null;
                f["size"] = Value::Null;
                f["files"] = json!(package_files(v));
            }
        }
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

/// The SourceVerified condition (status, reason, message) of an object.
fn verified(v: &Value) -> (String, String, String) {
    v["status"]["conditions"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["type"] == "SourceVerified")
        .map(|c| {
            (
                c["status"].as_str().unwrap_or_default().to_string(),
                c["reason"].as_str().unwrap_or_default().to_string(),
                c["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .unwrap_or_default()
}

/// Keyless cosign verification against a private Sigstore's trusted root: Flux's
/// source-controller and ours verify the same signature (cosign CLI, certificate with an
/// embedded SCT, Rekor bundle) and both refuse an identity that does not match it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flux_source_controller_and_ours_agree_on_keyless_cosign_verification() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let reg = Registry::start(RegistryOptions::default());
    let sigstore = support::sigstore::Sigstore::start().await;
    let work = tempfile::tempdir().unwrap();
    let issuer = "https://token.actions.githubusercontent.com";
    let subject = "https://github.com/org/app/.github/workflows/release.yml@refs/heads/main";
    let leaf = sigstore.leaf(&work.path().join("leaf"), issuer, subject);
    let src = tempfile::tempdir().unwrap();
    std::fs::write(src.path().join("cm.yaml"), "kind: ConfigMap\n").unwrap();
    let repo = format!("{}/org/keyless-compat", reg.host);
    let digest = crate::source_oci::push_plain(&format!("oci://{repo}:v1"), src.path());
    sigstore.sign(work.path(), &leaf, &format!("{repo}@{digest}"));

    let secret = json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "sigstore"},
        "stringData": {"trusted_root.json": sigstore.trusted_root()}});
    let obj = |name: &str, subject: &str| {
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "OCIRepository",
            "metadata": {"name": name},
            "spec": {"interval": "1h", "url": format!("oci://{repo}"), "ref": {"tag": "v1"},
                     "insecure": true,
                     "verify": {"provider": "cosign", "trustedRootSecretRef": {"name": "sigstore"},
                                "matchOIDCIdentity": [{"issuer": "^https://token\\.actions\\.githubusercontent\\.com$",
                                                       "subject": subject}]}}})
    };
    let good = obj("good", "^https://github\\.com/org/app/.*@refs/heads/main$");
    let wrong = obj("wrong", "^https://github\\.com/org/other/");
    let ns_ours = support::namespace(&client, "kl-ours").await;
    let ns_flux = support::namespace(&client, "kl-flux").await;
    let ours = support::serve(&["source-controller"], &ns_ours, &[]);
    let dir = tempfile::tempdir().unwrap();
    let flux = support::flux_source::FluxSourceController::start(&ns_flux, dir.path());
    for o in [&secret, &good, &wrong] {
        apply(&client, &ns_ours, o).await;
        apply(&client, &ns_flux, o).await;
    }
    let o = wait_ready(&client, &ns_ours, "OCIRepository", "good", &ours.log_path()).await;
    let t = wait_ready(&client, &ns_flux, "OCIRepository", "good", &flux.log).await;
    assert_eq!(verified(&o), verified(&t));
    assert_eq!(verified(&o).0, "True");
    assert_eq!(
        o["status"]["artifact"]["revision"],
        t["status"]["artifact"]["revision"]
    );

    let ar = kube::discovery::ApiResource {
        group: "source.toolkit.fluxcd.io".into(),
        version: "v1".into(),
        api_version: "source.toolkit.fluxcd.io/v1".into(),
        kind: "OCIRepository".into(),
        plural: "ocirepositories".into(),
    };
    let mut results = vec![];
    for ns in [&ns_ours, &ns_flux] {
        let api: Api<DynamicObject> = Api::namespaced_with(client.clone(), ns, &ar);
        let mut last = Value::Null;
        for _ in 0..600 {
            let v = serde_json::to_value(api.get("wrong").await.unwrap()).unwrap();
            if verified(&v).0 == "False" {
                break;
            }
            last = v;
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let v = serde_json::to_value(api.get("wrong").await.unwrap()).unwrap();
        assert_eq!(verified(&v).0, "False", "{ns}: {}", last["status"]);
        assert!(v["status"]["artifact"].is_null());
        results.push(verified(&v));
    }
    assert_eq!(results[0].1, results[1].1, "same reason");
    let prefix = "failed to verify the signature using provider 'cosign keyless': no matching signatures: none of the expected identities matched what was in the certificate";
    for (_, _, m) in &results {
        assert!(m.starts_with(prefix), "{m}\n--- flux log\n{}", flux.log());
    }
}

/// Cosign v3 bundles (referrers) signed with a key: Flux's source-controller and ours both
/// verify the artifact with the public key and record the same SourceVerified condition.
#[tokio::test]
async fn flux_source_controller_and_ours_agree_on_cosign_v3_bundles() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let reg = Registry::start(RegistryOptions::default());
    let keys = tempfile::tempdir().unwrap();
    let public = support::cosign::generate_key_pair(keys.path(), "signer");
    let src = tempfile::tempdir().unwrap();
    std::fs::write(src.path().join("cm.yaml"), "kind: ConfigMap\n").unwrap();
    let repo = format!("{}/org/bundle-compat", reg.host);
    let digest = crate::source_oci::push_plain(&format!("oci://{repo}:v1"), src.path());
    support::cosign::sign_v3(keys.path(), "signer", &format!("{repo}@{digest}"));
    let secret = json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "cosign"},
        "stringData": {"cosign.pub": public}});
    let obj = json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "OCIRepository",
        "metadata": {"name": "bundled"},
        "spec": {"interval": "1h", "url": format!("oci://{repo}"), "ref": {"tag": "v1"},
                 "insecure": true, "verify": {"provider": "cosign", "secretRef": {"name": "cosign"}}}});
    let ns_ours = support::namespace(&client, "b3-ours").await;
    let ns_flux = support::namespace(&client, "b3-flux").await;
    let ours = support::serve(&["source-controller"], &ns_ours, &[]);
    let dir = tempfile::tempdir().unwrap();
    let flux = support::flux_source::FluxSourceController::start(&ns_flux, dir.path());
    for o in [&secret, &obj] {
        apply(&client, &ns_ours, o).await;
        apply(&client, &ns_flux, o).await;
    }
    let o = wait_ready(
        &client,
        &ns_ours,
        "OCIRepository",
        "bundled",
        &ours.log_path(),
    )
    .await;
    let t = wait_ready(&client, &ns_flux, "OCIRepository", "bundled", &flux.log).await;
    assert_eq!(verified(&o), verified(&t));
    assert_eq!(verified(&o).0, "True");
}
