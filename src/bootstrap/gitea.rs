//! Gitea's dialect of the GitHub REST API that `flux bootstrap gitea` speaks through the
//! GitHub client ([`super::github::GitHub::gitea`]): the API lives under `/api/v1`, tokens go in
//! `Authorization: token …` and need the `write:repository` scope, and teams are addressed by
//! id (found by name) with their own permission.

use super::github::GitHub;
use super::{Error, Result};

/// The token scope named in authentication errors.
pub const TOKEN_SCOPE: &str = "'write:repository'";
/// The environment variable the token is read from.
pub const TOKEN_ENV: &str = "GITEA_TOKEN";

/// The API base URL for `hostname`.
pub fn api_base(hostname: &str) -> String {
    format!("https://{hostname}/api/v1")
}

/// Adds Gitea's token header to a request.
pub fn authorize(req: reqwest::RequestBuilder, token: &str) -> reqwest::RequestBuilder {
    req.header("Authorization", format!("token {token}"))
}

/// The path that grants team `slug` of `org` access to `owner/name`: Gitea addresses teams by
/// id, found by name; the permission is the team's own.
pub async fn team_repo_path(
    gh: &GitHub,
    org: &str,
    slug: &str,
    owner: &str,
    name: &str,
) -> Result<String> {
    let search = format!("/orgs/{org}/teams/search?q={slug}");
    let (code, v) = gh.call(reqwest::Method::GET, &search, None).await?;
    let id = v["data"]
        .as_array()
        .and_then(|d| d.iter().find(|t| t["name"].as_str() == Some(slug)))
        .and_then(|t| t["id"].as_i64())
        .ok_or_else(|| {
            Error::Invalid(format!(
                "Gitea GET {search}: {code}: team {slug} not found in {org}"
            ))
        })?;
    Ok(format!("/teams/{id}/repos/{owner}/{name}"))
}
