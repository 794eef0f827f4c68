//! `flux bootstrap bitbucket-server` against a local stand-in for Bitbucket Server's REST API
//! (TLS with a test CA, stateful, repositories created empty, Git over HTTPS and SSH) and the
//! real control plane with our controllers outside it: a project repository created with its
//! default branch, groups granted write access (one unknown group reported, the rest go on),
//! a read-only access key the cluster syncs with over SSH, idempotent re-runs, a personal
//! public repository synced over HTTPS with the token (`--token-auth`), and a clear 401.

use crate::support;

use crate::support::bitbucket_standin::BitbucketStandIn;

async fn flux(args: Vec<String>, token: &str) -> (bool, String, String) {
    support::flux_env(
        args,
        vec![(String::from("BITBUCKET_TOKEN"), token.to_string())],
    )
    .await
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn bootstrap_bitbucket_server_creates_the_repository_and_syncs_over_an_access_key() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "boot-bb").await;
    let bb = BitbucketStandIn::start("bbtoken", "alice", &["PLAT"], &["ops"]).await;
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, &bb.ca_pem).unwrap();
    let ca = ca.to_str().unwrap().to_string();
    let serve = support::serve(&["source-controller", "kustomize-controller"], &ns, &[]);
    let args = strings(&[
        "bootstrap",
        "bitbucket-server",
        "--owner",
        "PLAT",
        "--username",
        "alice",
        "--repository",
        "Fleet",
        "--group",
        "ops,nobody",
        "--hostname",
        &bb.hostname,
        "--ca-file",
        &ca,
        "--path",
        "clusters/bb",
        "-n",
        &ns,
        "--component-health=false",
        "--author-email",
        "flux@localhost",
        "--timeout",
        "3m",
    ]);
    let (ok, _, err) = flux(args.clone(), "wrong").await;
    assert!(!ok);
    assert!(
        err.contains("Bitbucket Server GET /rest/api/1.0/projects/PLAT/repos/fleet: 401 Authentication failed")
            && err.contains("BITBUCKET_TOKEN")
            && !err.contains("wrong"),
        "{err}"
    );

    let (ok, _, err) = flux(args.clone(), &bb.token).await;
    assert!(ok, "{err}\n{}", serve.log());
    let calls = bb.calls();
    let seq: Vec<String> = calls[1..]
        .iter()
        .map(|c| format!("{} {}", c.method, c.path))
        .collect();
    assert_eq!(
        seq,
        [
            "GET /rest/api/1.0/projects/PLAT/repos/fleet",
            "POST /rest/api/1.0/projects/PLAT/repos",
            "PUT /rest/api/1.0/projects/PLAT/repos/fleet/permissions/groups?permission=REPO_WRITE&name=ops",
            "PUT /rest/api/1.0/projects/PLAT/repos/fleet/permissions/groups?permission=REPO_WRITE&name=nobody",
            "GET /rest/keys/1.0/projects/PLAT/repos/fleet/ssh?start=0&limit=100",
            "POST /rest/keys/1.0/projects/PLAT/repos/fleet/ssh",
        ]
    );
    assert!(calls[1..].iter().all(|c| c.auth == "Bearer bbtoken"));
    assert_eq!(
        calls[2].body,
        serde_json::json!({"name": "Fleet", "scmId": "git", "public": false, "defaultBranch": "main"})
    );
    assert_eq!(
        calls[6].body["key"]["label"],
        format!("{ns}-flux-system-main-./clusters/bb")
    );
    assert_eq!(calls[6].body["permission"], "REPO_READ");
    assert!(
        err.contains("► reconciling repository permissions")
            && err.contains("✔ granted \"push\" permissions to \"ops\"")
            && err.contains("✗ failed to grant \"push\" permissions to \"nobody\": ")
            && err.contains("No group named 'nobody' exists.")
            && err.contains("✔ reconciled repository permissions"),
        "{err}"
    );
    assert!(err.contains("configured deploy key"), "{err}");
    // The empty repository now holds the manifests on main; the cluster reads it over SSH.
    let files = bb.files("PLAT/fleet", "main");
    assert!(
        files.contains(&format!("clusters/bb/{ns}/gotk-sync.yaml")),
        "{files:?}"
    );
    let repos: kube::Api<flux::api::source::GitRepository> =
        kube::Api::namespaced(client.clone(), &ns);
    let repo = repos.get(&ns).await.unwrap();
    assert!(repo.spec.url.starts_with("ssh://"), "{}", repo.spec.url);

    // Re-running: found, nothing registered again.
    let before = bb.calls().len();
    let (ok, _, err) = flux(args, &bb.token).await;
    assert!(ok, "{err}");
    assert!(
        err.contains("found") && !err.contains("configured deploy key"),
        "{err}"
    );
    assert!(
        !bb.calls()[before..].iter().any(|c| c.method == "POST"),
        "{:?}",
        bb.calls()
    );

    // A personal public repository, synced over HTTPS with the token as alice.
    let ns2 = support::namespace(&client, "boot-bb-user").await;
    let _serve2 = support::serve(&["source-controller", "kustomize-controller"], &ns2, &[]);
    let personal = strings(&[
        "bootstrap",
        "bitbucket-server",
        "--owner",
        "alice",
        "--personal",
        "--private=false",
        "--repository",
        "own",
        "--hostname",
        &bb.hostname,
        "--ca-file",
        &ca,
        "--path",
        "clusters/own",
        "--token-auth",
        "-n",
        &ns2,
        "--component-health=false",
        "--author-email",
        "flux@localhost",
        "--timeout",
        "3m",
    ]);
    let (ok, _, err) = flux(personal, &bb.token).await;
    assert!(ok, "{err}");
    assert_eq!(bb.is_public("~alice/own"), Some(true));
    let repos: kube::Api<flux::api::source::GitRepository> =
        kube::Api::namespaced(client.clone(), &ns2);
    let repo = repos.get(&ns2).await.unwrap();
    assert!(
        repo.spec.url.starts_with("https://127.0.0.1:")
            && repo.spec.url.ends_with("/scm/~alice/own.git"),
        "{}",
        repo.spec.url
    );
    let secrets: kube::Api<k8s_openapi::api::core::v1::Secret> =
        kube::Api::namespaced(client.clone(), &ns2);
    let data = secrets.get("flux-system").await.unwrap().data.unwrap();
    assert_eq!(data["username"].0, b"alice");
    assert_eq!(data["password"].0, b"bbtoken");

    // Pull requests need an API we do not drive on Bitbucket Server: refused up front.
    let (ok, _, err) = flux(
        strings(&[
            "bootstrap",
            "bitbucket-server",
            "--owner=PLAT",
            "--repository=fleet",
            "--hostname",
            &bb.hostname,
            "--pull-request",
        ]),
        &bb.token,
    )
    .await;
    assert!(!ok);
    assert!(err.contains("--pull-request needs a provider API"), "{err}");
}
