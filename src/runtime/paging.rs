//! How `flux serve` has its own executable paged in: one page at a time, as the code runs,
//! instead of in the large blocks the page cache hands out. Linux maps a whole page-cache
//! folio, or a 64 KiB window around the fault, into a process when it first touches one page
//! of a file; since ext4 caches files in folios of up to a few MiB (kernel 6.x), a controller
//! that runs a few MiB of scattered code had its whole binary resident. At start the
//! executable's mappings are marked random-access (`MADV_RANDOM`: no readahead, so a fault
//! reads one page) and the file's cached pages that nothing maps are dropped
//! (`POSIX_FADV_DONTNEED`), so what stays resident is the code and read-only data the
//! controllers actually run, page by page. Linux only; elsewhere nothing happens.

use std::path::Path;

/// Why the executable's paging could not be changed (the process runs on either way).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("reading {path}: {source}")]
    Read {
        path: &'static str,
        source: std::io::Error,
    },
    #[error("madvise(MADV_RANDOM) on {start:#x}..{end:#x}: {source}")]
    Advise {
        start: usize,
        end: usize,
        source: std::io::Error,
    },
    #[error("posix_fadvise(POSIX_FADV_DONTNEED) on the executable: {0}")]
    Drop(std::io::Error),
}

/// One mapping of `/proc/self/maps`: its address range and the path it maps.
#[derive(Debug, PartialEq, Eq)]
struct Mapping<'a> {
    start: usize,
    end: usize,
    path: &'a str,
}

/// The mappings of `maps` (the text of `/proc/<pid>/maps`) that map the file at `exe`.
/// A line is `start-end perms offset dev inode path`; the path may hold spaces.
fn mappings_of<'a>(maps: &'a str, exe: &str) -> Vec<Mapping<'a>> {
    maps.lines()
        .filter_map(|line| {
            let mut fields = line.splitn(6, ' ');
            let range = fields.next()?;
            let path = fields.nth(4)?.trim_start();
            let (start, end) = range.split_once('-')?;
            Some(Mapping {
                start: usize::from_str_radix(start, 16).ok()?,
                end: usize::from_str_radix(end, 16).ok()?,
                path,
            })
        })
        .filter(|m| m.path == exe && m.start < m.end)
        .collect()
}

#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
unsafe extern "C" {
    fn madvise(
        addr: *mut std::ffi::c_void,
        len: usize,
        advice: std::os::raw::c_int,
    ) -> std::os::raw::c_int;
    fn posix_fadvise(
        fd: std::os::raw::c_int,
        offset: i64,
        len: i64,
        advice: std::os::raw::c_int,
    ) -> std::os::raw::c_int;
}

/// `MADV_RANDOM` (asm-generic/mman-common.h, the same on every Linux architecture we build).
#[cfg(target_os = "linux")]
const MADV_RANDOM: std::os::raw::c_int = 1;

/// `POSIX_FADV_DONTNEED` (4 everywhere but s390x, which we do not build).
#[cfg(target_os = "linux")]
const POSIX_FADV_DONTNEED: std::os::raw::c_int = 4;

/// Marks the running executable's mappings random-access and drops the file's cached pages
/// that no process maps; returns how many mappings were marked. Call it first thing in a
/// long-running process, before other threads start: pages touched before it keep the
/// folios they came in.
#[cfg(target_os = "linux")]
pub fn page_own_code_on_demand() -> Result<usize, Error> {
    let exe = std::fs::read_link("/proc/self/exe").map_err(|source| Error::Read {
        path: "/proc/self/exe",
        source,
    })?;
    let maps = std::fs::read_to_string("/proc/self/maps").map_err(|source| Error::Read {
        path: "/proc/self/maps",
        source,
    })?;
    let mapped = mappings_of(&maps, &exe.to_string_lossy());
    for m in &mapped {
        // SAFETY: the range is one of this process's own mappings as the kernel lists it
        // (page-aligned, mapped); MADV_RANDOM only changes the kernel's readahead policy for
        // it and never the contents or the protection of the memory.
        #[allow(unsafe_code)]
        let rc = unsafe {
            madvise(
                m.start as *mut std::ffi::c_void,
                m.end - m.start,
                MADV_RANDOM,
            )
        };
        if rc != 0 {
            return Err(Error::Advise {
                start: m.start,
                end: m.end,
                source: std::io::Error::last_os_error(),
            });
        }
    }
    drop_cached_pages(Path::new("/proc/self/exe"))?;
    Ok(mapped.len())
}

/// Elsewhere the executable is paged in as the system does it.
#[cfg(not(target_os = "linux"))]
pub fn page_own_code_on_demand() -> Result<usize, Error> {
    Ok(0)
}

/// Asks the kernel to drop the page cache of the file at `path` (clean pages that no process
/// maps; the others stay).
#[cfg(target_os = "linux")]
fn drop_cached_pages(path: &Path) -> Result<(), Error> {
    use std::os::fd::AsRawFd;
    let file = std::fs::File::open(path).map_err(Error::Drop)?;
    // SAFETY: the descriptor is open for the duration of the call; the advice only drops
    // clean cached pages, which the kernel reads again when they are needed.
    #[allow(unsafe_code)]
    let rc = unsafe { posix_fadvise(file.as_raw_fd(), 0, 0, POSIX_FADV_DONTNEED) };
    if rc != 0 {
        return Err(Error::Drop(std::io::Error::from_raw_os_error(rc)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{mappings_of, Mapping};

    #[test]
    fn only_the_executables_own_mappings_are_picked() {
        let maps = "\
55d0c0000000-55d0c0100000 r--p 00000000 fe:01 123 /usr/bin/flux
55d0c0100000-55d0c0900000 r-xp 00100000 fe:01 123 /usr/bin/flux
55d0c0900000-55d0c0a00000 rw-p 00900000 fe:01 123 /usr/bin/flux
55d0c1000000-55d0c1200000 rw-p 00000000 00:00 0                          [heap]
7f0000000000-7f0000100000 r-xp 00000000 fe:01 456                        /usr/lib/libc.so.6
7f0000200000-7f0000300000 r--p 00000000 fe:01 789                        /usr/bin/flux-old
7f0000400000-7f0000500000 r--p 00000000 fe:01 790   /opt/my tools/flux
";
        let got = mappings_of(maps, "/usr/bin/flux");
        assert_eq!(got.len(), 3);
        assert_eq!(
            got[1],
            Mapping {
                start: 0x55d0c0100000,
                end: 0x55d0c0900000,
                path: "/usr/bin/flux"
            }
        );
        // A path with spaces is the whole rest of the line.
        assert_eq!(mappings_of(maps, "/opt/my tools/flux").len(), 1);
        assert!(mappings_of(maps, "/usr/lib/libc").is_empty());
        assert!(mappings_of("garbage\n\n1-2 r\n", "/usr/bin/flux").is_empty());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_test_binary_can_mark_its_own_mappings() {
        // The test binary is an executable like `flux`: at least its code is mapped.
        let marked = super::page_own_code_on_demand().unwrap();
        assert!(marked >= 1, "no mapping of /proc/self/exe found");
    }
}
