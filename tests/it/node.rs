//! Tests that need a real node (`support::node`): pods scheduled, images imported from OCI
//! layout tars, containers run by containerd and runc.

use crate::support::node::{Node, NODE, PAUSE_IMAGE};
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, DeleteParams};
use serde_json::json;

/// A pod of an image imported from an OCI layout tar (no registry) is scheduled, runs and is
/// deleted; the node comes and goes without leaving processes behind.
#[tokio::test]
async fn a_pod_from_an_imported_image_runs_on_the_node_and_is_deleted() {
    let _one = NODE.lock().await;
    let node = match Node::start(&[]).await {
        Ok(n) => n,
        Err(e) => panic!("the node did not start: {e}"),
    };
    let client = node.client().await;
    let pods: Api<Pod> = Api::namespaced(client.clone(), "default");
    let pod: Pod = serde_json::from_value(json!({
        "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "sleeper"},
        "spec": {"terminationGracePeriodSeconds": 0, "containers": [{
            "name": "main", "image": PAUSE_IMAGE, "imagePullPolicy": "Never"}]}
    }))
    .unwrap();
    pods.create(&Default::default(), &pod).await.unwrap();
    let mut phase = String::new();
    for _ in 0..240 {
        let p = pods.get("sleeper").await.unwrap();
        phase = p.status.and_then(|s| s.phase).unwrap_or_default();
        if phase == "Running" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    assert_eq!(
        phase,
        "Running",
        "kubelet:\n{}\ncontainerd:\n{}",
        node.log("kubelet"),
        node.log("containerd")
    );
    pods.delete("sleeper", &DeleteParams::default())
        .await
        .unwrap();
    let mut gone = false;
    for _ in 0..120 {
        if pods.get_opt("sleeper").await.unwrap().is_none() {
            gone = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    assert!(gone, "the pod was not deleted:\n{}", node.log("kubelet"));
}

/// `flux install`'s Deployments, from our own image (the static binary in an OCI layout,
/// imported without a registry), run every controller in a pod on the node: each becomes
/// Ready through its probes, talks to the API server as its own ServiceAccount, and together
/// they reconcile a GitRepository and a Kustomization (the kustomize-controller fetching the
/// artifact from the source-controller's Service by its cluster DNS name, events posted to the
/// notification-controller's Service). The Deployments run exactly as `flux install` renders
/// them: on the pod network, with Flux's `--storage-adv-addr` and `--events-addr`.
#[tokio::test]
async fn flux_install_runs_every_controller_in_a_pod_of_our_image() {
    use crate::support::git_server::{GitServer, ServerAuth};
    use k8s_openapi::api::apps::v1::Deployment;
    let _one = NODE.lock().await;
    let node = node_with_our_image().await;
    let client = node.client().await;
    let kc = node.cp.kubeconfig.clone();
    let docs = install_docs(&kc, &[]);
    let mut cluster = flux::cluster::Cluster::new(client.clone());
    let (crds, rest): (Vec<_>, Vec<_>) = docs
        .iter()
        .partition(|d| d["kind"] == "CustomResourceDefinition" || d["kind"] == "Namespace");
    let mut names = Vec::new();
    for d in crds {
        cluster.apply(d).await.unwrap();
        if d["kind"] == "CustomResourceDefinition" {
            names.push(d["metadata"]["name"].as_str().unwrap().to_string());
        }
    }
    cluster
        .wait_crds_established(&names, std::time::Duration::from_secs(60))
        .await
        .unwrap();
    for d in rest {
        cluster.apply(d).await.unwrap();
    }
    let deployments: Api<Deployment> = Api::namespaced(client.clone(), "flux-system");
    let expected: Vec<String> = docs
        .iter()
        .filter(|d| d["kind"] == "Deployment")
        .map(|d| d["metadata"]["name"].as_str().unwrap().to_string())
        .collect();
    assert!(expected.len() >= 4, "{expected:?}");
    let pods: Api<Pod> = Api::namespaced(client.clone(), "flux-system");
    let mut unready = expected.clone();
    for _ in 0..240 {
        unready.clear();
        for name in &expected {
            let d = deployments.get(name).await.unwrap();
            if d.status.and_then(|s| s.ready_replicas).unwrap_or(0) < 1 {
                unready.push(name.clone());
            }
        }
        if unready.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    if !unready.is_empty() {
        let report = pod_report(&pods, 15).await;
        panic!(
            "not ready: {unready:?}\n{report}\nkubelet:\n{}",
            node.log("kubelet")
        );
    }

    // `flux check` sees every controller rolled out.
    let (ok, out, err) = crate::support::flux_on(&kc, &["check", "--timeout=1m"]);
    assert!(ok, "{out}{err}");
    assert!(err.contains("all checks passed"), "{out}{err}");

    // The controllers in their pods reconcile a Git repository into the cluster.
    let server = GitServer::start(ServerAuth::default());
    let repo = server.repo("apps", "main");
    repo.commit(
        &[(
            "deploy/configmap.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-git\n  namespace: default\ndata:\n  a: b\n",
        )],
        "a config map",
    );
    repo.push();
    let apply = |obj: serde_json::Value| {
        let client = client.clone();
        async move {
            flux::cluster::Cluster::new(client)
                .apply(&obj)
                .await
                .unwrap();
        }
    };
    // Events reach the notification-controller through its Service (Flux's `--events-addr`),
    // which forwards them to a provider outside the cluster.
    let rec = crate::support::recorder::Recorder::start().await;
    let hook = crate::support::node::expose_to_pods(&rec.url()).unwrap();
    apply(
        json!({"apiVersion": "notification.toolkit.fluxcd.io/v1beta3", "kind": "Provider",
        "metadata": {"name": "hook", "namespace": "flux-system"},
        "spec": {"type": "generic", "address": format!("{hook}/alerts")}}),
    )
    .await;
    apply(
        json!({"apiVersion": "notification.toolkit.fluxcd.io/v1beta3", "kind": "Alert",
        "metadata": {"name": "apps", "namespace": "flux-system"},
        "spec": {"providerRef": {"name": "hook"}, "eventSeverity": "info",
            "eventSources": [{"kind": "Kustomization", "name": "apps"}]}}),
    )
    .await;
    apply(
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
        "metadata": {"name": "apps", "namespace": "flux-system"},
        "spec": {"interval": "1m", "url": crate::support::node::expose_to_pods(&server.url("apps")).unwrap(),
            "ref": {"branch": "main"}}}),
    )
    .await;
    apply(
        json!({"apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
        "metadata": {"name": "apps", "namespace": "flux-system"},
        "spec": {"interval": "1m", "path": "./deploy", "prune": true,
            "sourceRef": {"kind": "GitRepository", "name": "apps"}}}),
    )
    .await;
    let cms: Api<k8s_openapi::api::core::v1::ConfigMap> =
        Api::namespaced(client.clone(), "default");
    let mut applied = false;
    for _ in 0..180 {
        if cms.get_opt("from-git").await.unwrap().is_some() {
            applied = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    if !applied {
        let mut report = pod_report(&pods, 10).await;
        for kind in ["GitRepository", "Kustomization"] {
            let ar = flux::api::registry::by_kind(kind).unwrap().api_resource();
            let api: Api<kube::api::DynamicObject> =
                Api::namespaced_with(client.clone(), "flux-system", &ar);
            let o = api.get("apps").await.unwrap();
            report.push_str(&format!("--- {kind}: {}\n", o.data["status"]));
        }
        panic!("the Kustomization was not applied:\n{report}");
    }
    // The artifact was advertised at the source-controller's Service name (Flux's
    // `--storage-adv-addr`), which the kustomize-controller resolved through the cluster DNS.
    let ar = flux::api::registry::by_kind("GitRepository")
        .unwrap()
        .api_resource();
    let git: Api<kube::api::DynamicObject> =
        Api::namespaced_with(client.clone(), "flux-system", &ar);
    let url = git.get("apps").await.unwrap().data["status"]["artifact"]["url"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        url.starts_with("http://source-controller.flux-system.svc.cluster.local./gitrepository/flux-system/apps/"),
        "{url}"
    );
    let reqs = rec
        .wait_for(
            60,
            "the Kustomization's event through the notification-controller",
            |r| r.iter().any(|x| x.path == "/alerts"),
        )
        .await;
    let e = reqs.iter().find(|x| x.path == "/alerts").unwrap().json();
    assert_eq!(
        (&e["involvedObject"]["kind"], &e["involvedObject"]["name"]),
        (&json!("Kustomization"), &json!("apps")),
        "{e}"
    );
    assert_eq!(e["reportingController"], "kustomize-controller", "{e}");
    // Every controller runs on the pod network, as rendered.
    for p in pods.list(&Default::default()).await.unwrap() {
        let ip = p.status.and_then(|s| s.pod_ip).unwrap_or_default();
        assert!(ip.starts_with("10.244.0."), "{:?}: {ip}", p.metadata.name);
    }
    // As the kustomize-controller's own ServiceAccount, through the API server.
    let cm = cms.get("from-git").await.unwrap();
    let managers: Vec<String> = cm
        .metadata
        .managed_fields
        .unwrap_or_default()
        .into_iter()
        .filter_map(|m| m.manager)
        .collect();
    assert!(
        managers.iter().any(|m| m == "kustomize-controller"),
        "{managers:?}"
    );

    // `flux logs` reads the controllers' pods: ours, and Flux's own CLI reading our pods
    // (the controllers log in controller-runtime's JSON shape), print the same lines.
    let flux_cli = crate::support::ensured("FLUX_CLI", "ensure-flux-cli.sh");
    let theirs = |args: &[&str]| {
        let out = std::process::Command::new(&flux_cli)
            .args(args)
            .arg("--kubeconfig")
            .arg(&kc)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let ours = |args: &[&str]| crate::support::flux_on(&kc, args);
    let args = [
        "logs",
        "--all-namespaces",
        "--kind=GitRepository",
        "--name=apps",
    ];
    let (ok, got, err) = ours(&args);
    assert!(ok, "{err}");
    assert!(
        got.contains(
            "info GitRepository/apps.flux-system - stored artifact for commit 'a config map'"
        ),
        "{got}"
    );
    assert_eq!(theirs(&args), (true, got, String::new()));
    let args = ["logs", "--kind=Kustomization"];
    let (ok, got, err) = ours(&args);
    assert!(
        ok && got.contains("info Kustomization/apps.flux-system - "),
        "{got}{err}"
    );
    assert_eq!(theirs(&args), (true, got, String::new()));
    // flux2's own end-to-end cases of `flux logs` (cmd/flux/logs_e2e_test.go): the same exit
    // status and errors from both CLIs.
    for case in [
        "logs",
        "logs --flux-namespace=default",
        "logs --all-namespaces",
        "logs --since=2m",
        "logs --since=XXX",
        "logs --since-time=2021-08-06T14:26:25.546Z",
        "logs --since-time=XXX",
        "logs --since=2m --since-time=2021-08-06T14:26:25.546Z",
        "logs --level=warn",
        "logs --follow --all-namespaces --timeout=3s",
        "logs --follow --kind=GitRepository --timeout=3s",
    ] {
        let argv: Vec<&str> = case.split(' ').collect();
        let (ok_t, _, err_t) = theirs(&argv);
        let (ok_o, _, err_o) = ours(&argv);
        assert_eq!((ok_o, err_o), (ok_t, err_t), "flux {case}");
    }

    // `flux install` again with another image: every Deployment rolls to it (a new pod
    // Ready before the old one goes), `flux check` passes again and the controllers in the
    // new pods go on reconciling.
    let image = |docs: &[serde_json::Value]| -> String {
        docs.iter()
            .find(|d| d["kind"] == "Deployment")
            .and_then(|d| d["spec"]["template"]["spec"]["containers"][0]["image"].as_str())
            .unwrap_or_default()
            .to_string()
    };
    let old_image = image(&docs);
    let docs = install_docs(&kc, &["--registry=local.test/next"]);
    let new_image = image(&docs);
    assert!(
        new_image.starts_with("local.test/next/") && new_image != old_image,
        "{new_image}"
    );
    node.tag(&old_image, &new_image).unwrap();
    for d in docs.iter().filter(|d| d["kind"] == "Deployment") {
        apply(d.clone()).await;
    }
    let rolled = |d: &Deployment| {
        let generation = d.metadata.generation.unwrap_or(0);
        let image = d
            .spec
            .as_ref()
            .and_then(|s| s.template.spec.as_ref()?.containers[0].image.clone());
        d.status.as_ref().is_some_and(|s| {
            s.observed_generation.unwrap_or(0) >= generation
                && s.replicas == Some(1)
                && s.updated_replicas == Some(1)
                && s.ready_replicas == Some(1)
        }) && image.as_deref() == Some(new_image.as_str())
    };
    let mut waiting = expected.clone();
    for _ in 0..240 {
        waiting.clear();
        for name in &expected {
            if !rolled(&deployments.get(name).await.unwrap()) {
                waiting.push(name.clone());
            }
        }
        if waiting.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    if !waiting.is_empty() {
        panic!(
            "not rolled to {new_image}: {waiting:?}\n{}",
            pod_report(&pods, 15).await
        );
    }
    // The old pods stop on SIGTERM within their grace period.
    let on_old = || async {
        pods.list(&Default::default())
            .await
            .unwrap()
            .items
            .into_iter()
            .filter(|p| {
                p.spec
                    .as_ref()
                    .is_some_and(|s| s.containers[0].image.as_deref() == Some(old_image.as_str()))
            })
            .filter_map(|p| p.metadata.name)
            .collect::<Vec<String>>()
    };
    let mut left = on_old().await;
    for _ in 0..60 {
        if left.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        left = on_old().await;
    }
    assert!(
        left.is_empty(),
        "pods of the old image left after 30 s: {left:?}"
    );
    let (ok, out, err) = crate::support::flux_on(&kc, &["check", "--timeout=1m"]);
    assert!(ok && err.contains("all checks passed"), "{out}{err}");
    repo.commit(
        &[(
            "deploy/configmap.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-git\n  namespace: default\ndata:\n  a: after-upgrade\n",
        )],
        "after the upgrade",
    );
    repo.push();
    // The new source-controller advertises artifacts at its own address; a reconcile
    // request makes the pair act on the commit without waiting for the interval.
    let mut changed = false;
    for i in 0..240 {
        if i % 20 == 0 {
            // Only a nudge: the loop below judges by the ConfigMap.
            let _ = crate::support::flux_on(
                &kc,
                &["reconcile", "source", "git", "apps", "--timeout=30s"],
            );
        }
        let cm = cms.get("from-git").await.unwrap();
        if cm.data.and_then(|d| d.get("a").cloned()).as_deref() == Some("after-upgrade") {
            changed = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    if !changed {
        panic!(
            "the upgraded controllers did not apply the new commit:\n{}",
            pod_report(&pods, 15).await
        );
    }

    // Leader election between two processes in pods, each process 1: a second
    // kustomize-controller (its own Deployment, the same lease) waits as a standby; when the
    // first one's Deployment goes, the first steps down on SIGTERM and the standby takes the
    // lease at once (well before the 35 s expiry).
    let leases: Api<k8s_openapi::api::coordination::v1::Lease> =
        Api::namespaced(client.clone(), "flux-system");
    let lease_name = "kustomize-controller-leader-election";
    let holder = || async {
        leases
            .get(lease_name)
            .await
            .unwrap()
            .spec
            .and_then(|s| s.holder_identity)
            .unwrap_or_default()
    };
    // `<hostname>_<uuid>`, the hostname being the pod's name.
    let is_identity = |id: &str| {
        id.rsplit_once('_').is_some_and(|(host, uuid)| {
            host.starts_with("kustomize-controller-") && uuid.len() == 36
        })
    };
    let first_holder = holder().await;
    assert!(is_identity(&first_holder), "{first_holder}");
    let mut standby = docs
        .iter()
        .find(|d| d["kind"] == "Deployment" && d["metadata"]["name"] == "kustomize-controller")
        .unwrap()
        .clone();
    standby["metadata"]["name"] = json!("kustomize-controller-standby");
    standby["spec"]["selector"]["matchLabels"]["app"] = json!("kustomize-controller-standby");
    standby["spec"]["template"]["metadata"]["labels"]["app"] =
        json!("kustomize-controller-standby");
    apply(standby).await;
    let standby_pod = || async {
        pods.list(&kube::api::ListParams::default().labels("app=kustomize-controller-standby"))
            .await
            .unwrap()
            .items
            .into_iter()
            .find(|p| p.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Running"))
            .and_then(|p| p.metadata.name)
    };
    let mut standby_name = None;
    for _ in 0..120 {
        standby_name = standby_pod().await;
        if standby_name.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    let standby_name = match standby_name {
        Some(name) => name,
        None => panic!("the standby never ran\n{}", pod_report(&pods, 10).await),
    };
    let standby_log = || async {
        pods.logs(&standby_name, &Default::default())
            .await
            .unwrap_or_default()
    };
    // Its first try at the lease is made as it starts; give it a few seconds.
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    let log = standby_log().await;
    assert!(
        log.contains("starting") && !log.contains("successfully acquired lease"),
        "the standby took a held lease:\n{log}"
    );
    assert_eq!(holder().await, first_holder);
    deployments
        .delete("kustomize-controller", &Default::default())
        .await
        .unwrap();
    let mut taken = String::new();
    for _ in 0..40 {
        taken = holder().await;
        if !taken.is_empty() && taken != first_holder {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    assert!(
        is_identity(&taken) && taken != first_holder,
        "the lease was not handed over within 20 s: {taken}"
    );
    assert!(
        standby_log().await.contains("successfully acquired lease"),
        "{}",
        standby_log().await
    );

    // `flux uninstall` returns only once the controllers' pods are gone (beyond Flux, whose
    // uninstall leaves them stopping while it removes finalizers and CRDs). Our controllers
    // stop within milliseconds, so their pods may be gone before the uninstall first looks;
    // a finalizer holds one of them until the test has seen the uninstall wait for it.
    let hold = "test.flux-rs.dev/hold";
    let held = pods
        .list(&kube::api::ListParams::default().labels("app=helm-controller"))
        .await
        .unwrap()
        .items
        .into_iter()
        .next()
        .and_then(|p| p.metadata.name)
        .expect("a helm-controller pod");
    let finalizers =
        |list: Vec<&str>| kube::api::Patch::Merge(json!({"metadata": {"finalizers": list}}));
    pods.patch(&held, &Default::default(), &finalizers(vec![hold]))
        .await
        .unwrap();
    let kc_bg = kc.clone();
    let uninstall = tokio::task::spawn_blocking(move || {
        crate::support::flux_on(&kc_bg, &["uninstall", "--silent"])
    });
    let mut terminating = false;
    for _ in 0..120 {
        let p = pods.get(&held).await.unwrap();
        if p.metadata.deletion_timestamp.is_some() {
            terminating = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert!(terminating, "the uninstall did not delete the controllers");
    // The pod is terminating, and the finalizer keeps its object. The uninstall must still
    // be waiting for it.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    assert!(
        !uninstall.is_finished(),
        "the uninstall went on while a controller pod was left"
    );
    pods.patch(&held, &Default::default(), &finalizers(vec![]))
        .await
        .unwrap();
    let (ok, out, err) = uninstall.await.unwrap();
    assert!(ok, "{out}{err}");
    assert!(
        err.contains("controller pod(s) to terminate")
            && err.contains("✔ controller pods terminated"),
        "{err}"
    );
    let left: Vec<String> = pods
        .list(&Default::default())
        .await
        .map(|l| {
            l.items
                .into_iter()
                .filter_map(|p| p.metadata.name)
                .collect()
        })
        .unwrap_or_default();
    assert!(left.is_empty(), "pods left after uninstall: {left:?}");
}

/// The objects `flux install --export <args>` renders.
fn install_docs(kc: &std::path::Path, args: &[&str]) -> Vec<serde_json::Value> {
    let mut argv = vec!["install", "--export"];
    argv.extend_from_slice(args);
    let (ok, out, err) = crate::support::flux_on(kc, &argv);
    assert!(ok, "{err}");
    flux::kustomize::yaml::parse_stream(&out)
        .unwrap()
        .into_iter()
        .filter(|d| d.is_object())
        .collect()
}

/// Each pod's phase, container statuses and last `lines` log lines, for a failure message.
async fn pod_report(pods: &Api<Pod>, lines: usize) -> String {
    let mut report = String::new();
    for p in pods.list(&Default::default()).await.unwrap() {
        let name = p.metadata.name.clone().unwrap_or_default();
        let logs = pods
            .logs(&name, &Default::default())
            .await
            .unwrap_or_else(|e| e.to_string());
        report.push_str(&format!(
            "--- {name}: {:?}\n{}\n",
            p.status.map(|s| (s.phase, s.container_statuses)),
            logs.lines()
                .rev()
                .take(lines)
                .collect::<Vec<_>>()
                .join("\n")
        ));
    }
    report
}

/// A chart whose test hook is a Pod of our image running `flux <args>` (our image is the one
/// on the node that exits): `version --client` succeeds, anything else fails.
const PROBE_CHART: &[(&str, &str)] = &[
    ("Chart.yaml", "apiVersion: v2\nname: probe\nversion: 0.1.0\n"),
    ("values.yaml", "args: [version, --client]\n"),
    (
        "templates/settings.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-settings\ndata:\n  args: {{ join \" \" .Values.args | quote }}\n",
    ),
    (
        "templates/tests/probe.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}-test\n  annotations:\n    helm.sh/hook: test\nspec:\n  restartPolicy: Never\n  terminationGracePeriodSeconds: 0\n  containers:\n    - name: probe\n      image: ghcr.io/flux-rs/flux:v{{ .Values.version | default \"0.1.0\" }}\n      imagePullPolicy: Never\n      args: {{ toJson .Values.args }}\n",
    ),
];

/// Helm tests whose hooks are Pods that really run: the helm-controller waits for the test
/// Pod to finish, a Pod that exits 0 makes TestSuccess true, one that exits non-zero fails
/// the test (`pod probe-test failed`) and, with `ignoreFailures` off, the upgrade is
/// remediated by a rollback.
#[tokio::test]
async fn helm_test_pods_run_on_the_node_and_their_exit_decides_the_test() {
    use crate::support::chart_repo::ChartRepo;
    use flux::api::helm::HelmRelease;
    let _one = NODE.lock().await;
    let node = node_with_our_image().await;
    let client = node.client().await;
    crate::support::ensure_crds(&client).await;
    let ns = crate::support::namespace(&client, "probe").await;
    let repo = ChartRepo::start(None);
    repo.add_files_chart("probe", PROBE_CHART);
    let version = env!("CARGO_PKG_VERSION");
    let _serve = crate::support::serve_on(
        &node.cp.kubeconfig,
        &["source-controller", "helm-controller"],
        &ns,
        &[],
    );
    crate::helm_controller::charts_repository(&client, &ns, &repo).await;
    let hr = |args: serde_json::Value| {
        json!({"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
            "metadata": {"name": "probe"},
            "spec": {"interval": "1h", "timeout": "2m",
                "chart": {"spec": {"chart": "probe", "version": "0.1.0",
                    "sourceRef": {"kind": "HelmRepository", "name": "charts"}}},
                "test": {"enable": true},
                "upgrade": {"remediation": {"retries": 0, "remediateLastFailure": true}},
                "values": {"args": args, "version": version}}})
    };
    let test_success = |hr: &HelmRelease| {
        crate::support::condition(&hr.status.as_ref()?.conditions, "TestSuccess")
    };
    crate::support::apply_in(&client, &ns, hr(json!(["version", "--client"]))).await;
    let got: HelmRelease = crate::support::wait_until(
        &client,
        &ns,
        "probe",
        "installed and tested",
        crate::helm_controller::ready_after(1, "TestSucceeded"),
    )
    .await;
    assert_eq!(
        test_success(&got).unwrap().2,
        format!("Helm test succeeded for release {ns}/probe.v1 with chart probe@0.1.0: 1 test hook completed successfully")
    );
    let pods: Api<Pod> = Api::namespaced(client.clone(), &ns);
    let pod = pods.get("probe-test").await.unwrap();
    assert_eq!(
        pod.status.and_then(|s| s.phase).as_deref(),
        Some("Succeeded")
    );

    // The test Pod exits non-zero: the test fails and the upgrade is rolled back.
    crate::support::apply_in(&client, &ns, hr(json!(["no-such-command"]))).await;
    let got: HelmRelease =
        crate::support::wait_until(&client, &ns, "probe", "remediated", |hr: &HelmRelease| {
            hr.status.as_ref().is_some_and(|s| {
                crate::support::condition(&s.conditions, "Remediated")
                    .is_some_and(|c| c.1 == "RollbackSucceeded")
            })
        })
        .await;
    let (status, reason, message) = test_success(&got).unwrap();
    assert_eq!((status.as_str(), reason.as_str()), ("False", "TestFailed"));
    assert!(message.contains("pod probe-test failed"), "{message}");
}

/// A node with our controller image imported (`scripts/ensure-image.sh`); the caller holds
/// [`NODE`].
async fn node_with_our_image() -> Node {
    let image = crate::support::ensured("FLUX_IMAGE_TAR", "ensure-image.sh");
    match Node::start(&[image]).await {
        Ok(n) => n,
        Err(e) => panic!("the node did not start: {e}"),
    }
}
