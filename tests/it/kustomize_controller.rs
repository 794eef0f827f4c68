//! `flux serve source-controller kustomize-controller` end to end on a real control plane with
//! a real Git server: a Kustomization applies its source's manifests with server-side apply as
//! `kustomize-controller`, records the inventory, prunes what leaves the repository, and applies
//! nothing (and prunes nothing) when the build fails.

use crate::support;

use std::time::Duration;

use crate::support::git_server::{GitServer, ServerAuth};
use flux::api::kustomize::Kustomization;
use k8s_openapi::api::core::v1::{ConfigMap, ServiceAccount};
use kube::api::{Api, Patch, PatchParams};
use serde_json::json;

fn start_controllers(ns: &str) -> support::Serve {
    support::serve(&["source-controller", "kustomize-controller"], ns, &[])
}

/// Starts the controllers for `ns` and creates the GitRepository `repo` tracking `main` of `url`.
async fn serve_repo(client: &kube::Client, ns: &str, url: &str) -> support::Serve {
    let controllers = start_controllers(ns);
    apply(client, ns, json!({
        "apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository", "metadata": {"name": "repo"},
        "spec": {"interval": "1m", "url": url, "ref": {"branch": "main"}}
    }))
    .await;
    controllers
}

async fn apply(client: &kube::Client, ns: &str, obj: serde_json::Value) {
    let mut cluster = flux::cluster::Cluster::new(client.clone());
    let mut obj = obj;
    obj["metadata"]["namespace"] = json!(ns);
    cluster.apply(&obj).await.expect("apply");
}

fn ready(k: &Kustomization) -> Option<(String, String, String)> {
    let c = k
        .status
        .as_ref()?
        .conditions
        .iter()
        .find(|c| c.type_ == "Ready")?;
    Some((c.status.clone(), c.reason.clone(), c.message.clone()))
}

async fn wait_ks(
    client: &kube::Client,
    ns: &str,
    what: &str,
    pred: impl Fn(&Kustomization) -> bool,
) -> Kustomization {
    wait_named(client, ns, "apps", what, pred).await
}

async fn request_reconcile(client: &kube::Client, ns: &str, token: &str) {
    let patch = json!({"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": token}}});
    for (group, kind, plural) in [
        (
            "source.toolkit.fluxcd.io",
            "GitRepository",
            "gitrepositories",
        ),
        (
            "kustomize.toolkit.fluxcd.io",
            "Kustomization",
            "kustomizations",
        ),
    ] {
        let ar = kube::api::ApiResource {
            group: group.into(),
            version: "v1".into(),
            api_version: format!("{group}/v1"),
            kind: kind.into(),
            plural: plural.into(),
        };
        let name = if kind == "GitRepository" {
            "repo"
        } else {
            "apps"
        };
        Api::<kube::api::DynamicObject>::namespaced_with(client.clone(), ns, &ar)
            .patch(name, &PatchParams::default(), &Patch::Merge(&patch))
            .await
            .unwrap();
    }
}

const CONFIGMAP: &str =
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  env: ${cluster_env}\n";
const SERVICE_ACCOUNT: &str = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n";
const DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  replicas: 0\n  selector:\n    matchLabels:\n      app: app\n  template:\n    metadata:\n      labels:\n        app: app\n    spec:\n      serviceAccountName: app\n      containers:\n      - name: app\n        image: nginx:1.27\n";

#[tokio::test]
async fn kustomization_applies_prunes_and_never_applies_a_failed_build() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "ks").await;
    let server = GitServer::start(ServerAuth::default());
    let repo = server.repo("apps", "main");
    repo.commit(
        &[
            ("apps/configmap.yaml", CONFIGMAP),
            ("apps/serviceaccount.yaml", SERVICE_ACCOUNT),
            ("apps/deployment.yaml", DEPLOYMENT),
        ],
        "apps",
    );
    repo.push();
    let _controllers = serve_repo(&client, &ns, &server.url("apps")).await;
    apply(
        &client,
        &ns,
        json!({
            "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
            "metadata": {"name": "apps"},
            "spec": {"interval": "1m", "path": "./apps", "prune": true, "targetNamespace": ns,
                "sourceRef": {"kind": "GitRepository", "name": "repo"},
                "postBuild": {"substitute": {"cluster_env": "test"}}}
        }),
    )
    .await;

    // 1. Applied, with inventory, revision, ownership labels and the field manager.
    let k = wait_ks(&client, &ns, "Ready", |k| {
        ready(k).is_some_and(|(s, _, _)| s == "True")
    })
    .await;
    let (_, reason, message) = ready(&k).unwrap();
    assert_eq!(reason, "ReconciliationSucceeded");
    let st = k.status.clone().unwrap();
    let rev = st.last_applied_revision.clone().unwrap();
    assert!(rev.starts_with("main@sha1:"), "{rev}");
    assert_eq!(message, format!("Applied revision: {rev}"));
    let mut ids: Vec<String> = st
        .inventory
        .unwrap()
        .entries
        .into_iter()
        .map(|e| format!("{} {}", e.id, e.v))
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        vec![
            format!("{ns}_app__ServiceAccount v1"),
            format!("{ns}_app_apps_Deployment v1"),
            format!("{ns}_settings__ConfigMap v1")
        ]
    );
    let cm = Api::<ConfigMap>::namespaced(client.clone(), &ns)
        .get("settings")
        .await
        .unwrap();
    assert_eq!(cm.data.unwrap()["env"], "test");
    let labels = cm.metadata.labels.unwrap();
    assert_eq!(labels["kustomize.toolkit.fluxcd.io/name"], "apps");
    assert_eq!(labels["kustomize.toolkit.fluxcd.io/namespace"], ns);
    let managers: Vec<String> = cm
        .metadata
        .managed_fields
        .unwrap()
        .into_iter()
        .filter_map(|m| m.manager)
        .collect();
    assert!(
        managers.iter().any(|m| m == "kustomize-controller"),
        "{managers:?}"
    );

    // The generic verbs work on Kustomizations: get (table) and reconcile (waits for the run).
    let (ok, out, err) = support::flux(&["get", "ks", "-n", &ns]);
    assert!(ok, "{err}");
    let short = &rev[..rev.find(':').unwrap() + 9];
    assert!(out.starts_with("NAME"), "{out}");
    assert!(
        out.contains("apps")
            && out.contains(short)
            && out.contains("True")
            && out.contains("Applied revision"),
        "{out}"
    );
    let (ok, _, err) = support::flux(&[
        "reconcile",
        "kustomization",
        "apps",
        "-n",
        &ns,
        "--with-source",
    ]);
    assert!(ok, "{err}");
    assert!(
        err.contains("annotating GitRepository repo") && err.contains("fetched revision"),
        "{err}"
    );
    assert!(
        err.contains("annotating Kustomization apps")
            && err.contains(&format!("applied revision {rev}")),
        "{err}"
    );

    let (ok, out, err) = support::flux(&["events", "-n", &ns, "--for", "Kustomization/apps"]);
    assert!(ok, "{err}");
    assert!(out.starts_with("LAST SEEN"), "{out}");
    assert!(
        out.contains("ReconciliationSucceeded") && out.contains("Kustomization/apps"),
        "{out}"
    );
    let (ok, out, _) = support::flux(&["events", "-n", &ns]);
    assert!(
        ok && out.contains("GitRepository/repo") && out.contains("Kustomization/apps"),
        "{out}"
    );
    // --types: only Warning events, only Normal ones, or an unknown type refused.
    let (ok, out, _) = support::flux(&["events", "-n", &ns, "--types", "warning"]);
    assert!(ok && !out.contains("ReconciliationSucceeded"), "{out}");
    let (ok, out, _) = support::flux(&["events", "-n", &ns, "--types", "Normal"]);
    assert!(
        ok && out.contains("ReconciliationSucceeded") && !out.contains("Warning"),
        "{out}"
    );
    let (ok, _, err) = support::flux(&["events", "-n", &ns, "--types", "Info"]);
    assert!(
        !ok && err.contains("type 'Info' not supported. Supported types are Normal, Warning"),
        "{err}"
    );

    let (ok, out, err) = support::flux(&["tree", "ks", "apps", "-n", &ns]);
    assert!(ok, "{err}");
    assert_eq!(
        out,
        format!("Kustomization/{ns}/apps\n├── ServiceAccount/{ns}/app\n├── Deployment/{ns}/app\n└── ConfigMap/{ns}/settings\n\n")
    );
    let (ok, out, _) = support::flux(&["tree", "ks", "apps", "-n", &ns, "--compact"]);
    assert!(ok);
    assert_eq!(out, format!("Kustomization/{ns}/apps\n\n"));

    // `flux create ks` applies and waits; when the apply fails (the target namespace does not
    // exist) the command reports the controller's reason.
    let (ok, _, err) = support::flux(&[
        "create",
        "ks",
        "elsewhere",
        "-n",
        &ns,
        "--source=repo",
        "--path=./apps",
        "--prune=true",
        "--target-namespace=no-such-namespace-here",
        "--timeout=30s",
    ]);
    assert!(!ok, "{err}");
    assert!(
        err.contains("Kustomization reconciliation failed")
            && err.contains("no-such-namespace-here"),
        "{err}"
    );

    // 2. A broken build applies nothing and prunes nothing.
    repo.commit(
        &[(
            "apps/configmap.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [broken\n",
        )],
        "broken",
    );
    repo.git(&["rm", "-q", "apps/serviceaccount.yaml"]);
    repo.commit(&[], "drop the service account");
    repo.push();
    request_reconcile(&client, &ns, "1").await;
    let k = wait_ks(&client, &ns, "BuildFailed", |k| {
        ready(k).is_some_and(|(s, r, _)| s == "False" && r == "BuildFailed")
    })
    .await;
    let (_, _, message) = ready(&k).unwrap();
    assert!(message.contains("configmap.yaml"), "{message}");
    // Named relative to the artifact, without the random work directory (which made every
    // retry's message, and Event, a new one).
    assert!(
        !message.contains("/tmp") && !message.contains(".tmp") && !message.contains("flux-serve-"),
        "{message}"
    );
    Api::<ServiceAccount>::namespaced(client.clone(), &ns)
        .get("app")
        .await
        .expect("nothing pruned after a failed build");

    // 2b. A "billion laughs" alias bomb (under 600 bytes) once took the whole process down
    // (and again at each restart): now the build fails with go-yaml's message, naming the
    // file, nothing is pruned, and the same controller goes on to step 3.
    let mut bomb = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: {{}}\na: &a [{}]\n",
        ["\"lol\""; 9].join(",")
    );
    for (prev, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
        bomb.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 9].join(",")
        ));
    }
    repo.commit(&[("apps/configmap.yaml", bomb.as_str())], "alias bomb");
    repo.push();
    request_reconcile(&client, &ns, "1b").await;
    let k = wait_ks(&client, &ns, "BuildFailed on the alias bomb", |k| {
        ready(k).is_some_and(|(s, r, m)| {
            s == "False" && r == "BuildFailed" && m.contains("excessive aliasing")
        })
    })
    .await;
    let (_, _, message) = ready(&k).unwrap();
    assert!(message.contains("configmap.yaml"), "{message}");
    Api::<ServiceAccount>::namespaced(client.clone(), &ns)
        .get("app")
        .await
        .expect("nothing pruned after the alias bomb");

    // 3. Fixed: the ServiceAccount left the repository and is pruned; the rest is unchanged.
    repo.commit(&[("apps/configmap.yaml", CONFIGMAP)], "fixed");
    repo.push();
    request_reconcile(&client, &ns, "2").await;
    let k = wait_ks(&client, &ns, "pruned inventory", |k| {
        ready(k).is_some_and(|(s, _, _)| s == "True")
            && k.status
                .as_ref()
                .and_then(|s| s.inventory.as_ref())
                .is_some_and(|i| i.entries.len() == 2)
    })
    .await;
    assert_ne!(k.status.unwrap().last_applied_revision.unwrap(), rev);
    let gone = Api::<ServiceAccount>::namespaced(client.clone(), &ns)
        .get("app")
        .await;
    assert!(
        matches!(gone, Err(kube::Error::Api(ref s)) if s.code == 404),
        "{gone:?}"
    );
}

async fn wait_named(
    client: &kube::Client,
    ns: &str,
    name: &str,
    what: &str,
    pred: impl Fn(&Kustomization) -> bool,
) -> Kustomization {
    let api = Api::<Kustomization>::namespaced(client.clone(), ns);
    let mut last = None;
    for _ in 0..600 {
        if let Ok(k) = api.get(name).await {
            if pred(&k) {
                return k;
            }
            last = Some(k);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "timed out waiting for {name} {what}: {:?}",
        last.and_then(|k| k.status)
    );
}

/// dependsOn: a Kustomization waits (DependencyNotReady) until its dependency is Ready at the
/// same revision; a dependency cycle stalls with the cycle spelled out.
#[tokio::test]
async fn depends_on_orders_kustomizations_and_reports_cycles() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "deps").await;
    let server = GitServer::start(ServerAuth::default());
    let repo = server.repo("deps", "main");
    repo.commit(
        &[
            ("base/sa.yaml", SERVICE_ACCOUNT),
            (
                "app/cm.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n",
            ),
        ],
        "init",
    );
    repo.push();
    let _controllers = serve_repo(&client, &ns, &server.url("deps")).await;
    let ks = |name: &str, path: &str, deps: serde_json::Value| {
        json!({
            "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization", "metadata": {"name": name},
            "spec": {"interval": "1m", "path": path, "prune": true, "targetNamespace": ns,
                "sourceRef": {"kind": "GitRepository", "name": "repo"}, "dependsOn": deps}
        })
    };
    apply(&client, &ns, ks("app", "./app", json!([{"name": "base"}]))).await;
    let not_ready = |k: &Kustomization| {
        ready(k).is_some_and(|(s, r, m)| {
            s == "False" && r == "DependencyNotReady" && m.contains(&format!("'{ns}/base'"))
        })
    };
    wait_named(&client, &ns, "app", "DependencyNotReady", not_ready).await;
    apply(&client, &ns, ks("base", "./base", json!([]))).await;
    let is_ready = |k: &Kustomization| ready(k).is_some_and(|(s, _, _)| s == "True");
    wait_named(&client, &ns, "base", "Ready", is_ready).await;
    wait_named(&client, &ns, "app", "Ready after base", is_ready).await;

    // A cycle: x -> y -> x.
    apply(&client, &ns, ks("x", "./app", json!([{"name": "y"}]))).await;
    apply(&client, &ns, ks("y", "./app", json!([{"name": "x"}]))).await;
    let k = wait_named(&client, &ns, "x", "Stalled", |k| {
        k.status.as_ref().is_some_and(|s| {
            s.conditions
                .iter()
                .any(|c| c.type_ == "Stalled" && c.status == "True")
        })
    })
    .await;
    let (_, _, message) = ready(&k).unwrap();
    assert_eq!(
        message,
        format!("dependency cycle: {ns}/x -> {ns}/y -> {ns}/x")
    );

    // Broken by y dropping its dependsOn: x is looked at again as soon as y changes (not at
    // its interval of a minute), and becomes Ready.
    let broken = std::time::Instant::now();
    apply(&client, &ns, ks("y", "./app", json!([]))).await;
    wait_named(&client, &ns, "y", "Ready", is_ready).await;
    wait_named(
        &client,
        &ns,
        "x",
        "Ready once the cycle is broken",
        is_ready,
    )
    .await;
    assert!(
        broken.elapsed() < Duration::from_secs(30),
        "x became Ready {:?} after the cycle was broken",
        broken.elapsed()
    );
}

/// Health: with `wait: true` a Deployment scaled to 0 becomes healthy once
/// kube-controller-manager observes it; a health check on an object that never appears fails
/// with Flux's timeout message after `spec.timeout`.
#[tokio::test]
async fn health_checks_wait_for_workloads_and_time_out_with_the_pending_objects() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "health").await;
    let server = GitServer::start(ServerAuth::default());
    let repo = server.repo("health", "main");
    repo.commit(
        &[
            ("apps/deployment.yaml", DEPLOYMENT),
            ("apps/sa.yaml", SERVICE_ACCOUNT),
        ],
        "init",
    );
    repo.push();
    let _controllers = serve_repo(&client, &ns, &server.url("health")).await;
    apply(&client, &ns, json!({
        "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization", "metadata": {"name": "waits"},
        "spec": {"interval": "1m", "timeout": "1m", "path": "./apps", "prune": true, "wait": true, "targetNamespace": ns,
            "sourceRef": {"kind": "GitRepository", "name": "repo"}}
    })).await;
    let k = wait_named(&client, &ns, "waits", "Ready", |k| {
        ready(k).is_some_and(|(s, _, _)| s == "True")
    })
    .await;
    let healthy = k
        .status
        .unwrap()
        .conditions
        .into_iter()
        .find(|c| c.type_ == "Healthy")
        .expect("Healthy condition");
    assert_eq!(
        (healthy.status.as_str(), healthy.message.as_str()),
        ("True", "Health check passed")
    );

    apply(&client, &ns, json!({
        "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization", "metadata": {"name": "missing"},
        "spec": {"interval": "1m", "timeout": "3s", "path": "./apps", "prune": false, "targetNamespace": ns,
            "sourceRef": {"kind": "GitRepository", "name": "repo"},
            "healthChecks": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "never-there", "namespace": ns}]}
    })).await;
    let k = wait_named(&client, &ns, "missing", "HealthCheckFailed", |k| {
        ready(k).is_some_and(|(s, r, _)| s == "False" && r == "HealthCheckFailed")
    })
    .await;
    let (_, _, message) = ready(&k).unwrap();
    assert!(
        message.starts_with("health check failed after "),
        "{message}"
    );
    assert!(
        message.contains(&format!(
            "timeout waiting for: [Deployment/{ns}/never-there status: 'NotFound']"
        )),
        "{message}"
    );
    // The objects were applied all the same, and the inventory says so.
    assert_eq!(k.status.unwrap().inventory.unwrap().entries.len(), 2);
}

/// Per-object apply modes: `ssa: IfNotPresent` never overwrites, `ssa: Ignore` is never
/// applied, `prune: disabled` survives pruning, and an immutable-field change is applied by
/// recreating the object only when `force: Enabled`.
#[tokio::test]
async fn apply_modes_prune_protection_and_forced_recreation() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "modes").await;
    let server = GitServer::start(ServerAuth::default());
    let repo = server.repo("modes", "main");
    let cm = |name: &str, ann: &str, value: &str| {
        format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  annotations:\n    {ann}\ndata:\n  value: {value}\n")
    };
    let job = |image: &str, force: bool| {
        let ann = if force {
            "  annotations:\n    kustomize.toolkit.fluxcd.io/force: Enabled\n"
        } else {
            ""
        };
        format!("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n{ann}spec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: m\n        image: {image}\n")
    };
    repo.commit(
        &[
            (
                "apps/once.yaml",
                cm(
                    "once",
                    "kustomize.toolkit.fluxcd.io/ssa: IfNotPresent",
                    "first",
                )
                .as_str(),
            ),
            (
                "apps/ignored.yaml",
                cm("ignored", "kustomize.toolkit.fluxcd.io/ssa: Ignore", "x").as_str(),
            ),
            (
                "apps/kept.yaml",
                cm("kept", "kustomize.toolkit.fluxcd.io/prune: disabled", "x").as_str(),
            ),
            ("apps/job.yaml", job("busybox:1.36", false).as_str()),
        ],
        "init",
    );
    repo.push();
    let _controllers = serve_repo(&client, &ns, &server.url("modes")).await;
    apply(&client, &ns, json!({
        "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization", "metadata": {"name": "apps"},
        "spec": {"interval": "1m", "path": "./apps", "prune": true, "targetNamespace": ns,
            "sourceRef": {"kind": "GitRepository", "name": "repo"}}
    })).await;
    let is_ready = |k: &Kustomization| ready(k).is_some_and(|(s, _, _)| s == "True");
    let first = wait_ks(&client, &ns, "Ready", is_ready)
        .await
        .status
        .unwrap()
        .last_applied_revision
        .unwrap();
    let cms = Api::<ConfigMap>::namespaced(client.clone(), &ns);
    assert!(
        cms.get("ignored").await.is_err(),
        "ssa: Ignore must not be applied"
    );
    assert_eq!(
        cms.get("once").await.unwrap().data.unwrap()["value"],
        "first"
    );

    // Change the IfNotPresent value, drop the protected object, change the Job's image
    // (immutable) without force: the run fails and names the Job.
    repo.commit(
        &[
            (
                "apps/once.yaml",
                cm(
                    "once",
                    "kustomize.toolkit.fluxcd.io/ssa: IfNotPresent",
                    "second",
                )
                .as_str(),
            ),
            ("apps/job.yaml", job("busybox:1.37", false).as_str()),
        ],
        "change",
    );
    repo.git(&["rm", "-q", "apps/kept.yaml"]);
    repo.commit(&[], "drop kept");
    repo.push();
    request_reconcile(&client, &ns, "a").await;
    let k = wait_ks(&client, &ns, "immutable failure", |k| {
        ready(k)
            .is_some_and(|(s, _, m)| s == "False" && m.contains("Job/") && m.contains("migrate"))
    })
    .await;
    assert_eq!(k.status.unwrap().last_applied_revision.unwrap(), first);

    // With force: Enabled the Job is recreated and the run succeeds.
    repo.commit(
        &[("apps/job.yaml", job("busybox:1.37", true).as_str())],
        "force",
    );
    repo.push();
    request_reconcile(&client, &ns, "b").await;
    wait_ks(&client, &ns, "Ready after force", |k| {
        is_ready(k)
            && k.status
                .as_ref()
                .and_then(|s| s.last_applied_revision.as_ref())
                != Some(&first)
    })
    .await;
    let job = Api::<k8s_openapi::api::batch::v1::Job>::namespaced(client.clone(), &ns)
        .get("migrate")
        .await
        .unwrap();
    let image = job.spec.unwrap().template.spec.unwrap().containers[0]
        .image
        .clone()
        .unwrap();
    assert_eq!(image, "busybox:1.37");
    assert_eq!(
        cms.get("once").await.unwrap().data.unwrap()["value"],
        "first",
        "IfNotPresent must not overwrite"
    );
    assert!(
        cms.get("kept").await.is_ok(),
        "prune: disabled must survive pruning"
    );
}

/// Tenancy: with `serviceAccountName` the controller applies as that service account, so RBAC
/// decides; once the account may edit the namespace, the same revision applies.
#[tokio::test]
async fn service_account_impersonation_is_subject_to_rbac() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "tenant").await;
    let server = GitServer::start(ServerAuth::default());
    let repo = server.repo("tenant", "main");
    repo.commit(
        &[(
            "apps/cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tenant-config\n",
        )],
        "init",
    );
    repo.push();
    let _controllers = serve_repo(&client, &ns, &server.url("tenant")).await;
    apply(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "deployer"}}),
    )
    .await;
    apply(&client, &ns, json!({
        "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization", "metadata": {"name": "apps"},
        "spec": {"interval": "1m", "retryInterval": "1s", "path": "./apps", "prune": true, "targetNamespace": ns,
            "serviceAccountName": "deployer", "sourceRef": {"kind": "GitRepository", "name": "repo"}}
    })).await;
    let k = wait_ks(&client, &ns, "forbidden", |k| {
        ready(k).is_some_and(|(s, _, m)| s == "False" && m.contains("forbidden"))
    })
    .await;
    let (_, _, message) = ready(&k).unwrap();
    assert!(
        message.contains(&format!("system:serviceaccount:{ns}:deployer")),
        "{message}"
    );
    assert!(Api::<ConfigMap>::namespaced(client.clone(), &ns)
        .get("tenant-config")
        .await
        .is_err());
    apply(&client, &ns, json!({
        "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "deployer-admin"},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "admin"},
        "subjects": [{"kind": "ServiceAccount", "name": "deployer", "namespace": ns}]
    })).await;
    wait_ks(&client, &ns, "Ready once allowed", |k| {
        ready(k).is_some_and(|(s, _, _)| s == "True")
    })
    .await;
    assert!(Api::<ConfigMap>::namespaced(client.clone(), &ns)
        .get("tenant-config")
        .await
        .is_ok());
}

/// `kubeConfig.secretRef`: the objects are applied with the kubeconfig from the Secret (here
/// pointing at the same test API server); a Secret without a usable kubeconfig fails without
/// echoing its content.
#[tokio::test]
async fn kubeconfig_secret_ref_targets_the_cluster_it_describes() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "remote").await;
    let server = GitServer::start(ServerAuth::default());
    let repo = server.repo("remote", "main");
    repo.commit(
        &[(
            "apps/cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: remote-config\n",
        )],
        "init",
    );
    repo.push();
    let _controllers = serve_repo(&client, &ns, &server.url("remote")).await;
    let kubeconfig = std::fs::read_to_string(support::kubeconfig()).unwrap();
    apply(&client, &ns, json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "remote-kubeconfig"}, "stringData": {"value": kubeconfig}})).await;
    apply(&client, &ns, json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "bad-kubeconfig"}, "stringData": {"value": "not: [a kubeconfig SECRET-TOKEN-123"}})).await;
    let ks = |name: &str, secret: &str| {
        json!({
            "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization", "metadata": {"name": name},
            "spec": {"interval": "1m", "path": "./apps", "prune": true, "targetNamespace": ns,
                "kubeConfig": {"secretRef": {"name": secret}}, "sourceRef": {"kind": "GitRepository", "name": "repo"}}
        })
    };
    apply(&client, &ns, ks("apps", "remote-kubeconfig")).await;
    wait_ks(&client, &ns, "Ready", |k| {
        ready(k).is_some_and(|(s, _, _)| s == "True")
    })
    .await;
    assert!(Api::<ConfigMap>::namespaced(client.clone(), &ns)
        .get("remote-config")
        .await
        .is_ok());
    apply(&client, &ns, ks("broken", "bad-kubeconfig")).await;
    let k = wait_named(&client, &ns, "broken", "failure", |k| {
        ready(k).is_some_and(|(s, _, _)| s == "False")
    })
    .await;
    let (_, _, message) = ready(&k).unwrap();
    assert!(
        message.contains("bad-kubeconfig") && message.contains("invalid kubeconfig"),
        "{message}"
    );
    assert!(!message.contains("SECRET-TOKEN-123"), "{message}");
}

/// Deleting a Kustomization: `Orphan` leaves its objects, `Delete` removes them even without
/// `prune`, and `WaitForTermination` removes them and waits until they are gone.
#[tokio::test]
async fn deletion_policies_decide_what_happens_to_the_objects() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "delete").await;
    let server = GitServer::start(ServerAuth::default());
    let repo = server.repo("delete", "main");
    for dir in ["orphan", "delete", "wait"] {
        let body = format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {dir}-config\n");
        repo.commit(&[(&format!("{dir}/cm.yaml"), body.as_str())], dir);
    }
    repo.push();
    let _controllers = serve_repo(&client, &ns, &server.url("delete")).await;
    let kapi = Api::<Kustomization>::namespaced(client.clone(), &ns);
    let cms = Api::<ConfigMap>::namespaced(client.clone(), &ns);
    for (name, policy) in [
        ("orphan", "Orphan"),
        ("delete", "Delete"),
        ("wait", "WaitForTermination"),
    ] {
        apply(&client, &ns, json!({
            "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization", "metadata": {"name": name},
            "spec": {"interval": "1m", "path": format!("./{name}"), "prune": name == "orphan", "deletionPolicy": policy,
                "targetNamespace": ns, "sourceRef": {"kind": "GitRepository", "name": "repo"}}
        })).await;
        wait_named(&client, &ns, name, "Ready", |k| {
            ready(k).is_some_and(|(s, _, _)| s == "True")
        })
        .await;
        kapi.delete(name, &Default::default()).await.unwrap();
        for _ in 0..100 {
            if kapi.get(name).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(kapi.get(name).await.is_err(), "{name} still there");
        let kept = cms.get(&format!("{name}-config")).await.is_ok();
        assert_eq!(kept, policy == "Orphan", "{policy}");
    }
}

/// `spec.ignore`: a field excluded by a JSON pointer is not corrected once the object exists.
#[tokio::test]
async fn ignored_fields_keep_their_cluster_values() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "ignore").await;
    let server = GitServer::start(ServerAuth::default());
    let repo = server.repo("ignore", "main");
    repo.commit(&[("apps/deployment.yaml", DEPLOYMENT)], "init");
    repo.push();
    let _controllers = serve_repo(&client, &ns, &server.url("ignore")).await;
    apply(&client, &ns, json!({
        "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization", "metadata": {"name": "apps"},
        "spec": {"interval": "1m", "path": "./apps", "prune": true, "targetNamespace": ns,
            "ignore": [{"paths": ["/spec/replicas"], "target": {"kind": "Deployment"}}],
            "sourceRef": {"kind": "GitRepository", "name": "repo"}}
    })).await;
    wait_ks(&client, &ns, "Ready", |k| {
        ready(k).is_some_and(|(s, _, _)| s == "True")
    })
    .await;
    let deployments =
        Api::<k8s_openapi::api::apps::v1::Deployment>::namespaced(client.clone(), &ns);
    deployments
        .patch("app", &PatchParams::apply("autoscaler").force(), &Patch::Apply(&json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "app"}, "spec": {"replicas": 3}})))
        .await
        .unwrap();
    request_reconcile(&client, &ns, "again").await;
    wait_ks(&client, &ns, "handled", |k| {
        k.status
            .as_ref()
            .and_then(|s| s.last_handled_reconcile_at.as_deref())
            == Some("again")
    })
    .await;
    let d = deployments.get("app").await.unwrap();
    assert_eq!(d.spec.unwrap().replicas, Some(3));
}

/// SOPS: files encrypted by the real sops decrypt in the controller — an age-encrypted Secret
/// manifest, an OpenPGP-encrypted one, a dotenv file and a binary file read by a
/// secretGenerator, and a Secret data entry holding an encrypted file — while an object
/// annotated `decrypt: Disabled` keeps its ciphertext. A key that does not match fails the
/// build (BuildFailed, naming the file), changes nothing and prints no value.
#[tokio::test]
async fn sops_encrypted_sources_decrypt_with_age_and_openpgp_keys() {
    use base64::Engine;
    use k8s_openapi::api::core::v1::Secret;
    let b64 = base64::engine::general_purpose::STANDARD;
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "sops").await;
    let tmp = tempfile::tempdir().unwrap();
    let (age_file, recipient) = support::age_key();
    let home = tmp.path().join("gnupg");
    let (fp, pgp_armored) = support::pgp_key(&home);
    let plain = |name: &str, text: &str| {
        let p = tmp.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let secret = |name: &str, value: &str| {
        format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\nstringData:\n  password: {value}\n")
    };
    let age_args = [
        "--age",
        recipient.as_str(),
        "--encrypted-regex",
        "^(data|stringData)$",
    ];
    let enc = |args: &[&str], p: std::path::PathBuf, pgp: bool| {
        String::from_utf8(support::sops_encrypt(
            args,
            &p,
            pgp.then_some(home.as_path()),
        ))
        .unwrap()
    };
    let age_secret = enc(
        &age_args,
        plain("age.yaml", &secret("age-secret", "s3cr3t-age")),
        false,
    );
    let pgp_secret = enc(
        &[
            "--pgp",
            fp.as_str(),
            "--encrypted-regex",
            "^(data|stringData)$",
        ],
        plain("pgp.yaml", &secret("pgp-secret", "s3cr3t-pgp")),
        true,
    );
    let env_file = enc(
        &["--age", recipient.as_str()],
        plain("app.env", "USER=admin\nPASS=s3cr3t-env\n"),
        false,
    );
    let bin_file = enc(
        &[
            "--age",
            recipient.as_str(),
            "--input-type",
            "binary",
            "--output-type",
            "binary",
        ],
        plain("blob.bin", "binary-s3cr3t\n"),
        false,
    );
    let entry = b64.encode(&env_file);
    let data_secret = |name: &str, disabled: bool| {
        let ann = if disabled {
            "  annotations:\n    kustomize.toolkit.fluxcd.io/decrypt: Disabled\n"
        } else {
            ""
        };
        format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\n{ann}data:\n  conf.env: {entry}\n")
    };
    let kustomization = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- age.yaml\n- pgp.yaml\n- entry.yaml\n- entry-disabled.yaml\nsecretGenerator:\n- name: generated\n  envs:\n  - app.env\n  files:\n  - blob.bin\ngeneratorOptions:\n  disableNameSuffixHash: true\n";
    let server = GitServer::start(ServerAuth::default());
    let repo = server.repo("sops", "main");
    let (entry_yaml, entry_disabled_yaml) = (
        data_secret("entry", false),
        data_secret("entry-disabled", true),
    );
    repo.commit(
        &[
            ("secrets/kustomization.yaml", kustomization),
            ("secrets/age.yaml", &age_secret),
            ("secrets/pgp.yaml", &pgp_secret),
            ("secrets/app.env", &env_file),
            ("secrets/blob.bin", &bin_file),
            ("secrets/entry.yaml", &entry_yaml),
            ("secrets/entry-disabled.yaml", &entry_disabled_yaml),
        ],
        "encrypted",
    );
    repo.push();
    apply(
        &client,
        &ns,
        json!({
            "apiVersion": "v1", "kind": "Secret", "metadata": {"name": "sops-keys"},
            "stringData": {"identity.agekey": age_file, "key.asc": pgp_armored}
        }),
    )
    .await;
    let _controllers = serve_repo(&client, &ns, &server.url("sops")).await;
    apply(&client, &ns, json!({
        "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization", "metadata": {"name": "apps"},
        "spec": {"interval": "1m", "path": "./secrets", "prune": true, "targetNamespace": ns,
            "sourceRef": {"kind": "GitRepository", "name": "repo"},
            "decryption": {"provider": "sops", "secretRef": {"name": "sops-keys"}}}
    }))
    .await;
    let k = wait_ks(&client, &ns, "Ready", |k| {
        ready(k).is_some_and(|(s, r, _)| s == "True" || r == "BuildFailed")
    })
    .await;
    assert_eq!(ready(&k).unwrap().0, "True", "{:?}", ready(&k));

    let secrets = Api::<Secret>::namespaced(client.clone(), &ns);
    let value =
        |s: &Secret, key: &str| String::from_utf8(s.data.as_ref().unwrap()[key].0.clone()).unwrap();
    assert_eq!(
        value(&secrets.get("age-secret").await.unwrap(), "password"),
        "s3cr3t-age"
    );
    assert_eq!(
        value(&secrets.get("pgp-secret").await.unwrap(), "password"),
        "s3cr3t-pgp"
    );
    let generated = secrets.get("generated").await.unwrap();
    assert_eq!(value(&generated, "PASS"), "s3cr3t-env");
    assert_eq!(value(&generated, "USER"), "admin");
    assert_eq!(value(&generated, "blob.bin"), "binary-s3cr3t\n");
    assert_eq!(
        value(&secrets.get("entry").await.unwrap(), "conf.env"),
        "USER=admin\nPASS=s3cr3t-env\n"
    );
    assert_eq!(
        value(&secrets.get("entry-disabled").await.unwrap(), "conf.env"),
        env_file
    );

    // A key that does not match: BuildFailed naming the file; nothing applied or pruned.
    let (wrong, _) = support::age_key();
    apply(
        &client,
        &ns,
        json!({
            "apiVersion": "v1", "kind": "Secret", "metadata": {"name": "wrong-keys"},
            "stringData": {"identity.agekey": wrong}
        }),
    )
    .await;
    let extra = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n";
    let kustomization2 = kustomization.replace("- entry.yaml\n", "- entry.yaml\n- extra.yaml\n");
    repo.commit(
        &[
            ("secrets/extra.yaml", extra),
            ("secrets/kustomization.yaml", &kustomization2),
        ],
        "second",
    );
    repo.push();
    apply(&client, &ns, json!({
        "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization", "metadata": {"name": "apps"},
        "spec": {"interval": "1m", "path": "./secrets", "prune": true, "targetNamespace": ns,
            "sourceRef": {"kind": "GitRepository", "name": "repo"},
            "decryption": {"provider": "sops", "secretRef": {"name": "wrong-keys"}}}
    }))
    .await;
    request_reconcile(&client, &ns, "wrong-key").await;
    let k = wait_ks(&client, &ns, "BuildFailed", |k| {
        ready(k).is_some_and(|(s, r, _)| s == "False" && r == "BuildFailed")
    })
    .await;
    let (_, _, message) = ready(&k).unwrap();
    assert!(message.contains("cannot get sops data key"), "{message}");
    assert!(
        message.contains("error decrypting sources: secrets/blob.bin: "),
        "{message}"
    );
    for v in ["s3cr3t", "AGE-SECRET-KEY"] {
        assert!(!message.contains(v), "{message}");
    }
    assert!(
        secrets.get("pgp-secret").await.is_ok(),
        "pruned after a failed build"
    );
    let cms = Api::<ConfigMap>::namespaced(client.clone(), &ns);
    assert!(
        cms.get("extra").await.is_err(),
        "applied after a failed build"
    );
}

/// Kustomizations that exist before the controller starts are reconciled from the initial
/// list (not only from later watch events).
#[tokio::test]
async fn kustomizations_created_before_the_controller_starts_are_reconciled() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "pre").await;
    let server = GitServer::start(ServerAuth::default());
    let repo = server.repo("pre", "main");
    repo.commit(&[("app/sa.yaml", SERVICE_ACCOUNT)], "init");
    repo.push();
    apply(&client, &ns, json!({
        "apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository", "metadata": {"name": "repo"},
        "spec": {"interval": "1m", "url": server.url("pre"), "ref": {"branch": "main"}}
    }))
    .await;
    apply(&client, &ns, json!({
        "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization", "metadata": {"name": "apps"},
        "spec": {"interval": "1h", "path": "./app", "prune": true, "targetNamespace": ns,
            "sourceRef": {"kind": "GitRepository", "name": "repo"}}
    }))
    .await;
    let source = support::serve(&["source-controller"], &ns, &[]);
    // The source is ready before the kustomize-controller starts: nothing else will trigger
    // the Kustomization than its own watch events.
    let repos = Api::<flux::api::source::GitRepository>::namespaced(client.clone(), &ns);
    for _ in 0..300 {
        let artifact = repos
            .get("repo")
            .await
            .ok()
            .and_then(|r| r.status)
            .and_then(|s| s.artifact);
        if artifact.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let kc = support::serve(&["kustomize-controller"], &ns, &[]);
    let k = wait_ks(&client, &ns, "Ready", |k| {
        ready(k).is_some_and(|(s, _, _)| s == "True")
    })
    .await;
    assert!(k.status.unwrap().last_applied_revision.is_some());
    drop((source, kc));
}

/// The Kustomization CLI around a reconciled Kustomization: `flux diff ks` (exit 0 without
/// changes; 1 with the drifted fields, new and pruned objects; 2 on error), `flux trace`, and
/// `flux get ks --show-source`; the controller records `status.history`.
#[tokio::test]
async fn diff_trace_show_source_and_history() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "diff").await;
    let server = GitServer::start(ServerAuth::default());
    let repo = server.repo("diff", "main");
    repo.commit(
        &[
            ("apps/configmap.yaml", CONFIGMAP),
            ("apps/serviceaccount.yaml", SERVICE_ACCOUNT),
        ],
        "apps",
    );
    repo.push();
    let _controllers = serve_repo(&client, &ns, &server.url("diff")).await;
    // The source has its artifact first: a Kustomization created while the source's status
    // lands may be run once by its own creation and once more by the new artifact (both on
    // the same revision), and this test counts runs.
    support::wait_until::<flux::api::source::GitRepository>(
        &client,
        &ns,
        "repo",
        "artifact",
        |g| g.status.as_ref().is_some_and(|s| s.artifact.is_some()),
    )
    .await;
    apply(&client, &ns, json!({
        "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization", "metadata": {"name": "apps"},
        "spec": {"interval": "1m", "path": "./apps", "prune": true, "targetNamespace": ns,
            "sourceRef": {"kind": "GitRepository", "name": "repo"},
            "postBuild": {"substitute": {"cluster_env": "test"}}}
    }))
    .await;
    let k = wait_ks(&client, &ns, "Ready", |k| {
        ready(k).is_some_and(|(s, _, _)| s == "True")
    })
    .await;
    let st = k.status.unwrap();
    let h = &st.history[0];
    assert_eq!(h.last_reconciled_status, "ReconciliationSucceeded");
    assert!(
        h.digest.starts_with("sha256:") && h.digest.len() == 71,
        "{}",
        h.digest
    );
    assert_eq!(h.total_reconciliations, 1);
    assert_eq!(
        h.metadata.as_ref().unwrap()["revision"],
        st.last_applied_revision.clone().unwrap()
    );

    // diff: the same files → nothing; a changed value, a new object and a removed one → 1.
    let local = tempfile::tempdir().unwrap();
    let dir = local.path().join("apps");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("configmap.yaml"), CONFIGMAP).unwrap();
    std::fs::write(dir.join("serviceaccount.yaml"), SERVICE_ACCOUNT).unwrap();
    let path = dir.to_str().unwrap();
    let (ok, out, err) = support::flux(&["diff", "ks", "apps", "-n", &ns, "--path", path]);
    assert!(ok, "{out}{err}");
    assert_eq!(out, "");
    std::fs::write(
        dir.join("configmap.yaml"),
        CONFIGMAP.replace("${cluster_env}", "prod"),
    )
    .unwrap();
    std::fs::remove_file(dir.join("serviceaccount.yaml")).unwrap();
    std::fs::write(
        dir.join("new.yaml"),
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: new\nstringData:\n  token: do-not-print-me\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_flux"))
        .args(["--kubeconfig", support::kubeconfig().to_str().unwrap()])
        .args(["diff", "ks", "apps", "-n", &ns, "--path", path])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains(&format!("► ConfigMap/{ns}/settings drifted\n")),
        "{stdout}"
    );
    assert!(
        stdout.contains("\ndata.env\n  ± value change\n    - test\n    + prod\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("► Secret/{ns}/new created\n")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("► ServiceAccount/{ns}/app deleted\n")),
        "{stdout}"
    );
    assert!(!stdout.contains("do-not-print-me"), "{stdout}");
    assert!(
        stderr.contains("identified at least one change"),
        "{stderr}"
    );
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_flux"))
        .args(["--kubeconfig", support::kubeconfig().to_str().unwrap()])
        .args(["diff", "ks", "missing", "-n", &ns, "--path", path])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));

    // trace: the ConfigMap comes from Kustomization apps, from GitRepository repo.
    let (ok, out, err) = support::flux(&["trace", "-n", &ns, "configmap", "settings"]);
    assert!(ok, "{err}");
    for line in [
        "Object:          ConfigMap/settings\n",
        &format!("Namespace:       {ns}\n"),
        "Status:          Managed by Flux\n---\n",
        "Kustomization:   apps\n",
        &format!("Target:          {ns}\n"),
        "Path:            ./apps\n",
        "GitRepository:   repo\n",
        "Branch:          main\n",
        "Message:         Applied revision: main@sha1:",
    ] {
        assert!(out.contains(line), "{line:?} in\n{out}");
    }
    let (ok, out2, _) = support::flux(&["trace", "-n", &ns, "cm/settings"]);
    assert!(ok && out2 == out, "{out2}");
    let (ok, _, err) = support::flux(&["trace", "-n", &ns, "namespace", &ns]);
    assert!(!ok && err.contains("object not managed by Flux"), "{err}");

    let (ok, out, err) = support::flux(&["get", "ks", "-n", &ns, "--show-source"]);
    assert!(ok, "{err}");
    let mut lines = out.lines();
    let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(
        header,
        [
            "NAME",
            "SOURCE",
            "REVISION",
            "SUSPENDED",
            "READY",
            "MESSAGE"
        ]
    );
    assert!(lines.next().unwrap().starts_with("apps"), "{out}");
    assert!(out.contains("GitRepository/repo"), "{out}");
}

const WIDGET_CRD: &str = "apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names:
    kind: Widget
    listKind: WidgetList
    plural: widgets
    singular: widget
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            x-kubernetes-preserve-unknown-fields: true
          status:
            type: object
            x-kubernetes-preserve-unknown-fields: true
";

async fn patch_status(
    client: &kube::Client,
    ns: &str,
    ar: &kube::api::ApiResource,
    name: &str,
    status: serde_json::Value,
) {
    let api = Api::<kube::api::DynamicObject>::namespaced_with(client.clone(), ns, ar);
    // Generous: under the full suite's load on two cores the apply can take a while.
    for _ in 0..900 {
        if api.get(name).await.is_ok() {
            api.patch_status(
                name,
                &PatchParams::default(),
                &Patch::Merge(&json!({ "status": status })),
            )
            .await
            .expect("patching status");
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{} {name} never appeared", ar.kind);
}

/// Health: a CRD and its custom resource applied in one build (staged), the resource judged by
/// a `healthCheckExprs` CEL expression; a failed Job fails the check at once instead of waiting
/// for the timeout; `dependsOn[].readyExpr` replaces the readiness check; a suspended
/// Kustomization ignores reconcile requests until resumed.
#[tokio::test]
async fn cel_health_checks_fail_fast_ready_expressions_and_suspend() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "cel").await;
    let server = GitServer::start(ServerAuth::default());
    let repo = server.repo("cel", "main");
    let widget =
        "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 1\n";
    // No node runs its pod: kube-controller-manager's job controller fails it at the deadline.
    let job = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  backoffLimit: 0\n  activeDeadlineSeconds: 3\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: migrate\n        image: busybox:1.36\n";
    repo.commit(
        &[
            ("crd/widget-crd.yaml", WIDGET_CRD),
            ("crd/widget.yaml", widget),
            ("jobs/job.yaml", job),
            ("sa/sa.yaml", SERVICE_ACCOUNT),
        ],
        "init",
    );
    repo.push();
    let _controllers = serve_repo(&client, &ns, &server.url("cel")).await;
    let ks = |name: &str, path: &str, extra: serde_json::Value| {
        let mut spec = json!({"interval": "1h", "path": path, "prune": true, "targetNamespace": ns,
            "sourceRef": {"kind": "GitRepository", "name": "repo"}});
        for (k, v) in extra.as_object().unwrap() {
            spec[k] = v.clone();
        }
        json!({"apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
            "metadata": {"name": name}, "spec": spec})
    };
    apply(
        &client,
        &ns,
        ks(
            "widgets",
            "./crd",
            json!({"wait": true, "timeout": "3m",
        "healthCheckExprs": [{"apiVersion": "example.com/v1", "kind": "Widget",
            "current": "status.phase == 'Ready'", "failed": "status.phase == 'Broken'"}]}),
        ),
    )
    .await;
    let widgets = kube::api::ApiResource {
        group: "example.com".into(),
        version: "v1".into(),
        api_version: "example.com/v1".into(),
        kind: "Widget".into(),
        plural: "widgets".into(),
    };
    // Not healthy until the expression holds.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let k = Api::<Kustomization>::namespaced(client.clone(), &ns)
        .get("widgets")
        .await
        .unwrap();
    assert_ne!(
        ready(&k).map(|r| r.0),
        Some(String::from("True")),
        "{:?}",
        k.status
    );
    patch_status(&client, &ns, &widgets, "w", json!({"phase": "Ready"})).await;
    let k = wait_named(&client, &ns, "widgets", "Ready", |k| {
        ready(k).is_some_and(|(s, _, _)| s == "True")
    })
    .await;
    let healthy = k
        .status
        .unwrap()
        .conditions
        .into_iter()
        .find(|c| c.type_ == "Healthy")
        .unwrap();
    assert_eq!(healthy.status, "True");

    // A failed Job fails the health check long before the 5m timeout, naming the Job.
    apply(
        &client,
        &ns,
        ks("jobs", "./jobs", json!({"wait": true, "timeout": "5m"})),
    )
    .await;
    let started = std::time::Instant::now();
    let k = wait_named(&client, &ns, "jobs", "HealthCheckFailed", |k| {
        ready(k).is_some_and(|(s, r, _)| s == "False" && r == "HealthCheckFailed")
    })
    .await;
    assert!(started.elapsed() < Duration::from_secs(60));
    let (_, _, message) = ready(&k).unwrap();
    assert!(
        message.contains(&format!("Job/{ns}/migrate")) && message.contains("deadline"),
        "{message}"
    );

    // readyExpr: true → applied; false → DependencyNotReady saying so.
    apply(&client, &ns, ks("after", "./sa", json!({"dependsOn": [{"name": "widgets",
        "readyExpr": "dep.status.conditions.exists(c, c.type == 'Healthy' && c.status == 'True') && self.metadata.name == 'after'"}]}))).await;
    wait_named(&client, &ns, "after", "Ready", |k| {
        ready(k).is_some_and(|(s, _, _)| s == "True")
    })
    .await;
    apply(
        &client,
        &ns,
        ks(
            "blocked",
            "./sa",
            json!({"dependsOn": [{"name": "widgets",
        "readyExpr": "dep.metadata.name == 'nope'"}]}),
        ),
    )
    .await;
    wait_named(&client, &ns, "blocked", "DependencyNotReady", |k| {
        ready(k).is_some_and(|(s, r, m)| {
            s == "False" && r == "DependencyNotReady" && m.contains("readyExpr is false")
        })
    })
    .await;

    // Suspended: a reconcile request is not handled until the Kustomization is resumed.
    let (ok, _, err) = support::flux(&["suspend", "ks", "after", "-n", &ns]);
    assert!(ok, "{err}");
    let api = Api::<Kustomization>::namespaced(client.clone(), &ns);
    let patch = json!({"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": "while-suspended"}}});
    api.patch("after", &PatchParams::default(), &Patch::Merge(&patch))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let k = api.get("after").await.unwrap();
    assert_ne!(
        k.status.unwrap().last_handled_reconcile_at.as_deref(),
        Some("while-suspended")
    );
    let (ok, _, err) = support::flux(&["resume", "ks", "after", "-n", &ns]);
    assert!(ok, "{err}");
    // Resuming reconciles again (`flux resume` requests a run with its own token).
    wait_named(&client, &ns, "after", "handled after resume", |k| {
        k.status
            .as_ref()
            .and_then(|s| s.last_handled_reconcile_at.as_deref())
            .is_some_and(|t| t != "while-suspended")
    })
    .await;
}

/// Prune deletes only what the pruning Kustomization still owns: a ConfigMap and a Namespace
/// (with an object inside) moved from `a`'s path to `b`'s path survive, whatever order the two
/// run in; and deleting a Kustomization whose inventory still lists objects another one has
/// taken over leaves them alone.
/// The ids of a Kustomization's recorded inventory.
fn inventory_ids(k: Kustomization) -> Vec<String> {
    k.status
        .and_then(|s| s.inventory)
        .map(|i| i.entries.into_iter().map(|e| e.id).collect())
        .unwrap_or_default()
}

/// A repository with one ConfigMap (`settings`, `a: b`) under `apps/`, the controllers, and
/// the Kustomization `apps` (prune, `interval`) applying it, waited Ready.
async fn one_configmap_kustomization(
    client: &kube::Client,
    ns: &str,
    interval: &str,
) -> (GitServer, support::git_server::WorkTree, support::Serve) {
    let server = GitServer::start(ServerAuth::default());
    let repo = server.repo("apps", "main");
    repo.commit(
        &[(
            "apps/settings.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n",
        )],
        "one",
    );
    repo.push();
    let controllers = serve_repo(client, ns, &server.url("apps")).await;
    apply(client, ns, json!({
        "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization", "metadata": {"name": "apps"},
        "spec": {"interval": interval, "path": "./apps", "prune": true, "targetNamespace": ns,
            "sourceRef": {"kind": "GitRepository", "name": "repo"}}
    }))
    .await;
    wait_ks(client, ns, "Ready", |k| {
        ready(k).is_some_and(|(s, _, _)| s == "True")
    })
    .await;
    (server, repo, controllers)
}

/// Runs that find the objects as they left them skip reading and dry-running them (the
/// applied-object memo); every kind of hand change is still corrected by the next run: an
/// edited value, a removed ownership label (the object leaves the memo's watch), a deletion.
#[tokio::test]
async fn hand_edits_are_corrected_by_the_next_run_after_runs_that_skipped_the_object() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "drift").await;
    let (_server, _repo, _controllers) = one_configmap_kustomization(&client, &ns, "1h").await;
    let cms = Api::<ConfigMap>::namespaced(client.clone(), &ns);
    let run = |token: &'static str| {
        let (client, ns) = (client.clone(), ns.clone());
        async move {
            request_reconcile(&client, &ns, token).await;
            wait_ks(&client, &ns, token, |k| {
                k.status
                    .as_ref()
                    .and_then(|s| s.last_handled_reconcile_at.as_deref())
                    == Some(token)
            })
            .await;
        }
    };
    let value = |cm: Option<ConfigMap>| cm.and_then(|c| c.data).and_then(|d| d.get("a").cloned());
    // Runs with nothing to do (the memo's steady state).
    run("noop-1").await;
    run("noop-2").await;
    assert_eq!(
        value(cms.get_opt("settings").await.unwrap()).as_deref(),
        Some("b")
    );

    let edit = |patch: serde_json::Value| {
        let cms = cms.clone();
        async move {
            cms.patch("settings", &PatchParams::default(), &Patch::Merge(&patch))
                .await
                .unwrap();
            // Give the memo's watch the time to see it (a run racing the watch would leave the
            // drift to the run after).
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    };
    edit(json!({"data": {"a": "hand-edited"}})).await;
    run("after-edit").await;
    assert_eq!(
        value(cms.get_opt("settings").await.unwrap()).as_deref(),
        Some("b")
    );

    edit(json!({"metadata": {"labels": {"kustomize.toolkit.fluxcd.io/name": null}}, "data": {"a": "unlabelled"}})).await;
    run("after-unlabel").await;
    let cm = cms.get_opt("settings").await.unwrap();
    assert_eq!(value(cm.clone()).as_deref(), Some("b"));
    assert_eq!(
        cm.unwrap().metadata.labels.unwrap()["kustomize.toolkit.fluxcd.io/name"],
        "apps"
    );

    cms.delete("settings", &Default::default()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    run("after-delete").await;
    assert_eq!(
        value(cms.get_opt("settings").await.unwrap()).as_deref(),
        Some("b")
    );
}

/// An apply that fails half-way has created some objects already. Flux records the
/// inventory only after a successful apply, so those objects belong to no inventory and stay
/// forever once the repository drops them (the crash campaign found the same leak when the
/// controller is killed between apply and status patch). We record them before applying.
#[tokio::test]
async fn objects_created_by_a_failed_apply_are_pruned_when_the_repository_drops_them() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "halfway").await;
    let (_server, repo, _controllers) = one_configmap_kustomization(&client, &ns, "1m").await;
    let cm = |name: &str| {
        format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  a: b\n")
    };
    let role = format!("{ns}-extra");
    let cluster_role = format!(
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: {role}\nrules: []\n"
    );

    // A commit adds a ClusterRole (the first apply stage), a good ConfigMap and one the API
    // server refuses (an invalid name). As in Flux, the last stage is dry-run whole before
    // any of it is written: the good ConfigMap is not created, the ClusterRole of the stage
    // before is, and the run fails naming the refused object.
    let two = repo.commit(
        &[
            ("apps/role.yaml", cluster_role.as_str()),
            ("apps/extra.yaml", cm("extra").as_str()),
            ("apps/invalid.yaml", cm("Not_Valid").as_str()),
        ],
        "two",
    );
    repo.push();
    request_reconcile(&client, &ns, "two").await;
    let k = wait_ks(&client, &ns, "failed at the second commit", |k| {
        k.status
            .as_ref()
            .and_then(|s| s.last_attempted_revision.clone())
            == Some(format!("main@sha1:{two}"))
            && ready(k).is_some_and(|(s, _, _)| s == "False")
    })
    .await;
    let (_, reason, message) = ready(&k).unwrap();
    assert_eq!(reason, "ReconciliationFailed", "{message}");
    assert!(message.contains("Not_Valid"), "{message}");
    let cms = Api::<ConfigMap>::namespaced(client.clone(), &ns);
    assert!(
        cms.get_opt("extra").await.unwrap().is_none(),
        "an object of the refused stage was applied"
    );
    let roles = Api::<k8s_openapi::api::rbac::v1::ClusterRole>::all(client.clone());
    assert!(roles.get_opt(&role).await.unwrap().is_some());
    let ids = inventory_ids(k);
    assert!(
        ids.contains(&format!("_{role}_rbac.authorization.k8s.io_ClusterRole")),
        "{ids:?}"
    );

    // The repository drops all three: the ClusterRole the failed run created is pruned.
    repo.git(&[
        "rm",
        "-q",
        "apps/role.yaml",
        "apps/extra.yaml",
        "apps/invalid.yaml",
    ]);
    let three = repo.commit(&[], "three");
    repo.push();
    request_reconcile(&client, &ns, "three").await;
    let k = wait_ks(&client, &ns, "Ready at the third commit", |k| {
        k.status
            .as_ref()
            .and_then(|s| s.last_applied_revision.clone())
            == Some(format!("main@sha1:{three}"))
            && ready(k).is_some_and(|(s, _, _)| s == "True")
    })
    .await;
    assert!(
        roles.get_opt(&role).await.unwrap().is_none(),
        "the ClusterRole of the failed run was left behind"
    );
    assert!(cms.get_opt("settings").await.unwrap().is_some());
    let ids = inventory_ids(k);
    assert_eq!(ids, vec![format!("{ns}_settings__ConfigMap")]);
}

#[tokio::test]
async fn prune_never_deletes_what_another_kustomization_took_over() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "moved").await;
    let moved_ns = format!("{ns}-inner");
    let server = GitServer::start(ServerAuth::default());
    let repo = server.repo("moved", "main");
    let anchor = |name: &str| {
        format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: {ns}\n")
    };
    let moved_cm = anchor("moved");
    let namespace = format!("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {moved_ns}\n");
    let inner = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: inner\n  namespace: {moved_ns}\n"
    );
    let files = |dir: &str| {
        vec![
            (format!("{dir}/moved.yaml"), moved_cm.clone()),
            (format!("{dir}/namespace.yaml"), namespace.clone()),
            (format!("{dir}/inner.yaml"), inner.clone()),
        ]
    };
    let commit = |to: &str, from: &str, message: &str| {
        for (path, _) in files(from) {
            if std::path::Path::new(&repo.dir.join(&path)).exists() {
                repo.git(&["rm", "-q", &path]);
            }
        }
        let owned = files(to);
        let refs: Vec<(&str, &str)> = owned
            .iter()
            .map(|(p, b)| (p.as_str(), b.as_str()))
            .collect();
        repo.commit(&refs, message);
        repo.push();
    };
    repo.commit(
        &[
            ("a/anchor.yaml", anchor("a-anchor").as_str()),
            ("b/anchor.yaml", anchor("b-anchor").as_str()),
        ],
        "anchors",
    );
    commit("a", "b", "objects in a");
    let _controllers = serve_repo(&client, &ns, &server.url("moved")).await;
    for name in ["a", "b"] {
        apply(&client, &ns, json!({
            "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization", "metadata": {"name": name},
            "spec": {"interval": "1h", "retryInterval": "2s", "path": format!("./{name}"), "prune": true,
                "sourceRef": {"kind": "GitRepository", "name": "repo"}}
        })).await;
    }
    let kapi = Api::<Kustomization>::namespaced(client.clone(), &ns);
    let git_api = Api::<flux::api::source::GitRepository>::namespaced(client.clone(), &ns);
    let cms = Api::<ConfigMap>::namespaced(client.clone(), &ns);
    let inner_cms = Api::<ConfigMap>::namespaced(client.clone(), &moved_ns);
    let nss = Api::<k8s_openapi::api::core::v1::Namespace>::all(client.clone());
    let applied = |rev: String| {
        move |k: &Kustomization| {
            ready(k).is_some_and(|(s, _, _)| s == "True")
                && k.status
                    .as_ref()
                    .and_then(|s| s.last_applied_revision.clone())
                    == Some(rev.clone())
        }
    };
    let revision = || async {
        for _ in 0..600 {
            let g = git_api.get("repo").await.unwrap();
            if let Some(a) = g.status.and_then(|s| s.artifact) {
                return a.revision;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no artifact");
    };
    let rev1 = revision().await;
    for name in ["a", "b"] {
        wait_named(&client, &ns, name, "Ready at rev1", applied(rev1.clone())).await;
    }
    // (uid of the moved ConfigMap, of the Namespace, of the ConfigMap inside, owner label)
    let state = || async {
        let owner = |l: Option<std::collections::BTreeMap<String, String>>| {
            l.unwrap_or_default()
                .get("kustomize.toolkit.fluxcd.io/name")
                .cloned()
                .unwrap_or_default()
        };
        let cm = cms.get_opt("moved").await.unwrap();
        let n = nss.get_opt(&moved_ns).await.unwrap();
        let i = inner_cms.get_opt("inner").await.unwrap();
        (
            cm.as_ref().and_then(|c| c.metadata.uid.clone()),
            n.as_ref()
                .filter(|n| n.metadata.deletion_timestamp.is_none())
                .and_then(|n| n.metadata.uid.clone()),
            i.as_ref().and_then(|c| c.metadata.uid.clone()),
            [
                owner(cm.and_then(|c| c.metadata.labels)),
                owner(n.and_then(|c| c.metadata.labels)),
                owner(i.and_then(|c| c.metadata.labels)),
            ],
        )
    };
    let set_spec = |name: &'static str, spec: serde_json::Value| {
        let kapi = kapi.clone();
        async move {
            kapi.patch(
                name,
                &PatchParams::default(),
                &Patch::Merge(&json!({"spec": spec})),
            )
            .await
            .unwrap();
        }
    };
    let new_revision = |old: String| {
        let (client, ns, revision) = (client.clone(), ns.clone(), &revision);
        async move {
            request_reconcile_git(&client, &ns).await;
            for _ in 0..600 {
                let rev = revision().await;
                if rev != old {
                    return rev;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            panic!("no new revision after {old}");
        }
    };
    let before = state().await;
    assert!(before.0.is_some() && before.1.is_some() && before.2.is_some());
    assert_eq!(before.3, ["a", "a", "a"].map(String::from));

    // New owner first: b takes the objects over, then a runs and must not prune them.
    set_spec("a", json!({"suspend": true})).await;
    set_spec("b", json!({"suspend": true})).await;
    commit("b", "a", "move to b");
    let rev2 = new_revision(rev1.clone()).await;
    set_spec("b", json!({"suspend": false})).await;
    wait_named(&client, &ns, "b", "Ready at rev2", applied(rev2.clone())).await;
    set_spec("a", json!({"suspend": false})).await;
    wait_named(&client, &ns, "a", "Ready at rev2", applied(rev2.clone())).await;
    let after = state().await;
    assert_eq!(
        (&after.0, &after.1, &after.2),
        (&before.0, &before.1, &before.2),
        "objects taken over by b were deleted"
    );
    assert_eq!(after.3, ["b", "b", "b"].map(String::from));

    // Old owner first (moving back to a): b still owns them and prunes them, as Flux does;
    // a then applies them again. Both end Ready and the objects exist, owned by a.
    set_spec("a", json!({"suspend": true})).await;
    set_spec("b", json!({"suspend": true})).await;
    commit("a", "b", "move back to a");
    let rev3 = new_revision(rev2.clone()).await;
    set_spec("b", json!({"suspend": false})).await;
    wait_named(&client, &ns, "b", "Ready at rev3", applied(rev3.clone())).await;
    set_spec("a", json!({"suspend": false})).await;
    wait_named(&client, &ns, "a", "Ready at rev3", applied(rev3.clone())).await;
    let back = state().await;
    assert!(
        back.0.is_some() && back.1.is_some() && back.2.is_some(),
        "{back:?}"
    );
    assert_eq!(back.3, ["a", "a", "a"].map(String::from));

    // Deletion: b takes the objects over while a's inventory still lists them (a fails on a
    // missing path, so its inventory stays); deleting a (MirrorPrune) leaves them alone.
    set_spec("a", json!({"suspend": true})).await;
    commit("b", "a", "move to b again");
    let rev4 = new_revision(rev3.clone()).await;
    wait_named(&client, &ns, "b", "Ready at rev4", applied(rev4.clone())).await;
    let taken = state().await;
    assert_eq!(taken.3, ["b", "b", "b"].map(String::from));
    set_spec("a", json!({"suspend": false, "path": "./nowhere"})).await;
    let failed = wait_named(&client, &ns, "a", "failing on the path", |k| {
        ready(k).is_some_and(|(s, _, m)| s == "False" && m.contains("nowhere"))
    })
    .await;
    let listed = failed.status.unwrap().inventory.unwrap().entries;
    assert!(
        listed
            .iter()
            .any(|e| e.id == format!("{ns}_moved__ConfigMap")),
        "{listed:?}"
    );
    kapi.delete("a", &Default::default()).await.unwrap();
    for _ in 0..300 {
        if kapi.get_opt("a").await.unwrap().is_none() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(kapi.get_opt("a").await.unwrap().is_none(), "a not deleted");
    let left = state().await;
    assert_eq!(
        (&left.0, &left.1, &left.2),
        (&taken.0, &taken.1, &taken.2),
        "deleting a removed objects b owns"
    );
    assert!(
        cms.get_opt("a-anchor").await.unwrap().is_none(),
        "a's own object is pruned on deletion"
    );
}

async fn request_reconcile_git(client: &kube::Client, ns: &str) {
    let token = format!("{:?}", std::time::SystemTime::now());
    let patch = json!({"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": token}}});
    Api::<flux::api::source::GitRepository>::namespaced(client.clone(), ns)
        .patch("repo", &PatchParams::default(), &Patch::Merge(&patch))
        .await
        .unwrap();
}

/// Serves `files` (name → bytes) on a loopback port over HTTP; returns the base URL.
async fn serve_files(files: std::collections::BTreeMap<String, Vec<u8>>) -> String {
    let files = std::sync::Arc::new(files);
    let app = axum::Router::new().route(
        "/{name}",
        axum::routing::get(
            move |axum::extract::Path(name): axum::extract::Path<String>| {
                let files = files.clone();
                async move {
                    match files.get(&name) {
                        Some(b) => (axum::http::StatusCode::OK, b.clone()),
                        None => (axum::http::StatusCode::NOT_FOUND, Vec::new()),
                    }
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    url
}

/// A tar.gz artifact holding one ConfigMap with `value`: (bytes, `sha256:<hex>`).
fn configmap_artifact(name: &str, value: &str) -> (Vec<u8>, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("cm.yaml"),
        format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  value: {value}\n"
        ),
    )
    .unwrap();
    let out = dir.path().join("a.tar.gz");
    let src = tempfile::tempdir().unwrap();
    std::fs::rename(dir.path().join("cm.yaml"), src.path().join("cm.yaml")).unwrap();
    let (digest, _) = flux::artifact::archive::archive_dir(src.path(), None, &out).unwrap();
    (std::fs::read(&out).unwrap(), digest.to_string())
}

/// Every source kind a Kustomization accepts is watched: a new artifact on an OCIRepository or
/// an ExternalArtifact (their status written here, as their producer would) runs the
/// Kustomizations that use it, with no reconcile request; `flux reconcile ks --with-source`
/// goes through the registry for them too.
#[tokio::test]
async fn kustomizations_follow_new_artifacts_of_every_source_kind() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "anysrc").await;
    let mut files = std::collections::BTreeMap::new();
    let mut artifacts = Vec::new();
    for (i, value) in ["one", "two"].iter().enumerate() {
        for kind in ["oci", "ea"] {
            let (bytes, digest) = configmap_artifact(&format!("from-{kind}"), value);
            let file = format!("{kind}-{i}.tar.gz");
            files.insert(file.clone(), bytes);
            artifacts.push((kind, *value, file, digest));
        }
    }
    let base = serve_files(files).await;
    let _kc = support::serve(&["kustomize-controller"], &ns, &[]);
    let sources = [
        (
            "oci",
            "OCIRepository",
            "ocirepositories",
            json!({"interval": "1h", "url": "oci://registry.example/app"}),
        ),
        ("ea", "ExternalArtifact", "externalartifacts", json!({})),
    ];
    let set_artifact =
        |plural: &'static str, kind: &'static str, name: &'static str, value: &str| {
            let (_, _, file, digest) = artifacts
                .iter()
                .find(|(k, v, _, _)| *k == name && *v == value)
                .unwrap()
                .clone();
            let client = client.clone();
            let ns = ns.clone();
            let url = format!("{base}/{file}");
            let revision = format!("{value}@{digest}");
            async move {
                let ar = kube::api::ApiResource {
                    group: "source.toolkit.fluxcd.io".into(),
                    version: "v1".into(),
                    api_version: "source.toolkit.fluxcd.io/v1".into(),
                    kind: kind.into(),
                    plural: plural.into(),
                };
                let api = Api::<kube::api::DynamicObject>::namespaced_with(client, &ns, &ar);
                let status = json!({"status": {"artifact": {"path": file, "url": url,
                "revision": revision, "digest": digest,
                "lastUpdateTime": "2026-12-03T00:00:00Z"},
                "conditions": [{"type": "Ready", "status": "True", "reason": "Succeeded",
                    "message": "stored", "lastTransitionTime": "2026-12-03T00:00:00Z"}]}});
                api.patch_status(name, &PatchParams::default(), &Patch::Merge(&status))
                    .await
                    .unwrap();
            }
        };
    for (name, kind, plural, spec) in &sources {
        apply(&client, &ns, json!({
            "apiVersion": "source.toolkit.fluxcd.io/v1", "kind": kind, "metadata": {"name": name},
            "spec": spec
        }))
        .await;
        set_artifact(plural, kind, name, "one").await;
        apply(
            &client,
            &ns,
            json!({
                "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
                "metadata": {"name": format!("from-{name}")},
                "spec": {"interval": "1h", "path": "./", "prune": true, "targetNamespace": ns,
                    "sourceRef": {"kind": kind, "name": name}}
            }),
        )
        .await;
    }
    let cms = Api::<ConfigMap>::namespaced(client.clone(), &ns);
    let value_of = |name: String| {
        let cms = cms.clone();
        async move {
            for _ in 0..300 {
                if let Ok(Some(cm)) = cms.get_opt(&name).await {
                    let v = cm.data.unwrap_or_default().get("value").cloned();
                    if v.is_some() {
                        return v;
                    }
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            None
        }
    };
    for (name, _, _, _) in &sources {
        assert_eq!(
            value_of(format!("from-{name}")).await.as_deref(),
            Some("one"),
            "{name}"
        );
    }
    // A new artifact: no reconcile request, the watch alone runs the Kustomization.
    for (name, kind, plural, _) in &sources {
        set_artifact(plural, kind, name, "two").await;
        let want = format!("from-{name}");
        let k = wait_named(&client, &ns, &want, "applied the new artifact", |k| {
            k.status
                .as_ref()
                .and_then(|s| s.last_applied_revision.as_deref())
                .is_some_and(|r| r.starts_with("two@"))
        })
        .await;
        assert!(k.metadata.annotations.unwrap_or_default().is_empty());
        assert_eq!(value_of(want).await.as_deref(), Some("two"), "{name}");
    }
    // --with-source annotates the source whatever its kind (here nothing reconciles
    // ExternalArtifacts, so the wait ends with the timeout, naming the kind).
    let (ok, _, err) = support::flux(&[
        "reconcile",
        "ks",
        "from-ea",
        "-n",
        &ns,
        "--with-source",
        "--timeout=3s",
    ]);
    assert!(!ok);
    assert!(err.contains("annotating ExternalArtifact ea"), "{err}");
    let ea = Api::<flux::api::source::ExternalArtifact>::namespaced(client.clone(), &ns)
        .get("ea")
        .await
        .unwrap();
    assert!(ea
        .metadata
        .annotations
        .unwrap_or_default()
        .contains_key("reconcile.fluxcd.io/requestedAt"));
}

/// Remote bases, as Flux's kustomize-controller: a kustomization naming a Git URL in
/// `resources` is built with the fetched base by default; with `--no-remote-bases` the build
/// fails naming the URL, and nothing is applied.
#[tokio::test]
async fn remote_bases_are_fetched_unless_no_remote_bases() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let server = GitServer::start(ServerAuth::default());
    let bases = server.repo("bases", "main");
    bases.commit(
        &[
            ("app/kustomization.yaml", "resources:\n- cm.yaml\n"),
            (
                "app/cm.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-remote\ndata:\n  k: v\n",
            ),
        ],
        "base",
    );
    bases.push();
    let fleet = server.repo("fleet", "main");
    fleet.commit(
        &[(
            "apps/kustomization.yaml",
            &format!("resources:\n- {}//app?ref=main\n", server.url("bases")),
        )],
        "uses a remote base",
    );
    fleet.push();
    for (flags, allowed) in [(&[][..], true), (&["--no-remote-bases"][..], false)] {
        let ns = support::namespace(&client, "remote").await;
        let _controllers =
            support::serve(&["source-controller", "kustomize-controller"], &ns, flags);
        apply(&client, &ns, json!({
            "apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository", "metadata": {"name": "repo"},
            "spec": {"interval": "1m", "url": server.url("fleet"), "ref": {"branch": "main"}}
        }))
        .await;
        apply(&client, &ns, json!({
            "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization", "metadata": {"name": "apps"},
            "spec": {"interval": "1m", "path": "./apps", "prune": true, "targetNamespace": ns,
                "sourceRef": {"kind": "GitRepository", "name": "repo"}}
        }))
        .await;
        let cms: Api<ConfigMap> = Api::namespaced(client.clone(), &ns);
        if allowed {
            wait_ks(&client, &ns, "Ready with the remote base", |k| {
                ready(k).is_some_and(|(s, _, _)| s == "True")
            })
            .await;
            assert!(cms.get_opt("from-remote").await.unwrap().is_some());
        } else {
            let k = wait_ks(&client, &ns, "BuildFailed", |k| {
                ready(k).is_some_and(|(s, r, _)| s == "False" && r == "BuildFailed")
            })
            .await;
            let (_, _, message) = ready(&k).unwrap();
            assert!(
                message.contains("remote resources are disabled"),
                "{message}"
            );
            assert!(cms.get_opt("from-remote").await.unwrap().is_none());
        }
    }
}

/// A repository with `files` under `apps/`, the controllers started with `flags`, and the
/// Kustomization `apps` (prune, interval 1h) applying it; not waited for.
async fn kustomization_with_flags(
    client: &kube::Client,
    ns: &str,
    files: &[(&str, &str)],
    flags: &[&str],
) -> (GitServer, support::Serve) {
    let server = GitServer::start(ServerAuth::default());
    let repo = server.repo("apps", "main");
    repo.commit(files, "one");
    repo.push();
    let controllers = support::serve(&["source-controller", "kustomize-controller"], ns, flags);
    apply(client, ns, json!({
        "apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository", "metadata": {"name": "repo"},
        "spec": {"interval": "1m", "url": server.url("apps"), "ref": {"branch": "main"}}
    }))
    .await;
    apply(client, ns, json!({
        "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization", "metadata": {"name": "apps"},
        "spec": {"interval": "1h", "path": "./apps", "prune": true, "targetNamespace": ns,
            "sourceRef": {"kind": "GitRepository", "name": "repo"}}
    }))
    .await;
    (server, controllers)
}

/// `--custom-apply-stage-kinds` (Flux's flag) applies the listed kinds in a stage of their
/// own before the rest, and the rest is still validated whole: a refused ConfigMap leaves
/// the other ConfigMap unapplied while the ServiceAccount of the custom stage is created.
#[tokio::test]
async fn custom_apply_stage_kinds_are_applied_in_a_stage_of_their_own() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "stages").await;
    let (_server, _controllers) = kustomization_with_flags(
        &client,
        &ns,
        &[
            (
                "apps/sa.yaml",
                "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: early\n",
            ),
            (
                "apps/late.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: late\ndata:\n  a: b\n",
            ),
            (
                "apps/bad.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\ndata:\n  a: b\n",
            ),
        ],
        &["--custom-apply-stage-kinds=ServiceAccount"],
    )
    .await;
    let k = wait_ks(&client, &ns, "failed", |k| {
        ready(k).is_some_and(|(s, r, _)| s == "False" && r == "ReconciliationFailed")
    })
    .await;
    let (_, _, message) = ready(&k).unwrap();
    assert!(message.contains("Bad_Name"), "{message}");
    let sas = Api::<ServiceAccount>::namespaced(client.clone(), &ns);
    assert!(sas.get_opt("early").await.unwrap().is_some());
    let cms = Api::<ConfigMap>::namespaced(client.clone(), &ns);
    assert!(cms.get_opt("late").await.unwrap().is_none());
}

/// As Flux's kustomize-controller: fields a person added with kubectl (`kubectl edit`,
/// client-side `kubectl apply` with its last-applied annotation) or a tool named by
/// `--override-manager` are taken over and removed by the next apply, since the repository
/// does not have them; fields of any other manager stay.
#[tokio::test]
async fn fields_added_by_kubectl_or_override_managers_are_removed_by_the_next_apply() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "takeover").await;
    let (_server, _controllers) = kustomization_with_flags(
        &client,
        &ns,
        &[(
            "apps/settings.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n",
        )],
        &["--override-manager=my-tool"],
    )
    .await;
    wait_ks(&client, &ns, "Ready", |k| {
        ready(k).is_some_and(|(s, _, _)| s == "True")
    })
    .await;

    let cms = Api::<ConfigMap>::namespaced(client.clone(), &ns);
    let edit_as = |manager: &'static str, patch: serde_json::Value| {
        let cms = cms.clone();
        async move {
            let params = PatchParams {
                field_manager: Some(manager.to_string()),
                ..PatchParams::default()
            };
            cms.patch("settings", &params, &Patch::Merge(&patch))
                .await
                .unwrap();
        }
    };
    edit_as(
        "kubectl-edit",
        json!({"metadata": {"annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}"}},
            "data": {"by-hand": "x"}}),
    )
    .await;
    edit_as("my-tool", json!({"data": {"by-tool": "y"}})).await;
    edit_as("someone-else", json!({"data": {"other": "kept"}})).await;

    request_reconcile(&client, &ns, "takeover").await;
    wait_ks(&client, &ns, "reconciled after the edits", |k| {
        k.status
            .as_ref()
            .and_then(|s| s.last_handled_reconcile_at.as_deref())
            == Some("takeover")
    })
    .await;
    let cm = cms.get("settings").await.unwrap();
    let data = cm.data.clone().unwrap_or_default();
    assert_eq!(
        data.keys().cloned().collect::<Vec<_>>(),
        vec!["a".to_string(), "other".to_string()],
        "{data:?}"
    );
    assert!(!cm
        .metadata
        .annotations
        .unwrap_or_default()
        .contains_key("kubectl.kubernetes.io/last-applied-configuration"));
    let managers: Vec<(String, String)> = cm
        .metadata
        .managed_fields
        .unwrap_or_default()
        .into_iter()
        .map(|e| {
            (
                e.manager.unwrap_or_default(),
                e.operation.unwrap_or_default(),
            )
        })
        .collect();
    assert!(
        !managers
            .iter()
            .any(|(m, _)| m.starts_with("kubectl") || m == "my-tool"),
        "{managers:?}"
    );
    // The clean-up leaves nothing to clean up next time (no write on every run).
    assert!(
        managers
            .iter()
            .filter(|(m, _)| m == "kustomize-controller")
            .all(|(_, op)| op == "Apply"),
        "{managers:?}"
    );
}
