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
    start_flux_with(ns, dir, &[])
}

/// Flux's helm-controller watching `ns` with extra flags.
fn start_flux_with(ns: &str, dir: &std::path::Path, extra: &[&str]) -> support::ChildGuard {
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
        .args(extra)
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

/// Whether a HelmRelease reports Ready=False.
fn not_ready(hr: &HelmRelease) -> bool {
    hr.status
        .as_ref()
        .is_some_and(|s| support::condition(&s.conditions, "Ready").is_some_and(|c| c.0 == "False"))
}

/// (status, reason, message) of a HelmRelease's Ready condition, its namespace written `NS`.
fn ready_in(hr: &HelmRelease, ns: &str) -> (String, String, String) {
    let (s, r, m) = support::condition(&hr.status.as_ref().unwrap().conditions, "Ready").unwrap();
    (s, r, m.replace(ns, "NS"))
}

/// The stored config and manifest of revision 1 of `name`, the namespace written `NS`.
async fn stored_release(
    client: &kube::Client,
    ns: &str,
    name: &str,
) -> (serde_json::Value, String) {
    let secrets: Api<k8s_openapi::api::core::v1::Secret> = Api::namespaced(client.clone(), ns);
    let s = secrets
        .get(&format!("sh.helm.release.v1.{name}.v1"))
        .await
        .unwrap();
    let r = flux::helm::storage::decode("s", &s.data.unwrap()["release"].0).unwrap();
    (
        numbers_as_f64(&r["config"]),
        r["manifest"].as_str().unwrap().replace(ns, "NS"),
    )
}

/// JSON numbers as float64, as Helm reads stored values (`0` and `0.0` are the same value).
fn numbers_as_f64(v: &serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Number(n) => json!(n.as_f64().unwrap()),
        serde_json::Value::Array(a) => a.iter().map(numbers_as_f64).collect(),
        serde_json::Value::Object(m) => m
            .iter()
            .map(|(k, v)| (k.clone(), numbers_as_f64(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
        other => other.clone(),
    }
}

/// `valuesFrom` (a ConfigMap document, a Secret key at a `targetPath`, an optional source that
/// is missing), a required source that is missing, and a chart source in another namespace
/// with cross-namespace references blocked: Flux's controller and ours, each in a namespace
/// of its own, store the same release values and manifest and report the same conditions.
#[tokio::test]
async fn values_from_and_cross_namespace_refusals_match_fluxs_helm_controller() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let repo = ChartRepo::start(None);
    repo.add_chart("podinfo", "6.0.0");
    let dir = tempfile::tempdir().unwrap();
    let hr = |name: &str, values_from: serde_json::Value| {
        let source = json!({"kind": "HelmRepository", "name": "charts"});
        json!({"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
            "metadata": {"name": name},
            "spec": {"interval": "1h", "timeout": "1m",
                "chart": {"spec": {"chart": "podinfo", "version": "6.0.0", "sourceRef": source}},
                "valuesFrom": values_from,
                "values": {"podAnnotations": {"from": "spec"}}}})
    };
    let sources = json!([
        {"kind": "ConfigMap", "name": "base-values"},
        {"kind": "Secret", "name": "image", "valuesKey": "tag", "targetPath": "image.tag"},
        {"kind": "ConfigMap", "name": "absent", "optional": true}
    ]);
    let mut missing = sources.clone();
    missing
        .as_array_mut()
        .unwrap()
        .push(json!({"kind": "Secret", "name": "required"}));
    let mut outcomes = Vec::new();
    for flux_side in [true, false] {
        let ns = support::namespace(&client, if flux_side { "vf-flux" } else { "vf-ours" }).await;
        let _source = support::serve_on(&support::kubeconfig(), &["source-controller"], &ns, &[]);
        charts_repository(&client, &ns, &repo).await;
        support::apply_in(
            &client,
            &ns,
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "base-values"},
                "data": {"values.yaml": "replicaCount: 0\npodAnnotations:\n  from: configmap\n  cm: \"yes\"\n"}}),
        )
        .await;
        support::apply_in(
            &client,
            &ns,
            json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "image"},
                "stringData": {"tag": "6.0.1"}}),
        )
        .await;
        let _controller = if flux_side {
            (
                Some(start_flux_with(
                    &ns,
                    dir.path(),
                    &["--no-cross-namespace-refs=true"],
                )),
                None,
            )
        } else {
            (
                None,
                Some(support::serve_on(
                    &support::kubeconfig(),
                    &["helm-controller"],
                    &ns,
                    &["--no-cross-namespace-refs=true"],
                )),
            )
        };
        support::apply_in(&client, &ns, hr("podinfo", sources.clone())).await;
        let installed: HelmRelease = support::wait_until(
            &client,
            &ns,
            "podinfo",
            "installed with valuesFrom",
            ready_after(1, "InstallSucceeded"),
        )
        .await;
        let release = stored_release(&client, &ns, "podinfo").await;
        support::apply_in(&client, &ns, hr("podinfo", missing.clone())).await;
        let refused: HelmRelease = support::wait_until(
            &client,
            &ns,
            "podinfo",
            "a required values source missing",
            not_ready,
        )
        .await;
        // A chartRef to another namespace (Flux's controller leaves a chart template's
        // refusal out of the conditions, only logging it; a chartRef is refused in them).
        support::apply_in(
            &client,
            &ns,
            json!({"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
                "metadata": {"name": "elsewhere"},
                "spec": {"interval": "1h",
                    "chartRef": {"kind": "OCIRepository", "name": "charts", "namespace": "default"}}}),
        )
        .await;
        let blocked: HelmRelease = support::wait_until(
            &client,
            &ns,
            "elsewhere",
            "a cross-namespace chart source",
            not_ready,
        )
        .await;
        if !flux_side {
            // A chart template in another namespace: Flux's controller only logs the refusal;
            // ours reports it as Flux reports a refused chartRef.
            let mut template = hr("template", json!([]));
            template["spec"]["chart"]["spec"]["sourceRef"]["namespace"] = json!("default");
            support::apply_in(&client, &ns, template).await;
            let refused: HelmRelease = support::wait_until(
                &client,
                &ns,
                "template",
                "a cross-namespace chart template",
                not_ready,
            )
            .await;
            assert_eq!(
                ready_in(&refused, &ns),
                (
                    "False".into(),
                    "AccessDenied".into(),
                    "cross-namespace references are not allowed: cannot access HelmChart default/NS-template".into()
                )
            );
        }
        outcomes.push((
            ready_in(&installed, &ns),
            release,
            ready_in(&refused, &ns),
            ready_in(&blocked, &ns),
        ));
    }
    let (flux, ours) = (&outcomes[0], &outcomes[1]);
    assert_eq!(ours.0, flux.0, "install");
    assert_eq!(ours.1 .0, flux.1 .0, "stored values");
    assert_eq!(ours.1 .1, flux.1 .1, "stored manifest");
    assert_eq!(
        ours.1 .0,
        json!({"replicaCount": 0.0, "image": {"tag": "6.0.1"},
            "podAnnotations": {"from": "spec", "cm": "yes"}})
    );
    assert_eq!(ours.2, flux.2, "a required values source missing");
    assert_eq!(ours.3, flux.3, "a cross-namespace chart source");
}

/// The client-side apply steps of `helm_controller`'s test on the `csa` chart, driven
/// against whichever controller serves `ns`; after each step, what a user sees: the
/// ConfigMap's data, `helm-controller`'s managedFields operations on it, the custom resource's
/// spec and the stored revisions' apply methods.
async fn client_side_apply_steps(client: &kube::Client, ns: &str, repo: &ChartRepo) -> Vec<String> {
    use k8s_openapi::api::core::v1::ConfigMap;
    use kube::api::{Patch, PatchParams};
    let group = crate::helm_controller::csa_chart(ns, repo);
    charts_repository(client, ns, repo).await;
    let hr = crate::helm_controller::csa_release;
    let cms: Api<ConfigMap> = Api::namespaced(client.clone(), ns);
    let ar = kube::discovery::ApiResource {
        group: group.clone(),
        version: "v1".into(),
        api_version: format!("{group}/v1"),
        kind: "Gadget".into(),
        plural: "gadgets".into(),
    };
    let gadgets: Api<DynamicObject> = Api::namespaced_with(client.clone(), ns, &ar);
    let observe = || async {
        let cm = cms.get("settings").await.unwrap();
        let ops: Vec<String> = cm
            .metadata
            .managed_fields
            .clone()
            .unwrap_or_default()
            .into_iter()
            .filter(|m| m.manager.as_deref() == Some("helm-controller"))
            .map(|m| m.operation.unwrap_or_default())
            .collect();
        let methods = crate::helm_controller::apply_methods(client, ns, "csa").await;
        format!(
            "data={:?} ops={ops:?} gadget={} methods={methods:?}",
            cm.data.unwrap_or_default(),
            gadgets.get("g1").await.unwrap().data["spec"]
        )
    };
    let mut seen = Vec::new();
    let values = |data: serde_json::Value, gadget: serde_json::Value| json!({"data": data, "ports": [80], "gadget": gadget});
    support::apply_in(client, ns, hr(json!({"values": values(json!({"a": "1", "b": "2"}), json!({"size": 1, "color": "red"}))}))).await;
    let _: HelmRelease = support::wait_until(
        client,
        ns,
        "csa",
        "installed",
        ready_after(1, "InstallSucceeded"),
    )
    .await;
    seen.push(observe().await);
    let other = PatchParams {
        field_manager: Some("other".into()),
        ..Default::default()
    };
    cms.patch(
        "settings",
        &other,
        &Patch::Merge(json!({"data": {"a": "drifted", "z": "9"}})),
    )
    .await
    .unwrap();
    gadgets
        .patch("g1", &other, &Patch::Merge(json!({"spec": {"extra": "x"}})))
        .await
        .unwrap();
    let steps = [
        json!({"values": values(json!({"a": "1", "c": "3"}), json!({"size": 2}))}),
        json!({"upgrade": {"force": true}, "values": values(json!({"a": "1", "c": "4"}), json!({"size": 2}))}),
        json!({"upgrade": {"serverSideApply": "enabled"}, "values": values(json!({"a": "1", "c": "4", "d": "5"}), json!({"size": 2}))}),
        json!({"values": values(json!({"a": "1"}), json!({"size": 3}))}),
    ];
    for (i, spec) in steps.into_iter().enumerate() {
        support::apply_in(client, ns, hr(spec)).await;
        let generation = i as i64 + 2;
        let _: HelmRelease = support::wait_until(
            client,
            ns,
            "csa",
            "upgraded",
            ready_after(generation, "UpgradeSucceeded"),
        )
        .await;
        seen.push(observe().await);
    }
    seen
}

/// `serverSideApply: false`, `auto`, `upgrade.force` and the move to `enabled` leave the same
/// objects, field ownership and stored apply methods under Flux's helm-controller as under
/// ours.
#[tokio::test]
async fn client_side_apply_and_the_move_to_server_side_apply_match_fluxs_helm_controller() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let dir = tempfile::tempdir().unwrap();
    let flux_ns = support::namespace(&client, "fluxcsa").await;
    let flux_repo = ChartRepo::start(None);
    let flux_seen = {
        let _source = support::serve_on(
            &support::kubeconfig(),
            &["source-controller"],
            &flux_ns,
            &[],
        );
        let _flux = start_flux(&flux_ns, dir.path());
        client_side_apply_steps(&client, &flux_ns, &flux_repo).await
    };
    let ns = support::namespace(&client, "ourcsa").await;
    let repo = ChartRepo::start(None);
    let _ours = support::serve_on(
        &support::kubeconfig(),
        &["source-controller", "helm-controller"],
        &ns,
        &[],
    );
    let seen = client_side_apply_steps(&client, &ns, &repo).await;
    assert_eq!(seen, flux_seen);
    // What both did, spelled out.
    assert!(
        flux_seen[1].starts_with(r#"data={"a": "1", "c": "3", "z": "9"} ops=["Update"]"#),
        "{}",
        flux_seen[1]
    );
    assert!(
        flux_seen[4].starts_with(r#"data={"a": "1"} ops=["Apply"]"#),
        "{}",
        flux_seen[4]
    );
}
