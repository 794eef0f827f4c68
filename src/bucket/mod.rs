//! Object storage for the Bucket source: the providers' clients ([`s3`] for `generic` and
//! `aws`, keys static or from [`crate::cloud::aws`], [`gcs`] for `gcp`, [`azure`] for `azure`) behind one [`Store`], and what Flux derives
//! from a listing: the etag index, its
//! `sha256:` revision (fluxcd/source-controller's `index.Digester`: one `"<key> <etag>\n"`
//! line per object, keys in byte order) and the local path of a key (kept inside the
//! download directory, as `securejoin` keeps it).

pub mod azure;
pub mod gcs;
pub mod s3;

pub use s3::Error;

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use sha2::Digest as _;

/// Object keys and their etags (quotes trimmed), ordered by key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EtagIndex(pub BTreeMap<String, String>);

impl EtagIndex {
    /// The index's revision: `sha256:` of its lines.
    pub fn revision(&self) -> String {
        let mut h = sha2::Sha256::new();
        for (k, v) in &self.0 {
            h.update(format!("{k} {v}\n").as_bytes());
        }
        format!("sha256:{}", hex::encode(h.finalize()))
    }

    /// How many objects it lists.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether it lists nothing.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// `root` joined with `key` without leaving `root`: `..` stops at the root and absolute
/// keys are taken relative to it (securejoin's lexical rules, no symlinks involved).
pub fn secure_join(root: &Path, key: &str) -> PathBuf {
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for c in Path::new(key).components() {
        match c {
            Component::Normal(p) => parts.push(p),
            Component::ParentDir => {
                parts.pop();
            }
            _ => {}
        }
    }
    let mut out = root.to_path_buf();
    out.extend(parts);
    out
}

/// An etag without its quotes (minio-go's `trimEtag`).
pub fn trim_etag(etag: &str) -> String {
    etag.trim_start_matches('"')
        .trim_end_matches('"')
        .to_string()
}

/// Streams a response body into `path` (parents created).
pub(crate) async fn write_body(resp: &mut reqwest::Response, path: &Path) -> Result<(), Error> {
    use tokio::io::AsyncWriteExt;
    let io = |e: std::io::Error| Error::Content(format!("{}: {e}", path.display()));
    if let Some(parent) = path.parent() {
        tokio::fs::create_dir_all(parent).await.map_err(io)?;
    }
    let mut f = tokio::fs::File::create(path).await.map_err(io)?;
    while let Some(chunk) = resp
        .chunk()
        .await
        .map_err(|e| Error::Content(e.without_url().to_string()))?
    {
        f.write_all(&chunk).await.map_err(io)?;
    }
    f.flush().await.map_err(io)
}

/// One provider's client for one bucket.
pub enum Store {
    /// The S3 API (`generic`, `aws`).
    S3(s3::Client),
    /// Google Cloud Storage (`gcp`).
    Gcs(gcs::Client),
    /// Azure Blob Storage (`azure`).
    Azure(azure::Client),
}

impl Store {
    /// Whether the bucket exists.
    pub async fn bucket_exists(&self) -> Result<bool, Error> {
        match self {
            Store::S3(c) => c.bucket_exists().await,
            Store::Gcs(c) => c.bucket_exists().await,
            Store::Azure(c) => c.bucket_exists().await,
        }
    }

    /// Every object under `prefix` with its etag.
    pub async fn list(&self, prefix: &str) -> Result<Vec<(String, String)>, Error> {
        match self {
            Store::S3(c) => c.list(prefix).await,
            Store::Gcs(c) => c.list(prefix).await,
            Store::Azure(c) => c.list(prefix).await,
        }
    }

    /// Downloads `key` to `path`; returns the etag the download reported (may be empty).
    pub async fn get_to_file(&self, key: &str, path: &Path) -> Result<String, Error> {
        match self {
            Store::S3(c) => c.get_to_file(key, path).await,
            Store::Gcs(c) => c.get_to_file(key, path).await,
            Store::Azure(c) => c.get_to_file(key, path).await,
        }
    }

    /// Downloads every object of `index` under `dir` (at most `parallel` at once); objects
    /// that disappeared are dropped from the index and changed etags are recorded.
    pub async fn fetch_all(
        &self,
        index: &mut EtagIndex,
        dir: &Path,
        parallel: usize,
    ) -> Result<(), Error> {
        use futures::StreamExt;
        let keys: Vec<(String, String)> = index
            .0
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let results: Vec<(String, String, Result<String, Error>)> = futures::stream::iter(keys)
            .map(|(k, etag)| async move {
                let path = secure_join(dir, &k);
                let r = self.get_to_file(&k, &path).await;
                (k, etag, r)
            })
            .buffer_unordered(parallel.max(1))
            .collect()
            .await;
        for (k, etag, r) in results {
            match r {
                Ok(got) if got != etag && !got.is_empty() => {
                    index.0.insert(k, got);
                }
                Ok(_) => {}
                Err(e) if e.is_not_found() => {
                    index.0.remove(&k);
                }
                Err(e) => return Err(Error::Content(format!("failed to get '{k}' object: {e}"))),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revision_is_the_sha256_of_sorted_key_etag_lines() {
        let mut idx = EtagIndex::default();
        idx.0.insert("b.yaml".into(), "e2".into());
        idx.0.insert("a.yaml".into(), "e1".into());
        let want = format!(
            "sha256:{}",
            hex::encode(sha2::Sha256::digest(b"a.yaml e1\nb.yaml e2\n"))
        );
        assert_eq!(idx.revision(), want);
    }

    #[test]
    fn keys_never_leave_the_download_directory() {
        let root = Path::new("/tmp/x");
        assert_eq!(secure_join(root, "a/b.yaml"), Path::new("/tmp/x/a/b.yaml"));
        assert_eq!(
            secure_join(root, "../../etc/passwd"),
            Path::new("/tmp/x/etc/passwd")
        );
        assert_eq!(secure_join(root, "/abs/key"), Path::new("/tmp/x/abs/key"));
        assert_eq!(secure_join(root, "a/../../b"), Path::new("/tmp/x/b"));
        assert_eq!(trim_etag("\"abc\""), "abc");
    }
}
