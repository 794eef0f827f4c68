//! kustomize-controller: turns a source artifact into applied, garbage-collected cluster state.
//!
//! The driver of a run, on the shared runtime: resolve the source and wait for its artifact
//! ([`crate::sources`]) -> dependencies ([`crate::runtime::dependencies`]) -> fetch and build
//! ([`build`]) -> apply, prune and health ([`apply`], [`health`]) -> history ([`history`]).
//! The runtime patches status once and picks the next run. Errors say what happens next: a
//! source or dependency that is not ready is waited for (`--requeue-dependency`),
//! build/apply/prune failures are retried at `spec.retryInterval`, a dependency cycle stalls,
//! and nothing is applied or pruned after a failed step.

pub mod apply;
pub mod build;
pub mod health;
pub mod history;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use kube::runtime::reflector::ObjectRef;
use kube::ResourceExt;

use crate::api::kustomize::{Kustomization, KustomizationStatus, ResourceInventory, ResourceRef};
use crate::api::meta::{reason, DependencyReference};
use crate::apply::{Change, InventoryEntry};
use crate::runtime::dependencies::{self, HasDependencies};
use crate::runtime::manager::Watches;
use crate::runtime::reconciler::{Event, Failure, Reconciler, Success};
use crate::runtime::tenancy::Tenancy;
use crate::runtime::RuntimeOptions;
use crate::sources::{self, SourceRef};

pub use apply::inventory_of;
pub use build::{decryption_keys, substitute_values};

/// The controller name in events, metrics and field managers.
pub const CONTROLLER: &str = "kustomize-controller";

/// Shared state of the controller.
pub struct Context {
    /// Kubernetes client.
    pub client: kube::Client,
    /// Runtime settings.
    pub runtime: RuntimeOptions,
    /// Whose identity a Kustomization applies with (impersonation, kubeConfig).
    pub tenancy: Tenancy,
    /// Objects applied at once within an apply stage (`--concurrent-ssa`).
    pub concurrent_ssa: usize,
    /// Kustomize remote bases (Git URLs in `resources`) may be fetched: Flux's default,
    /// refused with `--no-remote-bases`.
    pub allow_remote_bases: bool,
    /// What earlier runs verified about the applied objects (local cluster only).
    pub applied: crate::apply::memo::AppliedMemo,
    /// The watched sources, read before asking the API server.
    pub sources: sources::Cache,
    /// Kinds applied in a stage of their own (`--custom-apply-stage-kinds`).
    pub custom_stage_kinds: Vec<crate::apply::GroupKind>,
    /// The field managers and metadata taken over before an apply (`--override-manager`).
    pub cleanup: crate::apply::cleanup::Cleanup,
    /// The source revision each Kustomization (by uid) last started to apply in this
    /// process, known before its status says so.
    attempted: std::sync::Mutex<std::collections::HashMap<String, String>>,
}

impl Context {
    /// Builds the context.
    pub fn new(
        client: kube::Client,
        runtime: RuntimeOptions,
        tenancy: Tenancy,
        concurrent_ssa: usize,
        allow_remote_bases: bool,
        custom_stage_kinds: Vec<crate::apply::GroupKind>,
        override_managers: &[String],
    ) -> Arc<Self> {
        let applied = crate::apply::memo::AppliedMemo::new(
            client.clone(),
            &format!("{}/name", crate::api::kustomize::GROUP),
        );
        Arc::new(Context {
            applied,
            sources: sources::Cache::default(),
            client,
            runtime,
            tenancy,
            concurrent_ssa: concurrent_ssa.max(1),
            allow_remote_bases,
            custom_stage_kinds,
            cleanup: crate::apply::cleanup::Cleanup::kustomize_controller(
                CONTROLLER,
                override_managers,
            ),
            attempted: Default::default(),
        })
    }

    /// Records that a run of `obj` started on `revision`.
    fn note_attempt(&self, obj: &Kustomization, revision: &str) {
        if let (Some(uid), Ok(mut m)) = (obj.uid(), self.attempted.lock()) {
            m.insert(uid, revision.to_string());
        }
    }

    /// Forgets a deleted Kustomization.
    fn forget(&self, obj: &Kustomization) {
        if let (Some(uid), Ok(mut m)) = (obj.uid(), self.attempted.lock()) {
            m.remove(&uid);
        }
    }

    /// The revision `obj` last attempted: this process's own record when it has one (a run
    /// in progress, or one whose status patch the watch has not delivered yet), else the
    /// status.
    fn last_attempted(&self, obj: &Kustomization) -> Option<String> {
        let own = obj
            .uid()
            .and_then(|uid| self.attempted.lock().ok()?.get(&uid).cloned());
        own.or_else(|| {
            obj.status
                .as_ref()
                .and_then(|s| s.last_attempted_revision.clone())
        })
    }

    /// The cluster a Kustomization applies to, as the identity it names.
    async fn cluster_for(&self, obj: &Kustomization) -> Result<crate::cluster::Cluster, Error> {
        self.tenancy
            .cluster_for(
                &obj.namespace().unwrap_or_default(),
                obj.spec.service_account_name.as_deref(),
                obj.spec.kube_config.as_ref(),
            )
            .await
            .map_err(|e| failed(reason::RECONCILIATION_FAILED, e.to_string()))
    }
}

/// Errors of one reconcile, classified by what happens next.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The source (or its artifact) or a dependency is not there yet: wait and requeue.
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
}

impl Error {
    fn reason(&self) -> &'static str {
        match self {
            Error::Waiting { reason, .. }
            | Error::Failed { reason, .. }
            | Error::Stalled { reason, .. } => reason,
            Error::Kube(_) => reason::RECONCILIATION_FAILED,
        }
    }

    /// The runtime's class: waiting requeues after `--requeue-dependency`, failures retry at
    /// `spec.retryInterval` (default: the interval), API errors back off.
    fn into_failure(self, obj: &Kustomization) -> Failure {
        let reason = self.reason();
        let message = self.to_string();
        match self {
            Error::Waiting { .. } => Failure::waiting(reason, message),
            // A cycle ends when another member changes: `watches` runs the others again, and
            // every stalled Kustomization is looked at again on its interval.
            Error::Stalled { .. } => {
                Failure::stalled(reason, message).recheck_after(obj.spec.interval.std())
            }
            Error::Failed { .. } => Failure::retry_after(reason, message, retry_interval(obj)),
            Error::Kube(e) => Failure::from(e),
        }
    }
}

fn failed(reason: &'static str, message: impl Into<String>) -> Error {
    Error::Failed {
        reason,
        message: message.into(),
    }
}

fn retry_interval(obj: &Kustomization) -> Duration {
    obj.spec
        .retry_interval
        .as_ref()
        .unwrap_or(&obj.spec.interval)
        .std()
}

/// What a successful run produced.
pub struct Outcome {
    revision: String,
    changes: Vec<Change>,
    inventory: Vec<InventoryEntry>,
}

impl HasDependencies for Kustomization {
    fn depends_on(&self) -> &[DependencyReference] {
        &self.spec.depends_on
    }
}

/// The Kustomization's source reference in the shared form.
fn source_ref(k: &Kustomization) -> SourceRef {
    let r = &k.spec.source_ref;
    SourceRef {
        kind: r.kind.as_str().to_string(),
        name: r.name.clone(),
        namespace: r.namespace.clone(),
        api_version: r.api_version.clone(),
    }
}

/// The Kustomization reconciler on the shared runtime.
pub struct KustomizationReconciler {
    ctx: Arc<Context>,
}

impl KustomizationReconciler {
    /// A reconciler acting as `ctx` says.
    pub fn new(ctx: Arc<Context>) -> Self {
        KustomizationReconciler { ctx }
    }
}

impl Reconciler for KustomizationReconciler {
    type Object = Kustomization;
    const CONTROLLER: &'static str = CONTROLLER;
    const NAME: &'static str = "kustomization";
    const FAILURE_REASON: &'static str = reason::RECONCILIATION_FAILED;

    /// The named steps; on success records the revision and inventory and reports the change
    /// set (Progressing) and the end of the run (with Flux's commit status marker).
    async fn reconcile(
        &self,
        obj: &Kustomization,
        status: &mut KustomizationStatus,
    ) -> Result<Success, Failure> {
        let started = Instant::now();
        let out = run_steps(obj, &self.ctx, status)
            .await
            .map_err(|e| e.into_failure(obj))?;
        status.last_applied_revision = Some(out.revision.clone());
        status.last_attempted_revision = Some(out.revision.clone());
        status.inventory = Some(inventory_status(&out.inventory));
        let md = revision_metadata(&out.revision);
        let changed: Vec<String> = out
            .changes
            .iter()
            .filter(|c| {
                !matches!(
                    c.action,
                    crate::apply::Action::Unchanged | crate::apply::Action::Skipped
                )
            })
            .map(Change::to_string)
            .collect();
        let mut events = Vec::new();
        if !changed.is_empty() {
            events.push(
                Event::normal(reason::PROGRESSING, changed.join("\n")).with_metadata(md.clone()),
            );
        }
        // Flux marks the end-of-run event as a commit status refresh: chat providers skip it,
        // commit status providers post it.
        let mut end = md;
        end.insert(
            format!("{}/commit_status", crate::api::kustomize::GROUP),
            String::from("update"),
        );
        events.push(
            Event::normal(
                reason::RECONCILIATION_SUCCEEDED,
                format!(
                    "Reconciliation finished in {}, next run in {}",
                    crate::api::Duration::from(started.elapsed()),
                    obj.spec.interval
                ),
            )
            .with_metadata(end),
        );
        Ok(Success {
            reason: reason::RECONCILIATION_SUCCEEDED,
            message: format!("Applied revision: {}", out.revision),
            events,
        })
    }

    /// The deletion policy decides what happens to the inventory.
    async fn cleanup(&self, obj: &Kustomization) -> Result<(), Failure> {
        apply::cleanup(obj, &self.ctx)
            .await
            .map_err(|e| e.into_failure(obj))?;
        self.ctx.forget(obj);
        Ok(())
    }

    /// Failure events name the last attempted revision.
    fn failure_metadata(
        &self,
        _obj: &Kustomization,
        status: &KustomizationStatus,
    ) -> BTreeMap<String, String> {
        status
            .last_attempted_revision
            .as_deref()
            .map(revision_metadata)
            .unwrap_or_default()
    }

    /// A new artifact of any source kind a Kustomization accepts runs the Kustomizations that
    /// use it and have not tried that revision yet (a run already on it counts: a source's
    /// second status write during that run does not queue another).
    fn watches(&self, w: &mut Watches<'_, Kustomization>) {
        fn on<S: sources::Source + serde::Serialize>(
            w: &mut Watches<'_, Kustomization>,
            ctx: &Arc<Context>,
        ) {
            let c = ctx.clone();
            let watched = w.watch::<S>(move |src, store| {
                sources::consumers_of(src, store.state(), source_ref, |k| c.last_attempted(k))
            });
            ctx.sources.add(watched);
        }
        on::<crate::api::source::GitRepository>(w, &self.ctx);
        on::<crate::api::source::OCIRepository>(w, &self.ctx);
        on::<crate::api::source::Bucket>(w, &self.ctx);
        on::<crate::api::source::ExternalArtifact>(w, &self.ctx);
        // Beyond Flux (which re-checks dependencies every --requeue-dependency): when a
        // Kustomization changes, the ones that depend on it and are not Ready run again, so a
        // dependency that becomes ready, or a cycle broken by a member's new spec, is seen
        // at once.
        w.watch::<Kustomization>(|changed, store| {
            let name = changed.name_any();
            let ns = changed.namespace().unwrap_or_default();
            store
                .state()
                .iter()
                .filter(|k| {
                    let own_ns = k.namespace().unwrap_or_default();
                    k.spec
                        .depends_on
                        .iter()
                        .any(|d| d.name == name && d.namespace.as_deref().unwrap_or(&own_ns) == ns)
                        && !k.status.as_ref().is_some_and(|s| {
                            s.conditions
                                .iter()
                                .any(|c| c.type_ == "Ready" && c.status == "True")
                        })
                })
                .map(|k| ObjectRef::from_obj(k.as_ref()))
                .collect()
        });
    }
}

fn inventory_status(entries: &[InventoryEntry]) -> ResourceInventory {
    ResourceInventory {
        entries: entries
            .iter()
            .map(|e| ResourceRef {
                id: e.id.clone(),
                v: e.version.clone(),
            })
            .collect(),
    }
}

fn revision_metadata(revision: &str) -> BTreeMap<String, String> {
    BTreeMap::from([(
        format!("{}/revision", crate::api::kustomize::GROUP),
        revision.to_string(),
    )])
}

/// Step 1: the source's artifact (url, digest, revision); missing sources and artifacts are
/// waited for.
async fn fetch_source(
    obj: &Kustomization,
    ctx: &Context,
) -> Result<(String, String, String), Error> {
    let resolved = sources::resolve_cached(
        &ctx.sources,
        &ctx.client,
        &obj.namespace().unwrap_or_default(),
        &source_ref(obj),
        ctx.runtime.no_cross_namespace_refs,
    )
    .await;
    match resolved {
        Ok(r) => Ok((
            r.artifact.url,
            r.artifact.digest.unwrap_or_default(),
            r.artifact.revision,
        )),
        Err(e @ sources::Error::CrossNamespace { .. }) => {
            Err(failed(reason::ACCESS_DENIED, e.to_string()))
        }
        Err(e @ sources::Error::NotFound { .. }) => Err(Error::Waiting {
            reason: reason::ARTIFACT_FAILED,
            message: e.to_string(),
        }),
        Err(sources::Error::NoArtifact) => Err(Error::Waiting {
            reason: reason::DEPENDENCY_NOT_READY,
            message: format!(
                "Source artifact not found, retrying in {}",
                crate::api::Duration::from(ctx.runtime.requeue_dependency)
            ),
        }),
        Err(e) => Err(failed(reason::ARTIFACT_FAILED, e.to_string())),
    }
}

/// Step 2: every `dependsOn` Kustomization is Ready at its current generation and, when it
/// shares our source, has applied the same revision.
async fn check_dependencies(
    obj: &Kustomization,
    ctx: &Context,
    revision: &str,
) -> Result<(), Error> {
    let own_ns = obj.namespace().unwrap_or_default();
    let ours = source_ref(obj);
    let up_to_date = |dep: &Kustomization| {
        let dep_ns = dep.namespace().unwrap_or_default();
        let theirs = source_ref(dep);
        let same_source = theirs.kind == ours.kind
            && theirs.name == ours.name
            && theirs.namespace_for(&dep_ns) == ours.namespace_for(&own_ns);
        let applied = dep
            .status
            .as_ref()
            .and_then(|s| s.last_applied_revision.as_deref());
        (same_source && applied != Some(revision))
            .then(|| format!("is not up to date with revision '{revision}'"))
    };
    dependencies::check(
        &ctx.client,
        obj,
        ctx.runtime.no_cross_namespace_refs,
        up_to_date,
    )
    .await
    .map_err(|e| match e {
        dependencies::Error::NotReady { .. } => Error::Waiting {
            reason: reason::DEPENDENCY_NOT_READY,
            message: e.to_string(),
        },
        dependencies::Error::Cycle(_) | dependencies::Error::BadExpression { .. } => {
            Error::Stalled {
                reason: reason::DEPENDENCY_NOT_READY,
                message: e.to_string(),
            }
        }
        dependencies::Error::CrossNamespace(_) => failed(reason::ACCESS_DENIED, e.to_string()),
        dependencies::Error::Api(e) => Error::Kube(e),
    })
}

/// The named steps: source, dependencies, fetch and build, then apply, prune and health;
/// every run that built something is recorded in `status.history`.
async fn run_steps(
    obj: &Kustomization,
    ctx: &Context,
    status: &mut KustomizationStatus,
) -> Result<Outcome, Error> {
    let (url, digest, revision) = fetch_source(obj, ctx).await?;
    ctx.note_attempt(obj, &revision);
    status.last_attempted_revision = Some(revision.clone());
    check_dependencies(obj, ctx, &revision).await?;
    let started = Instant::now();
    let objects = build::fetch_and_build(obj, ctx, &url, &digest).await?;
    // The digest of what was built (the YAML stream, as Flux digests it) keys the history.
    let checksum = build::build_digest(&objects);
    let result = apply::apply_prune_and_check(obj, ctx, status, &objects, revision.clone()).await;
    let ended = match &result {
        Ok(_) => reason::RECONCILIATION_SUCCEEDED,
        Err(e) => e.reason(),
    };
    let md = crate::api::StringMap::from([(String::from("revision"), revision)]);
    history::upsert_history(&mut status.history, &checksum, started.elapsed(), ended, md);
    result
}
