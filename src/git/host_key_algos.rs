//! `--ssh-hostkey-algos`: the host key algorithms this process's own SSH connections offer.
//!
//! Flux sets go-git's `HostKeyAlgorithms` for the CLI's clones and pushes. libgit2 has no such
//! option: it orders host key algorithms after the entries `~/.ssh/known_hosts` holds for the
//! host being dialled, and offers only those key types when there are any. So once a list is
//! set, libgit2's home directory is a private one whose `.ssh/known_hosts` holds, for each host
//! dialled, one placeholder entry of the key type chosen for that host: the first type of the
//! list the server presents, tried in the list's order (an SSH server takes the first algorithm
//! of the client's list it supports, so this is the key Go would negotiate). The placeholder
//! only steers the negotiation; the key presented is still verified against the caller's own
//! `known_hosts`. For an RSA key libgit2 offers `rsa-sha2-512`, `rsa-sha2-256` and `ssh-rsa`
//! in that order whichever of them the list names.
//!
//! Only the CLI sets a list, and it dials one connection at a time; the controllers never set
//! one, so their libgit2 home is never touched.

use std::collections::BTreeMap;
use std::ffi::CString;
use std::sync::Mutex;

use super::{redact_url, Error, Result};

/// A key type as libgit2 matches `known_hosts` entries to host key algorithms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeyType {
    Ed25519,
    Ecdsa(&'static str, usize),
    Rsa,
}

impl KeyType {
    /// The key type an algorithm name negotiates, for the algorithms libgit2 can offer.
    fn of(algorithm: &str) -> Option<KeyType> {
        Some(match algorithm {
            "ssh-ed25519" => KeyType::Ed25519,
            "ecdsa-sha2-nistp256" => KeyType::Ecdsa("nistp256", 32),
            "ecdsa-sha2-nistp384" => KeyType::Ecdsa("nistp384", 48),
            "ecdsa-sha2-nistp521" => KeyType::Ecdsa("nistp521", 66),
            "rsa-sha2-512" | "rsa-sha2-256" | "ssh-rsa" => KeyType::Rsa,
            _ => return None,
        })
    }

    /// The key type's name in `known_hosts`.
    fn name(self) -> String {
        match self {
            KeyType::Ed25519 => "ssh-ed25519".into(),
            KeyType::Ecdsa(curve, _) => format!("ecdsa-sha2-{curve}"),
            KeyType::Rsa => "ssh-rsa".into(),
        }
    }

    /// A well-formed public key blob of this type that no server holds (all-zero key material).
    fn placeholder(self) -> String {
        use base64::Engine;
        fn string(out: &mut Vec<u8>, bytes: &[u8]) {
            out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
            out.extend_from_slice(bytes);
        }
        let mut blob = Vec::new();
        string(&mut blob, self.name().as_bytes());
        match self {
            KeyType::Ed25519 => string(&mut blob, &[0; 32]),
            KeyType::Ecdsa(curve, len) => {
                string(&mut blob, curve.as_bytes());
                let mut point = vec![0x04];
                point.resize(1 + 2 * len, 0);
                string(&mut blob, &point);
            }
            KeyType::Rsa => {
                string(&mut blob, &[0x01, 0x00, 0x01]);
                let mut modulus = vec![0x00];
                modulus.resize(257, 0xff);
                string(&mut blob, &modulus);
            }
        }
        base64::engine::general_purpose::STANDARD.encode(blob)
    }
}

/// The list in force and what was chosen per host.
struct State {
    algorithms: Vec<String>,
    home: tempfile::TempDir,
    chosen: BTreeMap<String, KeyType>,
}

static STATE: Mutex<Option<State>> = Mutex::new(None);

#[allow(unsafe_code)]
fn set_libgit2_home(path: Option<&std::path::Path>) -> Result<()> {
    git2::opts::strict_hash_verification(true); // makes sure libgit2 is initialised
    let c = path
        .map(|p| CString::new(p.to_string_lossy().as_bytes()))
        .transpose()
        .map_err(|e| Error::Git {
            op: "set up SSH",
            url: String::new(),
            message: e.to_string(),
        })?;
    let ptr = c.as_ref().map_or(std::ptr::null(), |c| c.as_ptr());
    // SAFETY: GIT_OPT_SET_HOMEDIR takes one `const char *` (NULL restores the default guess
    // from $HOME), which libgit2 copies before returning; `c` outlives the call. libgit2 reads
    // the home directory when an SSH connection starts; only the CLI calls this, between its
    // connections, never while one is being opened.
    let rc = unsafe {
        libgit2_sys::git_libgit2_opts(libgit2_sys::GIT_OPT_SET_HOMEDIR as std::ffi::c_int, ptr)
    };
    if rc < 0 {
        return Err(Error::Git {
            op: "set up SSH",
            url: String::new(),
            message: git2::Error::last_error(rc).message().to_string(),
        });
    }
    Ok(())
}

/// Makes this process's SSH connections offer only `algorithms` (in their order), as Flux's
/// `--ssh-hostkey-algos`. An empty list changes nothing.
pub fn set(algorithms: &[String]) -> Result<()> {
    let algorithms: Vec<String> = algorithms
        .iter()
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty())
        .collect();
    if algorithms.is_empty() {
        return Ok(());
    }
    if let Some(bad) = algorithms.iter().find(|a| KeyType::of(a).is_none()) {
        return Err(Error::Git {
            op: "--ssh-hostkey-algos",
            url: String::new(),
            message: format!(
                "host key algorithm {bad:?} is not supported (supported: ssh-ed25519, \
                 ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, ecdsa-sha2-nistp521, rsa-sha2-512, \
                 rsa-sha2-256, ssh-rsa)"
            ),
        });
    }
    remove_stale_homes(&std::env::temp_dir());
    let home = tempfile::Builder::new()
        .prefix(&format!("{HOME_PREFIX}{}-", std::process::id()))
        .tempdir()
        .and_then(|d| std::fs::create_dir(d.path().join(".ssh")).map(|()| d))
        .map_err(|e| Error::Git {
            op: "set up SSH",
            url: String::new(),
            message: e.to_string(),
        })?;
    set_libgit2_home(Some(home.path()))?;
    *STATE.lock().unwrap_or_else(|p| p.into_inner()) = Some(State {
        algorithms,
        home,
        chosen: BTreeMap::new(),
    });
    Ok(())
}

/// The SSH home's name: the prefix, the owning process id, a dash and a random suffix.
const HOME_PREFIX: &str = "flux-ssh-";

/// Removes the SSH homes of processes that are gone: the home lives as long as the process,
/// which never drops it (a static), so each controller that ran with the option left one.
fn remove_stale_homes(tmp: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some((pid, _)) = name
            .to_str()
            .and_then(|n| n.strip_prefix(HOME_PREFIX))
            .and_then(|rest| rest.split_once('-'))
        else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid != std::process::id() && !std::path::Path::new(&format!("/proc/{pid}")).exists() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

fn write_known_hosts(state: &State) -> std::io::Result<()> {
    let mut text = String::new();
    for (pattern, kind) in &state.chosen {
        text.push_str(&format!(
            "{pattern} {} {}\n",
            kind.name(),
            kind.placeholder()
        ));
    }
    std::fs::write(state.home.path().join(".ssh/known_hosts"), text)
}

/// Steers the next connection to `url` (an `ssh://` URL; others are left alone) when a list is
/// set: picks the host's key type on the first call, probing with `scan` (a bare host key scan).
pub(super) fn prepare(url: &str, scan: impl Fn(&str) -> Result<String>) -> Result<()> {
    let mut guard = STATE.lock().unwrap_or_else(|p| p.into_inner());
    let Some(state) = guard.as_mut() else {
        return Ok(());
    };
    let Some(host) = super::ssh_host(url) else {
        return Ok(());
    };
    let pattern = super::known_hosts::host_pattern(&host, super::ssh_port(url));
    if state.chosen.contains_key(&pattern) {
        return Ok(());
    }
    let mut kinds: Vec<KeyType> = Vec::new();
    for k in state.algorithms.iter().filter_map(|a| KeyType::of(a)) {
        if !kinds.contains(&k) {
            kinds.push(k);
        }
    }
    let io = |e: std::io::Error| Error::Git {
        op: "set up SSH",
        url: redact_url(url),
        message: e.to_string(),
    };
    let mut first_error = None;
    for kind in kinds {
        state.chosen.insert(pattern.clone(), kind);
        write_known_hosts(state).map_err(io)?;
        match scan(url) {
            Ok(_) => return Ok(()),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    state.chosen.remove(&pattern);
    write_known_hosts(state).map_err(io)?;
    let cause = first_error.map(|e| e.to_string()).unwrap_or_default();
    Err(Error::Git {
        op: "SSH key exchange with",
        url: redact_url(url),
        message: format!(
            "the server presents none of the host key algorithms {} given with \
             --ssh-hostkey-algos: {cause}",
            state.algorithms.join(",")
        ),
    })
}

/// Runs `f` with libgit2's own host key preference (the user's home), whatever list is set:
/// for the `known_hosts` written into the cluster, which Flux scans with Go's defaults.
pub(super) fn unsteered<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    let guard = STATE.lock().unwrap_or_else(|p| p.into_inner());
    let Some(state) = guard.as_ref() else {
        drop(guard);
        return f();
    };
    set_libgit2_home(None)?;
    let out = f();
    set_libgit2_home(Some(state.home.path()))?;
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn homes_of_processes_that_are_gone_are_removed_and_live_ones_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let own = format!("{}{}-abc", super::HOME_PREFIX, std::process::id());
        // Beyond any pid_max: no such process.
        let gone = format!("{}4294967295-abc", super::HOME_PREFIX);
        for d in [
            &own,
            &gone,
            &"flux-ssh-Ab12Cd".to_string(),
            &"other".to_string(),
        ] {
            std::fs::create_dir_all(tmp.path().join(d).join(".ssh")).unwrap();
        }
        super::remove_stale_homes(tmp.path());
        let mut left: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        let mut want = vec!["flux-ssh-Ab12Cd".to_string(), own, "other".to_string()];
        want.sort();
        assert_eq!(left, want);
    }

    use super::*;

    #[test]
    fn placeholders_parse_as_known_hosts_keys_of_their_type() {
        for algorithm in [
            "ssh-ed25519",
            "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp521",
            "rsa-sha2-512",
        ] {
            let kind = KeyType::of(algorithm).unwrap();
            let line = format!("[h]:2222 {} {}\n", kind.name(), kind.placeholder());
            let entries = super::super::known_hosts::parse(&line);
            assert_eq!(entries.len(), 1, "{algorithm}");
            assert_eq!(entries[0].key_type, kind.name());
        }
    }

    #[test]
    fn unknown_algorithms_are_refused_by_name() {
        let err = set(&["ssh-ed25519".into(), "ssh-dss".into()]).unwrap_err();
        assert!(
            err.to_string().contains("\"ssh-dss\" is not supported"),
            "{err}"
        );
        assert!(STATE.lock().unwrap().is_none());
    }
}
