//! `flux trace` against flux2's own trace test data (`cmd/flux/testdata/trace`, read from the
//! flux2 v2.9.4 Go module): the objects of each case are created on the test control plane
//! (status included, as flux2's test harness does), then our `flux trace` and Flux's own CLI
//! (built from the same module) trace the same object; both outputs must equal the case's
//! golden file. The case table (arguments, files, condition times) is flux2's `trace_test.go`.

use kube::api::{Api, DynamicObject, PostParams};

use crate::support;

/// One flux2 `TestTrace` case: (args, object file, golden file, times by template key).
type Case = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// flux2's `TestTrace` cases.
const CASES: &[Case] = &[
    (
        "trace podinfo --kind deployment --api-version=apps/v1",
        "deployment.yaml",
        "deployment.golden",
        &[
            ("helmReleaseLastReconcile", "2021-07-16T15:42:20Z"),
            ("helmChartLastReconcile", "2021-07-16T15:32:09Z"),
            ("helmRepositoryLastReconcile", "2021-07-11T00:25:46Z"),
        ],
    ),
    (
        "trace podinfo --kind HelmRelease --api-version=helm.toolkit.fluxcd.io/v2",
        "helmrelease.yaml",
        "helmrelease.golden",
        &[
            ("kustomizationLastReconcile", "2021-08-01T04:52:56Z"),
            ("gitRepositoryLastReconcile", "2021-07-20T00:48:16Z"),
        ],
    ),
    (
        "trace podinfo --kind HelmRelease --api-version=helm.toolkit.fluxcd.io/v2",
        "helmrelease-oci.yaml",
        "helmrelease-oci.golden",
        &[
            ("kustomizationLastReconcile", "2021-08-01T04:52:56Z"),
            ("ociRepositoryLastReconcile", "2021-07-20T00:48:16Z"),
        ],
    ),
    (
        "trace podinfo --kind deployment --api-version=apps/v1",
        "deployment-hr-ocirepo.yaml",
        "deployment-hr-ocirepo.golden",
        &[
            ("helmReleaseLastReconcile", "2021-07-16T15:42:20Z"),
            ("ociRepositoryLastReconcile", "2021-07-20T00:48:16Z"),
        ],
    ),
];

/// Go's `time.Time.String()` of an RFC 3339 time in UTC (the test machine's zone).
fn go_time(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .with_timezone(&chrono::Utc)
        .format("%Y-%m-%d %H:%M:%S +0000 UTC")
        .to_string()
}

/// Creates the objects of a flux2 test file (namespaces aside), then sets their status.
pub(crate) async fn create_objects(client: &kube::Client, text: &str) {
    let mut cluster = flux::cluster::Cluster::new(client.clone());
    for doc in flux::kustomize::yaml::parse_stream_v2(text).unwrap() {
        if !doc.is_object() || doc["kind"] == "Namespace" {
            continue;
        }
        let api: Api<DynamicObject> = cluster.api_for(&doc).await.unwrap();
        let mut create = doc.clone();
        create.as_object_mut().unwrap().remove("status");
        let obj: DynamicObject = serde_json::from_value(create).unwrap();
        let created = api.create(&PostParams::default(), &obj).await.unwrap();
        if doc["status"].is_object() {
            let mut with_status = doc.clone();
            with_status["metadata"]["resourceVersion"] =
                serde_json::json!(created.metadata.resource_version);
            api.replace_status(
                created.metadata.name.as_deref().unwrap(),
                &PostParams::default(),
                &serde_json::from_value::<DynamicObject>(with_status).unwrap(),
            )
            .await
            .unwrap();
        }
    }
}

#[tokio::test]
async fn trace_reports_match_flux2_golden_files_and_fluxs_own_cli() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let theirs = support::ensured("FLUX_CLI", "ensure-flux-cli.sh");
    let kc = support::kubeconfig();
    for (args, objects, golden, times) in CASES {
        let ns = support::namespace(&client, "podinfo").await;
        let fluxns = support::namespace(&client, "flux-system").await;
        let fill = |text: &str| {
            let mut text = text
                .replace("{{ .ns }}", &ns)
                .replace("{{ .fluxns }}", &fluxns);
            for (key, t) in *times {
                text = text.replace(&format!("{{{{ .{key} }}}}"), &go_time(t));
            }
            text
        };
        let objects =
            std::fs::read_to_string(support::flux2_testdata(&format!("trace/{objects}"))).unwrap();
        create_objects(&client, &fill(&objects)).await;
        let want =
            std::fs::read_to_string(support::flux2_testdata(&format!("trace/{golden}"))).unwrap();
        let want = fill(&want);
        let ns_flag = format!("-n={ns}");
        let mut argv: Vec<&str> = args.split(' ').collect();
        argv.push(&ns_flag);
        argv.extend(["--kubeconfig", kc.to_str().unwrap()]);
        for bin in [
            std::path::PathBuf::from(env!("CARGO_BIN_EXE_flux")),
            theirs.clone(),
        ] {
            let out = std::process::Command::new(&bin)
                .args(&argv)
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success(),
                "{bin:?} {args}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(stdout, want, "{bin:?} {args} ({golden})");
        }
    }
}
