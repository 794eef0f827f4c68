//! Where `flux serve` extracts artifacts, clones repositories and stages files: a directory of
//! its own under the system's temporary directory (`flux-serve-<pid>`), made the default of
//! every temporary file and directory the process creates. A controller killed mid-run
//! leaves its work behind there; the next start removes what dead processes (and an earlier
//! life of this pid, as in a container where the controller is always pid 1 and `/tmp` is a
//! volume that outlives restarts) left, so crashes do not fill the disk.

use std::path::{Path, PathBuf};

/// The prefix of the per-process work directories.
const PREFIX: &str = "flux-serve-";

/// Errors setting up the work directory.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The directory could not be created.
    #[error("creating the work directory {0}: {1}")]
    Create(PathBuf, std::io::Error),
}

/// Removes the work directories of processes that are gone, and the content of this
/// process's own (left by an earlier process with the same pid), under `base`. Returns what
/// was removed.
pub fn clean_stale(base: &Path, own_pid: u32) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let Ok(entries) = std::fs::read_dir(base) else {
        return removed;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(PREFIX))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let path = entry.path();
        if pid == own_pid {
            for inner in std::fs::read_dir(&path).into_iter().flatten().flatten() {
                if remove(&inner.path()) {
                    removed.push(inner.path());
                }
            }
        } else if !Path::new(&format!("/proc/{pid}")).exists() && remove(&path) {
            removed.push(path);
        }
    }
    removed
}

fn remove(path: &Path) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path).is_ok(),
        Ok(_) => std::fs::remove_file(path).is_ok(),
        Err(_) => false,
    }
}

/// Cleans up after dead processes and makes `<temp>/flux-serve-<pid>` this process's default
/// temporary directory. Returns it.
pub fn init() -> Result<PathBuf, Error> {
    let base = std::env::temp_dir();
    let pid = std::process::id();
    for p in clean_stale(&base, pid) {
        tracing::info!(path = %p.display(), "removed the work left by a stopped controller");
    }
    let mine = base.join(format!("{PREFIX}{pid}"));
    std::fs::create_dir_all(&mine).map_err(|e| Error::Create(mine.clone(), e))?;
    // Only the first call sets it; a second (tests starting several servers) keeps the first.
    let _ = tempfile::env::override_temp_dir(&mine);
    Ok(mine)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_work_of_dead_processes_and_an_earlier_life_of_this_pid_is_removed() {
        let base = tempfile::tempdir().unwrap();
        let me = std::process::id();
        // A pid that cannot be running (beyond the kernel's pid_max of 2^22).
        let dead = 4_194_305 + 7;
        let live = 1; // init is always there
        for pid in [me, dead, live] {
            let d = base.path().join(format!("{PREFIX}{pid}"));
            std::fs::create_dir_all(d.join(".tmpA1b2/apps")).unwrap();
            std::fs::write(d.join(".tmpA1b2/apps/cm.yaml"), "x").unwrap();
        }
        std::fs::create_dir_all(base.path().join("unrelated")).unwrap();
        let removed = clean_stale(base.path(), me);
        assert_eq!(removed.len(), 2, "{removed:?}");
        let exists = |rel: &str| base.path().join(rel).exists();
        assert!(!exists(&format!("{PREFIX}{dead}")));
        assert!(exists(&format!("{PREFIX}{me}")));
        assert!(!exists(&format!("{PREFIX}{me}/.tmpA1b2")));
        assert!(exists(&format!("{PREFIX}{live}/.tmpA1b2/apps/cm.yaml")));
        assert!(exists("unrelated"));
    }
}
