//! `flux uninstall`: remove Flux, its objects, CRDs and namespace (after confirmation).

use crate::install::UninstallOptions;

/// Flags of `flux uninstall`.
#[derive(Debug, clap::Args)]
pub struct UninstallArgs {
    /// Skip namespace deletion.
    #[arg(long)]
    pub keep_namespace: bool,
    /// Only print the objects that would be deleted.
    #[arg(long)]
    pub dry_run: bool,
    /// Delete components without asking for confirmation.
    #[arg(short = 's', long)]
    pub silent: bool,
}

/// Runs `flux uninstall`.
pub async fn run(args: UninstallArgs, g: &super::Global) -> anyhow::Result<()> {
    if !args.dry_run && !args.silent {
        super::confirm(
            "Are you sure you want to delete Flux and its custom resource definitions",
            false,
            "--silent",
        )?;
    }
    let opts = UninstallOptions {
        namespace: g.namespace.clone(),
        keep_namespace: args.keep_namespace,
        dry_run: args.dry_run,
    };
    let log = g.logger();
    g.within_timeout("uninstall", async {
        let client = g.client().await?;
        crate::install::uninstall(client, &opts, &log).await?;
        Ok(())
    })
    .await
}
