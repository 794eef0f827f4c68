//! The shared artifact fetcher against the real artifact file server: verified download and
//! safe extraction, digest mismatch refused before extraction, retries exhausted on 404.

use std::time::Duration;

use flux::artifact::fetch::{fetch, Error, FetchOptions};
use flux::artifact::storage::{router, Storage};

async fn serve(root: std::path::PathBuf) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move { axum::serve(listener, router(&root)).await.unwrap() });
    port
}

#[tokio::test]
async fn fetch_verifies_the_digest_and_extracts_safely() {
    let root = tempfile::tempdir().unwrap();
    let port = serve(root.path().to_path_buf()).await;
    let storage = Storage {
        root: root.path().to_path_buf(),
        advertised: format!("127.0.0.1:{port}"),
        retention_ttl: Duration::from_secs(60),
        retention_records: 2,
    };
    let src = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(src.path().join("deploy")).unwrap();
    std::fs::write(src.path().join("deploy/app.yaml"), "kind: ConfigMap\n").unwrap();
    let artifact = storage
        .store_dir(
            "GitRepository",
            "default",
            "app",
            src.path(),
            None,
            "main@sha1:abc",
        )
        .unwrap();
    let digest = artifact.digest.clone().unwrap();
    let quick = FetchOptions {
        retries: 1,
        timeout: Duration::from_secs(5),
        ..Default::default()
    };

    let dest = tempfile::tempdir().unwrap();
    fetch(&artifact.url, &digest, dest.path(), &quick)
        .await
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(dest.path().join("deploy/app.yaml")).unwrap(),
        "kind: ConfigMap\n"
    );

    let dest = tempfile::tempdir().unwrap();
    let wrong = format!("sha256:{}", "0".repeat(64));
    let err = fetch(&artifact.url, &wrong, dest.path(), &quick)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Digest { .. }), "{err:?}");
    assert!(
        std::fs::read_dir(dest.path()).unwrap().next().is_none(),
        "nothing extracted on mismatch"
    );

    let missing = format!("http://127.0.0.1:{port}/gitrepository/default/app/missing.tar.gz");
    let err = fetch(&missing, &digest, dest.path(), &quick)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Download { .. }), "{err:?}");
    assert!(err.to_string().contains("404"), "{err}");
}
