//! HelmRepository (`type: default` and static `type: oci`) on the real control plane, against
//! a chart repository packaged and indexed by the real helm CLI and served with basic auth.

use std::time::Duration;

use flux::api::source::HelmRepository;
use kube::api::{Api, Patch, PatchParams};
use serde_json::json;

use crate::support::{self, chart_repo::ChartRepo};

async fn apply(client: &kube::Client, ns: &str, obj: serde_json::Value) {
    let mut cluster = flux::cluster::Cluster::new(client.clone());
    let mut obj = obj;
    obj["metadata"]["namespace"] = json!(ns);
    cluster.apply(&obj).await.expect("apply");
}

fn ready(r: &HelmRepository) -> Option<(String, String, String)> {
    let c = r
        .status
        .as_ref()?
        .conditions
        .iter()
        .find(|c| c.type_ == "Ready")?;
    Some((c.status.clone(), c.reason.clone(), c.message.clone()))
}

async fn wait_for(
    client: &kube::Client,
    ns: &str,
    name: &str,
    what: &str,
    pred: impl Fn(&HelmRepository) -> bool,
) -> HelmRepository {
    let api = Api::<HelmRepository>::namespaced(client.clone(), ns);
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

async fn request_reconcile(client: &kube::Client, ns: &str, name: &str) {
    let token = format!("{:?}", std::time::SystemTime::now());
    Api::<HelmRepository>::namespaced(client.clone(), ns)
        .patch(
            name,
            &PatchParams::default(),
            &Patch::Merge(
                &json!({"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": token}}}),
            ),
        )
        .await
        .unwrap();
}

fn sha256_hex(b: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(b))
}

/// The index is fetched with basic auth, stored as Flux's JSON artifact with the revision of
/// the downloaded bytes, served at `status.url`, refreshed on a new index, and kept when the
/// credentials go wrong (the password never appears in the status).
#[tokio::test]
async fn helm_repository_stores_the_index_and_keeps_it_on_failure() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "helmrepo").await;
    let repo = ChartRepo::start(Some(("helm", "s3cr3t-pass")));
    repo.add_chart("podinfo", "0.1.0");
    repo.add_chart("podinfo", "0.2.0");
    let serve = support::serve(&["source-controller"], &ns, &[]);
    apply(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "creds"},
        "stringData": {"username": "helm", "password": "s3cr3t-pass"}}),
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
    let r = wait_for(&client, &ns, "charts", "Ready", |r| {
        ready(r).is_some_and(|(s, _, _)| s == "True")
    })
    .await;
    let st = r.status.clone().unwrap();
    let artifact = st.artifact.clone().unwrap();
    let served = repo.index_bytes();
    assert_eq!(artifact.revision, format!("sha256:{}", sha256_hex(&served)));
    assert_eq!(
        artifact.path,
        format!(
            "helmrepository/{ns}/charts/index-{}.yaml",
            sha256_hex(&served)
        )
    );
    let (_, reason, message) = ready(&r).unwrap();
    assert_eq!(reason, "Succeeded");
    assert_eq!(
        message,
        format!("stored artifact: revision '{}'", artifact.revision)
    );
    // The artifact is the index as JSON, newest version first; status.url serves it too.
    let (code, body) = support::http_get(serve.storage_port, &format!("/{}", artifact.path));
    assert_eq!(code, 200);
    assert_eq!(
        artifact.digest.as_deref(),
        Some(format!("sha256:{}", sha256_hex(&body)).as_str())
    );
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(json["entries"]["podinfo"][0]["version"], "0.2.0");
    assert_eq!(json["entries"]["podinfo"][1]["version"], "0.1.0");
    let expected = flux::helm::index::Index::from_bytes(&served)
        .unwrap()
        .to_json();
    assert_eq!(String::from_utf8_lossy(&body), expected);
    let url = st.url.clone().unwrap();
    assert!(
        url.ends_with(&format!("/helmrepository/{ns}/charts/index.yaml")),
        "{url}"
    );
    let (code, linked) = support::http_get(
        serve.storage_port,
        &format!("/helmrepository/{ns}/charts/index.yaml"),
    );
    assert_eq!((code, linked), (200, body.clone()));

    // A new chart version: a new revision on the next reconcile.
    repo.add_chart("other", "1.0.0");
    request_reconcile(&client, &ns, "charts").await;
    let r2 = wait_for(&client, &ns, "charts", "new revision", |r| {
        r.status
            .as_ref()
            .and_then(|s| s.artifact.as_ref())
            .is_some_and(|a| a.revision != artifact.revision)
    })
    .await;
    let rev2 = r2.status.unwrap().artifact.unwrap().revision;
    assert_eq!(rev2, format!("sha256:{}", sha256_hex(&repo.index_bytes())));

    // Wrong credentials: Ready=False, FetchFailed, the artifact kept, no password shown.
    apply(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "creds"},
        "stringData": {"username": "helm", "password": "wrong-password-here"}}),
    )
    .await;
    request_reconcile(&client, &ns, "charts").await;
    let failed = wait_for(&client, &ns, "charts", "failed", |r| {
        ready(r).is_some_and(|(s, _, _)| s == "False")
    })
    .await;
    let (_, reason, message) = ready(&failed).unwrap();
    assert_eq!(reason, "Failed");
    assert!(message.contains("401"), "{message}");
    assert!(
        !message.contains("wrong-password-here") && !message.contains("s3cr3t"),
        "{message}"
    );
    let st = failed.status.unwrap();
    assert_eq!(st.artifact.unwrap().revision, rev2);
    assert!(st
        .conditions
        .iter()
        .any(|c| c.type_ == "FetchFailed" && c.status == "True"));
    assert!(!serve.log().contains("wrong-password-here"));

    // A corrupt index: IndexationFailed.
    apply(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "creds"},
        "stringData": {"username": "helm", "password": "s3cr3t-pass"}}),
    )
    .await;
    repo.write_index("apiVersion: v1\nentries:\n  a:\n  - name: a\n    bogus: 1\n");
    request_reconcile(&client, &ns, "charts").await;
    let bad = wait_for(&client, &ns, "charts", "IndexationFailed", |r| {
        ready(r).is_some_and(|(s, reason, _)| s == "False" && reason == "IndexationFailed")
    })
    .await;
    let (_, _, message) = ready(&bad).unwrap();
    assert!(message.contains("unknown field \"bogus\""), "{message}");

    // Deleting the object removes its artifacts.
    Api::<HelmRepository>::namespaced(client.clone(), &ns)
        .delete("charts", &Default::default())
        .await
        .unwrap();
    for _ in 0..100 {
        if support::http_get(serve.storage_port, &format!("/{}", artifact.path)).0 == 404 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        support::http_get(
            serve.storage_port,
            &format!("/helmrepository/{ns}/charts/index.yaml")
        )
        .0,
        404
    );
}

/// `type: oci` is static, as in Flux: no artifact, no conditions, no finalizer; an index over
/// `--helm-index-max-size` is refused.
#[tokio::test]
async fn oci_helm_repositories_are_static_and_oversized_indexes_are_refused() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "helmoci").await;
    let repo = ChartRepo::start(None);
    repo.add_chart("podinfo", "0.1.0");
    let _serve = support::serve(&["source-controller"], &ns, &["--helm-index-max-size=64"]);
    apply(
        &client,
        &ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmRepository",
        "metadata": {"name": "oci"},
        "spec": {"type": "oci", "url": "oci://ghcr.io/stefanprodan/charts"}}),
    )
    .await;
    apply(
        &client,
        &ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmRepository",
        "metadata": {"name": "big"},
        "spec": {"interval": "1h", "url": repo.url()}}),
    )
    .await;
    let big = wait_for(&client, &ns, "big", "refused", |r| {
        ready(r).is_some_and(|(s, _, _)| s == "False")
    })
    .await;
    let (_, _, message) = ready(&big).unwrap();
    assert!(
        message.contains("exceeds the maximum index file size of 64 bytes"),
        "{message}"
    );
    let api = Api::<HelmRepository>::namespaced(client.clone(), &ns);
    tokio::time::sleep(Duration::from_secs(2)).await;
    let oci = api.get("oci").await.unwrap();
    assert!(oci.metadata.finalizers.unwrap_or_default().is_empty());
    let st = oci.status.unwrap_or_default();
    assert!(st.conditions.is_empty() && st.artifact.is_none(), "{st:?}");
}

async fn flux(args: &[&str]) -> (bool, String, String) {
    support::flux_env(args.iter().map(|s| s.to_string()).collect(), vec![]).await
}

/// The HelmRepository CLI end to end: `create source helm` with basic auth makes Flux's
/// `helm-<name>` Secret and waits for the index, the generic verbs address `source helm`,
/// OCI repositories are static in tables and `reconcile`, `get sources all` lists both.
#[tokio::test]
async fn helm_repository_cli_creates_lists_reconciles_and_deletes() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "helmcli").await;
    let repo = ChartRepo::start(Some(("helm", "cli-pass-1234")));
    repo.add_chart("podinfo", "0.1.0");
    let _serve = support::serve(&["source-controller"], &ns, &[]);
    let url = repo.url();
    let (ok, out, err) = flux(&[
        "create",
        "source",
        "helm",
        "charts",
        "--url",
        &url,
        "-u",
        "helm",
        "-p",
        "cli-pass-1234",
        "-n",
        &ns,
    ])
    .await;
    assert!(ok, "{out}{err}");
    let revision = format!("sha256:{}", sha256_hex(&repo.index_bytes()));
    assert!(
        err.contains(&format!("fetched revision: {revision}")),
        "{err}"
    );
    assert!(!format!("{out}{err}").contains("cli-pass-1234"));
    let secret = Api::<k8s_openapi::api::core::v1::Secret>::namespaced(client.clone(), &ns)
        .get("helm-charts")
        .await
        .unwrap();
    assert_eq!(secret.type_.as_deref(), Some("kubernetes.io/basic-auth"));

    let (ok, out, err) = flux(&[
        "create",
        "source",
        "helm",
        "oci",
        "--url",
        "oci://ghcr.io/stefanprodan/charts",
        "-n",
        &ns,
    ])
    .await;
    assert!(ok, "{out}{err}");

    let (ok, table, err) = flux(&["get", "sources", "helm", "-n", &ns]).await;
    assert!(ok, "{err}");
    let short = &revision[..("sha256:".len() + 8)];
    let charts_row = table.lines().find(|l| l.starts_with("charts")).unwrap();
    assert!(
        charts_row.contains(short) && charts_row.contains("True"),
        "{table}"
    );
    assert!(
        !charts_row.contains(&revision),
        "revision not shortened: {table}"
    );
    let oci_row = table.lines().find(|l| l.starts_with("oci")).unwrap();
    assert!(
        oci_row.contains("True \tHelm repository is Ready"),
        "{table}"
    );

    let (ok, all, err) = flux(&["get", "sources", "all", "-n", &ns]).await;
    assert!(ok, "{err}");
    assert!(
        all.contains("helmrepository/charts") && all.contains("helmrepository/oci"),
        "{all}"
    );

    let (ok, _, err) = flux(&["reconcile", "source", "helm", "oci", "-n", &ns]).await;
    assert!(
        ok && err.contains("reconciliation not supported by the object"),
        "{err}"
    );
    let (ok, _, err) = flux(&["reconcile", "source", "helm", "charts", "-n", &ns]).await;
    assert!(
        ok && err.contains(&format!("fetched revision {revision}")),
        "{err}"
    );

    let (ok, _, err) = flux(&["suspend", "source", "helm", "charts", "-n", &ns]).await;
    assert!(ok, "{err}");
    let (_, table, _) = flux(&["get", "sources", "helm", "charts", "-n", &ns]).await;
    assert!(table.lines().nth(1).unwrap().contains("\tTrue"), "{table}");
    let (ok, _, err) = flux(&["resume", "source", "helm", "charts", "-n", &ns]).await;
    assert!(
        ok && err.contains("✔ HelmRepository charts reconciliation completed"),
        "{err}"
    );

    let (ok, exported, err) = flux(&["export", "source", "helm", "charts", "-n", &ns]).await;
    assert!(ok, "{err}");
    assert!(
        exported.contains("secretRef:\n    name: helm-charts"),
        "{exported}"
    );
    assert!(!exported.contains("status:"), "{exported}");

    let (ok, _, err) = flux(&["delete", "source", "helm", "charts", "-s", "-n", &ns]).await;
    assert!(ok, "{err}");
    let api = Api::<HelmRepository>::namespaced(client.clone(), &ns);
    for _ in 0..100 {
        if api.get_opt("charts").await.unwrap().is_none() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("charts was not deleted");
}
