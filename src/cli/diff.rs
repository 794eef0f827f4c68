//! `flux diff kustomization NAME --path DIR`: builds the local files as the controller would,
//! dry-runs every object against the cluster and prints what would be created, what drifted
//! (with the changed fields) and, when the Kustomization prunes, what would be deleted.
//! Exit code 0: no difference; 1: differences; 2: an error.

use crate::apply::diff::{deleted, diff_objects, ObjectDiff};
use crate::apply::inventory;
use crate::cluster::Cluster;

/// Flags of `flux diff kustomization`.
#[derive(Debug, clap::Args)]
pub struct DiffKustomizationArgs {
    /// The Kustomization name.
    pub name: String,
    /// Path to a local directory that matches the specified Kustomization.spec.path.
    #[arg(long)]
    pub path: std::path::PathBuf,
    /// Path to the Flux Kustomization YAML file.
    #[arg(long)]
    pub kustomization_file: Option<std::path::PathBuf>,
    /// Set paths to ignore in .gitignore format.
    #[arg(long, value_delimiter = ',')]
    pub ignore_paths: Vec<String>,
    /// Fail on variables without a value in post-build substitution.
    #[arg(long)]
    pub strict_substitute: bool,
    /// Accepted for compatibility: no progress bar is drawn.
    #[arg(long, default_value_t = true, num_args = 0..=1, default_missing_value = "true", action = clap::ArgAction::Set)]
    pub progress_bar: bool,
}

/// Runs the command; returns whether anything would change.
pub async fn run(args: DiffKustomizationArgs, g: &super::Global) -> anyhow::Result<bool> {
    let build_args = super::build::BuildKustomizationArgs {
        name: args.name.clone(),
        path: args.path.clone().into(),
        kustomization_file: args.kustomization_file.clone(),
        ignore_paths: args.ignore_paths.clone(),
        dry_run: false,
        strict_substitute: args.strict_substitute,
        in_memory_build: true,
    };
    let (ks, objects) = super::build::load_and_build(&build_args, g).await?;
    let mut cluster = Cluster::new(g.client().await?);
    let diffs = diff_objects(
        &mut cluster,
        crate::controllers::kustomize::CONTROLLER,
        &objects,
    )
    .await?;
    let mut out = String::new();
    let mut changed = false;
    for d in &diffs {
        match d {
            ObjectDiff::Created(s) => {
                out.push_str(&format!("► {s} created\n"));
                changed = true;
            }
            ObjectDiff::Drifted(s, report) => {
                out.push_str(&format!("► {s} drifted\n{report}\n"));
                changed = true;
            }
            ObjectDiff::Unchanged(_) => {}
        }
    }
    if ks.spec.prune {
        let old = crate::controllers::kustomize::inventory_of(&ks);
        for s in deleted(&old, &inventory(&objects)) {
            out.push_str(&format!("► {s} deleted\n"));
            changed = true;
        }
    }
    crate::output::print_stdout(&out)?;
    Ok(changed)
}
