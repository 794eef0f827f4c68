//! The real cosign CLI for the tests (built from its Go module by `scripts/ensure-cosign.sh`,
//! or `COSIGN_BIN`): key pairs and signatures pushed to a test registry, offline (no
//! transparency log upload).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The cosign binary.
pub fn cosign_bin() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| super::ensured("COSIGN_BIN", "ensure-cosign.sh"))
        .clone()
}

fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let out = Command::new(cosign_bin())
        .current_dir(dir)
        .args(args)
        .env("COSIGN_PASSWORD", "test-password")
        .env("HOME", dir)
        .env("DOCKER_CONFIG", dir.join(".docker"))
        .envs(env.iter().copied())
        .output()
        .expect("running cosign");
    assert!(
        out.status.success(),
        "cosign {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A key pair made by `cosign generate-key-pair` in `dir` (named `<name>.key`/`<name>.pub`);
/// returns the public key PEM.
pub fn generate_key_pair(dir: &Path, name: &str) -> String {
    let sub = dir.join(name);
    std::fs::create_dir_all(&sub).unwrap();
    run(&sub, &["generate-key-pair"], &[]);
    std::fs::read_to_string(sub.join("cosign.pub")).unwrap()
}

/// Signs `reference` (`host/repo@sha256:…` or a tag) with the key pair `name` of `dir`,
/// pushing the signature to the registry over plain HTTP, with `creds` if the registry wants
/// them.
pub fn sign(dir: &Path, name: &str, reference: &str, creds: Option<(&str, &str)>) {
    let key = dir.join(name).join("cosign.key");
    let mut args = vec![
        "sign".to_string(),
        "--key".into(),
        key.to_string_lossy().into_owned(),
        "--tlog-upload=false".into(),
        "--allow-http-registry".into(),
        "--allow-insecure-registry".into(),
        "--yes".into(),
    ];
    if let Some((u, p)) = creds {
        args.push(format!("--registry-username={u}"));
        args.push(format!("--registry-password={p}"));
    }
    args.push(reference.to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(dir, &args, &[]);
}

/// `cosign import-key-pair --key <pem>` in `dir`: writes `import-cosign.key`/`.pub`.
pub fn import_key_pair(dir: &Path, pem: &Path) {
    run(
        dir,
        &[
            "import-key-pair",
            "--key",
            pem.to_str().unwrap(),
            "--output-key-prefix",
            "import-cosign",
        ],
        &[],
    );
}

/// Signs `reference` with a leaf key and its certificate and chain (Fulcio's shape), uploading
/// the signature to the Rekor at `rekor_url` so it carries a bundle.
pub fn sign_keyless(dir: &Path, leaf: &super::sigstore::Leaf, rekor_url: &str, reference: &str) {
    sign_with_certificate(dir, leaf, Some(rekor_url), reference);
}

/// Signs `reference` with a leaf key and certificate without uploading to a transparency log:
/// the signature has a certificate but no bundle.
pub fn sign_offline_with_certificate(dir: &Path, leaf: &super::sigstore::Leaf, reference: &str) {
    sign_with_certificate(dir, leaf, None, reference);
}

fn sign_with_certificate(
    dir: &Path,
    leaf: &super::sigstore::Leaf,
    rekor_url: Option<&str>,
    reference: &str,
) {
    let mut args = vec![
        "sign",
        "--key",
        leaf.key.to_str().unwrap(),
        "--certificate",
        leaf.cert.to_str().unwrap(),
        "--certificate-chain",
        leaf.chain.to_str().unwrap(),
    ];
    match rekor_url {
        Some(url) => args.extend(["--rekor-url", url, "--tlog-upload=true"]),
        None => args.push("--tlog-upload=false"),
    }
    args.extend([
        "--allow-http-registry",
        "--allow-insecure-registry",
        "--yes",
        reference,
    ]);
    run(dir, &args, &[]);
}

/// The cosign v3 CLI (`scripts/ensure-cosign.sh --v3`, or `COSIGN_V3_BIN`).
pub fn cosign_v3_bin() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| {
        if let Ok(p) = std::env::var("COSIGN_V3_BIN") {
            return PathBuf::from(p);
        }
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/ensure-cosign.sh");
        let out = Command::new("bash")
            .arg(script)
            .arg("--v3")
            .stderr(std::process::Stdio::inherit())
            .output()
            .expect("running ensure-cosign.sh --v3");
        assert!(out.status.success(), "ensure-cosign.sh --v3 failed");
        PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
    })
    .clone()
}

/// Signs `reference` with cosign v3 and the key pair `name` of `dir` (made by
/// [`generate_key_pair`]): a Sigstore bundle pushed as a referrer, no transparency log.
pub fn sign_v3(dir: &Path, name: &str, reference: &str) {
    let key = dir.join(name).join("cosign.key");
    let out = Command::new(cosign_v3_bin())
        .current_dir(dir)
        .args([
            "sign",
            "--key",
            key.to_str().unwrap(),
            "--tlog-upload=false",
            "--use-signing-config=false",
            "--allow-http-registry",
            "--allow-insecure-registry",
            "--yes",
            reference,
        ])
        .env("COSIGN_PASSWORD", "test-password")
        .env("HOME", dir)
        .env("DOCKER_CONFIG", dir.join(".docker"))
        .output()
        .expect("running cosign v3");
    assert!(
        out.status.success(),
        "cosign v3 sign: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
