//! Bucket (`generic` provider, S3 API) on the real control plane against a real S3 server
//! (versitygw, POSIX backend): the etag index and its revision, `.sourceignore` and `ignore`,
//! `prefix`, new objects, and failures that keep the previous artifact.

use std::time::Duration;

use flux::api::source::Bucket;
use kube::api::{Api, Patch, PatchParams};
use rusty_s3::S3Action;
use serde_json::json;

use crate::support::{self, s3_server::S3Server};

/// Writes objects through the S3 API (so the server computes their etags).
pub struct S3Writer {
    http: reqwest::Client,
    endpoint: url::Url,
    creds: rusty_s3::Credentials,
}

impl S3Writer {
    /// A writer for `server`.
    pub fn new(server: &S3Server) -> S3Writer {
        S3Writer {
            http: reqwest::Client::new(),
            endpoint: url::Url::parse(&format!("http://{}", server.endpoint)).unwrap(),
            creds: rusty_s3::Credentials::new(server.access_key.clone(), server.secret_key.clone()),
        }
    }

    fn bucket(&self, name: &str) -> rusty_s3::Bucket {
        rusty_s3::Bucket::new(
            self.endpoint.clone(),
            rusty_s3::UrlStyle::Path,
            name.to_string(),
            "us-east-1",
        )
        .unwrap()
    }

    /// Creates a bucket.
    pub async fn create_bucket(&self, name: &str) {
        let b = self.bucket(name);
        let url =
            rusty_s3::actions::CreateBucket::new(&b, &self.creds).sign(Duration::from_secs(60));
        let r = self.http.put(url.as_str()).send().await.unwrap();
        assert!(r.status().is_success(), "create bucket: {}", r.status());
    }

    /// Puts an object.
    pub async fn put(&self, bucket: &str, key: &str, body: &str) {
        let b = self.bucket(bucket);
        let url = rusty_s3::actions::PutObject::new(&b, Some(&self.creds), key)
            .sign(Duration::from_secs(60));
        let r = self
            .http
            .put(url.as_str())
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "put {key}: {}", r.status());
    }
}

/// The revision Flux computes for objects whose etags are their MD5 (S3's single-part etag).
pub fn expected_revision(objects: &[(&str, &str)]) -> String {
    use md5::Digest as _;
    let mut sorted: Vec<&(&str, &str)> = objects.iter().collect();
    sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut lines = String::new();
    for (k, v) in sorted {
        lines.push_str(&format!(
            "{k} {}\n",
            hex::encode(md5::Md5::digest(v.as_bytes()))
        ));
    }
    format!(
        "sha256:{}",
        hex::encode(<sha2::Sha256 as sha2::Digest>::digest(lines.as_bytes()))
    )
}

async fn apply(client: &kube::Client, ns: &str, obj: serde_json::Value) {
    let mut cluster = flux::cluster::Cluster::new(client.clone());
    let mut obj = obj;
    obj["metadata"]["namespace"] = json!(ns);
    cluster.apply(&obj).await.expect("apply");
}

fn ready(b: &Bucket) -> Option<(String, String, String)> {
    let c = b
        .status
        .as_ref()?
        .conditions
        .iter()
        .find(|c| c.type_ == "Ready")?;
    Some((c.status.clone(), c.reason.clone(), c.message.clone()))
}

async fn wait_for(
    client: &kube::Client,
    ns: &str,
    name: &str,
    what: &str,
    pred: impl Fn(&Bucket) -> bool,
) -> Bucket {
    let api = Api::<Bucket>::namespaced(client.clone(), ns);
    let mut last = None;
    for _ in 0..600 {
        if let Ok(b) = api.get(name).await {
            if pred(&b) {
                return b;
            }
            last = Some(b);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "timed out waiting for {name} {what}: {:?}",
        last.and_then(|b| b.status)
    );
}

async fn patch_spec(client: &kube::Client, ns: &str, name: &str, spec: serde_json::Value) {
    Api::<Bucket>::namespaced(client.clone(), ns)
        .patch(
            name,
            &PatchParams::default(),
            &Patch::Merge(&json!({ "spec": spec })),
        )
        .await
        .unwrap();
}

fn files(bytes: &[u8]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut a = tar::Archive::new(flate2::read::GzDecoder::new(bytes));
    for e in a.entries().unwrap() {
        let mut e = e.unwrap();
        if e.header().entry_type().is_file() {
            let p = e.path().unwrap().to_string_lossy().into_owned();
            let mut s = String::new();
            std::io::Read::read_to_string(&mut e, &mut s).unwrap();
            out.push((p, s));
        }
    }
    out.sort();
    out
}

#[tokio::test]
async fn bucket_indexes_fetches_and_stores_objects_from_s3() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "bucket").await;
    let s3 = S3Server::start();
    let w = S3Writer::new(&s3);
    w.create_bucket("manifests").await;
    let objects = [
        ("deploy/app.yaml", "kind: ConfigMap\n"),
        ("deploy/nested/svc.yaml", "kind: Service\n"),
        ("deploy/notes.txt", "notes\n"),
        ("other/x.yaml", "x: 1\n"),
        (".sourceignore", "*.txt\n"),
    ];
    for (k, v) in objects {
        w.put("manifests", k, v).await;
    }
    let serve = support::serve(&["source-controller"], &ns, &[]);
    apply(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s3"},
        "stringData": {"accesskey": s3.access_key, "secretkey": s3.secret_key}}),
    )
    .await;
    apply(
        &client,
        &ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "Bucket",
        "metadata": {"name": "manifests"},
        "spec": {"interval": "1h", "provider": "generic", "bucketName": "manifests",
                 "endpoint": s3.endpoint, "insecure": true, "secretRef": {"name": "s3"}}}),
    )
    .await;
    let b = wait_for(&client, &ns, "manifests", "Ready", |b| {
        ready(b).is_some_and(|(s, _, _)| s == "True")
    })
    .await;
    let st = b.status.clone().unwrap();
    let a = st.artifact.clone().unwrap();
    let indexed = [objects[0], objects[1], objects[3]];
    let rev = expected_revision(&indexed);
    assert_eq!(a.revision, rev);
    assert_eq!(
        a.path,
        format!(
            "bucket/{ns}/manifests/{}.tar.gz",
            rev.trim_start_matches("sha256:")
        )
    );
    assert_eq!(
        ready(&b).unwrap().2,
        format!("stored artifact: revision '{rev}'")
    );
    assert!(st
        .url
        .as_deref()
        .unwrap()
        .ends_with(&format!("/bucket/{ns}/manifests/latest.tar.gz")));
    let (code, body) = support::http_get(serve.storage_port, &format!("/{}", a.path));
    assert_eq!(code, 200);
    assert_eq!(
        files(&body),
        indexed
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<Vec<_>>()
    );

    // A new object: a new revision on reconcile; then a prefix narrows the index.
    w.put("manifests", "deploy/new.yaml", "kind: Secret\n")
        .await;
    patch_spec(&client, &ns, "manifests", json!({"prefix": "deploy/"})).await;
    let with_new = [
        objects[0],
        objects[1],
        ("deploy/new.yaml", "kind: Secret\n"),
    ];
    let rev2 = expected_revision(&with_new);
    wait_for(&client, &ns, "manifests", "prefix", |b| {
        b.status
            .as_ref()
            .and_then(|s| s.artifact.as_ref())
            .is_some_and(|a| a.revision == rev2)
    })
    .await;

    // spec.ignore adds to the bucket's .sourceignore.
    patch_spec(&client, &ns, "manifests", json!({"ignore": "nested/\n"})).await;
    let rev3 = expected_revision(&[objects[0], ("deploy/new.yaml", "kind: Secret\n")]);
    let b = wait_for(&client, &ns, "manifests", "ignore", |b| {
        b.status
            .as_ref()
            .and_then(|s| s.artifact.as_ref())
            .is_some_and(|a| a.revision == rev3)
    })
    .await;
    assert_eq!(
        b.status.unwrap().observed_ignore.as_deref(),
        Some("nested/\n")
    );

    // Wrong secret key: Ready=False, the artifact kept, no key in the message.
    apply(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s3"},
        "stringData": {"accesskey": s3.access_key, "secretkey": "wrong-secret-key-here"}}),
    )
    .await;
    patch_spec(&client, &ns, "manifests", json!({"prefix": null})).await;
    let b = wait_for(&client, &ns, "manifests", "auth failure", |b| {
        ready(b).is_some_and(|(s, _, _)| s == "False")
    })
    .await;
    let (_, reason, message) = ready(&b).unwrap();
    assert_eq!(reason, "BucketOperationFailed");
    assert!(
        !message.contains("wrong-secret-key-here") && !message.contains(&s3.secret_key),
        "{message}"
    );
    assert_eq!(b.status.unwrap().artifact.unwrap().revision, rev3);
    assert!(!serve.log().contains("wrong-secret-key-here"));

    // A bucket that does not exist.
    apply(&client, &ns, json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "Bucket",
        "metadata": {"name": "missing"},
        "spec": {"interval": "1h", "bucketName": "nope", "endpoint": s3.endpoint, "insecure": true}})).await;
    let b = wait_for(&client, &ns, "missing", "not found", |b| {
        ready(b).is_some_and(|(s, _, _)| s == "False")
    })
    .await;
    let (_, reason, message) = ready(&b).unwrap();
    assert_eq!(
        (reason.as_str(), message.as_str()),
        ("BucketOperationFailed", "bucket 'nope' not found")
    );
}

fn flux_cli(ns: &str, args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_flux"))
        .arg("--kubeconfig")
        .arg(support::kubeconfig())
        .args(["--namespace", ns, "--timeout", "90s"])
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `flux create source bucket` with keys makes the `bucket-<name>` Secret and the Bucket, and
/// a Kustomization applies the bucket's manifests.
#[tokio::test]
async fn kustomization_applies_manifests_from_a_bucket_created_with_the_cli() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "bucketks").await;
    let s3 = S3Server::start();
    let w = S3Writer::new(&s3);
    w.create_bucket("cluster").await;
    w.put(
        "cluster",
        "apps/cm.yaml",
        &format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-bucket\n  namespace: {ns}\ndata:\n  k: v\n"),
    )
    .await;
    let _serve = support::serve(&["source-controller", "kustomize-controller"], &ns, &[]);
    let (ok, _, err) = flux_cli(
        &ns,
        &[
            "create",
            "source",
            "bucket",
            "cluster",
            "--bucket-name",
            "cluster",
            "--endpoint",
            &s3.endpoint,
            "--insecure",
            "--access-key",
            &s3.access_key,
            "--secret-key",
            &s3.secret_key,
            "--interval",
            "1h",
        ],
    );
    assert!(ok, "{err}");
    assert!(
        err.contains(
            "► applying secret with the bucket credentials\n✔ authentication configured\n"
        ),
        "{err}"
    );
    assert!(err.contains("✔ Bucket source created\n"), "{err}");
    assert!(err.contains("✔ fetched revision: sha256:"), "{err}");
    assert!(!err.contains(&s3.secret_key), "{err}");
    let (ok, _, err) = flux_cli(
        &ns,
        &[
            "create",
            "kustomization",
            "apps",
            "--source",
            "Bucket/cluster",
            "--path",
            "./apps",
            "--prune",
            "--interval",
            "1h",
        ],
    );
    assert!(ok, "{err}");
    let cms: Api<k8s_openapi::api::core::v1::ConfigMap> = Api::namespaced(client.clone(), &ns);
    assert_eq!(
        cms.get("from-bucket").await.unwrap().data.unwrap()["k"],
        "v"
    );
    let (ok, out, _) = flux_cli(&ns, &["get", "sources", "bucket"]);
    assert!(ok);
    assert!(
        out.lines().nth(1).is_some_and(|l| l.starts_with("cluster")
            && l.contains("sha256:")
            && l.contains("True")),
        "{out}"
    );
}

/// The `gcp` provider against a local Google Cloud Storage stand-in: the service account key
/// from the Secret is exchanged for a token at its `token_uri` (JWT bearer grant), the bucket
/// is checked, the listing paginates under `prefix`, every object is downloaded with the token,
/// the revision is Flux's over the GCS etags, and a missing bucket or a bad key fail with
/// Flux's reasons (the key never appears).
#[tokio::test]
async fn bucket_gcp_provider_reads_google_cloud_storage_with_a_service_account_key() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "bucketgcp").await;
    let gcs = support::gcs_standin::GcsStandIn::start().await;
    let objects = [
        ("apps/a.yaml", "kind: ConfigMap\n"),
        ("apps/b.yaml", "kind: Secret\n"),
        ("apps/nested/c.yaml", "kind: Service\n"),
        ("other/x.yaml", "x: 1\n"),
    ];
    for (k, v) in objects {
        gcs.put("manifests", k, v);
    }
    let _serve = support::serve(&["source-controller"], &ns, &[]);
    apply(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "gcp"},
        "stringData": {"serviceaccount": gcs.key_json}}),
    )
    .await;
    apply(
        &client,
        &ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "Bucket",
        "metadata": {"name": "gcs"},
        "spec": {"interval": "1h", "provider": "gcp", "bucketName": "manifests",
                 "endpoint": gcs.host, "insecure": true, "prefix": "apps/",
                 "secretRef": {"name": "gcp"}}}),
    )
    .await;
    let b = wait_for(&client, &ns, "gcs", "ready", |b| {
        ready(b).is_some_and(|(s, _, _)| s == "True")
    })
    .await;
    let a = b.status.clone().unwrap().artifact.unwrap();
    let mut lines = String::new();
    for (k, _) in &objects[..3] {
        lines.push_str(&format!("{k} {}\n", gcs.etag("manifests", k)));
    }
    let want = format!(
        "sha256:{}",
        hex::encode(<sha2::Sha256 as sha2::Digest>::digest(lines.as_bytes()))
    );
    assert_eq!(a.revision, want, "Flux's revision over the GCS etags");
    let url = url::Url::parse(&a.url).unwrap();
    let (_, body) = support::http_get(url.port().unwrap(), url.path());
    assert_eq!(
        files(&body),
        objects[..3]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<Vec<_>>()
    );
    // What was asked: a token, the bucket, the listing in two pages, the ignore file, and
    // each object as media, all with the issued token.
    let reqs = gcs.requests();
    assert_eq!(reqs[0].path, "/token");
    let storage: Vec<_> = reqs.iter().filter(|r| r.path != "/token").collect();
    assert!(storage
        .iter()
        .all(|r| r.authorization.as_deref()
            == Some(&*format!("Bearer {}", support::gcs_standin::TOKEN))));
    assert_eq!(storage[0].path, "/storage/v1/b/manifests");
    let listings: Vec<_> = storage
        .iter()
        .filter(|r| r.path == "/storage/v1/b/manifests/o")
        .collect();
    assert_eq!(listings.len(), 2, "{listings:?}");
    assert_eq!(
        listings[0].query.get("prefix").map(String::as_str),
        Some("apps/")
    );
    assert_eq!(
        listings[1].query.get("pageToken").map(String::as_str),
        Some("2")
    );
    for (k, _) in &objects[..3] {
        assert!(
            storage
                .iter()
                .any(|r| r.path == format!("/storage/v1/b/manifests/o/{k}")
                    && r.query.get("alt").map(String::as_str) == Some("media")),
            "{k} downloaded"
        );
    }

    // A missing bucket: BucketOperationFailed, the artifact kept.
    patch_spec(&client, &ns, "gcs", json!({"bucketName": "nope"})).await;
    let b = wait_for(&client, &ns, "gcs", "missing bucket", |b| {
        ready(b).is_some_and(|(s, _, _)| s == "False")
    })
    .await;
    let (_, reason, message) = ready(&b).unwrap();
    assert_eq!(reason, "BucketOperationFailed");
    assert_eq!(message, "bucket 'nope' not found");
    assert_eq!(b.status.unwrap().artifact.unwrap().revision, want);

    // A Secret without a service account key: AuthenticationFailed naming the Secret only.
    apply(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "gcp-bad"},
        "stringData": {"serviceaccount": "{\"type\": \"authorized_user\", \"secret\": \"hunter2-hidden\"}"}}),
    )
    .await;
    patch_spec(
        &client,
        &ns,
        "gcs",
        json!({"bucketName": "manifests", "secretRef": {"name": "gcp-bad"}}),
    )
    .await;
    let b = wait_for(&client, &ns, "gcs", "bad key", |b| {
        ready(b).is_some_and(|(_, r, _)| r == "AuthenticationFailed")
    })
    .await;
    let (_, _, message) = ready(&b).unwrap();
    assert_eq!(
        message,
        "invalid 'gcp-bad' secret data: 'serviceaccount' must contain a service account key with 'type' set to 'service_account'"
    );
    assert!(!message.contains("hunter2"));
}

/// The `azure` provider against a local Blob Storage stand-in: Shared Key requests (signature
/// checked by the stand-in), the container check, the listing paginated under `prefix`, every
/// blob downloaded, and Flux's revision, which ends up over the downloads' quoted `ETag`
/// headers (the listing's hex-encoded etags are replaced, as in source-controller); then a
/// SAS token Secret; a missing container is BucketOperationFailed.
#[tokio::test]
async fn bucket_azure_provider_reads_blob_storage_with_shared_key_and_sas() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "bucketaz").await;
    // As in Flux, the account is the endpoint host's first label: "127" for 127.0.0.1.
    let az = support::azure_standin::AzureStandIn::start("127").await;
    let objects = [
        ("apps/a.yaml", "kind: ConfigMap\n"),
        ("apps/b.yaml", "kind: Secret\n"),
        ("apps/nested/c.yaml", "kind: Service\n"),
        ("other/x.yaml", "x: 1\n"),
    ];
    for (k, v) in objects {
        az.put("manifests", k, v);
    }
    let _serve = support::serve(&["source-controller"], &ns, &[]);
    apply(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "az"},
        "stringData": {"accountKey": az.account_key}}),
    )
    .await;
    apply(
        &client,
        &ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "Bucket",
        "metadata": {"name": "blobs"},
        "spec": {"interval": "1h", "provider": "azure", "bucketName": "manifests",
                 "endpoint": format!("http://{}", az.host), "prefix": "apps/",
                 "secretRef": {"name": "az"}}}),
    )
    .await;
    let b = wait_for(&client, &ns, "blobs", "ready", |b| {
        ready(b).is_some_and(|(s, _, _)| s == "True")
    })
    .await;
    let a = b.status.clone().unwrap().artifact.unwrap();
    let mut lines = String::new();
    for (k, _) in &objects[..3] {
        lines.push_str(&format!("{k} \"{}\"\n", az.etag("manifests", k)));
    }
    let want = format!(
        "sha256:{}",
        hex::encode(<sha2::Sha256 as sha2::Digest>::digest(lines.as_bytes()))
    );
    assert_eq!(a.revision, want);
    let url = url::Url::parse(&a.url).unwrap();
    let (_, body) = support::http_get(url.port().unwrap(), url.path());
    assert_eq!(
        files(&body),
        objects[..3]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<Vec<_>>()
    );
    let reqs = az.requests();
    assert!(reqs.iter().all(|r| r.auth == "SharedKey"), "{reqs:?}");
    assert_eq!(
        reqs[0].query.get("maxresults").map(String::as_str),
        Some("1")
    );
    let listings: Vec<_> = reqs
        .iter()
        .filter(|r| r.path == "/manifests" && r.query.contains_key("prefix"))
        .collect();
    assert_eq!(listings.len(), 2, "{listings:?}");
    assert_eq!(
        listings[1].query.get("marker").map(String::as_str),
        Some("2")
    );

    // A SAS token instead of the account key.
    apply(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "az-sas"},
        "stringData": {"sasKey": format!("?{}", az.sas_token)}}),
    )
    .await;
    patch_spec(
        &client,
        &ns,
        "blobs",
        json!({"secretRef": {"name": "az-sas"}, "prefix": "other/"}),
    )
    .await;
    let b = wait_for(&client, &ns, "blobs", "sas", |b| {
        ready(b).is_some_and(|(s, _, _)| s == "True")
            && b.status.as_ref().and_then(|s| s.observed_generation) == b.metadata.generation
    })
    .await;
    let url = url::Url::parse(&b.status.unwrap().artifact.unwrap().url).unwrap();
    let (_, body) = support::http_get(url.port().unwrap(), url.path());
    assert_eq!(
        files(&body),
        [("other/x.yaml".to_string(), "x: 1\n".to_string())]
    );
    assert!(az.requests().iter().any(|r| r.auth == "SAS"));

    // A missing container.
    patch_spec(&client, &ns, "blobs", json!({"bucketName": "nope"})).await;
    let b = wait_for(&client, &ns, "blobs", "missing", |b| {
        ready(b).is_some_and(|(s, _, _)| s == "False")
    })
    .await;
    let (_, reason, message) = ready(&b).unwrap();
    assert_eq!(reason, "BucketOperationFailed");
    assert_eq!(message, "bucket 'nope' not found");
    assert!(!message.contains(&az.account_key));
}

fn ready_revision(b: &Bucket, rev: &str) -> bool {
    ready(b).is_some_and(|(s, _, _)| s == "True")
        && b.status
            .as_ref()
            .and_then(|s| s.artifact.as_ref())
            .is_some_and(|a| a.revision == rev)
}

#[tokio::test]
async fn bucket_sts_ldap_instance_metadata_and_service_account_identities_reach_minio() {
    use crate::support::aws_standin::{AwsStandIn, INSTANCE_ROLE};
    use crate::support::minio::{MinioLdap, LDAP_PASSWORD, LDAP_USER};
    use base64::Engine as _;

    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "bucket-sts").await;
    let minio = tokio::task::spawn_blocking(MinioLdap::start).await.unwrap();
    let objects = [
        ("app/cm.yaml", "kind: ConfigMap\n"),
        ("app/svc.yaml", "kind: Service\n"),
    ];
    minio.bucket("apps", &objects);
    let rev = expected_revision(&objects);

    // Temporary MinIO keys (with a session token MinIO checks) for the AWS stand-in to hand
    // out as the instance role's and the assumed role's credentials.
    let http = reqwest::Client::new();
    let temp = flux::cloud::aws::assume_role_with_ldap_identity(
        &http,
        &minio.sts_url(),
        LDAP_USER,
        LDAP_PASSWORD,
    )
    .await
    .expect("MinIO's LDAP STS");
    let token = temp.session_token.clone().expect("a session token");
    let aws = AwsStandIn::start((
        temp.access_key_id.clone(),
        temp.secret_access_key.clone(),
        token,
    ))
    .await;
    let serve = support::serve_env(
        &["source-controller"],
        &ns,
        &["--feature-gates=ObjectLevelWorkloadIdentity=true"],
        &[
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", aws.url.as_str()),
            ("AWS_ENDPOINT_URL_STS", aws.url.as_str()),
            ("AWS_REGION", "us-east-1"),
        ],
    );

    // generic + sts.provider ldap: the STS Secret's LDAP user becomes temporary keys.
    apply(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret",
        "metadata": {"name": "ldap"},
        "stringData": {"username": LDAP_USER, "password": LDAP_PASSWORD}}),
    )
    .await;
    apply(
        &client,
        &ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "Bucket",
        "metadata": {"name": "ldap"},
        "spec": {"interval": "1h", "provider": "generic", "bucketName": "apps",
                 "endpoint": minio.endpoint, "insecure": true,
                 "sts": {"provider": "ldap", "endpoint": minio.sts_url(),
                         "secretRef": {"name": "ldap"}}}}),
    )
    .await;
    wait_for(&client, &ns, "ldap", "Ready via LDAP STS", |b| {
        ready_revision(b, &rev)
    })
    .await;

    // aws without a Secret: the controller's instance role through IMDSv2.
    apply(
        &client,
        &ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "Bucket",
        "metadata": {"name": "node"},
        "spec": {"interval": "1h", "provider": "aws", "bucketName": "apps",
                 "endpoint": minio.endpoint, "insecure": true}}),
    )
    .await;
    wait_for(&client, &ns, "node", "Ready via IMDS", |b| {
        ready_revision(b, &rev)
    })
    .await;
    let paths: Vec<String> = aws
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        paths[..3],
        [
            "PUT /latest/api/token".to_string(),
            "GET /latest/meta-data/iam/security-credentials/".to_string(),
            format!("GET /latest/meta-data/iam/security-credentials/{INSTANCE_ROLE}"),
        ]
    );

    // aws with serviceAccountName: a Kubernetes token for sts.amazonaws.com exchanged for the
    // annotated role's keys.
    let role = "arn:aws:iam::123456789012:role/bucket-reader";
    apply(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "ServiceAccount",
        "metadata": {"name": "bucket-reader",
                     "annotations": {"eks.amazonaws.com/role-arn": role}}}),
    )
    .await;
    apply(
        &client,
        &ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "Bucket",
        "metadata": {"name": "workload"},
        "spec": {"interval": "1h", "provider": "aws", "bucketName": "apps", "region": "us-east-1",
                 "serviceAccountName": "bucket-reader",
                 "endpoint": minio.endpoint, "insecure": true}}),
    )
    .await;
    wait_for(&client, &ns, "workload", "Ready via STS", |b| {
        ready_revision(b, &rev)
    })
    .await;
    let call = aws
        .requests()
        .into_iter()
        .find(|r| r.method == "POST")
        .expect("an STS call");
    assert_eq!(call.form["Action"], "AssumeRoleWithWebIdentity");
    assert_eq!(call.form["RoleArn"], role);
    assert_eq!(
        call.form["RoleSessionName"],
        format!("bucket-reader.{ns}.us-east-1.fluxcd.io")
    );
    let claims = call.form["WebIdentityToken"]
        .split('.')
        .nth(1)
        .unwrap()
        .to_string();
    let claims: serde_json::Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(claims.trim_end_matches('='))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["aud"], json!(["sts.amazonaws.com"]));
    assert_eq!(
        claims["sub"],
        format!("system:serviceaccount:{ns}:bucket-reader")
    );

    // A service account without the role annotation: Flux's message, no artifact.
    apply(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "ServiceAccount",
        "metadata": {"name": "no-role"}}),
    )
    .await;
    apply(
        &client,
        &ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "Bucket",
        "metadata": {"name": "no-role"},
        "spec": {"interval": "1h", "provider": "aws", "bucketName": "apps", "region": "us-east-1",
                 "serviceAccountName": "no-role",
                 "endpoint": minio.endpoint, "insecure": true}}),
    )
    .await;
    let b = wait_for(&client, &ns, "no-role", "failure", |b| {
        ready(b).is_some_and(|(s, _, _)| s == "False")
    })
    .await;
    let (_, reason, message) = ready(&b).unwrap();
    assert_eq!(reason, "AuthenticationFailed");
    assert!(
        message.starts_with(&format!(
            "AWS authentication failed: failed to get provider identity from service account '{ns}/no-role' annotations: invalid eks.amazonaws.com/role-arn annotation: ''"
        )),
        "{message}"
    );

    // A wrong LDAP password: Ready=False, the artifact kept, no password anywhere.
    apply(
        &client,
        &ns,
        json!({"apiVersion": "v1", "kind": "Secret",
        "metadata": {"name": "ldap"},
        "stringData": {"username": LDAP_USER, "password": "not-the-pa55word"}}),
    )
    .await;
    patch_spec(&client, &ns, "ldap", json!({"prefix": "app/"})).await;
    let b = wait_for(&client, &ns, "ldap", "LDAP failure", |b| {
        ready(b).is_some_and(|(s, _, _)| s == "False")
    })
    .await;
    let (_, reason, message) = ready(&b).unwrap();
    assert_eq!(reason, "BucketOperationFailed");
    assert!(
        message.starts_with("failed to confirm existence of 'apps' bucket: LDAP STS: "),
        "{message}"
    );
    assert!(!message.contains("not-the-pa55word") && !message.contains(LDAP_PASSWORD));
    assert_eq!(b.status.unwrap().artifact.unwrap().revision, rev);
    assert!(!serve.log().contains("not-the-pa55word"));

    // STS with the wrong provider for the bucket provider is refused by the CRD's rules.
    let mut cluster = flux::cluster::Cluster::new(client.clone());
    let err = cluster
        .apply(
            &json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "Bucket",
            "metadata": {"name": "bad-sts", "namespace": ns},
            "spec": {"interval": "1h", "provider": "generic", "bucketName": "apps",
                     "endpoint": minio.endpoint, "insecure": true,
                     "sts": {"provider": "aws", "endpoint": "https://sts.amazonaws.com"}}}),
        )
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("'ldap' is the only supported STS provider for the 'generic' Bucket provider"),
        "{err}"
    );
    drop(serve);

    // Without the ObjectLevelWorkloadIdentity gate, serviceAccountName stalls.
    let ns2 = support::namespace(&client, "bucket-gate").await;
    let _serve2 = support::serve(&["source-controller"], &ns2, &[]);
    apply(
        &client,
        &ns2,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "Bucket",
        "metadata": {"name": "gated"},
        "spec": {"interval": "1h", "provider": "aws", "bucketName": "apps", "region": "us-east-1",
                 "serviceAccountName": "bucket-reader",
                 "endpoint": minio.endpoint, "insecure": true}}),
    )
    .await;
    let b = wait_for(&client, &ns2, "gated", "gate", |b| {
        ready(b).is_some_and(|(s, _, _)| s == "False")
    })
    .await;
    let (_, reason, message) = ready(&b).unwrap();
    assert_eq!(
        (reason.as_str(), message.as_str()),
        (
            "FeatureGateDisabled",
            "to use spec.serviceAccountName for provider authentication please enable the ObjectLevelWorkloadIdentity feature gate in the controller"
        )
    );
}
