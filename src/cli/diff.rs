//! `flux diff kustomization NAME --path DIR`: builds the local files as the controller would,
//! dry-runs every object against the cluster and prints what would be created, what drifted
//! (with the changed fields) and, when the Kustomization prunes, what would be deleted.
//! `flux diff helmrelease NAME [--chart PATH]` (beyond Flux) does the same for the next
//! upgrade of a HelmRelease ([`crate::controllers::helm::preview`]).
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
    /// Recursively diff Kustomizations.
    #[arg(short = 'r', long)]
    pub recursive: bool,
    /// Comma-separated list of repositories in format: Kind/namespace/name=path.
    #[arg(long, value_delimiter = ',', value_parser = super::build::local_source)]
    pub local_sources: Vec<(String, String)>,
    /// Accepted for compatibility: builds always run in memory and never write to --path.
    #[arg(long)]
    pub in_memory_build: bool,
    /// Ignore the Kustomization not being in the cluster and diff as if it were new (needs
    /// --kustomization-file).
    #[arg(long)]
    pub ignore_not_found: bool,
}

/// Writes what an object's dry run found (`► Kind/ns/name created`, or `drifted` with the
/// changed fields); returns whether it would change.
fn report_diff(out: &mut String, d: &ObjectDiff) -> bool {
    match d {
        ObjectDiff::Created(s) => out.push_str(&format!("► {s} created\n")),
        ObjectDiff::Drifted(s, report) => out.push_str(&format!("► {s} drifted\n{report}\n")),
        ObjectDiff::Unchanged(_) => return false,
    }
    true
}

/// Flags of `flux diff helmrelease`.
#[derive(Debug, clap::Args)]
pub struct DiffHelmReleaseArgs {
    /// The HelmRelease name.
    pub name: String,
    /// A local chart (directory or .tgz) to diff instead of the HelmRelease's current chart
    /// artifact.
    #[arg(long)]
    pub chart: Option<std::path::PathBuf>,
}

/// `flux diff helmrelease`: returns whether the next upgrade would change anything.
pub async fn helmrelease(args: DiffHelmReleaseArgs, g: &super::Global) -> anyhow::Result<bool> {
    use crate::controllers::helm::preview;
    let client = g.client().await?;
    let hr = kube::Api::<crate::api::helm::HelmRelease>::namespaced(client.clone(), &g.namespace)
        .get(&args.name)
        .await
        .map_err(|e| {
            anyhow::anyhow!(
                "HelmRelease/{}/{}: {}",
                g.namespace,
                args.name,
                crate::cluster::api_message(&e)
            )
        })?;
    let chart = match &args.chart {
        Some(path) => crate::helm::engine::load_chart(path)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
        None => preview::current_chart(&client, &hr).await?,
    };
    let p = preview::preview(&client, &hr, &chart).await?;
    let mut out = String::new();
    let mut changed = false;
    for d in &p.objects {
        changed |= report_diff(&mut out, d);
    }
    for s in &p.deleted {
        out.push_str(&format!("► {s} deleted\n"));
        changed = true;
    }
    crate::output::print_stdout(&out)?;
    Ok(changed)
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
        recursive: args.recursive,
        local_sources: args.local_sources.clone(),
        ignore_not_found: args.ignore_not_found,
        single: false,
    };
    let mut errors = Vec::new();
    let (out, changed) = diff_one(&build_args, g, &mut errors).await?;
    crate::output::print_stdout(&out)?;
    match errors.len() {
        0 => Ok(changed),
        1 => Err(errors.remove(0)),
        _ => anyhow::bail!(
            "[{}]",
            errors
                .iter()
                .map(|e| format!("{e:#}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Diffs one Kustomization and, with `--recursive`, the Kustomizations it contains that
/// exist in the cluster (each built from `--local-sources`); errors of objects and of
/// children are gathered in `errors` so that every difference is still shown.
fn diff_one<'a>(
    args: &'a super::build::BuildKustomizationArgs,
    g: &'a super::Global,
    errors: &'a mut Vec<anyhow::Error>,
) -> futures::future::BoxFuture<'a, anyhow::Result<(String, bool)>> {
    Box::pin(async move {
        let (ks, objects) = super::build::load_and_build(args, g).await?;
        let mut cluster = Cluster::new(g.client().await?);
        let diffs = diff_objects(
            &mut cluster,
            crate::controllers::kustomize::CONTROLLER,
            &objects,
        )
        .await?;
        let mut out = String::new();
        let mut changed = false;
        for (d, obj) in diffs.iter().zip(&objects) {
            changed |= report_diff(&mut out, d);
            let child = match (args.recursive, d) {
                (true, ObjectDiff::Drifted(..) | ObjectDiff::Unchanged(_)) => {
                    super::build::flux_kustomization(obj)?
                }
                _ => None,
            };
            let Some(child) = child.filter(|c| {
                c.metadata.name != ks.metadata.name || c.metadata.namespace != ks.metadata.namespace
            }) else {
                continue;
            };
            let subject = crate::cluster::object_ref(obj);
            if child.spec.kube_config.is_some() {
                out.push_str(&format!(
                    "⚠️ {subject} skipped: diff not supported for remote clusters\n"
                ));
                continue;
            }
            let sub = match child_args(args, &child) {
                Ok(a) => a,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let mut sub_g = g.clone();
            sub_g.namespace = child.metadata.namespace.clone().unwrap_or_default();
            match diff_one(&sub, &sub_g, errors).await {
                Ok((sub_out, true)) => {
                    changed = true;
                    out.push_str(&format!("📁 {subject} changed\n{sub_out}"));
                }
                Ok(_) => {}
                Err(e) => errors.push(e),
            }
        }
        if ks.spec.prune && errors.is_empty() {
            let old = crate::controllers::kustomize::inventory_of(&ks);
            for s in deleted(&old, &inventory(&objects)) {
                out.push_str(&format!("► {s} deleted\n"));
                changed = true;
            }
        }
        Ok((out, changed))
    })
}

/// The build of a child Kustomization: its live object (read by name in its namespace),
/// its source's local path joined with its `spec.path`, and no recursion of its own build.
fn child_args(
    parent: &super::build::BuildKustomizationArgs,
    child: &crate::api::kustomize::Kustomization,
) -> anyhow::Result<super::build::BuildKustomizationArgs> {
    let dir = super::build::child_dir(&parent.local_sources, child)?;
    Ok(super::build::BuildKustomizationArgs {
        name: child.metadata.name.clone().unwrap_or_default(),
        path: dir.into_os_string(),
        kustomization_file: None,
        ignore_paths: parent.ignore_paths.clone(),
        dry_run: false,
        strict_substitute: parent.strict_substitute,
        in_memory_build: true,
        recursive: parent.recursive,
        local_sources: parent.local_sources.clone(),
        ignore_not_found: false,
        single: true,
    })
}
