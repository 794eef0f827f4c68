//! Git: resolving a GitRepository reference against a remote and checking it out.
//!
//! Owns fetching with Flux's reference precedence (commit > name > semver > tag > branch,
//! default branch `master`), shallow fetches for branch and tag refs, credentials (basic auth,
//! bearer token, SSH key), strict host key verification against `known_hosts`, proxies,
//! sparse checkout, submodules, and Flux's revision strings (`main@sha1:<hex>`). Errors never
//! contain credential values. Blocking code: callers run it on a blocking thread.

pub mod githubapp;
pub mod host_key_algos;
pub mod keys;
pub mod known_hosts;
pub mod sign;
pub mod verify;
pub mod workspace;

use std::cell::Cell;
use std::path::Path;
use std::time::Instant;

use git2::{
    build::CheckoutBuilder, AutotagOption, CertificateCheckStatus, Cred, CredentialType, Direction,
    FetchOptions, ProxyOptions, RemoteCallbacks, Repository,
};

use crate::api::source::GitRepositoryRef;
use crate::masterminds::Constraint;

/// Errors of Git operations. Messages name the URL or reference, never a secret.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The remote refused the credentials (or none were given).
    #[error("authentication failed for {url}: {message}")]
    Auth {
        /// The repository URL.
        url: String,
        /// What the server or client said.
        message: String,
    },
    /// The HTTPS server certificate is not signed by the given CA (or names another host).
    #[error("TLS certificate verification failed for {host}: {message}")]
    Tls {
        /// The host.
        host: String,
        /// Why.
        message: String,
    },
    /// The SSH host key is not in known_hosts (or differs).
    #[error("host key verification failed for {host}: the key is not in known_hosts")]
    HostKey {
        /// The host.
        host: String,
    },
    /// The requested reference does not exist on the remote.
    #[error("{what} not found in {url}")]
    RefNotFound {
        /// The reference.
        what: String,
        /// The repository URL.
        url: String,
    },
    /// The semver expression is invalid.
    #[error(transparent)]
    Semver(#[from] crate::masterminds::Error),
    /// A signature could not be verified.
    #[error(transparent)]
    Verification(#[from] verify::Error),
    /// The operation ran out of time.
    #[error("git operation on {url} timed out after {secs}s")]
    Timeout {
        /// The repository URL.
        url: String,
        /// The timeout.
        secs: u64,
    },
    /// Any other Git failure.
    #[error("{op} {url}: {message}")]
    Git {
        /// The operation.
        op: &'static str,
        /// The repository URL.
        url: String,
        /// The message.
        message: String,
    },
}

/// Result alias for this module.
pub type Result<T> = std::result::Result<T, Error>;

/// Credentials from a GitRepository's `secretRef`.
#[derive(Clone, Default)]
pub struct Auth {
    /// `username` (defaults to `git` for SSH).
    pub username: Option<String>,
    /// `password`.
    pub password: Option<String>,
    /// `bearerToken`.
    pub bearer_token: Option<String>,
    /// `identity`: PEM/OpenSSH private key.
    pub identity: Option<String>,
    /// `identity.pub`.
    pub identity_pub: Option<String>,
    /// `known_hosts`.
    pub known_hosts: Option<String>,
    /// `password` doubles as the key passphrase for SSH, as in Flux.
    pub passphrase: Option<String>,
    /// `ca.crt`: PEM CA certificate(s) trusted for HTTPS instead of the system roots.
    pub ca_cert: Option<String>,
    /// Without an `identity`, authenticate SSH through the user's agent (`SSH_AUTH_SOCK`).
    /// Only the CLI sets this (bootstrap pushes); controllers never use an agent.
    pub ssh_agent: bool,
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print secret values.
        f.debug_struct("Auth")
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field(
                "bearer_token",
                &self.bearer_token.as_ref().map(|_| "<redacted>"),
            )
            .field("identity", &self.identity.as_ref().map(|_| "<redacted>"))
            .field("known_hosts", &self.known_hosts.is_some())
            .field("ca_cert", &self.ca_cert.is_some())
            .field("ssh_agent", &self.ssh_agent)
            .finish()
    }
}

/// Everything a checkout needs.
#[derive(Clone, Debug, Default)]
pub struct CheckoutOptions {
    /// The repository URL (`http(s)://` or `ssh://`).
    pub url: String,
    /// The reference to check out.
    pub reference: GitRepositoryRef,
    /// Credentials.
    pub auth: Auth,
    /// Proxy URL (with credentials) from `proxySecretRef`.
    pub proxy: Option<String>,
    /// Give up after this long.
    pub timeout: Option<std::time::Duration>,
    /// Check out submodules too.
    pub recurse_submodules: bool,
    /// Only these directories.
    pub sparse_checkout: Vec<String>,
    /// Signature verification: the mode and the trusted keys Secret's data.
    pub verify: Option<(verify::Mode, std::collections::BTreeMap<String, String>)>,
    /// Fetch the whole history of the reference instead of its last commit (to commit and
    /// push on top of it).
    pub full_history: bool,
}

/// What was checked out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkout {
    /// The commit SHA (hex).
    pub commit: String,
    /// Flux's revision string: `<branch|tag|ref>@sha1:<hex>` or `sha1:<hex>`.
    pub revision: String,
    /// The commit's summary line (empty when only resolved remotely).
    pub message: String,
    /// What verification established, e.g. `commit 'abc' with key 'FPR'`.
    pub verified: Option<String>,
}

/// How a reference resolves, before fetching.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Target {
    Branch(String),
    Tag(String),
    Semver(String),
    Name(String),
    Commit {
        commit: String,
        branch: Option<String>,
    },
}

fn target(r: &GitRepositoryRef) -> Target {
    let nonempty = |o: &Option<String>| o.as_ref().filter(|s| !s.is_empty()).cloned();
    if let Some(commit) = nonempty(&r.commit) {
        return Target::Commit {
            commit,
            branch: nonempty(&r.branch),
        };
    }
    if let Some(name) = nonempty(&r.name) {
        return Target::Name(name);
    }
    if let Some(semver) = nonempty(&r.semver) {
        return Target::Semver(semver);
    }
    if let Some(tag) = nonempty(&r.tag) {
        return Target::Tag(tag);
    }
    Target::Branch(nonempty(&r.branch).unwrap_or_else(|| "master".into()))
}

/// Flux's revision string for a target and commit.
fn revision(t: &Target, tag_for_semver: Option<&str>, commit: &str) -> String {
    match t {
        Target::Branch(b) => format!("{b}@sha1:{commit}"),
        Target::Tag(tag) => format!("{tag}@sha1:{commit}"),
        Target::Semver(_) => format!("{}@sha1:{commit}", tag_for_semver.unwrap_or_default()),
        Target::Name(n) => format!("{n}@sha1:{commit}"),
        Target::Commit {
            branch: Some(b), ..
        } => format!("{b}@sha1:{commit}"),
        Target::Commit { branch: None, .. } => format!("sha1:{commit}"),
    }
}

struct Session<'a> {
    opts: &'a CheckoutOptions,
    deadline: Option<Instant>,
    timed_out: Cell<bool>,
    auth_attempts: Cell<u32>,
    host_key_rejected: Cell<Option<String>>,
    tls_rejected: Cell<Option<(String, String)>>,
}

/// How long libgit2 waits to connect, and for any one read or write on a connection.
const CONNECT_TIMEOUT_MS: i32 = 30_000;
const IO_TIMEOUT_MS: i32 = 60_000;

/// Sets libgit2's process-wide socket timeouts (connect, and every read or write, for HTTP(S)
/// and SSH alike) before our first libgit2 network operation: without them a server that
/// accepts the connection and never answers blocks a thread forever. Callers bound the whole
/// operation by their own timeout; these free the thread afterwards.
#[allow(unsafe_code)]
pub(crate) fn socket_timeouts() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: `git_libgit2_opts` stores two process-wide integers that libgit2 reads when
        // it opens a socket. Every libgit2 network operation of this crate starts with a
        // `Session` or a host-key scan, both of which pass through this `Once` first, so no
        // socket is being opened while they are written. git2 marks the setters unsafe for
        // exactly that reason; the values are in range, so the calls cannot fail.
        unsafe {
            let _ = git2::opts::set_server_connect_timeout_in_milliseconds(CONNECT_TIMEOUT_MS);
            let _ = git2::opts::set_server_timeout_in_milliseconds(IO_TIMEOUT_MS);
        }
    });
}

impl<'a> Session<'a> {
    fn new(opts: &'a CheckoutOptions) -> Self {
        socket_timeouts();
        Session {
            opts,
            deadline: opts.timeout.map(|t| Instant::now() + t),
            timed_out: Cell::new(false),
            auth_attempts: Cell::new(0),
            host_key_rejected: Cell::new(None),
            tls_rejected: Cell::new(None),
        }
    }

    fn expired(&self) -> bool {
        let late = self.deadline.is_some_and(|d| Instant::now() > d);
        if late {
            self.timed_out.set(true);
        }
        late
    }

    fn callbacks(&self) -> RemoteCallbacks<'_> {
        let mut cb = RemoteCallbacks::new();
        let auth = &self.opts.auth;
        // Counted per connection: a second request for credentials means the first were
        // rejected (libgit2 would otherwise ask forever).
        let mut attempts = 0u32;
        cb.credentials(move |_url, user_from_url, allowed| {
            attempts += 1;
            self.auth_attempts
                .set(self.auth_attempts.get().max(attempts));
            if attempts > 1 {
                return Err(git2::Error::from_str("credentials rejected"));
            }
            if allowed.contains(CredentialType::SSH_KEY) {
                let user = auth.username.as_deref().or(user_from_url).unwrap_or("git");
                let Some(key) = auth.identity.as_deref() else {
                    if auth.ssh_agent {
                        return Cred::ssh_key_from_agent(user);
                    }
                    return Err(git2::Error::from_str("no SSH identity in the secret"));
                };
                return Cred::ssh_key_from_memory(
                    user,
                    auth.identity_pub.as_deref(),
                    key,
                    auth.passphrase.as_deref(),
                );
            }
            if allowed.contains(CredentialType::USER_PASS_PLAINTEXT) {
                if let (Some(u), Some(p)) = (auth.username.as_deref(), auth.password.as_deref()) {
                    return Cred::userpass_plaintext(u, p);
                }
                return Err(git2::Error::from_str("no username/password in the secret"));
            }
            if allowed.contains(CredentialType::USERNAME) {
                return Cred::username(auth.username.as_deref().unwrap_or("git"));
            }
            Err(git2::Error::from_str("no usable credentials"))
        });
        cb.certificate_check(move |cert, host| {
            let Some(hostkey) = cert.as_hostkey() else {
                // TLS: with a ca.crt the chain is verified here against that CA only; without
                // one libgit2 verifies against the system roots.
                let (Some(ca), Some(x509)) = (self.opts.auth.ca_cert.as_deref(), cert.as_x509())
                else {
                    return Ok(CertificateCheckStatus::CertificatePassthrough);
                };
                return match verify_tls(ca, x509.data(), host) {
                    Ok(()) => Ok(CertificateCheckStatus::CertificateOk),
                    Err(message) => {
                        self.tls_rejected.set(Some((host.to_string(), message)));
                        Err(git2::Error::from_str("certificate not trusted"))
                    }
                };
            };
            let port = ssh_port(&self.opts.url);
            let entries = known_hosts::parse(self.opts.auth.known_hosts.as_deref().unwrap_or(""));
            match hostkey.hostkey() {
                Some(key) if known_hosts::verify(&entries, host, port, key) => {
                    Ok(CertificateCheckStatus::CertificateOk)
                }
                _ => {
                    self.host_key_rejected.set(Some(host.to_string()));
                    Err(git2::Error::from_str("host key not in known_hosts"))
                }
            }
        });
        cb.transfer_progress(move |_| !self.expired());
        cb.sideband_progress(move |_| !self.expired());
        cb
    }

    fn fetch_options(&self) -> FetchOptions<'_> {
        let mut fo = FetchOptions::new();
        fo.remote_callbacks(self.callbacks());
        fo.download_tags(AutotagOption::None);
        if let Some(proxy) = &self.opts.proxy {
            let mut po = ProxyOptions::new();
            po.url(proxy);
            fo.proxy_options(po);
        }
        fo
    }

    fn headers(&self) -> Vec<String> {
        self.opts
            .auth
            .bearer_token
            .as_ref()
            .map(|t| vec![format!("Authorization: Bearer {t}")])
            .unwrap_or_default()
    }

    /// Maps a libgit2 error to what happened, without leaking credentials.
    fn classify(&self, op: &'static str, e: git2::Error) -> Error {
        let url = redact_url(&self.opts.url);
        if self.timed_out.get() || self.expired() {
            return Error::Timeout {
                url,
                secs: self.opts.timeout.map(|t| t.as_secs()).unwrap_or(0),
            };
        }
        if let Some(host) = self.host_key_rejected.take() {
            return Error::HostKey { host };
        }
        if let Some((host, message)) = self.tls_rejected.take() {
            return Error::Tls { host, message };
        }
        let mut message = scrub(e.message(), &self.opts.auth);
        if let Some(proxy) = &self.opts.proxy {
            message = message.replace(proxy.as_str(), &redact_url(proxy));
            if let Some(pass) = proxy
                .split_once("://")
                .and_then(|(_, rest)| rest.split_once('@'))
                .and_then(|(userinfo, _)| userinfo.split_once(':'))
                .map(|(_, p)| p)
                .filter(|p| p.len() >= 3)
            {
                message = message.replace(pass, "<redacted>");
            }
        }
        if e.class() == git2::ErrorClass::Http
            && (message.contains("401") || message.contains("auth"))
            || e.code() == git2::ErrorCode::Auth
            || self.auth_attempts.get() > 1
        {
            return Error::Auth { url, message };
        }
        Error::Git { op, url, message }
    }

    /// Lists remote references (name -> commit, tags peeled).
    fn ls_remote(&self) -> Result<Vec<(String, String)>> {
        let tmp = tempfile::tempdir().map_err(|e| Error::Git {
            op: "ls-remote",
            url: redact_url(&self.opts.url),
            message: e.to_string(),
        })?;
        let repo = Repository::init_bare(tmp.path()).map_err(|e| self.classify("ls-remote", e))?;
        let mut remote = repo
            .remote_anonymous(&self.opts.url)
            .map_err(|e| self.classify("ls-remote", e))?;
        let headers = self.headers();
        let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
        let mut proxy = ProxyOptions::new();
        if let Some(p) = &self.opts.proxy {
            proxy.url(p);
        }
        let conn = remote
            .connect_auth(Direction::Fetch, Some(self.callbacks()), Some(proxy))
            .map_err(|e| self.classify("ls-remote", e));
        // Headers are only settable on fetch; a token-only remote is checked by the fetch.
        let _ = header_refs;
        let conn = conn?;
        let list = conn.list().map_err(|e| self.classify("ls-remote", e))?;
        let mut refs: Vec<(String, String)> = Vec::new();
        for head in list {
            let name = head.name().to_string();
            let oid = head.oid().to_string();
            if let Some(base) = name.strip_suffix("^{}") {
                refs.retain(|(n, _)| n != base);
                refs.push((base.to_string(), oid));
            } else if !refs.iter().any(|(n, _)| n == &name) {
                refs.push((name, oid));
            }
        }
        Ok(refs)
    }
}

fn ssh_port(url: &str) -> u16 {
    url.strip_prefix("ssh://")
        .and_then(|rest| rest.split('/').next())
        .and_then(|authority| {
            authority
                .rsplit_once('@')
                .map_or(Some(authority), |(_, h)| Some(h))
        })
        .and_then(|hostport| {
            if hostport.starts_with('[') {
                hostport.rsplit_once("]:").and_then(|(_, p)| p.parse().ok())
            } else {
                hostport.rsplit_once(':').and_then(|(_, p)| p.parse().ok())
            }
        })
        .unwrap_or(22)
}

/// Verifies a DER server certificate against the PEM CA certificates for `host`.
fn verify_tls(ca_pem: &str, leaf_der: &[u8], host: &str) -> std::result::Result<(), String> {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
    let cas: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(ca_pem.as_bytes())
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| format!("invalid ca.crt: {e}"))?;
    if cas.is_empty() {
        return Err("ca.crt holds no certificate".into());
    }
    let anchors: Vec<_> = cas
        .iter()
        .map(webpki::anchor_from_trusted_cert)
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| format!("invalid ca.crt: {e}"))?;
    let leaf = CertificateDer::from(leaf_der);
    let ee = webpki::EndEntityCert::try_from(&leaf).map_err(|e| e.to_string())?;
    ee.verify_for_usage(
        webpki::ALL_VERIFICATION_ALGS,
        &anchors,
        &[],
        UnixTime::now(),
        webpki::KeyUsage::server_auth(),
        None,
        None,
    )
    .map_err(|e| format!("certificate not signed by the ca.crt: {e}"))?;
    let name = ServerName::try_from(host.to_string()).map_err(|e| e.to_string())?;
    ee.verify_is_valid_for_subject_name(&name)
        .map_err(|e| format!("certificate is not valid for {host}: {e}"))
}

/// The host of an `ssh://` URL (without brackets or port).
fn ssh_host(url: &str) -> Option<String> {
    url.strip_prefix("ssh://")
        .and_then(|r| r.split('/').next())
        .map(|a| a.rsplit_once('@').map_or(a, |(_, h)| h))
        .map(|h| h.trim_start_matches('[').split(']').next().unwrap_or(h))
        .map(|h| h.rsplit_once(':').map_or(h, |(host, _)| host).to_string())
}

/// Steers the next connection to `url` to the host key algorithms set with
/// [`host_key_algos::set`] (nothing when none are).
fn steer(url: &str) -> Result<()> {
    host_key_algos::prepare(url, scan_host_key)
}

/// Connects to the SSH server of `url` and returns its host key as a `known_hosts` line
/// (`host keytype base64` or `[host]:port ...`). Nothing is authenticated or fetched. The key
/// is the one this process's connections negotiate (see [`host_key_algos`]).
pub fn scan_known_hosts(url: &str) -> Result<String> {
    steer(url)?;
    scan_host_key(url)
}

/// [`scan_known_hosts`] with libgit2's default host key preference, whatever
/// `--ssh-hostkey-algos` says: the `known_hosts` Flux writes into the cluster's Secret is
/// scanned with the SSH library's defaults.
pub fn scan_known_hosts_default(url: &str) -> Result<String> {
    host_key_algos::unsteered(|| scan_host_key(url))
}

fn scan_host_key(url: &str) -> Result<String> {
    use base64::Engine;
    let host = ssh_host(url).ok_or_else(|| Error::Git {
        op: "scan host key",
        url: redact_url(url),
        message: "not an ssh:// URL".into(),
    })?;
    let port = ssh_port(url);
    socket_timeouts();
    let found: std::cell::RefCell<Option<String>> = std::cell::RefCell::new(None);
    let connected: Option<git2::Error>;
    {
        let tmp = tempfile::tempdir().map_err(|e| Error::Git {
            op: "scan host key",
            url: redact_url(url),
            message: e.to_string(),
        })?;
        let repo = Repository::init_bare(tmp.path()).map_err(|e| Error::Git {
            op: "scan host key",
            url: redact_url(url),
            message: e.message().to_string(),
        })?;
        let mut remote = repo.remote_anonymous(url).map_err(|e| Error::Git {
            op: "scan host key",
            url: redact_url(url),
            message: e.message().to_string(),
        })?;
        let mut cb = RemoteCallbacks::new();
        cb.certificate_check(|cert, _| {
            if let Some(hk) = cert.as_hostkey() {
                if let (Some(key), Some(kind)) = (hk.hostkey(), hk.hostkey_type()) {
                    let b64 = base64::engine::general_purpose::STANDARD.encode(key);
                    *found.borrow_mut() = Some(format!(
                        "{} {} {b64}",
                        known_hosts::host_pattern(&host, port),
                        kind.name()
                    ));
                }
            }
            Err(git2::Error::from_str("host key recorded"))
        });
        connected = remote.connect_auth(Direction::Fetch, Some(cb), None).err();
    }
    found
        .into_inner()
        .map(|l| l + "\n")
        .ok_or_else(|| Error::Git {
            op: "scan host key",
            url: redact_url(url),
            // Why no key was seen: the connection's own error (refused, unreachable, timed out)
            // when there is one.
            message: match connected {
                Some(e) if !e.message().contains("host key recorded") => e.message().to_string(),
                _ => "the server presented no SSH host key".into(),
            },
        })
}

/// Removes user info from a URL for messages.
pub fn redact_url(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('/') {
            Some((authority, path)) => {
                let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
                format!("{scheme}://{host}/{path}")
            }
            None => format!(
                "{scheme}://{}",
                rest.rsplit_once('@').map_or(rest, |(_, h)| h)
            ),
        },
        None => url.to_string(),
    }
}

/// Removes any credential value that a library message might echo.
fn scrub(message: &str, auth: &Auth) -> String {
    let mut out = message.to_string();
    for secret in [&auth.password, &auth.bearer_token, &auth.passphrase]
        .into_iter()
        .flatten()
        .filter(|s| s.len() >= 3)
    {
        out = out.replace(secret.as_str(), "<redacted>");
    }
    out
}

/// Resolves the reference against the remote without cloning: the commit the checkout would
/// produce, and its revision string. Used to skip work when nothing changed. Returns `None`
/// for plain commit references (nothing to resolve).
pub fn resolve_remote(opts: &CheckoutOptions) -> Result<Option<Checkout>> {
    reject_nul(opts)?;
    steer(&opts.url)?;
    let s = Session::new(opts);
    let t = target(&opts.reference);
    let url = redact_url(&opts.url);
    // git2 cannot send custom headers on ls-remote, so token-authenticated remotes are
    // always fetched.
    if opts.auth.bearer_token.is_some() {
        return Ok(None);
    }
    let refs = match &t {
        Target::Commit { .. } => return Ok(None),
        _ => s.ls_remote()?,
    };
    let find = |name: &str| refs.iter().find(|(n, _)| n == name).map(|(_, o)| o.clone());
    let (commit, tag) = match &t {
        Target::Branch(b) => (
            find(&format!("refs/heads/{b}")).ok_or_else(|| Error::RefNotFound {
                what: format!("branch '{b}'"),
                url: url.clone(),
            })?,
            None,
        ),
        Target::Tag(tag) => (
            find(&format!("refs/tags/{tag}")).ok_or_else(|| Error::RefNotFound {
                what: format!("tag '{tag}'"),
                url: url.clone(),
            })?,
            None,
        ),
        Target::Name(n) => (
            find(n).ok_or_else(|| Error::RefNotFound {
                what: format!("ref '{n}'"),
                url: url.clone(),
            })?,
            None,
        ),
        Target::Semver(expr) => {
            let c = Constraint::parse(expr)?;
            let tags: Vec<&str> = refs
                .iter()
                .filter_map(|(n, _)| n.strip_prefix("refs/tags/"))
                .collect();
            let (tag, _) = c.best(tags).ok_or_else(|| Error::RefNotFound {
                what: format!("no tag matching semver '{expr}'"),
                url: url.clone(),
            })?;
            (
                find(&format!("refs/tags/{tag}")).unwrap_or_default(),
                Some(tag.to_string()),
            )
        }
        Target::Commit { .. } => unreachable!("handled above"),
    };
    Ok(Some(Checkout {
        revision: revision(&t, tag.as_deref(), &commit),
        commit,
        message: String::new(),
        verified: None,
    }))
}

/// Fetches and checks out the reference into `dest` (an empty or missing directory).
pub fn checkout(opts: &CheckoutOptions, dest: &Path) -> Result<Checkout> {
    reject_nul(opts)?;
    steer(&opts.url)?;
    let s = Session::new(opts);
    let url = redact_url(&opts.url);
    let t = target(&opts.reference);
    let repo = Repository::init(dest).map_err(|e| s.classify("init", e))?;
    let mut remote = repo
        .remote_anonymous(&opts.url)
        .map_err(|e| s.classify("fetch", e))?;
    let headers = s.headers();
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();

    let mut semver_tag = None;
    let (refspecs, depth, local): (Vec<String>, i32, String) = match &t {
        Target::Branch(b) => (
            vec![format!("+refs/heads/{b}:refs/remotes/origin/{b}")],
            1,
            format!("refs/remotes/origin/{b}"),
        ),
        Target::Tag(tag) => (
            vec![format!("+refs/tags/{tag}:refs/tags/{tag}")],
            1,
            format!("refs/tags/{tag}"),
        ),
        Target::Semver(_) => (vec!["+refs/tags/*:refs/tags/*".into()], 1, String::new()),
        Target::Name(n) => (
            vec![format!("+{n}:refs/flux/target")],
            1,
            "refs/flux/target".into(),
        ),
        Target::Commit {
            branch: Some(b), ..
        } => (
            vec![format!("+refs/heads/{b}:refs/remotes/origin/{b}")],
            0,
            format!("refs/remotes/origin/{b}"),
        ),
        Target::Commit { branch: None, .. } => (
            vec![
                "+refs/heads/*:refs/remotes/origin/*".into(),
                "+refs/tags/*:refs/tags/*".into(),
            ],
            0,
            String::new(),
        ),
    };
    let mut fo = s.fetch_options();
    if depth > 0 && !opts.full_history {
        fo.depth(depth);
    }
    fo.custom_headers(&header_refs);
    remote
        .fetch(&refspecs, Some(&mut fo), None)
        .map_err(|e| match &t {
            Target::Branch(_) | Target::Tag(_) | Target::Name(_)
                if e.message().contains("couldn't find remote ref") =>
            {
                Error::RefNotFound {
                    what: describe(&t),
                    url: url.clone(),
                }
            }
            _ => s.classify("fetch", e),
        })?;

    let local = match &t {
        Target::Semver(expr) => {
            let c = Constraint::parse(expr)?;
            let names = repo.tag_names(None).map_err(|e| s.classify("fetch", e))?;
            let tags: Vec<&str> = (0..names.len())
                .filter_map(|i| names.get(i).ok().flatten())
                .collect();
            let (tag, _) = c.best(tags).ok_or_else(|| Error::RefNotFound {
                what: format!("no tag matching semver '{expr}'"),
                url: url.clone(),
            })?;
            semver_tag = Some(tag.to_string());
            format!("refs/tags/{tag}")
        }
        _ => local,
    };
    let commit = match &t {
        Target::Commit { commit, .. } => {
            let oid = git2::Oid::from_str(commit).map_err(|_| Error::RefNotFound {
                what: format!("commit '{commit}'"),
                url: url.clone(),
            })?;
            repo.find_commit(oid).map_err(|_| Error::RefNotFound {
                what: format!("commit '{commit}'"),
                url: url.clone(),
            })?
        }
        _ => repo
            .revparse_single(&local)
            .and_then(|o| o.peel_to_commit())
            .map_err(|_| Error::RefNotFound {
                what: describe(&t),
                url: url.clone(),
            })?,
    };
    if opts.sparse_checkout.is_empty() && !opts.recurse_submodules {
        let tree = commit.tree().map_err(|e| s.classify("checkout", e))?;
        export_tree(&repo, &tree, dest, "").map_err(|e| s.classify("checkout", e))?;
    } else {
        // Sparse paths and submodules need libgit2's index-backed checkout.
        let mut co = CheckoutBuilder::new();
        co.force();
        for p in &opts.sparse_checkout {
            co.path(p.trim_start_matches("./"));
        }
        repo.checkout_tree(commit.as_object(), Some(&mut co))
            .map_err(|e| s.classify("checkout", e))?;
    }
    repo.set_head_detached(commit.id())
        .map_err(|e| s.classify("checkout", e))?;
    if opts.recurse_submodules {
        update_submodules(&repo, &s, SUBMODULE_RECURSION_DEPTH)?;
    }
    let verified = match &opts.verify {
        Some((mode, data)) => Some(verify_checkout(&repo, &commit, &t, &local, *mode, data)?),
        None => None,
    };
    let sha = commit.id().to_string();
    let message = commit
        .summary()
        .ok()
        .flatten()
        .unwrap_or_default()
        .chars()
        .take(120)
        .collect();
    Ok(Checkout {
        revision: revision(&t, semver_tag.as_deref(), &sha),
        commit: sha,
        message,
        verified,
    })
}

/// libgit2 takes C strings: a NUL byte in a URL or proxy address is refused up front.
fn reject_nul(opts: &CheckoutOptions) -> Result<()> {
    // The bearer token becomes a header, which git2 also turns into a C string.
    let header_nul = opts
        .auth
        .bearer_token
        .as_deref()
        .is_some_and(|t| t.contains(['\0', '\r', '\n']));
    if header_nul {
        return Err(Error::Auth {
            url: redact_url(&opts.url),
            message: "bearerToken contains a NUL or line break".into(),
        });
    }
    if opts.url.contains('\0') || opts.proxy.as_deref().is_some_and(|p| p.contains('\0')) {
        return Err(Error::Git {
            op: "fetch",
            url: redact_url(&opts.url.replace('\0', "")),
            message: "URL contains a NUL byte".into(),
        });
    }
    Ok(())
}

/// Verifies the commit and/or the tag as `mode` asks; returns a description of what was
/// verified and with which keys.
fn verify_checkout(
    repo: &Repository,
    commit: &git2::Commit<'_>,
    t: &Target,
    local: &str,
    mode: verify::Mode,
    data: &std::collections::BTreeMap<String, String>,
) -> Result<String> {
    let keys = verify::TrustedKeys::from_secret(data)?;
    let mut done = Vec::new();
    if mode.tag() {
        if !matches!(t, Target::Tag(_) | Target::Semver(_)) {
            return Err(verify::Error::NotATag.into());
        }
        let name = local.trim_start_matches("refs/tags/");
        let what = format!("tag '{name}'");
        let obj = repo
            .revparse_single(local)
            .map_err(|_| verify::Error::Unsigned(what.clone()))?;
        let tag = obj
            .as_tag()
            .ok_or_else(|| verify::Error::Unsigned(what.clone()))?;
        let odb = repo
            .odb()
            .map_err(|_| verify::Error::Unsigned(what.clone()))?;
        let raw = odb
            .read(tag.id())
            .map_err(|_| verify::Error::Unsigned(what.clone()))?;
        let (payload, sig) =
            verify::split_tag(raw.data()).ok_or_else(|| verify::Error::Unsigned(what.clone()))?;
        let key = keys.verify(&what, &sig, &payload)?;
        done.push(format!("{what} with key '{key}'"));
    }
    if mode.head() {
        let what = format!("commit '{}'", commit.id());
        let (sig, payload) = repo
            .extract_signature(&commit.id(), None)
            .map_err(|_| verify::Error::Unsigned(what.clone()))?;
        let sig = String::from_utf8_lossy(&sig).to_string();
        let key = keys.verify(&what, &sig, &payload)?;
        done.push(format!("{what} with key '{key}'"));
    }
    Ok(done.join(", "))
}

fn describe(t: &Target) -> String {
    match t {
        Target::Branch(b) => format!("branch '{b}'"),
        Target::Tag(tag) => format!("tag '{tag}'"),
        Target::Semver(s) => format!("semver '{s}'"),
        Target::Name(n) => format!("ref '{n}'"),
        Target::Commit { commit, .. } => format!("commit '{commit}'"),
    }
}

/// go-git's `DefaultSubmoduleRecursionDepth`, which Flux clones with: the checkout's own
/// submodules are updated with it, theirs with one less, and so on until 0, so eleven levels
/// are checked out and deeper ones are left empty. A repository whose submodules point back
/// at itself (a chain of its own commits) stops there instead of cloning itself without end.
const SUBMODULE_RECURSION_DEPTH: u32 = 10;

/// Writes `tree` into the working directory `dir` (empty but for `.git`) as go-git's checkout
/// leaves it for Flux's source-controller: each blob's bytes as stored, with no line-ending or
/// `ident` filter from `.gitattributes` (go-git applies none; libgit2's checkout would), mode
/// 0755 for executables and 0644 otherwise, symlinks as symlinks, and an empty directory for a
/// submodule. About twice as fast as libgit2's checkout, which also writes an index and checks
/// every path against it. An entry name that could leave its directory or reach `.git` is
/// refused, as libgit2 refuses it.
fn export_tree(
    repo: &Repository,
    tree: &git2::Tree<'_>,
    dir: &Path,
    rel: &str,
) -> std::result::Result<(), git2::Error> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    for entry in tree.iter() {
        let bytes = entry.name_bytes();
        let name = format!("{rel}{}", String::from_utf8_lossy(bytes));
        // Messages name the path in the repository, not the temporary directory.
        let io =
            |_: &Path, e: std::io::Error| git2::Error::from_str(&format!("writing '{name}': {e}"));
        if bytes.is_empty()
            || bytes == b"."
            || bytes == b".."
            || bytes.contains(&b'/')
            || bytes.contains(&0)
            || bytes.eq_ignore_ascii_case(b".git")
        {
            return Err(git2::Error::from_str(&format!("invalid path '{name}'")));
        }
        let path = dir.join(std::os::unix::ffi::OsStrExt::from_bytes(bytes) as &std::ffi::OsStr);
        match entry.kind() {
            Some(git2::ObjectType::Tree) => {
                std::fs::create_dir(&path).map_err(|e| io(&path, e))?;
                let sub = repo.find_tree(entry.id())?;
                export_tree(repo, &sub, &path, &format!("{name}/"))?;
            }
            Some(git2::ObjectType::Blob) => {
                let blob = repo.find_blob(entry.id())?;
                if entry.filemode() == 0o120000 {
                    let target = std::str::from_utf8(blob.content()).map_err(|_| {
                        git2::Error::from_str(&format!("invalid symlink target at '{name}'"))
                    })?;
                    std::os::unix::fs::symlink(target, &path).map_err(|e| io(&path, e))?;
                } else {
                    let mode = if entry.filemode() == 0o100755 {
                        0o755
                    } else {
                        0o644
                    };
                    let mut f = std::fs::OpenOptions::new()
                        .write(true)
                        .create_new(true)
                        .mode(mode)
                        .open(&path)
                        .map_err(|e| io(&path, e))?;
                    f.write_all(blob.content()).map_err(|e| io(&path, e))?;
                }
            }
            // A submodule's commit: its directory stays empty unless submodules are wanted.
            Some(git2::ObjectType::Commit) => {
                std::fs::create_dir(&path).map_err(|e| io(&path, e))?;
            }
            _ => {}
        }
    }
    Ok(())
}

fn update_submodules(repo: &Repository, s: &Session<'_>, depth: u32) -> Result<()> {
    let subs = repo.submodules().map_err(|e| s.classify("submodules", e))?;
    for mut sm in subs {
        let mut opts = git2::SubmoduleUpdateOptions::new();
        opts.fetch(s.fetch_options());
        // A failure names the submodule and its URL, not the parent's.
        let which = format!(
            "'{}' ({})",
            sm.path().display(),
            redact_url(sm.url().ok().flatten().unwrap_or_default())
        );
        let named = |e: git2::Error| match s.classify("submodule update", e) {
            Error::Git { op, message, .. } => Error::Git {
                op,
                url: which,
                message,
            },
            other => other,
        };
        sm.update(true, Some(&mut opts)).map_err(named)?;
        if depth > 0 {
            let sub_repo = sm.open().map_err(|e| s.classify("submodules", e))?;
            update_submodules(&sub_repo, s, depth - 1)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A repository whose one commit holds `files` (path, bytes, mode).
    fn repo_with(files: &[(&str, &[u8], i32)]) -> (tempfile::TempDir, Repository, git2::Oid) {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init_bare(dir.path()).unwrap();
        fn build(repo: &Repository, files: &[(&str, &[u8], i32)], prefix: &str) -> git2::Oid {
            let mut tb = repo.treebuilder(None).unwrap();
            let mut subdirs: Vec<&str> = Vec::new();
            for (path, body, mode) in files {
                let Some(rest) = path.strip_prefix(prefix) else {
                    continue;
                };
                match rest.split_once('/') {
                    Some((d, _)) => {
                        if !subdirs.contains(&d) {
                            subdirs.push(d);
                        }
                    }
                    None => {
                        let oid = repo.blob(body).unwrap();
                        tb.insert(rest, oid, *mode).unwrap();
                    }
                }
            }
            for d in subdirs {
                let oid = build(repo, files, &format!("{prefix}{d}/"));
                tb.insert(d, oid, 0o040000).unwrap();
            }
            tb.write().unwrap()
        }
        let tree = build(&repo, files, "");
        (dir, repo, tree)
    }

    #[test]
    fn an_exported_tree_holds_the_stored_bytes_modes_and_symlinks_without_attribute_filters() {
        use std::os::unix::fs::PermissionsExt;
        let (_d, repo, tree) = repo_with(&[
            (
                ".gitattributes",
                b"*.yaml text eol=crlf\n*.txt ident\n",
                0o100644,
            ),
            ("deploy/app.yaml", b"a: 1\nb: 2\n", 0o100644),
            ("deploy/nested/x.txt", b"$Id$\n", 0o100644),
            ("run.sh", b"#!/bin/sh\n", 0o100755),
            ("link", b"deploy/app.yaml", 0o120000),
        ]);
        let out = tempfile::tempdir().unwrap();
        let tree = repo.find_tree(tree).unwrap();
        export_tree(&repo, &tree, out.path(), "").unwrap();
        let p = out.path();
        assert_eq!(
            std::fs::read(p.join("deploy/app.yaml")).unwrap(),
            b"a: 1\nb: 2\n"
        );
        assert_eq!(
            std::fs::read(p.join("deploy/nested/x.txt")).unwrap(),
            b"$Id$\n"
        );
        let mode = |rel: &str| std::fs::metadata(p.join(rel)).unwrap().permissions().mode();
        assert_ne!(mode("run.sh") & 0o100, 0);
        assert_eq!(mode("deploy/app.yaml") & 0o111, 0);
        assert_eq!(
            std::fs::read_link(p.join("link")).unwrap(),
            Path::new("deploy/app.yaml")
        );
    }

    #[test]
    fn a_tree_entry_that_would_reach_git_metadata_is_refused_with_its_path() {
        // libgit2 will not build such a tree, so its object is written raw:
        // `<mode> <name>\0<20-byte id>` per entry.
        let (_d, repo, _) = repo_with(&[]);
        let odb = repo.odb().unwrap();
        let raw = |name: &str, mode: &str, id: git2::Oid| {
            let mut t = format!("{mode} {name}\0").into_bytes();
            t.extend_from_slice(id.as_bytes());
            odb.write(git2::ObjectType::Tree, &t).unwrap()
        };
        let blob = repo.blob(b"x").unwrap();
        let tree = raw("sub", "40000", raw(".GIT", "100644", blob));
        let out = tempfile::tempdir().unwrap();
        let tree = repo.find_tree(tree).unwrap();
        let err = export_tree(&repo, &tree, out.path(), "").unwrap_err();
        assert_eq!(err.message(), "invalid path 'sub/.GIT'");
        assert!(!out.path().join("sub/.GIT").exists());
    }

    fn r(
        branch: Option<&str>,
        tag: Option<&str>,
        semver: Option<&str>,
        name: Option<&str>,
        commit: Option<&str>,
    ) -> GitRepositoryRef {
        GitRepositoryRef {
            branch: branch.map(Into::into),
            tag: tag.map(Into::into),
            semver: semver.map(Into::into),
            name: name.map(Into::into),
            commit: commit.map(Into::into),
        }
    }

    #[test]
    fn reference_precedence_matches_flux() {
        assert_eq!(
            target(&GitRepositoryRef::default()),
            Target::Branch("master".into())
        );
        assert_eq!(
            target(&r(Some("main"), Some("v1"), None, None, None)),
            Target::Tag("v1".into())
        );
        assert_eq!(
            target(&r(None, Some("v1"), Some(">=1"), None, None)),
            Target::Semver(">=1".into())
        );
        assert_eq!(
            target(&r(None, None, Some(">=1"), Some("refs/pull/1/head"), None)),
            Target::Name("refs/pull/1/head".into())
        );
        assert_eq!(
            target(&r(Some("main"), Some("v1"), None, Some("x"), Some("abc"))),
            Target::Commit {
                commit: "abc".into(),
                branch: Some("main".into())
            }
        );
    }

    #[test]
    fn revisions_use_flux_format() {
        let c = "363a6a8fe6a7f13e05d34c163b0ef02a777da20a";
        assert_eq!(
            revision(&Target::Branch("main".into()), None, c),
            format!("main@sha1:{c}")
        );
        assert_eq!(
            revision(&Target::Semver("*".into()), Some("v1.2.0"), c),
            format!("v1.2.0@sha1:{c}")
        );
        assert_eq!(
            revision(&Target::Name("refs/heads/main".into()), None, c),
            format!("refs/heads/main@sha1:{c}")
        );
        assert_eq!(
            revision(
                &Target::Commit {
                    commit: c.into(),
                    branch: None
                },
                None,
                c
            ),
            format!("sha1:{c}")
        );
    }

    #[test]
    fn urls_are_redacted_and_ports_parsed() {
        assert_eq!(
            redact_url("https://user:pass@example.com/repo.git"),
            "https://example.com/repo.git"
        );
        assert_eq!(ssh_port("ssh://git@127.0.0.1:2222/repo.git"), 2222);
        assert_eq!(ssh_port("ssh://git@github.com/org/repo"), 22);
    }

    #[test]
    fn nul_bytes_and_header_injection_are_refused_not_panics() {
        let base = CheckoutOptions {
            url: "http://127.0.0.1:1/r.git".into(),
            ..Default::default()
        };
        let mut o = base.clone();
        o.auth.bearer_token = Some("tok\r\nX-Evil: 1".into());
        assert!(matches!(
            checkout(&o, Path::new("/nonexistent")),
            Err(Error::Auth { .. })
        ));
        let mut o = base.clone();
        o.proxy = Some("http://proxy\0:1".into());
        assert!(resolve_remote(&o).is_err());
        let mut o = base;
        o.url = "http://x\0/r.git".into();
        assert!(checkout(&o, Path::new("/nonexistent")).is_err());
    }

    #[test]
    fn auth_debug_never_prints_secrets() {
        let a = Auth {
            password: Some("hunter2".into()),
            bearer_token: Some("tok123".into()),
            ..Default::default()
        };
        let s = format!("{a:?}");
        assert!(!s.contains("hunter2") && !s.contains("tok123"), "{s}");
    }
}
