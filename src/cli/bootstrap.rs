//! `flux bootstrap git`: flags → bootstrap options → `bootstrap::run`.

use std::path::PathBuf;

use super::install::ComponentArgs;
use super::Global;
use crate::bootstrap::provider::{
    self, Access, BitbucketServerRepo, GitHubRepo, GitLabProject, Provider,
};
use crate::bootstrap::{self, SourceAuth};
use crate::git::{Auth, CheckoutOptions};

/// Flags every `flux bootstrap` provider shares.
#[derive(Debug, Clone, clap::Args)]
pub struct BootstrapCommon {
    #[command(flatten)]
    pub components: ComponentArgs,
    /// Git branch.
    #[arg(long, default_value = "main")]
    pub branch: String,
    /// Path relative to the repository root, when specified the cluster sync will be scoped to this path.
    #[arg(long, default_value = "")]
    pub path: String,
    /// Sync interval.
    #[arg(long, default_value = "1m0s")]
    pub interval: crate::api::Duration,
    /// Name of the secret the sync credentials can be found in or stored to.
    #[arg(long, default_value = "flux-system")]
    pub secret_name: String,
    /// When enabled, configures the GitRepository source to initialize and include Git submodules in the artifact it produces.
    #[arg(long)]
    pub recurse_submodules: bool,
    /// List of directories to be included in the GitRepository sparse checkout, the configured --path must be one of them, accepts comma-separated values.
    #[arg(long, value_delimiter = ',')]
    pub sparse_checkout: Vec<String>,
    /// String to add to the commit messages, e.g. '[ci skip]'.
    #[arg(long)]
    pub commit_message_appendix: Option<String>,
    /// Author name for Git commits.
    #[arg(long, default_value = "Flux")]
    pub author_name: String,
    /// Author email for Git commits.
    #[arg(long, default_value = "")]
    pub author_email: String,
    #[command(flatten)]
    pub ssh: super::create::SshKeyFlags,
    /// Path to a private key file used for authenticating to the Git SSH server.
    #[arg(long)]
    pub private_key_file: Option<PathBuf>,
    /// SSH hostname, to be used when the SSH host differs from the HTTPS one.
    #[arg(long)]
    pub ssh_hostname: Option<String>,
    /// List of host key algorithms to be used by the CLI for SSH connections.
    #[arg(long, value_delimiter = ',')]
    pub ssh_hostkey_algos: Vec<String>,
    /// Path to TLS CA file used for validating self-signed certificates.
    #[arg(long)]
    pub ca_file: Option<PathBuf>,
    /// Path to secret gpg key for signing commits.
    #[arg(long)]
    pub gpg_key_ring: Option<PathBuf>,
    /// Passphrase for decrypting GPG private key.
    #[arg(long, default_value = "")]
    pub gpg_passphrase: String,
    /// Key id for selecting a particular key.
    #[arg(long)]
    pub gpg_key_id: Option<String>,
    /// Path to an SSH private key file used for signing commits.
    #[arg(long)]
    pub ssh_signing_key_file: Option<PathBuf>,
    /// Passphrase for decrypting SSH signing key.
    #[arg(long, default_value = "")]
    pub ssh_signing_password: String,
    /// Alias for --ssh-signing-password.
    #[arg(long, default_value = "", hide = true)]
    pub ssh_signing_passphrase: String,
    /// Use the SSH transport key (--private-key-file) to sign commits.
    #[arg(long)]
    pub ssh_signing_reuse_private_key: bool,
    /// Override existing Flux installation if it's managed by a different tool such as Helm.
    #[arg(long)]
    pub force: bool,
    /// Check that the controllers' Deployments become ready after the sync; set to false only
    /// for clusters without nodes (such as the local demo), where the controllers run outside.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub component_health: bool,
    /// Push to a new branch and open a pull/merge request (for protected branches), then wait
    /// for it to be merged (github, gitlab, gitea).
    #[arg(long)]
    pub pull_request: bool,
    /// If true, no confirmation prompts are shown (deploy keys are assumed to be added).
    #[arg(short = 's', long)]
    pub silent: bool,
    /// When enabled, the personal access token (`bootstrap git`: the password) is used instead
    /// of the SSH deploy key.
    #[arg(long)]
    pub token_auth: bool,
}

/// Flags of `flux bootstrap git`.
#[derive(Debug, clap::Args)]
pub struct BootstrapGitArgs {
    #[command(flatten)]
    pub common: BootstrapCommon,
    /// Git repository URL.
    #[arg(long)]
    pub url: String,
    /// Basic authentication username.
    #[arg(short = 'u', long, default_value = "git")]
    pub username: String,
    /// Basic authentication password.
    #[arg(short = 'p', long)]
    pub password: Option<String>,
    /// Use password as bearer token for Authorization header.
    #[arg(long)]
    pub with_bearer_token: bool,
    /// Allow plain HTTP repositories (credentials travel unencrypted).
    #[arg(long)]
    pub allow_insecure_http: bool,
}

/// Host and port of an `ssh://` URL.
fn ssh_host_port(url: &str) -> (String, u16) {
    let authority = url
        .trim_start_matches("ssh://")
        .split('/')
        .next()
        .unwrap_or_default();
    let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    match hostport.rsplit_once(':') {
        Some((h, p)) => (
            h.trim_matches(['[', ']']).to_string(),
            p.parse().unwrap_or(22),
        ),
        None => (hostport.to_string(), 22),
    }
}

fn read(path: &PathBuf, flag: &str) -> anyhow::Result<String> {
    std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{flag} {}: {e}", path.display()))
}

/// The OpenSSH private key of `--private-key-file` and its public key.
fn read_key_pair(path: &PathBuf) -> anyhow::Result<(String, String)> {
    let private_key = read(path, "--private-key-file")?;
    let public_key = crate::git::keys::public_key_of(&private_key).ok_or_else(|| {
        anyhow::anyhow!(
            "--private-key-file {}: not an OpenSSH private key",
            path.display()
        )
    })?;
    Ok((private_key, public_key))
}

/// Flux's checks of the signing flags, in its order, and the signer they select: a GPG key
/// ring, an SSH key file (with `--ssh-signing-password` or its hidden alias), or the transport
/// key of `--private-key-file` (with the transport's `--password`). The key is tried now, so
/// that a bad one fails before anything is committed.
fn signing(
    c: &BootstrapCommon,
    transport_password: &str,
) -> anyhow::Result<Option<crate::git::sign::Signing>> {
    use crate::git::sign::Signing;
    let ssh_set = c.ssh_signing_key_file.is_some() || c.ssh_signing_reuse_private_key;
    if c.gpg_key_ring.is_some() && ssh_set {
        anyhow::bail!(
            "--gpg-* and --ssh-signing-* are mutually exclusive; pick one signing format"
        );
    }
    if c.ssh_signing_key_file.is_some() && c.ssh_signing_reuse_private_key {
        anyhow::bail!(
            "--ssh-signing-key-file and --ssh-signing-reuse-private-key are mutually exclusive"
        );
    }
    if c.ssh_signing_reuse_private_key && c.private_key_file.is_none() {
        anyhow::bail!("--ssh-signing-reuse-private-key requires --private-key-file");
    }
    let password = match (
        c.ssh_signing_password.as_str(),
        c.ssh_signing_passphrase.as_str(),
    ) {
        (p, a) if !p.is_empty() && !a.is_empty() && p != a => anyhow::bail!(
            "--ssh-signing-password and --ssh-signing-passphrase are aliases; do not pass both"
        ),
        ("", a) => a.to_string(),
        (p, _) => p.to_string(),
    };
    if !password.is_empty() && c.ssh_signing_key_file.is_none() {
        anyhow::bail!("--ssh-signing-password requires --ssh-signing-key-file");
    }
    let (signer, what) = match (
        &c.gpg_key_ring,
        &c.ssh_signing_key_file,
        &c.private_key_file,
    ) {
        (Some(ring), _, _) => (
            Signing::Pgp {
                key_ring: read(ring, "--gpg-key-ring")?,
                passphrase: c.gpg_passphrase.clone(),
                key_id: c.gpg_key_id.clone(),
            },
            "invalid GPG signing key",
        ),
        (None, Some(k), _) => (
            Signing::Ssh {
                private_key: std::fs::read_to_string(k)
                    .map_err(|e| anyhow::anyhow!("failed to read SSH signing key file: {e}"))?,
                passphrase: password,
            },
            "invalid SSH signing key",
        ),
        (None, None, Some(k)) if c.ssh_signing_reuse_private_key => (
            Signing::Ssh {
                private_key: std::fs::read_to_string(k).map_err(|e| {
                    anyhow::anyhow!("failed to read transport private key for signing: {e}")
                })?,
                passphrase: transport_password.to_string(),
            },
            "invalid signing key (reused from --private-key-file)",
        ),
        _ => return Ok(None),
    };
    signer
        .sign("probe")
        .map_err(|e| anyhow::anyhow!("{what}: {e}"))?;
    Ok(Some(signer))
}

/// The password of `bootstrap git`: `--password`, else `GIT_PASSWORD`, else (only with
/// `--token-auth`) a prompt, as Flux reads it.
fn git_password(args: &BootstrapGitArgs, token_auth: bool) -> anyhow::Result<String> {
    if let Some(p) = args.password.as_ref().filter(|p| !p.is_empty()) {
        return Ok(p.clone());
    }
    if let Ok(p) = std::env::var("GIT_PASSWORD") {
        if !p.is_empty() {
            return Ok(p);
        }
    }
    if !token_auth {
        return Ok(String::new());
    }
    dialoguer::Password::new()
        .with_prompt("Please enter your Git repository password")
        .interact()
        .map_err(|e| anyhow::anyhow!("could not read token: {e}"))
}

/// The URL the cluster syncs from, as Flux's `bootstrap git` derives it: with token
/// authentication the URL without user (HTTPS unless `--allow-insecure-http`; a non-HTTP
/// URL loses its port); otherwise an `ssh://` URL with the URL's user (or `--username` when
/// it is not `git`) and `--ssh-hostname` as host when set.
fn sync_url(
    url: &url::Url,
    token_auth: bool,
    insecure_http: bool,
    username: &str,
    ssh_hostname: Option<&str>,
) -> String {
    let path = url.path();
    let host = url.host_str().unwrap_or_default();
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    if token_auth {
        let http = matches!(url.scheme(), "http" | "https");
        let scheme = if insecure_http { url.scheme() } else { "https" };
        let port = if http { port } else { String::new() };
        return format!("{scheme}://{host}{port}{path}");
    }
    let user = if url.username().is_empty() || username != "git" {
        username
    } else {
        url.username()
    };
    let hostport = match ssh_hostname.filter(|h| !h.is_empty()) {
        Some(h) => h.to_string(),
        None => format!("{host}{port}"),
    };
    format!("ssh://{user}@{hostport}{path}")
}

impl BootstrapGitArgs {
    /// Validates the flags and builds the bootstrap options: how we push (by the URL's scheme)
    /// and how the cluster syncs (token or SSH key, see [`sync_url`]).
    pub fn to_options(&self, g: &Global) -> anyhow::Result<bootstrap::Options> {
        let c = &self.common;
        // Like Flux's global `git.HostKeyAlgos`: every SSH connection the CLI makes from here.
        crate::git::host_key_algos::set(&c.ssh_hostkey_algos)?;
        let token_auth = c.token_auth || self.with_bearer_token;
        let password = git_password(self, token_auth)?;
        let install = c.components.to_options(&g.namespace)?;
        let signing = signing(c, &password)?;
        let raw = self.url.trim().to_string();
        let parsed = url::Url::parse(&raw).map_err(|e| anyhow::anyhow!("parse {raw:?}: {e}"))?;
        let auth_error = |m: String| {
            anyhow::anyhow!(
                "failed to create authentication options for {}: {m}",
                crate::git::redact_url(&raw)
            )
        };
        match parsed.scheme() {
            "ssh" | "https" => {}
            "http" if self.allow_insecure_http => {}
            "http" => {
                return Err(auth_error(String::from(
                    "scheme http is insecure, pass --allow-insecure-http=true to allow it",
                )))
            }
            other => return Err(auth_error(format!("scheme {other:?} is not supported"))),
        }
        let ca = c
            .ca_file
            .as_ref()
            .map(|p| read(p, "--ca-file"))
            .transpose()?;
        // How we reach the repository from here.
        let mut git_auth = Auth {
            ca_cert: ca.clone(),
            ..Default::default()
        };
        let key_pair = c.private_key_file.as_ref().map(read_key_pair).transpose()?;
        if parsed.scheme() == "ssh" {
            git_auth.username = Some(parsed.username().to_string()).filter(|u| !u.is_empty());
            // `--password` is the key's passphrase for SSH, as in Flux.
            git_auth.passphrase = Some(password.clone()).filter(|p| !p.is_empty());
            match &key_pair {
                Some((private_key, _)) => git_auth.identity = Some(private_key.clone()),
                // Pushes go through the user's agent, as go-git does without a key.
                None => {
                    if std::env::var_os("SSH_AUTH_SOCK").is_none() {
                        anyhow::bail!(
                            "--private-key-file is not set and no SSH agent is running (SSH_AUTH_SOCK is unset): give the key that can push to {raw}"
                        );
                    }
                    git_auth.ssh_agent = true;
                }
            }
            let scanned = crate::git::scan_known_hosts(&raw)?;
            // A host the user already trusts must present the same key.
            if let Some(home) = std::env::var_os("HOME") {
                let file = std::path::Path::new(&home).join(".ssh/known_hosts");
                if let Ok(trusted) = std::fs::read_to_string(&file) {
                    let (host, port) = ssh_host_port(&raw);
                    crate::git::known_hosts::agrees(&trusted, &scanned, &host, port)
                        .map_err(|e| anyhow::anyhow!("{e} ({})", file.display()))?;
                }
            }
            git_auth.known_hosts = Some(scanned);
        } else if self.with_bearer_token {
            git_auth.bearer_token = Some(password.clone()).filter(|p| !p.is_empty());
        } else if !password.is_empty() {
            git_auth.username = Some(self.username.clone());
            git_auth.password = Some(password.clone());
        }
        // How the cluster reads it.
        let auth = match (token_auth, self.with_bearer_token, &key_pair) {
            (true, true, _) => SourceAuth::Bearer(password.clone()),
            (true, false, _) => SourceAuth::Basic {
                username: self.username.clone(),
                password: password.clone(),
            },
            (false, _, Some((private_key, public_key))) => SourceAuth::Ssh {
                private_key: private_key.clone(),
                public_key: public_key.clone(),
                passphrase: Some(password.clone()).filter(|p| !p.is_empty()),
            },
            // An existing Secret's key or a new deploy key (see `git`).
            (false, _, None) => SourceAuth::Default,
        };
        let path = c.path.trim_matches('/').to_string();
        Ok(bootstrap::Options {
            install,
            url: sync_url(
                &parsed,
                token_auth,
                self.allow_insecure_http,
                &self.username,
                c.ssh_hostname.as_deref(),
            ),
            branch: c.branch.clone(),
            path,
            interval: c.interval,
            secret_name: c.secret_name.clone(),
            auth,
            git: CheckoutOptions {
                url: raw,
                auth: git_auth,
                timeout: Some(g.timeout.std()),
                ..Default::default()
            },
            ca,
            ssh_hostname: c.ssh_hostname.clone(),
            author: (c.author_name.clone(), c.author_email.clone()),
            signing,
            pr_branch: None,
            commit_message_appendix: c.commit_message_appendix.clone(),
            recurse_submodules: c.recurse_submodules,
            sparse_checkout: c.sparse_checkout.clone(),
            force: c.force,
            component_health: c.component_health,
            timeout: g.timeout.std(),
        })
    }
}

/// Runs `flux bootstrap git`.
pub async fn git(args: BootstrapGitArgs, g: &Global) -> anyhow::Result<()> {
    if args.common.pull_request {
        anyhow::bail!(
            "--pull-request needs a provider API: use flux bootstrap github, gitlab or gitea"
        );
    }
    let mut opts = args.to_options(g)?;
    let log = g.logger();
    if matches!(opts.auth, SourceAuth::Default) {
        // The cluster reads over SSH with the existing Secret's key or a new deploy key, which
        // the user has to give access to the repository.
        let (private_key, public_key, generated) = provider::existing_or_new_key(
            &g.client().await?,
            &g.namespace,
            &args.common.secret_name,
            key_algorithm(&args.common.ssh)?,
        )
        .await?;
        if generated {
            log.success(format!("public key: {}", public_key.trim()));
            if !args.common.silent {
                super::confirm(
                    "Please give the key access to your repository",
                    false,
                    "--silent",
                )?;
            }
        }
        opts.auth = SourceAuth::Ssh {
            private_key,
            public_key,
            passphrase: None,
        };
    }
    let client = g.client().await?;
    let head = bootstrap::run(client, &opts, &log).await?;
    log.success(format!(
        "bootstrap finished (revision {}@sha1:{head})",
        opts.branch
    ));
    Ok(())
}

/// Flags of `flux bootstrap github`.
#[derive(Debug, clap::Args)]
pub struct BootstrapGitHubArgs {
    #[command(flatten)]
    pub common: BootstrapCommon,
    /// GitHub user or organization name.
    #[arg(long)]
    pub owner: String,
    /// GitHub repository name.
    #[arg(long)]
    pub repository: String,
    /// GitHub team and the access to be given to it (team:maintain). Defaults to maintain access if no access level is specified (also accepts comma-separated values).
    #[arg(long = "team", value_delimiter = ',')]
    pub teams: Vec<String>,
    /// If true, the owner is assumed to be a GitHub user; otherwise an org.
    #[arg(long)]
    pub personal: bool,
    /// If true, the repository is setup or configured as private.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub private: bool,
    /// Provider hostname (GitHub: github.com by default; Gitea: required).
    #[arg(long)]
    pub hostname: Option<String>,
    /// If true, the deploy key is configured with read/write permissions.
    #[arg(long)]
    pub read_write_key: bool,
    /// If true, the configured options are also reconciled if the repository already exists.
    #[arg(long)]
    pub reconcile: bool,
}

/// The provider token: the environment variable, else a prompt.
fn provider_token(var: &str, provider: &str) -> anyhow::Result<String> {
    if let Ok(t) = std::env::var(var) {
        if !t.is_empty() {
            return Ok(t);
        }
    }
    dialoguer::Password::new()
        .with_prompt(format!(
            "Please enter your {provider} personal access token (PAT)"
        ))
        .interact()
        .map_err(|e| anyhow::anyhow!("{var} is not set and the token prompt failed: {e}"))
}

/// Runs `flux bootstrap github`.
pub async fn github(args: BootstrapGitHubArgs, g: &Global) -> anyhow::Result<()> {
    github_like(args, g, false).await
}

/// Runs `flux bootstrap gitea` (Gitea's API mirrors GitHub's for what bootstrap uses).
pub async fn gitea(args: BootstrapGitHubArgs, g: &Global) -> anyhow::Result<()> {
    github_like(args, g, true).await
}

async fn github_like(args: BootstrapGitHubArgs, g: &Global, is_gitea: bool) -> anyhow::Result<()> {
    let log = g.logger();
    let token = if is_gitea {
        provider_token(bootstrap::gitea::TOKEN_ENV, "Gitea")?
    } else {
        provider_token("GITHUB_TOKEN", "GitHub")?
    };
    let hostname = match (&args.hostname, is_gitea) {
        (Some(h), _) => h.clone(),
        (None, false) => String::from("github.com"),
        (None, true) => anyhow::bail!("--hostname is required for Gitea"),
    };
    let c = &args.common;
    let ca = c
        .ca_file
        .as_ref()
        .map(|p| read(p, "--ca-file"))
        .transpose()?;
    let gh = if is_gitea {
        bootstrap::github::GitHub::gitea(&hostname, &token, ca.as_deref())?
    } else {
        bootstrap::github::GitHub::new(&hostname, &token, ca.as_deref())?
    };
    log.action(format!("connecting to {hostname}"));
    let repo = gh
        .ensure_repo(&args.owner, &args.repository, args.personal, args.private)
        .await?;
    if repo.created {
        log.success(format!("repository \"{}\" created", repo.clone_url));
    } else {
        log.success(format!("repository \"{}\" found", repo.clone_url));
        if args.reconcile {
            gh.reconcile_repo(&args.owner, &args.repository, args.private)
                .await?;
            log.success("reconciled repository settings");
        }
    }
    if !args.personal {
        for t in &args.teams {
            let (slug, perm) = t.split_once(':').unwrap_or((t.as_str(), "maintain"));
            gh.grant_team(&args.owner, slug, &args.owner, &args.repository, perm)
                .await?;
            log.success(format!("reconciled team \"{slug}\" ({perm})"));
        }
    }
    let access = if args.common.token_auth {
        AccessFlag::Token
    } else {
        AccessFlag::DeployKey
    };
    let provider = GitHubRepo {
        gh,
        owner: args.owner.clone(),
        name: args.repository.clone(),
        read_only: !args.read_write_key,
    };
    run_provider(g, c, &repo, &token, access, &provider).await
}

/// How the cluster reads a provider repository: the token, a deploy token, or a deploy key
/// (`--private-key-file`, the existing Secret's, or a new one).
enum AccessFlag {
    Token,
    DeployToken(String, String),
    DeployKey,
}

/// Flags → bootstrap options for a provider repository (HTTPS with the token), then the
/// library's provider flow.
async fn run_provider(
    g: &Global,
    c: &BootstrapCommon,
    repo: &bootstrap::github::Repo,
    token: &str,
    access: AccessFlag,
    provider: &impl Provider,
) -> anyhow::Result<()> {
    let log = g.logger();
    let mut opts = BootstrapGitArgs {
        common: BootstrapCommon {
            private_key_file: None,
            // Flux signs with the transport key only in `bootstrap git`.
            ssh_signing_reuse_private_key: false,
            // Our pushes use the token over HTTPS; `access` decides what the cluster uses.
            token_auth: true,
            ..c.clone()
        },
        url: repo.clone_url.clone(),
        username: provider.git_username(),
        password: Some(token.to_string()),
        with_bearer_token: false,
        allow_insecure_http: false,
    }
    .to_options(g)?;
    if c.pull_request {
        opts.pr_branch = Some(format!("flux-bootstrap-{}", opts.install.namespace));
    }
    let client = g.client().await?;
    let access = match access {
        AccessFlag::Token => Access::Token,
        AccessFlag::DeployToken(user, secret) => Access::DeployToken(user, secret),
        AccessFlag::DeployKey => {
            let (private_key, public_key) = match &c.private_key_file {
                Some(p) => read_key_pair(p)?,
                None => {
                    let (private_key, public_key, _) = provider::existing_or_new_key(
                        &client,
                        &g.namespace,
                        &c.secret_name,
                        key_algorithm(&c.ssh)?,
                    )
                    .await?;
                    (private_key, public_key)
                }
            };
            Access::DeployKey(private_key, public_key)
        }
    };
    let head = provider::run(
        client,
        opts.clone(),
        &repo.clone_url,
        &repo.ssh_url,
        token,
        access,
        provider,
        &log,
    )
    .await?;
    log.success(format!(
        "bootstrap finished (revision {}@sha1:{head})",
        opts.branch
    ));
    Ok(())
}

fn key_algorithm(
    ssh: &super::create::SshKeyFlags,
) -> anyhow::Result<crate::git::keys::KeyAlgorithm> {
    Ok(crate::git::keys::KeyAlgorithm::from_flags(
        &ssh.ssh_key_algorithm,
        &ssh.ssh_ecdsa_curve,
        ssh.ssh_rsa_bits,
    )?)
}

/// Flags of `flux bootstrap gitlab`.
#[derive(Debug, clap::Args)]
pub struct BootstrapGitLabArgs {
    #[command(flatten)]
    pub common: BootstrapCommon,
    /// GitLab user or group name (subgroups as group/sub).
    #[arg(long)]
    pub owner: String,
    /// GitLab repository name.
    #[arg(long)]
    pub repository: String,
    /// If true, the owner is assumed to be a GitLab user; otherwise a group.
    #[arg(long)]
    pub personal: bool,
    /// GitLab groups to be given maintainer access (also accepts comma-separated values).
    #[arg(long = "team", value_delimiter = ',')]
    pub teams: Vec<String>,
    /// Specifies the visibility of the repository: private, internal or public.
    #[arg(long, default_value = "private", value_parser = ["private", "internal", "public"])]
    pub visibility: String,
    /// GitLab hostname.
    #[arg(long, default_value = "gitlab.com")]
    pub hostname: String,
    /// If true, the deploy key is configured with read/write permissions.
    #[arg(long)]
    pub read_write_key: bool,
    /// When enabled, a project deploy token is generated and used instead of the SSH deploy key.
    #[arg(long)]
    pub deploy_token_auth: bool,
    /// If true, the configured options are also reconciled if the repository already exists.
    #[arg(long)]
    pub reconcile: bool,
}

/// Runs `flux bootstrap gitlab`.
pub async fn gitlab(args: BootstrapGitLabArgs, g: &Global) -> anyhow::Result<()> {
    let log = g.logger();
    if args.common.token_auth && args.deploy_token_auth {
        anyhow::bail!("--token-auth and --deploy-token-auth exclude each other");
    }
    let token = provider_token("GITLAB_TOKEN", "GitLab")?;
    let c = &args.common;
    let ca = c
        .ca_file
        .as_ref()
        .map(|p| read(p, "--ca-file"))
        .transpose()?;
    let gl = bootstrap::gitlab::GitLab::new(&args.hostname, &token, ca.as_deref())?;
    log.action(format!("connecting to {}", args.hostname));
    let (id, repo) = gl
        .ensure_project(
            &args.owner,
            &args.repository,
            args.personal,
            &args.visibility,
        )
        .await?;
    log.success(format!(
        "repository \"{}\" {}",
        repo.clone_url,
        if repo.created { "created" } else { "found" }
    ));
    for team in &args.teams {
        gl.share_with_group(id, team, 40).await?;
        log.success(format!("reconciled team \"{team}\" (maintainer)"));
    }
    if args.reconcile && !repo.created {
        gl.reconcile_project(id, &args.visibility).await?;
        log.success("reconciled repository settings");
    }
    let access = if args.common.token_auth {
        AccessFlag::Token
    } else if args.deploy_token_auth {
        let (user, secret) = gl
            .create_deploy_token(id, &format!("{}-{}", g.namespace, c.secret_name))
            .await?;
        log.success("created a project deploy token");
        AccessFlag::DeployToken(user, secret)
    } else {
        AccessFlag::DeployKey
    };
    let provider = GitLabProject {
        gl,
        id,
        read_only: !args.read_write_key,
    };
    run_provider(g, c, &repo, &token, access, &provider).await
}

/// Flags of `flux bootstrap bitbucket-server`.
#[derive(Debug, clap::Args)]
pub struct BootstrapBitbucketServerArgs {
    #[command(flatten)]
    pub common: BootstrapCommon,
    /// Bitbucket Server user or project name.
    #[arg(long)]
    pub owner: String,
    /// Bitbucket Server repository name.
    #[arg(long)]
    pub repository: String,
    /// Bitbucket Server groups to be given write access (also accepts comma-separated values).
    #[arg(long = "group", value_delimiter = ',')]
    pub groups: Vec<String>,
    /// If true, the owner is assumed to be a Bitbucket Server user; otherwise a group.
    #[arg(long)]
    pub personal: bool,
    /// Authentication username.
    #[arg(short = 'u', long, default_value = "git")]
    pub username: String,
    /// If true, the repository is setup or configured as private.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub private: bool,
    /// Bitbucket Server hostname.
    #[arg(long, default_value = "")]
    pub hostname: String,
    /// If true, the deploy key is configured with read/write permissions.
    #[arg(long)]
    pub read_write_key: bool,
    /// If true, the configured options are also reconciled if the repository already exists.
    #[arg(long)]
    pub reconcile: bool,
}

/// Runs `flux bootstrap bitbucket-server`.
pub async fn bitbucket_server(
    args: BootstrapBitbucketServerArgs,
    g: &Global,
) -> anyhow::Result<()> {
    let log = g.logger();
    let token = provider_token("BITBUCKET_TOKEN", "Bitbucket")?;
    if args.hostname.is_empty() {
        anyhow::bail!("invalid hostname {:?}", args.hostname);
    }
    let c = &args.common;
    if c.pull_request {
        anyhow::bail!(
            "--pull-request needs a provider API for pull requests: use flux bootstrap github, gitlab or gitea"
        );
    }
    let ca = c
        .ca_file
        .as_ref()
        .map(|p| read(p, "--ca-file"))
        .transpose()?;
    let bb = bootstrap::bitbucket::BitbucketServer::new(&args.hostname, &token, ca.as_deref())?;
    let reference =
        bootstrap::bitbucket::RepoRef::new(&args.owner, &args.repository, args.personal);
    log.action(format!("connecting to {}", args.hostname));
    let repo = bb.ensure_repo(&reference, args.private, &c.branch).await?;
    if repo.created {
        log.success(format!("repository \"{}\" created", repo.clone_url));
    } else {
        log.success(format!("repository \"{}\" found", repo.clone_url));
        if args.reconcile {
            bb.reconcile_repo(&reference, args.private).await?;
            log.success("reconciled repository settings");
        }
    }
    if !args.personal && !args.groups.is_empty() {
        log.action("reconciling repository permissions");
        for group in &args.groups {
            match bb.grant_group(&reference, group).await {
                Ok(()) => log.success(format!("granted \"push\" permissions to \"{group}\"")),
                // As Flux: one group that cannot be granted is reported, the others go on.
                Err(e) => log.failure(format!(
                    "failed to grant \"push\" permissions to \"{group}\": {e}"
                )),
            }
        }
        log.success("reconciled repository permissions");
    }
    let access = if c.token_auth {
        AccessFlag::Token
    } else {
        AccessFlag::DeployKey
    };
    let provider = BitbucketServerRepo {
        bb,
        repo: reference,
        read_only: !args.read_write_key,
        user: if args.personal {
            args.owner.clone()
        } else {
            args.username.clone()
        },
    };
    run_provider(g, c, &repo, &token, access, &provider).await
}

#[cfg(test)]
mod tests {
    use super::sync_url;

    fn u(s: &str) -> url::Url {
        url::Url::parse(s).unwrap()
    }

    #[test]
    fn token_auth_syncs_over_https_without_the_user() {
        let url = u("https://me@git.example.com:8443/org/fleet.git");
        assert_eq!(
            sync_url(&url, true, false, "git", None),
            "https://git.example.com:8443/org/fleet.git"
        );
        // An SSH URL with token authentication becomes HTTPS on the default port.
        let url = u("ssh://git@git.example.com:2222/org/fleet.git");
        assert_eq!(
            sync_url(&url, true, false, "git", None),
            "https://git.example.com/org/fleet.git"
        );
        // --allow-insecure-http keeps plain HTTP.
        let url = u("http://127.0.0.1:3000/fleet.git");
        assert_eq!(
            sync_url(&url, true, true, "flux", None),
            "http://127.0.0.1:3000/fleet.git"
        );
    }

    #[test]
    fn without_token_auth_the_cluster_syncs_over_ssh_as_flux_derives_it() {
        // An HTTPS URL becomes ssh:// with the default user and the same host and port.
        let url = u("https://git.example.com/org/fleet.git");
        assert_eq!(
            sync_url(&url, false, false, "git", None),
            "ssh://git@git.example.com/org/fleet.git"
        );
        // The URL's user is kept unless --username is not git; --ssh-hostname replaces the host.
        let url = u("ssh://deploy@git.example.com/org/fleet.git");
        assert_eq!(
            sync_url(&url, false, false, "git", Some("ssh.example.com:2222")),
            "ssh://deploy@ssh.example.com:2222/org/fleet.git"
        );
        assert_eq!(
            sync_url(&url, false, false, "other", None),
            "ssh://other@git.example.com/org/fleet.git"
        );
    }
}
