//! Flux's OCI artifact commands: `flux build|push|pull|tag|diff artifact` and
//! `flux list artifacts`, with flux2 v2.9.4's flags, messages and output formats. Each one
//! turns its flags into a registry client (credentials from `--creds` or the Docker config)
//! and calls one operation of [`crate::oci`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context};

use super::Global;
use crate::oci::artifact::{self, Metadata, DEFAULT_IGNORE_PATHS};
use crate::oci::client::{Client, Options};
use crate::oci::keychain::{Auth, Keychain};
use crate::oci::reference::Reference;

const URL_FORMAT: &str = "URL must be in format 'oci://<domain>/<org>/<repo>'";

fn default_ignore() -> Vec<String> {
    vec![DEFAULT_IGNORE_PATHS.join(",")]
}

/// `--ignore-paths` as cobra's string slice reads it: comma-separated, repeatable.
fn ignore_list(raw: &[String]) -> Vec<String> {
    raw.iter()
        .flat_map(|s| s.split(','))
        .map(str::to_string)
        .collect()
}

/// Registry login flags shared by the commands that talk to a registry.
#[derive(Debug, Clone, clap::Args)]
pub struct RegistryFlags {
    /// Credentials for OCI registry in the format <username>[:<password>] if --provider is generic.
    #[arg(long)]
    pub creds: Option<String>,
    /// The OCI provider name (only 'generic' in this build: credentials from --creds or the Docker config).
    #[arg(long, default_value = "generic", value_parser = ["generic"])]
    pub provider: String,
}

/// `oci.ParseArtifactURL`: the address after `oci://`, which must parse as a reference.
pub fn parse_artifact_url(url: &str) -> anyhow::Result<(String, Reference)> {
    let Some(rest) = url.strip_prefix("oci://") else {
        bail!("{URL_FORMAT}");
    };
    let r = Reference::parse(rest).map_err(|e| anyhow!("'{url}' invalid URL: {e}"))?;
    Ok((rest.to_string(), r))
}

/// A registry client: `--creds` (`user:password`, or a lone token) for every registry, else
/// the Docker config file.
fn client(flags: &RegistryFlags, insecure: bool, g: &Global) -> anyhow::Result<Client> {
    let keychain = match flags.creds.as_deref() {
        Some("") | None => Keychain::from_docker_config_file(),
        Some(creds) => {
            g.logger().action("logging in to registry with credentials");
            let auth = match creds.split_once(':') {
                Some((u, p)) => Auth::Basic {
                    username: u.to_string(),
                    password: p.to_string(),
                },
                None => Auth::RegistryToken(creds.to_string()),
            };
            Keychain::fixed(auth)
        }
    };
    // Go reads extra roots from SSL_CERT_FILE; so do we.
    let ca_pem = std::env::var_os("SSL_CERT_FILE")
        .map(|f| std::fs::read(&f).with_context(|| format!("reading SSL_CERT_FILE {f:?}")))
        .transpose()?;
    let opts = Options {
        insecure,
        ca_pem,
        timeout: Some(g.timeout.std()),
        user_agent: Some("flux/v2".into()),
        ..Options::default()
    };
    Ok(Client::new(keychain, &opts)?)
}

/// Reads stdin to a temporary `*.yaml` file (trailing newlines trimmed), as `-f -` does.
fn stdin_to_file() -> anyhow::Result<tempfile::TempPath> {
    use std::io::Read;
    let mut b = Vec::new();
    std::io::stdin()
        .read_to_end(&mut b)
        .context("reading stdin")?;
    while matches!(b.last(), Some(b'\n' | b'\r')) {
        b.pop();
    }
    let f = tempfile::Builder::new()
        .suffix(".yaml")
        .tempfile()
        .map_err(|_| anyhow!("unable to create temp dir for stdin"))?;
    std::fs::write(f.path(), &b).map_err(|e| anyhow!("error writing stdin to file: {e}"))?;
    Ok(f.into_temp_path())
}

/// `--resolve-symlinks`: a copy of `path` with every symlink replaced by what it points to
/// (directory cycles cut); non-regular files are left out.
fn resolve_symlinks(path: &Path) -> anyhow::Result<(PathBuf, tempfile::TempDir)> {
    let abs = std::path::absolute(path)?;
    let tmp = tempfile::Builder::new()
        .prefix("flux-artifact-")
        .tempdir()?;
    let meta = std::fs::metadata(&abs)?;
    if !meta.is_dir() {
        let real = std::fs::canonicalize(&abs)
            .map_err(|e| anyhow!("resolving symlink for {}: {e}", abs.display()))?;
        let dst = tmp.path().join(abs.file_name().unwrap_or_default());
        std::fs::copy(&real, &dst)?;
        return Ok((dst, tmp));
    }
    fn copy_dir(src: &Path, dst: &Path, visited: &mut Vec<PathBuf>) -> anyhow::Result<()> {
        let real = std::fs::canonicalize(src)
            .map_err(|e| anyhow!("resolving symlink {}: {e}", src.display()))?;
        if visited.contains(&real) {
            return Ok(());
        }
        visited.push(real);
        let mut entries: Vec<_> = std::fs::read_dir(src)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let s = e.path();
            let d = dst.join(e.file_name());
            let real = std::fs::canonicalize(&s)
                .map_err(|err| anyhow!("resolving symlink {}: {err}", s.display()))?;
            let m = std::fs::metadata(&real)
                .map_err(|err| anyhow!("stat resolved path {}: {err}", real.display()))?;
            if m.is_dir() {
                std::fs::create_dir_all(&d)?;
                std::fs::set_permissions(&d, m.permissions())?;
                copy_dir(&real, &d, visited)?;
            } else if m.is_file() {
                std::fs::copy(&real, &d)?;
            }
        }
        visited.pop();
        Ok(())
    }
    copy_dir(&abs, tmp.path(), &mut Vec::new())?;
    Ok((tmp.path().to_path_buf(), tmp))
}

use crate::go_io_error;

/// Holds whatever temporary copies a source path needed.
struct SourcePath {
    path: PathBuf,
    _stdin: Option<tempfile::TempPath>,
    _resolved: Option<tempfile::TempDir>,
}

fn source_path(path: &str, resolve: bool, with_cause: bool) -> anyhow::Result<SourcePath> {
    if path.is_empty() {
        bail!("invalid path {path:?}");
    }
    let mut stdin = None;
    let mut p = PathBuf::from(path);
    if path == "-" {
        let t = stdin_to_file()?;
        p = t.to_path_buf();
        stdin = Some(t);
    }
    if let Err(e) = std::fs::metadata(&p) {
        if with_cause {
            bail!(
                "invalid path '{}', must point to an existing directory or file: stat {}: {}",
                p.display(),
                p.display(),
                go_io_error(&e)
            );
        }
        bail!(
            "invalid path '{}', must point to an existing directory or file",
            p.display()
        );
    }
    let mut resolved = None;
    if resolve {
        let (rp, dir) =
            resolve_symlinks(&p).map_err(|e| anyhow!("resolving symlinks failed: {e}"))?;
        p = rp;
        resolved = Some(dir);
    }
    Ok(SourcePath {
        path: p,
        _stdin: stdin,
        _resolved: resolved,
    })
}

/// Flags of `flux build artifact`.
#[derive(Debug, Clone, clap::Args)]
pub struct BuildArtifactArgs {
    /// Path to the directory where the Kubernetes manifests are located.
    #[arg(short = 'p', long, default_value = "")]
    pub path: String,
    /// Path to where the artifact tgz file should be written.
    #[arg(short = 'o', long, default_value = "artifact.tgz")]
    pub output: PathBuf,
    /// Set paths to ignore in .gitignore format.
    #[arg(long, default_values_t = default_ignore())]
    pub ignore_paths: Vec<String>,
    /// Resolve symlinks by copying their targets into the artifact.
    #[arg(long)]
    pub resolve_symlinks: bool,
}

/// Writes the gzip tarball of `source` to `output` (mode 0640), through a temporary file
/// beside it.
fn write_tarball(output: &Path, source: &Path, ignore: &[String]) -> anyhow::Result<()> {
    let layer = artifact::build_layer(source, ignore)?;
    let dir = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = tempfile::NamedTempFile::new_in(dir)?;
    std::fs::write(tmp.path(), &layer.bytes)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o640))?;
    }
    tmp.persist(output).map_err(|e| e.error)?;
    Ok(())
}

/// `flux build artifact`.
pub fn build(a: &BuildArtifactArgs, g: &Global) -> anyhow::Result<()> {
    let src = source_path(&a.path, a.resolve_symlinks, false)?;
    let log = g.logger();
    log.action(format!("building artifact from {}", src.path.display()));
    write_tarball(&a.output, &src.path, &ignore_list(&a.ignore_paths))
        .map_err(|e| anyhow!("building artifact failed, error: {e:#}"))?;
    log.success(format!("artifact created at {}", a.output.display()));
    Ok(())
}

/// Flags of `flux push artifact`.
#[derive(Debug, Clone, clap::Args)]
pub struct PushArtifactArgs {
    /// The artifact address, `oci://<registry>/<repository>:<tag>`.
    pub url: Option<String>,
    /// Path to the directory where the Kubernetes manifests are located.
    #[arg(short = 'f', long, default_value = "")]
    pub path: String,
    /// The source address, e.g. the Git URL.
    #[arg(long, default_value = "")]
    pub source: String,
    /// The source revision in the format '<branch|tag>@sha1:<commit-sha>'.
    #[arg(long, default_value = "")]
    pub revision: String,
    #[command(flatten)]
    pub registry: RegistryFlags,
    /// Set paths to ignore in .gitignore format.
    #[arg(long, default_values_t = default_ignore())]
    pub ignore_paths: Vec<String>,
    /// Set custom OCI annotations in the format '<key>=<value>'.
    #[arg(short = 'a', long)]
    pub annotations: Vec<String>,
    /// The format in which the artifact digest should be printed, can be 'json' or 'yaml'.
    #[arg(short = 'o', long, default_value = "")]
    pub output: String,
    /// Display logs from underlying library.
    #[arg(long)]
    pub debug: bool,
    /// Ensure reproducible image digests by setting the created timestamp to '1970-01-01T00:00:00Z'.
    #[arg(long)]
    pub reproducible: bool,
    /// Allows artifacts to be pushed without TLS.
    #[arg(long)]
    pub insecure_registry: bool,
    /// Resolve symlinks by copying their targets into the artifact.
    #[arg(long)]
    pub resolve_symlinks: bool,
}

/// `time.Unix(0, 0).Format(time.RFC3339)` in the local zone.
fn unix_epoch_local() -> String {
    let t = chrono::DateTime::from_timestamp(0, 0)
        .unwrap_or_default()
        .with_timezone(&chrono::Local);
    if t.offset().local_minus_utc() == 0 {
        "1970-01-01T00:00:00Z".into()
    } else {
        t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    }
}

/// What `-o json|yaml` prints about a pushed artifact.
#[derive(serde::Serialize)]
struct PushInfo {
    url: String,
    repository: String,
    tag: String,
    digest: String,
}

/// `flux push artifact`.
pub async fn push(a: PushArtifactArgs, g: &Global) -> anyhow::Result<()> {
    let url = a
        .url
        .as_deref()
        .ok_or_else(|| anyhow!("artifact URL is required"))?;
    if a.source.is_empty() {
        bail!("--source is required");
    }
    if a.revision.is_empty() {
        bail!("--revision is required");
    }
    if a.path.is_empty() {
        bail!("invalid path {:?}", a.path);
    }
    let (address, reference) = parse_artifact_url(url)?;
    let src = source_path(&a.path, a.resolve_symlinks, true)?;
    let mut annotations = BTreeMap::new();
    for kv in &a.annotations {
        let parts: Vec<&str> = kv.split('=').collect();
        if parts.len() != 2 {
            bail!("invalid annotation {kv}, must be in the format key=value");
        }
        annotations.insert(parts[0].to_string(), parts[1].to_string());
    }
    let meta = Metadata {
        created: if a.reproducible {
            unix_epoch_local()
        } else {
            chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
        },
        source: a.source.clone(),
        revision: a.revision.clone(),
        annotations,
    };
    let client = client(&a.registry, a.insecure_registry, g)?;
    let log = g.logger();
    if a.output.is_empty() {
        log.action(format!("pushing artifact to {address}"));
    }
    let layer = artifact::build_layer(&src.path, &ignore_list(&a.ignore_paths))
        .map_err(|e| anyhow!("pushing artifact failed: error creating layer: {e}"))?;
    let digest = g
        .within_timeout("pushing artifact", async {
            artifact::push(
                &client,
                &reference,
                layer.bytes,
                artifact::CONTENT_MEDIA_TYPE,
                &meta,
            )
            .await
            .map_err(|e| anyhow!("pushing artifact failed: {e}"))
        })
        .await?;
    let digest_url = format!("{}@{digest}", reference.name());
    let info = PushInfo {
        url: format!("oci://{digest_url}"),
        repository: reference.name(),
        tag: reference.tag.clone().unwrap_or_else(|| "latest".into()),
        digest,
    };
    match a.output.as_str() {
        "json" => println!("{}", serde_json::to_string_pretty(&info)?),
        "yaml" => print!("{}", crate::output::to_yaml(&serde_json::to_value(&info)?)?),
        _ => log.success(format!("artifact successfully pushed to {digest_url}")),
    }
    Ok(())
}

/// Flags of `flux pull artifact`.
#[derive(Debug, Clone, clap::Args)]
pub struct PullArtifactArgs {
    /// The artifact address, `oci://<registry>/<repository>:<tag>`.
    pub url: Option<String>,
    /// Path where the artifact content should be extracted.
    #[arg(short = 'o', long, default_value = "")]
    pub output: String,
    #[command(flatten)]
    pub registry: RegistryFlags,
    /// Allows artifacts to be pulled without TLS.
    #[arg(long)]
    pub insecure_registry: bool,
}

/// `flux pull artifact`.
pub async fn pull(a: PullArtifactArgs, g: &Global) -> anyhow::Result<()> {
    let url = a
        .url
        .as_deref()
        .ok_or_else(|| anyhow!("artifact URL is required"))?;
    if a.output.is_empty() {
        bail!("output path cannot be empty");
    }
    match std::fs::metadata(&a.output) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => bail!("invalid output path {:?}: %!w(<nil>)", a.output),
        Err(e) => bail!(
            "invalid output path {:?}: stat {}: {}",
            a.output,
            a.output,
            go_io_error(&e)
        ),
    }
    let (address, reference) = parse_artifact_url(url)?;
    let client = client(&a.registry, a.insecure_registry, g)?;
    let log = g.logger();
    log.action(format!("pulling artifact from {address}"));
    let out = PathBuf::from(&a.output);
    let pulled = g
        .within_timeout("pulling artifact", async {
            let pulled = artifact::inspect(&client, &reference).await?;
            let Some((_, digest, _)) = pulled.layers.first() else {
                bail!("no layers found in artifact");
            };
            let bytes = client.blob_bytes(&reference, digest).await?;
            artifact::extract_layer(&bytes, &out)?;
            Ok(pulled)
        })
        .await?;
    if let Some(s) = pulled
        .annotations
        .get(artifact::SOURCE)
        .filter(|s| !s.is_empty())
    {
        log.success(format!("source {s}"));
    }
    if let Some(r) = pulled
        .annotations
        .get(artifact::REVISION)
        .filter(|s| !s.is_empty())
    {
        log.success(format!("revision {r}"));
    }
    log.success(format!("digest {}@{}", reference.name(), pulled.digest));
    log.success(format!("artifact content extracted to {}", a.output));
    Ok(())
}

/// Flags of `flux tag artifact`.
#[derive(Debug, Clone, clap::Args)]
pub struct TagArtifactArgs {
    /// The artifact address, `oci://<registry>/<repository>:<tag>`.
    pub url: Option<String>,
    /// Tag name.
    #[arg(long = "tag", value_delimiter = ',')]
    pub tags: Vec<String>,
    #[command(flatten)]
    pub registry: RegistryFlags,
}

/// `flux tag artifact`.
pub async fn tag(a: TagArtifactArgs, g: &Global) -> anyhow::Result<()> {
    let url = a
        .url
        .as_deref()
        .ok_or_else(|| anyhow!("artifact name is required"))?;
    if a.tags.is_empty() {
        bail!("--tag is required");
    }
    let (_, reference) = parse_artifact_url(url)?;
    let client = client(&a.registry, false, g)?;
    let log = g.logger();
    log.action("tagging artifact");
    g.within_timeout("tagging artifact", async {
        let m = client
            .manifest(&reference)
            .await
            .map_err(|e| anyhow!("tagging artifact failed: {e}"))?;
        for t in &a.tags {
            client
                .push_manifest(&reference, t, m.bytes.clone(), &m.media_type)
                .await
                .map_err(|e| anyhow!("tagging artifact failed: {e}"))?;
            log.success(format!("artifact tagged as {}:{t}", reference.name()));
        }
        Ok(())
    })
    .await
}

/// Flags of `flux list artifacts`.
#[derive(Debug, Clone, clap::Args)]
pub struct ListArtifactsArgs {
    /// The repository address, `oci://<registry>/<repository>`.
    pub url: Option<String>,
    /// Filter tags returned from the oci repository using semver.
    #[arg(long, default_value = "")]
    pub filter_semver: String,
    /// Filter tags returned from the oci repository using regex.
    #[arg(long, default_value = "")]
    pub filter_regex: String,
    #[command(flatten)]
    pub registry: RegistryFlags,
    /// Allows the remote artifacts list to be fetched without TLS.
    #[arg(long)]
    pub insecure_registry: bool,
}

/// `IsCosignArtifact`: tags of cosign signatures, attestations and SBOMs.
pub fn is_cosign_tag(tag: &str) -> bool {
    [".att", ".sbom", ".sig"].iter().any(|s| tag.ends_with(s))
}

/// `flux list artifacts`.
pub async fn list(a: ListArtifactsArgs, g: &Global) -> anyhow::Result<()> {
    let url = a
        .url
        .as_deref()
        .ok_or_else(|| anyhow!("artifact repository URL is required"))?;
    let (address, reference) = parse_artifact_url(url)?;
    let client = client(&a.registry, a.insecure_registry, g)?;
    let constraint = if a.filter_semver.is_empty() {
        None
    } else {
        Some(
            crate::masterminds::Constraint::parse(&a.filter_semver)
                .map_err(|e| anyhow!("semver '{}' parse error: {e}", a.filter_semver))?,
        )
    };
    let re = if a.filter_regex.is_empty() {
        None
    } else {
        Some(
            regex::Regex::new(&a.filter_regex)
                .map_err(|e| anyhow!("regex '{}' parse error: {e}", a.filter_regex))?,
        )
    };
    let rows = g
        .within_timeout("listing artifacts", async {
            let mut tags = client
                .list_tags(&reference)
                .await
                .map_err(|e| anyhow!("listing tags failed: {e}"))?;
            tags.sort_by(|x, y| y.cmp(x));
            let mut rows = Vec::new();
            for t in tags {
                if is_cosign_tag(&t) {
                    continue;
                }
                if let Some(c) = &constraint {
                    match crate::masterminds::parse_flux_version(&t) {
                        Ok(v) if c.matches(&v) => {}
                        _ => continue,
                    }
                }
                if re.as_ref().is_some_and(|re| !re.is_match(&t)) {
                    continue;
                }
                let tagged = reference.with_tag(&t);
                let m = client
                    .manifest(&tagged)
                    .await
                    .map_err(|e| anyhow!("fetching manifest failed: {e}"))?;
                let json = m
                    .json()
                    .map_err(|e| anyhow!("parsing manifest failed: {e}"))?;
                let ann = |k: &str| json["annotations"][k].as_str().unwrap_or("").to_string();
                rows.push(vec![
                    format!("{address}:{t}"),
                    m.digest.clone(),
                    ann(artifact::SOURCE),
                    ann(artifact::REVISION),
                ]);
            }
            Ok(rows)
        })
        .await?;
    print!(
        "{}",
        super::kinds::table(&["ARTIFACT", "DIGEST", "SOURCE", "REVISION"], &rows, false)
    );
    Ok(())
}

/// Flags of `flux diff artifact`.
#[derive(Debug, Clone, clap::Args)]
pub struct DiffArtifactArgs {
    /// The artifact address, `oci://<registry>/<repository>:<tag>`.
    pub url: Option<String>,
    /// Path to the directory where the Kubernetes manifests are located.
    #[arg(long, default_value = "")]
    pub path: String,
    #[command(flatten)]
    pub registry: RegistryFlags,
    /// Set paths to ignore in .gitignore format.
    #[arg(long, default_values_t = default_ignore())]
    pub ignore_paths: Vec<String>,
    /// Allows the remote artifact to be pulled without TLS.
    #[arg(long)]
    pub insecure_registry: bool,
}

/// `flux diff artifact`: the local tarball's sha256 and size against the remote first layer.
pub async fn diff(a: DiffArtifactArgs, g: &Global) -> anyhow::Result<()> {
    let url = a
        .url
        .as_deref()
        .ok_or_else(|| anyhow!("artifact URL is required"))?;
    if a.path.is_empty() {
        bail!("invalid path {:?}", a.path);
    }
    let (_, reference) = parse_artifact_url(url)?;
    if std::fs::metadata(&a.path).is_err() {
        bail!(
            "invalid path '{}', must point to an existing directory or file",
            a.path
        );
    }
    let client = client(&a.registry, a.insecure_registry, g)?;
    let layer = artifact::build_layer(Path::new(&a.path), &ignore_list(&a.ignore_paths))
        .map_err(|e| anyhow!("building artifact failed: {e}"))?;
    let local = format!(
        "sha256:{}",
        hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&layer.bytes))
    );
    let pulled = g
        .within_timeout("diffing artifact", async {
            Ok(artifact::inspect(&client, &reference).await?)
        })
        .await?;
    let Some((_, digest, size)) = pulled.layers.first() else {
        bail!("no layers found in artifact");
    };
    if *digest != local || *size != layer.bytes.len() as u64 {
        bail!("the remote artifact contents differs from the local one");
    }
    g.logger().success("no changes detected");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn artifact_urls_need_the_oci_scheme_and_a_valid_reference() {
        let e = parse_artifact_url("ghcr.io/org/app").unwrap_err();
        assert_eq!(e.to_string(), URL_FORMAT);
        let (addr, r) = parse_artifact_url("oci://localhost:5000/org/app:v1").unwrap();
        assert_eq!(addr, "localhost:5000/org/app:v1");
        assert_eq!(r.tag.as_deref(), Some("v1"));
        let e = parse_artifact_url("oci://ghcr.io/Org/app").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("'oci://ghcr.io/Org/app' invalid URL: "),
            "{e}"
        );
    }

    #[test]
    fn ignore_paths_split_on_commas_like_a_string_slice() {
        assert_eq!(ignore_list(&["a,b".into(), "c".into()]), ["a", "b", "c"]);
        assert_eq!(
            ignore_list(&default_ignore()).len(),
            DEFAULT_IGNORE_PATHS.len()
        );
    }

    #[test]
    fn cosign_tags_are_recognised_by_suffix() {
        assert!(is_cosign_tag("sha256-abc.sig"));
        assert!(is_cosign_tag("sha256-abc.att"));
        assert!(is_cosign_tag("sha256-abc.sbom"));
        assert!(!is_cosign_tag("v1.0.0"));
    }
}
