//! Flux CLI plugins as Flux 2.9 finds and runs them: executables named `flux-<name>` in
//! `$FLUXCD_PLUGINS` (else `~/.fluxcd/plugins`) become `flux <name> …` (arguments passed as
//! they are, the plugin replacing this process), unless `<name>` is a built-in command or
//! `plugin`/`help`; `flux plugin list` shows them with the version of their receipt
//! (`flux-<name>.yaml`, else `manual`) and `flux plugin uninstall` removes the executable and
//! its receipt. `flux plugin install|search|update` work against Flux's plugin catalog
//! ([`super::plugin_catalog`]).

use std::path::{Path, PathBuf};

/// A plugin found in the plugin directory.
#[derive(Clone, Debug, PartialEq)]
pub struct Plugin {
    /// The command name (`flux-<name>` without the prefix).
    pub name: String,
    /// The executable.
    pub path: PathBuf,
}

/// Flags of `flux plugin uninstall`.
#[derive(Debug, clap::Args)]
pub struct UninstallArgs {
    /// Name of the plugin.
    pub name: String,
}

/// Flags of `flux plugin install`.
#[derive(Debug, clap::Args)]
pub struct InstallArgs {
    /// The plugin: `<name>`, `<name>@<version>` or `<name>@sha256:<digest>`.
    #[arg(value_name = "name[@version|@digest]")]
    pub name: String,
}

/// Flags of `flux plugin search`.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// Words to look for in plugin names and descriptions (case-insensitive).
    pub query: Option<String>,
}

/// Flags of `flux plugin update`.
#[derive(Debug, clap::Args)]
pub struct UpdateArgs {
    /// Name of the plugin (every installed plugin when omitted).
    pub name: Option<String>,
}

/// `$FLUXCD_PLUGINS`, else `~/.fluxcd/plugins`.
pub fn plugin_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("FLUXCD_PLUGINS").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    std::env::var_os("HOME").map(|h| Path::new(&h).join(".fluxcd/plugins"))
}

/// The plugins of `dir` in file-name order, leaving out built-in and reserved names, files
/// that are not regular or not executable.
pub fn discover(dir: &Path, builtins: &[String]) -> Vec<Plugin> {
    use std::os::unix::fs::PermissionsExt;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return vec![];
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|file| {
            let name = file.strip_prefix("flux-")?.to_string();
            if name.is_empty() || name == "plugin" || name == "help" || builtins.contains(&name) {
                return None;
            }
            let path = dir.join(&file);
            // Followed through symlinks, as Go's os.Stat does.
            let meta = std::fs::metadata(&path).ok()?;
            (meta.is_file() && meta.permissions().mode() & 0o111 != 0)
                .then_some(Plugin { name, path })
        })
        .collect()
}

/// The version a plugin's receipt records, if it has one.
fn receipt_version(dir: &Path, name: &str) -> Option<String> {
    let text = std::fs::read_to_string(dir.join(format!("flux-{name}.yaml"))).ok()?;
    let v = crate::kustomize::yaml::parse_one(&text).ok()?;
    v["version"].as_str().map(String::from)
}

/// Runs `flux plugin list`.
pub fn list(builtins: &[String]) -> anyhow::Result<()> {
    let dir = plugin_dir().unwrap_or_default();
    let plugins = discover(&dir, builtins);
    if plugins.is_empty() {
        crate::output::print_stdout("No plugins found\n")?;
        return Ok(());
    }
    let rows: Vec<Vec<String>> = plugins
        .iter()
        .map(|p| {
            vec![
                p.name.clone(),
                receipt_version(&dir, &p.name).unwrap_or_else(|| String::from("manual")),
                p.path.display().to_string(),
            ]
        })
        .collect();
    crate::output::print_stdout(&super::kinds::table(
        &["NAME", "VERSION", "PATH"],
        &rows,
        false,
    ))?;
    Ok(())
}

/// Runs `flux plugin uninstall NAME`.
pub fn uninstall(args: &UninstallArgs, log: &crate::output::Logger) -> anyhow::Result<()> {
    let dir = plugin_dir().unwrap_or_default();
    let bin = dir.join(format!("flux-{}", args.name));
    if std::fs::symlink_metadata(&bin).is_err() {
        anyhow::bail!("plugin {:?} is not installed", args.name);
    }
    std::fs::remove_file(&bin)
        .map_err(|e| anyhow::anyhow!("failed to remove plugin binary: {e}"))?;
    match std::fs::remove_file(dir.join(format!("flux-{}.yaml", args.name))) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            anyhow::bail!("failed to remove plugin receipt: {e}")
        }
        _ => {}
    }
    log.success(format!("uninstalled {}", args.name));
    Ok(())
}

/// The plugin directory for installing into: `$FLUXCD_PLUGINS` as it is, else
/// `~/.fluxcd/plugins`, created when missing (best effort, as Flux).
fn ensure_plugin_dir() -> PathBuf {
    let dir = plugin_dir().unwrap_or_default();
    if std::env::var_os("FLUXCD_PLUGINS")
        .filter(|d| !d.is_empty())
        .is_none()
    {
        use std::os::unix::fs::DirBuilderExt;
        let _ = std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o755)
            .create(&dir);
    }
    dir
}

/// Runs `flux plugin install NAME[@VERSION|@DIGEST]`.
pub async fn install(args: &InstallArgs, log: &crate::output::Logger) -> anyhow::Result<()> {
    use super::plugin_catalog as catalog;
    let (name, reference) = args
        .name
        .split_once('@')
        .unwrap_or((args.name.as_str(), ""));
    let client = catalog::CatalogClient::from_env();
    let manifest = client.manifest(name).await?;
    let (os, arch) = catalog::go_platform();
    let (version, platform) = if reference.starts_with("sha256:") {
        catalog::resolve_digest(&manifest, reference, os, arch)?
    } else {
        let v = catalog::resolve_version(&manifest, reference)?;
        let p = catalog::resolve_platform(v, os, arch).ok_or_else(|| {
            anyhow::anyhow!(
                "plugin {name:?} v{} has no binary for {os}/{arch}",
                v.version
            )
        })?;
        (v, p)
    };
    let dir = ensure_plugin_dir();
    catalog::install(&dir, &manifest, version, platform).await?;
    log.success(format!("installed {name} v{}", version.version));
    Ok(())
}

/// Runs `flux plugin search [QUERY]`: the catalog's plugins whose name or description
/// contains the query, with the installed version.
pub async fn search(args: &SearchArgs) -> anyhow::Result<()> {
    let catalog = super::plugin_catalog::CatalogClient::from_env()
        .catalog()
        .await?;
    let query = args.query.as_deref().unwrap_or_default().to_lowercase();
    let dir = plugin_dir().unwrap_or_default();
    let rows: Vec<Vec<String>> = catalog
        .plugins
        .iter()
        .filter(|e| {
            query.is_empty()
                || e.name.to_lowercase().contains(&query)
                || e.description.to_lowercase().contains(&query)
        })
        .map(|e| {
            vec![
                e.name.clone(),
                e.description.clone(),
                receipt_version(&dir, &e.name).unwrap_or_default(),
            ]
        })
        .collect();
    if rows.is_empty() {
        // Flux writes these to stdout too.
        let text = if query.is_empty() {
            String::from("No plugins found in catalog\n")
        } else {
            format!("No plugins matching {query:?} found in catalog\n")
        };
        crate::output::print_stdout(&text)?;
        return Ok(());
    }
    crate::output::print_stdout(&super::kinds::table(
        &["NAME", "DESCRIPTION", "INSTALLED"],
        &rows,
        false,
    ))?;
    Ok(())
}

/// Runs `flux plugin update [NAME]`: each plugin installed from the catalog moves to the
/// catalog's newest version; manually installed ones are skipped; a failure is reported and
/// the next plugin tried, as Flux does.
pub async fn update(
    args: &UpdateArgs,
    builtins: &[String],
    log: &crate::output::Logger,
) -> anyhow::Result<()> {
    use super::plugin_catalog as catalog;
    let mut plugins = discover(&plugin_dir().unwrap_or_default(), builtins);
    if plugins.is_empty() {
        crate::output::print_stdout("No plugins found\n")?;
        return Ok(());
    }
    if let Some(name) = &args.name {
        plugins.retain(|p| &p.name == name);
        if plugins.is_empty() {
            anyhow::bail!("plugin {name:?} is not installed");
        }
    }
    let dir = ensure_plugin_dir();
    let client = catalog::CatalogClient::from_env();
    let (os, arch) = catalog::go_platform();
    for p in &plugins {
        let Some(from) = receipt_version(&dir, &p.name) else {
            log.warning(format!("skipping {} (manually installed)", p.name));
            continue;
        };
        let checked = async {
            let manifest = client.manifest(&p.name).await?;
            let latest = catalog::resolve_version(&manifest, "")?.clone();
            if latest.version == from {
                return Ok(None);
            }
            let platform = catalog::resolve_platform(&latest, os, arch)
                .cloned()
                .ok_or_else(|| {
                    catalog::CatalogError::Resolve(format!("no binary for {os}/{arch}"))
                })?;
            Ok::<_, catalog::CatalogError>(Some((manifest, latest, platform)))
        }
        .await;
        match checked {
            Err(e) => log.failure(format!("error checking {}: {e}", p.name)),
            Ok(None) => log.success(format!("{} already up to date (v{from})", p.name)),
            Ok(Some((manifest, latest, platform))) => {
                match catalog::install(&dir, &manifest, &latest, &platform).await {
                    Err(e) => log.failure(format!("error updating {}: {e}", p.name)),
                    Ok(()) => {
                        log.success(format!("updated {} v{from} → v{}", p.name, latest.version))
                    }
                }
            }
        }
    }
    Ok(())
}

/// Replaces this process with the plugin, passing `args` as they are; returns only when the
/// plugin could not be started.
pub fn exec(plugin: &Plugin, args: &[std::ffi::OsString]) -> std::io::Error {
    use std::os::unix::process::CommandExt;
    std::process::Command::new(&plugin.path)
        .arg0(&plugin.path)
        .args(args)
        .exec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(dir: &Path, name: &str, mode: u32) {
        use std::os::unix::fs::PermissionsExt;
        let p = dir.join(name);
        std::fs::write(&p, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn only_executable_flux_prefixed_files_with_free_names_are_plugins() {
        let d = tempfile::tempdir().unwrap();
        file(d.path(), "flux-operator", 0o755);
        file(d.path(), "flux-mcp", 0o700);
        file(d.path(), "flux-mcp.yaml", 0o644);
        file(d.path(), "flux-notexec", 0o644);
        file(d.path(), "flux-get", 0o755);
        file(d.path(), "flux-plugin", 0o755);
        file(d.path(), "other", 0o755);
        std::fs::create_dir(d.path().join("flux-dir")).unwrap();
        let names: Vec<String> = discover(d.path(), &["get".to_string()])
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(names, ["mcp", "operator"]);
    }
}
