//! image-automation-controller: the ImageUpdateAutomation reconciler, on the shared runtime,
//! with image-automation-controller v1.2.4's steps, reasons and messages.
//!
//! Steps: list the selected ImagePolicies that have a `latestRef` (a bad selector stalls with
//! `InvalidPolicySelector`) -> read the GitRepository and build the Git access (its
//! credentials and proxy, the checkout reference, the push branch and refspec, the signing
//! key; `AccessDenied`, `InvalidSourceConfiguration`, `SourceManagerFailed`) -> unless the
//! policies changed or the push goes elsewhere, ask the remote whether the checkout
//! reference moved since the last run and stop there if not -> check out the reference onto
//! the push branch (`GitOperationFailed`) -> apply the setters under `update.path`
//! ([`crate::image::setters`]; `UpdateFailed`) -> when something changed, commit with the
//! rendered message ([`crate::image::message`]; `RemovedTemplateField` stalls), signed when
//! asked, and push (forced when the push branch differs from the checkout branch, with push
//! options, then the extra refspec) -> status `lastPushCommit`, `lastPushTime`,
//! `observedPolicies`, `observedSourceRevision`, and an event naming the pushed commit.
//!
//! Unlike Flux, edited files keep every byte but the replaced values (see the setters), a
//! push whose ref is already up to date is not an error, and the feature gates that Flux
//! turns on by default (`GitForcePushBranch`, `GitAllBranchReferences`) can be turned off the
//! same way.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use k8s_openapi::api::core::v1::Secret;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use kube::api::{Api, ListParams};
use kube::runtime::reflector::ObjectRef;
use kube::ResourceExt;

use crate::api::image::{
    ImagePolicy, ImageRef, ImageUpdateAutomation, ImageUpdateAutomationStatus, SigningKeyType,
};
use crate::api::meta::{condition, reason};
use crate::api::source::{GitRepository, GitRepositoryRef};
use crate::git::sign::Signing;
use crate::git::workspace::Workspace;
use crate::git::CheckoutOptions;
use crate::image::message::{self, MessageError};
use crate::image::setters::{self, LatestRef};
use crate::runtime::manager::Watches;
use crate::runtime::reconciler::{Event, Failure, Reconciler, Success};
use crate::runtime::RuntimeOptions;

/// The controller name in events, metrics, field managers and leases.
pub const CONTROLLER: &str = "image-automation-controller";

/// image-automation-controller's reasons.
mod why {
    pub const INVALID_POLICY_SELECTOR: &str = "InvalidPolicySelector";
    pub const INVALID_SOURCE_CONFIG: &str = "InvalidSourceConfiguration";
    pub const SOURCE_MANAGER_FAILED: &str = "SourceManagerFailed";
    pub const GIT_OPERATION_FAILED: &str = "GitOperationFailed";
    pub const UPDATE_FAILED: &str = "UpdateFailed";
    pub const REMOVED_TEMPLATE_FIELD: &str = "RemovedTemplateField";
    pub const ACCESS_DENIED: &str = "AccessDenied";
}

/// Our extension (Flux's CRD has no such field): on an automation that pushes to a branch
/// other than its checkout branch, `github`, `gitea` or `gitlab` here opens a pull (merge)
/// request from the push branch into the checkout branch through that provider's API, with the
/// GitRepository's token (`password` or `bearerToken` of its Secret, and its `ca.crt`).
pub const PULL_REQUEST_ANNOTATION: &str = "image.flux-rs.dev/pull-request";

/// The provider API's host (and port) when it is not the Git URL's host (`github.com` is
/// reached at `api.github.com` either way).
pub const PULL_REQUEST_HOSTNAME_ANNOTATION: &str = "image.flux-rs.dev/pull-request-hostname";

/// The Ready reason when the push worked but the pull request could not be opened.
const PULL_REQUEST_FAILED: &str = "PullRequestFailed";

/// Flux's Ready message after a successful run.
const READY_MESSAGE: &str = "repository up-to-date";

/// The branch a checkout without a reference uses (fluxcd/pkg's `git.DefaultBranch`).
const DEFAULT_BRANCH: &str = "master";

/// Feature gates of image-automation-controller (and whether Flux turns them on by default).
const GIT_FORCE_PUSH_BRANCH: (&str, bool) = ("GitForcePushBranch", true);
const GIT_ALL_BRANCH_REFERENCES: (&str, bool) = ("GitAllBranchReferences", true);

/// What the reconciler shares between runs.
pub struct Context {
    /// Kubernetes client.
    pub client: kube::Client,
    /// Runtime settings.
    pub runtime: RuntimeOptions,
}

impl Context {
    /// Builds the context.
    pub fn new(client: kube::Client, runtime: RuntimeOptions) -> Arc<Context> {
        Arc::new(Context { client, runtime })
    }

    fn gate(&self, (name, default): (&str, bool)) -> bool {
        self.runtime
            .feature_gates
            .get(name)
            .copied()
            .unwrap_or(default)
    }
}

/// The ImageUpdateAutomation reconciler.
pub struct ImageUpdateAutomationReconciler {
    ctx: Arc<Context>,
    /// What the watches last saw of each GitRepository (generation) and ImagePolicy
    /// (`latestRef`): only those changes request runs, as Flux's predicates decide.
    seen: Arc<Mutex<HashMap<String, String>>>,
}

impl ImageUpdateAutomationReconciler {
    /// A reconciler acting as `ctx` says.
    pub fn new(ctx: Arc<Context>) -> Self {
        ImageUpdateAutomationReconciler {
            ctx,
            seen: Default::default(),
        }
    }
}

/// Everything the Git steps need, read from the cluster before any Git operation.
struct GitConfig {
    checkout: CheckoutOptions,
    /// The checkout branch (the base of our pull requests), when the checkout is a branch.
    checkout_branch: Option<String>,
    push_branch: String,
    refspec: Option<String>,
    switch_branch: bool,
    signing: Option<Signing>,
}

fn now() -> Time {
    Time(k8s_openapi::jiff::Timestamp::now())
}

impl ImageUpdateAutomationReconciler {
    /// The ImagePolicies of the automation's namespace its selector picks, that have a latest
    /// reference.
    async fn policies(&self, obj: &ImageUpdateAutomation) -> Result<Vec<ImagePolicy>, Failure> {
        let ns = obj.namespace().unwrap_or_default();
        let invalid = |e: String| {
            Failure::stalled(
                why::INVALID_POLICY_SELECTOR,
                format!("failed to parse policy selector: {e}"),
            )
        };
        let mut lp = ListParams::default();
        if let Some(sel) = &obj.spec.policy_selector {
            let s = crate::cluster::selector_string(sel).map_err(invalid)?;
            if !s.is_empty() {
                lp = lp.labels(&s);
            }
        }
        let api: Api<ImagePolicy> = Api::namespaced(self.ctx.client.clone(), &ns);
        let list = match api.list(&lp).await {
            Ok(l) => l,
            Err(kube::Error::Api(e)) if e.code == 400 => return Err(invalid(e.message)),
            Err(e) => {
                return Err(Failure::retry(
                    reason::FAILED,
                    format!(
                        "failed to list policies: {}",
                        crate::cluster::api_message(&e)
                    ),
                ))
            }
        };
        Ok(list
            .items
            .into_iter()
            .filter(|p| p.status.as_ref().is_some_and(|s| s.latest_ref.is_some()))
            .collect())
    }

    /// The GitRepository and the Git access built from it and the automation's `git` spec
    /// (image-automation's source manager).
    async fn git_config(&self, obj: &ImageUpdateAutomation) -> Result<GitConfig, Failure> {
        let ns = obj.namespace().unwrap_or_default();
        let invalid = |m: String| Failure::stalled(why::INVALID_SOURCE_CONFIG, m);
        let failed = |m: String| {
            Failure::retry(
                why::SOURCE_MANAGER_FAILED,
                format!("failed configuring source manager: {m}"),
            )
        };
        let Some(git_spec) = &obj.spec.git else {
            return Err(invalid(String::from(
                "source kind 'GitRepository' necessitates field .spec.git: invalid source configuration",
            )));
        };
        let r = &obj.spec.source_ref;
        let src_ns = r
            .namespace
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or(ns.clone());
        if src_ns != ns && self.ctx.runtime.no_cross_namespace_refs {
            return Err(Failure::stalled(
                why::ACCESS_DENIED,
                format!(
                    "can't access 'GitRepository/{src_ns}/{}', cross-namespace references have been blocked",
                    r.name
                ),
            ));
        }
        let api: Api<GitRepository> = Api::namespaced(self.ctx.client.clone(), &src_ns);
        let repo = match api.get_opt(&r.name).await {
            Ok(Some(repo)) => repo,
            Ok(None) => {
                return Err(failed(format!(
                    "referenced git repository does not exist: GitRepository.source.toolkit.fluxcd.io \"{}\" not found",
                    r.name
                )))
            }
            Err(e) => {
                return Err(failed(format!(
                    "failed to get referenced git repository: {}",
                    crate::cluster::api_message(&e)
                )))
            }
        };
        let checkout_ref: Option<GitRepositoryRef> = git_spec
            .checkout
            .as_ref()
            .map(|c| c.reference.clone())
            .or_else(|| repo.spec.reference.clone());
        let push = git_spec.push.as_ref();
        let refspec = push
            .and_then(|p| p.refspec.clone())
            .filter(|r| !r.is_empty());
        if let Some(spec) = &refspec {
            if spec.starts_with(':') {
                return Err(invalid(String::from(
                    "push refspec must not specify a deletion: invalid source configuration",
                )));
            }
            if spec.starts_with('+') {
                return Err(invalid(String::from(
                    "push refspec must not specify a force update: invalid source configuration",
                )));
            }
        }
        let checkout_branch = checkout_ref
            .as_ref()
            .and_then(|r| r.branch.clone())
            .unwrap_or_default();
        let (push_branch, switch_branch) =
            match push.and_then(|p| p.branch.clone()).filter(|b| !b.is_empty()) {
                Some(b) => {
                    let switch = match &checkout_ref {
                        Some(_) => b != checkout_branch,
                        None => b != DEFAULT_BRANCH,
                    };
                    (b, switch)
                }
                None if !checkout_branch.is_empty() => (checkout_branch.clone(), false),
                None => {
                    return Err(failed(String::from(
                        "push spec not provided, and cannot be inferred from .spec.git.checkout.ref or GitRepository .spec.ref",
                    )))
                }
            };
        let (auth, proxy) = crate::controllers::source::git::load_auth(
            &repo,
            &self.ctx.client,
            self.ctx
                .runtime
                .feature(crate::runtime::OBJECT_LEVEL_WORKLOAD_IDENTITY),
        )
        .await
        .map_err(|e| failed(e.to_string()))?;
        let mut reference = checkout_ref.unwrap_or_default();
        if reference == GitRepositoryRef::default() {
            reference.branch = Some(DEFAULT_BRANCH.to_string());
        }
        let plain_branch = reference.tag.as_deref().unwrap_or_default().is_empty()
            && reference.semver.as_deref().unwrap_or_default().is_empty()
            && reference.name.as_deref().unwrap_or_default().is_empty()
            && reference.commit.as_deref().unwrap_or_default().is_empty();
        let checkout_branch = reference
            .branch
            .clone()
            .filter(|b| plain_branch && !b.is_empty());
        let checkout = CheckoutOptions {
            url: repo.spec.url.clone(),
            reference,
            auth,
            proxy,
            timeout: Some(
                repo.spec
                    .timeout
                    .map(|t| t.std())
                    .unwrap_or(Duration::from_secs(60)),
            ),
            ..Default::default()
        };
        let signing = match &git_spec.commit.signing_key {
            None => None,
            Some(key) => Some(self.signing(&ns, key).await.map_err(failed)?),
        };
        Ok(GitConfig {
            checkout,
            checkout_branch,
            push_branch,
            refspec,
            switch_branch,
            signing,
        })
    }

    /// The commit signer from the signing key Secret (in the automation's namespace), checked
    /// now so a bad key fails before anything is cloned.
    async fn signing(
        &self,
        ns: &str,
        key: &crate::api::image::SigningKey,
    ) -> Result<Signing, String> {
        let name = &key.secret_ref.name;
        let api: Api<Secret> = Api::namespaced(self.ctx.client.clone(), ns);
        let secret = api.get_opt(name).await.map_err(|e| {
            format!(
                "could not find signing key secret '{name}': {}",
                crate::cluster::api_message(&e)
            )
        })?;
        let secret = secret.ok_or_else(|| {
            format!("could not find signing key secret '{name}': secrets \"{name}\" not found")
        })?;
        let data: BTreeMap<String, String> = secret
            .data
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| (k, String::from_utf8_lossy(&v.0).into_owned()))
            .collect();
        let signing = match key.type_.unwrap_or(SigningKeyType::Gpg) {
            SigningKeyType::Gpg => {
                let ring = data.get("git.asc").ok_or_else(|| {
                    format!("signing key secret '{name}' does not contain a 'git.asc' key")
                })?;
                let count = crate::git::sign::pgp_key_count(ring)
                    .map_err(|e| format!("could not read signing key from secret '{name}': {e}"))?;
                if count > 1 {
                    return Err(format!("multiple entities read from secret '{name}', could not determine which signing key to use"));
                }
                Signing::Pgp {
                    key_ring: ring.clone(),
                    passphrase: data.get("passphrase").cloned().unwrap_or_default(),
                    key_id: None,
                }
            }
            SigningKeyType::Ssh => {
                let identity = data.get("identity").ok_or_else(|| {
                    format!("signing key secret '{name}' does not contain an 'identity' key")
                })?;
                Signing::Ssh {
                    private_key: identity.clone(),
                    passphrase: data.get("password").cloned().unwrap_or_default(),
                }
            }
        };
        signing.sign("probe\n").map_err(|e| {
            if e.contains("no passphrase was given") {
                let field = match key.type_ {
                    Some(SigningKeyType::Ssh) => "password",
                    _ => "passphrase",
                };
                format!("can not use passphrase protected signing key without '{field}' field present in secret {name}")
            } else {
                format!("could not read signing key from secret '{name}': {e}")
            }
        })?;
        Ok(signing)
    }
}

/// The policies as the status records them (`observedPolicies`).
fn observed(policies: &[ImagePolicy]) -> BTreeMap<String, ImageRef> {
    policies
        .iter()
        .filter_map(|p| {
            let latest = p.status.as_ref()?.latest_ref.clone()?;
            Some((p.name_any(), latest))
        })
        .collect()
}

/// What one Git run did.
enum GitOutcome {
    /// The checkout reference has not moved since the last run.
    Unchanged,
    /// Checked out; the setters changed nothing (or nothing was staged).
    NoChange { revision: String },
    /// Committed and pushed.
    Pushed {
        revision: String,
        commit: String,
        message: String,
    },
}

/// Why a Git run failed: the reason and message for Ready, and whether to stall.
struct GitFailure {
    reason: &'static str,
    message: String,
    stalled: bool,
}

impl GitFailure {
    fn retry(reason: &'static str, message: String) -> GitFailure {
        GitFailure {
            reason,
            message,
            stalled: false,
        }
    }
}

/// The Git steps, blocking: short-circuit, checkout, setters, commit, push.
#[allow(clippy::too_many_arguments)]
fn run_git(
    cfg: &GitConfig,
    last_observed: Option<&str>,
    update_path: &str,
    policies: &[ImagePolicy],
    automation: (&str, &str),
    template: &str,
    values: &BTreeMap<String, String>,
    author: (&str, &str),
    force_push: bool,
    all_branches: bool,
    push_options: &[String],
) -> Result<GitOutcome, GitFailure> {
    let checkout_failed = |e: crate::git::Error| {
        GitFailure::retry(
            why::GIT_OPERATION_FAILED,
            format!("failed to checkout source: {e}"),
        )
    };
    let r = &cfg.checkout.reference;
    let resolvable = r.commit.as_deref().unwrap_or_default().is_empty()
        && r.semver.as_deref().unwrap_or_default().is_empty();
    if let Some(last) = last_observed.filter(|_| resolvable) {
        if let Some(head) = crate::git::resolve_remote(&cfg.checkout).map_err(checkout_failed)? {
            if head.revision == last {
                return Ok(GitOutcome::Unchanged);
            }
        }
    }
    let dir = tempfile::Builder::new()
        .prefix("image-automation-")
        .tempdir()
        .map_err(|e| {
            GitFailure::retry(
                why::GIT_OPERATION_FAILED,
                format!("failed to checkout source: {e}"),
            )
        })?;
    let (ws, checkout) = Workspace::for_update(
        &cfg.checkout,
        &cfg.push_branch,
        cfg.switch_branch && all_branches,
        dir.path(),
    )
    .map_err(checkout_failed)?;
    let (ns, name) = automation;
    let latest: HashMap<(String, String), LatestRef> = policies
        .iter()
        .filter_map(|p| {
            let l = p.status.as_ref()?.latest_ref.as_ref()?;
            Some((
                (p.namespace().unwrap_or_default(), p.name_any()),
                LatestRef {
                    name: l.name.clone(),
                    tag: l.tag.clone(),
                    digest: l.digest.clone(),
                },
            ))
        })
        .collect();
    let resolve = |m: &setters::Marker| latest.get(&(m.namespace.clone(), m.name.clone())).cloned();
    let changes = setters::update_files(&ws.dir, update_path, &resolve).map_err(|e| {
        GitFailure::retry(why::UPDATE_FAILED, format!("failed to apply policies: {e}"))
    })?;
    if changes.is_empty() {
        return Ok(GitOutcome::NoChange {
            revision: checkout.revision,
        });
    }
    let message =
        message::commit_message(template, ns, name, &changes, values).map_err(|e| match e {
            MessageError::RemovedField(m) => GitFailure {
                reason: why::REMOVED_TEMPLATE_FIELD,
                message: m,
                stalled: true,
            },
            e => GitFailure::retry(
                why::GIT_OPERATION_FAILED,
                format!("failed to update source: {e}"),
            ),
        })?;
    let update_failed = |e: crate::git::Error| {
        GitFailure::retry(
            why::GIT_OPERATION_FAILED,
            format!("failed to update source: {e}"),
        )
    };
    let signer = cfg.signing.as_ref().map(|s| move |buf: &str| s.sign(buf));
    let sign: Option<crate::git::workspace::Signer> =
        signer.as_ref().map(|f| f as crate::git::workspace::Signer);
    let Some(commit) = ws.commit(&message, author, sign).map_err(update_failed)? else {
        return Ok(GitOutcome::NoChange {
            revision: checkout.revision,
        });
    };
    ws.push_update(
        force_push && cfg.switch_branch,
        push_options,
        cfg.refspec.as_deref(),
    )
    .map_err(update_failed)?;
    let revision = if cfg.switch_branch {
        checkout.revision
    } else {
        format!("{}@sha1:{commit}", cfg.push_branch)
    };
    Ok(GitOutcome::Pushed {
        revision,
        commit,
        message,
    })
}

/// Opens the pull/merge request `obj` asks for from the push branch into the checkout branch,
/// unless one is open already; returns its URL when it was opened now.
async fn ensure_pull_request(
    obj: &ImageUpdateAutomation,
    provider: &str,
    cfg: &GitConfig,
    message: &str,
) -> Result<Option<String>, String> {
    let base = cfg.checkout_branch.clone().ok_or_else(|| {
        String::from("a pull request needs a branch to merge into: check out a branch")
    })?;
    let url = url::Url::parse(&cfg.checkout.url).map_err(|e| format!("GitRepository URL: {e}"))?;
    let git_host = match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        _ => return Err(String::from("the GitRepository URL has no host")),
    };
    let hostname = obj
        .annotations()
        .get(PULL_REQUEST_HOSTNAME_ANNOTATION)
        .cloned()
        .filter(|h| !h.is_empty())
        .unwrap_or(git_host);
    let path = url
        .path()
        .trim_matches('/')
        .trim_end_matches(".git")
        .to_string();
    let auth = &cfg.checkout.auth;
    let token = auth
        .bearer_token
        .clone()
        .or_else(|| auth.password.clone())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            String::from("the GitRepository's Secret has no 'password' or 'bearerToken' to call the provider's API with")
        })?;
    let ca = auth.ca_cert.as_deref();
    let head = cfg.push_branch.as_str();
    let title = message.lines().next().unwrap_or_default().to_string();
    let body = format!(
        "{}\n\nOpened by the image update automation {}/{}.",
        message
            .lines()
            .skip(1)
            .collect::<Vec<_>>()
            .join("\n")
            .trim(),
        obj.namespace().unwrap_or_default(),
        obj.name_any()
    );
    let body = body.trim_start().to_string();
    let err = |e: crate::bootstrap::Error| e.to_string();
    match provider {
        "github" | "gitea" => {
            let (owner, name) = path
                .split_once('/')
                .ok_or_else(|| format!("cannot tell the owner and repository from '{path}'"))?;
            let gh = if provider == "gitea" {
                crate::bootstrap::github::GitHub::gitea(&hostname, &token, ca)
            } else {
                crate::bootstrap::github::GitHub::new(&hostname, &token, ca)
            }
            .map_err(err)?;
            if gh
                .find_open_pull_request(owner, name, head, &base)
                .await
                .map_err(err)?
                .is_some()
            {
                return Ok(None);
            }
            let (_, url) = gh
                .open_pull_request(owner, name, head, &base, &title, &body)
                .await
                .map_err(err)?;
            Ok(Some(url))
        }
        "gitlab" => {
            let gl = crate::bootstrap::gitlab::GitLab::new(&hostname, &token, ca).map_err(err)?;
            let id = gl.project_id(&path).await.map_err(err)?;
            if gl
                .find_open_merge_request(id, head, &base)
                .await
                .map_err(err)?
                .is_some()
            {
                return Ok(None);
            }
            let (_, url) = gl
                .open_merge_request(id, head, &base, &title, &body)
                .await
                .map_err(err)?;
            Ok(Some(url))
        }
        other => Err(format!(
            "unknown provider '{other}' in {PULL_REQUEST_ANNOTATION}: use github, gitea or gitlab"
        )),
    }
}

/// Flux's event after a push: `pushed commit '<short>' to branch '<b>'[ and refspecs '<r>']`
/// and the commit message.
fn push_summary(commit: &str, branch: &str, refspec: Option<&str>, message: &str) -> String {
    let short: String = commit.chars().take(7).collect();
    let mut s = format!("pushed commit '{short}' to branch '{branch}'");
    if let Some(r) = refspec {
        s.push_str(&format!(" and refspecs '{r}'"));
    }
    if !message.is_empty() {
        s.push('\n');
        s.push_str(message);
    }
    s
}

impl Reconciler for ImageUpdateAutomationReconciler {
    type Object = ImageUpdateAutomation;
    const CONTROLLER: &'static str = CONTROLLER;
    const NAME: &'static str = "imageupdateautomation";

    async fn reconcile(
        &self,
        obj: &ImageUpdateAutomation,
        status: &mut ImageUpdateAutomationStatus,
    ) -> Result<Success, Failure> {
        status.last_automation_run_time = Some(now());
        let was_ready = status
            .conditions
            .iter()
            .any(|c| c.type_ == condition::READY && c.status == "True");
        let policies = self.policies(obj).await?;
        let observed_now = observed(&policies);
        let mut sync_needed = status.observed_policies.clone().unwrap_or_default() != observed_now;
        let cfg = self.git_config(obj).await?;
        if cfg.switch_branch || cfg.refspec.is_some() {
            sync_needed = true;
        }
        let last_observed = status
            .observed_source_revision
            .clone()
            .filter(|r| !sync_needed && !r.is_empty());
        let git_spec = obj.spec.git.clone().unwrap_or_default();
        let update_path = obj
            .spec
            .update
            .as_ref()
            .and_then(|u| u.path.clone())
            .unwrap_or_default();
        let ns = obj.namespace().unwrap_or_default();
        let name = obj.name_any();
        let template = git_spec.commit.message_template.clone().unwrap_or_default();
        let values = git_spec
            .commit
            .message_template_values
            .clone()
            .unwrap_or_default();
        let author = (
            git_spec.commit.author.name.clone().unwrap_or_default(),
            git_spec.commit.author.email.clone(),
        );
        let push_options: Vec<String> = git_spec
            .push
            .as_ref()
            .and_then(|p| p.options.clone())
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let force_push = self.ctx.gate(GIT_FORCE_PUSH_BRANCH);
        let all_branches = self.ctx.gate(GIT_ALL_BRANCH_REFERENCES);
        let refspec = cfg.refspec.clone();
        let push_branch = cfg.push_branch.clone();
        let cfg = Arc::new(cfg);
        let git_cfg = cfg.clone();
        let outcome = tokio::task::spawn_blocking(move || {
            run_git(
                &git_cfg,
                last_observed.as_deref(),
                &update_path,
                &policies,
                (&ns, &name),
                &template,
                &values,
                (&author.0, &author.1),
                force_push,
                all_branches,
                &push_options,
            )
        })
        .await
        .map_err(|e| Failure::retry(why::GIT_OPERATION_FAILED, e.to_string()))?;
        let mut events = vec![];
        // A pull request that could not be opened last time is tried again.
        let mut pull_request_message = status
            .conditions
            .iter()
            .find(|c| c.type_ == condition::READY && c.reason == PULL_REQUEST_FAILED)
            .map(|_| format!("Update from image update automation {}", obj.name_any()));
        match outcome {
            Err(f) if f.stalled => return Err(Failure::stalled(f.reason, f.message)),
            Err(f) => return Err(Failure::retry(f.reason, f.message)),
            Ok(GitOutcome::Unchanged) => {}
            Ok(GitOutcome::NoChange { revision }) => {
                status.observed_source_revision = Some(revision);
                status.observed_policies = Some(observed_now);
            }
            Ok(GitOutcome::Pushed {
                revision,
                commit,
                message,
            }) => {
                status.observed_source_revision = Some(revision);
                status.observed_policies = Some(observed_now);
                status.last_push_time = Some(now());
                events.push(Event::normal(
                    reason::SUCCEEDED,
                    push_summary(&commit, &push_branch, refspec.as_deref(), &message),
                ));
                status.last_push_commit = Some(commit);
                pull_request_message = Some(message);
            }
        }
        let provider = obj
            .annotations()
            .get(PULL_REQUEST_ANNOTATION)
            .cloned()
            .filter(|p| !p.is_empty());
        if let (Some(provider), Some(message), true) =
            (provider, pull_request_message, cfg.switch_branch)
        {
            match ensure_pull_request(obj, &provider, &cfg, &message).await {
                Ok(Some(url)) => events.push(Event::normal(
                    "PullRequestOpened",
                    format!(
                        "opened pull request {url} from '{push_branch}' into '{}'",
                        cfg.checkout_branch.clone().unwrap_or_default()
                    ),
                )),
                Ok(None) => {}
                Err(e) => {
                    return Err(Failure::retry(
                        PULL_REQUEST_FAILED,
                        format!(
                        "pushed to branch '{push_branch}' but could not open a pull request: {e}"
                    ),
                    ))
                }
            }
        }
        if events.is_empty() && !was_ready {
            events.push(Event::normal(reason::SUCCEEDED, READY_MESSAGE));
        }
        Ok(Success {
            reason: reason::SUCCEEDED,
            message: READY_MESSAGE.to_string(),
            events,
        })
    }

    async fn cleanup(&self, _obj: &ImageUpdateAutomation) -> Result<(), Failure> {
        Ok(())
    }

    /// A new generation of the GitRepository runs the automations pushing to it; a new
    /// `latestRef` of an ImagePolicy runs every automation in its namespace (whatever their
    /// selectors), as Flux's watches do.
    fn watches(&self, w: &mut Watches<'_, ImageUpdateAutomation>) {
        let seen = self.seen.clone();
        w.watch::<GitRepository>(move |repo, store| {
            let (name, ns) = (repo.name_any(), repo.namespace().unwrap_or_default());
            let key = format!("GitRepository/{ns}/{name}");
            let generation = repo.metadata.generation.unwrap_or_default().to_string();
            let mut seen = seen.lock().unwrap_or_else(|p| p.into_inner());
            if seen.insert(key, generation.clone()) == Some(generation) {
                return vec![];
            }
            store
                .state()
                .iter()
                .filter(|a| {
                    let r = &a.spec.source_ref;
                    let ans = a.namespace().unwrap_or_default();
                    r.name == name
                        && r.namespace.clone().filter(|n| !n.is_empty()).unwrap_or(ans) == ns
                })
                .map(|a| ObjectRef::from_obj(a.as_ref()))
                .collect()
        });
        let seen = self.seen.clone();
        w.watch::<ImagePolicy>(move |policy, store| {
            let ns = policy.namespace().unwrap_or_default();
            let key = format!("ImagePolicy/{ns}/{}", policy.name_any());
            let latest =
                serde_json::to_string(&policy.status.as_ref().and_then(|s| s.latest_ref.clone()))
                    .unwrap_or_default();
            let mut seen = seen.lock().unwrap_or_else(|p| p.into_inner());
            if seen.insert(key, latest.clone()) == Some(latest) {
                return vec![];
            }
            store
                .state()
                .iter()
                .filter(|a| a.namespace().unwrap_or_default() == ns)
                .map(|a| ObjectRef::from_obj(a.as_ref()))
                .collect()
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, LabelSelectorRequirement};

    #[test]
    fn selectors_become_the_api_servers_syntax_and_bad_ones_say_why() {
        let sel = LabelSelector {
            match_labels: Some(BTreeMap::from([("app".to_string(), "web".to_string())])),
            match_expressions: Some(vec![
                LabelSelectorRequirement {
                    key: "tier".into(),
                    operator: "In".into(),
                    values: Some(vec!["a".into(), "b".into()]),
                },
                LabelSelectorRequirement {
                    key: "skip".into(),
                    operator: "DoesNotExist".into(),
                    values: None,
                },
            ]),
        };
        assert_eq!(
            crate::cluster::selector_string(&sel).unwrap(),
            "app=web,tier in (a,b),!skip"
        );
        let bad = LabelSelector {
            match_expressions: Some(vec![LabelSelectorRequirement {
                key: "x".into(),
                operator: "Near".into(),
                values: None,
            }]),
            ..Default::default()
        };
        assert_eq!(
            crate::cluster::selector_string(&bad).unwrap_err(),
            "\"Near\" is not a valid label selector operator"
        );
    }

    #[test]
    fn the_push_event_names_the_short_commit_branch_refspec_and_message() {
        assert_eq!(
            push_summary(
                "0123456789abcdef",
                "main",
                Some("refs/heads/main:refs/heads/auto"),
                "Update"
            ),
            "pushed commit '0123456' to branch 'main' and refspecs 'refs/heads/main:refs/heads/auto'\nUpdate"
        );
        assert_eq!(
            push_summary("0123456789", "main", None, ""),
            "pushed commit '0123456' to branch 'main'"
        );
    }
}
