//! Notation signatures, verified as source-controller verifies them for OCIRepository
//! (`verify.provider: notation`): the trust policy and root certificates come from the
//! verification Secret (`trustpolicy.json`, `*.crt`, `*.pem`).
//!
//! Owns notation's OCI layout and checks: the signatures of `repo@digest` are the manifests
//! with artifact type `application/vnd.cncf.notary.signature` listed by the referrers API, or
//! by the referrers tag `sha256-<hex>` when the registry has no such API; each carries a JWS
//! envelope (`application/jose+json`) whose payload names the signed manifest (digest, media
//! type, size). A signature counts when the trust policy statement for `host/repository`
//! (exact scope first, else `*`) accepts it: integrity (the JWS signature with the leaf
//! certificate's key: PS256/384/512, ES256/384), and for `strict` and `permissive` levels
//! authenticity (each certificate signed by the next, the last one among the root
//! certificates, the signing time inside every certificate's validity) and the trusted
//! identities (`*`, or an `x509.subject` whose attributes the leaf subject has). `skip`
//! verifies nothing. COSE envelopes and timestamp countersignatures are not handled.

use std::collections::BTreeMap;

use base64::Engine;

use super::client::{Client, Error as ClientError};
use super::reference::Reference;
use super::trustpolicy::{self, Statement};

/// The artifact type of notation signatures.
pub const SIGNATURE_TYPE: &str = "application/vnd.cncf.notary.signature";
/// The JWS envelope media type.
pub const JWS: &str = "application/jose+json";
const PAYLOAD_TYPE: &str = "application/vnd.cncf.notary.payload.v1+json";

/// The outcome of a verification.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A signature was verified.
    Verified,
    /// The policy says `skip`: nothing verified, nothing refused.
    Skipped,
}

fn b64url(s: &str) -> Result<Vec<u8>, String> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s.trim_end_matches('='))
        .map_err(|e| format!("malformed JWS: {e}"))
}

/// The statement that applies to `artifact_path` (`host/repository`).
fn applicable<'a>(statements: &'a [Statement], artifact_path: &str) -> Option<&'a Statement> {
    statements
        .iter()
        .find(|s| s.scopes.iter().any(|x| x == artifact_path))
        .or_else(|| {
            statements
                .iter()
                .find(|s| s.scopes.iter().any(|x| x == "*"))
        })
}

/// Verifies `sig` over `msg` with the certificate's public key for the JWS `alg`.
fn verify_jws_signature(
    cert: &x509_parser::certificate::X509Certificate<'_>,
    alg: &str,
    msg: &[u8],
    sig: &[u8],
) -> Result<(), String> {
    use rsa::pkcs8::DecodePublicKey;
    use sha2::Digest;
    let spki = cert.public_key().raw;
    match alg {
        "PS256" | "PS384" | "PS512" => {
            let key = rsa::RsaPublicKey::from_public_key_der(spki)
                .map_err(|e| format!("the certificate's key is not RSA: {e}"))?;
            let ok = match alg {
                "PS256" => key.verify(
                    rsa::Pss::new::<sha2::Sha256>(),
                    &sha2::Sha256::digest(msg),
                    sig,
                ),
                "PS384" => key.verify(
                    rsa::Pss::new::<sha2::Sha384>(),
                    &sha2::Sha384::digest(msg),
                    sig,
                ),
                _ => key.verify(
                    rsa::Pss::new::<sha2::Sha512>(),
                    &sha2::Sha512::digest(msg),
                    sig,
                ),
            };
            ok.map_err(|_| "the signature does not verify".to_string())
        }
        "ES256" => {
            use p256::ecdsa::signature::Verifier;
            let key = p256::ecdsa::VerifyingKey::from_public_key_der(spki)
                .map_err(|e| format!("the certificate's key is not P-256: {e}"))?;
            let s = p256::ecdsa::Signature::from_slice(sig).map_err(|e| e.to_string())?;
            key.verify(msg, &s)
                .map_err(|_| "the signature does not verify".to_string())
        }
        "ES384" => {
            use p384::ecdsa::signature::Verifier;
            let key = p384::ecdsa::VerifyingKey::from_public_key_der(spki)
                .map_err(|e| format!("the certificate's key is not P-384: {e}"))?;
            let s = p384::ecdsa::Signature::from_slice(sig).map_err(|e| e.to_string())?;
            key.verify(msg, &s)
                .map_err(|_| "the signature does not verify".to_string())
        }
        other => Err(format!("signature algorithm {other:?} is not supported")),
    }
}

/// Whether `child` is signed by `parent`'s key.
fn signed_by(
    child: &x509_parser::certificate::X509Certificate<'_>,
    parent: &x509_parser::certificate::X509Certificate<'_>,
) -> bool {
    child.verify_signature(Some(parent.public_key())).is_ok()
}

/// The subject's attributes by short name (C, ST, L, O, OU, CN).
fn subject_attrs(cert: &x509_parser::certificate::X509Certificate<'_>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for rdn in cert.subject().iter() {
        for a in rdn.iter() {
            let oid = a.attr_type().to_id_string();
            let key = match oid.as_str() {
                "2.5.4.6" => "C",
                "2.5.4.8" => "ST",
                "2.5.4.7" => "L",
                "2.5.4.10" => "O",
                "2.5.4.11" => "OU",
                "2.5.4.3" => "CN",
                _ => continue,
            };
            if let Ok(v) = a.as_str() {
                out.insert(key.to_string(), v.to_string());
            }
        }
    }
    out
}

/// Verifies one JWS envelope against the statement; `Err` says why it does not count.
fn verify_envelope(
    envelope: &[u8],
    statement: &Statement,
    roots: &[Vec<u8>],
    target: &serde_json::Value,
) -> Result<(), String> {
    let env: serde_json::Value =
        serde_json::from_slice(envelope).map_err(|e| format!("malformed JWS envelope: {e}"))?;
    let protected_b64 = env["protected"]
        .as_str()
        .ok_or("JWS has no protected header")?;
    let payload_b64 = env["payload"].as_str().ok_or("JWS has no payload")?;
    let sig = b64url(env["signature"].as_str().ok_or("JWS has no signature")?)?;
    let protected: serde_json::Value = serde_json::from_slice(&b64url(protected_b64)?)
        .map_err(|e| format!("malformed protected header: {e}"))?;
    if protected["cty"] != PAYLOAD_TYPE {
        return Err(format!(
            "unsupported payload content type {}",
            protected["cty"]
        ));
    }
    let scheme = protected["io.cncf.notary.signingScheme"]
        .as_str()
        .unwrap_or_default();
    if scheme != "notary.x509" && scheme != "notary.x509.signingAuthority" {
        return Err(format!("unsupported signing scheme {scheme:?}"));
    }
    let alg = protected["alg"].as_str().unwrap_or_default();
    let chain_der: Vec<Vec<u8>> = env["header"]["x5c"]
        .as_array()
        .ok_or("JWS has no certificate chain")?
        .iter()
        .filter_map(|c| c.as_str())
        .map(|c| {
            base64::engine::general_purpose::STANDARD
                .decode(c)
                .map_err(|e| format!("malformed certificate: {e}"))
        })
        .collect::<Result<_, _>>()?;
    let chain: Vec<x509_parser::certificate::X509Certificate<'_>> = chain_der
        .iter()
        .map(|d| {
            x509_parser::parse_x509_certificate(d)
                .map(|(_, c)| c)
                .map_err(|e| format!("malformed certificate: {e}"))
        })
        .collect::<Result<_, _>>()?;
    let leaf = chain.first().ok_or("JWS has an empty certificate chain")?;
    // Integrity.
    let signed = format!("{protected_b64}.{payload_b64}");
    verify_jws_signature(leaf, alg, signed.as_bytes(), &sig)
        .map_err(|e| format!("integrity: {e}"))?;
    let payload: serde_json::Value = serde_json::from_slice(&b64url(payload_b64)?)
        .map_err(|e| format!("malformed payload: {e}"))?;
    let t = &payload["targetArtifact"];
    if t["digest"] != target["digest"]
        || t["mediaType"] != target["mediaType"]
        || t["size"] != target["size"]
    {
        return Err("integrity: the signature's payload does not describe the artifact".into());
    }
    let enforce_authenticity = matches!(statement.level.as_str(), "strict" | "permissive")
        && statement
            .overrides
            .get("authenticity")
            .is_none_or(|a| a == "enforce");
    if !enforce_authenticity {
        return Ok(());
    }
    // Authenticity: an unbroken chain ending at a root certificate.
    for pair in chain.windows(2) {
        if !signed_by(&pair[0], &pair[1]) {
            return Err("authenticity: the certificate chain is broken".into());
        }
    }
    let last = chain_der.last().expect("non-empty");
    let trusted = roots.iter().any(|r| r == last)
        || chain.last().is_some_and(|c| {
            roots.iter().any(|r| {
                x509_parser::parse_x509_certificate(r).is_ok_and(|(_, root)| signed_by(c, &root))
            })
        });
    if !trusted {
        return Err("authenticity: the signature's certificate chain does not end at a trusted root certificate".into());
    }
    if let Some(t) = protected["io.cncf.notary.signingTime"]
        .as_str()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
    {
        let ts = t.timestamp();
        for c in &chain {
            let v = c.validity();
            if ts < v.not_before.timestamp() || ts > v.not_after.timestamp() {
                return Err("authenticity: a certificate was not valid at the signing time".into());
            }
        }
    }
    // Trusted identities.
    if !statement.identities.iter().any(|i| i == "*") {
        let subject = subject_attrs(leaf);
        let ok = statement.identities.iter().any(|i| {
            i.strip_prefix("x509.subject:")
                .and_then(|dn| trustpolicy::parse_dn(dn.trim()).ok())
                .is_some_and(|want| want.iter().all(|(k, v)| subject.get(k) == Some(v)))
        });
        if !ok {
            return Err(
                "authenticity: the signing certificate's subject is not a trusted identity".into(),
            );
        }
    }
    Ok(())
}

/// The signature manifests of `digest`: the referrers API, else the referrers tag.
async fn signatures(
    client: &Client,
    repo: &Reference,
    digest: &str,
) -> Result<Vec<String>, ClientError> {
    referrers(client, repo, digest, SIGNATURE_TYPE).await
}

/// The manifests referring to `digest` with `artifact_type` (any when empty): listed by the
/// referrers API, else by the referrers tag `sha256-<hex>` (OCI 1.1's fallback schema).
pub(crate) async fn referrers(
    client: &Client,
    repo: &Reference,
    digest: &str,
    artifact_type: &str,
) -> Result<Vec<String>, ClientError> {
    let listing = match client.referrers(repo, digest, artifact_type).await {
        Ok(Some(index)) => index,
        Ok(None) => {
            let tag = digest.replacen(':', "-", 1);
            match client.manifest(&repo.with_tag(&tag)).await {
                Ok(m) => m.json()?,
                Err(ClientError::Status { status: 404, .. }) => return Ok(vec![]),
                Err(e) => return Err(e),
            }
        }
        Err(e) => return Err(e),
    };
    Ok(listing["manifests"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| artifact_type.is_empty() || m["artifactType"] == artifact_type)
        .filter_map(|m| m["digest"].as_str().map(String::from))
        .collect())
}

/// Verifies `repo@digest` with the Secret's trust policy and root certificates.
pub async fn verify(
    client: &Client,
    repo: &Reference,
    digest: &str,
    policy: &[u8],
    roots_pem: &[Vec<u8>],
) -> Result<Outcome, String> {
    let statements = trustpolicy::parse_document(policy).map_err(|e| e.to_string())?;
    let artifact_path = repo.name();
    let reference = format!("{artifact_path}@{digest}");
    let Some(statement) = applicable(&statements, &artifact_path) else {
        return Err(format!("artifact {reference:?} has no applicable trust policy statement. Trust policy applicability for a given artifact is determined by registryScopes. To create a trust policy, see: https://notaryproject.dev/docs/quickstart/#create-a-trust-policy"));
    };
    if statement.level == "skip" {
        return Ok(Outcome::Skipped);
    }
    let mut roots = vec![];
    for pem in roots_pem {
        for p in x509_parser::pem::Pem::iter_from_buffer(pem) {
            let p = p.map_err(|e| format!("failed to parse certificates: {e}"))?;
            roots.push(p.contents);
        }
    }
    let manifest = client
        .manifest(&repo.with_digest(digest))
        .await
        .map_err(|e| e.to_string())?;
    let target = serde_json::json!({
        "digest": digest,
        "mediaType": manifest.media_type,
        "size": manifest.bytes.len(),
    });
    let sigs = signatures(client, repo, digest)
        .await
        .map_err(|e| e.to_string())?;
    if sigs.is_empty() {
        return Err(format!(
            "no signature is associated with {reference:?}, make sure the artifact was signed successfully"
        ));
    }
    let mut last_err = String::new();
    for s in sigs.iter().take(3) {
        let m = client
            .manifest(&repo.with_digest(s))
            .await
            .map_err(|e| e.to_string())?;
        let json = m.json().map_err(|e| e.to_string())?;
        let Some(layer) = json["layers"].as_array().and_then(|l| l.first()) else {
            continue;
        };
        if layer["mediaType"] != JWS {
            last_err = format!(
                "signature envelope type {} is not supported",
                layer["mediaType"]
            );
            continue;
        }
        if layer["size"].as_u64().is_none_or(|s| s > 1 << 20) {
            continue;
        }
        let blob = client
            .blob_bytes(repo, layer["digest"].as_str().unwrap_or_default())
            .await
            .map_err(|e| e.to_string())?;
        match verify_envelope(&blob, statement, &roots, &target) {
            Ok(()) => return Ok(Outcome::Verified),
            Err(e) => last_err = e,
        }
    }
    tracing::info!(reference = %reference, error = %last_err, "notation signatures did not verify");
    Err(format!(
        "signature verification failed for all the signatures associated with {reference}"
    ))
}
