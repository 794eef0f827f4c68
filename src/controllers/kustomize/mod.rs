//! kustomize-controller: turns a source artifact into applied, garbage-collected cluster state.
//!
//! A run is: resolve the source and wait for its artifact -> fetch it (digest verified, safe
//! extraction) -> build it (Flux's build on the kustomize engine, with post-build substitution)
//! -> apply in stages with server-side apply as `kustomize-controller` -> prune what left the
//! inventory -> patch status once. Errors say what happens next: a source that is not ready is
//! waited for (`--requeue-dependency`), build/apply/prune failures are retried at
//! `spec.retryInterval`, and nothing is applied or pruned after a failed step.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use kube::api::{Api, DynamicObject, Patch, PatchParams};
use kube::runtime::controller::{Action, Controller};
use kube::runtime::finalizer::{finalizer, Event as FinalizerEvent};
use kube::runtime::{watcher, WatchStreamExt};
use kube::{Resource, ResourceExt};
use serde_json::{json, Value};

use crate::api::kustomize::{
    Kustomization, KustomizationStatus, PostBuild, ResourceInventory, ResourceRef,
};
use crate::api::meta::{annotation, condition, reason};
use crate::apply::{self, Applier, Change, InventoryEntry};
use crate::cluster::Cluster;
use crate::runtime::{conditions, jitter, metrics::Metrics, Backoff, Events, RuntimeOptions};

/// The controller name in events, metrics and field managers.
pub const CONTROLLER: &str = "kustomize-controller";
const KIND: &str = "Kustomization";

/// Shared state of the controller.
pub struct Context {
    /// Kubernetes client.
    pub client: kube::Client,
    /// Runtime settings.
    pub runtime: RuntimeOptions,
    /// Metrics.
    pub metrics: Metrics,
    /// Event recorder.
    pub events: Events,
    /// Retry backoff per object.
    pub backoff: Backoff,
    /// Impersonation: the base configuration, rate limits and `--default-service-account`.
    pub tenancy: Tenancy,
    /// API discovery of the controller's own cluster, kept across reconciles.
    pub discovery: crate::cluster::DiscoveryCache,
    /// Objects applied at once within an apply stage (`--concurrent-ssa`).
    pub concurrent_ssa: usize,
}

/// What the controller needs to act as a Kustomization's service account.
#[derive(Clone, Default)]
pub struct Tenancy {
    /// The controller's own client configuration (`None`: impersonation unavailable).
    pub config: Option<kube::Config>,
    /// Client QPS.
    pub qps: f32,
    /// Client burst.
    pub burst: u32,
    /// Service account used when a Kustomization names none (`--default-service-account`).
    pub default_service_account: Option<String>,
}

impl Context {
    /// Builds the context.
    pub fn new(
        client: kube::Client,
        runtime: RuntimeOptions,
        metrics: Metrics,
        tenancy: Tenancy,
        concurrent_ssa: usize,
    ) -> Arc<Self> {
        let events = Events::new(
            client.clone(),
            CONTROLLER,
            &runtime.instance,
            runtime.events_addr.clone(),
        );
        Arc::new(Context {
            client,
            runtime,
            metrics,
            events,
            backoff: Backoff::default(),
            tenancy,
            discovery: Default::default(),
            concurrent_ssa: concurrent_ssa.max(1),
        })
    }

    /// A client for a remote cluster from `spec.kubeConfig.secretRef` (key `value` or
    /// `value.yaml` unless the reference names one). The kubeconfig never appears in messages.
    async fn remote_client(
        &self,
        ns: &str,
        kc: &crate::api::meta::KubeConfigReference,
    ) -> Result<kube::Client, Error> {
        use k8s_openapi::api::core::v1::Secret;
        let Some(sref) = &kc.secret_ref else {
            return Err(failed(
                reason::RECONCILIATION_FAILED,
                "spec.kubeConfig: only secretRef is supported",
            ));
        };
        let secret = Api::<Secret>::namespaced(self.client.clone(), ns)
            .get(&sref.name)
            .await
            .map_err(|e| {
                failed(
                    reason::RECONCILIATION_FAILED,
                    format!(
                        "kubeconfig secret '{ns}/{}': {}",
                        sref.name,
                        crate::cluster::api_message(&e)
                    ),
                )
            })?;
        let data = secret.data.unwrap_or_default();
        let keys: Vec<String> = match &sref.key {
            Some(k) => vec![k.clone()],
            None => vec![String::from("value"), String::from("value.yaml")],
        };
        let Some(bytes) = keys.iter().find_map(|k| data.get(k)) else {
            return Err(failed(
                reason::RECONCILIATION_FAILED,
                format!(
                    "kubeconfig secret '{ns}/{}' has none of the keys {keys:?}",
                    sref.name
                ),
            ));
        };
        let text = String::from_utf8_lossy(&bytes.0).into_owned();
        let parsed = kube::config::Kubeconfig::from_yaml(&text).map_err(|_| {
            failed(
                reason::RECONCILIATION_FAILED,
                format!("kubeconfig secret '{ns}/{}': invalid kubeconfig", sref.name),
            )
        })?;
        let config = kube::Config::from_custom_kubeconfig(parsed, &Default::default())
            .await
            .map_err(|_| {
                failed(
                    reason::RECONCILIATION_FAILED,
                    format!(
                        "kubeconfig secret '{ns}/{}': unusable kubeconfig",
                        sref.name
                    ),
                )
            })?;
        crate::cluster::client::client_from_config(config, self.tenancy.qps, self.tenancy.burst)
            .map_err(|e| {
                failed(
                    reason::RECONCILIATION_FAILED,
                    format!("remote cluster client: {e}"),
                )
            })
    }

    /// The client to apply with: the controller's own, or one impersonating the
    /// Kustomization's service account (`spec.serviceAccountName`, else the default).
    /// The cluster a Kustomization applies to, as its identity; discovery is shared across
    /// reconciles for the controller's own cluster (remote clusters get a fresh cache).
    async fn cluster_for(&self, obj: &Kustomization) -> Result<Cluster, Error> {
        let client = self.client_for(obj).await?;
        Ok(if obj.spec.kube_config.is_some() {
            Cluster::new(client)
        } else {
            Cluster::with_cache(client, self.discovery.clone())
        })
    }

    async fn client_for(&self, obj: &Kustomization) -> Result<kube::Client, Error> {
        let ns = obj.namespace().unwrap_or_default();
        if let Some(kc) = &obj.spec.kube_config {
            return self.remote_client(&ns, kc).await;
        }
        let sa = obj
            .spec
            .service_account_name
            .clone()
            .or_else(|| self.tenancy.default_service_account.clone());
        let Some(sa) = sa.filter(|s| !s.is_empty()) else {
            return Ok(self.client.clone());
        };
        let Some(mut config) = self.tenancy.config.clone() else {
            return Err(failed(
                reason::RECONCILIATION_FAILED,
                "impersonation is not available: no client configuration",
            ));
        };
        config.auth_info.impersonate = Some(format!("system:serviceaccount:{ns}:{sa}"));
        crate::cluster::client::client_from_config(config, self.tenancy.qps, self.tenancy.burst)
            .map_err(|e| {
                failed(
                    reason::RECONCILIATION_FAILED,
                    format!("impersonating service account '{sa}': {e}"),
                )
            })
    }
}

/// Errors of one reconcile, classified by what happens next.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The source (or its artifact) is not there yet: wait and requeue.
    #[error("{message}")]
    Waiting {
        /// Condition reason.
        reason: &'static str,
        /// Message.
        message: String,
    },
    /// A step failed; retried at the retry interval.
    #[error("{message}")]
    Failed {
        /// Condition reason.
        reason: &'static str,
        /// Message.
        message: String,
    },
    /// The user must change something (a dependency cycle); no retry until a change.
    #[error("{message}")]
    Stalled {
        /// Condition reason.
        reason: &'static str,
        /// Message.
        message: String,
    },
    /// A Kubernetes API call failed.
    #[error(transparent)]
    Kube(#[from] kube::Error),
    /// The finalizer helper failed.
    #[error("finalizer: {0}")]
    Finalizer(String),
}

impl Error {
    fn reason(&self) -> &'static str {
        match self {
            Error::Waiting { reason, .. }
            | Error::Failed { reason, .. }
            | Error::Stalled { reason, .. } => reason,
            _ => reason::RECONCILIATION_FAILED,
        }
    }
}

fn failed(reason: &'static str, message: impl Into<String>) -> Error {
    Error::Failed {
        reason,
        message: message.into(),
    }
}

/// Runs the Kustomization controller until shutdown.
pub async fn run(ctx: Arc<Context>) {
    let api: Api<Kustomization> = if ctx.runtime.watch_all_namespaces {
        Api::all(ctx.client.clone())
    } else {
        Api::namespaced(ctx.client.clone(), &ctx.runtime.runtime_namespace)
    };
    let mut wc = watcher::Config::default();
    if let Some(sel) = &ctx.runtime.watch_label_selector {
        wc = wc.labels(sel);
    }
    let sources: Api<crate::api::source::GitRepository> = if ctx.runtime.watch_all_namespaces {
        Api::all(ctx.client.clone())
    } else {
        Api::namespaced(ctx.client.clone(), &ctx.runtime.runtime_namespace)
    };
    // Only a new generation, a reconcile request or a deletion triggers a run (as Flux's
    // GenerationChanged + ReconcileRequested predicates): the controller's own status and
    // finalizer patches do not.
    let (reader, writer) = kube::runtime::reflector::store();
    let trigger = watcher(api, wc)
        .default_backoff()
        .reflect(writer)
        .applied_objects()
        .predicate_filter(run_trigger, Default::default());
    let controller = Controller::for_stream(trigger, reader);
    let store = controller.store();
    controller
        // A new artifact re-reconciles every Kustomization that uses it (as Flux's source
        // watches do), instead of waiting for the next interval.
        .watches(
            sources,
            watcher::Config::default(),
            move |src: crate::api::source::GitRepository| {
                let ns = src.namespace().unwrap_or_default();
                let name = src.name_any();
                // Only a revision the Kustomization has not tried yet is worth a run; status
                // updates of the source with the same artifact are not.
                let revision = src
                    .status
                    .as_ref()
                    .and_then(|st| st.artifact.as_ref())
                    .map(|a| a.revision.clone());
                store
                    .state()
                    .into_iter()
                    .filter(|k| {
                        let r = &k.spec.source_ref;
                        r.kind == crate::api::kustomize::SourceKind::GitRepository
                            && r.name == name
                            && r.namespace
                                .clone()
                                .unwrap_or_else(|| k.namespace().unwrap_or_default())
                                == ns
                            && revision.is_some()
                            && k.status
                                .as_ref()
                                .and_then(|st| st.last_attempted_revision.clone())
                                != revision
                    })
                    .map(|k| kube::runtime::reflector::ObjectRef::from_obj(k.as_ref()))
                    .collect::<Vec<_>>()
            },
        )
        .with_config(
            kube::runtime::controller::Config::default().concurrency(ctx.runtime.concurrent),
        )
        .shutdown_on_signal()
        .run(reconcile, error_policy, ctx)
        .for_each(|res| async move {
            if let Err(e) = res {
                tracing::debug!(error = %e, "reconcile loop");
            }
        })
        .await;
}

/// What must change for a watch event to start a reconcile: the generation, the reconcile
/// request annotation, deletion, or the finalizers.
fn run_trigger(obj: &Kustomization) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    obj.metadata.generation.hash(&mut h);
    obj.metadata.deletion_timestamp.is_some().hash(&mut h);
    // The finalizer helper adds the finalizer and waits for the resulting watch event.
    obj.finalizers().hash(&mut h);
    obj.metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(annotation::RECONCILE_REQUESTED_AT))
        .hash(&mut h);
    Some(h.finish())
}

fn key(obj: &Kustomization) -> String {
    format!("{}/{}", obj.namespace().unwrap_or_default(), obj.name_any())
}

fn error_policy(obj: Arc<Kustomization>, err: &Error, ctx: Arc<Context>) -> Action {
    match err {
        Error::Waiting { .. } => Action::requeue(ctx.runtime.requeue_dependency),
        Error::Stalled { .. } => Action::await_change(),
        Error::Failed { .. } => Action::requeue(retry_interval(&obj)),
        _ => Action::requeue(ctx.backoff.failure(
            &key(&obj),
            ctx.runtime.min_retry_delay,
            ctx.runtime.max_retry_delay,
        )),
    }
}

fn retry_interval(obj: &Kustomization) -> Duration {
    obj.spec
        .retry_interval
        .as_ref()
        .unwrap_or(&obj.spec.interval)
        .std()
}

/// Reconciles one Kustomization (finalizer first; prunes its inventory on deletion).
pub async fn reconcile(obj: Arc<Kustomization>, ctx: Arc<Context>) -> Result<Action, Error> {
    let ns = obj.namespace().unwrap_or_default();
    let api: Api<Kustomization> = Api::namespaced(ctx.client.clone(), &ns);
    finalizer(&api, annotation::FINALIZER, obj, |event| async {
        match event {
            FinalizerEvent::Apply(o) => apply(o, ctx.clone()).await,
            FinalizerEvent::Cleanup(o) => cleanup(o, ctx.clone()).await,
        }
    })
    .await
    .map_err(|e| match e {
        kube::runtime::finalizer::Error::ApplyFailed(e)
        | kube::runtime::finalizer::Error::CleanupFailed(e) => e,
        other => Error::Finalizer(other.to_string()),
    })
}

/// On deletion with `prune: true`, deletes what the inventory lists (Flux's MirrorPrune).
async fn cleanup(obj: Arc<Kustomization>, ctx: Arc<Context>) -> Result<Action, Error> {
    use crate::api::kustomize::DeletionPolicy;
    let policy = obj.spec.deletion_policy.unwrap_or_default();
    let delete = match policy {
        DeletionPolicy::MirrorPrune => obj.spec.prune,
        DeletionPolicy::Delete | DeletionPolicy::WaitForTermination => true,
        DeletionPolicy::Orphan => false,
    };
    // A suspended Kustomization is let go without touching its objects, as in Flux.
    if delete && !obj.spec.suspend {
        let old = inventory_of(&obj);
        let mut cluster = ctx.cluster_for(&obj).await?;
        apply::prune(&mut cluster, &owner(&obj), &old, &[])
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
    ctx.backoff.success(&key(&obj));
    Ok(Action::await_change())
}

/// The Kustomization as the owner of what it applies: the field manager and its labels.
fn owner(obj: &Kustomization) -> apply::Owner {
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

/// What a successful run produced.
struct Outcome {
    revision: String,
    changes: Vec<Change>,
    inventory: Vec<InventoryEntry>,
}

/// One reconcile run of a Kustomization that holds the finalizer.
async fn apply(obj: Arc<Kustomization>, ctx: Arc<Context>) -> Result<Action, Error> {
    if obj.spec.suspend {
        tracing::info!(name = %obj.name_any(), "reconciliation is suspended for this object");
        return Ok(Action::await_change());
    }
    let started = Instant::now();
    let mut status = obj.status.clone().unwrap_or_default();
    if let Some(token) = crate::api::meta::requested_at(obj.metadata.annotations.as_ref()) {
        status.last_handled_reconcile_at = Some(token.to_string());
    }
    let generation = obj.metadata.generation;
    let result = run_steps(&obj, &ctx, &mut status).await;
    match &result {
        Ok(out) => {
            status.observed_generation = generation;
            status.last_applied_revision = Some(out.revision.clone());
            status.last_attempted_revision = Some(out.revision.clone());
            status.inventory = Some(ResourceInventory {
                entries: out
                    .inventory
                    .iter()
                    .map(|e| ResourceRef {
                        id: e.id.clone(),
                        v: e.version.clone(),
                    })
                    .collect(),
            });
            let msg = format!("Applied revision: {}", out.revision);
            conditions::set(
                &mut status.conditions,
                condition::READY,
                true,
                reason::RECONCILIATION_SUCCEEDED,
                &msg,
                generation,
            );
            for c in [condition::RECONCILING, condition::STALLED] {
                conditions::remove(&mut status.conditions, c);
            }
            let changed: Vec<String> = out
                .changes
                .iter()
                .filter(|c| !matches!(c.action, apply::Action::Unchanged | apply::Action::Skipped))
                .map(Change::to_string)
                .collect();
            let md = revision_metadata(&out.revision);
            if !changed.is_empty() {
                ctx.events
                    .publish_with(
                        obj.as_ref(),
                        false,
                        reason::PROGRESSING,
                        &changed.join("\n"),
                        md.clone(),
                    )
                    .await;
            }
            let next = obj.spec.interval.to_string();
            let note = format!(
                "Reconciliation finished in {}, next run in {next}",
                crate::api::Duration::from(started.elapsed())
            );
            // Flux marks the end-of-run event as a commit status refresh: chat providers
            // skip it, commit status providers post it.
            let mut md = md;
            md.insert(
                format!("{}/commit_status", crate::api::kustomize::GROUP),
                String::from("update"),
            );
            ctx.events
                .publish_with(
                    obj.as_ref(),
                    false,
                    reason::RECONCILIATION_SUCCEEDED,
                    &note,
                    md,
                )
                .await;
            ctx.backoff.success(&key(&obj));
        }
        Err(e) => {
            let msg = e.to_string();
            let r = e.reason();
            conditions::set(
                &mut status.conditions,
                condition::READY,
                false,
                r,
                &msg,
                generation,
            );
            if let Error::Stalled { .. } = e {
                status.observed_generation = generation;
                conditions::set(
                    &mut status.conditions,
                    condition::STALLED,
                    true,
                    r,
                    &msg,
                    generation,
                );
                conditions::remove(&mut status.conditions, condition::RECONCILING);
            } else {
                conditions::set(
                    &mut status.conditions,
                    condition::RECONCILING,
                    true,
                    reason::PROGRESSING_WITH_RETRY,
                    &msg,
                    generation,
                );
                conditions::remove(&mut status.conditions, condition::STALLED);
            }
            let md = status
                .last_attempted_revision
                .as_deref()
                .map(revision_metadata)
                .unwrap_or_default();
            ctx.events
                .publish_with(obj.as_ref(), true, r, &msg, md)
                .await;
        }
    }
    patch_status(&obj, &ctx, &status).await?;
    ctx.metrics.record(
        "kustomization",
        KIND,
        &obj.namespace().unwrap_or_default(),
        &obj.name_any(),
        started.elapsed().as_secs_f64(),
        result.is_ok(),
    );
    result?;
    Ok(Action::requeue(jitter(
        obj.spec.interval.std(),
        ctx.runtime.interval_jitter_percentage,
    )))
}

fn revision_metadata(revision: &str) -> BTreeMap<String, String> {
    let mut md = BTreeMap::new();
    md.insert(
        format!("{}/revision", crate::api::kustomize::GROUP),
        revision.to_string(),
    );
    md
}

/// The named steps: source, fetch, build, apply, prune.
async fn run_steps(
    obj: &Kustomization,
    ctx: &Context,
    status: &mut KustomizationStatus,
) -> Result<Outcome, Error> {
    let (url, digest, revision) = source_artifact(obj, ctx).await?;
    status.last_attempted_revision = Some(revision.clone());
    check_dependencies(obj, ctx, &revision).await?;
    let started = Instant::now();
    let objects = fetch_and_build(obj, ctx, &url, &digest).await?;
    // Every run that built something is recorded in `status.history` by the digest of what
    // was built (the YAML stream, as Flux digests it) and how it ended.
    let checksum = build_digest(&objects);
    let result = apply_prune_and_check(obj, ctx, status, &objects, revision).await;
    let ended = match &result {
        Ok(_) => reason::RECONCILIATION_SUCCEEDED,
        Err(e) => e.reason(),
    };
    let md = BTreeMap::from([(String::from("revision"), last_attempted(status))]);
    upsert_history(&mut status.history, &checksum, started.elapsed(), ended, md);
    result
}

fn last_attempted(status: &KustomizationStatus) -> String {
    status.last_attempted_revision.clone().unwrap_or_default()
}

/// `sha256:<hex>` of the built objects as a YAML stream.
fn build_digest(objects: &[Value]) -> String {
    let yaml = crate::goyaml::to_yaml_stream(objects.iter());
    crate::artifact::archive::digest_bytes(yaml.as_bytes()).to_string()
}

/// Flux's history rule: a run with the same digest and outcome as an earlier snapshot updates
/// it and moves it to the front; otherwise a new snapshot goes first; at most five are kept.
fn upsert_history(
    history: &mut Vec<crate::api::kustomize::Snapshot>,
    digest: &str,
    took: Duration,
    status: &str,
    metadata: BTreeMap<String, String>,
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

/// Steps 4 to 6 on a successful build: apply, prune, health.
async fn apply_prune_and_check(
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
fn ignore_rules(obj: &Kustomization) -> Result<Vec<apply::IgnoreSpec>, Error> {
    obj.spec
        .ignore
        .iter()
        .map(|r| {
            let selector = match &r.target {
                None => None,
                Some(t) => {
                    let sel = crate::kustomize::kustfile::Selector {
                        group: t.group.clone().unwrap_or_default(),
                        version: t.version.clone().unwrap_or_default(),
                        kind: t.kind.clone().unwrap_or_default(),
                        name: t.name.clone().unwrap_or_default(),
                        namespace: t.namespace.clone().unwrap_or_default(),
                        label_selector: t.label_selector.clone().unwrap_or_default(),
                        annotation_selector: t.annotation_selector.clone().unwrap_or_default(),
                    };
                    Some(
                        crate::kustomize::patch::SelectorRegex::new(&sel).map_err(|e| {
                            Error::Stalled {
                                reason: reason::RECONCILIATION_FAILED,
                                message: format!("spec.ignore: {e}"),
                            }
                        })?,
                    )
                }
            };
            Ok(apply::IgnoreSpec {
                selector,
                paths: r.paths.clone(),
            })
        })
        .collect()
}

/// Step 6: with `wait: true` every applied object, otherwise `healthChecks`, must become
/// current (kstatus) within `spec.timeout` (default: the interval). A workload that reports
/// failure fails the check at once. Sets the `Healthy` condition.
async fn check_health(
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
        .collect::<Result<Vec<_>, String>>()
        .map_err(|message| Error::Stalled {
            reason: reason::HEALTH_CHECK_FAILED,
            message,
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

/// Step 2: every `dependsOn` Kustomization is Ready at its current generation (and, when it
/// shares our source, has applied the same revision). A dependency cycle is reported with the
/// cycle spelled out and stalls until the specs change (Flux waits forever and never says why).
async fn check_dependencies(
    obj: &Kustomization,
    ctx: &Context,
    revision: &str,
) -> Result<(), Error> {
    if obj.spec.depends_on.is_empty() {
        return Ok(());
    }
    let own_ns = obj.namespace().unwrap_or_default();
    let me = format!("{own_ns}/{}", obj.name_any());
    if let Some(cycle) = find_cycle(ctx, &me, obj).await? {
        return Err(Error::Stalled {
            reason: reason::DEPENDENCY_NOT_READY,
            message: format!("dependency cycle: {}", cycle.join(" -> ")),
        });
    }
    for d in &obj.spec.depends_on {
        let ns = d.namespace.clone().unwrap_or_else(|| own_ns.clone());
        let id = format!("{ns}/{}", d.name);
        if ctx.runtime.no_cross_namespace_refs && ns != own_ns {
            return Err(failed(
                reason::ACCESS_DENIED,
                format!(
                    "can't access dependency '{id}', cross-namespace references have been blocked"
                ),
            ));
        }
        let api: Api<Kustomization> = Api::namespaced(ctx.client.clone(), &ns);
        let not_ready = |why: &str| Error::Waiting {
            reason: reason::DEPENDENCY_NOT_READY,
            message: format!("dependency '{id}' {why}"),
        };
        let dep = match api.get(&d.name).await {
            Ok(k) => k,
            Err(e) if crate::cluster::is_not_found(&e) => return Err(not_ready("not found")),
            Err(e) => return Err(e.into()),
        };
        let st = dep.status.clone().unwrap_or_default();
        // `readyExpr` replaces the built-in check (Ready at the current generation and, for the
        // same source, the same revision).
        if let Some(src) = d.ready_expr.as_deref().filter(|e| !e.trim().is_empty()) {
            let stalled = |message: String| Error::Stalled {
                reason: reason::DEPENDENCY_NOT_READY,
                message,
            };
            let expr = crate::health::cel::compile(src)
                .map_err(|e| stalled(format!("dependency '{id}' readyExpr: {e}")))?;
            let me = serde_json::to_value(obj).unwrap_or_default();
            let them = serde_json::to_value(&dep).unwrap_or_default();
            match expr.eval_bool(&[("self", &me), ("dep", &them)]) {
                Ok(true) => continue,
                Ok(false) => return Err(not_ready("is not ready (readyExpr is false)")),
                Err(e) => return Err(not_ready(&format!("readyExpr: {e}"))),
            }
        }
        let ready = st
            .conditions
            .iter()
            .any(|c| c.type_ == condition::READY && c.status == "True");
        if !ready || st.observed_generation != dep.metadata.generation {
            return Err(not_ready("is not ready"));
        }
        let same_source = dep.spec.source_ref == obj.spec.source_ref
            || (dep.spec.source_ref.kind == obj.spec.source_ref.kind
                && dep.spec.source_ref.name == obj.spec.source_ref.name
                && dep
                    .spec
                    .source_ref
                    .namespace
                    .clone()
                    .unwrap_or_else(|| ns.clone())
                    == obj
                        .spec
                        .source_ref
                        .namespace
                        .clone()
                        .unwrap_or_else(|| own_ns.clone()));
        if same_source && st.last_applied_revision.as_deref() != Some(revision) {
            return Err(not_ready(&format!(
                "is not up to date with revision '{revision}'"
            )));
        }
    }
    Ok(())
}

/// Follows `dependsOn` edges from `obj` (depth-first, at most 64 objects); returns the cycle
/// through `me` if there is one.
async fn find_cycle(
    ctx: &Context,
    me: &str,
    obj: &Kustomization,
) -> Result<Option<Vec<String>>, Error> {
    let mut stack: Vec<(String, Vec<String>)> = Vec::new();
    let own_ns = obj.namespace().unwrap_or_default();
    for d in &obj.spec.depends_on {
        let id = format!(
            "{}/{}",
            d.namespace.clone().unwrap_or_else(|| own_ns.clone()),
            d.name
        );
        stack.push((id.clone(), vec![me.to_string(), id]));
    }
    let mut seen = std::collections::BTreeSet::new();
    while let Some((id, path)) = stack.pop() {
        if id == me {
            return Ok(Some(path));
        }
        if !seen.insert(id.clone()) || seen.len() > 64 {
            continue;
        }
        let (ns, name) = id.split_once('/').unwrap_or(("", id.as_str()));
        let api: Api<Kustomization> = Api::namespaced(ctx.client.clone(), ns);
        let Ok(k) = api.get(name).await else { continue };
        for d in &k.spec.depends_on {
            let next = format!(
                "{}/{}",
                d.namespace.clone().unwrap_or_else(|| ns.to_string()),
                d.name
            );
            let mut p = path.clone();
            p.push(next.clone());
            stack.push((next, p));
        }
    }
    Ok(None)
}

/// Step 1: the source object and its artifact (url, digest, revision).
async fn source_artifact(
    obj: &Kustomization,
    ctx: &Context,
) -> Result<(String, String, String), Error> {
    let sref = &obj.spec.source_ref;
    let own_ns = obj.namespace().unwrap_or_default();
    let ns = sref.namespace.clone().unwrap_or_else(|| own_ns.clone());
    if ctx.runtime.no_cross_namespace_refs && ns != own_ns {
        return Err(failed(
            reason::ACCESS_DENIED,
            format!(
                "can't access '{}/{}/{}', cross-namespace references have been blocked",
                sref.kind.as_str(),
                ns,
                sref.name
            ),
        ));
    }
    let kind = sref.kind.as_str();
    let mut ar = crate::api::registry::expect(kind).api_resource();
    if let Some(av) = sref.api_version.as_deref().filter(|v| v.contains('/')) {
        ar = crate::cluster::api_resource(av, kind, &ar.plural);
    }
    let api: Api<DynamicObject> = Api::namespaced_with(ctx.client.clone(), &ns, &ar);
    let source = match api.get(&sref.name).await {
        Ok(s) => s,
        Err(e) if crate::cluster::is_not_found(&e) => {
            return Err(Error::Waiting {
                reason: reason::ARTIFACT_FAILED,
                message: format!("Source '{kind}/{ns}/{}' not found", sref.name),
            })
        }
        Err(e) => return Err(e.into()),
    };
    let artifact = &source.data["status"]["artifact"];
    let (Some(url), Some(revision)) = (artifact["url"].as_str(), artifact["revision"].as_str())
    else {
        return Err(Error::Waiting {
            reason: reason::DEPENDENCY_NOT_READY,
            message: format!(
                "Source artifact not found, retrying in {}",
                crate::api::Duration::from(ctx.runtime.requeue_dependency)
            ),
        });
    };
    let digest = artifact["digest"].as_str().unwrap_or_default();
    Ok((url.to_string(), digest.to_string(), revision.to_string()))
}

/// Steps 2 and 3: download and extract the artifact, then build (nothing is applied when this
/// fails).
async fn fetch_and_build(
    obj: &Kustomization,
    ctx: &Context,
    url: &str,
    digest: &str,
) -> Result<Vec<Value>, Error> {
    let tmp = tempfile::tempdir().map_err(|e| {
        failed(
            reason::ARTIFACT_FAILED,
            format!("creating a work directory: {e}"),
        )
    })?;
    crate::artifact::fetch::fetch(url, digest, tmp.path(), &Default::default())
        .await
        .map_err(|e| failed(reason::ARTIFACT_FAILED, e.to_string()))?;
    let root = std::fs::canonicalize(tmp.path())
        .map_err(|e| failed(reason::ARTIFACT_FAILED, e.to_string()))?;
    let path = obj.spec.path.clone().unwrap_or_else(|| String::from("./"));
    let dir = crate::kustomize::flux::resolve_path(&root, &path).map_err(|_| {
        failed(
            reason::ARTIFACT_FAILED,
            format!("kustomization path not found: {path}"),
        )
    })?;
    let own_ns = obj.namespace().unwrap_or_default();
    let substitute_from = match &obj.spec.post_build {
        Some(pb) => substitute_values(&ctx.client, &own_ns, pb)
            .await
            .map_err(|e| failed(reason::BUILD_FAILED, e))?,
        None => BTreeMap::new(),
    };
    let keys = match &obj.spec.decryption {
        Some(d) => Some(
            decryption_keys(&ctx.client, &own_ns, d)
                .await
                .map_err(|e| failed(reason::BUILD_FAILED, e))?,
        ),
        None => None,
    };
    let name = obj.name_any();
    let spec = obj.spec.clone();
    // The build is CPU-bound and touches only files: keep it off the async workers.
    tokio::task::spawn_blocking(move || {
        let b = crate::kustomize::flux::FluxBuild {
            name: &name,
            namespace: &own_ns,
            spec: &spec,
            dir: &dir,
            root: &root,
            ignore_paths: &[],
            strict_substitute: true,
            substitute_from,
            decryption: keys.as_ref(),
        };
        let out = crate::kustomize::flux::build(&b);
        drop(tmp);
        out
    })
    .await
    .map_err(|e| failed(reason::BUILD_FAILED, format!("build task: {e}")))?
    .map_err(|e| failed(reason::BUILD_FAILED, e.to_string()))
}

/// Imports the SOPS keys of `decryption.secretRef`: every `*.agekey` entry (age identities)
/// and `*.asc` entry (armored OpenPGP secret keys). Key material never appears in errors.
pub async fn decryption_keys(
    client: &kube::Client,
    ns: &str,
    d: &crate::api::kustomize::Decryption,
) -> Result<crate::sops::Keys, String> {
    use k8s_openapi::api::core::v1::Secret;
    let mut keys = crate::sops::Keys::default();
    let Some(r) = &d.secret_ref else {
        return Ok(keys);
    };
    let secret = Api::<Secret>::namespaced(client.clone(), ns)
        .get(&r.name)
        .await
        .map_err(|e| {
            format!(
                "cannot get sops decryption Secret '{ns}/{}': {}",
                r.name,
                crate::cluster::api_message(&e)
            )
        })?;
    for (name, value) in secret.data.iter().flatten() {
        let res = if name.ends_with(".agekey") {
            keys.import_age(&String::from_utf8_lossy(&value.0))
        } else if name.ends_with(".asc") {
            keys.import_pgp(&value.0)
        } else {
            continue;
        };
        res.map_err(|e| {
            format!(
                "failed to import '{name}' data from sops decryption Secret '{ns}/{}': {e}",
                r.name
            )
        })?;
    }
    Ok(keys)
}

/// Reads `postBuild.substituteFrom` (in order; earlier sources win, optional missing ones are
/// skipped). Values never appear in errors.
pub async fn substitute_values(
    client: &kube::Client,
    ns: &str,
    pb: &PostBuild,
) -> Result<BTreeMap<String, String>, String> {
    use k8s_openapi::api::core::v1::{ConfigMap, Secret};
    let mut out = BTreeMap::new();
    for r in &pb.substitute_from {
        let kind = format!("{:?}", r.kind);
        let values: Result<BTreeMap<String, String>, kube::Error> = if kind == "Secret" {
            Api::<Secret>::namespaced(client.clone(), ns)
                .get(&r.name)
                .await
                .map(|s| {
                    let mut m: BTreeMap<String, String> = s
                        .data
                        .unwrap_or_default()
                        .into_iter()
                        .map(|(k, v)| (k, String::from_utf8_lossy(&v.0).into_owned()))
                        .collect();
                    m.extend(s.string_data.unwrap_or_default());
                    m
                })
        } else {
            Api::<ConfigMap>::namespaced(client.clone(), ns)
                .get(&r.name)
                .await
                .map(|c| c.data.unwrap_or_default())
        };
        match values {
            Ok(v) => {
                for (k, val) in v {
                    out.entry(k).or_insert(val);
                }
            }
            Err(e) if r.optional && crate::cluster::is_not_found(&e) => {}
            Err(e) => {
                return Err(format!(
                    "substitute from '{kind}/{}' failed: {}",
                    r.name,
                    crate::cluster::api_message(&e)
                ))
            }
        }
    }
    Ok(out)
}

/// Writes status with server-side apply as `kustomize-controller` (the one status write).
async fn patch_status(
    obj: &Kustomization,
    ctx: &Context,
    status: &KustomizationStatus,
) -> Result<(), Error> {
    let api: Api<Kustomization> =
        Api::namespaced(ctx.client.clone(), &obj.namespace().unwrap_or_default());
    let patch = json!({
        "apiVersion": Kustomization::api_version(&()),
        "kind": KIND,
        "status": status,
    });
    api.patch_status(
        &obj.name_any(),
        &PatchParams::apply(CONTROLLER).force(),
        &Patch::Apply(&patch),
    )
    .await?;
    Ok(())
}
