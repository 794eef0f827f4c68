//! Git forge providers: commit statuses (GitHub, GitLab, Gitea, Bitbucket, Bitbucket Server,
//! Azure DevOps), pull/merge request comments, and GitHub repository dispatch.

use super::*;

/// `githubdispatch`: a `repository_dispatch` with `event_type` = `<kind>/<name>.<namespace>`
/// and the event (metadata merged) as `client_payload`.
pub fn github_dispatch(
    t: &Target,
    event: &Event,
    md: &BTreeMap<String, String>,
) -> Result<Request> {
    let token = t.token("githubdispatch")?;
    let repo = GitAddress::parse(&t.address, "githubdispatch")?;
    let mut e = event.clone();
    e.metadata = md.clone();
    Ok(Request::json(
        format!("{}/repos/{}/dispatches", repo.github_api(), repo.id),
        &json!({"event_type": object_title(event), "client_payload": e}),
    )
    .bearer(token)
    .header("Accept", "application/vnd.github+json"))
}

/// Whether a type comments on pull/merge requests.
pub fn is_change_request_comment(t: ProviderType) -> bool {
    matches!(
        t,
        ProviderType::Githubpullrequestcomment
            | ProviderType::Gitlabmergerequestcomment
            | ProviderType::Giteapullrequestcomment
    )
}

/// The calls of a pull/merge request comment provider for one event: who the token belongs
/// to, the first 100 comments, and either an edit of the comment carrying this object's key
/// marker (written by that user) or a new comment.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeRequestComment {
    kind: ProviderType,
    /// GET of the token's user.
    pub whoami: Request,
    /// GET of the first 100 comments, oldest first.
    pub list: Request,
    /// POST of a new comment.
    pub create: Request,
    /// The hidden marker identifying this object's comment.
    pub marker: String,
    edit_base: String,
    body: Value,
    auth: (String, String),
}

impl ChangeRequestComment {
    /// The token's user name in the `whoami` answer.
    pub fn login(&self, user: &Value) -> Option<String> {
        let key = match self.kind {
            ProviderType::Gitlabmergerequestcomment => "username",
            _ => "login",
        };
        user[key]
            .as_str()
            .filter(|s| !s.is_empty())
            .map(String::from)
    }

    /// The id of the comment to edit: the first by `me` that carries the marker.
    pub fn existing(&self, comments: &Value, me: &str) -> Option<i64> {
        let author = match self.kind {
            ProviderType::Gitlabmergerequestcomment => "author",
            _ => "user",
        };
        let login = match self.kind {
            ProviderType::Gitlabmergerequestcomment => "username",
            _ => "login",
        };
        comments.as_array()?.iter().find_map(|c| {
            let by_me = c[author][login].as_str() == Some(me);
            let marked = c["body"].as_str().is_some_and(|b| b.contains(&self.marker));
            (by_me && marked).then(|| c["id"].as_i64()).flatten()
        })
    }

    /// The edit of comment `id`.
    pub fn update(&self, id: i64) -> Request {
        let mut r = Request::json(format!("{}/{id}", self.edit_base), &self.body)
            .header(&self.auth.0, self.auth.1.clone());
        r.method = match self.kind {
            ProviderType::Gitlabmergerequestcomment => Method::Put,
            _ => Method::Patch,
        };
        r
    }
}

/// The comment text: the hidden key marker, the object, the message and the metadata (without
/// `change_request`), as Flux writes it.
pub(super) fn change_request_body(
    marker: &str,
    event: &Event,
    metadata: &BTreeMap<String, String>,
) -> String {
    let o = &event.involved_object;
    let emoji = if is_error(event) { "⚠️" } else { "ℹ️" };
    let lines: String = metadata
        .iter()
        .filter(|(k, _)| *k != "change_request")
        .map(|(k, v)| format!("* `{k}`: {v}\n"))
        .collect();
    format!(
        "{marker}\n\n## Flux Status\n\n{emoji} {}/{}/{}\n\n{}\n\nMetadata:\n{lines}",
        o.kind, o.namespace, o.name, event.message
    )
}

/// The comment calls for `event`; `None` when the event names no change request (metadata
/// `change_request`, from the object's `event.toolkit.fluxcd.io/change_request` annotation) or
/// is a commit status refresh.
pub fn change_request_comment(t: &Target, event: &Event) -> Result<Option<ChangeRequestComment>> {
    let kind = t.kind.ok_or(Error::Config {
        provider: "unknown",
        message: String::from("no type"),
    })?;
    let provider: &'static str = match kind {
        ProviderType::Githubpullrequestcomment => "githubpullrequestcomment",
        ProviderType::Gitlabmergerequestcomment => "gitlabmergerequestcomment",
        _ => "giteapullrequestcomment",
    };
    if is_commit_status_update(event) {
        return Ok(None);
    }
    let Some(number) = event.metadata.get("change_request") else {
        return Ok(None);
    };
    let number: u64 = number.trim().parse().map_err(|_| Error::Config {
        provider,
        message: format!("invalid \"change_request\" metadata value {number:?}"),
    })?;
    if t.provider_uid.is_empty() {
        return Err(Error::Config {
            provider,
            message: String::from("provider UID cannot be empty"),
        });
    }
    let token = t.token(provider)?;
    let repo = GitAddress::parse(&t.address, provider)?;
    let o = &event.involved_object;
    let prefix = match kind {
        ProviderType::Gitlabmergerequestcomment => "flux-mr-comment-key",
        _ => "flux-pr-comment-key",
    };
    let marker = format!(
        "<!-- {prefix}:{}/{}/{}/{} -->",
        t.provider_uid, o.kind, o.namespace, o.name
    );
    let mut md = event.metadata.clone();
    md.remove("commit_status");
    let body = json!({"body": change_request_body(&marker, event, &md)});
    let (auth, whoami, list, create, edit_base) = match kind {
        ProviderType::Githubpullrequestcomment => {
            let api = repo.github_api();
            let issue = format!("{api}/repos/{}/issues", repo.id);
            (
                ("Authorization".to_string(), format!("Bearer {token}")),
                format!("{api}/user"),
                format!("{issue}/{number}/comments?sort=created&direction=asc&per_page=100"),
                format!("{issue}/{number}/comments"),
                format!("{issue}/comments"),
            )
        }
        ProviderType::Gitlabmergerequestcomment => {
            let api = format!("{}/api/v4", repo.host);
            let mr = format!(
                "{api}/projects/{}/merge_requests/{number}/notes",
                url_escape(&repo.id)
            );
            (
                ("PRIVATE-TOKEN".to_string(), token.to_string()),
                format!("{api}/user"),
                format!("{mr}?sort=asc&order_by=created_at&per_page=100"),
                mr.clone(),
                mr,
            )
        }
        _ => {
            let api = format!("{}/api/v1", repo.host);
            let issue = format!("{api}/repos/{}/issues", repo.id);
            (
                ("Authorization".to_string(), format!("token {token}")),
                format!("{api}/user"),
                format!("{issue}/{number}/comments?page=1&limit=100"),
                format!("{issue}/{number}/comments"),
                format!("{issue}/comments"),
            )
        }
    };
    let get = |url: String| Request {
        method: Method::Get,
        url,
        headers: vec![(auth.0.clone(), auth.1.clone())],
        body: vec![],
    };
    Ok(Some(ChangeRequestComment {
        kind,
        whoami: get(whoami),
        list: get(list),
        create: Request::json(create, &body).header(&auth.0, auth.1.clone()),
        marker,
        edit_base,
        body,
        auth,
    }))
}

/// A repository address (`https://host/owner/repo[.git]`, `ssh://git@host/...`,
/// `git@host:owner/repo`) split into the web origin and the repository path.
#[derive(Debug, PartialEq)]
pub struct GitAddress {
    /// `scheme://host[:port]` (https for SSH addresses).
    pub host: String,
    /// `owner/repo` (or longer for GitLab subgroups and Azure DevOps).
    pub id: String,
}

impl GitAddress {
    /// Parses a Provider address.
    pub fn parse(address: &str, provider: &'static str) -> Result<GitAddress> {
        let bad = || Error::Config {
            provider,
            message: format!("invalid repository address {address:?}"),
        };
        let (host, path) = if let Some((scheme, rest)) = address.split_once("://") {
            let (hostpart, path) = rest.split_once('/').ok_or_else(bad)?;
            let hostpart = hostpart.rsplit('@').next().unwrap_or(hostpart);
            let scheme = if scheme == "ssh" { "https" } else { scheme };
            let hostpart = if scheme == "https" && address.starts_with("ssh://") {
                hostpart.split(':').next().unwrap_or(hostpart)
            } else {
                hostpart
            };
            (format!("{scheme}://{hostpart}"), path)
        } else if let Some((user_host, path)) = address.split_once(':') {
            let h = user_host.rsplit('@').next().unwrap_or(user_host);
            (format!("https://{h}"), path)
        } else {
            return Err(bad());
        };
        let id = path.trim_matches('/').trim_end_matches(".git").to_string();
        if id.is_empty() || !id.contains('/') {
            return Err(bad());
        }
        Ok(GitAddress { host, id })
    }

    /// GitHub's REST base: api.github.com for github.com, `<host>/api/v3` for Enterprise.
    pub fn github_api(&self) -> String {
        if self.host == "https://github.com" || self.host == "https://www.github.com" {
            String::from("https://api.github.com")
        } else {
            format!("{}/api/v3", self.host)
        }
    }
}

/// The commit SHA of a revision: `main@sha1:<sha>`, `sha1:<sha>`, or the legacy `main/<sha>`.
pub fn commit_sha(revision: &str) -> Option<String> {
    let tail = revision.rsplit('@').next().unwrap_or(revision);
    let sha = match tail.split_once(':') {
        Some((algo, hex)) if algo == "sha1" || algo == "sha256" => hex,
        Some(_) => return None,
        None => tail.rsplit('/').next().unwrap_or(tail),
    };
    (!sha.is_empty() && sha.bytes().all(|b| b.is_ascii_hexdigit())).then(|| sha.to_string())
}

/// Flux's default commit status key: `<kind>/<name>/<first block of the provider uid>`,
/// lower case.
pub fn default_commit_status(event: &Event, provider_uid: &str) -> String {
    let o = &event.involved_object;
    let uid = provider_uid.split('-').next().unwrap_or_default();
    format!("{}/{}/{uid}", o.kind, o.name).to_lowercase()
}

/// The commit status request of github, gitlab, gitea, bitbucket, bitbucketserver and
/// azuredevops: success for info events, failure for errors, keyed by the commit status id,
/// described by the reason.
pub(super) fn commit_status(kind: ProviderType, t: &Target, event: &Event) -> Result<Request> {
    let provider: &'static str = match kind {
        ProviderType::Github => "github",
        ProviderType::Gitlab => "gitlab",
        ProviderType::Gitea => "gitea",
        ProviderType::Bitbucket => "bitbucket",
        ProviderType::Bitbucketserver => "bitbucketserver",
        _ => "azuredevops",
    };
    let revision = event.metadata.get("revision").ok_or(Error::Config {
        provider,
        message: String::from("missing revision metadata"),
    })?;
    let sha = commit_sha(revision).ok_or_else(|| Error::Config {
        provider,
        message: format!("cannot find a commit SHA in revision {revision:?}"),
    })?;
    let repo = GitAddress::parse(&t.address, provider)?;
    let ok = !is_error(event);
    let (name, desc) = name_and_description(event);
    let id = &t.commit_status;
    Ok(match kind {
        ProviderType::Github => Request::json(
            format!("{}/repos/{}/statuses/{sha}", repo.github_api(), repo.id),
            &json!({"state": if ok { "success" } else { "failure" }, "context": id, "description": desc}),
        )
        .bearer(t.token(provider)?)
        .header("Accept", "application/vnd.github+json"),
        ProviderType::Gitlab => Request::json(
            format!(
                "{}/api/v4/projects/{}/statuses/{sha}",
                repo.host,
                url_escape(&repo.id)
            ),
            &json!({"state": if ok { "success" } else { "failed" }, "name": id, "description": desc}),
        )
        .header("PRIVATE-TOKEN", t.token(provider)?),
        ProviderType::Gitea => Request::json(
            format!("{}/api/v1/repos/{}/statuses/{sha}", repo.host, repo.id),
            &json!({"state": if ok { "success" } else { "failure" }, "context": id,
                "description": desc, "target_url": ""}),
        )
        .header("Authorization", format!("token {}", t.token(provider)?)),
        ProviderType::Bitbucket => {
            let token = t.token(provider)?;
            let (user, pass) = token.split_once(':').ok_or(Error::Config {
                provider,
                message: String::from("invalid token format, expected to be <user>:<password>"),
            })?;
            let api = if repo.host == "https://bitbucket.org" {
                String::from("https://api.bitbucket.org/2.0")
            } else {
                format!("{}/2.0", repo.host)
            };
            use sha1::Digest;
            let key = crate::artifact::archive::hex(&sha1::Sha1::digest(id.as_bytes()));
            Request::json(
                format!("{api}/repositories/{}/commit/{sha}/statuses/build", repo.id),
                &json!({"state": if ok { "SUCCESSFUL" } else { "FAILED" }, "key": key,
                    "name": name, "description": desc, "url": "https://bitbucket.org"}),
            )
            .basic(user, pass)
        }
        ProviderType::Bitbucketserver => {
            // https://host/scm/<project>/<repo>.git
            let parts: Vec<&str> = repo.id.split('/').collect();
            let (project, slug) = match parts.as_slice() {
                [.., "scm", p, r] | [p, r] => (*p, *r),
                _ => {
                    return Err(Error::Config {
                        provider,
                        message: format!(
                            "address {:?} is not https://<host>/scm/<project>/<repo>.git",
                            t.address
                        ),
                    })
                }
            };
            use sha1::Digest;
            let key = crate::artifact::archive::hex(&sha1::Sha1::digest(id.as_bytes()));
            let r = Request::json(
                format!(
                    "{}/rest/api/1.0/projects/{project}/repos/{slug}/commits/{sha}/builds",
                    repo.host
                ),
                &json!({"state": if ok { "SUCCESSFUL" } else { "FAILED" }, "key": key,
                    "name": name, "description": desc, "url": repo.host}),
            );
            match (&t.token, &t.username, &t.password) {
                (Some(tok), _, _) if !tok.is_empty() => r.bearer(tok),
                (_, Some(u), Some(p)) if !u.is_empty() && !p.is_empty() => r.basic(u, p),
                _ => {
                    return Err(Error::Config {
                        provider,
                        message: String::from("a 'token' or 'username' and 'password' are required"),
                    })
                }
            }
        }
        _ => {
            // https://dev.azure.com/<org>/<project>/_git/<repo>
            let parts: Vec<&str> = repo.id.split('/').collect();
            let [org, project, "_git", name_] = parts.as_slice() else {
                return Err(Error::Config {
                    provider,
                    message: format!(
                        "address {:?} is not https://<host>/<org>/<project>/_git/<repo>",
                        t.address
                    ),
                });
            };
            Request::json(
                format!(
                    "{}/{org}/{project}/_apis/git/repositories/{name_}/commits/{sha}/statuses?api-version=6.0",
                    repo.host
                ),
                &json!({"state": if ok { "succeeded" } else { "error" }, "description": desc,
                    "context": {"genre": "fluxcd", "name": id}}),
            )
            .basic("", t.token(provider)?)
        }
    })
}

/// The GET that lists a commit's existing statuses for the status `post` would create, so an
/// unchanged status is not posted again (Flux does the same): same URL family and credentials.
pub fn status_lookup(kind: ProviderType, post: &Request) -> Option<Request> {
    let body: Value = serde_json::from_slice(&post.body).ok()?;
    let url = match kind {
        // .../repos/<o>/<r>/statuses/<sha> -> .../repos/<o>/<r>/commits/<sha>/statuses
        ProviderType::Github | ProviderType::Gitea => {
            let (base, sha) = post.url.rsplit_once("/statuses/")?;
            let q = if kind == ProviderType::Github {
                "?per_page=50"
            } else {
                ""
            };
            format!("{base}/commits/{sha}/statuses{q}")
        }
        // .../projects/<id>/statuses/<sha> -> .../projects/<id>/repository/commits/<sha>/statuses?name=
        ProviderType::Gitlab => {
            let (base, sha) = post.url.rsplit_once("/statuses/")?;
            format!(
                "{base}/repository/commits/{sha}/statuses?name={}",
                url_escape(body["name"].as_str()?)
            )
        }
        ProviderType::Bitbucket => format!("{}/{}", post.url, body["key"].as_str()?),
        ProviderType::Bitbucketserver => format!("{}?key={}", post.url, body["key"].as_str()?),
        ProviderType::Azuredevops => post.url.clone(),
        _ => return None,
    };
    Some(Request {
        method: Method::Get,
        url,
        headers: post.headers.clone(),
        body: vec![],
    })
}

/// Whether the newest existing status with the same key already has the planned state and
/// description.
pub fn duplicate_status(kind: ProviderType, planned: &Request, existing: &Value) -> bool {
    let Ok(p) = serde_json::from_slice::<Value>(&planned.body) else {
        return false;
    };
    let state_of = |v: &Value| -> Option<String> {
        v.get("state")
            .or_else(|| v.get("status"))
            .and_then(|s| s.as_str())
            .map(str::to_lowercase)
    };
    let same =
        |e: &Value| state_of(e) == state_of(&p) && e.get("description") == p.get("description");
    let list: Vec<&Value> = match existing {
        Value::Array(a) => a.iter().collect(),
        Value::Object(o) if o.contains_key("value") => o["value"]
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default(),
        Value::Object(_) => vec![existing],
        _ => vec![],
    };
    let key_of = |v: &Value| -> Option<Value> {
        match kind {
            ProviderType::Github | ProviderType::Gitea => v.get("context").cloned(),
            ProviderType::Gitlab => v.get("name").cloned(),
            ProviderType::Azuredevops => v
                .get("context")
                .map(|c| json!([c.get("genre"), c.get("name")])),
            _ => v.get("key").cloned(),
        }
    };
    let want = key_of(&p);
    list.into_iter()
        .find(|e| key_of(e) == want)
        .is_some_and(same)
}

/// `scheme://host[:port]` of a URL.
pub(super) fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| format!("{scheme}://{host}"))
}
