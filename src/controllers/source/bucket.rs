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
//! link. Failures keep the previous artifact. `aws` without keys, `gcp`/`azure` without a Secret and STS are
//! refused with a message saying so.

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
use crate::api::source::{Bucket, BucketStatus, CloudProvider};
use crate::bucket::{s3, EtagIndex};
use crate::runtime::conditions;
use crate::runtime::reconciler::{Failure, Reconciler, Success};

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
        if spec.sts.is_some() {
            return Err(StepError {
                failure: Failure::stalled(
                    "InvalidSTSConfiguration",
                    "STS configuration is not supported by this build",
                ),
                condition: condition::FETCH_FAILED,
            });
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
        if let Some((name, data)) = secret {
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
        } else if spec.provider == CloudProvider::Aws {
            return Err(auth(
                "AWS authentication failed: only static keys (spec.secretRef) are supported by this build"
                    .into(),
            ));
        }
        Ok(o)
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
