//! The Bucket reconciler (providers `generic` and `aws` with static keys over the S3 API, and
//! `gcp` with a service account key over the GCS JSON API, `azure` with an account key, SAS
//! token or client secret over the Blob REST API),
//! on the shared runtime, following source-controller v1.9.4's flow.
//!
//! Its steps: credentials (`secretRef` with `accesskey`/`secretkey`), `certSecretRef` TLS and
//! `proxySecretRef` -> the bucket must exist -> the bucket's `.sourceignore` and
//! `spec.ignore` -> the etag index of the objects under `prefix` (directories, the ignore file
//! and ignored keys left out) and its `sha256:` revision -> nothing more when the stored
//! artifact has that revision -> download every indexed object -> store
//! `<revision hex>.tar.gz` (unfiltered: the index already filtered) with a `latest.tar.gz`
//! link. Failures keep the previous artifact. `aws` without keys uses the object's service
//! account (behind the `ObjectLevelWorkloadIdentity` gate) or the controller's identity
//! ([`crate::cloud::aws`]); `generic` with `sts.provider: ldap` trades the STS Secret's LDAP
//! user for temporary keys. `gcp`/`azure` without a Secret are refused with a message saying so.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use kube::ResourceExt;

use super::helm_repository::{tls_from_secret, Access};
use super::{
    artifact_metadata, proxy_from_secret, remove_artifacts, secret_data, stored, Context,
    StepError, CONTROLLER,
};
use crate::api::meta::{condition, reason};
use crate::api::source::{Bucket, BucketStatus, CloudProvider, STSProvider};
use crate::bucket::{s3, EtagIndex};
use crate::cloud::aws;
use crate::runtime::conditions;
use crate::runtime::reconciler::{Failure, Reconciler, Success};
use crate::runtime::OBJECT_LEVEL_WORKLOAD_IDENTITY;
use k8s_openapi::api::authentication::v1::{TokenRequest, TokenRequestSpec};
use k8s_openapi::api::core::v1::ServiceAccount;

const KIND: &str = "Bucket";
const BUCKET_OPERATION_FAILED: &str = "BucketOperationFailed";
const ARCHIVE_OPERATION_FAILED: &str = "ArchiveOperationFailed";
const MAX_CONCURRENT_FETCHES: usize = 100;

/// The Bucket reconciler.
pub struct BucketReconciler {
    ctx: Arc<Context>,
}

impl BucketReconciler {
    /// A reconciler storing artifacts as `ctx` says.
    pub fn new(ctx: Arc<Context>) -> Self {
        BucketReconciler { ctx }
    }
}

fn fetch(reason: &str, message: String) -> StepError {
    StepError::fetch(reason, message)
}

impl Reconciler for BucketReconciler {
    type Object = Bucket;
    const CONTROLLER: &'static str = CONTROLLER;
    const NAME: &'static str = "bucket";

    async fn reconcile(&self, obj: &Bucket, status: &mut BucketStatus) -> Result<Success, Failure> {
        let generation = obj.metadata.generation;
        match self.produce(obj, status).await {
            Ok((new, files)) => {
                let Some(artifact) = status.artifact.clone() else {
                    return Err(Failure::retry(
                        reason::FAILED,
                        "no artifact after a successful fetch",
                    ));
                };
                let msg = format!("stored artifact: revision '{}'", artifact.revision);
                let event = new.then(|| {
                    format!(
                        "stored artifact with {files} fetched files from '{}' bucket",
                        obj.spec.bucket_name
                    )
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

    async fn cleanup(&self, obj: &Bucket) -> Result<(), Failure> {
        remove_artifacts(
            &self.ctx,
            KIND,
            &obj.namespace().unwrap_or_default(),
            &obj.name_any(),
        )
    }

    fn failure_metadata(&self, _obj: &Bucket, status: &BucketStatus) -> BTreeMap<String, String> {
        status
            .artifact
            .as_ref()
            .map(artifact_metadata)
            .unwrap_or_default()
    }
}

impl BucketReconciler {
    async fn secret(&self, ns: &str, name: &str) -> Result<BTreeMap<String, Vec<u8>>, String> {
        secret_data(&self.ctx.client, ns, name).await
    }

    /// The S3 client options from the spec and its Secrets.
    async fn options(&self, obj: &Bucket, ns: &str) -> Result<s3::Options, StepError> {
        let auth = |m: String| fetch(reason::AUTHENTICATION_FAILED, m);
        let spec = &obj.spec;
        if spec.provider != CloudProvider::Generic
            && spec
                .service_account_name
                .as_deref()
                .is_some_and(|s| !s.is_empty())
            && !self.ctx.runtime.feature(OBJECT_LEVEL_WORKLOAD_IDENTITY)
        {
            return Err(StepError {
                failure: Failure::stalled(
                    "FeatureGateDisabled",
                    format!("to use spec.serviceAccountName for provider authentication please enable the {OBJECT_LEVEL_WORKLOAD_IDENTITY} feature gate in the controller"),
                ),
                condition: condition::FETCH_FAILED,
            });
        }
        let mut o = s3::Options {
            endpoint: spec.endpoint.clone(),
            insecure: spec.insecure,
            region: spec.region.clone().unwrap_or_default(),
            timeout: Some(
                spec.timeout
                    .map(|d| d.std())
                    .unwrap_or(Duration::from_secs(60)),
            ),
            ..s3::Options::default()
        };
        let mut secret = None;
        if let Some(r) = &spec.secret_ref {
            let data = self
                .secret(ns, &r.name)
                .await
                .map_err(|e| auth(format!("failed to get secret '{ns}/{}': {e}", r.name)))?;
            secret = Some((r.name.clone(), data));
        }
        if let Some(p) = &spec.proxy_secret_ref {
            let data = self.secret(ns, &p.name).await.map_err(|e| {
                auth(format!(
                    "failed to get proxy URL: failed to get secret '{ns}/{}': {e}",
                    p.name
                ))
            })?;
            o.proxy = Some(
                proxy_from_secret(&data, ns, &p.name)
                    .map_err(|e| auth(format!("failed to get proxy URL: {e}")))?,
            );
        }
        if let Some(c) = &spec.cert_secret_ref {
            let data = self.secret(ns, &c.name).await.map_err(|e| {
                auth(format!(
                    "failed to get TLS config: failed to get secret '{ns}/{}': {e}",
                    c.name
                ))
            })?;
            let mut access = Access::default();
            tls_from_secret(&data, &mut access).map_err(|m| {
                auth(format!(
                    "failed to get TLS config: secret '{ns}/{}' {m}",
                    c.name
                ))
            })?;
            o.ca_pem = access.ca;
            o.identity_pem = access.identity;
        }
        if spec.provider == CloudProvider::Azure {
            if let Some((name, data)) = &secret {
                crate::bucket::azure::validate_secret(name, data).map_err(auth)?;
            }
            o.secret = secret;
            return Ok(o);
        }
        if spec.provider == CloudProvider::Gcp {
            if let Some((name, data)) = &secret {
                o.service_account_key =
                    Some(crate::bucket::gcs::validate_secret(name, data).map_err(auth)?);
            }
            return Ok(o);
        }
        if let Some((name, data)) = &secret {
            let (Some(a), Some(s)) = (data.get("accesskey"), data.get("secretkey")) else {
                return Err(auth(format!(
                    "invalid '{name}' secret data: required fields 'accesskey' and 'secretkey'"
                )));
            };
            let (a, s) = (
                String::from_utf8_lossy(a).into_owned(),
                String::from_utf8_lossy(s).into_owned(),
            );
            if !a.is_empty() && !s.is_empty() {
                o.credentials = Some((a, s));
            }
        }
        let sts_access = self.sts_access(obj, ns, &o).await?;
        if secret.is_none() && spec.provider == CloudProvider::Aws {
            let c = self
                .aws_credentials(obj, ns, &o)
                .await
                .map_err(|e| auth(format!("AWS authentication failed: {e}")))?;
            o.credentials = Some((c.access_key_id, c.secret_access_key));
            o.session_token = c.session_token;
        } else if let Some((endpoint, http, username, password)) = sts_access {
            let c = aws::assume_role_with_ldap_identity(&http, &endpoint, &username, &password)
                .await
                .map_err(|e| {
                    // minio-go asks STS on the first bucket call, so Flux reports it there.
                    fetch(
                        BUCKET_OPERATION_FAILED,
                        format!(
                            "failed to confirm existence of '{}' bucket: {e}",
                            spec.bucket_name
                        ),
                    )
                })?;
            o.credentials = Some((c.access_key_id, c.secret_access_key));
            o.session_token = c.session_token;
        }
        Ok(o)
    }

    /// Checks `spec.sts` as Flux does and, for the `ldap` provider of `generic` Buckets,
    /// returns the STS endpoint, its HTTP client and the Secret's user name and password.
    #[allow(clippy::type_complexity)]
    async fn sts_access(
        &self,
        obj: &Bucket,
        ns: &str,
        o: &s3::Options,
    ) -> Result<Option<(String, reqwest::Client, String, String)>, StepError> {
        let Some(sts) = &obj.spec.sts else {
            return Ok(None);
        };
        let auth = |m: String| fetch(reason::AUTHENTICATION_FAILED, m);
        let stall = |reason: &str, m: String| StepError {
            failure: Failure::stalled(reason, m),
            condition: condition::FETCH_FAILED,
        };
        let provider = match sts.provider {
            STSProvider::Aws => "aws",
            STSProvider::Ldap => "ldap",
        };
        let bucket_provider = match obj.spec.provider {
            CloudProvider::Aws => "aws",
            CloudProvider::Generic => "generic",
            CloudProvider::Gcp => "gcp",
            CloudProvider::Azure => "azure",
        };
        let invalid = |m: String| stall("InvalidSTSConfiguration", m);
        match (obj.spec.provider, sts.provider) {
            (CloudProvider::Aws, STSProvider::Aws) => {
                if sts.secret_ref.is_some() {
                    return Err(invalid(format!(
                        "spec.sts.secretRef is not required for the '{provider}' STS provider"
                    )));
                }
                if sts.cert_secret_ref.is_some() {
                    return Err(invalid(format!(
                        "spec.sts.certSecretRef is not required for the '{provider}' STS provider"
                    )));
                }
            }
            (CloudProvider::Generic, STSProvider::Ldap) => {}
            (CloudProvider::Aws | CloudProvider::Generic, _) => {
                return Err(invalid(format!(
                    "STS provider '{provider}' is not supported for '{bucket_provider}' bucket provider"
                )))
            }
            _ => {
                return Err(invalid(format!(
                    "STS configuration is not supported for '{bucket_provider}' bucket provider"
                )))
            }
        }
        if let Err(e) = url::Url::parse(&sts.endpoint) {
            return Err(stall(
                "URLInvalid",
                format!("failed to parse STS endpoint '{}': {e}", sts.endpoint),
            ));
        }
        if sts.provider != STSProvider::Ldap {
            return Ok(None);
        }
        let mut creds = (String::new(), String::new());
        if let Some(r) = &sts.secret_ref {
            let data = self
                .secret(ns, &r.name)
                .await
                .map_err(|e| auth(format!("failed to get STS secret '{ns}/{}': {e}", r.name)))?;
            let get = |k: &str| data.get(k).filter(|v| !v.is_empty());
            let (Some(u), Some(p)) = (get("username"), get("password")) else {
                return Err(auth(format!(
                    "invalid '{}' secret data for 'ldap' STS provider: required fields username, password",
                    r.name
                )));
            };
            creds = (
                String::from_utf8_lossy(u).into_owned(),
                String::from_utf8_lossy(p).into_owned(),
            );
        }
        let mut http_opts = s3::Options {
            proxy: o.proxy.clone(),
            timeout: o.timeout,
            ..Default::default()
        };
        if let Some(c) = &sts.cert_secret_ref {
            let data = self.secret(ns, &c.name).await.map_err(|e| {
                auth(format!(
                    "failed to get STS TLS config: failed to get secret '{ns}/{}': {e}",
                    c.name
                ))
            })?;
            let mut access = Access::default();
            tls_from_secret(&data, &mut access).map_err(|m| {
                auth(format!(
                    "failed to get STS TLS config: secret '{ns}/{}' {m}",
                    c.name
                ))
            })?;
            http_opts.ca_pem = access.ca;
            http_opts.identity_pem = access.identity;
        }
        let http = s3::http_client(&http_opts).map_err(auth)?;
        Ok(Some((sts.endpoint.clone(), http, creds.0, creds.1)))
    }

    /// The `aws` provider's credentials without a Secret: the object's service account
    /// (object-level workload identity) or the controller's own identity.
    async fn aws_credentials(
        &self,
        obj: &Bucket,
        ns: &str,
        o: &s3::Options,
    ) -> Result<aws::Credentials, String> {
        let env = aws::Environment::from_process();
        let http = s3::http_client(&s3::Options {
            proxy: o.proxy.clone(),
            timeout: o.timeout,
            ..Default::default()
        })?;
        let sts_endpoint = obj.spec.sts.as_ref().map(|s| s.endpoint.as_str());
        let region = obj.spec.region.as_deref().filter(|r| !r.is_empty());
        let Some(sa) = obj
            .spec
            .service_account_name
            .as_deref()
            .filter(|s| !s.is_empty())
        else {
            let region = aws::controller_region(&env, region).map_err(|e| {
                format!("failed to create provider access token for the controller: {e}")
            })?;
            return aws::controller_credentials(&http, &env, &region, sts_endpoint)
                .await
                .map_err(|e| {
                    format!("failed to create provider access token for the controller: {e}")
                });
        };
        let accounts: kube::Api<ServiceAccount> =
            kube::Api::namespaced(self.ctx.client.clone(), ns);
        let account = accounts
            .get(sa)
            .await
            .map_err(|e| format!("failed to get service account '{ns}/{sa}': {e}"))?;
        let role = aws::role_arn(&account.metadata.annotations.clone().unwrap_or_default())
            .map_err(|e| {
                format!(
                    "failed to get provider identity from service account '{ns}/{sa}' annotations: {e}"
                )
            })?;
        let token = accounts
            .create_token_request(
                sa,
                &Default::default(),
                &TokenRequest {
                    spec: TokenRequestSpec {
                        audiences: vec![aws::AUDIENCE.to_string()],
                        ..Default::default()
                    },
                    ..Default::default()
                },
            )
            .await
            .map_err(|e| {
                format!("failed to create kubernetes token for service account '{ns}/{sa}': {e}")
            })?
            .status
            .map(|s| s.token)
            .unwrap_or_default();
        let for_sa = |e: String| {
            format!("failed to create provider access token for service account '{ns}/{sa}': {e}")
        };
        let Some(region) = region else {
            return Err(for_sa(
                "an AWS region is required for authenticating with a service account. please configure one in the object spec"
                    .into(),
            ));
        };
        let endpoint =
            aws::sts_endpoint(&env, sts_endpoint, region).map_err(|e| for_sa(e.to_string()))?;
        aws::assume_role_with_web_identity(
            &http,
            &endpoint,
            &role,
            &aws::role_session_name(sa, ns, region),
            &token,
        )
        .await
        .map_err(|e| for_sa(e.to_string()))
    }

    /// Returns (whether a new artifact was stored, the number of indexed files).
    async fn produce(
        &self,
        obj: &Bucket,
        status: &mut BucketStatus,
    ) -> Result<(bool, usize), StepError> {
        let ns = obj.namespace().unwrap_or_default();
        let name = obj.name_any();
        let bucket_name = obj.spec.bucket_name.clone();
        let opts = self.options(obj, &ns).await?;
        let client = if obj.spec.provider == CloudProvider::Azure {
            crate::bucket::Store::Azure(
                crate::bucket::azure::Client::new(
                    &bucket_name,
                    &opts,
                    opts.secret.as_ref().map(|(n, d)| (n.as_str(), d)),
                )
                .await
                .map_err(|e| fetch(reason::AUTHENTICATION_FAILED, e.to_string()))?,
            )
        } else if obj.spec.provider == CloudProvider::Gcp {
            crate::bucket::Store::Gcs(
                crate::bucket::gcs::Client::new(&bucket_name, &opts)
                    .await
                    .map_err(|e| fetch(reason::AUTHENTICATION_FAILED, e.to_string()))?,
            )
        } else {
            crate::bucket::Store::S3(
                s3::Client::new(&bucket_name, &opts)
                    .map_err(|e| fetch(reason::AUTHENTICATION_FAILED, e.to_string()))?,
            )
        };
        let op = |m: String| fetch(BUCKET_OPERATION_FAILED, m);

        // The etag index.
        match client.bucket_exists().await {
            Ok(true) => {}
            Ok(false) => return Err(op(format!("bucket '{bucket_name}' not found"))),
            Err(e) => {
                return Err(op(format!(
                    "failed to confirm existence of '{bucket_name}' bucket: {e}"
                )))
            }
        }
        let work = tempfile::tempdir()
            .map_err(|e| op(format!("failed to create temporary working directory: {e}")))?;
        let ignore_path = work.path().join(crate::artifact::ignore::SOURCEIGNORE);
        let mut patterns = String::new();
        match client
            .get_to_file(crate::artifact::ignore::SOURCEIGNORE, &ignore_path)
            .await
        {
            Ok(_) => {
                patterns = std::fs::read_to_string(&ignore_path).unwrap_or_default();
                let _ = std::fs::remove_file(&ignore_path);
            }
            Err(e) if e.is_not_found() => {}
            Err(e) => {
                return Err(op(format!(
                    "failed to get Etag for '.sourceignore' object: {e}"
                )))
            }
        }
        if let Some(extra) = &obj.spec.ignore {
            patterns.push('\n');
            patterns.push_str(extra);
        }
        let lines: Vec<String> = patterns.lines().map(str::to_string).collect();
        let matcher = crate::artifact::ignore::Filter::from_patterns(work.path(), &lines)
            .map_err(|e| op(e.to_string()))?;
        let listed = client
            .list(obj.spec.prefix.as_deref().unwrap_or_default())
            .await
            .map_err(|e| {
                op(format!(
                    "indexation of objects from bucket '{bucket_name}' failed: {e}"
                ))
            })?;
        let mut index = EtagIndex::default();
        for (key, etag) in listed {
            if key.ends_with('/') || key == crate::artifact::ignore::SOURCEIGNORE {
                continue;
            }
            if matcher.excluded(&work.path().join(&key), false) {
                continue;
            }
            index.0.insert(key, etag);
        }
        let revision = index.revision();
        let up_to_date = status
            .artifact
            .as_ref()
            .is_some_and(|a| a.revision == revision && self.ctx.storage.exists(a));
        if up_to_date {
            return Ok((false, index.len()));
        }
        if status.artifact.is_some() {
            conditions::set(
                &mut status.conditions,
                condition::ARTIFACT_OUTDATED,
                true,
                "NewRevision",
                &format!("new upstream revision '{revision}'"),
                obj.metadata.generation,
            );
        }

        // Download and store.
        let files = work.path().join("files");
        std::fs::create_dir_all(&files).map_err(|e| op(e.to_string()))?;
        client
            .fetch_all(&mut index, &files, MAX_CONCURRENT_FETCHES)
            .await
            .map_err(|e| op(format!("fetch from bucket '{bucket_name}' failed: {e}")))?;
        let revision = index.revision();
        let hex = revision.trim_start_matches("sha256:").to_string();
        let storage = self.ctx.storage.clone();
        let (ns2, name2, rev2) = (ns.clone(), name.clone(), revision.clone());
        let artifact = tokio::task::spawn_blocking(move || {
            storage.store_dir_as(
                KIND,
                &ns2,
                &name2,
                &files,
                None,
                &rev2,
                Some(&format!("{hex}.tar.gz")),
            )
        })
        .await
        .map_err(|e| StepError::storage(reason::STORAGE_OPERATION_FAILED, e.to_string()))?
        .map_err(|e| {
            StepError::storage(
                ARCHIVE_OPERATION_FAILED,
                format!("unable to archive artifact to storage: {e}"),
            )
        })?;
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
        let new = status.artifact.as_ref().and_then(|a| a.digest.clone()) != artifact.digest;
        status.artifact = Some(artifact);
        status.observed_ignore = obj.spec.ignore.clone();
        Ok((new, index.len()))
    }
}
