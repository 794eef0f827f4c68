//! image-reflector-controller: the ImageRepository and ImagePolicy reconcilers, on the shared
//! runtime, with image-reflector-controller v1.2.4's steps, reasons and messages.
//!
//! ImageRepository: check the image (Stalled `ImageURLInvalid`) -> decide whether to scan (first
//! scan, a reconcile request, a new canonical name, a changed exclusion list, no stored tags,
//! or the interval elapsed; otherwise the stored result stands) -> build the registry access
//! (`secretRef` and the ServiceAccount's pull secrets, `certSecretRef`, `proxySecretRef`,
//! `insecure`; failures `AuthenticationFailed`) -> list the tags (paginated, within
//! `spec.timeout`; failures `ReadOperationFailed`) -> drop excluded tags, sort, store them
//! on disk keyed by the canonical name ([`TagStore`]) -> status `canonicalImageName`,
//! `observedExclusionList`, `lastScanResult`.
//!
//! ImagePolicy: find the ImageRepository (cross-namespace only as its `accessFrom` allows;
//! `AccessDenied`, `DependencyNotReady`) -> read its stored tags (none yet: `DependencyNotReady`,
//! checked again after `--requeue-dependency`) -> apply `filterTags` and the policy
//! ([`crate::image::policy`]; a bad range or regex stalls with `InvalidPolicy`) -> reflect the
//! digest as `digestReflectionPolicy` says -> `latestRef`, `observedPreviousRef`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use k8s_openapi::api::core::v1::Namespace;
use kube::api::Api;
use kube::runtime::reflector::ObjectRef;
use kube::ResourceExt;

use crate::api::image::{
    ImagePolicy, ImagePolicyStatus, ImageRef, ImageRepository, ImageRepositoryStatus,
    ReflectionPolicy, ScanResult, SortOrder,
};
use crate::api::meta::reason;
use crate::api::source::CloudProvider;
use crate::controllers::source::oci_repository::{pull_keychain, registry_proxy, registry_tls};
use crate::image::policy::{self, Filter, Order, Policy, PolicyError};
use crate::oci::client::{Client, Options};
use crate::oci::keychain::Keychain;
use crate::oci::reference::Reference;
use crate::runtime::manager::Watches;
use crate::runtime::reconciler::{Failure, Reconciler, Success};
use crate::runtime::RuntimeOptions;

/// The controller name in events, metrics, field managers and leases.
pub const CONTROLLER: &str = "image-reflector-controller";

/// image-reflector-controller's reasons.
mod why {
    pub const IMAGE_URL_INVALID: &str = "ImageURLInvalid";
    pub const AUTHENTICATION_FAILED: &str = "AuthenticationFailed";
    pub const READ_OPERATION_FAILED: &str = "ReadOperationFailed";
    pub const DEPENDENCY_NOT_READY: &str = "DependencyNotReady";
    pub const ACCESS_DENIED: &str = "AccessDenied";
    pub const INVALID_POLICY: &str = "InvalidPolicy";
    pub const INTERVAL_NOT_CONFIGURED: &str = "IntervalNotConfigured";
    pub const FAILURE: &str = "Failure";
}

/// Why a tag-store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Reading or writing the store failed.
    #[error("{0}")]
    Io(String),
}

/// The scanned tags, one JSON file per canonical image name under `<storage>/tags/` (so
/// repositories of the same image share their tags, as in Flux's Badger store), read when
/// needed rather than held in memory.
#[derive(Clone, Debug)]
pub struct TagStore {
    dir: PathBuf,
}

impl TagStore {
    /// A store under `storage`.
    pub fn new(storage: &std::path::Path) -> TagStore {
        TagStore {
            dir: storage.join("tags"),
        }
    }

    fn path(&self, canonical: &str) -> PathBuf {
        use sha2::Digest;
        self.dir.join(format!(
            "{}.json",
            hex::encode(sha2::Sha256::digest(canonical))
        ))
    }

    /// The stored tags of `canonical` (empty when never stored).
    pub fn tags(&self, canonical: &str) -> Result<Vec<String>, StoreError> {
        match std::fs::read(self.path(canonical)) {
            Ok(b) => serde_json::from_slice(&b)
                .map_err(|e| StoreError::Io(format!("failed to read tags of {canonical}: {e}"))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(vec![]),
            Err(e) => Err(StoreError::Io(format!(
                "failed to read tags of {canonical}: {e}"
            ))),
        }
    }

    /// Replaces the tags of `canonical` (written to a temporary file, then renamed).
    pub fn set_tags(&self, canonical: &str, tags: &[String]) -> Result<(), StoreError> {
        let err = |e: std::io::Error| {
            StoreError::Io(format!("failed to set tags for {canonical:?}: {e}"))
        };
        std::fs::create_dir_all(&self.dir).map_err(err)?;
        let path = self.path(canonical);
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, serde_json::to_vec(tags).unwrap_or_default()).map_err(err)?;
        std::fs::rename(&tmp, &path).map_err(err)
    }
}

/// What both reconcilers share.
pub struct Context {
    /// Kubernetes client.
    pub client: kube::Client,
    /// Runtime settings.
    pub runtime: RuntimeOptions,
    /// The scanned tags.
    pub store: TagStore,
}

impl Context {
    /// Builds the context.
    pub fn new(client: kube::Client, runtime: RuntimeOptions, store: TagStore) -> Arc<Context> {
        Arc::new(Context {
            client,
            runtime,
            store,
        })
    }
}

/// The registry client for an ImageRepository: its pull secrets, TLS, proxy and `insecure`.
async fn registry_client(
    ctx: &Context,
    repo: &ImageRepository,
    timeout: Duration,
) -> Result<Client, String> {
    let ns = repo.namespace().unwrap_or_default();
    let spec = &repo.spec;
    let keychain = pull_keychain(
        &ctx.client,
        &ns,
        spec.secret_ref.as_ref().map(|r| r.name.as_str()),
        spec.service_account_name.as_deref(),
    )
    .await?;
    let opts = registry_options(ctx, repo, timeout).await?;
    Client::new(keychain, &opts).map_err(|e| e.to_string())
}

/// The registry client options of an ImageRepository: `insecure`, its proxy and TLS Secrets.
async fn registry_options(
    ctx: &Context,
    repo: &ImageRepository,
    timeout: Duration,
) -> Result<Options, String> {
    let ns = repo.namespace().unwrap_or_default();
    let spec = &repo.spec;
    let mut opts = Options {
        insecure: spec.insecure,
        timeout: Some(timeout),
        user_agent: Some(format!("{CONTROLLER}/{}", crate::version::version())),
        ..Options::default()
    };
    if let Some(p) = &spec.proxy_secret_ref {
        opts.proxy = Some(registry_proxy(&ctx.client, &ns, &p.name).await?);
    }
    if let Some(c) = spec.cert_secret_ref.as_ref().filter(|c| !c.name.is_empty()) {
        let access = registry_tls(&ctx.client, &ns, &c.name).await?;
        opts.ca_pem = access.ca;
        opts.identity_pem = access.identity;
    }
    Ok(opts)
}

/// A cloud provider login as an object's service account needs Flux's feature gate.
fn object_identity(ctx: &Context, repo: &ImageRepository, field: &str) -> Result<(), Failure> {
    let sa = repo
        .spec
        .service_account_name
        .as_deref()
        .is_some_and(|s| !s.is_empty());
    let gate = crate::runtime::OBJECT_LEVEL_WORKLOAD_IDENTITY;
    if sa && cloud_provider(repo).is_some() && !ctx.runtime.feature(gate) {
        return Err(Failure::stalled(
            "FeatureGateDisabled",
            format!("to use {field} for provider authentication please enable the {gate} feature gate in the controller"),
        ));
    }
    Ok(())
}

/// The cloud provider of an ImageRepository, unless `generic`.
fn cloud_provider(repo: &ImageRepository) -> Option<&'static str> {
    match repo.spec.provider.unwrap_or_default() {
        CloudProvider::Generic => None,
        CloudProvider::Aws => Some("aws"),
        CloudProvider::Azure => Some("azure"),
        CloudProvider::Gcp => Some("gcp"),
    }
}

/// The registry client of an ImageRepository with a cloud `provider`: its registry login for
/// the controller's identity (as Flux's lazy credentials, a failure is part of the scan),
/// through the object's proxy and CA.
async fn provider_client(
    ctx: &Context,
    repo: &ImageRepository,
    provider: &str,
    timeout: Duration,
) -> Result<Client, String> {
    let spec = &repo.spec;
    let opts = registry_options(ctx, repo, timeout).await?;
    // Token requests go through the same proxy and trust the same CA as the registry.
    let mut http = reqwest::Client::builder().timeout(timeout);
    if let Some((url, creds)) = &opts.proxy {
        let mut rp = reqwest::Proxy::all(url).map_err(|e| e.to_string())?;
        if let Some((u, pw)) = creds {
            rp = rp.basic_auth(u, pw);
        }
        http = http.proxy(rp);
    }
    for cert in opts
        .ca_pem
        .as_deref()
        .map(reqwest::Certificate::from_pem_bundle)
        .transpose()
        .map_err(|e| e.to_string())?
        .unwrap_or_default()
    {
        http = http.add_root_certificate(cert);
    }
    let http = http.build().map_err(|e| e.to_string())?;
    let env: BTreeMap<String, String> = std::env::vars().collect();
    let identity = crate::cloud::registry::identity(
        &ctx.client,
        &repo.namespace().unwrap_or_default(),
        repo.spec.service_account_name.as_deref(),
        provider,
        &http,
        &env,
    )
    .await?;
    let auth = crate::cloud::registry::login_as(&http, provider, &spec.image, &env, &identity)
        .await
        .map_err(|e| e.to_string())?;
    Client::new(Keychain::fixed(auth), &opts).map_err(|e| e.to_string())
}

/// `spec.timeout`, else the interval, at least a second (Flux's `GetTimeout`).
fn scan_timeout(repo: &ImageRepository) -> Duration {
    repo.spec
        .timeout
        .map(|d| d.std())
        .unwrap_or(repo.spec.interval.std())
        .max(Duration::from_secs(1))
}

/// The reference of an image name (no tag), for the registry client.
fn image_reference(image: &str) -> Result<Reference, String> {
    Reference::parse(image).map_err(|e| e.to_string())
}

/// The ImageRepository reconciler.
pub struct ImageRepositoryReconciler {
    ctx: Arc<Context>,
}

impl ImageRepositoryReconciler {
    /// A reconciler storing tags as `ctx` says.
    pub fn new(ctx: Arc<Context>) -> Self {
        ImageRepositoryReconciler { ctx }
    }
}

/// Why a scan is due now, or None when the stored result stands.
fn scan_reason(
    repo: &ImageRepository,
    canonical: &str,
    exclusions: &[String],
    stored: usize,
    now: k8s_openapi::jiff::Timestamp,
) -> Option<&'static str> {
    let status = repo.status.clone().unwrap_or_default();
    let Some(last) = &status.last_scan_result else {
        return Some("first scan");
    };
    let requested = repo
        .annotations()
        .get(crate::api::meta::annotation::RECONCILE_REQUESTED_AT);
    if requested.is_some_and(|r| Some(r) != status.last_handled_reconcile_at.as_ref()) {
        return Some("reconcile requested");
    }
    if status.canonical_image_name.as_deref() != Some(canonical) {
        return Some("new image name");
    }
    let same_set =
        |a: &[String], b: &[String]| a.len() == b.len() && a.iter().all(|x| b.contains(x));
    if !same_set(exclusions, &status.observed_exclusion_list) {
        return Some("updated exclusion list");
    }
    if stored == 0 {
        return Some("no tags in database");
    }
    let scanned = last.scan_time.as_ref().map(|t| t.0);
    let elapsed = scanned
        .map(|t| Duration::from_millis((now.as_millisecond() - t.as_millisecond()).max(0) as u64))
        .unwrap_or(Duration::MAX);
    let interval = repo.spec.interval.std();
    if interval.saturating_sub(elapsed) < Duration::from_secs(1) {
        return Some("triggered by interval");
    }
    None
}

impl Reconciler for ImageRepositoryReconciler {
    type Object = ImageRepository;
    const CONTROLLER: &'static str = CONTROLLER;
    const NAME: &'static str = "imagerepository";

    async fn reconcile(
        &self,
        obj: &ImageRepository,
        status: &mut ImageRepositoryStatus,
    ) -> Result<Success, Failure> {
        object_identity(&self.ctx, obj, "spec.serviceAccountName")?;
        let canonical = crate::image::canonical_name(&obj.spec.image)
            .map_err(|e| Failure::stalled(why::IMAGE_URL_INVALID, e.to_string()))?;
        let exclusions = crate::image::exclusion_list(&obj.spec.exclusion_list);
        let stored = self
            .ctx
            .store
            .tags(status.canonical_image_name.as_deref().unwrap_or(&canonical))
            .map_err(|e| {
                Failure::retry(
                    why::FAILURE,
                    format!("failed to determine if it's scan time: {e}"),
                )
            })?;
        let now = k8s_openapi::jiff::Timestamp::now();
        if let Some(_reason) = scan_reason(obj, &canonical, &exclusions, stored.len(), now) {
            let timeout = scan_timeout(obj);
            let scan = async {
                let client = match cloud_provider(obj) {
                    Some(p) => provider_client(&self.ctx, obj, p, timeout)
                        .await
                        .map_err(|e| {
                            Failure::retry(why::READ_OPERATION_FAILED, format!("scan failed: {e}"))
                        })?,
                    None => registry_client(&self.ctx, obj, timeout)
                        .await
                        .map_err(|e| {
                            Failure::retry(
                                why::AUTHENTICATION_FAILED,
                                format!("failed to configure authentication options: {e}"),
                            )
                        })?,
                };
                let reference = image_reference(&obj.spec.image)
                    .map_err(|e| Failure::stalled(why::IMAGE_URL_INVALID, e))?;
                let tags = client.list_tags(&reference).await.map_err(|e| {
                    Failure::retry(why::READ_OPERATION_FAILED, format!("scan failed: {e}"))
                })?;
                crate::image::filter_and_sort(tags, &exclusions).map_err(|e| {
                    Failure::retry(why::READ_OPERATION_FAILED, format!("scan failed: {e}"))
                })
            };
            let tags = tokio::time::timeout(timeout, scan).await.map_err(|_| {
                Failure::retry(
                    why::READ_OPERATION_FAILED,
                    format!(
                        "scan failed: context deadline exceeded after {}s",
                        timeout.as_secs()
                    ),
                )
            })??;
            self.ctx.store.set_tags(&canonical, &tags).map_err(|e| {
                Failure::retry(why::READ_OPERATION_FAILED, format!("scan failed: {e}"))
            })?;
            status.last_scan_result = Some(ScanResult {
                revision: Some(crate::image::revision(&tags)),
                tag_count: tags.len() as i64,
                scan_time: Some(k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(now)),
                latest_tags: crate::image::latest_tags(&tags),
            });
        }
        status.canonical_image_name = Some(canonical);
        status.observed_exclusion_list = exclusions;
        let last = status.last_scan_result.clone().unwrap_or_default();
        Ok(Success {
            reason: reason::SUCCEEDED,
            message: format!(
                "successful scan: found {} tags with checksum {}",
                last.tag_count,
                last.revision.unwrap_or_default()
            ),
            events: vec![],
        })
    }

    /// Tags stay stored: other repositories of the same image may share them (Flux's Delete
    /// is a no-op too).
    async fn cleanup(&self, _obj: &ImageRepository) -> Result<(), Failure> {
        Ok(())
    }
}

/// The ImagePolicy reconciler.
pub struct ImagePolicyReconciler {
    ctx: Arc<Context>,
}

impl ImagePolicyReconciler {
    /// A reconciler reading tags as `ctx` says.
    pub fn new(ctx: Arc<Context>) -> Self {
        ImagePolicyReconciler { ctx }
    }

    /// The referenced ImageRepository, when this policy may use it.
    async fn repository(&self, obj: &ImagePolicy) -> Result<ImageRepository, Failure> {
        let ns = obj.namespace().unwrap_or_default();
        let r = &obj.spec.image_repository_ref;
        let repo_ns = r
            .namespace
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or(ns.clone());
        let failed = |reason: &str, e: String| {
            Failure::retry(
                reason,
                format!("failed to get the referred ImageRepository: {e}"),
            )
        };
        if repo_ns != ns && self.ctx.runtime.no_cross_namespace_refs {
            return Err(failed(
                why::ACCESS_DENIED,
                format!(
                    "cannot access 'ImageRepository/{repo_ns}/{}', cross-namespace references have been blocked",
                    r.name
                ),
            ));
        }
        let api: Api<ImageRepository> = Api::namespaced(self.ctx.client.clone(), &repo_ns);
        let repo = api.get_opt(&r.name).await?.ok_or_else(|| {
            failed(
                why::DEPENDENCY_NOT_READY,
                format!(
                    "referenced ImageRepository does not exist: imagerepositories.image.toolkit.fluxcd.io \"{}\" not found",
                    r.name
                ),
            )
        })?;
        if repo_ns != ns {
            // fluxcd/pkg's ACL check and its messages.
            let denied = |why: String| {
                failed(
                    why::ACCESS_DENIED,
                    format!(
                        "access denied: '{repo_ns}/{}' can't be accessed due to {why}",
                        r.name
                    ),
                )
            };
            let Some(acl) = &repo.spec.access_from else {
                return Err(denied(String::from("missing ACL labels on 'accessFrom'")));
            };
            let labels = Api::<Namespace>::all(self.ctx.client.clone())
                .get_opt(&ns)
                .await?
                .and_then(|n| n.metadata.labels)
                .unwrap_or_default();
            if !selects(acl, &labels) {
                return Err(denied(format!("ACL labels mismatch on namespace '{ns}'")));
            }
        }
        Ok(repo)
    }
}

/// Whether one of the ACL's selectors matches a namespace with `labels` (all of its
/// `matchLabels`; an empty selector matches every namespace).
fn selects(acl: &crate::api::meta::AccessFrom, labels: &BTreeMap<String, String>) -> bool {
    acl.namespace_selectors.iter().any(|s| {
        s.match_labels
            .as_ref()
            .is_none_or(|m| m.iter().all(|(k, v)| labels.get(k) == Some(v)))
    })
}

/// The policy and filter of an ImagePolicy spec.
fn compile(obj: &ImagePolicy) -> Result<(Policy, Option<Filter>), PolicyError> {
    let p = &obj.spec.policy;
    let order = |o: &Option<crate::api::image::OrderPolicy>| match o.as_ref().and_then(|o| o.order)
    {
        Some(SortOrder::Desc) => Order::Desc,
        _ => Order::Asc,
    };
    let policy = if let Some(s) = &p.semver {
        Policy::semver(&s.range)
            .map_err(|e| PolicyError::Invalid(format!("invalid policy: {e}")))?
    } else if p.alphabetical.is_some() {
        Policy::Alphabetical(order(&p.alphabetical))
    } else if p.numerical.is_some() {
        Policy::Numerical(order(&p.numerical))
    } else {
        return Err(PolicyError::Invalid(String::from(
            "invalid policy: given ImagePolicyChoice object is invalid, please specify one of 'semver', 'alphabetical' or 'numerical'",
        )));
    };
    let filter = match &obj.spec.filter_tags {
        Some(f) => Some(
            Filter::new(
                f.pattern.as_deref().unwrap_or_default(),
                f.extract.as_deref().unwrap_or_default(),
            )
            .map_err(|e| PolicyError::Invalid(format!("failed to filter tags: {e}")))?,
        ),
        None => None,
    };
    Ok((policy, filter))
}

impl ImagePolicyReconciler {
    /// The digest `image:tag` resolves to (a HEAD of the manifest).
    async fn digest(&self, repo: &ImageRepository, tag: &str) -> Result<String, String> {
        let client = match cloud_provider(repo) {
            Some(p) => provider_client(&self.ctx, repo, p, scan_timeout(repo)).await?,
            None => registry_client(&self.ctx, repo, scan_timeout(repo))
                .await
                .map_err(|e| format!("failed to configure authentication options: {e}"))?,
        };
        let reference = image_reference(&repo.spec.image)?.with_tag(tag);
        client.resolve(&reference).await.map_err(|e| {
            format!(
                "failed fetching descriptor for \"{}\": {e}",
                reference.name() + ":" + tag
            )
        })
    }
}

impl Reconciler for ImagePolicyReconciler {
    type Object = ImagePolicy;
    const CONTROLLER: &'static str = CONTROLLER;
    const NAME: &'static str = "imagepolicy";

    async fn reconcile(
        &self,
        obj: &ImagePolicy,
        status: &mut ImagePolicyStatus,
    ) -> Result<Success, Failure> {
        let reflection = obj.spec.digest_reflection_policy.unwrap_or_default();
        if reflection == ReflectionPolicy::Always && obj.spec.interval.is_none() {
            return Err(Failure::stalled(
                why::INTERVAL_NOT_CONFIGURED,
                "spec.interval must be set when spec.digestReflectionPolicy is set to 'Always'",
            ));
        }
        let repo = self.repository(obj).await?;
        object_identity(
            &self.ctx,
            &repo,
            "spec.serviceAccountName in the ImageRepository",
        )?;
        crate::image::check_image(&repo.spec.image)
            .map_err(|e| Failure::stalled(why::IMAGE_URL_INVALID, e.to_string()))?;
        let (policy, filter) =
            compile(obj).map_err(|e| Failure::stalled(why::INVALID_POLICY, e.to_string()))?;
        let canonical = repo
            .status
            .as_ref()
            .and_then(|s| s.canonical_image_name.clone())
            .unwrap_or_default();
        let tags = if canonical.is_empty() {
            vec![]
        } else {
            self.ctx.store.tags(&canonical).map_err(|e| {
                Failure::retry(
                    why::FAILURE,
                    format!("failed to read tags from database: {e}"),
                )
            })?
        };
        if tags.is_empty() {
            return Err(Failure::waiting(
                why::DEPENDENCY_NOT_READY,
                format!(
                    "retrying in {} error: no tags in database",
                    crate::api::Duration(Duration::from_secs(
                        self.ctx.runtime.requeue_dependency.as_secs_f64().round() as u64
                    ))
                ),
            ));
        }
        let refs: Vec<&str> = tags.iter().map(String::as_str).collect();
        let latest = policy::select(&policy, filter.as_ref(), &refs).map_err(|e| match e {
            PolicyError::Invalid(m) => Failure::stalled(why::INVALID_POLICY, m),
            PolicyError::NoTag(m) => Failure::retry(why::FAILURE, m),
        })?;
        let mut latest_ref = ImageRef {
            name: repo.spec.image.clone(),
            tag: latest.to_string(),
            digest: None,
        };
        let previous = status.latest_ref.clone();
        let fetch = match reflection {
            ReflectionPolicy::Never => false,
            ReflectionPolicy::Always => true,
            ReflectionPolicy::IfNotPresent => match &previous {
                Some(p)
                    if p.name == latest_ref.name
                        && p.tag == latest_ref.tag
                        && p.digest.as_deref().is_some_and(|d| !d.is_empty()) =>
                {
                    latest_ref.digest = p.digest.clone();
                    false
                }
                _ => true,
            },
        };
        if fetch {
            let digest = self.digest(&repo, latest).await.map_err(|e| {
                Failure::retry(
                    why::FAILURE,
                    format!(
                        "failed fetching digest of {}:{}: {e}",
                        latest_ref.name, latest_ref.tag
                    ),
                )
            })?;
            latest_ref.digest = Some(digest);
        }
        if previous.as_ref() != Some(&latest_ref) {
            status.observed_previous_ref = previous;
            status.latest_ref = Some(latest_ref.clone());
        }
        Ok(Success {
            reason: reason::SUCCEEDED,
            message: ready_message(status),
            events: vec![],
        })
    }

    async fn cleanup(&self, _obj: &ImagePolicy) -> Result<(), Failure> {
        Ok(())
    }

    /// A new scan of the referenced ImageRepository runs its policies.
    fn watches(&self, w: &mut Watches<'_, ImagePolicy>) {
        w.watch::<ImageRepository>(|repo, store| {
            let (name, ns) = (repo.name_any(), repo.namespace().unwrap_or_default());
            store
                .state()
                .iter()
                .filter(|p| {
                    let pns = p.namespace().unwrap_or_default();
                    let r = &p.spec.image_repository_ref;
                    r.name == name
                        && r.namespace.clone().filter(|n| !n.is_empty()).unwrap_or(pns) == ns
                })
                .map(|p| ObjectRef::from_obj(p.as_ref()))
                .collect()
        });
    }
}

/// Flux's Ready message: `Latest image tag for <name> resolved to <tag>[ with digest <d>]
/// [ (previously <name>:<tag>[@<d>])]`.
fn ready_message(status: &ImagePolicyStatus) -> String {
    let Some(latest) = &status.latest_ref else {
        return String::new();
    };
    let mut msg = format!(
        "Latest image tag for {} resolved to {}",
        latest.name, latest.tag
    );
    if let Some(d) = latest.digest.as_deref().filter(|d| !d.is_empty()) {
        msg.push_str(&format!(" with digest {d}"));
    }
    if let Some(prev) = status
        .observed_previous_ref
        .as_ref()
        .filter(|p| *p != latest)
    {
        msg.push_str(&format!(" (previously {}:{}", prev.name, prev.tag));
        if let Some(d) = prev.digest.as_deref().filter(|d| !d.is_empty()) {
            msg.push_str(&format!("@{d}"));
        }
        msg.push(')');
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ready_messages_name_the_previous_ref_only_when_it_differs() {
        let r = |tag: &str, digest: Option<&str>| ImageRef {
            name: String::from("ghcr.io/org/app"),
            tag: tag.into(),
            digest: digest.map(String::from),
        };
        let mut s = ImagePolicyStatus {
            latest_ref: Some(r("1.1.0", Some("sha256:bb"))),
            observed_previous_ref: Some(r("1.0.0", Some("sha256:aa"))),
            ..Default::default()
        };
        assert_eq!(
            ready_message(&s),
            "Latest image tag for ghcr.io/org/app resolved to 1.1.0 with digest sha256:bb (previously ghcr.io/org/app:1.0.0@sha256:aa)"
        );
        s.observed_previous_ref = s.latest_ref.clone();
        assert_eq!(
            ready_message(&s),
            "Latest image tag for ghcr.io/org/app resolved to 1.1.0 with digest sha256:bb"
        );
    }

    #[test]
    fn tags_are_stored_per_canonical_name_and_survive_a_new_store() {
        let d = tempfile::tempdir().unwrap();
        let store = TagStore::new(d.path());
        assert!(store.tags("ghcr.io/org/app").unwrap().is_empty());
        store
            .set_tags("ghcr.io/org/app", &[String::from("v2"), String::from("v1")])
            .unwrap();
        assert_eq!(
            TagStore::new(d.path()).tags("ghcr.io/org/app").unwrap(),
            ["v2", "v1"]
        );
        assert!(store.tags("ghcr.io/org/other").unwrap().is_empty());
    }
}
