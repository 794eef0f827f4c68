//! Server-side apply of a built set of objects, the inventory of what was applied, and pruning.
//!
//! Owns how kustomize-controller writes to a cluster: objects are applied in stages (CRDs,
//! Namespaces and ClusterRoles first, waiting for CRDs to be established; then the rest), each
//! one dry-run first so that unchanged objects are not written and the change set can be
//! reported as Flux does (`Kind/ns/name created|configured|unchanged|deleted`). Per-object
//! `kustomize.toolkit.fluxcd.io/ssa: IfNotPresent|Ignore`, `.../reconcile: disabled` and
//! `.../force: Enabled` are honoured;
//! `prune: disabled` objects are never deleted. The applier stamps the owner's labels
//! (`<group>/name`, `<group>/namespace`) on every object it writes, and prune deletes an
//! object only while those labels still name the pruning owner (Flux's inclusion rule), so an
//! object another owner has taken over is never deleted. Every error names the object it is
//! about.

pub mod cleanup;
pub mod diff;
pub mod memo;

use std::collections::BTreeSet;
use std::time::Duration;

use kube::api::{DeleteParams, Patch, PatchParams};
use serde_json::Value;

use crate::cluster::{api_message, is_not_found, object_ref, Cluster};

/// Annotation selecting the apply mode of one object.
pub const SSA_ANNOTATION: &str = "kustomize.toolkit.fluxcd.io/ssa";
/// Annotation (or label) that forces recreation on immutable-field errors.
pub const FORCE_ANNOTATION: &str = "kustomize.toolkit.fluxcd.io/force";
/// Annotation (or label) that protects an object from pruning.
pub const PRUNE_ANNOTATION: &str = "kustomize.toolkit.fluxcd.io/prune";

/// Who writes: the field manager, and the ownership labels stamped on every applied object
/// (`<group>/name` and `<group>/namespace`, as Flux's `ssa.Owner` sets them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owner {
    /// The field manager (`kustomize-controller`).
    pub field_manager: String,
    /// The label prefix (`kustomize.toolkit.fluxcd.io`).
    pub group: String,
    /// The owning object's name.
    pub name: String,
    /// The owning object's namespace.
    pub namespace: String,
}

impl Owner {
    /// The two ownership labels.
    pub fn labels(&self) -> [(String, String); 2] {
        [
            (format!("{}/name", self.group), self.name.clone()),
            (format!("{}/namespace", self.group), self.namespace.clone()),
        ]
    }

    /// Sets the ownership labels on an object.
    pub fn stamp(&self, obj: &mut Value) {
        let Some(md) = obj.get_mut("metadata").and_then(Value::as_object_mut) else {
            return;
        };
        let labels = md
            .entry("labels")
            .or_insert_with(|| Value::Object(Default::default()));
        if !labels.is_object() {
            *labels = Value::Object(Default::default());
        }
        if let Some(l) = labels.as_object_mut() {
            for (k, v) in self.labels() {
                l.insert(k, Value::String(v));
            }
        }
    }

    /// True when a live object's labels still name this owner (both labels must match).
    pub fn owns(&self, live: &Value) -> bool {
        self.labels()
            .iter()
            .all(|(k, v)| live["metadata"]["labels"][k].as_str() == Some(v.as_str()))
    }
}

/// Errors of applying or pruning.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Talking to the cluster failed (discovery, apply).
    #[error(transparent)]
    Cluster(#[from] crate::cluster::Error),
    /// An object failed to apply or delete.
    #[error("{object}: {message}")]
    Object {
        /// `Kind/namespace/name`.
        object: String,
        /// The API server's message.
        message: String,
    },
}

/// Result alias for this module.
pub type Result<T> = std::result::Result<T, Error>;

/// What happened to one object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// It did not exist and was created.
    Created,
    /// It existed and was changed.
    Configured,
    /// Applying it would change nothing; nothing was written.
    Unchanged,
    /// It was deleted (pruned).
    Deleted,
    /// Left alone (`ssa: Ignore`, `ssa: IfNotPresent` on an existing object, or `prune: disabled`).
    Skipped,
}

impl Action {
    /// Flux's word for the action.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Created => "created",
            Action::Configured => "configured",
            Action::Unchanged => "unchanged",
            Action::Deleted => "deleted",
            Action::Skipped => "skipped",
        }
    }
}

/// One line of a change set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// `Kind/namespace/name` or `Kind/name`.
    pub subject: String,
    /// What happened.
    pub action: Action,
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.subject, self.action.as_str())
    }
}

/// One inventory entry: `<namespace>_<name>_<group>_<kind>` and the version.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InventoryEntry {
    /// The id (`<ns>_<name>_<group>_<kind>`).
    pub id: String,
    /// The API version (without group).
    pub version: String,
}

impl InventoryEntry {
    /// The entry of an object.
    pub fn of(obj: &Value) -> InventoryEntry {
        let api_version = obj["apiVersion"].as_str().unwrap_or_default();
        let (group, version) = match api_version.rsplit_once('/') {
            Some((g, v)) => (g, v),
            None => ("", api_version),
        };
        let ns = obj["metadata"]["namespace"].as_str().unwrap_or_default();
        let name = obj["metadata"]["name"].as_str().unwrap_or_default();
        let kind = obj["kind"].as_str().unwrap_or_default();
        InventoryEntry {
            id: format!("{ns}_{name}_{group}_{kind}"),
            version: version.to_string(),
        }
    }

    /// A minimal object naming the entry (for deletion).
    pub fn to_object(&self) -> Option<Value> {
        let mut parts = self.id.splitn(4, '_');
        let ns = parts.next()?;
        let name = parts.next()?;
        // Names cannot contain '_' but groups contain no '_' either; kinds come last.
        let rest: Vec<&str> = parts.collect();
        let (group, kind) = match rest.as_slice() {
            [g, k] => (*g, *k),
            _ => return None,
        };
        let api_version = if group.is_empty() {
            self.version.clone()
        } else {
            format!("{group}/{}", self.version)
        };
        let mut md = serde_json::json!({ "name": name });
        if !ns.is_empty() {
            md["namespace"] = Value::String(ns.to_string());
        }
        Some(serde_json::json!({ "apiVersion": api_version, "kind": kind, "metadata": md }))
    }
}

/// The inventory of a set of objects, sorted and unique.
pub fn inventory(objs: &[Value]) -> Vec<InventoryEntry> {
    let set: BTreeSet<InventoryEntry> = objs.iter().map(InventoryEntry::of).collect();
    set.into_iter().collect()
}

fn meta_flag(obj: &Value, key: &str) -> Option<String> {
    ["annotations", "labels"]
        .iter()
        .find_map(|f| obj["metadata"][*f][key].as_str().map(str::to_string))
}

/// Objects applied in the first stage: they define types or scopes others need.
/// Kinds fluxcd/pkg `ssa.ReconcileOrder` puts first, in order.
const ORDER_FIRST: &[&str] = &[
    "CustomResourceDefinition",
    "Namespace",
    "ClusterRole",
    "ClusterClass",
    "RuntimeClass",
    "PriorityClass",
    "StorageClass",
    "VolumeSnapshotClass",
    "IngressClass",
    "GatewayClass",
    "ClusterRoleBinding",
    "ResourceQuota",
    "ServiceAccount",
    "Role",
    "RoleBinding",
    "ConfigMap",
    "Secret",
    "Service",
    "LimitRange",
    "Deployment",
    "StatefulSet",
    "CronJob",
    "PodDisruptionBudget",
];

/// Kinds `ssa.ReconcileOrder` puts last, in order.
const ORDER_LAST: &[&str] = &[
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/// fluxcd/pkg ssa's object order as a sort key: the kind's rank in `ReconcileOrder` (listed
/// first kinds, then the others, then those listed last), group, kind, namespace, name.
pub fn reconcile_order_key(obj: &Value) -> (i64, String, String, String, String) {
    let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let kind = s(&obj["kind"]);
    let rank = match (
        ORDER_FIRST.iter().position(|k| *k == kind),
        ORDER_LAST.iter().position(|k| *k == kind),
    ) {
        (Some(i), _) => i as i64 - ORDER_FIRST.len() as i64,
        (None, Some(i)) => 1 + i as i64,
        (None, None) => 0,
    };
    let group = s(&obj["apiVersion"])
        .rsplit_once('/')
        .map(|(g, _)| g.to_string())
        .unwrap_or_default();
    (
        rank,
        group,
        kind,
        s(&obj["metadata"]["namespace"]),
        s(&obj["metadata"]["name"]),
    )
}

/// fluxcd/pkg ssa's cluster definitions, applied (and waited for) before anything else:
/// CustomResourceDefinitions, Namespaces and ClusterRoles.
fn first_stage(obj: &Value) -> bool {
    let api_version = obj["apiVersion"].as_str().unwrap_or_default();
    match obj["kind"].as_str().unwrap_or_default() {
        "CustomResourceDefinition" => api_version.starts_with("apiextensions.k8s.io/"),
        "Namespace" => api_version == "v1",
        "ClusterRole" => api_version.starts_with("rbac.authorization.k8s.io/"),
        _ => false,
    }
}

/// fluxcd/pkg ssa's class definitions (every kind ending in `Class`), the second stage.
fn class_stage(obj: &Value) -> bool {
    obj["kind"].as_str().is_some_and(|k| k.ends_with("Class"))
}

/// A group and kind, as `--custom-apply-stage-kinds` lists them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupKind {
    /// The API group (empty for the core group).
    pub group: String,
    /// The kind.
    pub kind: String,
}

impl GroupKind {
    /// Parses `group/Kind,Kind,…` as kustomize-controller's `--custom-apply-stage-kinds`
    /// (fluxcd/pkg ssa `ParseGroupKindSet`): a bare kind is of the core group.
    pub fn parse_list(s: &str) -> Vec<GroupKind> {
        if s.is_empty() {
            return Vec::new();
        }
        s.split(',')
            .map(|item| match item.trim().split_once('/') {
                Some((g, k)) => GroupKind {
                    group: g.to_string(),
                    kind: k.to_string(),
                },
                None => GroupKind {
                    group: String::new(),
                    kind: item.trim().to_string(),
                },
            })
            .collect()
    }

    fn matches(&self, obj: &Value) -> bool {
        let group = obj["apiVersion"]
            .as_str()
            .and_then(|v| v.rsplit_once('/'))
            .map(|(g, _)| g)
            .unwrap_or_default();
        obj["kind"].as_str() == Some(self.kind.as_str()) && group == self.group
    }
}

/// Removes what the server changes on every write, for comparing live and dry-run objects.
/// The object as the cluster has it, `None` when it does not exist.
async fn live_object(
    api: &kube::Api<kube::api::DynamicObject>,
    name: &str,
) -> std::result::Result<Option<Value>, kube::Error> {
    match api.get(name).await {
        Ok(o) => Ok(Some(serde_json::to_value(o).unwrap_or_default())),
        Err(e) if is_not_found(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

fn comparable(mut v: Value) -> Value {
    if let Some(md) = v.get_mut("metadata").and_then(Value::as_object_mut) {
        for k in ["managedFields", "resourceVersion", "generation"] {
            md.remove(k);
        }
    }
    // Status is the cluster's, never applied: it is not drift.
    if let Some(m) = v.as_object_mut() {
        m.remove("status");
    }
    v
}

/// Fields excluded from drift correction (`spec.ignore`): on objects the selector picks (all
/// when `None`), the JSON pointers are left as they are in the cluster once the object exists.
pub struct IgnoreSpec {
    /// Which objects the rule covers.
    pub selector: Option<crate::kustomize::patch::SelectorRegex>,
    /// RFC 6901 pointers.
    pub paths: Vec<String>,
}

impl IgnoreSpec {
    /// A rule in Flux's API form: an optional `target` selector (regular expressions, label and
    /// annotation selectors) and RFC 6901 `paths`.
    pub fn from_api(
        target: Option<&crate::api::meta::Selector>,
        paths: &[String],
    ) -> std::result::Result<IgnoreSpec, String> {
        let selector = match target {
            None => None,
            Some(t) => Some(
                crate::kustomize::patch::SelectorRegex::new(&t.into())
                    .map_err(|e| e.to_string())?,
            ),
        };
        Ok(IgnoreSpec {
            selector,
            paths: paths.to_vec(),
        })
    }

    /// Whether the rule covers the object.
    pub fn covers(&self, obj: &Value) -> bool {
        self.selector
            .as_ref()
            .is_none_or(|s| s.selects(&crate::kustomize::resource::Resource::new(obj.clone())))
    }
}

/// Removes the value at a JSON pointer, if present.
pub(crate) fn remove_pointer(v: &mut Value, pointer: &str) {
    let tokens: Vec<String> = pointer
        .trim_start_matches('/')
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    let Some((last, parents)) = tokens.split_last() else {
        return;
    };
    let mut cur = v;
    for t in parents {
        cur = match cur {
            Value::Object(m) => match m.get_mut(t) {
                Some(n) => n,
                None => return,
            },
            Value::Array(a) => match t.parse::<usize>().ok().and_then(|i| a.get_mut(i)) {
                Some(n) => n,
                None => return,
            },
            _ => return,
        };
    }
    match cur {
        Value::Object(m) => {
            m.shift_remove(last);
        }
        Value::Array(a) => {
            if let Ok(i) = last.parse::<usize>() {
                if i < a.len() {
                    a.remove(i);
                }
            }
        }
        _ => {}
    }
}

/// Applies objects with a field manager, in stages, reporting each change.
pub struct Applier<'a> {
    /// Fields not corrected on existing objects.
    pub ignore: &'a [IgnoreSpec],
    /// The cluster (discovery cache).
    pub cluster: &'a mut Cluster,
    /// Who applies: field manager and ownership labels.
    pub owner: &'a Owner,
    /// Recreate objects whose immutable fields changed (`spec.force`).
    pub force: bool,
    /// How long to wait for CRDs to become established.
    pub crd_timeout: Duration,
    /// Objects applied at once within a stage (`--concurrent-ssa`).
    pub concurrency: usize,
    /// What earlier runs verified: an object still as it was left is neither read nor
    /// dry-run (see [`memo`]).
    pub memo: Option<&'a memo::AppliedMemo>,
    /// Kinds applied in a stage of their own after the class definitions
    /// (`--custom-apply-stage-kinds`).
    pub custom_stage: &'a [GroupKind],
    /// The metadata clean-up made on existing objects before they are applied (see
    /// [`cleanup`]); `None` for none.
    pub cleanup: Option<&'a cleanup::Cleanup>,
}

/// Why [`Applier::apply_all_after`] stopped: its gate failed (nothing written), or the
/// apply did.
#[derive(Debug)]
pub enum GateOr<E> {
    /// The gate's error.
    Gate(E),
    /// The apply's error.
    Apply(Error),
}

/// What the dry run of one object decided.
enum Plan {
    /// Nothing to write: unchanged or left alone.
    Done(Change),
    /// The object differs from the cluster (or is new) and is written in the second pass.
    Write {
        obj: Value,
        subject: String,
        action: Action,
        entry: Option<Box<memo::Entry>>,
        /// The clean-up merge patch written before the apply.
        cleanup: Option<Value>,
    },
    /// An immutable field changed and force is on: deleted and created again.
    Recreate { obj: Value, subject: String },
}

impl Applier<'_> {
    /// Applies every object in fluxcd/pkg ssa's stages: cluster definitions (CRDs,
    /// Namespaces, ClusterRoles; CRDs then waited for until established), class definitions,
    /// the custom stage's kinds, then the rest. As in Flux, every object of a stage is
    /// validated with a server-side dry run before any of them is written, so an object the
    /// API server refuses stops the stage with nothing of it applied. Within a stage up to
    /// `concurrency` objects are handled at once (`--concurrent-ssa`); changes keep the
    /// build's order.
    pub async fn apply_all(&mut self, objs: &[Value]) -> Result<Vec<Change>> {
        let ready = std::future::ready(Ok::<(), std::convert::Infallible>(()));
        self.apply_all_after(objs, ready)
            .await
            .map_err(|e| match e {
                GateOr::Apply(e) => e,
                GateOr::Gate(never) => match never {},
            })
    }

    /// [`Self::apply_all`], writing nothing before `gate` has succeeded: it runs while the
    /// first stage is dry-run (a dry run writes nothing), so a write that must precede the
    /// apply (the Kustomization's pending inventory) costs no round trip of its own. A failed
    /// gate is reported before a failed dry run.
    pub async fn apply_all_after<E>(
        &mut self,
        objs: &[Value],
        gate: impl std::future::Future<Output = std::result::Result<(), E>>,
    ) -> std::result::Result<Vec<Change>, GateOr<E>> {
        let mut gate = Some(gate);
        let mut stages: [Vec<&Value>; 4] = Default::default();
        for o in objs {
            let i = if first_stage(o) {
                0
            } else if class_stage(o) {
                1
            } else if self.custom_stage.iter().any(|gk| gk.matches(o)) {
                2
            } else {
                3
            };
            stages[i].push(o);
        }
        let mut changes = Vec::new();
        for (i, stage) in stages.iter().enumerate() {
            if stage.is_empty() {
                continue;
            }
            let plans = match gate.take() {
                Some(g) => {
                    let (plans, passed) = futures::join!(self.plan_stage(stage), g);
                    passed.map_err(GateOr::Gate)?;
                    plans
                }
                None => self.plan_stage(stage).await,
            };
            changes.extend(
                self.write_stage(plans.map_err(GateOr::Apply)?)
                    .await
                    .map_err(GateOr::Apply)?,
            );
            if i == 0 {
                let crds: Vec<String> = stage
                    .iter()
                    .filter(|o| o["kind"] == "CustomResourceDefinition")
                    .filter_map(|o| o["metadata"]["name"].as_str().map(str::to_string))
                    .collect();
                if !crds.is_empty() {
                    self.cluster
                        .wait_crds_established(&crds, self.crd_timeout)
                        .await
                        .map_err(|e| GateOr::Apply(e.into()))?;
                }
            }
        }
        if let Some(g) = gate {
            g.await.map_err(GateOr::Gate)?;
        }
        Ok(changes)
    }

    /// Dry-runs every object of the stage (nothing is written).
    async fn plan_stage(&self, objs: &[&Value]) -> Result<Vec<Plan>> {
        use futures::StreamExt;
        type Job<'f, T> =
            std::pin::Pin<Box<dyn std::future::Future<Output = Result<T>> + Send + 'f>>;
        let this = self;
        // Boxed first: a lazily mapped iterator of borrowing futures trips rustc's `Send`
        // inference (higher-ranked lifetimes) in the controller's spawned task.
        let jobs: Vec<Job<'_, Plan>> = objs
            .iter()
            .map(|o| {
                let mut cluster = this.cluster.clone();
                let o: &Value = o;
                Box::pin(async move { this.plan_one(&mut cluster, o).await }) as Job<'_, Plan>
            })
            .collect();
        let plans: Vec<Result<Plan>> = futures::stream::iter(jobs)
            .buffered(self.concurrency.max(1))
            .collect()
            .await;
        plans.into_iter().collect()
    }

    /// Writes what the stage's dry runs found different.
    async fn write_stage(&self, plans: Vec<Plan>) -> Result<Vec<Change>> {
        use futures::StreamExt;
        type Job<'f, T> =
            std::pin::Pin<Box<dyn std::future::Future<Output = Result<T>> + Send + 'f>>;
        let this = self;
        let jobs: Vec<Job<'_, Change>> = plans
            .into_iter()
            .map(|plan| {
                let mut cluster = this.cluster.clone();
                Box::pin(async move { this.write_one(&mut cluster, plan).await }) as Job<'_, Change>
            })
            .collect();
        let results: Vec<Result<Change>> = futures::stream::iter(jobs)
            .buffered(self.concurrency.max(1))
            .collect()
            .await;
        results.into_iter().collect()
    }

    /// The first pass over one object: the skip rules, then a server-side dry run compared
    /// with the live object. An object in the default mode without ignore rules is dry-run
    /// before it is read: a dry run that creates tells that the object does not exist, so a
    /// new object costs no read (Flux reads every object first).
    async fn plan_one(&self, cluster: &mut Cluster, obj: &Value) -> Result<Plan> {
        let mut owned = obj.clone();
        self.owner.stamp(&mut owned);
        let subject = object_ref(&owned);
        let name = owned["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let api = cluster.api_for(&owned).await?;
        let err = |e: kube::Error| Error::Object {
            object: subject.clone(),
            message: api_message(&e),
        };
        let skipped = |subject: &str| {
            Ok(Plan::Done(Change {
                subject: subject.to_string(),
                action: Action::Skipped,
            }))
        };
        let mode = meta_flag(&owned, SSA_ANNOTATION)
            .unwrap_or_default()
            .to_ascii_lowercase();
        // `reconcile: disabled` on the desired or the live object leaves it alone, as Flux's
        // exclusion selector does.
        let disabled = |o: &Value| {
            meta_flag(o, crate::api::meta::annotation::RECONCILE)
                .is_some_and(|v| v.eq_ignore_ascii_case("disabled"))
        };
        if mode == "ignore" || disabled(&owned) {
            return skipped(&subject);
        }
        let plain = mode.is_empty() && self.ignore.is_empty();
        // Objects in the default mode without ignore rules may be known to be as they were
        // left; the others are always read (their handling depends on the live object).
        let entry = match self.memo {
            Some(m) if plain => {
                let (api_version, kind) = (
                    owned["apiVersion"].as_str().unwrap_or_default(),
                    owned["kind"].as_str().unwrap_or_default(),
                );
                let (ar, _) = cluster.resource(api_version, kind, &subject).await?;
                let owner = format!("{}/{}", self.owner.namespace, self.owner.name);
                m.entry(&ar, &owner, &owned, self.force).map(Box::new)
            }
            _ => None,
        };
        if let (Some(m), Some(e)) = (self.memo, &entry) {
            if m.still_as_left(e) {
                return Ok(Plan::Done(Change {
                    subject,
                    action: Action::Unchanged,
                }));
            }
        }
        // The live object: read first unless the dry run can tell.
        let mut live: Option<Option<Value>> = None;
        if !plain {
            let l = live_object(&api, &name).await.map_err(err)?;
            if l.as_ref().is_some_and(disabled) || l.is_some() && mode == "ifnotpresent" {
                return skipped(&subject);
            }
            // Ignored fields are not sent for objects that exist, so their cluster values stay.
            if l.is_some() && !self.ignore.is_empty() {
                let r = crate::kustomize::resource::Resource::new(owned.clone());
                for rule in self.ignore {
                    if rule.selector.as_ref().is_none_or(|s| s.selects(&r)) {
                        for p in &rule.paths {
                            remove_pointer(&mut owned, p);
                        }
                    }
                }
            }
            live = Some(l);
        }
        let mut params = PatchParams::apply(&self.owner.field_manager).force();
        params.dry_run = true;
        let rv = |v: &Value| {
            v["metadata"]["resourceVersion"]
                .as_str()
                .map(str::to_string)
        };
        let mut retried = false;
        loop {
            let dry = match api.patch(&name, &params, &Patch::Apply(&owned)).await {
                Ok(d) => serde_json::to_value(d).unwrap_or_default(),
                Err(e) => {
                    let l = match live.take() {
                        Some(l) => l,
                        None => live_object(&api, &name).await.map_err(err)?,
                    };
                    if l.as_ref().is_some_and(disabled) {
                        return skipped(&subject);
                    }
                    if l.is_some() && self.may_recreate(&owned, &e) {
                        return Ok(Plan::Recreate {
                            obj: owned,
                            subject,
                        });
                    }
                    return Err(err(e));
                }
            };
            let dry_rv = rv(&dry).filter(|r| !r.is_empty());
            let l = match (&dry_rv, live.take()) {
                // A dry run that creates: the object does not exist.
                (None, _) => None,
                (Some(_), Some(l)) => l,
                (Some(_), None) => live_object(&api, &name).await.map_err(err)?,
            };
            let Some(l) = l else {
                return Ok(Plan::Write {
                    obj: owned,
                    subject,
                    action: Action::Created,
                    entry,
                    cleanup: None,
                });
            };
            if disabled(&l) {
                return skipped(&subject);
            }
            // Metadata to clean up is written even when the dry run shows no change, as
            // Flux does: the apply after it removes what only a hand edit had added.
            if let Some(patch) = self.cleanup.and_then(|c| c.patch(&owned, &l)) {
                return Ok(Plan::Write {
                    obj: owned,
                    subject,
                    action: Action::Configured,
                    entry,
                    cleanup: Some(patch),
                });
            }
            // Another writer (e.g. kube-controller-manager on a Deployment) may have changed
            // the object between the read and the dry run (either order): dry-run and read
            // once more before calling it drift.
            if dry_rv != rv(&l) && !retried {
                retried = true;
                continue;
            }
            if dry_rv == rv(&l) && comparable(dry) == comparable(l) {
                if let (Some(m), Some(e)) = (self.memo, &entry) {
                    m.record(e, dry_rv.as_deref());
                }
                return Ok(Plan::Done(Change {
                    subject,
                    action: Action::Unchanged,
                }));
            }
            return Ok(Plan::Write {
                obj: owned,
                subject,
                action: Action::Configured,
                entry,
                cleanup: None,
            });
        }
    }

    /// The second pass over one object: writes what the dry run found different.
    async fn write_one(&self, cluster: &mut Cluster, plan: Plan) -> Result<Change> {
        let (obj, subject, action, entry, cleanup) = match plan {
            Plan::Done(change) => return Ok(change),
            Plan::Recreate { obj, subject } => return self.recreate(cluster, &obj, &subject).await,
            Plan::Write {
                obj,
                subject,
                action,
                entry,
                cleanup,
            } => (obj, subject, action, entry, cleanup),
        };
        let name = obj["metadata"]["name"].as_str().unwrap_or_default();
        let api = cluster.api_for(&obj).await?;
        if let Some(patch) = &cleanup {
            let params = PatchParams {
                field_manager: Some(self.owner.field_manager.clone()),
                ..PatchParams::default()
            };
            api.patch(name, &params, &Patch::Merge(patch))
                .await
                .map_err(|e| Error::Object {
                    object: subject.clone(),
                    message: format!("metadata.managedFields cleanup failed: {}", api_message(&e)),
                })?;
        }
        let params = PatchParams::apply(&self.owner.field_manager).force();
        match api.patch(name, &params, &Patch::Apply(&obj)).await {
            Ok(applied) => {
                if let (Some(m), Some(e)) = (self.memo, &entry) {
                    m.record(e, applied.metadata.resource_version.as_deref());
                }
                Ok(Change { subject, action })
            }
            Err(e) if action == Action::Configured && self.may_recreate(&obj, &e) => {
                self.recreate(cluster, &obj, &subject).await
            }
            Err(e) => Err(Error::Object {
                object: subject,
                message: api_message(&e),
            }),
        }
    }

    /// An immutable-field error on an object we may recreate.
    fn may_recreate(&self, obj: &Value, e: &kube::Error) -> bool {
        let immutable =
            matches!(e, kube::Error::Api(s) if s.code == 422 && s.message.contains("immutable"));
        let forced = self.force
            || meta_flag(obj, FORCE_ANNOTATION).is_some_and(|v| v.eq_ignore_ascii_case("enabled"));
        immutable && forced
    }

    async fn recreate(&self, cluster: &mut Cluster, obj: &Value, subject: &str) -> Result<Change> {
        let name = obj["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let api = cluster.api_for(obj).await?;
        let err = |e: kube::Error| Error::Object {
            object: subject.to_string(),
            message: api_message(&e),
        };
        api.delete(&name, &DeleteParams::foreground())
            .await
            .map_err(err)?;
        for _ in 0..300 {
            match api.get(&name).await {
                Err(e) if is_not_found(&e) => break,
                _ => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
        api.patch(
            &name,
            &PatchParams::apply(&self.owner.field_manager).force(),
            &Patch::Apply(obj),
        )
        .await
        .map_err(err)?;
        Ok(Change {
            subject: subject.to_string(),
            action: Action::Created,
        })
    }
}

/// Deletes the objects of `old` that are not in `new`, newest-stage last: namespaced objects
/// before Namespaces and CRDs. As in Flux, an object is deleted only while its ownership
/// labels still name `owner` (another owner may have taken it over), and never when it is
/// marked `prune: disabled`, `reconcile: disabled` or `ssa: Ignore`; those are reported as
/// skipped.
pub async fn prune(
    cluster: &mut Cluster,
    owner: &Owner,
    old: &[InventoryEntry],
    new: &[InventoryEntry],
) -> Result<Vec<Change>> {
    let keep: BTreeSet<&str> = new.iter().map(|e| e.id.as_str()).collect();
    let mut stale: Vec<Value> = old
        .iter()
        .filter(|e| !keep.contains(e.id.as_str()))
        .filter_map(InventoryEntry::to_object)
        .collect();
    // Namespaces and CRDs go last so their contents are deleted first.
    stale.sort_by_key(first_stage);
    let mut changes = Vec::new();
    for stub in stale {
        let subject = object_ref(&stub);
        let name = stub["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let api = match cluster.api_for(&stub).await {
            Ok(a) => a,
            // The kind is gone (its CRD was deleted): nothing left to prune.
            Err(crate::cluster::Error::Discovery { .. }) => continue,
            Err(e) => return Err(e.into()),
        };
        let live = match live_object(&api, &name).await {
            Ok(Some(live)) => live,
            Ok(None) => continue,
            Err(e) => {
                return Err(Error::Object {
                    object: subject,
                    message: api_message(&e),
                })
            }
        };
        if !owner.owns(&live) || excluded_from_prune(&live) {
            changes.push(Change {
                subject,
                action: Action::Skipped,
            });
            continue;
        }
        match api.delete(&name, &DeleteParams::background()).await {
            Ok(_) => changes.push(Change {
                subject,
                action: Action::Deleted,
            }),
            Err(e) if is_not_found(&e) => {}
            Err(e) => {
                return Err(Error::Object {
                    object: subject,
                    message: api_message(&e),
                })
            }
        }
    }
    Ok(changes)
}

/// Flux's prune exclusions (kustomize-controller's `deleteObjects`): `prune: disabled`,
/// `reconcile: disabled` or `ssa: Ignore`, as a label or an annotation, any case.
fn excluded_from_prune(live: &Value) -> bool {
    [
        (PRUNE_ANNOTATION, "disabled"),
        (crate::api::meta::annotation::RECONCILE, "disabled"),
        (SSA_ANNOTATION, "ignore"),
    ]
    .iter()
    .any(|(k, want)| {
        ["labels", "annotations"].iter().any(|f| {
            live["metadata"][*f][*k]
                .as_str()
                .is_some_and(|v| v.eq_ignore_ascii_case(want))
        })
    })
}

/// Waits until none of the inventory's objects exist any more (finalizers done).
pub async fn wait_deleted(
    cluster: &mut Cluster,
    entries: &[InventoryEntry],
    timeout: Duration,
) -> Result<()> {
    let started = std::time::Instant::now();
    loop {
        let mut remaining = Vec::new();
        for stub in entries.iter().filter_map(InventoryEntry::to_object) {
            let Ok(api) = cluster.api_for(&stub).await else {
                continue;
            };
            let name = stub["metadata"]["name"].as_str().unwrap_or_default();
            if api.get(name).await.is_ok() {
                remaining.push(object_ref(&stub));
            }
        }
        if remaining.is_empty() {
            return Ok(());
        }
        if started.elapsed() >= timeout {
            return Err(Error::Object {
                object: remaining.join(", "),
                message: String::from("timed out waiting for termination"),
            });
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn owner() -> Owner {
        Owner {
            field_manager: "kustomize-controller".into(),
            group: "kustomize.toolkit.fluxcd.io".into(),
            name: "a".into(),
            namespace: "apps".into(),
        }
    }

    #[test]
    fn reconcile_order_puts_listed_kinds_first_and_webhooks_last() {
        let o = |av: &str, kind: &str, name: &str| json!({"apiVersion": av, "kind": kind, "metadata": {"name": name, "namespace": "n"}});
        let mut objs = [
            o(
                "admissionregistration.k8s.io/v1",
                "ValidatingWebhookConfiguration",
                "v",
            ),
            o("example.com/v1", "Widget", "w"),
            o("apps/v1", "Deployment", "b"),
            o(
                "admissionregistration.k8s.io/v1",
                "MutatingWebhookConfiguration",
                "m",
            ),
            o("apps/v1", "Deployment", "a"),
            o("v1", "Service", "s"),
            o("apiextensions.k8s.io/v1", "CustomResourceDefinition", "c"),
        ];
        objs.sort_by_key(reconcile_order_key);
        let got: Vec<&str> = objs
            .iter()
            .map(|o| o["metadata"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(got, vec!["c", "s", "a", "b", "w", "m", "v"]);
    }

    #[test]
    fn stages_are_flux_cluster_definitions_then_classes_then_custom_kinds() {
        let o = |api: &str, kind: &str| json!({"apiVersion": api, "kind": kind});
        assert!(first_stage(&o(
            "apiextensions.k8s.io/v1",
            "CustomResourceDefinition"
        )));
        assert!(first_stage(&o("v1", "Namespace")));
        assert!(first_stage(&o(
            "rbac.authorization.k8s.io/v1",
            "ClusterRole"
        )));
        // Same kind names in other groups, and ClusterRoleBindings, are not definitions.
        assert!(!first_stage(&o("example.com/v1", "Namespace")));
        assert!(!first_stage(&o(
            "example.com/v1",
            "CustomResourceDefinition"
        )));
        assert!(!first_stage(&o(
            "rbac.authorization.k8s.io/v1",
            "ClusterRoleBinding"
        )));
        assert!(class_stage(&o("storage.k8s.io/v1", "StorageClass")));
        assert!(class_stage(&o("example.com/v1", "WidgetClass")));
        assert!(!class_stage(&o("v1", "ConfigMap")));

        let kinds = GroupKind::parse_list("rbac.authorization.k8s.io/Role, ConfigMap");
        assert_eq!(
            kinds,
            vec![
                GroupKind {
                    group: "rbac.authorization.k8s.io".into(),
                    kind: "Role".into()
                },
                GroupKind {
                    group: String::new(),
                    kind: "ConfigMap".into()
                },
            ]
        );
        assert!(kinds[0].matches(&o("rbac.authorization.k8s.io/v1", "Role")));
        assert!(!kinds[0].matches(&o("rbac.authorization.k8s.io/v1", "RoleBinding")));
        assert!(kinds[1].matches(&o("v1", "ConfigMap")));
        assert!(!kinds[1].matches(&o("example.com/v1", "ConfigMap")));
        assert!(GroupKind::parse_list("").is_empty());
    }

    #[test]
    fn owner_stamps_both_labels_and_owns_only_objects_naming_it() {
        let mut cm = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x", "labels": {"app": "y"}}});
        owner().stamp(&mut cm);
        assert_eq!(cm["metadata"]["labels"]["app"], "y");
        assert_eq!(
            cm["metadata"]["labels"]["kustomize.toolkit.fluxcd.io/name"],
            "a"
        );
        assert_eq!(
            cm["metadata"]["labels"]["kustomize.toolkit.fluxcd.io/namespace"],
            "apps"
        );
        assert!(owner().owns(&cm));
        let mut other = cm.clone();
        other["metadata"]["labels"]["kustomize.toolkit.fluxcd.io/name"] = json!("b");
        assert!(!owner().owns(&other));
        let mut other_ns = cm.clone();
        other_ns["metadata"]["labels"]["kustomize.toolkit.fluxcd.io/namespace"] = json!("default");
        assert!(!owner().owns(&other_ns));
        let unlabelled = json!({"metadata": {"name": "x"}});
        assert!(!owner().owns(&unlabelled));
    }

    #[test]
    fn prune_exclusions_are_prune_or_reconcile_disabled_in_labels_or_annotations() {
        let ann = |k: &str| json!({"metadata": {"annotations": {k: "disabled"}}});
        let lab = |k: &str| json!({"metadata": {"labels": {k: "Disabled"}}});
        assert!(excluded_from_prune(&ann(PRUNE_ANNOTATION)));
        assert!(excluded_from_prune(&lab(PRUNE_ANNOTATION)));
        assert!(excluded_from_prune(&ann(
            "kustomize.toolkit.fluxcd.io/reconcile"
        )));
        assert!(excluded_from_prune(&lab(
            "kustomize.toolkit.fluxcd.io/reconcile"
        )));
        assert!(excluded_from_prune(
            &json!({"metadata": {"annotations": {SSA_ANNOTATION: "Ignore"}}})
        ));
        assert!(!excluded_from_prune(
            &json!({"metadata": {"annotations": {SSA_ANNOTATION: "Merge"}}})
        ));
        assert!(!excluded_from_prune(
            &json!({"metadata": {"annotations": {PRUNE_ANNOTATION: "enabled"}}})
        ));
    }

    #[test]
    fn inventory_ids_follow_flux_and_round_trip() {
        let d = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "app", "namespace": "default"}});
        let ns = json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "apps"}});
        let e = InventoryEntry::of(&d);
        assert_eq!(e.id, "default_app_apps_Deployment");
        assert_eq!(e.version, "v1");
        assert_eq!(InventoryEntry::of(&ns).id, "_apps__Namespace");
        assert_eq!(e.to_object().unwrap(), d);
        assert_eq!(InventoryEntry::of(&ns).to_object().unwrap(), ns);
        assert_eq!(inventory(&[d.clone(), ns.clone(), d]).len(), 2);
    }
}
