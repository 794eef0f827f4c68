//! Remote bases (`resources:` and `components:` entries that name a Git repository), used only
//! when the caller allows them (`flux kustomize build --allow-remote-bases`; Flux itself builds
//! with remote bases disabled).
//!
//! Understands kustomize's URL forms: `https://host/org/repo//path?ref=v1`,
//! `https://host/org/repo.git/path`, `git::https://…`, `ssh://git@host/org/repo//path`,
//! `git@host:org/repo//path`, `github.com/org/repo//path` (https), `file:///dir/repo.git//path`;
//! `ref` (or `version`) picks a branch, tag or commit. The repository is cloned into a temporary
//! directory that lives as long as the build.

use std::path::PathBuf;

/// A parsed remote base.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepoSpec {
    /// What `git clone` is given.
    pub clone_url: String,
    /// The directory inside the repository.
    pub path: String,
    /// Branch, tag or commit; the default branch when absent.
    pub reference: Option<String>,
}

/// Parses a remote base URL; `None` when it is not a Git repository reference.
pub fn parse(url: &str) -> Option<RepoSpec> {
    let url = url.strip_prefix("git::").unwrap_or(url);
    let (body, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let reference = query.and_then(|q| {
        q.split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == "ref" || *k == "version")
            .map(|(_, v)| v.to_string())
    });
    // Split the scheme (or scp-style user@host:) from the rest.
    let (prefix, rest) = if let Some(i) = body.find("://") {
        let after = &body[i + 3..];
        let host_end = after.find('/')?;
        (
            body[..i + 3 + host_end + 1].to_string(),
            &after[host_end + 1..],
        )
    } else if body.starts_with("git@") {
        let colon = body.find(':')?;
        (body[..=colon].to_string(), &body[colon + 1..])
    } else if let Some(r) = body.strip_prefix("github.com/") {
        (String::from("https://github.com/"), r)
    } else {
        return None;
    };
    let (repo, path) = if let Some(i) = rest.find("//") {
        (&rest[..i], rest[i + 2..].to_string())
    } else if let Some(i) = rest.find(".git") {
        let end = i + 4;
        (
            &rest[..end],
            rest[end..].trim_start_matches('/').to_string(),
        )
    } else if prefix.starts_with("https://github.com/") || prefix.starts_with("git@") {
        // org/repo/path: the first two segments name the repository.
        let mut seg = rest.splitn(3, '/');
        let org = seg.next()?;
        let name = seg.next()?;
        let path = seg.next().unwrap_or("").to_string();
        let repo_len = org.len() + 1 + name.len();
        (&rest[..repo_len], path)
    } else {
        (rest, String::new())
    };
    if repo.is_empty() {
        return None;
    }
    Some(RepoSpec {
        clone_url: format!("{prefix}{repo}"),
        path: path.trim_end_matches('/').to_string(),
        reference,
    })
}

/// Clones the repository and checks out the reference; returns the temporary clone and the
/// directory the URL points at inside it.
pub fn fetch(spec: &RepoSpec) -> Result<(tempfile::TempDir, PathBuf), String> {
    let tmp = tempfile::tempdir()
        .map_err(|e| format!("creating a directory for {}: {e}", spec.clone_url))?;
    crate::git::socket_timeouts();
    let repo = git2::Repository::clone(&spec.clone_url, tmp.path())
        .map_err(|e| format!("cloning {}: {}", spec.clone_url, e.message()))?;
    if let Some(r) = &spec.reference {
        let candidates = [
            format!("refs/remotes/origin/{r}"),
            format!("refs/tags/{r}"),
            r.clone(),
        ];
        let object = candidates
            .iter()
            .find_map(|c| repo.revparse_single(c).ok())
            .ok_or_else(|| format!("{}: reference {r:?} not found", spec.clone_url))?;
        let commit = object
            .peel_to_commit()
            .map_err(|e| format!("{}: {r}: {}", spec.clone_url, e.message()))?;
        repo.checkout_tree(
            commit.as_object(),
            Some(git2::build::CheckoutBuilder::new().force()),
        )
        .map_err(|e| format!("{}: checking out {r}: {}", spec.clone_url, e.message()))?;
        repo.set_head_detached(commit.id())
            .map_err(|e| format!("{}: {}", spec.clone_url, e.message()))?;
    }
    let dir = tmp.path().join(&spec.path);
    let real = std::fs::canonicalize(&dir).map_err(|_| {
        format!(
            "{}: path {:?} does not exist in the repository",
            spec.clone_url, spec.path
        )
    })?;
    let root = std::fs::canonicalize(tmp.path()).unwrap_or_else(|_| tmp.path().to_path_buf());
    if !real.starts_with(&root) {
        return Err(format!(
            "{}: path {:?} leaves the repository",
            spec.clone_url, spec.path
        ));
    }
    Ok((tmp, real))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kustomize_url_forms_parse() {
        let p = |u| parse(u).unwrap();
        assert_eq!(
            p("https://github.com/org/repo//deploy/base?ref=v1.2.0"),
            RepoSpec {
                clone_url: "https://github.com/org/repo".into(),
                path: "deploy/base".into(),
                reference: Some("v1.2.0".into())
            }
        );
        assert_eq!(
            p("github.com/org/repo/deploy?ref=main").clone_url,
            "https://github.com/org/repo"
        );
        assert_eq!(p("github.com/org/repo/deploy?ref=main").path, "deploy");
        assert_eq!(
            p("git@github.com:org/repo.git/base").clone_url,
            "git@github.com:org/repo.git"
        );
        assert_eq!(
            p("http://127.0.0.1:8080/bases.git//app?version=main").path,
            "app"
        );
        assert_eq!(
            p("git::ssh://git@host/org/repo//x").clone_url,
            "ssh://git@host/org/repo"
        );
        assert!(parse("deploy.yaml").is_none());
    }
}
