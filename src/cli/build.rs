//! `flux build kustomization NAME --path DIR`: Flux's build of a Kustomization from local
//! files (generated kustomization.yaml, spec patches/images/components/prefix/suffix,
//! commonMetadata, post-build substitution, ownership labels), printed as YAML.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Context;
use kube::api::Api;

use crate::api::kustomize::Kustomization;
use crate::build::FluxBuild;

/// Flags of `flux build kustomization`.
#[derive(Debug, clap::Args)]
pub struct BuildKustomizationArgs {
    /// The Kustomization name.
    pub name: String,
    /// Path to the manifests location.
    #[arg(long, default_value = "", value_parser = clap::builder::ValueParser::os_string())]
    pub path: std::ffi::OsString,
    /// Path to the Flux Kustomization YAML file.
    #[arg(long)]
    pub kustomization_file: Option<PathBuf>,
    /// Set paths to ignore in .gitignore format.
    #[arg(long, value_delimiter = ',')]
    pub ignore_paths: Vec<String>,
    /// Dry run mode: no cluster is contacted (substituteFrom is skipped).
    #[arg(long)]
    pub dry_run: bool,
    /// When enabled, the post build substitutions will fail if a var without a default value is
    /// declared in files but is missing from the input vars.
    #[arg(long)]
    pub strict_substitute: bool,
    /// Accepted for compatibility: builds always run in memory and never write to --path.
    #[arg(long)]
    pub in_memory_build: bool,
}

fn read_kustomization_file(path: &std::path::Path, name: &str) -> anyhow::Result<Kustomization> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let docs = crate::kustomize::yaml::parse_stream(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    for d in docs {
        if d.get("kind").and_then(|k| k.as_str()) == Some("Kustomization")
            && d.get("apiVersion")
                .and_then(|k| k.as_str())
                .is_some_and(|a| a.starts_with("kustomize.toolkit.fluxcd.io/"))
            && d.get("metadata")
                .and_then(|m| m.get("name"))
                .and_then(|n| n.as_str())
                == Some(name)
        {
            return serde_json::from_value(d)
                .with_context(|| format!("{}: invalid Kustomization", path.display()));
        }
    }
    anyhow::bail!("{}: no Kustomization named '{name}' found", path.display())
}

/// Runs the command.
pub async fn run(args: BuildKustomizationArgs, g: &super::Global) -> anyhow::Result<()> {
    let (_, objects) = load_and_build(&args, g).await?;
    let yaml = crate::goyaml::to_yaml_stream(objects.iter());
    crate::output::print_stdout(&yaml)?;
    Ok(())
}

/// Reads the Kustomization (from `--kustomization-file` or the cluster) and builds `--path`
/// as the controller would; returns both.
pub async fn load_and_build(
    args: &BuildKustomizationArgs,
    g: &super::Global,
) -> anyhow::Result<(Kustomization, Vec<serde_json::Value>)> {
    // Flux's checks, in Flux's order, before any cluster access.
    if args.path.as_os_str().is_empty() {
        anyhow::bail!("invalid resource path \"\"");
    }
    let path = PathBuf::from(&args.path);
    let absolute = std::path::absolute(&path).unwrap_or_else(|_| path.clone());
    let absolute: PathBuf = absolute.components().collect();
    if !absolute.is_dir() {
        anyhow::bail!("invalid resource path {:?}", absolute.display().to_string());
    }
    if args.dry_run && args.kustomization_file.is_none() {
        anyhow::bail!("dry-run mode requires a kustomization file");
    }
    if let Some(f) = &args.kustomization_file {
        if !f.exists() || f.is_dir() {
            anyhow::bail!("invalid kustomization file {:?}", f.display().to_string());
        }
    }
    let (ks, client) = match (&args.kustomization_file, args.dry_run) {
        (Some(f), true) => (read_kustomization_file(f, &args.name)?, None),
        (None, true) => anyhow::bail!("dry-run mode requires a kustomization file"),
        (file, false) => {
            let client = g.client().await?;
            let ks = match file {
                Some(f) => read_kustomization_file(f, &args.name)?,
                None => {
                    let api: Api<Kustomization> = Api::namespaced(client.clone(), &g.namespace);
                    api.get(&args.name).await.with_context(|| {
                        format!(
                            "failed to get kustomization object {}/{}",
                            g.namespace, args.name
                        )
                    })?
                }
            };
            (ks, Some(client))
        }
    };
    let namespace = ks
        .metadata
        .namespace
        .clone()
        .unwrap_or_else(|| g.namespace.clone());
    let from = match (&client, &ks.spec.post_build) {
        (Some(client), Some(pb)) => {
            crate::controllers::kustomize::substitute_values(client, &namespace, pb)
                .await
                .map_err(anyhow::Error::msg)?
        }
        _ => BTreeMap::new(),
    };
    let root = std::fs::canonicalize("/").unwrap_or_else(|_| PathBuf::from("/"));
    let dir = std::fs::canonicalize(&args.path)?;
    let b = FluxBuild {
        name: &args.name,
        namespace: &namespace,
        spec: &ks.spec,
        dir: &dir,
        root: &root,
        ignore_paths: &args.ignore_paths,
        strict_substitute: args.strict_substitute,
        substitute_from: from,
        decryption: None,
    };
    let objects = crate::build::build(&b)?;
    Ok((ks, objects))
}
