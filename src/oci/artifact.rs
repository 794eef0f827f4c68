//! Flux's OCI artifact format (what `flux push artifact` writes and OCIRepository reads):
//! an OCI image manifest with the `application/vnd.cncf.flux.config.v1+json` config and one
//! `application/vnd.cncf.flux.content.v1.tar+gzip` layer, annotated with
//! `org.opencontainers.image.{created,source,revision}` (always all three, even empty).
//!
//! The layer is the tarball fluxcd/pkg's `tar.Tar` writes: a `filepath.WalkDir` walk
//! (lexical per directory, the root as `.`), directories and regular files only, USTAR
//! headers as Go's `archive/tar` writes them (PAX for names USTAR cannot hold), owners and
//! times zeroed, modes from disk. The config and manifest are go-containerregistry's compact
//! JSON, so the same inputs give the same digests as Flux's CLI.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use sha2::Digest as _;

use super::client::{self, Client, OCI_MANIFEST};
use super::Reference;

/// The config media type of Flux artifacts.
pub const CONFIG_MEDIA_TYPE: &str = "application/vnd.cncf.flux.config.v1+json";
/// The media type prefix of Flux content layers.
pub const CONTENT_MEDIA_TYPE_PREFIX: &str = "application/vnd.cncf.flux.content.v1";
/// The tarball layer media type.
pub const CONTENT_MEDIA_TYPE: &str = "application/vnd.cncf.flux.content.v1.tar+gzip";
/// Helm chart layers (OCI charts pushed by `helm push`).
pub const HELM_CHART_MEDIA_TYPE: &str = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
/// Annotation: when the artifact was made (RFC 3339).
pub const CREATED: &str = "org.opencontainers.image.created";
/// Annotation: where the content came from (e.g. a Git URL).
pub const SOURCE: &str = "org.opencontainers.image.source";
/// Annotation: the source revision (e.g. `main@sha1:…`).
pub const REVISION: &str = "org.opencontainers.image.revision";

/// Errors building, pushing or pulling artifacts.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A local file could not be read or written.
    #[error("{path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        message: String,
    },
    /// An ignore pattern is invalid.
    #[error("{0}")]
    Ignore(#[from] crate::artifact::Error),
    /// The registry failed.
    #[error(transparent)]
    Registry(#[from] client::Error),
    /// The artifact is not what Flux writes.
    #[error("{0}")]
    Format(String),
}

/// Result of artifact operations.
pub type Result<T> = std::result::Result<T, Error>;

fn io(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// The ignore patterns `flux build|push|diff artifact` apply by default (VCS metadata and
/// binary files).
pub const DEFAULT_IGNORE_PATHS: &[&str] = &[
    ".git/",
    ".gitignore",
    ".gitmodules",
    ".gitattributes",
    "*.jpg",
    "*.jpeg",
    "*.gif",
    "*.png",
    "*.wmv",
    "*.flv",
    "*.tar.gz",
    "*.zip",
];

/// A built layer: the gzip bytes and the sha256 of the tar inside (the config's diff ID).
pub struct Layer {
    /// The compressed layer.
    pub bytes: Vec<u8>,
    /// `sha256:<hex>` of the uncompressed tar.
    pub diff_id: String,
}

struct Hashing<W: Write> {
    inner: W,
    hasher: sha2::Sha256,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Builds the layer of `source` (a directory, or one file placed at the root as Flux's
/// build stages it), excluding `ignore_paths` (gitignore patterns).
pub fn build_layer(source: &Path, ignore_paths: &[String]) -> Result<Layer> {
    let abs = std::path::absolute(source).map_err(io(source))?;
    let meta = std::fs::metadata(&abs).map_err(|e| Error::Io {
        path: abs.display().to_string(),
        message: if e.kind() == std::io::ErrorKind::NotFound {
            "source path does not exist".into()
        } else {
            e.to_string()
        },
    })?;
    let staged;
    let dir = if meta.is_dir() {
        abs.clone()
    } else {
        staged = tempfile::tempdir().map_err(io(&abs))?;
        let file_name = abs
            .file_name()
            .ok_or_else(|| Error::Format("invalid path".into()))?;
        let dst = staged.path().join(file_name);
        std::fs::copy(&abs, &dst).map_err(io(&abs))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(staged.path(), std::fs::Permissions::from_mode(0o700))
                .map_err(io(staged.path()))?;
        }
        staged.path().to_path_buf()
    };
    let filter = crate::artifact::ignore::Filter::from_patterns(&dir, ignore_paths)?;
    let gz = crate::artifact::goflate::GoGzipWriter::new();
    let mut tar = Hashing {
        inner: gz,
        hasher: sha2::Sha256::new(),
    };
    crate::artifact::gotar::write_tree(
        &dir,
        Some(&filter),
        crate::artifact::gotar::Modes::Keep,
        &mut tar,
    )
    .map_err(|e| Error::Io {
        path: e.path,
        message: e.message,
    })?;
    let diff_id = format!("sha256:{}", hex::encode(tar.hasher.finalize()));
    let bytes = tar.inner.finish().map_err(io(&dir))?;
    Ok(Layer { bytes, diff_id })
}

/// The annotations Flux records on an artifact.
#[derive(Clone, Debug, Default)]
pub struct Metadata {
    /// RFC 3339 creation time.
    pub created: String,
    /// `org.opencontainers.image.source`.
    pub source: String,
    /// `org.opencontainers.image.revision`.
    pub revision: String,
    /// Extra annotations (override the three above when they name them).
    pub annotations: BTreeMap<String, String>,
}

impl Metadata {
    /// `ToAnnotations`: the three standard keys (even empty) and the extra ones.
    pub fn to_annotations(&self) -> BTreeMap<String, String> {
        let mut a = BTreeMap::from([
            (CREATED.to_string(), self.created.clone()),
            (SOURCE.to_string(), self.source.clone()),
            (REVISION.to_string(), self.revision.clone()),
        ]);
        for (k, v) in &self.annotations {
            a.insert(k.clone(), v.clone());
        }
        a
    }
}

fn js(s: &str) -> String {
    crate::kustomize::hash::go_json(&serde_json::Value::String(s.to_string()))
}

/// The config blob of a Flux artifact as flux2 v2.9.4 pushes it: go-containerregistry
/// replaces the config file it was given (creation time, diff IDs, history) by an empty one
/// once the config media type is Flux's, so every artifact carries these same 115 bytes (the
/// creation time lives in the manifest annotations).
pub const CONFIG_JSON: &str = r#"{"architecture":"","created":"0001-01-01T00:00:00Z","os":"","rootfs":{"type":"layers","diff_ids":null},"config":{}}"#;

fn descriptor(media_type: &str, size: usize, digest: &str) -> String {
    format!(
        "{{\"mediaType\":{},\"size\":{size},\"digest\":{}}}",
        js(media_type),
        js(digest)
    )
}

/// The manifest (compact `json.Marshal` of go-containerregistry's `v1.Manifest`).
pub fn manifest_json(
    config: (&str, usize),
    layer: (&str, usize, &str),
    annotations: &BTreeMap<String, String>,
) -> String {
    let mut out = format!(
        "{{\"schemaVersion\":2,\"mediaType\":{},\"config\":{},\"layers\":[{}]",
        js(OCI_MANIFEST),
        descriptor(CONFIG_MEDIA_TYPE, config.1, config.0),
        descriptor(layer.0, layer.1, layer.2)
    );
    if !annotations.is_empty() {
        let items: Vec<String> = annotations
            .iter()
            .map(|(k, v)| format!("{}:{}", js(k), js(v)))
            .collect();
        out.push_str(&format!(",\"annotations\":{{{}}}", items.join(",")));
    }
    out.push('}');
    out
}

fn sha256(b: &[u8]) -> String {
    format!("sha256:{}", hex::encode(sha2::Sha256::digest(b)))
}

/// Pushes a layer as a Flux artifact to `reference` (its tag); returns the manifest digest.
pub async fn push(
    client: &Client,
    reference: &Reference,
    layer_bytes: Vec<u8>,
    layer_media_type: &str,
    meta: &Metadata,
) -> Result<String> {
    let annotations = meta.to_annotations();
    let created = annotations.get(CREATED).cloned().unwrap_or_default();
    chrono::DateTime::parse_from_rfc3339(&created)
        .map_err(|e| Error::Format(format!("invalid created timestamp {created:?}: {e}")))?;
    let config = CONFIG_JSON.to_string();
    let config_digest = sha256(config.as_bytes());
    let layer_digest = sha256(&layer_bytes);
    let manifest = manifest_json(
        (&config_digest, config.len()),
        (layer_media_type, layer_bytes.len(), &layer_digest),
        &annotations,
    );
    client.push_blob(reference, layer_bytes).await?;
    client.push_blob(reference, config.into_bytes()).await?;
    let digest = client
        .push_manifest(
            reference,
            reference.identifier(),
            manifest.into_bytes(),
            OCI_MANIFEST,
        )
        .await?;
    Ok(digest)
}

/// A pulled artifact's manifest facts.
pub struct Pulled {
    /// Manifest digest.
    pub digest: String,
    /// Manifest annotations.
    pub annotations: BTreeMap<String, String>,
    /// The layers: (media type, digest, size).
    pub layers: Vec<(String, String, u64)>,
}

/// Reads the manifest of `reference` (an index resolves to its image).
pub async fn inspect(client: &Client, reference: &Reference) -> Result<Pulled> {
    let m = client.image_manifest(reference).await?;
    let json = m.json()?;
    let annotations = json["annotations"]
        .as_object()
        .map(|o| {
            o.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default();
    let layers = json["layers"]
        .as_array()
        .map(|ls| {
            ls.iter()
                .map(|l| {
                    (
                        l["mediaType"].as_str().unwrap_or_default().to_string(),
                        l["digest"].as_str().unwrap_or_default().to_string(),
                        l["size"].as_u64().unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(Pulled {
        digest: m.digest,
        annotations,
        layers,
    })
}

/// Extracts a pulled layer into `dir` as fluxcd/pkg's `Pull` does without a layer type: a
/// gzip blob is untarred (symlinks skipped, no size limit, paths kept inside `dir`);
/// anything else is copied to `dir` itself as a file.
pub fn extract_layer(bytes: &[u8], dir: &Path) -> Result<()> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let limits = crate::artifact::extract::Limits {
            max_file_size: u64::MAX,
            max_total_size: u64::MAX,
            skip_symlinks: true,
        };
        crate::artifact::extract::extract_tar_gz(bytes, dir, limits).map_err(|e| Error::Io {
            path: dir.display().to_string(),
            message: e.to_string(),
        })
    } else {
        std::fs::write(dir, bytes).map_err(io(dir))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_is_lexical_per_directory_with_root_entry_and_filters() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/b"), "1").unwrap();
        std::fs::write(dir.path().join("a-c"), "2").unwrap();
        std::fs::write(dir.path().join("img.png"), "3").unwrap();
        let layer = build_layer(dir.path(), &["*.png".to_string()]).unwrap();
        let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(layer.bytes.as_slice()));
        let names: Vec<String> = tar
            .entries()
            .unwrap()
            .map(|e| e.unwrap().path().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, [".", "a", "a/b", "a-c"]);
    }

    #[test]
    fn config_and_manifest_are_compact_go_json() {
        assert_eq!(CONFIG_JSON.len(), 115);
        let meta = Metadata {
            created: "t".into(),
            ..Default::default()
        };
        let m = manifest_json(
            ("sha256:c", 2),
            (CONTENT_MEDIA_TYPE, 3, "sha256:l"),
            &meta.to_annotations(),
        );
        assert!(m.ends_with(r#""annotations":{"org.opencontainers.image.created":"t","org.opencontainers.image.revision":"","org.opencontainers.image.source":""}}"#), "{m}");
    }
}
