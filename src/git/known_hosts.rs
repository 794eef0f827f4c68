//! `known_hosts` parsing and host key verification, including hashed host names
//! (`|1|salt|hash`) and `[host]:port` entries. Unknown hosts are always refused.

use base64::Engine;
use hmac::{Hmac, Mac};

/// One `known_hosts` line.
#[derive(Clone, Debug)]
pub struct Entry {
    hosts: Vec<String>,
    hashed: Option<(Vec<u8>, Vec<u8>)>,
    /// The key type, e.g. `ssh-ed25519`.
    pub key_type: String,
    key: Vec<u8>,
}

/// Parses every valid line of a `known_hosts` file; malformed lines are skipped.
pub fn parse(text: &str) -> Vec<Entry> {
    let b64 = base64::engine::general_purpose::STANDARD;
    text.lines()
        .filter_map(|line| {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with('@') {
                return None;
            }
            let mut fields = line.split_whitespace();
            let hosts = fields.next()?;
            let key_type = fields.next()?.to_string();
            let key = b64.decode(fields.next()?).ok()?;
            let hashed = hosts.strip_prefix("|1|").and_then(|rest| {
                let (salt, hash) = rest.split_once('|')?;
                Some((b64.decode(salt).ok()?, b64.decode(hash).ok()?))
            });
            Some(Entry {
                hosts: if hashed.is_some() {
                    vec![]
                } else {
                    hosts.split(',').map(str::to_string).collect()
                },
                hashed,
                key_type,
                key,
            })
        })
        .collect()
}

/// The name a host is recorded under: `host` for port 22, else `[host]:port`.
pub fn host_pattern(host: &str, port: u16) -> String {
    if port == 22 {
        host.to_string()
    } else {
        format!("[{host}]:{port}")
    }
}

impl Entry {
    fn matches_host(&self, name: &str) -> bool {
        if let Some((salt, hash)) = &self.hashed {
            let Ok(mut mac) = Hmac::<sha1::Sha1>::new_from_slice(salt) else {
                return false;
            };
            mac.update(name.as_bytes());
            return mac.verify_slice(hash).is_ok();
        }
        self.hosts.iter().any(|h| h == name)
    }
}

/// True when `key` (the raw public key blob) is recorded for `host:port`.
pub fn verify(entries: &[Entry], host: &str, port: u16, key: &[u8]) -> bool {
    let name = host_pattern(host, port);
    entries
        .iter()
        .any(|e| e.matches_host(&name) && e.key == key)
}

/// Whether a scanned host key (`known_hosts` text) agrees with what `trusted` (e.g. the user's
/// `~/.ssh/known_hosts`) says about the host: `Ok(false)` when `trusted` does not know the host,
/// `Ok(true)` when a scanned key is the trusted one, `Err` on a mismatch.
pub fn agrees(trusted: &str, scanned: &str, host: &str, port: u16) -> Result<bool, String> {
    let trusted = parse(trusted);
    let name = host_pattern(host, port);
    if !trusted.iter().any(|e| e.matches_host(&name)) {
        return Ok(false);
    }
    if parse(scanned)
        .iter()
        .any(|s| verify(&trusted, host, port, &s.key))
    {
        Ok(true)
    } else {
        Err(format!(
            "host key mismatch for {name}: the server's key differs from the one in known_hosts"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

    fn blob() -> Vec<u8> {
        base64::engine::general_purpose::STANDARD
            .decode(KEY)
            .unwrap()
    }

    #[test]
    fn plain_entries_match_host_and_key() {
        let e = parse(&format!("github.com,gh ssh-ed25519 {KEY}\n# comment\n"));
        assert!(verify(&e, "github.com", 22, &blob()));
        assert!(verify(&e, "gh", 22, &blob()));
        assert!(!verify(&e, "gitlab.com", 22, &blob()));
        assert!(!verify(&e, "github.com", 22, b"other key"));
    }

    #[test]
    fn non_default_ports_use_bracket_form() {
        let e = parse(&format!("[127.0.0.1]:2222 ssh-ed25519 {KEY}\n"));
        assert!(verify(&e, "127.0.0.1", 2222, &blob()));
        assert!(!verify(&e, "127.0.0.1", 22, &blob()));
    }

    #[test]
    fn hashed_entries_match() {
        let salt = b"0123456789abcdefghij";
        let mut mac = Hmac::<sha1::Sha1>::new_from_slice(salt).unwrap();
        mac.update(b"example.com");
        let hash = mac.finalize().into_bytes();
        let b64 = base64::engine::general_purpose::STANDARD;
        let line = format!(
            "|1|{}|{} ssh-ed25519 {KEY}",
            b64.encode(salt),
            b64.encode(hash)
        );
        let e = parse(&line);
        assert!(verify(&e, "example.com", 22, &blob()));
        assert!(!verify(&e, "example.org", 22, &blob()));
    }
}
