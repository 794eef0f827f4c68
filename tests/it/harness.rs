//! The harness itself: it stops what it starts, and the controllers it runs have the
//! credentials `flux install` gives them, not cluster admin.

use std::time::{Duration, Instant};

use crate::support::{self, control_plane};

fn wait_all_gone(pids: &[u32], within: Duration) -> Vec<u32> {
    let deadline = Instant::now() + within;
    loop {
        let left: Vec<u32> = pids
            .iter()
            .copied()
            .filter(|p| control_plane::alive(*p))
            .collect();
        if left.is_empty() || Instant::now() >= deadline {
            return left;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Dropping a control plane stops etcd, kube-apiserver and kube-controller-manager.
#[test]
fn no_control_plane_process_outlives_its_harness() {
    let bin = support::binaries().expect("control plane binaries");
    let tmp = tempfile::tempdir().unwrap();
    let cp = support::ControlPlane::start(&bin, tmp.path()).expect("control plane");
    let pids = cp.pids();
    assert_eq!(pids.len(), 3);
    assert!(pids.iter().all(|p| control_plane::alive(*p)));
    drop(cp);
    assert_eq!(
        wait_all_gone(&pids, Duration::from_secs(1)),
        Vec::<u32>::new(),
        "still running after drop"
    );
}

/// The watchdog (which stops the per-process control plane kept in a static) stops every
/// control-plane process, API server first, once the process it watches exits.
#[test]
fn the_watchdog_stops_the_control_plane_when_the_test_process_exits() {
    let bin = support::binaries().expect("control plane binaries");
    let tmp = tempfile::tempdir().unwrap();
    let cp = support::ControlPlane::start(&bin, tmp.path()).expect("control plane");
    let pids = cp.pids();
    // A stand-in for the test process: the watchdog follows it.
    let mut parent = std::process::Command::new("sleep")
        .arg("600")
        .spawn()
        .unwrap();
    cp.watchdog(parent.id());
    // Keep the harness from stopping them itself: only the watchdog may.
    std::mem::forget(cp);
    std::thread::sleep(Duration::from_millis(500));
    assert!(pids.iter().all(|p| control_plane::alive(*p)));
    parent.kill().unwrap();
    parent.wait().unwrap();
    let grace = control_plane::GRACE * 2 + Duration::from_secs(5);
    assert_eq!(
        wait_all_gone(&pids, grace),
        Vec::<u32>::new(),
        "control plane processes outlived the watched process"
    );
}

/// `support::serve` runs controllers as the ServiceAccounts `flux install` creates, bound to
/// the roles it binds: source-controller may read Secrets but not create Deployments;
/// kustomize-controller (cluster-reconciler) may.
#[tokio::test]
async fn controllers_run_with_the_service_accounts_flux_install_gives_them() {
    let admin = support::client().await;
    let ns = support::namespace(&admin, "rbac").await;
    let dir = tempfile::tempdir().unwrap();
    for (controller, may_create_deployments) in
        [("source-controller", false), ("kustomize-controller", true)]
    {
        let kc = support::installed_credentials(&ns, &[controller], dir.path());
        let client = support::client_on(&kc).await;
        let review: serde_json::Value = client
            .request(
                http::Request::post("/apis/authentication.k8s.io/v1/selfsubjectreviews")
                    .header("content-type", "application/json")
                    .body(
                        serde_json::to_vec(&serde_json::json!({
                            "apiVersion": "authentication.k8s.io/v1",
                            "kind": "SelfSubjectReview"
                        }))
                        .unwrap(),
                    )
                    .unwrap(),
            )
            .await
            .expect("SelfSubjectReview");
        assert_eq!(
            review["status"]["userInfo"]["username"],
            format!("system:serviceaccount:{ns}:{controller}")
        );
        let can = |verb: &str, group: &str, resource: &str| {
            let client = client.clone();
            let body = serde_json::json!({
                "apiVersion": "authorization.k8s.io/v1",
                "kind": "SelfSubjectAccessReview",
                "spec": {"resourceAttributes": {"namespace": ns, "verb": verb, "group": group, "resource": resource}},
            });
            async move {
                let r: serde_json::Value = client
                    .request(
                        http::Request::post(
                            "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
                        )
                        .header("content-type", "application/json")
                        .body(serde_json::to_vec(&body).unwrap())
                        .unwrap(),
                    )
                    .await
                    .expect("SelfSubjectAccessReview");
                r["status"]["allowed"].as_bool().unwrap_or(false)
            }
        };
        assert!(
            can("get", "", "secrets").await,
            "{controller} reads Secrets"
        );
        assert!(
            can(
                "patch",
                "source.toolkit.fluxcd.io",
                "gitrepositories/status"
            )
            .await,
            "{controller} patches Flux status"
        );
        assert_eq!(
            can("create", "apps", "deployments").await,
            may_create_deployments,
            "{controller} creating Deployments"
        );
    }
}
