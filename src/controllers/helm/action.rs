//! Helm 4's release actions on a cluster, as Flux's helm-controller runs them: install,
//! upgrade and uninstall of a release record ([`crate::helm::release`]) kept in Helm's
//! storage ([`crate::helm::storage`]), so the `helm` CLI sees every revision we make and we
//! continue releases Helm made.
//!
//! Install: the revision is recorded `pending-install` (Helm's lock), objects that exist
//! already must carry the release's ownership metadata (Helm's `unable to continue with
//! install` otherwise), pre-install hooks run, the manifest's objects are server-side applied
//! with the release's label and annotations (`app.kubernetes.io/managed-by: Helm`,
//! `meta.helm.sh/release-name|namespace`) and Flux's origin labels, waited for (kstatus), then
//! post-install hooks; the revision ends `deployed` ("Install complete") or `failed` with the
//! error. Upgrade does the same over the last revision, deletes the objects the new manifest
//! no longer has (unless `helm.sh/resource-policy: keep`) and supersedes the previous
//! revision. Uninstall runs the delete hooks, deletes the objects (in reverse, keeping
//! `keep` ones) and the revisions, or marks the last one `uninstalled` when history is kept.
//! Hooks run per event by weight then name, each replaced per `before-hook-creation` (the
//! default policy), waited for when a Job or Pod, and deleted per `hook-succeeded` /
//! `hook-failed`; their runs are recorded in the release.

use std::time::{Duration, Instant};

use chrono::Utc;
use kube::api::{Api, DeleteParams, ListParams, Patch, PatchParams, PostParams};
use serde_json::{json, Value};

use crate::apply::{Applier, Owner};
use crate::cluster::{api_message, is_not_found, Cluster};
use crate::helm::release::{go_time, set_status, Status};
use crate::helm::storage;

use super::wait::{self, Strategy, Wait};

/// Helm's ownership label.
pub const MANAGED_BY_LABEL: &str = "app.kubernetes.io/managed-by";
/// Helm's release name annotation.
pub const RELEASE_NAME_ANNOTATION: &str = "meta.helm.sh/release-name";
/// Helm's release namespace annotation.
pub const RELEASE_NAMESPACE_ANNOTATION: &str = "meta.helm.sh/release-namespace";
/// An object Helm never deletes (`keep`).
pub const RESOURCE_POLICY_ANNOTATION: &str = "helm.sh/resource-policy";

/// Why an action failed; the message is what Flux's conditions and events carry.
#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    /// Talking to the cluster failed.
    #[error(transparent)]
    Cluster(#[from] crate::cluster::Error),
    /// Applying or deleting an object failed.
    #[error(transparent)]
    Apply(#[from] crate::apply::Error),
    /// A stored release could not be read or written.
    #[error(transparent)]
    Storage(#[from] storage::StorageError),
    /// The release's manifest or a hook is not valid YAML.
    #[error("unable to build kubernetes objects from release manifest: {0}")]
    Manifest(String),
    /// The action itself failed (ownership conflict, hook, wait, API refusal).
    #[error("{0}")]
    Failed(String),
}

type Result<T> = std::result::Result<T, ActionError>;

fn failed(message: impl Into<String>) -> ActionError {
    ActionError::Failed(message.into())
}

/// How an action writes the release's objects (Flux's resolution of `serverSideApply`,
/// `force` and Helm's update options).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApplyMode {
    /// Server-side apply (conflicts forced, as Flux always does); otherwise client-side
    /// apply: create, then three-way patches ([`super::csa`]).
    pub server_side: bool,
    /// Client-side only (`upgrade.force`, `rollback.force`): existing objects are replaced
    /// (PUT) instead of patched.
    pub force_replace: bool,
    /// Server-side only: fold `helm-controller`'s client-side field entries into its apply
    /// entry first (a release moving from client-side to server-side apply).
    pub upgrade_field_manager: bool,
    /// Client-side only: custom resources get a three-way JSON merge patch instead of a
    /// two-way one (an install taking ownership of existing objects).
    pub three_way_unstructured: bool,
}

impl Default for ApplyMode {
    fn default() -> Self {
        ApplyMode {
            server_side: true,
            force_replace: false,
            upgrade_field_manager: false,
            three_way_unstructured: false,
        }
    }
}

impl ApplyMode {
    /// The release's `apply_method` (`ssa` or `csa`).
    pub fn method(&self) -> &'static str {
        if self.server_side {
            "ssa"
        } else {
            "csa"
        }
    }
}

/// How actions reach the cluster and how long they wait.
pub struct Actions {
    /// The cluster, as the identity the HelmRelease names.
    pub cluster: Cluster,
    /// The field manager (`helm-controller`) and Flux's origin labels.
    pub owner: Owner,
    /// Where the release's revisions are stored.
    pub storage_namespace: String,
    /// Timeout of each wait (objects, hooks).
    pub timeout: Duration,
    /// How objects are waited for (the action's `disableWait`, `disableWaitForJobs` and the
    /// release's `waitStrategy`).
    pub wait: Wait,
    /// `healthCheckExprs`: CEL verdicts for the kinds they name (poller strategy).
    pub health_exprs: std::sync::Arc<Vec<crate::health::cel::HealthExpr>>,
    /// Whether a failed upgrade or rollback deletes the objects it created (`cleanupOnFail`).
    pub cleanup_on_fail: bool,
    /// Whether an install or upgrade naming no strategy retries instead of remediating
    /// (helm-controller's `DefaultToRetryOnFailure` feature gate).
    pub retry_by_default: bool,
    /// Revisions kept (Helm's `MaxHistory`, Flux's `maxHistory`, default 5); 0 keeps all.
    pub max_history: usize,
    /// How the next action writes objects.
    pub mode: ApplyMode,
    /// helm-controller's `UseHelm3Defaults` feature gate: installs use client-side apply and
    /// waits the legacy strategy unless the HelmRelease says otherwise.
    pub helm3_defaults: bool,
}

impl Actions {
    /// Actions as `owner` on `cluster`, revisions stored in `storage_namespace`: waits with the
    /// poller (Jobs included) within `timeout`, no cleanup on failure, no CEL health checks.
    pub fn new(
        cluster: Cluster,
        owner: Owner,
        storage_namespace: String,
        timeout: Duration,
        max_history: usize,
    ) -> Self {
        Actions {
            cluster,
            owner,
            storage_namespace,
            timeout,
            wait: Wait::default(),
            health_exprs: Default::default(),
            cleanup_on_fail: false,
            retry_by_default: false,
            max_history,
            mode: ApplyMode::default(),
            helm3_defaults: false,
        }
    }

    fn secrets(&self) -> Api<k8s_openapi::api::core::v1::Secret> {
        Api::namespaced(self.cluster.client.clone(), &self.storage_namespace)
    }

    /// Every stored revision of release `name`, oldest first.
    pub async fn history(&self, name: &str) -> Result<Vec<Value>> {
        let list = self
            .secrets()
            .list(&ListParams::default().labels(&storage::selector(name)))
            .await
            .map_err(|e| failed(api_message(&e)))?;
        let mut releases = Vec::new();
        for s in list.items {
            let secret = s.metadata.name.clone().unwrap_or_default();
            if let Some(data) = s.data.as_ref().and_then(|d| d.get("release")) {
                releases.push(storage::decode(&secret, &data.0)?);
            }
        }
        releases.sort_by_key(|r| r["version"].as_i64().unwrap_or(0));
        Ok(releases)
    }

    /// Writes a revision: created with `createdAt`, or updated with `modifiedAt`.
    pub async fn record(&self, release: &Value) -> Result<()> {
        let now = Utc::now().timestamp();
        let name = storage::secret_name(
            release["name"].as_str().unwrap_or_default(),
            release["version"].as_i64().unwrap_or(0),
        );
        let api = self.secrets();
        let existing = api
            .get_opt(&name)
            .await
            .map_err(|e| failed(api_message(&e)))?;
        let created = existing
            .as_ref()
            .and_then(|s| s.metadata.labels.as_ref())
            .and_then(|l| l.get("createdAt"))
            .and_then(|v| v.parse().ok())
            .unwrap_or(now);
        if existing.is_none() && self.max_history > 0 {
            self.prune_history(release["name"].as_str().unwrap_or_default())
                .await?;
        }
        let mut secret = storage::secret(release, created)?;
        secret["metadata"]["namespace"] = json!(self.storage_namespace);
        if existing.is_some() {
            secret["metadata"]["labels"]["modifiedAt"] = json!(now.to_string());
        }
        let params = PatchParams::apply(&self.owner.field_manager).force();
        api.patch(&name, &params, &Patch::Apply(&secret))
            .await
            .map_err(|e| failed(api_message(&e)))?;
        Ok(())
    }

    /// Helm's `removeLeastRecent` before a new revision: the oldest revisions go until
    /// `max_history - 1` remain, never the last deployed one.
    async fn prune_history(&self, name: &str) -> Result<()> {
        let history = self.history(name).await?;
        let keep = self.max_history - 1;
        if history.len() <= keep {
            return Ok(());
        }
        let last_deployed = history
            .iter()
            .rev()
            .find(|r| Status::of(r) == Status::Deployed)
            .and_then(|r| r["version"].as_i64());
        let mut remaining = history.len();
        for r in &history {
            if remaining == keep {
                break;
            }
            if Some(r["version"].as_i64().unwrap_or(0)) != last_deployed {
                self.delete_record(r).await?;
                remaining -= 1;
            }
        }
        Ok(())
    }

    async fn delete_record(&self, release: &Value) -> Result<()> {
        let name = storage::secret_name(
            release["name"].as_str().unwrap_or_default(),
            release["version"].as_i64().unwrap_or(0),
        );
        match self.secrets().delete(&name, &DeleteParams::default()).await {
            Ok(_) => Ok(()),
            Err(e) if is_not_found(&e) => Ok(()),
            Err(e) => Err(failed(api_message(&e))),
        }
    }

    /// The objects of a manifest, namespaced ones in the release namespace unless they name
    /// their own.
    /// The manifest's objects, namespaced ones in `namespace` unless they name one.
    pub(crate) async fn objects(&mut self, manifest: &str, namespace: &str) -> Result<Vec<Value>> {
        let docs = crate::kustomize::yaml::parse_stream_v2(manifest)
            .map_err(|e| ActionError::Manifest(e.to_string()))?;
        let mut out = Vec::new();
        for mut obj in docs.into_iter().filter(|d| d.is_object()) {
            let id = crate::cluster::object_ref(&obj);
            let (av, kind) = (
                obj["apiVersion"].as_str().unwrap_or_default().to_string(),
                obj["kind"].as_str().unwrap_or_default().to_string(),
            );
            let (_, caps) = self.cluster.resource(&av, &kind, &id).await?;
            let namespaced = matches!(caps.scope, kube::discovery::Scope::Namespaced);
            if namespaced
                && obj["metadata"]["namespace"]
                    .as_str()
                    .unwrap_or("")
                    .is_empty()
            {
                obj["metadata"]["namespace"] = json!(namespace);
            }
            out.push(obj);
        }
        Ok(out)
    }

    /// Helm's `existingResourceConflict`: objects that exist must belong to this release.
    async fn check_ownership(
        &mut self,
        objs: &[Value],
        name: &str,
        namespace: &str,
        verb: &str,
    ) -> Result<()> {
        for obj in objs {
            let api = self.cluster.api_for(obj).await?;
            let n = obj["metadata"]["name"].as_str().unwrap_or_default();
            let live = match api.get_opt(n).await {
                Ok(Some(l)) => serde_json::to_value(l).unwrap_or_default(),
                Ok(None) => continue,
                Err(e) => {
                    return Err(failed(format!(
                        "unable to continue with {verb}: could not get information about the resource {}: {}",
                        resource_string(obj),
                        api_message(&e)
                    )))
                }
            };
            if let Some(why) = ownership_error(&live, name, namespace) {
                return Err(failed(format!(
                    "unable to continue with {verb}: {} exists and cannot be imported into the current release: {why}",
                    resource_string(obj)
                )));
            }
        }
        Ok(())
    }

    /// Applies the objects with the release's metadata and waits for them; objects that
    /// exist are taken over from their live state (an install's adoption).
    async fn apply(&mut self, objs: &[Value], name: &str, namespace: &str) -> Result<()> {
        let stamped = self.apply_only(objs, None, name, namespace).await?;
        if self.wait.enabled {
            self.wait_ready(&stamped).await?;
        }
        Ok(())
    }

    /// Writes the objects with the release's metadata per [`Self::mode`]; returns them as
    /// written. `originals` are the previous release's objects (client-side apply patches
    /// from them); without them an object's own desired state is its baseline, as Helm's
    /// install takes ownership.
    async fn apply_only(
        &mut self,
        objs: &[Value],
        originals: Option<&[Value]>,
        name: &str,
        namespace: &str,
    ) -> Result<Vec<Value>> {
        let stamped: Vec<Value> = objs
            .iter()
            .map(|o| with_release_metadata(o, name, namespace))
            .collect();
        if !self.mode.server_side {
            self.client_side_all(&stamped, originals, name, namespace)
                .await?;
            return Ok(stamped);
        }
        if self.mode.upgrade_field_manager {
            for obj in &stamped {
                self.upgrade_field_manager(obj).await?;
            }
        }
        let owner = self.owner.clone();
        let mut applier = Applier {
            ignore: &[],
            cluster: &mut self.cluster,
            owner: &owner,
            force: false,
            crd_timeout: self.timeout,
            concurrency: 4,
            memo: None,
            custom_stage: &[],
            cleanup: None,
        };
        applier.apply_all(&stamped).await?;
        Ok(stamped)
    }

    /// Helm's `Update`: applies the new objects, then deletes the old ones the new set no
    /// longer has (last first, `helm.sh/resource-policy: keep` left alone). Waiting is the
    /// caller's next step ([`Self::wait_ready`]).
    async fn update(
        &mut self,
        objs: &[Value],
        old: &[Value],
        name: &str,
        namespace: &str,
    ) -> Result<Vec<Value>> {
        let stamped = self.apply_only(objs, Some(old), name, namespace).await?;
        for gone in old
            .iter()
            .rev()
            .filter(|p| !objs.iter().any(|o| same_object(o, p)))
        {
            if !keeps(gone) {
                self.delete(gone).await?;
            }
        }
        Ok(stamped)
    }

    /// Helm's client-side `Update`: each object created when absent, else replaced
    /// (`force`) or patched from its original ([`super::csa`]); patch failures are collected
    /// and joined with ` && ` as Helm joins them, a failed create stops at once.
    async fn client_side_all(
        &mut self,
        objs: &[Value],
        originals: Option<&[Value]>,
        name: &str,
        namespace: &str,
    ) -> Result<()> {
        let mut errors = Vec::new();
        for obj in objs {
            let mut obj = obj.clone();
            self.owner.stamp(&mut obj);
            let original = originals.map(|old| {
                old.iter().find(|p| same_object(p, &obj)).map(|p| {
                    let mut p = with_release_metadata(p, name, namespace);
                    self.owner.stamp(&mut p);
                    p
                })
            });
            if let Err(e) = self.client_side(&obj, original).await {
                match e {
                    ActionError::Failed(m) if m.starts_with("failed to create resource") => {
                        return Err(failed(m))
                    }
                    e => errors.push(e.to_string()),
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(failed(errors.join(" && ")))
        }
    }

    /// One object by client-side apply. `original`: `None` when there is no previous
    /// release (the object itself is the baseline), `Some(None)` when the previous release
    /// did not have it (the live object is, as Helm warns).
    async fn client_side(&mut self, obj: &Value, original: Option<Option<Value>>) -> Result<()> {
        let api = self.cluster.api_for(obj).await?;
        let n = obj["metadata"]["name"].as_str().unwrap_or_default();
        let kind = obj["kind"].as_str().unwrap_or_default();
        let live = api.get_opt(n).await.map_err(|e| {
            failed(format!(
                "could not get information about the resource: {}",
                api_message(&e)
            ))
        })?;
        let dynamic = |v: &Value| -> Result<kube::api::DynamicObject> {
            serde_json::from_value(v.clone()).map_err(|e| failed(e.to_string()))
        };
        let pp = PostParams {
            field_manager: Some(self.owner.field_manager.clone()),
            ..Default::default()
        };
        let Some(live) = live else {
            api.create(&pp, &dynamic(obj)?)
                .await
                .map_err(|e| failed(format!("failed to create resource: {}", api_message(&e))))?;
            return Ok(());
        };
        let live = serde_json::to_value(live).unwrap_or_default();
        if self.mode.force_replace {
            let mut o = obj.clone();
            o["metadata"]["resourceVersion"] = live["metadata"]["resourceVersion"].clone();
            api.replace(n, &pp, &dynamic(&o)?)
                .await
                .map_err(|e| failed(format!("failed to replace object: {}", api_message(&e))))?;
            return Ok(());
        }
        let original = match original {
            None => obj.clone(),
            Some(Some(o)) => o,
            Some(None) => live.clone(),
        };
        let av = obj["apiVersion"].as_str().unwrap_or_default();
        let params = PatchParams {
            field_manager: Some(self.owner.field_manager.clone()),
            ..Default::default()
        };
        let result = if super::csa::is_builtin(av, kind) {
            let patch = super::csa::strategic_three_way(&original, obj, &live, av, kind)
                .map_err(|e| failed(format!("failed to create patch: {e}")))?;
            if super::csa::is_empty(&patch) {
                return Ok(());
            }
            api.patch(n, &params, &Patch::Strategic(patch)).await
        } else {
            let patch = if self.mode.three_way_unstructured {
                super::csa::json_three_way(&original, obj, &live)
            } else {
                super::csa::json_two_way(&original, obj)
            };
            if super::csa::is_empty(&patch) {
                return Ok(());
            }
            api.patch(n, &params, &Patch::Merge(patch)).await
        };
        result.map(|_| ()).map_err(|e| {
            failed(format!(
                "cannot patch \"{n}\" with kind {kind}: {}",
                api_message(&e)
            ))
        })
    }

    /// Helm's `upgradeClientSideFieldManager`: the object's client-side field entries of our
    /// manager folded into its apply entry (client-go's csaupgrade), so that server-side
    /// apply removes what the chart no longer sets.
    async fn upgrade_field_manager(&mut self, obj: &Value) -> Result<()> {
        let api = self.cluster.api_for(obj).await?;
        let n = obj["metadata"]["name"].as_str().unwrap_or_default();
        for _ in 0..5 {
            let Some(live) = api.get_opt(n).await.map_err(|e| failed(api_message(&e)))? else {
                return Ok(());
            };
            let live = serde_json::to_value(live).unwrap_or_default();
            let Some(patch) = super::csa::upgrade_managed_fields(&live, &self.owner.field_manager)
            else {
                return Ok(());
            };
            let patch: json_patch::Patch =
                serde_json::from_value(patch).map_err(|e| failed(e.to_string()))?;
            let params = PatchParams {
                field_manager: Some(self.owner.field_manager.clone()),
                ..Default::default()
            };
            match api.patch(n, &params, &Patch::<()>::Json(patch)).await {
                Ok(_) => return Ok(()),
                Err(kube::Error::Api(s)) if s.code == 409 => continue,
                Err(e) => {
                    return Err(failed(format!(
                        "failed to upgrade managed fields for object {}: {}",
                        resource_string(obj),
                        api_message(&e)
                    )))
                }
            }
        }
        Ok(())
    }

    /// The objects that do not exist yet: what an update creates (Helm's `Result.Created`),
    /// which `cleanupOnFail` deletes when the action fails.
    async fn absent(&mut self, objs: &[Value]) -> Result<Vec<Value>> {
        let mut out = Vec::new();
        for obj in objs {
            let api = self.cluster.api_for(obj).await?;
            let n = obj["metadata"]["name"].as_str().unwrap_or_default();
            if api
                .get_opt(n)
                .await
                .map_err(|e| failed(api_message(&e)))?
                .is_none()
            {
                out.push(obj.clone());
            }
        }
        Ok(out)
    }

    /// `cleanupOnFail`: deletes what the failed action created (background propagation);
    /// an error here is added to the action's, as Helm words it.
    async fn clean_up(&mut self, created: &[Value], error: ActionError, verb: &str) -> ActionError {
        let mut errs = Vec::new();
        for obj in created {
            if let Err(e) = self.delete(obj).await {
                errs.push(e.to_string());
            }
        }
        if errs.is_empty() {
            error
        } else {
            failed(format!(
                "an error occurred while cleaning up resources. original {verb} error: {error}: unable to cleanup resources: {}",
                errs.join(", ")
            ))
        }
    }

    /// Waits for the objects per [`Self::wait`]'s strategy.
    async fn wait_ready(&mut self, objs: &[Value]) -> Result<()> {
        match self.wait.strategy {
            Strategy::Poller => self.poll(objs).await,
            Strategy::Legacy => self.poll_legacy(objs).await,
        }
    }

    /// Flux's poller: kstatus until every object is current, failing as soon as one has
    /// failed (fluxcd/pkg/ssa's `WaitForSetWithContext` with fail fast and its messages).
    async fn poll(&mut self, objs: &[Value]) -> Result<()> {
        let deadline = Instant::now() + self.timeout;
        let objs: Vec<&Value> = objs.iter().filter(|o| !wait::poller_skips(o)).collect();
        let exprs = self.health_exprs.clone();
        loop {
            let mut pending = Vec::new();
            let mut failed_ids = Vec::new();
            for obj in &objs {
                let api = self.cluster.api_for(obj).await?;
                let n = obj["metadata"]["name"].as_str().unwrap_or_default();
                let id = wait::object_id(obj);
                let live = match api.get_opt(n).await {
                    Ok(Some(l)) => serde_json::to_value(l).unwrap_or_default(),
                    Ok(None) if wait::job_with_ttl(obj) => continue,
                    Ok(None) => {
                        pending.push(format!("{id} status: 'NotFound'"));
                        continue;
                    }
                    Err(e) => {
                        pending.push(format!("{id} status: 'Unknown': {}", api_message(&e)));
                        continue;
                    }
                };
                match wait::poller_verdict(&live, self.wait.jobs, &exprs) {
                    crate::health::Health::Current => {}
                    crate::health::Health::InProgress(_) => {
                        pending.push(format!("{id} status: 'InProgress'"));
                    }
                    crate::health::Health::Failed(_) => {
                        failed_ids.push(format!("{id} status: 'Failed'"));
                    }
                }
            }
            if !failed_ids.is_empty() {
                return Err(failed(format!(
                    "failed early due to stalled resources: [{}]",
                    failed_ids.join(", ")
                )));
            }
            if pending.is_empty() {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(failed(format!(
                    "timeout waiting for: [{}]",
                    pending.join(", ")
                )));
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }

    /// Helm's legacy waiter: its ReadyChecker every 2 s until all are ready; an error other
    /// than the API server's 404/4xx is retried 30 times before it fails the wait; the timeout
    /// is `context deadline exceeded`.
    async fn poll_legacy(&mut self, objs: &[Value]) -> Result<()> {
        let deadline = Instant::now() + self.timeout;
        let checked: Vec<&Value> = objs
            .iter()
            .filter(|o| wait::legacy_checks(o, self.wait.jobs))
            .collect();
        let mut errors = vec![0usize; checked.len()];
        loop {
            let mut ready = true;
            for (i, obj) in checked.iter().enumerate() {
                match self.legacy_ready(obj).await {
                    Ok(true) => errors[i] = 0,
                    Ok(false) => {
                        errors[i] = 0;
                        ready = false;
                        break;
                    }
                    Err((retryable, e)) => {
                        if !retryable {
                            return Err(failed(e));
                        }
                        errors[i] += 1;
                        if errors[i] > 30 {
                            return Err(failed(e));
                        }
                        ready = false;
                        break;
                    }
                }
            }
            if ready {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(failed("context deadline exceeded"));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            tokio::time::sleep(left.min(Duration::from_secs(2))).await;
        }
    }

    /// One object under Helm's ReadyChecker: `Err((retryable, message))` on an error, with
    /// Helm's rule for which are retried (anything but an API status other than 429 and 5xx).
    async fn legacy_ready(&mut self, obj: &Value) -> std::result::Result<bool, (bool, String)> {
        let retryable = |e: &kube::Error| match e {
            kube::Error::Api(s) => s.code == 429 || (s.code >= 500 && s.code != 501),
            _ => true,
        };
        let api = self
            .cluster
            .api_for(obj)
            .await
            .map_err(|e| (true, e.to_string()))?;
        let n = obj["metadata"]["name"].as_str().unwrap_or_default();
        let live = api
            .get(n)
            .await
            .map_err(|e| (retryable(&e), api_message(&e)))?;
        let live = serde_json::to_value(live).unwrap_or_default();
        let ns = live["metadata"]["namespace"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        match wait::legacy_need(&live).map_err(|e| (true, e))? {
            wait::LegacyNeed::Nothing => wait::legacy_ready(&live).map_err(|e| (true, e)),
            wait::LegacyNeed::ReplicaSets(selector) => {
                let rss: Api<k8s_openapi::api::apps::v1::ReplicaSet> =
                    Api::namespaced(self.cluster.client.clone(), &ns);
                let list = rss
                    .list(&ListParams::default().labels(&selector))
                    .await
                    .map_err(|e| (retryable(&e), api_message(&e)))?;
                let list: Vec<Value> = list
                    .items
                    .into_iter()
                    .map(|r| serde_json::to_value(r).unwrap_or_default())
                    .collect();
                Ok(wait::deployment_ready(
                    &live,
                    wait::new_replica_set(&live, &list),
                ))
            }
            wait::LegacyNeed::Pods(selector) => {
                if !wait::legacy_ready(&live).map_err(|e| (true, e))? {
                    return Ok(false);
                }
                let pods: Api<k8s_openapi::api::core::v1::Pod> =
                    Api::namespaced(self.cluster.client.clone(), &ns);
                let list = pods
                    .list(&ListParams::default().labels(&selector))
                    .await
                    .map_err(|e| (retryable(&e), api_message(&e)))?;
                Ok(list
                    .items
                    .iter()
                    .all(|p| wait::pod_ready(&serde_json::to_value(p).unwrap_or_default())))
            }
        }
    }

    async fn delete(&mut self, obj: &Value) -> Result<bool> {
        self.delete_with(obj, kube::api::PropagationPolicy::Background)
            .await
    }

    async fn delete_with(
        &mut self,
        obj: &Value,
        propagation: kube::api::PropagationPolicy,
    ) -> Result<bool> {
        let api = match self.cluster.api_for(obj).await {
            Ok(a) => a,
            Err(crate::cluster::Error::Discovery { .. }) => return Ok(false),
            Err(e) => return Err(e.into()),
        };
        let n = obj["metadata"]["name"].as_str().unwrap_or_default();
        let dp = DeleteParams {
            propagation_policy: Some(propagation),
            ..Default::default()
        };
        match api.delete(n, &dp).await {
            Ok(_) => Ok(true),
            Err(e) if is_not_found(&e) => Ok(false),
            Err(e) => Err(failed(format!(
                "{}: {}",
                resource_string(obj),
                api_message(&e)
            ))),
        }
    }

    async fn wait_gone(&mut self, obj: &Value) -> Result<()> {
        let deadline = Instant::now() + self.timeout;
        let api = self.cluster.api_for(obj).await?;
        let n = obj["metadata"]["name"].as_str().unwrap_or_default();
        while api
            .get_opt(n)
            .await
            .map_err(|e| failed(api_message(&e)))?
            .is_some()
        {
            if Instant::now() >= deadline {
                return Err(failed(format!(
                    "timed out waiting for {} to be deleted",
                    resource_string(obj)
                )));
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        Ok(())
    }

    /// Runs the hooks of `event` in Helm's order, recording their runs in `release`.
    async fn run_hooks(&mut self, release: &mut Value, event: &str) -> Result<()> {
        let namespace = release["namespace"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let mut order: Vec<usize> = release["hooks"]
            .as_array()
            .map(|hooks| {
                hooks
                    .iter()
                    .enumerate()
                    .filter(|(_, h)| {
                        h["events"]
                            .as_array()
                            .is_some_and(|e| e.iter().any(|e| e == event))
                    })
                    .map(|(i, _)| i)
                    .collect()
            })
            .unwrap_or_default();
        let key = |h: &Value| {
            (
                h["weight"].as_i64().unwrap_or(0),
                h["name"].as_str().unwrap_or_default().to_string(),
            )
        };
        order.sort_by_key(|&i| key(&release["hooks"][i]));
        let mut ran = Vec::new();
        for i in order {
            let hook = &mut release["hooks"][i];
            if hook["delete_policies"]
                .as_array()
                .is_none_or(|p| p.is_empty())
            {
                hook["delete_policies"] = json!(["before-hook-creation"]);
            }
            let path = hook["path"].as_str().unwrap_or_default().to_string();
            let objs = self
                .objects(hook["manifest"].as_str().unwrap_or_default(), &namespace)
                .await
                .map_err(|e| {
                    failed(format!(
                        "unable to build kubernetes object for {event} hook {path}: {e}"
                    ))
                })?;
            let hook = release["hooks"][i].clone();
            if has_policy(&hook, "before-hook-creation")
                && hook["kind"] != "CustomResourceDefinition"
            {
                for o in &objs {
                    if self.delete(o).await? {
                        self.wait_gone(o).await?;
                    }
                }
            }
            release["hooks"][i]["last_run"] =
                json!({"started_at": go_time(Utc::now()), "phase": "Running"});
            self.record(release).await?;
            let result = self.run_hook(&objs).await;
            release["hooks"][i]["last_run"]["completed_at"] = json!(go_time(Utc::now()));
            match result {
                Ok(()) => {
                    release["hooks"][i]["last_run"]["phase"] = json!("Succeeded");
                    ran.push((hook, objs));
                }
                Err(e) => {
                    release["hooks"][i]["last_run"]["phase"] = json!("Failed");
                    if has_policy(&hook, "hook-failed") {
                        for o in &objs {
                            self.delete(o).await?;
                        }
                    }
                    for (h, objs) in &ran {
                        if has_policy(h, "hook-succeeded") {
                            for o in objs {
                                self.delete(o).await?;
                            }
                        }
                    }
                    return Err(failed(format!("warning: Hook {event} {path} failed: {e}")));
                }
            }
        }
        for (h, objs) in ran.iter().rev() {
            if has_policy(h, "hook-succeeded") && h["kind"] != "CustomResourceDefinition" {
                for o in objs {
                    if self.delete(o).await? {
                        self.wait_gone(o).await?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Creates a hook's objects and waits for Jobs to complete and Pods to succeed.
    async fn run_hook(&mut self, objs: &[Value]) -> Result<()> {
        let pp = PostParams {
            field_manager: Some(self.owner.field_manager.clone()),
            ..Default::default()
        };
        for o in objs {
            let api = self.cluster.api_for(o).await?;
            let obj: kube::api::DynamicObject =
                serde_json::from_value(o.clone()).map_err(|e| failed(e.to_string()))?;
            api.create(&pp, &obj)
                .await
                .map_err(|e| failed(api_message(&e)))?;
        }
        let deadline = Instant::now() + self.timeout;
        for o in objs {
            let kind = o["kind"].as_str().unwrap_or_default();
            if kind != "Job" && kind != "Pod" {
                continue;
            }
            let api = self.cluster.api_for(o).await?;
            let n = o["metadata"]["name"].as_str().unwrap_or_default();
            loop {
                let live = api.get(n).await.map_err(|e| failed(api_message(&e)))?;
                let live = serde_json::to_value(live).unwrap_or_default();
                match hook_phase(&live) {
                    Some(Ok(())) => break,
                    Some(Err(why)) => return Err(failed(why)),
                    None if Instant::now() >= deadline => {
                        return Err(failed(format!(
                            "timed out waiting for the condition on {}",
                            resource_string(o)
                        )))
                    }
                    None => tokio::time::sleep(Duration::from_millis(500)).await,
                }
            }
        }
        Ok(())
    }

    /// Runs a release's test hooks as Helm's `ReleaseTesting` does for Flux: hooks named by an
    /// exclude filter are skipped, and with include filters only the hooks they name run; the
    /// skipped hooks are stored first, then the ones that ran with their last runs, and the
    /// release is recorded whatever the outcome.
    pub async fn test(
        &mut self,
        release: &mut Value,
        filters: &[crate::api::helm::TestFilter],
        timeout: Duration,
    ) -> Result<()> {
        let named = |h: &Value, names: &[&str]| names.contains(&h["name"].as_str().unwrap_or(""));
        let exclude: Vec<&str> = filters
            .iter()
            .filter(|f| f.exclude)
            .map(|f| f.name.as_str())
            .collect();
        let include: Vec<&str> = filters
            .iter()
            .filter(|f| !f.exclude)
            .map(|f| f.name.as_str())
            .collect();
        let mut executing = release["hooks"].as_array().cloned().unwrap_or_default();
        let mut skipped = Vec::new();
        if !exclude.is_empty() {
            let (out, kept): (Vec<Value>, Vec<Value>) =
                executing.into_iter().partition(|h| named(h, &exclude));
            skipped.extend(out);
            executing = kept;
        }
        if !include.is_empty() {
            let (kept, out): (Vec<Value>, Vec<Value>) =
                executing.into_iter().partition(|h| named(h, &include));
            skipped.extend(out);
            executing = kept;
        }
        release["hooks"] = Value::Array(executing);
        let saved = std::mem::replace(&mut self.timeout, timeout);
        let result = self.run_hooks(release, "test").await;
        self.timeout = saved;
        let ran = release["hooks"].as_array().cloned().unwrap_or_default();
        skipped.extend(ran);
        release["hooks"] = Value::Array(skipped);
        // Helm records the release after a failed test too, ignoring that write's error.
        let recorded = self.record(release).await;
        result?;
        recorded
    }

    /// Applies a chart's CRDs (`crds/`) before an install or upgrade, as Flux's CRD policies
    /// say: `create` leaves CRDs that exist alone, `replace` writes them too; waits until they
    /// are established.
    pub async fn apply_crds(&mut self, crds: &[Value], replace: bool) -> Result<()> {
        if crds.is_empty() {
            return Ok(());
        }
        let mut names = Vec::new();
        for crd in crds {
            let name = crd["metadata"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let api = self.cluster.api_for(crd).await?;
            let exists = api
                .get_opt(&name)
                .await
                .map_err(|e| failed(api_message(&e)))?
                .is_some();
            if !exists || replace {
                // Flux's origin labels, as on every object of the release.
                let mut crd = crd.clone();
                self.owner.stamp(&mut crd);
                let written = if self.mode.server_side {
                    let params = PatchParams::apply(&self.owner.field_manager).force();
                    api.patch(&name, &params, &Patch::Apply(&crd)).await
                } else {
                    // Client-side: created, or replaced whole (Flux's ForceReplace for CRDs).
                    let pp = PostParams {
                        field_manager: Some(self.owner.field_manager.clone()),
                        ..Default::default()
                    };
                    let obj: std::result::Result<kube::api::DynamicObject, _> =
                        serde_json::from_value(crd.clone());
                    let obj = obj.map_err(|e| failed(e.to_string()))?;
                    if exists {
                        let mut obj = obj;
                        if let Some(live) = api
                            .get_opt(&name)
                            .await
                            .map_err(|e| failed(api_message(&e)))?
                        {
                            obj.metadata.resource_version = live.metadata.resource_version;
                        }
                        api.replace(&name, &pp, &obj).await
                    } else {
                        api.create(&pp, &obj).await
                    }
                };
                written.map_err(|e| {
                    failed(format!(
                        "failed to apply CustomResourceDefinitions: failed to create CustomResourceDefinition {name}: {}",
                        api_message(&e)
                    ))
                })?;
            }
            names.push(name);
        }
        self.cluster
            .wait_crds_established(&names, self.timeout)
            .await?;
        Ok(())
    }

    /// Installs `release` (a new revision 1, built pending or not): records it
    /// `pending-install`, runs it and records the outcome. The returned release is the
    /// recorded one; on failure it is recorded `failed` and returned with the error.
    pub async fn install(
        &mut self,
        mut release: Value,
        run_hooks: bool,
    ) -> std::result::Result<Value, (Value, ActionError)> {
        let name = release["name"].as_str().unwrap_or_default().to_string();
        let namespace = release["namespace"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        set_status(
            &mut release,
            Status::PendingInstall,
            "Initial install underway",
        );
        release["apply_method"] = json!(self.mode.method());
        let outcome = async {
            let objs = self
                .objects(release["manifest"].as_str().unwrap_or_default(), &namespace)
                .await?;
            self.check_ownership(&objs, &name, &namespace, "install")
                .await?;
            self.record(&release).await?;
            if run_hooks {
                self.run_hooks(&mut release, "pre-install")
                    .await
                    .map_err(|e| failed(format!("failed pre-install: {e}")))?;
            }
            self.apply(&objs, &name, &namespace).await?;
            if run_hooks {
                self.run_hooks(&mut release, "post-install")
                    .await
                    .map_err(|e| failed(format!("failed post-install: {e}")))?;
            }
            Ok::<(), ActionError>(())
        }
        .await;
        self.finish(release, outcome, "Install complete", "Release")
            .await
    }

    /// Records the outcome: `deployed` with `done`, or `failed` with Helm's `<Action> "name"
    /// failed: error` description (`failure` is `Release`, `Upgrade` or `Rollback`).
    async fn finish(
        &mut self,
        mut release: Value,
        outcome: Result<()>,
        done: &str,
        failure: &str,
    ) -> std::result::Result<Value, (Value, ActionError)> {
        match outcome {
            Ok(()) => {
                set_status(&mut release, Status::Deployed, done);
                match self.record(&release).await {
                    Ok(()) => Ok(release),
                    Err(e) => Err((release, e)),
                }
            }
            Err(e) => {
                let name = release["name"].as_str().unwrap_or_default().to_string();
                set_status(
                    &mut release,
                    Status::Failed,
                    &format!("{failure} \"{name}\" failed: {e}"),
                );
                let _ = self.record(&release).await;
                Err((release, e))
            }
        }
    }

    /// Upgrades from `current` (the last revision) to `release` (revision current+1):
    /// applies the new manifest, deletes what it no longer has, supersedes `current`.
    pub async fn upgrade(
        &mut self,
        current: &Value,
        mut release: Value,
        run_hooks: bool,
    ) -> std::result::Result<Value, (Value, ActionError)> {
        let name = release["name"].as_str().unwrap_or_default().to_string();
        let namespace = release["namespace"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        set_status(&mut release, Status::PendingUpgrade, "Preparing upgrade");
        release["apply_method"] = json!(self.mode.method());
        let mut created = Vec::new();
        let outcome = async {
            let objs = self
                .objects(release["manifest"].as_str().unwrap_or_default(), &namespace)
                .await?;
            let old = self
                .objects(current["manifest"].as_str().unwrap_or_default(), &namespace)
                .await?;
            let fresh: Vec<Value> = objs
                .iter()
                .filter(|o| !old.iter().any(|p| same_object(o, p)))
                .cloned()
                .collect();
            self.check_ownership(&fresh, &name, &namespace, "update")
                .await?;
            self.record(&release).await?;
            if run_hooks {
                self.run_hooks(&mut release, "pre-upgrade")
                    .await
                    .map_err(|e| failed(format!("pre-upgrade hooks failed: {e}")))?;
            }
            if self.cleanup_on_fail {
                created = self.absent(&objs).await?;
            }
            let applied = self.update(&objs, &old, &name, &namespace).await?;
            if self.wait.enabled {
                self.wait_ready(&applied).await?;
            }
            if run_hooks {
                self.run_hooks(&mut release, "post-upgrade")
                    .await
                    .map_err(|e| failed(format!("post-upgrade hooks failed: {e}")))?;
            }
            Ok::<(), ActionError>(())
        }
        .await;
        let mut result = self
            .finish(release, outcome, "Upgrade complete", "Upgrade")
            .await;
        if let Err((_, e)) = &mut result {
            if self.cleanup_on_fail && !created.is_empty() {
                let error = std::mem::replace(e, failed(""));
                *e = self.clean_up(&created, error, "upgrade").await;
            }
        }
        if result.is_ok() && Status::of(current) == Status::Deployed {
            let mut old = current.clone();
            old["info"]["status"] = json!(Status::Superseded.as_str());
            if let Err(e) = self.record(&old).await {
                return Err((result.unwrap_or_default(), e));
            }
        }
        result
    }

    /// Helm's rollback from `current` (the last revision) to `target` (an earlier one): a new
    /// revision `current+1` recorded `pending-rollback` ("Rollback to N") with the target's
    /// chart, config, manifest and hooks (nothing is re-rendered), applied, objects only the
    /// current manifest has deleted, and the current revision superseded when it was deployed.
    pub async fn rollback(
        &mut self,
        current: &Value,
        target: &Value,
        run_hooks: bool,
    ) -> std::result::Result<Value, (Value, ActionError)> {
        let name = current["name"].as_str().unwrap_or_default().to_string();
        let namespace = current["namespace"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let target_version = target["version"].as_i64().unwrap_or(0);
        let mut release = target.clone();
        release["version"] = json!(current["version"].as_i64().unwrap_or(0) + 1);
        release["info"] = json!({
            "first_deployed": current["info"]["first_deployed"],
            "last_deployed": go_time(Utc::now()),
            "status": Status::PendingRollback.as_str(),
            "description": format!("Rollback to {target_version}"),
        });
        if let Some(notes) = target["info"]["notes"].as_str().filter(|n| !n.is_empty()) {
            release["info"]["notes"] = json!(notes);
        }
        if let Some(hooks) = release["hooks"].as_array_mut() {
            for h in hooks {
                h["last_run"] = json!({"phase": ""});
            }
        }
        release["apply_method"] = json!(self.mode.method());
        let description = format!("Rollback to {target_version}");
        let mut created = Vec::new();
        let mut updated = false;
        let outcome = async {
            let objs = self
                .objects(release["manifest"].as_str().unwrap_or_default(), &namespace)
                .await?;
            let old = self
                .objects(current["manifest"].as_str().unwrap_or_default(), &namespace)
                .await?;
            self.record(&release).await?;
            if run_hooks {
                self.run_hooks(&mut release, "pre-rollback").await?;
            }
            if self.cleanup_on_fail {
                created = self.absent(&objs).await?;
            }
            let applied = self.update(&objs, &old, &name, &namespace).await?;
            updated = true;
            if self.wait.enabled {
                self.wait_ready(&applied).await?;
            }
            if run_hooks {
                self.run_hooks(&mut release, "post-rollback").await?;
            }
            Ok::<(), ActionError>(())
        }
        .await;
        // Helm words a failed update `Rollback "name" failed`, a failed wait `Release ...`,
        // and cleans up after a failed update only.
        let failure = if updated { "Release" } else { "Rollback" };
        let mut result = self.finish(release, outcome, &description, failure).await;
        if let Err((_, e)) = &mut result {
            if self.cleanup_on_fail && !updated && !created.is_empty() {
                let error = std::mem::replace(e, failed(""));
                *e = self.clean_up(&created, error, "rollback").await;
            }
        }
        if let Ok(new) = &result {
            // Helm supersedes every other deployed revision.
            let superseded = async {
                for mut old in self.history(&name).await? {
                    if old["version"] != new["version"] && Status::of(&old) == Status::Deployed {
                        old["info"]["status"] = json!(Status::Superseded.as_str());
                        self.record(&old).await?;
                    }
                }
                Ok::<(), ActionError>(())
            }
            .await;
            if let Err(e) = superseded {
                return Err((new.clone(), e));
            }
        }
        result
    }

    /// Uninstalls `release` (the last revision): delete hooks, its objects (reverse order,
    /// `keep` ones left), then every revision, or the last one kept as `uninstalled`.
    pub async fn uninstall(&mut self, release: Value, opts: &UninstallOptions) -> Result<()> {
        let release_timeout = self.timeout;
        self.timeout = opts.timeout.unwrap_or(release_timeout);
        let result = self.uninstall_within(release, opts).await;
        self.timeout = release_timeout;
        result
    }

    async fn uninstall_within(
        &mut self,
        mut release: Value,
        opts: &UninstallOptions,
    ) -> Result<()> {
        let (run_hooks, keep_history) = (opts.hooks, opts.keep_history);
        let namespace = release["namespace"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        set_status(
            &mut release,
            Status::Uninstalling,
            "Deletion in progress (or silently failed)",
        );
        self.record(&release).await?;
        if run_hooks {
            self.run_hooks(&mut release, "pre-delete").await?;
        }
        let objs = self
            .objects(release["manifest"].as_str().unwrap_or_default(), &namespace)
            .await?;
        let mut deleted = Vec::new();
        for obj in objs.iter().rev().filter(|o| !keeps(o)) {
            if self.delete_with(obj, opts.propagation.clone()).await? {
                deleted.push(obj);
            }
        }
        if opts.wait {
            for obj in deleted {
                self.wait_gone(obj).await?;
            }
        }
        if run_hooks {
            self.run_hooks(&mut release, "post-delete").await?;
        }
        if keep_history {
            set_status(&mut release, Status::Uninstalled, "Uninstallation complete");
            release["info"]["deleted"] = json!(go_time(Utc::now()));
            return self.record(&release).await;
        }
        let name = release["name"].as_str().unwrap_or_default().to_string();
        for r in self.history(&name).await? {
            self.delete_record(&r).await?;
        }
        Ok(())
    }
}

/// How an uninstall runs: Flux's `spec.uninstall`.
#[derive(Clone, Debug)]
pub struct UninstallOptions {
    /// Run the `pre-delete` and `post-delete` hooks (`disableHooks` turns them off).
    pub hooks: bool,
    /// Keep the revisions, the last one marked `uninstalled` (`keepHistory`).
    pub keep_history: bool,
    /// How dependents of deleted objects go (`deletionPropagation`, background by default).
    pub propagation: kube::api::PropagationPolicy,
    /// Wait until the deleted objects are gone (`disableWait` turns it off).
    pub wait: bool,
    /// The uninstall's own timeout (`uninstall.timeout`), else the release's.
    pub timeout: Option<Duration>,
}

impl UninstallOptions {
    /// The options a HelmRelease's `spec.uninstall` gives (Flux's defaults without it).
    pub fn of(spec: Option<&crate::api::helm::Uninstall>) -> UninstallOptions {
        use crate::api::helm::DeletionPropagation as D;
        use kube::api::PropagationPolicy as P;
        UninstallOptions {
            hooks: !spec.is_some_and(|u| u.disable_hooks),
            keep_history: spec.is_some_and(|u| u.keep_history),
            propagation: match spec.and_then(|u| u.deletion_propagation) {
                Some(D::Foreground) => P::Foreground,
                Some(D::Orphan) => P::Orphan,
                _ => P::Background,
            },
            wait: !spec.is_some_and(|u| u.disable_wait),
            timeout: spec.and_then(|u| u.timeout.as_ref()).map(|t| t.std()),
        }
    }
}

/// Helm's `resourceString`: `Kind "name" in namespace "ns"`.
fn resource_string(obj: &Value) -> String {
    format!(
        "{} {:?} in namespace {:?}",
        obj["kind"].as_str().unwrap_or_default(),
        obj["metadata"]["name"].as_str().unwrap_or_default(),
        obj["metadata"]["namespace"].as_str().unwrap_or_default()
    )
}

/// Helm's `checkOwnership`: why a live object does not belong to the release, if it does not.
pub fn ownership_error(live: &Value, name: &str, namespace: &str) -> Option<String> {
    let md = &live["metadata"];
    let require = |map: &Value, k: &str, v: &str| match map[k].as_str() {
        None => Some(format!("missing key {k:?}: must be set to {v:?}")),
        Some(actual) if actual != v => Some(format!(
            "key {k:?} must equal {v:?}: current value is {actual:?}"
        )),
        Some(_) => None,
    };
    let errs: Vec<String> = [
        require(&md["labels"], MANAGED_BY_LABEL, "Helm")
            .map(|e| format!("label validation error: {e}")),
        require(&md["annotations"], RELEASE_NAME_ANNOTATION, name)
            .map(|e| format!("annotation validation error: {e}")),
        require(&md["annotations"], RELEASE_NAMESPACE_ANNOTATION, namespace)
            .map(|e| format!("annotation validation error: {e}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!errs.is_empty()).then(|| format!("invalid ownership metadata; {}", errs.join("; ")))
}

/// The object with Helm's release label and annotations merged in.
pub fn with_release_metadata(obj: &Value, name: &str, namespace: &str) -> Value {
    let mut o = obj.clone();
    if !o["metadata"]["labels"].is_object() {
        o["metadata"]["labels"] = json!({});
    }
    if !o["metadata"]["annotations"].is_object() {
        o["metadata"]["annotations"] = json!({});
    }
    o["metadata"]["labels"][MANAGED_BY_LABEL] = json!("Helm");
    o["metadata"]["annotations"][RELEASE_NAME_ANNOTATION] = json!(name);
    o["metadata"]["annotations"][RELEASE_NAMESPACE_ANNOTATION] = json!(namespace);
    o
}

/// Whether two manifest objects are the same object (group, kind, namespace and name).
pub fn same_object(a: &Value, b: &Value) -> bool {
    let group = |o: &Value| {
        o["apiVersion"]
            .as_str()
            .unwrap_or_default()
            .rsplit_once('/')
            .map(|(g, _)| g.to_string())
            .unwrap_or_default()
    };
    group(a) == group(b)
        && a["kind"] == b["kind"]
        && a["metadata"]["name"] == b["metadata"]["name"]
        && a["metadata"]["namespace"] == b["metadata"]["namespace"]
}

/// Whether an object carries `helm.sh/resource-policy: keep` (Helm never deletes it).
pub fn keeps(obj: &Value) -> bool {
    obj["metadata"]["annotations"][RESOURCE_POLICY_ANNOTATION]
        .as_str()
        .is_some_and(|p| p.trim().eq_ignore_ascii_case("keep"))
}

fn has_policy(hook: &Value, policy: &str) -> bool {
    hook["delete_policies"]
        .as_array()
        .is_some_and(|p| p.iter().any(|x| x == policy))
}

/// Whether a hook Job or Pod is done: `Some(Ok)` succeeded, `Some(Err)` failed, `None` running.
fn hook_phase(live: &Value) -> Option<std::result::Result<(), String>> {
    match live["kind"].as_str() {
        Some("Job") => {
            let conds = live["status"]["conditions"].as_array()?;
            for c in conds {
                if c["status"] != "True" {
                    continue;
                }
                match c["type"].as_str() {
                    Some("Complete") => return Some(Ok(())),
                    Some("Failed") => {
                        return Some(Err(format!(
                            "job {} failed: {}",
                            live["metadata"]["name"].as_str().unwrap_or_default(),
                            c["reason"].as_str().unwrap_or_default()
                        )))
                    }
                    _ => {}
                }
            }
            None
        }
        Some("Pod") => match live["status"]["phase"].as_str() {
            Some("Succeeded") => Some(Ok(())),
            Some("Failed") => Some(Err(format!(
                "pod {} failed",
                live["metadata"]["name"].as_str().unwrap_or_default()
            ))),
            _ => None,
        },
        _ => Some(Ok(())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ownership_errors_are_worded_as_helms() {
        let live = json!({"metadata": {"labels": {"app.kubernetes.io/managed-by": "Helm"},
            "annotations": {"meta.helm.sh/release-name": "other"}}});
        assert_eq!(
            ownership_error(&live, "demo", "ns").unwrap(),
            "invalid ownership metadata; annotation validation error: key \"meta.helm.sh/release-name\" must equal \"demo\": current value is \"other\"; annotation validation error: missing key \"meta.helm.sh/release-namespace\": must be set to \"ns\""
        );
        let owned = with_release_metadata(&json!({"metadata": {"name": "x"}}), "demo", "ns");
        assert_eq!(ownership_error(&owned, "demo", "ns"), None);
    }

    #[test]
    fn hooks_finish_by_job_condition_or_pod_phase() {
        let job = |t: &str| {
            json!({"kind": "Job", "metadata": {"name": "j"},
            "status": {"conditions": [{"type": t, "status": "True", "reason": "BackoffLimitExceeded"}]}})
        };
        assert_eq!(hook_phase(&job("Complete")), Some(Ok(())));
        assert!(matches!(hook_phase(&job("Failed")), Some(Err(_))));
        assert_eq!(hook_phase(&json!({"kind": "Job", "status": {}})), None);
        assert_eq!(
            hook_phase(&json!({"kind": "Pod", "status": {"phase": "Running"}})),
            None
        );
        assert_eq!(hook_phase(&json!({"kind": "ConfigMap"})), Some(Ok(())));
    }

    #[test]
    fn keep_policy_is_case_and_space_insensitive() {
        let o = json!({"metadata": {"annotations": {"helm.sh/resource-policy": " Keep "}}});
        assert!(keeps(&o));
        assert!(!keeps(&json!({"metadata": {}})));
    }
}
