//! HelmChart on the real control plane: charts packaged by the real helm CLI, served from an
//! HTTP chart repository with basic auth, pushed with `helm push` to a real OCI registry, and
//! chart directories in a Git repository with dependencies; the packages we store are read back
//! by the real helm CLI.

use std::collections::BTreeMap;

use flux::api::source::HelmChart;
use kube::api::Api;
use serde_json::json;

use crate::support::{
    self,
    chart_repo::{helm, ChartRepo},
    git_server::{GitServer, ServerAuth},
    registry::{Registry, RegistryOptions},
};

async fn apply(client: &kube::Client, ns: &str, obj: serde_json::Value) {
    support::apply_in(client, ns, obj).await
}

fn cond(c: &HelmChart, t: &str) -> Option<(String, String, String)> {
    support::condition(&c.status.as_ref()?.conditions, t)
}

async fn wait_for(
    client: &kube::Client,
    ns: &str,
    name: &str,
    what: &str,
    pred: impl Fn(&HelmChart) -> bool,
) -> HelmChart {
    support::wait_until(client, ns, name, what, pred).await
}

fn ready_with(reason: &'static str) -> impl Fn(&HelmChart) -> bool {
    move |c| {
        cond(c, "Ready").is_some_and(|(s, r, _)| s == "True" && r == reason)
            && c.status.as_ref().and_then(|s| s.observed_generation) == c.metadata.generation
    }
}

fn chart(name: &str, spec: serde_json::Value) -> serde_json::Value {
    json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmChart",
        "metadata": {"name": name}, "spec": spec})
}

/// The artifact's bytes, fetched from its advertised URL.
fn artifact_bytes(c: &HelmChart) -> Vec<u8> {
    let a = c.status.as_ref().unwrap().artifact.clone().unwrap();
    let url = url::Url::parse(&a.url).unwrap();
    let (code, body) = support::http_get(url.port().unwrap(), url.path());
    assert_eq!(code, 200, "artifact {}", a.url);
    body
}

/// Files of a packaged chart, by path under the chart directory.
fn package_files(tgz: &[u8]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut ar = tar::Archive::new(flate2::read::GzDecoder::new(tgz));
    for e in ar.entries().unwrap() {
        let mut e = e.unwrap();
        let p = e.path().unwrap().to_string_lossy().into_owned();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut e, &mut s).unwrap();
        let rel = p.split_once('/').map(|(_, r)| r.to_string()).unwrap_or(p);
        out.insert(rel, s);
    }
    out
}

fn sha256_hex(b: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(b))
}

/// A chart from an HTTP repository with basic auth: the constraint picks the highest version,
/// the package is stored byte for byte; `valuesFiles` repackage it with `+<generation>` and the
/// merged values (read back by the real helm CLI); an unknown version stalls with Flux's reason
/// and keeps the artifact; a new index version is picked up through the HelmRepository watch.
#[tokio::test]
async fn helm_chart_from_an_http_repository_is_pulled_or_repackaged_with_values_files() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "chart-http").await;
    let repo = ChartRepo::start(Some(("helm", "chart-pass-9")));
    repo.add_chart("podinfo", "6.0.0");
    repo.add_chart("podinfo", "6.1.0");
    let _serve = support::serve(&["source-controller"], &ns, &[]);
    apply(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "creds"},
        "stringData": {"username": "helm", "password": "chart-pass-9"}}),
    )
    .await;
    apply(
        &client,
        &ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmRepository",
        "metadata": {"name": "charts"},
        "spec": {"interval": "1h", "url": repo.url(), "secretRef": {"name": "creds"}}}),
    )
    .await;
    apply(
        &client,
        &ns,
        chart(
            "podinfo",
            json!({"chart": "podinfo", "version": "6.x", "interval": "1h",
            "sourceRef": {"kind": "HelmRepository", "name": "charts"}}),
        ),
    )
    .await;
    let c = wait_for(
        &client,
        &ns,
        "podinfo",
        "pulled",
        ready_with("ChartPullSucceeded"),
    )
    .await;
    let st = c.status.clone().unwrap();
    let a = st.artifact.clone().unwrap();
    assert_eq!(a.revision, "6.1.0");
    assert_eq!(a.path, format!("helmchart/{ns}/podinfo/podinfo-6.1.0.tgz"));
    let served = std::fs::read(repo.dir.path().join("podinfo-6.1.0.tgz")).unwrap();
    let stored = artifact_bytes(&c);
    assert_eq!(stored, served, "a pulled chart is stored as downloaded");
    assert_eq!(
        a.digest.as_deref(),
        Some(&*format!("sha256:{}", sha256_hex(&served)))
    );
    assert_eq!(
        cond(&c, "Ready").unwrap().2,
        "pulled 'podinfo' chart with version '6.1.0'"
    );
    assert_eq!(st.observed_chart_name.as_deref(), Some("podinfo"));
    assert!(st
        .url
        .unwrap()
        .ends_with(&format!("/helmchart/{ns}/podinfo/latest.tar.gz")));
    let repo_rev = Api::<flux::api::source::HelmRepository>::namespaced(client.clone(), &ns)
        .get("charts")
        .await
        .unwrap()
        .status
        .unwrap()
        .artifact
        .unwrap()
        .revision;
    assert_eq!(
        st.observed_source_artifact_revision.as_deref(),
        Some(&*repo_rev)
    );

    // Values files: the chart's own values.yaml merged with an override file of the chart.
    // `helm create` charts have no second values file, so the override is values.yaml itself
    // followed by a missing file that is ignored.
    apply(
        &client,
        &ns,
        chart(
            "podinfo",
            json!({"chart": "podinfo", "version": "6.x", "interval": "1h",
            "sourceRef": {"kind": "HelmRepository", "name": "charts"},
            "valuesFiles": ["values.yaml", "values-missing.yaml"],
            "ignoreMissingValuesFiles": true}),
        ),
    )
    .await;
    let c = wait_for(
        &client,
        &ns,
        "podinfo",
        "packaged",
        ready_with("ChartPackageSucceeded"),
    )
    .await;
    let generation = c.metadata.generation.unwrap();
    let st = c.status.clone().unwrap();
    let version = format!("6.1.0+{generation}");
    assert_eq!(st.artifact.as_ref().unwrap().revision, version);
    assert_eq!(st.observed_values_files, ["values.yaml"]);
    let tgz = artifact_bytes(&c);
    let work = tempfile::tempdir().unwrap();
    let pkg = work.path().join("chart.tgz");
    std::fs::write(&pkg, &tgz).unwrap();
    let shown = helm(work.path(), &["show", "chart", pkg.to_str().unwrap()]);
    assert!(shown.contains(&format!("version: {version}")), "{shown}");
    let rendered = helm(work.path(), &["template", "rel", pkg.to_str().unwrap()]);
    assert!(rendered.contains("kind: Deployment"), "{rendered}");

    // An unknown version stalls, keeps the artifact and names the chart.
    apply(
        &client,
        &ns,
        chart(
            "podinfo",
            json!({"chart": "podinfo", "version": "9.x", "interval": "1h",
            "sourceRef": {"kind": "HelmRepository", "name": "charts"}}),
        ),
    )
    .await;
    let c = wait_for(&client, &ns, "podinfo", "stalled", |c| {
        cond(c, "Stalled").is_some_and(|(s, _, _)| s == "True")
    })
    .await;
    let (s, r, m) = cond(&c, "Ready").unwrap();
    assert_eq!((s.as_str(), r.as_str()), ("False", "InvalidChartReference"));
    assert_eq!(
        m,
        "invalid chart reference: failed to get chart version for remote reference: no 'podinfo' chart with version matching '9.x' found"
    );
    assert_eq!(cond(&c, "FetchFailed").unwrap().1, "InvalidChartReference");
    assert_eq!(
        c.status.unwrap().artifact.unwrap().revision,
        version,
        "the previous artifact is kept"
    );

    // A new chart version in the index reaches the chart through the repository.
    apply(
        &client,
        &ns,
        chart(
            "podinfo",
            json!({"chart": "podinfo", "version": ">=6.0.0", "interval": "1h",
            "sourceRef": {"kind": "HelmRepository", "name": "charts"}}),
        ),
    )
    .await;
    wait_for(&client, &ns, "podinfo", "6.1.0 again", |c| {
        ready_with("ChartPullSucceeded")(c)
            && c.status
                .as_ref()
                .unwrap()
                .artifact
                .as_ref()
                .unwrap()
                .revision
                == "6.1.0"
    })
    .await;
    repo.add_chart("podinfo", "6.2.0");
    apply(
        &client,
        &ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmRepository",
        "metadata": {"name": "charts", "annotations": {"reconcile.fluxcd.io/requestedAt": "now"}},
        "spec": {"interval": "1h", "url": repo.url(), "secretRef": {"name": "creds"}}}),
    )
    .await;
    wait_for(&client, &ns, "podinfo", "6.2.0", |c| {
        c.status
            .as_ref()
            .and_then(|s| s.artifact.as_ref())
            .is_some_and(|a| a.revision == "6.2.0")
    })
    .await;
}

/// A chart pushed with `helm push` to a registry with basic auth: a constraint resolves
/// through the registry's tags (`_` read as `+`), an exact version is pulled by tag, and the
/// stored package is the pushed one.
#[tokio::test]
async fn helm_chart_from_an_oci_repository_resolves_tags_and_pulls_the_chart_layer() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "chart-oci").await;
    let reg = Registry::start(RegistryOptions {
        auth: Some(("oci-user".into(), "oci-pass-7".into())),
        tls: false,
    });
    let work = tempfile::tempdir().unwrap();
    helm(work.path(), &["create", "demo"]);
    let chart_yaml = work.path().join("demo/Chart.yaml");
    let text = std::fs::read_to_string(&chart_yaml).unwrap();
    let mut packages = vec![];
    for v in ["1.0.0", "1.1.0", "1.1.0+build.7", "2.0.0-rc.1"] {
        let t: String = text
            .lines()
            .map(|l| {
                if l.starts_with("version:") {
                    format!("version: {v}\n")
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        std::fs::write(&chart_yaml, t).unwrap();
        helm(work.path(), &["package", "demo", "-d", "pkgs"]);
        packages.push(work.path().join(format!("pkgs/demo-{v}.tgz")));
    }
    helm(
        work.path(),
        &[
            "registry",
            "login",
            &reg.host,
            "-u",
            "oci-user",
            "-p",
            "oci-pass-7",
            "--plain-http",
        ],
    );
    for p in &packages {
        helm(
            work.path(),
            &[
                "push",
                p.to_str().unwrap(),
                &format!("oci://{}/charts", reg.host),
                "--plain-http",
            ],
        );
    }
    let _serve = support::serve(&["source-controller"], &ns, &[]);
    apply(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "oci-creds"},
        "stringData": {"username": "oci-user", "password": "oci-pass-7"}}),
    )
    .await;
    apply(
        &client,
        &ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmRepository",
        "metadata": {"name": "oci"},
        "spec": {"type": "oci", "url": format!("oci://{}/charts", reg.host),
            "insecure": true, "secretRef": {"name": "oci-creds"}}}),
    )
    .await;
    for (name, version, want, pkg) in [
        ("range", "1.x", "1.1.0+build.7", 2),
        ("exact", "1.0.0", "1.0.0", 0),
    ] {
        apply(
            &client,
            &ns,
            chart(
                name,
                json!({"chart": "demo", "version": version, "interval": "1h",
                "sourceRef": {"kind": "HelmRepository", "name": "oci"}}),
            ),
        )
        .await;
        let c = wait_for(
            &client,
            &ns,
            name,
            "pulled",
            ready_with("ChartPullSucceeded"),
        )
        .await;
        let a = c.status.clone().unwrap().artifact.unwrap();
        assert_eq!(a.revision, want, "{name}");
        assert_eq!(
            artifact_bytes(&c),
            std::fs::read(&packages[pkg]).unwrap(),
            "{name}: the pushed package is stored"
        );
    }
    // Cosign: 1.0.0 signed by the real cosign CLI verifies with the key in the Secret (the
    // tag resolved to its digest first); the unsigned 1.1.0 is a ChartVerificationError.
    let keys = tempfile::tempdir().unwrap();
    let public = support::cosign::generate_key_pair(keys.path(), "charts");
    support::cosign::sign(
        keys.path(),
        "charts",
        &format!("{}/charts/demo:1.0.0", reg.host),
        Some(("oci-user", "oci-pass-7")),
    );
    apply(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "cosign"},
        "stringData": {"cosign.pub": public}}),
    )
    .await;
    for (name, version) in [("signed", "1.0.0"), ("unsigned", "1.1.0")] {
        apply(
            &client,
            &ns,
            chart(
                name,
                json!({"chart": "demo", "version": version, "interval": "1h",
                "sourceRef": {"kind": "HelmRepository", "name": "oci"},
                "verify": {"provider": "cosign", "secretRef": {"name": "cosign"}}}),
            ),
        )
        .await;
    }
    let c = wait_for(
        &client,
        &ns,
        "signed",
        "verified",
        ready_with("ChartPullSucceeded"),
    )
    .await;
    assert_eq!(
        cond(&c, "SourceVerified").unwrap(),
        (
            "True".to_string(),
            "Succeeded".to_string(),
            "verified signature of version 1.0.0".to_string()
        )
    );
    let c = wait_for(&client, &ns, "unsigned", "rejected", |c| {
        cond(c, "SourceVerified").is_some_and(|(s, _, _)| s == "False")
    })
    .await;
    let (_, reason, message) = cond(&c, "Ready").unwrap();
    assert_eq!(reason, "ChartVerificationError", "{message}");
    assert!(
        message.starts_with(&format!(
            "chart verification error: failed to verify oci://{}/charts/demo@sha256:",
            reg.host
        )) && message.contains("no matching signatures were found"),
        "{message}"
    );
    assert_eq!(cond(&c, "BuildFailed").unwrap().1, "ChartVerificationError");
    assert!(c.status.unwrap().artifact.is_none());

    // Wrong credentials: AuthenticationFailed, the password never shown.
    apply(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "oci-creds"},
        "stringData": {"username": "oci-user", "password": "wrong-pass-3"}}),
    )
    .await;
    apply(
        &client,
        &ns,
        chart(
            "exact",
            json!({"chart": "demo", "version": "1.1.0", "interval": "1h",
            "sourceRef": {"kind": "HelmRepository", "name": "oci"}}),
        ),
    )
    .await;
    let c = wait_for(&client, &ns, "exact", "auth failure", |c| {
        cond(c, "Ready").is_some_and(|(s, _, _)| s == "False")
    })
    .await;
    let (_, reason, message) = cond(&c, "Ready").unwrap();
    assert_eq!(reason, "AuthenticationFailed", "{message}");
    assert!(!message.contains("wrong-pass-3"), "{message}");
    assert_eq!(c.status.unwrap().artifact.unwrap().revision, "1.0.0");
}

/// A chart directory in Git with a `file://` dependency and a dependency from the namespace's
/// HelmRepository (credentials taken from it), `valuesFiles` relative to the source root and
/// `reconcileStrategy: Revision`: the version carries `+<short commit>.<generation>`, the
/// package holds both subcharts and the merged values, `.helmignore` is honoured, and the real
/// helm CLI renders it. A missing dependency is a DependencyBuildError.
#[tokio::test]
async fn helm_chart_from_git_builds_dependencies_and_merges_values() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "chart-git").await;
    let repo = ChartRepo::start(Some(("helm", "dep-pass-5")));
    repo.add_chart("redis", "17.0.0");
    let srv = GitServer::start(ServerAuth::default());
    let wt = srv.repo("charts", "main");
    let chart_yaml = format!(
        "apiVersion: v2\nname: app\nversion: 0.3.0\ndependencies:\n- name: lib\n  version: \">=0.1.0\"\n  repository: file://../lib\n- name: redis\n  version: 17.x\n  repository: {}\n",
        repo.url()
    );
    let commit = wt.commit(
        &[
            ("charts/app/Chart.yaml", chart_yaml.as_str()),
            ("charts/app/values.yaml", "replicas: 1\nimage:\n  tag: v1\n  pullPolicy: IfNotPresent\n"),
            (
                "charts/app/templates/cm.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-app\ndata:\n  replicas: {{ .Values.replicas | quote }}\n  tag: {{ .Values.image.tag }}\n",
            ),
            ("charts/app/.helmignore", "*.bak\n"),
            ("charts/app/notes.bak", "ignored"),
            ("charts/lib/Chart.yaml", "apiVersion: v2\nname: lib\nversion: 0.1.5\n"),
            ("charts/lib/values.yaml", "x: 1\n"),
            ("env/prod.yaml", "replicas: 3\nimage:\n  tag: v2\n"),
        ],
        "charts",
    );
    wt.push();
    let _serve = support::serve(&["source-controller"], &ns, &[]);
    apply(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "creds"},
        "stringData": {"username": "helm", "password": "dep-pass-5"}}),
    )
    .await;
    apply(
        &client,
        &ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmRepository",
        "metadata": {"name": "deps"},
        "spec": {"interval": "1h", "url": repo.url(), "secretRef": {"name": "creds"}}}),
    )
    .await;
    apply(
        &client,
        &ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
        "metadata": {"name": "charts"},
        "spec": {"interval": "1h", "url": srv.url("charts"), "ref": {"branch": "main"}}}),
    )
    .await;
    apply(
        &client,
        &ns,
        chart(
            "app",
            json!({"chart": "./charts/app", "interval": "1h",
            "sourceRef": {"kind": "GitRepository", "name": "charts"},
            "reconcileStrategy": "Revision",
            "valuesFiles": ["charts/app/values.yaml", "env/prod.yaml"]}),
        ),
    )
    .await;
    let c = wait_for(
        &client,
        &ns,
        "app",
        "packaged",
        ready_with("ChartPackageSucceeded"),
    )
    .await;
    let generation = c.metadata.generation.unwrap();
    let version = format!("0.3.0+{}.{generation}", &commit[..12]);
    let st = c.status.clone().unwrap();
    assert_eq!(st.artifact.as_ref().unwrap().revision, version);
    assert_eq!(
        cond(&c, "Ready").unwrap().2,
        format!("packaged 'app' chart with version '{version}' and merged values files [charts/app/values.yaml env/prod.yaml]")
    );
    assert!(st
        .observed_source_artifact_revision
        .unwrap()
        .ends_with(&commit));
    let tgz = artifact_bytes(&c);
    let files = package_files(&tgz);
    assert!(
        files.contains_key("charts/lib/Chart.yaml"),
        "{:?}",
        files.keys()
    );
    assert!(
        files.contains_key("charts/redis/Chart.yaml"),
        "{:?}",
        files.keys()
    );
    assert!(!files.contains_key("notes.bak"));
    assert_eq!(
        files["values.yaml"],
        "image:\n  pullPolicy: IfNotPresent\n  tag: v2\nreplicas: 3\n"
    );
    let work = tempfile::tempdir().unwrap();
    let pkg = work.path().join("app.tgz");
    std::fs::write(&pkg, &tgz).unwrap();
    let rendered = helm(work.path(), &["template", "rel", pkg.to_str().unwrap()]);
    assert!(
        rendered.contains("replicas: \"3\"") && rendered.contains("tag: v2"),
        "{rendered}"
    );
    assert!(
        rendered.contains("# Source: app/charts/redis/"),
        "{rendered}"
    );

    // A dependency that cannot be resolved fails the build and keeps the artifact.
    let broken = chart_yaml.replace("17.x", "99.x");
    wt.commit(&[("charts/app/Chart.yaml", broken.as_str())], "broken dep");
    wt.push();
    apply(
        &client,
        &ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
        "metadata": {"name": "charts", "annotations": {"reconcile.fluxcd.io/requestedAt": "1"}},
        "spec": {"interval": "1h", "url": srv.url("charts"), "ref": {"branch": "main"}}}),
    )
    .await;
    let c = wait_for(&client, &ns, "app", "dependency failure", |c| {
        cond(c, "Ready").is_some_and(|(s, r, _)| s == "False" && r == "DependencyBuildError")
    })
    .await;
    let (_, _, m) = cond(&c, "BuildFailed").unwrap();
    assert!(
        m.starts_with("dependency build error: failed to add remote dependency 'redis': failed to get chart 'redis' version '99.x'"),
        "{m}"
    );
    assert!(!m.contains("dep-pass-5"));
    assert_eq!(c.status.unwrap().artifact.unwrap().revision, version);
}

/// A chart directory in a Bucket (versitygw over S3): packaged with `+<short bucket
/// revision>` under `reconcileStrategy: Revision`, re-packaged on a new object, and the CLI's
/// `reconcile|suspend|resume|export source chart` and `get sources chart` address it.
#[tokio::test]
async fn helm_chart_from_a_bucket_follows_the_bucket_revision() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "chart-bucket").await;
    let s3 = crate::support::s3_server::S3Server::start();
    let w = crate::source_bucket::S3Writer::new(&s3);
    w.create_bucket("charts").await;
    w.put(
        "charts",
        "demo/Chart.yaml",
        "apiVersion: v2\nname: demo\nversion: 1.2.3\n",
    )
    .await;
    w.put("charts", "demo/values.yaml", "x: 1\n").await;
    w.put(
        "charts",
        "demo/templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  x: {{ .Values.x | quote }}\n",
    )
    .await;
    let _serve = support::serve(&["source-controller"], &ns, &[]);
    apply(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s3"},
        "stringData": {"accesskey": s3.access_key, "secretkey": s3.secret_key}}),
    )
    .await;
    apply(
        &client,
        &ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "Bucket",
        "metadata": {"name": "charts"},
        "spec": {"interval": "1h", "bucketName": "charts", "endpoint": s3.endpoint,
                 "insecure": true, "secretRef": {"name": "s3"}}}),
    )
    .await;
    apply(
        &client,
        &ns,
        chart(
            "demo",
            json!({"chart": "demo", "interval": "1h", "reconcileStrategy": "Revision",
            "sourceRef": {"kind": "Bucket", "name": "charts"}}),
        ),
    )
    .await;
    let c = wait_for(
        &client,
        &ns,
        "demo",
        "packaged",
        ready_with("ChartPackageSucceeded"),
    )
    .await;
    let bucket_rev = c
        .status
        .clone()
        .unwrap()
        .observed_source_artifact_revision
        .unwrap();
    let short = &bucket_rev.trim_start_matches("sha256:")[..12];
    assert_eq!(
        c.status.clone().unwrap().artifact.unwrap().revision,
        format!("1.2.3+{short}")
    );
    let work = tempfile::tempdir().unwrap();
    let pkg = work.path().join("demo.tgz");
    std::fs::write(&pkg, artifact_bytes(&c)).unwrap();
    let rendered = helm(work.path(), &["template", "rel", pkg.to_str().unwrap()]);
    assert!(rendered.contains("x: \"1\""), "{rendered}");

    // A new object: the bucket's revision changes, and so does the chart's version.
    w.put("charts", "demo/values.yaml", "x: 2\n").await;
    let (ok, _, err) = support::flux(&["reconcile", "source", "bucket", "charts", "-n", &ns]);
    assert!(ok, "{err}");
    let c = wait_for(&client, &ns, "demo", "repackaged", |c| {
        c.status
            .as_ref()
            .and_then(|s| s.artifact.as_ref())
            .is_some_and(|a| a.revision != format!("1.2.3+{short}"))
    })
    .await;
    std::fs::write(&pkg, artifact_bytes(&c)).unwrap();
    let rendered = helm(work.path(), &["template", "rel", pkg.to_str().unwrap()]);
    assert!(rendered.contains("x: \"2\""), "{rendered}");

    // The CLI addresses HelmCharts like every source.
    let (ok, out, err) = support::flux(&["get", "sources", "chart", "-n", &ns]);
    assert!(ok, "{err}");
    assert!(out.starts_with("NAME"), "{out}");
    assert!(out.contains("demo") && out.contains("1.2.3+"), "{out}");
    for verb in ["suspend", "resume", "reconcile"] {
        let (ok, _, err) = support::flux(&[verb, "source", "chart", "demo", "-n", &ns]);
        assert!(ok, "{verb}: {err}");
    }
    let (ok, out, err) = support::flux(&["export", "source", "chart", "demo", "-n", &ns]);
    assert!(ok, "{err}");
    assert!(
        out.contains("kind: HelmChart") && out.contains("reconcileStrategy: Revision"),
        "{out}"
    );
}
