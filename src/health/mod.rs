//! Readiness of arbitrary objects, by kstatus rules: what "current" means for built-in
//! workloads, Jobs, Pods, PVCs, Services, CRDs and Namespaces, and for objects with Flux-style
//! `Ready` conditions. Pure: objects in, a verdict out; the controller polls.

pub mod cel;

use serde_json::Value;

/// The verdict for one object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Health {
    /// Reconciled and ready.
    Current,
    /// Still progressing, with why.
    InProgress(String),
    /// Failed; waiting longer will not help (fail fast), with why.
    Failed(String),
}

fn i(v: &Value) -> i64 {
    v.as_i64().unwrap_or(0)
}

fn condition<'a>(obj: &'a Value, type_: &str) -> Option<&'a Value> {
    obj["status"]["conditions"]
        .as_array()?
        .iter()
        .find(|c| c["type"] == type_)
}

fn is_true(c: Option<&Value>) -> bool {
    c.is_some_and(|c| c["status"] == "True")
}

/// The API group (empty for the core group) and kind of an object.
pub fn group_kind(obj: &Value) -> (&str, &str) {
    let group = obj["apiVersion"]
        .as_str()
        .unwrap_or_default()
        .rsplit_once('/')
        .map(|(g, _)| g)
        .unwrap_or("");
    (group, obj["kind"].as_str().unwrap_or_default())
}

/// Assesses one live object.
pub fn assess(obj: &Value) -> Health {
    let status = &obj["status"];
    let generation = obj["metadata"]["generation"].as_i64();
    let observed = status["observedGeneration"].as_i64();
    let (group, kind) = group_kind(obj);
    if generation.is_some() && observed.is_some() && observed < generation {
        return Health::InProgress(String::from("generation not yet observed"));
    }
    let spec_replicas = obj["spec"]["replicas"].as_i64().unwrap_or(1);
    match (group, kind) {
        ("apps", "Deployment") => {
            if observed.is_none() {
                return Health::InProgress(String::from("generation not yet observed"));
            }
            if let Some(c) = condition(obj, "Progressing") {
                if c["reason"] == "ProgressDeadlineExceeded" {
                    return Health::Failed(format!(
                        "Progress deadline exceeded: {}",
                        c["message"].as_str().unwrap_or_default()
                    ));
                }
            }
            let updated = i(&status["updatedReplicas"]);
            let available = i(&status["availableReplicas"]);
            let total = i(&status["replicas"]);
            if updated < spec_replicas {
                return Health::InProgress(format!("Updated: {updated}/{spec_replicas}"));
            }
            if total > updated {
                return Health::InProgress(format!("Pending termination: {}", total - updated));
            }
            if available < spec_replicas {
                return Health::InProgress(format!("Available: {available}/{spec_replicas}"));
            }
            Health::Current
        }
        ("apps", "StatefulSet") => {
            if observed.is_none() {
                return Health::InProgress(String::from("generation not yet observed"));
            }
            let ready = i(&status["readyReplicas"]);
            if ready < spec_replicas {
                return Health::InProgress(format!("Ready: {ready}/{spec_replicas}"));
            }
            if status["updateRevision"] != status["currentRevision"]
                && !status["updateRevision"].is_null()
            {
                return Health::InProgress(String::from("Partitioned roll out in progress"));
            }
            Health::Current
        }
        ("apps", "DaemonSet") => {
            if observed.is_none() {
                return Health::InProgress(String::from("generation not yet observed"));
            }
            let desired = i(&status["desiredNumberScheduled"]);
            let available = i(&status["numberAvailable"]);
            let updated = i(&status["updatedNumberScheduled"]);
            if updated < desired || available < desired {
                return Health::InProgress(format!("Available: {available}/{desired}"));
            }
            Health::Current
        }
        ("apps", "ReplicaSet") => {
            let available = i(&status["availableReplicas"]);
            if available < spec_replicas {
                return Health::InProgress(format!("Available: {available}/{spec_replicas}"));
            }
            Health::Current
        }
        ("batch", "Job") => {
            if let Some(c) = condition(obj, "Failed").filter(|c| c["status"] == "True") {
                return Health::Failed(format!(
                    "Job failed: {}",
                    c["message"]
                        .as_str()
                        .or(c["reason"].as_str())
                        .unwrap_or_default()
                ));
            }
            if is_true(condition(obj, "Complete")) {
                Health::Current
            } else {
                Health::InProgress(String::from("Job in progress"))
            }
        }
        ("", "Pod") => match status["phase"].as_str() {
            Some("Succeeded") => Health::Current,
            Some("Failed") => Health::Failed(format!(
                "Pod failed: {}",
                status["reason"].as_str().unwrap_or_default()
            )),
            Some("Running") if is_true(condition(obj, "Ready")) => Health::Current,
            _ => Health::InProgress(String::from("Pod is not ready")),
        },
        ("", "PersistentVolumeClaim") => match status["phase"].as_str() {
            Some("Bound") => Health::Current,
            _ => Health::InProgress(String::from("PVC is not Bound")),
        },
        ("", "Namespace") => match status["phase"].as_str() {
            Some("Terminating") => Health::InProgress(String::from("Namespace is terminating")),
            _ => Health::Current,
        },
        ("", "Service") => {
            if obj["spec"]["type"] == "LoadBalancer"
                && status["loadBalancer"]["ingress"]
                    .as_array()
                    .is_none_or(|a| a.is_empty())
            {
                Health::InProgress(String::from("Pending external IP"))
            } else {
                Health::Current
            }
        }
        ("apiextensions.k8s.io", "CustomResourceDefinition") => {
            if is_true(condition(obj, "Established")) {
                Health::Current
            } else {
                Health::InProgress(String::from("CRD is not established"))
            }
        }
        _ => match condition(obj, "Ready") {
            None => Health::Current,
            Some(c) if c["status"] == "True" => {
                if generation.is_some() && observed != generation {
                    Health::InProgress(String::from("generation not yet observed"))
                } else {
                    Health::Current
                }
            }
            Some(c) => {
                let msg = c["message"].as_str().unwrap_or_default().to_string();
                if is_true(condition(obj, "Stalled")) {
                    Health::Failed(msg)
                } else {
                    Health::InProgress(msg)
                }
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn workloads_follow_kstatus() {
        let d = |st: Value| json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"generation": 2}, "spec": {"replicas": 2}, "status": st});
        assert_eq!(
            assess(&d(json!({"observedGeneration": 1}))),
            Health::InProgress("generation not yet observed".into())
        );
        assert!(matches!(
            assess(&d(
                json!({"observedGeneration": 2, "updatedReplicas": 2, "replicas": 2, "availableReplicas": 1})
            )),
            Health::InProgress(_)
        ));
        assert_eq!(
            assess(&d(
                json!({"observedGeneration": 2, "updatedReplicas": 2, "replicas": 2, "availableReplicas": 2})
            )),
            Health::Current
        );
        let failed = d(
            json!({"observedGeneration": 2, "conditions": [{"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded", "message": "too slow"}]}),
        );
        assert!(matches!(assess(&failed), Health::Failed(m) if m.contains("too slow")));
        let zero = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"generation": 1}, "spec": {"replicas": 0}, "status": {"observedGeneration": 1}});
        assert_eq!(assess(&zero), Health::Current);
        let job = json!({"apiVersion": "batch/v1", "kind": "Job", "status": {"conditions": [{"type": "Failed", "status": "True", "reason": "BackoffLimitExceeded"}]}});
        assert!(matches!(assess(&job), Health::Failed(_)));
    }

    #[test]
    fn flux_objects_need_ready_at_their_generation() {
        let k = |ready: &str, observed: i64| {
            json!({"apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization", "metadata": {"generation": 2},
            "status": {"observedGeneration": observed, "conditions": [{"type": "Ready", "status": ready, "message": "m"}]}})
        };
        assert_eq!(assess(&k("True", 2)), Health::Current);
        assert!(matches!(assess(&k("True", 1)), Health::InProgress(_)));
        assert!(matches!(assess(&k("False", 2)), Health::InProgress(_)));
        assert_eq!(
            assess(&json!({"apiVersion": "v1", "kind": "ConfigMap"})),
            Health::Current
        );
    }
}
