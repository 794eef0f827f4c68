//! Process-wide tuning of the C allocator for `flux serve`: the long-running controllers cap
//! glibc's malloc arenas so that each Tokio worker and blocking thread does not keep a heap
//! of its own. Other builds (musl, the static image) have a single heap and need nothing.

/// glibc's `M_ARENA_MAX` parameter number for `mallopt` (malloc.h).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const M_ARENA_MAX: std::os::raw::c_int = -8;

/// How many malloc arenas a controller process keeps. glibc defaults to eight per core; every
/// thread that touches one keeps its freed memory there, which on a busy controller with
/// blocking helpers is several MiB of resident memory that no other thread can reuse. Two
/// arenas keep contention low on the small pods controllers run in.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const ARENAS: std::os::raw::c_int = 2;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
unsafe extern "C" {
    fn mallopt(param: std::os::raw::c_int, value: std::os::raw::c_int) -> std::os::raw::c_int;
}

/// Caps malloc arenas; call before the async runtime starts its threads. A no-op off glibc.
#[allow(unsafe_code)]
pub fn limit_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only sets an allocator parameter. It is called from the main thread
    // before any other thread exists, with a parameter number and value glibc accepts; its
    // return value (0 on an unknown parameter) needs no handling because the default is safe.
    unsafe {
        let _ = mallopt(M_ARENA_MAX, ARENAS);
    }
}
