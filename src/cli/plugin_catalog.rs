//! Flux's plugin catalog as Flux 2.9's CLI reads it: the catalog (`catalog.yaml`, kind
//! `PluginCatalog`) and one manifest per plugin (`<name>.yaml`, kind `Plugin`, API version
//! `cli.fluxcd.io/v1beta1`) under `$FLUXCD_PLUGIN_CATALOG` (default: the latest release of
//! `fluxcd/plugins`); version, platform and digest resolution; the download, its SHA-256
//! check, extraction of the binary from a zip, tar.gz or tar archive (or the file as it is),
//! and the receipt (`flux-<name>.yaml`) that records what was installed. Messages are Flux's.

use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// Where Flux's CLI finds the catalog unless `FLUXCD_PLUGIN_CATALOG` says otherwise.
pub const DEFAULT_CATALOG_BASE: &str =
    "https://github.com/fluxcd/plugins/releases/latest/download/";
const API_VERSION: &str = "cli.fluxcd.io/v1beta1";
/// Catalog documents larger than this are cut, as Flux cuts them.
const MAX_DOCUMENT: u64 = 10 << 20;

/// Why a catalog operation failed, worded as Flux words it.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// The manifest could not be fetched (any HTTP or network failure).
    #[error("plugin {0:?} not found in catalog")]
    NotFound(String),
    /// The catalog could not be fetched.
    #[error("failed to fetch plugin catalog: {0}")]
    Catalog(String),
    /// A document is not valid YAML of the expected shape.
    #[error("failed to parse {0}: {1}")]
    Parse(String, String),
    /// The document has another API version or kind.
    #[error("{0}")]
    Invalid(String),
    /// Version, platform or digest resolution failed.
    #[error("{0}")]
    Resolve(String),
    /// Downloading, checking or extracting the binary failed.
    #[error("{0}")]
    Install(String),
}

/// One plugin's manifest.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    #[serde(default)]
    api_version: String,
    #[serde(default)]
    kind: String,
    /// The plugin name.
    #[serde(default)]
    pub name: String,
    /// The executable's file name (`flux-<name>`).
    #[serde(default)]
    pub bin: String,
    /// Versions, newest first.
    #[serde(default)]
    pub versions: Vec<Version>,
}

/// One version of a plugin.
#[derive(Clone, Debug, Deserialize)]
pub struct Version {
    /// The version string (no `v`).
    #[serde(default)]
    pub version: String,
    /// Its builds.
    #[serde(default)]
    pub platforms: Vec<Platform>,
}

/// One build of a version.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Platform {
    /// Go's GOOS name.
    #[serde(default)]
    pub os: String,
    /// Go's GOARCH name.
    #[serde(default)]
    pub arch: String,
    /// Where the build is downloaded from.
    #[serde(default)]
    pub url: String,
    /// `sha256:<hex>` of the download.
    #[serde(default)]
    pub checksum: String,
    /// The binary's path inside the archive, when it is not the manifest's `bin`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub extract_path: String,
}

/// The catalog's index.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Catalog {
    #[serde(default)]
    api_version: String,
    #[serde(default)]
    kind: String,
    /// Every plugin of the catalog.
    #[serde(default)]
    pub plugins: Vec<Entry>,
}

/// One plugin of the catalog's index.
#[derive(Clone, Debug, Deserialize)]
pub struct Entry {
    /// The plugin name.
    #[serde(default)]
    pub name: String,
    /// What it does.
    #[serde(default)]
    pub description: String,
}

/// What `flux-<name>.yaml` records of an installation.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
    /// The plugin name.
    pub name: String,
    /// The installed version.
    pub version: String,
    /// When (RFC 3339, UTC).
    pub installed_at: String,
    /// The build installed.
    pub platform: Platform,
}

/// This machine as Go names it (`linux`, `amd64`).
pub fn go_platform() -> (&'static str, &'static str) {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        other => other,
    };
    (std::env::consts::OS, arch)
}

/// A client for the catalog at `$FLUXCD_PLUGIN_CATALOG` or Flux's default.
pub struct CatalogClient {
    base: String,
}

/// How long a catalog document (30 s) or a download (5 min) may take, retries included, as
/// Flux's client bounds them.
const CATALOG_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);
const DOWNLOAD_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(300);

/// A GET and its body within `timeout`, with the retries of Flux's client.
async fn get_body(url: &str, timeout: std::time::Duration) -> Result<(u16, Vec<u8>), String> {
    let client = reqwest::Client::new();
    let attempt = async {
        let resp = get(&client, url).await?;
        let status = resp.status().as_u16();
        let body = resp.bytes().await.map_err(crate::http_error_message)?;
        Ok((status, body.to_vec()))
    };
    tokio::time::timeout(timeout, attempt)
        .await
        .unwrap_or_else(|_| Err(format!("GET {url}: timed out after {}s", timeout.as_secs())))
}

/// GET with the retries of Flux's client (hashicorp's retryablehttp: three retries, waits of
/// 1, 2 and 4 s, on connection errors, 429 and 5xx but 501).
async fn get(client: &reqwest::Client, url: &str) -> Result<reqwest::Response, String> {
    let mut wait = std::time::Duration::from_secs(1);
    let mut attempt = 0;
    loop {
        let result = client.get(url).send().await;
        let retry = match &result {
            Err(e) => !e.is_builder(),
            Ok(r) => {
                r.status().as_u16() == 429
                    || (r.status().is_server_error() && r.status().as_u16() != 501)
            }
        };
        if !retry || attempt == 3 {
            return match result {
                Ok(r) => Ok(r),
                Err(e) => Err(crate::http_error_message(e)),
            };
        }
        attempt += 1;
        tokio::time::sleep(wait).await;
        wait *= 2;
    }
}

impl CatalogClient {
    /// The client for the catalog this environment names.
    pub fn from_env() -> Self {
        let base = std::env::var("FLUXCD_PLUGIN_CATALOG")
            .ok()
            .filter(|b| !b.is_empty())
            .unwrap_or_else(|| DEFAULT_CATALOG_BASE.to_string());
        CatalogClient { base }
    }

    async fn fetch(&self, url: &str) -> Result<Vec<u8>, String> {
        let (status, mut body) = get_body(url, CATALOG_TIMEOUT).await?;
        if status != 200 {
            return Err(format!("HTTP {status} from {url}"));
        }
        body.truncate(MAX_DOCUMENT as usize);
        Ok(body)
    }

    /// The manifest of plugin `name`, checked as Flux checks it.
    pub async fn manifest(&self, name: &str) -> Result<Manifest, CatalogError> {
        let url = format!("{}{name}.yaml", self.base);
        let body = self
            .fetch(&url)
            .await
            .map_err(|_| CatalogError::NotFound(name.to_string()))?;
        let m: Manifest = parse(&body)
            .map_err(|e| CatalogError::Parse(format!("plugin manifest for {name:?}"), e))?;
        if m.api_version != API_VERSION {
            return Err(CatalogError::Invalid(format!(
                "plugin {name:?} has unsupported apiVersion {:?} (expected {API_VERSION:?})",
                m.api_version
            )));
        }
        if m.kind != "Plugin" {
            return Err(CatalogError::Invalid(format!(
                "plugin {name:?} has unexpected kind {:?} (expected \"Plugin\")",
                m.kind
            )));
        }
        if !plain_file_name(&m.bin) || !m.bin.starts_with("flux-") {
            return Err(CatalogError::Invalid(format!(
                "plugin {name:?} has invalid bin {:?} (must be a plain filename prefixed with \"flux-\")",
                m.bin
            )));
        }
        Ok(m)
    }

    /// The catalog's index.
    pub async fn catalog(&self) -> Result<Catalog, CatalogError> {
        let url = format!("{}catalog.yaml", self.base);
        let body = self.fetch(&url).await.map_err(CatalogError::Catalog)?;
        let c: Catalog =
            parse(&body).map_err(|e| CatalogError::Parse("plugin catalog".to_string(), e))?;
        if c.api_version != API_VERSION {
            return Err(CatalogError::Invalid(format!(
                "plugin catalog has unsupported apiVersion {:?} (expected {API_VERSION:?})",
                c.api_version
            )));
        }
        if c.kind != "PluginCatalog" {
            return Err(CatalogError::Invalid(format!(
                "plugin catalog has unexpected kind {:?} (expected \"PluginCatalog\")",
                c.kind
            )));
        }
        Ok(c)
    }
}

fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    let text = String::from_utf8_lossy(body);
    let v = crate::kustomize::yaml::parse_one(&text).map_err(|e| e.to_string())?;
    serde_json::from_value(v).map_err(|e| e.to_string())
}

/// A file name with no directory part that stays where it is put (Go's `filepath.Base` and
/// `filepath.IsLocal` both agree).
fn plain_file_name(name: &str) -> bool {
    !name.is_empty() && !name.contains('/') && name != "." && name != ".."
}

/// The version `version` of a manifest, or its first (newest) when empty.
pub fn resolve_version<'a>(m: &'a Manifest, version: &str) -> Result<&'a Version, CatalogError> {
    if m.versions.is_empty() {
        return Err(CatalogError::Resolve(format!(
            "plugin {:?} has no versions",
            m.name
        )));
    }
    if version.is_empty() {
        return Ok(&m.versions[0]);
    }
    m.versions
        .iter()
        .find(|v| v.version == version)
        .ok_or_else(|| {
            CatalogError::Resolve(format!(
                "version {version:?} not found for plugin {:?}",
                m.name
            ))
        })
}

/// The build of `v` for `os`/`arch`.
pub fn resolve_platform<'a>(v: &'a Version, os: &str, arch: &str) -> Option<&'a Platform> {
    v.platforms.iter().find(|p| p.os == os && p.arch == arch)
}

/// The version and build whose checksum is `digest` for `os`/`arch`.
pub fn resolve_digest<'a>(
    m: &'a Manifest,
    digest: &str,
    os: &str,
    arch: &str,
) -> Result<(&'a Version, &'a Platform), CatalogError> {
    if m.versions.is_empty() {
        return Err(CatalogError::Resolve(format!(
            "plugin {:?} has no versions",
            m.name
        )));
    }
    for v in &m.versions {
        for p in &v.platforms {
            if p.os == os && p.arch == arch && p.checksum == digest {
                return Ok((v, p));
            }
        }
    }
    Err(CatalogError::Resolve(format!(
        "digest {digest:?} not found for plugin {:?} on {os}/{arch}",
        m.name
    )))
}

/// Downloads build `p` of version `v`, checks its checksum, writes the binary to
/// `dir/<bin>` (mode 0755) and the receipt beside it.
pub async fn install(
    dir: &Path,
    m: &Manifest,
    v: &Version,
    p: &Platform,
) -> Result<(), CatalogError> {
    let fail = |what: String| CatalogError::Install(what);
    let (status, body) = get_body(&p.url, DOWNLOAD_TIMEOUT)
        .await
        .map_err(|e| fail(format!("failed to download plugin: {e}")))?;
    if status != 200 {
        return Err(fail(format!("failed to download plugin: HTTP {status}")));
    }
    use sha2::Digest;
    let actual = format!("sha256:{}", hex::encode(sha2::Sha256::digest(&body)));
    if actual != p.checksum {
        return Err(fail(format!(
            "checksum verification failed (expected: {}, got: {actual})",
            p.checksum
        )));
    }
    if !plain_file_name(&m.bin) {
        return Err(fail(format!(
            "invalid plugin binary name {:?}: must be a plain filename",
            m.bin
        )));
    }
    let dest = dir.join(&m.bin);
    let target = if p.extract_path.is_empty() {
        m.bin.as_str()
    } else {
        p.extract_path.as_str()
    };
    let binary = extract(&body, &p.url, target).map_err(fail)?;
    write_binary(&dest, &binary).map_err(fail)?;
    let receipt = Receipt {
        name: m.name.clone(),
        version: v.version.clone(),
        installed_at: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        platform: p.clone(),
    };
    let value = serde_json::to_value(&receipt).map_err(|e| fail(e.to_string()))?;
    std::fs::write(
        dir.join(format!("flux-{}.yaml", m.name)),
        crate::goyaml::to_yaml(&value),
    )
    .map_err(|e| fail(format!("failed to write receipt: {e}")))
}

#[derive(Debug, PartialEq)]
enum Format {
    Binary,
    Zip,
    TarGz,
    Tar,
}

/// The download's format: from the URL's suffix, else from its first bytes.
fn format(body: &[u8], url: &str) -> Format {
    let lower = url.to_ascii_lowercase();
    if lower.ends_with(".zip") {
        return Format::Zip;
    }
    if lower.ends_with(".tar.gz") || lower.ends_with(".tgz") {
        return Format::TarGz;
    }
    if lower.ends_with(".tar") {
        return Format::Tar;
    }
    if body.len() >= 4 && body.starts_with(b"PK") && matches!(body[2], 0x03 | 0x05 | 0x07) {
        return Format::Zip;
    }
    if body.starts_with(&[0x1f, 0x8b]) {
        return Format::TarGz;
    }
    if body.len() >= 262 && &body[257..262] == b"ustar" {
        return Format::Tar;
    }
    Format::Binary
}

/// Whether an archive entry is the one wanted: the same path when `target` has a directory,
/// else the same base name.
fn entry_matches(entry: &str, target: &str) -> bool {
    if target.contains('/') {
        entry == target
    } else {
        entry.rsplit('/').next() == Some(target)
    }
}

/// An entry path that stays inside the archive's root (Go's `filepath.IsLocal`).
fn local_entry(entry: &str) -> bool {
    !entry.is_empty() && !entry.starts_with('/') && !entry.split('/').any(|c| c == "..")
}

/// The binary inside the download.
fn extract(body: &[u8], url: &str, target: &str) -> Result<Vec<u8>, String> {
    let not_found = || format!("binary {target:?} not found in archive");
    match format(body, url) {
        Format::Binary => Ok(body.to_vec()),
        Format::Zip => {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(body))
                .map_err(|e| format!("failed to open zip: {e}"))?;
            for i in 0..zip.len() {
                let mut f = zip
                    .by_index(i)
                    .map_err(|e| format!("failed to open zip: {e}"))?;
                let name = f.name().to_string();
                if !local_entry(&name) || !f.is_file() || f.is_symlink() {
                    continue;
                }
                if entry_matches(&name, target) {
                    let mut out = vec![];
                    f.read_to_end(&mut out)
                        .map_err(|e| format!("failed to open {target:?} in zip: {e}"))?;
                    return Ok(out);
                }
            }
            Err(not_found())
        }
        Format::TarGz => {
            let gz = flate2::read::GzDecoder::new(body);
            from_tar(gz, target)?.ok_or_else(not_found)
        }
        Format::Tar => from_tar(body, target)?.ok_or_else(not_found),
    }
}

fn from_tar(r: impl Read, target: &str) -> Result<Option<Vec<u8>>, String> {
    let mut archive = tar::Archive::new(r);
    let entries = archive
        .entries()
        .map_err(|e| format!("failed to read tar: {e}"))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| format!("failed to read tar: {e}"))?;
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        if !local_entry(&name) || !entry.header().entry_type().is_file() {
            continue;
        }
        if entry_matches(&name, target) {
            let mut out = vec![];
            entry
                .read_to_end(&mut out)
                .map_err(|e| format!("failed to write plugin binary: {e}"))?;
            return Ok(Some(out));
        }
    }
    Ok(None)
}

/// Writes the binary as Go's `os.OpenFile(O_CREATE|O_TRUNC, 0755)` does (a new file gets
/// mode 0755; an existing one keeps its mode).
fn write_binary(dest: &Path, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(true)
        .mode(0o755)
        .open(dest)
        .map_err(|e| format!("failed to create {}: {e}", dest.display()))?;
    f.write_all(bytes)
        .map_err(|e| format!("failed to write plugin binary: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> Manifest {
        let yaml = "apiVersion: cli.fluxcd.io/v1beta1\nkind: Plugin\nname: op\nbin: flux-op\nversions:\n- version: 2.0.0\n  platforms:\n  - {os: linux, arch: amd64, url: u2, checksum: 'sha256:bb'}\n- version: 1.0.0\n  platforms:\n  - {os: linux, arch: amd64, url: u1, checksum: 'sha256:aa'}\n  - {os: darwin, arch: arm64, url: u1d, checksum: 'sha256:cc'}\n";
        parse(yaml.as_bytes()).unwrap()
    }

    #[test]
    fn versions_resolve_to_the_newest_or_the_named_one_and_digests_to_their_build() {
        let m = manifest();
        assert_eq!(resolve_version(&m, "").unwrap().version, "2.0.0");
        assert_eq!(resolve_version(&m, "1.0.0").unwrap().version, "1.0.0");
        assert_eq!(
            resolve_version(&m, "3.0.0").unwrap_err().to_string(),
            "version \"3.0.0\" not found for plugin \"op\""
        );
        let (v, p) = resolve_digest(&m, "sha256:cc", "darwin", "arm64").unwrap();
        assert_eq!((v.version.as_str(), p.url.as_str()), ("1.0.0", "u1d"));
        assert!(resolve_digest(&m, "sha256:cc", "linux", "amd64").is_err());
        assert!(resolve_platform(&m.versions[0], "darwin", "arm64").is_none());
    }

    #[test]
    fn archive_formats_come_from_the_url_suffix_then_the_magic_bytes() {
        assert_eq!(format(b"PK\x03\x04", "x"), Format::Zip);
        assert_eq!(format(b"\x1f\x8b", "x"), Format::TarGz);
        assert_eq!(format(b"\x1f\x8b", "x.zip"), Format::Zip);
        assert_eq!(format(b"#!/bin/sh", "x"), Format::Binary);
        assert_eq!(format(b"", "X.TGZ"), Format::TarGz);
    }

    #[test]
    fn archive_entries_match_by_base_name_unless_the_target_has_a_directory() {
        assert!(entry_matches("dist/flux-op", "flux-op"));
        assert!(!entry_matches("dist/flux-op", "bin/flux-op"));
        assert!(entry_matches("bin/flux-op", "bin/flux-op"));
        assert!(!local_entry("../flux-op"));
        assert!(!local_entry("/flux-op"));
    }
}
