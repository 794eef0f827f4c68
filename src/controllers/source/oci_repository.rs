//! The OCIRepository reconciler, on the shared runtime, following source-controller
//! v1.9.4's flow.
//!
//! Its steps: credentials (`secretRef` Docker config, the `serviceAccountName`'s image pull
//! secrets) -> proxy (`proxySecretRef`) -> transport (`certSecretRef` TLS, `insecure`) -> the
//! reference (`digest` > `semver` with `semverFilter` > `tag` > `latest`; the URL must not
//! carry a tag) -> the revision (`<tag>@sha256:<digest>`, or the digest alone) -> nothing more
//! when the stored artifact has that revision and `ignore`/`layerSelector` are unchanged ->
//! pull the manifest by digest and the selected layer (first, or by `layerSelector.mediaType`)
//! -> extract it (symlinks skipped) or copy it -> store `sha256:<hex>.tar.gz` with the
//! manifest annotations as metadata and a `latest.tar.gz` link. Failures keep the previous
//! artifact. `spec.verify` checks cosign signatures with the public keys of its Secret before
//! anything is pulled (SourceVerified); keyless cosign and notation fail with
//! `VerificationError` instead of being trusted unverified.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use k8s_openapi::api::core::v1::ServiceAccount;
use kube::api::Api;
use kube::ResourceExt;

use super::helm_repository::{tls_from_secret, Access};
use super::{
    artifact_metadata, proxy_from_secret, remove_artifacts, secret_data, stored, Context,
    StepError, CONTROLLER,
};
use crate::api::meta::{condition, reason};
use crate::api::source::{LayerOperation, OCIRepository, OCIRepositoryStatus};
use crate::oci::client::{Client, Options};
use crate::oci::keychain::Keychain;
use crate::oci::reference::Reference;
use crate::runtime::conditions;
use crate::runtime::reconciler::{Failure, Reconciler, Success};

const KIND: &str = "OCIRepository";

/// Flux's reasons for OCIRepository failures.
mod why {
    pub const URL_INVALID: &str = "URLInvalid";
    pub const READ_OPERATION_FAILED: &str = "ReadOperationFailed";
    pub const OCI_PULL_FAILED: &str = "OCIArtifactPullFailed";
    pub const OCI_LAYER_OPERATION_FAILED: &str = "OCIArtifactLayerOperationFailed";
    pub const ARCHIVE_OPERATION_FAILED: &str = "ArchiveOperationFailed";
    pub const VERIFICATION_ERROR: &str = "VerificationError";
}

/// The OCIRepository reconciler.
pub struct OCIRepositoryReconciler {
    ctx: Arc<Context>,
}

impl OCIRepositoryReconciler {
    /// A reconciler storing artifacts as `ctx` says.
    pub fn new(ctx: Arc<Context>) -> Self {
        OCIRepositoryReconciler { ctx }
    }
}

fn fetch(reason: &str, message: String) -> StepError {
    StepError::fetch(reason, message)
}

fn storage_err(reason: &str, message: String) -> StepError {
    StepError::storage(reason, message)
}

/// What a successful run produced.
struct Produced {
    new_artifact: bool,
}

impl Reconciler for OCIRepositoryReconciler {
    type Object = OCIRepository;
    const CONTROLLER: &'static str = CONTROLLER;
    const NAME: &'static str = "ocirepository";

    async fn reconcile(
        &self,
        obj: &OCIRepository,
        status: &mut OCIRepositoryStatus,
    ) -> Result<Success, Failure> {
        let generation = obj.metadata.generation;
        super::reset_source_verified(&mut status.conditions, obj.spec.verify.is_some());
        match self.produce(obj, status).await {
            Ok(p) => {
                let Some(artifact) = status.artifact.clone() else {
                    return Err(Failure::retry(
                        reason::FAILED,
                        "no artifact after a successful pull",
                    ));
                };
                let msg = format!("stored artifact for digest '{}'", artifact.revision);
                let event = p.new_artifact.then(|| {
                    let message = format!(
                        "stored artifact with revision '{}' from '{}'",
                        artifact.revision, obj.spec.url
                    );
                    let md = artifact.metadata.as_ref();
                    let get = |k: &str| md.and_then(|m| m.get(k)).filter(|v| !v.is_empty());
                    match (
                        get(crate::oci::artifact::SOURCE),
                        get(crate::oci::artifact::REVISION),
                    ) {
                        (Some(s), Some(r)) => {
                            format!("{message}, origin source '{s}', origin revision '{r}'")
                        }
                        _ => message,
                    }
                });
                Ok(stored(
                    &mut status.conditions,
                    generation,
                    &artifact,
                    msg,
                    event,
                ))
            }
            Err(e) => Err(e.record(&mut status.conditions, generation)),
        }
    }

    async fn cleanup(&self, obj: &OCIRepository) -> Result<(), Failure> {
        remove_artifacts(
            &self.ctx,
            KIND,
            &obj.namespace().unwrap_or_default(),
            &obj.name_any(),
        )
    }

    fn failure_metadata(
        &self,
        _obj: &OCIRepository,
        status: &OCIRepositoryStatus,
    ) -> BTreeMap<String, String> {
        status
            .artifact
            .as_ref()
            .map(artifact_metadata)
            .unwrap_or_default()
    }
}

/// source-controller's `parseRepository`: `oci://` prefix, a valid repository, no tag.
pub fn parse_repository(url: &str) -> Result<Reference, String> {
    let Some(rest) = url.strip_prefix("oci://") else {
        return Err("URL must be in format 'oci://<domain>/<org>/<repo>'".into());
    };
    let r = Reference::parse(rest).map_err(|e| e.to_string())?;
    if r.digest.is_some() || rest.contains('@') {
        return Err(format!(
            "repository can only contain the characters `abcdefghijklmnopqrstuvwxyz0123456789_-./`: {}",
            rest.split_once('/').map_or(rest, |(_, p)| p)
        ));
    }
    let image = rest
        .strip_prefix(&r.registry)
        .or_else(|| rest.strip_prefix("docker.io"))
        .unwrap_or(rest);
    if let Some((_, tag)) = image.split_once(':') {
        let tag = tag.split(':').next().unwrap_or(tag);
        return Err(format!("URL must not contain a tag; remove ':{tag}'"));
    }
    Ok(Reference {
        tag: None,
        digest: None,
        ..r
    })
}

/// `semverFilter` then the constraint over `tags`; the highest match (tags as written).
pub fn tag_by_semver(
    tags: &[String],
    constraint: &str,
    filter: Option<&str>,
) -> Result<String, String> {
    let tags: Vec<&String> = match filter.filter(|f| !f.is_empty()) {
        Some(f) => {
            let re = regex::Regex::new(f).map_err(|e| e.to_string())?;
            tags.iter().filter(|t| re.is_match(t)).collect()
        }
        None => tags.iter().collect(),
    };
    let c = crate::masterminds::Constraint::parse(constraint)
        .map_err(|e| format!("semver '{constraint}' parse error: {e}"))?;
    let mut best: Option<(semver::Version, &String)> = None;
    for t in tags {
        let Ok(v) = crate::masterminds::parse_flux_version(t) else {
            continue;
        };
        if !c.matches(&v) {
            continue;
        }
        // Masterminds' Collection sorts by semver precedence; among equal versions the
        // first listed stays first after the (stable) reverse sort.
        if best
            .as_ref()
            .is_none_or(|(b, _)| v.cmp_precedence(b).is_gt())
        {
            best = Some((v, t));
        }
    }
    best.map(|(_, t)| t.clone())
        .ok_or_else(|| format!("no match found for semver: {constraint}"))
}

/// The registry credentials of a pull Secret (`secretRef`) and of a ServiceAccount's
/// `imagePullSecrets`, as one keychain (OCIRepository, ImageRepository).
pub(crate) async fn pull_keychain(
    client: &kube::Client,
    ns: &str,
    secret_ref: Option<&str>,
    service_account: Option<&str>,
) -> Result<Keychain, String> {
    let mut names: Vec<String> = Vec::new();
    if let Some(r) = secret_ref {
        names.push(r.to_string());
    }
    if let Some(sa) = service_account {
        let api: Api<ServiceAccount> = Api::namespaced(client.clone(), ns);
        let sa_obj = api
            .get_opt(sa)
            .await
            .map_err(|e| crate::cluster::api_message(&e))?;
        let Some(sa_obj) = sa_obj else {
            return Err(format!("serviceaccounts \"{sa}\" not found"));
        };
        for s in sa_obj.image_pull_secrets.unwrap_or_default() {
            names.push(s.name);
        }
    }
    let mut kc = Keychain::default();
    for (i, name) in names.iter().enumerate() {
        let data = match secret_data(client, ns, name).await {
            Ok(d) => d,
            Err(e) if i == 0 && secret_ref.is_some() => {
                return Err(format!("failed to get secret '{ns}/{name}': {e}"))
            }
            Err(e) => return Err(e),
        };
        for key in [".dockerconfigjson", ".dockercfg"] {
            if let Some(bytes) = data.get(key) {
                kc.add_docker_config(&format!("secret '{ns}/{name}'"), bytes)
                    .map_err(|e| e.to_string())?;
            }
        }
    }
    Ok(kc)
}

/// The proxy of a `proxySecretRef` (OCIRepository, ImageRepository), with Flux's messages.
pub(crate) async fn registry_proxy(
    client: &kube::Client,
    ns: &str,
    name: &str,
) -> Result<(String, Option<(String, String)>), String> {
    let data = secret_data(client, ns, name).await.map_err(|e| {
        format!("failed to get proxy address: failed to get secret '{ns}/{name}': {e}")
    })?;
    proxy_from_secret(&data, ns, name).map_err(|e| format!("failed to get proxy address: {e}"))
}

/// The CA and client identity of a `certSecretRef` (OCIRepository, ImageRepository).
pub(crate) async fn registry_tls(
    client: &kube::Client,
    ns: &str,
    name: &str,
) -> Result<Access, String> {
    let data = secret_data(client, ns, name)
        .await
        .map_err(|e| format!("failed to get secret '{ns}/{name}': {e}"))?;
    let mut access = Access::default();
    tls_from_secret(&data, &mut access).map_err(|m| format!("secret '{ns}/{name}' {m}"))?;
    Ok(access)
}

impl OCIRepositoryReconciler {
    /// The pull secrets of `secretRef` and the ServiceAccount, as one keychain.
    async fn keychain(&self, obj: &OCIRepository, ns: &str) -> Result<Keychain, String> {
        pull_keychain(
            &self.ctx.client,
            ns,
            obj.spec.secret_ref.as_ref().map(|r| r.name.as_str()),
            obj.spec.service_account_name.as_deref(),
        )
        .await
    }

    /// Transport options: TLS from `certSecretRef` (else `insecure` skips verification),
    /// the proxy from `proxySecretRef`.
    async fn options(&self, obj: &OCIRepository, ns: &str) -> Result<Options, StepError> {
        let auth_failed = |m: String| fetch(reason::AUTHENTICATION_FAILED, m);
        let mut opts = Options {
            insecure: obj.spec.insecure,
            timeout: Some(
                obj.spec
                    .timeout
                    .map(|d| d.std())
                    .unwrap_or(Duration::from_secs(60)),
            ),
            user_agent: Some(format!(
                "flux-source-controller/{}",
                crate::version::version()
            )),
            ..Options::default()
        };
        if let Some(p) = &obj.spec.proxy_secret_ref {
            opts.proxy = Some(
                registry_proxy(&self.ctx.client, ns, &p.name)
                    .await
                    .map_err(auth_failed)?,
            );
        }
        if let Some(c) = obj
            .spec
            .cert_secret_ref
            .as_ref()
            .filter(|c| !c.name.is_empty())
        {
            let transport = |m: String| {
                auth_failed(format!(
                    "failed to generate transport for '{}': {m}",
                    obj.spec.url
                ))
            };
            let access = registry_tls(&self.ctx.client, ns, &c.name)
                .await
                .map_err(transport)?;
            opts.ca_pem = access.ca;
            opts.identity_pem = access.identity;
            opts.insecure = false;
        }
        Ok(opts)
    }

    async fn produce(
        &self,
        obj: &OCIRepository,
        status: &mut OCIRepositoryStatus,
    ) -> Result<Produced, StepError> {
        let ns = obj.namespace().unwrap_or_default();
        let name = obj.name_any();
        let url = obj.spec.url.as_str();
        let keychain = self.keychain(obj, &ns).await.map_err(|e| {
            fetch(
                reason::AUTHENTICATION_FAILED,
                format!("failed to get credential: {e}"),
            )
        })?;
        let opts = self.options(obj, &ns).await?;
        if let Some(p) = obj
            .spec
            .provider
            .filter(|p| *p != crate::api::source::CloudProvider::Generic)
        {
            let p = serde_json::to_value(p)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            return Err(fetch(
                reason::AUTHENTICATION_FAILED,
                format!("failed to get credential from {p}: cloud provider authentication is not supported by this build; use spec.secretRef or spec.serviceAccountName"),
            ));
        }
        let client = Client::new(keychain, &opts).map_err(|e| {
            fetch(
                reason::AUTHENTICATION_FAILED,
                format!("failed to generate transport for '{url}': {e}"),
            )
        })?;

        // The reference.
        let repo = parse_repository(url).map_err(|e| StepError {
            failure: Failure::stalled(
                why::URL_INVALID,
                format!("URL validation failed for '{url}': {e}"),
            ),
            condition: condition::FETCH_FAILED,
        })?;
        let r = obj.spec.reference.clone().unwrap_or_default();
        let nonempty = |s: &Option<String>| s.clone().filter(|s| !s.is_empty());
        let reference = if let Some(d) = nonempty(&r.digest) {
            repo.with_digest(&d)
        } else if let Some(range) = nonempty(&r.semver) {
            let tags = client.list_tags(&repo).await.map_err(|e| {
                fetch(
                    why::READ_OPERATION_FAILED,
                    format!("failed to determine the artifact tag for '{url}': {e}"),
                )
            })?;
            let tag = tag_by_semver(&tags, &range, r.semver_filter.as_deref()).map_err(|e| {
                fetch(
                    why::READ_OPERATION_FAILED,
                    format!("failed to determine the artifact tag for '{url}': {e}"),
                )
            })?;
            repo.with_tag(&tag)
        } else if let Some(t) = nonempty(&r.tag) {
            repo.with_tag(&t)
        } else {
            repo.with_tag("latest")
        };

        // The revision.
        let revision = match (&reference.digest, &reference.tag) {
            (Some(d), _) => d.clone(),
            (None, tag) => {
                let digest = client.resolve(&reference).await.map_err(|e| {
                    fetch(
                        why::OCI_PULL_FAILED,
                        format!("failed to determine artifact digest: {e}"),
                    )
                })?;
                format!("{}@{digest}", tag.as_deref().unwrap_or("latest"))
            }
        };
        let digest = revision.rsplit('@').next().unwrap_or(&revision).to_string();
        let has_revision = status
            .artifact
            .as_ref()
            .is_some_and(|a| a.revision == revision && self.ctx.storage.exists(a));
        if status
            .artifact
            .as_ref()
            .is_some_and(|a| a.revision != revision)
        {
            conditions::set(
                &mut status.conditions,
                condition::ARTIFACT_OUTDATED,
                true,
                "NewRevision",
                &format!("new revision '{revision}' for '{reference}'"),
                obj.metadata.generation,
            );
        }

        // Verification: when the revision is new, the spec changed, or the last one failed.
        if let Some(v) = &obj.spec.verify {
            let verified = status.conditions.iter().any(|c| {
                c.type_ == condition::SOURCE_VERIFIED
                    && c.status == "True"
                    && c.observed_generation == obj.metadata.generation
            });
            if !(has_revision && verified) {
                let provider = serde_json::to_value(v.provider)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                let provider = if v.secret_ref.is_none() && provider == "cosign" {
                    format!("{provider} keyless")
                } else {
                    provider
                };
                let verified =
                    super::verify_signature(&self.ctx.client, &client, &ns, v, &repo, &digest)
                        .await
                        .map_err(|e| StepError {
                            failure: Failure::retry(
                                why::VERIFICATION_ERROR,
                                format!(
                                "failed to verify the signature using provider '{provider}': {e}"
                            ),
                            ),
                            condition: condition::SOURCE_VERIFIED,
                        })?;
                if verified {
                    conditions::set(
                        &mut status.conditions,
                        condition::SOURCE_VERIFIED,
                        true,
                        reason::SUCCEEDED,
                        &format!("verified signature of revision {revision}"),
                        obj.metadata.generation,
                    );
                }
            }
        }

        let config_changed = obj.spec.ignore != status.observed_ignore
            || obj.spec.layer_selector != status.observed_layer_selector;
        if has_revision && !config_changed {
            return Ok(Produced {
                new_artifact: false,
            });
        }

        // Pull.
        let digest_ref = repo.with_digest(&digest);
        let pulled = crate::oci::artifact::inspect(&client, &digest_ref)
            .await
            .map_err(|e| {
                fetch(
                    why::OCI_PULL_FAILED,
                    format!("failed to pull artifact from '{url}': {e}"),
                )
            })?;
        let selector = obj.spec.layer_selector.clone().unwrap_or_default();
        let layer_fail = |m: String| fetch(why::OCI_LAYER_OPERATION_FAILED, m);
        if pulled.layers.is_empty() {
            return Err(layer_fail("no layers found in artifact".into()));
        }
        let layer = match selector.media_type.as_deref().filter(|m| !m.is_empty()) {
            Some(mt) => pulled
                .layers
                .iter()
                .find(|(m, _, _)| m == mt)
                .ok_or_else(|| {
                    layer_fail(format!(
                        "failed to find layer with media type '{mt}' in artifact"
                    ))
                })?,
            None => &pulled.layers[0],
        };
        // The layer goes to a file as it arrives (digest checked), never whole into memory.
        let mut blob = tempfile::NamedTempFile::new().map_err(|e| {
            storage_err(
                reason::STORAGE_OPERATION_FAILED,
                format!("failed to create temporary file: {e}"),
            )
        })?;
        client
            .blob_to_file(&digest_ref, &layer.1, blob.as_file_mut())
            .await
            .map_err(|e| {
                fetch(
                    why::OCI_PULL_FAILED,
                    format!("failed to pull artifact from '{url}': {e}"),
                )
            })?;
        let operation = selector.operation.unwrap_or_default();
        let file = format!("{digest}.tar.gz");
        let storage = self.ctx.storage.clone();
        let ignore = obj.spec.ignore.clone();
        let (ns2, name2, rev2) = (ns.clone(), name.clone(), revision.clone());
        let artifact = tokio::task::spawn_blocking(move || -> Result<_, StepError> {
            match operation {
                LayerOperation::Copy => storage
                    .store_path(KIND, &ns2, &name2, &file, blob.path(), &rev2)
                    .map_err(|e| {
                        storage_err(
                            why::ARCHIVE_OPERATION_FAILED,
                            format!("unable to copy artifact to storage: {e}"),
                        )
                    }),
                LayerOperation::Extract => {
                    let dir = tempfile::tempdir().map_err(|e| {
                        storage_err(
                            reason::STORAGE_OPERATION_FAILED,
                            format!("failed to create temporary working directory: {e}"),
                        )
                    })?;
                    let limits = crate::artifact::Limits {
                        max_file_size: u64::MAX,
                        max_total_size: u64::MAX,
                        skip_symlinks: true,
                    };
                    crate::artifact::extract_tar_gz(
                        std::io::BufReader::new(std::fs::File::open(blob.path()).map_err(|e| {
                            fetch(
                                why::OCI_LAYER_OPERATION_FAILED,
                                format!("failed to extract layer contents from artifact: {e}"),
                            )
                        })?),
                        dir.path(),
                        limits,
                    )
                    .map_err(|e| {
                        fetch(
                            why::OCI_LAYER_OPERATION_FAILED,
                            format!("failed to extract layer contents from artifact: {e}"),
                        )
                    })?;
                    let filter =
                        crate::artifact::ignore::Filter::new(dir.path(), ignore.as_deref())
                            .map_err(|e| {
                                storage_err(
                            "SourceIgnoreError",
                            format!("failed to load source ignore patterns from repository: {e}"),
                        )
                            })?;
                    storage
                        .store_dir_as(
                            KIND,
                            &ns2,
                            &name2,
                            dir.path(),
                            Some(&filter),
                            &rev2,
                            Some(&file),
                        )
                        .map_err(|e| {
                            storage_err(
                                why::ARCHIVE_OPERATION_FAILED,
                                format!("unable to archive artifact to storage: {e}"),
                            )
                        })
                }
            }
        })
        .await
        .map_err(|e| storage_err(reason::STORAGE_OPERATION_FAILED, e.to_string()))??;
        let mut artifact = artifact;
        artifact.metadata = (!pulled.annotations.is_empty()).then(|| pulled.annotations.clone());
        match self.ctx.storage.symlink(&artifact, "latest.tar.gz") {
            Ok(u) => status.url = Some(u),
            Err(e) => tracing::warn!(error = %e, "failed to update status URL symlink"),
        }
        if let Err(e) = self
            .ctx
            .storage
            .garbage_collect(KIND, &ns, &name, &artifact.path)
        {
            tracing::warn!(error = %e, "garbage collecting artifacts");
        }
        let new_artifact =
            status.artifact.as_ref().and_then(|a| a.digest.clone()) != artifact.digest;
        status.artifact = Some(artifact);
        status.observed_ignore = obj.spec.ignore.clone();
        status.observed_layer_selector = obj.spec.layer_selector.clone();
        Ok(Produced { new_artifact })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_urls_must_not_carry_a_tag() {
        assert_eq!(
            parse_repository("oci://ghcr.io/org/app:v1").unwrap_err(),
            "URL must not contain a tag; remove ':v1'"
        );
        assert_eq!(
            parse_repository("ghcr.io/org/app").unwrap_err(),
            "URL must be in format 'oci://<domain>/<org>/<repo>'"
        );
        let r = parse_repository("oci://localhost:5000/org/app").unwrap();
        assert_eq!(r.registry, "localhost:5000");
        assert_eq!(r.repository, "org/app");
    }

    #[test]
    fn semver_picks_the_highest_matching_tag_after_the_filter() {
        let tags: Vec<String> = ["v1.0.0", "1.2.0", "1.3.0-rc.1", "2.0.0", "latest", "1.2"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            tag_by_semver(&tags, ">=1.0.0 <2.0.0", None).unwrap(),
            "1.2.0"
        );
        assert_eq!(tag_by_semver(&tags, "*", None).unwrap(), "2.0.0");
        assert_eq!(
            tag_by_semver(&tags, ">=1.0.0", Some("^v")).unwrap(),
            "v1.0.0"
        );
        assert_eq!(
            tag_by_semver(&tags, ">=3.0.0", None).unwrap_err(),
            "no match found for semver: >=3.0.0"
        );
    }
}
