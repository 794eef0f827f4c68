//! SSH key pairs for Git deploy keys: generation (ecdsa p256/p384/p521, rsa, ed25519) in
//! OpenSSH format, and deriving the public key of an OpenSSH private key.

use ssh_key::{rand_core::OsRng, Algorithm, EcdsaCurve, LineEnding, PrivateKey};

/// Which key to generate (`--ssh-key-algorithm`, `--ssh-ecdsa-curve`, `--ssh-rsa-bits`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyAlgorithm {
    /// ECDSA on a NIST curve (bits: 256, 384 or 521).
    Ecdsa(u16),
    /// RSA with this many bits.
    Rsa(usize),
    /// Ed25519.
    Ed25519,
}

/// Errors generating or reading keys.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The algorithm settings are invalid.
    #[error("{0}")]
    Invalid(String),
    /// Key generation or encoding failed.
    #[error("generating SSH key: {0}")]
    Key(#[from] ssh_key::Error),
}

impl KeyAlgorithm {
    /// Parses Flux's flags.
    pub fn from_flags(algorithm: &str, curve: &str, rsa_bits: usize) -> Result<Self, Error> {
        match algorithm {
            "ecdsa" => match curve {
                "p256" => Ok(KeyAlgorithm::Ecdsa(256)),
                "p384" => Ok(KeyAlgorithm::Ecdsa(384)),
                "p521" => Ok(KeyAlgorithm::Ecdsa(521)),
                other => Err(Error::Invalid(format!(
                    "--ssh-ecdsa-curve {other:?}: must be one of p256, p384, p521"
                ))),
            },
            "rsa" if (1024..=8192).contains(&rsa_bits) => Ok(KeyAlgorithm::Rsa(rsa_bits)),
            "rsa" => Err(Error::Invalid(format!(
                "--ssh-rsa-bits {rsa_bits}: must be between 1024 and 8192"
            ))),
            "ed25519" => Ok(KeyAlgorithm::Ed25519),
            other => Err(Error::Invalid(format!(
                "--ssh-key-algorithm {other:?}: must be one of ecdsa, rsa, ed25519"
            ))),
        }
    }
}

/// A generated key pair.
pub struct KeyPair {
    /// The private key in OpenSSH format.
    pub private_key: String,
    /// The public key in authorized_keys format (`type base64`).
    pub public_key: String,
}

/// Generates a key pair.
pub fn generate(alg: KeyAlgorithm) -> Result<KeyPair, Error> {
    let key = match alg {
        KeyAlgorithm::Ecdsa(bits) => {
            let curve = match bits {
                256 => EcdsaCurve::NistP256,
                384 => EcdsaCurve::NistP384,
                _ => EcdsaCurve::NistP521,
            };
            PrivateKey::random(&mut OsRng, Algorithm::Ecdsa { curve })?
        }
        KeyAlgorithm::Rsa(bits) => {
            let kp = ssh_key::private::RsaKeypair::random(&mut OsRng, bits)?;
            PrivateKey::from(kp)
        }
        KeyAlgorithm::Ed25519 => PrivateKey::random(&mut OsRng, Algorithm::Ed25519)?,
    };
    Ok(KeyPair {
        private_key: key.to_openssh(LineEnding::LF)?.to_string(),
        public_key: key.public_key().to_openssh()?,
    })
}

/// The public key of an OpenSSH-format private key, if it can be read.
pub fn public_key_of(private_openssh: &str) -> Option<String> {
    PrivateKey::from_openssh(private_openssh)
        .ok()?
        .public_key()
        .to_openssh()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_each_algorithm_with_matching_public_key() {
        for alg in [
            KeyAlgorithm::Ecdsa(384),
            KeyAlgorithm::Ecdsa(256),
            KeyAlgorithm::Ed25519,
        ] {
            let kp = generate(alg).unwrap();
            assert!(kp
                .private_key
                .starts_with("-----BEGIN OPENSSH PRIVATE KEY-----"));
            assert_eq!(public_key_of(&kp.private_key).unwrap(), kp.public_key);
        }
        assert!(generate(KeyAlgorithm::Ecdsa(384))
            .unwrap()
            .public_key
            .starts_with("ecdsa-sha2-nistp384 "));
    }

    #[test]
    fn flags_are_validated() {
        assert_eq!(
            KeyAlgorithm::from_flags("ecdsa", "p384", 2048).unwrap(),
            KeyAlgorithm::Ecdsa(384)
        );
        assert!(KeyAlgorithm::from_flags("dsa", "p384", 2048).is_err());
        assert!(KeyAlgorithm::from_flags("ecdsa", "p999", 2048).is_err());
        assert!(KeyAlgorithm::from_flags("rsa", "p384", 512).is_err());
    }
}
