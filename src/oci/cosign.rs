//! Cosign signatures verified with public keys, as source-controller checks them for
//! OCIRepository and OCI HelmChart sources (`verify.provider: cosign` with a `secretRef`):
//! offline, the transparency log ignored.
//!
//! Owns the cosign v2 signature layout: the signatures of `repo@sha256:<hex>` are the layers of
//! the manifest tagged `sha256-<hex>.sig` in the same repository; each layer is a "simple
//! signing" payload (JSON naming the signed manifest digest) with its base64 signature in the
//! `dev.cosignproject.cosign/signature` annotation. A signature counts when it verifies with
//! the key over the payload bytes (ECDSA P-256 or P-384 with SHA-256, DER signatures) and the
//! payload names the digest being verified. Keyless signatures (certificates, Rekor bundles)
//! are checked by [`super::sigstore`] against a trusted root.

use base64::Engine;

use super::client::{Client, Error as ClientError};
use super::reference::Reference;

/// The media type of cosign's simple signing payload layers.
pub const SIMPLE_SIGNING: &str = "application/vnd.dev.cosign.simplesigning.v1+json";
/// The annotation holding a layer's signature.
pub const SIGNATURE_ANNOTATION: &str = "dev.cosignproject.cosign/signature";

/// What stops a verification (a signature that does not verify is not an error: it does not
/// count).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The public key cannot be used.
    #[error("{0}")]
    Key(String),
    /// The registry could not be read.
    #[error(transparent)]
    Registry(#[from] ClientError),
}

/// A public key to verify with.
pub enum PublicKey {
    /// ECDSA over P-256.
    P256(p256::ecdsa::VerifyingKey),
    /// ECDSA over P-384.
    P384(p384::ecdsa::VerifyingKey),
}

impl PublicKey {
    /// Reads a PEM `PUBLIC KEY` (what `cosign generate-key-pair` writes to `cosign.pub`).
    pub fn from_pem(pem: &[u8]) -> Result<PublicKey, Error> {
        use p256::pkcs8::DecodePublicKey;
        let text = std::str::from_utf8(pem)
            .map_err(|_| Error::Key("PEM decoding failed: not UTF-8".into()))?
            .trim();
        if !text.starts_with("-----BEGIN PUBLIC KEY-----") {
            return Err(Error::Key("PEM decoding failed".into()));
        }
        if let Ok(k) = p256::ecdsa::VerifyingKey::from_public_key_pem(text) {
            return Ok(PublicKey::P256(k));
        }
        if let Ok(k) = p384::ecdsa::VerifyingKey::from_public_key_pem(text) {
            return Ok(PublicKey::P384(k));
        }
        Err(Error::Key(
            "unsupported public key type: only ECDSA P-256 and P-384 keys are supported".into(),
        ))
    }

    /// Reads a DER `SubjectPublicKeyInfo` (certificates, trusted roots).
    pub fn from_spki_der(der: &[u8]) -> Result<PublicKey, Error> {
        use p256::pkcs8::DecodePublicKey;
        if let Ok(k) = p256::ecdsa::VerifyingKey::from_public_key_der(der) {
            return Ok(PublicKey::P256(k));
        }
        if let Ok(k) = p384::ecdsa::VerifyingKey::from_public_key_der(der) {
            return Ok(PublicKey::P384(k));
        }
        Err(Error::Key(
            "unsupported public key type: only ECDSA P-256 and P-384 keys are supported".into(),
        ))
    }

    /// Whether `sig` (ASN.1 DER) signs `payload` (SHA-256).
    pub fn verifies(&self, payload: &[u8], sig: &[u8]) -> bool {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(payload);
        match self {
            PublicKey::P256(k) => {
                use p256::ecdsa::signature::hazmat::PrehashVerifier;
                p256::ecdsa::Signature::from_der(sig)
                    .is_ok_and(|s| k.verify_prehash(&digest, &s).is_ok())
            }
            PublicKey::P384(k) => {
                use p384::ecdsa::signature::hazmat::PrehashVerifier;
                p384::ecdsa::Signature::from_der(sig)
                    .is_ok_and(|s| k.verify_prehash(&digest, &s).is_ok())
            }
        }
    }
}

/// The signature tag of a manifest digest: `sha256-<hex>.sig`.
pub fn signature_tag(digest: &str) -> String {
    format!("{}.sig", digest.replacen(':', "-", 1))
}

/// Whether the payload names `digest` as the signed image (cosign's `critical` section).
pub(crate) fn payload_names(payload: &[u8], digest: &str) -> bool {
    serde_json::from_slice::<serde_json::Value>(payload).is_ok_and(|v| {
        v["critical"]["image"]["docker-manifest-digest"] == digest
            && v["critical"]["type"] == "cosign container image signature"
    })
}

/// The artifact type of cosign v3's Sigstore bundle referrers.
pub const BUNDLE_ARTIFACT_TYPE: &str = "application/vnd.dev.sigstore.bundle.v0.3+json";

/// The Sigstore bundle (JSON) carried by the referrer manifest `manifest_digest`, if it is one.
async fn bundle_of(
    client: &Client,
    repo: &Reference,
    manifest_digest: &str,
) -> Result<Option<serde_json::Value>, Error> {
    let r = repo.with_digest(manifest_digest);
    let m = client.manifest(&r).await?.json()?;
    let Some(layer) = m["layers"].as_array().into_iter().flatten().find(|l| {
        l["mediaType"]
            .as_str()
            .is_some_and(|t| t.starts_with("application/vnd.dev.sigstore.bundle"))
    }) else {
        return Ok(None);
    };
    if layer["size"].as_u64().is_none_or(|s| s > 4 << 20) {
        return Ok(None);
    }
    let Some(d) = layer["digest"].as_str() else {
        return Ok(None);
    };
    let bytes = client.blob_bytes(&r, d).await?;
    Ok(serde_json::from_slice(&bytes).ok())
}

/// DSSE's pre-authentication encoding of a payload.
fn pae(payload_type: &str, payload: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "DSSEv1 {} {payload_type} {} ",
        payload_type.len(),
        payload.len()
    )
    .into_bytes();
    out.extend_from_slice(payload);
    out
}

/// A cosign v3 bundle checked with a public key, as sigstore-go checks it for Flux (key
/// given, transparency log ignored): its DSSE envelope is signed by the key over the
/// pre-authentication encoding, and its in-toto statement names `digest` as a subject.
fn verify_bundle_with_key(
    bundle: &serde_json::Value,
    key: &PublicKey,
    digest: &str,
) -> Result<(), String> {
    use base64::engine::general_purpose::STANDARD;
    let env = &bundle["dsseEnvelope"];
    if env.is_null() {
        return Err("bundle does not contain a DSSE envelope".into());
    }
    let payload_type = env["payloadType"].as_str().unwrap_or_default();
    let payload = env["payload"]
        .as_str()
        .and_then(|p| STANDARD.decode(p).ok())
        .ok_or("the DSSE envelope has no payload")?;
    let signed = pae(payload_type, &payload);
    let verified = env["signatures"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["sig"].as_str().and_then(|s| STANDARD.decode(s).ok()))
        .any(|sig| key.verifies(&signed, &sig));
    if !verified {
        return Err(
            "failed to verify signature: could not verify envelope: no valid signature".into(),
        );
    }
    if payload_type != "application/vnd.in-toto+json" {
        return Err(format!("unsupported DSSE payload type {payload_type}"));
    }
    let statement: serde_json::Value =
        serde_json::from_slice(&payload).map_err(|e| format!("invalid in-toto statement: {e}"))?;
    let (alg, hex) = digest.split_once(':').unwrap_or(("sha256", digest));
    let names = statement["subject"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|s| s["digest"][alg].as_str() == Some(hex));
    if !names {
        return Err(format!(
            "failed to verify artifact: provided artifact digest does not match any digest in statement: {digest}"
        ));
    }
    Ok(())
}

/// What a signature must verify with.
pub enum Verifier<'a> {
    /// A public key from the verification Secret.
    Key(&'a PublicKey),
    /// Keyless: a Sigstore trusted root and the accepted identities.
    Keyless(
        &'a super::sigstore::TrustedRoot,
        &'a [super::sigstore::Identity],
    ),
}

/// The annotation holding a keyless signature's certificate.
pub const CERTIFICATE_ANNOTATION: &str = "dev.sigstore.cosign/certificate";
/// The annotation holding a signature's Rekor bundle.
pub const BUNDLE_ANNOTATION: &str = "dev.sigstore.cosign/bundle";

/// Whether `repo@digest` carries a cosign signature made by `key`. No signature manifest, or
/// none of its signatures verifying, is `false`.
pub async fn verify(
    client: &Client,
    repo: &Reference,
    digest: &str,
    key: &PublicKey,
) -> Result<bool, Error> {
    Ok(verify_with(client, repo, digest, &Verifier::Key(key))
        .await?
        .is_ok())
}

/// Checks the signatures of `repo@digest`: `Ok(Ok(()))` when one verifies, `Ok(Err(reason))`
/// when none does (cosign's `no signatures found` / `no matching signatures: …`).
pub async fn verify_with(
    client: &Client,
    repo: &Reference,
    digest: &str,
    verifier: &Verifier<'_>,
) -> Result<Result<(), String>, Error> {
    // cosign v3 attaches Sigstore bundles as referrers; without any, the v2 signature tag.
    // Every referrer is looked at (as cosign does): go-containerregistry's referrers-tag index
    // lists bundles under their config's media type, not their artifact type.
    let bundles = super::notation::referrers(client, repo, digest, "")
        .await
        .unwrap_or_default();
    let mut reasons = Vec::new();
    let mut found = false;
    for manifest_digest in bundles {
        let Some(bundle) = bundle_of(client, repo, &manifest_digest).await? else {
            continue;
        };
        found = true;
        match verifier {
            Verifier::Key(key) => match verify_bundle_with_key(&bundle, key, digest) {
                Ok(()) => return Ok(Ok(())),
                Err(e) => reasons.push(e),
            },
            Verifier::Keyless(..) => reasons.push(
                "keyless verification of Sigstore bundles (cosign v3) is not supported by this build"
                    .to_string(),
            ),
        }
    }
    if found {
        return Ok(Err(format!(
            "no matching attestations: {}",
            reasons.join("\n")
        )));
    }
    let sig_ref = repo.with_tag(&signature_tag(digest));
    let manifest = match client.manifest(&sig_ref).await {
        Ok(m) => m,
        Err(ClientError::Status { status: 404, .. }) => {
            return Ok(Err("no signatures found".into()))
        }
        Err(e) => return Err(e.into()),
    };
    let json = manifest.json()?;
    for layer in json["layers"].as_array().into_iter().flatten() {
        if layer["mediaType"] != SIMPLE_SIGNING {
            continue;
        }
        let annotations = &layer["annotations"];
        let Some(sig_b64) = annotations[SIGNATURE_ANNOTATION].as_str() else {
            continue;
        };
        let Ok(sig) = base64::engine::general_purpose::STANDARD.decode(sig_b64) else {
            continue;
        };
        // Payloads are small JSON documents; anything large is not one.
        if layer["size"].as_u64().is_none_or(|s| s > 1 << 20) {
            continue;
        }
        let Some(layer_digest) = layer["digest"].as_str() else {
            continue;
        };
        let payload = client.blob_bytes(&sig_ref, layer_digest).await?;
        match verifier {
            Verifier::Key(key) => {
                if key.verifies(&payload, &sig) && payload_names(&payload, digest) {
                    return Ok(Ok(()));
                }
                reasons
                    .push("invalid signature when validating ASN.1 encoded signature".to_string());
            }
            Verifier::Keyless(root, identities) => {
                let s = super::sigstore::Signature {
                    payload: &payload,
                    signature_b64: sig_b64,
                    certificate_pem: annotations[CERTIFICATE_ANNOTATION].as_str(),
                    bundle: annotations[BUNDLE_ANNOTATION].as_str(),
                };
                match super::sigstore::verify(root, identities, &s, digest) {
                    Ok(()) => return Ok(Ok(())),
                    Err(e) => reasons.push(e.0),
                }
            }
        }
    }
    if reasons.is_empty() {
        return Ok(Err("no signatures found".into()));
    }
    Ok(Err(format!(
        "no matching signatures: {}",
        reasons.join("\n ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_tags_replace_the_algorithm_separator() {
        assert_eq!(signature_tag("sha256:abc"), "sha256-abc.sig");
    }

    #[test]
    fn payloads_must_name_the_verified_digest() {
        let p = br#"{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"sha256:aa"},"type":"cosign container image signature"},"optional":null}"#;
        assert!(payload_names(p, "sha256:aa"));
        assert!(!payload_names(p, "sha256:bb"));
        assert!(!payload_names(b"not json", "sha256:aa"));
    }

    #[test]
    fn p256_signatures_verify_only_over_their_payload() {
        use p256::ecdsa::signature::Signer;
        use p256::pkcs8::EncodePublicKey;
        let sk = p256::ecdsa::SigningKey::from_slice(&[7u8; 32]).unwrap();
        let pem = sk
            .verifying_key()
            .to_public_key_pem(p256::pkcs8::LineEnding::LF)
            .unwrap();
        let key = PublicKey::from_pem(pem.as_bytes()).unwrap();
        let sig: p256::ecdsa::Signature = sk.sign(b"payload");
        assert!(key.verifies(b"payload", sig.to_der().as_bytes()));
        assert!(!key.verifies(b"other", sig.to_der().as_bytes()));
        assert!(!key.verifies(b"payload", b"garbage"));
        assert!(PublicKey::from_pem(b"not a key").is_err());
    }

    #[test]
    fn cosign_v3_bundles_verify_over_the_dsse_encoding_and_the_statement_subject() {
        use base64::engine::general_purpose::STANDARD;
        use p256::ecdsa::signature::Signer;
        use p256::pkcs8::EncodePublicKey;
        let sk = p256::ecdsa::SigningKey::from_slice(&[7u8; 32]).unwrap();
        let pem = sk
            .verifying_key()
            .to_public_key_pem(Default::default())
            .unwrap();
        let key = PublicKey::from_pem(pem.as_bytes()).unwrap();
        let digest = format!("sha256:{}", "ab".repeat(32));
        let bundle = |subject: &str, signed_type: &str| {
            let statement = serde_json::json!({"_type": "https://in-toto.io/Statement/v1",
                "subject": [{"name": "r", "digest": {"sha256": subject}}],
                "predicateType": "https://sigstore.dev/cosign/sign/v1", "predicate": {}})
            .to_string();
            let sig: p256::ecdsa::Signature = sk.sign(&pae(signed_type, statement.as_bytes()));
            serde_json::json!({"mediaType": BUNDLE_ARTIFACT_TYPE,
                "dsseEnvelope": {"payloadType": "application/vnd.in-toto+json",
                    "payload": STANDARD.encode(&statement),
                    "signatures": [{"sig": STANDARD.encode(sig.to_der().as_bytes())}]}})
        };
        let good = bundle(&"ab".repeat(32), "application/vnd.in-toto+json");
        assert!(verify_bundle_with_key(&good, &key, &digest).is_ok());
        let other = bundle(&"cd".repeat(32), "application/vnd.in-toto+json");
        assert!(verify_bundle_with_key(&other, &key, &digest)
            .unwrap_err()
            .contains("does not match any digest"));
        // A signature over another payload type does not verify the envelope.
        let forged = bundle(&"ab".repeat(32), "text/plain");
        assert!(verify_bundle_with_key(&forged, &key, &digest)
            .unwrap_err()
            .contains("no valid signature"));
    }
}
