//! OCI references as go-containerregistry's `name.ParseReference` reads them (non-strict):
//! `[registry/]repository[:tag]` or `[registry/]repository[:tag]@sha256:<hex>`. The registry
//! is the first path element when it holds a `.` or `:` (else `index.docker.io`, with the
//! implicit `library/` namespace for one-element names); `docker.io` means `index.docker.io`.
//! Also the scheme choice: plain HTTP is allowed for loopback, RFC 1918, `localhost:` and
//! `.local` registries, or when the caller says insecure.

use std::fmt;

/// The registry Docker Hub references resolve to.
pub const DEFAULT_REGISTRY: &str = "index.docker.io";
const REPOSITORY_CHARS: &str = "abcdefghijklmnopqrstuvwxyz0123456789_-./";
const TAG_CHARS: &str = "abcdefghijklmnopqrstuvwxyz0123456789_-.ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// A reference that could not be parsed; the message is go-containerregistry's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BadName(pub String);

/// A parsed reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// Registry host[:port], e.g. `ghcr.io`.
    pub registry: String,
    /// Repository path as the registry's API names it (with `library/` for Docker Hub's
    /// one-element names).
    pub repository: String,
    /// The tag (`latest` when neither a tag nor a digest is given).
    pub tag: Option<String>,
    /// `sha256:<hex>` when the reference pins a digest.
    pub digest: Option<String>,
}

fn check_element(
    name: &str,
    element: &str,
    allowed: &str,
    min: usize,
    max: usize,
) -> Result<(), BadName> {
    let n = element.chars().count();
    if n < min || n > max {
        return Err(BadName(format!(
            "{name} must be between {min} and {max} characters in length: {element}"
        )));
    }
    if element.chars().any(|c| !allowed.contains(c)) {
        return Err(BadName(format!(
            "{name} can only contain the characters `{allowed}`: {element}"
        )));
    }
    Ok(())
}

fn check_registry(name: &str) -> Result<(), BadName> {
    // RFC 3986 authority: what url.Parse("//"+name).Host would give back unchanged.
    let ok = match url::Url::parse(&format!("oci://{name}")) {
        Ok(u) => {
            let host = match (u.host_str(), u.port()) {
                (Some(h), Some(p)) => format!("{h}:{p}"),
                (Some(h), None) => h.to_string(),
                _ => String::new(),
            };
            u.path().is_empty() && u.username().is_empty() && host.eq_ignore_ascii_case(name)
        }
        Err(_) => false,
    };
    if !ok {
        return Err(BadName(format!(
            "registries must be valid RFC 3986 URI authorities: {name}"
        )));
    }
    Ok(())
}

/// (registry, repository) of a repository name.
fn repository(name: &str) -> Result<(String, String), BadName> {
    if name.is_empty() {
        return Err(BadName("a repository name must be specified".into()));
    }
    let (mut registry, repo) = match name.split_once('/') {
        Some((r, rest)) if r.contains('.') || r.contains(':') => (r.to_string(), rest),
        _ => (String::new(), name),
    };
    check_element("repository", repo, REPOSITORY_CHARS, 2, 255)?;
    check_registry(&registry).or_else(|e| if registry.is_empty() { Ok(()) } else { Err(e) })?;
    if registry.is_empty() || registry == "docker.io" {
        registry = DEFAULT_REGISTRY.to_string();
    }
    let repo = if registry == DEFAULT_REGISTRY && !repo.contains('/') {
        format!("library/{repo}")
    } else {
        repo.to_string()
    };
    Ok((registry, repo))
}

fn parse_tag(name: &str) -> Result<Reference, BadName> {
    let mut base = name;
    let mut tag = None;
    if let Some((b, t)) = name.rsplit_once(':') {
        if !t.contains('/') {
            if t.is_empty() {
                return Err(BadName(format!(
                    "{name} must specify a tag name after the colon"
                )));
            }
            check_element("tag", t, TAG_CHARS, 1, 128)?;
            base = b;
            tag = Some(t.to_string());
        }
    }
    let (registry, repository) = repository(base)?;
    Ok(Reference {
        registry,
        repository,
        tag: Some(tag.unwrap_or_else(|| "latest".into())),
        digest: None,
    })
}

fn parse_digest(name: &str) -> Result<Reference, BadName> {
    let parts: Vec<&str> = name.split('@').collect();
    if parts.len() != 2 {
        return Err(BadName(format!("a digest must contain exactly one '@' separator (e.g. registry/repository@digest) saw: {name}")));
    }
    let (base, dig) = (parts[0], parts[1]);
    let Some(hex) = dig.strip_prefix("sha256:") else {
        return Err(BadName(format!("unsupported digest algorithm: {dig}")));
    };
    if hex.len() != 64 || !hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return Err(BadName(format!("invalid checksum digest format: {dig}")));
    }
    // A tag before the digest is accepted and ignored for addressing.
    let (registry, repository, tag) = match parse_tag(base) {
        Ok(r) if base.rsplit_once(':').is_some_and(|(_, t)| !t.contains('/')) => {
            (r.registry, r.repository, r.tag)
        }
        Ok(r) => (r.registry, r.repository, None),
        Err(_) => {
            let (reg, repo) = repository(base)?;
            (reg, repo, None)
        }
    };
    Ok(Reference {
        registry,
        repository,
        tag,
        digest: Some(dig.to_string()),
    })
}

impl Reference {
    /// Parses like `name.ParseReference`: a tag reference first, then a digest reference.
    pub fn parse(s: &str) -> Result<Reference, BadName> {
        parse_tag(s)
            .or_else(|_| parse_digest(s))
            .map_err(|_| BadName(format!("could not parse reference: {s}")))
    }

    /// `registry/repository` (Docker Hub's `library/` kept).
    pub fn name(&self) -> String {
        format!("{}/{}", self.registry, self.repository)
    }

    /// The same repository at `tag` (no digest): `ref.Context().Tag(tag)`.
    pub fn with_tag(&self, tag: &str) -> Reference {
        Reference {
            registry: self.registry.clone(),
            repository: self.repository.clone(),
            tag: Some(tag.to_string()),
            digest: None,
        }
    }

    /// The same repository at `digest`: `ref.Context().Digest(digest)`.
    pub fn with_digest(&self, digest: &str) -> Reference {
        Reference {
            registry: self.registry.clone(),
            repository: self.repository.clone(),
            tag: None,
            digest: Some(digest.to_string()),
        }
    }

    /// What the registry API addresses: the digest when pinned, else the tag.
    pub fn identifier(&self) -> &str {
        self.digest
            .as_deref()
            .or(self.tag.as_deref())
            .unwrap_or("latest")
    }

    /// Whether plain HTTP may be tried (after HTTPS) for this registry without `insecure`.
    pub fn allows_http(&self) -> bool {
        let host = self
            .registry
            .rsplit_once(':')
            .map_or(self.registry.as_str(), |(h, p)| {
                if p.bytes().all(|b| b.is_ascii_digit()) {
                    h
                } else {
                    self.registry.as_str()
                }
            });
        let rfc1918 = host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_private());
        rfc1918
            || self.registry.starts_with("localhost:")
            || self.registry.contains("127.0.0.1")
            || self.registry.contains("::1")
            || {
                let h = host.trim_end_matches('.');
                h.ends_with(".local") || h.ends_with(".localhost")
            }
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.name())?;
        match (&self.tag, &self.digest) {
            (_, Some(d)) => write!(f, "@{d}"),
            (Some(t), None) => write!(f, ":{t}"),
            (None, None) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_resolve_registry_repository_and_identifier_like_ggcr() {
        let r = Reference::parse("ghcr.io/stefanprodan/manifests/podinfo:6.0.0").unwrap();
        assert_eq!(r.registry, "ghcr.io");
        assert_eq!(r.repository, "stefanprodan/manifests/podinfo");
        assert_eq!(r.identifier(), "6.0.0");
        let r = Reference::parse("nginx").unwrap();
        assert_eq!(r.name(), "index.docker.io/library/nginx");
        assert_eq!(r.identifier(), "latest");
        let r = Reference::parse("docker.io/fluxcd/flux").unwrap();
        assert_eq!(r.name(), "index.docker.io/fluxcd/flux");
        let r = Reference::parse("localhost:5000/app").unwrap();
        assert_eq!(
            (r.registry.as_str(), r.repository.as_str()),
            ("localhost:5000", "app")
        );
        assert!(r.allows_http());
        let d = format!("sha256:{}", "a".repeat(64));
        let r = Reference::parse(&format!("127.0.0.1:5000/app:v1@{d}")).unwrap();
        assert_eq!(r.identifier(), d);
        assert_eq!(r.tag.as_deref(), Some("v1"));
        assert!(r.allows_http());
        assert!(!Reference::parse("ghcr.io/xy").unwrap().allows_http());
        assert!(Reference::parse("10.1.2.3:5000/xy").unwrap().allows_http());
        assert_eq!(
            Reference::parse("ghcr.io").unwrap().name(),
            "index.docker.io/library/ghcr.io"
        );
    }

    #[test]
    fn bad_references_are_refused_with_ggcr_message() {
        for bad in [
            "",
            "UPPER/case",
            "ghcr.io/x:",
            "ghcr.io/x@sha256:abc",
            "a",
            "ghcr.io/x:t@y",
        ] {
            let e = Reference::parse(bad).unwrap_err();
            assert_eq!(e.0, format!("could not parse reference: {bad}"), "{bad}");
        }
    }
}
