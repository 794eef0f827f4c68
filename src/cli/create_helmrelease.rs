//! `flux create helmrelease|hr NAME`: builds a HelmRelease from Flux's flags (a chart template
//! from `--source`/`--chart`, or `--chart-ref`; values from local files and `--values-from`),
//! then prints it (`--export`) or applies it and waits for its first release.

use serde_json::{json, Map, Value};

use super::create::CreateCommon;
use super::kinds::{self, HELM_RELEASE};
use super::Global;
use crate::api::Duration;

/// `--source`: `<kind>/<name>.<namespace>` with a kind Flux accepts for chart templates
/// (case-insensitive, written as Flux spells it).
fn parse_source(s: &str) -> Result<(String, String, Option<String>), String> {
    const KINDS: [&str; 3] = ["HelmRepository", "GitRepository", "Bucket"];
    if s.trim().is_empty() {
        return Err(format!(
            "no helm chart source given, please specify source that contains the chart in the format '<kind>/<name>.<namespace>', where kind must be one of: ({})",
            KINDS.join(", ")
        ));
    }
    let (kind, name, ns) = kind_name_namespace(s);
    if kind.is_empty() || name.is_empty() {
        return Err(format!(
            "invalid helm chart source '{s}', must be in format <kind>/<name>"
        ));
    }
    let kind = KINDS
        .iter()
        .find(|k| k.eq_ignore_ascii_case(&kind))
        .ok_or_else(|| {
            format!(
                "source kind '{kind}' is not supported, must be one of: {}",
                KINDS.join(", ")
            )
        })?;
    Ok((kind.to_string(), name, ns))
}

/// `--crds`: Flux's CRD policies.
fn parse_crds(s: &str) -> Result<String, String> {
    const POLICIES: [&str; 3] = ["Skip", "Create", "CreateReplace"];
    if s.trim().is_empty() {
        return Err(format!(
            "no upgrade CRDs policy given, must be one of: {}",
            POLICIES.join(", ")
        ));
    }
    if !POLICIES.contains(&s) {
        return Err(format!(
            "unsupported upgrade CRDs policy '{s}', must be one of: {}",
            POLICIES.join(", ")
        ));
    }
    Ok(s.to_string())
}

/// Flux's `ParseObjectKindNameNamespace`: `kind/name.namespace`.
fn kind_name_namespace(s: &str) -> (String, String, Option<String>) {
    let (kind, rest) = s.split_once('/').unwrap_or(("", s));
    match rest.split_once('.') {
        Some((n, ns)) => (kind.to_string(), n.to_string(), Some(ns.to_string())),
        None => (kind.to_string(), rest.to_string(), None),
    }
}

/// Flags of `flux create helmrelease`.
#[derive(Debug, clap::Args)]
pub struct CreateHelmReleaseArgs {
    /// Name of the HelmRelease.
    pub name: String,
    #[command(flatten)]
    pub common: CreateCommon,
    /// Name used for the Helm release, defaults to a composition of
    /// '[<target-namespace>-]<HelmRelease-name>'.
    #[arg(long = "release-name")]
    pub release_name: Option<String>,
    /// Source that contains the chart in the format '<kind>/<name>.<namespace>', where kind
    /// must be one of: (HelmRepository, GitRepository, Bucket).
    #[arg(long, value_parser = parse_source)]
    pub source: Option<(String, String, Option<String>)>,
    /// Helm chart name or path.
    #[arg(long)]
    pub chart: Option<String>,
    /// Helm chart version, accepts a semver range (ignored for charts from GitRepository
    /// sources).
    #[arg(long = "chart-version")]
    pub chart_version: Option<String>,
    /// HelmReleases that must be ready before this release can be installed, supported
    /// formats '<name>' and '<namespace>/<name>'.
    #[arg(long = "depends-on", value_delimiter = ',')]
    pub depends_on: Vec<String>,
    /// Namespace to install this release, defaults to the HelmRelease namespace.
    #[arg(long = "target-namespace")]
    pub target_namespace: Option<String>,
    /// Namespace to store the Helm release, defaults to the target namespace.
    #[arg(long = "storage-namespace")]
    pub storage_namespace: Option<String>,
    /// Create the target namespace if it does not exist.
    #[arg(long = "create-target-namespace", num_args = 0..=1, default_missing_value = "true", action = clap::ArgAction::Set, default_value_t = false)]
    pub create_target_namespace: bool,
    /// The name of the service account to impersonate when reconciling this HelmRelease.
    #[arg(long = "service-account")]
    pub service_account: Option<String>,
    /// The reconcile strategy for helm chart created by the helm release(accepted values:
    /// Revision and ChartRevision).
    #[arg(long = "reconcile-strategy", default_value = "ChartVersion")]
    pub reconcile_strategy: String,
    /// The interval of which to check for new chart versions.
    #[arg(long = "chart-interval")]
    pub chart_interval: Option<Duration>,
    /// Local path to values.yaml files, also accepts comma-separated values.
    #[arg(long = "values", value_delimiter = ',')]
    pub values: Vec<String>,
    /// A Kubernetes object reference that contains the values.yaml data key in the format
    /// '<kind>/<name>', where kind must be one of: (Secret,ConfigMap).
    #[arg(long = "values-from", value_delimiter = ',')]
    pub values_from: Vec<String>,
    /// Upgrade CRDs policy.
    #[arg(long, value_parser = parse_crds)]
    pub crds: Option<String>,
    /// The name of the Kubernetes Secret that contains a key with the kubeconfig file for
    /// connecting to a remote cluster.
    #[arg(long = "kubeconfig-secret-ref")]
    pub kubeconfig_secret_ref: Option<String>,
    /// The name of the HelmChart resource to use as source for the HelmRelease, in the format
    /// '<kind>/<name>.<namespace>', where kind must be one of: (OCIRepository,HelmChart).
    #[arg(long = "chart-ref")]
    pub chart_ref: Option<String>,
}

impl CreateHelmReleaseArgs {
    /// The HelmRelease object, as Flux builds it.
    pub fn to_object(&self, namespace: &str) -> anyhow::Result<Value> {
        let chart = self.chart.clone().filter(|c| !c.is_empty());
        let chart_ref = self.chart_ref.clone().filter(|c| !c.is_empty());
        if chart.is_none() && chart_ref.is_none() {
            anyhow::bail!("chart or chart-ref is required");
        }
        if chart.is_some() && chart_ref.is_some() {
            anyhow::bail!("cannot use --chart in combination with --chart-ref");
        }
        let labels = self.common.labels()?;
        if !["Revision", "ChartVersion"].contains(&self.reconcile_strategy.as_str()) {
            anyhow::bail!(
                "'{}' is an invalid reconcile strategy(valid: Revision, ChartVersion)",
                self.reconcile_strategy
            );
        }
        let target = self.target_namespace.clone().filter(|t| !t.is_empty());
        let storage = self
            .storage_namespace
            .clone()
            .filter(|s| !s.is_empty())
            .or_else(|| target.clone());
        let mut spec = Map::new();
        if let Some(n) = self.release_name.as_ref().filter(|n| !n.is_empty()) {
            spec.insert("releaseName".into(), json!(n));
        }
        spec.insert("interval".into(), json!(self.common.interval.to_string()));
        if let Some(t) = &target {
            spec.insert("targetNamespace".into(), json!(t));
        }
        if let Some(s) = &storage {
            spec.insert("storageNamespace".into(), json!(s));
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
        if let Some(chart) = chart {
            let (kind, name, ns) = self.source.clone().unwrap_or_default();
            let mut source_ref = json!({ "kind": kind, "name": name });
            if let Some(ns) = ns {
                source_ref["namespace"] = json!(ns);
            }
            let mut tpl = json!({
                "chart": chart,
                "sourceRef": source_ref,
                "reconcileStrategy": self.reconcile_strategy,
            });
            if let Some(v) = self.chart_version.as_ref().filter(|v| !v.is_empty()) {
                tpl["version"] = json!(v);
            }
            if let Some(i) = self
                .chart_interval
                .as_ref()
                .filter(|i| i.std().as_nanos() > 0)
            {
                tpl["interval"] = json!(i.to_string());
            }
            spec.insert("chart".into(), json!({ "spec": tpl }));
        } else if let Some(r) = chart_ref {
            let (kind, name, ns) = kind_name_namespace(&r);
            if kind != "HelmChart" && kind != "OCIRepository" {
                anyhow::bail!(
                    "chart reference kind '{kind}' is not supported, must be one of: OCIRepository, HelmChart"
                );
            }
            let mut reference = json!({ "kind": kind, "name": name });
            if let Some(ns) = ns {
                reference["namespace"] = json!(ns);
            }
            spec.insert("chartRef".into(), reference);
        }
        if let Some(k) = self
            .kubeconfig_secret_ref
            .as_ref()
            .filter(|k| !k.is_empty())
        {
            spec.insert("kubeConfig".into(), json!({ "secretRef": { "name": k } }));
        }
        let mut install = Map::new();
        if self.create_target_namespace {
            install.insert("createNamespace".into(), json!(true));
        }
        if let Some(sa) = self.service_account.as_ref().filter(|s| !s.is_empty()) {
            spec.insert("serviceAccountName".into(), json!(sa));
        }
        if let Some(crds) = &self.crds {
            install.insert("crds".into(), json!("Create"));
            spec.insert("upgrade".into(), json!({ "crds": crds }));
        }
        if !install.is_empty() {
            spec.insert("install".into(), Value::Object(install));
        }
        if !self.values.is_empty() {
            let mut merged = Map::new();
            for file in &self.values {
                let text = std::fs::read_to_string(file)
                    .map_err(|e| anyhow::anyhow!("reading values from {file} failed: {e}"))?;
                let doc = crate::kustomize::yaml::parse_first_v2(&text).map_err(|e| {
                    anyhow::anyhow!("converting values to JSON from {file} failed: {e}")
                })?;
                let map = match doc {
                    Value::Object(m) => m,
                    Value::Null => Map::new(),
                    _ => anyhow::bail!(
                        "unmarshaling values from {file} failed: json: cannot unmarshal array into Go value of type map[string]interface {{}}"
                    ),
                };
                merged = crate::helm::chart::merge_maps(&merged, &map);
            }
            spec.insert("values".into(), Value::Object(merged));
        }
        if !self.values_from.is_empty() {
            let mut refs = Vec::new();
            for v in &self.values_from {
                let Some((kind, name)) = v.split_once('/').filter(|(k, _)| !k.is_empty()) else {
                    anyhow::bail!(
                        "invalid Kubernetes object reference '{v}', must be in format <kind>/<name>"
                    );
                };
                let kind = ["Secret", "ConfigMap"]
                    .iter()
                    .find(|k| k.eq_ignore_ascii_case(kind))
                    .ok_or_else(|| {
                        anyhow::anyhow!(
                            "reference kind '{kind}' is not supported, must be one of: Secret, ConfigMap"
                        )
                    })?;
                refs.push(json!({ "kind": kind, "name": name }));
            }
            spec.insert("valuesFrom".into(), Value::Array(refs));
        }
        let mut metadata = json!({ "name": self.name, "namespace": namespace });
        if let Some(labels) = labels {
            metadata["labels"] = serde_json::to_value(labels)?;
        }
        Ok(json!({
            "apiVersion": "helm.toolkit.fluxcd.io/v2",
            "kind": "HelmRelease",
            "metadata": metadata,
            "spec": Value::Object(spec),
        }))
    }
}

/// Runs `flux create helmrelease`.
pub async fn run(args: CreateHelmReleaseArgs, g: &Global) -> anyhow::Result<()> {
    let obj = args.to_object(&g.namespace)?;
    if args.common.export {
        return Ok(crate::output::print_stdout(&kinds::export_yaml(&[obj])?)?);
    }
    super::create::apply_and_wait(g, &obj, &HELM_RELEASE, &args.name).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_take_flux_spelling_and_refuse_other_kinds() {
        assert_eq!(
            parse_source("Helmrepository/podinfo.flux-system").unwrap(),
            (
                "HelmRepository".into(),
                "podinfo".into(),
                Some("flux-system".into())
            )
        );
        assert_eq!(
            parse_source("foobar/podinfo").unwrap_err(),
            "source kind 'foobar' is not supported, must be one of: HelmRepository, GitRepository, Bucket"
        );
        assert!(parse_crds("Create").is_ok());
        assert!(parse_crds("create").is_err());
    }
}
