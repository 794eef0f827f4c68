//! Installing, checking and removing Flux: `flux install`, `flux check`, `flux uninstall`.
//!
//! Owns the sequences: render the manifest set ([`manifests`]), apply it in stages with
//! server-side apply (namespace and CRDs first, wait for CRDs to be Established, then the rest),
//! verify an installation, and tear it down (finalizers first). Cluster access goes through
//! [`crate::cluster::Cluster`]; progress is reported with Flux's symbols.

pub mod manifests;

use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::Namespace;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, DeleteParams, DynamicObject, ListParams, Patch, PatchParams};

use kube::Client;
use serde_json::{json, Value};

use crate::api::{self, Controller};
use crate::cluster::{self, api_resource, Cluster};
use crate::output::Logger;
pub use manifests::InstallOptions;

/// Errors of the install, check and uninstall sequences.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The options or manifests are invalid.
    #[error(transparent)]
    Manifests(#[from] manifests::Error),
    /// A cluster operation failed.
    #[error(transparent)]
    Cluster(#[from] cluster::Error),
    /// One or more checks failed; details were printed.
    #[error("{0}")]
    CheckFailed(String),
}

/// Result alias for this module.
pub type Result<T> = std::result::Result<T, Error>;

/// The `.dockerconfigjson` of a registry login, as Flux's `GenerateDockerConfigJson` writes
/// it (two-space indented JSON, `auth` = base64 of `user:password`).
pub fn docker_config_json(server: &str, username: &str, password: &str) -> String {
    use base64::Engine;
    let auth = base64::engine::general_purpose::STANDARD.encode(format!("{username}:{password}"));
    let q = |s: &str| crate::kustomize::hash::go_json(&Value::String(s.to_string()));
    format!(
        "{{\n  \"auths\": {{\n    {}: {{\n      \"username\": {},\n      \"password\": {},\n      \"auth\": {}\n    }}\n  }}\n}}",
        q(server),
        q(username),
        q(password),
        q(&auth)
    )
}

/// Creates or updates the image pull Secret of `--image-pull-secret` from `--registry-creds`
/// (`kubernetes.io/dockerconfigjson` for the install registry), as Flux's install and
/// bootstrap do. Returns the Secret's name, or `None` when either flag is unset.
pub async fn reconcile_image_pull_secret(
    client: &Client,
    opts: &InstallOptions,
) -> Result<Option<String>> {
    let (Some(name), Some((user, password))) = (
        opts.image_pull_secret.as_deref().filter(|n| !n.is_empty()),
        &opts.registry_credential,
    ) else {
        return Ok(None);
    };
    let secret = json!({
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": name, "namespace": opts.namespace},
        "type": "kubernetes.io/dockerconfigjson",
        "stringData": {".dockerconfigjson": docker_config_json(&opts.registry, user, password)},
    });
    Cluster::new(client.clone()).apply(&secret).await?;
    Ok(Some(name.to_string()))
}

fn is_stage_one(obj: &Value) -> bool {
    matches!(
        obj["kind"].as_str(),
        Some("Namespace") | Some("CustomResourceDefinition")
    )
}

/// Applies the install manifests: namespace and CRDs first, waits for the CRDs to be
/// Established, then everything else. Every object is validated by a server-side dry run before
/// anything is written, so a bad object leaves the cluster untouched.
/// `log` reports each object as `flux install` does (bootstrap passes a quiet one and prints
/// one line for the whole set, as Flux does).
pub async fn install(
    client: Client,
    opts: &InstallOptions,
    timeout: Duration,
    log: &Logger,
) -> Result<()> {
    log.generate("generating manifests");
    let objects = manifests::objects(opts)?;
    log.success("manifests build completed");
    log.action(format!(
        "installing components in {} namespace",
        opts.namespace
    ));
    apply_staged(client, &objects, timeout, log).await
}

/// Applies a manifest set in `flux install`'s stages: namespaces and CRDs, the wait for the
/// CRDs, a server-side dry run of the rest, then the rest. Bootstrap uses it for the
/// components built with the `kustomization.yaml` of the flux-system directory (its patches).
pub async fn apply_staged(
    client: Client,
    objects: &[Value],
    timeout: Duration,
    log: &Logger,
) -> Result<()> {
    let mut cluster = Cluster::new(client);
    let (first, rest): (Vec<&Value>, Vec<&Value>) = objects.iter().partition(|o| is_stage_one(o));
    for obj in &first {
        cluster.apply(obj).await?;
        log.success(format!("{} serverside applied", cluster::object_ref(obj)));
    }
    let crd_names: Vec<String> = first
        .iter()
        .filter(|o| o["kind"] == "CustomResourceDefinition")
        .filter_map(|o| o["metadata"]["name"].as_str().map(String::from))
        .collect();
    log.waiting("waiting for CRDs to be established");
    cluster.wait_crds_established(&crd_names, timeout).await?;
    for obj in &rest {
        cluster.apply_dry_run(obj).await?;
    }
    for obj in &rest {
        cluster.apply(obj).await?;
        log.success(format!("{} serverside applied", cluster::object_ref(obj)));
    }
    log.success("install finished");
    Ok(())
}

/// What `flux check` verifies.
#[derive(Clone, Debug)]
pub struct CheckOptions {
    /// Namespace Flux is installed in.
    pub namespace: String,
    /// Only check the prerequisites (`--pre`).
    pub pre: bool,
    /// Components expected to be installed.
    pub components: Vec<Controller>,
    /// How often to look at the controllers' Deployments while they roll out.
    pub poll_interval: Duration,
    /// How long the controllers get to roll out (all of them together).
    pub timeout: Duration,
}

/// Parses `major.minor.patch` out of a Kubernetes git version such as `v1.37.2+k3s1`.
pub fn parse_kube_version(git_version: &str) -> Option<(u64, u64, u64)> {
    let v = git_version.trim_start_matches('v');
    let core = v.split(['+', '-']).next()?;
    let mut parts = core.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    let patch = parts.next().unwrap_or("0").parse().ok()?;
    Some((major, minor, patch))
}

/// Runs the checks, printing one line per check; fails when any check fails.
pub async fn check(client: Client, opts: &CheckOptions, log: &Logger) -> Result<()> {
    let mut failures: Vec<String> = Vec::new();
    log.action("checking prerequisites");
    let info = client
        .apiserver_version()
        .await
        .map_err(|e| cluster::Error::Api {
            what: "reading the Kubernetes version".into(),
            message: cluster::api_message(&e),
        })?;
    let (min_major, min_minor, min_patch) = crate::version::MIN_KUBERNETES;
    let min = format!(">={min_major}.{min_minor}.{min_patch}-0");
    match parse_kube_version(&info.git_version) {
        Some(v) if v >= crate::version::MIN_KUBERNETES => {
            log.success(format!("Kubernetes {}.{}.{} {min}", v.0, v.1, v.2))
        }
        Some(v) => {
            let msg = format!(
                "Kubernetes version {}.{}.{} does not match {min}",
                v.0, v.1, v.2
            );
            log.failure(&msg);
            failures.push(msg);
        }
        None => {
            let msg = format!("cannot parse Kubernetes version {:?}", info.git_version);
            log.failure(&msg);
            failures.push(msg);
        }
    }
    if opts.pre {
        return finish_check(failures, log, "prerequisites checks passed");
    }

    log.action("checking version in cluster");
    let ns_api: Api<Namespace> = Api::all(client.clone());
    match ns_api.get_opt(&opts.namespace).await {
        Ok(Some(ns)) => {
            let version = ns
                .metadata
                .labels
                .as_ref()
                .and_then(|l| l.get("app.kubernetes.io/version"))
                .cloned()
                .unwrap_or_else(|| "unknown".into());
            log.success(format!("distribution: flux-{version}"));
        }
        Ok(None) => {
            let msg = format!("namespace {} not found", opts.namespace);
            log.failure(&msg);
            failures.push(msg);
        }
        Err(e) => return Err(api_err(format!("Namespace/{}", opts.namespace), &e)),
    }

    log.action("checking controllers");
    // As Flux: each controller must roll out (polled until the timeout); one that does not is
    // a failed check, not a warning.
    let deploy_api: Api<Deployment> = Api::namespaced(client.clone(), &opts.namespace);
    let deadline = tokio::time::Instant::now() + opts.timeout;
    let mut names: Vec<&str> = opts.components.iter().map(|c| c.name()).collect();
    names.sort();
    for name in names {
        let found = loop {
            let d = deploy_api
                .get_opt(name)
                .await
                .map_err(|e| api_err(format!("Deployment/{name}"), &e))?;
            // A missing Deployment fails at once (Flux finds none to wait for); a present
            // one gets until the deadline to roll out.
            let ready = d.as_ref().is_some_and(|d| deployment_readiness(d).0);
            if ready || d.is_none() || tokio::time::Instant::now() + opts.poll_interval > deadline {
                break d.map(|d| (ready, d));
            }
            tokio::time::sleep(opts.poll_interval).await;
        };
        let msg = match &found {
            Some((true, _)) => {
                log.success(format!("{name}: deployment ready"));
                None
            }
            Some((false, d)) => Some(format!(
                "{name}: deployment not ready ({} of {} replica(s) available)",
                deployment_readiness(d).1,
                d.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1)
            )),
            None => Some(format!("{name}: deployment not found")),
        };
        if let Some(msg) = msg {
            log.failure(&msg);
            failures.push(msg);
        }
        for image in found.iter().flat_map(|(_, d)| deployment_images(d)) {
            log.action(image);
        }
    }

    log.action("checking crds");
    let crd_api: Api<CustomResourceDefinition> = Api::all(client.clone());
    let mut expected: Vec<(String, String)> = api::kinds()
        .into_iter()
        .filter(|k| opts.components.contains(&k.controller))
        .filter_map(|k| {
            let name = k.crd.metadata.name.clone()?;
            let version = k.crd.spec.versions.first()?.name.clone();
            Some((name, version))
        })
        .collect();
    expected.sort();
    for (name, version) in expected {
        match crd_api.get_opt(&name).await {
            Ok(Some(crd)) => {
                let served = crd
                    .spec
                    .versions
                    .iter()
                    .any(|v| v.name == version && v.served && v.storage);
                if !cluster::crd_established(&crd) {
                    let msg = format!("{name}: not established");
                    log.failure(&msg);
                    failures.push(msg);
                } else if !served {
                    let msg =
                        format!("{name}: version {version} is not the served storage version");
                    log.failure(&msg);
                    failures.push(msg);
                } else {
                    log.success(format!("{name}/{version}"));
                }
            }
            Ok(None) => {
                let msg = format!("{name}: not found");
                log.failure(&msg);
                failures.push(msg);
            }
            Err(e) => return Err(api_err(format!("CustomResourceDefinition/{name}"), &e)),
        }
    }
    finish_check(failures, log, "all checks passed")
}

/// Each failure was printed where it was found; the command ends with Flux's one line.
fn finish_check(failures: Vec<String>, log: &Logger, ok: &str) -> Result<()> {
    if failures.is_empty() {
        log.success(ok);
        Ok(())
    } else {
        Err(Error::CheckFailed(String::from("check failed")))
    }
}

fn api_err(what: String, e: &kube::Error) -> Error {
    Error::Cluster(cluster::Error::Api {
        what,
        message: cluster::api_message(e),
    })
}

/// Whether a Deployment is fully rolled out, and how many replicas are available.
pub fn deployment_readiness(d: &Deployment) -> (bool, i32) {
    let want = d.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1);
    let generation = d.metadata.generation.unwrap_or(0);
    let Some(st) = d.status.as_ref() else {
        return (false, 0);
    };
    let available = st.available_replicas.unwrap_or(0);
    let ready = st.observed_generation.unwrap_or(0) >= generation
        && st.updated_replicas.unwrap_or(0) >= want
        && available >= want;
    (ready, available)
}

fn deployment_images(d: &Deployment) -> Vec<String> {
    d.spec
        .as_ref()
        .and_then(|s| s.template.spec.as_ref())
        .map(|p| {
            p.containers
                .iter()
                .filter_map(|c| c.image.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// What `flux uninstall` removes.
#[derive(Clone, Debug)]
pub struct UninstallOptions {
    /// Namespace Flux is installed in.
    pub namespace: String,
    /// Keep the namespace.
    pub keep_namespace: bool,
    /// Report only, change nothing.
    pub dry_run: bool,
}

/// Removes Flux: controllers and RBAC, then finalizers of every Flux object, the objects, the
/// CRDs and finally the namespace.
pub async fn uninstall(client: Client, opts: &UninstallOptions, log: &Logger) -> Result<()> {
    let ns = &opts.namespace;
    let dp = DeleteParams {
        dry_run: opts.dry_run,
        ..Default::default()
    };
    let suffix = if opts.dry_run { " (dry run)" } else { "" };
    let selector = format!("app.kubernetes.io/part-of=flux,app.kubernetes.io/instance={ns}");
    let lp = ListParams::default().labels(&selector);

    log.action(format!("deleting components in {ns} namespace"));
    // The controllers' pods, found through their Deployments before these go.
    let pod_selectors = controller_pod_selectors(&client, ns, &lp).await?;
    let namespaced = [
        ("apps/v1", "Deployment", "deployments"),
        ("v1", "Service", "services"),
        ("networking.k8s.io/v1", "NetworkPolicy", "networkpolicies"),
        ("v1", "ServiceAccount", "serviceaccounts"),
        ("v1", "ResourceQuota", "resourcequotas"),
    ];
    for (av, kind, plural) in namespaced {
        let ar = api_resource(av, kind, plural);
        let api: Api<DynamicObject> = Api::namespaced_with(client.clone(), ns, &ar);
        delete_listed(&api, &lp, &dp, kind, Some(ns), suffix, log).await?;
    }
    if !opts.dry_run {
        wait_pods_gone(&client, ns, &pod_selectors, log).await?;
    }
    log.action("deleting toolkit.fluxcd.io cluster roles and bindings");
    for (kind, plural) in [
        ("ClusterRole", "clusterroles"),
        ("ClusterRoleBinding", "clusterrolebindings"),
    ] {
        let ar = api_resource("rbac.authorization.k8s.io/v1", kind, plural);
        let api: Api<DynamicObject> = Api::all_with(client.clone(), &ar);
        delete_listed(&api, &lp, &dp, kind, None, suffix, log).await?;
    }

    log.action("deleting toolkit.fluxcd.io finalizers in all namespaces");
    let crd_api: Api<CustomResourceDefinition> = Api::all(client.clone());
    for k in api::registry::all() {
        let crd_name = k.crd_name();
        if crd_api
            .get_opt(&crd_name)
            .await
            .map_err(|e| api_err(format!("CustomResourceDefinition/{crd_name}"), &e))?
            .is_none()
        {
            continue;
        }
        let ar = k.api_resource();
        let all: Api<DynamicObject> = Api::all_with(client.clone(), &ar);
        let list = all
            .list(&ListParams::default())
            .await
            .map_err(|e| api_err(format!("listing {}", k.kind), &e))?;
        for obj in list.items {
            let name = obj.metadata.name.clone().unwrap_or_default();
            let obj_ns = obj.metadata.namespace.clone().unwrap_or_default();
            let id = format!("{}/{obj_ns}/{name}", k.kind);
            let api: Api<DynamicObject> = Api::namespaced_with(client.clone(), &obj_ns, &ar);
            if obj
                .metadata
                .finalizers
                .as_ref()
                .is_some_and(|f| !f.is_empty())
            {
                if !opts.dry_run {
                    let patch = json!({ "metadata": { "finalizers": null } });
                    api.patch(&name, &PatchParams::default(), &Patch::Merge(&patch))
                        .await
                        .map_err(|e| api_err(format!("{id} removing finalizers"), &e))?;
                }
                log.success(format!("{id} finalizers deleted{suffix}"));
            }
            match api.delete(&name, &dp).await {
                Ok(_) => log.success(format!("{id} deleted{suffix}")),
                Err(e) if cluster::is_not_found(&e) => {}
                Err(e) => return Err(api_err(format!("deleting {id}"), &e)),
            }
        }
    }

    log.action("deleting toolkit.fluxcd.io custom resource definitions");
    for k in api::registry::all() {
        let name = k.crd_name();
        match crd_api.delete(&name, &dp).await {
            Ok(_) => log.success(format!("CustomResourceDefinition/{name} deleted{suffix}")),
            Err(e) if cluster::is_not_found(&e) => {}
            Err(e) => {
                return Err(api_err(
                    format!("deleting CustomResourceDefinition/{name}"),
                    &e,
                ))
            }
        }
    }

    if !opts.keep_namespace {
        let ns_api: Api<Namespace> = Api::all(client.clone());
        match ns_api.delete(ns, &dp).await {
            Ok(_) => log.success(format!("Namespace/{ns} deleted{suffix}")),
            Err(e) if cluster::is_not_found(&e) => {}
            Err(e) => return Err(api_err(format!("deleting Namespace/{ns}"), &e)),
        }
    }
    log.success(format!("uninstall finished{suffix}"));
    Ok(())
}

/// The label selectors of the pods of the Flux Deployments in the namespace.
async fn controller_pod_selectors(
    client: &Client,
    ns: &str,
    lp: &ListParams,
) -> Result<Vec<String>> {
    let api: Api<Deployment> = Api::namespaced(client.clone(), ns);
    let list = api
        .list(lp)
        .await
        .map_err(|e| api_err("listing Deployment".to_string(), &e))?;
    Ok(list
        .items
        .iter()
        .filter_map(|d| d.spec.as_ref()?.selector.match_labels.as_ref())
        .filter(|labels| !labels.is_empty())
        .map(|labels| {
            labels
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect())
}

/// Beyond Flux (whose uninstall returns while the controllers still run): waits until the
/// controllers' pods are gone, so that none of them is still reconciling while the
/// finalizers and custom resources are removed. Our controllers stop within seconds of
/// SIGTERM (the installed grace periods are 60 s, 600 s for the helm-controller); after a
/// minute the uninstall goes on with a warning rather than leave the rest in place.
async fn wait_pods_gone(
    client: &Client,
    ns: &str,
    selectors: &[String],
    log: &Logger,
) -> Result<()> {
    use k8s_openapi::api::core::v1::Pod;
    let api: Api<Pod> = Api::namespaced(client.clone(), ns);
    let mut announced = false;
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let mut left = 0;
        for sel in selectors {
            left += api
                .list(&ListParams::default().labels(sel))
                .await
                .map_err(|e| api_err("listing Pod".to_string(), &e))?
                .items
                .len();
        }
        if left == 0 {
            if announced {
                log.success("controller pods terminated");
            }
            return Ok(());
        }
        if std::time::Instant::now() >= deadline {
            log.warning(format!(
                "{left} controller pod(s) still running after 1m0s, continuing"
            ));
            return Ok(());
        }
        if !announced {
            log.waiting(format!("waiting for {left} controller pod(s) to terminate"));
            announced = true;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

async fn delete_listed(
    api: &Api<DynamicObject>,
    lp: &ListParams,
    dp: &DeleteParams,
    kind: &str,
    ns: Option<&str>,
    suffix: &str,
    log: &Logger,
) -> Result<()> {
    let list = api
        .list(lp)
        .await
        .map_err(|e| api_err(format!("listing {kind}"), &e))?;
    for obj in list.items {
        let name = obj.metadata.name.unwrap_or_default();
        let id = match ns {
            Some(ns) => format!("{kind}/{ns}/{name}"),
            None => format!("{kind}/{name}"),
        };
        match api.delete(&name, dp).await {
            Ok(_) => log.success(format!("{id} deleted{suffix}")),
            Err(e) if cluster::is_not_found(&e) => {}
            Err(e) => return Err(api_err(format!("deleting {id}"), &e)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kube_versions_parse_with_suffixes() {
        assert_eq!(parse_kube_version("v1.37.2"), Some((1, 37, 2)));
        assert_eq!(parse_kube_version("v1.33.0+k3s1"), Some((1, 33, 0)));
        assert_eq!(parse_kube_version("v1.34.1-eks-1"), Some((1, 34, 1)));
        assert_eq!(parse_kube_version("garbage"), None);
    }
}
