//! `flux serve image-automation-controller` on the real control plane against a real Git
//! server (`git http-backend`): an ImageUpdateAutomation commits the latest references of its
//! ImagePolicies into the marked fields under its update path (nothing else changes, files
//! outside the path stay), with its rendered message and author, pushes, records Flux's
//! status and event, pushes again when a policy moves, pushes to another branch (started from
//! that branch when it exists, forced) with an extra refspec, signs commits `git verify-commit`
//! accepts, and fails with Flux's reasons for a missing GitRepository, a removed template
//! field and a bad policy selector.

use crate::support;

use std::time::Duration;

use crate::support::git_server::{GitServer, ServerAuth, WorkTree};
use flux::api::image::{ImagePolicy, ImageUpdateAutomation};
use kube::api::{Api, Patch, PatchParams};
use serde_json::{json, Value};

const CONTROLLER: &str = "image-automation-controller";

fn deployment(ns: &str, tag: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n  namespace: prod\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        # the app\n        image: ghcr.io/org/app:{tag} # {{\"$imagepolicy\": \"{ns}:app\"}}\n        ports:   [8080]\n"
    )
}

fn values(ns: &str, tag: &str) -> String {
    format!(
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: app\nspec:\n  values:\n    image:\n      repository: ghcr.io/org/app # {{\"$imagepolicy\": \"{ns}:app:name\"}}\n      tag: \"{tag}\" # {{\"$imagepolicy\": \"{ns}:app:tag\"}}\n"
    )
}

/// A repository with marked files under `deploy/` and one outside it.
fn fleet(server: &GitServer, ns: &str) -> WorkTree {
    let work = server.repo("fleet", "main");
    work.commit(
        &[
            ("deploy/app.yaml", &deployment(ns, "1.0.0")),
            ("deploy/values.yaml", &values(ns, "1.0.0")),
            ("deploy/plain.yaml", "kind: ConfigMap\n"),
            ("other/app.yaml", &deployment(ns, "1.0.0")),
        ],
        "initial",
    );
    work.push();
    work
}

/// Creates the ImagePolicy `name` and sets its `latestRef` (the image-reflector-controller's
/// part, not under test here).
async fn policy(client: &kube::Client, ns: &str, name: &str, tag: &str, labels: Value) {
    support::apply_in(
        client,
        ns,
        json!({"apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImagePolicy",
            "metadata": {"name": name, "labels": labels},
            "spec": {"imageRepositoryRef": {"name": name}, "policy": {"semver": {"range": ">=1.0.0"}}}}),
    )
    .await;
    set_latest(client, ns, name, tag).await;
}

async fn set_latest(client: &kube::Client, ns: &str, name: &str, tag: &str) {
    set_latest_ref(
        client,
        ns,
        name,
        json!({"name": "ghcr.io/org/app", "tag": tag}),
    )
    .await;
}

/// Sets an ImagePolicy's `status.latestRef`.
pub(crate) async fn set_latest_ref(client: &kube::Client, ns: &str, name: &str, latest: Value) {
    let api: Api<ImagePolicy> = Api::namespaced(client.clone(), ns);
    let status = json!({"status": {"latestRef": latest}});
    api.patch_status(name, &PatchParams::default(), &Patch::Merge(&status))
        .await
        .unwrap();
}

/// The GitRepository `fleet` at `url`, branch main.
pub(crate) async fn git_repository(client: &kube::Client, ns: &str, url: &str) {
    support::apply_in(
        client,
        ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
            "metadata": {"name": "fleet"},
            "spec": {"url": url, "interval": "1h", "ref": {"branch": "main"}}}),
    )
    .await;
}

fn automation(name: &str, git: Value) -> Value {
    json!({"apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImageUpdateAutomation",
        "metadata": {"name": name},
        "spec": {"sourceRef": {"kind": "GitRepository", "name": "fleet"}, "interval": "1h",
            "update": {"strategy": "Setters", "path": "./deploy"}, "git": git}})
}

fn ready(a: &ImageUpdateAutomation) -> Option<(String, String, String)> {
    support::condition(&a.status.as_ref()?.conditions, "Ready")
}

/// The file at `rev` in the server's repository.
fn show(work: &WorkTree, rev: &str, path: &str) -> String {
    work.git(&[
        "fetch",
        "-q",
        "--force",
        "origin",
        "+refs/heads/*:refs/remotes/origin/*",
    ]);
    work.git_output(&["show", &format!("{rev}:{path}")]) + "\n"
}

async fn wait_push(
    client: &kube::Client,
    ns: &str,
    name: &str,
    not: Option<&str>,
    serve: &support::Serve,
) -> ImageUpdateAutomation {
    let api: Api<ImageUpdateAutomation> = Api::namespaced(client.clone(), ns);
    for _ in 0..600 {
        if let Ok(a) = api.get(name).await {
            let pushed = a.status.as_ref().and_then(|s| s.last_push_commit.clone());
            if pushed.is_some() && pushed.as_deref() != not {
                return a;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "{name} pushed nothing: {:?}\n{}",
        api.get(name).await.ok().and_then(|a| a.status),
        serve.log()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_automation_pushes_the_latest_references_into_marked_fields_only() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "iua").await;
    let server = GitServer::start(ServerAuth::default());
    let work = fleet(&server, &ns);
    git_repository(&client, &ns, &server.url("fleet")).await;
    policy(&client, &ns, "app", "1.2.0", json!({"team": "a"})).await;
    let serve = support::serve(&[CONTROLLER], &ns, &[]);
    let template = "Automation: {{ .AutomationObject }}\n{{ range .Changed.Changes }}- {{ .OldValue }} -> {{ .NewValue }}\n{{ end }}{{ range $f, $_ := .Changed.FileChanges }}{{ $f }} {{ end }}{{ .Values.env }}";
    support::apply_in(
        &client,
        &ns,
        automation(
            "auto",
            json!({"checkout": {"ref": {"branch": "main"}},
                "commit": {"author": {"name": "fluxbot", "email": "flux@example.com"},
                    "messageTemplate": template, "messageTemplateValues": {"env": "prod"}},
                "push": {"branch": "main"}}),
        ),
    )
    .await;
    let a = wait_push(&client, &ns, "auto", None, &serve).await;
    let st = a.status.clone().unwrap();
    let commit = st.last_push_commit.clone().unwrap();
    assert_eq!(
        st.observed_source_revision.as_deref(),
        Some(format!("main@sha1:{commit}").as_str())
    );
    let observed = st.observed_policies.clone().unwrap();
    assert_eq!(observed["app"].tag, "1.2.0");
    assert!(st.last_push_time.is_some() && st.last_automation_run_time.is_some());
    let a = support::wait_until::<ImageUpdateAutomation>(&client, &ns, "auto", "Ready", |a| {
        ready(a).is_some_and(|r| r.0 == "True")
    })
    .await;
    assert_eq!(
        ready(&a).unwrap(),
        (
            "True".into(),
            "Succeeded".into(),
            "repository up-to-date".into()
        )
    );

    // Only the marked values changed, byte for byte; the file outside the path did not.
    assert_eq!(
        show(&work, "origin/main", "deploy/app.yaml"),
        deployment(&ns, "1.2.0")
    );
    let v = show(&work, "origin/main", "deploy/values.yaml");
    assert_eq!(v, values(&ns, "1.2.0"));
    assert_eq!(
        show(&work, "origin/main", "other/app.yaml"),
        deployment(&ns, "1.0.0")
    );
    assert_eq!(work.git_output(&["rev-parse", "origin/main"]), commit);
    assert_eq!(
        work.git_output(&["log", "-1", "--format=%an <%ae>|%cn <%ce>", "origin/main"]),
        "fluxbot <flux@example.com>|fluxbot <flux@example.com>"
    );
    let message = work.git_output(&["log", "-1", "--format=%B", "origin/main"]);
    assert_eq!(
        message,
        format!("Automation: {ns}/auto\n- ghcr.io/org/app:1.0.0 -> ghcr.io/org/app:1.2.0\n- 1.0.0 -> 1.2.0\napp.yaml values.yaml prod")
    );
    // Flux's event names the short commit, the branch and the message.
    let events: Api<k8s_openapi::api::core::v1::Event> = Api::namespaced(client.clone(), &ns);
    let want = format!(
        "pushed commit '{}' to branch 'main'\n{message}",
        &commit[..7]
    );
    let mut found = false;
    for _ in 0..100 {
        let list = events.list(&Default::default()).await.unwrap();
        if list.items.iter().any(|e| {
            e.reason.as_deref() == Some("Succeeded")
                && e.message.as_deref().map(str::trim_end) == Some(want.as_str())
        }) {
            found = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(found, "no push event {want:?}");

    // A policy that moves runs the automation again at once (its watch), one more commit.
    set_latest(&client, &ns, "app", "1.3.0").await;
    let a = wait_push(&client, &ns, "auto", Some(&commit), &serve).await;
    let second = a.status.unwrap().last_push_commit.unwrap();
    assert_eq!(
        show(&work, "origin/main", "deploy/app.yaml"),
        deployment(&ns, "1.3.0")
    );
    assert_eq!(
        work.git_output(&["rev-parse", &format!("{second}^")]),
        commit,
        "the new commit sits on the previous one"
    );

    // Someone else's commit meanwhile: a forced run rebuilds on top of it and changes
    // nothing when the files are already up to date.
    work.git(&["checkout", "-q", "-B", "main", "origin/main"]);
    work.commit(&[("README.md", "# fleet\n")], "docs");
    work.git(&["push", "-q", "origin", "HEAD:main"]);
    let api: Api<ImageUpdateAutomation> = Api::namespaced(client.clone(), &ns);
    let token = "2026-12-04T00:00:00Z";
    api.patch(
        "auto",
        &PatchParams::default(),
        &Patch::Merge(
            json!({"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": token}}}),
        ),
    )
    .await
    .unwrap();
    let a = support::wait_until::<ImageUpdateAutomation>(&client, &ns, "auto", "handled", |a| {
        a.status
            .as_ref()
            .and_then(|s| s.last_handled_reconcile_at.as_deref())
            == Some(token)
    })
    .await;
    let st = a.status.unwrap();
    assert_eq!(st.last_push_commit.as_deref(), Some(second.as_str()));
    let head = work.git_output(&["ls-remote", "origin", "refs/heads/main"]);
    let head = head
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    assert_eq!(
        st.observed_source_revision.as_deref(),
        Some(format!("main@sha1:{head}").as_str()),
        "{}",
        serve.log()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn pushing_to_another_branch_starts_from_it_and_pushes_the_refspec_too() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "iua-branch").await;
    let server = GitServer::start(ServerAuth::default());
    let work = fleet(&server, &ns);
    // The push branch exists already, one commit ahead of main.
    work.git(&["checkout", "-q", "-b", "auto"]);
    work.commit(&[("deploy/extra.yaml", "kind: Secret\n")], "on auto");
    work.git(&["push", "-q", "origin", "auto"]);
    work.git(&["checkout", "-q", "main"]);
    let main_head = work.git_output(&["rev-parse", "HEAD"]);
    git_repository(&client, &ns, &server.url("fleet")).await;
    policy(&client, &ns, "app", "2.0.0", json!({})).await;
    let serve = support::serve(&[CONTROLLER], &ns, &[]);
    support::apply_in(
        &client,
        &ns,
        automation(
            "auto",
            json!({"commit": {"author": {"email": "flux@example.com"}},
                "push": {"branch": "auto", "refspec": "refs/heads/auto:refs/heads/review"}}),
        ),
    )
    .await;
    let a = wait_push(&client, &ns, "auto", None, &serve).await;
    let st = a.status.unwrap();
    let commit = st.last_push_commit.unwrap();
    // With another branch, the observed revision is the checkout's.
    assert_eq!(
        st.observed_source_revision.as_deref(),
        Some(format!("main@sha1:{main_head}").as_str())
    );
    assert_eq!(
        show(&work, "origin/auto", "deploy/app.yaml"),
        deployment(&ns, "2.0.0")
    );
    assert_eq!(
        show(&work, "origin/auto", "deploy/extra.yaml"),
        "kind: Secret\n"
    );
    assert_eq!(
        show(&work, "origin/main", "deploy/app.yaml"),
        deployment(&ns, "1.0.0")
    );
    assert_eq!(work.git_output(&["rev-parse", "origin/auto"]), commit);
    assert_eq!(work.git_output(&["rev-parse", "origin/review"]), commit);
    assert_eq!(
        work.git_output(&["log", "-1", "--format=%B", "origin/auto"]),
        "Update from image update automation"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn signed_commits_verify_and_bad_specs_fail_with_fluxs_reasons() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "iua-sign").await;
    let server = GitServer::start(ServerAuth::default());
    let work = fleet(&server, &ns);
    git_repository(&client, &ns, &server.url("fleet")).await;
    policy(&client, &ns, "app", "3.0.0", json!({})).await;
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("id");
    let public = support::ssh_keygen(&key);
    support::apply_in(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "signing"},
            "stringData": {"identity": std::fs::read_to_string(&key).unwrap()}}),
    )
    .await;
    let serve = support::serve(&[CONTROLLER], &ns, &[]);
    support::apply_in(
        &client,
        &ns,
        automation(
            "signed",
            json!({"commit": {"author": {"name": "fluxbot", "email": "flux@example.com"},
                    "signingKey": {"type": "ssh", "secretRef": {"name": "signing"}}},
                "push": {"branch": "main"}}),
        ),
    )
    .await;
    let a = wait_push(&client, &ns, "signed", None, &serve).await;
    let commit = a.status.unwrap().last_push_commit.unwrap();
    work.git(&["fetch", "-q", "origin"]);
    let allowed = keys.path().join("allowed");
    std::fs::write(&allowed, format!("flux@localhost {public}")).unwrap();
    let out = std::process::Command::new("git")
        .args([
            "-c",
            &format!("gpg.ssh.allowedSignersFile={}", allowed.display()),
            "verify-commit",
            &commit,
        ])
        .current_dir(&work.dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Bad specs, each with Flux's reason and message.
    let failing = [
        (
            automation(
                "no-source",
                json!({"commit": {"author": {"email": "f@x"}}, "push": {"branch": "main"}}),
            ),
            "nope",
            "SourceManagerFailed",
            "failed configuring source manager: referenced git repository does not exist: GitRepository.source.toolkit.fluxcd.io \"nope\" not found",
            false,
        ),
        (
            automation(
                "removed-field",
                json!({"commit": {"author": {"email": "f@x"}, "messageTemplate": "{{ range .Updated.Images }}{{ . }}{{ end }}"},
                    "push": {"branch": "main"}}),
            ),
            "fleet",
            "RemovedTemplateField",
            "template uses removed '.Updated' field. Please use '.Changed' instead. See: https://fluxcd.io/flux/components/image/imageupdateautomations/#message-template",
            true,
        ),
        (
            automation(
                "no-push-branch",
                json!({"checkout": {"ref": {"tag": "v1"}}, "commit": {"author": {"email": "f@x"}}}),
            ),
            "fleet",
            "SourceManagerFailed",
            "failed configuring source manager: push spec not provided, and cannot be inferred from .spec.git.checkout.ref or GitRepository .spec.ref",
            false,
        ),
    ];
    // The policy moves again so the failing automations have files to change (the signed
    // one is gone first, or it would push that change before them).
    let api: Api<ImageUpdateAutomation> = Api::namespaced(client.clone(), &ns);
    api.delete("signed", &Default::default()).await.unwrap();
    for _ in 0..300 {
        if api.get_opt("signed").await.unwrap().is_none() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    set_latest(&client, &ns, "app", "3.1.0").await;
    for (mut obj, source, reason, message, stalled) in failing {
        obj["spec"]["sourceRef"]["name"] = json!(source);
        let name = obj["metadata"]["name"].as_str().unwrap().to_string();
        support::apply_in(&client, &ns, obj).await;
        let a = support::wait_until::<ImageUpdateAutomation>(&client, &ns, &name, "failing", |a| {
            ready(a).is_some_and(|r| r.0 == "False")
        })
        .await;
        let (_, r, m) = ready(&a).unwrap();
        assert_eq!((r.as_str(), m.as_str()), (reason, message), "{name}");
        let is_stalled = support::condition(&a.status.unwrap().conditions, "Stalled")
            .is_some_and(|c| c.0 == "True");
        assert_eq!(is_stalled, stalled, "{name}");
    }
    // A selector with an unknown operator stalls.
    let mut bad = automation(
        "bad-selector",
        json!({"commit": {"author": {"email": "f@x"}}, "push": {"branch": "main"}}),
    );
    bad["spec"]["policySelector"] = json!({"matchExpressions": [{"key": "a", "operator": "Near"}]});
    support::apply_in(&client, &ns, bad).await;
    let a = support::wait_until::<ImageUpdateAutomation>(
        &client,
        &ns,
        "bad-selector",
        "failing",
        |a| ready(a).is_some_and(|r| r.0 == "False"),
    )
    .await;
    let (_, r, m) = ready(&a).unwrap();
    assert_eq!(r, "InvalidPolicySelector");
    assert_eq!(
        m,
        "failed to parse policy selector: \"Near\" is not a valid label selector operator"
    );
}

/// A provider stand-in as the pull request test needs it.
struct Provider {
    hostname: String,
    token: String,
    ca: String,
    /// The bare repository of `flux-user/fleet`.
    bare: std::path::PathBuf,
    clone_url: String,
    /// Open requests: (id, head, base).
    open: Box<dyn Fn() -> Vec<(i64, String, String)>>,
    /// Bodies of the create calls.
    created: Box<dyn Fn() -> Vec<Value>>,
    _keep: Box<dyn std::any::Any>,
}

async fn provider(kind: &str) -> Provider {
    use flux::bootstrap::github::GitHub;
    use std::sync::Arc;
    if kind == "gitlab" {
        let gl = Arc::new(
            support::gitlab_standin::GitLabStandIn::start("tok3n", "flux-user", &[]).await,
        );
        let api = flux::bootstrap::gitlab::GitLab::new(&gl.hostname, &gl.token, Some(&gl.ca_pem))
            .unwrap();
        let (_, repo) = api
            .ensure_project("flux-user", "fleet", true, "private")
            .await
            .unwrap();
        let (g1, g2) = (gl.clone(), gl.clone());
        return Provider {
            hostname: gl.hostname.clone(),
            token: gl.token.clone(),
            ca: gl.ca_pem.clone(),
            bare: gl.git_root().join("flux-user/fleet.git"),
            clone_url: repo.clone_url,
            open: Box::new(move || g1.merge_requests("flux-user/fleet")),
            created: Box::new(move || {
                g2.calls()
                    .into_iter()
                    .filter(|c| c.method == "POST" && c.path.ends_with("/merge_requests"))
                    .map(|c| json!({"title": c.body["title"], "body": c.body["description"]}))
                    .collect()
            }),
            _keep: Box::new(gl),
        };
    }
    let gh = Arc::new(if kind == "gitea" {
        support::github_standin::GitHubStandIn::start_gitea("tok3n", "flux-user", &[]).await
    } else {
        support::github_standin::GitHubStandIn::start("tok3n", "flux-user", &[]).await
    });
    let api = if kind == "gitea" {
        GitHub::gitea(&gh.hostname, &gh.token, Some(&gh.ca_pem))
    } else {
        GitHub::new(&gh.hostname, &gh.token, Some(&gh.ca_pem))
    }
    .unwrap();
    let repo = api
        .ensure_repo("flux-user", "fleet", true, true)
        .await
        .unwrap();
    let (g1, g2) = (gh.clone(), gh.clone());
    Provider {
        hostname: gh.hostname.clone(),
        token: gh.token.clone(),
        ca: gh.ca_pem.clone(),
        bare: gh.git.root.join("flux-user/fleet.git"),
        clone_url: repo.clone_url,
        open: Box::new(move || g1.pulls("flux-user/fleet")),
        created: Box::new(move || {
            g2.calls()
                .into_iter()
                .filter(|c| c.method == "POST" && c.path.ends_with("/repos/flux-user/fleet/pulls"))
                .map(|c| c.body)
                .collect()
        }),
        _keep: Box::new(gh),
    }
}

/// Our extension: with `image.flux-rs.dev/pull-request`, a push to another branch opens one
/// pull (merge) request into the checkout branch through the provider's API (GitHub, Gitea and
/// GitLab stand-ins speaking their documented REST APIs over TLS), with the commit message as
/// title and body, and later pushes do not open another.
#[tokio::test(flavor = "multi_thread")]
async fn an_annotated_automation_opens_one_pull_request_for_its_push_branch() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    for kind in ["github", "gitea", "gitlab"] {
        let ns = support::namespace(&client, &format!("iua-pr-{kind}")).await;
        let p = provider(kind).await;
        // Our content, pushed straight into the bare repository.
        let work = tempfile::tempdir().unwrap();
        let git = |args: &[&str]| {
            let out = std::process::Command::new("git")
                .args(args)
                .current_dir(work.path())
                .env("GIT_AUTHOR_NAME", "t")
                .env("GIT_AUTHOR_EMAIL", "t@x")
                .env("GIT_COMMITTER_NAME", "t")
                .env("GIT_COMMITTER_EMAIL", "t@x")
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        git(&["clone", "-q", p.bare.to_str().unwrap(), "."]);
        std::fs::create_dir_all(work.path().join("deploy")).unwrap();
        std::fs::write(
            work.path().join("deploy/app.yaml"),
            deployment(&ns, "1.0.0"),
        )
        .unwrap();
        git(&["add", "-A"]);
        git(&["commit", "-q", "-m", "app"]);
        git(&["push", "-q", "origin", "HEAD:main"]);
        support::apply_in(
            &client,
            &ns,
            json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "git"},
                "stringData": {"username": "git", "password": p.token, "ca.crt": p.ca}}),
        )
        .await;
        support::apply_in(
            &client,
            &ns,
            json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
                "metadata": {"name": "fleet"},
                "spec": {"url": p.clone_url, "interval": "1h", "ref": {"branch": "main"},
                    "secretRef": {"name": "git"}}}),
        )
        .await;
        policy(&client, &ns, "app", "1.1.0", json!({})).await;
        let serve = support::serve(&[CONTROLLER], &ns, &[]);
        let mut obj = automation(
            "pr",
            json!({"commit": {"author": {"email": "flux@example.com"},
                    "messageTemplate": "Bump app\n\n{{ range .Changed.Changes }}{{ .OldValue }} -> {{ .NewValue }}{{ end }}"},
                "push": {"branch": "image-updates"}}),
        );
        obj["metadata"]["annotations"] = json!({
            "image.flux-rs.dev/pull-request": kind,
            "image.flux-rs.dev/pull-request-hostname": p.hostname,
        });
        support::apply_in(&client, &ns, obj).await;
        let a = wait_push(&client, &ns, "pr", None, &serve).await;
        let first = a.status.unwrap().last_push_commit.unwrap();
        let a = support::wait_until::<ImageUpdateAutomation>(&client, &ns, "pr", "Ready", |a| {
            ready(a).is_some_and(|r| r.0 == "True")
        })
        .await;
        assert_eq!(
            ready(&a).unwrap().2,
            "repository up-to-date",
            "{}",
            serve.log()
        );
        assert_eq!(
            (p.open)(),
            vec![(1, "image-updates".to_string(), "main".to_string())],
            "{kind}"
        );
        let created = (p.created)();
        assert_eq!(created.len(), 1, "{kind}");
        assert_eq!(created[0]["title"], "Bump app");
        assert_eq!(
            created[0]["body"],
            format!("ghcr.io/org/app:1.0.0 -> ghcr.io/org/app:1.1.0\n\nOpened by the image update automation {ns}/pr.")
        );
        // A second push to the branch finds the open request and opens no other.
        set_latest(&client, &ns, "app", "1.2.0").await;
        wait_push(&client, &ns, "pr", Some(&first), &serve).await;
        tokio::time::sleep(Duration::from_secs(1)).await;
        assert_eq!((p.open)().len(), 1, "{kind}");
        assert_eq!((p.created)().len(), 1, "{kind}");
        let events: Api<k8s_openapi::api::core::v1::Event> = Api::namespaced(client.clone(), &ns);
        let opened = events
            .list(&Default::default())
            .await
            .unwrap()
            .items
            .into_iter()
            .filter(|e| e.reason.as_deref() == Some("PullRequestOpened"))
            .count();
        assert_eq!(opened, 1, "{kind}");
    }
}
