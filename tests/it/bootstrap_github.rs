//! `flux bootstrap github` against a local stand-in for GitHub's REST API (TLS with a test CA,
//! stateful, serving Git over HTTPS and SSH for the repositories it creates) and the real
//! control plane with our controllers running outside it: the exact requests (paths, bodies,
//! auth header), repository creation in an organisation, team access, a read-only deploy key
//! the cluster then uses over SSH, idempotent re-runs, and clear 401 / creation errors.

use crate::support;

use std::time::Duration;

use crate::support::github_standin::GitHubStandIn;

async fn flux(args: Vec<String>, token: &str) -> (bool, String, String) {
    support::flux_env(
        args,
        vec![(String::from("GITHUB_TOKEN"), token.to_string())],
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn bootstrap_github_creates_the_org_repository_grants_teams_and_registers_a_deploy_key() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "boot-gh").await;
    let gh = GitHubStandIn::start("ghp_test_token", "octocat", &["acme"]).await;
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, &gh.ca_pem).unwrap();
    let serve = support::serve(&["source-controller", "kustomize-controller"], &ns, &[]);
    let args = |owner: &str, extra: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = [
            "bootstrap",
            "github",
            "--owner",
            owner,
            "--repository",
            "fleet",
            "--hostname",
            &gh.hostname,
            "--ca-file",
            ca.to_str().unwrap(),
            "--path",
            "clusters/gh",
            "-n",
            &ns,
            "--component-health=false",
            "--author-email",
            "flux@localhost",
            "--timeout",
            "3m",
            "--team",
            "ops:admin",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    // A bad token: the 401 names the provider and the scope; nothing is created.
    let (ok, _, err) = flux(args("acme", &[]), "wrong").await;
    assert!(!ok);
    assert!(
        err.contains("GitHub GET /repos/acme/fleet: 401 Bad credentials")
            && err.contains("'repo' scope"),
        "{err}"
    );
    // An organisation the token cannot create repositories in.
    let (ok, _, err) = flux(args("other-org", &[]), &gh.token).await;
    assert!(!ok);
    assert!(
        err.contains("cannot create repository other-org/fleet"),
        "{err}"
    );

    let (ok, _, err) = flux(args("acme", &[]), &gh.token).await;
    assert!(ok, "{err}\n{}", serve.log());
    assert!(
        err.contains("repository \"https://127.0.0.1:") && err.contains("created"),
        "{err}"
    );
    let calls = gh.calls();
    let seq: Vec<(String, String)> = calls
        .iter()
        .map(|c| (c.method.clone(), c.path.clone()))
        .collect();
    let want_tail = [
        ("GET", "/api/v3/repos/acme/fleet"),
        ("POST", "/api/v3/orgs/acme/repos"),
        ("PUT", "/api/v3/orgs/acme/teams/ops/repos/acme/fleet"),
        ("GET", "/api/v3/repos/acme/fleet/keys"),
        ("POST", "/api/v3/repos/acme/fleet/keys"),
    ];
    let tail: Vec<(String, String)> = want_tail
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert!(seq.ends_with(&tail), "{seq:#?}");
    let n = calls.len();
    for c in &calls[n - 5..] {
        assert_eq!(c.auth, "Bearer ghp_test_token");
    }
    assert_eq!(
        calls[n - 4].body,
        serde_json::json!({"name": "fleet", "private": true, "auto_init": true})
    );
    assert_eq!(
        calls[n - 3].body,
        serde_json::json!({"permission": "admin"})
    );
    let key_body = &calls[n - 1].body;
    assert_eq!(
        key_body["title"],
        format!("{ns}-flux-system-main-./clusters/gh")
    );
    assert_eq!(key_body["read_only"], true);
    assert!(key_body["key"]
        .as_str()
        .unwrap()
        .starts_with("ecdsa-sha2-nistp384 "));
    // The cluster syncs over SSH with that deploy key: the GitRepository URL is the ssh one.
    let secrets: kube::Api<k8s_openapi::api::core::v1::Secret> =
        kube::Api::namespaced(client.clone(), &ns);
    let data = secrets.get("flux-system").await.unwrap().data.unwrap();
    assert_eq!(
        String::from_utf8_lossy(&data["identity.pub"].0).trim(),
        key_body["key"].as_str().unwrap()
    );
    // Re-running changes nothing: no commit, no new deploy key.
    let before = gh.calls().len();
    let (ok, _, err) = flux(args("acme", &[]), &gh.token).await;
    assert!(ok, "{err}");
    assert!(
        err.contains("component manifests are up to date")
            && err.contains("sync manifests are up to date"),
        "{err}"
    );
    let again: Vec<(String, String)> = gh.calls()[before..]
        .iter()
        .map(|c| (c.method.clone(), c.path.clone()))
        .collect();
    assert!(
        !again
            .iter()
            .any(|(m, p)| m == "POST" && p.ends_with("/keys")),
        "{again:#?}"
    );
    assert_eq!(gh.deploy_keys("acme/fleet").len(), 1);
    // --read-write-key replaces the key (delete + create); --reconcile with --private=false
    // changes the visibility of the existing repository.
    let before = gh.calls().len();
    let (ok, _, err) = flux(
        args(
            "acme",
            &["--read-write-key", "--reconcile", "--private=false"],
        ),
        &gh.token,
    )
    .await;
    assert!(ok, "{err}");
    let later: Vec<String> = gh.calls()[before..]
        .iter()
        .map(|c| format!("{} {}", c.method, c.path))
        .collect();
    assert!(
        later.contains(&String::from("PATCH /api/v3/repos/acme/fleet")),
        "{later:#?}"
    );
    assert!(
        later.contains(&String::from("DELETE /api/v3/repos/acme/fleet/keys/1")),
        "{later:#?}"
    );
    assert_eq!(gh.is_private("acme/fleet"), Some(false));
    let keys = gh.deploy_keys("acme/fleet");
    assert_eq!(keys.len(), 1);
    assert!(!keys[0].2, "the key should be read/write now");
    // A personal repository is created under the user.
    let ns2 = support::namespace(&client, "boot-gh-user").await;
    let mut personal = args("octocat", &["--personal"]);
    let i = personal.iter().position(|a| *a == ns).unwrap();
    personal[i] = ns2.clone();
    let _serve2 = support::serve(&["source-controller", "kustomize-controller"], &ns2, &[]);
    let (ok, _, err) = flux(personal, &gh.token).await;
    assert!(ok, "{err}");
    assert!(gh
        .calls()
        .iter()
        .any(|c| c.method == "POST" && c.path == "/api/v3/user/repos"));
    assert_eq!(gh.is_private("octocat/fleet"), Some(true));
    tokio::time::sleep(Duration::from_millis(10)).await;
}

/// The Gitea flavour's exact requests against the stand-in (organisation repository, team
/// access, `--token-auth`): `/api/v1`, `Authorization: token …`, teams searched by name. The
/// real Gitea is exercised by `tests/bootstrap_gitea.rs`.
#[tokio::test(flavor = "multi_thread")]
async fn bootstrap_gitea_creates_the_repository_through_gitea_endpoints() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "boot-gitea").await;
    let gt = GitHubStandIn::start_gitea("gitea_token", "alice", &["acme"]).await;
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, &gt.ca_pem).unwrap();
    let serve = support::serve(&["source-controller", "kustomize-controller"], &ns, &[]);
    let args: Vec<String> = [
        "bootstrap",
        "gitea",
        "--owner",
        "acme",
        "--repository",
        "fleet",
        "--hostname",
        &gt.hostname,
        "--ca-file",
        ca.to_str().unwrap(),
        "--path",
        "clusters/gitea",
        "-n",
        &ns,
        "--component-health=false",
        "--author-email",
        "flux@localhost",
        "--timeout",
        "3m",
        "--team",
        "ops",
        "--token-auth",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let (ok, _, err) =
        support::flux_env(args, vec![(String::from("GITEA_TOKEN"), gt.token.clone())]).await;
    assert!(ok, "{err}\n{}", serve.log());
    let calls = gt.calls();
    let seq: Vec<String> = calls
        .iter()
        .map(|c| format!("{} {}", c.method, c.path))
        .collect();
    assert_eq!(
        seq,
        [
            "GET /api/v1/repos/acme/fleet",
            "POST /api/v1/orgs/acme/repos",
            "GET /api/v1/orgs/acme/teams/search",
            "PUT /api/v1/teams/7/repos/acme/fleet",
        ]
    );
    assert!(calls.iter().all(|c| c.auth == "token gitea_token"));
    // --token-auth: the cluster syncs over HTTPS with the token; no deploy key.
    let secrets: kube::Api<k8s_openapi::api::core::v1::Secret> =
        kube::Api::namespaced(client.clone(), &ns);
    let data = secrets.get("flux-system").await.unwrap().data.unwrap();
    assert_eq!(data["password"].0, b"gitea_token");
}

/// A protected branch: bootstrap without --pull-request explains and suggests it; with it, the
/// manifests go to a branch and a pull request, and the sync starts once it is merged.
#[tokio::test(flavor = "multi_thread")]
async fn a_protected_branch_is_bootstrapped_through_a_pull_request() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "boot-pr").await;
    let gh = GitHubStandIn::start("ghp_pr", "octocat", &["acme"]).await;
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, &gh.ca_pem).unwrap();
    let serve = support::serve(&["source-controller", "kustomize-controller"], &ns, &[]);
    let args = |extra: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = [
            "bootstrap",
            "github",
            "--owner",
            "acme",
            "--repository",
            "fleet",
            "--hostname",
            &gh.hostname,
            "--ca-file",
            ca.to_str().unwrap(),
            "--path",
            "clusters/pr",
            "-n",
            &ns,
            "--component-health=false",
            "--author-email",
            "flux@localhost",
            "--timeout",
            "3m",
            "--token-auth",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    // Create the repository first (the protected-branch refusal happens on push).
    let (ok, _, err) = flux(
        args(&["--components", "source-controller,kustomize-controller"]),
        &gh.token,
    )
    .await;
    assert!(ok, "{err}");
    gh.protect("acme/fleet");
    let (ok, _, err) = flux(args(&[]), &gh.token).await;
    assert!(!ok);
    assert!(
        err.contains("refused branch 'main'") && err.contains("--pull-request"),
        "{err}"
    );
    // With --pull-request: a PR is opened and bootstrap waits; a reviewer merges it.
    let a = args(&["--pull-request"]);
    let token = gh.token.clone();
    let run = tokio::spawn(async move { flux(a, &token).await });
    let mut pr = None;
    for _ in 0..300 {
        if let Some(p) = gh.pulls("acme/fleet").first().cloned() {
            pr = Some(p);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (n, head, base) = pr.expect("no pull request opened");
    assert_eq!(
        (head.as_str(), base.as_str()),
        (format!("flux-bootstrap-{ns}").as_str(), "main")
    );
    gh.merge("acme/fleet", n);
    let (ok, _, err) = run.await.unwrap();
    assert!(ok, "{err}\n{}", serve.log());
    assert!(
        err.contains("pull request opened: https://acme/fleet/pull/1")
            && err.contains("pull request merged"),
        "{err}"
    );
    assert!(
        err.contains("Kustomization reconciled successfully"),
        "{err}"
    );
}
