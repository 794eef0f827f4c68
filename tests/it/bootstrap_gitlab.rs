//! `flux bootstrap gitlab` against a local stand-in for GitLab's REST API v4 (TLS with a test
//! CA, stateful, serving Git over HTTPS and SSH) and the real control plane with our controllers
//! outside it: a project created in a subgroup, the exact requests (encoded project path,
//! `PRIVATE-TOKEN`, bodies), a read-only deploy key the cluster syncs with over SSH, idempotent
//! re-runs, and a clear 401.

use crate::support;

use crate::support::gitlab_standin::GitLabStandIn;

async fn flux(args: Vec<String>, token: &str) -> (bool, String, String) {
    support::flux_env(
        args,
        vec![(String::from("GITLAB_TOKEN"), token.to_string())],
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn bootstrap_gitlab_creates_the_subgroup_project_and_syncs_over_a_deploy_key() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "boot-gl").await;
    let gl = GitLabStandIn::start("glpat-test", "alice", &["platform/team"]).await;
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, &gl.ca_pem).unwrap();
    let serve = support::serve(&["source-controller", "kustomize-controller"], &ns, &[]);
    let args: Vec<String> = [
        "bootstrap",
        "gitlab",
        "--owner",
        "platform/team",
        "--repository",
        "fleet",
        "--hostname",
        &gl.hostname,
        "--ca-file",
        ca.to_str().unwrap(),
        "--path",
        "clusters/gl",
        "--team",
        "platform/team",
        "-n",
        &ns,
        "--component-health=false",
        "--author-email",
        "flux@localhost",
        "--timeout",
        "3m",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let (ok, _, err) = flux(args.clone(), "wrong").await;
    assert!(!ok);
    assert!(
        err.contains("GitLab GET /projects/platform%2Fteam%2Ffleet: 401")
            && err.contains("'api' scope"),
        "{err}"
    );

    let (ok, _, err) = flux(args.clone(), &gl.token).await;
    assert!(ok, "{err}\n{}", serve.log());
    let calls = gl.calls();
    let seq: Vec<(String, String)> = calls[1..]
        .iter()
        .map(|c| (c.method.clone(), c.path.clone()))
        .collect();
    let want: Vec<(String, String)> = [
        ("GET", "/api/v4/projects/platform%2Fteam%2Ffleet"),
        ("GET", "/api/v4/groups/platform%2Fteam"),
        ("POST", "/api/v4/projects"),
        ("GET", "/api/v4/groups/platform%2Fteam"),
        ("POST", "/api/v4/projects/1/share"),
        ("GET", "/api/v4/projects/1/deploy_keys"),
        ("POST", "/api/v4/projects/1/deploy_keys"),
    ]
    .iter()
    .map(|(m, p)| (m.to_string(), p.to_string()))
    .collect();
    assert_eq!(seq, want);
    assert!(calls[1..].iter().all(|c| c.auth == "glpat-test"));
    assert_eq!(
        calls[3].body,
        serde_json::json!({"name": "fleet", "path": "fleet", "visibility": "private", "initialize_with_readme": true, "namespace_id": 1000})
    );
    assert_eq!(
        calls[7].body["title"],
        format!("{ns}-flux-system-main-./clusters/gl")
    );
    assert_eq!(calls[7].body["can_push"], false);
    assert_eq!(
        calls[5].body,
        serde_json::json!({"group_id": 1000, "group_access": 40})
    );
    // Re-running: the project and key are found, nothing is committed or registered again.
    let (ok, _, err) = flux(args, &gl.token).await;
    assert!(ok, "{err}");
    assert!(
        err.contains("repository \"https://127.0.0.1:") && err.contains("found"),
        "{err}"
    );
    assert!(err.contains("component manifests are up to date"), "{err}");
    let again: Vec<String> = gl.calls()[8..]
        .iter()
        .map(|c| format!("{} {}", c.method, c.path))
        .collect();
    assert_eq!(
        again,
        [
            "GET /api/v4/projects/platform%2Fteam%2Ffleet",
            "GET /api/v4/groups/platform%2Fteam",
            "POST /api/v4/projects/1/share",
            "GET /api/v4/projects/1/deploy_keys"
        ]
    );

    // A personal project with a deploy token instead of a deploy key, and --reconcile.
    let ns2 = support::namespace(&client, "boot-gl-user").await;
    let _serve2 = support::serve(&["source-controller", "kustomize-controller"], &ns2, &[]);
    let personal: Vec<String> = [
        "bootstrap",
        "gitlab",
        "--owner",
        "alice",
        "--personal",
        "--repository",
        "own",
        "--hostname",
        &gl.hostname,
        "--ca-file",
        ca.to_str().unwrap(),
        "--path",
        "clusters/own",
        "-n",
        &ns2,
        "--component-health=false",
        "--author-email",
        "flux@localhost",
        "--timeout",
        "3m",
        "--deploy-token-auth",
        "--visibility",
        "internal",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let before = gl.calls().len();
    let (ok, _, err) = flux(personal.clone(), &gl.token).await;
    assert!(ok, "{err}");
    let calls = gl.calls();
    let later: Vec<&support::github_standin::Call> = calls[before..].iter().collect();
    let create = later
        .iter()
        .find(|c| c.method == "POST" && c.path == "/api/v4/projects")
        .unwrap();
    assert_eq!(create.body["visibility"], "internal");
    assert!(create.body.get("namespace_id").is_none());
    let token = later
        .iter()
        .find(|c| c.method == "POST" && c.path.ends_with("/deploy_tokens"))
        .unwrap();
    assert_eq!(token.body["scopes"], serde_json::json!(["read_repository"]));
    assert!(!later.iter().any(|c| c.path.ends_with("/deploy_keys")));
    let secrets: kube::Api<k8s_openapi::api::core::v1::Secret> =
        kube::Api::namespaced(client.clone(), &ns2);
    let data = secrets.get("flux-system").await.unwrap().data.unwrap();
    assert_eq!(data["username"].0, b"git");
    // --reconcile on the existing project updates its visibility.
    let mut again = personal;
    let v = again.iter().position(|a| a == "internal").unwrap();
    again[v] = String::from("public");
    again.push(String::from("--reconcile"));
    let before = gl.calls().len();
    let (ok, _, err) = flux(again, &gl.token).await;
    assert!(ok, "{err}");
    assert!(gl.calls()[before..].iter().any(|c| c.method == "PUT"
        && c.path.starts_with("/api/v4/projects/")
        && c.body["visibility"] == "public"));
}

/// A protected branch on GitLab: the manifests go through a merge request.
#[tokio::test(flavor = "multi_thread")]
async fn a_protected_gitlab_branch_is_bootstrapped_through_a_merge_request() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "boot-mr").await;
    let gl = GitLabStandIn::start("glpat-mr", "alice", &["platform"]).await;
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, &gl.ca_pem).unwrap();
    let _serve = support::serve(&["source-controller", "kustomize-controller"], &ns, &[]);
    let args = |extra: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = [
            "bootstrap",
            "gitlab",
            "--owner",
            "platform",
            "--repository",
            "fleet",
            "--hostname",
            &gl.hostname,
            "--ca-file",
            ca.to_str().unwrap(),
            "--path",
            "clusters/mr",
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
    let (ok, _, err) = flux(
        args(&["--components", "source-controller,kustomize-controller"]),
        &gl.token,
    )
    .await;
    assert!(ok, "{err}");
    gl.protect("platform/fleet");
    let (ok, _, err) = flux(args(&[]), &gl.token).await;
    assert!(!ok);
    assert!(err.contains("--pull-request"), "{err}");
    let a = args(&["--pull-request"]);
    let token = gl.token.clone();
    let run = tokio::spawn(async move { flux(a, &token).await });
    let mut mr = None;
    for _ in 0..300 {
        if let Some(m) = gl.merge_requests("platform/fleet").first().cloned() {
            mr = Some(m);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let (iid, source, target) = mr.expect("no merge request opened");
    assert_eq!(
        (source, target.as_str()),
        (format!("flux-bootstrap-{ns}"), "main")
    );
    gl.merge("platform/fleet", iid);
    let (ok, _, err) = run.await.unwrap();
    assert!(ok, "{err}");
    assert!(
        err.contains("pull request opened: https://platform/fleet/-/merge_requests/1"),
        "{err}"
    );
    assert!(
        err.contains("Kustomization reconciled successfully"),
        "{err}"
    );
}
