//! Step 5 of a Kustomization run, and its deletion: server-side apply in stages as
//! `kustomize-controller` with the Kustomization's ownership labels, `spec.ignore` rules, the
//! new inventory, and prune of what left it (only what the Kustomization still owns, never
//! after a failed apply); on deletion, the deletion policy decides what its inventory loses.

use kube::ResourceExt;
use serde_json::Value;

use super::{failed, health::check_health, Context, Error, Outcome, CONTROLLER};
use crate::api::kustomize::{Kustomization, KustomizationStatus, ResourceInventory, ResourceRef};
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
    };
    let mut changes = applier
        .apply_all(objects)
        .await
        .map_err(|e| failed(reason::RECONCILIATION_FAILED, e.to_string()))?;
    let inventory = apply::inventory(objects);
    if obj.spec.prune {
        let old = inventory_of(obj);
        let pruned = apply::prune(&mut cluster, &owner, &old, &inventory)
            .await
            .map_err(|e| failed(reason::PRUNE_FAILED, e.to_string()))?;
        changes.extend(pruned);
    }
    // The inventory is what is in the cluster now, whatever the health checks say.
    status.inventory = Some(ResourceInventory {
        entries: inventory
            .iter()
            .map(|e| ResourceRef {
                id: e.id.clone(),
                v: e.version.clone(),
            })
            .collect(),
    });
    check_health(obj, &mut cluster, objects, status).await?;
    Ok(Outcome {
        revision,
        changes,
        inventory,
    })
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
