//! `flux serve image-reflector-controller` on the real control plane against the real
//! distribution registry with basic auth and TLS: ImageRepository scans (exclusion list,
//! canonical name, Flux's revision and latest tags, the pull Secret and CA Secret), ImagePolicy
//! selections (semver with and without pre-releases, alphabetical with a filter and extract,
//! numerical) with digest reflection, a rescan on request moving a policy on with
//! `observedPreviousRef`, and Flux's reasons for a tagged image, wrong credentials, a missing
//! repository and an invalid range.

use crate::support;

use std::time::Duration;

use crate::support::registry::{Registry, RegistryOptions};
use flux::api::image::{ImagePolicy, ImageRepository};
use kube::api::{Api, Patch, PatchParams};
use serde_json::{json, Value};

async fn apply(client: &kube::Client, ns: &str, mut obj: Value) {
    obj["metadata"]["namespace"] = json!(ns);
    flux::cluster::Cluster::new(client.clone())
        .apply(&obj)
        .await
        .expect("apply");
}

fn ready(conditions: &[flux::api::meta::Condition]) -> Option<(String, String, String)> {
    conditions
        .iter()
        .find(|c| c.type_ == "Ready")
        .map(|c| (c.status.clone(), c.reason.clone(), c.message.clone()))
}

/// Waits until `f` holds for the object; returns it.
async fn wait<K>(
    api: &Api<K>,
    name: &str,
    what: &str,
    log: &dyn Fn() -> String,
    f: impl Fn(&K) -> bool,
) -> K
where
    K: kube::Resource + Clone + serde::de::DeserializeOwned + std::fmt::Debug,
{
    let mut last = None;
    for _ in 0..300 {
        if let Ok(Some(o)) = api.get_opt(name).await {
            if f(&o) {
                return o;
            }
            last = Some(o);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{name}: {what}: {last:?}\n{}", log());
}

/// Waits until the Ready condition of `name` is False; returns (reason, message).
async fn failed<K>(api: &Api<K>, name: &str, log: &dyn Fn() -> String) -> (String, String)
where
    K: kube::Resource + Clone + serde::de::DeserializeOwned + std::fmt::Debug + HasConditions,
{
    let o = wait(api, name, "Ready=False", log, |o| {
        ready(o.conditions()).is_some_and(|c| c.0 == "False")
    })
    .await;
    let (_, reason, message) = ready(o.conditions()).unwrap();
    (reason, message)
}

/// The conditions of an image kind's status.
trait HasConditions {
    fn conditions(&self) -> &[flux::api::meta::Condition];
}

impl HasConditions for ImagePolicy {
    fn conditions(&self) -> &[flux::api::meta::Condition] {
        self.status
            .as_ref()
            .map(|s| s.conditions.as_slice())
            .unwrap_or_default()
    }
}

impl HasConditions for ImageRepository {
    fn conditions(&self) -> &[flux::api::meta::Condition] {
        self.status
            .as_ref()
            .map(|s| s.conditions.as_slice())
            .unwrap_or_default()
    }
}

/// Pushes one artifact as `org/app:<first tag>` and tags it with the rest; returns its digest.
/// (With `ca`, the registry's CA for TLS.)
pub(crate) fn push_tags(
    reg: &Registry,
    ca: Option<&std::path::Path>,
    content: &str,
    tags: &[&str],
) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cm.yaml"), content).unwrap();
    let first = format!("{}:{}", reg.url("org/app"), tags[0]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_flux"))
        .args([
            "push",
            "artifact",
            &first,
            "-f",
            dir.path().to_str().unwrap(),
        ])
        .args([
            "--source=https://git.example/org/app",
            "--revision=main@sha1:0123456789abcdef0123456789abcdef01234567",
        ])
        .args(["--creds=ci:s3cr3t-pass", "-o", "json"])
        .envs(ca.map(|c| ("SSL_CERT_FILE", c)))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    for t in &tags[1..] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_flux"))
            .args([
                "tag",
                "artifact",
                &first,
                "--tag",
                t,
                "--creds=ci:s3cr3t-pass",
            ])
            .envs(ca.map(|c| ("SSL_CERT_FILE", c)))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    v["digest"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn image_repositories_are_scanned_and_policies_select_as_flux() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "imgrefl").await;
    let reg = Registry::start(RegistryOptions {
        auth: Some(("ci".into(), "s3cr3t-pass".into())),
        tls: true,
    });
    let tmp = tempfile::tempdir().unwrap();
    let ca = tmp.path().join("ca.pem");
    let ca_pem = reg.ca_pem.clone().unwrap();
    std::fs::write(&ca, &ca_pem).unwrap();
    let digest = push_tags(
        &reg,
        Some(&ca),
        "kind: ConfigMap\n",
        &[
            "1.0.0",
            "1.0.1",
            "1.1.0-rc.1",
            "2.0.0",
            "latest",
            "sha256-abc.sig",
            "main-aaa-1606234201",
            "main-bbb-1606364286",
            "build-9",
            "build-10",
        ],
    );

    let auth = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode("ci:s3cr3t-pass")
    };
    apply(&client, &ns, json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "regcred"},
        "type": "kubernetes.io/dockerconfigjson",
        "stringData": {".dockerconfigjson": json!({"auths": {reg.host.clone(): {"auth": auth}}}).to_string()}})).await;
    let bad = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode("ci:wrong-pass")
    };
    apply(&client, &ns, json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "badcred"},
        "type": "kubernetes.io/dockerconfigjson",
        "stringData": {".dockerconfigjson": json!({"auths": {reg.host.clone(): {"auth": bad}}}).to_string()}})).await;
    apply(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "regca"},
        "stringData": {"ca.crt": ca_pem}}),
    )
    .await;

    let serve = support::serve(&["image-reflector-controller"], &ns, &[]);
    let log = || serve.log();
    let image = format!("{}/org/app", reg.host);
    let repo = |name: &str, image: &str, secret: &str| {
        json!({"apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImageRepository",
            "metadata": {"name": name}, "spec": {"image": image, "interval": "1h",
            "secretRef": {"name": secret}, "certSecretRef": {"name": "regca"}}})
    };
    apply(&client, &ns, repo("app", &image, "regcred")).await;
    let repos: Api<ImageRepository> = Api::namespaced(client.clone(), &ns);
    let scanned = wait(&repos, "app", "scanned", &log, |r| {
        r.status
            .as_ref()
            .is_some_and(|s| ready(&s.conditions).is_some_and(|c| c.0 == "True"))
    })
    .await;
    let status = scanned.status.unwrap();
    let stored = [
        "main-bbb-1606364286",
        "main-aaa-1606234201",
        "latest",
        "build-9",
        "build-10",
        "2.0.0",
        "1.1.0-rc.1",
        "1.0.1",
        "1.0.0",
    ];
    let stored: Vec<String> = stored.iter().map(|s| s.to_string()).collect();
    let revision = flux::image::revision(&stored);
    assert_eq!(status.canonical_image_name.as_deref(), Some(image.as_str()));
    assert_eq!(status.observed_exclusion_list, ["^.*\\.sig$"]);
    let last = status.last_scan_result.clone().unwrap();
    assert_eq!(last.tag_count, 9);
    assert_eq!(last.revision.as_deref(), Some(revision.as_str()));
    assert_eq!(last.latest_tags, stored);
    assert_eq!(
        ready(&status.conditions).unwrap(),
        (
            "True".into(),
            "Succeeded".into(),
            format!("successful scan: found 9 tags with checksum {revision}")
        )
    );

    let policy = |name: &str, spec: Value| {
        let mut spec = spec;
        spec["imageRepositoryRef"] = json!({"name": "app"});
        json!({"apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImagePolicy",
            "metadata": {"name": name}, "spec": spec})
    };
    apply(&client, &ns, policy("stable", json!({"policy": {"semver": {"range": "^1.0.0"}}, "digestReflectionPolicy": "IfNotPresent"}))).await;
    apply(
        &client,
        &ns,
        policy(
            "pre",
            json!({"policy": {"semver": {"range": ">=1.0.0-0 <2.0.0"}}}),
        ),
    )
    .await;
    apply(
        &client,
        &ns,
        policy(
            "ts",
            json!({"policy": {"alphabetical": {}},
        "filterTags": {"pattern": "^main-[a-f0-9]+-(?P<ts>.*)", "extract": "$ts"}}),
        ),
    )
    .await;
    apply(
        &client,
        &ns,
        policy(
            "build",
            json!({"policy": {"numerical": {"order": "asc"}},
        "filterTags": {"pattern": "^build-(?P<n>\\d+)$", "extract": "$n"}}),
        ),
    )
    .await;
    apply(
        &client,
        &ns,
        policy("broken", json!({"policy": {"semver": {"range": "*-*"}}})),
    )
    .await;
    let policies: Api<ImagePolicy> = Api::namespaced(client.clone(), &ns);
    let latest = |name: &'static str| {
        let policies = policies.clone();
        async move {
            let p = wait(&policies, name, "resolved", &log, |p| {
                p.status.as_ref().is_some_and(|s| s.latest_ref.is_some())
            })
            .await;
            p.status.unwrap()
        }
    };
    let stable = latest("stable").await;
    let r = stable.latest_ref.clone().unwrap();
    assert_eq!(
        (r.name.as_str(), r.tag.as_str(), r.digest.as_deref()),
        (image.as_str(), "1.0.1", Some(digest.as_str()))
    );
    assert_eq!(
        ready(&stable.conditions).unwrap(),
        (
            "True".into(),
            "Succeeded".into(),
            format!("Latest image tag for {image} resolved to 1.0.1 with digest {digest}")
        )
    );
    assert_eq!(latest("pre").await.latest_ref.unwrap().tag, "1.1.0-rc.1");
    assert_eq!(
        latest("ts").await.latest_ref.unwrap().tag,
        "main-bbb-1606364286"
    );
    assert_eq!(latest("build").await.latest_ref.unwrap().tag, "build-10");
    let broken = wait(&policies, "broken", "stalled", &log, |p| {
        p.status.as_ref().is_some_and(|s| {
            s.conditions
                .iter()
                .any(|c| c.type_ == "Stalled" && c.status == "True")
        })
    })
    .await;
    let (_, reason, message) = ready(&broken.status.unwrap().conditions).unwrap();
    assert_eq!(reason, "InvalidPolicy");
    assert!(message.starts_with("invalid policy: "), "{message}");

    // A new tag, then a reconcile request: rescanned, the policy moves on.
    push_tags(&reg, Some(&ca), "kind: ConfigMap\nv: 2\n", &["1.2.0"]);
    repos
        .patch(
            "app",
            &PatchParams::default(),
            &Patch::Merge(
                &json!({"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": "now-1"}}}),
            ),
        )
        .await
        .unwrap();
    let moved = wait(&policies, "stable", "moved to 1.2.0", &log, |p| {
        p.status
            .as_ref()
            .and_then(|s| s.latest_ref.as_ref())
            .is_some_and(|r| r.tag == "1.2.0")
    })
    .await
    .status
    .unwrap();
    assert_eq!(moved.observed_previous_ref.unwrap().tag, "1.0.1");
    let (_, _, message) = ready(&moved.conditions).unwrap();
    assert!(
        message.contains(&format!("(previously {image}:1.0.1@{digest})")),
        "{message}"
    );
    let rescanned = repos.get("app").await.unwrap().status.unwrap();
    assert_eq!(rescanned.last_scan_result.unwrap().tag_count, 10);
    assert_eq!(
        rescanned.last_handled_reconcile_at.as_deref(),
        Some("now-1")
    );

    // The image verbs of the CLI, with Flux's success lines.
    let cli = |args: &[&str]| {
        let mut full: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        full.extend(["-n".to_string(), ns.clone()]);
        support::flux_env(full, vec![])
    };
    let (ok, _, err) = cli(&["reconcile", "image", "repository", "app"]).await;
    assert!(ok, "{err}");
    assert!(err.ends_with("✔ scan fetched 10 tags\n"), "{err}");
    let now = moved.latest_ref.clone().unwrap();
    let (ok, _, err) = cli(&["reconcile", "image", "policy", "stable"]).await;
    assert!(ok, "{err}");
    assert!(
        err.ends_with(&format!(
            "✔ selected ref {image}:1.2.0@{}\n",
            now.digest.unwrap()
        )),
        "{err}"
    );
    let (ok, _, err) = cli(&["suspend", "image", "policy", "stable"]).await;
    assert!(ok, "{err}");
    assert!(policies.get("stable").await.unwrap().spec.suspend);
    let (ok, out, err) = cli(&["export", "image", "policy", "stable"]).await;
    assert!(ok, "{err}");
    assert!(
        out.contains("kind: ImagePolicy")
            && out.contains("suspend: true")
            && !out.contains("status:"),
        "{out}"
    );
    let (ok, _, err) = cli(&["resume", "image", "policy", "stable"]).await;
    assert!(ok, "{err}");
    assert!(err.contains("✔ selected ref"), "{err}");
    let (ok, _, err) = cli(&["delete", "image", "policy", "broken", "--silent"]).await;
    assert!(ok, "{err}");
    assert!(policies
        .get_opt("broken")
        .await
        .unwrap()
        .is_none_or(|p| p.metadata.deletion_timestamp.is_some()));

    // Bad input: a tagged image stalls, wrong credentials fail the scan without the password,
    // a policy of a missing repository waits.
    apply(
        &client,
        &ns,
        repo("tagged", &format!("{image}:1.0.0"), "regcred"),
    )
    .await;
    let tagged = wait(&repos, "tagged", "stalled", &log, |r| {
        r.status.as_ref().is_some_and(|s| {
            s.conditions
                .iter()
                .any(|c| c.type_ == "Stalled" && c.status == "True")
        })
    })
    .await;
    let (_, reason, message) = ready(&tagged.status.unwrap().conditions).unwrap();
    assert_eq!(
        (reason.as_str(), message.as_str()),
        (
            "ImageURLInvalid",
            format!("image '{image}:1.0.0' should not include a tag; remove ':1.0.0'").as_str()
        )
    );
    apply(&client, &ns, repo("denied", &image, "badcred")).await;
    let (reason, message) = failed(&repos, "denied", &log).await;
    assert_eq!(reason, "ReadOperationFailed");
    assert!(message.starts_with("scan failed: "), "{message}");
    assert!(
        !message.contains("wrong-pass") && !log().contains("wrong-pass"),
        "{message}"
    );
    let mut orphan = policy("orphan", json!({"policy": {"alphabetical": {}}}));
    orphan["spec"]["imageRepositoryRef"]["name"] = json!("nope");
    apply(&client, &ns, orphan).await;
    let (reason, message) = failed(&policies, "orphan", &log).await;
    assert_eq!(reason, "DependencyNotReady");
    assert!(
        message.starts_with(
            "failed to get the referred ImageRepository: referenced ImageRepository does not exist"
        ),
        "{message}"
    );
}

/// A registry that pages its tag lists as the distribution spec says (`n`, `last`, a relative
/// `Link` with another `rel` beside `next`): repository `paged` has 2,500 tags; repository
/// `evil` links its second page to another host.
async fn paging_registry() -> String {
    use axum::extract::{Path, RawQuery};
    use axum::http::{header, StatusCode};
    use axum::response::IntoResponse;
    let tags: Vec<String> = (0..2500).map(|i| format!("1.0.{i}")).collect();
    let app = axum::Router::new()
        .route("/v2/", axum::routing::get(|| async { "{}" }))
        .route(
            "/v2/{repo}/tags/list",
            axum::routing::get(
                move |Path(repo): Path<String>, RawQuery(raw): RawQuery| {
                    let tags = tags.clone();
                    let q: std::collections::HashMap<String, String> = url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
                        .into_owned()
                        .collect();
                    async move {
                        // Bad registries: no such repository, and a body that is not a tag list.
                        if repo == "missing" {
                            return (StatusCode::NOT_FOUND, axum::http::HeaderMap::new(),
                                json!({"errors": [{"code": "NAME_UNKNOWN", "message": "repository name not known to registry"}]}).to_string()).into_response();
                        }
                        if repo == "garbled" {
                            return (StatusCode::OK, axum::http::HeaderMap::new(), String::from("<html>not json")).into_response();
                        }
                        let n: usize = q.get("n").and_then(|n| n.parse().ok()).unwrap_or(100).min(1000);
                        let mut sorted = tags.clone();
                        sorted.sort();
                        let start = match q.get("last") {
                            Some(l) => sorted.iter().position(|t| t == l).map(|i| i + 1).unwrap_or(0),
                            None => 0,
                        };
                        let page: Vec<String> = sorted.iter().skip(start).take(n).cloned().collect();
                        let mut headers = axum::http::HeaderMap::new();
                        if start + n < sorted.len() {
                            let last = page.last().cloned().unwrap_or_default();
                            let link = if repo == "evil" {
                                format!("<http://elsewhere.invalid/v2/{repo}/tags/list?n={n}&last={last}>; rel=\"next\"")
                            } else {
                                format!("</v2/{repo}/tags/list?n={n}&last={last}>; rel=\"prefetch next\"")
                            };
                            headers.insert(header::LINK, link.parse().unwrap());
                        }
                        (StatusCode::OK, headers, json!({"name": repo, "tags": page}).to_string()).into_response()
                    }
                },
            ),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let host = format!("127.0.0.1:{}", listener.local_addr().unwrap().port());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    host
}

#[tokio::test(flavor = "multi_thread")]
async fn tag_lists_are_followed_page_by_page_and_never_to_another_host() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "imgpages").await;
    let host = paging_registry().await;
    // The tag store outlives one controller process (a repeated flag takes its last value).
    let storage = tempfile::tempdir().unwrap();
    let storage_arg = format!("--storage-path={}", storage.path().display());
    let serve = support::serve(&["image-reflector-controller"], &ns, &[&storage_arg]);
    let log = || serve.log();
    for name in ["paged", "evil"] {
        apply(&client, &ns, json!({"apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImageRepository",
            "metadata": {"name": name}, "spec": {"image": format!("{host}/{name}"), "interval": "1h"}})).await;
    }
    let repos: Api<ImageRepository> = Api::namespaced(client.clone(), &ns);
    let paged = wait(&repos, "paged", "scanned", &log, |r| {
        r.status
            .as_ref()
            .and_then(|s| ready(&s.conditions))
            .is_some_and(|c| c.0 != "Unknown" && !c.2.is_empty())
    })
    .await
    .status
    .unwrap();
    assert_eq!(
        ready(&paged.conditions).unwrap().0,
        "True",
        "{:?}",
        paged.conditions
    );
    assert_eq!(paged.last_scan_result.unwrap().tag_count, 2500);
    let (reason, message) = failed(&repos, "evil", &log).await;
    assert_eq!(reason, "ReadOperationFailed");
    assert!(
        message.starts_with("scan failed: ") && message.contains("elsewhere.invalid"),
        "{message}"
    );
    for (name, cause) in [("missing", "NAME_UNKNOWN"), ("garbled", "invalid tag list")] {
        apply(&client, &ns, json!({"apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImageRepository",
            "metadata": {"name": name}, "spec": {"image": format!("{host}/{name}"), "interval": "1h"}})).await;
        let (reason, message) = failed(&repos, name, &log).await;
        assert_eq!(reason, "ReadOperationFailed", "{name}");
        assert!(
            message.starts_with("scan failed: ") && message.contains(cause),
            "{name}: {message}"
        );
    }

    // Tags are kept on disk: a restarted controller does not scan again before the interval,
    // and its policies resolve from the stored tags.
    let scanned_at = repos
        .get("paged")
        .await
        .unwrap()
        .status
        .unwrap()
        .last_scan_result
        .unwrap()
        .scan_time;
    drop(serve);
    let serve = support::serve(&["image-reflector-controller"], &ns, &[&storage_arg]);
    let log = || serve.log();
    apply(
        &client,
        &ns,
        json!({"apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImagePolicy",
        "metadata": {"name": "after-restart"}, "spec": {"imageRepositoryRef": {"name": "paged"},
            "policy": {"semver": {"range": "1.0.x"}}}}),
    )
    .await;
    let policies: Api<ImagePolicy> = Api::namespaced(client.clone(), &ns);
    let p = wait(&policies, "after-restart", "resolved", &log, |p| {
        p.status
            .as_ref()
            .and_then(|s| s.latest_ref.as_ref())
            .is_some()
    })
    .await;
    assert_eq!(p.status.unwrap().latest_ref.unwrap().tag, "1.0.2499");
    let after = repos
        .get("paged")
        .await
        .unwrap()
        .status
        .unwrap()
        .last_scan_result
        .unwrap()
        .scan_time;
    assert_eq!(after, scanned_at, "rescanned after a restart");
}

#[tokio::test(flavor = "multi_thread")]
async fn cross_namespace_policies_need_the_repositorys_access_from() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let repo_ns = support::namespace(&client, "imgacl-repo").await;
    let host = paging_registry().await;
    // One controller watching every namespace, as a cluster-wide installation does, limited
    // by a label selector to this test's objects: without it, it would reconcile the other
    // tests' objects with its own (empty) tag database at the same time as their controllers.
    let selector = format!("--watch-label-selector=flux-rs-test={repo_ns}");
    let serve = support::serve(
        &["image-reflector-controller"],
        &repo_ns,
        &["--watch-all-namespaces=true", &selector],
    );
    let log = || serve.log();
    let mut cluster = flux::cluster::Cluster::new(client.clone());
    let team = |name: &str, label: &str| json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": {"team": label}}});
    let (allowed_ns, denied_ns) = (format!("{repo_ns}-a"), format!("{repo_ns}-d"));
    cluster.apply(&team(&allowed_ns, "apps")).await.unwrap();
    cluster.apply(&team(&denied_ns, "other")).await.unwrap();
    apply(
        &client,
        &repo_ns,
        json!({"apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImageRepository",
        "metadata": {"name": "shared", "labels": {"flux-rs-test": repo_ns}}, "spec": {"image": format!("{host}/paged"), "interval": "1h",
            "accessFrom": {"namespaceSelectors": [{"matchLabels": {"team": "apps"}}]}}}),
    )
    .await;
    let policy = json!({"apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImagePolicy",
        "metadata": {"name": "p", "labels": {"flux-rs-test": repo_ns}}, "spec": {"imageRepositoryRef": {"name": "shared", "namespace": repo_ns},
            "policy": {"semver": {"range": ">=1.0.0"}}}});
    apply(&client, &allowed_ns, policy.clone()).await;
    apply(&client, &denied_ns, policy).await;
    let allowed: Api<ImagePolicy> = Api::namespaced(client.clone(), &allowed_ns);
    let p = wait(&allowed, "p", "resolved", &log, |p| {
        p.status
            .as_ref()
            .and_then(|s| s.latest_ref.as_ref())
            .is_some()
    })
    .await;
    assert_eq!(p.status.unwrap().latest_ref.unwrap().tag, "1.0.2499");
    let denied: Api<ImagePolicy> = Api::namespaced(client.clone(), &denied_ns);
    let (reason, message) = failed(&denied, "p", &log).await;
    assert_eq!(reason, "AccessDenied");
    assert!(
        message
            == format!(
                "failed to get the referred ImageRepository: access denied: '{repo_ns}/shared' can't be accessed due to ACL labels mismatch on namespace '{denied_ns}'"
            ),
        "{message}"
    );
    for ns in [&allowed_ns, &denied_ns] {
        let _ = Api::<k8s_openapi::api::core::v1::Namespace>::all(client.clone())
            .delete(ns, &Default::default())
            .await;
    }
}

/// A namespace holding the `proxy` and `ca` Secrets the cloud-provider repositories use.
async fn cloud_namespace(client: &kube::Client, prefix: &str, proxy_port: u16, ca: &str) -> String {
    let ns = support::namespace(client, prefix).await;
    apply(
        client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "proxy"},
        "stringData": {"address": format!("http://127.0.0.1:{proxy_port}")}}),
    )
    .await;
    apply(
        client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "ca"},
        "stringData": {"ca.crt": ca}}),
    )
    .await;
    ns
}

/// `provider: aws|azure|gcp`: the controller logs in to ECR (SigV4-signed
/// `GetAuthorizationToken`), ACR (Entra client credentials, then `/oauth2/exchange`) and
/// Artifact Registry (the GCE metadata server's token) with its own identity, through the
/// object's proxy and CA, against stand-ins of those documented endpoints in front of a real
/// registry; a registry host that is not the provider's fails the scan with Flux's message and
/// `serviceAccountName` with a provider needs the feature gate, as in Flux.
#[tokio::test(flavor = "multi_thread")]
async fn cloud_providers_log_in_as_the_controller_or_a_service_account() {
    use support::registry_login::{RegistryLogins, ACR_HOST, ECR_HOST, GAR_HOST};
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let reg = Registry::start(RegistryOptions {
        auth: Some(("ci".into(), "s3cr3t-pass".into())),
        tls: false,
    });
    push_tags(
        &reg,
        None,
        "kind: ConfigMap\n",
        &["1.0.0", "1.1.0", "2.0.0"],
    );
    let logins = RegistryLogins::start(&reg.host, ("ci", "s3cr3t-pass")).await;
    let [sts, iam] = support::registry_login::GOOGLE_HOSTS;
    let hosts = [ACR_HOST, ECR_HOST, GAR_HOST, sts, iam];
    let tls = support::tls_proxy::TlsProxy::start_for(logins.port, &hosts);
    let proxy = support::http_proxy::HttpProxy::start_mapped(
        None,
        hosts
            .iter()
            .map(|h| (format!("{h}:443"), tls.port))
            .collect(),
    );
    let ns = cloud_namespace(&client, "imgcloud", proxy.port, &tls.ca_pem).await;
    let env = logins.env();
    let env_refs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let serve = support::serve_env(&["image-reflector-controller"], &ns, &[], &env_refs);
    let repo = |name: &str, image: &str, provider: &str| {
        json!({"apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImageRepository",
            "metadata": {"name": name},
            "spec": {"image": image, "interval": "1h", "provider": provider,
                "proxySecretRef": {"name": "proxy"}, "certSecretRef": {"name": "ca"}}})
    };
    for (name, host, provider) in [
        ("ecr", ECR_HOST, "aws"),
        ("acr", ACR_HOST, "azure"),
        ("gar", GAR_HOST, "gcp"),
    ] {
        apply(
            &client,
            &ns,
            repo(name, &format!("{host}/org/app"), provider),
        )
        .await;
    }
    let api: Api<ImageRepository> = Api::namespaced(client.clone(), &ns);
    let log = || format!("{}\nasked: {:?}", serve.log(), logins.asked());
    for name in ["ecr", "acr", "gar"] {
        let r = wait(&api, name, "scanned", &log, |r| {
            r.status
                .as_ref()
                .and_then(|s| s.last_scan_result.as_ref())
                .is_some_and(|l| l.tag_count == 3)
        })
        .await;
        assert_eq!(
            ready(r.conditions()).unwrap().0,
            "True",
            "{name}: {:?}",
            r.status
        );
    }
    let asked = logins.asked();
    for step in ["ecr-token", "entra", "acr-exchange", "gce-token"] {
        assert!(asked.iter().any(|a| a == step), "{step}: {asked:?}");
    }
    for host in [ACR_HOST, ECR_HOST, GAR_HOST] {
        assert!(
            asked.iter().any(|a| a == &format!("{host} ok")),
            "{host}: {asked:?}"
        );
    }

    // A registry that is not the provider's.
    apply(
        &client,
        &ns,
        repo("not-ecr", &format!("{GAR_HOST}/org/app"), "aws"),
    )
    .await;
    let (reason, message) = failed(&api, "not-ecr", &log).await;
    assert_eq!(reason, "ReadOperationFailed");
    assert!(
        message.starts_with(&format!(
            "scan failed: invalid AWS registry: '{GAR_HOST}'. must match ^([0-9]{{12}})"
        )),
        "{message}"
    );
    // With the gate on, a ServiceAccount's identity logs in: its token for STS
    // (AssumeRoleWithWebIdentity, the role from its annotation) then ECR, and for Entra's
    // workload identity (client assertion) then ACR.
    let ns2 = cloud_namespace(&client, "imgcloud-sa", proxy.port, &tls.ca_pem).await;
    apply(
        &client,
        &ns2,
        json!({"apiVersion": "v1", "kind": "ServiceAccount",
        "metadata": {"name": "images", "annotations": {
            "eks.amazonaws.com/role-arn": support::registry_login::AWS_ROLE,
            "azure.workload.identity/client-id": support::registry_login::AZURE_SA_CLIENT,
            "azure.workload.identity/tenant-id": support::registry_login::AZURE_TENANT,
            "iam.gke.io/gcp-service-account": support::registry_login::GCP_SA}}}),
    )
    .await;
    let serve2 = support::serve_env(
        &["image-reflector-controller"],
        &ns2,
        &["--feature-gates=ObjectLevelWorkloadIdentity=true"],
        &env_refs,
    );
    for (name, host, provider) in [
        ("ecr", ECR_HOST, "aws"),
        ("acr", ACR_HOST, "azure"),
        ("gar", GAR_HOST, "gcp"),
    ] {
        let mut r = repo(name, &format!("{host}/org/app"), provider);
        r["spec"]["serviceAccountName"] = json!("images");
        apply(&client, &ns2, r).await;
    }
    let api2: Api<ImageRepository> = Api::namespaced(client.clone(), &ns2);
    let log2 = || format!("{}\nasked: {:?}", serve2.log(), logins.asked());
    for name in ["ecr", "acr", "gar"] {
        wait(&api2, name, "scanned as the ServiceAccount", &log2, |r| {
            r.status
                .as_ref()
                .and_then(|s| s.last_scan_result.as_ref())
                .is_some_and(|l| l.tag_count == 3)
        })
        .await;
    }
    let asked = logins.asked();
    for step in [
        "sts-web-identity",
        "entra-workload-identity",
        "google-sts",
        "google-impersonation",
    ] {
        assert!(asked.iter().any(|a| a == step), "{step}: {asked:?}");
    }

    // A controller with only the node's managed identity logs in to ACR with it.
    let ns3 = cloud_namespace(&client, "imgcloud-mi", proxy.port, &tls.ca_pem).await;
    let mi_env = logins.managed_identity_env();
    let mi_refs: Vec<(&str, &str)> = mi_env
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let serve3 = support::serve_env(&["image-reflector-controller"], &ns3, &[], &mi_refs);
    apply(
        &client,
        &ns3,
        repo("acr", &format!("{ACR_HOST}/org/app"), "azure"),
    )
    .await;
    let api3: Api<ImageRepository> = Api::namespaced(client.clone(), &ns3);
    let log3 = || format!("{}\nasked: {:?}", serve3.log(), logins.asked());
    wait(
        &api3,
        "acr",
        "scanned with the managed identity",
        &log3,
        |r| {
            r.status
                .as_ref()
                .and_then(|s| s.last_scan_result.as_ref())
                .is_some_and(|l| l.tag_count == 3)
        },
    )
    .await;
    assert!(logins.asked().iter().any(|a| a == "managed-identity"));

    // A controller with a service account key (GOOGLE_APPLICATION_CREDENTIALS) logs in to
    // Artifact Registry with the key's token (JWT bearer grant at the key's token_uri).
    let google = support::gcs_standin::GcsStandIn::start().await;
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("key.json");
    std::fs::write(&key, &google.key_json).unwrap();
    let ns4 = cloud_namespace(&client, "imgcloud-key", proxy.port, &tls.ca_pem).await;
    let key_env = [("GOOGLE_APPLICATION_CREDENTIALS", key.to_str().unwrap())];
    let serve4 = support::serve_env(&["image-reflector-controller"], &ns4, &[], &key_env);
    apply(
        &client,
        &ns4,
        repo("gar", &format!("{GAR_HOST}/org/app"), "gcp"),
    )
    .await;
    let api4: Api<ImageRepository> = Api::namespaced(client.clone(), &ns4);
    let log4 = || serve4.log();
    wait(&api4, "gar", "scanned with the key", &log4, |r| {
        r.status
            .as_ref()
            .and_then(|s| s.last_scan_result.as_ref())
            .is_some_and(|l| l.tag_count == 3)
    })
    .await;

    // A service account with a provider needs Flux's feature gate.
    let mut sa = repo("with-sa", &format!("{ACR_HOST}/org/app"), "azure");
    sa["spec"]["serviceAccountName"] = json!("app");
    apply(&client, &ns, sa).await;
    let (reason, message) = failed(&api, "with-sa", &log).await;
    assert_eq!(reason, "FeatureGateDisabled");
    assert_eq!(
        message,
        "to use spec.serviceAccountName for provider authentication please enable the ObjectLevelWorkloadIdentity feature gate in the controller"
    );
}
