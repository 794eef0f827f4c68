//! source-controller: turns sources into artifacts served over HTTP. Each source kind is a
//! reconciler on the shared runtime ([`git`], [`helm_repository`], [`helm_chart`],
//! [`oci_repository`], [`bucket`]); they share the artifact storage.

pub mod bucket;
pub mod git;
pub mod helm_chart;
pub mod helm_repository;
pub mod oci_repository;

use std::sync::Arc;

use crate::artifact::storage::Storage;
use crate::runtime::RuntimeOptions;

/// The controller name in events, metrics and field managers.
pub const CONTROLLER: &str = "source-controller";

/// Shared state of the source controllers.
pub struct Context {
    /// Kubernetes client.
    pub client: kube::Client,
    /// Artifact storage.
    pub storage: Storage,
    /// Runtime settings.
    pub runtime: RuntimeOptions,
}

impl Context {
    /// Builds the context.
    pub fn new(client: kube::Client, storage: Storage, runtime: RuntimeOptions) -> Arc<Self> {
        Arc::new(Context {
            client,
            storage,
            runtime,
        })
    }
}

use std::collections::BTreeMap;

use crate::api::meta::{condition, reason, Artifact, Condition};
use crate::runtime::conditions;
use crate::runtime::reconciler::{Event, Failure, Success};

/// A failed step of a source reconciler: the failure and the condition it marks
/// (FetchFailed or StorageOperationFailed set True; SourceVerified set False).
pub(crate) struct StepError {
    pub failure: Failure,
    pub condition: &'static str,
}

impl StepError {
    /// A failure to get the source (FetchFailed).
    pub(crate) fn fetch(reason: &str, message: impl Into<String>) -> StepError {
        StepError {
            failure: Failure::retry(reason, message),
            condition: condition::FETCH_FAILED,
        }
    }

    /// A failure to store the artifact (StorageOperationFailed).
    pub(crate) fn storage(reason: &str, message: impl Into<String>) -> StepError {
        StepError {
            failure: Failure::retry(reason, message),
            condition: condition::STORAGE_OPERATION_FAILED,
        }
    }

    /// Records the failure on the conditions and hands it to the runtime.
    pub(crate) fn record(self, conds: &mut Vec<Condition>, generation: Option<i64>) -> Failure {
        let status = self.condition != condition::SOURCE_VERIFIED;
        conditions::set(
            conds,
            self.condition,
            status,
            &self.failure.reason,
            &self.failure.message,
            generation,
        );
        self.failure
    }
}

/// After a successful run: the failure conditions go, ArtifactInStorage says `message`, and
/// `new_artifact` (when the artifact changed) becomes a NewArtifact event carrying the
/// artifact's revision and digest.
pub(crate) fn stored(
    conds: &mut Vec<Condition>,
    generation: Option<i64>,
    artifact: &Artifact,
    message: String,
    new_artifact: Option<String>,
) -> Success {
    for c in [
        condition::FETCH_FAILED,
        condition::STORAGE_OPERATION_FAILED,
        condition::ARTIFACT_OUTDATED,
    ] {
        conditions::remove(conds, c);
    }
    conditions::set(
        conds,
        condition::ARTIFACT_IN_STORAGE,
        true,
        reason::SUCCEEDED,
        &message,
        generation,
    );
    Success {
        reason: reason::SUCCEEDED,
        message,
        events: new_artifact
            .map(|m| {
                Event::normal(reason::NEW_ARTIFACT, m).with_metadata(artifact_metadata(artifact))
            })
            .into_iter()
            .collect(),
    }
}

/// The event metadata of an artifact: `<group>/revision` and `<group>/digest`.
pub(crate) fn artifact_metadata(a: &Artifact) -> BTreeMap<String, String> {
    let group = crate::api::source::GROUP;
    let mut md = BTreeMap::from([(format!("{group}/revision"), a.revision.clone())]);
    if let Some(d) = &a.digest {
        md.insert(format!("{group}/digest"), d.clone());
    }
    md
}

/// Removes every artifact of an object from storage (its cleanup on deletion).
pub(crate) fn remove_artifacts(
    ctx: &Context,
    kind: &str,
    ns: &str,
    name: &str,
) -> Result<(), Failure> {
    ctx.storage
        .remove_all(kind, ns, name)
        .map_err(|e| Failure::retry(reason::FAILED, format!("removing artifacts: {e}")))
}

/// At the start of a run: a failed SourceVerified is computed again, and an object without
/// `spec.verify` has none (source-controller's rule for OCIRepository and HelmChart).
pub(crate) fn reset_source_verified(conds: &mut Vec<Condition>, verify_set: bool) {
    let failed = conds
        .iter()
        .any(|c| c.type_ == condition::SOURCE_VERIFIED && c.status == "False");
    if failed || !verify_set {
        conditions::remove(conds, condition::SOURCE_VERIFIED);
    }
}

/// A Secret's data, or the API's message (`secrets "x" not found`); values never appear.
pub(crate) async fn secret_data(
    client: &kube::Client,
    ns: &str,
    name: &str,
) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let api: kube::Api<k8s_openapi::api::core::v1::Secret> =
        kube::Api::namespaced(client.clone(), ns);
    match api.get_opt(name).await {
        Ok(Some(s)) => Ok(s
            .data
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| (k, v.0))
            .collect()),
        Ok(None) => Err(format!("secrets \"{name}\" not found")),
        Err(e) => Err(crate::cluster::api_message(&e)),
    }
}

/// fluxcd/pkg's proxy Secret: `address` (required, non-empty), `username` and `password`.
pub(crate) fn proxy_from_secret(
    data: &BTreeMap<String, Vec<u8>>,
    ns: &str,
    name: &str,
) -> Result<(String, Option<(String, String)>), String> {
    let text = |k: &str| data.get(k).map(|v| String::from_utf8_lossy(v).into_owned());
    // fluxcd/pkg's ProxyURLFromSecret: a missing key and an empty value read differently.
    let Some(address) = text("address") else {
        return Err(format!("secret '{ns}/{name}': key 'address' not found"));
    };
    if address.is_empty() {
        return Err(format!("secret '{ns}/{name}': proxy address is empty"));
    }
    let creds = match (text("username"), text("password")) {
        (Some(u), Some(p)) => Some((u, p)),
        _ => None,
    };
    Ok((address, creds))
}

/// `spec.verify` of an OCIRepository or HelmChart applied to `repo@digest`: cosign with the
/// public keys (`*.pub`) of `verify.secretRef` (offline, the transparency log ignored, as
/// source-controller verifies with keys); any key with a matching signature verifies. Notation
/// with the Secret's `trustpolicy.json` and `*.crt`/`*.pem` roots ([`crate::oci::notation`]).
/// The error is what follows Flux's `failed to verify the signature using provider '<p>': `;
/// keyless cosign is refused (not trusted unverified). `Ok(false)`: the policy skips
/// verification (nothing to record).
pub(crate) async fn verify_signature(
    client: &kube::Client,
    oci: &crate::oci::Client,
    ns: &str,
    verify: &crate::api::source::OCIRepositoryVerification,
    repo: &crate::oci::Reference,
    digest: &str,
) -> Result<bool, String> {
    use crate::api::source::VerificationProvider;
    use crate::oci::cosign;
    let digest_ref = repo.with_digest(digest);
    match (verify.provider, &verify.secret_ref) {
        (VerificationProvider::Cosign, Some(secret)) => {
            let data = secret_data(client, ns, &secret.name).await?;
            for (k, pem) in &data {
                if !k.ends_with(".pub") {
                    continue;
                }
                let key = cosign::PublicKey::from_pem(pem).map_err(|e| e.to_string())?;
                // A registry error on one key does not stop the others, as in Flux.
                if cosign::verify(oci, repo, digest, &key)
                    .await
                    .unwrap_or(false)
                {
                    return Ok(true);
                }
            }
            Err(format!(
                "no matching signatures were found for '{digest_ref}'"
            ))
        }
        (VerificationProvider::Cosign, None) => {
            let Some(root_ref) = &verify.trusted_root_secret_ref else {
                return Err(
                    "keyless verification against the public Sigstore infrastructure needs its TUF root online, which this build does not fetch; set spec.verify.trustedRootSecretRef to a Secret with 'trusted_root.json'"
                        .into(),
                );
            };
            let read = |e: String| {
                format!(
                    "failed to read trusted root from secret '{ns}/{}': {e}",
                    root_ref.name
                )
            };
            let data = secret_data(client, ns, &root_ref.name)
                .await
                .map_err(read)?;
            let json = data.get("trusted_root.json").ok_or_else(|| {
                read(format!(
                    "'trusted_root.json' not found in secret '{ns}/{}'",
                    root_ref.name
                ))
            })?;
            let root = crate::oci::sigstore::TrustedRoot::from_json(json).map_err(|e| e.0)?;
            let identities = verify
                .match_oidc_identity
                .iter()
                .map(|m| crate::oci::sigstore::Identity::new(&m.issuer, &m.subject))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| e.0)?;
            match cosign::verify_with(
                oci,
                repo,
                digest,
                &cosign::Verifier::Keyless(&root, &identities),
            )
            .await
            {
                Ok(Ok(())) => Ok(true),
                Ok(Err(reason)) => Err(reason),
                Err(e) => Err(e.to_string()),
            }
        }
        (VerificationProvider::Notation, None) => Err(format!(
            "verification secret cannot be empty: '{digest_ref}'"
        )),
        (VerificationProvider::Notation, Some(secret)) => {
            let data = secret_data(client, ns, &secret.name).await?;
            let Some(policy) = data.get("trustpolicy.json") else {
                return Err(format!(
                    "'trustpolicy.json' not found in secret '{ns}/{}'",
                    secret.name
                ));
            };
            let certs: Vec<Vec<u8>> = data
                .iter()
                .filter(|(k, _)| k.ends_with(".crt") || k.ends_with(".pem"))
                .map(|(_, v)| v.clone())
                .collect();
            if certs.is_empty() {
                return Err(format!(
                    "no certificates found in secret '{ns}/{}'",
                    secret.name
                ));
            }
            crate::oci::notation::verify(oci, repo, digest, policy, &certs)
                .await
                .map(|o| o == crate::oci::notation::Outcome::Verified)
        }
    }
}
