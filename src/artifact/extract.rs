//! Safe extraction of untrusted tar.gz artifacts: nothing may land outside the destination,
//! links may not point outside it, special files are refused, and sizes are bounded.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use super::{io_err, Error, Result};

/// Bounds on what an archive may contain.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Maximum bytes of one file.
    pub max_file_size: u64,
    /// Maximum bytes of all files together.
    pub max_total_size: u64,
    /// Skip symbolic links instead of creating them (fluxcd/pkg's `WithSkipSymlinks`, as
    /// OCI artifacts are extracted).
    pub skip_symlinks: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: 100 << 20,
            max_total_size: 1 << 30,
            skip_symlinks: false,
        }
    }
}

/// Normalises an entry path, refusing absolute paths and `..` components.
fn safe_relative(name: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in name.components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// Extracts a tar.gz stream into `dest` (created if missing). Symlinks are allowed only when
/// their target stays inside `dest`; hard links, devices and fifos are refused.
pub fn extract_tar_gz(reader: impl Read, dest: &Path, limits: Limits) -> Result<()> {
    std::fs::create_dir_all(dest).map_err(io_err(dest))?;
    let gz = flate2::read::GzDecoder::new(reader);
    let mut archive = tar::Archive::new(gz);
    let mut total: u64 = 0;
    let entries = archive.entries().map_err(io_err(dest))?;
    for entry in entries {
        let mut entry = entry.map_err(io_err(dest))?;
        let raw = entry.path().map_err(io_err(dest))?.into_owned();
        let shown = raw.display().to_string();
        let rel = safe_relative(&raw).ok_or_else(|| Error::Escape(shown.clone()))?;
        if rel.as_os_str().is_empty() {
            continue;
        }
        let target = dest.join(&rel);
        match entry.header().entry_type() {
            tar::EntryType::Directory => {
                std::fs::create_dir_all(&target).map_err(io_err(&target))?;
            }
            tar::EntryType::Regular | tar::EntryType::Continuous | tar::EntryType::GNUSparse => {
                let size = entry.header().size().map_err(io_err(&target))?;
                if size > limits.max_file_size {
                    return Err(Error::TooLarge {
                        what: shown,
                        limit: limits.max_file_size,
                    });
                }
                total += size;
                if total > limits.max_total_size {
                    return Err(Error::TooLarge {
                        what: "archive".into(),
                        limit: limits.max_total_size,
                    });
                }
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent).map_err(io_err(parent))?;
                    ensure_inside(dest, parent, &shown)?;
                }
                let mut out = std::fs::File::create(&target).map_err(io_err(&target))?;
                let copied = std::io::copy(&mut (&mut entry).take(size + 1), &mut out)
                    .map_err(io_err(&target))?;
                if copied > size {
                    return Err(Error::TooLarge {
                        what: shown,
                        limit: size,
                    });
                }
            }
            tar::EntryType::Symlink if limits.skip_symlinks => {}
            tar::EntryType::Symlink => {
                let link = entry
                    .link_name()
                    .map_err(io_err(&target))?
                    .ok_or_else(|| Error::EntryType(shown.clone()))?
                    .into_owned();
                let base = rel.parent().unwrap_or(Path::new(""));
                let resolved = if link.is_absolute() {
                    None
                } else {
                    safe_relative(&base.join(&link))
                };
                if resolved.is_none() {
                    return Err(Error::Escape(shown));
                }
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent).map_err(io_err(parent))?;
                }
                #[cfg(unix)]
                std::os::unix::fs::symlink(&link, &target).map_err(io_err(&target))?;
            }
            _ => return Err(Error::EntryType(shown)),
        }
    }
    Ok(())
}

/// Refuses to write through a directory that resolves outside `dest` (a symlinked parent).
fn ensure_inside(dest: &Path, dir: &Path, shown: &str) -> Result<()> {
    let root = dest.canonicalize().map_err(io_err(dest))?;
    let real = dir.canonicalize().map_err(io_err(dir))?;
    if real.starts_with(&root) {
        Ok(())
    } else {
        Err(Error::Escape(shown.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tar_gz(build: impl FnOnce(&mut tar::Builder<Vec<u8>>)) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        build(&mut b);
        let raw = b.into_inner().unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, &raw).unwrap();
        gz.finish().unwrap()
    }

    fn file(b: &mut tar::Builder<Vec<u8>>, name: &str, body: &[u8]) {
        let mut h = tar::Header::new_gnu();
        h.set_size(body.len() as u64);
        h.set_mode(0o644);
        h.set_entry_type(tar::EntryType::Regular);
        // Write the name bytes directly so hostile names reach the extractor unmodified.
        let n = name.as_bytes();
        h.as_old_mut().name[..n.len()].copy_from_slice(n);
        h.set_cksum();
        b.append(&h, body).unwrap();
    }

    fn link(b: &mut tar::Builder<Vec<u8>>, name: &str, target: &str) {
        let mut h = tar::Header::new_gnu();
        h.set_size(0);
        h.set_entry_type(tar::EntryType::Symlink);
        h.set_link_name(target).unwrap();
        h.set_path(name).unwrap();
        h.set_cksum();
        b.append(&h, std::io::empty()).unwrap();
    }

    #[test]
    fn extracts_regular_files() {
        let data = tar_gz(|b| file(b, "deploy/app.yaml", b"kind: X"));
        let d = tempfile::tempdir().unwrap();
        extract_tar_gz(data.as_slice(), d.path(), Limits::default()).unwrap();
        assert_eq!(
            std::fs::read(d.path().join("deploy/app.yaml")).unwrap(),
            b"kind: X"
        );
    }

    #[test]
    fn refuses_parent_directory_escape() {
        let data = tar_gz(|b| file(b, "../evil.yaml", b"x"));
        let d = tempfile::tempdir().unwrap();
        let err =
            extract_tar_gz(data.as_slice(), &d.path().join("out"), Limits::default()).unwrap_err();
        assert!(
            matches!(err, Error::Escape(ref p) if p.contains("evil")),
            "{err}"
        );
        assert!(!d.path().join("evil.yaml").exists());
    }

    #[test]
    fn refuses_absolute_paths() {
        let data = tar_gz(|b| file(b, "/tmp/flux-rs-abs-evil", b"x"));
        let d = tempfile::tempdir().unwrap();
        assert!(matches!(
            extract_tar_gz(data.as_slice(), d.path(), Limits::default()),
            Err(Error::Escape(_))
        ));
    }

    #[test]
    fn refuses_symlinks_out_of_the_root_and_writes_through_them() {
        let data = tar_gz(|b| link(b, "up", "../../etc"));
        let d = tempfile::tempdir().unwrap();
        assert!(matches!(
            extract_tar_gz(data.as_slice(), d.path(), Limits::default()),
            Err(Error::Escape(_))
        ));
        let data = tar_gz(|b| link(b, "abs", "/etc"));
        assert!(matches!(
            extract_tar_gz(data.as_slice(), d.path(), Limits::default()),
            Err(Error::Escape(_))
        ));
        let data = tar_gz(|b| {
            link(b, "inside", "deploy");
            file(b, "deploy/a.yaml", b"a");
        });
        let ok = tempfile::tempdir().unwrap();
        extract_tar_gz(data.as_slice(), ok.path(), Limits::default()).unwrap();
        let skipped = tempfile::tempdir().unwrap();
        let limits = Limits {
            skip_symlinks: true,
            ..Limits::default()
        };
        extract_tar_gz(data.as_slice(), skipped.path(), limits).unwrap();
        assert!(skipped.path().join("deploy/a.yaml").is_file());
        assert!(std::fs::symlink_metadata(skipped.path().join("inside")).is_err());
    }

    #[test]
    fn enforces_size_limits() {
        let data = tar_gz(|b| file(b, "big", &[0u8; 2048]));
        let d = tempfile::tempdir().unwrap();
        let limits = Limits {
            max_file_size: 1024,
            max_total_size: 1 << 20,
            skip_symlinks: false,
        };
        assert!(matches!(
            extract_tar_gz(data.as_slice(), d.path(), limits),
            Err(Error::TooLarge { .. })
        ));
        let data = tar_gz(|b| {
            file(b, "a", &[0u8; 600]);
            file(b, "b", &[0u8; 600]);
        });
        let limits = Limits {
            max_file_size: 1024,
            max_total_size: 1000,
            skip_symlinks: false,
        };
        assert!(matches!(
            extract_tar_gz(data.as_slice(), d.path(), limits),
            Err(Error::TooLarge { .. })
        ));
    }

    #[test]
    fn round_trips_an_archive_built_by_archive_dir() {
        let src = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(src.path().join("x/y")).unwrap();
        std::fs::write(src.path().join("x/y/z.yaml"), "z").unwrap();
        let out = tempfile::tempdir().unwrap();
        let tgz = out.path().join("a.tar.gz");
        crate::artifact::archive_dir(src.path(), None, &tgz).unwrap();
        let dest = out.path().join("dest");
        extract_tar_gz(std::fs::File::open(&tgz).unwrap(), &dest, Limits::default()).unwrap();
        assert_eq!(
            std::fs::read_to_string(dest.join("x/y/z.yaml")).unwrap(),
            "z"
        );
    }
}
