//! The HelmRepository reconciler (`type: default`), on the shared runtime; `type: oci`
//! repositories are static, as in Flux.
//!
//! Its steps: check the URL -> read the credentials (`secretRef` basic auth, `certSecretRef`
//! TLS, or the deprecated TLS keys in `secretRef`) -> download `index.yaml` into a temporary
//! file, streaming, hashing the bytes and refusing more than `--helm-index-max-size` -> stop
//! when the revision (`sha256:` of the downloaded bytes) is the stored artifact's -> load the
//! index ([`crate::helm::index`], one chart version at a time) -> store Flux's artifact
//! (`index-<hex>.yaml` holding the index as JSON, and the `index.yaml` link whose URL is
//! `status.url`). Failures keep the previous artifact.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use kube::ResourceExt;
use sha2::Digest as _;

use super::{
    artifact_metadata, remove_artifacts, secret_data, stored, Context, StepError, CONTROLLER,
};
use crate::api::meta::{condition, reason};
use crate::api::source::{HelmRepository, HelmRepositoryStatus, HelmRepositoryType};
use crate::runtime::reconciler::{Failure, Reconciler, Success};

const KIND: &str = "HelmRepository";

/// Flux's reasons for HelmRepository failures.
mod why {
    /// The URL cannot be used.
    pub const URL_INVALID: &str = "URLInvalid";
    /// The index does not load.
    pub const INDEXATION_FAILED: &str = "IndexationFailed";
}

/// The HelmRepository reconciler.
pub struct HelmRepositoryReconciler {
    ctx: Arc<Context>,
    max_index_size: u64,
}

impl HelmRepositoryReconciler {
    /// A reconciler storing artifacts as `ctx` says, refusing indexes over `max_index_size`
    /// bytes (`--helm-index-max-size`).
    pub fn new(ctx: Arc<Context>, max_index_size: u64) -> Self {
        HelmRepositoryReconciler {
            ctx,
            max_index_size,
        }
    }
}

fn fetch_failed(failure: Failure) -> StepError {
    StepError {
        failure,
        condition: condition::FETCH_FAILED,
    }
}

impl Reconciler for HelmRepositoryReconciler {
    type Object = HelmRepository;
    const CONTROLLER: &'static str = CONTROLLER;
    const NAME: &'static str = "helmrepository";

    /// Fetches the index and stores a new artifact when its revision changed. Sets
    /// ArtifactInStorage on success, FetchFailed or StorageOperationFailed on failure.
    async fn reconcile(
        &self,
        obj: &HelmRepository,
        status: &mut HelmRepositoryStatus,
    ) -> Result<Success, Failure> {
        let generation = obj.metadata.generation;
        match self.produce_artifact(obj, status).await {
            Ok(new) => {
                let Some(artifact) = status.artifact.clone() else {
                    return Err(Failure::retry(
                        reason::FAILED,
                        "no artifact after a successful fetch",
                    ));
                };
                let msg = format!("stored artifact: revision '{}'", artifact.revision);
                let event = new.then(|| {
                    let size = artifact
                        .size
                        .map(|s| format!("size {}", human_size(s as f64)))
                        .unwrap_or_else(|| String::from("unknown size"));
                    format!("stored fetched index of {size} from '{}'", obj.spec.url)
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

    /// Removes the object's artifacts from storage.
    async fn cleanup(&self, obj: &HelmRepository) -> Result<(), Failure> {
        remove_artifacts(
            &self.ctx,
            KIND,
            &obj.namespace().unwrap_or_default(),
            &obj.name_any(),
        )
    }

    fn failure_metadata(
        &self,
        _obj: &HelmRepository,
        status: &HelmRepositoryStatus,
    ) -> BTreeMap<String, String> {
        status
            .artifact
            .as_ref()
            .map(artifact_metadata)
            .unwrap_or_default()
    }

    /// `type: oci` repositories are static: no artifact, no status, no finalizer.
    fn is_static(&self, obj: &HelmRepository) -> bool {
        obj.spec.type_ == Some(HelmRepositoryType::Oci)
    }
}

/// docker/go-units' `HumanSize`: four significant digits, decimal units (`1.2kB`, `3.4MB`).
fn human_size(mut size: f64) -> String {
    let units = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
    let mut i = 0;
    while size >= 1000.0 && i < units.len() - 1 {
        size /= 1000.0;
        i += 1;
    }
    // %.4g
    let digits = if size >= 1000.0 {
        0
    } else if size >= 100.0 {
        1
    } else if size >= 10.0 {
        2
    } else {
        3
    };
    let text = format!("{size:.digits$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    format!("{text}{}", units[i])
}

/// Credentials for the index download.
#[derive(Default)]
pub(crate) struct Access {
    pub(crate) basic: Option<(String, String)>,
    pub(crate) ca: Option<Vec<u8>>,
    pub(crate) identity: Option<Vec<u8>>,
}

/// The TLS keys of a Flux secret: (standard, legacy) for the CA, the certificate and the key.
/// The standard name wins when both are present, as in fluxcd/pkg's `TLSConfigFromSecret`.
const TLS_KEYS: [[&str; 2]; 3] = [
    ["ca.crt", "caFile"],
    ["tls.crt", "certFile"],
    ["tls.key", "keyFile"],
];

/// Fills `access` with the CA and client identity of a TLS secret; errors (naming only keys,
/// never values) when the pair is incomplete or there is neither a pair nor a CA.
pub(crate) fn tls_from_secret(
    data: &BTreeMap<String, Vec<u8>>,
    access: &mut Access,
) -> Result<(), String> {
    let get = |[k, legacy]: [&str; 2]| {
        data.get(k)
            .or_else(|| data.get(legacy))
            .filter(|v| !v.is_empty())
    };
    let (ca, crt, key) = (get(TLS_KEYS[0]), get(TLS_KEYS[1]), get(TLS_KEYS[2]));
    match (crt, key) {
        (Some(_), None) => return Err("contains 'tls.crt' but missing 'tls.key'".into()),
        (None, Some(_)) => return Err("contains 'tls.key' but missing 'tls.crt'".into()),
        (None, None) if ca.is_none() => {
            return Err("must contain either 'ca.crt' or both 'tls.crt' and 'tls.key'".into())
        }
        _ => {}
    }
    access.ca = ca.cloned();
    if let (Some(c), Some(k)) = (crt, key) {
        let mut pem = c.clone();
        pem.push(b'\n');
        pem.extend_from_slice(k);
        access.identity = Some(pem);
    }
    Ok(())
}

async fn secret(
    client: &kube::Client,
    ns: &str,
    name: &str,
    what: &str,
) -> Result<BTreeMap<String, Vec<u8>>, StepError> {
    secret_data(client, ns, name).await.map_err(|e| {
        fetch_failed(Failure::retry(
            reason::AUTHENTICATION_FAILED,
            format!("failed to get {what} secret '{ns}/{name}': {e}"),
        ))
    })
}

/// `certSecretRef` (TLS, always first), then `secretRef` (basic auth, or TLS keys in the
/// deprecated form when there is no `certSecretRef`).
pub(super) async fn access(
    client: &kube::Client,
    obj: &HelmRepository,
) -> Result<Access, StepError> {
    let ns = obj.namespace().unwrap_or_default();
    let mut access = Access::default();
    if let Some(r) = &obj.spec.cert_secret_ref {
        let data = secret(client, &ns, &r.name, "TLS authentication").await?;
        tls_from_secret(&data, &mut access).map_err(|m| {
            fetch_failed(Failure::retry(
                reason::AUTHENTICATION_FAILED,
                format!(
                    "failed to construct Helm client's TLS config: secret '{ns}/{}' {m}",
                    r.name
                ),
            ))
        })?;
    }
    if let Some(r) = &obj.spec.secret_ref {
        let data = secret(client, &ns, &r.name, "authentication").await?;
        let text = |k: &str| data.get(k).map(|v| String::from_utf8_lossy(v).into_owned());
        match (text("username"), text("password")) {
            (Some(u), Some(p)) => access.basic = Some((u, p)),
            (None, None) => {}
            (u, _) => {
                let (present, missing) = if u.is_some() {
                    ("username", "password")
                } else {
                    ("password", "username")
                };
                return Err(fetch_failed(Failure::retry(
                        reason::AUTHENTICATION_FAILED,
                        format!(
                            "failed to configure Helm client: secret '{ns}/{}': malformed basic auth - has '{present}' but missing '{missing}'",
                            r.name
                        ),
                    )));
            }
        }
        let has_tls = TLS_KEYS.iter().flatten().any(|k| data.contains_key(*k));
        if obj.spec.cert_secret_ref.is_none() && has_tls {
            tracing::info!(name = %obj.name_any(), "warning: specifying TLS authentication data via `.spec.secretRef` is deprecated, please use `.spec.certSecretRef` instead");
            tls_from_secret(&data, &mut access).map_err(|m| {
                fetch_failed(Failure::retry(
                    reason::AUTHENTICATION_FAILED,
                    format!(
                        "failed to construct Helm client's TLS config: secret '{ns}/{}' {m}",
                        r.name
                    ),
                ))
            })?;
        }
    }
    Ok(access)
}

pub(super) fn http_client(
    access: &Access,
    timeout: Duration,
) -> Result<reqwest::Client, StepError> {
    let bad = |m: String| fetch_failed(Failure::retry(reason::AUTHENTICATION_FAILED, m));
    let mut b = reqwest::Client::builder()
        .timeout(timeout)
        .user_agent(format!(
            "flux-source-controller/{}",
            crate::version::version()
        ));
    if let Some(ca) = &access.ca {
        for c in reqwest::Certificate::from_pem_bundle(ca)
            .map_err(|e| bad(format!("failed to parse CA certificate: {e}")))?
        {
            b = b.add_root_certificate(c);
        }
    }
    if let Some(pem) = &access.identity {
        b = b.identity(
            reqwest::Identity::from_pem(pem)
                .map_err(|e| bad(format!("failed to parse client certificate: {e}")))?,
        );
    }
    b.build().map_err(|e| bad(e.to_string()))
}

impl HelmRepositoryReconciler {
    /// Downloads `<url>/index.yaml`, streaming to a temporary file and hashing on the way;
    /// more than `max_index_size` bytes is an error. Returns (file, sha256 hex).
    async fn download(
        &self,
        client: &reqwest::Client,
        access: &Access,
        url: &str,
    ) -> Result<(tempfile::NamedTempFile, String), StepError> {
        use std::io::Write;
        let fail = |m: String| {
            fetch_failed(Failure::retry(
                reason::FAILED,
                format!("failed to fetch Helm repository index: failed to cache index to temporary file: {m}"),
            ))
        };
        let mut req = client.get(url);
        if let Some((u, p)) = &access.basic {
            req = req.basic_auth(u, Some(p));
        }
        let mut resp = req
            .send()
            .await
            .map_err(|e| fail(e.without_url().to_string()))?;
        if !resp.status().is_success() {
            return Err(fail(format!("failed to fetch {url} : {}", resp.status())));
        }
        let too_large = || {
            fail(format!(
                "index exceeds the maximum index file size of {} bytes",
                self.max_index_size
            ))
        };
        if resp
            .content_length()
            .is_some_and(|n| n > self.max_index_size)
        {
            return Err(too_large());
        }
        let mut file = tempfile::NamedTempFile::new().map_err(|e| fail(e.to_string()))?;
        let mut hasher = sha2::Sha256::new();
        let mut size = 0u64;
        while let Some(chunk) = resp
            .chunk()
            .await
            .map_err(|e| fail(e.without_url().to_string()))?
        {
            size += chunk.len() as u64;
            if size > self.max_index_size {
                return Err(too_large());
            }
            hasher.update(&chunk);
            file.write_all(&chunk).map_err(|e| fail(e.to_string()))?;
        }
        Ok((file, hex::encode(hasher.finalize())))
    }

    /// The steps; returns whether a new artifact was stored.
    async fn produce_artifact(
        &self,
        obj: &HelmRepository,
        status: &mut HelmRepositoryStatus,
    ) -> Result<bool, StepError> {
        let url = obj.spec.url.trim();
        if url.starts_with("oci://") {
            return Err(fetch_failed(Failure::stalled(
                why::URL_INVALID,
                "invalid Helm repository URL: 'oci' URL scheme cannot be used with 'default' HelmRepository type",
            )));
        }
        let parsed = reqwest::Url::parse(url)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
            .ok_or_else(|| {
                fetch_failed(Failure::stalled(
                    why::URL_INVALID,
                    format!("invalid Helm repository URL: parse {url:?}: not an http or https URL"),
                ))
            })?;
        let index_url = format!("{}/index.yaml", parsed.as_str().trim_end_matches('/'));
        let access = access(&self.ctx.client, obj).await?;
        let timeout = obj
            .spec
            .timeout
            .map(|d| d.std())
            .unwrap_or(Duration::from_secs(60));
        let client = http_client(&access, timeout)?;
        let (file, hex) = self.download(&client, &access, &index_url).await?;
        let revision = format!("sha256:{hex}");
        if let Some(current) = &status.artifact {
            if current.revision == revision && self.ctx.storage.exists(current) {
                return Ok(false);
            }
        }
        fn store(m: String) -> StepError {
            StepError {
                failure: Failure::retry(reason::STORAGE_OPERATION_FAILED, m),
                condition: condition::STORAGE_OPERATION_FAILED,
            }
        }
        let path = file.path().to_path_buf();
        let ns = obj.namespace().unwrap_or_default();
        let name = obj.name_any();
        let storage = self.ctx.storage.clone();
        let (ns2, name2, rev2) = (ns.clone(), name.clone(), revision.clone());
        let artifact = tokio::task::spawn_blocking(move || -> Result<_, StepError> {
            // The downloaded index is parsed from its file as it is read and the JSON goes to a
            // file as it is produced: a large index is held once, as the compact typed index.
            let index = {
                crate::helm::index::Index::from_file(&path)
                    .map_err(|e| store(e.to_string()))?
                    .map_err(|e| {
                    fetch_failed(Failure::retry(
                        why::INDEXATION_FAILED,
                        format!("failed to load Helm repository from index YAML: failed to load index: {e}"),
                    ))
                })?
            };
            let json = tempfile::NamedTempFile::new().map_err(|e| store(e.to_string()))?;
            {
                let mut w = std::io::BufWriter::new(json.as_file());
                index.write_json(&mut w).map_err(|e| store(e.to_string()))?;
                std::io::Write::flush(&mut w).map_err(|e| store(e.to_string()))?;
            }
            drop(index);
            storage
                .store_path(KIND, &ns2, &name2, &format!("index-{hex}.yaml"), json.path(), &rev2)
                .map_err(|e| store(format!("unable to save artifact to storage: {e}")))
        })
        .await
        .map_err(|e| store(e.to_string()))??;
        drop(file);
        match self.ctx.storage.symlink(&artifact, "index.yaml") {
            Ok(url) => status.url = Some(url),
            Err(e) => tracing::warn!(error = %e, "failed to update status URL symlink"),
        }
        if let Err(e) = self
            .ctx
            .storage
            .garbage_collect(KIND, &ns, &name, &artifact.path)
        {
            tracing::warn!(error = %e, "garbage collecting artifacts");
        }
        status.artifact = Some(artifact);
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_print_as_docker_units_do() {
        assert_eq!(human_size(999.0), "999B");
        assert_eq!(human_size(1000.0), "1kB");
        assert_eq!(human_size(1234.0), "1.234kB");
        assert_eq!(human_size(12_345_678.0), "12.35MB");
        assert_eq!(human_size(52_428_800.0), "52.43MB");
    }

    #[test]
    fn tls_secrets_prefer_standard_keys_and_reject_half_pairs() {
        let secret = |kv: &[(&str, &str)]| -> BTreeMap<String, Vec<u8>> {
            kv.iter()
                .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
                .collect()
        };
        let mut a = Access::default();
        tls_from_secret(&secret(&[("ca.crt", "std"), ("caFile", "legacy")]), &mut a).unwrap();
        assert_eq!(a.ca.as_deref(), Some(&b"std"[..]));
        assert!(a.identity.is_none());

        let mut a = Access::default();
        tls_from_secret(&secret(&[("certFile", "C"), ("keyFile", "K")]), &mut a).unwrap();
        assert_eq!(a.identity.as_deref(), Some(&b"C\nK"[..]));

        let mut a = Access::default();
        let err = tls_from_secret(&secret(&[("tls.crt", "C")]), &mut a).unwrap_err();
        assert_eq!(err, "contains 'tls.crt' but missing 'tls.key'");
        let err = tls_from_secret(&secret(&[("username", "u")]), &mut a).unwrap_err();
        assert!(err.contains("must contain either 'ca.crt'"), "{err}");
    }
}
