//! The provider-independent part of `flux bootstrap github|gitlab|gitea`: how the cluster
//! reaches the repository ([`Access`]: the token, a deploy token, or a deploy key registered
//! through the provider's API and kept across re-runs), our own clone and pushes over HTTPS
//! with the token, and protected branches through a pull/merge request that bootstrap waits
//! to see merged before the cluster syncs. The provider clients ([`super::github`],
//! [`super::gitlab`], [`super::gitea`], [`super::bitbucket`]) implement [`Provider`].

use std::time::{Duration, Instant};

use super::{Error, Options, Result, SourceAuth};
use crate::output::Logger;

/// The description of bootstrap's pull/merge requests.
const BOOTSTRAP_PR_BODY: &str =
    "Bootstrap Flux: the component and sync manifests. The cluster syncs once this is merged.";

/// What a Git provider does for bootstrap beyond Git itself.
pub trait Provider {
    /// Registers the deploy key `title`; true when it changed.
    fn register_key(
        &self,
        title: &str,
        key: &str,
    ) -> impl std::future::Future<Output = Result<bool>> + Send;
    /// Opens a pull/merge request from `head` into `base`; (id, URL).
    fn open_pr(
        &self,
        head: &str,
        base: &str,
        title: &str,
    ) -> impl std::future::Future<Output = Result<(i64, String)>> + Send;
    /// Whether it was merged.
    fn merged(&self, id: i64) -> impl std::future::Future<Output = Result<bool>> + Send;
    /// The user name our HTTPS clone and pushes (and `--token-auth`'s Secret) give with the
    /// token.
    fn git_username(&self) -> String {
        String::from("git")
    }
}

/// A Bitbucket Server repository as a bootstrap provider (no pull requests: bootstrap
/// refuses `--pull-request` for it before anything is touched).
pub struct BitbucketServerRepo {
    /// The API client.
    pub bb: super::bitbucket::BitbucketServer,
    /// The repository.
    pub repo: super::bitbucket::RepoRef,
    /// Register the access key read-only.
    pub read_only: bool,
    /// `--username`, or the owner of a personal repository.
    pub user: String,
}

impl Provider for BitbucketServerRepo {
    async fn register_key(&self, title: &str, key: &str) -> Result<bool> {
        self.bb
            .ensure_access_key(&self.repo, title, key, self.read_only)
            .await
    }
    async fn open_pr(&self, _head: &str, _base: &str, _title: &str) -> Result<(i64, String)> {
        Err(Error::Invalid(String::from(
            "--pull-request is not supported for Bitbucket Server",
        )))
    }
    async fn merged(&self, _id: i64) -> Result<bool> {
        Ok(false)
    }
    fn git_username(&self) -> String {
        self.user.clone()
    }
}

/// A GitHub (or Gitea) repository as a bootstrap provider.
pub struct GitHubRepo {
    /// The API client.
    pub gh: super::github::GitHub,
    /// Owner (user or organisation).
    pub owner: String,
    /// Repository name.
    pub name: String,
    /// Register the deploy key read-only (`--read-write-key` off).
    pub read_only: bool,
}

impl Provider for GitHubRepo {
    async fn register_key(&self, title: &str, key: &str) -> Result<bool> {
        self.gh
            .ensure_deploy_key(&self.owner, &self.name, title, key, self.read_only)
            .await
    }
    async fn open_pr(&self, head: &str, base: &str, title: &str) -> Result<(i64, String)> {
        self.gh
            .open_pull_request(
                &self.owner,
                &self.name,
                head,
                base,
                title,
                BOOTSTRAP_PR_BODY,
            )
            .await
    }
    async fn merged(&self, id: i64) -> Result<bool> {
        self.gh
            .pull_request_merged(&self.owner, &self.name, id)
            .await
    }
}

/// A GitLab project as a bootstrap provider.
pub struct GitLabProject {
    /// The API client.
    pub gl: super::gitlab::GitLab,
    /// Project id.
    pub id: i64,
    /// Register the deploy key read-only.
    pub read_only: bool,
}

impl Provider for GitLabProject {
    async fn register_key(&self, title: &str, key: &str) -> Result<bool> {
        self.gl
            .ensure_deploy_key(self.id, title, key, self.read_only)
            .await
    }
    async fn open_pr(&self, head: &str, base: &str, title: &str) -> Result<(i64, String)> {
        self.gl
            .open_merge_request(self.id, head, base, title, BOOTSTRAP_PR_BODY)
            .await
    }
    async fn merged(&self, id: i64) -> Result<bool> {
        self.gl.merge_request_merged(self.id, id).await
    }
}

/// How the cluster reaches a provider's repository.
pub enum Access {
    /// HTTPS with the personal access token (`--token-auth`).
    Token,
    /// HTTPS with a deploy token (username, token) (`--deploy-token-auth`).
    DeployToken(String, String),
    /// SSH with this deploy key (private, public), registered through the API.
    DeployKey(String, String),
}

/// Runs bootstrap against a provider repository. `opts` describe HTTPS access to
/// `clone_url` with `token`; `access` decides the cluster's credentials. Returns the commit the
/// cluster syncs.
#[allow(clippy::too_many_arguments)]
pub async fn run(
    client: kube::Client,
    mut opts: Options,
    clone_url: &str,
    ssh_url: &str,
    token: &str,
    access: Access,
    provider: &impl Provider,
    log: &Logger,
) -> Result<String> {
    match access {
        Access::Token => {}
        Access::DeployToken(username, password) => {
            opts.auth = SourceAuth::Basic { username, password };
        }
        Access::DeployKey(private_key, public_key) => {
            opts.url = ssh_url.to_string();
            let title = super::github::deploy_key_title(
                &opts.install.namespace,
                &opts.secret_name,
                &opts.branch,
                &opts.path,
            );
            if provider.register_key(&title, &public_key).await? {
                log.success(format!(
                    "configured deploy key \"{title}\" for \"{clone_url}\""
                ));
            }
            opts.auth = SourceAuth::Ssh {
                private_key,
                public_key,
                passphrase: None,
            };
        }
    }
    // Our clone and pushes go over HTTPS with the token.
    opts.git.url = clone_url.to_string();
    opts.git.auth.username = Some(provider.git_username());
    opts.git.auth.password = Some(token.to_string());
    opts.git.auth.identity = None;
    if opts.pr_branch.is_none() {
        return super::run(client, &opts, log).await;
    }
    // Protected branches: the manifests go to a branch and a pull request; the cluster syncs
    // once it is merged.
    let base_head = remote_head(&opts).await?;
    let branch = opts.pr_branch.clone().unwrap_or_default();
    let (pushed, patched) = super::prepare(&opts, log).await?;
    let head = if Some(&pushed) == base_head.as_ref() {
        log.success("nothing to propose: the branch is up to date");
        pushed
    } else {
        let (id, url) = provider
            .open_pr(
                &branch,
                &opts.branch,
                &format!("Add Flux {} manifests", opts.install.version),
            )
            .await?;
        log.success(format!("pull request opened: {url}"));
        log.waiting(format!(
            "waiting for the pull request to be merged into \"{}\"",
            opts.branch
        ));
        let deadline = Instant::now() + opts.timeout;
        while !provider.merged(id).await? {
            if Instant::now() > deadline {
                return Err(Error::Timeout(format!(
                    "{url} to be merged; merge it and run bootstrap again"
                )));
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
        log.success("pull request merged");
        remote_head(&opts).await?.ok_or_else(|| {
            Error::Invalid(format!("branch {} not found after the merge", opts.branch))
        })?
    };
    super::finish(client, &opts, log, &head, patched).await?;
    Ok(head)
}

/// The commit `--branch` points at on the remote (None when it does not exist).
pub async fn remote_head(opts: &Options) -> Result<Option<String>> {
    let mut o = opts.git.clone();
    o.reference = crate::api::source::GitRepositoryRef {
        branch: Some(opts.branch.clone()),
        ..Default::default()
    };
    let r = tokio::task::spawn_blocking(move || crate::git::resolve_remote(&o))
        .await
        .map_err(|e| Error::Invalid(format!("resolving the remote branch: {e}")))??;
    Ok(r.map(|c| c.commit))
}

/// The source Secret's SSH key pair, so its registered deploy key stays valid, else a new
/// pair of `algorithm`: (private, public, whether it is new).
pub async fn existing_or_new_key(
    client: &kube::Client,
    namespace: &str,
    secret: &str,
    algorithm: crate::git::keys::KeyAlgorithm,
) -> Result<(String, String, bool)> {
    let secrets: kube::Api<k8s_openapi::api::core::v1::Secret> =
        kube::Api::namespaced(client.clone(), namespace);
    let existing = secrets
        .get_opt(secret)
        .await
        .ok()
        .flatten()
        .and_then(|s| s.data)
        .and_then(|d| {
            let text = |k: &str| d.get(k).map(|v| String::from_utf8_lossy(&v.0).into_owned());
            Some((text("identity")?, text("identity.pub")?))
        });
    match existing {
        Some((private_key, public_key)) => Ok((private_key, public_key, false)),
        None => {
            let kp = crate::git::keys::generate(algorithm)
                .map_err(|e| Error::Invalid(format!("generating a deploy key: {e}")))?;
            Ok((kp.private_key, kp.public_key, true))
        }
    }
}
