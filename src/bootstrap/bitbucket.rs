//! The Bitbucket Server (Data Center) side of `flux bootstrap bitbucket-server`, over its
//! documented REST API (`https://<hostname>/rest/api/1.0`, SSH keys under `/rest/keys/1.0`,
//! `Authorization: Bearer <token>`): find or create the repository in a project or a user's
//! personal space (`~USER`), grant groups write access, register the access key. Errors name
//! the endpoint and what to do; the token never appears in them.

use serde_json::{json, Value};

use super::github::Repo;
use super::{Error, Result};

/// A Bitbucket Server API client for one token.
pub struct BitbucketServer {
    base: String,
    token: String,
    http: reqwest::Client,
}

/// Where a repository lives: the project key (`~user` for a personal repository) and slug.
#[derive(Clone, Debug)]
pub struct RepoRef {
    /// Project key, or `~<user>`.
    pub project: String,
    /// Repository slug.
    pub slug: String,
    /// The repository name as given (what a new repository is called).
    pub name: String,
}

impl RepoRef {
    /// The repository `name` of project `owner`, or of user `owner` when `personal`. Bitbucket
    /// derives slugs from names in lower case.
    pub fn new(owner: &str, name: &str, personal: bool) -> RepoRef {
        RepoRef {
            project: if personal {
                format!("~{owner}")
            } else {
                owner.to_string()
            },
            slug: name.to_lowercase(),
            name: name.to_string(),
        }
    }

    fn api(&self) -> String {
        format!(
            "/rest/api/1.0/projects/{}/repos/{}",
            enc(&self.project),
            enc(&self.slug)
        )
    }

    fn keys(&self) -> String {
        format!(
            "/rest/keys/1.0/projects/{}/repos/{}/ssh",
            enc(&self.project),
            enc(&self.slug)
        )
    }
}

fn enc(segment: &str) -> String {
    crate::notify::providers::url_escape(segment)
}

/// The first error message of a Bitbucket error body (`{"errors": [{"message": …}]}`).
fn message(v: &Value) -> String {
    v["errors"][0]["message"]
        .as_str()
        .map(String::from)
        .unwrap_or_default()
}

impl BitbucketServer {
    /// A client for `hostname` (host or host:port, HTTPS), trusting `ca` too.
    pub fn new(hostname: &str, token: &str, ca: Option<&str>) -> Result<BitbucketServer> {
        let host = hostname.trim_end_matches('/');
        let base = if host.starts_with("https://") || host.starts_with("http://") {
            host.to_string()
        } else {
            format!("https://{host}")
        };
        Ok(BitbucketServer {
            base,
            token: token.to_string(),
            http: super::api_client(ca)?,
        })
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<(u16, Value)> {
        let mut req = self
            .http
            .request(method.clone(), format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .header("Accept", "application/json");
        if let Some(b) = body {
            req = req
                .header("Content-Type", "application/json")
                .body(serde_json::to_vec(&b).unwrap_or_default());
        }
        let resp = req.send().await.map_err(|e| {
            Error::Invalid(format!(
                "Bitbucket Server {method} {path}: {}",
                crate::http_error_message(e)
            ))
        })?;
        let code = resp.status().as_u16();
        let v: Value =
            serde_json::from_str(&resp.text().await.unwrap_or_default()).unwrap_or(Value::Null);
        match code {
            401 => Err(Error::Invalid(format!(
                "Bitbucket Server {method} {path}: 401 {}: the token is invalid or expired; give a personal access token with repository admin permission (BITBUCKET_TOKEN)",
                message(&v)
            ))),
            403 => Err(Error::Invalid(format!(
                "Bitbucket Server {method} {path}: 403 {}: the token lacks the permission this needs",
                message(&v)
            ))),
            _ => Ok((code, v)),
        }
    }

    /// Finds the repository, creating it (private unless `private` is false, `branch` as its
    /// default branch) when missing.
    pub async fn ensure_repo(&self, r: &RepoRef, private: bool, branch: &str) -> Result<Repo> {
        let path = r.api();
        let (code, v) = self.call(reqwest::Method::GET, &path, None).await?;
        let (v, created) = match code {
            200 => (v, false),
            404 => {
                let create = format!("/rest/api/1.0/projects/{}/repos", enc(&r.project));
                let (cc, c) = self
                    .call(
                        reqwest::Method::POST,
                        &create,
                        Some(json!({"name": r.name, "scmId": "git", "public": !private,
                            "defaultBranch": branch})),
                    )
                    .await?;
                if cc != 201 {
                    return Err(Error::Invalid(format!(
                        "Bitbucket Server POST {create}: {cc} {}: cannot create repository {}/{}",
                        message(&c),
                        r.project,
                        r.slug
                    )));
                }
                (c, true)
            }
            other => {
                return Err(Error::Invalid(format!(
                    "Bitbucket Server GET {path}: {other} {}",
                    message(&v)
                )))
            }
        };
        let link = |name: &str| {
            v["links"]["clone"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|l| l["name"] == name)
                .and_then(|l| l["href"].as_str())
                .map(String::from)
        };
        let clone_url = link("http").ok_or_else(|| {
            Error::Invalid(format!(
                "Bitbucket Server GET {path}: the repository has no HTTP clone link"
            ))
        })?;
        // Flux clones over HTTPS without the user Bitbucket puts in the link.
        let clone_url = match url::Url::parse(&clone_url) {
            Ok(mut u) => {
                let _ = u.set_username("");
                u.to_string()
            }
            Err(_) => clone_url,
        };
        let ssh_url = link("ssh")
            .map(|s| crate::migrate::fluxd::normalize_git_url(&s))
            .unwrap_or_default();
        Ok(Repo {
            clone_url,
            ssh_url,
            created,
        })
    }

    /// `--reconcile`: brings an existing repository's visibility in line with `--private`.
    pub async fn reconcile_repo(&self, r: &RepoRef, private: bool) -> Result<()> {
        let path = r.api();
        let (code, v) = self
            .call(
                reqwest::Method::PUT,
                &path,
                Some(json!({"public": !private})),
            )
            .await?;
        if code != 200 {
            return Err(Error::Invalid(format!(
                "Bitbucket Server PUT {path}: {code} {}",
                message(&v)
            )));
        }
        Ok(())
    }

    /// Grants the group `name` write access (`REPO_WRITE`) to the repository.
    pub async fn grant_group(&self, r: &RepoRef, name: &str) -> Result<()> {
        let path = format!(
            "{}/permissions/groups?permission=REPO_WRITE&name={}",
            r.api(),
            enc(name)
        );
        let (code, v) = self.call(reqwest::Method::PUT, &path, None).await?;
        if code != 204 && code != 200 {
            return Err(Error::Invalid(format!(
                "Bitbucket Server PUT {path}: {code} {}",
                message(&v)
            )));
        }
        Ok(())
    }

    /// Registers `key` as the access key `label` (replacing one of that label that differs);
    /// true when it changed.
    pub async fn ensure_access_key(
        &self,
        r: &RepoRef,
        label: &str,
        key: &str,
        read_only: bool,
    ) -> Result<bool> {
        let path = r.keys();
        let permission = if read_only { "REPO_READ" } else { "REPO_WRITE" };
        let wanted = super::key_body(key);
        let mut start = 0;
        loop {
            let page = format!("{path}?start={start}&limit=100");
            let (code, list) = self.call(reqwest::Method::GET, &page, None).await?;
            if code != 200 {
                return Err(Error::Invalid(format!(
                    "Bitbucket Server GET {page}: {code} {}",
                    message(&list)
                )));
            }
            for k in list["values"].as_array().into_iter().flatten() {
                if k["key"]["label"].as_str() != Some(label) {
                    continue;
                }
                let same = k["key"]["text"].as_str().map(super::key_body) == Some(wanted.clone())
                    && k["permission"].as_str() == Some(permission);
                if same {
                    return Ok(false);
                }
                let id = k["key"]["id"].as_i64().unwrap_or_default();
                self.call(reqwest::Method::DELETE, &format!("{path}/{id}"), None)
                    .await?;
            }
            match list["nextPageStart"].as_i64() {
                Some(next) if list["isLastPage"] == false && next > start => start = next,
                _ => break,
            }
        }
        let (code, v) = self
            .call(
                reqwest::Method::POST,
                &path,
                Some(json!({"key": {"text": wanted, "label": label}, "permission": permission})),
            )
            .await?;
        if code != 201 && code != 200 {
            return Err(Error::Invalid(format!(
                "Bitbucket Server POST {path}: {code} {}",
                message(&v)
            )));
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_repositories_live_in_the_users_tilde_project_with_lower_case_slugs() {
        let r = RepoRef::new("alice", "Fleet", true);
        assert_eq!(r.api(), "/rest/api/1.0/projects/~alice/repos/fleet");
        let r = RepoRef::new("PLAT", "fleet", false);
        assert_eq!(r.keys(), "/rest/keys/1.0/projects/PLAT/repos/fleet/ssh");
    }
}
