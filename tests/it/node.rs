//! Tests that need a real node (`support::node`): pods scheduled, images imported from OCI
//! layout tars, containers run by containerd and runc.

use crate::support::node::{Node, NODE, PAUSE_IMAGE};
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, DeleteParams};
use serde_json::json;

/// A pod of an image imported from an OCI layout tar (no registry) is scheduled, runs and is
/// deleted; the node comes and goes without leaving processes behind.
#[tokio::test]
async fn a_pod_from_an_imported_image_runs_on_the_node_and_is_deleted() {
    let _one = NODE.lock().await;
    let node = match Node::start(&[]).await {
        Ok(n) => n,
        Err(e) => panic!("the node did not start: {e}"),
    };
    let client = node.client().await;
    let pods: Api<Pod> = Api::namespaced(client.clone(), "default");
    let pod: Pod = serde_json::from_value(json!({
        "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "sleeper"},
        "spec": {"terminationGracePeriodSeconds": 0, "containers": [{
            "name": "main", "image": PAUSE_IMAGE, "imagePullPolicy": "Never"}]}
    }))
    .unwrap();
    pods.create(&Default::default(), &pod).await.unwrap();
    let mut phase = String::new();
    for _ in 0..240 {
        let p = pods.get("sleeper").await.unwrap();
        phase = p.status.and_then(|s| s.phase).unwrap_or_default();
        if phase == "Running" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    assert_eq!(
        phase,
        "Running",
        "kubelet:\n{}\ncontainerd:\n{}",
        node.log("kubelet"),
        node.log("containerd")
    );
    pods.delete("sleeper", &DeleteParams::default())
        .await
        .unwrap();
    let mut gone = false;
    for _ in 0..120 {
        if pods.get_opt("sleeper").await.unwrap().is_none() {
            gone = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    assert!(gone, "the pod was not deleted:\n{}", node.log("kubelet"));
}
