//! `flux bootstrap git` against a real Git server (Debian's git http-backend with basic auth)
//! and the real control plane, with our source- and kustomize-controllers running outside the
//! cluster (it has no nodes; `--component-health=false` says so explicitly): Flux's layout and
//! commits, existing content preserved, re-runs make no commit, a components change touches only
//! gotk-components.yaml, foreign sync manifests are refused unless `--force`, and bad
//! credentials fail before anything is pushed.

use crate::support;

use crate::support::git_server::{GitServer, ServerAuth};

fn log(work: &support::git_server::WorkTree) -> Vec<String> {
    work.git(&["fetch", "-q", "origin"]);
    let out = std::process::Command::new("git")
        .args(["log", "--format=%s", "origin/main"])
        .current_dir(&work.dir)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(String::from)
        .collect()
}

fn changed_files(work: &support::git_server::WorkTree) -> String {
    let out = std::process::Command::new("git")
        .args(["show", "--name-only", "--format=", "origin/main"])
        .current_dir(&work.dir)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

async fn flux(args: Vec<String>) -> (bool, String, String) {
    tokio::task::spawn_blocking(move || {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        support::flux(&a)
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn bootstrap_git_over_https_is_idempotent_and_keeps_foreign_paths_safe() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "boot").await;
    let server = GitServer::start(ServerAuth {
        basic: Some(("flux".into(), "s3cret".into())),
        ..Default::default()
    });
    let work = server.repo("fleet", "main");
    work.commit(
        &[
            ("README.md", "# fleet\n"),
            ("apps/app.yaml", "kind: Nothing\n"),
        ],
        "initial",
    );
    work.push();
    let url = server.url("fleet");
    let serve = support::serve(&["source-controller", "kustomize-controller"], &ns, &[]);
    let base = |extra: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = [
            "bootstrap",
            "git",
            "--url",
            &url,
            "--allow-insecure-http",
            "--token-auth",
            "-u",
            "flux",
            "-p",
            "s3cret",
            "--path",
            "clusters/test",
            "-n",
            &ns,
            "--component-health=false",
            "--interval",
            "10s",
            "--author-email",
            "flux@localhost",
            "--timeout",
            "3m",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    // Bad credentials: a clear error, nothing pushed.
    let mut bad = base(&[]);
    let i = bad.iter().position(|a| a == "s3cret").unwrap();
    bad[i] = String::from("wrong");
    let (ok, _, err) = flux(bad).await;
    assert!(!ok);
    assert!(
        err.contains("authentication") || err.contains("credentials"),
        "{err}"
    );
    assert_eq!(log(&work), ["initial"]);
    // An unreachable server: a one-line error naming it.
    let mut gone = base(&[]);
    let i = gone.iter().position(|a| *a == url).unwrap();
    gone[i] = format!("http://127.0.0.1:{}/fleet.git", support::free_port());
    let (ok, _, err) = flux(gone).await;
    assert!(!ok);
    assert!(
        err.lines().last().unwrap_or_default().starts_with("✗ "),
        "{err}"
    );
    assert!(err.contains("127.0.0.1"), "{err}");

    let (ok, _, err) = flux(base(&[])).await;
    assert!(ok, "{err}\n{}", serve.log());
    assert!(err.contains("bootstrap finished"), "{err}");
    // Flux's order and lines: components pushed, installed (one line), Secret, then the sync
    // manifests committed and pushed.
    let at = |needle: &str| {
        err.find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in {err}"))
    };
    assert!(at("pushing component manifests") < at("✔ installed components"));
    assert!(at("✔ installed components") < at("source secret created"));
    assert!(at("source secret created") < at("committed sync manifests"));
    assert!(at("committed sync manifests") < at("pushing sync manifests"));
    assert!(at("pushing sync manifests") < at("✔ reconciled sync configuration"));
    assert!(!err.contains("serverside applied"), "{err}");
    assert!(err.contains("component health not checked"), "{err}");
    assert_eq!(
        log(&work),
        [
            "Add Flux sync manifests",
            &format!("Add Flux {} component manifests", flux::version::version()),
            "initial"
        ]
    );
    work.git(&["merge", "-q", "--ff-only", "origin/main"]);
    assert!(work.dir.join("README.md").exists() && work.dir.join("apps/app.yaml").exists());
    let sync = std::fs::read_to_string(work.dir.join(format!("clusters/test/{ns}/gotk-sync.yaml")))
        .unwrap();
    assert!(sync.starts_with("# This manifest was generated by flux. DO NOT EDIT.\n---\napiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\n"), "{sync}");
    assert!(
        sync.contains(&format!("  url: {url}\n")) && sync.contains("  path: ./clusters/test\n"),
        "{sync}"
    );
    assert_eq!(
        std::fs::read_to_string(work.dir.join(format!("clusters/test/{ns}/kustomization.yaml"))).unwrap(),
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- gotk-components.yaml\n- gotk-sync.yaml\n"
    );
    let secrets: kube::Api<k8s_openapi::api::core::v1::Secret> =
        kube::Api::namespaced(client.clone(), &ns);
    let s = secrets.get("flux-system").await.unwrap();
    let data = s.data.unwrap();
    assert_eq!(data["username"].0, b"flux");
    // The cluster now syncs itself: the Kustomization applied the components from Git.
    let deps: kube::Api<k8s_openapi::api::apps::v1::Deployment> =
        kube::Api::namespaced(client.clone(), &ns);
    let d = deps.get("source-controller").await.unwrap();
    assert_eq!(
        d.metadata.labels.unwrap()["kustomize.toolkit.fluxcd.io/name"],
        ns
    );

    // Re-running with the same inputs commits nothing.
    let (ok, _, err) = flux(base(&[])).await;
    assert!(ok, "{err}");
    assert!(
        err.contains("component manifests are up to date")
            && err.contains("sync manifests are up to date"),
        "{err}"
    );
    assert_eq!(log(&work).len(), 3);

    // Changing the components changes only gotk-components.yaml. The password comes from
    // GIT_PASSWORD this time, and the image pull Secret of --registry-creds is created in the
    // cluster (never committed).
    let mut changed = base(&[
        "--network-policy=false",
        "--image-pull-secret",
        "regcred",
        "--registry-creds",
        "robot:pull-s3cret",
    ]);
    let i = changed.iter().position(|a| a == "-p").unwrap();
    changed.drain(i..i + 2);
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_flux"))
            .arg("--kubeconfig")
            .arg(support::kubeconfig())
            .args(&changed)
            .env("GIT_PASSWORD", "s3cret")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("✔ reconciled image pull secret regcred"),
        "{err}"
    );
    assert_eq!(log(&work).len(), 4);
    assert_eq!(
        changed_files(&work),
        format!("clusters/test/{ns}/gotk-components.yaml\n")
    );
    let pull = secrets.get("regcred").await.unwrap();
    assert_eq!(
        pull.type_.as_deref(),
        Some("kubernetes.io/dockerconfigjson")
    );
    let config = String::from_utf8(pull.data.unwrap()[".dockerconfigjson"].0.clone()).unwrap();
    let registry = format!("\"{}\"", flux::install::manifests::DEFAULT_REGISTRY);
    assert!(
        config.contains(&registry) && config.contains("\"robot\""),
        "{config}"
    );
    work.git(&["fetch", "-q", "origin"]);
    let show = work.git_output(&["show", "origin/main"]);
    assert!(
        !show.contains("pull-s3cret") && show.contains("regcred"),
        "{show}"
    );

    // Another installation's sync manifests at a path are refused, then overwritten with --force.
    work.git(&["merge", "-q", "--ff-only", "origin/main"]);
    let foreign =
        std::fs::read_to_string(work.dir.join(format!("clusters/test/{ns}/gotk-sync.yaml")))
            .unwrap()
            .replace(&url, "ssh://git@example.com/someone-else");
    work.commit(
        &[(
            &format!("clusters/other/{ns}/gotk-sync.yaml"),
            foreign.as_str(),
        )],
        "someone else's cluster",
    );
    work.push();
    let mut other = base(&[]);
    let i = other.iter().position(|a| a == "clusters/test").unwrap();
    other[i] = String::from("clusters/other");
    let (ok, _, err) = flux(other.clone()).await;
    assert!(!ok);
    assert!(err.contains("belongs to another Flux installation (source ssh://example.com/someone-else); use --force"), "{err}");
    assert_eq!(log(&work).len(), 5);
    other.push(String::from("--force"));
    let (ok, _, err) = flux(other).await;
    assert!(ok, "{err}");
}

fn verify_commit(
    work: &support::git_server::WorkTree,
    rev: &str,
    config: &[&str],
    env: &[(&str, &str)],
) -> (bool, String) {
    let out = std::process::Command::new("git")
        .args(config)
        .args(["verify-commit", "-v", rev])
        .envs(env.iter().cloned())
        .current_dir(&work.dir)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn bootstrap_git_over_ssh_signs_commits_that_git_verifies() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "boot-ssh").await;
    let server = GitServer::start(ServerAuth::default());
    let work = server.repo("fleet", "main");
    work.commit(&[("README.md", "# fleet\n")], "initial");
    work.push();
    let ssh = support::ssh_server::SshServer::start(&server.root);
    let keys = tempfile::tempdir().unwrap();
    let auth_key = keys.path().join("id_ed25519");
    ssh.authorize(&support::ssh_keygen(&auth_key));
    let sign_key = keys.path().join("signing");
    let sign_pub = support::ssh_keygen(&sign_key);
    let serve = support::serve(&["source-controller", "kustomize-controller"], &ns, &[]);
    let url = ssh.url("fleet");
    let args = |extra: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = [
            "bootstrap",
            "git",
            "--url",
            &url,
            "--private-key-file",
            auth_key.to_str().unwrap(),
            "--path",
            "clusters/ssh",
            "-n",
            &ns,
            "--component-health=false",
            "--author-email",
            "flux@localhost",
            "--timeout",
            "3m",
            "--silent",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let (ok, _, err) = flux(args(&[
        "--ssh-signing-key-file",
        sign_key.to_str().unwrap(),
    ]))
    .await;
    assert!(ok, "{err}\n{}", serve.log());
    // The source Secret holds the key and the scanned host key; the source reconciled over SSH.
    let secrets: kube::Api<k8s_openapi::api::core::v1::Secret> =
        kube::Api::namespaced(client.clone(), &ns);
    let data = secrets.get("flux-system").await.unwrap().data.unwrap();
    assert!(data.contains_key("identity") && data.contains_key("identity.pub"));
    assert!(String::from_utf8_lossy(&data["known_hosts"].0)
        .contains(&format!("[127.0.0.1]:{}", ssh.port)));
    // Both commits carry SSH signatures git verifies.
    work.git(&["fetch", "-q", "origin"]);
    let allowed = keys.path().join("allowed_signers");
    std::fs::write(
        &allowed,
        format!("flux@localhost namespaces=\"git\" {sign_pub}"),
    )
    .unwrap();
    let cfg = ["-c", "gpg.format=ssh", "-c"];
    let allowed_cfg = format!("gpg.ssh.allowedSignersFile={}", allowed.display());
    for rev in ["origin/main", "origin/main~1"] {
        let mut c: Vec<&str> = cfg.to_vec();
        c.push(&allowed_cfg);
        let (ok, out) = verify_commit(&work, rev, &c, &[]);
        assert!(ok, "{rev}: {out}");
        assert!(out.contains("Good \"git\" signature"), "{out}");
    }
    // OpenPGP signing with a key made by the real gpg; a components change makes the commit.
    let home = keys.path().join("gnupg");
    let (fpr, armored) = support::pgp_key(&home);
    let ring = keys.path().join("ring.asc");
    std::fs::write(&ring, armored).unwrap();
    let (ok, _, err) = flux(args(&[
        "--gpg-key-ring",
        ring.to_str().unwrap(),
        "--gpg-key-id",
        &fpr,
        "--network-policy=false",
    ]))
    .await;
    assert!(ok, "{err}");
    work.git(&["fetch", "-q", "origin"]);
    let (ok, out) = verify_commit(
        &work,
        "origin/main",
        &[],
        &[("GNUPGHOME", home.to_str().unwrap())],
    );
    assert!(ok, "{out}");
    assert!(out.contains("Good signature"), "{out}");
    // A signing key that cannot be read fails before anything is committed.
    std::fs::write(keys.path().join("bad"), "not a key").unwrap();
    let before = log(&work).len();
    let (ok, _, err) = flux(args(&[
        "--ssh-signing-key-file",
        keys.path().join("bad").to_str().unwrap(),
        "--log-level=debug",
    ]))
    .await;
    assert!(!ok);
    assert!(err.contains("SSH signing key"), "{err}");
    assert_eq!(log(&work).len(), before);
    // A host the user already trusts with another key is refused (host key mismatch).
    let home = keys.path().join("home");
    std::fs::create_dir_all(home.join(".ssh")).unwrap();
    std::fs::write(
        home.join(".ssh/known_hosts"),
        format!("[127.0.0.1]:{} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n", ssh.port),
    )
    .unwrap();
    let a = args(&[]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_flux"))
        .arg("--kubeconfig")
        .arg(support::kubeconfig())
        .args(&a)
        .env("HOME", &home)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("host key mismatch for [127.0.0.1]:"), "{err}");
    assert_eq!(log(&work).len(), before);
}

#[tokio::test(flavor = "multi_thread")]
async fn ssh_hostkey_algos_steer_the_clis_connections_and_not_the_clusters_known_hosts() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "boot-hkalg").await;
    let server = GitServer::start(ServerAuth::default());
    let work = server.repo("fleet", "main");
    work.commit(&[("README.md", "# fleet\n")], "initial");
    work.push();
    // sshd holds an ed25519 and an RSA host key; every client here prefers ed25519.
    let ssh = support::ssh_server::SshServer::start_with_host_keys(&server.root, true);
    let keys = tempfile::tempdir().unwrap();
    let auth_key = keys.path().join("id_ed25519");
    ssh.authorize(&support::ssh_keygen(&auth_key));
    let url = ssh.url("fleet");
    let args = |algos: &str| -> Vec<String> {
        [
            "bootstrap",
            "git",
            "--url",
            &url,
            "--private-key-file",
            auth_key.to_str().unwrap(),
            "--path",
            "clusters/hkalg",
            "-n",
            &ns,
            "--component-health=false",
            "--author-email",
            "flux@localhost",
            "--timeout",
            "3m",
            "--silent",
            "--ssh-hostkey-algos",
            algos,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    // Names libgit2 cannot offer, and a list the server presents none of: refused before
    // anything is written.
    let (ok, _, err) = flux(args("ssh-dss")).await;
    assert!(!ok);
    assert!(
        err.contains("host key algorithm \"ssh-dss\" is not supported"),
        "{err}"
    );
    let (ok, _, err) = flux(args("ecdsa-sha2-nistp256,ecdsa-sha2-nistp384")).await;
    assert!(!ok);
    assert!(
        err.contains("the server presents none of the host key algorithms ecdsa-sha2-nistp256,ecdsa-sha2-nistp384 given with --ssh-hostkey-algos"),
        "{err}"
    );
    assert_eq!(log(&work).len(), 1);
    assert!(
        ssh.negotiated_host_key_algorithms().is_empty(),
        "{:?}",
        ssh.negotiated_host_key_algorithms()
    );

    // The first algorithm of the list the server has wins, as in an SSH negotiation.
    let serve = support::serve(&["source-controller", "kustomize-controller"], &ns, &[]);
    let (ok, _, err) = flux(args("ecdsa-sha2-nistp256,rsa-sha2-512,ssh-ed25519")).await;
    assert!(ok, "{err}\n{}", serve.log());
    assert!(log(&work).len() > 1, "the manifests were pushed");
    let negotiated = ssh.negotiated_host_key_algorithms();
    assert!(
        negotiated.iter().filter(|a| *a == "rsa-sha2-512").count() >= 3,
        "scan, clone and push over RSA: {negotiated:?}"
    );
    // The cluster's known_hosts is scanned with the defaults, as Flux does, and the
    // source-controller reads the repository with it.
    let secrets: kube::Api<k8s_openapi::api::core::v1::Secret> =
        kube::Api::namespaced(client.clone(), &ns);
    let data = secrets.get("flux-system").await.unwrap().data.unwrap();
    let known_hosts = String::from_utf8_lossy(&data["known_hosts"].0).into_owned();
    assert!(known_hosts.contains(" ssh-ed25519 "), "{known_hosts}");
    assert!(
        negotiated.iter().any(|a| a == "ssh-ed25519"),
        "{negotiated:?}"
    );
}

/// `flux bootstrap git` as the real binary with stdin/stderr piped, and extra environment.
fn spawn_flux(args: &[String], env: &[(&str, &std::path::Path)]) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_flux"))
        .arg("--kubeconfig")
        .arg(support::kubeconfig())
        .args(args)
        .env_remove("SSH_AUTH_SOCK")
        .envs(env.iter().map(|(k, v)| (*k, v.as_os_str())))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn bootstrap_git_over_ssh_pushes_through_the_agent_and_asks_for_access_for_a_new_deploy_key()
{
    use std::io::{BufRead, Write};
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "boot-agent").await;
    let server = GitServer::start(ServerAuth::default());
    let work = server.repo("fleet", "main");
    work.commit(&[("README.md", "# fleet\n")], "initial");
    work.push();
    let ssh = support::ssh_server::SshServer::start(&server.root);
    // The user's key lives only in a real ssh-agent.
    let keys = tempfile::tempdir().unwrap();
    let user_key = keys.path().join("id_ed25519");
    let user_pub = support::ssh_keygen(&user_key);
    ssh.authorize(&user_pub);
    let sock = keys.path().join("agent.sock");
    let _agent = support::ChildGuard(
        std::process::Command::new("ssh-agent")
            .arg("-D")
            .arg("-a")
            .arg(&sock)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("ssh-agent"),
    );
    for _ in 0..100 {
        if sock.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let added = std::process::Command::new("ssh-add")
        .arg(&user_key)
        .env("SSH_AUTH_SOCK", &sock)
        .output()
        .unwrap();
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    std::fs::remove_file(&user_key).unwrap();
    let _serve = support::serve(&["source-controller", "kustomize-controller"], &ns, &[]);
    let args = |extra: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = [
            "bootstrap",
            "git",
            "--url",
            &ssh.url("fleet"),
            "--path",
            "clusters/agent",
            "--ssh-key-algorithm",
            "ed25519",
            "-n",
            &ns,
            "--component-health=false",
            "--timeout",
            "3m",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };

    // Without a key file and without an agent: refused before anything is pushed.
    let before = log(&work).len();
    let out = spawn_flux(&args(&["--silent"]), &[])
        .wait_with_output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("SSH_AUTH_SOCK is unset"), "{err}");
    assert_eq!(log(&work).len(), before);

    // With the agent: a new deploy key is shown and the user is asked to give it access; the
    // test gives it access (as the user would in the Git server's settings) and answers yes.
    let mut child = spawn_flux(&args(&[]), &[("SSH_AUTH_SOCK", &sock)]);
    let mut stdin = child.stdin.take().unwrap();
    let stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        let mut all = String::new();
        for line in stderr.split(b'\n') {
            let line = String::from_utf8_lossy(&line.unwrap()).into_owned();
            let _ = tx.send(line.clone());
            all.push_str(&line);
            all.push('\n');
        }
        all
    });
    let mut deploy_key = None;
    while let Ok(line) = rx.recv_timeout(std::time::Duration::from_secs(60)) {
        if let Some(k) = line.split("public key: ").nth(1) {
            deploy_key = Some(k.trim().to_string());
        }
        if line.contains("Please give the key access to your repository") {
            break;
        }
    }
    let deploy_key = deploy_key.expect("the new public key is printed before the question");
    assert!(deploy_key.starts_with("ssh-ed25519 "), "{deploy_key}");
    assert_ne!(deploy_key, user_pub.trim());
    ssh.authorize(&deploy_key);
    stdin.write_all(b"y\n").unwrap();
    drop(stdin);
    let status = tokio::task::spawn_blocking(move || child.wait().unwrap())
        .await
        .unwrap();
    let err = reader.join().unwrap();
    assert!(status.success(), "{err}");
    assert!(err.contains("bootstrap finished"), "{err}");
    // Pushed with the agent's key; the cluster reads with the new deploy key.
    assert_eq!(
        log(&work)[..2],
        [
            "Add Flux sync manifests".to_string(),
            format!("Add Flux {} component manifests", flux::version::version())
        ]
    );
    // Flux's default author: name "Flux", empty email.
    let who = std::process::Command::new("git")
        .args(["log", "-1", "--format=%an <%ae>|%cn <%ce>", "origin/main"])
        .current_dir(&work.dir)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&who.stdout).trim(),
        "Flux <>|Flux <>"
    );
    let secrets: kube::Api<k8s_openapi::api::core::v1::Secret> =
        kube::Api::namespaced(client.clone(), &ns);
    let data = secrets.get("flux-system").await.unwrap().data.unwrap();
    assert_eq!(
        String::from_utf8_lossy(&data["identity.pub"].0).trim(),
        deploy_key
    );

    // A re-run keeps the Secret's key: no new key, no question, no commit.
    let before = log(&work).len();
    let out = spawn_flux(&args(&[]), &[("SSH_AUTH_SOCK", &sock)])
        .wait_with_output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("public key:"), "{err}");
    assert_eq!(log(&work).len(), before);
    let again = secrets.get("flux-system").await.unwrap().data.unwrap();
    assert_eq!(again["identity.pub"], data["identity.pub"]);

    // Answering no aborts before anything is pushed.
    let other = support::namespace(&client, "boot-agent-no").await;
    let mut a = args(&["--network-policy=false"]);
    let i = a.iter().position(|x| x == &ns).unwrap();
    a[i] = other.clone();
    let mut child = spawn_flux(&a, &[("SSH_AUTH_SOCK", &sock)]);
    child.stdin.take().unwrap().write_all(b"n\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("aborting"), "{err}");
    assert_eq!(log(&work).len(), before);
}

/// A flux-system `kustomization.yaml` already in the repository is the user's customisation
/// (Flux's documented way to patch the components before bootstrap): bootstrap keeps it
/// byte for byte, installs the components with its patches, and the cluster's own sync keeps
/// them.
#[tokio::test(flavor = "multi_thread")]
async fn bootstrap_keeps_the_users_flux_system_kustomization_and_installs_its_patches() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "bootpatch").await;
    let server = GitServer::start(ServerAuth {
        basic: Some(("flux".into(), "s3cret".into())),
        ..Default::default()
    });
    let work = server.repo("fleet", "main");
    let own = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- gotk-components.yaml\n- gotk-sync.yaml\npatches:\n- target:\n    kind: Deployment\n    name: source-controller\n  patch: |\n    - op: add\n      path: /spec/template/spec/containers/0/args/-\n      value: --log-level=debug\n";
    let kfile = format!("clusters/test/{ns}/kustomization.yaml");
    let broken = own.replace("- gotk-sync.yaml\n", "- gotk-sync.yaml\n- missing.yaml\n");
    work.commit(
        &[
            (kfile.as_str(), broken.as_str()),
            (&format!("clusters/test/{ns}/gotk-components.yaml"), ""),
            (&format!("clusters/test/{ns}/gotk-sync.yaml"), ""),
        ],
        "initial",
    );
    work.push();
    let url = server.url("fleet");
    let serve = support::serve(&["source-controller", "kustomize-controller"], &ns, &[]);
    let args = |path: &str| -> Vec<String> {
        [
            "bootstrap",
            "git",
            "--url",
            &url,
            "--allow-insecure-http",
            "--token-auth",
            "-u",
            "flux",
            "-p",
            "s3cret",
            "--path",
            path,
            "-n",
            &ns,
            "--component-health=false",
            "--interval",
            "10s",
            "--author-email",
            "flux@localhost",
            "--timeout",
            "3m",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    // A kustomization that does not build: bootstrap stops before installing anything, with
    // the file's repository path (not the temporary clone's) in the message.
    let (ok, _, err) = flux(args("clusters/test")).await;
    assert!(!ok, "{err}");
    assert!(
        err.contains(&format!("building clusters/test/{ns}/kustomization.yaml"))
            && err.contains("missing.yaml")
            && !err.contains("/tmp/"),
        "{err}"
    );
    let deps: kube::Api<k8s_openapi::api::apps::v1::Deployment> =
        kube::Api::namespaced(client.clone(), &ns);
    assert!(deps
        .list(&Default::default())
        .await
        .unwrap()
        .items
        .is_empty());
    work.git(&["pull", "-q", "--ff-only", "origin", "main"]);
    work.commit(&[(kfile.as_str(), own)], "fix the customisation");
    work.push();

    let (ok, _, err) = flux(args("clusters/test")).await;
    assert!(ok, "{err}\n{}", serve.log());
    work.git(&["fetch", "-q", "origin"]);
    assert_eq!(
        work.git_output(&["show", &format!("origin/main:{kfile}")]),
        own.trim_end()
    );
    let args_of = |d: k8s_openapi::api::apps::v1::Deployment| {
        d.spec.unwrap().template.spec.unwrap().containers[0]
            .args
            .clone()
            .unwrap_or_default()
    };
    let source = args_of(deps.get("source-controller").await.unwrap());
    assert!(
        source.iter().any(|a| a == "--log-level=debug"),
        "{source:?}"
    );
    let kustomize = args_of(deps.get("kustomize-controller").await.unwrap());
    assert!(
        !kustomize.iter().any(|a| a == "--log-level=debug"),
        "{kustomize:?}"
    );
    // The cluster syncs the same patched set from Git (the Kustomization is Ready at the
    // pushed head, so it applied it).
    let d = deps.get("source-controller").await.unwrap();
    assert_eq!(
        d.metadata.labels.clone().unwrap()["kustomize.toolkit.fluxcd.io/name"],
        ns
    );
    assert!(args_of(d).iter().any(|a| a == "--log-level=debug"));
}
