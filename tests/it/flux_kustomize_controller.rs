//! Compatibility with Flux's own kustomize-controller (v1.9.4, the one Flux 2.9.4 ships, built
//! from its Go module): it reconciles Kustomizations from artifacts served by our
//! source-controller, and it records the same inventory as ours for the same source. Ours does
//! no writes to the applied objects when a reconcile changes nothing.

use crate::support;

use crate::support::kc_scenario::{run, Impl};

#[tokio::test]
async fn flux_kustomize_controller_reconciles_our_artifacts_like_ours() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ours = run(&client, Impl::Ours, 3, 2).await;
    let theirs = run(&client, Impl::Flux, 3, 2).await;
    assert!(
        theirs.revision.starts_with("main@sha1:"),
        "{}",
        theirs.revision
    );
    assert_eq!(ours.inventory, theirs.inventory);
    assert_eq!(ours.inventory.len(), 4, "{:?}", ours.inventory);
    assert_eq!(ours.noop.object_writes, 0, "{:?}", ours.noop);
}
