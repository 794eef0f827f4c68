//! `flux install`: render the install manifests (`--export`) or apply them to the cluster.

use crate::install::manifests::{self, InstallOptions, DEFAULT_COMPONENTS, DEFAULT_REGISTRY};

/// Flags of `flux install`.
#[derive(Debug, clap::Args)]
pub struct InstallArgs {
    /// Write the install manifests to stdout and exit.
    #[arg(long)]
    pub export: bool,
    #[command(flatten)]
    pub components: ComponentArgs,
}

/// The component flags `flux install` and `flux bootstrap` share.
#[derive(Debug, Clone, clap::Args)]
pub struct ComponentArgs {
    /// Toolkit version (the version of this binary; other versions are refused).
    #[arg(short = 'v', long)]
    pub version: Option<String>,
    /// List of components to install. Flux's default helm-controller is left out: this version
    /// cannot run it yet, and asking for it is refused.
    #[arg(long, value_delimiter = ',', default_values_t = DEFAULT_COMPONENTS.iter().map(|s| s.to_string()))]
    pub components: Vec<String>,
    /// List of components in addition to those supplied or defaulted (image-reflector-controller
    /// and image-automation-controller are not available in this version and are refused).
    #[arg(long, value_delimiter = ',')]
    pub components_extra: Vec<String>,
    /// Container registry where the toolkit images are published.
    #[arg(long, default_value = DEFAULT_REGISTRY)]
    pub registry: String,
    /// Kubernetes secret name used for pulling the toolkit images from a private registry.
    #[arg(long)]
    pub image_pull_secret: Option<String>,
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
    /// Flux's default components this version leaves out, when the defaults are used; said
    /// once on stderr so that nobody expects them.
    pub fn left_out_note(&self) -> Option<String> {
        let defaults: Vec<String> = DEFAULT_COMPONENTS.iter().map(|s| s.to_string()).collect();
        (self.components == defaults).then(|| {
            format!(
                "{} left out of the default components: not available in this version",
                manifests::LEFT_OUT_COMPONENTS.join(", ")
            )
        })
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
        let opts = InstallOptions {
            namespace: namespace.to_string(),
            version: ours,
            components: manifests::parse_components(&names)?,
            registry: self.registry.clone(),
            image_pull_secret: self.image_pull_secret.clone(),
            watch_all_namespaces: self.watch_all_namespaces,
            network_policy: self.network_policy,
            log_level: self.log_level.clone(),
            cluster_domain: self.cluster_domain.clone(),
            toleration_keys: self.toleration_keys.clone(),
        };
        opts.validate()?;
        Ok(opts)
    }
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
    if let Some(note) = args.components.left_out_note() {
        log.warning(note);
    }
    g.within_timeout("install", async {
        let client = g.client().await?;
        crate::install::install(client, &opts, g.timeout.std(), &log).await?;
        Ok(())
    })
    .await
}
