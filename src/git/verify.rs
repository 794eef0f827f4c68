//! Verifying commit and tag signatures against trusted keys: OpenPGP public keys (Secret keys
//! ending in `.asc`) and SSH public keys in authorized_keys format (keys ending in `.sshpub`),
//! for `spec.verify.mode` HEAD, Tag or TagAndHEAD.

use std::collections::BTreeMap;

use pgp::composed::{Deserializable, DetachedSignature, SignedPublicKey};
use pgp::types::KeyDetails;

/// Why a signature was not accepted. Messages name the object, never key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The object carries no signature.
    #[error("{0} is not signed")]
    Unsigned(String),
    /// No trusted key verifies the signature.
    #[error("signature of {0} could not be verified with any of the trusted keys")]
    Untrusted(String),
    /// The trusted keys could not be read.
    #[error("invalid trusted key '{key}': {message}")]
    BadKey {
        /// The Secret key name.
        key: String,
        /// Why.
        message: String,
    },
    /// The Secret holds no trusted keys.
    #[error("no trusted keys found (keys ending in .asc or .sshpub)")]
    NoKeys,
    /// Tag verification was asked for a reference that is not a tag.
    #[error("cannot verify the tag signature: the reference is not a tag")]
    NotATag,
}

/// What to verify.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The commit HEAD points to.
    Head,
    /// The annotated tag object.
    Tag,
    /// Both.
    TagAndHead,
}

impl Mode {
    /// Whether the commit is verified.
    pub fn head(self) -> bool {
        matches!(self, Mode::Head | Mode::TagAndHead)
    }

    /// Whether the tag is verified.
    pub fn tag(self) -> bool {
        matches!(self, Mode::Tag | Mode::TagAndHead)
    }
}

/// Parsed trusted keys.
pub struct TrustedKeys {
    pgp: Vec<SignedPublicKey>,
    ssh: Vec<ssh_key::PublicKey>,
}

impl TrustedKeys {
    /// Reads every `*.asc` and `*.sshpub` entry of a Secret's data.
    pub fn from_secret(data: &BTreeMap<String, String>) -> Result<TrustedKeys, Error> {
        let mut keys = TrustedKeys {
            pgp: vec![],
            ssh: vec![],
        };
        for (name, value) in data {
            if name.ends_with(".asc") {
                let parsed =
                    SignedPublicKey::from_string_many(value).map_err(|e| Error::BadKey {
                        key: name.clone(),
                        message: e.to_string(),
                    })?;
                for k in parsed.0 {
                    keys.pgp.push(k.map_err(|e| Error::BadKey {
                        key: name.clone(),
                        message: e.to_string(),
                    })?);
                }
            } else if name.ends_with(".sshpub") {
                for line in value
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                {
                    let key =
                        ssh_key::PublicKey::from_openssh(line).map_err(|e| Error::BadKey {
                            key: name.clone(),
                            message: e.to_string(),
                        })?;
                    keys.ssh.push(key);
                }
            }
        }
        if keys.pgp.is_empty() && keys.ssh.is_empty() {
            return Err(Error::NoKeys);
        }
        Ok(keys)
    }

    /// Verifies an armored signature over `data`; returns the identifier of the key that
    /// verified it.
    pub fn verify(&self, what: &str, signature: &str, data: &[u8]) -> Result<String, Error> {
        if signature.contains("-----BEGIN SSH SIGNATURE-----") {
            let sig =
                ssh_key::SshSig::from_pem(signature).map_err(|_| Error::Untrusted(what.into()))?;
            for key in &self.ssh {
                if key.verify("git", data, &sig).is_ok() {
                    return Ok(key.fingerprint(ssh_key::HashAlg::Sha256).to_string());
                }
            }
            return Err(Error::Untrusted(what.into()));
        }
        let (sig, _) =
            DetachedSignature::from_string(signature).map_err(|_| Error::Untrusted(what.into()))?;
        for key in &self.pgp {
            if sig.verify(key, data).is_ok() {
                return Ok(key.fingerprint().to_string().to_uppercase());
            }
            for sub in &key.public_subkeys {
                if sig.verify(sub, data).is_ok() {
                    return Ok(sub.fingerprint().to_string().to_uppercase());
                }
            }
        }
        Err(Error::Untrusted(what.into()))
    }
}

/// Splits a raw tag object into (signed payload, armored signature).
pub fn split_tag(raw: &[u8]) -> Option<(Vec<u8>, String)> {
    let text = String::from_utf8_lossy(raw);
    let start = [
        "-----BEGIN PGP SIGNATURE-----",
        "-----BEGIN SSH SIGNATURE-----",
    ]
    .iter()
    .filter_map(|m| text.find(m))
    .min()?;
    Some((raw[..start].to_vec(), text[start..].to_string()))
}
