//! Deterministic `tar.gz` archives of a directory, and their digests.

use std::io::Write;
use std::path::Path;

use sha2::{Digest as _, Sha256};

use super::ignore::Filter;
use super::{io_err, Result};

/// A `sha256:<hex>` digest, as written in `status.artifact.digest`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Digest(pub String);

impl std::fmt::Display for Digest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Computes the `sha256:<hex>` digest of bytes.
pub fn digest_bytes(bytes: &[u8]) -> Digest {
    Digest(format!("sha256:{}", hex(&Sha256::digest(bytes))))
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

/// Writes `dir` as a tar.gz to `out`, skipping what `filter` excludes, byte for byte as
/// Flux's source-controller archives an artifact (fluxcd/pkg/artifact's `Storage.Archive`):
/// the root as `.`, directories and regular files in lexical order (symlinks skipped), owners
/// and times zeroed, modes 0750 for directories, 0700 for executables and 0600 otherwise,
/// compressed by Go's gzip ([`super::goflate`]). The same tree always yields the same bytes,
/// and the digest is the one Go Flux records. Returns the digest and size of the archive.
pub fn archive_dir(dir: &Path, filter: Option<&Filter>, out: &Path) -> Result<(Digest, u64)> {
    let tmp = out.with_extension("tmp");
    let file = std::fs::File::create(&tmp).map_err(io_err(&tmp))?;
    let hashing = HashingWriter {
        inner: std::io::BufWriter::new(file),
        hasher: Sha256::new(),
        size: 0,
    };
    let mut gz = super::goflate::GoGzipWriter::to_writer(hashing);
    super::gotar::write_tree(dir, filter, super::gotar::Modes::FluxStorage, &mut gz).map_err(
        |e| super::Error::Io {
            path: e.path.clone(),
            source: std::io::Error::other(e.message),
        },
    )?;
    let mut hashing = gz.finish().map_err(io_err(&tmp))?;
    hashing.inner.flush().map_err(io_err(&tmp))?;
    let digest = Digest(format!("sha256:{}", hex(&hashing.hasher.finalize())));
    let size = hashing.size;
    std::fs::rename(&tmp, out).map_err(io_err(out))?;
    Ok((digest, size))
}

struct HashingWriter<W: Write> {
    inner: W,
    hasher: Sha256,
    size: u64,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, body: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, body).unwrap();
    }

    #[test]
    fn same_tree_gives_same_digest_regardless_of_times_and_creation_order() {
        let a = tempfile::tempdir().unwrap();
        write(a.path(), "b/two.yaml", "2");
        write(a.path(), "a/one.yaml", "1");
        let b = tempfile::tempdir().unwrap();
        write(b.path(), "a/one.yaml", "1");
        std::thread::sleep(std::time::Duration::from_millis(1100));
        write(b.path(), "b/two.yaml", "2");
        let out = tempfile::tempdir().unwrap();
        let (da, sa) = archive_dir(a.path(), None, &out.path().join("a.tar.gz")).unwrap();
        let (db, sb) = archive_dir(b.path(), None, &out.path().join("b.tar.gz")).unwrap();
        assert_eq!(da, db);
        assert_eq!(sa, sb);
        assert!(da.0.starts_with("sha256:") && da.0.len() == 7 + 64);
        let bytes = std::fs::read(out.path().join("a.tar.gz")).unwrap();
        assert_eq!(digest_bytes(&bytes), da);
        assert_eq!(bytes.len() as u64, sa);
    }

    #[test]
    fn content_change_changes_digest_and_filter_is_applied() {
        let a = tempfile::tempdir().unwrap();
        write(a.path(), "deploy/app.yaml", "v1");
        write(a.path(), ".github/ci.yaml", "ci");
        let out = tempfile::tempdir().unwrap();
        let filter = Filter::new(a.path(), None).unwrap();
        let (d1, _) = archive_dir(a.path(), Some(&filter), &out.path().join("1.tar.gz")).unwrap();
        write(a.path(), ".github/ci.yaml", "changed ci");
        let filter = Filter::new(a.path(), None).unwrap();
        let (d2, _) = archive_dir(a.path(), Some(&filter), &out.path().join("2.tar.gz")).unwrap();
        assert_eq!(d1, d2, "excluded files do not affect the artifact");
        write(a.path(), "deploy/app.yaml", "v2");
        let (d3, _) = archive_dir(a.path(), Some(&filter), &out.path().join("3.tar.gz")).unwrap();
        assert_ne!(d1, d3);
    }
}
