//! The GitLab side of `flux bootstrap gitlab`, over GitLab's documented REST API v4
//! (`https://<hostname>/api/v4`, `PRIVATE-TOKEN`): find or create the project (in the user's
//! namespace or a group, subgroups included), register the deploy key, or create a deploy
//! token (`--deploy-token-auth`). Errors name the endpoint and what to do; the token never
//! appears in them.

use serde_json::{json, Value};

use super::github::Repo;
use super::{Error, Result};

/// A GitLab API client for one token.
pub struct GitLab {
    api: String,
    token: String,
    http: reqwest::Client,
}

fn enc(path: &str) -> String {
    crate::notify::providers::url_escape(path)
}

impl GitLab {
    /// A client for `hostname` (`gitlab.com` or a self-managed host), trusting `ca` too.
    pub fn new(hostname: &str, token: &str, ca: Option<&str>) -> Result<GitLab> {
        Ok(GitLab {
            api: format!("https://{hostname}/api/v4"),
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
            .request(method.clone(), format!("{}{path}", self.api))
            .header("PRIVATE-TOKEN", &self.token);
        if let Some(b) = body {
            req = req
                .header("Content-Type", "application/json")
                .body(serde_json::to_vec(&b).unwrap_or_default());
        }
        let resp = req.send().await.map_err(|e| {
            Error::Invalid(format!(
                "GitLab {method} {path}: {}",
                crate::http_error_message(e)
            ))
        })?;
        let code = resp.status().as_u16();
        let v: Value =
            serde_json::from_str(&resp.text().await.unwrap_or_default()).unwrap_or(Value::Null);
        let msg = v["message"]
            .as_str()
            .map(String::from)
            .unwrap_or_else(|| v["message"].to_string());
        match code {
            401 => Err(Error::Invalid(format!(
                "GitLab {method} {path}: 401 {msg}: the token is invalid or expired; give a personal access token with the 'api' scope (GITLAB_TOKEN)"
            ))),
            403 => Err(Error::Invalid(format!(
                "GitLab {method} {path}: 403 {msg}: the token lacks the 'api' scope or the access level this needs"
            ))),
            _ => Ok((code, v)),
        }
    }

    /// Finds `owner/name` (owner may hold subgroups), creating it with `visibility` when
    /// missing: in the user's namespace (`personal`) or in the group `owner`.
    pub async fn ensure_project(
        &self,
        owner: &str,
        name: &str,
        personal: bool,
        visibility: &str,
    ) -> Result<(i64, Repo)> {
        let full = format!("{}/{name}", owner.trim_matches('/'));
        let (code, v) = self
            .call(
                reqwest::Method::GET,
                &format!("/projects/{}", enc(&full)),
                None,
            )
            .await?;
        let (v, created) = match code {
            200 => (v, false),
            404 => {
                let mut body = json!({"name": name, "path": name, "visibility": visibility, "initialize_with_readme": true});
                if !personal {
                    let (gc, g) = self
                        .call(
                            reqwest::Method::GET,
                            &format!("/groups/{}", enc(owner)),
                            None,
                        )
                        .await?;
                    if gc != 200 {
                        return Err(Error::Invalid(format!(
                            "GitLab GET /groups/{}: {gc}: group {owner} not found or not visible to the token (use --personal for a user project)",
                            enc(owner)
                        )));
                    }
                    body["namespace_id"] = g["id"].clone();
                }
                let (pc, p) = self
                    .call(reqwest::Method::POST, "/projects", Some(body))
                    .await?;
                if pc != 201 {
                    return Err(Error::Invalid(format!(
                        "GitLab POST /projects: {pc} {}: cannot create project {full}",
                        p["message"]
                    )));
                }
                (p, true)
            }
            other => {
                return Err(Error::Invalid(format!(
                    "GitLab GET /projects/{}: {other} {}",
                    enc(&full),
                    v["message"]
                )))
            }
        };
        let id = v["id"].as_i64().unwrap_or_default();
        Ok((
            id,
            Repo {
                clone_url: v["http_url_to_repo"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                ssh_url: crate::migrate::fluxd::normalize_git_url(
                    v["ssh_url_to_repo"].as_str().unwrap_or_default(),
                ),
                created,
            },
        ))
    }

    /// Registers `key` as the deploy key `title` (replacing one of that title that differs).
    pub async fn ensure_deploy_key(
        &self,
        project: i64,
        title: &str,
        key: &str,
        read_only: bool,
    ) -> Result<bool> {
        let path = format!("/projects/{project}/deploy_keys");
        let (code, list) = self.call(reqwest::Method::GET, &path, None).await?;
        if code != 200 {
            return Err(Error::Invalid(format!("GitLab GET {path}: {code}")));
        }
        let wanted = super::key_body(key);
        for k in list.as_array().into_iter().flatten() {
            if k["title"].as_str() != Some(title) {
                continue;
            }
            let same = k["key"].as_str().map(super::key_body) == Some(wanted.clone())
                && k["can_push"].as_bool() == Some(!read_only);
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
                Some(json!({"title": title, "key": wanted, "can_push": !read_only})),
            )
            .await?;
        if code != 201 {
            return Err(Error::Invalid(format!(
                "GitLab POST {path}: {code} {}",
                v["message"]
            )));
        }
        Ok(true)
    }

    /// Shares the project with a group (`--team`) at `access` (30 developer, 40 maintainer);
    /// sharing it again is not an error.
    pub async fn share_with_group(&self, project: i64, group: &str, access: i64) -> Result<()> {
        let (gc, g) = self
            .call(
                reqwest::Method::GET,
                &format!("/groups/{}", enc(group)),
                None,
            )
            .await?;
        if gc != 200 {
            return Err(Error::Invalid(format!(
                "GitLab GET /groups/{}: {gc}: group {group} not found",
                enc(group)
            )));
        }
        let path = format!("/projects/{project}/share");
        let (code, v) = self
            .call(
                reqwest::Method::POST,
                &path,
                Some(json!({"group_id": g["id"], "group_access": access})),
            )
            .await?;
        if code != 201 && code != 409 {
            return Err(Error::Invalid(format!(
                "GitLab POST {path}: {code} {}",
                v["message"]
            )));
        }
        Ok(())
    }

    /// `--reconcile`: brings an existing project's visibility in line with `--visibility`.
    pub async fn reconcile_project(&self, project: i64, visibility: &str) -> Result<()> {
        let path = format!("/projects/{project}");
        let (code, v) = self
            .call(
                reqwest::Method::PUT,
                &path,
                Some(json!({"visibility": visibility})),
            )
            .await?;
        if code != 200 {
            return Err(Error::Invalid(format!(
                "GitLab PUT {path}: {code} {}",
                v["message"]
            )));
        }
        Ok(())
    }

    /// Opens a merge request from `source` into `target` with `title` and `description`;
    /// returns (iid, web URL).
    pub async fn open_merge_request(
        &self,
        project: i64,
        source: &str,
        target: &str,
        title: &str,
        description: &str,
    ) -> Result<(i64, String)> {
        let path = format!("/projects/{project}/merge_requests");
        let (code, v) = self
            .call(
                reqwest::Method::POST,
                &path,
                Some(
                    json!({"source_branch": source, "target_branch": target, "title": title,
                    "description": description}),
                ),
            )
            .await?;
        if code != 201 {
            return Err(Error::Invalid(format!(
                "GitLab POST {path}: {code} {}",
                v["message"]
            )));
        }
        Ok((
            v["iid"].as_i64().unwrap_or_default(),
            v["web_url"].as_str().unwrap_or_default().to_string(),
        ))
    }

    /// The id of the project at `full` (`group/subgroup/name`).
    pub async fn project_id(&self, full: &str) -> Result<i64> {
        let path = format!("/projects/{}", enc(full.trim_matches('/')));
        let (code, v) = self.call(reqwest::Method::GET, &path, None).await?;
        match (code, v["id"].as_i64()) {
            (200, Some(id)) => Ok(id),
            _ => Err(Error::Invalid(format!(
                "GitLab GET {path}: {code} {}: project {full} not found or not visible to the token",
                v["message"]
            ))),
        }
    }

    /// The open merge request from `source` into `target`, if there is one: (iid, web URL).
    pub async fn find_open_merge_request(
        &self,
        project: i64,
        source: &str,
        target: &str,
    ) -> Result<Option<(i64, String)>> {
        let path = format!(
            "/projects/{project}/merge_requests?state=opened&source_branch={}&target_branch={}",
            enc(source),
            enc(target)
        );
        let (code, v) = self.call(reqwest::Method::GET, &path, None).await?;
        if code != 200 {
            return Err(Error::Invalid(format!(
                "GitLab GET {path}: {code} {}",
                v["message"]
            )));
        }
        Ok(v.as_array()
            .into_iter()
            .flatten()
            .find(|m| m["source_branch"] == source && m["target_branch"] == target)
            .map(|m| {
                (
                    m["iid"].as_i64().unwrap_or_default(),
                    m["web_url"].as_str().unwrap_or_default().to_string(),
                )
            }))
    }

    /// Whether the merge request was merged.
    pub async fn merge_request_merged(&self, project: i64, iid: i64) -> Result<bool> {
        let (_, v) = self
            .call(
                reqwest::Method::GET,
                &format!("/projects/{project}/merge_requests/{iid}"),
                None,
            )
            .await?;
        Ok(v["state"].as_str() == Some("merged"))
    }

    /// Creates a read-only deploy token named `name`; returns (username, token).
    pub async fn create_deploy_token(&self, project: i64, name: &str) -> Result<(String, String)> {
        let path = format!("/projects/{project}/deploy_tokens");
        let (code, v) = self
            .call(
                reqwest::Method::POST,
                &path,
                Some(json!({"name": name, "scopes": ["read_repository"]})),
            )
            .await?;
        if code != 201 {
            return Err(Error::Invalid(format!(
                "GitLab POST {path}: {code} {}",
                v["message"]
            )));
        }
        Ok((
            v["username"].as_str().unwrap_or_default().to_string(),
            v["token"].as_str().unwrap_or_default().to_string(),
        ))
    }
}
