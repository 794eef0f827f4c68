//! `flux bootstrap`: puts Flux's manifests into a Git repository with Flux's layout
//! (`<path>/flux-system/{gotk-components.yaml,gotk-sync.yaml,kustomization.yaml}`), creates the
//! source Secret, applies everything, and waits until the cluster syncs itself from Git.
//!
//! Idempotent: files are rewritten only when their content changes, so a re-run with the same
//! inputs makes no commit; an existing Secret is kept unless new credentials are given; a path
//! holding another installation's sync manifests is refused unless forced. Git work is blocking
//! and runs on blocking threads; rendering is pure (`layout`).

pub mod bitbucket;
pub mod gitea;
pub mod github;
pub mod gitlab;
pub mod layout;
pub mod provider;

use std::collections::BTreeMap;
use std::time::Duration;

use kube::api::{Api, DynamicObject};
use serde_json::{json, Value};

use crate::git::workspace::Workspace;
use crate::git::CheckoutOptions;
use crate::install::manifests::InstallOptions;
use crate::output::Logger;

/// What can go wrong.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Git clone, commit or push failed.
    #[error(transparent)]
    Git(#[from] crate::git::Error),
    /// Installing the components failed.
    #[error(transparent)]
    Install(#[from] crate::install::Error),
    /// Applying an object failed.
    #[error(transparent)]
    Apply(#[from] crate::cluster::Error),
    /// Rendering failed.
    #[error(transparent)]
    Render(#[from] crate::install::manifests::Error),
    /// A Kubernetes API call failed.
    #[error("{0}")]
    Kube(String),
    /// The inputs cannot work (the message says why and what to do).
    #[error("{0}")]
    Invalid(String),
    /// Waiting ran out of time.
    #[error("timed out waiting for {0}")]
    Timeout(String),
}

/// Result alias.
pub type Result<T> = std::result::Result<T, Error>;

/// A public key without its comment (`type base64`), as providers compare deploy keys.
fn key_body(key: &str) -> String {
    key.split_whitespace().take(2).collect::<Vec<_>>().join(" ")
}

/// An HTTP client for a provider API, trusting `ca` (`--ca-file`) besides the system roots.
fn api_client(ca: Option<&str>) -> Result<reqwest::Client> {
    let mut b = reqwest::Client::builder()
        .user_agent(format!("flux/{}", crate::version::version()))
        .timeout(Duration::from_secs(30));
    if let Some(ca) = ca {
        for c in reqwest::Certificate::from_pem_bundle(ca.as_bytes())
            .map_err(|e| Error::Invalid(format!("--ca-file: {e}")))?
        {
            b = b.add_root_certificate(c);
        }
    }
    b.build().map_err(|e| Error::Invalid(e.to_string()))
}

/// Credentials for the source Secret.
#[derive(Clone, Debug, Default)]
pub enum SourceAuth {
    /// Keep an existing Secret; create an SSH key pair when there is none (SSH URLs).
    #[default]
    Default,
    /// An SSH private key (`--private-key-file`, or generated).
    Ssh {
        /// OpenSSH private key.
        private_key: String,
        /// Public key.
        public_key: String,
        /// The key's passphrase (`-p/--password`), stored as `password` as Flux does.
        passphrase: Option<String>,
    },
    /// `username`/`password` (HTTPS, `--token-auth`).
    Basic {
        /// Username.
        username: String,
        /// Password or token.
        password: String,
    },
    /// `bearerToken` (`--with-bearer-token`).
    Bearer(String),
}

/// Everything one bootstrap needs.
#[derive(Clone, Debug)]
pub struct Options {
    /// The install options (namespace, version, components, …).
    pub install: InstallOptions,
    /// Repository URL as the cluster will use it (ssh:// or https://).
    pub url: String,
    /// Branch.
    pub branch: String,
    /// Path inside the repository (`clusters/my-cluster`).
    pub path: String,
    /// GitRepository interval.
    pub interval: crate::api::Duration,
    /// Source Secret name.
    pub secret_name: String,
    /// Source Secret credentials.
    pub auth: SourceAuth,
    /// How to reach the repository from here (credentials, CA, known_hosts).
    pub git: CheckoutOptions,
    /// `ca.crt` for the Secret.
    pub ca: Option<String>,
    /// Host to scan for `known_hosts` (`--ssh-hostname`), else the URL's.
    pub ssh_hostname: Option<String>,
    /// Commit author (name, email).
    pub author: (String, String),
    /// Commit signing.
    pub signing: Option<crate::git::sign::Signing>,
    /// Push to this branch (started from `branch`) for a pull request instead of `branch`.
    pub pr_branch: Option<String>,
    /// Appended to commit messages.
    pub commit_message_appendix: Option<String>,
    /// `spec.recurseSubmodules`.
    pub recurse_submodules: bool,
    /// `spec.sparseCheckout` of the GitRepository.
    pub sparse_checkout: Vec<String>,
    /// Overwrite another installation's manifests at the path.
    pub force: bool,
    /// Check the controllers' Deployments after the sync (off only for node-less clusters).
    pub component_health: bool,
    /// How long to wait for each step.
    pub timeout: Duration,
}

fn with_appendix(msg: &str, appendix: &Option<String>) -> String {
    match appendix.as_deref().filter(|a| !a.is_empty()) {
        Some(a) => format!("{msg}\n\n{a}"),
        None => msg.to_string(),
    }
}

/// Runs the bootstrap sequence in Flux's order: the component manifests are committed and
/// pushed, the components installed and the source Secret created, and only then the sync
/// manifests committed, pushed and applied (a failed install leaves no sync manifests in Git).
/// Returns the commit the cluster syncs.
pub async fn run(client: kube::Client, opts: &Options, log: &Logger) -> Result<String> {
    let mut repo = Repo::open(opts, log).await?;
    repo.commit_components(opts, log)?;
    let patched = repo.patched_components();
    install_components(&client, opts, patched, log).await?;
    source_secret(&client, opts, log).await?;
    let head = repo.commit_sync(opts, log)?;
    apply_sync(client, opts, log, &head).await?;
    Ok(head)
}

/// The Git part alone (for a pull request, whose merge the cluster part waits for): clone
/// `--branch`, commit the components and then the sync manifests (each only when changed),
/// and push — to `--branch`, or to `pr_branch` (started from `--branch`). Returns the pushed
/// head.
pub async fn prepare(opts: &Options, log: &Logger) -> Result<(String, Patched)> {
    let mut repo = Repo::open(opts, log).await?;
    repo.commit_components(opts, log)?;
    let patched = repo.patched_components();
    Ok((repo.commit_sync(opts, log)?, patched))
}

/// The components built with the flux-system directory's own `kustomization.yaml` (`None`
/// without one), or why they could not be built; only an install needs them.
pub type Patched = Result<Option<Vec<serde_json::Value>>>;

/// The cluster part alone, after [`prepare`]: install the components (until the cluster
/// syncs itself), the source Secret, the sync objects, then wait until the GitRepository and
/// Kustomization are Ready at `head` of `--branch`, and for the controllers unless
/// `--component-health=false`.
pub async fn finish(
    client: kube::Client,
    opts: &Options,
    log: &Logger,
    head: &str,
    patched: Patched,
) -> Result<()> {
    install_components(&client, opts, patched, log).await?;
    source_secret(&client, opts, log).await?;
    apply_sync(client, opts, log, head).await
}

/// The bootstrap repository checked out at `--branch` (or the pull request branch).
struct Repo {
    ws: Workspace,
    dir: tempfile::TempDir,
    /// `<path>/<namespace>`.
    base: String,
    /// The branch pushed to.
    target: String,
}

impl Repo {
    /// Clones the branch and refuses another installation's sync manifests at the path
    /// (unless `--force`).
    async fn open(opts: &Options, log: &Logger) -> Result<Repo> {
        let ns = opts.install.namespace.clone();
        let dir =
            tempfile::tempdir().map_err(|e| Error::Invalid(format!("temporary directory: {e}")))?;
        log.action(format!(
            "cloning branch \"{}\" from Git repository \"{}\"",
            opts.branch,
            crate::git::redact_url(&opts.git.url)
        ));
        let mut ws = {
            let (git, branch, d) = (
                opts.git.clone(),
                opts.branch.clone(),
                dir.path().to_path_buf(),
            );
            tokio::task::spawn_blocking(move || Workspace::open(&git, &branch, &d))
                .await
                .map_err(|e| Error::Invalid(e.to_string()))??
        };
        log.success("cloned repository");
        if let Some(b) = &opts.pr_branch {
            ws.switch_branch(b)?;
        }
        let target = opts
            .pr_branch
            .clone()
            .unwrap_or_else(|| opts.branch.clone());
        let base = format!("{}/{}", opts.path.trim_matches('/'), ns);
        // Another installation's sync manifests at this path are not ours to overwrite.
        if let Some(existing) = ws.read(&format!("{base}/gotk-sync.yaml")) {
            if let Some(why) = layout::foreign(&existing, opts) {
                if !opts.force {
                    return Err(Error::Invalid(format!(
                        "{base}/gotk-sync.yaml belongs to another Flux installation ({why}); use --force to overwrite it"
                    )));
                }
                log.warning(format!("overwriting {base}/gotk-sync.yaml ({why})"));
            }
        }
        Ok(Repo {
            ws,
            dir,
            base,
            target,
        })
    }

    /// Commits (signed when asked) and pushes; returns the commit, or `None` when nothing
    /// changed.
    fn commit(&mut self, opts: &Options, message: &str) -> Result<Option<String>> {
        let author = (opts.author.0.as_str(), opts.author.1.as_str());
        let signer = opts.signing.clone();
        let sign_fn = move |buf: &str| match &signer {
            Some(s) => s.sign(buf),
            None => Err(String::from("no signing key")),
        };
        let sign: Option<crate::git::workspace::Signer> = opts
            .signing
            .as_ref()
            .map(|_| &sign_fn as crate::git::workspace::Signer);
        let msg = with_appendix(message, &opts.commit_message_appendix);
        Ok(self.ws.commit(&msg, author, sign)?)
    }

    fn commit_components(&mut self, opts: &Options, log: &Logger) -> Result<()> {
        log.generate("generating component manifests");
        self.ws.write(
            &format!("{}/gotk-components.yaml", self.base),
            &layout::components(&opts.install)?,
        )?;
        let message = format!("Add Flux {} component manifests", opts.install.version);
        match self.commit(opts, &message)? {
            Some(c) => {
                log.success(format!(
                    "committed component manifests to \"{}\" (\"{c}\")",
                    self.target
                ));
                log.action(format!(
                    "pushing component manifests to \"{}\"",
                    crate::git::redact_url(&opts.git.url)
                ));
                self.ws.push()?;
            }
            None => log.success("component manifests are up to date"),
        }
        Ok(())
    }

    /// The components with the patches of the flux-system directory's own
    /// `kustomization.yaml` (built as Flux's bootstrap builds it: rooted at the repository,
    /// files from that directory down only), or `None` when the directory has none yet.
    fn patched_components(&self) -> Patched {
        let root = self.dir.path();
        let dir = root.join(&self.base);
        // Flux looks for this name only, as it generates only this name.
        if !dir.join("kustomization.yaml").is_file() {
            return Ok(None);
        }
        let opts = crate::kustomize::target::Options {
            jail: Some(root.to_path_buf()),
            ..Default::default()
        };
        crate::kustomize::target::build(&dir, &opts)
            .map(Some)
            .map_err(|e| {
                // Paths in the message are the repository's, not the temporary clone's.
                let message = e.to_string().replace(&format!("{}/", root.display()), "");
                Error::Invalid(format!(
                    "building {}/kustomization.yaml: {message}",
                    self.base
                ))
            })
    }

    /// Commits and pushes the sync manifests; returns the pushed head.
    fn commit_sync(&mut self, opts: &Options, log: &Logger) -> Result<String> {
        log.generate("generating sync manifests");
        self.ws.write(
            &format!("{}/gotk-sync.yaml", self.base),
            &layout::sync(opts),
        )?;
        // A kustomization.yaml already there is the user's (patches to the components, as
        // Flux documents); only a missing one is generated.
        let kfile = format!("{}/kustomization.yaml", self.base);
        if self.ws.read(&kfile).is_none() {
            let k = layout::kustomization(&self.dir.path().join(&self.base));
            self.ws.write(&kfile, &k)?;
        }
        match self.commit(opts, "Add Flux sync manifests")? {
            Some(c) => {
                log.success(format!(
                    "committed sync manifests to \"{}\" (\"{c}\")",
                    self.target
                ));
                log.action(format!(
                    "pushing sync manifests to \"{}\"",
                    crate::git::redact_url(&opts.git.url)
                ));
                self.ws.push()?;
            }
            None => log.success("sync manifests are up to date"),
        }
        Ok(self.ws.head().unwrap_or_default())
    }
}

/// Installs the components unless the cluster already syncs itself (Flux's one-line report),
/// and reconciles the image pull Secret. `patched` is the component set built with the
/// repository's own `kustomization.yaml`, when the flux-system directory has one (its build
/// error counts only when an install needs it).
async fn install_components(
    client: &kube::Client,
    opts: &Options,
    patched: Patched,
    log: &Logger,
) -> Result<()> {
    let ns = opts.install.namespace.clone();
    if last_applied(client, &ns).await.is_none() {
        log.action(format!("installing components in \"{ns}\" namespace"));
        let quiet = Logger { quiet: true };
        match patched? {
            Some(objects) => {
                crate::install::apply_staged(client.clone(), &objects, opts.timeout, &quiet).await?
            }
            None => {
                crate::install::install(client.clone(), &opts.install, opts.timeout, &quiet).await?
            }
        }
        log.success("installed components");
    }
    if let Some(name) = crate::install::reconcile_image_pull_secret(client, &opts.install)
        .await
        .map_err(|e| Error::Kube(format!("failed to reconcile image pull secret: {e}")))?
    {
        log.success(format!("reconciled image pull secret {name}"));
    }
    log.success("reconciled components");
    Ok(())
}

/// Applies the sync objects and waits until the GitRepository and Kustomization are Ready at
/// `head`, then for the controllers unless `--component-health=false`.
async fn apply_sync(client: kube::Client, opts: &Options, log: &Logger, head: &str) -> Result<()> {
    let ns = opts.install.namespace.clone();
    let mut cluster = crate::cluster::Cluster::new(client.clone());
    log.action("applying sync manifests");
    for obj in layout::sync_objects(opts) {
        cluster.apply(&obj).await?;
    }
    log.success("reconciled sync configuration");
    // Ask for the pushed revision now rather than at the next interval (Flux waits for it).
    let git = crate::api::registry::expect("GitRepository").api_resource();
    let git_api: Api<DynamicObject> = Api::namespaced_with(client.clone(), &ns, &git);
    crate::cluster::request_reconcile(&git_api, &ns)
        .await
        .map_err(|e| crate::cluster::Error::Api {
            what: format!("GitRepository/{ns}/{ns}"),
            message: crate::cluster::api_message(&e),
        })?;
    let revision = format!("{}@sha1:{head}", opts.branch);
    for kind in ["GitRepository", "Kustomization"] {
        log.waiting(format!("waiting for {kind} \"{ns}/{ns}\" to be reconciled"));
        wait_ready(&client, &ns, kind, &revision, opts.timeout).await?;
        log.success(format!("{kind} reconciled successfully"));
    }
    if opts.component_health {
        log.waiting("waiting for the controllers to be healthy");
        wait_components(&client, &opts.install, opts.timeout).await?;
        log.success("all components are healthy");
    } else {
        log.warning("component health not checked (--component-health=false)");
    }
    Ok(())
}

async fn last_applied(client: &kube::Client, ns: &str) -> Option<String> {
    let ar = crate::api::registry::expect("Kustomization").api_resource();
    let api: Api<DynamicObject> = Api::namespaced_with(client.clone(), ns, &ar);
    let k = api.get_opt(ns).await.ok()??;
    k.data["status"]["lastAppliedRevision"]
        .as_str()
        .map(String::from)
}

/// Creates the source Secret unless one exists and no new credentials were given.
async fn source_secret(client: &kube::Client, opts: &Options, log: &Logger) -> Result<()> {
    let ns = &opts.install.namespace;
    let api: Api<k8s_openapi::api::core::v1::Secret> = Api::namespaced(client.clone(), ns);
    let exists = api
        .get_opt(&opts.secret_name)
        .await
        .map_err(|e| Error::Kube(format!("reading Secret {ns}/{}: {e}", opts.secret_name)))?
        .is_some();
    let mut data: BTreeMap<String, String> = BTreeMap::new();
    match &opts.auth {
        SourceAuth::Default if exists => {
            log.success(format!(
                "source secret up to date ({ns}/{})",
                opts.secret_name
            ));
            return Ok(());
        }
        SourceAuth::Default if opts.url.starts_with("ssh://") => {
            return Err(Error::Invalid(format!(
                "no SSH key for {}: give --private-key-file, or run an SSH agent so that a deploy key can be generated",
                crate::git::redact_url(&opts.url)
            )));
        }
        SourceAuth::Default => {}
        SourceAuth::Ssh {
            private_key,
            public_key,
            passphrase,
        } => {
            data.insert("identity".into(), private_key.clone());
            data.insert("identity.pub".into(), public_key.clone());
            if let Some(p) = passphrase.as_ref().filter(|p| !p.is_empty()) {
                data.insert("password".into(), p.clone());
            }
        }
        SourceAuth::Basic { username, password } => {
            data.insert("username".into(), username.clone());
            data.insert("password".into(), password.clone());
        }
        SourceAuth::Bearer(t) => {
            data.insert("bearerToken".into(), t.clone());
        }
    }
    if opts.url.starts_with("ssh://") {
        let scan_url = match &opts.ssh_hostname {
            Some(h) => {
                let rest = opts.url.trim_start_matches("ssh://");
                let (userhost, path) = rest.split_once('/').unwrap_or((rest, ""));
                let user = userhost
                    .split_once('@')
                    .map(|(u, _)| format!("{u}@"))
                    .unwrap_or_default();
                format!("ssh://{user}{h}/{path}")
            }
            None => opts.url.clone(),
        };
        let kh = {
            let u = scan_url.clone();
            tokio::task::spawn_blocking(move || crate::git::scan_known_hosts_default(&u))
                .await
                .map_err(|e| Error::Invalid(e.to_string()))??
        };
        data.insert("known_hosts".into(), kh);
    }
    if let Some(ca) = &opts.ca {
        data.insert("ca.crt".into(), ca.clone());
    }
    if data.is_empty() {
        return Err(Error::Invalid(format!(
            "no credentials for {}: give -u/-p, --with-bearer-token or --private-key-file",
            crate::git::redact_url(&opts.url)
        )));
    }
    let secret = json!({"apiVersion": "v1", "kind": "Secret",
        "metadata": {"name": opts.secret_name, "namespace": ns}, "stringData": data});
    crate::cluster::Cluster::new(client.clone())
        .apply(&secret)
        .await?;
    log.success(format!(
        "source secret {} ({ns}/{})",
        if exists { "updated" } else { "created" },
        opts.secret_name
    ));
    Ok(())
}

/// Waits until the object is Ready at `revision` (artifact or last applied).
async fn wait_ready(
    client: &kube::Client,
    ns: &str,
    kind: &str,
    revision: &str,
    timeout: Duration,
) -> Result<()> {
    let ar = crate::api::registry::expect(kind).api_resource();
    let api: Api<DynamicObject> = Api::namespaced_with(client.clone(), ns, &ar);
    let _spinner = crate::output::Spinner::start(format!("waiting for {kind} {ns}/{ns}"));
    let deadline = std::time::Instant::now() + timeout;
    let mut last = String::new();
    while std::time::Instant::now() < deadline {
        if let Ok(Some(o)) = api.get_opt(ns).await {
            let st = &o.data["status"];
            let rev = st["artifact"]["revision"]
                .as_str()
                .or_else(|| st["lastAppliedRevision"].as_str());
            let ready = st["conditions"]
                .as_array()
                .and_then(|c| c.iter().find(|c| c["type"] == "Ready"))
                .cloned()
                .unwrap_or(Value::Null);
            if ready["status"] == "True" && rev == Some(revision) {
                return Ok(());
            }
            last = ready["message"].as_str().unwrap_or_default().to_string();
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    Err(Error::Timeout(format!(
        "{kind} {ns}/{ns} at {revision}: {last}"
    )))
}

/// Waits until every controller Deployment has rolled out.
async fn wait_components(
    client: &kube::Client,
    install: &InstallOptions,
    timeout: Duration,
) -> Result<()> {
    let api: Api<k8s_openapi::api::apps::v1::Deployment> =
        Api::namespaced(client.clone(), &install.namespace);
    let _spinner = crate::output::Spinner::start("waiting for the controllers");
    let deadline = std::time::Instant::now() + timeout;
    loop {
        let mut pending = vec![];
        for c in &install.components {
            let name = c.name();
            match api.get_opt(name).await {
                Ok(Some(d)) if crate::install::deployment_readiness(&d).0 => {}
                _ => pending.push(name.to_string()),
            }
        }
        if pending.is_empty() {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            return Err(Error::Timeout(format!(
                "Deployments {} in {} to become ready (a cluster without nodes cannot run them: use --component-health=false)",
                pending.join(", "),
                install.namespace
            )));
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
