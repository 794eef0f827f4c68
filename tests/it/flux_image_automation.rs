//! Our image-automation-controller beside Flux's own (v1.2.4, built from its Go module) in the
//! same run: each watches its own namespace, holding the same ImagePolicies (same `latestRef`s),
//! a GitRepository on its own copy of one repository, and the same ImageUpdateAutomations.
//! Compared: the files each pushes (as YAML: Flux re-emits changed files through kyaml while
//! ours keeps their bytes, so only the values are compared), which files changed, the commit
//! message, author and branch, the status (`observedPolicies`, `observedSourceRevision`'s
//! form) and Ready, and the Ready/Stalled reasons and messages of failing automations.

use crate::support;

use std::collections::BTreeMap;
use std::time::Duration;

use crate::support::flux_image::FluxImageAutomation;
use crate::support::git_server::{GitServer, ServerAuth, WorkTree};
use flux::api::image::ImageUpdateAutomation;
use kube::api::Api;
use serde_json::{json, Value};

/// The repository's files for namespace `ns` (markers name the namespace's policies).
fn files(ns: &str) -> Vec<(String, String)> {
    let f = |s: &str| s.replace("NS", ns);
    vec![
        (
            "deploy/app.yaml".into(),
            f("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n  namespace: prod\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: ghcr.io/org/app:1.0.0 # {\"$imagepolicy\": \"NS:app\"}\n        - name: side\n          image: ghcr.io/org/side:0.1 # {\"$imagepolicy\": \"NS:side\"}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: app\n"),
        ),
        (
            "deploy/release.yaml".into(),
            f("apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: app\n  namespace: prod\nspec:\n  values:\n    image:\n      repository: ghcr.io/org/app # {\"$imagepolicy\": \"NS:app:name\"}\n      tag: 1.0.0 # {\"$imagepolicy\": \"NS:app:tag\"}\n      digest: \"\" # {\"$imagepolicy\": \"NS:app:digest\"}\n    side:\n      # {\"$imagepolicy\": \"NS:side:tag\"}\n      - \"0.1\"\n"),
        ),
        (
            "deploy/kustomization.yaml".into(),
            f("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - app.yaml\nimages:\n  - name: ghcr.io/org/app\n    newTag: 1.0.0 # {\"$imagepolicy\": \"NS:app:tag\"}\n"),
        ),
        ("deploy/untouched.yaml".into(), f("kind: ConfigMap\n# {\"$imagepolicy\": \"NS:app\"}\ndata: {}\n")),
        ("other/app.yaml".into(), f("image: ghcr.io/org/app:1.0.0 # {\"$imagepolicy\": \"NS:app\"}\n")),
    ]
}

fn repo(server: &GitServer, name: &str, ns: &str) -> WorkTree {
    let work = server.repo(name, "main");
    let fs = files(ns);
    let refs: Vec<(&str, &str)> = fs.iter().map(|(p, b)| (p.as_str(), b.as_str())).collect();
    work.commit(&refs, "initial");
    work.push();
    work
}

/// The same objects in `ns`, the GitRepository pointing at `url`.
async fn objects(client: &kube::Client, ns: &str, url: &str) {
    crate::image_automation::git_repository(client, ns, url).await;
    for name in ["app", "side", "unselected"] {
        let labels = if name == "unselected" {
            json!({"team": "b"})
        } else {
            json!({"team": "a"})
        };
        support::apply_in(
            client,
            ns,
            json!({"apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImagePolicy",
                "metadata": {"name": name, "labels": labels},
                "spec": {"imageRepositoryRef": {"name": name}, "policy": {"semver": {"range": ">=0.1.0"}}}}),
        )
        .await;
    }
    crate::image_automation::set_latest_ref(
        client,
        ns,
        "app",
        json!({"name": "ghcr.io/org/app", "tag": "1.2.0", "digest": "sha256:1111111111111111111111111111111111111111111111111111111111111111"}),
    )
    .await;
    crate::image_automation::set_latest_ref(
        client,
        ns,
        "side",
        json!({"name": "ghcr.io/org/side", "tag": "0.10"}),
    )
    .await;
    crate::image_automation::set_latest_ref(
        client,
        ns,
        "unselected",
        json!({"name": "ghcr.io/org/x", "tag": "9.9.9"}),
    )
    .await;
    let template = "Update {{ .AutomationObject }}\n{{ range $file, $changes := .Changed.FileChanges -}}\n{{ $file }}:\n{{ range $obj, $list := $changes }}  {{ $obj.Kind }}/{{ $obj.Name }}:{{ range $list }} {{ .OldValue }}->{{ .NewValue }}{{ end }}\n{{ end }}{{ end }}env={{ .Values.env }} missing={{ .Values.nope }}";
    let auto = |name: &str, git: Value| {
        json!({"apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImageUpdateAutomation",
            "metadata": {"name": name},
            "spec": {"sourceRef": {"kind": "GitRepository", "name": "fleet"}, "interval": "1h",
                "policySelector": {"matchLabels": {"team": "a"}},
                "update": {"strategy": "Setters", "path": "./deploy"}, "git": git}})
    };
    support::apply_in(
        client,
        ns,
        auto(
            "same-branch",
            json!({"checkout": {"ref": {"branch": "main"}},
                "commit": {"author": {"name": "fluxbot", "email": "flux@example.com"},
                    "messageTemplate": template, "messageTemplateValues": {"env": "prod"}},
                "push": {"branch": "main"}}),
        ),
    )
    .await;
}

async fn wait_automation(
    client: &kube::Client,
    ns: &str,
    name: &str,
    logs: &dyn Fn() -> String,
    pred: impl Fn(&ImageUpdateAutomation) -> bool,
) -> ImageUpdateAutomation {
    let api: Api<ImageUpdateAutomation> = Api::namespaced(client.clone(), ns);
    let mut last = None;
    for _ in 0..900 {
        if let Ok(a) = api.get(name).await {
            if pred(&a) {
                return a;
            }
            last = Some(a);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{ns}/{name}: {:?}\n{}", last.and_then(|a| a.status), logs());
}

fn ready(a: &ImageUpdateAutomation) -> Option<(String, String, String)> {
    support::condition(&a.status.as_ref()?.conditions, "Ready")
}

/// Every file of `rev` as YAML documents (namespace names replaced), and the changed paths.
fn tree(work: &WorkTree, rev: &str, ns: &str) -> (BTreeMap<String, Vec<Value>>, String) {
    work.git(&[
        "fetch",
        "-q",
        "--force",
        "origin",
        "+refs/heads/*:refs/remotes/origin/*",
    ]);
    let mut out = BTreeMap::new();
    for path in work
        .git_output(&["ls-tree", "-r", "--name-only", rev])
        .lines()
    {
        let text = work.git_output(&["show", &format!("{rev}:{path}")]);
        let docs: Vec<Value> = flux::kustomize::yaml::parse_stream(&text.replace(ns, "NS"))
            .unwrap_or_default()
            .into_iter()
            .filter(|d| !d.is_null())
            .collect();
        out.insert(path.to_string(), docs);
    }
    let changed = work.git_output(&["diff", "--name-only", &format!("{rev}~1"), rev]);
    (out, changed)
}

#[tokio::test(flavor = "multi_thread")]
async fn our_automation_pushes_what_fluxs_pushes_and_fails_as_it_fails() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let theirs_ns = support::namespace(&client, "iac-flux").await;
    let ours_ns = support::namespace(&client, "iac-ours").await;
    let server = GitServer::start(ServerAuth::default());
    let theirs_work = repo(&server, "theirs", &theirs_ns);
    let ours_work = repo(&server, "ours", &ours_ns);
    let dir = tempfile::tempdir().unwrap();
    let flux = FluxImageAutomation::start(&theirs_ns, dir.path());
    let serve = support::serve(&["image-automation-controller"], &ours_ns, &[]);
    let logs = || format!("Flux:\n{}\nours:\n{}", flux.log(), serve.log());
    objects(&client, &theirs_ns, &server.url("theirs")).await;
    objects(&client, &ours_ns, &server.url("ours")).await;

    let pushed = |a: &ImageUpdateAutomation| {
        a.status
            .as_ref()
            .is_some_and(|s| s.last_push_commit.is_some())
            && ready(a).is_some_and(|r| r.0 == "True")
    };
    let theirs = wait_automation(&client, &theirs_ns, "same-branch", &logs, pushed).await;
    let ours = wait_automation(&client, &ours_ns, "same-branch", &logs, pushed).await;
    let (ts, os) = (theirs.status.clone().unwrap(), ours.status.clone().unwrap());
    assert_eq!(ready(&ours), ready(&theirs));
    assert_eq!(os.observed_policies, ts.observed_policies);
    for (s, work) in [(&ts, &theirs_work), (&os, &ours_work)] {
        let commit = s.last_push_commit.clone().unwrap();
        assert_eq!(
            s.observed_source_revision.clone().unwrap(),
            format!("main@sha1:{commit}")
        );
        work.git(&["fetch", "-q", "origin"]);
        assert_eq!(work.git_output(&["rev-parse", "origin/main"]), commit);
    }
    let (their_files, their_changed) = tree(&theirs_work, "origin/main", &theirs_ns);
    let (our_files, our_changed) = tree(&ours_work, "origin/main", &ours_ns);
    assert_eq!(our_changed, their_changed, "changed files");
    assert_eq!(our_files, their_files);
    let message = |work: &WorkTree, ns: &str| {
        work.git_output(&["log", "-1", "--format=%an <%ae>%n%B", "origin/main"])
            .replace(ns, "NS")
    };
    assert_eq!(
        message(&ours_work, &ours_ns),
        message(&theirs_work, &theirs_ns)
    );

    // Another branch with a refspec, started from main: same files, same revision form.
    let other = json!({"apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImageUpdateAutomation",
        "metadata": {"name": "other-branch"},
        "spec": {"sourceRef": {"kind": "GitRepository", "name": "fleet"}, "interval": "1h",
            "update": {"path": "./other"},
            "git": {"commit": {"author": {"email": "flux@example.com"}},
                "push": {"branch": "auto", "refspec": "refs/heads/auto:refs/heads/review"}}}});
    support::apply_in(&client, &theirs_ns, other.clone()).await;
    support::apply_in(&client, &ours_ns, other).await;
    let theirs = wait_automation(&client, &theirs_ns, "other-branch", &logs, pushed).await;
    let ours = wait_automation(&client, &ours_ns, "other-branch", &logs, pushed).await;
    for (a, work) in [(&theirs, &theirs_work), (&ours, &ours_work)] {
        let s = a.status.clone().unwrap();
        work.git(&["fetch", "-q", "origin"]);
        let main = work.git_output(&["rev-parse", "origin/main"]);
        assert_eq!(
            s.observed_source_revision.unwrap(),
            format!("main@sha1:{main}")
        );
        let commit = s.last_push_commit.unwrap();
        assert_eq!(work.git_output(&["rev-parse", "origin/auto"]), commit);
        assert_eq!(work.git_output(&["rev-parse", "origin/review"]), commit);
    }
    assert_eq!(
        tree(&ours_work, "origin/auto", &ours_ns),
        tree(&theirs_work, "origin/auto", &theirs_ns)
    );
    assert_eq!(ready(&ours), ready(&theirs));

    // Failing automations: the same reasons and messages.
    let failing = [
        (
            "missing-source",
            json!({"sourceRef": {"kind": "GitRepository", "name": "nope"},
            "git": {"commit": {"author": {"email": "f@x"}}, "push": {"branch": "main"}}}),
        ),
        (
            "removed-field",
            json!({"sourceRef": {"kind": "GitRepository", "name": "fleet"},
            "git": {"commit": {"author": {"email": "f@x"}, "messageTemplate": "{{ .Updated }}"},
                "push": {"branch": "main"}}}),
        ),
        (
            "no-push-branch",
            json!({"sourceRef": {"kind": "GitRepository", "name": "fleet"},
            "git": {"checkout": {"ref": {"tag": "v1"}}, "commit": {"author": {"email": "f@x"}}}}),
        ),
    ];
    for (name, spec) in failing {
        let mut spec = spec;
        spec["interval"] = json!("1h");
        // `other/` on main still has changes to make (only the other branch got them), so a
        // template runs.
        spec["update"] = json!({"path": "./other"});
        let obj = json!({"apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImageUpdateAutomation",
            "metadata": {"name": name}, "spec": spec});
        support::apply_in(&client, &theirs_ns, obj.clone()).await;
        support::apply_in(&client, &ours_ns, obj).await;
        let failed = |a: &ImageUpdateAutomation| ready(a).is_some_and(|r| r.0 == "False");
        let theirs = wait_automation(&client, &theirs_ns, name, &logs, failed).await;
        let ours = wait_automation(&client, &ours_ns, name, &logs, failed).await;
        let stalled = |a: &ImageUpdateAutomation| {
            support::condition(&a.status.as_ref().unwrap().conditions, "Stalled")
                .map(|c| (c.0, c.1))
        };
        assert_eq!(ready(&ours), ready(&theirs), "{name}");
        assert_eq!(stalled(&ours), stalled(&theirs), "{name}");
    }
}
