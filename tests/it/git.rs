//! Git checkouts against a real Git HTTP server (`git http-backend`): every reference kind,
//! authentication failures named without secrets, missing references, sparse checkout.

use crate::support;

use crate::support::git_server::{GitServer, ServerAuth};
use crate::support::ssh_server::SshServer;
use flux::api::source::GitRepositoryRef;
use flux::git::{checkout, resolve_remote, Auth, CheckoutOptions, Error};

fn opts(url: String, reference: GitRepositoryRef, auth: Auth) -> CheckoutOptions {
    CheckoutOptions {
        url,
        reference,
        auth,
        timeout: Some(std::time::Duration::from_secs(30)),
        ..Default::default()
    }
}

fn basic() -> Auth {
    Auth {
        username: Some("flux".into()),
        password: Some("s3cret-pass".into()),
        ..Default::default()
    }
}

fn server() -> GitServer {
    GitServer::start(ServerAuth {
        basic: Some(("flux".into(), "s3cret-pass".into())),
        bearer: None,
    })
}

#[test]
fn checks_out_branch_tag_semver_commit_and_ref_name() {
    let srv = server();
    let wt = srv.repo("podinfo", "main");
    let c1 = wt.commit(&[("deploy/app.yaml", "v: 1\n")], "one");
    wt.git(&["tag", "v6.0.0"]);
    let c2 = wt.commit(&[("deploy/app.yaml", "v: 2\n")], "two");
    wt.git(&["tag", "-a", "v6.1.0", "-m", "annotated"]);
    let c3 = wt.commit(&[("deploy/app.yaml", "v: 3\n")], "three");
    wt.git(&["tag", "v7.0.0-rc.1"]);
    wt.push();
    let url = srv.url("podinfo");

    let cases = [
        (
            GitRepositoryRef {
                branch: Some("main".into()),
                ..Default::default()
            },
            format!("main@sha1:{c3}"),
            "v: 3\n",
        ),
        (
            GitRepositoryRef {
                tag: Some("v6.0.0".into()),
                ..Default::default()
            },
            format!("v6.0.0@sha1:{c1}"),
            "v: 1\n",
        ),
        (
            GitRepositoryRef {
                semver: Some(">=6.0.0 <7.0.0".into()),
                ..Default::default()
            },
            format!("v6.1.0@sha1:{c2}"),
            "v: 2\n",
        ),
        (
            GitRepositoryRef {
                commit: Some(c1.clone()),
                ..Default::default()
            },
            format!("sha1:{c1}"),
            "v: 1\n",
        ),
        (
            GitRepositoryRef {
                branch: Some("main".into()),
                commit: Some(c2.clone()),
                ..Default::default()
            },
            format!("main@sha1:{c2}"),
            "v: 2\n",
        ),
        (
            GitRepositoryRef {
                name: Some("refs/heads/main".into()),
                ..Default::default()
            },
            format!("refs/heads/main@sha1:{c3}"),
            "v: 3\n",
        ),
    ];
    for (reference, want_rev, want_body) in cases {
        let dir = tempfile::tempdir().unwrap();
        let o = opts(url.clone(), reference.clone(), basic());
        let got = checkout(&o, dir.path()).unwrap_or_else(|e| panic!("{reference:?}: {e}"));
        assert_eq!(got.revision, want_rev, "{reference:?}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("deploy/app.yaml")).unwrap(),
            want_body
        );
        if let Some(remote) = resolve_remote(&o).unwrap() {
            assert_eq!(
                remote.revision, want_rev,
                "ls-remote agrees with the checkout"
            );
        }
    }
}

#[test]
fn default_reference_is_the_master_branch() {
    let srv = server();
    let wt = srv.repo("legacy", "master");
    let c = wt.commit(&[("a.yaml", "a")], "init");
    wt.push();
    let dir = tempfile::tempdir().unwrap();
    let got = checkout(
        &opts(srv.url("legacy"), GitRepositoryRef::default(), basic()),
        dir.path(),
    )
    .unwrap();
    assert_eq!(got.revision, format!("master@sha1:{c}"));
}

#[test]
fn force_pushed_branch_resolves_to_the_new_head() {
    let srv = server();
    let wt = srv.repo("force", "main");
    wt.commit(&[("a.yaml", "1")], "one");
    wt.commit(&[("a.yaml", "2")], "two");
    wt.push();
    wt.git(&["reset", "-q", "--hard", "HEAD~1"]);
    let c = wt.commit(&[("a.yaml", "rewritten")], "rewritten");
    wt.push();
    let dir = tempfile::tempdir().unwrap();
    let r = GitRepositoryRef {
        branch: Some("main".into()),
        ..Default::default()
    };
    let got = checkout(&opts(srv.url("force"), r, basic()), dir.path()).unwrap();
    assert_eq!(got.revision, format!("main@sha1:{c}"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.yaml")).unwrap(),
        "rewritten"
    );
}

#[test]
fn wrong_password_is_an_auth_error_without_the_secret() {
    let srv = server();
    let wt = srv.repo("private", "main");
    wt.commit(&[("a.yaml", "a")], "init");
    wt.push();
    let bad = Auth {
        username: Some("flux".into()),
        password: Some("wrong-password-123".into()),
        ..Default::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let r = GitRepositoryRef {
        branch: Some("main".into()),
        ..Default::default()
    };
    let err = checkout(
        &opts(srv.url("private"), r.clone(), bad.clone()),
        dir.path(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::Auth { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains(&srv.url("private")), "{msg}");
    assert!(!msg.contains("wrong-password-123"), "{msg}");
    let err = resolve_remote(&opts(srv.url("private"), r, bad)).unwrap_err();
    assert!(matches!(err, Error::Auth { .. }), "{err:?}");
}

#[test]
fn missing_branch_is_ref_not_found() {
    let srv = server();
    let wt = srv.repo("nobranch", "main");
    wt.commit(&[("a.yaml", "a")], "init");
    wt.push();
    let dir = tempfile::tempdir().unwrap();
    let r = GitRepositoryRef {
        branch: Some("does-not-exist".into()),
        ..Default::default()
    };
    let err = checkout(&opts(srv.url("nobranch"), r.clone(), basic()), dir.path()).unwrap_err();
    assert!(matches!(err, Error::RefNotFound { .. }), "{err:?}");
    assert!(err.to_string().contains("branch 'does-not-exist'"), "{err}");
    let err = resolve_remote(&opts(srv.url("nobranch"), r, basic())).unwrap_err();
    assert!(matches!(err, Error::RefNotFound { .. }), "{err:?}");
}

#[test]
fn bearer_token_authenticates() {
    let srv = GitServer::start(ServerAuth {
        basic: None,
        bearer: Some("tok-abc-123".into()),
    });
    let wt = srv.repo("tokened", "main");
    let c = wt.commit(&[("a.yaml", "a")], "init");
    wt.push();
    let dir = tempfile::tempdir().unwrap();
    let r = GitRepositoryRef {
        branch: Some("main".into()),
        ..Default::default()
    };
    let auth = Auth {
        bearer_token: Some("tok-abc-123".into()),
        ..Default::default()
    };
    let got = checkout(&opts(srv.url("tokened"), r, auth), dir.path()).unwrap();
    assert_eq!(got.revision, format!("main@sha1:{c}"));
}

#[test]
fn sparse_checkout_only_writes_the_listed_directories() {
    let srv = server();
    let wt = srv.repo("sparse", "main");
    wt.commit(&[("deploy/a.yaml", "a"), ("docs/readme.md", "d")], "init");
    wt.push();
    let dir = tempfile::tempdir().unwrap();
    let mut o = opts(
        srv.url("sparse"),
        GitRepositoryRef {
            branch: Some("main".into()),
            ..Default::default()
        },
        basic(),
    );
    o.sparse_checkout = vec!["deploy/".into()];
    checkout(&o, dir.path()).unwrap();
    assert!(dir.path().join("deploy/a.yaml").exists());
    assert!(!dir.path().join("docs/readme.md").exists());
}

#[test]
fn missing_semver_match_is_ref_not_found() {
    let srv = server();
    let wt = srv.repo("nosemver", "main");
    wt.commit(&[("a.yaml", "a")], "init");
    wt.git(&["tag", "v1.0.0"]);
    wt.push();
    let dir = tempfile::tempdir().unwrap();
    let r = GitRepositoryRef {
        semver: Some(">=2.0.0".into()),
        ..Default::default()
    };
    let err = checkout(&opts(srv.url("nosemver"), r, basic()), dir.path()).unwrap_err();
    assert!(
        err.to_string().contains("no tag matching semver '>=2.0.0'"),
        "{err}"
    );
}

fn ssh_auth(identity: &str, known_hosts: &str) -> Auth {
    Auth {
        identity: Some(identity.to_string()),
        identity_pub: None,
        known_hosts: Some(known_hosts.to_string()),
        ..Default::default()
    }
}

#[test]
fn ssh_checkout_verifies_the_host_key_and_authenticates_with_the_key() {
    let srv = server();
    let wt = srv.repo("overssh", "main");
    let c = wt.commit(&[("deploy/a.yaml", "a")], "init");
    wt.push();
    let ssh = SshServer::start(&srv.root);
    let url = ssh.url("overssh");
    let r = GitRepositoryRef {
        branch: Some("main".into()),
        ..Default::default()
    };

    let dir = tempfile::tempdir().unwrap();
    let got = checkout(
        &opts(
            url.clone(),
            r.clone(),
            ssh_auth(&ssh.identity, &ssh.known_hosts),
        ),
        dir.path(),
    )
    .unwrap_or_else(|e| panic!("ssh checkout: {e}"));
    assert_eq!(got.revision, format!("main@sha1:{c}"));
    let remote = resolve_remote(&opts(
        url.clone(),
        r.clone(),
        ssh_auth(&ssh.identity, &ssh.known_hosts),
    ))
    .unwrap();
    assert_eq!(remote.unwrap().revision, format!("main@sha1:{c}"));

    // Unknown host key: refused before any authentication.
    let other_host = "[127.0.0.1]:1 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n";
    let dir = tempfile::tempdir().unwrap();
    let err = checkout(
        &opts(url.clone(), r.clone(), ssh_auth(&ssh.identity, other_host)),
        dir.path(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::HostKey { .. }), "{err:?}");
    assert!(err.to_string().contains("known_hosts"), "{err}");

    // A key the server does not know.
    let dir = tempfile::tempdir().unwrap();
    let err = checkout(
        &opts(
            url.clone(),
            r,
            ssh_auth(&ssh.other_identity, &ssh.known_hosts),
        ),
        dir.path(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::Auth { .. }), "{err:?}");
    assert!(!err.to_string().contains("PRIVATE KEY"), "{err}");
}

#[test]
fn scanned_known_hosts_line_verifies_the_server() {
    let srv = server();
    let ssh = SshServer::start(&srv.root);
    let line = flux::git::scan_known_hosts(&ssh.url("anything")).unwrap();
    assert_eq!(line, ssh.known_hosts);
}

#[test]
fn recurse_submodules_checks_out_submodule_content() {
    let srv = server();
    let lib = srv.repo("lib", "main");
    lib.commit(&[("lib/base.yaml", "base")], "lib");
    lib.push();
    let app = srv.repo("withsub", "main");
    app.commit(&[("app.yaml", "app")], "app");
    // The submodule URL points at the same HTTP server; credentials come from the parent.
    app.git(&[
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-q",
        &srv.root.join("lib.git").display().to_string(),
        "vendor/lib",
    ]);
    app.git(&[
        "config",
        "-f",
        ".gitmodules",
        "submodule.vendor/lib.url",
        &srv.url("lib"),
    ]);
    app.commit(&[], "add submodule");
    app.push();
    let r = GitRepositoryRef {
        branch: Some("main".into()),
        ..Default::default()
    };

    let dir = tempfile::tempdir().unwrap();
    let mut o = opts(srv.url("withsub"), r.clone(), basic());
    o.recurse_submodules = true;
    checkout(&o, dir.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("vendor/lib/lib/base.yaml")).unwrap(),
        "base"
    );

    let dir = tempfile::tempdir().unwrap();
    checkout(&opts(srv.url("withsub"), r, basic()), dir.path()).unwrap();
    assert!(
        !dir.path().join("vendor/lib/lib/base.yaml").exists(),
        "submodules only when asked"
    );
}

#[test]
fn https_with_ca_crt_trusts_only_that_ca() {
    let srv = server();
    let wt = srv.repo("tls", "main");
    let c = wt.commit(&[("a.yaml", "a")], "init");
    wt.push();
    let proxy = support::tls_proxy::TlsProxy::start(srv.port);
    let r = GitRepositoryRef {
        branch: Some("main".into()),
        ..Default::default()
    };
    let with_ca = |ca: Option<&str>| Auth {
        ca_cert: ca.map(String::from),
        ..basic()
    };

    let dir = tempfile::tempdir().unwrap();
    let got = checkout(
        &opts(proxy.url("tls"), r.clone(), with_ca(Some(&proxy.ca_pem))),
        dir.path(),
    )
    .unwrap_or_else(|e| panic!("https with ca.crt: {e}"));
    assert_eq!(got.revision, format!("main@sha1:{c}"));
    let remote = resolve_remote(&opts(
        proxy.url("tls"),
        r.clone(),
        with_ca(Some(&proxy.ca_pem)),
    ))
    .unwrap();
    assert_eq!(remote.unwrap().revision, format!("main@sha1:{c}"));

    let dir = tempfile::tempdir().unwrap();
    let err = checkout(
        &opts(
            proxy.url("tls"),
            r.clone(),
            with_ca(Some(&proxy.other_ca_pem)),
        ),
        dir.path(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::Tls { .. }), "{err:?}");
    assert!(err.to_string().contains("127.0.0.1"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    assert!(
        checkout(&opts(proxy.url("tls"), r, with_ca(None)), dir.path()).is_err(),
        "system roots must not trust the test CA"
    );
}

#[test]
fn https_fetches_go_through_an_authenticated_connect_proxy() {
    let srv = server();
    let wt = srv.repo("viaproxy", "main");
    let c = wt.commit(&[("a.yaml", "a")], "init");
    wt.push();
    let tls = support::tls_proxy::TlsProxy::start(srv.port);
    let proxy = support::http_proxy::HttpProxy::start(Some(("px".into(), "px-pass".into())));
    let r = GitRepositoryRef {
        branch: Some("main".into()),
        ..Default::default()
    };
    let mut o = opts(
        tls.url("viaproxy"),
        r,
        Auth {
            ca_cert: Some(tls.ca_pem.clone()),
            ..basic()
        },
    );
    o.proxy = Some(format!("http://px:px-pass@127.0.0.1:{}", proxy.port));
    let dir = tempfile::tempdir().unwrap();
    let got = checkout(&o, dir.path()).unwrap_or_else(|e| panic!("via proxy: {e}"));
    assert_eq!(got.revision, format!("main@sha1:{c}"));
    assert!(
        proxy.forwarded.load(std::sync::atomic::Ordering::SeqCst) > 0,
        "the fetch bypassed the proxy"
    );

    o.proxy = Some(format!("http://px:wrong@127.0.0.1:{}", proxy.port));
    let dir = tempfile::tempdir().unwrap();
    let err = checkout(&o, dir.path()).unwrap_err();
    assert!(!err.to_string().contains("wrong@"), "{err}");
}
