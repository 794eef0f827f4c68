//! Registry credentials: what Flux reads them from (`kubernetes.io/dockerconfigjson` and
//! `kubernetes.io/dockercfg` Secrets, a ServiceAccount's image pull secrets, the CLI's
//! `--creds` and `~/.docker/config.json`) and how a registry and repository pick one.
//!
//! Matching follows the kubelet keyring that Flux's `k8schain` uses: a key is a host (glob
//! `*` allowed per label, port must agree) and an optional path prefix; `https://` and the
//! `/v1/` or `/v2/` suffix of Docker's keys are ignored; `docker.io` and `index.docker.io`
//! are one registry; the most specific (longest) matching key wins.

use base64::Engine;

/// Credentials for one registry.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Auth {
    /// No credentials.
    #[default]
    Anonymous,
    /// Username and password (sent as Basic, or exchanged for a token).
    Basic {
        /// Username.
        username: String,
        /// Password.
        password: String,
    },
    /// A registry token, sent as the bearer token directly.
    RegistryToken(String),
}

/// Errors reading credentials; they name the source, never a value.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The document is not a Docker config.
    #[error("{source_name}: invalid docker config: {message}")]
    Invalid {
        /// Where it came from (Secret name or file).
        source_name: String,
        /// Why.
        message: String,
    },
}

#[derive(Clone, Debug)]
struct Entry {
    host: String,
    port: Option<String>,
    path: String,
    auth: Auth,
}

/// A set of credentials, looked up by registry and repository.
#[derive(Clone, Debug, Default)]
pub struct Keychain {
    entries: Vec<Entry>,
    /// Used for every registry when set (the CLI's `--creds`).
    fixed: Option<Auth>,
}

fn normalize_host(h: &str) -> String {
    let h = h.to_ascii_lowercase();
    if h == "docker.io" || h == "registry-1.docker.io" {
        "index.docker.io".into()
    } else {
        h
    }
}

fn split_key(key: &str) -> (String, Option<String>, String) {
    let k = key
        .trim()
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    let (hostport, path) = k.split_once('/').unwrap_or((k, ""));
    let mut path = path.trim_end_matches('/').to_string();
    for suffix in ["v1", "v2"] {
        if path == suffix {
            path.clear();
        } else if let Some(p) = path.strip_suffix(&format!("/{suffix}")) {
            path = p.to_string();
        }
    }
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) if p.bytes().all(|b| b.is_ascii_digit()) && !p.is_empty() => {
            (h.to_string(), Some(p.to_string()))
        }
        _ => (hostport.to_string(), None),
    };
    (normalize_host(&host), port, path)
}

fn glob_host_match(pattern: &str, host: &str) -> bool {
    let p: Vec<&str> = pattern.split('.').collect();
    let h: Vec<&str> = host.split('.').collect();
    p.len() == h.len()
        && p.iter().zip(&h).all(|(p, h)| {
            if p.contains('*') {
                let re = format!("^{}$", regex::escape(p).replace("\\*", "[^.]*"));
                regex::Regex::new(&re).is_ok_and(|r| r.is_match(h))
            } else {
                p == h
            }
        })
}

impl Keychain {
    /// Credentials used for every registry.
    pub fn fixed(auth: Auth) -> Keychain {
        Keychain {
            entries: vec![],
            fixed: Some(auth),
        }
    }

    /// Adds the entries of a Docker config document: `{"auths": {...}}` (dockerconfigjson,
    /// `~/.docker/config.json`) or the bare map of `.dockercfg`.
    pub fn add_docker_config(&mut self, source_name: &str, bytes: &[u8]) -> Result<(), Error> {
        let invalid = |m: String| Error::Invalid {
            source_name: source_name.to_string(),
            message: m,
        };
        let doc: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| invalid(e.to_string()))?;
        let auths = match doc.get("auths") {
            Some(a) => a.clone(),
            None => doc.clone(),
        };
        let Some(map) = auths.as_object() else {
            return Err(invalid("'auths' is not an object".into()));
        };
        for (key, v) in map {
            let mut username = v["username"].as_str().unwrap_or_default().to_string();
            let mut password = v["password"].as_str().unwrap_or_default().to_string();
            if let Some(a) = v["auth"].as_str().filter(|a| !a.is_empty()) {
                let decoded = base64::engine::general_purpose::STANDARD
                    .decode(a)
                    .map_err(|_| invalid(format!("auth of '{key}' is not base64")))?;
                let text = String::from_utf8_lossy(&decoded).into_owned();
                let (u, p) = text
                    .split_once(':')
                    .ok_or_else(|| invalid(format!("auth of '{key}' is not user:password")))?;
                username = u.to_string();
                password = p.to_string();
            }
            let auth = if let Some(t) = v["registrytoken"].as_str().filter(|t| !t.is_empty()) {
                Auth::RegistryToken(t.to_string())
            } else if username.is_empty() && password.is_empty() {
                continue;
            } else {
                Auth::Basic { username, password }
            };
            let (host, port, path) = split_key(key);
            self.entries.push(Entry {
                host,
                port,
                path,
                auth,
            });
        }
        Ok(())
    }

    /// `~/.docker/config.json` (or `$DOCKER_CONFIG/config.json`), if present and readable.
    pub fn from_docker_config_file() -> Keychain {
        let mut kc = Keychain::default();
        let path = std::env::var_os("DOCKER_CONFIG")
            .map(std::path::PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".docker")))
            .map(|d| d.join("config.json"));
        if let Some(p) = path {
            if let Ok(bytes) = std::fs::read(&p) {
                // An unreadable file means anonymous access, as for the docker CLI.
                let _ = kc.add_docker_config(&p.display().to_string(), &bytes);
            }
        }
        kc
    }

    /// The credentials for `registry` (host[:port]) and `repository`.
    pub fn resolve(&self, registry: &str, repository: &str) -> Auth {
        if let Some(a) = &self.fixed {
            return a.clone();
        }
        let (host, port, _) = split_key(registry);
        let mut best: Option<(&Entry, usize)> = None;
        for e in &self.entries {
            if e.port != port || !glob_host_match(&e.host, &host) {
                continue;
            }
            let path_ok = e.path.is_empty()
                || repository == e.path
                || repository.starts_with(&format!("{}/", e.path));
            if !path_ok {
                continue;
            }
            let score = e.host.len() + e.path.len();
            if best.is_none_or(|(_, s)| score > s) {
                best = Some((e, score));
            }
        }
        best.map(|(e, _)| e.auth.clone()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic(u: &str, p: &str) -> Auth {
        Auth::Basic {
            username: u.into(),
            password: p.into(),
        }
    }

    #[test]
    fn docker_config_keys_match_like_the_kubelet_keyring() {
        let mut kc = Keychain::default();
        kc.add_docker_config(
            "s",
            br#"{"auths":{
                "https://index.docker.io/v1/":{"auth":"aHViOmh1YnB3"},
                "ghcr.io":{"username":"org","password":"orgpw"},
                "ghcr.io/team/app":{"username":"team","password":"teampw"},
                "*.example.com:5000":{"username":"w","password":"wpw"}
            }}"#,
        )
        .unwrap();
        assert_eq!(
            kc.resolve("index.docker.io", "library/nginx"),
            basic("hub", "hubpw")
        );
        assert_eq!(kc.resolve("ghcr.io", "other/x"), basic("org", "orgpw"));
        assert_eq!(
            kc.resolve("ghcr.io", "team/app/sub"),
            basic("team", "teampw")
        );
        assert_eq!(
            kc.resolve("ghcr.io", "team/application"),
            basic("org", "orgpw")
        );
        assert_eq!(kc.resolve("reg.example.com:5000", "x"), basic("w", "wpw"));
        assert_eq!(kc.resolve("reg.example.com", "x"), Auth::Anonymous);
        assert_eq!(kc.resolve("quay.io", "x"), Auth::Anonymous);
    }

    #[test]
    fn dockercfg_without_auths_and_bad_auth_are_handled() {
        let mut kc = Keychain::default();
        kc.add_docker_config(
            "old",
            br#"{"localhost:5000":{"username":"u","password":"p"}}"#,
        )
        .unwrap();
        assert_eq!(kc.resolve("localhost:5000", "r"), basic("u", "p"));
        let err = kc
            .add_docker_config("bad", br#"{"auths":{"x.io":{"auth":"!!"}}}"#)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "bad: invalid docker config: auth of 'x.io' is not base64"
        );
    }
}
