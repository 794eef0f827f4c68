//! `flux serve source-controller` end to end: a real control plane, a real Git server
//! (`git http-backend`), the controller as a subprocess. GitRepositories turn Ready with Flux's
//! status shape, artifacts are served and verifiable, failures are reported without secrets.

use crate::support;

use std::collections::BTreeMap;
use std::time::Duration;

use crate::support::git_server::{GitServer, ServerAuth};
use crate::support::ssh_server::SshServer;
use flux::api::source::GitRepository;
use k8s_openapi::api::core::v1::Secret;
use kube::api::{Api, Patch, PatchParams, PostParams};
use serde_json::json;

fn start_controller(ns: &str, extra: &[&str]) -> support::Serve {
    support::serve(&["source-controller"], ns, extra)
}

async fn secret(client: &kube::Client, ns: &str, name: &str, data: &[(&str, &str)]) {
    let string_data: BTreeMap<String, String> = data
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let s = Secret {
        metadata: kube::api::ObjectMeta {
            name: Some(name.into()),
            ..Default::default()
        },
        string_data: Some(string_data),
        ..Default::default()
    };
    Api::<Secret>::namespaced(client.clone(), ns)
        .create(&PostParams::default(), &s)
        .await
        .unwrap();
}

async fn git_repository(client: &kube::Client, ns: &str, name: &str, spec: serde_json::Value) {
    let obj = json!({
        "apiVersion": "source.toolkit.fluxcd.io/v1",
        "kind": "GitRepository",
        "metadata": { "name": name, "namespace": ns },
        "spec": spec,
    });
    Api::<GitRepository>::namespaced(client.clone(), ns)
        .patch(
            name,
            &PatchParams::apply("test").force(),
            &Patch::Apply(&obj),
        )
        .await
        .unwrap();
}

fn ready(repo: &GitRepository) -> Option<(String, String, String)> {
    let st = repo.status.as_ref()?;
    let c = st.conditions.iter().find(|c| c.type_ == "Ready")?;
    Some((c.status.clone(), c.reason.clone(), c.message.clone()))
}

/// Waits until `pred` holds for the object, returning it; panics with the last status.
async fn wait_for(
    client: &kube::Client,
    ns: &str,
    name: &str,
    what: &str,
    pred: impl Fn(&GitRepository) -> bool,
) -> GitRepository {
    let api = Api::<GitRepository>::namespaced(client.clone(), ns);
    let mut last = None;
    for _ in 0..300 {
        let r = api.get(name).await.unwrap();
        if pred(&r) {
            return r;
        }
        last = Some(r);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "timed out waiting for {what}: {:?}",
        last.and_then(|r| r.status)
    );
}

/// The basic-auth Secret `auth` matching [`git_server`].
async fn auth_secret(client: &kube::Client, ns: &str) {
    secret(
        client,
        ns,
        "auth",
        &[("username", "flux"), ("password", "p4ssw0rd-xyz")],
    )
    .await;
}

/// Ready=True.
fn is_ready(r: &GitRepository) -> bool {
    ready(r).is_some_and(|(s, _, _)| s == "True")
}

fn git_server() -> GitServer {
    GitServer::start(ServerAuth {
        basic: Some(("flux".into(), "p4ssw0rd-xyz".into())),
        bearer: None,
    })
}

#[tokio::test]
async fn git_repository_becomes_ready_with_a_served_verifiable_artifact() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "gitsrc").await;
    let srv = git_server();
    let wt = srv.repo("podinfo", "main");
    let c1 = wt.commit(
        &[
            ("deploy/app.yaml", "kind: ConfigMap\n"),
            (".github/ci.yaml", "ci"),
        ],
        "first",
    );
    wt.push();
    let ctl = start_controller(&ns, &[]);
    auth_secret(&client, &ns).await;
    git_repository(&client, &ns, "podinfo", json!({
        "url": srv.url("podinfo"), "interval": "1m", "ref": { "branch": "main" }, "secretRef": { "name": "auth" },
    })).await;

    let repo = wait_for(&client, &ns, "podinfo", "Ready", is_ready).await;
    let st = repo.status.clone().unwrap();
    let art = st.artifact.clone().unwrap();
    assert_eq!(art.revision, format!("main@sha1:{c1}"));
    let digest = art.digest.clone().unwrap();
    assert!(digest.starts_with("sha256:"), "{digest}");
    // Named after the commit, as Flux names Git artifacts.
    assert_eq!(art.path, format!("gitrepository/{ns}/podinfo/{c1}.tar.gz"));
    assert_eq!(
        art.url,
        format!("http://127.0.0.1:{}/{}", ctl.storage_port, art.path)
    );
    assert_eq!(st.observed_generation, Some(1));
    let (_, reason, message) = ready(&repo).unwrap();
    assert_eq!(reason, "Succeeded");
    assert_eq!(
        message,
        format!("stored artifact for revision 'main@sha1:{c1}'")
    );
    assert!(st
        .conditions
        .iter()
        .any(|c| c.type_ == "ArtifactInStorage" && c.status == "True"));
    assert!(repo
        .metadata
        .finalizers
        .unwrap_or_default()
        .contains(&"finalizers.fluxcd.io".to_string()));

    // The artifact is served, matches its digest and size, and excludes CI files.
    let (code, body) = support::http_get(ctl.storage_port, &format!("/{}", art.path));
    assert_eq!(code, 200);
    assert_eq!(flux::artifact::archive::digest_bytes(&body).0, digest);
    assert_eq!(Some(body.len() as i64), art.size);
    let out = tempfile::tempdir().unwrap();
    flux::artifact::extract_tar_gz(body.as_slice(), out.path(), Default::default()).unwrap();
    assert!(out.path().join("deploy/app.yaml").exists());
    assert!(!out.path().join(".github/ci.yaml").exists());

    // Path traversal gets 404.
    for evil in [
        "/../../../../etc/passwd",
        "/gitrepository/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc/passwd",
    ] {
        assert_eq!(support::http_get(ctl.storage_port, evil).0, 404, "{evil}");
    }

    // The same tree gives the same digest in another object.
    git_repository(&client, &ns, "podinfo-twin", json!({
        "url": srv.url("podinfo"), "interval": "1m", "ref": { "branch": "main" }, "secretRef": { "name": "auth" },
    })).await;
    let twin = wait_for(&client, &ns, "podinfo-twin", "twin Ready", is_ready).await;
    assert_eq!(
        twin.status.unwrap().artifact.unwrap().digest.unwrap(),
        digest
    );

    // A new commit plus a reconcile request produces a new artifact and the handshake.
    let c2 = wt.commit(&[("deploy/app.yaml", "kind: Secret\n")], "second");
    wt.push();
    let api = Api::<GitRepository>::namespaced(client.clone(), &ns);
    let patch = json!({ "metadata": { "annotations": { "reconcile.fluxcd.io/requestedAt": "2026-11-25T12:00:00Z" } } });
    api.patch("podinfo", &PatchParams::default(), &Patch::Merge(&patch))
        .await
        .unwrap();
    let repo = wait_for(&client, &ns, "podinfo", "new revision", |r| {
        r.status
            .as_ref()
            .and_then(|s| s.artifact.as_ref())
            .is_some_and(|a| a.revision == format!("main@sha1:{c2}"))
    })
    .await;
    assert_eq!(
        repo.status.unwrap().last_handled_reconcile_at.as_deref(),
        Some("2026-11-25T12:00:00Z")
    );

    // Suspended objects are left alone.
    api.patch(
        "podinfo",
        &PatchParams::default(),
        &Patch::Merge(&json!({ "spec": { "suspend": true } })),
    )
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let c3 = wt.commit(&[("deploy/app.yaml", "kind: Service\n")], "third");
    wt.push();
    let patch = json!({ "metadata": { "annotations": { "reconcile.fluxcd.io/requestedAt": "suspended-request" } } });
    api.patch("podinfo", &PatchParams::default(), &Patch::Merge(&patch))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let repo = api.get("podinfo").await.unwrap();
    assert_eq!(
        repo.status
            .as_ref()
            .unwrap()
            .artifact
            .as_ref()
            .unwrap()
            .revision,
        format!("main@sha1:{c2}")
    );
    api.patch(
        "podinfo",
        &PatchParams::default(),
        &Patch::Merge(&json!({ "spec": { "suspend": false } })),
    )
    .await
    .unwrap();
    wait_for(&client, &ns, "podinfo", "resume", |r| {
        r.status
            .as_ref()
            .and_then(|s| s.artifact.as_ref())
            .is_some_and(|a| a.revision == format!("main@sha1:{c3}"))
    })
    .await;

    // Metrics and health.
    let (code, text) = support::http_get(ctl.metrics_port, "/metrics");
    assert_eq!(code, 200);
    let text = String::from_utf8_lossy(&text);
    assert!(text.contains(&format!("gotk_reconcile_duration_seconds_count{{kind=\"GitRepository\",name=\"podinfo\",namespace=\"{ns}\"}}")), "{text}");
    assert_eq!(support::http_get(ctl.health_port, "/healthz").0, 200);
    assert_eq!(support::http_get(ctl.health_port, "/readyz").0, 200);

    // Deleting the object removes the finalizer and the artifacts.
    api.delete("podinfo", &Default::default()).await.unwrap();
    for _ in 0..100 {
        if api.get_opt("podinfo").await.unwrap().is_none() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        api.get_opt("podinfo").await.unwrap().is_none(),
        "finalizer not released"
    );
    assert_eq!(
        support::http_get(ctl.storage_port, &format!("/{}", art.path)).0,
        404
    );
}

#[tokio::test]
async fn wrong_credentials_and_missing_refs_are_reported_with_flux_reasons_without_secrets() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "gitfail").await;
    let srv = git_server();
    let wt = srv.repo("private", "main");
    wt.commit(&[("a.yaml", "a")], "init");
    wt.push();
    let _ctl = start_controller(&ns, &[]);
    secret(
        &client,
        &ns,
        "bad",
        &[("username", "flux"), ("password", "not-the-password-42")],
    )
    .await;
    secret(
        &client,
        &ns,
        "good",
        &[("username", "flux"), ("password", "p4ssw0rd-xyz")],
    )
    .await;
    git_repository(&client, &ns, "badauth", json!({ "url": srv.url("private"), "interval": "1m", "ref": { "branch": "main" }, "secretRef": { "name": "bad" } })).await;
    git_repository(
        &client,
        &ns,
        "nosecret",
        json!({ "url": srv.url("private"), "interval": "1m", "secretRef": { "name": "missing" } }),
    )
    .await;
    git_repository(&client, &ns, "noref", json!({ "url": srv.url("private"), "interval": "1m", "ref": { "branch": "nope" }, "secretRef": { "name": "good" } })).await;

    let r = wait_for(&client, &ns, "badauth", "auth failure", |r| {
        ready(r).is_some_and(|(s, _, _)| s == "False")
    })
    .await;
    let (_, reason, msg) = ready(&r).unwrap();
    assert_eq!(reason, "AuthenticationFailed", "{msg}");
    assert!(msg.contains(&srv.url("private")), "{msg}");
    assert!(!msg.contains("not-the-password-42"), "{msg}");
    let st = r.status.unwrap();
    assert!(st
        .conditions
        .iter()
        .any(|c| c.type_ == "FetchFailed" && c.status == "True"));
    assert!(st
        .conditions
        .iter()
        .any(|c| c.type_ == "Reconciling" && c.reason == "ProgressingWithRetry"));

    let r = wait_for(&client, &ns, "nosecret", "missing secret", |r| {
        ready(r).is_some_and(|(s, _, _)| s == "False")
    })
    .await;
    let (_, reason, msg) = ready(&r).unwrap();
    assert_eq!(reason, "AuthenticationFailed");
    assert!(msg.contains(&format!("'{ns}/missing'")), "{msg}");

    let r = wait_for(&client, &ns, "noref", "missing ref", |r| {
        ready(r).is_some_and(|(s, _, _)| s == "False")
    })
    .await;
    let (_, reason, msg) = ready(&r).unwrap();
    assert_eq!(reason, "GitOperationFailed");
    assert!(msg.contains("branch 'nope' not found"), "{msg}");

    // Events name the reason, never the password.
    let events: Api<k8s_openapi::api::events::v1::Event> = Api::namespaced(client.clone(), &ns);
    let mut seen = false;
    for _ in 0..50 {
        let list = events.list(&Default::default()).await.unwrap();
        for e in &list.items {
            assert!(!e
                .note
                .clone()
                .unwrap_or_default()
                .contains("not-the-password-42"));
        }
        if list
            .items
            .iter()
            .any(|e| e.reason.as_deref() == Some("AuthenticationFailed"))
        {
            seen = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(seen, "no AuthenticationFailed event");
}

#[tokio::test]
async fn with_leader_election_only_the_lease_holder_reconciles_and_the_standby_takes_over() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "leader").await;
    let srv = git_server();
    let wt = srv.repo("le", "main");
    wt.commit(&[("a.yaml", "a")], "init");
    wt.push();
    auth_secret(&client, &ns).await;
    let le = [
        "--enable-leader-election",
        "--leader-election-lease-duration=3s",
        "--leader-election-renew-deadline=2s",
        "--leader-election-retry-period=500ms",
    ];
    let first = start_controller(&ns, &le);
    // Give the first process time to take the lease before the second starts.
    let leases: Api<k8s_openapi::api::coordination::v1::Lease> =
        Api::namespaced(client.clone(), &ns);
    for _ in 0..50 {
        if leases
            .get_opt("source-controller-leader-election")
            .await
            .unwrap()
            .is_some()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let second = start_controller(&ns, &le);
    git_repository(&client, &ns, "one", json!({ "url": srv.url("le"), "interval": "1m", "ref": { "branch": "main" }, "secretRef": { "name": "auth" } })).await;
    let r = wait_for(&client, &ns, "one", "Ready", is_ready).await;
    let url = r.status.unwrap().artifact.unwrap().url;
    assert!(
        url.contains(&format!(":{}/", first.storage_port)),
        "reconciled by the standby: {url}"
    );

    // Kill the leader; the standby acquires the lease and reconciles new objects.
    drop(first);
    git_repository(&client, &ns, "two", json!({ "url": srv.url("le"), "interval": "1m", "ref": { "branch": "main" }, "secretRef": { "name": "auth" } })).await;
    let r = wait_for(&client, &ns, "two", "Ready after failover", is_ready).await;
    let url = r.status.unwrap().artifact.unwrap().url;
    assert!(url.contains(&format!(":{}/", second.storage_port)), "{url}");
    let lease = leases
        .get("source-controller-leader-election")
        .await
        .unwrap();
    let spec = lease.spec.unwrap();
    assert!(spec.lease_transitions.unwrap_or(0) >= 1);
    // The identity is controller-runtime's `<hostname>_<uuid>`, unique per process even where
    // replicas share a hostname and a process id (host-network pods).
    let holder = spec.holder_identity.unwrap();
    let (_, id) = holder.rsplit_once('_').unwrap();
    assert!(
        id.len() == 36 && id.chars().filter(|c| *c == '-').count() == 4,
        "{holder}"
    );

    // On SIGTERM the leader steps down (Flux's --leader-election-release-on-cancel, on by
    // default): once it has exited the lease is no longer its own, long before it would
    // expire, and a third replica takes over.
    let third = start_controller(&ns, &le);
    let mut second = second;
    let pid = second.child.0.id();
    assert!(std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap()
        .success());
    let mut exited = false;
    for _ in 0..100 {
        if second.child.0.try_wait().unwrap().is_some() {
            exited = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        exited,
        "the leader did not stop on SIGTERM:\n{}",
        second.log()
    );
    let after = leases
        .get("source-controller-leader-election")
        .await
        .unwrap()
        .spec
        .unwrap();
    assert_ne!(
        after.holder_identity.as_deref(),
        Some(holder.as_str()),
        "the lease was not released:\n{}",
        second.log()
    );
    git_repository(&client, &ns, "three", json!({ "url": srv.url("le"), "interval": "1m", "ref": { "branch": "main" }, "secretRef": { "name": "auth" } })).await;
    let r = wait_for(&client, &ns, "three", "Ready after step-down", is_ready).await;
    let url = r.status.unwrap().artifact.unwrap().url;
    assert!(url.contains(&format!(":{}/", third.storage_port)), "{url}");
}

fn flux_cli(ns: &str, args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_flux"))
        .arg("--kubeconfig")
        .arg(support::kubeconfig())
        .args(["--namespace", ns, "--timeout", "60s"])
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn source_git_cli_creates_gets_reconciles_suspends_resumes_exports_and_deletes() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "cli").await;
    let srv = git_server();
    let wt = srv.repo("app", "main");
    let c1 = wt.commit(&[("deploy/a.yaml", "a")], "one");
    wt.push();
    let _ctl = start_controller(&ns, &[]);
    let url = srv.url("app");

    let (ok, _, err) = flux_cli(
        &ns,
        &[
            "create",
            "source",
            "git",
            "app",
            "--url",
            &url,
            "--branch",
            "main",
            "-u",
            "flux",
            "-p",
            "p4ssw0rd-xyz",
            "--interval",
            "1m",
        ],
    );
    assert!(ok, "{err}");
    assert!(err.contains("✔ GitRepository source created"), "{err}");
    assert!(
        err.contains(&format!("✔ fetched revision: main@sha1:{c1}")),
        "{err}"
    );
    assert!(!err.contains("p4ssw0rd-xyz"), "{err}");

    let (ok, out, err) = flux_cli(&ns, &["get", "sources", "git"]);
    assert!(ok, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    let header: Vec<&str> = lines[0].split('\t').map(str::trim).collect();
    assert_eq!(
        header,
        ["NAME", "REVISION", "SUSPENDED", "READY", "MESSAGE"]
    );
    let row: Vec<&str> = lines[1].split('\t').map(str::trim).collect();
    assert_eq!(row[0], "app");
    assert_eq!(row[1], format!("main@sha1:{}", &c1[..8]));
    assert_eq!(&row[2..4], ["False", "True"]);
    assert_eq!(
        row[4],
        // flux2's summariseItem runs TruncateHex over the message too.
        format!("stored artifact for revision 'main@sha1:{}'", &c1[..8])
    );
    let (ok, out, _) = flux_cli(
        &ns,
        &[
            "get",
            "sources",
            "git",
            "--no-header",
            "--status-selector",
            "ready=false",
        ],
    );
    assert!(ok && out.is_empty(), "{out}");

    let c2 = wt.commit(&[("deploy/a.yaml", "b")], "two");
    wt.push();
    let (ok, _, err) = flux_cli(&ns, &["reconcile", "source", "git", "app"]);
    assert!(ok, "{err}");
    assert!(
        err.contains(&format!("✔ fetched revision main@sha1:{c2}")),
        "{err}"
    );

    let (ok, _, err) = flux_cli(&ns, &["suspend", "source", "git", "app"]);
    assert!(ok && err.contains("✔ source git suspended"), "{err}");
    let (ok, out, _) = flux_cli(&ns, &["get", "sources", "git", "--no-header"]);
    assert!(ok && out.contains("\tTrue"), "{out}");
    let (ok, _, err) = flux_cli(&ns, &["reconcile", "source", "git", "app"]);
    assert!(!ok && err.contains("resource is suspended"), "{err}");
    let c3 = wt.commit(&[("deploy/a.yaml", "c")], "three");
    wt.push();
    let (ok, _, err) = flux_cli(&ns, &["resume", "source", "git", "app"]);
    assert!(ok, "{err}");
    assert!(
        err.contains("✔ source git resumed")
            && err.contains(&format!("fetched revision main@sha1:{c3}")),
        "{err}"
    );

    let (ok, out, err) = flux_cli(
        &ns,
        &["export", "source", "git", "app", "--with-credentials"],
    );
    assert!(ok, "{err}");
    assert!(
        out.starts_with(
            "---\napiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n"
        ),
        "{out}"
    );
    assert!(out.contains("  name: app\n"), "{out}");
    assert!(
        !out.contains("status:")
            && !out.contains("creationTimestamp")
            && !out.contains("resourceVersion"),
        "{out}"
    );
    assert!(out.contains("interval: 1m0s"), "{out}");
    assert!(out.contains("kind: Secret"), "{out}");

    let (ok, _, err) = flux_cli(&ns, &["delete", "source", "git", "app", "--silent"]);
    assert!(ok && err.contains("✔ source git deleted"), "{err}");
    for _ in 0..50 {
        // Once it is gone, Flux's error (exit 1) with the namespace quoted.
        let (ok, _, err) = flux_cli(&ns, &["get", "sources", "git"]);
        if err.contains(&format!(
            "✗ no GitRepository objects found in \"{ns}\" namespace"
        )) {
            assert!(!ok);
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("GitRepository still listed after delete");
}

#[tokio::test]
async fn ssh_git_repository_uses_identity_and_rejects_unknown_host_keys() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "gitssh").await;
    let srv = git_server();
    let wt = srv.repo("viassh", "main");
    let c = wt.commit(&[("a.yaml", "a")], "init");
    wt.push();
    let ssh = SshServer::start(&srv.root);
    let _ctl = start_controller(&ns, &[]);
    secret(
        &client,
        &ns,
        "ssh",
        &[
            ("identity", &ssh.identity),
            ("identity.pub", &ssh.identity_pub),
            ("known_hosts", &ssh.known_hosts),
        ],
    )
    .await;
    let wrong = "[127.0.0.1]:1 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n";
    secret(
        &client,
        &ns,
        "ssh-wrong-host",
        &[("identity", &ssh.identity), ("known_hosts", wrong)],
    )
    .await;
    git_repository(&client, &ns, "good", json!({ "url": ssh.url("viassh"), "interval": "1m", "ref": { "branch": "main" }, "secretRef": { "name": "ssh" } })).await;
    git_repository(&client, &ns, "badhost", json!({ "url": ssh.url("viassh"), "interval": "1m", "ref": { "branch": "main" }, "secretRef": { "name": "ssh-wrong-host" } })).await;

    let r = wait_for(&client, &ns, "good", "Ready over SSH", is_ready).await;
    assert_eq!(
        r.status.unwrap().artifact.unwrap().revision,
        format!("main@sha1:{c}")
    );
    let r = wait_for(&client, &ns, "badhost", "host key failure", |r| {
        ready(r).is_some_and(|(s, _, _)| s == "False")
    })
    .await;
    let (_, reason, msg) = ready(&r).unwrap();
    assert_eq!(reason, "AuthenticationFailed");
    assert!(msg.contains("host key verification failed"), "{msg}");
    assert!(!msg.contains("PRIVATE KEY"), "{msg}");
}

/// Records POST bodies sent to it.
fn event_receiver() -> (
    u16,
    std::sync::Arc<std::sync::Mutex<Vec<serde_json::Value>>>,
) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let got = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = got.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut len = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    len = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; len];
            let _ = reader.read_exact(&mut body);
            if let Ok(v) = serde_json::from_slice(&body) {
                sink.lock().unwrap().push(v);
            }
            let mut s = stream;
            let _ = s.write_all(b"HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n");
        }
    });
    (port, got)
}

#[tokio::test]
async fn events_are_posted_to_the_events_address_with_flux_payload() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "events").await;
    let srv = git_server();
    let wt = srv.repo("ev", "main");
    let c = wt.commit(&[("a.yaml", "a")], "Add the first manifest");
    wt.push();
    let (port, got) = event_receiver();
    let addr = format!("--events-addr=http://127.0.0.1:{port}/");
    let ctl = start_controller(&ns, &[addr.as_str()]);
    auth_secret(&client, &ns).await;
    git_repository(&client, &ns, "ev", json!({ "url": srv.url("ev"), "interval": "1m", "ref": { "branch": "main" }, "secretRef": { "name": "auth" } })).await;
    wait_for(&client, &ns, "ev", "Ready", is_ready).await;
    let mut event = None;
    for _ in 0..50 {
        event = got
            .lock()
            .unwrap()
            .iter()
            .find(|e| e["reason"] == "NewArtifact")
            .cloned();
        if event.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let e = event.unwrap_or_else(|| {
        panic!(
            "no NewArtifact event posted; got {:?}\n{}",
            got.lock().unwrap(),
            ctl.log()
        )
    });
    assert_eq!(e["severity"], "info");
    assert_eq!(
        e["message"],
        "stored artifact for commit 'Add the first manifest'"
    );
    assert_eq!(e["involvedObject"]["kind"], "GitRepository");
    assert_eq!(e["involvedObject"]["name"], "ev");
    assert_eq!(e["involvedObject"]["namespace"], ns.as_str());
    assert_eq!(
        e["involvedObject"]["apiVersion"],
        "source.toolkit.fluxcd.io/v1"
    );
    assert!(e["involvedObject"]["uid"].is_string());
    assert_eq!(
        e["metadata"]["source.toolkit.fluxcd.io/revision"],
        format!("main@sha1:{c}")
    );
    assert_eq!(e["reportingController"], "source-controller");
    assert!(e["reportingInstance"].is_string());
    assert!(e["timestamp"].is_string());
}

#[tokio::test]
async fn include_copies_other_artifacts_and_follows_their_changes() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "include").await;
    let srv = git_server();
    let shared = srv.repo("shared", "main");
    let s1 = shared.commit(
        &[("base/config.yaml", "v1"), ("other/x.yaml", "x")],
        "shared one",
    );
    shared.push();
    let app = srv.repo("app", "main");
    app.commit(&[("deploy/app.yaml", "app")], "app");
    app.push();
    let _ctl = start_controller(&ns, &[]);
    auth_secret(&client, &ns).await;
    git_repository(&client, &ns, "app", json!({
        "url": srv.url("app"), "interval": "10m", "ref": { "branch": "main" }, "secretRef": { "name": "auth" },
        "include": [{ "repository": { "name": "shared" }, "fromPath": "base", "toPath": "vendor/base" }],
    })).await;
    let r = wait_for(&client, &ns, "app", "IncludeUnavailable", |r| {
        ready(r).is_some_and(|(s, _, _)| s == "False")
    })
    .await;
    let (_, reason, msg) = ready(&r).unwrap();
    assert_eq!(reason, "NotFound", "{msg}");
    assert!(r
        .status
        .unwrap()
        .conditions
        .iter()
        .any(|c| c.type_ == "IncludeUnavailable" && c.status == "True"));

    git_repository(&client, &ns, "shared", json!({ "url": srv.url("shared"), "interval": "10m", "ref": { "branch": "main" }, "secretRef": { "name": "auth" } })).await;
    let r = wait_for(&client, &ns, "app", "Ready with include", is_ready).await;
    let st = r.status.unwrap();
    assert_eq!(st.included_artifacts.len(), 1);
    assert_eq!(st.included_artifacts[0].revision, format!("main@sha1:{s1}"));
    assert_eq!(st.observed_include.len(), 1);
    let art = st.artifact.unwrap();
    let (_, body) = support::http_get(_ctl.storage_port, &format!("/{}", art.path));
    let out = tempfile::tempdir().unwrap();
    flux::artifact::extract_tar_gz(body.as_slice(), out.path(), Default::default()).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.path().join("vendor/base/config.yaml")).unwrap(),
        "v1"
    );
    assert!(out.path().join("deploy/app.yaml").exists());
    assert!(
        !out.path().join("vendor/base/other").exists() && !out.path().join("vendor/other").exists()
    );

    // A new commit in the included repository flows into the including artifact.
    let s2 = shared.commit(&[("base/config.yaml", "v2")], "shared two");
    shared.push();
    let api = Api::<GitRepository>::namespaced(client.clone(), &ns);
    let patch = json!({ "metadata": { "annotations": { "reconcile.fluxcd.io/requestedAt": "shared-changed" } } });
    api.patch("shared", &PatchParams::default(), &Patch::Merge(&patch))
        .await
        .unwrap();
    wait_for(&client, &ns, "app", "include update", |r| {
        r.status.as_ref().is_some_and(|s| {
            s.included_artifacts
                .first()
                .is_some_and(|a| a.revision == format!("main@sha1:{s2}"))
        })
    })
    .await;
}

#[tokio::test]
async fn generated_deploy_keys_work_over_ssh() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "genkey").await;
    let srv = git_server();
    let wt = srv.repo("keys", "main");
    let c = wt.commit(&[("a.yaml", "a")], "init");
    wt.push();
    let ssh = SshServer::start(&srv.root);
    let _ctl = start_controller(&ns, &[]);
    let secrets: Api<Secret> = Api::namespaced(client.clone(), &ns);
    for (name, alg) in [("gen-ecdsa", "ecdsa"), ("gen-ed25519", "ed25519")] {
        let (ok, _, err) = flux_cli(
            &ns,
            &[
                "create",
                "secret",
                "git",
                name,
                "--url",
                &ssh.url("keys"),
                "--ssh-key-algorithm",
                alg,
            ],
        );
        assert!(ok, "{err}");
        assert!(err.contains("✔ deploy key: "), "{err}");
        let data = secrets.get(name).await.unwrap().data.unwrap();
        let public = String::from_utf8(data["identity.pub"].0.clone()).unwrap();
        assert!(String::from_utf8_lossy(&data["identity"].0).contains("BEGIN OPENSSH PRIVATE KEY"));
        assert_eq!(
            String::from_utf8(data["known_hosts"].0.clone()).unwrap(),
            ssh.known_hosts
        );
        ssh.authorize(&public);
        let (ok, _, err) = flux_cli(
            &ns,
            &[
                "create",
                "source",
                "git",
                name,
                "--url",
                &ssh.url("keys"),
                "--branch",
                "main",
                "--secret-ref",
                name,
            ],
        );
        assert!(ok, "{alg}: {err}");
        assert!(
            err.contains(&format!("fetched revision: main@sha1:{c}")),
            "{err}"
        );
    }
}

#[tokio::test]
async fn verification_sets_source_verified_and_rejects_unsigned_commits() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "verify").await;
    let srv = git_server();
    let wt = srv.repo("signed", "main");
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("signer");
    assert!(std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "signer", "-f"])
        .arg(&key)
        .status()
        .unwrap()
        .success());
    let signing = format!("user.signingkey={}", key.display());
    let c = wt.commit_with(
        &[("a.yaml", "a")],
        "signed",
        &["-c", "gpg.format=ssh", "-c", &signing],
        &[],
    );
    wt.push();
    let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    let _ctl = start_controller(&ns, &[]);
    auth_secret(&client, &ns).await;
    secret(&client, &ns, "trusted", &[("signer.sshpub", &public)]).await;
    git_repository(&client, &ns, "signed", json!({
        "url": srv.url("signed"), "interval": "1m", "ref": { "branch": "main" }, "secretRef": { "name": "auth" },
        "verify": { "mode": "HEAD", "secretRef": { "name": "trusted" } },
    })).await;
    let r = wait_for(&client, &ns, "signed", "verified", is_ready).await;
    let st = r.status.unwrap();
    let sv = st
        .conditions
        .iter()
        .find(|c| c.type_ == "SourceVerified")
        .expect("SourceVerified");
    assert_eq!(sv.status, "True");
    assert!(
        sv.message
            .starts_with(&format!("verified signature of commit '{c}'")),
        "{}",
        sv.message
    );
    assert_eq!(
        serde_json::to_value(st.source_verification_mode).unwrap(),
        "HEAD"
    );

    wt.commit(&[("b.yaml", "b")], "unsigned");
    wt.push();
    let api = Api::<GitRepository>::namespaced(client.clone(), &ns);
    let patch = json!({ "metadata": { "annotations": { "reconcile.fluxcd.io/requestedAt": "after-unsigned" } } });
    api.patch("signed", &PatchParams::default(), &Patch::Merge(&patch))
        .await
        .unwrap();
    let r = wait_for(&client, &ns, "signed", "verification failure", |r| {
        ready(r).is_some_and(|(s, _, _)| s == "False")
    })
    .await;
    let (_, reason, msg) = ready(&r).unwrap();
    assert_eq!(reason, "InvalidCommitSignature", "{msg}");
    let st = r.status.unwrap();
    let sv = st
        .conditions
        .iter()
        .find(|c| c.type_ == "SourceVerified")
        .unwrap();
    assert_eq!(sv.status, "False");
    assert_eq!(
        st.artifact.unwrap().revision,
        format!("main@sha1:{c}"),
        "the unverified commit must not be served"
    );
}

#[tokio::test]
async fn sigterm_stops_flux_serve_cleanly() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "sigterm").await;
    let mut ctl = start_controller(&ns, &[]);
    let pid = ctl.child.0.id();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap()
        .success());
    let mut status = None;
    for _ in 0..100 {
        if let Some(s) = ctl.child.0.try_wait().unwrap() {
            status = Some(s);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let status =
        status.unwrap_or_else(|| panic!("flux serve did not stop on SIGTERM:\n{}", ctl.log()));
    assert!(status.success(), "exit status {status:?}:\n{}", ctl.log());
}

/// Several controllers in one process each take their own lease, under Flux's names (with the
/// selector's hash for the sharded ones).
#[tokio::test]
async fn each_controller_in_one_process_holds_its_own_flux_lease() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "leases").await;
    let _serve = support::serve(
        &["source-controller", "kustomize-controller"],
        &ns,
        &[
            "--enable-leader-election",
            "--watch-label-selector=shard=one",
        ],
    );
    let leases: Api<k8s_openapi::api::coordination::v1::Lease> =
        Api::namespaced(client.clone(), &ns);
    let want: Vec<String> = ["source-controller", "kustomize-controller"]
        .iter()
        .map(|c| flux::runtime::manager::lease_name(c, Some("shard=one")))
        .collect();
    assert!(want.iter().all(|n| n.len() > "-leader-election-".len() + 8));
    let mut names = Vec::new();
    for _ in 0..100 {
        names = leases
            .list(&Default::default())
            .await
            .unwrap()
            .items
            .into_iter()
            .filter_map(|l| l.metadata.name)
            .collect::<Vec<_>>();
        if want.iter().all(|w| names.contains(w)) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for w in &want {
        assert!(names.contains(w), "{w} not in {names:?}");
    }
}

/// A TCP server on loopback that accepts connections and then either stays silent or sends
/// an HTTP response one byte per second, forever (until the test ends).
fn stalling_server(dribble: bool) -> (u16, std::sync::Arc<std::sync::atomic::AtomicBool>) {
    use std::io::Write;
    use std::sync::atomic::Ordering;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let done = stop.clone();
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        // A valid start of a response whose headers never end.
        let head = b"HTTP/1.1 200 OK\r\nX-Slow: ";
        let mut held: Vec<(std::net::TcpStream, usize)> = vec![];
        while !done.load(Ordering::Relaxed) {
            if let Ok((conn, _)) = listener.accept() {
                held.push((conn, 0));
            }
            if dribble {
                for (c, sent) in &mut held {
                    let byte = head.get(*sent).copied().unwrap_or(b'a');
                    let _ = c.write_all(&[byte]);
                    *sent += 1;
                }
                std::thread::sleep(Duration::from_secs(1));
            } else {
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    });
    (port, stop)
}

#[tokio::test]
async fn a_git_server_that_never_answers_fails_the_reconcile_at_spec_timeout_and_deletion_does_not_wait(
) {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "gitstall").await;
    let (silent, stop_silent) = stalling_server(false);
    let (dribbling, stop_dribbling) = stalling_server(true);
    let _ctl = start_controller(&ns, &[]);
    for (name, port) in [("silent", silent), ("dribbling", dribbling)] {
        git_repository(
            &client,
            &ns,
            name,
            json!({
                "url": format!("http://127.0.0.1:{port}/repo.git"),
                "interval": "1h",
                "timeout": "3s",
                "ref": {"branch": "main"},
            }),
        )
        .await;
    }
    let started = std::time::Instant::now();
    for name in ["silent", "dribbling"] {
        let r = wait_for(&client, &ns, name, "a failure at spec.timeout", |r| {
            ready(r).is_some_and(|(s, _, _)| s == "False")
        })
        .await;
        let (_, reason, message) = ready(&r).unwrap();
        assert_eq!(reason, "GitOperationFailed", "{message}");
        assert!(message.contains("timed out after 3s"), "{name}: {message}");
    }
    // Both were handled within the timeout plus the controller's start, not minutes.
    assert!(
        started.elapsed() < Duration::from_secs(25),
        "{:?}",
        started.elapsed()
    );
    // Deleting one does not wait for a fetch to end.
    let api = Api::<GitRepository>::namespaced(client.clone(), &ns);
    api.delete("silent", &Default::default()).await.unwrap();
    let deleted = std::time::Instant::now();
    while api.get_opt("silent").await.unwrap().is_some() {
        assert!(
            deleted.elapsed() < Duration::from_secs(10),
            "deletion waited on the stalled fetch"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    stop_silent.store(true, std::sync::atomic::Ordering::Relaxed);
    stop_dribbling.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// The other sources are bounded by `spec.timeout` too: an OCIRepository, a Bucket and a
/// HelmRepository pointed at a server that accepts connections and never answers each turn
/// Ready=False within their timeout plus the controller's start, never hanging.
#[tokio::test]
async fn oci_bucket_and_helm_sources_fail_at_spec_timeout_against_a_silent_server() {
    use kube::api::DynamicObject;
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "silent").await;
    let (port, stop) = stalling_server(false);
    let _ctl = start_controller(&ns, &[]);
    let host = format!("127.0.0.1:{port}");
    let objects = [
        (
            "OCIRepository",
            json!({"url": format!("oci://{host}/repo"), "ref": {"tag": "v1"}, "insecure": true}),
        ),
        (
            "Bucket",
            json!({"provider": "generic", "bucketName": "b", "endpoint": host, "insecure": true}),
        ),
        (
            "HelmRepository",
            json!({"url": format!("http://{host}/charts")}),
        ),
    ];
    let mut cluster = flux::cluster::Cluster::new(client.clone());
    for (kind, spec) in &objects {
        let mut spec = spec.clone();
        spec["interval"] = json!("1h");
        spec["timeout"] = json!("3s");
        cluster
            .apply(
                &json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": kind,
                "metadata": {"name": "silent", "namespace": ns}, "spec": spec}),
            )
            .await
            .expect("apply");
    }
    for (kind, _) in &objects {
        let ar = flux::api::registry::expect(kind).api_resource();
        let api: Api<DynamicObject> = Api::namespaced_with(client.clone(), &ns, &ar);
        let mut last = serde_json::Value::Null;
        let mut failed = false;
        for _ in 0..300 {
            last = serde_json::to_value(api.get("silent").await.unwrap()).unwrap();
            failed = last["status"]["conditions"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|c| c["type"] == "Ready" && c["status"] == "False");
            if failed {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(failed, "{kind} never failed: {}", last["status"]);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// `provider: github`: the Secret's GitHub App data (id, installation owner, RSA key, the API
/// of a GitHub Enterprise stand-in behind TLS with its CA) buys an installation token (RS256
/// JWT checked by the stand-in) that clones as `x-access-token`; without app data, or app
/// data without the provider, fails with Flux's reasons and messages.
#[tokio::test(flavor = "multi_thread")]
async fn github_app_credentials_clone_as_the_installation() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "gh-app").await;
    let gh = support::github_standin::GitHubStandIn::start("tok3n", "flux-user", &[]).await;
    let (private, public) = support::gcs_standin::rsa_pair();
    gh.register_app(1234, &public, "flux-user");
    let server = GitServer::start(ServerAuth {
        basic: Some((
            "x-access-token".into(),
            support::github_standin::APP_TOKEN.into(),
        )),
        bearer: None,
    });
    let work = server.repo("app", "main");
    work.commit(&[("README.md", "# app\n")], "initial");
    work.push();
    let base = format!("https://{}/api/v3", gh.hostname);
    secret(
        &client,
        &ns,
        "app",
        &[
            ("githubAppID", "1234"),
            ("githubAppInstallationOwner", "flux-user"),
            ("githubAppPrivateKey", &private),
            ("githubAppBaseURL", &base),
            ("ca.crt", &gh.ca_pem),
        ],
    )
    .await;
    let _serve = start_controller(&ns, &[]);
    let spec = |provider: Option<&str>, secret: Option<&str>| {
        let mut s = json!({"url": server.url("app"), "interval": "1h", "ref": {"branch": "main"}});
        if let Some(p) = provider {
            s["provider"] = json!(p);
        }
        if let Some(n) = secret {
            s["secretRef"] = json!({"name": n});
        }
        s
    };
    git_repository(&client, &ns, "app", spec(Some("github"), Some("app"))).await;
    let r = wait_for(&client, &ns, "app", "Ready", is_ready).await;
    assert!(
        ready(&r)
            .unwrap()
            .2
            .starts_with("stored artifact for revision 'main@sha1:"),
        "{:?}",
        ready(&r)
    );
    assert!(gh.app_tokens() >= 1);

    let failing = |r: &GitRepository| ready(r).is_some_and(|(s, _, _)| s == "False");
    git_repository(&client, &ns, "no-secret", spec(Some("github"), None)).await;
    let r = wait_for(&client, &ns, "no-secret", "failure", failing).await;
    assert_eq!(ready(&r).unwrap().1, "InvalidProviderConfiguration");
    assert_eq!(
        ready(&r).unwrap().2,
        "secretRef with github app data must be specified when provider is set to github"
    );
    git_repository(&client, &ns, "no-provider", spec(None, Some("app"))).await;
    let r = wait_for(&client, &ns, "no-provider", "failure", failing).await;
    assert_eq!(
        (ready(&r).unwrap().1, ready(&r).unwrap().2),
        (
            "InvalidProviderConfiguration".to_string(),
            format!("secretRef '{ns}/app' has github app data but provider is not set to github")
        )
    );
}

/// `provider: azure`: the controller's Microsoft Entra identity (client secret from its
/// environment, against a stand-in of Entra's token endpoint) gives an Azure DevOps token that
/// clones as a bearer token; `serviceAccountName` without Flux's feature gate stalls.
#[tokio::test(flavor = "multi_thread")]
async fn azure_devops_tokens_clone_with_the_controllers_identity() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "git-azure").await;
    let reg = support::registry::Registry::start(support::registry::RegistryOptions {
        auth: None,
        tls: false,
    });
    let logins =
        support::registry_login::RegistryLogins::start(&reg.host, ("unused", "unused")).await;
    let server = GitServer::start(ServerAuth {
        basic: None,
        bearer: Some(support::registry_login::DEVOPS_TOKEN.into()),
    });
    let work = server.repo("app", "main");
    work.commit(&[("README.md", "# app\n")], "initial");
    work.push();
    let env = logins.env();
    let env_refs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let _serve = support::serve_env(&["source-controller"], &ns, &[], &env_refs);
    let spec = json!({"url": server.url("app"), "interval": "1h", "ref": {"branch": "main"},
        "provider": "azure"});
    git_repository(&client, &ns, "app", spec.clone()).await;
    let r = wait_for(&client, &ns, "app", "Ready", is_ready).await;
    assert!(
        ready(&r)
            .unwrap()
            .2
            .starts_with("stored artifact for revision 'main@sha1:"),
        "{:?}",
        ready(&r)
    );
    assert!(logins.asked().iter().any(|a| a == "entra-devops"));
    let mut with_sa = spec;
    with_sa["serviceAccountName"] = json!("app");
    git_repository(&client, &ns, "with-sa", with_sa).await;
    let r = wait_for(&client, &ns, "with-sa", "failure", |r| {
        ready(r).is_some_and(|(s, _, _)| s == "False")
    })
    .await;
    let (_, reason, message) = ready(&r).unwrap();
    assert_eq!(reason, "FeatureGateDisabled");
    assert_eq!(
        message,
        "to use spec.serviceAccountName for provider authentication please enable the ObjectLevelWorkloadIdentity feature gate in the controller"
    );
}
