//! Tar streams byte-identical to what Go's `archive/tar` writes for Flux: USTAR headers
//! (with the prefix field for long ASCII paths), PAX records for paths USTAR cannot hold,
//! zeroed owners and times, and the same sequence of writes as Go makes them (header, data in
//! 32 KiB pieces, padding, two trailer blocks), since the gzip stream over it
//! ([`super::goflate`]) depends on write boundaries. Used for `flux build|push artifact`
//! (fluxcd/pkg's `tar.Tar`) and for the artifacts in storage (fluxcd/pkg/artifact's
//! `Storage.Archive`), so digests agree with Go Flux's.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::ignore::Filter;

/// A failure reading the tree, naming the path.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct Error {
    /// The file or directory.
    pub path: String,
    /// What went wrong.
    pub message: String,
}

/// Result of tar writing.
pub type Result<T> = std::result::Result<T, Error>;

fn io(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// One tar header block as Go's `archive/tar` writes a USTAR header.
#[cfg(test)]
fn ustar_header(name: &str, prefix: &str, mode: u32, size: u64, typeflag: u8) -> [u8; 512] {
    ustar_header_at(name, prefix, mode, size, typeflag, 0)
}

fn ustar_header_at(
    name: &str,
    prefix: &str,
    mode: u32,
    size: u64,
    typeflag: u8,
    mtime: u64,
) -> [u8; 512] {
    let mut b = raw_header(name, mode, size, typeflag, mtime);
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
fn raw_header(name: &str, mode: u32, size: u64, typeflag: u8, mtime: u64) -> [u8; 512] {
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
    put_oct(&mut b[136..148], mtime);
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
    write_entry_at(w, name, mode, size, typeflag, 0)
}

fn write_entry_at(
    w: &mut impl Write,
    name: &str,
    mode: u32,
    size: u64,
    typeflag: u8,
    mtime: u64,
) -> std::io::Result<()> {
    let ustar_ok = name.is_ascii() && (name.len() <= 100 || split_ustar_path(name).is_some());
    if ustar_ok {
        let (prefix, short) = split_ustar_path(name).unwrap_or(("", name));
        return w.write_all(&ustar_header_at(short, prefix, mode, size, typeflag, mtime));
    }
    // PAX: an extended header carrying the path, then the entry with an ASCII-only name.
    let records = pax_record("path", name);
    let (dir, file) = match name.rsplit_once('/') {
        Some((d, f)) => (format!("{d}/"), f),
        None => (String::new(), name),
    };
    let pax_name = to_ascii(&format!("{dir}PaxHeaders.0/{file}"));
    let pax_name = pax_name[..pax_name.len().min(100)].trim_end_matches('/');
    w.write_all(&raw_header(pax_name, 0, records.len() as u64, b'x', 0))?;
    w.write_all(records.as_bytes())?;
    pad(w, records.len() as u64)?;
    let ascii = to_ascii(name);
    let short = &ascii[..ascii.len().min(100)];
    w.write_all(&ustar_header_at(short, "", mode, size, typeflag, mtime))
}

/// One regular file as Go's `tar.Writer` writes a `tar.Header{Name, Mode, Size, ModTime}`
/// (owners zero, time in whole seconds) followed by its data in one write and the padding;
/// Helm's `chartutil.Save` writes its entries this way.
pub fn write_file(
    w: &mut impl Write,
    name: &str,
    mode: u32,
    mtime: u64,
    data: &[u8],
) -> std::io::Result<()> {
    write_entry_at(w, name, mode, data.len() as u64, b'0', mtime)?;
    w.write_all(data)?;
    pad(w, data.len() as u64)
}

/// The end of an archive: two zero blocks, as Go's `Writer.Close` writes them.
pub fn write_trailer(w: &mut impl Write) -> std::io::Result<()> {
    w.write_all(&[0u8; 512])?;
    w.write_all(&[0u8; 512])
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

/// How entry modes are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Modes {
    /// The file's permission bits with setuid/setgid/sticky, as `tar.FileInfoHeader` keeps
    /// them (fluxcd/pkg's `tar.Tar`, used by `flux build|push artifact`).
    Keep,
    /// fluxcd/pkg/artifact's storage: directories 0750, executable files 0700, others 0600.
    FluxStorage,
}

impl Modes {
    fn of(self, meta: &std::fs::Metadata) -> u32 {
        let perm = permissions(meta);
        match self {
            Modes::Keep => perm,
            Modes::FluxStorage if meta.is_dir() => 0o750,
            Modes::FluxStorage if perm & 0o111 != 0 => 0o700,
            Modes::FluxStorage => 0o600,
        }
    }
}

#[cfg(unix)]
fn permissions(meta: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn permissions(meta: &std::fs::Metadata) -> u32 {
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

/// Writes the tar of `dir` into `w` as Go's `filepath.Walk` + `archive/tar` write it: the
/// root as `.`, then every directory and regular file in lexical order per directory
/// (symlinks and special files skipped; a filtered directory's entries are still visited and
/// matched one by one), with zeroed owners and times, modes by `modes`, file data in 32 KiB
/// writes and the two zero blocks of the trailer as two writes.
pub fn write_tree(
    dir: &Path,
    filter: Option<&Filter>,
    modes: Modes,
    w: &mut impl Write,
) -> Result<()> {
    fn walk(
        root: &Path,
        path: &Path,
        filter: Option<&Filter>,
        modes: Modes,
        w: &mut dyn Write,
    ) -> Result<()> {
        let meta = std::fs::symlink_metadata(path).map_err(io(path))?;
        let ft = meta.file_type();
        if !ft.is_file() && !ft.is_dir() {
            return Ok(());
        }
        let excluded = path != root && filter.is_some_and(|f| f.excluded(path, ft.is_dir()));
        let rel = path
            .strip_prefix(root)
            .map(|r| r.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let name = if rel.is_empty() { ".".to_string() } else { rel };
        if !excluded {
            let mut w2 = &mut *w;
            if ft.is_dir() {
                write_entry(&mut w2, &name, modes.of(&meta), 0, b'5').map_err(io(path))?;
            } else {
                write_entry(&mut w2, &name, modes.of(&meta), meta.len(), b'0').map_err(io(path))?;
                let mut f = std::fs::File::open(path).map_err(io(path))?;
                let n = copy_chunks(&mut f, &mut w2).map_err(io(path))?;
                if n != meta.len() {
                    return Err(Error {
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
                walk(root, &p, filter, modes, w)?;
            }
        }
        Ok(())
    }
    walk(dir, dir, filter, modes, w)?;
    // End of archive: two zero blocks (Go's Writer.Close).
    w.write_all(&[0u8; 512]).map_err(io(dir))?;
    w.write_all(&[0u8; 512]).map_err(io(dir))?;
    Ok(())
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
}
