//! The install manifest set: what `flux install --export` prints and `flux install` applies.
//!
//! Owns the object list Flux installs (namespace, resource quota, CRDs, RBAC, network policies,
//! and per controller a ServiceAccount, Service and Deployment), built purely from
//! [`InstallOptions`]. Each Deployment runs this binary as `flux serve <controller>`. No cluster
//! access happens here.

use serde_json::{json, Value};

use crate::api::{self, Controller};

/// Errors in the install options.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A component name is not one Flux knows.
    #[error("component {0:?} is not supported, valid components are: {valid}", valid = valid_components())]
    UnknownComponent(String),
    /// The log level is not one Flux accepts.
    #[error("log level {0:?} is not supported, valid values are: trace, debug, info, error")]
    LogLevel(String),
    /// The namespace is not a DNS-1123 label.
    #[error("namespace {0:?} is not a valid DNS-1123 label")]
    Namespace(String),
    /// Rendering failed.
    #[error(transparent)]
    Output(#[from] crate::output::Error),
}

/// Result alias for this module.
pub type Result<T> = std::result::Result<T, Error>;

fn valid_components() -> String {
    Controller::ALL
        .iter()
        .map(|c| c.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The default components of `flux install`, Flux's.
pub const DEFAULT_COMPONENTS: &[&str] = &[
    "source-controller",
    "kustomize-controller",
    "helm-controller",
    "notification-controller",
];

/// The optional components of `flux install --components-extra`.
pub const EXTRA_COMPONENTS: &[&str] = &[
    "image-reflector-controller",
    "image-automation-controller",
    "source-watcher",
];

/// The default registry of our controller image.
pub const DEFAULT_REGISTRY: &str = "ghcr.io/flux-rs";

/// The name of our controller image inside the registry.
pub const IMAGE_NAME: &str = "flux";

/// Everything that shapes the install manifests.
#[derive(Clone, Debug)]
pub struct InstallOptions {
    /// Namespace the controllers run in.
    pub namespace: String,
    /// Version written into labels and the image tag (`v0.1.0`).
    pub version: String,
    /// Components to install.
    pub components: Vec<Controller>,
    /// Container registry of the controller image.
    pub registry: String,
    /// Name of an image pull Secret to reference from every Deployment.
    pub image_pull_secret: Option<String>,
    /// Watch all namespaces (true) or only the install namespace.
    pub watch_all_namespaces: bool,
    /// Create the network policies.
    pub network_policy: bool,
    /// Log level of the controllers.
    pub log_level: String,
    /// Cluster DNS domain.
    pub cluster_domain: String,
    /// Taint keys the controllers tolerate.
    pub toleration_keys: Vec<String>,
    /// `--registry-creds` (user, password): written to the `image_pull_secret` Secret in the
    /// cluster (never into the manifests).
    pub registry_credential: Option<(String, String)>,
}

impl Default for InstallOptions {
    fn default() -> Self {
        InstallOptions {
            namespace: "flux-system".into(),
            version: crate::version::version(),
            components: DEFAULT_COMPONENTS
                .iter()
                .filter_map(|c| Controller::from_name(c))
                .collect(),
            registry: DEFAULT_REGISTRY.into(),
            image_pull_secret: None,
            watch_all_namespaces: true,
            network_policy: true,
            log_level: "info".into(),
            cluster_domain: "cluster.local".into(),
            toleration_keys: vec![],
            registry_credential: None,
        }
    }
}

/// Parses component names (`--components` plus `--components-extra`), keeping Flux's order and
/// refusing unknown names.
pub fn parse_components(names: &[String]) -> Result<Vec<Controller>> {
    let mut out = Vec::new();
    for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        let c = Controller::from_name(name).ok_or_else(|| Error::UnknownComponent(name.into()))?;
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out.sort();
    Ok(out)
}

pub use crate::api::meta::is_dns1123_label;

impl InstallOptions {
    /// Checks the options a user can get wrong.
    pub fn validate(&self) -> Result<()> {
        if !is_dns1123_label(&self.namespace) {
            return Err(Error::Namespace(self.namespace.clone()));
        }
        if !["trace", "debug", "info", "error"].contains(&self.log_level.as_str()) {
            return Err(Error::LogLevel(self.log_level.clone()));
        }
        Ok(())
    }

    /// The controller image reference.
    pub fn image(&self) -> String {
        format!(
            "{}/{}:{}",
            self.registry.trim_end_matches('/'),
            IMAGE_NAME,
            self.version
        )
    }

    fn labels(&self) -> Value {
        json!({
            "app.kubernetes.io/instance": self.namespace,
            "app.kubernetes.io/part-of": "flux",
            "app.kubernetes.io/version": self.version,
        })
    }

    fn component_labels(&self, c: Controller) -> Value {
        let mut l = self.labels();
        l["app.kubernetes.io/component"] = json!(c.name());
        l
    }

    /// The comment header Flux writes at the top of gotk-components.yaml.
    pub fn header(&self) -> String {
        let names: Vec<&str> = self.components.iter().map(|c| c.name()).collect();
        format!(
            "# This manifest was generated by flux. DO NOT EDIT.\n# Flux Version: {}\n# Components: {}\n",
            self.version,
            names.join(",")
        )
    }
}

/// Builds every object of the install, in apply order.
pub fn objects(opts: &InstallOptions) -> Result<Vec<Value>> {
    opts.validate()?;
    let mut out = vec![namespace(opts), resource_quota(opts)];
    out.extend(crds(opts));
    for c in &opts.components {
        out.push(service_account(opts, *c));
    }
    out.extend(rbac(opts));
    for c in &opts.components {
        out.extend(services(opts, *c));
    }
    for c in &opts.components {
        out.push(deployment(opts, *c));
    }
    if opts.network_policy {
        out.extend(network_policies(opts));
    }
    Ok(out)
}

/// Renders the install as Flux's gotk-components.yaml: header, then `---` separated objects.
pub fn render(opts: &InstallOptions) -> Result<String> {
    let objs = objects(opts)?;
    let mut out = String::from("---\n");
    out.push_str(&opts.header());
    let stream = crate::output::to_yaml_stream(&objs)?;
    out.push_str(stream.strip_prefix("---\n").unwrap_or(&stream));
    Ok(out)
}

fn namespace(o: &InstallOptions) -> Value {
    let mut labels = o.labels();
    labels["pod-security.kubernetes.io/warn"] = json!("restricted");
    labels["pod-security.kubernetes.io/warn-version"] = json!("latest");
    json!({
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": { "labels": labels, "name": o.namespace },
    })
}

fn resource_quota(o: &InstallOptions) -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "ResourceQuota",
        "metadata": {
            "labels": o.labels(),
            "name": "critical-pods-".to_string() + &o.namespace,
            "namespace": o.namespace,
        },
        "spec": {
            "hard": { "pods": "1000" },
            "scopeSelector": {
                "matchExpressions": [{
                    "operator": "In",
                    "scopeName": "PriorityClass",
                    "values": ["system-node-critical", "system-cluster-critical"],
                }],
            },
        },
    })
}

/// The CRDs of the selected components, labelled like Flux's.
fn crds(o: &InstallOptions) -> Vec<Value> {
    let mut kinds = api::kinds();
    kinds.retain(|k| o.components.contains(&k.controller));
    kinds.sort_by(|a, b| a.crd.metadata.name.cmp(&b.crd.metadata.name));
    kinds
        .into_iter()
        .map(|k| {
            let mut v = serde_json::to_value(&k.crd).unwrap_or(Value::Null);
            let labels = o.component_labels(k.controller);
            if let Some(meta) = v.get_mut("metadata").and_then(Value::as_object_mut) {
                let name = meta.remove("name");
                meta.insert("labels".into(), labels);
                if let Some(name) = name {
                    meta.insert("name".into(), name);
                }
            }
            v
        })
        .collect()
}

fn service_account(o: &InstallOptions, c: Controller) -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "ServiceAccount",
        "metadata": { "labels": o.labels(), "name": c.name(), "namespace": o.namespace },
    })
}

/// Every API group the controllers own.
const FLUX_GROUPS: &[&str] = &[
    "source.toolkit.fluxcd.io",
    "kustomize.toolkit.fluxcd.io",
    "helm.toolkit.fluxcd.io",
    "notification.toolkit.fluxcd.io",
    "image.toolkit.fluxcd.io",
];

fn rbac(o: &InstallOptions) -> Vec<Value> {
    let ns = &o.namespace;
    let subjects: Vec<Value> = o
        .components
        .iter()
        .map(|c| json!({ "kind": "ServiceAccount", "name": c.name(), "namespace": ns }))
        .collect();
    let reconcilers: Vec<Value> = o
        .components
        .iter()
        .filter(|c| matches!(c, Controller::Kustomize | Controller::Helm))
        .map(|c| json!({ "kind": "ServiceAccount", "name": c.name(), "namespace": ns }))
        .collect();
    let mut edit_labels = o.labels();
    edit_labels["rbac.authorization.k8s.io/aggregate-to-admin"] = json!("true");
    edit_labels["rbac.authorization.k8s.io/aggregate-to-edit"] = json!("true");
    let mut view_labels = edit_labels.clone();
    view_labels["rbac.authorization.k8s.io/aggregate-to-view"] = json!("true");
    let mut out = vec![
        json!({
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "ClusterRole",
            "metadata": { "labels": o.labels(), "name": format!("crd-controller-{ns}") },
            "rules": [
                { "apiGroups": FLUX_GROUPS, "resources": ["*"], "verbs": ["*"] },
                { "apiGroups": ["source.extensions.fluxcd.io"], "resources": ["*"], "verbs": ["*"] },
                { "apiGroups": [""], "resources": ["namespaces", "secrets", "configmaps", "serviceaccounts"], "verbs": ["get", "list", "watch"] },
                { "apiGroups": [""], "resources": ["events"], "verbs": ["create", "patch"] },
                { "apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "list", "watch", "create", "update", "patch", "delete"] },
                { "apiGroups": [""], "resources": ["configmaps/status"], "verbs": ["get", "update", "patch"] },
                { "apiGroups": ["coordination.k8s.io"], "resources": ["leases"], "verbs": ["get", "list", "watch", "create", "update", "patch", "delete"] },
                { "apiGroups": [""], "resources": ["serviceaccounts/token"], "verbs": ["create"] },
            ],
        }),
        json!({
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "ClusterRoleBinding",
            "metadata": { "labels": o.labels(), "name": format!("crd-controller-{ns}") },
            "roleRef": { "apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": format!("crd-controller-{ns}") },
            "subjects": subjects,
        }),
    ];
    if !reconcilers.is_empty() {
        out.push(json!({
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "ClusterRoleBinding",
            "metadata": { "labels": o.labels(), "name": format!("cluster-reconciler-{ns}") },
            "roleRef": { "apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin" },
            "subjects": reconcilers,
        }));
    }
    out.push(json!({
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "ClusterRole",
        "metadata": { "labels": edit_labels, "name": format!("flux-edit-{ns}") },
        "rules": [{
            "apiGroups": FLUX_GROUPS,
            "resources": ["*"],
            "verbs": ["create", "delete", "deletecollection", "patch", "update"],
        }],
    }));
    out.push(json!({
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "ClusterRole",
        "metadata": { "labels": view_labels, "name": format!("flux-view-{ns}") },
        "rules": [{
            "apiGroups": FLUX_GROUPS,
            "resources": ["*"],
            "verbs": ["get", "list", "watch"],
        }],
    }));
    out
}

fn service(o: &InstallOptions, c: Controller, name: &str, target: &str) -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": { "labels": o.component_labels(c), "name": name, "namespace": o.namespace },
        "spec": {
            "ports": [{ "name": "http", "port": 80, "protocol": "TCP", "targetPort": target }],
            "selector": { "app": c.name() },
            "type": "ClusterIP",
        },
    })
}

fn services(o: &InstallOptions, c: Controller) -> Vec<Value> {
    match c {
        Controller::Source => vec![service(o, c, "source-controller", "http")],
        Controller::SourceWatcher => vec![service(o, c, "source-watcher", "http")],
        Controller::Notification => vec![
            service(o, c, "notification-controller", "http"),
            service(o, c, "webhook-receiver", "http-webhook"),
        ],
        _ => vec![],
    }
}

fn deployment(o: &InstallOptions, c: Controller) -> Value {
    let ns = &o.namespace;
    let domain = &o.cluster_domain;
    let mut args = vec![
        "serve".to_string(),
        c.name().to_string(),
        format!("--events-addr=http://notification-controller.{ns}.svc.{domain}./"),
        format!("--watch-all-namespaces={}", o.watch_all_namespaces),
        format!("--log-level={}", o.log_level),
        "--log-encoding=json".to_string(),
        "--enable-leader-election".to_string(),
    ];
    let mut ports = vec![];
    let mut mounts = vec![json!({ "mountPath": "/tmp", "name": "temp" })];
    let mut volumes = vec![json!({ "emptyDir": {}, "name": "temp" })];
    let mut readiness = json!({ "httpGet": { "path": "/readyz", "port": "healthz" } });
    match c {
        Controller::Source => {
            args.push("--storage-path=/data".into());
            args.push(format!(
                "--storage-adv-addr=source-controller.$(RUNTIME_NAMESPACE).svc.{domain}."
            ));
            ports.push(json!({ "containerPort": 9090, "name": "http", "protocol": "TCP" }));
            mounts.push(json!({ "mountPath": "/data", "name": "data" }));
            volumes.push(json!({ "emptyDir": {}, "name": "data" }));
            readiness = json!({ "httpGet": { "path": "/", "port": "http" } });
        }
        Controller::Notification => {
            // notification-controller binds its event server; it does not post to itself.
            args.retain(|a| !a.starts_with("--events-addr"));
            args.push("--receiverAddr=:9292".into());
            ports.push(json!({ "containerPort": 9090, "name": "http", "protocol": "TCP" }));
            ports.push(json!({ "containerPort": 9292, "name": "http-webhook", "protocol": "TCP" }));
        }
        Controller::SourceWatcher => {
            args.push("--storage-path=/data".into());
            args.push(format!(
                "--storage-adv-addr=source-watcher.$(RUNTIME_NAMESPACE).svc.{domain}."
            ));
            ports.push(json!({ "containerPort": 9090, "name": "http", "protocol": "TCP" }));
            mounts.push(json!({ "mountPath": "/data", "name": "data" }));
            volumes.push(json!({ "emptyDir": {}, "name": "data" }));
            readiness = json!({ "httpGet": { "path": "/", "port": "http" } });
        }
        Controller::ImageReflector => {
            args.push("--storage-path=/data".into());
            mounts.push(json!({ "mountPath": "/data", "name": "data" }));
            volumes.push(json!({ "emptyDir": {}, "name": "data" }));
        }
        _ => {}
    }
    ports.push(json!({ "containerPort": 8080, "name": "http-prom", "protocol": "TCP" }));
    ports.push(json!({ "containerPort": 9440, "name": "healthz", "protocol": "TCP" }));
    let tolerations: Vec<Value> = o
        .toleration_keys
        .iter()
        .map(|k| json!({ "key": k, "operator": "Exists" }))
        .collect();
    let mut pod_spec = json!({
        "containers": [{
            "args": args,
            "env": [{
                "name": "RUNTIME_NAMESPACE",
                "valueFrom": { "fieldRef": { "fieldPath": "metadata.namespace" } },
            }],
            "image": o.image(),
            "imagePullPolicy": "IfNotPresent",
            "livenessProbe": { "httpGet": { "path": "/healthz", "port": "healthz" } },
            "name": "manager",
            "ports": ports,
            "readinessProbe": readiness,
            "resources": {
                "limits": { "cpu": "1000m", "memory": "1Gi" },
                "requests": { "cpu": "50m", "memory": "64Mi" },
            },
            "securityContext": {
                "allowPrivilegeEscalation": false,
                "capabilities": { "drop": ["ALL"] },
                "readOnlyRootFilesystem": true,
                "runAsNonRoot": true,
                "seccompProfile": { "type": "RuntimeDefault" },
            },
            "volumeMounts": mounts,
        }],
        "nodeSelector": { "kubernetes.io/os": "linux" },
        "priorityClassName": "system-cluster-critical",
        "securityContext": { "fsGroup": 1337 },
        "serviceAccountName": c.name(),
        "terminationGracePeriodSeconds": if matches!(c, Controller::Helm) { 600 } else { 60 },
        "volumes": volumes,
    });
    if let Some(secret) = &o.image_pull_secret {
        pod_spec["imagePullSecrets"] = json!([{ "name": secret }]);
    }
    if !tolerations.is_empty() {
        pod_spec["tolerations"] = json!(tolerations);
    }
    let mut pod_labels = json!({ "app": c.name() });
    pod_labels["app.kubernetes.io/component"] = json!(c.name());
    json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {
            "labels": o.component_labels(c),
            "name": c.name(),
            "namespace": ns,
        },
        "spec": {
            "replicas": 1,
            "selector": { "matchLabels": { "app": c.name() } },
            "template": {
                "metadata": {
                    "annotations": { "prometheus.io/port": "8080", "prometheus.io/scrape": "true" },
                    "labels": pod_labels,
                },
                "spec": pod_spec,
            },
        },
    })
}

fn network_policies(o: &InstallOptions) -> Vec<Value> {
    let ns = &o.namespace;
    vec![
        json!({
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": { "labels": o.labels(), "name": "allow-egress", "namespace": ns },
            "spec": {
                "egress": [{}],
                "ingress": [{ "from": [{ "podSelector": {} }] }],
                "podSelector": {},
                "policyTypes": ["Ingress", "Egress"],
            },
        }),
        json!({
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": { "labels": o.labels(), "name": "allow-scraping", "namespace": ns },
            "spec": {
                "ingress": [{
                    "from": [{ "namespaceSelector": {} }],
                    "ports": [{ "port": 8080, "protocol": "TCP" }],
                }],
                "podSelector": {},
                "policyTypes": ["Ingress"],
            },
        }),
        json!({
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": { "labels": o.labels(), "name": "allow-webhooks", "namespace": ns },
            "spec": {
                "ingress": [{ "from": [{ "namespaceSelector": {} }] }],
                "podSelector": { "matchLabels": { "app": "notification-controller" } },
                "policyTypes": ["Ingress"],
            },
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(objs: &[Value]) -> Vec<String> {
        objs.iter()
            .map(|o| {
                format!(
                    "{}/{}",
                    o["kind"].as_str().unwrap(),
                    o["metadata"]["name"].as_str().unwrap()
                )
            })
            .collect()
    }

    #[test]
    fn default_install_has_flux_object_set() {
        let objs = objects(&InstallOptions::default()).unwrap();
        let k = kinds(&objs);
        for want in [
            "Namespace/flux-system",
            "ResourceQuota/critical-pods-flux-system",
            "CustomResourceDefinition/gitrepositories.source.toolkit.fluxcd.io",
            "CustomResourceDefinition/kustomizations.kustomize.toolkit.fluxcd.io",
            "ClusterRole/crd-controller-flux-system",
            "ClusterRoleBinding/cluster-reconciler-flux-system",
            "ClusterRole/flux-edit-flux-system",
            "ClusterRole/flux-view-flux-system",
            "Service/webhook-receiver",
            "Deployment/notification-controller",
            "NetworkPolicy/allow-webhooks",
        ] {
            assert!(k.contains(&want.to_string()), "missing {want}: {k:?}");
        }
        assert!(
            !k.iter().any(|s| s.contains("imagepolicies")),
            "extras not requested"
        );
    }

    #[test]
    fn unknown_component_is_refused_with_valid_names() {
        let err = parse_components(&["source-controller".into(), "foo".into()]).unwrap_err();
        assert!(err.to_string().contains("\"foo\""));
        assert!(err.to_string().contains("image-automation-controller"));
    }

    #[test]
    fn every_component_installs_and_the_defaults_are_fluxs() {
        for c in Controller::ALL {
            assert_eq!(parse_components(&[c.name().to_string()]).unwrap(), vec![c]);
        }
        let err = parse_components(&["helm-operator".into()]).unwrap_err();
        assert!(err.to_string().contains("is not supported"), "{err}");
        let objs = objects(&InstallOptions::default()).unwrap();
        let deployments: Vec<&str> = objs
            .iter()
            .filter(|o| o["kind"] == "Deployment")
            .filter_map(|o| o["metadata"]["name"].as_str())
            .collect();
        assert_eq!(
            deployments,
            [
                "source-controller",
                "kustomize-controller",
                "helm-controller",
                "notification-controller"
            ]
        );
    }

    #[test]
    fn deployments_run_this_binary_with_serve() {
        let objs = objects(&InstallOptions::default()).unwrap();
        let d = objs
            .iter()
            .find(|o| o["kind"] == "Deployment" && o["metadata"]["name"] == "source-controller")
            .unwrap();
        let args = &d["spec"]["template"]["spec"]["containers"][0]["args"];
        assert_eq!(args[0], "serve");
        assert_eq!(args[1], "source-controller");
    }

    #[test]
    fn network_policies_can_be_disabled() {
        let o = InstallOptions {
            network_policy: false,
            ..Default::default()
        };
        assert!(!objects(&o)
            .unwrap()
            .iter()
            .any(|v| v["kind"] == "NetworkPolicy"));
    }
}
