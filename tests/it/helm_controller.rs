//! `flux serve helm-controller` with source-controller on the test control plane: a
//! HelmRelease with a `chart` template (the HelmChart Flux creates, from a HelmRepository) is
//! installed, upgraded on a new chart version and on new values, and uninstalled when deleted,
//! as Helm 4 releases the real `helm` reads, with Flux's conditions, messages and history.

use crate::helm_storage::helm;
use crate::support::{self, chart_repo::ChartRepo};
use flux::api::helm::HelmRelease;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::Secret;
use kube::api::{Api, ListParams};
use serde_json::json;

/// The HelmRepository `charts` in `ns`, serving `repo`.
pub(crate) async fn charts_repository(client: &kube::Client, ns: &str, repo: &ChartRepo) {
    support::apply_in(
        client,
        ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmRepository",
            "metadata": {"name": "charts"}, "spec": {"interval": "1h", "url": repo.url()}}),
    )
    .await;
}

/// source-controller and helm-controller serving `ns`, with the HelmRepository `charts` of
/// `repo` in it.
async fn serve_with_charts(client: &kube::Client, ns: &str, repo: &ChartRepo) -> support::Serve {
    let serve = support::serve_on(
        &support::kubeconfig(),
        &["source-controller", "helm-controller"],
        ns,
        &[],
    );
    charts_repository(client, ns, repo).await;
    serve
}

fn ready(hr: &HelmRelease) -> Option<(String, String, String)> {
    support::condition(&hr.status.as_ref()?.conditions, "Ready")
}

pub(crate) fn ready_after(generation: i64, reason: &'static str) -> impl Fn(&HelmRelease) -> bool {
    move |hr| {
        ready(hr).is_some_and(|(s, r, _)| s == "True" && r == reason)
            && hr.status.as_ref().and_then(|s| s.observed_generation) == Some(generation)
    }
}

async fn stored(client: &kube::Client, ns: &str) -> Vec<serde_json::Value> {
    let secrets: Api<Secret> = Api::namespaced(client.clone(), ns);
    let mut out: Vec<serde_json::Value> = secrets
        .list(&ListParams::default().labels("name=podinfo,owner=helm"))
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|s| flux::helm::storage::decode("s", &s.data.unwrap()["release"].0).unwrap())
        .collect();
    out.sort_by_key(|r| r["version"].as_i64());
    out
}

#[tokio::test]
async fn a_helmrelease_is_installed_upgraded_and_uninstalled_as_a_helm_release() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "hr").await;
    let repo = ChartRepo::start(None);
    repo.add_chart("podinfo", "6.0.0");
    repo.add_chart("podinfo", "6.1.0");
    let _serve = serve_with_charts(&client, &ns, &repo).await;
    let hr = |version: &str, values: serde_json::Value| {
        json!({"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
            "metadata": {"name": "podinfo"},
            "spec": {"interval": "1h", "timeout": "1m",
                "chart": {"spec": {"chart": "podinfo", "version": version,
                    "sourceRef": {"kind": "HelmRepository", "name": "charts"}}},
                "values": values}})
    };
    support::apply_in(&client, &ns, hr("6.0.0", json!({"replicaCount": 0}))).await;
    let got: HelmRelease = support::wait_until(
        &client,
        &ns,
        "podinfo",
        "installed",
        ready_after(1, "InstallSucceeded"),
    )
    .await;
    assert_eq!(
        ready(&got).unwrap().2,
        format!("Helm install succeeded for release {ns}/podinfo.v1 with chart podinfo@6.0.0")
    );
    let st = got.status.clone().unwrap();
    assert_eq!(
        st.helm_chart.as_deref(),
        Some(&*format!("{ns}/{ns}-podinfo"))
    );
    assert_eq!(st.storage_namespace.as_deref(), Some(ns.as_str()));
    // The HelmChart carries Flux's owner labels.
    let charts: Api<flux::api::source::HelmChart> = Api::namespaced(client.clone(), &ns);
    let chart_labels = charts
        .get(&format!("{ns}-podinfo"))
        .await
        .unwrap()
        .metadata
        .labels
        .unwrap_or_default();
    assert_eq!(chart_labels["helm.toolkit.fluxcd.io/name"], "podinfo");
    assert_eq!(chart_labels["helm.toolkit.fluxcd.io/namespace"], ns);
    let released = support::condition(&st.conditions, "Released").unwrap();
    assert_eq!(released.1, "InstallSucceeded");
    let releases = stored(&client, &ns).await;
    assert_eq!(releases.len(), 1);
    let snap = &st.history[0];
    assert_eq!((snap.version, snap.status.as_str()), (1, "deployed"));
    assert_eq!(
        (snap.chart_name.as_str(), snap.chart_version.as_str()),
        ("podinfo", "6.0.0")
    );
    assert_eq!(
        snap.digest,
        flux::helm::digest::release_digest(&releases[0], "").unwrap()
    );
    assert_eq!(
        snap.config_digest,
        flux::helm::digest::values_digest(json!({"replicaCount": 0}).as_object().unwrap())
    );
    let deployments: Api<Deployment> = Api::namespaced(client.clone(), &ns);
    let d = deployments.get("podinfo").await.unwrap();
    assert_eq!(d.spec.unwrap().replicas, Some(0));
    let labels = d.metadata.labels.unwrap();
    assert_eq!(labels["helm.toolkit.fluxcd.io/name"], "podinfo");
    assert_eq!(labels["app.kubernetes.io/managed-by"], "Helm");
    let (ok, out, err) = helm(&["ls", "-n", &ns, "-o", "json"]);
    assert!(ok, "{err}");
    assert!(out.contains("\"chart\":\"podinfo-6.0.0\""), "{out}");

    // A new chart version: upgrade to revision 2.
    support::apply_in(&client, &ns, hr("6.1.0", json!({"replicaCount": 0}))).await;
    let got: HelmRelease = support::wait_until(
        &client,
        &ns,
        "podinfo",
        "upgraded",
        ready_after(2, "UpgradeSucceeded"),
    )
    .await;
    assert_eq!(
        ready(&got).unwrap().2,
        format!("Helm upgrade succeeded for release {ns}/podinfo.v2 with chart podinfo@6.1.0")
    );
    let st = got.status.unwrap();
    let seen: Vec<(i64, &str)> = st
        .history
        .iter()
        .map(|s| (s.version, s.status.as_str()))
        .collect();
    assert_eq!(seen, vec![(2, "deployed"), (1, "superseded")]);

    // New values: revision 3; the same spec again changes nothing.
    support::apply_in(
        &client,
        &ns,
        hr(
            "6.1.0",
            json!({"replicaCount": 0, "podAnnotations": {"a": "b"}}),
        ),
    )
    .await;
    let got: HelmRelease = support::wait_until(
        &client,
        &ns,
        "podinfo",
        "upgraded again",
        ready_after(3, "UpgradeSucceeded"),
    )
    .await;
    assert_eq!(got.status.unwrap().history[0].version, 3);
    let d = deployments.get("podinfo").await.unwrap();
    let annotations = d
        .spec
        .unwrap()
        .template
        .metadata
        .unwrap()
        .annotations
        .unwrap();
    assert_eq!(annotations["a"], "b");
    let (ok, out, err) = helm(&["history", "podinfo", "-n", &ns, "-o", "json"]);
    assert!(ok, "{err}");
    let history: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(history.as_array().unwrap().len(), 3, "{out}");
    assert!(
        deployments.get("podinfo").await.is_ok(),
        "the Deployment is still there"
    );

    // The CLI: `--force` upgrades an in-sync release (revision 4), `--with-source` reconciles
    // the HelmChart first, suspend and resume toggle the object.
    let flux = |args: &[&str]| {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["-n", ns.as_str(), "--timeout", "1m"]);
        support::flux(&all)
    };
    let (ok, out, err) = flux(&["reconcile", "hr", "podinfo", "--force", "--with-source"]);
    assert!(ok, "{out}{err}");
    assert!(err.contains("► annotating HelmChart"), "{err}");
    assert!(err.contains("✔ applied revision 6.1.0"), "{err}");
    let got: HelmRelease = Api::namespaced(client.clone(), &ns)
        .get("podinfo")
        .await
        .unwrap();
    assert_eq!(got.status.unwrap().history[0].version, 4);
    let (ok, out, err) = flux(&["suspend", "hr", "podinfo"]);
    assert!(ok, "{out}{err}");
    let got: HelmRelease = Api::namespaced(client.clone(), &ns)
        .get("podinfo")
        .await
        .unwrap();
    assert!(got.spec.suspend);
    let (ok, out, err) = flux(&["resume", "hr", "podinfo"]);
    assert!(ok, "{out}{err}");
    let (ok, out, _) = flux(&["export", "hr", "podinfo"]);
    assert!(
        ok && out.contains("kind: HelmRelease") && !out.contains("status:"),
        "{out}"
    );

    // Deleted: the release is uninstalled and the HelmChart Flux created is gone.
    Api::<HelmRelease>::namespaced(client.clone(), &ns)
        .delete("podinfo", &Default::default())
        .await
        .unwrap();
    for _ in 0..300 {
        if Api::<HelmRelease>::namespaced(client.clone(), &ns)
            .get_opt("podinfo")
            .await
            .unwrap()
            .is_none()
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(stored(&client, &ns).await.is_empty());
    assert!(deployments.get_opt("podinfo").await.unwrap().is_none());
    let charts: Api<flux::api::source::HelmChart> = Api::namespaced(client.clone(), &ns);
    assert!(charts
        .get_opt(&format!("{ns}-podinfo"))
        .await
        .unwrap()
        .is_none());
}

/// `(version, status)` of every stored revision of the release `podinfo` in `ns`.
pub(crate) async fn statuses(client: &kube::Client, ns: &str) -> Vec<(i64, String)> {
    let secrets: Api<Secret> = Api::namespaced(client.clone(), ns);
    let mut out: Vec<(i64, String)> = secrets
        .list(&ListParams::default().labels("name=podinfo,owner=helm"))
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|s| {
            let l = s.metadata.labels.unwrap();
            (l["version"].parse().unwrap(), l["status"].clone())
        })
        .collect();
    out.sort();
    out
}

fn stalled(hr: &HelmRelease) -> bool {
    hr.status
        .as_ref()
        .and_then(|s| support::condition(&s.conditions, "Stalled"))
        .is_some_and(|c| c.0 == "True")
}

/// An install that fails (an object of the chart exists and belongs to no release) with the
/// default install remediation (no retries): one failed revision, Ready=False with Flux's
/// message, stalled; nothing retried until the HelmRelease changes.
#[tokio::test]
async fn a_failed_install_without_retries_stalls_with_fluxs_message() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "hrfail").await;
    let repo = ChartRepo::start(None);
    repo.add_chart("podinfo", "6.0.0");
    support::apply_in(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "podinfo"}}),
    )
    .await;
    let _serve = serve_with_charts(&client, &ns, &repo).await;
    support::apply_in(
        &client,
        &ns,
        json!({"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
            "metadata": {"name": "podinfo"},
            "spec": {"interval": "1h", "timeout": "1m",
                "chart": {"spec": {"chart": "podinfo", "version": "6.0.0",
                    "sourceRef": {"kind": "HelmRepository", "name": "charts"}}},
                "values": {"replicaCount": 0}}}),
    )
    .await;
    let got: HelmRelease = support::wait_until(&client, &ns, "podinfo", "stalled", stalled).await;
    let (status, reason, message) = ready(&got).unwrap();
    assert_eq!(
        (status.as_str(), reason.as_str()),
        ("False", "InstallFailed")
    );
    assert_eq!(
        message,
        format!("Helm install failed for release {ns}/podinfo with chart podinfo@6.0.0: unable to continue with install: ServiceAccount \"podinfo\" in namespace \"{ns}\" exists and cannot be imported into the current release: invalid ownership metadata; label validation error: missing key \"app.kubernetes.io/managed-by\": must be set to \"Helm\"; annotation validation error: missing key \"meta.helm.sh/release-name\": must be set to \"podinfo\"; annotation validation error: missing key \"meta.helm.sh/release-namespace\": must be set to \"{ns}\"")
    );
    let st = got.status.unwrap();
    assert_eq!((st.install_failures, st.failures), (Some(1), Some(1)));
    let stalled = support::condition(&st.conditions, "Stalled").unwrap();
    assert_eq!(
        (stalled.1.as_str(), stalled.2.as_str()),
        ("RetriesExceeded", "Failed to install after 1 attempt(s)")
    );
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert_eq!(statuses(&client, &ns).await, vec![(1, "failed".into())]);
}

/// An upgrade that fails (the API server refuses the Deployment) with one upgrade retry: rolled
/// back to the previous revision (Remediated, Ready=False with Flux's rollback message),
/// retried once, rolled back again as the last failure is remediated, then stalled.
#[tokio::test]
async fn a_failed_upgrade_is_rolled_back_retried_and_stalls_when_retries_run_out() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "hrroll").await;
    let repo = ChartRepo::start(None);
    repo.add_chart("podinfo", "6.0.0");
    let _serve = serve_with_charts(&client, &ns, &repo).await;
    let hr = |replicas: i64| {
        json!({"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
            "metadata": {"name": "podinfo"},
            "spec": {"interval": "1h", "timeout": "1m",
                "upgrade": {"remediation": {"retries": 1}},
                "chart": {"spec": {"chart": "podinfo", "version": "6.0.0",
                    "sourceRef": {"kind": "HelmRepository", "name": "charts"}}},
                "values": {"replicaCount": replicas}}})
    };
    support::apply_in(&client, &ns, hr(0)).await;
    let _: HelmRelease = support::wait_until(
        &client,
        &ns,
        "podinfo",
        "installed",
        ready_after(1, "InstallSucceeded"),
    )
    .await;
    support::apply_in(&client, &ns, hr(-1)).await;
    let got: HelmRelease = support::wait_until(&client, &ns, "podinfo", "stalled", stalled).await;
    let st = got.status.clone().unwrap();
    let (status, reason, message) = ready(&got).unwrap();
    assert_eq!(
        (status.as_str(), reason.as_str()),
        ("False", "RollbackSucceeded")
    );
    assert_eq!(
        message,
        format!(
            "Helm rollback to previous release {ns}/podinfo.v3 with chart podinfo@6.0.0 succeeded"
        )
    );
    let remediated = support::condition(&st.conditions, "Remediated").unwrap();
    assert_eq!(
        (remediated.0.as_str(), remediated.1.as_str()),
        ("True", "RollbackSucceeded")
    );
    assert_eq!(st.upgrade_failures, Some(2));
    let stalled = support::condition(&st.conditions, "Stalled").unwrap();
    assert_eq!(
        (stalled.1.as_str(), stalled.2.as_str()),
        ("RetriesExceeded", "Failed to upgrade after 2 attempt(s)")
    );
    assert_eq!(
        statuses(&client, &ns).await,
        vec![
            (1, "superseded".into()),
            (2, "failed".into()),
            (3, "superseded".into()),
            (4, "failed".into()),
            (5, "deployed".into())
        ]
    );
    let (ok, out, err) = helm(&["history", "podinfo", "-n", &ns, "-o", "json"]);
    assert!(ok, "{err}");
    assert!(out.contains("Rollback to 3"), "{out}");
}

/// A chart with `crds/` and a custom resource of that CRD: the CRD is created before the
/// templates (Flux's default install policy) and the custom resource applied. A HelmRelease
/// naming a ServiceAccount is installed as that account: refused without rights, installed
/// once the account has them.
#[tokio::test]
async fn chart_crds_are_created_on_install_and_releases_are_made_as_the_named_service_account() {
    use crate::support::chart_repo::helm as helm_in;
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "hrcrd").await;
    let repo = ChartRepo::start(None);
    // A CRD name no other test uses, per namespace.
    let group = format!("{ns}.flux-rs.test");
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("widgets");
    std::fs::create_dir_all(src.join("crds")).unwrap();
    std::fs::create_dir_all(src.join("templates")).unwrap();
    std::fs::write(
        src.join("Chart.yaml"),
        "apiVersion: v2\nname: widgets\nversion: 1.0.0\n",
    )
    .unwrap();
    std::fs::write(src.join("crds/widget.yaml"), open_crd(&group, "Widget")).unwrap();
    std::fs::write(
        src.join("templates/widget.yaml"),
        format!("apiVersion: {group}/v1\nkind: Widget\nmetadata:\n  name: w1\nspec:\n  size: 3\n"),
    )
    .unwrap();
    helm_in(
        work.path(),
        &[
            "package",
            "widgets",
            "-d",
            repo.dir.path().to_str().unwrap(),
        ],
    );
    repo.index();
    let _serve = serve_with_charts(&client, &ns, &repo).await;
    let hr = |name: &str, extra: serde_json::Value| {
        let mut o = json!({"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
            "metadata": {"name": name},
            "spec": {"interval": "1h", "timeout": "1m",
                "chart": {"spec": {"chart": "widgets", "version": "1.0.0",
                    "sourceRef": {"kind": "HelmRepository", "name": "charts"}}}}});
        if let serde_json::Value::Object(m) = extra {
            for (k, v) in m {
                o["spec"][k] = v;
            }
        }
        o
    };
    support::apply_in(&client, &ns, hr("widgets", json!({}))).await;
    let _: HelmRelease = support::wait_until(
        &client,
        &ns,
        "widgets",
        "installed",
        ready_after(1, "InstallSucceeded"),
    )
    .await;
    let ar = kube::discovery::ApiResource {
        group: group.clone(),
        version: "v1".into(),
        api_version: format!("{group}/v1"),
        kind: "Widget".into(),
        plural: "widgets".into(),
    };
    let widgets: Api<kube::api::DynamicObject> = Api::namespaced_with(client.clone(), &ns, &ar);
    let w = widgets.get("w1").await.unwrap();
    assert_eq!(w.data["spec"]["size"], 3);

    // The same chart again, as a tenant: the first release goes first (its object names).
    Api::<HelmRelease>::namespaced(client.clone(), &ns)
        .delete("widgets", &Default::default())
        .await
        .unwrap();
    for _ in 0..300 {
        if widgets.get_opt("w1").await.unwrap().is_none() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(widgets.get_opt("w1").await.unwrap().is_none());
    // As a ServiceAccount without rights: refused by the API server, nothing stored.
    let tenant = |values: serde_json::Value| {
        hr(
            "impersonated",
            json!({"serviceAccountName": "tenant", "releaseName": "other",
                "install": {"crds": "Skip"}, "values": values}),
        )
    };
    support::apply_in(&client, &ns, tenant(json!({}))).await;
    let who = format!("system:serviceaccount:{ns}:tenant");
    let got: HelmRelease = support::wait_until(
        &client,
        &ns,
        "impersonated",
        "refused",
        |hr: &HelmRelease| ready(hr).is_some_and(|(s, _, m)| s == "False" && m.contains(&who)),
    )
    .await;
    assert!(
        ready(&got).unwrap().2.contains("forbidden"),
        "{:?}",
        ready(&got)
    );
    let secrets: Api<Secret> = Api::namespaced(client.clone(), &ns);
    let others = || async {
        secrets
            .list(&ListParams::default().labels("name=other,owner=helm"))
            .await
            .unwrap()
            .items
    };
    assert!(others().await.is_empty());
    // Given rights in the namespace: installed as the tenant.
    support::apply_in(
        &client,
        &ns,
        json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
            "metadata": {"name": "tenant-admin"},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"},
            "subjects": [{"kind": "ServiceAccount", "name": "tenant", "namespace": ns}]}),
    )
    .await;
    // Only once the authorizer has the binding: a failed install is retried on a new generation.
    support::wait_authorized(&client, &who, &ns, "create", "secrets").await;
    support::apply_in(&client, &ns, tenant(json!({"x": 1}))).await;
    let _: HelmRelease = support::wait_until(
        &client,
        &ns,
        "impersonated",
        "installed as the tenant",
        ready_after(2, "InstallSucceeded"),
    )
    .await;
    assert_eq!(others().await.len(), 1);
}

/// Waits until the newest revision is `revision` (a release locked by the running action),
/// then kills the controller (SIGKILL) in the middle of it.
async fn kill_when_pending(
    client: &kube::Client,
    ns: &str,
    serve: &mut support::Serve,
    revision: (i64, &str),
) {
    let want = (revision.0, revision.1.to_string());
    // Up to three minutes: the chart is fetched and rendered first, slowly on a loaded machine.
    for _ in 0..1800 {
        if statuses(client, ns).await.last() == Some(&want) {
            serve.child.0.kill().unwrap();
            serve.child.0.wait().unwrap();
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("revision {revision:?} never appeared: {}", serve.log());
}

/// `kill -9` of the controller while an install (then an upgrade) waits for its Deployment: the release stays
/// `pending-install` (Helm's lock); the next controller unlocks it as Flux does (`failed`,
/// "Release unlocked from stale 'pending-install' state") and upgrades it, without anyone
/// touching Helm's storage.
#[tokio::test]
async fn a_controller_killed_mid_install_or_upgrade_leaves_no_release_locked() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "hrkill").await;
    let repo = ChartRepo::start(None);
    repo.add_chart("podinfo", "6.0.0");
    let _source = support::serve_on(&support::kubeconfig(), &["source-controller"], &ns, &[]);
    charts_repository(&client, &ns, &repo).await;
    let hr = |replicas: i64| {
        json!({"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
            "metadata": {"name": "podinfo"},
            "spec": {"interval": "1h", "timeout": "5m",
                "chart": {"spec": {"chart": "podinfo", "version": "6.0.0",
                    "sourceRef": {"kind": "HelmRepository", "name": "charts"}}},
                "values": {"replicaCount": replicas}}})
    };
    // No node runs the pod: the install waits for the Deployment until it is killed.
    let mut first = support::serve_on(&support::kubeconfig(), &["helm-controller"], &ns, &[]);
    support::apply_in(&client, &ns, hr(1)).await;
    kill_when_pending(&client, &ns, &mut first, (1, "pending-install")).await;

    support::apply_in(&client, &ns, hr(0)).await;
    let _second = support::serve_on(&support::kubeconfig(), &["helm-controller"], &ns, &[]);
    let got: HelmRelease = support::wait_until(
        &client,
        &ns,
        "podinfo",
        "recovered",
        ready_after(2, "UpgradeSucceeded"),
    )
    .await;
    assert_eq!(
        statuses(&client, &ns).await,
        vec![(1, "failed".into()), (2, "deployed".into())]
    );
    let st = got.status.unwrap();
    assert_eq!(st.history[0].version, 2);
    let secrets: Api<Secret> = Api::namespaced(client.clone(), &ns);
    let v1 = secrets.get("sh.helm.release.v1.podinfo.v1").await.unwrap();
    let v1 = flux::helm::storage::decode("v1", &v1.data.unwrap()["release"].0).unwrap();
    assert_eq!(
        v1["info"]["description"],
        "Release unlocked from stale 'pending-install' state"
    );

    // The same mid-upgrade: revision 3 stays `pending-upgrade` until the next controller
    // unlocks it and upgrades from the last deployed revision (2, then superseded).
    let mut second = _second;
    support::apply_in(&client, &ns, hr(2)).await;
    kill_when_pending(&client, &ns, &mut second, (3, "pending-upgrade")).await;
    support::apply_in(&client, &ns, hr(0)).await;
    let _third = support::serve_on(&support::kubeconfig(), &["helm-controller"], &ns, &[]);
    let _: HelmRelease = support::wait_until(
        &client,
        &ns,
        "podinfo",
        "recovered from the killed upgrade",
        ready_after(4, "UpgradeSucceeded"),
    )
    .await;
    assert_eq!(
        statuses(&client, &ns).await,
        vec![
            (1, "failed".into()),
            (2, "superseded".into()),
            (3, "failed".into()),
            (4, "deployed".into())
        ]
    );
}

fn drifted(hr: &HelmRelease) -> Option<(String, String, String)> {
    support::condition(&hr.status.as_ref()?.conditions, "Drifted")
}

/// Waits for a Kubernetes Event of the HelmRelease with `reason` and returns its message.
async fn event_message(client: &kube::Client, ns: &str, reason: &str) -> String {
    let events: Api<k8s_openapi::api::core::v1::Event> = Api::namespaced(client.clone(), ns);
    for _ in 0..300 {
        let list = events.list(&Default::default()).await.unwrap();
        if let Some(m) = list
            .items
            .iter()
            .find(|e| e.reason.as_deref() == Some(reason))
            .and_then(|e| e.message.clone())
        {
            return m;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no {reason} event in {ns}");
}

/// Drift detection as Flux does it: with `mode: warn` a deleted Service and a Deployment
/// scaled by someone else are reported (Drifted=True, a DriftDetected warning with Flux's
/// summary) and left as they are; with `mode: enabled` they are corrected (the Service
/// created, the Deployment patched back, a DriftCorrected event) and Drifted goes False —
/// without a new Helm revision. A new generation adding post-renderers then upgrades the
/// release (Flux's observed post-renderers digest differs).
#[tokio::test]
async fn drift_is_reported_in_warn_mode_and_corrected_in_enabled_mode() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "hrdrift").await;
    let repo = ChartRepo::start(None);
    repo.add_chart("podinfo", "6.0.0");
    let _serve = serve_with_charts(&client, &ns, &repo).await;
    let hr = |mode: &str| {
        json!({"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
            "metadata": {"name": "podinfo"},
            "spec": {"interval": "1h", "timeout": "1m",
                "driftDetection": {"mode": mode},
                "chart": {"spec": {"chart": "podinfo", "version": "6.0.0",
                    "sourceRef": {"kind": "HelmRepository", "name": "charts"}}},
                "values": {"replicaCount": 0}}})
    };
    support::apply_in(&client, &ns, hr("warn")).await;
    let got: HelmRelease = support::wait_until(
        &client,
        &ns,
        "podinfo",
        "installed",
        ready_after(1, "InstallSucceeded"),
    )
    .await;
    assert_eq!(
        drifted(&got).unwrap(),
        (
            "False".into(),
            "NoDriftDetected".into(),
            "No drift detected against the cluster state".into()
        )
    );
    let services: Api<k8s_openapi::api::core::v1::Service> = Api::namespaced(client.clone(), &ns);
    services
        .delete("podinfo", &Default::default())
        .await
        .unwrap();
    let deployments: Api<Deployment> = Api::namespaced(client.clone(), &ns);
    deployments
        .patch(
            "podinfo",
            &kube::api::PatchParams {
                field_manager: Some("someone-else".into()),
                ..Default::default()
            },
            &kube::api::Patch::Merge(json!({"spec": {"replicas": 2}})),
        )
        .await
        .unwrap();
    let hrs: Api<kube::api::DynamicObject> = Api::namespaced_with(
        client.clone(),
        &ns,
        &flux::cluster::api_resource("helm.toolkit.fluxcd.io/v2", "HelmRelease", "helmreleases"),
    );
    flux::cluster::request_reconcile(&hrs, "podinfo")
        .await
        .unwrap();
    let want = format!(
        "Cluster state of release {ns}/podinfo.v1 has drifted from the desired state:\nService/{ns}/podinfo removed\nDeployment/{ns}/podinfo changed (0 additions, 1 changes, 0 removals)"
    );
    let got: HelmRelease = support::wait_until(
        &client,
        &ns,
        "podinfo",
        "drift reported",
        |hr: &HelmRelease| drifted(hr).is_some_and(|d| d.0 == "True"),
    )
    .await;
    assert_eq!(
        drifted(&got).unwrap(),
        ("True".into(), "DriftDetected".into(), want.clone())
    );
    assert_eq!(ready(&got).unwrap().0, "True");
    assert_eq!(event_message(&client, &ns, "DriftDetected").await, want);
    // Warn mode changes nothing.
    assert!(services.get_opt("podinfo").await.unwrap().is_none());
    let d = deployments.get("podinfo").await.unwrap();
    assert_eq!(d.spec.unwrap().replicas, Some(2));

    support::apply_in(&client, &ns, hr("enabled")).await;
    let got: HelmRelease = support::wait_until(
        &client,
        &ns,
        "podinfo",
        "drift corrected",
        |hr: &HelmRelease| {
            hr.status.as_ref().and_then(|s| s.observed_generation) == Some(2)
                && drifted(hr).is_some_and(|d| d.0 == "False")
        },
    )
    .await;
    assert_eq!(drifted(&got).unwrap().1, "NoDriftDetected");
    assert_eq!(
        event_message(&client, &ns, "DriftCorrected").await,
        format!(
            "Cluster state of release {ns}/podinfo.v1 has been corrected:\nService/{ns}/podinfo created\nDeployment/{ns}/podinfo configured"
        )
    );
    assert!(services.get_opt("podinfo").await.unwrap().is_some());
    let d = deployments.get("podinfo").await.unwrap();
    assert_eq!(d.spec.unwrap().replicas, Some(0));
    assert_eq!(statuses(&client, &ns).await, vec![(1, "deployed".into())]);

    // A new generation whose post-renderers differ from the observed ones (Flux's digest):
    // the release is upgraded with them, though chart and values are the same.
    let mut with_renderer = hr("enabled");
    with_renderer["spec"]["postRenderers"] = json!([{"kustomize": {"patches": [{
        "patch": "apiVersion: v1\nkind: Service\nmetadata:\n  name: podinfo\n  annotations:\n    post-rendered: \"yes\"\n",
        "target": {"kind": "Service"}}]}}]);
    let renderers: Vec<flux::api::helm::PostRenderer> =
        serde_json::from_value(with_renderer["spec"]["postRenderers"].clone()).unwrap();
    support::apply_in(&client, &ns, with_renderer).await;
    let got: HelmRelease = support::wait_until(
        &client,
        &ns,
        "podinfo",
        "upgraded with post-renderers",
        ready_after(3, "UpgradeSucceeded"),
    )
    .await;
    assert_eq!(
        got.status.unwrap().observed_post_renderers_digest,
        Some(flux::helm::digest::post_renderers_digest(&renderers))
    );
    let svc = services.get("podinfo").await.unwrap();
    assert_eq!(svc.metadata.annotations.unwrap()["post-rendered"], "yes");
    assert_eq!(
        statuses(&client, &ns).await,
        vec![(1, "superseded".into()), (2, "deployed".into())]
    );
}

/// `uninstall.deletionPropagation: orphan`: uninstalling deletes the release's Deployment
/// but leaves its ReplicaSet (the garbage collector of kube-controller-manager would delete
/// it with the default background propagation), as Helm's uninstall with that policy does.
#[tokio::test]
async fn uninstall_with_orphan_propagation_leaves_the_dependents() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "hrorphan").await;
    let repo = ChartRepo::start(None);
    repo.add_chart("podinfo", "6.0.0");
    let _serve = serve_with_charts(&client, &ns, &repo).await;
    support::apply_in(
        &client,
        &ns,
        json!({"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
            "metadata": {"name": "podinfo"},
            "spec": {"interval": "1h", "timeout": "1m",
                "uninstall": {"deletionPropagation": "orphan"},
                "chart": {"spec": {"chart": "podinfo", "version": "6.0.0",
                    "sourceRef": {"kind": "HelmRepository", "name": "charts"}}},
                "values": {"replicaCount": 0}}}),
    )
    .await;
    let _: HelmRelease = support::wait_until(
        &client,
        &ns,
        "podinfo",
        "installed",
        ready_after(1, "InstallSucceeded"),
    )
    .await;
    let replicasets: Api<k8s_openapi::api::apps::v1::ReplicaSet> =
        Api::namespaced(client.clone(), &ns);
    let mut owned = false;
    for _ in 0..300 {
        let list = replicasets.list(&ListParams::default()).await.unwrap();
        if list.items.iter().any(|r| {
            r.metadata
                .owner_references
                .as_ref()
                .is_some_and(|o| o.iter().any(|o| o.kind == "Deployment"))
        }) {
            owned = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(owned, "kube-controller-manager made no ReplicaSet");
    let hrs: Api<HelmRelease> = Api::namespaced(client.clone(), &ns);
    hrs.delete("podinfo", &Default::default()).await.unwrap();
    for _ in 0..300 {
        if hrs.get_opt("podinfo").await.unwrap().is_none() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let deployments: Api<Deployment> = Api::namespaced(client.clone(), &ns);
    assert!(deployments.get_opt("podinfo").await.unwrap().is_none());
    // Give the garbage collector time to act: the orphaned ReplicaSet stays, without owner.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let left = replicasets
        .list(&ListParams::default())
        .await
        .unwrap()
        .items;
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left[0]
        .metadata
        .owner_references
        .as_ref()
        .is_none_or(|o| o.is_empty()));
}

/// A chart with a ConfigMap, a test hook that passes (a ConfigMap: Helm waits only for Jobs and
/// Pods) and, with `failTest`, a test Job whose deadline the kube-controller-manager's job
/// controller lets expire (no node runs its pod), so the test fails.
const TESTED_CHART: &[(&str, &str)] = &[
    ("Chart.yaml", "apiVersion: v2\nname: tested\nversion: 0.1.0\n"),
    ("values.yaml", "failTest: false\n"),
    (
        "templates/settings.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-settings\ndata:\n  failTest: {{ .Values.failTest | quote }}\n",
    ),
    (
        "templates/tests/ok.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-ok\n  annotations:\n    helm.sh/hook: test\ndata:\n  ok: \"yes\"\n",
    ),
    (
        "templates/tests/fail.yaml",
        "{{- if .Values.failTest }}\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ .Release.Name }}-fail\n  annotations:\n    helm.sh/hook: test\nspec:\n  backoffLimit: 0\n  activeDeadlineSeconds: 1\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: fail\n        image: busybox:1.36\n        command: [\"false\"]\n{{- end }}\n",
    ),
];

fn test_success(hr: &HelmRelease) -> Option<(String, String, String)> {
    support::condition(&hr.status.as_ref()?.conditions, "TestSuccess")
}

/// Helm tests as Flux runs them: after the install the release's test hooks run, the results
/// are stored in the release (Helm's hook `last_run`) and in the snapshot's `testHooks`, and
/// Ready follows TestSuccess with Flux's message. A failing test after an upgrade is
/// remediated by a rollback (TestFailed, then Remediated), and with `test.ignoreFailures` it
/// is reported in TestSuccess only, the release left in place.
#[tokio::test]
async fn helm_tests_run_after_a_release_and_a_failing_one_is_remediated_unless_ignored() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "hrtest").await;
    let repo = ChartRepo::start(None);
    repo.add_files_chart("tested", TESTED_CHART);
    let _serve = serve_with_charts(&client, &ns, &repo).await;
    let hr = |fail: bool, ignore: bool| {
        json!({"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
            "metadata": {"name": "tested"},
            "spec": {"interval": "1h", "timeout": "1m",
                "chart": {"spec": {"chart": "tested", "version": "0.1.0",
                    "sourceRef": {"kind": "HelmRepository", "name": "charts"}}},
                "test": {"enable": true, "ignoreFailures": ignore},
                "upgrade": {"remediation": {"retries": 0, "remediateLastFailure": true}},
                "values": {"failTest": fail}}})
    };
    support::apply_in(&client, &ns, hr(false, false)).await;
    let got: HelmRelease = support::wait_until(
        &client,
        &ns,
        "tested",
        "installed and tested",
        ready_after(1, "TestSucceeded"),
    )
    .await;
    let message = format!(
        "Helm test succeeded for release {ns}/tested.v1 with chart tested@0.1.0: 1 test hook completed successfully"
    );
    assert_eq!(
        test_success(&got).unwrap(),
        ("True".into(), "TestSucceeded".into(), message.clone())
    );
    assert_eq!(ready(&got).unwrap().2, message);
    let st = got.status.unwrap();
    let snap = &st.history[0];
    let hooks = snap.test_hooks.as_ref().expect("testHooks recorded");
    assert_eq!(
        hooks.keys().collect::<Vec<_>>(),
        vec!["tested-ok"],
        "{hooks:?}"
    );
    assert_eq!(hooks["tested-ok"].phase.as_deref(), Some("Succeeded"));
    assert!(hooks["tested-ok"].last_completed.is_some());
    // The stored release carries the run, and the snapshot's digest is the stored release's.
    let secrets: Api<Secret> = Api::namespaced(client.clone(), &ns);
    let stored = secrets.get("sh.helm.release.v1.tested.v1").await.unwrap();
    let release = flux::helm::storage::decode("s", &stored.data.unwrap()["release"].0).unwrap();
    let hook = release["hooks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["name"] == "tested-ok")
        .unwrap();
    assert_eq!(hook["last_run"]["phase"], "Succeeded", "{hook}");
    assert_eq!(
        snap.digest,
        flux::helm::digest::release_digest(&release, "").unwrap()
    );
    assert!(event_message(&client, &ns, "TestSucceeded")
        .await
        .contains("1 test hook completed successfully"));

    // An upgrade whose test fails: TestFailed, then rolled back to v1 (as v3).
    support::apply_in(&client, &ns, hr(true, false)).await;
    let got: HelmRelease =
        support::wait_until(&client, &ns, "tested", "remediated", |hr: &HelmRelease| {
            hr.status.as_ref().is_some_and(|s| {
                support::condition(&s.conditions, "Remediated")
                    .is_some_and(|c| c.1 == "RollbackSucceeded")
            })
        })
        .await;
    let (status, reason, message) = test_success(&got).unwrap();
    assert_eq!((status.as_str(), reason.as_str()), ("False", "TestFailed"));
    assert!(
        message.starts_with(&format!(
            "Helm test failed for release {ns}/tested.v2 with chart tested@0.1.0: "
        )),
        "{message}"
    );
    assert!(message.contains("tested-fail"), "{message}");
    let (ready_status, ready_reason, _) = ready(&got).unwrap();
    assert_eq!(
        (ready_status.as_str(), ready_reason.as_str()),
        ("False", "RollbackSucceeded")
    );
    assert!(event_message(&client, &ns, "TestFailed")
        .await
        .starts_with("Helm test failed for release"));
    let (ok, out, err) = helm(&["history", "tested", "-n", &ns, "-o", "json"]);
    assert!(ok, "{err}");
    assert!(out.contains("Rollback to 1"), "{out}");

    // Failures ignored: the upgrade stays, Ready follows Released, TestSuccess says it failed.
    support::apply_in(&client, &ns, hr(true, true)).await;
    let got: HelmRelease =
        support::wait_until(&client, &ns, "tested", "upgraded", |hr: &HelmRelease| {
            ready_after(3, "UpgradeSucceeded")(hr)
                && test_success(hr).is_some_and(|c| c.0 == "False")
        })
        .await;
    let st = got.status.unwrap();
    assert_eq!(st.history[0].status, "deployed");
    assert!(st.history[0]
        .test_hooks
        .as_ref()
        .is_some_and(|h| h["tested-fail"].phase.as_deref() == Some("Failed")));
    assert!(support::condition(&st.conditions, "Remediated").is_none());
}

/// Flux's release target change: a new `releaseName` uninstalls the release under the old name
/// (its storage and objects) before the new one is installed, with a fresh history.
#[tokio::test]
async fn a_new_release_name_uninstalls_the_old_release_first() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "hrmove").await;
    let repo = ChartRepo::start(None);
    repo.add_chart("podinfo", "6.0.0");
    let _serve = serve_with_charts(&client, &ns, &repo).await;
    let hr = |release_name: Option<&str>| {
        let mut v = json!({"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
            "metadata": {"name": "podinfo"},
            "spec": {"interval": "1h", "timeout": "1m",
                "chart": {"spec": {"chart": "podinfo", "version": "6.0.0",
                    "sourceRef": {"kind": "HelmRepository", "name": "charts"}}},
                "values": {"replicaCount": 0}}});
        if let Some(n) = release_name {
            v["spec"]["releaseName"] = json!(n);
        }
        v
    };
    support::apply_in(&client, &ns, hr(None)).await;
    let _: HelmRelease = support::wait_until(
        &client,
        &ns,
        "podinfo",
        "installed",
        ready_after(1, "InstallSucceeded"),
    )
    .await;
    let deployments: Api<Deployment> = Api::namespaced(client.clone(), &ns);
    assert!(deployments.get_opt("podinfo").await.unwrap().is_some());

    support::apply_in(&client, &ns, hr(Some("renamed"))).await;
    let got: HelmRelease = support::wait_until(
        &client,
        &ns,
        "podinfo",
        "installed under the new name",
        ready_after(2, "InstallSucceeded"),
    )
    .await;
    let st = got.status.unwrap();
    assert_eq!(st.history.len(), 1, "{:?}", st.history);
    assert_eq!(
        (st.history[0].name.as_str(), st.history[0].version),
        ("renamed", 1)
    );
    assert!(
        stored(&client, &ns).await.is_empty(),
        "the old release's storage is gone"
    );
    assert!(deployments.get_opt("podinfo").await.unwrap().is_none());
    assert!(deployments
        .get_opt("renamed-podinfo")
        .await
        .unwrap()
        .is_some());
}

/// A chart whose objects the values switch on: a ConfigMap always, and optionally another
/// ConfigMap, a Job (its Pod never runs: the test control plane has no node), a Deployment
/// (paused or not) and a Service.
const WAITS_CHART: &[(&str, &str)] = &[
    ("Chart.yaml", "apiVersion: v2\nname: waits\nversion: 0.1.0\n"),
    (
        "values.yaml",
        "a: \"1\"\nb: \"1\"\nextra: false\njob: false\ndeploy: false\npaused: false\nreplicas: 0\nsvc: false\n",
    ),
    (
        "templates/base.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-base\ndata:\n  a: {{ .Values.a | quote }}\n  b: {{ .Values.b | quote }}\n",
    ),
    (
        "templates/extra.yaml",
        "{{- if .Values.extra }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-extra\ndata:\n  x: \"1\"\n{{- end }}\n",
    ),
    (
        "templates/job.yaml",
        "{{- if .Values.job }}\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ .Release.Name }}-job\nspec:\n  backoffLimit: 0\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: work\n        image: busybox:1.36\n        command: [\"true\"]\n{{- end }}\n",
    ),
    (
        "templates/deploy.yaml",
        "{{- if .Values.deploy }}\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-app\nspec:\n  replicas: {{ .Values.replicas }}\n  paused: {{ .Values.paused }}\n  selector:\n    matchLabels:\n      app: {{ .Release.Name }}\n  template:\n    metadata:\n      labels:\n        app: {{ .Release.Name }}\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n{{- end }}\n",
    ),
    (
        "templates/svc.yaml",
        "{{- if .Values.svc }}\napiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-svc\nspec:\n  selector:\n    app: {{ .Release.Name }}\n  ports:\n  - port: 80\n{{- end }}\n",
    ),
];

fn failed_after(generation: i64, reason: &'static str) -> impl Fn(&HelmRelease) -> bool {
    move |hr| {
        ready(hr).is_some_and(|(s, r, _)| s == "False" && r == reason)
            && hr.status.as_ref().and_then(|s| s.last_attempted_generation) == Some(generation)
    }
}

fn waits_release(name: &str, spec: serde_json::Value) -> serde_json::Value {
    let mut hr = json!({"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
        "metadata": {"name": name},
        "spec": {"interval": "1h", "timeout": "1m",
            "chart": {"spec": {"chart": "waits", "version": "0.1.0",
                "sourceRef": {"kind": "HelmRepository", "name": "charts"}}}}});
    for (k, v) in spec.as_object().unwrap() {
        hr["spec"][k] = v.clone();
    }
    hr
}

/// Flux's waits: with `disableWaitForJobs` a started Job does not hold up the release, a
/// paused Deployment is never waited for, and without it a Job that cannot complete times the
/// upgrade out with fluxcd/pkg/ssa's message. The `legacy` strategy is Helm's ReadyChecker: a
/// Service with a cluster IP and a Deployment whose new ReplicaSet is ready count, a replica
/// that cannot become ready times out with `context deadline exceeded`.
#[tokio::test]
async fn jobs_paused_deployments_and_the_legacy_strategy_are_waited_for_as_flux_does() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "hrwait").await;
    let repo = ChartRepo::start(None);
    repo.add_files_chart("waits", WAITS_CHART);
    let _serve = serve_with_charts(&client, &ns, &repo).await;
    let values = json!({"job": true, "deploy": true, "paused": true, "replicas": 1});
    support::apply_in(
        &client,
        &ns,
        waits_release(
            "jobs",
            json!({"install": {"disableWaitForJobs": true}, "values": values}),
        ),
    )
    .await;
    let _: HelmRelease = support::wait_until(
        &client,
        &ns,
        "jobs",
        "installed without waiting for the Job",
        ready_after(1, "InstallSucceeded"),
    )
    .await;
    let jobs: Api<k8s_openapi::api::batch::v1::Job> = Api::namespaced(client.clone(), &ns);
    let job = jobs.get("jobs-job").await.unwrap();
    assert!(job.status.and_then(|s| s.succeeded).unwrap_or(0) == 0);
    // The upgrade waits for Jobs: the Job's Pod never runs.
    let mut values = values.clone();
    values["a"] = json!("2");
    support::apply_in(
        &client,
        &ns,
        waits_release(
            "jobs",
            json!({"timeout": "5s", "values": values,
                "upgrade": {"strategy": {"name": "RetryOnFailure", "retryInterval": "2s"}}}),
        ),
    )
    .await;
    let got: HelmRelease = support::wait_until(
        &client,
        &ns,
        "jobs",
        "upgrade timed out on the Job",
        failed_after(2, "UpgradeFailed"),
    )
    .await;
    assert_eq!(
        ready(&got).unwrap().2,
        format!("Helm upgrade failed for release {ns}/jobs with chart waits@0.1.0: timeout waiting for: [Job/{ns}/jobs-job status: 'InProgress']")
    );
    let secrets: Api<Secret> = Api::namespaced(client.clone(), &ns);
    let failed = secrets.get("sh.helm.release.v1.jobs.v2").await.unwrap();
    let failed = flux::helm::storage::decode("s", &failed.data.unwrap()["release"].0).unwrap();
    assert_eq!(
        failed["info"]["description"],
        format!("Upgrade \"jobs\" failed: timeout waiting for: [Job/{ns}/jobs-job status: 'InProgress']")
    );
    // RetryOnFailure: no rollback, Reconciling says when, and the upgrade runs again.
    let st = got.status.clone().unwrap();
    assert_eq!(
        support::condition(&st.conditions, "Reconciling").unwrap(),
        (
            "True".into(),
            "ProgressingWithRetry".into(),
            "retrying after 2s".into()
        )
    );
    assert!(support::condition(&st.conditions, "Stalled").is_none());
    assert!(support::condition(&st.conditions, "Remediated").is_none());
    let mut retried = false;
    for _ in 0..60 {
        if secrets
            .get_opt("sh.helm.release.v1.jobs.v3")
            .await
            .unwrap()
            .is_some()
        {
            retried = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    assert!(retried, "the failed upgrade was not retried");

    // Helm's legacy checker: the Service has a cluster IP, the Deployment's new ReplicaSet
    // (made by the deployment controller) has the 0 ready replicas it needs.
    let legacy = |values: serde_json::Value, timeout: &str| {
        waits_release(
            "legacy",
            json!({"waitStrategy": {"name": "legacy"}, "timeout": timeout, "values": values}),
        )
    };
    support::apply_in(
        &client,
        &ns,
        legacy(json!({"deploy": true, "svc": true, "replicas": 0}), "1m"),
    )
    .await;
    let _: HelmRelease = support::wait_until(
        &client,
        &ns,
        "legacy",
        "installed with the legacy wait",
        ready_after(1, "InstallSucceeded"),
    )
    .await;
    support::apply_in(
        &client,
        &ns,
        legacy(json!({"deploy": true, "svc": true, "replicas": 1}), "5s"),
    )
    .await;
    let got: HelmRelease = support::wait_until(
        &client,
        &ns,
        "legacy",
        "legacy wait timed out",
        failed_after(2, "UpgradeFailed"),
    )
    .await;
    assert_eq!(
        ready(&got).unwrap().2,
        format!("Helm upgrade failed for release {ns}/legacy with chart waits@0.1.0: context deadline exceeded")
    );
}

/// `upgrade.cleanupOnFail` deletes what a failed upgrade created and leaves what it updated;
/// `upgrade.preserveValues` upgrades with Helm's `--reuse-values`: the new values over those
/// of the deployed revision, as `helm get values` then shows.
#[tokio::test]
async fn a_failed_upgrade_cleans_up_what_it_created_and_preserved_values_carry_over() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "hrclean").await;
    let repo = ChartRepo::start(None);
    repo.add_files_chart("waits", WAITS_CHART);
    let _serve = serve_with_charts(&client, &ns, &repo).await;
    support::apply_in(
        &client,
        &ns,
        waits_release("keep", json!({"values": {"a": "1", "b": "2"}})),
    )
    .await;
    let _: HelmRelease = support::wait_until(
        &client,
        &ns,
        "keep",
        "installed",
        ready_after(1, "InstallSucceeded"),
    )
    .await;
    // A new ConfigMap and a Deployment whose replica never becomes ready.
    support::apply_in(
        &client,
        &ns,
        waits_release(
            "keep",
            json!({"timeout": "5s", "upgrade": {"cleanupOnFail": true},
                "values": {"a": "3", "b": "2", "extra": true, "deploy": true, "replicas": 1}}),
        ),
    )
    .await;
    let got: HelmRelease = support::wait_until(
        &client,
        &ns,
        "keep",
        "upgrade failed",
        failed_after(2, "UpgradeFailed"),
    )
    .await;
    assert!(
        ready(&got).unwrap().2.ends_with(&format!(
            "timeout waiting for: [Deployment/{ns}/keep-app status: 'InProgress']"
        )),
        "{:?}",
        ready(&got)
    );
    let cms: Api<k8s_openapi::api::core::v1::ConfigMap> = Api::namespaced(client.clone(), &ns);
    let deployments: Api<Deployment> = Api::namespaced(client.clone(), &ns);
    for _ in 0..50 {
        if cms.get_opt("keep-extra").await.unwrap().is_none()
            && deployments.get_opt("keep-app").await.unwrap().is_none()
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert!(cms.get_opt("keep-extra").await.unwrap().is_none());
    assert!(deployments.get_opt("keep-app").await.unwrap().is_none());
    // The updated ConfigMap stays as the failed upgrade left it.
    assert_eq!(cms.get("keep-base").await.unwrap().data.unwrap()["a"], "3");

    // preserveValues: only `a` is given; `b` comes from the deployed revision (1), not from
    // the failed one.
    support::apply_in(
        &client,
        &ns,
        waits_release(
            "keep",
            json!({"upgrade": {"preserveValues": true}, "values": {"a": "4"}}),
        ),
    )
    .await;
    let _: HelmRelease = support::wait_until(
        &client,
        &ns,
        "keep",
        "upgraded with preserved values",
        ready_after(3, "UpgradeSucceeded"),
    )
    .await;
    let data = cms.get("keep-base").await.unwrap().data.unwrap();
    assert_eq!((data["a"].as_str(), data["b"].as_str()), ("4", "2"));
    let (ok, out, err) = helm(&["get", "values", "keep", "-n", &ns, "-o", "json"]);
    assert!(ok, "{err}");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&out).unwrap(),
        json!({"a": "4", "b": "2"})
    );

    // `flux trace` of an object the release made and `flux tree` of a Kustomization that
    // applied the HelmRelease print what Flux's own CLI prints.
    let ks = format!(
        "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: {ns}\nspec:\n  interval: 1h\n  path: ./\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: none\nstatus:\n  inventory:\n    entries:\n    - id: {ns}_keep_helm.toolkit.fluxcd.io_HelmRelease\n      v: v2\n"
    );
    crate::flux2_trace::create_objects(&client, &ks).await;
    let theirs = support::ensured("FLUX_CLI", "ensure-flux-cli.sh");
    let kc = support::kubeconfig();
    for args in [
        vec!["trace", "configmap", "keep-base"],
        vec!["tree", "kustomization", "apps"],
    ] {
        let mut outputs = Vec::new();
        for bin in [
            std::path::PathBuf::from(env!("CARGO_BIN_EXE_flux")),
            theirs.clone(),
        ] {
            let out = std::process::Command::new(&bin)
                .args(&args)
                .args(["-n", &ns, "--kubeconfig", kc.to_str().unwrap()])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{bin:?} {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            outputs.push(String::from_utf8_lossy(&out.stdout).into_owned());
        }
        assert_eq!(outputs[0], outputs[1], "{args:?}");
        assert!(outputs[0].contains("keep-base"), "{args:?}: {}", outputs[0]);
    }

    // `flux diff helmrelease`: nothing to change while in sync; with the release suspended
    // and its values changed, the next upgrade's changes, nothing written.
    let (ok, out, err) = support::flux(&["diff", "helmrelease", "keep", "-n", &ns]);
    assert!(ok, "{out}{err}");
    assert_eq!(out, "");
    support::apply_in(
        &client,
        &ns,
        waits_release(
            "keep",
            json!({"suspend": true, "upgrade": {"preserveValues": true},
                "values": {"a": "5", "extra": true}}),
        ),
    )
    .await;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_flux"))
        .args(["diff", "hr", "keep", "-n", &ns, "--kubeconfig"])
        .arg(support::kubeconfig())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(&format!("► ConfigMap/{ns}/keep-base drifted\n")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("► ConfigMap/{ns}/keep-extra created\n")),
        "{stdout}"
    );
    assert!(cms.get_opt("keep-extra").await.unwrap().is_none());
    assert_eq!(cms.get("keep-base").await.unwrap().data.unwrap()["a"], "4");
    assert_eq!(stored_versions(&client, &ns, "keep").await, vec![1, 2, 3]);
}

async fn stored_versions(client: &kube::Client, ns: &str, name: &str) -> Vec<i64> {
    let secrets: Api<Secret> = Api::namespaced(client.clone(), ns);
    let mut v: Vec<i64> = secrets
        .list(&ListParams::default().labels(&format!("name={name},owner=helm")))
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|s| s.metadata.labels.unwrap()["version"].parse().unwrap())
        .collect();
    v.sort();
    v
}

/// Charts from the other sources Flux releases from: a chart directory in a GitRepository
/// (through the HelmChart the template makes) and a chart pushed with `helm push` to a real
/// OCI registry, released through a `chartRef` to an OCIRepository selecting Helm's chart
/// layer; the snapshot carries the OCI artifact's digest, as Flux records it.
#[tokio::test]
async fn charts_from_git_and_oci_repositories_are_released() {
    use crate::support::git_server::{GitServer, ServerAuth};
    use crate::support::registry::{Registry, RegistryOptions};
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "hrsrc").await;
    let chart = [
        ("charts/app/Chart.yaml", "apiVersion: v2\nname: app\nversion: 0.3.0\n"),
        ("charts/app/values.yaml", "greeting: hello\n"),
        (
            "charts/app/templates/cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-app\ndata:\n  greeting: {{ .Values.greeting }}\n",
        ),
    ];
    let srv = GitServer::start(ServerAuth::default());
    let wt = srv.repo("charts", "main");
    wt.commit(&chart, "chart");
    wt.push();
    let reg = Registry::start(RegistryOptions {
        auth: None,
        tls: false,
    });
    let work = tempfile::tempdir().unwrap();
    for (path, text) in chart {
        let p = work.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    support::chart_repo::helm(work.path(), &["package", "charts/app", "-d", "pkgs"]);
    support::chart_repo::helm(
        work.path(),
        &[
            "push",
            "pkgs/app-0.3.0.tgz",
            &format!("oci://{}/charts", reg.host),
            "--plain-http",
        ],
    );
    let _serve = support::serve_on(
        &support::kubeconfig(),
        &["source-controller", "helm-controller"],
        &ns,
        &[],
    );
    support::apply_in(
        &client,
        &ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
            "metadata": {"name": "repo"},
            "spec": {"interval": "1h", "url": srv.url("charts"), "ref": {"branch": "main"}}}),
    )
    .await;
    support::apply_in(
        &client,
        &ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "OCIRepository",
            "metadata": {"name": "app"},
            "spec": {"interval": "1h", "url": format!("oci://{}/charts/app", reg.host),
                "insecure": true, "ref": {"tag": "0.3.0"},
                "layerSelector": {"mediaType": "application/vnd.cncf.helm.chart.content.v1.tar+gzip",
                    "operation": "copy"}}}),
    )
    .await;
    support::apply_in(
        &client,
        &ns,
        json!({"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
            "metadata": {"name": "from-git"},
            "spec": {"interval": "1h",
                "chart": {"spec": {"chart": "./charts/app",
                    "sourceRef": {"kind": "GitRepository", "name": "repo"}}},
                "values": {"greeting": "git"}}}),
    )
    .await;
    support::apply_in(
        &client,
        &ns,
        json!({"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
            "metadata": {"name": "from-oci"},
            "spec": {"interval": "1h",
                "chartRef": {"kind": "OCIRepository", "name": "app"},
                "values": {"greeting": "oci"}}}),
    )
    .await;
    let cms: Api<k8s_openapi::api::core::v1::ConfigMap> = Api::namespaced(client.clone(), &ns);
    for (name, greeting) in [("from-git", "git"), ("from-oci", "oci")] {
        let got: HelmRelease = support::wait_until(
            &client,
            &ns,
            name,
            "installed",
            ready_after(1, "InstallSucceeded"),
        )
        .await;
        assert_eq!(
            ready(&got).unwrap().2,
            format!("Helm install succeeded for release {ns}/{name}.v1 with chart app@0.3.0")
        );
        let cm = cms.get(&format!("{name}-app")).await.unwrap();
        assert_eq!(cm.data.unwrap()["greeting"], greeting);
        let snap = &got.status.unwrap().history[0];
        if name == "from-oci" {
            let oci: Api<flux::api::source::OCIRepository> = Api::namespaced(client.clone(), &ns);
            let digest = oci
                .get("app")
                .await
                .unwrap()
                .status
                .unwrap()
                .artifact
                .unwrap()
                .digest;
            assert!(digest.is_some());
            assert_eq!(snap.oci_digest, digest);
        } else {
            assert_eq!(snap.oci_digest, None);
        }
    }
}

/// `kubeConfig.secretRef`: the release is made in the cluster the Secret's kubeconfig
/// describes (a second control plane), its objects and its storage there, none here.
#[tokio::test]
async fn a_helmrelease_with_a_kubeconfig_releases_into_the_remote_cluster() {
    use k8s_openapi::api::core::v1::{ConfigMap, Namespace};
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "hrremote").await;
    let _isolated = support::ISOLATED.lock().await;
    let remote_kc = support::isolated_kubeconfig();
    let remote = support::client_on(&remote_kc).await;
    Api::<Namespace>::all(remote.clone())
        .create(
            &Default::default(),
            &serde_json::from_value(json!({"metadata": {"name": ns}})).unwrap(),
        )
        .await
        .unwrap();
    let repo = ChartRepo::start(None);
    repo.add_files_chart("tested", TESTED_CHART);
    let _serve = serve_with_charts(&client, &ns, &repo).await;
    let kubeconfig = std::fs::read_to_string(&remote_kc).unwrap();
    support::apply_in(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "remote"},
            "stringData": {"value": kubeconfig}}),
    )
    .await;
    support::apply_in(
        &client,
        &ns,
        json!({"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
            "metadata": {"name": "tested"},
            "spec": {"interval": "1h", "timeout": "1m",
                "kubeConfig": {"secretRef": {"name": "remote"}},
                "chart": {"spec": {"chart": "tested", "version": "0.1.0",
                    "sourceRef": {"kind": "HelmRepository", "name": "charts"}}}}}),
    )
    .await;
    let _: HelmRelease = support::wait_until(
        &client,
        &ns,
        "tested",
        "installed remotely",
        ready_after(1, "InstallSucceeded"),
    )
    .await;
    let remote_cms: Api<ConfigMap> = Api::namespaced(remote.clone(), &ns);
    assert!(remote_cms
        .get_opt("tested-settings")
        .await
        .unwrap()
        .is_some());
    let remote_secrets: Api<Secret> = Api::namespaced(remote.clone(), &ns);
    assert!(remote_secrets
        .get_opt("sh.helm.release.v1.tested.v1")
        .await
        .unwrap()
        .is_some());
    let local_cms: Api<ConfigMap> = Api::namespaced(client.clone(), &ns);
    assert!(local_cms
        .get_opt("tested-settings")
        .await
        .unwrap()
        .is_none());
    let local_secrets: Api<Secret> = Api::namespaced(client.clone(), &ns);
    assert!(local_secrets
        .get_opt("sh.helm.release.v1.tested.v1")
        .await
        .unwrap()
        .is_none());
    // Deleting the HelmRelease uninstalls the release in the remote cluster.
    Api::<HelmRelease>::namespaced(client.clone(), &ns)
        .delete("tested", &Default::default())
        .await
        .unwrap();
    for _ in 0..100 {
        if remote_cms
            .get_opt("tested-settings")
            .await
            .unwrap()
            .is_none()
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert!(remote_cms
        .get_opt("tested-settings")
        .await
        .unwrap()
        .is_none());
    let _ = Api::<Namespace>::all(remote)
        .delete(&ns, &Default::default())
        .await;
}

/// A namespaced CRD of `kind` (plural: lower case + `s`) in `group`, v1, any fields.
fn open_crd(group: &str, kind: &str) -> String {
    let singular = kind.to_lowercase();
    format!("apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: {singular}s.{group}\nspec:\n  group: {group}\n  names: {{kind: {kind}, plural: {singular}s, singular: {singular}, listKind: {kind}List}}\n  scope: Namespaced\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n          x-kubernetes-preserve-unknown-fields: true\n")
}

/// The HelmRelease `csa` of [`csa_chart`], installed client-side, with `spec` merged in.
pub(crate) fn csa_release(spec: serde_json::Value) -> serde_json::Value {
    let mut o = json!({"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
        "metadata": {"name": "csa"},
        "spec": {"interval": "1h", "timeout": "1m",
            "install": {"serverSideApply": false},
            "chart": {"spec": {"chart": "csa", "version": "1.0.0",
                "sourceRef": {"kind": "HelmRepository", "name": "charts"}}}}});
    if let serde_json::Value::Object(m) = spec {
        for (k, v) in m {
            o["spec"][k] = v;
        }
    }
    o
}

/// The `apply_method` of each stored revision of release `name`, oldest first.
pub(crate) async fn apply_methods(client: &kube::Client, ns: &str, name: &str) -> Vec<String> {
    let secrets: Api<Secret> = Api::namespaced(client.clone(), ns);
    let mut revs: Vec<serde_json::Value> = secrets
        .list(&ListParams::default().labels(&format!("name={name},owner=helm")))
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|s| flux::helm::storage::decode("s", &s.data.unwrap()["release"].0).unwrap())
        .collect();
    revs.sort_by_key(|r| r["version"].as_i64());
    revs.iter()
        .map(|r| r["apply_method"].as_str().unwrap_or("").to_string())
        .collect()
}

/// The chart `csa` 1.0.0 in `repo`: a ConfigMap `settings` (`data` from values), a Service
/// `web` (`ports`) and a custom resource Gadget `g1` (`gadget`), its CRD in `crds/`; returns
/// the CRD's group (unique per namespace).
pub(crate) fn csa_chart(ns: &str, repo: &ChartRepo) -> String {
    use crate::support::chart_repo::helm as helm_in;
    let group = format!("{ns}.csa.flux-rs.test");
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("csa");
    std::fs::create_dir_all(src.join("crds")).unwrap();
    std::fs::create_dir_all(src.join("templates")).unwrap();
    std::fs::write(
        src.join("Chart.yaml"),
        "apiVersion: v2\nname: csa\nversion: 1.0.0\n",
    )
    .unwrap();
    std::fs::write(src.join("crds/gadget.yaml"), open_crd(&group, "Gadget")).unwrap();
    std::fs::write(
        src.join("templates/all.yaml"),
        format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  {{{{- toYaml .Values.data | nindent 2 }}}}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  {{{{- range .Values.ports }}}}\n    - name: p{{{{ . }}}}\n      port: {{{{ . }}}}\n  {{{{- end }}}}\n---\napiVersion: {group}/v1\nkind: Gadget\nmetadata:\n  name: g1\nspec:\n  {{{{- toYaml .Values.gadget | nindent 2 }}}}\n"),
    )
    .unwrap();
    helm_in(
        work.path(),
        &["package", "csa", "-d", repo.dir.path().to_str().unwrap()],
    );
    repo.index();
    group
}

/// Client-side apply as Flux resolves it: `install.serverSideApply: false` stores
/// `apply_method: csa` (as `helm get metadata` reads it) and creates objects as an `Update`
/// manager; `auto` upgrades stay client-side, patching from the previous manifest (a
/// strategic three-way patch corrects drift in what the chart sets, keeps others' fields,
/// deletes what the chart dropped; custom resources get a two-way JSON merge patch);
/// `upgrade.force` replaces objects whole; `serverSideApply: enabled` moves the release to
/// server-side apply and takes over the client-side field ownership, so that a later upgrade
/// removes keys set before the move.
#[tokio::test]
async fn client_side_apply_patches_from_the_previous_manifest_and_moves_to_server_side_apply() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "hrcsa").await;
    let repo = ChartRepo::start(None);
    let group = csa_chart(&ns, &repo);
    let _serve = serve_with_charts(&client, &ns, &repo).await;
    let hr = csa_release;
    let methods = || apply_methods(&client, &ns, "csa");
    let cms: Api<k8s_openapi::api::core::v1::ConfigMap> = Api::namespaced(client.clone(), &ns);
    let data = || async { cms.get("settings").await.unwrap().data.unwrap_or_default() };
    let ar = kube::discovery::ApiResource {
        group: group.clone(),
        version: "v1".into(),
        api_version: format!("{group}/v1"),
        kind: "Gadget".into(),
        plural: "gadgets".into(),
    };
    let gadgets: Api<kube::api::DynamicObject> = Api::namespaced_with(client.clone(), &ns, &ar);
    let kv = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let upgraded = |generation: i64| ready_after(generation, "UpgradeSucceeded");

    support::apply_in(
        &client,
        &ns,
        hr(json!({"values": {
        "data": {"a": "1", "b": "2"}, "ports": [80, 81], "gadget": {"size": 1, "color": "red"}}})),
    )
    .await;
    let _: HelmRelease = support::wait_until(
        &client,
        &ns,
        "csa",
        "installed",
        ready_after(1, "InstallSucceeded"),
    )
    .await;
    assert_eq!(methods().await, ["csa"]);
    let (ok, out, err) = helm(&["get", "metadata", "csa", "-n", &ns]);
    assert!(ok, "{err}");
    assert!(out.contains("APPLY_METHOD: client-side apply"), "{out}");
    let managers = |cm: &k8s_openapi::api::core::v1::ConfigMap| {
        cm.metadata
            .managed_fields
            .clone()
            .unwrap_or_default()
            .into_iter()
            .filter(|m| m.manager.as_deref() == Some("helm-controller"))
            .map(|m| m.operation.unwrap_or_default())
            .collect::<Vec<_>>()
    };
    assert_eq!(managers(&cms.get("settings").await.unwrap()), ["Update"]);

    // Another writer drifts a key the chart sets and adds one of its own, on both objects.
    let other = kube::api::PatchParams {
        field_manager: Some("other".into()),
        ..Default::default()
    };
    cms.patch(
        "settings",
        &other,
        &kube::api::Patch::Merge(json!({"data": {"a": "drifted", "z": "9"}})),
    )
    .await
    .unwrap();
    gadgets
        .patch(
            "g1",
            &other,
            &kube::api::Patch::Merge(json!({"spec": {"extra": "x"}})),
        )
        .await
        .unwrap();

    // `auto` over a client-side revision: client-side again.
    support::apply_in(
        &client,
        &ns,
        hr(json!({"values": {
        "data": {"a": "1", "c": "3"}, "ports": [80], "gadget": {"size": 2}}})),
    )
    .await;
    let _: HelmRelease = support::wait_until(&client, &ns, "csa", "upgraded", upgraded(2)).await;
    assert_eq!(methods().await, ["csa", "csa"]);
    assert_eq!(data().await, kv(&[("a", "1"), ("c", "3"), ("z", "9")]));
    let svc: Api<k8s_openapi::api::core::v1::Service> = Api::namespaced(client.clone(), &ns);
    let ports: Vec<i32> = svc
        .get("web")
        .await
        .unwrap()
        .spec
        .unwrap()
        .ports
        .unwrap()
        .iter()
        .map(|p| p.port)
        .collect();
    assert_eq!(ports, [80]);
    // The custom resource: the chart's change applied, `color` dropped, `extra` kept.
    assert_eq!(
        gadgets.get("g1").await.unwrap().data["spec"],
        json!({"size": 2, "extra": "x"})
    );

    // `upgrade.force`: replaced whole, the other writer's key gone.
    cms.patch(
        "settings",
        &other,
        &kube::api::Patch::Merge(json!({"data": {"z": "9"}})),
    )
    .await
    .unwrap();
    support::apply_in(
        &client,
        &ns,
        hr(json!({"upgrade": {"force": true}, "values": {
        "data": {"a": "1", "c": "4"}, "ports": [80], "gadget": {"size": 2}}})),
    )
    .await;
    let _: HelmRelease =
        support::wait_until(&client, &ns, "csa", "force-upgraded", upgraded(3)).await;
    assert_eq!(methods().await, ["csa", "csa", "csa"]);
    assert_eq!(data().await, kv(&[("a", "1"), ("c", "4")]));

    // Moved to server-side apply: our client-side entries become the apply entry.
    support::apply_in(
        &client,
        &ns,
        hr(
            json!({"upgrade": {"serverSideApply": "enabled"}, "values": {
        "data": {"a": "1", "c": "4", "d": "5"}, "ports": [80], "gadget": {"size": 2}}}),
        ),
    )
    .await;
    let _: HelmRelease =
        support::wait_until(&client, &ns, "csa", "moved to SSA", upgraded(4)).await;
    assert_eq!(methods().await, ["csa", "csa", "csa", "ssa"]);
    assert_eq!(managers(&cms.get("settings").await.unwrap()), ["Apply"]);
    // `auto` now follows the server-side revision, and keys set client-side are removed.
    support::apply_in(
        &client,
        &ns,
        hr(json!({"values": {
        "data": {"a": "1"}, "ports": [80], "gadget": {"size": 2}}})),
    )
    .await;
    let _: HelmRelease =
        support::wait_until(&client, &ns, "csa", "upgraded by SSA", upgraded(5)).await;
    assert_eq!(methods().await, ["csa", "csa", "csa", "ssa", "ssa"]);
    assert_eq!(data().await, kv(&[("a", "1")]));
    let (ok, out, err) = helm(&["get", "metadata", "csa", "-n", &ns]);
    assert!(ok, "{err}");
    assert!(out.contains("APPLY_METHOD: server-side apply"), "{out}");
}
