//! `status.history`: Flux's snapshots of the last reconciliations, keyed by the digest of what
//! was built and how the run ended. Pure.

use std::time::Duration;

/// Flux's history rule: a run with the same digest and outcome as an earlier snapshot updates
/// it and moves it to the front; otherwise a new snapshot goes first; at most five are kept.
pub(super) fn upsert_history(
    history: &mut Vec<crate::api::kustomize::Snapshot>,
    digest: &str,
    took: Duration,
    status: &str,
    metadata: crate::api::StringMap,
) {
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
    let now = Time(k8s_openapi::jiff::Timestamp::now());
    let took = crate::api::Duration::from(took);
    match history
        .iter()
        .position(|h| h.digest == digest && h.last_reconciled_status == status)
    {
        Some(i) => {
            let mut snap = history.remove(i);
            snap.last_reconciled = now;
            snap.last_reconciled_duration = took;
            snap.total_reconciliations += 1;
            snap.metadata = Some(metadata);
            history.insert(0, snap);
        }
        None => history.insert(
            0,
            crate::api::kustomize::Snapshot {
                digest: digest.to_string(),
                first_reconciled: now.clone(),
                last_reconciled: now,
                last_reconciled_duration: took,
                last_reconciled_status: status.to_string(),
                total_reconciliations: 1,
                metadata: Some(metadata),
            },
        ),
    }
    history.truncate(5);
}
