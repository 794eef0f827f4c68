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
