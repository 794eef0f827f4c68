//! Helm release storage against the real Helm (v4.2.1, built from its Go module): a release
//! Helm installs on the test control plane decodes with ours; revisions we write (and the one
//! we mark superseded) are what `helm history`, `helm get manifest|values` and
//! `helm uninstall` read.

use crate::support;

use k8s_openapi::api::core::v1::Secret;
use kube::api::Api;
use serde_json::json;

fn helm(args: &[&str]) -> (bool, String, String) {
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
    let src = dir.path().join("demo");
    std::fs::create_dir_all(src.join("templates/tests")).unwrap();
    std::fs::create_dir_all(src.join("files")).unwrap();
    let files: &[(&str, &str)] = &[
        ("Chart.yaml", "apiVersion: v2\nname: demo\nversion: 1.2.3\nappVersion: \"4.5\"\ndescription: A demo <chart> & more\nkeywords: [a, b]\nmaintainers:\n  - name: me\n    email: me@example.com\nannotations:\n  z: \"1\"\n  a: \"2\"\n"),
        ("values.yaml", "greeting: hello\ncount: 2\nratio: 0.5\nnested:\n  list: [1, two]\n"),
        ("values.schema.json", "{\"type\": \"object\", \"properties\": {\"count\": {\"type\": \"integer\"}}}"),
        ("files/note.txt", "a file\n"),
        ("templates/NOTES.txt", "Installed {{ .Release.Name }}.\n"),
        ("templates/_helpers.tpl", "{{- define \"demo.name\" }}{{ .Chart.Name }}-{{ .Release.Name }}{{ end }}\n"),
        ("templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include \"demo.name\" . }}\ndata:\n  greeting: {{ .Values.greeting | quote }}\n  count: {{ .Values.count | quote }}\n  note: {{ .Files.Get \"files/note.txt\" | quote }}\n"),
        ("templates/svc.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include \"demo.name\" . }}\nspec:\n  ports:\n    - port: 80\n"),
        ("templates/hook.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-pre\n  annotations:\n    helm.sh/hook: pre-install,pre-upgrade\n    helm.sh/hook-weight: \"-3\"\n    helm.sh/hook-delete-policy: before-hook-creation, hook-failed\ndata:\n  at: pre\n"),
        ("templates/tests/test.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}-test\n  annotations:\n    helm.sh/hook: test\nspec:\n  containers:\n    - name: t\n      image: busybox\n"),
    ];
    for (name, text) in files {
        std::fs::write(src.join(name), text).unwrap();
    }
    let values = dir.path().join("user.yaml");
    std::fs::write(
        &values,
        "greeting: hi\ncount: 3\nextra: {big: 1000000, f: 1.5}\n",
    )
    .unwrap();
    let (ok, _, err) = helm(&[
        "package",
        src.to_str().unwrap(),
        "-d",
        dir.path().to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    let tgz = dir.path().join("demo-1.2.3.tgz");
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
