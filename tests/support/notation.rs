//! The real notation CLI for the tests (built from its Go module by `scripts/ensure-notation.sh`,
//! or `NOTATION_BIN`): a test key and certificate (`notation cert generate-test`) in a private
//! configuration directory, and signatures pushed to a plain-HTTP test registry.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The notation binary.
pub fn notation_bin() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| super::ensured("NOTATION_BIN", "ensure-notation.sh"))
        .clone()
}

fn run(config: &Path, args: &[&str]) -> String {
    let out = Command::new(notation_bin())
        .args(args)
        .env("XDG_CONFIG_HOME", config)
        .env("HOME", config)
        .output()
        .expect("running notation");
    assert!(
        out.status.success(),
        "notation {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A signing key named `name` (RSA, self-signed test certificate `C=US, ST=WA, L=Seattle,
/// O=Notary, CN=<name>`) in `config`; returns the certificate PEM.
pub fn generate_test_key(config: &Path, name: &str) -> String {
    run(config, &["cert", "generate-test", "--default", name]);
    std::fs::read_to_string(config.join(format!("notation/localkeys/{name}.crt"))).unwrap()
}

/// Signs `reference` (`host/repo@sha256:…`) with the default key of `config`.
pub fn sign(config: &Path, reference: &str) {
    run(config, &["sign", "--insecure-registry", reference]);
}
