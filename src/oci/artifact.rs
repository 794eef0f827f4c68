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
use std::path::{Path, PathBuf};

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

/// One tar header block as Go's `archive/tar` writes a USTAR header.
fn ustar_header(name: &str, prefix: &str, mode: u32, size: u64, typeflag: u8) -> [u8; 512] {
    let mut b = raw_header(name, mode, size, typeflag);
    let put_oct = |b: &mut [u8]| b[..7].copy_from_slice(b"0000000");
    put_oct(&mut b[329..337]);
    put_oct(&mut b[337..345]);
    let n = prefix.len().min(155);
    b[345..345 + n].copy_from_slice(&prefix.as_bytes()[..n]);
    checksum(&mut b);
    b
}

fn checksum(b: &mut [u8; 512]) {
    // The header's bytes with the checksum field as spaces; six octal digits, NUL, space.
    b[148..156].copy_from_slice(b"        ");
    let sum: u64 = b.iter().map(|&x| x as u64).sum();
    let s = format!("{sum:06o}");
    b[148..154].copy_from_slice(s.as_bytes());
    b[154] = 0;
    b[155] = b' ';
}

/// The fields every header has (Go's `writeRawFile` writes only these: PAX records' own
/// header has no device numbers).
fn raw_header(name: &str, mode: u32, size: u64, typeflag: u8) -> [u8; 512] {
    let mut b = [0u8; 512];
    let put_str = |b: &mut [u8], s: &str| {
        let n = s.len().min(b.len());
        b[..n].copy_from_slice(&s.as_bytes()[..n]);
    };
    let put_oct = |b: &mut [u8], x: u64| {
        let s = format!("{x:o}");
        let width = b.len() - 1;
        let s = format!("{}{s}", "0".repeat(width.saturating_sub(s.len())));
        let n = s.len().min(b.len());
        b[..n].copy_from_slice(&s.as_bytes()[..n]);
    };
    put_str(&mut b[0..100], name);
    put_oct(&mut b[100..108], mode as u64);
    put_oct(&mut b[108..116], 0);
    put_oct(&mut b[116..124], 0);
    put_oct(&mut b[124..136], size);
    put_oct(&mut b[136..148], 0);
    b[156] = typeflag;
    b[257..263].copy_from_slice(b"ustar\0");
    b[263..265].copy_from_slice(b"00");
    checksum(&mut b);
    b
}

/// Go's `splitUSTARPath`: (prefix, name) when a long ASCII path fits USTAR's two fields.
fn split_ustar_path(name: &str) -> Option<(&str, &str)> {
    let len = name.len();
    if len <= 100 || !name.is_ascii() {
        return None;
    }
    let mut limit = len;
    if limit > 156 {
        limit = 156;
    } else if name.as_bytes()[limit - 1] == b'/' {
        limit -= 1;
    }
    let i = name[..limit].rfind('/')?;
    let (plen, nlen) = (i, len - i - 1);
    if i == 0 || nlen > 100 || nlen == 0 || plen > 155 {
        return None;
    }
    Some((&name[..i], &name[i + 1..]))
}

/// A PAX record `"%d %s=%s\n"` whose length counts itself.
fn pax_record(key: &str, value: &str) -> String {
    let body = format!(" {key}={value}\n");
    let mut n = body.len() + 1;
    loop {
        let total = n.to_string().len() + body.len();
        if total == n {
            return format!("{n}{body}");
        }
        n = total;
    }
}

fn write_entry(
    w: &mut impl Write,
    name: &str,
    mode: u32,
    size: u64,
    typeflag: u8,
) -> std::io::Result<()> {
    let ustar_ok = name.is_ascii() && (name.len() <= 100 || split_ustar_path(name).is_some());
    if ustar_ok {
        let (prefix, short) = split_ustar_path(name).unwrap_or(("", name));
        return w.write_all(&ustar_header(short, prefix, mode, size, typeflag));
    }
    // PAX: an extended header carrying the path, then the entry with an ASCII-only name.
    let records = pax_record("path", name);
    let (dir, file) = match name.rsplit_once('/') {
        Some((d, f)) => (format!("{d}/"), f),
        None => (String::new(), name),
    };
    let pax_name = to_ascii(&format!("{dir}PaxHeaders.0/{file}"));
    let pax_name = pax_name[..pax_name.len().min(100)].trim_end_matches('/');
    w.write_all(&raw_header(pax_name, 0, records.len() as u64, b'x'))?;
    w.write_all(records.as_bytes())?;
    pad(w, records.len() as u64)?;
    let ascii = to_ascii(name);
    let short = &ascii[..ascii.len().min(100)];
    w.write_all(&ustar_header(short, "", mode, size, typeflag))
}

/// Go's `toASCII`: drops non-ASCII characters and NULs.
fn to_ascii(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii() && *c != '\0').collect()
}

fn pad(w: &mut impl Write, size: u64) -> std::io::Result<()> {
    let rem = (size % 512) as usize;
    if rem != 0 {
        w.write_all(&[0u8; 512][..512 - rem])?;
    }
    Ok(())
}

#[cfg(unix)]
fn go_mode(meta: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    // Permission bits plus setuid/setgid/sticky, as FileInfoHeader keeps them.
    meta.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn go_mode(meta: &std::fs::Metadata) -> u32 {
    if meta.is_dir() {
        0o755
    } else {
        0o644
    }
}

/// Copies a file in 32 KiB writes, as fluxcd/pkg's `tar.Tar` does (the gzip output depends
/// on the write boundaries).
fn copy_chunks(r: &mut impl std::io::Read, w: &mut impl Write) -> std::io::Result<u64> {
    let mut buf = vec![0u8; 32 * 1024];
    let mut total = 0u64;
    loop {
        let mut filled = 0;
        while filled < buf.len() {
            match r.read(&mut buf[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        if filled == 0 {
            return Ok(total);
        }
        w.write_all(&buf[..filled])?;
        total += filled as u64;
    }
}

/// Writes the tar of `dir` (fluxcd/pkg's `tar.Tar` layout) into `w`, skipping what the
/// filter excludes.
fn write_tar(
    dir: &Path,
    filter: &crate::artifact::ignore::Filter,
    w: &mut impl Write,
) -> Result<()> {
    fn walk(
        root: &Path,
        path: &Path,
        filter: &crate::artifact::ignore::Filter,
        w: &mut dyn Write,
    ) -> Result<()> {
        let meta = std::fs::symlink_metadata(path).map_err(io(path))?;
        let ft = meta.file_type();
        if !ft.is_file() && !ft.is_dir() {
            return Ok(());
        }
        let excluded = path != root && filter.excluded(path, ft.is_dir());
        let rel = path
            .strip_prefix(root)
            .map(|r| r.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let name = if rel.is_empty() { ".".to_string() } else { rel };
        if !excluded {
            let mut w2 = &mut *w;
            if ft.is_dir() {
                write_entry(&mut w2, &name, go_mode(&meta), 0, b'5').map_err(io(path))?;
            } else {
                write_entry(&mut w2, &name, go_mode(&meta), meta.len(), b'0').map_err(io(path))?;
                let mut f = std::fs::File::open(path).map_err(io(path))?;
                let n = copy_chunks(&mut f, &mut w2).map_err(io(path))?;
                if n != meta.len() {
                    return Err(Error::Io {
                        path: path.display().to_string(),
                        message: "file changed size while archiving".into(),
                    });
                }
                pad(&mut w2, n).map_err(io(path))?;
            }
        }
        if ft.is_dir() {
            // WalkDir visits a filtered directory's entries too; each is matched on its own.
            let mut names: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(io(path))?
                .map(|e| e.map(|e| e.path()))
                .collect::<std::io::Result<_>>()
                .map_err(io(path))?;
            names.sort_by(|a, b| {
                a.file_name()
                    .map(|n| n.as_encoded_bytes().to_vec())
                    .cmp(&b.file_name().map(|n| n.as_encoded_bytes().to_vec()))
            });
            for p in names {
                walk(root, &p, filter, w)?;
            }
        }
        Ok(())
    }
    walk(dir, dir, filter, w)?;
    // End of archive: two zero blocks (Go's Writer.Close).
    w.write_all(&[0u8; 512]).map_err(io(dir))?;
    w.write_all(&[0u8; 512]).map_err(io(dir))?;
    Ok(())
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
    write_tar(&dir, &filter, &mut tar)?;
    let diff_id = format!("sha256:{}", hex::encode(tar.hasher.finalize()));
    let bytes = tar.inner.finish();
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
    fn ustar_headers_match_go_archive_tar_layout() {
        let h = ustar_header("a.txt", "", 0o644, 5, b'0');
        assert_eq!(&h[100..108], b"0000644\0");
        assert_eq!(&h[124..136], b"00000000005\0");
        assert_eq!(&h[136..148], b"00000000000\0");
        assert_eq!(&h[257..265], b"ustar\x0000");
        assert_eq!(&h[329..337], b"0000000\0");
        let sum: u64 = h
            .iter()
            .enumerate()
            .map(|(i, &b)| {
                if (148..156).contains(&i) {
                    32
                } else {
                    b as u64
                }
            })
            .sum();
        assert_eq!(&h[148..156], format!("{sum:06o}\0 ").as_bytes());
    }

    #[test]
    fn long_paths_split_or_fall_back_to_pax() {
        let long = format!("{}/{}", "d".repeat(120), "f".repeat(50));
        assert_eq!(split_ustar_path(&long), Some((&long[..120], &long[121..])));
        assert_eq!(split_ustar_path("short"), None);
        assert_eq!(split_ustar_path(&"x".repeat(150)), None);
        assert_eq!(pax_record("path", "abc"), "12 path=abc\n");
        assert_eq!(pax_record("path", &"y".repeat(90)).len(), 99);
        assert_eq!(pax_record("path", &"y".repeat(92)).len(), 102);
    }

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
