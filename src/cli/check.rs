//! `flux check [--pre]`: verify the prerequisites and the installation.

use crate::install::manifests::{self, DEFAULT_COMPONENTS};
use crate::install::CheckOptions;

/// Flags of `flux check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Only run pre-installation checks.
    #[arg(long)]
    pub pre: bool,
    /// List of components, accepts comma-separated values.
    #[arg(long, value_delimiter = ',', default_values_t = DEFAULT_COMPONENTS.iter().map(|s| s.to_string()))]
    pub components: Vec<String>,
    /// List of components in addition to those supplied or defaulted.
    #[arg(long, value_delimiter = ',')]
    pub components_extra: Vec<String>,
    /// How often the health checker should poll the cluster for the latest state of the
    /// resources.
    #[arg(long, default_value = "5s")]
    pub poll_interval: crate::api::Duration,
}

/// Runs `flux check`.
pub async fn run(args: CheckArgs, g: &super::Global) -> anyhow::Result<()> {
    let mut names = args.components.clone();
    names.extend(args.components_extra.iter().cloned());
    let opts = CheckOptions {
        namespace: g.namespace.clone(),
        pre: args.pre,
        components: manifests::parse_components(&names)?,
        poll_interval: args.poll_interval.std(),
        timeout: g.timeout.std(),
    };
    let log = g.logger();
    let client = g.client().await?;
    crate::install::check(client, &opts, &log).await?;
    Ok(())
}
