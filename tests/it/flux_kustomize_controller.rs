//! Compatibility with Flux's own kustomize-controller (v1.9.4, the one Flux 2.9.4 ships, built
//! from its Go module): it reconciles Kustomizations from artifacts served by our
//! source-controller, and it records the same inventory as ours for the same source. Ours does
//! no writes to the applied objects when a reconcile changes nothing. It also applies from our
//! OCIRepository and Bucket artifacts.

use crate::support;

use crate::support::kc_scenario::{run, Impl};

#[tokio::test]
async fn flux_kustomize_controller_reconciles_our_artifacts_like_ours() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ours = run(&client, Impl::Ours, 3, 2).await;
    let theirs = run(&client, Impl::Flux, 3, 2).await;
    assert!(
        theirs.revision.starts_with("main@sha1:"),
        "{}",
        theirs.revision
    );
    assert_eq!(ours.inventory, theirs.inventory);
    assert_eq!(ours.inventory.len(), 5, "{:?}", ours.inventory);
    assert_eq!(ours.noop.object_writes, 0, "{:?}", ours.noop);
}

/// Flux's kustomize-controller applies manifests from our OCIRepository and Bucket artifacts
/// (served by our source-controller): both Kustomizations become Ready at the sources'
/// revisions and their ConfigMaps exist.
#[tokio::test]
async fn flux_kustomize_controller_applies_our_oci_and_bucket_artifacts() {
    use crate::source_bucket::S3Writer;
    use crate::support::{
        kc_scenario::start_controller,
        registry::{Registry, RegistryOptions},
        s3_server::S3Server,
    };
    use flux::api::kustomize::Kustomization;
    use kube::api::Api;
    use serde_json::json;

    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "kc-sources").await;
    let cm = |name: &str| {
        format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  from: {name}\n"
        )
    };
    let reg = Registry::start(RegistryOptions::default());
    let src = tempfile::tempdir().unwrap();
    std::fs::write(src.path().join("cm.yaml"), cm("from-oci")).unwrap();
    crate::source_oci::push_plain(&format!("oci://{}/apps/cm:v1", reg.host), src.path());
    let s3 = S3Server::start();
    let w = S3Writer::new(&s3);
    w.create_bucket("apps").await;
    w.put("apps", "app/cm.yaml", &cm("from-bucket")).await;

    let _source = support::serve(&["source-controller"], &ns, &[]);
    let mut cluster = flux::cluster::Cluster::new(client.clone());
    for obj in [
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s3", "namespace": ns},
            "stringData": {"accesskey": s3.access_key, "secretkey": s3.secret_key}}),
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "OCIRepository",
            "metadata": {"name": "apps", "namespace": ns},
            "spec": {"interval": "1h", "url": format!("oci://{}/apps/cm", reg.host),
                     "ref": {"tag": "v1"}, "insecure": true}}),
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "Bucket",
            "metadata": {"name": "apps", "namespace": ns},
            "spec": {"interval": "1h", "bucketName": "apps", "endpoint": s3.endpoint,
                     "insecure": true, "secretRef": {"name": "s3"}}}),
        json!({"apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
            "metadata": {"name": "from-oci", "namespace": ns},
            "spec": {"interval": "1h", "path": "./", "prune": true, "targetNamespace": ns,
                     "sourceRef": {"kind": "OCIRepository", "name": "apps"}}}),
        json!({"apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
            "metadata": {"name": "from-bucket", "namespace": ns},
            "spec": {"interval": "1h", "path": "./app", "prune": true, "targetNamespace": ns,
                     "sourceRef": {"kind": "Bucket", "name": "apps"}}}),
    ] {
        cluster.apply(&obj).await.unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let _flux = start_controller(support::kc_scenario::Impl::Flux, &ns, 2, dir.path());
    let api = Api::<Kustomization>::namespaced(client.clone(), &ns);
    for name in ["from-oci", "from-bucket"] {
        let mut last = None;
        let mut ok = false;
        for _ in 0..900 {
            if let Ok(k) = api.get(name).await {
                let ready = k.status.as_ref().is_some_and(|s| {
                    s.last_applied_revision.is_some()
                        && s.conditions
                            .iter()
                            .any(|c| c.type_ == "Ready" && c.status == "True")
                });
                if ready {
                    ok = true;
                    break;
                }
                last = k.status;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(
            ok,
            "{name} not ready: {last:?}\n--- flux log\n{}",
            std::fs::read_to_string(dir.path().join("flux.log")).unwrap_or_default()
        );
    }
    let cms = Api::<k8s_openapi::api::core::v1::ConfigMap>::namespaced(client.clone(), &ns);
    for name in ["from-oci", "from-bucket"] {
        let c = cms.get(name).await.unwrap();
        assert_eq!(c.data.unwrap()["from"], name);
    }
}
