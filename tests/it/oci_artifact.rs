//! Flux's OCI artifact commands (`flux build|push|pull|tag|diff artifact`, `flux list
//! artifacts`) against a real distribution registry with htpasswd auth and TLS, and against
//! Flux's own Go CLI (flux2 v2.9.4, built from its module) as the oracle for tarball bytes,
//! manifest digests and interoperability both ways.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::support::registry::{Registry, RegistryOptions};

fn go_flux() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| crate::support::ensured("FLUX_CLI", "ensure-flux-cli.sh"))
        .clone()
}

/// Runs a flux binary with `env`; returns (ok, stdout, stderr).
fn run(bin: &Path, args: &[&str], env: &[(&str, &str)]) -> (bool, String, String) {
    let out = Command::new(bin)
        .args(args)
        .env("HOME", std::env::temp_dir())
        .env_remove("DOCKER_CONFIG")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("running flux");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ours(args: &[&str], env: &[(&str, &str)]) -> (bool, String, String) {
    run(Path::new(env!("CARGO_BIN_EXE_flux")), args, env)
}

/// A tree that exercises the tar and deflate corners: a file above the 32 KiB write size
/// and the 64 KiB window, a PAX path, a non-ASCII name, an executable, an ignored image, a
/// symlink (skipped) and a nested empty directory.
fn sample_tree(dir: &Path) {
    std::fs::create_dir_all(dir.join("apps/base")).unwrap();
    std::fs::create_dir_all(dir.join("empty/inner")).unwrap();
    let mut big = String::new();
    for i in 0..12_000 {
        big.push_str(&format!(
            "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i}\ndata:\n  k: \"{}\"\n",
            (i * 7919) % 10007
        ));
    }
    std::fs::write(dir.join("apps/base/big.yaml"), big).unwrap();
    std::fs::write(
        dir.join("apps/base/kustomization.yaml"),
        "resources: [big.yaml]\n",
    )
    .unwrap();
    let long = dir.join("d".repeat(110));
    std::fs::create_dir_all(&long).unwrap();
    std::fs::write(
        long.join(format!("{}.yaml", "f".repeat(70))),
        "long: path\n",
    )
    .unwrap();
    std::fs::write(dir.join("ünïcode.yaml"), "u: 1\n").unwrap();
    std::fs::write(dir.join("run.sh"), "#!/bin/sh\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.join("run.sh"), std::fs::Permissions::from_mode(0o755))
            .unwrap();
        std::os::unix::fs::symlink("apps", dir.join("link")).unwrap();
    }
    std::fs::write(dir.join("logo.png"), [0x89, b'P', b'N', b'G']).unwrap();
}

#[test]
fn build_artifact_is_byte_identical_to_flux_go_cli() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    sample_tree(&src);
    let go_out = tmp.path().join("go.tgz");
    let rs_out = tmp.path().join("rs.tgz");
    let s = src.to_str().unwrap();
    let (ok, _, err) = run(
        &go_flux(),
        &["build", "artifact", "-p", s, "-o", go_out.to_str().unwrap()],
        &[],
    );
    assert!(ok, "{err}");
    let (ok, _, err) = ours(
        &["build", "artifact", "-p", s, "-o", rs_out.to_str().unwrap()],
        &[],
    );
    assert!(ok, "{err}");
    assert_eq!(
        err,
        format!(
            "► building artifact from {s}\n✔ artifact created at {}\n",
            rs_out.display()
        )
    );
    assert_eq!(
        std::fs::read(&go_out).unwrap(),
        std::fs::read(&rs_out).unwrap()
    );
    // Single file, and custom ignore paths.
    let file = src.join("apps/base/big.yaml");
    let f = file.to_str().unwrap();
    let (ok, _, err) = run(
        &go_flux(),
        &["build", "artifact", "-p", f, "-o", go_out.to_str().unwrap()],
        &[],
    );
    assert!(ok, "{err}");
    let (ok, _, err) = ours(
        &["build", "artifact", "-p", f, "-o", rs_out.to_str().unwrap()],
        &[],
    );
    assert!(ok, "{err}");
    assert_eq!(
        std::fs::read(&go_out).unwrap(),
        std::fs::read(&rs_out).unwrap()
    );
    let args = |o: &Path| -> Vec<String> {
        vec![
            "build".into(),
            "artifact".into(),
            "-p".into(),
            s.into(),
            "-o".into(),
            o.display().to_string(),
            "--ignore-paths".into(),
            "apps/,*.sh".into(),
        ]
    };
    let a: Vec<String> = args(&go_out);
    let (ok, _, err) = run(
        &go_flux(),
        &a.iter().map(String::as_str).collect::<Vec<_>>(),
        &[],
    );
    assert!(ok, "{err}");
    let a: Vec<String> = args(&rs_out);
    let (ok, _, err) = ours(&a.iter().map(String::as_str).collect::<Vec<_>>(), &[]);
    assert!(ok, "{err}");
    assert_eq!(
        std::fs::read(&go_out).unwrap(),
        std::fs::read(&rs_out).unwrap()
    );
    let (ok, _, err) = ours(&["build", "artifact", "-p", "/nonexistent/dir"], &[]);
    assert!(!ok);
    assert_eq!(
        err,
        "✗ invalid path '/nonexistent/dir', must point to an existing directory or file\n"
    );
}

#[test]
fn artifact_commands_round_trip_through_a_registry_with_basic_auth_and_tls() {
    let reg = Registry::start(RegistryOptions {
        auth: Some(("ci".into(), "s3cr3t-pass".into())),
        tls: true,
    });
    let tmp = tempfile::tempdir().unwrap();
    let ca = tmp.path().join("ca.pem");
    std::fs::write(&ca, reg.ca_pem.as_ref().unwrap()).unwrap();
    let env = [("SSL_CERT_FILE", ca.to_str().unwrap())];
    let src = tmp.path().join("src");
    sample_tree(&src);
    let s = src.to_str().unwrap();
    let url = reg.url("org/app");
    let v1 = format!("{url}:v1.0.0");
    let base = [
        "--source=https://git.example/org/app",
        "--revision=main@sha1:0123456789abcdef0123456789abcdef01234567",
    ];

    // Without credentials the registry refuses, and says so.
    let (ok, _, err) = ours(
        &[&["push", "artifact", &v1, "-f", s][..], &base[..]].concat(),
        &env,
    );
    assert!(!ok);
    assert!(
        err.contains("pushing artifact failed") && err.contains("401"),
        "{err}"
    );
    // Without the CA the certificate is refused.
    let (ok, _, err) = ours(
        &[
            &[
                "push",
                "artifact",
                &v1,
                "-f",
                s,
                "--creds",
                "ci:s3cr3t-pass",
            ][..],
            &base[..],
        ]
        .concat(),
        &[],
    );
    assert!(!ok);
    assert!(err.contains("certificate"), "{err}");
    assert!(!err.contains("s3cr3t-pass"), "{err}");

    let creds = ["--creds", "ci:s3cr3t-pass"];
    let (ok, out, err) = ours(
        &[
            &[
                "push",
                "artifact",
                &v1,
                "-f",
                s,
                "-o",
                "json",
                "-a",
                "org.opencontainers.image.licenses=Apache-2.0",
            ][..],
            &base[..],
            &creds[..],
        ]
        .concat(),
        &env,
    );
    assert!(ok, "{err}");
    let info: serde_json::Value = serde_json::from_str(&out).unwrap();
    let digest = info["digest"].as_str().unwrap().to_string();
    assert!(digest.starts_with("sha256:"), "{out}");
    assert_eq!(info["repository"], format!("{}/org/app", reg.host));
    assert_eq!(info["tag"], "v1.0.0");
    assert_eq!(info["url"], format!("oci://{}/org/app@{digest}", reg.host));
    assert!(out.starts_with("{\n  \"url\": "), "{out}");

    // Docker config credentials are used when --creds is not given.
    let docker = tmp.path().join("docker");
    std::fs::create_dir_all(&docker).unwrap();
    let auth = base64_encode("ci:s3cr3t-pass");
    std::fs::write(
        docker.join("config.json"),
        format!("{{\"auths\":{{\"{}\":{{\"auth\":\"{auth}\"}}}}}}", reg.host),
    )
    .unwrap();
    let denv = [env[0], ("DOCKER_CONFIG", docker.to_str().unwrap())];
    let v2 = format!("{url}:v1.1.0");
    let (ok, _, err) = ours(
        &[
            &["push", "artifact", &v2, "-f", s, "--reproducible"][..],
            &base[..],
        ]
        .concat(),
        &denv,
    );
    assert!(ok, "{err}");
    assert!(err.starts_with(&format!("► pushing artifact to {}/org/app:v1.1.0\n✔ artifact successfully pushed to {}/org/app@sha256:", reg.host, reg.host)), "{err}");

    // Tag, including a cosign-style tag that list leaves out.
    let (ok, _, err) = ours(
        &[
            "tag",
            "artifact",
            &v1,
            "--tag",
            "latest",
            "--tag",
            "sha256-abc.sig",
            "--creds",
            "ci:s3cr3t-pass",
        ],
        &env,
    );
    assert!(ok, "{err}");
    assert!(
        err.contains(&format!(
            "✔ artifact tagged as {}/org/app:latest\n",
            reg.host
        )),
        "{err}"
    );

    let (ok, out, err) = ours(
        &[&["list", "artifacts", &url][..], &creds[..]].concat(),
        &env,
    );
    assert!(ok, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(lines[0].starts_with("ARTIFACT"), "{out}");
    assert!(
        lines[1].starts_with(&format!("{}/org/app:v1.1.0", reg.host)),
        "{out}"
    );
    assert!(
        lines[2].starts_with(&format!("{}/org/app:v1.0.0\t", reg.host))
            || lines[2].starts_with(&format!("{}/org/app:v1.0.0 ", reg.host)),
        "{out}"
    );
    assert!(
        lines[2].contains(&digest)
            && lines[2].contains("https://git.example/org/app")
            && lines[2].contains("main@sha1:0123"),
        "{out}"
    );
    assert!(
        lines[3].starts_with(&format!("{}/org/app:latest", reg.host)),
        "{out}"
    );
    assert!(!out.contains(".sig"), "{out}");
    let (ok, out, _) = ours(
        &[
            &["list", "artifacts", &url, "--filter-semver", ">=1.1.0"][..],
            &creds[..],
        ]
        .concat(),
        &env,
    );
    assert!(ok);
    assert_eq!(out.lines().count(), 2, "{out}");
    let (ok, out, _) = ours(
        &[
            &["list", "artifacts", &url, "--filter-regex", "^lat"][..],
            &creds[..],
        ]
        .concat(),
        &env,
    );
    assert!(ok);
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.contains(":latest"), "{out}");

    // Pull into an existing directory; symlinks never come back.
    let dest = tmp.path().join("pulled");
    std::fs::create_dir_all(&dest).unwrap();
    let (ok, _, err) = ours(
        &[
            &[
                "pull",
                "artifact",
                &format!("{url}:latest"),
                "-o",
                dest.to_str().unwrap(),
            ][..],
            &creds[..],
        ]
        .concat(),
        &env,
    );
    assert!(ok, "{err}");
    assert!(err.contains("✔ source https://git.example/org/app\n✔ revision main@sha1:0123456789abcdef0123456789abcdef01234567\n"), "{err}");
    assert!(
        err.contains(&format!("✔ digest {}/org/app@{digest}\n", reg.host)),
        "{err}"
    );
    assert_eq!(
        std::fs::read(dest.join("apps/base/big.yaml")).unwrap(),
        std::fs::read(src.join("apps/base/big.yaml")).unwrap()
    );
    assert!(!dest.join("logo.png").exists());
    assert!(std::fs::symlink_metadata(dest.join("link")).is_err());
    let (ok, _, err) = ours(
        &[
            &["pull", "artifact", &v1, "-o", "/nonexistent"][..],
            &creds[..],
        ]
        .concat(),
        &env,
    );
    assert!(!ok);
    assert!(
        err.starts_with(
            "✗ invalid output path \"/nonexistent\": stat /nonexistent: no such file or directory"
        ),
        "{err}"
    );

    // Diff: unchanged, then changed.
    let (ok, _, err) = ours(
        &[&["diff", "artifact", &v1, "--path", s][..], &creds[..]].concat(),
        &env,
    );
    assert!(ok, "{err}");
    assert!(err.ends_with("✔ no changes detected\n"), "{err}");
    std::fs::write(src.join("apps/base/kustomization.yaml"), "resources: []\n").unwrap();
    let (ok, _, err) = ours(
        &[&["diff", "artifact", &v1, "--path", s][..], &creds[..]].concat(),
        &env,
    );
    assert!(!ok);
    assert!(
        err.ends_with("✗ the remote artifact contents differs from the local one\n"),
        "{err}"
    );

    // Bad URLs name the format.
    let (ok, _, err) = ours(&["pull", "artifact", "ghcr.io/org/app", "-o", "."], &[]);
    assert!(!ok);
    assert_eq!(
        err,
        "✗ URL must be in format 'oci://<domain>/<org>/<repo>'\n"
    );
}

#[test]
fn go_flux_and_ours_push_the_same_digest_and_read_each_others_artifacts() {
    let reg = Registry::start(RegistryOptions::default());
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    sample_tree(&src);
    let s = src.to_str().unwrap();
    let meta = [
        "--source=https://git.example/app",
        "--revision=v1@sha1:abc",
        "--reproducible",
        "-a",
        "team=platform",
        "-o",
        "json",
    ];
    let push = |bin: &Path, tag: &str| -> serde_json::Value {
        let url = format!("{}:{tag}", reg.url("interop/app"));
        let (ok, out, err) = run(
            bin,
            &[&["push", "artifact", &url, "-f", s][..], &meta[..]].concat(),
            &[("TZ", "UTC")],
        );
        assert!(ok, "{err}");
        serde_json::from_str(&out).unwrap()
    };
    let go = push(&go_flux(), "go");
    let rs = push(Path::new(env!("CARGO_BIN_EXE_flux")), "rs");
    assert_eq!(go["digest"], rs["digest"], "go {go} rs {rs}");

    // Ours diffs and pulls what Go pushed; Go diffs and pulls what we pushed.
    let go_url = format!("{}:go", reg.url("interop/app"));
    let rs_url = format!("{}:rs", reg.url("interop/app"));
    let (ok, _, err) = ours(&["diff", "artifact", &go_url, "--path", s], &[]);
    assert!(ok, "{err}");
    let (ok, _, err) = run(&go_flux(), &["diff", "artifact", &rs_url, "--path", s], &[]);
    assert!(ok, "{err}");
    for (bin, url) in [
        (go_flux(), rs_url.clone()),
        (PathBuf::from(env!("CARGO_BIN_EXE_flux")), go_url.clone()),
    ] {
        let dest = tempfile::tempdir().unwrap();
        let (ok, _, err) = run(
            &bin,
            &[
                "pull",
                "artifact",
                &url,
                "-o",
                dest.path().to_str().unwrap(),
            ],
            &[],
        );
        assert!(ok, "{err}");
        assert!(dest.path().join("apps/base/big.yaml").is_file());
        assert!(dest.path().join("ünïcode.yaml").is_file());
    }
    // The two CLIs print the same list.
    let (ok, go_list, err) = run(
        &go_flux(),
        &["list", "artifacts", &reg.url("interop/app")],
        &[],
    );
    assert!(ok, "{err}");
    let (ok, rs_list, err) = ours(&["list", "artifacts", &reg.url("interop/app")], &[]);
    assert!(ok, "{err}");
    assert_eq!(normalize_table(&go_list), normalize_table(&rs_list));
}

/// Table cells without the padding (tablewriter pads with spaces and tabs differently).
fn normalize_table(s: &str) -> Vec<Vec<String>> {
    s.lines()
        .map(|l| l.split_whitespace().map(str::to_string).collect())
        .collect()
}

fn base64_encode(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(s)
}

/// `flux create source oci|bucket --export` and their validation errors print what flux2 v2.9.4's CLI
/// prints for the same flags (flux2's own golden files for this command were made with its
/// test harness's zeroed flag defaults, so the Go CLI itself is the oracle here).
#[test]
fn create_source_oci_and_bucket_match_flux_go_cli() {
    let cases = [
        "--url=oci://ghcr.io/stefanprodan/manifests/podinfo --tag=6.3.5",
        "--url=oci://ghcr.io/org/app --tag-semver=>=1.0.0 --digest=sha256:abc --tag=v1 --provider=aws --secret-ref=creds --proxy-secret-ref=proxy --cert-ref=certs --service-account=puller --ignore-paths=a/,*.txt --insecure --layer-selector=application/vnd.cncf.helm.chart.content.v1.tar+gzip:copy --fetch-timeout=2m --interval=10m --label=team=platform,env=prod",
        "--url=oci://ghcr.io/org/app --tag=v1 --verify-provider=cosign --verify-secret-ref=cosign-pub",
        "--url=oci://ghcr.io/org/app --tag=v1 --verify-provider=cosign --verify-issuer=^https://token.actions.githubusercontent.com$ --verify-subject=^https://github.com/org/.*$",
        "",
        "--url=oci://ghcr.io/org/app",
        "--url=oci://ghcr.io/org/app --tag=v1 --verify-secret-ref=cosign-pub",
        "--url=oci://ghcr.io/org/app --tag=v1 --verify-subject=me",
        "--url=oci://ghcr.io/org/app --tag=v1 --layer-selector=application/vnd.cncf.helm.chart.content.v1.tar+gzip",
        "--url=oci://ghcr.io/org/app --tag=v1 --layer-selector=application/vnd.cncf.helm.chart.content.v1.tar+gzip:move",
    ];
    for case in cases {
        let mut args = vec![
            "create", "source", "oci", "podinfo", "--export", "-n", "apps",
        ];
        args.extend(case.split_whitespace());
        let (gok, gout, gerr) = run(&go_flux(), &args, &[]);
        let (ok, out, err) = ours(&args, &[]);
        assert_eq!(
            (ok, out.as_str()),
            (gok, gout.as_str()),
            "flux {case}\n{err}"
        );
        if !gok {
            assert_eq!(err, gerr, "flux {case}");
        }
    }
}

/// A registry of our own whose tag listing pages two tags at a time with `Link` headers
/// (the distribution registry pages only when asked): `flux list artifacts` lists every tag,
/// as Flux's Go CLI does against the same server.
#[test]
fn list_artifacts_follows_link_pagination() {
    use axum::extract::State;
    use axum::http::{header, HeaderMap, StatusCode, Uri};
    use axum::response::IntoResponse;
    use std::sync::Arc;

    let tags: Vec<String> = ["a1", "b2", "c3", "d4", "e5"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let manifest = r#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.cncf.flux.config.v1+json","size":2,"digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"},"layers":[],"annotations":{"org.opencontainers.image.revision":"main@sha1:abc","org.opencontainers.image.source":"https://git.example/app"}}"#.to_string();
    let digest = format!(
        "sha256:{}",
        hex::encode(<sha2::Sha256 as sha2::Digest>::digest(manifest.as_bytes()))
    );
    let state = Arc::new((tags, manifest));
    async fn list(State(st): State<Arc<(Vec<String>, String)>>, uri: Uri) -> impl IntoResponse {
        let last = uri
            .query()
            .unwrap_or_default()
            .split('&')
            .find_map(|kv| kv.strip_prefix("last="))
            .unwrap_or_default()
            .to_string();
        let page: Vec<&String> =
            st.0.iter()
                .filter(|t| t.as_str() > last.as_str())
                .take(2)
                .collect();
        let mut h = HeaderMap::new();
        if let Some(l) = page
            .last()
            .filter(|l| l.as_str() != st.0[st.0.len() - 1].as_str())
        {
            h.insert(
                header::LINK,
                format!("</v2/org/app/tags/list?n=2&last={l}>; rel=\"next\"")
                    .parse()
                    .unwrap(),
            );
        }
        h.insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
        (h, json_tags(&page).to_string())
    }
    fn json_tags(page: &[&String]) -> serde_json::Value {
        serde_json::json!({"name": "org/app", "tags": page})
    }
    async fn serve_manifest(State(st): State<Arc<(Vec<String>, String)>>) -> impl IntoResponse {
        let digest = format!(
            "sha256:{}",
            hex::encode(<sha2::Sha256 as sha2::Digest>::digest(st.1.as_bytes()))
        );
        (
            StatusCode::OK,
            [
                (
                    header::CONTENT_TYPE,
                    "application/vnd.oci.image.manifest.v1+json".to_string(),
                ),
                (
                    header::HeaderName::from_static("docker-content-digest"),
                    digest,
                ),
            ],
            st.1.clone(),
        )
    }
    let app = axum::Router::new()
        .route("/v2/", axum::routing::get(|| async { "{}" }))
        .route("/v2/org/app/tags/list", axum::routing::get(list))
        .route(
            "/v2/org/app/manifests/{reference}",
            axum::routing::get(serve_manifest).head(serve_manifest),
        )
        .with_state(state);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let port = listener.local_addr().unwrap().port();
    rt.spawn(async move { axum::serve(listener, app).await.unwrap() });
    let url = format!("oci://127.0.0.1:{port}/org/app");
    let (ok, out, err) = ours(&["list", "artifacts", &url], &[]);
    assert!(ok, "{err}");
    let rows: Vec<Vec<String>> = normalize_table(&out);
    assert_eq!(rows.len(), 6, "{out}");
    let listed: Vec<String> = rows[1..].iter().map(|r| r[0].clone()).collect();
    let want: Vec<String> = ["e5", "d4", "c3", "b2", "a1"]
        .iter()
        .map(|t| format!("127.0.0.1:{port}/org/app:{t}"))
        .collect();
    assert_eq!(listed, want, "{out}");
    assert!(rows[1].contains(&digest), "{out}");
    let (ok, go_out, err) = run(&go_flux(), &["list", "artifacts", &url], &[]);
    assert!(ok, "{err}");
    assert_eq!(normalize_table(&go_out), rows);
    drop(rt);
}

/// `flux create secret githubapp --export` and its errors print what flux2 v2.9.4 prints.
#[test]
fn create_secret_githubapp_matches_flux_go_cli() {
    let tmp = tempfile::tempdir().unwrap();
    let key = tmp.path().join("app.pem");
    std::fs::write(
        &key,
        "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----\n",
    )
    .unwrap();
    let k = format!("--app-private-key={}", key.display());
    let cases: Vec<Vec<String>> = vec![
        vec![
            "--app-id=1".into(),
            "--app-installation-id=2".into(),
            k.clone(),
        ],
        vec![
            "--app-id=1".into(),
            "--app-installation-owner=org".into(),
            k.clone(),
            "--app-base-url=https://ghe.example/api/v3".into(),
        ],
        vec!["--app-id=1".into(), k.clone()],
        vec![
            "--app-id=1".into(),
            "--app-installation-id=2".into(),
            "--app-installation-owner=o".into(),
            k.clone(),
        ],
        vec!["--app-installation-id=2".into(), k.clone()],
        vec![
            "--app-id=1".into(),
            "--app-installation-id=2".into(),
            "--app-private-key=/nonexistent/key.pem".into(),
        ],
    ];
    for case in cases {
        let mut args = vec![
            "create",
            "secret",
            "githubapp",
            "app",
            "--export",
            "-n",
            "apps",
        ];
        args.extend(case.iter().map(String::as_str));
        let (gok, gout, gerr) = run(&go_flux(), &args, &[]);
        let (ok, out, err) = ours(&args, &[]);
        assert_eq!((ok, out.as_str()), (gok, gout.as_str()), "{case:?}\n{err}");
        if !gok {
            assert_eq!(err, gerr, "{case:?}");
        }
    }
}
