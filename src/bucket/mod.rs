//! Object storage for the Bucket source: the providers' clients ([`s3`] for `generic` and
//! `aws` with static keys) and what Flux derives from a listing: the etag index, its
//! `sha256:` revision (fluxcd/source-controller's `index.Digester`: one `"<key> <etag>\n"`
//! line per object, keys in byte order) and the local path of a key (kept inside the
//! download directory, as `securejoin` keeps it).

pub mod s3;

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
