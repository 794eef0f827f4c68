//! Helm release storage against the real Helm (v4.2.1, built from its Go module): a release
//! Helm installs on the test control plane decodes with ours; revisions we write (and the one
//! we mark superseded) are what `helm history`, `helm get manifest|values` and
//! `helm uninstall` read. Releases our actions install, upgrade and uninstall are what Helm
//! lists, upgrades and reads, and Helm's ownership rules hold.

use crate::support;

use k8s_openapi::api::core::v1::Secret;
use kube::api::Api;
use serde_json::json;

/// Runs the real `helm` against the shared control plane: (status ok, stdout, stderr).
pub(crate) fn helm(args: &[&str]) -> (bool, String, String) {
    let bin = support::ensured("HELM_BIN", "ensure-helm.sh");
    let out = std::process::Command::new(bin)
        .args(args)
        .arg("--kubeconfig")
        .arg(support::kubeconfig())
        .env(
            "HELM_CACHE_HOME",
            std::env::temp_dir().join("it-helm-cache"),
        )
        .env(
            "HELM_CONFIG_HOME",
            std::env::temp_dir().join("it-helm-config"),
        )
        .env("HELM_DATA_HOME", std::env::temp_dir().join("it-helm-data"))
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn releases_helm_writes_read_back_and_revisions_we_write_are_what_helm_reads() {
    use flux::helm::storage;
    let client = support::client().await;
    let ns = support::namespace(&client, "helmstore").await;
    let chart = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(chart.path().join("templates")).unwrap();
    std::fs::write(
        chart.path().join("Chart.yaml"),
        "apiVersion: v2\nname: demo\nversion: 0.1.0\n",
    )
    .unwrap();
    std::fs::write(
        chart.path().join("templates/cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\ndata:\n  greeting: {{ .Values.greeting }}\n",
    )
    .unwrap();
    let (ok, _, err) = helm(&[
        "install",
        "demo",
        chart.path().to_str().unwrap(),
        "-n",
        &ns,
        "--set",
        "greeting=hi",
    ]);
    assert!(ok, "{err}");

    let secrets: Api<Secret> = Api::namespaced(client.clone(), &ns);
    let s1 = secrets.get(&storage::secret_name("demo", 1)).await.unwrap();
    assert_eq!(s1.type_.as_deref(), Some(storage::SECRET_TYPE));
    let labels = s1.metadata.labels.clone().unwrap();
    assert_eq!(
        (labels["owner"].as_str(), labels["status"].as_str()),
        ("helm", "deployed")
    );
    let data = s1.data.unwrap();
    let r1 = storage::decode("v1", &data["release"].0).unwrap();
    assert_eq!(
        (r1["name"].as_str(), r1["version"].as_i64()),
        (Some("demo"), Some(1))
    );
    assert_eq!(r1["info"]["status"], "deployed");
    assert_eq!(r1["config"], json!({"greeting": "hi"}));
    assert!(
        r1["manifest"].as_str().unwrap().contains("greeting: hi"),
        "{}",
        r1["manifest"]
    );

    // Revision 2, written by us; revision 1 superseded.
    let mut old = r1.clone();
    old["info"]["status"] = json!("superseded");
    let mut new = r1.clone();
    new["version"] = json!(2);
    new["info"]["status"] = json!("deployed");
    new["info"]["description"] = json!("Upgrade complete");
    new["config"] = json!({"greeting": "bye"});
    new["manifest"] = json!(r1["manifest"]
        .as_str()
        .unwrap()
        .replace("greeting: hi", "greeting: bye"));
    let mut cluster = flux::cluster::Cluster::new(client.clone());
    for r in [&old, &new] {
        let mut s = storage::secret(r, 1_700_000_000).unwrap();
        s["metadata"]["namespace"] = json!(ns);
        cluster.apply(&s).await.unwrap();
    }
    let (ok, out, err) = helm(&["history", "demo", "-n", &ns, "-o", "json"]);
    assert!(ok, "{err}");
    let history: serde_json::Value = serde_json::from_str(&out).unwrap();
    let seen: Vec<(i64, &str, &str)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["revision"].as_i64().unwrap(),
                h["status"].as_str().unwrap(),
                h["description"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (1, "superseded", "Install complete"),
            (2, "deployed", "Upgrade complete")
        ]
    );
    let (ok, out, err) = helm(&["get", "manifest", "demo", "-n", &ns]);
    assert!(ok && out.contains("greeting: bye"), "{out}{err}");
    let (ok, out, err) = helm(&["get", "values", "demo", "-n", &ns, "-o", "json"]);
    assert!(ok, "{err}");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&out).unwrap(),
        json!({"greeting": "bye"})
    );
    let (ok, _, err) = helm(&["uninstall", "demo", "-n", &ns]);
    assert!(ok, "{err}");
    assert!(secrets
        .get_opt(&storage::secret_name("demo", 2))
        .await
        .unwrap()
        .is_none());
}

/// The release `helm install` records for a packaged chart (templates, a hook with a weight
/// and a delete policy, a test hook, notes, values, a schema, a plain file) and the release
/// our builder makes of the same archive, values and render: the same JSON, apart from the
/// times of the run and what running the hooks adds.
#[tokio::test]
async fn releases_we_build_are_the_releases_helm_install_records() {
    use flux::helm::{engine, release, storage};
    let client = support::client().await;
    let ns = support::namespace(&client, "helmrel").await;
    let dir = tempfile::tempdir().unwrap();
    let tgz = demo_chart(dir.path());
    let values = dir.path().join("user.yaml");
    std::fs::write(
        &values,
        "greeting: hi\ncount: 3\nextra: {big: 1000000, f: 1.5}\n",
    )
    .unwrap();
    let (ok, _, err) = helm(&[
        "install",
        "demo",
        tgz.to_str().unwrap(),
        "-n",
        &ns,
        "-f",
        values.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    let secrets: Api<Secret> = Api::namespaced(client.clone(), &ns);
    let s = secrets.get(&storage::secret_name("demo", 1)).await.unwrap();
    let mut theirs = storage::decode("v1", &s.data.unwrap()["release"].0).unwrap();

    let chart = engine::load_chart(&tgz).unwrap();
    let config: serde_json::Map<String, serde_json::Value> =
        match flux::kustomize::yaml::parse_first_v2(&std::fs::read_to_string(&values).unwrap())
            .unwrap()
        {
            serde_json::Value::Object(m) => m,
            other => panic!("{other}"),
        };
    let opts = engine::Options {
        release_name: "demo".into(),
        namespace: ns.clone(),
        ..Default::default()
    };
    let rendered = engine::render(&chart, &config, &opts).unwrap();
    let now = chrono::Utc::now();
    let mut ours = release::new_release(&release::NewRelease {
        name: "demo",
        namespace: &ns,
        version: 1,
        chart: &chart,
        config: &config,
        rendered: &rendered,
        now,
        first_deployed: None,
        status: release::Status::Deployed,
        description: "Install complete",
    })
    .unwrap();
    // The run's own times, and what running the hooks recorded.
    for r in [&mut theirs, &mut ours] {
        for t in ["first_deployed", "last_deployed"] {
            assert!(r["info"][t].is_string(), "{t}: {}", r["info"]);
            r["info"][t] = json!("2026-01-02T03:04:05.6Z");
        }
        for h in r["hooks"].as_array_mut().unwrap() {
            h["last_run"] = json!({"phase": ""});
        }
    }
    let diff = |a: &serde_json::Value, b: &serde_json::Value| {
        let (a, b) = (
            serde_json::to_string_pretty(a).unwrap(),
            serde_json::to_string_pretty(b).unwrap(),
        );
        a.lines()
            .zip(b.lines())
            .filter(|(x, y)| x != y)
            .map(|(x, y)| format!("helm: {x}\nours: {y}"))
            .take(20)
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(theirs, ours, "{}", diff(&theirs, &ours));
    // Flux's digests agree on both.
    assert_eq!(
        flux::helm::digest::release_digest(&theirs, "").unwrap(),
        flux::helm::digest::release_digest(&ours, "").unwrap()
    );
}

/// A packaged chart `demo` 1.2.3 in `dir`: a ConfigMap, a Service (unless `service: false`),
/// a pre-install/pre-upgrade hook ConfigMap with a weight and delete policies, a test hook,
/// notes, values, a schema and a plain file.
fn demo_chart(dir: &std::path::Path) -> std::path::PathBuf {
    let src = dir.join("demo");
    std::fs::create_dir_all(src.join("templates/tests")).unwrap();
    std::fs::create_dir_all(src.join("files")).unwrap();
    let files: &[(&str, &str)] = &[
        ("Chart.yaml", "apiVersion: v2\nname: demo\nversion: 1.2.3\nappVersion: \"4.5\"\ndescription: A demo <chart> & more\nkeywords: [a, b]\nmaintainers:\n  - name: me\n    email: me@example.com\nannotations:\n  z: \"1\"\n  a: \"2\"\n"),
        ("values.yaml", "greeting: hello\nservice: true\ncount: 2\nratio: 0.5\nnested:\n  list: [1, two]\n"),
        ("values.schema.json", "{\"type\": \"object\", \"properties\": {\"count\": {\"type\": \"integer\"}}}"),
        ("files/note.txt", "a file\n"),
        ("templates/NOTES.txt", "Installed {{ .Release.Name }}.\n"),
        ("templates/_helpers.tpl", "{{- define \"demo.name\" }}{{ .Chart.Name }}-{{ .Release.Name }}{{ end }}\n"),
        ("templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include \"demo.name\" . }}\ndata:\n  greeting: {{ .Values.greeting | quote }}\n  count: {{ .Values.count | quote }}\n  note: {{ .Files.Get \"files/note.txt\" | quote }}\n"),
        ("templates/svc.yaml", "{{- if .Values.service }}\napiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include \"demo.name\" . }}\nspec:\n  ports:\n    - port: 80\n{{- end }}\n"),
        ("templates/hook.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-pre\n  annotations:\n    helm.sh/hook: pre-install,pre-upgrade\n    helm.sh/hook-weight: \"-3\"\n    helm.sh/hook-delete-policy: before-hook-creation, hook-failed\ndata:\n  at: pre\n"),
        ("templates/tests/test.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}-test\n  annotations:\n    helm.sh/hook: test\nspec:\n  containers:\n    - name: t\n      image: busybox\n"),
    ];
    for (name, text) in files {
        std::fs::write(src.join(name), text).unwrap();
    }
    let (ok, _, err) = helm(&[
        "package",
        src.to_str().unwrap(),
        "-d",
        dir.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    dir.join("demo-1.2.3.tgz")
}

/// Our release of `chart` with `values` as revision `version` of `demo` in `ns`.
fn our_release(
    chart: &flux::helm::chart::Chart,
    ns: &str,
    values: serde_json::Value,
    version: i64,
    first: Option<chrono::DateTime<chrono::Utc>>,
) -> serde_json::Value {
    use flux::helm::{engine, release};
    let config = values.as_object().cloned().unwrap_or_default();
    let opts = engine::Options {
        release_name: "demo".into(),
        namespace: ns.into(),
        revision: version,
        is_upgrade: version > 1,
        ..Default::default()
    };
    let rendered = engine::render(chart, &config, &opts).unwrap();
    release::new_release(&release::NewRelease {
        name: "demo",
        namespace: ns,
        version,
        chart,
        config: &config,
        rendered: &rendered,
        now: chrono::Utc::now(),
        first_deployed: first,
        status: release::Status::PendingInstall,
        description: "",
    })
    .unwrap()
}

fn actions(client: &kube::Client, ns: &str) -> flux::controllers::helm::action::Actions {
    flux::controllers::helm::action::Actions::new(
        flux::cluster::Cluster::new(client.clone()),
        flux::apply::Owner {
            field_manager: "helm-controller".into(),
            group: "helm.toolkit.fluxcd.io".into(),
            name: "demo".into(),
            namespace: ns.into(),
        },
        ns.into(),
        std::time::Duration::from_secs(30),
        0,
    )
}

#[tokio::test]
async fn releases_our_actions_install_upgrade_and_uninstall_are_what_helm_sees() {
    use k8s_openapi::api::core::v1::{ConfigMap, Service};
    let client = support::client().await;
    let ns = support::namespace(&client, "helmact").await;
    let dir = tempfile::tempdir().unwrap();
    let tgz = demo_chart(dir.path());
    let chart = flux::helm::engine::load_chart(&tgz).unwrap();
    let mut act = actions(&client, &ns);

    // Install: revision 1 deployed, objects with Helm's and Flux's metadata, the hook run.
    let r1 = our_release(&chart, &ns, json!({"greeting": "hi"}), 1, None);
    let r1 = act.install(r1, true).await.map_err(|(_, e)| e).unwrap();
    assert_eq!(r1["info"]["status"], "deployed");
    assert_eq!(r1["hooks"][0]["last_run"]["phase"], "Succeeded");
    let (ok, out, err) = helm(&["ls", "-n", &ns, "-o", "json"]);
    assert!(ok, "{err}");
    let listed: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (
            listed[0]["name"].as_str(),
            listed[0]["revision"].as_str(),
            listed[0]["status"].as_str(),
            listed[0]["chart"].as_str(),
            listed[0]["app_version"].as_str()
        ),
        (
            Some("demo"),
            Some("1"),
            Some("deployed"),
            Some("demo-1.2.3"),
            Some("4.5")
        ),
        "{out}"
    );
    let (ok, manifest, err) = helm(&["get", "manifest", "demo", "-n", &ns]);
    assert!(ok, "{err}");
    // `helm get manifest` prints the stored manifest and a newline.
    assert_eq!(manifest, format!("{}\n", r1["manifest"].as_str().unwrap()));
    let cms: Api<ConfigMap> = Api::namespaced(client.clone(), &ns);
    let cm = cms.get("demo-demo").await.unwrap();
    assert_eq!(cm.data.unwrap()["greeting"], "hi");
    let labels = cm.metadata.labels.unwrap();
    let annotations = cm.metadata.annotations.unwrap();
    assert_eq!(labels["app.kubernetes.io/managed-by"], "Helm");
    assert_eq!(labels["helm.toolkit.fluxcd.io/name"], "demo");
    assert_eq!(annotations["meta.helm.sh/release-name"], "demo");
    assert_eq!(annotations["meta.helm.sh/release-namespace"], ns);
    assert_eq!(
        cms.get("demo-pre").await.unwrap().data.unwrap()["at"],
        "pre"
    );

    // Upgrade without the Service: revision 2, the Service deleted, revision 1 superseded.
    let first =
        chrono::DateTime::parse_from_rfc3339(r1["info"]["first_deployed"].as_str().unwrap())
            .unwrap()
            .with_timezone(&chrono::Utc);
    let r2 = our_release(
        &chart,
        &ns,
        json!({"greeting": "bye", "service": false}),
        2,
        Some(first),
    );
    let r2 = act
        .upgrade(&r1, r2, true)
        .await
        .map_err(|(_, e)| e)
        .unwrap();
    assert_eq!(r2["info"]["description"], "Upgrade complete");
    let svcs: Api<Service> = Api::namespaced(client.clone(), &ns);
    assert!(svcs.get_opt("demo-demo").await.unwrap().is_none());
    assert_eq!(
        cms.get("demo-demo").await.unwrap().data.unwrap()["greeting"],
        "bye"
    );
    let (ok, out, err) = helm(&["history", "demo", "-n", &ns, "-o", "json"]);
    assert!(ok, "{err}");
    let history: serde_json::Value = serde_json::from_str(&out).unwrap();
    let seen: Vec<(i64, String)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["revision"].as_i64().unwrap(),
                h["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(seen, vec![(1, "superseded".into()), (2, "deployed".into())]);

    // Helm continues our release, and we read what it wrote. (Its apply conflicts with our
    // field manager, as it does with Flux's, unless told to force.)
    let (ok, _, err) = helm(&[
        "upgrade",
        "demo",
        tgz.to_str().unwrap(),
        "-n",
        &ns,
        "--set",
        "greeting=third",
        "--force-conflicts",
    ]);
    assert!(ok, "{err}");
    let history = act.history("demo").await.unwrap();
    assert_eq!(history.len(), 3);
    assert_eq!(history[2]["info"]["status"], "deployed");
    assert_eq!(history[2]["config"], json!({"greeting": "third"}));
    assert_eq!(history[1]["info"]["status"], "superseded");

    // Uninstall: objects (hooks aside, as in Helm) and revisions gone.
    act.uninstall(
        history[2].clone(),
        &flux::controllers::helm::action::UninstallOptions::of(None),
    )
    .await
    .unwrap();
    assert!(cms.get_opt("demo-demo").await.unwrap().is_none());
    let (ok, out, err) = helm(&[
        "ls",
        "-n",
        &ns,
        "--uninstalled",
        "--failed",
        "--pending",
        "-o",
        "json",
    ]);
    assert!(ok, "{err}");
    assert_eq!(out.trim(), "[]");
    let secrets: Api<Secret> = Api::namespaced(client.clone(), &ns);
    assert!(secrets
        .list(&kube::api::ListParams::default().labels("owner=helm"))
        .await
        .unwrap()
        .items
        .is_empty());
}

#[tokio::test]
async fn an_install_over_objects_another_owner_has_fails_as_helms_does_and_is_recorded_failed() {
    use k8s_openapi::api::core::v1::ConfigMap;
    let client = support::client().await;
    let ns = support::namespace(&client, "helmown").await;
    let cms: Api<ConfigMap> = Api::namespaced(client.clone(), &ns);
    let foreign: ConfigMap = serde_json::from_value(json!({
        "metadata": {"name": "demo-demo", "labels": {"app.kubernetes.io/managed-by": "Helm"},
            "annotations": {"meta.helm.sh/release-name": "other", "meta.helm.sh/release-namespace": ns}},
        "data": {"mine": "yes"}}))
    .unwrap();
    cms.create(&Default::default(), &foreign).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let chart = flux::helm::engine::load_chart(&demo_chart(dir.path())).unwrap();
    let mut act = actions(&client, &ns);
    let r1 = our_release(&chart, &ns, json!({}), 1, None);
    let (recorded, err) = act.install(r1, true).await.unwrap_err();
    let want = format!("unable to continue with install: ConfigMap \"demo-demo\" in namespace \"{ns}\" exists and cannot be imported into the current release: invalid ownership metadata; annotation validation error: key \"meta.helm.sh/release-name\" must equal \"demo\": current value is \"other\"");
    assert_eq!(err.to_string(), want);
    assert_eq!(recorded["info"]["status"], "failed");
    assert_eq!(
        recorded["info"]["description"],
        format!("Release \"demo\" failed: {want}")
    );
    // Nothing was applied: the other release's object is untouched, no hook ran.
    assert_eq!(
        cms.get("demo-demo").await.unwrap().data.unwrap()["mine"],
        "yes"
    );
    assert!(cms.get_opt("demo-pre").await.unwrap().is_none());
    let (ok, out, err) = helm(&["history", "demo", "-n", &ns, "-o", "json"]);
    assert!(ok, "{err}");
    assert!(out.contains("\"status\":\"failed\""), "{out}");
}

/// `maxHistory` as Helm's storage applies it before each new revision: with 2, only the last
/// two revisions remain after three upgrades, and the last deployed one is never pruned.
#[tokio::test]
async fn max_history_prunes_the_oldest_revisions_before_a_new_one() {
    let client = support::client().await;
    let ns = support::namespace(&client, "helmmax").await;
    let dir = tempfile::tempdir().unwrap();
    let chart = flux::helm::engine::load_chart(&demo_chart(dir.path())).unwrap();
    let mut act = actions(&client, &ns);
    act.max_history = 2;
    let mut current = act
        .install(
            our_release(&chart, &ns, json!({"greeting": "v1"}), 1, None),
            true,
        )
        .await
        .map_err(|(_, e)| e)
        .unwrap();
    for v in 2..=4 {
        let next = our_release(&chart, &ns, json!({"greeting": format!("v{v}")}), v, None);
        current = act
            .upgrade(&current, next, true)
            .await
            .map_err(|(_, e)| e)
            .unwrap();
    }
    let versions: Vec<(i64, String)> = act
        .history("demo")
        .await
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["version"].as_i64().unwrap(),
                r["info"]["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        versions,
        vec![(3, "superseded".into()), (4, "deployed".into())]
    );
}
