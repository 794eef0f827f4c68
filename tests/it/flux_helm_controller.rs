//! Switching between Flux's own helm-controller (v1.6.3, built from its Go module; against
//! upstream Helm v4.2.2, as Flux's Helm fork is not served by the Go module proxy) and ours on
//! the same control plane: a release Flux's controller installed is taken over by ours without
//! a new Helm revision (the same snapshot digest), and a revision ours made is in sync for
//! Flux's controller afterwards (no new revision either).

use crate::helm_controller::{charts_repository, ready_after, statuses};
use crate::support::{self, chart_repo::ChartRepo};
use flux::api::helm::HelmRelease;
use kube::api::{Api, DynamicObject};
use serde_json::json;
use std::process::{Command, Stdio};

fn flux_helm_controller() -> std::path::PathBuf {
    support::ensured("FLUX_HELM_CONTROLLER_BIN", "ensure-flux-helm-controller.sh")
}

/// Flux's helm-controller watching `ns`, logs in `dir`; killed when dropped.
fn start_flux(ns: &str, dir: &std::path::Path) -> support::ChildGuard {
    let kubeconfig = dir.join("flux-hc.kubeconfig");
    support::control_plane::controller_kubeconfig(&support::kubeconfig(), &kubeconfig).unwrap();
    let log = std::fs::File::create(dir.join("flux-hc.log")).unwrap();
    let child = Command::new(flux_helm_controller())
        .args([
            "--enable-leader-election=false",
            "--log-level=error",
            "--events-addr=",
            "--watch-all-namespaces=false",
            &format!("--metrics-addr=127.0.0.1:{}", support::free_port()),
            &format!("--health-addr=127.0.0.1:{}", support::free_port()),
        ])
        .env("KUBECONFIG", &kubeconfig)
        .env("RUNTIME_NAMESPACE", ns)
        .env("TMPDIR", dir)
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("starting Flux's helm-controller");
    support::ChildGuard(child)
}

/// Requests a reconcile and waits until it has been handled with the release Ready.
async fn reconciled(client: &kube::Client, ns: &str, what: &str) -> HelmRelease {
    let ar = flux::api::registry::by_kind("HelmRelease")
        .unwrap()
        .api_resource();
    let api: Api<DynamicObject> = Api::namespaced_with(client.clone(), ns, &ar);
    let token = flux::cluster::request_reconcile(&api, "podinfo")
        .await
        .unwrap();
    support::wait_until(client, ns, "podinfo", what, move |hr: &HelmRelease| {
        let st = hr.status.as_ref();
        st.and_then(|s| s.last_handled_reconcile_at.as_deref()) == Some(token.as_str())
            && st.is_some_and(|s| {
                support::condition(&s.conditions, "Ready").is_some_and(|c| c.0 == "True")
            })
    })
    .await
}

#[tokio::test]
async fn releases_pass_between_fluxs_helm_controller_and_ours_without_new_revisions() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "fluxhc").await;
    let dir = tempfile::tempdir().unwrap();
    let repo = ChartRepo::start(None);
    repo.add_chart("podinfo", "6.0.0");
    let _source = support::serve_on(&support::kubeconfig(), &["source-controller"], &ns, &[]);
    charts_repository(&client, &ns, &repo).await;
    let hr = |values: serde_json::Value| {
        json!({"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
            "metadata": {"name": "podinfo"},
            "spec": {"interval": "1h", "timeout": "1m",
                "chart": {"spec": {"chart": "podinfo", "version": "6.0.0",
                    "sourceRef": {"kind": "HelmRepository", "name": "charts"}}},
                "values": values}})
    };

    // Flux's controller installs.
    let flux = start_flux(&ns, dir.path());
    support::apply_in(&client, &ns, hr(json!({"replicaCount": 0}))).await;
    let by_flux: HelmRelease = support::wait_until(
        &client,
        &ns,
        "podinfo",
        "installed by Flux's controller",
        ready_after(1, "InstallSucceeded"),
    )
    .await;
    let flux_snapshot = by_flux.status.unwrap().history[0].clone();
    assert_eq!(statuses(&client, &ns).await, vec![(1, "deployed".into())]);
    drop(flux);

    // Ours takes over: in sync, same snapshot, no new revision.
    let ours = support::serve_on(&support::kubeconfig(), &["helm-controller"], &ns, &[]);
    let got = reconciled(&client, &ns, "reconciled by ours").await;
    assert_eq!(statuses(&client, &ns).await, vec![(1, "deployed".into())]);
    let st = got.status.unwrap();
    assert_eq!(st.history[0].digest, flux_snapshot.digest);
    assert_eq!(st.history[0].config_digest, flux_snapshot.config_digest);

    // Ours upgrades on new values.
    support::apply_in(
        &client,
        &ns,
        hr(json!({"replicaCount": 0, "podAnnotations": {"a": "b"}})),
    )
    .await;
    let _: HelmRelease = support::wait_until(
        &client,
        &ns,
        "podinfo",
        "upgraded by ours",
        ready_after(2, "UpgradeSucceeded"),
    )
    .await;
    assert_eq!(
        statuses(&client, &ns).await,
        vec![(1, "superseded".into()), (2, "deployed".into())]
    );
    drop(ours);

    // Flux's controller takes it back: in sync with what ours recorded.
    let _flux = start_flux(&ns, dir.path());
    let got = reconciled(&client, &ns, "reconciled by Flux's controller").await;
    assert_eq!(
        statuses(&client, &ns).await,
        vec![(1, "superseded".into()), (2, "deployed".into())],
        "Flux's controller made a new revision: {:?}",
        got.status
    );
}
