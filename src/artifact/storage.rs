//! Artifact storage: the on-disk layout sources write to, retention, and the HTTP file server
//! other controllers download from.
//!
//! Layout and URLs follow Flux: `<kind>/<namespace>/<name>/<file>` under `--storage-path`,
//! advertised as `http://<storage-adv-addr>/<path>`. The server answers 404 for anything that
//! is not a stored file (including path traversal attempts).

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;

use super::ignore::Filter;
use super::{archive_dir, io_err, Result};
use crate::api::meta::Artifact;

/// Where artifacts live and how they are advertised.
#[derive(Clone, Debug)]
pub struct Storage {
    /// Root directory (`--storage-path`).
    pub root: PathBuf,
    /// Host[:port] written into artifact URLs (`--storage-adv-addr`).
    pub advertised: String,
    /// Artifacts older than this are removed (`--artifact-retention-ttl`).
    pub retention_ttl: Duration,
    /// At most this many artifacts are kept per object (`--artifact-retention-records`).
    pub retention_records: usize,
}

impl Storage {
    /// The directory of one object's artifacts, relative to the root.
    pub fn object_dir(kind: &str, namespace: &str, name: &str) -> String {
        format!("{}/{namespace}/{name}", kind.to_lowercase())
    }

    /// The advertised URL of a relative artifact path.
    pub fn url(&self, rel: &str) -> String {
        format!("http://{}/{rel}", self.advertised.trim_end_matches('/'))
    }

    /// True when the artifact's file is present.
    pub fn exists(&self, artifact: &Artifact) -> bool {
        self.root.join(&artifact.path).is_file()
    }

    /// Archives `src` into the object's directory as `<sha256-hex>.tar.gz` and returns the
    /// artifact record for `revision`.
    pub fn store_dir(
        &self,
        kind: &str,
        namespace: &str,
        name: &str,
        src: &Path,
        filter: Option<&Filter>,
        revision: &str,
    ) -> Result<Artifact> {
        self.store_dir_as(kind, namespace, name, src, filter, revision, None)
    }

    /// Archives `src` into the object's directory as `file` (by default
    /// `<sha256-hex>.tar.gz`, the archive's own digest) and returns the artifact record for
    /// `revision`.
    #[allow(clippy::too_many_arguments)]
    pub fn store_dir_as(
        &self,
        kind: &str,
        namespace: &str,
        name: &str,
        src: &Path,
        filter: Option<&Filter>,
        revision: &str,
        file: Option<&str>,
    ) -> Result<Artifact> {
        let rel_dir = Self::object_dir(kind, namespace, name);
        let dir = self.root.join(&rel_dir);
        std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
        let staging = dir.join(".staging.tar.gz");
        let (digest, size) = archive_dir(src, filter, &staging)?;
        let hex = digest.0.trim_start_matches("sha256:");
        let file = file.map_or_else(|| format!("{hex}.tar.gz"), str::to_string);
        let dest = dir.join(&file);
        std::fs::rename(&staging, &dest).map_err(io_err(&dest))?;
        // Touch so retention sees the newest artifact as newest even when it already existed.
        let f = std::fs::File::options()
            .append(true)
            .open(&dest)
            .map_err(io_err(&dest))?;
        f.set_modified(SystemTime::now()).map_err(io_err(&dest))?;
        let path = format!("{rel_dir}/{file}");
        Ok(Artifact {
            url: self.url(&path),
            path,
            revision: revision.to_string(),
            digest: Some(digest.0),
            last_update_time: Time(k8s_openapi::jiff::Timestamp::now()),
            size: Some(size as i64),
            metadata: None,
        })
    }

    /// Writes `content` into the object's directory as `file` (atomically) and returns the
    /// artifact record for `revision`, with the digest and size of `content`.
    pub fn store_file(
        &self,
        kind: &str,
        namespace: &str,
        name: &str,
        file: &str,
        content: &[u8],
        revision: &str,
    ) -> Result<Artifact> {
        let rel_dir = Self::object_dir(kind, namespace, name);
        let dir = self.root.join(&rel_dir);
        std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
        let staging = dir.join(format!(".staging-{file}"));
        std::fs::write(&staging, content).map_err(io_err(&staging))?;
        let dest = dir.join(file);
        std::fs::rename(&staging, &dest).map_err(io_err(&dest))?;
        let path = format!("{rel_dir}/{file}");
        Ok(Artifact {
            url: self.url(&path),
            path,
            revision: revision.to_string(),
            digest: Some(super::archive::digest_bytes(content).0),
            last_update_time: Time(k8s_openapi::jiff::Timestamp::now()),
            size: Some(content.len() as i64),
            metadata: None,
        })
    }

    /// Copies the local file `src` into the object's directory as `file` (atomically,
    /// streaming) and returns the artifact record for `revision`, with its digest and size.
    pub fn store_path(
        &self,
        kind: &str,
        namespace: &str,
        name: &str,
        file: &str,
        src: &Path,
        revision: &str,
    ) -> Result<Artifact> {
        use sha2::Digest as _;
        let rel_dir = Self::object_dir(kind, namespace, name);
        let dir = self.root.join(&rel_dir);
        std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
        let staging = dir.join(format!(".staging-{file}"));
        let mut input = std::fs::File::open(src).map_err(io_err(src))?;
        let mut out = std::fs::File::create(&staging).map_err(io_err(&staging))?;
        let mut hasher = sha2::Sha256::new();
        let mut buf = vec![0u8; 64 * 1024];
        let mut size = 0u64;
        loop {
            let n = std::io::Read::read(&mut input, &mut buf).map_err(io_err(src))?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            std::io::Write::write_all(&mut out, &buf[..n]).map_err(io_err(&staging))?;
            size += n as u64;
        }
        drop(out);
        let dest = dir.join(file);
        std::fs::rename(&staging, &dest).map_err(io_err(&dest))?;
        let path = format!("{rel_dir}/{file}");
        Ok(Artifact {
            url: self.url(&path),
            path,
            revision: revision.to_string(),
            digest: Some(format!("sha256:{}", hex::encode(hasher.finalize()))),
            last_update_time: Time(k8s_openapi::jiff::Timestamp::now()),
            size: Some(size as i64),
            metadata: None,
        })
    }

    /// Points `link` (e.g. `index.yaml`) in the artifact's directory at the artifact's file,
    /// as Flux's storage does; returns the link's URL.
    pub fn symlink(&self, artifact: &Artifact, link: &str) -> Result<String> {
        let file = self.root.join(&artifact.path);
        let dir = file.parent().unwrap_or(&self.root).to_path_buf();
        let target = file.file_name().unwrap_or_default().to_os_string();
        let staging = dir.join(format!(".staging-{link}"));
        let _ = std::fs::remove_file(&staging);
        std::os::unix::fs::symlink(&target, &staging).map_err(io_err(&staging))?;
        let dest = dir.join(link);
        std::fs::rename(&staging, &dest).map_err(io_err(&dest))?;
        let rel_dir = artifact
            .path
            .rsplit_once('/')
            .map(|(d, _)| d)
            .unwrap_or_default();
        Ok(self.url(&format!("{rel_dir}/{link}")))
    }

    /// Removes old artifacts of an object: keeps `keep` (the current one), the newest
    /// `retention_records` files, and anything younger than `retention_ttl`. Returns the
    /// removed file names.
    pub fn garbage_collect(
        &self,
        kind: &str,
        namespace: &str,
        name: &str,
        keep: &str,
    ) -> Result<Vec<String>> {
        let dir = self.root.join(Self::object_dir(kind, namespace, name));
        let Ok(read) = std::fs::read_dir(&dir) else {
            return Ok(vec![]);
        };
        let mut files: Vec<(SystemTime, PathBuf)> = read
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
            .collect();
        files.sort_by_key(|f| std::cmp::Reverse(f.0));
        let now = SystemTime::now();
        let keep_path = self.root.join(keep);
        let mut removed = Vec::new();
        for (i, (mtime, path)) in files.iter().enumerate() {
            if *path == keep_path {
                continue;
            }
            let young = now.duration_since(*mtime).unwrap_or_default() < self.retention_ttl;
            if i < self.retention_records && young {
                continue;
            }
            std::fs::remove_file(path).map_err(io_err(path))?;
            removed.push(
                path.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
        Ok(removed)
    }

    /// Removes every artifact of an object (on deletion).
    pub fn remove_all(&self, kind: &str, namespace: &str, name: &str) -> Result<()> {
        let dir = self.root.join(Self::object_dir(kind, namespace, name));
        match std::fs::remove_dir_all(&dir) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_err(&dir)(e)),
            _ => Ok(()),
        }
    }
}

/// The HTTP router serving the storage root as static files (404 for anything else).
pub fn router(root: &Path) -> axum::Router {
    axum::Router::new().fallback_service(tower_http::services::ServeDir::new(root))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn storage(root: &Path) -> Storage {
        Storage {
            root: root.to_path_buf(),
            advertised: "source-controller.flux-system.svc.cluster.local.".into(),
            retention_ttl: Duration::from_secs(60),
            retention_records: 2,
        }
    }

    #[test]
    fn stores_with_flux_layout_and_url() {
        let root = tempfile::tempdir().unwrap();
        let src = tempfile::tempdir().unwrap();
        std::fs::write(src.path().join("a.yaml"), "a").unwrap();
        let s = storage(root.path());
        let a = s
            .store_dir(
                "GitRepository",
                "flux-system",
                "podinfo",
                src.path(),
                None,
                "main@sha1:abc",
            )
            .unwrap();
        let hex = a
            .digest
            .as_deref()
            .unwrap()
            .trim_start_matches("sha256:")
            .to_string();
        assert_eq!(
            a.path,
            format!("gitrepository/flux-system/podinfo/{hex}.tar.gz")
        );
        assert_eq!(
            a.url,
            format!("http://source-controller.flux-system.svc.cluster.local./gitrepository/flux-system/podinfo/{hex}.tar.gz")
        );
        assert!(s.exists(&a));
        assert_eq!(
            a.size,
            Some(std::fs::metadata(root.path().join(&a.path)).unwrap().len() as i64)
        );
    }

    #[test]
    fn garbage_collection_keeps_current_and_recent_records() {
        let root = tempfile::tempdir().unwrap();
        let mut s = storage(root.path());
        s.retention_records = 1;
        s.retention_ttl = Duration::from_secs(0);
        let src = tempfile::tempdir().unwrap();
        let mut paths = vec![];
        for i in 0..3 {
            std::fs::write(src.path().join("a.yaml"), format!("{i}")).unwrap();
            paths.push(
                s.store_dir("GitRepository", "ns", "n", src.path(), None, "r")
                    .unwrap()
                    .path,
            );
        }
        let removed = s
            .garbage_collect("GitRepository", "ns", "n", &paths[2])
            .unwrap();
        assert_eq!(removed.len(), 2, "{removed:?}");
        assert!(root.path().join(&paths[2]).exists());
        s.remove_all("GitRepository", "ns", "n").unwrap();
        assert!(!root.path().join("gitrepository/ns/n").exists());
    }
}
