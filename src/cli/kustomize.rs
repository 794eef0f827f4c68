//! `flux kustomize build DIR`: plain `kustomize build` output, so users need no separate
//! kustomize binary. Remote bases stay refused unless `--allow-remote-bases`.

use std::path::PathBuf;

use crate::kustomize::{build_yaml, LoadRestrictions, Options};

/// Flags of `flux kustomize build`.
#[derive(Debug, clap::Args)]
pub struct KustomizeBuildArgs {
    /// Directory holding a kustomization.yaml.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Load files from anywhere, not only from the kustomization's directory (kustomize's
    /// --load-restrictor LoadRestrictionsNone).
    #[arg(long, value_parser = ["LoadRestrictionsRootOnly", "LoadRestrictionsNone"], default_value = "LoadRestrictionsRootOnly")]
    pub load_restrictor: String,
    /// Allow resources and components from Git repositories (off by default, as in Flux).
    #[arg(long)]
    pub allow_remote_bases: bool,
}

/// Runs the command.
pub fn run(args: &KustomizeBuildArgs) -> anyhow::Result<()> {
    let opts = Options {
        load_restrictions: if args.load_restrictor == "LoadRestrictionsNone" {
            LoadRestrictions::None
        } else {
            LoadRestrictions::RootOnly
        },
        jail: None,
        allow_remote: args.allow_remote_bases,
        input_order: false,
    };
    let yaml = build_yaml(&args.dir, &opts)?;
    crate::output::print_stdout(&yaml)?;
    Ok(())
}
