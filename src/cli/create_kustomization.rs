//! `flux create kustomization|ks NAME`: builds a Kustomization from Flux's flags, then prints it
//! (`--export`) or applies it and waits for its first reconciliation.

use serde_json::{json, Map, Value};

use super::create::CreateCommon;
use super::kinds::{self, KUSTOMIZATION};
use super::Global;
use crate::api::Duration;

/// Flags of `flux create kustomization`.
#[derive(Debug, clap::Args)]
pub struct CreateKustomizationArgs {
    /// Name of the Kustomization.
    pub name: String,
    #[command(flatten)]
    pub common: CreateCommon,
    /// Source that contains the Kubernetes manifests in the format '<kind>/<name>.<namespace>',
    /// where kind must be one of: (GitRepository, OCIRepository, Bucket); if kind is not
    /// specified it defaults to GitRepository.
    #[arg(long)]
    pub source: String,
    /// Path to the directory containing a kustomization.yaml file.
    #[arg(long, default_value = "./")]
    pub path: String,
    /// Enable garbage collection.
    #[arg(long, num_args = 0..=1, default_missing_value = "true", action = clap::ArgAction::Set, default_value_t = false)]
    pub prune: bool,
    /// Enable health checking of all the applied resources.
    #[arg(long, num_args = 0..=1, default_missing_value = "true", action = clap::ArgAction::Set, default_value_t = false)]
    pub wait: bool,
    /// Workload to be included in the health assessment, in the format '<kind>/<name>.<namespace>'.
    #[arg(long = "health-check", value_delimiter = ',')]
    pub health_checks: Vec<String>,
    /// Timeout of health checking operations.
    #[arg(long = "health-check-timeout")]
    pub health_check_timeout: Option<Duration>,
    /// Kustomization that must be ready before this Kustomization can be applied, in the format
    /// '<name>' or '<namespace>/<name>'.
    #[arg(long = "depends-on", value_delimiter = ',')]
    pub depends_on: Vec<String>,
    /// The name of the service account to impersonate when reconciling this Kustomization.
    #[arg(long = "service-account")]
    pub service_account: Option<String>,
    /// Overrides the namespace of all Kustomization objects reconciled by this Kustomization.
    #[arg(long = "target-namespace")]
    pub target_namespace: Option<String>,
    /// Decryption provider, available options are: (sops).
    #[arg(long = "decryption-provider", value_parser = ["sops"])]
    pub decryption_provider: Option<String>,
    /// Set the decryption secret name where the private keys are stored.
    #[arg(long = "decryption-secret")]
    pub decryption_secret: Option<String>,
    /// Name of the secret containing a kubeconfig for a remote cluster.
    #[arg(long = "kubeconfig-secret-ref")]
    pub kubeconfig_secret_ref: Option<String>,
    /// The interval at which to retry a previously failed reconciliation.
    #[arg(long = "retry-interval")]
    pub retry_interval: Option<Duration>,
}

/// `<kind>/<name>.<namespace>` → (kind, name, namespace).
fn parse_ref(s: &str, default_kind: &str) -> (String, String, Option<String>) {
    let (kind, rest) = match s.split_once('/') {
        Some((k, r)) => (k.to_string(), r),
        None => (default_kind.to_string(), s),
    };
    match rest.split_once('.') {
        Some((n, ns)) => (kind, n.to_string(), Some(ns.to_string())),
        None => (kind, rest.to_string(), None),
    }
}

impl CreateKustomizationArgs {
    /// The Kustomization object.
    pub fn to_object(&self, namespace: &str) -> anyhow::Result<Value> {
        let (kind, name, ns) = parse_ref(&self.source, "GitRepository");
        let kind = match kind.to_ascii_lowercase().as_str() {
            "gitrepository" => "GitRepository",
            "ocirepository" => "OCIRepository",
            "bucket" => "Bucket",
            "externalartifact" => "ExternalArtifact",
            _ => anyhow::bail!("--source: source kind '{kind}' is not supported, must be one of: GitRepository, OCIRepository, Bucket"),
        };
        if name.is_empty() {
            anyhow::bail!("--source: the source name is required");
        }
        let mut source_ref = json!({ "kind": kind, "name": name });
        if let Some(ns) = ns {
            source_ref["namespace"] = json!(ns);
        }
        let path = if self.path.starts_with("./") || self.path == "." {
            self.path.clone()
        } else {
            format!("./{}", self.path.trim_start_matches('/'))
        };
        let mut spec = Map::new();
        spec.insert("interval".into(), json!(self.common.interval.to_string()));
        spec.insert("path".into(), json!(path));
        spec.insert("prune".into(), json!(self.prune));
        spec.insert("sourceRef".into(), source_ref);
        if self.wait {
            spec.insert("wait".into(), json!(true));
        }
        if !self.health_checks.is_empty() {
            let mut checks = Vec::new();
            for h in &self.health_checks {
                let (kind, name, ns) = parse_ref(h, "");
                if kind.is_empty() || name.is_empty() {
                    anyhow::bail!(
                        "--health-check: invalid value {h:?}, expected '<kind>/<name>.<namespace>'"
                    );
                }
                let api_version = match kind.as_str() {
                    "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" => "apps/v1",
                    "HelmRelease" => "helm.toolkit.fluxcd.io/v2",
                    "Kustomization" => "kustomize.toolkit.fluxcd.io/v1",
                    "Job" | "CronJob" => "batch/v1",
                    _ => "v1",
                };
                checks.push(json!({ "apiVersion": api_version, "kind": kind, "name": name, "namespace": ns.unwrap_or_else(|| namespace.to_string()) }));
            }
            spec.insert("healthChecks".into(), Value::Array(checks));
        }
        if let Some(t) = &self.health_check_timeout {
            spec.insert("timeout".into(), json!(t.to_string()));
        }
        if !self.depends_on.is_empty() {
            let deps: Vec<Value> = self
                .depends_on
                .iter()
                .map(|d| match d.split_once('/') {
                    Some((ns, n)) => json!({ "name": n, "namespace": ns }),
                    None => json!({ "name": d }),
                })
                .collect();
            spec.insert("dependsOn".into(), Value::Array(deps));
        }
        if let Some(sa) = &self.service_account {
            spec.insert("serviceAccountName".into(), json!(sa));
        }
        if let Some(t) = &self.target_namespace {
            spec.insert("targetNamespace".into(), json!(t));
        }
        if let Some(p) = &self.decryption_provider {
            let mut d = json!({ "provider": p });
            if let Some(s) = &self.decryption_secret {
                d["secretRef"] = json!({ "name": s });
            }
            spec.insert("decryption".into(), d);
        } else if self.decryption_secret.is_some() {
            anyhow::bail!("--decryption-secret requires --decryption-provider");
        }
        if let Some(k) = &self.kubeconfig_secret_ref {
            spec.insert("kubeConfig".into(), json!({ "secretRef": { "name": k } }));
        }
        if let Some(r) = &self.retry_interval {
            spec.insert("retryInterval".into(), json!(r.to_string()));
        }
        let mut metadata = json!({ "name": self.name, "namespace": namespace });
        if let Some(labels) = self.common.labels()? {
            metadata["labels"] = serde_json::to_value(labels)?;
        }
        Ok(json!({
            "apiVersion": "kustomize.toolkit.fluxcd.io/v1",
            "kind": "Kustomization",
            "metadata": metadata,
            "spec": Value::Object(spec),
        }))
    }
}

/// Runs `flux create kustomization`.
pub async fn run(args: CreateKustomizationArgs, g: &Global) -> anyhow::Result<()> {
    let obj = args.to_object(&g.namespace)?;
    if args.common.export {
        return Ok(crate::output::print_stdout(&kinds::export_yaml(&[obj])?)?);
    }
    super::create::apply_and_wait(g, &obj, &KUSTOMIZATION, &args.name).await
}
