//! The manager: runs any subset of controllers in one process with one client, one shared
//! watch (and cache) per kind however many controllers watch it, and leader election per
//! controller with Flux's lease names (`<controller>-leader-election`, plus a hash of
//! `--watch-label-selector` for the controllers Flux shards).
//!
//! A controller is registered with [`Manager::add`]; its [`Reconciler::watches`] asks for
//! more kinds through [`Watches`]. [`Manager::run`] starts the shared watches, then each
//! controller once it holds its lease; until then its share of every watch is drained, and
//! when it becomes leader it reconciles everything in the cache.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::fmt::Debug;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context as TaskContext, Poll};

use futures::future::BoxFuture;
use futures::{FutureExt, Stream, StreamExt};
use kube::api::Api;
use kube::runtime::controller::{Config as ControllerConfig, Controller};
use kube::runtime::reflector::{self, ObjectRef, Store};
use kube::runtime::{watcher, WatchStreamExt};
use kube::Resource;
use serde::de::DeserializeOwned;
use tokio::sync::watch;

use super::leader::{self, LeaseOptions};
use super::metrics::Metrics;
use super::reconciler::{self, Context, Reconciler};
use super::{Backoff, Events, RuntimeOptions};
use crate::api::meta::{annotation, Reconcilable};

/// Capacity of each shared watch's fan-out channel (object references waiting to be read).
/// Every subscriber drains its channel as it goes (a full channel makes the watch wait, it
/// drops nothing), and each slot is preallocated: 4,096 slots took 426 KiB per watched kind.
const FANOUT: usize = 256;

/// Leader election settings (Flux's `--enable-leader-election` and durations).
#[derive(Clone, Debug)]
pub struct LeaderElection {
    /// How long a lease is valid without renewal.
    pub lease_duration: std::time::Duration,
    /// How long the holder keeps trying to renew.
    pub renew_deadline: std::time::Duration,
    /// How often to try.
    pub retry_period: std::time::Duration,
    /// Whether the leases held are given up when the manager stops (Flux's
    /// `--leader-election-release-on-cancel`, default true), so that a standby takes over at
    /// once instead of after the lease duration.
    pub release_on_cancel: bool,
}

/// Flux's lease name for a controller: `<controller>-leader-election`, with the first eight
/// hex digits of the selector's SHA-256 appended when the controller is sharded by
/// `--watch-label-selector` (source, kustomize and helm controllers).
pub fn lease_name(controller: &str, selector: Option<&str>) -> String {
    use sha2::Digest;
    let base = format!("{controller}-leader-election");
    let sharded = matches!(
        controller,
        "source-controller" | "kustomize-controller" | "helm-controller"
    );
    match selector.filter(|s| !s.is_empty() && sharded) {
        Some(sel) => {
            let sum = sha2::Sha256::digest(sel.as_bytes());
            let hex = hex::encode(&sum[..4]);
            format!("{base}-{hex}")
        }
        None => base,
    }
}

/// One shared watch: the cache and a subscription handle to clone for each subscriber.
struct Shared<K: Resource<DynamicType = ()> + Clone + 'static> {
    store: Store<K>,
    handle: reflector::ReflectHandle<K>,
}

type WatchKey = (TypeId, Option<String>);

/// Runs controllers on shared watches.
pub struct Manager {
    client: kube::Client,
    options: RuntimeOptions,
    metrics: Metrics,
    leader_election: Option<LeaderElection>,
    shared: HashMap<WatchKey, Box<dyn Any + Send>>,
    /// One gate per controller name (one lease each, whatever its number of kinds).
    gates: HashMap<String, Gate>,
    watchers: Vec<BoxFuture<'static, ()>>,
    controllers: Vec<BoxFuture<'static, ()>>,
}

/// Opens when the controller holds its lease (at once without leader election).
#[derive(Clone)]
struct Gate {
    tx: Arc<watch::Sender<bool>>,
}

impl Gate {
    fn new(open: bool) -> Gate {
        Gate {
            tx: Arc::new(watch::channel(open).0),
        }
    }

    /// Opens (this replica leads) or closes (it stopped leading) the gate.
    fn set(&self, open: bool) {
        self.tx.send_replace(open);
    }

    fn is_open(&self) -> bool {
        *self.tx.borrow()
    }

    /// Whether the gate is open, for runs to check as they start.
    fn watch(&self) -> watch::Receiver<bool> {
        self.tx.subscribe()
    }

    /// Passes the stream's items once open; drops them before (the cache still has them).
    fn guard<S: Stream>(&self, inner: S) -> Gated<S> {
        Gated {
            inner: Box::pin(inner),
            gate: self.clone(),
        }
    }

    /// Fires each time the gate opens after having been closed.
    fn opened(&self) -> impl Stream<Item = ()> + Send + 'static {
        let rx = self.tx.subscribe();
        let was_open = *rx.borrow();
        futures::stream::unfold((rx, was_open), |(mut rx, mut was_open)| async move {
            loop {
                rx.changed().await.ok()?;
                let open = *rx.borrow_and_update();
                if open && !was_open {
                    return Some(((), (rx, true)));
                }
                was_open = open;
            }
        })
    }
}

/// A stream that drains its inner stream while the gate is closed.
struct Gated<S> {
    inner: Pin<Box<S>>,
    gate: Gate,
}

impl<S: Stream> Stream for Gated<S> {
    type Item = S::Item;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<Option<S::Item>> {
        loop {
            match self.inner.poll_next_unpin(cx) {
                Poll::Ready(Some(item)) if self.gate.is_open() => return Poll::Ready(Some(item)),
                Poll::Ready(Some(_)) => continue,
                other => return other,
            }
        }
    }
}

/// What triggers a run of a reconciled object: a new generation, a reconcile request, a
/// deletion or a finalizer change (Flux's GenerationChanged + ReconcileRequested predicates);
/// the controller's own status patches do not.
fn trigger_hash<K: Resource>(obj: &K) -> u64 {
    use std::hash::{Hash, Hasher};
    let meta = obj.meta();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    meta.generation.hash(&mut h);
    meta.deletion_timestamp.is_some().hash(&mut h);
    meta.finalizers.hash(&mut h);
    meta.annotations
        .as_ref()
        .and_then(|a| a.get(annotation::RECONCILE_REQUESTED_AT))
        .hash(&mut h);
    h.finish()
}

/// Keeps only the changes worth a run (see [`trigger_hash`]).
fn worth_a_run<K, S>(stream: S) -> impl Stream<Item = Arc<K>> + Send + 'static
where
    K: Resource + Send + Sync + 'static,
    S: Stream<Item = Arc<K>> + Send + 'static,
{
    // Keyed by a digest of namespace, name and uid: 16 bytes an object instead of a string.
    let seen = std::sync::Mutex::new(HashMap::<u64, u64>::new());
    stream.filter(move |obj| {
        let meta = obj.meta();
        let key = super::keyed_digest(&[
            meta.namespace.as_deref().unwrap_or_default(),
            meta.name.as_deref().unwrap_or_default(),
            meta.uid.as_deref().unwrap_or_default(),
        ]);
        let h = trigger_hash(obj.as_ref());
        let mut seen = seen.lock().unwrap_or_else(|p| p.into_inner());
        let changed = seen.insert(key, h) != Some(h);
        futures::future::ready(changed)
    })
}

/// Lets a reconciler ask for runs when objects of other kinds change.
pub struct Watches<'m, K: Reconcilable> {
    manager: &'m mut Manager,
    store: Store<K>,
    gate: Gate,
    controller: Option<Controller<K>>,
}

impl<K: Reconcilable> Watches<'_, K> {
    /// When an `O` changes, runs the objects `mapper` returns (it sees the changed object and
    /// this controller's cache). `O` is watched once per process, in the watched namespaces;
    /// the watch's cache of `O` is returned.
    pub fn watch<O>(
        &mut self,
        mapper: impl Fn(&O, &Store<K>) -> Vec<ObjectRef<K>> + Send + Sync + 'static,
    ) -> Store<O>
    where
        O: Resource<DynamicType = (), Scope = k8s_openapi::NamespaceResourceScope>
            + Clone
            + DeserializeOwned
            + Debug
            + Send
            + Sync
            + 'static,
    {
        let (watched, handle) = self.manager.subscribe::<O>(None);
        let stream = self.gate.guard(handle);
        let store = self.store.clone();
        if let Some(c) = self.controller.take() {
            self.controller =
                Some(c.watches_shared_stream(stream, move |o: Arc<O>| mapper(&o, &store)));
        }
        watched
    }
}

impl Manager {
    /// A manager for controllers sharing `client`.
    pub fn new(
        client: kube::Client,
        options: RuntimeOptions,
        metrics: Metrics,
        leader_election: Option<LeaderElection>,
    ) -> Manager {
        Manager {
            client,
            options,
            metrics,
            leader_election,
            shared: HashMap::new(),
            gates: HashMap::new(),
            watchers: Vec::new(),
            controllers: Vec::new(),
        }
    }

    /// The cache and a new subscription for kind `K` in the watched namespaces, restricted to
    /// `selector`; the first subscriber creates the watch.
    pub fn subscribe<K>(
        &mut self,
        selector: Option<String>,
    ) -> (Store<K>, reflector::ReflectHandle<K>)
    where
        K: Resource<DynamicType = (), Scope = k8s_openapi::NamespaceResourceScope>
            + Clone
            + DeserializeOwned
            + Debug
            + Send
            + Sync
            + 'static,
    {
        let key = (TypeId::of::<K>(), selector.clone());
        if let Some(s) = self
            .shared
            .get(&key)
            .and_then(|b| b.downcast_ref::<Shared<K>>())
        {
            return (s.store.clone(), s.handle.clone());
        }
        let (store, writer) = reflector::store_shared::<K>(FANOUT);
        let handle = match writer.subscribe() {
            Some(h) => h,
            None => unreachable!("store_shared writers always accept subscribers"),
        };
        let api: Api<K> = if self.options.watch_all_namespaces {
            Api::all(self.client.clone())
        } else {
            Api::namespaced(self.client.clone(), &self.options.runtime_namespace)
        };
        let mut wc = watcher::Config::default();
        if let Some(sel) = &selector {
            wc = wc.labels(sel);
        }
        let kind = K::kind(&()).to_string();
        self.watchers.push(
            watcher(api, wc)
                .backoff(watch_backoff())
                // No reconciler reads a cached object's field ownership or kubectl's copy of
                // it (the apply code reads both from live objects it fetches), and no cached
                // object is written back whole: dropping them keeps a few KiB per object out
                // of every cache (the annotation is a whole copy of an object applied with
                // `kubectl apply`).
                .modify(|o: &mut K| {
                    let meta = o.meta_mut();
                    meta.managed_fields = None;
                    if let Some(a) = meta.annotations.as_mut() {
                        a.remove("kubectl.kubernetes.io/last-applied-configuration");
                    }
                })
                .reflect_shared(writer)
                .for_each(move |e| {
                    if let Err(e) = e {
                        use kube::runtime::watcher::Error as W;
                        match &e {
                            W::InitialListFailed(k)
                            | W::WatchStartFailed(k)
                            | W::WatchFailed(k) => super::note_api_error(k),
                            _ => {}
                        }
                        tracing::warn!(kind = %kind, error = %e, "watch failed; retrying");
                    }
                    futures::future::ready(())
                })
                .boxed(),
        );
        self.shared.insert(
            key,
            Box::new(Shared {
                store: store.clone(),
                handle: handle.clone(),
            }),
        );
        (store, handle)
    }

    /// Registers a controller for `R`: its own kind restricted to `--watch-label-selector`,
    /// plus whatever [`Reconciler::watches`] asks for.
    pub fn add<R: Reconciler>(&mut self, reconciler: Arc<R>) {
        let selector = self.options.watch_label_selector.clone();
        let (store, handle) = self.subscribe::<R::Object>(selector);
        let open = self.leader_election.is_none();
        let gate = self
            .gates
            .entry(R::CONTROLLER.to_string())
            .or_insert_with(|| Gate::new(open))
            .clone();
        let trigger = worth_a_run(gate.guard(handle));
        let requeues = Arc::new(super::requeue::Requeues::default());
        let controller = Controller::for_shared_stream(trigger, store.clone())
            .with_config(ControllerConfig::default().concurrency(self.options.concurrent))
            // Runs the objects whose interval, retry or dependency wait is over.
            .reconcile_on(requeues.clone().due::<R::Object>())
            // Becoming leader runs everything already in the cache once.
            .reconcile_all_on(gate.opened())
            .shutdown_on_signal();
        let own_store = store.clone();
        let mut w = Watches {
            manager: self,
            store,
            gate: gate.clone(),
            controller: Some(controller),
        };
        reconciler.watches(&mut w);
        let Some(controller) = w.controller else {
            return;
        };
        let events_addr = if R::POSTS_EVENTS {
            self.options.events_addr.clone()
        } else {
            None
        };
        let ctx = Arc::new(Context {
            reconciler,
            client: self.client.clone(),
            options: self.options.clone(),
            metrics: self.metrics.clone(),
            events: Events::new(
                self.client.clone(),
                R::CONTROLLER,
                &self.options.instance,
                events_addr,
            ),
            backoff: Backoff::default(),
            store: own_store,
            requeues,
            leading: gate.watch(),
            written: Default::default(),
        });
        let run = controller
            .run(
                reconciler::reconcile::<R>,
                reconciler::error_policy::<R>,
                ctx,
            )
            .for_each(|res| async move {
                if let Err(e) = res {
                    tracing::debug!(error = %e, "reconcile loop");
                }
            })
            .boxed();
        self.controllers.push(run);
    }

    /// Starts the shared watches and every controller (each after taking its lease when
    /// leader election is on); returns when the controllers stop (on SIGTERM/SIGINT).
    pub async fn run(self) {
        let Manager {
            client,
            options,
            leader_election,
            shared,
            gates,
            watchers,
            controllers,
            ..
        } = self;
        // The setup handles are never read: dropping them keeps them from holding up the
        // fan-out.
        drop(shared);
        let mut watch_tasks = tokio::task::JoinSet::new();
        for w in watchers {
            watch_tasks.spawn(w);
        }
        let mut tasks = tokio::task::JoinSet::new();
        for run in controllers {
            tasks.spawn(run);
        }
        let mut campaigns = Vec::new();
        if let Some(le) = &leader_election {
            let identity = format!("{}_{}", options.instance, super::uuid_v4());
            for (name, gate) in gates {
                let lease = LeaseOptions {
                    namespace: options.runtime_namespace.clone(),
                    name: lease_name(&name, options.watch_label_selector.as_deref()),
                    // controller-runtime's `<hostname>_<uuid>`: replicas on the host network
                    // share the node's hostname, and every container is process 1.
                    identity: identity.clone(),
                    lease_duration: le.lease_duration,
                    renew_deadline: le.renew_deadline,
                    retry_period: le.retry_period,
                };
                campaigns.push(leader::campaign(client.clone(), lease, move |leading| {
                    gate.set(leading)
                }));
            }
        }
        while tasks.join_next().await.is_some() {}
        watch_tasks.abort_all();
        let release = leader_election
            .as_ref()
            .is_some_and(|le| le.release_on_cancel);
        for campaign in campaigns {
            if release {
                campaign.release().await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lease_names_follow_flux() {
        assert_eq!(
            lease_name("source-controller", None),
            "source-controller-leader-election"
        );
        assert_eq!(
            lease_name("notification-controller", Some("shard=a")),
            "notification-controller-leader-election"
        );
        // As fluxcd/pkg/runtime's GenerateID: the first 8 hex digits of the selector's SHA-256.
        assert_eq!(
            lease_name(
                "kustomize-controller",
                Some("sharding.fluxcd.io/key=shard1")
            ),
            "kustomize-controller-leader-election-73fdc1be"
        );
    }
}

/// Retry delays of a failed watch: 0.5 s doubling to 5 s (kube's default goes to 30 s), reset
/// after two minutes without failures. A watch fails while its CRD is gone (an uninstall and
/// reinstall); it must be back within seconds of the CRD's return, and one list every few
/// seconds per kind is little load.
fn watch_backoff() -> impl kube::runtime::utils::Backoff {
    kube::runtime::utils::ResetTimerBackoff::new(
        WatchBackoff::default(),
        std::time::Duration::from_secs(120),
    )
}

const WATCH_RETRY_MIN: std::time::Duration = std::time::Duration::from_millis(500);
const WATCH_RETRY_MAX: std::time::Duration = std::time::Duration::from_secs(5);

/// The doubling delays of [`watch_backoff`].
struct WatchBackoff {
    next: std::time::Duration,
}

impl Default for WatchBackoff {
    fn default() -> Self {
        WatchBackoff {
            next: WATCH_RETRY_MIN,
        }
    }
}

impl Iterator for WatchBackoff {
    type Item = std::time::Duration;

    fn next(&mut self) -> Option<std::time::Duration> {
        let now = self.next;
        self.next = (self.next * 2).min(WATCH_RETRY_MAX);
        Some(now)
    }
}

impl kube::runtime::utils::Backoff for WatchBackoff {
    fn reset(&mut self) {
        self.next = WATCH_RETRY_MIN;
    }
}

#[cfg(test)]
mod watch_backoff_tests {
    use super::*;
    use kube::runtime::utils::Backoff;

    #[test]
    fn failed_watches_retry_within_five_seconds_and_start_over_after_a_reset() {
        let mut b = WatchBackoff::default();
        let delays: Vec<u128> = (&mut b).take(6).map(|d| d.as_millis()).collect();
        assert_eq!(delays, [500, 1000, 2000, 4000, 5000, 5000]);
        b.reset();
        assert_eq!(b.next().map(|d| d.as_millis()), Some(500));
    }
}
