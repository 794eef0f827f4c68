//! Step 6 of a Kustomization run: with `wait: true` every applied object, otherwise
//! `healthChecks`, must become current (kstatus, or a matching `healthCheckExprs` CEL rule)
//! within `spec.timeout`. Sets the `Healthy` condition; a workload that reports failure fails
//! the check at once.

use std::time::{Duration, Instant};

use kube::ResourceExt;
use serde_json::{json, Value};

use super::{failed, Error};
use crate::api::kustomize::{Kustomization, KustomizationStatus};
use crate::api::meta::{condition, reason};
use crate::cluster::Cluster;
use crate::runtime::conditions;

/// Step 6: with `wait: true` every applied object, otherwise `healthChecks`, must become
/// current (kstatus) within `spec.timeout` (default: the interval). A workload that reports
/// failure fails the check at once. Sets the `Healthy` condition.
pub(super) async fn check_health(
    obj: &Kustomization,
    cluster: &mut Cluster,
    applied: &[Value],
    status: &mut KustomizationStatus,
) -> Result<(), Error> {
    let targets: Vec<Value> = if obj.spec.wait {
        applied
            .iter()
            .map(|o| json!({"apiVersion": o["apiVersion"], "kind": o["kind"], "metadata": {"name": o["metadata"]["name"], "namespace": o["metadata"]["namespace"]}}))
            .collect()
    } else {
        let own_ns = obj.namespace().unwrap_or_default();
        obj.spec
            .health_checks
            .iter()
            .map(|h| {
                let mut md = json!({"name": h.name});
                let ns = h.namespace.clone().unwrap_or_else(|| own_ns.clone());
                md["namespace"] = json!(ns);
                json!({"apiVersion": h.api_version.clone().unwrap_or_else(|| String::from("v1")), "kind": h.kind, "metadata": md})
            })
            .collect()
    };
    let generation = obj.metadata.generation;
    if targets.is_empty() {
        conditions::remove(&mut status.conditions, condition::HEALTHY);
        return Ok(());
    }
    let exprs = obj
        .spec
        .health_check_exprs
        .iter()
        .map(crate::health::cel::HealthExpr::new)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Error::Stalled {
            reason: reason::HEALTH_CHECK_FAILED,
            message: e.to_string(),
        })?;
    let timeout = obj
        .spec
        .timeout
        .as_ref()
        .unwrap_or(&obj.spec.interval)
        .std();
    let started = Instant::now();
    loop {
        let mut pending = Vec::new();
        for t in &targets {
            let subject = crate::cluster::object_ref(t);
            let name = t["metadata"]["name"].as_str().unwrap_or_default();
            // Cluster-scoped objects carry a null namespace: drop it for the lookup.
            let mut lookup = t.clone();
            if lookup["metadata"]["namespace"].is_null() {
                lookup["metadata"]
                    .as_object_mut()
                    .map(|m| m.remove("namespace"));
            }
            let api = match cluster.api_for(&lookup).await {
                Ok(a) => a,
                Err(e) => {
                    pending.push(format!("{subject} status: '{e}'"));
                    continue;
                }
            };
            match api.get(name).await {
                Ok(live) => {
                    let live = serde_json::to_value(live).unwrap_or_default();
                    // A matching `healthCheckExprs` entry decides instead of kstatus.
                    let verdict = match exprs.iter().find(|e| e.matches(&live)) {
                        Some(e) => e.assess(&live),
                        None => crate::health::assess(&live),
                    };
                    match verdict {
                        crate::health::Health::Current => {}
                        crate::health::Health::InProgress(why) => {
                            pending.push(format!("{subject} status: 'InProgress': {why}"))
                        }
                        crate::health::Health::Failed(why) => {
                            let msg = format!(
                                "health check failed after {}: {subject} status: 'Failed': {why}",
                                crate::api::Duration::from(started.elapsed())
                            );
                            conditions::set(
                                &mut status.conditions,
                                condition::HEALTHY,
                                false,
                                reason::HEALTH_CHECK_FAILED,
                                &msg,
                                generation,
                            );
                            return Err(failed(reason::HEALTH_CHECK_FAILED, msg));
                        }
                    }
                }
                Err(e) if crate::cluster::is_not_found(&e) => {
                    pending.push(format!("{subject} status: 'NotFound'"))
                }
                Err(e) => pending.push(format!(
                    "{subject} status: '{}'",
                    crate::cluster::api_message(&e)
                )),
            }
        }
        if pending.is_empty() {
            conditions::set(
                &mut status.conditions,
                condition::HEALTHY,
                true,
                reason::SUCCEEDED,
                "Health check passed",
                generation,
            );
            return Ok(());
        }
        if started.elapsed() >= timeout {
            let msg = format!(
                "health check failed after {}: timeout waiting for: [{}]",
                crate::api::Duration::from(started.elapsed()),
                pending.join(", ")
            );
            conditions::set(
                &mut status.conditions,
                condition::HEALTHY,
                false,
                reason::HEALTH_CHECK_FAILED,
                &msg,
                generation,
            );
            return Err(failed(reason::HEALTH_CHECK_FAILED, msg));
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
