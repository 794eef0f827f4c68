//! Step 5 of a Kustomization run, and its deletion: server-side apply in stages as
//! `kustomize-controller` with the Kustomization's ownership labels, `spec.ignore` rules, the
//! new inventory (recorded before an apply that creates objects, so that nothing it creates
//! escapes pruning), and prune of what left it (only what the Kustomization still owns, never
//! after a failed apply); on deletion, the deletion policy decides what its inventory loses.

use kube::ResourceExt;
use serde_json::Value;

use super::{failed, health::check_health, inventory_status, Context, Error, Outcome, CONTROLLER};
use crate::api::kustomize::{Kustomization, KustomizationStatus};
use crate::api::meta::reason;
use crate::apply::{self, Applier, InventoryEntry};

/// Steps 4 to 6 on a successful build: apply, prune, health.
pub(super) async fn apply_prune_and_check(
    obj: &Kustomization,
    ctx: &Context,
    status: &mut KustomizationStatus,
    objects: &[Value],
    revision: String,
) -> Result<Outcome, Error> {
    let mut cluster = ctx.cluster_for(obj).await?;
    let ignore = ignore_rules(obj)?;
    let owner = owner(obj);
    let mut applier = Applier {
        ignore: &ignore,
        cluster: &mut cluster,
        owner: &owner,
        force: obj.spec.force,
        concurrency: ctx.concurrent_ssa,
        crd_timeout: obj
            .spec
            .timeout
            .as_ref()
            .unwrap_or(&obj.spec.interval)
            .std(),
        // A remote cluster's objects are not watched.
        memo: obj.spec.kube_config.is_none().then_some(&ctx.applied),
        custom_stage: &ctx.custom_stage_kinds,
        cleanup: Some(&ctx.cleanup),
    };
    let inventory = apply::inventory(objects);
    let old = inventory_of(obj);
    let pending = obj
        .spec
        .prune
        .then(|| pending_inventory(&old, &inventory))
        .flatten();
    // Recorded while the first stage is dry-run, before anything is written.
    let record = async {
        match &pending {
            Some(p) => record_pending(obj, ctx, p).await,
            None => Ok(()),
        }
    };
    let applied = applier.apply_all_after(objects, record).await;
    if let Some(p) = &pending {
        if !matches!(applied, Err(apply::GateOr::Gate(_))) {
            // A failed apply keeps it too: what it created before failing stays prunable.
            status.inventory = Some(inventory_status(p));
        }
    }
    let mut changes = applied.map_err(|e| match e {
        apply::GateOr::Gate(e) => e,
        apply::GateOr::Apply(e) => failed(reason::RECONCILIATION_FAILED, e.to_string()),
    })?;
    if obj.spec.prune {
        let pruned = apply::prune(&mut cluster, &owner, &old, &inventory)
            .await
            .map_err(|e| failed(reason::PRUNE_FAILED, e.to_string()))?;
        changes.extend(pruned);
    }
    // The inventory is what is in the cluster now, whatever the health checks say.
    status.inventory = Some(inventory_status(&inventory));
    check_health(obj, &mut cluster, objects, status).await?;
    Ok(Outcome {
        revision,
        changes,
        inventory,
    })
}

/// The inventory to record before an apply that creates objects the recorded one lacks: both
/// together. Flux records the inventory only after a successful apply, so an object created
/// by an apply that then fails, or by a controller killed before its status patch, is in no
/// inventory and is never pruned once the repository drops it. `None` when the build adds
/// nothing (every no-op run), which needs no extra write.
pub(super) fn pending_inventory(
    old: &[InventoryEntry],
    new: &[InventoryEntry],
) -> Option<Vec<InventoryEntry>> {
    // Prune goes by id: an entry whose version alone changed is already prunable.
    let known: std::collections::BTreeSet<&str> = old.iter().map(|e| e.id.as_str()).collect();
    let added = new.iter().filter(|e| !known.contains(e.id.as_str()));
    let union: std::collections::BTreeSet<InventoryEntry> =
        old.iter().chain(added).cloned().collect();
    (union.len() > old.len()).then(|| union.into_iter().collect())
}

/// Writes the pending inventory to the Kustomization's status (a merge patch of
/// `status.inventory` alone, so the run's own status patch later owns the whole status).
async fn record_pending(
    obj: &Kustomization,
    ctx: &Context,
    pending: &[InventoryEntry],
) -> Result<(), Error> {
    let api: kube::Api<Kustomization> =
        kube::Api::namespaced(ctx.client.clone(), &obj.namespace().unwrap_or_default());
    let patch = serde_json::json!({"status": {"inventory": inventory_status(pending)}});
    api.patch_status(
        &obj.name_any(),
        &kube::api::PatchParams::default(),
        &kube::api::Patch::Merge(&patch),
    )
    .await?;
    Ok(())
}

/// `spec.ignore` as apply rules; a bad selector is the user's to fix.
pub(super) fn ignore_rules(obj: &Kustomization) -> Result<Vec<apply::IgnoreSpec>, Error> {
    obj.spec
        .ignore
        .iter()
        .map(|r| {
            apply::IgnoreSpec::from_api(r.target.as_ref(), &r.paths).map_err(|e| Error::Stalled {
                reason: reason::RECONCILIATION_FAILED,
                message: format!("spec.ignore: {e}"),
            })
        })
        .collect()
}

/// The Kustomization as the owner of what it applies: the field manager and its labels.
pub(super) fn owner(obj: &Kustomization) -> apply::Owner {
    apply::Owner {
        field_manager: CONTROLLER.to_string(),
        group: crate::api::kustomize::GROUP.to_string(),
        name: obj.name_any(),
        namespace: obj.namespace().unwrap_or_default(),
    }
}

/// The inventory recorded in a Kustomization's status.
pub fn inventory_of(obj: &Kustomization) -> Vec<InventoryEntry> {
    obj.status
        .as_ref()
        .and_then(|s| s.inventory.as_ref())
        .map(|inv| {
            inv.entries
                .iter()
                .map(|e| InventoryEntry {
                    id: e.id.clone(),
                    version: e.v.clone(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// On deletion with `prune: true`, deletes what the inventory lists (Flux's MirrorPrune).
pub(super) async fn cleanup(obj: &Kustomization, ctx: &Context) -> Result<(), Error> {
    use crate::api::kustomize::DeletionPolicy;
    let policy = obj.spec.deletion_policy.unwrap_or_default();
    let delete = match policy {
        DeletionPolicy::MirrorPrune => obj.spec.prune,
        DeletionPolicy::Delete | DeletionPolicy::WaitForTermination => true,
        DeletionPolicy::Orphan => false,
    };
    // A suspended Kustomization is let go without touching its objects, as in Flux.
    if delete && !obj.spec.suspend {
        let old = inventory_of(obj);
        let mut cluster = ctx.cluster_for(obj).await?;
        apply::prune(&mut cluster, &owner(obj), &old, &[])
            .await
            .map_err(|e| failed(reason::PRUNE_FAILED, e.to_string()))?;
        if policy == DeletionPolicy::WaitForTermination {
            let timeout = obj
                .spec
                .timeout
                .as_ref()
                .unwrap_or(&obj.spec.interval)
                .std();
            apply::wait_deleted(&mut cluster, &old, timeout)
                .await
                .map_err(|e| failed(reason::PRUNE_FAILED, e.to_string()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str) -> InventoryEntry {
        InventoryEntry {
            id: id.to_string(),
            version: String::from("v1"),
        }
    }

    #[test]
    fn a_build_that_adds_objects_records_old_and_new_together_before_applying() {
        let old = [entry("ns_a__ConfigMap"), entry("ns_b__ConfigMap")];
        let new = [entry("ns_b__ConfigMap"), entry("ns_c__ConfigMap")];
        let pending = pending_inventory(&old, &new).expect("c is new");
        let ids: Vec<&str> = pending.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            ["ns_a__ConfigMap", "ns_b__ConfigMap", "ns_c__ConfigMap"]
        );
    }

    #[test]
    fn a_build_that_adds_nothing_needs_no_extra_write() {
        let old = [entry("ns_a__ConfigMap"), entry("ns_b__ConfigMap")];
        assert_eq!(pending_inventory(&old, &old[..1]), None);
        assert_eq!(pending_inventory(&old, &[]), None);
        let moved_version = [InventoryEntry {
            version: String::from("v2"),
            ..entry("ns_a__ConfigMap")
        }];
        assert_eq!(pending_inventory(&old, &moved_version), None);
    }
}
