//! OCIRepository on the real control plane, against a real distribution registry with
//! htpasswd auth and TLS, with artifacts pushed by `flux push artifact`.

use std::time::Duration;

use flux::api::source::OCIRepository;
use kube::api::{Api, Patch, PatchParams};
use serde_json::json;

use crate::support::{
    self,
    registry::{Registry, RegistryOptions},
};

async fn apply(client: &kube::Client, ns: &str, obj: serde_json::Value) {
    let mut cluster = flux::cluster::Cluster::new(client.clone());
    let mut obj = obj;
    obj["metadata"]["namespace"] = json!(ns);
    cluster.apply(&obj).await.expect("apply");
}

fn cond(r: &OCIRepository, t: &str) -> Option<(String, String, String)> {
    let c = r
        .status
        .as_ref()?
        .conditions
        .iter()
        .find(|c| c.type_ == t)?;
    Some((c.status.clone(), c.reason.clone(), c.message.clone()))
}

async fn wait_for(
    client: &kube::Client,
    ns: &str,
    name: &str,
    what: &str,
    pred: impl Fn(&OCIRepository) -> bool,
) -> OCIRepository {
    let api = Api::<OCIRepository>::namespaced(client.clone(), ns);
    let mut last = None;
    for _ in 0..600 {
        if let Ok(r) = api.get(name).await {
            if pred(&r) {
                return r;
            }
            last = Some(r);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "timed out waiting for {name} {what}: {:?}",
        last.and_then(|r| r.status)
    );
}

async fn patch_spec(client: &kube::Client, ns: &str, name: &str, spec: serde_json::Value) {
    Api::<OCIRepository>::namespaced(client.clone(), ns)
        .patch(
            name,
            &PatchParams::default(),
            &Patch::Merge(&json!({ "spec": spec })),
        )
        .await
        .unwrap();
}

fn revision(r: &OCIRepository) -> Option<String> {
    Some(r.status.as_ref()?.artifact.as_ref()?.revision.clone())
}

/// Pushes `dir` with our CLI; returns the manifest digest.
fn push(
    reg: &Registry,
    ca: &std::path::Path,
    dir: &std::path::Path,
    tag: &str,
    rev: &str,
) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_flux"))
        .args([
            "push",
            "artifact",
            &format!("{}:{tag}", reg.url("org/manifests")),
            "-f",
            dir.to_str().unwrap(),
            "--source=https://git.example/org/manifests",
            &format!("--revision={rev}"),
            "--creds=ci:s3cr3t-pass",
            "-o",
            "json",
        ])
        .env("SSL_CERT_FILE", ca)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["digest"].as_str().unwrap().to_string()
}

fn untar(bytes: &[u8]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut a = tar::Archive::new(flate2::read::GzDecoder::new(bytes));
    for e in a.entries().unwrap() {
        let mut e = e.unwrap();
        if e.header().entry_type().is_file() {
            let p = e.path().unwrap().to_string_lossy().into_owned();
            let mut s = String::new();
            std::io::Read::read_to_string(&mut e, &mut s).unwrap();
            out.push((p, s));
        }
    }
    out.sort();
    out
}

/// Semver, tag and digest references resolve as Flux resolves them; the artifact is stored
/// under the manifest digest with the manifest annotations as metadata and served at
/// `latest.tar.gz`; `ignore` filters it; `layerSelector` copy keeps the layer's bytes;
/// failures (unknown tag, wrong credentials, a tagged URL, verification asked for) keep the
/// previous artifact and name the cause without the password.
#[tokio::test]
async fn oci_repository_pulls_from_a_registry_with_auth_and_tls() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "ocirepo").await;
    let reg = Registry::start(RegistryOptions {
        auth: Some(("ci".into(), "s3cr3t-pass".into())),
        tls: true,
    });
    let tmp = tempfile::tempdir().unwrap();
    let ca = tmp.path().join("ca.pem");
    let ca_pem = reg.ca_pem.clone().unwrap();
    std::fs::write(&ca, &ca_pem).unwrap();
    let src = tmp.path().join("src");
    std::fs::create_dir_all(src.join("deploy")).unwrap();
    std::fs::write(src.join("deploy/cm.yaml"), "kind: ConfigMap\n").unwrap();
    std::fs::write(src.join("deploy/notes.txt"), "notes\n").unwrap();
    let d100 = push(
        &reg,
        &ca,
        &src,
        "v1.0.0",
        "v1.0.0@sha1:1111111111111111111111111111111111111111",
    );
    std::fs::write(src.join("deploy/cm.yaml"), "kind: ConfigMap\nv: 2\n").unwrap();
    let d110 = push(
        &reg,
        &ca,
        &src,
        "v1.1.0",
        "v1.1.0@sha1:2222222222222222222222222222222222222222",
    );
    let _d2 = push(
        &reg,
        &ca,
        &src,
        "2.0.0-rc.1",
        "rc@sha1:3333333333333333333333333333333333333333",
    );

    let serve = support::serve(&["source-controller"], &ns, &[]);
    let auth = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode("ci:s3cr3t-pass")
    };
    apply(&client, &ns, json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "regcred"},
        "type": "kubernetes.io/dockerconfigjson",
        "stringData": {".dockerconfigjson": json!({"auths": {reg.host.clone(): {"auth": auth}}}).to_string()}})).await;
    apply(&client, &ns, json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "good"},
        "type": "kubernetes.io/dockerconfigjson",
        "stringData": {".dockerconfigjson": json!({"auths": {reg.host.clone(): {"auth": auth}}}).to_string()}})).await;
    apply(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "tls"},
        "stringData": {"ca.crt": ca_pem}}),
    )
    .await;
    apply(
        &client,
        &ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "OCIRepository",
        "metadata": {"name": "app"},
        "spec": {"interval": "1h", "url": reg.url("org/manifests"), "ref": {"semver": ">=1.0.0"},
                 "secretRef": {"name": "regcred"}, "certSecretRef": {"name": "tls"},
                 "ignore": "*.txt"}}),
    )
    .await;
    let r = wait_for(&client, &ns, "app", "Ready", |r| {
        cond(r, "Ready").is_some_and(|(s, _, _)| s == "True")
    })
    .await;
    let st = r.status.clone().unwrap();
    let a = st.artifact.clone().unwrap();
    assert_eq!(a.revision, format!("v1.1.0@{d110}"));
    assert_eq!(a.path, format!("ocirepository/{ns}/app/{d110}.tar.gz"));
    let (_, reason, message) = cond(&r, "Ready").unwrap();
    assert_eq!(
        (reason.as_str(), message.as_str()),
        (
            "Succeeded",
            format!("stored artifact for digest 'v1.1.0@{d110}'").as_str()
        )
    );
    let md = a.metadata.clone().unwrap();
    assert_eq!(
        md["org.opencontainers.image.source"],
        "https://git.example/org/manifests"
    );
    assert_eq!(
        md["org.opencontainers.image.revision"],
        "v1.1.0@sha1:2222222222222222222222222222222222222222"
    );
    assert!(md.contains_key("org.opencontainers.image.created"));
    assert_eq!(st.observed_ignore.as_deref(), Some("*.txt"));
    assert!(st
        .url
        .as_deref()
        .unwrap()
        .ends_with(&format!("/ocirepository/{ns}/app/latest.tar.gz")));
    let (code, body) = support::http_get(
        serve.storage_port,
        &format!("/ocirepository/{ns}/app/latest.tar.gz"),
    );
    assert_eq!(code, 200);
    assert_eq!(
        untar(&body),
        vec![(
            "deploy/cm.yaml".to_string(),
            "kind: ConfigMap\nv: 2\n".to_string()
        )]
    );

    // A pinned tag, then a digest.
    patch_spec(
        &client,
        &ns,
        "app",
        json!({"ref": {"tag": "v1.0.0", "semver": null}}),
    )
    .await;
    wait_for(&client, &ns, "app", "tag v1.0.0", |r| {
        revision(r).as_deref() == Some(format!("v1.0.0@{d100}").as_str())
    })
    .await;
    patch_spec(
        &client,
        &ns,
        "app",
        json!({"ref": {"digest": d110, "tag": null}}),
    )
    .await;
    wait_for(&client, &ns, "app", "digest", |r| {
        revision(r).as_deref() == Some(d110.as_str())
    })
    .await;

    // layerSelector copy: the layer's own bytes are the artifact.
    patch_spec(&client, &ns, "app", json!({"layerSelector": {"mediaType": "application/vnd.cncf.flux.content.v1.tar+gzip", "operation": "copy"}})).await;
    let r = wait_for(&client, &ns, "app", "copy", |r| {
        r.status
            .as_ref()
            .is_some_and(|s| s.observed_layer_selector.is_some())
    })
    .await;
    let a = r.status.unwrap().artifact.unwrap();
    let (_, body) = support::http_get(serve.storage_port, &format!("/{}", a.path));
    assert_eq!(untar(&body).len(), 2, "copy keeps the ignored file too");

    // An unknown tag: the artifact is kept.
    patch_spec(
        &client,
        &ns,
        "app",
        json!({"ref": {"digest": null, "tag": "v9.9.9"}}),
    )
    .await;
    let r = wait_for(&client, &ns, "app", "pull failure", |r| {
        cond(r, "Ready")
            .is_some_and(|(s, reason, _)| s == "False" && reason == "OCIArtifactPullFailed")
    })
    .await;
    let (_, _, message) = cond(&r, "Ready").unwrap();
    assert!(
        message.starts_with("failed to determine artifact digest: "),
        "{message}"
    );
    assert!(
        message.contains("MANIFEST_UNKNOWN") || message.contains("404"),
        "{message}"
    );
    assert_eq!(revision(&r).as_deref(), Some(d110.as_str()));
    assert_eq!(cond(&r, "FetchFailed").unwrap().0, "True");

    // No semver match.
    patch_spec(
        &client,
        &ns,
        "app",
        json!({"ref": {"tag": null, "semver": ">=5.0.0"}}),
    )
    .await;
    let r = wait_for(&client, &ns, "app", "no match", |r| {
        cond(r, "Ready").is_some_and(|(_, reason, _)| reason == "ReadOperationFailed")
    })
    .await;
    assert_eq!(
        cond(&r, "Ready").unwrap().2,
        format!(
            "failed to determine the artifact tag for '{}': no match found for semver: >=5.0.0",
            reg.url("org/manifests")
        )
    );

    // Wrong credentials.
    let bad = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode("ci:wrong-password-here")
    };
    apply(&client, &ns, json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "regcred"},
        "type": "kubernetes.io/dockerconfigjson",
        "stringData": {".dockerconfigjson": json!({"auths": {reg.host.clone(): {"auth": bad}}}).to_string()}})).await;
    patch_spec(
        &client,
        &ns,
        "app",
        json!({"ref": {"semver": null, "tag": "v1.0.0"}}),
    )
    .await;
    let r = wait_for(&client, &ns, "app", "unauthorized", |r| {
        cond(r, "Ready").is_some_and(|(_, _, m)| m.contains("UNAUTHORIZED"))
    })
    .await;
    let (_, _, message) = cond(&r, "Ready").unwrap();
    assert!(
        !message.contains("wrong-password-here") && !message.contains("s3cr3t"),
        "{message}"
    );
    assert!(!serve.log().contains("wrong-password-here"));

    // A tagged URL stalls.
    apply(
        &client,
        &ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "OCIRepository",
        "metadata": {"name": "tagged"},
        "spec": {"interval": "1h", "url": format!("{}:v1", reg.url("org/manifests"))}}),
    )
    .await;
    let r = wait_for(&client, &ns, "tagged", "stalled", |r| {
        cond(r, "Stalled").is_some()
    })
    .await;
    let (_, reason, message) = cond(&r, "Ready").unwrap();
    assert_eq!(reason, "URLInvalid");
    assert_eq!(
        message,
        format!(
            "URL validation failed for '{}:v1': URL must not contain a tag; remove ':v1'",
            reg.url("org/manifests")
        )
    );

    // Verification asked for: never trusted unverified.
    apply(
        &client,
        &ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "OCIRepository",
        "metadata": {"name": "verified"},
        "spec": {"interval": "1h", "url": reg.url("org/manifests"), "ref": {"tag": "v1.0.0"},
                 "secretRef": {"name": "good"}, "certSecretRef": {"name": "tls"},
                 "verify": {"provider": "cosign"}}}),
    )
    .await;
    let r = wait_for(&client, &ns, "verified", "verification", |r| {
        cond(r, "SourceVerified").is_some()
    })
    .await;
    let (s, reason, message) = cond(&r, "SourceVerified").unwrap();
    assert_eq!(
        (s.as_str(), reason.as_str()),
        ("False", "VerificationError")
    );
    assert!(
        message.starts_with("failed to verify the signature using provider 'cosign keyless': "),
        "{message}"
    );
    assert!(r.status.unwrap().artifact.is_none());
}

fn flux_cli(ns: &str, args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_flux"))
        .arg("--kubeconfig")
        .arg(support::kubeconfig())
        .args(["--namespace", ns, "--timeout", "90s"])
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The workflow Flux documents for OCI: `flux push artifact` in CI, `flux create source oci`
/// and `flux create kustomization --source=OCIRepository/<name>` in the cluster; a new push
/// reaches the cluster; `get|export|delete source oci` work on the object.
#[tokio::test]
async fn kustomization_applies_manifests_pushed_as_an_oci_artifact() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "ociks").await;
    let reg = Registry::start(RegistryOptions::default());
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("manifests");
    std::fs::create_dir_all(&src).unwrap();
    let cm = |v: &str| {
        format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-oci\n  namespace: {ns}\ndata:\n  version: \"{v}\"\n")
    };
    std::fs::write(src.join("cm.yaml"), cm("1")).unwrap();
    let url = format!("{}:live", reg.url("apps/config"));
    let push = |rev: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_flux"))
            .args([
                "push",
                "artifact",
                &url,
                "-f",
                src.to_str().unwrap(),
                "--source=https://git.example/apps",
                &format!("--revision={rev}"),
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    push("main@sha1:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    let _serve = support::serve(&["source-controller", "kustomize-controller"], &ns, &[]);

    let (ok, _, err) = flux_cli(
        &ns,
        &[
            "create",
            "source",
            "oci",
            "app",
            "--url",
            &reg.url("apps/config"),
            "--tag",
            "live",
            "--interval",
            "1h",
        ],
    );
    assert!(ok, "{err}");
    assert!(err.contains("✔ OCIRepository created\n"), "{err}");
    assert!(err.contains("✔ fetched revision: live@sha256:"), "{err}");
    let (ok, _, err) = flux_cli(
        &ns,
        &[
            "create",
            "kustomization",
            "app",
            "--source",
            "OCIRepository/app",
            "--path",
            "./",
            "--prune",
            "--interval",
            "1h",
        ],
    );
    assert!(ok, "{err}");
    let cms: Api<k8s_openapi::api::core::v1::ConfigMap> = Api::namespaced(client.clone(), &ns);
    let got = cms.get("from-oci").await.unwrap();
    assert_eq!(got.data.unwrap()["version"], "1");

    let (ok, out, err) = flux_cli(&ns, &["get", "sources", "oci"]);
    assert!(ok, "{err}");
    assert!(
        out.lines().nth(1).is_some_and(|l| l.starts_with("app")
            && l.contains("live@sha256:")
            && l.contains("True")),
        "{out}"
    );
    let (ok, out, _) = flux_cli(&ns, &["export", "source", "oci", "app"]);
    assert!(ok);
    assert!(
        out.contains("kind: OCIRepository") && out.contains("tag: live"),
        "{out}"
    );

    // A new push, picked up on reconcile.
    std::fs::write(src.join("cm.yaml"), cm("2")).unwrap();
    push("main@sha1:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
    let (ok, _, err) = flux_cli(&ns, &["reconcile", "source", "oci", "app"]);
    assert!(ok, "{err}");
    let (ok, _, err) = flux_cli(&ns, &["reconcile", "kustomization", "app"]);
    assert!(ok, "{err}");
    let got = cms.get("from-oci").await.unwrap();
    assert_eq!(got.data.unwrap()["version"], "2");

    let (ok, _, err) = flux_cli(&ns, &["delete", "source", "oci", "app", "--silent"]);
    assert!(ok, "{err}");
}

/// A tar.gz whose one entry climbs out of the extraction directory (`../escaped.yaml`),
/// written byte by byte since tar builders refuse such names.
fn traversal_tarball() -> Vec<u8> {
    let mut h = [0u8; 512];
    let name = b"../escaped.yaml";
    h[..name.len()].copy_from_slice(name);
    h[100..108].copy_from_slice(b"0000644\0");
    h[108..116].copy_from_slice(b"0000000\0");
    h[116..124].copy_from_slice(b"0000000\0");
    h[124..136].copy_from_slice(b"00000000004\0");
    h[136..148].copy_from_slice(b"00000000000\0");
    h[156] = b'0';
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    h[148..156].copy_from_slice(b"        ");
    let sum: u32 = h.iter().map(|b| *b as u32).sum();
    h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
    let mut tar = h.to_vec();
    let mut data = b"evil".to_vec();
    data.resize(512, 0);
    tar.extend(data);
    tar.extend([0u8; 1024]);
    flux::artifact::goflate::gzip(&tar)
}

/// Bad artifacts fail the OCIRepository with Flux's reason and write nothing outside the
/// work directory: a layer that is not a tarball, a tarball escaping its directory, and a
/// layerSelector matching no layer.
#[tokio::test]
async fn oci_repository_rejects_layers_it_cannot_extract() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "ocibad").await;
    let reg = Registry::start(RegistryOptions::default());
    let oci = flux::oci::client::Client::new(
        flux::oci::keychain::Keychain::default(),
        &flux::oci::client::Options::default(),
    )
    .unwrap();
    let meta = flux::oci::artifact::Metadata {
        created: "2026-01-01T00:00:00Z".into(),
        source: "https://git.example/app".into(),
        revision: "main@sha1:abc".into(),
        ..Default::default()
    };
    let media = flux::oci::artifact::CONTENT_MEDIA_TYPE;
    for (repo, bytes) in [
        ("bad/plain", b"this is not a tarball".to_vec()),
        ("bad/escape", traversal_tarball()),
    ] {
        let r = flux::oci::reference::Reference::parse(&format!("{}/{repo}:v1", reg.host)).unwrap();
        flux::oci::artifact::push(&oci, &r, bytes, media, &meta)
            .await
            .unwrap();
    }
    let _serve = support::serve(&["source-controller"], &ns, &[]);
    for (name, repo, selector) in [
        ("plain", "bad/plain", json!(null)),
        ("escape", "bad/escape", json!(null)),
        (
            "selector",
            "bad/plain",
            json!({"mediaType": "application/vnd.example.missing"}),
        ),
    ] {
        let mut spec = json!({"interval": "1h", "url": reg.url(repo), "ref": {"tag": "v1"}});
        if !selector.is_null() {
            spec["layerSelector"] = selector;
        }
        apply(
            &client,
            &ns,
            json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "OCIRepository",
            "metadata": {"name": name}, "spec": spec}),
        )
        .await;
    }
    for (name, want) in [
        ("plain", "failed to extract layer contents from artifact: "),
        ("escape", "failed to extract layer contents from artifact: "),
        (
            "selector",
            "failed to find layer with media type 'application/vnd.example.missing' in artifact",
        ),
    ] {
        let r = wait_for(&client, &ns, name, "layer failure", |r| {
            cond(r, "Ready").is_some_and(|(s, _, _)| s == "False")
        })
        .await;
        let (_, reason, message) = cond(&r, "Ready").unwrap();
        assert_eq!(
            reason, "OCIArtifactLayerOperationFailed",
            "{name}: {message}"
        );
        assert!(message.starts_with(want), "{name}: {message}");
        assert!(r.status.unwrap().artifact.is_none(), "{name}");
    }
    assert!(!std::env::temp_dir().join("escaped.yaml").exists());
}

/// Pushes `dir` to `reference` (plain HTTP, no credentials) with our CLI; returns the digest.
pub fn push_plain(reference: &str, dir: &std::path::Path) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_flux"))
        .args([
            "push",
            "artifact",
            reference,
            "-f",
            dir.to_str().unwrap(),
            "--source=https://git.example/org/signed",
            "--revision=v1@sha1:0123456789abcdef0123456789abcdef01234567",
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["digest"].as_str().unwrap().to_string()
}

/// Cosign signatures made by the real cosign CLI: an artifact signed with any key of the
/// verification Secret is verified before it is pulled (SourceVerified=True); an unsigned tag
/// fails with VerificationError and stores nothing; a Secret without the signer's key rejects
/// the signed artifact and keeps the verified one.
#[tokio::test]
async fn oci_repository_verifies_cosign_signatures_with_public_keys() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "ocisign").await;
    let reg = Registry::start(RegistryOptions::default());
    let keys = tempfile::tempdir().unwrap();
    let signer = support::cosign::generate_key_pair(keys.path(), "signer");
    let other = support::cosign::generate_key_pair(keys.path(), "other");
    let src = tempfile::tempdir().unwrap();
    std::fs::write(src.path().join("cm.yaml"), "kind: ConfigMap\n").unwrap();
    let repo = format!("{}/org/signed", reg.host);
    let d1 = push_plain(&format!("oci://{repo}:v1"), src.path());
    std::fs::write(src.path().join("cm.yaml"), "kind: Secret\n").unwrap();
    push_plain(&format!("oci://{repo}:unsigned"), src.path());
    std::fs::write(src.path().join("cm.yaml"), "kind: Service\n").unwrap();
    let d3 = push_plain(&format!("oci://{repo}:other"), src.path());
    support::cosign::sign(keys.path(), "signer", &format!("{repo}@{d1}"), None);
    support::cosign::sign(keys.path(), "other", &format!("{repo}@{d3}"), None);

    let _serve = support::serve(&["source-controller"], &ns, &[]);
    apply(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "cosign-keys"},
        "stringData": {"a-other.pub": other, "b-signer.pub": signer, "notes.txt": "not a key"}}),
    )
    .await;
    for (name, tag) in [
        ("signed", "v1"),
        ("unsigned", "unsigned"),
        ("other", "other"),
    ] {
        apply(
            &client,
            &ns,
            json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "OCIRepository",
            "metadata": {"name": name},
            "spec": {"interval": "1h", "url": format!("oci://{repo}"), "ref": {"tag": tag},
                     "insecure": true,
                     "verify": {"provider": "cosign", "secretRef": {"name": "cosign-keys"}}}}),
        )
        .await;
    }
    let r = wait_for(&client, &ns, "signed", "verified", |r| {
        cond(r, "Ready").is_some_and(|(s, _, _)| s == "True")
    })
    .await;
    let (s, reason, message) = cond(&r, "SourceVerified").unwrap();
    assert_eq!((s.as_str(), reason.as_str()), ("True", "Succeeded"));
    assert_eq!(message, format!("verified signature of revision v1@{d1}"));
    assert_eq!(revision(&r).unwrap(), format!("v1@{d1}"));

    // Only the other key in the Secret: the signer's signature does not count.
    apply(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "only-other"},
        "stringData": {"cosign.pub": support::cosign::generate_key_pair(keys.path(), "third")}}),
    )
    .await;
    let r = wait_for(&client, &ns, "unsigned", "verification failure", |r| {
        cond(r, "SourceVerified").is_some_and(|(s, _, _)| s == "False")
    })
    .await;
    let (_, reason, message) = cond(&r, "SourceVerified").unwrap();
    assert_eq!(reason, "VerificationError");
    assert!(
        message.starts_with("failed to verify the signature using provider 'cosign': no matching signatures were found for '"),
        "{message}"
    );
    assert!(r.status.unwrap().artifact.is_none(), "nothing stored");
    // Signed by another key that is also in the Secret: verified.
    let r = wait_for(&client, &ns, "other", "verified by the second key", |r| {
        cond(r, "SourceVerified").is_some_and(|(s, _, _)| s == "True")
    })
    .await;
    assert_eq!(revision(&r).unwrap(), format!("other@{d3}"));
    patch_spec(
        &client,
        &ns,
        "signed",
        json!({"verify": {"provider": "cosign", "secretRef": {"name": "only-other"}}}),
    )
    .await;
    let r = wait_for(&client, &ns, "signed", "rejected", |r| {
        cond(r, "SourceVerified").is_some_and(|(s, _, _)| s == "False")
    })
    .await;
    let (_, reason, message) = cond(&r, "Ready").unwrap();
    assert_eq!(reason, "VerificationError");
    assert_eq!(
        message,
        format!("failed to verify the signature using provider 'cosign': no matching signatures were found for '{repo}@{d1}'")
    );
    assert_eq!(
        revision(&r).unwrap(),
        format!("v1@{d1}"),
        "the verified artifact stays"
    );
}

/// Cosign v3 signatures (Sigstore bundles attached as referrers) made by the real cosign v3
/// CLI verify with the Secret's public key; a bundle signed by another key is refused with
/// cosign's "no matching attestations" and nothing is stored.
#[tokio::test]
async fn oci_repository_verifies_cosign_v3_bundles_with_public_keys() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "ocibundle").await;
    let reg = Registry::start(RegistryOptions::default());
    let keys = tempfile::tempdir().unwrap();
    let signer = support::cosign::generate_key_pair(keys.path(), "signer");
    let other = support::cosign::generate_key_pair(keys.path(), "other");
    let src = tempfile::tempdir().unwrap();
    std::fs::write(src.path().join("cm.yaml"), "kind: ConfigMap\n").unwrap();
    let repo = format!("{}/org/bundled", reg.host);
    let d1 = push_plain(&format!("oci://{repo}:v1"), src.path());
    support::cosign::sign_v3(keys.path(), "signer", &format!("{repo}@{d1}"));
    let _serve = support::serve(&["source-controller"], &ns, &[]);
    for (name, key) in [("signer", &signer), ("other", &other)] {
        apply(
            &client,
            &ns,
            json!({"apiVersion": "v1", "kind": "Secret",
            "metadata": {"name": name}, "stringData": {"cosign.pub": key}}),
        )
        .await;
        apply(
            &client,
            &ns,
            json!({"apiVersion": "source.toolkit.fluxcd.io/v1",
            "kind": "OCIRepository", "metadata": {"name": name},
            "spec": {"interval": "1h", "url": format!("oci://{repo}"), "ref": {"tag": "v1"},
                     "insecure": true,
                     "verify": {"provider": "cosign", "secretRef": {"name": name}}}}),
        )
        .await;
    }
    let r = wait_for(&client, &ns, "signer", "verified", |r| {
        cond(r, "Ready").is_some_and(|(s, _, _)| s == "True")
    })
    .await;
    let (s, reason, message) = cond(&r, "SourceVerified").unwrap();
    assert_eq!((s.as_str(), reason.as_str()), ("True", "Succeeded"));
    assert_eq!(message, format!("verified signature of revision v1@{d1}"));
    let r = wait_for(&client, &ns, "other", "refused", |r| {
        cond(r, "SourceVerified").is_some_and(|(s, _, _)| s == "False")
    })
    .await;
    let (_, reason, message) = cond(&r, "SourceVerified").unwrap();
    assert_eq!(reason, "VerificationError");
    assert_eq!(
        message,
        format!("failed to verify the signature using provider 'cosign': no matching signatures were found for '{repo}@{d1}'")
    );
    assert!(r.status.unwrap().artifact.is_none());
}

/// Keyless cosign signatures: the real cosign CLI signs with a certificate from a private
/// Sigstore (Fulcio-shaped CA, embedded SCT) and uploads to its Rekor stand-in, so the
/// signature carries a bundle. Verified offline against `trusted_root.json` from
/// `trustedRootSecretRef` and `matchOIDCIdentity`; an identity that does not match, a trusted
/// root of another Sigstore and a signature without a bundle fail with VerificationError; a
/// Secret without `trusted_root.json` says so.
// Multi-threaded: the Rekor stand-in answers cosign while the test thread waits for it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oci_repository_verifies_keyless_cosign_signatures_against_a_trusted_root() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "ocikeyless").await;
    let reg = Registry::start(RegistryOptions::default());
    let sigstore = support::sigstore::Sigstore::start().await;
    let other_sigstore = support::sigstore::Sigstore::start().await;
    let work = tempfile::tempdir().unwrap();
    let issuer = "https://token.actions.githubusercontent.com";
    let subject = "https://github.com/org/app/.github/workflows/release.yml@refs/tags/v1.0.0";
    let leaf = sigstore.leaf(&work.path().join("leaf"), issuer, subject);
    let src = tempfile::tempdir().unwrap();
    std::fs::write(src.path().join("cm.yaml"), "kind: ConfigMap\n").unwrap();
    let repo = format!("{}/org/keyless", reg.host);
    let d1 = push_plain(&format!("oci://{repo}:v1"), src.path());
    std::fs::write(src.path().join("cm.yaml"), "kind: Secret\n").unwrap();
    let d2 = push_plain(&format!("oci://{repo}:offline"), src.path());
    sigstore.sign(work.path(), &leaf, &format!("{repo}@{d1}"));
    assert_eq!(sigstore.entries().len(), 1, "cosign uploaded the signature");
    // A signature without a transparency log entry (no bundle).
    support::cosign::sign_offline_with_certificate(work.path(), &leaf, &format!("{repo}@{d2}"));

    let _serve = support::serve(&["source-controller"], &ns, &[]);
    apply(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret",
        "metadata": {"name": "sigstore"},
        "stringData": {"trusted_root.json": sigstore.trusted_root()}}),
    )
    .await;
    apply(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret",
        "metadata": {"name": "other-sigstore"},
        "stringData": {"trusted_root.json": other_sigstore.trusted_root()}}),
    )
    .await;
    let keyless = |tag: &str, root: &str, subject: &str| {
        json!({"interval": "1h", "url": format!("oci://{repo}"), "ref": {"tag": tag},
               "insecure": true,
               "verify": {"provider": "cosign", "trustedRootSecretRef": {"name": root},
                          "matchOIDCIdentity": [
                              {"issuer": "^https://gitlab\\.com$", "subject": ".*"},
                              {"issuer": "^https://token\\.actions\\.githubusercontent\\.com$",
                               "subject": subject}]}})
    };
    for (name, spec) in [
        (
            "signed",
            keyless("v1", "sigstore", "^https://github\\.com/org/app/"),
        ),
        (
            "wrong-identity",
            keyless("v1", "sigstore", "^https://github\\.com/other/"),
        ),
        ("other-root", keyless("v1", "other-sigstore", ".*")),
        ("no-bundle", keyless("offline", "sigstore", ".*")),
    ] {
        apply(
            &client,
            &ns,
            json!({"apiVersion": "source.toolkit.fluxcd.io/v1",
            "kind": "OCIRepository", "metadata": {"name": name}, "spec": spec}),
        )
        .await;
    }
    let r = wait_for(&client, &ns, "signed", "verified", |r| {
        cond(r, "Ready").is_some_and(|(s, _, _)| s == "True")
    })
    .await;
    let (s, reason, message) = cond(&r, "SourceVerified").unwrap();
    assert_eq!((s.as_str(), reason.as_str()), ("True", "Succeeded"));
    assert_eq!(message, format!("verified signature of revision v1@{d1}"));

    let failure = |name: &'static str| {
        let client = client.clone();
        let ns = ns.clone();
        async move {
            let r = wait_for(&client, &ns, name, "verification failure", |r| {
                cond(r, "SourceVerified").is_some_and(|(s, _, _)| s == "False")
            })
            .await;
            let (_, reason, message) = cond(&r, "SourceVerified").unwrap();
            assert_eq!(reason, "VerificationError", "{name}: {message}");
            assert!(
                r.status.unwrap().artifact.is_none(),
                "{name}: nothing stored"
            );
            message
        }
    };
    let prefix =
        "failed to verify the signature using provider 'cosign keyless': no matching signatures: ";
    let m = failure("wrong-identity").await;
    assert_eq!(
        m,
        format!("{prefix}none of the expected identities matched what was in the certificate, got subjects [{subject}] with issuer {issuer}")
    );
    let m = failure("other-root").await;
    assert!(
        m.starts_with(&format!("{prefix}error verifying bundle: verifying bundle with trusted root: rekor log public key not found for payload")),
        "{m}"
    );
    let m = failure("no-bundle").await;
    assert!(
        m.starts_with(&format!("{prefix}no transparency log bundle")),
        "{m}"
    );

    // A Secret without trusted_root.json.
    apply(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret",
        "metadata": {"name": "empty"}, "stringData": {"other.json": "{}"}}),
    )
    .await;
    apply(
        &client,
        &ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1",
        "kind": "OCIRepository", "metadata": {"name": "no-root"},
        "spec": keyless("v1", "empty", ".*")}),
    )
    .await;
    let m = failure("no-root").await;
    assert_eq!(
        m,
        format!("failed to verify the signature using provider 'cosign keyless': failed to read trusted root from secret '{ns}/empty': 'trusted_root.json' not found in secret '{ns}/empty'")
    );
}

/// Notation signatures made by the real notation CLI (a JWS envelope found through the
/// referrers tag, the registry having no referrers API): verified with the Secret's trust
/// policy and root certificate; an unsigned artifact, a policy pinning another identity and a
/// Secret without `trustpolicy.json` fail with VerificationError; a `skip` policy reconciles
/// without SourceVerified.
#[tokio::test]
async fn oci_repository_verifies_notation_signatures_with_a_trust_policy() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "ocinotation").await;
    let reg = Registry::start(RegistryOptions::default());
    let cfg = tempfile::tempdir().unwrap();
    let cert = support::notation::generate_test_key(cfg.path(), "flux-test");
    let src = tempfile::tempdir().unwrap();
    std::fs::write(src.path().join("cm.yaml"), "kind: ConfigMap\n").unwrap();
    let repo = format!("{}/org/notarized", reg.host);
    let d1 = push_plain(&format!("oci://{repo}:v1"), src.path());
    std::fs::write(src.path().join("cm.yaml"), "kind: Secret\n").unwrap();
    push_plain(&format!("oci://{repo}:unsigned"), src.path());
    support::notation::sign(cfg.path(), &format!("{repo}@{d1}"));

    let policy = |identity: &str, level: &str| {
        let mut stmt = json!({"name": "flux", "registryScopes": ["*"],
            "signatureVerification": {"level": level}});
        if level != "skip" {
            stmt["trustStores"] = json!(["ca:flux"]);
            stmt["trustedIdentities"] = json!([identity]);
        }
        json!({"version": "1.0", "trustPolicies": [stmt]}).to_string()
    };
    let _serve = support::serve(&["source-controller"], &ns, &[]);
    for (name, p) in [
        (
            "trust",
            policy(
                "x509.subject: C=US, ST=WA, O=Notary, CN=flux-test",
                "strict",
            ),
        ),
        (
            "other-identity",
            policy(
                "x509.subject: C=US, ST=WA, O=Notary, CN=someone-else",
                "strict",
            ),
        ),
        ("skip", policy("*", "skip")),
    ] {
        apply(
            &client,
            &ns,
            json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": name},
            "stringData": {"trustpolicy.json": p, "flux-test.crt": cert}}),
        )
        .await;
    }
    apply(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "no-policy"},
        "stringData": {"flux-test.crt": cert}}),
    )
    .await;
    for (name, tag, secret) in [
        ("signed", "v1", "trust"),
        ("unsigned", "unsigned", "trust"),
        ("wrong-identity", "v1", "other-identity"),
        ("skipped", "unsigned", "skip"),
        ("no-policy", "v1", "no-policy"),
    ] {
        apply(
            &client,
            &ns,
            json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "OCIRepository",
            "metadata": {"name": name},
            "spec": {"interval": "1h", "url": format!("oci://{repo}"), "ref": {"tag": tag},
                     "insecure": true,
                     "verify": {"provider": "notation", "secretRef": {"name": secret}}}}),
        )
        .await;
    }
    let r = wait_for(&client, &ns, "signed", "verified", |r| {
        cond(r, "Ready").is_some_and(|(s, _, _)| s == "True")
    })
    .await;
    assert_eq!(
        cond(&r, "SourceVerified").unwrap(),
        (
            "True".to_string(),
            "Succeeded".to_string(),
            format!("verified signature of revision v1@{d1}")
        )
    );
    let prefix = "failed to verify the signature using provider 'notation': ";
    for (name, want) in [
        ("unsigned", "no signature is associated with \"".to_string()),
        (
            "wrong-identity",
            format!(
                "signature verification failed for all the signatures associated with {repo}@{d1}"
            ),
        ),
        (
            "no-policy",
            format!("'trustpolicy.json' not found in secret '{ns}/no-policy'"),
        ),
    ] {
        let r = wait_for(&client, &ns, name, "rejected", |r| {
            cond(r, "SourceVerified").is_some_and(|(s, _, _)| s == "False")
        })
        .await;
        let (_, reason, message) = cond(&r, "SourceVerified").unwrap();
        assert_eq!(reason, "VerificationError", "{name}");
        assert!(
            message.starts_with(&format!("{prefix}{want}")),
            "{name}: {message}"
        );
        assert!(
            r.status.unwrap().artifact.is_none(),
            "{name}: nothing stored"
        );
    }
    let r = wait_for(&client, &ns, "skipped", "ready without verification", |r| {
        cond(r, "Ready").is_some_and(|(s, _, _)| s == "True")
    })
    .await;
    assert!(cond(&r, "SourceVerified").is_none());
}
