//! The GitHub side of `flux bootstrap github`, over GitHub's documented REST API (github.com at
//! `api.github.com`, Enterprise at `https://<hostname>/api/v3`): find or create the repository
//! (for the user or an organisation), grant teams access, and register the deploy key. Errors
//! name the endpoint and what to do (a 401 names the token and the `repo` scope); the token
//! never appears in them.

use serde_json::{json, Value};

use super::{Error, Result};

/// A GitHub (or Gitea) API client for one token.
pub struct GitHub {
    api: String,
    token: String,
    http: reqwest::Client,
    gitea: bool,
}

/// A repository as bootstrap needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Repo {
    /// HTTPS clone URL.
    pub clone_url: String,
    /// SSH URL in `ssh://` form.
    pub ssh_url: String,
    /// Whether bootstrap created it.
    pub created: bool,
}

impl GitHub {
    /// A client for `hostname` (`github.com` or an Enterprise host), trusting `ca` in addition
    /// to the system roots.
    pub fn new(hostname: &str, token: &str, ca: Option<&str>) -> Result<GitHub> {
        Self::build(hostname, token, ca, false)
    }

    /// A Gitea client for `hostname` ([`super::gitea`]'s dialect).
    pub fn gitea(hostname: &str, token: &str, ca: Option<&str>) -> Result<GitHub> {
        Self::build(hostname, token, ca, true)
    }

    fn build(hostname: &str, token: &str, ca: Option<&str>, gitea: bool) -> Result<GitHub> {
        let api = if gitea {
            super::gitea::api_base(hostname)
        } else if hostname == "github.com" {
            String::from("https://api.github.com")
        } else {
            format!("https://{hostname}/api/v3")
        };
        Ok(GitHub {
            api,
            token: token.to_string(),
            http: super::api_client(ca)?,
            gitea,
        })
    }

    /// The provider's name in messages.
    pub(super) fn name(&self) -> &'static str {
        if self.gitea {
            "Gitea"
        } else {
            "GitHub"
        }
    }

    pub(super) async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<(u16, Value)> {
        let url = format!("{}{path}", self.api);
        let mut req = self.http.request(method.clone(), &url);
        req = if self.gitea {
            super::gitea::authorize(req, &self.token)
        } else {
            req.header("Authorization", format!("Bearer {}", self.token))
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
        };
        if let Some(b) = body {
            req = req.json_body(&b);
        }
        let resp = req.send().await.map_err(|e| {
            Error::Invalid(format!(
                "{} {method} {path}: {}",
                self.name(),
                crate::http_error_message(e)
            ))
        })?;
        let code = resp.status().as_u16();
        let text = resp.text().await.unwrap_or_default();
        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        match code {
            401 => Err(Error::Invalid(format!(
                "{} {method} {path}: 401 {}: the token is invalid or expired; give a personal access token with the {} scope ({})",
                self.name(),
                v["message"].as_str().unwrap_or("Bad credentials"),
                if self.gitea { super::gitea::TOKEN_SCOPE } else { "'repo'" },
                if self.gitea { super::gitea::TOKEN_ENV } else { "GITHUB_TOKEN" }
            ))),
            403 => Err(Error::Invalid(format!(
                "{} {method} {path}: 403 {}: the token lacks a scope this needs",
                self.name(),
                v["message"].as_str().unwrap_or("Forbidden")
            ))),
            _ => Ok((code, v)),
        }
    }

    /// Finds `owner/name`, creating it (private unless `private` is false) for the user
    /// (`personal`) or the organisation `owner` when missing.
    pub async fn ensure_repo(
        &self,
        owner: &str,
        name: &str,
        personal: bool,
        private: bool,
    ) -> Result<Repo> {
        let (code, v) = self
            .call(
                reqwest::Method::GET,
                &format!("/repos/{owner}/{name}"),
                None,
            )
            .await?;
        let (v, created) = match code {
            200 => (v, false),
            404 => {
                let path = if personal {
                    String::from("/user/repos")
                } else {
                    format!("/orgs/{owner}/repos")
                };
                let (code, v) = self
                    .call(
                        reqwest::Method::POST,
                        &path,
                        Some(json!({"name": name, "private": private, "auto_init": true})),
                    )
                    .await?;
                if code != 201 {
                    return Err(Error::Invalid(format!(
                        "{} POST {path}: {code} {}: cannot create repository {owner}/{name}{}",
                        self.name(),
                        v["message"].as_str().unwrap_or(""),
                        if personal {
                            ""
                        } else {
                            " (is the token allowed to create repositories in this organisation? use --personal for a user repository)"
                        }
                    )));
                }
                (v, true)
            }
            other => {
                return Err(Error::Invalid(format!(
                    "{} GET /repos/{owner}/{name}: {other} {}",
                    self.name(),
                    v["message"].as_str().unwrap_or("")
                )))
            }
        };
        let ssh = v["ssh_url"].as_str().unwrap_or_default();
        Ok(Repo {
            clone_url: v["clone_url"].as_str().unwrap_or_default().to_string(),
            ssh_url: crate::migrate::fluxd::normalize_git_url(ssh),
            created,
        })
    }

    /// Gives a team (`slug`) `permission` on the repository.
    pub async fn grant_team(
        &self,
        org: &str,
        slug: &str,
        owner: &str,
        name: &str,
        permission: &str,
    ) -> Result<()> {
        let path = if self.gitea {
            super::gitea::team_repo_path(self, org, slug, owner, name).await?
        } else {
            format!("/orgs/{org}/teams/{slug}/repos/{owner}/{name}")
        };
        let (code, v) = self
            .call(
                reqwest::Method::PUT,
                &path,
                Some(json!({"permission": permission})),
            )
            .await?;
        if code != 204 && code != 200 {
            return Err(Error::Invalid(format!(
                "{} PUT {path}: {code} {}",
                self.name(),
                v["message"].as_str().unwrap_or("")
            )));
        }
        Ok(())
    }

    /// Registers `key` as the deploy key `title`, replacing a key of that title with other
    /// content or access; an identical key is left alone.
    pub async fn ensure_deploy_key(
        &self,
        owner: &str,
        name: &str,
        title: &str,
        key: &str,
        read_only: bool,
    ) -> Result<bool> {
        let path = format!("/repos/{owner}/{name}/keys");
        let (code, list) = self.call(reqwest::Method::GET, &path, None).await?;
        if code != 200 {
            return Err(Error::Invalid(format!(
                "{} GET {path}: {code} {}",
                self.name(),
                list["message"].as_str().unwrap_or("")
            )));
        }
        let wanted = super::key_body(key);
        for k in list.as_array().into_iter().flatten() {
            if k["title"].as_str() != Some(title) {
                continue;
            }
            let same = k["key"].as_str().map(super::key_body) == Some(wanted.clone())
                && k["read_only"].as_bool() == Some(read_only);
            if same {
                return Ok(false);
            }
            let id = k["id"].as_i64().unwrap_or_default();
            self.call(reqwest::Method::DELETE, &format!("{path}/{id}"), None)
                .await?;
        }
        let (code, v) = self
            .call(
                reqwest::Method::POST,
                &path,
                Some(json!({"title": title, "key": wanted, "read_only": read_only})),
            )
            .await?;
        if code != 201 {
            return Err(Error::Invalid(format!(
                "{} POST {path}: {code} {}",
                self.name(),
                v["message"].as_str().unwrap_or("")
            )));
        }
        Ok(true)
    }
}

impl GitHub {
    /// `--reconcile`: brings an existing repository's visibility in line with `--private`.
    pub async fn reconcile_repo(&self, owner: &str, name: &str, private: bool) -> Result<()> {
        let path = format!("/repos/{owner}/{name}");
        let (code, v) = self
            .call(
                reqwest::Method::PATCH,
                &path,
                Some(json!({"private": private})),
            )
            .await?;
        if code != 200 {
            return Err(Error::Invalid(format!(
                "{} PATCH {path}: {code} {}",
                self.name(),
                v["message"].as_str().unwrap_or("")
            )));
        }
        Ok(())
    }

    /// Opens a pull request from `head` into `base` with `title` and `body`; returns (number,
    /// web URL).
    pub async fn open_pull_request(
        &self,
        owner: &str,
        name: &str,
        head: &str,
        base: &str,
        title: &str,
        body: &str,
    ) -> Result<(i64, String)> {
        let path = format!("/repos/{owner}/{name}/pulls");
        let (code, v) = self
            .call(
                reqwest::Method::POST,
                &path,
                Some(json!({"title": title, "head": head, "base": base, "body": body})),
            )
            .await?;
        if code != 201 {
            return Err(Error::Invalid(format!(
                "{} POST {path}: {code} {}",
                self.name(),
                v["message"].as_str().unwrap_or("")
            )));
        }
        Ok((
            v["number"].as_i64().unwrap_or_default(),
            v["html_url"].as_str().unwrap_or_default().to_string(),
        ))
    }

    /// The open pull request from `head` into `base`, if there is one: (number, web URL).
    /// GitHub filters by `owner:head`; Gitea's list is filtered here.
    pub async fn find_open_pull_request(
        &self,
        owner: &str,
        name: &str,
        head: &str,
        base: &str,
    ) -> Result<Option<(i64, String)>> {
        let path = if self.gitea {
            format!("/repos/{owner}/{name}/pulls?state=open&limit=50")
        } else {
            format!("/repos/{owner}/{name}/pulls?state=open&head={owner}:{head}&base={base}")
        };
        let (code, v) = self.call(reqwest::Method::GET, &path, None).await?;
        if code != 200 {
            return Err(Error::Invalid(format!(
                "{} GET {path}: {code} {}",
                self.name(),
                v["message"].as_str().unwrap_or("")
            )));
        }
        Ok(v.as_array()
            .into_iter()
            .flatten()
            .find(|p| p["head"]["ref"] == head && p["base"]["ref"] == base)
            .map(|p| {
                (
                    p["number"].as_i64().unwrap_or_default(),
                    p["html_url"].as_str().unwrap_or_default().to_string(),
                )
            }))
    }

    /// Whether the pull request was merged.
    pub async fn pull_request_merged(&self, owner: &str, name: &str, number: i64) -> Result<bool> {
        let (_, v) = self
            .call(
                reqwest::Method::GET,
                &format!("/repos/{owner}/{name}/pulls/{number}"),
                None,
            )
            .await?;
        Ok(v["merged"].as_bool().unwrap_or(false))
    }
}

/// Flux's deploy key title: the non-empty parts of namespace, secret name, branch and path.
pub fn deploy_key_title(namespace: &str, secret: &str, branch: &str, path: &str) -> String {
    let p = format!("./{}", path.trim_matches('/'));
    [namespace, secret, branch, p.as_str()]
        .iter()
        .filter(|s| !s.is_empty() && **s != "./")
        .cloned()
        .collect::<Vec<_>>()
        .join("-")
}

trait JsonBody {
    fn json_body(self, v: &Value) -> Self;
}

impl JsonBody for reqwest::RequestBuilder {
    fn json_body(self, v: &Value) -> Self {
        self.header("Content-Type", "application/json")
            .body(serde_json::to_vec(v).unwrap_or_default())
    }
}
