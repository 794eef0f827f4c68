//! `flux install`: render the install manifests (`--export`) or apply them to the cluster.

use crate::install::manifests::{self, InstallOptions, DEFAULT_COMPONENTS, DEFAULT_REGISTRY};
use anyhow::Context;

/// Flags of `flux install`.
#[derive(Debug, clap::Args)]
pub struct InstallArgs {
    /// Write the install manifests to stdout and exit.
    #[arg(long)]
    pub export: bool,
    /// Override an existing Flux installation managed by a different tool such as Helm.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub components: ComponentArgs,
}

/// The component flags `flux install` and `flux bootstrap` share.
#[derive(Debug, Clone, clap::Args)]
pub struct ComponentArgs {
    /// Toolkit version (the version of this binary; other versions are refused).
    #[arg(short = 'v', long)]
    pub version: Option<String>,
    /// List of components to install.
    #[arg(long, value_delimiter = ',', default_values_t = DEFAULT_COMPONENTS.iter().map(|s| s.to_string()))]
    pub components: Vec<String>,
    /// List of components in addition to those supplied or defaulted: image-reflector-controller,
    /// image-automation-controller, source-watcher.
    #[arg(long, value_delimiter = ',')]
    pub components_extra: Vec<String>,
    /// Container registry where the toolkit images are published.
    #[arg(long, default_value = DEFAULT_REGISTRY)]
    pub registry: String,
    /// Kubernetes secret name used for pulling the toolkit images from a private registry.
    #[arg(long)]
    pub image_pull_secret: Option<String>,
    /// Container registry credentials in the format 'user:password', requires
    /// --image-pull-secret to be set.
    #[arg(long = "registry-creds", default_value = "")]
    pub registry_creds: String,
    /// If true, the toolkit will watch for custom resources in all namespaces.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub watch_all_namespaces: bool,
    /// Log level: trace, debug, info or error.
    #[arg(long, default_value = "info")]
    pub log_level: String,
    /// Deny ingress access to the toolkit controllers from other namespaces using network
    /// policies.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub network_policy: bool,
    /// Internal cluster domain.
    #[arg(long, default_value = "cluster.local")]
    pub cluster_domain: String,
    /// List of toleration keys used to schedule the components pods onto nodes with matching
    /// taints.
    #[arg(long, value_delimiter = ',')]
    pub toleration_keys: Vec<String>,
}

impl ComponentArgs {
    /// `--registry-creds` checked as Flux checks it: it needs `--image-pull-secret` and is
    /// `user:password`.
    fn registry_creds(&self) -> anyhow::Result<Option<(String, String)>> {
        if self.registry_creds.is_empty() {
            return Ok(None);
        }
        if self
            .image_pull_secret
            .as_deref()
            .unwrap_or_default()
            .is_empty()
        {
            anyhow::bail!("--registry-creds requires --image-pull-secret to be set");
        }
        match self
            .registry_creds
            .split(':')
            .collect::<Vec<_>>()
            .as_slice()
        {
            [user, password] => Ok(Some((user.to_string(), password.to_string()))),
            _ => anyhow::bail!("invalid --registry-creds format, expected 'user:password'"),
        }
    }

    /// Validates the flags and builds the install options.
    pub fn to_options(&self, namespace: &str) -> anyhow::Result<InstallOptions> {
        let ours = crate::version::version();
        if let Some(v) = &self.version {
            let wanted = if v.starts_with('v') {
                v.clone()
            } else {
                format!("v{v}")
            };
            if wanted != ours {
                anyhow::bail!(
                    "--version {v}: this binary installs {ours}; install another version with that version's binary"
                );
            }
        }
        let mut names = self.components.clone();
        names.extend(self.components_extra.iter().cloned());
        let components = manifests::parse_components(&names)?;
        let registry_credential = self.registry_creds()?;
        let opts = InstallOptions {
            namespace: namespace.to_string(),
            version: ours,
            components,
            registry: self.registry.clone(),
            image_pull_secret: self.image_pull_secret.clone(),
            watch_all_namespaces: self.watch_all_namespaces,
            network_policy: self.network_policy,
            log_level: self.log_level.clone(),
            cluster_domain: self.cluster_domain.clone(),
            toleration_keys: self.toleration_keys.clone(),
            registry_credential,
        };
        opts.validate()?;
        Ok(opts)
    }
}

/// Flux's look at an existing installation (the GitRepository CRD's labels): a bootstrapped
/// cluster is upgraded with `flux bootstrap`, and one installed by another tool (its
/// `app.kubernetes.io/managed-by`) is only overridden after confirmation or with `--force`.
async fn check_existing(client: &kube::Client, force: bool) -> anyhow::Result<()> {
    use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
    let api: kube::Api<CustomResourceDefinition> = kube::Api::all(client.clone());
    let Some(crd) = api
        .get_metadata_opt("gitrepositories.source.toolkit.fluxcd.io")
        .await?
    else {
        return Ok(());
    };
    let labels = crd.metadata.labels.unwrap_or_default();
    let version = labels
        .get("app.kubernetes.io/version")
        .cloned()
        .unwrap_or_default();
    if labels.contains_key("kustomize.toolkit.fluxcd.io/namespace") {
        anyhow::bail!(
            "this cluster has already been bootstrapped with Flux {version}! Please use 'flux bootstrap' to upgrade"
        );
    }
    let manager = labels
        .get("app.kubernetes.io/managed-by")
        .cloned()
        .unwrap_or_default();
    if force || manager.is_empty() || manager == "flux" {
        return Ok(());
    }
    eprintln!("Flux {version} has been installed on this cluster with {manager}!");
    super::confirm(
        &format!("Are you sure you want to override the {manager} installation? Y/N"),
        false,
        "--force",
    )
    // Declining is Flux's "installation cancelled"; other prompt errors say what to do.
    .map_err(|e| match e.to_string().as_str() {
        "aborting" => anyhow::anyhow!("installation cancelled"),
        _ => e,
    })
}

/// Runs `flux install`.
pub async fn run(args: InstallArgs, g: &super::Global) -> anyhow::Result<()> {
    let opts = args.components.to_options(&g.namespace)?;
    if args.export {
        crate::output::print_stdout(&manifests::render(&opts)?)?;
        return Ok(());
    }
    if g.verbose {
        crate::output::print_stdout(&manifests::render(&opts)?)?;
    }
    let log = g.logger();
    g.within_timeout("install", async {
        let client = g.client().await?;
        check_existing(&client, args.force).await?;
        crate::install::install(client.clone(), &opts, g.timeout.std(), &log).await?;
        if let Some(name) = &opts.image_pull_secret {
            if opts.registry_credential.is_some() {
                log.action(format!("generating image pull secret {name}"));
                crate::install::reconcile_image_pull_secret(&client, &opts)
                    .await
                    .context("install failed")?;
            }
        }
        Ok(())
    })
    .await
}
