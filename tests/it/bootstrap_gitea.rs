//! `flux bootstrap gitea` against a real Gitea (built from its Go module by
//! `scripts/ensure-gitea.sh`: SQLite, its built-in SSH server, HTTPS with a test CA) and the real
//! control plane with our controllers running outside it: the repository is created for the
//! user with a read-only deploy key titled as Flux titles it, Flux's layout is committed, the
//! cluster syncs over Gitea's SSH server with that key, a re-run changes nothing, a bad token is
//! refused naming the scope, and a protected branch is bootstrapped through a pull request.

use crate::support;

use std::time::Duration;

use crate::support::gitea::Gitea;
use serde_json::json;

fn args(g: &Gitea, ca: &std::path::Path, ns: &str, repo: &str, extra: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = [
        "bootstrap",
        "gitea",
        "--owner",
        "flux",
        "--repository",
        repo,
        "--personal",
        "--hostname",
        &g.hostname,
        "--ca-file",
        ca.to_str().unwrap(),
        "--path",
        "clusters/real",
        "-n",
        ns,
        "--component-health=false",
        "--timeout",
        "3m",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

fn flux(
    args: Vec<String>,
    token: &str,
) -> impl std::future::Future<Output = (bool, String, String)> + 'static {
    support::flux_env(args, vec![(String::from("GITEA_TOKEN"), token.to_string())])
}

/// The commit messages on `main`, newest first.
async fn messages(g: &Gitea, repo: &str) -> Vec<String> {
    let (status, commits) = g
        .api(
            "GET",
            &format!("/repos/flux/{repo}/commits?sha=main&limit=20"),
            None,
        )
        .await;
    assert_eq!(status, 200, "{commits}");
    commits
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["commit"]["message"].as_str().unwrap().trim().to_string())
        .collect()
}

async fn start() -> (
    kube::Client,
    String,
    Gitea,
    tempfile::TempDir,
    std::path::PathBuf,
) {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "boot-realgitea").await;
    let gitea = tokio::task::spawn_blocking(Gitea::start).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, &gitea.ca_pem).unwrap();
    (client, ns, gitea, dir, ca)
}

#[tokio::test(flavor = "multi_thread")]
async fn bootstrap_gitea_creates_the_repository_and_syncs_over_giteas_ssh_with_a_deploy_key() {
    let (client, ns, gitea, _dir, ca) = start().await;
    let serve = support::serve(&["source-controller", "kustomize-controller"], &ns, &[]);

    // A bad token: refused naming Gitea's scope, nothing created.
    let (ok, _, err) = flux(args(&gitea, &ca, &ns, "fleet", &[]), "not-a-token").await;
    assert!(!ok);
    assert!(err.contains("'write:repository'"), "{err}");
    let (status, _) = gitea.api("GET", "/repos/flux/fleet", None).await;
    assert_eq!(status, 404);

    let (ok, _, err) = flux(args(&gitea, &ca, &ns, "fleet", &[]), &gitea.token).await;
    assert!(ok, "{err}\n{}\n{}", serve.log(), gitea.log());
    let (status, repo) = gitea.api("GET", "/repos/flux/fleet", None).await;
    assert_eq!(status, 200);
    assert_eq!(repo["private"], true, "{repo}");
    // One read-only deploy key, titled as Flux titles it, holding the Secret's public key.
    let (_, keys) = gitea.api("GET", "/repos/flux/fleet/keys", None).await;
    let keys = keys.as_array().unwrap().clone();
    assert_eq!(keys.len(), 1, "{keys:?}");
    assert_eq!(keys[0]["read_only"], true);
    assert_eq!(
        keys[0]["title"],
        flux::bootstrap::github::deploy_key_title(&ns, "flux-system", "main", "clusters/real")
    );
    let secrets: kube::Api<k8s_openapi::api::core::v1::Secret> =
        kube::Api::namespaced(client.clone(), &ns);
    let data = secrets.get("flux-system").await.unwrap().data.unwrap();
    let public = String::from_utf8_lossy(&data["identity.pub"].0).to_string();
    let fields = |k: &str| k.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
    assert_eq!(fields(keys[0]["key"].as_str().unwrap()), fields(&public));
    assert!(String::from_utf8_lossy(&data["known_hosts"].0)
        .contains(&format!("[127.0.0.1]:{}", gitea.ssh_port)));
    // Flux's layout and commits; the cluster syncs from Gitea's SSH URL (bootstrap waited for
    // the GitRepository to be Ready at the pushed revision).
    let log = messages(&gitea, "fleet").await;
    assert_eq!(
        log[..2],
        [
            "Add Flux sync manifests".to_string(),
            format!("Add Flux {} component manifests", flux::version::version())
        ]
    );
    for f in [
        "gotk-components.yaml",
        "gotk-sync.yaml",
        "kustomization.yaml",
    ] {
        let (status, _) = gitea
            .api(
                "GET",
                &format!("/repos/flux/fleet/contents/clusters/real/{ns}/{f}"),
                None,
            )
            .await;
        assert_eq!(status, 200, "{f}");
    }
    let repos: kube::Api<kube::api::DynamicObject> = kube::Api::namespaced_with(
        client.clone(),
        &ns,
        &flux::cluster::api_resource(
            "source.toolkit.fluxcd.io/v1",
            "GitRepository",
            "gitrepositories",
        ),
    );
    let gr = repos.get(&ns).await.unwrap();
    assert_eq!(gr.data["spec"]["url"], repo["ssh_url"]);

    // A re-run changes nothing: no commit, still one key.
    let (ok, _, err) = flux(args(&gitea, &ca, &ns, "fleet", &[]), &gitea.token).await;
    assert!(ok, "{err}");
    assert_eq!(messages(&gitea, "fleet").await, log);
    let (_, keys) = gitea.api("GET", "/repos/flux/fleet/keys", None).await;
    assert_eq!(keys.as_array().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn bootstrap_gitea_reaches_a_protected_branch_through_a_pull_request() {
    let (client, ns, gitea, _dir, ca) = start().await;
    let serve = support::serve(&["source-controller", "kustomize-controller"], &ns, &[]);
    let (status, body) = gitea
        .api(
            "POST",
            "/user/repos",
            Some(json!({"name": "guarded", "private": true, "auto_init": true, "default_branch": "main"})),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = gitea
        .api(
            "POST",
            "/repos/flux/guarded/branch_protections",
            Some(json!({"rule_name": "main", "enable_push": false})),
        )
        .await;
    assert_eq!(status, 201, "{body}");

    // Without --pull-request: refused, naming the branch and suggesting the flag.
    let (ok, _, err) = flux(args(&gitea, &ca, &ns, "guarded", &[]), &gitea.token).await;
    assert!(!ok);
    assert!(
        err.contains("main") && err.contains("--pull-request"),
        "{err}"
    );
    assert_eq!(messages(&gitea, "guarded").await.len(), 1);

    // With it: a pull request is opened; once the test merges it, bootstrap syncs.
    let mut run = tokio::spawn(flux(
        args(&gitea, &ca, &ns, "guarded", &["--pull-request"]),
        &gitea.token,
    ));
    let mut number = None;
    for _ in 0..300 {
        let (_, prs) = gitea
            .api("GET", "/repos/flux/guarded/pulls?state=open", None)
            .await;
        if let Some(pr) = prs.as_array().and_then(|a| a.first()) {
            number = pr["number"].as_i64();
            assert_eq!(pr["base"]["ref"], "main");
            break;
        }
        if run.is_finished() {
            let (_, _, err) = (&mut run).await.unwrap();
            panic!("bootstrap ended before opening a pull request: {err}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let number = number.expect("a pull request");
    // Gitea answers 405 "Please try again later" while it is still checking whether the pull
    // request can be merged; a reviewer would click again.
    let mut merged = (0, serde_json::Value::Null);
    for _ in 0..150 {
        merged = gitea
            .api(
                "POST",
                &format!("/repos/flux/guarded/pulls/{number}/merge"),
                Some(json!({"Do": "merge"})),
            )
            .await;
        if merged.0 != 405 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (status, body) = merged;
    assert_eq!(status, 200, "{body}");
    let (ok, _, err) = run.await.unwrap();
    assert!(ok, "{err}\n{}", serve.log());
    assert!(err.contains("pull request"), "{err}");
    let log = messages(&gitea, "guarded").await;
    assert!(
        log.iter().any(|m| m == "Add Flux sync manifests"),
        "{log:?}"
    );
    let kss: kube::Api<kube::api::DynamicObject> = kube::Api::namespaced_with(
        client.clone(),
        &ns,
        &flux::cluster::api_resource(
            "kustomize.toolkit.fluxcd.io/v1",
            "Kustomization",
            "kustomizations",
        ),
    );
    let ks = kss.get(&ns).await.unwrap();
    assert!(ks.data["status"]["lastAppliedRevision"]
        .as_str()
        .unwrap_or_default()
        .starts_with("main@sha1:"));
}
