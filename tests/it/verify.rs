//! Signature verification of commits and tags made by real `git` with real `gpg` (OpenPGP)
//! and `ssh-keygen -Y sign` (SSH), fetched from a real Git HTTP server.

use std::collections::BTreeMap;
use std::process::Command;

use crate::support::git_server::{GitServer, ServerAuth};
use flux::api::source::GitRepositoryRef;
use flux::git::verify::{Error as VerifyError, Mode};
use flux::git::{checkout, CheckoutOptions, Error};

struct Gpg {
    home: tempfile::TempDir,
    fpr: String,
}

impl Gpg {
    fn new(uid: &str) -> Gpg {
        let home = tempfile::tempdir().unwrap();
        let run = |args: &[&str]| {
            let out = Command::new("gpg")
                .args([
                    "--batch",
                    "--yes",
                    "--pinentry-mode",
                    "loopback",
                    "--passphrase",
                    "",
                ])
                .args(args)
                .env("GNUPGHOME", home.path())
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "gpg {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8_lossy(&out.stdout).to_string()
        };
        run(&["--quick-gen-key", uid, "ed25519", "sign", "never"]);
        let listing = run(&["--list-keys", "--with-colons"]);
        let fpr = listing
            .lines()
            .find(|l| l.starts_with("fpr:"))
            .unwrap()
            .split(':')
            .nth(9)
            .unwrap()
            .to_string();
        Gpg { home, fpr }
    }

    fn public(&self) -> String {
        let out = Command::new("gpg")
            .args(["--armor", "--export", &self.fpr])
            .env("GNUPGHOME", self.home.path())
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    }

    fn home(&self) -> &str {
        self.home.path().to_str().unwrap()
    }
}

fn opts(
    url: String,
    reference: GitRepositoryRef,
    mode: Mode,
    keys: &[(&str, &str)],
) -> CheckoutOptions {
    let data: BTreeMap<String, String> = keys
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    CheckoutOptions {
        url,
        reference,
        verify: Some((mode, data)),
        timeout: Some(std::time::Duration::from_secs(30)),
        ..Default::default()
    }
}

fn branch() -> GitRepositoryRef {
    GitRepositoryRef {
        branch: Some("main".into()),
        ..Default::default()
    }
}

#[test]
fn openpgp_signed_commits_and_tags_verify_with_trusted_keys_only() {
    let srv = GitServer::start(ServerAuth::default());
    let wt = srv.repo("pgp", "main");
    let gpg = Gpg::new("Flux Test <test@example.com>");
    let other = Gpg::new("Someone Else <else@example.com>");
    let cfg = ["-c", "gpg.program=gpg"];
    let signing = format!("user.signingkey={}", gpg.fpr);
    let mut config: Vec<&str> = cfg.to_vec();
    config.extend(["-c", signing.as_str()]);
    let c = wt.commit_with(
        &[("a.yaml", "a")],
        "signed",
        &config,
        &[("GNUPGHOME", gpg.home())],
    );
    let tag_args: Vec<&str> = config
        .iter()
        .copied()
        .chain(["tag", "-s", "v1.0.0", "-m", "signed tag"])
        .collect();
    wt.git_env(&tag_args, &[("GNUPGHOME", gpg.home())]);
    wt.push();
    let url = srv.url("pgp");
    let trusted = gpg.public();

    let dir = tempfile::tempdir().unwrap();
    let got = checkout(
        &opts(
            url.clone(),
            branch(),
            Mode::Head,
            &[("author.asc", &trusted)],
        ),
        dir.path(),
    )
    .unwrap();
    let verified = got.verified.unwrap();
    assert!(verified.contains(&format!("commit '{c}'")), "{verified}");
    assert!(verified.contains(&gpg.fpr), "{verified}");

    let tag = GitRepositoryRef {
        tag: Some("v1.0.0".into()),
        ..Default::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let got = checkout(
        &opts(
            url.clone(),
            tag.clone(),
            Mode::TagAndHead,
            &[("author.asc", &trusted)],
        ),
        dir.path(),
    )
    .unwrap();
    assert!(got.verified.unwrap().contains("tag 'v1.0.0'"));

    let dir = tempfile::tempdir().unwrap();
    let err = checkout(
        &opts(
            url.clone(),
            branch(),
            Mode::Head,
            &[("other.asc", &other.public())],
        ),
        dir.path(),
    )
    .unwrap_err();
    assert!(
        matches!(err, Error::Verification(VerifyError::Untrusted(_))),
        "{err:?}"
    );

    let dir = tempfile::tempdir().unwrap();
    let err = checkout(
        &opts(
            url.clone(),
            branch(),
            Mode::Tag,
            &[("author.asc", &trusted)],
        ),
        dir.path(),
    )
    .unwrap_err();
    assert!(
        matches!(err, Error::Verification(VerifyError::NotATag)),
        "{err:?}"
    );

    let dir = tempfile::tempdir().unwrap();
    let err = checkout(
        &opts(url, branch(), Mode::Head, &[("readme", "not a key")]),
        dir.path(),
    )
    .unwrap_err();
    assert!(
        matches!(err, Error::Verification(VerifyError::NoKeys)),
        "{err:?}"
    );
}

#[test]
fn ssh_signed_commits_verify_and_unsigned_commits_fail() {
    let srv = GitServer::start(ServerAuth::default());
    let wt = srv.repo("sshsig", "main");
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("signer");
    let out = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "signer", "-f"])
        .arg(&key)
        .output()
        .unwrap();
    assert!(out.status.success());
    let signing = format!("user.signingkey={}", key.display());
    let c = wt.commit_with(
        &[("a.yaml", "a")],
        "ssh signed",
        &["-c", "gpg.format=ssh", "-c", &signing],
        &[],
    );
    wt.push();
    let url = srv.url("sshsig");
    let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let got = checkout(
        &opts(
            url.clone(),
            branch(),
            Mode::Head,
            &[("signer.sshpub", &public)],
        ),
        dir.path(),
    )
    .unwrap();
    let verified = got.verified.unwrap();
    assert!(
        verified.contains(&format!("commit '{c}'")) && verified.contains("SHA256:"),
        "{verified}"
    );

    wt.commit(&[("b.yaml", "b")], "unsigned");
    wt.push();
    let dir = tempfile::tempdir().unwrap();
    let err = checkout(
        &opts(url, branch(), Mode::Head, &[("signer.sshpub", &public)]),
        dir.path(),
    )
    .unwrap_err();
    assert!(
        matches!(err, Error::Verification(VerifyError::Unsigned(_))),
        "{err:?}"
    );
}
