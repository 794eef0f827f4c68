//! Commit signing for bootstrap: an OpenPGP detached signature (armored, from a secret key
//! ring) or an SSH signature (SSHSIG, namespace `git`), over the commit buffer exactly as
//! `git commit -S` signs it. Errors never include key material.

use pgp::composed::{Deserializable, DetachedSignature, SignedSecretKey};
use pgp::types::{KeyDetails, Password};

/// How commits are signed.
#[derive(Clone)]
pub enum Signing {
    /// OpenPGP: an armored secret key ring, its passphrase and optionally the key id to use.
    Pgp {
        /// Armored secret key(s).
        key_ring: String,
        /// Passphrase.
        passphrase: String,
        /// Key id (hex, long or short) to select; the first key when empty.
        key_id: Option<String>,
    },
    /// SSH: an OpenSSH private key, decrypted with the passphrase when it is encrypted.
    Ssh {
        /// The private key.
        private_key: String,
        /// Its passphrase (empty for an unencrypted key).
        passphrase: String,
    },
}

impl std::fmt::Debug for Signing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Signing::Pgp { key_id, .. } => write!(f, "Pgp({key_id:?})"),
            Signing::Ssh { .. } => write!(f, "Ssh"),
        }
    }
}

impl Signing {
    /// Signs a commit buffer; returns the armored signature git stores in `gpgsig`.
    pub fn sign(&self, buffer: &str) -> Result<String, String> {
        match self {
            Signing::Ssh {
                private_key,
                passphrase,
            } => {
                let mut key = ssh_key::PrivateKey::from_openssh(private_key)
                    .map_err(|e| format!("SSH signing key: {e}"))?;
                if key.is_encrypted() {
                    if passphrase.is_empty() {
                        return Err(String::from(
                            "SSH signing key is encrypted and no passphrase was given",
                        ));
                    }
                    key = key
                        .decrypt(passphrase.as_bytes())
                        .map_err(|e| format!("SSH signing key: {e}"))?;
                }
                let sig = key
                    .sign("git", ssh_key::HashAlg::Sha512, buffer.as_bytes())
                    .map_err(|e| format!("SSH signing: {e}"))?;
                sig.to_pem(ssh_key::LineEnding::LF)
                    .map_err(|e| format!("SSH signing: {e}"))
            }
            Signing::Pgp {
                key_ring,
                passphrase,
                key_id,
            } => {
                let keys: Vec<SignedSecretKey> =
                    SignedSecretKey::from_armor_many(std::io::Cursor::new(key_ring.as_bytes()))
                        .map_err(|e| format!("GPG key ring: {e}"))?
                        .0
                        .collect::<Result<_, _>>()
                        .map_err(|e| format!("GPG key ring: {e}"))?;
                let want = key_id
                    .as_deref()
                    .map(|k| k.trim_start_matches("0x").to_ascii_lowercase());
                let key = keys
                    .iter()
                    .find(|k| match &want {
                        None => true,
                        Some(w) => {
                            // A key id is the tail of the fingerprint (v4).
                            let fpr = k.fingerprint().to_string().to_ascii_lowercase();
                            fpr.ends_with(w.as_str())
                        }
                    })
                    .ok_or_else(|| match &want {
                        Some(w) => format!("GPG key ring has no key {w}"),
                        None => String::from("GPG key ring holds no secret key"),
                    })?;
                let sig = DetachedSignature::sign_binary_data(
                    ssh_key::rand_core::OsRng,
                    &key.primary_key,
                    &Password::from(passphrase.as_str()),
                    pgp::crypto::hash::HashAlgorithm::Sha256,
                    buffer.as_bytes(),
                )
                .map_err(|e| format!("GPG signing: {e}"))?;
                sig.to_armored_string(Default::default())
                    .map_err(|e| format!("GPG signing: {e}"))
            }
        }
    }
}

/// How many OpenPGP secret keys an armored key ring holds (image-automation refuses a ring
/// of more than one, not knowing which to sign with).
pub fn pgp_key_count(key_ring: &str) -> Result<usize, String> {
    let keys = SignedSecretKey::from_armor_many(std::io::Cursor::new(key_ring.as_bytes()))
        .map_err(|e| format!("GPG key ring: {e}"))?
        .0
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("GPG key ring: {e}"))?;
    Ok(keys.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encrypted_key(passphrase: &str) -> String {
        let key = ssh_key::PrivateKey::random(
            &mut ssh_key::rand_core::OsRng,
            ssh_key::Algorithm::Ed25519,
        )
        .unwrap();
        let key = key
            .encrypt(&mut ssh_key::rand_core::OsRng, passphrase)
            .unwrap();
        key.to_openssh(ssh_key::LineEnding::LF).unwrap().to_string()
    }

    #[test]
    fn an_encrypted_ssh_signing_key_signs_only_with_its_passphrase() {
        let pem = encrypted_key("s3cret");
        let with = |passphrase: &str| Signing::Ssh {
            private_key: pem.clone(),
            passphrase: passphrase.into(),
        };
        let sig = with("s3cret").sign("tree 1\n").unwrap();
        assert!(sig.starts_with("-----BEGIN SSH SIGNATURE-----\n"), "{sig}");
        let wrong = with("nope").sign("tree 1\n").unwrap_err();
        assert!(
            !wrong.contains("s3cret") && !wrong.contains("nope"),
            "{wrong}"
        );
        assert_eq!(
            with("").sign("tree 1\n").unwrap_err(),
            "SSH signing key is encrypted and no passphrase was given"
        );
    }
}
