//! What "ready" means for a release's objects after install, upgrade and rollback, under the
//! two wait strategies of Flux's helm-controller (checked against helm-controller v1.6.3
//! `internal/action/wait.go`, fluxcd/pkg/ssa v0.76.1 `manager_wait.go` and Helm v4.2.1
//! `pkg/kube/ready.go`):
//!
//! - `poller` (the default): kstatus, failing fast on a failed object; paused Deployments are
//!   skipped; Jobs wait for completion through Flux's Job reader, or, with
//!   `disableWaitForJobs`, count as ready once started (kstatus's own rule); a Job with a TTL
//!   that is gone counts as done; `healthCheckExprs` decide for the kinds they name. Its errors
//!   are fluxcd/pkg/ssa's (`timeout waiting for: [...]`, `failed early due to stalled
//!   resources: [...]`).
//! - `legacy`: Helm's ReadyChecker: Pods ready, Deployments' new ReplicaSet ready within
//!   `maxUnavailable`, paused Deployments ready, DaemonSets and StatefulSets rolled out, PVCs
//!   bound, Services with a cluster IP (LoadBalancers with an ingress), CRDs established,
//!   ReplicaSets and ReplicationControllers observed with their Pods ready, and Jobs complete
//!   unless `disableWaitForJobs`; everything else is ready. It never fails fast; it times out
//!   with `context deadline exceeded`.
//!
//! Pure: live objects in, verdicts out; [`super::action`] polls.

use serde_json::Value;

use crate::health::{group_kind as kind_of, Health};

/// How objects are waited for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    /// kstatus polling (Flux's `poller`).
    Poller,
    /// Helm's legacy ReadyChecker (`legacy`).
    Legacy,
}

/// The wait of one action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wait {
    /// Whether objects are waited for at all (`disableWait` turns it off).
    pub enabled: bool,
    /// The strategy (`spec.waitStrategy.name`).
    pub strategy: Strategy,
    /// Whether Jobs are waited for until complete (`disableWaitForJobs` turns it off).
    pub jobs: bool,
}

impl Default for Wait {
    fn default() -> Self {
        Wait {
            enabled: true,
            strategy: Strategy::Poller,
            jobs: true,
        }
    }
}

fn int(v: &Value) -> i64 {
    v.as_i64().unwrap_or(0)
}

/// Whether the poller leaves this (desired) object out: a paused `apps/v1` Deployment, as
/// Flux copies from Helm.
pub fn poller_skips(obj: &Value) -> bool {
    obj["apiVersion"] == "apps/v1"
        && obj["kind"] == "Deployment"
        && obj["spec"]["paused"].as_bool() == Some(true)
}

/// Whether a Job that is gone counts as done: it has `ttlSecondsAfterFinished`.
pub fn job_with_ttl(obj: &Value) -> bool {
    kind_of(obj) == ("batch", "Job") && obj["spec"]["ttlSecondsAfterFinished"].is_number()
}

/// kstatus's own Job rule (used with `disableWaitForJobs`): complete or merely started is
/// current, failed is failed, not started is in progress.
pub fn kstatus_job(job: &Value) -> Health {
    let conditions = job["status"]["conditions"].as_array();
    let parallelism = job["spec"]["parallelism"].as_i64().unwrap_or(1);
    let completions = job["spec"]["completions"].as_i64().unwrap_or(parallelism);
    for c in conditions.into_iter().flatten() {
        if c["status"] != "True" {
            continue;
        }
        if c["type"] == "Complete" {
            return Health::Current;
        }
        if c["type"] == "Failed" {
            return Health::Failed(format!(
                "Job Failed. failed: {}/{completions}",
                int(&job["status"]["failed"])
            ));
        }
    }
    if job["status"]["startTime"]
        .as_str()
        .unwrap_or_default()
        .is_empty()
    {
        Health::InProgress(String::from("Job not started"))
    } else {
        Health::Current
    }
}

/// The poller's verdict on one live object: a matching `healthCheckExprs` entry, else
/// kstatus (Jobs per `jobs`).
pub fn poller_verdict(
    live: &Value,
    jobs: bool,
    exprs: &[crate::health::cel::HealthExpr],
) -> Health {
    if let Some(e) = exprs.iter().find(|e| e.matches(live)) {
        return e.assess(live);
    }
    if !jobs && kind_of(live) == ("batch", "Job") {
        return kstatus_job(live);
    }
    crate::health::assess(live)
}

/// `Kind/namespace/name` (`Kind/name` when cluster-scoped), fluxcd/pkg/ssa's `FmtObjMetadata`.
pub fn object_id(obj: &Value) -> String {
    let md = &obj["metadata"];
    let name = md["name"].as_str().unwrap_or_default();
    match md["namespace"].as_str().filter(|n| !n.is_empty()) {
        Some(ns) => format!("{}/{ns}/{name}", obj["kind"].as_str().unwrap_or_default()),
        None => format!("{}/{name}", obj["kind"].as_str().unwrap_or_default()),
    }
}

/// What the legacy checker needs beyond the object itself.
pub enum LegacyNeed {
    /// Nothing: the object decides.
    Nothing,
    /// The Deployment's ReplicaSets (by its selector), to find the new one.
    ReplicaSets(String),
    /// The Pods of the object's selector, all of which must be ready.
    Pods(String),
}

/// Which objects the legacy checker looks at (the kinds in Helm's `IsReady` switch); the rest
/// are ready as they are.
pub fn legacy_checks(obj: &Value, jobs: bool) -> bool {
    matches!(
        kind_of(obj),
        ("", "Pod")
            | ("apps", "Deployment")
            | ("", "PersistentVolumeClaim")
            | ("", "Service")
            | ("apps", "DaemonSet")
            | ("apiextensions.k8s.io", "CustomResourceDefinition")
            | ("apps", "StatefulSet")
            | ("", "ReplicationController")
            | ("apps", "ReplicaSet")
    ) || (jobs && kind_of(obj) == ("batch", "Job"))
}

/// The label selector (the API server's syntax) of a workload: `matchLabels` and
/// `matchExpressions`, or a ReplicationController's plain map.
pub fn selector_of(live: &Value) -> Result<String, String> {
    let sel = &live["spec"]["selector"];
    if kind_of(live) == ("", "ReplicationController") {
        let mut parts: Vec<String> = sel
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
            .collect();
        parts.sort();
        return Ok(parts.join(","));
    }
    let sel: k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector =
        serde_json::from_value(sel.clone()).map_err(|e| e.to_string())?;
    crate::cluster::selector_string(&sel)
}

/// What the legacy checker must fetch next for a live object.
pub fn legacy_need(live: &Value) -> Result<LegacyNeed, String> {
    Ok(match kind_of(live) {
        ("apps", "Deployment") if live["spec"]["paused"].as_bool() != Some(true) => {
            LegacyNeed::ReplicaSets(selector_of(live)?)
        }
        ("apps", "ReplicaSet") | ("", "ReplicationController") if observed(live) => {
            LegacyNeed::Pods(selector_of(live)?)
        }
        _ => LegacyNeed::Nothing,
    })
}

fn observed(o: &Value) -> bool {
    int(&o["status"]["observedGeneration"]) == int(&o["metadata"]["generation"])
}

fn true_condition(o: &Value, type_: &str, status: &str) -> bool {
    o["status"]["conditions"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|c| c["type"] == type_ && c["status"] == status)
}

/// The verdict on a DaemonSet or StatefulSet before its rollout is looked at: not ready
/// while its generation is unobserved, ready when it does not roll (`OnDelete`), else `None`.
fn not_rolling(o: &Value) -> Option<bool> {
    if !observed(o) {
        return Some(false);
    }
    (o["spec"]["updateStrategy"]["type"]
        .as_str()
        .unwrap_or("RollingUpdate")
        != "RollingUpdate")
        .then_some(true)
}

/// Helm's `isPodReady`.
pub fn pod_ready(pod: &Value) -> bool {
    true_condition(pod, "Ready", "True")
}

/// `intstr.GetScaledValueFromIntOrPercent`: an int as is, `N%` of `total` rounded up or down.
fn scaled(v: &Value, total: i64, round_up: bool) -> i64 {
    match v {
        Value::Number(n) => n.as_i64().unwrap_or(0),
        Value::String(s) => {
            let p: i64 = s.trim_end_matches('%').parse().unwrap_or(0);
            if round_up {
                (p * total + 99) / 100
            } else {
                p * total / 100
            }
        }
        _ => 0,
    }
}

/// Kubernetes' `deploymentutil.MaxUnavailable`: 0 unless rolling with replicas; surge and
/// unavailability resolved as fenceposts (both 0 → 1 unavailable); never above replicas.
pub fn max_unavailable(dep: &Value) -> i64 {
    let replicas = dep["spec"]["replicas"].as_i64().unwrap_or(1);
    let strategy = &dep["spec"]["strategy"];
    if strategy["type"].as_str().unwrap_or("RollingUpdate") != "RollingUpdate" || replicas == 0 {
        return 0;
    }
    let ru = &strategy["rollingUpdate"];
    let or_zero = |v: &Value| {
        if v.is_null() {
            Value::from(0)
        } else {
            v.clone()
        }
    };
    let surge = scaled(&or_zero(&ru["maxSurge"]), replicas, true);
    let mut unavailable = scaled(&or_zero(&ru["maxUnavailable"]), replicas, false);
    if surge == 0 && unavailable == 0 {
        unavailable = 1;
    }
    unavailable.min(replicas)
}

/// A pod template without the `pod-template-hash` label (`EqualIgnoreHash`).
fn template_without_hash(t: &Value) -> Value {
    let mut t = t.clone();
    if let Some(l) = t["metadata"]["labels"].as_object_mut() {
        l.remove("pod-template-hash");
        if l.is_empty() {
            t["metadata"].as_object_mut().map(|m| m.remove("labels"));
        }
    }
    t
}

/// Kubernetes' `FindNewReplicaSet` over the ReplicaSets the Deployment controls: the oldest
/// whose template equals the Deployment's, the hash label aside.
pub fn new_replica_set<'a>(dep: &Value, rss: &'a [Value]) -> Option<&'a Value> {
    let uid = dep["metadata"]["uid"].as_str()?;
    let want = template_without_hash(&dep["spec"]["template"]);
    let mut owned: Vec<&Value> = rss
        .iter()
        .filter(|rs| {
            rs["metadata"]["ownerReferences"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|o| o["controller"] == true && o["uid"] == uid)
        })
        .collect();
    owned.sort_by(|a, b| {
        let key = |r: &Value| {
            (
                r["metadata"]["creationTimestamp"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                r["metadata"]["name"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        };
        key(a).cmp(&key(b))
    });
    owned
        .into_iter()
        .find(|rs| template_without_hash(&rs["spec"]["template"]) == want)
}

/// Helm's `deploymentReady`, given the new ReplicaSet (none yet: not ready).
pub fn deployment_ready(dep: &Value, new_rs: Option<&Value>) -> bool {
    let Some(rs) = new_rs else {
        return false;
    };
    if !observed(rs) || !observed(dep) {
        return false;
    }
    let replicas = dep["spec"]["replicas"].as_i64().unwrap_or(1);
    int(&rs["status"]["readyReplicas"]) >= replicas - max_unavailable(dep)
}

/// Helm's legacy verdict on an object that needs nothing more than itself (and, for
/// ReplicaSets and ReplicationControllers, once their Pods are known to be ready): `Ok(ready)`,
/// or the error a failed Job gives.
pub fn legacy_ready(live: &Value) -> Result<bool, String> {
    let st = &live["status"];
    let spec = &live["spec"];
    Ok(match kind_of(live) {
        ("", "Pod") => pod_ready(live),
        ("batch", "Job") => {
            let backoff = spec["backoffLimit"].as_i64().unwrap_or(6);
            if int(&st["failed"]) > backoff {
                return Err(format!(
                    "job is failed: {}/{}",
                    live["metadata"]["namespace"].as_str().unwrap_or_default(),
                    live["metadata"]["name"].as_str().unwrap_or_default()
                ));
            }
            match spec["completions"].as_i64() {
                Some(c) => int(&st["succeeded"]) >= c,
                None => true,
            }
        }
        ("apps", "Deployment") => spec["paused"].as_bool() == Some(true),
        ("", "PersistentVolumeClaim") => st["phase"] == "Bound",
        ("", "Service") => {
            if spec["type"] == "ExternalName" {
                true
            } else if spec["clusterIP"].as_str().unwrap_or_default().is_empty() {
                false
            } else if spec["type"] == "LoadBalancer" {
                spec["externalIPs"]
                    .as_array()
                    .is_some_and(|a| !a.is_empty())
                    || !st["loadBalancer"]["ingress"].is_null()
            } else {
                true
            }
        }
        ("apps", "DaemonSet") => {
            if let Some(ready) = not_rolling(live) {
                ready
            } else {
                let desired = int(&st["desiredNumberScheduled"]);
                let mu = &spec["updateStrategy"]["rollingUpdate"]["maxUnavailable"];
                let max = if mu.is_null() {
                    desired
                } else {
                    scaled(mu, desired, true)
                };
                int(&st["updatedNumberScheduled"]) == desired
                    && int(&st["numberReady"]) >= desired - max
            }
        }
        ("apiextensions.k8s.io", "CustomResourceDefinition") => {
            true_condition(live, "Established", "True")
                || true_condition(live, "NamesAccepted", "False")
        }
        ("apps", "StatefulSet") => {
            if let Some(ready) = not_rolling(live) {
                ready
            } else {
                let partition = int(&spec["updateStrategy"]["rollingUpdate"]["partition"]);
                let replicas = spec["replicas"].as_i64().unwrap_or(1);
                int(&st["updatedReplicas"]) >= replicas - partition
                    && int(&st["readyReplicas"]) == replicas
                    && (partition != 0 || st["currentRevision"] == st["updateRevision"])
            }
        }
        ("apps", "ReplicaSet") | ("", "ReplicationController") => observed(live),
        _ => true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn without_waiting_for_jobs_a_started_job_is_current_and_a_failed_one_fails() {
        let job =
            |st: Value| json!({"apiVersion": "batch/v1", "kind": "Job", "spec": {}, "status": st});
        assert_eq!(
            poller_verdict(&job(json!({})), false, &[]),
            Health::InProgress("Job not started".into())
        );
        assert_eq!(
            poller_verdict(
                &job(json!({"startTime": "2026-01-01T00:00:00Z"})),
                false,
                &[]
            ),
            Health::Current
        );
        // Flux's Job reader waits for completion.
        assert!(matches!(
            poller_verdict(
                &job(json!({"startTime": "2026-01-01T00:00:00Z"})),
                true,
                &[]
            ),
            Health::InProgress(_)
        ));
        assert_eq!(
            poller_verdict(
                &job(json!({"failed": 2, "conditions": [{"type": "Failed", "status": "True"}]})),
                false,
                &[]
            ),
            Health::Failed("Job Failed. failed: 2/1".into())
        );
    }

    #[test]
    fn the_poller_skips_paused_deployments_and_ttl_jobs_are_known() {
        assert!(poller_skips(
            &json!({"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"paused": true}})
        ));
        assert!(!poller_skips(
            &json!({"apiVersion": "apps/v1", "kind": "Deployment", "spec": {}})
        ));
        assert!(job_with_ttl(
            &json!({"apiVersion": "batch/v1", "kind": "Job", "spec": {"ttlSecondsAfterFinished": 0}})
        ));
        assert!(!job_with_ttl(
            &json!({"apiVersion": "batch/v1", "kind": "Job", "spec": {}})
        ));
    }

    #[test]
    fn max_unavailable_resolves_fenceposts_as_kubernetes_does() {
        let d = |replicas: i64, ru: Value| json!({"spec": {"replicas": replicas, "strategy": {"type": "RollingUpdate", "rollingUpdate": ru}}});
        assert_eq!(
            max_unavailable(&d(4, json!({"maxSurge": "25%", "maxUnavailable": "25%"}))),
            1
        );
        assert_eq!(
            max_unavailable(&d(10, json!({"maxSurge": "25%", "maxUnavailable": "25%"}))),
            2
        );
        assert_eq!(
            max_unavailable(&d(3, json!({"maxSurge": 1, "maxUnavailable": 0}))),
            0
        );
        assert_eq!(
            max_unavailable(&d(3, json!({"maxSurge": 0, "maxUnavailable": 0}))),
            1
        );
        assert_eq!(max_unavailable(&d(0, json!({"maxUnavailable": 5}))), 0);
        assert_eq!(max_unavailable(&d(2, json!({"maxUnavailable": 5}))), 2);
        assert_eq!(
            max_unavailable(&json!({"spec": {"replicas": 3, "strategy": {"type": "Recreate"}}})),
            0
        );
    }

    #[test]
    fn a_deployment_is_ready_when_its_new_replica_set_is() {
        let tpl =
            json!({"metadata": {"labels": {"app": "a"}}, "spec": {"containers": [{"name": "c"}]}});
        let dep = json!({"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"uid": "u1", "generation": 2},
            "spec": {"replicas": 2, "template": tpl, "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 1}}},
            "status": {"observedGeneration": 2}});
        let mut new_tpl = tpl.clone();
        new_tpl["metadata"]["labels"]["pod-template-hash"] = json!("abc");
        let mut old_tpl = new_tpl.clone();
        old_tpl["spec"]["containers"][0]["name"] = json!("old");
        let rs = |name: &str, t: &Value, ready: i64, uid: &str| {
            json!({"metadata": {"name": name, "generation": 1,
            "creationTimestamp": "2026-01-01T00:00:00Z",
            "ownerReferences": [{"controller": true, "uid": uid}]},
            "spec": {"template": t}, "status": {"observedGeneration": 1, "readyReplicas": ready}})
        };
        let rss = vec![
            rs("old", &old_tpl, 2, "u1"),
            rs("other", &new_tpl, 2, "u2"),
            rs("new", &new_tpl, 1, "u1"),
        ];
        let found = new_replica_set(&dep, &rss).unwrap();
        assert_eq!(found["metadata"]["name"], "new");
        assert!(deployment_ready(&dep, Some(found)));
        let mut strict = dep.clone();
        strict["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] = json!(0);
        assert!(!deployment_ready(&strict, Some(found)));
        assert!(!deployment_ready(&dep, None));
        let mut unobserved = dep.clone();
        unobserved["status"]["observedGeneration"] = json!(1);
        assert!(!deployment_ready(&unobserved, Some(found)));
    }

    #[test]
    fn legacy_readiness_follows_helms_ready_checker() {
        let svc = |spec: Value, st: Value| json!({"apiVersion": "v1", "kind": "Service", "spec": spec, "status": st});
        assert!(!legacy_ready(&svc(json!({"clusterIP": ""}), json!({}))).unwrap());
        assert!(legacy_ready(&svc(json!({"clusterIP": "10.0.0.1"}), json!({}))).unwrap());
        assert!(legacy_ready(&svc(json!({"type": "ExternalName"}), json!({}))).unwrap());
        assert!(!legacy_ready(&svc(
            json!({"type": "LoadBalancer", "clusterIP": "10.0.0.1"}),
            json!({"loadBalancer": {}})
        ))
        .unwrap());
        assert!(legacy_ready(&svc(
            json!({"type": "LoadBalancer", "clusterIP": "10.0.0.1"}),
            json!({"loadBalancer": {"ingress": []}})
        ))
        .unwrap());
        let job = json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j", "namespace": "n"},
            "spec": {"backoffLimit": 1, "completions": 1}, "status": {"failed": 2}});
        assert_eq!(legacy_ready(&job).unwrap_err(), "job is failed: n/j");
        let running = json!({"apiVersion": "batch/v1", "kind": "Job", "spec": {"backoffLimit": 6, "completions": 1}, "status": {"active": 1}});
        assert!(!legacy_ready(&running).unwrap());
        assert!(legacy_checks(&running, true));
        assert!(!legacy_checks(&running, false));
        let pvc = json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "status": {"phase": "Pending"}});
        assert!(!legacy_ready(&pvc).unwrap());
        let crd = json!({"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "status": {"conditions": [{"type": "NamesAccepted", "status": "False"}]}});
        assert!(legacy_ready(&crd).unwrap());
        let sts = json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"generation": 1},
            "spec": {"replicas": 2, "updateStrategy": {"type": "RollingUpdate"}},
            "status": {"observedGeneration": 1, "updatedReplicas": 2, "readyReplicas": 2, "currentRevision": "a", "updateRevision": "b"}});
        assert!(!legacy_ready(&sts).unwrap());
        let ds = json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"generation": 1},
            "spec": {"updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1}}},
            "status": {"observedGeneration": 1, "desiredNumberScheduled": 3, "updatedNumberScheduled": 3, "numberReady": 2}});
        assert!(legacy_ready(&ds).unwrap());
        let cm = json!({"apiVersion": "v1", "kind": "ConfigMap"});
        assert!(!legacy_checks(&cm, true));
    }

    #[test]
    fn selectors_of_workloads_use_the_api_servers_syntax() {
        let rc = json!({"apiVersion": "v1", "kind": "ReplicationController", "spec": {"selector": {"b": "2", "a": "1"}}});
        assert_eq!(selector_of(&rc).unwrap(), "a=1,b=2");
        let rs = json!({"apiVersion": "apps/v1", "kind": "ReplicaSet", "spec": {"selector": {"matchLabels": {"app": "x"},
            "matchExpressions": [{"key": "tier", "operator": "In", "values": ["web"]}]}}});
        assert_eq!(selector_of(&rs).unwrap(), "app=x,tier in (web)");
        assert_eq!(
            object_id(&json!({"kind": "Job", "metadata": {"name": "j", "namespace": "n"}})),
            "Job/n/j"
        );
        assert_eq!(
            object_id(&json!({"kind": "ClusterRole", "metadata": {"name": "r"}})),
            "ClusterRole/r"
        );
    }
}
