//! Integration tests against the real control plane (etcd + kube-apiserver +
//! kube-controller-manager built from Go modules): CRDs accept every field Flux has and reject
//! bad input; `flux install` / `check` / `uninstall` work end to end.

use crate::support;

use std::time::Duration;

use flux::cluster::Cluster;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, DynamicObject, Patch, PatchParams};
use serde_json::Value;

const FIXTURES: &[&str] = &[
    "gitrepository",
    "ocirepository",
    "bucket",
    "helmrepository",
    "helmchart",
    "externalartifact",
    "kustomization",
    "helmrelease",
    "provider",
    "alert",
    "receiver",
    "receiver-oidc",
    "imagerepository",
    "imagepolicy",
    "imageupdateautomation",
];

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/objects/{name}.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture");
    serde_saphyr::from_str(&text).expect("fixture YAML")
}

use crate::support::ensure_crds;

/// Applies `obj` into `ns`; returns the object the server stored, or the server's message.
async fn apply(client: &kube::Client, ns: &str, obj: &Value) -> Result<Value, String> {
    let mut cluster = Cluster::new(client.clone());
    let mut obj = obj.clone();
    obj["metadata"]["namespace"] = Value::String(ns.into());
    let api: Api<DynamicObject> = cluster.api_for(&obj).await.map_err(|e| e.to_string())?;
    let name = obj["metadata"]["name"].as_str().unwrap().to_string();
    let stored = api
        .patch(
            &name,
            &PatchParams::apply("flux-rs-test").force(),
            &Patch::Apply(&obj),
        )
        .await
        .map_err(|e| flux::cluster::api_message(&e))?;
    Ok(serde_json::to_value(stored).unwrap())
}

/// Every leaf of `want` must be present and equal in `got`; returns the paths that are not.
fn missing_leaves(want: &Value, got: &Value, path: &str, out: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for (k, v) in w {
                match g.get(k) {
                    Some(gv) => missing_leaves(v, gv, &format!("{path}/{k}"), out),
                    None => out.push(format!("{path}/{k}")),
                }
            }
        }
        (Value::Array(w), Value::Array(g)) => {
            if w.len() != g.len() {
                out.push(format!("{path} (length {} != {})", w.len(), g.len()));
                return;
            }
            for (i, (a, b)) in w.iter().zip(g).enumerate() {
                missing_leaves(a, b, &format!("{path}/{i}"), out);
            }
        }
        (w, g) if w == g => {}
        (w, g) => out.push(format!("{path} ({w} != {g})")),
    }
}

/// The clients the controllers and the CLI build speak HTTP/2 to the API server (TLS ALPN), as
/// client-go's do: requests in flight at once share one connection instead of each holding an
/// HTTP/1 connection of its own.
#[tokio::test]
async fn our_clients_speak_http2_to_the_api_server() {
    let kc = kube::config::Kubeconfig::read_from(support::kubeconfig()).expect("kubeconfig");
    let config = kube::Config::from_custom_kubeconfig(kc, &Default::default())
        .await
        .expect("config");
    let client = flux::cluster::client::client_from_config(config, 50.0, 300).expect("client");
    let requests = (0..20).map(|_| {
        let client = client.clone();
        async move {
            let request = http::Request::get("/version")
                .body(kube::client::Body::empty())
                .expect("request");
            client.send(request).await
        }
    });
    for response in futures::future::join_all(requests).await {
        let response = response.expect("GET /version");
        assert!(response.status().is_success(), "{:?}", response.status());
        assert_eq!(response.version(), http::Version::HTTP_2);
    }
}

/// `flux serve` decides its client-side rate limit as Flux's controllers do: none where the
/// API server classifies requests with Priority and Fairness (the shared control plane, as
/// every kube-apiserver by default), `--kube-api-qps`/`--kube-api-burst` where it does not.
#[tokio::test]
async fn client_rate_limiting_is_off_only_where_the_api_server_has_priority_and_fairness() {
    async fn limits(kubeconfig: &std::path::Path) -> (bool, (f32, u32)) {
        let kc = kube::config::Kubeconfig::read_from(kubeconfig).expect("kubeconfig");
        let config = kube::Config::from_custom_kubeconfig(kc, &Default::default())
            .await
            .expect("config");
        let apf = flux::cluster::client::priority_and_fairness(&config)
            .await
            .expect("HEAD /livez/ping");
        let limits = flux::cluster::client::controller_limits(&config, 20.0, 30).await;
        (apf, limits)
    }
    if std::env::var("FLUX_RS_APF").as_deref() != Ok("off") {
        assert_eq!(limits(&support::kubeconfig()).await, (true, (-1.0, 30)));
    }
    let bin = support::binaries().expect("control plane binaries");
    let tmp = tempfile::tempdir().unwrap();
    let cp = tokio::task::spawn_blocking({
        let dir = tmp.path().to_path_buf();
        move || support::ControlPlane::start_apf(&bin, &dir, false).expect("control plane")
    })
    .await
    .unwrap();
    assert_eq!(limits(&cp.kubeconfig).await, (false, (20.0, 30)));
}

#[tokio::test]
async fn every_kind_round_trips_through_the_api_server_without_losing_fields() {
    let client = support::client().await;
    ensure_crds(&client).await;
    let ns = support::namespace(&client, "roundtrip").await;
    for name in FIXTURES {
        let want = fixture(name);
        let stored = apply(&client, &ns, &want)
            .await
            .unwrap_or_else(|e| panic!("{name}: the API server refused a valid object: {e}"));
        let mut missing = vec![];
        missing_leaves(&want["spec"], &stored["spec"], "spec", &mut missing);
        assert!(
            missing.is_empty(),
            "{name}: fields lost or changed: {missing:?}"
        );
    }
}

#[tokio::test]
async fn api_server_applies_flux_defaults() {
    let client = support::client().await;
    ensure_crds(&client).await;
    let ns = support::namespace(&client, "defaults").await;
    let minimal = serde_json::json!({
        "apiVersion": "source.toolkit.fluxcd.io/v1",
        "kind": "GitRepository",
        "metadata": { "name": "minimal" },
        "spec": { "url": "https://example.com/repo", "interval": "1m" },
    });
    let stored = apply(&client, &ns, &minimal)
        .await
        .expect("minimal GitRepository");
    assert_eq!(stored["spec"]["timeout"], "60s");
    let chart = serde_json::json!({
        "apiVersion": "source.toolkit.fluxcd.io/v1",
        "kind": "HelmChart",
        "metadata": { "name": "minimal" },
        "spec": { "chart": "podinfo", "interval": "1m", "sourceRef": { "kind": "HelmRepository", "name": "x" } },
    });
    let stored = apply(&client, &ns, &chart)
        .await
        .expect("minimal HelmChart");
    assert_eq!(stored["spec"]["version"], "*");
    assert_eq!(stored["spec"]["reconcileStrategy"], "ChartVersion");
}

/// (fixture, JSON pointer of an enum field, JSON pointer of a required field)
const BAD_INPUT: &[(&str, &str, &str)] = &[
    ("gitrepository", "/spec/provider", "/spec/url"),
    (
        "ocirepository",
        "/spec/layerSelector/operation",
        "/spec/interval",
    ),
    ("bucket", "/spec/sts/provider", "/spec/bucketName"),
    ("helmrepository", "/spec/type", "/spec/url"),
    ("helmchart", "/spec/sourceRef/kind", "/spec/chart"),
    ("externalartifact", "", "/spec/sourceRef/kind"),
    ("kustomization", "/spec/deletionPolicy", "/spec/prune"),
    ("helmrelease", "/spec/install/crds", "/spec/interval"),
    ("provider", "/spec/type", "/spec/type"),
    ("alert", "/spec/eventSeverity", "/spec/providerRef"),
    ("receiver", "/spec/type", "/spec/resources"),
    ("imagerepository", "/spec/provider", "/spec/image"),
    (
        "imagepolicy",
        "/spec/digestReflectionPolicy",
        "/spec/imageRepositoryRef",
    ),
    (
        "imageupdateautomation",
        "/spec/update/strategy",
        "/spec/interval",
    ),
];

fn remove_pointer(v: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    v.pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .expect("parent object")
        .remove(key)
        .expect("field present");
}

#[tokio::test]
async fn api_server_rejects_wrong_enums_and_missing_required_fields() {
    let client = support::client().await;
    ensure_crds(&client).await;
    let ns = support::namespace(&client, "badinput").await;
    for (name, enum_ptr, required_ptr) in BAD_INPUT {
        if !enum_ptr.is_empty() {
            let mut obj = fixture(name);
            *obj.pointer_mut(enum_ptr).expect("enum field") = Value::String("NotAValue".into());
            obj["metadata"]["name"] = Value::String(format!("{name}-bad-enum"));
            let err = apply(&client, &ns, &obj)
                .await
                .expect_err(&format!("{name}: wrong enum accepted"));
            assert!(
                err.contains("Unsupported value") || err.contains("NotAValue"),
                "{name}: {err}"
            );
        }
        let mut obj = fixture(name);
        remove_pointer(&mut obj, required_ptr);
        obj["metadata"]["name"] = Value::String(format!("{name}-missing"));
        let err = apply(&client, &ns, &obj)
            .await
            .expect_err(&format!("{name}: missing {required_ptr} accepted"));
        assert!(err.contains("Required value"), "{name}: {err}");
    }
}

#[tokio::test]
async fn api_server_enforces_flux_cel_rules() {
    let client = support::client().await;
    ensure_crds(&client).await;
    let ns = support::namespace(&client, "cel").await;
    let mut hr = fixture("helmrelease");
    hr["spec"]["chartRef"] = serde_json::json!({ "kind": "OCIRepository", "name": "podinfo" });
    let err = apply(&client, &ns, &hr)
        .await
        .expect_err("chart and chartRef both accepted");
    assert!(
        err.contains("either chart or chartRef must be set"),
        "{err}"
    );
    let mut rcv = fixture("receiver");
    rcv["spec"].as_object_mut().unwrap().remove("secretRef");
    let err = apply(&client, &ns, &rcv)
        .await
        .expect_err("github receiver without secretRef accepted");
    assert!(
        err.contains("secretRef is required when type is not generic-oidc"),
        "{err}"
    );
    let mut prov = fixture("provider");
    prov["spec"]["type"] = Value::String("slack".into());
    let err = apply(&client, &ns, &prov)
        .await
        .expect_err("commitStatusExpr on slack accepted");
    assert!(
        err.contains("spec.commitStatusExpr is only supported"),
        "{err}"
    );
    let mut pol = fixture("imagepolicy");
    pol["spec"]["digestReflectionPolicy"] = Value::String("Never".into());
    let err = apply(&client, &ns, &pol)
        .await
        .expect_err("interval without Always accepted");
    assert!(err.contains("spec.interval is only accepted"), "{err}");
    // Rules new with Flux 2.9: kubeConfig exactly one of its references, Git
    // serviceAccountName only for azure/aws, chart verification only from HelmRepository,
    // and a Receiver condition with an invalid status value.
    let mut ks = fixture("kustomization");
    ks["spec"]["kubeConfig"] =
        serde_json::json!({"secretRef": {"name": "a"}, "configMapRef": {"name": "b"}});
    refused(
        &client,
        &ns,
        &ks,
        "exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef",
    )
    .await;
    let mut git = fixture("gitrepository");
    git["spec"]["provider"] = Value::String("github".into());
    git["spec"]["serviceAccountName"] = Value::String("sa".into());
    refused(
        &client,
        &ns,
        &git,
        "serviceAccountName can only be set when provider is 'azure' or 'aws'",
    )
    .await;
    let mut chart = fixture("helmchart");
    chart["spec"]["sourceRef"] = serde_json::json!({"kind": "GitRepository", "name": "repo"});
    chart["spec"]["verify"] = serde_json::json!({"provider": "cosign"});
    refused(&client, &ns, &chart, "spec.verify is only supported").await;
}

/// Applies `obj` and requires the API server to refuse it with a message containing `needle`.
async fn refused(client: &kube::Client, ns: &str, obj: &Value, needle: &str) {
    let err = apply(client, ns, obj)
        .await
        .expect_err(&format!("accepted, expected refusal with {needle:?}"));
    assert!(err.contains(needle), "{err}");
}

async fn crds_gone(client: &kube::Client) -> bool {
    let api: Api<CustomResourceDefinition> = Api::all(client.clone());
    for k in flux::api::kinds() {
        if api
            .get_opt(k.crd.metadata.name.as_deref().unwrap())
            .await
            .unwrap()
            .is_some()
        {
            return false;
        }
    }
    true
}

/// (name, generation) of every Deployment: a spec change bumps the generation.
async fn generations(api: &Api<k8s_openapi::api::apps::v1::Deployment>) -> Vec<(String, i64)> {
    api.list(&Default::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|d| (d.metadata.name.unwrap(), d.metadata.generation.unwrap()))
        .collect()
}

#[tokio::test]
async fn install_is_idempotent_check_passes_and_uninstall_removes_it_all() {
    let _guard = support::ISOLATED.lock().await;
    let kc = support::isolated_kubeconfig();
    let client = support::client_on(&kc).await;
    // Whatever an earlier isolated test left (it may have failed half-way).
    delete_crds(&client).await;

    let (ok, _, err) = support::flux_on(&kc, &["check", "--pre"]);
    assert!(ok, "check --pre failed: {err}");
    assert!(err.contains("✔ Kubernetes 1.37.2 >=1.33.0-0"), "{err}");

    let (ok, _, err) = support::flux_on(&kc, &["install", "--network-policy=false"]);
    assert!(ok, "install failed: {err}");
    assert!(
        err.contains("► installing components in flux-system namespace"),
        "{err}"
    );
    assert!(err.contains("✔ install finished"), "{err}");

    let deploys: Api<k8s_openapi::api::apps::v1::Deployment> =
        Api::namespaced(client.clone(), "flux-system");
    let before = generations(&deploys).await;
    assert_eq!(before.len(), 4, "{before:?}");
    let roles: Api<k8s_openapi::api::rbac::v1::ClusterRole> = Api::all(client.clone());
    let role_rv = roles
        .get("crd-controller-flux-system")
        .await
        .unwrap()
        .metadata
        .resource_version;

    let (ok, _, err) = support::flux_on(&kc, &["install", "--network-policy=false"]);
    assert!(ok, "second install failed: {err}");
    let after = generations(&deploys).await;
    assert_eq!(
        before, after,
        "re-running install changed the Deployments' spec"
    );
    let role_rv_after = roles
        .get("crd-controller-flux-system")
        .await
        .unwrap()
        .metadata
        .resource_version;
    assert_eq!(
        role_rv, role_rv_after,
        "re-running install rewrote the ClusterRole"
    );

    // This control plane has no node: the controllers never roll out, and an honest check
    // says so (each failure once, then Flux's last line) after polling until the timeout.
    let (ok, _, err) = support::flux_on(
        &kc,
        &["check", "--timeout", "3s", "--poll-interval", "500ms"],
    );
    assert!(!ok, "check passed without running controllers: {err}");
    assert!(
        err.contains("✗ source-controller: deployment not ready (0 of 1 replica(s) available)\n"),
        "{err}"
    );
    assert_eq!(
        err.matches("source-controller: deployment not ready")
            .count(),
        1,
        "{err}"
    );
    assert!(
        err.contains("✔ gitrepositories.source.toolkit.fluxcd.io/v1"),
        "{err}"
    );
    assert!(!err.contains("all checks passed"), "{err}");
    assert!(err.trim_end().ends_with("\n✗ check failed"), "{err}");

    let (ok, out, err) = support::flux_on(&kc, &["version"]);
    assert!(ok, "version failed: {err}");
    assert!(out.contains("distribution: flux-v0.1.0"), "{out}");
    assert!(out.contains("source-controller: v0.1.0"), "{out}");

    // --registry-creds writes the image pull Secret for the registry.
    let (ok, _, err) = support::flux_on(
        &kc,
        &[
            "install",
            "--network-policy=false",
            "--image-pull-secret",
            "regcred",
            "--registry-creds",
            "bot:s3cret",
        ],
    );
    assert!(ok, "install --registry-creds failed: {err}");
    assert!(
        err.contains("► generating image pull secret regcred"),
        "{err}"
    );
    assert!(!err.contains("s3cret"), "{err}");
    let secrets: Api<k8s_openapi::api::core::v1::Secret> =
        Api::namespaced(client.clone(), "flux-system");
    let pull = secrets.get("regcred").await.unwrap();
    assert_eq!(
        pull.type_.as_deref(),
        Some("kubernetes.io/dockerconfigjson")
    );
    let config = String::from_utf8(pull.data.unwrap()[".dockerconfigjson"].0.clone()).unwrap();
    assert!(
        config.contains(&format!(
            "\"{}\"",
            flux::install::manifests::DEFAULT_REGISTRY
        )) && config.contains("\"username\": \"bot\""),
        "{config}"
    );

    // An installation managed by another tool is only overridden with --force; a bootstrapped
    // one is refused.
    let crds: Api<CustomResourceDefinition> = Api::all(client.clone());
    let label = |k: &str, v: Option<&str>| serde_json::json!({"metadata": {"labels": {k: v}}});
    let crd = "gitrepositories.source.toolkit.fluxcd.io";
    let merge = |p: serde_json::Value| {
        let crds = crds.clone();
        async move {
            crds.patch(
                crd,
                &kube::api::PatchParams::default(),
                &kube::api::Patch::Merge(&p),
            )
            .await
            .unwrap();
        }
    };
    merge(label("app.kubernetes.io/managed-by", Some("Helm"))).await;
    let (ok, _, err) = support::flux_on(&kc, &["install", "--network-policy=false"]);
    assert!(!ok, "install over a Helm installation went ahead: {err}");
    assert!(
        err.contains("has been installed on this cluster with Helm!"),
        "{err}"
    );
    assert!(err.contains("--force"), "{err}");
    let (ok, _, err) = support::flux_on(&kc, &["install", "--network-policy=false", "--force"]);
    assert!(ok, "install --force failed: {err}");
    merge(label("app.kubernetes.io/managed-by", None)).await;
    merge(label(
        "kustomize.toolkit.fluxcd.io/namespace",
        Some("flux-system"),
    ))
    .await;
    let (ok, _, err) = support::flux_on(&kc, &["install", "--network-policy=false"]);
    assert!(!ok);
    assert!(
        err.contains("this cluster has already been bootstrapped with Flux"),
        "{err}"
    );
    merge(label("kustomize.toolkit.fluxcd.io/namespace", None)).await;

    // A Flux object with a finalizer must not block uninstall.
    let ns = support::namespace(&client, "uninstall").await;
    let mut repo = fixture("gitrepository");
    repo["metadata"]["finalizers"] = serde_json::json!(["finalizers.fluxcd.io"]);
    apply(&client, &ns, &repo)
        .await
        .expect("GitRepository with finalizer");

    let (ok, _, err) = support::flux_on(&kc, &["uninstall", "--dry-run"]);
    assert!(ok, "uninstall --dry-run failed: {err}");
    assert!(err.contains("(dry run)"), "{err}");
    assert!(!crds_gone(&client).await, "dry run deleted CRDs");

    let (ok, _, err) = support::flux_on(&kc, &["uninstall", "--silent"]);
    assert!(ok, "uninstall failed: {err}");
    assert!(err.contains("✔ uninstall finished"), "{err}");
    let mut gone = false;
    for _ in 0..120 {
        if crds_gone(&client).await {
            gone = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert!(gone, "CRDs still present after uninstall");
    let ns_api: Api<k8s_openapi::api::core::v1::Namespace> = Api::all(client.clone());
    let flux_ns = ns_api.get_opt("flux-system").await.unwrap();
    assert!(
        flux_ns.is_none() || flux_ns.unwrap().metadata.deletion_timestamp.is_some(),
        "flux-system namespace not deleted"
    );
    assert!(deploys
        .list(&Default::default())
        .await
        .unwrap()
        .items
        .is_empty());
}

#[tokio::test]
async fn check_fails_when_flux_is_not_installed() {
    let _guard = support::ISOLATED.lock().await;
    let kc = support::isolated_kubeconfig();
    // Whatever an earlier isolated test left (it may have failed half-way).
    delete_crds(&support::client_on(&kc).await).await;
    let (ok, _, err) = support::flux_on(&kc, &["check", "--namespace", "not-installed-here"]);
    assert!(!ok, "check passed without an installation");
    assert!(err.contains("✗"), "{err}");
    // A kind whose CRD is missing is named in one line with the fix.
    let (ok, _, err) = support::flux_on(&kc, &["get", "sources", "git", "-A"]);
    assert!(!ok);
    assert_eq!(
        err.trim_end(),
        "✗ GitRepository is not installed in the cluster: run flux install"
    );
    // Creating an object of a kind that is not installed says so too.
    let (ok, _, err) = support::flux_on(
        &kc,
        &[
            "create",
            "source",
            "git",
            "app",
            "--url=https://example.com/app",
            "--branch=main",
        ],
    );
    assert!(!ok);
    assert_eq!(
        err,
        "✚ generating GitRepository source\n► applying GitRepository source\n\
         ✗ GitRepository is not installed in the cluster: run flux install\n"
    );
    // Without any Flux CRD, `get all` and `stats` say so instead of "nothing found" or zeros.
    for args in [["get", "all", "-A"], ["stats", "-A", "--verbose=false"]] {
        let (ok, out, err) = support::flux_on(&kc, &args);
        assert!(!ok, "{args:?}: {out}");
        assert_eq!(
            err.trim_end(),
            "✗ Flux is not installed in the cluster (none of its CRDs was found): run flux install",
            "{args:?}"
        );
    }
}

#[tokio::test]
async fn install_with_an_invalid_object_fails_naming_it_and_applies_no_controllers() {
    let _guard = support::ISOLATED.lock().await;
    let kc = support::isolated_kubeconfig();
    let client = support::client_on(&kc).await;
    let (ok, _, err) = support::flux_on(
        &kc,
        &[
            "install",
            "--namespace",
            "flux-bad",
            "--toleration-keys",
            "not a valid key!",
        ],
    );
    assert!(
        !ok,
        "install with an invalid toleration key succeeded: {err}"
    );
    assert!(
        err.contains("Deployment/flux-bad/"),
        "error does not name the object: {err}"
    );
    assert!(!err.contains("install finished"), "{err}");
    let deploys: Api<k8s_openapi::api::apps::v1::Deployment> =
        Api::namespaced(client.clone(), "flux-bad");
    assert!(
        deploys
            .list(&Default::default())
            .await
            .unwrap()
            .items
            .is_empty(),
        "controllers were applied"
    );
    let sas: Api<k8s_openapi::api::core::v1::ServiceAccount> =
        Api::namespaced(client.clone(), "flux-bad");
    let flux_sas = sas
        .list(&kube::api::ListParams::default().labels("app.kubernetes.io/part-of=flux"))
        .await
        .unwrap();
    assert!(flux_sas.items.is_empty(), "service accounts were applied");
}

/// The kustomize engine's strategic-merge key table is generated from this very API server's
/// OpenAPI document; a Kubernetes upgrade that changes merge keys makes this fail until
/// `UPDATE_SMP_KEYS=1 cargo test --test it cluster::smp_merge_keys` regenerates the file.
#[tokio::test]
async fn smp_merge_keys_are_generated_from_the_api_servers_openapi() {
    let client = support::client().await;
    let req = http::Request::get("/openapi/v2")
        .body(Vec::new())
        .expect("request");
    let text = client.request_text(req).await.expect("GET /openapi/v2");
    let doc: Value = serde_json::from_str(&text).expect("OpenAPI JSON");
    let table = flux::kustomize::smp::table_from_openapi(&doc);
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/kustomize/data/smp_keys.txt");
    if std::env::var_os("UPDATE_SMP_KEYS").is_some() {
        std::fs::write(&path, &table).expect("write smp_keys.txt");
    }
    let committed = std::fs::read_to_string(&path).expect("smp_keys.txt");
    assert!(
        table.contains("apps/v1 Deployment spec.template.spec.containers merge name\n"),
        "{table}"
    );
    assert_eq!(committed, table, "src/kustomize/data/smp_keys.txt is stale");
}

/// `flux build kustomization` without `--dry-run` reads the Kustomization from the cluster and
/// substitutes variables from its `substituteFrom` ConfigMap and Secret (an optional missing
/// one is skipped; a later source overrides an earlier one; `substitute` wins over both).
#[tokio::test]
async fn build_kustomization_substitutes_from_cluster_configmaps_and_secrets() {
    let client = support::client().await;
    ensure_crds(&client).await;
    let ns = support::namespace(&client, "build").await;
    let objects = [
        serde_json::json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "vars", "namespace": ns},
            "data": {"cluster_env": "staging", "region": "from-configmap"}}),
        serde_json::json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "secret-vars", "namespace": ns},
            "stringData": {"zone": "zone-from-secret", "cluster_env": "prod\nfrom-secret"}}),
        serde_json::json!({"apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
            "metadata": {"name": "podinfo", "namespace": ns},
            "spec": {"interval": "10m", "path": "./apps", "prune": true,
                "sourceRef": {"kind": "GitRepository", "name": "flux-system"},
                "postBuild": {"substitute": {"region": "eu-west-1"},
                    "substituteFrom": [
                        {"kind": "ConfigMap", "name": "vars"},
                        {"kind": "Secret", "name": "secret-vars"},
                        {"kind": "ConfigMap", "name": "absent", "optional": true}]}}}),
    ];
    let mut cluster = Cluster::new(client.clone());
    for o in &objects {
        cluster.apply(o).await.expect("apply");
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/build/apps");
    let (ok, out, err) = support::flux(&[
        "build",
        "kustomization",
        "podinfo",
        "-n",
        &ns,
        "--path",
        path,
    ]);
    assert!(ok, "{err}");
    // A later substituteFrom source overrides an earlier one; values lose their newlines.
    assert!(
        out.contains("name: ENV\n          value: prodfrom-secret\n"),
        "{out}"
    );
    assert!(
        out.contains("name: REGION\n          value: eu-west-1\n"),
        "{out}"
    );
    assert!(
        out.contains("name: ZONE\n          value: zone-from-secret\n"),
        "{out}"
    );
    assert!(
        out.contains(&format!("kustomize.toolkit.fluxcd.io/namespace: {ns}\n")),
        "{out}"
    );
    // `flux debug ks --show-vars` prints the same variables, as Flux's CLI does.
    let (ok, out, err) = support::flux(&["debug", "ks", "podinfo", "-n", &ns, "--show-vars"]);
    assert!(ok, "{err}");
    assert_eq!(
        out,
        "cluster_env=prodfrom-secret\nregion=eu-west-1\nzone=zone-from-secret\n"
    );
    let (ok, out, err) = support::flux(&["debug", "ks", "podinfo", "-n", &ns, "--show-history"]);
    assert!(ok, "{err}");
    assert_eq!(
        out,
        "# History documentation: https://fluxcd.io/flux/components/kustomize/kustomizations/#history\n[]\n"
    );
    let (ok, _, err) = support::flux(&["debug", "ks", "podinfo", "-n", &ns]);
    assert!(!ok);
    assert_eq!(
        err.trim_end(),
        "✗ exactly one of --show-status, --show-vars, or --show-history must be set"
    );
    // A required source that is missing is an error naming it.
    let broken = serde_json::json!({"apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
        "metadata": {"name": "broken", "namespace": ns},
        "spec": {"interval": "10m", "prune": true, "sourceRef": {"kind": "GitRepository", "name": "flux-system"},
            "postBuild": {"substituteFrom": [{"kind": "ConfigMap", "name": "absent"}]}}});
    cluster.apply(&broken).await.expect("apply");
    let (ok, out, err) = support::flux(&[
        "build",
        "kustomization",
        "broken",
        "-n",
        &ns,
        "--path",
        path,
    ]);
    assert!(!ok && out.is_empty(), "{out}");
    assert!(err.contains("ConfigMap/absent"), "{err}");
}

/// kubectl's connection flags reach the real API server without any kubeconfig: `--server`,
/// `--certificate-authority` and `--token`; `--as` impersonates (and is refused what the
/// impersonated user may not do); `--tls-server-name` is checked against the certificate;
/// `--insecure-skip-tls-verify` skips the CA; `--ns-follows-kube-context` takes the context's
/// namespace.
#[tokio::test]
async fn global_connection_flags_reach_the_api_server_without_a_kubeconfig() {
    use base64::Engine;
    let client = support::client().await;
    ensure_crds(&client).await;
    let kc = kube::config::Kubeconfig::read_from(support::kubeconfig()).unwrap();
    let cluster = kc.clusters[0].cluster.clone().unwrap();
    let server = cluster.server.clone().unwrap();
    let ca = base64::engine::general_purpose::STANDARD
        .decode(cluster.certificate_authority_data.clone().unwrap())
        .unwrap();
    let token = std::fs::read_to_string(support::kubeconfig())
        .unwrap()
        .lines()
        .find_map(|l| l.trim().strip_prefix("token: ").map(str::to_string))
        .expect("a token in the test kubeconfig");
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("ca.crt");
    std::fs::write(&ca_file, ca).unwrap();
    let run = |extra: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_flux"))
            .args(["get", "sources", "git", "-A", "--timeout", "20s"])
            .args(extra)
            .env("KUBECONFIG", "/nonexistent")
            .env("HOME", dir.path())
            .env_remove("FLUX_SYSTEM_NAMESPACE")
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let ca_arg = format!("--certificate-authority={}", ca_file.display());
    let base = [
        "--server",
        server.as_str(),
        ca_arg.as_str(),
        "--token",
        token.as_str(),
    ];
    let (ok, err) = run(&base);
    assert!(ok, "{err}");
    let mut as_nobody = base.to_vec();
    as_nobody.extend(["--as", "nobody@example.com", "--as-group", "nobody"]);
    let (ok, err) = run(&as_nobody);
    assert!(!ok && err.contains("forbidden"), "{err}");
    assert!(err.contains("nobody@example.com"), "{err}");
    let mut wrong_name = base.to_vec();
    wrong_name.extend(["--tls-server-name", "not-the-api-server.example"]);
    let (ok, err) = run(&wrong_name);
    assert!(!ok, "a certificate for another name was accepted: {err}");
    let (ok, err) = run(&[
        "--server",
        server.as_str(),
        "--token",
        token.as_str(),
        "--insecure-skip-tls-verify",
    ]);
    assert!(ok, "{err}");

    // The context's namespace, unless -n is given.
    let ns = support::namespace(&client, "ctxns").await;
    let text = std::fs::read_to_string(support::kubeconfig()).unwrap();
    let with_ns = text.replacen(
        "    cluster: ",
        &format!("    namespace: {ns}\n    cluster: "),
        1,
    );
    assert_ne!(
        with_ns, text,
        "the test kubeconfig's context has a cluster line"
    );
    let kc_file = dir.path().join("kubeconfig");
    std::fs::write(&kc_file, with_ns).unwrap();
    let kc_arg = kc_file.display().to_string();
    let (ok, out, err) = support::flux_on(
        &kc_file,
        &[
            "create",
            "tenant",
            "t1",
            "--with-namespace",
            "x",
            "--export",
            "--ns-follows-kube-context",
        ],
    );
    assert!(ok, "{err}");
    assert!(out.contains("kind: Namespace"), "{out}");
    let (ok, out, err) = support::flux_on(
        &kc_file,
        &[
            "create",
            "source",
            "git",
            "app",
            "--url=https://x/y",
            "--branch=main",
            "--export",
            "--ns-follows-kube-context",
        ],
    );
    assert!(ok, "{err}");
    assert!(out.contains(&format!("namespace: {ns}")), "{kc_arg}: {out}");
    let (ok, out, _) = support::flux_on(
        &kc_file,
        &[
            "create",
            "source",
            "git",
            "app",
            "--url=https://x/y",
            "--branch=main",
            "--export",
            "--ns-follows-kube-context",
            "-n",
            "other",
        ],
    );
    assert!(ok && out.contains("namespace: other"), "{out}");
}

/// `--recursive` builds (and diffs) the Flux Kustomizations a build contains, each from its
/// source's `--local-sources` path joined with its `spec.path`; a source without a local path
/// is an error naming it. `flux diff --ignore-not-found` diffs a Kustomization the cluster
/// does not have yet from its file, which without the flag is an error.
#[tokio::test]
async fn build_and_diff_recurse_into_the_kustomizations_they_contain() {
    let client = support::client().await;
    ensure_crds(&client).await;
    let ns = support::namespace(&client, "recursive").await;
    let repo = tempfile::tempdir().unwrap();
    let root_dir = repo.path().join("clusters/prod");
    let apps_dir = repo.path().join("apps");
    std::fs::create_dir_all(&root_dir).unwrap();
    std::fs::create_dir_all(&apps_dir).unwrap();
    let child = format!(
        "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: {ns}\nspec:\n  interval: 10m\n  path: ./apps\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n"
    );
    std::fs::write(root_dir.join("apps.yaml"), &child).unwrap();
    std::fs::write(
        apps_dir.join("cm.yaml"),
        format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\n  namespace: {ns}\ndata:\n  env: prod\n"),
    )
    .unwrap();
    let root = serde_json::json!({"apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
        "metadata": {"name": "root", "namespace": ns},
        "spec": {"interval": "10m", "path": "./clusters/prod", "prune": true,
            "sourceRef": {"kind": "GitRepository", "name": "flux-system"}}});
    let mut cluster = Cluster::new(client.clone());
    cluster.apply(&root).await.expect("apply");
    let local = format!(
        "--local-sources=GitRepository/{ns}/flux-system={}",
        repo.path().display()
    );
    let root_path = root_dir.to_str().unwrap();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_flux"))
            .args(["--kubeconfig", support::kubeconfig().to_str().unwrap()])
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, out, err) = run(&[
        "build", "ks", "root", "-n", &ns, "--path", root_path, "-r", &local,
    ]);
    assert_eq!(code, Some(0), "{err}");
    let cm = out.find("kind: ConfigMap").expect("the child's ConfigMap");
    assert!(out.find("kind: Kustomization").unwrap() < cm, "{out}");
    assert!(
        out[cm..].contains("kustomize.toolkit.fluxcd.io/name: apps\n"),
        "{out}"
    );
    // Without recursion only the child object; without a local path an error naming it.
    let (code, out, _) = run(&["build", "ks", "root", "-n", &ns, "--path", root_path]);
    assert_eq!(code, Some(0));
    assert!(!out.contains("kind: ConfigMap"), "{out}");
    let (code, _, err) = run(&[
        "build",
        "ks",
        "root",
        "-n",
        &ns,
        "--path",
        root_path,
        "--recursive",
    ]);
    assert_ne!(code, Some(0));
    assert!(
        err.contains(&format!(
            "cannot get local path for GitRepository/{ns}/flux-system of kustomization apps"
        )),
        "{err}"
    );
    // The diff recurses only into children the cluster has.
    let (code, out, err) = run(&[
        "diff", "ks", "root", "-n", &ns, "--path", root_path, "-r", &local,
    ]);
    assert_eq!(code, Some(1), "{out}{err}");
    assert!(
        out.contains(&format!("► Kustomization/{ns}/apps created\n")),
        "{out}"
    );
    assert!(!out.contains("📁"), "{out}");
    let child_obj: serde_json::Value = serde_saphyr::from_str(&child).unwrap();
    cluster.apply(&child_obj).await.expect("apply");
    let (code, out, err) = run(&[
        "diff", "ks", "root", "-n", &ns, "--path", root_path, "-r", &local,
    ]);
    assert_eq!(code, Some(1), "{out}{err}");
    assert!(
        out.contains(&format!(
            "📁 Kustomization/{ns}/apps changed\n► ConfigMap/{ns}/app-config created\n"
        )),
        "{out}"
    );
    // A Kustomization only in a file: an error, unless --ignore-not-found.
    let file = repo.path().join("new.yaml");
    std::fs::write(&file, child.replace("name: apps", "name: newapps")).unwrap();
    let apps_path = apps_dir.to_str().unwrap();
    let file_arg = format!("--kustomization-file={}", file.display());
    let (code, _, err) = run(&[
        "diff", "ks", "newapps", "-n", &ns, "--path", apps_path, &file_arg,
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("failed to get kustomization object"), "{err}");
    let (code, out, err) = run(&[
        "diff",
        "ks",
        "newapps",
        "-n",
        &ns,
        "--path",
        apps_path,
        &file_arg,
        "--ignore-not-found",
    ]);
    assert_eq!(code, Some(1), "{out}{err}");
    assert!(
        out.contains(&format!("► ConfigMap/{ns}/app-config created\n")),
        "{out}"
    );
    let (code, _, err) = run(&[
        "diff",
        "ks",
        "newapps",
        "-n",
        &ns,
        "--path",
        apps_path,
        "--ignore-not-found",
    ]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("kustomization file is required when assuming new kustomizations"),
        "{err}"
    );
}

/// Deletes every Flux CRD of the isolated control plane and waits until they are gone (the
/// state the other isolated tests expect).
///
/// The API server builds a kind's storage (its watch cache) on first use; a CRD deleted while
/// that cache is still initialising can stay `Terminating` for minutes (its cleanup fails
/// with "storage is (re)initializing" and backs off). So every kind is first listed until its
/// storage answers, as `flux uninstall` lists every kind before deleting the CRDs.
async fn delete_crds(client: &kube::Client) {
    let api: Api<CustomResourceDefinition> = Api::all(client.clone());
    for k in flux::api::registry::all() {
        let ar = k.api_resource();
        let objs: Api<DynamicObject> = Api::all_with(client.clone(), &ar);
        let lp = kube::api::ListParams::default().match_any();
        let mut tries = 0;
        loop {
            let e = match objs.list(&lp).await {
                Ok(_) => break,
                // No such kind (never installed, or already deleted).
                Err(kube::Error::Api(e)) if e.code == 404 => break,
                Err(e) => e,
            };
            tries += 1;
            assert!(tries < 300, "listing {}: {e}", k.kind);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    for k in flux::api::kinds() {
        let _ = api
            .delete(k.crd.metadata.name.as_deref().unwrap(), &Default::default())
            .await;
    }
    for _ in 0..300 {
        if crds_gone(client).await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let left: Vec<String> = api
        .list(&Default::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .filter(|c| {
            c.metadata
                .name
                .as_deref()
                .unwrap_or("")
                .contains("toolkit.fluxcd.io")
        })
        .map(|c| {
            format!(
                "{:?}: {:?}",
                c.metadata.name,
                c.status.map(|s| s.conditions)
            )
        })
        .collect();
    panic!("Flux CRDs still present after deletion: {left:#?}");
}

/// Waits until the Receiver `ns/name` reports a webhook path; returns false after `tries`
/// tenths of a second.
async fn receiver_initialized(client: &kube::Client, ns: &str, name: &str, tries: u32) -> bool {
    let api: Api<DynamicObject> = Api::namespaced_with(
        client.clone(),
        ns,
        &kube::api::ApiResource::from_gvk(&kube::api::GroupVersionKind::gvk(
            "notification.toolkit.fluxcd.io",
            "v1",
            "Receiver",
        )),
    );
    for _ in 0..tries {
        if let Ok(r) = api.get(name).await {
            if r.data["status"]["webhookPath"].is_string() {
                return true;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

#[tokio::test]
async fn a_running_controller_acts_again_soon_after_its_crds_are_deleted_and_recreated() {
    let _guard = support::ISOLATED.lock().await;
    let kc = support::isolated_kubeconfig();
    let client = support::client_on(&kc).await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "rewatch").await;
    let mut cluster = Cluster::new(client.clone());
    let secret = serde_json::json!({"apiVersion": "v1", "kind": "Secret",
        "metadata": {"name": "token", "namespace": ns}, "stringData": {"token": "s3cret"}});
    cluster.apply(&secret).await.unwrap();
    let receiver = |name: &str| {
        serde_json::json!({"apiVersion": "notification.toolkit.fluxcd.io/v1", "kind": "Receiver",
            "metadata": {"name": name, "namespace": ns},
            "spec": {"type": "generic", "secretRef": {"name": "token"},
                "resources": [{"kind": "GitRepository", "name": "app"}]}})
    };
    let (ep, rp) = (support::free_port(), support::free_port());
    let serve = support::serve_on(
        &kc,
        &["notification-controller"],
        &ns,
        &[
            &format!("--events-addr=127.0.0.1:{ep}"),
            &format!("--receiverAddr=127.0.0.1:{rp}"),
        ],
    );
    cluster.apply(&receiver("before")).await.unwrap();
    assert!(
        receiver_initialized(&client, &ns, "before", 300).await,
        "the Receiver was not reconciled: {}",
        serve.log()
    );

    // An uninstall removes the CRDs under the running controller: its watches fail.
    delete_crds(&client).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    // A reinstall brings them back; the controller must pick up new objects within seconds
    // (the watch retry backs off to 5 s at most), not after kube's 30 s-plus backoff that
    // made it take two minutes.
    support::ensure_crds(&client).await;
    cluster.apply(&receiver("after")).await.unwrap();
    let acted = receiver_initialized(&client, &ns, "after", 150).await;
    delete_crds(&client).await;
    // Its log goes to a file: no terminal colour codes in it.
    assert!(!serve.log().contains('\u{1b}'), "{}", serve.log());
    assert!(
        acted,
        "the controller did not reconcile a Receiver created after the CRDs came back within 15 s: {}",
        serve.log()
    );
}

#[tokio::test]
async fn events_in_a_namespace_without_any_say_so_as_flux_does() {
    let client = support::client().await;
    let ns = support::namespace(&client, "no-events").await;
    let (ok, out, err) = support::flux(&["events", "-n", &ns]);
    // Flux prints a failure line and still exits 0.
    assert!(ok, "{err}");
    assert!(out.is_empty(), "{out}");
    assert_eq!(err, format!("✗ No events found in {ns} namespace.\n"));
}

#[tokio::test]
async fn commands_on_a_missing_object_print_what_the_api_server_said_in_one_line() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "nope").await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap();
    let cases: Vec<(Vec<&str>, i32, String)> = vec![
        (
            vec!["tree", "ks", "nope"],
            1,
            format!("✗ Kustomization/{ns}/nope: kustomizations.kustomize.toolkit.fluxcd.io \"nope\" not found\n"),
        ),
        (
            vec!["trace", "deployment", "nope"],
            1,
            "✗ failed to find object: Deployment nope: deployments.apps \"nope\" not found\n".to_string(),
        ),
        (
            vec!["build", "ks", "nope", "--path", path],
            1,
            format!("✗ failed to get kustomization object {ns}/nope: kustomizations.kustomize.toolkit.fluxcd.io \"nope\" not found\n"),
        ),
        (
            vec!["diff", "ks", "nope", "--path", path],
            2,
            format!("✗ failed to get kustomization object {ns}/nope: kustomizations.kustomize.toolkit.fluxcd.io \"nope\" not found\n"),
        ),
    ];
    for (args, code, want) in cases {
        let mut full = args.clone();
        full.extend(["-n", &ns]);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_flux"))
            .arg("--kubeconfig")
            .arg(support::kubeconfig())
            .args(&full)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
        assert_eq!(err, want, "{args:?}");
    }
}

#[tokio::test]
async fn resume_all_does_not_wait_and_get_source_git_is_an_alias_as_in_flux() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let theirs = support::ensured("FLUX_CLI", "ensure-flux-cli.sh");
    let kc = support::kubeconfig();
    let run = |bin: &std::path::Path, ns: &str, args: &[&str]| {
        let out = std::process::Command::new(bin)
            .args(args)
            .args([
                "-n",
                ns,
                "--kubeconfig",
                kc.to_str().unwrap(),
                "--timeout",
                "20s",
            ])
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let mut outputs = vec![];
    for bin in [std::path::PathBuf::from(env!("CARGO_BIN_EXE_flux")), theirs] {
        // Two suspended Kustomizations and no controller: resuming them all returns at once.
        let ns = support::namespace(&client, "resume-all").await;
        let mut cluster = Cluster::new(client.clone());
        for name in ["a", "b"] {
            let ks = serde_json::json!({"apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
                "metadata": {"name": name, "namespace": ns},
                "spec": {"interval": "1h", "path": "./", "prune": true, "suspend": true,
                    "sourceRef": {"kind": "GitRepository", "name": "none"}}});
            cluster.apply(&ks).await.unwrap();
        }
        let started = std::time::Instant::now();
        let resumed = run(&bin, &ns, &["resume", "ks", "--all"]);
        assert!(started.elapsed() < Duration::from_secs(15), "{resumed:?}");
        let listed = run(&bin, &ns, &["get", "source", "git"]);
        let named = run(&bin, &ns, &["get", "ks", "nope"]);
        let filtered = run(&bin, &ns, &["get", "ks", "--status-selector", "ready=true"]);
        let norm = |(c, o, e): (Option<i32>, String, String)| {
            (c, o.replace(&ns, "NS"), e.replace(&ns, "NS"))
        };
        outputs.push((norm(resumed), norm(listed), norm(named), norm(filtered)));
    }
    assert_eq!(outputs[0], outputs[1]);
    assert!(
        outputs[0]
            .0
             .2
            .contains("► resuming kustomization b in NS namespace\n✔ kustomization resumed"),
        "{:?}",
        outputs[0]
    );
}
