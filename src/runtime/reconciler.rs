//! The reconcile shell every controller shares: a kind implements [`Reconciler`] (its named
//! steps, its cleanup on deletion, what else it watches) and this module does the rest, once.
//!
//! One run: finalizer (kube's helper) -> suspend -> `requestedAt` copied to
//! `lastHandledReconcileAt` -> the kind's steps on a per-run status -> Ready/Reconciling/Stalled
//! summarised by Flux's rules -> Kubernetes Events and Flux event payloads -> **one** status
//! patch (server-side apply as the controller, skipped when nothing changed) -> metrics ->
//! the next run chosen by what happened: the interval with jitter after success, nothing
//! until a change when stalled, `--requeue-dependency` while waiting, the kind's retry
//! interval or exponential backoff after a failure. It knows no particular kind.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use kube::api::{Api, Patch, PatchParams};
use kube::runtime::controller::Action;
use kube::runtime::finalizer::{finalizer, Event as FinalizerEvent};
use kube::{Resource, ResourceExt};

use super::{conditions, jitter, metrics::Metrics, Backoff, Events, RuntimeOptions};
use crate::api::meta::{annotation, condition, reason, ObjectStatus, Reconcilable};

/// What happens after a failed run; the one error policy maps it to a requeue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Class {
    /// The user must change something (`Stalled=True`): no retry until the object changes,
    /// or until `recheck` has passed when set (a condition that another object's change can
    /// lift, such as a dependency cycle, is looked at again on the object's interval).
    Stalled {
        /// Look again after this long, whatever changed (boxed: `Class` stays 16 bytes).
        recheck: Option<Box<Duration>>,
    },
    /// A dependency is not ready yet: check again after `--requeue-dependency`.
    Waiting,
    /// May pass on retry: after `after`, or with exponential backoff when `None`.
    Retry {
        /// A fixed retry delay (e.g. `spec.retryInterval`), else backoff.
        after: Option<Duration>,
    },
}

/// A failed run: its class, the Ready reason and the message (never a secret value).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct Failure {
    /// What happens next.
    pub class: Class,
    /// The Ready condition's reason (empty: the kind's [`Reconciler::FAILURE_REASON`]).
    pub reason: String,
    /// The message, for the condition and the event.
    pub message: String,
    /// The Stalled condition's reason and message when they are not Ready's (helm-controller's
    /// `RetriesExceeded`: `Failed to install after 2 attempt(s)` beside the failure in Ready).
    pub stalled_condition: Option<Box<(String, String)>>,
    /// The Reconciling condition's message when it is not the failure's (helm-controller's
    /// `retrying after 5m0s` under the `RetryOnFailure` strategy).
    pub reconciling_message: Option<Box<String>>,
    /// Events of what the run did before it failed (helm-controller's `InstallSucceeded` then
    /// `TestFailed`), recorded before the failure's own.
    pub events: Vec<Event>,
}

impl Failure {
    /// This failure with its own reason and message for the Stalled condition.
    pub fn with_stalled_condition(mut self, reason: &str, message: impl Into<String>) -> Failure {
        self.stalled_condition = Some(Box::new((reason.to_string(), message.into())));
        self
    }

    /// This failure with its own message for the Reconciling condition.
    pub fn with_reconciling_message(mut self, message: impl Into<String>) -> Failure {
        self.reconciling_message = Some(Box::new(message.into()));
        self
    }

    /// This failure after the events of what the run did first.
    pub fn after_events(mut self, events: Vec<Event>) -> Failure {
        self.events = events;
        self
    }

    /// This stalled failure looked at again after `after` (see [`Class::Stalled`]).
    pub fn recheck_after(mut self, after: Duration) -> Failure {
        if let Class::Stalled { recheck } = &mut self.class {
            *recheck = Some(Box::new(after));
        }
        self
    }

    /// A failure only a change of the object can fix.
    pub fn stalled(reason: &str, message: impl Into<String>) -> Failure {
        Failure {
            class: Class::Stalled { recheck: None },
            reason: reason.to_string(),
            message: message.into(),
            stalled_condition: None,
            reconciling_message: None,
            events: Vec::new(),
        }
    }

    /// A dependency that is not ready yet.
    pub fn waiting(reason: &str, message: impl Into<String>) -> Failure {
        Failure {
            class: Class::Waiting,
            reason: reason.to_string(),
            message: message.into(),
            stalled_condition: None,
            reconciling_message: None,
            events: Vec::new(),
        }
    }

    /// A failure retried with exponential backoff.
    pub fn retry(reason: &str, message: impl Into<String>) -> Failure {
        Failure {
            class: Class::Retry { after: None },
            reason: reason.to_string(),
            message: message.into(),
            stalled_condition: None,
            reconciling_message: None,
            events: Vec::new(),
        }
    }

    /// A failure retried after a fixed delay.
    pub fn retry_after(reason: &str, message: impl Into<String>, after: Duration) -> Failure {
        Failure {
            class: Class::Retry { after: Some(after) },
            reason: reason.to_string(),
            message: message.into(),
            stalled_condition: None,
            reconciling_message: None,
            events: Vec::new(),
        }
    }
}

impl From<kube::Error> for Failure {
    /// API errors may pass on retry; the message is what the API server said.
    fn from(e: kube::Error) -> Failure {
        super::note_api_error(&e);
        Failure {
            class: Class::Retry { after: None },
            reason: String::new(),
            message: crate::cluster::api_message(&e),
            stalled_condition: None,
            reconciling_message: None,
            events: Vec::new(),
        }
    }
}

/// An event to record (Kubernetes Event, and Flux's payload to the notification-controller
/// when the controller posts them).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Event {
    /// Warning (severity error) or Normal (info).
    pub warning: bool,
    /// The reason.
    pub reason: String,
    /// The message.
    pub message: String,
    /// Group-prefixed metadata keys (e.g. `source.toolkit.fluxcd.io/revision`).
    pub metadata: BTreeMap<String, String>,
}

impl Event {
    /// A Normal event.
    pub fn normal(reason: &str, message: impl Into<String>) -> Event {
        Event {
            warning: false,
            reason: reason.to_string(),
            message: message.into(),
            metadata: BTreeMap::new(),
        }
    }

    /// A Warning event.
    pub fn warning(reason: &str, message: impl Into<String>) -> Event {
        Event {
            warning: true,
            ..Event::normal(reason, message)
        }
    }

    /// The same event with metadata.
    pub fn with_metadata(mut self, metadata: BTreeMap<String, String>) -> Event {
        self.metadata = metadata;
        self
    }
}

/// A successful run.
#[derive(Clone, Debug, Default)]
pub struct Success {
    /// Ready=True reason.
    pub reason: &'static str,
    /// Ready=True message.
    pub message: String,
    /// Events to record, in order.
    pub events: Vec<Event>,
}

/// One kind's reconciler: its named steps, cleanup and watches. The shell is in this module.
pub trait Reconciler: Send + Sync + 'static {
    /// The reconciled kind.
    type Object: Reconcilable;
    /// The controller (field manager, event source, lease), e.g. `source-controller`.
    const CONTROLLER: &'static str;
    /// controller-runtime's controller name in metrics, e.g. `gitrepository`.
    const NAME: &'static str;
    /// The Ready reason of failures that carry none (API errors).
    const FAILURE_REASON: &'static str = reason::FAILED;
    /// Whether runs post Flux's event payload to the notification-controller (it does not
    /// post to itself).
    const POSTS_EVENTS: bool = true;
    /// Whether the kind holds a finalizer (and so gets [`Reconciler::cleanup`]).
    const FINALIZER: bool = true;
    /// The finalizer's name: Flux's `finalizers.fluxcd.io`, or the kind's own.
    const FINALIZER_NAME: &'static str = annotation::FINALIZER;

    /// The steps of one run on a non-suspended object. `status` starts as the object's status
    /// (with `lastHandledReconcileAt` already set); steps set their own conditions in it and
    /// the shell sets Ready, Reconciling, Stalled and `observedGeneration` from the result.
    fn reconcile(
        &self,
        obj: &Self::Object,
        status: &mut <Self::Object as Reconcilable>::Status,
    ) -> impl Future<Output = Result<Success, Failure>> + Send;

    /// Cleanup when the object is deleted (before the finalizer is removed).
    fn cleanup(&self, obj: &Self::Object) -> impl Future<Output = Result<(), Failure>> + Send;

    /// Metadata for the Warning event of a failed run (e.g. the revision it was about).
    fn failure_metadata(
        &self,
        _obj: &Self::Object,
        _status: &<Self::Object as Reconcilable>::Status,
    ) -> BTreeMap<String, String> {
        BTreeMap::new()
    }

    /// Whether the object is static (reconciled by nobody: Flux's `type: oci` HelmRepository).
    /// The shell then removes Flux's finalizer and clears the status once, and does nothing
    /// more until the object changes.
    fn is_static(&self, _obj: &Self::Object) -> bool {
        false
    }

    /// Registers the other kinds whose changes request runs of this one.
    fn watches(&self, _w: &mut super::manager::Watches<'_, Self::Object>) {}
}

/// Errors that end a run, for kube's controller loop; [`error_policy`] decides the requeue.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The kind's steps failed.
    #[error(transparent)]
    Failed(#[from] Failure),
    /// The status patch failed.
    #[error("patching status: {0}")]
    Status(#[source] kube::Error),
    /// kube's finalizer helper failed.
    #[error("finalizer: {0}")]
    Finalizer(String),
}

/// What a running controller shares between runs.
pub struct Context<R: Reconciler> {
    /// The kind's reconciler.
    pub reconciler: Arc<R>,
    /// The controller's client (status patches, finalizers).
    pub client: kube::Client,
    /// Runtime settings.
    pub options: RuntimeOptions,
    /// Metrics.
    pub metrics: Metrics,
    /// The event recorder of this controller.
    pub events: Events,
    /// Backoff per object.
    pub backoff: Backoff,
    /// The watch cache of the kind, which runs read their object from.
    pub store: kube::runtime::reflector::Store<R::Object>,
    /// When each object runs again on its own (its interval, a retry, a dependency wait).
    pub requeues: Arc<super::requeue::Requeues>,
    /// Whether this replica leads (always true without leader election): a run that comes
    /// due while it does not (a requeue scheduled before the lease was lost) does nothing;
    /// taking the lease again runs every object.
    pub leading: tokio::sync::watch::Receiver<bool>,
    /// The resourceVersion each object's last status patch wrote, until its next run has
    /// seen the watch cache reach it (see [`caught_up`]).
    pub written: std::sync::Mutex<std::collections::HashMap<String, String>>,
}

fn key<K: Resource>(obj: &K) -> String {
    super::requeue::key_of(
        obj.meta().namespace.as_deref().unwrap_or_default(),
        obj.meta().name.as_deref().unwrap_or_default(),
    )
}

/// When an object runs again on its own after a run: after this long, or (`None`) only when
/// it changes.
type Then = Option<Duration>;

/// Hands the next run to the controller's requeue timers (kube's scheduler then holds
/// nothing for the object between runs).
fn schedule<R: Reconciler>(obj: &R::Object, ctx: &Context<R>, then: Then) -> Action {
    let key = key(obj);
    match then {
        Some(after) => ctx.requeues.schedule(&key, after),
        None => ctx.requeues.cancel(&key),
    }
    Action::await_change()
}

/// kube's reconcile entry point: the finalizer first, then one run (or the cleanup); the
/// next run goes to the controller's requeue timers.
pub async fn reconcile<R: Reconciler>(
    obj: Arc<R::Object>,
    ctx: Arc<Context<R>>,
) -> Result<Action, Error> {
    let obj = caught_up(obj, &ctx).await;
    let then = reconcile_once(obj.clone(), &ctx).await?;
    Ok(schedule(obj.as_ref(), &ctx, then))
}

/// The object as the last run's status patch left it. A run that starts before the watch
/// cache holds that patch would read the status from before it (for a HelmRelease, a history
/// without the release it just made, which looks unmanaged and is upgraded again): it waits
/// for the cache (10 s at most, as Flux's `waitForHistoryCacheSync`) and reads the object
/// again. Waiting here rather than after the patch keeps the worker free meanwhile; the next
/// run of an object seldom comes before the cache has caught up.
async fn caught_up<R: Reconciler>(obj: Arc<R::Object>, ctx: &Context<R>) -> Arc<R::Object> {
    let written = ctx
        .written
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .remove(&key(obj.as_ref()));
    match written {
        Some(w) if !rv_reached(obj.meta().resource_version.as_deref(), &w) => {
            let reached = wait_for_cache(&ctx.store, obj.as_ref(), &w).await;
            // Timed out: the newest the cache has.
            let newest = || {
                ctx.store
                    .get(&kube::runtime::reflector::ObjectRef::from_obj(obj.as_ref()))
            };
            reached.or_else(newest).unwrap_or(obj)
        }
        _ => obj,
    }
}

async fn reconcile_once<R: Reconciler>(
    obj: Arc<R::Object>,
    ctx: &Context<R>,
) -> Result<Then, Error> {
    if !*ctx.leading.borrow() {
        return Ok(None);
    }
    if ctx.reconciler.is_static(&obj) {
        return make_static(obj, ctx).await;
    }
    if !R::FINALIZER {
        return run(obj, ctx).await;
    }
    let ns = obj.namespace().unwrap_or_default();
    let api: Api<R::Object> = Api::namespaced(ctx.client.clone(), &ns);
    // kube's helper speaks in Actions, which do not say when: the run's own answer is kept
    // here. Adding the finalizer runs nothing (its watch event runs the object).
    let then = std::sync::Mutex::new(None);
    finalizer(&api, R::FINALIZER_NAME, obj, |event| async {
        let t = match event {
            FinalizerEvent::Apply(o) => run(o, ctx).await?,
            FinalizerEvent::Cleanup(o) => {
                ctx.reconciler.cleanup(&o).await?;
                ctx.backoff.success(&key(o.as_ref()));
                None
            }
        };
        *then.lock().unwrap_or_else(|p| p.into_inner()) = t;
        Ok::<Action, Error>(Action::await_change())
    })
    .await
    .map_err(|e| match e {
        kube::runtime::finalizer::Error::ApplyFailed(e)
        | kube::runtime::finalizer::Error::CleanupFailed(e) => e,
        other => Error::Finalizer(other.to_string()),
    })?;
    Ok(then.into_inner().unwrap_or_else(|p| p.into_inner()))
}

/// A static object: its artifacts (if any) removed, Flux's finalizer removed and its status
/// cleared, once; then nothing until it changes.
async fn make_static<R: Reconciler>(obj: Arc<R::Object>, ctx: &Context<R>) -> Result<Then, Error> {
    let ns = obj.namespace().unwrap_or_default();
    let api: Api<R::Object> = Api::namespaced(ctx.client.clone(), &ns);
    let has_finalizer = obj.finalizers().iter().any(|f| f == R::FINALIZER_NAME);
    let has_status = obj
        .flux_status()
        .is_some_and(|s| *s != <R::Object as Reconcilable>::Status::default());
    if obj.suspended() && obj.meta().deletion_timestamp.is_none() {
        return Ok(None);
    }
    if has_finalizer || has_status {
        ctx.reconciler.cleanup(&obj).await?;
    }
    if has_finalizer {
        let kept: Vec<&String> = obj
            .finalizers()
            .iter()
            .filter(|f| *f != R::FINALIZER_NAME)
            .collect();
        let patch = serde_json::json!({"metadata": {"finalizers": kept}});
        api.patch(
            &obj.name_any(),
            &PatchParams::default(),
            &Patch::Merge(&patch),
        )
        .await
        .map_err(|e| Error::Finalizer(crate::cluster::api_message(&e)))?;
    }
    if has_status {
        // A merge patch with every present field set to null leaves an empty status.
        let current = serde_json::to_value(obj.flux_status()).unwrap_or_default();
        let cleared: serde_json::Map<String, serde_json::Value> = current
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, _)| (k.clone(), serde_json::Value::Null))
            .collect();
        let patch = serde_json::json!({ "status": cleared });
        api.patch_status(
            &obj.name_any(),
            &PatchParams::default(),
            &Patch::Merge(&patch),
        )
        .await
        .map_err(Error::Status)?;
    }
    Ok(None)
}

/// The one error policy: the requeue follows the failure's class.
pub fn error_policy<R: Reconciler>(
    obj: Arc<R::Object>,
    err: &Error,
    ctx: Arc<Context<R>>,
) -> Action {
    let then = after_failure(obj.as_ref(), err, &ctx);
    schedule(obj.as_ref(), &ctx, then)
}

fn after_failure<R: Reconciler>(obj: &R::Object, err: &Error, ctx: &Context<R>) -> Then {
    let backoff = || {
        Some(ctx.backoff.failure(
            &key(obj),
            ctx.options.min_retry_delay,
            ctx.options.max_retry_delay,
        ))
    };
    // While the API server is down every run fails, whatever its class: retry soon and
    // evenly instead of growing the backoff, so the objects converge once it is back.
    if super::api_recently_unavailable()
        && !matches!(err, Error::Failed(f) if matches!(f.class, Class::Stalled { .. }))
    {
        return Some(jitter(super::API_DOWN_RETRY, 50));
    }
    match err {
        Error::Failed(f) => match next_run(&f.class, ctx.options.requeue_dependency) {
            NextRun::OnChange => None,
            NextRun::After(d) => Some(d),
            NextRun::Backoff => backoff(),
        },
        Error::Status(_) | Error::Finalizer(_) => backoff(),
    }
}

/// When a failed run runs again.
#[derive(Debug, PartialEq, Eq)]
enum NextRun {
    /// When the object (or a watched one) changes.
    OnChange,
    /// After this long.
    After(Duration),
    /// After the object's exponential backoff.
    Backoff,
}

fn next_run(class: &Class, requeue_dependency: Duration) -> NextRun {
    match class {
        Class::Stalled { recheck: None } => NextRun::OnChange,
        Class::Stalled { recheck: Some(d) } => NextRun::After(**d),
        Class::Retry { after: Some(d) } => NextRun::After(*d),
        Class::Waiting => NextRun::After(requeue_dependency),
        Class::Retry { after: None } => NextRun::Backoff,
    }
}

/// Sets Ready, Reconciling, Stalled and `observedGeneration` from a run's result, by Flux's
/// rules: success is Ready=True; a stalled failure is Ready=False + Stalled=True (the
/// generation counts as observed); any other failure is Ready=False + Reconciling=True
/// (`ProgressingWithRetry`).
pub fn summarize<S: ObjectStatus>(
    status: &mut S,
    generation: Option<i64>,
    result: &Result<Success, Failure>,
    failure_reason: &str,
) {
    let cs = status.conditions_mut();
    match result {
        Ok(s) => {
            conditions::set(cs, condition::READY, true, s.reason, &s.message, generation);
            conditions::remove(cs, condition::RECONCILING);
            conditions::remove(cs, condition::STALLED);
            status.set_observed_generation(generation);
        }
        Err(f) => {
            let r = if f.reason.is_empty() {
                failure_reason
            } else {
                f.reason.as_str()
            };
            conditions::set(cs, condition::READY, false, r, &f.message, generation);
            if matches!(f.class, Class::Stalled { .. }) {
                let (sr, sm) = match f.stalled_condition.as_deref() {
                    Some((sr, sm)) => (sr.as_str(), sm.as_str()),
                    None => (r, f.message.as_str()),
                };
                conditions::set(cs, condition::STALLED, true, sr, sm, generation);
                conditions::remove(cs, condition::RECONCILING);
                status.set_observed_generation(generation);
            } else {
                conditions::set(
                    cs,
                    condition::RECONCILING,
                    true,
                    reason::PROGRESSING_WITH_RETRY,
                    f.reconciling_message.as_deref().unwrap_or(&f.message),
                    generation,
                );
                conditions::remove(cs, condition::STALLED);
            }
        }
    }
}

/// One run of an object that holds the finalizer (or needs none), under a run id of its own
/// that its log lines carry.
async fn run<R: Reconciler>(obj: Arc<R::Object>, ctx: &Context<R>) -> Result<Then, Error> {
    super::logs::RECONCILE_ID
        .scope(super::uuid_v4(), run_once(obj, ctx))
        .await
}

/// The revision a status reports, for the log line of a finished run: what was applied, else
/// the artifact's, else what was attempted.
fn status_revision<S: serde::Serialize>(status: &S) -> Option<String> {
    let v = serde_json::to_value(status).ok()?;
    let found = [
        &v["lastAppliedRevision"],
        &v["artifact"]["revision"],
        &v["lastAttemptedRevision"],
    ]
    .into_iter()
    .find_map(|r| r.as_str().filter(|r| !r.is_empty()).map(String::from));
    found
}

async fn run_once<R: Reconciler>(obj: Arc<R::Object>, ctx: &Context<R>) -> Result<Then, Error> {
    if obj.suspended() {
        tracing::info!(name = %obj.name_any(), "reconciliation is suspended for this object");
        return Ok(None);
    }
    let started = Instant::now();
    let before = obj.flux_status().cloned().unwrap_or_default();
    let mut status = before.clone();
    if let Some(token) = crate::api::meta::requested_at(obj.meta().annotations.as_ref()) {
        status.set_last_handled_reconcile_at(token.to_string());
    }
    let result = ctx.reconciler.reconcile(&obj, &mut status).await;
    let generation = obj.meta().generation;
    summarize(&mut status, generation, &result, R::FAILURE_REASON);
    let events = match &result {
        Ok(s) => s.events.clone(),
        Err(f) => f
            .events
            .iter()
            .cloned()
            .chain([Event {
                warning: true,
                reason: if f.reason.is_empty() {
                    R::FAILURE_REASON.to_string()
                } else {
                    f.reason.clone()
                },
                message: f.message.clone(),
                metadata: ctx.reconciler.failure_metadata(&obj, &status),
            }])
            .collect(),
    };
    // The events go out while the status is written, as client-go's recorder writes them
    // from a queue of its own.
    let publish = async {
        for e in events {
            ctx.events
                .publish_with(obj.as_ref(), e.warning, &e.reason, &e.message, e.metadata)
                .await;
        }
    };
    let patch = async {
        if status == before {
            return Ok::<(), Error>(());
        }
        let written = patch_status::<R>(&obj, &ctx.client, &status)
            .await
            .map_err(|e| {
                super::note_api_error(&e);
                Error::Status(e)
            })?;
        // The next run waits for the watch cache to reach it.
        ctx.written
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key(obj.as_ref()), written);
        Ok(())
    };
    let ((), patched) = futures::join!(publish, patch);
    patched?;
    ctx.metrics.record(
        R::NAME,
        &R::Object::kind(&()),
        &obj.namespace().unwrap_or_default(),
        &obj.name_any(),
        started.elapsed().as_secs_f64(),
        result.is_ok(),
    );
    result?;
    ctx.backoff.success(&key(obj.as_ref()));
    super::logs::reconcile_finished(
        &R::Object::kind(&()),
        &R::Object::group(&()),
        &obj.name_any(),
        &obj.namespace().unwrap_or_default(),
        started.elapsed(),
        obj.interval(),
        status_revision(&status).as_deref(),
    );
    Ok(Some(jitter(
        obj.interval(),
        ctx.options.interval_jitter_percentage,
    )))
}

/// Whether a cached resourceVersion is `written` or a later one: compared as the etcd
/// revisions the API server gives; one that does not parse counts only when equal.
fn rv_reached(rv: Option<&str>, written: &str) -> bool {
    match (rv, written.parse::<u64>()) {
        (Some(rv), Ok(w)) => rv.parse::<u64>().map_or(rv == written, |r| r >= w),
        (Some(rv), Err(_)) => rv == written,
        (None, _) => false,
    }
}

/// Waits (10 s at most) until the watch cache holds `obj` at the resourceVersion `written`
/// or a later one, and returns it from there; `None` when it was deleted meanwhile or the
/// wait timed out.
async fn wait_for_cache<K>(
    store: &kube::runtime::reflector::Store<K>,
    obj: &K,
    written: &str,
) -> Option<Arc<K>>
where
    K: Resource + Clone + 'static,
    K::DynamicType: Default + Eq + std::hash::Hash + Clone,
{
    let key = kube::runtime::reflector::ObjectRef::from_obj(obj);
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        match store.get(&key) {
            Some(cached) if rv_reached(cached.meta().resource_version.as_deref(), written) => {
                return Some(cached)
            }
            None => return None,
            _ => tokio::time::sleep(Duration::from_millis(20)).await,
        }
    }
    None
}

/// Server-side applies the status; returns the resourceVersion written.
async fn patch_status<R: Reconciler>(
    obj: &R::Object,
    client: &kube::Client,
    status: &<R::Object as Reconcilable>::Status,
) -> Result<String, kube::Error> {
    let api: Api<R::Object> = Api::namespaced(client.clone(), &obj.namespace().unwrap_or_default());
    let patch = serde_json::json!({
        "apiVersion": R::Object::api_version(&()),
        "kind": R::Object::kind(&()),
        "status": status,
    });
    api.patch_status(
        &obj.name_any(),
        &PatchParams::apply(R::CONTROLLER).force(),
        &Patch::Apply(&patch),
    )
    .await
    .map(|o| o.meta().resource_version.clone().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::kustomize::KustomizationStatus;

    fn cond<'a>(s: &'a KustomizationStatus, t: &str) -> Option<&'a crate::api::meta::Condition> {
        s.conditions.iter().find(|c| c.type_ == t)
    }

    #[test]
    fn success_is_ready_and_clears_reconciling_and_stalled() {
        let mut st = KustomizationStatus::default();
        summarize(
            &mut st,
            Some(2),
            &Err(Failure::stalled("Bad", "no")),
            "ReconciliationFailed",
        );
        assert_eq!(cond(&st, "Stalled").unwrap().status, "True");
        let ok = Ok(Success {
            reason: "ReconciliationSucceeded",
            message: "Applied revision: x".into(),
            events: vec![],
        });
        summarize(&mut st, Some(3), &ok, "ReconciliationFailed");
        let ready = cond(&st, "Ready").unwrap();
        assert_eq!(
            (ready.status.as_str(), ready.reason.as_str()),
            ("True", "ReconciliationSucceeded")
        );
        assert!(cond(&st, "Stalled").is_none() && cond(&st, "Reconciling").is_none());
        assert_eq!(st.observed_generation, Some(3));
    }

    #[test]
    fn retried_failures_are_reconciling_and_keep_the_observed_generation() {
        let mut st = KustomizationStatus {
            observed_generation: Some(1),
            ..Default::default()
        };
        let f: Failure = kube::Error::Api(Box::new(kube::core::Status {
            code: 500,
            message: "etcd is down".into(),
            ..Default::default()
        }))
        .into();
        summarize(&mut st, Some(2), &Err(f), "ReconciliationFailed");
        let ready = cond(&st, "Ready").unwrap();
        assert_eq!(
            (
                ready.status.as_str(),
                ready.reason.as_str(),
                ready.message.as_str()
            ),
            ("False", "ReconciliationFailed", "etcd is down")
        );
        let rec = cond(&st, "Reconciling").unwrap();
        assert_eq!(rec.reason, "ProgressingWithRetry");
        assert_eq!(st.observed_generation, Some(1));
    }

    #[test]
    fn stalled_failures_wait_for_a_change_unless_a_recheck_is_set() {
        let dep = Duration::from_secs(30);
        let stalled = Failure::stalled("DependencyNotReady", "cycle");
        assert_eq!(next_run(&stalled.class, dep), NextRun::OnChange);
        let interval = Duration::from_secs(600);
        let rechecked = stalled.recheck_after(interval);
        assert_eq!(next_run(&rechecked.class, dep), NextRun::After(interval));
        assert_eq!(next_run(&Class::Waiting, dep), NextRun::After(dep));
        assert_eq!(
            next_run(&Class::Retry { after: None }, dep),
            NextRun::Backoff
        );
        // A recheck only applies to stalled failures.
        let retry = Failure::retry_after("R", "m", Duration::from_secs(5)).recheck_after(interval);
        assert_eq!(
            next_run(&retry.class, dep),
            NextRun::After(Duration::from_secs(5))
        );
    }

    #[test]
    fn stalled_failures_observe_the_generation_and_stop_reconciling() {
        let mut st = KustomizationStatus::default();
        summarize(
            &mut st,
            Some(2),
            &Err(Failure::retry("BuildFailed", "x")),
            "F",
        );
        assert!(cond(&st, "Reconciling").is_some());
        summarize(
            &mut st,
            Some(2),
            &Err(Failure::stalled("DependencyNotReady", "cycle")),
            "F",
        );
        assert!(cond(&st, "Reconciling").is_none());
        assert_eq!(cond(&st, "Stalled").unwrap().reason, "DependencyNotReady");
        assert_eq!(st.observed_generation, Some(2));
    }

    #[test]
    fn a_stalled_failure_may_give_stalled_its_own_reason_and_message() {
        let mut st = KustomizationStatus::default();
        let f = Failure::stalled("InstallFailed", "Helm install failed")
            .with_stalled_condition("RetriesExceeded", "Failed to install after 1 attempt(s)");
        summarize(&mut st, Some(1), &Err(f), "F");
        let ready = cond(&st, "Ready").unwrap();
        assert_eq!(
            (ready.reason.as_str(), ready.message.as_str()),
            ("InstallFailed", "Helm install failed")
        );
        let stalled = cond(&st, "Stalled").unwrap();
        assert_eq!(
            (stalled.reason.as_str(), stalled.message.as_str()),
            ("RetriesExceeded", "Failed to install after 1 attempt(s)")
        );
    }
}

#[cfg(test)]
mod revision_tests {
    #[test]
    fn a_finished_run_reports_the_applied_then_artifact_then_attempted_revision() {
        let mut k = crate::api::kustomize::KustomizationStatus::default();
        assert_eq!(super::status_revision(&k), None);
        k.last_attempted_revision = Some("main@sha1:b".into());
        assert_eq!(super::status_revision(&k).as_deref(), Some("main@sha1:b"));
        k.last_applied_revision = Some("main@sha1:a".into());
        assert_eq!(super::status_revision(&k).as_deref(), Some("main@sha1:a"));
        let g: crate::api::source::GitRepositoryStatus = serde_json::from_value(
            serde_json::json!({"artifact": {"revision": "main@sha1:c", "path": "p", "url": "u",
                "digest": "sha256:0", "lastUpdateTime": "2026-01-01T00:00:00Z"}}),
        )
        .unwrap();
        assert_eq!(super::status_revision(&g).as_deref(), Some("main@sha1:c"));
    }
}
