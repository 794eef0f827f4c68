//! The GitRepository reconciler, on the shared runtime.
//!
//! Its steps: load credentials -> resolve the remote revision (skip everything when the
//! stored artifact is current) -> check out -> build and store the artifact; the runtime
//! patches status once. Errors say what happens next: credentials and Git failures are
//! retried with backoff, invalid specs stall until the spec changes.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use k8s_openapi::api::core::v1::Secret;
use kube::api::Api;
use kube::runtime::reflector::ObjectRef;
use kube::ResourceExt;

use super::{Context, CONTROLLER};
use crate::api::meta::Artifact;
use crate::api::meta::{condition, reason};
use crate::api::source::GitProvider;
use crate::api::source::{GitRepository, GitRepositoryInclude, GitRepositoryStatus};
use crate::artifact::ignore::Filter;
use crate::git::{self, githubapp, Auth, CheckoutOptions};
use crate::runtime::conditions;
use crate::runtime::manager::Watches;
use crate::runtime::reconciler::{Event, Failure, Reconciler, Success};

const KIND: &str = "GitRepository";

/// Errors of one reconcile, classified by what happens next.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The user must change the spec; retrying cannot help.
    #[error("{message}")]
    Stalled {
        /// Condition reason.
        reason: &'static str,
        /// Message.
        message: String,
    },
    /// May pass on retry (network, credentials, API server).
    #[error("{message}")]
    Transient {
        /// Condition reason.
        reason: &'static str,
        /// Message.
        message: String,
    },
    /// A commit or tag signature was not accepted; retried (a new signed commit may fix it).
    #[error("{message}")]
    Unverified {
        /// Condition reason.
        reason: &'static str,
        /// Message.
        message: String,
    },
    /// An included GitRepository is missing or has no artifact yet; retried.
    #[error("{message}")]
    IncludeUnavailable {
        /// Condition reason.
        reason: &'static str,
        /// Message.
        message: String,
    },
    /// A Kubernetes API call failed.
    #[error(transparent)]
    Kube(#[from] kube::Error),
}

impl Error {
    fn reason(&self) -> &'static str {
        match self {
            Error::Stalled { reason, .. }
            | Error::Transient { reason, .. }
            | Error::IncludeUnavailable { reason, .. }
            | Error::Unverified { reason, .. } => reason,
            _ => reason::FAILED,
        }
    }
}

/// The GitRepository reconciler on the shared runtime.
pub struct GitRepositoryReconciler {
    ctx: Arc<Context>,
}

impl GitRepositoryReconciler {
    /// A reconciler storing artifacts as `ctx` says.
    pub fn new(ctx: Arc<Context>) -> Self {
        GitRepositoryReconciler { ctx }
    }
}

impl Error {
    /// What happens next: invalid specs stall; everything else is retried with backoff.
    fn into_failure(self) -> Failure {
        let reason = self.reason();
        let message = self.to_string();
        match self {
            Error::Stalled { .. } => Failure::stalled(reason, message),
            Error::Kube(e) => Failure::from(e),
            _ => Failure::retry(reason, message),
        }
    }
}

impl Reconciler for GitRepositoryReconciler {
    type Object = GitRepository;
    const CONTROLLER: &'static str = CONTROLLER;
    const NAME: &'static str = "gitrepository";

    /// Produces (or confirms) the artifact. Sets ArtifactInStorage on success; FetchFailed,
    /// IncludeUnavailable or SourceVerified=False on the failures they name.
    async fn reconcile(
        &self,
        obj: &GitRepository,
        status: &mut GitRepositoryStatus,
    ) -> Result<Success, Failure> {
        let generation = obj.metadata.generation;
        match produce_artifact(obj, &self.ctx, status).await {
            Ok(new_commit) => {
                let revision = status
                    .artifact
                    .as_ref()
                    .map(|a| a.revision.clone())
                    .unwrap_or_default();
                let msg = format!("stored artifact for revision '{revision}'");
                conditions::set(
                    &mut status.conditions,
                    condition::ARTIFACT_IN_STORAGE,
                    true,
                    reason::SUCCEEDED,
                    &msg,
                    generation,
                );
                for c in [
                    condition::FETCH_FAILED,
                    condition::ARTIFACT_OUTDATED,
                    condition::STORAGE_OPERATION_FAILED,
                    condition::INCLUDE_UNAVAILABLE,
                ] {
                    conditions::remove(&mut status.conditions, c);
                }
                let events = new_commit
                    .map(|commit| {
                        Event::normal(
                            reason::NEW_ARTIFACT,
                            format!("stored artifact for commit '{commit}'"),
                        )
                        .with_metadata(revision_metadata(&revision))
                    })
                    .into_iter()
                    .collect();
                Ok(Success {
                    reason: reason::SUCCEEDED,
                    message: msg,
                    events,
                })
            }
            Err(e) => {
                if !matches!(e, Error::Stalled { .. } | Error::Kube(_)) {
                    let failed = match e {
                        Error::IncludeUnavailable { .. } => condition::INCLUDE_UNAVAILABLE,
                        Error::Unverified { .. } => condition::SOURCE_VERIFIED,
                        _ => condition::FETCH_FAILED,
                    };
                    // SourceVerified has positive polarity: a failed verification is False.
                    let polarity = !matches!(e, Error::Unverified { .. });
                    conditions::set(
                        &mut status.conditions,
                        failed,
                        polarity,
                        e.reason(),
                        &e.to_string(),
                        generation,
                    );
                }
                Err(e.into_failure())
            }
        }
    }

    /// Removes the object's artifacts from storage.
    async fn cleanup(&self, obj: &GitRepository) -> Result<(), Failure> {
        let ns = obj.namespace().unwrap_or_default();
        self.ctx
            .storage
            .remove_all(KIND, &ns, &obj.name_any())
            .map_err(|e| Failure::retry(reason::FAILED, format!("removing artifacts: {e}")))
    }

    /// Failure events name the revision of the artifact in storage.
    fn failure_metadata(
        &self,
        _obj: &GitRepository,
        status: &GitRepositoryStatus,
    ) -> BTreeMap<String, String> {
        status
            .artifact
            .as_ref()
            .map(|a| revision_metadata(&a.revision))
            .unwrap_or_default()
    }

    /// A changed GitRepository re-reconciles every GitRepository that includes it.
    fn watches(&self, w: &mut Watches<'_, GitRepository>) {
        w.watch::<GitRepository>(|changed, store| {
            let ns = changed.namespace();
            let name = changed.name_any();
            store
                .state()
                .into_iter()
                .filter(|o| {
                    o.namespace() == ns && o.spec.include.iter().any(|i| i.repository.name == name)
                })
                .map(|o| ObjectRef::from_obj(o.as_ref()))
                .collect()
        });
    }
}

fn revision_metadata(revision: &str) -> BTreeMap<String, String> {
    BTreeMap::from([(
        format!("{}/revision", crate::api::source::GROUP),
        revision.to_string(),
    )])
}

/// Reads the credentials Secret into Git auth. Sets no conditions; errors are transient.
pub(crate) async fn load_auth(
    obj: &GitRepository,
    client: &kube::Client,
    object_identity: bool,
) -> Result<(Auth, Option<String>), Error> {
    let ns = obj.namespace().unwrap_or_default();
    let secrets: Api<Secret> = Api::namespaced(client.clone(), &ns);
    let mut auth = Auth::default();
    let mut app = None;
    if let Some(r) = &obj.spec.secret_ref {
        let data = secret_data(&secrets, &ns, &r.name).await?;
        app = Some((r.name.clone(), githubapp::has_app_data(&data), data.clone()));
        let get = |k: &str| data.get(k).cloned();
        auth.username = get("username");
        auth.password = get("password");
        auth.bearer_token = get("bearerToken");
        auth.identity = get("identity");
        auth.identity_pub = get("identity.pub");
        auth.known_hosts = get("known_hosts");
        auth.passphrase = get("password");
        auth.ca_cert = get("ca.crt").or_else(|| get("caFile"));
        if obj.spec.url.starts_with("ssh://") {
            if auth.identity.is_none() {
                return Err(Error::Transient {
                    reason: reason::AUTHENTICATION_FAILED,
                    message: format!(
                        "secret '{ns}/{}': missing 'identity' key for an SSH URL",
                        r.name
                    ),
                });
            }
            if auth.known_hosts.is_none() {
                return Err(Error::Transient {
                    reason: reason::AUTHENTICATION_FAILED,
                    message: format!(
                        "secret '{ns}/{}': missing 'known_hosts' key for an SSH URL",
                        r.name
                    ),
                });
            }
        }
    }
    let mut proxy = None;
    if let Some(r) = &obj.spec.proxy_secret_ref {
        let data = secret_data(&secrets, &ns, &r.name).await?;
        let Some(address) = data.get("address") else {
            return Err(Error::Transient {
                reason: reason::AUTHENTICATION_FAILED,
                message: format!(
                    "secret '{ns}/{}': missing 'address' key for the proxy",
                    r.name
                ),
            });
        };
        if address.contains('\0')
            || !(address.starts_with("http://") || address.starts_with("https://"))
        {
            return Err(Error::Stalled {
                reason: reason::INVALID_REFERENCE,
                message: format!(
                    "secret '{ns}/{}': 'address' must be an http:// or https:// URL",
                    r.name
                ),
            });
        }
        proxy = Some(match (data.get("username"), data.get("password")) {
            (Some(u), Some(p)) => match address.split_once("://") {
                Some((scheme, rest)) => format!("{scheme}://{u}:{p}@{rest}"),
                None => address.clone(),
            },
            _ => address.clone(),
        });
    }
    let provider = obj.spec.provider.unwrap_or_default();
    match (provider, app) {
        (GitProvider::Github, None) => {
            return Err(Error::Stalled {
                reason: INVALID_PROVIDER_CONFIGURATION,
                message: String::from(
                    "secretRef with github app data must be specified when provider is set to github",
                ),
            })
        }
        (GitProvider::Github, Some((_, false, _))) => {
            return Err(Error::Transient {
                reason: INVALID_PROVIDER_CONFIGURATION,
                message: String::from(
                    "secretRef with github app data must be specified when provider is set to github",
                ),
            })
        }
        (GitProvider::Github, Some((_, true, data))) => {
            let failed = |m: String| Error::Transient {
                reason: reason::AUTHENTICATION_FAILED,
                message: format!("failed to configure authentication options: {m}"),
            };
            let app = githubapp::App::from_secret(&data).map_err(failed)?;
            let mut http = reqwest::Client::builder().timeout(Duration::from_secs(30));
            if let Some(p) = &proxy {
                http = http.proxy(reqwest::Proxy::all(p).map_err(|e| failed(e.to_string()))?);
            }
            for c in auth
                .ca_cert
                .as_deref()
                .map(|ca| reqwest::Certificate::from_pem_bundle(ca.as_bytes()))
                .transpose()
                .map_err(|e| failed(e.to_string()))?
                .unwrap_or_default()
            {
                http = http.add_root_certificate(c);
            }
            let http = http.build().map_err(|e| failed(e.to_string()))?;
            let token = app.installation_token(&http).await.map_err(failed)?;
            auth.username = Some(githubapp::ACCESS_TOKEN_USERNAME.to_string());
            auth.password = Some(token);
            auth.bearer_token = None;
        }
        (GitProvider::Generic, Some((name, true, _))) => {
            return Err(Error::Transient {
                reason: INVALID_PROVIDER_CONFIGURATION,
                message: format!(
                    "secretRef '{ns}/{name}' has github app data but provider is not set to github"
                ),
            })
        }
        (GitProvider::Azure, _) => {
            auth.bearer_token = Some(azure_devops_token(obj, client, object_identity, &proxy).await?);
        }
        (GitProvider::Aws, _) => {
            return Err(Error::Stalled {
                reason: INVALID_PROVIDER_CONFIGURATION,
                message: String::from(
                    "provider 'aws' for Git is not supported by this controller yet: use a secretRef with credentials",
                ),
            })
        }
        _ => {}
    }
    Ok((auth, proxy))
}

/// `provider: azure`: an Azure DevOps token (Microsoft Entra) for the controller's identity, or
/// for the object's ServiceAccount behind Flux's `ObjectLevelWorkloadIdentity` gate.
async fn azure_devops_token(
    obj: &GitRepository,
    client: &kube::Client,
    object_identity: bool,
    proxy: &Option<String>,
) -> Result<String, Error> {
    let ns = obj.namespace().unwrap_or_default();
    let sa = obj
        .spec
        .service_account_name
        .as_deref()
        .filter(|s| !s.is_empty());
    if sa.is_some() && !object_identity {
        let gate = crate::runtime::OBJECT_LEVEL_WORKLOAD_IDENTITY;
        return Err(Error::Stalled {
            reason: "FeatureGateDisabled",
            message: format!("to use spec.serviceAccountName for provider authentication please enable the {gate} feature gate in the controller"),
        });
    }
    let failed = |m: String| Error::Transient {
        reason: reason::AUTHENTICATION_FAILED,
        message: format!("failed to configure authentication options: {m}"),
    };
    let mut http = reqwest::Client::builder().timeout(Duration::from_secs(30));
    if let Some(p) = proxy {
        http = http.proxy(reqwest::Proxy::all(p).map_err(|e| failed(e.to_string()))?);
    }
    let http = http.build().map_err(|e| failed(e.to_string()))?;
    let env: BTreeMap<String, String> = std::env::vars().collect();
    let identity = crate::cloud::registry::identity(client, &ns, sa, "azure", &http, &env)
        .await
        .map_err(failed)?;
    crate::cloud::registry::azure_devops_token(&http, &env, &identity)
        .await
        .map_err(|e| failed(e.to_string()))
}

/// source-controller's reason for provider settings that cannot work.
const INVALID_PROVIDER_CONFIGURATION: &str = "InvalidProviderConfiguration";

async fn secret_data(
    api: &Api<Secret>,
    ns: &str,
    name: &str,
) -> Result<BTreeMap<String, String>, Error> {
    let secret = api.get_opt(name).await?.ok_or_else(|| Error::Transient {
        reason: reason::AUTHENTICATION_FAILED,
        message: format!("failed to get secret '{ns}/{name}': secrets \"{name}\" not found"),
    })?;
    let mut out = BTreeMap::new();
    for (k, v) in secret.data.unwrap_or_default() {
        out.insert(k, String::from_utf8_lossy(&v.0).into_owned());
    }
    for (k, v) in secret.string_data.unwrap_or_default() {
        out.insert(k, v);
    }
    Ok(out)
}

fn git_error(e: git::Error) -> Error {
    let message = e.to_string();
    match e {
        git::Error::Auth { .. } | git::Error::HostKey { .. } | git::Error::Tls { .. } => {
            Error::Transient {
                reason: reason::AUTHENTICATION_FAILED,
                message,
            }
        }
        git::Error::Verification(ref v) => Error::Unverified {
            reason: if matches!(v, git::verify::Error::NotATag) || message.contains("tag '") {
                "InvalidTagSignature"
            } else {
                "InvalidCommitSignature"
            },
            message,
        },
        git::Error::Semver(_) => Error::Stalled {
            reason: reason::INVALID_REFERENCE,
            message,
        },
        _ => Error::Transient {
            reason: reason::GIT_OPERATION_FAILED,
            message,
        },
    }
}

/// Produces (or confirms) the artifact; returns the commit summary when a new one was stored.
async fn produce_artifact(
    obj: &GitRepository,
    ctx: &Context,
    status: &mut GitRepositoryStatus,
) -> Result<Option<String>, Error> {
    let spec = &obj.spec;
    if !(spec.url.starts_with("http://")
        || spec.url.starts_with("https://")
        || spec.url.starts_with("ssh://"))
    {
        return Err(Error::Stalled {
            reason: reason::INVALID_REFERENCE,
            message: format!(
                "invalid URL '{}': the scheme must be http, https or ssh",
                git::redact_url(&spec.url)
            ),
        });
    }
    let (auth, proxy) = load_auth(
        obj,
        &ctx.client,
        ctx.runtime
            .feature(crate::runtime::OBJECT_LEVEL_WORKLOAD_IDENTITY),
    )
    .await?;
    let opts = CheckoutOptions {
        url: spec.url.clone(),
        reference: spec.reference.clone().unwrap_or_default(),
        auth,
        proxy,
        timeout: Some(
            spec.timeout
                .map(|t| t.std())
                .unwrap_or(Duration::from_secs(60)),
        ),
        recurse_submodules: spec.recurse_submodules,
        sparse_checkout: spec.sparse_checkout.clone(),
        verify: verification(obj, ctx).await?,
        full_history: false,
    };

    let includes = resolve_includes(obj, ctx).await?;
    let included: Vec<Artifact> = includes.iter().map(|(_, a)| a.clone()).collect();

    // Skip the clone when the stored artifact already matches the remote, the spec and the
    // included artifacts.
    let unchanged_spec = status.observed_generation == obj.metadata.generation
        && status.observed_ignore == spec.ignore
        && status.observed_recurse_submodules == spec.recurse_submodules
        && status.observed_sparse_checkout == spec.sparse_checkout
        && status.observed_include == spec.include
        && digests(&status.included_artifacts) == digests(&included);
    if let Some(current) = status.artifact.clone() {
        if unchanged_spec && ctx.storage.exists(&current) {
            let o = opts.clone();
            let remote = run_blocking(&opts, move || git::resolve_remote(&o)).await?;
            if remote.is_some_and(|r| r.revision == current.revision) {
                return Ok(None);
            }
        }
    }

    let o = opts.clone();
    let workdir = tempfile::tempdir().map_err(|e| Error::Transient {
        reason: reason::STORAGE_OPERATION_FAILED,
        message: format!("creating a work directory: {e}"),
    })?;
    let dir = workdir.path().to_path_buf();
    let checked = run_blocking(&opts, move || git::checkout(&o, &dir)).await?;
    let root = ctx.storage.root.clone();
    let dest = workdir.path().to_path_buf();
    let to_copy = includes.clone();
    tokio::task::spawn_blocking(move || copy_includes(&root, &dest, &to_copy))
        .await
        .map_err(|e| Error::Transient {
            reason: reason::STORAGE_OPERATION_FAILED,
            message: e.to_string(),
        })??;

    let ns = obj.namespace().unwrap_or_default();
    let name = obj.name_any();
    let storage = ctx.storage.clone();
    let ignore = spec.ignore.clone();
    let revision = checked.revision.clone();
    let src = workdir.path().to_path_buf();
    let (artifact, removed) =
        tokio::task::spawn_blocking(move || -> Result<_, crate::artifact::Error> {
            let filter = Filter::new(&src, ignore.as_deref())?;
            // Flux names a Git artifact after its commit: `<hash>.tar.gz`.
            let commit = revision.rsplit(':').next().unwrap_or(&revision);
            let file = format!("{commit}.tar.gz");
            let artifact = storage.store_dir_as(
                KIND,
                &ns,
                &name,
                &src,
                Some(&filter),
                &revision,
                Some(&file),
            )?;
            let removed = storage.garbage_collect(KIND, &ns, &name, &artifact.path)?;
            Ok((artifact, removed))
        })
        .await
        .map_err(|e| Error::Transient {
            reason: reason::STORAGE_OPERATION_FAILED,
            message: e.to_string(),
        })?
        .map_err(|e| Error::Transient {
            reason: reason::STORAGE_OPERATION_FAILED,
            message: e.to_string(),
        })?;
    if !removed.is_empty() {
        tracing::debug!(?removed, "garbage collected artifacts");
    }
    let changed = status.artifact.as_ref().map(|a| a.digest.clone())
        != Some(artifact.digest.clone())
        || status.artifact.as_ref().map(|a| a.revision.as_str())
            != Some(artifact.revision.as_str());
    status.artifact = Some(artifact);
    status.observed_ignore = spec.ignore.clone();
    status.observed_recurse_submodules = spec.recurse_submodules;
    status.observed_sparse_checkout = spec.sparse_checkout.clone();
    status.observed_include = spec.include.clone();
    status.included_artifacts = included;
    match (&spec.verification, &checked.verified) {
        (Some(v), Some(what)) => {
            conditions::set(
                &mut status.conditions,
                condition::SOURCE_VERIFIED,
                true,
                reason::SUCCEEDED,
                &format!("verified signature of {what}"),
                obj.metadata.generation,
            );
            status.source_verification_mode = Some(v.mode.unwrap_or_default());
        }
        _ => {
            conditions::remove(&mut status.conditions, condition::SOURCE_VERIFIED);
            status.source_verification_mode = None;
        }
    }
    Ok(changed.then_some(checked.message))
}

/// Loads the verification mode and trusted keys when `spec.verify` is set.
async fn verification(
    obj: &GitRepository,
    ctx: &Context,
) -> Result<Option<(git::verify::Mode, BTreeMap<String, String>)>, Error> {
    use crate::api::source::GitVerificationMode as M;
    let Some(v) = &obj.spec.verification else {
        return Ok(None);
    };
    let ns = obj.namespace().unwrap_or_default();
    let secrets: Api<Secret> = Api::namespaced(ctx.client.clone(), &ns);
    let data = secret_data(&secrets, &ns, &v.secret_ref.name).await?;
    let mode = match v.mode.unwrap_or_default() {
        M::Tag => git::verify::Mode::Tag,
        M::TagAndHEAD => git::verify::Mode::TagAndHead,
        M::Head | M::LowerHead => git::verify::Mode::Head,
    };
    Ok(Some((mode, data)))
}

fn digests(artifacts: &[Artifact]) -> Vec<Option<String>> {
    artifacts.iter().map(|a| a.digest.clone()).collect()
}

/// A relative path with no `..`, absolute or empty components.
fn clean_relative(p: &str) -> Option<std::path::PathBuf> {
    let mut out = std::path::PathBuf::new();
    for c in std::path::Path::new(p).components() {
        match c {
            std::path::Component::Normal(x) => out.push(x),
            std::path::Component::CurDir => {}
            _ => return None,
        }
    }
    Some(out)
}

/// Looks up every included GitRepository's current artifact (same namespace).
async fn resolve_includes(
    obj: &GitRepository,
    ctx: &Context,
) -> Result<Vec<(GitRepositoryInclude, Artifact)>, Error> {
    let ns = obj.namespace().unwrap_or_default();
    let api: Api<GitRepository> = Api::namespaced(ctx.client.clone(), &ns);
    let mut out = Vec::new();
    for inc in &obj.spec.include {
        let name = &inc.repository.name;
        for (what, p) in [("fromPath", &inc.from_path), ("toPath", &inc.to_path)] {
            if let Some(p) = p {
                if clean_relative(p).is_none() {
                    return Err(Error::Stalled {
                        reason: reason::INVALID_PATH,
                        message: format!("include '{name}': {what} '{p}' must be a relative path inside the artifact"),
                    });
                }
            }
        }
        let Some(included) = api.get_opt(name).await? else {
            return Err(Error::IncludeUnavailable {
                reason: "NotFound",
                message: format!("could not get resource for include '{name}': gitrepositories \"{name}\" not found"),
            });
        };
        let Some(artifact) = included.status.and_then(|s| s.artifact) else {
            return Err(Error::IncludeUnavailable {
                reason: "NoArtifact",
                message: format!("no artifact available for include '{name}'"),
            });
        };
        if !ctx.storage.exists(&artifact) {
            return Err(Error::IncludeUnavailable {
                reason: "NoArtifact",
                message: format!("artifact of include '{name}' is not in storage"),
            });
        }
        out.push((inc.clone(), artifact));
    }
    Ok(out)
}

/// Copies each include's `fromPath` (default: the whole artifact) to `toPath` (default: the
/// included repository's name) inside `dest`.
fn copy_includes(
    storage_root: &std::path::Path,
    dest: &std::path::Path,
    includes: &[(GitRepositoryInclude, Artifact)],
) -> Result<(), Error> {
    let fail = |m: String| Error::Transient {
        reason: reason::STORAGE_OPERATION_FAILED,
        message: m,
    };
    for (inc, artifact) in includes {
        let name = &inc.repository.name;
        let tmp = tempfile::tempdir().map_err(|e| fail(e.to_string()))?;
        let file = std::fs::File::open(storage_root.join(&artifact.path))
            .map_err(|e| fail(format!("include '{name}': {e}")))?;
        crate::artifact::extract_tar_gz(file, tmp.path(), Default::default())
            .map_err(|e| fail(format!("include '{name}': {e}")))?;
        let from = tmp
            .path()
            .join(clean_relative(inc.from_path.as_deref().unwrap_or("")).unwrap_or_default());
        let to_rel = inc.to_path.clone().unwrap_or_else(|| name.clone());
        let to = dest.join(clean_relative(&to_rel).unwrap_or_default());
        if to == dest {
            return Err(fail(format!(
                "include '{name}': toPath must not be the root"
            )));
        }
        let _ = std::fs::remove_dir_all(&to);
        for entry in walkdir::WalkDir::new(&from).follow_links(false) {
            let entry = entry.map_err(|e| fail(format!("include '{name}': {e}")))?;
            let rel = entry.path().strip_prefix(&from).unwrap_or(entry.path());
            let target = to.join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).map_err(|e| fail(e.to_string()))?;
            } else if entry.file_type().is_file() {
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| fail(e.to_string()))?;
                }
                std::fs::copy(entry.path(), &target).map_err(|e| fail(e.to_string()))?;
            }
        }
    }
    Ok(())
}

/// Runs a libgit2 operation on the blocking pool, bounded by the object's `spec.timeout`: a
/// server that accepts the connection and then stays silent (or dribbles) fails the
/// reconcile when the timeout is up, whatever libgit2 is blocked in. The abandoned thread is
/// freed by libgit2's socket timeouts (see `git::socket_timeouts`).
async fn run_blocking<T: Send + 'static>(
    opts: &CheckoutOptions,
    f: impl FnOnce() -> git::Result<T> + Send + 'static,
) -> Result<T, Error> {
    let limit = opts.timeout.unwrap_or(Duration::from_secs(60));
    match tokio::time::timeout(limit, tokio::task::spawn_blocking(f)).await {
        Ok(joined) => joined
            .map_err(|e| Error::Transient {
                reason: reason::GIT_OPERATION_FAILED,
                message: e.to_string(),
            })?
            .map_err(git_error),
        Err(_) => Err(git_error(git::Error::Timeout {
            url: git::redact_url(&opts.url),
            secs: limit.as_secs(),
        })),
    }
}
