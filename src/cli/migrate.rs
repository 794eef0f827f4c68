//! `flux migrate`: Flux 2.9's meaning (rewrite Flux objects to their latest API versions, in the
//! cluster or in files with `-f/--path`) and `flux migrate v1` (convert a Flux v1 setup:
//! fluxd flags, `.flux.yaml`, v1 annotations, FluxCloud → v2 objects and repository edits).

use anyhow::Context;
use std::path::PathBuf;

use kube::api::{Api, DynamicObject, ListParams, Patch, PatchParams, PostParams};
use serde_json::Value;

use super::Global;
use crate::migrate::fluxd::{container_env, EnvValue, Fluxd};
use crate::migrate::plan;
use crate::migrate::report;

/// Flags of `flux migrate`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct MigrateArgs {
    #[command(subcommand)]
    pub command: Option<MigrateCmd>,
    /// Path to a file or directory of manifests to migrate (instead of the cluster).
    #[arg(short = 'f', long)]
    pub path: Option<PathBuf>,
    /// File extensions to consider with --path.
    #[arg(short = 'e', long, value_delimiter = ',', default_value = ".yaml,.yml")]
    pub extensions: Vec<String>,
    /// The Flux version whose API versions to migrate to (this build's).
    #[arg(short = 'v', long)]
    pub version: Option<String>,
    /// Show what would change without writing.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation.
    #[arg(short = 'y', long)]
    pub yes: bool,
}

/// `flux migrate …` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum MigrateCmd {
    /// Convert a Flux v1 setup (fluxd, .flux.yaml, FluxCloud) to Flux v2 objects and repository edits.
    V1(MigrateV1Args),
}

/// Flags of `flux migrate v1`.
#[derive(Debug, clap::Args)]
pub struct MigrateV1Args {
    /// The Git checkout fluxd synced.
    #[arg(long, default_value = ".")]
    pub repo: PathBuf,
    /// fluxd's arguments: one per line as in the Deployment's args, or a Deployment manifest (instead of reading the cluster).
    #[arg(long)]
    pub fluxd_args_file: Option<PathBuf>,
    /// Namespace fluxd (and FluxCloud) run in.
    #[arg(long, default_value = "flux")]
    pub flux_namespace: String,
    /// Cluster name for the default --path.
    #[arg(long, default_value = "default")]
    pub cluster: String,
    /// Where the v2 bundle is written in the repository (default clusters/<cluster>).
    #[arg(long)]
    pub path: Option<String>,
    /// Name of the GitRepository and of its credentials Secret.
    #[arg(long, default_value = "flux-system")]
    pub name: String,
    /// Print the v2 bundle and change nothing.
    #[arg(long)]
    pub export: bool,
    /// Show the repository diff and the report; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write even while fluxd is running, or with uncommitted changes in the repository.
    #[arg(long)]
    pub force: bool,
}

/// Runs `flux migrate`.
pub async fn run(args: MigrateArgs, g: &Global) -> anyhow::Result<()> {
    match args.command {
        Some(MigrateCmd::V1(a)) => v1(a, g).await,
        None => api_versions(&args, g).await,
    }
}

/// Latest API version per (group, kind), from the kind registry: (group, kind, version, plural).
fn latest_versions() -> Vec<(String, String, String, String)> {
    crate::api::registry::all()
        .iter()
        .map(|k| {
            (
                k.group.clone(),
                k.kind.clone(),
                k.version.clone(),
                k.plural.clone(),
            )
        })
        .collect()
}

/// An `apiVersion` to upgrade in a file, found as Flux's `flux migrate -f` finds them: a line
/// holding `apiVersion: <group>/<version>` followed by a line holding `kind: <Kind>` (at any
/// indentation, so list items count too) whose group and kind have a newer version.
#[derive(Debug, PartialEq)]
pub struct ApiUpgrade {
    /// Zero-based line of the `apiVersion`.
    pub line: usize,
    /// The kind.
    pub kind: String,
    /// The version found.
    pub old: String,
    /// The latest version.
    pub new: String,
}

/// The upgrades of a file's text, and warnings (zero-based line, message) for `apiVersion`
/// values that are not group/version strings, as Flux's scan reports them.
pub fn detect_upgrades(text: &str) -> (Vec<ApiUpgrade>, Vec<(usize, String)>) {
    let latest = latest_versions();
    let lines: Vec<&str> = text.split('\n').collect();
    let token = |line: &str, prefix: &str| -> Option<String> {
        let at = line.find(prefix)?;
        Some(
            line[at + prefix.len()..]
                .trim()
                .split(' ')
                .next()
                .unwrap_or_default()
                .to_string(),
        )
    };
    let (mut upgrades, mut warnings) = (vec![], vec![]);
    for (i, line) in lines.iter().enumerate() {
        let Some(api_version) = token(line, "apiVersion: ") else {
            continue;
        };
        // apimachinery's ParseGroupVersion: "", "v" or "group/version".
        let (group, version) = match api_version.split('/').collect::<Vec<_>>().as_slice() {
            [v] => (String::new(), v.to_string()),
            [g, v] => (g.to_string(), v.to_string()),
            _ => {
                warnings.push((i, format!("unexpected GroupVersion string: {api_version}")));
                continue;
            }
        };
        let Some(kind) = lines.get(i + 1).and_then(|l| token(l, "kind: ")) else {
            continue;
        };
        let Some((_, _, newest, _)) = latest.iter().find(|(g, k, _, _)| *g == group && *k == kind)
        else {
            continue;
        };
        if *newest != version {
            upgrades.push(ApiUpgrade {
                line: i,
                kind,
                old: version,
                new: newest.clone(),
            });
        }
    }
    (upgrades, warnings)
}

/// Applies upgrades: on each line, the first occurrence of the old version becomes the new
/// one (everything else, line endings included, is kept).
pub fn apply_upgrades(text: &str, upgrades: &[ApiUpgrade]) -> String {
    let mut lines: Vec<String> = text.split('\n').map(String::from).collect();
    for u in upgrades {
        if let Some(l) = lines.get_mut(u.line) {
            *l = l.replacen(&u.old, &u.new, 1);
        }
    }
    lines.join("\n")
}

/// The files `flux migrate -f` looks at, as Flux lists them: a directory walked in lexical
/// order keeping names that end with one of the extensions (irregular ones, symlinks
/// included, skipped with a warning); a single file must match an extension and be regular.
fn migration_files(
    path: &std::path::Path,
    extensions: &[String],
    log: &crate::output::Logger,
) -> anyhow::Result<Vec<PathBuf>> {
    let shown = path.display().to_string();
    let matches = |p: &std::path::Path| {
        let name = p.to_string_lossy();
        extensions.iter().any(|x| name.ends_with(x.as_str()))
    };
    let meta = std::fs::symlink_metadata(path).map_err(|e| {
        anyhow::anyhow!(
            "failed to stat path {shown}: openat {shown}: {}",
            crate::go_io_error(&e)
        )
    })?;
    if !meta.is_dir() {
        if !matches(path) {
            anyhow::bail!(
                "file {shown} does not match the specified extensions: {}",
                extensions.join(", ")
            );
        }
        if !meta.is_file() {
            anyhow::bail!("file {shown} is irregular");
        }
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = vec![];
    for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
        let entry = entry.map_err(|e| anyhow::anyhow!("failed to walk directory {shown}: {e}"))?;
        if !matches(entry.path()) {
            continue;
        }
        let ft = entry.file_type();
        if ft.is_file() {
            files.push(entry.into_path());
        } else if !ft.is_dir() {
            log.warning(format!(
                "skipping irregular file {}",
                entry.path().display()
            ));
        }
    }
    Ok(files)
}

async fn api_versions(args: &MigrateArgs, g: &Global) -> anyhow::Result<()> {
    let log = g.logger();
    if let Some(v) = &args.version {
        let ours = crate::version::version();
        if v.trim_start_matches('v') != ours.trim_start_matches('v') {
            anyhow::bail!(
                "--version {v}: this build migrates to the API versions of flux {ours} only"
            );
        }
    }
    if let Some(path) = &args.path {
        // Flux cleans the path (`dir/` is `dir`).
        let path = PathBuf::from(path.to_string_lossy().trim_end_matches('/'));
        log.action("starting migration of custom resources");
        let files = migration_files(&path, &args.extensions, &log)?;
        let mut pending = vec![];
        for f in files {
            let text = std::fs::read_to_string(&f)
                .map_err(|e| anyhow::anyhow!("failed to read file {}: {e}", f.display()))?;
            let (upgrades, warnings) = detect_upgrades(&text);
            for (line, w) in warnings {
                log.warning(format!("{}:{}: {w}", f.display(), line + 1));
            }
            for u in &upgrades {
                log.generate(format!(
                    "{}:{}: {} {} -> {}",
                    f.display(),
                    u.line + 1,
                    u.kind,
                    u.old,
                    u.new
                ));
            }
            if !upgrades.is_empty() {
                pending.push((f, apply_upgrades(&text, &upgrades)));
            }
        }
        if pending.is_empty() {
            log.success("no custom resources found that require migration");
            return Ok(());
        }
        if args.dry_run {
            log.success("dry-run mode enabled, no changes will be made");
            return Ok(());
        }
        confirm(
            args.yes,
            "Are you sure you want to proceed with the above upgrades",
        )?;
        for (f, new) in &pending {
            std::fs::write(f, new)
                .map_err(|e| anyhow::anyhow!("failed to write file {}: {e}", f.display()))?;
            log.success(format!("file {} migrated successfully", f.display()));
        }
        log.success("custom resources migrated successfully");
        return Ok(());
    }
    // In the cluster: rewrite every object at the storage version, then record it as the only
    // stored version.
    let client = g.client().await?;
    let crds: Api<k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition> =
        Api::all(client.clone());
    if !args.dry_run {
        confirm(
            args.yes,
            "Are you sure you want to migrate the Flux objects in the cluster",
        )?;
    }
    for (group, kind, version, plural) in latest_versions() {
        let name = format!("{plural}.{group}");
        let Some(crd) = crds.get_opt(&name).await? else {
            continue;
        };
        let stored = crd
            .status
            .as_ref()
            .and_then(|s| s.stored_versions.clone())
            .unwrap_or_default();
        if stored == [version.clone()] {
            continue;
        }
        let ar = crate::cluster::api_resource(&format!("{group}/{version}"), &kind, &plural);
        let api: Api<DynamicObject> = Api::all_with(client.clone(), &ar);
        let objs = api.list(&ListParams::default()).await?;
        log.action(format!(
            "migrating {} {kind} object(s) to {group}/{version}",
            objs.items.len()
        ));
        if args.dry_run {
            continue;
        }
        for o in objs.items {
            let ns = o.metadata.namespace.clone().unwrap_or_default();
            let nsapi: Api<DynamicObject> = Api::namespaced_with(client.clone(), &ns, &ar);
            let n = o.metadata.name.clone().unwrap_or_default();
            nsapi
                .replace(&n, &PostParams::default(), &o)
                .await
                .with_context(|| format!("{kind} {ns}/{n}"))?;
        }
        let patch = serde_json::json!({"status": {"storedVersions": [version]}});
        crds.patch_status(&name, &PatchParams::default(), &Patch::Merge(&patch))
            .await
            .with_context(|| format!("CustomResourceDefinition {name}"))?;
        log.success(format!("{kind} objects stored at {version}"));
    }
    Ok(())
}

fn confirm(yes: bool, prompt: &str) -> anyhow::Result<()> {
    if yes {
        return Ok(());
    }
    super::confirm(prompt, false, "--yes")
}

/// The FluxCloud container's environment in a set of manifests, if there is one.
fn fluxcloud_env(docs: &[Value]) -> Option<std::collections::BTreeMap<String, EnvValue>> {
    docs.iter()
        .filter(|d| d["kind"] == "Deployment")
        .flat_map(|d| {
            d["spec"]["template"]["spec"]["containers"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .find(|c| {
            c["image"].as_str().is_some_and(|i| i.contains("fluxcloud"))
                || c["env"].as_array().is_some_and(|e| {
                    e.iter().any(|v| {
                        matches!(
                            v["name"].as_str(),
                            Some("EXPORTER_TYPE" | "SLACK_URL" | "MSTEAMS_URL")
                        )
                    })
                })
        })
        .map(|c| container_env(&c))
}

async fn v1(a: MigrateV1Args, g: &Global) -> anyhow::Result<()> {
    let log = g.logger();
    let mut secret_note = None;
    let (fluxd, fluxcloud, running) = match &a.fluxd_args_file {
        Some(f) => {
            let text = std::fs::read_to_string(f)
                .map_err(|e| anyhow::anyhow!("--fluxd-args-file {}: {e}", f.display()))?;
            let name = f.display().to_string();
            let fluxd = Fluxd::from_file_text(&text, &name)?;
            let docs = if text.lines().any(|l| l.trim_start().starts_with("kind:")) {
                crate::kustomize::yaml::parse_stream(&text)
                    .map_err(|e| anyhow::anyhow!("{name}: {e}"))?
            } else {
                vec![]
            };
            (fluxd, fluxcloud_env(&docs), false)
        }
        None => {
            let client = g.client().await?;
            let api: Api<k8s_openapi::api::apps::v1::Deployment> =
                Api::namespaced(client, &a.flux_namespace);
            let deps: Vec<Value> = api
                .list(&ListParams::default())
                .await
                .with_context(|| format!("listing Deployments in namespace {}", a.flux_namespace))?
                .items
                .iter()
                .map(|d| serde_json::to_value(d).unwrap_or_default())
                .collect();
            let dep = deps
                .iter()
                .find(|d| crate::migrate::fluxd::fluxd_container(d).is_some())
                .ok_or_else(|| anyhow::anyhow!("no fluxd Deployment (a container with --git-url) in namespace {}; give --fluxd-args-file", a.flux_namespace))?;
            let running = dep["spec"]["replicas"].as_i64().unwrap_or(1) > 0;
            let fluxd = Fluxd::from_deployment(dep)?;
            // The deploy key the manual step copies: say so now if it is not there.
            let secrets: Api<k8s_openapi::api::core::v1::Secret> =
                Api::namespaced(g.client().await?, &a.flux_namespace);
            let has_key = secrets
                .get_opt(&fluxd.secret_name)
                .await
                .ok()
                .flatten()
                .and_then(|s| s.data)
                .is_some_and(|d| d.contains_key(&fluxd.secret_key));
            if !has_key {
                secret_note = Some((
                    format!("Secret {}/{}", a.flux_namespace, fluxd.secret_name),
                    format!("not found or without key '{}': create new Git credentials with flux create secret git (a new deploy key must be added to the Git server)", fluxd.secret_key),
                ));
            }
            (fluxd, fluxcloud_env(&deps), running)
        }
    };
    let opts = plan::Options {
        repo: a.repo.clone(),
        path: a
            .path
            .clone()
            .unwrap_or_else(|| format!("clusters/{}", a.cluster)),
        name: a.name.clone(),
        namespace: g.namespace.clone(),
        flux_namespace: a.flux_namespace.clone(),
    };
    let mut plan = plan::plan(
        &fluxd,
        fluxcloud.as_ref().map(|e| (e, a.flux_namespace.as_str())),
        &opts,
    )?;
    if let Some((item, why)) = secret_note {
        plan.report.lossy(&item, &why);
    }
    if a.export {
        let objs: Vec<Value> = plan
            .objects
            .iter()
            .cloned()
            .map(crate::output::sorted_keys)
            .collect();
        return Ok(crate::output::print_stdout(
            &crate::output::to_yaml_stream(&objs)?,
        )?);
    }
    if a.dry_run {
        crate::output::print_stdout(&report::diff(&a.repo, &plan))?;
        crate::output::print_stdout(&report::render(&plan))?;
        return Ok(());
    }
    if running && !a.force {
        anyhow::bail!(
            "fluxd is still running in namespace {} (scale it to 0 first, or use --force)",
            a.flux_namespace
        );
    }
    let repo = git2::Repository::discover(&a.repo)
        .map_err(|e| anyhow::anyhow!("--repo {}: not a Git checkout: {e}", a.repo.display()))?;
    let dirty = repo
        .statuses(None)
        .map(|s| s.iter().any(|e| !e.status().is_ignored()))
        .unwrap_or(false);
    if dirty && !a.force {
        anyhow::bail!(
            "--repo {} has uncommitted changes; commit or stash them first (or use --force)",
            a.repo.display()
        );
    }
    report::apply_edits(&a.repo, &plan.edits)?;
    let commit = report::commit_edits(&repo, &a.repo, &plan.edits)?;
    log.success(format!(
        "committed {commit}: Migrate Flux v1 configuration to Flux v2"
    ));
    crate::output::print_stdout(&report::render(&plan))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_flux_api_versions_are_found_by_line_as_flux_finds_them() {
        let text = "apiVersion: source.toolkit.fluxcd.io/v1beta2\r\nkind: GitRepository\r\nmetadata:\r\n  name: a\r\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: helm.toolkit.fluxcd.io/v2beta1 # old\n  kind: HelmRelease\n---\napiVersion: a/b/c\nkind: X\n";
        let (upgrades, warnings) = detect_upgrades(text);
        assert_eq!(
            upgrades,
            [
                ApiUpgrade {
                    line: 0,
                    kind: "GitRepository".into(),
                    old: "v1beta2".into(),
                    new: "v1".into()
                },
                ApiUpgrade {
                    line: 8,
                    kind: "HelmRelease".into(),
                    old: "v2beta1".into(),
                    new: "v2".into()
                },
            ]
        );
        assert_eq!(
            warnings,
            [(11, "unexpected GroupVersion string: a/b/c".to_string())]
        );
        assert_eq!(
            apply_upgrades(text, &upgrades),
            text.replacen("fluxcd.io/v1beta2", "fluxcd.io/v1", 1)
                .replacen("fluxcd.io/v2beta1", "fluxcd.io/v2", 1)
        );
    }
}
