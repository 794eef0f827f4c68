//! The reconciler runtime every controller runs on: the per-kind [`reconciler::Reconciler`]
//! trait and the one reconcile shell (finalizer, suspend, `requestedAt`, conditions summary,
//! events, one status patch, metrics, requeue by error class), the [`manager::Manager`] that
//! runs any subset of controllers in one process on shared watches with leader election per
//! controller, and the plumbing they share: options and flags, jitter and retry backoff,
//! condition helpers, metrics, Kubernetes Events and Flux event payloads, and the shared
//! pieces of reconcilers that act for a user (dependencies, tenancy).
//!
//! Controllers supply their named steps; the runtime decides when they run again. It knows
//! nothing about any particular kind.

pub mod allocator;
pub mod conditions;
pub mod dependencies;
pub mod events;
pub mod http;
pub mod leader;
pub mod logs;
pub mod manager;
pub mod metrics;
pub mod paging;
pub mod reconciler;
pub mod requeue;
pub mod tenancy;
pub mod workdir;

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use kube::Resource;

/// Runtime settings every controller shares (Flux's flag names and defaults).
#[derive(Clone, Debug)]
pub struct RuntimeOptions {
    /// Reconciles running at once per controller (`--concurrent`).
    pub concurrent: u16,
    /// Wait before re-checking a dependency (`--requeue-dependency`).
    pub requeue_dependency: Duration,
    /// First retry delay after a failure (`--min-retry-delay`).
    pub min_retry_delay: Duration,
    /// Longest retry delay (`--max-retry-delay`).
    pub max_retry_delay: Duration,
    /// Percentage of jitter added to intervals (`--interval-jitter-percentage`).
    pub interval_jitter_percentage: u8,
    /// Watch every namespace (`--watch-all-namespaces`); otherwise only `runtime_namespace`.
    pub watch_all_namespaces: bool,
    /// The namespace the controller runs in (`RUNTIME_NAMESPACE`).
    pub runtime_namespace: String,
    /// Label selector restricting the watched objects (`--watch-label-selector`).
    pub watch_label_selector: Option<String>,
    /// Refuse references to other namespaces (`--no-cross-namespace-refs`).
    pub no_cross_namespace_refs: bool,
    /// Where to post Flux events (`--events-addr`).
    pub events_addr: Option<String>,
    /// Instance name for events and leases (the pod name).
    pub instance: String,
    /// Feature gates set with `--feature-gates` (name -> enabled).
    pub feature_gates: std::collections::BTreeMap<String, bool>,
}

/// The gate that lets objects authenticate to cloud providers as their `serviceAccountName`.
pub const OBJECT_LEVEL_WORKLOAD_IDENTITY: &str = "ObjectLevelWorkloadIdentity";

impl RuntimeOptions {
    /// Whether a feature gate is enabled (every gate we know is off by default, as in Flux).
    pub fn feature(&self, name: &str) -> bool {
        self.feature_gates.get(name).copied().unwrap_or(false)
    }
}

/// Parses Flux's `--feature-gates` value: `Name=true,Other=false`.
pub fn parse_feature_gates(
    value: &str,
) -> Result<std::collections::BTreeMap<String, bool>, String> {
    let mut gates = std::collections::BTreeMap::new();
    for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, enabled) = part
            .split_once('=')
            .ok_or_else(|| format!("missing bool value for {part}"))?;
        let enabled = match enabled.trim() {
            "true" | "True" | "TRUE" | "1" | "t" | "T" => true,
            "false" | "False" | "FALSE" | "0" | "f" | "F" => false,
            other => {
                return Err(format!(
                    "invalid value of {name}={other}, err: invalid syntax"
                ))
            }
        };
        gates.insert(name.trim().to_string(), enabled);
    }
    Ok(gates)
}

impl Default for RuntimeOptions {
    fn default() -> Self {
        RuntimeOptions {
            concurrent: 2,
            requeue_dependency: Duration::from_secs(30),
            min_retry_delay: Duration::from_millis(750),
            max_retry_delay: Duration::from_secs(15 * 60),
            interval_jitter_percentage: 5,
            watch_all_namespaces: true,
            runtime_namespace: "flux-system".into(),
            watch_label_selector: None,
            no_cross_namespace_refs: false,
            events_addr: None,
            instance: hostname(),
            feature_gates: Default::default(),
        }
    }
}

/// A random (version 4) UUID, as Go's `uuid.NewUUID` writes one.
pub fn uuid_v4() -> String {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).unwrap_or_default();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

/// The pod name (HOSTNAME) or the machine name.
pub fn hostname() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "localhost".into())
}

/// When a request of this process last found the API server unreachable (or answering 5xx),
/// as the watches, status writes and API failures of runs see it.
static API_UNREACHABLE_AT: Mutex<Option<std::time::Instant>> = Mutex::new(None);

/// How long after its last sign of trouble the API server counts as possibly down.
pub const API_TROUBLE_WINDOW: Duration = Duration::from_secs(15);

/// The retry delay of a failed run while the API server is down: short, so that everything
/// converges within seconds of its return instead of waiting out a backoff that grew during
/// the outage (or a `spec.retryInterval` of minutes).
pub const API_DOWN_RETRY: Duration = Duration::from_secs(2);

/// Whether an error means the API server could not serve the request (down or restarting),
/// rather than a refusal of the request itself. Throttling (429) is not counted: retrying
/// sooner would only add load.
pub fn api_unavailable(e: &kube::Error) -> bool {
    match e {
        kube::Error::Api(s) => s.code >= 500,
        kube::Error::HyperError(_) | kube::Error::Service(_) | kube::Error::ReadEvents(_) => true,
        _ => false,
    }
}

/// Records `e` if it means the API server is unavailable (see [`api_recently_unavailable`]).
pub fn note_api_error(e: &kube::Error) {
    if api_unavailable(e) {
        *API_UNREACHABLE_AT.lock().unwrap_or_else(|p| p.into_inner()) =
            Some(std::time::Instant::now());
    }
}

/// Whether a request found the API server unavailable within [`API_TROUBLE_WINDOW`].
pub fn api_recently_unavailable() -> bool {
    API_UNREACHABLE_AT
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .is_some_and(|at| at.elapsed() < API_TROUBLE_WINDOW)
}

/// Adds up to `pct` percent of random jitter to an interval.
pub fn jitter(interval: Duration, pct: u8) -> Duration {
    if pct == 0 || interval.is_zero() {
        return interval;
    }
    let max = interval.as_secs_f64() * f64::from(pct.min(100)) / 100.0;
    interval + Duration::from_secs_f64(max * random_unit())
}

/// A random number in [0, 1) from the operating system's generator (0 if it fails).
fn random_unit() -> f64 {
    (getrandom::u64().unwrap_or(0) >> 11) as f64 / (1u64 << 53) as f64
}

/// Per-object exponential backoff: `min * 2^(failures-1)` capped at `max`.
#[derive(Debug, Default)]
pub struct Backoff {
    failures: Mutex<HashMap<String, u32>>,
}

impl Backoff {
    /// Records a failure and returns the delay before the next attempt.
    pub fn failure(&self, key: &str, min: Duration, max: Duration) -> Duration {
        let mut f = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let n = f.entry(key.to_string()).or_insert(0);
        *n = n.saturating_add(1);
        let factor = 2u32.saturating_pow(n.saturating_sub(1).min(31));
        (min * factor).min(max)
    }

    /// Forgets failures after a success.
    pub fn success(&self, key: &str) {
        self.failures
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(key);
    }
}

/// A 64-bit digest of `parts` under this process's random keys, for maps that need only tell
/// keys apart: two different inputs share one with a chance of 2^-64, and as the keys are
/// random, no input (an object name, a message) can be chosen to collide with another.
pub fn keyed_digest(parts: &[&str]) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    static KEYS: std::sync::OnceLock<std::collections::hash_map::RandomState> =
        std::sync::OnceLock::new();
    let mut h = KEYS.get_or_init(Default::default).build_hasher();
    for p in parts {
        p.hash(&mut h);
    }
    h.finish()
}

/// Identical recent events: digest of (object uid, type, reason, message) → the event.
/// 24 bytes an entry, no allocation: a controller records about two events per object.
#[derive(Default)]
struct RecentEvents {
    by_key: HashMap<u64, RecentEvent>,
    /// What `RecentEvent::seen` counts from.
    epoch: Option<std::time::Instant>,
    /// The second expired events were last forgotten (once a second is enough: `seen`
    /// counts whole seconds).
    pruned: Option<u32>,
}

/// One recorded event: its name is `<object name>.<stamp in hex>` (the object's name is
/// part of the key, through its uid), `count` how often it was recorded, `seen` the
/// seconds from the map's epoch to the first time.
#[derive(Clone, Copy)]
struct RecentEvent {
    stamp: u64,
    count: i32,
    seen: u32,
}

impl RecentEvents {
    /// Seconds since the epoch (set on first use).
    fn now(&mut self) -> u32 {
        let epoch = *self.epoch.get_or_insert_with(std::time::Instant::now);
        u32::try_from(epoch.elapsed().as_secs()).unwrap_or(u32::MAX)
    }

    /// Forgets events first seen ten minutes before `now` or earlier; counts one more of
    /// `key` and returns its stamp and new count if it is still known.
    fn repeat(&mut self, key: u64, now: u32) -> Option<(u64, i32)> {
        if self.pruned != Some(now) {
            self.by_key.retain(|_, e| now.saturating_sub(e.seen) < 600);
            self.pruned = Some(now);
        }
        self.by_key.get_mut(&key).map(|e| {
            e.count += 1;
            (e.stamp, e.count)
        })
    }

    /// Remembers an event created at `now`.
    fn created(&mut self, key: u64, stamp: u64, now: u32) {
        self.by_key.insert(
            key,
            RecentEvent {
                stamp,
                count: 1,
                seen: now,
            },
        );
    }
}

/// Records Kubernetes Events for a controller, and posts Flux's event payload to the
/// notification-controller when `--events-addr` is set.
#[derive(Clone)]
pub struct Events {
    client: kube::Client,
    controller: String,
    instance: String,
    events_addr: Option<String>,
    /// The last identical events (a digest of object uid, type, reason, message), so a
    /// repeat within ten minutes bumps a count, as client-go does.
    recent: std::sync::Arc<Mutex<RecentEvents>>,
}

impl Events {
    /// A recorder reporting as `controller` (e.g. `source-controller`).
    pub fn new(
        client: kube::Client,
        controller: &str,
        instance: &str,
        events_addr: Option<String>,
    ) -> Self {
        Events {
            client,
            controller: controller.into(),
            instance: instance.into(),
            events_addr: events_addr.filter(|a| !a.is_empty()),
            recent: Default::default(),
        }
    }

    /// Publishes an event with metadata keys (already group-prefixed, e.g.
    /// `source.toolkit.fluxcd.io/revision`); failures are logged, never fatal.
    pub async fn publish_with<K: Resource<DynamicType = ()>>(
        &self,
        obj: &K,
        warning: bool,
        reason: &str,
        message: &str,
        metadata: std::collections::BTreeMap<String, String>,
    ) {
        if let Some(addr) = &self.events_addr {
            // Like Flux's recorder, the object's `event.toolkit.fluxcd.io/*` annotations travel
            // with the event.
            let mut metadata = metadata;
            for (k, v) in obj.meta().annotations.iter().flatten() {
                if k.starts_with(crate::notify::EVENT_ANNOTATION_PREFIX) {
                    metadata.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
            let payload = events::payload(
                &obj.object_ref(&()),
                warning,
                reason,
                message,
                metadata,
                &self.controller,
                &self.instance,
            );
            if let Err(e) = events::post(addr, &payload).await {
                tracing::warn!(error = %e, reason, "failed to post event to the notification-controller");
            }
        }
        self.publish(obj, warning, reason, message).await;
    }

    /// Publishes a Kubernetes Event only; failures are logged, never fatal.
    pub async fn publish<K: Resource<DynamicType = ()>>(
        &self,
        obj: &K,
        warning: bool,
        reason: &str,
        message: &str,
    ) {
        let meta = obj.meta();
        logs::reconcile_event(
            &K::kind(&()),
            &K::group(&()),
            meta.name.as_deref().unwrap_or_default(),
            meta.namespace.as_deref().unwrap_or_default(),
            warning,
            message,
        );
        if let Err(e) = self.record(obj, warning, reason, message).await {
            tracing::warn!(error = %e, reason, "failed to record event");
        }
    }

    /// A core/v1 Event as Flux's controllers record them (`source.component` = controller);
    /// an identical event within ten minutes increments the earlier one's count instead.
    async fn record<K: Resource<DynamicType = ()>>(
        &self,
        obj: &K,
        warning: bool,
        reason: &str,
        message: &str,
    ) -> Result<(), kube::Error> {
        use k8s_openapi::api::core::v1::Event as CoreEvent;
        use kube::api::{Api, Patch, PatchParams, PostParams};
        let reference = obj.object_ref(&());
        let ns = reference
            .namespace
            .clone()
            .unwrap_or_else(|| String::from("default"));
        let message: String = message.chars().take(1024).collect();
        let now = k8s_openapi::jiff::Timestamp::now();
        let api: Api<CoreEvent> = Api::namespaced(self.client.clone(), &ns);
        let key = keyed_digest(&[
            reference.uid.as_deref().unwrap_or_default(),
            if warning { "Warning" } else { "Normal" },
            reason,
            &message,
        ]);
        let object_name = reference.name.as_deref().unwrap_or_default();
        let repeat = {
            let mut recent = self.recent.lock().unwrap_or_else(|p| p.into_inner());
            let now = recent.now();
            recent.repeat(key, now)
        };
        if let Some((stamp, count)) = repeat {
            let name = format!("{object_name}.{stamp:x}");
            let patch = serde_json::json!({
                "count": count,
                "lastTimestamp": now.to_string(),
            });
            return api
                .patch(&name, &PatchParams::default(), &Patch::Merge(&patch))
                .await
                .map(|_| ());
        }
        let stamp = u64::try_from(now.as_nanosecond()).unwrap_or_default();
        let name = format!("{object_name}.{stamp:x}");
        let ev: CoreEvent = serde_json::from_value(serde_json::json!({
            "metadata": {"name": name, "namespace": ns},
            "involvedObject": reference,
            "reason": reason,
            "message": message,
            "type": if warning { "Warning" } else { "Normal" },
            "source": {"component": self.controller},
            "firstTimestamp": now.to_string(),
            "lastTimestamp": now.to_string(),
            "count": 1,
            "reportingComponent": self.controller,
            "reportingInstance": self.instance,
        }))
        .map_err(kube::Error::SerdeError)?;
        api.create(&PostParams::default(), &ev).await?;
        if let Ok(mut recent) = self.recent.lock() {
            let now = recent.now();
            recent.created(key, stamp, now);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_event_counts_up_until_ten_minutes_after_it_was_first_seen() {
        let mut recent = RecentEvents::default();
        assert_eq!(recent.repeat(1, 0), None);
        recent.created(1, 0xabc, 5);
        recent.created(2, 0xdef, 300);
        assert_eq!(recent.repeat(1, 10), Some((0xabc, 2)));
        assert_eq!(recent.repeat(1, 604), Some((0xabc, 3)));
        assert_eq!(recent.repeat(3, 604), None);
        // Ten minutes after the first: forgotten, so the next one is a new Event.
        assert_eq!(recent.repeat(1, 605), None);
        assert_eq!(recent.repeat(2, 605), Some((0xdef, 2)));
        assert_eq!(recent.by_key.len(), 1);
    }

    #[test]
    fn keyed_digests_tell_apart_the_same_text_split_differently() {
        assert_eq!(keyed_digest(&["a", "bc"]), keyed_digest(&["a", "bc"]));
        assert_ne!(keyed_digest(&["a", "bc"]), keyed_digest(&["ab", "c"]));
        assert_ne!(keyed_digest(&["a", ""]), keyed_digest(&["a"]));
    }

    #[test]
    fn jitter_stays_within_the_percentage() {
        for _ in 0..100 {
            let j = jitter(Duration::from_secs(100), 5);
            assert!(
                j >= Duration::from_secs(100) && j <= Duration::from_secs(105),
                "{j:?}"
            );
        }
        assert_eq!(jitter(Duration::from_secs(10), 0), Duration::from_secs(10));
    }

    #[test]
    fn backoff_doubles_up_to_the_max_and_resets() {
        let b = Backoff::default();
        let (min, max) = (Duration::from_millis(750), Duration::from_secs(5));
        assert_eq!(b.failure("a", min, max), Duration::from_millis(750));
        assert_eq!(b.failure("a", min, max), Duration::from_millis(1500));
        assert_eq!(b.failure("a", min, max), Duration::from_millis(3000));
        assert_eq!(b.failure("a", min, max), Duration::from_secs(5));
        b.success("a");
        assert_eq!(b.failure("a", min, max), Duration::from_millis(750));
    }
}
