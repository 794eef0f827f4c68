//! Compatibility with Flux's own image-reflector-controller (v1.2.4, built from its Go module
//! by `scripts/ensure-flux-image-reflector-controller.sh`): the same ImageRepository and
//! ImagePolicies, reconciled by Flux's controller in one namespace and by ours in another
//! against the same registry (basic auth), give the same canonical name, scan revision, tag
//! count and latest tags, the same `latestRef` (tag and digest) for every policy, and the same
//! Ready messages.

use std::time::Duration;

use kube::api::{Api, DynamicObject};
use serde_json::{json, Value};

use crate::support::{
    self,
    registry::{Registry, RegistryOptions},
};

async fn apply(client: &kube::Client, ns: &str, obj: &Value) {
    let mut obj = obj.clone();
    obj["metadata"]["namespace"] = json!(ns);
    flux::cluster::Cluster::new(client.clone())
        .apply(&obj)
        .await
        .expect("apply");
}

fn api(client: &kube::Client, ns: &str, kind: &str) -> Api<DynamicObject> {
    let ar = kube::discovery::ApiResource {
        group: "image.toolkit.fluxcd.io".into(),
        version: "v1".into(),
        api_version: "image.toolkit.fluxcd.io/v1".into(),
        kind: kind.into(),
        plural: match kind {
            "ImagePolicy" => "imagepolicies".into(),
            _ => "imagerepositories".into(),
        },
    };
    Api::namespaced_with(client.clone(), ns, &ar)
}

/// The object once its Ready condition is True or Stalled for its generation.
async fn settled(
    client: &kube::Client,
    ns: &str,
    kind: &str,
    name: &str,
    log: &dyn Fn() -> String,
) -> Value {
    let api = api(client, ns, kind);
    let mut last = Value::Null;
    for _ in 0..600 {
        if let Ok(o) = api.get(name).await {
            let v = serde_json::to_value(&o).unwrap();
            let done = v["status"]["conditions"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|c| (c["type"] == "Ready" || c["type"] == "Stalled") && c["status"] == "True");
            if done && v["status"]["observedGeneration"] == v["metadata"]["generation"] {
                return v;
            }
            last = v;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "{kind} {ns}/{name} did not settle: {}\n--- log\n{}",
        last["status"],
        log()
    );
}

fn ready(v: &Value) -> (String, String, String) {
    let c = v["status"]["conditions"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["type"] == "Ready")
        .cloned()
        .unwrap_or(Value::Null);
    (
        c["status"].as_str().unwrap_or_default().to_string(),
        c["reason"].as_str().unwrap_or_default().to_string(),
        c["message"].as_str().unwrap_or_default().to_string(),
    )
}

/// The policies of the test that cannot select a tag.
const FAILING: [&str; 2] = ["no-match", "numeric-all"];

#[tokio::test(flavor = "multi_thread")]
async fn flux_and_ours_scan_the_same_tags_and_select_the_same_refs() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let flux_ns = support::namespace(&client, "irc-flux").await;
    let our_ns = support::namespace(&client, "irc-ours").await;
    let reg = Registry::start(RegistryOptions {
        auth: Some(("ci".into(), "s3cr3t-pass".into())),
        tls: false,
    });
    let tags = [
        "1.0.0",
        "1.0.1",
        "v1.1.0",
        "1.2.0-rc.1",
        "2.0.0",
        "01.02.03",
        "latest",
        "sha256-x.sig",
        "main-abc123-1606234201",
        "main-def456-1606364286",
        "build-9",
        "build-10",
        "RELEASE.2023-05-08T00-20-00Z",
    ];
    crate::image_reflector::push_tags(&reg, None, "kind: ConfigMap\n", &tags);

    let auth = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode("ci:s3cr3t-pass")
    };
    let image = format!("{}/org/app", reg.host);
    let secret = json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "regcred"},
        "type": "kubernetes.io/dockerconfigjson",
        "stringData": {".dockerconfigjson": json!({"auths": {reg.host.clone(): {"auth": auth}}}).to_string()}});
    let repo = json!({"apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImageRepository",
        "metadata": {"name": "app"}, "spec": {"image": image, "interval": "1h", "secretRef": {"name": "regcred"}}});
    let policies: Vec<(&str, Value)> = vec![
        (
            "semver-stable",
            json!({"policy": {"semver": {"range": ">=1.0.0"}}, "digestReflectionPolicy": "IfNotPresent"}),
        ),
        (
            "semver-pre",
            json!({"policy": {"semver": {"range": ">=1.0.0-0"}}}),
        ),
        (
            "semver-caret",
            json!({"policy": {"semver": {"range": "^1.0.0"}}}),
        ),
        (
            "semver-tilde",
            json!({"policy": {"semver": {"range": "~1.0"}}}),
        ),
        (
            "alpha-asc",
            json!({"policy": {"alphabetical": {"order": "asc"}}}),
        ),
        (
            "alpha-desc",
            json!({"policy": {"alphabetical": {"order": "desc"}}}),
        ),
        (
            "alpha-ts",
            json!({"policy": {"alphabetical": {}}, "filterTags": {"pattern": "^main-[a-f0-9]+-(?P<ts>.*)", "extract": "$ts"}}),
        ),
        (
            "alpha-release",
            json!({"policy": {"alphabetical": {}}, "filterTags": {"pattern": "^RELEASE\\.(?P<t>.*)Z$", "extract": "$t"}}),
        ),
        (
            "numeric-build",
            json!({"policy": {"numerical": {"order": "asc"}}, "filterTags": {"pattern": "^build-(?P<n>\\d+)$", "extract": "$n"}}),
        ),
        (
            "numeric-desc",
            json!({"policy": {"numerical": {"order": "desc"}}, "filterTags": {"pattern": "^build-(?P<n>\\d+)$", "extract": "$n"}}),
        ),
        (
            "numeric-all",
            json!({"policy": {"numerical": {"order": "asc"}}}),
        ),
        (
            "no-match",
            json!({"policy": {"alphabetical": {}}, "filterTags": {"pattern": "^nomatch$"}}),
        ),
        ("bad-range", json!({"policy": {"semver": {"range": "*-*"}}})),
        (
            "always",
            json!({"policy": {"semver": {"range": "2.x"}}, "digestReflectionPolicy": "Always", "interval": "1h"}),
        ),
    ];
    for ns in [&flux_ns, &our_ns] {
        apply(&client, ns, &secret).await;
        apply(&client, ns, &repo).await;
        for (name, spec) in &policies {
            let mut spec = spec.clone();
            spec["imageRepositoryRef"] = json!({"name": "app"});
            apply(
                &client,
                ns,
                &json!({"apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImagePolicy",
                "metadata": {"name": name}, "spec": spec}),
            )
            .await;
        }
    }
    let flux_dir = tempfile::tempdir().unwrap();
    let flux_irc = support::flux_image::FluxImageReflector::start(&flux_ns, flux_dir.path());
    let flux_log = flux_irc.log.clone();
    let ours = support::serve(&["image-reflector-controller"], &our_ns, &[]);
    let flux_log = move || std::fs::read_to_string(&flux_log).unwrap_or_default();
    let our_log = || ours.log();

    let theirs = settled(&client, &flux_ns, "ImageRepository", "app", &flux_log).await;
    let mine = settled(&client, &our_ns, "ImageRepository", "app", &our_log).await;
    for field in ["canonicalImageName", "observedExclusionList"] {
        assert_eq!(mine["status"][field], theirs["status"][field], "{field}");
    }
    for field in ["revision", "tagCount", "latestTags"] {
        assert_eq!(
            mine["status"]["lastScanResult"][field], theirs["status"]["lastScanResult"][field],
            "lastScanResult.{field}"
        );
    }
    assert_eq!(ready(&mine), ready(&theirs));

    let mut differences = vec![];
    for (name, _) in &policies {
        if FAILING.contains(name) {
            continue;
        }
        let theirs = settled(&client, &flux_ns, "ImagePolicy", name, &flux_log).await;
        let mine = settled(&client, &our_ns, "ImagePolicy", name, &our_log).await;
        let (t, m) = (&theirs["status"]["latestRef"], &mine["status"]["latestRef"]);
        let (tr, mr) = (ready(&theirs), ready(&mine));
        // Ready messages of a stalled policy carry the parser's own words: compare the reason
        // and the prefix Flux gives it.
        let same_ready = if tr.1 == "InvalidPolicy" {
            mr.1 == tr.1 && mr.2.starts_with("invalid policy: ")
        } else {
            tr == mr
        };
        if t != m || !same_ready {
            differences.push(format!("{name}:\n  Flux: {t} {tr:?}\n  ours: {m} {mr:?}"));
        }
    }
    // Policies that cannot select fail with Flux's reason and message: a filter matching
    // nothing, a numerical policy over tags that are not all numbers.
    let wait_false = |ns: String, name: &'static str| {
        let client = client.clone();
        async move {
            let api = api(&client, &ns, "ImagePolicy");
            for _ in 0..300 {
                let v = serde_json::to_value(api.get(name).await.unwrap()).unwrap();
                if ready(&v).0 == "False" {
                    return ready(&v);
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            panic!("{ns}/{name} never failed");
        }
    };
    for name in FAILING {
        let (tr, mr) = (
            wait_false(flux_ns.clone(), name).await,
            wait_false(our_ns.clone(), name).await,
        );
        if tr != mr {
            differences.push(format!("{name}:\n  Flux: {tr:?}\n  ours: {mr:?}"));
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}
