//! ArtifactGenerator (`flux serve source-watcher`) on the real control plane: artifacts of a
//! GitRepository composed and decomposed into ExternalArtifacts, applied by a Kustomization,
//! regenerated on a new commit only where their content changed, and deleted with the
//! generator.

use std::time::Duration;

use flux::api::extensions::ArtifactGenerator;
use flux::api::source::ExternalArtifact;
use kube::api::{Api, DeleteParams};
use serde_json::json;

use crate::support::{
    self,
    git_server::{GitServer, ServerAuth},
};

async fn apply(client: &kube::Client, ns: &str, obj: serde_json::Value) {
    support::apply_in(client, ns, obj).await
}

fn ready(c: &[flux::api::meta::Condition]) -> Option<(String, String, String)> {
    support::condition(c, "Ready")
}

async fn wait_gen(
    client: &kube::Client,
    ns: &str,
    what: &str,
    pred: impl Fn(&ArtifactGenerator) -> bool,
) -> ArtifactGenerator {
    support::wait_until(client, ns, "app", what, pred).await
}

fn files(tgz: &[u8]) -> Vec<(String, String)> {
    let mut out = vec![];
    let mut ar = tar::Archive::new(flate2::read::GzDecoder::new(tgz));
    for e in ar.entries().unwrap() {
        let mut e = e.unwrap();
        if !e.header().entry_type().is_file() {
            continue;
        }
        let p = e.path().unwrap().to_string_lossy().into_owned();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut e, &mut s).unwrap();
        out.push((p, s));
    }
    out.sort();
    out
}

fn artifact_bytes(ea: &ExternalArtifact) -> Vec<u8> {
    let a = ea.status.as_ref().unwrap().artifact.clone().unwrap();
    let url = url::Url::parse(&a.url).unwrap();
    let (code, body) = support::http_get(url.port().unwrap(), url.path());
    assert_eq!(code, 200);
    body
}

#[tokio::test]
async fn artifact_generator_composes_decomposes_and_feeds_kustomizations() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "gen").await;
    let srv = GitServer::start(ServerAuth::default());
    let wt = srv.repo("mono", "main");
    let cm = |name: &str, v: &str| {
        format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: {ns}\ndata:\n  v: \"{v}\"\n")
    };
    let c1 = wt.commit(
        &[
            ("deploy/frontend/cm.yaml", &cm("frontend", "1")),
            ("deploy/frontend/README.md", "docs\n"),
            ("deploy/backend/cm.yaml", &cm("backend", "1")),
            ("values/base.yaml", "image:\n  tag: v1\n  repo: r\n"),
            ("values/prod.yaml", "image:\n  tag: v2\n"),
        ],
        "init",
    );
    wt.push();
    let _serve = support::serve(
        &[
            "source-controller",
            "kustomize-controller",
            "source-watcher",
        ],
        &ns,
        &[],
    );
    apply(
        &client,
        &ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
        "metadata": {"name": "mono"},
        "spec": {"interval": "1h", "url": srv.url("mono"), "ref": {"branch": "main"}}}),
    )
    .await;
    apply(
        &client,
        &ns,
        json!({"apiVersion": "source.extensions.fluxcd.io/v1beta1", "kind": "ArtifactGenerator",
        "metadata": {"name": "app"},
        "spec": {
            "commonMetadata": {"labels": {"team": "a"}},
            "sources": [{"alias": "repo", "kind": "GitRepository", "name": "mono"}],
            "artifacts": [
                {"name": "frontend", "originRevision": "@repo",
                 "copy": [{"from": "@repo/deploy/frontend/**", "to": "@artifact/", "exclude": ["*.md"]}]},
                {"name": "backend", "revision": "@repo",
                 "copy": [{"from": "@repo/deploy/backend/", "to": "@artifact/"}]},
                {"name": "values",
                 "copy": [
                    {"from": "@repo/values/base.yaml", "to": "@artifact/values.yaml"},
                    {"from": "@repo/values/prod.yaml", "to": "@artifact/values.yaml", "strategy": "Merge"}
                 ]}
            ]}}),
    )
    .await;
    let g = wait_gen(&client, &ns, "ready", |g| {
        g.status
            .as_ref()
            .and_then(|s| ready(&s.conditions))
            .is_some_and(|(s, _, _)| s == "True")
    })
    .await;
    let st = g.status.clone().unwrap();
    assert_eq!(
        ready(&st.conditions).unwrap(),
        (
            "True".into(),
            "Succeeded".into(),
            "reconciliation succeeded, generated 3 artifact(s)".into()
        )
    );
    assert_eq!(st.inventory.len(), 3);
    assert!(g
        .metadata
        .finalizers
        .unwrap_or_default()
        .contains(&"source.extensions.fluxcd.io/finalizer".to_string()));

    let eas = Api::<ExternalArtifact>::namespaced(client.clone(), &ns);
    let fe = eas.get("frontend").await.unwrap();
    let labels = fe.metadata.labels.clone().unwrap();
    assert_eq!(labels["team"], "a");
    assert_eq!(labels["app.kubernetes.io/managed-by"], "source-watcher");
    assert_eq!(
        labels["source.extensions.fluxcd.io/generator"],
        g.metadata.uid.clone().unwrap()
    );
    let sref = fe.spec.source_ref.clone().unwrap();
    assert_eq!(
        (sref.kind.as_str(), sref.name.as_str()),
        ("ArtifactGenerator", "app")
    );
    let fa = fe.status.clone().unwrap().artifact.unwrap();
    assert!(fa.revision.starts_with("latest@sha256:"), "{}", fa.revision);
    assert_eq!(
        fa.revision,
        format!("latest@{}", fa.digest.clone().unwrap())
    );
    assert_eq!(
        fa.metadata.as_ref().unwrap()["org.opencontainers.image.revision"],
        format!("main@sha1:{c1}")
    );
    assert!(fa
        .path
        .starts_with(&format!("externalartifact/{ns}/frontend/")));
    assert_eq!(
        files(&artifact_bytes(&fe)),
        [("cm.yaml".to_string(), cm("frontend", "1"))],
        "the glob strips deploy/frontend/ and the exclude drops README.md"
    );
    let be = eas.get("backend").await.unwrap();
    assert_eq!(
        be.status.clone().unwrap().artifact.unwrap().revision,
        format!("main@sha1:{c1}")
    );
    assert_eq!(
        files(&artifact_bytes(&be)),
        [("backend/cm.yaml".to_string(), cm("backend", "1"))]
    );
    let ve = eas.get("values").await.unwrap();
    assert_eq!(
        files(&artifact_bytes(&ve)),
        [(
            "values.yaml".to_string(),
            "image:\n  repo: r\n  tag: v2\n".to_string()
        )]
    );

    // The artifact generator commands print what flux2 v2.9.4's CLI prints.
    let go_flux = support::ensured("FLUX_CLI", "ensure-flux-cli.sh");
    for args in [
        vec!["get", "artifact", "generators"],
        vec!["get", "artifact", "generator", "app"],
        vec!["tree", "artifact", "generator", "app"],
        vec!["tree", "artifact", "generator", "app", "-o", "json"],
        vec!["export", "artifact", "generator", "app"],
    ] {
        let mut full: Vec<&str> = args.clone();
        full.extend(["-n", &ns]);
        let ours = support::flux(&full);
        let theirs = std::process::Command::new(&go_flux)
            .arg("--kubeconfig")
            .arg(support::kubeconfig())
            .args(&full)
            .output()
            .unwrap();
        assert!(ours.0, "{args:?}: {}", ours.2);
        assert!(
            theirs.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&theirs.stderr)
        );
        assert_eq!(ours.1, String::from_utf8_lossy(&theirs.stdout), "{args:?}");
    }

    // A Kustomization applies the generated artifact.
    apply(
        &client,
        &ns,
        json!({"apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
        "metadata": {"name": "frontend"},
        "spec": {"interval": "1h", "prune": true, "path": "./",
                 "sourceRef": {"kind": "ExternalArtifact", "name": "frontend"}}}),
    )
    .await;
    let cms = Api::<k8s_openapi::api::core::v1::ConfigMap>::namespaced(client.clone(), &ns);
    let mut applied = None;
    for _ in 0..300 {
        if let Ok(Some(c)) = cms.get_opt("frontend").await {
            applied = Some(c);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(applied.expect("frontend applied").data.unwrap()["v"], "1");
    // `flux trace` follows the object to the ExternalArtifact and its generator, as flux2 does.
    let mut ours = (false, String::new(), String::new());
    let mut theirs = String::new();
    for _ in 0..100 {
        ours = support::flux(&["trace", "-n", &ns, "configmap", "frontend"]);
        let out = std::process::Command::new(&go_flux)
            .arg("--kubeconfig")
            .arg(support::kubeconfig())
            .args(["trace", "-n", &ns, "configmap", "frontend"])
            .output()
            .unwrap();
        theirs = String::from_utf8_lossy(&out.stdout).into_owned();
        // Wait for the Kustomization's Ready to settle so both read the same status.
        if ours.0 && ours.1 == theirs && ours.1.contains("Last reconciled at") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(ours.0, "{}", ours.2);
    assert_eq!(ours.1, theirs);
    assert!(ours.1.contains("ExternalArtifact:frontend"), "{}", ours.1);

    // A commit touching only the backend: the frontend artifact keeps its digest.
    let c2 = wt.commit(
        &[("deploy/backend/cm.yaml", &cm("backend", "2"))],
        "backend",
    );
    wt.push();
    apply(
        &client,
        &ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
        "metadata": {"name": "mono", "annotations": {"reconcile.fluxcd.io/requestedAt": "1"}},
        "spec": {"interval": "1h", "url": srv.url("mono"), "ref": {"branch": "main"}}}),
    )
    .await;
    let mut be2 = None;
    for _ in 0..300 {
        let b = eas.get("backend").await.unwrap();
        if b.status
            .as_ref()
            .unwrap()
            .artifact
            .as_ref()
            .unwrap()
            .revision
            == format!("main@sha1:{c2}")
        {
            be2 = Some(b);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let be2 = be2.expect("backend regenerated on the new commit");
    assert_eq!(
        files(&artifact_bytes(&be2)),
        [("backend/cm.yaml".to_string(), cm("backend", "2"))]
    );
    let fe2 = eas.get("frontend").await.unwrap();
    assert_eq!(
        fe2.status.unwrap().artifact.unwrap().digest,
        fa.digest,
        "unchanged content, unchanged artifact"
    );

    // An artifact dropped from the spec is deleted; a bad copy fails with BuildFailed.
    apply(
        &client,
        &ns,
        json!({"apiVersion": "source.extensions.fluxcd.io/v1beta1", "kind": "ArtifactGenerator",
        "metadata": {"name": "app"},
        "spec": {
            "sources": [{"alias": "repo", "kind": "GitRepository", "name": "mono"}],
            "artifacts": [
                {"name": "frontend", "copy": [{"from": "@repo/deploy/frontend/**", "to": "@artifact/", "exclude": ["*.md"]}]},
                {"name": "backend", "copy": [{"from": "@repo/deploy/backend/", "to": "@artifact/"}]}
            ]}}),
    )
    .await;
    wait_gen(&client, &ns, "two artifacts", |g| {
        g.status.as_ref().is_some_and(|s| s.inventory.len() == 2)
    })
    .await;
    assert!(eas.get_opt("values").await.unwrap().is_none());
    apply(
        &client,
        &ns,
        json!({"apiVersion": "source.extensions.fluxcd.io/v1beta1", "kind": "ArtifactGenerator",
        "metadata": {"name": "app"},
        "spec": {
            "sources": [{"alias": "repo", "kind": "GitRepository", "name": "mono"}],
            "artifacts": [
                {"name": "frontend", "copy": [{"from": "@repo/missing.yaml", "to": "@artifact/"}]},
                {"name": "backend", "copy": [{"from": "@repo/deploy/backend/", "to": "@artifact/"}]}
            ]}}),
    )
    .await;
    let g = wait_gen(&client, &ns, "build failure", |g| {
        g.status
            .as_ref()
            .and_then(|s| ready(&s.conditions))
            .is_some_and(|(s, _, _)| s == "False")
    })
    .await;
    let (_, reason, message) = ready(&g.status.unwrap().conditions).unwrap();
    assert_eq!(reason, "BuildFailed");
    assert_eq!(
        message,
        "frontend build failed: failed to apply copy operations: failed to apply copy operation from '@repo/missing.yaml' to '@artifact/': source 'missing.yaml' does not exist"
    );
    // Duplicate aliases stall.
    apply(
        &client,
        &ns,
        json!({"apiVersion": "source.extensions.fluxcd.io/v1beta1", "kind": "ArtifactGenerator",
        "metadata": {"name": "app"},
        "spec": {
            "sources": [{"alias": "repo", "kind": "GitRepository", "name": "mono"},
                        {"alias": "repo", "kind": "GitRepository", "name": "other"}],
            "artifacts": [
                {"name": "backend", "copy": [{"from": "@repo/deploy/backend/", "to": "@artifact/"}]}
            ]}}),
    )
    .await;
    let g = wait_gen(&client, &ns, "stalled", |g| {
        g.status.as_ref().is_some_and(|s| {
            s.conditions
                .iter()
                .any(|c| c.type_ == "Stalled" && c.status == "True")
        })
    })
    .await;
    let (_, reason, message) = ready(&g.status.unwrap().conditions).unwrap();
    assert_eq!(
        (reason.as_str(), message.as_str()),
        ("ValidationFailed", "duplicate source alias 'repo' found")
    );

    // Deleting the generator deletes its ExternalArtifacts.
    Api::<ArtifactGenerator>::namespaced(client.clone(), &ns)
        .delete("app", &DeleteParams::default())
        .await
        .unwrap();
    for _ in 0..300 {
        if eas
            .list(&Default::default())
            .await
            .unwrap()
            .items
            .is_empty()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("ExternalArtifacts left after the generator was deleted");
}

/// Compatibility with Flux's own source-watcher v2.2.3 (built from its Go module): the same
/// generator over the same Git tree (served by Flux's source-controller on their side, ours on
/// ours; those artifacts are byte-identical) gives ExternalArtifacts with the same revisions,
/// digests, sizes, file names and metadata.
#[tokio::test]
async fn flux_source_watcher_and_ours_generate_the_same_artifacts() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let srv = GitServer::start(ServerAuth::default());
    let wt = srv.repo("mono", "main");
    wt.commit(
        &[
            (
                "deploy/frontend/cm.yaml",
                "kind: ConfigMap\nmetadata:\n  name: fe\n",
            ),
            (
                "deploy/frontend/sub/deep.yaml",
                "kind: ConfigMap\nmetadata:\n  name: deep\n",
            ),
            ("deploy/frontend/README.md", "docs\n"),
            (
                "deploy/backend/cm.yaml",
                "kind: ConfigMap\nmetadata:\n  name: be\n",
            ),
            ("deploy/backend/run.sh", "#!/bin/sh\n"),
            (
                "values/base.yaml",
                "image:\n  tag: v1\n  repo: r\nreplicas: 2\nlist: [a, b]\n",
            ),
            (
                "values/prod.yaml",
                "image:\n  tag: v2\nlist: [c]\nextra:\n  enabled: true\n",
            ),
            (
                "apps/web/envs/prod/cm.yaml",
                "kind: ConfigMap\nmetadata:\n  name: web\n",
            ),
            (
                "apps/API/envs/dev/cm.yaml",
                "kind: ConfigMap\nmetadata:\n  name: api\n",
            ),
            ("apps/API/envs/dev/nested/x.yaml", "x: 1\n"),
        ],
        "init",
    );
    wt.push();
    let ns_ours = support::namespace(&client, "sw-ours").await;
    let ns_flux = support::namespace(&client, "sw-flux").await;
    let ours = support::serve(&["source-controller", "source-watcher"], &ns_ours, &[]);
    let dir_sc = tempfile::tempdir().unwrap();
    let dir_sw = tempfile::tempdir().unwrap();
    let _flux_sc = support::flux_source::FluxSourceController::start(&ns_flux, dir_sc.path());
    let flux_sw =
        support::flux_source::FluxSourceController::start_watcher(&ns_flux, dir_sw.path());
    let git = json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
        "metadata": {"name": "mono"},
        "spec": {"interval": "1h", "url": srv.url("mono"), "ref": {"branch": "main"}}});
    let gen = json!({"apiVersion": "source.extensions.fluxcd.io/v1beta1", "kind": "ArtifactGenerator",
    "metadata": {"name": "app"},
    "spec": {
        "sources": [{"alias": "repo", "kind": "GitRepository", "name": "mono"}],
        "artifacts": [
            {"name": "frontend", "originRevision": "@repo",
             "copy": [{"from": "@repo/deploy/frontend/**", "to": "@artifact/", "exclude": ["*.md"]}]},
            {"name": "backend", "revision": "@repo",
             "copy": [{"from": "@repo/deploy/backend/", "to": "@artifact/apps/"}]},
            {"name": "values",
             "copy": [
                {"from": "@repo/values/base.yaml", "to": "@artifact/chart/values.yaml"},
                {"from": "@repo/values/prod.yaml", "to": "@artifact/chart/values.yaml", "strategy": "Merge"},
                {"from": "@repo/deploy/*/cm.yaml", "to": "@artifact/cms/"}
             ]}
        ]}});
    let pp = json!({"apiVersion": "source.extensions.fluxcd.io/v1beta1", "kind": "ArtifactGenerator",
    "metadata": {"name": "pp"},
    "spec": {
        "sources": [{"alias": "repo", "kind": "GitRepository", "name": "mono"}],
        "pathPattern": "@repo/apps/{app}/envs/{env}",
        "artifacts": [
            {"name": "{app}-{env}",
             "copy": [{"from": "@repo/apps/{app}/envs/{env}/**", "to": "@artifact/{env}/"}]}
        ]}});
    for ns in [&ns_ours, &ns_flux] {
        apply(&client, ns, git.clone()).await;
        apply(&client, ns, gen.clone()).await;
        apply(&client, ns, pp.clone()).await;
    }
    let facts = |ea: &ExternalArtifact| {
        let a = ea.status.clone().unwrap().artifact.unwrap();
        json!({
            "revision": a.revision.split('@').next(),
            "digest": a.digest,
            "size": a.size,
            "file": a.path.rsplit('/').next(),
            "metadata": a.metadata,
            "ready": ea.status.as_ref().unwrap().conditions.iter().find(|c| c.type_ == "Ready").map(|c| (&c.reason, &c.message)),
            "labels": ea.metadata.labels.as_ref().map(|l| {
                l.iter()
                    .filter(|(k, _)| *k == "app" || *k == "env" || k.starts_with("app.kubernetes.io"))
                    .collect::<std::collections::BTreeMap<_, _>>()
            }),
        })
    };
    let mut failures = vec![];
    for name in ["frontend", "backend", "values", "web-prod", "api-dev"] {
        let mut got = vec![];
        for (ns, log) in [
            (&ns_ours, ours.log()),
            (
                &ns_flux,
                std::fs::read_to_string(&flux_sw.log).unwrap_or_default(),
            ),
        ] {
            let api = Api::<ExternalArtifact>::namespaced(client.clone(), ns);
            let mut found = None;
            for _ in 0..600 {
                if let Ok(Some(ea)) = api.get_opt(name).await {
                    if ea
                        .status
                        .as_ref()
                        .and_then(|s| s.artifact.as_ref())
                        .is_some()
                    {
                        found = Some(ea);
                        break;
                    }
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            let Some(ea) = found else {
                let gens = Api::<ArtifactGenerator>::namespaced(client.clone(), ns)
                    .list(&Default::default())
                    .await
                    .unwrap();
                let statuses: Vec<_> = gens
                    .items
                    .iter()
                    .map(|g| (&g.metadata.name, &g.status))
                    .collect();
                panic!("{ns}/{name} not generated: {statuses:?}\n--- log\n{log}");
            };
            got.push(facts(&ea));
        }
        if got[0] != got[1] {
            failures.push(format!(
                "{name}:\n ours {}\n flux {}",
                serde_json::to_string(&got[0]).unwrap(),
                serde_json::to_string(&got[1]).unwrap()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
