//! `flux gen crds|completions <dir>` (hidden): writes the generated files this repository
//! commits, so CI can fail when they are stale.

use std::path::PathBuf;

use super::completion::{script, CompletionShell};

/// Flags of `flux gen`.
#[derive(Debug, clap::Args)]
pub struct GenArgs {
    /// What to generate.
    pub what: GenWhat,
    /// Directory to write into.
    pub dir: PathBuf,
    /// OpenAPI v2 document of a kube-apiserver (for `smp-keys`).
    #[arg(long)]
    pub openapi: Option<PathBuf>,
}

/// Generated file sets.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum GenWhat {
    /// One YAML file per CRD: `<group>_<plural>.yaml`.
    Crds,
    /// One completion script per shell.
    Completions,
    /// The strategic-merge key table of the kustomize engine (`smp_keys.txt`).
    SmpKeys,
}

/// The generated CRD files: (file name, contents).
pub fn crd_files() -> anyhow::Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    for k in crate::api::kinds() {
        let name = format!("{}_{}.yaml", k.crd.spec.group, k.crd.spec.names.plural);
        let body = format!("---\n{}", crate::output::to_yaml(&k.crd)?);
        files.push((name, body));
    }
    Ok(files)
}

/// The generated completion files: (file name, contents).
pub fn completion_files() -> Vec<(String, Vec<u8>)> {
    CompletionShell::ALL
        .iter()
        .map(|(shell, file)| (file.to_string(), script(*shell)))
        .collect()
}

/// Writes the requested files.
pub fn run(args: GenArgs) -> anyhow::Result<()> {
    std::fs::create_dir_all(&args.dir)?;
    match args.what {
        GenWhat::Crds => {
            for (name, body) in crd_files()? {
                std::fs::write(args.dir.join(name), body)?;
            }
        }
        GenWhat::SmpKeys => {
            let Some(path) = &args.openapi else {
                anyhow::bail!("smp-keys needs --openapi <file> (kube-apiserver's /openapi/v2)");
            };
            let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(path)?)?;
            std::fs::write(
                args.dir.join("smp_keys.txt"),
                crate::kustomize::smp::table_from_openapi(&doc),
            )?;
        }
        GenWhat::Completions => {
            for (name, body) in completion_files() {
                std::fs::write(args.dir.join(name), body)?;
            }
        }
    }
    Ok(())
}
